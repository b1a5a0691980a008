"""Parquet in and out (`pip install "ecmo-cpt[parquet]"`), streamed with pyarrow.

Notes are read in record batches of a few hundred rows, only the columns the extractor uses,
with buffered column-chunk reads: memory stays flat whatever the file's size or row groups.
Each row goes through the CLI's own record reader (`io.note_from_record`), so a Parquet file
and a JSON-lines file with the same notes give the same records.

Results are written with the output contract's columns and types, the Spark helper's schema
(`arrow_schema()`). Like JSONL output, they go to `OUTPUT.part` first: for Parquet a folder of
numbered chunk files, each written whole and renamed into place, so a killed run leaves only
complete chunks. `close()` joins them into `OUTPUT` (row groups of ROW_GROUP_ROWS records
whatever the chunks were, so a resumed run writes the same bytes as a clean one) and removes
the folder; `ParquetWriter(target, resume=True)` continues from the chunks a stopped run left.
"""
from __future__ import annotations

import decimal
import os
import shutil
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Union

from .io import FIELDS, MAX_NOTE_CHARS, META_FIELDS, Note, Resumed, _lock, note_from_record, part_path

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

SUFFIXES = (".parquet", ".pq")
# Rows per record batch read: a batch of long notes stays in the tens of megabytes.
READ_ROWS = 256
# Column chunks are read through a buffer of this size instead of whole (a row group of a
# 200,000-note file written by Spark or pandas may hold all its texts in one chunk).
READ_BUFFER = 1 << 20
# A chunk of OUTPUT.part is written when this many records wait, or COMMIT_SECONDS after the
# last one: what a SIGKILL can cost, redone by --resume.
CHUNK_ROWS = 1024
COMMIT_SECONDS = 5.0
ROW_GROUP_ROWS = 8192
_CHUNK = "chunk-{:06d}.parquet"

MetaCols = Union[Sequence[str], Mapping[str, str]]


def is_parquet(path: Union[str, Path, None]) -> bool:
    return path not in (None, "-") and Path(str(path)).suffix.lower() in SUFFIXES


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ValueError("Parquet needs pyarrow: pip install 'ecmo-cpt[parquet]'") from None
    return pyarrow


def arrow_schema() -> "pa.Schema":
    """The output contract as an Arrow schema: the Spark helper's SCHEMA_DDL, column for column."""
    pa = _pyarrow()
    evidence = pa.struct([("label", pa.string()), ("text", pa.string()), ("start", pa.int32()),
                          ("end", pa.int32()), ("section", pa.string())])
    kinds = {"codes": pa.list_(pa.string()), "reasons": pa.list_(pa.string()), "evidence": pa.list_(evidence),
             "reposition": pa.bool_(), "fluoroscopy": pa.bool_(), "needs_review": pa.bool_(),
             "age_years": pa.int32()}
    return pa.schema([(name, kinds.get(name, pa.string())) for name in FIELDS])


# --- reading notes ---------------------------------------------------------------------------

def _open(path: Union[str, Path]):
    pa = _pyarrow()
    try:
        return pa.parquet.ParquetFile(str(path), buffer_size=READ_BUFFER, pre_buffer=False)
    except (pa.ArrowException, OSError) as problem:
        raise ValueError(f"not a readable Parquet file: {problem}") from None


def count_rows(path: Union[str, Path]) -> Optional[int]:
    """The number of rows the file's footer gives (for the progress bar), or None."""
    try:
        return _open(path).metadata.num_rows
    except ValueError:
        return None


