"""Unit tests of the pipeline's parts: sentences, sections, targets, ConText, linking, age."""
from __future__ import annotations

from datetime import date

import pytest
import spacy

from extractor.pipeline.age import parse_date
from extractor.pipeline.sentences import set_sentence_starts


def test_sentences_break_at_lines_and_sentence_punctuation():
    doc = set_sentence_starts(spacy.blank("en")("Procedure: cannula advanced 2 cm; re-sutured.\nPlan: CXR. Done"))
    assert [s.text.strip() for s in doc.sents] == ["Procedure: cannula advanced 2 cm;", "re-sutured.", "Plan: CXR.", "Done"]


def test_existing_sentence_boundaries_are_kept(nlp):
    host = spacy.blank("en")
    host.add_pipe("sentencizer")
    host.add_pipe("ecmo_sentences")
    doc = host("One sentence; still one.\nAnd two.")
    assert len(list(doc.sents)) == 2  # the sentencizer's, not ours (which would split at ';')


def test_sections_use_operative_note_headers(nlp):
    text = "OPERATIVE REPORT\nINDICATIONS: cannula migrated.\nPROCEDURE PERFORMED: repositioning.\nPLAN: CXR."
    headers = nlp.get_pipe("ecmo_cpt").sections.headers(text)
    assert [(h.label, h.category) for h in headers] == [
        ("OPERATIVE REPORT", "unknown"), ("INDICATIONS", "indication"), ("PROCEDURE PERFORMED", "procedure"), ("PLAN", "plan")]


def test_evidence_names_the_section_it_was_found_in(nlp):
    doc = nlp("VV ECMO.\nINDICATIONS: drainage cannula migrated.\n"
              "PROCEDURE PERFORMED: the drainage cannula was withdrawn 2 cm at the bedside.\nPLAN: CXR.")
    sections = {(e["label"], e["text"]): e["section"] for e in doc._.ecmo_cpt["evidence"]}
    assert sections[("reposition", "withdrawn")] == "procedure"


def test_docs_stay_serialisable_and_multiprocess_pipe_agrees(nlp, dev_records):
    """medspaCy's rule and modifier objects do not survive Doc.to_bytes; ours leave plain data."""
    from spacy.tokens import Doc

    texts = [r["text"] for r in dev_records[:8]]
    single = [d._.ecmo_cpt for d in nlp.pipe(texts)]
    doc = nlp(texts[0])
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes())._.ecmo_cpt == single[0]
    assert [d._.ecmo_cpt for d in nlp.pipe(texts, n_process=2, batch_size=2)] == single


def _labels(doc):
    return {(s.label_, s.text) for s in doc.spans["ecmo_cpt"]}


def test_targets_go_to_a_span_group_not_ents(nlp):
    doc = nlp("VV ECMO: the Avalon was withdrawn 1 cm under fluoro.")
    assert doc.ents == ()
    labels = _labels(doc)
    assert ("ECMO_CANNULA", "Avalon") in labels and ("REPOSITION", "withdrawn") in labels and ("FLUOROSCOPY", "fluoro") in labels


def test_longest_device_phrase_wins(nlp):
    labels = _labels(nlp("ECMO patient on 2 L nasal cannula; distal perfusion cannula flushed."))
    assert ("OTHER_DEVICE", "nasal cannula") in labels and ("DPC", "distal perfusion cannula") in labels
    assert not any(label == "ECMO_CANNULA" for label, _ in labels)


@pytest.mark.parametrize("text,attribute", [
    ("VV ECMO. The cannula was not repositioned.", "is_negated"),
    ("VV ECMO. Will reposition the cannula tomorrow.", "is_hypothetical"),
    ("VV ECMO. S/p repositioning of the cannula on 3/2.", "is_historical"),
])
def test_context_marks_the_moving_verb(nlp, text, attribute):
    doc = nlp(text)
    verb = next(s for s in doc.spans["ecmo_cpt"] if s.label_ == "REPOSITION")
    assert getattr(verb._, attribute)


def test_context_stays_inside_its_sentence(nlp):
    doc = nlp("VV ECMO. No complications.\nThe cannula was advanced 2 cm.")
    verb = next(s for s in doc.spans["ecmo_cpt"] if s.label_ == "REPOSITION")
    assert not verb._.is_negated


