# The Makefile owns its virtual environment: on a fresh machine `make site`
# and `make test` are the whole quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all check site test lint typecheck schema bench clean

all: site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[site,test]'
	touch $(STAMP)

check: $(STAMP)
	$(BIN)/nvptool check plan

site: $(STAMP)
	$(BIN)/nvptool build plan --out site

schema: $(STAMP)
	$(BIN)/nvptool schema --out schema

lint: $(STAMP)
	$(BIN)/ruff check nvptool tests bench
	$(BIN)/ruff format --check nvptool tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
