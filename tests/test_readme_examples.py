"""Every Python example in README.md runs: each ```python fence is marked
`<!-- tested: NAME -->` and executed here in a fresh Python outside the source tree, in the
environment README describes: this venv's python called by its path, the venv not activated
(its bin/ not on PATH), and none of the variables a kinder setup would add (PYSPARK_PYTHON...)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
MARKED = re.compile(r"<!-- tested: ([\w-]+) -->\n```python\n(.*?)```", re.S)
# What each example must print (its own comments say so too).
EXPECTED = {
    "python-api": [],
    "offsets": ["['33958'] True"],
    "spacy-host": ["['33958']", "REPOSITION"],
    "medspacy-host": ["(pneumonia,) ['33958']"],
    "spacy-save-load": ["['33958']"],
    "spacy-config": ["['ecmo_sentences', 'ecmo_cpt']"],
    "pandas": ["[33958]", "54"],
    "spark-local": ["[33958]", "54", "advanced"],
}


# What activating a venv or a kinder test setup would add; README's reader has none of them.
NOT_SET = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_HOME",
           "SPARK_LOCAL_IP", "PYSPARK_SUBMIT_ARGS")


def readme_environment() -> dict[str, str]:
    """os.environ as a user's shell has it: without our venv's bin/ on PATH (not activated)."""
    venv_bin = str(Path(sys.executable).parent)
    path = [entry for entry in os.environ.get("PATH", "").split(os.pathsep) if entry and entry != venv_bin]
    env = {key: value for key, value in os.environ.items() if key not in NOT_SET}
    env["PATH"] = os.pathsep.join(path)
    return env


# Examples run by another test module, which brings what they need (a Spark cluster).
TESTED_ELSEWHERE = {"spark-standalone": "tests/test_spark_cluster.py"}


def examples() -> dict[str, str]:
    return dict(MARKED.findall(README.read_text()))


def test_every_python_example_is_marked_and_tested():
    text = README.read_text()
    assert text.count("```python") == len(MARKED.findall(text)), "a ```python block without <!-- tested: NAME -->"
    assert set(examples()) == set(EXPECTED) | set(TESTED_ELSEWHERE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_readme_example_runs(name, tmp_path):
    if name == "spark-local":
        pytest.importorskip("pyspark", reason="pyspark is not installed: pip install '.[spark]'")
        if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
            pytest.skip("the Spark example needs Java 17+ (no `java` on PATH and no JAVA_HOME)")
    if name == "pandas":
        pytest.importorskip("pandas")
    done = subprocess.run([sys.executable, "-c", examples()[name]], capture_output=True, text=True,
                          cwd=tmp_path, env=readme_environment(), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for expected in EXPECTED[name]:
        assert expected in done.stdout, (expected, done.stdout)


# --- the shell examples of Parquet and OMOP CDM ------------------------------------------------------
# Each ```sh fence marked `<!-- tested-sh: NAME -->` runs in bash (set -euo pipefail) from a
# folder shaped like the repository root (examples/, tools/, out/, .venv the running venv),
# with only the replacements listed here: `make omop-demo` is its own command line (make would
# reinstall), the PostgreSQL URL is a throwaway server's, and pip lines are skipped (installed).
MARKED_SH = re.compile(r"<!-- tested-sh: ([\w-]+) -->\n```sh\n(.*?)```", re.S)
EXPECTED_SH = {
    "parquet": ["example-adult-percutaneous: suggest 33958", "33959"],
    "omop-sqlite": ["7 notes processed, 3 suggested, 1 needs review", "rows written as 'ecmo-cpt 0.1.0' (34 earlier rows of ecmo-cpt replaced)"],
    "omop-postgresql": ["7 notes processed, 3 suggested, 1 needs review", "earlier rows of ecmo-cpt replaced"],
}
README_URL = "postgresql+psycopg://cdm_user:secret@db.example.org:5432/cdm"


def sh_examples() -> dict[str, str]:
    return dict(MARKED_SH.findall(README.read_text()))


def test_every_marked_shell_example_is_tested():
    assert set(sh_examples()) == set(EXPECTED_SH)


def repo_shaped(folder: Path) -> Path:
    root = README.parent
    for name in ("examples", "tools"):
        (folder / name).symlink_to(root / name)
    (folder / "out").mkdir()
    (folder / ".venv").symlink_to(Path(sys.prefix))
    return folder


def run_sh(script: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    lines = [line for line in script.splitlines() if " -m pip install " not in line]
    script = "\n".join(lines).replace(
        "make omop-demo", ".venv/bin/python tools/omop_demo.py --db out/omop-demo.sqlite")
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("name", ["parquet", "omop-sqlite"])
def test_readme_shell_example_runs(name, tmp_path):
    pytest.importorskip("pyarrow" if name == "parquet" else "sqlalchemy")
    done = run_sh(sh_examples()[name], repo_shaped(tmp_path), readme_environment())
    assert done.returncode == 0, done.stderr[-3000:]
    for expected in EXPECTED_SH[name]:
        assert expected in done.stdout + done.stderr, (expected, done.stdout, done.stderr[-3000:])


def test_readme_postgresql_example_runs(tmp_path):
    sa = pytest.importorskip("sqlalchemy")
    pytest.importorskip("psycopg")
    from extractor.omop import create_note_tables
    from tools.omop_demo import load_notes

    from .postgres import PostgresServer, missing_reason

    reason = missing_reason()
    if reason:
        pytest.skip(f"no PostgreSQL server for the README's PostgreSQL example: {reason}")
    import json

    notes = [json.loads(line) for line in (README.parent / "examples" / "notes.jsonl").read_text().splitlines()]
    with PostgresServer() as server:
        engine = sa.create_engine(server.url)
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE SCHEMA cdm"))
        create_note_tables(engine, "cdm")
        load_notes(engine, notes, "cdm")
        script = sh_examples()["omop-postgresql"]
        assert README_URL in script
        done = run_sh(script.replace(README_URL, server.url), repo_shaped(tmp_path), readme_environment())
        assert done.returncode == 0, done.stderr[-3000:]
        for expected in EXPECTED_SH["omop-postgresql"]:
            assert expected in done.stderr, (expected, done.stderr[-3000:])
        with engine.connect() as conn:
            doubled = conn.execute(sa.text(
                "SELECT count(*) FROM (SELECT note_id, lexical_variant, \"offset\" FROM cdm.note_nlp "
                "GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).scalar_one()
            codes = conn.execute(sa.text(
                "SELECT count(*) FROM cdm.note_nlp WHERE term_exists = 'Y' AND nlp_system LIKE 'ecmo-cpt %'")).scalar_one()
        engine.dispose()
    assert doubled == 0 and codes == 3
