"""Per-customer summaries of a transaction log: the BTYD summary and RFM-style features.

The BTYD (buy 'til you die) summary is what the probabilistic models fit: for each customer
(顾客) ``frequency`` (消费频率: number of repeat purchase days), ``recency`` (age at the last
purchase), ``T`` (age at the end of observation) and ``monetary_value`` (消费金额: mean value of the
repeat purchase days). Purchases on the same calendar day are merged into one purchase.

All computations are vectorized (one sort of the transaction keys), so 10M transactions are
summarized in a couple of seconds.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._units import check_time_unit, days_per_unit
from ..exceptions import DataValidationError, DataWarning, ParameterError
from ._packed import packing, reduce_packed

__all__ = [
    "calibration_holdout_split",
    "customer_features",
    "rfm_summary",
]

ENGINES = ("pandas", "duckdb", "spark")


def _check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ParameterError(
            f"engine={engine!r} is not supported; use one of {', '.join(map(repr, ENGINES))}."
        )
    return engine


def _source_name(transactions: pd.DataFrame) -> str:
    return str(transactions.attrs.get("source", "DataFrame"))


def _require_columns(transactions: Any, columns: tuple[str, ...], func: str) -> None:
    if not isinstance(transactions, pd.DataFrame):
        raise ParameterError(
            f"{func} expects a pandas DataFrame of canonical transactions (customer_id, date, "
            f"amount), got {type(transactions).__name__}; read files with "
            f"clvmodels.read_transactions first, or pass engine='duckdb' for a path."
        )
    missing = [c for c in columns if c not in transactions.columns]
    if missing:
        raise DataValidationError(
            f"{_source_name(transactions)}: column {missing[0]!r} is missing "
            f"(have {list(transactions.columns)}); read the log with clvmodels.read_transactions "
            f"and a column mapping such as columns={{'{missing[0]}': 'your_column'}}."
        )


def _to_day(value: Any, name: str) -> np.int64:
    """A date-like value as days since the epoch (floored to the day)."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ParameterError(
            f"{name}={value!r} is not a date; pass 'YYYY-MM-DD' or a pandas Timestamp."
        ) from exc
    if ts is pd.NaT:
        raise ParameterError(f"{name} is NaT; pass 'YYYY-MM-DD' or a pandas Timestamp.")
    if ts.tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return np.int64(ts.to_datetime64().astype("datetime64[D]").astype(np.int64))


def _day_to_timestamp(day: np.int64) -> pd.Timestamp:
    return pd.Timestamp(np.datetime64(int(day), "D"))


@dataclass
class _Periods:
    """Purchase days per customer: the reduced form every summary is computed from.

    Purchase days are sorted by customer, then day; ``first`` indexes each customer's first
    purchase day in them, so per-customer totals are ``np.add.reduceat(x, first)``.
    """

    customers: pd.Index  # sorted unique customer ids
    n_rows: np.ndarray  # transaction rows per customer
    pday: np.ndarray  # day number (days since epoch) of each purchase day
    pamount: np.ndarray  # total amount of each purchase day
    first: np.ndarray  # index into pday/pamount of each customer's first purchase day

    @property
    def last(self) -> np.ndarray:
        """Index of each customer's last purchase day."""
        return np.r_[self.first[1:] - 1, len(self.pday) - 1]

    @property
    def n_days(self) -> np.ndarray:
        """Number of purchase days per customer."""
        return np.diff(np.r_[self.first, len(self.pday)])

    def per_customer_sum(self, values: np.ndarray) -> np.ndarray:
        """Sum of a per-purchase-day array over each customer's purchase days."""
        if len(self.first) == 0:
            return np.zeros(0)
        return np.add.reduceat(values, self.first)


def _customer_codes(
    customer_id: np.ndarray | pd.Series, *, dense: bool = False
) -> tuple[np.ndarray, Any]:
    """Integer codes whose order is the order of the customer ids, and a decoder.

    Integer ids are used directly (offset to start at 0), which avoids hashing, unless
    ``dense``; Arrow-backed strings are dictionary-encoded by Arrow; other ids are factorized
    with sorted uniques (codes 0..n-1).
    """
    values = customer_id.array if isinstance(customer_id, pd.Series) else customer_id
    dtype = getattr(values, "dtype", None)
    if not dense and dtype is not None and getattr(dtype, "kind", "") in "iu" and len(values):
        ints = np.asarray(values, dtype=np.int64)
        low = ints.min()
        return ints - low, lambda c: c + low
    if isinstance(values, pd.arrays.ArrowStringArray):
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(pa.array(values))
        dictionary = encoded.dictionary
        order = pc.array_sort_indices(dictionary).to_numpy()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        uniques = pd.array(dictionary.take(pa.array(order)), dtype=customer_id.dtype)
        return rank[encoded.indices.to_numpy(zero_copy_only=False)], lambda c: uniques[c]
    codes, uniques = pd.factorize(customer_id, sort=True)
    return codes.astype(np.int64), lambda c: np.asarray(uniques)[c]


