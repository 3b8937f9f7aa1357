"""Value captured by the top segment of each labeling in a holdout window (预测期价值获取)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._checks import check_date
from ..exceptions import DataValidationError, ParameterError
from ..labels import check_lang
from ..segmentation import UNCLASSIFIED, align_value, segment_label

__all__ = ["holdout_value", "top_segments", "value_capture"]


def top_segments(
    segments: pd.DataFrame, value: pd.Series, *, min_share: float = 0.01
) -> dict[str, Any]:
    """The top segment of each labeling: the one with the highest mean ``value``.

    Parameters
    ----------
    segments : DataFrame
        One column per labeling.
    value : Series
        Value per customer in the period the labels describe (not the holdout).
    min_share : float, default 0.01
        Segments smaller than this share of customers are not considered.

    Returns
    -------
    dict
        Labeling -> segment key.
    """
    v = align_value(value, segments.index, "top_segments")
    out = {}
    for col in segments.columns:
        s = segments[col]
        ok = s != UNCLASSIFIED
        means = v[ok].groupby(s[ok]).mean()
        sizes = s[ok].value_counts() / len(s)
        means = means[sizes.reindex(means.index) >= min_share]
        if len(means):
            out[col] = means.idxmax()
    return out


def value_capture(
    segments: pd.DataFrame,
    holdout_value: pd.Series,
    *,
    top: dict[str, Any] | None = None,
    value: pd.Series | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """How much holdout value each labeling's top segment captures (lift).

    Parameters
    ----------
    segments : DataFrame
        One column of segment keys per labeling, from the calibration period.
    holdout_value : Series
        Actual value per customer in the holdout window (currency; 0 for no purchase).
    top : dict, optional
        Labeling -> top segment key. None: :func:`top_segments` with ``value``.
    value : Series, optional
        Calibration value per customer, to choose the top segments when ``top`` is None.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        One row per labeling, sorted by lift: ``top_segment`` (key), ``label``,
        ``n_customers``, ``share_customers`` (0..1), ``holdout_value`` (currency),
        ``share_holdout_value`` (0..1) and ``lift`` (value share / customer share; 1 = no
        better than a random group of the same size).
    """
    check_lang(lang)
    h = align_value(holdout_value, segments.index, "value_capture")
    if top is None:
        if value is None:
            raise ParameterError("value_capture needs top={...} or a calibration value Series.")
        top = top_segments(segments, value)
    total, n = float(h.sum()), len(h)
    rows = []
    for col, key in top.items():
        if col not in segments.columns:
            raise ParameterError(f"top names labeling {col!r}, which is not a column.")
        mask = segments[col] == key
        share_c = float(mask.sum()) / n
        share_v = float(h[mask].sum()) / total if total else float("nan")
        rows.append({
            "framework": col,
            "top_segment": key,
            "label": segment_label(key, lang),
            "n_customers": int(mask.sum()),
            "share_customers": share_c,
            "holdout_value": float(h[mask].sum()),
            "share_holdout_value": share_v,
            "lift": share_v / share_c if share_c else float("nan"),
        })
    out = pd.DataFrame(rows).set_index("framework")
    return out.sort_values("lift", ascending=False)



def holdout_value(
    transactions: pd.DataFrame,
    *,
    start: Any,
    end: Any = None,
    index: pd.Index | None = None,
    profit: bool = False,
) -> pd.Series:
    """Actual value per customer in the holdout window ``(start, end]`` (预测期实际价值).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    start : date-like
        Calibration end; the window starts the day after.
    end : date-like, optional
        Window end (default: the last transaction).
    index : Index, optional
        Customers to report, in this order (0 for those without a holdout purchase).
    profit : bool, default False
        Sum ``amount - cost`` (needs ``cost``) instead of ``amount``.

    Returns
    -------
    Series
        Currency per customer.
    """
    days = pd.to_datetime(transactions["date"]).dt.normalize()  # whole days, as everywhere
    mask = days > check_date("start", start, where="holdout_value")
    if end is not None:
        mask &= days <= check_date("end", end, where="holdout_value")
    tx = transactions[mask]
    if profit:
        if "cost" not in tx.columns:
            raise DataValidationError(
                "holdout_value: profit=True needs a 'cost' column; pass profit=False."
            )
        amount = tx["amount"] - tx["cost"]
    else:
        amount = tx["amount"]
    out = amount.groupby(tx["customer_id"]).sum().astype("float64")
    if index is not None:
        out = out.reindex(index, fill_value=0.0)
    out.index.name = "customer_id"
    return out.rename("holdout_value")

