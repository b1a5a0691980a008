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
import os
import sys
import zlib
from collections import deque
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, Iterator, Optional, Union

from .io import (_CHUNK, _GZIP_MAGIC, MAX_NOTE_CHARS, MAX_TEXT_CHARS, InputError, Note, SeenIds, _refuse_wide_text,
                 _sniff, dumps, jsonl_note, note_digest)

# Pieces start at PIECE_BYTES; with workers, their size then follows the workers' speed so that
# a piece is about PIECE_SECONDS of work: small enough that the last pieces of a run keep every
# worker busy (ECMO-dense notes: ~50 kB), large enough that the parent's cost per piece is
# negligible (a mixed feed: megabytes), within MIN_PIECE_BYTES..MAX_PIECE_BYTES.
PIECE_BYTES = 128 << 10
PIECE_SECONDS = 0.1
MIN_PIECE_BYTES = 16 << 10
MAX_PIECE_BYTES = 4 << 20
# Inputs up to this size are done in the main process: a pool's start-up would cost more.
SMALL_INPUT = 256 << 10


@dataclass
class Piece:
    """Raw JSONL lines for one job: `data` ends at a line end (but the input's last line);
    its first line is line `position` of the input; its first `skip` lines are done already.
    From a regular file, `path` and `offset` say where `data` is, and a worker reads it there
    itself (`shipped()` drops the bytes): they do not travel through a pipe."""
    data: bytes
    position: int
    skip: int = 0
    path: Optional[str] = None
    offset: int = 0
    size: int = 0

    def shipped(self) -> "Piece":
        return self if self.path is None else Piece(b"", self.position, self.skip, self.path, self.offset, len(self.data))

    def raw(self) -> bytes:
        if self.data or self.path is None or self.size == 0:
            return self.data
        import os
        descriptor = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(descriptor, self.size, self.offset)
            while len(data) < self.size:  # (pread may return less than asked)
                more = os.pread(descriptor, self.size - len(data), self.offset + len(data))
                if not more:
                    break
                data += more
        finally:
            os.close(descriptor)
        if len(data) != self.size:
            raise InputError(f"{self.path} changed while it was read")
        return data


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
    size: int = 0  # bytes of input
    seconds: float = 0.0  # the worker's time on it


def _line_count(piece: bytes) -> int:
    """Lines of a piece that ends at a known line end (what bytes.splitlines gives)."""
    lines = piece.count(b"\n")
    if b"\r" in piece:  # (a memchr: most files have no CR)
        lines += piece.count(b"\r") - piece.count(b"\r\n")
    return lines


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
        import stat
        # A regular file's pieces are read by the workers themselves (by byte range).
        self._path = (str(Path(source).resolve()) if self._file is not None and not self._gzip
                      and stat.S_ISREG(os.fstat(self._file.fileno()).st_mode) else None)
        self._pieces = self._read()
        self._held: Optional[Piece] = None
        self.piece_bytes = PIECE_BYTES  # (tuned by run_pieces)

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
        offset = 0  # of `rest` in the file
        while True:
            # A line longer than a read is read in doubling sizes: its copies stay linear.
            # (gzip: reads of _CHUNK, as a serial read does, so that a damaged stream gives the same records)
            block = self._read_block(max(_CHUNK, len(rest), 0 if self._gzip else self.piece_bytes))
            if not block:
                if self.problem is not None:  # a damaged stream: its last line may be cut short
                    rest = rest[:max(rest.rfind(b"\n"), rest.rfind(b"\r")) + 1]
                if rest:
                    yield Piece(rest, position, 0, self._path, offset)
                return
            data = rest + block if rest else block
            cut = _last_end(data)
            if cut == 0:
                rest = data
                if len(rest) > MAX_TEXT_CHARS + _CHUNK:  # an over-long line: its start is enough
                    yield Piece(rest[:MAX_TEXT_CHARS + 1], position)
                    position += 1
                    offset += len(rest)
                    if rest.endswith(b"\r"):  # it ends there; an LF may follow
                        rest = self._read_block(_CHUNK)
                        if rest[:1] == b"\n":
                            rest, offset = rest[1:], offset + 1
                    else:
                        rest, skipped = self._skip_line()
                        offset += skipped
                continue
            start = 0
            while start < cut:  # pieces of about piece_bytes, cut at LFs (CR-only files: one piece a read)
                end = data.find(b"\n", start + self.piece_bytes, cut) + 1 or cut
                if cut - end < self.piece_bytes // 4:
                    end = cut
                piece = data[start:end]
                yield Piece(piece, position, 0, self._path, offset + start)
                position += _line_count(piece)
                start = end
            offset += cut
            rest = data[cut:]

    def _skip_line(self) -> tuple[bytes, int]:
        """Read past the end of the current line (not held: it is over the limit): what
        follows it in the last read, and how many bytes were read before that."""
        skipped = 0
        while True:
            block = self._read_block(_CHUNK)
            if not block:
                return b"", skipped
            ends = [found for found in (block.find(b"\n"), block.find(b"\r")) if found >= 0]
            if not ends:
                skipped += len(block)
                continue
            end = min(ends)
            if block[end:end + 1] == b"\r":
                if end + 1 == len(block):
                    block += self._read_block(1)
                if block[end + 1:end + 2] == b"\n":
                    end += 1
            return block[end + 1:], skipped + end + 1

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
                self._held = Piece(piece.data, piece.position, index + 1, piece.path, piece.offset)
                yield note
            self._held = None

    def check(self, records: int) -> None:
        """Raise InputError if the gzip stream was damaged (after all its readable records)."""
        if self.problem is not None:
            raise InputError(f"{self.name} is not a readable gzip file (after {records:,} records: {self.problem})")


