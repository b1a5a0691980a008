"""The CLI end to end on the shared dev corpus, the input formats and the output contract."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.evaluate import evaluate
from extractor.io import FIELDS

from .conftest import DEV_CORPUS

CLI = [sys.executable, "-m", "extractor.cli"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "notes.jsonl"


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "pred.jsonl"
    done = run_cli("extract", str(DEV_CORPUS), "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    return out


def test_dev_corpus_through_the_cli_meets_the_accuracy_floor(dev_predictions, dev_records):
    predictions = [json.loads(line) for line in dev_predictions.read_text().splitlines()]
    assert [p["id"] for p in predictions] == [r["id"] for r in dev_records]
    result = evaluate(dev_records, predictions)
    assert result["exact_match"] >= 0.97, result["wrong"]
    assert result["codes"]["precision"] >= 0.99
    for code in ("33957", "33958"):
        assert result["per_code"][code]["precision"] >= 0.97


def test_output_records_follow_the_contract(dev_predictions):
    for line in dev_predictions.read_text().splitlines():
        record = json.loads(line)
        assert tuple(record) == FIELDS
        assert isinstance(record["codes"], list) and isinstance(record["reasons"], list)
        for item in record["evidence"]:
            assert set(item) == {"label", "text", "start", "end", "section"}
        if record["codes"]:
            assert record["reposition"] and record["age_years"] is not None and not record["needs_review"]


def test_evidence_offsets_point_into_the_note(dev_predictions, dev_records):
    texts = {r["id"]: r["text"] for r in dev_records}
    for line in dev_predictions.read_text().splitlines():
        record = json.loads(line)
        for item in record["evidence"]:
            assert texts[record["id"]][item["start"]:item["end"]] == item["text"]


def test_evaluate_command_prints_the_scores(dev_predictions):
    done = run_cli("evaluate", str(DEV_CORPUS), str(dev_predictions))
    assert done.returncode == 0
    out = done.stdout.decode()
    assert "code-set exact match" in out and "by category" in out and "positive_adult" in out


def test_a_reader_that_stops_early_is_no_crash(dev_predictions):
    """`ecmo-cpt evaluate gold.jsonl pred.jsonl | head -1`: the pipe closes, the run ends quietly."""
    process = subprocess.Popen([*CLI, "evaluate", str(DEV_CORPUS), str(dev_predictions)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line is written
    error = process.stderr.read()
    process.wait(timeout=300)
    assert b"Traceback" not in error, error.decode()
    assert process.returncode == 141


def test_stdin_to_stdout_and_quiet_stderr():
    note = {"id": "a", "text": "54 yo M on VV ECMO. Drainage cannula advanced 2 cm percutaneously under fluoroscopy."}
    done = run_cli("extract", "-", stdin=(json.dumps(note) + "\n").encode())
    assert done.returncode == 0
    record = json.loads(done.stdout)
    assert record["codes"] == ["33958"] and record["fluoroscopy"] is True
    # PyRuSH/loguru debug logs must not leak: only our one summary line on stderr.
    assert done.stderr.decode().count("\n") == 1 and "processed" in done.stderr.decode()


def test_csv_in_csv_out(tmp_path):
    source = tmp_path / "notes.csv"
    with open(source, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "service_date", "dob", "age_years"])
        writer.writerow(["n1", "VV ECMO. The RIJ cannula was pulled back 1 cm at the bedside and re-sutured.", "2026-01-10", "", "3"])
        writer.writerow(["n2", "Nasal cannula 2L. Patient repositioned q2h.", "", "", ""])
    out = tmp_path / "out.csv"
    assert main(["extract", str(source), "-o", str(out), "-q"]) == 0
    rows = list(csv.DictReader(open(out, newline="")))
    assert [r["id"] for r in rows] == ["n1", "n2"]
    assert json.loads(rows[0]["codes"]) == ["33957"] and rows[0]["age_source"] == "metadata"
    assert json.loads(rows[1]["codes"]) == []


def test_folder_of_text_files(tmp_path):
    (tmp_path / "b.txt").write_text("67F on VA ECMO. Venous cannula advanced 3 cm under fluoroscopy, percutaneous.")
    (tmp_path / "a.txt").write_text("ECMO day 3. Cannula position satisfactory on CXR; no repositioning required. 40 yo.")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["codes"]) for r in records] == [("a", []), ("b", ["33958"])]
    assert any("negated" in reason for reason in records[0]["reasons"])


def test_missing_input_is_a_usage_error(tmp_path):
    assert main(["extract", str(tmp_path / "nope.jsonl"), "-q"]) == 2


def test_workers_two_equals_workers_one(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(DEV_CORPUS), "-o", str(one), "-q", "--workers", "1"]) == 0
    assert main(["extract", str(DEV_CORPUS), "-o", str(two), "-q", "--workers", "2", "--batch-size", "8"]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_show_prints_results_readably(dev_predictions, capsys):
    assert main(["show", str(dev_predictions)]) == 0
    out = capsys.readouterr().out
    assert "D008: suggest 33958" in out and "NEEDS REVIEW" in out


def _run_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with standard error on a pseudo-terminal (120 columns), as a user at a shell."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen([*CLI, *args], stderr=slave, stdout=subprocess.DEVNULL)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return process.wait(timeout=300), seen.decode("utf-8", errors="replace")


def test_extract_shows_progress_with_rate_and_eta_on_a_terminal(tmp_path):
    code, stderr = _run_on_a_terminal("extract", str(DEV_CORPUS), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    assert "88/88" in stderr and "notes/s" in stderr and "<" in stderr  # done/total, rate, ETA
    assert "88 processed" in stderr


def test_extract_is_silent_but_for_the_summary_when_piped(tmp_path):
    done = run_cli("extract", str(DEV_CORPUS), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecmo-cpt: 88 processed")
    quiet = run_cli("extract", str(DEV_CORPUS), "-o", str(tmp_path / "out2.jsonl"), "-q")
    assert quiet.stderr == b""


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_is_accepted_before_or_after_the_subcommand_and_shows_library_logs(where, tmp_path, capfd):
    from loguru import logger

    args = ["extract", str(EXAMPLES), "-o", str(tmp_path / "out.jsonl"), "-q"]
    try:
        assert main(["--verbose", *args] if where == "before" else [*args, "--verbose"]) == 0
        logger.debug("a library's debug line")
        assert "a library's debug line" in capfd.readouterr().err
        assert main(args) == 0
        logger.debug("a hidden line")
        assert "a hidden line" not in capfd.readouterr().err
    finally:
        logger.remove()
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 7


def test_summary_line_gives_the_whole_time_split_into_model_load_and_notes(tmp_path):
    done = run_cli("extract", str(EXAMPLES), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0
    line = done.stderr.decode().strip()
    found = re.fullmatch(r"ecmo-cpt: 7 processed, 3 suggested, 1 needs review, 0 errors "
                         r"\((\d+\.\d) s: model load (\d+\.\d) s, notes (\d+\.\d) s\)", line)
    assert found, line
    total, load, notes = map(float, found.groups())
    assert abs(total - (load + notes)) <= 0.11  # each part rounded to 0.1 s


def test_evidence_offsets_are_code_points_into_the_text_as_given(tmp_path):
    """CRLF kept, an astral character counted once: text[start:end] is the evidence (README's contract)."""
    text = "54 yo M on VV ECMO \U0001fac1.\r\nDrainage cannula advanced 2 cm percutaneously.\r\nFluoroscopy used.\r\n"
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_bytes(text.encode())
    (tmp_path / "notes.jsonl").write_text(json.dumps({"id": "a", "text": text}) + "\n")
    for source in (folder, tmp_path / "notes.jsonl"):
        done = run_cli("extract", str(source), "-q")
        assert done.returncode == 0, done.stderr.decode()
        record = json.loads(done.stdout)
        assert record["codes"] == ["33958"] and record["fluoroscopy"] is True
        assert {e["label"] for e in record["evidence"]} >= {"device", "reposition", "approach", "fluoroscopy"}
        for item in record["evidence"]:
            assert text[item["start"]:item["end"]] == item["text"], item
