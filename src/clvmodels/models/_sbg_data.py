"""Input tables of the shifted-beta-geometric model: cohort survivor counts or per-customer rows.

Both become the same likelihood rows ``(renewals k, active a, weight w)``: a churned row with
``k`` renewals left at the end of period ``k + 1`` (``T = k + 1``); an active row has made ``k``
renewals and is still a customer (``T > k``, censored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ._validation import describe_rows

__all__ = ["SBGData", "parse_sbg_data"]

#: Columns of the per-customer form.
CUSTOMER_COLUMNS = ("renewals", "active")


@dataclass
class SBGData:
    """Likelihood rows plus what predictions of the current base need."""

    kind: str  # "cohorts" | "customers"
    k: np.ndarray  # renewals made
    active: np.ndarray  # 1.0 still a customer (censored), 0.0 churned after k renewals
    w: np.ndarray  # customers in the row
    # cohorts: label -> (renewals made by the survivors, survivors now)
    current: dict[Any, tuple[int, float]] = field(default_factory=dict)
    index: pd.Index | None = None  # customers: the input index


def _fail(model: str, message: str) -> DataValidationError:
    return DataValidationError(f"{model}: {message}")


def _cohort_frame(data: Any, model: str) -> pd.DataFrame:
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if len(frame) < 2 or frame.shape[1] == 0:
        raise _fail(model, f"the survivor table has {len(frame)} row(s) and {frame.shape[1]} "
                    f"column(s); fix: pass one row per period t = 0, 1, ..., n (n >= 2) and one "
                    f"column of customers still active per cohort.")
    idx = frame.index
    if pd.api.types.is_numeric_dtype(idx) and not np.array_equal(
            np.asarray(idx, dtype=float), np.arange(len(frame), dtype=float)):
        raise _fail(model, f"the survivor table's index must be the periods 0, 1, ..., "
                    f"{len(frame) - 1} in order (got {list(idx[:4])}...); fix: sort the rows by "
                    f"period and set_index('period') or reset_index(drop=True).")
    for col in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])):
            raise _fail(model, f"column {col!r} of the survivor table has dtype {frame[col].dtype}, "
                        f"not numeric; fix: convert it with pd.to_numeric (or drop a non-count "
                        f"column such as the period: set_index('period')).")
    return frame


def _parse_cohorts(frame: pd.DataFrame, model: str) -> SBGData:
    ks, acts, ws = [], [], []
    current: dict[Any, tuple[int, float]] = {}
    for col in frame.columns:
        values = frame[col].to_numpy(dtype=float, na_value=np.nan)
        finite = np.isfinite(values)
        n_obs = int(np.argmin(finite)) if not finite.all() else len(values)
        gap = np.isinf(values) | (~finite & (np.arange(len(values)) < n_obs))
        if not gap.any() and finite[n_obs:].any():
            gap = ~finite & (np.arange(len(values)) >= n_obs)
        if gap.any():
            raise _fail(model, f"column {col!r} has a missing or infinite count at period t = "
                        f"{int(np.flatnonzero(gap)[0])}; fix: only a cohort's last periods may be "
                        f"missing (not yet observed).")
        values = values[:n_obs]
        if n_obs < 2:
            raise _fail(model, f"column {col!r} has {n_obs} observed period(s); fix: a cohort "
                        f"needs its size at t = 0 and survivors at t = 1 at least (or drop it).")
        bad = values < 0
        if bad.any():
            t = int(np.flatnonzero(bad)[0])
            raise _fail(model, f"column {col!r} has a negative count at period t = {t} "
                        f"({values[t]:g}); fix: counts of active customers are >= 0.")
        if values[0] <= 0:
            raise _fail(model, f"column {col!r} starts with {values[0]:g} customers at t = 0; "
                        f"fix: the first row is the cohort's size (> 0).")
        rise = np.diff(values) > 1e-9 * values[0]
        if rise.any():
            t = int(np.flatnonzero(rise)[0]) + 1
            raise _fail(model, f"column {col!r}: survivors rise from {values[t - 1]:g} at t = "
                        f"{t - 1} to {values[t]:g} at t = {t}; fix: a cohort only loses customers "
                        f"(pass customers still active from the original cohort, not all active "
                        f"customers).")
        lost = -np.diff(values)
        ks.append(np.arange(n_obs - 1, dtype=float))
        acts.append(np.zeros(n_obs - 1))
        ws.append(np.maximum(lost, 0.0))
        ks.append(np.array([n_obs - 1.0]))
        acts.append(np.array([1.0]))
        ws.append(np.array([values[-1]]))
        current[col] = (n_obs - 1, float(values[-1]))
    k, active, w = np.concatenate(ks), np.concatenate(acts), np.concatenate(ws)
    keep = w > 0
    return SBGData("cohorts", k[keep], active[keep], w[keep], current=current)


def _parse_customers(frame: pd.DataFrame, model: str) -> SBGData:
    index = frame.index
    renewals = frame["renewals"]
    if not (pd.api.types.is_numeric_dtype(renewals) and not pd.api.types.is_bool_dtype(renewals)):
        raise _fail(model, f"column 'renewals' has dtype {renewals.dtype}, not numeric; fix: the "
                    f"number of renewals each customer made (0, 1, 2, ...).")
    k = renewals.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(k) | (k < 0) | (k != np.round(k))
    if bad.any():
        raise _fail(model, f"column 'renewals' must hold whole numbers >= 0: "
                    f"{describe_rows(index, k, bad)}; fix: count the renewals each customer made.")
    act_col = frame["active"]
    if pd.api.types.is_bool_dtype(act_col):
        if act_col.isna().any():
            a = act_col.isna().to_numpy()
            raise _fail(model, f"column 'active' is missing: {describe_rows(index, a.astype(float), a)}; "
                        f"fix: True for customers still under contract, False for churned ones.")
        active = act_col.to_numpy(dtype=float)
    else:
        active = pd.to_numeric(act_col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isin(active, (0.0, 1.0))
        if bad.any():
            raise _fail(model, f"column 'active' must be True/False or 1/0: "
                        f"{describe_rows(index, active, bad)}; fix: True for customers still under "
                        f"contract, False for churned ones.")
    if "weights" in frame.columns:
        w = pd.to_numeric(frame["weights"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(w) | (w <= 0)
        if bad.any():
            raise _fail(model, f"column 'weights' must be positive numbers of customers: "
                        f"{describe_rows(index, w, bad)}; fix: drop rows with weight 0.")
    else:
        w = np.ones(len(frame))
    return SBGData("customers", k, active, w, index=index)


def parse_sbg_data(data: Any, *, model: str = "sBG") -> SBGData:
    """Check an sBG input table and turn it into likelihood rows.

    Parameters
    ----------
    data : DataFrame or Series
        Either per-customer rows with columns ``renewals`` (whole number of renewals made) and
        ``active`` (True: still a customer, False: churned at the end of period
        ``renewals + 1``), optional ``weights``; or a survivor table, one row per period
        t = 0..n and one column per cohort of the customers still active after t renewals
        (row 0: the cohort's size; trailing NaN: periods not yet observed).

    Raises
    ------
    DataValidationError
        One line naming the column and period (or customer) and the fix.
    """
    if not isinstance(data, pd.DataFrame | pd.Series):
        raise _fail(model, f"expected a survivor table (DataFrame, one row per period) or a "
                    f"per-customer DataFrame with columns {list(CUSTOMER_COLUMNS)}, got "
                    f"{type(data).__name__}; fix: build a pandas DataFrame.")
    if len(data) == 0:
        raise _fail(model, "the table has no rows; fix: pass at least one cohort or customer.")
    if isinstance(data, pd.DataFrame) and all(c in data.columns for c in CUSTOMER_COLUMNS):
        return _parse_customers(data, model)
    if isinstance(data, pd.DataFrame) and any(c in data.columns for c in CUSTOMER_COLUMNS):
        missing = [c for c in CUSTOMER_COLUMNS if c not in data.columns]
        raise _fail(model, f"per-customer data need columns {list(CUSTOMER_COLUMNS)}; missing "
                    f"{missing}; fix: add it (active: True for customers still under contract).")
    return _parse_cohorts(_cohort_frame(data, model), model)
