"""The HTML review report: contents, escaping, large batches, and the dev corpus in a real headless browser."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.report import LABEL_COLORS, iter_report, read_note_texts, read_predictions, review_group, write_report

from .conftest import DEV_CORPUS

TITLE = "ECMO cannula repositioning: review report"
INJECTED_ID = "INJ-1 <b id=\"pwned-id\">x</b>"
SCRIPT_TEXT = "<script>document.title='PWNED'</script>"
INJECTED_TEXT = (
    "62 yo M on VV ECMO day 4. " + SCRIPT_TEXT + " Procedure: the femoral drainage cannula was withdrawn 2 cm "
    "percutaneously under fluoroscopy. <img src=x onerror=\"document.body.appendChild("
    "document.createElement('div')).id='pwned'\"> <b>bold?</b> & done."
)


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def record(note_id, codes=(), review=False, error=None, reasons=(), evidence=()):
    return {"id": note_id, "codes": list(codes), "reposition": bool(codes or review), "approach": None,
            "fluoroscopy": False, "age_years": None, "age_source": None, "needs_review": review,
            "reasons": list(reasons), "evidence": list(evidence), "error": error}


def render(records, notes, **options) -> str:
    with read_note_texts(write_jsonl(Path(tempfile.mkdtemp()) / "notes.jsonl", notes)) as texts:
        return "".join(iter_report(records, texts, **options))


class TextOf(HTMLParser):
    """Text of the elements carrying `attr=value`, without displaCy's span labels (`dx-label`)."""

    def __init__(self, attr: str, value: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attr, self.value = attr, value
        self.depth = 0          # >0 inside a wanted element
        self.skip = 0           # >0 inside a label
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            if self.skip or "dx-label" in (attrs.get("class") or "").split():
                self.skip += 1
        elif attrs.get(self.attr) == self.value:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.skip:
                self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, markup: str, attr: str, value: str) -> str:
        parser = cls(attr, value)
        parser.feed(markup)
        return "".join(parser.parts)


