"""Segmentation tables for reading (细分结果展示): labelled in the chosen language, numbers formatted.

:func:`format_segments` turns the tables of :mod:`clvmodels.segmentation` and
:mod:`clvmodels.compare` (``segment_summary``, ``cluster_profile``, ``tier_shares``,
``segment_table``, ``value_capture``, ``available_frameworks``, ``FrameworkResults.overview``,
the value indicator scores) into what a report page shows: segment and framework names instead
of keys, column names from the label table, shares as percentages, counts with thousands
separators and money with its currency. :func:`format_agreement` does the same for an
agreement matrix and :func:`threshold_table` lists the cut-offs a framework learned.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..labels import check_lang, format_table, label
from ._base import framework_name

__all__ = [
    "COLUMN_LABELS",
    "column_name",
    "format_agreement",
    "format_segments",
    "threshold_table",
]

#: Label key of each column (or index name) a segmentation table shows.
COLUMN_LABELS: dict[str, str] = {
    "segment": "segment",
    "label": "segment",
    "framework": "seg_col_framework",
    "name": "seg_col_framework",
    "n_customers": "n_customers",
    "share_customers": "share_customers",
    "value": "seg_col_value",
    "share_value": "share_value",
    "mean_value": "mean_value",
    "mean_recency": "cluster_mean_recency",
    "mean_frequency": "cluster_mean_frequency",
    "mean_monetary": "cluster_mean_monetary",
    "mean_p_alive": "cluster_mean_p_alive",
    "mean_clv": "cluster_mean_clv",
    "contribution": "vis_contribution",
    "characteristic": "vis_characteristic",
    "relationship": "vis_relationship",
    "score": "vis_score",
    "rank": "seg_col_rank",
    "available": "seg_col_available",
    "value_basis": "seg_col_value_basis",
    "note": "seg_col_note",
    "ran": "seg_col_ran",
    "n_segments": "seg_col_n_segments",
    "n_unclassified": "seg_col_n_unclassified",
    "top_segment": "cmp_top_segment",
    "holdout_value": "seg_col_holdout_value",
    "share_holdout_value": "cmp_share_holdout",
    "lift": "cmp_lift",
    "customer_id": "customer_id",
    "reason": "seg_col_reason",
    "a": "cmp_col_a",
    "b": "cmp_col_b",
    "ari": "cmp_ari",
    "nmi": "cmp_nmi",
    # indicator and axis columns (notes name them)
    "total_spend": "total_spend",
    "total_profit": "total_profit",
    "mean_order_value": "mean_order_value",
    "tenure_days": "tenure_days",
    "n_purchase_days": "n_purchase_days",
    "days_since_last_purchase": "days_since_last_purchase",
    "avg_cycle_days": "avg_cycle_days",
    "spend_growth": "seg_col_spend_growth",
    "satisfaction": "seg_col_satisfaction",
    "share_of_wallet": "seg_col_share_of_wallet",
    "complaints": "seg_col_complaints",
    "response_rate": "axis_response_rate",
    "referrals": "axis_referrals",
    "clv": "axis_clv",
    "p_alive": "axis_p_alive",
    "expected_purchases": "axis_expected_purchases",
    # lifecycle cut-offs (LifecycleStage.thresholds_)
    "new_days": "seg_lc_new_days",
    "dormant_days": "seg_lc_dormant_days",
    "lost_days": "seg_lc_lost_days",
    "old_tenure_days": "seg_lc_old_tenure_days",
    "loyal_min_purchases": "seg_lc_loyal_min_purchases",
    "regular_min_purchases": "seg_lc_regular_min_purchases",
    "dormant_p_alive": "seg_lc_dormant_p_alive",
    "lost_p_alive": "seg_lc_lost_p_alive",
}

_PERCENT = ("share_customers", "share_value", "share_holdout_value")
_INTEGER = ("n_customers", "n_segments", "n_unclassified", "rank")
_MONEY = ("value", "mean_value", "holdout_value", "mean_monetary", "mean_clv")
#: Unit of a cut-off (LifecycleStage.units_) -> label key.
_UNITS = {"days": "seg_unit_days", "purchase days": "seg_unit_n_purchase_days",
          "probability": "seg_unit_probability"}


def column_name(column: Any, lang: str = "en") -> str:
    """Display name of a column of a segmentation table in ``lang`` (the name itself when the
    label table has none)."""
    return label(COLUMN_LABELS.get(str(column), str(column)), lang)


def format_segments(
    table: pd.DataFrame, lang: str = "en", *, currency: str = "", digits: int = 2
) -> pd.DataFrame:
    """A segmentation table for display: names instead of keys, formatted numbers.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`~clvmodels.segmentation.segment_summary`,
        :func:`~clvmodels.segmentation.cluster_profile`, ``CustomerPyramid.tier_shares``,
        :func:`~clvmodels.compare.segment_table` (rows framework x segment),
        :func:`~clvmodels.compare.value_capture`,
        :func:`~clvmodels.segmentation.available_frameworks`, ``FrameworkResults.overview`` or
        the value indicator scores.
    lang : {"en", "zh"}, default "en"
        Language of the segment names (the ``label`` column), framework names and columns.
    currency : str
        Currency shown after money columns (``value``, ``mean_value``, ``holdout_value``,
        ``mean_monetary``, ``mean_clv``).
    digits : int, default 2
        Decimals of the other numbers.

    Returns
    -------
    DataFrame
        Every cell a string: shares as percentages (``0.05`` -> ``"5.0%"``), counts with
        thousands separators, money with ``currency``, flags as ✓ / –.

    Examples
    --------
    >>> import pandas as pd
    >>> from clvmodels.segmentation import segment_summary
    >>> s = pd.Series(["pyramid_important", "pyramid_small"], index=[1, 2])
    >>> format_segments(segment_summary(s, pd.Series([900.0, 100.0], index=[1, 2])), "en",
    ...                 currency="USD").loc["Important (top 5%)", "Share of value"]
    '90.0%'
    """
    check_lang(lang)
    t = table.copy()
    segment_name = column_name("segment", lang)
    frame_name = column_name("framework", lang)
    if isinstance(t.index, pd.MultiIndex) and "label" in t.columns:  # segment_table
        frameworks = [framework_name(k, lang) for k in t.index.get_level_values(0)]
        t.index = pd.MultiIndex.from_arrays(
            [frameworks, t["label"].astype(str).tolist()], names=[frame_name, segment_name])
        t = t.drop(columns="label")
    elif "top_segment" in t.columns:  # value_capture: top segment of each framework
        t.index = pd.Index([framework_name(k, lang) for k in t.index], name=frame_name)
        t = t.drop(columns="top_segment").rename(columns={"label": "top_segment"})
    elif {"a", "b"} <= set(t.columns):  # agreement_table: one row per pair
        t["a"] = [framework_name(k, lang) for k in t["a"]]
        t["b"] = [framework_name(k, lang) for k in t["b"]]
    elif "name" in t.columns:  # available_frameworks
        t.index = pd.Index(t["name"].astype(str).tolist(), name=frame_name)
        t = t.drop(columns="name")
    elif "label" in t.columns and t.index.name in ("segment", None):  # summary or profile
        t.index = pd.Index(t["label"].astype(str).tolist(), name=segment_name)
        t = t.drop(columns="label")
    elif t.index.name == "framework":  # overview: names already in ``lang``
        t.index = pd.Index([str(v) for v in t.index], name=frame_name)
    cols = list(t.columns)
    # string columns as objects, so that keys among their values ("revenue") get their label
    t = t.astype({c: object for c in cols if pd.api.types.is_string_dtype(t[c])})
    names = {c: column_name(c, lang) for c in cols}
    if t.index.name is not None and not isinstance(t.index, pd.MultiIndex):
        names.setdefault(t.index.name, column_name(t.index.name, lang))
    return format_table(
        t, lang,
        percent=[c for c in _PERCENT if c in cols],
        integer=[c for c in _INTEGER if c in cols],
        money=[c for c in _MONEY if c in cols],
        currency=currency, digits=digits, names=names, values=True,
    )


def format_agreement(matrix: pd.DataFrame, lang: str = "en", *, digits: int = 2) -> pd.DataFrame:
    """An agreement matrix (:func:`clvmodels.compare.agreement`) for display: framework names in
    ``lang`` on both axes, values with ``digits`` decimals ("–" where undefined)."""
    check_lang(lang)
    names = [framework_name(k, lang) for k in matrix.index]
    out = matrix.map(lambda v: "–" if v is None or (isinstance(v, float) and math.isnan(v))
                     else f"{float(v):.{digits}f}")
    out.index = names
    out.columns = [framework_name(k, lang) for k in matrix.columns]
    return out


def threshold_table(estimator: Any, lang: str = "en") -> pd.DataFrame:
    """The cut-offs a fitted framework uses, one row each: name, value and unit in ``lang``.

    Parameters
    ----------
    estimator : framework estimator
        Fitted; its ``thresholds_`` (numbers) and, when it has them, ``units_`` (e.g.
        :class:`~clvmodels.segmentation.LifecycleStage`).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    DataFrame
        Indexed by the cut-off's name; columns value and unit (strings; "–" for a cut-off not
        used).
    """
    check_lang(lang)
    units = getattr(estimator, "units_", {}) or {}
    rows = {}
    for key, v in estimator.thresholds_.items():
        if not isinstance(v, int | float) or isinstance(v, bool):
            continue
        unit = units.get(key)
        fv = float(v)
        if math.isnan(fv):
            shown = "–"
        elif unit == "probability":
            shown = f"{fv:.2f}"
        else:
            shown = f"{fv:,.0f}" if fv.is_integer() else f"{fv:,.1f}"
        rows[column_name(key, lang)] = {
            label("seg_col_threshold", lang): shown,
            label("seg_col_unit", lang): label(_UNITS[unit], lang) if unit in _UNITS else "",
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = label("seg_col_cutoff", lang)
    return out
