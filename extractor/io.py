"""Reading notes and writing results: file formats, validation, the output contract.

Knows nothing clinical. Every input record becomes exactly one `Note`; a record that
cannot be used carries an `error` instead of failing the run.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import time
import weakref
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Optional, Union

import numpy
import orjson

from .metadata import parse_meta  # noqa: F401  (re-exported: io.parse_meta)
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
PART_SUFFIX = ".part"
PARQUET_SUFFIXES = (".parquet", ".pq")  # read and written by extractor.parquet_io

_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
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


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + "..."


class InputError(ValueError):
    """The input as a whole cannot be read (wrong encoding, broken CSV quoting, a damaged
    gzip stream, ...): no record's fault, so the run stops (exit 2) instead of guessing."""


# Types an input id may have besides a string; its text is then the id (JSON numbers as written).
_BAD_ID_TYPES = (bool, Mapping, list, tuple, set, frozenset)


def _record_id(record: Mapping[str, Any], position: int) -> str:
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        return f"line:{position}"
    if isinstance(raw_id, str):
        return raw_id
    if isinstance(raw_id, _BAD_ID_TYPES):
        raise ValueError(f"'id' must be a string or a number, got {type(raw_id).__name__}")
    return str(raw_id)


def note_from_record(record: Any, position: int, max_chars: Optional[int] = MAX_NOTE_CHARS) -> Note:
    """A Note from one decoded input record; problems become the Note's error. A text longer
    than `max_chars` is cut (see `truncate_text`; None: no cut) and `truncated_from` set."""
    if not isinstance(record, Mapping):
        return Note(f"line:{position}", error=f"record is not an object (got {type(record).__name__})")
    try:
        note_id = _record_id(record, position)
    except ValueError as problem:
        return Note(f"line:{position}", error=str(problem))
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
            try:
                return Note(_record_id(record, position), error=message)
            except ValueError:
                pass
        return Note(_line_id(line, position), error=message)
    note_id = _line_id(line, position)
    where = re.sub(r"line 1 column (\d+) \(char \d+\)", r"column \1", str(problem))  # the line is known
    return Note(note_id, error=f"malformed JSON on line {position}: {where}")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _decode_json_line(line: bytes) -> Any:
    """The value of one JSONL line. An id that is a JSON number keeps its text as written
    (orjson reads 12345678901234567890123 as a float, and 1.50 as 1.5)."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as problem:
        if not _ESCAPED_SURROGATE.search(line):
            raise
        # orjson refuses a JSON-escaped lone surrogate ("\ud800", as Python's json.dumps writes
        # it); the standard library reads it, and the pipeline then reads it as U+FFFD.
        try:
            record = json.loads(line.decode("utf-8"), parse_constant=_no_constants)
        except ValueError:
            raise problem from None
    if (isinstance(record, dict) and isinstance(record.get("id"), (int, float))
            and not isinstance(record["id"], bool) and not (type(record["id"]) is int and record["id"])):
        # A float, an integer past 64 bits, or 0 (perhaps written -0): read the id's own text.
        record["id"] = json.loads(line.decode("utf-8"), parse_constant=_no_constants,
                                  parse_float=str, parse_int=str)["id"]
    return record


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[bytes, bool]]:
    """The lines of a byte stream without their ends, each with whether it is over `limit`
    bytes (then only its first `limit` bytes are kept; the rest is read but not held). A line
    ends at LF, CRLF or a lone CR (files from old Mac editors are split too)."""
    parts: list[bytes] = []
    size = 0  # bytes of the line being read, in `parts`
    after_cr = False  # the last chunk ended with CR: an LF starting the next one belongs to it
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        if after_cr and chunk[:1] == b"\n":
            chunk = chunk[1:]
        after_cr = chunk[-1:] == b"\r"
        for piece in chunk.splitlines(keepends=True):
            if piece[-1:] == b"\n":
                body = piece[:-2] if piece[-2:] == b"\r\n" else piece[:-1]
            elif piece[-1:] == b"\r":
                body = piece[:-1]
            else:  # the chunk ends inside this line
                if size <= limit:
                    parts.append(piece)
                size += len(piece)
                continue
            total = size + len(body)
            if parts:
                parts.append(body)
                body = b"".join(parts)
                parts, size = [], 0
            yield (body[:limit], True) if total > limit else (body, False)
    if parts:
        body = b"".join(parts)
        yield (body[:limit], True) if size > limit else (body, False)


def read_jsonl(stream: IO[bytes], max_chars: Optional[int] = MAX_NOTE_CHARS) -> Iterator[Note]:
    position = 0
    for line, too_long in _lines(stream, MAX_TEXT_CHARS):
        position += 1
        note = _overlong_line(line, position) if too_long else jsonl_note(line, position, max_chars)
        if note is not None:
            yield note


def _overlong_line(line: bytes, position: int) -> Note:
    return Note(_line_id(line, position), error=f"line {position} is over the {MAX_TEXT_CHARS:,}-byte limit")


def jsonl_note(line: bytes, position: int, max_chars: Optional[int] = MAX_NOTE_CHARS) -> Optional[Note]:
    """The Note of one JSONL line (without its end; None for a blank line). A line over
    MAX_TEXT_CHARS bytes is an error Note: give at least its first MAX_TEXT_CHARS + 1 bytes."""
    if len(line) > MAX_TEXT_CHARS:
        return _overlong_line(line[:MAX_TEXT_CHARS], position)
    if line.startswith(_BOM):  # the first line's, or a file's concatenated after it
        line = line[len(_BOM):]
    if not line.strip():
        return None
    try:
        record = _decode_json_line(line)
    except orjson.JSONDecodeError as problem:
        return _unreadable_line(line, position, problem)
    return note_from_record(record, position, max_chars)


# -- CSV ---------------------------------------------------------------------------------------
# Rows are read by the csv module in strict mode from physical lines we hand it, so each row's
# first line is known and a quoting error is caught where it starts. A broken quote cannot be
# repaired (where the field was meant to end is unknowable: Python's lenient reader silently
# merged the rest of the file into one field), so it stops the run; a row over the size limit
# is skipped to its real end and gets an error record, keeping the rows after it aligned.
_START, _IN_FIELD, _QUOTED, _QUOTE_IN_QUOTED, _END = range(5)
_FIELD_END = re.compile(r"[,\r\n]")


def _csv_state(line: str, state: int) -> int:
    """The CSV parser's state after `line` (the csv module's strict reading of RFC 4180):
    _END when the row ends with this line. Raises csv.Error where csv would."""
    i, n = 0, len(line)
    while i < n:
        if state == _QUOTED:
            i = line.find('"', i)
            if i < 0:
                return _QUOTED
            state, i = _QUOTE_IN_QUOTED, i + 1
            continue
        char = line[i]
        if char in "\r\n":
            return _END
        if state == _IN_FIELD:
            found = _FIELD_END.search(line, i)
            if found is None:
                return _IN_FIELD
            if found.group() != ",":
                return _END
            state, i = _START, found.end()
            continue
        if state == _QUOTE_IN_QUOTED:
            if char not in '",':
                raise csv.Error("',' expected after '\"'")
            state = _QUOTED if char == '"' else _START
        else:
            state = _QUOTED if char == '"' else _START if char == "," else _IN_FIELD
        i += 1
    return state


class _RowTooLarge(Exception):
    def __init__(self, first_line: int, last_line: int) -> None:
        super().__init__(first_line, last_line)
        self.first_line, self.last_line = first_line, last_line


class _CsvLines:
    """Physical lines of a CSV text for csv.reader, counted; a row whose lines add up to more
    than `limit` characters is read on to its end (without keeping it) and _RowTooLarge raised."""

    def __init__(self, text: IO[str], limit: int) -> None:
        self.text, self.limit = text, limit
        self.line = 0          # physical lines handed out so far
        self.row_start = 1     # the first line of the row being read
        self._held: list[str] = []
        self._size = 0

    def start_row(self) -> None:
        self._held.clear()
        self._size = 0
        self.row_start = self.line + 1

    def __iter__(self) -> "_CsvLines":
        return self

    def _read(self) -> str:
        line = self.text.readline(self.limit + 1)
        if line and (line[-1] in "\r\n" or len(line) <= self.limit):
            self.line += 1
        return line

    def __next__(self) -> str:
        line = self._read()
        if not line:
            raise StopIteration
        self._size += len(line)
        if self._size <= self.limit:
            self._held.append(line)
            return line
        state = _START
        for held in (*self._held, line):
            state = _csv_state(held, state)
        self._held.clear()
        while state != _END:
            line = self._read()
            if not line:
                if state == _QUOTED:
                    raise InputError(f"CSV line {self.row_start}: a quoted field opened in this row is never closed "
                                     "(the file ends inside it)")
                break
            state = _csv_state(line, state)
        raise _RowTooLarge(self.row_start, self.line)


def _csv_header(reader: Iterator[list[str]], lines: _CsvLines) -> list[str]:
    try:
        header = next((row for row in reader if row), None)
    except _RowTooLarge:
        raise InputError(f"CSV header (line {lines.row_start}) is over the {MAX_TEXT_CHARS:,}-character limit: "
                         "is this a CSV file?") from None
    if header is None:
        raise InputError("CSV input is empty: it needs a header row with at least a 'text' column")
    shown = _shorten(",".join(header), 200)
    if "text" not in header:
        raise InputError(f"CSV input needs a header row with at least a 'text' column; line {lines.line} is {shown!r}")
    for name in ("id", "text", *META_FIELDS):
        if header.count(name) > 1:
            raise InputError(f"CSV header has the column {name!r} {header.count(name)} times: {shown!r}")
    return header


def read_csv(stream: IO[bytes], max_chars: Optional[int] = MAX_NOTE_CHARS) -> Iterator[Note]:
    # Bytes that are not UTF-8 become lone surrogates here, so the row holding them is found.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    if csv.field_size_limit() <= MAX_TEXT_CHARS:
        csv.field_size_limit(MAX_TEXT_CHARS + 1)  # our own limit, per row, comes first
    lines = _CsvLines(text, MAX_TEXT_CHARS)
    reader = csv.reader(lines, strict=True)
    try:
        header = _csv_header(reader, lines)
        id_column = header.index("id") if "id" in header else None
        position = 1
        while True:
            lines.start_row()
            try:
                row = next(reader)
            except StopIteration:
                return
            except _RowTooLarge as big:
                position += 1
                yield Note(f"line:{position}", error=f"CSV row {position} (lines {big.first_line}-{big.last_line}) is "
                                                     f"over the {MAX_TEXT_CHARS:,}-character limit")
                continue
            if not row:  # a blank line is not a row
                continue
            position += 1
            where = f"CSV row {position} (line {lines.row_start})"
            raw_id = row[id_column] if id_column is not None and id_column < len(row) else ""
            note_id = _SURROGATE.sub("\ufffd", raw_id) if raw_id else f"line:{position}"
            if len(row) != len(header):
                yield Note(note_id, error=f"{where} has {len(row)} columns; the header has {len(header)}")
                continue
            if any(_SURROGATE.search(value) for value in row):
                yield Note(note_id, error=f"{where} is not valid UTF-8")
                continue
            yield note_from_record(dict(zip(header, row)), position, max_chars)
    except csv.Error as problem:
        first, last = lines.row_start, lines.line
        if str(problem) == "unexpected end of data":
            raise InputError(f"CSV line {first}: a quoted field opened in this row is never closed "
                             f"(the file ends inside it, at line {last})") from None
        where = f"line {last}" if first == last else f"line {last} (the row starts on line {first})"
        raise InputError(f"CSV quoting is broken at {where}: {problem}; a quote inside a quoted field must be "
                         "doubled (\"\")") from None


# -- folders of .txt files ------------------------------------------------------------------------

@dataclass
class FolderListing:
    """The `.txt` entries of a folder (the notes) and the names of everything else in it."""

    notes: list[Path]
    skipped: list[str]

    def skipped_summary(self, limit: int = 5) -> str:
        shown = ", ".join(self.skipped[:limit]) + (", ..." if len(self.skipped) > limit else "")
        return f"{len(self.skipped)} entr{'y' if len(self.skipped) == 1 else 'ies'} not named *.txt ({shown})"


def list_folder(folder: Path) -> FolderListing:
    notes, skipped = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".txt"):
                notes.append(Path(entry.path))
            else:
                skipped.append(entry.name + ("/" if entry.is_dir() else ""))
    return FolderListing(sorted(notes), sorted(skipped))


def read_folder(folder: Path, max_chars: Optional[int] = MAX_NOTE_CHARS,
                listing: Optional[FolderListing] = None) -> Iterator[Note]:
    for path in (listing or list_folder(folder)).notes:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # never opened: a FIFO would block the run
                kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode) else "special"
                yield Note(path.stem, error=f"not a regular file ({kind})")
                continue
            if info.st_size > MAX_TEXT_CHARS:
                yield Note(path.stem, error=f"file has {info.st_size:,} bytes, over the {MAX_TEXT_CHARS:,}-byte limit")
                continue
            data = path.read_bytes()
            text = data[len(_BOM):].decode("utf-8") if data.startswith(_BOM) else data.decode("utf-8")
        except UnicodeDecodeError as problem:
            yield Note(path.stem, error=f"file is not UTF-8 text: {problem}")
            continue
        except OSError as problem:
            yield Note(path.stem, error=f"cannot read the file: {problem.strerror or problem}")
            continue
        yield note_from_record({"id": path.stem, "text": text}, 1, max_chars)


# -- opening an input ---------------------------------------------------------------------------

def _sniff(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(4)[:4] if peek is not None else b""


def _refuse_wide_text(head: bytes, name: str) -> None:
    """UTF-16/UTF-32 text read as bytes gives garbage records: say what it is instead."""
    wide = None
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        wide = "UTF-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        wide = "UTF-16"
    elif len(head) == 4 and ((head[1] == head[3] == 0 and head[0] and head[2])
                             or (head[0] == head[2] == 0 and head[1] and head[3])):
        wide = "UTF-16 (no byte order mark)"
    if wide:
        raise InputError(f"{name} is {wide} text; convert it to UTF-8 first (e.g. iconv -f {wide[:6]} -t UTF-8)")


def input_format(source: Union[str, Path]) -> str:
    """"csv" or "jsonl", from the name (a trailing .gz ignored)."""
    name = Path(str(source)).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return "csv" if name.endswith(".csv") else "jsonl"


def _read_stream(stream: IO[bytes], fmt: str, name: str, max_chars: Optional[int]) -> Iterator[Note]:
    head = _sniff(stream)
    if not head.startswith(_GZIP_MAGIC):
        _refuse_wide_text(head, name)
        yield from read_csv(stream, max_chars) if fmt == "csv" else read_jsonl(stream, max_chars)
        return
    count = 0
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unpacked:
            _refuse_wide_text(_sniff(unpacked), name)
            for note in read_csv(unpacked, max_chars) if fmt == "csv" else read_jsonl(unpacked, max_chars):
                count += 1
                yield note
    except (EOFError, gzip.BadGzipFile, zlib.error) as problem:
        raise InputError(f"{name} is not a readable gzip file (after {count:,} records: {problem})") from None


def read_notes(source: Union[str, Path], max_chars: Optional[int] = MAX_NOTE_CHARS,
               listing: Optional[FolderListing] = None) -> Iterator[Note]:
    """Notes from a JSONL or CSV file (either may be gzipped), a folder of .txt files, or '-'
    (JSONL on stdin). Notes longer than `max_chars` are cut (None: read whole); see
    `note_from_record`. Raises InputError when the input as a whole cannot be read."""
    if str(source) == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("standard input is closed")
        yield from _read_stream(sys.stdin.buffer, "jsonl", "standard input", max_chars)
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path, max_chars, listing)
        return
    if path.suffix.lower() in PARQUET_SUFFIXES:  # default columns; the CLI's --id-col etc. call parquet_io
        from .parquet_io import read_parquet
        yield from read_parquet(path, max_chars=max_chars)
        return
    with open(path, "rb") as stream:
        yield from _read_stream(stream, input_format(path), str(path), max_chars)


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


# OWASP's CSV injection guidance: a cell starting with one of these is read as a formula by
# spreadsheet programs, so it gets a leading ' (which they show as text).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(text: str) -> bool:
    """Whether a CSV cell holding `text` gets a leading ' : it starts like a formula, or is
    such a cell already (so that `csv_text` can undo it exactly: "'=1" is kept as "''=1")."""
    return text.startswith(_FORMULA_START) or (text[:1] == "'" and _formula_like(text[1:]))


def csv_text(cell: str) -> str:
    """The text of a cell of our CSV output: the leading ' of a formula-like value removed."""
    return cell[1:] if cell[:1] == "'" and _formula_like(cell[1:]) else cell


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON output
    if isinstance(value, (list, dict)):
        return orjson.dumps(value).decode()
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def _csv_row(record: Mapping[str, Any]) -> list[Any]:
    return [_csv_cell(_scrub(record.get(key))) for key in FIELDS]


