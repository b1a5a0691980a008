"""Sentence boundaries for clinical notes: line breaks and sentence-final punctuation.

Operative notes are mostly header lines, lists and check-boxes, so a line break ends a
sentence as surely as a full stop; a semicolon ends a clause that ConText should not
reach across. Chosen over PyRuSH by measurement (see README, "Design").
"""

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?", ";"})


def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts on a Doc in place."""
    previous = None
    for token in doc:
        if previous is None:
            token.is_sent_start = True
        else:
            token.is_sent_start = (
                ("\n" in previous.text_with_ws and not token.is_space)
                or (previous.text in SENTENCE_END and not token.is_space)
                or (previous.is_space and "\n" in previous.text and not token.is_space)
            )
        previous = token
    return doc


@Language.factory("ecmo_sentences", default_config={"overwrite": False})
def make_ecmo_sentences(nlp: Language, name: str, overwrite: bool) -> "EcmoSentences":
    return EcmoSentences(overwrite=overwrite)


class EcmoSentences:
    """Sets sentence boundaries unless the Doc already has them (or `overwrite`)."""

    def __init__(self, overwrite: bool = False) -> None:
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        if self.overwrite or not doc.has_annotation("SENT_START"):
            set_sentence_starts(doc)
        return doc
