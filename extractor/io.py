"""Reading notes and writing results: file formats, validation, the output contract.

Knows nothing clinical. Every input record becomes exactly one `Note`; a record that
cannot be used carries an `error` instead of failing the run.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import numbers
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Optional, Union

import numpy
import orjson

from .model import Meta

FIELDS = ("id", "codes", "reposition", "approach", "fluoroscopy", "age_years", "age_source",
          "needs_review", "rule", "reasons", "evidence", "error")
META_FIELDS = ("service_date", "dob", "age_years")
# A note longer than this is read up to a line break before this many characters; its record
# says so in `reasons` (and needs review when no code comes of it). The pipeline's time grows
# faster than linearly with the length of a note dense in ECMO words (about 0.4 s for 100,000
# such characters, 1.5 s for 200,000), so this bounds the time and memory of any one note.
MAX_NOTE_CHARS = 100_000
# A record (JSONL line, CSV field, .txt file, text) over this many bytes/characters is an error.
MAX_TEXT_CHARS = 50_000_000
OLDEST_AGE = 125
PART_SUFFIX = ".part"
PARQUET_SUFFIXES = (".parquet", ".pq")  # read and written by extractor.parquet_io

_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIRST_KEY_ID = re.compile(rb'^\s*\{\s*"id"\s*:\s*(?:"([^"\\\n]{1,200})"|(-?\d{1,30}))\s*[,}]')


@dataclass
class Note:
    id: str
    text: str = ""
    meta: Meta = field(default_factory=Meta)
    error: Optional[str] = None
    # The note's length as given when only its first part is in `text` (see MAX_NOTE_CHARS).
    truncated_from: Optional[int] = None


def truncate_text(text: str, max_chars: Optional[int]) -> str:
    """The first at most `max_chars` characters of `text`, cut at the last line break (else
    the last space) in the second half of that window; `text` itself when it is short enough.
    A prefix keeps every evidence offset valid for the original text."""
    if max_chars is None or len(text) <= max_chars:
        return text
    floor = max_chars // 2
    cut = text.rfind("\n", floor, max_chars)
    if cut < 0:
        cut = max(text.rfind(" ", floor, max_chars), text.rfind("\t", floor, max_chars))
    return text[:cut if cut > 0 else max_chars]


def _parse_date(value: Any, name: str) -> Optional[date]:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # also pandas Timestamps
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"meta.{name} must be a date string (YYYY-MM-DD), got {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"meta.{name} is not a valid date (YYYY-MM-DD): {_shorten(value)!r}") from None


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + "..."


def parse_meta(raw: Mapping[str, Any]) -> Meta:
    """Validate the caller's metadata; raise ValueError saying what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"meta must be an object, got {type(raw).__name__}")
    service_date = _parse_date(raw.get("service_date"), "service_date")
    dob = _parse_date(raw.get("dob"), "dob")
    age = raw.get("age_years")
    if isinstance(age, str):
        age = age.strip()
    if age is not None and age != "":
        if isinstance(age, bool) or not isinstance(age, (numbers.Real, str)):
            raise ValueError(f"meta.age_years must be a number, got {type(age).__name__}")
        try:
            number = float(age)
        except (ValueError, OverflowError):
            raise ValueError(f"meta.age_years is not a number: {_shorten(str(age))!r}") from None
        if not math.isfinite(number) or number != int(number) or not 0 <= number <= OLDEST_AGE:
            shown = _shorten(age) if isinstance(age, str) else age
            raise ValueError(f"meta.age_years must be a whole number from 0 to {OLDEST_AGE}, got {shown!r}")
        age = int(number)
    else:
        age = None
    if dob and service_date and dob > service_date:
        raise ValueError(f"meta.dob {dob.isoformat()} is after meta.service_date {service_date.isoformat()}")
    if dob and service_date and (service_date.year - dob.year
                                 - ((service_date.month, service_date.day) < (dob.month, dob.day))) > OLDEST_AGE:
        raise ValueError(f"meta.dob {dob.isoformat()} makes the patient over {OLDEST_AGE} years old "
                         f"on meta.service_date {service_date.isoformat()}")
    return Meta(service_date=service_date, dob=dob, age_years=age)


def _record_id(record: Mapping[str, Any], position: int) -> str:
    raw_id = record.get("id")
    return f"line:{position}" if raw_id is None or raw_id == "" else str(raw_id)


