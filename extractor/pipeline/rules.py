"""Where the rule files live and how they are read.

The files in `patterns/` ship inside the wheel as the `extractor.patterns` package data;
a caller may point the component at a copy of the directory to use rules of their own.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from itertools import product
from typing import Any, Callable, Iterable, Optional, Union

RULE_FILES = ("target_rules.json", "age_rules.json", "context_rules.json", "section_rules.json", "lexicon.json",
              "normalization.json")


def default_patterns_dir() -> Path:
    return Path(str(resources.files("extractor.patterns")))


def read_rule_files(patterns_dir: Optional[Union[str, Path]] = None) -> dict[str, dict]:
    """All rule files of a patterns directory, parsed, keyed by file name."""
    directory = Path(patterns_dir) if patterns_dir else default_patterns_dir()
    missing = [name for name in RULE_FILES if not (directory / name).is_file()]
    if missing:
        from .validation import RuleError
        raise RuleError(f"rule folder {directory} lacks {', '.join(missing)} (a rule folder needs all of "
                        f"{', '.join(RULE_FILES)}; start one with copy_default_patterns())")
    rules = {}
    for name in RULE_FILES:
        with open(directory / name, encoding="utf-8") as handle:
            try:
                rules[name] = json.load(handle)
            except json.JSONDecodeError as error:
                from .validation import RuleError
                raise RuleError(f"{directory / name} is not valid JSON: {error}") from None
    return rules


# -- Phrase expansion: the same matches, found by spaCy's PhraseMatcher -------------------
# spaCy's Matcher tries every pattern at every token and evaluates `IN` sets in Python, so
# its cost grows with tokens x patterns; the PhraseMatcher looks each token up in a hash
# table. A token pattern made only of word choices (`LOWER`/`ORTH` strings or `IN` lists,
# optionally `"OP": "?"`) matches exactly the phrases in the product of its choices, so
# such a rule is given to medspaCy as those literal phrases instead (same category,
# metadata and ConText settings). Everything else stays a token or regex pattern.
MAX_PHRASES_PER_RULE = 400
_WORD_ATTRS = ("LOWER", "ORTH", "TEXT")


def _token_choices(token: dict, tokenize: Callable[[str], Any]) -> Optional[list[str]]:
    """The words one pattern token accepts (with "" for an optional token), or None."""
    op = token.get("OP")
    attrs = [key for key in token if key != "OP"]
    if op not in (None, "?") or len(attrs) != 1 or attrs[0] not in _WORD_ATTRS:
        return None
    attr, value = attrs[0], token[attrs[0]]
    if isinstance(value, dict):
        if set(value) != {"IN"}:
            return None
        value = value["IN"]
    words = [value] if isinstance(value, str) else list(value)
    if not words or not all(isinstance(w, str) and w for w in words):
        return None
    if any(attr != "LOWER" and w.lower() != w.upper() for w in words):
        return None  # a case-sensitive letter: the PhraseMatcher compares lower case
    # A word the tokenizer splits ("re-sited" -> re, -, sited) can never equal one token,
    # so it never matched as a token pattern either; it is left out of the phrases.
    words = [w for w in words if w == w.lower() or attr != "LOWER"]
    words = [w for w in words if _one_token(w, tokenize)]
    return words + ([""] if op == "?" else [])  # [] for a required token no word can fill


def _one_token(word: str, tokenize: Callable[[str], Any]) -> bool:
    tokens = tokenize(word)
    return len(tokens) == 1 and tokens[0].lower_ == word.lower()


def as_phrase_rules(rule: dict, tokenize: Callable[[str], Any]) -> list[dict]:
    """`rule` as literal-phrase rules matching the same token sequences, [rule] unchanged, or
    [] when no token sequence can match it."""
    pattern = rule.get("pattern")
    if not isinstance(pattern, list) or not pattern:
        return [rule]
    choices = []
    for token in pattern:
        words = _token_choices(token, tokenize)
        if words is None:
            return _split_first_token(rule, tokenize)
        if not words:
            return []  # it never matches ("risks of" as one token): nothing to hand on
        choices.append(words)
    phrases = {" ".join(w for w in combo if w) for combo in product(*choices)}
    phrases.discard("")
    if not phrases or len(phrases) > MAX_PHRASES_PER_RULE:
        return [rule]
    expanded = []
    for phrase in sorted(phrases):
        literal_rule = {key: value for key, value in rule.items() if key != "pattern"}
        literal_rule["literal"] = phrase
        expanded.append(literal_rule)
    return expanded


def _split_first_token(rule: dict, tokenize: Callable[[str], Any]) -> list[dict]:
    """A token pattern that must stay one, with its first token's word choices split into one
    rule per word: spaCy's Matcher tests a plain `LOWER` in C at every token, an `IN` set in
    Python. The rules together match exactly what the one did."""
    first, rest = rule["pattern"][0], rule["pattern"][1:]
    words = _token_choices(first, tokenize) if first.get("OP") is None and set(first) == {"LOWER"} else None
    if not words or "" in words or len(words) > MAX_PHRASES_PER_RULE:
        return [rule]
    return [{**rule, "pattern": [{"LOWER": word}, *rest]} for word in words]


def as_phrase_rule_list(rules: Iterable[dict], tokenize: Callable[[str], Any]) -> list[dict]:
    return [expanded for rule in rules for expanded in as_phrase_rules(rule, tokenize)]
