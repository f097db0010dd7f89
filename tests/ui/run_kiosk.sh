#!/bin/sh
# run_kiosk.sh KIOSK WORKDIR [kiosk args…] — runs the real kiosk under Xvfb with a fresh data dir
# WORKDIR/data, bounded in time (a hung kiosk fails the test instead of hanging CTest).
set -eu
kiosk="$1"; work="$2"; shift 2
rm -rf "$work"
mkdir -p "$work"
cd "$work"   # screenshots a script names land here
# A display number of our own (CTest gives each test one): parallel `xvfb-run -a` starts can race for the
# same number. Outside CTest, one derived from the work dir.
num=${KIOSK_XVFB_NUM:-$((300 + $(printf '%s' "$work" | cksum | cut -d' ' -f1) % 600))}
# KIOSK_XVFB_SCREEN: a larger screen for portrait windows (1080×1920 does not fit on 1920×1080).
exec timeout -k 10 180 xvfb-run -n "$num" -s "-screen 0 ${KIOSK_XVFB_SCREEN:-1920x1080x24}" \
  "$kiosk" --data-dir "$work/data" "$@"
