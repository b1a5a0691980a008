"""`ecmo-cpt`: extract codes from files of notes, and score them against gold labels.

Exit codes of extract: 0 every record processed; 1 some records had errors (see their
`error`); 2 unusable arguments or unreadable input; 3 stopped before the end (the output
could not be written, a worker process died): OUTPUT.part keeps what was done, for --resume;
130 / 143 stopped by Ctrl-C / SIGTERM.
"""
from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional, Sequence

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3


def _quiet_logs(verbose: bool) -> None:
    from loguru import logger

    logger.remove()
    if verbose:
        logger.enable("PyRuSH")
        logger.add(sys.stderr, level="DEBUG")


def _say(message: str) -> None:
    # An id may hold a lone surrogate (from a JSON "\ud800" escape): shown as U+FFFD, as in the output.
    print("ecmo-cpt: " + "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in message), file=sys.stderr)


def answer_settings(max_chars: Optional[int]) -> dict[str, Any]:
    """What the answers depend on besides the notes: our version, the rule files, --max-chars.
    Stored beside OUTPUT.part; --resume refuses to continue a part made with others."""
    from importlib import metadata, resources

    try:
        version = metadata.version("ecmo-cpt")
    except metadata.PackageNotFoundError:
        version = "unknown"
    rules = hashlib.blake2b(digest_size=8)
    folder = resources.files("extractor.patterns")
    for name in sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json")):
        rules.update(name.encode() + b"\0" + (folder / name).read_bytes())
    return {"version": version, "rules": rules.hexdigest(), "max_chars": max_chars}


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity), as ripgrep counts them."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Inputs read by the parent (CSV, folders, Parquet) with fewer notes stay off the pool.
SMALL_NOTES = 500


def _check_extract_args(args: argparse.Namespace) -> Optional[str]:
    if args.workers is None:
        args.workers = default_workers()
    """What is wrong with the arguments of extract, if anything (checked before any work)."""
    from .io import MAX_NOTE_CHARS, OutputError, check_not_an_input

    source = args.input
    if source == "-":
        if sys.stdin is None or sys.stdin.closed:
            return "standard input is closed (give an input file, or - with notes piped in)"
    elif not Path(source).exists():
        return f"input not found: {source}"
    if args.max_chars != -1 and args.max_chars < 1:
        return (f"--max-chars must be a positive number of characters, or -1 for no limit "
                f"(default {MAX_NOTE_CHARS:,})")
    if args.batch_size < 1 or args.workers < 1:
        return "--batch-size and --workers must be at least 1"
    columns_problem = _columns_problem(source, args)
    if columns_problem:
        return columns_problem
    if args.resume:
        if args.output in (None, "-"):
            return "--resume needs an output file (-o OUTPUT); standard output cannot be resumed"
        if Path(args.output).suffix.lower() == ".csv":
            return "--resume works with JSONL or Parquet output only (OUTPUT ending in .csv is CSV)"
        special = args.output.startswith(("/dev/", "/proc/"))
        if special or (os.path.exists(args.output) and not os.path.isfile(args.output)):
            return f"--resume needs a regular output file; {args.output} is not one"
    if args.output not in (None, "-") and os.path.isdir(args.output):
        return f"the output {args.output} is a folder; give a file name, e.g. {Path(args.output) / 'results.jsonl'}"
    try:
        check_not_an_input(args.output, [source])
    except OutputError as problem:
        return str(problem)
    return None


