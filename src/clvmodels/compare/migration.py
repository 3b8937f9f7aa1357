"""Customers moving between segments from one cut-off date to the next (客户群体迁移)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..labels import check_lang
from ..segmentation import display_order, segment_label, segment_series

__all__ = ["NOT_PRESENT", "migration_matrix", "segment_migration"]

#: Row/column key of customers present in only one period of a migration matrix.
NOT_PRESENT = "cmp_not_present"


def migration_matrix(
    before: Any, after: Any, *, normalize: bool = False, lang: str | None = None
) -> pd.DataFrame:
    """Customers moving between segments from one cut-off date to the next (客户群体迁移).

    Parameters
    ----------
    before, after : Series or framework result
        Segment keys at the earlier and the later cut-off. Customers present in only one of
        them are counted in the ``"cmp_not_present"`` row or column.
    normalize : bool, default False
        True: each row divided by its total (share of the earlier segment moving to each later
        segment).
    lang : {"en", "zh"}, optional
        Translate row and column keys (None: keep keys).

    Returns
    -------
    DataFrame
        Rows: earlier segment, columns: later segment; counts (or row shares).
    """
    b = segment_series(before, "migration_matrix")
    a = segment_series(after, "migration_matrix")
    idx = b.index.union(a.index, sort=False)
    b2 = b.reindex(idx).fillna(NOT_PRESENT)
    a2 = a.reindex(idx).fillna(NOT_PRESENT)
    tab = pd.crosstab(b2.rename("before"), a2.rename("after"))
    order_b = display_order(tab.index.drop(NOT_PRESENT, errors="ignore"),
                            getattr(before, "attrs", {}).get("segments"))
    order_a = display_order(tab.columns.drop(NOT_PRESENT, errors="ignore"),
                            getattr(after, "attrs", {}).get("segments"))
    if NOT_PRESENT in tab.index:
        order_b.append(NOT_PRESENT)
    if NOT_PRESENT in tab.columns:
        order_a.append(NOT_PRESENT)
    tab = tab.reindex(index=order_b, columns=order_a, fill_value=0)
    if normalize:
        tab = tab.div(tab.sum(axis=1).replace(0, np.nan), axis=0)
    if lang is not None:
        check_lang(lang)
        tab.index = [segment_label(k, lang) for k in tab.index]
        tab.columns = [segment_label(k, lang) for k in tab.columns]
    return tab


def segment_migration(
    estimator: Any,
    X_before: pd.DataFrame,
    X_after: pd.DataFrame,
    *,
    normalize: bool = False,
    lang: str | None = None,
) -> pd.DataFrame:
    """Fit a framework at the earlier cut-off and label the later period with the same
    ``thresholds_``; return the migration matrix.

    Parameters
    ----------
    estimator : framework estimator
        Unfitted or fitted; it is (re)fitted on ``X_before``.
    X_before, X_after : DataFrame
        Framework inputs at the two cut-off dates.
    normalize, lang
        As :func:`migration_matrix`.
    """
    before = estimator.fit_predict(X_before)
    after = estimator.predict(X_after)
    return migration_matrix(before, after, normalize=normalize, lang=lang)

