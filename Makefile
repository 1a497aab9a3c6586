# Every target works from a fresh clone: the virtual environment is created on demand.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench lock clean

$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	@echo "The web app arrives with the next release. Until then, use the command line:"
	@$(BIN)/mognad --help
	@echo
	@$(BIN)/mognad instruments

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/mognad lint src/mognad/instruments/*.yaml

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/scoring.py

# Regenerates the locked requirements from pyproject.toml (needs network access to PyPI).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.12 --quiet -o requirements/dev.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes \
		--python-version 3.12 --quiet -o requirements/base.txt

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
