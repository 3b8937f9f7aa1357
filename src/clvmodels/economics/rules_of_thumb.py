"""Rules of thumb (经验法则) the source texts quote, as parameters with their defaults.

Winning a new customer costs 6 times keeping one (source 000; source 001 says 10 times); a
satisfied customer brings 8 potential deals, one of which closes; a dissatisfied one influences 25
people; replacing one lost customer takes several new ones (3 by the rule of thumb quoted with
them).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._checks import check_positive, check_probability
from ._arrays import wrap
from ._checks import check_nonnegative

__all__ = [
    "ACQUISITION_TO_RETENTION_COST_RATIO",
    "ACQUISITION_TO_RETENTION_COST_RATIO_001",
    "DEALS_PER_SATISFIED_CUSTOMER",
    "NEW_CUSTOMERS_PER_LOST_CUSTOMER",
    "PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER",
    "acquisition_cost_from_retention_cost",
    "replacement_cost",
    "word_of_mouth",
]

#: Rule of thumb (source 000): winning a new customer costs 6 times keeping an existing one.
ACQUISITION_TO_RETENTION_COST_RATIO = 6.0
#: The same ratio as source 001 quotes it: "开发一个新客户所需的费用是巩固一个老客户的十倍" (10x).
ACQUISITION_TO_RETENTION_COST_RATIO_001 = 10.0
#: Rule of thumb: replacing one lost customer takes 3 new ones.
NEW_CUSTOMERS_PER_LOST_CUSTOMER = 3.0
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



def replacement_cost(
    lost_customers: Any,
    acquisition_cost: Any,
    *,
    new_per_lost: float = NEW_CUSTOMERS_PER_LOST_CUSTOMER,
) -> pd.Series:
    """What replacing lost customers costs (弥补流失客户的成本), by rule of thumb.

    Parameters
    ----------
    lost_customers : float
        Customers lost (e.g. a year's ``N (1 - r)``), >= 0.
    acquisition_cost : float
        Cost of winning one new customer, in currency, >= 0.
    new_per_lost : float, keyword-only
        New customers needed to replace one lost customer (default 3).

    Returns
    -------
    Series
        ``lost_customers``, ``new_customers_needed`` (count) and ``replacement_cost``
        (currency).

    Notes
    -----
    .. math:: N_{new} = \\kappa L, \\quad C = N_{new} \\cdot A, \\quad \\kappa = 3

    Examples
    --------
    >>> replacement_cost(200, 300)["replacement_cost"]
    np.float64(180000.0)
    """
    lost = float(check_nonnegative("lost_customers", lost_customers))
    a = float(check_nonnegative("acquisition_cost", acquisition_cost))
    k = check_positive("new_per_lost", new_per_lost, allow_zero=True)
    return pd.Series(
        {"lost_customers": lost, "new_customers_needed": k * lost,
         "replacement_cost": k * lost * a},
        name="replacement_cost",
    )
