"""BTYD arithmetic and calibration/holdout split helpers shared by every engine.

The bottom of :mod:`clvmodels.features`: the pandas, DuckDB and Spark engines reduce a log to a
few numbers per customer (purchase days, first and last purchase day, spend, the sum of the log
days between consecutive purchase days); the functions here turn those numbers into the summary,
so every engine returns the same table. Days are integers, days since 1970-01-01. Imports nothing
from the other modules of the package.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_date
from .._units import days_per_unit
from ..exceptions import DataValidationError, ParameterError
from ..labels import say
from ..validation import data_warning

__all__ = [
    "CustomerAggregates",
    "add_holdout_columns",
    "btyd_from_aggregates",
    "check_split",
    "day_to_timestamp",
    "nothing_in_calibration",
    "nothing_to_summarize",
    "recorded_end",
    "split_from_aggregates",
    "split_from_customer_aggregates",
    "summary_from_customer_aggregates",
    "to_day",
    "warn_excluded",
]


def to_day(value: Any, name: str) -> np.int64:
    """A date-like argument as days since the epoch (floored to the day; UTC for aware values).

    Raises
    ------
    ParameterError
        When ``value`` is not a date (:func:`clvmodels._checks.check_date`).
    """
    ts = check_date(name, value)
    return np.int64(ts.to_datetime64().astype("datetime64[D]").astype(np.int64))


def day_to_timestamp(day: np.int64 | int) -> pd.Timestamp:
    """Days since the epoch as a ``pd.Timestamp`` (midnight)."""
    return pd.Timestamp(np.datetime64(int(day), "D"))


def recorded_end(transactions: Any, observation_end: Any) -> Any:
    """``observation_end``, or the one ``read_transactions`` recorded in the table's attrs."""
    if observation_end is None and isinstance(transactions, pd.DataFrame):
        return transactions.attrs.get("observation_end")
    return observation_end


def check_split(cal_end_day: np.int64 | int, end_day: np.int64 | int) -> None:
    """Check that calibration_end is before observation_end (every engine)."""
    if cal_end_day >= end_day:
        raise ParameterError(
            f"calibration_end {day_to_timestamp(cal_end_day).date()} must be before "
            f"observation_end {day_to_timestamp(end_day).date()}; choose an earlier "
            f"calibration_end."
        )


def nothing_to_summarize(source: str, n_after: int, end: Any) -> DataValidationError:
    """The error when no transaction is dated on or before observation_end (every engine)."""
    if n_after == 0:
        return DataValidationError(f"{source}: no transactions; nothing to summarize.")
    return DataValidationError(
        f"{source}: all {n_after} transaction(s) are dated after observation_end "
        f"{day_to_timestamp(np.int64(end)).date()}, so nothing is left to summarize; choose a "
        f"later observation_end or leave it out (default: the last transaction date)."
    )


def nothing_in_calibration(source: str, cal_end: Any) -> DataValidationError:
    """The error when no transaction is dated on or before calibration_end (every engine)."""
    return DataValidationError(
        f"{source}: no transaction on or before calibration_end "
        f"{day_to_timestamp(np.int64(cal_end)).date()}; choose a later calibration_end."
    )


def warn_excluded(source: str, n_after: int, end: Any, *, stacklevel: int) -> None:
    """Warn that ``n_after`` transaction rows dated after observation_end were left out.

    ``stacklevel`` is the one the caller would pass to :func:`warnings.warn` itself.
    """
    if n_after:
        end_day = day_to_timestamp(np.int64(end)).date()
        warnings.warn(
            data_warning(lambda lang: say(
                "dw_summary_after_end", lang, source=source, n=n_after, end=end_day)),
            stacklevel=stacklevel + 1,
        )


