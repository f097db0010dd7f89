#!/bin/sh
# check_db.sh DATA_DIR REQUESTS [PLAINTEXT…] — after a flow: the kiosk's database holds REQUESTS requests
# and as many outbox rows, passes integrity_check, and none of the PLAINTEXT strings (ID numbers, phones)
# appears in the database files (they are stored encrypted).
set -eu
data="$1"; want="$2"; shift 2
db="$data/kiosk.db"
[ -f "$db" ] || { echo "check_db: $db missing"; exit 1; }
n=$(sqlite3 "$db" "SELECT count(*) FROM requests;")
o=$(sqlite3 "$db" "SELECT count(*) FROM outbox;")
ic=$(sqlite3 "$db" "PRAGMA integrity_check;")
echo "check_db: requests=$n outbox=$o integrity=$ic"
[ "$n" = "$want" ] || { echo "check_db: expected $want requests"; exit 1; }
[ "$o" = "$want" ] || { echo "check_db: expected $want outbox rows"; exit 1; }
[ "$ic" = "ok" ] || exit 1
for s in "$@"; do
  if grep -a -q -F "$s" "$db" "$db-wal" 2>/dev/null; then echo "check_db: '$s' is stored in plaintext"; exit 1; fi
done
echo "check_db: ok"
