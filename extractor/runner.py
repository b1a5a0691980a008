"""The per-record function shared by the CLI, the pandas helper and Spark.

A cheap prefilter answers notes that cannot hold an ECMO cannula without running spaCy;
it is exact-preserving: the answer is the one the full pipeline gives such a note (tests
check this on the dev corpus and on a generated mixed corpus).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional

from spacy.language import Language

from .io import Note, error_record
from .model import Findings, Meta
from .pipeline.component import result_fields

_DEFAULT_PREFILTER: Optional[Callable[[str], bool]] = None


def could_be_ecmo_note(text: str, nlp: Optional[Language] = None) -> bool:
    """False only when the full pipeline would find no ECMO word or cannula in the text (the
    test is the `ecmo_cpt` component's own, derived from its rules)."""
    return _prefilter_of(nlp)(text)


def _prefilter_of(nlp: Optional[Language]) -> Any:
    global _DEFAULT_PREFILTER
    if nlp is not None and "ecmo_cpt" in getattr(nlp, "pipe_names", ()):
        return nlp.get_pipe("ecmo_cpt").prefilter
    if _DEFAULT_PREFILTER is None:
        import spacy

        from .pipeline.prefilter import Prefilter
        from .pipeline.rules import read_rule_files
        rules = read_rule_files()
        _DEFAULT_PREFILTER = Prefilter(rules["target_rules.json"]["target_rules"],
                                       rules["normalization.json"].get("prefilter_stems", []),
                                       spacy.blank("en").tokenizer)
    return _DEFAULT_PREFILTER


def not_ecmo_result(meta: Meta) -> dict[str, Any]:
    """The pipeline's answer for a note with no ECMO word or cannula (it depends on `meta` only)."""
    fields = _not_ecmo_fields(meta)
    return {**fields, "codes": list(fields["codes"]), "reasons": list(fields["reasons"]), "evidence": []}


@lru_cache(maxsize=4096)  # most notes of a bulk run are not ECMO notes and share few metadata values
def _not_ecmo_fields(meta: Meta) -> dict[str, Any]:
    return result_fields(Findings(), meta)


# Control characters (but tab and line breaks) read as spaces and lone surrogates as U+FFFD:
# the tokenizer would glue "cannula\x07" into one word or fail on a surrogate. One character
# for one, so evidence offsets still index the text as given.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Bounds on what spaCy is given, so that no note of up to --max-chars characters takes more
# than about a second. spaCy's tokenizer strips affixes one at a time, rescanning the rest of
# the word each time: quadratic in the length of "((((", "====", "C$C$C$" (20,000 "=" took
# 56 s). The pipeline's sentence lookups are linear in the sentence, so a line of 20,000
# "54yo" took minutes. Each bound breaks a run one character for one (offsets still index the
# text as given) and is set where ordinary notes have no such runs; the measurements are in
# tests/test_hostile_input.py.
MAX_SYMBOL_RUN = 16     # punctuation or symbols in a row: every 17th becomes a space
MAX_WORD_CHARS = 64     # characters between spaces: one becomes a space (not inside a number)
MAX_LINE_CHARS = 2000   # characters between line breaks: a space becomes one, after a full stop if it can
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_SYMBOL_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
_LONG_LINE = re.compile(r"[^\n]{%d,}" % (MAX_LINE_CHARS + 1))
_SPACE = re.compile(r"[^\S\n]")
_SENTENCE_END = re.compile(r"(?<=[.;!?])[^\S\n]")
_HEADER_AHEAD = re.compile(r"[ \t]*[^\W\d_][^\n:.;!?]{0,40}:")  # "Indication:" would start a section
_ABBREVIATION = re.compile(r"(?:^|\s)(?:\S{1,2}|\S*\.\S*)\.$")  # "Dr.", "vs.", "e.g.": no sentence end


def _readable(text: str) -> str:
    return _UNREADABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)


def _every(run: str, length: int, by: str) -> str:
    """`run` with every (length+1)-th character replaced by `by`."""
    chars = list(run)
    chars[length::length + 1] = by * len(chars[length::length + 1])
    return "".join(chars)


