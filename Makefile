# The commands a newcomer runs. Each creates the virtual environment it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test eval bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/faultlines demo

test: $(STAMP)
	$(BIN)/pytest

eval: $(STAMP)
	$(BIN)/faultlines eval

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py  # runs bench_extract.py and bench_ingest.py in the same run
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_api.py

clean:
	rm -rf $(VENV) .pytest_cache
