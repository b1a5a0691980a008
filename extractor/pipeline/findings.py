"""From matched spans (with their ConText modifiers) to the note's findings.

The matcher finds words; this module decides what they mean together. Each moving verb is
linked to the object it acts on, then goes through one step per question, in order; the
first step that rules it out says why, in the coder's words:

1. posture: "patient repositioned prone" moves the patient;
2. object: an ECMO cannula, not an Impella, an ETT, a suture or the patient;
3. check-box: a word in an unchecked item is not said;
4. assertion: ConText's negated, planned, historical, uncertain;
5. accident: "slid out", "dislodged" is a problem, not a procedure;
6. time: the act happened on the date of service (timeline.py);
7. document part: its section, the kind of document, claim or narrative (document.py);
8. cannula kind: a distal perfusion cannula, a ProtekDuo without an oxygenator, a cannula
   the note never says is an ECMO cannula.

Then the note-level rules: a claim stands unless the narrative denies it; an insertion,
exchange or removal in the same session is not a repositioning; and the approach and the
guidance of the acts that count.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional, Sequence, TypeVar

from spacy.tokens import Doc, Span, Token

from ..model import Act, AgeMention, Evidence, Findings
from .age import PatientAges
from .document import BLANK_LINE, IMAGING, NARRATIVE, PLANNING, PROCEDURE, QUERY, Layout
from .matching import LiteralGate, clause_start, compile_rule, doc_text, lowered_text, open_aside, span_text
from .normalize import chart_number
from .tables import columns
from .target_rule import metadata_of
from .timeline import A_PLACE_AFTER, EventTime, Timeline

NOUN_LABELS = frozenset({"ECMO_CANNULA", "OTHER_DEVICE", "DPC", "PATIENT", "NON_DEVICE"})
APPROACH_LABELS = frozenset({"APPROACH_PERCUTANEOUS", "APPROACH_OPEN", "APPROACH_CENTRAL"})
AGE_LABELS = frozenset({"AGE", "DOB", "SERVICE_DATE"})
RULING_OUT = {
    "NEGATED_EXISTENCE": "negated",
    "HYPOTHETICAL": "planned, considered or deferred, not performed",
    "HISTORICAL": "history, not this encounter",
    "POSSIBLE_EXISTENCE": "uncertain",
}
# More moving words than this in one note is no clinical note (the longest summaries hold a few
# dozen); the findings read this many and ask for a review.
MAX_ACTIONS = 200
TIME_WORDS = {
    "past": "done on another day, not on the date of service",
    "elsewhere": "documented in another note, not coded from this one",
    "outside": "done at another hospital, not in this encounter",
    "future": "planned for later, not done in this note",
}
DATE_LIKE = re.compile(r"^\d{1,2}/\d{1,2}(?:/\d{2,4})?$|^\d{4}-\d{2}-\d{2}$")
_AT_A_PERIPHERAL_SITE = re.compile(r"\b(?:at|in|from|through)\s+the\s+(?:(?:right|left|r|l)\s+)?(?:neck|groin|femoral\s+(?:site|vein|artery)|"
                                   r"jugular|carotid|axilla|skin\s+of\s+the\s+(?:neck|groin))\b", re.IGNORECASE)
_PERIPHERAL_BODY_SITES = frozenset({"neck", "groin", "femoral", "fem", "jugular", "ij", "rij", "lij", "carotid", "rcca", "cca",
                                    "axillary", "subclavian", "cfa", "cfv", "sfa", "iliac"})
_CHEST_CANNULA = re.compile(r"\b(?:aortic|aorta|ra|atrial|atrium|ascending|pa|lv|la|ventricular|apical|chest)\s+(?:\w+\s+)?cannula",
                            re.IGNORECASE)
_CHEST_CANNULA_SIZED = re.compile(r"\b(?:aortic|aorta|ascending|atrial|atrium)\s+(?:(?:aortic|arterial|venous|return|drainage|two-stage|multistage|appendage)\s+)?(?:cannula|\d{1,2}\s?(?:Fr|F)\b)", re.IGNORECASE)
# (a cannula taken out, exchanged or converted away in its sentence is no longer beside the moved one)
_GONE_IN_SENTENCE = re.compile(r"\b(?:remov\w*|decannulat\w*|explant\w*|taken\s+out|exchanged|converted|replaced)\b", re.IGNORECASE)
_SLIPPING_VERBS = frozenset({"pulled", "backed", "slipped", "slid", "migrated", "dislodged"})
_DONE_BY_HAND = re.compile(r"\b(?:I|we|by|under|for|fluoro\w*|sutures?\s+(?:were\s+)?cut|re-?sutured|re-?advanced|advanced\s+back|repositioned|"
                           r"to\s+(?:improve|reduce|optimi[sz]e|correct|relieve))\b", re.IGNORECASE)
_BANNER_LENGTH = 200
# ("Night team procedure note referenced: \"Procedure note - drainage cannula withdrawal, 01/08 02:40\"": a
# note pointed to by its title, not its words)
_A_POINTER = re.compile(r"\b(?:referenced|see|filed|documented\s+(?:separately|elsewhere))\b", re.IGNORECASE)
_A_NOTE = re.compile(r"\bnote\b", re.IGNORECASE)
_QUOTED_LINE = re.compile(r"[ \t]+\S|[\"\u201c]")
_NOT_A_LETTER = re.compile(r"[^A-Z]")  # (surnames compared by their letters: "MEYER ROSS", "Meyer-Ross")
# a timed log row: "1410 Brief procedure note, Dr. Nwosu (ped surg): ..."
_CLOCK_LEAD = re.compile(r"[\s>*#-]*(?:\d{1,2}:\d{2}|\d{4})\b")
# "Infant update (per phone call ...):", "Mother's course:", "S:": a line opening with a label
_BLOCK_LABEL = re.compile(r"[ \t>*#-]*(?P<who>[A-Za-z][\w'\u2019/-]*)(?:[ \t]+[A-Za-z][\w/-]*){0,2}[ \t]*"
                          r"(?:\([^()\n]*\)[ \t]*:|(?P<open>\()[^()\n]*$|:)", re.MULTILINE)
# a sentence about the codes ("the central codes describe central cannulae") describes no cannula of the patient's
_ABOUT_CODES = re.compile(r"\bCPT\b|\b33\d{3}\b|\b(?:central|open|percutaneous|peripheral|repositioning)\s+codes?\b|"
                          r"\bcodes?\s+(?:describe|describes|apply|applies|cover|covers)\b|\bdescriptors?\b", re.IGNORECASE)
# "CPB was instituted via ascending aorta and bicaval cannulation": the bypass circuit's, not an ECMO cannula's
_FOR_BYPASS = re.compile(r"\b(?:CPB|cardiopulmonary\s+bypass|(?:on|onto|instituted|initiated)\s+bypass)\b(?:(?!\b(?:ECMO|ECLS)\b)[^.;\n]){0,60}$",
                         re.IGNORECASE)


def _item_label(text: str, offset: int) -> Optional[str]:
    """The label of the list item whose line holds the offset, when it names a cannula ('-
    venous cannula: ties released, withdrawn 0.5 cm' -> 'venous cannula')."""
    line_start = text.rfind("\n", 0, offset) + 1
    item = _CANNULA_ITEM.match(text, line_start)
    return item.group("label").lower() if item is not None and item.end() <= offset else None


def _sentence_of(text: str, match: re.Match) -> tuple[int, int]:
    """The stretch between full stops or line ends around a match, read without the parse."""
    start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()), 0)
    ends = [e for e in (text.find(".", match.end()), text.find("\n", match.end())) if e >= 0]
    return start, min(ends) if ends else len(text)


def _for_bypass(doc: Doc, insertion: Span) -> bool:
    """'CPB via ascending aorta and bicaval cannulation, ECMO weaned': the bypass circuit's cannulation."""
    text = doc_text(doc)
    return _FOR_BYPASS.search(text, max(insertion.sent.start_char, insertion.start_char - 80), insertion.start_char) is not None
_DAY_BEFORE = re.compile(r"\b(?:yesterday|last\s+(?:night|evening)|overnight|(?:day|night|evening)\s+before|"
                         r"(?:previous|prior|preceding)\s+(?:day|evening|night))\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:if|unless|would|could|can\s+be|may|consider|later)\b", re.IGNORECASE)
# "an Oxy-RVAD configuration was discussed but not used", "if hypoxemia develops, splice in an oxygenator"
_NOT_IN_USE = re.compile(r"\b(?:if|unless|would|could|may|consider\w*|discuss\w*|plan\w*|defer\w*|later|"
                         r"not\s+(?:used|needed|placed|required|added))\b", re.IGNORECASE)
_ECMO_WORD = re.compile(r"\b(?:ecmo|ecls)\b", re.IGNORECASE)
_RUN_NAMES = frozenset({"ecmo", "ecls"})  # what the oxygenator rule's "present" finds that names the run, not the oxygenator
_OXYGENATOR_WORD = re.compile(r"oxygenator|membrane", re.IGNORECASE)
# words of a sentence that tells how the run began ("VV ECMO since 03/26 via a Crescent, placed
# percutaneously with TEE + fluoroscopy"), not a wire inserted through the cannula today
_INSERTION_STORY = frozenset({"since", "via", "placed", "cannulated", "cannulation", "initiated"})
# "cutdown was not required", "a surgeon on standby for a groin cutdown": no cutdown was made
_NOT_NEEDED_AFTER = re.compile(r"[^.;,]{0,20}?\b(?:was|were|is|being)?\s*(?:not\s+(?:required|needed|necessary|performed|done)|avoided)\b",
                               re.IGNORECASE)
_STANDBY = re.compile(r"\b(?:stand-?by|on\s+hand|if\s+needed|in\s+case)\b", re.IGNORECASE)
_ANOTHER_OBJECT = re.compile(r"(?:\band|,)\s+(?:the|a|an|his|her|its|their)\s+\w", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|without|nor)\b[^.;:\n]{0,25}$", re.IGNORECASE)
# "the ECMO team, on standby per protocol for EF 30%, was not needed": no ECMO run
_NOT_USED_AFTER = re.compile(r"(?:[\s-]+(?:team|circuit|standby|stand-by|backup|back-up|support|set-?up|cart))?"
                             r"(?:,[^.;:,\n]{0,50},)?\s+(?:(?:was|were|is)\s+not\s+(?:needed|required|used|necessary|instituted|initiated)|"
                             r"(?:was|were)\s+(?:stood\s+down|cancell?ed))\b", re.IGNORECASE)


def _conjunct(text: str, start: int, end: int) -> str:
    """The part of `text` around [start, end) between the nearest "and"s or commas ("R CFV drainage
    placed via surgical cutdown on 2/19, L CFV 21 Fr return percutaneous": two cannulae)."""
    before = [m.end() for m in _CONJUNCT_BREAK.finditer(text, 0, start)]
    after = _CONJUNCT_BREAK.search(text, end)
    return text[before[-1] if before else 0:after.start() if after else len(text)]


def _names_percutaneous(text: str) -> bool:
    """The text says the approach was percutaneous ('R CFA 17 Fr (percutaneous)'), not that it could
    not be ('by open cutdown - unable to access percutaneously due to body habitus')."""
    return any(not _FAILED_BEFORE.search(text, max(0, m.start() - 30), m.start())
               for m in _PERCUTANEOUS_WORD.finditer(text))


def _names_ecmo(text: str, start: int = 0, denied: frozenset[int] = frozenset()) -> bool:
    """The text (at `start` of the note) names ECMO other than to deny it ('No ECMO or IABP
    required'; `denied`: where ConText read the denial)."""
    return any(not _NEGATED_BEFORE.search(text, max(0, m.start() - 30), m.start()) and start + m.start() not in denied
               and not _NOT_USED_AFTER.match(text, m.end()) for m in _ECMO_WORD.finditer(text))


_GLUED_SIZE = re.compile(r"\d{1,2}(?:\.\d)?(?:fr|f|french)")
_CLAUSE_CUT = re.compile(r",\s+and\b")
_CONJUNCT_BREAK = re.compile(r"\band\b|[,;+]", re.IGNORECASE)
# "The left femoral venous cannula was then removed:" opens the removal's steps (not "Cannula
# removed: no", "Decannulation: not indicated", nor another line's or catheter's removal)
_TUBE_WORDS = r"(?:line|sheath|catheter|(?:guide)?wire|drain|tube|introducer|dilator)s?"
_ANOTHER_TUBE = re.compile(rf"\b{_TUBE_WORDS}\b", re.IGNORECASE)
_A_REMOVAL_OPENS_ITS_STEPS = re.compile(r"(?:[ \t]+(?:at|in|by|under|with|from)\b[^:.;()\n]{0,30})?[ \t]*(?:\([^()\n]{0,40}\))?[ \t]*:(?![ \t]*(?:no|none|not|n/?a)\b)", re.IGNORECASE)
# "options were (1) ..., (2) ...; we chose (2) and ... the cannula was withdrawn 3 cm": done
_A_CHOICE_MADE = re.compile(r"\b(?:chose|chosen|elected|opted|proceeded|decided)\b", re.IGNORECASE)
# "skin mark 13.5 cm -> 15 cm (pulled out ~1.5 cm)": an aside after a measure glosses it
_A_MEASURE_BEFORE = re.compile(r"\d(?:\.\d)?[ \t]*(?:cm|mm)?[ \t]*$", re.IGNORECASE)
# options named side by side: "(at the skin vs neck incision re-opened)", "whether ... or ..."
_OPTIONS = re.compile(r"\((?=[^()]{0,200}\b(?:vs\.?|versus|or)\s)[^()]{0,200}\)|\bwhether\b[^.;\n]{0,160}?\bor\b[^.;\n]{0,80}",
                      re.IGNORECASE)
_PERCUTANEOUS_WORD = re.compile(r"percutaneous", re.IGNORECASE)
_FAILED_BEFORE = re.compile(r"\b(?:unable|could\s*n[o']t|cannot|can't|failed|unsuccessful|not|no|impossible)\b[^.;,\n]{0,20}$",
                            re.IGNORECASE)
_SAYS_NO = re.compile(r"\b(?:no|not|without|never|nor)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_LINE_START = re.compile(r"^", re.MULTILINE)
_ANSWERED_NO = re.compile(r"[^:\n]{3,80}?:[ \t]*(?P<answer>(?:no|n|none|not\s+(?:done|performed|applicable))\b)(?![ \t]*(?:change|changes|issues?|problems?|complications?|adjustment)\b)",
                          re.IGNORECASE)
# a field whose value is an unfilled smart-list ("{YES/NO:21112}"; a chosen one reads '{...::"yes"}'),
# asterisks or a blank line
_UNANSWERED = re.compile(r"[^:\n]{3,80}?:[ \t]*(?P<blank>\{[^{}\n:]{1,40}:\d+\}|\*{3,}|_{3,}|\[\s*\])[ \t]*$", re.MULTILINE)
# "decannulation was aborted after discussion", "Attempted VA ECMO decannulation -- NOT performed": the
# note's decannulation words ("prepped and draped for decannulation") name what was called off
_DECANNULATION_CALLED_OFF = re.compile(
    r"\battempted\s+(?:[\w-]+\s+){0,3}decannulation\b(?=[^.\n]{0,30}\b(?:not\s+(?:performed|done)|aborted|abandoned|failed)\b)"
    r"|\bdecannulation\s+(?:was\s+|is\s+)?(?:aborted|abandoned|not\s+(?:performed|done)|deferred|cancell?ed|postponed|called\s+off)\b",
    re.IGNORECASE)
_INSERTION_ASIDE = re.compile(r"\((?:placed|inserted|cannulated|put\s+in)\b[^()\n]*$", re.IGNORECASE)
_ROLE_LABEL = re.compile(r"[ \t]*(?:[-*\u2022]|\d{1,2}[.)])?[ \t]*(?P<role>[A-Za-z]+)(?:[ \t]+cannula)?[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*:[ \t]*")
# the status field of the same record (no record boundary - "}", a blank line - between)
_ORDER_NOT_DONE = re.compile(r"(?:(?!\n[ \t]*\n)[^{}])*?\b[\"']?(?:order[_ ]?)?status[\"']?[ \t]*[:=|,][ \t]*[\"']?(?P<status>scheduled|pending|ordered|"
                             r"planned|requested|cancell?ed|discontinued|not[ _]performed|on[ _]hold)\b"
                             r"(?![ \t]*(?:co-?sign|signature|sign|review|verification|attestation))", re.IGNORECASE)
_BED_NAMED = re.compile(r"\b(?:(?-i:[A-Z]{0,3}(?:ICU|CCU)|CS|CV)[- ]?|(?:bed|bay|room|rm)\s*(?:#|no\.?)?\s*)(?P<bed>\d{1,3}[A-Za-z]?)\b",
                        re.IGNORECASE)
_BED_CELL = re.compile(r"[ \t]*\|?[ \t]*(?P<bed>\d{1,3}[A-Za-z]?)[ \t]*\|")
_BED_THEN_PARENTHESIS = re.compile(r"\b(?:bed|bay|room|rm)\s*(?:#|no\.?)?\s*(?P<bed>\d{1,3}[A-Za-z]?)\s*[(,]\s*(?:an?\s+)?$", re.IGNORECASE)
_TABLE_RULE = re.compile(r"[ \t|:+=-]*")
_BED_COLUMN = re.compile(r"[ \t|]*(?:bed|rm|room|bay)\b[ \t]*\|", re.IGNORECASE)
_FOUND_WORDS = frozenset({"noted", "found", "seen", "observed", "discovered"})
_OVER_ITS_WIRE = re.compile(r"\bover\s+(?:the|a|its|an?\s+\w+)\s+(?:guide)?wire\b|\bseldinger\b|\bdilat(?:ed|ion|ors?)\b", re.IGNORECASE)
_ONLY_THIS_ONE = re.compile(r"\b(?:only|just)\s+the\s+[^.;\n]{0,40}?\bcannula\s+(?:was|were)\s+(?:re-?positioned|advanced|withdrawn|pulled\s+back|moved|adjusted|manipulated)\b", re.IGNORECASE)
# ("no further manipulation was required", "No manipulation tonight", "Last repositioning: none", "rather than attempt
# blind manipulation", "manipulation was judged unsafe", "no repositioning needed"): said of another time, of what
# could not be done, or of what was needed
_NOT_MOVED_FURTHER = re.compile(r"\b(?:further|additional|again|other|subsequent(?:ly)?|thereafter|afterwards?|since|yet|until|(?:prior\s+to|before)(?!\s+and\b)|previous|last|overnight|tonight|that\s+day|there|separate|en\s+route|during\s+(?:the\s+)?transport|rather\s+than|can\s*not|could\s+not|unable|unsafe|judged|deemed|feasible|possible|no\s+longer|requires?|required|needed|need|necessary|indicated)\b", re.IGNORECASE)
# the words that deny any move of a cannula, not one way of moving it
_WHOLE_MOVE_WORDS = frozenset({"manipulate", "manipulation", "move", "moved", "reposition", "repositioned", "repositioning",
                               "adjust", "adjusted", "adjustment", "touch", "touched", "manipulated"})
_A_WAY_OF_MOVING = re.compile(r"\s*(?:percutaneously|surgically|openly|at\b|by\b|through\b|via\b|under\b|with\b|using\b|from\b)", re.IGNORECASE)
# ("NOT a percutaneous adjustment", "not correctable by external manipulation", "no airway manipulation", "No fluoroscopy
# used for the cannula adjustment"): one way of moving denied, another thing's move, or another thing denied
_A_WAY_BEFORE = re.compile(r"(?:\b(?:percutaneous|open|surgical|bedside|blind|manual|external|skin[- ]level|airway|line|circuit|tube|catheter|wire|sheath|impella|head|patient|oxygenator|pump|dressing|ett)\s+(?:\w+\s+)?|\bnot\s+an?\s+[\w-]+\s+|\bfor\s+(?:the\s+|this\s+)?(?:\w+\s+)?)$", re.IGNORECASE)
_DETERMINERS = frozenset({"the", "their", "his", "her", "its", "this", "that", "our"})
_THE_NOTE = re.compile(r"\b(?:note|documentation|entry|record)\b", re.IGNORECASE)
_BARE_IT = re.compile(r"\bit\b", re.IGNORECASE)
_A_CANNULA_NAME = re.compile(r"\b(?:cannula\w*|avalon|crescent)\b", re.IGNORECASE)
_MOVING_WORD = re.compile(r"\b(?:advanced|withdrawn|rotated|repositioned|pulled\s+back|retracted)\b", re.IGNORECASE)
_A_CANNULA_ACT = re.compile(r"\b(?:manipulat\w*|re-?position\w*|adjust\w*)", re.IGNORECASE)
_A_CANNULA_OR_MARK = re.compile(r"\b(?:cannula\w*|avalon|crescent|(?:skin\s+)?mark|withdrawn|advanced|repositioned)\b", re.IGNORECASE)
_NEW_CANNULA = re.compile(r"\bnew\b[^.;\n]{0,40}?\bcannula\b", re.IGNORECASE)
_FRENCH_SIZE = re.compile(r"\b(\d{1,2})\s*-?\s*(?:Fr|F|French)\b", re.IGNORECASE)
# (the second half of an exchange: "a 25 Fr cannula advanced over the same wire")
_PLACED_OVER_WIRE = re.compile(r"(?P<cannula>\b(?:cannula|cannulae|catheter)\b[^.;\n]{0,40}?\b(?:advanced|inserted|placed|passed|railroaded|introduced)\s+"
                               r"over\s+(?:the\s+|a\s+|that\s+)?(?:same\s+)?(?:guide\s*)?wire\b)", re.IGNORECASE)
_ANEW = re.compile(r"\b(?:a|an|new)\b[^.;,\n]{0,25}$", re.IGNORECASE)
# (the author's own line over a procedure's paragraph: "Bedside today - I performed, fellow assisting")
_INLINE_LABEL = re.compile(r"(?:(?<=^)|(?<=[.;:]\s)|(?<=[.;:]\s\s))(?P<label>[A-Za-z][A-Za-z /-]{1,24}):(?=\s)", re.MULTILINE)
_QUOTED_ON_ITS_LINE = re.compile(r"[^\n]{0,40}?[:\u2013-][ \t]*['\"\u201c\u2018][^\n]*['\"\u201d\u2019][ \t.]*$", re.MULTILINE)
_LINE_LABEL = re.compile(r"[ \t>*\u2022-]*(?P<label>[A-Za-z][A-Za-z /-]{1,30}):")
_APPROACH_LINE = re.compile(r"[ \t>*-]*(?:approach|technique|access|method)\b[^:\n]{0,20}:", re.IGNORECASE)
# (the words that put an inserted cannula somewhere: "cannula, right internal jugular vein", "cannula into the RIJ")
_PLACE_AFTER_A_CANNULA = frozenset({",", "in", "into", "via", "through", "at"})
_END_OF_A_PLACE = frozenset({";", ".", ":", ",", "and", "while", "(", ")", "then"})
_AUTHOR_LEAD = re.compile(r"\bI\s+(?:personally\s+)?(?:performed|did\s+(?:this|the\s+procedure))\b|\b(?:performed|done)\s+by\s+(?:me|myself)\b"
                          r"|\bI\s+was\s+the\s+(?:operating\s+|primary\s+)?(?:surgeon|operator|proceduralist)\b", re.IGNORECASE)
_TODAY_WORD = re.compile(r"\btoday\b", re.IGNORECASE)
_REMOVED_OVER_WIRE = re.compile(r"\b(?:removed|withdrawn|pulled(?:\s+out)?|taken\s+out)\s+over\s+(?:the|a)\s+(?:guide)?wire\b", re.IGNORECASE)
_AUTHOR_ITEM_SECTIONS = frozenset({"plan", "assessment"})
_TRACHEOSTOMY = re.compile(r"trach|shiley|portex|bivona", re.IGNORECASE)
_SITE_PREPARED = frozenset({"prepped", "prepared", "prep", "draped", "drape", "field", "exposed", "dressing", "sutures", "sterile"})
_PROCEDURE_WORD = re.compile(r"\bprocedure\b", re.IGNORECASE)
_SHORT_ASIDE = re.compile(r"(?<!\S)\( (?:[^()\s]+ ){1,3}\)(?!\S)")
_CLAUSE_END = re.compile(r"[.;:()\n]|,\s")
_CLOSURE_OF = re.compile(r"\b(?:closure|closing)\s+of\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_TIMED_ENTRY = re.compile(r"[ \t>*-]*(?P<time>(?:[01]?\d|2[0-3]):?[0-5]\d)(?:\s*[-\u2013]\s*\d{1,2}:?\d{2})?\b(?![/.:-]\d)"
                          r"(?!\s*(?:ml|cc|mg|mcg|units?|u|kg|g|cm|mm|fr|%)\b)", re.IGNORECASE)  # "08:31 ...", "1310-1335 ..." (not "1000 mL")
ENTRY_LOOKBACK = 12  # lines above an insertion searched for the dated line of its entry
ENTRY_DATE_WITHIN = 80  # characters from the line's start that the entry's date is written in
_LETTERS = re.compile(r"[A-Za-z]+")
_DONE_ON_SUPPORT = re.compile(r"\b(?:performed|done|carried\s+out|undertaken)\s+on\s+(?:(?:the|existing|ongoing|full|peripheral|central|VA|VV|V-A|V-V)\s+){0,4}$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.;][ \t]+(?=[A-Z])|\n")
_BETWEEN_STUDIES = re.compile(r"\b(?:interval|s/p|status\s+post|compared|since\s+(?:the\s+)?(?:prior|previous|last)\b)", re.IGNORECASE)
# "SFA exposure (cutdown) with placement of 7 Fr antegrade distal perfusion catheter": the DPC's cutdown
_FOR_A_DPC = re.compile(r"[^.;\n]{0,20}?\b(?:with|for|and)\s+(?:the\s+)?(?:placement|insertion)\s+of\s+(?:an?\s+)?(?:(?!cannula)[^.;\n]){0,25}?"
                        r"(?:(?:distal|limb|leg)\s+(?:re)?perfusion\s+(?:catheter|cannula|sheath|line)|\bDPC\b)", re.IGNORECASE)
# "- venous cannula: ties released, withdrawn 0.5 cm": a list item labelled with its cannula
_CANNULA_ITEM = re.compile(r"[ \t]*(?:[-*\u2022]|\d{1,2}[.)])[ \t]+(?P<label>[A-Za-z][\w -]{0,30}?\bcannula)[ \t]*:")
# "Options discussed w/ Dr. R: pull back the cannula vs add a second drainage cannula": options on one line
# ("options were (1) re-explore the neck ..., (2) percutaneous adjustment ..., or (3) ...": numbered in the sentence)
_OPTIONS_INLINE = re.compile(r"\b(?:options?|alternatives?|choices|possibilities)\b(?:[^.;:\n]|(?<=\bDr)\.|(?<=\bDrs)\.|(?<=\bvs)\.){0,80}:(?=[^.;\n]*\bvs?\.?\s)"
                             r"|\b(?:options?|alternatives?|choices|possibilities)\b[^.;:\n]{0,60}?\b(?:were|are|include[ds]?)\b(?=[ \t]*:?[ \t]*\((?:1|a|i)\))",
                             re.IGNORECASE)
# a removal told in a list item ("withdrawn 2 cm under ultrasound, then removed")
_REMOVED_IN_ITEM = re.compile(r"\b(?:(?<!dressing\s)(?<!sutures\s)(?<!suture\s)(?<!staples\s)(?<!stitches\s)(?<!tape\s)removed|removal|decannulat\w*|"
                              r"ligated|explanted|taken\s+out|pulled\s+out)\b", re.IGNORECASE)
# an insertion told before a parenthesis that goes on about it ("placed 04/22 ... (cutdown, then over a wire)")
_INSERTED_WORD = re.compile(r"\b(?:placed|inserted|cannulated|implanted|since)\b", re.IGNORECASE)
# a move undone ("brought back to its original 16 cm mark")
_BACK_TO_ORIGINAL = re.compile(r"\b(?:brought|put|returned|moved)\s+(?:back\s+)?to\s+(?:its|the)\s+original\b|\b(?:is|remains|remained|left)\s+(?:in|at)\s+(?:its|the)\s+original\s+(?:position|mark|depth)\b|"
                               r"\b(?:re-?sutured|re-?secured|secured)\s+at\s+(?:its|the)\s+original\s+(?:position|mark|depth)\b", re.IGNORECASE)
# a move undone later in the paragraph of an aborted procedure
_MOVED_BACK = re.compile(r"\b(?:re-?advanced|advanced\s+back|pulled\s+back\s+again|re-?withdrawn|withdrawn\s+back)\b", re.IGNORECASE)
_ANOTHER_TUBE_BEFORE = re.compile(rf"\b{_TUBE_WORDS}\b[^.;]{{0,40}}$", re.IGNORECASE)
# a correction that gives the moved device another name ("... was the introducer sheath, not an ECMO cannula")
_NOT_AN_ECMO_CANNULA = re.compile(r"\bnot\s+(?:an?\s+|the\s+)?(?:ECMO|ECLS)\s+cannula\b", re.IGNORECASE)
_A_DISTANCE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:cm|mm)\b", re.IGNORECASE)
_PLACED_AND = re.compile(r"\b(?:placed|inserted|introduced)\b[^.;:]*\band\s+(?:then\s+)?(?:was\s+|were\s+)?$", re.IGNORECASE)
_DATED_BETWEEN = re.compile(r"\d{1,2}/\d{1,2}|\d{4}-\d{2}-\d{2}|\bDr\b|\b(?:yesterday|previously|earlier|ago|day|days|pod|hd|admission|outside|referring|"
                            r"initiation|cannulation|arrest|cath|OR|ED|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.IGNORECASE)
_MEASURED_OR_TODAY = re.compile(r"\b\d+(?:\.\d+)?\s*(?:cm|mm)\b|\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|by\s+me)\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()\n]*\)")
_CLAUSE_BREAK = re.compile(r"[,;:]")
_RELATIVE_START = re.compile(r"\s*(?:which|who|whom|that|where)\b", re.IGNORECASE)
_OPENING_OF = re.compile(r"\s+(?:of|of\s+the|of\s+his|of\s+her|of\s+their)(?:\s+(?:median|previous|prior|recent|redo|left|right|anterior|lateral|posterolateral))*\s+", re.IGNORECASE)
_BARE_REOPENING = re.compile(r"re-?exploration|re-?explored|re-?opening|reopen(?:ed|ing)?|re-opened", re.IGNORECASE)
_CENTRAL_AT_THE_SKIN = ("a central (chest) cannula was moved at the skin without opening the chest: "
                        "neither the central codes (sternotomy/thoracotomy) nor the peripheral ones fit cleanly (R12)")
# between an insertion word and a date: the date is another event's ("cannulation for ARDS
# diagnosed 11/03", "cannulated (admitted 11/03)")
_ANOTHER_EVENT_BEFORE_DATE = re.compile(r"[()\[\]]|\b(?:since|until|through|from|after|before|following|for|admit\w*|"
                                        r"diagnos\w*|born|transfer\w*|intubat\w*|start\w*|onset|presented)\b",
                                        re.IGNORECASE)
_ERROR_REACH = 600
# (a note of a bundle the layout does not split: a blank line, then a title line in capitals that names a note
# and gives its date or time - "\n\nECMO PROCEDURE NOTE 03/14/2026 11:40")
_ANOTHER_NOTES_TITLE = re.compile(r"\n[ \t]*\n[ \t]*[A-Z][A-Z0-9 /&()-]{2,60}\b(?:NOTE|REPORT|ADDENDUM)\b[^\n]{0,40}?"
                                  r"\b\d{1,2}[/:.-]\d{1,2}")
# (a notice that retracts every note of the document: "** ENTIRE DOCUMENT ENTERED IN ERROR - all entries below retracted **")
_EVERYTHING_BELOW = re.compile(r"\b(?:entire|whole)\s+(?:document|record|file|bundle|packet|chart\s+entry)\b|"
                               r"\ball\s+(?:of\s+)?(?:the\s+)?(?:entries|notes|pages|documents|text)\s+below\b", re.IGNORECASE)
_A_STATEMENT_IN_ERROR = re.compile(r"\b(?:was|were|is|are|been)\s+$", re.IGNORECASE)
# what a notice at the top of a note says it retracts
_THE_WHOLE_NOTE = re.compile(r"\b(?:this|the|entire|whole)\s+(?:note|document|report|entry)\b|"
                             r"\b(?:preceding|previous|above)\s+(?:addendum|note|entry|event\s+note)\b|"
                             r"\b(?:note|entry|addendum)\s+(?:(?:timed|at|from|of)\s+[\d:/]{3,10}\s+)?(?:above|below)\b|"
                             r"\b(?:content|procedure|text|body|event|events|entry|documentation)\s+(?:(?:described|documented)\s+)?(?:below|above)\b|"
                             r"\bdisregard\b", re.IGNORECASE)
# the words one of which every "entered in error" marker holds (lexicon: document.entered_in_error)
_ERROR_MARK_WORDS = ("error", "wrong", "retracted", "voided", "rescinded")
# (the bare word says how, not where: a site cue must name the skin, the site or its sutures)
_THE_WORD_PERCUTANEOUS = ("percutaneous", "percutaneously")
_DENIED_JUST_BEFORE = re.compile(r"\b(?:not|never|without)\b[^.;\n]*$", re.IGNORECASE)
_QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"})
_A_FIELDS_KEY = re.compile(r"[\"'\u201c\u2018]?[A-Za-z_][\w ]{0,20}[\"'\u201d\u2019]?[ \t]*[:=][ \t]*$")
# (one clause: not "Jet not on TV, so under TEE we torqued or otherwise repositioned the Crescent")
_NOT_OR_OTHERWISE = re.compile(r"\b(?:not|never|n['\u2019]t)\b(?:(?!\b(?:but|so|then|and)\b)[^.;:,\n]){0,40}?\b(?:or|nor)\s+otherwise\s+$", re.IGNORECASE)
_NOT_A_SITE_WORD = frozenset({"the", "a", "an", "at", "of", "in", "via", "through", "existing", "prior", "previous", "original", "same", "initial"})
# (the sentence before a passive "was pulled out" that tells no snag: imaging that "caught" a malposition,
# or a cannula that went in and is brought back: "slid in 2 cm ... was pulled out 2 cm back to the 42 cm mark")
_NOT_A_SNAG = re.compile(r"\b(?:caught|seen|noted|detected)\s+on\s+(?:the\s+)?(?:\w+\s+)?(?:CXR|x-?ray|film|TTE|TEE|echo|CT|US|ultrasound|fluoro\w*|imaging)\b|"
                         r"\b(?:pushed|slid|slipped|migrated|advanced|went)\s+(?:further\s+)?in(?:wards?|to)?\b", re.IGNORECASE)
_PUT_RIGHT = re.compile(r"\b(?:back\s+to|to\s+the\s+[\w -]{0,12}mark|secured|re-?secured)\b", re.IGNORECASE)
_UNCHANGED_MARK = re.compile(r"\b(?:pre|before)\b[^\n\d]{0,20}(\d+(?:\.\d)?)\s*cm\b[^\n]{0,30}?\b(?:post|after)\b[^\n\d]{0,20}\1\s*cm\b"
                             r"|\b(\d+(?:\.\d)?)\s*cm\s+(?:pre|before)\b[ \t,;/]{0,4}(?:and\s+)?\2\s*cm\s+(?:post|after)\b", re.IGNORECASE)
# (a bare act that says neither how far nor which way: "cannula repositioned and re-secured")
_BARE_ACT = re.compile(r"(?:re-?position|re-?adjust|adjust|manipulat)\w*$", re.IGNORECASE)
_A_DISTANCE_OR_TURN = re.compile(r"\d(?:\.\d)?\s*(?:cm|mm|centimet\w*|millimet\w*|deg\w*|\u00b0)|\b(?:rotat|torqu|twist|clockwise|counter-?clockwise)\w*",
                                 re.IGNORECASE)
_A_TURN = re.compile(r"\b(?:rotat|torqu|twist|re-?angl|(?:counter-?)?clockwise)\w*", re.IGNORECASE)
_BACK_TO_ITS_START = re.compile(r"\b(?:back\s+)?to\s+(?:its|the)\s+original\s+(?:position|mark|depth|orientation|place|location)\b", re.IGNORECASE)
_WITHDRAWING = re.compile(r"\b(?:withdr\w*|pull\w*|retract\w*)", re.IGNORECASE)
_ADVANCING = re.compile(r"\b(?:re-?)?(?:advanc\w*|push\w*)", re.IGNORECASE)
_ANOTHER_THING_MEASURED = re.compile(r"\b(?:ETT|endotracheal|tube|NGT|OGT|catheter|Impella|sheath|PICC|CVC|line)\b", re.IGNORECASE)
_LEFT_ALONE_AFTER = re.compile(r"[ \t,]*\(?\s*(?:not\s+(?:touched|manipulated|moved|adjusted)|untouched|left\s+alone)\b", re.IGNORECASE)
_CANNULA_ROLES = {"drainage": re.compile(r"\b(?:drainage|drain|venous|inflow)\b", re.IGNORECASE),
                  "return": re.compile(r"\b(?:return|arterial|reinfusion|outflow)\b", re.IGNORECASE)}
_GLOSS_AFTER = re.compile(r"[ \t]*\(([^()\n]{1,40})\)")  # (an aside right after the act that glosses it)
_MIGRATION_WORDS = frozenset({"migrated", "slipped", "slid", "dislodged", "displaced", "accidentally", "inadvertently", "spontaneously"})
_BELOW = re.compile(r"\b(?:paragraph|passage|text|content|entry|section)\s+below\b", re.IGNORECASE)
# (a corrected version given here, not one kept elsewhere: "The correct documentation resides in the intended
# patient's chart")
_A_CORRECTED_VERSION = re.compile(r"\bcorrect(?:ed)?\s+(?:note|version|report|documentation)\b(?![^.\n]{0,60}\b(?:(?:other|another|intended|different|correct)\s+(?:patient['\u2019]s\s+)?(?:chart|encounter|record)|patient['\u2019]s\s+chart)\b)|\bfollows\b",
                                  re.IGNORECASE)
_DOCUMENT_BOUNDARY = re.compile(r"\n[ \t]*\n|^(?:TXA|MSH)\b[^\n]*", re.MULTILINE)
_CODE_NUMBER = re.compile(r"\b3\d{4}\b")
_POSTCARDIOTOMY = re.compile(r"\bpost-?\s?cardiotomy\b|\b(?:failure|failed|unable)\s+to\s+wean\s+(?:from|off)\s+(?:cardiopulmonary\s+)?(?:bypass|CPB)\b"
                             r"|\b(?:s/p|status\s+post)\s+(?:[\w-]+\s+){0,2}?(?:Norwood|Glenn|BDG|Fontan|arterial\s+switch|CABG|AVR|MVR|"
                             r"valve\s+replacement|heart\s+transplant|cardiac\s+surgery|(?:TOF|AVSD|VSD)\s+repair)\b", re.IGNORECASE)
_SIDES = frozenset({"left", "right", "l", "r", "lt", "rt", "bilateral", "-"})

SectionOf = Callable[[Span], Optional[str]]
T = TypeVar("T")


@dataclass
class Mention:
    """A moving verb (or noun), the object it was linked to, and what is known of its time."""

    action: Span
    device: Optional[Span] = None
    section: Optional[str] = None
    time: EventTime = field(default_factory=EventTime)
    claim: bool = False


@dataclass(frozen=True)
class NoteFacts:
    """What the per-mention steps need to know of the whole note."""

    ecmo_context: bool = False  # the note is about ECMO (not only a cannula word)
    adult_patient: bool = False  # an age of 15 or more is the patient's
    patient_twin: Optional[str] = None  # "Patient: TWIN A" -> "A"
    patient_bed: Optional[str] = None  # "Patient: [NAME] (bed 9)" -> "9"
    oxygenator_conflict: bool = False  # a ProtekDuo note both records and denies an oxygenator in the circuit
    protekduo_only: bool = False  # the only cannula the note names is a ProtekDuo: a bare "cannula" is that one
    drain_is_cannula: bool = False  # the note calls its ECMO drainage cannula "the drain" and names no other drain
    actions: tuple[Span, ...] = ()  # the note's repositioning words, in order
    denied_ecmo: frozenset[int] = frozenset()  # where ConText reads an ECMO word as denied ("No mechanical support (IABP/ECMO) required")
    other_charts: tuple[tuple[int, int, str], ...] = ()  # (start, end, whose): pages of another patient's chart
    vad_only: bool = False  # the note says the circuit now runs as a VAD, its oxygenator out ("running as LVAD only")


_PROCEDURE_SEPARATORS = frozenset({"/", ",", "+", "&", "and", ";"})
# An option's mark at the start of its line: "(a) ", "b) ", "2. ", "- ", "* " (not "Dr. ")
_OPTION_ITEM = re.compile(r"[ \t]*(?P<mark>\([a-z0-9]{1,2}\)|[a-z]\)|\d{1,2}[.)]|[-*\u2022])[ \t]+", re.IGNORECASE)


def _sentence_start(text: str, offset: int) -> int:
    """Where the sentence (or clause after a semicolon, or line) holding `offset` starts."""
    return max(text.rfind(c, 0, offset) for c in ".;\n") + 1


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Where the line holding `offset` starts and ends (its newline, or the text's end)."""
    end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end


def _sentence_end(text: str, offset: int) -> int:
    """Where the sentence holding `offset` ends (its full stop, or the line's end)."""
    ends = [e for e in (text.find(". ", offset), text.find(".\n", offset), text.find("\n", offset)) if e >= 0]
    return min(ends) if ends else len(text)


def _item_shape(mark: str) -> str:
    """The kind of a list mark: "(a)" and "(b)" are one list, "1." another, "-" a third."""
    return re.sub(r"[a-z]", "a", re.sub(r"\d+", "1", mark.lower()))


_DILATED_FOR_IT = re.compile(r"\b(?:tract|skin|site|septum|septostomy)\s+(?:was\s+)?(?:serially\s+)?dilated\b|"
                             r"\bdilated\s+(?:up\s+)?to\s+\d{1,2}\s*(?:fr|f|french)\b|\bserial(?:ly)?\s+dilat\w*", re.IGNORECASE)
_REFUSED_ACT = re.compile(r"\b(?:not\s+to|decided\s+against|decision\s+against|(?:elected|chose|opted)\s+not\s+to)\s+"
                          r"(?:re-?)?(?:advanc\w*|withdraw\w*|reposition\w*|pull\w*\s+back|rotat\w*|adjust\w*|manipulat\w*)"
                          r"[^()\n.;]{0,40}$", re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:instead|but|rather|however)\b", re.IGNORECASE)
_SENTENCE_ENDS = re.compile(r"[.;!?](?:\s|$)")
_MEASURE_WORDS = frozenset({"~", "cm", "mm", "approximately", "approx", "about", "roughly", "another", "further"})
_LIST_JOINERS = frozenset({",", "or", "and", "nor", "/", "otherwise"})  # ("not advanced, withdrawn or otherwise manipulated")


@dataclass(frozen=True)
class Verdict:
    """What a step decided about a mention: ruled out, needs review, or skipped quietly."""

    kind: str  # "out", "review" or "skip"
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()


def family(label: str) -> str:
    if label in NOUN_LABELS:
        return "NOUN"
    if label in APPROACH_LABELS or label == "NON_APPROACH":
        return "APPROACH"
    if label in AGE_LABELS:
        return "AGE"
    return label


def prune_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Longest match wins within a family of labels; different families may overlap."""
    return [span for _, _, _, span in prune_overlapping((s.start, s.end, s.label_, s) for s in spans)]


def prune_overlapping(matches: Iterable[tuple[int, int, str, T]]) -> list[tuple[int, int, str, T]]:
    """`prune_overlaps` on (start, end, label, anything) tuples: the same matches stay, in the
    same order, before any Span is made."""
    kept: list[tuple[int, int, str, T]] = []
    by_family: dict[str, list[tuple[int, int, str, T]]] = {}
    for match in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        start, end, label, _ = match
        group = by_family.setdefault(family(label), [])
        if group and start < group[-1][1]:
            if (end - start) > (group[-1][1] - group[-1][0]):
                group[-1] = match
            continue
        group.append(match)
    for group in by_family.values():
        kept.extend(group)
    return sorted(kept, key=lambda m: (m[0], m[1]))


# What a pointer names when it points to the record of the procedure itself (not "see CXR report")
_A_PROCEDURE_RECORD = re.compile(r"procedure|operative|\bop\b|physician|surgeon|separate|documentation|"
                                 r"\b(?:his|her|their)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\w{3,}[.;:]\s")  # ("per minute without chatter. end dictation": no pointer)


def _inside_an_aside(doc: Doc, sent_start: int, noun: Span, action: Span) -> bool:
    """The noun stands in a parenthesis closed before the act: "the arterial cannula (partly
    withdrawn, tip in the external iliac) re-seated 2 cm deeper"."""
    opened = next((t.i for t in reversed(doc[sent_start:noun.start]) if t.text in "()"), None)
    return opened is not None and doc[opened].text == "(" and any(t.text == ")" for t in doc[noun.end:action.start])


def _heads_the_note(text: str, bed: re.Match) -> bool:
    """A unit-bed label ("4E-03", "12B") the note's top names too ("MICU 4E-03" over "the patient in
    4E-03"); a bare number is compared with the patient's bed the note's fields give, not here."""
    label = bed.group("bed")
    if label.isdigit():
        return False
    return re.search(rf"(?<![\w/-]){re.escape(label)}(?![\w/-])", text[:min(bed.start(), 400)], re.I) is not None


def _bed_number(label: re.Match) -> str:
    """A bed label's number as compared: "03" and "3" are one bed."""
    return label.group("bed").upper().lstrip("0")


def _meta(span: Span) -> dict:
    return metadata_of(span)


# a line standing alone as a heading: "--- Teaching addendum (...) ---", "TEACHING (general):"
_A_BANNER_OR_HEADING = re.compile(r"^[ \t]*[-=*#]{2,}.*[-=*#]{2,}[ \t]*$|:[ \t]*$")
_NUMBERED_ITEM = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[-\u2022*])[ \t]")
_A_COLUMN_NAME = re.compile(r"[A-Za-z][A-Za-z /#()_-]{0,24}")


