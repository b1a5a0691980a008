"""Score predictions against gold labels (format: the shared corpus README)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

FAMILY = ("33957", "33958", "33959", "33962", "33963", "33964")


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def evaluate(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Exact match of code sets, P/R/F1 of codes and of `reposition`, field accuracy on
    the repositioning notes, results by category and the ids that differ."""
    predictions = {str(p.get("id")): p for p in predicted}
    totals = {"tp": 0, "fp": 0, "fn": 0}
    per_code = {code: {"tp": 0, "fp": 0, "fn": 0} for code in FAMILY}
    reposition = {"tp": 0, "fp": 0, "fn": 0}
    field_hits: dict[str, list[int]] = {k: [0, 0] for k in ("approach", "fluoroscopy", "age_years", "needs_review")}
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[dict[str, Any]] = []
    exact = count = 0
    for record in gold:
        count += 1
        labels = record["gold"]
        prediction = predictions.get(str(record["id"]), {})
        gold_codes, pred_codes = set(labels["codes"]), set(prediction.get("codes") or [])
        hit = gold_codes == pred_codes
        exact += hit
        category = labels.get("category", "uncategorised")
        by_category[category][0] += hit
        by_category[category][1] += 1
        for code in gold_codes | pred_codes:
            key = "tp" if code in gold_codes and code in pred_codes else ("fn" if code in gold_codes else "fp")
            totals[key] += 1
            if code in per_code:
                per_code[code][key] += 1
        g, p = bool(labels["reposition"]), bool(prediction.get("reposition"))
        if g or p:
            reposition["tp" if g and p else ("fn" if g else "fp")] += 1
        if g:
            for name in field_hits:
                field_hits[name][0] += labels.get(name) == prediction.get(name)
                field_hits[name][1] += 1
        mismatched = [name for name in ("reposition", "approach", "fluoroscopy", "age_years", "needs_review")
                      if (g or name in ("reposition",)) and labels.get(name) != prediction.get(name)]
        if not hit or mismatched:
            wrong.append({"id": record["id"], "category": category, "gold": sorted(gold_codes),
                          "predicted": sorted(pred_codes), "fields": mismatched})
    return {
        "notes": count,
        "exact_match": exact / count if count else 0.0,
        "codes": _prf(**totals),
        "per_code": {code: _prf(**c) for code, c in per_code.items() if any(c.values())},
        "reposition": _prf(**reposition),
        "on_repositioning_notes": {name: (h / n if n else 1.0) for name, (h, n) in field_hits.items()},
        "by_category": {k: {"exact": v[0], "notes": v[1]} for k, v in sorted(by_category.items())},
        "wrong": wrong,
    }


def format_report(result: dict[str, Any]) -> str:
    lines = [f"notes: {result['notes']}",
             f"code-set exact match: {result['exact_match']:.3f}"]
    c = result["codes"]
    lines.append(f"codes: precision {c['precision']:.3f}  recall {c['recall']:.3f}  F1 {c['f1']:.3f}  "
                 f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
    for code, s in result["per_code"].items():
        lines.append(f"  {code}: precision {s['precision']:.3f}  recall {s['recall']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    r = result["reposition"]
    lines.append(f"reposition: precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    lines.append("on repositioning notes: " + "  ".join(f"{k} {v:.3f}" for k, v in result["on_repositioning_notes"].items()))
    lines.append("by category (exact / notes):")
    for name, v in result["by_category"].items():
        lines.append(f"  {name:<28} {v['exact']:>3} / {v['notes']:<3}")
    if result["wrong"]:
        lines.append("wrong:")
        for w in result["wrong"]:
            lines.append(f"  {w['id']} [{w['category']}] gold {w['gold']} predicted {w['predicted']}"
                         + (f" fields {w['fields']}" if w["fields"] else ""))
    else:
        lines.append("wrong: none")
    return "\n".join(lines)
