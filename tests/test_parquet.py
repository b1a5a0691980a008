"""Parquet in and out: the same records as the JSONL CLI, the contract's (Spark's) schema, per-row
errors, clear refusals, and --resume after SIGKILL or SIGTERM giving a clean run's bytes."""
from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed: pip install '.[parquet]'")
import pyarrow.parquet as pq  # noqa: E402

from extractor.cli import main  # noqa: E402
from extractor.io import OutputBusy, part_path  # noqa: E402
from extractor.parquet_io import CHUNK_ROWS, ParquetWriter, arrow_schema, read_parquet  # noqa: E402

from .conftest import DEV_CORPUS  # noqa: E402

CLI = [sys.executable, "-m", "extractor.cli"]
MIXED = Path(__file__).parent / "data" / "mixed.jsonl.gz"


def dev() -> list[dict]:
    return [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()]


def as_date(value):
    from datetime import date
    return date.fromisoformat(value) if value else None


def flat_table(records: list[dict], id_col="id", text_col="text", dates=True, **rename) -> "pa.Table":
    """The records as a Parquet-ready table: id, text and the metadata as columns (dates as
    date32 when `dates`, else strings; the age as int32)."""
    meta = [r.get("meta") or {} for r in records]
    kind = pa.date32() if dates else pa.string()
    convert = as_date if dates else (lambda v: v)
    columns = {id_col: [r.get("id") for r in records], text_col: [r.get("text") for r in records],
               rename.get("service_date", "service_date"): pa.array([convert(m.get("service_date")) for m in meta], kind),
               rename.get("dob", "dob"): pa.array([convert(m.get("dob")) for m in meta], kind),
               rename.get("age_years", "age_years"): pa.array([m.get("age_years") for m in meta], pa.int32())}
    return pa.table(columns)


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, input=stdin, timeout=600)


@pytest.fixture(scope="module")
def jsonl_output(tmp_path_factory) -> bytes:
    """The JSONL CLI's output on the dev corpus."""
    out = tmp_path_factory.mktemp("jsonl") / "dev.jsonl"
    done = cli("extract", str(DEV_CORPUS), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_dev_corpus_from_parquet_equals_the_jsonl_cli_in_jsonl_and_in_parquet(tmp_path, jsonl_output):
    source = tmp_path / "dev.parquet"
    pq.write_table(flat_table(dev()), source, row_group_size=20)  # several row groups and batches
    done = cli("extract", str(source), "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout == jsonl_output  # byte for byte
    out = tmp_path / "results.parquet"
    done = cli("extract", str(source), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.schema == arrow_schema()
    assert table.to_pylist() == [json.loads(line) for line in jsonl_output.splitlines()]
    assert not part_path(out).exists()


def test_named_columns_and_a_nested_meta_column(tmp_path, jsonl_output):
    expected = [json.loads(line) for line in jsonl_output.splitlines()]
    renamed = tmp_path / "renamed.parquet"
    pq.write_table(flat_table(dev(), "note_id", "note_text", dates=False, service_date="visit_date",
                              dob="birth_date", age_years="age"), renamed)
    out = tmp_path / "renamed-out.parquet"
    assert main(["extract", str(renamed), "-o", str(out), "-q", "--id-col", "note_id", "--text-col", "note_text",
                 "--meta-col", "service_date=visit_date", "--meta-col", "dob=birth_date",
                 "--meta-col", "age_years=age"]) == 0
    assert pq.read_table(out).to_pylist() == expected
    # JSONL's own shape (a struct column `meta`), as DuckDB or Spark write it from our input
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.Table.from_pylist([{"id": r["id"], "text": r["text"], "meta": r.get("meta")} for r in dev()]),
                   nested)
    assert [n.meta for n in read_parquet(nested)] == [n.meta for n in read_parquet(renamed, "note_id", "note_text", {
        "service_date": "visit_date", "dob": "birth_date", "age_years": "age"})]


def test_output_schema_is_the_spark_schema():
    pytest.importorskip("pyspark")
    from pyspark.sql.pandas.types import to_arrow_schema

    from extractor.spark import schema

    spark = to_arrow_schema(schema())
    assert arrow_schema().names == spark.names
    assert [f.type for f in arrow_schema()] == [f.type for f in spark]


def test_bad_rows_get_the_errors_jsonl_gets_and_the_run_goes_on(tmp_path):
    records = [
        {"id": "ok", "text": "54 yo M on VV ECMO. Drainage cannula advanced 2 cm percutaneously.",
         "meta": {"service_date": "2025-10-20"}},
        {"id": "no-text", "text": None},
        {"id": "blank", "text": "   \n"},
        {"id": "bad-date", "text": "VV ECMO.", "meta": {"service_date": "2025-02-30"}},
        {"id": "bad-age", "text": "VV ECMO.", "meta": {"age_years": -1}},
        {"id": "born-late", "text": "VV ECMO.", "meta": {"service_date": "2025-01-01", "dob": "2025-06-01"}},
        {"id": None, "text": "Nasal cannula 2 L."},
        {"id": "nul", "text": "VV ECMO\x00 cannula advanced 2 cm percutaneously. 40 yo."},
    ]
    source = tmp_path / "bad.parquet"
    pq.write_table(flat_table(records, dates=False), source)
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records))
    from_parquet = cli("extract", str(source), "-q")
    from_jsonl = cli("extract", str(jsonl), "-q")
    assert from_parquet.returncode == from_jsonl.returncode == 1  # some records have an error
    assert from_parquet.stdout == from_jsonl.stdout
    errors = {r["id"]: r["error"] for r in map(json.loads, from_parquet.stdout.splitlines())}
    assert errors["no-text"] == "missing 'text'" and errors["blank"] == "'text' is empty"
    assert errors["bad-date"].startswith("meta.service_date is not a valid date") and errors["line:7"] is None
    # A binary text column: each row UTF-8 or an error of its own.
    binary = tmp_path / "binary.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": pa.array([b"caf\xe9 ECMO", "VV ECMO.".encode()], pa.binary())}),
                   binary)
    rows = [json.loads(line) for line in cli("extract", str(binary), "-q").stdout.splitlines()]
    assert rows[0]["error"] == "row 1: 'text' is not valid UTF-8 (byte 0xe9 at byte 4)" and rows[1]["error"] is None


