"""Two-by-two customer matrices of the source texts (median split by default).

Each matrix places a customer "high" on an axis when the value is strictly above the cut-off
(default: the median of the customers the matrix can judge) and "low" otherwise. When many
customers tie at the cut-off (e.g. P(alive) = 1), the cut-off is moved just below the tie if that
gives a split closer to the requested quantile.

Both axes are stated with their units: ``attrs["axes"]`` of every result (and ``axes_`` of the
fitted matrix) describes each axis (:func:`clvmodels.segmentation.axes.axis_unit`: profit or
revenue, currency, period; model, horizon and discounting of model outputs), and ``note_`` says
it in one sentence. Money axes are profit where cost is known, else revenue, on both axes (see
:class:`CurrentPotentialMatrix`).

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
from .axes import axis_unit
from .narrative import (
    axes_note,
    bgnbd_note,
    current_potential_note,
    join_notes,
    loyalty_expected_note,
    loyalty_note,
    value_note,
)

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

    def _values(self, X: pd.DataFrame, axis: str) -> pd.Series:
        """The values of ``axis`` ("x" or "y"), as float64, divided by ``axis_scale_[axis]``."""
        i = 0 if axis == "x" else 1
        param = self.x_param if axis == "x" else self.y_param
        values = numeric_column(X, self.columns_[i], where=type(self).__name__, param=param)
        scale = self.axis_scale_.get(axis, 1.0)
        return values if scale == 1.0 else values / scale

    def _axes(self, X: pd.DataFrame) -> dict[str, dict[str, Any]]:
        """What each axis measures, in which unit (for ``attrs["axes"]`` and the note)."""
        return {axis: axis_unit(X, col, **self.axis_override_.get(axis, {}))
                for axis, col in zip(("x", "y"), self.columns_, strict=True)}

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        where = type(self).__name__
        xq, yq = (
            check_share(p + "_quantile", getattr(self, p + "_quantile"), where=where, example="0.5")
            for p in (self.x_param, self.y_param)
        )
        self.axis_scale_: dict[str, float] = {}
        self.axis_override_: dict[str, dict[str, Any]] = {}
        xcol, ycol = self._resolve(X)
        self.columns_ = (xcol, ycol)
        x = self._values(X, "x")
        y = self._values(X, "y")
        ok = x.notna() & y.notna()
        thresholds = {
            xcol: balanced_cutoff(x[ok], xq, where=where, column=xcol),
            ycol: balanced_cutoff(y[ok], yq, where=where, column=ycol),
        }
        self.axes_ = self._axes(X)
        self.note_ = join_notes(self.note_, axes_note(self.x_param, self.y_param,
                                                      self.axes_["x"], self.axes_["y"],
                                                      self.lang))
        return thresholds

    def _result(
        self,
        X: pd.DataFrame,
        segment: np.ndarray,
        reason: np.ndarray,
        extra: dict[str, Any],
    ) -> pd.DataFrame:
        out = super()._result(X, segment, reason, extra)
        out.attrs["axes"] = self._axes(X)  # the period and models of the customers labelled
        return out

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        xcol, ycol = self.columns_
        x = self._values(X, "x").to_numpy()
        y = self._values(X, "y").to_numpy()
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


def _recorded_model(X: pd.DataFrame) -> str | None:
    """Name of the transaction model behind the model outputs of ``X``, when recorded."""
    return (X.attrs.get("predictions") or {}).get("transaction_model")


def _value_axis(self: Framework, X: pd.DataFrame, value: str | None) -> str:
    col, basis = resolve_value(X, value)
    self.value_basis_ = basis
    self.note_ = value_note(basis, self.lang)
    return col


class ValueLoyaltyMatrix(_Quadrant):
    """Value x loyalty matrix (Kelly & Julie 1999): Golden 金牌, At Risk 风险, Marginal 边际,
    Don't over-serve 无需过多服务.

    Parameters
    ----------
    value : str, optional
        Current value column (None: profit when cost is known, else revenue; see ``note_``).
    loyalty : str, optional
        Loyalty column. None: ``expected_purchases`` (purchases expected in the next period,
        from :func:`clvmodels.segmentation.model_predictions`) when present, else ``p_alive``,
        else ``n_purchase_days`` (repeat behaviour in the period; each said in ``note_``).
    value_quantile, loyalty_quantile : float, default 0.5
        Cut-offs as quantiles (median split).
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        Cut-off per column; "high" means strictly above it.
    axes_ : dict
        ``x`` (value) and ``y`` (loyalty): what each axis measures and its unit.

    Notes
    -----
    Loyalty is the number of purchases the customer is expected to make in the next period
    (the CLV horizon of :func:`~clvmodels.segmentation.model_predictions`, one year by
    default), E[X(t) | history] = P(alive) x the purchase rate, from a transaction model in
    which one-time buyers can drop out (MBG/NBD by default). The source (001) defines loyalty
    as continued buying ("客户的忠诚是一种持续交易的行为", measured by retention) and says it
    carries a forecast of the customer's future cash flows; expected purchases is that
    forecast in purchases, independent of spend per purchase (the value axis). P(alive) alone
    is not used by default: it ranks a customer who bought once recently above one who bought
    every month until a few weeks ago, and in MBG/NBD a one-time buyer's P(alive) depends on
    age only, so one-time buyers sit in tied blocks around the median (on CDNOW about half of
    the "high loyalty" cells); in BG/NBD every one-time buyer has P(alive) = 1 and the
    quadrants invert (one-time buyers fill the high-loyalty cells;
    ``tests/test_real_data_frameworks.py``). Pass ``loyalty="p_alive"`` to use it anyway.
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
            for cand in ("expected_purchases", "p_alive"):
                if cand in X.columns and X[cand].notna().any():
                    ycol = cand
                    break
            else:
                ycol = "n_purchase_days"
                self.note_ = join_notes(self.note_, loyalty_note(self.lang))
            if ycol == "expected_purchases":
                self.note_ = join_notes(self.note_, loyalty_expected_note(self.lang))
        if ycol == "p_alive" and _recorded_model(X) == "BG/NBD":
            self.note_ = join_notes(self.note_, bgnbd_note(self.lang))
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
        Historical value column (None: profit when cost is known, else revenue, on the CLV's
        basis; see Notes).
    potential : str, default "clv"
        Predicted future value (from :func:`clvmodels.segmentation.model_predictions`).
    current_quantile, potential_quantile : float, default 0.5
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        Cut-off per column (the potential one in the axis' unit).
    axes_ : dict
        ``x`` (current) and ``y`` (potential): what each axis measures and its unit.

    Notes
    -----
    Both axes in one unit. With ``current=None`` and the ``clv`` of
    :func:`~clvmodels.segmentation.model_predictions` (whose ``attrs``, kept by
    :func:`~clvmodels.segmentation.framework_inputs` in ``attrs["predictions"]``, say what the
    CLV measures):

    - cost known and a profit CLV (each customer's margin from cost): profit on both axes;
    - cost unknown and a revenue CLV: revenue on both axes;
    - a revenue CLV although cost is known: current value is revenue too (said in ``note_``);
    - a CLV at one *assumed* margin: the CLV is divided by that margin, so both axes are
      revenue (a constant margin does not change who is above the median);
    - a profit CLV (margins given per customer) although cost is unknown: the axes differ in
      basis, said in ``note_``;
    - a CLV whose basis is not recorded: used as it is, said in ``note_``.
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
        current = _value_axis(self, X, self.current)
        if self.current is not None or self.potential != "clv":
            return current, self.potential  # the caller's columns, units stated in the note
        pred = X.attrs.get("predictions") or {}
        basis = pred.get("clv_basis")
        if basis == "profit_assumed":
            margin = float(pred["margin"])
            self.axis_scale_["y"] = margin
            self.axis_override_["y"] = {"clv_basis": "revenue"}
            current, self.value_basis_ = "total_spend", "revenue"
            self.note_ = current_potential_note("assumed_margin", margin=margin,
                                                lang=self.lang)
        elif basis == "revenue" and current == "total_profit":
            current, self.value_basis_ = "total_spend", "revenue"
            self.note_ = current_potential_note("revenue", lang=self.lang)
        elif basis == "profit" and current == "total_spend":
            self.note_ = join_notes(self.note_, current_potential_note("mixed", lang=self.lang))
        elif basis is None:
            self.note_ = join_notes(self.note_, current_potential_note("unknown", lang=self.lang))
        return current, self.potential


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
