#!/usr/bin/env bash
# promkit lint against promkit validate (and promtool check metrics, for scale)
# on the same ~50 MB text exposition: medians of 5 runs, ratios measured here.
# Set EXPOSITION to reuse a file (for example the validate benchmark's).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=python3}"
runs=${RUNS:-5}
out=${BENCH_OUT:-$PWD/bench-out}
mkdir -p "$out"
file=${EXPOSITION:-$out/lint-50mb.txt}
promtool=$PWD/.tools/prometheus/usr/bin/promtool

if [ ! -s "$file" ]; then
    # Realistic FastAPI-style families: request counters and latency histograms
    # with method/handler/status labels, until the file reaches 50 MB.
    "$PROMKIT_PYTHON" - "$file" <<'PY'
import sys
target = 50 * 1000 * 1000
methods = ["GET", "POST", "PUT", "DELETE"]
statuses = ["2xx", "3xx", "4xx", "5xx"]
bounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]
size = 0
with open(sys.argv[1], "w") as out:
    family = 0
    while size < target:
        lines = []
        name = f"app{family}_http_requests"
        lines.append(f"# HELP {name}_total Requests by method, handler and status.\n# TYPE {name}_total counter\n")
        for h in range(50):
            for m in methods:
                for s in statuses:
                    lines.append(f'{name}_total{{handler="/api/v1/items{h}/{{id}}",method="{m}",status="{s}"}} {h * 7 + 1}.0\n')
        hist = f"app{family}_http_request_duration_seconds"
        lines.append(f"# HELP {hist} Latency by handler.\n# TYPE {hist} histogram\n")
        for h in range(50):
            for m in methods:
                labels = f'handler="/api/v1/items{h}/{{id}}",method="{m}"'
                for i, b in enumerate(bounds):
                    lines.append(f'{hist}_bucket{{{labels},le="{b}"}} {i * 3}.0\n')
                lines.append(f"{hist}_count{{{labels}}} 33.0\n{hist}_sum{{{labels}}} 12.5\n")
        text = "".join(lines)
        out.write(text)
        size += len(text)
        family += 1
PY
fi
bytes=$(wc -c < "$file")

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# time_runs NAME EXPECTED_STATUSES COMMAND...: prints the median wall time in seconds.
time_runs() {
    local ok=$1; shift
    for _ in $(seq "$runs"); do
        local start end status
        start=$(date +%s.%N)
        set +e; "$@" >/dev/null 2>&1; status=$?; set -e
        end=$(date +%s.%N)
        case " $ok " in *" $status "*) ;; *) echo "unexpected exit $status from $*" >&2; exit 1 ;; esac
        echo "$end - $start" | bc -l
    done | median
}

lint=$(time_runs "0 1" "$PROMKIT_BIN" lint --max-series 1000000 "$file")
lint_json=$(time_runs "0 1" "$PROMKIT_BIN" lint --json --max-series 1000000 "$file")
peak=$( { /usr/bin/time -f '%M' "$PROMKIT_BIN" lint --max-series 1000000 "$file" >/dev/null; } 2>&1 | tail -1 || true)
echo "input: $file ($bytes bytes), $runs runs each, median wall seconds"
printf '%-34s %8.3f s\n' "promkit lint" "$lint"
printf '%-34s %8.3f s\n' "promkit lint --json" "$lint_json"
if "$PROMKIT_BIN" validate --help >/dev/null 2>&1; then
    validate=$(time_runs "0 1" "$PROMKIT_BIN" validate "$file")
    printf '%-34s %8.3f s\n' "promkit validate (reference)" "$validate"
    printf '%-34s %8.2fx (goal: <= 2x)\n' "lint / validate" "$(echo "$lint / $validate" | bc -l)"
fi
if [ -x "$promtool" ]; then
    check=$(time_runs "0 3" sh -c '"$0" check metrics < "$1"' "$promtool" "$file")
    printf '%-34s %8.3f s\n' "promtool check metrics" "$check"
    printf '%-34s %8.2fx\n' "lint / promtool" "$(echo "$lint / $check" | bc -l)"
fi
printf '%-34s %8s KiB\n' "promkit lint peak RSS" "${peak:-?}"
