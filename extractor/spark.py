"""The extractor on a Spark DataFrame (`pip install "ecmo-cpt[spark]"` on the driver and executors).

    from extractor.spark import extract
    results = extract(spark.table("notes"), id_col="note_id", text_col="note_text")

Runs with `mapInPandas`: each executor's Python worker loads the spaCy pipeline once
(`extractor.frames.pipeline`, a module-level cache kept while Spark reuses the worker) and
sends every Arrow batch through `extractor.frames.extract_frame`, the CLI's own per-record
path, so Spark, pandas and the CLI give the same records.

Before that, `extract` runs one small job that imports the package in the executors' Python,
so a cluster whose executors lack it fails at once on the driver with `ExecutorPythonError`
(naming that Python and the fix) instead of a Java stack trace when the results are read.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Union

from .io import FIELDS, META_FIELDS, error_record

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

MetaCols = Union[Sequence[str], Mapping[str, str]]

def schema():
    """The output contract as a `pyspark.sql.types.StructType`, columns in the contract's order."""
    from pyspark.sql.types import (ArrayType, BooleanType, IntegerType, StringType, StructField,
                                   StructType)

    evidence = StructType([StructField("label", StringType()), StructField("text", StringType()),
                           StructField("start", IntegerType()), StructField("end", IntegerType()),
                           StructField("section", StringType())])
    kinds = {"codes": ArrayType(StringType()), "reasons": ArrayType(StringType()), "evidence": ArrayType(evidence),
             "reposition": BooleanType(), "fluoroscopy": BooleanType(), "needs_review": BooleanType(),
             "age_years": IntegerType()}
    return StructType([StructField(name, kinds.get(name, StringType())) for name in FIELDS])


# A row's `line:N` fallback id would count rows within one Arrow batch: the same `line:1` in
# every partition, and nothing to join on. Such rows get this error and keep their null id.
MISSING_ID = "missing id: Spark rows are joined back to their input by id, so each row needs a non-empty one"


class ExecutorPythonError(RuntimeError):
    """The Python that Spark's executors run cannot import this package (see `check_executors`)."""


def _batches(frames: Iterator["pd.DataFrame"], text_col: str, meta_cols: Mapping[str, str],
             batch_size: int) -> Iterator["pd.DataFrame"]:
    """Runs in the executor's Python worker: Arrow batches in, contract rows out."""
    import pandas as pd

    from .frames import extract_frame, plain

    for frame in frames:
        records = extract_frame(frame, id_col="id", text_col=text_col, meta_cols=meta_cols,
                                batch_size=batch_size)
        for row, raw_id in enumerate(frame["id"].tolist()):
            if plain(raw_id) in (None, ""):
                records[row] = error_record(plain(raw_id), MISSING_ID)
        yield pd.DataFrame({name: pd.Series([r[name] for r in records], dtype=object) for name in FIELDS})


_CHECKED: set[tuple[str, str]] = set()


def _context(spark: "SparkSession") -> Any:
    """The SparkContext, or None under Spark Connect (whose clients have none)."""
    try:
        return spark.sparkContext
    except Exception:
        return None


