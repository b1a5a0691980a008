"""Score predictions against gold labels: the shared corpus's format, or coders' decisions
exported from the review report (and merged by `ecmo-cpt import-decisions`).

Gold and predictions are joined by id. Gold notes without a prediction are not scored and are
reported (`coverage`); the CLI says so loudly and exits non-zero. When the gold records are
decisions on a sampled report (they carry `sample` and `stratum`), the figures are also
extrapolated to the whole file with stratum weights, with Wilson 95% intervals.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Mapping, Optional

from .predictions import FAMILY, checked, stratum_of
from .sampling import weighted_proportion, wilson

FIELDS = ("approach", "fluoroscopy", "age_years", "needs_review")


class GoldError(ValueError):
    """The gold file cannot be used (not gold labels, duplicate ids, mixed reports)."""


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def check_gold(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Gold records, checked: each an object with an `id` and `gold.codes` (a list of codes),
    ids unique, all from one report when they are decisions."""
    checked_records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise GoldError(f"gold record {position} is not an object")
        labels = record.get("gold")
        if not isinstance(labels, dict):
            if "codes" in record:
                raise GoldError(f"gold record {position} has no 'gold' labels but has 'codes': this looks like a "
                                "predictions file; the arguments are GOLD then PREDICTIONS (swapped?)")
            raise GoldError(f"gold record {position} has no 'gold' labels (format: the shared corpus, or decisions "
                            "exported from the review report)")
        codes = labels.get("codes")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise GoldError(f"gold record {position} ({record.get('id')!r}): 'gold.codes' must be a list of codes")
        note_id = str(record.get("id"))
        if note_id in seen:
            raise GoldError(f"id {note_id!r} appears more than once in the gold file (several coders' exports are "
                            "merged with `ecmo-cpt import-decisions`)")
        seen.add(note_id)
        checked_records.append(record)
    reports = {r.get("report_id") for r in checked_records if r.get("report_id")}
    if len(reports) > 1:
        raise GoldError(f"the gold file mixes decisions from {len(reports)} different reports "
                        f"({', '.join(sorted(reports)[:3])}); evaluate one report's decisions at a time")
    return checked_records


def _reposition(labels: Mapping[str, Any]) -> bool:
    if "reposition" in labels:
        return bool(labels["reposition"])
    return bool(labels.get("codes")) or bool(labels.get("needs_review"))


