# Two commands set everything up: `make run` and `make test`. Only Python 3.11+ and make are needed.
.DEFAULT_GOAL := help

# The first Python 3.11+ on the PATH (override: make run PYTHON=/path/to/python3.12).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export SAFECAMPUS_HOST ?= $(HOST)
export SAFECAMPUS_PORT ?= $(PORT)

.PHONY: help bootstrap database run test fuzz openapi bench clean

help:
	@echo "make run    set up .venv, migrate, load seeds and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   set up .venv and run the whole test suite (SQLite and PostgreSQL)"
	@echo "make fuzz   the long schemathesis run over every operation and role (FUZZ_EXAMPLES=$(FUZZ_EXAMPLES))"
	@echo "make openapi  rewrite openapi/openapi.json from the app"
	@echo "make bench  run the benchmarks on fresh PostgreSQL databases (BENCH_ARGS=--full adds 1000 schools)"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

bootstrap: $(STAMP)

database: bootstrap
	$(BIN)/safecampus migrate
	$(BIN)/safecampus seed
	$(BIN)/safecampus demo

run: database
	$(BIN)/safecampus serve

# The PWA's pure logic (outbox, retry schedule, downscale sizing, term defaults) runs on node's
# built-in test runner; without node it is skipped, except with CI=true where it is a failure.
NODE ?= $(shell command -v node 2>/dev/null)

test: bootstrap
	@if [ -n "$(NODE)" ]; then $(NODE) --test tests/pwa/; \
	elif [ "$$CI" = "true" ]; then echo "CI=true requires node for the PWA logic tests (tests/pwa/*.test.mjs)"; exit 1; \
	else echo "node not found: skipping the PWA logic tests (tests/pwa/*.test.mjs)"; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# tests/test_api_fuzz.py at length: FUZZ_EXAMPLES generated requests per operation instead of
# make test's 3, plus schemathesis' coverage phase (boundary and invalid values of every parameter).
FUZZ_EXAMPLES ?= 200

fuzz: bootstrap
	SAFECAMPUS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) SAFECAMPUS_FUZZ_COVERAGE=1 $(BIN)/python -m pytest tests/test_api_fuzz.py $(PYTEST_ARGS)

openapi: bootstrap
	$(BIN)/safecampus export-openapi

# Needs PostgreSQL (BENCH_PG, default postgresql://postgres@127.0.0.1:5432/postgres) and Chromium;
# about 8 minutes here (3 of them the load benchmark), 10 with BENCH_ARGS=--full. Prints one table,
# writes bench/results.json.
bench: bootstrap
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
