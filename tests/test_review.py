"""The coder's review loop without a browser: sampling, decisions, merging coders, and `evaluate`
on gold files, on decision exports and on files that do not join."""
from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.decisions import cohen_kappa, merge
from extractor.evaluate import evaluate
from extractor.predictions import stratum_of
from extractor.sampling import allocate, draw, weighted_proportion, wilson

from .conftest import DEV_CORPUS


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def prediction(note_id, codes=(), review=False, reasons=(), **extra):
    return {"id": note_id, "codes": list(codes), "reposition": bool(codes or review), "approach": None,
            "fluoroscopy": False, "age_years": 54 if codes else None, "age_source": None, "needs_review": review,
            "reasons": list(reasons), "evidence": [], "error": None, **extra}


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review") / "pred.jsonl"
    assert main(["extract", str(DEV_CORPUS), "-o", str(out), "-q"]) == 0
    return out


# ------------------------------------------------------------ evaluate: ids that do not join (issue 16)


def test_evaluate_refuses_files_that_share_no_ids(tmp_path, dev_predictions):
    other = write_jsonl(tmp_path / "other.jsonl", [prediction("X1", ["33958"]), prediction("X2")])
    code, out, err = cli("evaluate", DEV_CORPUS, other)
    assert code == 2
    assert "share no ids" in err and "none of the 88 gold notes has a prediction" in err
    assert "precision" not in out                       # no figures that look like a result


def test_evaluate_says_loudly_when_only_some_gold_notes_have_predictions(tmp_path, dev_predictions):
    lines = dev_predictions.read_text().splitlines()
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(lines[:60]) + "\n")
    code, out, err = cli("evaluate", DEV_CORPUS, part)
    assert code == 1
    missing = [json.loads(line)["id"] for line in DEV_CORPUS.read_text().splitlines()[60:]]
    assert f"WARNING: 28 of 88 gold notes have no prediction ({missing[0]}, " in out
    assert "28 of 88 gold notes have no prediction" in err
    assert out.splitlines()[1] == "notes: 60"           # scored on those that join, not as empty predictions
    full = cli("evaluate", DEV_CORPUS, dev_predictions)
    assert full[0] == 0 and "WARNING" not in full[1] + full[2]


def test_evaluate_refuses_swapped_arguments(dev_predictions):
    code, out, err = cli("evaluate", dev_predictions, DEV_CORPUS)
    assert code == 2 and "looks like a predictions file" in err and "swapped" in err


def test_evaluate_tolerates_extra_fields_and_flags_broken_predictions(tmp_path, dev_predictions, dev_records):
    records = [json.loads(line) for line in dev_predictions.read_text().splitlines()]
    extra = write_jsonl(tmp_path / "extra.jsonl", [dict(r, source_system="EHR-1") for r in records])
    plain = evaluate(dev_records, records)
    assert evaluate(dev_records, [dict(r, source_system="EHR-1") for r in records])["codes"] == plain["codes"]
    assert cli("evaluate", DEV_CORPUS, extra)[0] == 0
    older = [{k: v for k, v in r.items() if k != "rule"} for r in records]  # written before `rule` was in the contract
    assert evaluate(dev_records, older)["codes"] == plain["codes"]
    assert set(plain["by_rule"]) >= {"PERCUTANEOUS_6_PLUS", "NO_REPOSITION"}
    assert sum(v["notes"] for v in plain["by_rule"].values()) == plain["notes"]
    unknown = evaluate(dev_records, [dict(r, rule="R-test") for r in records])
    assert "'rule' must be one of the rules" in unknown["coverage"]["invalid_predictions"][0]
    positive = next(i for i, r in enumerate(records) if r["codes"] == ["33958"])
    records[positive]["codes"] = "33958"                # a string is not a list of five codes
    broken = evaluate(dev_records, records)
    assert broken["codes"]["fp"] == plain["codes"]["fp"] and broken["codes"]["fn"] == plain["codes"]["fn"] + 1
    assert "'codes' must be a list of codes" in broken["coverage"]["invalid_predictions"][0]
    code, out, err = cli("evaluate", DEV_CORPUS, write_jsonl(tmp_path / "broken.jsonl", records))
    assert code == 1 and "break the output contract" in err


# ------------------------------------------------------------ sampling and intervals


def test_allocation_covers_every_code_and_reason_and_a_slice_of_no_code():
    sizes = {"code 33958": 400, "code 33957": 3, "code 33964": 1, "needs review: age conflict": 60,
             "needs review: approach not documented": 25, "no code": 20_000}
    wanted = allocate(sizes, 50)
    assert sum(wanted.values()) == 50
    assert wanted["no code"] == 10                       # the default 20% slice
    assert wanted["code 33957"] == 3 and wanted["code 33964"] == 1      # small strata are taken whole
    assert all(wanted[name] >= 3 for name in sizes if name not in ("code 33957", "code 33964"))
    big = [v for k, v in wanted.items() if k != "no code" and sizes[k] > 12]
    assert big == [12, 12, 12]                           # the other 40 spread evenly over the rest
    assert allocate({"code 33958": 5, "no code": 3}, 100) == {"code 33958": 5, "no code": 3}
    assert allocate({"code 33958": 5, "no code": 100}, 10) == {"code 33958": 5, "no code": 5}


