"""Bad input never stops a run: one output record per input record, in order, with an `error`
saying what was wrong; long notes are cut and say so; pipeline failures hit one note only.

Each kind of bad input is written as real bytes and read by `read_notes` (or the CLI)."""
from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor.io as io_module
from extractor.cli import main
from extractor.io import FIELDS, META_FIELDS, MAX_NOTE_CHARS, Note, Writer, dumps, note_from_record, read_notes
from extractor.runner import process_notes, run

from .conftest import DEV_CORPUS, TrippingNlp

CLI = [sys.executable, "-m", "extractor.cli"]
POSITIVE = "54 yo M on VV ECMO. Drainage cannula advanced 2 cm percutaneously under fluoroscopy."


def jsonl(tmp_path: Path, *lines: bytes | str | dict, name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    with open(path, "wb") as out:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line)
            out.write((line.encode() if isinstance(line, str) else line) + b"\n")
    return path


def records(nlp, source: Path, **kwargs) -> list[dict]:
    return list(run(read_notes(source, **kwargs), nlp=nlp))


def check_record(record: dict) -> None:
    """The output contract, field by field."""
    assert tuple(record) == FIELDS
    assert isinstance(record["id"], str) and record["id"]
    assert isinstance(record["codes"], list) and all(isinstance(c, str) for c in record["codes"])
    assert isinstance(record["reposition"], bool) and isinstance(record["fluoroscopy"], bool)
    assert record["approach"] in (None, "percutaneous", "open", "central")
    # (an implausible age read from the text, e.g. "200 yo", is reported as such and needs review)
    assert record["age_years"] is None or (isinstance(record["age_years"], int) and record["age_years"] >= 0)
    if record["codes"]:
        assert record["age_years"] <= 125
    assert record["age_source"] in (None, "text", "dob+service_date", "metadata")
    assert isinstance(record["needs_review"], bool)
    assert isinstance(record["reasons"], list) and all(isinstance(r, str) for r in record["reasons"])
    assert isinstance(record["evidence"], list)
    for item in record["evidence"]:
        assert set(item) == {"label", "text", "start", "end", "section"}
        assert isinstance(item["start"], int) and isinstance(item["end"], int) and 0 <= item["start"] <= item["end"]
    assert record["error"] is None or (isinstance(record["error"], str) and record["error"])
    if record["codes"]:
        assert record["reposition"] is True and record["age_years"] is not None
        assert not record["needs_review"] and record["error"] is None
    if record["error"] is not None:
        assert record["codes"] == [] and record["evidence"] == []
    orjson.loads(dumps(record))  # always writable


def only(nlp, tmp_path, line) -> dict:
    [record] = records(nlp, jsonl(tmp_path, line))
    check_record(record)
    return record


# --- one test per kind of bad record --------------------------------------------------------

def test_missing_text(nlp, tmp_path):
    record = only(nlp, tmp_path, {"id": "a", "meta": {}})
    assert record["id"] == "a" and record["error"] == "missing 'text'"


def test_empty_text(nlp, tmp_path):
    assert only(nlp, tmp_path, {"id": "a", "text": ""})["error"] == "'text' is empty"


def test_whitespace_only_text(nlp, tmp_path):
    assert only(nlp, tmp_path, {"id": "a", "text": " \n\t\r\n   "})["error"] == "'text' is empty"


@pytest.mark.parametrize("value, kind", [(42, "int"), (4.5, "float"), (["ECMO"], "list"), ({"a": 1}, "dict"), (True, "bool")])
def test_text_not_a_string(nlp, tmp_path, value, kind):
    assert only(nlp, tmp_path, {"id": "a", "text": value})["error"] == f"'text' must be a string, got {kind}"


def test_text_null(nlp, tmp_path):
    assert only(nlp, tmp_path, {"id": "a", "text": None})["error"] == "missing 'text'"


