#!/bin/sh
# start_refusals.sh KIOSK MAKE_DATA_DIR WORK — the real kiosk refuses a damaged data dir (missing or
# replaced data.key beside sealed requests, a 0-byte kiosk.db beside a key) with exit code 1, one message
# naming what it needs, and no file of the data dir changed; a fresh install still starts; config errors
# about files name the config file and the key. No display: every case ends before a window is needed.
set -u
kiosk="$1"; make="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
unset DISPLAY WAYLAND_DISPLAY
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
sums() { (cd "$1" && find . -type f | sort | xargs -r sha256sum); }

# expect NAME CODE DIR CMD… — runs CMD; checks its exit code, that DIR's files did not change; leaves the
# message in $work/NAME.err for the greps that follow.
expect() {
  name="$1"; code="$2"; dir="$3"; shift 3
  before=$(sums "$dir")
  "$@" >"$work/$name.out" 2>"$work/$name.err"; rc=$?
  after=$(sums "$dir")
  [ "$rc" = "$code" ] || fail "$name: exit code $rc, expected $code ($(cat "$work/$name.err"))"
  [ "$before" = "$after" ] || fail "$name: the data dir changed: $(printf '%s\n%s' "$before" "$after" | sort | uniq -u)"
  [ "$(grep -c . "$work/$name.err")" -le 2 ] || fail "$name: more than one message: $(cat "$work/$name.err")"
}
says() { grep -qF -- "$2" "$work/$1.err" || fail "$1: message lacks '$2': $(cat "$work/$1.err")"; }

# A fresh install: no data dir at all → the key is created and the subcommand works.
"$kiosk" audit verify --data-dir "$work/fresh" >/dev/null 2>"$work/fresh.err" || fail "fresh: $(cat "$work/fresh.err")"
[ -f "$work/fresh/data.key" ] || fail "fresh: no data.key created"

# 1a. data.key deleted beside sealed requests.
d="$work/missing"; id=$("$make" "$d" 3) || fail "make_data_dir: $id"
rm "$d/data.key"
expect missing 1 "$d" "$kiosk" audit verify --data-dir "$d"
says missing "$id"; says missing "$d/data.key"; says missing "backup"; says missing "Nothing has been changed"
[ -e "$d/data.key" ] && fail "missing: a new data.key was written"
expect missing_kiosk 1 "$d" "$kiosk" --data-dir "$d" --windowed 640x480 --screenshot "$work/never.png" --quit-after-frames 1
says missing_kiosk "$id"
[ -e "$d/data.key" ] && fail "missing_kiosk: a new data.key was written"

# 1b. data.key replaced by another 32-byte key.
d="$work/replaced"; id=$("$make" "$d" 2) || fail "make_data_dir: $id"
head -c 32 /dev/urandom >"$d/data.key"; chmod 600 "$d/data.key"
new_id=$(sha256sum "$d/data.key" | cut -c1-16)
expect replaced 1 "$d" "$kiosk" audit verify --data-dir "$d"
says replaced "$id"; says replaced "$new_id"; says replaced "$d/data.key"; says replaced "backup"
expect replaced_kiosk 1 "$d" "$kiosk" --data-dir "$d" --windowed 640x480 --screenshot "$work/never.png" --quit-after-frames 1
says replaced_kiosk "$id"

# 2. kiosk.db emptied to 0 bytes beside its key.
d="$work/zero"; "$make" "$d" 1 >/dev/null || fail "make_data_dir"
: >"$d/kiosk.db"
expect zero 1 "$d" "$kiosk" staff list --data-dir "$d"
says zero "$d/kiosk.db"; says zero "0 bytes"; says zero "backup"
expect zero_kiosk 1 "$d" "$kiosk" --data-dir "$d" --windowed 640x480 --screenshot "$work/never.png" --quit-after-frames 1
says zero_kiosk "$d/kiosk.db"

# 3. Files a config key names: the message names the config file and the key.
d="$work/cfg"; mkdir -p "$d/data"
cat >"$d/kiosk.toml" <<TOML
[kiosk]
data_dir = "$d/data"
[upload]
url = "https://127.0.0.1:9"
ca_file = "$d/ca.crt"
client_cert = "$d/kiosk.crt"
client_key = "$d/missing.key"
TOML
expect client_key_missing 2 "$d/data" "$kiosk" --config "$d/kiosk.toml" --windowed 640x480 --screenshot "$work/never.png" --quit-after-frames 1
says client_key_missing "$d/kiosk.toml: key 'upload.client_key'"; says client_key_missing "$d/missing.key"
echo secret >"$d/missing.key"; chmod 644 "$d/missing.key"
expect client_key_mode 2 "$d/data" "$kiosk" --config "$d/kiosk.toml" --windowed 640x480 --screenshot "$work/never.png" --quit-after-frames 1
says client_key_mode "$d/kiosk.toml: key 'upload.client_key'"; says client_key_mode "chmod 600"
: >"$d/not-a-dir"
expect data_dir_bad 2 "$d" "$kiosk" audit verify --data-dir "$d/not-a-dir/data"
says data_dir_bad "key 'kiosk.data_dir'"; says data_dir_bad "--data-dir"; says data_dir_bad "$d/not-a-dir/data"

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "all start-up refusals as expected"
