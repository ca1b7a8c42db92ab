# motcua — the two commands: `make demo` (run with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STRUCTURE ?= 2025
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/motcua
BENCH ?=
SCALE ?= small

export MOTCUA_STRUCTURE := $(STRUCTURE)

.PHONY: demo serve setup test lint test-sqlite test-postgres test-e2e bench totp messages openapi clean

# --- set-up (each step reruns only when its inputs change) ----------------------------------------
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/css/main.css: node_modules/.installed $(wildcard frontend/scss/*.scss)
	npm run --silent build

messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

setup: $(VENV)/.installed node_modules/.installed frontend/dist/css/main.css messages

# --- run the platform -----------------------------------------------------------------------------
# collectstatic hashes and compresses every file (~35 s here): redo it only when the front end changed.
STATIC_STAMP := $(or $(MOTCUA_VAR_DIR),var)/static/.collected
$(STATIC_STAMP): frontend/dist/css/main.css $(wildcard frontend/js/*.js) package-lock.json requirements.lock
	$(MANAGE) collectstatic --noinput -v0
	touch $@

demo: setup
	$(MANAGE) migrate --noinput -v0
	$(MAKE) --no-print-directory $(STATIC_STAMP)
	$(MANAGE) load_demo --structure $(STRUCTURE)
	$(MAKE) --no-print-directory serve

# The task worker runs beside the web server in the same command, so the demo needs nothing else.
serve:
	@echo "motcua: http://$(HOST):$(PORT)/  (worker: manage.py db_worker; Ctrl-C stops both)"
	@$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	$(MANAGE) statistics_update --follow 10 --batch 500 >/dev/null & stats=$$!; \
	$(MANAGE) dossiers_remind --follow 3600 >/dev/null & remind=$$!; \
	trap 'kill $$worker $$stats $$remind 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 1 --blocking-threads 8 \
	  --log-level warning motcua.wsgi:application

totp:
	@$(MANAGE) totp_code $(USER)

openapi: setup
	$(MANAGE) openapi

# --- the whole suite --------------------------------------------------------------------------------
test: setup lint test-sqlite test-postgres

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy motcua tests bench conftest.py
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run -v1
	$(MANAGE) openapi --check
	$(MANAGE) settings_table --check

# SQLite run includes the browser tests; the PostgreSQL run covers everything that touches the database.
test-sqlite:
	$(VENV)/bin/pytest -q -n 2 -m "not e2e"
	$(VENV)/bin/pytest -q -m e2e

test-postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432: start it (see README) or run make test-sqlite"; exit 1; }
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -n 2 -m "not e2e"

test-e2e:
	$(VENV)/bin/pytest -q -m e2e

bench: setup
	$(PY) -m bench $(if $(BENCH),--only $(BENCH)) --scale $(SCALE)

clean:
	rm -rf var/static frontend/dist
