#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/: fuzz-exposition (the parser)
# and fuzz-db (the .db checks). The library sources they need (everything in
# Sources/PromKit that uses neither NIO nor Histogram) are compiled together
# with each harness by swiftc, so the normal build never sees them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out"
# The fuzzed code is the parser and the .db reader and checks; the network,
# serving and system-probing parts are left out (they import NIO, Histogram
# or the C shim).
mapfile -t sources < <(
    find Sources/PromKit -name '*.swift' -not -path '*/Serve/*' -not -path '*/Doctor/*' \
        -not -path '*/Load/*' -not -path '*/Verify/*' | sort |
        xargs grep -L -E '^import (NIO|Histogram|CPromKitSystem)|HTTPFetcher|^@preconcurrency import NIO'
)
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -module-name PromKitFuzz -swift-version 6)
# ld.gold lists every ASan helper it cannot export; those lines are noise.
# A failed compile must fail the script, so the status is swiftc's.
quiet() {
    local log status=0
    log=$(mktemp)
    "$@" >"$log" 2>&1 || status=$?
    grep -v "Cannot export local symbol" "$log" || true
    rm -f "$log"
    return $status
}
rm -f "$out/fuzz-exposition" "$out/fuzz-db"
quiet swiftc "${flags[@]}" "${sources[@]}" Fuzz/ExpositionParserFuzz.swift -o "$out/fuzz-exposition"
quiet swiftc "${flags[@]}" "${sources[@]}" Fuzz/DBFileFuzz.swift -o "$out/fuzz-db"
test -x "$out/fuzz-exposition" && test -x "$out/fuzz-db"
echo "built $out/fuzz-exposition $out/fuzz-db"
