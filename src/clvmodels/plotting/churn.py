"""Plots: churn warning (流失预警) signals compared on a later window.

The tables drawn here are computed by :mod:`clvmodels.churn` (``roc_table``,
``calibration_table``, ``evaluate_churn_scores``); the functions only draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..labels import label
from ._base import get_ax, plot_context

__all__ = ["plot_churn_calibration", "plot_churn_comparison", "plot_churn_roc"]

_COLORS = {"p_alive": "#1f77b4", "overdue": "#ff7f0e", "logistic": "#2ca02c",
           "gradient_boosting": "#d62728", "regular_overdue": "#9467bd"}


def plot_churn_roc(
    roc: pd.DataFrame, *, evaluation: pd.DataFrame | None = None, ax: Any = None, lang: str = "en"
) -> Any:
    """ROC curve of each churn signal (ROC 曲线), with the random diagonal.

    Parameters
    ----------
    roc : DataFrame
        ``signal``, ``fpr``, ``tpr`` (``clvmodels.churn.roc_table`` or ``ChurnWarningResult.roc``).
    evaluation : DataFrame, optional
        Per-signal table with ``roc_auc`` (index ``signal``) to put the AUC in the legend.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(5.5, 5))
        for signal, part in roc.groupby("signal", sort=False):
            name = label(f"churn_signal_{signal}", lang)
            if evaluation is not None and signal in evaluation.index:
                name = f"{name} (AUC {evaluation.loc[signal, 'roc_auc']:.3f})"
            ax.plot(part["fpr"], part["tpr"], label=name, color=_COLORS.get(str(signal)))
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label=label("churn_signal_random", lang))
        ax.set_xlabel(label("churn_axis_fpr", lang))
        ax.set_ylabel(label("churn_axis_tpr", lang))
        ax.set_title(label("churn_title_roc", lang))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_churn_calibration(calibration: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Calibration curve (校准曲线): mean predicted churn probability against the observed share.

    Parameters
    ----------
    calibration : DataFrame
        ``signal``, ``mean_predicted``, ``observed_rate`` (``clvmodels.churn.calibration_table``).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(5.5, 5))
        for signal, part in calibration.groupby("signal", sort=False):
            ax.plot(part["mean_predicted"], part["observed_rate"], marker="o",
                    label=label(f"churn_signal_{signal}", lang), color=_COLORS.get(str(signal)))
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label=label("churn_axis_perfect", lang))
        ax.set_xlabel(label("churn_axis_predicted", lang))
        ax.set_ylabel(label("churn_axis_observed", lang))
        ax.set_title(label("churn_title_calibration", lang))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_churn_comparison(
    evaluation: pd.DataFrame,
    *,
    metrics: Sequence[str] = ("roc_auc", "average_precision", "lift_at_top"),
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """Side-by-side bars of evaluation metrics per churn signal (信号比较).

    Parameters
    ----------
    evaluation : DataFrame
        Index ``signal`` (one target), columns including ``metrics``
        (``clvmodels.churn.evaluate_churn_scores``).
    metrics : sequence of str
        Columns to draw, one group of bars each.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    import numpy as np

    with plot_context(lang):
        ax = get_ax(ax, figsize=(8, 4))
        signals = list(evaluation.index)
        width = 0.8 / max(len(signals), 1)
        x = np.arange(len(metrics))
        for i, signal in enumerate(signals):
            values = [float(evaluation.loc[signal, m]) for m in metrics]
            bars = ax.bar(x + i * width, values, width, label=label(f"churn_signal_{signal}", lang),
                          color=_COLORS.get(str(signal)))
            ax.bar_label(bars, fmt="%.2f", fontsize="x-small")
        ax.set_xticks(x + width * (len(signals) - 1) / 2)
        ax.set_xticklabels([label(f"churn_metric_{m}", lang) for m in metrics])
        if "roc_auc" in metrics:
            ax.axhline(0.5, ls=":", color="grey", lw=1)
        if "lift_at_top" in metrics:
            ax.axhline(1.0, ls="--", color="grey", lw=1)
        ax.set_title(label("churn_h_comparison", lang))
        ax.legend(fontsize="small")
    return ax
