#!/bin/sh
# reader_flow.sh RUN_KIOSK KIOSK SIM CARD WORK SIMDIR SCRIPT CHECK_DB — the real kiosk under Xvfb with
# kiosk-reader-sim on a pty (card already on the reader), driven by SCRIPT; then one request in the DB and
# the ID number nowhere in plaintext. The simulator is stopped by pid however the kiosk ends.
set -u
run_kiosk=$1 kiosk=$2 sim=$3 card=$4 work=$5 simdir=$6 script=$7 check_db=$8
rm -rf "$simdir"; mkdir -p "$simdir"
printf '[reader]\nuri = "sim:%s/reader"\n' "$simdir" > "$simdir/kiosk.toml"
"$sim" --link "$simdir/reader" --card "$card" > "$simdir/sim.log" 2>&1 </dev/null &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null' EXIT
for _ in $(seq 50); do [ -e "$simdir/reader" ] && break; sleep 0.1; done
"$run_kiosk" "$kiosk" "$work" --windowed 1280x800 --config "$simdir/kiosk.toml" --script "$script" || exit 1
cd "$work" && "$check_db" data 1 110105198503121234 13800138000
