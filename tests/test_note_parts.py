"""The parts of the pipeline that read a note's shape: normalisation (with its offset map),
sections, document kind and claims, check-boxes, and time. Each on real text."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

import extractor
from extractor.pipeline.normalize import Normalizer
from extractor.pipeline.rules import read_rule_files
from extractor.pipeline.timeline import Timeline


@pytest.fixture(scope="module")
def component(nlp):
    return nlp.get_pipe("ecmo_cpt")


# -- normalisation ----------------------------------------------------------------------
FEEDS = [
    ("hyphen across a line", "Bedside reposi-\ntioning of the cannula", "repositioning"),
    ("CRLF", "ECMO day 3\r\ncannula withdrawn 2 cm\r\n", "ECMO day 3\ncannula withdrawn 2 cm\n"),
    ("lone CR", "ECMO day 3\rcannula withdrawn", "ECMO day 3\ncannula withdrawn"),
    ("HL7 escape", "VV ECMO.\\.br\\Cannula withdrawn 2 cm", "VV ECMO.\nCannula withdrawn 2 cm"),
    ("HL7 escape inside a word", "the can\\.br\\nula was advanced", "the cannula was advanced"),
    ("HTML entity and inline tag", "cannu<span class=\"hl\">la</span> ad&shy;vanced 2&nbsp;cm", "cannula advanced 2 cm"),
    ("mojibake", "3â€‘yearâ€‘old girl", "3-year-old girl"),
    ("JSON escapes", "PROCEDURE\\nthe can\\u00adnula was pulled\\u00a0back 3 cm\\n", "the cannula was pulled back 3 cm"),
    ("OCR digits in words", "the cannu1a was advanced under f1uoroscopy", "the cannula was advanced under fluoroscopy"),
    ("OCR rn for m", "the sternurn was reopened", "the sternum was reopened"),
    ("a banner over a quoted record keeps its page citation", "HPI: on ECMO.\n\n-- Excerpt of faxed OSH procedure note (page 14 of 31) --\n  cannula withdrawn",
     "-- Excerpt of faxed OSH procedure note (page 14 of 31) --"),
    ("OCR in capitals", "CANNUIA W1THDRAWN 1 CM", "CANNULA WITHDRAWN 1 CM"),
    ("dictation", "the can you la was a vanced two centimeters period new paragraph plan colon CXR",
     "the cannula was advanced two centimeters.\nplan: CXR"),
    ("speech slip for ECMO", "on veno venous echo day six", "on veno venous ECMO day six"),
    ("BOM and NBSP", "\ufeffAge:\u00a054", "Age: 54"),
    ("dot leaders", "Age ............ 71Y", "Age: 71Y"),
    ("word broken by a space", "the cannula was wi thdrawn 1 cm", "the cannula was withdrawn 1 cm"),
    ("RTF export", "{\\rtf1\\ansi{\\fonttbl{\\f0\\fswiss Arial;}}\n\\pard\\b Age/Sex:\\b0  63 / M\\tab\\b Date:\\b0  01/22/2026\\par\n}",
     "Age/Sex: 63 / M\tDate: 01/22/2026\n"),
    ("CDA value attributes", "<patient><birthTime value=\"19780927\"/></patient><effectiveTime value=\"20260311142200-0500\"/>",
     "birthTime 19780927"),
    ("dictated prefix written apart", "the aortic can you la was re seated one centimeter deeper and the purse strings re snugged",
     "the aortic cannula was re-seated one centimeter deeper and the purse strings re-snugged"),
    ("running page header between the halves of a word", "the cannula was with-\n\n-----\n[HOSPITAL] OPERATIVE REPORT   "
     "Page 1 of 2   Printed 01/28/2026 06:12\n-----\n\ndrawn 6 cm under fluoroscopy", "the cannula was withdrawn 6 cm"),
    ("CSV row of quoted cells", '"2026-02-11","72","Cannula reposition","Sutures cut, advanced 6 cm"',
     " 2026-02-11 \t 72 \t Cannula reposition \t Sutures cut, advanced 6 cm "),
    ("label and value joined by a pipe", "Procedure|Cannula exchange (upsizing)", "Procedure:Cannula exchange (upsizing)"),
    ("cells joined by pipes", "2025-04-28|VV|6|advanced 2 cm", "2025-04-28\tVV\t6\tadvanced 2 cm"),
    ("a key|value row's pipe is no OCR l", "pmh|COPD (40 pack-yr), CABG 2011, HFrEF EF 35%, OSA on CPAP at night\n"
     "indication|recirculation ~35%, drainage tip low at L2", "\nindication:recirculation ~35%"),
]


@pytest.mark.parametrize("name,raw,expected", FEEDS, ids=[f[0] for f in FEEDS])
def test_normalisation_reads_feed_text_and_maps_back(component, name, raw, expected):
    normalized = component.normalizer(raw)
    assert expected in normalized.text
    # Every word of the normalised text maps back to the original span it came from.
    for match in re.finditer(r"\S+", normalized.text):
        start, end = normalized.original_span(match.start(), match.end())
        assert 0 <= start <= end <= len(raw)
        piece = raw[start:end]
        assert piece.strip() or not match.group().strip()


def test_a_repaired_word_maps_to_the_words_as_written(component):
    raw = "Under fluoroscopy the E.C.M.O. can you la was reposi-\r\ntioned 2 cm."
    normalized = component.normalizer(raw)
    for word, written in (("ECMO", "E.C.M.O."), ("cannula", "can you la"), ("repositioned", "reposi-\r\ntioned")):
        at = normalized.text.index(word)
        start, end = normalized.original_span(at, at + len(word))
        assert raw[start:end] == written


def test_plain_text_is_left_as_it_is(component):
    text = "VV ECMO day 4. Drainage cannula withdrawn 2 cm at the skin; re-sutured.\nPlan: CXR."
    normalized = component.normalizer(text)
    assert normalized.text == text and not normalized.steps


def test_drawn_tables_and_hl7_keep_their_pipes(component):
    drawn = "| Age/Sex  | 58 / F |\n----------|-----|\nSternotomy | | X |\n"
    assert component.normalizer(drawn).text == drawn
    hl7 = "MSH|^~\\&|RIS\rPID|1||123||X||20240915|F\rOBX|1|TX|NOTE||cannula advanced 1 cm"
    assert "\t" not in component.normalizer(hl7).text


def test_hl7_date_fields_are_read_by_position_and_kept_in_place(component):
    from extractor.pipeline.normalize import hl7_field_dates
    fields = {"MSH": {7: "dos"}, "OBR": {7: "dos"}, "PID": {7: "dob"}}
    message = ("MSH|^~\\&|A|B|C|D|20260316080000||ORU^R01\rPID|1||9^^^H||X^Y||19710304|F\r"
               "OBR|1|||P^ECMO note|||202603141430|20260101\r")
    found = [(kind, message[start:end]) for kind, start, end in hl7_field_dates(message, fields)]
    assert found == [("dos", "20260316080000"), ("dob", "19710304"), ("dos", "202603141430")]
    # a word broken by a space before the OBR segment is repaired: the date moves with the text
    note = "NTE|1||the cannula was wi thdrawn 1 cm\nOBR|1|||P^ECMO note|||20260314143000\nPID|1||9||X||19710304|F"
    normalized = component.normalizer(note)
    assert "withdrawn" in normalized.text
    assert [(kind, normalized.text[start:end]) for kind, start, end in normalized.field_dates] == [
        ("dos", "20260314143000"), ("dob", "19710304")]


def test_ages_from_a_tables_age_column():
    from extractor.pipeline.age import table_ages
    age_column = re.compile(read_rule_files()["lexicon.json"]["age_column"], re.I)
    csv_like = "encounter_date\tpatient_age\tevent\n2026-02-11\t72\tCannula reposition\n2026-02-11\t72\tSweep change\n"
    assert [years for years, *_ in table_ages(csv_like, age_column)] == [72, 72]
    drawn = "| Name | Age (y) | Sex |\n|---|---|---|\n| X | 5 | F |\n"
    (years, start, end), = table_ages(drawn, age_column)
    assert years == 5 and drawn[start:end] == "5"
    assert table_ages("| Dose | Pages |\n| 5 | 7 |\n", age_column) == []  # no age column


def test_words_in_use_are_not_rewritten(component):
    text = "MRN: 123. Return to theatre. The internal jugular was cleaned; 2L nasal cannula."
    assert component.normalizer(text).text == text


# -- sections ---------------------------------------------------------------------------
def test_header_shapes(component):
    text = ("OPERATIVE REPORT\nDone at bedside:\n- cannula withdrawn\nProcedure (bedside, portable C-arm + TTE):\n"
            "x\nHOSPITAL COURSE (abbreviated)\ny\nIntervention - bedside\n*** Addendum 06/07/2026 17:10 ***\n"
            "2. PROCEDURE - drainage cannula repositioning, 02/02/2026 10:15\nProblem #3: AKI\n")
    found = [(h.label, h.category) for h in component.sections.headers(text)]
    assert found == [
        ("OPERATIVE REPORT", "unknown"), ("Done at bedside", "unknown"),
        ("Procedure (bedside, portable C-arm + TTE)", "procedure"), ("HOSPITAL COURSE", "history"),
        ("Intervention", "procedure"), ("Addendum 06/07/2026 17:10", "event"), ("PROCEDURE", "procedure"),
        ("Problem #3", "unknown")]


def test_a_capitals_abbreviation_opening_a_sentence_is_no_header(component):
    text = ("NICU EVENT NOTE\nDOL 7, 3.4 kg, CDH on VA ECMO (R neck cutdown 07/16; 10 Fr venous).\n"
            "BEDSIDE OPEN-CHEST PROCEDURE TODAY (03/30/2026 08:50; Dr. Q, cardiac surgery)\n"
            "Bedside procedure 1/14/26 0815-0840 - venous ECMO cannula repositioning\n")
    labels = [h.label for h in component.sections.headers(text)]
    assert labels == ["NICU EVENT NOTE", "BEDSIDE OPEN-CHEST PROCEDURE TODAY", "Bedside procedure"]


def test_an_all_capitals_note_keeps_only_label_headers(component):
    text = ("PROC NOTE\nPT: 54 YO M ON VV ECMO DAY 4 FOR INFLUENZA ARDS AND SEPTIC SHOCK\n"
            "TECH: SUTURES CUT AND THE DRAINAGE CANNULA WITHDRAWN 2 CM AT THE SKIN UNDER FLUORO\n")
    labels = [h.label for h in component.sections.headers(text)]
    assert labels == ["PT", "TECH"]


# -- document kind, claims, check-boxes ---------------------------------------------------
@pytest.mark.parametrize("title,kind", [
    ("MICU ATTENDING PROGRESS NOTE", "narrative"),
    ("NICU - ECMO PROGRESS NOTE AND PROCEDURE", "procedure"),
    ("DISCHARGE SUMMARY", "narrative"),
    ("SURGICAL SAFETY CHECKLIST - OR 5", "planning"),
    ("OPERATIVE REPORT", "procedure"),
    ("Called to the bedside for rising recirculation; time-out done; the cannula was withdrawn 2 cm under fluoroscopy.", None),
    ("EXAM: XR CHEST 1 VIEW PORTABLE", "imaging"),
    ("RADIOLOGY REPORT - CHEST, PORTABLE AP", "imaging"),
    ("CT CHEST WITHOUT CONTRAST", "imaging"),
    ("CT SURGERY PROGRESS NOTE - 2026-03-27", "narrative"),
    ("RADIOLOGY REPORT\nPROCEDURE: Fluoroscopy-guided ECMO cannula repositioning", "procedure"),
])
def test_document_kind_from_the_title(component, title, kind):
    assert component.layout(title + "\nDate: 01/02/2026\n").kind == kind


def test_claim_lines_and_boxes(component):
    text = ("ECMO CANNULA REPOSITIONING\nProcedure: percutaneous repositioning of the drainage cannula\n"
            "Approach: [x] Percutaneous   [ ] Open (cutdown)\nCPT 33958 x1\n"
            "Procedure: the incision was re-opened and the cannula advanced 2 cm.\n"
            "Checklist | Yes | No |\nSternotomy | | X |\nFluoroscopy used | X | |\n"
            "Cannula repositioned today: [ ] Yes [X] No\n")
    layout = component.layout(text)
    line = lambda s: text.index(s)  # noqa: E731
    assert layout.is_claim(line("ECMO CANNULA")) and layout.is_claim(line("percutaneous repositioning"))
    assert layout.is_claim(line("33958"))
    assert not layout.is_claim(line("the incision was re-opened"))  # a procedure line that tells the story
    assert layout.is_checked(line("Percutaneous   [")) and layout.is_unchecked(line("Open (cutdown)"))
    assert layout.is_unchecked(line("Sternotomy")) and layout.is_checked(line("Fluoroscopy used"))
    assert layout.is_unchecked(line("Cannula repositioned today"))


# -- time -------------------------------------------------------------------------------
NOTE = ("ICU PROGRESS NOTE\nDate of service: 03/12/2026   Hospital day 11   VV ECMO day 9\n"
        "HOSPITAL COURSE\nOn HD5 the cannula was repositioned at the bedside.\n"
        "Cannula withdrawn 2 cm yesterday.\nThe cannula was withdrawn 1 cm at 14:10 today.\n"
        "- 03/03: cannula advanced 2 cm\nCannula advanced on 03/12.\n"
        "The fellow advanced the cannula (see separate procedure note).\n"
        "EVENT NOTE - 03/12/2026 15:05\nCannula pulled back 1 cm.\n"
        "POD 1 after open cannula repositioning.\n")


@pytest.mark.parametrize("words,relation", [
    ("repositioned at the bedside", "past"), ("withdrawn 2 cm", "past"), ("withdrawn 1 cm", "today"),
    ("advanced 2 cm", "past"), ("advanced on", "today"), ("advanced the cannula", "elsewhere"),
    ("pulled back 1 cm", "today"), ("open cannula repositioning", "past"),
])
def test_the_time_of_an_act(component, words, relation):
    text = NOTE
    layout = component.layout(text)
    timeline = Timeline(text, layout.enclosing_headers, date(2026, 3, 12), component.time_cues)
    start = text.index(words)
    sentence_start = text.rfind("\n", 0, start) + 1
    sentence_end = text.index("\n", start)
    assert timeline.when(start, start + len(words), sentence_start, sentence_end).relation == relation


def test_dates_that_are_not_days_of_events(component):
    """Days of a week of gestation, a span reaching today, an insertion noun's date, a column of insertion dates."""
    text = ("PICU NOTE\nBorn at 39 2/7 wk GA, PMA now 40 4/7 wk.\n\nWeek 2 (3/26 - today, ECMO day 12):\n- cannula withdrawn 1 cm\n\n"
            "The sutures of the 3/02 cannulation incision were cut.\n\n| Device | Inserted | Today |\n|---|---|---|\n"
            "| ECMO drainage | 03/01 | advanced 2 cm |\n")
    layout = component.layout(text)
    timeline = Timeline(text, layout.enclosing_headers, date(2026, 3, 30), component.time_cues)
    assert [text[s:e] for _, s, e in timeline.written_dates(0, text.index("Week"))] == []
    withdrawn = text.index("withdrawn")
    assert timeline.when(withdrawn, withdrawn + 9, withdrawn - 9, withdrawn + 14).relation != "past"
    cut = text.index("were cut")
    assert not timeline.cues(text.index("The sutures"), cut)
    advanced = text.index("advanced 2")
    assert not [c for c in timeline.cues(text.rfind("\n", 0, advanced) + 1, advanced) if c.date is not None]


def test_the_notes_own_day_counters(component):
    layout = component.layout(NOTE)
    timeline = Timeline(NOTE, layout.enclosing_headers, date(2026, 3, 12), component.time_cues)
    assert timeline.current_day == {"hospital": 11, "ecmo": 9}


def test_a_full_stop_after_an_abbreviation_ends_no_sentence(nlp):
    doc = nlp("The cannula was rotated approx. 60 degrees under echo. Dr. Iwu agreed. Flow 2 L/min vs. 1.5 before. "
              "Advanced 2 cm. Tip at T9.")
    assert [s.text for s in doc.sents] == ["The cannula was rotated approx. 60 degrees under echo.", "Dr. Iwu agreed.",
                                           "Flow 2 L/min vs. 1.5 before.", "Advanced 2 cm.", "Tip at T9."]
