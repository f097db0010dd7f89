#!/bin/sh
# reader_flow.sh RUN_KIOSK KIOSK SIM CARD WORK SIMDIR SCRIPT CHECK_DB — the real kiosk under Xvfb with
# kiosk-reader-sim on a pty (card already on the reader), driven by SCRIPT; then one request in the DB,
# the ID number nowhere in plaintext, the request says its identity came from the card (decrypted by
# `kiosk queue sources`), and "请取走您的身份证" was spoken (the voice queue's KIOSK_VOICE_LOG) at done and
# again when the visit ended with the card still there. The simulator is stopped by pid however the kiosk ends.
set -u
run_kiosk=$1 kiosk=$2 sim=$3 card=$4 work=$5 simdir=$6 script=$7 check_db=$8
rm -rf "$simdir"; mkdir -p "$simdir"
printf '[reader]\nuri = "sim:%s/reader"\n' "$simdir" > "$simdir/kiosk.toml"
"$sim" --link "$simdir/reader" --card "$card" > "$simdir/sim.log" 2>&1 </dev/null &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null' EXIT
for _ in $(seq 50); do [ -e "$simdir/reader" ] && break; sleep 0.1; done
export KIOSK_VOICE_LOG="$simdir/voice.log" KIOSK_ESPEAK=""   # logged, not played
"$run_kiosk" "$kiosk" "$work" --windowed 1280x800 --config "$simdir/kiosk.toml" --script "$script" || exit 1
cd "$work" && "$check_db" data 1 110105198503121234 13800138000 || exit 1
sources=$("$kiosk" queue sources --data-dir "$work/data") || { echo "reader_flow: kiosk queue sources failed"; exit 1; }
echo "reader_flow: $sources" | tr '\n' ' '; echo
printf '%s\n' "$sources" | grep -qx 'card 1' || { echo "reader_flow: the stored request does not say source = card"; exit 1; }
printf '%s\n' "$sources" | grep -qx 'typed 0' || { echo "reader_flow: a typed request was stored"; exit 1; }
spoken=$(grep -c '^start prompt: .*请取走您的身份证' "$simdir/voice.log" 2>/dev/null || true)
echo "reader_flow: take-card reminders spoken: ${spoken:-0}"
[ "${spoken:-0}" -ge 2 ] || { echo "reader_flow: 请取走您的身份证 was not spoken at done and at the end of the visit"; cat "$simdir/voice.log" 2>/dev/null; exit 1; }