def test_malformed_json_line(nlp, tmp_path):
    source = jsonl(tmp_path, {"id": "ok", "text": POSITIVE}, '{"id": "torn", "text": "VV ECMO cann',
                   "{not json at all", '{"id": 7, "text": "x",}', {"id": "ok2", "text": POSITIVE})
    out = records(nlp, source)
    for record in out:
        check_record(record)
    assert [r["id"] for r in out] == ["ok", "torn", "line:3", "7", "ok2"]
    assert out[0]["codes"] == out[4]["codes"] == ["33958"]
    assert out[1]["error"].startswith("malformed JSON on line 2: ")
    assert out[2]["error"].startswith("malformed JSON on line 3: ")


@pytest.mark.parametrize("line, kind", [("[1, 2]", "list"), ("42", "int"), ('"a note"', "str"), ("null", "NoneType")])
def test_json_line_not_an_object(nlp, tmp_path, line, kind):
    record = only(nlp, tmp_path, line)
    assert record["id"] == "line:1" and record["error"] == f"record is not an object (got {kind})"


def test_non_utf8_bytes_in_a_jsonl_line(nlp, tmp_path):
    source = jsonl(tmp_path, b'{"id": "latin1", "text": "caf\xe9 on VV ECMO"}', b'\xff\xfe{"id": "x"',
                   {"id": "fine", "text": POSITIVE})
    out = records(nlp, source)
    assert [r["id"] for r in out] == ["latin1", "line:2", "fine"]
    assert out[0]["error"] == "line 1 is not valid UTF-8 (byte 0xe9 at byte 30)"
    assert out[1]["error"].startswith("line 2 is not valid UTF-8")
    assert out[2]["codes"] == ["33958"]


