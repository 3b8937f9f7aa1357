"""Customer economics (客户经济学): CLV, retention, profitability, NPV/IRR.

One module per topic, calculations only:

- ``sales``: annual sales from the customer base, and its inputs measured on a log;
- ``lifetime``: expected lifetime, margin CLV, retention sensitivity, the CLV grid;
- ``discounting``: NPV, IRR, payback, cumulative cash flows, per-period discount rates;
- ``profitability``: customer delivered value and customer profitability;
- ``rules_of_thumb``: the sources' rules of thumb as parameters;
- ``teaching``: the numbers of the teaching sheet;
- ``clv``: CLV from fitted transaction and spend models.

``narrative`` words the results (English or Chinese, from the label table); ``formulas`` gathers
the closed-form teaching formulas under their former module path.
"""

from __future__ import annotations

from .clv import customer_lifetime_value, customer_margin
from .discounting import cumulative_cash_flows, irr, npv, payback_period, per_period_discount_rate
from .lifetime import clv_retention_grid, expected_lifetime, margin_clv, retention_sensitivity
from .narrative import retention_choice_note, teaching_conclusion
from .profitability import customer_delivered_value, customer_profitability
from .rules_of_thumb import (
    ACQUISITION_TO_RETENTION_COST_RATIO,
    DEALS_PER_SATISFIED_CUSTOMER,
    PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER,
    acquisition_cost_from_retention_cost,
    word_of_mouth,
)
from .sales import annual_sales, observed_economics
from .teaching import teaching_sheet

__all__ = [
    "ACQUISITION_TO_RETENTION_COST_RATIO",
    "DEALS_PER_SATISFIED_CUSTOMER",
    "PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER",
    "acquisition_cost_from_retention_cost",
    "annual_sales",
    "clv_retention_grid",
    "cumulative_cash_flows",
    "customer_delivered_value",
    "customer_profitability",
    "expected_lifetime",
    "irr",
    "margin_clv",
    "npv",
    "observed_economics",
    "payback_period",
    "retention_sensitivity",
    "teaching_sheet",
    "retention_choice_note",
    "teaching_conclusion",
    "word_of_mouth",
    "customer_lifetime_value",
    "customer_margin",
    "per_period_discount_rate",
]
