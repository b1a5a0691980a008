"""The extractor's spaCy pipeline: what `extractor.load()` builds (imports spaCy)."""
from __future__ import annotations

from functools import partial
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import factories  # noqa: F401  (registers the factories and doc._.ecmo_cpt when not installed)
from .io import MAX_TEXT_CHARS
from .pipeline.matching import TEXT_KEY
from .pipeline.tokenizer_cache import TokenizerWarmer


def load(speed_layer: bool = True) -> Language:
    """A blank English pipeline with the extractor's components: `ecmo_sentences`, `ecmo_cpt`
    (`speed_layer=False`: the same answers without the shortcuts, see `EcmoCpt`)."""
    nlp = spacy.blank("en")
    # spaCy refuses texts over 1,000,000 characters (E088) to protect its parser and NER from
    # running out of memory; we have neither, so any note the input readers accept may pass
    # (390 MB at the peak for a 5,000,000-character note; README, "Long notes").
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("ecmo_sentences")
    # (nothing changes this pipeline's tokenizer after: the component may share it)
    nlp.add_pipe("ecmo_cpt", config={"speed_layer": speed_layer, "share_host_tokenizer": True})
    nlp.make_doc = partial(_make_doc_keeping_text, nlp, TokenizerWarmer() if speed_layer else None)  # type: ignore[method-assign]
    return nlp


def _make_doc_keeping_text(nlp: Language, warmer: Optional[TokenizerWarmer], text: str) -> Doc:
    """The tokenizer's Doc, remembering the text it came from: `ecmo_cpt` needs the text
    and spaCy would otherwise rebuild it from the tokens (the tokenizer never changes it)."""
    if warmer is not None and len(text) <= nlp.max_length:
        warmer.warm(nlp.tokenizer, text)
    doc = Language.make_doc(nlp, text)
    doc.user_data[TEXT_KEY] = text
    return doc
