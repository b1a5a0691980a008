"""`ecmo-cpt bench`: throughput and memory against baselines measured in the same run.

Corpora come from the shared generator (`make_corpus.py`, a copy of ../shared/bench's with the
dev corpus beside it, as there, in `extractor/benchdata/`, so that the benchmark runs from an
installed wheel): a mixed feed (1% ECMO notes) and a dense one (all ECMO). On the same texts it times
  (a) spaCy's blank English tokenizer, `spacy.blank("en").pipe` - the floor of any spaCy pipeline;
  (b) the naive build: `medspacy.load()` (PyRuSH, TargetMatcher, ConText) plus our target rules;
  (c) our extractor end to end, JSON lines in to JSON lines out, with 1 and 2 workers (runs
      interleaved; for 2 workers, the CPU time of the main process and of the workers);
then a small input with 1 worker and with the pool (and one small enough to stay off it), and
the peak resident memory of `ecmo-cpt extract --workers 1` on the mixed feed and a larger one.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

import orjson

# It reads its ECMO notes from ../corpus/dev.jsonl beside its own folder, as in shared/.
DEFAULT_GENERATOR = Path(__file__).resolve().parent / "benchdata" / "bench" / "make_corpus.py"


def find_generator(given: Optional[str]) -> Path:
    candidate = Path(given) if given else DEFAULT_GENERATOR
    if not candidate.is_file():
        raise FileNotFoundError(f"corpus generator not found: {candidate}")
    return candidate


def make_corpus(generator: Path, path: Path, notes: int, fraction: float, seed: int = 7) -> Path:
    if not path.exists():
        with open(path, "wb") as out:
            subprocess.run([sys.executable, str(generator), "--notes", str(notes),
                            "--ecmo-fraction", str(fraction), "--seed", str(seed)], stdout=out, check=True)
    return path


def texts_of(path: Path, limit: Optional[int] = None) -> list[str]:
    texts = []
    with open(path, "rb") as stream:
        for line in stream:
            texts.append(orjson.loads(line)["text"])
            if limit is not None and len(texts) >= limit:
                break
    return texts


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """Fastest wall-clock seconds of `repeats` runs (the least disturbed by the machine)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def tokenizer_rate(texts: list[str], repeats: int) -> float:
    import spacy

    nlp = spacy.blank("en")
    list(nlp.pipe(texts[:200]))  # warm the tokenizer's cache as every later run has it warm
    return sum(map(len, texts)) / best_of(repeats, lambda: sum(1 for _ in nlp.pipe(texts, batch_size=256)))


def naive_rate(texts: list[str]) -> float:
    """medspaCy's default pipeline with our target rules: what a user would build first."""
    from loguru import logger

    logger.remove()  # PyRuSH logs every document at DEBUG level
    import medspacy
    from medspacy.target_matcher import TargetRule

    from .pipeline.rules import read_rule_files

    nlp = medspacy.load()
    rules = read_rule_files()
    matcher = nlp.get_pipe("medspacy_target_matcher")
    for name in ("target_rules.json", "age_rules.json"):
        matcher.add([TargetRule.from_dict(r) for r in rules[name]["target_rules"]])
    list(nlp.pipe(texts[:5]))
    return sum(map(len, texts)) / best_of(1, lambda: sum(1 for _ in nlp.pipe(texts)))


def extractor_run(path: Path, workers: int, nlp) -> tuple[float, float, float]:
    """One run of `extract`'s own code path on `path`, JSON lines in and out: wall-clock
    seconds, CPU seconds of this (the parent) process and of its worker processes."""
    import resource

    from .chunked import JsonlSource, run_pieces
    from .io import Writer

    def cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime
    parent, children = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Writer(Path(tmp) / "out.jsonl") as writer, \
            JsonlSource(path) as source:
        for done in run_pieces(source, nlp, workers=workers):
            writer.write_lines(done.lines, done.count)
            writer.flush()
    wall = time.perf_counter() - started
    return wall, cpu(resource.RUSAGE_SELF) - parent, cpu(resource.RUSAGE_CHILDREN) - children


def compare_workers(path: Path, counts: tuple[int, ...], repeats: int, nlp) -> dict[int, tuple[float, float, float]]:
    """The fastest of `repeats` runs for each worker count, the counts interleaved (so that a
    machine busy with something else for a while slows them alike): {workers: (wall, parent
    CPU, workers' CPU) of that run}."""
    best: dict[int, tuple[float, float, float]] = {}
    for _ in range(repeats):
        for workers in counts:
            result = extractor_run(path, workers, nlp)
            if workers not in best or result[0] < best[workers][0]:
                best[workers] = result
    return best


