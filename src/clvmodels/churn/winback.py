"""Win-back list (流失客户挽回名单): dormant customers ranked by their value if won back."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import DataValidationError, ParameterError
from ..labels import check_lang
from .narrative import _reasons
from .warning import ChurnWarningResult

__all__ = ["winback_list"]


def _signal_names(flags: pd.DataFrame) -> pd.Series:
    """Names of the flagging signals per customer, "|"-separated (one string per combination)."""
    if not len(flags):
        return pd.Series(dtype=str)
    bits = np.zeros(len(flags), dtype=np.int64)
    for j, col in enumerate(flags.columns):
        bits |= flags[col].to_numpy(dtype=bool).astype(np.int64) << j
    combos = {int(b): "|".join(c for j, c in enumerate(flags.columns) if (int(b) >> j) & 1)
              for b in np.unique(bits)}
    return pd.Series([combos[b] for b in bits.tolist()], index=flags.index)


def winback_list(
    result: ChurnWarningResult,
    *,
    horizon_days: float | None = None,
    spend: pd.Series | None = None,
    prior_days: float = 365.0,
    min_signals: int = 1,
    top: int | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Win-back list (流失客户挽回名单): dormant customers ranked by their value if won back.

    "One missed purchase is not forever": a flagged customer who is won back returns to their
    past buying pace. Their value if won back is what they would spend over ``horizon_days`` at
    that pace. The pace is the customer's repeat purchase rate shrunk towards the population's,
    so that a customer with two purchases a day apart is not credited with one purchase a day.

    Parameters
    ----------
    result : ChurnWarningResult
        Output of :func:`churn_warning`.
    horizon_days : float, optional
        Horizon of the value, in days (default: the evaluation window of ``result``).
    spend : Series, optional
        Expected spend per purchase by customer (e.g. ``GammaGammaModel.expected_spend``);
        default: the customer's own average spend per purchase day.
    prior_days : float, keyword-only
        Weight of the population rate, in days of observation (default 365): a customer
        observed for ``prior_days`` counts as much as the population.
    min_signals : int
        A customer is dormant when at least this many signals flag them (default 1).
    top : int, optional
        Keep only the first ``top`` rows.
    lang : {"en", "zh"}
        Language of the ``reason`` text.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, highest value first: ``value_if_won_back`` (currency over
        ``horizon_days``), ``purchases_per_year`` (purchase days per 365 days, shrunk),
        ``spend_per_purchase`` (currency), ``days_since_last_purchase`` (days), ``n_signals``
        (count), ``signals`` (names of the flagging signals, "|"-separated), ``reason`` (text).
        ``attrs``: ``horizon_days``, ``currency``.

    Notes
    -----
    .. math:: \\lambda_i = \\frac{x_i + \\bar\\lambda\\, b}{T_i + b}, \\qquad
              V_i = H \\cdot \\lambda_i \\cdot \\bar s_i

    with :math:`x_i` repeat purchase days over the tenure :math:`T_i` (days),
    :math:`\\bar\\lambda = \\sum x / \\sum T` the population rate, :math:`b` = ``prior_days``
    (the gamma-Poisson posterior mean, as in the BG/NBD's purchase part), :math:`H` the horizon
    in days and :math:`\\bar s_i` the spend per purchase. Undiscounted.
    """
    check_lang(lang)
    if not isinstance(result, ChurnWarningResult):
        raise ParameterError("result must be the ChurnWarningResult returned by churn_warning.")
    h = check_positive("horizon_days", horizon_days, where="winback_list") \
        if horizon_days is not None else result.settings["window_days"]
    b = check_positive("prior_days", prior_days, where="winback_list")
    if isinstance(min_signals, bool) or not isinstance(min_signals, int) or min_signals < 1:
        raise ParameterError(f"min_signals={min_signals!r} must be an integer >= 1.")
    sig = result.signals
    flags = result.flags()
    feats = result.features
    x = (feats["n_purchase_days"] - 1).clip(lower=0)
    tenure = feats["tenure_days"].clip(lower=1)
    pop_rate = float(x.sum() / tenure.sum()) if len(x) else 0.0
    rate = (x + pop_rate * b) / (tenure + b)
    if spend is None:
        per_purchase = feats["total_spend"] / feats["n_purchase_days"].clip(lower=1)
    else:
        per_purchase = pd.Series(spend, dtype=float).reindex(sig.index)
        if per_purchase.isna().any():
            raise DataValidationError(
                f"spend is missing for {int(per_purchase.isna().sum())} customer(s); pass one "
                f"expected spend per customer of the churn result."
            )
    names = _signal_names(flags)
    out = pd.DataFrame({
        "value_if_won_back": h * rate * per_purchase,
        "purchases_per_year": rate * 365.0,
        "spend_per_purchase": per_purchase,
        "days_since_last_purchase": sig["days_since_last_purchase"],
        "n_signals": flags.sum(axis=1).astype(int),
        "signals": names,
    }, index=sig.index)
    out = out.loc[out["n_signals"] >= min_signals]
    out = out.sort_values("value_if_won_back", ascending=False, kind="stable")
    if top is not None:
        out = out.head(int(top))
    out["reason"] = _reasons(sig.loc[out.index], result.settings, lang)
    out.attrs = {"horizon_days": h, "currency": result.settings.get("currency", "USD")}
    return out
