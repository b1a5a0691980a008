"""The `ecmo_cpt` spaCy component: medspaCy rules in, findings and a suggested code out.

Inside, in order: the note's text is normalised (`normalize.py`) and read into a Doc of our
own, with our own line-aware sentences, so that neither a host pipeline's sentence
boundaries nor its ConText can change our answer; then medspaCy's TargetMatcher with our
target and age rules, medspaCy's ConText with its default rules plus ours, the note's layout
(sections, document kind, claim lines: `document.py`) and time (`timeline.py`), then our
findings builder. Evidence offsets are mapped back to the text as given. Matches go to the
span group `ecmo_cpt` of the caller's Doc (never `doc.ents`); results to
`doc._.ecmo_findings` and `doc._.ecmo_cpt`. Rules travel with `nlp.to_disk()`. How the
medspaCy matchers are made fast without changing their answers: `matching.py`.
"""

import json
import re
import shutil
from bisect import bisect_right
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

import orjson
import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ..model import AgeMention, Evidence, Findings, Meta
from .age import note_date_order, parse_date
from .document import LayoutReader
from .matching import LOWER_KEY, TEXT_KEY, speed_layer, use_gated_matchers, use_target_sentence_matches
from .findings import FindingsBuilder, prune_overlapping
from .normalize import NormalizedText, Normalizer
from .prefilter import Prefilter
from .rules import RULE_FILES, as_phrase_rule_list, read_rule_files
from . import tables
from .sections import SectionFinder
from .sentences import set_sentence_starts
from .target_rule import metadata_of
from .timeline import TimeCues, Timeline
from .tokenizer_cache import TokenizerWarmer
from .validation import RuleError, validate_rules

import medspacy  # noqa: E402
from medspacy.context import ConText, ConTextRule  # noqa: E402
from medspacy.section_detection import SectionRule  # noqa: E402
from medspacy.common.medspacy_matcher import MedspacyMatcher  # noqa: E402
from medspacy.target_matcher import TargetMatcher, TargetRule  # noqa: E402

SPAN_GROUP = "ecmo_cpt"
# The labels whose ConText modifiers the findings builder reads.
CONTEXT_TARGETS = frozenset({"REPOSITION", "INSERTION", "EXCHANGE", "REMOVAL", "FLUOROSCOPY", "ECMO_CONTEXT",
                             "APPROACH_PERCUTANEOUS", "APPROACH_OPEN", "APPROACH_CENTRAL"})
DEFAULT_CONTEXT_RULES = Path(medspacy.__file__).resolve().parent.parent / "resources" / "en" / "context_rules.json"


def _findings(doc: Doc) -> Optional[Findings]:
    data = doc._.ecmo_findings_data
    return Findings.from_dict(orjson.loads(data)) if data is not None else None


# Findings are kept as a JSON string so a Doc stays serialisable (nlp.pipe(n_process=2), DocBin):
# not as a dict, because medspaCy's msgpack hook decodes any dict with a "section" key as its own.
# (`doc._.ecmo_cpt`, the output record, is the contract's: extractor.contract)
for _name, _kwargs in (("ecmo_findings_data", {"default": None}), ("ecmo_findings", {"getter": _findings}),
                       ("ecmo_meta", {"default": None})):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, **_kwargs)


@Language.factory(
    "ecmo_cpt",
    default_config={"patterns_dir": None, "span_group": SPAN_GROUP, "context_max_scope": 8, "speed_layer": True,
                    "share_host_tokenizer": False},
    assigns=["doc._.ecmo_findings_data", "doc.spans"],
)
def make_ecmo_cpt(nlp: Language, name: str, patterns_dir: Optional[str], span_group: str,
                  context_max_scope: int, speed_layer: bool, share_host_tokenizer: bool) -> "EcmoCpt":
    return EcmoCpt(nlp, name, patterns_dir=patterns_dir, span_group=span_group, context_max_scope=context_max_scope,
                   speed_layer=speed_layer, share_host_tokenizer=share_host_tokenizer)