def evaluate(gold: Iterable[Any], predicted: Iterable[Any]) -> dict[str, Any]:
    """Exact match of code sets, P/R/F1 of codes and of `reposition`, accuracy of the fields
    the gold gives on the repositioning notes, results by category and by the prediction's reason,
    the ids that differ, which gold ids had no prediction, and (for a sample) the estimates."""
    gold_records = check_gold(gold)
    predictions: dict[str, dict[str, Any]] = {}
    duplicate_predictions = 0
    invalid_predictions: list[str] = []
    for position, raw in enumerate(predicted, start=1):
        record = checked(raw, position)
        if record.get("invalid"):
            invalid_predictions.append(f"{record['id']}: {record['error']}")
        if record["id"] in predictions:
            duplicate_predictions += 1
        predictions.setdefault(record["id"], record)
    totals = {"tp": 0, "fp": 0, "fn": 0}
    per_code = {code: {"tp": 0, "fp": 0, "fn": 0} for code in FAMILY}
    reposition = {"tp": 0, "fp": 0, "fn": 0}
    field_hits: dict[str, list[int]] = {k: [0, 0] for k in FIELDS}
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_reason: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[dict[str, Any]] = []
    missing: list[str] = []
    scored: list[tuple[dict[str, Any], int, int, int, int]] = []  # record, exact, tp, fp, fn
    for record in gold_records:
        labels = record["gold"]
        prediction = predictions.get(str(record["id"]))
        if prediction is None:
            missing.append(str(record["id"]))
            continue
        gold_codes, pred_codes = set(labels["codes"]), set(prediction.get("codes") or [])
        hit = gold_codes == pred_codes
        category = str(labels.get("category") or record.get("stratum") or "uncategorised")
        by_category[category][0] += hit
        by_category[category][1] += 1
        reason = stratum_of(prediction)
        by_reason[reason][0] += hit
        by_reason[reason][1] += 1
        rule = str(prediction.get("rule") or "(no rule: predictions from before 0.1)")
        by_rule[rule][0] += hit
        by_rule[rule][1] += 1
        counts = Counter()
        for code in gold_codes | pred_codes:
            key = "tp" if code in gold_codes and code in pred_codes else ("fn" if code in gold_codes else "fp")
            totals[key] += 1
            counts[key] += 1
            if code in per_code:
                per_code[code][key] += 1
        scored.append((record, int(hit), counts["tp"], counts["fp"], counts["fn"]))
        g, p = _reposition(labels), bool(prediction.get("reposition"))
        if g or p:
            reposition["tp" if g and p else ("fn" if g else "fp")] += 1
        given = [name for name in FIELDS if name in labels]
        if g:
            for name in given:
                field_hits[name][0] += labels.get(name) == prediction.get(name)
                field_hits[name][1] += 1
        mismatched = ["reposition"] if g != p else []
        mismatched += [name for name in given if g and labels.get(name) != prediction.get(name)]
        if not hit or mismatched:
            wrong.append({"id": record["id"], "category": category, "gold": sorted(gold_codes),
                          "predicted": sorted(pred_codes), "fields": mismatched})
    count = len(scored)
    exact = sum(s[1] for s in scored)
    result = {
        "notes": count,
        "exact_match": exact / count if count else 0.0,
        "codes": _prf(**totals),
        "per_code": {code: _prf(**c) for code, c in per_code.items() if any(c.values())},
        "reposition": _prf(**reposition),
        "on_repositioning_notes": {name: h / n for name, (h, n) in field_hits.items() if n},
        "by_category": {k: {"exact": v[0], "notes": v[1]} for k, v in sorted(by_category.items())},
        "by_reason": {k: {"exact": v[0], "notes": v[1]} for k, v in sorted(by_reason.items())},
        "by_rule": {k: {"exact": v[0], "notes": v[1]} for k, v in sorted(by_rule.items())},
        "wrong": wrong,
        "coverage": {"gold": len(gold_records), "scored": count, "missing_predictions": missing,
                     "predictions_not_in_gold": len(predictions) - count,
                     "duplicate_prediction_ids": duplicate_predictions,
                     "invalid_predictions": invalid_predictions},
    }
    sample = _sample_of(gold_records)
    if sample is not None and count:
        result["sample"] = _sample_figures(sample, scored)
    return result


