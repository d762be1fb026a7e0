# Two entry points for a fresh machine with Python 3.11, pip and make:
#   make report   set up, then build the 2024 LKjIP from data/raw
#   make test     set up, then run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
YEAR   ?= 2024
STAMP  := $(VENV)/.installed

# Debian packages the PDF needs (make system, as root): headless Chromium, which prints it, and
# the report's fonts (Liberation Serif/Sans 2.x, SIL Open Font License 1.1), embedded in the PDF.
SYSTEM_PACKAGES := chromium fontconfig fonts-liberation2
# Installed too where Debian has it: Chromium's headless shell, the same Blink and PDF printer
# without the browser's own services, prints the PDF for less (pipeline/report/browser.py);
# without it chromium prints.
OPTIONAL_PACKAGES := chromium-headless-shell

.PHONY: report test test-fast lint lock setup system browser office bench lab salin clean

# A .venv copied along with the project (cp -a) still runs the original's code (its scripts and
# editable install point there): the environment records its project and is rebuilt elsewhere.
ifneq ($(wildcard $(VENV)/.project),)
ifneq ($(shell cat $(VENV)/.project),$(CURDIR))
$(info $(VENV) belongs to $(shell cat $(VENV)/.project): rebuilding it for $(CURDIR))
$(shell rm -rf $(VENV))
endif
endif

setup: $(STAMP)

# Every package, transitive ones included, comes from requirements.lock with its sha256;
# the project itself is installed on top without resolving anything.
$(STAMP): pyproject.toml requirements.lock scripts/jupyter/jupyter_nbconvert_config.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@mkdir -p $(VENV)/etc/jupyter && cp scripts/jupyter/jupyter_nbconvert_config.py $(VENV)/etc/jupyter/
	@echo "$(CURDIR)" > $(VENV)/.project
	@touch $(STAMP)

# Refresh requirements.lock after changing a pin in pyproject.toml (and environment.yml).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal \
		--python-version 3.11 --quiet -o requirements.lock

report: $(STAMP) system
	$(BIN)/lkjip run --year $(YEAR)

# System libraries and fonts for LKjIP-<year>.pdf, from Debian's packages (needs root).
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "missing system packages for the PDF: $$missing (install them as root: make system)"; fi
	@if dpkg-query -W -f='$${Status}' $(OPTIONAL_PACKAGES) 2>/dev/null | grep -q 'install ok installed'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OPTIONAL_PACKAGES) >/dev/null 2>&1 \
		 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OPTIONAL_PACKAGES) >/dev/null)) \
		|| echo "could not install $(OPTIONAL_PACKAGES): chromium prints the PDF"; fi

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

# Both cores (pytest-xdist): a test file stays on one worker (loadgroup: tests/conftest.py makes
# each file a group, but for a few long files of independent cases), so a module's shared fixture
# is built once; groups start in conftest's order (longest first), not re-sorted by test count;
# the 10 slowest tests are listed at the end.
PYTEST_PARALLEL := -n auto --dist loadgroup --no-loadscope-reorder --durations=10
# The tests keep Python's bytecode cache (__pycache__, ignored by git) even where the environment
# turns it off (PYTHONDONTWRITEBYTECODE, set in many container images): otherwise every worker,
# kernel and command a test starts compiles the pipeline and pytest rewrites every test module
# again, ~3 s of each worker's start (make test-fast 38 s -> 34.5 s on 2 cores).
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: $(STAMP) system browser office lint
	$(PYTEST) $(PYTEST_PARALLEL)

# The unit tier: tiny hand-made tables, no notebook, pipeline run, PDF engine, GX suite or office
# (a test needing the shipped data's GX suites, tests/conftest.py GX_SUITES_FIXTURES, is slow).
test-fast: $(STAMP)
	$(PYTEST) $(PYTEST_PARALLEL) -m "not slow and not browser"

# make bench BENCH=--national  adds the 4.400.000-firm register to the scale table
bench: $(STAMP) system
	$(BIN)/python bench/run_bench.py $(BENCH)

# A copy of this project for another agency, with its own environment:
#   make salin KE=../disnaker-kabupaten-x   (then replace its data/raw/, see README)
# SALIN_SETUP= copies without building the copy's environment.
SALIN_SETUP ?= setup
salin:
	@test -n "$(KE)" || { echo "sebutkan folder tujuan: make salin KE=../folder-baru"; exit 2; }
	@test ! -e "$(KE)" || { echo "$(KE) sudah ada: pilih folder baru"; exit 2; }
	mkdir -p "$(KE)"
	tar -C . --exclude=./$(VENV) --exclude=./.git --exclude=./.cache --exclude='./data/processed/*' \
		--exclude='./reports/*' --exclude='__pycache__' --exclude='*.egg-info' -cf - . | tar -C "$(KE)" -xf -
	$(if $(SALIN_SETUP),$(MAKE) -C "$(KE)" $(SALIN_SETUP))

# JupyterLab on the project (also as root); checkpoints go to the scratch folder, not notebooks/.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. --FileCheckpoints.checkpoint_dir=$(CURDIR)/reports/_interaktif/checkpoints \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root)

clean:
	rm -rf $(VENV) data/processed/*/ reports/*/ .cache
