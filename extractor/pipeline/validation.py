"""Rule files are checked when the component is built, with errors that name the file and rule.

A typo in a category ("REPOSTION") would otherwise match nothing and silently give "no
code"; a missing lexicon key would surface mid-call as a KeyError. Checked here: every file
is there; categories, directions and metadata keys and values are known; regexes compile;
lexicon keys the code reads are present with the right type; section categories the lexicon
names exist; no rule is given twice.
"""
from __future__ import annotations

import re
from typing import Any

from .matching import required_words

TARGET_METADATA: dict[str, dict[str, Any]] = {
    "REPOSITION": {"form": {"noun_or_verb", "verb_before_object"}, "kind": {"withdraw"}},
    "ECMO_CANNULA": {"brand": bool, "kind": {"protekduo"}, "needs_ecmo_on_line": bool, "not_ecmo_evidence": bool},
    "OTHER_DEVICE": {"device": str},
    "DPC": {},
    "PATIENT": {},
    "NON_DEVICE": {},
    "INSERTION": {"strong": bool, "act": bool},
    "EXCHANGE": {},
    "REMOVAL": {},
    "APPROACH_PERCUTANEOUS": {"strength": {"explicit", "implied", "weak", "config"}, "in_act_sentence_only": bool},
    "APPROACH_OPEN": {"strength": {"explicit", "implied", "weak", "config"}},
    "APPROACH_CENTRAL": {"strength": {"explicit", "implied", "weak", "config"}},
    "FLUOROSCOPY": {},
    "ECMO_CONTEXT": {},
    "CONFIG_PERIPHERAL": {},
    "AGE": {"unit": {"years", "months", "weeks", "days", "hours", "fixed"}, "years": int, "sex_suffix": bool, "sex_prefix": bool,
            "labelled": bool, "offset": int, "birthday": bool},
    "DOB": {"kind": {"dob"}},
    "SERVICE_DATE": {"kind": {"dos"}, "rank": int},
}
CONTEXT_CATEGORIES = {"NEGATED_EXISTENCE", "HYPOTHETICAL", "HISTORICAL", "POSSIBLE_EXISTENCE", "FAMILY",
                      "PSEUDO", "TERMINATE", "CLAUSE_BREAK"}
