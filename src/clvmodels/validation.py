"""Validation of transaction logs: whole-input checks, one-line errors and counted warnings.

Everything that comes in through :func:`clvmodels.read_transactions` (or another engine) passes
:func:`validate_transactions`, which checks the *whole* input before raising. When something is
wrong it raises one :class:`~clvmodels.exceptions.DataValidationError` whose single line names the
source (file name or "DataFrame"), the column, the first offending rows with their values, how
many more rows are affected, the fix, and how many other problems were found. Rows that are
excluded on purpose (dates after ``observation_end``, dropped duplicates, netted returns) are
never dropped silently: each kind is counted in one :class:`~clvmodels.exceptions.DataWarning`.

The checks are vectorized (no per-row Python loops): a 10M-row DataFrame of integer ids,
datetimes and floats validates in a few seconds.

Policies (documented once, here):

- **Missing values** in ``customer_id``, ``date`` or ``amount``: error.
- **Customer ids** become int64 when every id is an integer (also integer strings: ``"00042"``
  becomes 42, so ``"042"`` and ``"42"`` are one customer), else strings with surrounding spaces
  removed.
- **Column names** are matched case-insensitively, with the synonyms of :data:`SYNONYMS`
  (``price`` is deliberately not one: a unit price is not an order amount); the mapping used is
  recorded in ``attrs["columns"]``.
- **Dates**: datetime columns are used as they are; integers (and 8-digit strings) are read as
  ``YYYYMMDD``; strings as ISO 8601 (``YYYY-MM-DD``, optionally with a time and an offset) unless
  ``date_format`` is given. Other layouts (``05/01/2024``) are not guessed, because day-first and
  month-first orders cannot be told apart: pass ``date_format``. A single time zone is converted
  to UTC and made naive; several offsets, or naive mixed with zoned values, are an error unless
  ``utc=True`` (then every value is converted to UTC, naive values taken as UTC).
- **Negative amounts** (returns): error unless ``allow_returns=True``. Then each return row is
  netted against the same customer's most recent purchase day on or before the return date
  (``pandas.merge_asof``): the rows of that purchase day are collapsed into one row holding the
  day's net amount (``cost`` and ``quantity`` summed with the returns'; other columns from the
  day's first row). A purchase day whose net amount is <= 0 is removed; a return larger than its
  purchase day does not carry over to earlier days; a return with no earlier purchase is removed.
  Every removal is counted in a warning.
- **Zero amounts**: kept as purchases (a free sample or a fully discounted order is still a visit,
  and lifetimes counts it), with a warning counting them; ``drop_zero_amounts=True`` excludes them.
- **Dates after** ``observation_end``: excluded with a warning that counts them. A date-only
  ``observation_end`` includes its whole day.
- **Exact duplicate rows** (every column equal): kept, with a warning counting them (two identical
  orders on one day are plausible); ``drop_duplicates=True`` drops all but the first.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import sys
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import DataValidationError, DataWarning, ParameterError

__all__ = [
    "CANONICAL_COLUMNS",
    "NUMERIC_COLUMNS",
    "OPTIONAL_COLUMNS",
    "SYNONYMS",
    "Problem",
    "amount_fix",
    "date_fix",
    "format_problem",
    "plural",
    "raise_problems",
    "resolve_columns",
    "validate_transactions",
    "warn_data",
]

#: Required columns of canonical transactions.
CANONICAL_COLUMNS: tuple[str, ...] = ("customer_id", "date", "amount")
#: Optional columns of canonical transactions, kept when the source has them.
OPTIONAL_COLUMNS: tuple[str, ...] = ("order_id", "cost", "quantity", "category", "channel")
#: Columns converted to float64 (``amount`` required, the others optional).
NUMERIC_COLUMNS: tuple[str, ...] = ("amount", "cost", "quantity")
_ALL_COLUMNS = CANONICAL_COLUMNS + OPTIONAL_COLUMNS

#: Source column names recognized for each canonical column when no mapping is given, compared
#: after lower-casing and turning spaces, dashes and dots into underscores. Earlier names win.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer_id", "customerid", "customer", "cust_id", "custid", "cust", "client_id",
        "clientid", "client", "user_id", "userid", "member_id", "buyer_id", "account_id",
        "customer_number", "customer_no", "id",
    ),
    "date": (
        "date", "order_date", "transaction_date", "purchase_date", "invoice_date", "txn_date",
        "trans_date", "sale_date", "orderdate", "invoicedate", "datetime", "timestamp",
        "order_datetime", "created_at", "day",
    ),
    "amount": (
        "amount", "sales", "revenue", "value", "dollar_value", "total", "order_value", "spend",
        "total_amount", "net_amount", "sales_amount", "order_amount", "monetary_value",
    ),
    "order_id": (
        "order_id", "orderid", "order", "order_number", "order_no", "invoice", "invoice_id",
        "invoice_no", "invoiceno", "transaction_id", "txn_id",
    ),
    "cost": ("cost", "total_cost", "cogs", "cost_of_goods"),
    "quantity": ("quantity", "qty", "units", "n_items", "items", "number_of_items"),
    "category": ("category", "product_category", "product_type", "department"),
    "channel": ("channel", "sales_channel"),
}

#: Command-line flag for each canonical column (used in fixes).
_CLI_FLAGS = {
    "customer_id": "--customer-col",
    "date": "--date-col",
    "amount": "--amount-col",
    "order_id": "--order-col",
    "cost": "--cost-col",
    "quantity": "--quantity-col",
    "category": "--category-col",
    "channel": "--channel-col",
}

MAX_EXAMPLES = 3
_MAX_VALUE_CHARS = 40


# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------


def _show_value(value: Any) -> str:
    """A short, single-line repr of a cell value."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_show_value(v) for v in value) + ")"
    if isinstance(value, pd.Timestamp | datetime.datetime):
        stamp = pd.Timestamp(value)
        naive_day = stamp.tz is None and stamp == stamp.normalize()
        text = repr(str(stamp.date()) if naive_day else str(stamp))
    elif isinstance(value, float | np.floating) and not np.isnan(value):
        text = repr(float(value))
    elif isinstance(value, np.integer):
        text = repr(int(value))
    elif value is None or (not isinstance(value, str | bytes | tuple) and pd.isna(value)):
        text = "empty"
    else:
        text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


