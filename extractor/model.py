"""Data shapes shared by the stages: what a note is, what the pipeline found, what was decided.

Plain dataclasses with no spaCy or file-format knowledge, so the coding rules can be
tested and reasoned about on their own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Optional

Approach = Literal["percutaneous", "open", "central"]


@dataclass(frozen=True)
class Meta:
    """Structured data a caller may know besides the text."""

    service_date: Optional[date] = None
    dob: Optional[date] = None
    age_years: Optional[int] = None


@dataclass(frozen=True)
class Evidence:
    """A span of the note that supports (or rules out) a finding."""

    label: str
    text: str
    start: int
    end: int
    section: Optional[str] = None

    def as_dict(self) -> dict:
        return {"label": self.label, "text": self.text, "start": self.start,
                "end": self.end, "section": self.section}


@dataclass(frozen=True)
class AgeMention:
    """One statement of the patient's age (or date of birth / service) in the text."""

    years: Optional[int]
    unit: str
    evidence: Evidence
    kind: Literal["age", "dob", "dos"] = "age"
    date: Optional[date] = None
    rank: int = 1
    ambiguous: bool = False
    # a date the note could mean the other way round (05/09/2019: 9 May or 5 September), when
    # nothing in the note shows which order it writes
    other_reading: Optional[date] = None
    # written in a record of another day or of the referring hospital ("Page 3 of 8  PICU H&P
    # 05/04/2025: '5 yo M ...'"): the age then
    earlier: bool = False
    # the birthday itself is told ("turned 6 last week", "today is her 6th birthday"): the age since
    birthday: bool = False
    # an infant's age in a sentence about a baby ("Baby boy in NICU, 4 days old"): the baby's when
    # the metadata shows an adult patient (an adult age in the text drops it before; a date of
    # birth in the text alone does not)
    of_a_baby: bool = False
    # a date of birth the note asks to verify, transcribed from another country's records ("DOB
    # 03/04/2020 ... transcribed from international transfer documents - please verify"): its day and
    # month may be the other way round
    order_in_doubt: bool = False


@dataclass(frozen=True)
class Act:
    """A repositioning that counts: its verb and device, and when it was done.

    `date` is the date written for it, if any; `time` is "today" when something in the note
    puts it on the date of service (the coding step checks `date` against the service date it
    resolves). `claim` is true when it was read from a title, procedure or charge line."""

    action: Evidence
    device: Evidence
    date: Optional[date] = None
    time: Optional[str] = None
    time_cue: Optional[str] = None
    claim: bool = False


@dataclass
class Findings:
    """What the pipeline found in one note, before any coding rule is applied."""

    ecmo_note: bool = False
    reposition: bool = False
    approach: Optional[Approach] = None
    approach_conflict: bool = False
    # Why the approach the note speaks of fits no code cleanly (R11, R12, claim against narrative).
    approach_question: Optional[str] = None
    fluoroscopy: bool = False
    ages: list[AgeMention] = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    document_kind: Optional[str] = None
    evidence: list[Evidence] = field(default_factory=list)
    # Why a mention of moving a cannula did not count, in the coder's words.
    ruled_out: list[str] = field(default_factory=list)
    # Why the code cannot be chosen even though a repositioning is documented.
    review: list[str] = field(default_factory=list)
    # Neutral observations that belong in the reasons (e.g. fluoroscopy included).
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "Findings":
        """From the JSON that `orjson.dumps(findings)` writes (dates as ISO strings)."""
        ages = [AgeMention(**{**age, "evidence": Evidence(**age["evidence"]),
                              "date": date.fromisoformat(age["date"]) if age["date"] else None,
                              "other_reading": date.fromisoformat(age["other_reading"]) if age.get("other_reading") else None})
                for age in data["ages"]]
        acts = [Act(**{**act, "action": Evidence(**act["action"]), "device": Evidence(**act["device"]),
                       "date": date.fromisoformat(act["date"]) if act["date"] else None})
                for act in data.get("acts", [])]
        return cls(**{**data, "ages": ages, "acts": acts, "evidence": [Evidence(**e) for e in data["evidence"]]})


@dataclass(frozen=True)
class AgeResolution:
    years: Optional[int]
    source: Optional[str]
    reasons: tuple[str, ...] = ()
    conflict: Optional[str] = None


@dataclass(frozen=True)
class Decision:
    """The coding decision for one note: the codes, the rule applied and why."""

    codes: tuple[str, ...]
    rule: str
    needs_review: bool
    reasons: tuple[str, ...]
    age_years: Optional[int]
    age_source: Optional[str]
    reposition: bool = False
    approach: Optional[Approach] = None
    fluoroscopy: bool = False
    service_date: Optional[date] = None
