# ServiceCulture. `make run` starts the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export SITE_URL ?= http://127.0.0.1:$(PORT)
ARGS ?=

.PHONY: run test bench lint deps vendor messages check clean

run: deps
	@mkdir -p var
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  ServiceCulture is starting at http://127.0.0.1:$(PORT)/  (Ctrl-C stops the web server, worker and beat)"
	@echo ""
	DEBUG=$${DEBUG:-true} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile -p $(PORT)

test: deps
	$(BIN)/python scripts/run_tests.py $(ARGS)

# Performance at scale against physical floors (benchmarks/README.md): builds SIZE responses in a scratch
# database (BENCH_DATABASE_URL, default sc_bench_data, dropped and made again), prints the table, and fails on
# an error, on report rows that differ from the hand-written SQL's, and (at the full size only) on a missed goal.
SIZE ?= 1000000
bench: deps
	SIZE=$(SIZE) $(BIN)/python -m benchmarks.run

# Lint, format check and type check (CI runs this before the suite). mypy imports the settings, which want a
# SECRET_KEY unless DEBUG is on: DEBUG=true here only lets them load, nothing is served.
lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy .

deps: $(VENV)/.installed static/vendor/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

vendor: static/vendor/.installed

static/vendor/.installed: package.json package-lock.json scripts/vendor.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/vendor.sh

# Regenerate the Spanish catalogue after changing texts (needs GNU gettext); the compiled .mo is committed.
messages: deps
	DEBUG=true $(BIN)/python manage.py makemessages --locale es --ignore ".venv/*" --ignore "node_modules/*" --ignore "static/*"
	DEBUG=true $(BIN)/python manage.py compilemessages --locale es --ignore ".venv/*" --ignore "node_modules/*"

check: deps
	DEBUG=true $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) node_modules static/vendor var staticfiles
