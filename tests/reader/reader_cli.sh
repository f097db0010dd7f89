#!/usr/bin/env bash
# `kiosk reader status|test` against kiosk-reader-sim: exit codes and one-line reasons, masked fields.
# usage: reader_cli.sh KIOSK SIM CARDS_DIR
set -u
kiosk=$1 sim=$2 cards=$3
dir=$(mktemp -d); trap 'echo quit > "$dir/ctl" 2>/dev/null; sleep 0.3; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
printf '[reader]\nuri = "sim:%s/reader"\n' "$dir" > "$dir/k.toml"
"$sim" --link "$dir/reader" --control "$dir/ctl" > "$dir/sim.out" 2>&1 &
for _ in $(seq 50); do [ -e "$dir/reader" ] && [ -p "$dir/ctl" ] && break; sleep 0.1; done
[ -e "$dir/reader" ] || fail "simulator did not start"

out=$("$kiosk" reader status --config "$dir/k.toml" 2>&1); rc=$?
[ $rc -eq 0 ] || fail "status exit $rc: $out"
echo "$out" | grep -q '^reader: ok: ready: sim:' || fail "status line: $out"

(sleep 1; echo "on $cards/resident.json" > "$dir/ctl") &
out=$("$kiosk" reader test --wait 5 --config "$dir/k.toml" 2>&1); rc=$?
[ $rc -eq 0 ] || fail "test exit $rc: $out"
echo "$out" | grep -q 'name:      张\*明' || fail "masked name missing: $out"
echo "$out" | grep -q 'number:    1101\*\*\*\*\*\*\*\*\*\*1234' || fail "masked number missing: $out"
echo "$out" | grep -q '110105198503121234' && fail "full number printed: $out"
echo "$out" | grep -q '青和路' && fail "address printed: $out"

echo off > "$dir/ctl"; sleep 0.2
out=$("$kiosk" reader test --wait 1 --config "$dir/k.toml" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "no card: exit $rc"
echo "$out" | grep -q 'no card within 1 s' || fail "no-card reason: $out"

echo "fault auth-fail" > "$dir/ctl"; echo "on $cards/resident.json" > "$dir/ctl"; sleep 0.2
out=$("$kiosk" reader test --wait 2 --config "$dir/k.toml" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "auth-fail: exit $rc"
echo "$out" | grep -q 'read failed .*SW3 31' || fail "auth-fail reason: $out"

echo "fault no-sam" > "$dir/ctl"; sleep 0.2
out=$("$kiosk" reader status --config "$dir/k.toml" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "no-sam: exit $rc"
echo "$out" | grep -q 'reader fault .*SW3 60' || fail "no-sam reason: $out"

printf '[reader]\nuri = "sim:%s/nothing-here"\n' "$dir" > "$dir/gone.toml"
out=$("$kiosk" reader status --config "$dir/gone.toml" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "missing device: exit $rc"
echo "$out" | grep -q 'no reader answering .*no_device' || fail "missing reason: $out"

out=$("$kiosk" reader status 2>&1); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q 'no reader configured' || fail "uri none: $rc $out"
printf '[reader]\nuri = "ttyUSB0"\n' > "$dir/bad.toml"
out=$("$kiosk" reader status --config "$dir/bad.toml" 2>&1); rc=$?
[ $rc -eq 2 ] && echo "$out" | grep -q "key 'reader.uri'" || fail "bad uri: $rc $out"
out=$("$kiosk" reader frobnicate 2>&1); rc=$?
[ $rc -eq 2 ] || fail "usage: exit $rc"
echo "reader cli ok"
