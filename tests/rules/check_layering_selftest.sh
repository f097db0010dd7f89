#!/usr/bin/env bash
# The layering rule can fail: copy the tree's folders, plant one violation at a time, and expect
# check_layering.sh to reject each (and to accept the clean copy).
set -u
src=${1:?usage: check_layering_selftest.sh SOURCE_DIR}
rule="$src/tests/rules/check_layering.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
fresh() { rm -rf "$tmp/t"; mkdir -p "$tmp/t"; cp -r "$src/app" "$src/ui" "$src/printer" "$src/server" "$src/kiosk" "$src/bench" "$tmp/t/"; }
fresh
if ! "$rule" "$tmp/t" >/dev/null; then echo "selftest: the clean tree is rejected"; fail=1; fi
plant() {   # plant FILE LINE — expect rejection
    fresh
    printf '%s\n' "$2" >> "$tmp/t/$1"
    if "$rule" "$tmp/t" >/dev/null; then echo "selftest: not caught: $2 in $1"; fail=1
    else echo "selftest: caught: $2 in $1"; fi
}
plant app/session.cpp '#include "printer/receipt.hpp"'
plant app/session.cpp '#include "server/intake_store.hpp"'
plant app/session.cpp '#include <imgui.h>'
plant app/session.cpp '#include "ui/ui.hpp"'
plant app/store.cpp '#include "kiosk/startup.hpp"'
plant ui/screens/home.cpp '#include <sqlite3.h>'
plant ui/screens/home.cpp '#include "printer/receipt.hpp"'
plant ui/screens/home.cpp '#include <curl/curl.h>'
plant printer/receipt.cpp '#include <imgui.h>'
plant server/main.cpp '#include "ui/ui.hpp"'
plant app/staff_desk.cpp '#include <sqlite3.h>'
plant kiosk/kiosk_app.cpp '#include "app/store_sql.hpp"'
plant server/desk_api.cpp '#include <libpq-fe.h>'
plant server/intake_server.cpp '#include "server/pg_conn.hpp"'
exit $fail
