# Every command of the project lives here. `make install && make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
# Webflow's own OpenAPI file, vendored as published (openapi/upstream/README.md). A new one is one command:
# `make generate UPSTREAM=path/to/v2.yml` prints `generate: spec drift in ...` in one line if its shape changed.
UPSTREAM ?= openapi/upstream/webflow-v2.yml
UPSTREAMS = --upstream $(UPSTREAM)

.PHONY: help install redis-server lock test test-slow lint format typecheck pytest docs docs-serve generate check-generated clean demo test-chaos audit bench mutation test-stress
.DEFAULT_GOAL := help

# Every target with its `## ` line, in the order of this file.
help: ## list the targets
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "  %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# The locked versions (requirements.lock), then the project itself on top of them; and a real
# redis-server (Debian's package) for the RedisLimiter tests and bench scenario 6.
install: redis-server ## .venv with the locked versions (requirements.lock), the package editable, and redis-server
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
redis-server: ## install Debian's redis-server if missing (for the RedisLimiter tests)
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }
	@redis-server --version

# Re-resolve '.[dev]' in a throwaway venv and pin every distribution it installs.
lock: ## re-resolve '.[dev]' in a throwaway venv and pin every version in requirements.lock
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ head -n 2 requirements.lock; .lock-venv/bin/python -m pip freeze --all --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .lock-venv

test: lint typecheck check-generated pytest ## what CI runs: lint, typecheck, the generated-code check, pytest

lint: ## ruff check and ruff format --check (Python blocks of the Markdown files too)
	ruff check .
	ruff format --check .

format: ## ruff's fixes and formatting, applied
	ruff check --fix .
	ruff format .

typecheck: ## mypy --strict over src/ and generator/
	mypy

pytest: ## the test suite on both cores (pytest -n 2), without the chaos runs and the slow scenarios
	pytest -q -m "not chaos and not slow" -n 2

test-slow: ## the slow scenario tests make test leaves out (over ~10 s each: bench smoke, whole-file drift, demo)
	pytest -q -m slow -n 2

# The long fault-injection runs; their rows go to build/reliability/, then into tests/reliability/RESULTS.md.
test-chaos: ## the long fault-injection runs (reliability, sync, MCP); the table goes to tests/reliability/RESULTS.md
	pytest -m chaos tests -s
	python tests/reliability/results.py

# Mutation testing of the guarantee modules (not part of `make test`; about 4,700 mutants: 1-2 hours on 2 busy cores):
# mutmut as configured in pyproject.toml, then the score per module and every survivor in tests/mutation/REPORT.md.
# The RedisLimiter tests start their own redis-server (installed by `make install`); two mutants run at once.
mutation: ## mutation testing of the guarantee modules (1-2 hours); tests/mutation/REPORT.md
	python tests/mutation/run.py

# The unit tests with both cores kept busy by a CPU burner (started and stopped here, bounded in time):
# no test may depend on how fast the machine is. STRESS_RUNS=10 repeats the run.
STRESS_RUNS ?= 1
test-stress: ## the unit tests with both cores kept busy (STRESS_RUNS=10 repeats them)
	python scripts/stress.py --runs $(STRESS_RUNS) -- -q -m "not chaos" -p no:cacheprovider tests/test_*.py tests/engine tests/http tests/resources tests/codegen

# Known vulnerabilities in the locked versions; needs PyPI's per-release JSON API (or OSV) on the network.
audit: ## known vulnerabilities in requirements.lock (pip-audit; needs PyPI or OSV)
	pip-audit --strict --no-deps --disable-pip -r requirements.lock

# The documentation site (mkdocs.yml, docs/): strict, so a broken link, a page missing from the nav or a
# docstring mkdocstrings cannot render fails the build. Written to build/site/ (git-ignored).
docs: ## build the documentation site into build/site/ (mkdocs build --strict)
	NO_MKDOCS_2_WARNING=1 mkdocs build --strict --site-dir build/site

docs-serve: ## serve the documentation site on 127.0.0.1:8000, rebuilt on every change
	NO_MKDOCS_2_WARNING=1 mkdocs serve --dev-addr 127.0.0.1:8000

generate: ## regenerate openapi/webflow-cms.yaml and _generated/ from UPSTREAM
	python generator/generate.py $(UPSTREAMS)

check-generated: ## fail if the committed spec or generated package differs from what generate writes
	python generator/generate.py --check $(UPSTREAMS)

demo: ## the whole job on the local emulator: no token, no network
	python -m webflow_cms.cli.demo

bench: ## the benchmarks against the official SDK (about 6 minutes); benchmarks/results/
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m benchmarks

clean: ## remove .venv and the tool caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
