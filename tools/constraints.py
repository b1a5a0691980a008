"""Rewrite constraints.txt: the newest releases pyproject.toml's ranges admit, resolved by pip
for each supported Python (all extras), one pin per package, with a `python_version` marker
where the Pythons get different releases. Run by `make constraints`; needs every supported
Python on the machine (tools/pythons.py finds them).

Resolving on each Python apart is what keeps a range honest: spaCy 3.7 on Python 3.10/3.11
and 3.8 on 3.12+ (medspaCy's own rule), numpy 1.x beside spaCy 3.7 and 2.x beside 3.8.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pythons import ROOT, find_interpreters  # noqa: E402

HEADER = """\
# Pins for reproducible installs (`make install`, `make test`): pip install -c constraints.txt.
# Written by `make constraints` (tools/constraints.py) from pip's resolution of
# pyproject.toml's ranges, all extras, on each supported Python; a `python_version` marker
# where the Pythons get different releases. tests/test_install.py installs the wheel on every
# supported Python found both with these pins and without them, so a range cannot hide behind a pin.
"""


def extras(root: Path = ROOT) -> list[str]:
    text = (root / "pyproject.toml").read_text()
    block = re.search(r"^\[project\.optional-dependencies\]\n(.*?)(?=^\[)", text, re.M | re.S)
    return re.findall(r"^([A-Za-z0-9_-]+)\s*=", block.group(1), re.M) if block else []


def resolve(python: str, root: Path = ROOT) -> dict[str, str]:
    """{name: version} that pip would install for the project with all extras on `python`."""
    wanted = f"{root}[{','.join(extras(root))}]" if extras(root) else str(root)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--dry-run",
                        "--ignore-installed", "--quiet", "--disable-pip-version-check", "--report", str(report),
                        wanted], check=True, stdout=subprocess.DEVNULL)
        installs = json.loads(report.read_text())["install"]
    project = re.search(r'^name\s*=\s*"([^"]+)"', (root / "pyproject.toml").read_text(), re.M).group(1)
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in installs
            if _key(item["metadata"]["name"]) != _key(project)}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def render(by_python: dict[str, dict[str, str]]) -> str:
    names: dict[str, str] = {}
    for pins in by_python.values():
        for name in pins:
            names.setdefault(_key(name), name)
    lines = [HEADER]
    for key in sorted(names):
        versions = {py: next((v for n, v in pins.items() if _key(n) == key), None) for py, pins in by_python.items()}
        distinct = set(versions.values())
        if len(distinct) == 1:
            lines.append(f"{names[key]}=={distinct.pop()}\n")
            continue
        for version in sorted(v for v in distinct if v is not None):
            pythons = [py for py, v in versions.items() if v == version]
            marker = " or ".join(f'python_version == "{py}"' for py in pythons)
            lines.append(f"{names[key]}=={version}; {marker}\n")
    return "".join(lines)


def main() -> int:
    found = find_interpreters()
    missing = [version for version, path in found.items() if path is None]
    if missing:
        print(f"constraints: no interpreter for Python {', '.join(missing)}; every supported Python is needed",
              file=sys.stderr)
        return 2
    with ThreadPoolExecutor(len(found)) as pool:
        resolved = dict(zip(found, pool.map(resolve, found.values())))
    (ROOT / "constraints.txt").write_text(render(resolved))
    print(f"constraints.txt written for Python {', '.join(found)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