def _own_nlp(host: Language, share_tokenizer: bool) -> Language:
    """What we tokenize and match with: spaCy's English defaults, whatever tokenizer the host
    pipeline has (medSpaCy's splits 'PATIENT_AGE:' otherwise), sharing an English host's vocab,
    and, when asked, its tokenizer too if that is exactly spaCy's English one."""
    if host.lang != "en":
        return spacy.blank("en")
    if share_tokenizer and _is_english_default(host.tokenizer):
        return English(vocab=host.vocab, create_tokenizer=lambda _: host.tokenizer)
    return spacy.blank("en", vocab=host.vocab)


def _is_english_default(tokenizer: Any) -> bool:
    """The tokenizer has spaCy's English settings, unchanged (special cases, affixes, matchers)."""
    if not isinstance(tokenizer, Tokenizer):
        return False
    defaults = English.Defaults

    def pattern(method: Any) -> Optional[str]:
        return getattr(getattr(method, "__self__", None), "pattern", None)

    return (tokenizer.rules == defaults.tokenizer_exceptions
            and pattern(tokenizer.prefix_search) == compile_prefix_regex(defaults.prefixes).pattern
            and pattern(tokenizer.suffix_search) == compile_suffix_regex(defaults.suffixes).pattern
            and pattern(tokenizer.infix_finditer) == compile_infix_regex(defaults.infixes).pattern
            and tokenizer.token_match == defaults.token_match and tokenizer.url_match == defaults.url_match
            and tokenizer.faster_heuristics)


