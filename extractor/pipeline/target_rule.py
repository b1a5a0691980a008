"""Which target rule found a span.

spaCy keeps a Span's extension values by its character offsets alone, so two spans at the
same offsets ("ECPR": an ECMO word and an insertion) share `span._.target_rule`: whichever was
set last would speak for both. The component also keeps, for each offsets, the rule of each
label (`span._.ecmo_rules`); `rule_of` reads the span's own.
"""
from __future__ import annotations

from typing import Any, Optional

from spacy.tokens import Span

if not Span.has_extension("ecmo_rules"):
    Span.set_extension("ecmo_rules", default=None)


def rule_of(span: Span) -> Optional[Any]:
    """The target rule that found this span (of its label)."""
    extensions = span._  # (spaCy makes a new Underscore object at each `span._`)
    rules = extensions.ecmo_rules
    if rules:
        rule = rules.get(span.label_)
        if rule is not None:
            return rule
    return extensions.target_rule


def metadata_of(span: Span) -> dict:
    rule = rule_of(span)
    return (rule.metadata or {}) if rule is not None else {}
