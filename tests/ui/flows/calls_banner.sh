#!/bin/sh
# calls_banner.sh KIOSK FAKE_INTAKE PKI_DIR WORK RUN_KIOSK FLOWS PNG_CHECK — the real kiosk under Xvfb
# against a fake intake (tests/upload/fake_events_intake) over mutual TLS: the station calls two tickets,
# the banner shows them (calls_banner.script waits for the text) and the voice log holds the spoken call;
# then a receipt scanned (a keyboard-wedge burst) shows the intake's 已办结 on the progress screen.
set -eu
kiosk=$1; fake=$2; pki=$3; work=$4; run=$5; flows=$6; png=$7
rm -rf "$work"
mkdir -p "$work"
"$fake" "$work/port" 150 call:A023:2:6000 call:B005:1:9000 \
  'progress:{"service_id":"cert.no-criminal-record","service":{"zh":"无犯罪记录证明","en":"No-criminal-record certificate"},"masked_name":"张*","desk_status":"done","updated_at":"2026-12-02T10:00:00+08:00"}' \
  2>"$work/fake.log" &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true' EXIT
i=0
while [ ! -s "$work/port" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$work/port")
cat > "$work/kiosk.toml" <<TOML
[kiosk]
fullscreen = false
[upload]
url = "https://localhost:$port"
ca_file = "$pki/ca.crt"
client_cert = "$pki/kiosk.crt"
client_key = "$pki/kiosk.key"
[scanner]
uri = "hid"
TOML
KIOSK_VOICE_LOG="$work/voice.log" KIOSK_ESPEAK=/bin/true KIOSK_CHIME_PLAYER=/bin/true \
  "$run" "$kiosk" "$work/run" --config "$work/kiosk.toml" --windowed 1280x800 --script "$flows/calls_banner.script"
cat "$work/voice.log"
grep -q "start call: 请 A 零 二 三 号，到 二 号窗口办理" "$work/voice.log"
grep -q "end call: 请 A 零 二 三 号，到 二 号窗口办理" "$work/voice.log"
grep -q "call: 请 B 零 零 五 号，到 一 号窗口办理" "$work/voice.log"
# The kiosk's database: the cursor past both calls, both in the calls table.
test "$(sqlite3 "$work/run/data/kiosk.db" 'SELECT seq FROM event_cursor')" = 2
test "$(sqlite3 "$work/run/data/kiosk.db" 'SELECT COUNT(*) FROM calls')" = 2
for f in banner_attract banner_home progress_ways progress_done; do "$png" "$work/run/$f.png" --width 1280 --height 800; done
echo "calls banner flow ok"
