# Two commands on a fresh machine (Python 3.11 + pip): `make report` and `make test`.
# Both create .venv when missing and install the pinned package into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: help install report notebooks test test-lib test-notebooks lab bench clean

help:
	@echo "make report     regenerate every report under reports/ (creates .venv when missing)"
	@echo "make test       the whole test suite: library, data, notebooks (strict nbval)"
	@echo "make notebooks  re-execute notebooks/ in place after the data or library changed"
	@echo "make lab        open JupyterLab on notebooks/ (installs the optional 'lab' extra)"
	@echo "make bench      benchmarks: scale, extraction quality, report run"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(PY) -m dxcompare report --all --out reports --jobs $(JOBS)

notebooks: $(STAMP)
	$(PY) -m dxcompare report --all --in-place --jobs $(JOBS)

test: $(STAMP)
	$(PY) -m pytest tests
	$(PY) -m pytest -p no:randomly --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg notebooks

lab: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,lab]'
	$(PY) -m jupyter lab notebooks

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf reports data/processed .pytest_cache
