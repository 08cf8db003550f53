#!/usr/bin/env bash
# promtool from Debian's prometheus package, unpacked (not installed) into
# .tools/prometheus/ so tests and benchmarks can run .tools/prometheus/usr/bin/promtool.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=.tools/prometheus
if [ -x "$target/usr/bin/promtool" ]; then
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus; })
mkdir -p "$target"
dpkg-deb -x "$work"/prometheus_*.deb "$target"
"$target/usr/bin/promtool" --version | head -1
