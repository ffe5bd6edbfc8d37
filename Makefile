# Two commands on a fresh machine with only Python 3.11+ and make: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: play test bench check lint clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

play: $(STAMP)
	$(VENV)/bin/archer play

test: $(STAMP)
	$(PY) -m ruff check game tests bench
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy
	$(PY) -m pytest -n auto --dist loadgroup --no-loadscope-reorder

check: $(STAMP)
	$(VENV)/bin/archer check

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache snapshot_report.html
