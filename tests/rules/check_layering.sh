#!/usr/bin/env bash
# The dependency rule (DESIGN.md, ARCHITECTURE.md), with no exemptions:
#   app/      the core: no ImGui/GLFW, no printer/, ui/, server/ or kiosk/ headers
#   ui/       ImGui's only home: no SQLite, curl, printer/, server/ or kiosk/ headers (screens go through AppState)
#   printer/  no ImGui/GLFW, no ui/, server/ or kiosk/ headers
#   server/   no ImGui/GLFW, no ui/ or kiosk/ headers (it may use printer/: the desk prints A4 forms)
#   kiosk/    the composition root: the one folder that may include core, ui and printer together
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
[ $status -eq 0 ] && echo "layering ok: core free of ui/printer/server, ImGui only in ui/, wiring only in kiosk/"
exit $status
