#!/usr/bin/env bash
# Median /metrics scrape latency: `promkit serve` against prometheus_client's
# own make_asgi_app over a MultiProcessCollector under uvicorn, on the same
# 64-worker x 2,000-series directory, measured in this run. Target: >= 20x.
#
# Env: PROMKIT_BIN (release binary), PROMKIT_PYTHON (venv with Tests/requirements.txt),
#      WORKERS (64), SERIES (2000), RUNS (3), SCRAPES (20 promkit scrapes per run),
#      PY_SCRAPES (3 Python scrapes per run: one takes seconds), GZIP=1 to add the gzip row.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
WORKERS=${WORKERS:-64}
SERIES=${SERIES:-2000}
RUNS=${RUNS:-3}
SCRAPES=${SCRAPES:-20}
PY_SCRAPES=${PY_SCRAPES:-3}
OUT=bench-out/serve
DIR=$OUT/db-$WORKERS-$SERIES
mkdir -p "$OUT"

if [ ! -f "$DIR/.complete" ]; then
    echo "generating $DIR with prometheus_client ($WORKERS workers x $SERIES series)..." >&2
    "$PROMKIT_PYTHON" Benchmarks/make_bench_dir.py --workers "$WORKERS" --series "$SERIES" --out "$DIR" >&2
    touch "$DIR/.complete"
fi

free_port() { "$PROMKIT_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {
    for _ in $(seq 1 300); do
        if "$PROMKIT_PYTHON" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=60)" "$1" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "no answer from $1" >&2
    return 1
}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

PK_PORT=$(free_port)
"$PROMKIT_BIN" serve "$DIR" --listen "127.0.0.1:$PK_PORT" 2>"$OUT/promkit.log" &
pids+=($!)
PY_PORT=$(free_port)
PROMETHEUS_MULTIPROC_DIR="$DIR" "$PROMKIT_PYTHON" -m uvicorn --app-dir Benchmarks serve_python_app:app \
    --host 127.0.0.1 --port "$PY_PORT" --log-level warning --no-access-log 2>"$OUT/uvicorn.log" &
pids+=($!)
wait_for "http://127.0.0.1:$PK_PORT/healthz"
wait_for "http://127.0.0.1:$PY_PORT/metrics"

# Same answer from both (line order aside).
curl_body() { "$PROMKIT_PYTHON" -c "import urllib.request,sys; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=120).read())" "$1"; }
curl_body "http://127.0.0.1:$PK_PORT/metrics" | sort >"$OUT/promkit.txt"
curl_body "http://127.0.0.1:$PY_PORT/metrics" | sort >"$OUT/python.txt"
if cmp -s "$OUT/promkit.txt" "$OUT/python.txt"; then same=yes; else same=NO; fi
lines=$(wc -l <"$OUT/python.txt")
files=$(find "$DIR" -name '*.db' | wc -l)
bytes=$(du -sb "$DIR" | cut -f1)

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
measure() { # url scrapes extra-args... -> per-run medians (ms), one per line
    local url=$1 scrapes=$2
    shift 2
    for _ in $(seq 1 "$RUNS"); do
        "$PROMKIT_PYTHON" Benchmarks/scrape_latency.py "$url" --scrapes "$scrapes" "$@" | cut -d' ' -f1
    done
}

printf '%s\n' "directory: $files .db files, $bytes bytes, $lines lines of text 0.0.4 output; outputs identical: $same"
printf '%-34s %14s %14s %9s\n' "scrape" "promkit ms" "python ms" "speed-up"
variants=("text 0.0.4|" "OpenMetrics 1.0.0|--accept=application/openmetrics-text; version=1.0.0")
[ "${GZIP:-0}" = 1 ] && variants+=("text 0.0.4, gzip|--gzip")
for variant in "${variants[@]}"; do
    name=${variant%%|*}
    args=()
    [ -n "${variant#*|}" ] && args+=("${variant#*|}")
    pk=$(measure "http://127.0.0.1:$PK_PORT/metrics" "$SCRAPES" "${args[@]}" | tee "$OUT/pk-runs.txt" | median)
    py=$(measure "http://127.0.0.1:$PY_PORT/metrics" "$PY_SCRAPES" "${args[@]}" | tee "$OUT/py-runs.txt" | median)
    ratio=$(awk -v a="$py" -v b="$pk" 'BEGIN {printf "%.1fx", a / b}')
    printf '%-34s %14s %14s %9s\n' "$name" "$pk" "$py" "$ratio"
    echo "  promkit runs: $(tr '\n' ' ' <"$OUT/pk-runs.txt")  python runs: $(tr '\n' ' ' <"$OUT/py-runs.txt")"
done
echo "(medians of $RUNS runs; each run is the median of $SCRAPES promkit / $PY_SCRAPES Python scrapes over one keep-alive connection)"
[ "$same" = yes ]
