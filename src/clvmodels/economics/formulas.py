"""Customer economics formulas (客户经济学公式) of the source texts, as small tested functions.

Every function is a closed form that a student can check by hand. They live in one module per
topic and are gathered here, so ``clvmodels.economics.formulas.<name>`` keeps working:

- :mod:`~clvmodels.economics.sales`: annual sales from the customer count, retention and
  transaction habits, and the same inputs measured on a transaction log;
- :mod:`~clvmodels.economics.lifetime`: expected lifetime from retention, the simple margin CLV
  (as a sum and in closed form), retention sensitivity and the CLV grid for charts;
- :mod:`~clvmodels.economics.discounting`: NPV, IRR and payback period of acquiring a customer,
  and the cumulative cash flows for charts;
- :mod:`~clvmodels.economics.profitability`: customer delivered value, customer
  profitability after cost to serve and payment delay (one customer or every customer of a CRM
  database) and the return on investment (ROI);
- :mod:`~clvmodels.economics.rules_of_thumb`: the rules of thumb the sources quote, as
  parameters with their defaults;
- :mod:`~clvmodels.economics.teaching`: all the numbers of the teaching sheet, and
  :mod:`~clvmodels.economics.narrative`: its conclusion in words.

Rates are *per period* and the period is the caller's (a year in the source texts): a retention
rate of 0.9 per year goes with a discount rate per year and gives a lifetime in years.
Scalar inputs give Python floats; array-like inputs give numpy arrays (pandas Series keep their
index).
"""

from __future__ import annotations

from .discounting import cumulative_cash_flows, irr, npv, payback_period
from .lifetime import clv_retention_grid, expected_lifetime, margin_clv, retention_sensitivity
from .narrative import teaching_conclusion
from .profitability import (
    big_unprofitable_customer,
    cash_flow_roi,
    customer_delivered_value,
    customer_profitability,
    has_cost_to_serve,
    missing_cost_data,
    profitability_by_customer,
    profitability_summary,
    roi,
)
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
from .sales import annual_sales, observed_economics
from .teaching import teaching_sheet

__all__ = [
    "ACQUISITION_TO_RETENTION_COST_RATIO",
    "ACQUISITION_TO_RETENTION_COST_RATIO_001",
    "DEALS_PER_SATISFIED_CUSTOMER",
    "NEW_CUSTOMERS_PER_LOST_CUSTOMER",
    "PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER",
    "acquisition_cost_from_retention_cost",
    "annual_sales",
    "big_unprofitable_customer",
    "cash_flow_roi",
    "clv_retention_grid",
    "cumulative_cash_flows",
    "customer_delivered_value",
    "customer_profitability",
    "expected_lifetime",
    "has_cost_to_serve",
    "irr",
    "margin_clv",
    "missing_cost_data",
    "npv",
    "observed_economics",
    "payback_period",
    "profitability_by_customer",
    "profitability_summary",
    "replacement_cost",
    "retention_sensitivity",
    "roi",
    "teaching_sheet",
    "teaching_conclusion",
    "word_of_mouth",
]
