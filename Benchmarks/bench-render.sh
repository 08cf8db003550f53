#!/usr/bin/env bash
# promkit render against Python's MultiProcessCollector + generate_latest, whole
# process against whole process, on 64 workers x 2,000 label sets (a counter,
# a histogram on a quarter of the label sets, a livesum gauge); `cat` of the
# same files as the floor. Checks first that the outputs are identical.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${PROMKIT_PYTHON:=$PWD/.venv/bin/python}"
: "${RUNS:=5}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PROMKIT_PYTHON" Benchmarks/make_bench_dir.py --workers 64 --series 2000 --out "$work/db"
echo "directory: $(ls "$work/db" | wc -l) files, $(du -sh --apparent-size "$work/db" | cut -f1) apparent, $(du -sh "$work/db" | cut -f1) on disk"

"$PROMKIT_BIN" render "$work/db" > "$work/promkit.txt"
"$PROMKIT_PYTHON" Benchmarks/render_python.py "$work/db" > "$work/python.txt"
if cmp -s <(sort "$work/promkit.txt") <(sort "$work/python.txt"); then
    echo "outputs identical (as sorted lines): $(wc -l < "$work/promkit.txt") lines"
else
    echo "OUTPUTS DIFFER" >&2
    diff <(sort "$work/promkit.txt") <(sort "$work/python.txt") | head -5 >&2
    exit 1
fi

"$PROMKIT_PYTHON" Benchmarks/measure.py --runs "$RUNS" --reference python \
    "python=$PROMKIT_PYTHON Benchmarks/render_python.py $work/db" \
    "promkit=$PROMKIT_BIN render $work/db" \
    "promkit-openmetrics=$PROMKIT_BIN render --format openmetrics $work/db" \
    "cat=cat $work/db/*.db"
