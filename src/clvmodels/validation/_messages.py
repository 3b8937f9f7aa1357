"""Problem messages and data warnings: the one-line format every clvmodels engine uses.

A :class:`Problem` says what is wrong, where (column, first rows and their values, how many rows
in all) and how to fix it; :func:`raise_problems` turns a list of them into one
:class:`~clvmodels.exceptions.DataValidationError`. :func:`warn_data` emits a counted
:class:`~clvmodels.exceptions.DataWarning` that points at the user's calling line.
"""

from __future__ import annotations

import datetime
import os
import sys
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, DataWarning
from ..labels import LANGS, TABLE, say

__all__ = [
    "MAX_EXAMPLES",
    "Problem",
    "count",
    "data_warning",
    "format_problem",
    "plain",
    "plural",
    "problem_at",
    "raise_problems",
    "row_at",
    "rows_text",
    "show_value",
    "shown_value",
    "warn_data",
]

#: Number of offending rows shown (with their values) in a message.
MAX_EXAMPLES = 3
_MAX_VALUE_CHARS = 40

# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------


def show_value(value: Any) -> str:
    """A short, single-line repr of a cell value."""
    if isinstance(value, tuple):
        return "(" + ", ".join(show_value(v) for v in value) + ")"
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


def shown_value(value: Any, lang: str = "en") -> str:
    """:func:`show_value` for a warning in ``lang``: in Chinese the value in backticks (it stays
    as written) and an empty cell as 空值."""
    text = show_value(value)
    if lang == "en":
        return text
    if text == "empty" and not isinstance(value, str | bytes | tuple):
        return say("dw_empty_value", lang)
    return f"`{text}`"


def count(n: int, noun: str, lang: str = "en") -> str:
    """``count(3, "rows")`` is ``"3 rows"`` / ``"3 行"``: the label ``dw_{noun}_one`` or
    ``dw_{noun}_other`` (see :mod:`clvmodels.labels.validation`) filled with ``n``."""
    return say(f"dw_{noun}_{'one' if n == 1 else 'other'}", lang, n=n)


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
                loc += f" ({show_value(vals[i])})"
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


def problem_at(
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
        rows=tuple(plain(x) for x in labels[pos]),
        values=vals,
        n_rows=n,
        source_column=source_column,
    )


def plain(label: Any) -> Any:
    """A row label as a plain Python value (numpy scalars unwrapped)."""
    if isinstance(label, np.generic):
        return label.item()
    return label


# --------------------------------------------------------------------------------------------
# warnings
# --------------------------------------------------------------------------------------------

#: The clvmodels package directory (this module lives in clvmodels/validation/): frames whose
#: file lies under it are skipped when a warning looks for the user's calling line.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


def data_warning(
    message: str | Callable[[str], str], category: type[DataWarning] = DataWarning
) -> DataWarning:
    """A one-line :class:`DataWarning` (or ``category``) in every language.

    ``message`` is a function of the language (``"en"``, ``"zh"``) that returns the text in it,
    built with :func:`clvmodels.labels.say`; the warning's message is the English text and its
    ``texts`` hold all of them. A plain string gives an English-only warning.
    """
    if isinstance(message, str):
        return category(" ".join(message.split()))
    texts = {lang: " ".join(message(lang).split()) for lang in LANGS}
    return category(texts["en"], texts=texts)


def warn_data(message: str | Callable[[str], str] | DataWarning) -> None:
    """Emit ``message`` as one-line :class:`DataWarning` pointing at the user's calling line.

    ``message`` is the English text, a function of the language that builds the text in each
    (see :func:`data_warning`), or a DataWarning already made (re-emitted as it is).
    """
    warning = message if isinstance(message, DataWarning) else data_warning(message)
    warnings.warn(warning, stacklevel=_caller_stacklevel())


def row_at(row_label: str, row: Any, lang: str = "en") -> str:
    """``"line 404"`` / ``"第 404 行"``: a row named by ``row_label`` ("line", "row", "index")."""
    key = f"dw_at_{row_label}"
    return say(key, lang, n=row) if key in TABLE else f"{row_label} {row}"


def rows_text(
    labels: np.ndarray, mask: np.ndarray, values: Any, row_label: str, lang: str = "en"
) -> str:
    """'line 4 ('x'), line 9 ('y') and 3 more rows' for the rows where mask is true."""
    n = int(np.count_nonzero(mask))
    pos = np.flatnonzero(mask)[:MAX_EXAMPLES]
    vals = values.iloc[pos].tolist() if isinstance(values, pd.Series) else [values[p] for p in pos]
    text = say("dw_list_separator", lang).join(
        say("dw_row_value", lang, row=row_at(row_label, plain(labels[p]), lang),
            value=shown_value(v, lang))
        for p, v in zip(pos, vals, strict=True)
    )
    if n > len(pos):
        text += count(n - len(pos), "more_rows", lang)
    return text
