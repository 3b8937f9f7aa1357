"""The whole check of a transaction log: :func:`validate_transactions` runs the column checks,
raises one error for everything found, then applies the exclusion policies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError
from ._amounts import convert_numeric, negative_amounts
from ._columns import ALL_COLUMNS, NUMERIC_COLUMNS, resolve_columns
from ._dates import convert_date, to_timestamp
from ._exclusions import exclude_after_observation_end, flag_duplicates, flag_zero_amounts
from ._ids import convert_customer_id
from ._messages import Problem, format_problem, raise_problems
from ._returns import net_returns

__all__ = ["validate_transactions"]

#: Optional text columns, kept as strings (a numeric ``order_id`` stays numeric).
_TEXT_COLUMNS = ("order_id", "category", "channel")


def validate_transactions(
    df: pd.DataFrame,
    *,
    source: str = "DataFrame",
    columns: Mapping[str, Any] | None = None,
    date_format: str | None = None,
    observation_end: Any = None,
    allow_returns: bool = False,
    drop_duplicates: bool = False,
    drop_zero_amounts: bool = False,
    utc: bool = False,
    currency: str = "USD",
    row_label: str = "index",
    column_hint: str = "",
) -> pd.DataFrame:
    """Check a raw transaction table and return canonical transactions.

    The whole input is checked first; then one :class:`DataValidationError` names the most
    important problem (file, column, first rows and values, count of further rows, fix) and how
    many other problems were found. The policies for returns, zero amounts, duplicates, time
    zones and ``observation_end`` are described in the docstring of :mod:`clvmodels.validation`.

    Parameters
    ----------
    df : DataFrame
        Raw transactions; its index labels are used as row locations in messages (a file reader
        sets them to line numbers).
    source : str
        File name or "DataFrame", named in every message.
    columns : mapping, optional
        ``{canonical name: df's column}``; unmapped columns are detected by name
        (:func:`resolve_columns`).
    date_format : str, optional
        strftime format of the dates (``"%d/%m/%Y"``); default ISO 8601 strings or ``YYYYMMDD``
        integers.
    observation_end : date-like, optional
        Rows dated after it (after its whole day for a date) are excluded with a warning.
    allow_returns : bool
        Net negative amounts against the customer's most recent purchase day on or before the
        return instead of rejecting them.
    drop_duplicates : bool
        Drop exact duplicate rows (default: keep them, with a warning).
    drop_zero_amounts : bool
        Exclude zero-amount rows (default: keep them, with a warning).
    utc : bool
        Accept several time zones by converting every date to UTC.
    currency : str
        Currency of ``amount``, recorded in ``attrs["currency"]``.
    row_label : str
        How rows are named in messages: "line" (text files), "row" (Parquet), "index".
    column_hint : str
        Advice added to the message when a required column is missing.

    Returns
    -------
    DataFrame
        Canonical transactions with a fresh RangeIndex: ``customer_id`` (int64 when every id is
        an integer, else string), ``date`` (datetime64[ns], naive), ``amount`` (float64, in
        ``currency``), and the optional ``order_id``, ``cost``, ``quantity`` (float64),
        ``category``, ``channel`` when present; other columns are left out. ``attrs``:
        ``source``, ``currency``, ``columns`` (canonical name -> source column), ``n_rows_read``,
        ``excluded`` (rows excluded or merged, by reason) and ``observation_end`` when given.

    Raises
    ------
    DataValidationError
        The input cannot be used as given.
    ParameterError
        A setting is invalid (``observation_end`` not a date, bad ``columns`` keys).

    Warns
    -----
    DataWarning
        Once per kind of excluded or suspicious rows, with their count.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"cust": ["a", "b"], "day": [20240105, 20240107], "sales": [9.5, 3]})
    >>> tx = validate_transactions(raw)
    >>> tx.dtypes.astype(str).tolist()
    ['str', 'datetime64[ns]', 'float64']
    """
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(
            f"validate_transactions expects a pandas DataFrame, got {type(df).__name__}."
        )
    if not isinstance(currency, str) or not currency:
        raise ParameterError(f"currency={currency!r} must be a currency code such as 'USD'.")
    obs_end = to_timestamp(observation_end, "observation_end")
    n_read = len(df)
    mapping = resolve_columns(
        df.columns, columns, source=source, hint=column_hint, row_label=row_label
    )
    labels = df.index.to_numpy()
    if n_read == 0:
        raise DataValidationError(
            format_problem(
                source,
                None,
                "no transaction rows (the columns are there but no data)",
                fix="check that this is the transaction log and that it is not truncated",
            )
        )
    raw = {c: df[mapping[c]].reset_index(drop=True) for c in mapping}
    if any(isinstance(v, pd.DataFrame) for v in raw.values()):
        name = next(mapping[c] for c, v in raw.items() if isinstance(v, pd.DataFrame))
        raise DataValidationError(
            f"{source}: the column name {str(name)!r} occurs more than once; fix: rename the "
            f"duplicates so that each column has its own name."
        )

    out, problems = _convert_columns(
        raw, labels, mapping, date_format=date_format, utc=utc, allow_returns=allow_returns
    )
    raise_problems(problems, source, row_label=row_label)

    for column in _TEXT_COLUMNS:
        if column in raw:
            s = raw[column]
            if column == "order_id" and pd.api.types.is_numeric_dtype(s.dtype):
                out[column] = s
            else:
                out[column] = s.astype("str").where(s.notna())
    order = [c for c in ALL_COLUMNS if c in out]
    tx = pd.DataFrame({c: out[c] for c in order})

    excluded: dict[str, int] = {}
    keep = np.ones(len(tx), dtype=bool)
    where = {"source": source, "row_label": row_label}
    exclude_after_observation_end(tx, labels, keep, excluded, obs_end, **where)
    flag_duplicates(tx, labels, keep, excluded, drop=drop_duplicates, **where)
    flag_zero_amounts(tx, labels, keep, excluded, drop=drop_zero_amounts, **where)
    if not keep.all():
        tx = tx[keep]
        labels = labels[keep]
    if allow_returns and (tx["amount"].to_numpy() < 0).any():
        tx, labels, counts = net_returns(tx, labels, source, row_label)
        excluded.update(counts)
    tx = tx.reset_index(drop=True)
    if len(tx) == 0:
        raise DataValidationError(
            format_problem(
                source,
                None,
                f"no transactions left after the exclusions ({excluded})",
                fix="check observation_end and the exclusion options",
            )
        )
    tx.attrs = {
        "source": source,
        "currency": currency,
        "columns": {c: str(mapping[c]) for c in order},
        "n_rows_read": n_read,
        "excluded": excluded,
    }
    if obs_end is not None:
        tx.attrs["observation_end"] = obs_end
    return tx


def _convert_columns(
    raw: dict[str, pd.Series],
    labels: np.ndarray,
    mapping: dict[str, Any],
    *,
    date_format: str | None,
    utc: bool,
    allow_returns: bool,
) -> tuple[dict[str, pd.Series], list[Problem]]:
    """Convert the required and numeric columns; every problem found, in message order."""
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    out["customer_id"], found = convert_customer_id(
        raw["customer_id"], labels, mapping["customer_id"]
    )
    problems += found
    out["date"], found = convert_date(raw["date"], labels, mapping["date"], date_format, utc)
    problems += found
    for column in NUMERIC_COLUMNS:
        if column in raw:
            out[column], found = convert_numeric(
                raw[column], labels, column, mapping[column], required=column == "amount"
            )
            problems += found
    if not allow_returns and not any(p.column == "amount" for p in problems):
        p = negative_amounts(out["amount"], labels, mapping["amount"])
        if p is not None:
            problems.append(p)
    return out, problems
