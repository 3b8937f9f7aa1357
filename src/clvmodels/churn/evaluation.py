"""Judging churn scores on an outcome (评估): AUC, precision and lift at the top, calibration, ROC."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._checks import check_share
from ..exceptions import ParameterError

__all__ = ["PROBABILISTIC_SIGNALS", "calibration_table", "evaluate_churn_scores", "roc_table"]

#: Signals whose score is a probability of churn (a calibration curve and Brier score apply).
PROBABILISTIC_SIGNALS = ("p_alive", "logistic", "gradient_boosting")
# (regular_overdue is a probability too, but of "would have bought by now", not of churn: no
# calibration curve for it)


def _aligned(scores: pd.DataFrame, y: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    if not scores.index.equals(y.index):
        raise ParameterError("scores and y must have the same customers in the same order.")
    return scores, np.asarray(y).astype(bool)


def evaluate_churn_scores(
    scores: pd.DataFrame,
    y: pd.Series,
    *,
    flags: pd.DataFrame | None = None,
    top_pct: float = 0.10,
    probabilistic: Sequence[str] = PROBABILISTIC_SIGNALS,
) -> pd.DataFrame:
    """Compare churn scores on one outcome (评估): AUC, average precision, precision/lift at top k%.

    Parameters
    ----------
    scores : DataFrame
        One column per signal, higher = more likely to churn; same index as ``y``.
    y : Series
        Outcome, True = churned (no purchase in the window, or dropped out).
    flags : DataFrame, optional
        The signals' yes/no flags (same columns); adds the flag's share, precision and recall.
    top_pct : float, keyword-only
        Share of customers, ranked by score, that a campaign would contact (default 10%).
    probabilistic : sequence of str
        Signals whose score is a probability; they get a Brier score.

    Returns
    -------
    DataFrame
        One row per signal: ``n`` (customers), ``base_rate`` (share churned), ``roc_auc``,
        ``average_precision``, ``precision_at_top``, ``lift_at_top`` (precision at top / base
        rate), ``flagged_share``, ``flag_precision``, ``flag_recall``, ``brier_score``.

    Notes
    -----
    .. math:: \\text{lift@k} = \\frac{P(\\text{churn} \\mid \\text{top } k\\%)}{P(\\text{churn})}
    """
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    top_pct = check_share("top_pct", top_pct, high_closed=True, where="evaluate_churn_scores")
    scores, y_arr = _aligned(scores, y)
    n = len(y_arr)
    base = float(y_arr.mean()) if n else math.nan
    both = 0 < y_arr.sum() < n
    n_top = max(1, math.ceil(top_pct * n))
    rows = {}
    for col in scores.columns:
        s = scores[col].to_numpy(dtype=float)
        order = np.argsort(-s, kind="stable")
        prec_top = float(y_arr[order[:n_top]].mean()) if n else math.nan
        row: dict[str, float] = {
            "n": float(n),
            "base_rate": base,
            "roc_auc": float(roc_auc_score(y_arr, s)) if both else math.nan,
            "average_precision": float(average_precision_score(y_arr, s)) if both else math.nan,
            "precision_at_top": prec_top,
            "lift_at_top": prec_top / base if base > 0 else math.nan,
            "flagged_share": math.nan,
            "flag_precision": math.nan,
            "flag_recall": math.nan,
            "brier_score": float(brier_score_loss(y_arr, np.clip(s, 0, 1)))
            if col in probabilistic and both else math.nan,
        }
        if flags is not None and col in flags.columns:
            f = flags[col].to_numpy().astype(bool)
            row["flagged_share"] = float(f.mean()) if n else math.nan
            row["flag_precision"] = float(y_arr[f].mean()) if f.any() else math.nan
            row["flag_recall"] = float(f[y_arr].mean()) if y_arr.any() else math.nan
        rows[col] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "signal"
    out["n"] = out["n"].astype(int)
    out.attrs["top_pct"] = top_pct
    return out


def calibration_table(
    scores: pd.DataFrame, y: pd.Series, *, n_bins: int = 10,
    probabilistic: Sequence[str] = PROBABILISTIC_SIGNALS,
) -> pd.DataFrame:
    """Calibration curve (校准曲线) of each probabilistic signal, on quantile bins.

    Returns
    -------
    DataFrame
        Long format: ``signal``, ``bin``, ``mean_predicted`` (probability), ``observed_rate``
        (share churned), ``count`` (customers).
    """
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or n_bins < 2:
        raise ParameterError(f"n_bins={n_bins!r} must be an integer >= 2, e.g. 10.")
    scores, y_arr = _aligned(scores, y)
    parts = []
    for col in scores.columns:
        if col not in probabilistic:
            continue
        s = scores[col].to_numpy(dtype=float)
        ranks = pd.Series(s).rank(method="first").to_numpy()
        b = np.minimum((ranks - 1) * n_bins // max(len(s), 1), n_bins - 1).astype(int)
        df = pd.DataFrame({"bin": b, "p": s, "y": y_arr.astype(float)})
        g = df.groupby("bin").agg(mean_predicted=("p", "mean"), observed_rate=("y", "mean"),
                                  count=("y", "size")).reset_index()
        g.insert(0, "signal", col)
        parts.append(g)
    if not parts:
        return pd.DataFrame(columns=["signal", "bin", "mean_predicted", "observed_rate", "count"])
    return pd.concat(parts, ignore_index=True)


def roc_table(scores: pd.DataFrame, y: pd.Series) -> pd.DataFrame:
    """ROC curve points (ROC 曲线) of each signal: ``signal``, ``fpr``, ``tpr`` (long format)."""
    from sklearn.metrics import roc_curve

    scores, y_arr = _aligned(scores, y)
    if not 0 < y_arr.sum() < len(y_arr):
        return pd.DataFrame(columns=["signal", "fpr", "tpr"])
    parts = []
    for col in scores.columns:
        fpr, tpr, _ = roc_curve(y_arr, scores[col].to_numpy(dtype=float))
        parts.append(pd.DataFrame({"signal": col, "fpr": fpr, "tpr": tpr}))
    return pd.concat(parts, ignore_index=True)

