"""`ecmo-cpt`: extract codes from files of notes, and score them against gold labels.

Exit codes: 0 every record processed; 1 some records had errors (see their `error`);
2 unusable arguments or unreadable input.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE = 0, 1, 2


def _quiet_logs(verbose: bool) -> None:
    from loguru import logger

    logger.remove()
    if verbose:
        logger.enable("PyRuSH")
        logger.add(sys.stderr, level="DEBUG")


def cmd_extract(args: argparse.Namespace) -> int:
    from .io import Writer, read_notes
    from .runner import run

    source = args.input
    if source != "-" and not Path(source).exists():
        print(f"ecmo-cpt: input not found: {source}", file=sys.stderr)
        return EXIT_USAGE
    counts = {"processed": 0, "suggested": 0, "needs_review": 0, "errors": 0}
    started = time.perf_counter()
    show_progress = sys.stderr.isatty() and not args.quiet
    try:
        notes = read_notes(source)
        with Writer(args.output) as writer:
            records = run(notes, workers=args.workers, batch_size=args.batch_size)
            if show_progress:
                from tqdm import tqdm
                records = tqdm(records, unit=" notes", file=sys.stderr, dynamic_ncols=True)
            for record in records:
                writer.write(record)
                counts["processed"] += 1
                counts["suggested"] += bool(record["codes"])
                counts["needs_review"] += bool(record["needs_review"])
                counts["errors"] += record["error"] is not None
    except (OSError, ValueError) as problem:
        print(f"ecmo-cpt: cannot read {source}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    seconds = time.perf_counter() - started
    if not args.quiet:
        print(f"ecmo-cpt: {counts['processed']} processed, {counts['suggested']} suggested, "
              f"{counts['needs_review']} needs review, {counts['errors']} errors ({seconds:.1f} s)", file=sys.stderr)
    return EXIT_RECORD_ERRORS if counts["errors"] else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report
    from .io import read_records

    try:
        result = evaluate(read_records(args.gold), read_records(args.predictions))
    except (OSError, ValueError, KeyError) as problem:
        print(f"ecmo-cpt: cannot evaluate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(result, indent=1) if args.json else format_report(result))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print results readably: one block per note with its codes and reasons."""
    from .io import read_records

    try:
        records = list(read_records(args.predictions))
    except (OSError, ValueError) as problem:
        print(f"ecmo-cpt: cannot read {args.predictions}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    for record in records:
        if record.get("error"):
            verdict = f"ERROR: {record['error']}"
        elif record.get("codes"):
            verdict = "suggest " + ", ".join(record["codes"])
        elif record.get("needs_review"):
            verdict = "NEEDS REVIEW"
        else:
            verdict = "no code"
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
    from .report import write_report

    for path in (args.predictions, args.notes):
        if not Path(path).exists():
            print(f"ecmo-cpt: input not found: {path}", file=sys.stderr)
            return EXIT_USAGE
    try:
        stats = write_report(args.predictions, args.notes, args.output, all_notes=args.all,
                             max_full=None if args.max_notes < 0 else args.max_notes)
    except (OSError, ValueError) as problem:
        print(f"ecmo-cpt: cannot write the report: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(f"ecmo-cpt: report of {stats.notes} notes ({stats.full} in full) written to {args.output} "
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
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="suggest codes for a file of notes")
    extract.add_argument("input", help="JSONL or CSV file, a folder of .txt files, or - for JSONL on stdin")
    extract.add_argument("-o", "--output", default=None, help="output file (.jsonl or .csv); default standard output")
    extract.add_argument("--batch-size", type=int, default=64)
    extract.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary line")
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser("evaluate", help="score predictions against gold labels")
    evaluate.add_argument("gold")
    evaluate.add_argument("predictions")
    evaluate.add_argument("--json", action="store_true", help="print the full result as JSON")
    evaluate.set_defaults(func=cmd_evaluate)
    show = sub.add_parser("show", help="print an output file readably")
    show.add_argument("predictions")
    show.set_defaults(func=cmd_show)
    report = sub.add_parser("report", help="write an HTML review report of predictions and their notes")
    report.add_argument("predictions", help="output of extract (.jsonl or .csv)")
    report.add_argument("notes", help="the notes the predictions were made from (same formats as extract)")
    report.add_argument("-o", "--output", default="report.html", help="HTML file to write (default report.html)")
    report.add_argument("--all", action="store_true", help="show notes with no code in full too")
    report.add_argument("--max-notes", type=int, default=2000,
                        help="at most this many notes in full, review and errors first (default 2000; -1 no limit)")
    report.set_defaults(func=cmd_report)
    from .bench import add_arguments as add_bench_arguments

    bench = sub.add_parser("bench", help="time the extractor against spaCy's tokenizer and a naive medspaCy build")
    add_bench_arguments(bench)
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    _quiet_logs(args.verbose)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
