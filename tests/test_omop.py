"""`ecmo-cpt omop`: notes from an OMOP CDM's NOTE and PERSON, results in NOTE_NLP, on SQLite and on a
real PostgreSQL server started here (tests/postgres.py) with OHDSI's v5.4 DDL.

What NOTE_NLP holds for each note must be the JSONL CLI's record for the same note, dates and
all (`record_from_rows` reads it back); reruns replace our rows and nothing else; a run killed
mid-way leaves whole batches and a rerun completes it.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

sa = pytest.importorskip("sqlalchemy", reason="the omop extra is not installed: pip install '.[omop]'")

from extractor.omop import (NLP_SYSTEM, Cdm, OmopError, Selection, _fit, connect, create_note_tables,  # noqa: E402
                            nlp_rows, record_from_rows, run, snippet)
from tools.omop_demo import load_notes, omop_view  # noqa: E402

from .conftest import DEV_CORPUS  # noqa: E402
from .postgres import PostgresServer, missing_reason  # noqa: E402

CLI = [sys.executable, "-m", "extractor.cli"]
ROOT = Path(__file__).resolve().parents[1]
OTHER_SYSTEM = "cTAKES 4.0.0"


def dev() -> list[dict]:
    return [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()]


def omop(url: str, *extra: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "omop", "--db", url, *extra], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def view() -> list[dict]:
    return omop_view(dev())


@pytest.fixture(scope="module")
def cli_records(view, tmp_path_factory) -> dict[str, dict]:
    """The JSONL CLI's records for the notes as the CDM holds them (ids are note_ids)."""
    folder = tmp_path_factory.mktemp("cli")
    source = folder / "view.jsonl"
    source.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "source_id"}) + "\n" for r in view))
    done = subprocess.run([*CLI, "extract", str(source), "-o", str(folder / "out.jsonl"), "-q"], capture_output=True)
    assert done.returncode == 0, done.stderr
    return {r["id"]: r for r in map(json.loads, (folder / "out.jsonl").read_text().splitlines())}


def our_rows(engine, schema: str | None = None, system: str = "ecmo-cpt %") -> list[dict]:
    """Our NOTE_NLP rows in note_nlp_id order, keys in lower case."""
    table = sa.Table("note_nlp", sa.MetaData(schema=schema), autoload_with=engine)
    column = {c.name.lower(): c for c in table.columns}
    with engine.connect() as conn:
        return [{k.lower(): v for k, v in r._mapping.items()} for r in conn.execute(
            sa.select(table).where(column["nlp_system"].like(system)).order_by(column["note_nlp_id"]))]


def records_in(rows: list[dict]) -> dict[str, dict]:
    by_note = defaultdict(list)
    for row in rows:
        by_note[row["note_id"]].append(row)
    return {str(note_id): record_from_rows(found, note_id) for note_id, found in by_note.items()}


def assert_equals_cli(rows: list[dict], cli_records: dict[str, dict], min_codes: int = 40) -> None:
    """Every note's NOTE_NLP rows read back equal its CLI record; notes without rows are the
    CLI's 'no ECMO word' answers (no code, no review, no error, no evidence)."""
    found = records_in(rows)
    assert set(found) <= set(cli_records)
    for note_id, expected in cli_records.items():
        if note_id not in found:
            assert not (expected["codes"] or expected["needs_review"] or expected["error"] or expected["evidence"]), \
                (note_id, expected)
            continue
        assert found[note_id] == {k: expected[k] for k in found[note_id]}, note_id
    assert sum(bool(r["codes"]) for r in cli_records.values()) >= min_codes  # the comparison means something


def other_systems_rows(engine, schema: str | None = None) -> list[tuple]:
    """A few rows of another NLP system, on notes we write too, with ids our rows must avoid."""
    table = sa.Table("note_nlp", sa.MetaData(schema=schema), autoload_with=engine)
    rows = [{"note_nlp_id": 10 * i, "note_id": i, "section_concept_id": 0, "snippet": "s", "offset": "0",
             "lexical_variant": f"term {i}", "note_nlp_concept_id": 0, "note_nlp_source_concept_id": 0,
             "nlp_system": OTHER_SYSTEM, "nlp_date": date(2024, 1, 1), "nlp_datetime": None, "term_exists": "Y",
             "term_temporal": None, "term_modifiers": None} for i in range(1, 9)]
    with engine.begin() as conn:
        conn.execute(table.insert(), rows)
    return sorted(tuple(sorted(r.items())) for r in rows)


