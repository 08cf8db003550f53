#!/usr/bin/env bash
# promkit clean on a directory of 10,000 dead processes' files, 64 series
# each, against `find DIR -name '*.db' -delete` (which loses every count),
# and the Python scrape time of the directory before and after the clean.
#
# Env: PROMKIT_BIN (release binary), PROMKIT_PYTHON (venv with prometheus_client),
#      FILES (10000), SERIES (64), RUNS (5), SCRAPE_RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
FILES=${FILES:-10000}
SERIES=${SERIES:-64}
RUNS=${RUNS:-5}
SCRAPE_RUNS=${SCRAPE_RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-clean.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "workload: $FILES dead-process files x $SERIES series (counter, histogram, summary, gauge sum, gauge livesum)"
start=$(date +%s)
"$PROMKIT_PYTHON" Tests/tools/make_dead_dir.py --dir "$work/template" --files "$FILES" --series "$SERIES" \
    --kinds counter,histogram,summary,gauge_sum,gauge_livesum --age 3600
echo "generated in $(( $(date +%s) - start ))s: $(ls "$work/template" | wc -l) files, $(du -sh "$work/template" | cut -f1) on disk"

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# One Python scrape (MultiProcessCollector + generate_latest), in-process, median of N.
scrape() {
    "$PROMKIT_PYTHON" - "$1" "$2" <<'PY'
import statistics, sys, time
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
times = []
for _ in range(int(sys.argv[2])):
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=sys.argv[1])
    start = time.perf_counter()
    generate_latest(registry)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
PY
}

clean_times=()
find_times=()
for run in $(seq "$RUNS"); do
    rm -rf "$work/dir"; cp -a "$work/template" "$work/dir"; sync
    t0=$(now); "$PROMKIT_BIN" clean "$work/dir" --quiet; t1=$(now)
    clean_times+=("$(calc "$t1 - $t0")")
    if [ "$run" -lt "$RUNS" ]; then
        rm -rf "$work/find"; cp -a "$work/template" "$work/find"; sync
        t0=$(now); find "$work/find" -name '*.db' -delete; t1=$(now)
        find_times+=("$(calc "$t1 - $t0")")
    fi
done
# The last cleaned copy stays for the scrape after.
rm -rf "$work/find"; cp -a "$work/template" "$work/find"; sync
t0=$(now); find "$work/find" -name '*.db' -delete; t1=$(now)
find_times+=("$(calc "$t1 - $t0")")

clean_median=$(printf '%s\n' "${clean_times[@]}" | median)
find_median=$(printf '%s\n' "${find_times[@]}" | median)
before=$(scrape "$work/template" "$SCRAPE_RUNS")
after=$(scrape "$work/dir" 5)
left=$(ls "$work/dir" | grep -c '\.db$' || true)

# Totals are the same before and after (live gauges of dead processes aside).
"$PROMKIT_PYTHON" Tests/tools/mp_tool.py render "$work/template" | grep -v 'g_livesum' | sort > "$work/before.txt"
"$PROMKIT_PYTHON" Tests/tools/mp_tool.py render "$work/dir" | sort > "$work/after.txt"
if cmp -s "$work/before.txt" "$work/after.txt"; then same=yes; else same=NO; fi

printf '\n| measure | median (s) | runs |\n|---|---|---|\n'
printf '| promkit clean (%s files -> %s) | %.4f | %s |\n' "$FILES" "$left" "$clean_median" "$RUNS"
printf '| find -name *.db -delete (loses data) | %.4f | %s |\n' "$find_median" "$RUNS"
printf '| Python scrape before | %.4f | %s |\n' "$before" "$SCRAPE_RUNS"
printf '| Python scrape after | %.6f | 5 |\n' "$after"
printf '\nclean / find: %.2fx   scrape before / after: %.0fx   totals unchanged: %s\n' \
    "$(calc "$clean_median / $find_median")" "$(calc "$before / $after")" "$same"
