# Two commands on a fresh machine (Python 3.11 + pip): `make report` and `make test`.
# Both create .venv when missing and install the pinned package into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

LAB_ARGS ?=

.PHONY: help install report notebooks test test-lib test-notebooks test-long lab bench clean

help:
	@echo "make report     regenerate every report under reports/ (creates .venv when missing)"
	@echo "make test       the whole test suite: library, data, notebooks (strict nbval), ~2.5 min"
	@echo "make test-lib   library and data tests only (no notebooks), ~2 min"
	@echo "make test-notebooks  the notebooks only (strict nbval), ~15 s"
	@echo "make test-long  property tests with many fresh random examples (not part of make test)"
	@echo "make notebooks  re-execute notebooks/ in place after the data or library changed"
	@echo "make lab        open JupyterLab on notebooks/ (installs the optional 'lab' extra);"
	@echo "                LAB_ARGS='--no-browser --ip=127.0.0.1 --allow-root' for a headless machine or root"
	@echo "make bench      benchmarks: scale, extraction quality, report run"

$(STAMP): pyproject.toml
	@echo "Installing dxcompare and its pinned dependencies into $(VENV) (first time only, ~2 min)..."
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --progress-bar off -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(PY) -m dxcompare report --all --out reports --jobs $(JOBS)

notebooks: $(STAMP)
	$(PY) -m dxcompare report --all --in-place --jobs $(JOBS)

# One session on every core: a test file (or notebook) runs whole on one worker, so its cells run in order
# and a module's fixture (a copy of the repository, a set of notebook runs) is built once.
PYTEST := $(PY) -m pytest -n $(JOBS) --dist loadfile -p no:randomly
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

test: $(STAMP)
	$(PYTEST) $(NBVAL) tests notebooks

test-lib: $(STAMP)
	$(PYTEST) tests

test-notebooks: $(STAMP)
	$(PYTEST) $(NBVAL) notebooks

test-long: $(STAMP)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest tests/test_loader_scale.py tests/test_textnorm.py -k "arbitrary or any_ or fold"

lab: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,lab]'
	$(PY) -m jupyter lab $(LAB_ARGS) notebooks

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf reports data/processed .pytest_cache
