# Two commands for a fresh machine with Python 3.11+, make and git:
#   make run    set up, load the demo and serve it on http://127.0.0.1:$(PORT)
#   make test   install what the tests need and run the whole suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# axe-core, for the browser tests' accessibility checks: pinned, from the npm registry.
AXE_CORE_VERSION := 4.14.1
BROWSER_TOOLS := .browser-tools
AXE := $(BROWSER_TOOLS)/node_modules/axe-core/axe.min.js
DEMO_PASSWORD ?= guidance-demo
export DEMO_PASSWORD

.PHONY: run test lint format clean fuzz edge pooler bench browser-tools

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "Python 3.11 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
		echo "Name another one, e.g. make $(MAKECMDGOALS) PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py index_releases
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Admin:       http://127.0.0.1:$(PORT)/admin/"
	@echo "  Reader:      http://127.0.0.1:$(PORT)/guides/"
	@echo "  Public API:  http://127.0.0.1:$(PORT)/api/v1/guides/  (docs: /api/docs/)"
	@echo "  Demo logins: editor, reviewer, publisher (password: $(DEMO_PASSWORD))"
	@echo "  Worker:      webhook deliveries and go-live announcements (manage.py db_worker)"
	@echo ""
	DEBUG=true $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests (tests/browser/) run when chromium and chromedriver are
# installed (on Debian: apt-get install chromium chromium-driver npm) and are
# skipped, saying why, when not.
test: $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory browser-tools; \
	else echo "npm not found: the browser tests will be skipped (they need axe-core)"; fi
	$(BIN)/python -m pytest

browser-tools: $(AXE)

$(AXE):
	npm install --silent --no-save --no-audit --no-fund --no-package-lock \
		--prefix $(BROWSER_TOOLS) axe-core@$(AXE_CORE_VERSION)

# Fuzz the public API from its OpenAPI schema (schemathesis) on a throwaway
# demo database; fails on any 5xx or answer the schema does not describe.
fuzz: $(VENV)/.installed
	BIN=$(BIN) bash .ci/fuzz/run

# The public API through Varnish (Debian's varnish, installed when missing):
# held answers, a withdrawal purged at once, a scheduled go-live on time.
edge: $(VENV)/.installed
	BIN=$(BIN) bash .ci/edge/run

# The public API and the editorial workflow's tests through PgBouncer in
# transaction mode (Debian's pgbouncer, installed when missing), in front of
# the PostgreSQL server of CI_DATABASE_URL (default postgres@127.0.0.1:5432).
pooler: $(VENV)/.installed
	BIN=$(BIN) bash .ci/pgbouncer/run

# The public API against a minimal Django view serving the same bytes, and
# through Varnish against nginx (needs wrk, varnish, nginx-light); by hand,
# not in CI. Options: make bench BENCH_ARGS="--guides 500 --keep --postgres ...".
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info $(BROWSER_TOOLS) browser-screenshots
