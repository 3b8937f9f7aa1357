"""Out-of-core and cluster engines for the BTYD summary: DuckDB and Spark.

:func:`clvmodels.features.rfm_summary` and :func:`clvmodels.features.calibration_holdout_split`
call the functions here when ``engine="duckdb"`` or ``engine="spark"``. The engines read and
validate the transaction log where it lives (a Parquet/CSV file or glob, a pandas DataFrame, a
Spark DataFrame) and reduce it to a handful of numbers per customer (purchase days, first and last
purchase day, spend); only that per-customer table comes back to pandas. The BTYD columns are then
computed here with exactly the arithmetic of the pandas engine, so the three engines return the
same DataFrame: ``frequency`` exactly, ``recency``, ``T`` and ``monetary_value`` up to the order
in which floating-point sums are added.

Engine keyword arguments (``**engine_kwargs`` of ``rfm_summary``):

``columns``
    ``{"customer_id": ..., "date": ..., "amount": ...}``: the source's names of the canonical
    columns (only the differing ones are needed).
``date_format``
    strptime-style format (``"%Y%m%d"``, ``"%d/%m/%Y"``) for dates stored as text or integers.
``file_format``
    ``"parquet"`` or ``"csv"`` when the file name's suffix does not tell.
``currency``
    Currency of the amounts of a file or Spark DataFrame (DataFrames carry it in ``attrs``);
    default ``"USD"``.
``read_options``
    Extra options of DuckDB's ``read_csv``/``read_parquet`` or Spark's reader (e.g.
    ``{"delim": ";"}`` / ``{"sep": ";"}``).

DuckDB only: ``memory_limit`` (``"4GB"``), ``threads``, ``temp_directory`` (spill folder) or an
existing ``connection`` (e.g. one with S3 credentials). Spark only: ``spark`` (the session; default
the active one).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._units import check_time_unit, days_per_unit
from ..exceptions import DataWarning, ParameterError
from .summary import (
    _day_to_timestamp,
    _to_day,
    btyd_from_aggregates,
    nothing_to_summarize,
    split_from_aggregates,
)

__all__ = ["calibration_holdout_split", "rfm_summary"]

CANONICAL = ("customer_id", "date", "amount")

_COMMON_OPTIONS = ("columns", "date_format", "file_format", "currency", "read_options")
#: Keyword arguments each engine accepts.
ENGINE_OPTIONS: dict[str, tuple[str, ...]] = {
    "duckdb": (*_COMMON_OPTIONS, "memory_limit", "threads", "temp_directory", "connection"),
    "spark": (*_COMMON_OPTIONS, "spark"),
}

#: kind -> (column, what is wrong), in the order the engines check them (as validation.py).
PROBLEMS: dict[str, tuple[str, str]] = {
    "null_id": ("customer_id", "missing customer ids"),
    "null_date": ("date", "missing dates"),
    "bad_date": ("date", "unparseable dates"),
    "null_amount": ("amount", "missing amounts"),
    "bad_amount": ("amount", "non-numeric values"),
    "inf_amount": ("amount", "infinite values"),
    "negative": ("amount", "negative amounts (returns or refunds)"),
}


def _fix(kind: str, values: Sequence[Any], date_format: str | None) -> str:
    from .. import validation

    if kind == "null_id":
        return ("fill in the customer ids or drop these rows (a purchase without a customer "
                "cannot be attributed)")
    if kind == "null_date":
        return "fill in the dates or drop these rows"
    if kind == "bad_date":
        if date_format is None and values and all(
            re.fullmatch(r"(19|20)\d{6}", str(v).strip()) for v in values
        ):
            return "the dates look like YYYYMMDD integers: pass date_format='%Y%m%d'"
        return validation.date_fix(list(values), date_format)
    if kind == "null_amount":
        return "fill in 'amount' or drop these rows"
    if kind == "bad_amount":
        return validation.amount_fix(list(values), "amount")
    if kind == "inf_amount":
        return "correct or remove these rows so that 'amount' holds finite numbers"
    return (
        "remove these rows, or net returns against purchases first with "
        "clvmodels.read_transactions(..., allow_returns=True) and summarize that DataFrame"
    )


def problem_message(
    source: str,
    kind: str,
    rows: Sequence[Any],
    n_rows: int,
    *,
    values: Sequence[Any] | None = None,
    row_label: str = "row",
    file_column: str | None = None,
    date_format: str | None = None,
) -> str:
    """The one-line validation message of the pandas path, for a problem found by an engine.

    Parameters
    ----------
    source : str
        File name (or the DataFrame's ``attrs["source"]``).
    kind : str
        A key of :data:`PROBLEMS` (``"null_id"``, ``"bad_date"``, ``"negative"``, ...).
    rows : sequence
        The first offending rows: 1-based line numbers of a text file (header = line 1), 1-based
        row numbers of a Parquet file or Spark DataFrame, or DataFrame index labels.
    n_rows : int
        Number of offending rows in all.
    values : sequence, optional
        The offending values of ``rows``.
    row_label : {"line", "row", "index", "customer"}
        Word shown before each row.
    file_column : str, optional
        The source's name of the column when it differs from the canonical one.
    date_format : str, optional
        The ``date_format`` in use (shapes the fix for unparseable dates).

    Returns
    -------
    str
        E.g. ``"x.csv: column 'amount': non-numeric values in 1 row: line 3 ('abc'); fix: ..."``
        (:func:`clvmodels.validation.format_problem`).
    """
    from ..validation import format_problem

    column, what = PROBLEMS[kind]
    return format_problem(
        source, column, what, rows=list(rows), values=None if values is None else list(values),
        n_rows=n_rows, fix=_fix(kind, values or [], date_format), row_label=row_label,
        source_column=file_column,
    )


def closest_column(name: str, available: Sequence[str]) -> str:
    """A hint naming the available column closest to ``name`` (case-insensitive)."""
    lower = {str(c).lower(): str(c) for c in available}
    match = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.5)
    if match:
        return f"did you mean {lower[match[0]]!r}? pass columns={{'{name}': '{lower[match[0]]}'}}"
    return f"map it with columns={{'{name}': 'your_column'}}"


def missing_column_error(source: str, name: str, file_name: str, available: Sequence[str]) -> str:
    """Message for a canonical column that the source does not have."""
    where = repr(name) if name == file_name else f"{name!r} (mapped to {file_name!r})"
    return (
        f"{source}: column {where} is missing (have {list(available)}); "
        f"{closest_column(file_name, available)}."
    )


def resolve_columns(columns: dict[str, str] | None) -> dict[str, str]:
    """Canonical name -> the source's column name, checking the mapping's keys."""
    mapping = {c: c for c in CANONICAL}
    for key, value in (columns or {}).items():
        if key not in mapping:
            raise ParameterError(
                f"columns={columns!r}: key {key!r} is not a canonical column; the keys are "
                f"{list(CANONICAL)} and the values the source's column names."
            )
        mapping[key] = str(value)
    return mapping


def strptime_to_java(fmt: str) -> str:
    """Translate a strptime format (``"%Y-%m-%d"``) to a Java/Spark datetime pattern."""
    table = {
        "Y": "yyyy", "y": "yy", "m": "MM", "d": "dd", "H": "HH", "M": "mm", "S": "ss",
        "f": "SSSSSS", "b": "MMM", "B": "MMMM", "p": "a", "I": "hh", "j": "DDD",
    }
    out: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            text = "".join(literal).replace("'", "''")
            out.append(text if all(not ch.isalpha() for ch in text) else f"'{text}'")
            literal.clear()

    i = 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            if code == "%":
                literal.append("%")
            elif code in table:
                flush()
                out.append(table[code])
            else:
                raise ParameterError(
                    f"date_format={fmt!r}: directive %{code} is not supported with "
                    f"engine='spark'; use %Y %y %m %d %H %M %S %f %b %B %p %I %j."
                )
            i += 2
        else:
            literal.append(fmt[i])
            i += 1
    flush()
    return "".join(out)


@dataclass
class CustomerAggregates:
    """What an engine returns: per customer, sorted by ``customer_id``.

    Day numbers are days since 1970-01-01. Without a calibration split the "calibration" fields
    cover the whole observation period and ``hold_*`` are None.
    """

    customer_id: pd.Index  # sorted, unique
    n_days: np.ndarray  # purchase days (calibration period)
    first_day: np.ndarray  # first purchase day (calibration period)
    last_day: np.ndarray  # last purchase day (calibration period)
    total: np.ndarray  # total spend (calibration period)
    first_amount: np.ndarray  # spend on the first purchase day
    end_day: int  # observation_end as a day number
    n_after: int  # transaction rows dated after observation_end
    source: str
    currency: str
    cal_end_day: int | None = None
    hold_days: np.ndarray | None = None  # purchase days in the holdout
    hold_total: np.ndarray | None = None  # spend in the holdout


def check_split(cal_end_day: int, end_day: int) -> None:
    """The pandas engine's check that calibration_end is before observation_end."""
    if cal_end_day >= end_day:
        raise ParameterError(
            f"calibration_end {_day_to_timestamp(np.int64(cal_end_day)).date()} must be before "
            f"observation_end {_day_to_timestamp(np.int64(end_day)).date()}; choose an earlier "
            f"calibration_end."
        )


def customer_index(values: Any, integer: bool) -> pd.Index:
    """The ``customer_id`` index in the canonical dtype (int64, else pandas string)."""
    if integer:
        return pd.Index(np.asarray(values, dtype=np.int64), name="customer_id")
    return pd.Index(pd.array(np.asarray(values, dtype=object), dtype="str"), name="customer_id")


def _aggregate(
    engine: str,
    transactions: Any,
    *,
    observation_end: Any,
    calibration_end: Any,
    engine_kwargs: dict[str, Any],
) -> CustomerAggregates:
    end_day = None if observation_end is None else int(_to_day(observation_end, "observation_end"))
    cal_day = None if calibration_end is None else int(_to_day(calibration_end, "calibration_end"))
    if engine == "duckdb":
        from . import _duckdb as backend
    elif engine == "spark":
        from . import _spark as backend
    else:
        raise ParameterError(
            f"engine={engine!r} is not supported here; use 'duckdb' or 'spark' (or 'pandas' "
            f"through clvmodels.features.rfm_summary)."
        )
    allowed = ENGINE_OPTIONS[engine]
    unknown = sorted(set(engine_kwargs) - set(allowed))
    if unknown:
        raise ParameterError(
            f"engine={engine!r} got unexpected argument(s) {unknown}; its options are "
            f"{', '.join(allowed)}."
        )
    return backend.aggregate(
        transactions, end_day=end_day, cal_end_day=cal_day, **engine_kwargs
    )


def _warn_after(agg: CustomerAggregates) -> None:
    """Warn about the rows after observation_end; raise if no row is left."""
    import warnings

    if len(agg.customer_id) == 0:
        raise nothing_to_summarize(agg.source, agg.n_after, agg.end_day)
    if agg.n_after:
        warnings.warn(
            f"{agg.source}: {agg.n_after} transaction(s) dated after observation_end "
            f"{_day_to_timestamp(np.int64(agg.end_day)).date()} were excluded from the summary.",
            DataWarning,
            stacklevel=4,
        )


def _btyd(agg: CustomerAggregates, end_day: int, unit_days: float) -> dict[str, np.ndarray]:
    return btyd_from_aggregates(
        agg.n_days, agg.first_day, agg.last_day, agg.total, agg.first_amount, end_day, unit_days
    )


def number_or_text(text: Any) -> Any:
    """A value shown in an error message: the number if it parses as one, else the text."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def source_paths(transactions: Any) -> list[str] | None:
    """File paths named by ``transactions`` (a path or a list of paths), else None."""
    if isinstance(transactions, (str, os.PathLike)):
        return [os.fspath(transactions)]
    if (
        isinstance(transactions, Sequence)
        and not isinstance(transactions, (str, bytes))
        and len(transactions) > 0
        and all(isinstance(p, (str, os.PathLike)) for p in transactions)
    ):
        return [os.fspath(p) for p in transactions]
    return None


def rfm_summary(
    transactions: Any,
    *,
    observation_end: Any = None,
    time_unit: str = "D",
    engine: str = "duckdb",
    **engine_kwargs: Any,
) -> pd.DataFrame:
    """BTYD summary (RFM 模型) computed by DuckDB or Spark; same result as the pandas engine.

    Parameters
    ----------
    transactions : DataFrame, str, path, list of paths or pyspark DataFrame
        Canonical transactions, or a Parquet/CSV file, folder or glob (``"logs/*.parquet"``);
        with ``engine="spark"`` also a ``pyspark.sql.DataFrame``.
    observation_end : date-like, optional
        End of observation (inclusive); default the last transaction date. Later rows are
        excluded with a counted :class:`~clvmodels.exceptions.DataWarning`.
    time_unit : {"D", "W", "M"}
        Unit of ``recency`` and ``T``.
    engine : {"duckdb", "spark"}
        Where the log is scanned and reduced.
    **engine_kwargs
        ``columns``, ``date_format``, ``file_format``, ``currency``, ``read_options``;
        DuckDB: ``memory_limit``, ``threads``, ``temp_directory``, ``connection``; Spark:
        ``spark``. See the module docstring.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted): ``frequency`` (repeat purchase days), ``recency``
        and ``T`` (in ``time_unit``), ``monetary_value`` (mean spend of the repeat purchase days,
        currency of the data). ``attrs``: ``time_unit``, ``observation_end``, ``currency``.

    Examples
    --------
    >>> from clvmodels.datasets import load_cdnow
    >>> from clvmodels.features import rfm_summary
    >>> s = rfm_summary(load_cdnow(), observation_end="1997-09-30", time_unit="W",
    ...                 engine="duckdb")
    >>> s.loc[1, ["frequency", "recency", "T"]].round(2).tolist()
    [2.0, 30.43, 38.86]
    """
    unit = check_time_unit(time_unit)
    agg = _aggregate(
        engine, transactions, observation_end=observation_end, calibration_end=None,
        engine_kwargs=engine_kwargs,
    )
    _warn_after(agg)
    out = pd.DataFrame(_btyd(agg, agg.end_day, days_per_unit(unit)), index=agg.customer_id)
    out.attrs.update(
        time_unit=unit,
        observation_end=_day_to_timestamp(np.int64(agg.end_day)),
        currency=agg.currency,
    )
    return out


def calibration_holdout_split(
    transactions: Any,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    time_unit: str = "D",
    engine: str = "duckdb",
    **engine_kwargs: Any,
) -> pd.DataFrame:
    """Calibration summary plus holdout behaviour, computed by DuckDB or Spark.

    Parameters
    ----------
    transactions : DataFrame, str, path, list of paths or pyspark DataFrame
        As for :func:`rfm_summary`.
    calibration_end : date-like
        Last day of the calibration period (inclusive).
    observation_end : date-like, optional
        Last day of the holdout period (inclusive); default the last transaction date.
    time_unit : {"D", "W", "M"}
        Unit of ``recency``, ``T`` and ``duration_holdout``.
    engine : {"duckdb", "spark"}
        Where the log is scanned and reduced.
    **engine_kwargs
        As for :func:`rfm_summary`.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with a calibration purchase, sorted):
        ``frequency``, ``recency``, ``T``, ``monetary_value`` of the calibration period and
        ``frequency_holdout`` (holdout purchase days), ``monetary_value_holdout`` (mean spend per
        holdout purchase day, 0 if none) and ``duration_holdout`` (in ``time_unit``). ``attrs``:
        ``time_unit``, ``calibration_end``, ``observation_end``, ``currency``,
        ``n_new_in_holdout`` and ``new_in_holdout`` (customers first seen in the holdout, also
        counted in a :class:`~clvmodels.exceptions.DataWarning`).
    """

    unit = check_time_unit(time_unit)
    if calibration_end is None:
        raise ParameterError("calibration_end is required; pass 'YYYY-MM-DD'.")
    agg = _aggregate(
        engine, transactions, observation_end=observation_end, calibration_end=calibration_end,
        engine_kwargs=engine_kwargs,
    )
    _warn_after(agg)
    assert agg.cal_end_day is not None and agg.hold_days is not None  # set by the engines
    columns = {"n_days": agg.n_days, "first_day": agg.first_day, "last_day": agg.last_day,
               "total": agg.total, "first_amt": agg.first_amount, "hold_days": agg.hold_days,
               "hold_total": agg.hold_total}
    return split_from_aggregates(
        agg.customer_id, columns, source=agg.source, cal_end=agg.cal_end_day, end=agg.end_day,
        time_unit=unit, currency=agg.currency, stacklevel=3,
    )
