"""Data audit (数据审核): what was read, what was rejected, and the shape of the customer base."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from .features import customer_features
from .labels import check_lang, label

__all__ = ["audit_transactions", "audit_text", "capture_warnings"]

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
    zh = lang == "zh"
    n_rows = len(transactions)
    first, last = transactions["date"].min(), transactions["date"].max()
    facts: list[tuple[str, str, Any, str]] = [
        ("rows", "交易行数" if zh else "Transaction rows", n_rows, ""),
        ("customers", label("customers", lang), len(feats), ""),
        ("orders", label("orders", lang), int(feats["n_orders"].sum()), ""),
        ("first_date", "首笔交易日期" if zh else "First transaction", first.date().isoformat(), ""),
        ("last_date", "末笔交易日期" if zh else "Last transaction", last.date().isoformat(), ""),
        ("span_days", "时间跨度" if zh else "Span", int((last - first).days), label("unit_D", lang)),
        ("revenue", label("revenue", lang), round(float(feats["total_spend"].sum()), 2), currency),
        (
            "repeat_rate",
            label("repeat_rate", lang),
            round(float((feats["n_purchase_days"] > 1).mean()), 4),
            "share of customers" if not zh else "占客户比例",
        ),
        (
            "mean_spend",
            "客户平均消费" if zh else "Mean spend per customer",
            round(float(feats["total_spend"].mean()), 2),
            currency,
        ),
        (
            "median_spend",
            "客户消费中位数" if zh else "Median spend per customer",
            round(float(feats["total_spend"].median()), 2),
            currency,
        ),
        (
            "mean_purchase_days",
            "客户平均购买天数" if zh else "Mean purchase days per customer",
            round(float(feats["n_purchase_days"].mean()), 3),
            "",
        ),
        (
            "zero_amount_rows",
            "零金额交易行" if zh else "Zero-amount rows",
            int(np.sum(transactions["amount"].to_numpy() == 0)),
            "",
        ),
    ]
    out = pd.DataFrame(facts, columns=["key", "metric", "value", "unit"])
    out.attrs.update(currency=currency)
    return out


def audit_text(audit: pd.DataFrame, messages: list[str], *, lang: str = "en") -> str:
    """A plain-language conclusion of the audit, built from its numbers (Markdown)."""
    check_lang(lang)
    v = dict(zip(audit["key"], audit["value"], strict=True))
    cur = audit.attrs.get("currency", "USD")
    if lang == "zh":
        text = (
            f"共读取 {v['rows']:,} 行交易，涉及 {v['customers']:,} 位客户，时间从 {v['first_date']} "
            f"到 {v['last_date']}，销售收入合计 {v['revenue']:,.2f} {cur}。"
            f"重复购买率为 {v['repeat_rate']:.1%}：其余客户只购买过一次，"
            f"这正是概率模型 (BG/NBD) 需要区分 \"沉睡\" 与 \"流失\" 的原因。"
        )
        text += f" 读取时排除或修改了数据的提示 {len(messages)} 条。" if messages else " 读取时没有排除任何数据。"
    else:
        text = (
            f"{v['rows']:,} transaction rows from {v['customers']:,} customers were read, "
            f"{v['first_date']} to {v['last_date']}, {v['revenue']:,.2f} {cur} of revenue. "
            f"{v['repeat_rate']:.1%} of customers bought on more than one day; the rest bought "
            f"once, which is why a probabilistic model (BG/NBD) is needed to tell a quiet "
            f"customer from a lost one."
        )
        text += (
            f" Reading excluded or altered data in {len(messages)} reported case(s), listed above."
            if messages else " Reading excluded no rows."
        )
    return text
