#!/bin/sh
# run_kiosk.sh KIOSK WORKDIR [kiosk args…] — runs the real kiosk under Xvfb with a fresh data dir
# WORKDIR/data, bounded in time (a hung kiosk fails the test instead of hanging CTest).
set -eu
kiosk="$1"; work="$2"; shift 2
rm -rf "$work"
mkdir -p "$work"
cd "$work"   # screenshots a script names land here
exec timeout -k 10 180 xvfb-run -a -s "-screen 0 1920x1080x24" \
  "$kiosk" --data-dir "$work/data" "$@"
