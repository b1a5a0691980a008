"""Sentence boundaries for clinical notes: line breaks and sentence-final punctuation.

Operative notes are mostly header lines, lists and check-boxes, so a line break ends a
sentence as surely as a full stop; a semicolon ends a clause that ConText should not
reach across. Chosen over PyRuSH by measurement (see README, "Design").
"""

import re
from typing import Optional

import numpy
from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .matching import TEXT_KEY

SENTENCE_END = frozenset({".", "!", "?", ";"})
# A full stop after these shortens a word instead of ending a sentence: always after a title
# ("Dr. Iwu"), and after the others when a lower-case word or a number follows
# ("rotated approx. 60 degrees", "pressures vs. flows").
TITLES = frozenset({"dr", "drs", "mr", "mrs", "ms", "prof", "st"})
ABBREVIATIONS = frozenset({"approx", "appr", "vs", "v", "est", "ca", "cf", "incl", "pt", "pts", "no", "nos",
                           "resp", "temp", "fig", "min", "max", "avg", "wk", "wks", "yr", "yrs", "mo", "mos",
                           "hr", "hrs", "sec", "cm", "mm", "kg", "etc", "eg", "ie", "adm", "hosp", "dept"})


_NEWLINE = re.compile("\n")
# The words' hash ids (a string's id is its hash, the same in every vocab).
_SENTENCE_END_IDS = tuple(get_string_id(mark) for mark in sorted(SENTENCE_END))
_QUERY_ID = get_string_id("?")
_SHORTENED_IDS = frozenset(get_string_id(word) for word in TITLES | ABBREVIATIONS)


def _one_of(column: numpy.ndarray, ids: tuple[int, ...]) -> numpy.ndarray:
    """`numpy.isin(column, ids)` for a few ids (isin's set-up costs more than a few comparisons)."""
    found = numpy.zeros(len(column), dtype=bool)
    for value in ids:
        found |= column == value
    return found


# No sentence of a clinical note comes near this many tokens (the longest in our corpora: under
# 300, a table row run together). Each moving word's checks read its sentence, so an endless
# one (hostile input: thousands of words without a full stop or line break) would cost time
# quadratic in its length; it is cut into pieces this long.
MAX_SENTENCE_TOKENS = 500


def _bound_sentence_length(sent_start: numpy.ndarray, is_space: numpy.ndarray) -> None:
    starts = numpy.flatnonzero(sent_start)
    bounds = numpy.append(starts, len(sent_start))
    for begin, end in zip(bounds[:-1], bounds[1:]):
        cut = begin + MAX_SENTENCE_TOKENS
        while cut < end:
            while cut < end and is_space[cut]:
                cut += 1
            if cut < end:
                sent_start[cut] = True
            cut += MAX_SENTENCE_TOKENS


def set_sentence_starts(doc: Doc, text: Optional[str] = None) -> Doc:
    """Mark sentence starts on a Doc in place (`text` is the Doc's text when the caller has it:
    rebuilding it from the tokens is not free).

    A token (not whitespace) starts a sentence when the token before it is whitespace
    holding a line break or is sentence-final punctuation. (spaCy keeps at most one
    trailing space on a token, so a line break is always a whitespace token of its own.)
    Computed on arrays: it runs on every note, and a loop over Token objects showed up.
    """
    if not len(doc):
        return doc
    columns = doc.to_array([ORTH, IS_SPACE, IDX, SPACY])
    orth, is_space, starts, spaced = columns[:, 0], columns[:, 1].astype(bool), columns[:, 2], columns[:, 3].astype(bool)
    ends = _one_of(orth, _SENTENCE_END_IDS)
    # "?drainage cannula reposition": a question mark that opens a word queries it (shorthand
    # for "possible"), it ends no sentence
    queries = (orth == _QUERY_ID) & ~spaced
    queries[:-1] &= ~is_space[1:]
    queries[-1] = False
    queries[1:] &= spaced[:-1] | is_space[:-1]
    ends &= ~queries
    # The whitespace tokens holding a line break: the token each "\n" falls in, by offset (a
    # token's trailing whitespace is at most one space, so a line break is inside a token).
    if text is None:
        text = doc.text
    newlines = [found.start() for found in _NEWLINE.finditer(text)]
    breaks = numpy.zeros(len(doc), dtype=bool)
    if newlines:
        breaks[numpy.searchsorted(starts, newlines, side="right") - 1] = True
        breaks &= is_space
    ends &= ~_abbreviation_stops(doc, orth, is_space, ends)
    sent_start = numpy.zeros(len(doc), dtype=bool)
    sent_start[1:] = (breaks[:-1] | ends[:-1]) & ~is_space[1:]
    sent_start[0] = True
    _bound_sentence_length(sent_start, is_space)
    doc.from_array([SENT_START], numpy.where(sent_start, 1, -1).astype(numpy.uint64).reshape(-1, 1))
    return doc


def _abbreviation_stops(doc: Doc, orth: numpy.ndarray, is_space: numpy.ndarray, ends: numpy.ndarray) -> numpy.ndarray:
    """The full stops that end an abbreviation, not a sentence."""
    stops = numpy.zeros(len(doc), dtype=bool)
    lower = doc.to_array([LOWER])
    for i in numpy.flatnonzero(ends[1:]) + 1:  # (few: the sentence-final marks)
        i = int(i)
        if int(lower[i - 1]) not in _SHORTENED_IDS:
            continue
        if doc[i].text != "." or doc[i - 1].whitespace_:
            continue
        word = doc[i - 1].lower_
        if word in TITLES:
            stops[i] = True
        elif word in ABBREVIATIONS and i + 1 < len(doc) and doc[i].whitespace_:
            following = doc[i + 1]
            stops[i] = following.is_lower or following.like_num
    return stops


@Language.factory("ecmo_sentences", default_config={"overwrite": False})
def make_ecmo_sentences(nlp: Language, name: str, overwrite: bool) -> "EcmoSentences":
    return EcmoSentences(overwrite=overwrite)


class EcmoSentences:
    """Sets sentence boundaries unless the Doc already has them (or `overwrite`)."""

    def __init__(self, overwrite: bool = False) -> None:
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        if self.overwrite or not doc.has_annotation("SENT_START"):
            text = doc.user_data.get(TEXT_KEY)  # left by extractor.load()'s make_doc
            set_sentence_starts(doc, text if isinstance(text, str) else None)
        return doc
