"""The Python versions pyproject.toml supports, and the interpreters for them on this machine.

Used by `make constraints` (tools/constraints.py) and by the install test (tests/test_install.py).
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requires_python(root: Path = ROOT) -> str:
    """The `requires-python` specifier of pyproject.toml, e.g. '>=3.10,<3.14'."""
    found = re.search(r'^requires-python\s*=\s*"([^"]+)"', (root / "pyproject.toml").read_text(), re.M)
    if not found:
        raise ValueError("pyproject.toml has no requires-python")
    return found.group(1)


def supported_versions(root: Path = ROOT) -> list[str]:
    """Every 3.x that requires-python admits, e.g. ['3.10', '3.11', '3.12', '3.13']."""
    from packaging.specifiers import SpecifierSet

    spec = SpecifierSet(requires_python(root))
    return [f"3.{minor}" for minor in range(0, 40) if spec.contains(f"3.{minor}.0")]


def _candidates(version: str) -> list[str]:
    names = [shutil.which(f"python{version}")]
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    names += sorted(glob.glob(os.path.join(pyenv_root, "versions", f"{version}.*", "bin", f"python{version}")),
                    reverse=True)
    names += [f"/usr/local/bin/python{version}", f"/usr/bin/python{version}"]
    return [name for name in names if name and os.access(name, os.X_OK)]


def find_interpreter(version: str) -> str | None:
    """A working `pythonX.Y` that can create venvs, or None. A pyenv shim for a version that
    is installed but not selected fails when run, so each candidate is run, not just found."""
    probe = f"import sys, venv; assert sys.version_info[:2] == ({version.replace('.', ', ')}); print(sys.executable)"
    for name in _candidates(version):
        try:
            done = subprocess.run([name, "-c", probe], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return done.stdout.strip()
    return None


def find_interpreters(root: Path = ROOT) -> dict[str, str | None]:
    """{version: interpreter or None} for every supported version."""
    return {version: find_interpreter(version) for version in supported_versions(root)}
