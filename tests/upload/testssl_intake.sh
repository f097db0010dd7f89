#!/usr/bin/env bash
# testssl.sh (Debian package testssl.sh) against kiosk-intake on 127.0.0.1 only, once with an EC and once
# with an RSA server key: fails on any protocol below TLS 1.2 and on any offered suite that is not TLS 1.3 or
# TLS 1.2 ECDHE + AEAD (AES-GCM, ChaCha20-Poly1305) — the list of app/tls_policy.hpp. Bounded: testssl
# runs under `timeout`, with connect and openssl timeouts, and the intakes are stopped at exit.
# Exit 77 (CTest: skipped) when testssl is not installed.
set -u
intake=${1:?usage: testssl_intake.sh KIOSK_INTAKE SOURCE_DIR WORK_DIR}
src=${2:?}
work=${3:?}
command -v testssl >/dev/null || { echo "testssl not installed (apt-get install testssl.sh): skipped"; exit 77; }
mkdir -p "$work"
"$src/scripts/dev-pki" "$work/pki" >/dev/null || { echo "scripts/dev-pki failed"; exit 1; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done' EXIT
status=0

scan() {  # scan NAME: start an intake with dev-pki's NAME.crt/.key, run testssl, check its CSV
    local name=$1 dir="$work/$1"
    rm -rf "$dir" && mkdir -p "$dir"
    "$intake" --listen 127.0.0.1:0 --port-file "$dir/port" --db "$dir/intake.db" \
        --cert "$work/pki/$name.crt" --key "$work/pki/$name.key" --client-ca "$work/pki/ca.crt" \
        --catalog "$src/tests/upload/catalog" 2>"$dir/intake.log" &
    pids+=($!)
    for _ in $(seq 300); do [ -s "$dir/port" ] && break; sleep 0.1; done
    [ -s "$dir/port" ] || { echo "$name: kiosk-intake did not start: $(cat "$dir/intake.log")"; status=1; return; }
    local port; port=$(cat "$dir/port")
    timeout 300 testssl --quiet --color 0 --warnings off --connect-timeout 5 --openssl-timeout 5 \
        --protocols --cipher-per-proto --csvfile "$dir/testssl.csv" "127.0.0.1:$port" >"$dir/testssl.txt" 2>&1
    [ -s "$dir/testssl.csv" ] || { echo "$name: testssl wrote no results: $(tail -5 "$dir/testssl.txt")"; status=1; return; }
    # CSV rows: "id","fqdn/ip","port","severity","finding","cve","cwe"
    local bad
    bad=$(awk -F'","' '
        $1 ~ /^"(SSLv2|SSLv3|TLS1|TLS1_1)$/ && $5 !~ /^not offered/ { print "protocol " substr($1, 2) ": " $5 }
        $1 ~ /^"(TLS1_2|TLS1_3)$/ && $5 !~ /^offered/ { print "protocol " substr($1, 2) " should be offered: " $5 }
        $1 ~ /^"cipher-/ {
            n++
            split($5, f, " +")                      # TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384 …
            proto = f[1] " " f[2]; suite = f[4]
            if (proto == "TLS 1.3" && suite ~ /^TLS_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)$/) next
            if (proto == "TLS 1.2" && suite ~ /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/) next
            print "suite outside the policy: " proto " " suite
        }
        END { if (n < 4) print "only " n + 0 " suites found: the scan did not work" }' "$dir/testssl.csv")
    if [ -n "$bad" ]; then
        echo "$name: FAILED"; echo "$bad"; status=1
    else
        echo "$name: ok: $(grep -c '^"cipher-' "$dir/testssl.csv") suites, all TLS 1.3 or TLS 1.2 ECDHE + AEAD; nothing below TLS 1.2"
    fi
}

scan server       # EC P-256 key: the ECDHE-ECDSA suites
scan server-rsa   # RSA key: where static-RSA and ECDHE-RSA suites would show
exit $status
