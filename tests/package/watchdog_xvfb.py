#!/usr/bin/env python3
"""watchdog_xvfb.py KIOSK WORKDIR XVFB_NUM — the real kiosk under Xvfb, supervised as systemd would:
the notify socket is a datagram socket this test owns, WATCHDOG_USEC=2 s (a ping due every 1 s). Checks:
READY=1 arrives, and only after the first frame is on screen (KIOSK_PROBE's file is written after a frame);
WATCHDOG=1 arrives about once a second while the kiosk idles on its attract screen (the event-driven loop is
woken for it); after KIOSK_TEST_STALL_AFTER_S hangs the UI loop, the pings stop."""
import os, signal, socket, statistics, subprocess, sys, time

kiosk, work, num = sys.argv[1], sys.argv[2], sys.argv[3]
STALL_AFTER = 6.0
WATCHDOG_USEC = 2_000_000
subprocess.run(["rm", "-rf", work], check=True)
os.makedirs(work)
sock_path = os.path.join(work, "notify.sock")
probe = os.path.join(work, "probe.json")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sock_path)
sock.settimeout(0.25)

# Handed over as the unit does (KIOSK_NOTIFY_SOCKET, no NOTIFY_SOCKET): Xvfb, like Xwayland under cage,
# would otherwise send a READY=1 of its own at once. A READY=1 from anyone before the frame fails the test.
env = {k: v for k, v in os.environ.items() if k != "NOTIFY_SOCKET"}
env.update(KIOSK_NOTIFY_SOCKET=sock_path, WATCHDOG_USEC=str(WATCHDOG_USEC),
           KIOSK_TEST_STALL_AFTER_S=str(STALL_AFTER), KIOSK_PROBE=probe)
log = open(os.path.join(work, "kiosk.log"), "w")
proc = subprocess.Popen(["timeout", "-k", "5", "150", "xvfb-run", "-n", num, "-s", "-screen 0 1920x1080x24",
                         kiosk, "--data-dir", os.path.join(work, "data"), "--windowed", "1280x800"],
                        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
failures = []
def check(what, cond):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond: failures.append(what)

messages = []   # (time, text)
ready_at = None
probe_at_ready = False
deadline = time.monotonic() + 120
try:
    while time.monotonic() < deadline:
        try:
            data = sock.recv(4096).decode()
        except socket.timeout:
            if proc.poll() is not None: break
            continue
        now = time.monotonic()
        messages.append((now, data))
        if ready_at is None and "READY=1" in data.split("\n"):
            ready_at = now
            probe_at_ready = os.path.exists(probe)
            deadline = now + STALL_AFTER + 6
finally:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    log.close()

print(open(os.path.join(work, "kiosk.log")).read())
for t, m in messages:
    print("%8.3f %s" % (t - (ready_at or messages[0][0]), m.replace("\n", " | ")))
check("READY=1 arrived", ready_at is not None)
if ready_at is not None:
    check("READY=1 came after the first frame (the probe file existed)", probe_at_ready)
    check("READY=1 was the first message", messages[0][1].startswith("READY=1"))
    pings = [t - ready_at for t, m in messages if m == "WATCHDOG=1"]
    before = [t for t in pings if t < STALL_AFTER]
    after = [t for t in pings if t > STALL_AFTER + 1.2]
    check("pings while the loop turns: %d in %.0f s (expected ~%d)" % (len(before), STALL_AFTER, STALL_AFTER),
          len(before) >= STALL_AFTER - 3)
    if len(before) >= 3:
        gaps = [b - a for a, b in zip(before, before[1:])]
        med = statistics.median(gaps)
        check("pings every %.2f s (median), half of WATCHDOG_USEC = %.1f s" % (med, WATCHDOG_USEC / 2e6),
              0.7 <= med <= 1.4)
    check("no ping once the UI loop hangs (%d after the stall)" % len(after), len(after) == 0)
    check("the kiosk said the test fault hung the loop",
          "the UI loop hangs now" in open(os.path.join(work, "kiosk.log")).read())
sys.exit(1 if failures else 0)