@pytest.mark.parametrize("case", ["no-text-column", "no-id-column", "not-parquet", "columns-for-jsonl", "bad-meta-col"])
def test_unusable_input_or_arguments_exit_2_without_output(tmp_path, case, capsys):
    source = tmp_path / "notes.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["VV ECMO."]}), source)
    out = tmp_path / "out.parquet"
    args = {"no-text-column": [str(source)],
            "no-id-column": [str(source), "--text-col", "body", "--id-col", "note_id"],
            "not-parquet": [str(tmp_path / "junk.parquet")],
            "columns-for-jsonl": [str(DEV_CORPUS), "--text-col", "body"],
            "bad-meta-col": [str(source), "--meta-col", "visit_date"]}[case]
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    assert main(["extract", *args, "-o", str(out), "-q"]) == 2
    message = capsys.readouterr().err
    assert {"no-text-column": "no text column 'text' in the Parquet file (columns: id, body); name it with --text-col",
            "no-id-column": "no id column 'note_id'", "not-parquet": "not a readable Parquet file",
            "columns-for-jsonl": "name the columns of a Parquet input",
            "bad-meta-col": "--meta-col takes FIELD=COLUMN"}[case] in message
    assert not out.exists() and not part_path(out).exists()


def test_evaluate_show_and_report_read_parquet_predictions(tmp_path, jsonl_output):
    predictions = tmp_path / "pred.parquet"
    pq.write_table(pa.Table.from_pylist([json.loads(line) for line in jsonl_output.splitlines()],
                                        schema=arrow_schema()), predictions)
    as_jsonl = tmp_path / "pred.jsonl"
    as_jsonl.write_bytes(jsonl_output)
    assert cli("evaluate", str(DEV_CORPUS), str(predictions)).stdout == cli("evaluate", str(DEV_CORPUS),
                                                                           str(as_jsonl)).stdout
    shown = cli("show", str(predictions))
    assert shown.returncode == 0 and b"88 notes" in shown.stdout


