"""medspaCy's matchers, made cheap for the text a rule cannot match.

medspaCy runs every regex rule over the whole note and rebuilds `doc.text` for each one;
with ~60 regex rules that was half our time per note. Here the text is built once, and a
rule runs only on the lines that hold at least one of the literal strings every match of
that rule must contain - worked out from the compiled pattern, the way RE2 and Hyperscan
prefilter. A rule with no such literals runs on every line. Likewise spaCy's token Matcher
(left with the few patterns that are not plain word choices) runs only on notes that hold a
first word of one of its patterns, and ConText builds modifiers only in the sentences that
hold one of its targets. medspaCy keeps these matchers in private attributes (1.3.x, pinned).
"""
from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Iterator, Optional

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

import ahocorasick
import numpy
from medspacy.common.medspacy_matcher import MedspacyMatcher
from medspacy.common.regex_matcher import RegexMatcher
from medspacy.common.util import get_token_for_char
from spacy.attrs import LOWER, SENT_START, SPACY
from spacy.tokens import Doc, Span

# Every gate in this module (and the normaliser's pre-checks) is a necessary condition only:
# with the speed layer off (`ecmo_cpt`'s `speed_layer` setting) everything runs on every note
# and line. A context variable, so that two components with different settings never mix.
_SPEED_LAYER: ContextVar[bool] = ContextVar("ecmo_cpt_speed_layer", default=True)


def gates_on() -> bool:
    """Whether the gates may skip work in the call under way."""
    return _SPEED_LAYER.get()


@contextmanager
def speed_layer(on: bool) -> Iterator[None]:
    """Run the block with the gates on or off."""
    token = _SPEED_LAYER.set(on)
    try:
        yield
    finally:
        _SPEED_LAYER.reset(token)

# Where EcmoCpt keeps `doc.text` while it runs (rebuilding it from the tokens is not free).
TEXT_KEY = "ecmo_cpt.text"
LOWER_KEY = "ecmo_cpt.lower"


def doc_text(doc: Doc) -> str:
    """`doc.text`, without rebuilding it from the tokens while EcmoCpt runs."""
    return doc.user_data.get(TEXT_KEY) or doc.text


def span_text(span: Span) -> str:
    """`span.text`, sliced from the note's text instead of joined from its tokens."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def clause_start(text: str, sentence_start: int, offset: int, marks: str = ";,") -> int:
    """Where the clause leading up to `offset` starts: after the last of `marks` between the
    sentence's start and the offset ("called away for another patient, so this 4 year old ...")."""
    return max(sentence_start, max(text.rfind(mark, sentence_start, offset) for mark in marks) + 1)


def open_aside(text: str, start: int, offset: int) -> int:
    """Where the parenthesis holding `offset` opens, searching from `start` (-1: none open)."""
    opening = text.rfind("(", start, offset)
    return opening if opening >= 0 and text.find(")", opening, offset) < 0 else -1


def _texts(doc: Doc) -> tuple[str, str]:
    text = doc_text(doc)
    lowered = doc.user_data.get(LOWER_KEY)
    return text, lowered if lowered is not None else text.lower()


_LITERAL, _BRANCH, _SUBPATTERN = sre_constants.LITERAL, sre_constants.BRANCH, sre_constants.SUBPATTERN
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)


@lru_cache(maxsize=4096)
def _parsed(pattern: str, flags: int) -> Optional[list]:
    """The parsed pattern, None if it does not parse: read by several of the questions below
    (each pattern once, where a rule's patterns are read at start-up)."""
    try:
        return list(sre_parse.parse(pattern, flags))
    except re.error:
        return None


