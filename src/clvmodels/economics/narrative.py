"""Words for the customer economics numbers (客户经济学结论), in English or Chinese.

The sentences are templates in the bilingual label table (``clvmodels.labels``, keys
``econ_conclusion_*``); this module fills them with the numbers the calculation modules computed.
"""

from __future__ import annotations

import math

import pandas as pd

from ..labels import check_lang, label

__all__ = ["teaching_conclusion"]


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
