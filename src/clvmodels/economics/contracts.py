"""Contractual retention (合同型客户保持): one retention rate r against the shifted-beta-geometric model.

The source texts price a customer with one retention rate r: a share 1 - r leaves every period,
so a customer stays 1/(1 - r) periods on average. Measured on a cohort, retention is not
constant: it rises with tenure, because the customers likely to leave do so first and those
left are the loyal ones (sorting, not growing loyalty). The shifted-beta-geometric model (sBG,
Fader & Hardie 2007) lets each customer keep their own constant r and the rates vary across
customers; it explains the rising curve and projects it. :func:`retention_projection` puts the
two side by side on one cohort.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import DataValidationError, ParameterError
from ..models import ShiftedBetaGeoModel

__all__ = ["read_survival_table", "retention_projection"]


def retention_projection(
    survivors: pd.Series,
    *,
    calibration_periods: int,
    horizon: int | None = None,
    discount_rate: float = 0.1,
) -> pd.DataFrame:
    """Project a contract cohort's survival with one retention rate and with the sBG model.

    Parameters
    ----------
    survivors : pandas.Series
        Customers (or percent of the cohort) still active after t renewals, t = 0, 1, ..., in
        order (index the periods 0..n, as the rows of a survivor table).
    calibration_periods : int
        Periods used to fit (t = 1..``calibration_periods``); the later ones are the holdout the
        two projections are judged on. The one-rate method uses only period 1:
        ``r = S(1) / S(0)``, the retention rate of the first period, as a manager would measure it
        after one year.
    horizon : int, optional
        Last period projected (default: the last observed period, at least 10).
    discount_rate : float, default 0.1
        Discount rate per period for the discounted expected lifetime.

    Returns
    -------
    pandas.DataFrame
        Index ``period`` 0..horizon; columns ``observed`` (share of the cohort active, NaN beyond
        the data), ``one_rate`` (``r^t``), ``sbg`` (the sBG survival), ``observed_retention``,
        ``one_rate_retention`` and ``sbg_retention`` (period-on-period retention rates, NaN at
        t = 0), ``holdout`` (True for observed periods after calibration). ``attrs``: ``r``,
        ``gamma``, ``delta``, ``calibration_periods``, ``discount_rate``, ``lifetime_one_rate``
        (``1/(1 - r)`` periods), ``lifetime_sbg`` (sBG mean, ``inf`` when gamma <= 1),
        ``lifetime_one_rate_horizon`` and ``lifetime_sbg_horizon`` (expected periods within the
        horizon), ``lifetime_observed_horizon`` (the same from the data, when observed to the
        horizon, else NaN), ``del_one_rate`` and ``del_sbg`` (discounted expected lifetimes,
        ``sum_t S(t) / (1 + d)^t``), ``holdout_error_one_rate`` and ``holdout_error_sbg`` (mean
        absolute error of the survival share over the holdout periods, NaN without holdout),
        ``model`` (the fitted :class:`~clvmodels.models.ShiftedBetaGeoModel`).

    Raises
    ------
    DataValidationError
        When the series is not a survivor table (see ``ShiftedBetaGeoModel.fit``) or has fewer
        than ``calibration_periods + 1`` periods.
    """
    n_cal = int(check_positive("calibration_periods", calibration_periods, integer=True,
                               where="retention_projection"))
    values = pd.to_numeric(pd.Series(survivors), errors="coerce").to_numpy(dtype=float)
    observed_until = len(values) - 1
    if observed_until < max(n_cal, 1) or not np.isfinite(values[: n_cal + 1]).all() or values[0] <= 0:
        raise DataValidationError(
            f"retention_projection: the survivor series {getattr(survivors, 'name', '')!r} has "
            f"{len(values)} period(s) (t = 0..{observed_until}) with cohort size {values[0] if len(values) else 'none'}; "
            f"fix: pass at least calibration_periods + 1 = {n_cal + 1} positive counts, t = 0 first."
        )
    h = int(check_positive("horizon", horizon, integer=True, where="retention_projection")) \
        if horizon is not None else max(observed_until, 10)
    d = float(check_positive("discount_rate", discount_rate, where="retention_projection"))
    table = pd.Series(values[: n_cal + 1], index=pd.RangeIndex(n_cal + 1, name="period")).to_frame("survivors")
    model = ShiftedBetaGeoModel().fit(table)
    t = np.arange(h + 1)
    share = values / values[0]
    observed = np.full(h + 1, np.nan)
    observed[: min(h, observed_until) + 1] = share[: h + 1]
    r = float(share[1])
    one_rate = r ** t
    sbg = np.asarray(model.survival(t), dtype=float)

    def retention(s: np.ndarray) -> np.ndarray:
        out = np.full(len(s), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[1:] = s[1:] / s[:-1]
        return out

    holdout = (t > n_cal) & np.isfinite(observed)
    frame = pd.DataFrame({
        "observed": observed, "one_rate": one_rate, "sbg": sbg,
        "observed_retention": retention(observed), "one_rate_retention": retention(one_rate),
        "sbg_retention": retention(sbg), "holdout": holdout,
    }, index=pd.Index(t, name="period"))
    g, dl = (float(v) for v in model.params_)

    def err(col: str) -> float:
        if not holdout.any():
            return math.nan
        return float(np.mean(np.abs(frame.loc[holdout, col] - frame.loc[holdout, "observed"])))

    frame.attrs.update({
        "r": r, "gamma": g, "delta": dl, "calibration_periods": n_cal, "discount_rate": d,
        "horizon": h,
        "lifetime_one_rate": 1.0 / (1.0 - r) if r < 1 else math.inf,
        "lifetime_sbg": model.expected_lifetime(),
        "lifetime_one_rate_horizon": float(one_rate[:h].sum()),
        "lifetime_sbg_horizon": float(sbg[:h].sum()),
        "lifetime_observed_horizon": float(observed[:h].sum()) if observed_until >= h - 1 else math.nan,
        "del_one_rate": (1.0 + d) / (1.0 + d - r),
        "del_sbg": model.discounted_expected_lifetime(d),
        "holdout_error_one_rate": err("one_rate"), "holdout_error_sbg": err("sbg"),
        "model": model,
    })
    return frame


def read_survival_table(path: str | Path) -> pd.DataFrame:
    """Read a survivor table from CSV: the first column the period 0..n, one column per segment.

    Parameters
    ----------
    path : str or Path
        CSV file; the cells are customers (or percent of the cohort) still active after t
        renewals.

    Returns
    -------
    pandas.DataFrame
        Index ``period``; one numeric column per segment or cohort.

    Raises
    ------
    ParameterError
        When the file is missing or not a CSV.
    DataValidationError
        When the periods are not 0, 1, ..., n in order or a cell is not a number (naming the
        file, column and row).
    """
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"survival table {path} does not exist; fix: pass the path of a CSV "
                             f"with the period in the first column and survivors per segment.")
    try:
        table = pd.read_csv(path, index_col=0)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ParameterError(f"survival table {path} is not a readable CSV ({type(exc).__name__}); "
                             f"fix: save it as comma-separated text.") from None
    periods = pd.to_numeric(pd.Series(table.index), errors="coerce").to_numpy(dtype=float)
    if len(table) < 2 or not np.array_equal(periods, np.arange(len(table), dtype=float)):
        raise DataValidationError(
            f"{path}: the first column ({table.index.name!r}) must hold the periods 0, 1, ..., n in "
            f"order (got {list(table.index[:4])}...); fix: sort the rows by period, starting at 0."
        )
    for col in table.columns:
        values = pd.to_numeric(table[col], errors="coerce")
        bad = values.isna() & table[col].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(
                f"{path}: column {col!r} row {row + 2} (period {table.index[row]}) holds "
                f"{table[col].iloc[row]!r}, not a number; fix: write the count or percent of "
                f"customers still active (leave it empty when not yet observed)."
            )
        table[col] = values
    table.index = pd.RangeIndex(len(table), name="period")
    return table
