"""The numbers of the data audit: what was read, what was rejected, the shape of the customer base."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..features import customer_features
from ..labels import check_lang, label

__all__ = ["audit_transactions", "capture_warnings"]

T = TypeVar("T")


def capture_warnings(func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, list[str]]:
    """Call ``func`` and return its result with the messages of the warnings it raised.

    Used to show, in a report, every row that reading excluded or altered (the readers count
    them in :class:`clvmodels.DataWarning` messages).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [f"{w.category.__name__}: {w.message}" for w in caught]


def audit_transactions(
    transactions: pd.DataFrame, *, observation_end: Any = None, lang: str = "en"
) -> pd.DataFrame:
    """Headline facts of a transaction log, one row per fact, with units.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    observation_end : date-like, optional
        Reference date; defaults to the last transaction.
    lang : {"en", "zh"}
        Language of the ``metric`` column.

    Returns
    -------
    DataFrame
        Columns ``key``, ``metric`` (label in ``lang``), ``value`` and ``unit``: rows, customers,
        orders, first and last date, span (days), revenue (currency), repeat-purchase rate
        (share of customers with two or more purchase days), mean and median spend per customer,
        mean purchase days per customer, zero-amount rows.
    """
    check_lang(lang)
    feats = customer_features(transactions, observation_end=observation_end)
    currency = transactions.attrs.get("currency", "USD")
    n_rows = len(transactions)
    first, last = transactions["date"].min(), transactions["date"].max()
    # (key, label key of the metric, value, unit)
    facts: list[tuple[str, str, Any, str]] = [
        ("rows", "audit_rows", n_rows, ""),
        ("customers", "customers", len(feats), ""),
        ("orders", "orders", int(feats["n_orders"].sum()), ""),
        ("first_date", "audit_first_date", first.date().isoformat(), ""),
        ("last_date", "audit_last_date", last.date().isoformat(), ""),
        ("span_days", "audit_span_days", int((last - first).days), label("unit_D", lang)),
        ("revenue", "revenue", round(float(feats["total_spend"].sum()), 2), currency),
        (
            "repeat_rate",
            "repeat_rate",
            round(float((feats["n_purchase_days"] > 1).mean()), 4),
            label("audit_unit_share_of_customers", lang),
        ),
        (
            "mean_spend",
            "audit_mean_spend",
            round(float(feats["total_spend"].mean()), 2),
            currency,
        ),
        (
            "median_spend",
            "audit_median_spend",
            round(float(feats["total_spend"].median()), 2),
            currency,
        ),
        (
            "mean_purchase_days",
            "audit_mean_purchase_days",
            round(float(feats["n_purchase_days"].mean()), 3),
            "",
        ),
        (
            "zero_amount_rows",
            "audit_zero_amount_rows",
            int(np.sum(transactions["amount"].to_numpy() == 0)),
            "",
        ),
    ]
    rows = [(key, label(metric, lang), value, unit) for key, metric, value, unit in facts]
    out = pd.DataFrame(rows, columns=["key", "metric", "value", "unit"])
    out.attrs.update(currency=currency)
    return out
