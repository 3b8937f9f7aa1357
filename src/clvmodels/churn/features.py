"""Churn features and labels at a cutoff day (流失预警特征与标签).

Everything here looks only at transactions dated on or before the cutoff (features) or inside
the label window (labels), so a split by time leaks nothing from the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_date, check_positive, check_transactions_frame
from ..exceptions import DataValidationError, ParameterError

__all__ = ["churn_features", "churn_summary", "no_purchase_label"]


def _upto(transactions: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The transactions dated on or before the day ``end`` (tz-aware dates compared in UTC)."""
    dates = transactions["date"]
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return transactions.loc[dates.to_numpy() < (end + pd.Timedelta(days=1)).to_datetime64()]


def _customer_table(customers: pd.DataFrame | None) -> pd.DataFrame | None:
    if customers is None:
        return None
    if not isinstance(customers, pd.DataFrame):
        raise ParameterError(
            f"customers is a {type(customers).__name__}; pass a DataFrame with a customer_id "
            f"column or index, or None."
        )
    table = customers
    if "customer_id" in table.columns:
        table = table.set_index("customer_id")
    elif table.index.name != "customer_id":
        raise ParameterError(
            "customers has no customer_id column or index; pass the customer table of the data "
            "set (e.g. load_data(...).customers)."
        )
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()][0]
        raise DataValidationError(
            f"customers: customer_id {dup!r} appears more than once; keep one row per customer."
        )
    return table


def _default_attributes(table: pd.DataFrame, max_categories: int = 50) -> list[str]:
    cols = []
    for col in table.columns:
        s = table[col]
        if pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_numeric_dtype(s):
            continue
        if s.nunique(dropna=True) <= max_categories:
            cols.append(col)
    return cols


