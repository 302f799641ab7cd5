# caseapp: `make run` to try it, `make test` to test it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
DEV := CASEAPP_CONFIG=development
# Tools that work on the lock file live apart from the locked environment.
TOOLS := $(VENV)-tools/bin
UV_VERSION := 0.13.8
PIP_AUDIT_VERSION := 2.10.1

.PHONY: run test setup install translations messages db demo clean lock audit bench vendor screenshots

run: setup demo
	$(DEV) $(BIN)/caseapp run --host $(HOST) --port $(PORT)

test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: install translations db

install: $(STAMP)

# Every machine installs exactly the versions and files in requirements.lock (see `make lock`).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(TOOLS)/python:
	$(PYTHON) -m venv $(VENV)-tools

# Regenerate requirements.lock from pyproject.toml after changing a dependency; commit both.
lock: $(TOOLS)/python
	$(TOOLS)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(TOOLS)/uv pip compile pyproject.toml --extra test --group build --generate-hashes \
	  --python-version 3.11 --universal --quiet -o requirements.lock

# Known vulnerabilities in the locked versions; needs the internet (OSV / PyPI), so CI does not run it.
audit: $(TOOLS)/python
	$(TOOLS)/python -m pip install --quiet 'pip-audit==$(PIP_AUDIT_VERSION)'
	$(TOOLS)/pip-audit --require-hashes --disable-pip -r requirements.lock

# Maintainers only (needs npm): fetch the design system at the version pinned in vendor/package.json and copy its
# built CSS, fonts, icons and licence into caseapp/static/vendor/dkfds/, which is committed; run and test need no Node.
vendor:
	cd vendor && npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund
	$(PYTHON) vendor/copy_dkfds.py
	rm -rf vendor/node_modules

# Each role's home page on a phone and a desktop, in Danish, as small PNGs in docs/screenshots/ (the README shows them).
screenshots: install translations
	CASEAPP_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser/test_screenshots.py -q -p no:cacheprovider

translations: install
	$(BIN)/pybabel compile -d translations

# Re-extract messages after changing user-facing strings, then translate translations/*/LC_MESSAGES/messages.po.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --project caseapp --ignore-dirs ".* _* instance translations tests bench migrations" .
	for lang in da en; do $(BIN)/pybabel update --init-missing -i translations/messages.pot -d translations -l $$lang --no-fuzzy-matching --ignore-obsolete; done

db: install
	$(DEV) $(BIN)/caseapp db upgrade

demo: db
	$(DEV) $(BIN)/caseapp demo

clean:
	rm -rf $(VENV) $(VENV)-tools instance/caseapp.sqlite

# The page benchmark (not part of the tests): generates BENCH_PERSONS demo persons into a scratch SQLite
# file and a scratch PostgreSQL database on first use, serves them with gunicorn and measures every page.
BENCH_PERSONS ?= 100000
BENCH_SQLITE ?= sqlite:///$(CURDIR)/instance/bench.sqlite
BENCH_POSTGRES ?= postgresql+psycopg://root@127.0.0.1/caseapp_bench
bench: install translations
	mkdir -p instance
	$(BIN)/python bench/pages_bench.py --database-url $(BENCH_SQLITE) --persons $(BENCH_PERSONS)
	createdb -h 127.0.0.1 caseapp_bench 2>/dev/null || true
	$(BIN)/python bench/pages_bench.py --database-url $(BENCH_POSTGRES) --persons $(BENCH_PERSONS)
