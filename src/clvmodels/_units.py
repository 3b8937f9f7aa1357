"""Time units shared by features, models and economics.

A summary records its ``time_unit`` in ``DataFrame.attrs``; models keep ``time_unit_``. Units are
converted explicitly, never with a silent 30-days-per-month factor.
"""

from __future__ import annotations

from .exceptions import ParameterError

#: Length of one unit in days. "M" is the average Gregorian month, 365.25 / 12 days.
DAYS_PER_UNIT: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12.0}

UNIT_NAMES: dict[str, dict[str, str]] = {
    "D": {"en": "days", "zh": "天"},
    "W": {"en": "weeks", "zh": "周"},
    "M": {"en": "months", "zh": "月"},
}


def check_time_unit(time_unit: str) -> str:
    """Return ``time_unit`` normalized to "D", "W" or "M", or raise ParameterError."""
    if not isinstance(time_unit, str) or time_unit.upper() not in DAYS_PER_UNIT:
        raise ParameterError(
            f"time_unit={time_unit!r} is not supported; use 'D' (days), 'W' (weeks = 7 days) "
            f"or 'M' (months = 365.25/12 days)."
        )
    return time_unit.upper()


def days_per_unit(time_unit: str) -> float:
    """Number of days in one ``time_unit``."""
    return DAYS_PER_UNIT[check_time_unit(time_unit)]


#: Days in a year, the one year every conversion uses (horizons, discount rates).
DAYS_PER_YEAR = 365.25


def periods_per_year(time_unit: str) -> float:
    """Number of ``time_unit`` periods in a year of 365.25 days (52.18 weeks, 12 months)."""
    return DAYS_PER_YEAR / days_per_unit(time_unit)


def unit_name(time_unit: str, lang: str = "en") -> str:
    """Human name of a time unit ("weeks" / "周")."""
    return UNIT_NAMES[check_time_unit(time_unit)]["zh" if lang == "zh" else "en"]
