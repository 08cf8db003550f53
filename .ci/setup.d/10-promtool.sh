#!/usr/bin/env bash
# promtool from Debian's prometheus package, unpacked (never installed) into
# .tools/prometheus/, so tests and benchmarks find .tools/prometheus/usr/bin/promtool.
# Idempotent: does nothing when promtool is already unpacked.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.tools/prometheus
if [ -x "$dest/usr/bin/promtool" ]; then
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"
if ! (cd "$work" && apt-get download -qq prometheus); then
    apt-get update -qq
    (cd "$work" && apt-get download -qq prometheus)
fi
mkdir -p "$dest"
dpkg-deb -x "$work"/prometheus_*.deb "$dest"
"$dest/usr/bin/promtool" --version
