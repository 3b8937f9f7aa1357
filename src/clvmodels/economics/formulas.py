"""Customer economics formulas (客户经济学公式) of the source texts, as small tested functions.

Every function here is a closed form that a student can check by hand: annual sales from the
customer count, retention and transaction habits; expected lifetime from retention; the simple
margin CLV (as a sum and in closed form); customer delivered value; retention sensitivity; NPV,
IRR and payback period of acquiring a customer; customer profitability after cost to serve and
payment delay; and the rules of thumb the sources quote, as parameters with their defaults.

Rates are *per period* and the period is the caller's (a year in the source texts): a retention
rate of 0.9 per year goes with a discount rate per year and gives a lifetime in years.
Scalar inputs give Python floats; array-like inputs give numpy arrays (pandas Series keep their
index).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ParameterError

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
    "teaching_conclusion",
    "word_of_mouth",
]

#: Rule of thumb (source 000): winning a new customer costs 6 times keeping an existing one.
ACQUISITION_TO_RETENTION_COST_RATIO = 6.0
#: Rule of thumb (source 000): a satisfied customer brings 8 potential deals (one of which closes).
DEALS_PER_SATISFIED_CUSTOMER = 8.0
#: Rule of thumb (source 000): a dissatisfied customer influences 25 people's intention to buy.
PEOPLE_INFLUENCED_PER_DISSATISFIED_CUSTOMER = 25.0


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _as_array(name: str, value: Any) -> np.ndarray:
    if isinstance(value, str | bytes) or value is None:
        raise ParameterError(f"{name}={value!r} is not a number; pass a number or an array of numbers.")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name}={value!r} is not a number; pass a number or an array of numbers."
        ) from None
    bad = ~np.isfinite(arr)
    if bad.any():
        first = arr[bad].ravel()[0]
        raise ParameterError(f"{name} contains {first!r}; pass finite numbers only.")
    return arr


def _first_bad(arr: np.ndarray, mask: np.ndarray) -> str:
    n_bad = int(mask.sum())
    first = float(arr[mask].ravel()[0])
    more = f" ({n_bad - 1} more value(s) out of range)" if n_bad > 1 else ""
    return f"{first!r}{more}"


def _check_retention(name: str, value: Any) -> np.ndarray:
    arr = _as_array(name, value)
    mask = (arr < 0) | (arr >= 1)
    if mask.any():
        raise ParameterError(
            f"{name}={_first_bad(arr, mask)} is out of range; use a retention rate per period in "
            f"[0, 1), e.g. 0.9 for 90% of customers kept each year."
        )
    return arr


def _check_rate(name: str, value: Any) -> np.ndarray:
    arr = _as_array(name, value)
    mask = arr <= -1
    if mask.any():
        raise ParameterError(
            f"{name}={_first_bad(arr, mask)} is out of range; use a rate per period > -1, "
            f"e.g. 0.10 for 10% per year."
        )
    return arr


def _check_nonnegative(name: str, value: Any) -> np.ndarray:
    arr = _as_array(name, value)
    mask = arr < 0
    if mask.any():
        raise ParameterError(f"{name}={_first_bad(arr, mask)} is negative; pass a value >= 0.")
    return arr


def _check_periods(periods: Any) -> int:
    if isinstance(periods, bool) or not isinstance(periods, int | np.integer) or periods <= 0:
        raise ParameterError(
            f"periods={periods!r} is not a positive whole number of periods; pass e.g. "
            f"periods=10, or periods=None for an infinite horizon."
        )
    return int(periods)


def _check_cash_flows(cash_flows: Any) -> np.ndarray:
    arr = _as_array("cash_flows", cash_flows)
    if arr.ndim != 1 or arr.size < 2:
        raise ParameterError(
            f"cash_flows has shape {arr.shape}; pass a 1-d sequence of at least two cash flows, "
            f"the first at time 0 (e.g. [-100, 60, 60])."
        )
    return arr


def _wrap(result: np.ndarray, *inputs: Any) -> Any:
    """Float for scalar inputs; a Series keeping the index of the first Series input; else array."""
    for value in inputs:
        if isinstance(value, pd.Series):
            return pd.Series(np.broadcast_to(result, value.shape).copy(), index=value.index,
                             name=value.name)
    if np.ndim(result) == 0:
        return float(result)
    return result


# --------------------------------------------------------------------------------------------
# sales, lifetime, CLV
# --------------------------------------------------------------------------------------------
def annual_sales(
    customers: Any,
    retention_rate: Any,
    monthly_transactions: Any,
    average_transaction_value: Any,
) -> Any:
    """Annual sales (年销售额) from the customer count and purchase habits.

    Parameters
    ----------
    customers : float or array-like
        Number of customers at the start of the year (客户数), >= 0.
    retention_rate : float or array-like
        Share of them kept over the year (客户保持率), in [0, 1).
    monthly_transactions : float or array-like
        Average number of transactions per retained customer per month (平均每月交易次数), >= 0.
    average_transaction_value : float or array-like
        Average value of one transaction (平均每次交易额), in currency, >= 0.

    Returns
    -------
    float, ndarray or Series
        Sales per year, in the currency of ``average_transaction_value``.

    Notes
    -----
    Source 001: annual sales = customers x retention rate x average monthly transactions x 12 x
    average transaction value,

    .. math:: S = N \\cdot r \\cdot f_{month} \\cdot 12 \\cdot \\bar{v}

    Examples
    --------
    >>> annual_sales(1000, 0.8, 2, 50.0)
    960000.0
    """
    n = _check_nonnegative("customers", customers)
    r = _check_retention("retention_rate", retention_rate)
    f = _check_nonnegative("monthly_transactions", monthly_transactions)
    v = _check_nonnegative("average_transaction_value", average_transaction_value)
    return _wrap(n * r * f * 12.0 * v, customers, retention_rate, monthly_transactions,
                 average_transaction_value)


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
    r = _check_retention("retention_rate", retention_rate)
    return _wrap(1.0 / (1.0 - r), retention_rate)


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
    m = _as_array("margin", margin)
    r = _check_retention("retention_rate", retention_rate)
    d = _check_rate("discount_rate", discount_rate)
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
        n = _check_periods(periods)
        t = np.arange(first_margin_at, first_margin_at + n, dtype=float)
        q_b, t_b = np.broadcast_arrays(q[..., None], t)
        result = m * np.sum(q_b ** t_b, axis=-1)
    return _wrap(result, margin, retention_rate, discount_rate)


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
    r0 = float(_check_retention("retention_rate", retention_rate))
    d_arr = _as_array("delta", delta)
    if d_arr.ndim != 0 or not 0 < float(d_arr) < 1:
        raise ParameterError(f"delta={delta!r} is out of range; use a positive increase, e.g. 0.05.")
    r1 = r0 + float(d_arr)
    if r1 >= 1:
        raise ParameterError(
            f"retention_rate + delta = {r1!r} is not below 1; use a smaller delta or retention_rate."
        )
    a = float(_check_nonnegative("acquisition_cost", acquisition_cost))
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


# --------------------------------------------------------------------------------------------
# delivered value, profitability, rules of thumb
# --------------------------------------------------------------------------------------------
def _total(name: str, value: Any) -> Any:
    if isinstance(value, Mapping):
        if not value:
            raise ParameterError(f"{name} is an empty mapping; pass its components, e.g. "
                                 f"{{'product': 100, 'service': 20}}.")
        parts = [_as_array(f"{name}[{k!r}]", v) for k, v in value.items()]
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        return total
    return _as_array(name, value)


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
    return _wrap(fc - cc, plain_value, plain_cost)


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
        Days in the year of ``cost_of_capital`` (default 365).

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
    r = _check_nonnegative("revenue", revenue)
    g = _check_nonnegative("cost_of_goods", cost_of_goods)
    s = _check_nonnegative("cost_to_serve", cost_to_serve)
    delay = _check_nonnegative("payment_delay_days", payment_delay_days)
    k = float(_check_rate("cost_of_capital", cost_of_capital))
    if not days_per_year > 0:
        raise ParameterError(f"days_per_year={days_per_year!r} must be > 0; use 365.")
    r, g, s, delay = np.broadcast_arrays(r, g, s, delay)
    financing = r * k * delay / days_per_year
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
    c = _check_nonnegative("retention_cost", retention_cost)
    rho = float(_check_nonnegative("ratio", ratio))
    return _wrap(c * rho, retention_cost)


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
    s = float(_check_nonnegative("satisfied", satisfied))
    u = float(_check_nonnegative("dissatisfied", dissatisfied))
    k = float(_check_nonnegative("deals_per_satisfied", deals_per_satisfied))
    c = float(_as_array("closing_rate", closing_rate))
    if not 0 <= c <= 1:
        raise ParameterError(f"closing_rate={closing_rate!r} is out of range; use a share in [0, 1].")
    i = float(_check_nonnegative("influenced_per_dissatisfied", influenced_per_dissatisfied))
    return pd.Series(
        {
            "potential_deals": s * k,
            "expected_closed_deals": s * k * c,
            "people_influenced_negatively": u * i,
        },
        name="word_of_mouth",
    )


# --------------------------------------------------------------------------------------------
# NPV, IRR, payback
# --------------------------------------------------------------------------------------------
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
    cf = _check_cash_flows(cash_flows)
    i = float(_check_rate("rate", rate))
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

    cf = _check_cash_flows(cash_flows)
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
    cf = _check_cash_flows(cash_flows)
    t = np.arange(cf.size, dtype=float)
    if rate is not None:
        cf = cf / (1.0 + float(_check_rate("rate", rate))) ** t
    cum = np.cumsum(cf)
    if cum[0] >= 0:
        return 0.0
    hits = np.flatnonzero(cum >= 0)
    if hits.size == 0:
        return math.inf
    k = int(hits[0])
    return float(k - 1 + (-cum[k - 1]) / cf[k])


# --------------------------------------------------------------------------------------------
# tables for charts and the teaching sheet
# --------------------------------------------------------------------------------------------
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
    r = _check_retention("retention_rates", retention_rates).ravel()
    d = _check_rate("discount_rates", discount_rates).ravel()
    if r.size == 0 or d.size == 0:
        raise ParameterError("retention_rates and discount_rates must not be empty; pass e.g. "
                             "np.linspace(0.5, 0.95, 10) and [0.05, 0.10].")
    values = np.column_stack([
        np.asarray(margin_clv(margin, r, di, periods=periods, first_margin_at=first_margin_at),
                   dtype=float) for di in d
    ])
    return pd.DataFrame(values, index=pd.Index(r, name="retention_rate"),
                        columns=pd.Index(d, name="discount_rate"))


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
    cf = _check_cash_flows(cash_flows)
    i = 0.0 if rate is None else float(_check_rate("rate", rate))
    t = np.arange(cf.size, dtype=float)
    pv = cf / (1.0 + i) ** t
    return pd.DataFrame(
        {"cash_flow": cf, "present_value": pv, "cumulative": np.cumsum(cf),
         "cumulative_present_value": np.cumsum(pv)},
        index=pd.Index(np.arange(cf.size), name="period"),
    )


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
    margin_share = float(_as_array("margin_rate", margin_rate))
    if not 0 <= margin_share <= 1:
        raise ParameterError(f"margin_rate={margin_rate!r} is out of range; use a share in [0, 1], e.g. 0.3.")
    sales = annual_sales(customers, retention_rate, monthly_transactions, average_transaction_value)
    per_customer = float(monthly_transactions) * 12.0 * float(average_transaction_value)
    m = per_customer * margin_share
    life = expected_lifetime(retention_rate)
    clv = margin_clv(m, retention_rate, discount_rate, periods=horizon_years)
    n_years = horizon_years if horizon_years is not None else max(1, math.ceil(round(life, 9)))
    if horizon_years is not None:
        _check_periods(horizon_years)
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


def teaching_conclusion(sheet: pd.Series, *, retention_rate: float, discount_rate: float,
                        currency: str = "USD", delta: float = 0.05, lang: str = "en") -> str:
    """Conclusion (结论) of the teaching sheet, computed from :func:`teaching_sheet`, in Markdown."""
    from ..labels import check_lang

    check_lang(lang)
    s = sheet
    r, d = 100 * retention_rate, 100 * discount_rate
    payback = "never" if not math.isfinite(s["payback_years"]) else f"{s['payback_years']:.1f}"
    if lang == "zh":
        payback = "无法回收" if not math.isfinite(s["payback_years"]) else f"{s['payback_years']:.1f} 年"
        return "\n".join([
            f"- 客户保持率 {r:.0f}%/年 时，平均客户生命周期为 {s['expected_lifetime']:.1f} 年，"
            f"年销售额 {s['annual_sales']:,.0f} {currency}。",
            f"- 每位客户每年边际利润 {s['margin_per_customer']:,.0f} {currency}，按 {d:.0f}%/年 贴现，"
            f"客户终身价值 (CLV) 为 {s['clv']:,.0f} {currency}；扣除获客成本后为 "
            f"{s['clv_after_acquisition']:,.0f} {currency}。",
            f"- 获取一位新客户：净现值 {s['npv']:,.0f} {currency}，内部收益率 "
            f"{100 * s['irr']:.1f}%/年，投资回收期 {payback}。",
            f"- 保持率提高 {100 * delta:.0f} 个百分点：CLV 增加 {s['clv_change_pct']:.0f}%，"
            f"扣除获客成本后的利润增加 {s['profit_change_pct']:.0f}%（来源引用 Bain：25%–85%）。",
        ])
    payback = payback if payback == "never" else f"{payback} years"
    return "\n".join([
        f"- At a retention rate of {r:.0f}%/year the average customer stays "
        f"{s['expected_lifetime']:.1f} years; annual sales are {s['annual_sales']:,.0f} {currency}.",
        f"- A customer's margin is {s['margin_per_customer']:,.0f} {currency}/year; discounted at "
        f"{d:.0f}%/year their lifetime value (CLV) is {s['clv']:,.0f} {currency}, or "
        f"{s['clv_after_acquisition']:,.0f} {currency} after the acquisition cost.",
        f"- Acquiring one customer: NPV {s['npv']:,.0f} {currency}, IRR {100 * s['irr']:.1f}%/year, "
        f"payback {payback}.",
        f"- {100 * delta:.0f} more points of retention raise CLV by {s['clv_change_pct']:.0f}% and "
        f"profit after acquisition cost by {s['profit_change_pct']:.0f}% (the sources quote Bain: "
        f"25%-85%).",
    ])


def observed_economics(
    transactions: pd.DataFrame, *, end: Any = None, period_days: float = 365.0
) -> pd.Series:
    """The inputs of the annual-sales formula measured on a transaction log (实测客户经济指标).

    The last ``period_days`` before ``end`` are the "current" period and the ``period_days``
    before it the "previous" one. Customers who bought in the previous period are the base
    ``N``; those of them who bought again in the current period are retained.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``order_id`` counts orders when present, else rows are orders).
    end : date-like, optional
        Last day of the current period (default: the last transaction date).
    period_days : float
        Length of each period in days (default 365). When the log is shorter than two periods,
        half of its span is used instead, and ``period_days`` in the output says so.

    Returns
    -------
    Series
        ``period_days`` (days), ``customers`` (N, bought in the previous period), ``retained``
        (of them, bought again), ``retention_rate`` (per period), ``new_customers`` (first
        purchase in the current period), ``monthly_transactions`` (orders per retained customer
        per month of 365.25/12 days), ``average_transaction_value`` (currency per order),
        ``sales_formula`` (N x r x f x months x v), ``sales_retained`` and ``sales_total``
        (actual sales in the current period, currency), ``margin_rate`` (1 - cost / sales in
        the current period when a ``cost`` column exists, else NaN); ``currency`` in ``attrs``.

    Notes
    -----
    .. math:: S_{period} = N \\cdot r \\cdot f_{month} \\cdot \\frac{P}{365.25/12} \\cdot \\bar v

    equals the actual sales of the retained customers by construction; the rest of the
    period's sales comes from customers who were not in the base (new or returning).
    """
    for col in ("customer_id", "date", "amount"):
        if col not in getattr(transactions, "columns", []):
            raise ParameterError(
                f"transactions lack column {col!r}; pass canonical transactions "
                f"(clvmodels.read_transactions)."
            )
    dates = transactions["date"].dt.normalize()
    stop = pd.Timestamp(end).normalize() if end is not None else dates.max()
    p = float(period_days)
    if not p > 0:
        raise ParameterError(f"period_days={period_days!r} must be > 0, e.g. 365.")
    span = (stop - dates.min()).days
    if span + 1 < 2 * p:  # the log covers span + 1 days
        p = (span + 1) / 2.0
    if p < 1:
        raise ParameterError("the transaction log spans less than two days; nothing to measure.")
    mid = stop - pd.Timedelta(days=p)
    begin = mid - pd.Timedelta(days=p)
    prev = transactions.loc[(dates > begin) & (dates <= mid)]
    cur = transactions.loc[(dates > mid) & (dates <= stop)]
    base = pd.Index(prev["customer_id"].unique())
    cur_ids = pd.Index(cur["customer_id"].unique())
    retained = base.intersection(cur_ids)
    first = transactions.groupby("customer_id")["date"].min().dt.normalize()
    new = int((first > mid).sum())
    cur_r = cur.loc[cur["customer_id"].isin(retained)]
    n_orders = cur_r["order_id"].nunique() if "order_id" in cur_r.columns else len(cur_r)
    months = p / (365.25 / 12.0)
    n, k = len(base), len(retained)
    r = k / n if n else math.nan
    f = n_orders / k / months if k else math.nan
    v = float(cur_r["amount"].sum()) / n_orders if n_orders else math.nan
    out = pd.Series(
        {
            "period_days": p,
            "customers": float(n),
            "retained": float(k),
            "retention_rate": r,
            "new_customers": float(new),
            "monthly_transactions": f,
            "average_transaction_value": v,
            "sales_formula": n * r * f * months * v if k else 0.0,
            "sales_retained": float(cur_r["amount"].sum()),
            "sales_total": float(cur["amount"].sum()),
            "margin_rate": (float(cur["amount"].sum() - cur["cost"].sum()) / float(cur["amount"].sum()))
            if "cost" in cur.columns and float(cur["amount"].sum()) > 0 else math.nan,
        },
        name="observed_economics",
    )
    out.attrs = {"currency": transactions.attrs.get("currency", "USD"), "end": stop}
    return out
