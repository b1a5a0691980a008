"""Text as the rules expect it, with a map back to the text as given.

Feeds deliver notes as PDF text with hard wraps and words hyphenated across lines, HL7
with escapes, CRLF or lone CR line ends, a BOM, non-breaking spaces, smart quotes, OCR
slips and dictation. The rules are written for plain text, so the note is normalised
first, by the rules in `patterns/normalization.json`:

- `characters`: one character for another (offsets do not move);
- `replacements`: regex substitutions applied in order, each over the previous result;
- words hyphenated across a line break are joined (`keep_hyphen_before_line_break` lists
  the words whose hyphen is real: "dual-\\nlumen");
- `hard_wraps`: a line break inside a wrapped sentence reads as a space.

Every length-changing step records where its output came from, so a span of the
normalised text maps back to the exact span of the original (`original_span`): evidence
always quotes and indexes the note as the caller gave it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from .matching import required_literal_sets


@dataclass
class _Step:
    """The length-changing edits of one pass, in order: output and input ranges."""

    out_starts: list[int] = field(default_factory=list)
    out_ends: list[int] = field(default_factory=list)
    in_starts: list[int] = field(default_factory=list)
    in_ends: list[int] = field(default_factory=list)

    def char_range(self, position: int) -> tuple[int, int]:
        """The input range that the output character at `position` came from."""
        i = bisect_right(self.out_starts, position) - 1
        if i >= 0 and position < self.out_ends[i]:
            return self.in_starts[i], self.in_ends[i]
        shift = self.in_ends[i] - self.out_ends[i] if i >= 0 else 0
        return position + shift, position + shift + 1

    def position(self, position: int) -> int:
        """The input offset of an output offset between characters (for empty spans)."""
        i = bisect_right(self.out_starts, position) - 1
        if i >= 0 and position < self.out_ends[i]:
            return self.in_starts[i]
        return position + (self.in_ends[i] - self.out_ends[i] if i >= 0 else 0)


@dataclass(frozen=True)
class NormalizedText:
    """The normalised text and how to find its spans in the original."""

    text: str
    original: str
    steps: tuple[_Step, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the normalised span [start, end) came from."""
        if end <= start:
            for step in reversed(self.steps):
                start = step.position(start)
            return start, start
        first, last = start, end - 1
        for step in reversed(self.steps):
            first = step.char_range(first)[0]
            last = step.char_range(last)[1] - 1
        return first, last + 1


def _substitute(text: str, pattern: re.Pattern, replace: Callable[[re.Match], str]) -> tuple[str, Optional[_Step]]:
    """`pattern.sub(replace, text)`, recording the edits that change the length."""
    step = _Step()
    pieces: list[str] = []
    last = out = 0
    for match in pattern.finditer(text):
        new = replace(match)
        if new == match.group():
            continue
        pieces.append(text[last:match.start()])
        out += match.start() - last
        if len(new) != match.end() - match.start():
            step.out_starts.append(out)
            step.out_ends.append(out + len(new))
            step.in_starts.append(match.start())
            step.in_ends.append(match.end())
        pieces.append(new)
        out += len(new)
        last = match.end()
    if not pieces:
        return text, None
    pieces.append(text[last:])
    return "".join(pieces), step if step.out_starts else None


_RN_WORD = re.compile(r"\b[A-Za-z-]*rn[A-Za-z-]*\b")


