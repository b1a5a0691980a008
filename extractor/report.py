"""A self-contained HTML review report of predictions, for coders, and their worklist.

`write_report(predictions, notes, output)` joins the extractor's output records to the notes by
id and writes one HTML file with no external assets: a summary (counts by code, needs-review
reasons grouped, errors, two small matplotlib bar charts inlined as base64 PNG), then the notes
with their suggested codes, reasons and text, the evidence spans highlighted with displaCy's span
renderer. Notes with a suggested code, needing review or in error are shown in full (at most
`max_full` of them, review and errors first); the others are listed compactly, one line each.
With `sample=N`, the report shows a stratified random sample of N notes instead (see
`sampling.py`) and says how it was drawn.

Each note shown in full is a worklist item: the report's script lets a coder accept, reject or
correct it (mouse or keyboard), keeps the decisions in the browser's localStorage under the
report's id, and exports them as JSON lines in the gold format (`decisions.py`).

Memory: the predictions file is read twice (statistics, then the notes), and the note texts are
kept in a temporary file, indexed by offset; only the note being drawn is held in memory.

Everything taken from the input (ids, reasons, labels, evidence, note text) is HTML-escaped:
displaCy escapes token text itself but not span labels, so labels are escaped before rendering.
A Content-Security-Policy allows only the report's own inline script and data: images.
Predictions that break the output contract are shown as errors (`predictions.py`).
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import sys
import tempfile
import time
import warnings
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Optional, Union

import orjson

from .coding import RULES
from .predictions import (FAMILY, NotPredictions, error_group, iter_predictions, read_predictions, review_group,
                          status_of, stratum_of)
from .predictions import verdict as verdict_of
from .sampling import DEFAULT_NO_CODE_SHARE, Sample, draw

__all__ = ["write_report", "iter_report", "NoteStore", "read_predictions", "review_group", "status_of",
           "NotPredictions", "NotNotes", "MissingDependency", "LABEL_COLORS"]

DEFAULT_MAX_FULL = 2000
PAGE_SIZE = 50
SPANS_KEY = "evidence"
TITLE = "ECMO cannula repositioning: review report"
STATUS_CODES = {"suggested": 0, "review": 1, "error": 2, "none": 3}
STATUS_NAMES = {v: k for k, v in STATUS_CODES.items()}

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
section.note.current{outline:3px solid #3b82f6;outline-offset:2px}
section.note[data-decision=accept]{border-left:6px solid #2e9d4a}
section.note[data-decision=reject]{border-left:6px solid #c0392b}
section.note[data-decision=correct]{border-left:6px solid #2563eb}
section.note[data-decision=query]{border-left:6px solid #d9a21b}
.rv-box{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0;padding:6px 8px;background:#f4f6f8;border-radius:4px;font-size:.9em}
.rv-box button,.rv-box select,#review-bar button{font-size:.95em}
.rv-state{color:#444;margin-left:4px}
section.note[data-decision] .rv-state{font-weight:600}
#review-bar{display:flex;flex-wrap:wrap;gap:12px;align-items:center;width:100%;border-top:1px solid #eee;padding-top:6px}
#rv-progress{font-weight:600}
kbd{border:1px solid #bbb;border-radius:3px;padding:0 4px;font-size:.85em;background:#fafafa}
.sample td.n,.sample th.n{text-align:right}
textarea#rv-export-text{width:100%;height:8em;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8em}
"""

