"""The shape of a note: its sections, what kind of document it is, and which lines only claim.

- Kind: a procedure or operative note (or an event note, a report of a bedside procedure)
  documents what was done; a progress note, summary, H&P or consult mostly reports other
  days, so there an act counts only when something anchors it to the date of service.
- Claims: the title, a "Procedure:" line, a charge or CPT line and check-boxes say what the
  note is about; the narrative says what was done. A claim stands unless the narrative
  denies it ("the cannula was NOT repositioned", "procedure aborted").
- Check-boxes: "[x] Open" claims; anything in an unchecked item ("[ ] Central
  (sternotomy/thoracotomy)") is not said at all.

The words are data: `document` in `patterns/lexicon.json`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .matching import LiteralGate, compile_rule
from .sections import NUMBERED_ITEM, UNKNOWN, Header, SectionFinder, SectionMap

# "RETROSPECTIVE AUTHORIZATION REQUEST (post-service)": asked for a procedure already done
_AFTER_THE_SERVICE = re.compile(r"\b(?:retro(?:spective|active)?|post-?service|after\s+the\s+fact)\b", re.IGNORECASE)
PROCEDURE, NARRATIVE, PLANNING, IMAGING, QUERY = "procedure", "narrative", "planning", "imaging", "query"
# the status field of an order row: "... reposition ECMO cannula   Status: Cancelled", "...,Urgent,Cancelled,2026-01-30 08:55"
_STATUS_LABEL = re.compile(r"(?i)(?:\bstatus[ \t]*[:=][ \t]*|,)$")
_STATUS_END = re.compile(r"[ \t]*(?:,|\n|$)")
_EXAM_LABEL = re.compile(r"[ \t]*(?:exam(?:ination)?|study|imaging|procedure|exam\s+performed)[ \t]*:", re.IGNORECASE)


def _order_status(text: str, found: re.Match) -> bool:
    """Whether a 'cancelled' is the status field of an order row."""
    return bool(_STATUS_LABEL.search(text, max(0, found.start() - 10), found.start())) and \
        bool(_STATUS_END.match(text, found.end()))


@dataclass
class Layout:
    """Sections, document kind, claim lines and check-box items of one note."""

    text: str
    sections: SectionMap
    kind: Optional[str] = None
    kind_cue: Optional[str] = None
    guided_during_study: Optional[re.Pattern] = None  # "under fluoroscopic guidance": a report of a maneuver
    claim_lines: list[tuple[int, int]] = field(default_factory=list)
    code_lines: list[tuple[int, int]] = field(default_factory=list)  # lines that carry a CPT number
    checked: list[tuple[int, int]] = field(default_factory=list)
    unchecked: list[tuple[int, int]] = field(default_factory=list)
    not_done: list[tuple[int, int, str]] = field(default_factory=list)
    corrections: Optional[list[tuple[int, int]]] = None  # where the note says it corrects (findings fills it)
    one_sentence: frozenset[str] = frozenset()
    background: frozenset[str] = frozenset()  # sections that a one-sentence label below them ends
    # A bundle of notes ("--- ... ---" between them): (start, kind, cue) of each part whose own
    # title names its kind; the others are of the document's kind.
    parts: list[tuple[int, Optional[str], Optional[str]]] = field(default_factory=list)
    note_starts: list[int] = field(default_factory=list)  # the parts that are notes of their own (titled or marked)
    paragraph_starts: Optional[list[int]] = field(default=None, repr=False)  # (paragraph_at fills it)

    def part_of(self, offset: int) -> Optional[int]:
        """Which part of a bundle of notes an offset is in (0 before the first separator);
        None for a document that is no bundle."""
        if not self.parts:
            return None
        return bisect_right(self.parts, offset, key=_part_start)

    def kind_at(self, offset: int) -> tuple[Optional[str], Optional[str]]:
        """The kind of the document part an offset is in, and the words that said so."""
        index = bisect_right(self.parts, offset, key=_part_start) - 1
        if index >= 0:
            return self.parts[index][1], self.parts[index][2]
        return self.kind, self.kind_cue

    def note_start(self, offset: int) -> int:
        """Where the note of a bundle holding an offset starts (0 outside such notes)."""
        index = bisect_right(self.note_starts, offset) - 1
        return self.note_starts[index] if index >= 0 else 0

    def note_end(self, offset: int) -> int:
        """Where the note of a bundle holding an offset ends (the text's end after the last)."""
        index = bisect_right(self.note_starts, offset)
        return self.note_starts[index] if index < len(self.note_starts) else len(self.text)

    def section_at(self, offset: int) -> Optional[str]:
        """The category of the section an offset is in. A one-line label such as 'Consent: by
        phone.' covers its own sentence: the rest of its line is the section around it, and so are the
        lines below, unless that section is background (history, plan...): they belong to none. (The
        sections of one note in a bundle end where the next note starts.)"""
        index = bisect_right(self.sections._starts, offset) - 1
        note_start = self.note_start(offset)
        item = False
        while index >= 0 and self.sections.headers[index].start >= note_start:
            header = self.sections.headers[index]
            if header.category == UNKNOWN and index > 0 and _LIST_ITEM.match(self.text, header.start):
                index -= 1  # "Recommendations:\n1. Reposition cannulae ...:": an item of the section above
                item = True
                continue
            if header.category not in self.one_sentence or offset < _first_sentence_end(self.text, header):
                return header.category
            if item:
                return None  # "Consent: spouse by phone.\n1. Trach - ...\n2. Cannula - ...": a list of its own
            line_end = self.text.find("\n", header.start)
            index -= 1
            if 0 <= line_end < offset and index >= 0 and self.sections.headers[index].category in self.background:
                return None  # "Background: ...\nConsent: mother, consented.\nNeck incision re-opened ...": not the background
        return None

    def on_code_line(self, offset: int) -> bool:
        return _inside(self.code_lines, offset)

    def is_claim(self, offset: int) -> bool:
        return _inside(self.claim_lines, offset) or _inside(self.checked, offset)

    def is_unchecked(self, offset: int) -> bool:
        return _inside(self.unchecked, offset)

    def paragraph_at(self, offset: int) -> int:
        """Where the paragraph holding the offset starts: after the blank line above it, or at
        the numbered item it is in ("1. Bilateral lung transplant ... 2. Repositioning of the
        ... cannula": each item is a procedure of its own); 0 before any."""
        if self.paragraph_starts is None:  # (found once per note, when first asked)
            self.paragraph_starts = sorted({0, *(m.end() for m in BLANK_LINE.finditer(self.text)),
                                            *(m.start() for m in NUMBERED_ITEM.finditer(self.text))})
        starts = self.paragraph_starts
        return starts[bisect_right(starts, offset) - 1]

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        """The start and end of the paragraph holding the offset."""
        start = self.paragraph_at(offset)
        starts = self.paragraph_starts or []
        index = bisect_right(starts, offset)
        return start, starts[index] if index < len(starts) else len(self.text)

    def is_numbered_item(self, offset: int) -> bool:
        """A numbered item of a list starts at the offset ("2. Repositioning of ...", "(3) ...")."""
        return bool(NUMBERED_ITEM.match(self.text, offset))

    def line_at(self, offset: int) -> tuple[int, int]:
        """The start and end of the line holding the offset."""
        end = self.text.find("\n", offset)
        return self.text.rfind("\n", 0, offset) + 1, len(self.text) if end < 0 else end

    def on_a_blank_form_line(self, offset: int) -> bool:
        """The offset is on a line of check-boxes none of which is ticked ("ECMO mode: [ ] VV
        [ ] VA (left blank)"): its label and options state nothing."""
        start, end = self.line_at(offset)
        return any(start <= a < end for a, _ in self.unchecked) and not any(start <= a < end for a, _ in self.checked)

    def is_checked(self, offset: int) -> bool:
        return _inside(self.checked, offset)

    def ticks(self, offset: int) -> bool:
        """The words at the offset are what a ticked box says ("(x) Percutaneous", "[x] Bedside"),
        not a word at the end of a ticked item ("[x] Emergency clamps and hand crank at bedside")."""
        index = bisect_right(self.checked, (offset, len(self.text) + 1)) - 1
        if index < 0 or not self.checked[index][0] <= offset < self.checked[index][1]:
            return False
        return len(_WORD.findall(self.text[self.checked[index][0]:offset])) <= 2

    def enclosing_headers(self, offset: int) -> list[Header]:
        """The headers above an offset, innermost first, up to the nearest ALL-CAPS or
        top-of-note header (a 'Label:' inside an 'EVENT NOTE - ...' block is a sub-header)."""
        found: list[Header] = []
        index = bisect_right(self.sections._starts, offset) - 1
        note_start = self.note_start(offset)
        while index >= 0 and self.sections.headers[index].start >= note_start:
            header = self.sections.headers[index]
            found.append(header)
            if header.caps:
                break
            index -= 1
        return found


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*\u2022]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+")


