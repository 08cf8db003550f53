# promkit: build, test, benchmark, docs, install.
SWIFT ?= swift
PYTHON ?= python3
PREFIX ?= /usr/local
VENV := .venv
VENV_OLD := .venv-0.17.1
RELEASE_BIN := .build/release/promkit

.PHONY: all build release test venv bench man completions install uninstall format lint clean

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

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
	PROMKIT_PYTHON=$(abspath $(VENV)/bin/python) \
	PROMKIT_PYTHON_OLD=$(abspath $(VENV_OLD)/bin/python) \
	$(SWIFT) test

# Benchmarks print ratios against their references, measured in the same run.
bench: venv release
	PROMKIT_PYTHON=$(abspath $(VENV)/bin/python) PROMKIT_BIN=$(abspath $(RELEASE_BIN)) \
	bash Benchmarks/run-all.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

clean:
	rm -rf .build $(VENV) $(VENV_OLD)
