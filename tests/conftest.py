from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
DEV_CORPUS = DATA / "dev.jsonl"


@pytest.fixture(scope="session")
def nlp():
    import extractor

    return extractor.load()


@pytest.fixture(scope="session")
def dev_records() -> list[dict]:
    return [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()]
