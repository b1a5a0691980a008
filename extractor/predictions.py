"""Reading and checking `extract`'s output records (predictions) for the report and `evaluate`.

A prediction file may come from anywhere (an older version, a hand edit, another tool), so
every record is checked against the output contract before it is drawn or scored: a record that
breaks it becomes an error record saying why (`invalid prediction: ...`) instead of crashing the
report or being scored as something it is not. A missing `rule` (predictions written before it
was in the contract) is allowed; fields beyond the contract are kept and ignored. A file that holds no predictions at all (notes, gold labels, the arguments
swapped) is refused with a message that says what it looks like instead.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Union

import orjson

from .coding import RULES
from .io import csv_text

FAMILY = ("33957", "33958", "33959", "33962", "33963", "33964")
APPROACHES = ("percutaneous", "open", "central")
# How many records are looked at to decide whether a file holds predictions at all.
SNIFF_RECORDS = 100
_DIGITS = re.compile(r"\d+")


class NotPredictions(ValueError):
    """The file is not a predictions file (or the arguments are swapped)."""


def status_of(record: Mapping[str, Any]) -> str:
    """`error`, `review` (needs review), `suggested` (a code) or `none` (no code)."""
    if record.get("error"):
        return "error"
    if record.get("needs_review"):
        return "review"
    if record.get("codes"):
        return "suggested"
    return "none"


def verdict(record: Mapping[str, Any]) -> str:
    """The record's answer in a few words: the codes, NEEDS REVIEW, no code, or ERROR."""
    status = status_of(record)
    if status == "error":
        return "INVALID PREDICTION" if record.get("invalid") else "ERROR"
    if status == "review":
        return "NEEDS REVIEW"
    if status == "suggested":
        return " ".join(str(c) for c in record.get("codes") or [])
    return "no code"


def review_group(reason: str) -> Optional[str]:
    """The kind of a 'needs review: ...' reason, details (ages, dates, quotes) left out."""
    if not reason.startswith("needs review:"):
        return None
    kind = reason[len("needs review:"):].strip()
    kind = re.split(r"[:(]| but |, ", kind, maxsplit=1)[0].strip()
    return _DIGITS.sub("#", kind) or "unspecified"


def error_group(message: Any) -> str:
    """An error message without its details (numbers, quotes), for counting alike errors together."""
    return _DIGITS.sub("#", re.split(r"[:(]", str(message), maxsplit=1)[0].strip())[:120] or "error"


def stratum_of(record: Mapping[str, Any]) -> str:
    """The group a note is sampled from: its suggested code(s), its first needs-review reason,
    `no code`, or `error`."""
    status = status_of(record)
    if status == "suggested":
        codes = sorted(str(c) for c in record.get("codes") or [])
        return ("code " if len(codes) == 1 else "codes ") + "+".join(codes)
    if status == "review":
        groups = [g for g in (review_group(str(r)) for r in record.get("reasons") or []) if g]
        return "needs review: " + (groups[0] if groups else "(no reason given)")
    return "no code" if status == "none" else "error"


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def problems_of(record: Mapping[str, Any]) -> list[str]:
    """What in a prediction record breaks the output contract (empty when nothing does)."""
    problems: list[str] = []
    note_id = record.get("id")
    if not (isinstance(note_id, str) and note_id) and not (isinstance(note_id, int) and not isinstance(note_id, bool)):
        problems.append(f"'id' must be a non-empty string, got {_shown(note_id)}")
    error = record.get("error")
    if error is not None and not isinstance(error, str):
        problems.append(f"'error' must be a string or null, got {type(error).__name__}")
    codes = record.get("codes", [])
    if not isinstance(codes, list):
        problems.append(f"'codes' must be a list of codes, got {type(codes).__name__} {_shown(codes)}")
    else:
        unknown = [c for c in codes if not isinstance(c, str) or c not in FAMILY]
        if unknown:
            problems.append(f"'codes' holds {_shown(unknown)}, not codes of the family ({', '.join(FAMILY)})")
    for name in ("reposition", "fluoroscopy", "needs_review"):
        if name in record and not isinstance(record[name], bool):
            problems.append(f"'{name}' must be true or false, got {_shown(record[name])}")
    rule = record.get("rule")
    if rule is not None and rule not in RULES:
        problems.append(f"'rule' must be one of the rules in extractor.coding.RULES or null, got {_shown(rule)}")
    approach = record.get("approach")
    if approach is not None and approach not in APPROACHES:
        problems.append(f"'approach' must be one of {', '.join(APPROACHES)} or null, got {_shown(approach)}")
    age = record.get("age_years")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        problems.append(f"'age_years' must be a whole number or null, got {_shown(age)}")
    for name in ("reasons", "evidence"):
        value = record.get(name, [])
        if not isinstance(value, list):
            problems.append(f"'{name}' must be a list, got {type(value).__name__} {_shown(value)}")
    if isinstance(record.get("reasons"), list) and not all(isinstance(r, str) for r in record["reasons"]):
        problems.append("'reasons' must hold only strings")
    return problems


