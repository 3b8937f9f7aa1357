"""Size and value share of each segment (细分群体规模与价值占比), in the framework's order."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..labels import check_lang
from ._summary import summarize_segments
from .inputs import FRAMEWORKS

__all__ = ["known_order", "segment_summary"]


def known_order(name: Any) -> list[str] | None:
    """Display order of the segments of a labeling named after a framework.

    Parameters
    ----------
    name : Any
        Labeling name: a framework key (``"pyramid"``, ...) or ``"rfm"``.

    Returns
    -------
    list of str or None
        Segment keys, best first; None for other names.
    """
    if name in FRAMEWORKS:
        return list(FRAMEWORKS[name].segments)
    if name == "rfm":
        from ..features import SEGMENTS

        return list(SEGMENTS)
    return None


def segment_summary(
    segments: Any,
    value: pd.Series | None = None,
    *,
    order: list[str] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Size and value share of each segment (细分群体规模与价值占比).

    Parameters
    ----------
    segments : Series or framework result
        Segment key per customer.
    value : Series, optional
        Value per customer (currency) for ``value`` and ``share_value``.
    order : list of str, optional
        Segment keys in display order (default: the framework's order if ``segments`` is a
        framework result or a Series named after a framework, else alphabetical);
        ``"unclassified"`` last.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Indexed by segment key: ``label``, ``n_customers``, ``share_customers`` (0..1) and, with
        ``value``, ``value`` (currency), ``share_value`` (0..1 of the total) and ``mean_value``.
    """
    check_lang(lang)
    if order is None and isinstance(segments, pd.Series):
        order = known_order(segments.name)
    return summarize_segments(segments, value, order=order, lang=lang)
