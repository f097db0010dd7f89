# [SECTION] index
#   Env          paths from CTest's environment (kiosk-intake, source dir, artifact dir)
#   Intake       a real kiosk-intake on 127.0.0.1 (kiosk port + desk port), desk accounts, stopped at exit
#   Kiosk        uploads requests through the mTLS kiosk API with the dev client certificate
#   DeskClient   the desk API without a browser (for the security tests: CSRF, stale cookie, paths)
#   Browser      headless Debian chromium through chromedriver, a fresh profile, screenshots
#   DeskTest     unittest base: bounded (SIGALRM), the intake stopped in tearDown even on failure, one
#                browser per process reset between tests
#
# Every server is started by the test on 127.0.0.1 and stopped by it; nothing is fetched from the internet.
import atexit
import ctypes
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

# [SECTION] Env
SOURCE_DIR = os.environ.get("KIOSK_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
INTAKE_BIN = os.environ.get("KIOSK_INTAKE_BIN", os.path.join(SOURCE_DIR, "build", "kiosk-intake"))
ARTIFACTS = os.environ.get("KIOSK_DESK_ARTIFACTS", os.path.join(tempfile.gettempdir(), "desk-artifacts"))
DOCS_SHOTS = os.path.join(SOURCE_DIR, "docs", "screenshots")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CATALOG = os.path.join(SOURCE_DIR, "tests", "upload", "catalog")
STATION = "QS-QHJ"   # the intake's --station; the dev kiosk certificate names none, so it is this one
TEST_BUDGET_S = int(os.environ.get("KIOSK_DESK_TEST_BUDGET_S", "120"))   # per test method, then SIGALRM

SKIP = 77   # CTest SKIP_RETURN_CODE: the browser packages are missing (never counted as a pass)


def need_browser():
    """Exit 77 (skipped, not passed) where chromium/chromedriver/selenium are not installed."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        print("desk tests: python3-selenium not installed (scripts/install-deps)", file=sys.stderr)
        sys.exit(SKIP)
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not os.access(exe, os.X_OK):
            print("desk tests: %s not installed (scripts/install-deps)" % exe, file=sys.stderr)
            sys.exit(SKIP)


def _die_with_parent():
    # The child gets SIGKILL when this test process dies (a CTest timeout, a crash): no orphan servers.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except OSError:
        pass
    os.setsid()


def stop_process(proc, timeout=15):
    """SIGTERM, a bounded wait, then SIGKILL; returns the exit code (None for no process)."""
    if proc is None:
        return None
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    return proc.returncode


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, timeout=10.0, step=0.05, what="condition"):
    """Polls pred() until truthy, at most `timeout` seconds; returns its value or raises AssertionError."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        last = pred()
        if last:
            return last
        time.sleep(step)
    raise AssertionError("timed out after %.1f s waiting for %s (last: %r)" % (timeout, what, last))


def read_text(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def pki_dir():
    """The dev PKI (scripts/dev-pki), once per artifact tree."""
    d = os.path.join(ARTIFACTS, "pki")
    subprocess.run([os.path.join(SOURCE_DIR, "scripts", "dev-pki"), d], check=True, timeout=120,
                   stdout=subprocess.DEVNULL)
    return d


def spki_pin(pki):
    # server.pin is "sha256//BASE64": chromium's --ignore-certificate-errors-spki-list wants the BASE64. It
    # accepts exactly the intake's dev key, not any certificate.
    with open(os.path.join(pki, "server.pin")) as f:
        return f.read().strip().split("//", 1)[1]


# [SECTION] Intake
class Intake:
    """kiosk-intake as a child process: the kiosk listener (mTLS) and the desk listener (browser)."""

    def __init__(self, workdir, idle_timeout_s=None, extra=(), assets=None, db=None, key_dir=None):
        """db: the intake's --db (default: intake.db in workdir); key_dir: its --key-dir (PostgreSQL needs one,
        and every instance on one database the same)."""
        self.dir = workdir
        self.assets = assets or os.path.join(SOURCE_DIR, "assets", "desk")
        self.pki = pki_dir()
        self.db = db or os.path.join(workdir, "intake.db")
        self.key_dir = key_dir
        self.log_path = os.path.join(workdir, "intake.log")
        self.port_file = os.path.join(workdir, "intake.port")
        self.desk_port_file = os.path.join(workdir, "desk.port")
        self.idle = idle_timeout_s
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.desk_port = None
        self.exit_codes = []

    def cmd(self, *args):
        return [INTAKE_BIN] + list(args)

    def db_args(self):
        return ["--db", self.db] + (["--key-dir", self.key_dir] if self.key_dir else [])

    def add_officers(self, officers):
        """The officers of `officers` ((name, password, window, serves), …), each added by `kiosk-intake desk
        add` as an admin would. Done once per test process into a template database, which each test then
        copies: the password hashing (PBKDF2, slow on purpose) took 0.8 s of every test. The template is the
        process's own (its pid in the name, removed at exit): one left by an earlier build could hold an older
        schema, and two modules running side by side must not race on one file. A database that is no file
        here (PostgreSQL, with --key-dir) gets them one by one."""
        if self.key_dir:
            for name, pw, win, serves in officers:
                self.add_officer(name, pw, win, serves)
            return
        template = os.path.join(ARTIFACTS, "officers-%d-%s.db" % (
            os.getpid(), uuid.uuid5(uuid.NAMESPACE_OID, repr(officers)).hex[:12]))
        if not os.path.exists(template):
            atexit.register(lambda: os.path.exists(template) and os.remove(template))
            part = os.path.join(self.dir, "officers-template")
            os.makedirs(part, exist_ok=True)
            builder = Intake(part)
            for name, pw, win, serves in officers:
                builder.add_officer(name, pw, win, serves)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(builder.db + suffix):
                    raise AssertionError("desk add left %s behind: the template would be incomplete" % (builder.db + suffix))
            shutil.copyfile(builder.db, template + ".part")
            os.replace(template + ".part", template)
            shutil.rmtree(part, ignore_errors=True)
        shutil.copyfile(template, self.db)

    def add_officer(self, name, password, window, serves=("A",)):
        r = subprocess.run(self.cmd("desk", "add", name, "--window", str(window), "--serves", ",".join(serves),
                                    *self.db_args()),
                           input=(password + "\n" + password + "\n").encode(), capture_output=True, timeout=60)
        if r.returncode != 0:
            raise AssertionError("desk add %s failed (%d): %s" % (name, r.returncode, r.stderr.decode(errors="replace")))

    def start(self, same_port=False):
        """Starts kiosk-intake; same_port=True restarts it on the desk port it had (a browser is open there)."""
        desk = "127.0.0.1:%d" % (self.desk_port if (same_port and self.desk_port) else 0)
        args = ["--listen", "127.0.0.1:0", "--port-file", self.port_file, *self.db_args(),
                "--cert", os.path.join(self.pki, "server.crt"), "--key", os.path.join(self.pki, "server.key"),
                "--client-ca", os.path.join(self.pki, "ca.crt"), "--catalog", CATALOG, "--station", STATION,
                "--desk-listen", desk, "--desk-port-file", self.desk_port_file,
                "--desk-assets", self.assets]
        if self.idle is not None:
            args += ["--desk-idle-timeout-s", str(self.idle)]
        args += self.extra
        for f in (self.port_file, self.desk_port_file):
            if os.path.exists(f):
                os.remove(f)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.cmd(*args), stdout=self.log, stderr=self.log, preexec_fn=_die_with_parent)
        wait_for(lambda: self.proc.poll() is not None or (read_text(self.port_file).strip()
                                                           and read_text(self.desk_port_file).strip()),
                 timeout=30, what="kiosk-intake's port files")
        if self.proc.poll() is not None:
            raise AssertionError("kiosk-intake exited %d:\n%s" % (self.proc.returncode, self.read_log()))
        self.port = int(read_text(self.port_file).strip())
        self.desk_port = int(read_text(self.desk_port_file).strip())

    def read_log(self):
        return read_text(self.log_path)

    def stop(self):
        """SIGTERM, bounded wait, then SIGKILL. Remembers each exit code: a clean stop is 0 (check_exits)."""
        if self.proc:
            self.exit_codes.append(stop_process(self.proc))
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None

    def check_exits(self):
        """Every run ended with exit 0 and the log has no sanitizer report (the suite also runs under ASan)."""
        log = self.read_log()
        for needle in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
            if needle in log:
                raise AssertionError("kiosk-intake's log has a sanitizer report:\n" + log[-4000:])
        bad = [c for c in self.exit_codes if c != 0]
        if bad:
            raise AssertionError("kiosk-intake exited %s (not 0) on SIGTERM:\n%s" % (bad, log[-2000:]))

    @property
    def desk_url(self):
        return "https://localhost:%d" % self.desk_port

    def audit_verify(self):
        r = subprocess.run(self.cmd("audit", "verify", *self.db_args()), capture_output=True, timeout=60)
        return r.returncode, r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")

    def audit_rows(self):
        """The audit table's rows as dicts (read-only SQLite; the intake keeps running)."""
        import sqlite3
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=5)
        try:
            con.row_factory = sqlite3.Row
            names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            table = next((n for n in names if n in ("audit", "audit_log", "desk_audit")), None)
            if table is None:
                raise AssertionError("no audit table in the intake database (tables: %s)" % names)
            return [dict(r) for r in con.execute("SELECT * FROM %s" % table)]
        finally:
            con.close()