class EcmoCpt:
    """Finds ECMO cannula repositioning, its approach, guidance and the patient's age."""

    def __init__(self, nlp: Language, name: str = "ecmo_cpt", patterns_dir: Optional[str] = None,
                 span_group: str = SPAN_GROUP, context_max_scope: int = 8, speed_layer: bool = True,
                 share_host_tokenizer: bool = False) -> None:
        """`speed_layer=False` turns off every shortcut that only saves work (token patterns as
        phrases, first-word splits, literal gates on regexes, token matchers and the
        normaliser, ConText limited to sentences with a target): the answers are the same,
        slower; for checking that they are (tests/test_fast_path.py). `share_host_tokenizer=True`
        tokenizes with the host's own tokenizer when that is exactly spaCy's English one (a
        second costs 60 ms of start-up): only for a host whose tokenizer nobody changes after,
        as `extractor.load()`'s."""
        self.nlp = nlp
        self.speed_layer = speed_layer
        self.own_nlp = _own_nlp(nlp, share_host_tokenizer)
        self.name = name
        self.span_group = span_group
        self.context_max_scope = context_max_scope
        self._context_group = f"{span_group}_context_targets"
        self._missing: Optional[Exception] = None
        self._warmer = TokenizerWarmer()
        if patterns_dir is not None and not Path(patterns_dir).is_dir():
            # spacy.load() of a saved pipeline whose patterns_dir is not on this machine:
            # from_disk() brings the saved copy of the rules; used without it, the component
            # says what is missing. A folder that is there must be whole (read_rule_files).
            self.rules, self._missing = {}, FileNotFoundError(f"no rule folder {patterns_dir}")
            return
        self.rules = read_rule_files(patterns_dir)
        self._build()

    def _build(self) -> None:
        validate_rules(self.rules)
        nlp, rules = self.own_nlp, self.rules
        tokenize = nlp.tokenizer
        targets = rules["target_rules.json"]["target_rules"] + rules["age_rules.json"]["target_rules"]
        self.target_matcher = TargetMatcher(nlp, name=f"{self.name}_targets", result_type=None, prune=False)
        as_rules = (lambda rules: as_phrase_rule_list(rules, tokenize)) if self.speed_layer else list
        self.target_matcher.add([TargetRule.from_dict(r) for r in as_rules(targets)])
        self.sections = SectionFinder([SectionRule.from_dict(r) for r in rules["section_rules.json"]["section_rules"]])
        self.layout = LayoutReader(self.sections, rules["lexicon.json"]["document"],
                                   rules["lexicon.json"]["section_scope"]["excluded"])
        self.normalizer = Normalizer(rules["normalization.json"], _rule_words(rules["target_rules.json"]["target_rules"]),
                                     rules["lexicon.json"]["other_person"]["other_patient_field"])
        self.prefilter = Prefilter(rules["target_rules.json"]["target_rules"],
                                   rules["normalization.json"].get("prefilter_stems", []), tokenize)
        terminating = {k: v for k, v in rules["context_rules.json"].get("_terminating_types", {}).items()
                       if not k.startswith("_")}
        self.context = ConText(nlp, name=f"{self.name}_context", rules=None, terminating_types=terminating,
                               input_span_type="group", span_group_name=self._context_group)
        self.context.add([ConTextRule.from_dict(r) for r in self._context_rules(rules["context_rules.json"])])
        # (the gated matchers stay when the speed layer is off, their gates open: they also map
        # a regex match to tokens as the rest of the component does)
        for matcher in _medspacy_matchers(self.target_matcher, self.context):
            use_gated_matchers(matcher)
        if self.speed_layer:
            use_target_sentence_matches(self.context, self._context_group)
        self.time_cues = TimeCues(rules["lexicon.json"]["time"])
        self.date_columns = {kind: re.compile(name, re.I) for kind, name in rules["lexicon.json"]["date_columns"].items()}
        self.builder = FindingsBuilder(rules["lexicon.json"])

    def _context_rules(self, ours: dict) -> list[dict]:
        """medspaCy's default ConText rules, bounded to a window inside the sentence, plus ours.

        Defaults that misfire in ECMO notes are dropped by literal ("return" is a cannula's
        role here, not a return visit), and where one of our rules names the same phrase,
        ours decides its category.
        """
        tokenize = self.own_nlp.tokenizer
        drop = set(ours.get("_drop_default_literals", []))
        with open(DEFAULT_CONTEXT_RULES, encoding="utf-8") as handle:
            defaults = [r for r in json.load(handle)["context_rules"] if r["literal"] not in drop]
        for rule in defaults:
            if rule.get("max_scope") is None:
                rule["max_scope"] = self.context_max_scope
        own = as_phrase_rule_list(ours["context_rules"], tokenize)
        own_phrases = {r["literal"].lower() for r in own if r.get("pattern") is None}
        if not self.speed_layer:  # the same rules, as written
            own = list(ours["context_rules"])
            return own + [r for r in defaults if not any(
                p.get("pattern") is None and p["literal"].lower() in own_phrases for p in as_phrase_rule_list([r], tokenize))]
        defaults = [r for r in as_phrase_rule_list(defaults, tokenize)
                    if r.get("pattern") is not None or r["literal"].lower() not in own_phrases]
        return own + defaults

    def __call__(self, doc: Doc) -> Doc:
        with speed_layer(self.speed_layer):
            return self._annotate(doc)

    def _annotate(self, doc: Doc) -> Doc:
        if self._missing is not None:
            raise ValueError(f"ecmo_cpt: rule files not found ({self._missing})")
        text = doc.user_data.get(TEXT_KEY)  # left by extractor.load()'s make_doc (spaCy never alters text)
        ours = isinstance(text, str)
        if not ours:
            text = doc.text
        normalized = self.normalizer(text)
        # Our own Doc unless the caller's is one extractor.load() made of this very text: a
        # host's sentence boundaries, entities and ConText never reach what we read.
        if ours and normalized.text == text:
            work = doc
        else:
            if self.speed_layer:
                self._warmer.warm(self.own_nlp.tokenizer, normalized.text)
            work = self.own_nlp.tokenizer(normalized.text)
        if work is doc:
            host = None
            if not doc.has_annotation("SENT_START"):
                set_sentence_starts(doc, text)
        else:
            host = _extension_values(doc)
            set_sentence_starts(work, normalized.text)
            if not doc.has_annotation("SENT_START"):
                set_sentence_starts(doc, text)  # a Doc without sentences gets ours, as a courtesy
        work.user_data[TEXT_KEY] = normalized.text
        work.user_data[LOWER_KEY] = normalized.text.lower()
        try:
            spans = self._target_spans(work)
            field_dates = normalized.field_dates + tuple(tables.date_cells(normalized.text, self.date_columns))
            if field_dates:
                spans = _with_field_dates(work, spans, field_dates)
            work.spans[self.span_group] = spans
            # ConText checks every target against every modifier, so it is given only the
            # spans whose assertion the findings read (modifiers do not depend on targets).
            work.spans[self._context_group] = [s for s in spans if s.label_ in CONTEXT_TARGETS]
            self.context(work)
            del work.spans[self._context_group]
            layout = self.layout(normalized.text)
            caller = _caller_meta(doc._.ecmo_meta)  # (parsed once: the dates below all read it)
            dayfirst = note_date_order(normalized.text, self._service_date(caller, []))
            timeline = Timeline(normalized.text, layout.enclosing_headers,
                                self._service_date(caller, spans, dayfirst, layout.note_starts[:1]), self.time_cues, dayfirst,
                                [start for start, _, _ in layout.parts], caller.dob if caller is not None else None)
            findings = self.builder.build(work, list(work.spans[self.span_group]), layout, timeline,
                                          normalized.text, dayfirst)
            if normalized.text != normalized.original:  # same-length repairs leave no steps
                findings = _on_original(findings, normalized)
            doc._.ecmo_findings_data = orjson.dumps(findings).decode()  # orjson writes dataclasses and dates
        finally:
            work.user_data.pop(TEXT_KEY, None)
            work.user_data.pop(LOWER_KEY, None)
            doc.user_data.pop(TEXT_KEY, None)
        if work is doc:
            _drop_objects(doc)
        else:
            _copy_spans(work, doc, normalized, self.span_group, host)
        return doc

    def _target_spans(self, doc: Doc) -> list[Span]:
        """`prune_overlaps(self.target_matcher(doc))`, with Spans made only for the matches
        that stay: medspaCy makes and annotates a Span for every match, a third of its time.

        As there, a Span's `target_rule` (and any rule attributes) is that of the last match
        at its offsets (span extensions are stored by offsets, so the last one set wins); where
        spans of two labels share offsets, `ecmo_rules` keeps each label's (`target_rule.rule_of`)."""
        (matcher,) = _medspacy_matchers(self.target_matcher)
        rules, strings = matcher.rule_map, doc.vocab.strings
        found = []
        rule_at: dict[tuple[int, int], Any] = {}
        rules_at: dict[tuple[int, int], dict[str, Any]] = {}  # (per label: see target_rule.py)
        attributes_at: dict[tuple[int, int], dict[str, Any]] = {}
        for rule_id, start, end in matcher(doc):
            rule = rules[strings[rule_id]]
            found.append((start, end, rule.category, None))
            rule_at[start, end] = rule
            rules_at.setdefault((start, end), {})[rule.category] = rule
            if rule.attributes:
                attributes_at.setdefault((start, end), {}).update(rule.attributes)
        spans = []
        for start, end, label, _ in prune_overlapping(found):
            span = Span(doc, start=start, end=end, label=label)
            extensions = span._  # (a new Underscore object at each `span._`)
            extensions.target_rule = rule_at[start, end]
            if len(rules_at[start, end]) > 1:
                extensions.ecmo_rules = rules_at[start, end]
            for attribute, value in attributes_at.get((start, end), {}).items():
                setattr(extensions, attribute, value)
            spans.append(span)
        return spans

    @staticmethod
    def _service_date(meta: Any, spans: list[Span], dayfirst: Optional[bool] = None,
                      first_note: Iterable[int] = ()) -> Optional[Any]:
        """The date of service the note's times are read against: the caller's, else the
        note's own header ("DOS: 03/13/2026"), the best-ranked one first; in a bundle of notes,
        the bundle's header ("ENCOUNTER DATE 09/09/2026") before any one note's own date."""
        caller = _caller_meta(meta)
        if caller is not None and caller.service_date is not None:
            return caller.service_date
        bundle_start = next(iter(first_note), 0)
        dated = [(not s.start_char < bundle_start, int(_meta_of(s).get("rank", 1)), s.start, parse_date(s.text, dayfirst))
                 for s in spans if s.label_ == "SERVICE_DATE"]
        dated = sorted(d for d in dated if d[3] is not None)
        return dated[0][3] if dated else None

    def could_be_ecmo_note(self, text: str) -> bool:
        """False only when this component would find no ECMO word or cannula in the text (then
        the answer depends on the caller's metadata alone, and spaCy need not run)."""
        return self.prefilter(text)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- serialisation: the rules travel with the pipeline --------------------------
    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = ()) -> None:
        if self._missing is not None:
            raise ValueError(f"ecmo_cpt: rule files not found ({self._missing})")
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in RULE_FILES:
            with open(path / name, "w", encoding="utf-8") as handle:
                json.dump(self.rules[name], handle, indent=1)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = ()) -> "EcmoCpt":
        self.rules = read_rule_files(path)  # a partial folder is refused, naming what is missing
        self._missing = None
        self._build()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        if self._missing is not None:
            raise ValueError(f"ecmo_cpt: rule files not found ({self._missing})")
        return orjson.dumps(self.rules)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "EcmoCpt":
        rules = orjson.loads(data)
        missing = [name for name in RULE_FILES if name not in rules]
        if missing:
            raise RuleError(f"ecmo_cpt: serialised rules lack {', '.join(missing)}")
        self.rules, self._missing = rules, None
        self._build()
        return self


