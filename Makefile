# Summit at Vostochny: two commands do all the set-up.
#   make lab    create .venv if missing, install the locked versions, open lesson 00
#   make test   the same set-up, then every test
# The environment is installed from requirements/lock.txt (made by uv, see README).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
UV_VERSION := 0.13.9
STAMP  := $(VENV)/.installed
LOCK   := requirements/lock.txt
PYTEST := $(BIN)/python -m pytest
# JupyterLab refuses to run as root (as in containers and CI) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# A changed module of src/ must get its .pyc rewritten at import (tests, lab), whatever the shell set.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: lab test install lock build bench bench-journal bench-grade bench-peers lite site site-public help clean

help:
	@echo "make lab     open the course in JupyterLab (sets up .venv on first run)"
	@echo "make test    set up .venv if needed and run every test"
	@echo "make lock    refresh $(LOCK) from pyproject.toml"
	@echo "make build   bring lessons/, the registry and stale solution outputs up to date"
	@echo "make bench   time each lesson's Run All against the kernel-start floor"
	@echo "make bench-journal  time check() with the learner's journal off and on"
	@echo "make bench-grade  time our grading against nbgrader and a jupyter execute loop"
	@echo "make lite    build a JupyterLite site of the lessons into _output/lite"
	@echo "make site    build the course website (learner and instructor editions) into _output/site"
	@echo "make site-public  the folder to publish: learner edition and JupyterLite, into _output/public"

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Re-installs only when the lock or pyproject.toml changed since the last install.
# --compile-bytecode: every package is compiled once here, so no kernel (grading kernels run
# with PYTHONDONTWRITEBYTECODE, hub images are read-only) recompiles pandas or matplotlib at
# each start. The editable course package lives in src/, which uv does not compile: compileall
# does (and Python refreshes a .pyc there at import when a source changes).
$(STAMP): $(LOCK) pyproject.toml | $(UV)
	$(UV) pip install --python $(BIN)/python --no-deps --compile-bytecode -r $(LOCK)
	$(UV) pip install --python $(BIN)/python --no-deps --compile-bytecode -e .
	$(BIN)/python -m compileall -q src
	touch $@

# axe-core (the accessibility audits in tests/browser/axe.py), from npm, pinned by its lock.
# Like .venv: reinstalled only when the lock changed; --prefer-offline uses npm's cache first.
# Without npm the audits skip (CI installs it, and its SUMMIT_REQUIRE_BROWSER=1 fails them).
AXE_DIR   := tests/a11y
AXE_STAMP := $(AXE_DIR)/node_modules/.installed

$(AXE_STAMP): $(AXE_DIR)/package-lock.json $(AXE_DIR)/package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(AXE_DIR) --prefer-offline --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility audits will skip (sudo apt-get install nodejs npm)"; fi

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.default_url=/lab/tree/lessons/00-start-here.ipynb

test: $(STAMP) $(AXE_STAMP)
	$(BIN)/python -m compileall -q src
	$(PYTEST) -n auto --dist loadfile
	$(PYTEST) -n auto --dist loadfile --nbval solutions/ --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
	$(PYTEST) -n auto --dist loadfile --nbval-lax lessons/ --nbval-current-env

lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra test --extra lite --extra site --universal --python-version 3.10 \
		--no-emit-package rfc3987-syntax -o $(LOCK)

build: $(STAMP)
	$(BIN)/summit-course build

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_lessons.py

bench-journal: $(STAMP)
	$(BIN)/python benchmarks/bench_journal.py $(BENCH_ARGS)

# nbgrader, pinned, in its own environment (its kernel is .venv's Python, see benchmarks/README.md).
NBGRADER_VERSION := 0.9.6
NBGRADER_VENV := .bench/nbgrader
BENCH_ARGS ?=

$(NBGRADER_VENV)/.installed: | $(UV)
	$(UV) venv --quiet --python $(BIN)/python $(NBGRADER_VENV)
	$(UV) pip install --python $(NBGRADER_VENV)/bin/python --compile-bytecode nbgrader==$(NBGRADER_VERSION)
	touch $@

# Ours (sandboxed, --no-sandbox; 1 and 2 jobs) against nbgrader and a jupyter execute loop, in
# alternating rounds. More submissions: make bench-grade BENCH_ARGS="--submissions 40 --rounds 3"
bench-grade: bench-peers
bench-peers: $(STAMP) $(NBGRADER_VENV)/.installed
	$(BIN)/python benchmarks/bench_peers.py --nbgrader-python $(NBGRADER_VENV)/bin/python $(BENCH_ARGS)

lite: $(STAMP)
	$(BIN)/summit-course lite --output _output/lite

# Static HTML (Sphinx + MyST-NB, stored outputs, no network), both editions, for your own computer:
# _output/site/ holds the instructor edition, so never publish it. site-public writes the folder to
# publish: _output/public/ = site/learner/ + lite/ (so each page's ../../lite/ link works).
# Binder links only with a public student-release repository (never this one):
#   make site-public SUMMIT_SITE_BINDER_REPO=me/course-student
site: $(STAMP)
	$(BIN)/summit-course site --output _output/site

site-public: lite
	$(BIN)/summit-course site --public --lite _output/lite --output _output/public

clean:
	rm -rf $(VENV) .bench .pytest_cache build _output test-artifacts $(AXE_DIR)/node_modules
