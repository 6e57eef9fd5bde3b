# Two commands matter: `make demo` and `make test`. Both build .venv on first use.
# `make demo` installs only what rendering needs (the package and its base dependencies);
# `make test` adds the dev extra (test, lint, type-check and docs tools, pandas, matplotlib).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest bench bench-render docs clean system-deps mutation \
	i18n-extract i18n-update i18n-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The dev extra includes everything the runtime needs, so it stands for both.
$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNTIME)

# Debian packages used by the PDF renderer (faster font subsetting) and the browser tests.
system-deps:
	@bash scripts/system-deps.sh

demo: $(RUNTIME)
	$(BIN)/scorecard check fixtures/merida
	$(BIN)/scorecard render fixtures/merida --html out/merida.html --pdf out/merida.pdf
	$(BIN)/scorecard render fixtures/merida --lang es --html out/merida.es.html --pdf out/merida.es.pdf

# The report in other languages (docs/languages.md): extract the strings of the code and
# templates into the template catalog, merge it into each language's catalog, compile.
LOCALE_DIR := scorecard/locale
i18n-extract: $(DEV)
	$(BIN)/pybabel extract -F babel.cfg --sort-output --no-location --project scorecard \
		--copyright-holder "The scorecard developers" -o $(LOCALE_DIR)/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) --no-fuzzy-matching

i18n-compile: $(DEV)
	$(BIN)/pybabel compile -d $(LOCALE_DIR) --statistics

lint: $(DEV)
	$(BIN)/ruff check scorecard tests benchmarks
	$(BIN)/ruff format --check scorecard tests benchmarks

typecheck: $(DEV)
	$(BIN)/mypy --strict scorecard

pytest: $(DEV) system-deps
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

# The documentation site, built with warnings as errors into site/.
docs: $(DEV)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Mutation testing of the core modules, one at a time under nice (long: see
# docs/testing.md). MODULES=dates make mutation runs one; prints the kill rates.
MODULES ?=
mutation: $(DEV)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/python scripts/mutation.py $(MODULES)

# Every benchmark (bench-render: only the report renders, WeasyPrint against Chromium).
bench: $(DEV) system-deps
	$(BIN)/python -m benchmarks

bench-render: $(DEV) system-deps
	$(BIN)/python -m benchmarks render

clean:
	rm -rf $(VENV) build dist site out mutants mutation .pytest_cache .mypy_cache .ruff_cache .hypothesis
