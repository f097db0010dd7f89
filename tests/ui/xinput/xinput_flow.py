#!/usr/bin/env python3
"""Drives the real kiosk window with real X input (xdotool → XTest), as a person's finger would: repeated taps
at one pixel, a tap right after a flick, walking back out of a half-filled form. The script mode feeds
idealised events and hid these input bugs; this test does not use it.

usage: xinput_flow.py KIOSK WORKDIR DISPLAY_NUM SCENARIO
       (SCENARIO: repeat_taps | flick_then_tap | leave_visit | wedge_scan | short_ref)

The kiosk writes KIOSK_PROBE (ui/probe.hpp): its step, labelled tap targets and per-field value lengths
(never values). Every wait is bounded; the kiosk and Xvfb are always stopped."""
import json, os, shutil, signal, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pylib"))
import short_ref  # noqa: E402  (tests/pylib)
from xscreen import Fail, Screen  # noqa: E402  (tests/pylib: the one real-input driver)

KIOSK, WORK, NUM, SCENARIO = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
DISPLAY = f":{NUM}"
PROBE = os.path.join(WORK, "probe.json")
env = dict(os.environ, DISPLAY=DISPLAY, KIOSK_PROBE=PROBE)
screen = Screen(PROBE, DISPLAY)
xdo, probe, wait_for, wait_step, find = screen.xdo, screen.probe, screen.wait_for, screen.wait_step, screen.find
tap, tap_again = screen.tap, screen.tap_again


def type_on_keys(text):
    """Types on the on-screen keypad: one tap per character, repeated characters without moving."""
    prev = None
    for ch in text:
        if ch == prev:
            tap_again()
        else:
            tap(ch)
        prev = ch


def field(p, fid):
    return p["fields"].get(fid, {})


def chars(fid, n):
    return wait_for(f"{fid} with {n} characters", lambda p: field(p, fid).get("chars") == n, 5.0)


def choose_no_criminal_record():
    """From home to the identity step of 无犯罪记录证明."""
    tap("证明开具")
    wait_step("category")
    tap("无犯罪记录证明")
    wait_step("service")
    tap("开始办理")
    return wait_step("identity")


def to_identity():
    wait_step("attract")
    tap("轻触屏幕开始办理")
    wait_step("home")
    choose_no_criminal_record()


def sqlite_count(db):
    out = subprocess.run(["sqlite3", db, "SELECT count(*) FROM requests;"], capture_output=True, text=True, timeout=20)
    return int(out.stdout.strip() or "-1")


def scenario_repeat_taps():
    to_identity()
    tap("证件号码")
    type_on_keys("11010519491231002X")        # "11" at the start: the second 1 is a tap without motion
    chars("applicant.id_number", 18)
    tap("手机号码")
    type_on_keys("13800138000")               # "000" twice: three taps at one pixel
    chars("applicant.phone", 11)
    tap("姓名")
    for ch in "zhangsan":
        tap(ch)
    tap("张三")
    chars("applicant.name", 2)
    tap("下一步")
    wait_step("fields")
    tap("就业")
    tap("使用单位或前往国家")
    tap("英文字母")
    for ch in "acme":
        tap(ch)
    tap("份数")
    tap("1")
    tap("下一步")
    wait_step("review")
    # 确认无误 is enabled once every row has been on screen: drag the list to its end first.
    for _ in range(2):
        flick(400, 620, 180, steps=10, pause=0.03)
        time.sleep(1.0)
    tap("确认无误")
    wait_step("consent")
    tap("我已阅读并同意")
    tap("提交申请")
    wait_step("done")
    n = sqlite_count(os.path.join(WORK, "data", "kiosk.db"))
    if n != 1:
        raise Fail(f"expected 1 stored request, found {n}")
    print("repeat_taps: ID number and phone typed with repeated taps at one pixel; request stored")


def target_at(p, x, y):
    return next((t for t in p["targets"] if t["x0"] <= x <= t["x1"] and t["y0"] <= y <= t["y1"]), None)


def category_names():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "..", "assets", "catalog", "index.json"), encoding="utf-8") as f:
        cats = json.load(f)["categories"]
    return {c["name"]["zh"] for c in cats} | {c["name"]["en"] for c in cats}


