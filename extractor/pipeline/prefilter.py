"""Could this note be an ECMO note at all? A cheap test that spares most notes of a feed spaCy.

Exact-preserving: it answers False only when the pipeline would find no ECMO word or ECMO
cannula (no ECMO_CONTEXT or ECMO_CANNULA match), so such a note gets the pipeline's own
answer without running it. The words come from those target rules (phrase-expanded as the
matcher sees them) and from `prefilter_stems` in `patterns/normalization.json`: forms that
only become an ECMO word after normalisation ("E.C.M.O.", "cannu1a", "can-\\nnula").
"""
from __future__ import annotations

import re
from typing import Any, Callable

import ahocorasick

from .rules import as_phrase_rule_list

ECMO_LABELS = ("ECMO_CONTEXT", "ECMO_CANNULA")
# Any spelling the cannula rules accept ("cannula", "canula", "cannnula", "cannual", "cann"),
# searched in lower case; "cannot" is not one.
_CANNULA = re.compile(r"can+ua?l|cann+s?(?![a-z])")
# "nasal cannula" as the tokenizer will see it: the pipeline's longer OTHER_DEVICE match wins.
_NASAL = re.compile(r"(?:^|[\s(\[,;:/])(?:nasal|hfnc) $")
_TOKEN_END = re.compile(r"(?:cannula|cannulae)(?=$|[\s.,;:)\]])")


class Prefilter:
    """`prefilter(text)` is False only when the pipeline would find no ECMO word in the text."""

    def __init__(self, target_rules: list[dict], stems: list[str], tokenize: Callable[[str], Any]) -> None:
        # Rules marked not_ecmo_evidence ("fem drainage", "DLC") name a cannula in a note that is
        # already an ECMO note by another word; they do not make one.
        rules = [r for r in target_rules if r["category"] in ECMO_LABELS
                 and not (r.get("metadata") or {}).get("not_ecmo_evidence")]
        words = {r["literal"].lower() for r in as_phrase_rule_list(rules, tokenize) if r.get("pattern") is None}
        if any(r.get("pattern") is not None for r in as_phrase_rule_list(rules, tokenize)):
            raise ValueError("an ECMO_CONTEXT or ECMO_CANNULA rule that is not a word list cannot be prefiltered")
        # Cannula spellings are found by _CANNULA (with the nasal-cannula exception); a phrase
        # that holds a shorter word already listed adds nothing.
        words = {w for w in words if not _CANNULA.search(w)}
        words = {w for w in words if not any(o != w and o in w for o in words)}
        self.words = tuple(sorted(words | {s.lower() for s in stems}))
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, word)
        self._automaton.make_automaton()

    def __call__(self, text: str) -> bool:
        lowered = text.lower()
        for _ in self._automaton.iter(lowered):  # one pass for every word (Aho-Corasick)
            return True
        for match in _CANNULA.finditer(lowered):
            start = match.start()
            if not (_NASAL.search(lowered[max(0, start - 7):start]) and _TOKEN_END.match(lowered, start)):
                return True
        return False
