"""Sentence boundaries for clinical notes: line breaks and sentence-final punctuation.

Operative notes are mostly header lines, lists and check-boxes, so a line break ends a
sentence as surely as a full stop; a semicolon ends a clause that ConText should not
reach across. Chosen over PyRuSH by measurement (see README, "Design").
"""

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?", ";"})


def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts on a Doc in place.

    A token (not whitespace) starts a sentence when the token before it is whitespace
    holding a line break or is sentence-final punctuation. (spaCy keeps at most one
    trailing space on a token, so a line break is always a whitespace token of its own.)
    Computed on arrays: it runs on every note, and a loop over Token objects showed up.
    """
    if not len(doc):
        return doc
    columns = doc.to_array([ORTH, IS_SPACE])
    orth, is_space = columns[:, 0], columns[:, 1].astype(bool)
    strings = doc.vocab.strings
    ends = numpy.isin(orth, numpy.array([strings.add(mark) for mark in SENTENCE_END], dtype=orth.dtype))
    breaks = numpy.zeros(len(doc), dtype=bool)
    for i in numpy.flatnonzero(is_space):
        breaks[i] = "\n" in doc[int(i)].text
    sent_start = numpy.zeros(len(doc), dtype=bool)
    sent_start[1:] = (breaks[:-1] | ends[:-1]) & ~is_space[1:]
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
