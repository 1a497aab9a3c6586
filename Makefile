# Every target works from a fresh clone: the virtual environment is created on demand.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint browser pdf valgrind wrk bench lock messages clean

$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# DEBUG defaults to true here: `make run` serves plain http on 127.0.0.1 for one person.
run: export DEBUG ?= true
run: $(STAMP) pdf
	$(BIN)/mognad-manage migrate --no-input -v0
	$(BIN)/mognad-manage load_demo
	@echo "Mognad is running at http://127.0.0.1:$${PORT:-8000}/ (Ctrl-C stops it)"
	@$(BIN)/mognad-manage db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/granian --interface wsgi --workers 2 --blocking-threads 1 --no-ws --respawn-failed-workers \
		--host 127.0.0.1 --port $${PORT:-8000} mognad.web.wsgi:application

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DEBUG=true $(BIN)/mypy
	$(BIN)/mognad lint src/mognad/instruments/*.yaml

# The whole suite runs on SQLite; the database tests (tests/web) run again on PostgreSQL
# when DATABASE_URL is set.
# Browser tests drive Debian's chromium (nothing is downloaded at run time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# PDF reports need Debian's pango and fonts (WeasyPrint); their tests turn pages into PNG
# and text with poppler-utils.
pdf:
	@{ ldconfig -p | grep -q libpango-1.0 && fc-list | grep -qi dejavu && command -v pdftoppm; } \
		>/dev/null 2>&1 || { \
		echo "Installing pango, fonts and poppler-utils for PDF reports"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation poppler-utils; }

# bench/instructions.py counts instructions with Debian's valgrind.
valgrind:
	@command -v callgrind_control >/dev/null 2>&1 || { \
		echo "Installing valgrind for bench/instructions.py"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind; }

# bench/submit.py drives the respondents' journeys with Debian's wrk as well.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing wrk for bench/submit.py"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

test: lint browser pdf valgrind wrk
	DATABASE_URL= $(BIN)/pytest -q
	@if [ -n "$$DATABASE_URL" ]; then echo "Again on $$DATABASE_URL:"; $(BIN)/pytest -q tests/web; fi

# Re-extracts the translatable strings and compiles the catalogs (needs GNU gettext).
messages: $(STAMP)
	cd src/mognad/web && DEBUG=true ../../../$(BIN)/mognad-manage makemessages \
		-l sv -l de -l nl --no-location --no-obsolete
	cd src/mognad/web && DEBUG=true ../../../$(BIN)/mognad-manage compilemessages

bench: $(STAMP) valgrind wrk
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/journey_cpu.py
	$(BIN)/python bench/instructions.py
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/results.py
	$(BIN)/python bench/export.py

# Regenerates the locked requirements from pyproject.toml (needs network access to PyPI).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.12 --quiet -o requirements/dev.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes \
		--python-version 3.12 --quiet -o requirements/base.txt

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache .hypothesis
