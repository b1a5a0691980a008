"""`make omop-demo`: an OMOP-shaped SQLite database from notes in our JSONL format, `ecmo-cpt omop`
run on it, and a summary query over NOTE_NLP. The tests load their databases with `load_notes`.

    python tools/omop_demo.py [--notes examples/notes.jsonl] [--db out/omop-demo.sqlite]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

ROOT = Path(__file__).resolve().parents[1]
# NOTE.note_date is NOT NULL in the CDM: a note whose metadata gives no date of service takes
# the one its text states ("Date of service: 03/14/2026"), else this one.
DEFAULT_NOTE_DATE = date(2026, 1, 15)
_STATED = re.compile(r"(?i)\b(?:date of service|dos|date)\s*:\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")

SUMMARY_SQL = """\
SELECT json_extract(term_modifiers, '$.kind') AS kind,
       lexical_variant AS code_or_verdict,
       note_nlp_concept_id,
       count(DISTINCT note_id) AS notes
FROM note_nlp
WHERE nlp_system LIKE 'ecmo-cpt %'
  AND json_extract(term_modifiers, '$.kind') <> 'evidence'
GROUP BY 1, 2, 3
ORDER BY 4 DESC, 2"""

PER_NOTE_SQL = """\
SELECT note.note_id, note.note_date, nlp.lexical_variant,
       json_extract(nlp.term_modifiers, '$.approach') AS approach,
       json_extract(nlp.term_modifiers, '$.age_years') AS age,
       (SELECT count(*) FROM note_nlp e WHERE e.note_id = note.note_id AND e.nlp_system LIKE 'ecmo-cpt %'
          AND json_extract(e.term_modifiers, '$.kind') = 'evidence') AS evidence_rows
FROM note LEFT JOIN note_nlp nlp ON nlp.note_id = note.note_id AND nlp.nlp_system LIKE 'ecmo-cpt %'
  AND json_extract(nlp.term_modifiers, '$.kind') <> 'evidence'
ORDER BY note.note_id"""


def note_date(record: Mapping[str, Any]) -> date:
    """The date of service the NOTE row gets (see DEFAULT_NOTE_DATE)."""
    meta = record.get("meta") or {}
    if meta.get("service_date"):
        return date.fromisoformat(meta["service_date"])
    stated = _STATED.search(record.get("text") or "")
    if stated:
        month, day, year = map(int, stated.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    return DEFAULT_NOTE_DATE


def omop_view(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The notes as the CDM will hold them, in our JSONL format: note_id 1, 2, ... in order, the
    date of service of `note_date`, the date of birth when given; an age in metadata has no
    place in the CDM and is dropped. The JSONL CLI on these equals `ecmo-cpt omop` on the database."""
    view = []
    for number, record in enumerate(records, start=1):
        meta = record.get("meta") or {}
        view.append({"id": str(number), "text": record["text"],
                     "meta": {"service_date": note_date(record).isoformat(), "dob": meta.get("dob")},
                     "source_id": record.get("id")})
    return view


def load_notes(engine: Any, records: Iterable[Mapping[str, Any]], schema: Optional[str] = None) -> list[dict[str, Any]]:
    """Insert the notes of `omop_view(records)` into NOTE, each with a PERSON of its own (date of
    birth from `meta.dob`, else a year of birth only, which dates no birthday). Returns the view."""
    import sqlalchemy as sa

    view = omop_view(records)
    metadata = sa.MetaData(schema=schema)
    note = sa.Table("note", metadata, autoload_with=engine)
    person = sa.Table("person", metadata, autoload_with=engine)
    persons, notes = [], []
    for item in view:
        dob = date.fromisoformat(item["meta"]["dob"]) if item["meta"]["dob"] else None
        served = date.fromisoformat(item["meta"]["service_date"])
        persons.append({"person_id": int(item["id"]), "gender_concept_id": 0,
                        "year_of_birth": dob.year if dob else served.year - 50,
                        "month_of_birth": dob.month if dob else None, "day_of_birth": dob.day if dob else None,
                        "birth_datetime": None, "race_concept_id": 0, "ethnicity_concept_id": 0,
                        "person_source_value": item["source_id"]})
        notes.append({"note_id": int(item["id"]), "person_id": int(item["id"]), "note_date": served,
                      "note_type_concept_id": 0, "note_class_concept_id": 0,
                      "note_title": item["text"].split("\n", 1)[0][:250], "note_text": item["text"],
                      "encoding_concept_id": 0, "language_concept_id": 0, "note_source_value": item["source_id"]})
    with engine.begin() as conn:
        conn.execute(person.insert(), persons)
        conn.execute(note.insert(), notes)
    return view


def build(db: Path, notes: Path) -> None:
    import sqlalchemy as sa

    from extractor.omop import create_note_tables

    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    engine = sa.create_engine(f"sqlite:///{db}")
    create_note_tables(engine)
    records = [json.loads(line) for line in notes.read_text().splitlines() if line.strip()]
    load_notes(engine, records)
    engine.dispose()
    print(f"{db}: {len(records)} notes from {notes} in NOTE, their patients in PERSON, NOTE_NLP empty")


def summary(db: Path) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        for title, sql in (("decisions over NOTE_NLP", SUMMARY_SQL), ("per note", PER_NOTE_SQL)):
            result = conn.execute(sa.text(sql))
            rows = [tuple("" if v is None else str(v) for v in row) for row in result]
            header = tuple(result.keys())
            widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
            print(f"\n{title}:\n{sql}\n")
            for row in (header, *rows):
                print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=ROOT / "examples" / "notes.jsonl")
    parser.add_argument("--db", type=Path, default=ROOT / "out" / "omop-demo.sqlite")
    args = parser.parse_args()
    build(args.db, args.notes)
    command = [str(Path(sys.executable).parent / "ecmo-cpt"), "omop", "--db", f"sqlite:///{args.db}"]
    print("$", " ".join(command), flush=True)
    done = subprocess.run(command)
    if done.returncode not in (0, 1):
        return done.returncode
    summary(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
