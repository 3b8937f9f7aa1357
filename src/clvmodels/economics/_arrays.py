"""Array helpers of the economics formulas: numbers in, the caller's shape out."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ParameterError

__all__ = ["as_array", "wrap"]


def as_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a float array of finite numbers, or a one-line ParameterError naming ``name``."""
    if isinstance(value, str | bytes) or value is None:
        raise ParameterError(f"{name}={value!r} is not a number; pass a number or an array of numbers.")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name}={value!r} is not a number; pass a number or an array of numbers."
        ) from None
    bad = ~np.isfinite(arr)
    if bad.any():
        first = arr[bad].ravel()[0]
        raise ParameterError(f"{name} contains {first!r}; pass finite numbers only.")
    return arr


def wrap(result: np.ndarray, *inputs: Any) -> Any:
    """Float for scalar inputs; a Series keeping the index of the first Series input; else array."""
    for value in inputs:
        if isinstance(value, pd.Series):
            return pd.Series(np.broadcast_to(result, value.shape).copy(), index=value.index,
                             name=value.name)
    if np.ndim(result) == 0:
        return float(result)
    return result
