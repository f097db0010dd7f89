#!/usr/bin/env bash
# The dependency rule (DESIGN.md, ARCHITECTURE.md), with no exemptions:
#   app/      the core: no ImGui/GLFW, no printer/, ui/, server/ or kiosk/ headers
#   ui/       ImGui's only home: no SQLite, curl, printer/, server/ or kiosk/ headers (screens go through AppState)
#   printer/  no ImGui/GLFW, no ui/, server/ or kiosk/ headers
#   server/   no ImGui/GLFW, no ui/ or kiosk/ headers (it may use printer/: the desk prints A4 forms)
#   kiosk/    the composition root: the one folder that may include core, ui and printer together, and
#             the only one that talks to systemd (sd-daemon.h: READY and the watchdog)
#   SQL       only the store (app/store*.cpp) and the intake's database file include sqlite3.h or the
#             store's SQL helpers; the tests' probe of the store's connection is named by tests alone;
#             PostgreSQL (libpq-fe.h, pqxx) only in the intake's PostgreSQL store (server/intake_pg*, pg_conn*)
# Fails with each offending file and the include that breaks the rule.
set -u
src=${1:?usage: check_layering.sh SOURCE_DIR}
cd "$src" || exit 2
status=0
# check FOLDER REGEX WHY — every #include in FOLDER matching REGEX is a violation.
check() {
    local dir=$1 re=$2 why=$3 hits
    [ -d "$dir" ] || return 0
    hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($re)" "$dir" \
             --include='*.cpp' --include='*.hpp' --include='*.h' || true)
    if [ -n "$hits" ]; then
        echo "$dir/ $why:"
        echo "$hits" | sed 's/^/  /'
        status=1
    fi
}
gui='imgui|backends/imgui|GLFW/'
check app "$gui|ui/|printer/|server/|kiosk/" "is the core: it must not include ImGui/GLFW, ui/, printer/, server/ or kiosk/ headers"
check ui 'sqlite3\.h|curl/|printer/|server/|kiosk/' "must not touch SQLite, curl, the printer, the server or the composition root (go through AppState)"
check printer "$gui|ui/|server/|kiosk/" "must not include ImGui/GLFW, ui/, server/ or kiosk/ headers"
check server "$gui|ui/|kiosk/" "must not include ImGui/GLFW, ui/ or kiosk/ headers"
for dir in app ui printer server; do
    check $dir 'systemd/' "must not talk to systemd: supervision is the composition root's (kiosk/watchdog.hpp)"
done
sql=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sqlite3\.h|(app/)?store_sql\.hpp)' app ui server printer kiosk bench \
        --include='*.cpp' --include='*.hpp' --include='*.h' 2>/dev/null |
      grep -vE '^app/store[a-z_]*\.(cpp|hpp)$|^server/intake_sqlite[a-z_]*\.cpp$' || true)
if [ -n "$sql" ]; then echo "SQL outside the store (add a Store method instead): $sql"; status=1; fi
pgsql=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](libpq-fe\.h|pqxx/|server/pg_conn\.hpp)' app ui server printer kiosk bench \
        --include='*.cpp' --include='*.hpp' --include='*.h' 2>/dev/null |
      grep -vE '^server/(intake_pg[a-z_]*|pg_conn)\.(cpp|hpp)$' || true)
if [ -n "$pgsql" ]; then echo "PostgreSQL outside the intake's PostgreSQL store (add an IntakeStore method instead): $pgsql"; status=1; fi
probe=$(grep -rl 'StoreProbe' app ui server printer kiosk bench --include='*.cpp' --include='*.hpp' 2>/dev/null |
        grep -v '^app/store\.hpp$' || true)
if [ -n "$probe" ]; then echo "StoreProbe is for tests only: $probe"; status=1; fi
[ $status -eq 0 ] && echo "layering ok: core free of ui/printer/server, ImGui only in ui/, wiring only in kiosk/, SQL only in the store"
exit $status
