"""RFM scores (RFM 评分) and the 11 named RFM segments.

Scores are quantile ranks 1..n_bins: recent, frequent and high-spending customers score high.
Equal values always get equal scores (ties share their average rank), so the result does not
depend on row order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError

__all__ = ["SEGMENT_RULES", "SEGMENTS", "rfm_scores", "rfm_segments", "segment_of"]

# Column choices: (recency-like column, larger is more recent?), frequency, monetary.
_FEATURE_COLUMNS = ("days_since_last_purchase", "n_purchase_days", "total_spend")
_SUMMARY_COLUMNS = ("frequency", "recency", "T", "monetary_value")


def _score(values: pd.Series, n_bins: int, *, reverse: bool = False) -> np.ndarray:
    """Quantile score 1..n_bins; ties share the average rank, so equal values score equally."""
    x = -values if reverse else values
    n = len(x)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    pct = (x.rank(method="average").to_numpy() - 0.5) / n
    return (np.floor(pct * n_bins).astype(np.int64) + 1).clip(1, n_bins)


def rfm_scores(
    table: pd.DataFrame,
    *,
    n_bins: int = 5,
    recency_col: str | None = None,
    frequency_col: str | None = None,
    monetary_col: str | None = None,
) -> pd.DataFrame:
    """R, F and M scores from 1 to ``n_bins`` by quantile (RFM 评分).

    Parameters
    ----------
    table : DataFrame
        Per-customer table: the output of :func:`customer_features` (recency from
        ``days_since_last_purchase``, frequency from ``n_purchase_days``, monetary from
        ``total_spend``) or of :func:`rfm_summary` (recency from ``T - recency``, the time since
        the last purchase; ``frequency``; ``monetary_value``).
    n_bins : int, default 5
        Number of score levels.
    recency_col, frequency_col, monetary_col : str, optional
        Use these columns instead. ``recency_col`` must hold the time *since* the last purchase
        (smaller is more recent).

    Returns
    -------
    DataFrame
        Same index and order as ``table``: ``R``, ``F``, ``M`` (int, 1..n_bins; R is reversed so
        the most recent customers score ``n_bins``) and ``rfm_cell`` (e.g. ``"545"``).

    Notes
    -----
    Score = floor(n_bins * (rank - 0.5) / n) + 1 with average ranks for ties, so customers with
    equal values always share a score, and heavily tied columns (most customers buy once) use
    fewer than ``n_bins`` levels instead of splitting identical customers arbitrarily.
    """
    if not isinstance(n_bins, int | np.integer) or not 2 <= n_bins <= 9:
        raise ParameterError(f"n_bins={n_bins!r} must be an integer from 2 to 9.")
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"rfm_scores expects a DataFrame, got {type(table).__name__}.")
    cols = table.columns
    if recency_col is None:
        if "days_since_last_purchase" in cols:
            recency = table["days_since_last_purchase"]
        elif {"recency", "T"} <= set(cols):
            recency = table["T"] - table["recency"]
        else:
            raise DataValidationError(
                f"rfm_scores: no recency column (want 'days_since_last_purchase', or 'recency' "
                f"and 'T'; have {list(cols)}); pass recency_col=."
            )
    else:
        recency = table[_check_col(table, recency_col)]
    if frequency_col is None:
        frequency_col = "n_purchase_days" if "n_purchase_days" in cols else "frequency"
    if monetary_col is None:
        monetary_col = "total_spend" if "total_spend" in cols else "monetary_value"
    frequency = table[_check_col(table, frequency_col)]
    monetary = table[_check_col(table, monetary_col)]
    for name, s in (("recency", recency), (frequency_col, frequency), (monetary_col, monetary)):
        bad = s.isna().to_numpy()
        if bad.any():
            raise DataValidationError(
                f"rfm_scores: column {name!r} is missing for customer(s) "
                f"{list(table.index[bad][:3])} ({int(bad.sum())} in all); fill them first."
            )
    r = _score(recency, n_bins, reverse=True)
    f = _score(frequency, n_bins)
    m = _score(monetary, n_bins)
    out = pd.DataFrame({"R": r, "F": f, "M": m}, index=table.index)
    out["rfm_cell"] = (
        out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    )
    out.attrs.update(table.attrs)
    out.attrs["n_bins"] = n_bins
    return out


def _check_col(table: pd.DataFrame, col: str) -> str:
    if col not in table.columns:
        raise DataValidationError(
            f"rfm_scores: column {col!r} not found (have {list(table.columns)})."
        )
    return col


@dataclass(frozen=True)
class SegmentRule:
    """One row of the segment table: R, F and M score ranges (inclusive) and the segment key."""

    segment: str
    r: tuple[int, int]
    f: tuple[int, int]
    m: tuple[int, int] = (1, 5)

    def matches(self, r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Boolean mask of the (r, f, m) cells this rule covers."""
        return (
            (r >= self.r[0]) & (r <= self.r[1])
            & (f >= self.f[0]) & (f <= self.f[1])
            & (m >= self.m[0]) & (m <= self.m[1])
        )


