"""Value and profitability of a customer (客户让渡价值与客户盈利能力).

Customer delivered value (total customer value minus total customer cost), the profit of a
customer after the cost of goods, the cost to serve and the cost of paying late (one customer, or
every customer of a CRM database with its activity costs), and the return on investment (ROI).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import ParameterError
from ._arrays import as_array, wrap
from ._checks import check_cash_flows, check_nonnegative, check_rate

__all__ = [
    "COST_DATA",
    "big_unprofitable_customer",
    "cash_flow_roi",
    "customer_delivered_value",
    "customer_profitability",
    "has_cost_to_serve",
    "missing_cost_data",
    "profitability_by_customer",
    "profitability_summary",
    "roi",
]


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



def roi(gain: Any, investment: Any) -> Any:
    """Return on investment (投资回报率, ROI): net return per unit of money invested.

    Parameters
    ----------
    gain : float or array-like
        What the investment brings back (收益), in currency: e.g. the present value of the
        margins of an acquired customer, or the extra margin of a retention campaign.
    investment : float or array-like
        What it costs (投资), in currency, > 0: e.g. the acquisition cost, or the campaign's cost.

    Returns
    -------
    float, ndarray or Series
        ROI as a share (0.5 = 50%): positive when the investment earns more than it costs.

    Notes
    -----
    .. math:: ROI = \\frac{G - I}{I}

    Source 001 names ROI beside NPV and the payback period as a yardstick for winning a new key
    customer (新大客户), without a formula; this is the usual one. With discounted gains
    (``gain`` = present value of the returns) ROI = NPV / I.

    Examples
    --------
    A campaign costs 10,000 and brings 15,000 of margin: ROI = (15,000 - 10,000) / 10,000 = 50%.

    >>> roi(15_000, 10_000)
    0.5
    """
    g = as_array("gain", gain)
    i = as_array("investment", investment)
    if (i <= 0).any():
        raise ParameterError(f"investment={investment!r} must be > 0; ROI divides by it.")
    return wrap((g - i) / i, gain, investment)


def cash_flow_roi(cash_flows: Any, *, rate: float = 0.0) -> float:
    """ROI (投资回报率) of a series of cash flows: present value of the returns over that of the
    outlays, minus 1.

    Parameters
    ----------
    cash_flows : sequence of float
        Cash flows, the first at time 0, in currency (outlays negative, returns positive).
    rate : float, keyword-only
        Discount rate per period, > -1 (default 0: undiscounted).

    Returns
    -------
    float
        ROI as a share; NaN when there is no outlay.

    Notes
    -----
    .. math:: ROI = \\frac{\\sum_t CF_t^+ (1+d)^{-t}}{\\sum_t CF_t^- (1+d)^{-t}} - 1

    With one outlay at t = 0 this is NPV / I.

    Examples
    --------
    Pay 100 now, receive 60 at the end of years 1 and 2, at 10% a year:
    (60/1.1 + 60/1.21 - 100) / 100 = 4.13%.

    >>> round(cash_flow_roi([-100, 60, 60], rate=0.10), 4)
    0.0413
    """
    cf = check_cash_flows(cash_flows)
    k = float(check_rate("rate", rate))
    pv = cf / (1.0 + k) ** np.arange(cf.size, dtype=float)
    outlay = float(-pv[pv < 0].sum())
    if outlay <= 0:
        return float("nan")
    return float(pv[pv > 0].sum() / outlay - 1.0)


#: What per-customer profitability reads, as (table, column): the cost data a database needs.
COST_DATA = (
    ("transactions", "cost"),
    ("contacts", "cost"),
    ("customers", "payment_delay_days"),
    ("customers", "complaints"),
)


def _column(frame: Any, column: str) -> bool:
    return isinstance(frame, pd.DataFrame) and column in frame.columns


def missing_cost_data(
    transactions: pd.DataFrame, *, contacts: Any = None, customers: Any = None
) -> list[tuple[str, str]]:
    """The cost data (table, column) that :func:`profitability_by_customer` would use and the
    database lacks.

    Per-customer profitability after cost to serve needs at least one activity cost: contact
    costs (``contacts.cost``), complaints (``customers.complaints``) or payment delays
    (``customers.payment_delay_days``). A transaction log alone (CDNOW) has none: every item of
    :data:`COST_DATA` it lacks is returned.

    Returns
    -------
    list of (table, column)
        Empty when every item is there.
    """
    tables = {"transactions": transactions, "contacts": contacts, "customers": customers}
    return [(t, c) for t, c in COST_DATA if not _column(tables[t], c)]


def has_cost_to_serve(transactions: pd.DataFrame, *, contacts: Any = None,
                      customers: Any = None) -> bool:
    """Whether the database has at least one activity cost (contacts with cost, complaints or
    payment delays), so that :func:`profitability_by_customer` can price a cost to serve."""
    missing = set(missing_cost_data(transactions, contacts=contacts, customers=customers))
    return bool({("contacts", "cost"), ("customers", "payment_delay_days"),
                 ("customers", "complaints")} - missing)


def profitability_by_customer(
    transactions: pd.DataFrame,
    *,
    contacts: Any = None,
    customers: Any = None,
    end: Any = None,
    margin_rate: float | None = None,
    cost_per_order: float = 0.0,
    cost_per_complaint: float = 0.0,
    cost_of_capital: float = 0.10,
    days_per_year: float = 365.0,
) -> pd.DataFrame:
    """Profit of every customer after activity-based cost to serve (作业成本法) and payment delay.

    Parameters
    ----------
    transactions : DataFrame
        ``customer_id``, ``date``, ``amount`` and, when known, ``cost`` (cost of the goods sold,
        with whatever per-order cost the source already books) or ``margin``.
    contacts : DataFrame, optional
        Campaign contacts with ``customer_id``, ``date`` and ``cost`` (currency per contact).
    customers : DataFrame, optional
        Customer master data with ``customer_id`` and, when known, ``complaints`` (count) and
        ``payment_delay_days`` (mean days of late payment).
    end : date-like, optional
        Last day counted (transactions and contacts after it are left out); None: all.
    margin_rate : float, optional
        Margin as a share of revenue, used for the cost of goods when the transactions have
        neither ``cost`` nor ``margin``; None there: cost of goods 0.
    cost_per_order : float
        Activity cost of handling one order (currency, >= 0; default 0: already in ``cost``).
    cost_per_complaint : float
        Activity cost of handling one complaint (currency, >= 0).
    cost_of_capital : float
        Annual cost of capital that prices the payment delay (default 10% per year).
    days_per_year : float
        Days of the year of ``cost_of_capital`` (default 365, as in the source).

    Returns
    -------
    DataFrame
        Index ``customer_id`` (every buyer, and every customer of ``customers``), sorted by
        revenue (largest first): ``revenue``, ``orders``, ``cost_of_goods``, ``order_cost``,
        ``contact_cost``, ``complaint_cost``, ``cost_to_serve`` (sum of the three),
        ``payment_delay_days``, ``financing_cost``, ``gross_margin``, ``profit`` (currency) and
        ``profit_margin`` (share of revenue). ``attrs``: ``cost_basis`` ("cost", "margin",
        "margin_rate" or "none") and ``sources`` (the (table, column) pairs used).

    Notes
    -----
    The arithmetic is :func:`customer_profitability`'s, per customer:

    .. math:: \\pi = R - C_{goods} - (c_o \\cdot n_{orders} + C_{contacts} + c_c \\cdot n_{complaints})
              - R \\cdot k \\cdot \\frac{D}{365}

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01"] * 3),
    ...                    "amount": [100.0, 100.0, 50.0], "cost": [60.0, 60.0, 30.0]})
    >>> cu = pd.DataFrame({"customer_id": [1, 2], "complaints": [2, 0],
    ...                    "payment_delay_days": [73.0, 0.0]})
    >>> p = profitability_by_customer(tx, customers=cu, cost_per_complaint=30.0,
    ...                               cost_of_capital=0.10)
    >>> p["profit"].round(2).tolist()  # 200 - 120 - 2 x 30 - 200 x 0.10 x 73/365; 50 - 30
    [16.0, 20.0]
    """
    for name in ("customer_id", "amount"):
        if name not in transactions.columns:
            raise ParameterError(f"transactions lack the column {name!r}; pass a transaction log "
                                 "with customer_id, date and amount.")
    c_order = float(check_nonnegative("cost_per_order", cost_per_order))
    c_complaint = float(check_nonnegative("cost_per_complaint", cost_per_complaint))
    stop = pd.Timestamp(end) if end is not None else None
    tx = transactions
    if stop is not None and "date" in tx.columns:
        tx = tx[tx["date"] <= stop]
    by = tx.groupby("customer_id", observed=True)
    revenue = by["amount"].sum().astype(float)
    orders = by.size().astype(float)
    sources: list[tuple[str, str]] = []
    if "cost" in tx.columns:
        goods, basis = by["cost"].sum().astype(float), "cost"
        sources.append(("transactions", "cost"))
    elif "margin" in tx.columns:
        goods, basis = revenue - by["margin"].sum().astype(float), "margin"
    elif margin_rate is not None:
        share = float(check_nonnegative("margin_rate", margin_rate))
        goods, basis = revenue * (1.0 - share), "margin_rate"
    else:
        goods, basis = revenue * 0.0, "none"
    ids = revenue.index
    if _column(customers, "customer_id"):
        ids = ids.union(pd.Index(customers["customer_id"].unique()))
    out = pd.DataFrame(index=pd.Index(ids, name="customer_id"))
    out["revenue"] = revenue.reindex(ids, fill_value=0.0)
    out["orders"] = orders.reindex(ids, fill_value=0.0)
    out["cost_of_goods"] = goods.reindex(ids, fill_value=0.0).clip(lower=0.0)
    out["order_cost"] = c_order * out["orders"]
    out["contact_cost"] = 0.0
    if _column(contacts, "cost") and _column(contacts, "customer_id"):
        ct = contacts
        if stop is not None and "date" in ct.columns:
            ct = ct[ct["date"] <= stop]
        spent = ct.groupby("customer_id", observed=True)["cost"].sum().astype(float)
        out["contact_cost"] = spent.reindex(ids, fill_value=0.0).fillna(0.0)
        sources.append(("contacts", "cost"))
    out["complaint_cost"] = 0.0
    out["payment_delay_days"] = 0.0
    if _column(customers, "customer_id"):
        master = customers.drop_duplicates("customer_id").set_index("customer_id")
        if "complaints" in master.columns:
            n = pd.to_numeric(master["complaints"], errors="coerce").reindex(ids).fillna(0.0)
            out["complaint_cost"] = c_complaint * n.astype(float)
            sources.append(("customers", "complaints"))
        if "payment_delay_days" in master.columns:
            delay = pd.to_numeric(master["payment_delay_days"], errors="coerce").reindex(ids)
            out["payment_delay_days"] = delay.fillna(0.0).clip(lower=0.0).astype(float)
            sources.append(("customers", "payment_delay_days"))
    out["cost_to_serve"] = out["order_cost"] + out["contact_cost"] + out["complaint_cost"]
    profit = customer_profitability(
        out["revenue"], cost_of_goods=out["cost_of_goods"], cost_to_serve=out["cost_to_serve"],
        payment_delay_days=out["payment_delay_days"], cost_of_capital=cost_of_capital,
        days_per_year=days_per_year)
    for column in ("financing_cost", "gross_margin", "profit", "profit_margin"):
        out[column] = profit[column].to_numpy()
    out = out.sort_values(["revenue", "profit"], ascending=[False, True], kind="mergesort")
    out.attrs = {"cost_basis": basis, "sources": sources}
    return out


def profitability_summary(table: pd.DataFrame) -> pd.Series:
    """Who makes and who loses money: the figures of a :func:`profitability_by_customer` table.

    Returns
    -------
    Series
        ``n_customers`` (customers with revenue), ``n_unprofitable`` and ``share_unprofitable``
        (profit < 0), ``revenue_share_unprofitable`` (their share of revenue), ``total_profit``,
        ``profit_of_profitable`` (sum of the positive profits; the top of the whale curve),
        ``value_destroyed`` (minus the sum of the negative profits), ``peak_share``
        (``profit_of_profitable / total_profit``: the whale curve's hump, NaN when total profit
        is not positive) and ``cost_to_serve_share`` (cost to serve and payment delay as a share
        of revenue).
    """
    buyers = table[table["revenue"] > 0]
    n = len(buyers)
    losing = buyers["profit"] < 0
    revenue = float(buyers["revenue"].sum())
    total = float(buyers["profit"].sum())
    gained = float(buyers.loc[buyers["profit"] > 0, "profit"].sum())
    destroyed = float(-buyers.loc[losing, "profit"].sum())
    serve = float(buyers["cost_to_serve"].sum() + buyers["financing_cost"].sum())
    return pd.Series(
        {
            "n_customers": float(n),
            "n_unprofitable": float(losing.sum()),
            "share_unprofitable": float(losing.mean()) if n else float("nan"),
            "revenue_share_unprofitable": (float(buyers.loc[losing, "revenue"].sum()) / revenue
                                           if revenue > 0 else float("nan")),
            "total_profit": total,
            "profit_of_profitable": gained,
            "value_destroyed": destroyed,
            "peak_share": gained / total if total > 0 else float("nan"),
            "cost_to_serve_share": serve / revenue if revenue > 0 else float("nan"),
        },
        name="profitability_summary",
    )


def big_unprofitable_customer(table: pd.DataFrame) -> pd.Series | None:
    """The source's example on the data: the customer with the most revenue among those whose
    profit is negative after cost to serve, or None when every customer makes money.

    Returns
    -------
    Series or None
        The customer's row of :func:`profitability_by_customer` plus ``customer_id`` and
        ``revenue_rank`` (1 = largest revenue) and ``revenue_top_share`` (rank / customers
        with revenue: 0.02 = in the top 2% by revenue).
    """
    buyers = table[table["revenue"] > 0]
    losing = buyers[buyers["profit"] < 0]
    if losing.empty:
        return None
    ranks = buyers["revenue"].rank(ascending=False, method="min")
    cid = losing["revenue"].idxmax()
    row = buyers.loc[cid].copy()
    row["customer_id"] = cid
    row["revenue_rank"] = float(ranks.loc[cid])
    row["revenue_top_share"] = float(ranks.loc[cid]) / len(buyers)
    row.name = cid
    return row
