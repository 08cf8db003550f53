#!/usr/bin/env bash
# What a reader sees while `promkit clean` folds under churn: real workers
# increment, die (SIGTERM, SIGKILL) and are replaced for SECONDS (default 30),
# clean runs in a loop, and two readers scrape back to back: prometheus_client's
# own MultiProcessCollector and `promkit serve`. Prints, for each reader, the
# scrapes, the failed ones, the decreases and the values above the final total.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
seconds=${1:-30}
dir=$(mktemp -d)
stop=$dir.stop
trap 'rm -rf "$dir" "$stop"; kill $(jobs -p) 2>/dev/null || true' EXIT
port=$("$PROMKIT_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PROMKIT_BIN" serve "$dir" --listen "127.0.0.1:$port" 2>/dev/null &
PROMETHEUS_MULTIPROC_DIR=$dir "$PROMKIT_PYTHON" Tests/tools/soak_workers.py --dir "$dir" --seconds "$seconds" \
    > "$dir.work" &
workers=$!
"$PROMKIT_PYTHON" Benchmarks/python_scrape_loop.py "$dir" 'soak_work_total{kind="job"}' "$stop" > "$dir.python" &
python=$!
"$PROMKIT_PYTHON" - "$port" "$stop" > "$dir.serve" <<'PY' &
import json, os, sys, urllib.request
port, stop = sys.argv[1:3]
values, failures, scrapes = [], 0, 0
while not os.path.exists(stop):
    scrapes += 1
    try:
        text = urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=10).read().decode()
    except Exception:
        failures += 1
        continue
    values += [float(l.rsplit(' ', 1)[1]) for l in text.splitlines() if l.startswith('soak_work_total{kind="job"}')]
print(json.dumps({'scrapes': scrapes, 'failures': failures, 'values': values}))
PY
serve=$!
cleans=0
while kill -0 "$workers" 2>/dev/null; do
    "$PROMKIT_BIN" clean "$dir" --quiet --lock-wait 10s 2>/dev/null || true
    cleans=$((cleans + 1))
    sleep 0.05
done
touch "$stop"
wait "$python" "$serve"
"$PROMKIT_PYTHON" - "$dir.work" "$dir.python" "$dir.serve" "$cleans" <<'PY'
import json, sys
total = json.load(open(sys.argv[1]))['work']
print(f"{int(sys.argv[4])} cleans, {total} increments")
for name, path in (('prometheus_client collector', sys.argv[2]), ('promkit serve', sys.argv[3])):
    run = json.load(open(path))
    values = run['values']
    down = sum(1 for a, b in zip(values, values[1:]) if b < a)
    over = sum(1 for v in values if v > total)
    print(f"{name}: {run['scrapes']} scrapes, failed {run['failures']}, {down} decreases, {over} above the final total")
PY
rm -f "$dir.work" "$dir.python" "$dir.serve"