def checked(record: Any, position: int) -> dict[str, Any]:
    """The record itself when it keeps the contract, else an error record saying why
    (its id kept when it is usable, else `line:N`)."""
    if not isinstance(record, dict):
        return invalid(f"line:{position}", f"record is not an object (got {type(record).__name__})")
    problems = problems_of(record)
    if not problems:
        if not isinstance(record["id"], str):
            record["id"] = str(record["id"])
        return record
    note_id = record.get("id")
    note_id = str(note_id) if isinstance(note_id, (str, int)) and not isinstance(note_id, bool) and note_id != "" \
        else f"line:{position}"
    return invalid(note_id, "; ".join(problems))


def invalid(note_id: str, problem: str) -> dict[str, Any]:
    """An error record for a prediction that cannot be used."""
    return {"id": note_id, "codes": [], "reposition": False, "approach": None, "fluoroscopy": False, "age_years": None,
            "age_source": None, "needs_review": False, "rule": "ERROR", "reasons": [], "evidence": [],
            "error": f"invalid prediction: {problem}", "invalid": True}


def _looks_like(keys: set[str]) -> Optional[str]:
    """What a record with these keys is, when it is not a prediction."""
    if "gold" in keys:
        return "gold labels (records with 'gold'), not predictions: arguments swapped?"
    if "text" in keys:
        return "notes (records with 'text'), not predictions: arguments swapped?"
    return None


def _raw_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, "rb") as stream:
        for position, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            if position == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            try:
                yield position, orjson.loads(line)
            except orjson.JSONDecodeError as problem:
                yield position, _Malformed(str(problem))


class _Malformed:
    def __init__(self, message: str) -> None:
        self.message = message


def _raw_csv(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as stream:
        reader = csv.DictReader(stream)
        fields = set(reader.fieldnames or ())
        if "codes" not in fields:
            what = _looks_like(fields)
            raise NotPredictions(f"{path} is not a predictions file: its CSV header has no 'codes' column"
                                 + (f"; it looks like {what}" if what else "")
                                 + f" (header: {', '.join(reader.fieldnames or [])[:200]})")
        for position, row in enumerate(reader, start=2):
            record: dict[str, Any] = dict(row)
            try:
                for key in ("codes", "reasons", "evidence"):
                    record[key] = orjson.loads(row[key]) if row.get(key) else []
            except orjson.JSONDecodeError as problem:
                yield position, _Malformed(f"column {key!r} is not JSON: {problem}")
                continue
            for key in ("reposition", "fluoroscopy", "needs_review"):
                record[key] = str(row.get(key, "")).strip().lower() == "true"
            age = str(row.get("age_years") or "").strip()
            record["age_years"] = int(age) if age.isdigit() else (age or None)
            for key in ("approach", "age_source", "rule", "error"):
                record[key] = row.get(key) or None
            if isinstance(row.get("id"), str):
                record["id"] = csv_text(row["id"])  # extract's CSV writes '=1 for an id =1 (CSV injection)
            yield position, record


def iter_predictions(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """Checked prediction records from JSONL (default) or CSV (`codes`, `reasons`, `evidence` as
    JSON), one for every record in the file, in file order (see `checked`). Raises
    NotPredictions when the first records show that the file holds something else."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        from .parquet_io import read_results
        raw: Iterator[tuple[int, Any]] = enumerate(read_results(path), start=1)
    else:
        raw = _raw_csv(path) if path.suffix.lower() == ".csv" else _raw_jsonl(path)
    sniffed: list[tuple[int, Any]] = []
    for item in raw:
        sniffed.append(item)
        if len(sniffed) >= SNIFF_RECORDS:
            break
    _check_is_predictions(path, [r for _, r in sniffed])
    for position, record in sniffed:
        yield _from_raw(position, record)
    for position, record in raw:
        yield _from_raw(position, record)


def _from_raw(position: int, record: Any) -> dict[str, Any]:
    if isinstance(record, _Malformed):
        return invalid(f"line:{position}", f"line {position} is not valid JSON: {record.message}")
    return checked(record, position)


def _check_is_predictions(path: Path, records: list[Any]) -> None:
    objects = [r for r in records if isinstance(r, dict)]
    if any("codes" in r or "error" in r for r in objects):
        return
    if not records:
        return  # an empty file: no predictions, nothing to refuse
    keys = set().union(*(r.keys() for r in objects)) if objects else set()
    what = _looks_like(keys)
    raise NotPredictions(f"{path} is not a predictions file: none of its first {len(records)} records has "
                         "'codes' or 'error' (the output of `ecmo-cpt extract`)"
                         + (f"; it looks like {what}" if what else ""))


def read_predictions(path: Union[str, Path]) -> list[dict[str, Any]]:
    """All checked prediction records of a file (see `iter_predictions`)."""
    return list(iter_predictions(path))
