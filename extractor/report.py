"""A self-contained HTML review report of predictions, for coders.

`write_report(predictions, notes, output)` joins the extractor's output records to the notes by
id and writes one HTML file with no external assets: a summary (counts by code, needs-review
reasons grouped, errors, two small matplotlib bar charts inlined as base64 PNG), then the notes
with their suggested codes, reasons and text, the evidence spans highlighted with displaCy's span
renderer. Notes with a suggested code, needing review or in error are shown in full (at most
`max_full` of them, review and errors first); the others are listed compactly, one line each.

Everything taken from the input (ids, reasons, labels, evidence, note text) is HTML-escaped:
displaCy escapes token text itself but not span labels, so labels are escaped before rendering.
A Content-Security-Policy allows only the report's own inline script and data: images.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import os
import re
import tempfile
import time
import warnings
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

import orjson

DEFAULT_MAX_FULL = 2000
PAGE_SIZE = 50
SPANS_KEY = "evidence"

LABEL_COLORS = {
    "reposition": "#ff9561",
    "device": "#7aecec",
    "approach": "#bfeeb7",
    "fluoroscopy": "#feca74",
    "age": "#c887fb",
    "dob": "#c887fb",
    "service_date": "#c887fb",
    "patient": "#aa9cfc",
    "context": "#ff8197",
    "other_device": "#d3d3d3",
    "insertion": "#9cc9cc",
    "exchange": "#9cc9cc",
    "removal": "#9cc9cc",
}

# displaCy's span templates (spacy.displacy.templates TPL_SPAN, TPL_SPAN_SLICE, TPL_SPAN_START)
# with the inline styles moved to CSS classes and the indentation removed: the same markup, a
# third of the size, and the note's line breaks can be kept with `white-space: pre-line`.
DISPLACY_TEMPLATE = {
    "span": '<span class="dx-tok" style="height: {total_height}px">{text}{span_slices}{span_starts}</span> ',
    "slice": '<span class="dx-slice" style="background: {bg}; top: {top_offset}px"></span>',
    "start": ('<span class="dx-start" style="background: {bg}; top: {top_offset}px">'
              '<span class="dx-label" style="background: {bg}">{label}{kb_link}</span></span>'),
}

STATUS_LABELS = {"suggested": "suggested code", "review": "needs review", "error": "error", "none": "no code"}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#222}
h1{font-size:1.5em;margin:16px 0 4px}h2{font-size:1.2em;margin:24px 0 8px;border-bottom:1px solid #ddd}
.muted{color:#666}.small{font-size:.85em}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:1.6em}
.grid{display:flex;flex-wrap:wrap;gap:24px}.grid>div{flex:1 1 420px}
table{border-collapse:collapse;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
img.chart{max-width:100%;height:auto}
.legend span{display:inline-block;padding:1px 6px;margin:2px;border-radius:3px;font-size:.85em}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:8px 0;z-index:50;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
.note{border:1px solid #ddd;border-radius:6px;margin:14px 0;padding:8px 14px}
.note h3{margin:4px 0;font-size:1.05em}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;margin-left:6px;font-size:.85em;font-weight:600}
.b-suggested{background:#d4f5d0}.b-review{background:#ffe08a}.b-error{background:#ffb3b3}.b-none{background:#e6e6e6}
.facts{font-size:.85em;color:#444}
ul.reasons{margin:6px 0;padding-left:20px;font-size:.9em}
li.review{font-weight:600;color:#8a5a00}
.problem{color:#a00;font-size:.9em}
.spans,.plain{white-space:pre-line;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;border-top:1px dashed #ddd;margin-top:6px;padding-top:4px}
.plain{line-height:1.6}
.dx-tok{font-weight:bold;display:inline-block;position:relative;white-space:nowrap}
.dx-slice,.dx-start{height:4px;left:-1px;width:calc(100% + 2px);position:absolute}
.dx-start{border-top-left-radius:3px;border-bottom-left-radius:3px}
.dx-label{z-index:10;color:#000;top:-.5em;padding:2px 3px;position:absolute;font-size:.6em;font-weight:bold;line-height:1;border-radius:3px;white-space:nowrap;font-family:system-ui,Arial,sans-serif}
details{margin:6px 0}summary{cursor:pointer}
.hidden{display:none}
"""

