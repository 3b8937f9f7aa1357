"""Worked examples (算例) of the customer economics formulas, as text generated from the numbers.

Each function computes its result with the formula function of the package and writes the
formula, the numbers put into it and the result as one Markdown line (the formula in ``$...$``
LaTeX, the words in English or Chinese from the label table), so the text a page shows can never
disagree with the numbers it was given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..labels import TABLE, check_lang, label, say
from .lifetime import expected_lifetime
from .profitability import customer_delivered_value, customer_profitability, roi
from .rules_of_thumb import (
    ACQUISITION_TO_RETENTION_COST_RATIO,
    ACQUISITION_TO_RETENTION_COST_RATIO_001,
    DEALS_PER_SATISFIED_CUSTOMER,
    NEW_CUSTOMERS_PER_LOST_CUSTOMER,
    PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER,
    acquisition_cost_from_retention_cost,
    replacement_cost,
    word_of_mouth,
)
from .sales import annual_sales

__all__ = [
    "acquisition_cost_formula",
    "annual_sales_formula",
    "delivered_value_formula",
    "expected_lifetime_formula",
    "number_tex",
    "profitability_formula",
    "roi_formula",
    "rules_of_thumb_note",
]


def number_tex(value: float, digits: int = 2) -> str:
    """A number for LaTeX: thousands separated (``1{,}000``), at most ``digits`` decimals, trailing
    zeros dropped (``0.80`` -> ``0.8``, ``50.0`` -> ``50``)."""
    value = float(value)
    if not math.isfinite(value):
        return r"\infty" if value > 0 else (r"-\infty" if value < 0 else r"\text{–}")
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", "{,}")


#: The colon after a bold name: an ASCII colon and space in English, a full-width one in Chinese.
_COLON = {"en": ": ", "zh": "："}


def _line(what: str, math_text: str, unit: str, lang: str) -> str:
    return f"**{what}**{_COLON[lang]}${math_text}$ {unit}".rstrip()


def _parts(name: str, value: Any) -> tuple[list[tuple[str, float]], float]:
    if isinstance(value, Mapping):
        items = [(str(k), float(v)) for k, v in value.items()]
        return items, float(sum(v for _, v in items))
    return [(name, float(value))], float(value)


def _component(key: str, lang: str) -> str:
    full = f"econ_component_{key}"
    return label(full, lang) if full in TABLE else key


def annual_sales_formula(customers: float, retention_rate: float, monthly_transactions: float,
                         average_transaction_value: float, *, currency: str = "USD",
                         lang: str = "en") -> str:
    """Annual sales (年销售额) with the numbers put into the formula, in Markdown.

    Examples
    --------
    >>> annual_sales_formula(1000, 0.8, 2, 50, currency="CNY")
    '**Annual sales**: $S = N \\\\cdot r \\\\cdot f \\\\cdot 12 \\\\cdot \\\\bar v = 1{,}000 \\\\times 0.8 \\\\times 2 \\\\times 12 \\\\times 50 = 960{,}000$ CNY per year'
    """
    check_lang(lang)
    s = annual_sales(customers, retention_rate, monthly_transactions, average_transaction_value)
    tex = (r"S = N \cdot r \cdot f \cdot 12 \cdot \bar v = "
           + r" \times ".join(number_tex(x) for x in (customers, retention_rate,
                                                       monthly_transactions, 12,
                                                       average_transaction_value))
           + f" = {number_tex(s, 0)}")
    return _line(label("econ_annual_sales", lang), tex,
                 say("econ_unit_per_year", lang, currency=currency), lang)


def expected_lifetime_formula(retention_rate: float, *, lang: str = "en") -> str:
    """Expected lifetime (平均客户生命周期) ``1/(1 - r)`` with the number put in, in Markdown."""
    check_lang(lang)
    life = expected_lifetime(retention_rate)
    tex = (rf"L = \frac{{1}}{{1-r}} = \frac{{1}}{{1-{number_tex(retention_rate, 4)}}}"
           f" = {number_tex(life)}")
    return _line(label("econ_expected_lifetime", lang), tex, label("econ_years", lang), lang)


def delivered_value_formula(total_value: Any, total_cost: Any, *, currency: str = "USD",
                            lang: str = "en") -> str:
    """Customer delivered value (客户让渡价值) ``Vc = Fc - Cc`` with its components, in Markdown.

    Parameters
    ----------
    total_value, total_cost : float or mapping
        As in :func:`customer_delivered_value`: a mapping of components (product, service,
        personnel, image value; money, time, energy, psychic cost) is summed and each component
        is named (in ``lang`` when it is one of these).

    Returns
    -------
    str
        Two lines: the formula with the sums and the result, then the components.
    """
    check_lang(lang)
    vc = customer_delivered_value(total_value, total_cost)
    value_parts, fc = _parts("value", total_value)
    cost_parts, cc = _parts("cost", total_cost)

    def group(parts: list[tuple[str, float]]) -> str:
        inner = " + ".join(number_tex(v) for _, v in parts)
        return f"({inner})" if len(parts) > 1 else inner

    tex = (f"V_c = F_c - C_c = {group(value_parts)} - {group(cost_parts)}"
           + (f" = {number_tex(fc)} - {number_tex(cc)}" if len(value_parts) + len(cost_parts) > 2
              else "")
           + f" = {number_tex(vc)}")
    sep = label("crm_list_separator", lang)

    def named(parts: list[tuple[str, float]]) -> str:
        return sep.join(f"{_component(k, lang)} {number_tex(v).replace('{,}', ',')}"
                        for k, v in parts)

    first = _line(label("econ_delivered_value", lang), tex, currency, lang)
    second = say("econ_delivered_value_parts", lang, value_parts=named(value_parts),
                 cost_parts=named(cost_parts), currency=currency)
    return f"{first}  \n{second}"


def profitability_formula(revenue: float, *, cost_of_goods: float = 0.0,
                          cost_to_serve: float = 0.0, payment_delay_days: float = 0.0,
                          cost_of_capital: float = 0.10, days_per_year: float = 365.0,
                          currency: str = "USD", lang: str = "en") -> str:
    """Customer profitability (客户盈利能力) after cost to serve and payment delay, with the
    numbers put into the formula of :func:`customer_profitability`, in Markdown."""
    check_lang(lang)
    p = customer_profitability(revenue, cost_of_goods=cost_of_goods, cost_to_serve=cost_to_serve,
                               payment_delay_days=payment_delay_days,
                               cost_of_capital=cost_of_capital, days_per_year=days_per_year)
    r = number_tex(revenue)
    tex = (r"\pi = R - C_{goods} - C_{serve} - R \cdot k \cdot \frac{D}{" + number_tex(days_per_year)
           + "} = " + f"{r} - {number_tex(cost_of_goods)} - {number_tex(cost_to_serve)} - {r}"
           + rf" \times {number_tex(cost_of_capital, 4)} \times \frac{{{number_tex(payment_delay_days)}}}"
           + f"{{{number_tex(days_per_year)}}} = {number_tex(float(p['profit']))}")
    line = _line(label("econ_profitability", lang), tex, currency, lang)
    share = float(p["profit_margin"])
    if math.isfinite(share):
        line += say("econ_profit_margin_note", lang, share=share)
    return line


def roi_formula(gain: float, investment: float, *, currency: str = "USD", lang: str = "en") -> str:
    """Return on investment (投资回报率) ``(G - I)/I`` with the numbers put in, in Markdown.

    Examples
    --------
    >>> roi_formula(15000, 10000, currency="CNY")
    '**Return on investment (ROI)**: $ROI = \\\\frac{G - I}{I} = \\\\frac{15{,}000 - 10{,}000}{10{,}000} = 50\\\\%$'
    """
    check_lang(lang)
    value = roi(gain, investment)
    tex = (rf"ROI = \frac{{G - I}}{{I}} = \frac{{{number_tex(gain, 0)} - {number_tex(investment, 0)}}}"
           rf"{{{number_tex(investment, 0)}}} = {number_tex(100 * value, 1)}\%")
    return _line(label("econ_roi", lang), tex, "", lang)


def acquisition_cost_formula(retention_cost: float, *,
                             ratio: float = ACQUISITION_TO_RETENTION_COST_RATIO,
                             currency: str = "USD", lang: str = "en") -> str:
    """Acquisition cost from the retention cost by rule of thumb, ``A = ratio x C``, as LaTeX
    (``$A = 6 \\times 50 = 300$``) followed by the currency."""
    check_lang(lang)
    a = acquisition_cost_from_retention_cost(retention_cost, ratio=ratio)
    return (rf"$A = {number_tex(ratio)} \times {number_tex(retention_cost)} = {number_tex(a)}$ "
            f"{currency}")


def rules_of_thumb_note(
    *,
    retention_cost: float,
    satisfied: float,
    dissatisfied: float,
    customers: float,
    retention_rate: float,
    acquisition_cost: float,
    ratio: float = ACQUISITION_TO_RETENTION_COST_RATIO,
    ratio_001: float = ACQUISITION_TO_RETENTION_COST_RATIO_001,
    deals_per_satisfied: float = DEALS_PER_SATISFIED_CUSTOMER,
    closing_rate: float = 1.0 / 8.0,
    influenced_per_dissatisfied: float = PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER,
    new_per_lost: float = NEW_CUSTOMERS_PER_LOST_CUSTOMER,
    currency: str = "USD",
    lang: str = "en",
) -> str:
    """The sources' rules of thumb (经验法则) worked out on the page's numbers, as Markdown bullets.

    Parameters
    ----------
    retention_cost : float
        Cost of keeping one customer a year (currency).
    satisfied, dissatisfied : float
        Numbers of satisfied and dissatisfied customers (word of mouth).
    customers, retention_rate : float
        Customer base and annual retention: ``customers x (1 - retention_rate)`` are lost a year.
    acquisition_cost : float
        Cost of winning one customer (currency), prices the replacement of lost customers.
    ratio, ratio_001 : float
        Acquisition / retention cost: 6 (source 000) and 10 (source 001).
    deals_per_satisfied, closing_rate, influenced_per_dissatisfied : float
        Word of mouth: 8 potential deals, one of 8 closing, 25 people influenced (source 000).
    new_per_lost : float
        New customers needed to replace one lost customer (3).
    currency : str
    lang : {"en", "zh"}

    Returns
    -------
    str
        Four bullet points: acquisition versus retention cost (6x and 10x), the satisfied and the
        dissatisfied customers' word of mouth, and the cost of replacing the year's lost
        customers; every number computed by :mod:`clvmodels.economics.rules_of_thumb`.
    """
    check_lang(lang)
    wom = word_of_mouth(satisfied, dissatisfied, deals_per_satisfied=deals_per_satisfied,
                        closing_rate=closing_rate,
                        influenced_per_dissatisfied=influenced_per_dissatisfied)
    lost = float(customers) * (1.0 - float(retention_rate))
    rep = replacement_cost(lost, acquisition_cost, new_per_lost=new_per_lost)
    deals = float(wom["potential_deals"])
    lines = [
        say("econ_rule_acquisition", lang, ratio=ratio, ratio_001=ratio_001,
            math=acquisition_cost_formula(retention_cost, ratio=ratio, currency=currency, lang=lang),
            math_001=acquisition_cost_formula(retention_cost, ratio=ratio_001, currency=currency,
                                              lang=lang)),
        say("econ_rule_satisfied", lang, deals=deals_per_satisfied,
            math=rf"${number_tex(satisfied)} \times {number_tex(deals_per_satisfied)} = "
                 f"{number_tex(deals)}$",
            math_closed=rf"${number_tex(deals)} \times {number_tex(closing_rate, 4)} = "
                        f"{number_tex(float(wom['expected_closed_deals']))}$"),
        say("econ_rule_dissatisfied", lang, each=influenced_per_dissatisfied, n=number_tex(dissatisfied).replace("{,}", ","),
            math=rf"${number_tex(dissatisfied)} \times {number_tex(influenced_per_dissatisfied)} = "
                 f"{number_tex(float(wom['people_influenced_negatively']))}$"),
        say("econ_rule_replacement", lang,
            lost=rf"$N(1-r) = {number_tex(customers)} \times (1 - {number_tex(retention_rate, 4)})"
                 f" = {number_tex(lost)}$",
            new=rf"${number_tex(new_per_lost)} \times {number_tex(lost)} = "
                f"{number_tex(float(rep['new_customers_needed']))}$",
            k=new_per_lost,
            cost=rf"${number_tex(float(rep['new_customers_needed']))} \times "
                 rf"{number_tex(acquisition_cost)} = {number_tex(float(rep['replacement_cost']))}$",
            currency=currency),
    ]
    return "\n".join(f"- {line}" for line in lines)
