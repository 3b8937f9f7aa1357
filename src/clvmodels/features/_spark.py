"""Spark engine: validate and reduce a transaction log on a Spark cluster (or ``local[*]``).

The log stays in Spark (a ``pyspark.sql.DataFrame``, or Parquet/CSV paths read by Spark); it is
validated with one aggregation and reduced in two ``groupBy`` steps (customer x day, then
customer; between them a window, ``lag`` over each customer's purchase days, gives the days since
the previous purchase day, whose logs make ``litt``). Only the per-customer table (a few numbers
per customer) is collected to the driver with Arrow (``toPandas``), where
:mod:`clvmodels.features._btyd` computes the BTYD columns with the pandas engine's arithmetic.
Model fitting then runs in pandas on the driver.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError
from ..validation import MAX_EXAMPLES
from ._btyd import CustomerAggregates, check_split, nothing_to_summarize
from ._sources import (
    PROBLEMS,
    customer_index,
    missing_column_error,
    number_or_text,
    problem_message,
    resolve_columns,
    source_paths,
    strptime_to_java,
)

__all__ = ["aggregate"]

_INTEGRAL = ("LongType", "IntegerType", "ShortType", "ByteType")
_NUMERIC = (*_INTEGRAL, "DoubleType", "FloatType", "DecimalType")
#: Spark cannot read Parquet nanosecond timestamps; with this setting it reads them as longs.
_NANOS_AS_LONG = "spark.sql.legacy.parquet.nanosAsLong"
_MICROS_PER_DAY = 86_400_000_000


def _session(spark: Any) -> Any:
    if spark is not None:
        return spark
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    return active if active is not None else SparkSession.builder.appName("clvmodels").getOrCreate()


def _is_spark_frame(obj: Any) -> bool:
    try:
        from pyspark.sql import DataFrame
    except ImportError:  # pragma: no cover - pyspark is imported before this is called
        return False
    return isinstance(obj, DataFrame)


@contextmanager
def _setting(spark: Any, key: str, value: str) -> Iterator[None]:
    """Session setting ``key`` = ``value`` inside the block; then the old value (or none) again."""
    try:
        old = spark.conf.get(key, None)
    except Exception:  # pragma: no cover - conf not readable on some managed clusters
        old = None
    try:
        spark.conf.set(key, value)
    except Exception:  # pragma: no cover
        pass
    try:
        yield
    finally:
        try:
            if old is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, old)
        except Exception:  # pragma: no cover
            pass


def _first_file(path: str) -> str | None:
    """``path`` itself, or the first data file in the folder ``path`` as Spark lists it (names
    starting with ``_`` or ``.`` skipped, subfolders after the files); None if it has none."""
    if not os.path.isdir(path):
        return path
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        data = sorted(f for f in names if not f.startswith(("_", ".")))
        if data:
            return os.path.join(root, data[0])
    return None


def _nanosecond_columns(paths: list[str]) -> set[str]:
    """Columns stored as nanosecond timestamps, from the footer of the first Parquet file of
    ``paths`` (files, folders or globs; Spark also takes the schema of one file); empty when it
    cannot be read here (e.g. a path on a cluster file system)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    matches = sorted(glob.glob(paths[0])) if glob.has_magic(paths[0]) else paths[:1]
    first = next((f for f in map(_first_file, matches) if f is not None), None)
    if first is None:
        return set()
    try:
        schema = pq.read_schema(first)
    except (OSError, ValueError, pa.ArrowException):  # not local, not Parquet, ...
        return set()
    return {f.name for f in schema if pa.types.is_timestamp(f.type) and f.type.unit == "ns"}


def _utc_date(ts: Any) -> Any:
    """The UTC day of a ``TimestampType`` column (an instant), whatever the session time zone."""
    from pyspark.sql import functions as F

    return F.date_from_unix_date(F.floor(F.unix_micros(ts) / _MICROS_PER_DAY).cast("int"))


def _from_nanos(name: str) -> Any:
    """Column ``name``, nanoseconds since 1970 as a long, as a timestamp (floored to the
    microsecond with integer arithmetic: exact)."""
    from pyspark.sql import functions as F

    q = _sql_col(name)
    return F.expr(f"timestamp_micros(({q} - pmod({q}, 1000)) div 1000)")


