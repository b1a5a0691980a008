"""`extract` on JSONL with workers: the parent cuts raw lines into pieces, the workers parse,
run and serialise them (extractor/chunked.py). The pieces must give the notes a serial read
gives, line numbers included, and the output must be byte-identical to one worker's."""
from __future__ import annotations

import gzip
import io
import os
import random
from pathlib import Path

import pytest

import extractor.io as eio
from extractor import chunked
from extractor.cli import default_workers, main
from extractor.io import MAX_NOTE_CHARS, read_jsonl
from extractor.runner import WorkerDied

from .conftest import DEV_CORPUS
from .test_hostile_input import POSITIVE, dying_nlp

DATA = Path(__file__).parent / "data"

FRAGMENTS = [b'{"id": "a%d", "text": "x y"}', b'{"text": "no id"}', b"", b"   ", b"{bad",
             b'\xef\xbb\xbf{"id": 3, "text": "bom"}', b'{"id": "z", "text": "' + b"q" * 50 + b'"}',
             b"\x01\xff junk", b'{"id": "t", "text": "ECMO cannula"}']


def _key(note):
    return (note.id, note.text, repr(note.meta), note.error, note.truncated_from)


def test_pieces_give_the_notes_of_a_serial_read(tmp_path, monkeypatch):
    """LF, CRLF and lone CR line ends, blank and over-long lines, byte order marks, gzip, a
    last line without an end, and --resume's check reading the first notes in the parent:
    cut anywhere, the pieces hold the notes (and line numbers) of one serial read."""
    rng = random.Random(17)
    for trial in range(400):
        monkeypatch.setattr(chunked, "_CHUNK", rng.randint(1, 40))
        limit = rng.choice([30, 45, 10 ** 9])
        monkeypatch.setattr(eio, "MAX_TEXT_CHARS", limit)
        monkeypatch.setattr(chunked, "MAX_TEXT_CHARS", limit)
        lines = []
        for number in range(rng.randint(1, 40)):
            fragment = rng.choice(FRAGMENTS)
            lines.append((fragment % number if b"%d" in fragment else fragment) + rng.choice([b"\n", b"\r\n", b"\r"]))
        data = b"".join(lines)
        if rng.random() < 0.3:
            data = data.rstrip(b"\r\n")
        want = [_key(note) for note in read_jsonl(io.BytesIO(data))]
        path = tmp_path / f"in{trial}.jsonl"
        path.write_bytes(gzip.compress(data) if rng.random() < 0.3 else data)
        with chunked.JsonlSource(path) as source:
            source.piece_bytes = rng.randint(1, 30)
            got = []
            first = source.notes()
            for _ in range(rng.randint(0, 5)):
                note = next(first, None)
                if note is None:
                    break
                got.append(_key(note))
            for piece in source.pieces():
                got += [_key(note) for note in chunked._notes_of(piece.shipped(), MAX_NOTE_CHARS)]
        assert got == want, data


@pytest.fixture
def tiny_pieces(monkeypatch):
    """Every input goes to the pool, in pieces of a few notes."""
    monkeypatch.setattr(chunked, "SMALL_INPUT", 0)
    monkeypatch.setattr(chunked, "PIECE_BYTES", 3000)
    monkeypatch.setattr(chunked, "MIN_PIECE_BYTES", 3000)
    monkeypatch.setattr(chunked, "MAX_PIECE_BYTES", 3000)


@pytest.mark.parametrize("name", ["dev.jsonl", "styles.jsonl", "mixed.jsonl.gz"])
def test_pool_output_is_byte_identical_to_one_worker(name, tiny_pieces, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(DATA / name), "-o", str(one), "-q", "--workers", "1"]) == 0
    assert main(["extract", str(DATA / name), "-o", str(two), "-q", "--workers", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_pool_keeps_errors_duplicates_and_csv_output(tiny_pieces, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    dev = DEV_CORPUS.read_bytes().splitlines()
    source.write_bytes(b"\n".join(dev[:30] + [b"{broken", dev[3]] + dev[30:60]) + b"\n")
    outputs = {}
    for workers in ("1", "2"):
        for suffix in ("jsonl", "csv"):
            out = tmp_path / f"out{workers}.{suffix}"
            assert main(["extract", str(source), "-o", str(out), "--workers", workers]) == 1  # the broken line
            outputs[workers, suffix] = out.read_bytes()
            err = capsys.readouterr().err
            assert "1 errors" in err and "1 duplicate id (first: " in err, err
    assert outputs["1", "jsonl"] == outputs["2", "jsonl"] and outputs["1", "csv"] == outputs["2", "csv"]


def test_small_inputs_stay_off_the_pool(nlp, tmp_path, monkeypatch):
    """An input of at most SMALL_INPUT bytes is done in this process: no pool is made."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(DEV_CORPUS.read_bytes())

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was made")
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor.__init__", no_pool)
    with chunked.JsonlSource(path) as source:
        done = list(chunked.run_pieces(source, nlp, workers=4))
    assert sum(piece.count for piece in done) == 88


def test_a_dead_worker_stops_the_pieces_with_a_message(nlp, tiny_pieces, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join('{"id": "n%d", "text": "%s"}\n' % (i, POSITIVE + (" DIE" if i == 60 else ""))
                            for i in range(80)))
    got = 0
    with chunked.JsonlSource(path) as source, \
            pytest.raises(WorkerDied, match=r"killed by SIGKILL \(the system may have run out of memory\)"):
        for done in chunked.run_pieces(source, dying_nlp(nlp), workers=2):
            got += done.count
    assert got < 80


def test_workers_default_to_the_cores_this_process_may_use():
    assert default_workers() == len(os.sched_getaffinity(0))


def test_a_file_that_changes_under_the_workers_is_refused(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\n' * 10)
    with chunked.JsonlSource(path) as source:
        piece = next(source.pieces()).shipped()
    path.write_bytes(b"")
    with pytest.raises(eio.InputError, match="changed while it was read"):
        piece.raw()