CONTEXT_DIRECTIONS = {"FORWARD", "BACKWARD", "BIDIRECTIONAL", "PSEUDO", "TERMINATE"}
# The lexicon keys the code reads, and their types (dict values: the keys they must hold).
LEXICON: dict[str, Any] = {
    "relatives": list, "possessed_relatives": list, "relative_qualifiers": list, "comparison_words": list, "age_not_current": list, "age_not_current_after": list, "age_excluded_sections": list,
    "french_size_context": list, "patient_nouns": list, "possessives": list, "possessive_markers": list,
    "baby_words": list, "relative_phrase_stops": list, "born_to": str, "paediatric_context": str, "age_column": str,
    "date_columns": {"dob", "dos"},
    "ecmo_role_words": list, "peripheral_site_words": list, "central_site_words": list, "posture_words": list,
    "link_blockers": list, "anaphora_words": list, "anaphora_followers": list, "nominal_actions": list, "document_part_nouns": list,
    "insertion_skip_followers": list, "insertion_place_preceders": list, "phrase_ending_procedures": list, "insertion_skip_preceders": list, "placed_device_nouns": list, "withdraw_words": list,
    "temporal_followers": list, "insertion_verbs": list, "during_insertion": str, "cannula_mentions": list, "arterial_vessels": list, "venous_vessels": list, "insertion_at_an_earlier_occasion": str, "accidental_words": list, "self_moving_verbs": list, "talked_about": str, "teaching_text": str, "approach_of_another_procedure": str, "approach_as_a_finding": str, "generic_statement": str, "chest_not_opened": str, "central_config_ended": str, "seen_on_imaging": str, "accidental_context": str,
    "approach_denied_after": str, "options_lead_in": str, "approach_not_stated": str, "open_insertion": str, "bypass_cannulation": str, "exchanged_thing": {"before", "after"}, "unit_list": {"patient_line", "entry_age", "ecmo_run"}, "moved_device_named": {"after_act", "words_between"}, "charge_item_before": str, "migration_then_fix": str, "central_run_named": str,
    "bypass_words": list, "cannula_like_devices": list, "cannula_words": list, "size_units": list,
    "device_phrase_cut_words": list, "established_run_pattern": str, "run_started_on": str, "device_parts": list,
    "ecmo_line_words": list, "attaching_words": list, "determiners": list,
    "service_nouns": list, "rule_nouns": list, "rule_of_practice": str, "carries_risk": str, "caught_on": str, "taken_there": str, "planned_or_denied": str, "judged_act": str, "field_denies_a_move": str, "dob_doubt_settled": str, "birth_date_label": str, "audit_columns": {"old_value", "new_value"}, "dob_order_in_doubt": str, "degree_words": list, "doing_cue": str, "another_device_placed": str, "todays_heading_line": str, "outcome_lost": str, "general_teaching": str, "procedures_none": str, "attempt_to_move": str, "not_our_practice": str, "converted_to_open": str, "parents_words": str, "status_left_unchecked": str,
    "blank_at_line_end": str, "cannula_untouched": str, "blank_measure": str, "doubt_cues": str, "doubt_it_moved": str, "amendment_pending": str, "not_moved_said": str, "about_midnight": str, "called_wrong": str, "quoted_as_replaced": str, "a_passage_named": str,
    "cannula_region_words": list, "entry_label_words": list, "not_an_entry_words": list,
    "oxygenator": {"present", "absent", "rvad", "in_circuit", "undone", "vad_only", "in_doubt", "names_people"},
    "re_site": {"words", "to_another_site", "removed_and_new"},
    "operating_room_record": {"kind_words", "re_secured"},
    "cannula_identity": {"existing", "new", "sides", "sites", "roles"},
    "other_person": {"possessors", "adult_only", "subject", "patient_twin", "twin", "patient_bed", "reported_by", "bed_label", "performed_on",
                     "marked_other", "compared_case", "patient_unit_bed", "other_patient_field", "page_banner", "patient_name_field", "named_row", "pasted_block", "pasted_block_end"},
    "procedural_detail": {"distance", "technique"},
    "section_scope": {"excluded", "background_unless_detailed", "anchoring", "anchoring_label", "history_label"},
    "time": {"today", "author", "retrieval_team", "own_record_title", "pointer_before_title", "another_dates_label", "time_of_day", "log_stamp", "part_date", "outside_facility", "outside_header", "insertion_place", "past", "elsewhere", "other_procedure", "future", "day_counter", "day_kinds",
             "date_not_the_event", "clause_not_the_event", "copied_forward", "since_operation"},
    "document": {"procedure_kind", "narrative_kind", "planning_kind", "request_kind", "imaging_kind", "query_kind", "asks_which_code", "guided_during_study", "claim_line", "not_done", "procedure_record_title", "act_title", "part_marker", "separate_record", "not_the_record", "entered_in_error", "struck_line", "correction", "correcting_sections", "checked_box",
                 "unchecked_box", "narrating", "claim_sections", "one_sentence_labels", "study_title",
                 "query_response"},
}
NORMALIZATION = {"characters": dict, "replacements": list}


class RuleError(ValueError):
    """A rule file that cannot be used, and why."""


def validate_rules(rules: dict[str, dict]) -> None:
    """Raise RuleError for the first problem in a set of rule files (keyed by file name)."""
    problems = (_target_problems(rules["target_rules.json"], "target_rules.json")
                + _target_problems(rules["age_rules.json"], "age_rules.json")
                + _context_problems(rules["context_rules.json"])
                + _lexicon_problems(rules["lexicon.json"], _section_categories(rules["section_rules.json"]))
                + _normalization_problems(rules["normalization.json"]))
    if problems:
        raise RuleError("invalid rule files:\n  " + "\n  ".join(problems))