def _break_word(word: str) -> str:
    """`word` with characters turned into spaces so that no piece is over MAX_WORD_CHARS: a
    symbol where there is one in reach, else a letter before a digit ("54yo54yo" -> "54y 54yo"),
    so that a cut never makes a new number out of part of one."""
    chars = list(word)
    start = 0
    while len(word) - start > MAX_WORD_CHARS:
        end = start + MAX_WORD_CHARS  # the first character over the bound
        reach = range(end, max(start, end - 16), -1)
        at = next((i for i in reach if not word[i].isalnum()), None)
        if at is None:
            at = next((i for i in reach if word[i + 1:i + 2].isdigit() and not word[i].isdigit()), end)
        chars[at] = " "
        start = at + 1
    return "".join(chars)


def _quiet_end(line: str, at: int) -> bool:
    """Whether a line break at `at` (a space after . ; ! or ?) changes nothing: the sentence
    ends there already ("Dr." does not end one) and no section header ("Indication:") would
    then start a line."""
    return not (_ABBREVIATION.search(line, max(0, at - 12), at) or _HEADER_AHEAD.match(line, at + 1))


def _break_line(line: str) -> str:
    """`line` with spaces turned into line breaks so that no piece is over MAX_LINE_CHARS: at
    the end of a sentence where there is one in reach (a note that lost its line breaks gives
    the same answers), else at the last space."""
    chars = list(line)
    start = 0
    while len(line) - start > MAX_LINE_CHARS:
        stop = start + MAX_LINE_CHARS + 1
        ends = [m.start() for m in _SENTENCE_END.finditer(line, start + 1, stop) if _quiet_end(line, m.start())]
        spaces = ends or [m.start() for m in _SPACE.finditer(line, start + 1, stop)]
        at = spaces[-1] if spaces else start + MAX_LINE_CHARS
        chars[at] = "\n"
        start = at + 1
    return "".join(chars)


def bounded(text: str) -> str:
    """The text spaCy is given: `text` itself when it has no run over the bounds above."""
    if _SYMBOL_RUN.search(text):
        text = _SYMBOL_RUN.sub(lambda m: _every(m.group(), MAX_SYMBOL_RUN, " "), text)
    if _LONG_WORD.search(text):
        text = _LONG_WORD.sub(lambda m: _break_word(m.group()), text)
    if _LONG_LINE.search(text):
        text = _LONG_LINE.sub(lambda m: _break_line(m.group()), text)
    return text


def _for_spacy(text: str) -> str:
    return bounded(_readable(text) if _UNREADABLE.search(text) else text)


def _batch_fields(nlp: Language, notes: list[Note], batch_size: int, prefilter: bool) -> dict[int, dict[str, Any]]:
    """Result fields of the usable notes of one batch, by id(note)."""
    usable = [n for n in notes if n.error is None]
    texts = {id(n): _for_spacy(n.text) for n in usable}
    test = _prefilter_of(nlp) if prefilter else None
    to_parse = [n for n in usable if test is None or test(texts[id(n)])]
    results: dict[int, dict[str, Any]] = {}
    made = []
    for note in to_parse:  # the metadata goes on before the pipeline: its times are read against the service date
        doc = nlp.make_doc(texts[id(note)])
        doc._.ecmo_meta = note.meta
        made.append(doc)
    docs = nlp.pipe(made, batch_size=batch_size)
    for note, doc in zip(to_parse, docs):
        fields = doc._.ecmo_cpt
        if texts[id(note)] is not note.text:  # evidence quotes the text as given
            fields["evidence"] = [{**item, "text": note.text[item["start"]:item["end"]]} for item in fields["evidence"]]
        results[id(note)] = fields
    for note in usable:
        if id(note) not in results:
            results[id(note)] = not_ecmo_result(note.meta)
    return results


def _truncation_note(fields: dict[str, Any], note: Note) -> dict[str, Any]:
    """Say that only the first part of a long note was read; with no code, a human should look."""
    reason = (f"note truncated: only the first {len(note.text):,} of {note.truncated_from:,} "
              "characters were read")
    return {**fields, "reasons": [*fields["reasons"], reason],
            "needs_review": fields["needs_review"] or not fields["codes"]}


