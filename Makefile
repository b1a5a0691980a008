# Two commands for a new user: `make run` and `make test`. Both create .venv as needed.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP = $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: install install-test run test bench clean

$(BIN)/ecmo-cpt: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

install: $(BIN)/ecmo-cpt

$(VENV)/.test-installed: $(BIN)/ecmo-cpt
	$(PIP) -e ".[test,spark]"
	touch $@

install-test: $(VENV)/.test-installed

run: install
	@mkdir -p out
	$(BIN)/ecmo-cpt extract examples/notes.jsonl -o out/examples.jsonl
	$(BIN)/ecmo-cpt show out/examples.jsonl

test: install-test
	$(BIN)/python -m pytest

bench: install
	$(BIN)/ecmo-cpt bench

clean:
	rm -rf $(VENV) out build *.egg-info