CATEGORY_NAMES = category_names()


def tiles_of(p):
    """The category tiles (the list that scrolls; home's shortcut tiles above it do not), on screen."""
    return [t for t in p["targets"] if t["label"] in CATEGORY_NAMES and t["y0"] < 800]


def wait_home():
    """Home drawn (its category tiles on screen), not just the step changed at the end of attract's frame."""
    return wait_for("home", lambda p: p["step"] == "home" and len(tiles_of(p)) >= 2)


def flick(x, y_from, y_to, steps=10, pause=0.0):
    """A quick flick in one xdotool run, released while still moving. With no pause the moves and the
    release reach the kiosk in one batch, as a fast finger's do on a busy kiosk."""
    cmd = ["mousemove", x, y_from, "mousedown", 1]
    for i in range(1, steps + 1):
        cmd += ["mousemove", x, y_from + (y_to - y_from) * i // steps]
        if pause:
            cmd += ["sleep", pause]
    cmd += ["mouseup", 1]
    xdo(*cmd)


CHROME = {"呼叫工作人员", "已呼叫", "返回", "首页", "Back", "Home", "Call staff"}


def rows_of(p):
    """The service rows of a category's list (the list that scrolls), at least partly on screen."""
    back = find("返回", p)
    return [t for t in p["targets"] if t["label"] not in CHROME and t["y1"] > 200
            and back and t["y0"] < back["y0"] - 5]


def scenario_flick_then_tap():
    # Elderly mode at 1280×800: the 27 services of 户政业务 overflow the screen, so the list scrolls.
    wait_step("attract")
    tap("轻触屏幕开始办理")
    wait_home()
    tap("户政业务")
    p = wait_for("the category's rows", lambda p: p["step"] == "category" and len(rows_of(p)) >= 3)
    rows = rows_of(p)
    top = min(t["y0"] for t in rows)
    bottom = find("返回", p)["y0"] - 60   # inside the list (it ends above the nav row)
    first, first_y0 = rows[0]["label"], rows[0]["y0"]
    x = int((rows[0]["x0"] + rows[0]["x1"]) / 2)
    lift = int(top + 60)
    # 1. A flick scrolls the list and opens nothing, even when its release arrives with its last moves.
    flick(x, int(bottom), lift)
    p = wait_for("the list to scroll", lambda p: p["step"] == "category" and (find(first, p) is None or find(first, p)["y0"] < first_y0), 5.0)
    time.sleep(0.1)
    if probe()["step"] != "category":
        raise Fail("the flick opened a service: a drag must never be a tap")
    # 2. The tap right after it, where the finger lifted: press and release with no motion in between.
    p = wait_for("a row under the finger", lambda p: target_at(p, x, lift) in rows_of(p), 3.0)
    under = target_at(p, x, lift)["label"]
    xdo("click", 1)
    wait_step("service", 5.0)
    time.sleep(0.3)   # a busy machine draws late: keep the next tap clear of the 90 ms debounce
    tap("返回")
    p = wait_step("category")
    # 3. A flick back down, and at once a tap somewhere else, while the list may still coast.
    flick(x, lift, int(bottom), pause=0.008)
    time.sleep(0.12)
    p = probe()
    row = next(t for t in rows_of(p) if t["y0"] > top and t["y1"] < bottom)
    cx, cy = int((row["x0"] + row["x1"]) / 2), int((row["y0"] + row["y1"]) / 2)
    xdo("mousemove", cx, cy, "click", 1)
    wait_step("service", 5.0)
    print(f"flick_then_tap: flicks scroll; the tap where one ended opened {under!r}; "
          f"a tap on {row['label']!r} right after the next flick opened it")


def scenario_leave_visit():
    to_identity()
    tap("证件号码")
    type_on_keys("110105")
    chars("applicant.id_number", 6)
    tap("返回")
    wait_step("service")
    tap("返回")
    wait_step("category")
    tap("返回")
    wait_step("home")
    p = choose_no_criminal_record()
    time.sleep(0.3)
    p = probe()
    for fid, f in p["fields"].items():
        if fid == "applicant.id_type":   # the default selection, 居民身份证 ("resident_id"), is not carried over
            if f.get("chars") != len("resident_id") or f.get("error"):
                raise Fail(f"the document type does not start as 居民身份证: {f}")
        elif f.get("chars") or f.get("error"):
            raise Fail(f"{fid} carried over from the last visit: {f}")
    print("leave_visit: after 返回 to home the next application starts empty")


def scan_burst(code):
    """What a wedge scanner sends: the code's keys 2 ms apart, then Return. Two xdotool runs: `type` takes
    every argument after it as text, and "\n" would be sent as Linefeed, not Return."""
    xdo("type", "--delay", "2", code)
    xdo("key", "Return")


def scenario_wedge_scan():
    """[scanner] uri = hid: a keyboard-wedge scanner's burst (real X key events, 2 ms apart, then Return)
    never types into the focused field and is ignored during a form; a person's typing (150 ms apart)
    reaches the field; the same burst on home opens the progress query (docs/EVENTS.md)."""
    code = "3f2a9c1e-7b4d-4e8a-9f00-1234567890ab"
    to_identity()
    tap("证件号码")
    scan_burst(code)
    time.sleep(0.5)
    p = probe()
    if p["step"] != "identity":
        raise Fail(f"a scan during the form moved the kiosk to {p['step']}")
    if field(p, "applicant.id_number").get("chars"):
        raise Fail(f"the scan typed into the ID number field: {field(p, 'applicant.id_number')}")
    xdo("type", "--delay", "150", "110105")
    chars("applicant.id_number", 6)
    for back in ("service", "category", "home"):
        tap("返回")
        wait_step(back)
    scan_burst(code)
    wait_step("progress", 5.0)
    print("wedge_scan: the burst never reached the ID field, typing did; a scan on home opened the progress query")


def scenario_short_ref():
    """The receipt's 查询编号 typed with real taps on the progress screen's keys finds the request just filed."""
    scenario_repeat_taps()
    out = subprocess.run(["sqlite3", os.path.join(WORK, "data", "kiosk.db"), "SELECT id || ' ' || ticket FROM requests;"],
                         capture_output=True, text=True, timeout=20)
    request_id, ticket = out.stdout.split()
    code = short_ref.code(request_id)
    tap("完成")
    wait_step("attract")
    tap("轻触屏幕开始办理")
    wait_home()
    tap("查询办理进度")
    wait_step("progress")
    tap("输入查询编号")
    tap("票号（如 A023）")
    type_on_keys(ticket)
    tap("编号后四位（如 7K3M）")
    type_on_keys(code)
    tap("查询")
    wait_for("the kiosk's own record", lambda p: find("已在本机保存，等待传送到警务室", p) is not None, 15.0)
    print(f"short_ref: {ticket}-{code} typed with real taps found the request filed a moment before")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kiosk = None
    try:
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{NUM}"):
                break
            time.sleep(0.05)
        log = open(os.path.join(WORK, "kiosk.log"), "w")
        extra = ["--elderly"] if SCENARIO == "flick_then_tap" else []
        if SCENARIO == "wedge_scan":
            cfg = os.path.join(WORK, "kiosk.toml")
            with open(cfg, "w", encoding="utf-8") as f:
                f.write('[kiosk]\nfullscreen = false\n[scanner]\nuri = "hid"\n')
            extra += ["--config", cfg]
        kiosk = subprocess.Popen([KIOSK, "--windowed", "1280x800", *extra, "--data-dir", os.path.join(WORK, "data")],
                                 env=env, stdout=log, stderr=subprocess.STDOUT)
        {"repeat_taps": scenario_repeat_taps, "flick_then_tap": scenario_flick_then_tap,
         "leave_visit": scenario_leave_visit, "wedge_scan": scenario_wedge_scan, "short_ref": scenario_short_ref}[SCENARIO]()
        if kiosk.poll() is not None:
            raise Fail(f"the kiosk exited with {kiosk.returncode}")
        return 0
    except (Fail, subprocess.SubprocessError, KeyError) as e:
        print(f"xinput_flow {SCENARIO}: FAILED: {e}", file=sys.stderr)
        if os.path.exists(os.path.join(WORK, "kiosk.log")):
            print(open(os.path.join(WORK, "kiosk.log")).read()[-3000:], file=sys.stderr)
        return 1
    finally:
        for proc in (kiosk, xvfb):
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    sys.exit(main())