def churn_features(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    trend_window_days: float = 91.0,
    customers: pd.DataFrame | None = None,
    attribute_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Churn features (流失预警特征) of every customer who bought on or before ``as_of``.

    Only transactions dated on or before ``as_of`` are used, so features built from a log cut at
    ``as_of`` equal features built from the full log (no leakage from the future).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``customer_id``, ``date``, ``amount``).
    as_of : date-like
        The day the features describe (end of the calibration window, inclusive).
    trend_window_days : float, keyword-only
        Length of the two windows compared for trends: ``(as_of - w, as_of]`` ("recent") and
        ``(as_of - 2w, as_of - w]`` ("previous"), in days (default 91, a quarter).
    customers : DataFrame, optional
        Customer table (客户资料) with a ``customer_id`` column or index; its attributes are added.
    attribute_columns : sequence of str, optional
        Columns of ``customers`` to add. Default: the categorical columns with at most 50 levels.
        Numeric columns are added only when listed, because counts such as complaints or
        referrals are often measured up to the end of the data and would leak the future.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), one row per customer with a purchase by ``as_of``:
        ``days_since_last_purchase``, ``tenure_days`` (days), ``n_orders``, ``n_purchase_days``
        (counts), ``total_spend``, ``mean_order_value`` (currency), ``avg_cycle_days`` (days; NaN
        for one-time buyers), ``one_time_buyer`` (0/1), ``repeat_rate_per_year`` (repeat purchase
        days per 365 days of tenure), ``population_cycle_days`` (days, same for all),
        ``overdue_ratio`` (days since last purchase / own cycle, or / population cycle for
        one-time buyers), ``purchases_recent``, ``purchases_previous`` (purchase days),
        ``spend_recent``, ``spend_previous`` (currency), ``frequency_trend`` (recent - previous
        purchase days), ``spend_trend`` (log(1 + recent) - log(1 + previous) spend), then the
        customer attributes prefixed ``attr_``. ``attrs``: ``as_of``, ``trend_window_days``,
        ``currency``.

    Notes
    -----
    .. math:: \\text{overdue ratio} = \\frac{\\text{days since last purchase}}{\\bar c},
              \\qquad \\bar c = \\frac{\\text{last} - \\text{first purchase day}}{n_{days} - 1}
    """
    from ..features import customer_features

    where = "churn_features"
    check_transactions_frame(transactions, where=where)
    end = check_date("as_of", as_of, where=where)
    w = check_positive("trend_window_days", trend_window_days, where=where)
    tx = _upto(transactions, end)
    if tx.empty:
        raise ParameterError(
            f"as_of={end.date()} is before the first transaction; pass a later date."
        )
    base = customer_features(tx, observation_end=end)
    out = base[["days_since_last_purchase", "tenure_days", "n_orders", "n_purchase_days",
                "total_spend", "mean_order_value", "avg_cycle_days"]].astype(float)
    one_time = out["n_purchase_days"] <= 1
    out["one_time_buyer"] = one_time.astype(float)
    out["repeat_rate_per_year"] = (out["n_purchase_days"] - 1) / np.maximum(out["tenure_days"], 1.0) * 365.0
    repeat_cycles = out.loc[~one_time, "avg_cycle_days"]
    pop_cycle = float(repeat_cycles.median()) if len(repeat_cycles) else float(w)
    pop_cycle = max(pop_cycle, 1.0)
    out["population_cycle_days"] = pop_cycle
    cycle = out["avg_cycle_days"].where(~one_time, pop_cycle).clip(lower=1.0)
    out["overdue_ratio"] = out["days_since_last_purchase"] / cycle

    # trends: purchase days and spend in the recent vs the previous window
    day = tx["date"].dt.normalize()
    daily = (
        pd.DataFrame({"customer_id": tx["customer_id"].to_numpy(), "day": day.to_numpy(),
                      "amount": tx["amount"].to_numpy(dtype=float)})
        .groupby(["customer_id", "day"], sort=False)["amount"].sum().reset_index()
    )
    age = (end - daily["day"]).dt.days.to_numpy()
    recent = age < w
    previous = (age >= w) & (age < 2 * w)
    for name, mask in (("recent", recent), ("previous", previous)):
        part = daily.loc[mask]
        g = part.groupby("customer_id")["amount"]
        out[f"purchases_{name}"] = g.size().reindex(out.index, fill_value=0).astype(float)
        out[f"spend_{name}"] = g.sum().reindex(out.index, fill_value=0.0).astype(float)
    out["frequency_trend"] = out["purchases_recent"] - out["purchases_previous"]
    out["spend_trend"] = np.log1p(out["spend_recent"]) - np.log1p(out["spend_previous"])

    table = _customer_table(customers)
    if table is not None:
        cols = list(attribute_columns) if attribute_columns is not None else _default_attributes(table)
        unknown = [c for c in cols if c not in table.columns]
        if unknown:
            raise ParameterError(
                f"attribute_columns {unknown} are not in customers; use some of {list(table.columns)}."
            )
        attrs = table.reindex(out.index)[cols]
        for col in cols:
            out[f"attr_{col}"] = attrs[col].to_numpy() if not isinstance(
                attrs[col].dtype, pd.CategoricalDtype) else attrs[col].astype(object).to_numpy()
    elif attribute_columns:
        raise ParameterError("attribute_columns given without customers; pass customers=... too.")
    out.index.name = "customer_id"
    out.attrs = {"as_of": end, "trend_window_days": w,
                 "currency": transactions.attrs.get("currency", "USD")}
    return out


def no_purchase_label(
    transactions: pd.DataFrame, customers: pd.Index | Sequence[Any], *, start: Any, end: Any
) -> pd.Series:
    """Label "no purchase in the window" (下一窗口未购买) for the given customers.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    customers : Index or sequence
        Customer ids to label (the index of a feature table).
    start, end : date-like
        The window ``(start, end]`` (start exclusive, end inclusive).

    Returns
    -------
    Series
        Boolean ``no_purchase``, indexed like ``customers`` (same order): True when the customer
        has no transaction in the window.
    """
    where = "no_purchase_label"
    check_transactions_frame(transactions, where=where)
    t_start = check_date("start", start, where=where)
    t_end = check_date("end", end, where=where)
    if t_end <= t_start:
        raise ParameterError(f"end={t_end.date()} is not after start={t_start.date()}; pass a later end.")
    dates = transactions["date"].dt.normalize()
    in_window = (dates > t_start) & (dates <= t_end)
    buyers = pd.Index(pd.unique(transactions.loc[in_window, "customer_id"]))
    index = pd.Index(customers, name="customer_id")
    return pd.Series(~index.isin(buyers), index=index, name="no_purchase")


def churn_summary(transactions: pd.DataFrame, *, as_of: Any, time_unit: str = "W") -> pd.DataFrame:
    """The ``rfm_summary`` (RFM 模型摘要) of the transactions up to ``as_of``: what a transaction
    model behind P(alive) may see on the scoring day.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions; those dated after the day ``as_of`` are left out (no warning:
        the later window is kept for the evaluation on purpose).
    as_of : date-like, keyword-only
        The scoring day (inclusive), e.g. ``churn_dates(...).t1``.
    time_unit : {"D", "W", "M"}, keyword-only
        Unit of ``recency`` and ``T`` (default weeks).

    Returns
    -------
    DataFrame
        :func:`clvmodels.features.rfm_summary` with ``observation_end=as_of``, one row per
        customer with a purchase by ``as_of`` (the customers of :func:`churn_features`).
    """
    from ..features import rfm_summary

    where = "churn_summary"
    check_transactions_frame(transactions, where=where)
    end = check_date("as_of", as_of, where=where)
    return rfm_summary(_upto(transactions, end), observation_end=end, time_unit=time_unit)
