"""Column converters of the CRM tables: one canonical dtype per kind, and the problems found.

Each converter takes a raw column (default index) and the row labels used in messages, checks
every value (vectorized), and returns the converted column and a list of
:class:`~clvmodels.validation.Problem` (empty when the column is fine). The kinds and their dtypes
are listed in :mod:`clvmodels.crm.spec`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..validation import MAX_EXAMPLES, Problem, amount_fix, date_fix

__all__ = [
    "NULL_TOKENS",
    "as_text",
    "convert",
    "convert_auto",
    "convert_dates",
    "convert_flags",
    "convert_ids",
    "convert_levels",
    "convert_numbers",
    "convert_text",
    "problem",
]

#: Text cells read as missing in id, date, number and flag columns (text columns: blanks only).
NULL_TOKENS = ("", "NULL", "null", "Null", "NA", "N/A", "n/a", "NaN", "nan", "#N/A", "None")
_TRUE = ("true", "t", "yes", "y", "1", "1.0", "是", "真")
_FALSE = ("false", "f", "no", "n", "0", "0.0", "否", "假")
_NS_MIN, _NS_MAX = np.datetime64("1678-01-01"), np.datetime64("2262-01-01")


def problem(
    mask: np.ndarray,
    labels: np.ndarray,
    values: pd.Series,
    *,
    column: str,
    source_column: str | None,
    what: str,
    fix: str,
) -> Problem | None:
    """A Problem for the rows where ``mask`` is true (first rows with their values), or None."""
    n = int(np.count_nonzero(mask))
    if n == 0:
        return None
    pos = np.flatnonzero(mask)[:MAX_EXAMPLES]
    rows = tuple(x.item() if isinstance(x, np.generic) else x for x in labels[pos])
    return Problem(
        column=column, what=what, fix=fix, rows=rows, values=tuple(values.iloc[pos].tolist()),
        n_rows=n, source_column=source_column,
    )


def as_text(s: pd.Series) -> pd.Series:
    """A column as pandas string dtype, missing kept (categoricals without a per-row cast)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        levels = s.cat.categories.astype("str")
        return pd.Series(levels.take(s.cat.codes.to_numpy(), allow_fill=True, fill_value=np.nan),
                         index=s.index, name=s.name).astype("str")
    return s if isinstance(s.dtype, pd.StringDtype) else s.astype("str")


def _is_text(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.StringDtype) or (
        pd.api.types.is_object_dtype(s.dtype)
        and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")
    )


def _missing(s: pd.Series, tokens: Sequence[str] = NULL_TOKENS) -> tuple[np.ndarray, pd.Series]:
    """Missing cells and the column with text stripped (strings as string dtype)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        text_levels = pd.api.types.is_string_dtype(s.dtype.categories.dtype)
        s = as_text(s) if text_levels else s.astype(object)
    if _is_text(s):
        s = s.astype("str").str.strip()
        missing = s.isna().to_numpy() | s.isin(tokens).to_numpy(dtype=bool, na_value=False)
        return missing, s
    if pd.api.types.is_object_dtype(s.dtype):
        text = s.astype("str").str.strip()
        missing = s.isna().to_numpy() | text.isin(tokens).to_numpy(dtype=bool, na_value=False)
        return missing, s
    return s.isna().to_numpy(), s


def _required(problems: list[Problem], missing: np.ndarray, labels: np.ndarray, s: pd.Series,
              column: str, src: str | None, what: str, fix: str) -> None:
    p = problem(missing, labels, s, column=column, source_column=src, what=what, fix=fix)
    if p is not None:
        problems.append(p)


def convert_ids(
    s: pd.Series, labels: np.ndarray, column: str, src: str | None
) -> tuple[pd.Series, list[Problem]]:
    """Customer ids: int64 when every id is an integer (``"00042"`` is 42), else stripped text."""
    missing, s = _missing(s)
    problems: list[Problem] = []
    _required(problems, missing, labels, s, column, src, "missing customer ids",
              "fill in the ids or drop these rows (a row without a customer cannot be linked)")
    if problems:
        return s, problems
    name = s.name
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("str"), problems
    if pd.api.types.is_integer_dtype(s.dtype):
        return s.astype("int64"), problems
    if pd.api.types.is_float_dtype(s.dtype):
        v = s.to_numpy(dtype=np.float64)
        if np.all(np.isfinite(v)) and np.all(v == np.round(v)) and (
            len(v) == 0 or np.abs(v).max() < 2**53
        ):
            return pd.Series(v.astype(np.int64), name=name), problems
        return s.astype("str"), problems
    text = s.astype("str").str.strip()
    if len(text) and bool(text.str.fullmatch(r"[+-]?\d{1,18}").all()):
        return pd.Series(pd.to_numeric(text).to_numpy(dtype=np.int64), name=name), problems
    return text, problems


def _ymd(values: np.ndarray) -> pd.Series:
    """YYYYMMDD numbers (float64, NaN missing) as datetimes; NaT where not a date."""
    with np.errstate(invalid="ignore"):
        v = np.where(np.isfinite(values), values, 0).astype(np.int64)
    ok = np.isfinite(values) & (values == np.round(values)) & (v >= 1678_01_01) & (v < 2262_01_01)
    frame = pd.DataFrame({"year": np.where(ok, v // 10000, 2000),
                          "month": np.where(ok, v // 100 % 100, 1),
                          "day": np.where(ok, v % 100, 1)})
    return pd.to_datetime(frame, errors="coerce").where(ok)


def _naive_ns(parsed: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Datetimes as naive datetime64[ns] (UTC when zoned) and the values out of range."""
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    arr = parsed.to_numpy()
    if arr.dtype == "datetime64[ns]":
        return pd.Series(arr, name=parsed.name), np.zeros(len(arr), dtype=bool)
    out_of_range = ~np.isnat(arr) & ((arr < _NS_MIN) | (arr >= _NS_MAX))
    if out_of_range.any():
        arr = np.where(out_of_range, np.datetime64("NaT"), arr)
    return pd.Series(arr.astype("datetime64[ns]"), name=parsed.name), out_of_range


