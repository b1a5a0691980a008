"""`extractor.frames.extract` gives the CLI's records, through the CLI's own per-record path."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from extractor.io import FIELDS

from .conftest import DEV_CORPUS

pd = pytest.importorskip("pandas")
from extractor.frames import extract, plain  # noqa: E402


@pytest.fixture(scope="module")
def cli_records(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("cli") / "pred.jsonl"
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(DEV_CORPUS), "-o", str(out)],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return [json.loads(line) for line in out.read_text().splitlines()]


@pytest.fixture(scope="module")
def dev_frame(dev_records) -> "pd.DataFrame":
    return pd.DataFrame([{"id": r["id"], "text": r["text"], **r["meta"]} for r in dev_records])


def test_dev_corpus_equals_the_cli_output(dev_frame, cli_records):
    result = extract(dev_frame)
    assert list(result.columns) == list(FIELDS)
    assert result.to_dict("records") == cli_records
    assert list(result.index) == list(dev_frame.index)
    assert result["reposition"].dtype == bool


def test_two_workers_give_the_same_frame(dev_frame, cli_records):
    assert extract(dev_frame, workers=2).to_dict("records") == cli_records


def test_typed_columns_renamed_columns_and_bad_rows():
    frame = pd.DataFrame({
        "note_id": [7, 8, 9, 10],
        "body": ["Drainage cannula advanced 2 cm percutaneously on VV ECMO.", None, "   ",
                 "Drainage cannula advanced 2 cm percutaneously on VV ECMO."],
        "visit": pd.to_datetime(["2025-10-20", None, None, "2025-10-20"]),
        "birth": [date(1970, 5, 1), None, None, None],
        "age": pd.array([None, None, None, 4], dtype="Int64"),
    }, index=[10, 20, 30, 40])
    result = extract(frame, id_col="note_id", text_col="body",
                     meta_cols={"service_date": "visit", "dob": "birth", "age_years": "age"})
    assert list(result.index) == [10, 20, 30, 40]
    rows = result.to_dict("records")
    assert [r["id"] for r in rows] == ["7", "8", "9", "10"]
    assert rows[0]["age_years"] == 55 and rows[0]["age_source"] == "dob+service_date" and rows[0]["codes"] == ["33958"]
    assert rows[1]["error"] == "missing 'text'" and rows[2]["error"] == "'text' is empty"
    assert rows[3]["age_years"] == 4 and rows[3]["codes"] == ["33957"]


def test_missing_text_column_and_unknown_meta_field():
    with pytest.raises(ValueError, match="no text column"):
        extract(pd.DataFrame({"id": [1], "note": ["x"]}))
    with pytest.raises(ValueError, match="unknown metadata field"):
        extract(pd.DataFrame({"text": ["x"]}), meta_cols={"birthday": "text"})


def test_cells_become_what_the_json_reader_gives():
    import numpy as np

    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert plain(float("nan")) is None and plain(pd.NaT) is None and plain(pd.NA) is None
    assert plain(pd.Timestamp("2025-01-02 10:00")) == date(2025, 1, 2)


def test_a_float_id_column_gives_whole_number_ids():
    # An int id column with a missing value arrives as float64: 1.0, NaN, 3.0.
    text = "Drainage cannula advanced 2 cm percutaneously on VV ECMO; 54 yo M."
    frame = pd.DataFrame({"id": [1, None, 3], "text": [text] * 3}).astype({"id": "float64"})
    frame.loc[3] = [2.5, text]
    assert list(extract(frame)["id"]) == ["1", "line:2", "3", "2.5"]