def process_notes(nlp: Language, notes: Iterable[Note], batch_size: int = 64,
                  prefilter: bool = True) -> Iterator[dict[str, Any]]:
    """One output record per note, in input order. When the pipeline fails on a batch, its
    notes are run one by one, so only the note that fails gets an "internal error" record."""
    iterator = iter(notes)
    while True:
        batch = list(islice(iterator, batch_size))
        if not batch:
            return
        try:
            results: Optional[dict[int, dict[str, Any]]] = _batch_fields(nlp, batch, batch_size, prefilter)
        except Exception:
            results = None
        for note in batch:
            if note.error is not None:
                yield error_record(note.id, note.error)
                continue
            if results is not None:
                fields = results[id(note)]
            else:
                try:
                    fields = _batch_fields(nlp, [note], 1, prefilter)[id(note)]
                except Exception as problem:
                    yield error_record(note.id, f"internal error: {type(problem).__name__}: {problem}")
                    continue
            if note.truncated_from is not None:
                fields = _truncation_note(fields, note)
            yield {"id": note.id, **fields}


_WORKER_NLP: Optional[Language] = None
# Read-ahead bound for `run` with workers (chunks of batch_size notes): memory stays flat.
MAX_PENDING_CHUNKS = 64


class WorkerDied(RuntimeError):
    """A worker process died (killed by a signal, e.g. by the system when out of memory): the
    records of its chunk and after it were not made. Those yielded before are complete."""


def _init_worker() -> None:
    global _WORKER_NLP
    import signal

    from loguru import logger

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    logger.remove()
    if _WORKER_NLP is None:  # spawned, not forked: load our own copy
        from . import load
        _WORKER_NLP = load()


def _work(chunk: list[Note]) -> list[dict[str, Any]]:
    assert _WORKER_NLP is not None
    return list(process_notes(_WORKER_NLP, chunk))


def _death(processes: dict) -> str:
    """What became of the pool's dead worker, in words."""
    import signal

    for process in processes.values():
        process.join(timeout=5)  # the pool is ending them: their exit codes are then known
    # The pool terminates the other workers when one dies: look at the first casualty first.
    for process in sorted(processes.values(), key=lambda p: p.exitcode == -signal.SIGTERM):
        code = process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = " (the system may have run out of memory)" if name == "SIGKILL" else ""
            return f"worker process {process.pid} was killed by {name}{hint}"
        if code:
            return f"worker process {process.pid} exited with code {code}"
    return "a worker process died"


def _stop_workers(executor: Any, processes: dict) -> None:
    """End the pool now: pending chunks are dropped and busy workers terminated, so that an
    interrupted run (Ctrl-C, SIGTERM, a dead worker) exits at once instead of waiting."""
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        if process.is_alive():
            process.terminate()
    for process in processes.values():
        process.join(timeout=10)


def run(notes: Iterable[Note], workers: int = 1, batch_size: int = 64,
        nlp: Optional[Language] = None) -> Iterator[dict[str, Any]]:
    """Process notes on one or more cores, streaming: order kept, memory bounded. With
    workers, raises WorkerDied when a worker process dies (multiprocessing.Pool would wait
    for it forever)."""
    global _WORKER_NLP
    if nlp is None:
        from . import load
        nlp = load()
    if workers <= 1:
        yield from process_notes(nlp, notes, batch_size=batch_size)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    # Forked workers share the loaded pipeline copy-on-write instead of loading it again.
    _WORKER_NLP = nlp if forking else None
    iterator = iter(notes)
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker)
    processes: dict = {}
    finished = False
    try:
        pending: deque = deque()
        in_flight = 0  # chunks with a worker job: a few per worker keep them busy
        while True:
            while in_flight < workers * 3 and len(pending) < MAX_PENDING_CHUNKS:
                chunk = list(islice(iterator, batch_size))
                if not chunk:
                    break
                # Only notes that may need spaCy travel to a worker; the rest (most of a
                # hospital feed) are answered here by the same function, saving the pickling.
                heavy = [n.error is None and could_be_ecmo_note(n.text, nlp) for n in chunk]
                job = executor.submit(_work, [n for n, h in zip(chunk, heavy) if h]) if any(heavy) else None
                processes.update(getattr(executor, "_processes", None) or {})  # to name a dead one
                pending.append((chunk, heavy, job))
                in_flight += job is not None
            if not pending:
                finished = True
                return
            chunk, heavy, job = pending.popleft()
            in_flight -= job is not None
            light = iter(process_notes(nlp, [n for n, h in zip(chunk, heavy) if not h], batch_size=batch_size))
            try:
                parsed = iter(job.result() if job is not None else ())
            except BrokenProcessPool:
                raise WorkerDied(_death(processes)) from None
            for is_heavy in heavy:
                yield next(parsed) if is_heavy else next(light)
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop_workers(executor, processes)
        _WORKER_NLP = None
