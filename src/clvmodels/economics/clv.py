"""Customer lifetime value (客户终身价值, CLV) from fitted transaction and spend models.

Uses only the models' public interface (``expected_purchases``, ``expected_purchases_path``,
``discounted_expected_purchases``, ``expected_spend``, ``sample_params``, ``with_params``,
``name``). ``per_period_discount_rate`` (in :mod:`clvmodels.economics.discounting`) is re-exported
here, its former home.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_share
from .._units import check_time_unit
from ..exceptions import ParameterError
from .discounting import per_period_discount_rate

__all__ = ["customer_lifetime_value", "per_period_discount_rate"]


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
    margin: float = 1.0,
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
    margin : float, default 1.0
        Profit margin as a fraction of spend (1.0 values revenue).
    time_unit : {"D", "W", "M"}, optional
        Unit in which ``horizon`` and ``discount_rate`` are stated. Must equal the model's and the
        summary's time unit; a mismatch is a ParameterError (never a silent conversion).
    currency : str, optional
        Currency of the spend; default ``summary.attrs["currency"]``.
    interval : float, optional
        If given (e.g. 0.9), add ``clv_lower`` / ``clv_upper``: a parametric-bootstrap interval
        over both models' parameter sampling distributions (``n_draws`` draws, ``random_state``).

    Returns
    -------
    pandas.DataFrame
        Same index and order as ``summary``; columns ``expected_purchases`` (undiscounted, within
        the horizon; inf for an infinite one), ``discounted_purchases``, ``expected_spend``
        (currency per transaction) and ``clv`` (currency, present value); ``attrs`` state
        ``horizon``, ``discount_rate``, ``time_unit``, ``currency`` and ``margin``.

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
        margin = float(margin)
    except (TypeError, ValueError):
        raise ParameterError("horizon, discount_rate and margin must be numbers.") from None
    if not (np.isinf(horizon) or (horizon > 0 and horizon == round(horizon))):
        raise ParameterError(f"horizon={horizon!r} must be a positive whole number of periods or np.inf.")
    if not (np.isfinite(d) and d >= 0) or (np.isinf(horizon) and d <= 0):
        raise ParameterError(
            f"discount_rate={discount_rate!r} must be >= 0 per period (> 0 for an infinite horizon)."
        )
    margin = check_share("margin", margin, high_closed=True, example="0.3 (a share of spend)")
    unit = _resolve_unit(transaction_model, summary, time_unit)
    currency = currency or summary.attrs.get("currency") or getattr(spend_model, "currency_", None)

    purchases, discounted = _discounted_purchases(transaction_model, summary, horizon, d)
    spend = _spend(spend_model, summary)
    out = pd.DataFrame(
        {"expected_purchases": purchases, "discounted_purchases": discounted,
         "expected_spend": spend, "clv": margin * spend * discounted},
        index=summary.index,
    )
    if interval is not None:
        interval = check_share("interval", interval, example="0.9")
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
        "margin": margin, "transaction_model": getattr(transaction_model, "name", None),
        "interval": interval,
    })
    return out
