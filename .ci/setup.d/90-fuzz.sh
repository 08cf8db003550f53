#!/usr/bin/env bash
# Fuzz the exposition parser and the .db checks for 60 seconds each
# (libFuzzer + AddressSanitizer); a crash fails CI. See Fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Fuzz/build.sh
bash Fuzz/run.sh "${PROMKIT_FUZZ_SECONDS:-60}"