class Elements(HTMLParser):
    """Every element's tag and attributes, as the parser (or browser) sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    @classmethod
    def of(cls, markup: str) -> list[tuple[str, dict]]:
        parser = cls()
        parser.feed(markup)
        return parser.elements


def assert_no_injected_elements(markup: str) -> None:
    elements = Elements.of(markup)
    ids = {a.get("id") for _, a in elements}
    assert not ids & {"pwned", "pwned-id"}
    assert [t for t, _ in elements].count("script") == 1      # the report's own script only
    assert all("chart" in (a.get("class") or "") for t, a in elements if t == "img")
    assert not [t for t, _ in elements if t in ("i", "u")]
    assert not [a for _, a in elements if any(k.startswith("on") for k in a)]


def squeeze(text: str) -> str:
    return "".join(text.split())


# ------------------------------------------------------------ contents and escaping


def test_report_escapes_ids_reasons_labels_evidence_and_text():
    evidence = [{"label": "reposition", "text": "withdrawn", "start": INJECTED_TEXT.index("withdrawn"),
                 "end": INJECTED_TEXT.index("withdrawn") + 9, "section": None},
                {"label": "<i>x</i>", "text": SCRIPT_TEXT, "start": INJECTED_TEXT.index("<script>"),
                 "end": INJECTED_TEXT.index("<script>") + len(SCRIPT_TEXT), "section": "<s>"}]
    records = [record(INJECTED_ID, ["33958"], reasons=["reason <img src=x onerror=alert(1)>"], evidence=evidence),
               record("<other>", reasons=["<script>alert(2)</script>"])]
    page = render(records, [{"id": INJECTED_ID, "text": INJECTED_TEXT}, {"id": "<other>", "text": "<u>note</u>"}])
    assert_no_injected_elements(page)
    assert page.count("<script") == 1 and "<img src=x" not in page and '<b id="pwned-id">' not in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page                  # the label, which displaCy does not escape itself
    assert "reason &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;other&gt;" in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    note_id = INJECTED_ID.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    assert f'data-id="{note_id}"' in page
    shown = TextOf.of(page, "data-id", INJECTED_ID)
    assert squeeze(INJECTED_TEXT) in squeeze(shown)        # the whole note, as text
    assert 'class="dx-tok"' in page and "dx-label" in page


def test_summary_counts_codes_review_reasons_errors_and_charts():
    records = [record("a", ["33957"]), record("b", ["33958"]), record("c", ["33958"]),
               record("d", review=True, reasons=["needs review: age conflict: the text says 54 but the metadata age is 55"]),
               record("e", review=True, reasons=["needs review: age conflict: the text says 3 but the metadata age is 9"]),
               record("f", error="malformed JSON on line 6: unexpected character"), record("g")]
    notes = [{"id": r["id"], "text": f"note {r['id']}"} for r in records]
    page = render(records, notes)
    assert '<div class="card" id="count-suggested-code"><b>3</b>' in page
    assert '<div class="card" id="count-needs-review"><b>2</b>' in page
    assert '<div class="card" id="count-errors"><b>1</b>' in page
    assert "<td>33958</td><td>2</td>" in page
    assert "<td>age conflict</td><td>2</td>" in page
    assert "<td>malformed JSON on line #</td><td>1</td>" in page
    assert page.count('src="data:image/png;base64,') == 2
    assert page.count('<section class="note"') == 6         # g has no code: listed compactly
    assert "<tr><td>g</td><td>no code</td>" in page


def test_review_reasons_are_grouped_without_their_details():
    assert review_group("needs review: approach not documented (percutaneous, open?)") == "approach not documented"
    assert review_group("needs review: implausible age 131") == "implausible age #"
    assert review_group("age 54 from '54 yo'") is None


def test_notes_join_by_id_in_order_and_problems_are_shown():
    records = [record("x", ["33957"], evidence=[{"label": "device", "text": "cannula", "start": 0, "end": 7}]),
               record("x", ["33957"], evidence=[{"label": "device", "text": "cannula", "start": 500, "end": 507}]),
               record("missing", ["33957"])]
    notes = [{"id": "x", "text": "cannula one"}, {"id": "x", "text": "second cannula"}, {"id": "extra", "text": "t"}]
    page = render(records, notes)
    assert "1 note(s) above repeat the id of another (first: x)" in page
    assert "second" in page and "one" in page
    assert "offsets outside the note" in page
    assert "No note with this id in the notes file." in page
    assert "1 prediction(s) have no note with the same id" in page
    assert "1 note(s) in the notes file have no prediction." in page


def test_large_batches_show_flagged_notes_first_up_to_the_limit(tmp_path):
    records = [record(f"n{i:04d}", ["33958"] if i % 3 == 0 else (), review=i % 7 == 1) for i in range(3000)]
    notes = [{"id": r["id"], "text": "VV ECMO cannula withdrawn 2 cm."} for r in records]
    page = render(records, notes, max_full=100)
    assert page.count('<section class="note"') == 100
    reviews = sum(r["needs_review"] for r in records)
    assert page.count('data-status="review"') == min(reviews, 100)
    assert page.count("<tr><td>n") == 2900
    assert "beyond the first 100 are listed" in page


def test_cli_report_jsonl_and_csv_predictions(tmp_path):
    pred, notes = tmp_path / "pred.jsonl", tmp_path / "notes.jsonl"
    write_jsonl(notes, [{"id": "a", "text": "VV ECMO: drainage cannula withdrawn 2 cm percutaneously. 54 yo M."}])
    assert main(["extract", str(notes), "-o", str(pred), "-q"]) == 0
    assert main(["report", str(pred), str(notes), "-o", str(tmp_path / "r.html")]) == 0
    assert "33958" in (tmp_path / "r.html").read_text()
    assert main(["extract", str(notes), "-o", str(tmp_path / "pred.csv"), "-q"]) == 0
    assert read_predictions(tmp_path / "pred.csv")[0]["codes"] == ["33958"]
    assert main(["report", str(tmp_path / "pred.csv"), str(notes), "-o", str(tmp_path / "c.html")]) == 0
    assert 'class="dx-tok"' in (tmp_path / "c.html").read_text()
    assert main(["report", str(tmp_path / "nope.jsonl"), str(notes)]) == 2


# ------------------------------------------------------------ the dev corpus in a real browser

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                              capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("report")
    notes = folder / "notes.jsonl"
    dev = [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()]
    write_jsonl(notes, [{"id": INJECTED_ID, "text": INJECTED_TEXT}] + dev)
    pred = folder / "pred.jsonl"
    assert main(["extract", str(notes), "-o", str(pred), "-q"]) == 0
    write_report(pred, notes, folder / "report.html")
    return folder / "report.html", [json.loads(line) for line in pred.read_text().splitlines()]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (as root: apt-get install -y chromium; "
                                              "`make test` installs it when it can): browser test skipped")
def test_dev_report_in_headless_chromium(dev_report):
    report, predictions = dev_report
    assert predictions[0]["codes"] == ["33958"]                # the injected note is shown in full
    dom = chromium(report, "--virtual-time-budget=3000", "--dump-dom").stdout.decode()
    # the report's own script ran (it fills the pager) and the injected ones did not
    assert "notes 1\u201350 of " in dom
    assert f"<title>{TITLE}</title>" in dom and "PWNED</title>" not in dom
    assert_no_injected_elements(dom)
    shown = TextOf.of(dom, "data-id", INJECTED_ID)
    assert "&lt;script&gt;" not in shown and squeeze(INJECTED_TEXT) in squeeze(shown)
    assert "document.title='PWNED'" in shown
    # displaCy span markup with our labels, and every suggested code
    assert dom.count('class="dx-tok"') > 100 and '<div class="spans"' in dom
    for label in ("reposition", "device", "approach", "fluoroscopy", "age"):
        assert f'<span class="dx-label" style="background: {LABEL_COLORS[label]}">{label}</span>' in dom
    flagged = [p for p in predictions if p["codes"] or p["needs_review"]]
    assert dom.count('<section class="note') == len(flagged)
    for p in flagged:
        assert f'data-id="{p["id"]}"' in dom or p["id"] == INJECTED_ID
        for code in p["codes"]:
            assert f'data-codes="{" ".join(p["codes"])}"' in dom and f">{code} (" in dom
    # a screenshot of the top of the page
    shot = report.with_suffix(".png")
    chromium(report, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.stat().st_size > 20_000


def test_note_text_reads_as_written_around_highlighted_spans():
    """displaCy puts a space after every token; words written without one stay joined."""
    import re

    from extractor.report import NoteRenderer

    text = "16 Fr dual-lumen cannula withdrawn 1.5 cm; re-secured with 3-0 silk (L/min 4.1)."
    start = text.index("withdrawn")
    rendered = NoteRenderer().render(text, [{"label": "reposition", "text": "withdrawn", "start": start,
                                             "end": start + len("withdrawn")}])
    shown = re.sub(r"<[^>]+>", "", rendered.html)
    assert rendered.spans == 1
    for written in ("dual-lumen", "re-secured", "3-0", "(L/min", "4.1)."):
        assert written in shown, shown
    assert "dual - lumen" not in shown and "withdrawn" in shown


# ------------------------------------------------------------ hostile predictions and notes (issue 16, issue 12)

GOOD_TEXT = "VV ECMO day 3. The drainage cannula was withdrawn 2 cm percutaneously. 54 yo M."


def report_cli(tmp_path, predictions, notes, *extra) -> tuple[int, str, str]:
    """Run `ecmo-cpt report` in-process; (exit code, the HTML or '', standard error)."""
    import contextlib
    import io

    pred = write_jsonl(tmp_path / "pred.jsonl", predictions) if isinstance(predictions, list) else predictions
    note_file = write_jsonl(tmp_path / "notes.jsonl", notes) if isinstance(notes, list) else notes
    out = tmp_path / "r.html"
    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["report", str(pred), str(note_file), "-o", str(out), *extra])
    return code, out.read_text() if out.exists() else "", err.getvalue()


def test_malformed_predictions_are_reported_as_errors_not_crashes(tmp_path):
    records = [dict(record("ok", ["33958"]), rule="PERCUTANEOUS_6_PLUS", site="A"),  # extra fields are fine
               dict(record("int-codes"), codes=5),
               dict(record("str-codes"), codes="33958", reposition=True),
               dict(record("bad-bool"), needs_review="yes"),
               ["not", "an", "object"]]
    notes = [{"id": i, "text": GOOD_TEXT} for i in ("ok", "int-codes", "str-codes", "bad-bool")]
    code, page, err = report_cli(tmp_path, records, notes)
    assert code == 0, err
    assert '<div class="card" id="count-errors"><b>4</b>' in page
    assert "4 prediction record(s) break the output contract" in page
    assert "&#x27;codes&#x27; must be a list of codes, got int 5" in page
    assert "&#x27;codes&#x27; must be a list of codes, got str &#x27;33958&#x27;" in page
    assert "&#x27;needs_review&#x27; must be true or false, got &#x27;yes&#x27;" in page
    assert "record is not an object (got list)" in page
    # "33958" as a string is not split into the characters 3, 3, 9, 5, 8
    assert "<td>3</td>" not in page and "<td>9</td>" not in page and "<td>33958</td><td>1</td>" in page
    for note_id in ("int-codes", "str-codes", "bad-bool"):
        section = page.split(f'data-id="{note_id}"')[1].split("</section>")[0]
        assert "INVALID PREDICTION" in section and "reposition:" not in section


def test_a_reason_that_reads_as_mathtext_does_not_abort_the_report(tmp_path):
    reason = "needs review: $\\frac{1}{$ x"
    records = [record("m", review=True, reasons=[reason]), record("n", ["33957"])]
    code, page, err = report_cli(tmp_path, records, [{"id": "m", "text": GOOD_TEXT}, {"id": "n", "text": GOOD_TEXT}])
    assert code == 0, err
    assert "<td>$\\frac{#}{$ x</td><td>1</td>" in page          # digits are grouped as #
    assert page.count('src="data:image/png;base64,') == 2


def test_swapped_arguments_and_files_that_are_not_predictions_are_refused(tmp_path):
    notes = [{"id": "a", "text": GOOD_TEXT}]
    pred = write_jsonl(tmp_path / "p.jsonl", [record("a", ["33958"])])
    note_file = write_jsonl(tmp_path / "n.jsonl", notes)
    code, page, err = report_cli(tmp_path, note_file, pred)            # NOTES PRED
    assert code == 2 and not page
    assert "not a predictions file" in err and "notes (records with 'text')" in err and "swapped" in err
    code, page, err = report_cli(tmp_path, DEV_CORPUS, note_file)      # gold labels given as predictions
    assert code == 2 and "gold labels" in err
    code, page, err = report_cli(tmp_path, pred, pred)                 # predictions given as notes
    assert code == 2 and "no 'text'" in err and "swapped" in err
    csv_notes = tmp_path / "notes.csv"
    csv_notes.write_text("id,text\na,VV ECMO cannula withdrawn\n")
    code, page, err = report_cli(tmp_path, csv_notes, note_file)
    assert code == 2 and "no 'codes' column" in err


def test_a_note_with_bad_metadata_shows_its_text_and_no_verdict_like_facts(tmp_path):
    """issue 12: '(no text)' for a note that has text, and error cards reading like a verdict."""
    notes = [{"id": "bad-dob", "text": GOOD_TEXT, "meta": {"dob": "2026-02-30"}}]
    note_file = write_jsonl(tmp_path / "notes.jsonl", notes)
    pred = tmp_path / "pred.jsonl"
    assert main(["extract", str(note_file), "-o", str(pred), "-q"]) == 1
    code, page, err = report_cli(tmp_path, pred, note_file)
    assert code == 0, err
    section = page.split('data-id="bad-dob"')[1].split("</section>")[0]
    assert "(no text)" not in section and "withdrawn" in section
    assert "meta.dob is not a valid date" in section
    assert "reposition: False" not in section and "fluoroscopy: False" not in section


def test_report_holds_no_note_text_in_memory(tmp_path):
    """issue 16: the report held every note text (756 MB at 300k notes). 100 MB of notes here."""
    import sys

    notes = tmp_path / "notes.jsonl"
    filler = ("Patient resting comfortably on VV ECMO, flows stable, no change to the circuit today. " * 300)[:25_000]
    with open(notes, "w") as stream:
        for i in range(4000):
            stream.write(json.dumps({"id": f"n{i}", "text": f"{i} {filler}"}) + "\n")
    write_jsonl(tmp_path / "pred.jsonl", [record(f"n{i}", ["33958"] if i % 500 == 0 else ()) for i in range(4000)])
    probe = (
        "import resource, sys\n"
        "from extractor.report import write_report\n"
        "import spacy, matplotlib.figure, orjson\n"
        "spacy.blank('en')\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"write_report({str(tmp_path / 'pred.jsonl')!r}, {str(notes)!r}, {str(tmp_path / 'r.html')!r})\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print((after - before) // 1024)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    grew_mb = int(done.stdout.strip())
    assert grew_mb < 40, f"peak memory grew by {grew_mb} MB for 100 MB of notes"
    page = (tmp_path / "r.html").read_text()
    assert page.count('<section class="note"') == 8 and "n3500" in page


def test_matplotlib_is_an_extra_and_its_absence_is_said_clearly(tmp_path):
    """issue 12: matplotlib was a hard dependency of a component dropped into other pipelines."""
    import sys
    from importlib.metadata import requires

    needs = [r for r in requires("ecmo-cpt") if r.startswith("matplotlib")]
    assert needs and all('extra == "report"' in r for r in needs)
    pred = write_jsonl(tmp_path / "p.jsonl", [record("a", ["33958"])])
    note_file = write_jsonl(tmp_path / "n.jsonl", [{"id": "a", "text": GOOD_TEXT}])
    without = ("import sys; sys.modules['matplotlib'] = None\n"
               "import extractor\n"
               "assert extractor.suggest(" + repr(GOOD_TEXT) + ")['codes'] == ['33958']\n"
               "from extractor.cli import main\n"
               f"sys.exit(main(['report', {str(pred)!r}, {str(note_file)!r}, '-o', {str(tmp_path / 'r.html')!r}]))\n")
    done = subprocess.run([sys.executable, "-c", without], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "needs matplotlib" in done.stderr and "pip install 'ecmo-cpt[report]'" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()