def btyd_from_aggregates(
    n_days: np.ndarray,
    first_day: np.ndarray,
    last_day: np.ndarray,
    total: np.ndarray,
    first_amount: np.ndarray,
    litt_days: np.ndarray,
    end_day: np.int64 | int,
    unit_days: float,
) -> dict[str, np.ndarray]:
    """The BTYD columns from per-customer aggregates; shared by every engine.

    ``n_days`` purchase days, ``first_day``/``last_day`` (days since the epoch), ``total`` spend,
    ``first_amount`` (spend of the first purchase day) and ``litt_days`` (sum of ``log`` of the
    days between consecutive purchase days) per customer, the end of observation (days since
    the epoch) and the length of the time unit in days. ``litt`` is converted to the time unit
    here, once for every engine: ``litt_days - frequency * log(unit_days)``.
    """
    n_days = np.asarray(n_days, dtype=np.int64)
    first_day = np.asarray(first_day, dtype=np.int64)
    last_day = np.asarray(last_day, dtype=np.int64)
    frequency = (n_days - 1).astype(np.float64)
    repeat_total = np.asarray(total, dtype=np.float64) - np.asarray(first_amount, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1.0), 0.0)
    litt = np.asarray(litt_days, dtype=np.float64)
    if unit_days != 1:
        litt = litt - frequency * np.log(unit_days)
    end = np.int64(end_day)
    return {
        "frequency": frequency,
        "recency": (last_day - first_day) / unit_days,
        "T": (end - first_day) / unit_days,
        "litt": litt,
        "monetary_value": monetary,
    }


