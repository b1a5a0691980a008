"""spaCy's tokenizer cache, kept filled.

The tokenizer remembers how it split each whitespace-separated chunk of a text, but stops
remembering at the text's first special case: its `has_special` flag belongs to the whole
text, not to the chunk, and a line break is a special case. So nearly every chunk after a
note's first line was split afresh in every note, its prefixes, suffixes and infixes searched
again. A chunk the tokenizer has not been given before is now given to it once on its own,
where it is remembered as spaCy would remember it; the note's own tokenization then finds it.
The tokens are the same: what is remembered is what the tokenizer makes of that chunk.
"""
from __future__ import annotations

from typing import Any

# Chunks remembered as given to the tokenizer; the record starts again beyond this many.
MAX_CHUNKS = 200_000
# Longer chunks (a run of symbols, a URL) seldom come again and cost the most to split.
MAX_CHUNK_CHARS = 64


class TokenizerWarmer:
    """Gives a tokenizer, once each, the chunks of the texts it is about to tokenize."""

    def __init__(self) -> None:
        self._tokenizer_id = 0
        self._given: set[str] = set()

    def warm(self, tokenizer: Any, text: str) -> None:
        if id(tokenizer) != self._tokenizer_id:  # another tokenizer: its own cache
            self._tokenizer_id, self._given = id(tokenizer), set()
        given = self._given
        fresh = [chunk for chunk in dict.fromkeys(text.split()) if chunk not in given]  # in the text's order
        if not fresh:
            return
        if len(given) + len(fresh) > MAX_CHUNKS:
            given.clear()
        given.update(fresh)
        for chunk in fresh:
            if len(chunk) <= MAX_CHUNK_CHARS:
                tokenizer(chunk)