class Normalizer:
    """Normalises note text by the rules of `patterns/normalization.json`."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.table = str.maketrans(rules.get("characters", {}))
        self.replacements = [(re.compile(rule["pattern"], re.MULTILINE | (re.IGNORECASE if rule.get("ignore_case") else 0)),
                              rule["replacement"]) for rule in rules.get("replacements", [])]
        # A rule runs only on notes holding one of the strings every match must contain (as
        # the regex matchers are gated: matching.required_literals); most notes need few rules.
        self.gates = [required_literal_sets(pattern.pattern, pattern.flags) for pattern, _ in self.replacements]
        keep = "|".join(re.escape(w) for w in rules.get("keep_hyphen_before_line_break", [])) or "(?!)"
        # "reposi-\ntioning": a word part, a hyphen at the end of the line, a lower-case part.
        self.hyphen_breaks = [
            (re.compile(rf"\b((?:{keep})-)[ \t]*\n[ \t]*(?=[a-z]{{2,}})", re.IGNORECASE), r"\1"),
            (re.compile(r"\b([A-Za-z]{2,})-[ \t]*\n[ \t]*(?=[a-z]{2,})"), r"\1"),
        ]
        hl7 = rules.get("hl7_segments")
        self.segment_line = re.compile(hl7["segment_line"], re.MULTILINE) if hl7 else None
        self.segment_blanks = str.maketrans({c: " " for c in hl7["separators"]}) if hl7 else {}
        vocabulary = frozenset(w.lower() for w in rules.get("ocr_rn_vocabulary", []))
        self.rn_vocabulary = vocabulary
        wraps = rules.get("hard_wraps", {})
        self.wrap_min_line = int(wraps.get("min_line_length", 0))
        self.wrap_joining_words = frozenset(wraps.get("joining_words", []))
        self.header_line = re.compile(wraps.get("header_line", r"(?!)"))

    def __call__(self, text: str) -> NormalizedText:
        original = text
        text = text.translate(self.table)
        if self.segment_line is not None and "|" in text:
            text = self.segment_line.sub(lambda m: m.group().translate(self.segment_blanks), text)
        steps = []
        lowered = text.lower()
        for (pattern, replacement), gate in zip([*self.replacements, *self.hyphen_breaks],
                                                [*self.gates, *([frozenset({"-"})] for _ in self.hyphen_breaks)]):
            if not all(any(literal in lowered for literal in options) for options in gate):
                continue
            changed, step = _substitute(text, pattern, lambda m, template=replacement: m.expand(template))
            if step is not None:
                steps.append(step)
            if changed is not text:
                text, lowered = changed, changed.lower()
        if self.rn_vocabulary and "rn" in text:
            text, step = _substitute(text, _RN_WORD, lambda m: self._rn_to_m(m.group()))
            if step is not None:
                steps.append(step)
        if self.wrap_min_line:
            text = self._join_hard_wraps(text)
        return NormalizedText(text, original, tuple(steps))

    def _rn_to_m(self, word: str) -> str:
        """OCR reads 'm' as 'rn' ('sternurn', 'frorn'): a word we do not know that becomes one we
        know when every 'rn' is read as 'm' is read that way."""
        lowered = word.lower()
        if lowered in self.rn_vocabulary:
            return word
        fixed = word.replace("rn", "m").replace("RN", "M")
        return fixed if fixed.lower() in self.rn_vocabulary else word

    def _join_hard_wraps(self, text: str) -> str:
        """A line break inside a wrapped sentence becomes a space (one character for one).

        A line was wrapped when it is long, does not end a sentence or a header, and the next
        line goes on with a lower-case word or a number (or the line ends on a word such as
        'the' or 'of' that cannot end a sentence)."""
        if "\n" not in text:
            return text
        chars: Optional[list[str]] = None
        position = 0
        for line in text.split("\n")[:-1]:
            end = position + len(line)
            following = text[end + 1:end + 2]
            stripped = line.rstrip()
            if len(stripped) >= self.wrap_min_line and following and not following.isspace() \
                    and stripped[-1] not in ".:;!?" and not self.header_line.match(line):
                last_word = stripped.rsplit(None, 1)[-1].lower()
                if following.islower() or following.isdigit() or last_word in self.wrap_joining_words:
                    chars = chars or list(text)
                    chars[end] = " "
            position = end + 1
        return "".join(chars) if chars is not None else text
