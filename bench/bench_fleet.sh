#!/bin/sh
# bench_fleet BUILD [KIOSKS] [PER_KIOSK] — the city-wide intake (issue #18): KIOSKS simulated kiosks (threads,
# each with its own client certificate and mTLS connections; tools/fleet) drain PER_KIOSK requests each into
#   1. one kiosk-intake on SQLite (the baseline, same run),
#   2. one kiosk-intake on PostgreSQL,
#   3. two kiosk-intake instances on that PostgreSQL, the kiosks spread over both.
# Every run ends with exactly once checked in the database (kiosk-intake list). Requests/s and p99 per run,
# and the ratios against the SQLite run. PostgreSQL is a throwaway cluster (tests/pg/pg_server.sh).
set -eu
build=$(cd "${1:-build-bench}" && pwd); kiosks=${2:-200}; per=${3:-50}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench/fleet
rm -rf "$work"; mkdir -p "$work"
"$src/scripts/dev-pki" "$work/pki" >/dev/null
pg=$work/pg
bash "$src/tests/pg/pg_server.sh" start "$pg" >/dev/null
trap 'bash "$src/tests/pg/pg_server.sh" stop "$pg" >/dev/null 2>&1 || true' EXIT
uri=$(cat "$pg/uri")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run() {  # run NAME ARGS… → the fleet's result line
  name=$1; shift
  "$build/kiosk-fleet" --intake "$build/server/kiosk-intake" --pki "$work/pki" --catalog "$src/assets/catalog" \
    --work "$work/$name" --kiosks "$kiosks" --per-kiosk "$per" "$@" 2>&1 | sed -n 's/^fleet /'"$name"' /p; s/^  /    /p'
}
newdb() { as_pg psql -q -d "$uri" -c "CREATE DATABASE $1" >/dev/null; printf '%s' "$uri" | sed "s|/kiosk?|/$1?|"; }
mkdir -p "$work/keys1" "$work/keys2"
r1=$(run sqlite --db "$work/sqlite/intake.db")
r2=$(run pg1 --db "$(newdb fleet1)" --key-dir "$work/keys1" --instances 1)
r3=$(run pg2 --db "$(newdb fleet2)" --key-dir "$work/keys2" --instances 2)
printf '%s\n%s\n%s\n' "$r1" "$r2" "$r3"
rps() { printf '%s\n' "$1" | sed -n 's/.* rps=\([0-9]*\).*/\1/p' | head -1; }
b=$(rps "$r1"); p1=$(rps "$r2"); p2=$(rps "$r3")
awk -v b="$b" -v p1="$p1" -v p2="$p2" 'BEGIN {
  printf "PostgreSQL 1 instance: %.2fx the SQLite intake; 2 instances: %.2fx SQLite, %.2fx one instance\n", p1 / b, p2 / b, p2 / p1;
  printf "goals: >= 2000 requests/s sustained (2 instances: %s), two instances faster than one (%s)\n",
         (p2 >= 2000 ? "met" : "MISSED"), (p2 > p1 ? "met" : "MISSED") }'