def part_path(target: Union[str, Path]) -> Path:
    """Where the output is written until the run completes: OUTPUT.part next to OUTPUT."""
    target = Path(target)
    return target.with_name(target.name + PART_SUFFIX)


def checkpoint_path(target: Union[str, Path]) -> Path:
    """OUTPUT.part.json: what OUTPUT.part was made from, so that --resume can check it."""
    part = part_path(target)
    return part.with_name(part.name + ".json")


class OutputError(OSError):
    """The output cannot be written (a folder, no permission, disk full, the input itself...)."""


class OutputBusy(OutputError):
    """Another run is writing the same OUTPUT.part."""


def _same_file(a: Union[str, Path], b: Union[str, Path]) -> bool:
    try:
        first, second = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def check_not_an_input(output: Union[str, Path, None], inputs: Iterable[Union[str, Path]]) -> None:
    """Raise OutputError when writing `output` (or its part file) would overwrite an input:
    compared by device and inode, so links and other spellings of the name are caught."""
    if output in (None, "-"):
        return
    real = Path(os.path.realpath(output))
    for source in inputs:
        if str(source) == "-":
            continue
        for candidate in (Path(output), real, part_path(real)):
            if _same_file(candidate, source):
                raise OutputError(f"the output {candidate} is the input {source}; choose another output file")
        if os.path.isdir(source) and real.name.endswith(".txt") and _same_file(real.parent, source):
            raise OutputError(f"the output {output} would be read as a note of the input folder {source}; "
                              "write it elsewhere or give it another extension")


