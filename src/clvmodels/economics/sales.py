"""Sales from the customer base (年销售额): the annual-sales formula and its inputs on a log.

Source 001's annual sales = customers x retention rate x monthly transactions x 12 x average
transaction value, and the same inputs measured on a transaction log. Months are the average
Gregorian month of :mod:`clvmodels._units` (365.25 / 12 days; 12 in a year).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .._checks import check_date, check_positive
from .._units import days_per_unit, periods_per_year
from ..exceptions import ParameterError
from ._arrays import wrap
from ._checks import check_nonnegative, check_retention

__all__ = ["annual_sales", "observed_economics"]

#: Months in a year (12): a year of 365.25 days in months of 365.25 / 12 days.
MONTHS_PER_YEAR = periods_per_year("M")


def annual_sales(
    customers: Any,
    retention_rate: Any,
    monthly_transactions: Any,
    average_transaction_value: Any,
) -> Any:
    """Annual sales (年销售额) from the customer count and purchase habits.

    Parameters
    ----------
    customers : float or array-like
        Number of customers at the start of the year (客户数), >= 0.
    retention_rate : float or array-like
        Share of them kept over the year (客户保持率), in [0, 1).
    monthly_transactions : float or array-like
        Average number of transactions per retained customer per month (平均每月交易次数), >= 0.
    average_transaction_value : float or array-like
        Average value of one transaction (平均每次交易额), in currency, >= 0.

    Returns
    -------
    float, ndarray or Series
        Sales per year, in the currency of ``average_transaction_value``.

    Notes
    -----
    Source 001: annual sales = customers x retention rate x average monthly transactions x 12 x
    average transaction value,

    .. math:: S = N \\cdot r \\cdot f_{month} \\cdot 12 \\cdot \\bar{v}

    Examples
    --------
    >>> annual_sales(1000, 0.8, 2, 50.0)
    960000.0
    """
    n = check_nonnegative("customers", customers)
    r = check_retention("retention_rate", retention_rate)
    f = check_nonnegative("monthly_transactions", monthly_transactions)
    v = check_nonnegative("average_transaction_value", average_transaction_value)
    return wrap(n * r * f * MONTHS_PER_YEAR * v, customers, retention_rate, monthly_transactions,
                 average_transaction_value)


def observed_economics(
    transactions: pd.DataFrame, *, end: Any = None, period_days: float = 365.0
) -> pd.Series:
    """The inputs of the annual-sales formula measured on a transaction log (实测客户经济指标).

    The last ``period_days`` before ``end`` are the "current" period and the ``period_days``
    before it the "previous" one. Customers who bought in the previous period are the base
    ``N``; those of them who bought again in the current period are retained.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``order_id`` counts orders when present, else rows are orders).
    end : date-like, optional
        Last day of the current period (default: the last transaction date).
    period_days : float
        Length of each period in days (default 365). When the log is shorter than two periods,
        half of its span is used instead, and ``period_days`` in the output says so.

    Returns
    -------
    Series
        ``period_days`` (days), ``customers`` (N, bought in the previous period), ``retained``
        (of them, bought again), ``retention_rate`` (per period), ``new_customers`` (first
        purchase in the current period), ``monthly_transactions`` (orders per retained customer
        per month of 365.25/12 days), ``average_transaction_value`` (currency per order),
        ``sales_formula`` (N x r x f x months x v), ``sales_retained`` and ``sales_total``
        (actual sales in the current period, currency), ``margin_rate`` (1 - cost / sales in
        the current period when a ``cost`` column exists, else NaN); ``currency`` in ``attrs``.

    Notes
    -----
    .. math:: S_{period} = N \\cdot r \\cdot f_{month} \\cdot \\frac{P}{365.25/12} \\cdot \\bar v

    equals the actual sales of the retained customers by construction; the rest of the
    period's sales comes from customers who were not in the base (new or returning).
    """
    for col in ("customer_id", "date", "amount"):
        if col not in getattr(transactions, "columns", []):
            raise ParameterError(
                f"transactions lack column {col!r}; pass canonical transactions "
                f"(clvmodels.read_transactions)."
            )
    dates = transactions["date"].dt.normalize()
    stop = check_date("end", end, where="observed_economics") if end is not None else dates.max()
    p = check_positive("period_days", period_days)
    span = (stop - dates.min()).days
    if span + 1 < 2 * p:  # the log covers span + 1 days
        p = (span + 1) / 2.0
    if p < 1:
        raise ParameterError("the transaction log spans less than two days; nothing to measure.")
    mid = stop - pd.Timedelta(days=p)
    begin = mid - pd.Timedelta(days=p)
    prev = transactions.loc[(dates > begin) & (dates <= mid)]
    cur = transactions.loc[(dates > mid) & (dates <= stop)]
    base = pd.Index(prev["customer_id"].unique())
    cur_ids = pd.Index(cur["customer_id"].unique())
    retained = base.intersection(cur_ids)
    first = transactions.groupby("customer_id")["date"].min().dt.normalize()
    new = int((first > mid).sum())
    cur_r = cur.loc[cur["customer_id"].isin(retained)]
    n_orders = cur_r["order_id"].nunique() if "order_id" in cur_r.columns else len(cur_r)
    months = p / days_per_unit("M")
    n, k = len(base), len(retained)
    r = k / n if n else math.nan
    f = n_orders / k / months if k else math.nan
    v = float(cur_r["amount"].sum()) / n_orders if n_orders else math.nan
    out = pd.Series(
        {
            "period_days": p,
            "customers": float(n),
            "retained": float(k),
            "retention_rate": r,
            "new_customers": float(new),
            "monthly_transactions": f,
            "average_transaction_value": v,
            "sales_formula": n * r * f * months * v if k else 0.0,
            "sales_retained": float(cur_r["amount"].sum()),
            "sales_total": float(cur["amount"].sum()),
            "margin_rate": (float(cur["amount"].sum() - cur["cost"].sum()) / float(cur["amount"].sum()))
            if "cost" in cur.columns and float(cur["amount"].sum()) > 0 else math.nan,
        },
        name="observed_economics",
    )
    out.attrs = {"currency": transactions.attrs.get("currency", "USD"), "end": stop}
    return out

