"""Argument checks shared by every layer: one home for each kind of check.

Each function returns the value in its canonical form (``float``, ``pd.Timestamp``, ...) or raises
:class:`~clvmodels.exceptions.ParameterError` (an argument) / :class:`DataValidationError` (a
table) with one line that names the argument, the offending value and how to fix it. ``where``
prefixes the message with the calling function or class (``"LifecycleStage"``), so the user knows
which call to change.

Checks of the *data* in a transaction log or a per-customer summary (one line per bad row) live in
:mod:`clvmodels.validation` and :mod:`clvmodels.models._validation`; this module checks arguments.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import numpy as np
import pandas as pd

from ._units import check_time_unit
from .exceptions import DataValidationError, ParameterError

__all__ = [
    "check_choice",
    "check_date",
    "check_frame",
    "check_positive",
    "check_probability",
    "check_share",
    "check_time_unit",
    "check_transactions_frame",
]


def _prefix(where: str | None) -> str:
    return f"{where}: " if where else ""


def _is_real(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def check_positive(
    name: str,
    value: Any,
    *,
    allow_zero: bool = False,
    integer: bool = False,
    allow_none: bool = False,
    where: str | None = None,
    none_means: str = "",
) -> Any:
    """Return ``value`` as a ``float`` (``int`` when ``integer``) after checking it is > 0.

    Parameters
    ----------
    name : str
        Argument name used in the message.
    value : Any
        The value passed by the caller; numbers only (``True`` is not a number here).
    allow_zero : bool, default False
        Accept 0 (a non-negative number).
    integer : bool, default False
        Require a whole number and return an ``int``.
    allow_none : bool, default False
        Accept ``None`` and return it unchanged.
    where : str, optional
        Calling function or class, prefixed to the message.
    none_means : str, default ""
        What ``None`` stands for, quoted in the message (e.g. ``"learned from the data"``).

    Raises
    ------
    ParameterError
        When ``value`` is not a finite number in the range.
    """
    if value is None and allow_none:
        return None
    ok = _is_real(value) and bool(np.isfinite(value))
    if ok:
        ok = value >= 0 if allow_zero else value > 0
    if ok and integer:
        ok = float(value) == round(float(value))
    if not ok:
        kind = "a non-negative" if allow_zero else "a positive"
        what = "whole number" if integer else "number"
        alt = f" or None ({none_means})" if allow_none and none_means else (" or None" if allow_none else "")
        raise ParameterError(f"{_prefix(where)}{name}={value!r} must be {kind} finite {what}{alt}.")
    return int(value) if integer else float(value)


def check_share(
    name: str,
    value: Any,
    *,
    low_closed: bool = False,
    high_closed: bool = False,
    where: str | None = None,
    example: str = "0.1",
) -> float:
    """Return ``value`` as a ``float`` after checking it is a share between 0 and 1.

    The interval is open at both ends by default (``(0, 1)``, e.g. a quantile); ``low_closed``
    and ``high_closed`` admit 0 and 1.

    Raises
    ------
    ParameterError
        When ``value`` is not a number in the interval.
    """
    rng = f"{'[' if low_closed else '('}0, 1{']' if high_closed else ')'}"
    if not (_is_real(value) and bool(np.isfinite(value))):
        raise ParameterError(
            f"{_prefix(where)}{name}={value!r} is not a number; use a number in {rng}, e.g. {example}."
        )
    if not ((value >= 0 if low_closed else value > 0) and (value <= 1 if high_closed else value < 1)):
        raise ParameterError(
            f"{_prefix(where)}{name}={value!r} is out of range; use a number in {rng}, e.g. {example}."
        )
    return float(value)


def check_probability(name: str, value: Any, *, where: str | None = None) -> float:
    """A probability in ``[0, 1]`` (both ends allowed); see :func:`check_share`."""
    return check_share(name, value, low_closed=True, high_closed=True, where=where, example="0.5")


def check_choice(name: str, value: Any, choices: Collection[Any], *, where: str | None = None) -> Any:
    """Return ``value`` when it is one of ``choices`` (strings compared case-sensitively).

    Raises
    ------
    ParameterError
        Naming the value and listing the choices.
    """
    try:
        ok = value in choices
    except TypeError:  # unhashable value against a set
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{_prefix(where)}{name}={value!r} is not supported; use one of {listed}.")
    return value


def check_date(name: str, value: Any, *, where: str | None = None, allow_none: bool = False) -> pd.Timestamp | None:
    """Return ``value`` as a tz-naive day (``pd.Timestamp`` at midnight).

    Accepts ``'YYYY-MM-DD'`` strings, ``datetime``/``date`` objects and Timestamps; a
    timezone-aware value is converted to UTC first, so a day means the same day in every layer.

    Raises
    ------
    ParameterError
        When ``value`` is not a date (or is missing and ``allow_none`` is False).
    """
    if value is None and allow_none:
        return None
    hint = "pass 'YYYY-MM-DD' (e.g. '1997-09-30') or a pandas.Timestamp"
    if isinstance(value, bool):
        raise ParameterError(f"{_prefix(where)}{name}={value!r} is not a date; {hint}.")
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"{_prefix(where)}{name}={value!r} is not a date; {hint}.") from None
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(f"{_prefix(where)}{name}={value!r} is not a date; {hint}.")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


def check_frame(
    X: Any,
    *,
    where: str,
    columns: Iterable[str] = (),
    unique_index: bool = True,
    how_to_build: str = "clvmodels.segmentation.framework_inputs",
) -> pd.DataFrame:
    """Check a non-empty per-customer DataFrame (unique index, the given columns present).

    Raises
    ------
    DataValidationError
        One line: what was passed, the first duplicated customer, or the missing columns.
    """
    if not isinstance(X, pd.DataFrame):
        raise DataValidationError(
            f"{where}: expected a pandas DataFrame indexed by customer_id, got "
            f"{type(X).__name__}; build one with {how_to_build}."
        )
    if len(X) == 0:
        raise DataValidationError(f"{where}: the customer table is empty; pass at least one customer.")
    if unique_index and not X.index.is_unique:
        dup = X.index[X.index.duplicated()]
        raise DataValidationError(
            f"{where}: customer_id {dup[0]!r} appears more than once in the index "
            f"({len(dup)} duplicated rows); pass one row per customer."
        )
    missing = [c for c in columns if c not in X.columns]
    if missing:
        raise DataValidationError(
            f"{where}: missing column(s) {missing} (have {list(X.columns)[:10]}); build the table "
            f"with {how_to_build} or rename the columns."
        )
    return X


def check_transactions_frame(transactions: Any, *, where: str) -> pd.DataFrame:
    """Check canonical transactions: a DataFrame with ``customer_id``, datetime ``date``, ``amount``.

    Raises
    ------
    DataValidationError
        One line naming what is wrong and pointing at :func:`clvmodels.read_transactions`.
    """
    if not isinstance(transactions, pd.DataFrame):
        raise DataValidationError(
            f"{where}: transactions is a {type(transactions).__name__}, not a DataFrame; read it "
            f"with clvmodels.read_transactions."
        )
    missing = [c for c in ("customer_id", "date", "amount") if c not in transactions.columns]
    if missing:
        raise DataValidationError(
            f"{where}: transactions lack column(s) {missing}; pass canonical transactions "
            f"(customer_id, date, amount), e.g. from clvmodels.read_transactions."
        )
    if not pd.api.types.is_datetime64_any_dtype(transactions["date"]):
        raise DataValidationError(
            f"{where}: column 'date' has dtype {transactions['date'].dtype}, not datetime; read "
            f"the log with clvmodels.read_transactions, which parses dates."
        )
    return transactions