def _part_start(part: tuple[int, Optional[str], Optional[str]]) -> int:
    return part[0]  # (a part's kind may be None: parts are ordered by where they start only)


def _first_sentence_end(text: str, header: Header) -> int:
    stop = re.compile(r"[.;](?:\s|$)").search(text, header.words_end, header.end)
    return stop.end() if stop else header.end + 1


def _inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    index = bisect_right(ranges, (offset, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= offset < ranges[index][1]


# A bundle part's title: its first line, and its "Document Type: ..." lines among the first.
# (not a line that goes on with a sentence: "  12  cut. RIJ return cannula pulled back ..." on a new page)
_FIRST_LINE = re.compile(r"(?<![^\n])[ \t]*(?!(?:\d{1,4}[ \t]+)?[a-z])[^\s=*_-][^\n]*")
_EMBEDDED_TITLE = re.compile(r"(?m)^[ \t>*#-]*(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]+)?(?:(?:[01]?\d|2[0-3]):?[0-5]\d[ \t]+)"
                             r"(?:PROCEDURE|OPERATIVE|OP|EVENT)[ \t]+NOTE\b[ \t]*[:-]?[ \t]*(?P<names>[^\n]{5,120})$")
_TITLE_LINE = re.compile(r"(?im)^[ \t]*(?:(?:document|note)\s+(?:type|title)|title)\s*:[^\n]*")


class LayoutReader:
    """Reads a note's layout with the section rules and the `document` lexicon."""

    def __init__(self, finder: SectionFinder, words: dict, background: Iterable[str] = ()) -> None:
        self.finder = finder
        self.background = frozenset(background)
        flags = re.IGNORECASE | re.MULTILINE
        self.procedure_kind = compile_rule(words["procedure_kind"], flags)
        self.narrative_kind = compile_rule(words["narrative_kind"], flags)
        self.request_kind = compile_rule(words["request_kind"], flags)
        self.planning_kind = compile_rule(words["planning_kind"], flags)
        self.procedure_record_title = compile_rule(words["procedure_record_title"], flags)
        # "ECLS team note - cannula repositioning": a note titled by the act is that act's record
        self.act_title = compile_rule(words["act_title"], re.IGNORECASE)
        self.imaging_kind = compile_rule(words["imaging_kind"], flags | re.MULTILINE)
        self.query_kind = compile_rule(words["query_kind"], flags)
        self.guided_during_study = compile_rule(words["guided_during_study"], flags)
        self.title_lines = int(words.get("title_lines", 8))
        self.claim_line = compile_rule(words["claim_line"], flags)
        self.not_done = compile_rule(words["not_done"], flags)
        # (whole-note searches: most notes hold no billing line and no 'aborted')
        self.claim_line_gate, self.not_done_gate = LiteralGate(self.claim_line), LiteralGate(self.not_done)
        self.checked_box = compile_rule(words["checked_box"])
        self.unchecked_box = compile_rule(words["unchecked_box"])
        self.claim_categories = frozenset(words.get("claim_sections", ["procedure"]))
        self.study_title = compile_rule(words["study_title"])
        self.query_response = compile_rule(words["query_response"])
        self.one_sentence = frozenset(words.get("one_sentence_labels", []))
        self.narrating = compile_rule(words["narrating"], flags)
        self.part_marker = compile_rule(words["part_marker"])  # "[Document B] CTICU PROGRESS NOTE | ..."

    def __call__(self, text: str) -> Layout:
        headers = self.finder.headers(text)
        layout = Layout(text, SectionMap(headers), one_sentence=self.one_sentence, background=self.background)
        layout.kind, layout.kind_cue = self._kind(text)
        starts = []
        for separator in _PART_SEPARATOR.finditer(text):
            start = separator.end()
            above = text.rfind("\n", 0, max(separator.start() - 1, 0)) + 1
            title = text[above:separator.start()].strip()
            # (a title boxed between two rules may be a long header row: "[2] 11-Mar-2026 03:50 |
            # PROCEDURE NOTE: VV ECMO CANNULATION | MICU bedside | [NAME], MD (ECMO attending)")
            longest = 200 if self._boxed(text, above) else 100
            if separator.start() > 0 and title and len(title) <= longest and title[-1] not in ".;:," \
                    and self._stands_alone(text, above):
                start = above  # an underline: the part starts with the title above it
            if start not in starts:
                starts.append(start)
        act_titles: set[int] = set()
        if layout.kind == PLANNING:
            # "CONSENT FOR PROCEDURE ... \n\nPROCEDURE NOTE - 11/17/2025 11:15": a form filled in before
            # the procedure, then the procedure's own record under its title
            for title in _CAPS_TITLE.finditer(text):
                words = title.group("words").strip()
                # (by the title's own words, not by the form's headings: "WHAT HAPPENS DURING THE
                # PROCEDURE" in a consent is none; "PRE-PROCEDURE NOTE" is planning)
                if title.start() > 0 and title.start() not in starts and self._stands_alone(text, title.start()) \
                        and (self.procedure_record_title.search(words) or self.act_title.search("- " + words)):
                    starts.append(title.start())
                    act_titles.add(title.start())
            starts.sort()
        marked = [m.start() for m in self.part_marker.finditer(text)]
        if len(marked) >= 2:  # a marker line opens each part: the first part starts at its own
            starts = sorted(set(starts) | {m for m in marked if m > 0})
        for start in starts:
            part = text[start:start + 1200]
            kind, cue = self._kind(part)
            if kind is None and start in act_titles:  # ("ECMO CANNULA REPOSITIONING   Date: 08/14/2025")
                kind = PROCEDURE
            another_authors = kind is None and bool(_NOTE_HEADER.match(part))
            if kind is not None or start in marked or another_authors:
                layout.note_starts.append(start)
            if another_authors:  # another author's note: not part of the report before it
                kind, cue = (PROCEDURE, None) if layout.kind in (IMAGING, QUERY) else (layout.kind, layout.kind_cue)
            layout.parts.append((start, kind or layout.kind, cue if kind else layout.kind_cue))
        if layout.kind == QUERY and not layout.parts:
            # "RESPONSE - [NAME] MD, 01/09 (addendum entered to the 01/08 note): ADDENDUM: ... the
            # incision was re-opened ...": the physician's answer documents, the query only asks
            response = self.query_response.search(text)
            if response is not None and response.start() > 0:
                layout.parts = [(0, QUERY, layout.kind_cue), (response.start(), PROCEDURE, None)]
                layout.note_starts.append(response.start())
        layout.guided_during_study = self.guided_during_study
        layout.code_lines, whole_code_lines = self._code_lines(text)
        layout.claim_lines = self._claim_lines(text, headers, [start for start, _, _ in layout.parts], whole_code_lines)
        layout.checked, layout.unchecked = self._boxes(text)
        if self.not_done_gate.open(text):
            # (an order's status - "Status: Cancelled", a CSV cell ",Cancelled," - is that order's, not the note's)
            # (nor an option of an unchecked box: "Status: [x] Completed [ ] Aborted")
            layout.not_done = [(m.start(), m.end(), m.group()) for m in self.not_done.finditer(text)
                               if not _order_status(text, m) and not layout.is_unchecked(m.start())]
        return layout

    @staticmethod
    def _line_above(text: str, line_start: int) -> Optional[str]:
        """The line above the one starting at `line_start` (None for the first line)."""
        if line_start == 0:
            return None
        return text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]

    def _boxed(self, text: str, line_start: int) -> bool:
        """The line at `line_start` has a rule right above it."""
        line = self._line_above(text, line_start)
        return line is not None and bool(_PART_SEPARATOR.fullmatch(line))

    def _stands_alone(self, text: str, line_start: int) -> bool:
        """A title stands alone: the line above it is blank, a rule, or there is none (the last
        row of a form block - "Time-out:  (x) Performed 17:20" - over a rule ends that block)."""
        line = self._line_above(text, line_start)
        return line is None or not line.strip() or bool(_PART_SEPARATOR.fullmatch(line))

    def _kind(self, text: str) -> tuple[Optional[str], Optional[str]]:
        """From the first lines that name a kind of document: procedure beats narrative
        ("PROGRESS NOTE AND PROCEDURE")."""
        lines = [line for line in text.split("\n", self.title_lines + 4)[: self.title_lines + 4] if line.strip()]
        imaging_cue: Optional[str] = None
        for number, line in enumerate(lines[: self.title_lines]):
            if len(line.strip()) > 100:
                continue  # a paragraph, not a title
            # (a payer's authorization request asks for the procedure, one title line down as well:
            # "UTILIZATION MANAGEMENT / INPATIENT PROCEDURE NOTIFICATION / AUTHORIZATION REQUEST")
            planning = self.planning_kind.search(line) if number == 0 else None
            if not planning and number < 2 and not _AFTER_THE_SERVICE.search(line):
                planning = self.request_kind.search(line)
            if planning and not self.procedure_record_title.search(line):
                # a checklist, consent or booking (by its title) says what is to be done; one
                # whose title also names the procedure's record ("CHECKLIST + EVENT NOTE") records it
                return PLANNING, planning.group()
            query = self.query_kind.search(line) if number < 2 else None
            if query:  # a documentation query asks about a procedure of another day's note
                return QUERY, query.group()
            imaging = self.imaging_kind.search(line) if number == 0 or _EXAM_LABEL.match(line) else None
            if imaging:  # "EXAM: XR CHEST 1 VIEW": an imaging report describes, unless a procedure line follows
                imaging_cue = imaging_cue or imaging.group().strip()
                continue
            procedure = self.procedure_kind.search(line) or (self.act_title.search(line.strip()) if number == 0 else None)
            if procedure and procedure.group().lower() == "addendum" and _ADDED_TO.match(line, procedure.end()):
                narrative = self.narrative_kind.search(line, procedure.end())
                if narrative and not self.procedure_kind.search(line, procedure.end()):
                    # "ATTESTATION / ADDENDUM TO RESIDENT PROGRESS NOTE": of the note it is added to
                    return NARRATIVE, narrative.group()
            if procedure:
                return PROCEDURE, procedure.group()
            narrative = self.narrative_kind.search(line) if imaging_cue is None else None
            if narrative:
                return NARRATIVE, narrative.group()
        return (IMAGING, imaging_cue) if imaging_cue else (None, None)

    def _claim_lines(self, text: str, headers: list[Header], part_starts: Iterable[int] = (),
                     code_lines: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        lines: list[tuple[int, int]] = []
        first = re.search(r"\S[^\n]*", text)
        if first and (not headers or headers[0].start >= first.start()) and len(first.group()) <= 120:
            lines.append((first.start(), first.end()))  # the title
        for start in part_starts:  # each part of a bundle has its own title
            window = min(len(text), start + 400)
            first = _FIRST_LINE.search(text, start, window)
            titles = ([first] if first else []) + list(_TITLE_LINE.finditer(text, start, window))
            lines.extend((t.start(), t.end()) for t in titles if len(t.group()) <= 120)
        next_starts = [h.start for h in headers[1:]] + [len(text)]
        for header, next_start in zip(headers, next_starts):
            if header.category in self.claim_categories and self._names_only(text[header.words_end:header.end]):
                lines.append((header.start, header.end))
                if not text[header.words_end:header.end].strip():
                    # "PROCEDURES PERFORMED:" over a list: the list items are its claim
                    blank = BLANK_LINE.search(text, header.end + 1, next_start)
                    end = blank.start() if blank else next_start
                    listed = text[header.end:end]
                    if listed.strip() and len(listed) <= 600 and self._names_only(listed):
                        lines.append((header.end, end))
        for match in _EMBEDDED_TITLE.finditer(text) if "NOTE" in text else ():
            # "10/02 1130  PROCEDURE NOTE  Bedside ECMO cannula repositioning - peripheral": a log
            # line that opens a note of its own names it, as a title does
            if self._names_only(match.group("names")):
                lines.append(match.span("names"))
        for match in self.study_title.finditer(text, 0, _TOP_OF_NOTE):
            # "Exam: Limited TTE - ECMO cannula position check / repositioning" atop a report
            # names the study asked for, as a title does
            if self._names_only(match.group("names")):
                lines.append(match.span())
        return _merge(lines + list(code_lines))

    def _code_lines(self, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The lines that carry a CPT number ("33958 ECMO cannula repositioning", "Charge: 33964"):
        of a long line (a note on one line) only the code's own sentence; and the whole lines."""
        narrow, whole = [], []
        for match in self.claim_line.finditer(text) if self.claim_line_gate.open(text) else ():
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            end = len(text) if end < 0 else end
            whole.append((start, end))
            if end - start > _LONG_LINE:
                start = max(start, max(text.rfind(mark, start, match.start()) for mark in ".;") + 1)
                stop = text.find(".", match.end(), end)
                end = end if stop < 0 else stop
            narrow.append((start, end))
        return _merge(narrow), whole

    def _names_only(self, content: str) -> bool:
        """A 'Procedure:' line names the procedure ("Re-exploration of the right neck with
        repositioning of the venous cannula"); one that tells it ("the incision was re-opened
        and ...") is narrative."""
        return not self.narrating.search(content)

    def _boxes(self, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Check-box items: each runs from its box to the next box on the line or the line's end;
        the rows of a Yes/No checklist table; 'Label ..... Y' / 'Label: No' rows."""
        checked: list[tuple[int, int]] = []
        unchecked: list[tuple[int, int]] = []
        _checklist_rows(text, checked, unchecked)
        if "{" in text:  # an EHR pick-list left unchosen: {ECMO approach:304511::"percutaneous","open"}
            unchecked.extend((m.start(), m.end()) for m in _UNCHOSEN_LIST.finditer(text))
        marks = sorted([(m.start(), m.end(), True) for m in self.checked_box.finditer(text)]
                       + [(m.start(), m.end(), False) for m in self.unchecked_box.finditer(text)])
        rows: dict[int, list[tuple[int, int, bool]]] = {}  # line start -> the boxes on that line, in order
        for mark in marks:
            rows.setdefault(text.rfind("\n", 0, mark[0]) + 1, []).append(mark)
        answered = self._yes_no_rows(text, rows, checked, unchecked)
        labels_first = {line_start for line_start, row in rows.items() if _labels_first(text, row, line_start)}
        for i, (start, mark_end, ticked) in enumerate(marks):
            if start in answered:
                continue
            line_start = text.rfind("\n", 0, start) + 1
            if line_start in labels_first:
                # "Central (sternotomy/thoracotomy) .. [ ]", "Fluoroscopy [ ]   TEE [X]": each box
                # answers for the words before it
                before = max((end for begin, end, _ in rows[line_start] if begin < start), default=line_start)
                (checked if ticked else unchecked).append((before, mark_end))
                continue
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            end = min(marks[i + 1][0], line_end) if i + 1 < len(marks) else line_end
            stop = _ITEM_END.search(text, mark_end, end)  # "[ ] Open. Narrative: ..." - the item ends
            end = stop.start() if stop else end
            (checked if ticked else unchecked).append((start, end))
        return sorted(checked), sorted(unchecked)

    @staticmethod
    def _yes_no_rows(text: str, rows: dict[int, list[tuple[int, int, bool]]], checked: list[tuple[int, int]],
                     unchecked: list[tuple[int, int]]) -> set[int]:
        """'Cannula repositioning ......... [ ] Yes   [x] No': the row's label is the item, ticked
        by its Yes box. Returns the starts of the boxes so read."""
        answered: set[int] = set()
        for line_start, row in rows.items():
            words = [_ANSWER.match(text, end) for _, end, _ in row]
            if len(row) != 2 or not all(words) or {w.group(1).lower()[:1] for w in words} != {"y", "n"}:
                continue
            label = (line_start, row[0][0])
            if not _WORD_CHARS.search(text, *label):
                continue
            said_yes = any(ticked and word.group(1).lower().startswith("y") for (_, _, ticked), word in zip(row, words))
            (checked if said_yes else unchecked).append(label)
            answered.update(start for start, _, _ in row)
        return answered


def _labels_first(text: str, row: list[tuple[int, int, bool]], line_start: int) -> bool:
    """A line whose boxes (`row`) follow their labels: words before its first box, none after its last."""
    line_end = text.find("\n", row[-1][1])
    return not text[row[-1][1]:len(text) if line_end < 0 else line_end].strip() and \
        bool(_WORD_CHARS.search(text, line_start, row[0][0]))


# A line that separates the notes of a bundle: "-----", "=====", "*** *** ***"
_WORD = re.compile(r"[A-Za-z]+")
BLANK_LINE = re.compile(r"\n[ \t]*\n")  # (a paragraph ends at a line holding only spaces)
_LONG_LINE = 200  # characters: longer is a paragraph on one line, not a row
_TOP_OF_NOTE = 600  # characters: where a report's own header block ends
_ADDED_TO = re.compile(r"\s+(?:to|for)\b", re.IGNORECASE)
# a title line in capitals ("PROCEDURE NOTE - 11/17/2025 11:15", "BRIEF OP NOTE", "ECMO CANNULA RE-POSITIONING   Date: ...")
_CAPS_TITLE = re.compile(r"(?m)^[ \t]*(?P<words>[A-Z][A-Z0-9 /&+()'-]{3,60}?)"
                         r"(?:[ \t]+[-\u2013|][ \t]+[^\n]{0,40}|[ \t]*:[ \t]*[^\n]{0,40}|[ \t]{2,}[^\n]{0,40})?[ \t]*$")
_PART_SEPARATOR = re.compile(r"(?m)^[ \t]*(?:[-=_*~#][ \t]*){3,}$\n?")
# The first line of another author's note in a bundle: "Pediatric Surgery note 04/22/2026 09:30 (H. Oduya, MD)"
_NOTE_HEADER = re.compile(r"\s*[^\n]{0,80}?(?:\bnote\b|\baddendum\b|\b(?:MD|DO|RN|NP|PA-?C?|CCP|RRT|APRN)\b)[^\n]*"
                          r"(?:\d{1,2}[/.-]\d{1,2}|\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b)", re.IGNORECASE)
# (an EHR pick-list left unchosen: {ECMO approach:304511::"percutaneous","open"}, {Approach:percutaneous/open
# cutdown}, {advanced/withdrawn/rotated})
_UNCHOSEN_LIST = re.compile(r"\{[^{}\n]{1,80}:\d*(?:::[^{}\n]*)?\}|\{(?:[^{}/:\n]{1,40}:)?[^{}/:\n]{1,40}(?:/[^{}/:\n]{1,40})+\}")
_WORD_CHARS = re.compile(r"[A-Za-z]{2}")
_ANSWER = re.compile(r"[ \t]*(yes|no|y|n)\b", re.IGNORECASE)
_ITEM_END = re.compile(r"[.;](?:\s|$)|\s[A-Z][A-Za-z ]{2,30}:")
_CELL_MARK = re.compile(r"^\s*(?:[xX\u2713\u2714*]|yes|y)\s*$", re.IGNORECASE)
_YES, _NO = {"yes", "y"}, {"no", "n"}
_TRAILING_MARK = re.compile(r"\s{2,}[xX\u2713\u2714*]\s*$")
_FLAG_ROW = re.compile(r"(?m)^[ \t]*(?P<label>[A-Za-z][^\n|:]{2,60}?)[ \t]*(?:[:.]{1,}[ \t]*|[ \t]{2,})"
                       r"(?P<flag>Y|N|Yes|No|YES|NO)[ \t]*$")


_BOX = r"(?:\[\s*[xX\u2713\u2714*]?\s*\]|\(\s*[xX\u2713\u2714*]?\s*\))"
_BOX_ANSWER = re.compile(rf"(?m)^[ \t]*(?P<label>[A-Za-z][^\n:]{{2,80}}?)[ \t]*:?[ \t]*(?P<first_box>{_BOX})[ \t]*"
                         rf"(?P<first>Yes|No|Y|N)\b[ \t]*(?P<second_box>{_BOX})[ \t]*(?P<second>Yes|No|Y|N)\b", re.IGNORECASE)


def _checklist_rows(text: str, checked: list[tuple[int, int]], unchecked: list[tuple[int, int]]) -> None:
    """'Sternotomy / thoracotomy | | X |' under a '| Yes | No |' header is a No; 'Fluoroscopy
    used ..... Y' is a Yes. The row's label is the item."""
    columns: Optional[tuple[int, int]] = None
    two_columns = False  # "Approach          Y | N" over " Open (cutdown)   X |" and " Sternotomy   | X"
    title = (0, 0)
    position = 0
    for line in text.split("\n") if "|" in text else ():  # (a note without a table has no rows)
        cells = line.split("|")
        if len(cells) == 2:
            head = cells[0].split()
            if len(head) > 1 and head[-1].lower() in _YES and cells[1].strip().lower() in _NO:
                # (a row without a label answers for the header's own: "Fluoroscopy   Y | N" over "   | X")
                title = (position, position + cells[0].rstrip().rfind(" "))
                two_columns, position = True, position + len(line) + 1
                continue
            if two_columns and (head or cells[1].strip()):
                mark = _TRAILING_MARK.search(cells[0]) if head else None
                label = (position, position + (mark.start() if mark else len(cells[0].rstrip()))) if head else title
                if mark and not cells[1].strip():
                    checked.append(label)
                elif _CELL_MARK.match(cells[1]) and cells[1].strip() and not mark:
                    unchecked.append(label)
                position += len(line) + 1
                continue
        two_columns = two_columns and len(cells) == 2  # (only an empty "   |   " row keeps the grid going)
        if len(cells) >= 3:
            names = [c.strip().lower() for c in cells]
            if any(n in _YES for n in names) and any(n in _NO for n in names):
                columns = (next(i for i, n in enumerate(names) if n in _YES),
                           next(i for i, n in enumerate(names) if n in _NO))
            elif columns is not None and len(cells) > max(columns):
                label_end = position + len(cells[0])
                if _CELL_MARK.match(cells[columns[0]]) and cells[columns[0]].strip():
                    checked.append((position, label_end))
                else:  # a No, or no answer at all: the row says nothing was done
                    unchecked.append((position, label_end))
        elif line.strip() and not set(line.strip()) <= set("-+=|"):
            columns = None
        position += len(line) + 1
    for match in _FLAG_ROW.finditer(text):
        (checked if match.group("flag").lower() in _YES else unchecked).append((match.start(), match.end("label")))
    for match in _BOX_ANSWER.finditer(text):  # "Cannula repositioned today: [ ] Yes [X] No"
        first_ticked = match.group("first_box").strip("[]() ").strip() != ""
        answer = match.group("first") if first_ticked else match.group("second")
        (checked if answer.lower() in _YES else unchecked).append((match.start(), match.end("label")))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
