#!/usr/bin/env bash
# Worker churn under `promkit run`: gunicorn (3 uvicorn workers, --max-requests
# 20) under steady load until RESTARTS workers were replaced, once under
# `promkit run --listen` and once alone with nothing cleaning the directory.
# At each checkpoint: the number of .db files, the median latency of run's
# /metrics and of the app's own Python /metrics/. Under run: promkit's CPU
# time per second and the fold latency (worker's end to its files folded).
# Targets: run's scrape latency at the last checkpoint within 1.5x of its
# latency at 0; promkit's CPU under 2% of a core.
#
# Env: PROMKIT_BIN (release binary), PROMKIT_PYTHON (venv with Tests/requirements.txt),
#      RESTARTS (5000), CHECKPOINTS (0,1000,5000), LIMIT (seconds per mode, 2400),
#      NAMESPACE=1 to run promkit as pid 1 of its own pid namespace (as in a container).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
RESTARTS=${RESTARTS:-5000}
CHECKPOINTS=${CHECKPOINTS:-0,1000,5000}
LIMIT=${LIMIT:-2400}
extra=()
[ "${NAMESPACE:-0}" = 1 ] && extra=(--namespace)
for mode in run plain; do
    "$PROMKIT_PYTHON" Benchmarks/churn.py --mode "$mode" "${extra[@]}" --promkit "$PROMKIT_BIN" \
        --restarts "$RESTARTS" --checkpoints "$CHECKPOINTS" --limit-seconds "$LIMIT"
done
