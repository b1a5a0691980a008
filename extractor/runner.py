"""The per-record function shared by the CLI, the pandas helper and Spark.

A cheap prefilter answers notes that cannot hold an ECMO cannula without running spaCy;
it is exact-preserving: the answer is the one the full pipeline gives such a note (tests
check this on the dev corpus and on a generated mixed corpus).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional

from spacy.language import Language

from .io import Note, error_record
from .model import Findings, Meta
from .contract import result_fields

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

# spaCy's tokenizer strips a word's prefixes and suffixes one at a time, searching the rest of
# the word again each time: quadratic in the length of "((((", "====", "C$C$C$", emoji runs
# (10,000 "=" took 51 s, 20,000 over 4 minutes); some regexes of the pipeline are quadratic
# in a run of spaces. A note whose long runs would cost more than LONG_RUN_BUDGET (the sum of
# their squared lengths, about a second of work; ordinary notes, rulers, tables and HL7
# segments included, stay far below it: 45,387 at most in tests/data) has them shortened
# before spaCy sees it, one character for one so that offsets still index the text as given:
# a run of symbols keeps its first and last 8 characters, a word its first MAX_WORD_CHARS, and
# the rest becomes spaces with a full stop every 64 (a long run of spaces is itself slow, and
# the full stops end sentences). Ordinary notes are given as they are: their answers cannot change.
LONG_RUN_BUDGET = 2_000_000
MAX_SYMBOL_RUN = 16
MAX_WORD_CHARS = 32
MAX_SPACE_RUN = 64
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_SYMBOL_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
_LONG_SPACE = re.compile(r"[^\S\n]{%d,}" % (MAX_SPACE_RUN + 1))
_COSTLY_RUN = re.compile(r"\S{%d,}|[^\S\n]{%d,}" % (MAX_SYMBOL_RUN + 1, MAX_SPACE_RUN + 1))


def _readable(text: str) -> str:
    return _UNREADABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)


def _has_costly_run(text: str) -> bool:
    """`_COSTLY_RUN.search(text)`, sooner: a long word is found by splitting (the regex would
    try "\\S{17,}" again from each character of every word), long whitespace by the regex."""
    return any(len(word) > MAX_SYMBOL_RUN for word in text.split()) or _LONG_SPACE.search(text) is not None


def _long_run_cost(text: str) -> int:
    """An upper bound, up to a constant, of the time spaCy and the pipeline spend on the
    note's long runs."""
    return sum(len(m.group()) ** 2 for m in _COSTLY_RUN.finditer(text))


def _filler(length: int) -> str:
    return ((" " * (MAX_SPACE_RUN - 1) + ".") * (length // MAX_SPACE_RUN + 1))[:length]


def _shorten_symbols(run: str) -> str:
    keep = MAX_SYMBOL_RUN // 2
    return run[:keep] + _filler(len(run) - 2 * keep) + run[-keep:]


def _shorten_word(word: str) -> str:
    # The word's start is kept and nothing after it: a cut inside "54yo54yo" or a number must
    # not make a new word or number begin in the middle of one.
    return word[:MAX_WORD_CHARS] + _filler(len(word) - MAX_WORD_CHARS)


def bounded(text: str) -> str:
    """The text spaCy is given: `text` itself unless its long runs are over LONG_RUN_BUDGET."""
    if not _has_costly_run(text) or _long_run_cost(text) <= LONG_RUN_BUDGET:
        return text
    text = _SYMBOL_RUN.sub(lambda m: _shorten_symbols(m.group()), text)
    text = _LONG_WORD.sub(lambda m: _shorten_word(m.group()), text)
    return _LONG_SPACE.sub(lambda m: " " + _filler(len(m.group()) - 1), text)


def _batch_fields(nlp: Language, notes: list[Note], batch_size: int, prefilter: bool) -> dict[int, dict[str, Any]]:
    """Result fields of the usable notes of one batch, by id(note)."""
    usable = [n for n in notes if n.error is None]
    texts = {id(n): _readable(n.text) if _UNREADABLE.search(n.text) else n.text for n in usable}
    test = _prefilter_of(nlp) if prefilter else None
    to_parse = [n for n in usable if test is None or test(texts[id(n)])]
    for note in to_parse:  # (after the prefilter: most notes of a feed never reach spaCy)
        texts[id(note)] = bounded(texts[id(note)])
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
_PARENT_PID = 0  # the pool's parent, set before the pool is made
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
    from .io import close_locked_files
    close_locked_files()  # the part file's lock stays the parent's alone
    _die_with_parent()
    logger.remove()
    if _WORKER_NLP is None:  # spawned, not forked: load our own copy
        from .nlp import load
        _WORKER_NLP = load()


def _die_with_parent() -> None:
    """Linux: this worker gets SIGKILL when the parent dies (killed with SIGKILL, it cannot
    stop its workers), instead of waiting for work forever."""
    import ctypes
    import signal
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if _PARENT_PID and os.getppid() != _PARENT_PID:  # it died before that
        os._exit(1)


def _work(chunk: list[Note]) -> list[dict[str, Any]]:
    assert _WORKER_NLP is not None
    return list(process_notes(_WORKER_NLP, chunk))


def _death(processes: dict) -> str:
    """What became of the pool's dead worker, in words."""
    import signal

    import time

    deadline = time.monotonic() + 5
    for process in processes.values():
        process.join(timeout=max(0.0, deadline - time.monotonic()))  # the pool is ending them
    # (the pool's own thread may reap a worker at the same moment, and then its exit code shows a
    # moment after our join returned: wait for it rather than name another worker's SIGTERM)
    while any(p.exitcode is None for p in processes.values()) and time.monotonic() < deadline:
        time.sleep(0.01)
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


_WORKERS_STOPPED = False


def workers_stopped() -> bool:
    """Whether a pool was stopped by `_stop_workers` in this process (see `cli.console`)."""
    return _WORKERS_STOPPED


def _stop_workers(executor: Any, processes: dict) -> None:
    """End the pool now: pending chunks are dropped and busy workers terminated, so that an
    interrupted run (Ctrl-C, SIGTERM, a dead worker) exits at once instead of waiting."""
    global _WORKERS_STOPPED
    _WORKERS_STOPPED = True
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        if process.is_alive():
            process.terminate()
    for process in processes.values():
        process.join(timeout=10)


def run(notes: Iterable[Note], workers: int = 1, batch_size: int = 64,
        nlp: Optional[Language] = None, serial_below: int = 0) -> Iterator[dict[str, Any]]:
    """Process notes on one or more cores, streaming: order kept, memory bounded. With
    workers, raises WorkerDied when a worker process dies (multiprocessing.Pool would wait
    for it forever). Fewer than `serial_below` notes are done in this process (no pool start-up)."""
    global _WORKER_NLP
    if nlp is None:
        from .nlp import load
        nlp = load()
    if workers > 1 and serial_below > 0:
        from itertools import chain
        notes = iter(notes)
        ahead = list(islice(notes, serial_below))
        if len(ahead) < serial_below:
            workers = 1
        notes = chain(ahead, notes)
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
    global _PARENT_PID
    _PARENT_PID = os.getpid()
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
