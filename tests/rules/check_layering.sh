#!/usr/bin/env bash
# The one dependency rule (DESIGN.md): only ui/ includes ImGui; the core never touches it, and screens never
# touch SQLite, curl or the printer directly. Fails with the offending files listed.
set -u
src=${1:?usage: check_layering.sh SOURCE_DIR}
cd "$src" || exit 2
status=0
core=$(grep -rlE '#include *[<"](imgui|backends/imgui|GLFW/)' app --include='*.cpp' --include='*.hpp' --include='*.h' | grep -v '^app/main.cpp$' || true)
if [ -n "$core" ]; then echo "app/ includes ImGui/GLFW (keep them in ui/): $core"; status=1; fi
screens=$(grep -rlE '#include *[<"](sqlite3\.h|curl/curl\.h|printer/)' ui --include='*.cpp' --include='*.hpp' --include='*.h' 2>/dev/null || true)
if [ -n "$screens" ]; then echo "ui/ touches SQLite/curl/printer directly (go through AppState): $screens"; status=1; fi
printer=$(grep -rlE '#include *[<"](imgui|GLFW/)' printer server --include='*.cpp' --include='*.hpp' 2>/dev/null || true)
if [ -n "$printer" ]; then echo "printer/ or server/ includes ImGui: $printer"; status=1; fi
# The store is the only code that speaks SQL (docs/ARCHITECTURE.md): SQLite and the store's SQL helpers are
# included by app/store*.cpp and the intake's database file only, and the tests' probe of the store's
# connection (tests/core/store_probe.hpp) is named by tests alone.
sql=$(grep -rlE '#include *[<"](sqlite3\.h|(app/)?store_sql\.hpp)' app ui server printer kiosk bench \
        --include='*.cpp' --include='*.hpp' --include='*.h' 2>/dev/null |
      grep -vE '^app/store[a-z_]*\.(cpp|hpp)$|^server/intake_db\.cpp$' || true)
if [ -n "$sql" ]; then echo "SQL outside the store (add a Store method instead): $sql"; status=1; fi
probe=$(grep -rl 'StoreProbe' app ui server printer kiosk bench --include='*.cpp' --include='*.hpp' 2>/dev/null |
        grep -v '^app/store\.hpp$' || true)
if [ -n "$probe" ]; then echo "StoreProbe is for tests only: $probe"; status=1; fi
[ $status -eq 0 ] && echo "layering ok: ImGui only in ui/, no SQLite/curl/printer in ui/, SQL only in the store"
exit $status
