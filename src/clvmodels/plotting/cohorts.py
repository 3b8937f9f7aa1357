"""Plots: the cohort retention heat map (客户群组分析)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_choice
from ..exceptions import DataValidationError
from ..labels import label
from ._base import get_ax, plot_context

__all__ = ["plot_cohort_heatmap"]

#: value= of the heat map -> (measure of the cohort table, title key, percent?)
_VALUES = {
    "share": ("customers_share", "cohort_title_share", True),
    "customers": ("customers", "cohort_title_customers", False),
    "revenue": ("revenue", "cohort_title_revenue", False),
    "revenue_share": ("revenue_share", "cohort_title_revenue_share", True),
}
#: Largest table (cohorts x periods) whose cells are annotated with their numbers.
_MAX_ANNOTATED = 24


def plot_cohort_heatmap(
    table: pd.DataFrame, *, value: str = "share", ax: Any = None, lang: str = "en"
) -> Any:
    """Heat map of a cohort table: cohorts down, periods since acquisition across.

    Cells not yet observed (NaN) are left blank; each cohort's label carries its size. Tables of
    at most 24 cohorts and 24 periods show the numbers in the cells.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`clvmodels.features.cohort_table`.
    value : {"share", "customers", "revenue", "revenue_share"}, default "share"
        ``"share"``: active customers as % of the cohort; ``"customers"``: active customers;
        ``"revenue"``: revenue (in the table's currency); ``"revenue_share"``: revenue as % of
        the cohort's first period.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ParameterError
        For an unknown ``value``.
    DataValidationError
        When ``table`` lacks the measure (e.g. ``value="revenue"`` on a customers-only table).
    """
    import seaborn as sns

    value = check_choice("value", value, tuple(_VALUES), where="plot_cohort_heatmap")
    measure, title_key, percent = _VALUES[value]
    measures = set(table.columns.get_level_values(0)) if isinstance(table, pd.DataFrame) and \
        isinstance(table.columns, pd.MultiIndex) else set()
    if measure not in measures:
        raise DataValidationError(
            f"plot_cohort_heatmap: the table has no {measure!r} measure (has {sorted(measures)}); "
            f"build it with clvmodels.features.cohort_table(..., value='both')."
        )
    data = table[measure].astype(float) * (100.0 if percent else 1.0)
    sizes = table.attrs.get("cohort_size", {})
    rows = [f"{c} (n={sizes[str(c)]:,})" if str(c) in sizes else str(c) for c in data.index]
    period = table.attrs.get("period", "M")
    annotate = data.shape[0] <= _MAX_ANNOTATED and data.shape[1] <= _MAX_ANNOTATED
    finite = data.to_numpy()[np.isfinite(data.to_numpy())]
    fmt = ".0f" if percent or (finite.size and np.nanmax(np.abs(finite)) >= 100) else ".1f"
    with plot_context(lang):
        ax = get_ax(ax, figsize=(min(4 + 0.45 * data.shape[1], 16), min(2 + 0.35 * len(rows), 12)))
        sns.heatmap(pd.DataFrame(data.to_numpy(), index=rows, columns=data.columns),
                    annot=annotate, fmt=fmt, cmap="YlGnBu", ax=ax, cbar=True,
                    annot_kws={"fontsize": 7})
        unit = label(f"cohort_unit_{period}", lang)
        ax.set_xlabel(label("cohort_periods_since", lang).format(unit=unit))
        by = table.attrs.get("by", "acquisition")
        ax.set_ylabel(label(f"cohort_{by}", lang))
        title = label(title_key, lang).format(currency=table.attrs.get("currency", "USD"))
        if table.attrs.get("partial_last_period"):
            end = table.attrs.get("observation_end")
            note = label("cohort_partial_note", lang).format(
                last=table.attrs.get("last_period", ""),
                end=end.date() if hasattr(end, "date") else end,
            )
            title = f"{title}\n{note}"
        ax.set_title(title, fontsize=10)
    return ax
