"""The wheel installs and runs on every supported Python on this machine, outside the source tree.

The wheel is built once. For each supported Python found (tools/pythons.py reads
requires-python), two fresh venvs get it: one pinned by constraints.txt (the reproducible
install) and one without constraints (the newest releases pyproject.toml's ranges admit, so
a pin cannot hide a broken range); the unpinned one also resolves every extra. Each runs
`ecmo-cpt extract` on the examples and the dev corpus and must write, byte for byte, what this
test's own environment writes.

uv installs them, in parallel: pip took 30-40 s of CPU per venv, uv takes 5. pip itself is
checked by `make install-test`, which installs this environment with pip and constraints.txt.
"""
from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tools.pythons import find_interpreters

from .conftest import DEV_CORPUS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "notes.jsonl"
PIP = [sys.executable, "-m", "pip"]
UV = [sys.executable, "-m", "uv"]
QUIET = ["--quiet", "--disable-pip-version-check"]
PARALLEL = 4  # installs wait on the network and the disk much of the time, even on 2 cores


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, timeout=1800, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = _run([*PIP, "wheel", "--no-deps", *QUIET, "-w", str(out), str(ROOT)])
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return next(out.glob("ecmo_cpt-*.whl"))


@pytest.fixture(scope="module")
def notes() -> bytes:
    return EXAMPLES.read_bytes() + DEV_CORPUS.read_bytes()


@pytest.fixture(scope="module")
def expected(notes) -> bytes:
    done = _run([sys.executable, "-m", "extractor.cli", "extract", "-", "-q"], input=notes)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def _extras() -> str:
    from tools.constraints import extras

    return ",".join(extras())


def _install(python: str, wheel: Path, venv: Path, pinned: bool) -> tuple[str | None, float]:
    """A fresh venv with the wheel; an error or None, and the seconds it took."""
    started = time.perf_counter()
    made = _run([python, "-m", "venv", "--without-pip", str(venv)])
    if made.returncode != 0:
        return f"venv: {made.stderr.decode()[-2000:]}", 0.0
    target = ["--quiet", "--python", str(venv / "bin" / "python")]
    pins = ["-c", str(ROOT / "constraints.txt")] if pinned else []
    steps = [[*UV, "pip", "install", *target, *pins, str(wheel)], [*UV, "pip", "check", *target]]
    if not pinned:  # the extras' ranges must resolve on this Python too
        steps.append([*UV, "pip", "install", "--dry-run", *target, f"{wheel}[{_extras()}]"])
    for step in steps:
        done = _run(step)
        if done.returncode != 0:
            return f"{' '.join(step[3:5])}: {(done.stdout + done.stderr).decode()[-3000:]}", 0.0
    return None, time.perf_counter() - started


@pytest.fixture(scope="module")
def venvs(wheel, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(version, 'pinned' | 'unpinned'): venv} for each supported Python found; installs that
    fail are reported together."""
    found = find_interpreters()
    missing = [version for version, python in found.items() if python is None]
    if missing:
        print(f"\nno interpreter for Python {', '.join(missing)} on this machine: not checked")
    root = tmp_path_factory.mktemp("venvs")
    jobs = {(version, kind): (python, root / f"{version}-{kind}")
            for version, python in found.items() if python for kind in ("pinned", "unpinned")}
    started = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        results = dict(zip(jobs, pool.map(lambda job: _install(jobs[job][0], wheel, jobs[job][1], job[1] == "pinned"),
                                          jobs)))
    print(f"\n{len(jobs)} venvs installed in {time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{v} {k} {s:.0f} s" for (v, k), (_, s) in results.items()))
    failed = {job: error for job, (error, _) in results.items() if error}
    assert not failed, "\n\n".join(f"Python {v}, {k}: {error}" for (v, k), error in failed.items())
    return {job: path for job, (python, path) in jobs.items()}


def test_every_supported_python_is_checked_including_this_one(venvs):
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert (this, "pinned") in venvs and (this, "unpinned") in venvs, sorted(venvs)


def test_wheel_extracts_the_examples_like_this_environment_on_every_python(venvs, notes, expected, tmp_path):
    elsewhere = tmp_path / "elsewhere"  # not the source tree: the installed package must be used
    elsewhere.mkdir()

    def extract(venv: Path) -> subprocess.CompletedProcess:
        return _run([str(venv / "bin" / "ecmo-cpt"), "extract", "-", "-q"], input=notes, cwd=elsewhere)

    with ThreadPoolExecutor(2) as pool:
        outputs = dict(zip(venvs, pool.map(extract, venvs.values())))
    wrong = {}
    for (version, kind), done in outputs.items():
        if done.returncode != 0:
            wrong[(version, kind)] = done.stderr.decode()[-2000:]
        elif done.stdout != expected:
            got, want = done.stdout.splitlines(), expected.splitlines()
            first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            wrong[(version, kind)] = f"record {first + 1} differs:\n{got[first:first + 1]}\n{want[first:first + 1]}"
    assert not wrong, "\n\n".join(f"Python {v}, {k}: {why}" for (v, k), why in wrong.items())
    assert len(expected.splitlines()) == len(notes.splitlines())


def test_installed_rules_come_from_the_venv(venvs, tmp_path):
    venv = next(iter(venvs.values()))
    done = _run([str(venv / "bin" / "python"), "-c",
                 "import extractor.pipeline.rules as r; print(r.default_patterns_dir())"], cwd=tmp_path, text=True)
    assert done.returncode == 0, done.stderr
    rules = Path(done.stdout.strip())
    assert rules.is_relative_to(venv) and (rules / "target_rules.json").exists()


def test_bench_runs_from_the_installed_wheel(venvs, tmp_path):
    """The corpus generator ships in the package: the benchmark runs anywhere, on small corpora here."""
    venv = venvs[(f"{sys.version_info[0]}.{sys.version_info[1]}", "pinned")]
    done = _run([str(venv / "bin" / "ecmo-cpt"), "bench", "--mixed-notes", "40", "--dense-notes", "8",
                 "--naive-sample", "4", "--memory-notes", "80", "--repeats", "1", "--work-dir", str(tmp_path / "work")],
                cwd=tmp_path, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert str(venv) in done.stdout.splitlines()[0]  # "generating corpora with <the venv's copy>"
    assert "dense: extractor / naive medspaCy" in done.stdout and "peak memory" in done.stdout
    assert len((tmp_path / "work" / "dense-8.jsonl").read_text().splitlines()) == 8


SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside the repository")
@pytest.mark.parametrize("name", ["bench/make_corpus.py", "corpus/dev.jsonl"])
def test_the_shipped_bench_generator_is_the_shared_one(name):
    assert (ROOT / "extractor" / "benchdata" / name).read_bytes() == (SHARED / name).read_bytes(), (
        f"copy ../shared/{name} to extractor/benchdata/{name}")
