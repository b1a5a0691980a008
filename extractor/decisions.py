"""Coders' decisions exported from the review report, and merging several coders' exports.

An export is JSON lines, one record per decided note, in the gold format that `evaluate` reads:

    {"id": "D003", "gold": {"codes": ["33958"], "needs_review": false, "reposition": true},
     "decision": "accept", "comment": "", "reviewer": "AB", "decided_at": "2026-11-30T10:04:11.120Z",
     "report_id": "r-3f0c...", "predicted": {"codes": ["33958"], "status": "suggested"},
     "stratum": "code 33958", "sample": {...}}

`decision` is `accept` (the suggestion is right), `reject` (no code), `correct` (another code)
or `query` (needs a query to the physician: `gold.needs_review`). `stratum` and `sample` are set
when the report is a sample (`report --sample`).

`merge` joins exports of the *same* report (their `report_id` must agree) into one gold file:
a note's gold label is the coders' unanimous or majority label; notes where no label has a
majority are listed as disagreements and left out.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import orjson

DECISIONS = ("accept", "reject", "correct", "query")


class DecisionsError(ValueError):
    """An export cannot be used, or exports do not belong together."""


def label_of(labels: dict[str, Any]) -> str:
    """A decision's label in words: the codes, `needs query`, or `no code`."""
    codes = sorted(str(c) for c in labels.get("codes") or [])
    if codes:
        return "+".join(codes)
    return "needs query" if labels.get("needs_review") else "no code"


def read_export(path: Union[str, Path]) -> list[dict[str, Any]]:
    """The decision records of one export, checked (gold labels, one report, no repeated id)."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    with open(path, "rb") as stream:
        for position, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as problem:
                raise DecisionsError(f"{path}: line {position} is not valid JSON ({problem})") from None
            if not isinstance(record, dict) or not isinstance(record.get("gold"), dict):
                raise DecisionsError(f"{path}: line {position} is not a decision (no 'gold' labels): is this an "
                                     "export of the review report?")
            if not isinstance(record["gold"].get("codes"), list) or not record.get("report_id"):
                raise DecisionsError(f"{path}: line {position} lacks 'gold.codes' or 'report_id': exports of the "
                                     "review report have both")
            note_id = str(record.get("id"))
            if note_id in seen:
                raise DecisionsError(f"{path}: id {note_id!r} is decided twice")
            seen.add(note_id)
            records.append(record)
    reports = sorted({str(r["report_id"]) for r in records})
    if len(reports) > 1:
        raise DecisionsError(f"{path} mixes decisions of {len(reports)} reports ({', '.join(reports)})")
    return records


@dataclass
class Merged:
    records: list[dict[str, Any]] = field(default_factory=list)   # the merged gold records
    coders: list[str] = field(default_factory=list)
    report_id: Optional[str] = None
    unanimous: int = 0
    majority: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)  # {id, labels: {coder: label}, resolved}
    pairs: list[dict[str, Any]] = field(default_factory=list)          # pairwise agreement and Cohen's kappa


def cohen_kappa(first: list[str], second: list[str]) -> Optional[float]:
    """Cohen's kappa of two coders' labels on the same notes (None when undefined)."""
    n = len(first)
    if not n:
        return None
    observed = sum(a == b for a, b in zip(first, second)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    return None if expected >= 1 else (observed - expected) / (1 - expected)


def merge(paths: Iterable[Union[str, Path]]) -> Merged:
    """Merge several coders' exports of one report (see the module's docstring)."""
    exports: list[tuple[str, list[dict[str, Any]]]] = []
    report_of: dict[str, str] = {}
    for path in paths:
        records = read_export(path)
        if records:
            report_of[str(path)] = str(records[0]["report_id"])
        names = {str(r.get("reviewer") or "").strip() for r in records} - {""}
        name = sorted(names)[0] if len(names) == 1 else Path(path).stem
        taken = {n for n, _ in exports}
        if name in taken:
            name = f"{name} ({Path(path).name})"
        exports.append((name, records))
    if len(set(report_of.values())) > 1:
        listed = "; ".join(f"{path}: {report}" for path, report in report_of.items())
        raise DecisionsError("these exports are reviews of different reports and cannot be merged "
                             f"(report ids: {listed}); merge only exports of the same report file")
    merged = Merged(coders=[name for name, _ in exports], report_id=next(iter(report_of.values()), None))
    order: list[str] = []
    by_id: dict[str, dict[str, dict[str, Any]]] = {}
    for name, records in exports:
        for record in records:
            note_id = str(record["id"])
            if note_id not in by_id:
                by_id[note_id] = {}
                order.append(note_id)
            by_id[note_id][name] = record
    for note_id in order:
        decided = by_id[note_id]
        labels = {name: label_of(r["gold"]) for name, r in decided.items()}
        tally = Counter(labels.values()).most_common()
        top, votes = tally[0]
        if len(tally) == 1:
            agreement = "unanimous"
            merged.unanimous += 1
        elif votes * 2 > len(labels):
            agreement = "majority"
            merged.majority += 1
        else:
            agreement = "none"
        if len(tally) > 1:
            merged.disagreements.append({"id": note_id, "labels": labels, "resolved": agreement == "majority",
                                         "gold": top if agreement == "majority" else None})
        if agreement == "none":
            continue
        chosen = next(r for name, r in decided.items() if labels[name] == top)
        first = next(iter(decided.values()))
        merged.records.append({
            "id": first["id"],
            "gold": dict(chosen["gold"]),
            "decision": chosen.get("decision"),
            "report_id": first["report_id"],
            "predicted": first.get("predicted"),
            "stratum": first.get("stratum"),
            "sample": first.get("sample"),
            "agreement": agreement,
            "coders": [{"reviewer": name, "label": labels[name], "decision": r.get("decision"),
                        "comment": r.get("comment") or "", "decided_at": r.get("decided_at")}
                       for name, r in decided.items()],
        })
    names = merged.coders
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            both = [note_id for note_id in order if a in by_id[note_id] and b in by_id[note_id]]
            first = [label_of(by_id[n][a]["gold"]) for n in both]
            second = [label_of(by_id[n][b]["gold"]) for n in both]
            agree = sum(x == y for x, y in zip(first, second))
            merged.pairs.append({"coders": [a, b], "notes": len(both), "agree": agree,
                                 "kappa": cohen_kappa(first, second)})
    return merged


def format_merge(merged: Merged, output: str) -> str:
    """What `import-decisions` prints."""
    lines = [f"report {merged.report_id}: {len(merged.coders)} coder(s): {', '.join(merged.coders)}",
             f"{len(merged.records) + sum(not d['resolved'] for d in merged.disagreements)} notes decided; "
             f"{merged.unanimous} unanimous, {merged.majority} by majority, "
             f"{sum(not d['resolved'] for d in merged.disagreements)} with no majority (left out of {output})"]
    for pair in merged.pairs:
        kappa = "n/a" if pair["kappa"] is None else f"{pair['kappa']:.2f}"
        lines.append(f"  {pair['coders'][0]} vs {pair['coders'][1]}: agree on {pair['agree']} of {pair['notes']} "
                     f"notes decided by both (Cohen's kappa {kappa})")
    if merged.disagreements:
        lines.append("disagreements:")
        for item in merged.disagreements:
            said = "; ".join(f"{name}: {label}" for name, label in item["labels"].items())
            outcome = f"-> {item['gold']} (majority)" if item["resolved"] else "-> no majority, left out"
            lines.append(f"  {item['id']}: {said} {outcome}")
    else:
        lines.append("disagreements: none")
    return "\n".join(lines)
