#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests (issue #18): `pg_server.sh start DIR` makes a cluster in a
# fresh temporary directory, starts it listening on a Unix socket only (no TCP port to collide on), creates
# the database `kiosk`, and writes its connection URI to DIR/uri; `pg_server.sh stop DIR` stops it and removes
# the cluster; `halt DIR` / `resume DIR` stop and start that same cluster (the outage tests). The server
# refuses to run as root, so as root it runs as the `postgres` user (Debian's postgresql-15 package makes it); as anyone else it runs as that user. Exit 77 (CTest: skipped, never a
# pass) when PostgreSQL's binaries are not installed.
set -euo pipefail

cmd=${1:?usage: pg_server.sh start|stop|halt|resume DIR}
dir=${2:?usage: pg_server.sh start|stop|halt|resume DIR}
bindir=${KIOSK_PG_BINDIR:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

run_server() {   # run_server CLUSTER — pg_ctl start, waiting until it accepts connections
  as_owner "$bindir/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$1' -c max_connections=300 -c fsync=on" start \
    >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$1/server.log" >&2; exit 1; }
}

case "$cmd" in
start)
  if [ ! -x "$bindir/pg_ctl" ]; then
    echo "pg_server: $bindir/pg_ctl not found — install postgresql-15 (scripts/install-deps)" >&2
    exit 77
  fi
  mkdir -p "$dir"
  # A previous run killed before its stop: stop that server first, so it does not hold the socket.
  if [ -f "$dir/cluster" ]; then "$0" stop "$dir" || true; fi
  # The cluster lives under /tmp: the socket path must stay under 107 bytes, and the postgres user must be
  # able to reach it whatever the build directory's permissions are.
  cluster=$(mktemp -d /tmp/kiosk-pg.XXXXXX)
  chmod 0755 "$cluster"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$cluster"; fi
  echo "$cluster" > "$dir/cluster"
  as_owner "$bindir/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  run_server "$cluster"
  as_owner "$bindir/psql" -h "$cluster" -U postgres -d postgres -qAt -c "CREATE DATABASE kiosk" >/dev/null
  echo "postgresql://postgres@/kiosk?host=$cluster" > "$dir/uri"
  echo "pg_server: PostgreSQL up on $cluster (uri in $dir/uri)"
  ;;
stop)
  [ -f "$dir/cluster" ] || exit 0
  cluster=$(cat "$dir/cluster")
  if [ -d "$cluster/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster" "$dir/cluster" "$dir/uri"
  ;;
halt)
  cluster=$(cat "$dir/cluster")
  as_owner "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null
  ;;
resume)
  run_server "$(cat "$dir/cluster")"
  ;;
*)
  echo "usage: pg_server.sh start|stop|halt|resume DIR" >&2; exit 2 ;;
esac
