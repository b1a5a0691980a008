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
import html
from itertools import combinations
from typing import Any, Callable, Iterable, Optional

import ahocorasick

from . import matching
from .matching import required_literal_sets


_RULE_MARKS = ("--", "**", "==", "##", "~~", "__")


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

    def forward(self, position: int) -> int:
        """The output offset of an input offset between characters (an edit maps to its start)."""
        i = bisect_right(self.in_starts, position) - 1
        if i >= 0 and position < self.in_ends[i]:
            return self.out_starts[i]
        return position + (self.out_ends[i] - self.in_ends[i] if i >= 0 else 0)

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
    # HL7 fields that date the note ("TXA-4": the date of service): (kind, start, end) in `text`
    field_dates: tuple[tuple[str, int, int], ...] = ()

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


def _replace_runs(text: str, runs: list[tuple[int, int]], new: str) -> tuple[str, Optional[_Step]]:
    """text with each of the sorted, disjoint ranges `runs` replaced by `new`, and the edits."""
    if not runs:
        return text, None
    step = _Step()
    pieces: list[str] = []
    last = out = 0
    for start, end in runs:
        pieces.append(text[last:start])
        out += start - last
        step.out_starts.append(out)
        step.out_ends.append(out + len(new))
        step.in_starts.append(start)
        step.in_ends.append(end)
        pieces.append(new)
        out += len(new)
        last = end
    pieces.append(text[last:])
    return "".join(pieces), step


_ENTITY = re.compile(r"&(?:#\d{1,6}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,10});")
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "ServiceDate" -> "Service Date"
_TAG = re.compile(r"<(?:[A-Za-z!?/][^<>]{0,400})>")


_CP1252_HIGH = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df][{_CP1252_HIGH}]|[\u00e0-\u00ef][{_CP1252_HIGH}]{{2}}|[\u00f0-\u00f4][{_CP1252_HIGH}]{{3}}")
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2][\u0080-\u00bf\u20ac\u2122\u2018-\u201e]")
_MAX_REMEMBERED_WORDS = 50_000
_CAPS_WORD = re.compile(r"\b[A-Z0-9][A-Z0-9-]{3,}\b")
# What every word hyphenated across a line break holds (see `hyphen_breaks`).
_HYPHEN_AT_LINE_END = re.compile(r"-[ \t]*\n")
_INDENT = re.compile(r"[ \t]*")
_LIST_ITEM_START = re.compile(r"\d{1,2}[.)][ \t]+[A-Za-z]")
# a key|value export's row, its pipe read as a colon: "indication:recirculation ~35% ..." is no wrapped text
_KEY_ROW_START = re.compile(r"[a-z][a-z_]{1,30}:(?=\S)")
# "Procedure: ECMO decannulation (central)" over "3 yo M s/p ...": a labelled field's value, not a
# wrapped sentence, when the next line starts anew with a number (and the line does not end on a comma)
_FIELD_LINE = re.compile(r"[ \t]*[A-Z][A-Za-z /&()-]{1,40}:[ \t]")
# A log entry's stamp opening the next line ("11/18/22 15:25  POCUS ...", "03/07 Pediatric Surgery",
# "15:25  Dr. X at bedside"): a new entry, not the rest of a wrapped sentence
_ENTRY_STAMP = re.compile(r"[ \t]*(?:(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}[.-]\d{1,2}[.-]\d{2,4}|\d{4}-\d{2}-\d{2})[ \t,]+(?:\(?[A-Za-z]|\d{1,2}:?\d{2}\b)"
                          r"|(?:[01]?\d|2[0-3]):[0-5]\d\b[ \t]+[A-Z(])")
_JSON_ESCAPE = re.compile(r'\\(?:u[0-9a-fA-F]{4}|[nrt"/\\])')


def chart_number(found: re.Match) -> str:
    """A chart number (a `record_number` match) as compared: 'MRN: 510-2284' and 'MRN 5102284'
    are one chart."""
    return re.sub(r"[^0-9A-Z]", "", found.group("number").upper())


def _unmojibake(chars: str) -> str:
    """The characters that UTF-8 bytes became when read as Windows-1252, read as UTF-8 again."""
    try:
        raw = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in chars)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError, ValueError):
        return chars


