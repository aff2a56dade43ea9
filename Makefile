# The two commands of the README: `make run` and `make test`. Both need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

## Install, migrate, load the demo on first run, and serve on http://$(HOST):$(PORT)/
run: $(VENV)/.run-installed
	$(BIN)/cercle compilecatalogs --verbosity 0
	$(BIN)/cercle migrate --noinput --verbosity 0
	$(BIN)/cercle demo --if-empty
	$(BIN)/cercle serve --host $(HOST) --port $(PORT)

## Lint, check migrations and catalogues, run every test (SQLite, then PostgreSQL if DATABASE_URL)
test: $(VENV)/.dev-installed
	bash scripts/test

clean:
	rm -rf $(VENV) data
