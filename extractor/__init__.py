"""ECMO/ECLS cannula repositioning: find it in clinical notes and suggest CPT 33957-33964."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy is imported when a pipeline is built, not with the package: `ecmo-cpt --help` stays
# quick and the CLI can time the model load as a whole.
__version__ = "0.1.0"
_NLP: Optional[Language] = None


def load(speed_layer: bool = True) -> Language:
    """A blank English pipeline with the extractor's components: `ecmo_sentences`, `ecmo_cpt`
    (`speed_layer=False`: the same answers without the shortcuts, see `EcmoCpt`)."""
    import spacy

    from . import pipeline  # noqa: F401  (registers the factories when not installed)

    from .io import MAX_TEXT_CHARS

    nlp = spacy.blank("en")
    # spaCy refuses texts over 1,000,000 characters (E088) to protect its parser and NER from
    # running out of memory; we have neither, so any note the input readers accept may pass
    # (390 MB at the peak for a 5,000,000-character note; README, "Long notes").
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("ecmo_sentences")
    nlp.add_pipe("ecmo_cpt", config={"speed_layer": speed_layer})
    nlp.make_doc = partial(_make_doc_keeping_text, nlp)  # type: ignore[method-assign]
    return nlp


def _make_doc_keeping_text(nlp: Language, text: str) -> Doc:
    """The tokenizer's Doc, remembering the text it came from: `ecmo_cpt` needs the text
    and spaCy would otherwise rebuild it from the tokens (the tokenizer never changes it)."""
    from spacy.language import Language

    from .pipeline.matching import TEXT_KEY

    doc = Language.make_doc(nlp, text)
    doc.user_data[TEXT_KEY] = text
    return doc


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