#: The 11 named segments, in display order (best first).
SEGMENTS: tuple[str, ...] = (
    "champions",
    "loyal_customers",
    "potential_loyalist",
    "new_customers",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose_them",
    "hibernating",
    "lost",
)

#: Rules on 1..5 scores, applied in this order: the first rule that matches wins (precedence).
#: R is recency (5 = most recent), F frequency, M monetary.
SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule("champions", r=(5, 5), f=(4, 5)),
    SegmentRule("loyal_customers", r=(3, 4), f=(4, 5)),
    SegmentRule("potential_loyalist", r=(4, 5), f=(2, 3)),
    SegmentRule("new_customers", r=(5, 5), f=(1, 1)),
    SegmentRule("promising", r=(4, 4), f=(1, 1)),
    SegmentRule("need_attention", r=(3, 3), f=(3, 3)),
    SegmentRule("about_to_sleep", r=(3, 3), f=(1, 2)),
    SegmentRule("cant_lose_them", r=(1, 2), f=(5, 5)),
    SegmentRule("at_risk", r=(1, 2), f=(3, 4)),
    SegmentRule("lost", r=(1, 1), f=(1, 2), m=(1, 2)),
    SegmentRule("hibernating", r=(1, 2), f=(1, 2)),
)


def segment_of(r: int, f: int, m: int) -> str:
    """Segment key of one (R, F, M) cell on 1..5 scores."""
    out = _segments(np.array([r]), np.array([f]), np.array([m]))
    return str(out[0])


def _segments(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    result = np.full(len(r), "", dtype=object)
    todo = np.ones(len(r), dtype=bool)
    for rule in SEGMENT_RULES:
        hit = todo & rule.matches(r, f, m)
        result[hit] = rule.segment
        todo &= ~hit
    if todo.any():  # pragma: no cover - the table covers every cell (tested)
        raise RuntimeError(f"RFM cells without a segment: {list(zip(r[todo], f[todo], m[todo], strict=True))}")
    return result


def rfm_segments(scores: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """The 11 named RFM segments (RFM 客户细分) from 1..5 R/F/M scores.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`rfm_scores` with ``n_bins=5`` (columns ``R``, ``F``, ``M``).
    lang : {"en", "zh"}
        Language of ``segment_label``.

    Returns
    -------
    DataFrame
        Same index and order: ``segment`` (stable key, e.g. ``"champions"``) and
        ``segment_label`` (display name in ``lang``).

    Notes
    -----
    The rules (:data:`SEGMENT_RULES`) follow the widely used R x F segment map; the first rule
    that matches wins. Lost customers (R = 1, F <= 2, M <= 2) are separated from hibernating
    ones by their low spend. Every one of the 125 cells maps to exactly one segment.
    """
    from ..labels import check_lang, label

    check_lang(lang)
    missing = [c for c in ("R", "F", "M") if c not in scores.columns]
    if missing:
        raise DataValidationError(
            f"rfm_segments: column {missing[0]!r} missing; compute scores with rfm_scores first."
        )
    if scores.attrs.get("n_bins", 5) != 5:
        raise ParameterError("rfm_segments needs scores on 1..5 (rfm_scores(n_bins=5)).")
    seg = _segments(
        scores["R"].to_numpy(), scores["F"].to_numpy(), scores["M"].to_numpy()
    )
    out = pd.DataFrame({"segment": seg}, index=scores.index)
    out["segment"] = pd.Categorical(out["segment"], categories=list(SEGMENTS))
    out["segment_label"] = [label(s, lang) for s in seg]
    out.attrs.update(scores.attrs)
    return out
