"""The ``date`` check: datetimes, YYYYMMDD integers, ISO 8601 strings, time zones, range."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ._cells import missing_mask, source_name
from ._messages import MAX_EXAMPLES, Problem, plain, plural, problem_at

__all__ = ["convert_date", "date_fix", "to_timestamp"]

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
        rows=tuple(plain(x) for x in labels[first][:MAX_EXAMPLES]),
        values=tuple(values[first].tolist()[:MAX_EXAMPLES]),
        n_rows=int(first.sum()),
        source_column=src,
    )


def convert_date(
    s: pd.Series,
    labels: np.ndarray,
    source_column: Any,
    date_format: str | None,
    utc: bool,
) -> tuple[pd.Series, list[Problem]]:
    """Dates as naive datetime64[ns] (UTC when zoned), and the problems found."""
    missing, s = missing_mask(s)
    src = source_name(source_column, "date")
    problems: list[Problem] = []
    p = problem_at(
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
            problem_at(
                bad, labels, s, column="date", what=what, fix=fix, source_column=src
            )
        )
    return parsed, problems


def to_timestamp(value: Any, name: str) -> pd.Timestamp | None:
    """``observation_end`` as a naive Timestamp (UTC when zoned; the time of day is kept)."""
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
