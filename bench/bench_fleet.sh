#!/bin/sh
# bench_fleet BUILD [KIOSKS] [PER_KIOSK] [ROUNDS] — the city-wide intake (issue #18): KIOSKS simulated kiosks
# (threads, each with its own client certificate and one kept-alive mTLS connection; tools/fleet) drain
# PER_KIOSK requests each into
#   1. one kiosk-intake on SQLite (the baseline, same run),
#   2. one kiosk-intake on PostgreSQL,
#   3. two kiosk-intake instances on that PostgreSQL, the kiosks spread over both.
# ROUNDS times (default 3), the three in turn, so that a load that comes and goes on the machine hits
# them alike; the figure of each is its median round. Every run ends with exactly once checked in the
# database (kiosk-intake list). Requests/s, p99, CPU per request, and the ratios against SQLite.
# PostgreSQL is a throwaway cluster (tests/pg/pg_server.sh).
set -eu
build=$(cd "${1:-build-bench}" && pwd); kiosks=${2:-200}; per=${3:-50}; rounds=${4:-3}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench/fleet
rm -rf "$work"; mkdir -p "$work"
"$src/scripts/dev-pki" "$work/pki" >/dev/null
pg=$work/pg
bash "$src/tests/pg/pg_server.sh" start "$pg" >/dev/null
trap 'bash "$src/tests/pg/pg_server.sh" stop "$pg" >/dev/null 2>&1 || true' EXIT
uri=$(cat "$pg/uri")
dbpid=$(head -1 "$(cat "$pg/cluster")/data/postmaster.pid")   # the fleet reports the database's CPU per request
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run() {  # run NAME ARGS… → the fleet's result line (and its notes, indented)
  name=$1; shift
  "$build/kiosk-fleet" --intake "$build/server/kiosk-intake" --pki "$work/pki" --catalog "$src/assets/catalog" \
    --work "$work/$name" --kiosks "$kiosks" --per-kiosk "$per" "$@" 2>&1 | sed -n 's/^fleet /'"$name"' /p; s/^  /    /p'
}
newdb() { as_pg psql -q -d "$uri" -c "CREATE DATABASE $1" >/dev/null; printf '%s' "$uri" | sed "s|/kiosk?|/$1?|"; }
: > "$work/results"
i=1
while [ "$i" -le "$rounds" ]; do
  rm -rf "$work/sqlite"; mkdir -p "$work/keys1-$i" "$work/keys2-$i"
  run sqlite --db "$work/sqlite/intake.db" | tee -a "$work/results"
  run pg1 --db "$(newdb fleet1_$i)" --key-dir "$work/keys1-$i" --instances 1 --db-pid "$dbpid" | tee -a "$work/results"
  run pg2 --db "$(newdb fleet2_$i)" --key-dir "$work/keys2-$i" --instances 2 --db-pid "$dbpid" | tee -a "$work/results"
  i=$((i + 1))
done
median() {  # median NAME FIELD → the FIELD of NAME's median round by requests/s
  grep "^$1 " "$work/results" | sed -n 's/.* rps=\([0-9]*\).*/\1 &/p' | sort -n | awk -v f="$2" '
    { line[NR] = $0 } END { split(line[int((NR + 1) / 2)], w, " "); for (i in w) if (index(w[i], f "=") == 1) { sub(f "=", "", w[i]); print w[i] } }'
}
b=$(median sqlite rps); p1=$(median pg1 rps); p2=$(median pg2 rps)
echo "medians of $rounds rounds: sqlite $b/s (p99 $(median sqlite p99_ms) ms), pg1 $p1/s (p99 $(median pg1 p99_ms) ms, cpu $(median pg1 cpu_ms_per_req)), pg2 $p2/s (p99 $(median pg2 p99_ms) ms, cpu $(median pg2 cpu_ms_per_req))"
awk -v b="$b" -v p1="$p1" -v p2="$p2" 'BEGIN {
  printf "PostgreSQL 1 instance: %.2fx the SQLite intake; 2 instances: %.2fx SQLite, %.2fx one instance\n", p1 / b, p2 / b, p2 / p1;
  printf "goals: >= 2000 requests/s sustained (2 instances: %s), two instances faster than one (%s)\n",
         (p2 >= 2000 ? "met" : "MISSED"), (p2 > p1 ? "met" : "MISSED") }'
