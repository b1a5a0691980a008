# Two commands for a new user: `make run` and `make test`. Both create .venv as needed.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP = $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: install install-test run test bench clean browser postgres constraints omop-demo parquet-memory

$(BIN)/ecmo-cpt: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

install: $(BIN)/ecmo-cpt

# The review report's extra (matplotlib for its charts).
$(VENV)/.report-installed: $(BIN)/ecmo-cpt
	$(PIP) -e ".[report]"
	touch $@

# Parquet (pyarrow) and OMOP CDM databases through SQLAlchemy (SQLite needs nothing more).
$(VENV)/.omop-installed: $(BIN)/ecmo-cpt
	$(PIP) -e ".[parquet,omop]"
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

test: install-test browser postgres
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

# The OMOP tests (tests/test_omop.py) start a throwaway PostgreSQL server of their own with initdb and
# pg_ctl (tests/postgres.py): Debian's postgresql package is installed here when it is missing and we
# can (root with apt-get), without the system cluster Debian would otherwise create and start (a
# createcluster.d setting in place during the install only). Never fails: the tests then skip and say why.
PG_NOCLUSTER = /etc/postgresql-common/createcluster.d/zz-ecmo-cpt-install.conf
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	|| { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	       echo "installing postgresql for the OMOP tests (apt-get)"; \
	       mkdir -p $(dir $(PG_NOCLUSTER)) && echo "create_main_cluster = false" > $(PG_NOCLUSTER); \
	       (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	       || echo "could not install postgresql: the OMOP tests on PostgreSQL will be skipped"; \
	       rm -f $(PG_NOCLUSTER); \
	     else echo "PostgreSQL server programs not found and not installable here (needs root and apt-get): the OMOP tests on PostgreSQL will be skipped"; fi; }

# An OMOP-shaped SQLite database from examples/notes.jsonl (out/omop-demo.sqlite), `ecmo-cpt omop`
# run on it, and a summary query over NOTE_NLP. No server needed.
omop-demo: install $(VENV)/.omop-installed
	$(BIN)/python tools/omop_demo.py

# Peak resident memory of `ecmo-cpt extract notes.parquet -o results.parquet` on 20,000 and
# 200,000 generated notes (about 4 minutes; the files go to bench-data/).
parquet-memory: install $(VENV)/.omop-installed
	$(BIN)/python tools/parquet_memory.py

# Re-pin constraints.txt to the newest releases pyproject.toml admits, on each supported Python
# (all must be installed; tools/pythons.py finds them).
constraints: install
	$(BIN)/python tools/constraints.py

bench: install
	$(BIN)/ecmo-cpt bench

clean:
	rm -rf $(VENV) out build *.egg-info
