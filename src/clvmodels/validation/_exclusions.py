"""Rows excluded (or kept) on purpose, each kind counted in one warning.

Each step looks at the rows still kept (``keep``), warns once with the count and the first rows,
and, when its policy excludes them, clears them from ``keep`` and records the count in
``excluded`` (both updated in place).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..labels import LANGS, say
from ._messages import MAX_EXAMPLES, count, rows_text, warn_data

__all__ = ["exclude_after_observation_end", "flag_duplicates", "flag_zero_amounts"]


def exclude_after_observation_end(
    tx: pd.DataFrame,
    labels: np.ndarray,
    keep: np.ndarray,
    excluded: dict[str, int],
    obs_end: pd.Timestamp | None,
    *,
    source: str,
    row_label: str,
) -> None:
    """Exclude rows dated after ``obs_end`` (after its whole day when it is a date)."""
    if obs_end is None:
        return
    whole_day = obs_end == obs_end.normalize()
    limit = obs_end + pd.Timedelta(days=1) if whole_day else obs_end
    dates = tx["date"].to_numpy()
    after = dates >= limit.to_datetime64() if whole_day else dates > limit.to_datetime64()
    if after.any():
        n = int(after.sum())
        excluded["after_observation_end"] = n
        end = obs_end.date() if whole_day else obs_end
        latest = pd.Timestamp(dates[after].max()).date()
        warn_data(lambda lang: say(
            "dw_after_observation_end", lang, source=source, rows=count(n, "rows", lang),
            end=end, where=rows_text(labels, after, tx["date"], row_label, lang), latest=latest,
        ))
        keep &= ~after


def flag_duplicates(
    tx: pd.DataFrame,
    labels: np.ndarray,
    keep: np.ndarray,
    excluded: dict[str, int],
    *,
    drop: bool,
    source: str,
    row_label: str,
) -> None:
    """Count exact duplicate rows (every column equal); drop all but the first when ``drop``."""
    dup = _exact_duplicates(tx, keep)
    if not dup.any():
        return
    n = int(dup.sum())
    values = tx.loc[dup, ["customer_id", "date", "amount"]].iloc[:MAX_EXAMPLES]
    shown = pd.Series([tuple(r) for r in values.itertuples(index=False)])
    shown_rows = labels[dup]
    if drop:
        excluded["duplicates"] = n
        keep &= ~dup
    action = "dw_duplicates_dropped" if drop else "dw_duplicates_kept"
    warn_data(lambda lang: say(
        f"dw_duplicates_{'one' if n == 1 else 'other'}", lang, source=source,
        rows=count(n, "rows", lang),
        where=rows_text(shown_rows, np.ones(n, dtype=bool), shown, row_label, lang),
        action=say(action, lang),
    ))


def flag_zero_amounts(
    tx: pd.DataFrame,
    labels: np.ndarray,
    keep: np.ndarray,
    excluded: dict[str, int],
    *,
    drop: bool,
    source: str,
    row_label: str,
) -> None:
    """Count zero-amount rows (kept as purchases); exclude them when ``drop``."""
    amount = tx["amount"].to_numpy()
    zero = (amount == 0) & keep
    if not zero.any():
        return
    n = int(zero.sum())
    where = {lang: rows_text(labels, zero, tx["amount"], row_label, lang) for lang in LANGS}
    if drop:
        excluded["zero_amount"] = n
        keep &= ~zero
    action = "dw_zero_amounts_excluded" if drop else "dw_zero_amounts_kept"
    warn_data(lambda lang: say(
        "dw_zero_amounts", lang, source=source, rows=count(n, "rows", lang), where=where[lang],
        action=say(action, lang),
    ))


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
