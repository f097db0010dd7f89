#!/usr/bin/env python3
"""The whole loop with the real binaries (issue #15): kiosk-intake with its desk console, the desk driven by
headless chromium (selenium), and the kiosk under Xvfb talking mutual TLS to the intake.

  test_call_done_scan   the kiosk takes a request (its --script) → the officer calls it in the browser → the
                        kiosk's banner shows "请 A001 号到 2 号窗口办理" and its voice log holds the spoken call
                        → the officer accepts, processes, finishes → the kiosk's request is cleared with
                        desk:wang as the actor → the receipt's code scanned (wedge burst) → 已办结.
  test_kill_restart     calls arrive while the kiosk is SIGKILLed and restarted: every call event is applied
                        exactly once (the calls table holds each seq once, the cursor ends at the last seq,
                        no call is spoken twice).

Every server is started here on 127.0.0.1 (or Xvfb's socket) and stopped in tearDown, also on failure."""
import os
import shutil
import signal
import sqlite3
import subprocess
import time
import unittest

import deskharness as h

KIOSK_BIN = os.environ.get("KIOSK_BIN", os.path.join(h.SOURCE_DIR, "build", "kiosk"))
XVFB_NUM = int(os.environ.get("KIOSK_XVFB_NUM", "377"))
h.CATALOG = os.path.join(h.SOURCE_DIR, "assets", "catalog")   # the catalog the kiosk itself fills in

FLOW = """# written by tests/e2e/test_e2e_loop.py
expect_step attract
tap_text "轻触屏幕开始办理"
expect_step home
tap_text "证明开具"
expect_step category
tap_text "无犯罪记录证明"
expect_step service
tap_text "开始办理"
expect_step identity
tap_text "姓名"
type_keys "zhangsan"
tap_text "张三"
tap_text "证件号码"
type_keys "11010519491231002X"
tap_text "手机号码"
type_keys "13800138000"
tap_text "下一步"
expect_step fields
tap_text "就业"
tap_text "使用单位或前往国家"
tap_text "英文字母"
type_keys "acme"
tap_text "份数"
type_keys "1"
tap_text "下一步"
expect_step review
drag 400 620 400 180
wait_frames 40
drag 400 620 400 180
wait_frames 40
tap_text "确认无误"
expect_step consent
tap_text "我已阅读并同意"
tap_text "提交申请"
expect_step done
screenshot {work}/done.png
# done_return_s = 5: the kiosk ends the visit by itself (attract, where calls are also spoken).
sleep 7
expect_step attract
screenshot {work}/home_ready.png
wait_text "号窗口办理" 120
wait_frames 10
screenshot {work}/banner.png
wait_file {work}/desk_done 240
scan_file {work}/qr.txt
wait_text "已办结" 60
wait_frames 10
screenshot {work}/progress_done.png
"""

IDLE = """# written by tests/e2e/test_e2e_loop.py: the kiosk stays on attract until told to stop
expect_step attract
wait_file {work}/stop 300
"""


class Xvfb:
    def __init__(self, num):
        self.num = num
        self.proc = subprocess.Popen(["Xvfb", ":%d" % num, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=h._die_with_parent)
        h.wait_for(lambda: os.path.exists("/tmp/.X11-unix/X%d" % num) or self.proc.poll() is not None,
                   timeout=20, what="Xvfb's socket")
        if self.proc.poll() is not None:
            raise AssertionError("Xvfb :%d exited %d (display number taken?)" % (num, self.proc.returncode))

    def stop(self):
        h.stop_process(self.proc, timeout=10)


class KioskProc:
    """The real kiosk binary on the Xvfb display, its data dir kept across restarts."""

    def __init__(self, workdir, intake, display):
        self.work = workdir
        self.data = os.path.join(workdir, "data")
        self.voice_log = os.path.join(workdir, "voice.log")
        self.config = os.path.join(workdir, "kiosk.toml")
        self.display = display
        self.proc = None
        self.runs = 0
        pki = intake.pki
        with open(self.config, "w", encoding="utf-8") as f:
            f.write('[kiosk]\nfullscreen = false\ndone_return_s = 5\nidle_timeout_s = 900\n'
                    '[station]\nid = "%s"\n'
                    '[upload]\nurl = "https://localhost:%d"\nca_file = "%s/ca.crt"\nclient_cert = "%s/kiosk.crt"\n'
                    'client_key = "%s/kiosk.key"\nheartbeat_s = 10\n[scanner]\nuri = "hid"\n'
                    % (h.STATION, intake.port, pki, pki, pki))

    def start(self, script_text=None, extra_env=None):
        """Starts the kiosk; with script_text it runs that --script (then exits), else the ordinary loop."""
        self.runs += 1
        args = [KIOSK_BIN, "--data-dir", self.data, "--config", self.config, "--windowed", "1280x800"]
        if script_text is not None:
            script = os.path.join(self.work, "run%d.script" % self.runs)
            with open(script, "w", encoding="utf-8") as f:
                f.write(script_text.format(work=self.work))
            args += ["--script", script]
        env = dict(os.environ, DISPLAY=":%d" % self.display, KIOSK_VOICE_LOG=self.voice_log,
                   KIOSK_ESPEAK="/bin/true", KIOSK_CHIME_PLAYER="/bin/true", **(extra_env or {}))
        self.log = open(os.path.join(self.work, "kiosk%d.log" % self.runs), "wb")
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=self.log, preexec_fn=h._die_with_parent)

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("the kiosk did not finish its script in %d s:\n%s" % (timeout, self.log_text()))

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        h.stop_process(self.proc)

    def log_text(self):
        return "".join(h.read_text(os.path.join(self.work, "kiosk%d.log" % i))[-3000:] for i in range(1, self.runs + 1))

    def query(self, sql, default=None):
        """Rows of a read-only query on the kiosk's database; `default` while the kiosk has not made it yet."""
        path = os.path.join(self.data, "kiosk.db")
        if default is not None and not os.path.exists(path):
            return default
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=5)
        try:
            return con.execute(sql).fetchall()
        except sqlite3.OperationalError:
            if default is not None:
                return default   # the schema is still being made
            raise
        finally:
            con.close()

    def voice(self):
        return h.read_text(self.voice_log)


