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
RUNTIME := requirements/runtime.txt
LITE_IN   := requirements/lite.in
LITE_LOCK := requirements/lite.txt
PYTEST := $(BIN)/python -m pytest
# JupyterLab refuses to run as root (as in containers and CI) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# A changed module of src/ must get its .pyc rewritten at import (tests, lab), whatever the shell set.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: lab test test-grading install lite-tools-for-tests lock build bench bench-journal bench-grade bench-peers lite lite-tools site site-public help clean

help:
	@echo "make lab     open the course in JupyterLab (sets up .venv on first run)"
	@echo "make test    set up .venv if needed and run every test (each stage, then which failed)"
	@echo "make test-grading  the grading tests alone"
	@echo "make lock    refresh $(LOCK) and $(RUNTIME) from pyproject.toml"
	@echo "make build   bring lessons/, the registry and stale solution outputs up to date"
	@echo "make bench   time each lesson's Run All against the kernel-start floor"
	@echo "make bench-journal  time check() with the learner's journal off and on"
	@echo "make bench-grade  time our grading against nbgrader and a jupyter execute loop"
	@echo "make lite    build a JupyterLite site of the lessons into _output/lite (first run: sets up .lite/ and Pyodide)"
	@echo "make site    build the course website (learner and instructor editions) into _output/site"
	@echo "make site-public  the folder to publish: learner edition and JupyterLite, into _output/public"

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Re-installs only when the lock or pyproject.toml changed since the last install.
# --compile-bytecode: every package is compiled once here, so no kernel (grading kernels run
# with PYTHONDONTWRITEBYTECODE, hub images are read-only) recompiles pandas or matplotlib at
# each start. The editable course package lives in src/, which uv does not compile: compileall
# does (and Python refreshes a .pyc there at import when a source changes). Last, the course
# kernel replaces ipykernel's python3 in .venv: the same Python, with the course package
# loaded at start, so its notes work before the setup cell (src/summit_course/kernel.py).
# (JupyterLite's tools left the lock for .lite/: an older .venv loses them, so that JupyterLab
# stops loading the Pyodide kernel's extension.)
$(STAMP): $(LOCK) pyproject.toml | $(UV)
	$(UV) pip install --python $(BIN)/python --no-deps --compile-bytecode -r $(LOCK)
	$(UV) pip uninstall --quiet --python $(BIN)/python jupyterlite-pyodide-kernel jupyterlite-core
	$(UV) pip install --python $(BIN)/python --no-deps --compile-bytecode -e .
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m summit_course.kernel --sys-prefix
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

LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.default_url=/lab/tree/lessons/00-start-here.ipynb $(LAB_ARGS)

# Every stage runs even when an earlier one failed; the last lines say which failed.
test: $(STAMP) $(AXE_STAMP) lite-tools-for-tests
	$(BIN)/python -m compileall -q src
	scripts/test-stages

# The grading tests alone (CI runs them again as an ordinary user: scripts/as-unprivileged-user).
test-grading: $(STAMP)
	$(PYTEST) -p no:cacheprovider -n auto --dist loadfile tests/grading

# The locks, made by uv: $(LOCK) for development (pyproject.toml with every extra but dask),
# $(RUNTIME) for the student runtime alone (what lessons import: hubs, Binder, a student's
# computer, a release's requirements.txt; resolved with $(LOCK) as constraints, so both pin
# the same versions), and $(LITE_LOCK) for the JupyterLite build tools, kept out of .venv.
lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra instructor --extra test --extra site --universal \
		--python-version 3.10 --no-emit-package rfc3987-syntax -o $(LOCK)
	$(UV) pip compile pyproject.toml --constraints $(LOCK) --universal --python-version 3.10 \
		--no-emit-package rfc3987-syntax -o $(RUNTIME)
	$(UV) pip compile $(LITE_IN) --constraints $(RUNTIME) --universal --python-version 3.10 -o $(LITE_LOCK)

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

# JupyterLite's build tools live in .lite/venv (from $(LITE_LOCK)), not in .venv. Pyodide's core
# comes from npm (pinned by requirements/pyodide/package-lock.json) and the pure-Python wheels
# it needs from PyPI (pinned with hashes by requirements/pyodide/wheels.txt, into .lite/wheels):
# the site serves all of them itself. Set up once with the network; afterwards `make lite`
# (and site-public, release) build with none. Pyodide's compiled packages (numpy, pandas,
# matplotlib...) are on no registry here: the site loads them from Pyodide's CDN (README).
LITE_DIR   := .lite
LITE_STAMP := $(LITE_DIR)/.installed
PYODIDE    := requirements/pyodide

$(LITE_STAMP): $(LITE_LOCK) $(PYODIDE)/package-lock.json $(PYODIDE)/wheels.txt | $(UV)
	@command -v npm >/dev/null 2>&1 || { echo "make lite needs npm for Pyodide (sudo apt-get install npm)"; exit 1; }
	$(UV) venv --quiet --allow-existing --python $(BIN)/python $(LITE_DIR)/venv
	$(UV) pip install --quiet --python $(LITE_DIR)/venv/bin/python --no-deps -r $(LITE_LOCK)
	npm ci --prefix $(PYODIDE) --prefer-offline --no-audit --no-fund
	rm -rf $(LITE_DIR)/wheels
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
		--platform any --python-version 3.14 --implementation py --require-hashes \
		-r $(PYODIDE)/wheels.txt --dest $(LITE_DIR)/wheels
	touch $@

lite-tools: $(LITE_STAMP)

# make test sets up JupyterLite's tools before the tests where npm exists (else those tests skip).
lite-tools-for-tests:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory lite-tools; \
	else echo "npm not found: the JupyterLite tests will skip (sudo apt-get install npm)"; fi

lite: $(STAMP) $(LITE_STAMP)
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
	rm -rf $(VENV) .bench $(LITE_DIR) .pytest_cache build _output test-artifacts $(AXE_DIR)/node_modules
