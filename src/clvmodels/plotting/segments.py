"""Plots of the value frameworks, clustering and segment comparison (bilingual).

Each function draws data prepared by :mod:`clvmodels.segmentation` or :mod:`clvmodels.compare`
(``plot_<thing>(..., ax=None, lang="en") -> Axes``); matplotlib is imported when called.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..labels import TABLE, check_lang, label
from ._base import get_ax, plot_context

__all__ = [
    "plot_agreement",
    "plot_cluster_profiles",
    "plot_cluster_selection",
    "plot_migration",
    "plot_pyramid",
    "plot_segment_bars",
    "plot_segment_matrix",
    "plot_value_capture",
    "plot_whale_curve",
]


def _finish(ax: Any, lang: str) -> Any:
    """Give every text of ``ax`` a CJK-capable font for ``lang="zh"`` (also when ``ax`` was
    created before the CJK font was installed, e.g. by ``plt.subplots`` in a notebook cell)."""
    if lang == "zh":
        from matplotlib.text import Text

        from ._base import cjk_font_family

        family = cjk_font_family()
        if family is not None:
            for text in ax.findobj(Text):
                text.set_fontfamily([family, "DejaVu Sans"])
    return ax


def _seg_label(key: Any, lang: str) -> str:
    """Label of a segment key (:func:`clvmodels.segmentation.segment_label`); segmentation is
    imported when a plot is drawn, so importing the plots stays light."""
    from ..segmentation import segment_label

    return segment_label(key, lang)


def _fw_label(key: Any, lang: str) -> str:
    """Name of a framework key (:func:`clvmodels.segmentation.framework_name`)."""
    from ..segmentation import framework_name

    return framework_name(key, lang)


def _axis_label(column: str, lang: str) -> str:
    key = "axis_" + column
    return label(key if key in TABLE else column, lang)


def _pct(x: float) -> str:
    return "–" if not np.isfinite(x) else f"{100 * x:.0f}%"


def plot_whale_curve(
    values: Any,
    *,
    top_share: float = 0.2,
    bottom_share: float = 0.3,
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """Whale curve (鲸鱼曲线): cumulative share of value by share of customers ranked by value,
    with the 20/80 marker and the least valuable 30% shaded (20/80/30 rule).

    Parameters
    ----------
    values : Series or DataFrame
        Value per customer, or the output of :func:`clvmodels.segmentation.whale_curve`.
    top_share, bottom_share : float
        Positions of the markers (0.2 and 0.3).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    from ..segmentation import whale_curve

    check_lang(lang)
    curve = values if isinstance(values, pd.DataFrame) else whale_curve(values)
    x = curve["customer_share"].to_numpy()
    y = curve["cumulative_share"].to_numpy()
    with plot_context(lang):
        ax = get_ax(ax)
        ax.plot(x, y, color="C0", lw=2)
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
        y_top = float(np.interp(top_share, x, y))
        ax.axvline(top_share, color="C1", ls="--", lw=1)
        ax.axhline(0.8, color="grey", ls="--", lw=0.8)
        ax.plot([top_share], [y_top], "o", color="C1")
        ax.annotate(
            f"{label('pareto_marker_8020', lang)}: {_pct(top_share)} → {_pct(y_top)}",
            (top_share, y_top), xytext=(10, -25), textcoords="offset points", color="C1",
        )
        start = 1 - bottom_share
        ax.axvspan(start, 1, color="C3", alpha=0.12)
        y_start = float(np.interp(start, x, y))
        ax.annotate(
            f"{label('pareto_marker_bottom', lang)}: {_pct(y[-1] - y_start)}",
            (start + 0.01, min(y_start, y[-1])), xytext=(0, -30), textcoords="offset points",
            color="C3",
        )
        if y.max() > 1.0001:
            i = int(np.argmax(y))
            ax.plot([x[i]], [y[i]], "^", color="C3")
            ax.annotate(f"{label('pareto_peak', lang)}: {_pct(y[i])}", (x[i], y[i]),
                        xytext=(-60, 8), textcoords="offset points", color="C3")
        ax.set_xlim(0, 1)
        ax.set_xlabel(label("pareto_share_customers", lang))
        ax.set_ylabel(label("pareto_share_value", lang))
        ax.set_title(label("fw_pareto", lang))
        ax.xaxis.set_major_formatter(_percent_formatter())
        ax.yaxis.set_major_formatter(_percent_formatter())
    return _finish(ax, lang)


