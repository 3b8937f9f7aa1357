"""The numbers of the data audit: what was read, what was rejected, the shape of the customer base."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..features import customer_features
from ..labels import check_lang, label

__all__ = ["audit_transactions", "capture_warnings", "format_audit", "tables_read"]

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


#: Facts shown as a percentage, as money (two decimals) and with two decimals.
_PERCENT_FACTS = ("repeat_rate",)
_MONEY_FACTS = ("revenue", "mean_spend", "median_spend")


def format_audit(audit: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The facts of :func:`audit_transactions` for display, one row per fact.

    Parameters
    ----------
    audit : DataFrame
        Output of :func:`audit_transactions` (its ``metric`` and ``unit`` are already in the
        language it was made in).
    lang : {"en", "zh"}
        Language of the column names.

    Returns
    -------
    DataFrame
        Indexed by the fact's name; columns value (counts with thousands separators, the
        repeat-purchase rate as a percentage, money with two decimals) and unit; every cell a
        string.
    """
    check_lang(lang)
    values = []
    for key, value in zip(audit["key"], audit["value"], strict=True):
        if key in _PERCENT_FACTS:
            values.append(f"{float(value):.1%}")
        elif key in _MONEY_FACTS or isinstance(value, float | np.floating):
            values.append(f"{float(value):,.2f}")
        elif isinstance(value, int | np.integer):
            values.append(f"{int(value):,}")
        else:
            values.append(str(value))
    out = pd.DataFrame(
        {label("audit_col_value", lang): values, label("audit_col_unit", lang): list(audit["unit"])},
        index=pd.Index(list(audit["metric"]), name=label("audit_col_metric", lang)),
    )
    return out


def tables_read(db: Any, lang: str = "en") -> pd.DataFrame:
    """The tables of a CRM database (客户数据库): which were read, their size and what each enables.

    Parameters
    ----------
    db : CRMDatabase
        The database of the run.
    lang : {"en", "zh"}
        Language of the ``audit_col_enables`` column.

    Returns
    -------
    DataFrame
        One row per CRM table (:data:`clvmodels.crm.TABLES`, in that order), indexed by table
        key: ``audit_col_rows`` and ``audit_col_columns`` (NaN when the data has no such table),
        ``audit_col_customers`` (distinct customer ids in it) and ``audit_col_enables`` (what the
        table makes possible, in ``lang``). Show it with ``format_table(t, lang, integer=[...])``
        (index and column names are label keys).
    """
    from ..crm import TABLES

    check_lang(lang)
    rows = []
    for name in TABLES:
        frame = getattr(db, name, None)
        ids = "referrer_id" if name == "referrals" else "customer_id"
        has = frame is not None
        rows.append({
            "table": f"crm_table_{name}",
            "audit_col_rows": float(len(frame)) if has else np.nan,
            "audit_col_columns": float(frame.shape[1]) if has else np.nan,
            "audit_col_customers": (float(frame[ids].nunique()) if has and ids in frame.columns
                                    else np.nan),
            "audit_col_enables": label(f"crm_enables_{name}", lang),
        })
    return pd.DataFrame(rows).set_index("table").rename_axis("audit_col_table")