def _sort_order(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices that sort ``key`` (non-negative int64) and the sorted keys.

    When the key and the row number fit together in 63 bits they are packed into one integer
    and sorted by value, which is several times faster than an argsort.
    """
    n = len(key)
    row_bits = max(int(n - 1).bit_length(), 1)
    key_bits = int(key.max()).bit_length() if n else 0
    if key_bits + row_bits <= 63:
        packed = key << np.int64(row_bits)
        packed |= np.arange(n, dtype=np.int64)
        packed.sort()
        order = packed & np.int64((1 << row_bits) - 1)
        packed >>= np.int64(row_bits)
        return order, packed
    order = np.argsort(key, kind="stable")
    return order, key[order]


def _purchase_days(
    customer_id: pd.Series, day: np.ndarray, amount: np.ndarray | None
) -> _Periods:
    if len(day) == 0:
        empty = np.empty(0, dtype=np.int64)
        index = pd.Index(customer_id.iloc[:0], name="customer_id")
        return _Periods(index, empty, empty, np.empty(0), empty)
    raw_codes, decode = _customer_codes(customer_id)
    dmin = day.min()
    span = np.int64(day.max() - dmin + 1)
    if int(raw_codes.max()) > (1 << 62) // int(span):  # sparse huge ids: recode densely
        raw_codes, decode = _customer_codes(customer_id, dense=True)
    key = raw_codes * span
    key += day - dmin
    order, key = _sort_order(key)
    new_day = np.empty(len(key), dtype=bool)
    new_day[0] = True
    np.not_equal(key[1:], key[:-1], out=new_day[1:])
    starts = np.flatnonzero(new_day)
    del new_day
    pkey = key[starts]
    n_total = len(key)
    del key
    if amount is not None:
        pamount = np.add.reduceat(amount[order], starts)
    else:
        pamount = np.zeros(len(starts))
    del order
    pcust_raw, pday = np.divmod(pkey, span)
    pday += dmin
    new_cust = np.empty(len(pcust_raw), dtype=bool)
    new_cust[0] = True
    np.not_equal(pcust_raw[1:], pcust_raw[:-1], out=new_cust[1:])
    first = np.flatnonzero(new_cust)
    n_rows = np.diff(np.r_[starts[first], n_total]).astype(np.int64)
    index = pd.Index(decode(pcust_raw[first]), name="customer_id")
    return _Periods(index, n_rows, pday, pamount, first)


def _packed_reduction(
    cid: pd.Series, day: np.ndarray, amount: np.ndarray, end: np.int64,
    cal_end: np.int64 | None = None,
) -> dict[str, np.ndarray] | None:
    """:func:`~clvmodels.features._packed.reduce_packed` on integer ids, else None.

    Taken when the id range is at most twice the rows plus a million (per-id arrays stay
    small); other ids (text, sparse integers) go through :func:`_purchase_days`.
    """
    values = cid.array
    dtype = values.dtype
    if len(day) == 0 or getattr(dtype, "kind", "") not in "iu":
        return None
    if dtype.kind == "u" and dtype.itemsize == 8 and int(np.max(values)) >= 2**63:
        return None
    ints = np.asarray(values, dtype=np.int64)
    lo = int(ints.min())
    pack = packing(True, int(day.min()), int(day.max()), int(end), lo, int(ints.max()))
    if pack is None or pack.n_ids > 2 * len(ints) + 2**20:
        return None
    key = ints - lo
    key *= pack.span
    key += day
    key -= pack.lo_day
    return reduce_packed(key.astype(pack.key_dtype, copy=False), amount, pack,
                         None if cal_end is None else int(cal_end))


def _recorded_end(transactions: Any, observation_end: Any) -> Any:
    """``observation_end``, or the one ``read_transactions`` recorded in the table's attrs."""
    if observation_end is None and isinstance(transactions, pd.DataFrame):
        return transactions.attrs.get("observation_end")
    return observation_end


def _prepare(
    transactions: pd.DataFrame,
    observation_end: Any,
    func: str,
) -> tuple[pd.Series, np.ndarray, np.ndarray, np.int64, np.ndarray]:
    """Customer ids, day numbers, amounts, the end day and the mask of the rows kept (<= end)."""
    _require_columns(transactions, ("customer_id", "date", "amount"), func)
    dates = transactions["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise DataValidationError(
            f"{_source_name(transactions)}: column 'date' has dtype {dates.dtype}, not datetime; "
            f"read the log with clvmodels.read_transactions, which parses dates."
        )
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    day = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    if len(day) and np.any(np.isnat(dates.to_numpy())):
        rows = np.flatnonzero(np.isnat(dates.to_numpy()))
        raise DataValidationError(
            f"{_source_name(transactions)}: column 'date' is missing in row(s) "
            f"{list(transactions.index[rows[:3]])} ({len(rows)} rows in all); fill or drop them."
        )
    amount = transactions["amount"].to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isnan(amount).any():
        rows = np.flatnonzero(np.isnan(amount))
        raise DataValidationError(
            f"{_source_name(transactions)}: column 'amount' is missing in row(s) "
            f"{list(transactions.index[rows[:3]])} ({len(rows)} rows in all); fill or drop them."
        )
    cid = transactions["customer_id"]
    if len(cid) and cid.isna().any():
        rows = np.flatnonzero(pd.isna(transactions["customer_id"]).to_numpy())
        raise DataValidationError(
            f"{_source_name(transactions)}: column 'customer_id' is missing in row(s) "
            f"{list(transactions.index[rows[:3]])} ({len(rows)} rows in all); fill or drop them."
        )
    if observation_end is None:
        if len(day) == 0:
            raise DataValidationError(
                f"{_source_name(transactions)}: no transactions; nothing to summarize."
            )
        end = np.int64(day.max())
    else:
        end = _to_day(observation_end, "observation_end")
    keep = day <= end
    n_after = int((day > end).sum())
    if n_after == len(day):
        raise nothing_to_summarize(_source_name(transactions), n_after, end)
    if n_after:
        warnings.warn(
            f"{_source_name(transactions)}: {n_after} transaction(s) dated after "
            f"observation_end {_day_to_timestamp(end).date()} were excluded from the summary.",
            DataWarning,
            stacklevel=3,
        )
    if not keep.all():
        cid, day, amount = cid[keep], day[keep], amount[keep]
    return cid.reset_index(drop=True), day, amount, end, keep


def nothing_to_summarize(source: str, n_after: int, end: Any) -> DataValidationError:
    """The error when no transaction is dated on or before observation_end (every engine)."""
    if n_after == 0:
        return DataValidationError(f"{source}: no transactions; nothing to summarize.")
    return DataValidationError(
        f"{source}: all {n_after} transaction(s) are dated after observation_end "
        f"{_day_to_timestamp(np.int64(end)).date()}, so nothing is left to summarize; choose a "
        f"later observation_end or leave it out (default: the last transaction date)."
    )


def nothing_in_calibration(source: str, cal_end: Any) -> DataValidationError:
    """The error when no transaction is dated on or before calibration_end (every engine)."""
    return DataValidationError(
        f"{source}: no transaction on or before calibration_end "
        f"{_day_to_timestamp(np.int64(cal_end)).date()}; choose a later calibration_end."
    )


def btyd_from_aggregates(
    n_days: np.ndarray,
    first_day: np.ndarray,
    last_day: np.ndarray,
    total: np.ndarray,
    first_amount: np.ndarray,
    end_day: np.int64 | int,
    unit_days: float,
) -> dict[str, np.ndarray]:
    """The BTYD columns from per-customer aggregates; shared by every engine.

    ``n_days`` purchase days, ``first_day``/``last_day`` (days since the epoch), ``total`` spend
    and ``first_amount`` (spend of the first purchase day) per customer, the end of observation
    (days since the epoch) and the length of the time unit in days.
    """
    n_days = np.asarray(n_days, dtype=np.int64)
    first_day = np.asarray(first_day, dtype=np.int64)
    last_day = np.asarray(last_day, dtype=np.int64)
    frequency = (n_days - 1).astype(np.float64)
    repeat_total = np.asarray(total, dtype=np.float64) - np.asarray(first_amount, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1.0), 0.0)
    end = np.int64(end_day)
    return {
        "frequency": frequency,
        "recency": (last_day - first_day) / unit_days,
        "T": (end - first_day) / unit_days,
        "monetary_value": monetary,
    }