# [SECTION] PostgreSQL
class PrivatePg:
    """A throwaway PostgreSQL 15 of the test's own (tests/pg/pg_server.sh: a Unix socket, run as the postgres
    user under root), so that halting it touches no other test. Exit 77 where PostgreSQL is not installed."""

    SCRIPT = os.path.join(SOURCE_DIR, "tests", "pg", "pg_server.sh")

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pg")
        os.makedirs(self.dir, exist_ok=True)
        r = self._sh("start")
        if r.returncode == SKIP:
            raise unittest.SkipTest("PostgreSQL 15 is not installed (scripts/install-deps)")
        if r.returncode != 0:
            raise AssertionError("pg_server.sh start failed (%d): %s" % (r.returncode, r.stderr))
        self.uri = read_text(os.path.join(self.dir, "uri")).strip()

    def _sh(self, cmd):
        return subprocess.run(["bash", self.SCRIPT, cmd, self.dir], capture_output=True, text=True, timeout=120)

    def halt(self):
        r = self._sh("halt")
        if r.returncode != 0:
            raise AssertionError("pg_server.sh halt failed: %s" % r.stderr)

    def resume(self):
        r = self._sh("resume")
        if r.returncode != 0:
            raise AssertionError("pg_server.sh resume failed: %s" % r.stderr)

    def stop(self):
        self._sh("stop")