def required_literals(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """Lower-case strings of which every match of `pattern` contains at least one; None if unknown."""
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return None
    found = _sequence(parsed)
    if not found or not all(literal.isascii() for literal in found):
        return None  # a non-ASCII literal may match an ASCII letter under case folding
    return frozenset(found)


def required_literal_sets(pattern: str, flags: int = 0) -> list[frozenset[str]]:
    """Every requirement of the top-level sequence: each match of `pattern` contains one
    string of each set (lower case). [] if none is known."""
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return []
    sets = _sequence(parsed, every=True) or []
    return [frozenset(s) for s in sets if s and all(literal.isascii() for literal in s)]


def _sequence(items: list, every: bool = False) -> Any:
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, value in items:
        if op == _LITERAL:
            run.append(chr(value).lower())
            continue
        if op == sre_constants.AT:
            continue  # \b, ^, $ consume nothing: the literal run goes on
        if run:
            candidates.append({"".join(run)})
            run = []
        if op == _SUBPATTERN:
            inner = _sequence(list(value[-1]))
        elif op == _BRANCH:
            alternatives = [_sequence(list(branch)) for branch in value[1]]
            inner = set().union(*alternatives) if all(alternatives) else None
        elif op in _REPEATS and value[0] >= 1:
            repeated = _repeated_literal(value)
            inner = {repeated} if repeated else _sequence(list(value[2]))
        else:
            inner = None
        if inner:
            candidates.append(inner)
    if run:
        candidates.append({"".join(run)})
    if not candidates:
        return None
    if every:
        return candidates
    # The most selective requirement: the one whose shortest literal is longest.
    return max(candidates, key=lambda options: (min(map(len, options)), -len(options)))


class LiteralGate:
    """Whether a regex can match in a text at all, by the strings every match holds
    (`required_literal_sets`): searching a note for a phrase it cannot hold is skipped. A
    necessary condition only (a search still decides); no gate for a non-ASCII text, where
    case folding may match an ASCII letter."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.sets = required_literal_sets(pattern.pattern, pattern.flags)

    def open(self, text: str) -> bool:
        if not gates_on() or not self.sets or not text.isascii():
            return True
        lowered = lowered_text(text)
        return all(any(literal in lowered for literal in options) for options in self.sets)

    def open_in(self, lowered: Optional[str], start: int, end: int) -> bool:
        """Whether a match can lie within text[start:end], given `lowered`, the text in lower
        case when it is ASCII (None otherwise: no gate). Every required string of a match is
        in what the match consumes, so it lies in the window too."""
        if lowered is None or not gates_on() or not self.sets:
            return True
        return all(any(lowered.find(literal, start, end) >= 0 for literal in options) for options in self.sets)


class NoteGate:
    """`gate.open_in(lowered, start, end)` for the many windows of one note: where each of the
    gate's required strings occurs is found once, and a window is then open when, for every
    set, an occurrence lies wholly inside it (what `str.find(literal, start, end)` asks)."""

    def __init__(self, gate: LiteralGate, lowered: Optional[str]) -> None:
        self.gate = gate
        self.lowered = lowered
        # per set of the gate: the starts and ends of its strings' occurrences, by start
        self._found: Optional[list[tuple[list[int], list[int]]]] = None
        if lowered is not None and gate.sets and all(literal for options in gate.sets for literal in options):
            self._found = []
            for options in gate.sets:
                spans = sorted((at, at + len(literal)) for literal in options for at in _occurrences(lowered, literal))
                self._found.append(([at for at, _ in spans], [end for _, end in spans]))

    def open_in(self, start: int, end: int) -> bool:
        """`self.gate.open_in(self.lowered, start, end)`."""
        if self._found is None or not gates_on():
            return self.gate.open_in(self.lowered, start, end)
        for starts, ends in self._found:
            at = bisect_left(starts, start)
            while at < len(starts) and starts[at] < end and ends[at] > end:
                at += 1
            if at == len(starts) or starts[at] >= end:
                return False
        return True


def _occurrences(text: str, literal: str) -> Iterator[int]:
    """Every start of `literal` in `text`, overlapping ones too."""
    at = text.find(literal)
    while at >= 0:
        yield at
        at = text.find(literal, at + 1)


_LAST_LOWERED: list[Optional[str]] = [None, None]


def lowered_text(text: str) -> str:
    """`text.lower()`, remembered for the last text asked about: a note's stages gate many
    patterns on the same text."""
    if _LAST_LOWERED[0] is not text:
        _LAST_LOWERED[0], _LAST_LOWERED[1] = text, text.lower()
    return _LAST_LOWERED[1]  # type: ignore[return-value]


def _repeated_literal(repeat: Any) -> Optional[str]:
    """"\\.{3,}" holds "..." (lower case): a character repeated at least twice, as a string."""
    low, _, body = repeat
    if low >= 2 and len(body) == 1 and body[0][0] == _LITERAL:
        return chr(body[0][1]).lower() * min(low, 8)
    return None


# -- What a line must hold for a rule to match in it -------------------------------------
# A requirement is one of: a set of lower-case strings, one of which the line holds
# (`frozenset`); `_All` of requirements; `_Either` of requirements (a branch); or None
# (nothing known: every line). Worked out from the parsed pattern: its literal runs, small
# character sets ("[MF]", "\\d") and positive lookaheads (a match runs inside its line, and
# so does what a lookahead sees). The gate is a necessary condition only: the rule still
# runs on the lines that pass, so its matches are the same.
class _All(tuple):
    pass


class _Either(tuple):
    pass


DIGITS = frozenset("0123456789")  # `\d`: what it matches in an ASCII note
_MAX_SET_CHARS = 12


def line_requirement(pattern: str, flags: int = 0) -> Any:
    """What every line in which `pattern` matches holds (see above); None if nothing is known."""
    parsed = _parsed(pattern, flags)
    return None if parsed is None else _requirement(parsed)


def _requirement(items: list) -> Any:
    factors: list[Any] = []
    run: list[str] = []
    # The characters one of which comes right before the literal run (when the item before it
    # is a small character set, "\\d/" or "[MF]-"), and right before the item being read.
    run_after: Optional[frozenset[str]] = None
    last_chars: Optional[frozenset[str]] = None

    def end_run(heads: Optional[frozenset[str]] = None) -> None:
        """The run as a requirement: with the characters just before it and the first
        characters of what follows it ("y" then "o|/o|r..." holds "yo", "y/" or "yr"),
        when there are few such strings."""
        if run:
            literal = "".join(run)
            strings = {literal}
            if run_after:
                strings = {before + literal for before in run_after}
            if heads:
                strings = {string + head for string in strings for head in heads}
            if len(strings) > 1 and (len(strings) > _MAX_JOINED or not all(map(_gate_safe, strings))):
                strings = {literal}
            if all(map(_gate_safe, strings)):
                factors.append(frozenset(strings))
            run.clear()

    for op, value in items:
        if op == _LITERAL:
            if not run:
                run_after = last_chars
            run.append(chr(value).lower())
            last_chars = None
            continue
        if op == sre_constants.AT:
            continue  # \b, ^, $ consume nothing: the literal run goes on
        end_run(_heads([(op, value)]) if op in (_BRANCH, _SUBPATTERN) else None)
        last_chars = _last_characters(op, value)
        inner: Any = None
        if op == _SUBPATTERN:
            inner = _requirement(list(value[-1]))
        elif op == _BRANCH:
            alternatives = [_requirement(list(branch)) for branch in value[1]]
            inner = _either(alternatives) if all(a is not None for a in alternatives) else None
        elif op in _REPEATS and value[0] >= 1:
            repeated = _repeated_literal(value)
            inner = frozenset({repeated}) if repeated and _gate_safe(repeated) else _requirement(list(value[2]))
        elif op == sre_constants.IN:
            inner = _character_set(value)
        elif op == sre_constants.ASSERT and value[0] == 1:  # a lookahead (a lookbehind may see the line before)
            inner = _requirement(list(value[1]))
        if inner is not None:
            factors.append(inner)
    end_run()
    if not factors:
        return None
    return factors[0] if len(factors) == 1 else _All(factors)


# At most this many strings for a literal run joined with the characters around it.
_MAX_JOINED = 64


def _last_characters(op: Any, value: Any) -> Optional[frozenset[str]]:
    """The small set of characters (lower case) one of which is the last that an item
    consumes: a character set ("[MF]", "\\d") or a repeat of one at least once ("\\d{1,3}")."""
    if op == sre_constants.IN:
        return _character_set(value)
    if op in _REPEATS and value[0] >= 1 and len(value[2]) == 1:
        body_op, body_value = value[2][0]
        if body_op == sre_constants.IN:
            return _character_set(body_value)
        if body_op == _LITERAL and _gate_safe(chr(body_value).lower()):
            return frozenset({chr(body_value).lower()})
    return None


def _heads(items: list) -> Optional[frozenset[str]]:
    """The characters (lower case) one of which every match of `items` starts with; None if
    unknown (an alternative that may be empty, a wide character set)."""
    for op, value in items:
        if op == sre_constants.AT:
            continue  # consumes nothing
        if op == _LITERAL:
            char = chr(value).lower()
            return frozenset({char}) if _gate_safe(char) else None
        if op == sre_constants.IN:
            return _character_set(value)
        if op == _SUBPATTERN:
            return _heads(list(value[-1]))
        if op == _BRANCH:
            alternatives = [_heads(list(branch)) for branch in value[1]]
            return frozenset().union(*alternatives) if all(alternatives) else None
        if op in _REPEATS and value[0] >= 1:
            return _heads(list(value[2]))
        return None
    return None


# -- Where a match can start -------------------------------------------------------------
# Python's regex engine tries a pattern at every position of the text; a pattern that opens
# with lookbehinds or a long alternation ("(?<!\bx )(?<!\bfor )\b\d{1,3}\s*years",
# "\b(?:procedure|repositioning|...)") pays for all of it at each one. A lookahead on the
# characters a match can start with turns most positions away at once, and finds the same matches.
_CATEGORY_CLASSES = {sre_constants.CATEGORY_DIGIT: r"\d", sre_constants.CATEGORY_WORD: r"\w",
                     sre_constants.CATEGORY_SPACE: r"\s"}
_NO_CONSUMPTION = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


def first_characters(pattern: str, flags: int = 0) -> Optional[str]:
    """A character class (regex source, read with the pattern's flags) holding the first
    character of every match of `pattern`; None when not known (a match may be empty, a
    negated set, a case-insensitive part of a case-sensitive pattern)."""
    parsed = _parsed(pattern, flags)
    found = None if parsed is None else _first_members(parsed, bool(flags & re.IGNORECASE))
    if found is None or found[1] or not found[0]:  # (unknown, or a match may be empty)
        return None
    return "[" + "".join(sorted(found[0])) + "]"


def _first_members(items: list, ignore_case: bool) -> Optional[tuple[set[str], bool]]:
    """The class members of the first characters of a sequence's matches, and whether a
    match of it may be empty (then what follows it may come first); None if not known."""
    members: set[str] = set()
    for op, value in items:
        if op in _NO_CONSUMPTION:
            continue  # (lookarounds, \b and ^ consume nothing: the first character is after them)
        if op == _LITERAL:
            return members | {re.escape(chr(value))}, False
        if op == sre_constants.IN:
            found = _class_members(value)
            return (members | found, False) if found is not None else None
        if op == _SUBPATTERN:
            if value[1] & re.IGNORECASE and not ignore_case:
                return None
            inner = _first_members(list(value[-1]), ignore_case)
        elif op == _BRANCH:
            alternatives = [_first_members(list(branch), ignore_case) for branch in value[1]]
            if any(alternative is None for alternative in alternatives):
                return None
            inner = (set().union(*(a[0] for a in alternatives)), any(a[1] for a in alternatives))  # type: ignore[index]
        elif op in _REPEATS:
            inner = _first_members(list(value[2]), ignore_case)
            if inner is not None and value[0] == 0:
                inner = (inner[0], True)  # (optional: what follows may come first)
        else:
            return None
        if inner is None:
            return None
        members |= inner[0]
        if not inner[1]:
            return members, False
    return members, True


def _class_members(items: list) -> Optional[set[str]]:
    members: set[str] = set()
    for op, value in items:
        if op == _LITERAL:
            members.add(re.escape(chr(value)))
        elif op == sre_constants.RANGE:
            members.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op == sre_constants.CATEGORY and value in _CATEGORY_CLASSES:
            members.add(_CATEGORY_CLASSES[value])
        else:
            return None  # a negated set, another category
    return members or None


def starting_checked(pattern: re.Pattern) -> re.Pattern:
    """`pattern`, opening with a lookahead on its first characters when they are known (and
    the engine does not skip ahead by itself: `engine_skips_ahead`)."""
    first = first_characters(pattern.pattern, pattern.flags)
    if first is None or engine_skips_ahead(pattern.pattern, pattern.flags):
        return pattern
    return _checked(pattern.pattern, pattern.flags, first, pattern)


def engine_skips_ahead(pattern: str, flags: int = 0) -> bool:
    """Whether Python's engine jumps by itself to the characters a match can start with: a
    pattern that opens with a literal character or a character class (uncased ones under
    IGNORECASE), as "\\r\\n?", "l(?<=[A-Z]l)(?=[A-Z])" or "[\\ufeff\\u200b]", is searched
    for that character in a tight loop. A lookahead in front would hide it from the engine and
    try the whole pattern at every position: ten times slower on a note without the character."""
    parsed = _parsed(pattern, flags)
    if not parsed:
        return False
    op, value = parsed[0]
    inline = _INLINE_FLAGS.match(pattern)
    ignore_case = bool(flags & re.IGNORECASE) or (inline is not None and "i" in inline.group())
    if op == _LITERAL:
        return not (ignore_case and _cased(value))
    if op == sre_constants.IN:
        if not ignore_case:
            return True
        for item, member in value:
            if item == _LITERAL and _cased(member):
                return False
            if item == sre_constants.RANGE and (member[1] - member[0] > 0xff or any(map(_cased, range(member[0], member[1] + 1)))):
                return False
            if item not in (_LITERAL, sre_constants.RANGE, sre_constants.CATEGORY):
                return False
        return True
    return False


def _cased(code: int) -> bool:
    character = chr(code)
    return character.lower() != character or character.upper() != character


def _checked(source: str, flags: int, first: str, compiled: Optional[re.Pattern] = None) -> re.Pattern:
    inline = _INLINE_FLAGS.match(source)  # ("(?m)^...": global flags stay first)
    rest = source[inline.end():] if inline else source
    try:
        return re.compile(f"{inline.group() if inline else ''}(?={first})(?:{rest})", flags)
    except re.error:  # pragma: no cover - (the same pattern, in a group: kept as it is if refused)
        return compiled if compiled is not None else re.compile(source, flags)


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def compile_rule(source: str, flags: int = 0) -> re.Pattern:
    """`re.compile` for a rule searched through notes: `starting_checked` when the first
    characters are few (a lookahead on any word character would turn no position away)."""
    first = first_characters(source, flags)
    if first is None or "\\w" in first or "\\s" in first or "-" in first.replace("\\-", "") \
            or engine_skips_ahead(source, flags):
        return re.compile(source, flags)
    return _checked(source, flags, first)


def _gate_of(need: Any) -> Optional["_Gate"]:
    factors = _factors(need)
    return _Gate(factors) if factors else None


def _either(alternatives: list[Any]) -> Any:
    """A branch's requirement; one set when each alternative is a set ("one|two|three")."""
    if all(isinstance(a, frozenset) for a in alternatives):
        return frozenset().union(*alternatives)
    return _Either(alternatives)


def _character_set(items: list) -> Optional[frozenset[str]]:
    """A small character class as its characters (lower case): "[MF]", "[:=|]", "\\d"."""
    chars: set[str] = set()
    for op, value in items:
        if op == _LITERAL:
            chars.add(chr(value).lower())
        elif op == sre_constants.RANGE and value[1] - value[0] < _MAX_SET_CHARS:
            chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
        elif op == sre_constants.CATEGORY and value == sre_constants.CATEGORY_DIGIT:
            chars.update(DIGITS)
        else:
            return None  # a negated set, a category, a wide range: nothing known
    if not chars or len(chars) > _MAX_SET_CHARS or not all(_gate_safe(c) for c in chars):
        return None
    return frozenset(chars)


def _gate_safe(literal: str) -> bool:
    """An ASCII note holds `literal` (lower case) wherever the rule matches it: true of ASCII
    strings and of characters that no ASCII letter matches under case folding ("½"
    yes; the Kelvin sign, which matches "k", no). Non-ASCII notes are not gated at all."""
    return all(c.isascii() or not _folds_to_ascii(c) for c in literal)


@lru_cache(maxsize=None)
def _folds_to_ascii(char: str) -> bool:
    return any(re.fullmatch(re.escape(char), letter, re.IGNORECASE) for letter in string.ascii_letters)


def _selectivity(options: frozenset[str]) -> tuple[int, int]:
    """Longer strings, and fewer of them, are rarer."""
    return min(len(literal) if literal.isascii() else 3 for literal in options), -len(options)


def _factors(need: Any) -> list[frozenset[str]]:
    """A requirement as sets of strings, a matching line holding one string of each set, the
    most selective first. A branch gives, for each rank, the union of its alternatives' sets
    of that rank (each alternative needs all of its own)."""
    if need is None:
        return []
    if isinstance(need, frozenset):
        return [need]
    if isinstance(need, _Either):
        options = [_factors(option) for option in need]
        if not all(options):
            return []
        return [frozenset().union(*ranked) for ranked in zip(*options)]
    return sorted({factor for part in need for factor in _factors(part)}, key=_selectivity, reverse=True)


class _Gate:
    """A rule's line requirement, ready to use: the candidate lines hold a string of the
    most selective set (`driver`); each is then checked for a few more sets (`others`)."""

    MAX_OTHERS = 3

    def __init__(self, factors: list[frozenset[str]]) -> None:
        self.driver = factors[0]
        self.others = tuple(factors[1:1 + self.MAX_OTHERS])
        # (one search per line for each set, not one `in` per string)
        self.other_patterns = tuple(_any_of(options) for options in self.others)
        self.single_characters = _single_characters(self.driver)


class _GateIndex:
    """The gates of a matcher's rules, worked out once: which rules each driver string serves,
    and one Aho-Corasick automaton over all those strings, so that a note is read once for
    every rule instead of once per string (rules with single-character drivers excepted)."""

    def __init__(self, gates: list[Optional[_Gate]]) -> None:
        self.rules_of: dict[str, list[int]] = {}
        # the rules a note's driver strings cannot rule out: no gate, or single characters
        self.always_asked = [position for position, gate in enumerate(gates) if gate is None or gate.single_characters]
        for position, gate in enumerate(gates):
            if gate is not None and not gate.single_characters:
                for literal in gate.driver:
                    self.rules_of.setdefault(literal, []).append(position)
        self.automaton: Optional[ahocorasick.Automaton] = None
        if self.rules_of:
            self.automaton = ahocorasick.Automaton()
            for literal in self.rules_of:
                self.automaton.add_word(literal, literal)
            self.automaton.make_automaton()

    def candidates(self, lowered: str, line_starts: list[int]) -> dict[int, set[int]]:
        """Per rule (its position in the plan), the lines holding a string of its driver."""
        if self.automaton is None:
            return {}
        lines_of: dict[str, set[int]] = {}
        for end, literal in self.automaton.iter(lowered):
            lines = lines_of.get(literal)
            if lines is None:
                lines = lines_of[literal] = set()
            lines.add(bisect_right(line_starts, end) - 1)  # (no driver string spans a line break)
        candidates: dict[int, set[int]] = {}
        for literal, lines in lines_of.items():
            for position in self.rules_of[literal]:
                found = candidates.get(position)
                if found is None:
                    candidates[position] = set(lines)
                else:
                    found |= lines
        return candidates


class _LineIndex:
    """One (ASCII, lower-cased) note: the lines that meet a gate. The lines holding a driver
    string are found for all the rules in one pass (`_GateIndex`)."""

    def __init__(self, lowered: str, line_starts: list[int], line_ends: list[int], gates: _GateIndex) -> None:
        self.lowered = lowered
        self.line_starts = line_starts
        self.line_ends = line_ends
        self._candidates = gates.candidates(lowered, line_starts)
        self._lines: dict[Any, set[int]] = {}
        # (the other rules' lines hold no driver string of theirs: they cannot match)
        self.positions = sorted(set(gates.always_asked).union(self._candidates))

    def _matching(self, options: frozenset[str]) -> set[int]:
        found = self._lines.get(options)
        if found is None:
            found = self._lines[options] = _lines_matching(self.lowered, _character_class(options), self.line_starts)
        return found

    def lines(self, position: int, gate: _Gate) -> list[int]:
        """The lines, in order, that hold a string of every set of the gate of the rule at
        `position` in the plan."""
        candidates = self._matching(gate.driver) if gate.single_characters else self._candidates.get(position)
        if not candidates or not gate.others:
            return sorted(candidates) if candidates else []
        lowered, starts, ends = self.lowered, self.line_starts, self.line_ends
        return [line for line in sorted(candidates)
                if all(pattern.search(lowered, starts[line], ends[line]) for pattern in gate.other_patterns)]


def _single_characters(options: frozenset[str]) -> bool:
    return all(len(literal) == 1 for literal in options)


@lru_cache(maxsize=None)
def _any_of(options: frozenset[str]) -> re.Pattern:
    """A pattern that finds any of the strings (a character class when they are characters)."""
    if all(len(literal) == 1 for literal in options):
        return _character_class(options)
    return re.compile("|".join(re.escape(literal) for literal in sorted(options)))


@lru_cache(maxsize=None)
def _character_class(options: frozenset[str]) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(options)) + "]")


