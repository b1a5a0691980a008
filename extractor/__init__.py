"""ECMO/ECLS cannula repositioning: find it in clinical notes and suggest CPT 33957-33964."""
from __future__ import annotations

from typing import Any, Mapping, Optional

import spacy
from spacy.language import Language

__version__ = "0.1.0"
_NLP: Optional[Language] = None


def load() -> Language:
    """A blank English pipeline with the extractor's components: `ecmo_sentences`, `ecmo_cpt`."""
    from . import pipeline  # noqa: F401  (registers the factories when not installed)

    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_sentences")
    nlp.add_pipe("ecmo_cpt")
    return nlp


def suggest(text: str, meta: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
    """One note in, one result out (the CLI's output record without `id`)."""
    from .io import parse_meta
    from .runner import process_text

    global _NLP
    if _NLP is None:
        _NLP = load()
    return process_text(_NLP, text, parse_meta(meta or {}))
