#!/usr/bin/env python3
"""Defect 7 on the real binary: at 1280×800, 1920×1080 and portrait 1080×1920, the kiosk is run to the
identity step with the pinyin keyboard up, once in normal and once in elderly mode, and the keys' sizes are
read from KIOSK_PROBE (ui/probe.hpp: labelled tap targets in window pixels). Elderly keys must be at least
as large as normal ones, and every identity field row must be on screen above 下一步.

usage: key_sizes.py KIOSK RUN_KIOSK_SH SCRIPT WORKDIR XVFB_BASE_NUM"""
import json, os, subprocess, sys

KIOSK, RUN, SCRIPT, WORK, BASE = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
SIZES = [(1280, 800), (1920, 1080), (1080, 1920)]
FIELDS = ["姓名", "证件类型", "证件号码", "手机号码"]


def run(w, h, elderly, num):
    work = os.path.join(WORK, f"{w}x{h}{'-elderly' if elderly else ''}")
    probe = os.path.join(WORK, f"probe-{w}x{h}{'-elderly' if elderly else ''}.json")
    env = dict(os.environ, KIOSK_PROBE=probe, KIOSK_XVFB_NUM=str(num), KIOSK_XVFB_SCREEN="2000x2000x24")
    args = [RUN, KIOSK, work, "--windowed", f"{w}x{h}", "--script", SCRIPT] + (["--elderly"] if elderly else [])
    r = subprocess.run(args, env=env, timeout=240)
    if r.returncode != 0:
        sys.exit(f"kiosk {w}x{h} elderly={elderly} exited {r.returncode}")
    with open(probe, encoding="utf-8") as f:
        p = json.load(f)
    if p["step"] != "identity":
        sys.exit(f"{w}x{h} elderly={elderly}: ended on step {p['step']}, not identity")
    t = {x["label"]: x for x in p["targets"]}
    if "q" not in t:
        sys.exit(f"{w}x{h} elderly={elderly}: no key 'q' on screen; targets {sorted(t)}")
    nxt = t.get("下一步")
    for label in FIELDS:
        row = t.get(label)
        if row is None:
            sys.exit(f"{w}x{h} elderly={elderly}: field row {label} is not on screen")
        if row["y1"] > h + 0.5 or (nxt and row["y1"] > nxt["y0"] and row["x0"] < nxt["x1"] and row["x1"] > nxt["x0"]):
            sys.exit(f"{w}x{h} elderly={elderly}: field row {label} ends at y={row['y1']}, below the fold/下一步")
    q = t["q"]
    return q["x1"] - q["x0"], q["y1"] - q["y0"]


failed = False
num = BASE
for w, h in SIZES:
    normal = run(w, h, False, num)
    elderly = run(w, h, True, num + 1)
    num += 2
    ok = elderly[0] >= normal[0] - 0.5 and elderly[1] >= normal[1] - 0.5
    print(f"{w}x{h}: key q normal {normal[0]:.0f}x{normal[1]:.0f} px, elderly {elderly[0]:.0f}x{elderly[1]:.0f} px"
          f" {'ok' if ok else 'SMALLER in elderly mode'}")
    failed |= not ok
sys.exit(1 if failed else 0)
