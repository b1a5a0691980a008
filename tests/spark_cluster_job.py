"""A driver program, run by tests/test_spark_cluster.py as a user runs theirs:

    python spark_cluster_job.py MASTER_URL NOTES.jsonl OUT.json

Reads the notes into a DataFrame, runs `extractor.spark.extract` on the cluster at MASTER_URL
and writes {"records": [...], "executors": [...]} to OUT.json, where each executor entry says
which JVM and which Python process ran a probe task (to show the work left this process).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# The executors run this Python (the workers are on this machine, so the path exists there).
os.environ["PYSPARK_PYTHON"] = sys.executable

from pyspark.sql import SparkSession  # noqa: E402

from extractor.spark import extract  # noqa: E402


def where_am_i(frames):
    """Runs on an executor: the pids of this Python worker, of the executor JVM above it and of
    the process that launched that JVM (a Spark worker)."""
    import os
    from pathlib import Path

    import pandas as pd

    def parent_of(pid: int) -> int:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])

    for _ in frames:
        pass
    pid, jvm = os.getpid(), None
    while pid > 1 and jvm is None:
        pid = parent_of(pid)
        if b"CoarseGrainedExecutorBackend" in Path(f"/proc/{pid}/cmdline").read_bytes():
            jvm = pid
    yield pd.DataFrame({"python": [os.getpid()], "jvm": [jvm], "launcher": [parent_of(jvm) if jvm else None]})


def main(master: str, notes_path: str, out: str) -> None:
    spark = (SparkSession.builder.master(master).appName("ecmo-cpt cluster test")
             .config("spark.ui.enabled", "false")
             .config("spark.executor.cores", "1").config("spark.executor.memory", "1g")
             .config("spark.cores.max", "2")
             # Start only when both executors are up, so the work is spread over them.
             .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
             .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "180s")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    try:
        notes = [json.loads(line) for line in Path(notes_path).read_text().splitlines() if line.strip()]
        rows = [(n["id"], n["text"], n["meta"].get("service_date"), n["meta"].get("dob"), n["meta"].get("age_years"))
                for n in notes]
        df = spark.createDataFrame(rows, schema="id string, text string, service_date string, dob string, "
                                                "age_years int").repartition(4)
        records = [row.asDict(recursive=True) for row in extract(df).collect()]
        probes = spark.range(0, 8, numPartitions=8).mapInPandas(where_am_i, "python long, jvm long, launcher long").collect()
    finally:
        spark.stop()
    Path(out).write_text(json.dumps({"records": records, "executors": [row.asDict() for row in probes]}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
