# Tiltas: the single entry point. `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/tiltas
HOST ?= 127.0.0.1
PORT ?= 8000
# Demo mode for `make run`: debug pages, the demo banner, MFA off so the printed logins work.
DEMO_ENV := TILTAS_DEBUG=1 TILTAS_DEMO=1

.PHONY: setup run test test-pg test-e2e lint format messages demo clean

$(PY):
	@py=$$(scripts/find-python) && echo "Creating $(VENV) with $$py" && "$$py" -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

## setup: virtual environment, dependencies, SQLite database and reference data (idempotent)
setup: $(STAMP)
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_reference

## demo: load the demo organisations, programmes, people and logins (idempotent)
demo: setup
	$(DEMO_ENV) $(PY) manage.py seed_demo

## run: set everything up and serve http://127.0.0.1:8000 with the demo logins printed
run: demo
	@echo ""
	@echo "Tiltas is starting on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite on SQLite
test: $(STAMP)
	$(PY) -m pytest

## test-e2e: only the end-to-end journeys in the system Chromium
test-e2e: $(STAMP)
	$(PY) -m pytest tests/e2e

## test-pg: the whole suite on PostgreSQL (DATABASE_URL, default the local server)
test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) -m pytest

## lint: ruff (lint and format check) and mypy
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy tiltas config

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## messages: refresh the Lithuanian catalogue from the code and compile it
messages: $(STAMP)
	$(DEMO_ENV) $(PY) manage.py makemessages -l lt --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore="*/tests/*"
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/tiltas.sqlite3* var/static
