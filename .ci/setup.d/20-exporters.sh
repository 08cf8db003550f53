#!/usr/bin/env bash
# The stock Go exporters of Debian's packages, unpacked (not installed) into
# .tools/<package>/ as promtool is (10-promtool.sh), for the exposition corpus:
# Tests/tools/capture_corpus.sh scrapes them and ExporterCorpusTests start them.
set -euo pipefail
cd "$(dirname "$0")/../.."
packages="prometheus-node-exporter:usr/bin/prometheus-node-exporter
prometheus-pushgateway:usr/bin/prometheus-pushgateway
prometheus-alertmanager:usr/bin/prometheus-alertmanager"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for entry in $packages; do
    package=${entry%%:*}
    binary=${entry#*:}
    target=.tools/$package
    [ -x "$target/$binary" ] && continue
    (cd "$work" && timeout 300 apt-get download "$package" >/dev/null 2>&1 ||
        { timeout 300 apt-get update -qq && timeout 300 apt-get download "$package"; })
    mkdir -p "$target"
    dpkg-deb -x "$work/${package}"_*.deb "$target"
    "$target/$binary" --version 2>&1 | head -1
done
