"""Two-by-two customer matrices of the source texts (median split by default).

Each matrix places a customer "high" on an axis when the value is strictly above the cut-off
(default: the median of the customers the matrix can judge) and "low" otherwise. When many
customers tie at the cut-off (e.g. P(alive) = 1), the cut-off is moved just below the tie if that
gives a split closer to the requested quantile.

================================  ==========================  ================================
framework                          axes (x, y)                 cells (high-high, high-low, low-high, low-low)
================================  ==========================  ================================
ValueLoyaltyMatrix (Kelly & Julie)  value x loyalty            Golden, At Risk, Marginal, Don't over-serve
ValueResponseMatrix (Robert & Paul) value x response rate      Best, Strangers, Fatal Attraction, Ghosts
CurrentPotentialMatrix (001, 3.2)   current x potential value  high, secondary, potential, low value
VolumeProfitMatrix (001, 3.1)       sales volume x profit      the four high/low quadrants
DirectIndirectMatrix (Achim et al.) direct x indirect value    high-performing, selling, networking, low-performing
LoyaltyMatrix (000)                 attitude x repeat purchase loyal, latent, spurious, disloyal
================================  ==========================  ================================
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._checks import check_share
from ._base import (
    UNCLASSIFIED,
    Framework,
    balanced_cutoff,
    levels_2,
    numeric_column,
    reason_for,
    resolve_value,
)
from .narrative import join_notes, loyalty_note, value_note

__all__ = [
    "CurrentPotentialMatrix",
    "DirectIndirectMatrix",
    "LoyaltyMatrix",
    "ValueLoyaltyMatrix",
    "ValueResponseMatrix",
    "VolumeProfitMatrix",
    "current_potential_matrix",
    "direct_indirect_matrix",
    "loyalty_matrix",
    "value_loyalty_matrix",
    "value_response_matrix",
    "volume_profit_matrix",
]


class _Quadrant(Framework):
    """A 2x2 matrix: ``cells[(x_level, y_level)]`` is the segment key."""

    #: Constructor parameter names of the x and y columns and of their quantiles.
    x_param: ClassVar[str] = ""
    y_param: ClassVar[str] = ""
    #: Segment key per (x level, y level).
    cells: ClassVar[dict[tuple[str, str], str]] = {}

    def _resolve(self, X: pd.DataFrame) -> tuple[str, str]:
        """Columns of the x and y axes (sets ``value_basis_`` and ``note_``)."""
        return getattr(self, self.x_param), getattr(self, self.y_param)

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        where = type(self).__name__
        xq, yq = (
            check_share(p + "_quantile", getattr(self, p + "_quantile"), where=where, example="0.5")
            for p in (self.x_param, self.y_param)
        )
        xcol, ycol = self._resolve(X)
        self.columns_ = (xcol, ycol)
        x = numeric_column(X, xcol, where=where, param=self.x_param)
        y = numeric_column(X, ycol, where=where, param=self.y_param)
        ok = x.notna() & y.notna()
        return {
            xcol: balanced_cutoff(x[ok], xq, where=where, column=xcol),
            ycol: balanced_cutoff(y[ok], yq, where=where, column=ycol),
        }

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        xcol, ycol = self.columns_
        where = type(self).__name__
        x = numeric_column(X, xcol, where=where, param=self.x_param).to_numpy()
        y = numeric_column(X, ycol, where=where, param=self.y_param).to_numpy()
        xl = levels_2(x, self.thresholds_[xcol])
        yl = levels_2(y, self.thresholds_[ycol])
        seg = np.array(
            [self.cells.get((a, b), UNCLASSIFIED) for a, b in zip(xl, yl, strict=True)],
            dtype=object,
        )
        reason = np.full(len(seg), None, dtype=object)
        reason[np.isnan(y)] = reason_for(ycol)
        reason[np.isnan(x)] = reason_for(xcol)
        return seg, reason, {"x": x, "y": y, "x_level": xl, "y_level": yl}

    def _layout(self) -> dict[str, Any]:
        xcol, ycol = self.columns_
        return {
            "x": xcol,
            "y": ycol,
            "x_level": "x_level",
            "y_level": "y_level",
            "x_levels": ["low", "high"],
            "y_levels": ["low", "high"],
            "cells": {f"{y}|{x}": s for (x, y), s in self.cells.items()},
        }


def _value_axis(self: Framework, X: pd.DataFrame, value: str | None) -> str:
    col, basis = resolve_value(X, value)
    self.value_basis_ = basis
    self.note_ = value_note(basis)
    return col


class ValueLoyaltyMatrix(_Quadrant):
    """Value x loyalty matrix (Kelly & Julie 1999): Golden 金牌, At Risk 风险, Marginal 边际,
    Don't over-serve 无需过多服务.

    Parameters
    ----------
    value : str, optional
        Current value column (None: profit when cost is known, else revenue; see ``note_``).
    loyalty : str, optional
        Loyalty column. None: ``p_alive`` (probability the customer is still active, from
        BG/NBD) when present, else ``expected_purchases``, else ``n_purchase_days`` (repeat
        behaviour; said in ``note_``).
    value_quantile, loyalty_quantile : float, default 0.5
        Cut-offs as quantiles (median split).
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        Cut-off per column; "high" means strictly above it.
    """

    name = "value_loyalty"
    segments = ("vl_golden", "vl_at_risk", "vl_marginal", "vl_dont_overserve")
    x_param, y_param = "value", "loyalty"
    cells = {
        ("high", "high"): "vl_golden",
        ("high", "low"): "vl_at_risk",
        ("low", "high"): "vl_marginal",
        ("low", "low"): "vl_dont_overserve",
    }

    def __init__(
        self,
        *,
        value: str | None = None,
        loyalty: str | None = None,
        value_quantile: float = 0.5,
        loyalty_quantile: float = 0.5,
        lang: str = "en",
    ) -> None:
        self.value = value
        self.loyalty = loyalty
        self.value_quantile = value_quantile
        self.loyalty_quantile = loyalty_quantile
        self.lang = lang

    def _resolve(self, X: pd.DataFrame) -> tuple[str, str]:
        xcol = _value_axis(self, X, self.value)
        ycol = self.loyalty
        if ycol is None:
            for cand in ("p_alive", "expected_purchases"):
                if cand in X.columns and X[cand].notna().any():
                    ycol = cand
                    break
            else:
                ycol = "n_purchase_days"
                self.note_ = join_notes(self.note_, loyalty_note())
        return xcol, ycol


class ValueResponseMatrix(_Quadrant):
    """Value x response matrix (Robert & Paul 1997): Best 最佳, Strangers 奇异 (high value, low
    response), Fatal Attraction 致命诱惑 (low value, high response), Ghosts 幽灵.

    Parameters
    ----------
    value : str, optional
        Value column (None: profit when cost is known, else revenue).
    response : str, default "response_rate"
        Share of campaign contacts the customer responded to; NaN (never contacted) is
        ``"unclassified"``.
    value_quantile, response_quantile : float, default 0.5
    lang : {"en", "zh"}, default "en"
    """

    name = "value_response"
    segments = ("vr_best", "vr_strangers", "vr_fatal_attraction", "vr_ghosts")
    x_param, y_param = "value", "response"
    cells = {
        ("high", "high"): "vr_best",
        ("high", "low"): "vr_strangers",
        ("low", "high"): "vr_fatal_attraction",
        ("low", "low"): "vr_ghosts",
    }

    def __init__(
        self,
        *,
        value: str | None = None,
        response: str = "response_rate",
        value_quantile: float = 0.5,
        response_quantile: float = 0.5,
        lang: str = "en",
    ) -> None:
        self.value = value
        self.response = response
        self.value_quantile = value_quantile
        self.response_quantile = response_quantile
        self.lang = lang

    def _resolve(self, X: pd.DataFrame) -> tuple[str, str]:
        return _value_axis(self, X, self.value), self.response


class CurrentPotentialMatrix(_Quadrant):
    """Current x potential value (source 001, 3.2): high value 高价值, secondary value 次价值
    (high now, low future), potential value 潜在价值 (low now, high future), low value 低价值.

    Parameters
    ----------
    current : str, optional
        Historical value column (None: profit when cost is known, else revenue).
    potential : str, default "clv"
        Predicted future value (e.g. from BG/NBD + Gamma-Gamma).
    current_quantile, potential_quantile : float, default 0.5
    lang : {"en", "zh"}, default "en"
    """

    name = "current_potential"
    segments = ("cp_high_value", "cp_secondary_value", "cp_potential_value", "cp_low_value")
    x_param, y_param = "current", "potential"
    cells = {
        ("high", "high"): "cp_high_value",
        ("high", "low"): "cp_secondary_value",
        ("low", "high"): "cp_potential_value",
        ("low", "low"): "cp_low_value",
    }

    def __init__(
        self,
        *,
        current: str | None = None,
        potential: str = "clv",
        current_quantile: float = 0.5,
        potential_quantile: float = 0.5,
        lang: str = "en",
    ) -> None:
        self.current = current
        self.potential = potential
        self.current_quantile = current_quantile
        self.potential_quantile = potential_quantile
        self.lang = lang

    def _resolve(self, X: pd.DataFrame) -> tuple[str, str]:
        return _value_axis(self, X, self.current), self.potential


class VolumeProfitMatrix(_Quadrant):
    """Sales volume x profit (source 001, 3.1; 销量 x 利润): four quadrants.

    High volume / low profit customers are the ones the source expects half of to become more
    profitable; low volume / low profit customers are the most likely to leave.

    Parameters
    ----------
    volume : str, default "total_spend"
        Sales volume column (revenue; use ``"n_orders"`` for a count).
    profit : str, default "total_profit"
        Profit column; needs cost data. Customers without profit are ``"unclassified"``.
    volume_quantile, profit_quantile : float, default 0.5
    lang : {"en", "zh"}, default "en"
    """

    name = "volume_profit"
    segments = ("vp_high_high", "vp_low_high", "vp_high_low", "vp_low_low")
    x_param, y_param = "volume", "profit"
    cells = {
        ("high", "high"): "vp_high_high",
        ("high", "low"): "vp_high_low",
        ("low", "high"): "vp_low_high",
        ("low", "low"): "vp_low_low",
    }

    def __init__(
        self,
        *,
        volume: str = "total_spend",
        profit: str = "total_profit",
        volume_quantile: float = 0.5,
        profit_quantile: float = 0.5,
        lang: str = "en",
    ) -> None:
        self.volume = volume
        self.profit = profit
        self.volume_quantile = volume_quantile
        self.profit_quantile = profit_quantile
        self.lang = lang

    def _resolve(self, X: pd.DataFrame) -> tuple[str, str]:
        self.value_basis_ = "profit"
        return self.volume, self.profit


class DirectIndirectMatrix(_Quadrant):
    """Direct x indirect function (Achim, Tomas & Hans 2001): high-performing 高绩效, selling
    买卖 (high direct, low indirect), networking 网络 (low direct, high indirect),
    low-performing 低绩效 relationships.

    Parameters
    ----------
    direct : str, optional
        Direct (monetary) value column (None: profit when cost is known, else revenue).
    indirect : str, default "referrals"
        Indirect value: referrals or another measure of influence.
    direct_quantile, indirect_quantile : float, default 0.5
    lang : {"en", "zh"}, default "en"
    """

    name = "direct_indirect"
    segments = ("di_high_performing", "di_selling", "di_networking", "di_low_performing")
    x_param, y_param = "direct", "indirect"
    cells = {
        ("high", "high"): "di_high_performing",
        ("high", "low"): "di_selling",
        ("low", "high"): "di_networking",
        ("low", "low"): "di_low_performing",
    }

    def __init__(
        self,
        *,
        direct: str | None = None,
        indirect: str = "referrals",
        direct_quantile: float = 0.5,
        indirect_quantile: float = 0.5,
        lang: str = "en",
    ) -> None:
        self.direct = direct
        self.indirect = indirect
        self.direct_quantile = direct_quantile
        self.indirect_quantile = indirect_quantile
        self.lang = lang

    def _resolve(self, X: pd.DataFrame) -> tuple[str, str]:
        return _value_axis(self, X, self.direct), self.indirect


class LoyaltyMatrix(_Quadrant):
    """Loyalty matrix (忠诚分类矩阵, source 000): attitude x repeat-purchase behaviour.

    loyal 忠诚 (high attitude, high repeat), latent loyal 潜在忠诚 (high attitude, low repeat),
    spurious loyal 虚假忠诚 (low attitude, high repeat), disloyal 不忠诚. Customers without a
    survey answer are ``"unclassified"``.

    Parameters
    ----------
    attitude : str, default "satisfaction"
        Attitude column (survey score).
    behaviour : str, default "n_purchase_days"
        Repeat-purchase behaviour column.
    attitude_quantile, behaviour_quantile : float, default 0.5
    lang : {"en", "zh"}, default "en"
    """

    name = "loyalty_matrix"
    segments = ("lm_loyal", "lm_latent", "lm_spurious", "lm_disloyal")
    x_param, y_param = "attitude", "behaviour"
    cells = {
        ("high", "high"): "lm_loyal",
        ("high", "low"): "lm_latent",
        ("low", "high"): "lm_spurious",
        ("low", "low"): "lm_disloyal",
    }

    def __init__(
        self,
        *,
        attitude: str = "satisfaction",
        behaviour: str = "n_purchase_days",
        attitude_quantile: float = 0.5,
        behaviour_quantile: float = 0.5,
        lang: str = "en",
    ) -> None:
        self.attitude = attitude
        self.behaviour = behaviour
        self.attitude_quantile = attitude_quantile
        self.behaviour_quantile = behaviour_quantile
        self.lang = lang


def value_loyalty_matrix(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``ValueLoyaltyMatrix(**kwargs).fit_predict(X)``."""
    return ValueLoyaltyMatrix(**kwargs).fit_predict(X)


def value_response_matrix(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``ValueResponseMatrix(**kwargs).fit_predict(X)``."""
    return ValueResponseMatrix(**kwargs).fit_predict(X)


def current_potential_matrix(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``CurrentPotentialMatrix(**kwargs).fit_predict(X)``."""
    return CurrentPotentialMatrix(**kwargs).fit_predict(X)


def volume_profit_matrix(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``VolumeProfitMatrix(**kwargs).fit_predict(X)``."""
    return VolumeProfitMatrix(**kwargs).fit_predict(X)


def direct_indirect_matrix(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``DirectIndirectMatrix(**kwargs).fit_predict(X)``."""
    return DirectIndirectMatrix(**kwargs).fit_predict(X)


def loyalty_matrix(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``LoyaltyMatrix(**kwargs).fit_predict(X)``."""
    return LoyaltyMatrix(**kwargs).fit_predict(X)
