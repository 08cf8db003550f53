#!/usr/bin/env bash
# promkit validate vs promtool check metrics on a 50 MB text exposition
# rendered by the real prometheus_client: whole process, median of RUNS runs,
# peak resident set from /usr/bin/time -v (Debian package `time`). Then
# validate on hostile inputs (see below). SPEED=0 or HOSTILE=0 skips a part.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
: "${PROMTOOL:=$PWD/.tools/prometheus/usr/bin/promtool}"
RUNS=${RUNS:-5}
MEGABYTES=${MEGABYTES:-50}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=bench-out/validate
mkdir -p "$work"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

speed() {
    [ -x "$PROMTOOL" ] || bash .ci/setup.d/10-promtool.sh
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
}

# Hostile inputs (issue 15), made on the fly by Tests/tools/hostile_exposition.py
# and never written to disk but the 12 MB labels line: a 1 GiB single line, 1 GB
# of ordinary lines (100,000 series repeated) and 10^6 labels on one line, each
# through standard input and through HTTP from a local server. Median of
# HOSTILE_RUNS runs (3) of wall time and peak RSS; HOSTILE=0 skips them.
hostile() {
    tool=Tests/tools/hostile_exposition.py
    HRUNS=${HOSTILE_RUNS:-3}
    labels=$work/labels-1000000.txt
    [ -s "$labels" ] || "$PROMKIT_PYTHON" "$tool" labels --count 1000000 >"$labels"

    # hostile_runs SOURCE KIND ARGS...: validate SOURCE (- or a URL) HRUNS times,
    # "wall_s rss_kb exit" per run into $work/hostile.runs.
    hostile_runs() {
        local source=$1 kind=$2
        shift 2
        : >"$work/hostile.runs"
        for _ in $(seq "$HRUNS"); do
            if [ "$source" != - ]; then
                /usr/bin/time -f '%e %M %x' -o "$work/hostile.time" "$PROMKIT_BIN" validate "$source" \
                    >/dev/null 2>"$work/hostile.err" || true
            elif [ "$kind" = labels ]; then
                /usr/bin/time -f '%e %M %x' -o "$work/hostile.time" "$PROMKIT_BIN" validate - <"$labels" \
                    >/dev/null 2>"$work/hostile.err" || true
            else
                "$PROMKIT_PYTHON" "$tool" "$kind" "$@" |
                    /usr/bin/time -f '%e %M %x' -o "$work/hostile.time" "$PROMKIT_BIN" validate - \
                        >/dev/null 2>"$work/hostile.err" || true
            fi
            tail -n 1 "$work/hostile.time" >>"$work/hostile.runs"
        done
    }

    # hostile_case LABEL KIND ARGS...: one row for standard input, one for HTTP.
    hostile_case() {
        local label=$1 kind=$2
        shift 2
        hostile_runs - "$kind" "$@"
        hostile_row "$label" "validate -"
        "$PROMKIT_PYTHON" "$tool" "$kind" "$@" --serve >"$work/hostile.port" &
        local server=$! port=""
        for _ in $(seq 100); do
            port=$(awk '/^port / {print $2}' "$work/hostile.port")
            [ -n "$port" ] && break
            sleep 0.1
        done
        hostile_runs "http://127.0.0.1:$port/metrics" "$kind" "$@"
        kill "$server" && wait "$server" 2>/dev/null || true
        hostile_row "$label" "validate http://127.0.0.1:PORT/metrics"
    }

    hostile_row() {
        local wall rss exits finding
        wall=$(cut -d' ' -f1 "$work/hostile.runs" | median)
        rss=$(cut -d' ' -f2 "$work/hostile.runs" | median)
        exits=$(cut -d' ' -f3 "$work/hostile.runs" | sort -u | tr '\n' ' ')
        finding=$(grep -o -m 1 '\[[a-z-]*\]' "$work/hostile.err" || true)
        printf '%-24s %-40s %8s %12.1f %6s %s\n' "$1" "$2" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
            "$exits" "$finding"
    }

    echo
    echo "hostile inputs, median of $HRUNS runs each"
    printf '%-24s %-40s %8s %12s %6s %s\n' "input" "command" "wall s" "peak RSS MB" "exit" "first finding"
    hostile_case "1 GiB single line" long-line --bytes $((1 << 30))
    hostile_case "1 GB of ordinary lines" lines --bytes 1000000000
    hostile_case "10^6 labels, one line" labels --count 1000000
}

[ "${SPEED:-1}" = 0 ] || speed
[ "${HOSTILE:-1}" = 0 ] || hostile
