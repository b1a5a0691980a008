"""`ecmo_cpt` inside pipelines users already have: found by entry point, leaves their
annotations alone, travels with `nlp.to_disk()`, and assembles from the shipped config.

Where "no import of our modules" matters the pipeline runs in a fresh Python that only
imports spaCy (and medspaCy), from a directory outside the source tree.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import spacy

import extractor
from extractor.io import FIELDS
from extractor.pipeline.component import copy_default_patterns
from extractor.pipeline.rules import RULE_FILES, default_patterns_dir

from .conftest import DEV_CORPUS

ROOT = Path(__file__).resolve().parents[1]
RESULT_FIELDS = [name for name in FIELDS if name != "id"]
CLEAR_NOTE = "54 yo M on VV ECMO for pneumonia. Drainage cannula advanced 2 cm percutaneously under fluoroscopy."

# Prelude of every fresh-Python script: spaCy only. spaCy itself loads the `spacy_factories`
# entry points when it makes a Language; the scripts never import our package.
PRELUDE = """
import json, sys
import spacy
assert not any(m == "extractor" or m.startswith("extractor.") for m in sys.modules)
RECORDS = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]

def ecmo(nlp, record):
    doc = nlp(record["text"])
    doc._.ecmo_meta = record.get("meta") or {}
    return doc._.ecmo_cpt
"""


def fresh_python(script: str, tmp_path: Path, *args: str) -> object:
    """Run `script` in a new interpreter outside the source tree; it prints one JSON value."""
    assert "extractor" not in script and "import ecmo" not in script
    path = tmp_path / "script.py"
    path.write_text(PRELUDE + textwrap.dedent(script))
    done = subprocess.run([sys.executable, str(path), str(DEV_CORPUS), *args], capture_output=True,
                          text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory) -> dict[str, dict]:
    """The CLI's records for the dev corpus, by id, without `id`."""
    out = tmp_path_factory.mktemp("cli") / "pred.jsonl"
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(DEV_CORPUS), "-o", str(out)],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return {r.pop("id"): r for r in records}


def test_blank_english_host_by_entry_point_gives_the_cli_results(tmp_path, cli_results):
    results = fresh_python("""
        nlp = spacy.blank("en")
        nlp.add_pipe("ecmo_cpt")
        print(json.dumps({r["id"]: ecmo(nlp, r) for r in RECORDS}))
    """, tmp_path)
    assert results == cli_results
    assert all(list(r) == RESULT_FIELDS and r["error"] is None for r in results.values())


def test_medspacy_host_keeps_its_own_targets_context_and_sentences(tmp_path):
    result = fresh_python(f"""
        from loguru import logger
        logger.remove()  # PyRuSH logs every document at DEBUG
        import medspacy
        from medspacy.target_matcher import TargetRule

        def host():
            nlp = medspacy.load()
            nlp.get_pipe("medspacy_target_matcher").add(
                [TargetRule("ECMO", "TREATMENT"), TargetRule("pneumonia", "PROBLEM"), TargetRule("pneumothorax", "PROBLEM")])
            return nlp

        def view(doc):
            return {{"ents": [(e.text, e.label_, e.start_char, e.end_char, e._.is_negated, e._.target_rule.category,
                               len(e._.modifiers)) for e in doc.ents],
                    "sents": [s.start for s in doc.sents],
                    "graph": [len(doc._.context_graph.targets), len(doc._.context_graph.modifiers)]}}

        text = {CLEAR_NOTE!r} + " No pneumothorax."
        alone = view(host()(text))
        nlp = host()
        nlp.add_pipe("ecmo_cpt")
        doc = nlp(text)
        print(json.dumps({{"pipes": nlp.pipe_names, "alone": alone, "with": view(doc), "ecmo": doc._.ecmo_cpt}}))
    """, tmp_path)
    assert result["pipes"] == ["medspacy_pyrush", "medspacy_target_matcher", "medspacy_context", "ecmo_cpt"]
    assert result["with"] == result["alone"]
    ents = {(text, label) for text, label, *_ in result["with"]["ents"]}
    assert ents == {("ECMO", "TREATMENT"), ("pneumonia", "PROBLEM"), ("pneumothorax", "PROBLEM")}
    assert [e[4] for e in result["with"]["ents"] if e[0] == "pneumothorax"] == [True]  # the host's ConText still there
    assert result["ecmo"]["codes"] == ["33958"] and result["ecmo"]["error"] is None
    assert list(result["ecmo"]) == RESULT_FIELDS


