"""The fast path (prefilter + the tuned pipeline) gives the full pipeline's answers.

The mixed corpus is a sample of the shared benchmark generator's output
(`make_corpus.py --notes 2000 --ecmo-fraction 0.05 --seed 11`): everyday notes that say
"nasal cannula", "percutaneous", "fluoroscopy", "repositioned q2h", with ECMO notes among them.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from extractor.io import note_from_record
from extractor.runner import could_be_ecmo_note, process_notes

from .conftest import DEV_CORPUS

MIXED = Path(__file__).parent / "data" / "mixed.jsonl.gz"


def _notes(records: list[dict]):
    return [note_from_record(r, i) for i, r in enumerate(records, start=1)]


def _mixed_records() -> list[dict]:
    with gzip.open(MIXED, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


@pytest.mark.parametrize("corpus", ["dev", "mixed"])
def test_fast_path_equals_full_pipeline(nlp, corpus):
    records = [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()] \
        if corpus == "dev" else _mixed_records()
    fast = list(process_notes(nlp, _notes(records), prefilter=True))
    full = list(process_notes(nlp, _notes(records), prefilter=False))
    assert len(fast) == len(full) == len(records)
    different = [f["id"] for f, g in zip(fast, full) if f != g]
    assert different == []


def test_prefilter_skips_most_everyday_notes_and_keeps_every_repositioning_note():
    records = _mixed_records()
    kept = [r for r in records if could_be_ecmo_note(r["text"])]
    assert len(kept) < 0.2 * len(records)
    # every labelled note with a repositioning, in every feed format, passes (OCR slips,
    # HL7 escapes, 'E.C.M.O.', dictated 'echo' for ECMO, no ECMO word at all but a cannula)
    labelled = [json.loads(line) for path in sorted(DEV_CORPUS.parent.glob("*.jsonl"))
                if not path.name.startswith("holdout") for line in path.read_text().splitlines() if line.strip()]
    repositioned = [r for r in labelled if r.get("gold", {}).get("reposition")]
    assert len(repositioned) > 400
    # (but a note that names neither ECMO nor a cannula, which the pipeline cannot read as an ECMO
    # note either: the prefilter's answer is the pipeline's)
    unseen = {"WR006"}  # "[Sticky Note] R fem drainage 15Fr -> ADVANCED 2 cm at bedside ... run day 6"
    assert [r["id"] for r in repositioned if not could_be_ecmo_note(r["text"])] == sorted(unseen)


@pytest.mark.parametrize("text", [
    "Weaned to 2L nasal cannula. Patient repositioned q2h. Percutaneous drain under fluoroscopy.",
    "HFNC cannula at 40 L.",
    "PICC repositioned under fluoroscopy; tip at the cavoatrial junction.",
])
def test_everyday_notes_are_answered_without_the_pipeline(text):
    assert not could_be_ecmo_note(text)


@pytest.mark.parametrize("text", [
    "Drainage cannula withdrawn 2 cm.",          # no ECMO word, but a cannula
    "The canula was advanced.",                   # misspelt
    "VA-ECMO day 3, flows stable.",
    "Nasal cannula 2L; the femoral cannula was repositioned.",
])
def test_notes_that_could_hold_a_repositioning_go_through(text):
    assert could_be_ecmo_note(text)


def test_two_workers_give_the_one_worker_records_on_the_mixed_corpus(nlp):
    """With workers the parent answers the notes the prefilter clears and ships the rest."""
    from extractor.runner import run

    records = _mixed_records()[:600]
    one = list(process_notes(nlp, _notes(records)))
    two = list(run(_notes(records), workers=2, batch_size=16, nlp=nlp))
    assert two == one


def test_prefilter_knows_every_word_that_makes_an_ecmo_note(nlp):
    """The prefilter's word list must follow the ECMO_CONTEXT / ECMO_CANNULA target rules:
    every phrase those rules match must pass it, except the ones marked as naming a cannula
    without making a note an ECMO note ('DLC', 'fem drainage')."""
    from extractor.pipeline.rules import as_phrase_rule_list, read_rule_files

    rules = [r for r in read_rule_files()["target_rules.json"]["target_rules"]
             if r["category"] in ("ECMO_CONTEXT", "ECMO_CANNULA")
             and not (r.get("metadata") or {}).get("not_ecmo_evidence")]
    phrases = [r["literal"] for r in as_phrase_rule_list(rules, nlp.tokenizer) if r.get("pattern") is None]
    assert len(phrases) > 20
    for phrase in phrases:
        assert could_be_ecmo_note(f"Seen today: {phrase} in place."), phrase


@pytest.fixture(scope="module")
def nlp_without_speed_layer():
    import extractor

    return extractor.load(speed_layer=False)


@pytest.mark.parametrize("corpus", ["dev", "styles", "mixed"])
def test_speed_layer_changes_no_answer(nlp, nlp_without_speed_layer, corpus):
    """Phrase expansion, first-word splits, the literal gates of the regex and token matchers,
    the normaliser's pre-checks and ConText's sentence filter only skip work: with the
    component's `speed_layer` off (every rule as written, on every line) each corpus gets the
    same records, spans and all."""
    from extractor.pipeline import matching

    records = _mixed_records() if corpus == "mixed" else \
        [json.loads(line) for line in (DEV_CORPUS.parent / f"{corpus}.jsonl").read_text().splitlines() if line.strip()]
    fast = list(process_notes(nlp, _notes(records), prefilter=False))
    exhaustive = list(process_notes(nlp_without_speed_layer, _notes(records), prefilter=False))
    assert len(fast) == len(exhaustive) == len(records)
    assert [f["id"] for f, e in zip(fast, exhaustive) if f != e] == []
    assert matching.gates_on()  # the switch is the component's, not left set for others
    off = nlp_without_speed_layer.get_pipe("ecmo_cpt")
    on = nlp.get_pipe("ecmo_cpt")
    assert not off.speed_layer and on.speed_layer
    assert len(off.target_matcher.rules) < len(on.target_matcher.rules)  # the rules as written, not expanded


# --- the speed layer's pieces, one by one -------------------------------------------------------

def _tokenize():
    import spacy

    return spacy.blank("en").tokenizer


def test_token_patterns_become_the_phrases_they_match():
    from extractor.pipeline.rules import as_phrase_rules

    rule = {"literal": "pulled back", "category": "REPOSITION",
            "pattern": [{"LOWER": {"IN": ["pulled", "drew"]}}, {"LOWER": "was", "OP": "?"}, {"LOWER": "back"}]}
    phrases = as_phrase_rules(rule, _tokenize())
    assert sorted(r["literal"] for r in phrases) == ["drew back", "drew was back", "pulled back", "pulled was back"]
    assert all("pattern" not in r and r["category"] == "REPOSITION" for r in phrases)
    # a word the tokenizer splits can never be one token: such a rule matched nothing and is dropped
    assert as_phrase_rules({"literal": "re-sited", "category": "REPOSITION", "pattern": [{"LOWER": "re-sited"}]},
                           _tokenize()) == []
    # a regex rule, or a case-sensitive word, stays as written
    regex = {"literal": "x", "category": "AGE", "pattern": r"\b\d+ yo\b"}
    assert as_phrase_rules(regex, _tokenize()) == [regex]
    cased = {"literal": "F", "category": "AGE", "pattern": [{"TEXT": "F"}]}
    assert as_phrase_rules(cased, _tokenize()) == [cased]


def test_a_pattern_that_must_stay_one_is_split_on_its_first_word():
    from extractor.pipeline.rules import as_phrase_rules

    rule = {"literal": "advanced 2 cm", "category": "REPOSITION",
            "pattern": [{"LOWER": {"IN": ["advanced", "withdrawn"]}}, {"LIKE_NUM": True}, {"LOWER": "cm"}]}
    split = as_phrase_rules(rule, _tokenize())
    assert [r["pattern"] for r in split] == [[{"LOWER": "advanced"}, {"LIKE_NUM": True}, {"LOWER": "cm"}],
                                            [{"LOWER": "withdrawn"}, {"LIKE_NUM": True}, {"LOWER": "cm"}]]
    optional_first = {**rule, "pattern": [{"LOWER": {"IN": ["advanced", "withdrawn"]}, "OP": "?"}, {"LIKE_NUM": True}]}
    assert as_phrase_rules(optional_first, _tokenize()) == [optional_first]


@pytest.mark.parametrize("pattern,texts", [
    (r"\bcannula\s+(?:advanced|withdrawn)\b", ["The CANNULA  advanced 2 cm", "cannula withdrawn"]),
    (r"(?:re-?sutured|resecured)\s+at\s+the\s+skin", ["re-sutured at the skin", "Resecured at  the skin"]),
    (r"\d+\s*(?:yo|y/o|years?\s+old)", ["54 yo", "3 y/o", "61 years old"]),
])
def test_literals_every_match_holds(pattern, texts):
    """Each derived set holds a string that every match contains: a text without one of them
    cannot match, so skipping it loses nothing."""
    import re

    from extractor.pipeline.matching import required_literal_sets, required_literals

    compiled = re.compile(pattern, re.IGNORECASE)
    sets = required_literal_sets(pattern, re.IGNORECASE)
    assert sets and required_literals(pattern, re.IGNORECASE) in sets
    for text in texts:
        match = compiled.search(text)
        assert match, text
        assert all(any(literal in match.group().lower() for literal in options) for options in sets), (text, sets)
    assert required_literal_sets(r"\d+\s*\w+", re.IGNORECASE) == []  # nothing known: no gate


def test_gated_regex_matcher_sees_rules_added_after_its_first_call():
    import spacy
    from medspacy.common.regex_matcher import RegexMatcher

    from extractor.pipeline.matching import GatedRegexMatcher

    nlp = spacy.blank("en")
    matcher = RegexMatcher(nlp.vocab)
    matcher.add("CANNULA", [r"\bcannula\b"])
    matcher.__class__ = GatedRegexMatcher  # as use_gated_matchers does to medspaCy's matchers
    doc = nlp("The cannula was advanced 2 cm.\nNo bleeding.")
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["cannula"]
    matcher.add("MOVE", [r"\badvanced\s+\d+\s*cm\b"])
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["cannula", "advanced 2 cm"]


def test_gated_regex_matcher_finds_what_the_ungated_one_does():
    """The one-pass line index: strings that overlap or end where others end ("she", "he",
    "hers"), a rule's strings on several lines, a string on the last line, further sets a
    line must also hold; every match found with the gates off is found with them on."""
    import spacy
    from medspacy.common.regex_matcher import RegexMatcher

    from extractor.pipeline.matching import GatedRegexMatcher, speed_layer

    nlp = spacy.blank("en")
    matcher = RegexMatcher(nlp.vocab)
    matcher.add("HE", [r"\bhe\b", r"\bshe\s+is\s+\d+\b"])
    matcher.add("HERS", [r"\bhers\b", r"(?:advanced|withdrawn)\s+\d+\s*cm\s+at\s+the\s+(?:skin|neck)"])
    matcher.__class__ = GatedRegexMatcher
    doc = nlp("Ushers: she is 54 and he says hers.\nWithdrawn 2 cm at the neck.\n\nadvanced 3 cm at the groin\n"
              "He advanced 1 cm at the skin; she is 7")
    with speed_layer(False):
        expected = matcher(doc)
    assert sorted(matcher(doc)) == sorted(expected)
    assert len(expected) == 7


@pytest.mark.parametrize("pattern,first", [
    (r"(?<!\bx )(?<!\bfor )\b\d{1,3}\s*years?\b", r"[\d]"),  # lookbehinds and \b consume nothing
    (r"\b(?:procedure|it)\s+was\s+aborted\b|\[\s*x\s*\]", r"[\[ip]"),
    (r"(?:\b|(?<=_))age\b", "[a]"),  # a branch of lookarounds: still nothing consumed
    (r"\b(?:(?:LV|left)\s+)?apical\b", "[Lal]"),  # an optional group: its start or what follows
    (r"[ \t]*(?:date|note)", r"[\	\ dn]"),
    (r"(?-i:[MF])/\d+", "[FM]"),  # case-sensitive inside: still the first characters
    (r"(?i:mrn)\d+", None),  # case-insensitive inside a case-sensitive pattern: not known
    (r"\w*cannula", r"[\wc]"),
    (r".*cannula", None), (r"[^a]bc", None), (r"x?", None),  # a match may start anywhere, or be empty
])
def test_first_characters_of_a_match(pattern, first):
    import re

    from extractor.pipeline.matching import first_characters

    flags = re.IGNORECASE if pattern.startswith((r"(?<!", r"\b(?:procedure", r"(?-i")) else 0
    assert first_characters(pattern, flags) == first


def test_every_regex_rule_finds_the_same_matches_with_its_start_checked(nlp):
    """Every regex rule of the target matcher and ConText, searched with the lookahead on its
    first characters (`starting_checked`), finds the same matches in every dev note."""
    import re

    from extractor.pipeline.component import _medspacy_matchers
    from extractor.pipeline.matching import starting_checked

    component = nlp.get_pipe("ecmo_cpt")
    patterns = [pattern for matcher in (*_medspacy_matchers(component.target_matcher), component.context._ConText__matcher.matcher)
                for patterns in matcher._MedspacyMatcher__regex_matcher._patterns.values() for pattern in patterns]
    checked = [starting_checked(pattern) for pattern in patterns]
    assert sum(c is not p for c, p in zip(checked, patterns)) >= 0.9 * len(patterns)
    texts = [json.loads(line)["text"] for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["Ｋelvin \u212a 54 YO ſ Age: 5 MRN 123", "(?m)^ date: x", ""]
    for pattern, faster in zip(patterns, checked):
        for text in texts:
            assert [m.span() for m in faster.finditer(text)] == [m.span() for m in pattern.finditer(text)], pattern.pattern
    assert starting_checked(re.compile(r"(?m)^\d+ cm")).pattern == r"(?m)(?=[\d])(?:^\d+ cm)"


def test_gated_token_matcher_in_windows_finds_what_the_matcher_does():
    """Token patterns of bounded length are matched only in the windows around the words they
    need: the same matches, in the same order, on random texts of the patterns' words
    (optional tokens at either end, a negated token, windows that meet and overlap)."""
    import random

    import spacy
    from spacy.matcher import Matcher

    from extractor.pipeline.matching import LOWER_KEY, GatedTokenMatcher, _longest_match, token_gates

    nlp = spacy.blank("en")
    patterns = {
        "FURTHER": [{"LOWER": {"IN": ["a", "an"]}, "OP": "?"}, {"LOWER": "further"}, {"LIKE_NUM": True}],
        "DASH": [{"TEXT": {"IN": ["-", "--"]}, "SPACY": True}],
        "XY": [{"LOWER": "x"}, {"LOWER": "y", "OP": "?"}, {"LOWER": "y", "OP": "?"}],
        "YX": [{"LOWER": "y", "OP": "?"}, {"LOWER": "x"}, {"OP": "!", "LOWER": "z"}],
        "XY2": [{"LOWER": "x"}, {"LOWER": "y"}],
        "COLON_NO": [{"ORTH": ":"}, {"LOWER": {"IN": ["no", "nil"]}}],
        "QUERY": [{"TEXT": "?", "SPACY": False}],
    }
    matcher = Matcher(nlp.vocab)
    for key, pattern in patterns.items():
        matcher.add(key, [pattern])
    words, spacing = token_gates(list(patterns.values()))
    # (a word rather than a colon; the whitespace a pattern asks after a dash or a question mark)
    assert words == {"further", "-", "--", "x", "no", "nil", "?"}
    assert spacing == {"-": True, "--": True, "?": False}
    gated = GatedTokenMatcher(matcher, words, _longest_match(list(patterns.values())) - 1, spacing)
    vocabulary = ["a", "an", "further", "2", "two", "-", "--", "x", "y", "z", "q", "the", ":", "no", "nil", "?"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(vocabulary) + rng.choice([" ", "", "  "]) for _ in range(rng.randint(0, 25)))
        doc = nlp(text)
        doc.user_data[LOWER_KEY] = text.lower()
        assert gated(doc) == matcher(doc), text
    assert _longest_match([[{"LOWER": "x", "OP": "+"}]]) is None  # unbounded: the whole Doc


def test_warming_the_tokenizer_cache_changes_no_token():
    """Chunks given to the tokenizer on their own first (tokenizer_cache) are then found in
    its cache: the notes' tokens are those of a tokenizer never warmed."""
    import spacy

    from extractor.pipeline.tokenizer_cache import TokenizerWarmer

    texts = ["PROCEDURE NOTE\nDr. Smith at 10 a.m.: (cannula) withdrawn 2cm; re-sutured :) ok.",
             "ECMO day 3.\n\n\tVV-ECMO via R IJ (Crescent 27Fr). See http://x.org/a?b=1 -- no change!",
             "\"cannula.\" (cannula.) cannula.) 'tis can't won't 2-3cm 3.5cm 12/03/2026, 1/2 ½ — done"]
    cold = spacy.blank("en").tokenizer
    warm = spacy.blank("en").tokenizer
    warmer = TokenizerWarmer()
    for _ in range(2):
        for text in texts:
            warmer.warm(warm, text)
            assert [(t.text, t.whitespace_) for t in warm(text)] == [(t.text, t.whitespace_) for t in cold(text)]
