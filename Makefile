# facilitator: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_DB ?= demo-data/demo.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NODE_MODULES := tests/node/node_modules

.PHONY: run test test-hours lint bench soak clean system-deps test-system-deps demo screenshots

# Debian packages: venv for python3, FriBiDi for Pillow's Thai shaping (Raqm), poppler-utils for
# rendering PDFs in tests, Node and npm for pouchdb-server, xkb-data for the Kedmanee table test;
# with WITH_SCREENSHOTS, librsvg2-bin and the TLWG Thai fonts for `make screenshots`.
system-deps:
	@missing=""; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q libfribidi.so.0 || missing="$$missing libfribidi0"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	[ -f /usr/share/X11/xkb/symbols/th ] || missing="$$missing xkb-data"; \
	if [ -n "$(WITH_SCREENSHOTS)" ]; then \
	  command -v rsvg-convert >/dev/null || missing="$$missing librsvg2-bin"; \
	  [ -d /usr/share/fonts/truetype/tlwg ] || missing="$$missing fonts-thai-tlwg"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# What only the tests need: LibreOffice's spreadsheet, to check that the payment evidence's
# formulas give the same totals in the program the office opens it with (about 30 s to install).
test-system-deps:
	@command -v soffice >/dev/null || { echo "Installing Debian packages: libreoffice-calc-nogui"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-calc-nogui; }

$(VENV)/.installed: pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	touch $@

node-deps: $(NODE_MODULES)/.installed
$(NODE_MODULES)/.installed: tests/node/package.json tests/node/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
	touch $@

$(DEMO_DB): | $(VENV)/.installed
	$(VENV)/bin/facilitator --db $(DEMO_DB) demo --no-tui

# The app's own modules as bytecode: a shell with PYTHONDONTWRITEBYTECODE set would otherwise
# compile them at every launch (a tenth of a second before the first frame).
BYTECODE := $(PY) -m compileall -q storage facilitator screens

run: $(VENV)/.installed $(DEMO_DB)
	@$(BYTECODE) >/dev/null
	$(VENV)/bin/facilitator --db $(DEMO_DB)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check storage facilitator screens tests bench
	$(PY) tests/import_view.py build/import-view >/dev/null
	cd build/import-view && ../../$(VENV)/bin/lint-imports ../../pyproject.toml --no-cache

test: $(VENV)/.installed test-system-deps node-deps lint
	$(VENV)/bin/pytest -n 2 -q

# The suite at four hours of the day (libfaketime): no test may depend on the wall clock.
# Tests marked timed_wait are left out: libfaketime keeps their timers from firing.
TEST_HOURS ?= 07:00 12:30 19:00 23:59
test-hours: $(VENV)/.installed node-deps
	@command -v faketime >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq faketime; }
	@for hour in $(TEST_HOURS); do \
	  echo "== the suite at $$hour"; \
	  faketime "$$(date +%F) $$hour:00" $(VENV)/bin/pytest -n 2 -q -p no:cacheprovider -m "not timed_wait" || exit 1; \
	done

# The README's pictures of the room (SVG from Textual, PNG by rsvg-convert with Thai fonts).
screenshots: $(VENV)/.installed
	@$(MAKE) --no-print-directory system-deps WITH_SCREENSHOTS=1
	$(PY) docs/screenshots.py docs

# Speed and memory against floors measured in the same run (bench/README.md); under 10 minutes.
# Needs tmux for the terminal figures; redraws bench/chart.png and bench/README.md's tables.
bench: $(VENV)/.installed
	@command -v tmux >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq tmux; }
	$(PY) -m bench.run

# The full red-team sweep (issue 13): >=1,000 SIGKILLs, >=10,000 damaged files, >=10,000 fuzzed
# scans; writes its figures into docs/reliability.md and fails if any must-be-zero figure is not.
soak: $(VENV)/.installed
	$(PY) -m tests.reliability.soak --out docs/reliability.md

clean:
	rm -rf $(VENV) $(NODE_MODULES) demo-data build .pytest_cache .ruff_cache
