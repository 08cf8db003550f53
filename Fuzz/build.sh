#!/usr/bin/env bash
# Builds the libFuzzer targets (all, or those named: exposition db scan stream)
# into .build-fuzz/: fuzz-exposition (the parser), fuzz-db (the .db checks),
# fuzz-scan (the directory scan: names and file kinds) and fuzz-stream (a
# streamed exposition with very long tokens). The library sources they need
# (everything in Sources/PromKit that uses neither NIO nor Histogram) are
# compiled together with each harness and Fuzz/FuzzSupport.swift by swiftc, so
# the normal build never sees them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out"
# The fuzzed code is the parser, the .db reader and checks and the directory
# scan; the network, serving, process-running and system-probing parts are
# left out (they import NIO, Histogram or the C shim, or run processes).
mapfile -t sources < <(
    find Sources/PromKit -name '*.swift' -not -path '*/Serve/*' -not -path '*/Doctor/*' \
        -not -path '*/Load/*' -not -path '*/Verify/*' -not -path '*/Run/*' | sort |
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
targets=${1:-exposition db scan stream}
for target in $targets; do
    case $target in
        exposition) harness=Fuzz/ExpositionParserFuzz.swift ;;
        db) harness=Fuzz/DBFileFuzz.swift ;;
        scan) harness=Fuzz/DirectoryScanFuzz.swift ;;
        stream) harness=Fuzz/ExpositionStreamFuzz.swift ;;
        *) echo "unknown target $target" >&2; exit 64 ;;
    esac
    rm -f "$out/fuzz-$target"
    quiet swiftc "${flags[@]}" "${sources[@]}" Fuzz/FuzzSupport.swift "$harness" -o "$out/fuzz-$target"
    test -x "$out/fuzz-$target"
done
echo "built: $targets"
