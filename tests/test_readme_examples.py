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
