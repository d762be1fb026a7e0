# Two entry points for a fresh machine with Python 3.11, pip and make:
#   make report   set up, then build the 2024 LKjIP from data/raw
#   make test     set up, then run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
YEAR   ?= 2024
STAMP  := $(VENV)/.installed

.PHONY: report test lint setup browser office bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/lkjip run --year $(YEAR)

# Headless Chromium for the browser tests, from Debian's packages (needs root).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium: browser tests will be skipped"; \
	else echo "chromium not installed and not root: browser tests will be skipped"; fi

# LibreOffice Calc (headless) for the workbook round-trip test, from Debian's packages (needs root).
office:
	@if command -v soffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-calc-nogui >/dev/null) \
		|| echo "could not install libreoffice: the workbook round-trip test will be skipped"; \
	else echo "libreoffice not installed and not root: the workbook round-trip test will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) browser office lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

clean:
	rm -rf $(VENV) data/processed/*/ reports/*/ .cache
