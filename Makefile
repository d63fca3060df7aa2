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

run: $(STAMP)
	$(BIN)/newsfacts run

test: $(STAMP)
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
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache
