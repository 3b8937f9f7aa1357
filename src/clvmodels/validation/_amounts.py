"""The numeric columns (``amount``, ``cost``, ``quantity``): numbers, finite, no silent returns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._cells import missing_mask, source_name
from ._messages import Problem, problem_at

__all__ = ["amount_fix", "convert_numeric", "negative_amounts"]


def amount_fix(bad_values: Sequence[Any], column: str) -> str:
    """How to fix non-numeric amounts (decimal comma, currency sign, ...), from the first bad value."""
    example = str(bad_values[0]).strip() if bad_values else ""
    if re.fullmatch(r"[+-]?\d+,\d+", example):
        return (
            "the file uses a decimal comma: pass decimal=',' (with sep=';' if the fields are "
            "separated by semicolons), or write '12.50'"
        )
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", example):
        return "the numbers have thousands separators: pass thousands=','"
    if re.search(r"[$€£¥]|\b[A-Z]{3}\b", example):
        return (
            f"remove the currency symbols from {column!r} (state the currency with "
            f"currency='EUR' instead)"
        )
    return f"correct or remove these rows so that {column!r} holds plain numbers like 12.50"


def convert_numeric(
    s: pd.Series,
    labels: np.ndarray,
    column: str,
    source_column: Any,
    *,
    required: bool,
) -> tuple[pd.Series, list[Problem]]:
    """A numeric column as float64, and its problems (missing when required, text, infinite)."""
    missing, s = missing_mask(s)
    src = source_name(source_column, column)
    problems: list[Problem] = []
    if required:
        p = problem_at(
            missing,
            labels,
            s,
            column=column,
            what=f"missing {column}s" if column != "quantity" else "missing quantities",
            fix=f"fill in {column!r} or drop these rows",
            source_column=src,
        )
        if p is not None:
            problems.append(p)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        values = s.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = np.zeros(len(values), dtype=bool)
    else:
        converted = pd.to_numeric(s.where(~missing) if missing.any() else s, errors="coerce")
        values = converted.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = np.isnan(values) & ~missing
        if pd.api.types.is_bool_dtype(s.dtype):
            bad = ~missing
    if bad.any():
        problems.append(
            problem_at(
                bad,
                labels,
                s,
                column=column,
                what="non-numeric values",
                fix=amount_fix(s[bad].iloc[:1].tolist(), column),
                source_column=src,
            )
        )
    infinite = np.isinf(values)
    if infinite.any():
        problems.append(
            problem_at(
                infinite,
                labels,
                s,
                column=column,
                what="infinite values",
                fix=f"correct or remove these rows so that {column!r} holds finite numbers",
                source_column=src,
            )
        )
    return pd.Series(values, index=s.index, name=column), problems


def negative_amounts(amount: pd.Series, labels: np.ndarray, source_column: Any) -> Problem | None:
    """The problem of negative amounts (returns) when returns are not allowed, or None."""
    return problem_at(
        amount.to_numpy() < 0,
        labels,
        amount,
        column="amount",
        what="negative amounts (returns or refunds)",
        fix="pass allow_returns=True (command line: --allow-returns) to net each return "
        "against the customer's most recent purchase, or remove these rows",
        source_column=source_name(source_column, "amount"),
    )
