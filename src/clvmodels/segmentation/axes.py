"""Units of the per-customer columns the frameworks put on their axes.

A framework's axis is a column of the table of :func:`clvmodels.segmentation.framework_inputs`;
what the column measures (profit or revenue, in which currency, over which period; purchases or
P(alive) from which model, over which horizon) is read from the ``attrs`` that
:func:`~clvmodels.segmentation.framework_inputs` (``currency``, ``period_start``,
``observation_end``) and :func:`~clvmodels.segmentation.model_predictions` (``predictions``:
model, horizon, discounting, CLV basis) record. The words are in
:func:`clvmodels.segmentation.narrative.axis_text`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .narrative import axis_text

__all__ = ["MEASURES", "axis_unit"]

#: What each column of the framework table measures (``measure`` of :func:`axis_unit`).
MEASURES: dict[str, str] = {
    "total_profit": "profit",
    "total_spend": "revenue",
    "total_cost": "cost",
    "mean_order_value": "money_per_order",
    "clv": "clv",
    "expected_purchases": "expected_purchases",
    "p_alive": "p_alive",
    "n_purchase_days": "purchase_days",
    "n_orders": "orders",
    "avg_cycle_days": "days",
    "days_since_last_purchase": "days",
    "tenure_days": "days",
    "response_rate": "response_rate",
    "satisfaction": "satisfaction",
    "referrals": "referrals",
}

#: Keys of ``X.attrs["predictions"]`` copied into the description of each model output.
_MODEL_KEYS: dict[str, tuple[str, ...]] = {
    "clv": ("model", "horizon", "time_unit", "annual_discount_rate", "clv_basis", "margin",
            "currency"),
    "expected_purchases": ("model", "horizon", "time_unit"),
    "p_alive": ("model",),
}


def _day(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return str(pd.Timestamp(value).date())
    except (TypeError, ValueError):
        return None


def axis_unit(X: pd.DataFrame, column: str, **override: Any) -> dict[str, Any]:
    """What a column of the framework table measures, and in which unit.

    Parameters
    ----------
    X : DataFrame
        Table of :func:`clvmodels.segmentation.framework_inputs` (its ``attrs`` say the
        currency, the period and, under ``predictions``, the models).
    column : str
        The column on the axis.
    **override
        Entries that replace what ``attrs`` say (e.g. ``clv_basis="revenue"`` when the matrix
        divided a CLV by its assumed margin).

    Returns
    -------
    dict
        ``column``, ``measure`` (:data:`MEASURES`, "other" for columns it does not know);
        for money ``currency``; for history ``start`` and ``end`` (dates as "YYYY-MM-DD");
        for model outputs ``model`` (the transaction model), with ``horizon`` and ``time_unit``
        (expected purchases, CLV) and ``annual_discount_rate``, ``clv_basis``, ``margin``
        (CLV); and ``text``, the unit in English words.
    """
    attrs = X.attrs if isinstance(X, pd.DataFrame) else {}
    measure = override.get("measure") or MEASURES.get(column, "other")
    unit: dict[str, Any] = {"column": column, "measure": measure}
    if measure in ("profit", "revenue", "cost", "money_per_order", "purchase_days", "orders"):
        unit["start"] = _day(attrs.get("period_start"))
        unit["end"] = _day(attrs.get("observation_end"))
    unit.update(override)
    if measure in _MODEL_KEYS:
        pred = attrs.get("predictions") or {}
        recorded = {"model": pred.get("transaction_model"), **pred,
                    "currency": pred.get("currency") or attrs.get("currency")}
        unit.update({k: recorded.get(k) for k in _MODEL_KEYS[measure] if k not in override})
    if measure in ("profit", "revenue", "cost", "money_per_order"):
        unit.setdefault("currency", attrs.get("currency"))
    unit["text"] = axis_text(unit, "en")
    return unit
