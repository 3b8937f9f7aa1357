"""Plots: transaction log, spend distribution and RFM scores (RFM 模型)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..labels import label
from ._base import get_ax, plot_context

__all__ = [
    "plot_rfm_heatmap",
    "plot_rfm_segment_sizes",
    "plot_spend_distribution",
    "plot_transactions_over_time",
]


def plot_transactions_over_time(
    transactions: pd.DataFrame, *, freq: str = "W", ax: Any = None, lang: str = "en"
) -> Any:
    """Number of transactions and revenue per period.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    freq : {"D", "W", "M"}
        Period of the bars: day, week or month.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    rule = {"D": "D", "W": "W-MON", "M": "MS"}[freq]
    counts = transactions.set_index("date")["amount"].resample(rule).agg(["size", "sum"])
    with plot_context(lang):
        ax = get_ax(ax, figsize=(9, 3.5))
        ax.plot(counts.index, counts["size"], color="#1f77b4")
        ax.set_ylabel(label("transactions", lang))
        ax.set_xlabel(label("date", lang))
        unit = label(f"unit_{freq}", lang)
        ax.set_title(label("per_unit_title", lang).format(what=label("transactions", lang), unit=unit))
        ax2 = ax.twinx()
        ax2.plot(counts.index, counts["sum"], color="#ff7f0e", alpha=0.7)
        ax2.set_ylabel(f"{label('revenue', lang)} ({transactions.attrs.get('currency', 'USD')})")
    return ax


def plot_spend_distribution(features: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Histogram of total spend per customer on a log scale.

    Parameters
    ----------
    features : DataFrame
        Output of :func:`clvmodels.features.customer_features`.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    import seaborn as sns

    spend = features["total_spend"]
    spend = spend[spend > 0]
    currency = features.attrs.get("currency", "USD")
    with plot_context(lang):
        ax = get_ax(ax)
        sns.histplot(x=spend, log_scale=True, bins=40, ax=ax, color="#4c72b0")
        ax.set_xlabel(f"{label('total_spend', lang)} ({currency}, log)")
        ax.set_ylabel(label("customers", lang))
        ax.axvline(float(np.median(spend)), color="k", ls="--", lw=1)
    return ax


def plot_rfm_heatmap(
    scores: pd.DataFrame,
    *,
    values: pd.Series | None = None,
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """R x F heatmap of customer counts, or of the mean of ``values`` (e.g. total spend).

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`clvmodels.features.rfm_scores`.
    values : Series, optional
        Per-customer values aligned with ``scores``; the cell shows their mean.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    import seaborn as sns

    n_bins = int(scores.attrs.get("n_bins", 5))
    levels = list(range(1, n_bins + 1))
    if values is None:
        table = pd.crosstab(scores["R"], scores["F"])
        fmt = "d"
    else:
        table = pd.crosstab(scores["R"], scores["F"], values=values.reindex(scores.index),
                            aggfunc="mean")
        fmt = ".0f"
    table = table.reindex(index=levels[::-1], columns=levels)
    with plot_context(lang):
        ax = get_ax(ax, figsize=(6, 5))
        sns.heatmap(table, annot=True, fmt=fmt if values is not None else "g", cmap="YlGnBu",
                    ax=ax, cbar=True)
        ax.set_xlabel(label("rfm_f_score", lang))
        ax.set_ylabel(label("rfm_r_score", lang))
    return ax


def plot_rfm_segment_sizes(
    segments: pd.DataFrame,
    *,
    values: pd.Series | None = None,
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """Share of customers (and of ``values``, e.g. revenue) in each RFM segment.

    Parameters
    ----------
    segments : DataFrame
        Output of :func:`clvmodels.features.rfm_segments`.
    values : Series, optional
        Per-customer value; adds a second bar with each segment's share of it.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    seg = segments["segment"].astype(str)
    order = [s for s in segments["segment"].cat.categories if (seg == s).any()]
    share = seg.value_counts(normalize=True).reindex(order)
    names = [label(s, lang) for s in order]
    y = np.arange(len(order))
    with plot_context(lang):
        ax = get_ax(ax, figsize=(7, 5))
        height = 0.4 if values is not None else 0.7
        ax.barh(y - (height / 2 if values is not None else 0), share.to_numpy(), height=height,
                label=label("customers", lang))
        if values is not None:
            v = values.reindex(segments.index)
            vshare = v.groupby(seg).sum().reindex(order) / v.sum()
            ax.barh(y + height / 2, vshare.to_numpy(), height=height, label=label("revenue", lang))
            ax.legend()
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlabel(label("share", lang))
    return ax
