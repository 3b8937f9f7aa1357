"""Value-verification grid (客户价值核定模型): purchase cycle x amount per purchase."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._base import (
    UNCLASSIFIED,
    Framework,
    check_quantiles,
    cutoff,
    levels_3,
    numeric_column,
    reason_for,
)

__all__ = ["GRID_CELLS", "ValueGrid", "value_grid"]

#: Segment of each (amount level, cycle level) cell, as in source 001, table 1.
GRID_CELLS: dict[tuple[str, str], str] = {
    ("large", "short"): "grid_platinum",
    ("large", "medium"): "grid_gold",
    ("medium", "short"): "grid_gold",
    ("large", "long"): "grid_silver",
    ("medium", "medium"): "grid_silver",
    ("small", "short"): "grid_silver",
    ("medium", "long"): "grid_development",
    ("small", "medium"): "grid_development",
    ("small", "long"): "grid_optimize",
}


class ValueGrid(Framework):
    """Value-verification grid (客户价值核定模型): average purchase cycle x average amount.

    Customers are placed by tercile of their average amount per purchase (small / medium /
    large) and of their average purchase cycle (short / medium / long, mean days between
    purchase days) and labelled

    - platinum 铂金客户: large amount, short cycle;
    - gold 黄金客户: large & medium cycle, or medium amount & short cycle;
    - silver 白银客户: the diagonal (large & long, medium & medium, small & short);
    - development 发展客户: medium & long, small & medium;
    - optimize 优化客户: small amount, long cycle.

    One-time buyers have no cycle and are ``"unclassified"``.

    Parameters
    ----------
    cycle : str, default "avg_cycle_days"
        Column with the mean days between purchase days (NaN for one-time buyers).
    amount : str, default "mean_order_value"
        Column with the average amount per purchase (currency).
    cycle_quantiles, amount_quantiles : tuple of 2 floats, default (1/3, 2/3)
        Cut-offs between the three levels, as quantiles of the classifiable customers.
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    thresholds_ : dict
        ``cycle`` and ``amount``: the two cut-off values of each axis (days, currency). A value
        equal to a cut-off belongs to the lower level.

    Notes
    -----
    Source 001: customer value in the lifetime CRV_p depends on the average purchase cycle and
    the average amount per purchase (公式2), hence the grid.
    """

    name = "value_grid"
    segments = ("grid_platinum", "grid_gold", "grid_silver", "grid_development", "grid_optimize")

    def __init__(
        self,
        *,
        cycle: str = "avg_cycle_days",
        amount: str = "mean_order_value",
        cycle_quantiles: tuple[float, float] = (1 / 3, 2 / 3),
        amount_quantiles: tuple[float, float] = (1 / 3, 2 / 3),
        lang: str = "en",
    ) -> None:
        self.cycle = cycle
        self.amount = amount
        self.cycle_quantiles = cycle_quantiles
        self.amount_quantiles = amount_quantiles
        self.lang = lang

    def _columns(self, X: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        c = numeric_column(X, self.cycle, where="ValueGrid", param="cycle")
        a = numeric_column(X, self.amount, where="ValueGrid", param="amount")
        return c, a

    def _fit(self, X: pd.DataFrame) -> dict[str, Any]:
        cq = check_quantiles(self.cycle_quantiles, "cycle_quantiles", 2, where="ValueGrid")
        aq = check_quantiles(self.amount_quantiles, "amount_quantiles", 2, where="ValueGrid")
        c, a = self._columns(X)
        ok = c.notna() & a.notna()
        self.value_basis_ = "revenue"
        return {
            "cycle": tuple(cutoff(c[ok], q, where="ValueGrid", column=self.cycle) for q in cq),
            "amount": tuple(cutoff(a[ok], q, where="ValueGrid", column=self.amount) for q in aq),
        }

    def _assign(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        c, a = (s.to_numpy() for s in self._columns(X))
        tc, ta = self.thresholds_["cycle"], self.thresholds_["amount"]
        cl = levels_3(c, tc[0], tc[1], ("short", "medium", "long"))
        al = levels_3(a, ta[0], ta[1], ("small", "medium", "large"))
        seg = np.array(
            [GRID_CELLS.get((x, y), UNCLASSIFIED) for x, y in zip(al, cl, strict=True)],
            dtype=object,
        )
        reason = np.full(len(seg), None, dtype=object)
        reason[np.isnan(a)] = reason_for(self.amount)
        reason[np.isnan(c)] = reason_for(self.cycle)
        return seg, reason, {"cycle": c, "amount": a, "cycle_level": cl, "amount_level": al}

    def _layout(self) -> dict[str, Any]:
        return {
            "x": self.cycle,
            "y": self.amount,
            "x_level": "cycle_level",
            "y_level": "amount_level",
            "x_levels": ["short", "medium", "long"],
            "y_levels": ["small", "medium", "large"],
            "cells": {f"{y}|{x}": s for (y, x), s in GRID_CELLS.items()},
        }


def value_grid(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``ValueGrid(**kwargs).fit_predict(X)`` (客户价值核定模型)."""
    return ValueGrid(**kwargs).fit_predict(X)