def test_host_with_its_own_ner_and_sentence_boundaries(tmp_path):
    result = fresh_python(f"""
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler")
        ruler.add_patterns([{{"label": "DEVICE", "pattern": "cannula"}},
                            {{"label": "PROCEDURE", "pattern": [{{"LOWER": "vv"}}, {{"LOWER": "ecmo"}}]}}])
        text = "VV ECMO day 3\\n" + {CLEAR_NOTE!r}
        before = nlp(text)
        seen = {{"ents": [(e.text, e.label_, e.start, e.end) for e in before.ents], "sents": [s.start for s in before.sents]}}
        nlp.add_pipe("ecmo_cpt")
        doc = nlp(text)
        after = {{"ents": [(e.text, e.label_, e.start, e.end) for e in doc.ents], "sents": [s.start for s in doc.sents]}}
        print(json.dumps({{"before": seen, "after": after, "ecmo": doc._.ecmo_cpt,
                          "ours": [s.label_ for s in doc.spans["ecmo_cpt"]]}}))
    """, tmp_path)
    assert result["after"] == result["before"]  # entities and the sentencizer's boundaries untouched
    assert [e[:2] for e in result["after"]["ents"]] == [["VV ECMO", "PROCEDURE"], ["VV ECMO", "PROCEDURE"], ["cannula", "DEVICE"]]
    assert len(result["after"]["sents"]) == 2  # spaCy's sentencizer ignores the line break; ours would not
    assert result["ecmo"]["codes"] == ["33958"] and "REPOSITION" in result["ours"]


def test_sentence_boundaries_are_set_only_when_absent():
    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_cpt")
    doc = nlp("On VV ECMO\ncannula advanced 2 cm. Under fluoroscopy")
    assert [s.text.strip() for s in doc.sents] == ["On VV ECMO", "cannula advanced 2 cm.", "Under fluoroscopy"]
    host = spacy.blank("en")
    host.add_pipe("sentencizer")
    host.add_pipe("ecmo_cpt")
    assert len(list(host("On VV ECMO\ncannula advanced 2 cm. Under fluoroscopy").sents)) == 2


def test_plain_metadata_dict_or_meta_object(nlp):
    doc = nlp("Drainage cannula advanced 2 cm percutaneously on VV ECMO.")
    doc._.ecmo_meta = {"dob": "1970-05-01", "service_date": "2025-10-20"}
    assert doc._.ecmo_cpt["age_years"] == 55 and doc._.ecmo_cpt["codes"] == ["33958"]
    doc._.ecmo_meta = extractor.io.parse_meta({"age_years": 3})
    assert doc._.ecmo_cpt["codes"] == ["33957"]


def _dev_results(nlp) -> dict[str, dict]:
    results = {}
    for record in map(json.loads, DEV_CORPUS.read_text().splitlines()):
        doc = nlp(record["text"])
        doc._.ecmo_meta = record["meta"]
        results[record["id"]] = doc._.ecmo_cpt
    return results


@pytest.fixture(scope="module")
def reference(cli_results) -> dict[str, dict]:
    results = _dev_results(extractor.load())
    assert results == cli_results
    return results