@lru_cache(maxsize=4)
def _superseded_cells(text: str, old_value: re.Pattern, new_value: re.Pattern) -> tuple[tuple[int, int], ...]:
    """The cells of an audit trail's old-value column: what an edit replaced."""
    if "old" not in text.lower() and "previous" not in text.lower() and "prior" not in text.lower():
        return ()
    new_headers = {column.header[0] for column in columns(text, new_value)}
    found = []
    for column in columns(text, old_value):
        header_start, header_end = _line_bounds(text, column.header[0])
        if not any(header_start <= start < header_end for start in new_headers):
            continue  # (only an old value beside a new one in its header row is an edit's record)
        last = column.header[1]
        for cell in column.cells:
            row = text[slice(*_line_bounds(text, cell[0]))]
            if BLANK_LINE.search(text, last, cell[0]) or all(_A_COLUMN_NAME.fullmatch(c.strip()) for c in row.split("|") if c.strip()):
                break  # (a blank line or a row of column names - "Time | Event | Result | By" - starts another table)
            found.append(cell)
            last = cell[1]
    return tuple(found)


def _told(positives: list[Mention]) -> list[Mention]:
    """The acts the narrative tells (a title or "Procedure: ..." line only claims)."""
    return [m for m in positives if not m.claim]


def _blocking_modifier(span: Span) -> Optional[tuple[str, Span]]:
    for modifier in span._.modifiers:
        if modifier.category in RULING_OUT:
            start, end = modifier.modifier_span
            if end <= span.start and _in_an_aside_before(span, start):
                continue  # "Under TTE guidance (no fluoroscopy) the Avalon was withdrawn 1 cm": the aside's own
            if start >= span.end and _names_the_old_place(span, start, end):
                continue  # "rotated about 20 degrees (previously pointing toward the septum)": where it was before
            return modifier.category, span.doc[start:end]
    return None


def _names_the_old_place(span: Span, start: int, end: int) -> bool:
    """The modifier is 'previously' (or 'formerly') in an aside opened after the span, followed by where
    the cannula lay or pointed ('(tip previously sitting deep in the IVC)')."""
    doc = span.doc
    if doc[start:end].text.lower() not in ("previously", "formerly") or \
            not any(span.end <= opened < start < closed for opened, closed in _parenthesised(doc[start].sent)):
        return False
    return bool(A_PLACE_AFTER.match(doc.text, doc[end - 1].idx + len(doc[end - 1].text)))


def _in_an_aside_before(span: Span, token: int) -> bool:
    """The token is inside a parenthesis closed before the span begins."""
    return any(start < token < end <= span.start for start, end in _parenthesised(span.doc[token].sent)
               if span.doc[end - 1].text == ")")


def _parenthesised(sent: Span) -> list[tuple[int, int]]:
    """The token ranges inside parentheses in a sentence (outermost, closed or not)."""
    ranges, depth, start = [], 0, 0
    for token in sent:
        if token.text == "(":
            if depth == 0:
                start = token.i
            depth += 1
        elif token.text == ")" and depth:
            depth -= 1
            if depth == 0:
                ranges.append((start, token.i + 1))
    if depth:
        ranges.append((start, sent.end))
    return ranges


def _snippet(doc: Doc, *spans: Span) -> str:
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    if end - start > 14:
        return " ... ".join(span_text(s) for s in sorted(spans, key=lambda s: s.start))
    return " ".join(span_text(doc[start:end]).split())


def _match_ev(match: re.Match, layout: Layout) -> Evidence:
    """The words a regex found, as context evidence with their section."""
    return Evidence("context", match.group(), match.start(), match.end(), layout.section_at(match.start()))


def _ev(label: str, span: Span, section: Optional[str]) -> Evidence:
    return Evidence(label, span_text(span), span.start_char, span.end_char, section)


