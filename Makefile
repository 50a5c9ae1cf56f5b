# Quick start: `make run` builds the record when it is missing or older than the data, then serves the web app;
# `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared/data
HOST ?= 127.0.0.1
PORT ?= 8000
export UNVOTES_DB ?= $(CURDIR)/var/unvotes.duckdb

.PHONY: run test lint build bench clean

# An editable install compiles nothing; where PYTHONDONTWRITEBYTECODE is set every start would recompile the
# package (0.05 s of each command), so compile it once here.
$(BIN)/unvotes: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q src >/dev/null
	touch $@

run: $(BIN)/unvotes
	@if [ -d "$(SHARED)" ]; then $(BIN)/unvotes build --from "$(SHARED)" --if-stale; \
	elif [ ! -f "$(UNVOTES_DB)" ]; then $(BIN)/unvotes update; fi
	$(BIN)/unvotes serve --host $(HOST) --port $(PORT)

# The suite runs in TEST_WORKERS processes (pytest-xdist, a test file per worker at a time); the full record is
# built once for all of them. TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= 2

test: $(BIN)/unvotes lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(BIN)/unvotes
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(BIN)/unvotes
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var
