"""Rules of thumb (经验法则) the source texts quote, as parameters with their defaults.

Winning a new customer costs 6 times keeping one; a satisfied customer brings 8 potential deals,
one of which closes; a dissatisfied one influences 25 people.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._checks import check_positive, check_probability
from ._arrays import wrap
from ._checks import check_nonnegative

__all__ = [
    "ACQUISITION_TO_RETENTION_COST_RATIO",
    "DEALS_PER_SATISFIED_CUSTOMER",
    "PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER",
    "acquisition_cost_from_retention_cost",
    "word_of_mouth",
]

#: Rule of thumb (source 000): winning a new customer costs 6 times keeping an existing one.
ACQUISITION_TO_RETENTION_COST_RATIO = 6.0
#: Rule of thumb (source 000): a satisfied customer brings 8 potential deals (one of which closes).
DEALS_PER_SATISFIED_CUSTOMER = 8.0
#: Rule of thumb (source 000): a dissatisfied customer influences 25 people's intention to buy.
PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER = 25.0


def acquisition_cost_from_retention_cost(
    retention_cost: Any, *, ratio: float = ACQUISITION_TO_RETENTION_COST_RATIO
) -> Any:
    """Cost of acquiring a customer (获客成本) from the cost of retaining one, by rule of thumb.

    Parameters
    ----------
    retention_cost : float or array-like
        Cost of keeping an existing customer (保留成本), in currency, >= 0.
    ratio : float, keyword-only
        Acquisition cost / retention cost (default 6, source 000: "争取一位新顾客所花费的成本是保住
        一位老顾客的6倍").

    Returns
    -------
    float, ndarray or Series
        Acquisition cost, in currency.

    Notes
    -----
    .. math:: A = \\rho \\cdot C_{retain}, \\quad \\rho = 6
    """
    c = check_nonnegative("retention_cost", retention_cost)
    rho = check_positive("ratio", ratio, allow_zero=True)
    return wrap(c * rho, retention_cost)


def word_of_mouth(
    satisfied: float,
    dissatisfied: float,
    *,
    deals_per_satisfied: float = DEALS_PER_SATISFIED_CUSTOMER,
    closing_rate: float = 1.0 / 8.0,
    influenced_per_dissatisfied: float = PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER,
) -> pd.Series:
    """Word of mouth (口碑效应) of satisfied and dissatisfied customers, by rule of thumb.

    Parameters
    ----------
    satisfied, dissatisfied : float
        Numbers of satisfied and dissatisfied customers, >= 0.
    deals_per_satisfied : float, keyword-only
        Potential deals a satisfied customer brings (default 8, source 000).
    closing_rate : float, keyword-only
        Share of those deals that close (default 1/8: "其中一笔成交").
    influenced_per_dissatisfied : float, keyword-only
        People whose intention to buy a dissatisfied customer influences (default 25).

    Returns
    -------
    Series
        ``potential_deals``, ``expected_closed_deals`` and ``people_influenced_negatively``
        (counts).

    Notes
    -----
    .. math:: D = 8 S, \\quad D_{closed} = D / 8, \\quad I = 25 U
    """
    s = check_positive("satisfied", satisfied, allow_zero=True)
    u = check_positive("dissatisfied", dissatisfied, allow_zero=True)
    k = check_positive("deals_per_satisfied", deals_per_satisfied, allow_zero=True)
    c = check_probability("closing_rate", closing_rate)
    i = check_positive("influenced_per_dissatisfied", influenced_per_dissatisfied, allow_zero=True)
    return pd.Series(
        {
            "potential_deals": s * k,
            "expected_closed_deals": s * k * c,
            "people_influenced_negatively": u * i,
        },
        name="word_of_mouth",
    )

