#!/usr/bin/env bash
# promkit lint against promkit validate (and promtool check metrics, for scale)
# on the same 50 MB text expositions: the validate benchmark's (rendered by the
# real prometheus_client, Benchmarks/make_big_exposition.py) and a FastAPI-style
# one with grouped status codes. Medians of RUNS runs, ratios measured here.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=python3}"
runs=${RUNS:-5}
out=${BENCH_OUT:-$PWD/bench-out}
mkdir -p "$out"
file=$out/lint-50mb.txt
validate_input=$out/validate/exposition-50mb.txt
promtool=$PWD/.tools/prometheus/usr/bin/promtool
[ -x "$promtool" ] || bash .ci/setup.d/10-promtool.sh
if [ ! -s "$validate_input" ]; then
    mkdir -p "$out/validate"
    "$PROMKIT_PYTHON" Benchmarks/make_big_exposition.py --megabytes 50 --out "$validate_input"
fi

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

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# measure OK_STATUSES COMMAND...: sets WALL and CPU (user+sys) to the medians over $runs runs.
# The machine may be shared: CPU time is the steadier figure, wall time the one users see.
measure() {
    local ok=$1; shift
    local walls="" cpus="" status
    for _ in $(seq "$runs"); do
        set +e
        /usr/bin/time -f '%e %U %S' -o "$out/time.txt" "$@" >/dev/null 2>&1
        status=$?
        set -e
        case " $ok " in *" $status "*) ;; *) echo "unexpected exit $status from $*" >&2; exit 1 ;; esac
        read -r wall user sys < <(tail -1 "$out/time.txt")
        walls+="$wall"$'\n'
        cpus+="$(echo "$user + $sys" | bc -l)"$'\n'
    done
    WALL=$(printf '%s' "$walls" | median)
    CPU=$(printf '%s' "$cpus" | median)
}
row() { printf '%-30s %8.3f s wall %8.3f s cpu\n' "$1" "$2" "$3"; }
ratio() { printf '%-30s %8.2fx wall %8.2fx cpu%s\n' "$1" "$(echo "$2 / $4" | bc -l)" "$(echo "$3 / $5" | bc -l)" "${6:-}"; }

for input in "$validate_input" "$file"; do
    echo "input: $input ($(wc -c <"$input") bytes), $runs runs each, medians"
    measure "0 1" "$PROMKIT_BIN" lint --max-series 1000000 "$input"
    lint_wall=$WALL lint_cpu=$CPU
    row "promkit lint" "$lint_wall" "$lint_cpu"
    measure "0 1" "$PROMKIT_BIN" lint --json --max-series 1000000 "$input"
    row "promkit lint --json" "$WALL" "$CPU"
    measure "0 1" "$PROMKIT_BIN" validate "$input"
    row "promkit validate (reference)" "$WALL" "$CPU"
    ratio "lint / validate" "$lint_wall" "$lint_cpu" "$WALL" "$CPU" "  (goal: <= 2x)"
    measure "0 3" sh -c '"$0" check metrics < "$1"' "$promtool" "$input"
    row "promtool check metrics" "$WALL" "$CPU"
    ratio "lint / promtool" "$lint_wall" "$lint_cpu" "$WALL" "$CPU"
    /usr/bin/time -f '%M' -o "$out/time.txt" "$PROMKIT_BIN" lint --max-series 1000000 "$input" >/dev/null 2>&1 || true
    printf '%-30s %8s KiB\n' "promkit lint peak RSS" "$(tail -1 "$out/time.txt")"
    echo
done