# [SECTION] Kiosk
class Kiosk:
    """The kiosk's side of the wire: POST /v1/requests over mTLS with the dev client certificate."""

    def __init__(self, intake, kiosk_id="QS-QHJ-01", cert="kiosk"):
        self.intake = intake
        self.kiosk_id = kiosk_id
        self.ctx = ssl.create_default_context(cafile=os.path.join(intake.pki, "ca.crt"))
        self.ctx.load_cert_chain(os.path.join(intake.pki, cert + ".crt"), os.path.join(intake.pki, cert + ".key"))
        self.n = 0

    def request_body(self, ticket, name="张三", destination="加拿大", purpose="employment"):
        now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        return {"request_id": str(uuid.uuid4()), "kiosk_id": self.kiosk_id, "station_id": STATION,
                "service_id": "cert.no-criminal-record", "catalog_version": "2026.11.1", "ticket": ticket,
                "created_at": now, "locale": "zh-CN",
                "applicant": {"name": name, "id_type": "resident_id", "id_number": "11010519491231002X",
                              "phone": "13800138000"},
                "fields": {"purpose": purpose, "destination": destination, "copies": "1"},
                "consent": {"notice_version": "2026-11", "accepted_at": now, "sensitive": False}}

    def upload(self, ticket=None, **kw):
        self.n += 1
        body = self.request_body(ticket or "A%03d" % self.n, **kw)
        conn = http.client.HTTPSConnection("localhost", self.intake.port, context=self.ctx, timeout=15)
        try:
            conn.request("POST", "/v1/requests", json.dumps(body, ensure_ascii=False).encode(),
                         {"Content-Type": "application/json", "Idempotency-Key": body["request_id"]})
            r = conn.getresponse()
            text = r.read().decode(errors="replace")
        finally:
            conn.close()
        if r.status not in (200, 201):
            raise AssertionError("upload %s refused: %d %s" % (body["ticket"], r.status, text))
        return body


