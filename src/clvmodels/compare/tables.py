"""Cross-tabulation of two labelings and the segment table of several (细分结果对照表)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..exceptions import DataValidationError
from ..labels import check_lang
from ..segmentation import (
    display_order,
    known_order,
    segment_label,
    segment_series,
    segment_summary,
)

__all__ = ["crosstab", "segment_table"]


def crosstab(
    a: Any, b: Any, *, normalize: bool | str = False, lang: str = "en"
) -> pd.DataFrame:
    """Cross-tabulation of two labelings of the same customers (rows ``a``, columns ``b``).

    Parameters
    ----------
    a, b : Series or framework result
    normalize : bool or {"index", "columns", "all"}, default False
        As :func:`pandas.crosstab`.
    lang : {"en", "zh"}
        Language of the row and column labels.

    Returns
    -------
    DataFrame
        Counts (or shares) with translated row and column labels.
    """
    check_lang(lang)
    sa, sb = segment_series(a, "crosstab"), segment_series(b, "crosstab")
    if not sa.index.equals(sb.index) and set(sa.index) != set(sb.index):
        raise DataValidationError(
            "crosstab: the two labelings are of different customers; label the same customers."
        )
    sb = sb.reindex(sa.index)
    tab = pd.crosstab(sa.rename("a"), sb.rename("b"), normalize=normalize)
    tab = tab.reindex(index=display_order(tab.index, known_order(sa.name)),
                      columns=display_order(tab.columns, known_order(sb.name)))
    tab.index = [segment_label(k, lang) for k in tab.index]
    tab.columns = [segment_label(k, lang) for k in tab.columns]
    return tab


def segment_table(
    segments: pd.DataFrame, value: pd.Series | None = None, *, lang: str = "en"
) -> pd.DataFrame:
    """Sizes and value shares of every segment of every labeling, in one long table.

    Parameters
    ----------
    segments : DataFrame
        One column of segment keys per labeling.
    value : Series, optional
        Value per customer (currency).
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Indexed by (framework, segment): the columns of :func:`segment_summary`.
    """
    parts = {col: segment_summary(segments[col], value, lang=lang) for col in segments.columns}
    out = pd.concat(parts, names=["framework", "segment"])
    return out