def _read(
    spark: Any,
    transactions: Any,
    names: dict[str, str],
    file_format: str | None,
    read_options: dict[str, Any] | None,
    currency: str | None,
    settings: ExitStack,
) -> tuple[Any, str, str, pd.DataFrame | None, str]:
    """The Spark DataFrame, its name for messages, its kind, the pandas frame and currency.

    Session settings the DataFrame needs while it is computed are entered into ``settings``.
    Nanosecond timestamps of a Parquet file become microsecond ``TimestampType`` columns.
    """
    if _is_spark_frame(transactions):
        return transactions, "Spark DataFrame", "spark", None, currency or "USD"
    if isinstance(transactions, pd.DataFrame):
        name = str(transactions.attrs.get("source", "DataFrame"))
        missing = [c for c in names.values() if c not in transactions.columns]
        if missing:
            canon = next(k for k, v in names.items() if v == missing[0])
            raise DataValidationError(
                missing_column_error(name, canon, missing[0], [str(c) for c in transactions.columns])
            )
        used = list(dict.fromkeys(names.values()))
        sdf = spark.createDataFrame(transactions[used].reset_index(drop=True))
        return sdf, name, "dataframe", transactions, currency or str(
            transactions.attrs.get("currency", "USD")
        )
    paths = source_paths(transactions)
    if paths is None:
        raise ParameterError(
            f"engine='spark' reads a pyspark DataFrame, a pandas DataFrame or Parquet/CSV "
            f"path(s)/glob(s); got {type(transactions).__name__}."
        )
    fmt = (file_format or "").lower()
    if not fmt:
        first = paths[0].lower().removesuffix(".gz")
        fmt = "csv" if first.endswith((".csv", ".txt", ".tsv")) else "parquet"
    if fmt not in ("parquet", "csv"):
        raise ParameterError(f"file_format={file_format!r}; use 'parquet' or 'csv'.")
    reader = spark.read.options(**(read_options or {}))
    name = paths[0] if len(paths) == 1 else f"{paths[0]} (+{len(paths) - 1} more)"
    try:
        if fmt == "parquet":
            nanos = _nanosecond_columns(paths)
            if nanos:
                settings.enter_context(_setting(spark, _NANOS_AS_LONG, "true"))
            sdf = reader.parquet(*paths)
            if nanos:
                sdf = sdf.withColumns(
                    {c: _from_nanos(c) for c, t in sdf.dtypes if c in nanos and t == "bigint"}
                )
        else:
            sdf = reader.options(header=True, inferSchema=False).csv(paths)
    except Exception as exc:  # AnalysisException: path does not exist, ...
        raise DataValidationError(
            f"{name}: Spark cannot read it ({str(exc).splitlines()[0]}); check the path and "
            f"file_format='parquet'|'csv'."
        ) from exc
    return sdf, name, fmt, None, currency or "USD"


