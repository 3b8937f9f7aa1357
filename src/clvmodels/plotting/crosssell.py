"""Plots: cross-selling (交叉销售) category affinity.

The table drawn here is computed by :func:`clvmodels.crosssell.category_affinity`; the function
only arranges it as a grid and draws.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..labels import label
from ._base import get_ax, plot_context

__all__ = ["plot_category_lift"]


def plot_category_lift(
    affinity: pd.DataFrame, *, annotate: bool = True, ax: Any = None, lang: str = "en"
) -> Any:
    """Heat map of the lift (提升度) of every category pair: rows A (bought), columns B.

    Cells are coloured on a log scale centred at lift 1 (red: buying A makes B more likely than
    average, blue: less likely); pairs below the minimum support of the table stay blank.

    Parameters
    ----------
    affinity : DataFrame
        ``antecedent``, ``consequent``, ``lift`` (:func:`clvmodels.crosssell.category_affinity`);
        the categories of ``attrs["categories"]`` give the order of rows and columns.
    annotate : bool, default True
        Write the lift in each cell.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    cats = list(affinity.attrs.get("categories", [])) or sorted(
        set(affinity["antecedent"].astype(str)) | set(affinity["consequent"].astype(str)))
    grid = pd.DataFrame(np.nan, index=cats, columns=cats)
    for a, b, lift in zip(affinity["antecedent"], affinity["consequent"], affinity["lift"],
                          strict=True):
        grid.loc[a, b] = lift
    values = grid.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_lift = np.log2(values)
    finite = np.isfinite(log_lift)
    span = float(np.max(np.abs(log_lift[finite]))) if finite.any() else 1.0
    span = max(span, 0.1)
    with plot_context(lang):
        size = 1.2 + 0.6 * len(cats)
        ax = get_ax(ax, figsize=(size + 1.5, size))
        image = ax.imshow(np.ma.masked_invalid(log_lift), cmap="RdBu_r", vmin=-span, vmax=span)
        ax.set_xticks(range(len(cats)), [str(c) for c in cats], rotation=45, ha="right")
        ax.set_yticks(range(len(cats)), [str(c) for c in cats])
        ax.set_xlabel(label("crosssell_col_consequent", lang))
        ax.set_ylabel(label("crosssell_col_antecedent", lang))
        ax.set_title(label("crosssell_title_lift", lang))
        if annotate and len(cats) <= 25:
            for i, j in zip(*np.nonzero(np.isfinite(values)), strict=True):
                ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize="small")
        bar = ax.figure.colorbar(image, ax=ax)
        ticks = np.linspace(-span, span, 5)
        bar.set_ticks(ticks)
        bar.set_ticklabels([f"{2.0 ** t:.2f}" for t in ticks])
        bar.set_label(label("crosssell_col_lift", lang))
    return ax
