"""Customer lifetime value (客户终身价值, CLV) from fitted transaction and spend models.

Uses only the models' public interface (``expected_purchases``, ``expected_purchases_path``,
``discounted_expected_purchases``, ``expected_spend``, ``sample_params``, ``with_params``,
``name``). ``per_period_discount_rate`` (in :mod:`clvmodels.economics.discounting`) is re-exported
here, its former home. :func:`customer_margin` gives each customer's historical margin rate from
the cost column, the per-customer ``margin`` that turns a revenue CLV into a profit CLV.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_date, check_share
from .._units import check_time_unit
from ..exceptions import DataValidationError, ParameterError
from .discounting import per_period_discount_rate

__all__ = ["customer_lifetime_value", "customer_margin", "per_period_discount_rate"]


def _resolve_unit(transaction_model: Any, summary: pd.DataFrame, time_unit: str | None) -> str | None:
    units = {
        "time_unit argument": None if time_unit is None else check_time_unit(time_unit),
        "transaction model (time_unit_)": getattr(transaction_model, "time_unit_", None),
        'summary.attrs["time_unit"]': (None if summary.attrs.get("time_unit") is None
                                       else check_time_unit(summary.attrs["time_unit"])),
    }
    given = {k: v for k, v in units.items() if v is not None}
    if len(set(given.values())) > 1:
        raise ParameterError(
            f"customer_lifetime_value: time units disagree ({', '.join(f'{k}={v!r}' for k, v in given.items())}); "
            f"horizon and discount rate must be stated in the unit the model was fitted in. Refit "
            f"or restate them; no conversion is done silently."
        )
    return next(iter(given.values()), None)


def _spend(spend_model: Any, summary: pd.DataFrame) -> np.ndarray:
    if hasattr(spend_model, "expected_spend"):
        return spend_model.expected_spend(summary).to_numpy()
    if isinstance(spend_model, pd.Series):
        if not spend_model.index.equals(summary.index):
            raise ParameterError("spend_model as a Series must have the summary's index, in the same order.")
        values = spend_model.to_numpy(dtype=float)
    elif np.ndim(spend_model) == 0 and spend_model is not None:
        values = np.full(len(summary), float(spend_model))
    else:
        raise ParameterError(
            "spend_model must be a fitted GammaGammaModel, a number (spend per transaction) or a "
            "Series of expected spend per customer."
        )
    if not np.all(np.isfinite(values) & (values >= 0)):
        raise ParameterError("spend per transaction must be finite and >= 0 for every customer.")
    return values


def _margin(margin: Any, summary: pd.DataFrame) -> tuple[float | np.ndarray, float | str]:
    """(margin per customer or one margin, what ``attrs["margin"]`` records)."""
    if isinstance(margin, pd.Series):
        if not margin.index.equals(summary.index):
            raise ParameterError(
                "margin as a Series must have the summary's index, in the same order; align it "
                "with margin.reindex(summary.index)."
            )
        values = pd.to_numeric(margin, errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values) | (values > 1)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            who = margin.index[first]
            who = who.item() if isinstance(who, np.generic) else who
            raise ParameterError(
                f"margin: customer {who!r} has margin {margin.iloc[first]} "
                f"({int(bad.sum())} such customers); each margin must be a finite share of spend "
                f"<= 1 (negative for a customer sold at a loss), e.g. from customer_margin()."
            )
        return values, "per customer"
    try:
        value = float(margin)
    except (TypeError, ValueError):
        raise ParameterError(
            f"margin={margin!r} must be a share of spend (e.g. 0.3) or a Series of shares per "
            f"customer (customer_margin)."
        ) from None
    value = check_share("margin", value, high_closed=True, example="0.3 (a share of spend)")
    return value, value


def customer_margin(transactions: pd.DataFrame, *, observation_end: Any = None) -> pd.Series:
    """Each customer's historical margin rate (毛利率): the share of their spend kept as profit.

    Parameters
    ----------
    transactions : pandas.DataFrame
        Canonical transactions with a ``cost`` column (cost of each line, currency), or, without
        one, a ``margin`` column read as the profit of each line in currency (amount - cost).
    observation_end : date-like, optional
        Last day counted (the whole day); later lines are left out. None: every line.

    Returns
    -------
    pandas.Series
        ``margin`` per customer (a share of spend, at most 1; negative for a customer sold at a
        loss), indexed by ``customer_id`` (sorted), every customer of the period once.
        ``attrs``: ``overall_margin`` (the rate over every line with a known cost),
        ``n_overall`` (customers given the overall rate), ``source`` ("cost" or "margin"),
        ``observation_end``, ``currency``.

    Notes
    -----
    For customer *i*, over their lines with a known cost::

        margin_i = 1 - sum(cost) / sum(amount)  (= total_profit / total_spend)

    A customer whose rate is undefined (no line with a known cost, or total spend <= 0) gets the
    overall rate ``1 - sum(cost) / sum(amount)`` over every line with a known cost; their
    number is in ``attrs["n_overall"]``. A profit CLV is then ``margin_i`` x the revenue CLV
    (``customer_lifetime_value(..., margin=customer_margin(tx).reindex(summary.index))``).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-02"] * 3),
    ...                    "amount": [100.0, 50.0, 20.0], "cost": [60.0, 30.0, 20.0]})
    >>> customer_margin(tx).round(2).tolist()
    [0.4, 0.0]
    """
    where = "customer_margin"
    if not isinstance(transactions, pd.DataFrame) or not {"customer_id", "amount"} <= set(
            transactions.columns):
        raise DataValidationError(
            f"{where}: expected canonical transactions (customer_id, date, amount and cost); "
            f"read them with clvmodels.read_transactions."
        )
    if "cost" in transactions.columns:
        source = "cost"
    elif "margin" in transactions.columns:
        source = "margin"
    else:
        raise DataValidationError(
            f"{where}: the transactions have no 'cost' (or 'margin') column, so margins cannot "
            f"come from cost; add the cost of each line or pass one margin share (e.g. 0.3)."
        )
    tx = transactions
    if observation_end is not None:
        end = check_date("observation_end", observation_end, where=where)
        tx = tx[pd.to_datetime(tx["date"]).dt.normalize() <= end]
    amount = pd.to_numeric(tx["amount"], errors="coerce").astype("float64")
    other = pd.to_numeric(tx[source], errors="coerce").astype("float64")
    if source == "cost":
        negative = other < 0
        if negative.any():
            rows = list(tx.index[negative][:3])
            raise DataValidationError(
                f"{where}: column 'cost' is negative in rows {rows} ({int(negative.sum())} such "
                f"rows); a cost is what the line cost the company, >= 0: correct these rows."
            )
        cost = other
    else:
        cost = amount - other
    known = cost.notna() & amount.notna()
    total_amount = float(amount[known].sum())
    if not known.any() or total_amount <= 0:
        raise DataValidationError(
            f"{where}: no line has both an amount and a known {source} (or their amounts sum to "
            f"<= 0), so no margin rate can be computed; fill in {source!r} or pass one margin."
        )
    overall = 1.0 - float(cost[known].sum()) / total_amount
    ids = tx["customer_id"]
    spend = amount.where(known).groupby(ids, sort=True).sum(min_count=1)
    costs = cost.where(known).groupby(ids, sort=True).sum(min_count=1)
    defined = spend.notna() & (spend > 0)
    rate = (1.0 - costs / spend.where(defined)).where(defined, overall)
    out = rate.astype("float64").rename("margin")
    out.index.name = "customer_id"
    out.attrs.update(
        overall_margin=overall, n_overall=int((~defined).sum()), source=source,
        observation_end=None if observation_end is None else check_date(
            "observation_end", observation_end, where=where),
        currency=transactions.attrs.get("currency"),
    )
    return out


def _discounted_purchases(model: Any, summary: pd.DataFrame, horizon: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """(undiscounted, discounted) expected purchases over the horizon."""
    if np.isinf(horizon):
        if not hasattr(model, "discounted_expected_purchases"):
            raise ParameterError(f"{type(model).__name__} cannot value an infinite horizon.")
        dert = model.discounted_expected_purchases(summary, discount_rate=d).to_numpy()
        return np.full(len(summary), np.inf), dert
    periods = int(horizon)
    steps = np.arange(1, periods + 1, dtype=float)
    if hasattr(model, "expected_purchases_path"):
        cumulative = model.expected_purchases_path(summary, horizons=steps).to_numpy()
    else:
        cumulative = np.column_stack([model.expected_purchases(summary, t=k).to_numpy() for k in steps])
    increments = np.diff(cumulative, axis=1, prepend=0.0)
    discounted = np.einsum("ij,j->i", increments, (1.0 + d) ** -steps)
    return cumulative[:, -1], discounted


def customer_lifetime_value(
    transaction_model: Any,
    spend_model: Any,
    summary: pd.DataFrame,
    *,
    horizon: float,
    discount_rate: float,
    margin: float | pd.Series = 1.0,
    time_unit: str | None = None,
    currency: str | None = None,
    interval: float | None = None,
    n_draws: int = 100,
    random_state: Any = None,
) -> pd.DataFrame:
    """Customer lifetime value (客户终身价值, CLV) from a transaction model and a spend model.

    Parameters
    ----------
    transaction_model : fitted BetaGeoModel, ParetoNBDModel, ModifiedBetaGeoModel or BetaGeoBetaBinomModel
        Forecasts the number of future purchases.
    spend_model : fitted GammaGammaModel, float or pandas.Series
        Expected spend per transaction (currency units); customers without a repeat purchase get
        the Gamma-Gamma population mean spend.
    summary : pandas.DataFrame
        Per-customer summary (``rfm_summary``) the forecasts are made for.
    horizon : int or numpy.inf
        Number of future periods (in ``time_unit``), or ``np.inf`` for the whole future with
        continuous discounting (DERT).
    discount_rate : float
        Discount rate per period of ``time_unit`` (e.g. 0.10 per year is about 0.0018 per week:
        :func:`per_period_discount_rate` gives ``1.10 ** (7 / 365.25) - 1``).
    margin : float or pandas.Series, default 1.0
        Profit margin as a share of spend (1.0 values revenue), one for every customer or, as
        a Series with the summary's index and order, one per customer (e.g. the historical
        margin rates of :func:`customer_margin`; at most 1, negative for a customer sold at a
        loss).
    time_unit : {"D", "W", "M"}, optional
        Unit in which ``horizon`` and ``discount_rate`` are stated. Must equal the model's and the
        summary's time unit; a mismatch is a ParameterError (never a silent conversion).
    currency : str, optional
        Currency of the spend; default ``summary.attrs["currency"]``.
    interval : float, optional
        If given (e.g. 0.9), add ``clv_lower`` / ``clv_upper``: a parametric-bootstrap interval
        over both models' parameter sampling distributions (``n_draws`` draws, ``random_state``).
        When a model has no standard errors (singular Hessian, e.g. a small sample) the bounds
        are NaN and ``attrs["interval_undefined_by"]`` names that model.

    Returns
    -------
    pandas.DataFrame
        Same index and order as ``summary``; columns ``expected_purchases`` (undiscounted, within
        the horizon; inf for an infinite one), ``discounted_purchases``, ``expected_spend``
        (currency per transaction) and ``clv`` (currency, present value); ``attrs`` state
        ``horizon``, ``discount_rate``, ``time_unit``, ``currency`` and ``margin`` (the share,
        or "per customer" when a Series was given).

    Notes
    -----
    Finite horizon H (discrete discounting at the end of each period)::

        CLV = margin * E[Z] * sum_{k=1..H} (E[X(k)] - E[X(k-1)]) / (1 + d)^k

    Infinite horizon (Fader, Hardie & Lee 2005b, "RFM and CLV", eq. 1-2)::

        CLV = margin * E[Z] * DERT(delta),  delta = ln(1 + d),
        DERT = int_0^inf exp(-delta t) dE[X(t)]

    in closed form for Pareto/NBD and by Gauss-Laguerre quadrature for the BG/NBD family.
    """
    if not hasattr(transaction_model, "params_"):
        raise ParameterError("customer_lifetime_value needs a fitted transaction model (call fit first).")
    try:
        horizon = float(horizon)
        d = float(discount_rate)
    except (TypeError, ValueError):
        raise ParameterError("horizon and discount_rate must be numbers.") from None
    if not (np.isinf(horizon) or (horizon > 0 and horizon == round(horizon))):
        raise ParameterError(f"horizon={horizon!r} must be a positive whole number of periods or np.inf.")
    if not (np.isfinite(d) and d >= 0) or (np.isinf(horizon) and d <= 0):
        raise ParameterError(
            f"discount_rate={discount_rate!r} must be >= 0 per period (> 0 for an infinite horizon)."
        )
    margin, margin_attr = _margin(margin, summary)
    unit = _resolve_unit(transaction_model, summary, time_unit)
    currency = currency or summary.attrs.get("currency") or getattr(spend_model, "currency_", None)

    purchases, discounted = _discounted_purchases(transaction_model, summary, horizon, d)
    spend = _spend(spend_model, summary)
    out = pd.DataFrame(
        {"expected_purchases": purchases, "discounted_purchases": discounted,
         "expected_spend": spend, "clv": margin * spend * discounted},
        index=summary.index,
    )
    undefined = None
    if interval is not None:
        interval = check_share("interval", interval, example="0.9")
        undefined = next((m.name for m in (transaction_model, spend_model)
                          if hasattr(m, "covariance_")
                          and not np.all(np.isfinite(m.covariance_.to_numpy()))), None)
    if interval is not None and undefined is not None:
        # a singular Hessian (e.g. a small sample): no sampling distribution to draw from
        out["clv_lower"] = out["clv_upper"] = np.nan
    elif interval is not None:
        rng = np.random.default_rng(random_state)
        t_draws = transaction_model.sample_params(n_draws, random_state=rng).to_numpy()
        s_draws = (spend_model.sample_params(n_draws, random_state=rng).to_numpy()
                   if hasattr(spend_model, "sample_params") else [None] * int(n_draws))
        sims = np.empty((int(n_draws), len(summary)))
        for i, (tp, sp) in enumerate(zip(t_draws, s_draws, strict=True)):
            tm = transaction_model.with_params(tp)
            sm = spend_model.with_params(sp) if sp is not None else spend_model
            sims[i] = margin * _spend(sm, summary) * _discounted_purchases(tm, summary, horizon, d)[1]
        lo, hi = np.quantile(sims, [(1 - interval) / 2, (1 + interval) / 2], axis=0)
        out["clv_lower"], out["clv_upper"] = lo, hi
    out.attrs.update({
        "horizon": horizon, "discount_rate": d, "time_unit": unit, "currency": currency,
        "margin": margin_attr, "transaction_model": getattr(transaction_model, "name", None),
        "interval": interval, "interval_undefined_by": undefined,
    })
    return out
