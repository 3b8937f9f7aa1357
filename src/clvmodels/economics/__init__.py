"""Customer economics (客户经济学): CLV, retention, profitability, NPV/IRR.

One module per topic, calculations only:

- ``sales``: annual sales from the customer base, and its inputs measured on a log;
- ``lifetime``: expected lifetime, margin CLV, retention sensitivity, the CLV grid;
- ``discounting``: NPV, IRR, payback, cumulative cash flows, per-period discount rates;
- ``profitability``: customer delivered value, customer profitability (one customer or every
  customer of a CRM database, with activity-based cost to serve) and ROI;
- ``rules_of_thumb``: the sources' rules of thumb as parameters;
- ``teaching``: the numbers of the teaching sheet;
- ``clv``: CLV from fitted transaction and spend models;
- ``contracts``: one retention rate against the sBG model on a contract cohort.

``worked`` writes each formula with the numbers put into it (worked examples, from the same
numbers as the result); ``tables`` formats results for display; ``narrative`` words the results (English or Chinese, from the label table); ``formulas`` gathers
the closed-form teaching formulas under their former module path.
"""

from __future__ import annotations

from .clv import customer_lifetime_value, customer_margin, per_period_discount_rate
from .contracts import read_survival_table, retention_projection
from .formulas import *  # noqa: F403  (the closed-form formulas, one module per topic)
from .formulas import __all__ as _formulas_all
from .narrative import (
    big_customer_note,
    missing_cost_data_note,
    profitability_note,
    retention_choice_note,
    retention_projection_note,
)
from .tables import ECONOMICS_KINDS, format_economics
from .worked import (
    acquisition_cost_formula,
    annual_sales_formula,
    delivered_value_formula,
    expected_lifetime_formula,
    number_tex,
    profitability_formula,
    roi_formula,
    rules_of_thumb_note,
)

__all__ = [
    *_formulas_all,
    "ECONOMICS_KINDS",
    "acquisition_cost_formula",
    "annual_sales_formula",
    "big_customer_note",
    "customer_lifetime_value",
    "customer_margin",
    "delivered_value_formula",
    "expected_lifetime_formula",
    "format_economics",
    "missing_cost_data_note",
    "number_tex",
    "per_period_discount_rate",
    "profitability_formula",
    "profitability_note",
    "read_survival_table",
    "retention_choice_note",
    "retention_projection",
    "retention_projection_note",
    "roi_formula",
    "rules_of_thumb_note",
]
