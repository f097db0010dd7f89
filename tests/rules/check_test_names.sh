#!/usr/bin/env bash
# catch_discover_tests splits a test name at ';' into filters that match nothing, so such a test "passes"
# without running. Refuse those names.
set -u
cd "${1:?usage: check_test_names.sh SOURCE_DIR}" || exit 2
bad=$(grep -rnE '(TEST_CASE|TEST_CASE_METHOD)\([^)]*"[^"]*;[^"]*"' tests --include='*.cpp' || true)
if [ -n "$bad" ]; then echo "test names with ';' (CTest would skip them silently):"; echo "$bad"; exit 1; fi
echo "test names ok: none contains ';'"