def _notes_of(piece: Piece, max_chars: Optional[int]) -> list[Note]:
    lines = piece.raw().splitlines()
    notes = []
    for index in range(piece.skip, len(lines)):
        note = jsonl_note(lines[index], piece.position + index, max_chars)
        if note is not None:
            notes.append(note)
    return notes


def piece_batches(nlp: Any, piece: Piece, max_chars: Optional[int], batch_size: int, as_lines: bool,
                  digests: bool) -> Iterator[Done]:
    """All the work of one piece (parse, prefilter, pipeline, serialise), a Done every
    `batch_size` records: in the main process an interrupted run keeps what is done."""
    import time

    from .runner import process_notes

    started = time.perf_counter()
    notes = _notes_of(piece, max_chars)
    records = process_notes(nlp, notes, batch_size=batch_size)
    for first in range(0, len(notes), batch_size):
        batch = notes[first:first + batch_size]
        out: list = []
        ids = []
        suggested = needs_review = errors = 0
        for _ in batch:
            record = next(records)
            out.append(dumps(record) if as_lines else record)
            ids.append(record["id"])
            suggested += bool(record["codes"])
            needs_review += bool(record["needs_review"])
            errors += record["error"] is not None
        yield Done(len(ids), b"".join(out) if as_lines else b"", None if as_lines else out, suggested, needs_review,
                   errors, b"".join(SeenIds.digest(i) for i in ids), ids,
                   b"".join(note_digest(n) for n in batch) if digests else b"",
                   piece.size or len(piece.data) if first == 0 else 0, time.perf_counter() - started)
        started = time.perf_counter()


def do_piece(nlp: Any, piece: Piece, max_chars: Optional[int], batch_size: int, as_lines: bool,
             digests: bool) -> Done:
    """The batches of a piece in one Done (what a worker sends back)."""
    parts = list(piece_batches(nlp, piece, max_chars, batch_size, as_lines, digests))
    if len(parts) == 1:
        return parts[0]
    return Done(sum(p.count for p in parts), b"".join(p.lines for p in parts),
                None if as_lines else [r for p in parts for r in p.records],  # type: ignore[union-attr]
                sum(p.suggested for p in parts), sum(p.needs_review for p in parts), sum(p.errors for p in parts),
                b"".join(p.id_digests for p in parts), [i for p in parts for i in p.ids],
                b"".join(p.note_digests for p in parts), piece.size or len(piece.data),
                sum(p.seconds for p in parts))


def _work(job: tuple) -> Done:
    from . import runner

    assert runner._WORKER_NLP is not None
    return do_piece(runner._WORKER_NLP, *job)


def run_pieces(source: JsonlSource, nlp: Any, workers: int = 1, batch_size: int = 64,
               as_lines: bool = True, digests: bool = False) -> Iterator[Done]:
    """The finished pieces of `source` in input order, done by `workers` processes (in this
    one with one worker or when the input is at most SMALL_INPUT bytes). Raises
    runner.WorkerDied when a worker process dies."""
    from . import runner

    max_chars = source.max_chars
    pieces = source.pieces()
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
            yield from piece_batches(nlp, piece, *settings)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    runner._WORKER_NLP = nlp if forking else None  # forked workers share the loaded pipeline
    runner._PARENT_PID = os.getpid()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=runner._init_worker)
    processes: dict = {}
    finished = False
    try:
        pending: deque = deque()
        work_bytes, work_seconds = 0, 0.0
        while True:
            # Two pieces per worker keep them busy; memory stays flat.
            while len(pending) < workers * 2 + 1:
                piece = next(pieces, None)
                if piece is None:
                    break
                pending.append(executor.submit(_work, (piece.shipped(), *settings)))
                processes.update(getattr(executor, "_processes", None) or {})  # to name a dead one
            if not pending:
                finished = True
                return
            job = pending.popleft()
            try:
                done = job.result()
            except BrokenProcessPool:
                raise runner.WorkerDied(runner._death(processes)) from None
            work_bytes += done.size
            work_seconds += done.seconds
            if work_seconds > 0:
                source.piece_bytes = int(min(MAX_PIECE_BYTES, max(MIN_PIECE_BYTES,
                                                                  work_bytes / work_seconds * PIECE_SECONDS)))
            yield done
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            runner._stop_workers(executor, processes)
        runner._WORKER_NLP = None
