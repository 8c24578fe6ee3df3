# Every command of the project lives here. `make install && make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
# Webflow's own OpenAPI file, vendored as published (openapi/upstream/README.md). A new one is one command:
# `make generate UPSTREAM=path/to/v2.yml` prints `generate: spec drift in ...` in one line if its shape changed.
UPSTREAM ?= openapi/upstream/webflow-v2.yml
UPSTREAMS = --upstream $(UPSTREAM)

.PHONY: install redis-server lock test lint format typecheck pytest generate check-generated clean demo test-chaos audit bench mutation test-stress

# The locked versions (requirements.lock), then the project itself on top of them; and a real
# redis-server (Debian's package) for the RedisLimiter tests and bench scenario 6.
install: redis-server
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
redis-server:
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }
	@redis-server --version

# Re-resolve '.[dev]' in a throwaway venv and pin every distribution it installs.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ head -n 2 requirements.lock; .lock-venv/bin/python -m pip freeze --all --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .lock-venv

test: lint typecheck check-generated pytest

lint:
	ruff check .
	ruff format --check .

format:
	ruff check --fix .
	ruff format .

typecheck:
	mypy

pytest:
	pytest -q -m "not chaos" -n 2

# The long fault-injection runs; their rows go to build/reliability/, then into tests/reliability/RESULTS.md.
test-chaos:
	pytest -m chaos tests/reliability -s
	python tests/reliability/results.py

# Mutation testing of the guarantee modules (not part of `make test`; about 4,700 mutants: 1-2 hours on 2 busy cores):
# mutmut as configured in pyproject.toml, then the score per module and every survivor in tests/mutation/REPORT.md.
# The RedisLimiter tests start their own redis-server (installed by `make install`); two mutants run at once.
mutation:
	python tests/mutation/run.py

# The unit tests with both cores kept busy by a CPU burner (started and stopped here, bounded in time):
# no test may depend on how fast the machine is. STRESS_RUNS=10 repeats the run.
STRESS_RUNS ?= 1
test-stress:
	python scripts/stress.py --runs $(STRESS_RUNS) -- -q -m "not chaos" -p no:cacheprovider tests/test_*.py tests/engine tests/http tests/resources tests/codegen

# Known vulnerabilities in the locked versions; needs PyPI's per-release JSON API (or OSV) on the network.
audit:
	pip-audit --strict --no-deps --disable-pip -r requirements.lock

generate:
	python generator/generate.py $(UPSTREAMS)

check-generated:
	python generator/generate.py --check $(UPSTREAMS)

demo:
	python -m webflow_cms.cli.demo

bench:
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
