"""Bulk JSONL extraction where the workers do the per-note work.

`ecmo-cpt extract` on a JSONL input (a file, gzipped or not, or standard input) does not parse
notes in the main process. The parent only reads raw bytes, cuts them at line ends into pieces
of about PIECE_BYTES, hands the pieces to worker processes and writes the finished pieces back in
input order. A worker splits its piece into lines, parses them (orjson), runs the prefilter and
the pipeline, and returns the output lines already serialised, with what the parent still needs:
the number of records, their counts (codes, needs review, errors), 8-byte digests of their ids
(the duplicate-id report) and, for --resume's checkpoint, the digests of their notes. Per byte
the parent does a few memchr-speed scans (line ends), a pickle of the piece and a write.

A piece always ends at a line end whose kind is known (LF, CRLF or a lone CR followed by
another byte), so a piece's line count, and with it the line number of the next piece's first
line, is count(LF) + count(CR) - count(CRLF): the numbers in `line:N` ids and error messages are
those of a serial read. With one worker, or an input of at most SMALL_INPUT bytes, the same
pieces are done in the main process (no pool start-up).

Other inputs (CSV, folders of .txt files, Parquet) go through `runner.run`: the parent reads the
notes, and with workers ships the ones the prefilter cannot answer.
"""
from __future__ import annotations

import gzip
import sys
import zlib
from collections import deque
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, Iterator, Optional, Union

from .io import (_CHUNK, _GZIP_MAGIC, MAX_NOTE_CHARS, MAX_TEXT_CHARS, InputError, Note, SeenIds, _refuse_wide_text,
                 _sniff, dumps, jsonl_note, note_digest)

# About 110 mixed-feed notes or 0.15 s of dense-note work per piece: small enough that the last
# pieces of a run keep both workers busy, large enough that a piece's overhead is negligible.
PIECE_BYTES = 128 << 10
# Inputs up to this size are done in the main process: a pool's start-up would cost more.
SMALL_INPUT = 1 << 20


@dataclass
class Piece:
    """Raw JSONL lines for one job: `data` ends at a line end (but the input's last line);
    its first line is line `position` of the input; its first `skip` lines are done already."""
    data: bytes
    position: int
    skip: int = 0


@dataclass
class Done:
    """A finished piece: `lines` (JSONL output) or `records` (for CSV and Parquet output)."""
    count: int
    lines: bytes
    records: Optional[list]
    suggested: int
    needs_review: int
    errors: int
    id_digests: bytes  # SeenIds.digest of each record's id, joined
    ids: list  # the records' ids (to name a duplicate)
    note_digests: bytes  # io.note_digest of each note, joined (empty unless asked for)


def _line_count(piece: bytes) -> int:
    """Lines of a piece that ends at a known line end (what bytes.splitlines gives)."""
    return piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")


def _last_end(data: bytes) -> int:
    """Where the last line end of `data` whose kind is known ends (0: none). A CR at the very
    end is not known: an LF may follow in the next read."""
    return max(data.rfind(b"\n") + 1, data.rfind(b"\r", 0, len(data) - 1) + 1)


