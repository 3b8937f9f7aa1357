"""The ``customer_id`` check: no missing ids; int64 when every id is an integer, else strings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._cells import missing_mask, source_name
from ._messages import Problem, problem_at

__all__ = ["convert_customer_id"]


def convert_customer_id(
    s: pd.Series, labels: np.ndarray, source_column: Any
) -> tuple[pd.Series, list[Problem]]:
    """Customer ids as int64 (integers and integer strings) or stripped strings, and problems."""
    missing, s = missing_mask(s)
    problems: list[Problem] = []
    p = problem_at(
        missing,
        labels,
        s,
        column="customer_id",
        what="missing customer ids",
        fix="fill in the customer ids or drop these rows (a purchase without a customer "
        "cannot be attributed)",
        source_column=source_name(source_column, "customer_id"),
    )
    if p is not None:
        return s, [p]
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("str"), problems
    if pd.api.types.is_integer_dtype(s.dtype):
        return s.astype("int64"), problems
    if pd.api.types.is_float_dtype(s.dtype):
        values = s.to_numpy(dtype=np.float64)
        if np.all(np.isfinite(values)) and np.all(values == np.round(values)) and (
            len(values) == 0 or np.abs(values).max() < 2**53
        ):
            return pd.Series(values.astype(np.int64), index=s.index, name=s.name), problems
        return s.astype("str"), problems
    text = s.astype("str").str.strip()
    is_int = text.str.fullmatch(r"[+-]?\d{1,18}")
    if len(text) and bool(is_int.all()):
        return pd.Series(
            pd.to_numeric(text).to_numpy(dtype=np.int64), index=s.index, name=s.name
        ), problems
    return text, problems