def _medspacy_matchers(*components: Any) -> list[MedspacyMatcher]:
    """The MedspacyMatcher inside each medSpaCy component (a private attribute in medspaCy 1.3)."""
    found = []
    for component in components:
        for key, value in vars(component).items():
            if isinstance(value, MedspacyMatcher):
                found.append(value)
    return found


def _extension_values(doc: Doc) -> dict:
    return {key: value for key, value in doc.user_data.items() if isinstance(key, tuple) and key[:1] == ("._.",)}


_PLAIN = (str, int, float, bool, type(None))
_OURS = frozenset({"ecmo_meta", "ecmo_findings_data"})  # the caller's metadata stays, whatever its type


def _rule_words(target_rules: list[dict]) -> set[str]:
    """The words the target rules look for (literals and word-list patterns): what OCR repair
    may read a broken word as."""
    words: set[str] = set()
    for rule in target_rules:
        words.update(w for w in rule["literal"].lower().split() if w.isalpha())
        pattern = rule.get("pattern")
        if isinstance(pattern, list):
            for token in pattern:
                for value in token.values():
                    choices = value.get("IN", []) if isinstance(value, dict) else [value]
                    words.update(w.lower() for w in choices if isinstance(w, str) and w.isalpha())
    return words


# What a date read from an HL7 field is (normalization.json, hl7_segments.date_fields): the
# date of service ranks below one the text names "Date of service:" and with a plain "Date:".
_FIELD_DATE_RULES = {
    "dos": TargetRule(literal="HL7 date of service field", category="SERVICE_DATE", metadata={"kind": "dos", "rank": 2}),
    "dob": TargetRule(literal="HL7 date of birth field", category="DOB", metadata={"kind": "dob"}),
}