# Filters and pagination. Without JavaScript every note is shown.
SCRIPT = """
(function(){
var notes=Array.prototype.slice.call(document.querySelectorAll('section.note'));
var page=0,size=%(page_size)d,shown=[];
function $(id){return document.getElementById(id);}
function apply(reset){
  var code=$('f-code').value,q=$('f-id').value.trim().toLowerCase(),want={};
  ['suggested','review','error','none'].forEach(function(s){var b=$('f-'+s);want[s]=!b||b.checked;});
  shown=notes.filter(function(n){
    if(!want[n.dataset.status])return false;
    if(code&&(' '+n.dataset.codes+' ').indexOf(' '+code+' ')<0)return false;
    if(q&&n.dataset.id.toLowerCase().indexOf(q)<0)return false;
    return true;});
  if(reset)page=0;
  var pages=Math.max(1,Math.ceil(shown.length/size));if(page>=pages)page=pages-1;
  notes.forEach(function(n){n.classList.add('hidden');});
  shown.slice(page*size,(page+1)*size).forEach(function(n){n.classList.remove('hidden');});
  $('f-count').textContent=shown.length?('notes '+(page*size+1)+'\\u2013'+Math.min(shown.length,(page+1)*size)+' of '+shown.length+' (page '+(page+1)+' of '+pages+')'):'no note matches';
  $('f-prev').disabled=page<=0;$('f-next').disabled=page>=pages-1;}
['f-code','f-suggested','f-review','f-error','f-none'].forEach(function(id){var e=$(id);if(e)e.addEventListener('change',function(){apply(true);});});
$('f-id').addEventListener('input',function(){apply(true);});
$('f-prev').addEventListener('click',function(){page--;apply(false);window.scrollTo(0,$('notes').offsetTop);});
$('f-next').addEventListener('click',function(){page++;apply(false);window.scrollTo(0,$('notes').offsetTop);});
$('filters').classList.remove('hidden');
apply(true);
})();
""" % {"page_size": PAGE_SIZE}


