"""The coding decision: every code, the age boundary, every needs-review reason."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from extractor.coding import completed_years, decide, resolve_age
from extractor.model import Act, AgeMention, Evidence, Findings, Meta


def age(years=None, kind="age", when=None, ambiguous=False, text="x", rank=1) -> AgeMention:
    return AgeMention(years, "years", Evidence(kind, text, 0, 1), kind, when, rank, ambiguous)


def findings(approach="percutaneous", ages=(), reposition=True, **kw) -> Findings:
    return Findings(ecmo_note=True, reposition=reposition, approach=approach, ages=list(ages), **kw)


@pytest.mark.parametrize("approach,years,code", [
    ("percutaneous", 0, "33957"), ("percutaneous", 5, "33957"), ("percutaneous", 6, "33958"), ("percutaneous", 90, "33958"),
    ("open", 0, "33959"), ("open", 5, "33959"), ("open", 6, "33962"), ("open", 41, "33962"),
    ("central", 0, "33963"), ("central", 5, "33963"), ("central", 6, "33964"), ("central", 63, "33964"),
])
def test_every_code_of_the_family(approach, years, code):
    decision = decide(findings(approach, [age(years)]))
    assert decision.codes == (code,)
    assert not decision.needs_review
    assert decision.rule == f"{approach.upper()}_{'0_5' if years <= 5 else '6_PLUS'}"
    assert any(r.startswith(code) for r in decision.reasons)


@pytest.mark.parametrize("dob,dos,expected", [
    (date(2020, 3, 15), date(2026, 3, 14), 5),   # the day before the 6th birthday
    (date(2020, 3, 15), date(2026, 3, 15), 6),   # the 6th birthday itself
    (date(2020, 2, 29), date(2026, 2, 28), 5),   # leap-day birthday, not yet
    (date(2020, 2, 29), date(2026, 3, 1), 6),
    (date(1978, 10, 2), date(2026, 1, 19), 47),
])
def test_completed_years_on_the_service_date(dob, dos, expected):
    assert completed_years(dob, dos) == expected


def test_sixth_birthday_on_the_service_date_takes_the_older_code():
    decision = decide(findings(), Meta(service_date=date(2025, 9, 15), dob=date(2019, 9, 15)))
    assert decision.codes == ("33958",)
    assert decision.age_years == 6 and decision.age_source == "dob+service_date"


def test_a_stated_age_one_short_on_the_birthday_is_the_age_before_it():
    # "5 yo F" in a note dated on the 6th birthday (DOB 2020-04-09): the age before today's birthday
    decision = decide(findings(ages=[age(5, text="5 yo")]), Meta(service_date=date(2026, 4, 9), dob=date(2020, 4, 9)))
    assert decision.codes == ("33958",) and not decision.needs_review
    assert any("before today's birthday" in r for r in decision.reasons)


def test_a_stated_age_one_short_the_day_after_the_birthday_is_still_a_conflict():
    decision = decide(findings(ages=[age(5, text="5 yo")]), Meta(service_date=date(2026, 4, 10), dob=date(2020, 4, 9)))
    assert decision.codes == () and decision.needs_review


def test_day_before_sixth_birthday_takes_the_younger_code():
    decision = decide(findings(), Meta(service_date=date(2026, 6, 1), dob=date(2020, 6, 2)))
    assert decision.codes == ("33957",)


def test_text_dob_and_dos_are_used_when_metadata_is_missing():
    decision = decide(findings(ages=[age(kind="dob", when=date(2018, 11, 21)), age(kind="dos", when=date(2024, 11, 20))]))
    assert decision.codes == ("33957",) and decision.age_years == 5


def test_with_no_date_of_service_the_acts_own_date_dates_the_age():
    act = Act(Evidence("reposition", "advanced", 0, 1), Evidence("device", "cannula", 0, 1), date=date(2026, 6, 2))
    dob = age(kind="dob", when=date(2020, 6, 2))
    assert decide(findings(ages=[dob], acts=[act])).codes == ("33958",)  # the 6th birthday
    assert decide(findings(ages=[dob], acts=[act, replace(act, date=date(2026, 6, 1))])).needs_review  # two days: unknown
    assert decide(findings(ages=[dob], acts=[replace(act, claim=True)])).needs_review  # a title's date is no act's
    assert decide(findings(ages=[dob], acts=[replace(act, date=date(2020, 6, 2))])).needs_review  # a row's date of birth


def test_text_dates_whose_two_readings_straddle_the_6th_birthday_need_review():
    # "DOS: 07/08/2025", "DOB: 05/09/2019" in a note that shows no date order: 6 month first, 5 day first
    dob = AgeMention(None, "date", Evidence("dob", "05/09/2019", 0, 1), "dob", date(2019, 5, 9), other_reading=date(2019, 9, 5))
    dos = AgeMention(None, "date", Evidence("service_date", "07/08/2025", 0, 1), "dos", date(2025, 7, 8),
                     other_reading=date(2025, 8, 7))
    decision = decide(findings(ages=[dob, dos]))
    assert decision.codes == () and decision.needs_review and decision.age_years is None
    assert any("month first or day first" in r for r in decision.reasons)


def test_text_dates_whose_two_readings_agree_on_the_band_are_coded():
    dob = AgeMention(None, "date", Evidence("dob", "03/04/2010", 0, 1), "dob", date(2010, 3, 4), other_reading=date(2010, 4, 3))
    dos = AgeMention(None, "date", Evidence("service_date", "07/08/2025", 0, 1), "dos", date(2025, 7, 8),
                     other_reading=date(2025, 8, 7))
    decision = decide(findings(ages=[dob, dos]))
    assert decision.codes == ("33958",) and decision.age_years == 15


def test_metadata_dates_have_no_other_reading():
    dob = AgeMention(None, "date", Evidence("dob", "05/09/2019", 0, 1), "dob", date(2019, 5, 9), other_reading=date(2019, 9, 5))
    decision = decide(findings(ages=[dob]), Meta(service_date=date(2025, 7, 8), dob=date(2019, 5, 9)))
    assert decision.codes == ("33958",) and decision.age_years == 6


def test_the_callers_service_date_shows_the_notes_date_order():
    # "Date of service: 07/08/2025" on a service date of 2025-08-07: the note writes day first, so
    # its "DOB: 05/09/2019" is 5 September 2019 (5 years old), whatever host set the metadata when
    dob = AgeMention(None, "date", Evidence("dob", "05/09/2019", 0, 1), "dob", date(2019, 5, 9), other_reading=date(2019, 9, 5))
    dos = AgeMention(None, "date", Evidence("service_date", "07/08/2025", 0, 1), "dos", date(2025, 7, 8),
                     other_reading=date(2025, 8, 7))
    day_first = decide(findings(ages=[dob, dos]), Meta(service_date=date(2025, 8, 7)))
    assert day_first.codes == ("33957",) and day_first.age_years == 5
    month_first = decide(findings(ages=[dob, dos]), Meta(service_date=date(2025, 7, 8)))
    assert month_first.codes == ("33958",) and month_first.age_years == 6


def test_no_repositioning_no_code():
    decision = decide(findings(reposition=False, approach=None, ages=[age(50)]))
    assert decision.codes == () and not decision.needs_review and decision.rule == "NO_REPOSITION"


def test_not_an_ecmo_note():
    decision = decide(Findings())
    assert decision.rule == "NOT_ECMO_NOTE" and decision.age_years is None


@pytest.mark.parametrize("case,expected_reason", [
    (findings(ages=[]), "age on the date of service not documented"),
    (findings(approach=None, ages=[age(40)]), "approach not documented"),
    (findings(approach=None, approach_conflict=True, ages=[age(40)]), "two approaches in one session"),
    (findings(ages=[age(4, text="4 yo"), age(7, text="7 yo")]), "conflicting ages"),
    (findings(ages=[age(None, ambiguous=True, text="8M")]), "ambiguous"),
    (findings(ages=[age(130)]), "implausible age"),
    (findings(ages=[age(40)], review=["a distal perfusion cannula was adjusted"]), "distal perfusion cannula"),
])
def test_every_needs_review_reason(case, expected_reason):
    decision = decide(case)
    assert decision.needs_review and decision.codes == () and decision.rule == "NEEDS_REVIEW"
    assert any(expected_reason in r for r in decision.reasons), decision.reasons


def test_an_approach_question_replaces_approach_not_documented():
    """A note that speaks of the approach but fits no code (R12) is not 'approach not documented'."""
    question = "a peripheral cannula was repositioned through the chest (sternotomy/thoracotomy): no code fits cleanly (R12)"
    decision = decide(findings(approach=None, approach_question=question, ages=[age(40)]))
    assert decision.needs_review and decision.codes == ()
    assert f"needs review: {question}" in decision.reasons
    assert not any("approach not documented" in r for r in decision.reasons), decision.reasons


def test_text_age_disagreeing_with_metadata_needs_review():
    decision = decide(findings(ages=[age(7, text="7 yo")]), Meta(age_years=5))
    assert decision.needs_review and any("metadata age is 5" in r for r in decision.reasons)


def test_stale_metadata_age_loses_to_dob_and_service_date():
    decision = decide(findings(), Meta(service_date=date(2026, 2, 11), dob=date(2020, 2, 10), age_years=5))
    assert decision.codes == ("33958",)
    assert any("metadata age 5 ignored" in r for r in decision.reasons)


def test_text_age_contradicting_dob_across_the_band_needs_review():
    decision = decide(findings(ages=[age(6, text="6 yo")]), Meta(service_date=date(2026, 3, 14), dob=date(2020, 3, 15)))
    assert decision.needs_review and any("date of birth gives 5" in r for r in decision.reasons)


def test_text_dob_disagreeing_with_metadata_dob_needs_review():
    decision = decide(findings(ages=[age(kind="dob", when=date(2019, 1, 1))]), Meta(dob=date(2018, 1, 1), service_date=date(2025, 1, 1)))
    assert decision.needs_review and any("differs from the metadata" in r for r in decision.reasons)


def test_service_date_before_the_code_family_existed_needs_review():
    decision = decide(findings(ages=[age(50)]), Meta(service_date=date(2014, 6, 1)))
    assert decision.needs_review and any("before 2015" in r for r in decision.reasons)


def test_metadata_age_alone_is_enough():
    decision = decide(findings(), Meta(age_years=3))
    assert decision.codes == ("33957",) and decision.age_source == "metadata"


def test_over_ninety_still_codes_the_older_band():
    assert decide(findings(ages=[age(90, text="[**Age over 90 **]")])).codes == ("33958",)


def test_resolve_age_without_anything_is_unknown():
    resolution = resolve_age([], Meta())
    assert resolution.years is None and resolution.conflict is None



def test_every_rule_a_reason_or_decision_cites_is_defined():
    """R-numbers cited in reasons, and the rule of every decision, are in coding.RULES with a meaning."""
    import re
    from pathlib import Path

    import extractor
    from extractor.coding import CODES, RULES

    source = "".join(p.read_text() for p in Path(extractor.__file__).parent.rglob("*.py"))
    cited = set(re.findall(r"\((R\d{1,2})[):,]", source)) | set(re.findall(r"\((R\d{1,2}): ", source))
    assert {"R1", "R2", "R4", "R12"} <= cited <= set(RULES), cited - set(RULES)
    decided = set(re.findall(r'result\("([A-Z_]+)"', source))
    decided |= {f"{approach.upper()}_{'0_5' if younger else '6_PLUS'}" for approach, younger in CODES}
    assert decided <= set(RULES), decided - set(RULES)
    assert all(len(meaning) > 20 for meaning in RULES.values())
    ages = [AgeMention(40, "years", Evidence("age", "40 yo", 0, 5, None))]
    rule = decide(Findings(ecmo_note=True, reposition=True, approach="open", ages=ages)).rule
    assert rule == "OPEN_6_PLUS" and "33962" in RULES[rule]


def test_the_service_date_is_chosen_once():
    """A note with a general 'Date:' line and a 'Date of service:' line: the age, the reasons and
    the family's start date all use the one date of service (the better-ranked one)."""
    import extractor

    text = ("Date: 01/05/2014\nDate of service: 03/14/2026\nDOB: 03/20/2020\n"
            "VV ECMO day 4. The drainage cannula was advanced 2 cm percutaneously under fluoroscopy.")
    result = extractor.suggest(text)
    assert result["codes"] == ["33957"] and result["age_years"] == 5, result["reasons"]
    assert any("2026-03-14" in r for r in result["reasons"]), result["reasons"]
    assert not any("2014" in r and "before" in r for r in result["reasons"]), result["reasons"]
