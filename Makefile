# clvmodels — set-up and main jobs. Needs only Python >= 3.11 with pip and venv.
#   make report   create .venv if missing, install, run the full report on the bundled data
#   make test     create .venv if missing, install, run the test suite (what CI runs)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
REPORT_ARGS ?=
PYTEST_ARGS ?= -n auto

.PHONY: help install report report-zh test test-slow bench lab lint clean

help:
	@echo "make report | make test | make lab | make lint | make bench | make clean"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "clvmodels needs Python >= 3.11: run make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	@touch $(STAMP)

install: $(STAMP)

report: install
	$(BIN)/clvmodels report $(REPORT_ARGS)

report-zh: install
	$(BIN)/clvmodels report --lang zh $(REPORT_ARGS)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-slow: install
	$(BIN)/python -m pytest -m "slow" $(PYTEST_ARGS)

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# JupyterLab refuses to start as root without --allow-root (containers usually run as root);
# the flag is passed only then. LAB_ARGS adds more, e.g. LAB_ARGS="--no-browser --port 8899".
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
LAB_ARGS ?=

lab: install
	$(BIN)/python -m ipykernel install --sys-prefix --name clvmodels --display-name "clvmodels (.venv)" >/dev/null
	$(BIN)/jupyter lab $(LAB_ROOT) $(LAB_ARGS) notebooks/

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
