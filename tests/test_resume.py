"""Long runs survive interruption: the output is written to OUTPUT.part in complete lines and
`extract --resume` continues it after SIGKILL or SIGTERM, giving the same bytes as a clean run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.io import part_path

from .conftest import DEV_CORPUS

CLI = [sys.executable, "-m", "extractor.cli"]
NOTES = 2500


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The dev notes repeated with new ids, plus ids that repeat or are missing and bad lines:
    resuming goes by input position, not by id."""
    dev = [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()]
    path = tmp_path_factory.mktemp("resume") / "notes.jsonl"
    with open(path, "w") as out:
        for i in range(NOTES):
            record = {"id": f"n{i}", "text": dev[i % len(dev)]["text"], "meta": dev[i % len(dev)].get("meta")}
            if i % 97 == 5:
                record["id"] = "dup"
            if i % 89 == 7:
                del record["id"]
            out.write(json.dumps(record) + "\n")
            if i % 211 == 3:
                out.write('{"id": "broken", "text": \n')
    return path


@pytest.fixture(scope="module")
def clean_output(corpus, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("clean") / "out.jsonl"
    done = subprocess.run([*CLI, "extract", str(corpus), "-o", str(out), "-q"], capture_output=True, timeout=600)
    assert done.returncode == 1, done.stderr  # the broken lines are errors
    return out.read_bytes()


def lines_in(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def start_and_stop(corpus: Path, out: Path, sig: int, after_lines: int = 400, *extra: str) -> subprocess.Popen:
    process = subprocess.Popen([*CLI, "extract", str(corpus), "-o", str(out), "-q", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    part = part_path(out)
    deadline = time.monotonic() + 300
    while lines_in(part) < after_lines:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(sig)
    process.wait(timeout=120)
    return process


def resume(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "extract", str(corpus), "-o", str(out), "--resume", *extra],
                          capture_output=True, timeout=600)


def test_sigkill_then_resume_equals_a_clean_run(corpus, clean_output, tmp_path):
    out = tmp_path / "out.jsonl"
    process = start_and_stop(corpus, out, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()
    part = part_path(out)
    written = lines_in(part)
    assert 0 < written < clean_output.count(b"\n")
    # A write torn by the kill: half a record with no line break.
    with open(part, "ab") as handle:
        handle.write(b'{"id":"n999","codes":["339')
    done = resume(corpus, out)
    assert done.returncode == 1, done.stderr  # the broken lines are errors, as in the clean run
    assert out.read_bytes() == clean_output
    assert not part.exists()
    assert f"already in {part.name}" in done.stderr.decode()
    assert "duplicate ids (first: dup)" in done.stderr.decode()


def test_sigterm_keeps_complete_lines_then_resume_with_workers(corpus, clean_output, tmp_path):
    out = tmp_path / "out.jsonl"
    process = start_and_stop(corpus, out, signal.SIGTERM, 300, "--workers", "2")
    assert process.returncode == 128 + signal.SIGTERM
    stderr = process.stderr.read().decode()
    assert "stopped by SIGTERM" in stderr and "--resume" in stderr
    part = part_path(out)
    content = part.read_bytes()
    assert content.endswith(b"\n") and 0 < content.count(b"\n") < clean_output.count(b"\n")
    assert clean_output.startswith(content)
    done = resume(corpus, out, "--workers", "2")
    assert done.returncode == 1, done.stderr
    assert out.read_bytes() == clean_output


def test_resume_of_a_complete_output_does_nothing(corpus, clean_output, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    out.write_bytes(clean_output)
    before = out.stat().st_mtime_ns
    assert main(["extract", str(corpus), "-o", str(out), "--resume"]) == 0
    assert "already complete" in capsys.readouterr().err
    assert out.stat().st_mtime_ns == before and not part_path(out).exists()


def test_resume_without_a_part_file_runs_from_the_start(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "VV ECMO. Cannula advanced 2 cm percutaneously. 54 yo."}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--resume", "-q"]) == 0
    assert json.loads(out.read_text())["codes"] == ["33958"]


def test_without_resume_an_old_part_file_is_replaced(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Nasal cannula."}) + "\n")
    out = tmp_path / "out.jsonl"
    part_path(out).write_text('{"id": "stale"}\n' * 5)
    assert main(["extract", str(source), "-o", str(out), "-q"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a"]
    assert not part_path(out).exists()


def interrupt_after(monkeypatch, count: int) -> None:
    """Make the next run stop with Ctrl-C after `count` records."""
    import extractor.runner as runner

    real = runner.process_notes

    def interrupted(nlp, notes, batch_size=64, prefilter=True):
        for done, record in enumerate(real(nlp, notes, batch_size, prefilter)):
            if done == count:
                monkeypatch.setattr(runner, "process_notes", real)
                raise KeyboardInterrupt
            yield record

    monkeypatch.setattr(runner, "process_notes", interrupted)


def test_a_part_file_from_another_input_is_refused(tmp_path, monkeypatch, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": "Nasal cannula."}) + "\n" for i in ("a", "b", "c")))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "-q"]) == 0
    lines = out.read_text().splitlines()
    out.unlink()
    interrupt_after(monkeypatch, 2)
    assert main(["extract", str(source), "-o", str(out), "-q", "--batch-size", "1"]) == 130
    assert part_path(out).read_text() == lines[0] + "\n" + lines[1] + "\n"
    other = tmp_path / "other.jsonl"
    other.write_text("".join(json.dumps({"id": i, "text": "Nasal cannula."}) + "\n" for i in ("a", "x", "c")))
    capsys.readouterr()
    assert main(["extract", str(other), "-o", str(out), "--resume", "-q"]) == 2
    assert "does not match" in capsys.readouterr().err
    assert part_path(out).read_text() == lines[0] + "\n" + lines[1] + "\n" and not out.exists()
    # The matching input continues it.
    assert main(["extract", str(source), "-o", str(out), "--resume", "-q"]) == 0
    assert out.read_text().splitlines() == lines


@pytest.mark.parametrize("output", [None, "-", "out.csv"])
def test_resume_needs_a_jsonl_output_file(tmp_path, output, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Nasal cannula."}) + "\n")
    args = ["extract", str(source), "--resume"] + ([] if output is None else ["-o", str(tmp_path / output) if output != "-" else "-"])
    assert main(args) == 2
    assert "--resume" in capsys.readouterr().err


def test_two_runs_cannot_write_the_same_part_file(tmp_path, capsys):
    fcntl = pytest.importorskip("fcntl")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Nasal cannula."}) + "\n")
    out = tmp_path / "out.jsonl"
    with open(part_path(out), "ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        held.write(b'{"id": "theirs"}\n')
        held.flush()
        assert main(["extract", str(source), "-o", str(out), "-q"]) == 2
        assert "being written by another run" in capsys.readouterr().err
    assert part_path(out).read_bytes() == b'{"id": "theirs"}\n' and not out.exists()


def test_interrupted_run_in_process_keeps_the_part(tmp_path, monkeypatch, capsys):
    """Ctrl-C (KeyboardInterrupt) mid-run: exit 130, complete lines kept, resume finishes."""
    import extractor.runner as runner

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": "Nasal cannula."}) + "\n" for i in range(10)))
    out = tmp_path / "out.jsonl"
    real = runner.process_notes

    def interrupted(nlp, notes, batch_size=64, prefilter=True):
        for count, record in enumerate(real(nlp, notes, batch_size, prefilter)):
            if count == 4:
                raise KeyboardInterrupt
            yield record

    monkeypatch.setattr(runner, "process_notes", interrupted)
    assert main(["extract", str(source), "-o", str(out), "-q", "--batch-size", "2"]) == 130
    assert "rerun with --resume" in capsys.readouterr().err
    assert lines_in(part_path(out)) == 4 and not out.exists()
    monkeypatch.setattr(runner, "process_notes", real)
    assert main(["extract", str(source), "-o", str(out), "-q", "--resume"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [f"n{i}" for i in range(10)]