# --- resuming ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """3,000 notes of a hospital feed with the dev notes among them, a repeated and a missing id
    and a null text: several chunks of OUTPUT.part."""
    with gzip.open(MIXED, "rt", encoding="utf-8") as stream:
        mixed = [json.loads(line) for line in stream if line.strip()]
    records = []
    for i in range(3000):
        source = dev()[i // 30 % 88] if i % 30 == 0 else mixed[i % len(mixed)]
        records.append({"id": f"n{i}" if i % 97 != 5 else "dup", "text": source["text"], "meta": source.get("meta")})
    records[11]["id"] = None
    records[12]["text"] = None
    path = tmp_path_factory.mktemp("resume") / "notes.parquet"
    pq.write_table(flat_table(records), path, row_group_size=700)
    return path


@pytest.fixture(scope="module")
def clean_output(corpus, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("clean") / "out.parquet"
    done = cli("extract", str(corpus), "-o", str(out), "-q")
    assert done.returncode == 1, done.stderr  # the null text
    return out.read_bytes()


def chunks(out: Path) -> int:
    return len(list(part_path(out).glob("chunk-*.parquet"))) if part_path(out).is_dir() else 0


def start_and_stop(corpus: Path, out: Path, sig: int, *extra: str) -> subprocess.Popen:
    process = subprocess.Popen([*CLI, "extract", str(corpus), "-o", str(out), "-q", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while chunks(out) < 1:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(sig)
    process.wait(timeout=120)
    return process


def test_sigkill_then_resume_equals_a_clean_run(corpus, clean_output, tmp_path):
    out = tmp_path / "out.parquet"
    process = start_and_stop(corpus, out, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL and not out.exists()
    kept = chunks(out)
    assert 1 <= kept and kept * CHUNK_ROWS < 3000
    (part_path(out) / f"chunk-{kept + 1:06d}.parquet.tmp").write_bytes(b"PAR1 torn")  # a chunk being written
    done = cli("extract", str(corpus), "-o", str(out), "--resume")
    assert done.returncode == 1, done.stderr
    assert f"({kept * CHUNK_ROWS} already in {part_path(out).name})" in done.stderr.decode()
    assert out.read_bytes() == clean_output  # byte for byte
    assert not part_path(out).exists()


def test_sigterm_commits_what_waits_then_resume_with_workers(corpus, clean_output, tmp_path):
    out = tmp_path / "out.parquet"
    process = start_and_stop(corpus, out, signal.SIGTERM, "--workers", "2")
    assert process.returncode == 128 + signal.SIGTERM
    assert "rerun with --resume" in process.stderr.read().decode()
    written = sum(pq.read_metadata(p).num_rows for p in part_path(out).glob("chunk-*.parquet"))
    assert 0 < written < 3000
    expected = pq.read_table(pa.BufferReader(clean_output)).slice(0, written).to_pylist()
    assert pq.read_table(sorted(part_path(out).glob("chunk-*.parquet"))[0]).to_pylist() == expected[:CHUNK_ROWS]
    done = cli("extract", str(corpus), "-o", str(out), "--resume", "--workers", "2")
    assert done.returncode == 1, done.stderr
    assert out.read_bytes() == clean_output


def test_resume_of_a_complete_output_and_of_another_input(corpus, clean_output, tmp_path, capsys):
    out = tmp_path / "out.parquet"
    out.write_bytes(clean_output)
    assert main(["extract", str(corpus), "-o", str(out), "--resume"]) == 0
    assert "already complete" in capsys.readouterr().err
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["x"], "text": ["Nasal cannula."]}), other)
    writer = ParquetWriter(tmp_path / "partial.parquet")
    writer.write({"id": "n0", "codes": [], "reasons": [], "evidence": []})
    writer.abort(keep=True)  # as after a stop: the part folder stays with one record
    assert main(["extract", str(other), "-o", str(tmp_path / "partial.parquet"), "--resume", "-q"]) == 2
    assert "does not match" in capsys.readouterr().err


def test_two_runs_cannot_write_the_same_output(tmp_path):
    pytest.importorskip("fcntl")
    first = ParquetWriter(tmp_path / "out.parquet")
    try:
        with pytest.raises(OutputBusy):
            ParquetWriter(tmp_path / "out.parquet")
    finally:
        first.abort()
    assert not part_path(tmp_path / "out.parquet").exists()
