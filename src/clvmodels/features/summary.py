"""Per-customer summaries of a transaction log: the BTYD summary and RFM-style features.

The BTYD (buy 'til you die) summary is what the probabilistic models fit: for each customer
(顾客) ``frequency`` (消费频率: number of repeat purchase days), ``recency`` (age at the last
purchase), ``T`` (age at the end of observation), ``litt`` (sum of the log inter-purchase times,
for the regularity of the CNBD-k models) and ``monetary_value`` (消费金额: mean value of the
repeat purchase days). Purchases on the same calendar day are merged into one purchase.

The public functions here check their arguments once and hand the work to an engine
(:mod:`clvmodels.features.engines`): the pandas engine (:mod:`clvmodels.features._pandas`,
vectorized: 10M transactions are summarized in a couple of seconds), DuckDB or Spark. Every
engine shares the BTYD arithmetic of :mod:`clvmodels.features._btyd`, so the result is the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_choice, check_time_unit
from ..exceptions import ParameterError
from . import _pandas, engines
from ._btyd import (
    recorded_end,
    split_from_customer_aggregates,
    summary_from_customer_aggregates,
    to_day,
)
from .engines import ENGINES, check_engine_options

__all__ = [
    "ENGINES",
    "calibration_holdout_split",
    "customer_features",
    "rfm_summary",
]


def _end_day(transactions: Any, observation_end: Any) -> np.int64 | None:
    """observation_end (or the one recorded in ``transactions.attrs``) as a day number."""
    end = recorded_end(transactions, observation_end)
    return None if end is None else to_day(end, "observation_end")


def _check_engine(func: str, engine: Any, engine_kwargs: dict[str, Any]) -> str:
    check_choice("engine", engine, ENGINES)
    check_engine_options(func, engine, engine_kwargs)
    return engine


def rfm_summary(
    transactions: Any,
    *,
    observation_end: Any = None,
    time_unit: str = "D",
    engine: str = "pandas",
    **engine_kwargs: Any,
) -> pd.DataFrame:
    """Per-customer BTYD summary: frequency, recency, T, litt and monetary value (RFM 模型).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``customer_id``, ``date``, ``amount``), e.g. from
        :func:`clvmodels.read_transactions`. With ``engine="duckdb"`` or ``"spark"`` also a path,
        a glob of Parquet/CSV files, or a Spark DataFrame.
    observation_end : date-like, optional
        End of the observation period (inclusive, floored to the day). Defaults to the
        ``observation_end`` that :func:`clvmodels.read_transactions` recorded in
        ``transactions.attrs``, else the last transaction date. Later transactions are excluded
        with a :class:`DataWarning` that counts them.
    time_unit : {"D", "W", "M"}
        Unit of ``recency``, ``T`` and the inter-purchase times of ``litt``: days, weeks
        (7 days) or months (365.25/12 days).
    engine : {"pandas", "duckdb", "spark"}
        Where the summary is computed; the result is the same.
    **engine_kwargs
        Passed to the DuckDB or Spark engine (e.g. ``columns=`` for a file's column names).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), one row per customer with at least one purchase up
        to ``observation_end``:

        - ``frequency``: number of repeat purchase days (purchases on one day count once);
        - ``recency``: time from the first to the last purchase, in ``time_unit``;
        - ``T``: time from the first purchase to ``observation_end``, in ``time_unit``;
        - ``litt``: sum of log inter-purchase times, used by BetaGeoCNBDModel /
          ModifiedBetaGeoCNBDModel to choose the regularity k: ``sum(log((d_i - d_{i-1}) / u))``
          over the customer's distinct purchase days ``d_0 < d_1 < ... < d_x`` (``x`` =
          ``frequency``; ``u`` the length of ``time_unit`` in days), so in units of log
          ``time_unit``; 0 for customers without a repeat purchase;
        - ``monetary_value``: mean amount of the repeat purchase days, currency of the data
          (0 for customers without a repeat purchase).

        ``attrs`` records ``time_unit``, ``observation_end`` and ``currency``.

    Notes
    -----
    With ``time_unit="D"`` the frequency, recency, T and monetary_value columns equal lifetimes'
    ``summary_data_from_transaction_data(freq="D")``. With ``"W"`` recency and T are days / 7,
    as in the published CDNOW summary of Fader, Hardie & Lee (2005). ``litt`` is BTYDplus's
    ``litt`` (``elog2cbs``); inter-purchase times are at least one day, so it is finite.

    Examples
    --------
    >>> from clvmodels.datasets import load_cdnow
    >>> from clvmodels.features import rfm_summary
    >>> summary = rfm_summary(load_cdnow(), observation_end="1997-09-30", time_unit="W")
    >>> summary.loc[1, ["frequency", "recency", "T"]].round(2).tolist()
    [2.0, 30.43, 38.86]
    """
    unit = check_time_unit(time_unit)
    engine = _check_engine("rfm_summary", engine, engine_kwargs)
    end_day = _end_day(transactions, observation_end)
    if engine == "pandas":
        return _pandas.summarize(transactions, end_day=end_day, time_unit=unit, stacklevel=2)
    agg = engines.aggregate(
        engine, transactions, end_day=None if end_day is None else int(end_day),
        cal_end_day=None, options=engine_kwargs,
    )
    return summary_from_customer_aggregates(agg, unit, stacklevel=2)


def calibration_holdout_split(
    transactions: Any,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    time_unit: str = "D",
    engine: str = "pandas",
    **engine_kwargs: Any,
) -> pd.DataFrame:
    """Calibration-period summary plus what each customer did in the holdout period.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    calibration_end : date-like
        Last day of the calibration period (inclusive).
    observation_end : date-like, optional
        Last day of the holdout period (inclusive); defaults to the ``observation_end`` recorded
        in ``transactions.attrs`` by :func:`clvmodels.read_transactions`, else the last
        transaction date.
    time_unit : {"D", "W", "M"}
        Unit of recency, T, duration_holdout and the inter-purchase times of litt.
    engine : {"pandas", "duckdb", "spark"}
        Where the split is computed; the result is the same.
    **engine_kwargs
        Passed to the DuckDB or Spark engine.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: the calibration summary under the summary's names
        (``frequency``, ``recency``, ``T``, ``litt``, ``monetary_value``, as in
        :func:`rfm_summary`, so a model fits it directly; ``litt``, the sum of log
        inter-purchase times used by BetaGeoCNBDModel / ModifiedBetaGeoCNBDModel to choose the
        regularity k, covers the calibration period only, in log ``time_unit``) and
        ``frequency_holdout`` (purchase days in the holdout), ``monetary_value_holdout`` (mean
        amount per holdout purchase day, 0 if none, currency of the data) and
        ``duration_holdout`` (length of the holdout, in ``time_unit``).

    Notes
    -----
    Customers whose first purchase falls in the holdout period cannot be in a calibration
    summary; they are counted in a :class:`DataWarning` and in ``attrs["n_new_in_holdout"]``
    (their ids in ``attrs["new_in_holdout"]``). lifetimes drops them silently, and averages
    holdout spend per transaction row rather than per purchase day.
    """
    unit = check_time_unit(time_unit)
    engine = _check_engine("calibration_holdout_split", engine, engine_kwargs)
    if calibration_end is None:
        raise ParameterError("calibration_end is required; pass 'YYYY-MM-DD'.")
    cal_end_day = to_day(calibration_end, "calibration_end")
    end_day = _end_day(transactions, observation_end)
    if engine == "pandas":
        return _pandas.split(transactions, cal_end_day=cal_end_day, end_day=end_day,
                             time_unit=unit, stacklevel=2)
    agg = engines.aggregate(
        engine, transactions, end_day=None if end_day is None else int(end_day),
        cal_end_day=int(cal_end_day), options=engine_kwargs,
    )
    return split_from_customer_aggregates(agg, unit, stacklevel=2)


def customer_features(transactions: pd.DataFrame, *, observation_end: Any = None) -> pd.DataFrame:
    """RFM-style descriptive features per customer (客户特征), in days and currency.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions; ``order_id`` and ``cost`` are used when present.
    observation_end : date-like, optional
        Reference date for recency and tenure; defaults to the ``observation_end`` recorded in
        ``transactions.attrs`` by :func:`clvmodels.read_transactions`, else the last transaction
        date. Later transactions are excluded with a counted :class:`DataWarning`.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), columns:

        - ``first_purchase``, ``last_purchase``: dates;
        - ``days_since_last_purchase`` (最近一次消费, days), ``tenure_days`` (days since the first
          purchase);
        - ``n_orders``: distinct ``order_id`` values, or transaction rows without order ids;
        - ``n_purchase_days`` (消费频率): distinct purchase days;
        - ``total_spend`` (消费金额), ``mean_order_value``: currency of the data;
        - ``avg_cycle_days`` (平均购买周期): mean days between purchase days, NaN for one-time
          buyers;
        - ``total_cost`` and ``total_profit`` when a ``cost`` column is present.
    """
    end_day = _end_day(transactions, observation_end)
    return _pandas.customer_features(transactions, end_day=end_day, stacklevel=2)