def without_run_stamp(rows: list[dict]) -> list[tuple]:
    return [tuple(v for k, v in sorted(r.items()) if k not in ("note_nlp_id", "nlp_date", "nlp_datetime")) for r in rows]


# --- PostgreSQL ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def postgres():
    reason = missing_reason()
    if reason:
        pytest.skip(f"no PostgreSQL server for the OMOP tests: {reason}")
    with PostgresServer() as server:
        yield server


def fresh_cdm(server: PostgresServer, schema: str, records: list[dict]):
    engine = sa.create_engine(server.url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    create_note_tables(engine, schema)
    load_notes(engine, records, schema)
    return engine


def test_dev_corpus_on_postgres_equals_the_cli_and_a_rerun_replaces_only_our_rows(postgres, cli_records):
    engine = fresh_cdm(postgres, "cdm", dev())
    others = other_systems_rows(engine, "cdm")
    done = omop(postgres.url, "--schema", "cdm", "--batch-size", "16")
    assert done.returncode == 0, done.stderr
    assert "88 notes processed" in done.stderr and f"as '{NLP_SYSTEM}'" in done.stderr
    first = our_rows(engine, "cdm")
    assert_equals_cli(first, cli_records)
    assert {r["nlp_system"] for r in first} == {NLP_SYSTEM}
    assert min(r["note_nlp_id"] for r in first) > 80  # after the other system's largest id

    again = omop(postgres.url, "--schema", "cdm", "--batch-size", "16")
    assert again.returncode == 0, again.stderr
    second = our_rows(engine, "cdm")
    assert len(second) == len(first) and without_run_stamp(second) == without_run_stamp(first)
    assert f"({len(first)} earlier rows of ecmo-cpt replaced)" in again.stderr
    table = sa.Table("note_nlp", sa.MetaData(schema="cdm"), autoload_with=engine)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(sa.select(table.c.note_nlp_id))]
        kept = sorted(tuple(sorted(dict(r._mapping).items()))
                      for r in conn.execute(sa.select(table).where(table.c.nlp_system == OTHER_SYSTEM)))
    assert len(ids) == len(set(ids)) == len(first) + len(others)
    assert kept == others
    engine.dispose()


def test_bad_rows_on_postgres_get_an_error_row_each_and_the_rest_is_processed(postgres):
    engine = fresh_cdm(postgres, "bad", dev()[:3])
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO bad.person (person_id, gender_concept_id, year_of_birth, month_of_birth, "
                             "day_of_birth, race_concept_id, ethnicity_concept_id) VALUES (100, 0, 1990, 13, 1, 0, 0)"))
        conn.execute(sa.text(
            "INSERT INTO bad.note (note_id, person_id, note_date, note_type_concept_id, note_class_concept_id, "
            "note_text, encoding_concept_id, language_concept_id) VALUES "
            "(101, 1, DATE '2025-10-20', 0, 0, '   ', 0, 0), "
            "(102, 100, DATE '2025-10-20', 0, 0, 'VV ECMO; drainage cannula advanced 2 cm percutaneously.', 0, 0), "
            "(103, 999, DATE '2025-10-20', 0, 0, '54 yo M on VV ECMO. Drainage cannula withdrawn 2 cm "
            "percutaneously under fluoroscopy.', 0, 0)"))
    done = omop(postgres.url, "--schema", "bad")
    assert done.returncode == 1, done.stderr  # some notes in error
    assert "6 notes processed" in done.stderr and "2 errors" in done.stderr
    found = records_in(our_rows(engine, "bad"))
    assert found["101"]["error"] == "'text' is empty"
    assert found["102"]["error"].startswith("person.year_of_birth, month_of_birth, day_of_birth are not a date")
    assert found["103"]["codes"] == ["33958"]  # a note whose person is missing is read all the same
    engine.dispose()


def test_selection_where_and_since_on_postgres(postgres, view):
    engine = fresh_cdm(postgres, "sel", dev())
    done = omop(postgres.url, "--schema", "sel", "--since", "2026-01-01", "--where",
                "note.note_title ILIKE '%procedure%' AND person.person_id > 10")
    assert done.returncode == 0, done.stderr
    expected = {int(r["id"]) for r in view if r["meta"]["service_date"] >= "2026-01-01" and int(r["id"]) > 10
                and "procedure" in r["text"].split("\n", 1)[0].lower()}
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM sel.note")).scalar()
    assert 0 < len(expected) < count
    assert f"{len(expected)} notes processed" in done.stderr
    assert {r["note_id"] for r in our_rows(engine, "sel")} <= expected
    engine.dispose()