def _target_problems(data: dict, name: str) -> list[str]:
    problems: list[str] = []
    seen: set[tuple] = set()
    for number, rule in enumerate(data.get("target_rules", []), start=1):
        where = f"{name}, rule {number} ({rule.get('literal')!r})"
        category = rule.get("category")
        if category not in TARGET_METADATA:
            problems.append(f"{where}: unknown category {category!r} (known: {', '.join(sorted(TARGET_METADATA))})")
            continue
        problems += _pattern_problems(rule.get("pattern"), where, MATCHER_FLAGS)
        for key, value in (rule.get("metadata") or {}).items():
            allowed = TARGET_METADATA[category].get(key)
            if allowed is None:
                problems.append(f"{where}: metadata key {key!r} is not used for {category}")
            elif isinstance(allowed, set) and value not in allowed:
                problems.append(f"{where}: metadata {key}={value!r} is not one of {sorted(allowed)}")
            elif isinstance(allowed, type) and not isinstance(value, allowed):
                problems.append(f"{where}: metadata {key} must be {allowed.__name__}")
        if category == "AGE" and (rule.get("metadata") or {}).get("unit") == "fixed" and \
                "years" not in rule["metadata"]:
            problems.append(f"{where}: a fixed age needs metadata 'years'")
        key = (rule.get("literal"), category, str(rule.get("pattern")))
        if key in seen:
            problems.append(f"{where}: given twice")
        seen.add(key)
    return problems


# The flags a rule's regex is compiled with where it is used: medspaCy's RegexMatcher compiles
# target rules case-insensitively, as the lexicon's readers do most of their group's patterns
# (the time cues and the document words line by line too). Checked with the same flags, a
# pattern is compiled once: its user gets it from re's cache.
MATCHER_FLAGS = re.IGNORECASE
LEXICON_FLAGS = {"time": re.IGNORECASE | re.MULTILINE, "document": re.IGNORECASE | re.MULTILINE}


def _pattern_problems(pattern: Any, where: str, flags: int = 0) -> list[str]:
    if pattern is None or isinstance(pattern, list):
        return []
    if not isinstance(pattern, str):
        return [f"{where}: pattern must be a regex string or a list of token patterns"]
    try:
        re.compile(pattern, flags)
    except re.error as error:
        return [f"{where}: regex does not compile: {error}"]
    return []


def _context_problems(data: dict) -> list[str]:
    problems: list[str] = []
    seen: set[tuple] = set()
    for category, terminators in data.get("_terminating_types", {}).items():
        if category.startswith("_"):
            continue
        if category not in CONTEXT_CATEGORIES or not isinstance(terminators, list) or \
                any(t not in CONTEXT_CATEGORIES for t in terminators):
            problems.append(f"context_rules.json, _terminating_types: {category!r}: {terminators!r} names an unknown category")
    for number, rule in enumerate(data.get("context_rules", []), start=1):
        where = f"context_rules.json, rule {number} ({rule.get('literal')!r})"
        if rule.get("category") not in CONTEXT_CATEGORIES:
            problems.append(f"{where}: unknown category {rule.get('category')!r}")
        if rule.get("direction", "BIDIRECTIONAL") not in CONTEXT_DIRECTIONS:
            problems.append(f"{where}: unknown direction {rule.get('direction')!r}")
        scope = rule.get("max_scope")
        if scope is not None and (not isinstance(scope, int) or scope < 1):
            problems.append(f"{where}: max_scope must be a positive number or null")
        problems += _pattern_problems(rule.get("pattern"), where)
        key = (rule.get("literal"), rule.get("category"), rule.get("direction"), str(rule.get("pattern")))
        if key in seen:
            problems.append(f"{where}: given twice")
        seen.add(key)
    return problems + _one_word_collisions(data.get("context_rules", []))


def _one_words(rule: dict) -> list[str]:
    """The words a one-token modifier rule matches (its literal, or its token's word list)."""
    pattern = rule.get("pattern")
    if pattern is None:
        literal = str(rule.get("literal", ""))
        return [literal.lower()] if len(literal.split()) == 1 else []
    if not (isinstance(pattern, list) and len(pattern) == 1):
        return []
    return sorted(required_words(pattern) or ())


