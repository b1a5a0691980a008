"""A non-editable install into a fresh venv works from any directory, patterns included."""
from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_outside_the_source_tree(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(wheel_dir.glob("ecmo_cpt-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)],
                   check=True, capture_output=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    note = {"id": "w", "text": "58 y.o. F on VA ECLS. Drainage cannula advanced 5 cm percutaneously under fluoroscopy."}
    done = subprocess.run([str(env_dir / "bin" / "ecmo-cpt"), "extract", "-"], input=json.dumps(note).encode(),
                          capture_output=True, cwd=elsewhere, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["codes"] == ["33958"]
    files = subprocess.run([str(python), "-c", "import extractor.pipeline.rules as r; print(r.default_patterns_dir())"],
                           capture_output=True, cwd=elsewhere, text=True, check=True).stdout.strip()
    assert str(env_dir) in files and (Path(files) / "target_rules.json").exists()
