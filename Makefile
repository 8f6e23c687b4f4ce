# Two commands for a fresh machine with Python 3.11+, make and git:
#   make run    set up, load the demo and serve it on http://127.0.0.1:$(PORT)
#   make test   install what the tests need and run the whole suite
#   make docs   build the documentation site (docs/, MkDocs) into site/

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

.PHONY: run test lint format clean fuzz client edge pooler bench browser-tools docs docs-serve \
	docs-screenshots pre-commit-install

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
	@echo "  Worker:      webhook deliveries and go-live announcements (manage.py worker)"
	@echo ""
	@# The worker restarts its own worker process; this loop restarts the worker.
	(while :; do DEBUG=true $(BIN)/python manage.py worker; sleep 1; done) & loop=$$!; \
	trap 'kill $$loop 2>/dev/null; pkill -TERM -P $$loop 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests (tests/browser/) run when chromium and chromedriver are
# installed (on Debian: apt-get install chromium chromium-driver npm) and are
# skipped, saying why, when not.
# The suite runs in TEST_WORKERS processes (pytest-xdist; auto: one per CPU;
# 0: in this one). Each takes the tests in the order pytest-django gives them,
# so the transactional tests, which empty the database after them, come last.
TEST_WORKERS ?= auto
test: $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory browser-tools; \
	else echo "npm not found: the browser tests will be skipped (they need axe-core)"; fi
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

browser-tools: $(AXE)

$(AXE):
	npm install --silent --no-save --no-audit --no-fund --no-package-lock \
		--prefix $(BROWSER_TOOLS) axe-core@$(AXE_CORE_VERSION)

# Fuzz the public API from its OpenAPI schema (schemathesis) on a throwaway
# demo database; fails on any 5xx or answer the schema does not describe.
fuzz: $(VENV)/.installed
	BIN=$(BIN) bash .ci/fuzz/run

# Generate clients from the OpenAPI schema, as app developers would: a Python one
# (openapi-python-client, built and imported) and TypeScript types (openapi-typescript)
# that .ci/client/app.ts uses, compiled with tsc --strict. Tools go under .client/.
client: $(VENV)/.installed
	BIN=$(BIN) bash .ci/client/run

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

# The documentation site: docs/ and mkdocs.yml, built with --strict (a broken
# link, or a page missing from the navigation, fails the build) into site/.
docs: $(VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Serve the site while writing it, rebuilt on every save. DOCS_PORT: its port.
DOCS_PORT ?= 8001
docs-serve: $(VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(DOCS_PORT)

# The editors' screenshots in docs/editors/img/ are taken by the browser tests
# (tests/browser/, needing chromium, chromedriver and npm): run them, then copy
# the steps the docs show (.ci/docs/screenshots.py names them). Commit the
# images this changes.
docs-screenshots: $(VENV)/.installed browser-tools
	BROWSER_TESTS_REQUIRED=1 $(BIN)/python -m pytest -p no:cacheprovider tests/browser
	$(BIN)/python .ci/docs/screenshots.py browser-screenshots docs/editors/img

# Run ruff's checks before each commit (.pre-commit-config.yaml).
pre-commit-install: $(VENV)/.installed
	$(BIN)/pre-commit install

lint: $(VENV)/.installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info $(BROWSER_TOOLS) browser-screenshots site
