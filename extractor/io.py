"""Reading notes and writing results: file formats, validation, the output contract.

Knows nothing clinical. Every input record becomes exactly one `Note`; a record that
cannot be used carries an `error` instead of failing the run.
"""
from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Optional, Union

import orjson

from .model import Meta

FIELDS = ("id", "codes", "reposition", "approach", "fluoroscopy", "age_years", "age_source",
          "needs_review", "reasons", "evidence", "error")
META_FIELDS = ("service_date", "dob", "age_years")
MAX_TEXT_CHARS = 2_000_000
OLDEST_AGE = 125


@dataclass
class Note:
    id: str
    text: str = ""
    meta: Meta = field(default_factory=Meta)
    error: Optional[str] = None


def _parse_date(value: Any, name: str) -> Optional[date]:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"meta.{name} must be a date string (YYYY-MM-DD), got {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"meta.{name} is not a valid date (YYYY-MM-DD): {value!r}") from None


def parse_meta(raw: Mapping[str, Any]) -> Meta:
    """Validate the caller's metadata; raise ValueError saying what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"meta must be an object, got {type(raw).__name__}")
    service_date = _parse_date(raw.get("service_date"), "service_date")
    dob = _parse_date(raw.get("dob"), "dob")
    age = raw.get("age_years")
    if age is not None and age != "":
        if isinstance(age, bool) or not isinstance(age, (int, float, str)):
            raise ValueError(f"meta.age_years must be a number, got {type(age).__name__}")
        try:
            number = float(age)
        except ValueError:
            raise ValueError(f"meta.age_years is not a number: {age!r}") from None
        if number != int(number) or not 0 <= number <= OLDEST_AGE:
            raise ValueError(f"meta.age_years must be a whole number from 0 to {OLDEST_AGE}, got {age!r}")
        age = int(number)
    else:
        age = None
    if dob and service_date and dob > service_date:
        raise ValueError(f"meta.dob {dob.isoformat()} is after meta.service_date {service_date.isoformat()}")
    return Meta(service_date=service_date, dob=dob, age_years=age)


def note_from_record(record: Any, position: int) -> Note:
    """A Note from one decoded input record; problems become the Note's error."""
    fallback_id = f"line:{position}"
    if not isinstance(record, Mapping):
        return Note(fallback_id, error=f"record is not an object (got {type(record).__name__})")
    raw_id = record.get("id")
    note_id = fallback_id if raw_id is None or raw_id == "" else str(raw_id)
    text = record.get("text")
    if text is None:
        return Note(note_id, error="missing 'text'")
    if not isinstance(text, str):
        return Note(note_id, error=f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        return Note(note_id, text, error="'text' is empty")
    if len(text) > MAX_TEXT_CHARS:
        return Note(note_id, error=f"'text' has {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit")
    meta_raw = record.get("meta")
    if meta_raw is None:
        meta_raw = {k: record.get(k) for k in META_FIELDS if k in record}
    try:
        meta = parse_meta(meta_raw)
    except ValueError as problem:
        return Note(note_id, text, error=str(problem))
    return Note(note_id, text, meta)


def read_jsonl(stream: IO[bytes]) -> Iterator[Note]:
    for position, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as problem:
            yield Note(f"line:{position}", error=f"malformed JSON on line {position}: {problem}")
            continue
        yield note_from_record(record, position)


def read_csv(stream: IO[bytes]) -> Iterator[Note]:
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    reader = csv.DictReader(text)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise ValueError("CSV input needs a header row with at least a 'text' column")
    for position, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            yield Note(str(row.get("id") or f"line:{position}"), error=f"CSV row {position} has the wrong number of columns")
            continue
        yield note_from_record(row, position)


def read_folder(folder: Path) -> Iterator[Note]:
    for path in sorted(folder.glob("*.txt")):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as problem:
            yield Note(path.stem, error=f"file is not UTF-8 text: {problem}")
            continue
        yield note_from_record({"id": path.stem, "text": text}, 1)


def read_notes(source: Union[str, Path]) -> Iterator[Note]:
    """Notes from a JSONL or CSV file, a folder of .txt files, or '-' (JSONL on stdin)."""
    if str(source) == "-":
        yield from read_jsonl(sys.stdin.buffer)
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path)
        return
    with open(path, "rb") as stream:
        if path.suffix.lower() == ".csv":
            yield from read_csv(stream)
        else:
            yield from read_jsonl(stream)


def error_record(note_id: str, message: str) -> dict[str, Any]:
    return {"id": note_id, "codes": [], "reposition": False, "approach": None, "fluoroscopy": False,
            "age_years": None, "age_source": None, "needs_review": False, "reasons": [],
            "evidence": [], "error": message}


def dumps(record: Mapping[str, Any]) -> bytes:
    return orjson.dumps({k: record.get(k) for k in FIELDS}) + b"\n"


def _csv_row(record: Mapping[str, Any]) -> list[Any]:
    row = []
    for key in FIELDS:
        value = record.get(key)
        row.append(orjson.dumps(value).decode() if isinstance(value, (list, dict)) else ("" if value is None else value))
    return row


class Writer:
    """Writes records as JSONL (default) or CSV; to a temporary file renamed into place on close,
    so an interrupted run never leaves a half-written output under the final name."""

    def __init__(self, target: Union[str, Path, None], fmt: Optional[str] = None) -> None:
        self.target = None if target in (None, "-") else Path(target)
        self.format = fmt or ("csv" if self.target and self.target.suffix.lower() == ".csv" else "jsonl")
        if self.target is None:
            self._stream: IO[bytes] = sys.stdout.buffer
            self._tmp = None
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent)
            self._tmp = Path(tmp)
            self._stream = os.fdopen(fd, "wb")
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

    def close(self) -> None:
        if self._csv is not None:
            self._text.flush()
            self._text.detach()
        self._stream.flush()
        if self._tmp is not None:
            os.fsync(self._stream.fileno())
            self._stream.close()
            os.replace(self._tmp, self.target)

    def abort(self) -> None:
        if self._tmp is not None:
            self._stream.close()
            self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def read_records(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """Decoded JSONL records (gold or predictions), for evaluation and reports."""
    with open(path, "rb") as stream:
        for line in stream:
            if line.strip():
                yield orjson.loads(line)


def write_records(records: Iterable[Mapping[str, Any]], target: Union[str, Path, None]) -> None:
    with Writer(target) as writer:
        for record in records:
            writer.write(record)
