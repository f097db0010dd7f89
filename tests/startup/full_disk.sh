#!/bin/sh
# full_disk.sh KIOSK MAKE_DATA_DIR PNG_CHECK WORK — a data dir on a real, full file system (a 1 MiB tmpfs):
# the kiosk says the file system is full, and under Xvfb still opens its window with the out-of-service
# screen; with no display it exits 1. Needs root for the mount: otherwise SKIPPED (exit 77), never passed.
set -u
kiosk="$1"; make="$2"; png_check="$3"; work="$4"
rm -rf "$work"; mkdir -p "$work/fs"
if ! mount -t tmpfs -o size=1M tmpfs "$work/fs" 2>"$work/mount.err"; then
  echo "SKIPPED: cannot mount a tmpfs (needs root): $(cat "$work/mount.err")"; exit 77
fi
trap 'umount "$work/fs"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
fill() { dd if=/dev/zero of="$work/fs/fill-$1" bs=4k 2>/dev/null; }

"$make" "$work/fs/used" 2 >/dev/null || fail "make_data_dir"
fill 1
mkdir -p "$work/fs/fresh" 2>/dev/null   # may fail on the full fs: the kiosk then cannot create it either

for dir in used fresh; do
  d="$work/fs/$dir"
  env -u DISPLAY "$kiosk" --data-dir "$d" --windowed 640x480 --screenshot "$work/x.png" --quit-after-frames 2 \
    >/dev/null 2>"$work/$dir.err"; rc=$?
  [ "$rc" = 1 ] || fail "$dir, no display: exit code $rc, expected 1: $(cat "$work/$dir.err")"
  grep -q "file system is full (0 MiB free" "$work/$dir.err" || fail "$dir: no 'file system is full': $(cat "$work/$dir.err")"
  grep -q "free space, then restart" "$work/$dir.err" || fail "$dir: does not say what to do"
done

num=$((600 + $(printf '%s' "$work" | cksum | cut -d' ' -f1) % 200))
timeout -k 10 120 xvfb-run -n "$num" -s "-screen 0 1920x1080x24" "$kiosk" --data-dir "$work/fs/used" \
  --windowed 1280x800 --screenshot "$work/out-of-service.png" --quit-after-frames 6 2>"$work/xvfb.err"; rc=$?
[ "$rc" = 0 ] || fail "under Xvfb: exit code $rc: $(cat "$work/xvfb.err")"
"$png_check" "$work/out-of-service.png" --width 1280 --height 800 || fail "out-of-service screenshot"

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "full disk: message and out-of-service screen as expected ($work/out-of-service.png)"
