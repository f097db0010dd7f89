#!/bin/sh
# reader_progress_flow.sh RUN_KIOSK KIOSK SIM CARD WORK SIMDIR SCRIPT — 查询办理进度 by ID card (#15): the real
# kiosk under Xvfb with kiosk-reader-sim (no card at start, a control FIFO). SCRIPT opens the progress
# screen and writes a marker file; this script then puts CARD on the reader, and SCRIPT expects the answer
# (no intake and no request here: the kiosk's "not reachable, nothing here" words — the card was a question).
set -u
run_kiosk=$1 kiosk=$2 sim=$3 card=$4 work=$5 simdir=$6 script=$7
rm -rf "$simdir" "$work"; mkdir -p "$simdir"
printf '[reader]\nuri = "sim:%s/reader"\n' "$simdir" > "$simdir/kiosk.toml"
"$sim" --link "$simdir/reader" --control "$simdir/ctl" > "$simdir/sim.log" 2>&1 </dev/null &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null' EXIT
for _ in $(seq 50); do [ -e "$simdir/reader" ] && [ -p "$simdir/ctl" ] && break; sleep 0.1; done
( for _ in $(seq 600); do [ -e "$work/progress_ready.png" ] && break; sleep 0.1; done
  echo "on $card" > "$simdir/ctl" ) &
"$run_kiosk" "$kiosk" "$work" --windowed 1920x1080 --config "$simdir/kiosk.toml" --script "$script"
