# Every command of the project lives here. `make install && make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
UPSTREAM ?= ../shared/openapi/webflow-items-openapi.upstream.yml

.PHONY: install test lint format typecheck pytest generate check-generated clean demo test-chaos audit bench

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'

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
	pytest -q -m "not chaos"

test-chaos:
	pytest -m chaos tests/reliability -s

audit:
	pip-audit --strict --skip-editable

generate:
	python generator/generate.py --upstream $(UPSTREAM)

check-generated:
	python generator/generate.py --check --upstream $(UPSTREAM)

demo:
	python -m webflow_cms.cli.demo

bench:
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
