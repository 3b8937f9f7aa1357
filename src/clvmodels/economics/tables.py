"""Economics results for reading: labelled rows and columns, numbers with their units.

:func:`format_economics` is what notebook 08 shows instead of a raw Series or DataFrame of the
economics functions: every known quantity gets its label (keys ``econ_col_<name>``) in the
chosen language and its unit (money with the currency, shares as percentages, years, days,
counts with thousands separators).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..labels import TABLE, check_lang, label

__all__ = ["ECONOMICS_KINDS", "format_economics"]

_MONEY = (
    "revenue", "cost_of_goods", "gross_margin", "cost_to_serve", "financing_cost", "profit",
    "order_cost", "contact_cost", "complaint_cost", "cash_flow", "present_value", "cumulative",
    "cumulative_present_value", "clv_before", "clv_after", "profit_before", "profit_after",
    "sales_formula", "sales_retained", "sales_total", "average_transaction_value",
    "total_profit", "profit_of_profitable", "value_destroyed", "replacement_cost", "clv",
)
_SHARE = (
    "profit_margin", "retention_before", "retention_after", "retention_rate", "margin_rate",
    "share_unprofitable", "revenue_share_unprofitable", "peak_share", "cost_to_serve_share",
    "revenue_top_share", "roi",
)
_PERCENT = ("lifetime_change_pct", "clv_change_pct", "profit_change_pct")
_YEARS = ("lifetime_before", "lifetime_after", "expected_lifetime")
_DAYS = ("period_days", "payment_delay_days")
_COUNT = (
    "customers", "retained", "new_customers", "potential_deals", "expected_closed_deals",
    "people_influenced_negatively", "orders", "n_customers", "n_unprofitable", "lost_customers",
    "new_customers_needed", "revenue_rank",
)
_NUMBER = ("monthly_transactions",)

#: The kind of each quantity the economics functions return: "money", "share" (0.05 -> 5.0%),
#: "percent" (already x100), "years", "days", "count" or "number".
ECONOMICS_KINDS: dict[str, str] = {
    **{n: "money" for n in _MONEY}, **{n: "share" for n in _SHARE},
    **{n: "percent" for n in _PERCENT}, **{n: "years" for n in _YEARS},
    **{n: "days" for n in _DAYS}, **{n: "count" for n in _COUNT},
    **{n: "number" for n in _NUMBER},
}


def _fmt(value: Any, kind: str, currency: str, lang: str) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "∞" if x == math.inf else "–"
    if kind == "money":
        return f"{x:,.2f} {currency}".strip()
    if kind == "share":
        return f"{x:.1%}"
    if kind == "percent":
        return f"{x:.1f}%"
    if kind == "years":
        return f"{x:,.2f} {label('econ_years', lang)}"
    if kind == "days":
        return f"{x:,.1f} {label('unit_D', lang)}"
    if kind == "count":
        return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 else f"{x:,.2f}"
    return f"{x:,.2f}"


def _name(name: Any, lang: str) -> Any:
    key = f"econ_col_{name}"
    if isinstance(name, str) and key in TABLE:
        return label(key, lang)
    return label(name, lang) if isinstance(name, str) else name


def format_economics(frame: pd.Series | pd.DataFrame, lang: str = "en", *, currency: str = "",
                     title: str = "") -> pd.DataFrame:
    """A table of economics results for display, in ``lang`` with units.

    Parameters
    ----------
    frame : Series or DataFrame
        A Series of named quantities (e.g. :func:`retention_sensitivity`,
        :func:`customer_profitability`, :func:`observed_economics`): one labelled row each; or a
        DataFrame whose columns are quantities (e.g. :func:`cumulative_cash_flows`,
        :func:`profitability_by_customer`).
    lang : {"en", "zh"}
    currency : str
        Currency shown after money amounts.
    title : str
        Column heading of a Series' values (default none).

    Returns
    -------
    DataFrame
        Every cell a string; rows or columns labelled (``econ_col_<name>``).
    """
    check_lang(lang)
    if isinstance(frame, pd.Series):
        values = [_fmt(v, ECONOMICS_KINDS.get(str(k), "number"), currency, lang)
                  for k, v in frame.items()]
        index = pd.Index([_name(k, lang) for k in frame.index], dtype=object)
        return pd.DataFrame({title: values}, index=index)
    out = pd.DataFrame(index=frame.index)
    for i, column in enumerate(frame.columns):
        kind = ECONOMICS_KINDS.get(str(column), "number")
        out[i] = [_fmt(v, kind, currency, lang) for v in frame.iloc[:, i]]
    out.columns = pd.Index([_name(c, lang) for c in frame.columns], dtype=object)
    if frame.index.dtype.kind not in "iuf":
        out.index = pd.Index([_name(v, lang) for v in frame.index], dtype=object)
    if frame.index.name is not None:
        out.index.name = _name(frame.index.name, lang)
    return out