def add_holdout_columns(
    out: pd.DataFrame,
    n_hold_days: np.ndarray,
    hold_total: np.ndarray,
    new_ids: Any,
    *,
    source: str,
    cal_end: np.int64 | int,
    end: np.int64 | int,
    time_unit: str,
    currency: str,
    stacklevel: int,
) -> pd.DataFrame:
    """Finish a calibration/holdout split; shared by every engine.

    Adds ``frequency_holdout``, ``monetary_value_holdout`` (mean per holdout purchase day, 0 if
    none) and ``duration_holdout`` to the calibration summary ``out`` (holdout arrays aligned
    with its rows), warns about customers first seen in the holdout and records the attrs.
    """
    n_hold_days = np.asarray(n_hold_days, dtype=np.float64)
    hold_total = np.asarray(hold_total, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        hold_mean = np.where(n_hold_days > 0, hold_total / np.maximum(n_hold_days, 1), 0.0)
    out["frequency_holdout"] = n_hold_days
    out["monetary_value_holdout"] = hold_mean
    out["duration_holdout"] = float(np.int64(end) - np.int64(cal_end)) / days_per_unit(time_unit)
    cal_end_ts = day_to_timestamp(np.int64(cal_end))
    if len(new_ids):
        warnings.warn(
            data_warning(lambda lang: say(
                "dw_new_in_holdout", lang, source=source, n=len(new_ids),
                cal_end=cal_end_ts.date())),
            stacklevel=stacklevel + 1,
        )
    out.attrs.update(
        time_unit=time_unit,
        calibration_end=cal_end_ts,
        observation_end=day_to_timestamp(np.int64(end)),
        currency=currency,
        n_new_in_holdout=len(new_ids),
        new_in_holdout=list(new_ids),
    )
    return out


def split_from_aggregates(
    customer_id: pd.Index,
    agg: dict[str, Any],
    *,
    source: str,
    cal_end: np.int64 | int,
    end: np.int64 | int,
    time_unit: str,
    currency: str,
    stacklevel: int,
) -> pd.DataFrame:
    """A calibration/holdout split from per-customer aggregates; shared by every engine.

    ``agg`` holds arrays aligned with ``customer_id``: ``n_days``, ``first_day``, ``last_day``,
    ``total``, ``first_amt``, ``litt_days`` of the calibration period (``n_days`` 0 for
    customers first seen in the holdout) and ``hold_days``, ``hold_total``. Customers with a
    calibration purchase make the rows; the others are reported by :func:`add_holdout_columns`.
    """
    has = np.asarray(agg["n_days"]) > 0
    if not has.any():
        raise nothing_in_calibration(source, cal_end)
    cols = {k: np.asarray(agg[k])[has] for k in
            ("n_days", "first_day", "last_day", "total", "first_amt", "litt_days", "hold_days",
             "hold_total")}
    columns = btyd_from_aggregates(cols["n_days"], cols["first_day"], cols["last_day"],
                                   cols["total"], cols["first_amt"], cols["litt_days"], cal_end,
                                   days_per_unit(time_unit))
    out = pd.DataFrame(columns, index=customer_id[has])
    return add_holdout_columns(
        out, cols["hold_days"], cols["hold_total"], customer_id[~has], source=source,
        cal_end=cal_end, end=end, time_unit=time_unit, currency=currency,
        stacklevel=stacklevel + 1,
    )


@dataclass
class CustomerAggregates:
    """What the DuckDB and Spark engines return: per customer, sorted by ``customer_id``.

    Day numbers are days since 1970-01-01. Without a calibration split the "calibration" fields
    cover the whole observation period and ``hold_*`` are None.
    """

    customer_id: pd.Index  # sorted, unique
    n_days: np.ndarray  # purchase days (calibration period)
    first_day: np.ndarray  # first purchase day (calibration period)
    last_day: np.ndarray  # last purchase day (calibration period)
    total: np.ndarray  # total spend (calibration period)
    first_amount: np.ndarray  # spend on the first purchase day
    litt_days: np.ndarray  # sum of log(days between consecutive purchase days) (calibration)
    end_day: int  # observation_end as a day number
    n_after: int  # transaction rows dated after observation_end
    source: str
    currency: str
    cal_end_day: int | None = None
    hold_days: np.ndarray | None = None  # purchase days in the holdout
    hold_total: np.ndarray | None = None  # spend in the holdout


def _check_rows_kept(agg: CustomerAggregates, *, stacklevel: int) -> None:
    """Raise if no row is left up to observation_end; warn about the rows after it."""
    if len(agg.customer_id) == 0:
        raise nothing_to_summarize(agg.source, agg.n_after, agg.end_day)
    warn_excluded(agg.source, agg.n_after, agg.end_day, stacklevel=stacklevel + 1)


def summary_from_customer_aggregates(
    agg: CustomerAggregates, time_unit: str, *, stacklevel: int
) -> pd.DataFrame:
    """The BTYD summary (with its attrs) from an engine's :class:`CustomerAggregates`."""
    _check_rows_kept(agg, stacklevel=stacklevel + 1)
    columns = btyd_from_aggregates(agg.n_days, agg.first_day, agg.last_day, agg.total,
                                   agg.first_amount, agg.litt_days, agg.end_day,
                                   days_per_unit(time_unit))
    out = pd.DataFrame(columns, index=agg.customer_id)
    out.attrs.update(
        time_unit=time_unit,
        observation_end=day_to_timestamp(np.int64(agg.end_day)),
        currency=agg.currency,
    )
    return out


def split_from_customer_aggregates(
    agg: CustomerAggregates, time_unit: str, *, stacklevel: int
) -> pd.DataFrame:
    """The calibration/holdout split from an engine's :class:`CustomerAggregates`."""
    _check_rows_kept(agg, stacklevel=stacklevel + 1)
    if agg.cal_end_day is None or agg.hold_days is None or agg.hold_total is None:
        raise ValueError("the engine computed no calibration split")  # a bug, not bad input
    columns = {"n_days": agg.n_days, "first_day": agg.first_day, "last_day": agg.last_day,
               "total": agg.total, "first_amt": agg.first_amount, "litt_days": agg.litt_days,
               "hold_days": agg.hold_days, "hold_total": agg.hold_total}
    return split_from_aggregates(
        agg.customer_id, columns, source=agg.source, cal_end=agg.cal_end_day, end=agg.end_day,
        time_unit=time_unit, currency=agg.currency, stacklevel=stacklevel + 1,
    )
