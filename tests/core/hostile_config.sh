#!/usr/bin/env bash
# `kiosk printer status` (and so the kiosk itself: one load_config) refuses configs whose nesting would
# overflow tomlplusplus's stack, with exit code 2 and one line naming file:line — not a crash (139/134).
set -u
kiosk=${1:?usage: hostile_config.sh KIOSK_BINARY}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
parts=$(yes a | head -n 50000 | paste -sd.)   # a.a.a… : 50 000 parts, 100 KB
printf '[kiosk]\n%s=1\n' "$parts" >"$dir/key.toml"
printf '[%s]\n' "$parts" >"$dir/header.toml"
printf 'a=%s%s\n' "$(printf '[%.0s' $(seq 50000))" "$(printf ']%.0s' $(seq 50000))" >"$dir/arrays.toml"
for f in key header arrays; do
    out=$("$kiosk" printer status --config "$dir/$f.toml" 2>&1)
    rc=$?
    if [ $rc -ne 2 ]; then echo "$f.toml: exit $rc, want 2: $out"; status=1; continue; fi
    case "$out" in
        *"$dir/$f.toml:"[12]": nested more than 64 levels deep"*) echo "$f.toml: refused: ${out:0:120}" ;;
        *) echo "$f.toml: exit 2 but not the pre-scan's message: ${out:0:300}"; status=1 ;;
    esac
done
exit $status
