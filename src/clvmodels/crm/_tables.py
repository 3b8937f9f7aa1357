"""The check of one table: every column converted to its kind, then one line for what is wrong.

Transactions go through :func:`clvmodels.validation.validate_transactions` (the checks and
policies of :func:`clvmodels.read_transactions`); the other tables through :func:`check_table`,
which checks the whole table before raising one :class:`~clvmodels.exceptions.DataValidationError`
naming the source, table, column, first rows with their values, and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..validation import (
    CANONICAL_COLUMNS,
    OPTIONAL_COLUMNS,
    Problem,
    plural,
    raise_problems,
    validate_transactions,
)
from ._columns import resolve_columns
from ._convert import convert, convert_numbers, problem
from ._raw import RawTable
from .spec import TABLES

__all__ = ["check_table", "check_transactions", "text_columns"]

_TRANSACTION_COLUMNS = CANONICAL_COLUMNS + OPTIONAL_COLUMNS
_COST_FROM_MARGIN = "cost (amount - margin)"


def text_columns(table: str, rename: Mapping[Any, str], types: Mapping[str, Any]) -> set[str]:
    """Source names of the columns ``types`` makes text or levels (read as written from CSV)."""
    theirs = {ours: src for src, ours in rename.items()}
    return {str(theirs.get(col, col)) for col, kind in types.items()
            if kind == "text" or isinstance(kind, list | tuple)}


def _date_format(date_format: Any, table: str) -> str | None:
    if isinstance(date_format, Mapping):
        return date_format.get(table)
    return date_format


def _no_duplicate_names(frame: pd.DataFrame, label: str) -> None:
    dup = frame.columns[frame.columns.duplicated()]
    if len(dup):
        raise_problems([Problem(
            column=None, what=f"the column name {str(dup[0])!r} occurs more than once",
            fix="rename the duplicates so that each column has its own name",
        )], label)


def check_table(
    raw: RawTable,
    table: str,
    *,
    rename: Mapping[Any, str] | None = None,
    types: Mapping[str, Any] | None = None,
    date_format: Any = None,
) -> pd.DataFrame:
    """Check and type one table other than transactions (see :mod:`clvmodels.crm.spec`).

    Returns
    -------
    DataFrame
        The table with a RangeIndex, columns renamed to ours (in the source's order) and typed;
        ``attrs``: ``source``, ``columns`` (our name -> source column), ``n_rows_read``.
    """
    spec = TABLES[table]
    label = raw.label(table)
    frame = raw.frame
    _no_duplicate_names(frame, label)
    mapping = resolve_columns(frame.columns, spec, rename, source=label)
    types = dict(types or {})
    labels = frame.index.to_numpy()
    fmt = _date_format(date_format, table)
    out: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for ours, src in mapping.items():
        s = frame[src].reset_index(drop=True)
        kind = spec.kind(ours) or types.get(ours)
        shown = None if str(src) == ours else str(src)
        out[ours], found = convert(s, labels, ours, shown, kind,
                                   required=ours in spec.required, date_format=fmt)
        problems += found
    if spec.key and not any(p.column in spec.key for p in problems):
        problems += _duplicate_keys(out, spec.key, labels, mapping)
    raise_problems(problems, label, row_label=raw.row_label)
    df = pd.DataFrame(out) if out else pd.DataFrame(index=pd.RangeIndex(len(frame)))
    df.attrs = {"source": raw.where, "columns": {k: str(v) for k, v in mapping.items()},
                "n_rows_read": len(frame)}
    return df


def _duplicate_keys(out: dict[str, pd.Series], key: tuple[str, ...], labels: np.ndarray,
                    mapping: dict[str, Any]) -> list[Problem]:
    keys = out[key[0]] if len(key) == 1 else pd.DataFrame({k: out[k] for k in key})
    dup = keys.duplicated(keep=False).to_numpy()
    if not dup.any():
        return []
    values = keys if len(key) == 1 else pd.Series(list(zip(*(out[k] for k in key), strict=True)))
    n_ids = int(pd.Series(values[dup]).nunique())
    first = values[dup].iloc[0]
    same = dup & (values == first).to_numpy()
    first = first.item() if isinstance(first, np.generic) else first
    what = (f"duplicated {' + '.join(key)}: {plural(n_ids, 'id')} "
            f"{'appears' if n_ids == 1 else 'appear'} on more than one row "
            f"({int(dup.sum()):,} rows), e.g. {first!r}")
    found = problem(same, labels, values, column=key[0],
                    source_column=None if str(mapping[key[0]]) == key[0] else str(mapping[key[0]]),
                    what=what, fix="keep one row per customer (its current record) and merge or "
                    "remove the others")
    assert found is not None
    return [Problem(column=found.column, what=found.what, fix=found.fix, rows=found.rows,
                    values=found.values, n_rows=found.n_rows,
                    source_column=found.source_column, rows_intro="; rows of that id: ",
                    brief=plural(n_ids, "duplicated id"))]


def check_transactions(
    raw: RawTable,
    *,
    rename: Mapping[Any, str] | None = None,
    date_format: Any = None,
    observation_end: Any = None,
    currency: str = "USD",
    allow_returns: bool = False,
    drop_duplicates: bool = False,
    drop_zero_amounts: bool = False,
    utc: bool = False,
) -> pd.DataFrame:
    """Canonical transactions from a raw table, by :func:`validate_transactions`.

    Columns are found as in the other tables (the user's mapping, then canonical names and their
    synonyms); a ``margin`` column without ``cost`` becomes ``cost = amount - margin``. Other
    columns are left out (listed in ``attrs["ignored_columns"]``).
    """
    spec = TABLES["transactions"]
    label = raw.label("transactions")
    frame = raw.frame
    _no_duplicate_names(frame, label)
    mapping = resolve_columns(frame.columns, spec, rename, source=label)
    columns = {c: mapping[c] for c in _TRANSACTION_COLUMNS if c in mapping}
    from_margin = "margin" in mapping and "cost" not in mapping
    if from_margin:
        src = mapping["margin"]
        margin, problems = convert_numbers(
            frame[src].reset_index(drop=True), frame.index.to_numpy(), "margin",
            None if str(src) == "margin" else str(src))
        raise_problems(problems, label, row_label=raw.row_label)
        amount = pd.to_numeric(frame[mapping["amount"]], errors="coerce").to_numpy(np.float64)
        frame = frame.assign(**{_COST_FROM_MARGIN: amount - margin.to_numpy(np.float64)})
        columns["cost"] = _COST_FROM_MARGIN
    tx = validate_transactions(
        frame, source=label, columns=columns, date_format=_date_format(date_format,
                                                                      "transactions"),
        observation_end=observation_end, allow_returns=allow_returns,
        drop_duplicates=drop_duplicates, drop_zero_amounts=drop_zero_amounts, utc=utc,
        currency=currency, row_label=raw.row_label,
    )
    tx.attrs["source"] = raw.where
    used = set(columns.values()) | ({mapping["margin"]} if from_margin else set())
    ignored = [str(c) for c in raw.frame.columns if c not in used]
    if ignored:
        tx.attrs["ignored_columns"] = ignored
    if from_margin:
        tx.attrs["cost_from"] = "amount - margin"
    return tx