# Filters, pagination and the coder's review. Without JavaScript every note is shown, without
# review controls. Data comes from attributes (the script itself holds none, so its hash is fixed).
SCRIPT = r"""
(function(){
'use strict';
var FAMILY=__FAMILY__;
var body=document.body,reportId=body.getAttribute('data-report-id')||'',sample=null;
try{sample=body.getAttribute('data-sample')?JSON.parse(body.getAttribute('data-sample')):null;}catch(e){sample=null;}
var KEY='ecmo-cpt-review:'+reportId;
var notes=Array.prototype.slice.call(document.querySelectorAll('section.note'));
var page=0,size=__PAGE_SIZE__,shown=[],current=null,storageOk=true;
var state={reviewer:'',decisions:{}};
function $(id){return document.getElementById(id);}
function attr(n,name){return n.getAttribute(name)||'';}
function codesOf(n){var c=attr(n,'data-codes');return c?c.split(' '):[];}
try{var saved=JSON.parse(window.localStorage.getItem(KEY)||'null');
  if(saved&&saved.decisions&&typeof saved.decisions==='object'){state=saved;}}catch(e){storageOk=false;}
function save(){try{window.localStorage.setItem(KEY,JSON.stringify(state));storageOk=true;}catch(e){storageOk=false;}progress();}
function decisionOf(n){return state.decisions[attr(n,'data-key')]||null;}
function decided(n){var d=decisionOf(n);return !!(d&&d.decision);}
function labelOf(d){if(d.codes&&d.codes.length)return d.codes.join('+');return d.needs_review?'needs query':'no code';}
function progress(){
  var done=notes.filter(decided).length;
  $('rv-progress').textContent=done+' of '+notes.length+' reviewed';
  $('rv-export').textContent='Export '+done+' decision'+(done===1?'':'s');
  $('rv-export').disabled=!done;
  $('rv-saved').textContent=storageOk?'decisions are kept in this browser':'cannot save in this browser: export before closing';}
function show(n){
  var d=decisionOf(n)||{},box=n.querySelector('.rv-box'),text='not reviewed';
  if(d.decision){n.setAttribute('data-decision',d.decision);}else{n.removeAttribute('data-decision');}
  if(!box)return;
  if(d.decision==='accept')text='accepted: '+labelOf(d);
  else if(d.decision==='reject')text='rejected: no code';
  else if(d.decision==='correct')text='corrected to '+labelOf(d);
  else if(d.decision==='query')text='needs query';
  if(d.decision&&d.at)text+=' \u00b7 '+d.at.slice(0,16).replace('T',' ');
  box.querySelector('.rv-state').textContent=text;
  var c=box.querySelector('.rv-comment');if(document.activeElement!==c)c.value=d.comment||'';
  box.querySelector('.rv-code').value=(d.decision==='correct'&&d.codes.length===1)?d.codes[0]:'';}
function decide(n,what,code){
  if(!n)return false;
  var st=attr(n,'data-status'),key=attr(n,'data-key'),old=state.decisions[key]||{};
  var d={decision:what,comment:old.comment||'',at:new Date().toISOString()};
  if(what==='accept'){if(st==='error')return false;d.codes=codesOf(n);d.needs_review=(st==='review');}
  else if(what==='reject'){d.codes=[];d.needs_review=false;}
  else if(what==='correct'){if(FAMILY.indexOf(code)<0)return false;d.codes=[code];d.needs_review=false;}
  else if(what==='query'){d.codes=[];d.needs_review=true;}
  else return false;
  state.decisions[key]=d;save();show(n);return true;}
function undo(n){
  if(!n)return;var key=attr(n,'data-key'),old=state.decisions[key];if(!old)return;
  if(old.comment){state.decisions[key]={comment:old.comment};}else{delete state.decisions[key];}
  save();show(n);}
function comment(n,text){var key=attr(n,'data-key'),d=state.decisions[key]||{};d.comment=text;state.decisions[key]=d;save();}
function button(label,act,key){
  var b=document.createElement('button');b.type='button';b.setAttribute('data-act',act);b.title='key: '+key;
  b.appendChild(document.createTextNode(label+' '));var k=document.createElement('kbd');k.textContent=key;b.appendChild(k);return b;}
function controls(n){
  if(n.querySelector('.rv-box'))return;
  var st=attr(n,'data-status'),box=document.createElement('div');box.className='rv-box';
  var what=st==='suggested'?codesOf(n).join('+'):(st==='review'?'needs query':'no code');
  var accept=button(st==='error'?'Accept (nothing suggested)':'Accept: '+what,'accept','a');
  if(st==='error')accept.disabled=true;
  box.appendChild(accept);
  box.appendChild(button('Reject: no code','reject','r'));
  var select=document.createElement('select');select.className='rv-code';select.title='keys: 1-6';
  var none=document.createElement('option');none.value='';none.textContent='Correct to code\u2026';select.appendChild(none);
  FAMILY.forEach(function(c,i){var o=document.createElement('option');o.value=c;o.textContent=c+'  ('+(i+1)+')';select.appendChild(o);});
  box.appendChild(select);
  box.appendChild(button('Needs query','query','q'));
  var input=document.createElement('input');input.type='text';input.className='rv-comment';input.size=36;
  input.placeholder='comment (key c; Enter to finish)';box.appendChild(input);
  var state_=document.createElement('span');state_.className='rv-state';box.appendChild(state_);
  var head=n.querySelector('h3');head.parentNode.insertBefore(box,head.nextSibling);
  show(n);}
function setCurrent(n,scroll){
  if(current)current.classList.remove('current');current=n;
  if(n){n.classList.add('current');
    if(scroll)window.scrollTo(0,n.getBoundingClientRect().top+window.scrollY-$('filters').offsetHeight-8);}}
function filter(){
  var code=$('f-code').value,q=$('f-id').value.trim().toLowerCase(),todo=$('f-todo').checked,want={};
  ['suggested','review','error','none'].forEach(function(s){var b=$('f-'+s);want[s]=!b||b.checked;});
  shown=notes.filter(function(n){
    if(!want[attr(n,'data-status')])return false;
    if(code&&(' '+attr(n,'data-codes')+' ').indexOf(' '+code+' ')<0)return false;
    if(q&&attr(n,'data-id').toLowerCase().indexOf(q)<0)return false;
    if(todo&&decided(n))return false;
    return true;});}
function render(){
  var pages=Math.max(1,Math.ceil(shown.length/size));if(page>=pages)page=pages-1;if(page<0)page=0;
  var visible=shown.slice(page*size,(page+1)*size);
  notes.forEach(function(n){n.classList.add('hidden');});
  visible.forEach(function(n){controls(n);n.classList.remove('hidden');});
  $('f-count').textContent=shown.length?('notes '+(page*size+1)+'\u2013'+Math.min(shown.length,(page+1)*size)+' of '+shown.length+' (page '+(page+1)+' of '+pages+')'):'no note matches';
  $('f-prev').disabled=page<=0;$('f-next').disabled=page>=pages-1;
  if(!current||visible.indexOf(current)<0)setCurrent(visible[0]||null,false);}
function apply(reset){filter();if(reset)page=0;render();}
function move(step){
  if(!shown.length)return;
  var i=shown.indexOf(current);
  i=i<0?page*size:Math.max(0,Math.min(shown.length-1,i+step));
  var p=Math.floor(i/size);if(p!==page){page=p;render();}
  setCurrent(shown[i],true);}
['f-code','f-suggested','f-review','f-error','f-none','f-todo'].forEach(function(id){var e=$(id);if(e)e.addEventListener('change',function(){apply(true);});});
$('f-id').addEventListener('input',function(){apply(true);});
$('f-prev').addEventListener('click',function(){page--;render();setCurrent(shown[page*size]||null,false);window.scrollTo(0,$('notes').offsetTop);});
$('f-next').addEventListener('click',function(){page++;render();setCurrent(shown[page*size]||null,false);window.scrollTo(0,$('notes').offsetTop);});
document.addEventListener('click',function(e){
  var t=e.target,n=t.closest?t.closest('section.note'):null;if(!n)return;
  var b=t.closest('button[data-act]');
  if(current!==n)setCurrent(n,false);
  if(b&&!b.disabled)decide(n,b.getAttribute('data-act'));});
document.addEventListener('change',function(e){
  var t=e.target,n=t.closest?t.closest('section.note'):null;if(!n)return;
  if(t.classList.contains('rv-code')&&t.value){decide(n,'correct',t.value);t.blur();}});
document.addEventListener('input',function(e){
  var t=e.target,n=t.closest?t.closest('section.note'):null;
  if(n&&t.classList.contains('rv-comment'))comment(n,t.value);});
document.addEventListener('keydown',function(e){
  var t=e.target,tag=t&&t.tagName;
  if(tag==='INPUT'||tag==='TEXTAREA'||tag==='SELECT'){
    if(e.key==='Escape'||(e.key==='Enter'&&tag==='INPUT'&&t.type==='text')){t.blur();e.preventDefault();}
    return;}
  if(e.ctrlKey||e.metaKey||e.altKey)return;
  var k=e.key,n=current;
  if(k==='j'||k==='n'||k==='ArrowRight')move(1);
  else if(k==='k'||k==='p'||k==='ArrowLeft')move(-1);
  else if(k==='a'){if(decide(n,'accept'))move(1);}
  else if(k==='r'){if(decide(n,'reject'))move(1);}
  else if(k==='q'){if(decide(n,'query'))move(1);}
  else if(k.length===1&&k>='1'&&k<='6'){if(decide(n,'correct',FAMILY[+k-1]))move(1);}
  else if(k==='u')undo(n);
  else if(k==='c'){if(n){controls(n);n.querySelector('.rv-comment').focus();}}
  else if(k==='i')$('rv-initials').focus();
  else if(k==='e'){if(!$('rv-export').disabled)$('rv-export').click();}
  else if(k==='?')$('rv-help').classList.toggle('hidden');
  else return;
  e.preventDefault();});
function exportText(){
  var lines=[];
  notes.forEach(function(n){
    var d=decisionOf(n);if(!d||!d.decision)return;
    lines.push(JSON.stringify({id:attr(n,'data-id'),
      gold:{codes:d.codes,needs_review:d.needs_review,reposition:d.codes.length>0||d.needs_review},
      decision:d.decision,comment:d.comment||'',reviewer:state.reviewer||'',decided_at:d.at,report_id:reportId,
      predicted:{codes:codesOf(n),status:attr(n,'data-status')},
      stratum:attr(n,'data-stratum')||null,sample:sample}));});
  return lines.length?lines.join('\n')+'\n':'';}
$('rv-export').addEventListener('click',function(){
  var text=exportText(),who=(state.reviewer||'').replace(/[^A-Za-z0-9_-]/g,'');
  $('rv-export-text').value=text;
  var url=URL.createObjectURL(new Blob([text],{type:'application/x-ndjson'}));
  var a=document.createElement('a');a.href=url;a.download='decisions-'+reportId+(who?'-'+who:'')+'.jsonl';
  document.body.appendChild(a);a.click();a.parentNode.removeChild(a);
  setTimeout(function(){URL.revokeObjectURL(url);},60000);});
$('rv-initials').value=state.reviewer||'';
$('rv-initials').addEventListener('input',function(){state.reviewer=this.value.trim();save();});
notes.forEach(show);
$('filters').classList.remove('hidden');
progress();
apply(true);
(function(){var i=0;while(i<shown.length&&decided(shown[i]))i++;if(i<shown.length&&i>0){page=Math.floor(i/size);render();setCurrent(shown[i],true);}})();
})();
""".replace("__PAGE_SIZE__", str(PAGE_SIZE)).replace("__FAMILY__", json.dumps(list(FAMILY)))


