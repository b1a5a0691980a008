"""OMOP CDM source and sink (`pip install "ecmo-cpt[omop]"`): notes from NOTE, with the date of
birth from PERSON, results to NOTE_NLP, through SQLAlchemy Core (any database with a driver).

    ecmo-cpt omop --db postgresql+psycopg://user@host/cdm --schema cdm [--where SQL] [--since DATE]

Reading: NOTE left-joined to PERSON, ordered by note_id, in batches: a server-side cursor on a
connection of its own (`stream_results`), or on SQLite, whose one writer cannot commit while a
reader holds the file, keyset pages (`note_id > last LIMIT n`) read between the writes. Each row
becomes a record of the CLI's own reader (`io.note_from_record`): the id is note_id, the text
note_text, the date of service note_date, the date of birth PERSON's birth_datetime or its
year, month and day of birth when all three are known.

Writing: for each note, one NOTE_NLP row per evidence span and one decision row (a row per
suggested code, or one `needs review`, `no code` or `error` row), all with `nlp_system` =
NLP_SYSTEM; a note with nothing to say (no ECMO word) gets no row. Each batch of notes is one
transaction: our earlier rows for those notes (any ecmo-cpt version) are deleted and the new
ones inserted, so a rerun replaces and a killed run leaves whole batches; other systems' rows
are never touched. See README, section OMOP CDM, for the columns and concept ids.
"""
from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from importlib.resources import files
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Optional, Sequence

from . import __version__
from .io import MAX_NOTE_CHARS, Note, note_from_record

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.sql import Select
    from sqlalchemy.sql.schema import Table

NLP_SYSTEM = f"ecmo-cpt {__version__}"
# Our rows, whatever version wrote them: a rerun with a newer version replaces an older one's.
OUR_ROWS = "ecmo-cpt %"
NO_CONCEPT = 0  # OMOP's "No matching concept"
CPT_VOCABULARY = "CPT4"
FAMILY = ("33957", "33958", "33959", "33962", "33963", "33964")
BATCH_NOTES = 256
# What each table must have (lower case; names are matched whatever their case in the database).
NOTE_COLUMNS = ("note_id", "person_id", "note_date", "note_text")
PERSON_COLUMNS = ("person_id", "year_of_birth", "month_of_birth", "day_of_birth")
NOTE_NLP_COLUMNS = ("note_nlp_id", "note_id", "section_concept_id", "snippet", "offset", "lexical_variant",
                    "note_nlp_concept_id", "nlp_system", "nlp_date", "term_exists", "term_temporal",
                    "term_modifiers")
# Written when the table has them (both are in v5.3 and v5.4).
NOTE_NLP_OPTIONAL = ("note_nlp_source_concept_id", "nlp_datetime")
# OMOP v5.4 column sizes, used when the database does not say.
LENGTHS = {"snippet": 250, "offset": 50, "lexical_variant": 250, "nlp_system": 250, "term_exists": 1,
           "term_temporal": 50, "term_modifiers": 2000}
RETRIES = 3  # a batch whose new note_nlp_ids another writer took meanwhile is tried again


class OmopError(Exception):
    """The database cannot be used: no driver, no connection, a missing table or column."""


def _sqlalchemy():
    try:
        import sqlalchemy
    except ImportError:
        raise OmopError("the omop command needs SQLAlchemy: pip install 'ecmo-cpt[omop]' "
                        "(and the database's driver, e.g. 'ecmo-cpt[postgresql]')") from None
    return sqlalchemy


# --- the database ---------------------------------------------------------------------------------

@dataclass
class Cdm:
    """The three tables of one CDM, reflected, with their columns by lower-case name."""

    engine: "Engine"
    note: "Table"
    person: "Table"
    note_nlp: "Table"
    concept: Optional["Table"] = None
    where: str = ""  # for messages: "schema cdm" or "the default schema"

    def column(self, table: "Table", name: str) -> Any:
        return {c.name.lower(): c for c in table.columns}.get(name)


def shown_url(url: Any) -> str:
    """The URL without its password, for messages."""
    try:
        return url.render_as_string(hide_password=True)
    except AttributeError:
        return str(url)