def _sql_col(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def aggregate(
    transactions: Any,
    *,
    end_day: int | None,
    cal_end_day: int | None,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
    file_format: str | None = None,
    currency: str | None = None,
    read_options: dict[str, Any] | None = None,
    spark: Any = None,
) -> CustomerAggregates:
    """Validate ``transactions`` and reduce them to per-customer aggregates with Spark.

    Parameters
    ----------
    transactions : pyspark DataFrame, pandas DataFrame, str or list of paths
        The transaction log; paths are read by Spark (``spark.read.parquet``/``csv``).
    end_day : int or None
        observation_end in days since 1970-01-01; None: the last transaction date.
    cal_end_day : int or None
        calibration_end in days since 1970-01-01 for a calibration/holdout split.
    columns, date_format, file_format, currency, read_options
        See :mod:`clvmodels.features.engines`.
    spark : SparkSession, optional
        Default: the active session (one is created if none is active).

    Returns
    -------
    CustomerAggregates
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    names = resolve_columns(columns)
    spark = _session(spark)
    # session settings the read needs stay until the per-customer table is collected
    with ExitStack() as settings:
        sdf, name, kind, frame, cur = _read(spark, transactions, names, file_format, read_options,
                                            currency, settings)
        available = list(sdf.columns)
        for canon in ("customer_id", "date", "amount"):
            if names[canon] not in available:
                raise DataValidationError(
                    missing_column_error(name, canon, names[canon], available)
                )
        types = {f.name: type(f.dataType).__name__ for f in sdf.schema.fields}
        c_id, c_date, c_amt = (names[c] for c in ("customer_id", "date", "amount"))
        raw_date, raw_amt = F.col(_sql_col(c_date)), F.col(_sql_col(c_amt))

        t_date = types[c_date]
        if t_date == "DateType":
            d = raw_date
        elif t_date == "TimestampType" and kind == "parquet":
            d = _utc_date(raw_date)  # an instant, as pandas reads it: its UTC day
        elif t_date in ("TimestampType", "TimestampNTZType"):
            d = F.to_date(raw_date)
        elif t_date == "StringType":
            d = (F.to_date(F.try_to_timestamp(raw_date, F.lit(strptime_to_java(date_format))))
                 if date_format
                 else F.to_date(F.expr(f"try_cast({_sql_col(c_date)} AS TIMESTAMP)")))
        elif t_date in _INTEGRAL:
            if not date_format:
                example = sdf.select(c_date).where(raw_date.isNotNull()).first()
                raise DataValidationError(
                    f"{name}: column 'date' holds integers (e.g. {example[0] if example else ''}), "
                    f"not dates; pass date_format='%Y%m%d' (or the format they are written in)."
                )
            d = F.to_date(F.try_to_timestamp(raw_date.cast("string"),
                                             F.lit(strptime_to_java(date_format))))
        else:
            raise DataValidationError(
                f"{name}: column 'date' has type {t_date}, not a date; store dates as "
                f"DATE/TIMESTAMP or text and pass date_format=."
            )
        t_amt = types[c_amt]
        if t_amt in _NUMERIC:
            amt = raw_amt.cast("double")
        elif t_amt == "StringType":
            amt = F.expr(f"try_cast({_sql_col(c_amt)} AS DOUBLE)")
        else:
            raise DataValidationError(
                f"{name}: column 'amount' has type {t_amt}, not a number; store amounts as numbers."
            )
        typed = sdf.select(
            F.col(_sql_col(c_id)).alias("cid"),
            F.unix_date(d).alias("day"),
            amt.alias("amt"),
            raw_date.cast("string").alias("raw_date"),
            raw_amt.cast("string").alias("raw_amount"),
        )
        checks = [  # kind (_sources.PROBLEMS), condition, show the values
            ("null_id", F.col("cid").isNull(), False),
            ("null_date", F.col("raw_date").isNull(), False),
            ("bad_date", F.col("raw_date").isNotNull() & F.col("day").isNull(), True),
            ("null_amount", F.col("raw_amount").isNull() | F.isnan("amt"), False),
            ("bad_amount", F.col("raw_amount").isNotNull() & F.col("amt").isNull(), True),
            ("inf_amount", F.col("amt").isin(float("inf"), float("-inf")), True),
            ("negative", F.col("amt") < 0, True),
        ]
        string_ids = types[c_id] == "StringType"
        aggs = [F.count(F.lit(1))]
        aggs += [F.count(F.when(cond, 1)) for _, cond, _ in checks]
        aggs.append(F.max("day"))
        aggs.append(F.count(F.when(F.col("day") > end_day, 1)) if end_day is not None else F.lit(0))
        aggs.append(
            F.count(F.when(F.col("cid").isNotNull()
                           & F.expr("try_cast(cid AS BIGINT)").isNull(), 1))
            if string_ids else F.lit(0)
        )
        row = typed.agg(*aggs).first()
        n_rows, bad, max_day, n_after, n_non_int = row[0], row[1:8], row[8], row[9], row[10]
        for check, n_bad in zip(checks, bad, strict=True):
            if n_bad:
                _raise_problem(typed, check, int(n_bad), name, kind, frame, names, date_format)
        if end_day is None:
            if n_rows == 0 or max_day is None:
                raise nothing_to_summarize(name, 0, 0)
            end_day = int(max_day)
        if cal_end_day is not None:
            check_split(cal_end_day, end_day)

        if frame is not None:
            integer = pd.api.types.is_integer_dtype(frame[c_id].dtype)
        else:
            integer = types[c_id] in _INTEGRAL or (kind == "csv" and string_ids and n_non_int == 0
                                                   and n_rows > 0)
        cid = F.col("cid").cast("long") if integer else F.col("cid")
        days = (
            typed.where(F.col("day") <= end_day)
            .groupBy(cid.alias("cid"), "day")
            .agg(F.sum("amt").alias("amt"))
        )
        # days since the customer's previous purchase day (null on its first: log ignores it);
        # the window's partitioning by cid also serves the groupBy below (no second shuffle)
        gap = F.col("day") - F.lag("day").over(Window.partitionBy("cid").orderBy("day"))
        days = days.withColumn("log_gap", F.log(gap))
        if cal_end_day is None:
            per = days.groupBy("cid").agg(
                F.count(F.lit(1)).alias("n_days"),
                F.min("day").alias("first_day"),
                F.max("day").alias("last_day"),
                F.sum("amt").alias("total"),
                F.min(F.struct("day", "amt")).getField("amt").alias("first_amt"),
                F.coalesce(F.sum("log_gap"), F.lit(0.0)).alias("litt_days"),
            )
        else:
            cal = F.col("day") <= cal_end_day
            per = days.groupBy("cid").agg(
                F.count(F.when(cal, 1)).alias("n_days"),
                F.coalesce(F.min(F.when(cal, F.col("day"))), F.lit(0)).alias("first_day"),
                F.coalesce(F.max(F.when(cal, F.col("day"))), F.lit(0)).alias("last_day"),
                F.coalesce(F.sum(F.when(cal, F.col("amt"))), F.lit(0.0)).alias("total"),
                F.coalesce(
                    F.min(F.when(cal, F.struct("day", "amt"))).getField("amt"), F.lit(0.0)
                ).alias("first_amt"),
                F.coalesce(F.sum(F.when(cal, F.col("log_gap"))), F.lit(0.0)).alias("litt_days"),
                F.count(F.when(~cal, 1)).alias("hold_days"),
                F.coalesce(F.sum(F.when(~cal, F.col("amt"))), F.lit(0.0)).alias("hold_total"),
            )
        # sorted on the driver: a distributed sort costs a sampling job and a shuffle, and the
        # per-customer table is small
        res = _to_pandas(spark, per)
    res = res.sort_values("cid", kind="stable", ignore_index=True)
    hold = cal_end_day is not None
    return CustomerAggregates(
        customer_id=customer_index(res["cid"].to_numpy(), integer),
        n_days=res["n_days"].to_numpy(dtype=np.int64),
        first_day=res["first_day"].to_numpy(dtype=np.int64),
        last_day=res["last_day"].to_numpy(dtype=np.int64),
        total=res["total"].to_numpy(dtype=np.float64),
        first_amount=res["first_amt"].to_numpy(dtype=np.float64),
        litt_days=res["litt_days"].to_numpy(dtype=np.float64),
        end_day=int(end_day),
        n_after=int(n_after),
        source=name,
        currency=cur,
        cal_end_day=cal_end_day,
        hold_days=res["hold_days"].to_numpy(dtype=np.int64) if hold else None,
        hold_total=res["hold_total"].to_numpy(dtype=np.float64) if hold else None,
    )


def _to_pandas(spark: Any, sdf: Any) -> pd.DataFrame:
    """``toPandas`` with Arrow enabled for the call (the session's setting is restored)."""
    with _setting(spark, "spark.sql.execution.arrow.pyspark.enabled", "true"):
        return sdf.toPandas()


def _raise_problem(
    typed: Any,
    check: tuple[str, Any, bool],
    n_bad: int,
    name: str,
    source_kind: str,
    frame: pd.DataFrame | None,
    names: dict[str, str],
    date_format: str | None,
) -> None:
    """Locate the first offending rows (row positions in the input's order) and raise."""
    from pyspark.sql import functions as F

    kind, cond, show = check
    column = PROBLEMS[kind][0]
    raw = {"customer_id": "cid", "date": "raw_date", "amount": "raw_amount"}[column]
    try:  # positions via zipWithIndex (classic Spark; not available on Spark Connect)
        flagged = typed.select(cond.alias("_bad"), F.col(raw).cast("string").alias("_v"))
        hits = (
            flagged.rdd.zipWithIndex()
            .filter(lambda pair: bool(pair[0][0]))
            .map(lambda pair: (pair[1], pair[0][1]))
            .take(MAX_EXAMPLES)
        )
        positions = [int(i) for i, _ in hits]
        if frame is not None:
            rows: list[Any] = [frame.index[i] for i in positions]
            label = "index"
        elif source_kind == "csv":  # 1-based line numbers, the header is line 1
            rows, label = [i + 2 for i in positions], "line"
        else:
            rows, label = [i + 1 for i in positions], "row"
        values = [v for _, v in hits]
    except Exception:  # Spark Connect: name the customers instead of row positions
        found = typed.where(cond).select("cid", F.col(raw).cast("string")).take(MAX_EXAMPLES)
        rows, label = [r[0] for r in found], "customer"
        values = [r[1] for r in found]
    if column == "amount":
        values = [number_or_text(v) for v in values]
    raise DataValidationError(
        problem_message(
            name, kind, rows, n_bad, values=values if show else None, row_label=label,
            file_column=names[column], date_format=date_format,
        )
    )
