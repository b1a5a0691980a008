"""The coder's review loop in a real headless Chromium, driven by Playwright for Python.

Debian's chromium is used through Playwright's `executable_path` (no browser download); `make
test` installs both. A coder reviews a 50-note sample of the dev corpus with the keyboard alone,
the decisions survive a reload, the export scores with `ecmo-cpt evaluate`; another reviews by
clicking. Screenshots at 1280 px go to $ECMO_CPT_SCREENSHOTS when it is set (else a temporary
folder), with the time the keyboard review took in `timing.txt`.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.evaluate import evaluate
from extractor.predictions import FAMILY

from .conftest import DEV_CORPUS

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
try:
    from playwright.sync_api import sync_playwright
    PLAYWRIGHT_MISSING = None
except ImportError as problem:  # pragma: no cover - `make test` installs it
    PLAYWRIGHT_MISSING = str(problem)

pytestmark = [
    pytest.mark.skipif(PLAYWRIGHT_MISSING is not None,
                       reason=f"Playwright for Python is not installed ({PLAYWRIGHT_MISSING}): `make test` installs "
                              "it (pip install -e '.[test]'): browser review test skipped"),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (as root: apt-get install -y chromium; "
                                                "`make test` installs it when it can): browser review test skipped"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}


def cli(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("ECMO_CPT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("review")
    pred = folder / "pred.jsonl"
    assert main(["extract", str(DEV_CORPUS), "-o", str(pred), "-q"]) == 0
    sample, flagged = folder / "sample.html", folder / "flagged.html"
    assert cli("report", pred, DEV_CORPUS, "-o", sample, "--sample", "50", "--seed", "7")[0] == 0
    assert cli("report", pred, DEV_CORPUS, "-o", flagged)[0] == 0
    gold = {}
    for line in DEV_CORPUS.read_text().splitlines():
        record = json.loads(line)
        gold[record["id"]] = record
    predictions = [json.loads(line) for line in pred.read_text().splitlines()]
    return {"folder": folder, "pred": pred, "sample": sample, "flagged": flagged, "gold": gold,
            "predictions": predictions}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def open_page(context, report: Path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri())
    return page, errors


def coder_label(gold: dict, step: int) -> dict:
    """The coder's answer: the dev corpus's gold label, changed on every third note (so that
    rejecting, correcting and querying are all exercised and the export differs from the tool)."""
    labels = {"codes": list(gold["codes"]), "needs_review": gold["needs_review"]}
    if step % 6 == 1:
        return {"codes": [], "needs_review": False} if labels["codes"] or labels["needs_review"] else \
            {"codes": ["33962"], "needs_review": False}
    if step % 6 == 4:
        return {"codes": [], "needs_review": True} if not labels["needs_review"] else \
            {"codes": ["33964"], "needs_review": False}
    return labels


def key_for(labels: dict, status: str, predicted: list[str]) -> str:
    """The key a coder presses to record the gold label `labels` on a note with this prediction."""
    if labels["needs_review"]:
        return "a" if status == "review" else "q"
    if not labels["codes"]:
        return "a" if status == "none" else "r"
    if status == "suggested" and sorted(labels["codes"]) == sorted(predicted):
        return "a"
    assert len(labels["codes"]) == 1
    return str(FAMILY.index(labels["codes"][0]) + 1)


def test_fifty_notes_reviewed_by_keyboard_alone_survive_a_reload_and_score_with_evaluate(browser, reports, shots):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page, errors = open_page(context, reports["sample"])
    assert page.text_content("#rv-progress") == "0 of 50 reviewed"
    assert page.locator("section.note").count() == 50
    page.keyboard.press("i")
    page.keyboard.type("KB")
    page.keyboard.press("Enter")
    expected: dict[str, dict] = {}
    keys: list[str] = []
    started = time.perf_counter()
    for step in range(50):
        note = page.locator("section.note.current")
        note_id = note.get_attribute("data-id")
        assert note_id not in expected, f"note {note_id} came round twice"
        status, codes = note.get_attribute("data-status"), (note.get_attribute("data-codes") or "").split()
        labels = coder_label(reports["gold"][note_id]["gold"], step)
        if step == 3:
            page.keyboard.press("c")
            page.keyboard.type("checked against the operative note")
            page.keyboard.press("Enter")
        if step == 25:
            page.screenshot(path=str(shots / "review-keyboard-midway.png"))
        key = key_for(labels, status, codes)
        page.keyboard.press(key)
        keys.append(key)
        expected[note_id] = {"codes": sorted(labels["codes"]), "needs_review": labels["needs_review"]}
    seconds = time.perf_counter() - started
    assert page.text_content("#rv-progress") == "50 of 50 reviewed"
    assert set("arq") <= set(keys) and any(k.isdigit() for k in keys), keys
    (shots / "timing.txt").write_text(f"50 notes reviewed by keyboard in {seconds:.1f} s (keys: {''.join(keys)})\n")
    print(f"\n50 notes reviewed by keyboard in {seconds:.1f} s")

    page.reload()
    assert page.text_content("#rv-progress") == "50 of 50 reviewed"
    decided = page.eval_on_selector_all("section.note", "ns => ns.map(n => n.getAttribute('data-decision'))")
    assert len(decided) == 50 and all(decided)
    page.eval_on_selector("#notes", "e => window.scrollTo(0, e.offsetTop - 10)")
    page.screenshot(path=str(shots / "review-keyboard-after-reload.png"))
    page.eval_on_selector("#sample", "e => e.scrollIntoView()")
    page.screenshot(path=str(shots / "sample-description.png"))

    with page.expect_download() as download:
        page.keyboard.press("e")
    export = reports["folder"] / "decisions-kb.jsonl"
    download.value.save_as(export)
    assert download.value.suggested_filename.startswith("decisions-r-") and download.value.suggested_filename.endswith("-KB.jsonl")
    lines = [json.loads(line) for line in export.read_text().splitlines()]
    report_id = page.get_attribute("body", "data-report-id")
    assert len(lines) == 50 and {line["id"] for line in lines} == set(expected)
    for line in lines:
        assert {"codes": sorted(line["gold"]["codes"]), "needs_review": line["gold"]["needs_review"]} == expected[line["id"]]
        assert line["report_id"] == report_id and line["reviewer"] == "KB" and line["stratum"] and line["decided_at"]
        assert line["sample"]["seed"] == 7 and line["sample"]["population"] == 88
    assert sum(line["comment"] == "checked against the operative note" for line in lines) == 1
    assert not errors

    # The export is a labelled corpus: `evaluate` scores the tool against the coder's labels.
    code, printed, err = cli("evaluate", export, reports["pred"])
    assert code == 0, err
    assert "estimated for the whole file" in printed and "by stratum" in printed
    predicted = {p["id"]: sorted(p["codes"]) for p in reports["predictions"]}
    agree = sum(expected[i]["codes"] == predicted[i] for i in expected)
    false_positives = sum(len(set(predicted[i]) - set(expected[i]["codes"])) for i in expected)
    false_negatives = sum(len(set(expected[i]["codes"]) - set(predicted[i])) for i in expected)
    result = evaluate(lines, reports["predictions"])
    assert 30 <= agree < 50 and result["exact_match"] == agree / 50
    assert (result["codes"]["fp"], result["codes"]["fn"]) == (false_positives, false_negatives)
    assert f"code-set exact match: {agree / 50:.3f}" in printed
    context.close()


def test_review_by_clicking_persists_per_report_and_exports(browser, reports, shots):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page, errors = open_page(context, reports["flagged"])
    total = page.locator("section.note").count()
    assert page.text_content("#rv-progress") == f"0 of {total} reviewed"
    notes = page.locator("section.note:not(.hidden)")
    first, second, third, fourth, fifth = (notes.nth(i) for i in range(5))
    ids = [n.get_attribute("data-id") for n in (first, second, third, fourth, fifth)]
    first.locator("button[data-act=accept]").click()
    second.locator("button[data-act=reject]").click()
    third.locator("select.rv-code").select_option("33962")
    fourth.locator("button[data-act=query]").click()
    fourth.locator("input.rv-comment").fill("ask about the approach")
    fifth.locator("button[data-act=accept]").click()
    page.keyboard.press("u")                                         # the clicked note is current: undo
    assert page.text_content("#rv-progress") == f"4 of {total} reviewed"
    assert [n.get_attribute("data-decision") for n in (first, second, third, fourth, fifth)] == \
        ["accept", "reject", "correct", "query", None]
    assert "corrected to 33962" in third.locator(".rv-state").text_content()
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 2400})
    page.eval_on_selector("#notes", "e => window.scrollTo(0, e.offsetTop - 10)")
    page.screenshot(path=str(shots / "review-mouse.png"))
    page.set_viewport_size(VIEWPORT)

    page.reload()
    notes = page.locator("section.note:not(.hidden)")
    assert page.text_content("#rv-progress") == f"4 of {total} reviewed"
    assert [notes.nth(i).get_attribute("data-decision") for i in range(5)] == ["accept", "reject", "correct", "query", None]
    assert notes.nth(3).locator("input.rv-comment").input_value() == "ask about the approach"
    assert notes.nth(2).locator("select.rv-code").input_value() == "33962"
    page.check("#f-todo")                                            # not reviewed only
    assert page.locator("section.note:not(.hidden)").count() == min(50, total - 4)
    page.uncheck("#f-todo")

    with page.expect_download() as download:
        page.click("#rv-export")
    lines = [json.loads(line) for line in Path(download.value.path()).read_text().splitlines()]
    by_id = {line["id"]: line for line in lines}
    assert list(by_id) == ids[:4]
    assert by_id[ids[1]]["gold"] == {"codes": [], "needs_review": False, "reposition": False}
    assert by_id[ids[2]]["gold"]["codes"] == ["33962"] and by_id[ids[2]]["decision"] == "correct"
    assert by_id[ids[3]]["gold"]["needs_review"] and by_id[ids[3]]["comment"] == "ask about the approach"
    assert by_id[ids[0]]["stratum"] is None and by_id[ids[0]]["sample"] is None
    assert page.input_value("#rv-export-text").count("\n") == 4     # the same, as text to copy

    # Another report in the same browser has its own decisions (storage keyed by the report id).
    other, _ = open_page(context, reports["sample"])
    assert other.text_content("#rv-progress") == "0 of 50 reviewed"
    assert not errors
    context.close()