class Loop(unittest.TestCase):

    def setUp(self):
        signal.signal(signal.SIGALRM, h._alarm)
        signal.alarm(int(os.environ.get("KIOSK_E2E_BUDGET_S", "900")))
        self.workdir = os.path.join(h.ARTIFACTS, self.id().split(".", 1)[-1])
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        self.browser = self.kiosk = self.xvfb = None
        self.intake = h.Intake(self.workdir)
        self.addCleanup(self._stop)
        self.intake.add_officer("wang", "wang-pass-2026", 2, ("A",))
        self.intake.start()
        self.xvfb = Xvfb(XVFB_NUM)
        self.kiosk = KioskProc(self.workdir, self.intake, XVFB_NUM)

    def _stop(self):
        signal.alarm(0)
        try:
            if self.browser:
                self.browser.quit()
            if self.kiosk:
                self.kiosk.stop()
            if self.xvfb:
                self.xvfb.stop()
        finally:
            self.intake.stop()
        self.intake.check_exits()
        for needle in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
            self.assertNotIn(needle, self.kiosk.log_text() if self.kiosk else "")

    def desk_api(self):
        api = h.DeskClient(self.intake)
        st, _, text = api.login("wang", "wang-pass-2026")
        self.assertEqual(st, 200, text)
        return api

    def test_call_done_scan(self):
        self.kiosk.start(FLOW)
        api = self.desk_api()
        # The request the kiosk took reaches the station's queue over mutual TLS.
        row = h.wait_for(lambda: next(iter(api.queue()["tickets"]), None), timeout=240,
                         what="the kiosk's request in the desk queue (kiosk log: %s)" % self.kiosk.log_text()[-500:])
        ticket, rid = row["ticket"], row["request_id"]
        self.assertEqual(row["service_id"], "cert.no-criminal-record")
        h.wait_for(lambda: os.path.exists(os.path.join(self.workdir, "home_ready.png")), timeout=120,
                   what="the kiosk back on attract")

        # The officer calls it in the browser.
        self.browser = h.Browser(self.workdir, h.spki_pin(self.intake.pki))
        d = self.browser.driver
        t = DeskPage(self, d)
        t.login()
        t.ticket_row(ticket)
        t.by("#call-next").click()
        t.visible_text("#current-ticket", contains=ticket)
        d.save_screenshot(os.path.join(self.workdir, "desk-called.png"))

        # The kiosk shows the banner (its script waits for it) and speaks the call: "请 A 零 零 一 号，到 二 号窗口办理".
        spoken = "请 %s 号，到 二 号窗口办理" % " ".join(spell(ticket))
        h.wait_for(lambda: spoken in self.kiosk.voice(), timeout=60, what="the spoken call %r in the voice log" % spoken)
        h.wait_for(lambda: os.path.exists(os.path.join(self.workdir, "banner.png")), timeout=60, what="the banner on the kiosk")

        # Accept, process, finish in the detail page.
        t.ticket_row(ticket).find_element("css selector", ".act-detail").click()
        h.wait_for(lambda: "request.html?id=" in d.current_url, what="the detail page")
        t.visible_text("#d-source", contains="手工输入")   # the kiosk's applicant.source: typed on its keypad
        for status, word in (("accepted", "已受理"), ("processing", "办理中"), ("done", "已办结")):
            t.by(".set-status[data-status=%s]" % status).click()
            t.visible_text("#d-status", contains=word)
        d.save_screenshot(os.path.join(self.workdir, "desk-done.png"))

        # The kiosk clears its copy with the officer as the actor (its audit log says desk:wang).
        h.wait_for(lambda: self.kiosk.query("SELECT actor FROM audit WHERE actor = 'desk:wang'", []), timeout=60,
                   what="desk:wang in the kiosk's audit log")
        cleared = self.kiosk.query("SELECT cleared_at FROM requests WHERE id = '%s'" % rid)
        self.assertTrue(cleared and cleared[0][0], "the kiosk's request %s is not cleared: %r" % (rid, cleared))

        # The resident comes back and scans the receipt: the code the receipt's QR carries is the request id.
        with open(os.path.join(self.workdir, "qr.txt"), "w") as f:
            f.write(rid + "\n")
        open(os.path.join(self.workdir, "desk_done"), "w").close()
        self.assertEqual(self.kiosk.wait_exit(120), 0, self.kiosk.log_text())
        self.assertTrue(os.path.exists(os.path.join(self.workdir, "progress_done.png")))
        # Announced once (espeak says it twice within the one item: app/voice_queue), never cut short.
        self.assertEqual(self.kiosk.voice().count("start call: " + spoken), 1, self.kiosk.voice())
        self.assertEqual(self.kiosk.voice().count("end call: " + spoken), 1, self.kiosk.voice())

    def test_kill_restart(self):
        for i in range(12):
            h.Kiosk(self.intake).upload(ticket="A%03d" % (i + 1))
        api = self.desk_api()
        self.kiosk.start(IDLE)

        def call(n):
            for _ in range(n):
                st, _, text = api.post("calls/next")
                self.assertEqual(st, 200, text)

        def applied():
            return self.kiosk.query("SELECT COALESCE(MAX(seq), 0) FROM event_cursor", [(0,)])[0][0]

        call(3)
        h.wait_for(lambda: applied() >= 3, timeout=60, what="the first calls applied")
        # Calls keep coming while the kiosk dies without warning and comes back on the same data dir.
        call(3)
        self.kiosk.kill9()
        call(3)
        restarted_ms = int(time.time() * 1000)
        self.kiosk.start(IDLE)
        call(3)
        h.wait_for(lambda: self.kiosk.query("SELECT COUNT(*) FROM calls", [(0,)])[0][0] >= 12, timeout=90,
                   what="all 12 calls at the kiosk (log: %s)" % self.kiosk.log_text()[-800:])
        time.sleep(2)   # anything applied twice would show up now
        open(os.path.join(self.workdir, "stop"), "w").close()
        self.assertEqual(self.kiosk.wait_exit(60), 0, self.kiosk.log_text())

        seqs = [r[0] for r in self.kiosk.query("SELECT seq FROM calls ORDER BY seq")]
        tickets = [r[0] for r in self.kiosk.query("SELECT ticket FROM calls ORDER BY seq")]
        self.assertEqual(len(seqs), 12, seqs)
        self.assertEqual(sorted(tickets), ["A%03d" % (i + 1) for i in range(12)], tickets)
        self.assertEqual(applied(), max(seqs))
        # The three calls made while the kiosk was dead reached it after the restart (caught up, not lost).
        late = self.kiosk.query("SELECT COUNT(*) FROM calls WHERE received_ms >= %d" % restarted_ms)[0][0]
        self.assertGreaterEqual(late, 6, "calls applied after the restart: %d" % late)
        # Spoken at most once per call and run: a replayed event would be announced again.
        voice = self.kiosk.voice()
        for tk in tickets:
            n = voice.count("start call: 请 %s 号" % " ".join(spell(tk)))
            self.assertLessEqual(n, 1, "call %s announced %d times:\n%s" % (tk, n, voice))


DIGITS = "零一二三四五六七八九"


def spell(ticket):
    return [DIGITS[int(c)] if c.isdigit() else c for c in ticket]


class DeskPage(h.DeskTest):
    """The desk helpers (login, ticket_row, visible_text) on a browser this test owns."""

    def __init__(self, test, driver):
        super().__init__("run")
        self.d = driver
        self.intake = test.intake

    def run(self, result=None):   # never run as a test itself
        pass


if __name__ == "__main__":
    h.need_browser()
    os.makedirs(h.ARTIFACTS, exist_ok=True)
    unittest.main(verbosity=2)
