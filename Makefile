# caseapp: `make run` to try it, `make test` to test it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
DEV := CASEAPP_CONFIG=development

.PHONY: run test setup install translations messages db demo clean

run: setup demo
	$(DEV) $(BIN)/caseapp run --host $(HOST) --port $(PORT)

test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: install translations db

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

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
	rm -rf $(VENV) instance/caseapp.sqlite