def _one_word_collisions(rules: list[dict]) -> list[str]:
    """A word that two one-word rules match in different categories or directions: medspaCy keeps
    one of two modifiers on the same words, and which one depends on the rules' order ('none' as
    FORWARD in one rule and BACKWARD in another read 'Fluoroscopy: none' either way)."""
    readings: dict[str, dict[tuple, str]] = {}
    for rule in rules:
        for word in _one_words(rule):
            readings.setdefault(word, {}).setdefault((rule.get("category"), rule.get("direction", "BIDIRECTIONAL")),
                                                     str(rule.get("literal")))
    return [f"context_rules.json: {word!r} is a one-word modifier of rules " + ", ".join(
                f"{literal!r} ({category} {direction})" for (category, direction), literal in found.items())
            + ": ConText keeps only one of them, the one the rules' order picks; give the word to one rule"
            for word, found in readings.items() if len(found) > 1]


def _section_categories(data: dict) -> set[str]:
    categories: dict[str, str] = {}
    for rule in data.get("section_rules", []):
        literal = rule.get("literal", "").lower()
        ignored = sorted(set(rule) & {"pattern", "max_scope", "parents", "parent_required"})
        if ignored:
            # Headers are found by their shape and named by their literal (sections.py); the
            # medspaCy Sectionizer, which reads these, is not run, so they would be ignored.
            raise RuleError(f"section_rules.json: {rule.get('literal')!r} has {', '.join(ignored)}: section rules "
                            "here are literals with a category (headers are found by their shape, see README)")
        if literal in categories and categories[literal] != rule.get("category"):
            raise RuleError(f"section_rules.json: {rule.get('literal')!r} is given two categories")
        categories[literal] = rule.get("category")
    return set(categories.values()) | {"unknown"}


def _lexicon_problems(lexicon: dict, sections: set[str]) -> list[str]:
    problems: list[str] = []
    for key, kind in LEXICON.items():
        if key not in lexicon:
            problems.append(f"lexicon.json: missing key {key!r}")
        elif isinstance(kind, set):
            if not isinstance(lexicon[key], dict):
                problems.append(f"lexicon.json: {key!r} must be an object with {sorted(kind)}")
            else:
                problems += [f"lexicon.json: {key!r} lacks {inner!r}" for inner in sorted(kind - set(lexicon[key]))]
        elif not isinstance(lexicon[key], kind):
            problems.append(f"lexicon.json: {key!r} must be a {kind.__name__}")
    if problems:
        return problems
    named = set(lexicon["age_excluded_sections"]) | set(lexicon["document"]["claim_sections"])
    named |= set(lexicon["document"]["one_sentence_labels"]) | set(lexicon["document"]["correcting_sections"])
    for part in ("excluded", "background_unless_detailed", "anchoring"):
        named |= set(lexicon["section_scope"][part])
    problems += [f"lexicon.json: section category {c!r} is named but no section rule has it"
                 for c in sorted(named - sections)]
    for group in ("time", "document", "procedural_detail", "section_scope", "oxygenator"):
        for key, value in lexicon[group].items():
            if isinstance(value, str) and not key.startswith("_"):
                problems += _pattern_problems(value, f"lexicon.json, {group}.{key}",
                                              LEXICON_FLAGS.get(group, re.IGNORECASE))
    return problems


HL7_DATE_KINDS = frozenset({"dos", "dob"})


def _normalization_problems(data: dict) -> list[str]:
    problems = [f"normalization.json: missing {key!r}" for key in NORMALIZATION if key not in data]
    for char, replacement in data.get("characters", {}).items():
        if len(char) != 1 or len(replacement) != 1:
            problems.append(f"normalization.json: characters must map one character to one ({char!r})")
    for number, rule in enumerate(data.get("replacements", []), start=1):
        if not {"pattern", "replacement"} <= set(rule):
            problems.append(f"normalization.json, replacement {number}: needs 'pattern' and 'replacement'")
        else:
            flags = re.MULTILINE | (re.IGNORECASE if rule.get("ignore_case") else 0)  # (as the Normalizer compiles it)
            problems += _pattern_problems(rule["pattern"], f"normalization.json, replacement {number} ({rule.get('name')})",
                                          flags)
    for name, kind in ((data.get("hl7_segments") or {}).get("date_fields") or {}).items():
        if not re.fullmatch(r"[A-Z][A-Z0-9]{2}-[1-9]\d*", name) or kind not in HL7_DATE_KINDS:
            problems.append(f"normalization.json, hl7_segments.date_fields: {name!r}: {kind!r} must be a field "
                            f"('TXA-4') and one of {sorted(HL7_DATE_KINDS)}")
    return problems