class NotNotes(ValueError):
    """The notes file holds no notes (or the arguments are swapped)."""


class MissingDependency(RuntimeError):
    """A package the report needs is not installed."""


def require_report_dependencies() -> None:
    """Fail early, and clearly, when the report's extra (matplotlib) is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MissingDependency("the review report needs matplotlib, which is not installed: "
                                "pip install 'ecmo-cpt[report]' (`make run` installs it)") from None


def esc(value: Any) -> str:
    """HTML-escape anything for text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


# ---------------------------------------------------------------- the notes, off memory


class NoteStore:
    """The notes' texts in a temporary file, found by id: only ids and offsets stay in memory.

    Notes are read like `extract`'s input (same ids, `line:N` when missing); a note whose
    metadata is invalid keeps its text. Repeated ids are joined in order: `take(id)` hands out
    the next note with that id.
    """

    def __init__(self, notes: Iterable[Any]) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="ecmo-cpt-notes-")
        self._offsets = array("q", [0])
        self._by_id: dict[str, Union[int, deque]] = {}
        self.digest = hashlib.sha256()
        self.count = 0
        self.taken = 0
        sniffed_missing = sniffed_text = 0
        for note in notes:
            data = (note.text or "").encode("utf-8", "surrogatepass")
            self._file.write(data)
            self._offsets.append(self._offsets[-1] + len(data))
            self.digest.update(note.id.encode("utf-8", "surrogatepass") + b"\0" + data + b"\0")
            number = self.count
            self.count += 1
            known = self._by_id.get(note.id)
            if known is None:
                self._by_id[note.id] = number
            elif isinstance(known, deque):
                known.append(number)
            else:
                self._by_id[note.id] = deque((known, number))
            if self.count <= 100:
                sniffed_text += bool(note.text)
                sniffed_missing += note.error == "missing 'text'"
        if sniffed_missing and not sniffed_text:
            self.close()
            raise NotNotes(f"the notes file has no 'text' in its first {min(self.count, 100)} records: it looks like "
                           "predictions or labels; the arguments are PREDICTIONS then NOTES (swapped?)")

    @classmethod
    def from_file(cls, path: Union[str, Path]) -> "NoteStore":
        """The notes of a file (or folder) in `extract`'s input formats."""
        from .io import read_notes

        return cls(read_notes(path))

    def take(self, note_id: str) -> Optional[int]:
        """The number of the next unjoined note with this id (None when there is none)."""
        known = self._by_id.get(note_id)
        if known is None:
            return None
        if isinstance(known, deque):
            number = known.popleft()
            if not known:
                del self._by_id[note_id]
        else:
            number = known
            del self._by_id[note_id]
        self.taken += 1
        return number

    @property
    def unjoined(self) -> int:
        """Notes that no prediction took."""
        return self.count - self.taken

    def text(self, number: int) -> str:
        start, end = self._offsets[number], self._offsets[number + 1]
        self._file.seek(start)
        return self._file.read(end - start).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "NoteStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def read_note_texts(path: Union[str, Path]) -> NoteStore:
    """The notes of a file, for `iter_report` (see NoteStore)."""
    return NoteStore.from_file(path)


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
    """A small horizontal bar chart as an <img> with an inline base64 PNG ('' when empty).
    Labels come from the data, so matplotlib's mathtext is off: `$x$` is drawn as written."""
    if not counts:
        return ""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    labels = [label if len(label) <= 60 else label[:57] + "..." for label, _ in counts][::-1]
    values = [n for _, n in counts][::-1]
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
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



