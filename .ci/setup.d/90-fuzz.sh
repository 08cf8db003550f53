#!/usr/bin/env bash
# Fuzz the exposition parser, the .db checks, the directory scan and a streamed
# exposition with very long tokens for 30 seconds each, two minutes in all
# (libFuzzer + AddressSanitizer); a crash or a hang fails CI. See Fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Fuzz/build.sh
bash Fuzz/run.sh "${PROMKIT_FUZZ_SECONDS:-30}"