def _plain_id(value: Any) -> Any:
    """An id cell as the record's id: bytes decoded, a whole float (an int column with nulls
    elsewhere, once through pandas) as an int, as the pandas helper reads it."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain_meta(value: Any) -> Any:
    return float(value) if isinstance(value, decimal.Decimal) else value


def _text_error(value: bytes, position: int) -> Optional[str]:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"row {position}: 'text' is not valid UTF-8 (byte 0x{value[bad.start]:02x} at byte {bad.start + 1})"
    return None


def resolve_columns(names: Sequence[str], id_col: str = "id", text_col: str = "text",
                    meta_cols: Optional[MetaCols] = None) -> tuple[Optional[str], str, dict[str, str], bool]:
    """(id column or None, text column, {meta field: column}, nested meta) for a file with
    columns `names`. Raises ValueError naming what is missing. `meta_cols` None means the
    defaults: the columns named like the metadata fields that exist, else a struct column
    `meta` (the shape of our JSONL input). Named columns must exist."""
    present = set(names)
    if text_col not in present:
        raise ValueError(f"no text column {text_col!r} in the Parquet file (columns: {', '.join(names)}); "
                         "name it with --text-col")
    if meta_cols is None:
        meta = {field: field for field in META_FIELDS if field in present}
        nested = not meta and "meta" in present
        return (id_col if id_col in present else None), text_col, meta, nested
    mapping = dict(meta_cols) if isinstance(meta_cols, Mapping) else {name: name for name in meta_cols}
    unknown = set(mapping) - set(META_FIELDS)
    if unknown:
        raise ValueError(f"unknown metadata field(s) {', '.join(sorted(unknown))}; known: {', '.join(META_FIELDS)}")
    missing = [column for column in mapping.values() if column not in present]
    if missing:
        raise ValueError(f"no column {', '.join(map(repr, missing))} in the Parquet file (columns: {', '.join(names)})")
    return (id_col if id_col in present else None), text_col, mapping, False


def read_parquet(path: Union[str, Path], id_col: str = "id", text_col: str = "text",
                 meta_cols: Optional[MetaCols] = None, max_chars: Optional[int] = MAX_NOTE_CHARS,
                 id_required: bool = False) -> Iterator[Note]:
    """One Note per row, in file order, read in record batches (see `resolve_columns` for the
    columns; a row without an id gets `line:N`, N its row counting from 1, unless `id_required`
    and the id column is missing, which is an error). Raises ValueError before the first note
    when the file or a column cannot be used; a row that cannot be used is a Note with `error`."""
    reader = _open(path)
    names = reader.schema_arrow.names
    if id_required and id_col not in names:
        raise ValueError(f"no id column {id_col!r} in the Parquet file (columns: {', '.join(names)})")
    id_name, text_name, meta, nested = resolve_columns(names, id_col, text_col, meta_cols)
    wanted = list(dict.fromkeys([c for c in (id_name, text_name, *meta.values()) if c] + (["meta"] if nested else [])))
    position = 0
    for batch in reader.iter_batches(batch_size=READ_ROWS, columns=wanted, use_threads=False):
        columns = {name: batch.column(name).to_pylist() for name in wanted}
        for row in range(batch.num_rows):
            position += 1
            text = columns[text_name][row]
            raw_id = _plain_id(columns[id_name][row]) if id_name else None
            if isinstance(text, bytes):  # a binary column: UTF-8 or a per-row error
                problem = _text_error(text, position)
                if problem:
                    yield Note(str(raw_id) if raw_id not in (None, "") else f"line:{position}", error=problem)
                    continue
                text = text.decode("utf-8")
            record: dict[str, Any] = {"id": raw_id, "text": text}
            if nested:
                record["meta"] = columns["meta"][row]
            else:
                record["meta"] = {field: _plain_meta(columns[column][row]) for field, column in meta.items()}
            yield note_from_record(record, position, max_chars)


# --- reading results ---------------------------------------------------------------------------

def read_results(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """Output records of a Parquet results file, as dicts with the contract's fields, in order."""
    reader = _open(path)
    for batch in reader.iter_batches(batch_size=READ_ROWS, use_threads=False):
        yield from batch.to_pylist()


# --- writing results ---------------------------------------------------------------------------