def test_byte_order_mark_on_the_first_line(nlp, tmp_path):
    source = jsonl(tmp_path, b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": POSITIVE}).encode())
    [record] = records(nlp, source)
    assert record["id"] == "bom" and record["codes"] == ["33958"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_csv_row_with_the_wrong_number_of_columns(nlp, tmp_path):
    source = write_csv(tmp_path / "in.csv", [["id", "text", "age_years"], ["a", POSITIVE, "54"],
                                             ["b", POSITIVE, "54", "surplus"], ["c", POSITIVE], ["d", POSITIVE, ""]])
    out = records(nlp, source)
    for record in out:
        check_record(record)
    assert [r["id"] for r in out] == ["a", "b", "c", "d"]
    assert out[1]["error"] == "CSV row 3 (line 3) has 4 columns; the header has 3"
    assert out[2]["error"] == "CSV row 4 (line 4) has 2 columns; the header has 3"
    assert out[0]["codes"] == out[3]["codes"] == ["33958"]


def test_csv_without_a_text_column_is_a_whole_input_error(tmp_path):
    source = write_csv(tmp_path / "in.csv", [["id", "body"], ["a", POSITIVE]])
    out = tmp_path / "out.jsonl"
    done = subprocess.run([*CLI, "extract", str(source), "-o", str(out)], capture_output=True, timeout=300)
    assert done.returncode == 2
    assert b"needs a header row with at least a 'text' column" in done.stderr
    assert not out.exists() and not (tmp_path / "out.jsonl.part").exists()


def test_csv_row_that_is_not_utf8(nlp, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"\xef\xbb\xbfid,text\r\nok," + POSITIVE.encode() + b"\r\nbad,caf\xe9 ECMO\r\n")
    out = records(nlp, source)
    assert [(r["id"], r["codes"], r["error"]) for r in out] == [
        ("ok", ["33958"], None), ("bad", [], "CSV row 3 (line 3) is not valid UTF-8")]


@pytest.mark.parametrize("field", ["service_date", "dob"])
@pytest.mark.parametrize("value", ["2026-02-30", "not-a-date", 20260101, ["2026-01-01"]])
def test_invalid_dates_in_meta(nlp, tmp_path, field, value):
    record = only(nlp, tmp_path, {"id": "a", "text": POSITIVE, "meta": {field: value}})
    assert record["error"].startswith(f"meta.{field} ")


def test_date_of_birth_after_date_of_service(nlp, tmp_path):
    record = only(nlp, tmp_path, {"id": "a", "text": POSITIVE, "meta": {"service_date": "2025-01-01", "dob": "2025-06-01"}})
    assert record["error"] == "meta.dob 2025-06-01 is after meta.service_date 2025-01-01"


def test_date_of_birth_making_an_absurd_age(nlp, tmp_path):
    record = only(nlp, tmp_path, {"id": "a", "text": POSITIVE, "meta": {"service_date": "2025-01-01", "dob": "1800-06-01"}})
    assert "over 125 years old" in record["error"]


@pytest.mark.parametrize("age", [-1, 200, 3.5, "abc", True, "inf", "nan", "1e400", [54], {"years": 54}])
def test_negative_fractional_or_absurd_ages(nlp, tmp_path, age):
    record = only(nlp, tmp_path, {"id": "a", "text": POSITIVE, "meta": {"age_years": age}})
    assert record["error"].startswith("meta.age_years ")


def test_meta_not_an_object(nlp, tmp_path):
    assert only(nlp, tmp_path, {"id": "a", "text": POSITIVE, "meta": "54"})["error"] == "meta must be an object, got str"


def test_good_metadata_of_every_accepted_type_is_used(nlp):
    for meta in ({"age_years": "54"}, {"age_years": 54.0}, {"service_date": datetime(2025, 10, 20, 8, 30), "dob": date(1970, 5, 1)}):
        [record] = process_notes(nlp, [note_from_record({"id": "a", "text": POSITIVE.replace("54 yo M ", ""), "meta": meta}, 1)])
        check_record(record)
        assert record["codes"] == ["33958"] and record["error"] is None


def test_note_of_several_megabytes_is_read_up_to_the_limit(nlp, tmp_path):
    filler = "Vitals stable. Labs reviewed, no changes to the plan overnight.\n"
    text = POSITIVE + "\n" + filler * (5_000_000 // len(filler))
    source = jsonl(tmp_path, {"id": "huge", "text": text}, {"id": "next", "text": POSITIVE})
    huge, following = records(nlp, source)
    check_record(huge)
    kept = len(io_module.truncate_text(text, MAX_NOTE_CHARS))
    assert kept <= MAX_NOTE_CHARS and text[kept] == "\n"  # cut at a line break
    assert huge["reasons"][-1] == f"note truncated: only the first {kept:,} of {len(text):,} characters were read"
    assert huge["codes"] == ["33958"] and not huge["needs_review"]  # the code was in the part read
    for item in huge["evidence"]:
        assert text[item["start"]:item["end"]] == item["text"]
    assert following["codes"] == ["33958"] and not any("truncated" in r for r in following["reasons"])


def test_truncated_note_without_a_code_needs_review(nlp, tmp_path):
    text = "Vitals stable.\n" * 20_000 + POSITIVE  # the repositioning is past the limit
    [record] = records(nlp, jsonl(tmp_path, {"id": "long", "text": text}))
    check_record(record)
    assert record["codes"] == [] and record["needs_review"] is True
    assert record["reasons"][-1].startswith("note truncated: only the first ")


def test_max_chars_option_and_no_limit(tmp_path):
    text = "Vitals stable.\n" * 100 + POSITIVE
    source = jsonl(tmp_path, {"id": "n", "text": text})
    short, whole = tmp_path / "short.jsonl", tmp_path / "whole.jsonl"
    assert main(["extract", str(source), "-o", str(short), "-q", "--max-chars", "500"]) == 0
    assert main(["extract", str(source), "-o", str(whole), "-q", "--max-chars", "-1"]) == 0
    cut, full = json.loads(short.read_text()), json.loads(whole.read_text())
    assert cut["needs_review"] and cut["reasons"][-1] == f"note truncated: only the first 494 of {len(text):,} characters were read"
    assert full["codes"] == ["33958"] and not any("truncated" in r for r in full["reasons"])
    assert main(["extract", str(source), "-o", str(short), "--max-chars", "0"]) == 2


def test_record_over_the_hard_cap_is_an_error(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr(io_module, "MAX_TEXT_CHARS", 1000)
    source = jsonl(tmp_path, {"id": "big", "text": "ECMO " * 1000}, {"id": "ok", "text": POSITIVE})
    big, ok = records(nlp, source)
    assert big["id"] == "big" and big["error"] == "line 1 is over the 1,000-byte limit"
    assert ok["codes"] == ["33958"]


def test_non_utf8_txt_file_in_a_folder(nlp, tmp_path):
    (tmp_path / "a.txt").write_text(POSITIVE)
    (tmp_path / "b.txt").write_bytes(b"Cannula advanced \xe9\xff on VV ECMO")
    (tmp_path / "c.txt").write_text("   ")
    out = records(nlp, tmp_path)
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert out[0]["codes"] == ["33958"]
    assert out[1]["error"].startswith("file is not UTF-8 text: ") and out[2]["error"] == "'text' is empty"


def test_nul_and_control_characters_are_read_as_spaces_with_offsets_into_the_original(nlp, tmp_path):
    text = "54 yo M on VV ECMO.\x00 Drainage cannula\x07 advanced 2 cm\x0b percutaneously\x1b under\x0c fluoroscopy.\x7f\x85"
    [record] = records(nlp, jsonl(tmp_path, {"id": "ctl", "text": text}))
    check_record(record)
    assert record["codes"] == ["33958"] and record["fluoroscopy"] is True
    assert record["evidence"]
    for item in record["evidence"]:
        assert text[item["start"]:item["end"]] == item["text"]


def test_binary_garbage_text(nlp, tmp_path):
    garbage = random.Random(7).randbytes(20_000).decode("utf-8", errors="replace")
    source = jsonl(tmp_path, {"id": "garbage", "text": garbage}, {"id": "ok", "text": POSITIVE})
    garbage_record, ok = records(nlp, source)
    check_record(garbage_record)
    assert garbage_record["error"] is None and garbage_record["codes"] == []
    assert ok["codes"] == ["33958"]


def test_lone_surrogates_from_the_python_api_do_not_stop_the_run(nlp, tmp_path):
    text = "54 yo M on VV ECMO. Drainage \ud800cannula advanced 2 cm percutaneously.\udfff"
    notes = [note_from_record({"id": "sur\udc80", "text": text}, 1), note_from_record({"id": "ok", "text": POSITIVE}, 2)]
    out = list(process_notes(nlp, notes))
    for record in out:
        check_record(record)
    assert out[0]["codes"] == ["33958"] and out[1]["codes"] == ["33958"]
    for item in out[0]["evidence"]:
        assert text[item["start"]:item["end"]] == item["text"]
    with Writer(tmp_path / "out.jsonl") as writer:
        for record in out:
            writer.write(record)
    with Writer(tmp_path / "out.csv") as writer:
        writer.write(out[0])
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert written[0]["id"] == "sur\ufffd" and len(written) == 2
    assert "sur\ufffd" in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_duplicate_ids_are_kept_and_reported(tmp_path):
    source = jsonl(tmp_path, {"id": "x", "text": POSITIVE}, {"id": "y", "text": "Nasal cannula 2L."},
                   {"id": "x", "text": "VV ECMO day 2, no changes."}, {"id": "x", "text": POSITIVE}, {"id": "z", "text": POSITIVE})
    out = tmp_path / "out.jsonl"
    done = subprocess.run([*CLI, "extract", str(source), "-o", str(out)], capture_output=True, timeout=300)
    assert done.returncode == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["x", "y", "x", "x", "z"]
    assert "2 duplicate ids (first: x)" in done.stderr.decode()
    quiet = subprocess.run([*CLI, "extract", str(source), "-o", str(out), "-q"], capture_output=True, timeout=300)
    assert quiet.stderr.decode().strip() == "ecmo-cpt: warning: 2 duplicate ids (first: x)"


def test_every_kind_in_one_file_through_the_cli(tmp_path):
    lines = [{"id": "ok", "text": POSITIVE}, {"id": "nt"}, {"id": "e", "text": ""}, {"id": "n", "text": 5},
             "{bad", "[1]", b'{"id": "u", "text": "\xff"}', {"id": "d", "text": POSITIVE, "meta": {"dob": "not-a-date"}},
             {"id": "ok", "text": "Nasal cannula."}, {"text": POSITIVE}]
    source = jsonl(tmp_path, *lines)
    out = tmp_path / "out.jsonl"
    done = subprocess.run([*CLI, "extract", str(source), "-o", str(out)], capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr
    got = [json.loads(line) for line in out.read_text().splitlines()]
    for record in got:
        check_record(record)
    assert [r["id"] for r in got] == ["ok", "nt", "e", "n", "line:5", "line:6", "u", "d", "ok", "line:10"]
    assert [r["error"] is None for r in got] == [True, False, False, False, False, False, False, False, True, True]
    summary = done.stderr.decode()
    assert "10 processed, 2 suggested, 0 needs review, 7 errors, 1 duplicate id (first: ok)" in summary


# --- pipeline failures ------------------------------------------------------------------------

def exploding_nlp(nlp) -> TrippingNlp:
    """The loaded pipeline, but it raises on any note containing BOOM (as a bug would)."""

    def explode():
        raise RuntimeError("exploded on purpose")

    return TrippingNlp(nlp, "BOOM", explode)


def test_pipeline_exception_hits_only_the_offending_note(nlp, dev_records):
    texts = [r["text"] for r in dev_records[:10]]
    texts.insert(4, "VV ECMO. BOOM. Cannula advanced 2 cm.")
    notes = [Note(f"n{i}", text) for i, text in enumerate(texts)]
    clean = list(process_notes(nlp, [n for n in notes if "BOOM" not in n.text], batch_size=4))
    got = list(process_notes(exploding_nlp(nlp), notes, batch_size=4))
    assert len(got) == len(notes) and [r["id"] for r in got] == [n.id for n in notes]
    assert got[4]["error"] == "internal error: RuntimeError: exploded on purpose"
    check_record(got[4])
    assert got[:4] + got[5:] == clean


def test_pipeline_exception_with_workers(nlp):
    notes = [Note("a", POSITIVE), Note("b", "VV ECMO BOOM cannula"), Note("c", POSITIVE)]
    got = list(run(notes, workers=2, batch_size=2, nlp=exploding_nlp(nlp)))
    assert [r["error"] for r in got] == [None, "internal error: RuntimeError: exploded on purpose", None]
    assert got[0]["codes"] == got[2]["codes"] == ["33958"]


# --- property-based ---------------------------------------------------------------------------

FRAGMENTS = ["VV ECMO", "VA ECMO", "ECLS", "drainage cannula", "return cannula", "advanced 2 cm", "pulled back 1 cm",
             "repositioned", "percutaneously", "open cutdown", "sternotomy", "under fluoroscopy", "54 yo M", "3 yo F",
             "DOB: 01/02/2020", "DOS: 2025-10-20", "no repositioning", "\n", ".", ";", "[ ]", "[x]", "18-month-old",
             "nasal cannula", "Impella", "was", "the", "\x00", "\ud800", "\u202e", "𝔈𝔠𝔪𝔬", "200 yo", "-1 year old"]
SENTENCES = [POSITIVE, "The RIJ cannula was pulled back 1 cm at the bedside and re-sutured.",
             "Return cannula repositioned via open cutdown under fluoroscopy.", "Age: 3", "DOB: 2020-01-02",
             "Date of service: 2025-10-20", "Nasal cannula 2L.", "Plan to reposition the cannula tomorrow.",
             "ECMO cannula removed.", "Patient repositioned q2h.", "Central cannula advanced via sternotomy. 67F."]
any_char = st.characters(exclude_categories=())  # surrogates included
noise = st.text(any_char, max_size=6)
texts = st.one_of(
    st.text(any_char, max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), noise), min_size=1, max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(SENTENCES), st.sampled_from(FRAGMENTS), noise), min_size=1, max_size=12).map(" ".join),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(any_char, max_size=20),
                    st.dates().map(str), st.dates(), st.datetimes(), st.sampled_from(["2025-10-20", "54", "-3", "1e400", "NaN", ""]))
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=3), scalars, max_size=2))
plausible_meta = st.fixed_dictionaries({}, optional={
    "service_date": st.dates(date(2020, 1, 1), date(2026, 12, 31)).map(str), "dob": st.dates(date(1905, 1, 1), date(2020, 1, 1)).map(str),
                                                     "age_years": st.one_of(st.integers(0, 125), st.integers(0, 125).map(str))})
