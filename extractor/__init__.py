"""ECMO/ECLS cannula repositioning: find it in clinical notes and suggest CPT 33957-33964."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

# spaCy is imported when a pipeline is built, not with the package: `ecmo-cpt --help` stays
# quick and the CLI can time the model load as a whole.
__version__ = "0.1.0"
_NLP: Optional[Language] = None


def load(speed_layer: bool = True) -> Language:
    """A blank English pipeline with the extractor's components: `ecmo_sentences`, `ecmo_cpt`
    (`speed_layer=False`: the same answers without the shortcuts, see `EcmoCpt`). Built by
    `extractor.nlp`, which the package's own modules import directly."""
    from .nlp import load as build

    return build(speed_layer)


def suggest(text: str, meta: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
    """One note in, one result out: the CLI's output record without `id`, made by the same
    per-record path (bad input gives a record with `error`; long notes are cut as in the CLI)."""
    from .io import note_from_record
    from .runner import process_notes

    global _NLP
    if _NLP is None:
        _NLP = load()
    note = note_from_record({"id": "note", "text": text, "meta": dict(meta) if meta else None}, 1)
    record = next(process_notes(_NLP, [note]))
    record.pop("id")
    return record
