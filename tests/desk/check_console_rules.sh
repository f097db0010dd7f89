#!/usr/bin/env bash
# The console's static rules (docs/DESK_CONSOLE.md): no inline script or style (the CSP would block them,
# so they would be dead code or a hole if the CSP were ever loosened), no HTML sinks for text
# (innerHTML & co.), nothing loaded from another origin. Usage: check_console_rules.sh ASSETS_DESK_DIR
set -euo pipefail
dir=${1:?usage: check_console_rules.sh assets/desk}

check() {   # check DIR → prints offending lines, exit 1 if any
  local d=$1 bad=0
  # inline handlers / style attributes / inline <script> bodies / javascript: URLs in the pages
  if grep -nE '<[^>]+ on[a-z]+=|style=|<script>|<script [^>]*>[^<]|javascript:' "$d"/*.html; then bad=1; fi
  if grep -nE '<style' "$d"/*.html; then bad=1; fi
  # HTML sinks and code from strings in the scripts
  if grep -nE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|setTimeout\("|setInterval\("' "$d"/*.js; then bad=1; fi
  # another origin: http(s):// or protocol-relative URLs in src/href/url()/fetch
  if grep -nE '(src|href)="(https?:)?//|url\((https?:)?//|fetch\("(https?:)?//' "$d"/*.html "$d"/*.js "$d"/*.css; then bad=1; fi
  return $bad
}

# Self-test: the checks must catch each kind of mistake, else they prove nothing.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for sample in '<button onclick="x()">' '<p style="color:red">' '<script>alert(1)</script>' \
              '<script src="https://cdn.example/x.js"></script>' ; do
  printf '%s\n' "$sample" >"$tmp/a.html"; : >"$tmp/a.js"; : >"$tmp/a.css"
  if check "$tmp" >/dev/null; then echo "self-test: not caught: $sample" >&2; exit 1; fi
done
for sample in 'el.innerHTML = s;' 'document.write(s)' 'eval(s)'; do
  : >"$tmp/a.html"; printf '%s\n' "$sample" >"$tmp/a.js"
  if check "$tmp" >/dev/null; then echo "self-test: not caught: $sample" >&2; exit 1; fi
done

if ! check "$dir"; then
  echo "check_console_rules: the lines above break the console's rules (docs/DESK_CONSOLE.md)" >&2
  exit 1
fi
echo "check_console_rules: $(ls "$dir" | wc -l) files clean"