def test_unchecked_box_negates_only_its_item(nlp):
    doc = nlp("Guidance: [ ] Fluoroscopy  [x] TEE\nProcedure: [x] ECMO cannula repositioning")
    fluoro = next(s for s in doc.spans["ecmo_cpt"] if s.label_ == "FLUOROSCOPY")
    verb = next(s for s in doc.spans["ecmo_cpt"] if s.label_ == "REPOSITION")
    assert fluoro._.is_negated and not verb._.is_negated


@pytest.mark.parametrize("text,linked", [
    ("The Impella was pulled back 1 cm.", "Impella"),
    ("Repositioning of the drainage cannula under fluoroscopy.", "cannula"),
    ("Stiff wire advanced into the IVC.", "wire"),
    ("Patient repositioned prone.", None),
    ("We advanced the cannula 2 cm.", "cannula"),
    ("The cannula was advanced over a wire.", "cannula"),
])
def test_the_moving_verb_is_linked_to_its_object(nlp, text, linked):
    component = nlp.get_pipe("ecmo_cpt")
    doc = nlp("ECMO. " + text)
    spans = list(doc.spans["ecmo_cpt"])
    nouns = [s for s in spans if s.label_ in {"ECMO_CANNULA", "OTHER_DEVICE", "DPC", "PATIENT", "NON_DEVICE"}]
    verb = next(s for s in spans if s.label_ == "REPOSITION")
    device = component.builder.link(doc, verb, nouns)
    if linked is None:
        assert device is None or device.label_ == "PATIENT"
    else:
        assert device is not None and device.text == linked


@pytest.mark.parametrize("text,years", [
    ("54 yo M", 54), ("54M", 54), ("45yoF", 45), ("58 y.o. F", 58), ("a 6 y/o", 6), ("54-year-old", 54),
    ("fifty-four-year-old", 54), ("forty-one year old", 41), ("Age: 3", 3), ("Age/Sex: 7 y/o M", 7),
    ("Patient age: 48 years", 48), ("18-month-old", 1), ("18 mo M", 1), ("6 mo F", 0), ("3-week-old", 0),
    ("7-week-old", 0), ("DOL 9", 0), ("day of life 12", 0), ("newborn", 0), ("neonate", 0),
    ("5 years 11 months old", 5), ("5y11m", 5), ("[**Age over 90 **]", 90), ("Age: 90+", 90),
    ("54 years of age", 54), ("10 days old", 0), ("PATIENT_AGE: 42", 42),
])
def test_age_forms(nlp, text, years):
    doc = nlp(f"VV ECMO. {text} on ECMO.")
    ages = [m.years for m in doc._.ecmo_findings.ages if m.kind == "age"]
    assert ages and set(ages) == {years}, ages


@pytest.mark.parametrize("text", [
    "ECMO day 6", "POD 3", "HD#6", "23 Fr", "at 15 cm", "withdrawn 2 cm", "for 6 hours", "5 kg", "3-0 Prolene",
    "35 pack-years", "10 years ago", "mother (34)", "brother aged 4", "Mother (31 years old)", "her baby, now 9 days old",
    "GA 39 2/7 wk", "ex-35-weeker", "born at 30 weeks gestation", "since age 5", "25F cannula", "[AGE] yo",
    "charge: age 6+", "3M Tegaderm",
])
def test_numbers_that_are_not_the_patients_age(nlp, text):
    doc = nlp(f"VV ECMO cannula. {text}.")
    assert [m for m in doc._.ecmo_findings.ages if m.kind == "age"] == []


def test_ambiguous_6M_in_a_paediatric_note(nlp):
    doc = nlp("PICU ECMO note: 8M on VV ECMO.")
    (mention,) = [m for m in doc._.ecmo_findings.ages if m.kind == "age"]
    assert mention.ambiguous and mention.years is None


@pytest.mark.parametrize("text,expected", [
    ("DOB: 03/15/2020", date(2020, 3, 15)), ("born 2019-07-08", date(2019, 7, 8)),
    ("DOB 15/03/2020", date(2020, 3, 15)), ("Date of birth: Nov 3, 2025", date(2025, 11, 3)),
    ("DOB: 02/30/2020", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("DOB 15/03/2020, seen 02/04/2026", True),           # a day over 12 first: day first
    ("DOB 03/15/2020, seen 04/02/2026", False),          # a day over 12 second: month first
    ("admit 15/03/2026; proc_date 03/20/2026; DOB 03/04/2020", None),  # both orders written: unknown
    ("DOB 03/04/2020", None),
])
def test_the_date_order_a_note_shows(text, expected):
    from extractor.pipeline.age import note_date_order
    assert note_date_order(text) is expected
