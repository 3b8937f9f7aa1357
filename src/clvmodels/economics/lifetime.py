"""Retention and lifetime value (客户保持率与客户终身价值): lifetime, margin CLV, sensitivity.

A constant retention rate per period gives the expected lifetime and, with a margin per period
and a discount rate per period, the simple margin CLV of the source texts, in closed form (an
infinite horizon) or as a finite sum. The period is the caller's (a year in the source texts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive, check_share
from ..exceptions import ParameterError
from ._arrays import as_array, wrap
from ._checks import check_periods, check_rate, check_retention

__all__ = ["clv_retention_grid", "expected_lifetime", "margin_clv", "retention_sensitivity"]


def expected_lifetime(retention_rate: Any) -> Any:
    """Expected customer lifetime (平均客户生命周期) implied by a constant retention rate.

    Parameters
    ----------
    retention_rate : float or array-like
        Retention rate per period (客户保持率), in [0, 1).

    Returns
    -------
    float, ndarray or Series
        Expected number of periods a new customer stays, counting the first period (in the
        periods of ``retention_rate``; years for an annual rate).

    Notes
    -----
    With a constant churn probability :math:`1-r` per period, the number of periods a customer
    stays is geometric with mean

    .. math:: L = \\frac{1}{1 - r}

    Source 001: r = 0.90 (10% lost per year) gives 10 years; r = 0.95 gives 20 years.

    Examples
    --------
    >>> round(expected_lifetime(0.9), 10), round(expected_lifetime(0.95), 10)
    (10.0, 20.0)
    """
    r = check_retention("retention_rate", retention_rate)
    return wrap(1.0 / (1.0 - r), retention_rate)


def margin_clv(
    margin: Any,
    retention_rate: Any,
    discount_rate: Any,
    *,
    periods: int | None = None,
    first_margin_at: int = 0,
) -> Any:
    """Simple margin CLV (客户终身价值, 边际贡献模型): discounted margins of a retained customer.

    Parameters
    ----------
    margin : float or array-like
        Margin (profit contribution) per period from a customer still active (每期边际利润), in
        currency.
    retention_rate : float or array-like
        Retention rate per period (客户保持率), in [0, 1).
    discount_rate : float or array-like
        Discount rate per period (贴现率), > -1; must exceed ``retention_rate - 1`` so that the
        infinite sum converges (always true for a discount rate >= 0).
    periods : int, optional
        Number of margins counted. ``None`` (default): infinite horizon, closed form.
    first_margin_at : {0, 1}, keyword-only
        When the first margin arrives. ``0`` (default): at t = 0, i.e. margins are received at the
        *start* of each period and the first one is certain (the customer has just bought);
        ``1``: at the end of the first period, only if the customer was retained.

    Returns
    -------
    float, ndarray or Series
        Present value of the expected margins, in the currency of ``margin``.

    Notes
    -----
    With :math:`q = r / (1 + d)` and the margins at :math:`t = t_0, ..., t_0 + n - 1`
    (:math:`t_0` = ``first_margin_at``):

    .. math:: CLV = \\sum_{t=t_0}^{t_0+n-1} \\frac{m\\, r^t}{(1+d)^t}

    and for :math:`n \\to \\infty` the closed forms

    .. math:: CLV_{t_0=0} = \\frac{m (1+d)}{1+d-r}, \\qquad CLV_{t_0=1} = \\frac{m\\, r}{1+d-r}

    (Gupta & Lehmann 2003, "Customers as assets", eq. 2 is the :math:`t_0 = 1` form).

    Examples
    --------
    >>> round(margin_clv(100.0, 0.9, 0.1), 6)   # 100 * 1.1 / 0.2
    550.0
    >>> round(margin_clv(100.0, 0.9, 0.1, first_margin_at=1), 6)   # 100 * 0.9 / 0.2
    450.0
    >>> round(margin_clv(100.0, 0.9, 0.1, periods=2), 6)   # 100 + 100 * 0.9 / 1.1
    181.818182
    """
    if first_margin_at not in (0, 1) or isinstance(first_margin_at, bool):
        raise ParameterError(
            f"first_margin_at={first_margin_at!r} is not supported; use 0 (first margin now) or 1 "
            f"(first margin at the end of the first period)."
        )
    m = as_array("margin", margin)
    r = check_retention("retention_rate", retention_rate)
    d = check_rate("discount_rate", discount_rate)
    q = r / (1.0 + d)
    if periods is None:
        diverge = np.broadcast_to(q >= 1.0, np.broadcast_shapes(q.shape, m.shape))
        if diverge.any():
            raise ParameterError(
                f"discount_rate={discount_rate!r} with retention_rate={retention_rate!r} makes the "
                f"infinite sum diverge (needs 1 + discount_rate > retention_rate); use a larger "
                f"discount rate or a finite number of periods."
            )
        result = m * (r ** first_margin_at) * (1.0 + d) ** (1 - first_margin_at) / (1.0 + d - r)
    else:
        n = check_periods(periods)
        t = np.arange(first_margin_at, first_margin_at + n, dtype=float)
        q_b, t_b = np.broadcast_arrays(q[..., None], t)
        result = m * np.sum(q_b ** t_b, axis=-1)
    return wrap(result, margin, retention_rate, discount_rate)


def retention_sensitivity(
    margin: float,
    retention_rate: float,
    discount_rate: float,
    *,
    delta: float = 0.05,
    acquisition_cost: float = 0.0,
    periods: int | None = None,
    first_margin_at: int = 0,
) -> pd.Series:
    """Retention sensitivity (客户保持率敏感性): effect of ``delta`` more retention on CLV and profit.

    Parameters
    ----------
    margin : float
        Margin per period of an active customer, in currency.
    retention_rate : float
        Current retention rate per period, in [0, 1); ``retention_rate + delta`` must stay < 1.
    discount_rate : float
        Discount rate per period, > -1.
    delta : float, keyword-only
        Increase of the retention rate in points of probability (default 0.05 = +5 points, the
        Bain & Company figure the sources quote).
    acquisition_cost : float, keyword-only
        Cost of winning the customer (获客成本), >= 0, paid once at t = 0. The profit of a new
        customer is ``CLV - acquisition_cost``.
    periods, first_margin_at
        Passed to :func:`margin_clv`.

    Returns
    -------
    Series
        ``retention_before``, ``retention_after`` (per period), ``lifetime_before``,
        ``lifetime_after`` (periods), ``clv_before``, ``clv_after``, ``profit_before``,
        ``profit_after`` (currency), ``lifetime_change_pct``, ``clv_change_pct``,
        ``profit_change_pct`` (percent).

    Notes
    -----
    .. math:: \\Delta CLV\\% = 100 \\left(\\frac{CLV(r+\\delta)}{CLV(r)} - 1\\right), \\qquad
              \\Delta\\pi\\% = 100 \\left(\\frac{CLV(r+\\delta) - A}{CLV(r) - A} - 1\\right)

    Source 001 quotes Bain & Company: +5% retention raises profit by 25% to 85%. Once the
    acquisition cost :math:`A` is subtracted the relative effect on profit is larger than on CLV:
    with m = 100, d = 10%, r = 0.80 -> 0.85 and A = 200, CLV rises 20% (366.7 -> 440.0) and
    profit 44% (166.7 -> 240.0).

    Examples
    --------
    >>> s = retention_sensitivity(100, 0.80, 0.10, acquisition_cost=200)
    >>> round(float(s["clv_change_pct"]), 1), round(float(s["profit_change_pct"]), 1)
    (20.0, 44.0)
    """
    r0 = float(check_retention("retention_rate", retention_rate))
    r1 = r0 + check_share("delta", delta, example="0.05")
    if r1 >= 1:
        raise ParameterError(
            f"retention_rate + delta = {r1!r} is not below 1; use a smaller delta or retention_rate."
        )
    a = check_positive("acquisition_cost", acquisition_cost, allow_zero=True)
    clv0 = margin_clv(margin, r0, discount_rate, periods=periods, first_margin_at=first_margin_at)
    clv1 = margin_clv(margin, r1, discount_rate, periods=periods, first_margin_at=first_margin_at)
    l0, l1 = expected_lifetime(r0), expected_lifetime(r1)
    p0, p1 = clv0 - a, clv1 - a

    def pct(new: float, old: float) -> float:
        return 100.0 * (new / old - 1.0) if old != 0 else math.nan

    profit_change = pct(p1, p0) if p0 > 0 else math.nan
    return pd.Series(
        {
            "retention_before": r0,
            "retention_after": r1,
            "lifetime_before": l0,
            "lifetime_after": l1,
            "clv_before": clv0,
            "clv_after": clv1,
            "profit_before": p0,
            "profit_after": p1,
            "lifetime_change_pct": pct(l1, l0),
            "clv_change_pct": pct(clv1, clv0),
            "profit_change_pct": profit_change,
        },
        name="retention_sensitivity",
    )


def clv_retention_grid(
    margin: float,
    retention_rates: Sequence[float] | np.ndarray,
    discount_rates: Sequence[float] | np.ndarray,
    *,
    periods: int | None = None,
    first_margin_at: int = 0,
) -> pd.DataFrame:
    """Margin CLV over a grid of retention and discount rates (客户终身价值敏感性表).

    Parameters
    ----------
    margin : float
        Margin per period of an active customer, in currency.
    retention_rates : sequence of float
        Retention rates per period, each in [0, 1).
    discount_rates : sequence of float
        Discount rates per period, each > -1.
    periods, first_margin_at
        Passed to :func:`margin_clv`.

    Returns
    -------
    DataFrame
        Index ``retention_rate``, one column per discount rate (columns named
        ``discount_rate``); values are CLV in the currency of ``margin``.

    Notes
    -----
    Each cell is :func:`margin_clv` ``(m, r, d)``; e.g. with ``first_margin_at=0`` and
    ``periods=None`` it is :math:`m (1+d) / (1+d-r)`.
    """
    r = check_retention("retention_rates", retention_rates).ravel()
    d = check_rate("discount_rates", discount_rates).ravel()
    if r.size == 0 or d.size == 0:
        raise ParameterError("retention_rates and discount_rates must not be empty; pass e.g. "
                             "np.linspace(0.5, 0.95, 10) and [0.05, 0.10].")
    values = np.column_stack([
        np.asarray(margin_clv(margin, r, di, periods=periods, first_margin_at=first_margin_at),
                   dtype=float) for di in d
    ])
    return pd.DataFrame(values, index=pd.Index(r, name="retention_rate"),
                        columns=pd.Index(d, name="discount_rate"))