def test_draw_is_stratified_reproducible_and_leaves_out_errors():
    strata = ["code 33958"] * 300 + ["needs review: age conflict"] * 40 + ["no code"] * 5000 + ["error"] * 7
    first, again, other = draw(strata, 40, seed=7), draw(strata, 40, seed=7), draw(strata, 40, seed=8)
    assert first.chosen == again.chosen and first.chosen != other.chosen
    assert len(first.chosen) == 40 and first.excluded_errors == 7
    counts = Counter(strata[i] for i in first.chosen)
    assert counts == {"code 33958": 16, "needs review: age conflict": 16, "no code": 8}
    described = {s["name"]: s for s in first.describe()["strata"]}
    assert described["no code"] == {"name": "no code", "population": 5000, "sampled": 8}


def test_wilson_interval_matches_published_values():
    low, high = wilson(5, 10)
    assert round(low, 4) == 0.2366 and round(high, 4) == 0.7634
    low, high = wilson(0, 10)
    assert low == pytest.approx(0.0) and round(high, 4) == 0.2775
    low, high = wilson(10, 10)
    assert round(low, 4) == 0.7225 and high == pytest.approx(1.0)
    assert wilson(0, 0) is None
    weighted = weighted_proportion([(9.0, 1, 1)] * 9 + [(9.0, 0, 1)] + [(1.0, 1, 1)] * 5 + [(1.0, 0, 1)] * 5)
    assert weighted["estimate"] == pytest.approx(0.86)


def decision(note_id, codes, needs_review=False, *, report="r-1", reviewer="AB", decided="accept",
             stratum=None, sample=None, predicted=()):
    return {"id": note_id, "gold": {"codes": list(codes), "needs_review": needs_review,
                                    "reposition": bool(codes) or needs_review},
            "decision": decided, "comment": "", "reviewer": reviewer, "decided_at": "2026-11-30T10:00:00.000Z",
            "report_id": report, "predicted": {"codes": list(predicted), "status": "suggested"},
            "stratum": stratum, "sample": sample}


def test_evaluate_on_a_sample_weights_strata_and_gives_wilson_intervals(tmp_path):
    sample = {"size": 20, "requested": 20, "seed": 3, "population": 100, "no_code_share": 0.2, "excluded_errors": 0,
              "strata": [{"name": "code 33958", "population": 90, "sampled": 10},
                         {"name": "code 33957", "population": 10, "sampled": 10}]}
    preds, gold = [], []
    for i in range(10):   # 9 of 10 right in the big stratum, 5 of 10 in the small one
        preds.append(prediction(f"b{i}", ["33958"]))
        gold.append(decision(f"b{i}", ["33958"] if i < 9 else [], stratum="code 33958", sample=sample))
        preds.append(prediction(f"s{i}", ["33957"]))
        gold.append(decision(f"s{i}", ["33957"] if i < 5 else [], stratum="code 33957", sample=sample))
    result = evaluate(gold, preds)
    inside, estimated = result["sample"]["in_sample"], result["sample"]["estimated"]
    assert inside["precision"]["estimate"] == pytest.approx(0.7)
    low, high = wilson(14, 20)
    assert (inside["precision"]["low"], inside["precision"]["high"]) == pytest.approx((low, high))
    assert estimated["precision"]["estimate"] == pytest.approx(0.86)          # (90 * 0.9 + 10 * 0.5) / 100
    assert estimated["precision"]["low"] < 0.86 < estimated["precision"]["high"]
    strata = {s["name"]: s for s in result["sample"]["strata"]}
    assert strata["code 33957"]["exact"] == 5 and strata["code 33957"]["exact_ci"]["low"] == pytest.approx(wilson(5, 10)[0])
    code, out, err = cli("evaluate", write_jsonl(tmp_path / "d.jsonl", gold), write_jsonl(tmp_path / "p.jsonl", preds))
    assert code == 0, err
    assert "estimated for the whole file" in out and "precision 0.860 [" in out
    assert "in the sample itself" in out and "precision 0.700 [0.481, 0.855]" in out


# ------------------------------------------------------------ several coders


