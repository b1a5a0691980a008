"""When an act happened, relative to the note's date of service.

A repositioning described on another day is history, however vividly it is written. Each
mention gets a time from the nearest cue, looked for in widening scopes:

1. its sentence: an explicit date, "yesterday", "on HD5" (against the note's own hospital
   day), "at the outside hospital", "see separate procedure note", "today", "at 14:10";
2. the start of its line: a dated list item or table row ("03/03: ...", "| 04/15/2026 | ...");
3. its section's header line: "EVENT NOTE - 02/11/2026 14:20", "ADDENDUM", "PROCEDURE (IR
   suite, 03/24/2026, 13:30)".

The cue words are data (`patterns/lexicon.json`, key `time`). The result says "today",
"past" (or documented elsewhere), "future", or nothing when nothing anchors the act.
"""
from __future__ import annotations

import re
from functools import cached_property
from dataclasses import dataclass
from datetime import date, timedelta
from bisect import bisect_right
from typing import Any, Callable, Iterator, Optional, Sequence, Union

from .age import parse_date
from .document import BLANK_LINE
from .sections import UNKNOWN
from .matching import LiteralGate, NoteGate, compile_rule, open_aside
from .tables import columns

_DATE_HEADING_REST = re.compile(r"[ \t]*(?:\([^()\n]{0,30}\))?[ \t]*[:-]?[ \t]*")
_TODAY_LEAD = re.compile(r"[ \t>*#+-]*(?P<cue>this\s+(?:morning|afternoon|evening)|today|tonight|earlier\s+today)\b", re.IGNORECASE)
_AND_THEN = re.compile(r"\band\b", re.IGNORECASE)
_DATE_BEFORE_WORD = re.compile(r"(?<![\d/.-])(?P<date>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?|\d{4}-\d{2}-\d{2})(?:'s)?"
                               r"[ \t]+(?:[A-Za-z-]+[ \t]+)?$")
# "3/12", not a spine level ("tip at T10/11") or a ratio inside a word
_MONTH_DAY = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(?![\d/]|\s*(?:old|cm|mm|mg|ml|mcg|units|kg))")
# a yearless date with the month's name, capitalised: "04 Jun", "4th June", "Jun 4" (not "may 5")
_TO_TODAY = re.compile(r"[ \t]*(?:-|\u2013|to|through|thru|until)[ \t]*(?:today|present|now)\b", re.IGNORECASE)
_WEEKS_BEFORE = re.compile(r"\b\d{2}[ \t]+$")
_WEEKS_AFTER = re.compile(r"[ \t]*(?:wk|wks|weeks?)\b", re.IGNORECASE)
_MONTHS = {name: number for number, names in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1) for name in (names, names.upper())}
_MONTH_NAME = r"(?P<{}>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(?:[a-z]*|[A-Z]*)\.?"
_WORD_DAY_MONTH = re.compile(r"(?<![\w/.-])(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \t]+" + _MONTH_NAME.format("month")
                             + r"(?![\w])(?![ \t]*,?[ \t]*\d)")
_WORD_MONTH_DAY = re.compile(r"(?<![\w/.-])" + _MONTH_NAME.format("month") + r"[ \t]+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
                             r"(?![ \t]*,?[ \t]*\d)(?![ \t]*(?:cm|mm|kg|Fr|L\b|mL|ml))")


@dataclass(frozen=True)
class EventTime:
    """The time of an act relative to the date of service, and the words that say so."""

    relation: Optional[str] = None  # "today", "past", "outside", "elsewhere", "future", or None
    cue: Optional[str] = None
    start: int = 0
    end: int = 0
    date: Optional[date] = None
    scope: Optional[str] = None  # "sentence", "line" or "section"


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    relation: str
    text: str
    date: Optional[date] = None


# A marker line of pasted text: "--- Copied from ... ---", "[copied forward 04/02]", "*** ... ***"
_MARKED = re.compile(r"\bmarked\s+[(\[]?([A-Za-z]{1,7})\b", re.IGNORECASE)
_MARK_ON_HEADER = re.compile(r"\(([A-Za-z]{1,7})\b[^)\n]{0,30}\)|\[([A-Za-z]{1,7})\b[^\]\n]{0,30}\]")
_UPDATED = re.compile(r"\b(?:updated|revised|new|today)\b", re.IGNORECASE)
_ASIDE_OF_INSERTION = re.compile(r"\b(?:placement|insertion|cut-?down|cannulation|placed|inserted)\b[^()]*$", re.IGNORECASE)
_JSON_DATE_FIELD = re.compile(r'"(?:[a-z]+_)?(?:date|dos|performed|done)(?:_[a-z]+)?"\s*:\s*"(?P<date>\d{4}-\d{2}-\d{2})', re.IGNORECASE)
_BANNER_LINE = re.compile(r"[ \t]*(?:[-=*~#_<>\[(]{2,}|\[)[^\n]*$")
# (or a dated addendum or attestation below the pasted text: "ADDENDUM - 10/09/2025 14:10 - [NAME], MD")
_BLOCK_END = re.compile(r"(?im)^[ \t]*(?:[-=*~#_<>\[(]{2,}|\[)[^\n]*(?:\bend\b|\bnew\b|[-=*~#_<>\])]{2,}[ \t]*$)"
                        r"|^[ \t]*(?:attending\s+)?(?:addendum|attestation|late\s+entry)\b[^\n]{0,40}?\d{1,2}[/.-]\d{1,2}")


class TimeCues:
    """The `time` lexicon's patterns, compiled once (a Timeline is made for every note)."""

    def __init__(self, cues: dict) -> None:
        flags = re.IGNORECASE | re.MULTILINE
        self.today = compile_rule(cues["today"], flags)
        self.time_of_day = compile_rule(cues["time_of_day"], flags)
        self.log_stamp = compile_rule(cues["log_stamp"])
        self.part_date = compile_rule(cues["part_date"])  # the date on a bundle part's own header
        self.outside_facility = compile_rule(cues["outside_facility"], re.IGNORECASE)  # which "past" cues name a hospital
        # a header that names the other hospital as the source of what it heads ("[Page 2 - REFERRING
        # FACILITY: ECMO note 04/11]", "Mercy General (referring hospital) - ECMO note")
        self.outside_header = compile_rule(cues["outside_header"], re.IGNORECASE)
        # "from the 22:05 cannulation at the referring hospital": the hospital is the insertion's
        self.insertion_place = compile_rule(cues["insertion_place"], re.IGNORECASE)
        self.author = compile_rule(cues["author"], re.IGNORECASE)  # "performed by me", "I withdrew"
        self.retrieval_team = compile_rule(cues["retrieval_team"], re.IGNORECASE)  # "ECMO transport team"
        self.own_record_title = compile_rule(cues["own_record_title"], re.IGNORECASE)
        # ("see op note" before a record's name; "Admit date:" before a title line's date: not the record's own)
        self.pointer_before_title = compile_rule(cues["pointer_before_title"], re.IGNORECASE)
        self.another_dates_label = compile_rule(cues["another_dates_label"], re.IGNORECASE)
        self.past = compile_rule(cues["past"], flags)
        self.elsewhere = compile_rule(cues["elsewhere"], flags)
        # a sentence about another procedure: "Bronchoscopy then done without event (separate note)"
        self.other_procedure = compile_rule(cues["other_procedure"], flags)
        self.future = compile_rule(cues["future"], flags)
        self.day_counter = compile_rule(cues["day_counter"], flags)
        self.copied = compile_rule(cues["copied_forward"], flags)
        self.since_operation = compile_rule(cues["since_operation"], flags)
        self.date_skip = compile_rule(cues["date_not_the_event"] + r"[^\w\n.;]{0,3}$", flags)
        self.clause_skip = compile_rule(cues["clause_not_the_event"], flags)
        self.day_kinds = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in cues["day_kinds"].items()}
        self.header_lines = cues.get("header_lines", 6)
        self.copied_gate = LiteralGate(self.copied)
        self.since_operation_gate = LiteralGate(self.since_operation)
        # The words every pointer to another note holds ("note", "report", "documented"): a
        # stretch of text without them is not searched. (The other cues' words are many and
        # common: looking for them costs as much as their search.)
        self.elsewhere_gate = LiteralGate(self.elsewhere)


_TODAY_COUNTER = re.compile(r"\b(?:today|now|currently|this\s+is)\b", re.IGNORECASE)


LINE_WINDOW = 2000