def _unescape_json(escape: str) -> str:
    if escape[1] == "u":
        return chr(int(escape[2:], 16))
    return {"n": "\n", "r": "\n", "t": "\t"}.get(escape[1], escape[1])


# A line of fields joined by bare pipes (an EHR export, not an HL7 segment: those are blanked
# before), "Patient Age|50", "Site|Right common femoral vein", "2025-04-28|VV|6".
_HL7_SEGMENT = re.compile(r"(?:^|[\r\n])(?:MSH|PID|PV1|OBR|OBX|TXA|NTE|EVN|ORC)\|")
_TABLE_RULE = re.compile(r"[\s|:+=_-]*")
_PIPED_LINE = re.compile(r"^[ \t]*[^\s|][^\n]*?[^\s|]\|[^\s|][^\n]*$", re.MULTILINE)


def _piped_cells(line: str) -> str:
    """One bare pipe is a label's colon; more are cell borders (tabs). Same length."""
    if _TABLE_RULE.fullmatch(line):
        return line  # "-----|-----|-----": a drawn table's rule
    if line.count("|") == 1:
        return line.replace("|", ":")
    if " | " in line or line.lstrip().startswith("|"):
        return line  # a drawn table ("| Age | 50 |"): its pipes already stand apart
    return line.replace("|", "\t")


# A CSV row of quoted cells: "2026-02-11","11:05","Cannula reposition","advanced 6 cm, re-sutured"
_QUOTED_CSV_ROW = re.compile(r'^[ \t]*"(?:[^"\n]|"")*"(?:[ \t]*,[ \t]*"(?:[^"\n]|"")*"|[ \t]*,[ \t]*[^",\n]*)+[ \t]*$',
                             re.MULTILINE)
_CSV_CELL = re.compile(r'"((?:[^"\n]|"")*)"|([^",\n]+)|(,)')


def _csv_cells(row: str) -> str:
    """The row with its quotes as spaces and the commas between cells as tabs (one character
    for one, so offsets need no map); a comma inside a quoted cell stays."""
    chars = list(row)
    for cell in _CSV_CELL.finditer(row):
        if cell.group(1) is not None:
            chars[cell.start()] = chars[cell.end() - 1] = " "
        elif cell.group(3) is not None:
            chars[cell.start()] = "\t"
    return "".join(chars)


# A note that is a CSV export: its first line names the columns ("doc_id,line_no,section,text").
_CSV_HEADER = re.compile(r"[ \t]*\"?[A-Za-z_][\w .()/-]{0,30}\"?(?:,\"?[A-Za-z_][\w .()/-]{0,30}\"?){2,}[ \t]*\r?\n")


def _csv_records(text: str) -> str:
    """A CSV export with its cell separators as tabs and its quotes as spaces (one character for
    one): a record's cells, quoted ones too, may run over several lines; a doubled quote inside
    a quoted cell stays a quote."""
    columns = text[:text.index("\n")].count(",") + 1
    chars = list(text)
    quoted, commas, position = False, 0, 0
    while position < len(text):
        char = text[position]
        if char == '"':
            if quoted and text.startswith('""', position):
                position += 2
                continue
            quoted = not quoted
            chars[position] = " "
        elif char == "," and not quoted and commas < columns - 1:
            chars[position] = "\t"
            commas += 1
        elif char == "\n" and not quoted:
            commas = 0
        position += 1
    return "".join(chars)


_SEGMENT = re.compile(r"(?:^|(?<=[\r\n]))([A-Z][A-Z0-9]{2})\|[^\r\n]*")
_FIELD_DATE = re.compile(r"(?:19|20)\d{6}(?:\d{2,6})?(?![\d])")