def plural(n: int, word: str) -> str:
    """``"1 row"`` / ``"3 rows"``: a count with its noun in the right number."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_problem(
    source: str,
    column: str | None,
    what: str,
    *,
    rows: Sequence[Hashable] = (),
    values: Sequence[Any] | None = None,
    n_rows: int | None = None,
    fix: str = "",
    row_label: str = "line",
    source_column: str | None = None,
    others: Sequence[str] = (),
    rows_intro: str | None = None,
) -> str:
    """Format one data problem as the one-line message every clvmodels engine uses.

    Parameters
    ----------
    source : str
        File name, or "DataFrame".
    column : str or None
        Canonical column concerned (None for file-level problems such as an empty file).
    what : str
        What is wrong, e.g. ``"non-numeric values"``.
    rows : sequence
        The first offending rows: 1-based line numbers of a text file (header = line 1), 1-based
        row numbers of a Parquet file, or DataFrame index labels.
    values : sequence, optional
        The offending values of ``rows``, shown next to them.
    n_rows : int, optional
        Total number of affected rows (default ``len(rows)``); the surplus is reported as
        "and N more rows".
    fix : str
        How to fix it, e.g. ``"pass decimal=','"``.
    row_label : str
        Word placed before each row: "line", "row" or "index".
    source_column : str, optional
        The source's own name for ``column`` when it differs.
    others : sequence of str
        Short descriptions of further problems; counted and listed at the end.
    rows_intro : str, optional
        Words between ``what`` and the rows (default ``" in N rows: "``).

    Returns
    -------
    str
        A single line: ``"orders.csv: column 'amount' (file column 'sales'): non-numeric values
        in 4 rows: line 3 ('12,50'), line 9 ('abc'), line 12 ('x') and 1 more row; fix: pass
        decimal=','"``.

    Examples
    --------
    >>> format_problem("orders.csv", "amount", "missing values", rows=[7], values=[None],
    ...                fix="fill in the amounts")
    "orders.csv: column 'amount': missing values in 1 row: line 7 (empty); fix: fill in the amounts"
    """
    parts = [str(source)]
    if column is not None:
        col = f"column {column!r}"
        if source_column is not None and str(source_column) != column:
            col += f" (source column {str(source_column)!r})"
        parts.append(col)
    rows = list(rows)
    total = len(rows) if n_rows is None else int(n_rows)
    text = what
    if rows:
        shown = rows[:MAX_EXAMPLES]
        vals = list(values)[: len(shown)] if values is not None else [None] * 0
        locs = []
        for i, r in enumerate(shown):
            loc = f"{row_label} {r}"
            if i < len(vals):
                loc += f" ({_show_value(vals[i])})"
            locs.append(loc)
        intro = f" in {plural(total, 'row')}: " if rows_intro is None else rows_intro
        text += intro + ", ".join(locs)
        if total > len(shown):
            text += f" and {plural(total - len(shown), 'more row')}"
    parts.append(text)
    message = ": ".join(parts)
    if fix:
        message += f"; fix: {fix}"
    if others:
        message += f" (also {plural(len(others), 'other problem')}: " + "; ".join(others) + ")"
    return " ".join(message.split())  # one line, whatever the values held


@dataclass(frozen=True)
class Problem:
    """One problem found in the input: what is wrong, where, and how to fix it.

    ``rows`` holds the first offending row labels, ``values`` their values and ``n_rows`` how
    many rows are affected in all. Engines build a list of these and call
    :func:`raise_problems`.
    """

    column: str | None
    what: str
    fix: str
    rows: tuple = ()
    values: tuple = ()
    n_rows: int = 0
    source_column: str | None = None
    brief: str = ""
    rows_intro: str | None = None

    def short(self) -> str:
        """A few words for the "also N other problems" list."""
        where = f"column {self.column!r}: " if self.column else ""
        if self.brief:
            return where + self.brief
        count = f" in {plural(self.n_rows, 'row')}" if self.n_rows else ""
        return f"{where}{self.what}{count}"

    def message(self, source: str, *, row_label: str = "line", others: Sequence[str] = ()) -> str:
        """The one-line message for this problem (see :func:`format_problem`)."""
        return format_problem(
            source,
            self.column,
            self.what,
            rows=self.rows,
            values=self.values,
            n_rows=self.n_rows,
            fix=self.fix,
            row_label=row_label,
            source_column=self.source_column,
            others=others,
            rows_intro=self.rows_intro,
        )


def raise_problems(problems: Sequence[Problem], source: str, *, row_label: str = "line") -> None:
    """Raise a :class:`DataValidationError` for the first problem, counting the others.

    Does nothing when ``problems`` is empty. The exception keeps the whole list in its
    ``problems`` attribute.
    """
    if not problems:
        return
    first, rest = problems[0], problems[1:]
    exc = DataValidationError(
        first.message(source, row_label=row_label, others=[p.short() for p in rest])
    )
    exc.problems = list(problems)  # type: ignore[attr-defined]
    raise exc


def _problem_at(
    mask: np.ndarray,
    labels: np.ndarray,
    values: Any,
    *,
    column: str,
    what: str,
    fix: str,
    source_column: str | None,
) -> Problem | None:
    """A Problem for the rows where ``mask`` is true, or None when there are none."""
    n = int(np.count_nonzero(mask))
    if n == 0:
        return None
    pos = np.flatnonzero(mask)[:MAX_EXAMPLES]
    if isinstance(values, pd.Series):
        vals = tuple(values.iloc[pos].tolist())
    else:
        vals = tuple(np.asarray(values, dtype=object)[pos].tolist())
    return Problem(
        column=column,
        what=what,
        fix=fix,
        rows=tuple(_plain(x) for x in labels[pos]),
        values=vals,
        n_rows=n,
        source_column=source_column,
    )


def _plain(label: Any) -> Any:
    if isinstance(label, np.generic):
        return label.item()
    return label


# --------------------------------------------------------------------------------------------
# warnings
# --------------------------------------------------------------------------------------------

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _caller_stacklevel() -> int:
    """stacklevel that makes a warning point at the first frame outside clvmodels."""
    frame = sys._getframe(1)  # the function that will call warnings.warn
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE_DIR
    ):
        frame = frame.f_back
        level += 1
    return level


def warn_data(message: str) -> None:
    """Emit ``message`` as one-line :class:`DataWarning` pointing at the user's calling line."""
    warnings.warn(" ".join(message.split()), DataWarning, stacklevel=_caller_stacklevel())