def check_executors(spark: "SparkSession", tasks: Optional[int] = None) -> None:
    """Raise ExecutorPythonError unless the executors' Python imports this package (with pandas
    and pyarrow) in one small job of `tasks` tasks (default: the default parallelism, which
    reaches most executors). Done once per Spark application and Python; `extract` calls it.
    Skipped under Spark Connect, where the client cannot run such a job."""
    from . import __version__

    context = _context(spark)
    if context is None:
        return
    python = context.pythonExec
    if (context.applicationId, python) in _CHECKED:
        return

    # Defined here so that cloudpickle sends its code by value: a module-level function would
    # be sent by reference, and unpickling it needs the very package that may be missing.
    def probe(_: Any) -> tuple[str, str, Optional[str], Optional[str]]:
        import sys
        version, problem = None, None
        try:
            import extractor
            import extractor.spark  # noqa: F401
            import pandas  # noqa: F401
            import pyarrow  # noqa: F401
            version = extractor.__version__
        except Exception as error:  # reported on the driver
            problem = f"{type(error).__name__}: {error}"
        return sys.executable, sys.version.split()[0], version, problem

    count = tasks or context.defaultParallelism
    try:
        answers = context.parallelize(range(count), count).map(probe).collect()
    except Exception as error:  # the Python could not even start, or died
        raise ExecutorPythonError(_advice(python, f"a job in that Python failed: {_root_cause(error)[:500]}")) from None
    for executable, py_version, version, problem in answers:
        if problem is not None:
            raise ExecutorPythonError(_advice(executable, f"Python {py_version} there cannot import ecmo-cpt "
                                                          f"or what it needs: {problem}"))
        if version != __version__:
            raise ExecutorPythonError(_advice(executable, f"it has ecmo-cpt {version}, the driver {__version__}"))
    _CHECKED.add((context.applicationId, python))


def _root_cause(error: Exception) -> str:
    """The innermost Java exception of a failed job ("java.io.IOException: Cannot run program ..."),
    rather than py4j's "An error occurred while calling ..."."""
    cause = getattr(error, "java_exception", None)
    try:
        while cause is not None and cause.getCause() is not None:
            cause = cause.getCause()
        if cause is not None:
            return str(cause.toString())
    except Exception:  # the JVM is gone: fall back on the text
        pass
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


def _advice(python: str, problem: str) -> str:
    return (f"Spark's executors cannot run ecmo-cpt: their Python is {python} and {problem}. "
            "Install the package with its Spark extra (pip install 'ecmo-cpt[spark]', or the wheel) into the "
            "Python every executor runs, or point Spark at a Python that has it: set the environment "
            "variable PYSPARK_PYTHON to its path before the SparkSession is created (e.g. "
            "os.environ['PYSPARK_PYTHON'] = sys.executable in local mode; the spark.pyspark.python setting "
            "alone is not read in local mode), or pass --conf spark.pyspark.python=PATH to spark-submit. "
            "README, section Spark, shows each case.")


def extract(df: "DataFrame", id_col: str = "id", text_col: str = "text",
            meta_cols: MetaCols = META_FIELDS, batch_size: int = 64, check: bool = True) -> "DataFrame":
    """A Spark DataFrame with the output contract's columns and types, one row per input row.

    `df` needs `id_col` (any type, turned into a string; a whole float such as 1.0 reads
    '1') and `text_col`; the metadata columns (`service_date`, `dob` as dates or YYYY-MM-DD
    strings, `age_years` as a number or string; or a {field: column} mapping) are optional.
    Row order follows Spark's partitioning: join on `id` rather than relying on order. A row
    with a null or empty id gets `error` (MISSING_ID). With `check` (default) the executors'
    Python is checked first (`check_executors`): ExecutorPythonError when it lacks the package.
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
    if check:
        check_executors(df.sparkSession)
    # Only the columns the extractor reads cross into Python; dates travel as ISO strings, and
    # float ids as floats (the JVM would write 1.0 as '1.0'; the pandas reader makes it '1').
    id_kind = dict(df.dtypes)[id_col]
    id_value = F.col(id_col) if id_kind in ("float", "double") else F.col(id_col).cast("string")
    selected = [id_value.alias("id"), F.col(text_col).alias("text")]
    for field, column in present.items():
        kind = dict(df.dtypes)[column]
        value = F.col(column).cast("string") if kind in ("date", "timestamp", "timestamp_ntz") else F.col(column)
        selected.append(value.alias(f"meta_{field}"))
    inner_meta = {field: f"meta_{field}" for field in present}

    def run(frames: Iterator[Any]) -> Iterator[Any]:
        return _batches(frames, "text", inner_meta, batch_size)

    return df.select(*selected).mapInPandas(run, schema=schema())