class GatedRegexMatcher(RegexMatcher):
    """RegexMatcher that builds `doc.text` once and searches line by line, only the lines that
    hold one of a rule's required literals. A match never spans a line break: notes are
    line-structured and our sentences end at line breaks, so a phrase across two lines is
    not one statement (and a token pattern cannot match across a line break either)."""

    def add(self, *args: Any, **kwargs: Any) -> Any:
        self.__dict__.pop("_plan_cache", None)  # the plan is made again with the new rules
        self.__dict__.pop("_gate_index", None)
        return super().add(*args, **kwargs)

    def _plan(self) -> list[tuple[int, Any, re.Pattern, Any, bool]]:
        """Per rule, worked out once after the last `add`: (match id, callback, pattern, line
        requirement, line-anchored)."""
        plan = self.__dict__.get("_plan_cache")
        if plan is None:
            plan = [(match_id, self._callbacks[match_id], starting_checked(pattern) if gates_on() else pattern,
                     _gate_of(line_requirement(pattern.pattern, pattern.flags)), _line_anchored(pattern))
                    for match_id, patterns in self._patterns.items() for pattern in patterns]
            self.__dict__["_plan_cache"] = plan
            self.__dict__["_gate_index"] = _GateIndex([gate for _, _, _, gate, _ in plan])
        return plan

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        plan = self._plan()
        if not plan:  # (ConText's: all its rules are phrases or token patterns)
            return []
        text, lowered = _texts(doc)
        line_starts = [0] + [found.end() for found in _NEWLINE.finditer(text)]
        line_ends = [start - 1 for start in line_starts[1:]] + [len(text)]
        every_line = range(len(line_starts))
        # Unicode case folding can make a non-ASCII character match an ASCII literal
        # under re.IGNORECASE (the Kelvin sign matches "k"): such notes skip the gate.
        gated = gates_on() and text.isascii()
        index = _LineIndex(lowered, line_starts, line_ends, self.__dict__["_gate_index"]) if gated else None
        matches: list[tuple[int, int, int]] = []
        # (in the plan's order, only the rules that may match: the order of the matches is kept)
        for position in range(len(plan)) if index is None else index.positions:
            match_id, on_match, pattern, gate, anchored = plan[position]
            if index is not None and gate is not None:
                lines: Any = index.lines(position, gate)
                if not lines:
                    continue
            else:
                lines = every_line
            for line in lines:
                if anchored:  # (?m)^...: at most one match, at the line's start
                    found_on_line = filter(None, (pattern.match(text, line_starts[line], line_ends[line]),))
                else:
                    found_on_line = pattern.finditer(text, line_starts[line], line_ends[line])
                for found in found_on_line:
                    span = doc.char_span(found.start(), found.end())
                    if span is None:  # resolved to tokens as medspaCy does
                        start = get_token_for_char(doc, found.start(), resolve=self.resolve_start)
                        end = get_token_for_char(doc, found.end(), resolve=self.resolve_end)
                        span = doc[start.i:len(doc) if end is None else end.i]
                    if len(span):
                        matches.append((match_id, span.start, span.end))
                        if on_match is not None:
                            on_match(self, doc, len(matches) - 1, matches)
        return matches


