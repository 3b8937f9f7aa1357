"""Value indicator system (价值评价指标体系): a weighted 0-100 score of customer value."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError
from ._base import UNCLASSIFIED, Framework, check_quantiles, numeric_column, resolve_value
from .narrative import indicators_note, join_notes, value_note

__all__ = ["DEFAULT_INDICATORS", "DEFAULT_WEIGHTS", "ValueIndicatorScore", "value_indicator_score"]

#: Weight of each indicator group (contribution 贡献, characteristic 特征, relationship 关系).
DEFAULT_WEIGHTS: dict[str, float] = {"contribution": 0.5, "characteristic": 0.2, "relationship": 0.3}

#: Indicators per group as (column, direction); direction -1 means "less is better".
#: ``"value"`` stands for the value column (profit when cost is known, else revenue).
DEFAULT_INDICATORS: dict[str, list[tuple[str, int]]] = {
    "contribution": [("value", 1), ("total_spend", 1)],
    "characteristic": [("spend_growth", 1), ("mean_order_value", 1)],
    "relationship": [
        ("tenure_days", 1),
        ("satisfaction", 1),
        ("share_of_wallet", 1),
        ("complaints", -1),
    ],
}


class ValueIndicatorScore(Framework):
    """Value indicator system (价值评价指标体系): weighted contribution, characteristic and
    relationship indicators -> score 0-100, rank and grade.

    Each indicator is turned into a percentile against the fitted customers (its empirical
    distribution function, reversed for "less is better" indicators); a group's score is the
    mean percentile of its known indicators; the score is ``100 * sum(w_g * s_g) / sum(w_g)``
    over the groups known for the customer. Indicators missing from the table are left out
    (listed in ``note_``).

    Parameters
    ----------
    weights : dict, optional
        Weight per group (default :data:`DEFAULT_WEIGHTS`: 0.5 / 0.2 / 0.3).
    indicators : dict, optional
        ``{group: [(column, direction), ...]}`` (default :data:`DEFAULT_INDICATORS`: profit and
        revenue; spend growth and average order value; tenure, satisfaction, share of wallet
        and complaints).
    value : str, optional
        Column for the ``"value"`` indicator (None: profit when cost is known, else revenue).
    grade_quantiles : tuple of 2 floats, default (0.5, 0.8)
        Score quantiles separating low / medium / high grades (top 20% high, next 30% medium).
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        ``reference`` (sorted fitted values per indicator column, used to score later periods
        on the same scale), ``grades`` (the two score cut-offs) and ``weights``.
    indicators_ : dict
        Indicators actually used per group.
    """

    name = "value_indicator"
    segments = ("vis_high", "vis_medium", "vis_low")

    def __init__(
        self,
        *,
        weights: dict[str, float] | None = None,
        indicators: dict[str, list[tuple[str, int]]] | None = None,
        value: str | None = None,
        grade_quantiles: tuple[float, float] = (0.5, 0.8),
        lang: str = "en",
    ) -> None:
        self.weights = weights
        self.indicators = indicators
        self.value = value
        self.grade_quantiles = grade_quantiles
        self.lang = lang

    def _scores(self, X: pd.DataFrame) -> pd.DataFrame:
        ref = self.thresholds_["reference"]
        groups = {}
        for group, items in self.indicators_.items():
            pct = []
            for col, direction in items:
                v = numeric_column(X, col, where="ValueIndicatorScore", param="indicators")
                r = ref[col]
                arr = v.to_numpy() * direction
                p = np.searchsorted(r, arr, side="right") / r.size
                p = np.where(np.isnan(arr), np.nan, p)
                pct.append(p)
            stack = np.vstack(pct)
            cnt = (~np.isnan(stack)).sum(axis=0)
            total = np.nansum(stack, axis=0)
            groups[group] = np.where(cnt > 0, 100 * total / np.maximum(cnt, 1), np.nan)
        return pd.DataFrame(groups, index=X.index)

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        weights = dict(DEFAULT_WEIGHTS if self.weights is None else self.weights)
        if not weights or any(
            isinstance(w, bool) or not isinstance(w, int | float) or w < 0
            for w in weights.values()
        ) or sum(weights.values()) <= 0:
            raise ParameterError(
                f"weights={self.weights!r} must map groups to non-negative numbers, not all 0."
            )
        spec = DEFAULT_INDICATORS if self.indicators is None else self.indicators
        unknown = set(weights) - set(spec)
        if unknown:
            raise ParameterError(f"weights name groups without indicators: {sorted(unknown)}.")
        col, basis = resolve_value(X, self.value)
        self.value_basis_ = basis
        used: dict[str, list[tuple[str, int]]] = {}
        skipped = []
        ref: dict[str, np.ndarray] = {}
        for group in weights:
            for name, direction in spec[group]:
                if direction not in (1, -1):
                    raise ParameterError(f"direction of {name!r} must be 1 or -1.")
                column = col if name == "value" else name
                if column in X.columns and X[column].notna().any():
                    if any(c == column for c, _ in used.get(group, [])):
                        continue
                    v = numeric_column(X, column, where="ValueIndicatorScore", param="indicators")
                    used.setdefault(group, []).append((column, direction))
                    ref[column] = np.sort((v.dropna() * direction).to_numpy())
                else:
                    skipped.append(column)
        if not used:
            raise DataValidationError(
                "ValueIndicatorScore: none of the indicator columns is in the customer table; "
                "build it with framework_inputs or pass indicators={...}."
            )
        self.indicators_ = used
        w = {g: float(weights[g]) for g in used}
        self.thresholds_ = {"reference": ref, "weights": w, "grades": (np.nan, np.nan)}
        score = self._combine(self._scores(X))
        gq = check_quantiles(self.grade_quantiles, "grade_quantiles", 2,
                             where="ValueIndicatorScore")
        known = score.dropna()
        grades = tuple(float(np.quantile(known, q)) for q in gq)
        self.note_ = join_notes(value_note(basis, self.lang), indicators_note(skipped, self.lang))
        return {"reference": ref, "weights": w, "grades": grades}

    def _combine(self, groups: pd.DataFrame) -> pd.Series:
        w = pd.Series(self.thresholds_["weights"])
        g = groups[w.index]
        wsum = g.notna().mul(w, axis=1).sum(axis=1)
        return g.mul(w, axis=1).sum(axis=1, min_count=1) / wsum.where(wsum > 0)

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        groups = self._scores(X)
        score = self._combine(groups).to_numpy()
        t1, t2 = self.thresholds_["grades"]
        seg = np.select([score > t2, score > t1], ["vis_high", "vis_medium"], "vis_low").astype(
            object
        )
        missing = np.isnan(score)
        seg[missing] = UNCLASSIFIED
        reason = np.where(missing, "reason_missing_value", None).astype(object)
        rank = pd.Series(score).rank(ascending=False, method="min").to_numpy()
        extra = {g: groups[g].to_numpy() for g in groups.columns}
        extra.update({"score": score, "rank": rank})
        return seg, reason, extra


def value_indicator_score(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``ValueIndicatorScore(**kwargs).fit_predict(X)`` (价值评价指标体系)."""
    return ValueIndicatorScore(**kwargs).fit_predict(X)
