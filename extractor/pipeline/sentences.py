"""Sentence boundaries for clinical notes: line breaks and sentence-final punctuation.

Operative notes are mostly header lines, lists and check-boxes, so a line break ends a
sentence as surely as a full stop; a semicolon ends a clause that ConText should not
reach across. Chosen over PyRuSH by measurement (see README, "Design").
"""

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?", ";"})


def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts on a Doc in place.

    A token (not whitespace) starts a sentence when the text since the previous token's
    start holds a line break, or the previous token is sentence-final punctuation.
    Computed on arrays (it runs on every note, so a loop over Token objects showed up).
    """
    if not len(doc):
        return doc
    text = doc.text
    columns = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(numpy.int64)
    starts, lengths, is_space = columns[:, 0], columns[:, 1], columns[:, 2].astype(bool)
    newlines = numpy.fromiter((i for i, c in enumerate(text) if c == "\n"), dtype=numpy.int64)
    before = numpy.searchsorted(newlines, starts, side="left")
    newline_since_previous = numpy.zeros(len(doc), dtype=bool)
    newline_since_previous[1:] = before[1:] > before[:-1]
    after_end = numpy.zeros(len(doc), dtype=bool)
    after_end[1:] = numpy.array([lengths[i] == 1 and text[starts[i]] in SENTENCE_END for i in range(len(doc) - 1)],
                                dtype=bool)
    sent_start = (newline_since_previous | after_end) & ~is_space
    sent_start[0] = True
    doc.from_array([SENT_START], numpy.where(sent_start, 1, -1).astype(numpy.uint64).reshape(-1, 1))
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
