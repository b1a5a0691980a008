"""Turn matched age and date spans into the patient's age mentions.

The spans come from the regex TargetRules in `patterns/age_rules.json`; here we read the
number and unit out of each, drop ages that belong to someone else (a relative, a
gestational age) and flag shorthand that is ambiguous in paediatric notes ("6M").
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from datetime import date
from typing import Iterable, Optional

from dateutil import parser as date_parser
from spacy.tokens import Doc, Span

from ..model import AgeMention, Evidence
from . import tables
from .matching import clause_start, compile_rule, doc_text, open_aside
from .target_rule import metadata_of

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    # ordinals, for "her sixth birthday"
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
}
NUMBER = re.compile(r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)), re.I)
DATE_IN_SPAN = re.compile(
    r"\d{4}([/.-])\d{1,2}\1\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}(?:\s+|-)[A-Za-z]{3,9}\.?(?:\s+|-)\d{4}"
)
# 15/01/2026, 15.01.26, and with hyphens only before a four-digit year (17-08-1954; "2-3-4" is not a date)
_NUMERIC_DATE = compile_rule(r"(?<![\d/-])(?P<first>\d{1,2})(?P<sep>[/.]|-(?=\d{1,2}-\d{4}\b))(?P<second>\d{1,2})(?P=sep)"
                             r"(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/])")
_YEARLESS_DATE = compile_rule(r"\b(?:on|since|from|until|till|dated|by)\s+(\d{1,2})/(\d{1,2})\b(?![/\d])(?!\s*(?:to|-)\s*\d)"
                              r"(?<!24/7)", re.IGNORECASE)
_DAY_FIRST_HINT = compile_rule(r"\b(?:dd/mm/yy(?:yy)?|dd\.mm\.yy(?:yy)?|dd-mm-yy(?:yy)?)\b", re.I)
_NOT_YET = re.compile(r"(?:almost|nearly)\b", re.IGNORECASE)
_AN_OPERATION = re.compile(r"(?:ectomy|otomy|ostomy|plasty|pexy|rrhaphy|repair|surgery|fracture|diagnosed|diagnosis|dx|onset|orif|fixation|t&a|appy|cabg|"
                           r"fontan|glenn|bdg|norwood|rastelli|switch|unifocali[sz]ation|banding|shunt|ross|konno),?$")
_NOT_AN_OPERATION = re.compile(r"(?:diagnosed|diagnosis|dx|onset),?$")
# a year or date before "(age 51)" makes it the age at that event ("remote MI 2009 (age 51)")
_A_DATE_WORD = re.compile(r"(?:19|20)\d{2}|\d{1,2}/(?:\d{1,2}/)?\d{2,4}|\d{4}-\d{2}(?:-\d{2})?")
_BIRTH_WORDS = frozenset({"dob", "born", "birth", "d.o.b", "d.o.b.", "birthdate"})  # ("DOB: 03/2019 (age 6)": the age now)
# a verb, adverb or 'then' before "aged 5" makes it the age at that event, not the age now
_AN_EVENT_WORD = re.compile(r"(?!(?:currently|presently|now|still|elderly|nearly|newly)$)(?:[a-z]{2,}(?:ed|ly)|quit|then|when)")
_CHILDHOOD = frozenset({"child", "childhood", "infant", "infancy", "toddler", "baby", "teen", "teenager", "adolescent"})
# 20230815, also with the time HL7 writes after it (202308151430, 20230815143000)
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=\d{4}(?:\d{2})?(?!\d)|(?!\d))")


_A_SPELLED_DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
                             r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_ANOTHER_OBJECT = re.compile(r"[ \t]+(?!(?:with|by|at|against|on|from|it|this|that|the\s+(?:dob|date|birth)|dob|date|birth|before|pending|please)\b)[A-Za-z]", re.IGNORECASE)
_NEXT_FIELD = re.compile(r"\s{2,}[A-Za-z][\w ]{0,20}:|\|")


def _lines_after(text: str, offset: int, lines: int) -> int:
    """Where the `lines`-th line, counting the one holding `offset` as the first, ends."""
    end = offset - 1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _number(text: str) -> Optional[int]:
    """The first number in the text, digits or words ('forty-one' -> 41)."""
    match = NUMBER.search(text)
    if not match:
        return None
    if match.group().isdigit():
        return int(match.group())
    words = re.findall(r"[a-z]+", text.lower()[match.start():])
    total = 0
    for word in words:
        if word in NUMBER_WORDS:
            total += NUMBER_WORDS[word]
        elif word not in {"a", "and"}:
            break
    return total or None


def note_date_order(text: str, service_date: Optional[date] = None) -> Optional[bool]:
    """True when the note writes dates day first (a 15/01/2026 in it, or '(dd/mm/yyyy)'), False
    when month first (01/15/2026), None when it does not show. Failing those, the caller's date
    of service tells: 'Date: 05/09/2025' on a service date of 2025-09-05 is written day first."""
    if _DAY_FIRST_HINT.search(text):
        return True
    day_first = month_first = False
    read_day_first = read_month_first = False
    for match in _NUMERIC_DATE.finditer(text):
        first, second = int(match.group("first")), int(match.group("second"))
        day_first |= first > 12 >= second
        month_first |= second > 12 >= first
        if service_date is not None and first != second and len(match.group("year")) == 4 \
                and int(match.group("year")) == service_date.year:
            read_day_first |= (second, first) == (service_date.month, service_date.day)
            read_month_first |= (first, second) == (service_date.month, service_date.day)
    if day_first != month_first:
        return day_first
    if day_first and month_first:
        return None  # both orders written ("admit_dt 15/03/2026", "proc_date 03/20/2026"): each date's own is unknown
    if read_day_first != read_month_first:
        return read_day_first
    # "on 17/09 the venous cannula was repositioned": a yearless date after a preposition
    if any(int(m.group(1)) > 12 >= int(m.group(2)) for m in _YEARLESS_DATE.finditer(text)):
        return True
    return None


@lru_cache(maxsize=4096)  # dateutil is slow, and the same dates recur within and across notes
def parse_date(text: str, dayfirst: Optional[bool] = None) -> Optional[date]:
    """A date written in the note; month first when both readings are possible, unless the
    note shows that it writes the day first (`note_date_order`)."""
    compact = _COMPACT_DATE.search(text)  # HL7 style: 20230815
    if compact:
        try:
            return date(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
        except ValueError:
            return None
    match = DATE_IN_SPAN.search(text)
    if not match:
        return None
    raw = match.group()
    try:
        first = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-]", raw)
        dayfirst = bool(first and (int(first.group(1)) > 12 or (dayfirst and int(first.group(2)) <= 12)))
        parsed = date_parser.parse(raw, dayfirst=dayfirst, yearfirst=bool(re.match(r"\d{4}[/.-]", raw)))
    except (ValueError, OverflowError):
        return None
    if parsed.year < 100:  # two-digit years: dateutil already maps to 19xx/20xx
        return None
    return parsed.date()


def _other_reading(text: str, when: Optional[date], dayfirst: Optional[bool]) -> Optional[date]:
    """The day-first reading of a date read month first, when the note does not show its order."""
    if when is None or dayfirst is not None:
        return None
    other = parse_date(text, True)
    return other if other is not None and other != when else None


def _years(value: int, unit: str) -> int:
    return {"years": value, "months": value // 12, "weeks": value // 52, "days": value // 365,
            "hours": 0}.get(unit, value)


def _after_last_comma(words: list[str]) -> list[str]:
    """The words after the last comma or semicolon ("Post cardiac surgery, age 4": none)."""
    cut = max((i for i, w in enumerate(words) if w in (",", ";")), default=-1)
    return words[cut + 1:]


def _preceding(doc: Doc, span: Span, n: int) -> list[str]:
    start = max(span.sent.start if doc.has_annotation("SENT_START") else 0, span.start - n)
    return [t.lower_ for t in doc[start:span.start] if not t.is_space]


_YEARS_CELL = re.compile(r"(\d{1,3})(?:\s*(?:y|yo|yrs?|years?))?", re.I)
def table_ages(text: str, age_column: re.Pattern) -> list[tuple[int, int, int]]:
    """The ages in a table's age column: a header row ('encounter_date<TAB>patient_age<TAB>...',
    '| Age | Sex |', 'mrn,age,sex') and the rows under it, (years, start, end) for each age cell."""
    found: list[tuple[int, int, int]] = []
    for column in tables.columns(text, age_column):
        for a, b in column.cells:
            value = _YEARS_CELL.fullmatch(text, a, b)
            if value:
                found.append((int(value.group(1)), a, b))
    return found


def _following(doc: Doc, span: Span, n: int) -> list[str]:
    return [t.lower_ for t in doc[span.end:span.end + n] if not t.is_space]


class PatientAges:
    """The patient's age mentions among matched AGE / DOB / SERVICE_DATE spans: whose age each
    is (the patient's, a relative's, a baby's), which are no current age (gestational, 'at age
    5'), and which shorthand is ambiguous. The words come from `patterns/lexicon.json`."""

    def __init__(self, lexicon: dict) -> None:
        self.relatives = frozenset(lexicon["relatives"])
        self.possessed = frozenset(lexicon["possessed_relatives"])
        self.relative_qualifiers = frozenset(lexicon["relative_qualifiers"])
        self.comparison_words = frozenset(lexicon["comparison_words"])
        self.not_now = frozenset(lexicon["age_not_current"])
        self.things = frozenset(lexicon["age_of_things"])  # "Circuit age: 9 days" is the circuit's
        self.not_now_after = [tuple(phrase.split()) for phrase in lexicon["age_not_current_after"]]
        self.french_context = frozenset(lexicon["french_size_context"])
        self.excluded_sections = frozenset(lexicon["age_excluded_sections"])
        self.patient_words = frozenset(lexicon["patient_nouns"])
        # (a sentence that makes the patient a parent: "G4P4", "her", "mother of three", "postpartum")
        self.parents_words = re.compile(lexicon["parents_words"], re.I)
        self.possessives = frozenset(lexicon["possessives"])
        self.birth_order = frozenset(lexicon["birth_order_words"])
        self.possessive_markers = frozenset(lexicon["possessive_markers"])
        self.baby_words = frozenset(lexicon["baby_words"])
        self.phrase_stops = frozenset(lexicon["relative_phrase_stops"])
        self.born_to = compile_rule(lexicon["born_to"], re.I)
        self.paediatric_context = compile_rule(lexicon["paediatric_context"], re.I)
        self.age_column = compile_rule(lexicon["age_column"], re.I)
        self.dob_order_in_doubt = compile_rule(lexicon["dob_order_in_doubt"], re.I)
        self.dob_doubt_settled = compile_rule(lexicon["dob_doubt_settled"], re.I)
        self.birth_date_label = compile_rule(lexicon["birth_date_label"], re.I)
        self.marked_other = compile_rule(lexicon["other_person"]["marked_other"], re.I)

    def __call__(self, doc: Doc, spans: Iterable[Span], section_of, text: Optional[str] = None,
                 dayfirst: Optional[bool] = None, patient_twin: Optional[str] = None) -> list[AgeMention]:
        """`patient_twin`: the label of the twin the note is about ("Baby Boy [Twin-B]" -> "B")."""
        mentions: list[AgeMention] = []
        paediatric: Optional[bool] = None
        note_text = doc_text(doc) if text is None else text
        for span in spans:
            meta = metadata_of(span)
            section = section_of(span)
            evidence = Evidence("age", span.text, span.start_char, span.end_char, section)
            if span.label_ == "DOB":
                when = parse_date(span.text, dayfirst)
                doubted = bool(_NUMERIC_DATE.search(span.text)) and self._dob_in_doubt(note_text, span.end_char)
                mentions.append(AgeMention(None, "date", Evidence("dob", *_ev(span, section)), "dob",
                                           when, other_reading=_other_reading(span.text, when, dayfirst),
                                           order_in_doubt=doubted))
                continue
            if span.label_ == "SERVICE_DATE":
                when = parse_date(span.text, dayfirst)
                mentions.append(AgeMention(None, "date", Evidence("service_date", *_ev(span, section)), "dos",
                                           when, rank=int(meta.get("rank", 1)),
                                           other_reading=_other_reading(span.text, when, dayfirst)))
                continue
            if section in self.excluded_sections or self._someone_elses(doc, span, note_text, patient_twin):
                continue
            before = _preceding(doc, span, 6)
            if before and before[-1] in self.not_now or (len(before) > 1 and before[-2] in self.not_now | self.things
                                                         and before[-1] in {"age", "aged"}):
                continue
            if before and before[-1] in self.things and span.text[:3].lower() == "age":
                continue
            as_words = 2 if before[-2:] in (["as", "a"], ["as", "an"]) else 1 if before[-1:] == ["as"] else 0
            if as_words and (meta.get("unit") == "fixed" or any(
                    w in ("admitted", "admit", "admission", "presented", "transferred") for w in before[-6:-as_words])):
                continue  # "admitted as a 5-year-old", "admitted 02/27 as 5yo", "CLD as infant": the age then
            if [w for w in before[-2:] if w != "-"][-1:] in (["almost"], ["nearly"]) or _NOT_YET.match(span.text):
                continue  # "almost-six-year-old", "nearly 6", "almost-6-y/o" (one token with its number): not yet that age
            after = tuple(_following(doc, span, 3))
            if after and after[0] in self.things and span.text.lower().rstrip().endswith("old"):
                continue  # "re-opening of the 3-day-old sternotomy": the sternotomy's age
            following = _following(doc, span, 7)
            then = self._after_the_person(following)
            if any(then[:len(phrase)] == phrase and then[len(phrase):len(phrase) + 1] != ("of",) for phrase in self.not_now_after):
                continue  # "aged 5 at admission", "aged 5 at the time" (not "at the time of this procedure"): the age then
            person = self._person_words(following)
            if person and (tuple(following[person:person + 3]) in _THEN and following[person + 3:person + 4] != ["of"]
                           or tuple(following[person:person + 2]) in _THEN):
                continue  # "40 yo M at that time; presented w/ DKA" (not "45 yo woman on arrival was hypoxaemic")
            if span.text[:3].lower() == "age" and any(_AN_OPERATION.search(w) for w in _after_last_comma(before[-3:])):
                continue  # "appendectomy age 12", "hernia repair age 2", "ORIF left wrist age 19": the age then
            if span.text[:3].lower() == "age" and before[-1:] == ["("] and len(before) > 1 and _A_DATE_WORD.fullmatch(before[-2]) \
                    and not _BIRTH_WORDS & set(before[-5:-2]):
                continue  # "remote MI 2009 (age 51)", "Norwood 03/2019 (age 2 wk)": the age then
            if before and (span.text[:4].lower() == "aged" and _AN_EVENT_WORD.fullmatch(before[-1])
                           or span.text[:3].lower() == "age" and before[-1] in _AGE_AT_EVENT):
                continue  # "ex-smoker, quit aged 40", "quit age 50", "VSD closed surgically aged 5 (2020)", "(then aged 4)": the age then
                # (not "Calculated age: 6 y", "Emily   Age: 5 y", "Married   Age: 54": a label after a word)
            if span.text[:3].lower() == "age" and len(before) > 1 and before[-1] in ("'s", "\u2019s") \
                    and before[-2] not in self.patient_words and before[-2].isalpha():
                continue  # "(Hodgkin's age 22)": the age the disease began at
            if span.text.lower().rstrip().endswith("of age") and before[-1:] == ["("] and len(before) > 1 \
                    and _AN_OPERATION.search(before[-2]):
                continue  # "AVSD s/p repair (6 mo of age)": the age at the operation
            if span.text[:3].lower() == "age" and before[-1:] == ["("] and self._after_an_operation(note_text, span.start_char):
                continue  # "repaired\nAVSD (age 4 mo)", "s/p Norwood (age 6 days)": the age at the operation
            if span.text[:3].lower() == "age" and _CHILDHOOD & set(before[-3:]) and {"as", "in"} & set(before[-5:]):
                continue  # "Rastelli as a child (age 4)", "in childhood, age 3": the age then
            if meta.get("unit") == "fixed":
                mentions.append(AgeMention(int(meta["years"]), "fixed", evidence))
                continue
            value = _number(span.text)
            if value is None or _negative(note_text, span):
                continue
            unit = meta.get("unit", "years")
            ambiguous = False
            if meta.get("sex_suffix") or meta.get("sex_prefix"):
                around = before[-2:] + _following(doc, span, 2)
                if any(w in self.french_context for w in around):
                    continue  # "25F cannula" is a French size
            if meta.get("sex_suffix"):  # (not "M/7": with the sex first, the number is years)
                if 6 <= value <= 17:
                    ambiguous = True  # a child either way: "6M" is 6 years or 6 months old
                elif 18 <= value <= 23:
                    if paediatric is None:
                        paediatric = bool(self.paediatric_context.search(note_text))
                    ambiguous = paediatric
            if ambiguous:
                mentions.append(AgeMention(None, unit, evidence, ambiguous=True))
            else:
                mentions.append(AgeMention(max(0, _years(value, unit) + int(meta.get("offset", 0))), unit, evidence,
                                           birthday=bool(meta.get("birthday"))))
        if text is not None and ("\t" in text or "|" in text or "," in text):
            for years, start, end in table_ages(text, self.age_column):
                cell = doc.char_span(start, end, alignment_mode="expand")
                section = section_of(cell) if cell is not None else None
                mentions.append(AgeMention(years, "years", Evidence("age", text[start:end], start, end, section)))
        return self._without_the_babys_age(doc, mentions)

    @staticmethod
    def _after_an_operation(text: str, start: int) -> bool:
        """The words before '(' and an age, back to the clause's start (across a wrapped line), name
        an operation: "repaired\nAVSD (age 4 mo)"."""
        window = text[max(0, start - 60):start]
        window = window[max(window.rfind(c) for c in ".;,:") + 1:].rstrip()
        if not window.endswith("("):
            return False
        words = re.findall(r"[\w&/-]+", window.lower())[-2:]
        # (the operation is the word before "(", or a repaired lesion: "repaired AVSD"; not "new-onset
        # cardiogenic shock (age 12)" nor "newly diagnosed (age 34)")
        return bool(words) and (bool(_AN_OPERATION.search(words[-1])) and not _NOT_AN_OPERATION.search(words[-1])
                                or len(words) > 1 and words[0] in ("repaired", "corrected", "palliated"))

    def _dob_in_doubt(self, text: str, end: int) -> bool:
        """The date of birth's own line, or one of the next two that speaks of the birth date, asks to
        verify it ("DOB: 05/03/2020 -- ... registration asked to confirm", "Registration comment: DOB
        transcribed from international transfer documents - please verify")."""
        line_end = _lines_after(text, end, 1)
        window = text[end:line_end]
        own = window[:m.start()] if (m := _NEXT_FIELD.search(window)) else window  # (not "Wt: ... needs to be verified")
        # (on the next lines, only a sentence about the birth date: not "Date of birth and weight entered
        # by transport team. Cannula size to be confirmed with perfusion.")
        candidates = [own] + [sentence for line in text[line_end:_lines_after(text, line_end + 1, 2)].splitlines()
                              for sentence in re.split(r"(?<=[.;])\s+", line) if self.birth_date_label.search(sentence)]
        if any(self.dob_doubt_settled.search(c) or _A_SPELLED_DATE.search(c) for c in [window] + candidates[1:]):
            # ("confirmed with mother at bedside - correct as entered", "two identifiers (name and DOB)",
            # "asked to confirm DOB: states May 3rd, 2020")
            return False
        # (a request with another object is not about the date: "please verify anti-Xa target")
        return any(not _ANOTHER_OBJECT.match(c, cue.end()) for c in candidates for cue in self.dob_order_in_doubt.finditer(c))

    def _person_words(self, words: list[str]) -> int:
        """How many of the first two words name the person the age is of ("yo M", "year old woman")."""
        at = 0
        while at < min(2, len(words)) and words[at] in self.patient_words:
            at += 1
        return at

    def _after_the_person(self, words: list[str]) -> tuple[str, ...]:
        """The words after an age, or after the person it is of and an opening parenthesis
        ("boy (at admission)"; in "45 yo woman on arrival was hypoxaemic" the arrival is the verb's)."""
        at = self._person_words(words)
        if at and at < len(words) and words[at] == "(":
            return tuple(words[at + 1:])
        return tuple(words)

    def _someone_elses(self, doc: Doc, span: Span, text: str, patient_twin: Optional[str] = None) -> bool:
        """'her 3-year-old brother', 'mother (24)', 'born ... to a 27 yo G2P2', 'newborn son'."""
        before = _preceding(doc, span, 6)
        if patient_twin is not None:  # "Baby Boy [Twin-B], DOL 9" in Twin B's note names the patient
            before = _without_own_twin(before, patient_twin)
        if before and before[-1] in self.possessives:
            return True
        if len(before) >= 2 and before[-1] in _ANOTHER_ONE and (
                before[-2] in self.comparison_words or before[-2] in ("for", "with") and len(before) >= 3 and before[-3] == "as"):
            return True  # "same technique as for the 7-year-old we did in June", "unlike the 4 yo in bed 3"
        sentence_start = max(text.rfind("\n", 0, span.start_char) + 1,
                             span.sent.start_char if doc.has_annotation("SENT_START") else 0)
        if self.marked_other.search(text, clause_start(text, sentence_start, span.start_char), span.start_char):
            return True  # "Teaching case (not this patient): a 7-year-old whose aortic cannula kinked"
        if _MARKED_OTHER_AFTER.match(text, span.end_char):
            return True  # "compare with the 3 yo we had last month (different patient, R neck cannulation)"
        opening = open_aside(text, sentence_start, span.start_char)
        if opening >= 0:
            if self.marked_other.match(text, opening, span.start_char):
                return True  # "(FYI 7B - different pt, 14 yo post-Fontan - had his chest tube repositioned)"
            lead = re.findall(r"[a-z]+", text[max(sentence_start, opening - 40):opening].lower())
            if any(word in ("donor", "donors") for word in lead[-4:]):
                return True  # "Donor offer accepted 08/13 (DBD, 31 M, ideal size match)"
        if (_COMPARED_CASE.search(text, sentence_start, span.start_char) or _YEAR_CASE.search(text, sentence_start, span.start_char)
                or _DISCUSSED_CASE.search(text, sentence_start, span.start_char) and _AN_ARTICLE_BEFORE.search(text, max(0, span.start_char - 4), span.start_char)) \
                and not _THIS_PATIENT_BEFORE.search(text, max(0, span.start_char - 28), span.start_char):
            # "compare with the case discussed at the October M&M, a 41 yo M whose ...", "Contrast
            # with our 2022 case (9 yo) ...", "at the 2024 M&M we reviewed a 4 yo" (not "Teaching case
            # for the fellows - 4 yo M", nor "Unlike the other child ..., this 4 yo boy": the patient)
            return True
        if "(" in before[-2:] and _ANOTHER_PATIENT.search(" ".join(_preceding(doc, span, 10))):
            return True  # "in their similar patient last month (a 19-month-old, also ...)"
        if span.start >= 2 and doc[span.start - 1].text == "(" and "\n" in doc[span.start - 2].text_with_ws:
            # "Mother at bedside\n(32 yo, stays overnight)": a wrapped line's parenthesis
            line = doc[max(0, span.start - 8):span.start - 1]
            if any(t.lower_ in self.relatives for t in line if not t.is_space):
                return True
        if span[0].lower_ in ("she", "he"):
            # "Wife visiting; she is 45 and asked about tracheostomy": the pronoun is the relative's
            line = text[text.rfind("\n", 0, span.start_char) + 1:span.start_char].lower()
            words = re.findall(r"[a-z]+", line)
            if any(w in self.relatives for w in words) and not any(w in self.patient_words for w in words):
                return True
        start = span.sent.start if doc.has_annotation("SENT_START") else 0
        # ("born at 37+2 weeks by SVD to a 24 yo": the words of a birth lie close before the age)
        if self.born_to.search(doc[max(start, span.start - 40):span.start].text):
            return True
        for i, word in enumerate(before):
            if word in self.relatives:
                return True
            # ("her child", "her other child is 2 years old", "his older son")
            owner = i - 2 if i > 1 and before[i - 1] in self.relative_qualifiers else i - 1
            if word in self.possessed and owner >= 0 and before[owner] in self.possessive_markers:
                return True
            if word in self.possessed and i > 0 and before[i - 1] in self.birth_order \
                    and self.parents_words.search(text, sentence_start, span.start_char):
                return True  # "(G4P4, youngest child 2 years old)", "her youngest son 3": one of the patient's children
                # (not "Sam is the youngest child, 4 years old": the patient)
        if before and before[-1] == "the" and _IN_A_BED_AFTER.match(text, span.end_char):
            return True  # "the same problem last month with the 15-year-old in bed 9": a patient named by bed
        following = _following(doc, span, 5)
        if following[:2] == ["at", "home"]:
            return True  # "husband at bedside daily; 3 yo at home with family": the patient is not at home
            # (not "HPI: 29 yo F at home 10 days postpartum", "68 yo M at home on 2 L O2": the person first)
        for i, word in enumerate(following[:3]):  # the relative named right after the age
            if word in self.patient_words and word not in _SEX_WORDS:
                return False
            if word in _SEX_WORDS and i + 1 < len(following) and (following[i + 1] in _TWIN_WORDS or following[i + 2:i + 3] == ["of"] and (
                    following[i + 1] in self.relatives or following[i + 1] in self.possessed)):
                return False  # "32 yo F mother of three", "2-week-old male twin B": the patient is one (not "24 yo male DBD donor")
            if word in self.relatives or word in self.possessed - self.patient_words:
                return True
            if word in self.phrase_stops:
                return False
        return False

    def _without_the_babys_age(self, doc: Doc, mentions: list[AgeMention]) -> list[AgeMention]:
        """An adult patient's note that mentions her baby ('post-partum day 10 (baby boy 10 days
        old)'): an infant's age in a sentence with a word for a baby is the baby's, not the patient's.
        With no adult age in the text it is kept, marked, for the metadata to settle."""
        adult = any(m.kind == "age" and m.years is not None and m.years >= 15 for m in mentions)
        kept = []
        for m in mentions:
            if m.kind == "age" and m.years == 0:
                span = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
                if span is not None:
                    # "Newborn son in NICU (on CPAP, 6 days old)", "Baby in NICU\n(DOL 11)" (a line's break is no sentence's)
                    window = {t.lower_ for t in span.sent} | {t.lower_ for t in doc[max(0, span.start - 5):span.start]}
                    if window & self.baby_words:
                        if adult:
                            continue
                        m = replace(m, of_a_baby=True)
            kept.append(m)
        return kept


def _without_own_twin(words: list[str], label: str) -> list[str]:
    """The words with 'twin' dropped where the patient's own label follows it ('twin-b', 'twin b')."""
    kept: list[str] = []
    for i, word in enumerate(words):
        following = next((w for w in words[i + 1:i + 3] if w not in ("-", "#")), None)
        if word == "twin" and following == label.lower():
            continue
        kept.append(word)
    return kept


# another patient named just before a parenthesis: "their similar patient last month (a 19-month-old"
_ANOTHER_PATIENT = re.compile(r"\b(?:their|another|other|similar|previous|prior|earlier|last)\s+(?:[a-z-]+\s+)?(?:patient|case)s?\b"
                              r"(?:\s+[a-z]+){0,3}\s+\((?:\s+(?:a|an))?$")
# another patient marked in the aside that follows the age's words
_MARKED_OTHER_AFTER = re.compile(r"[^\n()]{0,40}\(\s*(?:a\s+|an\s+)?(?:different|another|other|unrelated|separate)\s+(?:patient|pt|child|case)\b"
                                 r"|[^\n.;()]{0,80}?(?:[-\u2013,(]|\bis)\s*not\s+(?:this|our|my)\s+(?:patient|pt)\b", re.IGNORECASE)
# (and "a 4-year-old rear-seat passenger from the same vehicle is in the PICU - not this patient")
_COMPARED_CASE = re.compile(r"\b(?:compared?|contrast(?:ed)?|unlike|similar\s+to|cf)\b[^\n]{0,100}?(?:\b(?:case|M&M)\b|"
                            r"\b(?:another|other|that|prior|previous|earlier)\s+(?:patient|pt|child|baby|infant)\b|"
                            r"\b(?:19|20)\d\d\s+(?:M&M\s+)?(?:patient|pt|child)\b|"
                            r"\b(?:last|previous|prior)\s+(?:\w+\s+)?\w+['\u2019]s\s*$)", re.IGNORECASE)
_DISCUSSED_CASE = re.compile(r"\b(?:M&M|morbidity\s+and\s+mortality|case\s+conference|journal\s+club)\b", re.IGNORECASE)
_AN_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)  # ("at the 2024 M&M we reviewed a 4 yo")
_YEAR_CASE = re.compile(r"\b(?:19|20)\d\d\s+(?:M&M\s+)?case\b|"
                        r"\blast\s+(?:year|month|week|spring|summer|fall|autumn|winter)['\u2019]s\s+(?:case|patient)\b", re.IGNORECASE)
