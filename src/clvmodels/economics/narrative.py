"""Words for the customer economics numbers (客户经济学结论), in English or Chinese.

The sentences are templates in the bilingual label table (``clvmodels.labels``, keys
``econ_conclusion_*``); this module fills them with the numbers the calculation modules computed.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..labels import check_lang, label, say

__all__ = [
    "big_customer_note",
    "missing_cost_data_note",
    "profitability_note",
    "retention_choice_note",
    "retention_projection_note",
    "teaching_conclusion",
]


def _payback_text(years: float, lang: str) -> str:
    if not math.isfinite(years):
        return label("econ_payback_never", lang)
    return label("econ_payback_in_years", lang).format(years=years)


def teaching_conclusion(sheet: pd.Series, *, retention_rate: float, discount_rate: float,
                        currency: str = "USD", delta: float = 0.05, lang: str = "en") -> str:
    """Conclusion (结论) of the teaching sheet, computed from :func:`teaching_sheet`, in Markdown.

    Parameters
    ----------
    sheet : Series
        Output of :func:`clvmodels.economics.teaching_sheet`.
    retention_rate, discount_rate : float
        The annual retention and discount rates the sheet was computed with.
    currency : str
        Currency of the amounts (default ``"USD"``).
    delta : float
        Retention increase of the sensitivity (default 0.05).
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    str
        Four Markdown bullet points: lifetime and sales, CLV, acquiring a customer (NPV, IRR,
        payback) and the effect of ``delta`` more retention.
    """
    check_lang(lang)
    s = sheet
    lines = [
        label("econ_conclusion_lifetime", lang).format(
            retention_pct=100 * retention_rate, lifetime=s["expected_lifetime"],
            annual_sales=s["annual_sales"], currency=currency),
        label("econ_conclusion_clv", lang).format(
            margin=s["margin_per_customer"], discount_pct=100 * discount_rate, clv=s["clv"],
            clv_after_acquisition=s["clv_after_acquisition"], currency=currency),
        label("econ_conclusion_acquisition", lang).format(
            npv=s["npv"], irr_pct=100 * s["irr"], payback=_payback_text(s["payback_years"], lang),
            currency=currency),
        label("econ_conclusion_sensitivity", lang).format(
            delta_pts=100 * delta, clv_change_pct=s["clv_change_pct"],
            profit_change_pct=s["profit_change_pct"]),
    ]
    return "\n".join(lines)


def retention_choice_note(*, assumed: float, observed: float, lifetime_assumed: float,
                          lifetime_observed: float, clv_assumed: float, clv_observed: float,
                          n_active: int = 0, source: str = "the data", currency: str = "USD",
                          lang: str = "en") -> str:
    """One sentence: which retention rate r the teaching sheet uses, and what the data imply.

    Parameters
    ----------
    assumed : float
        The assumed annual retention rate (the notebook's ``retention_rate`` parameter).
    observed : float
        The annual retention rate measured on the cohorts; NaN when the data cannot give one.
    lifetime_assumed, lifetime_observed : float
        Expected lifetime 1/(1 - r) in years with each rate.
    clv_assumed, clv_observed : float
        Margin CLV with each rate (same currency).
    n_active : int
        Customer-years the observed rate is measured on (customers active in a year whose next
        year is observed).
    source : str
        Name of the data set.
    currency : str
        Currency of the CLVs (default ``"USD"``).
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    str
        One sentence (Markdown): the assumed r is used (a parameter, so the formulas can be
        explored) and, when the data give one, the observed r with its lifetime and CLV and the
        parameter value that would price the data's customers.
    """
    check_lang(lang)
    if not math.isfinite(observed):
        return label("econ_retention_choice_missing", lang).format(
            assumed_pct=100 * assumed, source=source)
    return label("econ_retention_choice_observed", lang).format(
        assumed_pct=100 * assumed, observed_pct=100 * observed, observed=observed,
        lifetime_assumed=lifetime_assumed, lifetime_observed=lifetime_observed,
        clv_assumed=clv_assumed, clv_observed=clv_observed, currency=currency,
        n_active=int(n_active), source=source)


def retention_projection_note(projection: pd.DataFrame, *, lang: str = "en") -> str:
    """What one retention rate gets wrong on a contract cohort, in Markdown bullet points.

    Parameters
    ----------
    projection : DataFrame
        Output of :func:`clvmodels.economics.retention_projection`.
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    str
        The first-period rate and its lifetime ``1/(1 - r)`` against the sBG lifetime (within the
        horizon, and discounted), the observed retention rising with tenure, and the holdout
        errors of both projections when the data have a holdout.
    """
    check_lang(lang)
    a = projection.attrs
    h = a["horizon"]
    rates = projection["observed_retention"].dropna()
    lines = [say("econ_sbg_note_rate", lang, r=a["r"], lifetime=a["lifetime_one_rate"],
                 gamma=a["gamma"], delta=a["delta"], n=a["calibration_periods"])]
    lifetime_sbg = a["lifetime_sbg"]
    key = "econ_sbg_note_lifetime" if math.isfinite(lifetime_sbg) else "econ_sbg_note_lifetime_inf"
    lines.append(say(key, lang, h=h, one=a["lifetime_one_rate_horizon"], sbg=a["lifetime_sbg_horizon"],
                     mean=lifetime_sbg, d=a["discount_rate"], del_one=a["del_one_rate"],
                     del_sbg=a["del_sbg"]))
    if len(rates) >= 2:
        lines.append(say("econ_sbg_note_sorting", lang, first=rates.iloc[0], last=rates.iloc[-1],
                         t_last=int(rates.index[-1])))
    if math.isfinite(a["holdout_error_sbg"]):
        n_hold = int(projection["holdout"].sum())
        lines.append(say("econ_sbg_note_holdout", lang, n=n_hold, one=a["holdout_error_one_rate"],
                         sbg=a["holdout_error_sbg"]))
    return "\n".join(f"- {line}" for line in lines)


def missing_cost_data_note(missing: Any, *, source: str = "", lang: str = "en") -> str:
    """One line: which cost data to add to the database to enable per-customer profitability.

    Parameters
    ----------
    missing : list of (table, column)
        Output of :func:`clvmodels.economics.missing_cost_data`.
    source : str
        Name of the data set.
    lang : {"en", "zh"}
    """
    check_lang(lang)
    sep = label("crm_list_separator", lang)
    items = sep.join(
        say("econ_missing_item", lang, table=t, column=c, name=label(f"crm_table_{t}", lang))
        for t, c in missing)
    return say("econ_profit_missing", lang, source=source, items=items)


def profitability_note(table: pd.DataFrame, summary: pd.Series, *, currency: str = "USD",
                       cost_per_order: float = 0.0, cost_per_complaint: float = 0.0,
                       cost_of_capital: float = 0.10, period: str = "",
                       lang: str = "en") -> str:
    """What per-customer profitability says, in Markdown bullet points.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`clvmodels.economics.profitability_by_customer` (its ``attrs`` say which
        costs were counted).
    summary : Series
        Output of :func:`clvmodels.economics.profitability_summary`.
    currency : str
    cost_per_order, cost_per_complaint, cost_of_capital : float
        The activity cost rates the table was computed with.
    period : str
        The dates counted, e.g. "2023-01-01 – 2024-12-31".
    lang : {"en", "zh"}

    Returns
    -------
    str
        The costs counted; how many customers lose money, their share of revenue, the profit
        earned and destroyed; the whale curve's peak.
    """
    check_lang(lang)
    sources = set(table.attrs.get("sources", []))
    items = []
    if ("contacts", "cost") in sources:
        items.append(label("econ_basis_contacts", lang))
    if ("customers", "complaints") in sources and cost_per_complaint > 0:
        items.append(say("econ_basis_complaints", lang, cost=cost_per_complaint, currency=currency))
    if cost_per_order > 0:
        items.append(say("econ_basis_orders", lang, cost=cost_per_order, currency=currency))
    if ("customers", "payment_delay_days") in sources:
        items.append(say("econ_basis_delay", lang, k=cost_of_capital))
    goods = label(f"econ_goods_{table.attrs.get('cost_basis', 'none')}", lang)
    sep = label("crm_list_separator", lang)
    s = summary
    lines = [
        say("econ_profit_basis", lang, items=sep.join(items) or label("econ_basis_nothing", lang),
            goods=goods),
        say("econ_profit_summary", lang, n_unprofitable=int(s["n_unprofitable"]),
            n_customers=int(s["n_customers"]), share=s["share_unprofitable"],
            revenue_share=s["revenue_share_unprofitable"], gained=s["profit_of_profitable"],
            destroyed=s["value_destroyed"], total=s["total_profit"], currency=currency,
            period=period),
    ]
    if math.isfinite(s["peak_share"]):
        lines.append(say("econ_profit_whale", lang, peak=s["peak_share"]))
    else:
        lines.append(label("econ_profit_whale_negative", lang))
    return "\n".join(f"- {line}" for line in lines)


def big_customer_note(row: pd.Series | None, *, n_customers: int, currency: str = "USD",
                      lang: str = "en") -> str:
    """The source's big client on the data: a top-revenue customer who loses money after cost
    to serve (row of :func:`clvmodels.economics.big_unprofitable_customer`), in one sentence."""
    check_lang(lang)
    if row is None:
        return label("econ_big_customer_none", lang)
    cid = row["customer_id"]
    if isinstance(cid, float) and cid.is_integer():
        cid = int(cid)
    return say("econ_big_customer", lang, customer_id=cid, rank=row["revenue_rank"],
               n=n_customers, top=row["revenue_top_share"], revenue=row["revenue"],
               goods=row["cost_of_goods"], serve=row["cost_to_serve"],
               delay=row["payment_delay_days"], financing=row["financing_cost"],
               loss=-row["profit"], currency=currency)