def hl7_field_dates(text: str, fields: dict[str, dict[int, str]]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of the dates in the named fields of the text's HL7 v2 segments
    (`{"TXA": {4: "dos"}}`: TXA-4, the activity date). Fields are counted as HL7 counts them
    (MSH-1 is the field separator itself); a date is the first component's YYYYMMDD[HHMM[SS]]."""
    found = []
    for segment in _SEGMENT.finditer(text):
        wanted = fields.get(segment.group(1))
        if not wanted:
            continue
        offset = 1 if segment.group(1) == "MSH" else 0
        position = segment.start()
        for index, value in enumerate(segment.group().split("|")):
            kind = wanted.get(index + offset)
            if kind is not None:
                date = _FIELD_DATE.match(value.split("^", 1)[0])
                if date is not None:
                    found.append((kind, position + date.start(), position + date.end()))
            position += len(value) + 1
    return found


def _join_segments(match: re.Match) -> str:
    """Two OBX segments of one text: a word cut in two is joined; otherwise a line break."""
    before, after = match.string[match.start() - 1:match.start()], match.string[match.end():match.end() + 1]
    return "" if before.isalpha() and after.islower() else "\n"


def _misreadings(vocabulary: Iterable[str], confusions: list[tuple[str, str]]) -> set[str]:
    """Every lower-case word that `Normalizer._known_word` could repair with these confusions
    (and some it would not): a known word with one or more of its `right` strings read as
    `wrong`. A word of a note can only be repaired when the note holds one of these."""
    found: set[str] = set()
    for word in vocabulary:
        if len(word) < 4:
            continue
        for wrong, right in confusions:
            places = [at for at in range(len(word)) if word.startswith(right, at)]
            # each non-overlapping choice of places (a repair replaces one place, or all of them)
            for size in range(1, len(places) + 1):
                for chosen in combinations(places, size):
                    if any(b - a < len(right) for a, b in zip(chosen, chosen[1:])):
                        continue
                    misread, last = [], 0
                    for at in chosen:
                        misread += [word[last:at], wrong]
                        last = at + len(right)
                    found.add("".join(misread) + word[last:])
    return found


def _occurrences(text: str, word: str) -> int:
    """How often `word` occurs in `text`, overlapping occurrences included."""
    count, position = 0, text.find(word)
    while position != -1:
        count += 1
        position = text.find(word, position + 1)
    return count


def _substring_finder(strings: Iterable[str]) -> Optional[Any]:
    strings = sorted(set(strings))
    if not strings:
        return None
    automaton = ahocorasick.Automaton()
    for string in strings:
        automaton.add_word(string, string)
    automaton.make_automaton()
    return automaton


def _holds_any(finder: Optional[Any], lowered: str) -> bool:
    if not matching.gates_on():
        return True
    if finder is None:
        return False
    for _ in finder.iter(lowered):  # one pass for every string (Aho-Corasick)
        return True
    return False


def _end_of_line(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


class Normalizer:
    """Normalises note text by the rules of `patterns/normalization.json`.

    `vocabulary` is the words the rules look for (the component passes the words of its
    target rules): an OCR slip or a word broken by a space is repaired only into one of them.
    """

    def __init__(self, rules: dict[str, Any], vocabulary: Iterable[str] = (),
                 other_patient_field: str = r"(?!)") -> None:
        self.table = str.maketrans(rules.get("characters", {}))
        self.replacements = [(matching.compile_rule(rule["pattern"], re.MULTILINE | (re.IGNORECASE if rule.get("ignore_case") else 0)),
                              rule["replacement"]) for rule in rules.get("replacements", [])]
        # (a page banner naming another chart - "| OYELOWO, D | MRN 510-9931 | Page 4 of 5" in a fax
        # of MRN 510-2284 - is kept: a misfiled page of another patient)
        self.keeps_other_record = [bool(rule.get("keep_other_record")) for rule in rules.get("replacements", [])]
        self.record_number = re.compile(rules.get("record_number", r"(?!)"))
        # (and so is a page banner over a field saying the page is another patient's:
        # "==== FAX PAGE 4 of 6 ====" over "Pt: [different pt - ...]")
        self.other_patient_field = re.compile(other_patient_field)
        # A rule runs only on notes holding one of the strings every match must contain (as
        # the regex matchers are gated: matching.required_literals); most notes need few rules.
        self.gates = [required_literal_sets(pattern.pattern, pattern.flags) for pattern, _ in self.replacements]
        keep = "|".join(re.escape(w) for w in rules.get("keep_hyphen_before_line_break", [])) or "(?!)"
        # "reposi-\ntioning": a word part, a hyphen at the end of the line, a lower-case part.
        self.hyphen_breaks = [
            (re.compile(rf"\b((?:{keep})-)[ \t]*\n[ \t]*(?=[a-z]{{2,}})", re.IGNORECASE), r"\1"),
            (re.compile(r"\b([A-Za-z]{2,})-[ \t]*\n[ \t]*(?=[a-z]{2,})"), r"\1"),
        ]
        markup = rules.get("markup", {})
        self.block_tags = re.compile(markup.get("block_tags", r"(?!)"), re.IGNORECASE)
        self.cell_tags = re.compile(markup.get("cell_tags", r"(?!)"), re.IGNORECASE)
        self.heading_end = re.compile(markup.get("heading_end", r"(?!)"), re.IGNORECASE)
        self.value_tags = re.compile(markup.get("value_tags", r"(?!)"), re.IGNORECASE)
        self.field_tags = re.compile(markup.get("field_tags", r"(?!)"), re.IGNORECASE)
        self.age_attribute = re.compile(markup.get("age_attribute", r"(?!)"))
        hl7 = rules.get("hl7_segments")
        self.segment_line = re.compile(hl7["segment_line"], re.MULTILINE) if hl7 else None
        self.segment_blanks = str.maketrans({c: " " for c in hl7["separators"]}) if hl7 else {}
        self.continuation = re.compile(hl7["continuation"], re.MULTILINE) if hl7 and hl7.get("continuation") else None
        self.date_fields: dict[str, dict[int, str]] = {}
        for name, kind in ((hl7 or {}).get("date_fields") or {}).items():
            segment, number = name.split("-")
            self.date_fields.setdefault(segment, {})[int(number)] = kind
        ocr = rules.get("ocr_vocabulary", {})
        self.vocabulary = frozenset(w.lower() for w in [*ocr.get("words", []), *vocabulary] if w.isalpha() or "-" in w)
        self.confusions = [tuple(pair) for pair in ocr.get("confusions", [])]
        confused = "|".join(re.escape(wrong) for wrong, _ in self.confusions) or "(?!)"
        self.confused_word = re.compile(rf"\b[A-Za-z-]*(?:{confused})[A-Za-z-]*\b", re.IGNORECASE)
        self.caps_confusions = [tuple(pair) for pair in ocr.get("caps_confusions", [])]
        self._confusion_repairs: dict[str, str] = {}
        self._caps_repairs: dict[str, str] = {}
        # The OCR passes look at every word with a slip in it ("return", "include"); a note
        # holding no misreading of a known word is left as it is without them.
        self._misread = _substring_finder(_misreadings(self.vocabulary, self.confusions))
        self._caps_misread = _substring_finder(_misreadings(self.vocabulary, self.caps_confusions))
        # "wi thdrawn", "reposi tioning": our key words with a space inside
        split = [w for w in ocr.get("split_words", []) if len(w) >= 6]
        self.split_words = tuple(sorted({w.lower() for w in split}))
        self.split_word = re.compile(r"\b(?:" + "|".join(" ?".join(map(re.escape, w)) for w in
                                                          sorted(split, key=len, reverse=True)) + r")\b",
                                     re.IGNORECASE) if split else None
        wraps = rules.get("hard_wraps", {})
        self.wrap_min_line = int(wraps.get("min_line_length", 0))
        self.wrap_joining_words = frozenset(wraps.get("joining_words", []))
        self.header_line = re.compile(wraps.get("header_line", r"(?!)"))

    def __call__(self, text: str) -> NormalizedText:
        original = text
        steps: list[_Step] = []

        def apply(pattern: re.Pattern, replace: Callable[[re.Match], str]) -> None:
            nonlocal text
            text, step = _substitute(text, pattern, replace)
            if step is not None:
                steps.append(step)

        # Text encoded twice over first: mojibake, a JSON string's escapes, HTML/XML markup.
        if _MOJIBAKE_HINT.search(text):  # UTF-8 read as Windows-1252: "3â€‘yearâ€‘old"
            apply(_MOJIBAKE, lambda m: _unmojibake(m.group()))
        if ("\\u" in text or text.count("\\n") >= 2) and not text.lstrip().startswith("{\\rtf"):  # (an RTF document's \\par is no escape)
            apply(_JSON_ESCAPE, lambda m: _unescape_json(m.group()))
        if "<" in text or "&" in text:  # entities read, tags out
            apply(_ENTITY, lambda m: html.unescape(m.group()))
            if "&" in text and _ENTITY.search(text):  # escaped twice over: "DOL&amp;nbsp;9", "&amp;lt;p&amp;gt;"
                apply(_ENTITY, lambda m: html.unescape(m.group()))
            apply(self.value_tags, lambda m: f" {m.group(1)} {m.group(2)} ")  # <birthTime value="19780927"/>
            apply(self.heading_end, lambda m: ":\n")  # </h2>: a heading is a header
            apply(self.age_attribute, lambda m: f" Age: {m.group(1)} ")  # <patient ageText="19 mo">
            apply(self.field_tags, lambda m: f"{_CAMEL_HUMP.sub(' ', m.group(1)).replace('_', ' ')}: ")
            apply(_TAG, lambda m: "\n" if self.block_tags.match(m.group()) else
                  ("\t" if self.cell_tags.match(m.group()) else ""))
        text = text.translate(self.table)
        lowered = text.lower()
        chart = self.record_number.search(text) if "MRN" in text else None
        marked = self.other_patient_field.search(text) is not None
        for (pattern, replacement), gate, keeps in zip(self.replacements, self.gates, self.keeps_other_record):
            if not all(any(literal in lowered for literal in options) for options in gate):
                continue
            before = text
            if keeps and (chart is not None or marked):
                apply(pattern, lambda m, template=replacement: m.group() if self._heads_another_patients_page(m, chart)
                      else m.expand(template))
            else:
                apply(pattern, lambda m, template=replacement: m.expand(template))
            if text is not before:
                lowered = text.lower()
        dated: list[tuple[str, int, int]] = []
        dated_at = 0
        if self.segment_line is not None and "|" in text:
            if self.continuation is not None:  # one text split over OBX segments: joined again
                apply(self.continuation, _join_segments)
            if self.date_fields:  # read by position before the separators are blanked
                dated, dated_at = hl7_field_dates(text, self.date_fields), len(steps)
            text = self.segment_line.sub(lambda m: m.group().translate(self.segment_blanks), text)
        if "|" in text and not _HL7_SEGMENT.search(text):  # "Procedure|Cannula exchange": label and value
            text = _PIPED_LINE.sub(lambda m: _piped_cells(m.group()), text)
        if _CSV_HEADER.match(text):  # a CSV export: its records read as tab-separated cells
            text = _csv_records(text)
        elif '","' in text:  # quoted CSV rows inside a note
            text = _QUOTED_CSV_ROW.sub(lambda m: _csv_cells(m.group()), text)
        if self.vocabulary:
            if _holds_any(self._misread, text.lower()):
                apply(self.confused_word, lambda m: self._repaired(m.group(), self._confusion_repairs, self.confusions))
            if self.caps_confusions and _holds_any(self._caps_misread, text.lower()):
                apply(_CAPS_WORD, lambda m: self._repaired(m.group(), self._caps_repairs, self.caps_confusions))
        if self.split_word is not None and self._may_hold_split_word(text):
            apply(self.split_word, lambda m: m.group().replace(" ", ""))
        if _HYPHEN_AT_LINE_END.search(text) or not matching.gates_on():  # both need one (most notes have none)
            for pattern, replacement in self.hyphen_breaks:
                apply(pattern, lambda m, template=replacement: m.expand(template))
        if self.wrap_min_line:
            text, step = self._join_hard_wraps(text)
            if step is not None:
                steps.append(step)
        for step in steps[dated_at:]:  # later passes may move them
            dated = [(kind, step.forward(start), step.forward(end)) for kind, start, end in dated]
        return NormalizedText(text, original, tuple(steps), tuple(dated))

    def _heads_another_patients_page(self, banner: re.Match, chart: Optional[re.Match]) -> bool:
        if chart is not None and any(chart_number(found) != chart_number(chart)
                                     for found in self.record_number.finditer(banner.group())):
            return True
        below = banner.string[banner.end():]
        two_lines = below[:_end_of_line(below, _end_of_line(below, 0) + 1)]
        return self.other_patient_field.search(two_lines) is not None

    def _may_hold_split_word(self, text: str) -> bool:
        """False only when no key word is broken by a space in the text: then the split-word
        pass matches only whole words, which it leaves as they are. A broken word ('reposi
        tioning') is one more occurrence of the word once the spaces are taken out."""
        if not matching.gates_on() or not text.isascii() or any(" " in word for word in self.split_words):
            return True  # (non-ASCII letters may fold to ASCII ones under IGNORECASE)
        lowered = text.lower()
        joined = lowered.replace(" ", "")
        return any(_occurrences(joined, word) > _occurrences(lowered, word)
                   for word in self.split_words if word in joined)

    def _repaired(self, word: str, known: dict[str, str], confusions: list[tuple[str, str]]) -> str:
        """`_known_word`, remembered: most words of a note (and of the next) were seen before."""
        repaired = known.get(word)
        if repaired is None:
            if len(known) >= _MAX_REMEMBERED_WORDS:
                known.clear()
            repaired = known[word] = self._known_word(word, confusions)
        return repaired

    def _known_word(self, word: str, confusions: list[tuple[str, str]]) -> str:
        """OCR reads 'm' as 'rn', 'd' as 'cl', 'w' as 'vv' ('sternurn', 'clissected',
        'withdravvn'): a word we do not know that becomes one we know is read that way."""
        lowered = word.lower()
        if lowered in self.vocabulary:
            return word
        for wrong, right in confusions:
            if wrong not in lowered:
                continue
            # each place the slip could be, then all of them ("sternurn": only the last rn)
            places = [m.start() for m in re.finditer(re.escape(wrong), lowered)]
            candidates = [lowered[:at] + right + lowered[at + len(wrong):] for at in places]
            for fixed in [*candidates, lowered.replace(wrong, right)]:
                if len(fixed) >= 4 and fixed in self.vocabulary:  # ("MRN" is no "mm")
                    return fixed.upper() if word.isupper() else (fixed.capitalize() if word[:1].isupper() else fixed)
        return word

    def _join_hard_wraps(self, text: str) -> tuple[str, Optional[_Step]]:
        """A line break inside a wrapped sentence becomes a space (one character for one).

        A line was wrapped when it is long, does not end a sentence or a header, and the next
        line goes on with a lower-case word or a number (or the line ends on a word such as
        'the' or 'of' that cannot end a sentence). The indent of a line that goes on is dropped
        with its break ("advanced 5 cm at the\n   skin" reads "at the skin")."""
        if "\n" not in text:
            return text, None
        chars: Optional[list[str]] = None
        indented: list[tuple[int, int]] = []  # (break, end of the next line's indent) of joins
        position = 0
        for line in text.split("\n")[:-1]:
            end = position + len(line)
            following = text[end + 1:end + 2]
            stripped = line.rstrip()
            if following in (" ", "\t") and stripped:
                indent = len(line) - len(line.lstrip(" \t"))
                below = text[end + 1:end + 1 + 40]
                if stripped.rsplit(None, 1)[-1].lower() in self.wrap_joining_words:
                    # "... the team decided NOT to\n   reposition the cannula": a hanging indent goes on
                    following = below.lstrip(" \t")[:1]
                elif indent and below[:indent] == line[:indent] and below[indent:indent + 1].islower():
                    # a page whose every line is indented alike: "  ... through\n  the skin carries"
                    following = below[indent]
            if len(stripped) >= self.wrap_min_line and following and not following.isspace() \
                    and stripped[-1] not in ".:;!?" and not self.header_line.match(line) \
                    and not stripped.endswith(_RULE_MARKS) \
                    and line.count("\t") < 2 and line.count("|") < 2 \
                    and "    " not in stripped.lstrip():  # a banner ("--- ... ---"), a table or form row stands alone
                last_word = stripped.rsplit(None, 1)[-1].lower()
                # ("PROCEDURE (10/15/2025 11:10, bedside)" over "1. Insertion of ...": a list item, no wrap)
                if not _LIST_ITEM_START.match(text, end + 1) and not _KEY_ROW_START.match(text, end + 1) and (
                        following.islower() or last_word in self.wrap_joining_words
                        or following.isdigit() and (stripped[-1] in ",(/-" or not _FIELD_LINE.match(line)
                                                    and not _ENTRY_STAMP.match(text, end + 1))):
                    chars = chars or list(text)
                    chars[end] = " "
                    indent_end = _INDENT.match(text, end + 1, end + 81).end()
                    if indent_end > end + 1:
                        indented.append((end, indent_end))
            position = end + 1
        if chars is None:
            return text, None
        return _replace_runs("".join(chars), indented, " ")
