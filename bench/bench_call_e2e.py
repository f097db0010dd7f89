#!/usr/bin/env python3
"""bench_call_e2e: the desk's "call" → the banner on the kiosk's display, with the real binaries (issue #15).

kiosk-intake (SQLite, dev PKI) on 127.0.0.1; the kiosk under Xvfb in its ordinary event-driven loop on
attract, long-polling the intake over mutual TLS; an officer's call made through the desk API exactly as the
console's 叫下一位 button sends it (POST /desk/api/calls/next with the session cookie and CSRF token — the
browser's own click-to-request time is not in it). The kiosk (KIOSK_BENCH=1) prints "call_drawn TICKET MS"
once the frame with the new call is on the display (glFinish, CLOCK_REALTIME).

Baseline in the same run, for the same calls: the intake's server-side call → event latency, seen by a bare
long-poll client (GET /v1/events over mTLS, no parse beyond JSON) waiting beside the kiosk.
Goal: p99 ≤ 1 s end to end on loopback.   usage: bench_call_e2e.py BUILD_DIR [--n 50]"""
import http.client
import json
import os
import shutil
import ssl
import sys
import threading
import time

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build-bench")
N = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 50
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path[:0] = [os.path.join(SRC, "tests", "desk"), os.path.join(SRC, "tests", "e2e")]
os.environ.setdefault("KIOSK_INTAKE_BIN", os.path.join(BUILD, "server", "kiosk-intake"))
os.environ.setdefault("KIOSK_BIN", os.path.join(BUILD, "kiosk"))
os.environ.setdefault("KIOSK_DESK_ARTIFACTS", os.path.join(BUILD, "bench", "call-e2e"))
os.environ.setdefault("KIOSK_ASSETS", os.path.join(SRC, "assets"))

import deskharness as h          # noqa: E402
import test_e2e_loop as loop     # noqa: E402


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def main():
    for exe in (os.environ["KIOSK_INTAKE_BIN"], os.environ["KIOSK_BIN"]):
        if not os.access(exe, os.X_OK):
            print("bench_call_e2e: %s not built" % exe, file=sys.stderr)
            return 1
    if not shutil.which("Xvfb"):
        print("bench_call_e2e: Xvfb not installed (scripts/install-deps)", file=sys.stderr)
        return 1
    work = os.environ["KIOSK_DESK_ARTIFACTS"]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    intake = h.Intake(work)
    intake.add_officer("wang", "wang-pass-2026", 2, ("A",))
    intake.start()
    xvfb = kiosk = None
    try:
        uploader = h.Kiosk(intake)
        for i in range(N + 3):
            uploader.upload(ticket="A%03d" % (i + 1))
        api = h.DeskClient(intake)
        assert api.login("wang", "wang-pass-2026")[0] == 200
        xvfb = loop.Xvfb(int(os.environ.get("KIOSK_XVFB_NUM", "391")))
        kiosk = loop.KioskProc(work, intake, xvfb.num)
        kiosk.start(extra_env={"KIOSK_BENCH": "1"})
        log = os.path.join(work, "kiosk1.log")
        h.wait_for(lambda: "first_frame" in h.read_text(log), timeout=60, what="the kiosk's first frame")

        ctx = ssl.create_default_context(cafile=os.path.join(intake.pki, "ca.crt"))
        ctx.load_cert_chain(os.path.join(intake.pki, "kiosk.crt"), os.path.join(intake.pki, "kiosk.key"))
        seen = {}   # ticket → wall time the bare long-poll had the event

        def poll(after, wait=20):
            conn = http.client.HTTPSConnection("localhost", intake.port, context=ctx, timeout=30)
            conn.request("GET", "/v1/events?after=%d&wait=%d" % (after, wait))
            body = json.loads(conn.getresponse().read())
            t = time.time()
            conn.close()
            for e in body.get("events", []):
                if e.get("type") == "call":
                    seen.setdefault(e.get("ticket"), t)
            return body.get("next", after)

        after = poll(0, 0)       # past whatever the station already has
        e2e, base = [], []
        for i in range(N + 3):   # the first three warm the connections up
            res = {}
            th = threading.Thread(target=lambda: res.update(next=poll(after)))
            th.start()
            time.sleep(0.3)       # both long-polls are waiting
            t0 = time.time()
            st, _, text = api.post("calls/next")
            assert st == 200, text
            ticket = json.loads(text)["ticket"]
            th.join(30)
            after = res.get("next", after)
            line = h.wait_for(lambda: next((ln for ln in h.read_text(log).splitlines()
                                            if ln.startswith("call_drawn %s " % ticket)), None),
                              timeout=10, what="call %s drawn on the kiosk" % ticket)
            drawn = int(line.split()[2]) / 1000.0
            if i >= 3:
                e2e.append((drawn - t0) * 1000)
                base.append((seen[ticket] - t0) * 1000)
        print("calls %d (after 3 warm-up)" % N)
        print("%-34s %9s %9s" % ("", "p50 ms", "p99 ms"))
        print("%-34s %9.1f %9.1f" % ("desk call -> banner on display", pct(e2e, .5), pct(e2e, .99)))
        print("%-34s %9.1f %9.1f" % ("baseline: call -> long-poll answer", pct(base, .5), pct(base, .99)))
        print("ratio p50 %.2fx  p99 %.2fx   goal p99 <= 1000 ms: %s" % (
            pct(e2e, .5) / max(pct(base, .5), 1e-3), pct(e2e, .99) / max(pct(base, .99), 1e-3),
            "met" if pct(e2e, .99) <= 1000 else "MISSED"))
        return 0
    finally:
        if kiosk:
            kiosk.stop()
        if xvfb:
            xvfb.stop()
        intake.stop()


if __name__ == "__main__":
    sys.exit(main())
