#!/usr/bin/env bash
# Regenerate the committed fixtures in Tests/Fixtures, then check them.
#
# Usage: Tests/tools/make_fixtures.sh     (from anywhere; needs python3 with
#                                          venv and pip access to PyPI)
#
# Creates two throw-away venvs, one with prometheus-client 0.26.0 and one
# with 0.17.1, and writes:
#   Tests/Fixtures/v2-0.26.0/{db,expected}   random_multiproc.py, 0.26.0
#   Tests/Fixtures/v1-0.17.1/{db,expected}   random_multiproc.py, 0.17.1 (v1 layout)
#   Tests/Fixtures/sample/                   make_sample.py, 0.26.0
#   Tests/Fixtures/sample-expected/          its rendering
#   Tests/Fixtures/damaged/                  make_damaged.py, 0.26.0
# The pids in file names and pid labels change on every run; so do the
# mostrecent timestamps inside the .db files.  Everything else is fixed by
# the seeds below.
set -euo pipefail

SEED=133        # 20 files (3 children, all 10 gauge modes) under 0.26.0
CHILDREN=3

TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIXTURES="$(cd "$TOOLS/.." && pwd)/Fixtures"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for version in 0.26.0 0.17.1; do
    python3 -m venv "$WORK/venv-$version"
    "$WORK/venv-$version/bin/pip" install --quiet --disable-pip-version-check \
        "prometheus-client==$version"
done
PY26="$WORK/venv-0.26.0/bin/python"
PY17="$WORK/venv-0.17.1/bin/python"

mkdir -p "$FIXTURES"
rm -rf "$FIXTURES/v2-0.26.0" "$FIXTURES/v1-0.17.1" "$FIXTURES/sample" \
       "$FIXTURES/sample-expected" "$FIXTURES/damaged"

# The generators must not see a multiprocess directory of their own.
unset PROMETHEUS_MULTIPROC_DIR prometheus_multiproc_dir PROMETHEUS_LEGACY_NAME_VALIDATION

"$PY26" "$TOOLS/random_multiproc.py" --seed "$SEED" --children "$CHILDREN" \
    --out "$FIXTURES/v2-0.26.0"
"$PY17" "$TOOLS/random_multiproc.py" --seed "$SEED" --children "$CHILDREN" \
    --out "$FIXTURES/v1-0.17.1"
"$PY26" "$TOOLS/make_sample.py" --out "$FIXTURES/sample" \
    --expected "$FIXTURES/sample-expected"
"$PY26" "$TOOLS/make_damaged.py" --out "$FIXTURES/damaged"

echo "== checks with prometheus-client 0.26.0"
"$PY26" "$TOOLS/check_fixtures.py" --fixtures "$FIXTURES"
echo "== checks with prometheus-client 0.17.1"
"$PY17" "$TOOLS/check_fixtures.py" --fixtures "$FIXTURES"
