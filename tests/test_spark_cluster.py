"""`extractor.spark.extract` on a real Spark standalone cluster, beyond local mode's single JVM.

The test starts a master and two workers as separate processes on 127.0.0.1 from pyspark's
own spark-class (tests/spark_cluster.py), submits jobs from separate driver processes as a
user would (tests/spark_cluster_job.py, and README's standalone example), and stops the
cluster, also when a test fails. Skips, saying why, without pyspark or Java.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.io import FIELDS

from .conftest import DEV_CORPUS
from .test_readme_examples import examples, readme_environment

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install '.[spark]'")
pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install '.[spark]'")

from .spark_cluster import QUICK_JVM, StandaloneCluster, group_members  # noqa: E402
from .test_spark import _java  # noqa: E402

if _java() is None:
    pytest.skip("the cluster test needs Java 17+ (no `java` on PATH and no JAVA_HOME)", allow_module_level=True)

JOB = Path(__file__).parent / "spark_cluster_job.py"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with StandaloneCluster(tmp_path_factory.mktemp("spark-cluster")) as running:
        yield running
    assert not running.pids(), f"cluster processes left running: {sorted(running.pids())}"


def _driver(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """A driver program in its own process group, ended with its JVM if it outlives the timeout."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        out, err = process.communicate()
    return subprocess.CompletedProcess(args, process.returncode, out, err)


@pytest.fixture(scope="module")
def cli_records(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("cli") / "pred.jsonl"
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(DEV_CORPUS), "-o", str(out), "-q"],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}


def test_dev_corpus_on_a_standalone_cluster_equals_the_cli_output(cluster, cli_records, tmp_path):
    out = tmp_path / "result.json"
    # As README's reader runs a driver; the JVM flags only start this driver's JVM sooner.
    env = {**readme_environment(), "SPARK_LOCAL_IP": "127.0.0.1", "JAVA_TOOL_OPTIONS": QUICK_JVM}
    done = _driver([sys.executable, str(JOB), cluster.url, str(DEV_CORPUS), str(out)], env, tmp_path)
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(out.read_text())

    got = {record["id"]: record for record in result["records"]}
    assert len(result["records"]) == len(cli_records) == 88 and set(got) == set(cli_records)
    for note_id, expected in cli_records.items():
        assert {name: got[note_id][name] for name in FIELDS} == expected, note_id

    # The work ran in two executor JVMs, one launched by each of our workers, with their own
    # Python workers: none of it in the driver's process.
    probes = result["executors"]
    workers = {process.pid for name, process in cluster.processes.items() if name.startswith("worker")}
    assert len({probe["jvm"] for probe in probes}) == 2 and None not in {probe["jvm"] for probe in probes}, probes
    assert {probe["launcher"] for probe in probes} == workers, (probes, workers)
    assert len({probe["python"] for probe in probes}) >= 2


def test_readme_standalone_example_runs_on_the_cluster(cluster, tmp_path):
    env = {**readme_environment(), "SPARK_MASTER_URL": cluster.url, "SPARK_LOCAL_IP": "127.0.0.1"}
    done = _driver([sys.executable, "-c", examples()["spark-standalone"]], env, tmp_path)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "[33958]" in done.stdout and "54" in done.stdout, done.stdout


def test_the_cluster_is_stopped_when_a_test_fails_inside_it(tmp_path):
    with pytest.raises(RuntimeError, match="a failing test"):
        with StandaloneCluster(tmp_path, workers=0) as cluster:  # the master alone: quicker
            started = cluster.pids()
            assert started
            raise RuntimeError("a failing test")
    assert not cluster.pids()
    assert not any(group_members(pid) for pid in started)