def test_killed_mid_run_then_rerun_loses_and_doubles_nothing(postgres, view, cli_records):
    records = dev() * 4  # 352 notes: a few seconds of work, 12 notes a transaction
    engine = fresh_cdm(postgres, "kill", records)
    expected = {}
    for number, item in enumerate(omop_view(records), start=1):
        source = cli_records[str((number - 1) % len(view) + 1)]
        expected[str(number)] = {**source, "id": str(number)}
    process = subprocess.Popen([*CLI, "omop", "--db", postgres.url, "--schema", "kill", "--batch-size", "12", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    table = sa.Table("note_nlp", sa.MetaData(schema="kill"), autoload_with=engine)
    while True:
        with engine.connect() as conn:
            notes_done = conn.execute(sa.select(sa.func.count(sa.distinct(table.c.note_id)))).scalar()
        if notes_done >= 40:
            break
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    partial = our_rows(engine, "kill")
    written = records_in(partial)
    assert 0 < len(written) < len(records)
    last = max(int(i) for i in written)
    # Whole batches of the note_id order: every note up to the last one written is complete.
    assert_equals_cli(partial, {k: v for k, v in expected.items() if int(k) <= last}, min_codes=1)

    done = omop(postgres.url, "--schema", "kill", "--batch-size", "12")
    assert done.returncode == 0, done.stderr
    final = our_rows(engine, "kill")
    assert_equals_cli(final, expected)
    keys = [(r["note_id"], r["term_modifiers"], r["offset"]) for r in final]
    assert len(keys) == len(set(keys))  # nothing doubled
    engine.dispose()


def test_sigterm_stops_after_whole_batches_and_says_how_to_continue(postgres, view, cli_records):
    engine = fresh_cdm(postgres, "term", dev() * 4)
    process = subprocess.Popen([*CLI, "omop", "--db", postgres.url, "--schema", "term", "--batch-size", "12"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    table = sa.Table("note_nlp", sa.MetaData(schema="term"), autoload_with=engine)
    deadline = time.monotonic() + 300
    while True:
        with engine.connect() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                break
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "stopped by SIGTERM" in stderr and "--after-note-id" in stderr
    after = int(stderr.split("--after-note-id ")[1].split()[0])
    assert max(r["note_id"] for r in our_rows(engine, "term")) == after
    done = omop(postgres.url, "--schema", "term", "--batch-size", "12", "--after-note-id", str(after))
    assert done.returncode == 0, done.stderr
    assert f"{len(view) * 4 - after} notes processed" in done.stderr
    assert len(records_in(our_rows(engine, "term"))) == len({r["note_id"] for r in our_rows(engine, "term")})
    engine.dispose()


def test_clear_errors_on_postgres(postgres):
    engine = sa.create_engine(postgres.url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA broken"))
        conn.execute(sa.text("CREATE TABLE broken.note (note_id integer, person_id integer, note_date date, "
                             "note_text text)"))
        conn.execute(sa.text("CREATE TABLE broken.person (person_id integer, year_of_birth integer, "
                             "month_of_birth integer)"))
    done = omop(postgres.url, "--schema", "broken")
    assert done.returncode == 2 and "table NOTE_NLP not found in schema broken" in done.stderr, done.stderr
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE broken.note_nlp (note_nlp_id integer)"))
    done = omop(postgres.url, "--schema", "broken")
    assert done.returncode == 2 and "table broken.person has no column day_of_birth" in done.stderr, done.stderr
    done = omop(postgres.url, "--schema", "nowhere")
    assert done.returncode == 2 and "table NOTE not found in schema nowhere" in done.stderr
    closed = postgres.url.replace("ecmo@", "ecmo:s3cret@").replace(f":{postgres.port}/", ":1/")
    done = omop(closed, "--schema", "cdm")
    assert done.returncode == 2 and "cannot connect to postgresql+psycopg://ecmo:***@127.0.0.1:1/postgres" in done.stderr
    assert "s3cret" not in done.stderr
    engine.dispose()


def test_the_server_is_stopped_when_a_test_fails_inside_it():
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with pytest.raises(ZeroDivisionError):
        with PostgresServer() as server:
            pid, folder = server.process.pid, server.root
            1 / 0
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    assert not folder.exists()


# --- SQLite ---------------------------------------------------------------------------------------

def sqlite_cdm(path: Path, records: list[dict]):
    engine = sa.create_engine(f"sqlite:///{path}")
    create_note_tables(engine)
    load_notes(engine, records)
    return engine


def test_dev_corpus_on_sqlite_equals_the_cli_and_reruns_are_idempotent(tmp_path, cli_records):
    engine = sqlite_cdm(tmp_path / "cdm.sqlite", dev())
    others = other_systems_rows(engine)
    url = f"sqlite:///{tmp_path / 'cdm.sqlite'}"
    done = omop(url, "--batch-size", "10")
    assert done.returncode == 0, done.stderr
    first = our_rows(engine)
    assert_equals_cli(first, cli_records)
    done = omop(url, "--batch-size", "33", "--workers", "2")
    assert done.returncode == 0, done.stderr
    second = our_rows(engine)
    assert without_run_stamp(second) == without_run_stamp(first)
    with engine.connect() as conn:
        kept = sorted(tuple(sorted(dict(r._mapping).items())) for r in conn.execute(
            sa.text("SELECT * FROM note_nlp WHERE nlp_system = :s"), {"s": OTHER_SYSTEM}))
    assert [tuple((k, str(v) if k == "nlp_date" else v) for k, v in r) for r in others] == kept
    engine.dispose()


def test_ohdsi_sqlite_dates_as_seconds_and_upper_case_tables(tmp_path, nlp):
    """OHDSI's SQLite CDMs (Eunomia) keep dates as seconds since 1970; SQL Server's are NOTE, PERSON..."""
    path = tmp_path / "eunomia.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            CREATE TABLE PERSON (PERSON_ID integer, YEAR_OF_BIRTH integer, MONTH_OF_BIRTH integer,
                                 DAY_OF_BIRTH integer, BIRTH_DATETIME REAL);
            CREATE TABLE NOTE (NOTE_ID integer, PERSON_ID integer, NOTE_DATE REAL, NOTE_DATETIME REAL, NOTE_TEXT TEXT);
            CREATE TABLE NOTE_NLP (NOTE_NLP_ID integer, NOTE_ID integer, SECTION_CONCEPT_ID integer, SNIPPET TEXT,
                                   "OFFSET" TEXT, LEXICAL_VARIANT TEXT, NOTE_NLP_CONCEPT_ID integer,
                                   NLP_SYSTEM TEXT, NLP_DATE REAL, NLP_DATETIME REAL, TERM_EXISTS TEXT,
                                   TERM_TEMPORAL TEXT, TERM_MODIFIERS TEXT);
            CREATE TABLE CONCEPT (CONCEPT_ID integer, CONCEPT_CODE TEXT, VOCABULARY_ID TEXT);
            INSERT INTO CONCEPT VALUES (990001, '33957', 'CPT4'), (990002, '33958', 'CPT4'), (990003, '33958', 'HCPCS');
        """)
        seconds = lambda day: (datetime.fromisoformat(day).replace(tzinfo=timezone.utc)  # noqa: E731
                               - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()
        text = "DOB: 06/02/2020\nDate of service: 06/01/2026\nVA ECMO. Drainage cannula withdrawn 2 cm percutaneously."
        conn.execute("INSERT INTO PERSON VALUES (1, 2020, NULL, NULL, ?)", (seconds("2020-06-02"),))
        conn.execute("INSERT INTO PERSON VALUES (2, 1970, 5, 5, NULL)")
        conn.execute("INSERT INTO NOTE VALUES (1, 1, ?, NULL, ?)", (seconds("2026-06-01"), text))
        conn.execute("INSERT INTO NOTE VALUES (2, 2, ?, NULL, ?)", (seconds("2024-01-01"), text))
        conn.execute("INSERT INTO NOTE VALUES (3, 2, '2026-06-01', NULL, ?)",
                     ("56 yo M on VV ECMO. Drainage cannula advanced 2 cm percutaneously.",))
    cdm = connect(f"sqlite:///{path}")
    counts = run(cdm, Selection(since=date(2025, 1, 1)), nlp=nlp)
    assert counts.notes == 2  # note 2 (2024) is before --since, as a number of seconds
    found = records_in(our_rows(cdm.engine))
    assert found["1"]["codes"] == ["33957"] and found["1"]["age_years"] == 5  # 5 on 06/01/2026, born 06/02/2020
    assert found["3"]["codes"] == ["33958"] and found["3"]["age_years"] == 56
    with cdm.engine.connect() as conn:
        concept, nlp_date = conn.execute(sa.text(
            "SELECT NOTE_NLP_CONCEPT_ID, NLP_DATE FROM NOTE_NLP WHERE LEXICAL_VARIANT = '33957'")).one()
    assert concept == 990001  # the CPT4 concept of the CONCEPT table
    assert isinstance(nlp_date, float)  # a REAL date column gets seconds, as its other dates
    cdm.engine.dispose()


def test_sqlite_errors_name_the_problem(tmp_path):
    missing = tmp_path / "typo.sqlite"
    done = omop(f"sqlite:///{missing}")
    assert done.returncode == 2 and f"SQLite database not found: {missing}" in done.stderr
    assert not missing.exists()  # not created empty by the attempt
    sqlite3.connect(tmp_path / "empty.sqlite").close()
    with pytest.raises(OmopError, match="table NOTE not found in the default schema"):
        connect(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    done = omop("nonsense://")
    assert done.returncode == 2 and "no driver for nonsense" in done.stderr
    done = subprocess.run([*CLI, "omop"], capture_output=True, text=True, env={**os.environ, "ECMO_CPT_DB": ""})
    assert done.returncode == 2 and "omop needs --db URL" in done.stderr


def test_omop_demo_builds_runs_and_summarises(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "omop_demo.py"), "--db", str(tmp_path / "demo.sqlite")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "7 notes processed, 3 suggested, 1 needs review" in done.stderr
    lines = done.stdout.splitlines()
    assert any(line.split()[:3] == ["code", "33958", "0"] for line in lines), done.stdout
    assert any(line.split()[:3] == ["1", "2026-04-02", "33958"] for line in lines), done.stdout


# --- the row mapping --------------------------------------------------------------------------------

def test_rows_follow_note_nlp_conventions_and_read_back(cli_records, view):
    texts = {r["id"]: r["text"] for r in view}
    record = next(r for r in cli_records.values() if r["codes"] and len(r["evidence"]) > 3)
    rows = nlp_rows(record, texts[record["id"]], {"33958": 2000001, "33957": 2000002})
    evidence, decisions = rows[:len(record["evidence"])], rows[len(record["evidence"]):]
    for row, item in zip(evidence, record["evidence"]):
        assert row["lexical_variant"] == item["text"] and row["offset"] == str(item["start"])
        assert texts[record["id"]][item["start"]:item["end"]] == item["text"]
        assert " ".join(item["text"].split()) in row["snippet"] and len(row["snippet"]) <= 250
        assert row["note_nlp_concept_id"] == 0 and row["section_concept_id"] == 0
    assert [d["lexical_variant"] for d in decisions] == record["codes"]
    assert decisions[0]["term_exists"] == "Y" and decisions[0]["term_temporal"] == "present"
    assert json.loads(decisions[0]["term_modifiers"])["kind"] == "code"
    expected = {k: record[k] for k in record}
    assert record_from_rows(rows, record["id"]) == expected
    assert [r["note_nlp_concept_id"] for r in decisions] == [{"33958": 2000001, "33957": 2000002}.get(c, 0)
                                                            for c in record["codes"]]


def test_long_reasons_are_cut_to_valid_json_within_the_column():
    modifiers = {"kind": "review", "approach": None, "reasons": [f"reason {i}: " + "x" * 300 for i in range(20)]}
    text = _fit(modifiers, 2000)
    assert len(text) <= 2000
    parsed = json.loads(text)
    assert parsed["reasons_omitted"] == 20 - len(parsed["reasons"]) and parsed["reasons"]
    assert json.loads(_fit({"kind": "error", "error": "e" * 5000}, 2000))["kind"] == "error"
    assert snippet("a" * 1000, 500, 510) == "a" * 250 and snippet("short", 0, 5) == "short"


def test_a_note_without_ecmo_words_gets_no_rows_and_an_error_gets_one():
    quiet = {"id": "1", "codes": [], "needs_review": False, "evidence": [], "error": None, "reasons": [],
             "reposition": False, "approach": None, "fluoroscopy": False, "age_years": None, "age_source": None}
    assert nlp_rows(quiet, "Routine follow-up.", {}) == []
    rows = nlp_rows({**quiet, "error": "'text' is empty"}, "", {})
    assert [r["lexical_variant"] for r in rows] == ["error"]
    assert record_from_rows(rows, "1")["error"] == "'text' is empty"


def test_cdm_dataclass_reads_columns_whatever_their_case(tmp_path):
    path = tmp_path / "x.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE Note (Note_Id integer)")
    engine = sa.create_engine(f"sqlite:///{path}")
    table = sa.Table("Note", sa.MetaData(), autoload_with=engine)
    assert Cdm(engine, table, table, table).column(table, "note_id") is table.c.Note_Id
    engine.dispose()