def _percent_formatter() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0)


def plot_pyramid(summary: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Customer pyramid (客户金字塔): tiers from important (top) to small (bottom), each with its
    share of customers and share of value.

    Parameters
    ----------
    summary : DataFrame
        :func:`clvmodels.compare.segment_summary` of the pyramid labels, with value.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    order = ["pyramid_important", "pyramid_secondary", "pyramid_ordinary", "pyramid_small"]
    rows = summary.reindex([k for k in order if k in summary.index])
    n = len(rows)
    with plot_context(lang):
        ax = get_ax(ax, figsize=(7.0, 4.5))
        colors = ["#8c1c13", "#bf4342", "#e7d7c1", "#a5a58d"]
        for i, (key, row) in enumerate(rows.iterrows()):
            level = n - 1 - i  # top tier drawn highest
            half_top, half_bottom = (i + 0.0) / n, (i + 1.0) / n
            xs = [-half_top, half_top, half_bottom, -half_bottom]
            ys = [level + 1, level + 1, level, level]
            ax.fill(xs, ys, color=colors[order.index(key)], ec="white", lw=2)
            text = (f"{_seg_label(key, lang)}\n{label('cmp_share_customers', lang)} "
                    f"{_pct(row['share_customers'])}")
            if "share_value" in row:
                text += f" · {label('cmp_share_value', lang)} {_pct(row['share_value'])}"
            ax.text(1.05, level + 0.5, text, va="center", fontsize=9)
        ax.set_xlim(-1.05, 2.6)
        ax.set_ylim(0, n)
        ax.axis("off")
        ax.set_title(label("fw_pyramid", lang))
    return _finish(ax, lang)


def plot_segment_matrix(
    result: pd.DataFrame,
    value: pd.Series | None = None,
    *,
    title: str | None = None,
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """A 2x2 or 3x3 framework as a grid: segment name, customer count and value share per cell.

    Parameters
    ----------
    result : DataFrame
        ``predict`` output of a matrix framework or the value grid (has ``attrs["layout"]``).
    value : Series, optional
        Value per customer for the value shares (default: the framework's ``x`` axis when it
        is a value, else counts only).
    title : str, optional
        Default: the framework's name.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    layout = result.attrs.get("layout")
    if layout is None:
        raise ValueError("result has no layout: pass the predict output of a matrix framework.")
    xs, ys = layout["x_levels"], layout["y_levels"]
    xl, yl = result[layout["x_level"]], result[layout["y_level"]]
    counts = np.zeros((len(ys), len(xs)))
    vals = np.zeros((len(ys), len(xs)))
    v = None if value is None else value.reindex(result.index).fillna(0.0).astype(float)
    total = float(v.sum()) if v is not None else np.nan
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            mask = (yl == yv) & (xl == xv)
            counts[i, j] = mask.sum()
            if v is not None:
                vals[i, j] = v[mask].sum()
    n_all = len(result)
    with plot_context(lang):
        ax = get_ax(ax, figsize=(6.0, 5.0))
        shade = vals / total if v is not None and total else counts / max(n_all, 1)
        ax.imshow(shade, origin="lower", cmap="YlOrRd", vmin=0, aspect="auto")
        for i, yv in enumerate(ys):
            for j, xv in enumerate(xs):
                seg = layout["cells"].get(f"{yv}|{xv}", "")
                text = f"{_seg_label(seg, lang)}\nn={int(counts[i, j])}"
                if v is not None and total:
                    text += f"\n{label('cmp_share_value', lang)} {_pct(vals[i, j] / total)}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(xs)))
        ax.set_xticklabels([label("level_" + x, lang) for x in xs])
        ax.set_yticks(range(len(ys)))
        ax.set_yticklabels([label("level_" + y, lang) for y in ys])
        ax.set_xlabel(_axis_label(layout["x"], lang))
        ax.set_ylabel(_axis_label(layout["y"], lang))
        from ..segmentation import UNCLASSIFIED

        n_unc = int((result["segment"] == UNCLASSIFIED).sum())
        head = title or _fw_label(result.attrs.get("framework", ""), lang)
        if n_unc:
            head += f" ({label('unclassified', lang)}: {n_unc})"
        ax.set_title(head)
    return _finish(ax, lang)


def plot_segment_bars(
    summary: pd.DataFrame, *, title: str | None = None, ax: Any = None, lang: str = "en"
) -> Any:
    """Share of customers next to share of value for each segment.

    Parameters
    ----------
    summary : DataFrame
        :func:`clvmodels.compare.segment_summary` (``share_value`` optional).
    title : str, optional
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    labels = [_seg_label(k, lang) for k in summary.index]
    y = np.arange(len(summary))
    with plot_context(lang):
        ax = get_ax(ax, figsize=(7.0, 0.45 * len(summary) + 1.5))
        h = 0.4 if "share_value" in summary else 0.8
        ax.barh(y - (h / 2 if h < 0.8 else 0), summary["share_customers"], height=h,
                color="C0", label=label("cmp_share_customers", lang))
        if "share_value" in summary:
            ax.barh(y + h / 2, summary["share_value"], height=h, color="C1",
                    label=label("cmp_share_value", lang))
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_percent_formatter())
        ax.legend(loc="lower right")
        if title:
            ax.set_title(title)
    return _finish(ax, lang)


def plot_cluster_profiles(profile: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Heatmap of cluster profiles: colour = column-standardized mean, text = the mean itself.

    Parameters
    ----------
    profile : DataFrame
        :func:`clvmodels.segmentation.cluster_profile`.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    cols = [c for c in ("share_customers", "share_value", "mean_recency", "mean_frequency",
                        "mean_monetary", "mean_p_alive", "mean_clv") if c in profile.columns]
    data = profile[cols].astype(float)
    sd = data.std(ddof=0).replace(0, 1.0)
    z = ((data - data.mean()) / sd).fillna(0.0)
    names = {"share_customers": "cmp_share_customers", "share_value": "cmp_share_value",
             "mean_recency": "cluster_mean_recency", "mean_frequency": "cluster_mean_frequency",
             "mean_monetary": "cluster_mean_monetary", "mean_p_alive": "cluster_mean_p_alive",
             "mean_clv": "cluster_mean_clv"}
    with plot_context(lang):
        ax = get_ax(ax, figsize=(1.3 * len(cols) + 3, 0.6 * len(data) + 1.8))
        ax.imshow(z.to_numpy(), cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
        for i in range(len(data)):
            for j, c in enumerate(cols):
                val = data.iloc[i, j]
                txt = _pct(val) if c.startswith("share") or c == "mean_p_alive" else f"{val:,.0f}"
                ax.text(j, i, txt, ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels([label(names[c], lang) for c in cols], rotation=30, ha="right")
        ax.set_yticks(range(len(data)))
        ax.set_yticklabels([_seg_label(k, lang) for k in data.index])
        ax.set_title(label("cluster_profile_z", lang))
    return _finish(ax, lang)


def plot_agreement(
    matrix: pd.DataFrame, *, metric: str = "ari", ax: Any = None, lang: str = "en"
) -> Any:
    """Heatmap of agreement (adjusted Rand index or NMI) between every pair of segmentations.

    Parameters
    ----------
    matrix : DataFrame
        :func:`clvmodels.compare.agreement`.
    metric : {"ari", "nmi"}
        Used for the title.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    names = [_fw_label(k, lang) for k in matrix.index]
    with plot_context(lang):
        k = len(matrix)
        ax = get_ax(ax, figsize=(0.7 * k + 3, 0.6 * k + 2))
        ax.imshow(matrix.to_numpy(dtype=float), cmap="viridis", vmin=0, vmax=1)
        for i in range(k):
            for j in range(k):
                val = matrix.iloc[i, j]
                ax.text(j, i, "–" if not np.isfinite(val) else f"{val:.2f}", ha="center",
                        va="center", fontsize=7, color="white" if val < 0.6 else "black")
        ax.set_xticks(range(k))
        ax.set_xticklabels(names, rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(k))
        ax.set_yticklabels(names, fontsize=8)
        ax.set_title(label("cmp_" + metric, lang))
    return _finish(ax, lang)


def plot_migration(matrix: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Migration heatmap (客户群体迁移): earlier segment (rows) to later segment (columns);
    colour = share of the row, text = customers.

    Parameters
    ----------
    matrix : DataFrame
        :func:`clvmodels.compare.migration_matrix` with counts (keys, not translated).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    counts = matrix.to_numpy(dtype=float)
    rows = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    with plot_context(lang):
        ax = get_ax(ax, figsize=(0.9 * matrix.shape[1] + 3, 0.6 * matrix.shape[0] + 2))
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        for i in range(counts.shape[0]):
            for j in range(counts.shape[1]):
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=8,
                        color="white" if share[i, j] > 0.6 else "black")
        ax.set_xticks(range(matrix.shape[1]))
        ax.set_xticklabels([_seg_label(k, lang) for k in matrix.columns], rotation=30,
                           ha="right", fontsize=8)
        ax.set_yticks(range(matrix.shape[0]))
        ax.set_yticklabels([_seg_label(k, lang) for k in matrix.index], fontsize=8)
        ax.set_xlabel(label("cmp_after", lang))
        ax.set_ylabel(label("cmp_before", lang))
        ax.set_title(label("cmp_migration", lang))
    return _finish(ax, lang)


def plot_value_capture(capture: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Holdout value captured by each framework's top segment vs its share of customers.

    Parameters
    ----------
    capture : DataFrame
        :func:`clvmodels.compare.value_capture`.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    names = [f"{_fw_label(k, lang)}: {row['label']}" for k, row in capture.iterrows()]
    y = np.arange(len(capture))
    with plot_context(lang):
        ax = get_ax(ax, figsize=(8.0, 0.5 * len(capture) + 1.5))
        ax.barh(y - 0.2, capture["share_customers"], height=0.4, color="C0",
                label=label("cmp_share_customers", lang))
        ax.barh(y + 0.2, capture["share_holdout_value"], height=0.4, color="C2",
                label=label("cmp_share_holdout", lang))
        for i, lift in enumerate(capture["lift"]):
            ax.text(max(capture["share_holdout_value"].iloc[i],
                        capture["share_customers"].iloc[i]) + 0.01, i, f"×{lift:.1f}",
                    va="center", fontsize=8)
        ax.set_yticks(y)
        ax.set_yticklabels(names, fontsize=8)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_percent_formatter())
        ax.legend(loc="lower right")
        ax.set_title(label("cmp_value_capture", lang))
    return _finish(ax, lang)


def plot_cluster_selection(scores: pd.Series, *, ax: Any = None, lang: str = "en") -> Any:
    """Silhouette score (K-means, higher is better) or BIC (Gaussian mixture, lower is better)
    by number of clusters k, with the chosen k marked.

    Parameters
    ----------
    scores : Series
        ``RFMClustering.scores_`` (name "silhouette" or "bic", index k).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    check_lang(lang)
    is_bic = scores.name == "bic"
    best = scores.idxmin() if is_bic else scores.idxmax()
    with plot_context(lang):
        ax = get_ax(ax, figsize=(5.5, 3.5))
        ax.plot(scores.index, scores.to_numpy(), "o-", color="C0")
        ax.plot([best], [scores[best]], "o", ms=12, mfc="none", mec="C3", mew=2)
        ax.set_xlabel(label("cluster_k", lang))
        ax.set_ylabel(label("cluster_bic" if is_bic else "cluster_silhouette", lang))
        ax.set_xticks(list(scores.index))
    return _finish(ax, lang)
