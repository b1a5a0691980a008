"""A rule folder with a mistake in it is refused when the component is built, with a message
that names the file, the rule and what is wrong (not "no code" on every note, not spaCy's
E109 in the middle of a run)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest
import spacy

from extractor.pipeline.component import copy_default_patterns
from extractor.pipeline.rules import RULE_FILES
from extractor.pipeline.validation import RuleError


def _folder_with(tmp_path: Path, name: str, change: Callable[[dict], None]) -> Path:
    folder = copy_default_patterns(tmp_path / "rules")
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def _build(folder: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ecmo_cpt", config={"patterns_dir": str(folder)})


def _first(rules: list[dict], category: str) -> dict:
    return next(r for r in rules if r["category"] == category)


BAD_FILES = [
    ("one word, two readings", "context_rules.json",
     lambda d: d["context_rules"].append({"literal": "none", "category": "NEGATED_EXISTENCE", "direction": "FORWARD"}),
     "'none' is a one-word modifier of rules"),
    ("misspelt category", "target_rules.json",
     lambda d: _first(d["target_rules"], "REPOSITION").update(category="REPOSTION"), "unknown category 'REPOSTION'"),
    ("unknown metadata key", "target_rules.json",
     lambda d: _first(d["target_rules"], "APPROACH_OPEN").update(metadata={"strenght": "explicit"}), "strenght"),
    ("metadata value of the wrong kind", "target_rules.json",
     lambda d: _first(d["target_rules"], "APPROACH_OPEN").update(metadata={"strength": "very"}), "strength"),
    ("regex that does not compile", "age_rules.json",
     lambda d: d["target_rules"][0].update(pattern="(\\d{1,3} years"), "age_rules.json"),
    ("the same rule twice", "target_rules.json",
     lambda d: d["target_rules"].append(dict(d["target_rules"][0])), "given twice"),
    ("missing lexicon key", "lexicon.json", lambda d: d.pop("relatives"), "missing key 'relatives'"),
    ("lexicon names a section no rule has", "lexicon.json",
     lambda d: d["section_scope"]["excluded"].append("histroy"), "'histroy'"),
    ("unknown ConText category", "context_rules.json",
     lambda d: d["context_rules"][0].update(category="HYPOTHETICALLY"), "unknown category 'HYPOTHETICALLY'"),
    ("HL7 date field of an unknown kind", "normalization.json",
     lambda d: d["hl7_segments"]["date_fields"].update({"PV1-44": "admission"}), "'PV1-44'"),
    ("section rule with a Sectionizer setting that would be ignored", "section_rules.json",
     lambda d: d["section_rules"][0].update(max_scope=3), "max_scope"),
]


@pytest.mark.parametrize("kind,name,change,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_rule_file_is_refused_when_the_component_is_built(tmp_path, kind, name, change, message):
    folder = _folder_with(tmp_path, name, change)
    with pytest.raises(RuleError) as refused:
        _build(folder)
    assert message in str(refused.value) and name.split(".")[0] in str(refused.value)


def test_a_folder_missing_a_rule_file_is_refused_at_build_time(tmp_path):
    folder = copy_default_patterns(tmp_path / "rules")
    (folder / "lexicon.json").unlink()
    with pytest.raises(RuleError, match="lexicon.json"):
        _build(folder)


def test_the_shipped_rules_pass(tmp_path):
    folder = copy_default_patterns(tmp_path / "rules")
    assert sorted(p.name for p in folder.iterdir()) == sorted(RULE_FILES)
    _build(folder)
