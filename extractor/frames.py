"""The extractor on a pandas DataFrame: one output row per input row, the CLI's columns.

Each row goes through the CLI's own path (`io.note_from_record` -> `runner.run`), so a
DataFrame and a JSON-lines file with the same notes give the same records. The Spark helper
(`extractor.spark`) calls `extract_frame` on each Arrow batch.

    import pandas as pd
    from extractor.frames import extract
    results = extract(pd.DataFrame({"id": [...], "text": [...], "service_date": [...]}))
"""
from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Union

from .io import FIELDS, META_FIELDS, Note, note_from_record

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language

MetaCols = Union[Sequence[str], Mapping[str, str]]
BOOL_FIELDS = ("reposition", "fluoroscopy", "needs_review")
_NLP: Optional["Language"] = None
LOADS = 0  # how many times this process loaded the pipeline (tests check it stays at 1)


def pipeline() -> "Language":
    """The extractor's spaCy pipeline, loaded once per process (also in each Spark worker)."""
    global _NLP, LOADS
    if _NLP is None:
        from .nlp import load
        _NLP = load()
        LOADS += 1
    return _NLP


def plain(value: Any) -> Any:
    """A cell as the JSON reader would give it: None for NaN/NaT/NA, dates as `date`,
    numpy/pandas scalars as Python numbers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, datetime):  # pandas.Timestamp included
        return value.date()
    if isinstance(value, date) or isinstance(value, (str, bool, int)):
        return value
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return plain(item())
    return value


def id_value(value: Any) -> Any:
    """An id cell as the record's id: a whole float (an int column with NaN elsewhere) as an int."""
    value = plain(value)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _meta_columns(columns: Sequence[str], meta_cols: MetaCols) -> dict[str, str]:
    """{meta field: column} for the metadata columns present in the frame."""
    mapping = dict(meta_cols) if isinstance(meta_cols, Mapping) else {name: name for name in meta_cols}
    unknown = set(mapping) - set(META_FIELDS)
    if unknown:
        raise ValueError(f"meta_cols: unknown metadata field(s) {sorted(unknown)}; known: {list(META_FIELDS)}")
    return {field: column for field, column in mapping.items() if column in columns}


def notes_from_frame(df: "pd.DataFrame", id_col: str = "id", text_col: str = "text",
                     meta_cols: MetaCols = META_FIELDS) -> Iterator[Note]:
    """One Note per row, made by the CLI's record reader (row number as the fallback id)."""
    if text_col not in df.columns:
        raise ValueError(f"no text column {text_col!r} in the DataFrame (columns: {list(df.columns)})")
    meta = _meta_columns(list(df.columns), meta_cols)
    ids = df[id_col].tolist() if id_col in df.columns else [None] * len(df)
    texts = df[text_col].tolist()
    meta_values = {field: df[column].tolist() for field, column in meta.items()}
    for row in range(len(df)):
        record = {"id": id_value(ids[row]), "text": plain(texts[row]),
                  "meta": {field: plain(values[row]) for field, values in meta_values.items()}}
        yield note_from_record(record, row + 1)


def extract_frame(df: "pd.DataFrame", id_col: str = "id", text_col: str = "text",
                  meta_cols: MetaCols = META_FIELDS, workers: int = 1,
                  batch_size: int = 64) -> list[dict[str, Any]]:
    """The output records (dicts with the contract's fields) for the rows of `df`, in order."""
    from .runner import run

    notes = notes_from_frame(df, id_col, text_col, meta_cols)
    nlp = pipeline() if workers <= 1 else None
    return list(run(notes, workers=workers, batch_size=batch_size, nlp=nlp))


def extract(df: "pd.DataFrame", id_col: str = "id", text_col: str = "text",
            meta_cols: MetaCols = META_FIELDS, workers: int = 1, batch_size: int = 64) -> "pd.DataFrame":
    """A DataFrame with the output contract's columns in order, one row per row of `df`
    (same index). `meta_cols`: column names equal to the metadata fields (service_date, dob,
    age_years), or a {field: column} mapping; missing columns are ignored. A row that cannot
    be used gets its reason in `error`, as in the CLI."""
    import pandas as pd

    records = extract_frame(df, id_col, text_col, meta_cols, workers=workers, batch_size=batch_size)
    # object columns keep the CLI's values as they are: None (not NaN) for a missing age/approach
    frame = pd.DataFrame({name: pd.Series([r[name] for r in records], index=df.index, dtype=object)
                          for name in FIELDS})
    for name in BOOL_FIELDS:
        frame[name] = frame[name].astype(bool)
    return frame
