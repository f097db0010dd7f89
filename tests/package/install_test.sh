#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR PNG_CHECK MAKE_DATA_DIR XVFB_NUM
# The packages end to end, on this machine (a throwaway root, as CI is): cpack builds both .debs, lintian
# finds no errors, dpkg installs them, the installed kiosk runs (--version, printer test, a screenshot from
# /usr/share/kiosk under Xvfb), an upgrade over itself keeps the conffile and a queued request, remove keeps
# the data, purge says how many requests were not uploaded and deletes them. The steps follow docs/ADMIN.md
# ("Install on Debian 12"). Whatever happens, the packages are purged at the end (trap).
# Exit 77 (CTest: SKIPPED, never passed) when not root.
set -u
build=$1 src=$2 work=$3 png_check=$4 make_data_dir=$5 xvfb_num=$6

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: the install test needs root (it installs the .debs with dpkg into this machine)"
    exit 77
fi

failures=0
step() { echo; echo "== $*"; }
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

# dpkg takes a lock other engineers' apt-get may hold for a while: wait for it instead of failing.
dpkg_retry() {
    local i out rc
    for i in $(seq 1 60); do
        out=$(dpkg "$@" 2>&1); rc=$?
        if [ $rc -eq 0 ] || ! printf '%s' "$out" | grep -q 'lock'; then printf '%s\n' "$out"; return $rc; fi
        sleep 5
    done
    printf '%s\n' "$out"; return $rc
}
cleanup() {
    dpkg_retry --purge kiosk kiosk-intake >/dev/null 2>&1 || true
    restore_catalog
}
restore_catalog() { [ -f "$work/index.json.moved" ] && mv "$work/index.json.moved" /usr/share/kiosk/catalog/index.json; return 0; }
trap cleanup EXIT

as_kiosk() { runuser -u kiosk -- "$@"; }

rm -rf "$work"
mkdir -p "$work"
version=$("$build/kiosk" --version | sed -n 's/^kiosk //p')

step "1. make package (cpack in the build tree)"
( cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" ) > "$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; bad "cpack"; exit 1; }
kdeb="$work/pkg/kiosk_${version}_amd64.deb"
ideb="$work/pkg/kiosk-intake_${version}_amd64.deb"
check "kiosk_${version}_amd64.deb built" test -s "$kdeb"
check "kiosk-intake_${version}_amd64.deb built" test -s "$ideb"
[ -s "$kdeb" ] && [ -s "$ideb" ] || exit 1
dpkg-deb -I "$kdeb" > "$work/kiosk.control"
cat "$work/kiosk.control"
for dep in 'libsqlite3-0' 'libglfw3' 'libssl3' 'libsystemd0' fonts-noto-cjk fonts-fork-awesome rime-data-luna-pinyin friso-dict espeak-ng cage; do
    check "kiosk depends on $dep" grep -q "Depends:.*$dep" "$work/kiosk.control"
done
check "kiosk's conffile is /etc/kiosk/kiosk.toml" sh -c "dpkg-deb --ctrl-tarfile '$kdeb' | tar -xO ./conffiles | grep -qx /etc/kiosk/kiosk.toml"
dpkg-deb -c "$kdeb" > "$work/kiosk.contents"
for f in ./usr/bin/kiosk ./usr/share/kiosk/catalog/index.json ./usr/share/kiosk/i18n/zh-CN.json ./etc/kiosk/kiosk.toml \
         ./lib/systemd/system/kiosk.service ./lib/udev/rules.d/70-kiosk-devices.rules ./usr/share/doc/kiosk/copyright; do
    check "kiosk.deb holds $f" grep -q " $f\$" "$work/kiosk.contents"
done
if [ -x "$build/kiosk-reader-sim" ]; then check "kiosk.deb holds kiosk-reader-sim" grep -q ' ./usr/bin/kiosk-reader-sim$' "$work/kiosk.contents"; fi
check "kiosk-intake.deb holds /usr/bin/kiosk-intake" sh -c "dpkg-deb -c '$ideb' | grep -q ' ./usr/bin/kiosk-intake\$'"

step "2. lintian: no errors"
lintian --fail-on error --tag-display-limit 0 "$kdeb" "$ideb" > "$work/lintian.txt" 2>&1
lrc=$?
cat "$work/lintian.txt"
check "lintian reports no errors" test $lrc -eq 0

step "3. dpkg -i (docs/ADMIN.md, step 2)"
dpkg_retry --purge kiosk kiosk-intake >/dev/null 2>&1   # a leftover of an earlier, interrupted run
rm -rf /var/lib/kiosk
dpkg_retry -i "$kdeb" "$ideb" > "$work/install.log" 2>&1
irc=$?
cat "$work/install.log"
check "dpkg -i both packages" test $irc -eq 0
[ $irc -eq 0 ] || exit 1
check "system user kiosk exists" getent passwd kiosk
check "/var/lib/kiosk is 0700 kiosk:kiosk" test "$(stat -c '%a %U:%G' /var/lib/kiosk)" = "700 kiosk:kiosk"
check "kiosk is in groups lp and dialout" sh -c "id -nG kiosk | tr ' ' '\n' | grep -qx lp && id -nG kiosk | tr ' ' '\n' | grep -qx dialout"
check "installed kiosk --version says $version" test "$(/usr/bin/kiosk --version)" = "kiosk $version"
check "kiosk.service enabled (display manager alias)" test -L /etc/systemd/system/display-manager.service -o -L /etc/systemd/system/graphical.target.wants/kiosk.service
check "systemd-analyze verify: both units" systemd-analyze verify /lib/systemd/system/kiosk.service /lib/systemd/system/kiosk-intake.service

