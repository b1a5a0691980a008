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


class TrippingNlp:
    """The loaded pipeline, but `trip()` is called (in the process that parses) when it makes
    a doc of a note containing `word`: to play a bug or a killed worker."""

    def __init__(self, nlp, word: str, trip):
        self.nlp, self.word, self.trip = nlp, word, trip
        self.make_doc = nlp.make_doc

    def pipe(self, texts, batch_size=64):
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            if self.word in doc.text:
                self.trip()
            yield doc