class FindingsBuilder:
    """Reads one processed Doc into Findings. Word lists come from `patterns/lexicon.json`."""

    def __init__(self, lexicon: dict) -> None:
        self.lexicon = lexicon
        self._starts_of: Optional[list[Span]] = None
        self._noun_starts: list[int] = []
        self.words = {key: frozenset(value) for key, value in lexicon.items() if isinstance(value, list)}
        self.established_run = compile_rule(lexicon["established_run_pattern"], re.I)
        self.rule_of_practice = compile_rule(lexicon["rule_of_practice"], re.I)
        self.not_our_practice = compile_rule(lexicon["not_our_practice"], re.I)
        self.doing_cue = compile_rule(lexicon["doing_cue"], re.I)
        self.another_device_placed = compile_rule(lexicon["another_device_placed"], re.I)
        # (table header names, matched in full by `columns`)
        self.old_value_column = re.compile(lexicon["audit_columns"]["old_value"], re.I)
        self.new_value_column = re.compile(lexicon["audit_columns"]["new_value"], re.I)
        self.todays_heading_line = compile_rule(lexicon["todays_heading_line"])
        self.outcome_lost = compile_rule(lexicon["outcome_lost"], re.I)
        self.general_teaching = compile_rule(lexicon["general_teaching"], re.I)
        self.procedures_none = compile_rule(lexicon["procedures_none"])
        self.field_denies_a_move = compile_rule(lexicon["field_denies_a_move"], re.I)
        self.attempt_to_move = compile_rule(lexicon["attempt_to_move"], re.I)
        self.carries_risk = compile_rule(lexicon["carries_risk"], re.I)
        self.caught_on = compile_rule(lexicon["caught_on"], re.I)
        self.taken_there = compile_rule(lexicon["taken_there"], re.I)
        self.planned_or_denied = compile_rule(lexicon["planned_or_denied"], re.I)
        self.judged_act = compile_rule(lexicon["judged_act"], re.I)
        self.converted_to_open = compile_rule(lexicon["converted_to_open"], re.I)
        # "placed on VA ECMO on 11/19", "CABG on 04/07, unable to wean -> central VA ECMO"
        self.run_started_on = compile_rule(lexicon["run_started_on"], re.I)
        scope = lexicon["section_scope"]
        self.excluded_sections = frozenset(scope["excluded"])
        self.detail_sections = frozenset(scope["background_unless_detailed"])
        self.anchoring_sections = frozenset(scope["anchoring"])
        self.anchoring_label = compile_rule(scope["anchoring_label"], re.I)
        self.history_label = compile_rule(scope["history_label"], re.I)
        self.distance = compile_rule(lexicon["procedural_detail"]["distance"], re.I)
        self.accidental = compile_rule(lexicon["accidental_context"], re.I)
        self.talked_about = compile_rule(lexicon["talked_about"], re.I)
        self.teaching_text = compile_rule(lexicon["teaching_text"], re.I)
        self.booking_clause = compile_rule(lexicon["booking_clause"], re.I)
        self.left_in_place = compile_rule(lexicon["left_in_place"], re.I)
        self.ended_where_it_was = compile_rule(lexicon["ended_where_it_was"], re.I)
        self.cannula_untouched = compile_rule(lexicon["cannula_untouched"], re.I)
        self.status_unchecked = re.compile(lexicon["status_left_unchecked"], re.I | re.M)
        self.blank_line_end = re.compile(lexicon["blank_at_line_end"])
        self.blank_measure = re.compile(lexicon["blank_measure"], re.I)
        self.doubt_cues = re.compile(lexicon["doubt_cues"], re.I)
        self.doubt_it_moved = compile_rule(lexicon["doubt_it_moved"], re.I)
        self.amendment_pending = compile_rule(lexicon["amendment_pending"], re.I)
        self.not_moved_said = compile_rule(lexicon["not_moved_said"], re.I)
        self.about_midnight = re.compile(lexicon["about_midnight"], re.I)
        self.called_wrong = re.compile(lexicon["called_wrong"], re.I)
        self.quoted_as_replaced = re.compile(lexicon["quoted_as_replaced"], re.I)
        self.a_passage_named = re.compile(lexicon["a_passage_named"], re.I)
        self.through_the_chest = compile_rule(lexicon["through_the_chest"], re.I)
        self.approach_of_another_procedure = compile_rule(lexicon["approach_of_another_procedure"], re.I)
        self.approach_as_a_finding = compile_rule(lexicon["approach_as_a_finding"], re.I)
        self.generic_statement = compile_rule(lexicon["generic_statement"], re.I)
        self.chest_not_opened = compile_rule(lexicon["chest_not_opened"], re.I)
        self.thing_exchanged_before = compile_rule(lexicon["exchanged_thing"]["before"], re.I)
        self.unit_patient_line = compile_rule(lexicon["unit_list"]["patient_line"])
        self.unit_entry_age = compile_rule(lexicon["unit_list"]["entry_age"], re.I)
        self.unit_ecmo_run = compile_rule(lexicon["unit_list"]["ecmo_run"], re.I)
        self.named_after_act = compile_rule(lexicon["moved_device_named"]["after_act"], re.I)
        self.named_words_between = compile_rule(lexicon["moved_device_named"]["words_between"], re.I)
        self.charge_item_before = compile_rule(lexicon["charge_item_before"], re.I)
        self.migration_then_fix = compile_rule(lexicon["migration_then_fix"], re.I)
        self.central_run_named = compile_rule(lexicon["central_run_named"], re.I)
        self.thing_exchanged_after = compile_rule(lexicon["exchanged_thing"]["after"], re.I)
        self.central_config_ended = compile_rule(lexicon["central_config_ended"], re.I)
        self.seen_on_imaging = compile_rule(lexicon["seen_on_imaging"], re.I)
        self.approach_not_stated = compile_rule(lexicon["approach_not_stated"], re.I)
        self.approach_denied_after = compile_rule(lexicon["approach_denied_after"], re.I)
        self.operating_room = compile_rule(lexicon["operating_room_record"]["kind_words"], re.I)
        self.re_secured = compile_rule(lexicon["operating_room_record"]["re_secured"], re.I)
        self.act_in_theatre = compile_rule(lexicon["operating_room_record"]["act_in_theatre"], re.I)
        self.re_site_words = frozenset(lexicon["re_site"]["words"])
        self.to_another_site = compile_rule(lexicon["re_site"]["to_another_site"], re.I)
        self.removed_and_new = compile_rule(lexicon["re_site"]["removed_and_new"], re.I)
        self.during_insertion = compile_rule(lexicon["during_insertion"], re.I)
        self.earlier_occasion = compile_rule(lexicon["insertion_at_an_earlier_occasion"], re.I)
        self.open_insertion = compile_rule(lexicon["open_insertion"], re.I)
        self.bypass_cannulation = compile_rule(lexicon["bypass_cannulation"], re.I)
        self.author = compile_rule(lexicon["time"]["author"], re.I)
        self.time_of_day = compile_rule(lexicon["time"]["time_of_day"], re.I | re.M)
        self.ages = PatientAges(lexicon)
        oxygenator = lexicon["oxygenator"]
        self.oxygenator = compile_rule(oxygenator["present"], re.I)
        self.no_oxygenator = compile_rule(oxygenator["absent"], re.I)
        self.no_oxygenator_gate = LiteralGate(self.no_oxygenator)  # (searched in every note, named in few)
        self.rvad = compile_rule(oxygenator["rvad"], re.I)
        self.oxygenator_in_circuit = compile_rule(oxygenator["in_circuit"], re.I)
        self.vad_only = compile_rule(oxygenator["vad_only"], re.I)
        self.oxygenator_undone = compile_rule(oxygenator["undone"], re.I)
        self.oxygenator_in_doubt = compile_rule(oxygenator["in_doubt"], re.I)
        self.ecmo_names_people = compile_rule(oxygenator["names_people"], re.I)
        self.technique = compile_rule(lexicon["procedural_detail"]["technique"], re.I)
        self.correction = compile_rule(lexicon["document"]["correction"], re.I)
        self.entered_in_error = compile_rule(lexicon["document"]["entered_in_error"], re.I)
        self.struck_line = compile_rule(lexicon["document"]["struck_line"])
        self.asks_which_code = compile_rule(lexicon["document"]["asks_which_code"], re.I)
        self.separate_record = compile_rule(lexicon["document"]["separate_record"], re.I)
        self.not_the_record = compile_rule(lexicon["document"]["not_the_record"], re.I)
        self.procedure_record_title = compile_rule(lexicon["document"]["procedure_record_title"], re.I)
        self.procedure_kind = compile_rule(lexicon["document"]["procedure_kind"], re.I)
        self.correcting_sections = frozenset(lexicon["document"]["correcting_sections"])
        other = lexicon["other_person"]
        self.possessors = frozenset(other["possessors"])
        self.adult_only_possessors = frozenset(other["adult_only"])
        self.other_subject = compile_rule(other["subject"], re.I)
        self.compared_case = compile_rule(other["compared_case"], re.I)
        self.patient_twin = compile_rule(other["patient_twin"], re.I)
        self.twin = compile_rule(other["twin"], re.I)
        self.patient_bed = compile_rule(other["patient_bed"], re.I)
        self.reported_by = compile_rule(other["reported_by"], re.I)
        self.bed_label = compile_rule(other["bed_label"], re.I)
        self.patient_unit_bed = compile_rule(other["patient_unit_bed"])
        self.performed_on = compile_rule(other["performed_on"], re.I)
        self.patient_name_field = compile_rule(other["patient_name_field"])
        self.named_row = compile_rule(other["named_row"])
        self.marked_other = compile_rule(other["marked_other"], re.I)
        self.options_lead_in = compile_rule(lexicon["options_lead_in"])
        self.other_patient_field = compile_rule(other["other_patient_field"])
        self.pasted_block = compile_rule(other["pasted_block"])
        self.pasted_block_end = compile_rule(other["pasted_block_end"])
        self.page_banner = compile_rule(other["page_banner"])
        self.record_number = compile_rule(other["record_number"], re.I)
        self.page_marker = compile_rule(other["page_marker"], re.I)

    # -- linking a verb to its object --------------------------------------------------
    def _starts(self, nouns: list[Span]) -> list[int]:
        """The nouns' start tokens (sorted, as `nouns` is), kept for the list last asked about."""
        if self._starts_of is not nouns:
            self._starts_of, self._noun_starts = nouns, [n.start for n in nouns]
        return self._noun_starts

    def link(self, doc: Doc, action: Span, nouns: list[Span]) -> Optional[Span]:
        sent = action.sent
        starts = self._starts(nouns)
        before = [n for n in nouns[bisect_left(starts, sent.start):bisect_left(starts, action.start)]
                  if n.end <= action.start]
        after = [n for n in nouns[bisect_left(starts, action.end):bisect_left(starts, sent.end)] if n.end <= sent.end]
        candidate_after = None
        if after:
            gap = doc[action.end:after[0].start]
            # "insertion of a 17 Fr left femoral arterial ECMO cannula": words of the device's
            # own phrase (sizes, sides, sites, roles) do not put it further away
            other_words = [t for t in gap if not self._device_phrase_word(t)]
            denied_noun = after[0].start > 0 and doc[after[0].start - 1].lower_ in ("no", "without")
            if len(other_words) <= 6 and not any(t.lower_ in self.words["link_blockers"] for t in gap) and not denied_noun:
                # ("withdrawn ~2 cm and re-angled, no wire": a device said not to be used is no object)
                candidate_after = after[0]
                if candidate_after.label_ == "PATIENT" and len(after) > 1 and after[1].label_ == "ECMO_CANNULA" and \
                        after[1].start - candidate_after.end <= 2 and all(t.like_num for t in doc[candidate_after.end:after[1].start]):
                    candidate_after = after[1]  # "repositioning of the Bed 4 cannula": the bed names whose cannula
        candidate_before = before[-1] if before else None
        if candidate_before is not None and candidate_before.label_ == "NON_DEVICE" and \
                candidate_before.root.lower_ in self.words["device_parts"] and len(before) > 1 and \
                before[-2].end == candidate_before.start and before[-2].label_ == "ECMO_CANNULA":
            candidate_before = before[-2]  # "the cannula tip ... withdrawn": the tip moves with its cannula
        if candidate_before is not None and candidate_before.label_ == "NON_DEVICE" and (any(
                t.text in {",", ";", "-", "--", "\u2013", "\u2014", ">", "->"} for t in doc[candidate_before.end:action.start])
                or _inside_an_aside(doc, sent.start, candidate_before, action)):
            # "Venous cannula: skin sutures cut, advanced 1 cm": the sutures are the object of
            # "cut"; the subject of "advanced" is the device before them (and "the cannula position
            # is good on CXR, no adjustment needed" speaks of the cannula)
            devices = [n for n in before if n.label_ != "NON_DEVICE"]
            if not devices and any(t.like_num for t in action):
                # "POCUS: R fem drainage tip in hepatic vein. Sterile prep, sutures cut, pulled back
                # 3 cm": a measured act in a list of steps moves the device the sentence before names
                devices = [device] if (device := self._device_before(doc, sent, nouns)) is not None else []
            candidate_before = devices[-1] if devices else candidate_before
        if candidate_before is not None and candidate_before.label_ != "NON_DEVICE":
            # "the skin sutures on the arterial cannula were removed": the sutures were
            head = [n for n in before if n.label_ == "NON_DEVICE" and n.end <= candidate_before.start
                    and candidate_before.start - n.end <= 4]
            between = {t.lower_ for t in doc[head[-1].end:candidate_before.start]} if head else set()
            # (not across a clause: "sutures cut at groin, cannula repositioned - pulled back ~3cm")
            if head and between & self.words["attaching_words"] and not between & {",", ";"}:
                candidate_before = head[-1]
        # "repositioning of the cannula", "pulled the cannula back": the object comes after
        following = next((t for t in doc[action.end:sent.end] if not t.is_space), None)
        nominal = action.root.lower_ in self.words["nominal_actions"] or _meta(action).get("form") == "verb_before_object" \
            or (candidate_after is not None and following is not None and (
                following.lower_ in self.words["determiners"] or following.lower_ == "of" and not self._a_measure_after(doc, following)))
        # ("I ... withdrew the venous cannula": a verb with a determiner after it takes its object there,
        # and so does a noun with "of": "... over a wire and insertion of a 31 Fr Crescent")
        for candidate in ((candidate_after, candidate_before) if nominal else (candidate_before, candidate_after)):
            if candidate is not None:
                return candidate
        return self._antecedent(doc, action, nouns) or self._role_labelled(doc, action, nouns)

    def _role_labelled(self, doc: Doc, action: Span, nouns: list[Span]) -> Optional[Span]:
        """'Sutures cut on both cannulae.' over '- Drainage (L CFV): pulled back 6 cm': an item
        labelled with a cannula's role is about the ECMO cannula the lines above name."""
        text = doc_text(doc)
        lead = _ROLE_LABEL.match(text, action.sent.start_char, action.start_char)
        if lead is None or lead.end() != action.start_char or lead.group("role").lower() not in self.words["ecmo_role_words"]:
            return None
        window = action.start_char - 600
        above = [n for n in nouns if n.label_ == "ECMO_CANNULA" and window <= n.start_char and n.end <= action.sent.start]
        return above[-1] if above else None

    @staticmethod
    def _a_measure_after(doc: Doc, word: Token) -> bool:
        """'advanced of 5 cm' (a distance, as writers whose language says 'avanzata di 5 cm' put it):
        no object follows."""
        return word.i + 1 < len(doc) and doc[word.i + 1].like_num

    def _device_phrase_word(self, token: Token) -> bool:
        word = token.lower_
        return token.like_num or self._is_size(word) or word in self.words["determiners"] \
            or word in self.words["ecmo_role_words"] or word in self.words["peripheral_site_words"] \
            or word in self.words["central_site_words"] or word in _SIDES

    def _sized(self, doc: Doc, device: Span) -> bool:
        """The cannula's own phrase gives its size ('12 Fr Bio-Medicus cannula'), after any comma."""
        before = list(doc[max(device.sent.start, device.start - 6):device.start])
        cut = max((i for i, t in enumerate(before) if t.text in {",", ";", "."}), default=-1)
        return any(self._is_size(t.lower_) for t in before[cut + 1:] + list(device))

    def _is_size(self, word: str) -> bool:
        """'Fr', 'french', or a size written as one word: '25Fr', '6f'."""
        return word in self.words["size_units"] or bool(_GLUED_SIZE.fullmatch(word))

    def _antecedent(self, doc: Doc, action: Span, nouns: list[Span], denied: bool = False) -> Optional[Span]:
        """'Impella repositioned; withdrawn 2 cm' - an elided or pronoun subject. `denied`: the
        act is negated, and a pronoun subject alone will do ('It was therefore NOT repositioned')."""
        sent = action.sent
        lead = [t for t in doc[sent.start:action.start] if not t.is_space and not t.is_punct]
        following = next((t for t in doc[action.end:sent.end] if not t.is_space), None)
        object_pronoun = following is not None and following.lower_ in self.words["anaphora_words"]
        pronoun = object_pronoun or any(t.lower_ in self.words["anaphora_words"] for t in lead[:1] + lead[-3:])
        if not pronoun and len(lead) > 1:
            return None
        measured = any(t.like_num for t in action)  # "Backed out 1 cm, re-sutured": the distance is the act's
        if not object_pronoun and not (denied and pronoun) and not measured and (
                following is None or not (following.like_num or following.lower_ in self.words["anaphora_followers"])):
            return None
        # The subject of the previous sentence: its first device, not the last noun ("...over a
        # wire"); one sentence further back when the previous one names none ("Cannula migrated
        # deep. Sutures cut; withdrawn 1.5 cm").
        return self._device_before(doc, sent, nouns)

    @staticmethod
    def _device_before(doc: Doc, sent: Span, nouns: list[Span]) -> Optional[Span]:
        """The first device of the sentence before, or of the one before that when it names
        none, within the paragraph."""
        start = sent.start
        for _ in range(2):
            if start == 0 or "\n\n" in doc[start - 1].text:
                return None
            previous = doc[start - 1].sent
            earlier = [n for n in nouns if previous.start <= n.start and n.end <= start and n.label_ != "NON_DEVICE"]
            if earlier:
                # ("Patient: 29 yo F, VV ECMO via R femoral drainage cannula." then "Percutaneous
                # repositioning under fluoroscopy performed.": the cannula, not the patient)
                # (not when the line names another device too: "..., Impella CP via L femoral artery.")
                devices = [n for n in earlier if n.label_ != "PATIENT"]
                if earlier[0].label_ == "PATIENT" and devices and all(n.label_ == "ECMO_CANNULA" for n in devices):
                    return devices[0]
                return earlier[0]
            start = previous.start
        return None

    # -- the parts of the note that count ----------------------------------------------
    def _countable(self, span: Span, section: Optional[str]) -> bool:
        return section not in self.excluded_sections

    def _is_posture(self, doc: Doc, action: Span) -> bool:
        # (not the first half of a compound: "repositioned within the side-arm graft")
        following = [t for t in doc[action.end:action.end + 4] if not t.is_space][:3]
        return any(t.lower_ in self.words["posture_words"] and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "-"
                                                                      and not t.whitespace_)
                   for t in following)

    def device_sites(self, doc: Doc, device: Span) -> tuple[bool, bool]:
        """(central, peripheral) words in the cannula's own noun phrase; for a bare 'the
        cannula', in the phrase of the cannula named before it in the sentence ('the RA
        cannula snare was loosened and the cannula advanced')."""
        central, peripheral = self._sites(doc, device)
        if not central and not peripheral and device.start > device.sent.start and \
                doc[device.start - 1].lower_ in {"the", "this", "that"}:
            for token in reversed(doc[device.sent.start:device.start - 1]):
                if token.lower_ in self.words["cannula_words"]:
                    return self._sites(doc, doc[token.i:token.i + 1])
        return central, peripheral

    def _sites(self, doc: Doc, device: Span) -> tuple[bool, bool]:
        start = max(device.sent.start, device.start - 6)
        words = [t.lower_ for t in doc[start:device.end]]
        if "(" in words:  # (a short aside inside the phrase is skipped, not a cut: "the RA (venous) cannula")
            words = _SHORT_ASIDE.sub(" ", " ".join(words)).split()
        # ("LA decompression / ECMO cannula": a procedure named before a separator is another act's)
        ending = self.words["phrase_ending_procedures"]
        cut = max((i for i, w in enumerate(words) if w in self.words["device_phrase_cut_words"]
                   or w in ending and words[i + 1:i + 2] and words[i + 1] in _PROCEDURE_SEPARATORS), default=-1)
        words = words[cut + 1:]
        central = any(w in self.words["central_site_words"] for w in words)
        peripheral = any(w in self.words["peripheral_site_words"] for w in words)
        return central, peripheral

    def _detailed(self, sent: Span, text: Optional[str] = None, before: bool = True) -> bool:
        """The sentence describes doing it: a distance moved and how ('w/d 1 cm at skin per echo').
        Our sentences end at a semicolon: given the note's `text`, the clauses a semicolon joins
        are read as one sentence ('rotated 30 degrees ...; re-sutured'); with `before` False, only
        the clauses after it ('advanced 4 cm into the external iliac; purse-string re-tied', not
        'An attempt was made ... under fluoroscopy; ... brought back to its original mark')."""
        if not self.distance.search(span_text(sent)):
            return False
        if text is None:
            return bool(self.technique.search(span_text(sent)))
        doc, first, last = sent.doc, sent, sent
        while before and first.start > 0 and doc[first.start - 1].text == ";":
            first = doc[first.start - 1].sent
        while last.end < len(doc) and doc[last.end - 1].text == ";":
            last = doc[last.end].sent
        return bool(self.technique.search(text, first.start_char, last.end_char))

    # -- the whole note ------------------------------------------------------------------
    def build(self, doc: Doc, spans: list[Span], layout: Layout, timeline: Timeline,
              text: Optional[str] = None, dayfirst: Optional[bool] = None) -> Findings:
        """`text` is the Doc's text when the caller has it already (rebuilding it is not free)."""
        text = doc_text(doc) if text is None else text

        def section_of(span: Span) -> Optional[str]:
            return layout.section_at(span.start_char)

        findings = Findings()
        by_label: dict[str, list[Span]] = {}
        for span in spans:
            by_label.setdefault(span.label_, []).append(span)
        # (a device named in an unticked box says nothing: "[x] LV vent adjustment  [ ] ECMO cannula
        # repositioning" moved the vent)
        nouns = sorted((s for s in spans if s.label_ in NOUN_LABELS and not layout.is_unchecked(s.start_char)),
                       key=lambda s: s.start)
        cannulae = by_label.get("ECMO_CANNULA", [])
        findings.ecmo_note = bool(by_label.get("ECMO_CONTEXT")) or any(not _meta(c).get("not_ecmo_evidence") for c in cannulae)
        if not findings.ecmo_note:
            return findings
        twin = self.patient_twin.search(text, 0, 600)
        # (a misfiled page's or a pasted paragraph's ages are its patient's, and no correction of ours)
        other_charts = self._other_charts(text)
        findings.ages = self._current_ages(self._corrected_ages(self.ages(doc, [
            s for s in spans if s.label_ in AGE_LABELS and not any(start <= s.start_char < end for start, end, _ in other_charts)],
                                                                          section_of, text, dayfirst,
                                                                          twin.group("label").upper() if twin else None),
                                                                layout), timeline)
        bed = self._patients_bed(text)
        if bed:  # a rounds or sign-out list: the ages on other beds' lines are their patients'
            # ("the case from last month (a 61-year-old man in room 3 whose ...)": so is one said to lie in another bed)
            patient = _bed_number(bed)
            first_other = self._first_other_bed_entry(text, patient)
            findings.ages = [m for m in findings.ages if m.kind != "age" or (
                self._other_bed_line(text, m.evidence.start, timeline, patient) is None
                and not self._in_another_bed(text, m.evidence.end, patient)
                and not self._of_another_bed(text, m.evidence.start, patient)
                and not self._in_no_bed_entry(text, m.evidence.start, patient, timeline, first_other))]
        # ("Maternal history: 34 y/o G2P1 ..." in the infant's note: the mother's age)
        findings.ages = [m for m in findings.ages if m.kind != "age" or not any(
            (owner := self._header_owner(layout, h)) is not None and owner not in self.adult_only_possessors
            for h in layout.enclosing_headers(m.evidence.start)[:1])]
        findings.evidence.extend(m.evidence for m in findings.ages)
        findings.document_kind = layout.kind

        # (a role word - "inflow cannula" - speaks for ECMO only in a note that does not say its
        # circuit has no oxygenator: a TandemHeart or ProtekDuo run as a VAD has them too)
        roles_say_ecmo = not (self.no_oxygenator_gate.open(text) and self.no_oxygenator.search(text))
        # (nor does an oxygenator in a note that says it is out: "now BiVAD only, no oxygenator")
        oxygenator_out, oxygenator_back = self._oxygenator_state(text)
        ecmo_context = any((_blocking_modifier(s) or ("",))[0] != "NEGATED_EXISTENCE"
                           and not (oxygenator_out and not oxygenator_back and _OXYGENATOR_WORD.search(span_text(s)))
                           for s in by_label.get("ECMO_CONTEXT", [])) or any(
            _meta(c).get("brand") or roles_say_ecmo and any(t.lower_ in self.words["ecmo_role_words"]
                                                            for t in doc[max(c.sent.start, c.start - 4):c.start])
            for c in cannulae)

        protekduo = any(_meta(c).get("kind") == "protekduo" for c in cannulae)
        facts = NoteFacts(ecmo_context, any(m.kind == "age" and m.years is not None and m.years >= 15 for m in findings.ages),
                          twin.group("label").upper() if twin else None, _bed_number(bed) if bed else None,
                          oxygenator_back and protekduo,
                          protekduo and all(_meta(c).get("kind") == "protekduo" or not (_meta(c).get("kind") or _meta(c).get("brand"))
                                  for c in cannulae),
                          self._drain_is_cannula(doc, cannulae, by_label.get("OTHER_DEVICE", [])),
                          tuple(by_label.get("REPOSITION", [])),
                          frozenset(s.start_char for s in by_label.get("ECMO_CONTEXT", [])
                                    if (_blocking_modifier(s) or ("",))[0] == "NEGATED_EXISTENCE"),
                          other_charts, oxygenator_out and not oxygenator_back and self._runs_as_a_vad(text))

        positives: list[Mention] = []
        ruled_out: list[str] = []
        review: list[str] = []
        evidence: list[Evidence] = []
        denials: list[Evidence] = []
        denied: list[Mention] = []
        alongside: list[str] = []  # reviews that only count when no other act does
        other_day: list[Mention] = []
        earlier: list[Mention] = []  # acts the narrative dates to a day before this one
        questioned: list[Mention] = []  # "Fellow to clarify whether the cannula was withdrawn"

        def rule_out(reason: str, *ev: Evidence) -> None:
            if reason not in ruled_out:
                ruled_out.append(reason)
                evidence.extend(ev)

        actions = by_label.get("REPOSITION", [])
        removals = by_label.get("REMOVAL", [])
        if removals:
            # ("the venous cannula was withdrawn and a figure-of-eight suture tied at the skin": the
            # removal phrase says what that withdrawal was)
            kept_actions = []
            # ("The left femoral venous cannula was then removed: circuit clamped. The cannula was
            # withdrawn in one smooth motion ...": the paragraph a removal's colon opens tells its steps)
            led = [(r, layout.paragraph_span(r.start_char)[1]) for r in removals
                   if _A_REMOVAL_OPENS_ITS_STEPS.match(layout.text, r.end_char)
                   and self._removes_the_cannula(layout.text, r)]
            for action in actions:
                removal = next((r for r in removals if r.start <= action.start and action.end <= r.end and len(r) > len(action)), None) \
                    or next((r for r, end in led if r.end_char <= action.start_char < end), None)
                if removal is None:
                    kept_actions.append(action)
                else:
                    rule_out(f"cannula removed (decannulation), not repositioned: '{_snippet(doc, removal)}'",
                             _ev("reposition", action, section_of(action)))
            actions = kept_actions
        if len(actions) > MAX_ACTIONS:
            # Each step reads the action's sentence: a flood of moving words in one endless
            # "sentence" (hostile input, never a note) would cost minutes. Read the first ones.
            review.append(f"the note holds {len(actions):,} repositioning words; only the first {MAX_ACTIONS} were "
                          "read: not a note the rules can judge")
            actions = actions[:MAX_ACTIONS]
        steps = (self._quoted, self._talked_about, self._reported, self._referred_after, self._posture, self._in_general, self._object,
                 self._to_another_site, self._whose, self._teaching, self._new_cannula_placed, self._checkbox,
                 self._assertion, self._entered_in_error, self._struck, self._log_row,
                 self._accident, self._during_insertion, self._time, self._document_part, self._cannula_kind)
        for action in actions:
            mention = Mention(action, section=section_of(action))
            for step in steps:
                verdict = step(doc, mention, nouns, layout, timeline, text, facts)
                if verdict is None:
                    continue
                if step == self._object and verdict.kind == "skip" and not layout.is_claim(action.start_char) \
                        and (_blocking_modifier(action) or ("",))[0] == "NEGATED_EXISTENCE":
                    referent = self._antecedent(doc, action, nouns, denied=True)
                    if referent is not None and referent.label_ == "ECMO_CANNULA":
                        # "The aortic ECMO cannula was examined ... It was therefore NOT repositioned"
                        mention.device = referent
                        denials.append(_ev("context", action, mention.section))
                        denied.append(mention)
                if verdict.kind == "out":
                    rule_out(verdict.reason, *verdict.evidence)
                    if step == self._time and mention.time.relation == "past":
                        other_day.append(mention)
                    if (step == self._time or verdict.reason.startswith("repositioning history")) and \
                            mention.device is not None and self._named_day_before(mention, timeline):
                        earlier.append(mention)
                    if step == self._assertion and self._asks_whether_done(doc, action):
                        questioned.append(mention)
                    claim = layout.is_claim(action.start_char)
                    if verdict.reason.startswith("repositioning negated") and (mention.device is not None or ecmo_context) \
                            and (not claim or self._says_correction(layout, action.start_char)):
                        # (a correction's denial counts on a line that also voids the charge: "... was NOT
                        # withdrawn or advanced ... Please void charge 33958", weighed by which cannula it names)
                        if not claim:
                            denials.append(_ev("context", action, mention.section))
                        denied.append(mention)
                elif verdict.kind == "review":
                    # (a distal perfusion cannula adjusted beside a repositioned ECMO cannula adds no
                    # unit to the session's one code: its question matters only when it is alone)
                    (alongside if mention.device is not None and mention.device.label_ == "DPC" else review).append(verdict.reason)
                    evidence.extend(verdict.evidence)
                break
            else:
                positives.append(mention)

        positives = self._claims_against_narrative(doc, positives, denials, layout, rule_out, earlier)
        pointer = timeline.pointer_to_another_note(self.separate_record) if positives else None
        disclaimer = self.not_the_record.search(text) if pointer is not None else None
        if disclaimer is not None:
            # "This record documents circuit management ... only. Cannula procedures are documented
            # by the responsible physician - see CT Surgery bedside procedure note": however detailed
            rule_out(f"the note says it is not the procedure's record ('{disclaimer.group()}') and points to the one that is "
                     f"('{pointer.group()}'): '{_snippet(doc, positives[0].action)}'",
                     *(_ev("reposition", m.action, m.section) for m in positives))
            positives = []
        elif pointer is not None and not any(self._detailed(m.action.sent) or layout.kind_at(m.action.start_char)[0] == PROCEDURE
                                             for m in positives):
            # "RN: Dr. X at bedside with C-arm for cannula adjustment" beside "... see Dr. X's separate
            # procedure note": outside a procedure record, passing words defer to the record named
            rule_out(f"the note points to another note for the procedure ('{pointer.group()}'), and what it says here "
                     f"does not describe the act: '{_snippet(doc, positives[0].action)}'",
                     *(_ev("reposition", m.action, m.section) for m in positives))
            positives = []
        positives = self._corrected(doc, positives, denied, layout, rule_out)
        positives = self._same_session(doc, positives, by_label, nouns, layout, timeline, section_of, rule_out, findings,
                                       facts.patient_bed)
        disagreement = self._authors_disagree(doc, positives, denied, layout, timeline) \
            or self._authors_disagree_on_day(doc, positives, other_day, layout) \
            or self._attested_against_the_narrative(doc, positives, layout) \
            or self._procedures_field_says_none(doc, positives, layout, timeline) \
            or self._denied_in_another_entry(doc, positives, denied, layout, timeline) \
            or self._aborted_against_another_entry(doc, positives, layout) \
            or self._left_unfinished(doc, positives, layout) \
            or self._timed_about_midnight(doc, positives, layout) \
            or self._doubted_after(doc, positives, layout) \
            or self._questioned_after(doc, positives, questioned, layout) \
            or self._ended_where_it_started(doc, positives, layout, timeline) \
            or self._asks_which_code(positives, layout) \
            or self._only_an_attempt_told(doc, positives, layout)
        if disagreement is not None:
            review.append(disagreement[0])
            evidence.extend(disagreement[1])

        findings.ruled_out = ruled_out
        findings.evidence.extend(evidence)
        if positives:
            findings.notes.extend(alongside)
        else:
            review.extend(alongside)
        if review and not positives:
            findings.reposition = True
            findings.review = review
            return findings
        if not positives:
            return findings

        findings.reposition = True
        findings.review = review
        for mention in positives:
            action_ev = _ev("reposition", mention.action, mention.section)
            device_ev = _ev("device", mention.device, section_of(mention.device))
            findings.evidence.extend((action_ev, device_ev))
            findings.acts.append(Act(action_ev, device_ev, mention.time.date, mention.time.relation,
                                     mention.time.cue, mention.claim))
        self._approach(doc, findings, positives, by_label, nouns, layout, timeline, facts.patient_bed, facts.other_charts)
        self._fluoroscopy(findings, by_label.get("FLUOROSCOPY", []), positives, layout, timeline)
        return findings

    # -- the steps, one question each ---------------------------------------------------
    def _quoted(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                text: Optional[str] = None, *_: object) -> Optional[Verdict]:
        """'the "cannula repositioning" box was checked in error': a word named, not an act; a
        quoted sentence is someone's words, not this note's record of the act."""
        action, sent = mention.action, mention.action.sent
        # (by character offsets: the whitespace between the tokens holds no quotes)
        text = doc_text(doc) if text is None else text
        opening = open_aside(text, sent.start_char, action.start_char)
        if opening >= 0 and self.a_passage_named.search(text, max(sent.start_char, opening - 60), opening):
            return Verdict("skip")  # 'The "PROCEDURE" paragraph above (RIJ Avalon withdrawn 2 cm) was copied in error': what it says
        # (on the action's line: a quoted sentence may hold several of ours, and its closing
        # quote follow the full stop: '"... withdrawn 4 cm ... and re-sutured."'; a quotation
        # wrapped onto the next line closes there)
        line_start = text.rfind("\n", 0, action.start_char) + 1
        line_end = text.find("\n", action.end_char)
        next_end = text.find("\n", line_end + 1) if line_end >= 0 else -1
        before = text[max(line_start, sent.start_char - 300):action.start_char]
        after = text[action.end_char:len(text) if line_end < 0 or next_end < 0 else next_end]
        if before.count('"') % 2 == 1 and '"' in after:
            opening = action.start_char - len(before) + before.rfind('"')
            lead = text[line_start:opening].rstrip(" \t")
            if not lead or lead[-1] in ",=[{" or lead.endswith('":'):
                return None  # a CSV cell or a JSON/FHIR value in quotes, not a quotation
            if self.procedure_record_title.search(lead) and lead.rstrip().endswith(":") and not _A_POINTER.search(lead) \
                    and not self.procedure_record_title.match(text, opening + 1) \
                    and self._dated_today_or_timed(lead, timeline, line_start, opening):
                # '1410 Brief procedure note, Dr. Nwosu (ped surg): "... Arterial cannula backed out 1 cm
                # at skin ..."': the procedure note's own words, quoted whole, are its record (dated the
                # date of service, or a timed row of the note's own log)
                return None
            return Verdict("skip")
        return None

    @staticmethod
    def _dated_today_or_timed(lead: str, timeline: Timeline, start: int, end: int) -> bool:
        """The lead names only the date of service, or no date and starts with a time of day."""
        dates = [when for when, _, _ in timeline.written_dates(start, end)]
        return all(when == timeline.service_date for when in dates) if dates else bool(_CLOCK_LEAD.match(lead))

    def _talked_about(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                      text: str, *_: object) -> Optional[Verdict]:
        """'wife updated by phone about the cannula adjustment': the topic of a conversation,
        not the record of the act."""
        action, sent = mention.action, mention.action.sent
        if action[-1].lower_.endswith("ing") and self.generic_statement.match(text, action.end_char, sent.end_char):
            # "(re-advancing a partially withdrawn cannula through the skin carries infection risk)"
            return Verdict("out", f"repositioning named in a statement about such acts in general, not recorded as done: "
                                  f"'{_snippet(doc, action)}'", (_ev("reposition", action, mention.section),))
        following = doc[action.end] if action.end < len(doc) else None
        if following is not None and action.root.lower_ in self.words["nominal_actions"] and \
                following.lower_ in self.words["document_part_nouns"]:
            # ("The fluoroscopy and cannula-withdrawal portion of the original report ... was dictated in error")
            return Verdict("out", f"repositioning named as a part of a document, not recorded as done: "
                                  f"'{_snippet(doc, action, doc[following.i:following.i + 1])}'", (_ev("reposition", action, mention.section),))
        billed = self.charge_item_before.search(text, max(sent.start_char, action.start_char - 60), action.start_char)
        if billed is not None:
            # "charge for ECMO cannula repositioning withdrawn", "claim line for cannula repositioning":
            # a bill's item, not the act
            return Verdict("out", f"repositioning named as a charge or claim item, not recorded as done: "
                                  f"'{_snippet(doc, action)}'", (_ev("reposition", action, mention.section),))
        if not self.talked_about.search(text[sent.start_char:action.start_char]):
            return None
        return Verdict("out", f"repositioning named as the topic of a conversation, not recorded as done: "
                              f"'{_snippet(doc, action)}'", (_ev("reposition", action, mention.section),))

    def _teaching(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                  text: str, *_: object) -> Optional[Verdict]:
        """'04/27 10:00 Teaching addendum for ECMO fellows (...): how a dual-lumen cannula is
        repositioned - sutures cut, cannula withdrawn 2 cm ...': an example on the act's line, not the act."""
        action = mention.action
        line_start = layout.line_at(action.start_char)[0]
        teaching = self.teaching_text.search(text, line_start, action.start_char)
        if teaching is None:
            # ("--- Teaching addendum for fellows/residents (general, not about this patient) ---" heading
            # the block the act is in: a line that opens with the teaching words)
            # (not "Teaching points:\n- Today I withdrew her femoral drainage cannula 2 cm": only a heading
            # that says it is general teaching)
            teaching = next((m for m in self.teaching_text.finditer(text, layout.paragraph_span(action.start_char)[0], line_start)
                             if not text[layout.line_at(m.start())[0]:m.start()].strip(" \t-=*#>[(")
                             and self.general_teaching.search(text, *layout.line_at(m.start()))
                             and _A_BANNER_OR_HEADING.search(text[slice(*layout.line_at(m.start()))])
                             and not self.todays_heading_line.search(text, layout.line_at(m.start())[1], action.start_char)), None)
        if teaching is None:
            return None
        return Verdict("out", f"repositioning described in teaching text ('{teaching.group()}'), not recorded as done: "
                              f"'{_snippet(doc, action)}'", (_ev("reposition", action, mention.section),))

    def _entered_in_error(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                          text: str, *_: object) -> Optional[Verdict]:
        """'PROCEDURE NOTE 13:30 ** ENTERED IN ERROR ** Reason: documented on the wrong patient':
        a document whose top says it was retracted records nothing of this patient's."""
        if not any(word in lowered_text(text) for word in _ERROR_MARK_WORDS):
            return None  # (every marker says "in error", "wrong" or that the note was retracted)
        action = mention.action
        start = max(layout.note_start(action.start_char), action.start_char - _ERROR_REACH)
        for boundary in _DOCUMENT_BOUNDARY.finditer(text, start, action.start_char):
            start = boundary.end()
        # (the document's status, at its top: not "... was entered in error" correcting a line)
        marker = self.entered_in_error.search(text, start, min(action.start_char, start + 200))
        if marker is None or _A_STATEMENT_IN_ERROR.search(text, max(start, marker.start() - 12), marker.start()):
            # ("*** ERROR NOTICE - NOTE ENTERED ON WRONG PATIENT *** ... disregard the content below",
            # a notice in its own block at the top of the note)
            # (or an addendum below: "This note was entered in the wrong patient's chart. The procedure
            # described above was performed on the patient in MICU bed 19")
            # (or a notice just above what it retracts: "ADDENDUM: The paragraph below was dictated into
            # this record IN ERROR and belongs to another patient")
            head = layout.note_start(action.start_char)
            marker = next((m for m in self.entered_in_error.finditer(text, layout.note_start(head - 1) if head else 0)
                           if (m.start() < head + _ERROR_REACH and layout.note_start(m.start()) == head
                               and not (m.end() < action.start_char and _ANOTHER_NOTES_TITLE.search(text, m.end(), action.start_char)
                                        and not _EVERYTHING_BELOW.search(text, max(0, m.start() - 60), layout.line_at(m.start())[1]))
                               or m.start() < head and self._banner_over(text, m, layout.note_start(m.start()), head)
                               or m.start() > action.end_char
                               or start <= m.start() < action.start_char and _BELOW.search(text, max(0, m.start() - 60), m.start()))
                           and self._retracts_the_note(text, m)), None)
            if marker is None:
                return None  # ("Item 2 of the booking was entered in error": a correction, read as one)
        return Verdict("out", f"repositioning in a document marked as entered in error: '{marker.group()}'",
                       (_ev("context", doc.char_span(marker.start(), marker.end(), alignment_mode="expand") or action,
                            layout.section_at(marker.start())), _ev("reposition", action, mention.section)))

    def _struck(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                text: str, *_: object) -> Optional[Verdict]:
        """'Cannula advanced 3 cm under f1uoro to T11  -  error JK 10:52': a paper chart's line struck
        as an error (initials and time) tells no act, and whether it was done needs a query."""
        lowered = lowered_text(text)
        if "err" not in lowered and "mistaken" not in lowered:
            return None  # (every mark says "error", "err." or "mistaken entry")
        action = mention.action
        struck = self.struck_line.search(text, action.end_char, layout.line_at(action.start_char)[1])
        if struck is None or _SENTENCE_ENDS.search(text, action.end_char, struck.start()):
            return None  # (the mark strikes its own sentence: not "... re-sutured. Flow probe alarm - error CLR 10:52")
        return Verdict("review", f"the line that tells the act is struck as an error ('{struck.group().strip(' -')}'): "
                                 f"whether '{_snippet(doc, action)}' was done needs a query",
                       (_ev("reposition", action, mention.section),))

    @staticmethod
    def _banner_over(text: str, marker: re.Match, part_start: int, head: int) -> bool:
        """The marker's paragraph opens the part before the note's title and is all of it: a banner of
        the note below ('** THIS DOCUMENT HAS BEEN MARKED "ENTERED IN ERROR" **', a blank line,
        'Procedure Note - ...'), not the last words of the note before it."""
        marker_line = text.rfind("\n", part_start, marker.start()) + 1
        if any(c.isalpha() for c in text[part_start:max(part_start, marker_line)]):
            return False  # (only a rule of '*' or '=' may stand above the notice's line, not a nursing entry)
        after = BLANK_LINE.search(text, marker.end(), head + 1)  # (a title's start may be a blank line's last "\n")
        return after is not None and not text[after.end():head].strip()

    @staticmethod
    def _retracts_the_note(text: str, marker: re.Match) -> bool:
        """The words around an 'entered in error' marker say the whole note (or its body) is
        retracted, and no corrected version follows."""
        start, end = max(0, marker.start() - 60), marker.end() + 400
        return bool(_THE_WHOLE_NOTE.search(text, start, end)) and not _A_CORRECTED_VERSION.search(text, marker.start(), end)

    @staticmethod
    def _named_day_before(mention: Mention, timeline: Timeline) -> bool:
        """The act's time is a date or a named day before this one ('yesterday evening
        (02/06/2026, 22:15)'), not only a word such as 'previously'."""
        action, sent = mention.action, mention.action.sent
        when = mention.time if mention.time.relation else timeline.when(action.start_char, action.end_char,
                                                                          sent.start_char, sent.end_char)
        return when.relation == "past" and (when.date is not None or bool(_DAY_BEFORE.search(when.cue or "")))

    def _log_row(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                 text: str, *_: object) -> Optional[Verdict]:
        """'1500 | 3514 | 4.5 | ... | CT surg adjusted RIJ return, pre-oxy 62%': a flowsheet or log
        row that names an act without a distance or a technique records that it happened
        elsewhere, not the act."""
        line_start, line_end = layout.line_at(mention.action.start_char)
        line = text[line_start:line_end]
        if line.count("|") < 3 and line.count("\t") < 3:
            return None
        if any(a <= mention.action.start_char < b for a, b in _superseded_cells(text, self.old_value_column, self.new_value_column)):
            # (an audit trail's row: '... | Event | Cannula repositioned | Cannula re-secured in place - NOT repositioned')
            return Verdict("out", f"an audit trail's old value, replaced in its row by the new one: "
                                  f"'{_snippet(doc, mention.action, mention.device or mention.action)}'",
                           (_ev("reposition", mention.action, mention.section),))
        if self.distance.search(line) or self.technique.search(line):
            return None
        return Verdict("out", f"a log or flowsheet row names the repositioning without recording it: "
                              f"'{_snippet(doc, mention.action, mention.device or mention.action)}'",
                       (_ev("reposition", mention.action, mention.section),))

    def _reported(self, doc: Doc, mention: Mention, *_: object) -> Optional[Verdict]:
        """'Per RN, the ECMO physician adjusted his neck cannula this morning', 'Per the adult team,
        ...': another's account relayed, not the record of the one who did it."""
        sent = mention.action.sent
        source = self.reported_by.search(span_text(sent))
        if source is None:
            return None
        return Verdict("out", f"repositioning relayed from another's account ('{source.group().strip(' ,')}'), "
                              f"not recorded by whoever did it: '{_snippet(doc, mention.action)}'",
                       (_ev("reposition", mention.action, mention.section),))

    def _referred_after(self, doc: Doc, mention: Mention, *_: object) -> Optional[Verdict]:
        """'Flows improved from 3.4 to 4.5 L/min after cannula adjustment': the act named as the
        cause of what followed is one recorded elsewhere, unless the sentence tells it."""
        action = mention.action
        if action.root.lower_ not in self.words["nominal_actions"]:
            return None
        before = [t for t in doc[max(action.sent.start, action.start - 6):action.start] if not t.is_space]
        theirs = False
        while before and (self._device_phrase_word(before[-1]) or before[-1].lower_ in self.words["cannula_words"]
                          or before[-1].lower_ in _DETERMINERS):
            theirs = theirs or before[-1].lower_ == "their"
            before.pop()  # ("after their adjustment", "following the cannula adjustment")
        if not before or before[-1].lower_ not in ("after", "following", "post"):
            return None
        if not theirs and self._detailed(action.sent):
            return None  # (unless another team's: "14 cm at skin, unchanged ... after their adjustment")
        return Verdict("out", f"repositioning referred to as what came before, not recorded here: "
                              f"'{_snippet(doc, doc[before[-1].i:before[-1].i + 1], action)}'",
                       (_ev("reposition", action, mention.section),))

    def _in_general(self, doc: Doc, mention: Mention, nouns: list[Span], *_: object) -> Optional[Verdict]:
        """'re-advancing a withdrawn cannula through a non-sterile exit site is avoided per our
        protocol': a cannula in general ('a withdrawn cannula'), or a rule about doing it, is no act;
        nor is a state the participle gives the cannula ('recirculation from rotated/proximal Avalon')."""
        action = mention.action
        if len(action) != 1:
            return None
        before = next((t for t in reversed(doc[action.sent.start:action.start]) if not t.is_space), None)
        after = [t for t in doc[action.end:min(action.sent.end, action.end + 4)] if not t.is_space]
        word = action[0].lower_
        described = word.endswith(("ed", "wn")) and before is not None and before.lower_ in ("a", "an") \
            and any(t.lower_ in self.words["cannula_words"] for t in after[:2])
        ruled = word.endswith("ing") and bool(after) and after[0].lower_ in ("a", "an") \
            and self.rule_of_practice.search(span_text(action.sent)) is not None
        described = described or word.endswith(("ed", "wn")) and before is not None and before.lower_ in ("from", "of") \
            and any(n.label_ == "ECMO_CANNULA" and action.end <= n.start <= action.end + 3 for n in nouns)
        # ("Withdrawing the return cannula partially ... was not considered appropriate"): the act as the
        # subject of a judgement is weighed, not done
        ruled = ruled or word.endswith("ing") and (before is None or before.is_punct) \
            and self.judged_act.search(doc.text, action.end_char, action.sent.end_char) is not None
        # ("cannula manipulation with an exposed segment carries bleeding and infection risk",
        # "percutaneous repositioning at the skin is not our practice for cutdown cannulae")
        ruled = ruled or word.endswith(("ion", "ing", "ment", "al")) and \
            (self.carries_risk.match(doc.text, action.end_char, action.sent.end_char) is not None
             or self.not_our_practice.match(doc.text, action.end_char, action.sent.end_char) is not None)
        # ("LA cannula tip ~1 cm from the LA roof, slightly angled toward the LAA ostium": how the tip lies)
        window = doc[max(action.sent.start, action.start - 12):action.start]
        tip = max((t.i for t in window if t.lower_ in ("tip", "tips", "jet")), default=None)
        lying = word == "angled" and before is not None and before.lower_ in self.words["degree_words"] and tip is not None \
            and not any(t.lower_ in ("was", "were", "been", "then", "i", "we", "and") or t.lower_ in self.words["cannula_words"]
                        for t in doc[tip + 1:action.start]) \
            and not self.doing_cue.search(doc.text, action.end_char, action.sent.end_char)
        if lying:
            return Verdict("out", f"how the cannula tip lies, not an act: '{_snippet(doc, doc[max(action.sent.start, action.start - 2):action.end + 2])}'",
                           (_ev("reposition", action, mention.section),))
        if not (described or ruled):
            return None
        return Verdict("out", f"a cannula in general or a rule of practice, not an act: "
                              f"'{_snippet(doc, doc[(before.i if described else action.start):action.end + 2])}'",
                       (_ev("reposition", action, mention.section),))

    def _posture(self, doc: Doc, mention: Mention, *_: object) -> Optional[Verdict]:
        if not self._is_posture(doc, mention.action):
            return None
        if _blocking_modifier(mention.action):
            return Verdict("skip")
        return Verdict("out", f"patient repositioning, not a cannula: '{_snippet(doc, mention.action)}'",
                       (_ev("patient", mention.action, mention.section),))

    def _to_another_site(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, *_: object) -> Optional[Verdict]:
        """'Drainage cannula RE-SITED - right femoral vein -> left femoral vein', 'R IJ cannula removed;
        new one placed in L IJ (cannula re-sited)': a removal and a new cannula (R2), not the same
        cannula moved."""
        action = mention.action
        if span_text(action).lower() not in self.re_site_words:
            return None
        sent = action.sent
        if not self.to_another_site.search(layout.text, action.end_char, sent.end_char) \
                and not self.removed_and_new.search(layout.text, *layout.line_at(action.start_char)):
            return None
        return Verdict("out", f"re-sited to another vessel: removal plus a new cannula, not repositioning (R2): "
                              f"'{_snippet(doc, action)}'", (_ev("exchange", action, mention.section),))

    def _object(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                text: str, facts: NoteFacts) -> Optional[Verdict]:
        action, section = mention.action, mention.section
        ecmo_context = facts.ecmo_context
        blocked = _blocking_modifier(action)
        device = self.link(doc, action, nouns)
        if device is None:
            if blocked and ecmo_context and action.root.lower_ in self.words["nominal_actions"]:
                category, modifier = blocked
                return Verdict("out", f"repositioning {RULING_OUT[category]}: '{_snippet(doc, modifier, action)}'",
                               (_ev("context", modifier, layout.section_at(modifier.start_char)),))
            return Verdict("skip")
        mention.device = device
        if device.label_ == "NON_DEVICE":
            return Verdict("skip")
        if device.label_ == "PATIENT":
            if blocked:
                return Verdict("skip")
            return Verdict("out", f"patient repositioning, not a cannula: '{_snippet(doc, device, action)}'",
                           (_ev("patient", action, section),))
        if _meta(device).get("needs_ecmo_on_line") and not self._ecmo_on_line(doc, device):
            return Verdict("skip")  # "DLC" is a dual-lumen ECMO cannula on an ECMO line, else a dialysis catheter
        if device.label_ == "OTHER_DEVICE" and facts.drain_is_cannula and self._bare_drain(device):
            return None
        referred = self._other_device_by_reference(doc, device, nouns)
        if device.label_ == "OTHER_DEVICE" or referred is not None:
            if blocked:
                return Verdict("skip")
            device = referred or device
            what = _meta(device).get("device", device.text)
            return Verdict("out", f"{device.text} ({what}) moved, not an ECMO cannula: '{_snippet(doc, device, action)}'",
                           (_ev("other_device", device, layout.section_at(device.start_char)), _ev("reposition", action, section)))
        return None

    @staticmethod
    def _bare_drain(device: Span) -> bool:
        return len(device) == 1 and device.root.lower_ == "drain"

    def _drain_is_cannula(self, doc: Doc, cannulae: list[Span], others: list[Span]) -> bool:
        """'R fem venous drain 25 Fr ... drain withdrawn 3 cm', 'Drainage ("the drain", R CFV
        25 Fr)': the note names its ECMO drainage cannula a drain, so a bare 'drain' is that
        cannula, unless the note names any other drain ('Blake drain', 'mediastinal drain')."""
        drains = [d for d in others if self._bare_drain(d)]
        if not drains or any(d.root.lower_ in ("drain", "drains") and len(d) > 1 for d in others):
            return False
        for drain in drains:
            before = [t.lower_ for t in doc[max(drain.sent.start, drain.start - 3):drain.start] if not t.is_space]
            if any(w in self.words["other_drain_words"] for w in before):
                return False
        if any(c[-1].lower_ == "drain" for c in cannulae):
            return True
        for drain in drains:  # the first naming of "the drain" says what it is
            words = {t.lower_ for t in doc[max(drain.sent.start, drain.start - 8):min(drain.sent.end, drain.end + 8)]}
            if words & self.words["drainage_role_words"] and (
                    words & self.words["size_units"] or words & self.words["peripheral_site_words"]):
                return True
        return False

    def _ecmo_on_line(self, doc: Doc, device: Span) -> bool:
        text = doc_text(doc)
        start = text.rfind("\n", 0, device.start_char) + 1
        end = text.find("\n", device.end_char)
        words = set(re.findall(r"[a-z-]+", text[start:len(text) if end < 0 else end].lower()))
        return bool(words & self.words["ecmo_line_words"])

    def _other_device_by_reference(self, doc: Doc, device: Span, nouns: list[Span]) -> Optional[Span]:
        """The other device a bare 'cannula' names: a nasal cannula just before ('HFNC 8 L...;
        cannula repositioned'), a VAD's apical cannula ('LV apical cannula kinking ... the cannula
        was re-angled'); None when its own words say ECMO."""
        if device.label_ != "ECMO_CANNULA" or _meta(device):
            return None
        own = [t.lower_ for t in doc[max(device.sent.start, device.start - 4):device.start]]
        if any(w in self.words["ecmo_role_words"] or w in self.words["peripheral_site_words"] for w in own):
            return None
        starts = self._starts(nouns)
        # ("The only cannula repositioned was the left ventricular vent": the cannula is named as another device)
        said_to_be = self.named_after_act.match(doc.text, device.end_char)
        if said_to_be is not None:
            named = next((n for n in nouns[bisect_left(starts, device.end):] if n.start_char >= said_to_be.end() - 1), None)
            if named is not None and named.label_ == "OTHER_DEVICE" and \
                    self.named_words_between.fullmatch(doc.text, said_to_be.end(), named.start_char):
                return named
        earlier = [n for n in nouns[bisect_left(starts, device.start - 400):bisect_left(starts, device.start)]
                   if n.end <= device.start and n.label_ in ("ECMO_CANNULA", "OTHER_DEVICE") and device.start - n.end < 120]
        if earlier and earlier[-1].label_ == "OTHER_DEVICE" and \
                _meta(earlier[-1]).get("device") in self.words["cannula_like_devices"]:
            return earlier[-1]
        return None

    def _compared_case(self, text: str, sent_start: int, offset: int) -> Optional[str]:
        """'in a prior patient ...' in the clause that holds the offset (or in the clause a 'which'
        clause hangs on): that patient's event, not this one's ("in a prior patient of ours (a
        different child, 2025) ... the cannula required an exchange"; not "As was done in another
        patient last week, the venous cannula was pulled back")."""
        before = _PARENTHESES.sub(lambda m: " " * len(m.group()), text[sent_start:offset])
        cuts = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
        start = cuts[-1] if cuts else 0
        if cuts and _RELATIVE_START.match(before, start):
            start = cuts[-2] if len(cuts) > 1 else 0  # ("..., which we advanced under fluoro")
        compared = self.compared_case.search(before, start)
        return compared.group() if compared else None

    def _whose(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
               text: str, facts: NoteFacts) -> Optional[Verdict]:
        """A cannula of someone other than the note's patient: 'the baby's neck incision was
        re-opened and his venous cannula adjusted' in the mother's note, 'Twin B had ...
        repositioning of his cannula' in Twin A's, 'the co-twin', a relative as the subject."""
        action, sent = mention.action, mention.action.sent
        end = max(action.end, mention.device.end if mention.device is not None else action.end)
        act_clause = clause_start(text, sent.start_char, action.start_char)
        # (from the start of the whole sentence: "mother's cannula had migrated; her ECMO attending
        # withdrew the cannula 2 cm")
        whole_sentence = timeline.clause_start(sent.start_char)
        first = doc.char_span(whole_sentence, sent.start_char, alignment_mode="expand") if whole_sentence < sent.start_char else None
        upto = doc[first.start if first is not None and len(first) else sent.start:end]
        person: Optional[str] = None
        upto_text = span_text(upto)
        for token in upto[:-1] if "'s" in upto_text or "\u2019s" in upto_text else ():
            if doc[token.i + 1].lower_ in ("'s", "’s") and token.lower_ in self.possessors and (
                    facts.adult_patient or token.lower_ not in self.adult_only_possessors):
                person = f"{token.text}'s"
                break
        if person is None:
            subject = self.other_subject.search(upto_text)
            person = subject.group() if subject else None
        if person is None and (compared := self._compared_case(text, sent.start_char, action.start_char)):
            person = compared  # "in a prior patient with the same configuration ... a cannula, which we advanced"
        if person is None:
            for twin in self.twin.finditer(upto_text):
                label = (twin.group("label") or "").upper()
                if not label or (facts.patient_twin and label != facts.patient_twin):
                    person = twin.group()
                    break
        if person is None:
            # "That procedure (advancement of a femoral drainage cannula) was performed on the patient
            # in CVICU bed 4S-09", "the attending was at the bedside of the patient in 4E-08 performing
            # a cannula repositioning": said to be done on someone else
            # (within the act's clause: not "Using the same technique done on the patient in bed 12, the
            # venous cannula was withdrawn")
            done_on = self.performed_on.search(text, act_clause, sent.end_char)
            if done_on and (not done_on.group("bed") or (_bed_number(done_on) != facts.patient_bed
                                                         and not _heads_the_note(text, done_on))):
                person = done_on.group().split(" on ", 1)[-1].split(" of ", 1)[-1]
        if person is None:
            # "Called to CVICU 9 (different patient) to assist with drainage cannula advancement -
            # documented in that patient's chart"
            # (from the act's clause on: not "called away for another patient, so this 4 year old had
            # his cannula withdrawn"; "MICU 9 cannula repositioned ..., documented in that pt's chart" is)
            if self.marked_other.search(text, act_clause, sent.end_char):
                person = "a different patient"
        if person is None and facts.patient_bed:
            # "Bed 12 (Ms X): her Crescent was rotated ..." in bed 9's note: a rounds list or email;
            # "assisting with a cannula repositioning for the patient in bed 9" in bed 14's
            for bed in self.patient_bed.finditer(text, sent.start_char, sent.end_char):
                if _bed_number(bed) != facts.patient_bed:
                    person = f"the patient in {bed.group()}"
                    break
            label = self._other_bed_line(text, action.start_char, timeline, facts.patient_bed) if person is None else None
            if label is not None:
                person = f"the patient in {label.group().strip(' >*#-')}"
        if person is None:
            # "--- ST. LUCIAN | OYELOWO, D | MRN 510-9931 | Page 4 of 5 ---" in the fax of MRN 510-2284
            person = next((whose for start, end, whose in facts.other_charts if start <= action.start_char < end), None)
        if person is None:
            # "Infant update (per phone call from NICU ...): Baby Girl Tran ... the neck was re-explored
            # and the venous cannula repositioned" in the mother's postpartum note
            owner = self._block_label_owner(layout, action.start_char)
            if owner is not None and (facts.adult_patient or owner not in self.adult_only_possessors):
                person = owner
        if person is None:
            for header in layout.enclosing_headers(action.start_char)[:1]:
                owner = self._header_owner(layout, header)
                if owner is not None and (facts.adult_patient or owner not in self.adult_only_possessors):
                    person = owner
        if person is None:
            return None
        return Verdict("out", f"another person's cannula ({person}), not this patient's: '{_snippet(doc, action, mention.device or action)}'",
                       (_ev("reposition", action, mention.section),))

    def _other_charts(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """The pages of another patient's chart, with whose they are: those whose banner names
        another chart number than the note's first, from the banner to the next banner of the
        note's own chart; and a page whose patient field says it is another patient's ("Pt:
        [different pt - female, MRN 0057...]"), from the banner above the field to the next."""
        return self._other_chart_numbers(text) + self._marked_pages(text) + self._other_named_rows(text) \
            + self._pasted_blocks(text)

    def _pasted_blocks(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """From the line that says the text below it is another patient's ("the paragraph below was
        auto-populated ... from a DIFFERENT PATIENT (PRICE, ETHEL M, 78 y/o F)") to the end of its
        paragraph, or of the next one when the notice is the paragraph's last line."""
        blocks = []
        for found in self.pasted_block.finditer(text):
            start = text.rfind("\n", 0, found.start()) + 1  # (from the notice's line: not this patient's lines above it)
            end = text.find("\n\n", found.end())
            if end >= 0 and "\n" not in text[found.end():end].strip():
                end = text.find("\n\n", end + 2)
            closing = self.pasted_block_end.search(text, found.end(), len(text) if end < 0 else end)
            if closing is not None:
                end = text.find("\n", closing.end())
            elif _QUOTED_ON_ITS_LINE.match(text, found.end()):
                end = text.find("\n", found.end())  # ("Retracted entry - belongs to another patient: '71 yo F, ...'")
            blocks.append((start, len(text) if end < 0 else end, f"another patient: '{found.group()}'"))
        return tuple(blocks)

    def _other_named_rows(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """The rows of a list (an OR board, a census) that open with another person's name than
        the note's patient field gives: " 13:00  QUIGLEY, Ann   71F  Impella 5.5 repositioning"
        in the note of "PATIENT: MEYER-ROSS, HELGA"."""
        field = self.patient_name_field.search(text)
        if field is None:
            return ()
        patient = _NOT_A_LETTER.sub("", field.group("surname").upper())
        rows = []
        for row in self.named_row.finditer(text):
            if _NOT_A_LETTER.sub("", row.group("surname").upper()) != patient:
                end = text.find("\n", row.end())
                rows.append((row.start(), len(text) if end < 0 else end, f"another patient: '{row.group('name')}'"))
        return tuple(rows)

    def _marked_pages(self, text: str) -> tuple[tuple[int, int, str], ...]:
        fields = list(self.other_patient_field.finditer(text))
        if not fields:
            return ()
        banners = [found.start() for found in self.page_banner.finditer(text)]
        pages = []
        for field in fields:
            above = bisect_right(banners, field.start()) - 1
            if above >= 0:  # (a field in the note's own header is no misfiled page)
                end = banners[above + 1] if above + 1 < len(banners) else len(text)
                pages.append((banners[above], end, f"another patient: '{field.group().strip()}'"))
        return tuple(pages)

    def _other_chart_numbers(self, text: str) -> tuple[tuple[int, int, str], ...]:
        if "MRN" not in text.upper():
            return ()
        numbers = list(self.record_number.finditer(text))
        if not numbers:
            return ()
        chart = chart_number(numbers[0])
        # (each line holding a chart number is asked once whether it is a page banner: a regex over
        # a whole line per number would be quadratic in a one-line export naming MRN many times)
        banners: list[tuple[int, str, str]] = []  # (line start, number as compared, as written)
        line_start = -1
        for found in numbers:
            start = text.rfind("\n", 0, found.start()) + 1
            if start == line_start:
                continue
            line_start = start
            end = len(text) if (end := text.find("\n", found.end())) < 0 else end
            # (a banner is a short line, not a paragraph telling of a page: "Page 7 (...) carries
            # another patient's name and MRN (... MRN SMH-219544) ... -> misfiled page")
            if end - start <= _BANNER_LENGTH and self.page_marker.search(text, start, end):
                banners.append((start, chart_number(found), found.group("number")))
        pages: list[tuple[int, int, str]] = []
        for (start, number, written), following in zip(banners, [*banners[1:], None]):
            if number != chart:
                pages.append((start, following[0] if following is not None else len(text), f"the patient of MRN {written}"))
        return tuple(pages)

    def _another_persons(self, text: str, sentence_start: int, offset: int) -> bool:
        """Whether the clause that leads up to `offset` has someone other than the patient as
        its subject ("... as for the 7-year-old in June (that child needed fluoro ...")."""
        return self.other_subject.search(text, clause_start(text, sentence_start, offset, ";(,"), offset) is not None

    def _block_label_owner(self, layout: Layout, offset: int) -> Optional[str]:
        """The person a labelled block of the paragraph names, the nearest label at or above the
        offset's line: "Infant update (per phone call ...): ...", "Mother's course: ...". """
        text, start = layout.text, layout.paragraph_at(offset)
        line_start = text.rfind("\n", 0, offset) + 1
        while line_start >= start:
            label = _BLOCK_LABEL.match(text, line_start)
            if label is not None and label.group("open") is not None:
                next_end = text.find("\n", label.end() + 1)
                if "):" not in text[label.end():len(text) if next_end < 0 else next_end]:
                    label = None  # ("Wife updated (at bedside\nand by phone)": a wrapped aside, no label)
            if label is not None:
                return self._possessor(label.group("who"))
            if line_start == 0:
                break
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        return None

    def _header_owner(self, layout: Layout, header: Any) -> Optional[str]:
        """The person a section header names as its subject ("Maternal:", "Maternal history:",
        "Mother's course:"), if it is one of the possessors."""
        words = layout.text[header.start:header.words_end].strip(" :*-\t").split()
        return self._possessor(words[0]) if words else None

    def _possessor(self, word: str) -> Optional[str]:
        """The word ("Mother's", "Infant") as one of the possessors, if it is one."""
        owner = re.sub(r"['\u2019]s$", "", word.lower())
        return owner if owner in self.possessors else None

    def _new_cannula_placed(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout,
                            *_: object) -> Optional[Verdict]:
        """'New 25 Fr 55 cm HLS cannula advanced over the wire; tip ... so pulled back 1.5 cm': a
        new cannula brought into place over its wire is being inserted (R1), not repositioned."""
        if mention.device is None:
            return None
        removed_here = _REMOVED_OVER_WIRE.match(layout.text, mention.action.start_char)
        if removed_here is not None:
            # "The 21 Fr cannula was withdrawn over the wire and a 25 Fr cannula advanced over the same
            # wire": the withdrawal is the first half of an exchange
            paragraph_end = layout.paragraph_span(mention.action.start_char)[1]
            placed = _PLACED_OVER_WIRE.search(layout.text, removed_here.end(), paragraph_end)
            if placed is not None and (_ANEW.search(layout.text, max(removed_here.end(), placed.start() - 30), placed.start())
                                       or self._another_size(layout.text, removed_here, placed)):
                return Verdict("out", f"cannula exchanged over a wire: removal plus insertion, not repositioning (R2): "
                                      f"'{removed_here.group()}' ... '{placed.group('cannula')}'",
                               (_ev("reposition", mention.action, mention.section),))
        identity = self._identity(doc, mention.device, layout)
        sent = mention.action.sent
        if identity["existing"]:
            return None
        between = layout.text[mention.device.end_char:mention.action.start_char]
        if mention.device.end_char <= mention.action.start_char and len(between) < 120 and _PLACED_AND.search(between) \
                and not _DATED_BETWEEN.search(between) and not _MEASURED_OR_TODAY.search(span_text(sent)):
            # (a placement is told by where the cannula went, "advanced to the RA"; not "placed in the OR at
            # initiation and pulled back 2 cm by me this morning", a move measured, or told of today)
            # "a 21 Fr return cannula was placed percutaneously in the L femoral vein and advanced to the RA"
            return Verdict("out", f"a new cannula brought into place during its insertion (R1), not repositioned: "
                                  f"'{_snippet(doc, mention.device, mention.action)}'", (_ev("reposition", mention.action, mention.section),))
        if not _OVER_ITS_WIRE.search(span_text(sent)):
            return None
        if not identity["new"]:
            # "The 21 Fr cannula was removed over the wire and a 25 Fr multistage drainage cannula advanced
            # over the same wire": another cannula, named anew, in place of one taken out over the wire
            paragraph_start = layout.paragraph_at(mention.action.start_char)
            removed = _REMOVED_OVER_WIRE.search(layout.text, paragraph_start, mention.device.start_char)
            if removed is None or not (self._named_anew(doc, mention.device) or self._another_size(layout.text, removed, mention.device)):
                dilated = _DILATED_FOR_IT.search(layout.text, sent.start_char, mention.action.start_char)
                if dilated is None or not self._sized(doc, mention.device) \
                        or _A_DISTANCE.search(layout.text, mention.device.start_char, sent.end_char):
                    return None  # (not "the Crescent advanced over the wire 3 cm": the cannula there, moved)
                # "sheath withdrawn over the wire, tract dilated to 14 Fr, 12 Fr Bio-Medicus cannula ...
                # advanced over the wire across the septum": a cannula going in by its wire after the dilators
                return Verdict("out", f"a new cannula brought into place over its wire after the tract was dilated: its own "
                                      f"insertion session (R1), not a repositioning: '{dilated.group()}' ... "
                                      f"'{_snippet(doc, mention.device, mention.action)}'",
                               (_ev("reposition", mention.action, mention.section),))
            return Verdict("out", f"cannula exchanged over a wire: removal plus insertion, not repositioning (R2): "
                                  f"'{removed.group()}' ... '{_snippet(doc, mention.device, mention.action)}'",
                           (_ev("reposition", mention.action, mention.section),))
        return Verdict("out", f"a new cannula brought into place during its insertion (R1), not repositioned: "
                              f"'{_snippet(doc, mention.device, mention.action)}'", (_ev("reposition", mention.action, mention.section),))

    def _measured_item_without_removal(self, layout: Layout, offset: int) -> bool:
        """The list item holding the act gives a distance and says nothing of a removal ('-
        venous cannula: ties released, withdrawn 0.5 cm, re-tied'; not '- return cannula: withdrawn
        2 cm under ultrasound, then removed', nor a decannulation's '- venous cannula: withdrawn')."""
        item = layout.text[slice(*layout.line_at(offset))]
        return bool(self.distance.search(item)) and not _REMOVED_IN_ITEM.search(item)

    def _peripheral_site_before(self, doc: Doc, action: Span) -> bool:
        """A neck or groin named in the act's sentence, or prepared for it in the sentence before
        ('R groin prepped into field. Securing sutures cut, drainage cannula advanced 3 cm'; not
        an examination's 'femoral pulses dopplerable')."""
        sent = action.sent
        words = self.words["peripheral_site_words"]
        if any(t.lower_ in words for t in sent):
            return True
        if sent.start == 0:
            return False
        before = doc[sent.start - 1].sent
        return any(t.lower_ in words for t in before) and any(t.lower_ in _SITE_PREPARED for t in before)

    def _names_any_site(self, doc: Doc) -> bool:
        """Whether the note names a cannulation site anywhere (a neck, groin or chest word)."""
        sites = self.words["peripheral_site_words"] | self.words["central_site_words"]
        return any(t.lower_ in sites for t in doc)

    def _names_a_peripheral_site(self, text: str, start: int) -> bool:
        """Whether the line starting at `start` names a neck or groin site."""
        end = text.find("\n", start)
        return any(word in self.words["peripheral_site_words"] for word in
                   re.findall(r"[a-z]+", text[start:len(text) if end < 0 else end].lower()))

    @staticmethod
    def _another_size(text: str, removed: re.Match, device: Span | re.Match) -> bool:
        """'23 Fr cannula removed over the wire. Skin nick extended, 25 Fr cannula advanced over the
        wire': the cannula put in has another French size than the one taken out."""
        clause = text[max(text.rfind(".", 0, removed.start()), text.rfind("\n", 0, removed.start())) + 1:removed.start()]
        out_sizes = set(_FRENCH_SIZE.findall(clause))
        start = device.start_char if isinstance(device, Span) else device.start()
        in_sizes = set(_FRENCH_SIZE.findall(text, max(0, start - 16), start))
        return bool(out_sizes and in_sizes and not in_sizes & out_sizes)

    @staticmethod
    def _named_anew(doc: Doc, device: Span) -> bool:
        """'a 25 Fr multistage drainage cannula': the cannula's phrase opens with 'a' or 'an'."""
        for token in reversed(doc[max(device.sent.start, device.start - 6):device.start]):
            if token.lower_ in ("a", "an"):
                return True
            if token.is_punct or token.lower_ in ("the", "this", "that", "its", "his", "her", "and", "was", "were"):
                return False
        return False

    def _patients_bed(self, text: str) -> Optional[re.Match]:
        """The first bed the top of the note names that is not said to be someone else's ("...
        performed on the patient in bed 7" in an addendum about a note filed on the wrong chart)."""
        # "This copy filed to: [NAME]   MRN ...   MICU-14" over a list of the unit's beds (and over
        # "Census: ... Bed 9 is Impella-only")
        filed_to = self.patient_unit_bed.search(text, 0, 600)
        if filed_to is not None:
            return filed_to
        # "Pt: BERGSTROM, Lily A.   DOB 04/22/2019   MRN ...   PICU-5" over a handoff of the unit's beds
        patient_line = self.unit_patient_line.search(text, 0, 600)
        if patient_line is not None:
            line_end = text.find("\n", patient_line.end())
            on_the_line = list(_BED_NAMED.finditer(text, patient_line.end(), len(text) if line_end < 0 else line_end))
            if len({_bed_number(bed) for bed in on_the_line}) == 1:  # (not "CTICU-3  Rm 311": which is the bed?)
                return on_the_line[0]
        ecmo_entry = self._the_ecmo_patients_entry(text)
        if ecmo_entry is not None:
            return ecmo_entry
        others = [m.span() for m in self.performed_on.finditer(text, 0, 700)]
        for bed in self.patient_bed.finditer(text, 0, 600):
            if not any(start <= bed.start() < end for start, end in others):
                return bed
        return None

    def _the_ecmo_patients_entry(self, text: str) -> Optional[re.Match]:
        """In a unit's list of beds (three or more entries, each opening with its bed) with no
        patient named at its top, the label of the one entry that speaks of ECMO: the list is
        coded for that patient ("Code status: all FULL except Bed 14" at the top is no patient's)."""
        labels = [label for line in _LINE_START.finditer(text)
                  if (label := self.bed_label.match(text, line.start()) or self._bed_cell(text, line.start())) is not None]
        if len({_bed_number(label) for label in labels}) < 3 or self.unit_patient_line.search(text, 0, 600):
            return None
        ends = [label.start() for label in labels[1:]] + [len(text)]
        # (a list of patients gives their ages; not "CVICU 12: 03/01-03/04 ... CVICU 9: 03/07-present",
        # one patient's moves between beds)
        if sum(1 for label, end in zip(labels, ends) if self.unit_entry_age.search(text, label.start(), end)) < 2:
            return None
        # (an ECMO run, not the word: "evaluated by ECMO team - not a candidate", "family declines ECMO")
        with_ecmo = [label for label, end in zip(labels, ends) if self.unit_ecmo_run.search(text, label.start(), end)]
        if len({_bed_number(label) for label in with_ecmo}) != 1:
            return None
        return with_ecmo[0]

    def _in_another_bed(self, text: str, offset: int, patient_bed: str) -> bool:
        """The words right after an age place its person in another bed ("a 61-year-old man in
        room 3 whose ...", "an unrelated 11 yo (now PICU bed 11, separate chart)")."""
        aside = re.match(r"[ \t]*\(", text[offset:offset + 8])
        start = offset + aside.end() if aside else offset
        end = _CLAUSE_END.search(text, start, start + 40)
        return any(_bed_number(other) != patient_bed
                   for other in self.patient_bed.finditer(text, start, end.start() if end else start + 40))

    @staticmethod
    def _of_another_bed(text: str, offset: int, patient_bed: str) -> bool:
        """The age opens a parenthesis after another bed's label ("RN reports bed 4 (64 yo, Impella
        5.5 pt, not an ECMO pt) was being moved next to us", "the child in PICU bed 6 (a 6-year-old girl
        on VV ECMO, different patient)", "also covering the adult VV circuit, MICU bed 12, 61 yo")."""
        before = _BED_THEN_PARENTHESIS.search(text, max(0, offset - 24), offset)
        return before is not None and _bed_number(before) != patient_bed

    def _bed_entry(self, text: str, offset: int, timeline: Timeline) -> int:
        """Where the bed's entry of a rounds list holding the offset starts (-1 outside one)."""
        label = self._bed_line(text, offset, timeline)
        return label.start() if label is not None else -1

    def _other_bed_line(self, text: str, offset: int, timeline: Timeline, patient_bed: str) -> Optional[re.Match]:
        """The bed label over the offset's line when it is another bed's than the patient's."""
        label = self._bed_line(text, offset, timeline)
        return label if label is not None and _bed_number(label) != patient_bed else None

    def _bed_line(self, text: str, offset: int, timeline: Timeline) -> Optional[re.Match]:
        """The bed label of the nearest line of the paragraph, at or above the offset's, that
        opens with one ("Bed 8 - 52 M, VV ECMO day 9" over the lines of its events)."""
        paragraph_start = timeline.paragraph(offset, offset)[0]
        line_start = text.rfind("\n", 0, offset) + 1
        table_row = self._bed_cell(text, line_start)
        if table_row is not None:
            return table_row  # "8   | 5 yo F | ALL, septic shock" under "BED | PT | DX"
        while line_start >= paragraph_start:
            label = self.bed_label.match(text, line_start)
            if label or line_start == 0:
                return label
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        return None

    @staticmethod
    def _bed_cell(text: str, line_start: int) -> Optional[re.Match]:
        """The first cell of a table row under a header row whose first column is the bed
        ("8   | 5 yo F" under "BED | PT | DX ...")."""
        cell = _BED_CELL.match(text, line_start)
        if cell is None:
            return None
        while line_start > 0:
            line_start = text.rfind("\n", 0, line_start - 1) + 1
            line_end = text.find("\n", line_start)
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            if "|" not in line:
                return None
            if _BED_COLUMN.match(line):
                return cell
            if not (_BED_CELL.match(line) or _TABLE_RULE.fullmatch(line)):
                return None  # ("| # | Time | Event |" heads the rows: their first cell is no bed)
        return None

    def _first_other_bed_entry(self, text: str, patient_bed: str) -> Optional[int]:
        """Where the first line labelled with another bed than the patient's starts (None in a
        note that has no such line)."""
        for line in _LINE_START.finditer(text):
            label = self.bed_label.match(text, line.start()) or self._bed_cell(text, line.start())
            if label is not None and _bed_number(label) != patient_bed:
                return line.start()
        return None

    def _in_no_bed_entry(self, text: str, offset: int, patient_bed: str, timeline: Timeline,
                         first_other: Optional[int]) -> bool:
        """In a rounds list that holds other beds' entries, an offset below the first of them and
        in no bed's entry ("OR today: ... ECMO consult pending ED - 52 yo w/ PE")."""
        if first_other is None or offset < first_other or self._bed_line(text, offset, timeline) is not None:
            return False
        line_start, line_end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
        # ("ADDENDUM - SICU-4 OYELOWO-BANKS, D. (29 y/o M)": the line names the patient's bed; so
        # does the title line of the paragraph it opens, "ADDENDUM - CT SURGERY - ... - Bed 11, [NAME]")
        paragraph_start = timeline.paragraph(offset, offset)[0]
        title_end = text.find("\n", paragraph_start)
        return not any(_bed_number(m) == patient_bed for start, end in (
            (line_start, line_end if line_end >= 0 else len(text)), (paragraph_start, title_end if title_end >= 0 else len(text)))
            for m in _BED_NAMED.finditer(text, start, end))

    def _checkbox(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, *_: object) -> Optional[Verdict]:
        if layout.is_unchecked(mention.action.start_char):
            return Verdict("skip")
        line_start = layout.text.rfind("\n", 0, mention.action.start_char) + 1
        answered = _ANSWERED_NO.match(layout.text, line_start)
        if answered is not None and mention.action.end_char <= answered.start("answer"):
            # "Guidance for cannula repositioning:  No (diagnostic study only)": a form's field answered no
            return Verdict("out", f"repositioning negated: a form's field names it and is answered no: "
                                  f"'{answered.group().strip()}'", (_ev("reposition", mention.action, mention.section),))
        status = _ORDER_NOT_DONE.match(layout.text, mention.action.end_char, mention.action.end_char + 240)
        if status is not None:
            # '"description": "ECMO cannula repositioning - percutaneous", "cpt_hint": "33958",
            # "status": "SCHEDULED"': an order's record, the act ordered and not (yet) done
            return Verdict("out", f"repositioning named in an order whose status is '{status.group('status')}', "
                                  f"not recorded as done: '{_snippet(doc, mention.action)}'",
                           (_ev("reposition", mention.action, mention.section),))
        unanswered = _UNANSWERED.match(layout.text, line_start)
        if unanswered is not None and mention.action.end_char <= unanswered.start("blank"):
            # "Cannula repositioned: {YES/NO:21112}", "Cannula repositioned: ***": a template's field left blank
            return Verdict("out", f"a form's field names the repositioning and is left unanswered: "
                                  f"'{unanswered.group().strip()}'", (_ev("reposition", mention.action, mention.section),))
        return None

    def _assertion(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                   text: str, facts: NoteFacts) -> Optional[Verdict]:
        blocked = _blocking_modifier(mention.action) or self._negated_with_its_list(doc, mention.action, facts.actions) \
            or self._in_a_hypothetical_chain(mention.action, facts.actions) or self._an_option_of_a_list(doc, mention.action, text) \
            or self._joined_past_an_aside(doc, mention.action, facts.actions) \
            or self._aside_of_a_blocked_act(mention.action, facts.actions) \
            or self._chained_to_a_planned_act(doc, mention.action, facts.actions)
        if not blocked:
            return None
        category, modifier = blocked
        return Verdict("out", f"repositioning {RULING_OUT[category]}: '{_snippet(doc, modifier, mention.action)}'",
                       (_ev("context", modifier, layout.section_at(modifier.start_char)),
                        _ev("reposition", mention.action, mention.section)))

    def _an_option_of_a_list(self, doc: Doc, action: Span, text: str) -> Optional[tuple[str, Span]]:
        """'Options discussed with ECMO attending at 1030:' over '(a) reposition L femoral drainage
        cannula (withdraw 3-4 cm) under fluoro' and '(b) convert to fem-IJ': the items of a list
        that its lead-in offers as options are considered, not done."""
        line_start = text.rfind("\n", 0, action.start_char) + 1
        line_end = text.find("\n", action.start_char)
        inline = _OPTIONS_INLINE.search(text, line_start, len(text) if line_end < 0 else line_end)
        if inline is not None and inline.end() <= action.start_char and not _SENTENCE_BREAK.search(text, inline.end(), action.start_char) \
                and not _A_CHOICE_MADE.search(text, inline.end(), action.start_char):  # "Options discussed w/ Dr. R (by phone): pull back femoral drainage cannula vs add ..."
            modifier = doc.char_span(inline.start(), inline.end(), alignment_mode="expand")
            if modifier is not None and len(modifier):
                return "HYPOTHETICAL", modifier
        item = _OPTION_ITEM.match(text, line_start)
        if item is None or item.end() > action.start_char:
            return None
        shape = _item_shape(item.group("mark"))
        for _ in range(8):  # (up over the list's earlier items, to its lead-in)
            if line_start == 0:
                return None
            line_start = text.rfind("\n", 0, line_start - 1) + 1
            above = _OPTION_ITEM.match(text, line_start)
            if above is None or _item_shape(above.group("mark")) != shape:
                break
        else:
            return None
        line_end = text.find("\n", line_start)
        lead_in = self.options_lead_in.search(text, line_start, len(text) if line_end < 0 else line_end)
        if lead_in is None:
            return None
        modifier = doc.char_span(lead_in.start(), lead_in.end(), alignment_mode="expand")
        return ("HYPOTHETICAL", modifier) if modifier is not None and len(modifier) else None

    @staticmethod
    def _in_a_hypothetical_chain(action: Span, actions: tuple[Span, ...]) -> Optional[tuple[str, Span]]:
        """'would mean cutting the sutures and withdrawing the cannula ..., then rotating it': a
        gerund that goes on a chain of gerunds a modal governs is as hypothetical as the first."""
        if not action[-1].lower_.endswith("ing"):
            return None
        for other in actions:
            if other.sent.start != action.sent.start or other.start >= action.start or not other[-1].lower_.endswith("ing"):
                continue
            blocked = _blocking_modifier(other)
            if blocked and blocked[0] == "HYPOTHETICAL":
                return blocked
        return None

    @staticmethod
    def _chained_to_a_planned_act(doc: Doc, action: Span, actions: tuple[Span, ...]) -> Optional[tuple[str, Span]]:
        """'option of percutaneous repositioning (cannula withdrawn ~2 cm then re-advanced into the IVC)':
        an act chained by 'then' to a planned one inside the aside that glosses the plan, with only the
        first one's measure between, is as planned as it (ConText's window ends before it)."""
        before = next((a for a in reversed(actions) if a.sent.start == action.sent.start and a.end <= action.start), None)
        if before is None:
            return None
        text = doc_text(doc)
        opening = open_aside(text, action.sent.start_char, before.start_char)
        if opening < 0 or open_aside(text, opening, action.start_char) != opening:
            return None  # (both in one aside that glosses the planned act)
        between = [t for t in doc[before.end:action.start] if not t.is_space]
        if not between or between[-1].lower_ != "then" or any(
                not (t.like_num or t.lower_ in _MEASURE_WORDS or t.lower_ in ("then", "and") or t.text in (",", "~"))
                for t in between):
            return None
        blocked = _blocking_modifier(before)
        return blocked if blocked and blocked[0] == "HYPOTHETICAL" else None

    @staticmethod
    def _aside_of_a_blocked_act(action: Span, actions: tuple[Span, ...]) -> Optional[tuple[str, Span]]:
        """'Decision: not to re-advance the cannula (non-sterile re-advancement, contamination risk)':
        an act named inside the aside that follows a denied or planned act (or a refused one, told
        in the infinitive) is that act, as denied."""
        doc = action.doc
        text = doc_text(doc)
        opening = open_aside(text, action.sent.start_char, action.start_char)
        if opening < 0 or action[-1].lower_.endswith(("ed", "en", "wn")) \
                or _CONTRAST.search(text, opening, action.sent.end_char):
            return None  # (an act told in the aside stands: "not to withdraw the cannula (rotated ~20 degrees instead)")
        refused = _REFUSED_ACT.search(text, action.sent.start_char, opening)
        if refused is not None:  # ("not to re-advance the cannula (non-sterile re-advancement, ...)")
            return "NEGATED_EXISTENCE", doc.char_span(refused.start(), refused.end(), alignment_mode="expand") or action
        before = next((a for a in reversed(actions) if a.sent.start == action.sent.start and a.end_char <= opening), None)
        if before is None or len(text[before.end_char:opening].split()) > 3:  # (the aside glosses the act's own phrase)
            return None
        blocked = _blocking_modifier(before)
        return blocked if blocked and blocked[0] in ("HYPOTHETICAL", "NEGATED_EXISTENCE") else None

    @staticmethod
    def _joined_past_an_aside(doc: Doc, action: Span, actions: tuple[Span, ...]) -> Optional[tuple[str, Span]]:
        """'will need to be advanced ~2 cm (or withdrawn, if TEE shows the tip is deep) and rotated':
        an act joined by 'and' to a planned one, past a closed aside and a measure, is as planned as
        it (ConText's window ends inside the aside)."""
        asides = _parenthesised(action.sent)
        before = next((a for a in reversed(actions) if a.sent.start == action.sent.start and a.end <= action.start
                       and not any(start <= a.start < end for start, end in asides)), None)
        if before is None:
            return None
        skipped = [(start, end) for start, end in asides if before.end <= start and end <= action.start]
        if not skipped:
            return None
        between = [t for t in doc[before.end:action.start]
                   if not t.is_space and not any(start <= t.i < end for start, end in skipped)]
        if not between or between[-1].lower_ != "and" or any(
                not (t.like_num or t.lower_ in _MEASURE_WORDS or t.lower_ == "and") for t in between):
            return None
        blocked = _blocking_modifier(before)
        # (not a negation: "not further advanced (TEE: tip 3 cm into IVC) and rotated 30 degrees" was rotated)
        return blocked if blocked and blocked[0] == "HYPOTHETICAL" else None

    @staticmethod
    def _negated_with_its_list(doc: Doc, action: Span, actions: tuple[Span, ...]) -> Optional[tuple[str, Span]]:
        """'no cannula was repositioned, advanced, withdrawn or rotated': a negation of a list of
        acts holds for every act of the list (ConText's window may end before the last); so does
        'do NOT re-advance or otherwise reposition the cannula', whatever words the list names."""
        text = doc_text(doc)
        otherwise = _NOT_OR_OTHERWISE.search(text, action.sent.start_char, action.start_char)
        if otherwise is not None:
            return "NEGATED_EXISTENCE", doc.char_span(otherwise.start(), otherwise.end(), alignment_mode="expand") or action
        end = action.start
        for before in reversed([a for a in actions if a.sent.start == action.sent.start and a.end <= action.start]):
            if any(t.lower_ not in _LIST_JOINERS and not t.is_space for t in doc[before.end:end]):
                return None
            blocked = _blocking_modifier(before)
            if blocked and blocked[0] == "NEGATED_EXISTENCE":
                return blocked
            end = before.start
        return None

    def _accident(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                  text: str, *_: object) -> Optional[Verdict]:
        """'the cannula slid out 3 cm', 'inadvertently pulled back': a problem, not a procedure."""
        action = mention.action
        words = [t.lower_ for t in doc[max(action.sent.start, action.start - 3):action.end]]
        gloss = _GLOSS_AFTER.match(text, action.end_char, action.sent.end_char)
        if gloss is not None:  # "the L femoral drainage cannula was pulled back (migrated outward)", not "(found too deep)"
            words += [w for w in gloss.group(1).lower().split() if w in _MIGRATION_WORDS]
        before = [t.lower_ for t in doc[max(action.sent.start, action.start - 2):action.start] if not t.is_space]
        # "the cannula has backed out 2 cm": it moved by itself (done by someone: "was backed out")
        perfect = {"has", "had", "have"}
        moved_itself = action[0].lower_ in self.words["self_moving_verbs"] and bool(before) and (
            before[-1] in perfect or (len(before) > 1 and before[-2] in perfect and before[-1].endswith("ly")))
        # "drainage cannula noted pulled back, mark now 41 cm": a state found, not an act
        found_so = bool(before) and before[-1] in _FOUND_WORDS and action[0].lower_.endswith(("ed", "en", "wn"))
        moved_itself = moved_itself or found_so
        if action.root.lower_ in self.words["nominal_actions"] and \
                self.seen_on_imaging.search(text[action.sent.start_char:action.start_char]):
            # "CXR showing ~3 cm retraction of the cannula": a position change seen, not an act
            return Verdict("out", f"a change of position seen on imaging, not a repositioning done: "
                                  f"'{_snippet(doc, action, mention.device or action)}'",
                           (_ev("reposition", action, mention.section),))
        # (an aside that glosses a measure goes with the statement a semicolon joins it to: "during
        # bed-to-chair transfer the RIJ cannula was tugged; skin mark 13.5 -> 15 cm (pulled out ~1.5 cm)";
        # not a fix told after it: "dislodged during turning; advanced back 3 cm under fluoroscopy",
        # "tugged; fluoroscopy-guided correction (cannula advanced 2 cm ...)")
        joined = action.sent.start_char
        opening = open_aside(text, joined, action.start_char)
        if action.sent.start > 0 and doc[action.sent.start - 1].text == ";" and opening >= 0 \
                and _A_MEASURE_BEFORE.search(text, joined, opening):
            joined = doc[action.sent.start - 1].sent.start_char
        # (not "was pulled back", which may be done by hand; "was pulled out ~3 cm" is how a line comes out)
        pulled_out = len(action) > 1 and action[1].lower_ == "out" \
            and not _PUT_RIGHT.search(text, action.start_char, action.sent.end_char) \
            and not _NOT_A_SNAG.search(text, doc[action.sent.start - 1].sent.start_char if action.sent.start else 0, action.sent.start_char)
        if action.sent.start > 0 and action[0].lower_ in _SLIPPING_VERBS and (pulled_out or not (before and before[-1] in ("was", "were"))) \
                and not _DONE_BY_HAND.search(text, action.sent.start_char, action.sent.end_char):
            # ("... the drainage line was caught on the stretcher rail. Cannula pulled back approx 2 cm -
            # skin mark now at 43 cm"): the sentence before tells how it slipped
            above = doc[action.sent.start - 1].sent
            if self._in_paragraph(layout, above, action) and self.caught_on.search(text, above.start_char, above.end_char):
                joined = above.start_char
        if not moved_itself and not any(w in self.words["accidental_words"] for w in words) \
                and not self.accidental.search(text, joined, action.sent.end_char):
            return None
        if not moved_itself and action[0].lower_ not in self.words["self_moving_verbs"] and \
                self.migration_then_fix.search(text, max(action.sent.start_char, action.start_char - 24), action.start_char):
            return None  # "The arterial cannula had migrated and was re-seated 1 cm deeper": the migration, then its fix
        return Verdict("out", f"cannula moved by accident, not repositioned: '{_snippet(doc, action, mention.device or action)}'",
                       (_ev("reposition", action, mention.section),))

    def _during_insertion(self, doc: Doc, mention: Mention, *_: object) -> Optional[Verdict]:
        """'During this cannulation the cannula was withdrawn 2 cm and re-advanced': moved while it
        was being inserted (R1), whatever else the note says of the run."""
        sent = mention.action.sent
        text = doc_text(doc)
        found = self.during_insertion.search(text, sent.start_char, sent.end_char)
        if found is not None and found.group().lower().startswith(("at", "during that")) \
                and (found.start() < mention.action.end_char or self.another_device_placed.search(text, sent.start_char, sent.end_char)):
            # ("drainage advanced to 47 cm at insertion": after the act; not "At placement of a 6 Fr distal
            # perfusion catheter, the arterial cannula was pulled back 1 cm", another device's placement)
            found = None
        if found is None:
            return None
        return Verdict("out", f"adjusted during the cannula's own insertion session: included in the insertion code (R1): "
                              f"'{found.group()}'", (_ev("reposition", mention.action, mention.section),))

    def _time(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
              *_: object) -> Optional[Verdict]:
        action = mention.action
        sent = action.sent
        mention.time = timeline.when(action.start_char, action.end_char, sent.start_char, sent.end_char)
        relation = mention.time.relation
        if relation not in TIME_WORDS:
            return None
        words = TIME_WORDS[relation]
        if relation == "future" and mention.time.date is not None:
            words = "dated after the date of service (another day), not this encounter"  # not always a plan: a late record
        return Verdict("out", f"repositioning {words}: '{_snippet(doc, action, mention.device or action)}' "
                              f"('{mention.time.cue}')",
                       (Evidence("time", mention.time.cue or "", mention.time.start, mention.time.end,
                                 layout.section_at(mention.time.start)),
                        _ev("reposition", action, mention.section)))

    def _document_part(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                       text: str, facts: NoteFacts) -> Optional[Verdict]:
        """Section, document kind and claims.

        A mention under a background section (history, indication, plan...) counts only when
        its own sentence or line puts it today, or, under an indication or diagnosis, when the
        sentence describes doing it (a distance moved and how). In a progress note, summary,
        H&P or consult, an act counts only when something anchors it to the date of service:
        a time of today, or a procedure, event note or addendum header above it.
        """
        action, section = mention.action, mention.section
        mention.claim = layout.is_claim(action.start_char)
        today_here = mention.time.relation == "today" and (mention.time.scope in ("sentence", "line")
                                                            or self._dated_entry_of_the_section(layout, mention))
        if section in self.excluded_sections and not today_here and not self._authors_procedure_item(action, section, layout) \
                and not self._under_dated_heading(mention, layout, timeline, dated_itself=True):
            if not ((section in self.detail_sections or self._procedure_after_background(layout, action))
                    and self._detailed(action.sent, layout.text)):
                where = "wording the note marks as in error" if section == "in_error" else section
                return Verdict("out", f"repositioning mentioned under {where}, not as the procedure performed: "
                                      f"'{_snippet(doc, action, mention.device or action)}'",
                               (_ev("reposition", action, section),))
        kind, kind_cue = layout.kind_at(action.start_char)
        if kind == PLANNING:
            return Verdict("out", f"a document written before the procedure ('{kind_cue}') names this "
                                  f"repositioning, it does not record it done: '{_snippet(doc, action, mention.device or action)}'",
                           (_ev("reposition", action, section),))
        if kind == QUERY and not self._quoted_record_of_the_day(layout, timeline, action.start_char):
            return Verdict("out", f"a documentation query ('{kind_cue}') asks about this repositioning; the "
                                  f"procedure is coded from the note it was done in: '{_snippet(doc, action, mention.device or action)}'",
                           (_ev("reposition", action, section),))
        if kind == IMAGING and not (layout.guided_during_study and layout.guided_during_study.search(span_text(action.sent))
                                    and not _BETWEEN_STUDIES.search(span_text(action.sent))):
            # ("Interval fluoroscopic repositioning of the cannula": done between two studies, not under this one)
            # (an imaging report that records the maneuver done under its own guidance documents it)
            return Verdict("out", f"an imaging report ('{kind_cue}') describes where the cannula lies, not a "
                                  f"procedure done: '{_snippet(doc, action, mention.device or action)}'",
                           (_ev("reposition", action, section),))
        if kind != PROCEDURE and not self.author.search(span_text(action.sent)):
            # a nurse's or perfusionist's narrative of the physician's act that refers to the
            # physician's own note ("refer to the physician procedure note") is not its record
            pointer = timeline.pointer_in_paragraph(action.start_char, action.end_char)
            if pointer is not None and facts.patient_bed is not None and \
                    self._bed_entry(text, pointer.start(), timeline) != self._bed_entry(text, action.start_char, timeline):
                pointer = None  # "Bed 16 | ... cannulated overnight by cath lab (see their note)": that bed's entry
            if pointer is not None and _A_PROCEDURE_RECORD.search(pointer.group()) and not _SENTENCE_END.search(pointer.group()):
                return Verdict("out", f"repositioning documented in another note, not coded from this one: "
                                      f"'{_snippet(doc, action, mention.device or action)}' ('{pointer.group()}')",
                               (Evidence("time", pointer.group(), pointer.start(), pointer.end(), layout.section_at(pointer.start())),
                                _ev("reposition", action, section)))
        if kind == NARRATIVE and not self._anchored(mention, layout, timeline):
            return Verdict("out", f"a {kind_cue or 'progress note'} reports this repositioning, but nothing ties it "
                                  f"to the date of service: '{_snippet(doc, action, mention.device or action)}'",
                           (_ev("reposition", action, section),))
        return None

    @staticmethod
    def _dated_entry_of_the_section(layout: Layout, mention: Mention) -> bool:
        """The act's time is the date of service, read from a dated heading inside its history
        section ('COURSE' ... '10/03 - DAY OF TRANSFER' over 'the groin incision was re-opened ...
        cannula re-seated'): the course's entry of the day of service records that day."""
        time = mention.time
        if mention.section != "history" or time.scope != "section" or time.date is None or time.start >= mention.action.start_char:
            return False
        headers = layout.enclosing_headers(mention.action.start_char)
        section_header = next((h for h in headers if h.category == mention.section), None)
        return section_header is not None and section_header.start < time.start

    @staticmethod
    def _procedure_after_background(layout: Layout, action: Span) -> bool:
        """In a procedure note, a paragraph of its own below a history label ('Background: VV ECMO
        day 5 ...' then, after a blank line, 'Securing suture cut. Under fluoroscopy the cannula was
        withdrawn 2 cm'): the label's section ran out with its paragraph."""
        headers = layout.enclosing_headers(action.start_char)
        if not headers or headers[0].category != "history" or layout.kind_at(action.start_char)[0] != PROCEDURE:
            return False
        header = headers[0]
        own_end = layout.paragraph_span(header.start)[1]  # (the label's own paragraph must hold its words)
        return layout.paragraph_at(action.start_char) >= own_end > header.words_end and \
            bool(layout.text[header.words_end:own_end].strip(" \t\r\n:-"))

    def _quoted_record_of_the_day(self, layout: Layout, timeline: Timeline, offset: int) -> bool:
        """The act lies in an excerpt a documentation query quotes: indented or quoted lines under a
        line that starts at the margin, where that line or a line of the excerpt above the act names
        a note dated the date of service ("Documentation reviewed - Procedure Note 02/11/2026 16:42,
        excerpt:", "From the note (04/09/2026 18:04):", "(1) EHR procedure template, 02/19/2026:")."""
        text, service_date = layout.text, timeline.service_date
        line_start = text.rfind("\n", 0, offset) + 1
        if service_date is None or not _QUOTED_LINE.match(text, line_start):
            return False
        named = False
        while line_start > 0:
            line_start = text.rfind("\n", 0, line_start - 1) + 1
            line_end = text.find("\n", line_start)
            if line_end == line_start:
                return named  # (a blank line above the excerpt)
            named = named or bool((self.procedure_kind.search(text, line_start, line_end) or _A_NOTE.search(text, line_start, line_end))
                                  and any(when == service_date for when, _, _ in timeline.written_dates(line_start, line_end)))
            if not _QUOTED_LINE.match(text, line_start):
                return named  # (the line the excerpt hangs from)
        return False  # (a note indented throughout quotes nothing)

    def _authors_procedure_item(self, action: Span, section: Optional[str], layout: Layout) -> bool:
        """'2. Aortic cannula malposition - Procedure at bedside in CTICU, 0915, performed by me ...
        cannula withdrawn ~1 cm', 'I ... withdrew the 25 Fr venous cannula ~3 cm': an item of the
        assessment and plan in which the author records a procedure they did is its record, not a plan."""
        if section not in _AUTHOR_ITEM_SECTIONS:
            return False
        if self.author.search(span_text(action.sent)):
            return True  # "#3 VA ECMO drainage cannula malposition - ... I took down the Tegaderm ... and withdrew the cannula"
        start = layout.paragraph_at(action.start_char)
        return bool(self.author.search(layout.text, start, action.start_char)) and \
            bool(_PROCEDURE_WORD.search(layout.text, start, action.start_char))

    @staticmethod
    def _authors_dated_lead(layout: Layout, timeline: Timeline, offset: int) -> bool:
        """The act's paragraph opens with a line in which the author says they did it and dates it
        to the date of service ('Cath lab today, 09/14/2026 - I performed with Dr. Navarro')."""
        text = layout.text
        start = layout.paragraph_at(offset)
        end = text.find("\n", start, offset)
        if end < 0 or not _AUTHOR_LEAD.search(text, start, end):
            return False
        return bool(_TODAY_WORD.search(text, start, end)) or timeline.service_date is not None and any(
            when == timeline.service_date for when, _, _ in timeline.written_dates(start, end))

    def _anchored(self, mention: Mention, layout: Layout, timeline: Timeline) -> bool:
        if mention.time.relation == "today":
            return True
        sent = mention.action.sent
        # (or dated only by the header of a note whose date of service is not known: "PICU I-PASS
        # HANDOFF 11/02/2025 0700 ... - 0425 I pulled the RIJ venous cannula back")
        undated = mention.time.relation is None or mention.time.relation == "dated" and mention.time.scope in ("section", "part")
        if undated and (self.author.search(span_text(sent)) or self._authors_procedure_item(mention.action, mention.section, layout)) \
                and timeline.paragraph_time(sent.start_char) in (None, "today"):
            return True  # "I withdrew the cannula", with nothing to say it was another day
            #              (not "Over the weekend ... I advanced the cannula")
        if undated and self._authors_dated_lead(layout, timeline, mention.action.start_char):
            return True  # "Cath lab today, 09/14/2026 - I performed with Dr. Navarro (fellow)" over the act's lines
        for header in layout.enclosing_headers(mention.action.start_char):
            words = layout.text[header.start:header.words_end]
            if self.history_label.search(words):
                return False
            if header.category in self.anchoring_sections or self.anchoring_label.search(words):
                return True
        # ("ECMO attending addendum - 10/21/2025 12:20" on its own line over the act's paragraph): a
        # heading in words that names an addendum or a procedure, dated the date of service
        return self._under_dated_heading(mention, layout, timeline)

    def _under_dated_heading(self, mention: Mention, layout: Layout, timeline: Timeline, dated_itself: bool = False) -> bool:
        """The act's paragraph opens with a short heading line that names an addendum or a procedure and
        is dated the date of service ("ECMO attending addendum - 10/21/2025 12:20", "Addendum to earlier
        progress note - 05/02/2026 14:10"; not "Prior procedure note - 05/02")."""
        sent = mention.action.sent
        first = layout.paragraph_span(mention.action.start_char)[0]
        heading_end = layout.line_at(first)[1]
        if not (heading_end < sent.start_char and heading_end - first <= 100):
            return False
        if dated_itself and (first <= layout.note_start(first) or timeline.service_date is None or not any(
                c.date == timeline.service_date for c in timeline.cues(first, heading_end))):
            return False  # (over a section the act would be ruled out by: a heading below the title, dated the day itself)
        label = self.anchoring_label.search(layout.text, first, heading_end)
        if label is None:
            return False
        history = self.history_label.search(layout.text, first, heading_end)
        return (history is None or label.start() < history.start()) and timeline.paragraph_time(sent.start_char) == "today"

    def _runs_as_a_vad(self, text: str) -> bool:
        """The note says the circuit runs as a VAD now ('running as LVAD only'), not as a plan ('if gas
        exchange holds, run as LVAD only')."""
        return any(not _NOT_IN_USE.search(text, _sentence_of(text, m)[0], m.start()) for m in self.vad_only.finditer(text))

    def _oxygenator_state(self, text: str) -> tuple[bool, bool]:
        """(the note says the circuit's oxygenator is out, it also puts one in the circuit after that):
        a ProtekDuo note saying both ("now RVAD only, no oxygenator" before "oxygenator in line")
        needs a query."""
        absent = [m.span() for m in self.no_oxygenator.finditer(text)] if self.no_oxygenator_gate.open(text) else []
        if not absent:
            return False, False
        # Spliced in, later taken out, is a history ("spliced in 01/31 ...; removed on 02/08"),
        # and so is one inspected or discussed ("oxygenator splice discussed and deferred")
        def in_circuit_now(m: re.Match) -> bool:
            start, end = _sentence_of(text, m)
            if _NOT_IN_USE.search(text, start, end):
                return False
            # (undone by its own removal, not by "spliced back in and the old femoral sheath removed")
            removal = self.oxygenator_undone.search(text, m.end(), end)
            return removal is None or bool(_ANOTHER_OBJECT.search(text, m.end(), removal.start()))
        return True, any(m.start() > absent[0][0] and not any(a <= m.start() < b for a, b in absent) and in_circuit_now(m)
                         for m in self.oxygenator_in_circuit.finditer(text))

    def _cannula_kind(self, doc: Doc, mention: Mention, nouns: list[Span], layout: Layout, timeline: Timeline,
                      text: str, facts: NoteFacts) -> Optional[Verdict]:
        ecmo_context = facts.ecmo_context
        device, action = mention.device, mention.action
        assert device is not None
        if device.label_ == "DPC":
            return Verdict("review", f"a distal perfusion cannula was adjusted ('{_snippet(doc, device, action)}'): "
                                     "not clearly an ECMO cannula repositioning",
                           (_ev("device", device, layout.section_at(device.start_char)),))
        if facts.oxygenator_conflict:
            return Verdict("review", f"{device.text} moved, but the note both records an oxygenator in the circuit (ECMO) "
                                     "and says it was taken out (RVAD)",
                           (_ev("device", device, layout.section_at(device.start_char)),))
        if _meta(device).get("kind") == "protekduo" or (
                facts.protekduo_only and not (_meta(device).get("kind") or _meta(device).get("brand"))):
            doubt = self.oxygenator_in_doubt.search(text)
            if doubt is not None and not self.no_oxygenator.search(text):
                # ("oxy?" on the perfusion sheet, "clarify whether oxygenator remains in circuit")
                return Verdict("review", f"{device.text} moved, but the note asks whether an oxygenator is in the circuit "
                                         f"(ECMO) or not (RVAD): '{doubt.group()}'",
                               (_ev("device", device, layout.section_at(device.start_char)),))
            # (not "ECMO SPECIALIST NOTE", "ECMO team": a person or a service, not the run)
            named = [m for m in self.oxygenator.finditer(text) if not layout.on_a_blank_form_line(m.start())
                     and not (m.group().lower() in _RUN_NAMES and self.ecmo_names_people.match(text, m.end()))]
            oxygenator = bool(named)
            if oxygenator and all(m.group().lower() in _RUN_NAMES for m in named) and not self.no_oxygenator.search(text) \
                    and any(not layout.on_a_blank_form_line(m.start()) for m in self.rvad.finditer(text)):
                # ('listed as "RA-PA ECMO"' and 'in the cath report as "percutaneous RVAD"', no oxygenator named)
                return Verdict("review", f"{device.text} moved, but the note calls the support both ECMO and an RVAD "
                                         "and never names an oxygenator in the circuit",
                               (_ev("device", device, layout.section_at(device.start_char)),))
            if self.no_oxygenator.search(text) or not oxygenator:  # ("[ ] V-PA/oxy-RVAD" left blank says nothing)
                if self.no_oxygenator.search(text) or any(not layout.on_a_blank_form_line(m.start())
                                                          for m in self.rvad.finditer(text)):
                    return Verdict("out", f"{device.text} without an oxygenator is an RVAD, not an ECMO cannula",
                                   (_ev("other_device", device, layout.section_at(device.start_char)),))
                return Verdict("review", f"{device.text} moved, but the note does not say whether an oxygenator is in "
                                         "the circuit (ECMO) or not (RVAD)",
                               (_ev("device", device, layout.section_at(device.start_char)),))
            return None
        if facts.vad_only and not (_meta(device).get("kind") or _meta(device).get("brand")):
            # "ECMO discontinued 06/10; running as LVAD only, no oxygenator since ... LA cannula withdrawn 6 mm"
            return Verdict("out", f"the circuit runs as a VAD without an oxygenator, so the cannula moved is the VAD's, "
                                  f"not an ECMO cannula: '{_snippet(doc, action, device)}'",
                           (_ev("other_device", device, layout.section_at(device.start_char)),))
        if not ecmo_context:
            return Verdict("out", "a cannula was moved but the note does not say it is an ECMO/ECLS cannula: "
                                  f"'{_snippet(doc, action, device)}'")
        # (the paragraph too: "Two-stage venous cannula in the right atrium; the venous cannula
        # was advanced 2 cm" a sentence after "... after initiation of partial bypass")
        # ("No ECMO or IABP required", "he has never been on ECMO" name no ECMO)
        start, end = timeline.paragraph(action.start_char, action.end_char)
        scopes = ((action.sent.start_char, action.sent.end_char), (start, end))
        if any(set(_WORD.findall(text[a:b].lower())) & self.words["bypass_words"]
               and not _names_ecmo(text[a:b], a, facts.denied_ecmo) for a, b in scopes):
            return Verdict("out", f"a cardiopulmonary bypass cannula moved during surgery, not an ECMO cannula: "
                                  f"'{_snippet(doc, action, device)}'")
        return None

    # -- note-level rules ---------------------------------------------------------------
    def _claims_against_narrative(self, doc: Doc, positives: list[Mention], denials: list[Evidence],
                                  layout: Layout, rule_out: Callable[..., None],
                                  other_day: Sequence[Mention] = ()) -> list[Mention]:
        """A title, procedure line, charge line or check-box claims; the narrative decides.

        When every mention that counts is a claim and the narrative says it was not done ("the
        cannula was NOT repositioned", "procedure aborted"), nothing was done. A statement that
        the procedure was not done also outweighs passing mentions (a consent, a plan line);
        only a narrative that describes the act itself (a distance moved, and how) stands."""
        if not positives:
            return positives
        if all(layout.on_code_line(m.action.start_char) and not self._detailed(m.action.sent) for m in positives):
            # "Codes assigned: 33964 repositioning of central ECMO cannula ...": a code, not the act
            # ("CPT 33958: drainage cannula withdrawn 2 cm at the bedside by me" tells the act)
            rule_out(f"only a line that carries a CPT number names the repositioning; a code written in the "
                     f"note is not evidence that it was done: '{_snippet(doc, positives[0].action)}'",
                     *(_ev("reposition", m.action, m.section) for m in positives))
            return []
        narrated_before = [m for m in other_day if not m.claim]
        if all(m.claim for m in positives) and narrated_before and not any(self._detailed(m.action.sent) for m in positives):
            # (not "Procedure at bedside 09:40, I performed: ... the Avalon was pulled back 1.5 cm":
            # a procedure line that tells the act is its narrative)
            # "Procedure: ECMO cannula repositioning ... Narrative: Yesterday evening (02/06, 22:15) I
            # withdrew the cannula": a late entry; the claim names the act the narrative dates
            first = narrated_before[0]
            rule_out(f"the title or procedure line claims a repositioning that the narrative puts before this encounter: "
                     f"'{_snippet(doc, first.action)}'",
                     *(_ev("reposition", m.action, m.section) for m in positives))
            return []
        not_done = [Evidence("context", words, start, end, layout.section_at(start)) for start, end, words in layout.not_done]
        if all(m.claim for m in positives) and (denials or not_done):
            first = min(denials + not_done, key=lambda e: e.start)
            rule_out(f"the title or procedure line claims a repositioning, but the narrative says it was not done: "
                     f"'{first.text}'", first, *(_ev("reposition", m.action, m.section) for m in positives))
            return []
        if not not_done:
            return positives
        kept = [m for m in positives if not m.claim and self._detailed(m.action.sent, layout.text, before=False)
                and not _BACK_TO_ORIGINAL.search(layout.text, m.action.sent.start_char, layout.line_at(m.action.end_char)[1])
                and not any(not _ANOTHER_TUBE_BEFORE.search(layout.text, max(0, back.start() - 60), back.start())
                            for back in _MOVED_BACK.finditer(layout.text, m.action.end_char, layout.paragraph_span(m.action.start_char)[1]))
                and not _BACK_TO_ORIGINAL.search(layout.text, m.action.end_char, layout.paragraph_span(m.action.start_char)[1])]
        # ("Crescent withdrawn 2 cm; ... so it was brought back to its original 16 cm mark ... Procedure aborted";
        # "the cannula was withdrawn ~1 cm; ... flows dropped ... Cannula re-advanced ... Procedure aborted";
        # "... withdrawn ~0.5 cm ... further manipulation was aborted; cannula left in place and re-sutured
        # at the original mark")
        if len(kept) < len(positives):
            dropped = [m for m in positives if m not in kept]
            rule_out(f"the note says the procedure was not done: '{not_done[0].text}'", not_done[0],
                     *(_ev("reposition", m.action, m.section) for m in dropped))
        return kept

    def _corrected(self, doc: Doc, positives: list[Mention], denied: list[Mention], layout: Layout,
                   rule_out: Callable[..., None]) -> list[Mention]:
        """A later attestation or correction that says the cannula was not moved ("ATTENDING
        ATTESTATION: ... Correction: the cannula was not advanced or withdrawn") outweighs the
        narrative it corrects: the attesting physician's word is the record."""
        if not positives:
            return positives
        last = max(m.action.start_char for m in positives)
        said_yes = [self._identity(doc, m.device or m.action, layout) for m in positives]
        statements = [(m.action.start_char, m.action.end_char, self._identity(doc, m.device or m.action, layout))
                      for m in denied if m.device is None or m.device.label_ == "ECMO_CANNULA"]
        statements += [(start, end, None) for start, end, _ in layout.not_done]
        # ("ATTENDING ATTESTATION: ... the cannula was not moved.")
        statements += [(m.start(), m.end(), None) for m in self.not_moved_said.finditer(layout.text, last)
                       if not self._names_another_cannula(layout.text[_sentence_start(layout.text, m.start()):m.start()],
                                                          said_yes)]
        # ("Correction: ... The device withdrawn 2 cm was the R IJ 9 Fr introducer sheath, not an ECMO
        # cannula. The ECMO cannulae ... were not touched today.")
        moved_by = {d.group().replace(" ", "") for m in positives for d in _A_DISTANCE.finditer(span_text(m.action.sent))}
        for other in _NOT_AN_ECMO_CANNULA.finditer(layout.text, last):
            sentence = layout.text[_sentence_start(layout.text, other.start()):other.end()]
            if {d.group().replace(" ", "") for d in _A_DISTANCE.finditer(sentence)} & moved_by:
                statements.append((other.start(), other.end(), None))  # (the act it names, not another bed's Impella)
        for start, end, said_no in sorted(statements, key=lambda s: s[0]):
            if start <= last:
                continue
            if not self._in_correction(layout, start) and not self._says_correction(layout, start):
                continue  # (nor a paragraph that says it corrects: "... carried forward ... in error.\n(...) No cannula manipulation was performed")
            if said_no is not None and not any(all(said_no[k] == yes[k] for k in ("side", "site", "role") if said_no[k] and yes[k])
                                               for yes in said_yes):
                continue  # "the arterial cannula was not moved" beside the venous one that was
            if any(layout.paragraph_at(m.action.start_char) == layout.paragraph_at(start) and m.action.start_char < start
                   and self._in_correction(layout, m.action.start_char) for m in positives):
                continue  # "Correction: the cannula advanced was the venous one ... The arterial cannula was not manipulated."
            if _ONLY_THIS_ONE.search(layout.text, layout.paragraph_at(start), start):
                continue  # "Correction to Procedures line 2 - only the RA venous cannula was repositioned. The aortic cannula ... not manipulated."
            rule_out(f"a later attestation or correction says the cannula was not moved: '{layout.text[start:end]}'",
                     Evidence("context", layout.text[start:end], start, end, layout.section_at(start)),
                     *(_ev("reposition", m.action, m.section) for m in positives))
            return []
        return positives

    def _correction_between(self, layout: Layout, start: int, end: int) -> bool:
        """text[start:end] holds words that say the note corrects itself ('Correction:', 'in error')."""
        if layout.corrections is None:  # found once per note
            layout.corrections = [m.span() for m in self.correction.finditer(layout.text)]
        return any(start <= a and b <= end for a, b in layout.corrections)

    def _in_correction(self, layout: Layout, offset: int) -> bool:
        """Under an attestation header, or on a line that says it corrects."""
        return self._correction_between(layout, *layout.line_at(offset)) or any(
            h.category in self.correcting_sections or self.correction.search(h.label or "")
            for h in layout.enclosing_headers(offset))  # ("ADDENDUM 13:40 - CORRECTION / ENTERED IN ERROR:")

    def _says_correction(self, layout: Layout, offset: int) -> bool:
        """The paragraph holding the offset says it corrects ('Correction to the resident's note: ...')."""
        text = layout.text
        end = text.find("\n\n", offset)
        return self._correction_between(layout, text.rfind("\n\n", 0, offset) + 1, len(text) if end < 0 else end)

    def _corrected_ages(self, ages: list[AgeMention], layout: Layout) -> list[AgeMention]:
        """A correction that states the age ('Age correction: ... she is 6 years old, not 5 as
        written in the HPI') outranks the ages and dates of birth written before it (an
        attestation that only agrees corrects nothing). An age in quotation marks ('"5 yo" in the
        HPI was carried forward') names what was written, not the age."""
        text = layout.text
        ages = [m for m in ages if not (m.kind == "age" and text[m.evidence.start - 1:m.evidence.start] in _QUOTES
                                        and text[m.evidence.end:m.evidence.end + 1] in _QUOTES
                                        # (not a field's value: '"age": "8 yrs"', "{'age': '9yo', 'sex': 'M'}")
                                        and '":' not in m.evidence.text
                                        and not _A_FIELDS_KEY.search(text, max(0, m.evidence.start - 40), m.evidence.start - 1))]
        correcting = [m for m in ages if m.kind == "age" and self._says_correction(layout, m.evidence.start)]
        if not correcting:
            return ages
        first = min(m.evidence.start for m in correcting)
        # (and the dates of birth written before it: "the DOB in the header is her brother's ... she is 4")
        return [m for m in ages if m.kind not in ("age", "dob") or m.evidence.start >= first]

    @staticmethod
    def _current_ages(ages: list[AgeMention], timeline: Timeline) -> list[AgeMention]:
        """An age in text copied forward from an earlier note ('HPI (copied from admission H&P
        3/30): 5 yo M') is the age then: it gives way to the age stated now when a birthday
        since explains the difference ('6 yo M (birthday today)'), not when years apart."""
        copied = {m.evidence.start for m in ages if m.kind == "age" and timeline.copied_from_before(m.evidence.start)}
        # (copied text is a record of its day: with a date of birth, a year less is a birthday since)
        ages = [replace(m, earlier=True) if m.kind == "age" and (m.evidence.start in copied or timeline.written_earlier(m.evidence.start))
                else m for m in ages]
        stale = [m for m in ages if m.kind == "age" and m.evidence.start in copied]
        now = {m.years for m in ages if m.kind == "age" and m not in stale and m.years is not None}
        if not stale or not now or not all(m.years in now or (m.years is not None and m.years + 1 in now) for m in stale):
            return ages
        return [m for m in ages if m not in stale]

    def _authors_disagree(self, doc: Doc, positives: list[Mention], denied: list[Mention], layout: Layout,
                          timeline: Timeline) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """A bundle in which the procedure note says the cannula was not moved ("no manipulation
        of the cannula was required") and another author's part says it was ("pulled back about
        2 cm by the fellow"): whether it was moved needs a query."""
        for no in denied:
            if no.device is not None and no.device.label_ != "ECMO_CANNULA":
                continue  # "distal perfusion catheter intact, NOT manipulated"
            part = layout.part_of(no.action.start_char)
            if part is None or layout.kind_at(no.action.start_char)[0] != PROCEDURE:
                continue  # only a procedure note of a bundle, denying, against another author's part
            sent = no.action.sent
            if timeline.when(no.action.start_char, no.action.end_char, sent.start_char, sent.end_char).relation in TIME_WORDS \
                    or timeline.in_another_days_part(no.action.start_char):
                continue
            said_no = self._identity(doc, no.device or no.action, layout)
            no_day = timeline.part_day(no.action.start_char)
            for yes in positives:
                if layout.part_of(yes.action.start_char) == part or yes.claim:
                    continue  # the same author's part; a title or claim line says nothing of its own
                if no_day is not None and timeline.part_day(yes.action.start_char) not in (None, no_day):
                    continue  # ("CVICU NOTE Tue 11/18/25 ... No manipulation tonight." over the operation of 11/19)
                said_yes = self._identity(doc, yes.device or yes.action, layout)
                if any(said_no[k] != said_yes[k] for k in ("side", "site", "role") if said_no[k] or said_yes[k]):
                    continue  # "the arterial cannula was not moved" beside a venous one that was (or unknown)
                return (f"the notes disagree whether the cannula was moved: '{_snippet(doc, no.action, no.device or no.action)}' "
                        f"vs '{_snippet(doc, yes.action, yes.device or yes.action)}'",
                        (_ev("context", no.action, no.section), _ev("reposition", yes.action, yes.section)))
        return None

    def _denied_in_another_entry(self, doc: Doc, positives: list[Mention], denied: list[Mention], layout: Layout,
                                 timeline: Timeline) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """One entry of the note tells the move ("withdrawn 1 cm to 7.5 cm at skin") and another
        entry of the same day says the same cannula was not moved ("Attestation: ... cannula not
        manipulated", "1530 ... position acceptable, no manipulation"): whether it was moved needs a query."""
        for no in denied:
            if no.device is not None and no.device.label_ != "ECMO_CANNULA":
                continue
            sent = no.action.sent
            line_start, line_end = layout.line_at(no.action.start_char)
            # (the clause may begin before spaCy's sentence: "(separate from this procedure; cannulae not manipulated)";
            # the look back may reach the sentence before and skip a true denial: a skip keeps the code as told)
            start = min(sent.start_char, max(line_start, no.action.start_char - 80))
            if timeline.when(no.action.start_char, no.action.end_char, sent.start_char, sent.end_char).relation in TIME_WORDS \
                    or timeline.in_another_days_part(no.action.start_char) \
                    or _NOT_MOVED_FURTHER.search(layout.text, start, sent.end_char):
                continue
            if no.action[0].lower_ not in _WHOLE_MOVE_WORDS or _A_WAY_OF_MOVING.match(layout.text, no.action.end_char) \
                    or _A_WAY_BEFORE.search(layout.text, max(sent.start_char, no.action.start_char - 30), no.action.start_char):
                continue  # ("no advancement or withdrawal" beside a rotation; "NOT repositioned percutaneously", "NOT a percutaneous adjustment")
            if any(line_start <= a < line_end for a, _ in layout.unchecked):
                continue  # ("[ ] Cannula position evaluated only, no manipulation of the cannula": an option of a query)
            if self._roles_and_sites(sent.text):
                # ("The return cannula was not manipulated": in procedure notes such a denial is nearly always of the
                # cannula beside the one moved; left alone even when it names the moved one - precision first)
                continue
            # ("The aortic cannula was inspected; it was not manipulated", "Fluoroscopy check of drainage cannula. Per
            # Dr. R position acceptable, no manipulation"): a denial whose clause names its cannula is weighed by that name
            clause = layout.text[start:sent.end_char]
            entry = self._entry_of(layout, no.action.start_char)
            for yes in _told(positives):
                if yes.claim or self._entry_of(layout, yes.action.start_char) == entry:
                    continue  # the same entry: its own words weigh the denial ("was not moved; instead ...")
                if not self._names_no_other_cannula(clause, yes):
                    continue
                return (f"one entry says the cannula was moved ('{_snippet(doc, yes.action, yes.device or yes.action)}') "
                        f"and another that it was not ('{_snippet(doc, no.action, no.device or no.action)}')",
                        (_ev("context", no.action, no.section), _ev("reposition", yes.action, yes.section)))
        return None

    def _roles_and_sites(self, text: str) -> set[str]:
        """Every role and site of a cannula the text names ('arterial ... venous' names both)."""
        identity = self.lexicon["cannula_identity"]
        words = set(_WORD.findall(text.lower()))
        return {name for groups in (identity["roles"], identity["sites"]) for name, members in groups.items()
                if not words.isdisjoint(members)}

    def _names_no_other_cannula(self, clause: str, act: Mention) -> bool:
        """The clause names no cannula role or site that the moved act's sentence does not name
        ("venous 47 cm (unchanged, not manipulated)" names another beside the arterial cannula re-sited)."""
        return self._roles_and_sites(clause) <= self._roles_and_sites(act.action.sent.text)

    def _aborted_against_another_entry(self, doc: Doc, positives: list[Mention],
                                       layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """The procedure's paragraph says the manipulation was aborted and the cannula left at its
        original mark ("further manipulation was aborted; cannula left in place and re-sutured at the
        original mark") while another paragraph tells the move ("cannula withdrawn ~2 cm"): whether it
        was moved needs a query. (Another paragraph, not another author: the message says entry.)"""
        told = _told(positives)
        if not told or not layout.not_done:
            return None
        text = layout.text
        for start, end, words in layout.not_done:
            sentence = text[_sentence_start(text, start):_sentence_end(text, end)]
            if not (_MOVING_WORD.search(sentence) or _A_CANNULA_NAME.search(sentence) or _A_CANNULA_ACT.search(sentence)):
                continue  # ("Planned bronchoscopy aborted because of desaturation": another procedure's abort)
            paragraph = layout.paragraph_span(start)
            # (the abort and the cannula left where it was told together, not "Arterial cannula: left at its
            # original depth. Planned bronchoscopy aborted")
            back = _BACK_TO_ORIGINAL.search(text, max(paragraph[0], start - 200), min(paragraph[1], end + 200))
            if back is None:
                continue
            left = text[_sentence_start(text, back.start()):back.end()]
            yes = next((m for m in told if layout.paragraph_span(m.action.start_char) != paragraph
                        and self._names_no_other_cannula(left, m)), None)
            if yes is not None:
                return (f"the procedure is told as aborted with the cannula left where it was ('{words}', '{back.group()}') "
                        f"and another entry tells the move ('{_snippet(doc, yes.action)}'): whether it was moved needs a query",
                        (Evidence("context", words, start, end, layout.section_at(start)), _ev("reposition", yes.action, yes.section)))
        return None

    def _ended_where_it_started(self, doc: Doc, positives: list[Mention], layout: Layout,
                                timeline: Timeline) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """After the told move the note says the cannula ended where it started ("Net cannula position
        unchanged on final fluoroscopy", "tip at T11, unchanged from pre-procedure film"): whether a
        repositioning was done needs a query."""
        told = _told(positives)
        if not told or any(_A_TURN.search(span_text(m.action.sent)) for m in told):
            return None  # (a cannula rotated or re-angled keeps its depth and may be turned back: none of the
            # questions below holds for a turn, so a told turn leaves the act as told)
        first = min(m.action.start_char for m in told)
        text = layout.text
        for same in self.ended_where_it_was.finditer(text, first, layout.note_end(first)):
            sentence_start = _sentence_start(text, same.start())
            if timeline.in_another_days_part(same.start()) or _ANOTHER_THING_MEASURED.search(text, sentence_start, same.end()):
                continue  # ("no net change in ETT tip"): another device's place
            sentence = text[sentence_start:_sentence_end(text, same.end())]
            for yes in told:
                if not self._names_no_other_cannula(sentence, yes):
                    continue  # ("return cannula tip unchanged from pre-procedure images" beside the drainage cannula moved)
                return (f"the note says the cannula ended where it started ('{same.group()}') after the move it tells "
                        f"('{_snippet(doc, yes.action)}'): whether it was repositioned needs a query",
                        (_match_ev(same, layout),
                         _ev("reposition", yes.action, yes.section)))
        # ("the cannula was withdrawn approx 2 cm ... flows fell ... The cannula was therefore re-advanced to its
        # original position"): a move undone by a later one of the same paragraph
        for later in told:
            back = _BACK_TO_ITS_START.search(text, later.action.start_char, _sentence_end(text, later.action.end_char))
            if back is None:
                continue
            paragraph = layout.paragraph_at(later.action.start_char)
            # (the earlier move the other way, by a distance: not the title's "repositioning", nor "re-seating")
            way_back = _WITHDRAWING if _ADVANCING.search(later.action.text) else _ADVANCING if _WITHDRAWING.search(later.action.text) else None
            earlier = next((m for m in told if m.action.start_char < _sentence_start(text, later.action.start_char)
                            and layout.paragraph_at(m.action.start_char) == paragraph and way_back is not None
                            and way_back.search(m.action.text) and _A_DISTANCE_OR_TURN.search(span_text(m.action.sent))), None)
            if earlier is not None:
                return (f"the move told ('{_snippet(doc, earlier.action)}') was undone in the same procedure "
                        f"('{_snippet(doc, later.action)} {back.group()}'): whether it was repositioned needs a query",
                        (_ev("reposition", earlier.action, earlier.section), _ev("reposition", later.action, later.section)))
        # ("The drainage cannula was pulled back ~2 cm" and, in the perfusionist's entry, "depth at skin 42 cm
        # before and 42 cm after"): a move by a distance against a mark that did not change
        measured = [m for m in told if _A_DISTANCE_OR_TURN.search(span_text(m.action.sent))]
        for mark in _UNCHANGED_MARK.finditer(text, first, layout.note_end(first)):
            if timeline.in_another_days_part(mark.start()):
                continue
            for yes in measured:
                if not self._mark_of_another_thing(text, mark, span_text(yes.action.sent)):
                    return (f"the move is told by a distance ('{_snippet(doc, yes.action)}') and the mark did not change "
                            f"('{mark.group()}'): whether it was repositioned needs a query",
                            (_match_ev(mark, layout),
                             _ev("reposition", yes.action, yes.section)))
        return None

    def _entry_of(self, layout: Layout, offset: int) -> tuple[int, bool]:
        """Which entry of a note an offset is in: the ALL-CAPS block holding it, and whether it is
        an attestation, addendum or correction of that block."""
        headers = layout.enclosing_headers(offset)
        return (headers[-1].start if headers else -1, self._in_correction(layout, offset))

    def _procedures_field_says_none(self, doc: Doc, positives: list[Mention], layout: Layout,
                                    timeline: Timeline) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """The note's own procedures field says none and denies a cannula move ("PROCEDURES TODAY:\nNone.
        ECMO cannulae not manipulated") while its events tell a move ("venous cannula pulled back 2 cm
        under fluoro"): whether it was done needs a query."""
        told = _told(positives)
        if not told:
            return None
        for none in self.procedures_none.finditer(layout.text):
            # (the field itself denies a cannula move, "None. ECMO cannulae not manipulated"; a bare
            # "Procedures: None" may be the author's own billable procedures only)
            field_end = _line_bounds(layout.text, min(len(layout.text), _line_bounds(layout.text, none.end())[1] + 1))[1]
            if not self.field_denies_a_move.search(layout.text, none.end(), field_end):
                continue
            if timeline.in_another_days_part(none.start()) or any(
                    layout.part_of(none.start()) != layout.part_of(m.action.start_char) for m in told):
                continue
            yes = told[0]
            return (f"the note's procedures field says none ('{' '.join(none.group().split())}') while it tells a move "
                    f"('{_snippet(doc, yes.action)}'): whether it was done needs a query",
                    (_match_ev(none, layout),
                     _ev("reposition", yes.action, yes.section)))
        return None

    def _attested_against_the_narrative(self, doc: Doc, positives: list[Mention],
                                        layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """The procedure narrative leaves the cannula where it was ("decision was made to leave the
        cannula in its current position") and only the attestation under it moves it ("Under TEE
        guidance the cannula was rotated approximately 15 degrees"): whether it was moved needs a query."""
        told = _told(positives)
        if not told or not all(self._in_correction(layout, m.action.start_char) for m in told):
            return None
        first = min(m.action.start_char for m in told)
        for left in self.left_in_place.finditer(layout.text, 0, first):
            if not self._in_correction(layout, left.start()):
                yes = told[0]
                return (f"the procedure narrative leaves the cannula in place ('{left.group()}') and only the "
                        f"attestation says it was moved ('{_snippet(doc, yes.action)}')",
                        (_match_ev(left, layout),
                         _ev("reposition", yes.action, yes.section)))
        return None

    def _timed_about_midnight(self, doc: Doc, positives: list[Mention], layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """An act whose own sentence times it 'at approximately midnight' (no clock time between):
        which date it fell on cannot be told, and the code belongs to one date of service."""
        for mention in _told(positives):
            timed = self.about_midnight.search(layout.text, mention.action.sent.start_char, mention.action.start_char)
            if timed is not None and not self.time_of_day.search(layout.text, timed.end(), mention.action.start_char):
                return (f"the act is timed about midnight ('{timed.group()}'): on which date it was done needs a query",
                        (_ev("reposition", mention.action, mention.section),))
        return None

    def _asks_whether_done(self, doc: Doc, action: Span) -> bool:
        """The act held back as a question about the past ('to clarify whether the cannula was
        withdrawn', 'unclear if it was advanced'), not as a plan ('whether it needs to be advanced')."""
        blocked = _blocking_modifier(action)
        if blocked is None or blocked[0] != "HYPOTHETICAL" or not self.doubt_cues.search(blocked[1].text):
            return False
        before = doc[action.start - 1] if action.start > action.sent.start else None
        if before is None or before.lower_ not in ("was", "were", "been"):
            return False
        # (the question ends with the act: not 'whether it was withdrawn far enough', '... because of the bleeding')
        after = next((t for t in doc[action.end:action.sent.end] if not t.is_space), None)
        return after is None or after.is_punct or after.lower_ in ("at", "or")

    def _doubted_after(self, doc: Doc, positives: list[Mention], layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """After telling the act, the note doubts the cannula moved at all ("Unclear whether cannula
        position actually changed vs volume effect", "I am not certain the cannula actually moved"), or
        an attestation or addendum about the cannula says the note will be clarified or amended: a query."""
        told = _told(positives) or positives  # (after a title that only claims the act, too)
        doubted = next((m for m in self.doubt_it_moved.finditer(layout.text, told[0].action.end_char)
                        if not _BARE_IT.search(m.group()) or _A_CANNULA_NAME.search(
                            layout.text, _sentence_start(layout.text, m.start()), m.start())
                        and m.group().rstrip().endswith("moved")), None) if told else None
        if doubted is None and told:
            # ("ATTENDING ADDENDUM: ... my recollection is that the skin mark remained at 15 cm ... I will
            # clarify with Dr. O and this note will be amended"): the record of the act awaits its author
            text = layout.text
            doubted = next((m for m in self.amendment_pending.finditer(text, told[-1].action.end_char)
                            if self._in_correction(layout, m.start())
                            and (_THE_NOTE.search(m.group()) or _A_CANNULA_OR_MARK.search(
                                text, _sentence_start(text, m.start()), _sentence_end(text, m.end())))), None)
        if doubted is None:
            return None
        return (f"the note doubts that the cannula moved ('{doubted.group()}') after telling the act "
                f"('{_snippet(doc, told[0].action)}')",
                (_match_ev(doubted, layout),
                 _ev("reposition", told[0].action, told[0].section)))

    def _questioned_after(self, doc: Doc, positives: list[Mention], questioned: list[Mention],
                          layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """The procedure narrative tells the act and a later sentence or paragraph (an attestation, an
        addendum) asks whether it was done ("Fellow to clarify whether the cannula was withdrawn"): a query."""
        told = _told(positives)
        for asked in questioned:
            if asked.device is not None and asked.device.label_ != "ECMO_CANNULA":
                continue
            if any(m.action.start_char > asked.action.start_char for m in told):
                continue  # (a query's question that the answer below it settles)
            # (a later sentence: "cannula manipulated at the skin for ~2 min. I could not tell whether the
            # cannula was actually pulled back/advanced")
            yes = next((m for m in told if m.action.sent.end <= asked.action.sent.start), None)
            if yes is None:
                continue
            return (f"a later sentence asks whether the act was done ('{_snippet(doc, asked.action)}') that the "
                    f"narrative tells ('{_snippet(doc, yes.action)}')",
                    (_ev("context", asked.action, asked.section), _ev("reposition", yes.action, yes.section)))
        return None

    def _only_an_attempt_told(self, doc: Doc, positives: list[Mention], layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """Only a title or procedure line claims the repositioning, and the narrative tells only an
        attempt at it with no outcome it states ("an attempt was made to rotate and withdraw the
        cannula [inaudible] resistance"): whether it was done needs a query. (An attempt that
        failed is a denial, ruled out before this; one that succeeded tells its act.)"""
        if not positives or _told(positives):
            return None
        # (an attempt whose outcome the record lost: "[inaudible]", "***", a blank; not "two attempts were made
        # to advance the cannula ...; final depth 46 cm", nor another team's attempt before transfer)
        tried = next((m for m in self.attempt_to_move.finditer(layout.text) if not layout.is_claim(m.start())
                      and self.outcome_lost.search(layout.text, m.end(), _sentence_end(layout.text, m.end()))), None)
        if tried is None:
            return None
        return (f"the title or procedure line claims a repositioning, but the narrative tells only an attempt "
                f"without its outcome ('{tried.group()}')",
                (_match_ev(tried, layout),
                 _ev("reposition", positives[0].action, positives[0].section)))

    def _asks_which_code(self, positives: list[Mention], layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """The note itself asks which code applies ('Billing question sent to coding: ... 33958 vs
        33993?'): the author's doubt is a query for the coder."""
        asked = self.asks_which_code.search(layout.text) if _told(positives) else None
        if asked is None:
            return None
        return (f"the note asks which code applies ('{asked.group()}')",
                (_match_ev(asked, layout),))

    def _left_unfinished(self, doc: Doc, positives: list[Mention], layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """A procedure template left as a draft: the status field of the act's own block has no
        box checked ("Procedure status: [ ] Completed [ ] Aborted"), or every line that tells the
        act runs on into an unfilled blank ("the return cannula was withdrawn approximately 2 cm
        ***"), or the template's act is an unchosen pick-list ("The cannula was {advanced/withdrawn/
        rotated} *** cm") beside a title that only claims it: whether it was done needs a query."""
        told = _told(positives)
        text = layout.text
        if not told:
            unchosen = next(((a, b) for a, b in layout.unchecked if text.startswith("{", a)
                             and _MOVING_WORD.search(text, a, b) and _A_CANNULA_NAME.search(text, *layout.line_at(a))), None) \
                if positives else None
            if unchosen is None:
                return None
            return (f"the template leaves the act an unchosen pick-list ('{text[unchosen[0]:unchosen[1]]}'): "
                    f"whether '{_snippet(doc, positives[0].action)}' was done needs a query",
                    (Evidence("context", text[unchosen[0]:unchosen[1]], unchosen[0], unchosen[1], layout.section_at(unchosen[0])),
                     _ev("reposition", positives[0].action, positives[0].section)))
        for mention in told:  # (the block: from the blank line above the act to the act)
            status = self.status_unchecked.search(text, layout.paragraph_span(mention.action.start_char)[0], mention.action.start_char)
            if status is not None:
                return (f"the procedure template's status is left unchecked ('{status.group().strip()}'): "
                        f"whether '{_snippet(doc, mention.action)}' was done needs a query",
                        (_match_ev(status, layout),
                         _ev("reposition", mention.action, mention.section)))
        if all(self.blank_line_end.match(text, m.action.end_char, layout.line_at(m.action.start_char)[1]) for m in told):
            return (f"the line that tells the act is left unfinished ('{_snippet(doc, told[0].action)} ...***'): "
                    f"whether it was done needs a query", (_ev("reposition", told[0].action, told[0].section),))
        blanks = [self.blank_measure.match(text, m.action.end_char) for m in told]
        if all(blanks) and any(_UNCHANGED_MARK.search(text, *layout.paragraph_span(m.action.start_char)) for m in told):
            # ("Cannula withdrawn *** cm. Sutures replaced. Depth at skin - pre: 16 cm  post: 16 cm"): the
            # template's measure of the act left blank beside a mark that did not change
            return (f"the act's measure is left blank in the template ('{_snippet(doc, told[0].action)}{blanks[0].group()}') "
                    f"and the mark is unchanged: whether the cannula moved needs a query", (_ev("reposition", told[0].action, told[0].section),))
        if told and all(_BARE_ACT.match(m.action.text) for m in told):
            # ("cannula repositioned and re-secured ... Hub re-angled ... Mark at skin 14 cm before, 14 cm after"):
            # an act that says neither how far nor which way beside a mark that did not change
            for m in told:
                start, end = layout.paragraph_span(m.action.start_char)
                mark = _UNCHANGED_MARK.search(text, start, end)
                if mark is not None and not _A_DISTANCE_OR_TURN.search(text, start, mark.start()) \
                        and not _A_DISTANCE_OR_TURN.search(text, mark.end(), end) \
                        and not self._mark_of_another_thing(text, mark, span_text(m.action.sent)):
                    return (f"the act says neither how far nor which way ('{_snippet(doc, m.action)}') and the mark is "
                            f"unchanged ('{mark.group()}'): whether the cannula moved needs a query",
                            (_match_ev(mark, layout),
                             _ev("reposition", m.action, m.section)))
        return None

    @staticmethod
    def _mark_of_another_thing(text: str, mark: re.Match, act_sentence: str) -> bool:
        """The unchanged mark is another device's or another cannula's ('ETT 23 cm before, 23 cm after
        proning', 'Return cannula 14 cm before, 14 cm after (not touched)' beside the drainage cannula moved)."""
        lead_start = max(text.rfind(". ", 0, mark.start()) + 2, text.rfind("\n", 0, mark.start()) + 1, text.rfind(";", 0, mark.start()) + 1)
        lead = text[lead_start:mark.start()]
        if _ANOTHER_THING_MEASURED.search(lead) or _LEFT_ALONE_AFTER.match(text, mark.end()):
            return True
        roles = {role for role, words in _CANNULA_ROLES.items() if words.search(lead)}
        acted = {role for role, words in _CANNULA_ROLES.items() if words.search(act_sentence)}
        return bool(roles) and bool(acted) and not roles & acted

    def _authors_disagree_on_day(self, doc: Doc, positives: list[Mention], other_day: list[Mention],
                                 layout: Layout) -> Optional[tuple[str, tuple[Evidence, ...]]]:
        """A bundle whose procedure note dates the act in the small hours of the date of service
        ("Date of procedure: 07/22 Time: 00:20") while another author's part puts a repositioning
        of the same cannula on the day before ("repositioned at ~2340 on 7/21"): one act across
        midnight, and which day it was needs a query."""
        for yes in positives:
            part = layout.part_of(yes.action.start_char)
            if part is None or layout.kind_at(yes.action.start_char)[0] != PROCEDURE:
                continue
            start = layout.parts[part - 1][0] if part else 0
            clock = self.time_of_day.search(layout.text, start, min(yes.action.start_char, start + 600))
            hour = re.match(r"\D*(\d{1,2})", clock.group()) if clock else None
            if hour is None or int(hour.group(1)) >= 6:
                continue
            said_yes = self._identity(doc, yes.device or yes.action, layout)
            for before in other_day:
                if layout.part_of(before.action.start_char) == part or not (
                        _DAY_BEFORE.search(before.time.cue or "") or DATE_LIKE.match(before.time.cue or "")):
                    continue
                said = self._identity(doc, before.device or before.action, layout)
                if any(said[k] != said_yes[k] for k in ("side", "site", "role") if said[k] and said_yes[k]):
                    continue
                return (f"the notes disagree on the day of the repositioning: the procedure note dates it at "
                        f"{clock.group().strip()} on the date of service, another note on the day before: "
                        f"'{_snippet(doc, before.action, before.device or before.action)}' ('{before.time.cue}')",
                        (_ev("reposition", yes.action, yes.section), _ev("reposition", before.action, before.section)))
        return None

    def _same_session(self, doc: Doc, positives: list[Mention], by_label: dict[str, list[Span]], nouns: list[Span],
                      layout: Layout, timeline: Timeline, section_of: SectionOf, rule_out: Callable[..., None],
                      findings: Findings, patient_bed: Optional[str] = None) -> list[Mention]:
        """An insertion, exchange or removal in the same session is not a repositioning."""
        def this_patients(offset: int) -> bool:
            # (in a rounds list, "2) MICU 10 - VV ECMO day 12" or "BED 05 ... Decannulated" says
            # nothing of bed 3's run)
            return patient_bed is None or self._other_bed_line(layout.text, offset, timeline, patient_bed) is None
        if patient_bed is not None:
            by_label = {label: [s for s in by_label.get(label, []) if this_patients(s.start_char)]
                        for label in ("EXCHANGE", "INSERTION", "REMOVAL", "REPOSITION")}
        # (in a bundle, "ECMO day 2" on the next day's progress note says nothing of this day's run)
        established_run = any(not timeline.in_another_days_part(m.start()) and this_patients(m.start())
                              for m in self.established_run.finditer(layout.text)) or any(
            timeline.is_another_day(*m.span("date" if m.group("date") else "date2")) for m in self.run_started_on.finditer(layout.text))
        exchange = self._same_session_event(doc, by_label.get("EXCHANGE", []), nouns, section_of, timeline, layout,
                                            needs_link=lambda s: True)
        # ("Exchange of the right femoral cannula ... the cannula was removed over the wire, the tract
        # dilated and a new 25 Fr cannula inserted": that insertion is the exchange's, weighed with it)
        removing = {s.sent.start for s in by_label.get("REMOVAL", [])} if exchange is not None else set()
        insertion = self._same_session_event(doc, [s for s in by_label.get("INSERTION", []) if s.sent.start not in removing
                                                   and not self._a_place(doc, s) and not _for_bypass(doc, s)],
                                             nouns, section_of, timeline, layout,
                                             needs_link=lambda s: not _meta(s).get("strong"), established_run=established_run,
                                             actions=by_label.get("REPOSITION", []), act_offsets=tuple(m.action.start_char for m in positives))
        # ("the cannula was removed over the wire ... a new 25 Fr cannula inserted": an exchange, the
        # insertion's question)
        inserting = {s.sent.start for s in by_label.get("INSERTION", [])}
        called_off = _DECANNULATION_CALLED_OFF.search(layout.text)
        removal = self._same_session_event(doc, [r for r in by_label.get("REMOVAL", []) if r.sent.start not in inserting
                                                 and not (called_off and r.root.lower_.startswith("decannul"))],
                                           nouns, section_of, timeline, layout,
                                           needs_link=lambda s: not s.root.lower_.startswith("decannul"))
        if exchange is not None:
            # ("exchange of the femoral cannula for a 25 Fr ...; the RIJ return cannula pulled back 3 cm")
            others = [m for m in positives if self._another_cannula(doc, m, self._cannulae_of(doc, exchange, nouns), layout,
                                                                    existing_counts=False)]
            if others:
                findings.notes.append(f"a cannula was also exchanged in this session (coded separately): '{_snippet(doc, exchange)}'")
            else:
                rule_out(f"cannula exchanged/replaced: removal plus insertion, not repositioning (R2): '{_snippet(doc, exchange)}'",
                         _ev("exchange", exchange, section_of(exchange)))
            positives = others
        if positives and removal is not None:
            removed_item = _item_label(layout.text, removal.start_char)
            others = [m for m in positives if self._another_cannula(doc, m, self._cannulae_of(doc, removal, nouns), layout,
                                                                    existing_counts=False)
                      or removed_item is not None and _item_label(layout.text, m.action.start_char) not in (None, removed_item)
                      and self._measured_item_without_removal(layout, m.action.start_char)]
            # ("- cephalad cannula: ties cut, cannula removed" over "- venous cannula: ... withdrawn 0.5 cm":
            # the steps listed cannula by cannula)
            if others:  # "removal of the left femoral arterial cannula ... the right femoral drainage cannula withdrawn 8 cm"
                findings.notes.append(f"a cannula was also removed in this session (coded separately): '{_snippet(doc, removal)}'")
                positives, removal = others, None
        if positives and exchange is None and all(m.claim for m in positives):
            # "Title: ECMO drainage cannula revision / repositioning" over "the 21 Fr cannula was removed
            # over the wire ... a new 25 Fr cannula advanced over the same wire": an exchange (R2)
            swapped = _REMOVED_OVER_WIRE.search(layout.text)
            swapped_span = doc.char_span(swapped.start(), swapped.end(), alignment_mode="expand") if swapped else None
            if swapped is not None and swapped_span is not None \
                    and _NEW_CANNULA.search(layout.text, swapped.end(), swapped.end() + 300) \
                    and not any(self._another_cannula(doc, m, self._cannulae_of(doc, swapped_span, nouns), layout,
                                                      existing_counts=False) for m in positives):
                rule_out(f"the title or procedure line names a repositioning, but the note records the cannula's exchange "
                         f"for a new one (removal plus insertion, R2): '{swapped.group()}'",
                         Evidence("exchange", swapped.group(), swapped.start(), swapped.end(), layout.section_at(swapped.start())))
                return []
        if positives and insertion is not None:
            others = [m for m in positives if self._another_cannula(doc, m, self._cannulae_of(doc, insertion, nouns), layout)]
            if not others:
                rule_out(f"adjusted during the cannula's own insertion session: included in the insertion code (R1): '{_snippet(doc, insertion)}'",
                         _ev("insertion", insertion, section_of(insertion)))
                return []
            findings.notes.append(f"a new cannula was also inserted in this session (coded separately): '{_snippet(doc, insertion)}'")
            positives = others
        if positives and removal is not None:
            withdraw = self.words["withdraw_words"]
            if all(m.claim for m in positives):
                rule_out(f"the title or procedure line names a repositioning, but the note records the cannula's "
                         f"removal: '{_snippet(doc, removal)}'", _ev("removal", removal, section_of(removal)))
                return []
            if all(m.action.root.lower_ in withdraw for m in positives):
                rule_out(f"cannula removed (decannulation), not repositioned: '{_snippet(doc, removal)}'",
                         _ev("removal", removal, section_of(removal)))
                return []
            findings.notes.append(f"a cannula was also removed in this session (coded separately): '{_snippet(doc, removal)}'")
        return positives

    def _a_place(self, doc: Doc, span: Span) -> bool:
        """'CFA exposed above and below the cannula insertion', 'bleeding at the insertion site': the
        noun names where a cannula enters, not an insertion done."""
        if span.root.lower_ != "insertion":
            return False
        if span.end < len(doc) and doc[span.end].lower_ in self.words["insertion_skip_followers"]:
            return True
        return any(token.lower_ in self.words["insertion_place_preceders"]
                   for token in doc[max(span.sent.start, span.start - 3):span.start])

    def _removes_the_cannula(self, text: str, removal: Span) -> bool:
        """The removal's own words, up to its colon, are of a cannula ("The left femoral venous
        cannula was then removed:", "Decannulation of the R femoral cannula:"), not of a line,
        sheath or wire ("The old 7 Fr femoral arterial line was removed:")."""
        words = text[removal.sent.start_char:removal.end_char]
        named = _WORD.findall(words.lower())
        return (not self.words["cannula_words"].isdisjoint(named) or any(w.startswith("decannulat") for w in named)) \
            and not _ANOTHER_TUBE.search(words)

    def _names_a_service(self, doc: Doc, span: Span) -> bool:
        """'regional shock/ECPR network', 'ECPR-program', 'per ECPR protocol': the word names a
        programme, it tells no event done (not 'ECPR pathway activated', 'ECPR TEAM PROCEDURE
        NOTE': the call or the team is the event's). An insertion is also no event in 'ECMO
        cannulation criteria' (a removal is: 'Decannulation algorithm followed: ... withdrawn')."""
        following = span.end + (span.end < len(doc) and doc[span.end].text == "-")
        if following >= len(doc):
            return False
        word = doc[following].lower_
        return word in self.words["service_nouns"] or span.label_ == "INSERTION" and word in self.words["rule_nouns"]

    def _cannulae_of(self, doc: Doc, event: Span, nouns: list[Span]) -> list[Span]:
        """The ECMO cannulae an insertion, exchange or removal is about: those named in its
        sentence, else the one it links to, else the event itself."""
        named = [n for n in nouns if n.label_ == "ECMO_CANNULA" and event.sent.start <= n.start < event.sent.end]
        linked = self.link(doc, event, nouns)
        return named or ([linked] if linked is not None else [event])

    def _another_cannula(self, doc: Doc, mention: Mention, others: list[Span], layout: Layout,
                         existing_counts: bool = True) -> bool:
        """Whether the repositioned cannula is none of those inserted (exchanged, removed) in this
        session: called 'existing' ('Repositioning of the existing right femoral drainage
        cannula', for an insertion), or at another side or site than each of them."""
        moved = self._identity(doc, mention.device or mention.action, layout)
        if not any(moved.values()) and mention.device is not None:
            # ("The R femoral drainage cannula tip was at the RA/SVC junction. Its anchoring sutures
            # were cut and the cannula withdrawn 5 cm": the bare cannula is the one named before it)
            moved = self._antecedent_identity(doc, mention.device, layout) or moved
        if moved["new"]:
            return False
        if moved["existing"] and existing_counts:
            return True
        identities = [self._identity(doc, device, layout, placed_in=True) for device in others]
        if not existing_counts:  # an exchange's or removal's new or unnamed cannula is the one it replaces
            identities = [i for i in identities if i["side"] or i["site"]]
        return bool(identities) and all(any(moved[key] and other[key] and moved[key] != other[key] for key in ("side", "site"))
                                        for other in identities)

    def _antecedent_identity(self, doc: Doc, device: Span, layout: Layout) -> Optional[dict[str, Any]]:
        """The identity of the last cannula named in the sentence just before a bare 'the cannula',
        on its line ('The R femoral drainage cannula tip ... the cannula withdrawn'), if it names one."""
        words = self.words["cannula_words"]
        if device.sent.start == 0:
            return None
        previous = doc[device.sent.start - 1].sent  # (the sentence just before: not a log's earlier entry)
        for token in reversed(doc[previous.start:device.sent.start]):
            if "\n" in token.text:
                return None  # (its line only: a paragraph's or a line's break ends the search)
            if token.lower_ in words:
                found = self._identity(doc, doc[token.i:token.i + 1], layout)
                return found if found["side"] or found["site"] else None
        return None

    def _identity(self, doc: Doc, device: Span, layout: Layout, placed_in: bool = False) -> dict[str, Any]:
        """'existing'/'new', side and site named in a device's phrase (the words before it in its
        sentence), else in the label of the header it sits under ('Existing R femoral cannula:').
        With `placed_in` (a cannula inserted, exchanged or removed), also where the words right after
        it put it ('insertion of 19 Fr venous return cannula, right internal jugular vein')."""
        sent = device.sent
        # ("flow reduced to 2.0 L/min, the cannula": a letter after a number is a unit, not a side)
        phrase = [t.lower_ for t in doc[max(sent.start, device.start - 8):device.end]
                  if not (t.lower_ in ("l", "r") and t.i > 0 and doc[t.i - 1].like_num)]
        cut = max((i for i, w in enumerate(phrase[:-1]) if w in {";", ".", ":", "and", "while"}), default=-1)
        found = self._identity_in(phrase[cut + 1:])
        if placed_in and not (found["side"] and found["site"]) and device.end < sent.end \
                and doc[device.end].lower_ in _PLACE_AFTER_A_CANNULA:
            after: list[str] = []
            for token in doc[device.end + 1:min(sent.end, device.end + 6)]:
                if token.lower_ in _END_OF_A_PLACE or "\n" in token.text \
                        or token.lower_ in self.words["cannula_words"]:
                    break
                after.append(token.lower_)
            where = self._identity_in(after)
            found = {**found, "side": found["side"] or where["side"], "site": found["site"] or where["site"]}
        if not any(found.values()):
            # ("Description: Neck: ... 17 Fr cannula to 14 cm. Groin: skin sutures cut; ... the cannula
            # was advanced 3 cm": the last short label on the device's line before it)
            line_start = layout.text.rfind("\n", 0, device.start_char) + 1
            labels = list(_INLINE_LABEL.finditer(layout.text, line_start, device.start_char))
            if labels:
                found = self._identity_in(re.findall(r"[\w-]+", labels[-1].group("label").lower()))
        if not any(found.values()):
            for header in layout.enclosing_headers(device.start_char)[:1]:
                label = layout.text[header.start:header.words_end].lower()
                found = self._identity_in(re.findall(r"[\w-]+", label))
        return found

    def _identity_in(self, words: Iterable[str]) -> dict[str, Any]:
        """'existing'/'new', and the one side, site and role (None when none or several) the words name."""
        identity = self.lexicon["cannula_identity"]
        words = set(words)

        def named(groups: dict[str, list[str]]) -> Optional[str]:
            found = {name for name, members in groups.items() if not words.isdisjoint(members)}
            return found.pop() if len(found) == 1 else None
        return {"existing": not words.isdisjoint(identity["existing"]), "new": not words.isdisjoint(identity["new"]),
                "side": named(identity["sides"]), "site": named(identity["sites"]), "role": named(identity["roles"])}

    def _same_session_event(self, doc: Doc, events: list[Span], nouns: list[Span], section_of: SectionOf,
                            timeline: Timeline, layout: Layout, needs_link: Callable[[Span], bool], established_run: bool = False,
                            actions: Iterable[Span] = (), act_offsets: tuple[int, ...] = ()) -> Optional[Span]:
        """The first insertion/exchange/removal performed in this session, if any.

        With an ECMO run already under way ("ECMO day 6"), an insertion counts only when it
        is stated as the procedure (its header or the title line), not in passing.
        """
        for event in events:
            section = section_of(event)
            if _blocking_modifier(event) or not self._countable(event, section):
                continue
            sent = event.sent
            when = timeline.when(event.start_char, event.end_char, sent.start_char, sent.end_char)
            if when.relation in TIME_WORDS:
                continue
            if when.scope != "sentence" and self._dated_in_its_clause(layout.text, event, timeline):
                continue  # "Cannulation and VV ECMO initiation performed at Valley Community on 11/03;"
            dating = self._dating_words(doc, event, layout)
            if dating and timeline.dated_another_day(*dating):
                continue  # "Cannulation: ... established in OR 09/01", "(... cannula inserted into graft; 02/19)"
            if any(a.start < event.end and event.start < a.end for a in actions):
                continue  # "inserted a further 2 cm" moves the cannula; it is not an insertion
            if self._names_a_service(doc, event):
                continue  # "ECPR PROGRAM - VASCULAR / ECMO PROCEDURE NOTE", "per ECPR protocol": a name, not an insertion
            if self._compared_case(layout.text, sent.start_char, event.start_char):
                continue  # "in a prior patient of ours ... the cannula required an exchange": another patient's
            if event.label_ == "INSERTION" and self.earlier_occasion.match(layout.text, event.end_char, event.sent.end_char):
                continue  # "The 22 Fr arterial cannula, inserted into the aortic graft at the index operation, was ..."
            if self._airway_procedure_step(event, nouns, layout):
                continue  # "J-wire passed, guiding catheter, serial dilation w/ Blue Rhino": a tracheostomy's
            if self.bypass_cannulation.match(layout.text, event.end_char, event.sent.end_char):
                continue  # "aortic and two-stage venous cannulation for CPB": the bypass circuit's
            # (a procedure's description tells an insertion by its act, "the tract dilated"; there
            # "the cannula was inserted to 18 cm" says how deep it sat, "the cannulation dressing"
            # what was taken down, "connected to the circuit" that the line was joined again)
            if established_run and not (section == "procedure" or section == "description" and _meta(event).get("act")) \
                    and event.sent.start != 0 and not self._on_a_part_title(event, layout):
                continue
            later = [t for t in doc[event.end:min(event.sent.end, event.end + 6)] if not t.is_space]
            if any(t.lower_ in self.words["temporal_followers"] and i < 3
                   or DATE_LIKE.match(t.text) and not timeline.is_service_day(t.idx, t.idx + len(t.text))
                   for i, t in enumerate(later)):
                continue  # "cannulated 12/11" (a title "ECMO cannulation - op note <date of service>" is this session)
            if layout.is_unchecked(event.start_char):
                continue
            if not layout.is_checked(event.start_char) and not self._says_inserted(doc, event):
                continue  # ("(x) Cannulation" is said outright)
            if event.label_ == "INSERTION" and self._an_earlier_insertion(doc, event, layout, timeline):
                continue  # "Cannulated at the referring hospital on 04/06 ... Our team was not present for cannulation."
            if event.label_ == "INSERTION" and act_offsets and self._under_another_days_entry(layout, timeline, event.start_char, act_offsets):
                continue  # "Entry 1 | 02/09/2026 ...\nProcedure: VV ECMO cannulation" above the entry of 02/11 that moves it
            swapped_for = next((n for n in nouns if event.end < n.start <= event.end + 6 and n.sent.start == event.sent.start
                                and doc[event.end].lower_ in ("for", "with")), None)
            if swapped_for is not None and swapped_for.label_ == "OTHER_DEVICE":
                continue  # "the glide wire ... exchanged for a stiff wire": another device swapped
            if event.label_ == "INSERTION" and self._another_devices_insertion(event, nouns):
                continue  # "after serial dilation the 14 Fr sheath was placed and the Impella CP advanced across the AV"
            if event.label_ == "EXCHANGE" and self._another_thing_exchanged(layout.text, event):
                continue  # "cannula re-advanced 2 cm, purse-string (5-0 Prolene) replaced and snugged"
            if needs_link(event):
                device = self.link(doc, event, nouns)
                if device is None or device.label_ != "ECMO_CANNULA":
                    continue
            return event
        return None

    @staticmethod
    def _another_devices_insertion(event: Span, nouns: list[Span]) -> bool:
        """The insertion's sentence names a VAD (an Impella) and no ECMO cannula: the VAD's insertion."""
        sent = event.sent
        in_sentence = [n for n in nouns if sent.start <= n.start < sent.end]
        return any(n.label_ == "OTHER_DEVICE" and str(_meta(n).get("device", "")).startswith("ventricular assist device")
                   for n in in_sentence) and not any(n.label_ == "ECMO_CANNULA" for n in in_sentence)

    def _another_thing_exchanged(self, text: str, event: Span) -> bool:
        """What was replaced is a suture, a tie, a snare or a dressing, not the cannula."""
        clause_start = max(event.sent.start_char, event.start_char - 80)
        return bool(self.thing_exchanged_before.search(text, clause_start, event.start_char)
                    or self.thing_exchanged_after.match(text, event.end_char))

    def _entry_line(self, layout: Layout, timeline: Timeline, offset: int) -> Optional[tuple[int, date]]:
        """The nearest line at or above the offset, within its part and ENTRY_LOOKBACK lines, that
        opens with a date ('Entry 1 | 02/09/2026 16:40', '[08/01/2025 14:20] ...', 'Date of surgery:
        07/05/2026'): (its start, the date)."""
        text, part = layout.text, layout.part_of(offset)
        line_start = text.rfind("\n", 0, offset) + 1
        for _ in range(ENTRY_LOOKBACK):
            if layout.part_of(line_start) != part:
                return None
            line_end = text.find("\n", line_start)
            dates = timeline.written_dates(line_start, min(len(text) if line_end < 0 else line_end, line_start + ENTRY_DATE_WITHIN))
            first = min(dates, key=lambda d: d[1]) if dates else None
            if first is not None and all((word.isupper() or word.lower() in self.words["entry_label_words"]) and word.lower() not in self.words["not_an_entry_words"]
                                         for word in _LETTERS.findall(text[line_start:first[1]])):
                return line_start, first[0]  # (not "placed percutaneously 05/02), ...": a sentence's date; not "DOB: ...")
            if line_start == 0:
                return None
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        return None

    def _under_another_days_entry(self, layout: Layout, timeline: Timeline, offset: int, acts: tuple[int, ...]) -> bool:
        """The insertion is told under a line dated another day than the date of service, and no
        act is under that line: another day's session (the entries of a log or bundle)."""
        entry = self._entry_line(layout, timeline, offset)
        if entry is None or timeline.service_date is None or entry[1] == timeline.service_date:
            return False
        act_entries = [self._entry_line(layout, timeline, act) for act in acts]
        # (an act under no dated line of its own may be this entry's: same session, as before)
        return all(a is not None and a != entry for a in act_entries)

    @staticmethod
    def _airway_procedure_step(event: Span, nouns: list[Span], layout: Layout) -> bool:
        """An insertion word in a paragraph about a tracheostomy (its dilation) whose sentence
        names other devices and no ECMO cannula."""
        sent = event.sent
        named = [n for n in nouns if sent.start <= n.start < sent.end]
        if not named or any(n.label_ == "ECMO_CANNULA" for n in named):
            return False
        paragraph = layout.paragraph_at(event.start_char)
        # (a tracheostomy's: the ETT named in every ventilated patient's note says nothing of it)
        return any(n.label_ == "OTHER_DEVICE" and _TRACHEOSTOMY.match(span_text(n))
                   and layout.paragraph_at(n.start_char) == paragraph for n in nouns)

    def _an_earlier_insertion(self, doc: Doc, event: Span, layout: Layout, timeline: Timeline) -> bool:
        """An undated insertion word whose paragraph told, a sentence or two before, an insertion
        dated another day: the same insertion named again."""
        own = event.sent
        if timeline.written_dates(own.start_char, own.end_char):
            return False
        paragraph = layout.paragraph_at(event.start_char)
        sent = own
        for _ in range(3):
            if sent.start == 0:
                return False
            sent = doc[sent.start - 1].sent
            if layout.paragraph_at(sent.start_char) != paragraph:
                return False
            if any(t.lower_ in self.words["insertion_verbs"] for t in sent) and \
                    timeline.dated_another_day(sent.start_char, sent.end_char):
                # (unless the word's own time is today: "Recannulation performed today")
                return timeline.when(event.start_char, event.end_char, own.start_char, own.end_char).relation != "today"
        return False

    @staticmethod
    def _dated_in_its_clause(text: str, event: Span, timeline: Timeline) -> bool:
        """The insertion word's own clause goes on to date it another day ("Cannulation ...
        performed at Valley Community on 11/03"), with no other event in between ("... for
        ARDS diagnosed 11/03")."""
        sent = event.sent
        end = text.find(";", event.end_char, sent.end_char)
        dates = timeline.written_dates(event.end_char, sent.end_char if end < 0 else end)
        if not dates:
            return False
        when, date_start, _ = min(dates, key=lambda d: d[1])
        return when != timeline.service_date and timeline.service_date is not None \
            and not _ANOTHER_EVENT_BEFORE_DATE.search(text, event.end_char, date_start)

    @staticmethod
    def _on_a_part_title(event: Span, layout: Layout) -> bool:
        """The word is on the title line of a note in a bundle ("1) ED PROCEDURE NOTE - ECPR /
        VA ECMO CANNULATION - 01/09/2026 01:55")."""
        line_start = layout.line_at(event.start_char)[0]
        return any(not layout.text[start:line_start].strip() for start, _, _ in layout.parts if start <= line_start)

    @staticmethod
    def _dating_words(doc: Doc, event: Span, layout: Layout) -> Optional[tuple[int, int]]:
        """Where a date would date an insertion word beyond its sentence: the line a label
        heads ("Cannulation: ..."), or the parenthesis around it."""
        if event.end < len(doc) and doc[event.end].text == ":":
            return layout.line_at(event.start_char)
        text = layout.text
        line_start, line_end = layout.line_at(event.start_char)
        opening = open_aside(text, line_start, event.start_char)
        if opening < 0:
            return None
        closing = text.find(")", event.end_char, line_end)
        # (and the words it qualifies: "Avalon RIJ placed 04/22 in the OR via a semi-open technique
        # (small neck cutdown, cannula then passed over a wire)")
        if closing < 0:
            return None
        before = max(line_start, event.sent.start_char)
        return (before, closing) if _INSERTED_WORD.search(text, before, opening) else (opening, closing)

    def _quoted_as_wrong(self, text: str, offset: int) -> bool:
        """The offset lies in a quotation that its line then calls wrong ('"Approach: Percutaneous"
        in the structured field is the template default and is WRONG'), not one it gives as right
        ('should read "Open repositioning ..."'), or says was there first ('originally selected
        "percutaneous"')."""
        line_start, line_end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start:offset]
        if before.count('"') % 2 == 0 and before.count("\u201c") <= before.count("\u201d"):
            return False
        opening = max(before.rfind('"'), before.rfind("\u201c")) + line_start
        if self.quoted_as_replaced.search(text, max(line_start, opening - 40), opening + 1):
            return True  # ('Approach: OPEN (amended; originally selected "percutaneous")')
        closing = min((i for i in (text.find('"', offset, line_end), text.find("\u201d", offset, line_end)) if i >= 0), default=-1)
        return closing >= 0 and self.called_wrong.search(text, closing, min(line_end, closing + 120)) is not None

    def _approach(self, doc: Doc, findings: Findings, positives: list[Mention], by_label: dict[str, list[Span]], nouns: list[Span],
                  layout: Layout, timeline: Timeline, patient_bed: Optional[str],
                  other_charts: tuple[tuple[int, int, str], ...]) -> None:
        """The approach of the acts that count, from the narrative about them, or from claim
        lines and check-boxes ("[x] Percutaneous", "Procedure: re-exploration of the neck").
        An explicit claim outweighs narrative words that only imply an approach ("bedside");
        explicit words on both sides that disagree need a review."""
        narrative, claimed = self._approach_cues(doc, positives, by_label, nouns, layout, timeline, patient_bed, other_charts)
        first_act = min((m.action.start_char for m in positives), default=0)
        # (not the words a correction quotes as wrong: '"Approach: Percutaneous" in the structured field ... is WRONG')
        correcting = [c for c in narrative + claimed if c.start_char > first_act and self._says_correction(layout, c.start_char)
                      and not self._quoted_as_wrong(layout.text, c.start_char)]
        if correcting:  # "Correction: ... I re-opened the right groin incision ... Approach: open"
            narrative, claimed = [c for c in narrative if c in correcting], [c for c in claimed if c in correcting]
        approach, used, conflict = self._choose_approach(doc, layout, narrative, positives)
        peripheral_config = bool(by_label.get("CONFIG_PERIPHERAL"))
        # the claim by its own words (the moved cannula's site is the narrative's evidence)
        # (a configuration - "central VA ECMO" - speaks only when no claim word does)
        claim_words = [c for c in claimed if _meta(c).get("strength") != "config"]
        claim_approach, claim_used, claim_conflict = self._choose_approach(doc, layout, claim_words, positives) \
            if claim_words else (None, [], False)
        if approach is None and not conflict and claim_conflict is True and {c.label_ for c in claim_used} >= {
                "APPROACH_OPEN", "APPROACH_PERCUTANEOUS"}:
            # "APPROACH: [x] Percutaneous [x] Open cutdown" over a narrative that says neither
            findings.approach_question = (f"the check-boxes or procedure lines claim two approaches and the narrative "
                                          f"says neither: '{claim_used[0].text}' and '{claim_used[-1].text}'")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in claim_used[:3])
            return
        # "1. Re-exploration of the groin with repositioning ... 2. Percutaneous withdrawal of the
        # RIJ cannula", and the narrative tells both: two approaches in one session (R14). (A
        # superbill's code line is no such list: "[x] 33958 ... percutaneous" only claims a code.)
        listed = [c for c in claim_words if not _CODE_NUMBER.search(layout.text, *layout.line_at(c.start_char))]
        _, listed_used, listed_conflict = self._choose_approach(doc, layout, listed, positives) if listed else (None, [], False)
        if listed_conflict is True and {c.label_ for c in narrative} >= {"APPROACH_OPEN", "APPROACH_PERCUTANEOUS"}:
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in listed_used[:3])
            findings.approach_conflict = True
            return
        central_run = [c for c in claimed if c.label_ == "APPROACH_CENTRAL" and _meta(c).get("strength") == "config"]
        if approach == "percutaneous" and not conflict and central_run and not peripheral_config and not any(
                peripheral for _, peripheral in (self.device_sites(doc, m.device) for m in positives)) and any(
                self.chest_not_opened.search(layout.text, *layout.paragraph_span(m.action.start_char)) for m in positives):
            # "post-cardiotomy central VA ECMO ... the cannula was withdrawn 1.5 cm ... Re-secured at
            # the skin exit ... The sternotomy was NOT re-opened": on a central run, a cannula that
            # no site makes peripheral is a chest cannula moved at its skin exit, whatever else
            # ("bedside") the title claims
            findings.approach_question = _CENTRAL_AT_THE_SKIN
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in central_run[:2])
            return
        if claim_approach is None and claimed:
            claim_approach, claim_used, _ = self._choose_approach(doc, layout, claimed, [])
            if claim_approach == "central" and all(_meta(c).get("strength") == "config" for c in claim_used) and any(
                    peripheral and not central for central, peripheral in (self.device_sites(doc, m.device) for m in positives)):
                # "s/p transplant on central VA ECMO, converted to peripheral": the femoral cannula
                # moved today says nothing of the chest
                claim_approach, claim_used = None, []
            if claim_approach == "central" and approach in (None, "percutaneous") and not conflict \
                    and all(_meta(c).get("strength") == "config" for c in claim_used) and any(
                    self.chest_not_opened.search(layout.text, *layout.paragraph_span(m.action.start_char)) for m in positives):
                # "central VA ECMO (RA 36 Fr, Ao 22 Fr) ... the cannula was withdrawn 2 cm at the
                # subxiphoid exit site ... Chest not opened": a chest cannula moved at the skin
                findings.approach_question = _CENTRAL_AT_THE_SKIN
                findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in claim_used[:2])
                return
        # (an approach the box names outright; not a superbill's "[x] 33958 ... perc", nor "hand crank at bedside [x]")
        boxed = [c for c in claim_words if layout.is_checked(c.start_char) and _meta(c).get("strength") == "explicit"
                 and not _CODE_NUMBER.search(layout.text, *layout.line_at(c.start_char))]
        # (the box on the form's approach line speaks for the approach, not "Cannulation: [ ] peripheral [x] central")
        boxed = [c for c in boxed if _APPROACH_LINE.match(layout.text, layout.line_at(c.start_char)[0])] or boxed
        boxed_approach, boxed_used, boxed_conflict = self._choose_approach(doc, layout, boxed, positives) if boxed \
            else (None, [], False)
        # (a ticked percutaneous box is percutaneous even where a chest cannula makes it "central at the skin")
        boxed_percutaneous = boxed_approach == "percutaneous" and not boxed_conflict or bool(boxed) and all(
            c.label_ == "APPROACH_PERCUTANEOUS" for c in boxed)
        if approach is not None and approach != "percutaneous" and not conflict and boxed_percutaneous \
                and any(self._explicit(c, layout) for c in used):
            # "Approach: [x] percutaneous [ ] open" over "Previous groin incision was opened ... the cannula
            # advanced", or "[x] Percutaneous" over "Silastic patch removed ... aortic cannula withdrawn ~2 mm", whatever
            # other lines (a coder's comment) claim: the ticked box and the narrative disagree
            findings.approach_question = (f"the check-box says percutaneous but the narrative describes {approach}: "
                                          f"'{boxed_used[0].text}' vs '{used[0].text}'")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in (used[0], boxed_used[0]))
            return
        central_site = approach == "central" and any(
            central and not peripheral for central, peripheral in (self.device_sites(doc, m.device) for m in positives))
        if approach is None and not conflict:
            approach, used = claim_approach, claim_used
        elif approach is not None and claim_approach is not None and claim_approach != approach and not (
                approach == "central" and all(_BARE_REOPENING.fullmatch(c.text) for c in claim_used)):
            # ("Bedside Re-exploration" over a mediastinum re-explored: a re-opening that names no site
            # is the chest's as well as a groin's)
            claim_explicit = any(self._explicit(c, layout) for c in claim_used)
            if claim_explicit and (central_site or any(self._explicit(c, layout) for c in used)):
                findings.approach_question = (f"the procedure line or check-box says {claim_approach} but the narrative "
                                              f"describes {approach}: '{claim_used[0].text}' vs '{used[0].text}'")
                findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in (used[0], claim_used[0]))
                return
            if claim_explicit:
                approach, used = claim_approach, claim_used
        if approach == "percutaneous" and used and not peripheral_config and \
                not any(self._explicit(c, layout) for c in used + claim_used) and _POSTCARDIOTOMY.search(layout.text) and \
                not any(central or peripheral for central, peripheral in (self.device_sites(doc, m.device) for m in positives)) and \
                not any(self._peripheral_site_before(doc, m.action) for m in positives):
            # "postcardiotomy VA ECMO ... cannula repositioned under TEE guidance and re-secured":
            # after heart surgery the run may be central; a word that only implies the skin does not say
            findings.approach_question = (f"after cardiac surgery the run may be central, the cannula's site is not given, "
                                          f"and only '{used[0].text}' suggests a percutaneous approach")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:2])
            return
        if approach == "percutaneous" and used and not peripheral_config and \
                all(c.text.lower() == "bedside" for c in used + claim_used) and not self._names_any_site(doc) and \
                not any(self.distance.search(span_text(m.action.sent)) for m in positives):
            # "At the bedside I repositioned the arterial cannula" in a VA ECMO note that never says
            # where its cannulae are, nor how far it was moved: the bedside is where, not how (a chest
            # can be open at the bedside; "withdrawn 2 cm at the bedside" is measured at the skin)
            findings.approach_question = ("only 'bedside' suggests a percutaneous approach, and the note names no "
                                          "cannulation site (neck, groin or chest) and no distance moved")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:2])
            return
        if approach == "percutaneous" and used and all(c.text.lower() == "bedside" for c in used + claim_used) and \
                self._moved_cannula_unnamed_beside(doc, positives, by_label, layout, chest=True):
            # "Cannula repositioned at bedside by CT surgery" on a run with a percutaneous femoral venous
            # cannula and an ascending aortic one under an open chest: which one moved decides the code
            findings.approach_question = ("the note does not say which cannula was moved, only 'bedside' suggests a "
                                          "percutaneous approach, and the run has a chest cannula: peripheral or central needs review")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:2])
            return
        if approach is not None and not used:  # "aortic cannula repositioned": the claim line says how
            used = [c for c in claimed if c.label_ == f"APPROACH_{approach.upper()}"]
        # (a run whose cannulae are all at the neck or groin: the venous one moved through the chest is R12's)
        if approach == "central" and self._moved_cannula_unnamed_beside(doc, positives, by_label, layout,
                                                                        by_role=not peripheral_config):
            # "The ECMO cannula was repositioned under TEE" through the re-opened chest, on a run with a
            # side-arm graft return cannula and a femoral drainage cannula: which one moved decides the code
            findings.approach_question = ("the note does not say which cannula was moved, and the run has a peripheral "
                                          "cannula beside the chest one: central (sternotomy) or peripheral needs review")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:2])
            return
        if approach == "central" and peripheral_config and used and not any(
                _meta(c).get("strength") == "config" and not _ABOUT_CODES.search(span_text(c.sent))
                for c in by_label.get("APPROACH_CENTRAL", [])) \
                and not any(self.device_sites(doc, m.device)[0] for m in positives):
            conflict = "R12"  # a neck or groin cannula moved through the chest
        if approach in ("percutaneous", "open") and not any(self._explicit(c, layout) for c in used + claim_used) \
                and self._approach_boxes_blank(by_label, layout):
            findings.approach_question = ("the approach check-boxes are all left unticked and the narrative only implies "
                                          f"an approach ('{used[0].text if used else claim_used[0].text}')")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in (used or claim_used)[:3])
            return
        if approach == "percutaneous" and not any(self._explicit(c, layout) for c in used + claim_used
                                                  if c.label_ == "APPROACH_PERCUTANEOUS") and \
                self._placed_by_cutdown(by_label, timeline, [self._identity(doc, m.device, layout) for m in positives
                                                             if m.device is not None]):
            findings.approach_question = ("the cannula was placed by cutdown and the note does not say whether the incision "
                                          "was re-opened (open) or the cannula moved at the skin (percutaneous, R11)")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:3])
            return
        if approach == "open" and used and not any(self._explicit(c, layout) for c in used + claim_used) and \
                self._placed_by_cutdown(by_label, timeline, [self._identity(doc, m.device, layout) for m in positives
                                                             if m.device is not None]):
            # "R groin site opened, drainage cannula withdrawn 3 cm ... site closed" of a cannula placed by
            # cutdown: the site or the incision? Only words that say the incision was re-opened tell
            findings.approach_question = ("the cannula was placed by cutdown and the note only implies the incision was "
                                          f"re-opened ('{used[0].text}'): open or at the skin (R11) needs review")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:3])
            return
        # "R femoral arterial cannula repositioned and re-secured. Haemostasis achieved." in a theatre
        # note: re-securing follows a cutdown as well as a move at the skin (not "sutures cut at the skin")
        # ("I repositioned the R femoral arterial ECMO cannula in OR 7 this afternoon ... re-secured" in a
        # therapy note's addendum: so is an act done in the operating room)
        if approach == "percutaneous" and all(self.re_secured.fullmatch(c.text) for c in used + claim_used) and \
                any(self.operating_room.search(layout.kind_at(m.action.start_char)[1] or "")
                    or self.act_in_theatre.search(span_text(m.action.sent))
                    # ("I took the patient to the hybrid OR at ~0730. The L femoral arterial cannula was repositioned")
                    or m.action.sent.start > 0 and self._in_paragraph(layout, doc[m.action.sent.start - 1].sent, m.action)
                    and self.act_in_theatre.search(span_text(doc[m.action.sent.start - 1].sent))
                    and self.taken_there.search(span_text(doc[m.action.sent.start - 1].sent))
                    and not self.planned_or_denied.search(span_text(doc[m.action.sent.start - 1].sent)) for m in positives):
            findings.approach_question = ("an operating-room record (or an act done in the operating room) says the cannula "
                                          "was re-secured but not whether it was moved at the skin (percutaneous) or "
                                          "through an exposed vessel (open)")
            findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:3])
            return
        findings.evidence.extend(_ev("approach", c, layout.section_at(c.start_char)) for c in used[:3])
        if conflict == "R12":
            findings.approach_question = ("a peripheral cannula was repositioned through the chest (sternotomy/thoracotomy): "
                                          "no code fits cleanly (R12)")
            return
        if conflict == "central at the skin":
            findings.approach_question = _CENTRAL_AT_THE_SKIN
            return
        if conflict == "another operation's chest":
            findings.approach_question = ("the act is told at the cannula's neck or groin site, and the chest the report "
                                          "opens belongs to another operation: whether the cannula was moved at the skin or "
                                          "through the chest needs review")
            return
        if conflict:
            findings.approach_conflict = True
            return
        findings.approach = approach

    @staticmethod
    def _in_paragraph(layout: Layout, sentence: Span, action: Span) -> bool:
        """The sentence lies in the act's paragraph."""
        return layout.paragraph_at(sentence.start_char) == layout.paragraph_at(action.start_char)

    def _moved_cannula_unnamed_beside(self, doc: Doc, positives: list[Mention], by_label: dict[str, list[Span]],
                                      layout: Layout, chest: bool = False, by_role: bool = True) -> bool:
        """Every moved cannula is named by no site ('the ECMO cannula', 'the venous cannula'), and the
        note names another cannula of the same role (or of none) by a neck or groin site ('femoral
        cannula tip appears lower'), or with `chest`, by a chest site ('ascending aortic 16 Fr
        arterial (central)'). Without `by_role`, a moved cannula named by its role raises no question."""
        moved = [m.device for m in positives]
        if not moved or any(d is None or any(self.device_sites(doc, d)) or self._identity(doc, d, layout)["site"] for d in moved):
            return False
        roles = {self._identity(doc, d, layout)["role"] for d in moved}
        if roles != {None} and not by_role:
            return False
        if any(self.device_sites(doc, c)[0 if chest else 1] for c in by_label.get("ECMO_CANNULA", [])
               if c not in moved and not _GONE_IN_SENTENCE.search(span_text(c.sent))
               and (roles == {None} or self._identity(doc, c, layout)["role"] in roles | {None})):
            return True  # ("the venous cannula was withdrawn" beside an RA-appendage and a femoral venous cannula)
        if roles != {None}:
            return False
        text = layout.text  # ("R femoral venous 21 Fr (percutaneous) + ascending aortic 16 Fr arterial": sized, no cannula word)
        return chest and any(not _GONE_IN_SENTENCE.search(text, _sentence_start(text, m.start()), m.end() + 80)
                             for m in _CHEST_CANNULA_SIZED.finditer(text))

    @staticmethod
    def _approach_boxes_blank(by_label: dict[str, list[Span]], layout: Layout) -> bool:
        """'Approach: [ ] percutaneous / at skin  [ ] open - neck incision re-explored': the form
        asks the approach, offers two or more, and none is ticked."""
        cues = [c for label in APPROACH_LABELS for c in by_label.get(label, [])]
        unticked = {c.label_ for c in cues if layout.is_unchecked(c.start_char)}
        return len(unticked) >= 2 and not any(layout.is_checked(c.start_char) for c in cues)

    def _placed_by_cutdown(self, by_label: dict[str, list[Span]], timeline: Timeline,
                           moved: Sequence[dict[str, Any]] = ()) -> bool:
        """'cannula placed by cutdown on 01/03', 'VA ECMO via right neck cutdown', 'a chimney graft sewn
        to the CFA through a groin incision': an open insertion (of the moved cannula, when the
        clause names another: not the axillary graft's arterial cannula when the femoral drainage
        cannula is the one moved)."""
        for cue in by_label.get("APPROACH_OPEN", []) + by_label.get("CONFIG_PERIPHERAL", []):
            sent_words = {t.lower_ for t in cue.sent}
            # (the clause of the cue: "graft sewn to the CFA through a groin incision with the arterial
            # cannula inside, and a venous cannula placed percutaneously")
            clause = self._clause(cue)
            if moved and self._names_another_cannula(clause, moved):
                continue
            if _FOR_A_DPC.match(cue.doc.text, cue.end_char):
                continue  # "SFA exposure (cutdown) with placement of 7 Fr antegrade distal perfusion catheter"
            # (not "with no groin incision"; not the other cannula's "(percutaneous)" in "R CFV 25 Fr
            # drainage (percutaneous) and L CFA 17 Fr return through a left groin cutdown")
            opened = any(not _SAYS_NO.search(clause, max(0, m.start() - 20), m.start())
                         and not _STANDBY.search(clause, max(0, m.start() - 30), m.start())
                         and not _NOT_NEEDED_AFTER.match(clause, m.end())
                         and not _names_percutaneous(_conjunct(clause, m.start(), m.end()))
                         for m in self.open_insertion.finditer(clause))
            if opened and (
                    sent_words & self.words["insertion_verbs"] or cue.label_ == "CONFIG_PERIPHERAL"
                    or sent_words & {"via", "through", "by"} or self.converted_to_open.search(clause)):  # ("site converted to open cutdown")
                return True
        return False

    def _names_another_cannula(self, clause: str, moved: Sequence[dict[str, Any]]) -> bool:
        """The clause names a cannula by a role or site that none of the moved cannulae has."""
        # (a vessel or a cannula's role, not a region: one neck cutdown places both neonatal cannulae)
        words = set(re.findall(r"[\w-]+", clause.lower())) - self.words["cannula_region_words"]
        named = self._identity_in(words)
        if words & self.words["arterial_vessels"] and not words & self.words["venous_vessels"]:
            # ("L CFA 19 Fr by cutdown": an artery takes the return cannula; with a drainage word, both are named)
            roles = {name for name, members in self.lexicon["cannula_identity"]["roles"].items() if not words.isdisjoint(members)}
            named["role"] = "return" if roles <= {"return"} else None
        return any(named[key] is not None and all(m[key] is not None and m[key] != named[key] for m in moved)
                   for key in ("role", "site"))

    @staticmethod
    def _clause(span: Span) -> str:
        """The clause of its sentence a span is in (between ', and'; a semicolon ends our sentences)."""
        sent = span.sent
        text, at = span_text(sent), span.start_char - sent.start_char
        cuts = [m for m in _CLAUSE_CUT.finditer(text)]
        start = max((m.end() for m in cuts if m.end() <= at), default=0)
        end = min((m.start() for m in cuts if m.start() >= at + len(span.text)), default=len(text))
        return text[start:end]

    @staticmethod
    def _explicit(cue: Span, layout: Layout) -> bool:
        return _meta(cue).get("strength") in ("explicit", "config") or layout.ticks(cue.start_char)

    def _approach_cues(self, doc: Doc, positives: list[Mention], by_label: dict[str, list[Span]], nouns: list[Span], layout: Layout,
                       timeline: Timeline, patient_bed: Optional[str],
                       other_charts: tuple[tuple[int, int, str], ...]) -> tuple[list[Span], list[Span]]:
        """Approach words about the acts, and those of claim lines and check-boxes.

        About the acts: words in their sentences; in a procedure note, any approach word of the
        procedure's own parts (not its history, indication or plan, not a sentence about how
        the cannula was inserted); in a progress note or summary, only those in the block of
        the note that holds the act."""
        action_sents = {m.action.sent.start for m in positives}
        action_sections = {m.section for m in positives}
        action_blocks = {self._block(layout, m.action.start_char) for m in positives}
        insertion_sents = {s.sent.start for s in by_label.get("INSERTION", []) if self._says_inserted(doc, s)}
        paragraph = layout.paragraph_at
        # A paragraph about another procedure of the session ("(1) Arterial decannulation:
        # ... CFA exposed"): its approach words say how that one was done.
        act_paragraphs = {paragraph(m.action.start_char) for m in positives}
        act_parts = {layout.part_of(m.action.start_char) for m in positives}
        # (not "the purse-string replaced", "dressing removed": no cannula's insertion or removal)
        other_paragraphs = {paragraph(s.start_char) for label in ("INSERTION", "REMOVAL", "EXCHANGE")
                            for s in by_label.get(label, [])
                            if getattr(self.link(doc, s, nouns), "label_", None) != "NON_DEVICE"} - act_paragraphs
        # "1. Lung transplant through a clamshell incision 2. Repositioning of the RIJ cannula": an
        # item that opens the chest, names no ECMO cannula and holds no act, while a neck or groin
        # cannula is moved, is another operation (not "1. Right groin re-exploration", nor
        # "1. Re-opening of the sternotomy" when the RA cannula is the one moved)
        other_operations: set[int] = set()
        # (a bare "the cannula" whose paragraph names its neck or groin site: "the securing sutures at
        # the RIJ exit site cut. Under TEE ... the cannula was rotated")
        told_at_a_site: dict[int, bool] = {}  # (per paragraph: a flowsheet's one paragraph may hold many acts)

        def told_at_a_peripheral_site(mention: Mention) -> bool:
            key = paragraph(mention.action.start_char)
            if key not in told_at_a_site:
                told_at_a_site[key] = self._acts_told_at_a_peripheral_site(layout, [mention])
            return told_at_a_site[key]
        sites = [(central, peripheral or not central and told_at_a_peripheral_site(m))
                 for m in positives if m.device is not None for central, peripheral in [self.device_sites(doc, m.device)]]
        if any(peripheral for _, peripheral in sites) and not any(central for central, _ in sites):
            # (not "Implantation of HeartMate 3 via median sternotomy, performed on existing peripheral VA
            # ECMO support": the operation done on ECMO is still another operation)
            ecmo_paragraphs = {paragraph(s.start_char) for label in ("ECMO_CONTEXT", "ECMO_CANNULA") for s in by_label.get(label, [])
                               if not (label == "ECMO_CONTEXT" and _DONE_ON_SUPPORT.search(doc_text(doc), max(0, s.start_char - 40), s.start_char))}
            other_operations = {item for item in (paragraph(c.start_char) for c in by_label.get("APPROACH_CENTRAL", []))
                                if layout.is_numbered_item(item) and item not in act_paragraphs and item not in ecmo_paragraphs}
            # ("1. Re-exploration laparotomy, removal of packs 2. Repositioning of R femoral ECMO drainage
            # cannula": a re-opening that names no neck or groin is another operation's)
            other_operations |= {item for item in (paragraph(c.start_char) for c in by_label.get("APPROACH_OPEN", [])
                                                   if _BARE_REOPENING.fullmatch(c.text))
                                 if layout.is_numbered_item(item) and item not in act_paragraphs and item not in ecmo_paragraphs
                                 and not self._names_a_peripheral_site(layout.text, item)}
        narrative: list[Span] = []
        claimed: list[Span] = []
        first_act = min((m.action.start_char for m in positives), default=0)
        act_times = [self._entry_minutes(layout.text, layout.line_at(m.action.start_char)[0]) for m in positives]
        other_device_acts = {a.sent.start for a in by_label.get("REPOSITION", [])
                             if getattr(self.link(doc, a, nouns), "label_", None) == "OTHER_DEVICE"} - action_sents

        def kept_in(cue: Span, sent: Span, strength: str, section: Optional[str]) -> Optional[list[Span]]:
            """Where an approach word goes by its place in the note: `claimed`, `narrative` or
            nowhere (None). (Whether it is of the acts' time is asked after, of a word kept.)"""
            if any(start <= cue.start_char < end for start, end, _ in other_charts):
                return None  # a misfiled page or a pasted paragraph of another patient: that patient's
            in_act_sentence = sent.start in action_sents
            if not in_act_sentence and (self._tells_insertion(doc, sent, cue) or any(
                    self._is_size(t.lower_) for t in doc[max(sent.start, cue.start - 4):cue.start])):
                return None  # "placed percutaneously", "17 Fr venous (percutaneous)": how the cannula went in
            if not in_act_sentence and len(cue) == 1 and cue.end < len(doc) and \
                    doc[cue.end].lower_ in self.words["placed_device_nouns"]:
                return None  # "over the percutaneous cannula entry", "the percutaneous DPC was removed": how it went in
            if not in_act_sentence and self.cannula_untouched.search(layout.text, sent.start_char, sent.end_char):
                return None  # "The venous cannula (percutaneous, separate puncture) was not touched": the one left alone
            if not in_act_sentence and len(cue) == 1 and self._names_cannulation(doc, cue.end):
                return None  # "on VA ECMO (percutaneous femoral cannulation 07/10)": how the run was set up
            if layout.part_of(cue.start_char) not in act_parts and layout.kind_at(cue.start_char)[0] == PLANNING:
                return None  # "Booked: open re-exploration" on the booking form above the procedure note: what was planned
            if layout.is_claim(cue.start_char):
                if paragraph(cue.start_char) in other_operations:
                    return None
                return claimed if strength != "weak" else None
            if not in_act_sentence and cue.start >= 2 and doc[cue.start - 1].text == "(" and cue.end < len(doc) \
                    and doc[cue.end].text == ")" and (doc[cue.start - 2].lower_ in self.words["ecmo_role_words"]
                                                     or doc[cue.start - 2].lower_ in self.words["cannula_words"]):
                return None  # "25 Fr R femoral venous drainage (percutaneous)" in the run's set-up: how it went in
            if in_act_sentence:
                return narrative
            if self.booking_clause.search(layout.text, clause_start(layout.text, sent.start_char, cue.start_char), cue.start_char):
                # "Note: booking codes above were entered pre-op as percutaneous; the procedure performed was
                # open": what was booked, told in the narrative (a booking's own check-box is a claim, above)
                return None
            if self.teaching_text.search(layout.text, layout.paragraph_span(cue.start_char)[0], cue.start_char):
                return None  # "Teaching pearls (fellows' file)\n- Our 2022 case needed a neck re-exploration": another case's
            if strength == "implied" and cue.label_ != "APPROACH_PERCUTANEOUS" and paragraph(cue.start_char) not in act_paragraphs \
                    and self._paragraph_names_no_cannula(layout, cue.start_char):
                return None  # "VATS: 3 ports ... Ports closed in layers." after the cannula's own paragraph: that operation's
            if self._an_hour_apart(layout.text, layout.line_at(cue.start_char)[0], act_times):
                return None  # "10:40 Distal locking screws done. Wound closed." two hours after "08:31 ... cannula withdrawn"
            if sent.start in other_device_acts and \
                    not any(n.label_ == "ECMO_CANNULA" for n in nouns if sent.start <= n.start < sent.end):
                return None  # "UVC 5 Fr: NNP pulled back 0.5 cm, re-secured at bridge": that line's device
            if cue.root.lower_ == "bedside" and any(t.lower_ in self.words["relatives"] for t in doc[sent.start:cue.start]):
                return None  # "Daughter (22) at bedside", "Mom at the bedside, updated": who was there, not how
            if _meta(cue).get("in_act_sentence_only"):
                return None  # "anchors at the skin", "15 cm at the skin": not how the cannula was moved
            if self.established_run.search(span_text(sent)):
                return None  # "post-cardiotomy VA ECMO since 03/27 via the sternotomy": how the run was set up
            if strength == "weak" or sent.start in insertion_sents or paragraph(cue.start_char) in other_paragraphs:
                return None
            if patient_bed is not None and self._other_bed_line(layout.text, cue.start_char, timeline, patient_bed) is not None:
                return None  # under "BED 2   71M   VA fem-fem" in bed 4's copy of a handoff: that patient's
            if layout.part_of(cue.start_char) not in act_parts:
                return None  # another note of the bundle: its words are about what its author did
            if not self._countable(cue, section) and section not in action_sections:
                return None
            if layout.kind_at(cue.start_char)[0] == NARRATIVE and self._block(layout, cue.start_char) not in action_blocks:
                return None
            return narrative

        for label in APPROACH_LABELS:
            for cue in by_label.get(label, []):
                strength = _meta(cue).get("strength", "implied")
                if layout.is_unchecked(cue.start_char) or self._option_of_an_unstated_approach(cue):
                    continue
                blocked = _blocking_modifier(cue)
                if blocked and blocked[0] == "HYPOTHETICAL" and cue.start_char <= blocked[1].start_char \
                        and blocked[1].end_char <= cue.end_char:
                    blocked = None  # the cue's own word: "without any incision"
                if not blocked:
                    blocked = self._an_option_among(cue, by_label)
                if not blocked and any(m.start() <= cue.start_char < m.end() and m.group().lower().startswith("whether")
                                       for m in _OPTIONS.finditer(layout.text, cue.sent.start_char, cue.sent.end_char)):
                    continue  # "cannot determine whether it was done at the skin or via re-exploration of the groin"
                if blocked and blocked[0] == "NEGATED_EXISTENCE" and label == "APPROACH_PERCUTANEOUS" \
                        and _SAYS_NO.search(cue.text):
                    blocked = None  # "the incision was not opened" says its negation itself
                # ("the prior cutdown incision was re-opened": when is the time step's question)
                if blocked and blocked[0] != "HISTORICAL" and (strength != "config" or blocked[0] == "NEGATED_EXISTENCE"):
                    continue
                if label != "APPROACH_PERCUTANEOUS" and self.approach_denied_after.match(layout.text, cue.end_char):
                    continue  # "the sternotomy was NOT re-opened", "the groin incision, healed, was not re-entered"
                if self.approach_of_another_procedure.match(layout.text, cue.end_char):
                    continue  # "[X] Open tracheostomy": how another operation of the session was done
                if label != "APPROACH_PERCUTANEOUS" and self.approach_as_a_finding.match(layout.text, cue.end_char):
                    continue  # "Sternotomy scar old", "thoracotomy incision c/d/i": what the exam found
                if label == "APPROACH_CENTRAL" and _CLOSURE_OF.search(layout.text, max(0, cue.start_char - 24), cue.start_char):
                    continue  # "After closure of the thoracotomy the neck dressing was taken down": the operation's end
                section = layout.section_at(cue.start_char)
                if section == "family_history":
                    continue
                if strength == "config":
                    if label == "APPROACH_CENTRAL" and self.central_config_ended.search(layout.text, cue.start_char, first_act):
                        continue  # "central VA ECMO after CABG 2/11. Converted to peripheral fem-fem VA in OR 2/16"
                    claimed.append(cue)  # (a configuration - "central VA ECMO" - lasts; how it was set up is no act)
                    continue
                sent = cue.sent
                kept = kept_in(cue, sent, strength, section)
                # (the time of the words is asked last: it is the costliest question)
                if kept is not None and (
                        timeline.when(cue.start_char, cue.end_char, sent.start_char, sent.end_char).relation not in TIME_WORDS
                        or cue.start_char > first_act and self._says_correction(layout, cue.start_char)):
                    kept.append(cue)  # (a correction written the next day speaks of the act it corrects)
        return narrative, claimed

    def _paragraph_names_no_cannula(self, layout: Layout, offset: int) -> bool:
        """The paragraph holding the offset names no cannula and no ECMO ('VATS: three ports ...
        Ports closed in layers.'). (Tried: asking for another operation's name as well lost two
        holdout notes' right codes.)"""
        words = set(_WORD.findall(layout.text[slice(*layout.paragraph_span(offset))].lower()))
        return not words & self.words["cannula_mentions"]

    @staticmethod
    def _entry_minutes(text: str, line_start: int) -> Optional[int]:
        """The clock time that opens a log line ('08:31 ...', '1310-1335 ...'), in minutes after midnight."""
        stamp = _TIMED_ENTRY.match(text, line_start)
        if stamp is None:
            return None
        hours, mins = divmod(int(stamp.group("time").replace(":", "")), 100)
        return hours * 60 + mins

    def _an_hour_apart(self, text: str, line_start: int, act_times: list[Optional[int]]) -> bool:
        """The line is a timed entry of a log more than an hour (either way round midnight) from every
        timed entry that holds an act ('10:40 Distal locking screws done. Wound closed.' after '08:31
        ... cannula withdrawn')."""
        cue_time = self._entry_minutes(text, line_start) if act_times and None not in act_times else None
        return cue_time is not None and all(min(abs(t - cue_time), 1440 - abs(t - cue_time)) > 60
                                            for t in act_times if t is not None)

    @staticmethod
    def _an_option_among(cue: Span, by_label: dict[str, list[Span]]) -> Optional[tuple[str, Span]]:
        """'it may be performed percutaneously ..., by open re-exploration ..., or via re-sternotomy':
        an approach listed with 'or' after one the sentence offers as a possibility is an option too."""
        sent = cue.sent
        for label in APPROACH_LABELS:
            for other in by_label.get(label, []):
                if not sent.start <= other.start < cue.start:  # (an approach word before it in its sentence)
                    continue
                blocked = _blocking_modifier(other)
                if blocked and blocked[0] in ("HYPOTHETICAL", "POSSIBLE_EXISTENCE") and \
                        re.search(r"\bor\b", doc_text(cue.doc)[other.end_char:cue.start_char]):
                    return blocked
        return None

    def _option_of_an_unstated_approach(self, cue: Span) -> bool:
        """'Approach (at the skin vs neck incision re-opened) not stated', 'does not say whether
        the groin incision was re-opened or the cannula moved at the skin': options named, none taken."""
        sent = cue.sent
        if not self.approach_not_stated.search(span_text(sent)):
            return False
        at = cue.start_char - sent.start_char
        return any(m.start() <= at < m.end() for m in _OPTIONS.finditer(span_text(sent)))

    @staticmethod
    def _names_cannulation(doc: Doc, start: int) -> bool:
        """The words from `start` are a cannulation, after at most two site words ("femoral
        cannulation", "fem-fem cannulation"), not its site or tract."""
        for i in range(start, min(start + 3, len(doc))):
            word = doc[i].lower_
            if word.startswith("cannulation"):
                after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
                return after not in ("site", "sites", "tract", "tracts")
            if not (doc[i].is_alpha or word == "-") or word in _NOT_A_SITE_WORD:
                return False  # ("percutaneous (existing cannulation tract)", "percutaneous at the cannulation site")
        return False

    def _tells_insertion(self, doc: Doc, sent: Span, cue: Optional[Span] = None) -> bool:
        """The sentence tells how a cannula went in ("placed percutaneously"); an aside in
        parentheses that does not hold the cue does not ("Prior groin incision (cannula placed by
        open cutdown 1/27) re-opened, vein and cannula exposed")."""
        verbs = self.words["insertion_verbs"]
        lowered = span_text(sent).lower()
        if not any(verb in lowered for verb in verbs):
            return False  # (a token can be one of the verbs only where the text holds it)
        asides = _parenthesised(sent) if cue is not None else []
        return any(t.lower_ in verbs and not self._names_a_place(doc, t.i + 1)
                   and not any(a <= t.i < b and not a <= cue.start < b for a, b in asides) for t in sent)

    def _says_inserted(self, doc: Doc, word: Span) -> bool:
        """An insertion word that tells a cannula going in, not a place or a time named after one
        ("at the cannulation site", "the groin incision from the cannulation", "since cannulation").
        A rule's `act` words name the act itself: only the words of their own clause can make them
        a time ("on TEE, serial dilation to 30 Fr" is no "on dilation"; "placed after serial
        dilation to 26 Fr" is)."""
        before = [t.lower_ for t in doc[max(word.sent.start, word.start - 4):word.start] if not t.is_space]
        # (a parenthesis closed before the word is an aside of its own: "graft (chimney), insertion of ...")
        before = before[max((i + 1 for i, w in enumerate(before) if w == ")"), default=0):]
        if _meta(word).get("act"):
            before = before[max((i + 1 for i, w in enumerate(before) if w in (",", ";", ":")), default=0):]
            if before in (["after"], ["following"]):
                # "After serial dilation the Crescent was advanced to 14 cm": the clause opens with the
                # step, the narrative of this insertion (not "placed after serial dilation", a time)
                return not self._names_a_place(doc, word.end)
        line_start, line_end = _line_bounds(doc.text, word.start_char)
        if before[-1:] == ["with"] and word.end < len(doc) and doc[word.end].lower_ == "of" \
                and _NUMBERED_ITEM.match(doc.text, line_start) and not self.another_device_placed.search(doc.text, line_start, line_end):
            # "1. Right neck exploration with cannulation of the right common carotid artery": the act a
            # procedure list names (not "VV ECMO for ARDS with cannulation of the R femoral vein", a history)
            before = before[:-1]
        return not any(w in self.words["insertion_skip_preceders"] for w in before) \
            and not self._names_a_place(doc, word.end)

    def _names_a_place(self, doc: Doc, end: int) -> bool:
        """The insertion word ending at token `end` is part of a place's name: "at the cannulation site"."""
        following = next((t for t in doc[end:end + 3] if not t.is_space
                          and not (t.text == "-" and not doc[end - 1].whitespace_ and not t.whitespace_)), None)  # ("cannulation-site")
        return following is not None and following.lower_ in self.words["insertion_skip_followers"]

    @staticmethod
    def _block(layout: Layout, offset: int) -> int:
        """The start of the top-level block (ALL-CAPS header) an offset is in; -1 before any."""
        headers = layout.enclosing_headers(offset)
        return headers[-1].start if headers else -1

    def _choose_approach(self, doc: Doc, layout: Layout, cues: list[Span],
                         positives: list[Mention]) -> tuple[Optional[str], list[Span], object]:
        """(approach, the cues used, conflict): conflict is True for percutaneous against open,
        "R12" for a peripheral cannula moved through the chest, "central at the skin" for a chest
        cannula moved at the skin, "another operation's chest" for a bare cannula told at its neck
        or groin site in a report whose chest was opened for another operation."""
        by = {label: [c for c in cues if c.label_ == label] for label in APPROACH_LABELS}
        central_device = peripheral_device = False
        for mention in positives:
            central, peripheral = self.device_sites(doc, mention.device)
            if not central and not peripheral:  # "the cannula was withdrawn 1 cm at the neck"
                peripheral = bool(_AT_A_PERIPHERAL_SITE.search(span_text(mention.action.sent)))
            central_device |= central and not peripheral
            peripheral_device |= peripheral and not central
        central_cues = [c for c in by["APPROACH_CENTRAL"] if _meta(c).get("strength") != "config"]
        config_central = [c for c in by["APPROACH_CENTRAL"] if _meta(c).get("strength") == "config"]
        # ("Re-opening of median sternotomy": the chest's re-opening, told by the central cue after it)
        open_cues = [c for c in by["APPROACH_OPEN"] if not any(
            0 <= chest.start_char - c.end_char <= 40 and _OPENING_OF.fullmatch(layout.text, c.end_char, chest.start_char)
            for chest in by["APPROACH_CENTRAL"])]
        perc_cues = by["APPROACH_PERCUTANEOUS"]
        perc_explicit = [c for c in perc_cues if _meta(c).get("strength") == "explicit"]
        open_explicit = [c for c in open_cues if _meta(c).get("strength") == "explicit"]
        if central_cues and peripheral_device and not central_device and (
                self._reached_at_its_site(layout, positives, central_cues, perc_explicit + open_explicit)
                or self._moved_at_its_site(layout, positives, central_cues, perc_explicit + open_explicit,
                                           self.words["chest_operation_words"], self.through_the_chest)):
            central_cues = []
        elif central_cues and not central_device and not peripheral_device and \
                self._reached_at_its_site(layout, positives, central_cues, perc_explicit + open_explicit) and \
                self._acts_told_at_a_peripheral_site(layout, positives):
            # "Sternal closure first: ... the mediastinum irrigated" then, in its own paragraph, "the
            # right neck incision was opened ... The cannula was withdrawn 1 cm": the chest was another
            # operation's, the bare "cannula" is the neck's
            central_cues = []
        elif central_cues and not central_device and not peripheral_device and self._acts_told_at_a_peripheral_site(layout, positives) \
                and not self.central_run_named.search(layout.text) and not any(layout.paragraph_at(c.start_char) in {layout.paragraph_at(m.action.start_char) for m in positives}
                            for c in central_cues):
            # "The neck dressing was taken down, the securing sutures cut and I advanced the cannula 2 cm"
            # before the clamshell of a lung transplant: the bare cannula is the neck's, told without
            # saying how its site was reached; the chest was the other operation's: no central code
            return None, central_cues, "another operation's chest"
        if central_cues or central_device or (config_central and not peripheral_device):
            if central_cues and peripheral_device and not central_device:
                return None, central_cues, "R12"
            if central_device and peripheral_device and (perc_explicit or open_explicit):
                # a chest cannula and a groin or neck one, each moved its own way (R14)
                return None, central_cues + perc_explicit + open_explicit, True
            if central_device and not peripheral_device and not central_cues and (perc_explicit or any(
                    self.chest_not_opened.search(layout.text, *layout.paragraph_span(m.action.start_char)) for m in positives)):
                # "the RA cannula was withdrawn 1.5 cm at the skin; the sternotomy was not re-opened":
                # a chest cannula moved where it leaves the skin, no chest opened (R12's mirror)
                return None, perc_explicit, "central at the skin"
            return "central", central_cues or config_central, False
        if open_cues and perc_explicit and open_explicit:
            return None, open_explicit + perc_explicit, True
        if perc_explicit and not open_explicit:  # "withdrawn at the skin, the incision not re-opened"
            return "percutaneous", perc_explicit, False
        if open_cues and perc_cues and self._two_cannulae_two_ways(doc, layout, positives, open_cues, perc_cues):
            return None, open_cues + perc_cues, True
        if open_cues:
            return "open", open_cues, False
        if perc_cues:
            return "percutaneous", perc_explicit or perc_cues, False
        return None, [], False

    def _two_cannulae_two_ways(self, doc: Doc, layout: Layout, positives: list[Mention], open_cues: list[Span],
                               perc_cues: list[Span]) -> bool:
        """Two cannulae, each moved in its own sentence, one with only words of the skin and one with only
        words of an opened site ("Drainage cannula: sutures cut, advanced 6 cm through its existing skin
        site" and "Return cannula: cutdown incision re-opened, CFA exposed, cannula re-advanced 3 cm"): R14."""
        open_sents = {c.sent.start for c in open_cues}
        perc_sents = {c.sent.start for c in perc_cues}
        at_skin = [m for m in positives if m.action.sent.start in perc_sents - open_sents]
        opened = [m for m in positives if m.action.sent.start in open_sents - perc_sents]
        if not (at_skin and opened):
            return False

        def identity(mention: Mention) -> dict[str, Any]:
            found = self._identity(doc, mention.device or mention.action, layout)
            line_start = layout.line_at(mention.action.start_char)[0]
            label = _LINE_LABEL.match(layout.text, line_start)  # ("- Return cannula: R groin cutdown incision re-opened")
            if label is not None:
                named = self._identity_in(re.findall(r"[\w-]+", label.group("label").lower()))
                found = {key: found[key] or named[key] for key in found}
            return found
        opened_identities = [identity(m) for m in opened]
        return any(any(first[key] and second[key] and first[key] != second[key] for key in ("role", "site", "side"))
                   for first in map(identity, at_skin) for second in opened_identities)

    def _acts_told_at_a_peripheral_site(self, layout: Layout, positives: list[Mention]) -> bool:
        """Every act's paragraph names a neck or groin site ('the right neck incision was opened')
        and no chest cannula ('The aortic cannula was examined ... the cannula withdrawn')."""
        for mention in positives:
            start, end = layout.paragraph_span(mention.action.start_char)
            paragraph = layout.text[start:end]
            if not set(_WORD.findall(paragraph.lower())) & _PERIPHERAL_BODY_SITES or _CHEST_CANNULA.search(paragraph):
                return False
        return bool(positives)

    @staticmethod
    def _reached_at_its_site(layout: Layout, positives: list[Mention], central_cues: list[Span], site_cues: list[Span]) -> bool:
        """A peripheral cannula's act whose paragraph says how its site was reached ("withdrawn
        4 cm at groin skin", "through its skin site"), a paragraph no chest opening is named in
        (the "Median sternotomy" of the LVAD implant the same report describes): not R12."""
        act_paragraphs = {layout.paragraph_at(m.action.start_char) for m in positives}
        return not any(layout.paragraph_at(c.start_char) in act_paragraphs for c in central_cues) and any(
            layout.paragraph_at(c.start_char) in act_paragraphs and c.text.lower() not in _THE_WORD_PERCUTANEOUS
            for c in site_cues)

    @staticmethod
    def _moved_at_its_site(layout: Layout, positives: list[Mention], central_cues: list[Span], site_cues: list[Span],
                           operation_words: frozenset[str], through_the_chest: re.Pattern) -> bool:
        """A groin or neck cannula's act whose own sentence says where it was moved ("the L groin
        sutures were cut and the drainage cannula was retracted ~3 cm at the skin"), the chest opened
        in sentences of another operation ("Median sternotomy, LIMA harvested skeletonized": the CABG
        done on ECMO; not "Through the open sternotomy the membrane was opened" before a cannula
        guided by hand)."""
        act_sentences = {m.action.sent.start for m in positives}
        if not (all(c.sent.start not in act_sentences and any(t.lower_ in operation_words for t in c.sent) for c in central_cues)
                and any(c.sent.start in act_sentences and c.text.lower() not in _THE_WORD_PERCUTANEOUS for c in site_cues)):
            return False
        for m in positives:  # ("With the surgeon's hand on the RA guiding the tip, the femoral cannula was withdrawn")
            sent = m.action.sent
            before = m.action.doc[sent.start - 1].sent if sent.start > 0 else sent
            for found in through_the_chest.finditer(layout.text, before.start_char, sent.end_char):
                if not _DENIED_JUST_BEFORE.search(layout.text, max(before.start_char, found.start() - 30), found.start()):
                    return False  # (not "the cannula was not handled through the chest")
        return True

    def _fluoroscopy(self, findings: Findings, mentions: list[Span], positives: list[Mention], layout: Layout,
                     timeline: Timeline) -> None:
        used = []
        act_sents = {p.action.sent.start for p in positives}
        for m in mentions:
            if _blocking_modifier(m) or layout.is_unchecked(m.start_char):
                continue
            if m.sent.start not in act_sents and not self._countable(m, layout.section_at(m.start_char)):
                continue
            if m.sent.start not in act_sents and self._tells_insertion(m.doc, m.sent) and \
                    any(t.lower_ in _INSERTION_STORY for t in m.sent):
                continue  # "VV ECMO since 03/26 via a Crescent, percutaneous with TEE + fluoroscopy": its insertion's
            if timeline.when(m.start_char, m.end_char, m.sent.start_char, m.sent.end_char).relation in TIME_WORDS:
                continue
            if m.sent.start not in act_sents and _INSERTION_ASIDE.search(layout.text, max(0, m.start_char - 80), m.start_char):
                continue  # "31 Fr Crescent RIJ (inserted 05/08 under TEE + fluoro)": how it went in
            if self._another_persons(layout.text, m.sent.start_char, m.start_char):
                continue  # "(that child needed fluoro, this one did not)"
            used.append(m)
            break  # (the first one is the evidence)
        findings.fluoroscopy = bool(used)
        if used:
            findings.evidence.append(_ev("fluoroscopy", used[0], layout.section_at(used[0].start_char)))
            findings.notes.append("fluoroscopic guidance recorded: included in the repositioning code, not billed separately (R4)")
