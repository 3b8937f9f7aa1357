"""Array-valued argument checks of the economics formulas (one copy for the package).

Each check accepts a number or an array of numbers, checks every element and returns the float
array; the message names the first value out of range and how many more there are. Scalar checks
(a whole number of periods, a non-negative number, a share) use :mod:`clvmodels._checks`;
:func:`check_periods` only fixes its arguments for the ``periods`` of the formulas.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import check_positive
from ..exceptions import ParameterError
from ._arrays import as_array

__all__ = ["check_cash_flows", "check_nonnegative", "check_periods", "check_rate", "check_retention"]


def _first_bad(arr: np.ndarray, mask: np.ndarray) -> str:
    n_bad = int(mask.sum())
    first = float(arr[mask].ravel()[0])
    more = f" ({n_bad - 1} more value(s) out of range)" if n_bad > 1 else ""
    return f"{first!r}{more}"


def check_retention(name: str, value: Any) -> np.ndarray:
    """Retention rates per period, each in [0, 1)."""
    arr = as_array(name, value)
    mask = (arr < 0) | (arr >= 1)
    if mask.any():
        raise ParameterError(
            f"{name}={_first_bad(arr, mask)} is out of range; use a retention rate per period in "
            f"[0, 1), e.g. 0.9 for 90% of customers kept each year."
        )
    return arr


def check_rate(name: str, value: Any) -> np.ndarray:
    """Discount (or interest) rates per period, each > -1."""
    arr = as_array(name, value)
    mask = arr <= -1
    if mask.any():
        raise ParameterError(
            f"{name}={_first_bad(arr, mask)} is out of range; use a rate per period > -1, "
            f"e.g. 0.10 for 10% per year."
        )
    return arr


def check_nonnegative(name: str, value: Any) -> np.ndarray:
    """Amounts or counts, each >= 0."""
    arr = as_array(name, value)
    mask = arr < 0
    if mask.any():
        raise ParameterError(f"{name}={_first_bad(arr, mask)} is negative; pass a value >= 0.")
    return arr


def check_cash_flows(cash_flows: Any) -> np.ndarray:
    """A 1-d sequence of at least two finite cash flows, the first at time 0."""
    arr = as_array("cash_flows", cash_flows)
    if arr.ndim != 1 or arr.size < 2:
        raise ParameterError(
            f"cash_flows has shape {arr.shape}; pass a 1-d sequence of at least two cash flows, "
            f"the first at time 0 (e.g. [-100, 60, 60])."
        )
    return arr


def check_periods(periods: Any) -> int:
    """A positive whole number of periods, as an ``int``.

    ``None`` (an infinite horizon) is handled by the callers before; the message mentions it.
    """
    return check_positive("periods", periods, integer=True, allow_none=True,
                          none_means="an infinite horizon")
