# Two commands for a new user: `make run` and `make test`. Both create .venv as needed.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP = $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: install install-test run test bench clean browser constraints

$(BIN)/ecmo-cpt: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

install: $(BIN)/ecmo-cpt

# The review report's extra (matplotlib for its charts).
$(VENV)/.report-installed: $(BIN)/ecmo-cpt
	$(PIP) -e ".[report]"
	touch $@

$(VENV)/.test-installed: $(BIN)/ecmo-cpt
	$(PIP) -e ".[test,spark,report]"
	touch $@

install-test: $(VENV)/.test-installed

run: install $(VENV)/.report-installed
	@mkdir -p out
	$(BIN)/ecmo-cpt extract examples/notes.jsonl -o out/examples.jsonl
	$(BIN)/ecmo-cpt show out/examples.jsonl
	$(BIN)/ecmo-cpt report out/examples.jsonl examples/notes.jsonl -o out/report.html --all
	@echo "Review report: $(CURDIR)/out/report.html (open it in a browser)"

test: install-test browser
	$(BIN)/python -m pytest

# The review report's browser tests (tests/test_report.py, and tests/test_review_browser.py through
# Playwright with executable_path, never a browser download) need Debian's chromium: installed here
# when it is missing and we can (root with apt-get); never fails, the tests then skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 \
	|| { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	       echo "installing chromium for the report's browser test (apt-get)"; \
	       (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	       || echo "could not install chromium: the report's browser test will be skipped"; \
	     else echo "chromium not found and not installable here (needs root and apt-get): the report's browser test will be skipped"; fi; }

# Re-pin constraints.txt to the newest releases pyproject.toml admits, on each supported Python
# (all must be installed; tools/pythons.py finds them).
constraints: install
	$(BIN)/python tools/constraints.py

bench: install
	$(BIN)/ecmo-cpt bench

clean:
	rm -rf $(VENV) out build *.egg-info
