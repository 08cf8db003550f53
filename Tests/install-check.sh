#!/usr/bin/env bash
# Installs promkit into a temporary prefix with `make install`, then checks
# that the man page renders, the bash completion script parses, the binary
# runs, and that `make uninstall` removes everything again.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
make --no-print-directory install PREFIX="$prefix"
fail=0
passed=0
check() { if "$@"; then echo "ok: $*"; passed=$((passed + 1)); else echo "FAILED: $*" >&2; fail=$((fail + 1)); fi; }
check test -x "$prefix/bin/promkit"
check test -f "$prefix/share/zsh/site-functions/_promkit"
check test -f "$prefix/share/fish/vendor_completions.d/promkit.fish"
rendered=$(MANWIDTH=80 man -l "$prefix/share/man/man1/promkit.1" 2>/dev/null | col -b || true)
check grep -q "promkit" <<<"$rendered"
check grep -q "render" <<<"$rendered"
check bash -n "$prefix/share/bash-completion/completions/promkit"
# The Swift runtime is linked in: the binary needs no toolchain on the host.
check bash -c "! ldd '$prefix/bin/promkit' | grep -q libswiftCore"
version=$("$prefix/bin/promkit" --version)
check grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' <<<"$version"
# promkit paths names the installed man page and the three completion scripts.
paths=$("$prefix/bin/promkit" paths)
check test "$(grep -c "$prefix/share/" <<<"$paths")" -eq 4
make --no-print-directory uninstall PREFIX="$prefix"
left=$(find "$prefix" -type f | wc -l)
check test "$left" -eq 0
echo "install-check: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
