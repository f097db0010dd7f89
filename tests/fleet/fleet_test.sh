#!/bin/sh
# fleet_test.sh MODE FLEET INTAKE CATALOG WORK — many simulated kiosks (tools/fleet) draining into
# kiosk-intake, and exactly once checked in the database afterwards (issue #18, docs/ADMIN.md "PostgreSQL").
#   sqlite    one instance on SQLite (the embedded default)
#   pg-two    two instances on one PostgreSQL, every request also resent to the other instance
#   pg-kill   two instances, one SIGKILLed when a third of the requests is acknowledged
#   pg-outage two instances, PostgreSQL stopped for 3 s mid-stream (pg_server.sh halt/resume), then drained
# The PostgreSQL modes use the CTest fixture `pg` (tests/pg) and a fresh database of their own.
set -eu
# (pipefail is not in dash: the fleet's own exit is checked through its result line too)
mode=$1; fleet=$2; intake=$3; catalog=$4; work=$5
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
pki=$work/pki
"$here/../../scripts/dev-pki" "$pki" >/dev/null
common="--intake $intake --pki $pki --catalog $catalog --work $work/run"
if [ "$mode" = sqlite ]; then
  exec "$fleet" $common --db "$work/intake.db" --kiosks 20 --per-kiosk 15
fi
uri_file=${KIOSK_TEST_PG_URI_FILE:?the pg fixture did not run (KIOSK_TEST_PG_URI_FILE unset)}
[ -s "$uri_file" ] || { echo "fleet_test: no PostgreSQL URI in $uri_file"; exit 1; }
uri=$(cat "$uri_file")
pgdir=$(dirname "$uri_file")
db="fleet_$(echo "$mode" | tr -c 'a-z0-9\n' _)_$$"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg psql -q -d "$uri" -c "CREATE DATABASE $db" >/dev/null
trap 'as_pg psql -q -d "$uri" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
dburi=$(printf '%s' "$uri" | sed "s|/kiosk?|/$db?|")
mkdir -p "$work/keys"
set -- $common --db "$dburi" --key-dir "$work/keys" --instances 2
case "$mode" in
  pg-two) "$fleet" "$@" --kiosks 24 --per-kiosk 12 --resend ;;
  pg-kill|pg-outage)
    if [ "$mode" = pg-kill ]; then
      "$fleet" "$@" --kiosks 24 --per-kiosk 30 --kill-one-at 0.25 | tee "$work/result"
    else
      "$fleet" "$@" --kiosks 24 --per-kiosk 40 --pause-db-at 0.2 --pause-s 3 \
        --pause-cmd "bash $here/../pg/pg_server.sh halt $pgdir" --resume-cmd "bash $here/../pg/pg_server.sh resume $pgdir" | tee "$work/result"
    fi
    grep -q ' exactly_once=yes$' "$work/result" || { echo "fleet_test: not exactly once (see above)"; exit 1; }
    # The fault must have hit the stream: some kiosks had to try again (else this run proved nothing).
    grep -q ' retries=[1-9]' "$work/result" || { echo "fleet_test: the fault came after the stream had drained (no retries)"; exit 1; } ;;
  *) echo "fleet_test: unknown mode $mode"; exit 2 ;;
esac
