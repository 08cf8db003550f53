# promkit: build, test, benchmark, docs, install.
SWIFT ?= swift
PYTHON ?= python3
PREFIX ?= /usr/local
VENV := .venv
VENV_OLD := .venv-0.17.1
RELEASE_BIN := .build/release/promkit

.PHONY: all build release wheel wheel-check test venv bench man completions check-generated install uninstall install-check format lint clean

# The man page carries this date, so that regenerating it changes nothing.
MAN_DATE := 2026-11-21
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

all: build

build:
	$(SWIFT) build

# The Swift runtime is linked in, so the installed binary runs on hosts without a
# Swift toolchain (and starts a few milliseconds sooner).
release:
	$(SWIFT) build -c release --static-swift-stdlib --product promkit

# A platform wheel, dist/promkit-VERSION-py3-none-manylinux_X_Y_ARCH.whl: the
# stripped release binary (installed by pip as bin/promkit), the man page, the
# completions and the Python collector (python/promkit). X_Y is the newest
# glibc the binary needs; WHEEL_FLAGS='--manylinux 2_39' claims a newer one,
# --project-url 'Source, https://...' adds a link.
wheel: release
	$(PYTHON) python/build_wheel.py --binary $(RELEASE_BIN) --out dist $(WHEEL_FLAGS)

# Builds the wheel into a temporary folder, installs it into a fresh venv and
# checks what was installed (make test runs the same check).
wheel-check: venv release
	$(VENV)/bin/python Tests/python/wheel_check.py --binary $(RELEASE_BIN)

# The Python side of the tests: the pinned prometheus_client (and the app
# stack) from PyPI, and prometheus_client 0.17.1 for the v1 byte layout.
venv: $(VENV)/.installed $(VENV_OLD)/.installed

$(VENV)/.installed: Tests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
	touch $@

$(VENV_OLD)/.installed: Tests/requirements-0.17.1.txt
	$(PYTHON) -m venv $(VENV_OLD)
	$(VENV_OLD)/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/requirements-0.17.1.txt
	touch $@

test: venv
	$(SWIFT) build
	$(MAKE) --no-print-directory check-generated
	PROMKIT_PYTHON=$(abspath $(VENV)/bin/python) \
	PROMKIT_PYTHON_OLD=$(abspath $(VENV_OLD)/bin/python) \
	$(SWIFT) test --no-parallel

# Benchmarks print ratios against their references, measured in the same run.
bench: venv release
	PROMKIT_PYTHON=$(abspath $(VENV)/bin/python) PROMKIT_BIN=$(abspath $(RELEASE_BIN)) \
	bash Benchmarks/run-all.sh

# Man page and completion scripts, generated from the command definitions.
man:
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE) \
		--authors "the promkit authors"
	mkdir -p man
	cp .build/plugins/GenerateManual/outputs/promkit/promkit.1 man/promkit.1

completions: build
	mkdir -p completions
	.build/debug/promkit --generate-completion-script bash > completions/promkit.bash
	.build/debug/promkit --generate-completion-script zsh > completions/_promkit
	.build/debug/promkit --generate-completion-script fish > completions/promkit.fish

# Fails when the committed man page or completions differ from what the
# command definitions generate now.
check-generated: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE) \
		--authors "the promkit authors" >/dev/null && \
	cp .build/plugins/GenerateManual/outputs/promkit/promkit.1 "$$tmp/promkit.1" && \
	.build/debug/promkit --generate-completion-script bash > "$$tmp/promkit.bash" && \
	.build/debug/promkit --generate-completion-script zsh > "$$tmp/_promkit" && \
	.build/debug/promkit --generate-completion-script fish > "$$tmp/promkit.fish" && \
	status=0 && \
	for f in man/promkit.1 completions/promkit.bash completions/_promkit completions/promkit.fish; do \
		if ! cmp -s "$$f" "$$tmp/$$(basename $$f)"; then \
			echo "$$f is out of date: run 'make man completions'" >&2; status=1; \
		fi; \
	done; \
	[ $$status -eq 0 ] && echo "man page and completions are current"; exit $$status

install: release
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -s -m 755 $(RELEASE_BIN) $(BINDIR)/promkit
	install -m 644 man/promkit.1 $(MANDIR)/promkit.1
	install -m 644 completions/promkit.bash $(BASHDIR)/promkit
	install -m 644 completions/_promkit $(ZSHDIR)/_promkit
	install -m 644 completions/promkit.fish $(FISHDIR)/promkit.fish

uninstall:
	rm -f $(BINDIR)/promkit $(MANDIR)/promkit.1 $(BASHDIR)/promkit $(ZSHDIR)/_promkit $(FISHDIR)/promkit.fish

# Installs into a temporary prefix and checks what was installed.
install-check:
	bash Tests/install-check.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

clean:
	rm -rf .build $(VENV) $(VENV_OLD)
