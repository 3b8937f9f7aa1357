"""Customer economics (客户经济学): CLV, retention, profitability, NPV/IRR.

One module per topic, calculations only:

- ``sales``: annual sales from the customer base, and its inputs measured on a log;
- ``lifetime``: expected lifetime, margin CLV, retention sensitivity, the CLV grid;
- ``discounting``: NPV, IRR, payback, cumulative cash flows, per-period discount rates;
- ``profitability``: customer delivered value and customer profitability;
- ``rules_of_thumb``: the sources' rules of thumb as parameters;
- ``teaching``: the numbers of the teaching sheet;
- ``clv``: CLV from fitted transaction and spend models;
- ``contracts``: one retention rate against the sBG model on a contract cohort.

``narrative`` words the results (English or Chinese, from the label table); ``formulas`` gathers
the closed-form teaching formulas under their former module path.
"""

from __future__ import annotations

from .clv import customer_lifetime_value, customer_margin, per_period_discount_rate
from .contracts import read_survival_table, retention_projection
from .formulas import *  # noqa: F403  (the closed-form formulas, one module per topic)
from .formulas import __all__ as _formulas_all
from .narrative import retention_choice_note, retention_projection_note

__all__ = [
    *_formulas_all,
    "customer_lifetime_value",
    "customer_margin",
    "per_period_discount_rate",
    "read_survival_table",
    "retention_choice_note",
    "retention_projection",
    "retention_projection_note",
]
