"""The customer economics teaching sheet (客户经济学练习表): every number of notebook 08.

One call gives the annual sales, lifetime, CLV, the NPV, IRR and payback of acquiring a customer
and the retention sensitivity, per year; :func:`clvmodels.economics.teaching_conclusion` words
them.
"""

from __future__ import annotations

import math

import pandas as pd

from .._checks import check_share
from ..exceptions import ParameterError
from ._checks import check_periods
from .discounting import irr, npv, payback_period
from .lifetime import expected_lifetime, margin_clv, retention_sensitivity
from .sales import MONTHS_PER_YEAR, annual_sales

__all__ = ["teaching_sheet"]


def teaching_sheet(
    *,
    customers: float,
    retention_rate: float,
    monthly_transactions: float,
    average_transaction_value: float,
    margin_rate: float,
    discount_rate: float,
    acquisition_cost: float,
    horizon_years: int | None = None,
    delta: float = 0.05,
) -> pd.Series:
    """All the numbers of the customer economics teaching sheet (客户经济学练习表), per year.

    Parameters
    ----------
    customers : float
        Customers at the start of the year.
    retention_rate : float
        Annual retention rate, in [0, 1).
    monthly_transactions : float
        Transactions per retained customer per month.
    average_transaction_value : float
        Average transaction value, in currency.
    margin_rate : float
        Margin as a share of sales, in [0, 1].
    discount_rate : float
        Annual discount rate, > -1.
    acquisition_cost : float
        Cost of winning one customer, in currency, >= 0.
    horizon_years : int, optional
        Years counted in CLV and the acquisition cash flows; ``None`` = infinite for CLV and
        the expected lifetime rounded up (at least 1) for the cash flows.
    delta : float
        Retention increase for the sensitivity (default 0.05).

    Returns
    -------
    Series
        ``annual_sales`` (currency/year), ``sales_per_customer`` and ``margin_per_customer``
        (currency per retained customer per year), ``expected_lifetime`` (years), ``clv``
        (currency, first margin at t = 0), ``clv_after_acquisition`` (currency),
        ``cash_flow_years`` (years of cash flows counted), ``npv``, ``irr`` (per year),
        ``payback_years`` of acquiring one customer whose expected margin in year t is
        ``m r^(t-1)`` (t = 1, 2, ..., received at the end of year t), and the sensitivity
        ``clv_change_pct`` and ``profit_change_pct`` for ``+delta`` retention.

    Notes
    -----
    .. math:: S = N r f 12 \\bar v, \\quad m = f \\cdot 12 \\cdot \\bar v \\cdot \\mu,
              \\quad L = 1/(1-r), \\quad CLV = m(1+d)/(1+d-r)
    """
    margin_share = check_share("margin_rate", margin_rate, low_closed=True, high_closed=True,
                               example="0.3")
    sales = annual_sales(customers, retention_rate, monthly_transactions, average_transaction_value)
    per_customer = float(monthly_transactions) * MONTHS_PER_YEAR * float(average_transaction_value)
    m = per_customer * margin_share
    life = expected_lifetime(retention_rate)
    clv = margin_clv(m, retention_rate, discount_rate, periods=horizon_years)
    n_years = (check_periods(horizon_years) if horizon_years is not None
               else max(1, math.ceil(round(life, 9))))
    flows = [-float(acquisition_cost)] + [m * float(retention_rate) ** (t - 1)
                                          for t in range(1, n_years + 1)]
    try:
        rate_of_return = irr(flows)
    except ParameterError:
        rate_of_return = math.nan
    sens = retention_sensitivity(m, retention_rate, discount_rate, delta=delta,
                                 acquisition_cost=acquisition_cost, periods=horizon_years)
    return pd.Series(
        {
            "annual_sales": sales,
            "sales_per_customer": per_customer,
            "margin_per_customer": m,
            "expected_lifetime": life,
            "clv": clv,
            "clv_after_acquisition": clv - float(acquisition_cost),
            "cash_flow_years": float(n_years),
            "npv": npv(flows, discount_rate),
            "irr": rate_of_return,
            "payback_years": payback_period(flows, rate=discount_rate),
            "clv_change_pct": float(sens["clv_change_pct"]),
            "profit_change_pct": float(sens["profit_change_pct"]),
        },
        name="teaching_sheet",
    )