class JsonlSource:
    """The raw lines of a JSONL input (a path, gzipped or not, or '-' for standard input), as
    Pieces; `notes()` reads notes in this process instead (for --resume's check of the first
    notes) and the pieces then start after the last note it gave."""

    def __init__(self, source: Union[str, Path], max_chars: Optional[int] = MAX_NOTE_CHARS) -> None:
        self.max_chars = max_chars
        self._file: Optional[IO[bytes]] = None
        if str(source) == "-":
            if sys.stdin is None or sys.stdin.closed:
                raise InputError("standard input is closed")
            self.name = "standard input"
            stream: IO[bytes] = sys.stdin.buffer
        else:
            self.name = str(source)
            stream = self._file = open(source, "rb")
        head = _sniff(stream)
        self._gzip = head.startswith(_GZIP_MAGIC)
        self.problem: Optional[str] = None  # a damaged gzip stream: said by `check` once its records are out
        if self._gzip:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
            try:
                head = _sniff(stream)
            except (EOFError, gzip.BadGzipFile, zlib.error) as problem:
                self.problem, head = str(problem), b""
        _refuse_wide_text(head, self.name)
        self._stream = stream
        self._pieces = self._read()
        self._held: Optional[Piece] = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> "JsonlSource":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _read_block(self, size: int) -> bytes:
        if self.problem is not None:
            return b""
        try:
            return self._stream.read(size)
        except (EOFError, gzip.BadGzipFile, zlib.error) as problem:
            if not self._gzip:
                raise
            self.problem = str(problem)
            return b""

    def _read(self) -> Iterator[Piece]:
        position = 1
        rest = b""
        while True:
            # A line longer than a read is read in doubling sizes: its copies stay linear.
            block = self._read_block(max(_CHUNK, len(rest)))
            if not block:
                if self.problem is not None:  # a damaged stream: its last line may be cut short
                    rest = rest[:max(rest.rfind(b"\n"), rest.rfind(b"\r")) + 1]
                if rest:
                    yield Piece(rest, position)
                return
            data = rest + block if rest else block
            cut = _last_end(data)
            if cut == 0:
                rest = data
                if len(rest) > MAX_TEXT_CHARS + _CHUNK:  # an over-long line: its start is enough
                    yield Piece(rest[:MAX_TEXT_CHARS + 1], position)
                    position += 1
                    rest = self._skip_line()
                continue
            start = 0
            while start < cut:  # pieces of about PIECE_BYTES, cut at LFs (CR-only files: one piece a read)
                end = data.find(b"\n", start + PIECE_BYTES, cut) + 1 or cut
                if cut - end < PIECE_BYTES // 4:
                    end = cut
                piece = data[start:end]
                yield Piece(piece, position)
                position += _line_count(piece)
                start = end
            rest = data[cut:]

    def _skip_line(self) -> bytes:
        """Read past the end of the current line (not held: it is over the limit); what follows it."""
        while True:
            block = self._read_block(_CHUNK)
            if not block:
                return b""
            ends = [found for found in (block.find(b"\n"), block.find(b"\r")) if found >= 0]
            if not ends:
                continue
            end = min(ends)
            if block[end:end + 1] == b"\r":
                if end + 1 == len(block):
                    block += self._read_block(1)
                if block[end + 1:end + 2] == b"\n":
                    end += 1
            return block[end + 1:]

    def pieces(self) -> Iterator[Piece]:
        if self._held is not None:
            held, self._held = self._held, None
            yield held
        yield from self._pieces

    def notes(self) -> Iterator[Note]:
        """The input's notes, read here; `pieces()` goes on after the last one given."""
        for piece in self.pieces():
            lines = piece.data.splitlines()
            for index in range(piece.skip, len(lines)):
                note = jsonl_note(lines[index], piece.position + index, self.max_chars)
                if note is None:
                    continue
                self._held = Piece(piece.data, piece.position, index + 1)
                yield note
            self._held = None

    def check(self, records: int) -> None:
        """Raise InputError if the gzip stream was damaged (after all its readable records)."""
        if self.problem is not None:
            raise InputError(f"{self.name} is not a readable gzip file (after {records:,} records: {self.problem})")


def _notes_of(piece: Piece, max_chars: Optional[int]) -> list[Note]:
    lines = piece.data.splitlines()
    notes = []
    for index in range(piece.skip, len(lines)):
        note = jsonl_note(lines[index], piece.position + index, max_chars)
        if note is not None:
            notes.append(note)
    return notes


def do_piece(nlp: Any, piece: Piece, max_chars: Optional[int], batch_size: int, as_lines: bool,
             digests: bool) -> Done:
    """All the work of one piece: parse, prefilter, pipeline, serialise."""
    from .runner import process_notes

    notes = _notes_of(piece, max_chars)
    out: list = []
    ids = []
    suggested = needs_review = errors = 0
    for record in process_notes(nlp, notes, batch_size=batch_size):
        out.append(dumps(record) if as_lines else record)
        ids.append(record["id"])
        suggested += bool(record["codes"])
        needs_review += bool(record["needs_review"])
        errors += record["error"] is not None
    return Done(len(ids), b"".join(out) if as_lines else b"", None if as_lines else out, suggested, needs_review,
                errors, b"".join(SeenIds.digest(i) for i in ids), ids,
                b"".join(note_digest(n) for n in notes) if digests else b"")


def _work(job: tuple) -> Done:
    from . import runner

    assert runner._WORKER_NLP is not None
    return do_piece(runner._WORKER_NLP, *job)


def run_pieces(pieces: Iterator[Piece], nlp: Any, workers: int = 1, batch_size: int = 64,
               max_chars: Optional[int] = MAX_NOTE_CHARS, as_lines: bool = True,
               digests: bool = False) -> Iterator[Done]:
    """The finished pieces in input order, done by `workers` processes (in this one with one
    worker or when the input is at most SMALL_INPUT bytes). Raises runner.WorkerDied when a
    worker process dies."""
    from . import runner

    settings = (max_chars, batch_size, as_lines, digests)
    if workers > 1:
        ahead: list[Piece] = []
        size = 0
        for piece in pieces:
            ahead.append(piece)
            size += len(piece.data)
            if size > SMALL_INPUT:
                break
        else:
            workers = 1
        pieces = chain(ahead, pieces)
    if workers <= 1:
        for piece in pieces:
            yield do_piece(nlp, piece, *settings)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    runner._WORKER_NLP = nlp if forking else None  # forked workers share the loaded pipeline
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=runner._init_worker)
    processes: dict = {}
    finished = False
    try:
        pending: deque = deque()
        while True:
            # A few pieces per worker keep them busy; memory stays flat.
            while len(pending) < workers * 4:
                piece = next(pieces, None)
                if piece is None:
                    break
                pending.append(executor.submit(_work, (piece, *settings)))
                processes.update(getattr(executor, "_processes", None) or {})  # to name a dead one
            if not pending:
                finished = True
                return
            job = pending.popleft()
            try:
                done = job.result()
            except BrokenProcessPool:
                raise runner.WorkerDied(runner._death(processes)) from None
            yield done
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            runner._stop_workers(executor, processes)
        runner._WORKER_NLP = None
