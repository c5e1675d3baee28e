# Two commands on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := tidings/data/examples/hanoi-visit-2025-03-12.txt

.PHONY: setup demo test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test,dask]"
	touch $(STAMP)

setup: $(STAMP)

DEMO_DB := demo.duckdb

demo: $(STAMP)
	$(BIN)/tidings ingest $(EXAMPLE) --db $(DEMO_DB)
	$(BIN)/tidings events --db $(DEMO_DB) --format table

test: $(STAMP)
	$(BIN)/pytest -q

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info
