"""Cohort tables (客户群组分析): customers and revenue retained by acquisition cohort.

A cohort is the calendar period (week, month, quarter, year) in which a customer was acquired:
their first purchase, or their ``signup_date`` / ``acquisition_date`` in a customers table. The
table's columns count calendar periods since acquisition (0, 1, 2, ...). Everything is computed on
integer period codes with one ``bincount`` per measure, so a log of millions of rows takes
seconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_choice, check_transactions_frame
from ..exceptions import DataValidationError, ParameterError
from ._btyd import day_to_timestamp, recorded_end, to_day

__all__ = ["COHORT_PERIODS", "cohort_table", "customer_cohorts", "observed_retention"]

#: Calendar periods of a cohort table: ISO weeks (Monday to Sunday), months, quarters, years.
COHORT_PERIODS = ("W", "M", "Q", "Y")
_PERIOD_FREQ = {"W": "W-SUN", "M": "M", "Q": "Q-DEC", "Y": "Y-DEC"}
_SIGNUP_COLUMNS = ("signup_date", "acquisition_date")
_WHERE = "cohort_table"


def _period_codes(days: np.ndarray, period: str) -> np.ndarray:
    """Integer codes of calendar periods (consecutive periods differ by 1) from epoch days."""
    if period == "W":
        return (days + 3) // 7  # 1970-01-01 was a Thursday: weeks start on Monday, day -3
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "M":
        return months
    if period == "Q":
        return months // 3
    return months // 12


def _period_start_day(codes: np.ndarray, period: str) -> np.ndarray:
    """First day (epoch days) of the periods with the given codes."""
    if period == "W":
        return codes * 7 - 3
    months = {"M": codes, "Q": codes * 3, "Y": codes * 12}[period]
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _labels(codes: np.ndarray, period: str) -> pd.PeriodIndex:
    starts = pd.DatetimeIndex(_period_start_day(codes, period).astype("datetime64[D]"))
    return pd.PeriodIndex(starts, freq=_PERIOD_FREQ[period], name="cohort")


def _epoch_days(dates: pd.Series | pd.Index) -> np.ndarray:
    values = pd.DatetimeIndex(dates)
    if values.tz is not None:
        values = values.tz_convert("UTC").tz_localize(None)
    return values.to_numpy().astype("datetime64[D]").astype(np.int64)


def _ids(values: Any, *, integer: bool) -> np.ndarray:
    """Customer ids as int64 when every id is an integer, else as str (one comparable form)."""
    if integer:
        return np.asarray(values, dtype=np.int64)
    return np.asarray(pd.Index(values).astype(str), dtype=object)


def _signup_cohorts(
    customers: Any, integer: bool, period: str, end_day: np.int64
) -> tuple[np.ndarray, np.ndarray, int]:
    """(customer ids, signup period codes, customers signed up after the end) from a table."""
    if not isinstance(customers, pd.DataFrame):
        raise ParameterError(
            f"{_WHERE}: by='signup' needs customers=<DataFrame> with a signup_date or "
            f"acquisition_date column, got {type(customers).__name__}; pass the customers table "
            f"(e.g. make_crm_data().customers) or use by='acquisition'."
        )
    column = next((c for c in _SIGNUP_COLUMNS if c in customers.columns), None)
    if column is None:
        raise DataValidationError(
            f"{_WHERE}: the customers table has no signup_date or acquisition_date column (have "
            f"{list(customers.columns)[:10]}); rename the signup column or use by='acquisition'."
        )
    ids = customers["customer_id"] if "customer_id" in customers.columns else customers.index
    if pd.Index(ids).has_duplicates:
        dup = pd.Index(ids)[pd.Index(ids).duplicated()]
        raise DataValidationError(
            f"{_WHERE}: customer_id {dup[0]!r} appears {int((pd.Index(ids) == dup[0]).sum())} "
            f"times in the customers table ({len(dup)} duplicated rows); pass one row per customer."
        )
    dates = pd.to_datetime(customers[column], errors="coerce")
    bad = dates.isna().to_numpy()
    if bad.any():
        rows = pd.Index(ids)[bad][:5].tolist()
        raise DataValidationError(
            f"{_WHERE}: column {column!r} of the customers table is missing or not a date for "
            f"{int(bad.sum())} customer(s), e.g. customer_id {rows}; fill it in or use "
            f"by='acquisition'."
        )
    try:
        cid = _ids(ids, integer=integer)
    except (TypeError, ValueError):
        cid = _ids(ids, integer=False)
    days = _epoch_days(dates)
    late = days > end_day
    return cid[~late], _period_codes(days[~late], period), int(late.sum())


def cohort_table(
    transactions: pd.DataFrame,
    *,
    period: str = "M",
    by: str = "acquisition",
    observation_end: Any = None,
    value: str = "both",
    customers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Customers and revenue retained per acquisition cohort and period since acquisition.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``customer_id``, ``date``, ``amount``); rows dated after
        ``observation_end`` are left out (counted in ``attrs["n_rows_after_end"]``). Any
        transaction row makes its customer active in its period.
    period : {"W", "M", "Q", "Y"}, default "M"
        Calendar period of cohorts and columns: ISO week (Monday to Sunday), month, quarter, year.
    by : {"acquisition", "signup"}, default "acquisition"
        ``"acquisition"``: a customer's cohort is the period of their first purchase.
        ``"signup"``: the period of ``signup_date`` (or ``acquisition_date``) in ``customers``;
        customers who never bought count in their cohort's size and in no period.
    observation_end : date-like, optional
        Last observed day (inclusive); default the ``observation_end`` recorded in
        ``transactions.attrs``, else the last transaction date. Cells of calendar periods after
        it are NaN (not yet observed), not 0.
    value : {"customers", "revenue", "both"}, default "both"
        Which measures to compute.
    customers : DataFrame, optional
        Customers table (``customer_id`` index or column) for ``by="signup"``; it must hold
        every customer of ``transactions``.

    Returns
    -------
    DataFrame
        Index: the cohorts (``pandas.PeriodIndex`` named ``cohort``, oldest first); columns: a
        MultiIndex (``measure``, ``period``) with ``period`` = 0, 1, 2, ... periods since
        acquisition, and the measures

        - ``customers``: customers with at least one transaction in the period;
        - ``customers_share``: ``customers`` / cohort size (1.0 in period 0 for acquisition
          cohorts);
        - ``retained``: customers active in the period and in the one before (the numerator of
          the period-on-period retention rate, :func:`observed_retention`);
        - ``revenue``: the period's revenue from the cohort (in ``attrs["currency"]``);
        - ``revenue_share``: ``revenue`` / the cohort's revenue in period 0.

        ``attrs``: ``period``, ``by``, ``currency``, ``observation_end`` (Timestamp),
        ``cohort_size`` (``{str(cohort): customers}``), ``n_customers`` (every customer in
        exactly one cohort), ``last_period`` (label of the period holding observation_end),
        ``partial_last_period`` (True when observation_end is not that period's last day: its
        cells count a part of the period only), ``n_rows_after_end`` and, for ``by="signup"``,
        ``n_signed_up_after_end``.

    Raises
    ------
    ParameterError
        For an unknown ``period``, ``by`` or ``value``, or a bad ``observation_end``.
    DataValidationError
        For transactions that are not canonical, a customer without a signup date, or a
        purchase before the customer's signup period.

    Examples
    --------
    >>> from clvmodels.datasets import load_cdnow
    >>> table = cohort_table(load_cdnow(), period="M")
    >>> table["customers_share"].iloc[:3, :4]  # doctest: +SKIP
    """
    check_transactions_frame(transactions, where=_WHERE)
    period = check_choice("period", period, COHORT_PERIODS, where=_WHERE)
    by = check_choice("by", by, ("acquisition", "signup"), where=_WHERE)
    value = check_choice("value", value, ("customers", "revenue", "both"), where=_WHERE)
    if customers is not None and by != "signup":
        raise ParameterError(
            f"{_WHERE}: customers= is used only with by='signup' (cohorts by signup date); pass "
            f"by='signup' or leave customers out."
        )

    days = _epoch_days(transactions["date"])
    end = recorded_end(transactions, observation_end)
    if end is not None:
        end_day = to_day(end, "observation_end")
    elif len(days):
        end_day = np.int64(days.max())
    else:
        raise DataValidationError(f"{_WHERE}: transactions are empty; nothing to tabulate.")
    keep = days <= end_day
    n_after = int((~keep).sum())
    days = days[keep]
    amount = transactions["amount"].to_numpy(dtype=np.float64)[keep]
    raw_ids = transactions["customer_id"].to_numpy()[keep]
    integer = pd.api.types.is_integer_dtype(transactions["customer_id"].dtype)
    if by == "acquisition" and len(days) == 0:
        raise DataValidationError(
            f"{_WHERE}: all {n_after} transaction(s) are dated after observation_end "
            f"{day_to_timestamp(end_day).date()}; choose a later observation_end."
        )
    codes = _period_codes(days, period)
    end_code = int(_period_codes(np.array([end_day]), period)[0])
    next_start = int(_period_start_day(np.array([end_code + 1]), period)[0])
    partial = bool(end_day + 1 < next_start)

    # customers as 0..n-1; cohorts as period codes
    if by == "acquisition":
        cust, uniques = pd.factorize(raw_ids)
        n_cust = len(uniques)
        cohort_code = np.full(n_cust, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(cohort_code, cust, codes)
        n_late = None
    else:
        ids, sign_codes, n_late = _signup_cohorts(customers, integer, period, end_day)
        tx_ids = _ids(raw_ids, integer=integer)
        pos = pd.Index(ids).get_indexer(tx_ids)
        if (pos < 0).any():
            missing = pd.unique(tx_ids[pos < 0])
            raise DataValidationError(
                f"{_WHERE}: {len(missing)} customer(s) of the transactions are not in the "
                f"customers table (with a signup date on or before observation_end), e.g. "
                f"customer_id {pd.Index(missing[:5]).tolist()}; add them or use by='acquisition'."
            )
        cust, n_cust, cohort_code = pos, len(ids), sign_codes
        early = codes < cohort_code[cust]
        if early.any():
            i = int(np.flatnonzero(early)[0])
            raise DataValidationError(
                f"{_WHERE}: {int(early.sum())} transaction(s) fall in a period before the "
                f"customer's signup period, e.g. customer_id {tx_ids[i]} bought on "
                f"{day_to_timestamp(days[i]).date()}; fix the signup dates or use "
                f"by='acquisition'."
            )
    if n_cust == 0:
        raise DataValidationError(f"{_WHERE}: no customers on or before observation_end.")

    cohorts = np.sort(pd.unique(cohort_code))  # np.unique is far slower on 1M customers
    cohort_idx = np.searchsorted(cohorts, cohort_code)
    n_rows, n_cols = len(cohorts), int(end_code - cohorts.min() + 1)
    size = np.bincount(cohort_idx, minlength=n_rows)
    k = codes - cohort_code[cust]
    cell = cohort_idx[cust] * n_cols + k
    observed = (cohorts[:, None] + np.arange(n_cols)[None, :]) <= end_code

    def grid(counts: np.ndarray) -> np.ndarray:
        out = counts.reshape(n_rows, n_cols).astype(np.float64)
        out[~observed] = np.nan
        return out

    blocks: dict[str, np.ndarray] = {}
    if value in ("customers", "both"):
        # one (customer, period) pair per active customer-period; sorted keys, so a customer
        # active in the period before is the previous key minus one
        span = np.int64(end_code - int(cohorts.min()) + 2)
        keys = np.sort(cust.astype(np.int64) * span + (codes - cohorts.min()))
        keys = keys[np.concatenate((keys[:1] == keys[:1], keys[1:] != keys[:-1]))]  # np.unique
        pair_cust = keys // span
        pair_cell = cohort_idx[pair_cust] * n_cols + (keys % span + cohorts.min()
                                                    - cohort_code[pair_cust])
        active = np.bincount(pair_cell, minlength=n_rows * n_cols)
        prev = np.zeros(len(keys), dtype=bool)
        prev[1:] = np.diff(keys) == 1  # same customer: offsets stay below span - 1
        retained = np.bincount(pair_cell[prev], minlength=n_rows * n_cols)
        blocks["customers"] = grid(active)
        blocks["customers_share"] = blocks["customers"] / size[:, None]
        blocks["retained"] = grid(retained)
        blocks["retained"][:, 0] = np.nan  # no period before acquisition
    if value in ("revenue", "both"):
        revenue = grid(np.bincount(cell, weights=amount, minlength=n_rows * n_cols))
        blocks["revenue"] = revenue
        with np.errstate(divide="ignore", invalid="ignore"):
            first = revenue[:, :1]
            blocks["revenue_share"] = np.where(first != 0, revenue / first, np.nan)
        blocks["revenue_share"][~observed] = np.nan

    labels = _labels(cohorts, period)
    columns = pd.MultiIndex.from_product([list(blocks), range(n_cols)], names=["measure", "period"])
    table = pd.DataFrame(np.hstack(list(blocks.values())), index=labels, columns=columns)
    last = _labels(np.array([end_code]), period)[0]
    table.attrs = {
        "period": period,
        "by": by,
        "value": value,
        "currency": transactions.attrs.get("currency", "USD"),
        "observation_end": day_to_timestamp(end_day),
        "cohort_size": {str(c): int(n) for c, n in zip(labels, size, strict=True)},
        "n_customers": int(n_cust),
        "last_period": str(last),
        "partial_last_period": partial,
        "n_rows_after_end": n_after,
        "source": transactions.attrs.get("source", "DataFrame"),
    }
    if n_late is not None:
        table.attrs["n_signed_up_after_end"] = n_late
    return table


def observed_retention(table: pd.DataFrame) -> pd.DataFrame:
    """Period-on-period retention rate per cohort: the measured counterpart of one r.

    ``r[c, k]`` = customers of cohort ``c`` active in period ``k`` and in period ``k - 1``,
    divided by those active in period ``k - 1`` (the share of last period's active customers
    still active). In a contractual setting this is the renewal rate; in a non-contractual one,
    a customer who skips a period and comes back counts as lost, then won back.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cohort_table` with ``value="customers"`` or ``"both"``.

    Returns
    -------
    DataFrame
        Index: the cohorts; columns: periods since acquisition 1, 2, ...; shares in [0, 1].
        NaN where a period is not yet observed or nobody was active the period before. ``attrs``
        are the table's; when ``attrs["partial_last_period"]`` is True, each cohort's last
        observed rate covers part of a period only (understated).

    Raises
    ------
    DataValidationError
        When ``table`` is not a cohort table with customer counts.
    """
    if not (isinstance(table, pd.DataFrame) and isinstance(table.columns, pd.MultiIndex)
            and {"customers", "retained"} <= set(table.columns.get_level_values(0))):
        raise DataValidationError(
            "observed_retention: expected a cohort table with customer counts; build it with "
            "clvmodels.features.cohort_table(transactions, value='customers' or 'both')."
        )
    active = table["customers"].to_numpy(dtype=np.float64)
    retained = table["retained"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(active[:, :-1] > 0, retained[:, 1:] / active[:, :-1], np.nan)
    out = pd.DataFrame(rate, index=table.index,
                       columns=pd.Index(table["customers"].columns[1:], name="period"))
    out.attrs = dict(table.attrs)
    return out


def customer_cohorts(
    transactions: pd.DataFrame, *, period: str = "M", observation_end: Any = None
) -> pd.Series:
    """Each customer's acquisition cohort: the calendar period of their first purchase.

    The labels to pass to :func:`clvmodels.models.fit_by_cohort` with a summary of the same log.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions; rows after ``observation_end`` are left out.
    period : {"W", "M", "Q", "Y"}, default "M"
        Calendar period of the cohorts (as in :func:`cohort_table`).
    observation_end : date-like, optional
        Default: the one recorded in ``transactions.attrs``, else the last transaction date.

    Returns
    -------
    Series
        ``pandas.Period`` per customer, indexed by ``customer_id`` (sorted, every customer with a
        transaction on or before ``observation_end`` once), named ``cohort``; ``attrs["period"]``.
    """
    check_transactions_frame(transactions, where="customer_cohorts")
    period = check_choice("period", period, COHORT_PERIODS, where="customer_cohorts")
    days = _epoch_days(transactions["date"])
    end = recorded_end(transactions, observation_end)
    if end is not None:
        keep = days <= to_day(end, "observation_end")
        days = days[keep]
        ids = transactions["customer_id"].to_numpy()[keep]
    else:
        ids = transactions["customer_id"].to_numpy()
    if len(days) == 0:
        raise DataValidationError(
            "customer_cohorts: no transactions on or before observation_end; choose a later "
            "observation_end."
        )
    cust, uniques = pd.factorize(ids, sort=True)
    first = np.full(len(uniques), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, cust, _period_codes(days, period))
    index = pd.Index(uniques, name="customer_id", dtype=transactions["customer_id"].dtype)
    out = pd.Series(_labels(first, period), index=index, name="cohort")
    out.attrs = {"period": period}
    return out
