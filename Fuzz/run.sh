#!/usr/bin/env bash
# Runs both fuzz targets for SECONDS each (default 60) from seed corpora made of
# the OpenMetrics suite, the text fixtures and the .db fixtures. Findings and the
# grown corpora go to fuzz-out/. Exits non-zero when a target crashes.
# Usage: Fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
[ -x .build-fuzz/fuzz-exposition ] && [ -x .build-fuzz/fuzz-db ] || bash Fuzz/build.sh
out=fuzz-out
mkdir -p "$out/corpus-exposition" "$out/corpus-db" "$out/crashes"
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
status=0
for target in exposition db; do
    echo "== fuzz-$target for ${seconds}s"
    .build-fuzz/fuzz-$target "$out/corpus-$target" -max_total_time="$seconds" -max_len=16384 \
        -artifact_prefix="$out/crashes/$target-" -print_final_stats=1 "$@" 2>"$out/fuzz-$target.log" || status=1
    grep -E "stat::number_of_executed_units|ERROR|SUMMARY" "$out/fuzz-$target.log" || true
done
exit $status