def head_of(path: Path, target: Path, notes: int) -> Path:
    """The first `notes` lines of `path`, kept in `target`."""
    if not target.exists():
        with open(path, "rb") as source, open(target, "wb") as out:
            for number, line in enumerate(source):
                if number >= notes:
                    break
                out.write(line)
    return target


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of `ecmo-cpt extract` (one process) on `path`, in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen([sys.executable, "-m", "extractor.cli", "extract", str(path),
                                    "-o", str(Path(tmp) / "out.jsonl"), "-q", "--workers", "1"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise RuntimeError(f"extract failed on {path}: {process.stderr.read().decode()[-500:]}")
        return usage.ru_maxrss / 1024  # kilobytes on Linux


def run_bench(args: argparse.Namespace) -> int:
    from .nlp import load

    generator = find_generator(args.generator)
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    say = lambda text: print(text, flush=True)  # noqa: E731
    say(f"generating corpora with {generator} in {work}")
    mixed = make_corpus(generator, work / f"mixed-{args.mixed_notes}.jsonl", args.mixed_notes, 0.01)
    dense = make_corpus(generator, work / f"dense-{args.dense_notes}.jsonl", args.dense_notes, 1.0)
    nlp = load()
    rates = {}
    for label, path in (("mixed", mixed), ("dense", dense)):
        texts = texts_of(path)
        chars = sum(map(len, texts))
        say(f"\n{label}: {len(texts):,} notes, {chars / 1e6:.1f} M characters ({path.name})")
        a = tokenizer_rate(texts, args.repeats)
        say(f"  (a) spaCy blank tokenizer          {a / 1e3:10,.0f} k chars/s")
        # The ratio that matters for the naive build is on the dense corpus: all its notes.
        sample = texts if label == "dense" else texts[:args.naive_sample]
        b = naive_rate(sample)
        say(f"  (b) naive medspacy.load() + rules  {b / 1e3:10,.0f} k chars/s"
            + ("" if len(sample) == len(texts) else f"  (first {len(sample):,} notes)"))
        runs = compare_workers(path, (1, 2), args.repeats, nlp)
        c1, c2 = chars / runs[1][0], chars / runs[2][0]
        say(f"  (c) ecmo-cpt extract, 1 worker     {c1 / 1e3:10,.0f} k chars/s  ({runs[1][0]:.2f} s)")
        say(f"  (c) ecmo-cpt extract, 2 workers    {c2 / 1e3:10,.0f} k chars/s  ({runs[2][0]:.2f} s)")
        wall, parent, children = runs[2]
        # At full speed the 2 workers take (their CPU time) / 2 of wall-clock time; the
        # parent's share of one core over that time caps any number of workers at 1 / share.
        share = parent / max(children / 2, 1e-9)
        say(f"  2 workers: parent {parent:.2f} s CPU ({parent / wall:.1%} of one core over this run's "
            f"{wall:.2f} s), workers {children:.2f} s CPU; at full speed (workers' CPU / 2) the parent "
            f"uses {share:.1%} of one core: the speed-up is capped at about {1 / max(share, 1e-9):.0f}x")
        say(f"  ratios: (c)/(a) {c1 / a:.2f} (1 worker), {c2 / a:.2f} (2 workers); "
            f"(c)/(b) {c1 / b:.1f} (1 worker), {c2 / b:.1f} (2 workers); 2 workers / 1 worker {c2 / c1:.2f}")
        rates[label] = (a, b, c1, c2)
    # A few thousand notes: the pool's start-up paid (over SMALL_INPUT bytes), and a smaller
    # input that stays in the main process whatever --workers says.
    from .chunked import SMALL_INPUT
    say("\nsmall inputs (mixed feed; inputs up to %d kB stay off the pool)" % (SMALL_INPUT // 1024))
    for notes in (args.small_notes, 150):
        small = head_of(mixed, work / f"mixed-head-{notes}.jsonl", notes)
        with open(small, "rb") as lines:
            notes = sum(1 for _ in lines)  # (fewer when the mixed corpus is smaller)
        runs = compare_workers(small, (1, 2), args.repeats, nlp)
        pool = "pool" if small.stat().st_size > SMALL_INPUT else "in the main process"
        say(f"  {notes:,} notes ({small.stat().st_size / 1e6:.1f} MB): 1 worker {runs[1][0]:.2f} s, "
            f"--workers 2 ({pool}) {runs[2][0]:.2f} s, ratio {runs[1][0] / runs[2][0]:.2f}")
    if args.memory_notes:
        big = make_corpus(generator, work / f"mixed-{args.memory_notes}.jsonl", args.memory_notes, 0.01)
        small_mb, big_mb = peak_rss_mb(mixed), peak_rss_mb(big)
        say(f"\npeak memory of ecmo-cpt extract (1 worker): {small_mb:.0f} MB on {args.mixed_notes:,} notes, "
            f"{big_mb:.0f} MB on {args.memory_notes:,} notes ({(big_mb / small_mb - 1) * 100:+.1f}%)")
    a, _, c1, c2 = rates["mixed"]
    _, db, dc1, dc2 = rates["dense"]
    say("\nsummary")
    say(f"  dense: extractor / naive medspaCy = {dc1 / db:.1f}x (1 worker), {dc2 / db:.1f}x (2 workers)")
    say(f"  mixed: extractor / blank tokenizer = {c1 / a:.2f}x (1 worker), {c2 / a:.2f}x (2 workers)")
    say(f"  2 workers / 1 worker: dense {dc2 / dc1:.2f}x, mixed {c2 / c1:.2f}x")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--generator", help="path to a make_corpus.py (default: the copy in the package)")
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "ecmo-cpt-bench"),
                        help="where generated corpora are kept between runs")
    parser.add_argument("--mixed-notes", type=int, default=100000)
    parser.add_argument("--dense-notes", type=int, default=4000)
    parser.add_argument("--small-notes", type=int, default=3000,
                        help="notes of the small-input comparison (the mixed feed's first ones)")
    parser.add_argument("--naive-sample", type=int, default=400,
                        help="mixed-corpus notes given to the naive build (it is slow; default 400); "
                             "on the dense corpus it gets every note")
    parser.add_argument("--memory-notes", type=int, default=200000,
                        help="size of the large input for the memory check (0 to skip)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per timing; the fastest is reported")