def _line_anchored(pattern: re.Pattern) -> bool:
    """A (?m)^... rule can only match at the start of a line: one `match` per line will do."""
    parsed = _parsed(pattern.pattern, pattern.flags) or []
    return bool(pattern.flags & re.MULTILINE) and bool(parsed) and \
        parsed[0] == (sre_constants.AT, sre_constants.AT_BEGINNING)


_NEWLINE = re.compile("\n")


def _lines_matching(lowered: str, pattern: re.Pattern, line_starts: list[int]) -> set[int]:
    """Indices of the lines in which `pattern` (a character class) matches."""
    lines = set()
    last = len(line_starts) - 1
    found = pattern.search(lowered)
    while found is not None:
        line = bisect_right(line_starts, found.start()) - 1
        lines.add(line)
        if line == last:
            break
        found = pattern.search(lowered, line_starts[line + 1])  # the next line on
    return lines


class GatedTokenMatcher:
    """Wraps a spaCy Matcher: returns no matches, without running it, when no token of the Doc
    is one of the words that each pattern needs (`required_words`: for every pattern, one of
    its tokens must be one of them). spaCy's Matcher walks every token in Python-level code;
    one look at the Doc's LOWER column spares most notes that walk.

    When every pattern is at most `reach + 1` tokens long, each match lies within `reach`
    tokens of a needed word: the Matcher then walks only those windows (a dash or "further"
    occurs in most notes, but covers few of their tokens). The matches are the same, in the
    same order (the Matcher reports a match once its last token is read). `spacing` narrows a
    word to the tokens with (True) or without (False) whitespace after them, when every pattern
    needing it asks that ("SPACY": a list's dash, " - ", is followed by a space)."""

    def __init__(self, matcher: Any, words: frozenset[str], reach: Optional[int] = None,
                 spacing: Optional[dict[str, bool]] = None) -> None:
        self.matcher = matcher
        self.words = words
        self.reach = reach
        self.spacing = dict(spacing or {})
        self._hashes: Optional[frozenset[int]] = None
        self._spaced: dict[int, bool] = {}

    def __call__(self, doc: Doc, *args: Any, **kwargs: Any) -> Any:
        if not gates_on():
            return self.matcher(doc, *args, **kwargs)
        _, lowered = _texts(doc)
        if not any(word in lowered for word in self.words):
            return []
        if self._hashes is None:
            self._hashes = frozenset(doc.vocab.strings.add(word) for word in self.words if word not in self.spacing)
            self._spaced = {doc.vocab.strings.add(word): spaced for word, spaced in self.spacing.items()}
        hashes, spaced = self._hashes, self._spaced
        # (a set lookup per token: numpy.isin costs more than that on a note's few hundred)
        if spaced:
            holding = [i for i, (word, space) in enumerate(doc.to_array([LOWER, SPACY]).tolist())
                       if word in hashes or spaced.get(word, not space) is bool(space)]
        else:
            holding = [i for i, word in enumerate(doc.to_array(LOWER).tolist()) if word in hashes]
        if not holding:
            return []
        if self.reach is None or args or kwargs:
            return self.matcher(doc, *args, **kwargs)
        return self._in_windows(doc, holding)

    def _in_windows(self, doc: Doc, positions: list[int]) -> list[tuple[int, int, int]]:
        """The Matcher's matches, found in the windows around `positions` (merged where they meet)."""
        reach, length = self.reach, len(doc)
        assert reach is not None
        windows: list[list[int]] = []
        for position in positions:
            start, end = max(0, position - reach), min(length, position + reach + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        matches = []
        for start, end in windows:
            matches.extend((key, start + first, start + last) for key, first, last in self.matcher(doc[start:end]))
        return matches

    def __getattr__(self, name: str) -> Any:
        return getattr(self.matcher, name)

    def __len__(self) -> int:
        return len(self.matcher)


_WORD_KEYS = ("LOWER", "TEXT", "ORTH")


def required_words(pattern: list) -> Optional[set[str]]:
    """The words (lower case) of the first token that a pattern cannot do without and whose
    LOWER, TEXT or ORTH value is a word or a list of them; None if there is none. (Other
    keys of that token only narrow it further.)"""
    for token in pattern:
        if not isinstance(token, dict):
            return None
        if token.get("OP") not in (None, "+"):
            continue  # optional, repeated or negated: a match need not hold it
        keys = [key for key in _WORD_KEYS if key in token]
        if len(keys) != 1:
            continue
        value = token[keys[0]]
        if isinstance(value, dict):
            value = value.get("IN") if set(value) == {"IN"} else None
        words = [value] if isinstance(value, str) else value
        if words and all(isinstance(w, str) for w in words):
            return {w.lower() for w in words}  # (a token's LOWER is its text, lower-cased)
    return None


def _is_punctuation(word: str) -> bool:
    return not any(character.isalnum() for character in word)


def token_gate(pattern: list) -> Optional[tuple[set[str], Optional[bool]]]:
    """The words (lower case) of a token every match of `pattern` holds, and the whitespace
    after it when the pattern asks ("SPACY"); None if there is none. A token of words is
    chosen over one of punctuation (": no": "no" is rarer than a colon), else the first."""
    found: list[tuple[set[str], Optional[bool]]] = []
    for token in pattern:
        if not isinstance(token, dict):
            return None
        words = required_words([token])
        if words is not None:
            spacing = token.get("SPACY")
            found.append((words, spacing if isinstance(spacing, bool) else None))
    if not found:
        return None
    return next((gate for gate in found if not any(map(_is_punctuation, gate[0]))), found[0])


def token_gates(patterns: list[list]) -> Optional[tuple[frozenset[str], dict[str, bool]]]:
    """For a Matcher's patterns, each with a `token_gate`: the words of them all, and the
    whitespace a word's token must have where every pattern needing that word asks the same;
    None if some pattern has no gate."""
    gates = [token_gate(pattern) for pattern in patterns]
    if not gates or any(gate is None for gate in gates):
        return None
    asked: dict[str, set[Optional[bool]]] = {}
    for words, spacing in gates:  # type: ignore[misc]
        for word in words:
            asked.setdefault(word, set()).add(spacing)
    spacing = {word: next(iter(values)) for word, values in asked.items() if len(values) == 1 and None not in values}
    return frozenset(asked), spacing  # type: ignore[return-value]


def _longest_match(patterns: list) -> Optional[int]:
    """The most tokens a match of any of the patterns can span; None if unbounded."""
    longest = 0
    for pattern in patterns:
        length = 0
        for token in pattern:
            most = _most_repeats(token.get("OP")) if isinstance(token, dict) else None
            if most is None:
                return None
            length += most
        longest = max(longest, length)
    return longest


_BOUNDED_OP = re.compile(r"\{(?:\d*,)?(?P<most>\d+)\}")  # spaCy's "{n}", "{n,m}", "{,m}"


def _most_repeats(op: Optional[str]) -> Optional[int]:
    """How many tokens a pattern token with this operator can match at most; None if unbounded."""
    if op in (None, "?", "!"):
        return 1
    bounded = _BOUNDED_OP.fullmatch(op)
    return int(bounded.group("most")) if bounded else None


def use_gated_matchers(matcher: Any) -> None:
    """In a medspaCy MedspacyMatcher (after its rules are added): the gated regex matcher, and
    the token Matcher gated by the words its patterns need, when every pattern has some."""
    for key, value in list(vars(matcher).items()):
        if type(value) is RegexMatcher:
            value.__class__ = GatedRegexMatcher
        elif type(value).__name__ == "Matcher":
            patterns = [rule.pattern for rule in matcher.rules if isinstance(rule.pattern, list)]
            gates = token_gates(patterns)
            if gates is not None:
                longest = _longest_match(patterns)
                # (a callback or a greedy filter sees all of a Doc's matches at once)
                windows = longest is not None and not any(value._callbacks.values()) and not any(value._filter.values())
                words, spacing = gates
                # (the whitespace narrows only the windows: a Doc is matched whole without them)
                setattr(matcher, key, GatedTokenMatcher(value, words, longest - 1 if windows else None,
                                                        spacing if windows else None))


class TargetSentenceMatches:
    """Wraps ConText's matcher: keeps only the modifiers that start in a sentence holding one
    of ConText's targets. A modifier's scope never leaves the sentence it starts in (medspaCy
    scopes by `doc[start].sent`), so the others can modify nothing; dropping them saves
    building them and ConText's all-pairs scope and target checks."""

    def __init__(self, matcher: Any, span_group: str) -> None:
        self.matcher = matcher
        self.span_group = span_group

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        targets = doc.spans[self.span_group] if self.span_group in doc.spans else []
        if not len(targets):
            return []
        sentence = numpy.cumsum(doc.to_array(SENT_START) == 1)
        wanted = {int(sentence[span.start]) for span in targets}
        return [match for match in self.matcher(doc) if int(sentence[match[1]]) in wanted]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.matcher, name)


def use_target_sentence_matches(context: Any, span_group: str) -> None:
    """Give a medspaCy ConText the filtering matcher above (its matcher is a private attribute)."""
    for key, value in list(vars(context).items()):
        if isinstance(value, MedspacyMatcher):
            setattr(context, key, TargetSentenceMatches(value, span_group))
