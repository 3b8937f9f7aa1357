"""The unsupervised churn signals (流失信号): P(alive) from a model, the overdue purchase cycle, and
the model-based overdue probability of a regular buyer ((M)BG/CNBD-k)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive, check_share
from ..exceptions import DataValidationError, ParameterError

__all__ = ["overdue_signal", "palive_signal", "regular_overdue_signal"]


def palive_signal(model: Any, summary: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Model-based churn signal (模型预警): P(alive) below ``threshold``.

    Parameters
    ----------
    model : fitted transaction model
        Any object with ``probability_alive(summary)`` returning one probability per row
        (clvmodels' BG/NBD, Pareto/NBD, MBG/NBD, or an adapter around lifetimes' fitters).
    summary : DataFrame
        The ``rfm_summary`` at the scoring date, indexed by ``customer_id``.
    threshold : float, keyword-only
        Flag customers whose P(alive) is below this (default 0.5).

    Returns
    -------
    DataFrame
        Same index and order as ``summary``: ``p_alive`` (probability), ``churn_score``
        (1 - P(alive)), ``flag`` (bool). ``attrs["threshold"]``: the threshold used.

    Notes
    -----
    .. math:: \\text{flag}_i = [P(\\text{alive}_i \\mid x_i, t_{x,i}, T_i) < \\theta]
    """
    check_share("threshold", threshold, where="palive_signal")
    if not hasattr(model, "probability_alive"):
        raise ParameterError(
            f"model {type(model).__name__} has no probability_alive method; pass a fitted "
            f"transaction model such as clvmodels.models.BetaGeoModel."
        )
    p = model.probability_alive(summary)
    p = pd.Series(np.asarray(p, dtype=float).ravel(), index=summary.index) if not isinstance(
        p, pd.Series) else p.reindex(summary.index)
    if len(p) != len(summary) or p.isna().any() or ((p < 0) | (p > 1)).any():
        raise DataValidationError(
            "model.probability_alive(summary) did not return one probability in [0, 1] per "
            "customer of summary; check that the model is fitted on the same kind of summary."
        )
    out = pd.DataFrame({"p_alive": p.to_numpy(), "churn_score": 1.0 - p.to_numpy(),
                        "flag": (p < threshold).to_numpy()}, index=summary.index)
    out.attrs = {"threshold": threshold}
    return out


def overdue_signal(features: pd.DataFrame, *, k: float = 2.0) -> pd.DataFrame:
    """Abnormal purchase behaviour (购买行为异常): overdue by more than ``k`` purchase cycles.

    Parameters
    ----------
    features : DataFrame
        Per-customer features with ``days_since_last_purchase``, ``avg_cycle_days`` (NaN for
        one-time buyers) and ``n_purchase_days`` (e.g. :func:`churn_features` or
        ``clvmodels.features.customer_features``).
    k : float, keyword-only
        Multiple of the purchase cycle after which a customer is overdue (default 2).

    Returns
    -------
    DataFrame
        Same index and order as ``features``: ``days_since_last_purchase`` (days),
        ``cycle_days`` (the cycle used, days), ``cycle_source`` ("own" or "population": one-time
        buyers have no cycle of their own and are judged against the population's median cycle),
        ``overdue_ratio`` (days since last purchase / cycle; the score), ``flag`` (bool).
        ``attrs["k"]``: the multiple used.

    Notes
    -----
    .. math:: \\text{flag}_i = [\\,d_i > k \\cdot \\bar c_i\\,], \\quad \\bar c_i =
              \\text{own mean cycle, or the median over repeat buyers for one-time buyers}
    """
    k = check_positive("k", k, where="overdue_signal")
    needed = ["days_since_last_purchase", "avg_cycle_days", "n_purchase_days"]
    missing = [c for c in needed if c not in features.columns]
    if missing:
        raise ParameterError(
            f"features lack column(s) {missing}; build them with churn_features or "
            f"clvmodels.features.customer_features."
        )
    one_time = features["n_purchase_days"].to_numpy() <= 1
    own = features["avg_cycle_days"].astype(float)
    repeaters = own[~one_time].dropna()
    pop = float(repeaters.median()) if len(repeaters) else math.nan
    if "population_cycle_days" in features.columns and len(features):
        pop = float(features["population_cycle_days"].iloc[0])
    if not np.isfinite(pop):
        raise DataValidationError(
            "overdue_signal: no customer has two purchase days, so no purchase cycle can be "
            "measured; use a longer history."
        )
    cycle = own.where(~one_time, pop).clip(lower=1.0)
    days = features["days_since_last_purchase"].astype(float)
    ratio = days / cycle
    out = pd.DataFrame(
        {
            "days_since_last_purchase": days.to_numpy(),
            "cycle_days": cycle.to_numpy(),
            "cycle_source": np.where(one_time, "population", "own"),
            "overdue_ratio": ratio.to_numpy(),
            "flag": (ratio > k).to_numpy(),
        },
        index=features.index,
    )
    out.attrs = {"k": k}
    return out


def regular_overdue_signal(model: Any, summary: pd.DataFrame, *, threshold: float = 0.9) -> pd.DataFrame:
    """Model-based overdue signal (规律购买逾期): a regular buyer's next purchase is overdue.

    The rule-based :func:`overdue_signal` compares the days since the last purchase with the
    customer's mean cycle times ``k``; a regular-buyer model turns the same idea into a
    probability: the chance that, had the customer stayed active, their next purchase would
    already have come (from their own purchase rhythm, see
    :meth:`clvmodels.models.BetaGeoCNBDModel.overdue_probability`).

    Parameters
    ----------
    model : fitted BetaGeoCNBDModel or ModifiedBetaGeoCNBDModel
        Any object with ``overdue_probability(summary)``.
    summary : DataFrame
        The ``rfm_summary`` at the scoring date, indexed by ``customer_id``.
    threshold : float, keyword-only
        Flag customers whose overdue probability is at least this (default 0.9: a silence
        longer than 90% of an active customer's next inter-purchase times).

    Returns
    -------
    DataFrame
        Same index and order as ``summary``: ``p_overdue`` (probability; the score) and ``flag``.
        ``attrs["threshold"]``: the threshold used.
    """
    check_share("threshold", threshold, where="regular_overdue_signal")
    if not hasattr(model, "overdue_probability"):
        raise ParameterError(
            f"model {type(model).__name__} has no overdue_probability method; pass a fitted "
            f"clvmodels.models.BetaGeoCNBDModel or ModifiedBetaGeoCNBDModel."
        )
    p = pd.Series(model.overdue_probability(summary), dtype=float).reindex(summary.index)
    if p.isna().any() or ((p < 0) | (p > 1)).any():
        raise DataValidationError(
            "model.overdue_probability(summary) did not return one probability in [0, 1] per "
            "customer of summary; check that the model is fitted on the same kind of summary."
        )
    out = pd.DataFrame({"p_overdue": p.to_numpy(), "flag": (p >= threshold).to_numpy()},
                       index=summary.index)
    out.attrs = {"threshold": threshold}
    return out
