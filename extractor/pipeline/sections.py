"""Sections: where each header starts, and what kind of section it opens.

Notes come in every template, so a header is recognised by its shape, not by a list: a line
that starts with a short label and a colon ("Done at bedside:", "Procedure (bedside,
portable C-arm + TTE):"), or an ALL-CAPS line ("HOSPITAL COURSE (abbreviated)", "EVENT NOTE -
02/11/2026 14:20", "2. PROCEDURE - drainage cannula repositioning"), or a known section name
alone on its line after a blank line ("Indication"). Every header ends the
section before it. Its category comes from medspaCy SectionRules (`patterns/section_rules.json`):
the longest rule literal that the label starts with. A header no rule names is "unknown":
it never rules anything out.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from medspacy.section_detection import SectionRule

UNKNOWN = "unknown"
_MAX_REMEMBERED_LABELS = 50_000
_LIST_MARK = r"(?:[-*>#+=~]+[ \t]*|\(?\d{1,2}[.)][ \t]*|\(?[a-z][.)][ \t]+|\(?[A-Z]\)[ \t]+|\[[ xX]?\][ \t]*)?"
# "Label:" at the start of a line: up to 8 words, no sentence inside, not a time ("at 10:15").
_COLON_HEADER = re.compile(rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Za-z\[](?:[^\n:.;!?]|(?<=\d):(?=\d\d)|(?<=\d)\.(?=\d)){{0,80}}?)[ \t]*:(?!\d)", re.MULTILINE)
# "Pt on VA ECMO via R neck cutdown (01/30, Peds Surg): 17 Fr venous ...": a sentence that
# opens with the patient and goes on with a verb or preposition is no label
_SUBJECT_AND_VERB = re.compile(r"(?:pt|patient|he|she)\s+(?:on|is|was|with|has|had|remains|s/p|now|still|went|returned|arrived|underwent)\b", re.IGNORECASE)
_NURSING = re.compile(r"\bnurs(?:e|ing)\b", re.IGNORECASE)
# A key/value export's line, "Procedure<TAB>R groin site prepped, sutures cut, ...": one tab
# after a short label (a tab-separated table row has more).
# the head row of a table over its ruler ("TIME   | ENTRY" over "-------+---------"): the table's rows
# are no longer the section above ("Reason for return to OR: ...")
_TABLE_HEAD = re.compile(r"(?m)^[ \t]*(?P<label>[A-Za-z][A-Za-z /#().-]{0,30}?(?:[ \t]*\|[ \t]*[A-Za-z][A-Za-z /#().-]{0,30}?){1,8})"
                         r"[ \t]*\|?[ \t]*\n[ \t]*(?=[-=+| \t]*[-=]{5})[-=+| \t]+$")
_TAB_HEADER = re.compile(r"^[ \t]*(?P<label>[A-Za-z][A-Za-z /&()#-]{0,30}?)\t+(?=[^\t\n]*$)", re.MULTILINE)
# An ALL-CAPS line, or its ALL-CAPS start before " - ", "(", "," or ":".
_TEST_NAMES = frozenset({"TTE", "TEE", "TOE", "ECHO", "CXR", "XR", "CT", "US", "POCUS", "ABG", "VBG", "ECG", "EKG", "KUB"})
_CLOCK = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")
# A numbered list item's start: "2. ", "(3) ", "1) ".
# the next line is a list item: "- sutures cut ...", "1. ..."
_LIST_LINE = re.compile(r"\n[ \t]*(?:[-*\u2022]|\d{1,2}[.)])[ \t]+\S")
NUMBERED_ITEM = re.compile(r"(?m)^[ \t]*\(?\d{1,2}[.)][ \t]+")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
# (the colon of a clock time ends one only on a short line: "ADDENDUM 18:25, 09/17/2025 (same
# author)" is a header, "- PROCEDURE TODAY 02/11/2026 07:40, MICU bedside, performed by me ..." a paragraph)
_CAPS_HEADER = re.compile(
    rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Z](?:[A-Z0-9&/#'+]|-(?=[A-Z]))*(?:[ \t]+[A-Z0-9&/#'+](?:[A-Z0-9&/#'+]|-(?=[A-Z]))*){{0,7}})"
    r"[ \t]*(?=$|[-(,\u2013\u2014]|(?<!\d):|:(?![0-5]\d)|(?<=\d):[0-5]\d[^\n]{0,60}$|\[)", re.MULTILINE)
# A lead-in line: short, ending with a colon, the lines below belong to it
# ("- 09:10 bedside repositioning by Dr. [NAME]:", "Procedure performed this afternoon (...):").
# (not after an initial or a title: "P. Nandakumar MD", "Dr. Ames")
_SENTENCE_END = re.compile(r"(?<!\b[A-Za-z])(?<!\b[DM]r)(?<!\bMrs)(?<!\bvs)(?<!\bSt)[.!?][ \t]+(?=[A-Z])")
_LEAD_IN = re.compile(rf"^[ \t]*{_LIST_MARK}(?P<label>[^\n]{{3,120}}?)[ \t]*:[ \t]*$", re.MULTILINE)
# "Intervention - bedside in CVICU...", "Plan — ...": a known section name and a dash.
_DASH_HEADER = re.compile(rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Za-z][A-Za-z /&()]{{1,30}}?)[ \t]+[-\u2013\u2014]+[ \t]+",
                          re.MULTILINE)
# "Bedside procedure 1/14/26 0815-0840 - venous ECMO cannula repositioning": a known section
# name and a date open a line that is no sentence.
_DATED_HEADER = re.compile(
    rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Za-z][A-Za-z /&]{{1,30}}?)[ \t]+(?:\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?|\d{{4}}-\d{{2}}-\d{{2}})\b[^\n.;]*$",
    re.MULTILINE)
# "Procedure 16:55-17:35, PICU bedside, by me (...) with fellow; ...", "Bedside procedure 1340 -
# percutaneous adjustment of ...": a known section name and
# the time (or span) it was done open the line.
_TIMED_HEADER = re.compile(
    rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Za-z][A-Za-z /&]{{1,30}}?)[ \t]+(?:at[ \t]+)?(?:[01]?\d|2[0-3]):?[0-5]\d"
    r"(?:[ \t]*(?:-|to)[ \t]*(?:[01]?\d|2[0-3]):?[0-5]\d)?(?:[ \t]*h(?:rs)?)?(?=[ \t]*(?:,|$)|[ \t]+[-\u2013\u2014][ \t]+)[^\n]*$",
    re.MULTILINE)
# "Paediatric Surgery - bedside procedure, 14/02/2025 12:40 (Mr [NAME])": a service, then a
# known section name, then a date: an entry's heading. Its category is the section name's.
_ENTRY_HEADER = re.compile(
    rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Za-z][A-Za-z /&]{{1,40}}?(?:[ \t]+[-\u2013\u2014][ \t]+|,[ \t]*)"
    rf"(?P<kind>[A-Za-z][A-Za-z /&]{{1,30}}?))[ \t]*,?[ \t]+(?:on[ \t]+)?"
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?|\d{{4}}-\d{{2}}-\d{{2}})\b[^\n;]{{0,80}}$",
    re.MULTILINE)
# "Procedure (09:20, PICU bedside, Dr X; attending present)": a known section name and a
# parenthesis that times it or places it at the bedside make up the whole line (or with who
# did it after a dash: "Procedure (1320) - Dr. L. Castellanos, CICU ECMO attending").
_PAREN_HEADER = re.compile(rf"^[ \t]*{_LIST_MARK}(?P<label>[A-Za-z][A-Za-z /&]{{1,30}}?)[ \t]*"
                           r"\((?=[^()\n]*(?:\b\d{1,2}:?\d{2}\b|\btoday\b|\bbedside\b))[^()\n]*\)"
                           r"(?:[ \t]+[-\u2013\u2014][ \t]+(?:(?-i:Dr\b|[A-Z][a-z]*\.?[ \t]+[A-Z])|by\b)[^\n;]{0,80})?[ \t]*$",
                           re.MULTILINE | re.IGNORECASE)
# A banner line: "*** Addendum 06/07/2026 17:10 - CT surgery attending ***", "--- NURSING NOTE ---".
# (also a running note's dated entry: "##### 10/14/2025 (POD 2) #####")
_BANNER = re.compile(r"^[ \t]*(?P<mark>[*=#~-]{2,})[ \t]*(?P<label>[A-Za-z\[][^\n]{1,100}?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b[^\n]{0,100}?)"
                     r"[ \t]*(?P=mark)[ \t]*$", re.MULTILINE)
# A running note's entry heading alone on its line, in brackets: "[10:20 Procedure - ECMO
# attending [NAME], MD]", "[02/09 0730 - Perfusion]". Its time stamp is left out of the label.
_BRACKET_HEADER = re.compile(r"^[ \t]*\[(?P<label>(?:[^\[\]\n]|\[[^\[\]\n]{1,20}\]){2,120})\][ \t]*$", re.MULTILINE)
_STAMP = re.compile(r"^(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?[ \t,]*)?(?:(?:[01]?\d|2[0-3]):?[0-5]\d(?:[ \t]*h)?\b)?[ \t,:-]*")
# A date and time after a label, as in "EVENT NOTE - 03/12/2026 15:05, called to the bedside"
_STAMP_AFTER = re.compile(r"(?:[ \t]*[-\u2013\u2014,][ \t]*)?(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?[ \t,]*)?"
                          r"(?:(?:[01]?\d|2[0-3]):?[0-5]\d(?:[ \t]*h)?\b)?")
# "Indication" or "Post procedure" alone on its line after a blank line, the text under it
# (British templates write section names without a colon or capitals): a known name only.
_BARE_HEADER = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*(?P<label>[A-Z][A-Za-z/&' -]{1,40}?)[ \t]*(?=\n[ \t]*\S)")
_WORD = re.compile(r"[A-Za-z]+")
_PARENTHESES = re.compile(r"\([^()\n]*\)")
# A running log's entry heading: a line that opens with a date and names who or what the entry is
# ("10/17/2024 (ECMO day 2) 11:05 -- F. Ferreira, MD (fellow) -- PROCEDURE", "03/07/2025 (DOL 5) -
# Pediatric Surgery, R. Castellanos MD - bedside procedure"), over the lines of its entry. (A table
# row, "06/10  R IJ Avalon placed", is followed by another row; a dated sentence ends with a stop.)
# Or a date alone on its line over timed entries ("7/2/26", "Wed 2/11/2026", "8/5", "==== 04/10 ====").
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]{0,6}\.?,?[ \t]+)?"
_ENTRY_DATE_LINE = re.compile(r"^[ \t]*(?P<rule>[=_*~#-]{2,}[ \t]*)?(?P<label>" + _WEEKDAY + r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
                              r"(?(rule)\d{2}/\d{2}|\d{1,2}/\d{1,2})(?=[ \t]+[A-Za-z]|[ \t]*:?[ \t]*(?:[=_*~#-]{2,}[ \t]*)?$))\b[^\n]{0,140}?)[ \t]*(?:[=_*~#-]{2,}[ \t]*)?$", re.MULTILINE)
# (between rules a yearless date is written with two digits each, "==== 04/10 ====": a fax page
# counter, "--- 2/5 ---", is no day)
_ENTRY_NAMED = re.compile(r"\b(?:MD|DO|RN|NP|PA-?C?|CCP|RRT|APRN|fellow|attending|resident|surgeon|surgery|perfusion(?:ist)?|"
                          r"nursing|nurse|procedure|note|entry|addendum|team|service|DOL|POD|HD|ECMO\s+day|day\s+\d+)\b", re.IGNORECASE)
_DATE_ONLY = re.compile(_WEEKDAY + r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2})"
                        r"(?:[ \t]*\(?[A-Za-z]{3,9}\)?)?[ \t]*:?")
_CLOCK_LINE_START = re.compile(r"[ \t>*#+-]*(?:[01]\d|2[0-3]):?[0-5]\d\b")
_DATED_LINE_START = re.compile(r"[ \t]*(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2})\b")
# What a line needs for some of the shapes above to be there at all: a note without it is
# spared that shape's search (each is a pass over the whole note).
_COLON_AT_LINE_END = re.compile(r":[ \t]*$", re.MULTILINE)
# (a parenthesis closing a line, or closing before a dash and who did it: _PAREN_HEADER's two shapes)
_PARENTHESIS_ENDING_A_HEADING = re.compile(r"\)[ \t]*$|\)[ \t]+[-\u2013\u2014][ \t]", re.MULTILINE)


@dataclass(frozen=True)
class Header:
    """A section header: where it is, its label and its category."""

    start: int  # the header line in the text: [start, end)
    end: int
    label: str
    category: str
    caps: bool = False  # an ALL-CAPS label: a top-level header in most templates
    words_end: int = 0  # the header's own words are [start, words_end): the label and colon of
    #                     "Label: text", the whole line of an ALL-CAPS line without a colon


class SectionFinder:
    """Finds section headers in a note and says which section a character offset is in."""

    def __init__(self, rules: Iterable[SectionRule]) -> None:
        self.names: dict[str, str] = {}
        for rule in rules:
            key = _key(rule.literal)
            if key in self.names and self.names[key] != rule.category:
                raise ValueError(f"section rule {rule.literal!r} is given two categories")
            self.names[key] = rule.category
        self._longest = max((len(k) for k in self.names), default=0)
        self._categories: dict[str, str] = {}

    def category(self, label: str) -> str:
        """The category of the longest known name the label starts with ("unknown" if none);
        remembered, as the same labels head most notes."""
        category = self._categories.get(label)
        if category is None:
            if len(self._categories) >= _MAX_REMEMBERED_LABELS:
                self._categories.clear()
            category = self._categories[label] = self._category(label)
        return category

    def _category(self, label: str) -> str:
        key = _key(label)
        for size in range(min(len(key), self._longest), 0, -1):
            prefix = key[:size]
            if prefix in self.names and (size == len(key) or not key[size].isalnum()):
                return self.names[prefix]
        return UNKNOWN

    @staticmethod
    def _titles_a_list(text: str, match: re.Match) -> bool:
        """'Bedside cannula adjustment 3/10 0915 -- me + ECMO attending' after a blank line, over
        '- sutures cut ...': a dated title over the steps of its entry, whatever its words."""
        return _after_a_blank_line(text, match.start()) and not match.group().rstrip().endswith((".", ";", ",")) \
            and _LIST_LINE.match(text, match.end()) is not None

    def headers(self, text: str) -> list[Header]:
        """Every header line of the note, in order."""
        found: dict[int, Header] = {}
        # In an all-caps note (a teletype feed) every line would look like a header: there,
        # only "Label:" headers count. Such a note's long lines are all capitals.
        long_lines = [line for line in text.split("\n") if len(line.strip()) > 40]
        shouting = bool(long_lines) and sum(line.upper() == line for line in long_lines) > 0.5 * len(long_lines)
        for match in _BANNER.finditer(text):
            label = match.group("label").strip()
            found[match.start()] = Header(match.start(), match.end(), label, self.category(label), True, match.end())
        for match in _BRACKET_HEADER.finditer(text) if "[" in text else ():
            label = match.group("label").strip()
            stamp = _STAMP.match(label)
            category = self.category(label[stamp.end():])
            # (a placeholder alone on its line, "[NAME]", is no heading: one is timed or named)
            if _WORD.search(label) and (stamp.end() > 0 or category != UNKNOWN):
                found[match.start()] = Header(match.start(), match.end(), label, category, True, match.end())
        for match in _LEAD_IN.finditer(text) if _COLON_AT_LINE_END.search(text) else ():
            if match.start() in found:
                continue
            start, label = match.start(), match.group("label").strip()
            # ("Since yesterday flows dropped 2.2 -> 1.5 L/min, SaO2 78-82%. CXR/echo:": a sentence,
            # then the lead-in of the next line; only the words after the sentence head it)
            ended = [m for m in _SENTENCE_END.finditer(text, match.start("label"), match.end("label"))
                     if len(text[match.start("label"):m.start()].split()) >= 4]
            if ended:
                start = ended[-1].end()
                label = text[start:match.end("label")].strip()
            if _WORD.search(label):
                found[start] = Header(start, match.end(), label, self.category(label),
                                      _is_caps(label), match.end())
        for match in _COLON_HEADER.finditer(text):
            if match.start() in found:
                continue
            label = match.group("label").strip()
            words = _WORD.findall(label)
            # "Procedure (14:00, performed by me at the bedside, open chest):" - the words
            # outside the parentheses are the label's
            if not words or len(_PARENTHESES.sub("", label).split()) > 8 or _SUBJECT_AND_VERB.match(label):
                continue
            line_end = text.find("\n", match.start())
            # ("TTE 10:40: Avalon tip ..." under "ADDENDUM 01/23/2026 12:05": a test's timed result,
            # an entry of the block above, not a block of its own; "BEDSIDE PROCEDURE (10:15):" is one)
            caps = _is_caps(label) and not (_CLOCK.search(label) and len(words) == 1 and words[0].upper() in _TEST_NAMES)
            found[match.start()] = Header(match.start(), len(text) if line_end < 0 else line_end,
                                          label, self.category(label), caps, match.end())
        tab_lines = list(_TAB_HEADER.finditer(text)) if "\t" in text else []
        for match in tab_lines if len(tab_lines) >= 3 else ():
            if match.start() in found or len(match.group("label").split()) > 3:
                continue
            label = match.group("label").strip()
            line_end = text.find("\n", match.start())
            found[match.start()] = Header(match.start(), len(text) if line_end < 0 else line_end,
                                          label, self.category(label), False, match.end())
        for match in _TABLE_HEAD.finditer(text) if "|" in text else ():
            if match.start() not in found:
                label = match.group("label").strip()
                line_end = text.find("\n", match.start())
                found[match.start()] = Header(match.start(), line_end, label, self.category(label), _is_caps(label), line_end)
        for match in _DASH_HEADER.finditer(text):
            label = match.group("label").strip()
            category = self.category(label)
            # ("2. Cannula - R groin dressing removed ...": a numbered item's own short label)
            numbered = category == UNKNOWN and len(label.split()) <= 2 and NUMBERED_ITEM.match(text, match.start())
            if match.start() not in found and (category != UNKNOWN or numbered) and len(label.split()) <= 3:
                line_end = text.find("\n", match.start())
                line_end = len(text) if line_end < 0 else line_end
                caps = _is_caps(label)  # "EVENT NOTE - 03/12/2026 15:05": the whole line is the header's
                found[match.start()] = Header(match.start(), line_end, label, category, caps,
                                              line_end if caps else match.end())
        for match in _PAREN_HEADER.finditer(text) if _PARENTHESIS_ENDING_A_HEADING.search(text) else ():
            label = match.group("label").strip()
            category = self.category(label)
            if match.start() not in found and category != UNKNOWN and len(label.split()) <= 3:
                found[match.start()] = Header(match.start(), match.end(), label, category, _is_caps(label), match.end())
        for match in _DATED_HEADER.finditer(text):
            label = match.group("label").strip()
            category = self.category(label)
            if match.start() not in found and (category != UNKNOWN or self._titles_a_list(text, match)) \
                    and len(label.split()) <= 3:
                found[match.start()] = Header(match.start(), match.end(), label, category, _is_caps(label), match.end())
        for match in _TIMED_HEADER.finditer(text):
            label = match.group("label").strip()
            category = self.category(label)
            if match.start() not in found and category != UNKNOWN and len(label.split()) <= 3:
                found[match.start()] = Header(match.start(), match.end(), label, category, _is_caps(label), match.end())
        for match in _ENTRY_HEADER.finditer(text):
            kind = match.group("kind").strip()
            category = self.category(kind)
            if match.start() not in found and category != UNKNOWN and len(kind.split()) <= 3:
                found[match.start()] = Header(match.start(), match.end(), match.group("label").strip(), category,
                                              _is_caps(kind), match.end())
        for match in _BARE_HEADER.finditer(text):
            label = match.group("label").strip()
            start, category = match.start("label"), self.category(label)
            if start not in found and len(label.split()) <= 4 and category != UNKNOWN:
                found[start] = Header(start, match.end(), label, category, _is_caps(label), match.end())
        if not shouting:  # in an all-caps note every line would look like a header
            for match in _CAPS_HEADER.finditer(text):
                if match.start() in found:
                    continue
                label = match.group("label").strip()
                if not _is_caps(label):
                    continue
                line_end = text.find("\n", match.start())
                line_end = len(text) if line_end < 0 else line_end
                rest = text[match.end():line_end]
                if rest[:1] in (",", "(") and rest.rstrip().endswith(".") and len(_LOWER_WORD.findall(rest)) >= 3:
                    continue  # "DOL 7, 3.4 kg, CDH on VA ECMO (R neck cutdown 07/16).": a sentence
                words_end = line_end
                if len(_LOWER_WORD.findall(rest)) >= 3 and _SENTENCE_END.search(rest):
                    # "#ARDS / VV ECMO - Cannulated 12/2 ... at bedside rotated the cannula": a
                    # paragraph goes on after the label; the header's words are the label and its stamp
                    words_end = _STAMP_AFTER.match(text, match.end()).end() or match.end()
                found[match.start()] = Header(match.start(), line_end, label, self.category(label), True, words_end)
        for match in _ENTRY_DATE_LINE.finditer(text):
            label = match.group("label").strip()
            if match.start() in found or label.endswith((".", ";", ",")):
                continue
            following = text.find("\n", match.end()) + 1
            next_line = text[following:text.find("\n", following) if text.find("\n", following) >= 0 else len(text)]
            if following == 0 or not next_line.strip() or _DATED_LINE_START.match(next_line):
                continue
            if not _ENTRY_NAMED.search(label) and not (_DATE_ONLY.fullmatch(label) and _CLOCK_LINE_START.match(next_line)):
                continue  # (a date alone on its line heads the timed entries below it: "7/2/26\n0150 ECMO spec: ...")
            found[match.start()] = Header(match.start(), match.end(), label, UNKNOWN, False, match.end())
        # A DAR nursing note (Focus; Data, Action, Response: "D: ... A: ... R: ..."): its "A:" is
        # what was done (a consult's "D:/A:/R:" is Diagnosis, Assessment, Recommendations)
        letters = {h.label.upper() for h in found.values() if len(h.label) == 1}
        if {"D", "A", "R"} <= letters and not letters & {"S", "O", "P", "B"} and (
                any(h.label.lower() == "focus" for h in found.values()) or _NURSING.search(text, 0, 300)):
            for start, header in found.items():
                if header.label.upper() == "A":
                    found[start] = replace(header, category=self.category("Action"))
        return [found[start] for start in sorted(found)]


def _after_a_blank_line(text: str, start: int) -> bool:
    above = text.rfind("\n", 0, max(start - 1, 0))
    return start == 0 or not text[above + 1:start].strip()


class SectionMap:
    """The section of any character offset: the last header at or before it."""

    def __init__(self, headers: list[Header]) -> None:
        self.headers = headers
        self._starts = [h.start for h in headers]

    def header_at(self, offset: int) -> Optional[Header]:
        index = bisect_right(self._starts, offset) - 1
        return self.headers[index] if index >= 0 else None

    def category_at(self, offset: int) -> Optional[str]:
        header = self.header_at(offset)
        return header.category if header is not None else None


def _is_caps(label: str) -> bool:
    letters = "".join(_WORD.findall(label))
    return len(letters) >= 3 and letters.isupper()


def _key(label: str) -> str:
    """Lower case, single spaces, no spaces around '/', '&', '-'."""
    key = " ".join(label.lower().replace("\u2013", "-").replace("\u2014", "-").split())
    return re.sub(r"\s*([/&-])\s*", r"\1", key)
