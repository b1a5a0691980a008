"""The coding rules: from findings (and the caller's metadata) to a CPT code or a review.

Pure functions, no spaCy and no files. Every decision names the rule it applied.
Code family (CPT 2015+, paraphrased): repositioning of an already placed ECMO/ECLS
cannula, by approach and by age on the date of service.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Optional

from .model import AgeMention, AgeResolution, Decision, Findings, Meta

# (approach, younger) -> code; "younger" is birth through 5 years (up to the day before
# the 6th birthday), the older band starts on the 6th birthday.
CODES: dict[tuple[str, bool], str] = {
    ("percutaneous", True): "33957",
    ("percutaneous", False): "33958",
    ("open", True): "33959",
    ("open", False): "33962",
    ("central", True): "33963",
    ("central", False): "33964",
}
APPROACH_WORDS = {
    "percutaneous": "percutaneous (peripheral)",
    "open": "open (peripheral, vessel exposed)",
    "central": "central (sternotomy/thoracotomy)",
}
# Every rule a decision or a reason can name, with its meaning (the R-numbers are DOMAIN.md's
# guideline rules; the others are the `rule` of a decision).
RULES: dict[str, str] = {
    "PERCUTANEOUS_0_5": "percutaneous (peripheral) repositioning, birth through 5 years: 33957",
    "PERCUTANEOUS_6_PLUS": "percutaneous (peripheral) repositioning, 6 years and older: 33958",
    "OPEN_0_5": "open (peripheral, vessel exposed) repositioning, birth through 5 years: 33959",
    "OPEN_6_PLUS": "open (peripheral, vessel exposed) repositioning, 6 years and older: 33962",
    "CENTRAL_0_5": "central (sternotomy/thoracotomy) repositioning, birth through 5 years: 33963",
    "CENTRAL_6_PLUS": "central (sternotomy/thoracotomy) repositioning, 6 years and older: 33964",
    "NEEDS_REVIEW": "a repositioning is documented but the code cannot be chosen (approach or age missing or contradictory)",
    "NO_REPOSITION": "an ECMO note with no repositioning done in this encounter (planned, negated, another day, "
                     "another device, an insertion, exchange or removal)",
    "NOT_THIS_ENCOUNTER": "every repositioning found is dated another day than the date of service",
    "NOT_ECMO_NOTE": "the note names no ECMO/ECLS cannula",
    "ERROR": "the record could not be read or processed (see its `error`)",
    "R1": "a repositioning in the same session as the cannula's insertion is part of the insertion code",
    "R2": "replacing a cannula in the same vessel (exchange, upsizing over a wire) is removal plus insertion",
    "R4": "fluoroscopic guidance is included in the repositioning codes, never billed apart",
    "R9": "birth through 5 years ends the day before the 6th birthday; on the birthday the older code applies",
    "R11": "a cannula placed by cutdown but moved only at the skin is repositioned percutaneously",
    "R12": "a peripheral cannula repositioned through a sternotomy or thoracotomy fits no code cleanly: review",
    "R14": "repositionings by two approaches in one session (percutaneous and open, or central and peripheral): review",
}
FAMILY_START = date(2015, 1, 1)
OLDEST_PLAUSIBLE_AGE = 125
# Quotes of the note in reasons are cut to this many characters (a reason quoted a whole
# 100,000-character line once), and a reason to MAX_REASON_CHARS.
MAX_QUOTE_CHARS = 120
MAX_REASON_CHARS = 400
_LONG_QUOTE = re.compile(r"'([^'\n]{%d,})'" % (MAX_QUOTE_CHARS + 1))


def completed_years(dob: date, on: date) -> int:
    """Completed years of age on a date; the birthday itself counts as completed."""
    years = on.year - dob.year
    if (on.month, on.day) < (dob.month, dob.day):
        years -= 1
    return years


def is_younger_band(age_years: int) -> bool:
    """Birth through 5 years -> True; 6 years and older -> False."""
    return age_years <= 5


def capped(reason: str) -> str:
    """`reason` with long quotes cut in the middle ("start ... end")."""
    if len(reason) <= MAX_QUOTE_CHARS:
        return reason
    reason = _LONG_QUOTE.sub(lambda m: f"'{m.group(1)[:MAX_QUOTE_CHARS - 30]} ... {m.group(1)[-25:]}'", reason)
    if len(reason) > MAX_REASON_CHARS:
        reason = f"{reason[:MAX_REASON_CHARS - 100]} ... {reason[-95:]}"
    return reason


def _describe(m: AgeMention) -> str:
    return f"'{m.evidence.text}'"


def resolve_service_date(mentions: list[AgeMention], meta: Meta) -> tuple[Optional[date], Optional[str]]:
    """The date of service, chosen once: the caller's, else the note's own ("Date of service:"
    before "Date:" before a date alone on a line; the first of equals)."""
    if meta.service_date is not None:
        return meta.service_date, "metadata service date"
    written = sorted((m for m in mentions if m.kind == "dos" and m.date), key=lambda m: (m.rank, m.evidence.start))
    if written:
        return written[0].date, "service date in the text"
    return None, None


def in_the_notes_date_order(mentions: list[AgeMention], meta: Meta) -> list[AgeMention]:
    """The text's dates read in the order the caller's date of service or date of birth shows
    the note writes them ('Date of service: 07/08/2025' on a service date of 2025-08-07, 'DOB
    01/11/2024' on a date of birth of 2024-11-01 are day first), when the note alone did not
    show it; unchanged when neither does."""
    given = {"dos": meta.service_date, "dob": meta.dob}
    written = [m for m in mentions if m.other_reading and given.get(m.kind) is not None]
    if not written:
        return mentions
    day_first = any(m.other_reading == given[m.kind] for m in written)
    month_first = any(m.date == given[m.kind] for m in written)
    if day_first == month_first:
        return mentions
    return [replace(m, date=m.other_reading if day_first and m.other_reading else m.date, other_reading=None)
            for m in mentions]


def _other_order_years(mentions: list[AgeMention], dob: date, dob_in_text: bool, dos: date, dos_in_text: bool) -> Optional[int]:
    """The age if the note's own dates were read the other way round (day first), or None
    when no date of the text could be (a caller's dates have one reading)."""
    def other(kind: str, when: date, in_text: bool) -> Optional[date]:
        if not in_text:
            return None
        return next((m.other_reading for m in mentions if m.kind == kind and m.date == when and m.other_reading), None)
    other_dob, other_dos = other("dob", dob, dob_in_text), other("dos", dos, dos_in_text)
    if other_dob is None and other_dos is None:
        return None
    dob, dos = other_dob or dob, other_dos or dos
    return completed_years(dob, dos) if dob <= dos else None


def resolve_age(mentions: list[AgeMention], meta: Meta,
                service: tuple[Optional[date], Optional[str]] = (None, None)) -> AgeResolution:
    """Age on the date of service from the text and the metadata.

    Order of trust: date of birth with a date of service (metadata first, then text),
    then ages stated in the text, then the metadata age (which may be stale: age at
    admission). Disagreements that change nothing are noted; ones that could change
    the code are returned as a conflict.
    """
    reasons: list[str] = []
    dos, dos_source = service
    if meta.age_years is not None and meta.age_years >= 15 or meta.dob and dos and completed_years(meta.dob, dos) >= 15:
        mentions = [m for m in mentions if not m.of_a_baby]  # "Baby boy in NICU, 4 days old" in his mother's note
    text_ages = [m for m in mentions if m.kind == "age" and m.years is not None]
    ambiguous = [m for m in mentions if m.kind == "age" and m.ambiguous]
    text_dobs = {m.date for m in mentions if m.kind == "dob" and m.date}

    dob, dob_source = meta.dob, "metadata date of birth"
    if dob is None and text_dobs:
        if len(text_dobs) > 1:
            return AgeResolution(None, None, (), "the note gives two different dates of birth")
        dob, dob_source = next(iter(text_dobs)), "date of birth in the text"
    elif dob is not None and text_dobs and dob not in text_dobs:
        return AgeResolution(None, None, (), f"date of birth in the text ({min(text_dobs).isoformat()}) "
                                             f"differs from the metadata ({dob.isoformat()})")

    if dob is not None and dos is not None:
        if dob > dos:
            return AgeResolution(None, None, (), f"date of birth {dob.isoformat()} is after the date of service {dos.isoformat()}")
        years = completed_years(dob, dos)
        doubted = meta.dob is None and any(m.kind == "dob" and m.date == dob and m.order_in_doubt for m in mentions)
        swapped = _the_other_reading(dob) if doubted else None
        if swapped is not None and swapped <= dos and is_younger_band(completed_years(swapped, dos)) != is_younger_band(years):
            return AgeResolution(None, None, (), f"the note asks to verify the date of birth {dob.isoformat()}, whose day "
                                                 f"and month read the other way round give age {completed_years(swapped, dos)}, "
                                                 f"not {years}")
        other = _other_order_years(mentions, dob, meta.dob is None, dos, meta.service_date is None)
        if other is not None and is_younger_band(other) != is_younger_band(years):
            return AgeResolution(None, None, (), f"the note does not show whether it writes dates month first or day "
                                                 f"first, and the two readings of its dates give ages {years} and {other}")
        source = "dob+service_date"
        reasons.append(f"age {years} on {dos.isoformat()} from {dob_source} {dob.isoformat()} and {dos_source}"
                       + (" (R9: the 6th birthday)" if (dos.month, dos.day) == (dob.month, dob.day) and years == 6 else ""))
        for m in text_ages:
            if m.unit == "fixed" and m.years == 0:
                continue  # ("Former 34-week preterm infant", "at bedside with the infant"): a word, not an age to weigh against the dates
            if m.earlier and m.years == years - 1:
                reasons.append(f"{_describe(m)} is written in an earlier record: the age then (a birthday since)")
                continue
            if m.years == years - 1 and (dos.month, dos.day) == (dob.month, dob.day):
                reasons.append(f"{_describe(m)} is the age before today's birthday")
                continue
            if m.years == years - 1 and any(b.birthday and b.years == years for b in text_ages):
                reasons.append(f"{_describe(m)} is the age before the birthday the note tells of")
                continue
            if m.years != years and is_younger_band(m.years) != is_younger_band(years):
                return AgeResolution(None, None, tuple(reasons),
                                     f"the text says {_describe(m)} but the date of birth gives {years}")
        if meta.age_years is not None and meta.age_years != years:
            reasons.append(f"metadata age {meta.age_years} ignored: date of birth and service date give {years}")
        return AgeResolution(years, source, tuple(reasons))

    if text_ages:
        values = sorted({m.years for m in text_ages})
        turned = {m.years for m in text_ages if m.birthday}
        if len(values) == 2 and turned == {values[1]} and values[0] == values[1] - 1:
            reasons.append(f"{_describe(next(m for m in text_ages if m.years == values[0]))} is the age before "
                           f"the birthday the note tells of")
            text_ages = [m for m in text_ages if m.years == values[1]]
            values = values[1:]
        if len(values) > 1:
            shown = ", ".join(_describe(m) for m in text_ages[:4])
            return AgeResolution(None, None, (), f"the note states conflicting ages ({shown})")
        years = values[0]
        first = text_ages[0]
        if meta.age_years is not None and meta.age_years != years:
            return AgeResolution(None, None, (), f"the text says {_describe(first)} but the metadata age is {meta.age_years}")
        reasons.append(f"age {years} from {_describe(first)}")
        return AgeResolution(years, "text", tuple(reasons))

    if ambiguous:
        return AgeResolution(None, None, (), f"age {_describe(ambiguous[0])} is ambiguous (years or months?)")

    if meta.age_years is not None:
        return AgeResolution(meta.age_years, "metadata", (f"age {meta.age_years} from metadata",))
    if dob is not None and dos is None:
        return AgeResolution(None, None, (), "date of birth known but no date of service")
    return AgeResolution(None, None, (), None)


def _the_other_reading(when: date) -> Optional[date]:
    try:
        return date(when.year, when.day, when.month) if when.day <= 12 else None
    except ValueError:
        return None


def _service_from_the_act(findings: Findings, ages: list[AgeMention], meta: Meta
                          ) -> tuple[tuple[Optional[date], Optional[str]], list[AgeMention]]:
    """With no date of service, the one date the repositioning is written under ("03/09/2026 04:10
    fellow note: ... advanced the drainage cannula 3 cm"; not a row's date of birth). A date of
    birth the note could write either way round is read the way the act's date is: when both
    readings give the same age it no longer matters, else the date of service stays unknown."""
    dated = {act.date for act in findings.acts if not act.claim}
    births = {m.date for m in ages if m.kind == "dob"} | {meta.dob}
    if len(dated) != 1 or None in dated or dated & births:
        return (None, None), ages
    when = next(iter(dated))
    for m in ages:
        if m.kind == "dob" and m.other_reading and meta.dob is None:
            other_act = _the_other_reading(when)
            if m.date is None or other_act is None or completed_years(m.date, when) != completed_years(m.other_reading, other_act):
                return (None, None), ages
    ages = [replace(m, other_reading=None) if m.kind == "dob" else m for m in ages]
    return (when, "the date the repositioning is written under"), ages


def decide(findings: Findings, meta: Optional[Meta] = None) -> Decision:
    """Suggest a code from the findings, or say why it cannot be chosen."""
    meta = meta or Meta()
    ages = in_the_notes_date_order(findings.ages, meta)
    service = resolve_service_date(ages, meta)
    if service[0] is None:
        service, ages = _service_from_the_act(findings, ages, meta)
    service_date = service[0]
    age = resolve_age(ages, meta, service) if findings.ecmo_note else AgeResolution(None, None)
    reasons: list[str] = list(findings.ruled_out)

    def result(rule: str, codes: tuple[str, ...] = (), review: bool = False, extra: tuple[str, ...] = (),
               reposition: bool = True) -> Decision:
        reposition = reposition and findings.reposition
        said = (*reasons, *extra, *(findings.notes if reposition else ()))
        return Decision(codes, rule, review, tuple(capped(r) for r in said),
                        age.years, age.source, reposition, findings.approach if reposition else None,
                        findings.fluoroscopy if reposition else False, service_date)

    if not findings.ecmo_note:
        return result("NOT_ECMO_NOTE", extra=("no ECMO/ECLS cannula mentioned",), reposition=False)
    if not findings.reposition:
        if not findings.ruled_out:
            reasons.append("no repositioning of an ECMO/ECLS cannula documented")
        return result("NO_REPOSITION", reposition=False)
    other_day = [a for a in findings.acts if a.date is not None and service_date is not None and a.date != service_date]
    if findings.acts and len(other_day) == len(findings.acts):
        reasons.extend(f"repositioning dated {a.date.isoformat()}, not the date of service {service_date.isoformat()}: "
                       f"'{a.action.text}'" for a in other_day)
        return result("NOT_THIS_ENCOUNTER", reposition=False)

    review = list(findings.review)
    if findings.approach is None:
        if findings.approach_question:
            review.append(findings.approach_question)
        elif findings.approach_conflict:
            review.append("approach unclear: the note documents repositionings by two approaches in one session (R14)")
        else:
            review.append("approach not documented (percutaneous, open cutdown or sternotomy/thoracotomy?)")
    if age.conflict:
        review.append(f"age conflict: {age.conflict}")
    elif age.years is None:
        review.append("age on the date of service not documented (no age, date of birth or metadata)")
    elif not 0 <= age.years <= OLDEST_PLAUSIBLE_AGE:
        review.append(f"implausible age {age.years}")
    if service_date is not None and service_date < FAMILY_START:
        review.append(f"date of service {service_date.isoformat()} is before 2015, when this code family began")

    if review:
        return result("NEEDS_REVIEW", review=True, extra=tuple(age.reasons) + tuple(f"needs review: {r}" for r in review))

    assert findings.approach is not None and age.years is not None
    younger = is_younger_band(age.years)
    code = CODES[(findings.approach, younger)]
    band = "birth through 5 years" if younger else "6 years and older"
    rule = f"{findings.approach.upper()}_{'0_5' if younger else '6_PLUS'}"
    return result(rule, (code,), extra=tuple(age.reasons) + (
        f"{code}: {APPROACH_WORDS[findings.approach]} repositioning, age {age.years} ({band})",))
