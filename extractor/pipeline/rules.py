"""Where the rule files live and how they are read.

The files in `patterns/` ship inside the wheel as the `extractor.patterns` package data;
a caller may point the component at a copy of the directory to use rules of their own.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Optional, Union

RULE_FILES = ("target_rules.json", "age_rules.json", "context_rules.json", "section_rules.json", "lexicon.json")


def default_patterns_dir() -> Path:
    return Path(str(resources.files("extractor.patterns")))


def read_rule_files(patterns_dir: Optional[Union[str, Path]] = None) -> dict[str, dict]:
    """All rule files of a patterns directory, parsed, keyed by file name."""
    directory = Path(patterns_dir) if patterns_dir else default_patterns_dir()
    rules = {}
    for name in RULE_FILES:
        with open(directory / name, encoding="utf-8") as handle:
            rules[name] = json.load(handle)
    return rules
