# newsfacts: two commands.
#   make run   -> set up .venv from requirements.lock (if needed) and run the pipeline on seeds/
#   make test  -> set up the same way, then ruff and the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint lock bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	# --compile-bytecode: write every dependency's .pyc now. Without them (uv skips them by
	# default; PYTHONDONTWRITEBYTECODE stops Python writing them) each run compiles Prefect,
	# Great Expectations and spaCy from source again: ~8 s of a run's start-up.
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# A DuckDB 1.x client beside the project (tests/test_bi.py opens the warehouse with it). Optional:
# where it cannot be installed the test says so and skips.
DUCKDB1 := .venv-duckdb1
$(DUCKDB1)/.installed: tests/duckdb1.lock $(STAMP)
	-$(BIN)/uv venv --quiet --allow-existing --python $(BIN)/python $(DUCKDB1) && \
	  $(BIN)/uv pip install --quiet --python $(DUCKDB1)/bin/python -r tests/duckdb1.lock && touch $@

run: $(STAMP)
	$(BIN)/newsfacts run

test: $(STAMP) $(DUCKDB1)/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# Re-pin every dependency (with hashes) after editing requirements.in.
lock: $(STAMP)
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) $(DUCKDB1) .prefect .pytest_cache .ruff_cache