# ---------------------------------------------------------------- the report


_CITED_RULE = re.compile(r"\b(R\d{1,2}[a-z]?)\b")


@dataclass
class ReportStats:
    notes: int = 0
    full: int = 0
    compact: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_code: Counter = field(default_factory=Counter)
    review_reasons: Counter = field(default_factory=Counter)
    rules_cited: set = field(default_factory=set)
    errors: Counter = field(default_factory=Counter)
    invalid: int = 0
    missing_text: list[str] = field(default_factory=list)   # the first 20 ids
    missing_count: int = 0
    unmatched_notes: int = 0
    report_id: str = ""
    sample: Optional[Sample] = None
    bytes: int = 0
    seconds: float = 0.0


Records = Union[Iterable[Mapping[str, Any]], Callable[[], Iterable[Mapping[str, Any]]]]


def _records(source: Records) -> Iterable[Mapping[str, Any]]:
    """One pass over the predictions: a callable is called for each pass, a list reused."""
    return source() if callable(source) else source


def _canonical(record: Mapping[str, Any]) -> bytes:
    """The record as bytes that do not depend on key order or file format (for the report id)."""
    try:
        return orjson.dumps(record, option=orjson.OPT_SORT_KEYS, default=str)
    except (orjson.JSONEncodeError, TypeError):  # lone surrogates, keys that are not strings
        return json.dumps(record, sort_keys=True, default=str).encode("utf-8", "surrogatepass")


