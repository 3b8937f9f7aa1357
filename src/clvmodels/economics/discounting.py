"""Discounting and present value (贴现与现值): NPV, IRR, payback and per-period rates.

Rates are *per period* and cash flows are indexed by period, the first at t = 0. A rate stated per
year is converted to another period length with :func:`per_period_discount_rate`, on the one
year every part of clvmodels uses (:data:`clvmodels._units.DAYS_PER_YEAR` = 365.25 days).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._units import periods_per_year
from ..exceptions import ParameterError
from ._checks import check_cash_flows, check_rate

__all__ = ["cumulative_cash_flows", "irr", "npv", "payback_period", "per_period_discount_rate"]


def npv(cash_flows: Sequence[float] | np.ndarray, rate: float) -> float:
    """Net present value (净现值) of cash flows, the first at time 0.

    Parameters
    ----------
    cash_flows : sequence of float
        Cash flow of each period, in currency; ``cash_flows[0]`` is at t = 0 (undiscounted),
        typically the negative cost of acquiring the customer.
    rate : float
        Discount rate per period, > -1.

    Returns
    -------
    float
        NPV in the currency of the cash flows.

    Notes
    -----
    .. math:: NPV = \\sum_{t=0}^{n} \\frac{CF_t}{(1+i)^t}

    Examples
    --------
    >>> round(npv([-100, 60, 60], 0.10), 4)
    4.1322
    """
    cf = check_cash_flows(cash_flows)
    i = float(check_rate("rate", rate))
    t = np.arange(cf.size, dtype=float)
    return float(np.sum(cf / (1.0 + i) ** t))


def irr(cash_flows: Sequence[float] | np.ndarray) -> float:
    """Internal rate of return (内部收益率): the discount rate at which the NPV is zero.

    Parameters
    ----------
    cash_flows : sequence of float
        Cash flows, the first at time 0, with at least one sign change.

    Returns
    -------
    float
        IRR per period (0.13 = 13% per period). When the NPV has several roots, the one found
        first scanning up from -99% per period.

    Notes
    -----
    Solves :math:`\\sum_t CF_t (1+IRR)^{-t} = 0` with Brent's method on the first bracket where
    the NPV changes sign.

    Examples
    --------
    >>> round(irr([-100, 60, 60]), 6)
    0.130662
    """
    from scipy.optimize import brentq

    cf = check_cash_flows(cash_flows)
    if not (cf > 0).any() or not (cf < 0).any():
        raise ParameterError(
            "cash_flows have no sign change, so no IRR exists; pass an outlay (negative) and "
            "returns (positive), e.g. [-100, 60, 60]."
        )
    t = np.arange(cf.size, dtype=float)

    def f(x: float) -> float:
        return float(np.sum(cf / (1.0 + x) ** t))

    grid = np.concatenate([np.linspace(-0.99, 1.0, 200), np.geomspace(1.0, 1e6, 200)[1:]])
    values = np.array([f(x) for x in grid])
    for a, b, fa, fb in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if fa == 0:
            return float(a)
        if fa * fb < 0:
            return float(brentq(f, a, b, xtol=1e-12, rtol=1e-12, maxiter=500))
    if values[-1] == 0:
        return float(grid[-1])
    raise ParameterError(
        "cash_flows have no IRR between -99% and 1e8% per period; check the signs and sizes of "
        "the cash flows."
    )


def payback_period(cash_flows: Sequence[float] | np.ndarray, *, rate: float | None = None) -> float:
    """Payback period (投资回收期): time until the cumulative cash flow turns non-negative.

    Parameters
    ----------
    cash_flows : sequence of float
        Cash flows, the first at time 0 (usually the negative acquisition cost).
    rate : float, optional, keyword-only
        Discount rate per period, > -1. ``None`` (default): simple payback on undiscounted
        flows; a rate gives the discounted payback, the source's "time at which the NPV is zero".

    Returns
    -------
    float
        Periods until payback, interpolated linearly within the period in which the cumulative
        flow crosses zero (0 if ``cash_flows[0] >= 0``); ``inf`` if it never pays back.

    Notes
    -----
    With cumulative flows :math:`C_t = \\sum_{s \\le t} CF_s (1+i)^{-s}` and :math:`t^*` the first
    period with :math:`C_{t^*} \\ge 0`:

    .. math:: PB = t^* - 1 + \\frac{-C_{t^*-1}}{CF_{t^*} (1+i)^{-t^*}}

    Examples
    --------
    >>> payback_period([-100, 30, 40, 50])   # 2 + 30/50
    2.6
    """
    cf = check_cash_flows(cash_flows)
    t = np.arange(cf.size, dtype=float)
    if rate is not None:
        cf = cf / (1.0 + float(check_rate("rate", rate))) ** t
    cum = np.cumsum(cf)
    if cum[0] >= 0:
        return 0.0
    hits = np.flatnonzero(cum >= 0)
    if hits.size == 0:
        return math.inf
    k = int(hits[0])
    return float(k - 1 + (-cum[k - 1]) / cf[k])


def cumulative_cash_flows(
    cash_flows: Sequence[float] | np.ndarray, *, rate: float | None = None
) -> pd.DataFrame:
    """Cash flows of acquiring a customer with their present values and running totals.

    Parameters
    ----------
    cash_flows : sequence of float
        Cash flows, the first at time 0, in currency.
    rate : float, optional
        Discount rate per period (> -1); ``None`` gives undiscounted present values.

    Returns
    -------
    DataFrame
        Index ``period`` (0, 1, ...): ``cash_flow``, ``present_value``, ``cumulative``
        (running undiscounted total) and ``cumulative_present_value`` (running NPV), in currency.

    Notes
    -----
    .. math:: PV_t = CF_t (1+i)^{-t}, \\qquad NPV_t = \\sum_{s \\le t} PV_s
    """
    cf = check_cash_flows(cash_flows)
    i = 0.0 if rate is None else float(check_rate("rate", rate))
    t = np.arange(cf.size, dtype=float)
    pv = cf / (1.0 + i) ** t
    return pd.DataFrame(
        {"cash_flow": cf, "present_value": pv, "cumulative": np.cumsum(cf),
         "cumulative_present_value": np.cumsum(pv)},
        index=pd.Index(np.arange(cf.size), name="period"),
    )


def per_period_discount_rate(annual_rate: float, *, time_unit: str) -> float:
    """Discount rate per period equivalent to an annual rate (explicit, compounding).

    Parameters
    ----------
    annual_rate : float
        Discount rate per year, e.g. 0.10.
    time_unit : {"D", "W", "M"}
        Period length (a year is 365.25 days).

    Returns
    -------
    float
        ``(1 + annual_rate) ** (days_per_period / 365.25) - 1``, per period.
    """
    rate = float(annual_rate)
    if not (np.isfinite(rate) and rate > -1):
        raise ParameterError(f"annual_rate={annual_rate!r} must be a number > -1, e.g. 0.10.")
    return float((1.0 + rate) ** (1.0 / periods_per_year(time_unit)) - 1.0)