def _sample_of(records: list[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """The sample description the decisions carry (None when they are not from a sample)."""
    for record in records:
        if isinstance(record.get("sample"), dict) and record.get("stratum"):
            return record["sample"]
    return None


def _interval(successes: int, trials: int) -> Optional[dict[str, float]]:
    bounds = wilson(successes, trials)
    if bounds is None:
        return None
    return {"estimate": successes / trials, "low": bounds[0], "high": bounds[1], "n": trials}


def _sample_figures(sample: Mapping[str, Any], scored: list[tuple[dict[str, Any], int, int, int, int]]) -> dict[str, Any]:
    """In-sample figures with Wilson intervals, and figures for the whole file weighted by stratum."""
    population = {s["name"]: int(s["population"]) for s in sample.get("strata") or []}
    reviewed = Counter(str(r.get("stratum")) for r, *_ in scored)
    weight = {name: population.get(name, 0) / n for name, n in reviewed.items()}
    exact = sum(s[1] for s in scored)
    tp, fp, fn = (sum(s[i] for s in scored) for i in (2, 3, 4))
    strata = []
    for item in sample.get("strata") or []:
        name = item["name"]
        rows = [s for s in scored if str(s[0].get("stratum")) == name]
        hits = sum(s[1] for s in rows)
        strata.append({"name": name, "population": item["population"], "sampled": item.get("sampled"),
                       "reviewed": len(rows), "exact": hits, "exact_ci": _interval(hits, len(rows))})
    unknown = sorted(set(reviewed) - set(population))
    return {
        "seed": sample.get("seed"), "size": sample.get("size"), "population": sample.get("population"),
        "excluded_errors": sample.get("excluded_errors", 0), "reviewed": len(scored),
        "strata": strata, "unknown_strata": unknown,
        "in_sample": {"precision": _interval(tp, tp + fp), "recall": _interval(tp, tp + fn),
                      "exact_match": _interval(exact, len(scored))},
        "estimated": {
            "precision": weighted_proportion((weight.get(str(r.get("stratum")), 0.0), t, t + f)
                                             for r, _, t, f, _n in scored),
            "recall": weighted_proportion((weight.get(str(r.get("stratum")), 0.0), t, t + n)
                                          for r, _, t, _f, n in scored),
            "exact_match": weighted_proportion((weight.get(str(r.get("stratum")), 0.0), e, 1)
                                               for r, e, *_ in scored),
        },
    }


def _ci(figure: Optional[Mapping[str, float]]) -> str:
    if not figure:
        return "n/a (none in the sample)"
    return f"{figure['estimate']:.3f} [{figure['low']:.3f}, {figure['high']:.3f}]"


def format_report(result: dict[str, Any]) -> str:
    """The result as text for a terminal."""
    lines = [f"notes: {result['notes']}",
             f"code-set exact match: {result['exact_match']:.3f}"]
    c = result["codes"]
    lines.append(f"codes: precision {c['precision']:.3f}  recall {c['recall']:.3f}  F1 {c['f1']:.3f}  "
                 f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
    for code, s in result["per_code"].items():
        lines.append(f"  {code}: precision {s['precision']:.3f}  recall {s['recall']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    r = result["reposition"]
    lines.append(f"reposition: precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    if result["on_repositioning_notes"]:
        lines.append("on repositioning notes: " + "  ".join(f"{k} {v:.3f}" for k, v in result["on_repositioning_notes"].items()))
    lines.append("by category (exact / notes):")
    for name, v in result["by_category"].items():
        lines.append(f"  {name:<28} {v['exact']:>3} / {v['notes']:<3}")
    lines.append("by the prediction's code or reason (exact / notes):")
    for name, v in result["by_reason"].items():
        lines.append(f"  {name:<44} {v['exact']:>3} / {v['notes']:<3}")
    lines.append("by the rule the decision applied (exact / notes):")
    for name, v in result["by_rule"].items():
        lines.append(f"  {name:<44} {v['exact']:>3} / {v['notes']:<3}")
    sample = result.get("sample")
    if sample:
        lines.append(f"sample: {sample['reviewed']} reviewed of {sample['size']} sampled from {sample['population']:,} "
                     f"notes (seed {sample['seed']}); {sample['excluded_errors']} notes in error were not sampled")
        estimated = sample["estimated"]
        lines.append("estimated for the whole file (stratum weights; Wilson 95% on the effective sample size):")
        lines.append(f"  precision {_ci(estimated['precision'])}  recall {_ci(estimated['recall'])}  "
                     f"exact match {_ci(estimated['exact_match'])}")
        inside = sample["in_sample"]
        lines.append("in the sample itself (unweighted; Wilson 95%):")
        lines.append(f"  precision {_ci(inside['precision'])}  recall {_ci(inside['recall'])}  "
                     f"exact match {_ci(inside['exact_match'])}")
        lines.append("by stratum (population, reviewed, exact match [Wilson 95%]):")
        for s in sample["strata"]:
            lines.append(f"  {s['name']:<44} {s['population']:>7,} {s['reviewed']:>5}  {_ci(s['exact_ci'])}")
    if result["wrong"]:
        lines.append("wrong:")
        for w in result["wrong"]:
            lines.append(f"  {w['id']} [{w['category']}] gold {w['gold']} predicted {w['predicted']}"
                         + (f" fields {w['fields']}" if w["fields"] else ""))
    else:
        lines.append("wrong: none")
    return "\n".join(lines)


def coverage_problems(result: Mapping[str, Any]) -> list[str]:
    """What the CLI must say loudly about the join of gold and predictions (empty when all is well)."""
    cover = result["coverage"]
    problems = []
    if cover["gold"] and not cover["scored"]:
        problems.append(f"the gold file and the predictions share no ids: none of the {cover['gold']} gold notes "
                        "has a prediction (wrong files?); nothing was scored")
    elif cover["missing_predictions"]:
        shown = ", ".join(cover["missing_predictions"][:5]) + (" ..." if len(cover["missing_predictions"]) > 5 else "")
        problems.append(f"{len(cover['missing_predictions'])} of {cover['gold']} gold notes have no prediction "
                        f"({shown}); the figures are for the {cover['scored']} that do")
    if cover["duplicate_prediction_ids"]:
        problems.append(f"{cover['duplicate_prediction_ids']} prediction(s) repeat an id; the first of each was scored")
    if cover["invalid_predictions"]:
        problems.append(f"{len(cover['invalid_predictions'])} prediction(s) break the output contract and were "
                        f"scored as no code (first: {cover['invalid_predictions'][0]})")
    return problems