def _caller_meta(meta: Any) -> Optional[Meta]:
    """The caller's metadata as a `Meta`: as given, or parsed from a dict (None when it is
    neither, or not valid)."""
    if isinstance(meta, Meta):
        return meta
    if isinstance(meta, dict):
        from ..metadata import parse_meta
        try:
            return parse_meta(meta)
        except ValueError:
            return None
    return None



def _with_field_dates(doc: Doc, spans: list[Span], field_dates: tuple[tuple[str, int, int], ...]) -> list[Span]:
    """The matched spans and, where no match covers it, a span for each date read from an HL7
    field or a table's date-of-birth or date-of-service column."""
    added = []
    for kind, start, end in field_dates:
        span = doc.char_span(start, end, label=_FIELD_DATE_RULES[kind].category, alignment_mode="expand")
        if span is None:
            continue
        # (a date field is a date: an "age" read in its digits - "2019-04-02<TAB>M" - gives way)
        spans = [s for s in spans if not (s.label_ == "AGE" and s.start < span.end and span.start < s.end)]
        if any(s.start < span.end and span.start < s.end for s in spans):
            continue
        span._.target_rule = _FIELD_DATE_RULES[kind]
        added.append(span)
    return sorted(spans + added, key=lambda s: (s.start, s.end)) if added else spans


