"""`make parquet-memory`: peak resident memory of `ecmo-cpt extract notes.parquet -o results.parquet`
on 20,000 and 200,000 notes of the shared generator (1% ECMO notes), each as a Parquet file
in row groups of 10,000 notes and as one row group holding every note (what a writer that
buffers the whole table makes: the hardest case for a streaming reader).

    python tools/parquet_memory.py [--small 20000] [--large 200000] [--work-dir bench-data]

Takes about 4 minutes on the 2-core machine (generating and converting included).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.bench import find_generator, make_corpus  # noqa: E402


def to_parquet(jsonl: Path, target: Path, row_group: int | None) -> Path:
    """The JSONL notes as Parquet (id, text, service_date, dob, age_years), `row_group` notes a
    row group, or a single row group when None."""
    import orjson
    import pyarrow as pa
    import pyarrow.parquet as pq

    if target.exists():
        return target
    schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("service_date", pa.string()),
                        ("dob", pa.string()), ("age_years", pa.int32())])

    def batch(rows: list[dict]) -> pa.Table:
        meta = [r.get("meta") or {} for r in rows]
        return pa.table([[r.get("id") for r in rows], [r.get("text") for r in rows],
                         [m.get("service_date") for m in meta], [m.get("dob") for m in meta],
                         pa.array([m.get("age_years") for m in meta], pa.int32())], schema=schema)

    rows: list[dict] = []
    with open(jsonl, "rb") as stream, pq.ParquetWriter(target, schema) as out:
        for line in stream:
            rows.append(orjson.loads(line))
            if row_group and len(rows) == row_group:
                out.write_table(batch(rows), row_group_size=row_group)
                rows = []
        if rows:
            out.write_table(batch(rows), row_group_size=len(rows))
    return target


def peak_rss_mb(source: Path) -> tuple[float, float]:
    """(peak resident MB, seconds) of one `ecmo-cpt extract SOURCE -o results.parquet` process."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "extractor.cli", "extract", str(source),
                                    "-o", str(Path(tmp) / "results.parquet"), "-q"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"extract failed on {source}: {process.stderr.read().decode()[-500:]}")
        return usage.ru_maxrss / 1024, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--work-dir", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--generator", default=None, help="the shared corpus generator (default: the packaged copy)")
    args = parser.parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    generator = find_generator(args.generator)
    results = {}
    for notes in (args.small, args.large):
        jsonl = make_corpus(generator, args.work_dir / f"mixed-{notes}.jsonl", notes, 0.01)
        for layout, row_group in (("row groups of 10,000", 10_000), ("one row group", None)):
            name = f"mixed-{notes}-{'rg10k' if row_group else 'rg1'}.parquet"
            source = to_parquet(jsonl, args.work_dir / name, row_group)
            mb, seconds = peak_rss_mb(source)
            results[(notes, layout)] = mb
            print(f"{notes:>8,} notes, {layout:<21} {source.stat().st_size / 1e6:7.1f} MB file: "
                  f"peak {mb:6.0f} MB resident, {seconds:5.1f} s", flush=True)
    for layout in ("row groups of 10,000", "one row group"):
        small, large = results[(args.small, layout)], results[(args.large, layout)]
        print(f"{layout}: {small:.0f} MB on {args.small:,} notes, {large:.0f} MB on {args.large:,} notes "
              f"({(large / small - 1) * 100:+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