def _rows_text(labels: np.ndarray, mask: np.ndarray, values: Any, row_label: str) -> str:
    """'line 4 ('x'), line 9 ('y') and 3 more rows' for the rows where mask is true."""
    n = int(np.count_nonzero(mask))
    pos = np.flatnonzero(mask)[:MAX_EXAMPLES]
    vals = values.iloc[pos].tolist() if isinstance(values, pd.Series) else [values[p] for p in pos]
    text = ", ".join(
        f"{row_label} {_plain(labels[p])} ({_show_value(v)})"
        for p, v in zip(pos, vals, strict=True)
    )
    if n > len(pos):
        text += f" and {plural(n - len(pos), 'more row')}"
    return text


# --------------------------------------------------------------------------------------------
# column mapping
# --------------------------------------------------------------------------------------------


def _norm(name: Any) -> str:
    return re.sub(r"[\s\-\.]+", "_", str(name).strip().lower())


def resolve_columns(
    available: Iterable[Any],
    columns: Mapping[str, Any] | None = None,
    *,
    source: str = "DataFrame",
    hint: str = "",
    row_label: str = "index",
) -> dict[str, Any]:
    """Map canonical column names to the source's column names.

    Parameters
    ----------
    available : iterable
        The source's column names.
    columns : mapping, optional
        ``{canonical name: source name}`` for the columns that do not follow the canonical or a
        recognized name (:data:`SYNONYMS`); the others are detected case-insensitively.
    source : str
        File name or "DataFrame", for messages.
    hint : str
        Extra advice appended to the fix when a required column is missing.
    row_label : str
        "line" for a text file with a header (missing columns are then placed on line 1).

    Returns
    -------
    dict
        ``{canonical name: source name}`` for every required column and every optional column
        found.

    Raises
    ------
    ParameterError
        ``columns`` has a key that is not a canonical name, or maps two names to one column.
    DataValidationError
        A mapped column is not in the source, or a required column cannot be found; the message
        suggests the closest name (difflib) and the fix.
    """
    available = list(available)
    by_norm: dict[str, Any] = {}
    for name in available:
        by_norm.setdefault(_norm(name), name)
    given = dict(columns or {})
    _check_mapping_keys(given, available)

    problems: list[Problem] = []
    mapping: dict[str, Any] = {}
    for canon, src in given.items():
        if src is None:
            continue
        if src in available:
            mapping[canon] = src
            continue
        found = by_norm.get(_norm(src))
        if found is not None:  # same name up to case/spacing
            mapping[canon] = found
            continue
        close = _closest(str(src), available)
        did_you_mean = f"did you mean {close!r}? " if close is not None else ""
        problems.append(
            Problem(
                column=canon,
                what=f"mapped to {str(src)!r}, which is not a column of the source "
                f"(it has {_list_names(available)})",
                fix=f"{did_you_mean}pass columns={{{canon!r}: "
                f"{(close if close is not None else 'the right name')!r}}}",
                brief=f"mapped to {str(src)!r}, which is not in the source",
            )
        )
    used = {mapping[c] for c in mapping}
    for canon in _ALL_COLUMNS:
        if canon in mapping or canon in given:
            continue
        for synonym in SYNONYMS[canon]:
            name = by_norm.get(synonym)
            if name is not None and name not in used:
                mapping[canon] = name
                used.add(name)
                break
    where = "in the header (line 1)" if row_label == "line" else "among the columns"
    for canon in CANONICAL_COLUMNS:
        if canon in mapping or canon in given:
            continue
        unused = [a for a in available if a not in used]
        close = _closest_synonym(canon, unused)
        flag = _CLI_FLAGS[canon]
        if close is not None:
            fix = (
                f"did you mean {close!r}? pass columns={{{canon!r}: {close!r}}} "
                f"(command line: {flag} {close})"
            )
        else:
            fix = (
                f"pass columns={{{canon!r}: 'your column'}} (command line: {flag} NAME)"
            )
        if hint:
            fix += f"; {hint}"
        problems.append(
            Problem(
                column=canon,
                what=f"not found {where}; looked for "
                f"{', '.join(repr(s) for s in SYNONYMS[canon][:4])} and other usual names; "
                f"the source has {_list_names(available)}",
                fix=fix,
                brief="not found" + (f" (closest: {close!r})" if close is not None else ""),
            )
        )
    raise_problems(problems, source)
    return mapping