metas = st.one_of(plausible_meta, plausible_meta, plausible_meta, st.just({}),
                  st.dictionaries(st.one_of(st.sampled_from(META_FIELDS), st.text(max_size=5)), values, max_size=4), values)
ids = st.one_of(st.none(), st.text(any_char, max_size=12), st.integers(), st.floats(), st.just(""))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ids, st.one_of(texts, values), metas), min_size=1, max_size=6), st.integers(1, 4))
def test_arbitrary_text_and_metadata_never_crash(nlp, items, batch_size):
    raw = [{"id": i, "text": t, "meta": m} for i, t, m in items]
    notes = [note_from_record(record, position) for position, record in enumerate(raw, start=1)]
    out = list(process_notes(nlp, notes, batch_size=batch_size))
    assert len(out) == len(raw)
    for record, note, given_record in zip(out, notes, raw):
        check_record(record)
        assert record["id"] == note.id
        if record["error"] is None:
            for item in record["evidence"]:
                assert given_record["text"][item["start"]:item["end"]] == item["text"]


def json_line(record) -> bytes:
    return orjson.dumps(record)


good_records = st.fixed_dictionaries({"id": st.one_of(st.text(max_size=8), st.integers(0, 10**6))},
                                     optional={"text": st.one_of(texts.map(lambda t: t.encode("utf-8", "replace").decode()), st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.floats())),
                                               "meta": st.dictionaries(st.sampled_from(META_FIELDS), st.one_of(st.none(), st.integers(-5, 300), st.sampled_from(["2025-10-20", "2026-02-30", "1990-01-01", "x"])))})