def connect(url: str, schema: Optional[str] = None, nlp_schema: Optional[str] = None,
            vocabulary_schema: Optional[str] = None) -> Cdm:
    """An engine for `url` with NOTE, PERSON and NOTE_NLP reflected and checked. Raises OmopError
    naming the problem: a URL that cannot be read, a missing driver, a failed connection, a
    missing table or column. CONCEPT (optional) gives the CPT4 concept ids."""
    sa = _sqlalchemy()
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as problem:
        raise OmopError(f"--db is not a database URL ({problem}); e.g. sqlite:///cdm.sqlite or "
                        "postgresql+psycopg://user@host:5432/cdm") from None
    if parsed.get_backend_name() == "sqlite":
        from pathlib import Path

        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:") and not Path(database).is_file():
            raise OmopError(f"SQLite database not found: {database}")  # connecting would create an empty one
    try:
        engine = sa.create_engine(parsed)
    except (sa.exc.NoSuchModuleError, ImportError) as problem:
        raise OmopError(f"no driver for {parsed.drivername} ({problem}): install it, e.g. "
                        "pip install 'ecmo-cpt[postgresql]' for postgresql+psycopg://") from None
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            found = {}
            for role, table_schema in (("note", schema), ("person", schema), ("note_nlp", nlp_schema or schema)):
                found[role] = _reflect(sa, conn, inspector, role, table_schema)
            concept = _reflect(sa, conn, inspector, "concept", vocabulary_schema or schema, required=False)
    except sa.exc.DBAPIError as problem:
        engine.dispose()
        if problem.connection_invalidated or isinstance(problem, (sa.exc.OperationalError, sa.exc.InterfaceError)):
            raise OmopError(f"cannot connect to {shown_url(parsed)}: {_first_line(problem.orig)}") from None
        raise OmopError(f"cannot read the tables of {shown_url(parsed)}: {_first_line(problem.orig)}") from None
    cdm = Cdm(engine, found["note"], found["person"], found["note_nlp"], concept,
              f"schema {schema}" if schema else "the default schema")
    for table, needed in ((cdm.note, NOTE_COLUMNS), (cdm.person, PERSON_COLUMNS), (cdm.note_nlp, NOTE_NLP_COLUMNS)):
        have = [c.name for c in table.columns]
        missing = [name for name in needed if cdm.column(table, name) is None]
        if missing:
            engine.dispose()
            raise OmopError(f"table {table.fullname} has no column {', '.join(missing)} (it has: {', '.join(have)}); "
                            f"ecmo-cpt needs the OMOP CDM v5.4 columns {', '.join(needed)}")
    return cdm


def _first_line(problem: Any) -> str:
    return str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__


def _reflect(sa: Any, conn: "Connection", inspector: Any, name: str, schema: Optional[str],
             required: bool = True) -> Optional["Table"]:
    """The table called `name` in any case (NOTE, note, Note), reflected; OmopError when it is
    missing and `required`."""
    try:
        names = inspector.get_table_names(schema=schema) + inspector.get_view_names(schema=schema)
    except sa.exc.NoSuchTableError:
        names = []
    except sa.exc.DBAPIError:
        raise
    except Exception as problem:  # an unknown schema, on some dialects
        raise OmopError(f"cannot list the tables of schema {schema}: {problem}") from None
    matches = [n for n in names if n.lower() == name]
    if not matches:
        if not required:
            return None
        where = f"schema {schema}" if schema else "the default schema"
        shown = ", ".join(sorted(names)[:30]) + (" ..." if len(names) > 30 else "") if names else "none"
        raise OmopError(f"table {name.upper()} not found in {where} (tables there: {shown}); "
                        "name the CDM schema with --schema")
    actual = name if name in matches else matches[0]
    return sa.Table(actual, sa.MetaData(), schema=schema, autoload_with=conn)


def create_note_tables(engine: "Engine", schema: Optional[str] = None) -> None:
    """Create PERSON, NOTE and NOTE_NLP with OHDSI's OMOP CDM v5.4 DDL (PostgreSQL or SQLite),
    to try the command on; a hospital's CDM has them already."""
    sa = _sqlalchemy()
    dialect = engine.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise OmopError(f"create_note_tables has the DDL for postgresql and sqlite, not {dialect}")
    ddl = (files("extractor") / "omop_ddl" / f"{dialect}.sql").read_text()
    prefix = engine.dialect.identifier_preparer.quote_schema(schema) + "." if schema else ""
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", ddl).split(";") if s.strip()]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement.replace("@cdmDatabaseSchema.", prefix)))


# --- reading notes --------------------------------------------------------------------------------

