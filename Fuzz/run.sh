#!/usr/bin/env bash
# Runs the four fuzz targets for SECONDS each (default 60) from seed corpora made
# of the OpenMetrics suite, the text fixtures, the .db fixtures and a few
# directories and long-token templates written here. Findings and the grown
# corpora go to fuzz-out/. Exits non-zero when a target crashes or hangs (an
# input that runs past 20 s, a FIFO opened by the scan's readers say).
# Usage: [PROMKIT_FUZZ_TARGETS="scan stream"] Fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
# PROMKIT_FUZZ_TARGETS="scan stream" runs only those.
targets=${PROMKIT_FUZZ_TARGETS:-exposition db scan stream}
for target in $targets; do
    [ -x ".build-fuzz/fuzz-$target" ] || bash Fuzz/build.sh "$target"
done
out=fuzz-out
mkdir -p "$out/corpus-exposition" "$out/corpus-db" "$out/corpus-scan" "$out/corpus-stream" "$out/crashes"
# Seeds: the first byte picks the grammar (odd: OpenMetrics) or the file name.
n=0
for f in ../shared/conformance/openmetrics/*/metrics; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    { printf '\001'; cat "$f"; } >"$out/corpus-exposition/om-$n"
done
for f in Tests/Fixtures/*/expected/text*.txt Tests/Fixtures/sample-expected/text*.txt; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    { printf '\000'; head -c 4000 "$f"; } >"$out/corpus-exposition/text-$n"
done
n=0
for f in $(find Tests/Fixtures -name '*.db' -size -70k | sort | head -40); do
    n=$((n + 1))
    case "$(basename "$f")" in
        counter_*) b='\000' ;; gauge_all*|gauge_liveall*) b='\001' ;; gauge_*mostrecent*) b='\002' ;;
        gauge_*) b='\003' ;; histogram_*) b='\004' ;; summary_*) b='\005' ;; *) b='\006' ;;
    esac
    # Only the used region and a few bytes past it: short inputs run faster.
    used=$(od -An -t d4 -N 4 "$f" | tr -d ' ')
    { printf "$b"; head -c $(( (used > 0 ? used : 8) + 16 )) "$f"; } >"$out/corpus-db/db-$n"
done
# Directories: records of [kind][name length][name][content length][content];
# kind's low bits: 0 file, 1 empty file, 2 link, 3 FIFO, 4 folder, 5 hard link,
# 6 link to a FIFO or folder, 7 a sound .db file; bits 4-6 a prefix
# (counter_, gauge_all_, ...), bit 7 a .db suffix.
printf '\x97\x011\x00\x93\x012\x00\x96\x013\x00\xa4\x014\x00' >"$out/corpus-scan/kinds"
printf '\x90\x01\xff\x03abc\x91\x075\n\x1b[31m\x00\xd5\x016\x00\x02\x01x\x07missing' >"$out/corpus-scan/names"
printf '\x97\x017\x19["c", "c_total", {}, "h"]\x96\x018\x00\x02\x04.lnk\x09/dev/zero' >"$out/corpus-scan/links"
# Long tokens: [grammar and chunk size][line bound], then text in which
# 0x01 BYTE COUNT is COUNT+1 times 16 copies of BYTE.
printf '\x00\x02# HELP m \x01h\x04\n# TYPE m gauge\nm{a="\x01v\x03"} 1\n\x01n\x05 2\n' >"$out/corpus-stream/text"
printf '\x0b\x08# TYPE \x01m\x20 gauge\n# HELP m \x01h\x7f\nm{\x01l\x02="v"} 1\n# EOF\n' >"$out/corpus-stream/openmetrics"
printf '\x7e\x00m{a="\x01x\xff"} 1\r\nn 1' >"$out/corpus-stream/unterminated"
status=0
for target in $targets; do
    echo "== fuzz-$target for ${seconds}s"
    # fuzz-scan makes and removes files for every input: on tmpfs when there is one.
    scratch=${TMPDIR:-/tmp}
    if [ "$target" = scan ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then scratch=/dev/shm; fi
    TMPDIR=$scratch .build-fuzz/fuzz-$target "$out/corpus-$target" -max_total_time="$seconds" -max_len=16384 -timeout=20 \
        -artifact_prefix="$out/crashes/$target-" -print_final_stats=1 "$@" 2>"$out/fuzz-$target.log" || status=1
    grep -E "stat::number_of_executed_units|ERROR|SUMMARY" "$out/fuzz-$target.log" || true
done
exit $status
