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
# once NAME OK_STATUSES COMMAND...: one timed run, appended to $out/NAME.wall and $out/NAME.cpu.
once() {
    local name=$1 ok=$2 status
    shift 2
    set +e
    /usr/bin/time -f '%e %U %S' -o "$out/time.txt" "$@" >/dev/null 2>&1
    status=$?
    set -e
    case " $ok " in *" $status "*) ;; *) echo "unexpected exit $status from $*" >&2; exit 1 ;; esac
    read -r wall user sys < <(tail -1 "$out/time.txt")
    echo "$wall" >>"$out/$name.wall"
    echo "$user + $sys" | bc -l >>"$out/$name.cpu"
}
wall() { median <"$out/$1.wall"; }
cpu() { median <"$out/$1.cpu"; }
row() { printf '%-30s %8.3f s wall %8.3f s cpu\n' "$1" "$(wall "$2")" "$(cpu "$2")"; }
ratio() {
    printf '%-30s %8.2fx wall %8.2fx cpu%s\n' "$1" "$(echo "$(wall "$2") / $(wall "$3")" | bc -l)" \
        "$(echo "$(cpu "$2") / $(cpu "$3")" | bc -l)" "${4:-}"
}

# The machine may be shared: the commands take turns within each round so that
# they see the same load; CPU time (user + system) is the steadier figure.
for input in "$validate_input" "$file"; do
    rm -f "$out"/*.wall "$out"/*.cpu
    for _ in $(seq "$runs"); do
        once lint "0 1" "$PROMKIT_BIN" lint --max-series 1000000 "$input"
        once validate "0 1" "$PROMKIT_BIN" validate "$input"
        once json "0 1" "$PROMKIT_BIN" lint --json --max-series 1000000 "$input"
        once promtool "0 3" sh -c '"$0" check metrics < "$1"' "$promtool" "$input"
    done
    echo "input: $input ($(wc -c <"$input") bytes), $runs rounds, medians"
    row "promkit lint" lint
    row "promkit lint --json" json
    row "promkit validate (reference)" validate
    ratio "lint / validate" lint validate "  (goal: <= 2x)"
    row "promtool check metrics" promtool
    ratio "lint / promtool" lint promtool
    /usr/bin/time -f '%M' -o "$out/time.txt" "$PROMKIT_BIN" lint --max-series 1000000 "$input" >/dev/null 2>&1 || true
    printf '%-30s %8s KiB\n' "promkit lint peak RSS" "$(tail -1 "$out/time.txt")"
    echo
done

# A multiprocess directory of 3,000 files (the sample fixture's files as if 1,000
# worker generations had written them): lint (merge + per-file facts + rules)
# against render (merge + text) and Python's own MultiProcessCollector.
dir=$out/lint-dir
if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    for generation in $(seq 1000); do
        for source in Tests/Fixtures/sample/*.db; do
            base=$(basename "$source" .db)
            cp "$source" "$dir/${base%_*}_$((20000 + generation)).db"
        done
    done
fi
rm -f "$out"/*.wall "$out"/*.cpu
for _ in $(seq "$runs"); do
    once dlint "0 1" "$PROMKIT_BIN" lint "$dir"
    once drender "0" "$PROMKIT_BIN" render "$dir"
    once dpython "0" env PROMETHEUS_MULTIPROC_DIR="$dir" "$PROMKIT_PYTHON" -c \
        'from prometheus_client import CollectorRegistry, generate_latest, multiprocess
r = CollectorRegistry(); multiprocess.MultiProcessCollector(r); generate_latest(r)'
done
echo "input: $dir ($(ls "$dir" | wc -l) files), $runs rounds, medians"
row "promkit lint DIR" dlint
row "promkit render DIR (reference)" drender
ratio "lint / render" dlint drender
row "python MultiProcessCollector" dpython
ratio "lint / python scrape" dlint dpython