def choose_full(statuses: bytearray, all_notes: bool, max_full: Optional[int]) -> set[int]:
    """Positions of the records shown in full: errors, then needs review, then suggested (then the rest)."""
    wanted = ("error", "review", "suggested", "none") if all_notes else ("error", "review", "suggested")
    order = [i for s in wanted for i in range(len(statuses)) if statuses[i] == STATUS_CODES[s]]
    if max_full is not None and max_full >= 0:
        order = order[:max_full]
    return set(order)


def _sample_section(sample: Sample) -> str:
    rows = "".join(
        f'<tr><td>{esc(s.name)}</td><td class="n">{s.population:,}</td><td class="n">{s.sampled:,}</td>'
        f'<td class="n">{(s.sampled / s.population if s.population else 0):.1%}</td>'
        f'<td class="n">{s.weight:,.1f}</td></tr>' for s in sample.strata)
    taken = len(sample.chosen)
    short = (f" The file has fewer notes than that outside errors, so every one of them is in it."
             if taken < sample.size else "")
    return (
        '<h2 id="sample">How this sample was drawn</h2>'
        f'<p>This report is a stratified random sample of <b>{taken:,}</b> of the {sample.population:,} notes of the '
        f"predictions file (requested {sample.size:,}, seed {sample.seed}).{short} Each suggested code is a "
        "stratum, each needs-review reason is a stratum, and notes with no code are a stratum too, so that missed "
        f"codes (false negatives) can be found: it gets {sample.no_code_share:.0%} of the sample, the rest is spread "
        "evenly over the other strata (a stratum smaller than its share is taken whole). Within a stratum the notes "
        "are a simple random sample; the same file, size and seed give the same sample.</p>"
        f"<p>Notes in error ({sample.excluded_errors:,}) were not sampled: they have no prediction to check. "
        "A sampled note stands for as many notes of its stratum as its <b>weight</b> (below): <code>ecmo-cpt evaluate</code> "
        "on the exported decisions weights the strata so that its precision, recall and exact match describe the "
        "whole file, with Wilson 95% confidence intervals.</p>"
        + '<table class="sample"><tr><th>stratum</th><th class="n">notes in file</th><th class="n">sampled</th>'
        '<th class="n">fraction</th><th class="n">weight</th></tr>' + rows + "</table>")


