"""Input checks shared by the models: the whole summary is checked first, one line per problem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..labels import say

__all__ = ["compress_rows", "describe_rows", "validate_summary"]


def describe_rows(index: pd.Index, values: np.ndarray, bad: np.ndarray, lang: str = "en") -> str:
    """``"customer 17 (row 3) = -1 (and 4 more rows)"`` for the first offending row."""
    pos = np.flatnonzero(bad)
    first = pos[0]
    more = say("dw_customer_row_more", lang, n=len(pos) - 1) if len(pos) > 1 else ""
    key = index[first]
    key = key.item() if hasattr(key, "item") else key
    return say("dw_customer_row", lang, customer=repr(key), row=first + 1,
               value=f"{float(values[first]):g}", more=more)


def _fail(model: str, column: str, problem: str, where: str, fix: str) -> DataValidationError:
    return DataValidationError(f"{model}: column '{column}' {problem}: {where}; fix: {fix}.")


def validate_summary(
    summary: Any,
    *,
    model: str,
    required: Sequence[str],
    integer: Sequence[str] = ("frequency",),
    age_column: str | None = "T",
) -> tuple[dict[str, np.ndarray], pd.Index]:
    """Check a per-customer summary and return its columns as float arrays plus the index.

    Checks, in order: a non-empty DataFrame, the required columns, numeric finite values, no
    negative values, integer purchase counts, ``recency <= age``, ``recency == 0`` when
    ``frequency == 0`` and positive ``weights`` (when the column is present). The returned dict
    always has ``"weights"`` (ones when absent).

    Raises
    ------
    DataValidationError
        One line naming the column, the first offending customer with its value, the number of
        further rows and the fix.
    """
    if not isinstance(summary, pd.DataFrame):
        raise DataValidationError(
            f"{model}: expected the per-customer DataFrame of clvmodels.features.rfm_summary, "
            f"got {type(summary).__name__}; fix: pass rfm_summary(transactions)."
        )
    if len(summary) == 0:
        raise DataValidationError(
            f"{model}: the summary has no rows; fix: pass at least one customer."
        )
    missing = [c for c in required if c not in summary.columns]
    if missing:
        raise DataValidationError(
            f"{model}: missing column(s) {missing} (found {list(summary.columns)[:8]}); fix: build "
            f"the table with clvmodels.features.rfm_summary or rename the columns."
        )
    cols = [*required, *(["weights"] if "weights" in summary.columns else [])]
    out: dict[str, np.ndarray] = {}
    index = summary.index
    for col in cols:
        series = summary[col]
        if not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
            raise DataValidationError(
                f"{model}: column '{col}' has dtype {series.dtype}, not numeric; fix: convert it "
                f"with pd.to_numeric."
            )
        values = series.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(values)
        if bad.any():
            raise _fail(model, col, "has missing or infinite values", describe_rows(index, values, bad),
                        "drop or fill those customers")
        bad = values < 0
        if bad.any():
            raise _fail(model, col, "has negative values", describe_rows(index, values, bad),
                        "counts and durations must be >= 0")
        if col in integer:
            bad = values != np.round(values)
            if bad.any():
                raise _fail(model, col, "must hold whole numbers of repeat purchases",
                            describe_rows(index, values, bad), "round or recompute the counts")
        out[col] = values
    if "weights" in out:
        bad = out["weights"] <= 0
        if bad.any():
            raise _fail(model, "weights", "must be positive (number of identical customers)",
                        describe_rows(index, out["weights"], bad), "drop rows with weight 0")
    else:
        out["weights"] = np.ones(len(summary))
    if "recency" in out and age_column is not None and age_column in out:
        age = out[age_column]
        bad = out["recency"] > age * (1 + 1e-9) + 1e-12
        if bad.any():
            raise _fail(model, "recency", f"exceeds '{age_column}' (last purchase after the end of "
                        "observation)", describe_rows(index, out["recency"], bad),
                        f"recompute the summary so that recency <= {age_column}")
        out["recency"] = np.minimum(out["recency"], age)
    if "recency" in out and "frequency" in out:
        bad = (out["frequency"] == 0) & (out["recency"] > 0)
        if bad.any():
            raise _fail(model, "recency", "is positive for customers with frequency 0 (one-time "
                        "buyers have recency 0 by the BTYD convention)",
                        describe_rows(index, out["recency"], bad), "set their recency to 0")
    return out, index


def compress_rows(columns: Sequence[np.ndarray], weights: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Merge identical customers into one row with summed weights.

    Only done when it pays: a sample of rows is checked for duplicates first (with continuous
    times every row is distinct and hashing 1M rows would be wasted time).
    """
    n = len(weights)
    if n < 2:
        return list(columns), weights
    frame = pd.DataFrame({f"c{i}": c for i, c in enumerate(columns)})
    if n > 20_000:
        sample = frame.iloc[:: max(1, n // 20_000)]
        if sample.duplicated().mean() < 0.2:
            return list(columns), weights
    codes, uniques = pd.MultiIndex.from_frame(frame).factorize()
    if len(uniques) > 0.8 * n:
        return list(columns), weights
    summed = np.bincount(codes, weights=weights, minlength=len(uniques))
    arr = uniques.to_frame(index=False).to_numpy(dtype=float)
    return [arr[:, i] for i in range(arr.shape[1])], summed