def test_import_decisions_merges_coders_and_reports_disagreements(tmp_path):
    ab = [decision("n1", ["33958"]), decision("n2", []), decision("n3", ["33957"]), decision("n4", [], True)]
    cd = [decision("n1", ["33958"], reviewer="CD"), decision("n2", ["33958"], reviewer="CD", decided="correct"),
          decision("n3", ["33957"], reviewer="CD"), decision("n4", ["33962"], reviewer="CD", decided="correct")]
    ef = [decision("n2", ["33958"], reviewer="EF", decided="correct"), decision("n4", [], reviewer="EF", decided="reject")]
    files = [write_jsonl(tmp_path / f"{name}.jsonl", records) for name, records in (("ab", ab), ("cd", cd), ("ef", ef))]
    merged = merge(files)
    assert merged.coders == ["AB", "CD", "EF"] and merged.unanimous == 2 and merged.majority == 1
    by_id = {r["id"]: r for r in merged.records}
    assert set(by_id) == {"n1", "n2", "n3"}                                  # n4: three labels, no majority
    assert by_id["n2"]["gold"]["codes"] == ["33958"] and by_id["n2"]["agreement"] == "majority"
    assert [d["id"] for d in merged.disagreements] == ["n2", "n4"]
    pair = next(p for p in merged.pairs if p["coders"] == ["AB", "CD"])
    assert pair["notes"] == 4 and pair["agree"] == 2
    out = tmp_path / "gold.jsonl"
    code, printed, err = cli("import-decisions", *files, "-o", out)
    assert code == 0, err
    assert "n4: AB: needs query; CD: 33962; EF: no code -> no majority, left out" in printed
    assert "n2: AB: no code; CD: 33958; EF: 33958 -> 33958 (majority)" in printed
    assert "AB vs CD: agree on 2 of 4 notes decided by both" in printed
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["n1", "n2", "n3"]
    preds = write_jsonl(tmp_path / "p.jsonl", [prediction("n1", ["33958"]), prediction("n2"), prediction("n3", ["33957"]),
                                                prediction("n4", review=True)])
    code, printed, err = cli("evaluate", out, preds)
    assert code == 0 and "notes: 3" in printed and "code-set exact match: 0.667" in printed


def test_import_decisions_refuses_exports_of_different_reports(tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", [decision("n1", ["33958"], report="r-aaaa")])
    second = write_jsonl(tmp_path / "b.jsonl", [decision("n1", ["33958"], report="r-bbbb", reviewer="CD")])
    code, out, err = cli("import-decisions", first, second, "-o", tmp_path / "m.jsonl")
    assert code == 2 and not (tmp_path / "m.jsonl").exists()
    assert "reviews of different reports" in err and "r-aaaa" in err and "r-bbbb" in err
    notes = write_jsonl(tmp_path / "notes.jsonl", [{"id": "n1", "text": "x"}])
    code, out, err = cli("import-decisions", first, notes, "-o", tmp_path / "m.jsonl")
    assert code == 2 and "is not a decision" in err
    both = write_jsonl(tmp_path / "both.jsonl", [decision("n1", ["33958"], report="r-aaaa"),
                                                  decision("n2", ["33958"], report="r-bbbb")])
    code, out, err = cli("evaluate", both, write_jsonl(tmp_path / "p.jsonl", [prediction("n1"), prediction("n2")]))
    assert code == 2 and "different reports" in err


def test_cohen_kappa():
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa([], []) is None


# ------------------------------------------------------------ the sampled report


def test_report_sample_is_stratified_and_says_how_it_was_drawn(tmp_path, dev_predictions):
    out = tmp_path / "sample.html"
    code, printed, err = cli("report", dev_predictions, DEV_CORPUS, "-o", out, "--sample", "30", "--seed", "11")
    assert code == 0, err
    page = out.read_text()
    records = [json.loads(line) for line in dev_predictions.read_text().splitlines()]
    strata = Counter(stratum_of(r) for r in records)
    assert "How this sample was drawn" in page and "seed 11" in page
    assert page.count('<section class="note"') == 30
    sampled = Counter(part.split('"')[0] for part in page.split('data-stratum="')[1:])
    assert set(sampled) == set(strata) - {"error"}                      # every code and reason, and no code
    assert sampled["no code"] == 6                                      # 20% of 30
    for name, count in strata.items():
        assert f"<tr><td>{name}</td><td class=\"n\">{count:,}</td><td class=\"n\">{sampled[name]:,}</td>" in page
    import html
    described = json.loads(html.unescape(page.split('data-sample="')[1].split('"')[0]))
    assert described["seed"] == 11 and described["size"] == 30 and described["population"] == 88
    again = tmp_path / "again.html"
    assert cli("report", dev_predictions, DEV_CORPUS, "-o", again, "--sample", "30", "--seed", "11")[0] == 0
    report_id = page.split('data-report-id="')[1].split('"')[0]
    assert report_id.startswith("r-") and f'data-report-id="{report_id}"' in again.read_text()
    other = cli("report", dev_predictions, DEV_CORPUS, "-o", tmp_path / "o.html", "--sample", "30", "--seed", "12")
    assert other[0] == 0 and f'data-report-id="{report_id}"' not in (tmp_path / "o.html").read_text()
    assert cli("report", dev_predictions, DEV_CORPUS, "-o", out, "--sample", "0")[0] == 2
