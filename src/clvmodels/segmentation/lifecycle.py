"""Customer lifecycle / loyalty stage (客户生命周期阶段) by documented, parameterised rules."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive, check_share
from ..exceptions import DataValidationError, ParameterError
from ._base import UNCLASSIFIED, Framework, numeric_column
from .axes import axis_unit
from .narrative import lifecycle_note, lifecycle_p_alive_note

__all__ = ["LifecycleStage", "lifecycle_stage"]

_WHERE = "LifecycleStage"

#: Unit of each cut-off of ``thresholds_``.
_THRESHOLD_UNITS: dict[str, str] = {
    "new_days": "days",
    "dormant_days": "days",
    "lost_days": "days",
    "old_tenure_days": "days",
    "loyal_min_purchases": "purchase days",
    "regular_min_purchases": "purchase days",
    "dormant_p_alive": "probability",
    "lost_p_alive": "probability",
}


def _positive(name: str, value: Any) -> float | None:
    """A positive number, or None (the cut-off is learned by ``fit``)."""
    return check_positive(name, value, allow_none=True, none_means="learned", where=_WHERE)


def _share(name: str, value: Any) -> float:
    """A quantile or probability strictly between 0 and 1."""
    return check_share(name, value, where=_WHERE, example="0.5")


class LifecycleStage(Framework):
    """Lifecycle stage of each customer: potential 潜在, new 新, regular 常, old 老, loyal 忠诚,
    dormant 休眠, lost 流失.

    Rules, applied in this order (the first that matches wins; ``d`` = days since the last
    purchase, ``t`` = tenure in days since the first purchase, ``n`` = purchase days):

    1. potential: ``n == 0`` (in the customer table, no purchase yet);
    2. lost: ``d > lost_days``, or ``p_alive < lost_p_alive`` when a P(alive) column is given;
    3. dormant: ``d > dormant_days``, or ``p_alive < dormant_p_alive``;
    4. new: ``t <= new_days`` or ``n < regular_min_purchases`` (not yet a repeat buyer);
    5. loyal: ``t >= old_tenure_days`` and ``n >= loyal_min_purchases``;
    6. old: ``t >= old_tenure_days``;
    7. regular: every other active repeat buyer.

    Parameters
    ----------
    new_days, dormant_days, lost_days : float, optional (days)
        None: learned by ``fit`` as 1, ``dormant_cycles`` and ``lost_cycles`` times the median
        purchase cycle (mean days between purchase days) of the repeat buyers.
    dormant_cycles, lost_cycles : float, default 2 and 4
    old_tenure_days : float, optional (days)
        None: the median tenure of the repeat buyers.
    loyal_min_purchases : float, optional
        None: the ``loyal_quantile`` quantile of the repeat buyers' purchase days, at least 3.
    loyal_quantile : float, default 0.75
    regular_min_purchases : int, default 2
    p_alive : str, optional
        Column with P(alive), from a model in which one-time buyers can drop out (the
        ``p_alive`` of :func:`clvmodels.segmentation.model_predictions`, MBG/NBD by default; the
        model is named in ``note_``, with a caution when it is BG/NBD, where every one-time
        buyer has P(alive) = 1); None: not used.
    dormant_p_alive, lost_p_alive : float, default 0.5 and 0.1
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        The seven cut-offs actually used (days, purchase days, probabilities).
    units_ : dict
        Unit of each cut-off ("days", "purchase days", "probability") and, under ``p_alive``,
        what the P(alive) column is (model; :func:`clvmodels.segmentation.axes.axis_unit`).
        Also in ``attrs["units"]`` of every result.
    """

    name = "lifecycle"
    segments = (
        "stage_loyal",
        "stage_old",
        "stage_regular",
        "stage_new",
        "stage_potential",
        "stage_dormant",
        "stage_lost",
    )

    def __init__(
        self,
        *,
        new_days: float | None = None,
        dormant_days: float | None = None,
        lost_days: float | None = None,
        dormant_cycles: float = 2.0,
        lost_cycles: float = 4.0,
        old_tenure_days: float | None = None,
        loyal_min_purchases: float | None = None,
        loyal_quantile: float = 0.75,
        regular_min_purchases: int = 2,
        p_alive: str | None = None,
        dormant_p_alive: float = 0.5,
        lost_p_alive: float = 0.1,
        lang: str = "en",
    ) -> None:
        self.new_days = new_days
        self.dormant_days = dormant_days
        self.lost_days = lost_days
        self.dormant_cycles = dormant_cycles
        self.lost_cycles = lost_cycles
        self.old_tenure_days = old_tenure_days
        self.loyal_min_purchases = loyal_min_purchases
        self.loyal_quantile = loyal_quantile
        self.regular_min_purchases = regular_min_purchases
        self.p_alive = p_alive
        self.dormant_p_alive = dormant_p_alive
        self.lost_p_alive = lost_p_alive
        self.lang = lang

    def _cols(self, X: pd.DataFrame) -> dict[str, pd.Series]:
        w = "LifecycleStage"
        cols = {
            "n": numeric_column(X, "n_purchase_days", where=w, param="n_purchase_days"),
            "t": numeric_column(X, "tenure_days", where=w, param="tenure_days"),
            "d": numeric_column(X, "days_since_last_purchase", where=w, param="recency"),
        }
        if self.p_alive is not None:
            cols["p"] = numeric_column(X, self.p_alive, where=w, param="p_alive")
        return cols

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        new = _positive("new_days", self.new_days)
        dormant = _positive("dormant_days", self.dormant_days)
        lost = _positive("lost_days", self.lost_days)
        old = _positive("old_tenure_days", self.old_tenure_days)
        loyal = _positive("loyal_min_purchases", self.loyal_min_purchases)
        dc = _positive("dormant_cycles", self.dormant_cycles)
        lc = _positive("lost_cycles", self.lost_cycles)
        lq = _share("loyal_quantile", self.loyal_quantile)
        dp = _share("dormant_p_alive", self.dormant_p_alive)
        lp = _share("lost_p_alive", self.lost_p_alive)
        rmin = _positive("regular_min_purchases", self.regular_min_purchases)
        if lp > dp:
            raise ParameterError("lost_p_alive must not exceed dormant_p_alive.")
        c = self._cols(X)
        repeat = c["n"] >= 2
        if None in (new, dormant, lost, old, loyal) and not repeat.any():
            raise DataValidationError(
                "LifecycleStage: no customer has two or more purchase days, so cycle-based "
                "cut-offs cannot be learned; pass new_days, dormant_days, lost_days, "
                "old_tenure_days and loyal_min_purchases."
            )
        if None in (new, dormant, lost):
            if "avg_cycle_days" in X.columns:
                cyc = numeric_column(X, "avg_cycle_days", where="LifecycleStage", param="cycle")
                cycle = float(cyc[repeat].median())
            else:  # mean cycle from tenure and purchase days
                cycle = float((c["t"] - c["d"])[repeat].div(c["n"][repeat] - 1).median())
            new = cycle if new is None else new
            dormant = dc * cycle if dormant is None else dormant
            lost = lc * cycle if lost is None else lost
        if old is None:
            old = float(c["t"][repeat].median())
        if loyal is None:
            loyal = max(3.0, float(np.ceil(c["n"][repeat].quantile(lq))))
        if lost < dormant:
            raise ParameterError(f"lost_days ({lost}) must be at least dormant_days ({dormant}).")
        self.value_basis_ = None
        p_unit = None
        if self.p_alive is None:
            self.note_ = lifecycle_note(self.lang)
        else:
            p_unit = axis_unit(X, self.p_alive, measure="p_alive")
            self.note_ = lifecycle_p_alive_note(p_unit, self.lang)
        self.units_ = {**_THRESHOLD_UNITS, "p_alive": p_unit}
        return {
            "new_days": new,
            "dormant_days": dormant,
            "lost_days": lost,
            "old_tenure_days": old,
            "loyal_min_purchases": loyal,
            "regular_min_purchases": rmin,
            "dormant_p_alive": dp if self.p_alive else math.nan,
            "lost_p_alive": lp if self.p_alive else math.nan,
        }

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        c = {k: v.to_numpy() for k, v in self._cols(X).items()}
        th = self.thresholds_
        n, t, d = c["n"], c["t"], c["d"]
        p = c.get("p", np.full(n.shape, np.nan))
        with np.errstate(invalid="ignore"):
            lost = (d > th["lost_days"]) | (p < th["lost_p_alive"])
            dormant = (d > th["dormant_days"]) | (p < th["dormant_p_alive"])
            new = (t <= th["new_days"]) | (n < th["regular_min_purchases"])
            old = t >= th["old_tenure_days"]
            loyal = old & (n >= th["loyal_min_purchases"])
        seg = np.select(
            [n == 0, lost, dormant, new, loyal, old],
            ["stage_potential", "stage_lost", "stage_dormant", "stage_new", "stage_loyal",
             "stage_old"],
            default="stage_regular",
        ).astype(object)
        missing = np.isnan(n) | ((n > 0) & (np.isnan(t) | np.isnan(d)))
        seg[missing] = UNCLASSIFIED
        reason = np.where(missing, "reason_missing_value", None).astype(object)
        extra = {"n_purchase_days": n, "tenure_days": t, "days_since_last_purchase": d}
        if "p" in c:
            extra["p_alive"] = p
        return seg, reason, extra

    def _result(
        self,
        X: pd.DataFrame,
        segment: np.ndarray,
        reason: np.ndarray,
        extra: dict[str, Any],
    ) -> pd.DataFrame:
        out = super()._result(X, segment, reason, extra)
        out.attrs["units"] = dict(self.units_)
        return out


def lifecycle_stage(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``LifecycleStage(**kwargs).fit_predict(X)`` (客户生命周期阶段)."""
    return LifecycleStage(**kwargs).fit_predict(X)
