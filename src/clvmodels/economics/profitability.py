"""Value and profitability of a customer (客户让渡价值与客户盈利能力).

Customer delivered value (total customer value minus total customer cost) and the profit of a
customer after the cost of goods, the cost to serve and the cost of paying late.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import ParameterError
from ._arrays import as_array, wrap
from ._checks import check_nonnegative, check_rate

__all__ = ["customer_delivered_value", "customer_profitability"]


def _total(name: str, value: Any) -> Any:
    if isinstance(value, Mapping):
        if not value:
            raise ParameterError(f"{name} is an empty mapping; pass its components, e.g. "
                                 f"{{'product': 100, 'service': 20}}.")
        parts = [as_array(f"{name}[{k!r}]", v) for k, v in value.items()]
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        return total
    return as_array(name, value)


def customer_delivered_value(total_value: Any, total_cost: Any) -> Any:
    """Customer delivered value (客户让渡价值): total customer value minus total customer cost.

    Parameters
    ----------
    total_value : float, array-like or mapping
        Total customer value Fc (客户总价值 / 感知利得), in currency; a mapping of components
        (product, service, personnel and image value) is summed.
    total_cost : float, array-like or mapping
        Total customer cost Cc (客户总成本 / 感知成本), in currency; a mapping of components
        (money, time, energy and psychic cost) is summed.

    Returns
    -------
    float, ndarray or Series
        Vc, in currency; positive when the customer gets more than they give.

    Notes
    -----
    Source 001 (Meehan): :math:`V_c = F_c - C_c`.

    Examples
    --------
    >>> customer_delivered_value({"product": 80, "service": 30}, {"money": 70, "time": 10})
    30.0
    """
    fc = _total("total_value", total_value)
    cc = _total("total_cost", total_cost)
    plain_value = total_value if not isinstance(total_value, Mapping) else 0.0
    plain_cost = total_cost if not isinstance(total_cost, Mapping) else 0.0
    return wrap(fc - cc, plain_value, plain_cost)


def customer_profitability(
    revenue: Any,
    *,
    cost_of_goods: Any = 0.0,
    cost_to_serve: Any = 0.0,
    payment_delay_days: Any = 0.0,
    cost_of_capital: float = 0.10,
    days_per_year: float = 365.0,
) -> pd.Series | pd.DataFrame:
    """Customer profitability (客户盈利能力) after cost to serve and the cost of late payment.

    Parameters
    ----------
    revenue : float or array-like
        Revenue from the customer over the period (收入), in currency, >= 0.
    cost_of_goods : float or array-like, keyword-only
        Cost of the goods or services sold to them (产品成本), in currency, >= 0.
    cost_to_serve : float or array-like, keyword-only
        Activity-based cost of serving them (服务成本: sales visits, support, project work,
        logistics), in currency, >= 0.
    payment_delay_days : float or array-like, keyword-only
        Average days between delivery and payment (付款拖延), >= 0.
    cost_of_capital : float, keyword-only
        Annual cost of capital used to price the delay (资金成本), > -1 (default 10% per year).
    days_per_year : float, keyword-only
        Days in the year of ``cost_of_capital`` (default 365: the delay is priced as simple
        interest on a 365-day year, as in the source; the 365.25-day year of
        :mod:`clvmodels._units` converts compounding discount rates).

    Returns
    -------
    Series or DataFrame
        ``revenue``, ``cost_of_goods``, ``gross_margin``, ``cost_to_serve``, ``financing_cost``,
        ``profit`` (currency) and ``profit_margin`` (share of revenue); a Series for scalar
        inputs, else a DataFrame with one row per customer (index of a Series input kept).

    Notes
    -----
    .. math:: \\pi = R - C_{goods} - C_{serve} - R \\cdot k \\cdot \\frac{D}{365}

    where :math:`k` is the annual cost of capital and :math:`D` the payment delay in days: money
    received :math:`D` days late is a loan to the customer. Source 001 tells of a client with big,
    recurring revenue whose projects are costly to serve and who pays late: after these costs the
    profit is close to zero and a VIP discount would make it a loss.

    Examples
    --------
    >>> p = customer_profitability(1_000_000, cost_of_goods=700_000, cost_to_serve=200_000,
    ...                            payment_delay_days=180, cost_of_capital=0.10)
    >>> round(float(p["profit"]), 2)
    50684.93
    """
    r = check_nonnegative("revenue", revenue)
    g = check_nonnegative("cost_of_goods", cost_of_goods)
    s = check_nonnegative("cost_to_serve", cost_to_serve)
    delay = check_nonnegative("payment_delay_days", payment_delay_days)
    k = float(check_rate("cost_of_capital", cost_of_capital))
    days = check_positive("days_per_year", days_per_year)
    r, g, s, delay = np.broadcast_arrays(r, g, s, delay)
    financing = r * k * delay / days
    gross = r - g
    profit = gross - s - financing
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(r > 0, profit / np.where(r > 0, r, 1.0), np.nan)
    cols = {
        "revenue": r,
        "cost_of_goods": g,
        "gross_margin": gross,
        "cost_to_serve": s,
        "financing_cost": financing,
        "profit": profit,
        "profit_margin": share,
    }
    if r.ndim == 0:
        return pd.Series({k_: float(v) for k_, v in cols.items()}, name="customer_profitability")
    index = None
    for value in (revenue, cost_of_goods, cost_to_serve, payment_delay_days):
        if isinstance(value, pd.Series):
            index = value.index
            break
    return pd.DataFrame({k_: np.asarray(v, dtype=float).ravel() for k_, v in cols.items()},
                        index=index)