def _as_date(value: Any) -> Optional[date]:
    """A date from a DATE/TIMESTAMP value as the driver gives it, an ISO string, or a number of
    seconds since 1970 (how OHDSI's SQLite CDMs keep dates); ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=value)).date()
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise ValueError(f"not a date: {value!r}")


def birth_date(row: Mapping[str, Any]) -> tuple[Optional[date], Optional[str]]:
    """(date of birth, None), or (None, why not usable). PERSON's birth_datetime, else its year,
    month and day of birth when all three are given; a year alone dates no birthday: None."""
    try:
        born = _as_date(row.get("birth_datetime"))
    except (ValueError, OverflowError):
        return None, f"person.birth_datetime is not a date: {row.get('birth_datetime')!r}"
    if born is not None:
        return born, None
    year, month, day = row.get("year_of_birth"), row.get("month_of_birth"), row.get("day_of_birth")
    if year is None or month is None or day is None:
        return None, None
    try:
        return date(int(year), int(month), int(day)), None
    except (ValueError, TypeError, OverflowError):
        return None, (f"person.year_of_birth, month_of_birth, day_of_birth are not a date: "
                      f"{year!r}, {month!r}, {day!r}")


def note_from_row(row: Mapping[str, Any], position: int, max_chars: Optional[int] = MAX_NOTE_CHARS) -> Note:
    """The Note of one NOTE row joined to PERSON (keys: the lower-case column names)."""
    note_id = row["note_id"]
    try:
        service = _as_date(row.get("note_date")) or _as_date(row.get("note_datetime"))
    except (ValueError, OverflowError):
        return Note(str(note_id), error=f"note.note_date is not a date: {row.get('note_date')!r}")
    dob, problem = birth_date(row)
    if problem:
        return Note(str(note_id), error=problem)
    record = {"id": note_id, "text": row.get("note_text"), "meta": {"service_date": service, "dob": dob}}
    note = note_from_record(record, position, max_chars)
    if note.error and note.error.startswith("meta."):  # say where those values came from
        note.error += " (service_date: note.note_date; dob: the person's date of birth)"
    return note


@dataclass
class Selection:
    """Which notes to read: SQL of the caller's own (`--where`, tables named note and person),
    notes dated on or after `since`, notes after `after_note_id`."""

    where: Optional[str] = None
    since: Optional[date] = None
    after_note_id: Optional[int] = None


def _date_at_least(sa: Any, cdm: Cdm, column: Any, since: date) -> Any:
    """column >= since; on SQLite also for dates kept as seconds since 1970 (OHDSI's SQLite CDMs),
    which SQLite would otherwise rank below every text."""
    if cdm.engine.dialect.name != "sqlite":
        return column >= since
    seconds = (datetime(since.year, since.month, since.day, tzinfo=timezone.utc)
               - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()
    raw = sa.type_coerce(column, sa.types.NullType())
    kind = sa.func.typeof(raw)
    return sa.or_(sa.and_(kind == "text", raw >= since.isoformat()),
                  sa.and_(kind.in_(["integer", "real"]), raw >= seconds))


def notes_query(cdm: Cdm, selection: Selection) -> "Select":
    """NOTE left-joined to PERSON, the columns we read, ordered by note_id. Dates and times come
    as the driver gives them (`_as_date` reads them), whatever type the column was declared with."""
    sa = _sqlalchemy()
    note, person = cdm.note.alias("note"), cdm.person.alias("person")
    n = {c.name.lower(): c for c in note.columns}
    p = {c.name.lower(): c for c in person.columns}
    raw = sa.types.NullType()
    columns = [n["note_id"].label("note_id"), n["note_text"].label("note_text"),
               sa.type_coerce(n["note_date"], raw).label("note_date")]
    if "note_datetime" in n:
        columns.append(sa.type_coerce(n["note_datetime"], raw).label("note_datetime"))
    columns += [p[name].label(name) for name in ("year_of_birth", "month_of_birth", "day_of_birth")]
    if "birth_datetime" in p:
        columns.append(sa.type_coerce(p["birth_datetime"], raw).label("birth_datetime"))
    query = sa.select(*columns).select_from(note.outerjoin(person, n["person_id"] == p["person_id"]))
    if selection.since is not None:
        query = query.where(_date_at_least(sa, cdm, n["note_date"], selection.since))
    if selection.after_note_id is not None:
        query = query.where(n["note_id"] > selection.after_note_id)
    if selection.where:
        query = query.where(sa.text(selection.where))  # the caller's own SQL, on their own database
    return query.order_by(n["note_id"])


def read_rows(cdm: Cdm, selection: Selection, batch: int = BATCH_NOTES) -> Iterator[dict[str, Any]]:
    """The selected rows as dicts, in note_id order, `batch` at a time (see the module's doc)."""
    query = notes_query(cdm, selection)
    if cdm.engine.dialect.name == "sqlite":
        note_id = query.selected_columns.note_id
        last = None
        while True:
            page = query if last is None else query.where(note_id > last)
            with cdm.engine.connect() as conn:
                rows = [dict(row._mapping) for row in conn.execute(page.limit(batch))]
            if not rows:
                return
            yield from rows
            last = rows[-1]["note_id"]
        return
    with cdm.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for part in result.partitions():
            for row in part:
                yield dict(row._mapping)


def count_notes(cdm: Cdm, selection: Selection) -> int:
    sa = _sqlalchemy()
    query = notes_query(cdm, selection).order_by(None)
    with cdm.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()


# --- NOTE_NLP rows --------------------------------------------------------------------------------

def concept_ids(cdm: Cdm) -> dict[str, int]:
    """{CPT code: its CPT4 concept_id} from the database's CONCEPT table; codes it lacks (or
    all, without the table) are absent and get NO_CONCEPT."""
    if cdm.concept is None:
        return {}
    sa = _sqlalchemy()
    c = {col.name.lower(): col for col in cdm.concept.columns}
    if not {"concept_id", "concept_code", "vocabulary_id"} <= set(c):
        return {}
    query = sa.select(c["concept_code"], c["concept_id"]).where(
        c["vocabulary_id"] == CPT_VOCABULARY, c["concept_code"].in_(FAMILY))
    with cdm.engine.connect() as conn:
        return {str(code): int(concept) for code, concept in conn.execute(query)}


def snippet(text: str, start: int, end: int, width: int = 250) -> str:
    """About `width` characters of `text` around [start, end), whitespace runs as one space."""
    spare = max(0, width - (end - start))
    low = max(0, start - spare // 2)
    high = min(len(text), max(end, low + width))
    low = max(0, min(low, high - width))
    return " ".join(text[low:high].split())[:width]


def _fit(modifiers: dict[str, Any], limit: int) -> str:
    """`modifiers` as compact JSON within `limit` characters: reasons dropped from the end (their
    count kept in `reasons_omitted`), then long texts cut, so it always parses."""
    def dump(value: dict[str, Any]) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    text = dump(modifiers)
    reasons = list(modifiers.get("reasons") or [])
    dropped = 0
    while len(text) > limit and reasons:
        reasons.pop()
        dropped += 1
        text = dump({**modifiers, "reasons": reasons, "reasons_omitted": dropped})
    if len(text) > limit:
        cut = {k: (v[:100] + "..." if isinstance(v, str) and len(v) > 100 else v) for k, v in modifiers.items()
               if k != "reasons"}
        text = dump({**cut, "reasons": [], "reasons_omitted": len(modifiers.get("reasons") or [])})
    return text[:limit]


def nlp_rows(record: Mapping[str, Any], text: str, concepts: Mapping[str, int],
             lengths: Mapping[str, int] = LENGTHS) -> list[dict[str, Any]]:
    """The NOTE_NLP rows of one output record (without note_id, note_nlp_id, nlp_system and the
    dates): one per evidence span, then its decision rows. A record with no code, no review, no
    error and no evidence (a note with no ECMO word) has none."""
    def cut(name: str, value: Optional[str]) -> Optional[str]:
        return value if value is None else value[:lengths.get(name, LENGTHS[name])]

    limit = lengths.get("term_modifiers", LENGTHS["term_modifiers"])
    rows: list[dict[str, Any]] = []
    for item in record.get("evidence") or []:
        rows.append({
            "section_concept_id": NO_CONCEPT, "note_nlp_concept_id": NO_CONCEPT, "note_nlp_source_concept_id": NO_CONCEPT,
            "lexical_variant": cut("lexical_variant", item["text"]), "offset": cut("offset", str(item["start"])),
            "snippet": cut("snippet", snippet(text, item["start"], item["end"])),
            "term_exists": None, "term_temporal": None,
            "term_modifiers": _fit({"kind": "evidence", "label": item["label"], "start": item["start"],
                                    "end": item["end"], "section": item.get("section")}, limit)})
    if record.get("error"):
        decisions = [("error", None)]
    elif record.get("codes"):
        decisions = [("code", str(code)) for code in record["codes"]]
    elif record.get("needs_review"):
        decisions = [("review", None)]
    elif rows:
        decisions = [("no_code", None)]
    else:
        return rows
    act = next((e for e in record.get("evidence") or [] if e["label"] == "reposition"), None)
    facts = {name: record.get(name) for name in ("reposition", "approach", "fluoroscopy", "age_years",
                                                  "age_source", "needs_review", "rule")}
    for kind, code in decisions:
        concept = concepts.get(code, NO_CONCEPT) if code else NO_CONCEPT
        modifiers: dict[str, Any] = {"kind": kind}
        if code:
            modifiers["code"] = code
        if kind == "error":
            modifiers["error"] = record["error"]
        else:
            modifiers.update(facts)
            modifiers["reasons"] = list(record.get("reasons") or [])
        rows.append({
            "section_concept_id": NO_CONCEPT, "note_nlp_concept_id": concept, "note_nlp_source_concept_id": concept,
            "lexical_variant": cut("lexical_variant", code or {"error": "error", "review": "needs review",
                                                               "no_code": "no code"}[kind]),
            "offset": cut("offset", str(act["start"])) if act and kind != "error" else None,
            "snippet": cut("snippet", snippet(text, act["start"], act["end"])) if act and kind != "error" else None,
            "term_exists": "Y" if kind == "code" else None, "term_temporal": "present" if kind == "code" else None,
            "term_modifiers": _fit(modifiers, limit)})
    return rows


def record_from_rows(rows: Sequence[Mapping[str, Any]], note_id: Any) -> dict[str, Any]:
    """The output record that a note's NOTE_NLP rows (in note_nlp_id order) stand for: the
    inverse of `nlp_rows`, for checking and for reading results back. A note without rows is
    the answer for a note with no ECMO word (as far as NOTE_NLP tells: facts unknown are None)."""
    record: dict[str, Any] = {"id": str(note_id), "codes": [], "needs_review": False, "evidence": [], "error": None,
                              "reasons": [], "reposition": False, "approach": None, "fluoroscopy": False,
                              "age_years": None, "age_source": None, "rule": None}
    for row in rows:
        modifiers = json.loads(row["term_modifiers"])
        kind = modifiers.pop("kind")
        if kind == "evidence":
            record["evidence"].append({"label": modifiers["label"], "text": row["lexical_variant"],
                                       "start": modifiers["start"], "end": modifiers["end"],
                                       "section": modifiers["section"]})
            continue
        if kind == "error":
            record["error"] = modifiers["error"]
            record["rule"] = "ERROR"
            continue
        if kind == "code":
            record["codes"].append(modifiers.pop("code"))
        for name in ("reposition", "approach", "fluoroscopy", "age_years", "age_source", "needs_review", "rule", "reasons"):
            record[name] = modifiers.get(name, record[name])
    return record


# --- writing ----------------------------------------------------------------------------------------

def _stamp(column: Any, moment: datetime, day_only: bool) -> Any:
    """`moment` (or its day) as a value for `column`: a date or datetime for such types, seconds
    since 1970 for numbers (OHDSI's SQLite CDMs declare times REAL), ISO text otherwise."""
    sa = _sqlalchemy()
    day = datetime(moment.year, moment.month, moment.day)
    kind = column.type
    if isinstance(kind, sa.types.DateTime):
        return day if day_only else moment
    if isinstance(kind, sa.types.Date):
        return moment.date()
    if isinstance(kind, (sa.types.Float, sa.types.Numeric, sa.types.Integer)):
        return (day if day_only else moment).replace(tzinfo=timezone.utc).timestamp()
    return moment.date().isoformat() if day_only else moment.isoformat(sep=" ")


@dataclass
class Counts:
    notes: int = 0
    suggested: int = 0
    needs_review: int = 0
    errors: int = 0
    rows: int = 0
    replaced: int = 0
    last_note_id: Any = None  # the last note of the last committed batch


class NoteNlpWriter:
    """Writes batches of (note_id, record, text) to NOTE_NLP, one transaction per batch: our
    earlier rows for those notes deleted, the new ones inserted with note_nlp_ids after the
    table's largest."""

    def __init__(self, cdm: Cdm, concepts: Mapping[str, int], now: Optional[datetime] = None,
                 counts: Optional[Counts] = None) -> None:
        self._sa = _sqlalchemy()
        self.cdm = cdm
        self.concepts = dict(concepts)
        table = cdm.note_nlp
        self.columns = {c.name.lower(): c for c in table.columns}
        self.lengths = {name: getattr(self.columns[name].type, "length", None) or LENGTHS[name]
                        for name in LENGTHS if name in self.columns}
        moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0, tzinfo=None)
        self.fixed = {"nlp_system": NLP_SYSTEM[:self.lengths.get("nlp_system", 250)],
                      "nlp_date": _stamp(self.columns["nlp_date"], moment, day_only=True)}
        if "nlp_datetime" in self.columns:
            self.fixed["nlp_datetime"] = _stamp(self.columns["nlp_datetime"], moment, day_only=False)
        self.counts = counts if counts is not None else Counts()
        self._insert = table.insert()
        self._ours = self.columns["nlp_system"].like(OUR_ROWS)

    def write(self, batch: Sequence[tuple[Any, Mapping[str, Any], str]]) -> None:
        if not batch:
            return
        sa = self._sa
        rows = []
        for note_id, record, text in batch:
            for row in nlp_rows(record, text, self.concepts, self.lengths):
                row = {name: value for name, value in row.items() if name in self.columns}
                rows.append({**row, **self.fixed, "note_id": note_id})
        ids = [note_id for note_id, _, _ in batch]
        key_of = {name: self.columns[name].key for name in self.columns}
        for attempt in range(1, RETRIES + 1):
            try:
                with self.cdm.engine.begin() as conn:
                    deleted = conn.execute(sa.delete(self.cdm.note_nlp).where(
                        self.columns["note_id"].in_(ids), self._ours)).rowcount
                    if rows:
                        first = conn.execute(sa.select(sa.func.max(self.columns["note_nlp_id"]))).scalar() or 0
                        values = [{key_of[name]: value for name, value in row.items()} | {key_of["note_nlp_id"]: first + i}
                                  for i, row in enumerate(rows, start=1)]
                        conn.execute(self._insert, values)
                break
            except sa.exc.IntegrityError:
                if attempt == RETRIES:
                    raise
        self.counts.rows += len(rows)
        self.counts.replaced += max(deleted, 0)
        self.counts.last_note_id = ids[-1]
        for _, record, _ in batch:
            self.counts.notes += 1
            self.counts.suggested += bool(record.get("codes"))
            self.counts.needs_review += bool(record.get("needs_review"))
            self.counts.errors += record.get("error") is not None


def run(cdm: Cdm, selection: Selection, nlp: Any = None, workers: int = 1, batch_size: int = BATCH_NOTES,
        max_chars: Optional[int] = MAX_NOTE_CHARS, now: Optional[datetime] = None,
        progress: Any = None, counts: Optional[Counts] = None) -> Counts:
    """Read the selected notes, run the extractor (the CLI's `runner.run`) and write NOTE_NLP, one
    transaction per batch of `batch_size` notes. Returns the counts (`counts`, updated after each
    batch, when given: what was written when the run is stopped); `progress(n)` is called after
    each batch when given."""
    from .runner import run as run_notes

    writer = NoteNlpWriter(cdm, concept_ids(cdm), now, counts)
    pending: deque[tuple[Any, str]] = deque()  # (note_id, text) of the notes handed to the runner, in order

    def notes() -> Iterator[Note]:
        for position, row in enumerate(read_rows(cdm, selection, batch_size), start=1):
            note = note_from_row(row, position, max_chars)
            pending.append((row["note_id"], row.get("note_text") if isinstance(row.get("note_text"), str) else ""))
            yield note

    records = run_notes(notes(), workers=workers, batch_size=min(batch_size, 64), nlp=nlp)
    while True:
        batch = []
        for record in islice(records, batch_size):
            note_id, text = pending.popleft()
            batch.append((note_id, record, text))
        if not batch:
            return writer.counts
        writer.write(batch)
        if progress is not None:
            progress(len(batch))


# --- the command --------------------------------------------------------------------------------------

def _date_argument(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    import os

    parser.add_argument("--db", default=os.environ.get("ECMO_CPT_DB"), metavar="URL",
                        help="SQLAlchemy database URL, e.g. sqlite:///cdm.sqlite or postgresql+psycopg://user@host/db "
                             "(default: the ECMO_CPT_DB environment variable, which keeps a password off the command line)")
    parser.add_argument("--schema", default=None, help="schema of NOTE and PERSON (default: the database's default)")
    parser.add_argument("--nlp-schema", default=None, help="schema of NOTE_NLP (default: --schema)")
    parser.add_argument("--vocabulary-schema", default=None,
                        help="schema of CONCEPT, for the CPT4 concept ids (default: --schema)")
    parser.add_argument("--where", default=None, metavar="SQL",
                        help="only notes matching this SQL condition (tables named note and person), "
                             "e.g. \"note.note_title LIKE '%%procedure%%'\"")
    parser.add_argument("--since", type=_date_argument, default=None, metavar="DATE",
                        help="only notes with note_date on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--after-note-id", type=int, default=None, metavar="N",
                        help="only notes with note_id above N (to continue a stopped run where it says)")
    parser.add_argument("--batch-size", type=int, default=BATCH_NOTES,
                        help=f"notes per read and per transaction (default {BATCH_NOTES})")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--max-chars", type=int, default=None, metavar="N",
                        help="read at most the first N characters of a note, as extract does (default 100,000; -1 no limit)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary line")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    """`ecmo-cpt omop`: exit 0 every note processed, 1 some notes in error, 2 unusable arguments
    or database, 130/143 stopped (whole batches are written)."""
    if not args.db:
        print("ecmo-cpt: omop needs --db URL (or the ECMO_CPT_DB environment variable)", file=sys.stderr)
        return 2
    if args.batch_size < 1 or args.workers < 1:
        print("ecmo-cpt: --batch-size and --workers must be at least 1", file=sys.stderr)
        return 2
    max_chars = MAX_NOTE_CHARS if args.max_chars is None else (None if args.max_chars == -1 else args.max_chars)
    if max_chars is not None and max_chars < 1:
        print("ecmo-cpt: --max-chars must be a positive number of characters, or -1 for no limit", file=sys.stderr)
        return 2
    selection = Selection(args.where, args.since, args.after_note_id)
    try:
        cdm = connect(args.db, args.schema, args.nlp_schema, args.vocabulary_schema)
    except OmopError as problem:
        print(f"ecmo-cpt: {problem}", file=sys.stderr)
        return 2
    sa = _sqlalchemy()
    from .cli import sigterm_as_interrupt

    stopped_by, previous = sigterm_as_interrupt()
    counts = Counts()
    bar = None
    try:
        from .nlp import load

        nlp = load()
        loaded = time.perf_counter()
        if sys.stderr.isatty() and not args.quiet:
            from tqdm import tqdm
            bar = tqdm(unit=" notes", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)
        run(cdm, selection, nlp=nlp, workers=args.workers, batch_size=args.batch_size, max_chars=max_chars,
            progress=bar.update if bar is not None else None, counts=counts)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        name = "SIGTERM" if stopped_by else "interrupt"
        done = (f"{counts.notes} notes written in whole batches, up to note_id {counts.last_note_id}; rerun the same "
                f"command (it replaces our rows) or add --after-note-id {counts.last_note_id} to continue"
                if counts.notes else "no batch was written; rerun the same command")
        print(f"ecmo-cpt: stopped by {name}: {done}", file=sys.stderr)
        return 128 + (stopped_by[0] if stopped_by else signal.SIGINT)
    except sa.exc.ProgrammingError as problem:
        hint = " (check --where)" if args.where else ""
        print(f"ecmo-cpt: the database refused a query{hint}: {_first_line(problem.orig)}", file=sys.stderr)
        return 2
    except sa.exc.DBAPIError as problem:
        print(f"ecmo-cpt: database error on {shown_url(cdm.engine.url)}: {_first_line(problem.orig)}", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        cdm.engine.dispose()
    if bar is not None:
        bar.close()
    finished = time.perf_counter()
    if not args.quiet:
        print(f"ecmo-cpt: {counts.notes} notes processed, {counts.suggested} suggested, {counts.needs_review} needs "
              f"review, {counts.errors} errors; {counts.rows} NOTE_NLP rows written as '{NLP_SYSTEM}' "
              f"({counts.replaced} earlier rows of ecmo-cpt replaced) "
              f"({finished - args.started:.1f} s: model load {loaded - args.started:.1f} s, "
              f"notes {finished - loaded:.1f} s)", file=sys.stderr)
    return 1 if counts.errors else 0