# [SECTION] DeskClient
class DeskClient:
    """The desk API over HTTPS like a browser would call it (cookie + X-CSRF-Token), for the security tests."""

    def __init__(self, intake):
        self.intake = intake
        self.ctx = ssl.create_default_context(cafile=os.path.join(intake.pki, "ca.crt"))
        self.cookie = None
        self.csrf = None

    def raw(self, method, path, body=None, headers=None, cookie=None):
        """One request with `path` sent byte for byte (no normalisation): (status, headers, body text)."""
        conn = http.client.HTTPSConnection("localhost", self.intake.desk_port, context=self.ctx, timeout=15)
        try:
            h = {"Accept": "application/json"}
            if body is not None:
                h["Content-Type"] = "application/json"
                body = json.dumps(body).encode()
            c = cookie if cookie is not None else self.cookie
            if c:
                h["Cookie"] = "desk_session=" + c
            h.update(headers or {})
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in h.items():
                conn.putheader(k, v)
            conn.putheader("Content-Length", str(len(body or b"")))
            conn.endheaders(body)
            r = conn.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read().decode(errors="replace")
        finally:
            conn.close()

    def login(self, name, password):
        st, hd, text = self.raw("POST", "/desk/api/login", {"name": name, "password": password}, cookie="")
        if st == 200:
            self.cookie = hd["set-cookie"].split(";", 1)[0].split("=", 1)[1]
            self.csrf = json.loads(text)["csrf_token"]
        return st, hd, text

    def post(self, path, body=None, csrf=True, cookie=None):
        h = {"X-CSRF-Token": self.csrf} if csrf and self.csrf else {}
        return self.raw("POST", "/desk/api/" + path, body if body is not None else {}, h, cookie)

    def get(self, path, cookie=None):
        return self.raw("GET", "/desk/api/" + path, cookie=cookie)

    def queue(self):
        st, _, text = self.get("queue?all=1")
        assert st == 200, (st, text)
        return json.loads(text)


# [SECTION] Browser
class Browser:
    """Headless chromium (Debian's) through chromedriver: fresh profile, the intake's dev key accepted."""

    def __init__(self, workdir, pin):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        self.profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1100", "--lang=zh-CN",
                  "--user-data-dir=" + self.profile, "--ignore-certificate-errors-spki-list=" + pin):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(CHROMEDRIVER, log_path=os.path.join(workdir, "chromedriver.log"),
                          popen_kw={"preexec_fn": _die_with_parent})
        self.driver = webdriver.Chrome(service=service, options=opts)
        self.driver.set_page_load_timeout(20)
        self.driver.set_script_timeout(10)

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def reset(self):
        """Back to a browser that has seen nothing: one tab on about:blank, no alert, no cookie, no storage.
        Each test's intake listens on a new port, so no page of an earlier test's origin is reachable; the
        cookies are cleared because a cookie is per host, not per port. False if the browser is broken."""
        d = self.driver
        try:
            try:
                d.switch_to.alert.dismiss()
            except Exception:
                pass
            handles = d.window_handles
            for extra in handles[1:]:
                d.switch_to.window(extra)
                d.close()
            d.switch_to.window(handles[0])
            d.get("about:blank")
            d.execute_cdp_cmd("Network.clearBrowserCookies", {})
            d.execute_cdp_cmd("Network.clearBrowserCache", {})
            d.get_log("browser")   # drop the last test's console lines
            return d.current_url == "about:blank"
        except Exception:
            return False


_shared_browser = None


def shared_browser(pin):
    """One headless chromium per test process (a module), reset between tests: starting one took 1.7 s of
    each test's ~5 s, and the desk tests run one at a time. A browser that does not reset cleanly is
    replaced by a fresh one."""
    global _shared_browser
    if _shared_browser is not None and not _shared_browser.reset():
        _shared_browser.quit()
        _shared_browser = None
    if _shared_browser is None:
        work = os.path.join(ARTIFACTS, "browser")
        os.makedirs(work, exist_ok=True)
        _shared_browser = Browser(work, pin)
        atexit.register(quit_shared_browser)   # also for runners that do not go through main() (tests/e2e)
    return _shared_browser


def quit_shared_browser():
    global _shared_browser
    if _shared_browser is not None:
        _shared_browser.quit()
        _shared_browser = None


# [SECTION] DeskTest
class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout("test ran past its %d s budget" % TEST_BUDGET_S)


