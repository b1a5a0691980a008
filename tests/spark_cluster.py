"""A real Spark standalone cluster on 127.0.0.1 for the tests: a master and workers, each its
own JVM started from pyspark's own `bin/spark-class`, each in its own process group so that
stopping it also ends the executors (and their Python workers) it launched.

    with StandaloneCluster(tmp_path) as cluster:
        ... SparkSession.builder.master(cluster.url) ...

The cluster is stopped when the block ends, by an exception too; should the test process die
without cleaning up, the kernel sends the master and workers SIGTERM (PR_SET_PDEATHSIG).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

READY_SECONDS = 180  # a JVM start on a busy 2-core machine can take a while
# For the cluster's JVMs (master, workers, and the executors, which inherit the workers'
# environment): the quick JIT tier and one GC thread start them in about half the time here;
# the work of this package is in Python.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the test process dies (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def group_members(group: int) -> set[int]:
    """Live processes of a process group (read from /proc; zombies excluded)."""
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        if fields[0] != "Z" and int(fields[2]) == group:
            members.add(int(entry.name))
    return members


class StandaloneCluster:
    """A master and `workers` workers of `cores` cores each, all on 127.0.0.1, on free ports."""

    def __init__(self, workdir: Path, workers: int = 2, cores: int = 1, memory: str = "2g") -> None:
        self.workdir = workdir
        self.workers = workers
        self.cores = cores
        self.memory = memory
        self.url: Optional[str] = None
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {**os.environ, "SPARK_HOME": str(spark_home()), "SPARK_LOCAL_IP": "127.0.0.1",
                    "JAVA_TOOL_OPTIONS": f"{os.environ.get('JAVA_TOOL_OPTIONS', '')} {QUICK_JVM}".strip()}
        for name in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_CONF_DIR"):
            self.env.pop(name, None)

    def __enter__(self) -> "StandaloneCluster":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        settings = self.workdir / "spark-defaults.conf"
        # No REST submission server: it would take the fixed port 6066.
        settings.write_text("spark.master.rest.enabled false\n")
        common = ["--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--properties-file", str(settings)]
        self._launch("master", ["org.apache.spark.deploy.master.Master", *common])
        self.url = self._wait_for("master", r"Starting Spark master at (spark://127\.0\.0\.1:\d+)")
        for number in range(1, self.workers + 1):
            work = self.workdir / f"worker{number}"
            self._launch(f"worker{number}", ["org.apache.spark.deploy.worker.Worker", *common,
                                             "--cores", str(self.cores), "--memory", self.memory,
                                             "--work-dir", str(work), self.url])
        for number in range(1, self.workers + 1):
            self._wait_for(f"worker{number}", r"(Successfully registered with master)")

    def _launch(self, name: str, args: list[str]) -> None:
        with open(self.workdir / f"{name}.log", "wb") as log:
            self.processes[name] = subprocess.Popen(
                [str(spark_home() / "bin" / "spark-class"), *args], stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env=self.env, start_new_session=True, preexec_fn=_die_with_parent)

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def _wait_for(self, name: str, pattern: str) -> str:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log(name))
            if found:
                return found.group(1)
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"Spark {name} exited with {self.processes[name].returncode}:\n"
                                   f"{self.log(name)[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"Spark {name} not ready after {READY_SECONDS} s:\n{self.log(name)[-3000:]}")

    def pids(self) -> set[int]:
        """Every live process of the cluster: master, workers, executors, their Python workers."""
        return set().union(*(group_members(process.pid) for process in self.processes.values()))

    def stop(self) -> None:
        """SIGTERM to each process group, workers first (their executors with them), then SIGKILL
        to whatever is left after 30 s."""
        groups = [process.pid for name, process in sorted(self.processes.items(), key=lambda item: item[0] == "master")]
        for sig, grace in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)):
            for group in groups:
                try:
                    os.killpg(group, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and any(group_members(group) for group in groups):
                time.sleep(0.2)
            if not any(group_members(group) for group in groups):
                break
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