class Timeline:
    """Time cues of one note, and the time of any span in it."""

    def __init__(self, text: str, headers_above: Callable[[int], list], service_date: Optional[date],
                 cues: Union[dict, "TimeCues"], dayfirst: Optional[bool] = None,
                 part_starts: Sequence[int] = (), birth_date: Optional[date] = None) -> None:
        self.part_starts = list(part_starts)
        self._copied_marks: list[str] = []  # "Sections below marked (cf) were carried forward": "cf"
        # "... copied forward and reviewed/updated where marked [UPDATED 2/5]": "updated"
        self._updated_marks: list[str] = []
        self._part_days: dict[int, Optional[tuple[date, int, int, str]]] = {}
        self.text = text
        self.dayfirst = dayfirst
        self.headers_above = headers_above
        self.service_date = service_date
        if not isinstance(cues, TimeCues):
            cues = TimeCues(cues)
        self._today = cues.today
        self._time_of_day = cues.time_of_day
        self._log_stamp = cues.log_stamp
        self._part_date = cues.part_date
        self._outside_facility = cues.outside_facility
        self._outside_source = cues.outside_header
        self._insertion_place = cues.insertion_place
        self._author = cues.author
        self._retrieval_team = cues.retrieval_team
        self._own_record_title = cues.own_record_title
        self._pointer_before_title = cues.pointer_before_title
        self._another_dates_label = cues.another_dates_label
        self._past = cues.past
        self._elsewhere = cues.elsewhere
        self._other_procedure = cues.other_procedure
        self._future = cues.future
        self._day_counter = cues.day_counter
        self._copied = cues.copied
        self._since_operation = cues.since_operation
        self._date_skip = cues.date_skip
        self._clause_skip = cues.clause_skip
        self._day_kinds = cues.day_kinds
        self._today_counter = _TODAY_COUNTER
        self.current_day = self._current_days(cues.header_lines)
        # Day counters whose number today is known only to within a day: days of life counted from
        # the caller's date of birth (some units call the day of birth DOL 0, others DOL 1)
        self._day_uncertainty: dict[str, int] = {}
        if "life" not in self.current_day and birth_date is not None and service_date is not None \
                and service_date >= birth_date:
            self.current_day["life"] = (service_date - birth_date).days
            self._day_uncertainty["life"] = 1
        # A note that cannot hold 'copied forward' or 'POD 1 after' (most) skips those searches.
        self._may_be_copied = cues.copied_gate.open(text)
        self._may_be_since_operation = cues.since_operation_gate.open(text)
        self._elsewhere_gate = cues.elsewhere_gate
        self._elsewhere_in_note: Optional[NoteGate] = None  # (made when first asked: `_may_point_elsewhere`)
        self._lowered = text.lower() if text.isascii() else None  # (the gates read an ASCII text only)
        self._copied_blocks = self._copied_forward_blocks() if self._may_be_copied else []
        self._may_hold_records = '"' in text and "{" in text  # (JSON objects whose date fields date their acts)
        self._cue_cache: dict[tuple[int, int], list[_Cue]] = {}
        self._outside_cache: dict[int, Optional[EventTime]] = {}  # header start -> its other hospital, if any

    # -- text pasted from an earlier note ------------------------------------------------
    def _copied_forward_blocks(self) -> list[tuple[int, int, re.Match]]:
        """'--- Copied from previous note (04/02/2026) ---' ... '--- End copied text ---': the
        lines between a short line that says it was copied and the next such banner, or the
        end of the note. Its 'today' is the earlier note's."""
        blocks = []
        for found in self._copied.finditer(self.text):
            line_start = self.text.rfind("\n", 0, found.start()) + 1
            line_end = self.text.find("\n", found.end())
            line_end = len(self.text) if line_end < 0 else line_end
            if line_end - line_start > 160 or not _BANNER_LINE.match(self.text, line_start, line_end):
                continue  # a sentence that mentions copying, not a marker of pasted text
            marked = _MARKED.search(self.text, line_start, line_end)
            if marked:  # only the sections whose header carries the mark were copied (or updated)
                mark = marked.group(1).lower()
                (self._updated_marks if _UPDATED.fullmatch(mark) else self._copied_marks).append(mark)
                continue
            closing = _BLOCK_END.search(self.text, line_end)
            blocks.append((line_end, closing.start() if closing else len(self.text), found))
        return blocks

    def _mark_on(self, header: Any) -> Optional[re.Match]:
        """The mark a header carries: "ONE-LINER (cf)", "PROCEDURE NOTE [UPDATED 2/5]"."""
        return _MARK_ON_HEADER.search(self.text, header.start, header.end)

    @staticmethod
    def _mark_word(mark: Optional[re.Match]) -> Optional[str]:
        return (mark.group(1) or mark.group(2)).lower() if mark else None

    # -- the note's own day counters ("Hospital day #11  VV-ECMO day 9") -----------------
    def _current_days(self, header_lines: int) -> dict[str, int]:
        head_end = 0
        for _ in range(header_lines):
            next_break = self.text.find("\n", head_end + 1)
            if next_break < 0:
                head_end = len(self.text)
                break
            head_end = next_break
        current: dict[str, int] = {}
        for match in self._day_counter.finditer(self.text):
            kind = self._kind(match.group("kind"))
            if kind is None:
                continue
            number = _day_number(match.group("number"))
            if kind not in current and (match.start() < head_end or self._today_counter.search(
                    self.text, max(0, match.start() - 20), min(len(self.text), match.end() + 12))):
                current[kind] = number
        return current

    def _kind(self, words: str) -> Optional[str]:
        for kind, pattern in self._day_kinds.items():
            if pattern.search(words):
                return kind
        return None

    # -- cues in a stretch of text -------------------------------------------------------
    def cues(self, start: int, end: int) -> list[_Cue]:
        """The time cues between start and end (remembered: the same sentences are asked about
        for every word in them)."""
        key = (start, end)
        if key not in self._cue_cache:
            self._cue_cache[key] = self._find_cues(start, end)
        return self._cue_cache[key]

    def _find_cues(self, start: int, end: int) -> list[_Cue]:
        text = self.text
        found: list[_Cue] = []
        for pattern, relation in ((self._elsewhere, "elsewhere"), (self._past, "past"),
                                  (self._future, "future"), (self._today, "today"), (self._time_of_day, "today")):
            if pattern is self._elsewhere and not self._may_point_elsewhere(start, end):
                continue
            for match in pattern.finditer(text, start, end):
                if relation == "elsewhere" and self._points_inside(match):
                    continue  # "see event note ... EVENT NOTE 14:10 today:": a part of this note
                if relation == "past" and _ASIDE_END.match(text, match.end()) and \
                        _ORIGIN_ASIDE.search(text, max(0, match.start() - 40), match.start()):
                    continue  # "the groin cutdown incision (from OSH) opened": where the incision came from
                if relation == "past" and self._outside_facility.search(match.group()) and _PLACED_BEFORE.search(text, max(0, match.start() - 20), match.start()):
                    continue  # "the 25 Fr drainage cannula placed at OSH was withdrawn 3 cm ... today": where it was put in
                if relation == "past" and _A_MARK_OF_BEFORE.match(text, match.end()) and match.group().lower() in ("previously", "originally"):
                    continue  # "advanced 1 cm to the previously marked position": the mark is of before, not the act
                if relation == "past" and _ASIDE_END.match(text, match.end()) and self._in_an_insertion_aside(match.start()):
                    continue  # "the prior groin cutdown incision (cannula originally placed open at OSH) was re-opened"
                found.append(_Cue(match.start(), match.end(), relation, match.group()))
        if self.service_date is not None:
            # ("Procedure (Saturday, on-call fellow): ..." in Monday's note: another day of the week)
            for match in _WEEKDAY.finditer(text, start, end):
                if _WEEKDAYS.index(match.group().lower()) != self.service_date.weekday() and \
                        not any(c.start <= match.start() < c.end for c in found) and \
                        not _PLACED_BEFORE.search(text, max(0, match.start() - 20), match.start()):  # ("(placed Sunday)")
                    found.append(_Cue(match.start(), match.end(), "past", match.group()))
        for match in self._day_counter.finditer(text, start, end):
            kind = self._kind(match.group("kind"))
            current = self.current_day.get(kind) if kind else None
            if current is None:
                continue
            number = _day_number(match.group("number"))
            if abs(number - current) <= self._day_uncertainty.get(kind, -1):
                continue  # ("DOL 9" when the date of birth makes today DOL 9 or 10: no telling which day)
            relation = "past" if number < current else ("today" if number == current else "future")
            found.append(_Cue(match.start(), match.end(), relation, match.group()))
        for when, cue_start, cue_end in self._dates(start, end):
            if _SIZED_DEVICE_BEFORE.search(text, max(0, cue_start - 12), cue_start) and _ASIDE_END.match(text, cue_end):
                continue  # "RIJ return 17 Fr (5/14): pulled back 3 cm at 0710 today": the line's device, put in on 5/14
            if any(a <= cue_start < b for a, b in self._insertion_cells):
                continue  # "| ECMO drainage 25 Fr | R femoral | 01/18 | Advanced 4 cm ... by me |" under "| Inserted | Today |"
            if _OF_THE_INSERTION.match(text, cue_end) and _A_DETERMINER_BEFORE.search(text, max(0, cue_start - 8), cue_start) \
                    and not _AT_THE_BEFORE.search(text, max(0, cue_start - 20), cue_start):
                continue  # "the skin sutures of the 6/16 cannulation incision were removed": the insertion's date
            found.append(_Cue(cue_start, cue_end, self._relation_of(when), text[cue_start:cue_end], when))
        # "02/25 20:30", "(06/03/2026, OR 9, 07:30)", "last night at 22:40": the time of day belongs
        # to the date or the named day before it.
        dated_ends = [c.end for c in found if c.date is not None or c.relation == "past" and _NAMED_DAY.fullmatch(c.text)]
        return [c for c in found if c.date is not None or not _TIME_ONLY.match(c.text)
                or not any(0 <= c.start - e <= 20 and not _CLAUSE_END.search(text, e, c.start) for e in dated_ends)]

    def _in_an_insertion_aside(self, offset: int) -> bool:
        """The offset lies in a parenthesis that tells how the cannula was put in."""
        opening = self.text.rfind("(", max(0, offset - 80), offset)
        return opening >= 0 and ")" not in self.text[opening:offset] and bool(_ASIDE_OF_INSERTION.search(self.text, opening, offset))

    def _date_just_before(self, start: int) -> Optional[EventTime]:
        """'unchanged from 5/6 adjustment', 'the 03/12 repositioning': a date right before the
        act's word dates it, whatever comes before the date."""
        found = _DATE_BEFORE_WORD.search(self.text, max(0, start - 24), start)
        if found is None or self._not_the_event(found.start("date")) and _AND_THEN.search(self.text, found.end("date"), start):
            return None  # (not "cannula placed at cannulation on 2026-02-02 and withdrawn 4 cm ... today")
        written = found.group("date")
        when = self._written_date(written)
        if when is None or self.service_date is None:
            return None
        relation = "past" if when < self.service_date else ("today" if when == self.service_date else "future")
        return EventTime(relation, written, found.start("date"), found.end("date"), when, "sentence")

    def _paragraph_date(self, start: int) -> Optional[_Cue]:
        """The date a paragraph opens with ("8/27 AM: flows dropped ... Taken to cath lab.\nDr. X
        withdrew the cannula ..."): an entry of that day."""
        if self.service_date is None:
            return None
        opening = self.paragraph(start, start)[0]
        lead = [c for c in self.cues(opening, min(start, opening + 24)) if c.date is not None]
        return lead[0] if lead and not self.text[opening:lead[0].start].strip(" \t>*#+-") else None

    def _entry_of_the_service_day(self, start: int, copied_at: int) -> bool:
        """Whether the paragraph holding `start` opens with the date of service, or a header above
        it carries that date: text copied from an earlier note ("Interval events (copied from 8/26,
        updated):", "** Interval Events (carried fwd) **") cannot hold an entry of this day
        ("8/27 AM: ...", "PROCEDURE (bedside, 10:45, 03/10/2026) -- performed by me")."""
        opening = self._paragraph_date(start)
        if opening is not None and opening.date == self.service_date:
            return True
        if self.service_date is None:
            return False
        header = self._dated_header(start, self.text.rfind("\n", 0, start) + 1)
        if header is not None and header.date == self.service_date and header.start > copied_at:
            return True
        return self._titled_with_the_service_date(start, copied_at)

    def _titled_with_the_service_date(self, start: int, copied_at: int) -> bool:
        """Whether the paragraph holding `start` opens, below the copied marker, with a title line
        carrying the date of service ("Bedside cannula adjustment 3/10 0915 -- me + ECMO
        attending" over its steps): a heading the section rules do not read, an entry of this day."""
        opening = self.paragraph(start, start)[0]
        title_end = self.text.find("\n", opening, start)
        if opening <= copied_at or title_end < 0:
            return False  # (the act is on the paragraph's first line: no title above it)
        title = self.text[opening:title_end].rstrip()
        if len(title) > 100 or title.endswith((".", ";", ",")):
            return False
        return any(c.date == self.service_date for c in self.cues(opening, title_end))

    def _under_a_dated_record_title(self, start: int) -> Optional[EventTime]:
        """A record pasted into the note under its own title line dated another day ("ST BRENDAN
        REGIONAL -- PROCEDURE NOTE   DATE: 08/01/2026" over its steps, in an admission H&P): what
        its paragraph records was done that day. The nearest such title above the act in its
        paragraph decides; not the note's own title at its top."""
        if self.service_date is None:
            return None
        opening = self.paragraph(start, start)[0]
        if not self.text[:opening].strip():
            return None
        line_end = self.text.rfind("\n", opening, start)
        while line_end > opening:
            line_start = self.text.rfind("\n", opening, line_end) + 1 or opening
            title = self.text[line_start:line_end].strip()
            named = self._own_record_title.search(title) if len(title) <= 120 and not title.endswith((".", ";", ",")) else None
            if named is not None and not self._pointer_before_title.search(title, 0, named.start()):
                dated = [c for c in self.cues(line_start, line_end) if c.date is not None and _FULL_DATE.search(c.text)
                         and not self._another_dates_label.search(self.text, line_start, c.start)]  # (not "Admit date: 05/09/2026")
                if dated:
                    cue = dated[0]
                    if cue.date == self.service_date:
                        return None
                    return EventTime(self._relation_of(cue.date), cue.text, cue.start, cue.end, cue.date, "section")
            line_end = line_start - 1
        return None

    def _not_the_event(self, position: int) -> bool:
        """A date that dates something else: 'since 03/02', 'CXR 01/17', '(the cannula was
        placed by cutdown on 08/17)'."""
        text = self.text
        if self._date_skip.search(text, max(0, position - 30), position):
            return True
        window = max(0, position - 80)
        clause_start = max(window, max(text.rfind(mark, window, position) for mark in ";(\n.") + 1)
        if clause_start > 0 and text[clause_start - 1] == "(" and ")" not in text[clause_start:position] \
                and _ASIDE_OF_INSERTION.search(text, clause_start, position):
            return True  # "The previous right groin incision (Coastal Bend cutdown, 08/16) was opened"
        return bool(self._clause_skip.search(text, clause_start, position))

    def _dates(self, start: int, end: int) -> list[tuple[date, int, int]]:
        """Dates written between start and end that could date an act (not 'since 03/02')."""
        return [d for d in self.written_dates(start, end) if not self._not_the_event(d[1])]

    def _relation_of(self, when: date) -> str:
        if self.service_date is None:
            return "dated"
        return "past" if when < self.service_date else ("today" if when == self.service_date else "future")

    def header_cues(self, header: Any) -> list[_Cue]:
        """The time cues of a header; a note's title is dated by its date whatever it names
        ("##### PROCEDURE NOTE - VV ECMO CANNULATION  07/22/2025 #####": not the date of a
        cannulation told in passing)."""
        cues = self.cues(header.start, header.words_end)
        # ("Week 2 (3/26 - today, ECMO day 12):": a span reaching today dates its entries no earlier day)
        cues = [c for c in cues if c.date is None or not _TO_TODAY.match(self.text, c.end)]
        if _DEVICE_LABEL.match(self.text, header.start, header.words_end) and \
                _INSERTION_DETAIL.search(self.text, header.start, header.words_end):
            # "Cannulae (all percut, 08/04/25, Dr Ellison): drainage 19 Fr ...": when they were put in
            return [c for c in cues if c.date is None]
        if not any(c.date is not None for c in cues) and _NOTE_TITLE.search(self.text, header.start, header.words_end):
            dates = [d for d in self.written_dates(header.start, header.words_end)
                     if _TITLE_NAMES_INSERTION.search(self.text, max(header.start, d[1] - 30), d[1])]
            if dates:
                when, cue_start, cue_end = max(dates, key=lambda d: d[1])
                cues = cues + [_Cue(cue_start, cue_end, self._relation_of(when), self.text[cue_start:cue_end], when)]
        return cues

    def written_dates(self, start: int, end: int) -> list[tuple[date, int, int]]:
        """Every date written between start and end ('11/03', '20 Nov 2025'), whatever it dates."""
        text = self.text
        out: list[tuple[date, int, int]] = []
        taken: list[tuple[int, int]] = []
        for match in _FULL_DATE.finditer(text, start, end):
            when = parse_date(match.group(), self.dayfirst)
            if when is not None:
                out.append((when, match.start(), match.end()))
            taken.append((match.start(), match.end()))
        for match in _MONTH_DAY.finditer(text, start, end):
            if any(s <= match.start() < e for s, e in taken) or _PAGE_COUNT.search(text, max(0, match.start() - 12), match.start()):
                continue  # ("page 1/1", "scanned 2/2": a page count)
            if match.group(2) == "7" and (_WEEKS_BEFORE.search(text, max(0, match.start() - 4), match.start())
                                          or _WEEKS_AFTER.match(text, match.end())):
                continue  # ("39 2/7 wk GA", "PMA now 40 4/7 wk": days of a week of gestation)
            month, day = int(match.group(1)), int(match.group(2))
            if self.dayfirst:
                month, day = day, month
            when = self._infer_year(month, day)
            if when is not None:
                out.append((when, match.start(), match.end()))
        for pattern in (_WORD_DAY_MONTH, _WORD_MONTH_DAY):
            for match in pattern.finditer(text, start, end):
                if any(s <= match.start() < e for s, e in taken):
                    continue
                when = self._infer_year(_MONTHS[match.group("month")[:3]], int(match.group("day")))
                if when is not None:
                    out.append((when, match.start(), match.end()))
        return sorted(out, key=lambda found: found[1])

    def dated_another_day(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds a date known to be another day than the date of service."""
        return self.service_date is not None and any(
            when != self.service_date for when, _, _ in self.written_dates(start, end))

    def _part_day(self, start: int) -> Optional[tuple[date, int, int, str]]:
        """The date on the header of the bundle part holding `start` (None outside parts)."""
        index = bisect_right(self.part_starts, start) - 1
        if index < 0:
            return None
        if index not in self._part_days:
            part_start = self.part_starts[index]
            part_end = self.part_starts[index + 1] if index + 1 < len(self.part_starts) else len(self.text)
            label = self._part_date.search(self.text, part_start, min(part_end, part_start + 400))  # (not the next part's)
            title_end = self.text.find("\n", part_start)
            if label is not None and _EXAM_DATE.match(label.group()) and \
                    _NOTE_NAME.search(self.text, part_start, part_end if title_end < 0 else min(title_end, part_end)):
                # ("BEDSIDE PROCEDURE NOTE ... Indication: ... Exam Date/Time: 05/13/2026 23:40 Impression: ..."):
                # a procedure note's quoted study, not its own date
                label = self._part_date.search(self.text, label.end(), min(part_end, part_start + 400))
            when = parse_date(label.group("date") or label.group("date2") or label.group("date3"), self.dayfirst) if label else None
            self._part_days[index] = (when, label.start(), label.end(), label.group().strip()) if when else None
            if when is None and index > 0:
                # "PROCEDURE NOTE / Date of Service: 04/10/2024 / Author: ..." boxed between two
                # rules: the text under the closing rule is that header's note
                above = self.text[self.part_starts[index - 1]:part_start].strip()
                if above and "\n\n" not in above and above.count("\n") <= 5 and not _SENTENCE_AT_LINE_END.search(above):
                    self._part_days[index] = self._part_day(self.part_starts[index - 1])
        return self._part_days[index]

    @cached_property
    def _referring_named(self) -> Optional[re.Match]:
        """Where the note names the hospital the patient came from, when the naming counts."""
        named = _REFERRING.search(self.text)
        if named is not None and named.group("name3") and not self._is_transfer_note:
            named = None  # "FROM: Lakeshore RMC" on a fax cover sends records; on a transfer note it names the referring hospital
        if named is not None and named.group("name7") and not _INSTITUTION.search(named.group("name7")):
            named = None  # ("FAX  Cover Sheet -> Records": a fax line's sender is an institution)
        if named is not None and named.lastgroup in _FAX_SENDERS and not (
                self._is_transfer_note or _TRANSFER_TITLE.search(self.text) or _TRANSFERRED.search(self.text)):
            named = None  # ("FAX FROM: Ashford County Hospital ICU  TO: Bellmont" over a packet whose receiving note is a transfer's)
        return named

    @cached_property
    def _referring_hospital(self) -> Optional[re.Pattern]:
        """The hospital a transfer note says the patient came from ("Transferred from: Dalton Falls
        Hospital ICU"), as a pattern for its distinctive words ("Dalton Falls") or their initials
        with the H of hospital ("DFH")."""
        named = self._referring_named
        if named is None:
            return None
        # (not a de-identification placeholder: "[NAME] Memorial NICU" names no hospital by "NAME")
        words = [re.sub(r"['\u2019][sS]?$", "", w) for w in re.findall(r"[A-Za-z][A-Za-z'\u2019]+",
                                                                     _PLACEHOLDER.sub(" ", named.group(named.lastgroup)))]
        distinctive = [w for w in words if w.lower().rstrip(".") not in _GENERIC_PLACE_WORDS][:2]
        if not distinctive or len("".join(distinctive)) < 4:
            return None
        alternatives = [r"\W{1,3}".join(re.escape(w) + r"(?:['’]?s)?" for w in distinctive)]
        initials = "".join(w[0] for w in words if w.lower().rstrip(".") not in _NOT_IN_INITIALS).upper()
        if len(initials) >= 3:
            alternatives.append(r"(?-i:" + re.escape(initials) + r")")
        return re.compile(r"(?i)\b(?:" + "|".join(alternatives) + r")\b")

    @cached_property
    def _fax_sender_at_top(self) -> Optional[re.Match]:
        """The referring hospital's name on a fax header in the note's first three lines."""
        if self._referring_hospital is None:
            return None
        named = self._referring_named
        top = self.text.split("\n", 3)
        if named is None or named.lastgroup not in _FAX_SENDERS or named.start() >= len("\n".join(top[:3])):
            return None
        return self._referring_hospital.search(self.text, named.start(), named.end())

    def _at_referring_hospital(self, start: int, end: int) -> Optional[EventTime]:
        """The sentence says it happened at the referring hospital by its name ('at Delta Parish'), or
        its line is labelled with that name."""
        referring = self._referring_hospital
        if referring is None:
            return None
        line_start = self.text.rfind("\n", 0, start) + 1
        for named in referring.finditer(self.text, line_start, end):
            if named.start() >= start and _AT_A_PLACE.search(self.text, max(start, named.start() - 12), named.start()) \
                    or not self.text[line_start:named.start()].strip(" \t[(*>-"):
                # (or the line opens with its name: "[Delta Parish p.13 - PROCEDURE NOTE ...: ... withdrawn 3 cm]")
                return EventTime("outside", named.group(), named.start(), named.end(), None, "sentence")
        return None

    @cached_property
    def _is_transfer_note(self) -> bool:
        """The note's top says it is about a transfer ('Interhospital Transfer', 'TRANSFER ACCEPTANCE NOTE')."""
        return _TRANSFER_NOTE.search(self.text, 0, 800) is not None

    def _names_referring_hospital(self, start: int, end: int) -> Optional[re.Match]:
        """The referring hospital named in text[start:end] as the source of what follows, not as
        where the patient came from ('transferred from Dalton Falls')."""
        referring = self._referring_hospital
        if referring is None:
            return None
        return next((m for m in referring.finditer(self.text, start, end)
                     if not _TRAVEL_BEFORE.search(self.text, max(start, m.start() - 30), m.start())), None)

    @cached_property
    def _today_cells(self) -> tuple[tuple[int, int, int, int], ...]:
        """The cells of a table column of today's changes ('Today', 'Changes today'), with their header."""
        if "|" not in self.text and "\t" not in self.text:
            return ()
        return tuple((a, b, *column.header) for column in columns(self.text, _TODAY_COLUMN) for a, b in column.cells)

    @cached_property
    def _insertion_cells(self) -> tuple[tuple[int, int], ...]:
        """The cells of a table column of insertion dates ('Inserted', 'Date placed')."""
        if "|" not in self.text and "\t" not in self.text:
            return ()
        return tuple(cell for column in columns(self.text, _INSERTION_COLUMN) for cell in column.cells)

    @cached_property
    def _outside_banners(self) -> list[tuple[int, int, re.Match]]:
        """In a transfer note, the stretches under a banner over the referring hospital's records
        ('=========== OUTSIDE RECORDS (scanned) ===========', '____ FAXED RECORDS ____'), each up
        to an addendum of this hospital or the end."""
        if not self._is_transfer_note:
            return []
        spans = []
        for banner in _OUTSIDE_BANNER.finditer(self.text):
            line = banner.group().strip()
            if not (line[:1] in "=-_*~#" or line == line.upper()):
                continue
            own = _OWN_ADDENDUM.search(self.text, banner.end())
            end = own.start() if own else len(self.text)
            # ("== OUTSIDE RECORDS (scanned) ==" up to "== ECMO SPECIALIST NOTE ==  04/28/2023": a
            # heading drawn as the banner is drawn starts this hospital's notes again)
            rule = re.match(r"[ \t]*([=_*~#-]{2,})", line)
            if rule is not None:
                same = re.compile(r"(?m)^[ \t]*" + re.escape(rule.group(1)) + r"[ \t]*(?=[A-Za-z(\[])")
                following = same.search(self.text, banner.end(), end)
                end = following.start() if following else end
            spans.append((banner.end(), self._this_hospitals_part(banner, end), banner))
        return spans

    def _this_hospitals_part(self, banner: re.Match, end: int) -> int:
        """Where a part after an outside-records banner that names its receiving end opens with
        that receiver's name ("*** OUTSIDE RECORDS *** Tri-Cities Regional -> Kestrel Children's"
        ... "=====" "KESTREL CHILDREN'S HEART CENTER - CT SURGERY"): this hospital's own note
        starts there (else `end`)."""
        ends = _RECEIVER.split(banner.group(), 1)
        if len(ends) < 2:
            return end
        receiver = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\u2019]{2,}", _INSTITUTION.split(ends[1], 1)[0])
                    if re.sub(r"['\u2019][sS]?$", "", w).lower() not in _GENERIC_PLACE_WORDS]
        for part_start in self.part_starts if receiver else ():
            if not banner.end() < part_start < end:
                continue
            line_end = self.text.find("\n", part_start)
            head = self.text[part_start:len(self.text) if line_end < 0 else line_end].lower()
            if _INSTITUTION.search(head) and all(w in head for w in receiver[:2]):
                return part_start
        return end

    def _under_outside_banner(self, start: int) -> Optional[EventTime]:
        for begin, end, banner in self._outside_banners:
            if begin <= start < end:
                return EventTime("outside", banner.group().strip(), banner.start(), banner.end(), None, "part")
        return None

    def _outside_part(self, start: int) -> Optional[EventTime]:
        """A part of a bundle (not its first) whose first lines name the referring hospital as the
        sender or the author ("-- FROM: ST BRENDANS HOSP HIM FAX --", "DALTON FALLS HOSPITAL -
        PROCEDURE NOTE"): the other hospital's record, whatever its date."""
        if self._referring_hospital is None:
            return None
        index = bisect_right(self.part_starts, start) - 1
        if index < 0 or self.part_starts[index] == 0:
            # (the packet's first part is the other hospital's when its fax header sends it:
            # "03/15/2026 07:02  FROM: MERCY LAKES HOSP CVICU  FAX 555-...  TO: UNIV HOSP MICU")
            sender = self._fax_sender_at_top
            if sender is None or not any(part > 0 for part in self.part_starts):  # (a receiving note follows)
                return None
            return EventTime("outside", sender.group(), sender.start(), sender.end(), None, "part")
        part_start = self.part_starts[index]
        head_end = part_start
        for _ in range(3):  # its first three lines
            head_end = self.text.find("\n", head_end + 1)
            if head_end < 0:
                head_end = len(self.text)
                break
        head_end = min(head_end, part_start + 300)
        # (up to a line naming another institution: "LAKEVIEW GENERAL HOSPITAL - CARDIAC ICU" over
        # "Note: fax page 5 is a different pt - returned to St Eloi HIM")
        other = _INSTITUTION.search(self.text, part_start, head_end)
        if other is not None:
            line_end = self.text.find("\n", other.end())
            if not self._names_referring_hospital(self.text.rfind("\n", 0, other.start()) + 1, line_end if line_end >= 0 else len(self.text)):
                head_end = other.start()
        named = self._names_referring_hospital(part_start, head_end)
        return EventTime("outside", named.group(), named.start(), named.end(), None, "part") if named else None

    def written_earlier(self, offset: int) -> bool:
        """Whether the text at `offset` is in a record of another day or of the referring hospital:
        a bundle part dated another day, the referring hospital's faxed part, or a line quoting a
        record dated another day ("Page 3 of 8   PICU H&P 05/04/2025: '5 yo M ...'")."""
        if self.service_date is None:
            return False
        if self.in_another_days_part(offset) or self._outside_part(offset) is not None:
            return True
        line_start = self.text.rfind("\n", 0, offset) + 1
        title = _RECORD_DATED.search(self.text, line_start, offset)
        if title is None:
            return False
        when = parse_date(title.group("date"), self.dayfirst)
        return when is not None and when != self.service_date

    def part_day(self, offset: int) -> Optional[date]:
        """The date on the header of the bundle part holding `offset` (None when it has none)."""
        day = self._part_day(offset)
        return day[0] if day is not None else None

    def in_another_days_part(self, offset: int) -> bool:
        """Whether `offset` lies in a bundle part whose header dates it to another day."""
        day = self._part_day(offset) if self.service_date is not None else None
        return day is not None and day[0] != self.service_date

    def is_another_day(self, start: int, end: int) -> bool:
        """Whether the date written between start and end ('09/01', '09/01/2025') is known to be
        another day than the date of service."""
        if self.service_date is None:
            return False
        when = self._written_date(self.text[start:end])
        return when is not None and when != self.service_date

    def _written_date(self, written: str) -> Optional[date]:
        """A date as written: '09/01' (its year inferred) or a full date."""
        month_day = _MONTH_DAY.fullmatch(written)
        if month_day is None:
            return parse_date(written, self.dayfirst)
        first, second = int(month_day.group(1)), int(month_day.group(2))
        return self._infer_year(*((second, first) if self.dayfirst else (first, second)))

    def is_service_day(self, start: int, end: int) -> bool:
        """Whether the date written between start and end is the date of service."""
        return self.service_date is not None and parse_date(self.text[start:end], self.dayfirst) == self.service_date

    def _infer_year(self, month: int, day: int) -> Optional[date]:
        """'11/05' in a note of 2025-11-09 is 2025-11-05; in a note of 2026-01-03, 2025-11-05."""
        if self.service_date is None or not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        for year in (self.service_date.year, self.service_date.year - 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                return None
            if candidate <= self.service_date + timedelta(days=31):
                return candidate
        return None

    # -- the time of one act -------------------------------------------------------------
    def clause_start(self, sentence_start: int) -> int:
        """Where the sentence holding a clause starts: 'On 12/13 the cannula was found pulled
        back; it was advanced 2 cm' - the clause after the semicolon has the sentence's time."""
        text = self.text
        before = text[max(0, sentence_start - 2):sentence_start].rstrip(" \t")
        if not before.endswith(";"):
            return sentence_start
        semicolon = text.rfind(";", 0, sentence_start)
        window = max(0, semicolon - 400)
        period, line = text.rfind(". ", window, semicolon), text.rfind("\n", window, semicolon)
        return max(period + 2 if period >= 0 else window, line + 1 if line >= 0 else window)

    def copied_from_before(self, start: int) -> Optional[re.Match]:
        """The words saying that the text at `start` was copied forward from an earlier note."""
        for block_start, block_end, copied in self._copied_blocks:
            if block_start <= start < block_end and not self._dated_today_at_its_top(block_start, block_end):
                return copied
        inner = None
        for header in self.headers_above(start) if self._may_be_copied else ():
            if inner is not None and not header.caps and (self.text[header.words_end:header.end].strip() or not inner.caps):
                # ("HPI (carried forward from 03/27): 5 yo F ..." over "Procedure: ... cannula withdrawn
                # 1.5 cm": a "Label:" header above another is its sibling, whose text is not copied)
                continue
            inner = header
            copied = self._copied.search(self.text, header.start, header.words_end)
            if copied and self._from_an_earlier_day(copied):
                return copied
            if self._copied_marks:  # "ONE-LINER (cf)" under "sections marked (cf) were carried forward"
                mark = self._mark_on(header)
                if self._mark_word(mark) in self._copied_marks and not _UPDATED.search(mark.group()):
                    return mark
        return None

    def _dated_today_at_its_top(self, block_start: int, block_end: int) -> bool:
        """A pasted note whose own first lines are dated the date of service ("--- ATTACHMENT A:
        PROCEDURE NOTE (copied from EHR) ---" over "Date of Service: 03/09/2026") is this day's."""
        dates = self.written_dates(block_start, min(block_end, block_start + 240))
        return bool(dates) and self.service_date is not None and dates[0][0] == self.service_date

    def _from_an_earlier_day(self, copied: re.Match) -> bool:
        """Words of copying that date their source ("from 11/03 note") name an earlier day; "from
        08/14 ICU note, morning" on 08/14 is the same day's text."""
        dates = self.written_dates(copied.start(), copied.end())
        return not dates or self.service_date is None or any(when < self.service_date for when, _, _ in dates)

    def when(self, start: int, end: int, sentence_start: int, sentence_end: int) -> EventTime:
        """The time of the act whose words are text[start:end], in the given sentence."""
        found = self._when(start, end, sentence_start, sentence_end)
        relative = self._relative_to_its_header(found, start)
        if relative is not None:
            return relative
        if found.relation == "today" and found.date is None and self.event_day is not None \
                and _CLOCK_TIME.fullmatch((found.cue or "").strip()):
            # "Date of report: 10/20 ... Event date: 09/28 ... 02:58 Cannula withdrawn": the times
            # of day are the event's
            when, cue_start, cue_end, cue = self.event_day
            return EventTime(self._relation_of(when), cue, cue_start, cue_end, when, "section")
        return found

    def _relative_to_its_header(self, found: EventTime, start: int) -> Optional[EventTime]:
        """'this morning' in a sentence under a header dated another day ('ADDENDUM 06/12/2025
        08:10 ... their surgeon repositioned the venous cannula this morning' in the note of
        06/11): the morning of the header's day."""
        if found.relation != "today" or found.date is not None or found.scope != "sentence" or self.service_date is None \
                or _CLOCK_TIME.fullmatch((found.cue or "").strip()):
            return None
        line_start = self.text.rfind("\n", 0, start) + 1
        for header in self._parent_headers(start, line_start):
            dated = [c for c in self.header_cues(header) if c.date is not None]
            if dated:
                # the header's own stamp, next to its name (not a list entry's "MICU-08 V.,A. (29/F) -
                # ... (delivered 12/29, ...)": a date it tells)
                stamp = [c for c in dated if c.start - header.start <= len(header.label) + 12]
                if any(c.date == self.service_date for c in dated) or not stamp \
                        or not _AN_ENTRYS_HEADING.match(self.text, header.start, header.words_end):
                    return None  # (not "EVENTS SINCE LAST NOTE (06/10):": a heading over the days since)
                return EventTime(self._relation_of(stamp[0].date), stamp[0].text, stamp[0].start, stamp[0].end,
                                 stamp[0].date, "section")
        return None

    @cached_property
    def event_day(self) -> Optional[tuple[date, int, int, str]]:
        """The day a report about one event names as the event's ('Event date: 09/28/2025'),
        when it is not the date of service."""
        top = min(len(self.text), EVENT_DATE_WINDOW)
        label = _EVENT_DATE.search(self.text, 0, top) if _EVENT_REPORT.search(self.text, 0, top) else None
        when = self._written_date(label.group("date")) if label else None
        if when is None or self.service_date is None or when == self.service_date:
            return None
        return when, label.start(), label.end(), label.group().strip()

    @cached_property
    def _has_late_entries(self) -> bool:
        """Whether the note says 'addendum' or 'late entry' anywhere (asked before every search for one)."""
        return _LATE_ENTRY_WORD.search(self.text) is not None

    def _when(self, start: int, end: int, sentence_start: int, sentence_end: int) -> EventTime:
        copied = self.copied_from_before(start)
        if copied and not self._entry_of_the_service_day(start, copied.end()):
            # text copied forward from an earlier note: its "today" is that note's
            return EventTime("past", copied.group(), copied.start(), copied.end(), None, "section")
        if self._updated_marks:  # under "... updated where marked [UPDATED 2/5]" the unmarked sections were copied
            headers = self.headers_above(start)
            if headers and not any(self._mark_word(self._mark_on(header)) in self._updated_marks for header in headers):
                header = headers[0]
                return EventTime("past", self.text[header.start:header.words_end], header.start, header.words_end, None, "section")
        outside_part = self._outside_part(start) or self._under_outside_banner(start)
        if outside_part is not None:  # the referring hospital's faxed note behind the transfer H&P
            return outside_part
        at_referring = self._at_referring_hospital(sentence_start, sentence_end)
        if at_referring is not None:  # "drainage cannula pulled back ~3 cm at bedside at Delta Parish at 10:30"
            return at_referring
        part_day = self._part_day(start)
        if part_day is not None and self.service_date is not None and part_day[0] != self.service_date:
            # one author's note in a bundle, dated on its own header ("Service Date: 09/08/2026"
            # in the bundle of 09/09): what it records happened that day
            when, cue_start, cue_end, cue = part_day
            return EventTime("past" if when < self.service_date else "future", cue, cue_start, cue_end, when, "part")
        line_start = self.text.rfind("\n", 0, start) + 1
        outside = self._outside_header(start, line_start)
        if outside is not None:  # "OSH COURSE" over "02/14  cannula pulled back ~2 cm": the other hospital's, whatever its date
            return outside
        record = self._json_record_date(start) if self._may_hold_records else None
        if record is not None:
            return record
        dated = self._date_just_before(start)
        if dated is not None:
            return dated
        line_end = self.text.find("\n", start)
        # (a "line" is read within LINE_WINDOW characters of the act: a note delivered as one
        # endless line would otherwise be searched whole for each act)
        elsewhere = self._elsewhere_in(max(line_start, start - LINE_WINDOW),
                                       min(len(self.text) if line_end < 0 else line_end, end + LINE_WINDOW))
        if elsewhere and not self._points_inside(elsewhere) and not self._of_another_procedure(elsewhere, sentence_start, sentence_end):
            # "... Please refer to her procedure note."
            return EventTime("elsewhere", elsewhere.group(), elsewhere.start(), elsewhere.end(), None, "line")
        today_cell = next(((hs, he) for a, b, hs, he in self._today_cells if a <= start < b), None)
        if today_cell is not None and not any(c.date is not None for c in self.cues(max(sentence_start, line_start), sentence_end)):
            # "| Device | Site | Inserted | Today |" over "| Venous cannula | R femoral | 03/02 | advanced 3 cm ... by me |"
            return EventTime("today", self.text[today_cell[0]:today_cell[1]], today_cell[0], today_cell[1], None, "line")
        since = self._since_operation.search(self.text, sentence_start, sentence_end) \
            if self._may_be_since_operation else None
        if since and since.start() < start:  # "POD 1 after open cannula repositioning": done on POD 0
            return EventTime("past", since.group(), since.start(), since.end(), None, "sentence")
        cues = self.cues(sentence_start, sentence_end)
        if cues and _FINDING_THEN_ACT.search(self.text, sentence_start, start):
            # "The aortic cannula had pulled back 1 cm: ties cut, cannula re-advanced", "... had pulled
            # back - it was repositioned": the finding's pluperfect before the colon or dash is not the
            # time of what was done after it
            cues = [c for c in cues if not (_PLUPERFECT.match(c.text) and c.end <= start
                                            and _FINDING_THEN_ACT.search(self.text, c.end, start))]
        if cues and "(" in self.text[end:sentence_end]:
            # "femoral arterial cannula re-seated (had backed out ~2 cm)", "withdrawn 3 cm so that the tip
            # lies in the CIA (previously at the bifurcation)": the aside tells what came before
            cues = [c for c in cues if not ((_PLUPERFECT.match(c.text) or _BEFORE_WORD.fullmatch(c.text) and A_PLACE_AFTER.match(self.text, c.end))
                                            and c.start >= end
                                            and self.text.rfind("(", end, c.start) > self.text.rfind(")", end, c.start))]
        if cues and "(" in self.text[sentence_start:start]:
            # "The prior R groin incision (made 3/1 for the distal perfusion cannula) was re-opened": an
            # aside closed before the act tells when something else was done
            cues = [c for c in cues if not self._in_a_closed_aside_before(c, sentence_start, start)]
        clause_start = self.clause_start(sentence_start)
        if not cues and clause_start < sentence_start:  # (its dates only: "had backed out" is no time)
            cues = [c for c in self.cues(clause_start, sentence_start) if c.date is not None]
        if cues:
            nearest = self._nearest(cues, start, end, "sentence")
            if nearest.relation == "today" and nearest.date is None and _CLOCK_TIME.fullmatch(nearest.cue or ""):
                # "At 10:40 I withdrew ..." under "##### 10/14/2025 #####": the clock time is of that day
                dated = self._day_of_the_clock_time(start, line_start)
                if dated is not None:
                    return dated
            return nearest
        if _EMPTY_FIRST_CELL.match(self.text, line_start):
            # "|            | cannula advanced 2 cm |": a table row going on from the row above
            above = self.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
            while above > 0 and _EMPTY_FIRST_CELL.match(self.text, above):
                above = self.text.rfind("\n", 0, above - 1) + 1
            if above < line_start:
                line_start = above
        if line_start < sentence_start:
            # "11/4 2315 fellow at bedside. Cannula withdrawn 3 cm.", "- This AM (02/02, ~07:40),
            # bedside TEE showed ... I withdrew the Crescent": a line opened by its time
            lead = self.cues(line_start, min(sentence_start, line_start + 40))
            first = min(lead, key=lambda c: c.start) if lead else None
            opens_line = not self.text[line_start:first.start].strip(" \t>*#+-") if first is not None else False
            if first is not None and ((opens_line and (first.date is not None or first.start - line_start <= 4))
                                      or _ENTRY_LABEL.fullmatch(self.text, line_start, first.start)):
                nearest = self._nearest([c for c in lead if c.start < first.start + 24], start, end, "line")
                if nearest.relation == "today" and nearest.date is None and _CLOCK_TIME.fullmatch(nearest.cue or ""):
                    # "0210-0225 fellow: cannula withdrawn 1 cm" under a "7/2/26" heading: the clock time is of that day
                    dated = self._day_of_the_clock_time(start, line_start)
                    if dated is not None:
                        return dated
                return nearest
        lead = _LINE_LEAD.match(self.text, line_start, min(sentence_start, line_start + 64))
        if line_start < sentence_start and lead:
            # A dated list item or table row: "03/03: ...", "- 2/7 (yesterday): ...", "| 04/15/2026 | ..."
            cues = [c for c in self.cues(lead.start("lead"), lead.end("lead")) if c.relation != "past" or c.date
                    or _RELATIVE_DAY.search(c.text)]
            if cues:
                return self._nearest(cues, start, end, "line")
        dated_row = _DATE_LEAD.match(self.text, line_start, min(max(sentence_start, start), line_start + 64)) \
            if self.service_date is not None else None
        when = self._written_date(dated_row.group("lead")) if dated_row is not None else None
        if when is not None:
            # "8/21  BDG, PA arterioplasty; central VA ECMO cannulation": a table row's own date
            return EventTime(self._relation_of(when), dated_row.group("lead"), dated_row.start("lead"),
                             dated_row.end("lead"), when, "line")
        late = self._late_entry(start, line_start)
        if late is not None:
            return late
        opening = self.paragraph(start, start)[0]
        today_lead = _TODAY_LEAD.match(self.text, opening) if opening > 0 else None
        if today_lead is not None:
            # "Events since last note: ...\n\nThis morning sat drifted ... Bedside 0900: ... cannula
            # withdrawn": a paragraph that opens with today is today's, whatever the header above says
            return EventTime("today", today_lead.group("cue"), today_lead.start("cue"), today_lead.end("cue"), None, "section")
        titled = self._under_a_dated_record_title(start)
        if titled is not None:
            return titled
        entry_of_today = self._paragraph_date(start)
        if entry_of_today is not None and entry_of_today.date != self.service_date:
            entry_of_today = None
        for header in self._parent_headers(start, line_start):
            if entry_of_today is not None and entry_of_today.start > header.start:
                # ("POD 3 (10/6): anuric ...\n\n10/7 (POD 4) -- EVENT / RETURN TO OR\n... Cannula advanced"):
                # the act's own paragraph opens with the date of service, nearer than the label above
                return EventTime("today", entry_of_today.text, entry_of_today.start, entry_of_today.end, entry_of_today.date, "section")
            cues = self.header_cues(header)
            outside = [c for c in cues if c.relation == "past" and self._outside_facility.search(c.text)]
            if outside:
                # "(performed by the author ...; separate session from the 22:05 cannulation at the
                # referring hospital)": the author's own procedure, wherever the insertion was done
                cues = [c for c in cues if c not in outside]
            if cues:
                nearest = self._nearest(cues, start, end, "section")
                if nearest.date is not None and self.service_date is not None and nearest.date > self.service_date:
                    # (a reply or addendum written after the day, whose paragraph says the act was on it)
                    told = self._service_day_told_before(start)
                    if told is not None:
                        return told
                stamped = self._log_entry(line_start) if nearest.relation == "today" else None
                # (a header of today over "- 0200 ... cannula pulled back": the entry's own time is nearer)
                return stamped or nearest
        # "0830 Dr. X at bedside. MD withdrew the cannula 4 cm ...": a log entry's time of day
        # times every sentence of its line, when no header dates the entries
        return self._log_entry(line_start) or self._continued_log_entry(line_start) or self._paragraph_entry(start) \
            or EventTime()

    def _service_day_told_before(self, start: int) -> Optional[EventTime]:
        """The last date the act's paragraph gives before it, when that is the date of service ("Comment:
        I did it myself at the bedside around 1500 on 5/8. ... withdrew the cannula 1.5 cm" under a
        response dated 05/11): the paragraph tells that day's act; its header dates the writing."""
        if self.service_date is None:
            return None
        dated = [c for c in self.cues(self.paragraph(start, start)[0], start) if c.date is not None]
        if not dated or dated[-1].date != self.service_date:
            return None
        return EventTime("today", dated[-1].text, dated[-1].start, dated[-1].end, dated[-1].date, "section")

    def _json_record_date(self, start: int) -> Optional[EventTime]:
        """'{"date": "2026-01-11", "name": "ECMO cannula reposition, percutaneous", ...}': the date
        field of the JSON object holding the act dates it."""
        text = self.text
        opening = text.rfind("{", max(0, start - 400), start)
        if opening < 0 or "}" in text[opening:start]:
            return None
        closing = text.find("}", start, start + 400)
        field = _JSON_DATE_FIELD.search(text, opening, closing if closing >= 0 else start + 400)
        if field is None:
            return None
        when = self._written_date(field.group("date"))
        if when is None or self.service_date is None or when == self.service_date:
            return None  # (it only rules out: an object dated today may wrap a whole note whose acts have their own times)
        return EventTime(self._relation_of(when), field.group("date"), field.start("date"), field.end("date"), when, "line")

    def _day_of_the_clock_time(self, start: int, line_start: int) -> Optional[EventTime]:
        """The other day a clock time belongs to: the dated heading above it, or the date its
        paragraph opens with ("03/14/2026 (ECMO d2)\nAM: ...\n1400: drainage cannula withdrawn")."""
        opening = self._paragraph_date(start)  # (a cue with its date, or None)
        if opening is not None and opening.date == self.service_date:
            return None  # ("PCICU course 12/15-12/18: ...\n\n12/19 (day of death): ... At 07:15 I withdrew"): its own entry's day
        dated = self._dated_header(start, line_start)
        if dated is not None and dated.relation != "today":
            return dated
        if opening is not None:
            line_end = self.text.find("\n", opening.end)
            if _DATE_HEADING_REST.fullmatch(self.text, opening.end, len(self.text) if line_end < 0 else line_end):
                # (a heading line, the date alone: not "11/02 admitted ...", a sentence that opens with a date)
                return EventTime(self._relation_of(opening.date), opening.text, opening.start, opening.end, opening.date, "section")
        return None

    def _paragraph_entry(self, start: int) -> Optional[EventTime]:
        """An act whose paragraph opens with the date of service (and nothing nearer times it)."""
        opening = self._paragraph_date(start)
        if opening is None or opening.date != self.service_date:
            return None
        return EventTime("today", opening.text, opening.start, opening.end, opening.date, "section")

    def _late_entry(self, start: int, line_start: int) -> Optional[EventTime]:
        """'LATE ENTRY for 10/14/2025, bedside procedure ...', 'ADDENDUM to ICU progress note of
        03/14/2026 (late entry, written 03/15)' under a response dated the day after: the entry
        says which day it records."""
        if not self._has_late_entries:
            return None
        parent = next(self._parent_headers(start, line_start), None)
        window = max(parent.start if parent is not None else 0, start - LATE_ENTRY_WINDOW)
        entries = list(_LATE_ENTRY.finditer(self.text, window, start))
        if not entries:
            return None
        found = entries[-1]  # the nearest before the act
        when = self._written_date(found.group("date") or found.group("day"))
        if when is None or self.service_date is None:
            return None
        return EventTime(self._relation_of(when), found.group(), found.start(), found.end(), when, "section")

    def _continued_log_entry(self, line_start: int) -> Optional[EventTime]:
        """An indented line under a timed log entry ("0125  Dr. G at bedside. Time-out." over
        "      Under ultrasound ... cannula withdrawn ~3 cm"): the entry's time is its time."""
        text = self.text
        for _ in range(6):
            if line_start == 0 or text[line_start:line_start + 1] not in (" ", "\t"):
                return None
            line_start = text.rfind("\n", 0, line_start - 1) + 1
            if not text[line_start:text.find("\n", line_start)].strip():
                return None  # (a blank line ends the entry)
            if text[line_start:line_start + 1] not in (" ", "\t"):
                return self._log_entry(line_start)
        return None

    def _log_entry(self, line_start: int) -> Optional[EventTime]:
        stamp = self._log_stamp.match(self.text, line_start)
        if stamp and not self._log_crosses_midnight(line_start):
            return EventTime("today", stamp.group().strip(" \t>*#+-"), stamp.start(), stamp.end(), None, "line")
        return None

    def _outside_header(self, start: int, line_start: int) -> Optional[EventTime]:
        """The time of an act under a header that names another hospital ("A1. OSH ECMO procedure
        note, 06/06/2025 04:15:", "OSH COURSE (from transfer packet)"), unless the author did it
        there or the hospital is only where the insertion was done."""
        for header in self._parent_headers(start, line_start):
            if header.start not in self._outside_cache:  # (asked for every act and cue under it)
                self._outside_cache[header.start] = self._header_outside(header)
            if self._outside_cache[header.start] is not None:
                return self._outside_cache[header.start]
        return None

    def _header_outside(self, header: Any) -> Optional[EventTime]:
        outside = [c for c in self.header_cues(header) if c.relation == "past" and self._outside_facility.search(c.text)]
        if not outside:
            named = self._outside_source.search(self.text, header.start, header.words_end)
            if named is None and header.start > 0:
                # "======== ROANOKE VALLEY HOSPITAL ========" over the faxed pages of a transfer H&P
                named = self._names_referring_hospital(header.start, header.words_end)
            outside = [_Cue(named.start(), named.end(), "past", named.group())] if named else []
        if not outside or self._author.search(self.text, header.start, header.words_end):
            return None
        if self._retrieval_team_record(header, outside):
            return None
        others = [c for c in outside if not self._insertion_place.search(self.text, header.start, c.start)]
        return EventTime("outside", others[0].text, others[0].start, others[0].end, None, "section") if others else None

    def _retrieval_team_record(self, header: Any, outside: list[Any]) -> bool:
        """'PROCEDURE NOTE (at referring hospital)' in a note of an ECMO transport or retrieval team:
        the team's own procedure, done where it went to fetch the patient (not 'OSH procedure note',
        the other hospital's record)."""
        def timed_then_placed(cue: Any) -> bool:
            # "PROCEDURE (1725-1750), Pine Ridge Cath Lab": the heading word, its times, then the place
            return _PROCEDURE_HEADING_THEN_PLACE.fullmatch(self.text, header.start, cue.start) is not None

        def where_it_was_done(cue: Any) -> bool:
            return cue.text.lower().startswith("at ") or timed_then_placed(cue) \
                or _AT_THE_PLACE.search(self.text, max(header.start, cue.start - 14), cue.start) is not None

        return any(where_it_was_done(cue) for cue in outside) \
            and (self._own_record_title.search(self.text, header.start, header.words_end) is not None
                 or _PROCEDURE_HEADING.match(self.text, header.start, header.words_end) is not None) \
            and any(not _CAME_WITH.search(self.text, max(0, team.start() - 24), team.start())
                    for team in self._retrieval_team.finditer(self.text, 0, min(len(self.text), RETRIEVAL_TEAM_WINDOW)))

    def _may_point_elsewhere(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds the words every pointer to another note holds (the
        note's occurrences of them are found once, for all the stretches asked about)."""
        if self._elsewhere_in_note is None:
            self._elsewhere_in_note = NoteGate(self._elsewhere_gate, self._lowered)
        return self._elsewhere_in_note.open_in(start, end)

    def _elsewhere_in(self, start: int, end: int) -> Optional[re.Match]:
        """The first pointer to another note in text[start:end] (not searched for when the
        stretch lacks the words every pointer holds)."""
        if not self._may_point_elsewhere(start, end):
            return None
        return self._elsewhere.search(self.text, start, end)

    def _of_another_procedure(self, pointer: re.Match, sentence_start: int, sentence_end: int) -> bool:
        """The pointer is in a sentence of its own that is about another procedure ("... re-sutured.
        Bronchoscopy then done without event (separate note)") or about an earlier day ("Cannula
        placed via cutdown 5/28 at OSH (per transfer records). ... cannula advanced 8 cm")."""
        if sentence_start <= pointer.start() < sentence_end and self._own_start(pointer.start()) <= sentence_start:
            return False  # (a sentence the parser ran on past ". Bronchoscopy by pulmonary at 11:00, details are in ..." is two)
        return self._about_another_procedure(pointer) or self._in_a_sentence_of_before(pointer)

    def _in_a_sentence_of_before(self, pointer: re.Match) -> bool:
        """(in the pointer's own clause: not "Consent was obtained yesterday; refer to Dr. Lee's procedure note")"""
        return any(c.relation == "past" for c in self.cues(self._own_start(pointer.start(), clause=True), pointer.start()))

    def _own_start(self, offset: int, clause: bool = False) -> int:
        """Where the sentence (or, with `clause`, the clause after a semicolon) holding `offset` starts."""
        text = self.text
        start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1)
        return max(start, text.rfind(";", 0, offset) + 1) if clause else start

    def _about_another_procedure(self, pointer: re.Match) -> bool:
        """The pointer's own sentence opens with another procedure or record ("Bronchoscopy then done
        ... (separate note)", "Perfusion circuit check documented separately")."""
        return bool(self._other_procedure.match(self.text, self._own_start(pointer.start()), pointer.start()))

    def _points_inside(self, pointer: re.Match) -> bool:
        """'see event note' ... 'EVENT NOTE 14:10 today: ...': the note pointed to is a part of
        this one, after the pointer (its kind of note is named again there)."""
        named = _NOTE_NAME.search(pointer.group())
        return bool(named) and re.search(r"\b" + re.escape(named.group()) + r"\b", self.text[pointer.end():],
                                         re.IGNORECASE) is not None

    def paragraph_time(self, sentence_start: int) -> Optional[str]:
        """The relation of the last time cue written earlier in the paragraph ("Over the weekend
        the circuit chattered. ... I advanced the cannula"), None when there is none."""
        cues = [c for c in self.cues(self.paragraph(sentence_start, sentence_start)[0], sentence_start)
                if c.date is not None or c.relation == "today" or _TIME_FRAME.search(c.text)]  # not a tense
        return max(cues, key=lambda c: c.start).relation if cues else None

    def pointer_to_another_note(self, separate_record: re.Pattern) -> Optional[re.Match]:
        """The first pointer in the note to another provider's separate record of a procedure
        ("see Dr. X's separate procedure note", "documented separately") that the note does
        not hold."""
        for pointer in separate_record.finditer(self.text):
            # (not "Perfusion circuit check documented separately (daily)": another record's pointer)
            if not self._points_inside(pointer) and not self._about_another_procedure(pointer):
                return pointer
        return None

    def pointer_in_paragraph(self, start: int, end: int) -> Optional[re.Match]:
        """A pointer to another note ("refer to the physician procedure note") in the lines around
        text[start:end] up to a blank line; in a list of dated lines, in its own entry ("5/16 -
        cannulated (see op note)" does not point away the act of the "5/20 (today)" line below)."""
        first, last = self.paragraph(start, end)
        entries = [m.start() for m in _DATED_ENTRY.finditer(self.text, first, last)]
        if entries:
            first = max([first] + [e for e in entries if e <= start])
            last = min([last] + [e for e in entries if e > start])
        pointer = self._elsewhere_in(first, last)
        if pointer is not None and not (first <= self._own_start(pointer.start()) <= start) \
                and self._about_another_procedure(pointer):
            return None  # ("... re-sutured. Bronchoscopy by pulmonary at 11:00, details are in the pulmonary procedure note")
        return pointer

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        """The lines around text[start:end] up to a blank line, within LINE_WINDOW characters."""
        text = self.text
        window_start, window_end = max(0, start - LINE_WINDOW), min(len(text), end + LINE_WINDOW)
        blanks = [m.end() for m in BLANK_LINE.finditer(text, window_start, start)]
        after = BLANK_LINE.search(text, end, window_end)
        return blanks[-1] if blanks else window_start, after.start() if after else window_end

    def _log_crosses_midnight(self, line_start: int) -> bool:
        """True when the time-stamped lines around this one (up to a blank line) go past midnight
        ("2315 ... 2350 ... 0300"): which of their entries fall on the date of service is unknown."""
        text = self.text
        starts = [line_start]
        while starts[0] > 0 and len(starts) < 40:  # up to a blank line above
            above = text.rfind("\n", 0, starts[0] - 1) + 1
            if not text[above:starts[0]].strip():
                break
            starts.insert(0, above)
        below = line_start
        for _ in range(40):  # and below
            below = text.find("\n", below) + 1
            after = text.find("\n", below)
            if below == 0 or not text[below:len(text) if after < 0 else after].strip():
                break
            starts.append(below)
        times = []
        for start in starts:
            stamp = self._log_stamp.match(text, start)
            if stamp:
                digits = stamp.group().strip(" \t>*#+-")
                times.append(int(digits[:2]) * 60 + int(digits[2:]))
        return any(later < earlier for earlier, later in zip(times, times[1:]))

    def _parent_headers(self, start: int, line_start: int) -> Iterator[Any]:
        """The headers above the line starting at line_start, innermost first: not the line's own
        header, and not a 'Label (02/08): text' line above 'Procedure: ...', nor a bare
        'Cannulation details (done on 29/01):' above 'Procedure:' (siblings that ended, not parents)."""
        inner = own = None
        for header in self.headers_above(start):
            if header.start >= line_start:
                own = header
                continue  # the mention's own header line was read as its sentence or line
            if inner is None and own is not None and self._a_past_sibling(own, header):
                continue  # "Since last night: flows limited ..." over "Procedure in detail: ... withdrawn"
            if inner is not None and not header.caps and (self.text[header.words_end:header.end].strip() or not inner.caps):
                continue  # (a "Label:" header above another: a sibling, however short its line)
            if self._a_sentence_before_a_colon(header) and header.start < self.paragraph(start, start)[0]:
                continue  # "Failed separation from CPB -> central VA ECMO in OR 09/08:" introduces its own lines
            inner = header
            yield header

    @staticmethod
    def _a_sentence_before_a_colon(header: Any) -> bool:
        """A header that is a sentence running into a colon, no section name: 'Failed separation
        from CPB -> central VA ECMO in OR 09/08:' over the cannulae it lists."""
        return header.category == UNKNOWN and not header.caps and len(header.label.split()) >= 6

    def _a_past_sibling(self, own: Any, header: Any) -> bool:
        """A 'Label: text' line about the past above the act's own 'Label: text' line: the
        label before it ('HPI (copied from H&P 3/28): 5 yo ...' over 'Procedure: ... withdrawn'),
        not a parent."""
        text = self.text
        if own.caps or header.caps or not text[header.words_end:header.end].strip():
            return False
        # (the act's label says it tells the procedure and stands at the margin, not indented under
        # the label above; the label above tells what led to it, not an act of its own: not
        # "Yesterday: cannula found low; repositioned at bedside" over "Procedure note summary: ...")
        own_line_start = text.rfind("\n", 0, own.start) + 1
        if text[own_line_start:own.start].strip(" \t") or text[own_line_start:own_line_start + 1] in (" ", "\t", "-", "*") \
                or not _PROCEDURE_LABEL.search(text, own.start, own.words_end) \
                or _AN_ACT.search(text, header.words_end, header.end) and _A_CANNULA.search(text, header.words_end, header.end):
            return False
        cues = self.header_cues(header)
        return bool(cues) and all(c.relation == "past" for c in cues)

    def _dated_header(self, start: int, line_start: int) -> Optional[EventTime]:
        """The written date of the nearest parent header that carries one."""
        for header in self._parent_headers(start, line_start):
            dated = [c for c in self.header_cues(header) if c.date is not None]
            if dated:
                return self._nearest(dated, start, start, "section")
        return None

    def _in_a_closed_aside_before(self, cue: _Cue, sentence_start: int, start: int) -> bool:
        """The cue is inside a parenthesis, closed before the act, that tells another thing made
        or placed then ("incision (made 3/1 for the distal perfusion cannula)")."""
        opening = open_aside(self.text, sentence_start, cue.start)
        if opening < 0:
            return False
        closing = self.text.find(")", cue.end, start)
        return closing >= 0 and _MADE_THEN.search(self.text, opening, closing) is not None

    @staticmethod
    def _nearest(cues: list[_Cue], start: int, end: int, scope: str) -> EventTime:
        """The cue closest to the act; at equal distance, the one that rules it out."""
        order = {"elsewhere": 0, "past": 1, "future": 2, "dated": 3, "today": 4}

        def distance(cue: _Cue) -> tuple[int, int]:
            gap = cue.start - end if cue.start >= end else (start - cue.end if cue.end <= start else 0)
            return max(gap, 0), order[cue.relation]
        dated = [c for c in cues if c.date is not None]
        best = min(dated or cues, key=distance)  # a written date says more than "this morning"
        # "see separate note" anywhere in the sentence means this note is not the record of it.
        elsewhere = [c for c in cues if c.relation == "elsewhere"]
        if elsewhere and scope == "sentence":
            best = elsewhere[0]
        return EventTime(best.relation, best.text, best.start, best.end, best.date, scope)


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()


def _day_number(written: str) -> int:
    """'6' or 'six' (dictated day counts: 'this is ECMO day six')."""
    return int(written) if written.isdigit() else _NUMBER_WORDS.index(written.lower())


_NAMED_DAY = re.compile(r"yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+(?:night|evening)|(?:the\s+)?(?:day|night|evening)\s+before|"
                        r"the\s+(?:previous|prior|preceding)\s+(?:day|evening|night)", re.IGNORECASE)
_PAGE_COUNT = re.compile(r"\b(?:page|pg|p\.|sheet|scanned|image|img|copy|part|screen)\s*$", re.IGNORECASE)
_TIME_ONLY = re.compile(r"(?:at\s+)?\d")
_EXAM_DATE = re.compile(r"\W*(?:exam|study)\s+date", re.IGNORECASE)
_NOTE_NAME = re.compile(r"\b(?:event|procedure|operative|op|bedside)\s+(?:note|report)\b", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"(?:at\s+)?(?:[01]?\d|2[0-3]):?[0-5]\d(?:\s*(?:h|hrs|hours|am|pm))?", re.IGNORECASE)
_TIME_FRAME = re.compile(r"yesterday|night|weekend|morning|evening|afternoon|\bday|week|month|ago|prior|previous|earlier|"
                         r"admission|outside|referring", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;.\n]")
_SENTENCE_AT_LINE_END = re.compile(r"[a-z)][.!?][ \t]*$", re.MULTILINE)  # (a header box holds labels, not sentences)
# "incision (from OSH)", "cannula (placed at the outside hospital)": an aside on where a thing came from
_ORIGIN_ASIDE = re.compile(r"\b(?:cut-?down|incision|cannulae?|graft|sheath|site|venotomy|arteriotomy|sutures?|wound|scar)s?"
                           r"[ \t]*\([ \t]*(?:(?:placed|inserted|made|done|created|put\s+in)[ \t]+)?$", re.IGNORECASE)
_A_MARK_OF_BEFORE = re.compile(r"[ \t]+(?:marked|noted|documented|recorded|measured)\b", re.IGNORECASE)
_ASIDE_END = re.compile(r"[ \t]*\)")
_OF_THE_INSERTION = re.compile(r"\s+(?:(?:ECMO|ECLS|neck|groin|femoral|cervical)\s+)?(?:cannulation|insertion|placement|cut-?down)\b"
                               r"(?!\s+(?:site\s+)?(?:re-?exploration|exploration|revision|re-?opening|repositioning|adjustment))", re.IGNORECASE)
_AT_THE_BEFORE = re.compile(r"\b(?:at|during|after|since|from|on)\s+(?:the|its|his|her|their)\s+$", re.IGNORECASE)  # ("At the 3/4 cannulation the ... was withdrawn")
_A_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|his|her|their)\s+$", re.IGNORECASE)
_DEVICE_LABEL = re.compile(r"[ \t>*#-]*(?:(?:ECMO|ECLS)\s+)?(?:cannula(?:e|s|\(s\))?|cannulation|lines?|access|devices?|LDAs?)[ \t]*(?:\(|:|$)",
                           re.IGNORECASE | re.MULTILINE)
_SIZED_DEVICE_BEFORE = re.compile(r"\b\d{1,2}\s?(?:Fr|F|French)\s*\(\s*(?:placed\s+|inserted\s+)?$", re.IGNORECASE)
_INSERTION_DETAIL = re.compile(r"\b(?:percut\w*|perc|placed|inserted|cannulated|cut-?down|open|Dr\.?|by)\b", re.IGNORECASE)
_TODAY_COLUMN = re.compile(r"today|(?:changes?|events?|actions?)\s+today|today['\u2019]?s\s+(?:changes?|events?|actions?)", re.IGNORECASE)
_INSERTION_COLUMN = re.compile(r"(?:date\s+)?(?:inserted|placed|insertion|placement|cannulated|cannulation|since)(?:\s+(?:date|on))?", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_PROCEDURE_LABEL = re.compile(r"\b(?:procedure|technique|description|details?|operative|operation|interventions?|performed|done)\b", re.IGNORECASE)
_AN_ACT = re.compile(r"\b(?:re-?positioned|repositioning|advanced|withdrawn|withdrew|pulled\s+back|rotated|adjusted|re-?sited|re-?seated)\b",
                     re.IGNORECASE)
_A_CANNULA = re.compile(r"\b(?:cannula\w*|avalon|crescent|ecmo)\b", re.IGNORECASE)
_PLACED_BEFORE = re.compile(r"\b(?:placed|inserted|cannulated|put\s+in|sewn|sutured|tied)\s+(?:on\s+)?$", re.IGNORECASE)

# The start of a line up to a label separator: a dated list item or table row.
_LINE_LEAD = re.compile(r"[ \t>*#|+-]*(?:\d{1,2}[.)][ \t]+)?(?P<lead>(?:[^\n:|\t]|(?<=\d):(?=\d\d))"
                        r"{1,60}?)[ \t]*(?::(?!\d\d)|\||\t| - )")
# "Transferred from: Dalton Falls Hospital ICU", "From: Millbrook County Hospital" (on a transfer
# note), "transferred from Roanoke Valley Hospital": the hospital the patient came from
_REFERRING = re.compile(r"(?im)^[ \t>*-]*(?:transferred\s+from|transfer\s+from|referred\s+from|(?:referring|transferring|sending)(?:\s+(?:hospital|facility|institution|center|centre|site))?|outside\s+hospital)[ \t]*[:-][ \t]*(?P<name>[^\n(,;|]{3,80})"
                        r"|\bcall(?:ed)?\s+from\s+(?:Dr\.?\s+)?[^\n(]{0,40}\((?:[^\n),]{0,40},\s*)?(?P<name5>(?-i:(?:[A-Z][\w'\u2019.-]*[ \t]+){1,3})(?:Hospital|Medical[ \t]+Center|Medical[ \t]+Centre|Health|Infirmary|Clinic)\b)"
                        r"|^[ \t=*-]*(?:(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})[ \t]+(?:\d{1,2}:\d{2}[ \t]+)?)?"
                        r"(?:fax[ \t]+from[ \t]*:[ \t]*(?P<name4>[^\n|]{3,60}?)|from[ \t]*:[ \t]*(?P<name6>[^\n|]{3,60}?)[ \t]{2,}fax\b[^\n|]{0,30}?)[ \t]{2,}to[ \t]*:"
                        r"|^[ \t=*-]*(?:(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})[ \t]+(?:\d{1,2}:\d{2}[ \t]+)?)?fax[ \t]+(?P<name7>(?-i:[A-Z][^\n|>]{2,60}?))[ \t]+(?:\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}[ \t]+)?(?:->|\u2192|=>)[ \t]"
                        r"|^[ \t>*-]*from[ \t]*:[ \t]*(?P<name3>(?-i:(?:[A-Z][\w'\u2019.-]*[ \t]+){1,3})(?:Hospital|Medical[ \t]+Center|Medical[ \t]+Centre|Health|Infirmary|Clinic)\b)"
                        r"|\btransferred\s+(?:here\s+)?from\s+(?:the\s+)?(?P<name2>(?-i:(?:[A-Z][\w'\u2019.-]*\s+){1,3})(?:Hospital|Medical\s+Center|Medical\s+Centre|Health|Infirmary|Clinic)\b)")
_RECORD_DATED = re.compile(r"\b(?:note|notes|report|H&P|summary|consult(?:ation)?)\b[ \t:,-]{0,3}(?:dated[ \t]+)?(?P<date>\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
# ("-- Excerpt of faxed OSH procedure note, OCR from the transfer packet --": what it quotes is theirs)
_OUTSIDE_BANNER = re.compile(r"(?im)^[ \t]*(?:[=_*~#-]{2,}[ \t]*)?(?:(?:excerpt|copy|extract|text|transcription)[ \t]+(?:of|from)[ \t]+(?:the[ \t]+|an?[ \t]+)?)?"
                             r"(?:(?:outside|referring|OSH|faxed|scanned|transferring)[ \t]+){1,2}(?:hospital[ \t]+|facility[ \t]+)?"
                             r"(?:(?:procedure|op|operative|progress|ICU|discharge|transfer|consult)[ \t]+)?"
                             r"(?:records?|documents?|documentation|pages?|notes?|packet|reports?)\b[^\n]*$")
_OWN_ADDENDUM = re.compile(r"(?im)^[ \t]*(?:[=_*~#-]{3,}[ \t]*)?(?:addendum|late\s+entry|attestation)\b")
_TRANSFER_NOTE = re.compile(r"\btransfer", re.IGNORECASE)
_AT_A_PLACE = re.compile(r"\b(?:at|in)\s+(?:the\s+)?$", re.IGNORECASE)
_INSTITUTION = re.compile(r"\b(?:hospital|hosp|medical\s+cent(?:er|re)|med\s+ctr|infirmary|clinic|health\s+system|(?:heart|children['\u2019]?s|cancer|cardiac|trauma)\s+cent(?:er|re))\b", re.IGNORECASE)
_FAX_SENDERS = ("name4", "name6", "name7")  # (the groups of `_REFERRING` that read a fax line's sender)
_RECEIVER = re.compile(r"->|\u2192|=>|\bTO\s*:", re.IGNORECASE)  # (on a fax line: the receiving end follows)
_TRANSFER_TITLE = re.compile(r"\bTRANSFER\b")  # (a title's capitals: "ECMO TRANSFER ADMISSION H&P")
_TRANSFERRED = re.compile(r"\b(?:transferred|accepted)\s+(?:here\s+|to\s+us\s+)?(?:for|from)\b", re.IGNORECASE)  # ("Transferred for surgical embolectomy")
_FINDING_THEN_ACT = re.compile(r":|\s[-\u2013\u2014]{1,2}\s")
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,30}\]")
_AT_THE_PLACE = re.compile(r"\bat\s+(?:the\s+)?$", re.IGNORECASE)
# An entry written on a day of its own: "ADDENDUM 06/12/2025 08:10", "Late entry 3/4", "Event note 2/2"
_AN_ENTRYS_HEADING = re.compile(r"[ \t#*=~-]*(?:addendum|late\s+entry|attestation|event\s+note|procedure\s+note|reply|response)\b",
                                re.IGNORECASE)
_MADE_THEN = re.compile(r"\b(?:made|placed|created|inserted|put\s+in|sited)\b", re.IGNORECASE)
_PROCEDURE_HEADING = re.compile(r"[ \t#*=-]*procedures?\b", re.IGNORECASE)
_PROCEDURE_HEADING_THEN_PLACE = re.compile(r"[ \t#*=-]*procedures?[ \t]*\([ \t]*(?:[01]?\d|2[0-3]):?[0-5]\d(?:[ \t]*(?:-|\u2013|to)[ \t]*"
                                           r"(?:[01]?\d|2[0-3]):?[0-5]\d)?[ \t]*(?:h|hrs)?\)[ \t]*[,:\u2013-][ \t]*", re.IGNORECASE)
# "Arrived on VA ECMO via ECMO retrieval team": the team brought the patient, it did not write the note
_CAME_WITH = re.compile(r"\b(?:via|with|from)\s+(?:the\s+|an?\s+|our\s+)?(?:ecmo\s+|ecls\s+)?$", re.IGNORECASE)
RETRIEVAL_TEAM_WINDOW = 600  # (the team is named in the note's head)
_GENERIC_PLACE_WORDS = frozenset({"hospital", "hosp", "medical", "center", "centre", "health", "healthcare", "regional", "university",
                                  "memorial", "general", "community", "the", "of", "and", "st", "saint", "icu", "ccu", "cvicu",
                                  "micu", "sicu", "picu", "nicu", "cicu", "ed", "er", "unit", "system", "clinic", "dr", "campus",
                                  "children", "childrens", "heart", "institute", "infirmary", "county", "city", "district"})
_NOT_IN_INITIALS = frozenset({"the", "of", "and", "icu", "ccu", "cvicu", "micu", "sicu", "picu", "nicu", "cicu", "ed", "er", "unit", "dr"})
_TRAVEL_BEFORE = re.compile(r"\b(?:transferred|transfer|transported|transport|arrived|came|coming|flown|sent|accepted)\s+(?:here\s+)?(?:from|to)\s+(?:the\s+)?$", re.IGNORECASE)
_DATED_ENTRY = re.compile(r"(?m)^[ \t>*#+-]*\d{1,2}/\d{1,2}(?:/\d{2,4})?\b(?![/.]\d)")
# a table row opened by its date and a gap: "8/21  BDG, PA arterioplasty; central VA ECMO cannulation"
_DATE_LEAD = re.compile(r"[ \t>*#+-]*(?P<lead>\d{1,2}/\d{1,2}(?:/\d{2,4})?)[ \t]{2,}(?=\S)")
EVENT_DATE_WINDOW = 800
# a report about one event: an incident or safety report, a root-cause analysis, a case review
_EVENT_REPORT = re.compile(r"\b(?:root\s+cause|RCA\b|incident|safety\s+(?:event|report)|occurrence\s+report|event\s+report|"
                           r"case\s+review|morbidity|M\s*&\s*M\b)", re.IGNORECASE)
_EVENT_DATE = re.compile(r"(?im)^[^\n]{0,60}?\b(?:(?:event|incident|occurrence)\s+date|date\s+of\s+(?:the\s+)?(?:event|incident|occurrence))"
                         r"\s*[:#=-]?\s*(?P<date>\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b")
LATE_ENTRY_WINDOW = 1500
_LATE_ENTRY_WORD = re.compile(r"\b(?:addendum|late\s+entry)\b", re.IGNORECASE)
# "LATE ENTRY for 10/14/2025", "ADDENDUM to ICU progress note of 03/14/2026", "addendum entered to
# 01/08/2026 brief op note" (a full date, or a day followed by its note: "addendum: pressure support
# decreased to 10/5" dates nothing)
_LATE_ENTRY = re.compile(r"\b(?:late\s+entry\s+(?:for|of|re:?)|(?:addendum|late\s+entry)\b[^\n]{0,60}?\b(?:note|entry|record)\s+"
                         r"(?:of|for|dated)|addendum\s+(?:entered\s+)?(?:to|for)(?:\s+the)?)\s+"
                         r"(?P<date>\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b"
                         # "addendum to 07/12 progress note": a day without its year, named with its note
                         r"|\baddendum\s+(?:entered\s+)?(?:to|for)(?:\s+the)?\s+(?P<day>\d{1,2}/\d{1,2})"
                         r"(?=(?:\s+[a-z]+){0,2}\s+(?:note|entry)\b)", re.IGNORECASE)
# "- PROCEDURE TODAY 02/11/2026 07:40, MICU bedside, performed by me ...": a list item that opens
# with the name of an entry and its time
_ENTRY_LABEL = re.compile(r"[ \t>*#+-]*(?:(?:bedside\s+)?(?:procedure|proc|event(?:\s+note)?|addendum|late\s+entry|intervention)|bedside)"
                          r"[ \t]*[:-]?[ \t]*", re.IGNORECASE)
_EMPTY_FIRST_CELL = re.compile(r"[ \t]*\|[ \t]*\|")
_RELATIVE_DAY = re.compile(r"\b(?:yesterday|last\s+night|day|HD|POD|DOL)\b", re.IGNORECASE)

# (only the date a title's insertion word would claim: not "(transcribed 07/23/2025 08:40)")
_TITLE_NAMES_INSERTION = re.compile(r"\b(?:cannulation|cannulated|insertion|inserted|placement|placed|initiation|"
                                    r"initiated|implant\w*)\W{0,3}$", re.IGNORECASE)
_PLUPERFECT = re.compile(r"had\s", re.IGNORECASE)
_BEFORE_WORD = re.compile(r"previously|formerly|before|prior", re.IGNORECASE)
A_PLACE_AFTER = re.compile(r"\s+(?:(?:directed|pointed|pointing|aimed|aiming|sitting|lying|located|seated|oriented|angled|facing)\s+)?"
                            r"(?:(?:high|low|deep|just|too|more|further|far)\s+)?(?:at|in|into|over|near|within|abutting|against|below|"
                            r"above|beyond|across|toward|towards)\b|\s+~?\d", re.IGNORECASE)
# ("(previously high in RA)", "(previously 24 cm)", "(previously directed at the RV free wall)")
_NOTE_TITLE = re.compile(r"\b(?:note|report|summary|record|consult(?:ation)?|H&P|addendum)\b", re.IGNORECASE)
_FULL_DATE = re.compile(
    r"\b\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})\b(?!/)|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b"
    r"|\b\d{1,2}-(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*-\d{2,4}\b",
    re.IGNORECASE)
