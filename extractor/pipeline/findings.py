"""From matched spans (with their ConText modifiers and sections) to the note's findings.

The matcher finds words; this module decides what they mean together: which object a
moving verb acts on, whether the act was performed in this encounter, by which approach,
under which guidance. Each decision leaves evidence spans and plain-words reasons.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from spacy.tokens import Doc, Span

from ..model import Evidence, Findings
from .age import age_mentions

NOUN_LABELS = frozenset({"ECMO_CANNULA", "OTHER_DEVICE", "DPC", "PATIENT", "NON_DEVICE"})
APPROACH_LABELS = frozenset({"APPROACH_PERCUTANEOUS", "APPROACH_OPEN", "APPROACH_CENTRAL"})
AGE_LABELS = frozenset({"AGE", "DOB", "SERVICE_DATE"})
RULING_OUT = {
    "NEGATED_EXISTENCE": "negated",
    "HYPOTHETICAL": "planned, considered or deferred, not performed",
    "HISTORICAL": "history, not this encounter",
    "POSSIBLE_EXISTENCE": "uncertain",
}
OXYGENATOR = re.compile(r"\b(?:oxygenator|oxy-?rvad|ecmo|ecls|membrane lung)\b", re.I)
DATE_LIKE = re.compile(r"^\d{1,2}/\d{1,2}(?:/\d{2,4})?$|^\d{4}-\d{2}-\d{2}$")
NO_OXYGENATOR = re.compile(r"\b(?:no|without(?: an?)?)\s+oxygenator\b", re.I)

SectionOf = Callable[[Span], Optional[str]]


@dataclass
class Mention:
    """A moving verb (or noun) and the object it was linked to."""

    action: Span
    device: Optional[Span]
    blocked_by: Optional[tuple[str, Span]]
    section: Optional[str]


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
    kept: list[Span] = []
    by_family: dict[str, list[Span]] = {}
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        group = by_family.setdefault(family(span.label_), [])
        if group and span.start < group[-1].end:
            if (span.end - span.start) > (group[-1].end - group[-1].start):
                group[-1] = span
            continue
        group.append(span)
    for group in by_family.values():
        kept.extend(group)
    return sorted(kept, key=lambda s: (s.start, s.end))


def _meta(span: Span) -> dict:
    rule = span._.target_rule
    return (rule.metadata or {}) if rule is not None else {}


def _blocking_modifier(span: Span) -> Optional[tuple[str, Span]]:
    for modifier in span._.modifiers:
        if modifier.category in RULING_OUT:
            start, end = modifier.modifier_span
            return modifier.category, span.doc[start:end]
    return None


def _snippet(doc: Doc, *spans: Span) -> str:
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    if end - start > 14:
        return " ... ".join(s.text for s in sorted(spans, key=lambda s: s.start))
    return " ".join(doc[start:end].text.split())


def _ev(label: str, span: Span, section: Optional[str]) -> Evidence:
    return Evidence(label, span.text, span.start_char, span.end_char, section)


class FindingsBuilder:
    """Reads one processed Doc into Findings. Word lists come from `patterns/lexicon.json`."""

    def __init__(self, lexicon: dict) -> None:
        self.lexicon = lexicon
        self.words = {key: frozenset(value) for key, value in lexicon.items() if isinstance(value, list)}
        self.established_run = re.compile(lexicon["established_run_pattern"], re.I)

    # -- linking a verb to its object --------------------------------------------------
    def link(self, doc: Doc, action: Span, nouns: list[Span]) -> Optional[Span]:
        sent = action.sent
        before = [n for n in nouns if sent.start <= n.start and n.end <= action.start]
        after = [n for n in nouns if action.end <= n.start and n.end <= sent.end]
        candidate_after = None
        if after:
            gap = doc[action.end:after[0].start]
            if len(gap) <= 6 and not any(t.lower_ in self.words["link_blockers"] for t in gap):
                candidate_after = after[0]
        candidate_before = before[-1] if before else None
        nominal = action.root.lower_ in self.words["nominal_actions"]
        for candidate in ((candidate_after, candidate_before) if nominal else (candidate_before, candidate_after)):
            if candidate is not None:
                return candidate
        return self._antecedent(doc, action, nouns)

    def _antecedent(self, doc: Doc, action: Span, nouns: list[Span]) -> Optional[Span]:
        """'Impella repositioned; withdrawn 2 cm' - an elided or pronoun subject."""
        sent = action.sent
        lead = [t for t in doc[sent.start:action.start] if not t.is_space and not t.is_punct]
        following = next((t for t in doc[action.end:sent.end] if not t.is_space), None)
        object_pronoun = following is not None and following.lower_ in self.words["anaphora_words"]
        pronoun = object_pronoun or any(t.lower_ in self.words["anaphora_words"] for t in lead[:1] + lead[-3:])
        if not pronoun and len(lead) > 1:
            return None
        if not object_pronoun and (following is None or not (following.like_num or following.lower_ in self.words["anaphora_followers"])):
            return None
        if sent.start == 0:
            return None
        previous = doc[sent.start - 1].sent
        # The subject of the previous sentence: its first device, not the last noun ("...over a wire").
        earlier = [n for n in nouns if previous.start <= n.start and n.end <= sent.start and n.label_ != "NON_DEVICE"]
        return earlier[0] if earlier else None

    # -- the parts of the note that count ----------------------------------------------
    def _countable(self, span: Span, section: Optional[str]) -> bool:
        return section not in self.words["procedure_excluded_sections"]

    def _is_posture(self, doc: Doc, action: Span) -> bool:
        following = [t.lower_ for t in doc[action.end:action.end + 4] if not t.is_space]
        return any(w in self.words["posture_words"] for w in following[:3])

    def device_sites(self, doc: Doc, device: Span) -> tuple[bool, bool]:
        """(central, peripheral) words in the cannula's own noun phrase."""
        start = max(device.sent.start, device.start - 6)
        words = [t.lower_ for t in doc[start:device.end]]
        cut = max((i for i, w in enumerate(words) if w in {",", ";", "(", ")", "and", "the", "was", "were"}), default=-1)
        words = words[cut + 1:]
        central = any(w in self.words["central_site_words"] for w in words)
        peripheral = any(w in self.words["peripheral_site_words"] for w in words)
        return central, peripheral

    def build(self, doc: Doc, spans: list[Span], section_of: SectionOf, text: Optional[str] = None) -> Findings:
        """`text` is the Doc's text when the caller has it already (rebuilding it is not free)."""
        text = doc.text if text is None else text
        findings = Findings()
        by_label: dict[str, list[Span]] = {}
        for span in spans:
            by_label.setdefault(span.label_, []).append(span)
        nouns = sorted((s for s in spans if s.label_ in NOUN_LABELS), key=lambda s: s.start)
        cannulae = by_label.get("ECMO_CANNULA", [])
        findings.ecmo_note = bool(by_label.get("ECMO_CONTEXT") or cannulae)
        if not findings.ecmo_note:
            return findings
        findings.ages = age_mentions(doc, [s for s in spans if s.label_ in AGE_LABELS], self.lexicon, section_of, text)
        findings.evidence.extend(m.evidence for m in findings.ages)

        ecmo_context = bool(by_label.get("ECMO_CONTEXT")) or any(
            _meta(c).get("brand") or any(t.lower_ in self.words["ecmo_role_words"] for t in doc[max(c.sent.start, c.start - 4):c.start])
            for c in cannulae)

        positives: list[Mention] = []
        ruled_out: list[str] = []
        review: list[str] = []
        evidence: list[Evidence] = []

        def rule_out(reason: str, *ev: Evidence) -> None:
            if reason not in ruled_out:
                ruled_out.append(reason)
                evidence.extend(ev)

        for action in by_label.get("REPOSITION", []):
            section = section_of(action)
            blocked = _blocking_modifier(action)
            if self._is_posture(doc, action):
                if not blocked:
                    rule_out(f"patient repositioning, not a cannula: '{_snippet(doc, action)}'", _ev("patient", action, section))
                continue
            device = self.link(doc, action, nouns)
            if device is None:
                if blocked and ecmo_context and action.root.lower_ in self.words["nominal_actions"]:
                    category, modifier = blocked
                    rule_out(f"repositioning {RULING_OUT[category]}: '{_snippet(doc, modifier, action)}'",
                             _ev("context", modifier, section_of(modifier)))
                continue
            if device.label_ == "NON_DEVICE":
                continue
            if device.label_ == "PATIENT":
                if not blocked:
                    rule_out(f"patient repositioning, not a cannula: '{_snippet(doc, device, action)}'", _ev("patient", action, section))
                continue
            if device.label_ == "OTHER_DEVICE":
                if not blocked:
                    what = _meta(device).get("device", device.text)
                    rule_out(f"{device.text} ({what}) moved, not an ECMO cannula: '{_snippet(doc, device, action)}'",
                             _ev("other_device", device, section_of(device)), _ev("reposition", action, section))
                continue
            if blocked:
                category, modifier = blocked
                rule_out(f"repositioning {RULING_OUT[category]}: '{_snippet(doc, modifier, action)}'",
                         _ev("context", modifier, section_of(modifier)), _ev("reposition", action, section))
                continue
            if not self._countable(action, section):
                rule_out(f"repositioning mentioned under {section}, not as the procedure performed: '{_snippet(doc, action, device)}'",
                         _ev("reposition", action, section))
                continue
            if device.label_ == "DPC":
                review.append(f"a distal perfusion cannula was adjusted ('{_snippet(doc, device, action)}'): not clearly an ECMO cannula repositioning")
                evidence.append(_ev("device", device, section_of(device)))
                continue
            if _meta(device).get("kind") == "protekduo":
                if NO_OXYGENATOR.search(text) or not OXYGENATOR.search(text):
                    if NO_OXYGENATOR.search(text) or re.search(r"\brvad\b", text, re.I):
                        rule_out(f"{device.text} without an oxygenator is an RVAD, not an ECMO cannula", _ev("other_device", device, section_of(device)))
                    else:
                        review.append(f"{device.text} moved, but the note does not say whether an oxygenator is in the circuit (ECMO) or not (RVAD)")
                        evidence.append(_ev("device", device, section_of(device)))
                    continue
            elif not ecmo_context:
                rule_out(f"a cannula was moved but the note does not say it is an ECMO/ECLS cannula: '{_snippet(doc, action, device)}'")
                continue
            positives.append(Mention(action, device, None, section))

        # Events in the same session that mean this is not a separately coded repositioning.
        established_run = bool(self.established_run.search(text))
        insertion = self._same_session_event(doc, by_label.get("INSERTION", []), nouns, section_of,
                                             needs_link=lambda s: not _meta(s).get("strong"), established_run=established_run,
                                             actions=by_label.get("REPOSITION", []))
        exchange = self._same_session_event(doc, by_label.get("EXCHANGE", []), nouns, section_of, needs_link=lambda s: True)
        removal = self._same_session_event(doc, by_label.get("REMOVAL", []), nouns, section_of,
                                           needs_link=lambda s: not s.root.lower_.startswith("decannul"))
        if exchange is not None:
            rule_out(f"cannula exchanged/replaced: removal plus insertion, not repositioning (R2): '{_snippet(doc, exchange)}'",
                     _ev("exchange", exchange, section_of(exchange)))
        if positives and insertion is not None:
            rule_out(f"adjusted during the cannula's own insertion session: included in the insertion code (R1): '{_snippet(doc, insertion)}'",
                     _ev("insertion", insertion, section_of(insertion)))
            positives = []
        if positives and exchange is not None:
            positives = []
        if positives and removal is not None:
            withdraw = self.words["withdraw_words"]
            if all(m.action.root.lower_ in withdraw for m in positives):
                rule_out(f"cannula removed (decannulation), not repositioned: '{_snippet(doc, removal)}'",
                         _ev("removal", removal, section_of(removal)))
                positives = []
            else:
                findings.notes.append(f"a cannula was also removed in this session (coded separately): '{_snippet(doc, removal)}'")

        findings.ruled_out = ruled_out
        findings.evidence.extend(evidence)
        if review and not positives:
            findings.reposition = True
            findings.review = review
            return findings
        if not positives:
            return findings

        findings.reposition = True
        findings.review = review
        for mention in positives:
            findings.evidence.append(_ev("reposition", mention.action, mention.section))
            findings.evidence.append(_ev("device", mention.device, section_of(mention.device)))
        self._approach(doc, findings, positives, by_label, section_of)
        self._fluoroscopy(findings, by_label.get("FLUOROSCOPY", []), section_of)
        return findings

    def _same_session_event(self, doc: Doc, events: list[Span], nouns: list[Span], section_of: SectionOf,
                            needs_link: Callable[[Span], bool], established_run: bool = False,
                            actions: Iterable[Span] = ()) -> Optional[Span]:
        """The first insertion/exchange/removal performed in this session, if any.

        With an ECMO run already under way ("ECMO day 6"), an insertion counts only when it
        is stated as the procedure (its header or the title line), not in passing.
        """
        for event in events:
            section = section_of(event)
            if _blocking_modifier(event) or not self._countable(event, section):
                continue
            if any(a.start < event.end and event.start < a.end for a in actions):
                continue  # "inserted a further 2 cm" moves the cannula; it is not an insertion
            if established_run and section != "procedure" and event.sent.start != 0:
                continue
            later = [t for t in doc[event.end:min(event.sent.end, event.end + 6)] if not t.is_space]
            if any(t.lower_ in self.words["temporal_followers"] and i < 3 or DATE_LIKE.match(t.text) for i, t in enumerate(later)):
                continue
            before = [t.lower_ for t in doc[max(event.sent.start, event.start - 4):event.start] if not t.is_space]
            after = [t.lower_ for t in doc[event.end:event.end + 2] if not t.is_space]
            if any(w in self.words["insertion_skip_preceders"] for w in before) or (after and after[0] in self.words["insertion_skip_followers"]):
                continue
            if needs_link(event):
                device = self.link(doc, event, nouns)
                if device is None or device.label_ != "ECMO_CANNULA":
                    continue
            return event
        return None

    def _approach(self, doc: Doc, findings: Findings, positives: list[Mention], by_label: dict[str, list[Span]],
                  section_of: SectionOf) -> None:
        action_sents = {m.action.sent.start for m in positives}
        action_sections = {m.section for m in positives}
        insertion_sents = {s.sent.start for s in by_label.get("INSERTION", [])}
        cues: dict[str, list[tuple[Span, str]]] = {"APPROACH_PERCUTANEOUS": [], "APPROACH_OPEN": [], "APPROACH_CENTRAL": []}
        for label in cues:
            for cue in by_label.get(label, []):
                strength = _meta(cue).get("strength", "implied")
                section = section_of(cue)
                blocked = _blocking_modifier(cue)
                if strength == "config":
                    if section in {"family_history"} or (blocked and blocked[0] == "NEGATED_EXISTENCE"):
                        continue
                    cues[label].append((cue, strength))
                    continue
                if blocked or not self._countable(cue, section):
                    continue
                nearby = doc[max(cue.sent.start, cue.start - 3):min(cue.sent.end, cue.end + 3)]
                if any(t.lower_ in self.words["insertion_verbs"] for t in nearby):
                    continue  # "placed percutaneously": how the cannula went in, not how it was moved
                in_action_sentence = cue.sent.start in action_sents
                if not in_action_sentence:
                    if strength == "weak" or cue.sent.start in insertion_sents:
                        continue
                    if section not in action_sections and section not in self.words["approach_sections"] and cue.sent.start != 0:
                        continue
                cues[label].append((cue, strength))

        central_device = peripheral_device = False
        for mention in positives:
            central, peripheral = self.device_sites(doc, mention.device)
            central_device |= central and not peripheral
            peripheral_device |= peripheral and not central
        central_cues = [c for c, s in cues["APPROACH_CENTRAL"] if s != "config"]
        config_central = [c for c, s in cues["APPROACH_CENTRAL"] if s == "config"]
        open_cues = [c for c, s in cues["APPROACH_OPEN"]]
        perc_explicit = [c for c, s in cues["APPROACH_PERCUTANEOUS"] if s == "explicit"]
        perc_cues = [c for c, s in cues["APPROACH_PERCUTANEOUS"]]
        open_explicit = [c for c, s in cues["APPROACH_OPEN"] if s == "explicit"]

        def use(label: str, chosen: list[Span]) -> None:
            findings.evidence.extend(_ev("approach", c, section_of(c)) for c in chosen[:3])

        if central_cues or central_device or (config_central and not peripheral_device):
            if central_cues and peripheral_device and not central_device:
                findings.review.append("a peripheral cannula was repositioned through the chest (sternotomy/thoracotomy): no code fits cleanly (R12)")
                use("central", central_cues)
                return
            findings.approach = "central"
            use("central", central_cues or config_central)
            return
        if open_cues and perc_explicit and open_explicit:
            findings.approach_conflict = True
            use("open", open_explicit)
            use("percutaneous", perc_explicit)
            return
        if open_cues:
            findings.approach = "open"
            use("open", open_cues)
            return
        if perc_cues:
            findings.approach = "percutaneous"
            use("percutaneous", perc_explicit or perc_cues)

    def _fluoroscopy(self, findings: Findings, mentions: list[Span], section_of: SectionOf) -> None:
        used = [m for m in mentions if not _blocking_modifier(m) and self._countable(m, section_of(m))]
        findings.fluoroscopy = bool(used)
        if used:
            findings.evidence.append(_ev("fluoroscopy", used[0], section_of(used[0])))
            findings.notes.append("fluoroscopic guidance recorded: included in the repositioning code, not billed separately")