def _check_mapping_keys(given: dict[str, Any], available: list[Any]) -> None:
    bad = [k for k in given if k not in _ALL_COLUMNS]
    if bad:
        key = bad[0]
        if all(v in _ALL_COLUMNS for v in given.values()):
            fix = (
                "columns maps canonical names to the source's names, e.g. "
                "columns={'customer_id': 'cust', 'date': 'order_date', 'amount': 'sales'}"
            )
        else:
            close = difflib.get_close_matches(str(key), _ALL_COLUMNS, n=1, cutoff=0.5)
            fix = f"did you mean {close[0]!r}?" if close else ""
            fix += f" the keys must be among {', '.join(_ALL_COLUMNS)}"
        raise ParameterError(f"columns has the key {key!r}, which is not a canonical name; {fix}.")
    targets = [v for v in given.values() if v is not None]
    dup = next((v for v in targets if targets.count(v) > 1), None)
    if dup is not None:
        names = [k for k, v in given.items() if v == dup]
        raise ParameterError(
            f"columns maps {', '.join(map(repr, names))} to the same source column {dup!r}; "
            f"map each canonical name to its own column."
        )


def _list_names(names: Sequence[Any], limit: int = 8) -> str:
    shown = ", ".join(repr(str(n)) for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown or "no columns"


def _closest(name: str, candidates: Sequence[Any]) -> Any | None:
    norm = {_norm(c): c for c in candidates}
    match = difflib.get_close_matches(_norm(name), list(norm), n=1, cutoff=0.6)
    return norm[match[0]] if match else None


def _closest_synonym(canon: str, candidates: Sequence[Any]) -> Any | None:
    """The candidate closest to any synonym of ``canon`` (difflib ratio >= 0.6)."""
    best, best_score = None, 0.0
    for cand in candidates:
        n = _norm(cand)
        for synonym in SYNONYMS[canon]:
            score = difflib.SequenceMatcher(None, n, synonym).ratio()
            if score > best_score:
                best, best_score = cand, score
    return best if best_score >= 0.6 else None


# --------------------------------------------------------------------------------------------
# column conversions
# --------------------------------------------------------------------------------------------


def _missing_mask(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Missing cells (NaN/None/empty or blank strings) and the series with strings stripped.

    Object columns holding only strings become string dtype; other object columns (datetimes,
    mixed values) are returned unchanged.
    """
    if pd.api.types.is_object_dtype(s.dtype):
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            s = s.astype("str")
        else:
            text = s.astype("str").str.strip()
            blank = (text == "").to_numpy(dtype=bool, na_value=False)
            return s.isna().to_numpy() | blank, s
    if isinstance(s.dtype, pd.StringDtype):
        s = s.str.strip()
        blank = (s == "").to_numpy(dtype=bool, na_value=False)
        return s.isna().to_numpy() | blank, s
    return s.isna().to_numpy(), s


def _convert_customer_id(
    s: pd.Series, labels: np.ndarray, source_column: Any
) -> tuple[pd.Series, list[Problem]]:
    missing, s = _missing_mask(s)
    problems = []
    p = _problem_at(
        missing,
        labels,
        s,
        column="customer_id",
        what="missing customer ids",
        fix="fill in the customer ids or drop these rows (a purchase without a customer "
        "cannot be attributed)",
        source_column=_src(source_column, "customer_id"),
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


def _src(source_column: Any, canon: str) -> str | None:
    return None if source_column is None or str(source_column) == canon else str(source_column)


_TZ_SUFFIX = r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)$"


def date_fix(bad_values: Sequence[Any], date_format: str | None) -> str:
    """How to fix unparseable dates, guessed from the first bad value (the "fix:" part)."""
    if date_format is not None:
        return (
            f"the values do not match date_format={date_format!r}; correct them or pass the "
            f"format they use (command line: --date-format)"
        )
    example = str(bad_values[0]) if bad_values else ""
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}.*", example):
        guess = "date_format='%d/%m/%Y' (day first) or '%m/%d/%Y' (month first)"
    elif re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}.*", example):
        guess = "date_format='%d.%m.%Y'"
    elif re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}.*", example):
        guess = "date_format='%d-%m-%Y' or '%m-%d-%Y'"
    else:
        guess = "date_format (a strftime format such as '%d/%m/%Y')"
    return (
        f"write dates as YYYY-MM-DD (ISO 8601) or YYYYMMDD, or pass {guess} "
        f"(command line: --date-format)"
    )


def _ymd_integers(values: np.ndarray) -> pd.Series:
    """YYYYMMDD integers (as float64 with NaN for missing) to datetimes; NaT where invalid."""
    with np.errstate(invalid="ignore"):
        v = np.where(np.isfinite(values), values, 0).astype(np.int64)
    frame = pd.DataFrame({"year": v // 10000, "month": v // 100 % 100, "day": v % 100})
    ok = np.isfinite(values) & (values == np.round(values)) & (v >= 1678_01_01) & (v < 2262_01_01)
    frame.loc[~ok, ["year", "month", "day"]] = [2000, 1, 1]
    parsed = pd.to_datetime(frame, errors="coerce")
    return parsed.where(ok)


def _zone_of(value: Any) -> str:
    """Time-zone label of one value: its offset or zone name, or 'none' (naive)."""
    if isinstance(value, str):
        match = re.search(_TZ_SUFFIX, value.strip())
        return match.group(1) if match else "none"
    tz = getattr(value, "tzinfo", None)
    return str(tz) if tz is not None else "none"


def _mixed_zone_problem(
    zones: pd.Series, missing: np.ndarray, labels: np.ndarray, values: pd.Series, src: str | None
) -> Problem:
    zones = zones.reset_index(drop=True)
    present = ~missing
    counts = zones[present].value_counts()
    first = (~zones.duplicated().to_numpy()) & present
    listing = ", ".join(f"{z!r} in {plural(int(n), 'row')}" for z, n in counts.iloc[:4].items())
    if len(counts) > 4:
        listing += f" and {len(counts) - 4} more zones"
    return Problem(
        column="date",
        what=f"mixed time zones ({listing})",
        rows_intro="; first row of each zone: ",
        brief=f"mixed time zones ({len(counts)} zones)",
        fix="write every date in one time zone, or pass utc=True (command line: --utc) to "
        "convert each value to UTC (values without a zone are then taken as UTC)",
        rows=tuple(_plain(x) for x in labels[first][:MAX_EXAMPLES]),
        values=tuple(values[first].tolist()[:MAX_EXAMPLES]),
        n_rows=int(first.sum()),
        source_column=src,
    )


def _convert_date(
    s: pd.Series,
    labels: np.ndarray,
    source_column: Any,
    date_format: str | None,
    utc: bool,
) -> tuple[pd.Series, list[Problem]]:
    missing, s = _missing_mask(s)
    src = _src(source_column, "date")
    problems: list[Problem] = []
    p = _problem_at(
        missing,
        labels,
        s,
        column="date",
        what="missing dates",
        fix="fill in the dates or drop these rows",
        source_column=src,
    )
    if p is not None:
        problems.append(p)

    dtype = s.dtype
    fmt = date_format if date_format is not None else "ISO8601"
    if isinstance(dtype, pd.DatetimeTZDtype):
        parsed = s.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(dtype):
        parsed = s
    elif pd.api.types.is_bool_dtype(dtype):
        parsed = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    elif pd.api.types.is_numeric_dtype(dtype) and date_format is None:
        parsed = _ymd_integers(s.to_numpy(dtype=np.float64, na_value=np.nan))
    elif pd.api.types.is_numeric_dtype(dtype):  # integers with an explicit format
        values = s.astype("Int64").astype("str")
        parsed = pd.to_datetime(values, format=fmt, errors="coerce", utc=utc)
    elif pd.api.types.is_object_dtype(dtype):
        # Python datetime/date objects (maybe mixed with strings): pandas would silently turn
        # values in a second time zone into NaT, so the zones are checked first (object
        # columns are converted element by element by pandas anyway).
        zones = s.map(_zone_of)
        distinct = zones[~missing].unique()
        if len(distinct) > 1 and not utc:
            problems.append(_mixed_zone_problem(zones, missing, labels, s, src))
            return s, problems
        aware = utc or (len(distinct) == 1 and distinct[0] != "none")
        parsed = pd.to_datetime(s, errors="coerce", utc=aware, format=date_format)
    else:
        try:
            parsed = pd.to_datetime(s, format=fmt, errors="coerce", utc=utc)
        except (ValueError, TypeError) as exc:
            if "timezone" not in str(exc).lower().replace(" ", ""):
                raise
            zones = s.astype("str").str.extract(_TZ_SUFFIX, expand=False).fillna("none")
            problems.append(_mixed_zone_problem(zones, missing, labels, s, src))
            return s, problems
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)

    # representable range for nanosecond timestamps
    arr = parsed.to_numpy()
    out_of_range = np.zeros(len(arr), dtype=bool)
    if arr.dtype != "datetime64[ns]":
        lo, hi = np.datetime64("1678-01-01"), np.datetime64("2262-01-01")
        out_of_range = ~np.isnat(arr) & ((arr < lo) | (arr >= hi))
        if out_of_range.any():
            arr = np.where(out_of_range, np.datetime64("NaT"), arr)
        parsed = pd.Series(arr.astype("datetime64[ns]"), index=s.index, name=s.name)
    bad = np.isnat(parsed.to_numpy()) & ~missing
    if bad.any() and pd.api.types.is_float_dtype(dtype):
        v = s.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.all(np.isnan(v) | (v == np.round(v))):  # integers made float by empty cells
            s = s.astype("Int64")
    if bad.any():
        bad_values = s[bad].iloc[:MAX_EXAMPLES].tolist()
        what = "unparseable dates"
        if pd.api.types.is_numeric_dtype(dtype) and date_format is None:
            what = "numbers that are not YYYYMMDD dates"
            fix = (
                "write integer dates as YYYYMMDD (19970101); Unix timestamps must be converted "
                "first (pandas.to_datetime(x, unit='s')), or pass date_format"
            )
        else:
            fix = date_fix(bad_values, date_format)
        if (bad & out_of_range).any():
            fix += "; dates must lie between 1678-01-01 and 2261-12-31"
        problems.append(
            _problem_at(
                bad, labels, s, column="date", what=what, fix=fix, source_column=src
            )
        )
    return parsed, problems


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


def _convert_numeric(
    s: pd.Series,
    labels: np.ndarray,
    column: str,
    source_column: Any,
    *,
    required: bool,
) -> tuple[pd.Series, list[Problem]]:
    missing, s = _missing_mask(s)
    src = _src(source_column, column)
    problems: list[Problem] = []
    if required:
        p = _problem_at(
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
            _problem_at(
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
            _problem_at(
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


def _to_timestamp(value: Any, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name}={value!r} is not a date; pass 'YYYY-MM-DD'.") from exc
    if ts is pd.NaT:
        raise ParameterError(f"{name} is NaT; pass 'YYYY-MM-DD'.")
    if ts.tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


# --------------------------------------------------------------------------------------------
# the whole check
# --------------------------------------------------------------------------------------------


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
    zones and ``observation_end`` are described in the module docstring.

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
    obs_end = _to_timestamp(observation_end, "observation_end")
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

    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    out["customer_id"], found = _convert_customer_id(
        raw["customer_id"], labels, mapping["customer_id"]
    )
    problems += found
    out["date"], found = _convert_date(raw["date"], labels, mapping["date"], date_format, utc)
    problems += found
    for column in NUMERIC_COLUMNS:
        if column in raw:
            out[column], found = _convert_numeric(
                raw[column], labels, column, mapping[column], required=column == "amount"
            )
            problems += found
    if not allow_returns and not any(p.column == "amount" for p in problems):
        negative = out["amount"].to_numpy() < 0
        p = _problem_at(
            negative,
            labels,
            out["amount"],
            column="amount",
            what="negative amounts (returns or refunds)",
            fix="pass allow_returns=True (command line: --allow-returns) to net each return "
            "against the customer's most recent purchase, or remove these rows",
            source_column=_src(mapping["amount"], "amount"),
        )
        if p is not None:
            problems.append(p)
    raise_problems(problems, source, row_label=row_label)

    for column in ("order_id", "category", "channel"):
        if column in raw:
            s = raw[column]
            if column == "order_id" and pd.api.types.is_numeric_dtype(s.dtype):
                out[column] = s
            else:
                out[column] = s.astype("str").where(s.notna())
    order = [c for c in _ALL_COLUMNS if c in out]
    tx = pd.DataFrame({c: out[c] for c in order})
    excluded: dict[str, int] = {}

    keep = np.ones(len(tx), dtype=bool)
    # 1. dates after the observation end
    if obs_end is not None:
        whole_day = obs_end == obs_end.normalize()
        limit = obs_end + pd.Timedelta(days=1) if whole_day else obs_end
        dates = tx["date"].to_numpy()
        after = dates >= limit.to_datetime64() if whole_day else dates > limit.to_datetime64()
        if after.any():
            n = int(after.sum())
            excluded["after_observation_end"] = n
            warn_data(
                f"{source}: {plural(n, 'row')} dated after observation_end "
                f"{obs_end.date() if whole_day else obs_end} excluded: "
                f"{_rows_text(labels, after, tx['date'], row_label)}; the latest is "
                f"{pd.Timestamp(dates[after].max()).date()}."
            )
            keep &= ~after
    # 2. exact duplicates (hash first, then an exact check of the candidates)
    dup = _exact_duplicates(tx, keep)
    if dup.any():
        n = int(dup.sum())
        values = tx.loc[dup, ["customer_id", "date", "amount"]].iloc[:MAX_EXAMPLES]
        shown = pd.Series([tuple(r) for r in values.itertuples(index=False)])
        where = _rows_text(labels[dup], np.ones(n, dtype=bool), shown, row_label)
        if drop_duplicates:
            excluded["duplicates"] = n
            keep &= ~dup
            action = "dropped (drop_duplicates=True)"
        else:
            action = (
                "kept, since two identical orders on one day are plausible; pass "
                "drop_duplicates=True (command line: --drop-duplicates) to drop them"
            )
        warn_data(
            f"{source}: {plural(n, 'row')} exactly {'repeats' if n == 1 else 'repeat'} an "
            f"earlier row (customer_id, date, amount shown): {where}; {action}."
        )
    # 3. zero amounts
    amount = tx["amount"].to_numpy()
    zero = (amount == 0) & keep
    if zero.any():
        n = int(zero.sum())
        if drop_zero_amounts:
            excluded["zero_amount"] = n
            keep &= ~zero
            action = "excluded (drop_zero_amounts=True)"
        else:
            action = (
                "kept as purchases; pass drop_zero_amounts=True (command line: "
                "--drop-zero-amounts) to exclude them"
            )
        warn_data(
            f"{source}: column 'amount': {plural(n, 'row')} with amount 0: "
            f"{_rows_text(labels, zero, tx['amount'], row_label)}; {action}."
        )
    if not keep.all():
        tx = tx[keep]
        labels = labels[keep]
    # 4. returns
    if allow_returns and (tx["amount"].to_numpy() < 0).any():
        tx, labels, counts = _net_returns(tx, labels, source, row_label)
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


def _exact_duplicates(tx: pd.DataFrame, keep: np.ndarray) -> np.ndarray:
    """Rows (among ``keep``) equal in every column to an earlier kept row."""
    result = np.zeros(len(tx), dtype=bool)
    sub = tx[keep] if not keep.all() else tx
    if len(sub) < 2:
        return result
    hashes = pd.util.hash_pandas_object(sub, index=False).to_numpy()
    ordered = np.sort(hashes)  # a sort is much faster than a hash table on 10M keys
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if len(repeated) == 0:
        return result
    candidates = np.isin(hashes, np.unique(repeated))
    exact = sub[candidates].duplicated(keep="first").to_numpy()
    positions = np.flatnonzero(keep)[np.flatnonzero(candidates)[exact]]
    result[positions] = True
    return result


def _net_returns(
    tx: pd.DataFrame, labels: np.ndarray, source: str, row_label: str
) -> tuple[pd.DataFrame, np.ndarray, dict[str, int]]:
    """Net return rows against each customer's most recent purchase day (see module doc)."""
    amount = tx["amount"].to_numpy()
    is_return = amount < 0
    pos = np.arange(len(tx))
    day = tx["date"].dt.normalize()
    purchases = pd.DataFrame(
        {"customer_id": tx["customer_id"].to_numpy()[~is_return], "day": day.to_numpy()[~is_return]}
    ).drop_duplicates()
    purchases["match_day"] = purchases["day"]
    returns = pd.DataFrame(
        {
            "customer_id": tx["customer_id"].to_numpy()[is_return],
            "day": day.to_numpy()[is_return],
            "pos": pos[is_return],
        }
    )
    matched = pd.merge_asof(
        returns.sort_values("day", kind="stable"),
        purchases.sort_values("day", kind="stable"),
        on="day",
        by="customer_id",
        direction="backward",
    ).sort_values("pos", kind="stable")
    unmatched_pos = matched["pos"].to_numpy()[matched["match_day"].isna().to_numpy()]
    counts: dict[str, int] = {}
    n_returns = int(is_return.sum())

    # rows of the purchase days that received a return, and the returns themselves
    hit = matched[matched["match_day"].notna()]
    keys = pd.MultiIndex.from_arrays([hit["customer_id"], hit["match_day"]]).unique()
    row_keys = pd.MultiIndex.from_arrays([tx["customer_id"].to_numpy(), day.to_numpy()])
    in_hit_day = row_keys.isin(keys) & ~is_return
    group_day = day.to_numpy().copy()
    group_day[hit["pos"].to_numpy()] = hit["match_day"].to_numpy()
    involved = in_hit_day.copy()
    involved[hit["pos"].to_numpy()] = True

    part = tx[involved].copy()
    part["_day"] = group_day[involved]
    part["_first"] = np.flatnonzero(involved)
    part["_is_return"] = is_return[involved]
    agg: dict[str, Any] = {"amount": "sum", "_first": "min"}
    for column in ("cost", "quantity"):
        if column in part:
            agg[column] = "sum"
    netted = part.groupby(["customer_id", "_day"], sort=False).agg(agg)
    # other columns (date, order_id, category, channel) from the day's first purchase row
    first_purchase = part[~part["_is_return"]].groupby(["customer_id", "_day"], sort=False)[
        "_first"
    ].min()
    netted["_first"] = first_purchase.reindex(netted.index).to_numpy()
    base = tx.iloc[netted["_first"].to_numpy()].copy()
    base["amount"] = netted["amount"].to_numpy()
    for column in ("cost", "quantity"):
        if column in netted:
            base[column] = netted[column].to_numpy()
    non_positive = base["amount"].to_numpy() <= 0
    base_labels = labels[netted["_first"].to_numpy()]

    warn_data(
        f"{source}: allow_returns=True: {plural(n_returns, 'return row')} (negative amounts) "
        f"netted against the customer's most recent purchase day on or before the return: "
        f"{_rows_text(labels, is_return, tx['amount'], row_label)}; "
        f"{plural(len(base), 'purchase day')} collapsed to one row holding the net amount."
    )
    if non_positive.any():
        n = int(non_positive.sum())
        counts["purchase_days_netted_to_zero_or_less"] = n
        warn_data(
            f"{source}: allow_returns=True: {plural(n, 'purchase day')} removed because "
            f"returns brought its net amount to 0 or less: "
            f"{_rows_text(base_labels, non_positive, base['amount'], row_label)}."
        )
    if len(unmatched_pos):
        n = len(unmatched_pos)
        counts["returns_without_earlier_purchase"] = n
        mask = np.zeros(len(tx), dtype=bool)
        mask[unmatched_pos] = True
        warn_data(
            f"{source}: allow_returns=True: {plural(n, 'return row')} removed because the "
            f"customer has no purchase on or before the return date: "
            f"{_rows_text(labels, mask, tx['amount'], row_label)}."
        )
    counts["rows_merged_by_netting"] = int(involved.sum()) - len(base)
    rest = ~involved & ~is_return
    kept_base = ~non_positive
    combined = pd.concat([tx[rest], base[kept_base]])
    combined_labels = np.concatenate([labels[rest], base_labels[kept_base]])
    original_pos = np.concatenate([np.flatnonzero(rest), netted["_first"].to_numpy()[kept_base]])
    order = np.argsort(original_pos, kind="stable")
    return combined.iloc[order], combined_labels[order], counts