def note_from_record(record: Any, position: int, max_chars: Optional[int] = MAX_NOTE_CHARS) -> Note:
    """A Note from one decoded input record; problems become the Note's error. A text longer
    than `max_chars` is cut (see `truncate_text`; None: no cut) and `truncated_from` set."""
    if not isinstance(record, Mapping):
        return Note(f"line:{position}", error=f"record is not an object (got {type(record).__name__})")
    note_id = _record_id(record, position)
    text = record.get("text")
    if text is None:
        return Note(note_id, error="missing 'text'")
    if not isinstance(text, str):
        return Note(note_id, error=f"'text' must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        return Note(note_id, error=f"'text' has {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit")
    if not text.strip():
        return Note(note_id, text, error="'text' is empty")
    meta_raw = record.get("meta")
    if meta_raw is None:
        meta_raw = {k: record.get(k) for k in META_FIELDS if k in record}
    try:
        meta = parse_meta(meta_raw)
    except ValueError as problem:  # the text is kept (the report shows it), the note is not processed
        return Note(note_id, truncate_text(text, max_chars), error=str(problem))
    kept = truncate_text(text, max_chars)
    return Note(note_id, kept, meta, truncated_from=len(text) if len(kept) < len(text) else None)


def _line_id(line: bytes, position: int) -> str:
    """The id a raw JSONL line starts with (`{"id": ...`), else `line:N`: for lines that cannot be decoded."""
    found = _FIRST_KEY_ID.match(line)
    return (found.group(1) or found.group(2)).decode("utf-8", errors="replace") if found else f"line:{position}"


def _unreadable_line(line: bytes, position: int, problem: Exception) -> Note:
    """The error Note for a JSONL line orjson rejects, with the record's id when it can be
    recovered (a line that is not UTF-8 is decoded with replacement characters to find it)."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        message = f"line {position} is not valid UTF-8 (byte 0x{line[bad.start]:02x} at byte {bad.start + 1})"
        try:
            record = orjson.loads(line.decode("utf-8", errors="replace"))
        except orjson.JSONDecodeError:
            record = None
        if isinstance(record, Mapping):
            return Note(_record_id(record, position), error=message)
        return Note(_line_id(line, position), error=message)
    note_id = _line_id(line, position)
    where = re.sub(r"line 1 column (\d+) \(char \d+\)", r"column \1", str(problem))  # the line is known
    return Note(note_id, error=f"malformed JSON on line {position}: {where}")


def read_jsonl(stream: IO[bytes], max_chars: Optional[int] = MAX_NOTE_CHARS) -> Iterator[Note]:
    position = 0
    while True:
        line = stream.readline(MAX_TEXT_CHARS + 1)
        if not line:
            return
        position += 1
        if len(line) > MAX_TEXT_CHARS and not line.endswith(b"\n"):
            while True:  # skip the rest of the line without holding it
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Note(_line_id(line, position), error=f"line {position} is over the {MAX_TEXT_CHARS:,}-byte limit")
            continue
        if position == 1 and line.startswith(_BOM):
            line = line[len(_BOM):]
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as problem:
            yield _unreadable_line(line, position, problem)
            continue
        yield note_from_record(record, position, max_chars)


def read_csv(stream: IO[bytes], max_chars: Optional[int] = MAX_NOTE_CHARS) -> Iterator[Note]:
    # Bytes that are not UTF-8 become lone surrogates here, so the row holding them is found.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    if csv.field_size_limit() < MAX_TEXT_CHARS:
        csv.field_size_limit(MAX_TEXT_CHARS)
    reader = csv.DictReader(text)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise ValueError("CSV input needs a header row with at least a 'text' column")
    position = 1
    while True:
        position += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            yield Note(f"line:{position}", error=f"CSV row {position} cannot be read: {problem}")
            continue
        raw_id = row.get("id")
        note_id = _SURROGATE.sub("\ufffd", raw_id) if isinstance(raw_id, str) and raw_id else f"line:{position}"
        if None in row or any(v is None for v in row.values()):
            yield Note(note_id, error=f"CSV row {position} has the wrong number of columns")
            continue
        if any(_SURROGATE.search(v) for v in row.values()):
            yield Note(note_id, error=f"CSV row {position} is not valid UTF-8")
            continue
        yield note_from_record(row, position, max_chars)


def read_folder(folder: Path, max_chars: Optional[int] = MAX_NOTE_CHARS) -> Iterator[Note]:
    for path in sorted(folder.glob("*.txt")):
        try:
            size = path.stat().st_size
            if size > MAX_TEXT_CHARS:
                yield Note(path.stem, error=f"file has {size:,} bytes, over the {MAX_TEXT_CHARS:,}-byte limit")
                continue
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as problem:
            yield Note(path.stem, error=f"file is not UTF-8 text: {problem}")
            continue
        except OSError as problem:
            yield Note(path.stem, error=f"cannot read the file: {problem.strerror or problem}")
            continue
        yield note_from_record({"id": path.stem, "text": text}, 1, max_chars)


def read_notes(source: Union[str, Path], max_chars: Optional[int] = MAX_NOTE_CHARS) -> Iterator[Note]:
    """Notes from a JSONL or CSV file, a folder of .txt files, or '-' (JSONL on stdin).
    Notes longer than `max_chars` are cut (None: read whole); see `note_from_record`."""
    if str(source) == "-":
        yield from read_jsonl(sys.stdin.buffer, max_chars)
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path, max_chars)
        return
    if path.suffix.lower() in PARQUET_SUFFIXES:  # default columns; the CLI's --id-col etc. call parquet_io
        from .parquet_io import read_parquet
        yield from read_parquet(path, max_chars=max_chars)
        return
    with open(path, "rb") as stream:
        if path.suffix.lower() == ".csv":
            yield from read_csv(stream, max_chars)
        else:
            yield from read_jsonl(stream, max_chars)


def error_record(note_id: str, message: str) -> dict[str, Any]:
    return {"id": note_id, "codes": [], "reposition": False, "approach": None, "fluoroscopy": False,
            "age_years": None, "age_source": None, "needs_review": False, "rule": "ERROR", "reasons": [],
            "evidence": [], "error": message}


def _scrub(value: Any) -> Any:
    """`value` with each lone surrogate in its strings replaced by U+FFFD (one character for
    one, so evidence offsets stay valid): neither orjson nor UTF-8 can write them."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    return value


def dumps(record: Mapping[str, Any]) -> bytes:
    row = {k: record.get(k) for k in FIELDS}
    try:
        return orjson.dumps(row) + b"\n"
    except orjson.JSONEncodeError:
        return orjson.dumps(_scrub(row)) + b"\n"


def _csv_row(record: Mapping[str, Any]) -> list[Any]:
    row = []
    for key in FIELDS:
        value = _scrub(record.get(key))
        row.append(orjson.dumps(value).decode() if isinstance(value, (list, dict)) else ("" if value is None else value))
    return row


def part_path(target: Union[str, Path]) -> Path:
    """Where the output is written until the run completes: OUTPUT.part next to OUTPUT."""
    target = Path(target)
    return target.with_name(target.name + PART_SUFFIX)


@dataclass
class Resumed:
    """What an interrupted run left in OUTPUT.part: its records' ids, in order, and counts."""

    ids: list[str] = field(default_factory=list)
    suggested: int = 0
    needs_review: int = 0
    errors: int = 0


class OutputBusy(OSError):
    """Another run is writing the same OUTPUT.part."""


def _lock(stream: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: no check
        return
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputBusy(f"{stream.name} is being written by another run") from None
    except OSError:  # a file system without locks
        pass


def _recover(part: Path, stream: IO[bytes]) -> Resumed:
    """Read the complete records of an earlier run's part file and cut it after the last one
    (a torn last line, written when the run was killed, is dropped)."""
    done = Resumed()
    keep = 0
    with open(part, "rb") as existing:
        for line in existing:
            if not line.endswith(b"\n"):
                break
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                break
            if not isinstance(record, dict) or not set(FIELDS) <= set(record):
                break
            done.ids.append(str(record["id"]))
            done.suggested += bool(record["codes"])
            done.needs_review += bool(record["needs_review"])
            done.errors += record["error"] is not None
            keep += len(line)
    stream.truncate(keep)
    return done


class Writer:
    """Writes records as JSONL (default) or CSV. A file target is written at the fixed name
    OUTPUT.part next to it, in complete lines (`flush()` hands them to the OS), and renamed to
    OUTPUT by `close()`, so an interrupted run never leaves a half-written output under the
    final name. After an interruption the part file stays (when it holds records, JSONL) and
    `Writer(target, resume=True)` continues it: a torn last line is dropped and `resumed`
    says which records it already holds. Without `resume` an existing part file is replaced."""

    def __init__(self, target: Union[str, Path, None], fmt: Optional[str] = None, resume: bool = False) -> None:
        self.target = None if target in (None, "-") else Path(target)
        self.format = fmt or ("csv" if self.target and self.target.suffix.lower() == ".csv" else "jsonl")
        self.part: Optional[Path] = None
        self.resumed = Resumed()
        self.written = 0
        if self.target is None:
            if resume:
                raise ValueError("--resume needs an output file (-o OUTPUT), not standard output")
            self._stream: IO[bytes] = sys.stdout.buffer
        else:
            if resume and self.format != "jsonl":
                raise ValueError("--resume works with JSONL output only")
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.part = part_path(self.target)
            self._stream = open(self.part, "ab")  # never truncated before the lock is ours
            try:
                _lock(self._stream)
                if resume:
                    self.resumed = _recover(self.part, self._stream)
                else:
                    self._stream.truncate(0)
            except BaseException:
                self._stream.close()
                raise
        self._csv = None
        if self.format == "csv":
            self._text = io.TextIOWrapper(self._stream, encoding="utf-8", newline="", write_through=True)
            self._csv = csv.writer(self._text)
            self._csv.writerow(FIELDS)

    def write(self, record: Mapping[str, Any]) -> None:
        if self._csv is not None:
            self._csv.writerow(_csv_row(record))
        else:
            self._stream.write(dumps(record))
        self.written += 1

    def flush(self) -> None:
        if self._csv is not None:
            self._text.flush()
        self._stream.flush()

    def _release(self) -> None:
        if self._csv is not None:
            self._text.flush()
            self._text.detach()
            self._csv = None
        self._stream.flush()

    def close(self) -> None:
        self._release()
        if self.part is not None:
            os.fsync(self._stream.fileno())
            self._stream.close()
            os.replace(self.part, self.target)

    def abort(self, keep: bool = False) -> None:
        """Stop without renaming; the part file stays when `keep` (for --resume), else goes."""
        if self.part is None:
            return
        try:
            self._release()
        finally:
            self._stream.close()
            if not keep:
                self.part.unlink(missing_ok=True)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort(keep=self.format == "jsonl" and bool(self.written or self.resumed.ids))


def open_writer(target: Union[str, Path, None], resume: bool = False) -> Any:
    """The writer for `target`: `parquet_io.ParquetWriter` for a .parquet name, else `Writer`."""
    if target not in (None, "-") and Path(target).suffix.lower() in PARQUET_SUFFIXES:
        from .parquet_io import ParquetWriter
        return ParquetWriter(target, resume=resume)
    return Writer(target, resume=resume)


def read_records(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """Decoded JSONL records (gold or predictions), for evaluation and reports; a .parquet
    file's rows as records."""
    if Path(path).suffix.lower() in PARQUET_SUFFIXES:
        from .parquet_io import read_results
        yield from read_results(path)
        return
    with open(path, "rb") as stream:
        for line in stream:
            if line.strip():
                yield orjson.loads(line)


def write_records(records: Iterable[Mapping[str, Any]], target: Union[str, Path, None]) -> None:
    with Writer(target) as writer:
        for record in records:
            writer.write(record)


class SeenIds:
    """Which ids a run has met, in about 16 bytes per id whatever their length (a Python set of
    the ids takes ~80): 64-bit BLAKE2 digests in an open-addressing numpy table. Two different
    ids share a digest with odds of about n^2 / 2^65 (3 in a million for 10 million notes);
    that would only report a duplicate that is not one."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        self._table = numpy.zeros(capacity, dtype=numpy.uint64)
        self._count = 0
        self.duplicates = 0  # records whose id an earlier record already had
        self.first_duplicate: Optional[str] = None

    def __len__(self) -> int:
        return self._count

    def add(self, note_id: str) -> bool:
        """Record `note_id`; True (and counted as a duplicate) when it was met before."""
        digest = int.from_bytes(hashlib.blake2b(note_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                                "little") or 1  # 0 marks an empty slot
        if self._insert(self._table, digest):
            self.duplicates += 1
            if self.first_duplicate is None:
                self.first_duplicate = note_id
            return True
        self._count += 1
        if self._count * 4 > len(self._table) * 3:
            self._grow()
        return False

    @staticmethod
    def _insert(table: "numpy.ndarray", digest: int) -> bool:
        mask = len(table) - 1
        slot = digest & mask
        while True:
            value = int(table[slot])
            if value == 0:
                table[slot] = digest
                return False
            if value == digest:
                return True
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old = self._table[self._table != 0]
        self._table = numpy.zeros(len(self._table) * 2, dtype=numpy.uint64)
        for digest in old.tolist():
            self._insert(self._table, digest)
