#!/usr/bin/env python3
"""查询办理进度 by the receipt's short reference (issue #11), the real kiosk under Xvfb in --script mode:
a first run files 无犯罪记录证明 (flows/no_criminal_record.script); its request id and ticket are read from
the kiosk's database and the reference the receipt prints ("A001-7K3M", app/short_ref.hpp) computed from
them; a second run on the same data dir types that reference on the progress screen's own keys — the
ticket, then the four characters — and must show the kiosk's own record (已在本机保存…: no intake here).
A wrong reference must not: the same run then types one with a different code and must be told that
neither the station (no intake here) nor this kiosk has it.

usage: short_ref_flow.py KIOSK RUN_KIOSK_SH FLOWS WORKDIR PNG_CHECK"""
import os, sqlite3, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import short_ref  # noqa: E402  (tests/pylib)

KIOSK, RUN, FLOWS, WORK, PNG = sys.argv[1:6]


def run(work, script, *extra):
    r = subprocess.run([RUN, KIOSK, work, "--windowed", "1280x800", "--script", script, *extra], timeout=300)
    if r.returncode != 0:
        sys.exit(f"kiosk exited {r.returncode} running {script}")


def quote(s):
    return '"' + s + '"'


def main():
    os.makedirs(WORK, exist_ok=True)
    submit = os.path.join(WORK, "submit")
    run(submit, os.path.join(FLOWS, "no_criminal_record.script"))
    db = os.path.join(submit, "data", "kiosk.db")
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT id, ticket FROM requests").fetchall()
    if len(rows) != 1:
        sys.exit(f"expected one stored request, found {len(rows)}")
    request_id, ticket = rows[0]
    code = short_ref.code(request_id)
    wrong = short_ref.other_code(code)
    print(f"looking up {ticket}-{code} (and {ticket}-{wrong}, which names nothing)")

    def type_ref(c):
        return [f"tap_text {quote('票号（如 A023）')}", f"type_keys {quote(ticket)}",
                f"tap_text {quote('编号后四位（如 7K3M）')}", f"type_keys {quote(c)}"]

    lines = ["tap_text " + quote("轻触屏幕开始办理"), "expect_step home", "tap_text " + quote("查询办理进度"),
             "expect_step progress", "tap_text " + quote("输入查询编号"), *type_ref(code), "wait_frames 5",
             "screenshot progress_ref.png", "tap_text " + quote("查询"),
             "wait_text " + quote("已在本机保存，等待传送到警务室") + " 30", "wait_frames 5", "screenshot progress_ref_found.png",
             # Another try keeps the ticket typed: only the four characters again.
             "tap_text " + quote("查询另一张"), "tap_text " + quote("编号后四位（如 7K3M）"), f"type_keys {quote(wrong)}",
             "tap_text " + quote("查询"),
             # No intake configured: the kiosk could not ask the station either, and says so.
             "wait_text " + quote("本机也没有对应的记录") + " 30", "wait_frames 5", "screenshot progress_ref_none.png"]
    script = os.path.join(WORK, "lookup.script")
    with open(script, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    # The same data dir as the first run (the later --data-dir wins over run_kiosk.sh's).
    run(os.path.join(WORK, "lookup"), script, "--data-dir", os.path.join(submit, "data"))
    for png in ("progress_ref.png", "progress_ref_found.png", "progress_ref_none.png"):
        r = subprocess.run([PNG, os.path.join(WORK, "lookup", png), "--width", "1280", "--height", "800"])
        if r.returncode != 0:
            sys.exit(f"{png}: png_check failed")
    print("short reference flow ok")


if __name__ == "__main__":
    main()
