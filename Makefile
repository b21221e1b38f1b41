# Account Success Planner: fresh-machine commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export QT_API := pyside6

.PHONY: run test test-other-day lint format bench bench-table package clean screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "). Run: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: open the desktop app on the default (or last) book
run: $(STAMP)
	$(BIN)/account-planner $(BOOK)

## test: linters, type checks and the whole test suite (offscreen Qt)
test: lint
	QT_QPA_PLATFORM=offscreen MPLBACKEND=Agg $(BIN)/python -m pytest $(PYTEST_ARGS)

## test-other-day: the suite again with the system clock half a year ahead (needs Debian's
## faketime); a test or a feature that reads the real date instead of the book's clock fails.
## The monotonic clock is left alone (timers and waits keep working); tests/faketime holds a
## sitecustomize that works around libfaketime's broken time.sleep in that mode.
SHIFT ?= +183d
test-other-day: $(STAMP)
	FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=$(CURDIR)/tests/faketime \
		QT_QPA_PLATFORM=offscreen MPLBACKEND=Agg \
		faketime -f '$(SHIFT)' $(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: ruff (lint + format check), mypy strict on planner/, and the layer contracts
## (import-linter: [tool.importlinter] in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: speed and memory benchmarks, printed as ratios against floors measured in the same run
## (app and floor alternating); ends with a summary, writes bench.json and, after a full run,
## the README's benchmark table. Modules are compiled first: the app is timed as a user runs it
## (a fresh checkout with PYTHONDONTWRITEBYTECODE set would compile every module on each start)
bench: $(STAMP)
	$(BIN)/python -m compileall -q planner ui tests/perf
	QT_QPA_PLATFORM=offscreen MPLBACKEND=Agg $(BIN)/python -m tests.perf.bench $(BENCH_ARGS)
	$(BIN)/python -m tests.perf.readme_table

## bench-table: the README's benchmark table from bench.json (the last run)
bench-table: $(STAMP)
	$(BIN)/python -m tests.perf.readme_table $(TABLE_ARGS)

## screenshots: render every page, tab and main dialog of a demo book to screenshots/
## (offscreen; 1024x700, 1280x800 and 1920x1080, light and dark; SHOTS_ARGS="--sizes 1280x800")
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.ui.screenshots screenshots $(SHOTS_ARGS)

## package: build the desktop bundle with PyInstaller and smoke-test it
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/python packaging/build.py

clean:
	rm -rf build dist packaging/build packaging/dist .pytest_cache .mypy_cache .ruff_cache
