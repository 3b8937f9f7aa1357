"""The pandas engine: the BTYD summary and customer features of a DataFrame in memory.

Purchases on the same calendar day are merged into one purchase. All computations are vectorized:
integer customer ids go through one sort of packed customer x day keys
(:mod:`clvmodels.features._packed`), other ids through one sort of the transaction keys, so 10M
transactions are summarized in a couple of seconds. The BTYD arithmetic is the one every engine
shares (:mod:`clvmodels.features._btyd`).

Called by the public functions of :mod:`clvmodels.features.summary`, which check the arguments;
``end_day``/``cal_end_day`` are days since 1970-01-01 and ``stacklevel`` is the one the caller
would pass to :func:`warnings.warn` (warnings point at the user's call).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._units import days_per_unit
from ..exceptions import DataValidationError, ParameterError
from ._btyd import (
    add_holdout_columns,
    btyd_from_aggregates,
    check_split,
    day_to_timestamp,
    nothing_in_calibration,
    nothing_to_summarize,
    split_from_aggregates,
    warn_excluded,
)
from ._packed import packing, reduce_packed, sum_log_gaps

__all__ = ["customer_features", "split", "summarize"]


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

    def litt_days(self) -> np.ndarray:
        """Sum of ``log`` of the days between consecutive purchase days, per customer."""
        if len(self.pday) == 0:
            return np.zeros(0)
        span = int(self.pday.max() - self.pday.min()) + 1
        return sum_log_gaps(self.pday, self.first, span)


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


def _btyd_columns(periods: _Periods, end: np.int64, unit_days: float) -> dict[str, np.ndarray]:
    return btyd_from_aggregates(
        periods.n_days,
        periods.pday[periods.first],
        periods.pday[periods.last],
        periods.per_customer_sum(periods.pamount),
        periods.pamount[periods.first],
        periods.litt_days(),
        end,
        unit_days,
    )


def _prepare(
    transactions: pd.DataFrame,
    end_day: np.int64 | None,
    func: str,
    *,
    stacklevel: int,
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
    if end_day is None:
        if len(day) == 0:
            raise nothing_to_summarize(_source_name(transactions), 0, 0)
        end = np.int64(day.max())
    else:
        end = np.int64(end_day)
    keep = day <= end
    n_after = int((day > end).sum())
    if n_after == len(day):
        raise nothing_to_summarize(_source_name(transactions), n_after, end)
    warn_excluded(_source_name(transactions), n_after, end, stacklevel=stacklevel + 1)
    if not keep.all():
        cid, day, amount = cid[keep], day[keep], amount[keep]
    return cid.reset_index(drop=True), day, amount, end, keep


def summarize(
    transactions: pd.DataFrame, *, end_day: np.int64 | None, time_unit: str, stacklevel: int
) -> pd.DataFrame:
    """The BTYD summary of canonical transactions (``time_unit`` already checked)."""
    cid, day, amount, end, _ = _prepare(transactions, end_day, "rfm_summary",
                                        stacklevel=stacklevel + 1)
    agg = _packed_reduction(cid, day, amount, end)
    if agg is not None:  # integer ids: one sort of packed keys
        columns = btyd_from_aggregates(agg["n_days"], agg["first_day"], agg["last_day"],
                                       agg["total"], agg["first_amt"], agg["litt_days"], end,
                                       days_per_unit(time_unit))
        out = pd.DataFrame(columns, index=pd.Index(agg["cid"], name="customer_id"))
    else:
        periods = _purchase_days(cid, day, amount)
        out = pd.DataFrame(_btyd_columns(periods, end, days_per_unit(time_unit)),
                           index=periods.customers)
    out.attrs.update(
        time_unit=time_unit,
        observation_end=day_to_timestamp(end),
        currency=transactions.attrs.get("currency", "USD"),
    )
    return out


def split(
    transactions: pd.DataFrame,
    *,
    cal_end_day: np.int64,
    end_day: np.int64 | None,
    time_unit: str,
    stacklevel: int,
) -> pd.DataFrame:
    """The calibration/holdout split of canonical transactions (arguments already checked)."""
    cid, day, amount, end, _ = _prepare(transactions, end_day, "calibration_holdout_split",
                                        stacklevel=stacklevel + 1)
    cal_end = np.int64(cal_end_day)
    check_split(cal_end, end)
    in_cal = day <= cal_end
    if not in_cal.any():
        raise nothing_in_calibration(_source_name(transactions), cal_end)
    unit_days = days_per_unit(time_unit)
    agg = _packed_reduction(cid, day, amount, end, cal_end)
    if agg is not None:  # integer ids: one sort of packed keys
        return split_from_aggregates(
            pd.Index(agg["cid"], name="customer_id"), agg, source=_source_name(transactions),
            cal_end=cal_end, end=end, time_unit=time_unit,
            currency=transactions.attrs.get("currency", "USD"), stacklevel=stacklevel + 1,
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
        source=_source_name(transactions), cal_end=cal_end, end=end, time_unit=time_unit,
        currency=transactions.attrs.get("currency", "USD"), stacklevel=stacklevel + 1,
    )


def customer_features(
    transactions: pd.DataFrame, *, end_day: np.int64 | None, stacklevel: int
) -> pd.DataFrame:
    """Descriptive per-customer features (arguments already checked)."""
    cid, day, amount, end, keep = _prepare(transactions, end_day, "customer_features",
                                           stacklevel=stacklevel + 1)
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
        observation_end=day_to_timestamp(end),
        currency=transactions.attrs.get("currency", "USD"),
    )
    return out