def iter_report(records: Records, notes: NoteStore, *, all_notes: bool = False,
                max_full: Optional[int] = DEFAULT_MAX_FULL, title: str = TITLE, source: str = "",
                stats: Optional[ReportStats] = None, sample: Optional[int] = None, seed: int = 0,
                no_code_share: float = DEFAULT_NO_CODE_SHARE, spool_dir: Optional[str] = None) -> Iterator[str]:
    """The report as chunks of HTML. `records` is read twice (a list, or a callable giving a new
    iterator each time); `notes` is consumed (each id's notes are joined in order)."""
    stats = stats if stats is not None else ReportStats()
    statuses = bytearray()
    strata: list[str] = []
    joined = array("q")
    digest = hashlib.sha256()
    # ---- pass 1: counts, strata and the join, keeping a few bytes per record
    for record in _records(records):
        status = status_of(record)
        statuses.append(STATUS_CODES[status])
        strata.append(sys.intern(stratum_of(record)))
        note_id = str(record.get("id"))
        digest.update(_canonical(record))
        for code in record.get("codes") or []:
            stats.by_code[str(code)] += 1
        for reason in record.get("reasons") or []:
            stats.rules_cited.update(r for r in _CITED_RULE.findall(str(reason)) if r in RULES)
        if record.get("rule") in RULES:
            stats.rules_cited.add(record["rule"])
        if status == "review":
            groups = {review_group(str(r)) for r in record.get("reasons") or []} - {None}
            stats.review_reasons.update(groups or {"(no reason given)"})
        if status == "error":
            stats.errors[error_group(record.get("error"))] += 1
            stats.invalid += bool(record.get("invalid"))
        number = notes.take(note_id)
        joined.append(-1 if number is None else number)
        if number is None:
            stats.missing_count += 1
            if len(stats.missing_text) < 20:
                stats.missing_text.append(note_id)
    stats.notes = len(statuses)
    stats.by_status.update(STATUS_NAMES[s] for s in statuses)
    stats.unmatched_notes = notes.unjoined
    if sample is not None:
        drawn = draw(strata, sample, seed, no_code_share)
        stats.sample = drawn
        full = set(drawn.chosen)
    else:
        full = choose_full(statuses, all_notes, max_full)
    stats.full = len(full)
    stats.compact = 0 if sample is not None else stats.notes - len(full)
    flagged_compact = 0 if sample is not None else sum(
        1 for i, s in enumerate(statuses) if s != STATUS_CODES["none"] and i not in full)
    digest.update(notes.digest.digest())
    digest.update(json.dumps(sorted(full)).encode())
    if stats.sample is not None:
        digest.update(json.dumps(stats.sample.describe(), sort_keys=True).encode())
    stats.report_id = "r-" + digest.hexdigest()[:16]
    sample_json = json.dumps(stats.sample.describe(), sort_keys=True) if stats.sample is not None else ""

    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    yield ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{esc(title)}</title><style>{CSS}</style></head>"
           f'<body data-report-id="{esc(stats.report_id)}"'
           + (f' data-sample="{esc(sample_json)}"' if sample_json else "") + ">\n")
    yield f"<h1>{esc(title)}</h1>"
    yield (f'<p class="muted small">{esc(source)} Generated {esc(time.strftime("%Y-%m-%d %H:%M"))}. '
           f'Report id <code id="report-id">{esc(stats.report_id)}</code>. '
           "Suggestions only: every code needs a coder's confirmation against the full record.</p>")

    # ---- summary
    yield '<h2 id="summary">Summary</h2><div class="cards">'
    cards = [("notes", stats.notes), ("suggested code", stats.by_status["suggested"]),
             ("needs review", stats.by_status["review"]), ("no code", stats.by_status["none"]),
             ("errors", stats.by_status["error"])]
    for name, number in cards:
        yield f'<div class="card" id="count-{esc(name.replace(" ", "-"))}"><b>{number:,}</b>{esc(name)}</div>'
    yield "</div>"
    if stats.invalid:
        yield (f'<p class="problem">{stats.invalid:,} prediction record(s) break the output contract of '
               "`ecmo-cpt extract` and are shown as errors (\"invalid prediction\"): was the file edited or made "
               "by another tool?</p>")
    if stats.missing_count:
        shown = ", ".join(stats.missing_text) + (" ..." if stats.missing_count > len(stats.missing_text) else "")
        yield (f'<p class="problem">{stats.missing_count:,} prediction(s) have no note with the same id in '
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
    cited = sorted(stats.rules_cited, key=lambda r: (not r.startswith("R"), int(r[1:]) if r[1:].isdigit() else 0, r))
    if cited:
        yield ('<details class="small" id="rules"><summary>Rules cited in this report</summary>'
               + _table(((rule, RULES[rule]) for rule in cited), ("rule", "meaning")) + "</details>")
    if stats.sample is not None:
        yield _sample_section(stats.sample)
    if flagged_compact:
        yield (f'<p class="problem">{flagged_compact:,} flagged note(s) beyond the first {stats.full:,} are listed '
               'compactly under "Other notes" (raise --max-notes to show them in full).</p>')

    # ---- filters, review bar and the notes shown in full
    heading = "Sampled notes" if stats.sample is not None else "Notes shown in full"
    yield f'<h2 id="notes">{heading} ({stats.full:,})</h2>'
    yield ('<p class="small muted" id="rv-intro">Review each note: accept the suggestion, reject it (no code), '
           "correct it to another code or mark it as needing a query, and add a comment if needed. Decisions are "
           "kept in this browser for this report; <b>Export</b> saves them as a file for "
           "<code>ecmo-cpt evaluate</code>.</p>")
    options = "".join(f'<option value="{esc(c)}">{esc(c)} ({n:,})</option>' for c, n in codes)
    boxes = "".join(
        f'<label><input type="checkbox" id="f-{s}" checked> {esc(STATUS_LABELS[s])}</label>'
        for s in ("suggested", "review", "error", "none") if any(statuses[i] == STATUS_CODES[s] for i in full))
    yield ('<div id="filters" class="hidden">' + boxes +
           f'<label>code <select id="f-code"><option value="">any</option>{options}</select></label>'
           '<label>id <input id="f-id" type="search" size="14"></label>'
           '<label><input type="checkbox" id="f-todo"> not reviewed only</label>'
           '<button id="f-prev" type="button">&larr; previous</button><button id="f-next" type="button">next &rarr;</button>'
           '<span id="f-count" class="muted small"></span>'
           '<div id="review-bar"><span id="rv-progress"></span>'
           '<label>reviewer initials <input id="rv-initials" type="text" size="5" maxlength="12"></label>'
           '<button id="rv-export" type="button" disabled>Export decisions</button>'
           '<span id="rv-saved" class="muted small"></span>'
           '<span class="small muted">keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> accept, '
           '<kbd>r</kbd> reject, <kbd>1</kbd>&ndash;<kbd>6</kbd> correct, <kbd>q</kbd> query, <kbd>c</kbd> comment, '
           '<kbd>u</kbd> undo, <kbd>e</kbd> export, <kbd>?</kbd> help</span>'
           '<div id="rv-help" class="hidden small">'
           + "".join(f"<kbd>{i}</kbd> {code} " for i, code in enumerate(FAMILY, start=1)) +
           "&middot; <kbd>j</kbd>, <kbd>n</kbd> or &rarr; next note &middot; <kbd>k</kbd>, <kbd>p</kbd> or &larr; "
           "previous &middot; <kbd>a</kbd> accept the suggestion &middot; <kbd>r</kbd> reject: no code &middot; "
           "<kbd>q</kbd> needs query &middot; <kbd>c</kbd> write a comment (<kbd>Enter</kbd> to finish) &middot; "
           "<kbd>u</kbd> undo the decision &middot; <kbd>i</kbd> reviewer initials &middot; <kbd>e</kbd> export "
           "&middot; <kbd>Esc</kbd> leave a text field. Accepting, rejecting, correcting and querying move to the "
           "next note.</div>"
           "</div></div>"
           '<details class="small"><summary>exported decisions as text (to copy when downloads are blocked)'
           '</summary><textarea id="rv-export-text" readonly></textarea></details>')

    renderer = NoteRenderer()
    compact = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="surrogatepass", dir=spool_dir)
    compact_rows = 0
    shown_ids: set[str] = set()
    repeated: list[str] = []
    try:
        # ---- pass 2: the notes
        for index, record in enumerate(_records(records)):
            if index >= stats.notes:
                raise ValueError("the predictions changed while the report was written")
            status = STATUS_NAMES[statuses[index]]
            note_id = str(record.get("id"))
            verdict = verdict_of(record)
            if index not in full:
                if stats.sample is None:
                    first = "; ".join(str(r) for r in (record.get("reasons") or [])) or str(record.get("error") or "")
                    first = first if len(first) <= 180 else first[:177] + "..."
                    compact.write(f'<tr><td>{esc(note_id)}</td><td>{esc(verdict)}</td><td>{esc(first)}</td></tr>')
                    compact_rows += 1
                continue
            if note_id in shown_ids:
                repeated.append(note_id)
            shown_ids.add(note_id)
            yield _note_section(record, status, verdict, index, strata[index] if stats.sample is not None else None,
                                None if joined[index] < 0 else notes.text(joined[index]), renderer)

        if repeated:
            yield (f'<p class="problem" id="repeated-ids">{len(repeated):,} note(s) above repeat the id of another '
                   f"(first: {esc(repeated[0])}): their decisions are exported under the same id and cannot be "
                   "scored apart; give each note its own id and extract again.</p>")
        if stats.sample is not None:
            yield (f'<h2 id="other">Other notes</h2><p class="muted">{stats.notes - stats.full:,} notes of the file '
                   "are not in the sample and are not listed.</p>")
        else:
            yield f'<h2 id="other">Other notes ({compact_rows:,})</h2>'
            if compact_rows:
                what = "notes with no code" if not flagged_compact else "notes not shown in full"
                yield (f'<details><summary>{compact_rows:,} {what}: id, verdict, reasons</summary>'
                       '<table id="other-notes"><tr><th>id</th><th>verdict</th><th>reasons</th></tr>')
                compact.seek(0)
                while chunk := compact.read(1 << 20):
                    yield chunk
                yield "</table></details>"
            else:
                yield '<p class="muted">None: every note is shown above.</p>'
    finally:
        compact.close()
    yield f"<script>{SCRIPT}</script></body></html>\n"