def _stop_stdout() -> None:
    """After a broken pipe: send what is left for standard output nowhere, so that Python does
    not print a second error when it flushes it at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def sigterm_as_interrupt() -> tuple[list[int], Any]:
    """From now on SIGTERM stops a run as Ctrl-C does (KeyboardInterrupt in the main process;
    a forked worker that inherited the handler dies as the signal says). Returns the list
    that records the signals that stopped it, and the handler to restore (None off the main
    thread, where none was set)."""
    import signal
    import threading

    stopped_by: list[int] = []
    main_pid = os.getpid()

    def stop(signum, frame):  # noqa: ARG001
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        stopped_by.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    return stopped_by, previous


def cmd_extract(args: argparse.Namespace) -> int:
    import signal
    from collections import deque

    import numpy

    from .chunked import JsonlSource, run_pieces
    from .io import (MAX_NOTE_CHARS, InputError, OutputBusy, OutputError, SeenIds, Writer, input_format, list_folder,
                     note_digest, open_writer, part_path)

    if args.max_chars is None:
        args.max_chars = MAX_NOTE_CHARS
    problem = _check_extract_args(args)
    if problem:
        _say(problem)
        return EXIT_USAGE
    source = args.input
    if args.resume:
        real = Path(os.path.realpath(args.output))
        if not part_path(real).exists() and real.exists():
            _say(f"{args.output} is already complete (no {part_path(args.output).name} to resume); nothing to do")
            return EXIT_OK
    listing = None
    if source != "-" and Path(source).is_dir():
        listing = list_folder(Path(source))
        if not listing.notes:
            held = f"; it holds {listing.skipped_summary()}" if listing.skipped else " (it is empty)"
            _say(f"no .txt files in the folder {source}{held}")
            return EXIT_USAGE
        if listing.skipped:
            _say(f"warning: skipped {listing.skipped_summary()} in {source}")
    from .runner import WorkerDied, run  # (spaCy: imported once the arguments are known to be usable)

    max_chars = None if args.max_chars == -1 else args.max_chars
    counts = {"processed": 0, "suggested": 0, "needs_review": 0, "errors": 0}
    seen = SeenIds()
    resumed = 0
    loaded: Optional[float] = None
    show_progress = sys.stderr.isatty() and not args.quiet

    def kept() -> str:
        if writer is not None and writer.part is not None and writer.part.exists() and writer.format in ("jsonl", "parquet"):
            return (f"; {writer.part} keeps the records written before this: "
                    "rerun with --resume to continue")
        return ""

    # SIGTERM stops the run like Ctrl-C: the part file keeps the records written so far.
    stopped_by, previous = sigterm_as_interrupt()
    writer = None
    chunked = None
    try:
        from .parquet_io import is_parquet
        if listing is None and not is_parquet(source) and input_format(source) == "jsonl":
            # JSONL: the parent cuts raw lines into pieces; workers parse, run and serialise them.
            chunked = JsonlSource(source, max_chars)
            notes = chunked.notes()  # (here only for --resume's check of the first notes)
        else:
            notes = _read_input(source, args, max_chars, listing)
        with open_writer(args.output, resume=args.resume, settings=answer_settings(max_chars)) as writer:
            if getattr(writer, "straight", None) and not args.quiet:
                _say(f"writing straight to {args.output} ({writer.straight}): no .part file, so an "
                     "interrupted run cannot be resumed")
            done = writer.resumed
            if done.ids:
                # Output order is input order: the part file holds the first K records.
                for position, old_id in enumerate(done.ids, start=1):
                    note = next(notes, None)
                    if note is None or note.id != old_id:
                        found = "the input ends" if note is None else f"the input has id {note.id!r}"
                        raise ValueError(f"{writer.part} does not match {source}: its record {position} has id "
                                         f"{old_id!r} but {found}; rerun without --resume")
                    writer.add_done(note)
                    seen.add(note.id)
                if not writer.done_matches():
                    raise ValueError(f"{writer.part} does not match {source}: the text or metadata of its first "
                                     f"{len(done.ids)} notes changed since the interrupted run; rerun without --resume")
                resumed = len(done.ids)
                counts.update(processed=resumed, suggested=done.suggested, needs_review=done.needs_review,
                              errors=done.errors)
            digests: deque = deque()

            def hashed(notes):
                for note in notes:
                    digests.append(note_digest(note))
                    yield note
            checked = writer.part is not None and writer.format == "jsonl"
            nlp = _load_model()
            loaded = time.perf_counter()
            if chunked is not None:
                as_lines = isinstance(writer, Writer) and writer.format == "jsonl"
                bar = _progress_bar(source, resumed) if show_progress else None
                for done in run_pieces(chunked, nlp, workers=args.workers, batch_size=args.batch_size,
                                       as_lines=as_lines, digests=checked):
                    if as_lines:
                        writer.write_lines(done.lines, done.count, done.note_digests)
                    else:
                        for record in done.records:
                            writer.write(record)
                    writer.flush()
                    counts["processed"] += done.count
                    counts["suggested"] += done.suggested
                    counts["needs_review"] += done.needs_review
                    counts["errors"] += done.errors
                    for position, digest in enumerate(numpy.frombuffer(done.id_digests, dtype="<u8").tolist()):
                        seen.add_digest(digest, done.ids[position])
                    if bar is not None:
                        bar.update(done.count)
                if bar is not None:
                    bar.close()
                chunked.check(counts["processed"])
                records = ()
            else:
                records = run(hashed(notes) if checked else notes, workers=args.workers, batch_size=args.batch_size,
                              nlp=nlp, serial_below=SMALL_NOTES)
                if show_progress:
                    records = _with_progress(records, source, initial=resumed)
            for record in records:
                writer.write(record, digests.popleft() if checked else None)
                if writer.written % args.batch_size == 0:
                    writer.flush()
                counts["processed"] += 1
                counts["suggested"] += bool(record["codes"])
                counts["needs_review"] += bool(record["needs_review"])
                counts["errors"] += record["error"] is not None
                seen.add(record["id"])
    except KeyboardInterrupt:
        where = ""
        if writer is not None and writer.part is not None and writer.part.exists():
            where = (f"; {counts['processed']} records are in {writer.part}: rerun with --resume to continue")
        name = "SIGTERM" if stopped_by else "interrupt"
        _say(f"stopped by {name}{where}")
        return 128 + (stopped_by[0] if stopped_by else signal.SIGINT)
    except WorkerDied as problem:
        if stopped_by:  # the signal reached the workers too
            _say(f"stopped by SIGTERM{kept()}")
            return 128 + stopped_by[0]
        _say(f"stopped: {problem}{kept()}")
        return EXIT_INCOMPLETE
    except OutputBusy as problem:
        _say(str(problem))
        return EXIT_USAGE
    except OutputError as problem:
        if writer is None:  # nothing was done
            _say(str(problem))
            return EXIT_USAGE
        if writer.part is None and problem.__cause__ is not None and getattr(problem.__cause__, "errno", None) == errno.EPIPE:
            _stop_stdout()
        _say(f"stopped: {problem}{kept()}")
        return EXIT_INCOMPLETE
    except InputError as problem:
        written = (f" (the {counts['processed']} records before the problem went to standard output)"
                   if writer is not None and writer.part is None and counts["processed"] else "")
        _say(f"cannot read {source}: {problem}{written}")
        return EXIT_USAGE
    except (OSError, ValueError) as problem:
        _say(f"cannot process {source}: {problem}")
        return EXIT_USAGE
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if chunked is not None:
            chunked.close()
    finished = time.perf_counter()
    assert loaded is not None
    timing = (f"{finished - args.started:.1f} s: model load {loaded - args.started:.1f} s, "
              f"notes {finished - loaded:.1f} s")
    duplicates = seen.duplicates
    duplicate_note = (f"{duplicates} duplicate id{'s' if duplicates > 1 else ''} (first: {seen.first_duplicate})"
                      if duplicates else "")
    if not args.quiet:
        from_part = f" ({resumed} already in {part_path(args.output).name})" if resumed else ""
        _say(f"{counts['processed']} processed{from_part}, {counts['suggested']} suggested, "
             f"{counts['needs_review']} needs review, {counts['errors']} errors"
             f"{', ' + duplicate_note if duplicates else ''} ({timing})")
    elif duplicates:
        _say(f"warning: {duplicate_note}")
    return EXIT_RECORD_ERRORS if counts["errors"] else EXIT_OK


def _columns_problem(source: str, args: argparse.Namespace) -> Optional[str]:
    """Why --id-col/--text-col/--meta-col cannot apply (they name Parquet columns), or None."""
    from .parquet_io import is_parquet

    named = args.id_col is not None or args.text_col is not None or args.meta_col
    if named and not is_parquet(source):
        return "--id-col, --text-col and --meta-col name the columns of a Parquet input (INPUT ending in .parquet)"
    for item in args.meta_col or []:
        if "=" not in item:
            return f"--meta-col takes FIELD=COLUMN (e.g. service_date=visit_date), got {item!r}"
    return None


def _read_input(source: str, args: argparse.Namespace, max_chars: Optional[int], listing: Any = None):
    """Notes from INPUT; a Parquet file with the columns named on the command line."""
    from .io import read_notes
    from .parquet_io import is_parquet, read_parquet

    if not is_parquet(source):
        return read_notes(source, max_chars=max_chars, listing=listing)
    meta = dict(item.split("=", 1) for item in args.meta_col) if args.meta_col else None
    notes = read_parquet(source, id_col=args.id_col or "id", text_col=args.text_col or "text", meta_cols=meta,
                         max_chars=max_chars, id_required=args.id_col is not None)
    first = next(notes, None)  # the file and its columns are checked here, before any output is opened

    def rest():
        if first is not None:
            yield first
            yield from notes
    return rest()


def _load_model():
    """The pipeline, spaCy and medspaCy imports included: what a run pays before its first note.

    The garbage collector waits meanwhile: building the pipeline makes some hundred thousand
    objects that all live on, and collecting among them is wasted work (a tenth of the start-up).
    They are then frozen out of its reach for the run (`gc.freeze`): collections while notes are
    read look at the notes' objects only, and forked workers leave the shared pages untouched."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from .nlp import load

        nlp = load()
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return nlp


