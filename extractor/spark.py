"""The extractor on a Spark DataFrame (`pip install "ecmo-cpt[spark]"` on the driver and executors).

    from extractor.spark import extract
    results = extract(spark.table("notes"), id_col="note_id", text_col="note_text")

Runs with `mapInPandas`: each executor's Python worker loads the spaCy pipeline once
(`extractor.pandas.pipeline`, a module-level cache kept while Spark reuses the worker) and
sends every Arrow batch through `extractor.pandas.extract_frame`, the CLI's own per-record
path, so Spark, pandas and the CLI give the same records.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence, Union

from .io import FIELDS, META_FIELDS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame

MetaCols = Union[Sequence[str], Mapping[str, str]]

#: The output contract as a Spark schema (DDL), columns in the contract's order.
SCHEMA_DDL = (
    "id string, codes array<string>, reposition boolean, approach string, fluoroscopy boolean, "
    "age_years int, age_source string, needs_review boolean, reasons array<string>, "
    "evidence array<struct<label:string,text:string,start:int,end:int,section:string>>, error string"
)


def schema():
    """The output schema as a `pyspark.sql.types.StructType` (the same as SCHEMA_DDL)."""
    from pyspark.sql.types import (ArrayType, BooleanType, IntegerType, StringType, StructField,
                                   StructType)

    evidence = StructType([StructField("label", StringType()), StructField("text", StringType()),
                           StructField("start", IntegerType()), StructField("end", IntegerType()),
                           StructField("section", StringType())])
    kinds = {"codes": ArrayType(StringType()), "reasons": ArrayType(StringType()), "evidence": ArrayType(evidence),
             "reposition": BooleanType(), "fluoroscopy": BooleanType(), "needs_review": BooleanType(),
             "age_years": IntegerType()}
    return StructType([StructField(name, kinds.get(name, StringType())) for name in FIELDS])


def _batches(frames: Iterator["pd.DataFrame"], text_col: str, meta_cols: Mapping[str, str],
             batch_size: int) -> Iterator["pd.DataFrame"]:
    """Runs in the executor's Python worker: Arrow batches in, contract rows out."""
    import pandas as pd

    from .pandas import extract_frame

    for frame in frames:
        records = extract_frame(frame, id_col="id", text_col=text_col, meta_cols=meta_cols,
                                batch_size=batch_size)
        yield pd.DataFrame({name: pd.Series([r[name] for r in records], dtype=object) for name in FIELDS})


def extract(df: "DataFrame", id_col: str = "id", text_col: str = "text",
            meta_cols: MetaCols = META_FIELDS, batch_size: int = 64) -> "DataFrame":
    """A Spark DataFrame with the output contract's columns and types, one row per input row.

    `df` needs `id_col` (any type, turned into a string) and `text_col`; the metadata
    columns (`service_date`, `dob` as dates or YYYY-MM-DD strings, `age_years` as a number
    or string; or a {field: column} mapping) are optional. Row order follows Spark's
    partitioning: join on `id` rather than relying on order.
    """
    from pyspark.sql import functions as F

    columns = set(df.columns)
    for name in (id_col, text_col):
        if name not in columns:
            raise ValueError(f"no column {name!r} in the DataFrame (columns: {df.columns})")
    mapping = dict(meta_cols) if isinstance(meta_cols, Mapping) else {name: name for name in meta_cols}
    unknown = set(mapping) - set(META_FIELDS)
    if unknown:
        raise ValueError(f"meta_cols: unknown metadata field(s) {sorted(unknown)}; known: {list(META_FIELDS)}")
    present = {field: column for field, column in mapping.items() if column in columns}
    # Only the columns the extractor reads cross into Python; dates travel as ISO strings.
    selected = [F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text")]
    for field, column in present.items():
        kind = dict(df.dtypes)[column]
        value = F.col(column).cast("string") if kind in ("date", "timestamp", "timestamp_ntz") else F.col(column)
        selected.append(value.alias(f"meta_{field}"))
    inner_meta = {field: f"meta_{field}" for field in present}

    def run(frames: Iterator[Any]) -> Iterator[Any]:
        return _batches(frames, "text", inner_meta, batch_size)

    return df.select(*selected).mapInPandas(run, schema=schema())
