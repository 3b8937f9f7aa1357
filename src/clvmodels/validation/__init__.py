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

Layout (one private module per step; import the public names from ``clvmodels.validation``):

- ``_messages``: :class:`Problem`, :func:`format_problem`, :func:`raise_problems`,
  :func:`plural`, :func:`warn_data` (the one-line messages and counted warnings, each
  warning in English and Chinese: :func:`data_warning`, :func:`count`, :func:`row_at`,
  :func:`shown_value` and the ``dw_*`` templates of :mod:`clvmodels.labels.validation`);
- ``_columns``: canonical column names, :data:`SYNONYMS` and :func:`resolve_columns`;
- ``_cells``: missing cells and the source's column name, shared by the column checks;
- ``_ids``, ``_dates``, ``_amounts``: the checks of ``customer_id``, ``date`` (with
  :func:`date_fix`) and the numeric columns (with :func:`amount_fix`);
- ``_exclusions``: rows after ``observation_end``, duplicates, zero amounts;
- ``_returns``: netting of returns (``allow_returns=True``);
- ``_transactions``: :func:`validate_transactions`, which runs the steps in that order.
"""

from __future__ import annotations

from ._amounts import amount_fix
from ._columns import (
    CANONICAL_COLUMNS,
    NUMERIC_COLUMNS,
    OPTIONAL_COLUMNS,
    SYNONYMS,
    resolve_columns,
)
from ._dates import date_fix
from ._messages import (
    MAX_EXAMPLES,
    Problem,
    count,
    data_warning,
    format_problem,
    plural,
    raise_problems,
    row_at,
    shown_value,
    warn_data,
)
from ._transactions import validate_transactions

__all__ = [
    "CANONICAL_COLUMNS",
    "MAX_EXAMPLES",
    "NUMERIC_COLUMNS",
    "OPTIONAL_COLUMNS",
    "SYNONYMS",
    "Problem",
    "amount_fix",
    "count",
    "data_warning",
    "date_fix",
    "format_problem",
    "plural",
    "raise_problems",
    "resolve_columns",
    "row_at",
    "shown_value",
    "validate_transactions",
    "warn_data",
]