lines = st.one_of(
    good_records.map(json_line),
    st.lists(st.integers(-1000, 1000), max_size=3).map(json_line),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" ")),
    good_records.map(lambda r: json_line(r)[:-3]),  # torn
    good_records.map(lambda r: json_line(r).replace(b"\"", b"\xff", 1)),  # not UTF-8
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, min_size=1, max_size=12))
def test_arbitrary_jsonl_bytes_give_one_record_per_line(nlp, generated):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        data = b"".join(line + b"\n" for line in generated)
        source.write_bytes(data)
        try:
            out = list(run(read_notes(source), nlp=nlp, batch_size=5))
        except io_module.InputError:  # the whole input: gzip magic, or UTF-16/32 (tests/test_hostile_input.py)
            assert data.startswith((b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff", b"\x00")) or data[1:4:2] == b"\x00\x00"
            return
    expected = [line for line in generated if (line[3:] if line.startswith(b"\xef\xbb\xbf") else line).strip()]
    assert len(out) == len(expected)  # blank lines (a byte order mark alone too) are not records; every other line is one
    for record in out:
        check_record(record)


def test_seen_ids_finds_every_repeat_across_table_growth():
    from extractor.io import SeenIds

    seen = SeenIds(capacity=8)
    ids = [f"note-{i}" for i in range(5000)] + ["", "line:7", "ünïcode", "\ud800"]
    assert not any(seen.add(i) for i in ids)          # first sightings, through many doublings
    assert all(seen.add(i) for i in ids[::97])        # every repeat is found
    assert len(seen) == len(ids)
    assert seen._table.nbytes <= 16 * 8192           # ~16 bytes per id, not a set of strings