def esc(value: Any) -> str:
    """HTML-escape anything for text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def status_of(record: Mapping[str, Any]) -> str:
    if record.get("error"):
        return "error"
    if record.get("needs_review"):
        return "review"
    if record.get("codes"):
        return "suggested"
    return "none"


_DIGITS = re.compile(r"\d+")


def review_group(reason: str) -> Optional[str]:
    """The kind of a 'needs review: ...' reason, details (ages, dates, quotes) left out."""
    if not reason.startswith("needs review:"):
        return None
    kind = reason[len("needs review:"):].strip()
    kind = re.split(r"[:(]| but |, ", kind, maxsplit=1)[0].strip()
    return _DIGITS.sub("#", kind) or "unspecified"


def error_group(message: str) -> str:
    return _DIGITS.sub("#", re.split(r"[:(]", str(message), maxsplit=1)[0].strip())[:120] or "error"


# ---------------------------------------------------------------- reading


def read_predictions(path: Union[str, Path]) -> list[dict[str, Any]]:
    """Output records from JSONL (default) or CSV (`codes`, `reasons`, `evidence` as JSON)."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        from .io import read_records

        return [r if isinstance(r, dict) else {"id": None, "error": "prediction record is not an object"}
                for r in read_records(path)]
    records = []
    with open(path, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            record: dict[str, Any] = dict(row)
            for key in ("codes", "reasons", "evidence"):
                record[key] = orjson.loads(row[key]) if row.get(key) else []
            for key in ("reposition", "fluoroscopy", "needs_review"):
                record[key] = str(row.get(key, "")).lower() == "true"
            record["error"] = row.get("error") or None
            records.append(record)
    return records


def read_note_texts(path: Union[str, Path]) -> dict[str, deque]:
    """id -> texts (in file order; the same ids as `extract` gives, `line:N` when missing)."""
    from .io import read_notes

    texts: dict[str, deque] = defaultdict(deque)
    for note in read_notes(path):
        texts[note.id].append(note.text or "")
    return texts


# ---------------------------------------------------------------- rendering


@dataclass
class Rendered:
    html: str
    spans: int = 0
    problems: list[str] = field(default_factory=list)


class NoteRenderer:
    """Note text with its evidence spans highlighted by displaCy's span renderer."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.blank("en")
        self.options = {"spans_key": SPANS_KEY, "colors": LABEL_COLORS, "template": DISPLACY_TEMPLATE}

    def render(self, text: str, evidence: Iterable[Any]) -> Rendered:
        from spacy import displacy

        problems: list[str] = []
        placed: list[tuple[int, int, str]] = []
        doc = self.nlp.make_doc(text)
        mismatched = 0
        for item in evidence or []:
            if not isinstance(item, Mapping):
                problems.append("an evidence item is not an object")
                continue
            start, end, label = item.get("start"), item.get("end"), str(item.get("label") or "evidence")
            if (isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int)
                    or not isinstance(end, int) or not 0 <= start < end <= len(text)):
                problems.append(f"evidence {label!r} has offsets outside the note ({start!r}, {end!r})")
                continue
            if item.get("text") is not None and text[start:end] != item.get("text"):
                mismatched += 1
            span = doc.char_span(start, end, label=esc(label), alignment_mode="expand")
            if span is None:
                problems.append(f"evidence {label!r} at {start}-{end} does not cover a token")
                continue
            key = (span.start, span.end, span.label_)
            if key not in placed:
                placed.append(key)
        if mismatched:
            problems.append(f"{mismatched} evidence item(s) do not match the note text at their offsets "
                            "(is this the notes file the predictions were made from?)")
        if not placed:
            return Rendered(f'<div class="plain">{esc(text)}</div>', 0, problems)
        doc = _display_doc(doc, placed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            markup = displacy.render(doc, style="span", options=self.options, page=False, jupyter=False)
        return Rendered(markup, len(placed), problems)


def _display_doc(doc: Any, placed: list[tuple[int, int, str]]) -> Any:
    """The note as displaCy will show it, with the evidence spans in `doc.spans`.

    displaCy writes a space after every token, so "dual-lumen" would read "dual - lumen".
    Tokens the note writes without a space between them are joined into one displayed token,
    unless an evidence span begins or ends between them.
    """
    from spacy.tokens import Doc, Span

    boundaries = {start for start, _, _ in placed} | {end for _, end, _ in placed}
    groups: list[list[int]] = [[0, 1]]
    for i in range(1, len(doc)):
        if doc[i - 1].whitespace_ or i in boundaries:
            groups.append([i, i + 1])
        else:
            groups[-1][1] = i + 1
    text = doc.text
    words = [text[doc[a].idx:doc[b - 1].idx + len(doc[b - 1])] for a, b in groups]
    spaces = [bool(doc[b - 1].whitespace_) for _, b in groups]
    shown = Doc(doc.vocab, words=words, spaces=spaces)
    group_of = {}
    for index, (a, b) in enumerate(groups):
        for i in range(a, b):
            group_of[i] = index
    shown.spans[SPANS_KEY] = [Span(shown, group_of[s], group_of[e - 1] + 1, label=label) for s, e, label in placed]
    return shown


def bar_chart(counts: list[tuple[str, int]], title: str, color: str) -> str:
    """A small horizontal bar chart as an <img> with an inline base64 PNG ('' when empty)."""
    if not counts:
        return ""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    labels = [label if len(label) <= 60 else label[:57] + "..." for label, _ in counts][::-1]
    values = [n for _, n in counts][::-1]
    fig = Figure(figsize=(6, 0.45 * len(labels) + 0.9), dpi=96)
    ax = fig.add_subplot()
    bars = ax.barh(range(len(labels)), values, color=color)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.bar_label(bars, fontsize=8, padding=2)
    ax.set_title(title, fontsize=10)
    ax.set_xlim(0, max(values) * 1.15 + 0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="chart" alt="{esc(title)}" src="data:image/png;base64,{data}">'


def _table(rows: Iterable[tuple[Any, ...]], head: tuple[str, ...]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return "<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + f"</tr>{body}</table>"


def _verdict(record: Mapping[str, Any], status: str) -> str:
    if status == "error":
        return "ERROR"
    if status == "review":
        return "NEEDS REVIEW"
    if status == "suggested":
        return " ".join(str(c) for c in record.get("codes") or [])
    return "no code"


# ---------------------------------------------------------------- the report


@dataclass
class ReportStats:
    notes: int = 0
    full: int = 0
    compact: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_code: Counter = field(default_factory=Counter)
    review_reasons: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    missing_text: list[str] = field(default_factory=list)
    unmatched_notes: int = 0
    bytes: int = 0
    seconds: float = 0.0


def choose_full(records: list[dict[str, Any]], statuses: list[str], all_notes: bool, max_full: Optional[int]) -> set[int]:
    """Indexes of the records shown in full: errors, then needs review, then suggested (then the rest)."""
    wanted = ("error", "review", "suggested", "none") if all_notes else ("error", "review", "suggested")
    order = [i for s in wanted for i, st in enumerate(statuses) if st == s]
    if max_full is not None and max_full >= 0:
        order = order[:max_full]
    return set(order)


def iter_report(records: list[dict[str, Any]], texts: Mapping[str, deque], *, all_notes: bool = False,
                max_full: Optional[int] = DEFAULT_MAX_FULL, title: str = "ECMO cannula repositioning: review report",
                source: str = "", stats: Optional[ReportStats] = None) -> Iterator[str]:
    """The report as chunks of HTML (`texts` is consumed: each id's texts are taken in order)."""
    stats = stats if stats is not None else ReportStats()
    stats.notes = len(records)
    statuses = [status_of(r) for r in records]
    stats.by_status.update(statuses)
    per_code_status: Counter = Counter()
    for record, status in zip(records, statuses):
        for code in record.get("codes") or []:
            stats.by_code[str(code)] += 1
        if status == "review":
            groups = {review_group(str(r)) for r in record.get("reasons") or []} - {None}
            stats.review_reasons.update(groups or {"(no reason given)"})
        if status == "error":
            stats.errors[error_group(record.get("error"))] += 1
    full = choose_full(records, statuses, all_notes, max_full)
    stats.full = len(full)
    stats.compact = len(records) - len(full)
    flagged_compact = sum(1 for i, s in enumerate(statuses) if s != "none" and i not in full)

    # Join notes to predictions by id, in order for repeated ids.
    joined: list[Optional[str]] = []
    for record in records:
        queue = texts.get(str(record.get("id")))
        joined.append(queue.popleft() if queue else None)
    stats.unmatched_notes = sum(len(q) for q in texts.values())
    stats.missing_text = [str(r.get("id")) for r, t in zip(records, joined) if t is None]

    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    yield ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n")
    yield f"<h1>{esc(title)}</h1>"
    yield (f'<p class="muted small">{esc(source)} Generated {esc(time.strftime("%Y-%m-%d %H:%M"))}. '
           "Suggestions only: every code needs a coder's confirmation against the full record.</p>")

    # ---- summary
    yield '<h2 id="summary">Summary</h2><div class="cards">'
    cards = [("notes", stats.notes), ("suggested code", stats.by_status["suggested"]),
             ("needs review", stats.by_status["review"]), ("no code", stats.by_status["none"]),
             ("errors", stats.by_status["error"])]
    for name, number in cards:
        yield f'<div class="card" id="count-{esc(name.replace(" ", "-"))}"><b>{number:,}</b>{esc(name)}</div>'
    yield "</div>"
    if stats.missing_text:
        shown = ", ".join(stats.missing_text[:20]) + (" ..." if len(stats.missing_text) > 20 else "")
        yield (f'<p class="problem">{len(stats.missing_text):,} prediction(s) have no note with the same id in '
               f"the notes file: {esc(shown)}</p>")
    if stats.unmatched_notes:
        yield f'<p class="problem">{stats.unmatched_notes:,} note(s) in the notes file have no prediction.</p>'
    codes = sorted(stats.by_code.items())
    reasons = stats.review_reasons.most_common()
    yield '<div class="grid"><div><h3>Suggested codes</h3>'
    yield _table(codes, ("code", "notes")) if codes else "<p class=muted>No code suggested.</p>"
    yield bar_chart(codes, "Notes by suggested code", "#4c9a52")
    yield "</div><div><h3>Needs review: reasons</h3>"
    yield _table(reasons, ("reason", "notes")) if reasons else "<p class=muted>No note needs review.</p>"
    yield bar_chart(reasons, "Needs-review notes by reason", "#d9a21b")
    yield "</div></div>"
    if stats.errors:
        yield "<h3>Errors</h3>" + _table(stats.errors.most_common(), ("error", "notes"))
    yield '<p class="legend small">Evidence labels: ' + "".join(
        f'<span style="background:{color}">{esc(label)}</span>' for label, color in LABEL_COLORS.items()) + "</p>"
    if flagged_compact:
        yield (f'<p class="problem">{flagged_compact:,} flagged note(s) beyond the first {stats.full:,} are listed '
               'compactly under "Other notes" (raise --max-notes to show them in full).</p>')

    # ---- filters and the notes shown in full
    yield f'<h2 id="notes">Notes shown in full ({stats.full:,})</h2>'
    options = "".join(f'<option value="{esc(c)}">{esc(c)} ({n:,})</option>' for c, n in codes)
    boxes = "".join(
        f'<label><input type="checkbox" id="f-{s}" checked> {esc(STATUS_LABELS[s])}</label>'
        for s in ("suggested", "review", "error", "none") if any(statuses[i] == s for i in full))
    yield ('<div id="filters" class="hidden">' + boxes +
           f'<label>code <select id="f-code"><option value="">any</option>{options}</select></label>'
           '<label>id <input id="f-id" type="search" size="14"></label>'
           '<button id="f-prev" type="button">&larr; previous</button><button id="f-next" type="button">next &rarr;</button>'
           '<span id="f-count" class="muted small"></span></div>')

    renderer = NoteRenderer()
    compact_rows: list[str] = []
    for index, (record, status, text) in enumerate(zip(records, statuses, joined)):
        note_id = str(record.get("id"))
        verdict = _verdict(record, status)
        if index not in full:
            first = "; ".join(str(r) for r in (record.get("reasons") or [])) or str(record.get("error") or "")
            first = first if len(first) <= 180 else first[:177] + "..."
            compact_rows.append(f'<tr><td>{esc(note_id)}</td><td>{esc(verdict)}</td><td>{esc(first)}</td></tr>')
            continue
        codes_attr = " ".join(str(c) for c in record.get("codes") or [])
        yield (f'<section class="note" data-status="{status}" data-codes="{esc(codes_attr)}" data-id="{esc(note_id)}">'
               f'<h3><span class="note-id">{esc(note_id)}</span><span class="badge b-{status}">{esc(verdict)}</span></h3>')
        if status == "error":
            yield f'<p class="problem">Error: {esc(record.get("error"))}</p>'
        age = record.get("age_years")
        yield (f'<div class="facts">reposition: {esc(record.get("reposition"))} &middot; approach: '
               f'{esc(record.get("approach") or "-")} &middot; fluoroscopy: {esc(record.get("fluoroscopy"))} '
               f'&middot; age: {esc("-" if age is None else age)}'
               f'{esc(" (" + str(record.get("age_source")) + ")") if record.get("age_source") else ""}</div>')
        reasons_html = "".join(
            f'<li class="{"review" if str(r).startswith("needs review:") else ""}">{esc(r)}</li>'
            for r in record.get("reasons") or [])
        if reasons_html:
            yield f'<ul class="reasons">{reasons_html}</ul>'
        if text is None:
            yield '<p class="problem">No note with this id in the notes file.</p>'
        elif not text:
            yield '<p class="muted">(no text)</p>'
        else:
            rendered = renderer.render(text, record.get("evidence") or [])
            for problem in rendered.problems:
                yield f'<p class="problem">{esc(problem)}</p>'
            yield rendered.html
        evidence = [e for e in record.get("evidence") or [] if isinstance(e, Mapping)]
        if evidence:
            rows = [(e.get("label"), e.get("text"), e.get("start"), e.get("end"), e.get("section") or "") for e in evidence]
            yield (f'<details class="small"><summary>evidence ({len(evidence)})</summary>'
                   + _table(rows, ("label", "text", "start", "end", "section")) + "</details>")
        yield "</section>\n"

    yield f'<h2 id="other">Other notes ({len(compact_rows):,})</h2>'
    if compact_rows:
        what = "notes with no code" if not flagged_compact else "notes not shown in full"
        yield (f'<details><summary>{len(compact_rows):,} {what}: id, verdict, reasons</summary>'
               '<table id="other-notes"><tr><th>id</th><th>verdict</th><th>reasons</th></tr>')
        for start in range(0, len(compact_rows), 1000):
            yield "".join(compact_rows[start:start + 1000])
        yield "</table></details>"
    else:
        yield '<p class="muted">None: every note is shown above.</p>'
    yield f"<script>{SCRIPT}</script></body></html>\n"


def write_report(predictions: Union[str, Path], notes: Union[str, Path], output: Union[str, Path], *,
                 all_notes: bool = False, max_full: Optional[int] = DEFAULT_MAX_FULL,
                 title: str = "ECMO cannula repositioning: review report") -> ReportStats:
    """Write the report to `output` (through a temporary file renamed when complete)."""
    started = time.perf_counter()
    records = read_predictions(predictions)
    texts = read_note_texts(notes)
    stats = ReportStats()
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            source = f"Predictions: {Path(predictions).name}; notes: {Path(notes).name}."
            for chunk in iter_report(records, texts, all_notes=all_notes, max_full=max_full, title=title,
                                     source=source, stats=stats):
                stream.write(chunk)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is for sharing
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    stats.bytes = target.stat().st_size
    stats.seconds = time.perf_counter() - started
    return stats