def _writes_straight(target: Path) -> Optional[str]:
    """What kind of non-regular file `target` is (written to directly, with no part file),
    or None for a regular file or none yet. Raises OutputError for a folder."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError as problem:
        raise OutputError(f"cannot write {target}: {problem.strerror or problem}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{target} is a folder; give a file name, e.g. {target / 'results.jsonl'}")
    if stat.S_ISREG(mode):
        # /dev/stdout (or a link to /proc/self/fd/1) redirected to a file by the shell, perhaps
        # for appending: write through the name rather than replace the file.
        return "this process's standard output" if _same_file(target, "/dev/fd/1") else None
    return "a FIFO" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode) else "not a regular file"


@dataclass
class Resumed:
    """What an interrupted run left in OUTPUT.part: its records' ids, in order, and counts."""

    ids: list[str] = field(default_factory=list)
    suggested: int = 0
    needs_review: int = 0
    errors: int = 0


# The locked part files of this process: forked worker processes close their copies at once, or
# a worker outliving a killed parent would keep the lock and --resume would find the file busy.
LOCKED_FILES: "weakref.WeakSet[IO[bytes]]" = weakref.WeakSet()


def close_locked_files() -> None:
    """For a forked child: close its copies of the parent's locked part files (it exits with
    os._exit, so no buffer of theirs is ever flushed here)."""
    for stream in list(LOCKED_FILES):
        if not stream.closed:
            try:
                os.close(stream.fileno())
            except (OSError, ValueError):
                pass
    LOCKED_FILES.clear()