def _btyd_columns(periods: _Periods, end: np.int64, unit_days: float) -> dict[str, np.ndarray]:
    return btyd_from_aggregates(
        periods.n_days,
        periods.pday[periods.first],
        periods.pday[periods.last],
        periods.per_customer_sum(periods.pamount),
        periods.pamount[periods.first],
        end,
        unit_days,
    )


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
    cal_end_ts = _day_to_timestamp(np.int64(cal_end))
    if len(new_ids):
        warnings.warn(
            f"{source}: {len(new_ids)} customer(s) made their first purchase in the holdout "
            f"period (after {cal_end_ts.date()}) and are not in the calibration summary; their "
            f"ids are in attrs['new_in_holdout'].",
            DataWarning,
            stacklevel=stacklevel + 1,
        )
    out.attrs.update(
        time_unit=time_unit,
        calibration_end=cal_end_ts,
        observation_end=_day_to_timestamp(np.int64(end)),
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
    ``total``, ``first_amt`` of the calibration period (``n_days`` 0 for customers first seen
    in the holdout) and ``hold_days``, ``hold_total``. Customers with a calibration purchase
    make the rows; the others are reported by :func:`add_holdout_columns`.
    """
    has = np.asarray(agg["n_days"]) > 0
    if not has.any():
        raise nothing_in_calibration(source, cal_end)
    cols = {k: np.asarray(agg[k])[has] for k in
            ("n_days", "first_day", "last_day", "total", "first_amt", "hold_days", "hold_total")}
    columns = btyd_from_aggregates(cols["n_days"], cols["first_day"], cols["last_day"],
                                   cols["total"], cols["first_amt"], cal_end,
                                   days_per_unit(time_unit))
    out = pd.DataFrame(columns, index=customer_id[has])
    return add_holdout_columns(
        out, cols["hold_days"], cols["hold_total"], customer_id[~has], source=source,
        cal_end=cal_end, end=end, time_unit=time_unit, currency=currency,
        stacklevel=stacklevel + 1,
    )


def rfm_summary(
    transactions: Any,
    *,
    observation_end: Any = None,
    time_unit: str = "D",
    engine: str = "pandas",
    **engine_kwargs: Any,
) -> pd.DataFrame:
    """Per-customer BTYD summary: frequency, recency, T and monetary value (RFM 模型).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``customer_id``, ``date``, ``amount``), e.g. from
        :func:`clvmodels.read_transactions`. With ``engine="duckdb"`` or ``"spark"`` also a path,
        a glob of Parquet/CSV files, or a Spark DataFrame.
    observation_end : date-like, optional
        End of the observation period (inclusive, floored to the day). Defaults to the
        ``observation_end`` that :func:`clvmodels.read_transactions` recorded in
        ``transactions.attrs``, else the last transaction date. Later transactions are excluded
        with a :class:`DataWarning` that counts them.
    time_unit : {"D", "W", "M"}
        Unit of ``recency`` and ``T``: days, weeks (7 days) or months (365.25/12 days).
    engine : {"pandas", "duckdb", "spark"}
        Where the summary is computed; the result is the same.
    **engine_kwargs
        Passed to the DuckDB or Spark engine (e.g. ``columns=`` for a file's column names).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), one row per customer with at least one purchase up
        to ``observation_end``:

        - ``frequency``: number of repeat purchase days (purchases on one day count once);
        - ``recency``: time from the first to the last purchase, in ``time_unit``;
        - ``T``: time from the first purchase to ``observation_end``, in ``time_unit``;
        - ``monetary_value``: mean amount of the repeat purchase days, currency of the data
          (0 for customers without a repeat purchase).

        ``attrs`` records ``time_unit``, ``observation_end`` and ``currency``.

    Notes
    -----
    With ``time_unit="D"`` the result equals lifetimes'
    ``summary_data_from_transaction_data(freq="D")``. With ``"W"`` recency and T are days / 7,
    as in the published CDNOW summary of Fader, Hardie & Lee (2005).

    Examples
    --------
    >>> from clvmodels.datasets import load_cdnow
    >>> from clvmodels.features import rfm_summary
    >>> summary = rfm_summary(load_cdnow(), observation_end="1997-09-30", time_unit="W")
    >>> summary.loc[1, ["frequency", "recency", "T"]].round(2).tolist()
    [2.0, 30.43, 38.86]
    """
    unit = check_time_unit(time_unit)
    observation_end = _recorded_end(transactions, observation_end)
    if _check_engine(engine) != "pandas":
        from . import engines

        return engines.rfm_summary(
            transactions, observation_end=observation_end, time_unit=unit, engine=engine,
            **engine_kwargs,
        )
    if engine_kwargs:
        raise ParameterError(
            f"rfm_summary got unexpected argument(s) {sorted(engine_kwargs)} for engine='pandas'."
        )
    cid, day, amount, end, _ = _prepare(transactions, observation_end, "rfm_summary")
    agg = _packed_reduction(cid, day, amount, end)
    if agg is not None:  # integer ids: one sort of packed keys
        columns = btyd_from_aggregates(agg["n_days"], agg["first_day"], agg["last_day"],
                                       agg["total"], agg["first_amt"], end, days_per_unit(unit))
        out = pd.DataFrame(columns, index=pd.Index(agg["cid"], name="customer_id"))
    else:
        periods = _purchase_days(cid, day, amount)
        out = pd.DataFrame(_btyd_columns(periods, end, days_per_unit(unit)),
                           index=periods.customers)
    out.attrs.update(
        time_unit=unit,
        observation_end=_day_to_timestamp(end),
        currency=transactions.attrs.get("currency", "USD"),
    )
    return out


def calibration_holdout_split(
    transactions: Any,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    time_unit: str = "D",
    engine: str = "pandas",
    **engine_kwargs: Any,
) -> pd.DataFrame:
    """Calibration-period summary plus what each customer did in the holdout period.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    calibration_end : date-like
        Last day of the calibration period (inclusive).
    observation_end : date-like, optional
        Last day of the holdout period (inclusive); defaults to the ``observation_end`` recorded
        in ``transactions.attrs`` by :func:`clvmodels.read_transactions`, else the last
        transaction date.
    time_unit : {"D", "W", "M"}
        Unit of recency, T and duration_holdout.
    engine : {"pandas", "duckdb", "spark"}
        Where the split is computed; the result is the same.
    **engine_kwargs
        Passed to the DuckDB or Spark engine.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: the calibration summary under the summary's names
        (``frequency``, ``recency``, ``T``, ``monetary_value``, so a model fits it directly) and
        ``frequency_holdout`` (purchase days in the holdout), ``monetary_value_holdout`` (mean
        amount per holdout purchase day, 0 if none, currency of the data) and
        ``duration_holdout`` (length of the holdout, in ``time_unit``).

    Notes
    -----
    Customers whose first purchase falls in the holdout period cannot be in a calibration
    summary; they are counted in a :class:`DataWarning` and in ``attrs["n_new_in_holdout"]``
    (their ids in ``attrs["new_in_holdout"]``). lifetimes drops them silently, and averages
    holdout spend per transaction row rather than per purchase day.
    """
    unit = check_time_unit(time_unit)
    observation_end = _recorded_end(transactions, observation_end)
    if _check_engine(engine) != "pandas":
        from . import engines

        return engines.calibration_holdout_split(
            transactions, calibration_end=calibration_end, observation_end=observation_end,
            time_unit=unit, engine=engine, **engine_kwargs,
        )
    if engine_kwargs:
        raise ParameterError(
            f"calibration_holdout_split got unexpected argument(s) {sorted(engine_kwargs)}."
        )
    cid, day, amount, end, _ = _prepare(transactions, observation_end, "calibration_holdout_split")
    cal_end = _to_day(calibration_end, "calibration_end")
    if cal_end >= end:
        raise ParameterError(
            f"calibration_end {_day_to_timestamp(cal_end).date()} must be before "
            f"observation_end {_day_to_timestamp(end).date()}; choose an earlier calibration_end."
        )
    in_cal = day <= cal_end
    if not in_cal.any():
        raise nothing_in_calibration(_source_name(transactions), cal_end)
    unit_days = days_per_unit(unit)
    agg = _packed_reduction(cid, day, amount, end, cal_end)
    if agg is not None:  # integer ids: one sort of packed keys
        return split_from_aggregates(
            pd.Index(agg["cid"], name="customer_id"), agg, source=_source_name(transactions),
            cal_end=cal_end, end=end, time_unit=unit,
            currency=transactions.attrs.get("currency", "USD"), stacklevel=2,
        )
    cal = _purchase_days(cid[in_cal], day[in_cal], amount[in_cal])
    out = pd.DataFrame(_btyd_columns(cal, cal_end, unit_days), index=cal.customers)

    hold = _purchase_days(cid[~in_cal], day[~in_cal], amount[~in_cal])
    pos = cal.customers.get_indexer(hold.customers)
    known = pos >= 0
    n_hold_days = np.zeros(len(cal.customers))
    hold_total = np.zeros(len(cal.customers))
    n_hold_days[pos[known]] = hold.n_days[known]
    hold_total[pos[known]] = hold.per_customer_sum(hold.pamount)[known]
    return add_holdout_columns(
        out, n_hold_days, hold_total, hold.customers[~known],
        source=_source_name(transactions), cal_end=cal_end, end=end, time_unit=unit,
        currency=transactions.attrs.get("currency", "USD"), stacklevel=2,
    )


def customer_features(transactions: pd.DataFrame, *, observation_end: Any = None) -> pd.DataFrame:
    """RFM-style descriptive features per customer (客户特征), in days and currency.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions; ``order_id`` and ``cost`` are used when present.
    observation_end : date-like, optional
        Reference date for recency and tenure; defaults to the ``observation_end`` recorded in
        ``transactions.attrs`` by :func:`clvmodels.read_transactions`, else the last transaction
        date. Later transactions are excluded with a counted :class:`DataWarning`.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), columns:

        - ``first_purchase``, ``last_purchase``: dates;
        - ``days_since_last_purchase`` (最近一次消费, days), ``tenure_days`` (days since the first
          purchase);
        - ``n_orders``: distinct ``order_id`` values, or transaction rows without order ids;
        - ``n_purchase_days`` (消费频率): distinct purchase days;
        - ``total_spend`` (消费金额), ``mean_order_value``: currency of the data;
        - ``avg_cycle_days`` (平均购买周期): mean days between purchase days, NaN for one-time
          buyers;
        - ``total_cost`` and ``total_profit`` when a ``cost`` column is present.
    """
    observation_end = _recorded_end(transactions, observation_end)
    cid, day, amount, end, keep = _prepare(transactions, observation_end, "customer_features")
    periods = _purchase_days(cid, day, amount)
    n_cust = len(periods.customers)
    n_days = periods.n_days
    first_day = periods.pday[periods.first]
    last_day = periods.pday[periods.last]
    total = periods.per_customer_sum(periods.pamount)
    codes = periods.customers.get_indexer(cid)
    if "order_id" in transactions.columns:
        orders = pd.DataFrame({"c": codes, "o": transactions["order_id"].to_numpy()[keep]})
        n_orders = orders.drop_duplicates().groupby("c").size().reindex(range(n_cust)).to_numpy()
    else:
        n_orders = periods.n_rows
    with np.errstate(invalid="ignore", divide="ignore"):
        cycle = np.where(n_days > 1, (last_day - first_day) / np.maximum(n_days - 1, 1), np.nan)
    out = pd.DataFrame(
        {
            "first_purchase": first_day.astype("datetime64[D]").astype("datetime64[ns]"),
            "last_purchase": last_day.astype("datetime64[D]").astype("datetime64[ns]"),
            "days_since_last_purchase": (end - last_day).astype(np.int64),
            "tenure_days": (end - first_day).astype(np.int64),
            "n_orders": np.asarray(n_orders, dtype=np.int64),
            "n_purchase_days": n_days.astype(np.int64),
            "total_spend": total,
            "mean_order_value": total / np.maximum(n_orders, 1),
            "avg_cycle_days": cycle,
        },
        index=periods.customers,
    )
    if "cost" in transactions.columns:
        cost = transactions["cost"].to_numpy(dtype=np.float64, na_value=np.nan)[keep]
        out["total_cost"] = np.bincount(codes, weights=np.nan_to_num(cost), minlength=n_cust)
        out["total_profit"] = out["total_spend"] - out["total_cost"]
    out.attrs.update(
        observation_end=_day_to_timestamp(end),
        currency=transactions.attrs.get("currency", "USD"),
    )
    return out
