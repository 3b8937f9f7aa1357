"""Reading a transaction log where it lives: helpers shared by the DuckDB and Spark engines.

Column mapping (``columns=``), file paths, date formats and the one-line messages for problems an
engine finds in the log (the same messages as :func:`clvmodels.read_transactions`). Imports
nothing from the other modules of the package.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..validation import amount_fix, date_fix, format_problem

__all__ = [
    "CANONICAL",
    "PROBLEMS",
    "closest_column",
    "customer_index",
    "missing_column_error",
    "number_or_text",
    "problem_message",
    "resolve_columns",
    "source_paths",
    "strptime_to_java",
]

CANONICAL = ("customer_id", "date", "amount")

#: kind -> (column, what is wrong), in the order the engines check them (as clvmodels.validation).
PROBLEMS: dict[str, tuple[str, str]] = {
    "null_id": ("customer_id", "missing customer ids"),
    "null_date": ("date", "missing dates"),
    "bad_date": ("date", "unparseable dates"),
    "null_amount": ("amount", "missing amounts"),
    "bad_amount": ("amount", "non-numeric values"),
    "inf_amount": ("amount", "infinite values"),
    "negative": ("amount", "negative amounts (returns or refunds)"),
}


def _fix(kind: str, values: Sequence[Any], date_format: str | None) -> str:
    if kind == "null_id":
        return ("fill in the customer ids or drop these rows (a purchase without a customer "
                "cannot be attributed)")
    if kind == "null_date":
        return "fill in the dates or drop these rows"
    if kind == "bad_date":
        if date_format is None and values and all(
            re.fullmatch(r"(19|20)\d{6}", str(v).strip()) for v in values
        ):
            return "the dates look like YYYYMMDD integers: pass date_format='%Y%m%d'"
        return date_fix(list(values), date_format)
    if kind == "null_amount":
        return "fill in 'amount' or drop these rows"
    if kind == "bad_amount":
        return amount_fix(list(values), "amount")
    if kind == "inf_amount":
        return "correct or remove these rows so that 'amount' holds finite numbers"
    return (
        "remove these rows, or net returns against purchases first with "
        "clvmodels.read_transactions(..., allow_returns=True) and summarize that DataFrame"
    )


def problem_message(
    source: str,
    kind: str,
    rows: Sequence[Any],
    n_rows: int,
    *,
    values: Sequence[Any] | None = None,
    row_label: str = "row",
    file_column: str | None = None,
    date_format: str | None = None,
) -> str:
    """The one-line validation message of the pandas path, for a problem found by an engine.

    Parameters
    ----------
    source : str
        File name (or the DataFrame's ``attrs["source"]``).
    kind : str
        A key of :data:`PROBLEMS` (``"null_id"``, ``"bad_date"``, ``"negative"``, ...).
    rows : sequence
        The first offending rows: 1-based line numbers of a text file (header = line 1), 1-based
        row numbers of a Parquet file or Spark DataFrame, or DataFrame index labels.
    n_rows : int
        Number of offending rows in all.
    values : sequence, optional
        The offending values of ``rows``.
    row_label : {"line", "row", "index", "customer"}
        Word shown before each row.
    file_column : str, optional
        The source's name of the column when it differs from the canonical one.
    date_format : str, optional
        The ``date_format`` in use (shapes the fix for unparseable dates).

    Returns
    -------
    str
        E.g. ``"x.csv: column 'amount': non-numeric values in 1 row: line 3 ('abc'); fix: ..."``
        (:func:`clvmodels.validation.format_problem`).
    """
    column, what = PROBLEMS[kind]
    return format_problem(
        source, column, what, rows=list(rows), values=None if values is None else list(values),
        n_rows=n_rows, fix=_fix(kind, values or [], date_format), row_label=row_label,
        source_column=file_column,
    )


def closest_column(name: str, available: Sequence[str]) -> str:
    """A hint naming the available column closest to ``name`` (case-insensitive)."""
    lower = {str(c).lower(): str(c) for c in available}
    match = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.5)
    if match:
        return f"did you mean {lower[match[0]]!r}? pass columns={{'{name}': '{lower[match[0]]}'}}"
    return f"map it with columns={{'{name}': 'your_column'}}"


def missing_column_error(source: str, name: str, file_name: str, available: Sequence[str]) -> str:
    """Message for a canonical column that the source does not have."""
    where = repr(name) if name == file_name else f"{name!r} (mapped to {file_name!r})"
    return (
        f"{source}: column {where} is missing (have {list(available)}); "
        f"{closest_column(file_name, available)}."
    )


def resolve_columns(columns: dict[str, str] | None) -> dict[str, str]:
    """Canonical name -> the source's column name, checking the mapping's keys."""
    mapping = {c: c for c in CANONICAL}
    for key, value in (columns or {}).items():
        if key not in mapping:
            raise ParameterError(
                f"columns={columns!r}: key {key!r} is not a canonical column; the keys are "
                f"{list(CANONICAL)} and the values the source's column names."
            )
        mapping[key] = str(value)
    return mapping


def strptime_to_java(fmt: str) -> str:
    """Translate a strptime format (``"%Y-%m-%d"``) to a Java/Spark datetime pattern."""
    table = {
        "Y": "yyyy", "y": "yy", "m": "MM", "d": "dd", "H": "HH", "M": "mm", "S": "ss",
        "f": "SSSSSS", "b": "MMM", "B": "MMMM", "p": "a", "I": "hh", "j": "DDD",
    }
    out: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            text = "".join(literal).replace("'", "''")
            out.append(text if all(not ch.isalpha() for ch in text) else f"'{text}'")
            literal.clear()

    i = 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            if code == "%":
                literal.append("%")
            elif code in table:
                flush()
                out.append(table[code])
            else:
                raise ParameterError(
                    f"date_format={fmt!r}: directive %{code} is not supported with "
                    f"engine='spark'; use %Y %y %m %d %H %M %S %f %b %B %p %I %j."
                )
            i += 2
        else:
            literal.append(fmt[i])
            i += 1
    flush()
    return "".join(out)


def customer_index(values: Any, integer: bool) -> pd.Index:
    """The ``customer_id`` index in the canonical dtype (int64, else pandas string)."""
    if integer:
        return pd.Index(np.asarray(values, dtype=np.int64), name="customer_id")
    return pd.Index(pd.array(np.asarray(values, dtype=object), dtype="str"), name="customer_id")


def number_or_text(text: Any) -> Any:
    """A value shown in an error message: the number if it parses as one, else the text."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def source_paths(transactions: Any) -> list[str] | None:
    """File paths named by ``transactions`` (a path or a list of paths), else None."""
    if isinstance(transactions, (str, os.PathLike)):
        return [os.fspath(transactions)]
    if (
        isinstance(transactions, Sequence)
        and not isinstance(transactions, (str, bytes))
        and len(transactions) > 0
        and all(isinstance(p, (str, os.PathLike)) for p in transactions)
    ):
        return [os.fspath(p) for p in transactions]
    return None
