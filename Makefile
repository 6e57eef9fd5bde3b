# Two commands matter: `make demo` and `make test`. Both build .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench docs clean system-deps mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages used by the PDF renderer (faster font subsetting) and the browser tests.
system-deps:
	@bash scripts/system-deps.sh

demo: $(STAMP)
	$(BIN)/scorecard check fixtures/merida
	@mkdir -p out
	$(BIN)/scorecard render fixtures/merida --html out/merida.html --pdf out/merida.pdf

lint: $(STAMP)
	$(BIN)/ruff check scorecard tests benchmarks
	$(BIN)/ruff format --check scorecard tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict scorecard

pytest: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

# The documentation site, built with warnings as errors into site/.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Mutation testing of the core modules, one at a time under nice (long: see
# docs/testing.md). MODULES=dates make mutation runs one; prints the kill rates.
MODULES ?=
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/python scripts/mutation.py $(MODULES)

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist site out mutants mutation .pytest_cache .mypy_cache .ruff_cache .hypothesis
