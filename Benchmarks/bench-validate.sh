#!/usr/bin/env bash
# promkit validate vs promtool check metrics on a 50 MB text exposition
# rendered by the real prometheus_client: whole process, median of RUNS runs,
# peak resident set from /usr/bin/time -v (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
: "${PROMTOOL:=$PWD/.tools/prometheus/usr/bin/promtool}"
RUNS=${RUNS:-5}
MEGABYTES=${MEGABYTES:-50}
[ -x "$PROMTOOL" ] || bash .ci/setup.d/10-promtool.sh
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=bench-out/validate
mkdir -p "$work"
input=$work/exposition-${MEGABYTES}mb.txt
if [ ! -s "$input" ]; then
    "$PROMKIT_PYTHON" Benchmarks/make_big_exposition.py --megabytes "$MEGABYTES" --out "$input"
fi
bytes=$(stat -c %s "$input")
lines=$(wc -l <"$input")

# measure NAME COMMAND...: "wall_s rss_kb exit cpu_s" per run into $work/NAME.runs
# (cpu = user + system: what the process did, whatever else the machine runs)
measure() {
    local name=$1
    shift
    : >"$work/$name.runs"
    for _ in $(seq "$RUNS"); do
        local status=0
        /usr/bin/time -v -o "$work/$name.time" "$@" <"$input" >/dev/null 2>"$work/$name.err" || status=$?
        local wall rss
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" |
            awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
        cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/$name.time")
        echo "$wall $rss $status $cpu" >>"$work/$name.runs"
    done
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

measure promkit "$PROMKIT_BIN" validate --format text -
measure promtool "$PROMTOOL" check metrics

pk_time=$(cut -d' ' -f1 "$work/promkit.runs" | median)
pt_time=$(cut -d' ' -f1 "$work/promtool.runs" | median)
pk_rss=$(cut -d' ' -f2 "$work/promkit.runs" | median)
pt_rss=$(cut -d' ' -f2 "$work/promtool.runs" | median)
pk_exit=$(cut -d' ' -f3 "$work/promkit.runs" | sort -u | tr '\n' ' ')
pt_exit=$(cut -d' ' -f3 "$work/promtool.runs" | sort -u | tr '\n' ' ')
pk_cpu=$(cut -d' ' -f4 "$work/promkit.runs" | median)
pt_cpu=$(cut -d' ' -f4 "$work/promtool.runs" | median)
ratio=$(awk -v a="$pt_time" -v b="$pk_time" 'BEGIN { printf "%.1f", a / b }')
cpu_ratio=$(awk -v a="$pt_cpu" -v b="$pk_cpu" 'BEGIN { printf "%.1f", a / b }')

echo "input: $input ($bytes bytes, $lines lines, prometheus_client text), $RUNS runs each"
printf '%-34s %10s %10s %12s %6s\n' "command" "wall s" "cpu s" "peak RSS MB" "exit"
printf '%-34s %10s %10s %12.1f %6s\n' "promkit validate --format text -" "$pk_time" "$pk_cpu" \
    "$(awk -v k="$pk_rss" 'BEGIN { print k / 1024 }')" "$pk_exit"
printf '%-34s %10s %10s %12.1f %6s\n' "promtool check metrics" "$pt_time" "$pt_cpu" \
    "$(awk -v k="$pt_rss" 'BEGIN { print k / 1024 }')" "$pt_exit"
echo "medians; promkit is ${ratio}x faster than promtool in wall time, ${cpu_ratio}x in CPU time (target >= 5x);"
echo "promkit peak RSS $((pk_rss / 1024)) MB (target <= 64 MB)"
