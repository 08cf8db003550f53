#!/usr/bin/env bash
# Runs every Benchmarks/bench-*.sh in turn. Each prints its own table of
# medians and ratios against its reference, measured in this same run.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
export PROMKIT_BIN PROMKIT_PYTHON
status=0
for script in Benchmarks/bench-*.sh; do
    echo "== $script"
    bash "$script" || status=1
    echo
done
exit $status
