"""The output contract: what a note's findings (and the caller's metadata) become in the
record every interface writes, and `doc._.ecmo_cpt`, that record on a spaCy Doc.

The components publish findings (`doc._.ecmo_findings`); the coding decision and this record
are made here, outside the pipeline.
"""
from __future__ import annotations

from typing import Any, Optional

from spacy.tokens import Doc

from .coding import decide
from .metadata import parse_meta
from .model import Findings, Meta


def result_fields(findings: Findings, meta: Optional[Meta]) -> dict[str, Any]:
    """The output contract's fields (all but `id`) for one note."""
    decision = decide(findings, meta)
    return {
        "codes": list(decision.codes),
        "reposition": decision.reposition,
        "approach": decision.approach,
        "fluoroscopy": decision.fluoroscopy,
        "age_years": decision.age_years,
        "age_source": decision.age_source,
        "needs_review": decision.needs_review,
        "rule": decision.rule,
        "reasons": list(decision.reasons),
        "evidence": [e.as_dict() for e in sorted(set(findings.evidence), key=lambda e: (e.start, e.end, e.label))],
        "error": None,
    }


def record_of(doc: Doc) -> Optional[dict[str, Any]]:
    """`doc._.ecmo_cpt`: the output record (without `id`) of a Doc `ecmo_cpt` has run on."""
    findings = doc._.ecmo_findings
    if findings is None:
        return None
    meta = doc._.ecmo_meta
    if isinstance(meta, dict):  # a caller's plain metadata: {"service_date": "2025-10-20", ...}
        meta = parse_meta(meta)
    return result_fields(findings, meta)


if not Doc.has_extension("ecmo_cpt"):
    Doc.set_extension("ecmo_cpt", getter=record_of)
