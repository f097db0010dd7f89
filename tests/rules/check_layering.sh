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
[ $status -eq 0 ] && echo "layering ok: ImGui only in ui/, no SQLite/curl/printer in ui/"
exit $status