class ParquetWriter:
    """The Parquet counterpart of `io.Writer` (same methods and attributes, used by the CLI).

    Records wait in memory until CHUNK_ROWS of them or COMMIT_SECONDS have gathered, then go
    to the next chunk file of the `OUTPUT.part` folder (written as `.tmp`, renamed whole).
    A lock file in the folder refuses a second run writing the same OUTPUT."""

    format = "parquet"

    def __init__(self, target: Union[str, Path], resume: bool = False) -> None:
        self._pa = _pyarrow()
        self.schema = arrow_schema()
        self.target = Path(target)
        self.part: Optional[Path] = part_path(self.target)
        self.resumed = Resumed()
        self.written = 0
        self._buffer: list[dict[str, Any]] = []
        self._chunks = 0
        self._last_commit = time.monotonic()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if self.part.is_file() or self.part.is_symlink():
            if resume:
                raise ValueError(f"{self.part} is a file, not the folder a Parquet run leaves; rerun without --resume")
            self.part.unlink()
        self.part.mkdir(exist_ok=True)
        self._lock: IO[bytes] = open(self.part / ".lock", "ab")
        try:
            _lock(self._lock)
            if resume:
                self._recover()
            else:
                self._clear()
        except BaseException:
            self._lock.close()
            raise

    def _chunk_files(self) -> list[Path]:
        return sorted(self.part.glob("chunk-*.parquet"))

    def _clear(self) -> None:
        for path in self.part.iterdir():
            if path.name != ".lock":
                path.unlink()

    def _recover(self) -> None:
        """Count what the chunks of an earlier run hold; a chunk that cannot be read (and every
        one after it) is dropped, as a torn last JSONL line is."""
        for path in self.part.glob("*.tmp"):
            path.unlink()
        chunks = self._chunk_files()
        for number, path in enumerate(chunks, start=1):
            try:
                if path.name != _CHUNK.format(number):
                    raise ValueError("a chunk is missing before it")
                table = self._pa.parquet.read_table(path, columns=["id", "codes", "needs_review", "error"])
            except (self._pa.ArrowException, OSError, ValueError):
                for later in chunks[number - 1:]:
                    later.unlink()
                break
            self.resumed.ids.extend(str(i) for i in table.column("id").to_pylist())
            self.resumed.suggested += sum(bool(c) for c in table.column("codes").to_pylist())
            self.resumed.needs_review += sum(bool(n) for n in table.column("needs_review").to_pylist())
            self.resumed.errors += sum(e is not None for e in table.column("error").to_pylist())
            self._chunks = number

    def add_done(self, note: Any) -> None:
        """(`io.Writer` checks a fingerprint of the resumed notes; a Parquet part checks ids only.)"""

    def done_matches(self) -> bool:
        return True

    def write(self, record: Mapping[str, Any], digest: Optional[bytes] = None) -> None:
        self._buffer.append({name: record.get(name) for name in FIELDS})
        self.written += 1
        if len(self._buffer) >= CHUNK_ROWS:
            self._commit()

    def flush(self) -> None:
        """Commit the waiting records when enough of them, or enough time, has gathered."""
        if self._buffer and time.monotonic() - self._last_commit >= COMMIT_SECONDS:
            self._commit()

    def _commit(self) -> None:
        if not self._buffer:
            return
        table = self._table(self._buffer)
        self._chunks += 1
        final = self.part / _CHUNK.format(self._chunks)
        temporary = final.with_name(final.name + ".tmp")
        self._pa.parquet.write_table(table, temporary)
        os.replace(temporary, final)
        self._buffer = []
        self._last_commit = time.monotonic()

    def _table(self, records: list[dict[str, Any]]) -> "pa.Table":
        try:
            return self._pa.Table.from_pylist(records, schema=self.schema)
        except (self._pa.ArrowException, UnicodeEncodeError):
            from .io import _scrub  # lone surrogates (possible from Python only) cannot be UTF-8
            return self._pa.Table.from_pylist([_scrub(r) for r in records], schema=self.schema)

    def close(self) -> None:
        """Commit the last records, join the chunks into OUTPUT and remove the part folder."""
        pq = self._pa.parquet
        self._commit()
        joined = self.part / "joined.parquet.tmp"
        with pq.ParquetWriter(joined, self.schema) as out:
            waiting: list["pa.Table"] = []
            rows = 0
            for path in self._chunk_files():
                table = pq.read_table(path, schema=self.schema)
                waiting.append(table)
                rows += table.num_rows
                while rows >= ROW_GROUP_ROWS:
                    whole = self._pa.concat_tables(waiting)
                    out.write_table(whole.slice(0, ROW_GROUP_ROWS), row_group_size=ROW_GROUP_ROWS)
                    rest = whole.slice(ROW_GROUP_ROWS)
                    waiting, rows = [rest], rest.num_rows
            if rows:
                out.write_table(self._pa.concat_tables(waiting), row_group_size=ROW_GROUP_ROWS)
        with open(joined, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(joined, self.target)
        self._lock.close()
        shutil.rmtree(self.part, ignore_errors=True)

    def abort(self, keep: bool = False) -> None:
        """Stop without writing OUTPUT; the part folder stays (waiting records committed) when
        `keep` (for --resume), else goes."""
        try:
            if keep:
                self._commit()
        finally:
            self._lock.close()
            if not keep:
                shutil.rmtree(self.part, ignore_errors=True)

    def __enter__(self) -> "ParquetWriter":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort(keep=bool(self.written or self.resumed.ids))