def _note_section(record: Mapping[str, Any], status: str, verdict: str, index: int, stratum: Optional[str],
                  text: Optional[str], renderer: "NoteRenderer") -> str:
    """One note in full: verdict, facts, reasons, the text with its evidence, the evidence table."""
    note_id = str(record.get("id"))
    codes_attr = " ".join(str(c) for c in record.get("codes") or [])
    parts = [f'<section class="note" data-status="{status}" data-codes="{esc(codes_attr)}" data-id="{esc(note_id)}" '
             f'data-key="{index}"' + (f' data-stratum="{esc(stratum)}"' if stratum else "") + ">"
             f'<h3><span class="note-id">{esc(note_id)}</span><span class="badge b-{status}">{esc(verdict)}</span>'
             + (f' <span class="muted small">sample stratum: {esc(stratum)}</span>' if stratum else "") + "</h3>"]
    if status == "error":
        # No facts line: an error record's empty fields are not a verdict.
        parts.append(f'<p class="problem">{"Not processed" if not record.get("invalid") else "Not shown as a prediction"}:'
                     f' {esc(record.get("error"))}</p>')
    else:
        age = record.get("age_years")
        parts.append(f'<div class="facts">reposition: {esc(record.get("reposition"))} &middot; approach: '
                     f'{esc(record.get("approach") or "-")} &middot; fluoroscopy: {esc(record.get("fluoroscopy"))} '
                     f'&middot; age: {esc("-" if age is None else age)}'
                     f'{esc(" (" + str(record.get("age_source")) + ")") if record.get("age_source") else ""}</div>')
    reasons_html = "".join(
        f'<li class="{"review" if str(r).startswith("needs review:") else ""}">{esc(r)}</li>'
        for r in record.get("reasons") or [])
    if reasons_html:
        parts.append(f'<ul class="reasons">{reasons_html}</ul>')
    if text is None:
        parts.append('<p class="problem">No note with this id in the notes file.</p>')
    elif not text.strip():
        parts.append('<p class="muted">(the note\'s text is empty)</p>')
    else:
        rendered = renderer.render(text, record.get("evidence") or [])
        parts.extend(f'<p class="problem">{esc(problem)}</p>' for problem in rendered.problems)
        parts.append(rendered.html)
    evidence = [e for e in record.get("evidence") or [] if isinstance(e, Mapping)]
    if evidence:
        rows = [(e.get("label"), e.get("text"), e.get("start"), e.get("end"), e.get("section") or "") for e in evidence]
        parts.append(f'<details class="small"><summary>evidence ({len(evidence)})</summary>'
                     + _table(rows, ("label", "text", "start", "end", "section")) + "</details>")
    parts.append("</section>\n")
    return "".join(parts)


def write_report(predictions: Union[str, Path], notes: Union[str, Path], output: Union[str, Path], *,
                 all_notes: bool = False, max_full: Optional[int] = DEFAULT_MAX_FULL, title: str = TITLE,
                 sample: Optional[int] = None, seed: int = 0,
                 no_code_share: float = DEFAULT_NO_CODE_SHARE) -> ReportStats:
    """Write the report to `output` (through a temporary file renamed when complete).
    Raises NotPredictions / NotNotes for files that are not what they should be, and
    MissingDependency when matplotlib is not installed."""
    started = time.perf_counter()
    require_report_dependencies()
    _check_predictions(predictions)
    stats = ReportStats()
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    with NoteStore.from_file(notes) as store:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as stream:
                source = f"Predictions: {Path(predictions).name}; notes: {Path(notes).name}."
                for chunk in iter_report(lambda: iter_predictions(predictions), store, all_notes=all_notes,
                                         max_full=max_full, title=title, source=source, stats=stats, sample=sample,
                                         seed=seed, no_code_share=no_code_share, spool_dir=str(target.parent)):
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


def _check_predictions(path: Union[str, Path]) -> None:
    """Refuse at once a file that is not predictions (before the notes are read)."""
    for _ in iter_predictions(path):
        break