_THIS_PATIENT_BEFORE = re.compile(r"(?:\b(?:this|our)\s+(?:patient|pt|child|boy|girl|infant|baby)?,?\s*|"
                                  r"\b(?:patient|pt|child)\s+(?:is|was)\s+|\b(?:the|this)\s+(?:patient|pt),?\s+)(?:(?:a|an)\s+)?$", re.IGNORECASE)
_AGE_AT_EVENT = frozenset({"quit", "quitting", "stopped", "diagnosed", "dx", "then", "when", "since"})
_TWIN_WORDS = frozenset({"twin", "co-twin", "cotwin", "triplet"})
_THEN = frozenset({("at", "that", "time"), ("back", "then"), ("at", "the", "time")})
_SEX_WORDS = frozenset({"male", "female", "m", "f"})
_ANOTHER_ONE = frozenset({"the", "a", "an", "another", "that", "our"})
# (a person named by where they lie: the note's own patient is not "the 15-year-old in bed 9")
_IN_A_BED_AFTER = re.compile(r"(?:\s+(?:girl|boy|man|woman|male|female|pt|patient|child|baby|infant|[MF]))?\s+(?:in|from)\s+"
                             r"(?:bed|room|rm|bay|bed\s+space|isolette|cot)\s*#?\s*\w+", re.IGNORECASE)


def _negative(text: str, span: Span) -> bool:
    """Whether the span's number has a minus sign ("-3 yo"): not an age."""
    found = NUMBER.search(span.text)
    at = span.start_char + found.start() if found else span.start_char
    return at > 0 and text[at - 1] in "-\u2212" and (at < 2 or not text[at - 2].isalnum())


def _ev(span: Span, section: Optional[str]) -> tuple:
    return span.text, span.start_char, span.end_char, section
