"""Tables for reading: labelled columns and index in the chosen language, formatted numbers.

:func:`format_table` is what a notebook shows instead of a raw DataFrame: internal column names
(``share_value``, ``n_customers``) become their labels, shares become percentages, counts get
thousands separators and money its currency, so a page never shows ``0.049927`` for 5% or a
snake_case name to a reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import check_lang, label

#: Labels of the rows of ``DataFrame.describe()`` (and of its transpose's columns).
DESCRIBE_KEYS = {
    "count": "stat_count", "mean": "stat_mean", "std": "stat_std", "min": "stat_min",
    "25%": "stat_q25", "50%": "stat_median", "75%": "stat_q75", "max": "stat_max",
    "unique": "stat_unique", "top": "stat_top", "freq": "stat_freq",
}


def _name(value: Any, lang: str, names: Mapping[Any, str]) -> Any:
    if value in names:
        return names[value]
    if isinstance(value, str):
        if value in DESCRIBE_KEYS:
            return label(DESCRIBE_KEYS[value], lang)
        return label(value, lang)
    if isinstance(value, bool | np.bool_):
        return label("yes" if value else "no", lang)
    return value


def _relabel(index: pd.Index, lang: str, names: Mapping[Any, str]) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        tuples = [tuple(_name(v, lang, names) for v in t) for t in index]
        return pd.MultiIndex.from_tuples(
            tuples, names=[_name(n, lang, names) if n is not None else None for n in index.names])
    if index.dtype.kind in "iuf":  # a numeric index (customer ids, cluster numbers) stays
        out = index.copy()
    else:
        out = pd.Index([_name(v, lang, names) for v in index], dtype=object)
    out.name = _name(index.name, lang, names) if index.name is not None else None
    return out


def _formatter(kind: str, digits: int, currency: str) -> Callable[[Any], str]:
    def fmt(v: Any) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
            return "–"
        if kind == "percent":
            return f"{float(v):.{digits}%}"
        if kind == "integer":
            return f"{round(float(v)):,}"
        if kind == "money":
            text = f"{float(v):,.{digits}f}"
            return f"{text} {currency}".strip()
        if isinstance(v, bool | np.bool_):
            return "✓" if v else "–"
        if isinstance(v, int | np.integer):
            return f"{int(v):,}"
        if isinstance(v, float | np.floating):
            return f"{float(v):,.{digits}f}"
        if isinstance(v, pd.Timestamp):
            return f"{v:%Y-%m-%d}"
        return str(v)
    return fmt


def format_table(
    frame: pd.DataFrame | pd.Series,
    lang: str = "en",
    *,
    percent: Iterable[str] = (),
    integer: Iterable[str] = (),
    money: Iterable[str] = (),
    currency: str = "",
    digits: int = 2,
    percent_digits: int = 1,
    names: Mapping[Any, str] | None = None,
    values: bool = False,
) -> pd.DataFrame:
    """A table for display: labelled in ``lang``, numbers formatted for reading.

    Parameters
    ----------
    frame : DataFrame or Series
        The table (a Series becomes a one-column table).
    lang : {"en", "zh"}
        Language of the column, index and describe() labels (:func:`clvmodels.labels.label`;
        a name without a label is shown as it is).
    percent, integer, money : iterable of str
        Columns (by their internal name) shown as percentages (0.05 -> "5.0%"), whole numbers
        with thousands separators, or amounts with ``currency``.
    currency : str
        Currency code shown after ``money`` columns, e.g. "USD".
    digits : int
        Decimals of the other numbers (thousands separated).
    percent_digits : int
        Decimals of percentages.
    names : mapping, optional
        Display names that take precedence over the label table (e.g. a column with its unit).
    values : bool
        Also translate string cell values that are label keys (segment names, signal names).

    Returns
    -------
    DataFrame
        Same rows and columns in the same order, every cell a string.
    """
    check_lang(lang)
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    names = dict(names or {})
    kinds = {c: "percent" for c in percent} | {c: "integer" for c in integer} | {c: "money" for c in money}
    out = pd.DataFrame(index=table.index)
    for i, col in enumerate(table.columns):
        kind = kinds.get(col, "")
        fmt = _formatter(kind, percent_digits if kind == "percent" else digits, currency)
        column = table.iloc[:, i]
        if values and (column.dtype == object or pd.api.types.is_string_dtype(column)):
            column = column.map(lambda v: label(v, lang) if isinstance(v, str) else v)
        out[i] = [fmt(v) for v in column]
    out.columns = _relabel(table.columns, lang, names)
    out.index = _relabel(table.index, lang, names)
    return out


__all__ = ["DESCRIBE_KEYS", "format_table"]