# The guide's own commands (docs/ADMIN.md, blocks marked `install-test`), as written.
awk '/^```sh install-test$/ {on=1; next} /^```$/ {on=0} on' "$src/docs/ADMIN.md" > "$work/guide.sh"
check "docs/ADMIN.md has install-test blocks" test -s "$work/guide.sh"
echo "--- docs/ADMIN.md:"; cat "$work/guide.sh"
check "the guide's install-test commands run" bash -e "$work/guide.sh"

step "4. the installed kiosk: printer test, then a screenshot from /usr/share/kiosk (step 4 of the guide)"
check "kiosk printer test (file: printer)" /usr/bin/kiosk printer test --config /etc/kiosk/kiosk.toml --printer "file:$work/receipt.bin"
check "the test receipt has bytes" test -s "$work/receipt.bin"
install -d -o kiosk -g kiosk "$work/shots"
# As the service runs it: user kiosk, the installed config (data in /var/lib/kiosk), no source-tree hints.
env -u KIOSK_ASSETS -u KIOSK_FIXTURES runuser -u kiosk -- timeout -k 10 180 xvfb-run -n "$xvfb_num" -s "-screen 0 1920x1080x24" \
    /usr/bin/kiosk --config /etc/kiosk/kiosk.toml --screenshot "$work/shots/installed.png" --quit-after-frames 6 > "$work/shot.log" 2>&1
src_=$?
cat "$work/shot.log"
check "installed kiosk took a screenshot" test $src_ -eq 0
check "the screenshot is a full-screen, non-blank PNG" "$png_check" "$work/shots/installed.png" --width 1920 --height 1080
check "the first start made the data key (0600, kiosk)" test "$(stat -c '%a %U' /var/lib/kiosk/data.key 2>/dev/null)" = "600 kiosk"
# The assets really come from /usr/share/kiosk: without its catalog the installed kiosk names that file.
mv /usr/share/kiosk/catalog/index.json "$work/index.json.moved"
env -u KIOSK_ASSETS runuser -u kiosk -- /usr/bin/kiosk --config /etc/kiosk/kiosk.toml --screenshot "$work/shots/x.png" > "$work/nocat.log" 2>&1
check "without /usr/share/kiosk/catalog the installed kiosk says so" grep -q '/usr/share/kiosk/catalog' "$work/nocat.log"
restore_catalog
cp "$work/shots/installed.png" "$work/installed.png" 2>/dev/null

step "5. a queued request (uploads are off in the default config), then an upgrade over itself"
as_kiosk "$make_data_dir" /var/lib/kiosk 1 > /dev/null
count() { as_kiosk /usr/bin/kiosk queue count --data-dir /var/lib/kiosk | sed -n 's/^not_uploaded //p'; }
check "one request not yet uploaded" test "$(count)" = 1
echo "# admin edit kept across upgrades" >> /etc/kiosk/kiosk.toml
db_before=$(sha256sum /var/lib/kiosk/kiosk.db /var/lib/kiosk/data.key)
dpkg_retry -i "$kdeb" "$ideb" > "$work/upgrade.log" 2>&1
check "dpkg -i over itself (upgrade)" test $? -eq 0
cat "$work/upgrade.log"
check "the upgrade kept the edited conffile" grep -q '^# admin edit kept across upgrades' /etc/kiosk/kiosk.toml
check "the upgrade left the database and key untouched" test "$(sha256sum /var/lib/kiosk/kiosk.db /var/lib/kiosk/data.key)" = "$db_before"
check "the queued request is still there after the upgrade" test "$(count)" = 1
check "/var/lib/kiosk is still 0700 kiosk:kiosk" test "$(stat -c '%a %U:%G' /var/lib/kiosk)" = "700 kiosk:kiosk"

step "6. remove keeps the data; purge reports the count and deletes it"
dpkg_retry -r kiosk > "$work/remove.log" 2>&1
check "dpkg -r kiosk" test $? -eq 0
cat "$work/remove.log"
check "remove said 1 request is not yet uploaded" grep -q '1 requests in /var/lib/kiosk are not yet uploaded' "$work/remove.log"
check "remove took /usr/bin/kiosk" test ! -e /usr/bin/kiosk
check "remove kept /var/lib/kiosk/kiosk.db" test -f /var/lib/kiosk/kiosk.db
check "remove kept the conffile" test -f /etc/kiosk/kiosk.toml
dpkg_retry -P kiosk > "$work/purge.log" 2>&1
check "dpkg -P kiosk" test $? -eq 0
cat "$work/purge.log"
check "purge said 1 request was not yet uploaded" grep -q 'purge: 1 requests were not yet uploaded' "$work/purge.log"
check "purge deleted /var/lib/kiosk" test ! -e /var/lib/kiosk
check "purge deleted /etc/kiosk/kiosk.toml" test ! -e /etc/kiosk/kiosk.toml
dpkg_retry -P kiosk-intake > "$work/purge-intake.log" 2>&1
check "dpkg -P kiosk-intake" test $? -eq 0

echo
if [ $failures -ne 0 ]; then echo "install test: $failures check(s) failed (logs in $work)"; exit 1; fi
echo "install test: all checks passed (screenshot: $work/installed.png)"
