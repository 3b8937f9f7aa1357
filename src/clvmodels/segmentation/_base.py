"""Shared machinery of the value frameworks: validation, cut-offs and the labelled output.

Every framework takes a per-customer table ``X`` (indexed by ``customer_id``, one row per
customer; see :func:`clvmodels.segmentation.framework_inputs`) and returns, from ``predict``, a
DataFrame with the same index in the same order and the columns

- the axis values used and their levels (framework specific),
- ``segment``: the stable label key (e.g. ``"vl_golden"``, or ``"unclassified"``),
- ``label``: the key translated into ``lang`` from :mod:`clvmodels.labels`,
- ``reason``: why a customer is ``"unclassified"`` (``None`` for classified customers).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from .._checks import check_frame, check_share
from ..exceptions import DataValidationError, NotFittedError, ParameterError
from ..labels import TABLE, check_lang, label

#: Label key of customers a framework cannot judge.
UNCLASSIFIED = "unclassified"

#: Reason key used when a customer's value for a column is missing, by column.
MISSING_REASONS: dict[str, str] = {
    "avg_cycle_days": "reason_one_time_buyer",
    "total_profit": "reason_no_cost",
    "total_cost": "reason_no_cost",
    "response_rate": "reason_no_campaign",
    "satisfaction": "reason_no_survey",
    "clv": "reason_no_clv",
    "p_alive": "reason_no_p_alive",
    "expected_purchases": "reason_no_p_alive",
    "referrals": "reason_no_referrals",
}

#: What a value column measures, for notes ("profit", "revenue", "CLV").
VALUE_BASIS: dict[str, str] = {
    "total_profit": "profit",
    "total_spend": "revenue",
    "clv": "CLV",
}


def numeric_column(X: pd.DataFrame, column: str, *, where: str, param: str) -> pd.Series:
    """Column ``column`` of ``X`` as float64 (NaN kept), with a one-line error if unusable."""
    if column not in X.columns:
        raise DataValidationError(
            f"{where}: column {column!r} is missing from the customer table "
            f"(have {list(X.columns)}); add it or pass {param}='<your column>'."
        )
    col = X[column]
    try:
        values = pd.to_numeric(col, errors="raise").astype("float64")
    except (TypeError, ValueError):
        bad = col[pd.to_numeric(col, errors="coerce").isna() & col.notna()]
        raise DataValidationError(
            f"{where}: column {column!r} must be numeric; customer {bad.index[0]!r} has "
            f"{bad.iloc[0]!r} ({len(bad)} such rows); convert it to numbers."
        ) from None
    inf = np.isinf(values.to_numpy())
    if inf.any():
        pos = int(np.flatnonzero(inf)[0])
        raise DataValidationError(
            f"{where}: column {column!r} is infinite for customer {values.index[pos]!r} "
            f"({int(inf.sum())} such rows); replace infinite values by numbers or NaN."
        )
    return values


def resolve_value(X: pd.DataFrame, value: str | None) -> tuple[str, str]:
    """Column used as customer value and what it measures.

    ``value=None`` picks ``total_profit`` when it exists with at least one known value (cost is
    known), else ``total_spend`` (revenue); the second element says which ("profit", "revenue",
    "CLV" or the column name).
    """
    if value is not None:
        if not isinstance(value, str):
            raise ParameterError(f"value={value!r} must be a column name or None.")
        return value, VALUE_BASIS.get(value, value)
    if "total_profit" in X.columns and X["total_profit"].notna().any():
        return "total_profit", "profit"
    if "total_spend" in X.columns:
        return "total_spend", "revenue"
    raise DataValidationError(
        "customer table has neither 'total_profit' nor 'total_spend'; build it with "
        "clvmodels.segmentation.framework_inputs or pass value='<your column>'."
    )


def check_quantiles(qs: Any, name: str, n: int, *, where: str | None = None) -> tuple[float, ...]:
    """Check ``n`` increasing quantiles in (0, 1) (each one with :func:`check_share`)."""
    try:
        values = tuple(check_share(name, q, where=where, example="0.5") for q in qs)
    except TypeError:
        raise ParameterError(f"{name}={qs!r} must be a sequence of {n} quantiles.") from None
    if len(values) != n or any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise ParameterError(f"{name}={qs!r} must be {n} strictly increasing quantiles in (0, 1).")
    return values


def cutoff(values: pd.Series, q: float, *, where: str, column: str) -> float:
    """Quantile ``q`` of the known values (linear interpolation)."""
    known = values.dropna().to_numpy()
    if known.size == 0:
        raise DataValidationError(
            f"{where}: column {column!r} has no known value for any customer; the framework "
            f"cannot be fitted on this data (see clvmodels.segmentation.available_frameworks)."
        )
    return float(np.quantile(known, q))


def balanced_cutoff(values: pd.Series, q: float, *, where: str, column: str) -> float:
    """Cut-off for a high/low split ("high" = strictly above) at quantile ``q``, moved below a
    run of tied values when that puts the share of "high" customers closer to ``1 - q``.

    Without this, a median that equals the maximum (e.g. many P(alive) = 1) would leave nobody
    "high".
    """
    t = cutoff(values, q, where=where, column=column)
    known = values.dropna().to_numpy()
    above, at_or_above = float((known > t).mean()), float((known >= t).mean())
    if abs(at_or_above - (1 - q)) < abs(above - (1 - q)):
        lower = known[known < t]
        if lower.size:
            return float((lower.max() + t) / 2)
    return t


def reason_for(column: str) -> str:
    """Reason key for a customer whose ``column`` is missing."""
    return MISSING_REASONS.get(column, "reason_missing_value")


class Framework(BaseEstimator):  # type: ignore[misc]
    """Base class: ``fit`` learns ``thresholds_``, ``predict`` labels every customer once.

    Subclasses implement ``_fit(X) -> dict`` (the cut-offs) and ``_assign(X) -> (segment,
    reason, extra_columns)``.
    """

    #: Framework key, e.g. ``"value_grid"``; its name is ``label("fw_" + name)``.
    name: ClassVar[str] = ""
    #: Label keys of the segments, best first (without ``"unclassified"``).
    segments: ClassVar[tuple[str, ...]] = ()

    lang: str

    # -- estimator API -------------------------------------------------------------------
    def fit(self, X: pd.DataFrame, y: Any = None) -> Framework:
        """Learn the cut-offs from ``X`` and store them in ``thresholds_``.

        Parameters
        ----------
        X : DataFrame
            Per-customer table indexed by ``customer_id``.
        y : ignored

        Returns
        -------
        self
        """
        check_lang(self.lang)
        X = check_frame(X, where=type(self).__name__)
        self.value_basis_: str | None = None
        self.note_ = ""
        self.thresholds_: dict[str, Any] = self._fit(X)
        self.n_customers_fit_ = len(X)
        return self

    def predict(self, X: pd.DataFrame) -> pd.DataFrame:
        """Label every customer of ``X`` with the cut-offs learned by ``fit``.

        Parameters
        ----------
        X : DataFrame
            Per-customer table (the fitted period or a later one).

        Returns
        -------
        DataFrame
            Same index and order as ``X``: the axis values and levels, ``segment`` (label key),
            ``label`` (in ``lang``) and ``reason`` (why unclassified, else None).
        """
        self._check_fitted()
        check_lang(self.lang)
        X = check_frame(X, where=type(self).__name__)
        segment, reason, extra = self._assign(X)
        return self._result(X, segment, reason, extra)

    def fit_predict(self, X: pd.DataFrame, y: Any = None) -> pd.DataFrame:
        """``fit(X)`` then ``predict(X)``."""
        return self.fit(X).predict(X)

    # -- helpers -------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "thresholds_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                f"appropriate arguments before using this estimator."
            )

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _assign(
        self, X: pd.DataFrame
    ) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _layout(self) -> dict[str, Any] | None:
        return None

    def _result(
        self,
        X: pd.DataFrame,
        segment: np.ndarray,
        reason: np.ndarray,
        extra: dict[str, Any],
    ) -> pd.DataFrame:
        out = pd.DataFrame(extra, index=X.index)
        seg = pd.Series(np.asarray(segment, dtype=object), index=X.index)
        rea = pd.Series(np.asarray(reason, dtype=object), index=X.index)
        out["segment"] = seg
        out["label"] = _map_distinct(seg, lambda k: label(k, self.lang))
        out["reason"] = _map_distinct(rea, lambda k: label(k, self.lang))
        out.attrs["framework"] = self.name
        out.attrs["value_basis"] = self.value_basis_
        out.attrs["note"] = self.note_
        out.attrs["segments"] = list(self.segments)
        layout = self._layout()
        if layout is not None:
            out.attrs["layout"] = layout
        return out


def _map_distinct(values: pd.Series, func: Any) -> pd.Series:
    """``values.map(func)`` with ``func`` called once per distinct value, not once per customer
    (a million customers hold a dozen segment keys); missing values stay as they are, as
    :func:`~clvmodels.labels.label` leaves them."""
    codes, uniques = pd.factorize(values)
    out = np.asarray(values, dtype=object).copy()
    known = codes >= 0
    if len(uniques):
        out[known] = np.asarray([func(u) for u in uniques], dtype=object)[codes[known]]
    return pd.Series(out, index=values.index)


def levels_2(values: np.ndarray, threshold: float) -> np.ndarray:
    """"high" where value > threshold, "low" where <= threshold, None where NaN."""
    out = np.where(values > threshold, "high", "low").astype(object)
    out[np.isnan(values)] = None
    return out


def levels_3(values: np.ndarray, t1: float, t2: float, names: tuple[str, str, str]) -> np.ndarray:
    """``names[0]`` where value <= t1, ``names[1]`` where <= t2, else ``names[2]``; None if NaN."""
    out = np.where(values <= t1, names[0], np.where(values <= t2, names[1], names[2])).astype(
        object
    )
    out[np.isnan(values)] = None
    return out


def segment_label(key: Any, lang: str = "en") -> str:
    """Label of a segment key in ``lang``.

    Parameters
    ----------
    key : Any
        Segment key (``"vl_golden"``, ``"unclassified"``, a cluster profile key, ...);
        ``"key#2"`` (a second cluster of the same profile) becomes ``"<label> #2"``.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        The label; keys without one are returned as text.
    """
    text = str(key)
    if "#" in text:
        base, _, num = text.rpartition("#")
        return f"{label(base, lang)} #{num}"
    return label(text, lang)


def framework_name(key: Any, lang: str = "en") -> str:
    """Name of a framework key in ``lang`` (label ``"fw_" + key``).

    Parameters
    ----------
    key : Any
        Framework key (``"pyramid"``, ``"rfm"``, ``"clustering"`` ...) or any labeling name.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        The framework's name; names that are not framework keys are returned as text.
    """
    k = "fw_" + str(key)
    return label(k, lang) if k in TABLE else str(key)
