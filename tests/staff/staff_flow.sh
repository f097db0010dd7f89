#!/bin/sh
# staff_flow.sh KIOSK WORKDIR FLOWS RESIDENT_SCRIPT — the Xvfb staff flow with the real kiosk (issue 6):
#   1. a staff account is created with `kiosk staff add` (PIN on stdin, as an administrator would type it);
#   2. a resident submits a no-criminal-record application (the UI part's own flow script);
#   3. staff enter with the hidden gesture, try a wrong PIN, log in, unmask with a reason, clear with a
#      reason, reprint, verify the audit chain, export the day and log out (flows/staff_clear.script);
#   4. afterwards: `kiosk audit verify` exits 0, the database shows the request cleared by the staff member
#      with the reason, the audit log holds every step, the reprint reached the printer, no PII in the export;
#   5. only staff mode closes the kiosk: a second run closes it from the maintenance panel and must exit 0.
# Every kiosk run is bounded by timeout; screenshots stay in WORKDIR as artifacts.
set -eu
kiosk="$1"; work="$2"; flows="$3"; resident="$4"
# Under ASan, LeakSanitizer reports ~240 bytes from the Mesa GL driver (dlopen'ed and unloaded at exit, so its
# frames cannot even be named for a suppression). Leaks in staff mode's own code are checked by test_staff_ui,
# which runs headless with leak detection on; here ASan/UBSan still catch every memory error.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail() { echo "staff_flow: FAIL: $*" >&2; exit 1; }
run() { timeout -k 10 180 xvfb-run -a -s "-screen 0 1920x1080x24" "$kiosk" --config "$work/kiosk.toml" --data-dir "$work/data" --windowed 1280x800 "$@"; }

cat > kiosk.toml <<TOML
[printer]
uri = "file:$work/printer.bin"
TOML

printf '246813\n246813\n' | "$kiosk" staff add wang --data-dir "$work/data" || fail "kiosk staff add"
run --script "$resident" || fail "resident flow"
[ "$(sqlite3 data/kiosk.db "SELECT ticket || '|' || state FROM requests")" = "A001|queued" ] || fail "expected one queued request A001"
sleep 1   # the print worker finishes the resident's ticket
printed_before=$(stat -c %s printer.bin 2>/dev/null || echo 0)

run --script "$flows/staff_clear.script" || fail "staff flow script"
"$kiosk" audit verify --data-dir "$work/data" --config "$work/kiosk.toml" || fail "kiosk audit verify"

row=$(sqlite3 data/kiosk.db "SELECT state || '|' || cleared_by || '|' || cleared_reason FROM requests")
[ "$row" = "cleared|wang|已在业务系统办结" ] || fail "request row is '$row'"
for action in staff.login_failed staff.login request.search request.unmask request.clear request.reprint export.day_summary staff.logout; do
  n=$(sqlite3 data/kiosk.db "SELECT count(*) FROM audit WHERE action = '$action'")
  [ "$n" -ge 1 ] || fail "no audit row $action"
done
sqlite3 data/kiosk.db "SELECT detail FROM audit" | grep -q "11010519491231002X" && fail "an ID number in the audit log"
printed_after=$(stat -c %s printer.bin 2>/dev/null || echo 0)
[ "$printed_after" -gt "$printed_before" ] || fail "the reprint did not reach the printer ($printed_before → $printed_after bytes)"
csv=$(ls data/exports/summary-*.csv) || fail "no day summary exported"
grep -q "A001" $csv || fail "the summary lacks A001"
grep -q "11010519491231002X\|13800138000" $csv && fail "personal data in the summary"
for png in pin.png pin_wrong.png dashboard.png list.png search.png detail.png audit.png; do
  [ -s "$png" ] || fail "screenshot $png missing"
done

run --script "$flows/staff_close.script" || fail "closing from staff mode did not end the kiosk cleanly"
[ "$(sqlite3 data/kiosk.db "SELECT count(*) FROM audit WHERE action = 'app.close'")" = "1" ] || fail "app.close not audited"
echo "staff_flow: ok"