class DeskTest(unittest.TestCase):
    """One fresh intake (with two officers) per test, stopped in tearDown; the process's one browser, reset
    to a blank tab with no cookies before each test (shared_browser)."""

    idle_timeout_s = None
    assets_symlink_out = False
    uses_browser = True   # False: the test speaks to the desk API only (DeskClient), no browser is opened
    postgres = False      # True: the intake on a private PostgreSQL (self.pg)
    OFFICERS = (("wang", "wang-pass-2026", 2, ("A",)), ("li", "li-pass-2026", 3, ("A", "B")))

    def setUp(self):
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TEST_BUDGET_S)
        self.workdir = os.path.join(ARTIFACTS, self.id().split(".", 1)[-1])
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        self.browser = None
        assets = None
        if self.assets_symlink_out:
            assets = os.path.join(self.workdir, "assets-desk")
            shutil.copytree(os.path.join(SOURCE_DIR, "assets", "desk"), assets)
            os.symlink("/etc/passwd", os.path.join(assets, "leak.txt"))
        self.pg = None
        if self.postgres:
            self.pg = PrivatePg(self.workdir)
            self.addCleanup(self.pg.stop)   # cleanups run last-in first-out: after the intakes have stopped
            keys = os.path.join(self.workdir, "keys")
            os.makedirs(keys)
            self.intake = Intake(self.workdir, idle_timeout_s=self.idle_timeout_s, assets=assets, db=self.pg.uri,
                                 key_dir=keys)
        else:
            self.intake = Intake(self.workdir, idle_timeout_s=self.idle_timeout_s, assets=assets)
        self.addCleanup(self._stop)
        self.intake.add_officers(self.OFFICERS)
        self.intake.start()
        self.kiosk = Kiosk(self.intake)
        if self.uses_browser:
            self.browser = shared_browser(spki_pin(self.intake.pki))
            self.d = self.browser.driver

    def _stop(self):
        signal.alarm(0)
        try:
            if self.browser:
                self._dump_console()
        finally:
            self.intake.stop()
        self.intake.check_exits()

    def _dump_console(self):
        try:
            with open(os.path.join(self.workdir, "browser-console.log"), "w") as f:
                for e in self.d.get_log("browser"):
                    f.write("%s %s\n" % (e.get("level"), e.get("message")))
        except Exception:
            pass

    # [SECTION] helpers for the tests
    def another_instance(self):
        """A second kiosk-intake on the same database and keys (PostgreSQL), with its own ports: what a
        balancer in front of two instances sends a console to. Stopped (and its exit checked) at cleanup."""
        work = os.path.join(self.workdir, "instance-b")
        os.makedirs(work)
        b = Intake(work, idle_timeout_s=self.idle_timeout_s, assets=self.intake.assets, db=self.intake.db,
                   key_dir=self.intake.key_dir)

        def stop_b():
            b.stop()
            b.check_exits()
        self.addCleanup(stop_b)
        b.start()
        return b

    def open(self, page=""):
        self.d.get(self.intake.desk_url + "/" + page)   # the console is at the listener's root

    def by(self, css):
        from selenium.webdriver.common.by import By
        return self.d.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        from selenium.webdriver.common.by import By
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def visible_text(self, css, timeout=10, contains=None):
        """Waits until the element exists, is shown, and (optionally) its text contains `contains`."""
        def ok():
            els = self.all(css)
            if not els or not els[0].is_displayed():
                return None
            t = els[0].text
            return t if (contains is None or contains in t) else None
        return wait_for(ok, timeout=timeout, what="%s showing %r" % (css, contains))

    def login(self, name="wang", password="wang-pass-2026"):
        self.open("")
        wait_for(lambda: self.all("#name"), what="login form")
        self.by("#name").clear()
        self.by("#name").send_keys(name)
        self.by("#password").send_keys(password)
        self.by("#login-submit").click()

    def login_ok(self, name="wang", password="wang-pass-2026"):
        self.login(name, password)
        wait_for(lambda: self.d.current_url.endswith("queue.html"), what="the queue page after login")
        self.visible_text("#officer-name", contains=name)

    def shot(self, name):
        """Screenshot to the artifact dir; with KIOSK_DESK_DOCS_SHOTS=1 also to docs/screenshots/desk-NAME.png."""
        path = os.path.join(self.workdir, "desk-%s.png" % name)
        self.d.save_screenshot(path)
        if os.environ.get("KIOSK_DESK_DOCS_SHOTS") == "1":
            os.makedirs(DOCS_SHOTS, exist_ok=True)
            shutil.copyfile(path, os.path.join(DOCS_SHOTS, "desk-%s.png" % name))
        return path

    def ticket_row(self, ticket, timeout=10):
        def find():
            for tr in self.all("#tickets tbody tr"):
                cells = tr.find_elements("css selector", "td.c-ticket")
                if cells and cells[0].text == ticket:
                    return tr
            return None
        return wait_for(find, timeout=timeout, what="queue row %s" % ticket)

    def no_alert(self):
        from selenium.common.exceptions import NoAlertPresentException
        try:
            text = self.d.switch_to.alert.text
        except NoAlertPresentException:
            return
        raise AssertionError("a JavaScript alert is open: %r" % text)


def main():
    need_browser()
    os.makedirs(ARTIFACTS, exist_ok=True)
    try:
        result = unittest.main(verbosity=2, exit=False).result
    finally:
        quit_shared_browser()
    # A failure, or no test run at all, fails; a skipped test (PostgreSQL missing) makes the module "skipped"
    # (77) for CTest, never a pass.
    if not result.wasSuccessful() or result.testsRun == 0:
        sys.exit(1)
    sys.exit(SKIP if result.skipped else 0)