def _meta_of(span: Span) -> dict:
    return metadata_of(span)


def _drop_objects(doc: Doc) -> None:
    """medspaCy's rule, modifier and graph objects cannot be serialised with the Doc
    (nlp.pipe(n_process=2), DocBin): once our findings are built, only plain values stay."""
    for key, value in list(_extension_values(doc).items()):
        if not isinstance(value, _PLAIN) and key[1] not in _OURS:
            del doc.user_data[key]


def _copy_spans(work: Doc, doc: Doc, normalized: NormalizedText, span_group: str, host: dict) -> None:
    """Our matches on the caller's Doc, at the offsets of the text as given, with their plain
    ConText attributes; where the host has a span at the same offsets, its values stay."""
    host_offsets = {(e.start_char, e.end_char) for e in doc.ents}
    for name, group in doc.spans.items():
        if name != span_group:
            host_offsets.update((s.start_char, s.end_char) for s in group)
    values: dict[tuple[int, int], dict[str, Any]] = {}
    for key, value in _extension_values(work).items():
        if len(key) == 4 and isinstance(value, _PLAIN):
            values.setdefault((key[2], key[3]), {})[key[1]] = value
    copied = []
    for span in work.spans[span_group]:
        start, end = normalized.original_span(span.start_char, span.end_char)
        mapped = doc.char_span(start, end, label=span.label_, alignment_mode="expand")
        if mapped is None or not len(mapped):
            continue
        copied.append(mapped)
        offsets = (mapped.start_char, mapped.end_char)
        if offsets in host_offsets:
            continue
        for name, value in values.get((span.start_char, span.end_char), {}).items():
            doc.user_data[("._.", name, *offsets)] = value
    doc.spans[span_group] = copied
    doc.user_data.update(host)


def _on_original(findings: Findings, normalized: NormalizedText) -> Findings:
    """The same findings with every evidence span at its offsets in the text as given, quoting it."""
    original = normalized.original

    def moved(evidence: Evidence) -> Evidence:
        start, end = normalized.original_span(evidence.start, evidence.end)
        return Evidence(evidence.label, original[start:end], start, end, evidence.section)

    findings.evidence = [moved(e) for e in findings.evidence]
    findings.ages = [AgeMention(**{**vars(m), "evidence": moved(m.evidence)}) for m in findings.ages]
    findings.acts = [type(a)(**{**vars(a), "action": moved(a.action), "device": moved(a.device)}) for a in findings.acts]
    return findings


def copy_default_patterns(destination: Union[str, Path]) -> Path:
    """Copy the packaged rule files somewhere editable (to start a custom rule set)."""
    from .rules import default_patterns_dir
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    for name in RULE_FILES:
        shutil.copy(default_patterns_dir() / name, destination / name)
    return destination