def convert_dates(
    s: pd.Series,
    labels: np.ndarray,
    column: str,
    src: str | None,
    *,
    required: bool,
    date_format: str | None = None,
) -> tuple[pd.Series, list[Problem]]:
    """Dates: datetimes as they are, YYYYMMDD numbers, ISO 8601 text or ``date_format``."""
    missing, s = _missing(s)
    problems: list[Problem] = []
    if required:
        _required(problems, missing, labels, s, column, src, "missing dates",
                  "fill in the dates or drop these rows")
    dtype = s.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        parsed = s
    elif pd.api.types.is_bool_dtype(dtype):
        parsed = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    elif pd.api.types.is_numeric_dtype(dtype) and date_format is None:
        parsed = _ymd(s.to_numpy(dtype=np.float64, na_value=np.nan))
    else:
        values = s.where(~missing) if missing.any() else s
        if pd.api.types.is_numeric_dtype(dtype):
            values = values.astype("Int64").astype("str")
        fmt = date_format if date_format is not None else (
            "ISO8601" if _is_text(values) else None)
        parsed = pd.to_datetime(values, format=fmt, errors="coerce", utc=True)
    parsed, out_of_range = _naive_ns(parsed)
    bad = np.isnat(parsed.to_numpy()) & ~missing
    if bad.any():
        if pd.api.types.is_numeric_dtype(dtype) and date_format is None:
            what = "numbers that are not YYYYMMDD dates"
            fix = ("write dates as YYYY-MM-DD or YYYYMMDD integers, or pass date_format "
                   "(crm.yaml: date_format)")
        else:
            what = "unparseable dates"
            fix = date_fix(s[bad].iloc[:1].tolist(), date_format).replace(
                "(command line: --date-format)", "(crm.yaml: date_format)")
        if (bad & out_of_range).any():
            fix += "; dates must lie between 1678-01-01 and 2261-12-31"
        problems.append(problem(bad, labels, s, column=column, source_column=src, what=what,
                                fix=fix))
    return parsed.rename(s.name), problems


def convert_numbers(
    s: pd.Series, labels: np.ndarray, column: str, src: str | None, *, required: bool = False
) -> tuple[pd.Series, list[Problem]]:
    """Numbers: int64 when integers with no missing value, else float64; finite."""
    missing, s = _missing(s)
    problems: list[Problem] = []
    if required:
        _required(problems, missing, labels, s, column, src, "missing values",
                  f"fill in {column!r} or drop these rows")
    dtype = s.dtype
    bad = np.zeros(len(s), dtype=bool)
    if pd.api.types.is_bool_dtype(dtype):
        out = pd.Series(np.full(len(s), np.nan), name=s.name)
        bad = ~missing
    elif pd.api.types.is_integer_dtype(dtype):
        out = s.astype("int64") if not missing.any() else s.astype("float64")
    elif pd.api.types.is_float_dtype(dtype):
        out = s.astype("float64")
    else:
        out = pd.to_numeric(s.where(~missing) if missing.any() else s, errors="coerce")
        bad = out.isna().to_numpy() & ~missing
        if not pd.api.types.is_integer_dtype(out.dtype) or missing.any():
            out = out.astype("float64")
        else:
            out = out.astype("int64")
    if bad.any():
        problems.append(problem(bad, labels, s, column=column, source_column=src,
                                what="non-numeric values",
                                fix=amount_fix(s[bad].iloc[:1].tolist(), column)))
    if out.dtype == "float64":
        infinite = np.isinf(out.to_numpy())
        if infinite.any():
            problems.append(problem(infinite, labels, s, column=column, source_column=src,
                                    what="infinite values",
                                    fix=f"correct or remove these rows so that {column!r} holds "
                                    f"finite numbers"))
    return out.rename(s.name), problems