def _count_records(source: str) -> Optional[int]:
    """About how many records the input holds (lines, or .txt files), for the progress ETA."""
    path = Path(source)
    if source == "-" or not (path.is_file() or path.is_dir()):
        return None
    if path.is_dir():
        return sum(1 for _ in path.glob("*.txt"))
    from .parquet_io import count_rows, is_parquet

    if is_parquet(path):
        return count_rows(path)
    lines = 0
    with open(path, "rb") as stream:
        if stream.read(2) == b"\x1f\x8b":  # gzip: counting would mean unpacking it twice
            return None
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
    if path.suffix.lower() == ".csv":
        lines -= 1  # the header
    return max(lines, 0)


def _with_progress(records, source: str, initial: int):
    """Records with a tqdm bar (notes done, notes/s, ETA); the input is counted in the
    background so a large file starts at once and the ETA appears when the count is in."""
    return _progress_bar(source, initial, records)


def _progress_bar(source: str, initial: int, records=None):
    """A tqdm bar (over `records`, else updated by the caller)."""
    import threading

    from tqdm import tqdm

    bar = tqdm(records, unit=" notes", file=sys.stderr, dynamic_ncols=True, initial=initial, smoothing=0.05)

    def count() -> None:
        total = _count_records(source)
        if total:
            bar.total = max(total, initial)
            bar.refresh()
    threading.Thread(target=count, daemon=True).start()
    return bar


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score predictions against gold labels or coders' decisions; loud about ids that do not join."""
    from .evaluate import GoldError, coverage_problems, evaluate, format_report
    from .io import read_records
    from .predictions import NotPredictions, iter_predictions

    try:
        gold = list(read_records(args.gold))
        result = evaluate(gold, iter_predictions(args.predictions))
    except (GoldError, NotPredictions) as problem:
        print(f"ecmo-cpt: cannot evaluate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError, KeyError) as problem:
        print(f"ecmo-cpt: cannot evaluate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    problems = coverage_problems(result)
    if result["coverage"]["gold"] and not result["coverage"]["scored"]:
        print(f"ecmo-cpt: ERROR: {problems[0]}", file=sys.stderr)
        return EXIT_USAGE
    text = json.dumps(result, indent=1) if args.json else format_report(result)
    if problems and not args.json:
        text = "\n".join(f"WARNING: {p}" for p in problems) + "\n" + text
    print(text)
    for problem in problems:
        print(f"ecmo-cpt: WARNING: {problem}", file=sys.stderr)
    return EXIT_RECORD_ERRORS if problems else EXIT_OK


def cmd_import_decisions(args: argparse.Namespace) -> int:
    """Merge several coders' exports of one review report into one gold file, with their disagreements."""
    from .decisions import DecisionsError, format_merge, merge

    try:
        merged = merge(args.exports)
    except (DecisionsError, OSError) as problem:
        print(f"ecmo-cpt: cannot import decisions: {problem}", file=sys.stderr)
        return EXIT_USAGE
    import orjson

    with open(args.output, "wb") as stream:
        for record in merged.records:
            stream.write(orjson.dumps(record) + b"\n")
    print(format_merge(merged, args.output))
    print(f"ecmo-cpt: {len(merged.records)} gold records written to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print results readably: one block per note with its codes and reasons."""
    from .io import read_records
    from .predictions import status_of
    from .predictions import verdict as verdict_of

    try:
        records = list(read_records(args.predictions))
    except (OSError, ValueError) as problem:
        print(f"ecmo-cpt: cannot read {args.predictions}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    for record in records:
        status, verdict = status_of(record), verdict_of(record)
        if status == "error":
            verdict = f"{verdict}: {record['error']}"
        elif status == "suggested":
            verdict = "suggest " + ", ".join(record["codes"])
        print(f"{record.get('id')}: {verdict}")
        facts = [f"reposition={record.get('reposition')}", f"approach={record.get('approach')}",
                 f"fluoroscopy={record.get('fluoroscopy')}", f"age={record.get('age_years')} ({record.get('age_source')})"]
        print("    " + "  ".join(facts))
        for reason in record.get("reasons") or []:
            print(f"    - {reason}")
    print(f"{len(records)} notes, {sum(bool(r.get('codes')) for r in records)} with a suggested code, "
          f"{sum(bool(r.get('needs_review')) for r in records)} needing review")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML review report (extractor/report.py)."""
    from .io import OutputError, check_not_an_input
    from .report import MissingDependency, NotNotes, NotPredictions, write_report

    for path in (args.predictions, args.notes):
        if not Path(path).exists():
            print(f"ecmo-cpt: input not found: {path}", file=sys.stderr)
            return EXIT_USAGE
    if args.sample is not None and args.sample < 1:
        print("ecmo-cpt: --sample must be a number of notes (at least 1)", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.sample_no_code <= 1:
        print("ecmo-cpt: --sample-no-code must be a fraction from 0 to 1", file=sys.stderr)
        return EXIT_USAGE
    try:
        check_not_an_input(args.output, [args.predictions, args.notes])
    except OutputError as problem:
        print(f"ecmo-cpt: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        stats = write_report(args.predictions, args.notes, args.output, all_notes=args.all,
                             max_full=None if args.max_notes < 0 else args.max_notes,
                             sample=args.sample, seed=args.seed, no_code_share=args.sample_no_code)
    except (MissingDependency, NotPredictions, NotNotes) as problem:
        print(f"ecmo-cpt: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError) as problem:
        print(f"ecmo-cpt: cannot write the report: {problem}", file=sys.stderr)
        return EXIT_USAGE
    what = f"a sample of {stats.full} of {stats.notes} notes" if stats.sample else \
        f"{stats.notes} notes ({stats.full} in full)"
    print(f"ecmo-cpt: report {stats.report_id} of {what} written to {args.output} "
          f"({stats.bytes / 1e6:.1f} MB, {stats.seconds:.1f} s)", file=sys.stderr)
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    """Throughput and memory against baselines (extractor/bench.py)."""
    from .bench import run_bench

    try:
        return run_bench(args)
    except (OSError, subprocess.CalledProcessError) as problem:
        print(f"ecmo-cpt: bench failed: {problem}", file=sys.stderr)
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ecmo-cpt", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="show library logs on standard error")
    # Also accepted after the subcommand; SUPPRESS keeps a --verbose given before it.
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                         help="show library logs on standard error")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", parents=[verbose], help="suggest codes for a file of notes")
    extract.add_argument("input", help="JSONL, CSV or Parquet file, a folder of .txt files, or - for JSONL on stdin")
    extract.add_argument("-o", "--output", default=None, help="output file (.jsonl, .csv or .parquet); default standard output")
    extract.add_argument("--batch-size", type=int, default=64)
    extract.add_argument("--workers", type=int, default=None,
                         help="worker processes (default: the cores this process may use, here %d)" % default_workers())
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary line")
    extract.add_argument("--max-chars", type=int, default=None, metavar="N",
                         help="read at most the first N characters of a note (cut at a line break); longer notes "
                              "say so in `reasons` and need review when no code comes of it (default 100,000; -1 no limit)")
    extract.add_argument("--resume", action="store_true",
                         help="continue an interrupted run from OUTPUT.part (JSONL or Parquet output)")
    extract.add_argument("--id-col", default=None, metavar="COLUMN", help="Parquet input: the id column (default id)")
    extract.add_argument("--text-col", default=None, metavar="COLUMN",
                         help="Parquet input: the text column (default text)")
    extract.add_argument("--meta-col", action="append", default=None, metavar="FIELD=COLUMN",
                         help="Parquet input: a metadata column (service_date, dob, age_years), repeatable; default: "
                              "the columns named like the fields, else a struct column `meta`")
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser("evaluate", parents=[verbose], help="score predictions against gold labels or coders' decisions")
    evaluate.add_argument("gold", help="gold labels (the shared corpus's format) or decisions exported from the report")
    evaluate.add_argument("predictions", help="output of extract (.jsonl, .csv or .parquet)")
    evaluate.add_argument("--json", action="store_true", help="print the full result as JSON")
    evaluate.set_defaults(func=cmd_evaluate)
    imports = sub.add_parser("import-decisions", parents=[verbose], help="merge several coders' exported decisions of one report")
    imports.add_argument("exports", nargs="+", help="decision files exported from the same review report")
    imports.add_argument("-o", "--output", required=True, help="merged gold file to write (JSONL)")
    imports.set_defaults(func=cmd_import_decisions)
    show = sub.add_parser("show", parents=[verbose], help="print an output file readably")
    show.add_argument("predictions")
    show.set_defaults(func=cmd_show)
    report = sub.add_parser("report", parents=[verbose], help="write an HTML review report of predictions and their notes")
    report.add_argument("predictions", help="output of extract (.jsonl, .csv or .parquet)")
    report.add_argument("notes", help="the notes the predictions were made from (same formats as extract)")
    report.add_argument("-o", "--output", default="report.html", help="HTML file to write (default report.html)")
    report.add_argument("--all", action="store_true", help="show notes with no code in full too")
    report.add_argument("--max-notes", type=int, default=2000,
                        help="at most this many notes in full, review and errors first (default 2000; -1 no limit)")
    report.add_argument("--sample", type=int, default=None, metavar="N",
                        help="review a stratified random sample of N notes (every code, every needs-review reason "
                             "and a share of no-code notes) instead of the flagged notes")
    report.add_argument("--seed", type=int, default=0, help="random seed of --sample (default 0)")
    report.add_argument("--sample-no-code", type=float, default=0.2, metavar="FRACTION",
                        help="share of the sample drawn from notes with no code (default 0.2)")
    report.set_defaults(func=cmd_report)
    from .bench import add_arguments as add_bench_arguments

    bench = sub.add_parser("bench", parents=[verbose], help="time the extractor against spaCy's tokenizer and a naive medspaCy build")
    add_bench_arguments(bench)
    bench.set_defaults(func=cmd_bench)
    from .omop import add_arguments as add_omop_arguments

    omop = sub.add_parser("omop", parents=[verbose], help="read notes from an OMOP CDM database (NOTE, PERSON) "
                                                          "and write the results to its NOTE_NLP table")
    add_omop_arguments(omop)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    started = time.perf_counter()  # the summary line's times count from here
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    args.started = started
    _quiet_logs(args.verbose)
    return args.func(args)


def console() -> None:
    """The `ecmo-cpt` command: `main()`, then exit with its code. After a run whose worker pool
    was stopped (Ctrl-C, SIGTERM, a dead worker; the part file is already saved and closed),
    the process leaves at once: at interpreter exit `concurrent.futures` joins its manager
    thread, which can wait forever on a result that a terminated worker left half sent.
    Output piped into a reader that stops early (`| head`) ends the run quietly, as other
    command-line tools do, with the shell's code for SIGPIPE."""
    try:
        code = main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # (Python would otherwise fail again flushing stdout at exit)
        sys.exit(141)
    runner = sys.modules.get("extractor.runner")
    if runner is not None and runner.workers_stopped():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    console()
