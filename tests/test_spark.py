"""`extractor.spark.extract` in local mode gives the CLI's records with a typed schema.

One Spark session for the module, local[2], no UI, bound to 127.0.0.1. Skips (saying why)
when pyspark or Java is missing.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date

import pytest

from extractor.io import FIELDS

from .conftest import DEV_CORPUS

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install '.[spark]'")
pytest.importorskip("pandas", reason="pandas is not installed: pip install '.[spark]'")
pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install '.[spark]'")


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


if _java() is None:
    pytest.skip("Spark tests need Java 17+ (no `java` on PATH and no JAVA_HOME)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    started = time.perf_counter()
    session = (SparkSession.builder.master("local[2]").appName("ecmo-cpt-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.pyspark.python", sys.executable)
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    print(f"spark session started in {time.perf_counter() - started:.1f}s")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cli_records(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("cli") / "pred.jsonl"
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(DEV_CORPUS), "-o", str(out)],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}


def test_output_schema_is_typed():
    from extractor.spark import schema

    types = {f.name: f.dataType.simpleString() for f in schema().fields}
    assert list(types) == list(FIELDS)
    assert types == {
        "id": "string", "codes": "array<string>", "reposition": "boolean", "approach": "string",
        "fluoroscopy": "boolean", "age_years": "int", "age_source": "string", "needs_review": "boolean",
        "rule": "string", "reasons": "array<string>",
        "evidence": "array<struct<label:string,text:string,start:int,end:int,section:string>>",
        "error": "string",
    }


def test_dev_corpus_in_local_mode_equals_the_cli_output(spark, dev_records, cli_records):
    from extractor.spark import extract, schema

    rows = [{"id": r["id"], "text": r["text"], **r["meta"]} for r in dev_records]
    df = spark.createDataFrame(rows, schema="id string, text string, service_date string, dob string, age_years int")
    result = extract(df.repartition(3))
    assert result.schema == schema()
    got = {row["id"]: row.asDict(recursive=True) for row in result.collect()}
    assert set(got) == set(cli_records)
    for note_id, expected in cli_records.items():
        for name in FIELDS:
            assert got[note_id][name] == expected[name], (note_id, name)


def test_date_typed_metadata_other_column_names_and_bad_rows(spark):
    from extractor.spark import extract

    text = "Drainage cannula advanced 2 cm percutaneously on VV ECMO."
    df = spark.createDataFrame(
        [(1, text, date(2025, 10, 20), date(1970, 5, 1), None), (2, None, None, None, None),
         (3, text, None, None, "4"), (4, text, None, None, "old")],
        schema="note_id long, body string, visit date, birth date, age string")
    result = extract(df, id_col="note_id", text_col="body",
                     meta_cols={"service_date": "visit", "dob": "birth", "age_years": "age"})
    rows = {row["id"]: row.asDict(recursive=True) for row in result.collect()}
    assert rows["1"]["age_years"] == 55 and rows["1"]["age_source"] == "dob+service_date" and rows["1"]["codes"] == ["33958"]
    assert rows["2"]["error"] == "missing 'text'" and rows["2"]["codes"] == []
    assert rows["3"]["codes"] == ["33957"]
    assert "age_years is not a number" in rows["4"]["error"]


def test_rows_without_an_id_get_an_error_instead_of_repeated_line_ids(spark):
    from extractor.spark import MISSING_ID, extract

    text = "Drainage cannula advanced 2 cm percutaneously on VV ECMO; 54 yo M."
    rows = [(f"n{i}" if i % 2 else (None if i % 4 else ""), text) for i in range(12)]
    df = spark.createDataFrame(rows, schema="id string, text string").repartition(3)
    result = [row.asDict(recursive=True) for row in extract(df).collect()]
    assert len(result) == 12
    named = [row for row in result if row["id"]]
    assert sorted(row["id"] for row in named) == sorted(f"n{i}" for i in range(1, 12, 2))
    assert all(row["codes"] == ["33958"] and row["error"] is None for row in named)
    unnamed = [row for row in result if not row["id"]]
    assert sorted(map(repr, (row["id"] for row in unnamed))) == sorted(["None"] * 3 + ["''"] * 3)
    assert all(row["error"] == MISSING_ID and row["codes"] == [] for row in unnamed)


def test_a_float_id_column_gives_whole_number_ids(spark):
    from extractor.spark import extract

    text = "Drainage cannula advanced 2 cm percutaneously on VV ECMO; 54 yo M."
    df = spark.createDataFrame([(1.0, text), (2.5, text), (None, text)], schema="id double, text string")
    assert sorted(str(row["id"]) for row in extract(df).collect()) == ["1", "2.5", "None"]


def test_executors_without_the_package_fail_early_on_the_driver(tmp_path):
    """README's local setup, but the executors run a Python without the package: extract()
    itself raises, on the driver, naming that Python and PYSPARK_PYTHON."""
    import venv

    bare = tmp_path / "bare"
    venv.create(bare, with_pip=False)  # pyspark's worker comes from Spark itself; ecmo-cpt does not
    driver = tmp_path / "driver.py"
    driver.write_text(f"""
import os, sys
os.environ["PYSPARK_PYTHON"] = {str(bare / "bin" / "python")!r}
from pyspark.sql import SparkSession
from extractor.spark import ExecutorPythonError, extract
spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
spark.sparkContext.setLogLevel("OFF")
df = spark.createDataFrame([("a", "Drainage cannula advanced on VV ECMO.")], schema="id string, text string")
try:
    extract(df)
    print("no error")
except ExecutorPythonError as error:
    print("ExecutorPythonError:", error)
spark.stop()
""")
    done = subprocess.run([sys.executable, str(driver)], capture_output=True, text=True, timeout=600,
                          cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "PYSPARK_PYTHON"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("ExecutorPythonError: "), done.stdout + done.stderr[-3000:]
    assert str(bare / "bin" / "python") in done.stdout
    assert "No module named 'extractor'" in done.stdout and "PYSPARK_PYTHON" in done.stdout


def test_missing_columns_are_reported(spark):
    from extractor.spark import extract

    df = spark.createDataFrame([("a", "x")], schema="id string, note string")
    with pytest.raises(ValueError, match="no column 'text'"):
        extract(df)


def test_each_python_worker_loads_the_pipeline_once(spark, dev_records):
    from extractor.spark import extract

    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "5")  # many batches per worker
    try:
        rows = [(r["id"], r["text"]) for r in dev_records]
        df = spark.createDataFrame(rows, schema="id string, text string").repartition(8)
        assert extract(df).count() == len(rows)

        def probe(frames):
            import os

            import pandas as pd

            import extractor.frames as helper
            for _ in frames:
                yield pd.DataFrame({"pid": [os.getpid()], "loads": [helper.LOADS]})
        loads = df.mapInPandas(probe, schema="pid long, loads long").collect()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    assert loads and all(row["loads"] <= 1 for row in loads), loads