def convert_flags(
    s: pd.Series, labels: np.ndarray, column: str, src: str | None, *, required: bool
) -> tuple[pd.Series, list[Problem]]:
    """Yes/no values as bool (nullable ``boolean`` when an optional flag has missing values)."""
    missing, s = _missing(s)
    problems: list[Problem] = []
    if required:
        _required(problems, missing, labels, s, column, src, "missing values",
                  f"fill in {column!r} (yes/no) or drop these rows")
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype):
        true = s.fillna(False).to_numpy(dtype=bool) if missing.any() else s.to_numpy(dtype=bool)
        bad = np.zeros(len(s), dtype=bool)
    elif pd.api.types.is_numeric_dtype(dtype):
        v = s.to_numpy(dtype=np.float64, na_value=np.nan)
        true = v == 1
        bad = ~((v == 0) | true) & ~missing
    else:
        text = s.astype("str").str.strip().str.lower()
        true = text.isin(_TRUE).to_numpy(dtype=bool, na_value=False)
        false = text.isin(_FALSE).to_numpy(dtype=bool, na_value=False)
        bad = ~(true | false) & ~missing
    if bad.any():
        problems.append(problem(bad, labels, s, column=column, source_column=src,
                                what="values that are not yes/no",
                                fix=f"write {column!r} as true/false, yes/no, 1/0 or 是/否"))
    if missing.any():
        out = pd.Series(pd.array(np.where(missing, None, true), dtype="boolean"), name=s.name)
    else:
        out = pd.Series(true, name=s.name)
    return out, problems


def convert_text(
    s: pd.Series, labels: np.ndarray, column: str, src: str | None, *, required: bool = False
) -> tuple[pd.Series, list[Problem]]:
    """Text as pandas string dtype; blank cells are missing (values are kept as written)."""
    problems: list[Problem] = []
    out = as_text(s)
    blank = out.str.strip() == ""
    missing = out.isna().to_numpy() | blank.to_numpy(dtype=bool, na_value=False)
    if missing.any():
        out = out.where(~missing)
    if required:
        _required(problems, missing, labels, s, column, src, "missing values",
                  f"fill in {column!r} or drop these rows")
    return out.rename(s.name), problems


def convert_levels(
    s: pd.Series, labels: np.ndarray, column: str, src: str | None, levels: Sequence[Any],
    *, required: bool = False,
) -> tuple[pd.Series, list[Problem]]:
    """An ordered scale: values among ``levels`` (as text), in the order given."""
    text, problems = convert_text(s, labels, column, src, required=required)
    levels = [str(v) for v in levels]
    out = pd.Series(pd.Categorical(text, categories=levels, ordered=True), name=s.name)
    bad = out.isna().to_numpy() & text.notna().to_numpy()
    if bad.any():
        shown = ", ".join(repr(v) for v in levels[:8]) + (" ..." if len(levels) > 8 else "")
        problems.append(problem(bad, labels, text, column=column, source_column=src,
                                what=f"values that are not among the levels ({shown})",
                                fix=f"correct these values or add them to the levels of "
                                f"{column!r} in types (crm.yaml: types)"))
    return out, problems


def convert_auto(
    s: pd.Series, labels: np.ndarray, column: str, src: str | None, *, required: bool = False
) -> tuple[pd.Series, list[Problem]]:
    """A column of no stated kind: booleans, integers, floats and datetimes kept, else text."""
    dtype = s.dtype
    problems: list[Problem] = []
    if isinstance(dtype, pd.CategoricalDtype) and dtype.ordered:
        return convert_levels(s, labels, column, src, list(dtype.categories), required=required)
    if isinstance(dtype, pd.CategoricalDtype) or _is_text(s):
        return convert_text(s, labels, column, src, required=required)
    if pd.api.types.is_object_dtype(dtype):
        inferred = pd.api.types.infer_dtype(s, skipna=True)
        if inferred in ("date", "datetime", "datetime64"):
            return convert_dates(s, labels, column, src, required=required)
        if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
            return convert_numbers(s, labels, column, src, required=required)
        if inferred == "boolean":
            return convert_flags(s, labels, column, src, required=required)
        return convert_text(s, labels, column, src, required=required)
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        return convert_dates(s, labels, column, src, required=required)
    if pd.api.types.is_bool_dtype(dtype):
        if s.isna().any():
            return convert_flags(s, labels, column, src, required=required)
        return s.astype(bool), problems
    if pd.api.types.is_numeric_dtype(dtype):
        return convert_numbers(s, labels, column, src, required=required)
    return convert_text(s, labels, column, src, required=required)


def convert(
    s: pd.Series,
    labels: np.ndarray,
    column: str,
    src: str | None,
    kind: Any,
    *,
    required: bool,
    date_format: str | None,
) -> tuple[pd.Series, list[Problem]]:
    """Convert a column to its kind (None: the kind its values have); see :mod:`.spec`."""
    if kind == "id":
        return convert_ids(s, labels, column, src)
    if kind == "date":
        return convert_dates(s, labels, column, src, required=required, date_format=date_format)
    if kind == "number":
        return convert_numbers(s, labels, column, src, required=required)
    if kind == "flag":
        return convert_flags(s, labels, column, src, required=required)
    if kind == "text":
        return convert_text(s, labels, column, src, required=required)
    if isinstance(kind, list | tuple):
        return convert_levels(s, labels, column, src, kind, required=required)
    return convert_auto(s, labels, column, src, required=required)
