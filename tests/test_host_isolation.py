"""Whatever a host pipeline has run before `ecmo_cpt` (its own sentence boundaries, target
rules on our cue words, ConText, entities), our answer is the CLI's: the component reads a
Doc of its own, with its own matches, modifiers and line-aware sentences."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from .conftest import DATA

CORPORA = ["dev", "styles"]
# Plausible rules a host's own medspaCy pipeline might have, several on our cue words.
HOST_TARGETS = [("withdrawn", "EVENT"), ("percutaneously", "PROCEDURE"), ("fluoroscopy", "PROCEDURE"),
                ("cannula", "DEVICE"), ("ECMO", "TREATMENT"), ("repositioned", "EVENT"), ("advanced", "EVENT"),
                ("sternotomy", "PROCEDURE"), ("cutdown", "PROCEDURE"), ("pneumonia", "PROBLEM")]


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory) -> dict[str, dict]:
    """The CLI's records for the dev and styles corpora, by corpus and id, without `id`."""
    results: dict[str, dict] = {}
    for name in CORPORA:
        out = tmp_path_factory.mktemp("cli") / f"{name}.jsonl"
        done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(DATA / f"{name}.jsonl"),
                               "-o", str(out), "-q"], capture_output=True, timeout=900)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        for line in out.read_text().splitlines():
            record = json.loads(line)
            results[f"{name}/{record.pop('id')}"] = record
    return results


def _sentencizer_host() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # no break at line ends or ';'
    return nlp


def _medspacy_host() -> spacy.language.Language:
    import medspacy
    from loguru import logger
    from medspacy.target_matcher import TargetRule

    logger.disable("PyRuSH")  # it logs every document at DEBUG
    nlp = medspacy.load()
    nlp.get_pipe("medspacy_target_matcher").add([TargetRule(literal, label) for literal, label in HOST_TARGETS])
    return nlp


def _ner_host() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": literal} for literal, label in HOST_TARGETS]
                       + [{"label": "PROCEDURE", "pattern": [{"LOWER": "vv"}, {"LOWER": "ecmo"}]}])
    return nlp


HOSTS = {"sentencizer": _sentencizer_host, "medspacy": _medspacy_host, "own-ner": _ner_host}


@pytest.mark.parametrize("host", list(HOSTS))
def test_host_pipeline_records_equal_the_cli_on_dev_and_styles(host, cli_results):
    nlp = HOSTS[host]()
    nlp.add_pipe("ecmo_cpt")
    differing = []
    for name in CORPORA:
        for record in _records(name):
            doc = nlp.make_doc(record["text"])
            doc._.ecmo_meta = record.get("meta") or {}  # before the pipeline, as README shows
            doc = nlp(doc)
            if doc._.ecmo_cpt != cli_results[f"{name}/{record['id']}"]:
                differing.append(f"{name}/{record['id']}")
    assert differing == []


def test_host_target_rules_on_our_cue_words_do_not_change_the_answer():
    """The issue's repro: the host's TargetRules on 'withdrawn', 'percutaneously', 'fluoroscopy'
    give its ConText targets at the offsets of our cue words."""
    text = ("62 yo M on VA ECMO. No bleeding at the site; the femoral arterial cannula was withdrawn 2 cm "
            "percutaneously under fluoroscopy.")
    nlp = _medspacy_host()
    nlp.add_pipe("ecmo_cpt")
    doc = nlp(text)
    host_targets = {(e.text, e.label_) for e in doc.ents}
    assert {("withdrawn", "EVENT"), ("percutaneously", "PROCEDURE"), ("fluoroscopy", "PROCEDURE")} <= host_targets
    result = doc._.ecmo_cpt
    assert result["codes"] == ["33958"] and not result["needs_review"]
    assert result["approach"] == "percutaneous" and result["fluoroscopy"] is True
    # the host's ConText still did its own work on its own targets
    assert any(e._.is_negated for e in doc.ents) or doc._.context_graph is not None


def test_sentencizer_host_keeps_the_line_break_our_answer_needs():
    """spaCy's sentencizer runs 'repositioning' and 'Patient' into one sentence; ours does not."""
    text = "PROCEDURE: Percutaneous VV ECMO drainage cannula repositioning\nPatient: 54 yo M. Fluoroscopy used."
    nlp = _sentencizer_host()
    host_sentences = [s.start for s in nlp(text).sents]
    nlp.add_pipe("ecmo_cpt")
    doc = nlp(text)
    assert [s.start for s in doc.sents] == host_sentences  # the host's boundaries are left as they were
    assert doc._.ecmo_cpt["codes"] == ["33958"], doc._.ecmo_cpt["reasons"]


def test_a_host_tokenizer_changed_after_the_component_is_added_does_not_change_its_answers():
    """The component tokenizes with a tokenizer of its own unless told to share the host's
    (extractor.load() does: nothing changes its tokenizer after)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_sentences")
    nlp.add_pipe("ecmo_cpt")
    text = "58 yo on VV ECMO. Under fluoroscopy the drainage cannula was withdrawn 2 cm percutaneously."
    before = nlp(text)._.ecmo_cpt["codes"]
    nlp.tokenizer.add_special_case("withdrawn", [{"ORTH": "with"}, {"ORTH": "drawn"}])
    assert nlp(text)._.ecmo_cpt["codes"] == before == ["33958"]


def test_extractor_load_shares_its_own_unchanged_tokenizer():
    import extractor

    nlp = extractor.load()
    assert nlp.get_pipe("ecmo_cpt").own_nlp.tokenizer is nlp.tokenizer
    host = spacy.blank("en")
    host.add_pipe("ecmo_cpt")
    assert host.get_pipe("ecmo_cpt").own_nlp.tokenizer is not host.tokenizer