def _lock(stream: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: no check
        return
    LOCKED_FILES.add(stream)
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputBusy(f"{stream.name} is being written by another run") from None
    except OSError:  # a file system without locks
        pass


def _recover(part: Path, stream: IO[bytes], limit: int) -> Resumed:
    """Read the first `limit` complete records of an earlier run's part file and cut it after
    them (a line torn by a kill, and records the checkpoint does not vouch for, are dropped)."""
    done = Resumed()
    keep = 0
    with open(part, "rb") as existing:
        for line in existing:
            if len(done.ids) >= limit or not line.endswith(b"\n"):
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


def note_digest(note: Note) -> bytes:
    """A digest of everything of a note that its output record depends on."""
    meta = note.meta  # (its three fields, not the dataclass repr: a third of the cost per note)
    parts = (note.id, note.text, f"{meta.service_date}|{meta.dob}|{meta.age_years}", note.error or "", str(note.truncated_from))
    lengths = ",".join(str(len(part)) for part in parts)  # so that no two notes join to the same string
    return hashlib.blake2b("\0".join((lengths, *parts)).encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Writer:
    """Writes records as JSONL (default) or CSV. A file target is written at the fixed name
    OUTPUT.part next to it, in complete lines (`flush()` hands them to the OS), and renamed to
    OUTPUT by `close()`, so an interrupted run never leaves a half-written output under the
    final name. A symlink is written through (the part file sits next to its target); a FIFO
    or device is written straight, with no part file (`straight` says what it is).

    With `settings` (what the answers depend on: version, options), each `flush()` also
    writes OUTPUT.part.json: the settings, how many records the part holds and a digest of the
    notes they came from (`write(record, note_digest(note))`). `Writer(target, resume=True,
    settings=...)` continues an interrupted run: it refuses other settings, keeps the records
    the checkpoint vouches for (a torn last line is dropped) and `resumed` lists them; the
    caller feeds the first notes of the input to `add_done` and asks `done_matches()`.
    Without `resume` an existing part file is replaced."""

    def __init__(self, target: Union[str, Path, None], fmt: Optional[str] = None, resume: bool = False,
                 settings: Optional[Mapping[str, Any]] = None) -> None:
        self.name = "standard output" if target in (None, "-") else str(target)
        self.target = None if target in (None, "-") else Path(target)
        self.format = fmt or ("csv" if self.target and self.target.suffix.lower() == ".csv" else "jsonl")
        self.part: Optional[Path] = None
        self.straight: Optional[str] = None
        self.resumed = Resumed()
        self.written = 0
        self._settings = dict(settings) if settings is not None and self.format == "jsonl" else None
        self._chain = hashlib.blake2b(digest_size=16)
        self._expected: Optional[str] = None
        self._checkpointed = -1.0
        if self.target is None:
            if resume:
                raise ValueError("--resume needs an output file (-o OUTPUT), not standard output")
            self._stream: IO[bytes] = sys.stdout.buffer
        else:
            self.straight = _writes_straight(self.target)
            if self.straight:
                if resume:
                    raise ValueError(f"--resume needs a regular output file; {self.target} is {self.straight}")
                self._settings = None
                self._stream = self._open(self.target, "ab")
            else:
                if resume and self.format != "jsonl":
                    raise ValueError("--resume works with JSONL output only")
                # Through a symlink to its target: the part file and the rename happen there.
                self.target = Path(os.path.realpath(self.target))
                self.part = part_path(self.target)
                try:
                    self.target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as problem:
                    raise OutputError(f"cannot write {self.name}: {problem.strerror or problem}") from None
                self._stream = self._open(self.part, "ab")  # never truncated before the lock is ours
                try:
                    _lock(self._stream)
                    if resume:
                        self._resume()
                    else:
                        self._stream.truncate(0)
                        checkpoint_path(self.target).unlink(missing_ok=True)
                except BaseException:
                    self._stream.close()
                    raise
        self._csv = None
        if self.format == "csv":
            self._text = io.TextIOWrapper(self._stream, encoding="utf-8", newline="", write_through=True)
            self._csv = csv.writer(self._text)
            self._guard(self._csv.writerow, FIELDS)

    @staticmethod
    def _open(path: Path, mode: str) -> IO[bytes]:
        try:
            return open(path, mode)
        except OSError as problem:
            raise OutputError(f"cannot write {path}: {problem.strerror or problem}") from None

    def _resume(self) -> None:
        assert self.target is not None and self.part is not None
        try:
            saved = orjson.loads(checkpoint_path(self.target).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            saved = None
        if not isinstance(saved, dict):
            if os.path.getsize(self.part):
                raise ValueError(f"{self.part} cannot be checked against this input (no readable "
                                 f"{checkpoint_path(self.target).name}); rerun without --resume")
            return
        if self._settings is not None and saved.get("settings") != self._settings:
            differ = ", ".join(f"{key} {saved.get('settings', {}).get(key)!r} then, {value!r} now"
                               for key, value in self._settings.items()
                               if saved.get("settings", {}).get(key) != value)
            raise ValueError(f"{self.part} was written with other settings ({differ}); rerun with the same "
                             "options, or without --resume")
        self.resumed = _recover(self.part, self._stream, int(saved.get("records", 0)))
        if len(self.resumed.ids) < int(saved.get("records", 0)):
            raise ValueError(f"{self.part} holds fewer records than its checkpoint says; rerun without --resume")
        self._expected = saved.get("digest")

    def add_done(self, note: Note) -> None:
        """Count a note whose record the resumed part file already holds (in input order)."""
        self._chain.update(note_digest(note))

    def done_matches(self) -> bool:
        """Whether the notes given to `add_done` are the ones the part file was made from."""
        return self._expected is None or self._chain.hexdigest() == self._expected

    def _guard(self, action, *args) -> None:
        try:
            action(*args)
        except OSError as problem:
            raise OutputError(f"cannot write {self.part or self.name}: {problem.strerror or problem}") from problem

    def write(self, record: Mapping[str, Any], digest: Optional[bytes] = None) -> None:
        if self._csv is not None:
            self._guard(self._csv.writerow, _csv_row(record))
        else:
            self._guard(self._stream.write, dumps(record))
        if digest is not None:
            self._chain.update(digest)
        self.written += 1

    def write_lines(self, lines: bytes, count: int, digests: bytes = b"") -> None:
        """`count` records already serialised as JSON lines (`dumps`), with their notes'
        digests joined (the chain hashes them as if each were given to `write`)."""
        assert self._csv is None
        self._guard(self._stream.write, lines)
        if digests:
            self._chain.update(digests)
        self.written += count

    def flush(self) -> None:
        if self._csv is not None:
            self._guard(self._text.flush)
        self._guard(self._stream.flush)
        self._save_checkpoint()

    def _save_checkpoint(self, now: bool = False) -> None:
        if self._settings is None or self.part is None:
            return
        # At most once a second: a rename costs milliseconds on some file systems, and records
        # after the last checkpoint are only made again on --resume.
        if not now and time.monotonic() - self._checkpointed < 1.0:
            return
        self._checkpointed = time.monotonic()
        path = checkpoint_path(self.target)  # type: ignore[arg-type]
        state = {"settings": self._settings, "records": len(self.resumed.ids) + self.written,
                 "digest": self._chain.hexdigest()}
        staged = path.with_name(path.name + ".tmp")
        self._guard(staged.write_bytes, orjson.dumps(state))
        self._guard(os.replace, staged, path)

    def _release(self) -> None:
        if self._csv is not None:
            self._text.flush()
            self._text.detach()
            self._csv = None
        self._stream.flush()

    def close(self) -> None:
        self._guard(self._release)
        if self.part is not None:
            self._guard(os.fsync, self._stream.fileno())
            self._stream.close()
            self._guard(os.replace, self.part, self.target)
            checkpoint_path(self.target).unlink(missing_ok=True)  # type: ignore[arg-type]
        elif self.straight:
            self._stream.close()

    def abort(self, keep: bool = False) -> None:
        """Stop without renaming; the part file stays when `keep` (for --resume), else goes."""
        if self.part is None:
            if self.straight:
                try:
                    self._stream.close()
                except OSError:
                    pass
            return
        flushed = False
        try:
            self._release()
            flushed = True
        except OSError:  # e.g. the disk is full: the checkpoint keeps what was flushed before
            pass
        finally:
            try:
                self._stream.close()
            except OSError:
                pass
            if not keep:
                self.part.unlink(missing_ok=True)
                checkpoint_path(self.target).unlink(missing_ok=True)  # type: ignore[arg-type]
        if keep and flushed and self.written:  # (the chain is only whole once the resumed notes matched)
            try:
                self._save_checkpoint(now=True)
            except OSError:
                pass

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            keep = self.format == "jsonl" and bool(self.written or self.resumed.ids) and not isinstance(value, InputError)
            self.abort(keep=keep or bool(self.resumed.ids))


def open_writer(target: Union[str, Path, None], resume: bool = False,
                settings: Optional[Mapping[str, Any]] = None) -> Any:
    """The writer for `target`: `parquet_io.ParquetWriter` for a .parquet name, else `Writer`
    (which also checks on --resume that the answers' settings are those of the part file)."""
    if target not in (None, "-") and Path(target).suffix.lower() in PARQUET_SUFFIXES:
        from .parquet_io import ParquetWriter
        return ParquetWriter(target, resume=resume)
    return Writer(target, resume=resume, settings=settings)


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

    @staticmethod
    def digest(note_id: str) -> bytes:
        """The 8 bytes `add_digest` takes (worker processes compute them for the parent)."""
        return hashlib.blake2b(note_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()

    def add(self, note_id: str) -> bool:
        """Record `note_id`; True (and counted as a duplicate) when it was met before."""
        return self.add_digest(int.from_bytes(self.digest(note_id), "little"), note_id)

    def add_digest(self, digest: int, note_id: Any) -> bool:
        """`add` for an id's digest (`digest(note_id)` read as a little-endian integer);
        `note_id`, the id or a function giving it, names the first duplicate."""
        digest = digest or 1  # 0 marks an empty slot
        if self._insert(self._table, digest):
            self.duplicates += 1
            if self.first_duplicate is None:
                self.first_duplicate = note_id() if callable(note_id) else note_id
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
