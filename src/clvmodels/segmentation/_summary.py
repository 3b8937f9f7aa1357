"""Labelings and their size / value table, without knowledge of the frameworks.

A *labeling* is a Series of segment keys indexed by ``customer_id`` (or a framework result with
a ``segment`` column). :func:`summarize_segments` is the core of
:func:`clvmodels.segmentation.segment_summary`; it lives here, beside the framework base, so
the frameworks themselves (``CustomerPyramid.tier_shares``) can use it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..labels import check_lang
from ._base import UNCLASSIFIED, segment_label

__all__ = ["align_value", "display_order", "segment_series", "summarize_segments"]


def segment_series(segments: Any, where: str = "segments") -> pd.Series:
    """The segment keys of a labeling, one per customer.

    Parameters
    ----------
    segments : Series or framework result
        Segment key per customer, or a DataFrame with a ``segment`` column (``predict``
        output).
    where : str, default "segments"
        Calling function, prefixed to error messages.

    Returns
    -------
    Series
        Segment keys (object dtype) indexed by ``customer_id``.

    Raises
    ------
    DataValidationError
        Not a Series or framework result, or a customer labelled more than once.
    """
    if isinstance(segments, pd.DataFrame):
        if "segment" not in segments.columns:
            raise DataValidationError(
                f"{where}: expected a Series of segment keys or a framework result with a "
                f"'segment' column (have {list(segments.columns)})."
            )
        segments = segments["segment"]
    if not isinstance(segments, pd.Series):
        raise DataValidationError(f"{where}: expected a pandas Series indexed by customer_id.")
    if not segments.index.is_unique:
        raise DataValidationError(
            f"{where}: customer_id {segments.index[segments.index.duplicated()][0]!r} appears "
            "more than once; pass one label per customer."
        )
    return segments.astype(object)


def align_value(value: Any, index: pd.Index, where: str = "value") -> pd.Series:
    """Value per customer in the order of ``index`` (every customer of ``index`` needs one).

    Parameters
    ----------
    value : Series
        Value per customer (currency), indexed by ``customer_id``.
    index : Index
        The labelled customers.
    where : str, default "value"
        Calling function, prefixed to error messages.

    Returns
    -------
    Series
        float64 values reindexed to ``index``.

    Raises
    ------
    DataValidationError
        ``value`` is not a Series or has no entry for a labelled customer.
    """
    if not isinstance(value, pd.Series):
        raise DataValidationError(f"{where}: value must be a Series indexed by customer_id.")
    missing = index.difference(value.index)
    if len(missing):
        raise DataValidationError(
            f"{where}: value has no entry for customer {missing[0]!r} ({len(missing)} "
            "customers); pass a value for every labelled customer (0 if none)."
        )
    return value.reindex(index).astype("float64")


def display_order(keys: Any, order: list[str] | None = None) -> list[Any]:
    """Segment keys in display order: those of ``order`` first (in its order), then the others
    alphabetically (in their given order when ``order`` is given), ``"unclassified"`` last.

    Parameters
    ----------
    keys : Index or list
        The segment keys present.
    order : list of str, optional
        Preferred order, e.g. a framework's ``segments``, best first.

    Returns
    -------
    list
        Every key of ``keys`` once.
    """
    present = list(keys)
    if order:
        first = [k for k in order if k in present]
        rest = [k for k in present if k not in first and k != UNCLASSIFIED]
    else:
        first, rest = [], sorted((k for k in present if k != UNCLASSIFIED), key=str)
    tail = [UNCLASSIFIED] if UNCLASSIFIED in present else []
    return first + rest + tail


def summarize_segments(
    segments: Any,
    value: pd.Series | None = None,
    *,
    order: list[str] | None = None,
    lang: str = "en",
    where: str = "segment_summary",
) -> pd.DataFrame:
    """Size and value share of each segment, in ``order`` (or a framework result's own order).

    :func:`clvmodels.segmentation.segment_summary` without the look-up of a framework's order
    by the name of a Series.

    Parameters
    ----------
    segments : Series or framework result
    value : Series, optional
        Value per customer (currency).
    order : list of str, optional
        Display order; default: ``segments.attrs["segments"]`` for a framework result, else
        alphabetical; ``"unclassified"`` last.
    lang : {"en", "zh"}
    where : str, default "segment_summary"
        Calling function, prefixed to error messages.

    Returns
    -------
    DataFrame
        As :func:`clvmodels.segmentation.segment_summary`.
    """
    check_lang(lang)
    if order is None and isinstance(segments, pd.DataFrame):
        order = segments.attrs.get("segments")
    seg = segment_series(segments, where)
    counts = seg.value_counts()
    keys = display_order(counts.index, order)
    out = pd.DataFrame(index=pd.Index(keys, name="segment"))
    out["label"] = [segment_label(k, lang) for k in keys]
    out["n_customers"] = counts.reindex(keys).astype("int64")
    out["share_customers"] = out["n_customers"] / len(seg)
    if value is not None:
        v = align_value(value, seg.index, where)
        sums = v.groupby(seg).sum()
        total = float(v.sum())
        out["value"] = sums.reindex(keys).astype("float64")
        out["share_value"] = out["value"] / total if total != 0 else np.nan
        out["mean_value"] = out["value"] / out["n_customers"]
    return out
