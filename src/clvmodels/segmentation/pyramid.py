"""Customer pyramid (客户金字塔) and the 80/20 and 20/80/30 rules (whale curve, 鲸鱼曲线)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_share
from ..exceptions import DataValidationError, ParameterError
from ._base import UNCLASSIFIED, Framework, numeric_column, reason_for, resolve_value
from ._summary import summarize_segments
from .narrative import pareto_note, value_note

__all__ = [
    "CustomerPyramid",
    "ParetoSegments",
    "customer_pyramid",
    "pareto_segments",
    "pareto_summary",
    "whale_curve",
]


def _n_of(share: float, n: int) -> int:
    """Number of customers in a share of ``n`` (rounded half up)."""
    return int(math.floor(share * n + 0.5))


def _sorted_values(values: Any, where: str) -> np.ndarray:
    arr = pd.Series(values, dtype="float64") if not isinstance(values, pd.Series) else values
    arr = pd.to_numeric(arr, errors="coerce").astype("float64")
    known = arr.dropna().to_numpy()
    if known.size == 0:
        raise DataValidationError(f"{where}: no known value; pass at least one numeric value.")
    if np.isinf(known).any():
        raise DataValidationError(f"{where}: values contain infinity; replace them by numbers.")
    return np.sort(known)[::-1]


def whale_curve(values: Any) -> pd.DataFrame:
    """Cumulative value curve (whale curve, 鲸鱼曲线): customers ranked from most to least valuable.

    Parameters
    ----------
    values : Series or array-like
        Value per customer (profit when cost is known, else revenue); NaN values are left out.

    Returns
    -------
    DataFrame
        ``n + 1`` rows starting at (0, 0): ``customer_share`` (0..1, share of customers counted),
        ``cumulative_value`` (currency) and ``cumulative_share`` (share of total value; above 1
        where the least profitable customers destroy value).

    Notes
    -----
    With profit, the curve rises above 100% and falls back to 100%: the hump is the profit
    made by the profitable customers, the fall the profit destroyed by the unprofitable ones
    (the 20/80/30 rule).
    """
    desc = _sorted_values(values, "whale_curve")
    cum = np.r_[0.0, np.cumsum(desc)]
    total = cum[-1]
    share = cum / total if total != 0 else np.full_like(cum, np.nan)
    return pd.DataFrame(
        {
            "customer_share": np.arange(desc.size + 1) / desc.size,
            "cumulative_value": cum,
            "cumulative_share": share,
        }
    )


def pareto_summary(
    values: Any, *, top_share: float = 0.2, bottom_share: float = 0.3, target_share: float = 0.8
) -> dict[str, float]:
    """The 80/20 and 20/80/30 figures of a value distribution.

    Parameters
    ----------
    values : Series or array-like
        Value per customer; NaN left out.
    top_share : float, default 0.2
        Share of customers counted as the top (二八定律 / 80/20 rule: 20%).
    bottom_share : float, default 0.3
        Share of least valuable customers (20/80/30 rule: 30%).
    target_share : float, default 0.8
        Share of value for ``customers_for_target``.

    Returns
    -------
    dict
        ``n_customers``; ``total_value`` (currency); ``top_value_share`` (share of total value
        from the top ``round(top_share * n)`` customers); ``customers_for_target`` (smallest
        share of customers whose value reaches ``target_share`` of the total);
        ``bottom_value`` (currency, signed sum of the bottom ``round(bottom_share * n)``
        customers) and ``bottom_value_share``; ``value_destroyed`` (currency, minus the sum of
        the negative values: profit lost on unprofitable customers, 0 without negative values);
        ``peak_share`` (maximum of the whale curve: profit of the profitable customers as a
        share of total profit).
    """
    top_share = check_share("top_share", top_share, where="pareto_summary", example="0.2")
    bottom_share = check_share("bottom_share", bottom_share, where="pareto_summary", example="0.3")
    target_share = check_share("target_share", target_share, where="pareto_summary", example="0.8")
    desc = _sorted_values(values, "pareto_summary")
    n = desc.size
    total = float(desc.sum())
    cum = np.cumsum(desc)
    k_top = _n_of(top_share, n)
    k_bot = _n_of(bottom_share, n)
    top = float(desc[:k_top].sum())
    bottom = float(desc[n - k_bot:].sum()) if k_bot else 0.0
    if total > 0:
        reach = np.flatnonzero(cum >= target_share * total)
        for_target = float((reach[0] + 1) / n) if reach.size else float("nan")
        top_sh, bot_sh, peak = top / total, bottom / total, float(cum.max() / total)
    else:
        for_target = top_sh = bot_sh = peak = float("nan")
    return {
        "n_customers": float(n),
        "total_value": total,
        "top_value_share": top_sh,
        "customers_for_target": for_target,
        "bottom_value": bottom,
        "bottom_value_share": bot_sh,
        "value_destroyed": float(-desc[desc < 0].sum()),
        "peak_share": peak,
    }


def _rank_cutoffs(values: pd.Series, shares: list[float]) -> list[float]:
    """Value of the last customer inside each cumulative top share (+inf if the tier is empty)."""
    desc = np.sort(values.dropna().to_numpy())[::-1]
    if desc.size == 0:
        raise DataValidationError("no customer has a known value; cannot rank customers.")
    out = []
    for cum in np.cumsum(shares):
        k = _n_of(float(cum), desc.size)
        out.append(float(desc[k - 1]) if k > 0 else math.inf)
    return out


class CustomerPyramid(Framework):
    """Customer pyramid (客户金字塔): customers ranked by value into four tiers.

    Important 重要客户 (top 5%) and secondary 次要客户 (next 15%) together are the key
    customers 关键客户; then ordinary 普通客户 (next 30%) and small 小客户 (bottom 50%).

    Parameters
    ----------
    value : str, optional
        Column ranked. None: ``total_profit`` when cost is known, else ``total_spend`` (revenue;
        said in ``note_``). Pass ``"clv"`` to rank by predicted lifetime value.
    shares : tuple of 3 floats, default (0.05, 0.15, 0.30)
        Shares of customers in the important, secondary and ordinary tiers; the rest is small.
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        Minimum value of each tier (``important``, ``secondary``, ``ordinary``) learned by
        ``fit``; ``predict`` on a later period uses them unchanged. Ties at a cut-off go to the
        higher tier.
    value_basis_ : str
        "profit", "revenue" or "CLV".

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"total_spend": [float(v) for v in range(1, 21)]})
    >>> est = CustomerPyramid().fit(X)
    >>> est.thresholds_
    {'important': 20.0, 'secondary': 17.0, 'ordinary': 11.0}
    >>> est.predict(X)["segment"].value_counts()["pyramid_small"]
    np.int64(10)
    """

    name = "pyramid"
    segments = ("pyramid_important", "pyramid_secondary", "pyramid_ordinary", "pyramid_small")

    def __init__(
        self,
        *,
        value: str | None = None,
        shares: tuple[float, float, float] = (0.05, 0.15, 0.30),
        lang: str = "en",
    ) -> None:
        self.value = value
        self.shares = shares
        self.lang = lang

    def _check_shares(self) -> list[float]:
        try:
            shares = [check_share("shares", s, where="CustomerPyramid") for s in self.shares]
        except TypeError:
            raise ParameterError(f"shares={self.shares!r} must be 3 shares.") from None
        if len(shares) != 3 or sum(shares) >= 1.0:
            raise ParameterError(
                f"shares={self.shares!r} must be 3 shares of customers summing to less than 1."
            )
        return shares

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        shares = self._check_shares()
        col, basis = resolve_value(X, self.value)
        self.value_basis_ = basis
        self.note_ = value_note(basis, self.lang)
        self.column_ = col
        v = numeric_column(X, col, where="CustomerPyramid", param="value")
        t = _rank_cutoffs(v, shares)
        return {"important": t[0], "secondary": t[1], "ordinary": t[2]}

    def tier_shares(self, X: pd.DataFrame) -> pd.DataFrame:
        """Each tier's share of customers and share of value (客户金字塔各层价值占比).

        Parameters
        ----------
        X : DataFrame
            Per-customer table (labelled with the fitted cut-offs).

        Returns
        -------
        DataFrame
            Indexed by tier key, important first: ``label``, ``n_customers``,
            ``share_customers`` (0..1), ``value`` (currency; profit, revenue or CLV as
            ``value_basis_`` says), ``share_value`` (0..1, negative for tiers that lose money)
            and ``mean_value``.
        """
        out = self.predict(X)
        return summarize_segments(out, out["value"].fillna(0.0), lang=self.lang)

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        v = numeric_column(X, self.column_, where="CustomerPyramid", param="value").to_numpy()
        t = self.thresholds_
        seg = np.select(
            [v >= t["important"], v >= t["secondary"], v >= t["ordinary"]],
            list(self.segments[:3]),
            default=self.segments[3],
        ).astype(object)
        missing = np.isnan(v)
        seg[missing] = UNCLASSIFIED
        reason = np.where(missing, reason_for(self.column_), None).astype(object)
        return seg, reason, {"value": v}


class ParetoSegments(Framework):
    """The 80/20 and 20/80/30 rules as labels: top 20%, middle, least valuable 30%.

    Parameters
    ----------
    value : str, optional
        Column ranked (None: profit when cost is known, else revenue; see ``note_``).
    top_share, bottom_share : float, default 0.2 and 0.3
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        ``top`` (minimum value of the top group) and ``bottom`` (maximum value of the bottom).
    summary_ : dict
        :func:`pareto_summary` of the fitted data.
    """

    name = "pareto"
    segments = ("pareto_top", "pareto_middle", "pareto_bottom")

    def __init__(
        self,
        *,
        value: str | None = None,
        top_share: float = 0.2,
        bottom_share: float = 0.3,
        lang: str = "en",
    ) -> None:
        self.value = value
        self.top_share = top_share
        self.bottom_share = bottom_share
        self.lang = lang

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        top = check_share("top_share", self.top_share, where="ParetoSegments", example="0.2")
        bottom = check_share("bottom_share", self.bottom_share, where="ParetoSegments",
                             example="0.3")
        if top + bottom >= 1:
            raise ParameterError("top_share + bottom_share must be less than 1.")
        col, basis = resolve_value(X, self.value)
        self.value_basis_ = basis
        self.column_ = col
        v = numeric_column(X, col, where="ParetoSegments", param="value")
        self.summary_ = pareto_summary(v, top_share=top, bottom_share=bottom)
        self.note_ = pareto_note(basis, self.lang)
        desc = np.sort(v.dropna().to_numpy())[::-1]
        k_top, k_bot = _n_of(top, desc.size), _n_of(bottom, desc.size)
        return {
            "top": float(desc[k_top - 1]) if k_top else math.inf,
            "bottom": float(desc[desc.size - k_bot]) if k_bot else -math.inf,
        }

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        v = numeric_column(X, self.column_, where="ParetoSegments", param="value").to_numpy()
        t = self.thresholds_
        seg = np.select(
            [v >= t["top"], v <= t["bottom"]], ["pareto_top", "pareto_bottom"], "pareto_middle"
        ).astype(object)
        missing = np.isnan(v)
        seg[missing] = UNCLASSIFIED
        reason = np.where(missing, reason_for(self.column_), None).astype(object)
        return seg, reason, {"value": v}


def customer_pyramid(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``CustomerPyramid(**kwargs).fit_predict(X)`` (客户金字塔)."""
    return CustomerPyramid(**kwargs).fit_predict(X)


def pareto_segments(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``ParetoSegments(**kwargs).fit_predict(X)`` (80/20 rule, 二八定律)."""
    return ParetoSegments(**kwargs).fit_predict(X)