def test_to_disk_then_spacy_load_in_a_fresh_python(tmp_path, reference):
    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_sentences")
    nlp.add_pipe("ecmo_cpt")
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    for name in RULE_FILES:  # the rules are in the saved pipeline, as shipped
        assert json.loads((saved / "ecmo_cpt" / name).read_text()) == json.loads((default_patterns_dir() / name).read_text())
    results = fresh_python("""
        nlp = spacy.load(sys.argv[2])
        print(json.dumps({"pipes": nlp.pipe_names, "results": {r["id"]: ecmo(nlp, r) for r in RECORDS}}))
    """, tmp_path, str(saved))
    assert results["pipes"] == ["ecmo_sentences", "ecmo_cpt"]
    assert results["results"] == reference


def test_custom_patterns_travel_with_the_saved_pipeline(tmp_path):
    patterns = copy_default_patterns(tmp_path / "my_patterns")
    rules_file = patterns / "target_rules.json"
    rules = json.loads(rules_file.read_text())
    rules["target_rules"] = [r for r in rules["target_rules"] if r["literal"] != "advanced"]
    rules_file.write_text(json.dumps(rules))
    text = "54 yo M on VV ECMO. Drainage cannula advanced 2 cm percutaneously under fluoroscopy."

    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_cpt", config={"patterns_dir": str(patterns)})
    assert extractor.suggest(text)["codes"] == ["33958"]
    assert nlp(text)._.ecmo_cpt["codes"] == []  # the custom rules no longer know "advanced"
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    for name in RULE_FILES:
        (patterns / name).unlink()  # the rules must come from the saved pipeline, not this folder
    patterns.rmdir()

    result = fresh_python(f"""
        nlp = spacy.load(sys.argv[2])
        doc = nlp({text!r})
        print(json.dumps({{"codes": doc._.ecmo_cpt["codes"], "reposition": doc._.ecmo_cpt["reposition"],
                          "words": [s.text for s in doc.spans["ecmo_cpt"]]}}))
    """, tmp_path, str(saved))
    assert result["codes"] == [] and result["reposition"] is False
    assert "advanced" not in result["words"] and "cannula" in result["words"] and "percutaneously" in result["words"]


def test_missing_patterns_dir_is_reported_when_used():
    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_cpt", config={"patterns_dir": "/nonexistent/patterns"})
    with pytest.raises(ValueError, match="rule files not found"):
        nlp("On VV ECMO.")


def test_shipped_config_assembles_the_same_pipeline_as_load(reference):
    from extractor.configs import DEFAULT_CONFIG

    config = spacy.util.load_config(DEFAULT_CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    assert nlp.pipe_names == ["ecmo_sentences", "ecmo_cpt"]
    assert _dev_results(nlp) == reference


def test_config_file_is_in_the_wheel(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(ROOT)], capture_output=True, timeout=600)
    if done.returncode != 0:  # no setuptools in this environment: build isolated
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                              capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    names = zipfile.ZipFile(next(tmp_path.glob("ecmo_cpt-*.whl"))).namelist()
    assert "extractor/configs/ecmo_cpt.cfg" in names and "extractor/configs/__init__.py" in names
    assert "extractor/frames.py" in names and "extractor/spark.py" in names


@pytest.mark.parametrize("splitter", ["sentencizer", "pyrush"])
def test_dev_corpus_gets_the_gold_answers_with_a_host_sentence_splitter(splitter, dev_records):
    """Host pipelines bring coarser sentences (no break at ';' or at a line break)."""
    import spacy
    from loguru import logger

    if splitter == "sentencizer":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        import medspacy

        logger.disable("PyRuSH")
        nlp = medspacy.load(enable=["medspacy_pyrush"])
    nlp.add_pipe("ecmo_cpt")
    wrong = []
    for record in dev_records:
        doc = nlp(record["text"])
        doc._.ecmo_meta = record.get("meta") or {}
        result, gold = doc._.ecmo_cpt, record["gold"]
        if sorted(result["codes"]) != sorted(gold["codes"]) or result["needs_review"] != gold["needs_review"]:
            wrong.append(record["id"])
    assert wrong == []
