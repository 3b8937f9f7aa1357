"""Checks across tables: one id type for the database, and ids that link to no customer.

Ids in ``contacts``, ``surveys`` and ``referrals`` found in neither ``customers`` nor
``transactions`` are kept and counted in one :class:`~clvmodels.exceptions.DataWarning` per
column, listing the first few; so are customers who buy but are missing from ``customers``.
Customers without a transaction are kept silently: they are the lifecycle stage "potential".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..labels import say
from ..validation import count, warn_data
from .spec import TABLES

__all__ = ["check_links", "unify_ids"]


def unify_ids(tables: Mapping[str, pd.DataFrame]) -> None:
    """Give every id column the same type: int64 when all are integers, else text (in place)."""
    columns = [(t, c) for t, df in tables.items() for c in TABLES[t].ids if c in df.columns]
    filled = [(t, c) for t, c in columns if len(tables[t])]  # an empty table has no say
    dtype = "int64" if all(tables[t][c].dtype == "int64" for t, c in filled) else "str"
    for t, c in columns:
        if tables[t][c].dtype != dtype:
            tables[t][c] = tables[t][c].astype(dtype)


def show_value_list(ids: np.ndarray, limit: int = 5, lang: str = "en") -> str:
    """``"7, 12, 'A9' and 3 more"``: the first ids of a list (in Chinese each in backticks)."""
    shown = [repr(i.item() if isinstance(i, np.generic) else i) for i in ids[:limit]]
    if lang != "en":
        shown = [f"`{v}`" for v in shown]
    more = say("dw_and_more_ids", lang, n=len(ids) - limit) if len(ids) > limit else ""
    return say("dw_list_separator", lang).join(shown) + more


def _unique(values: pd.Series) -> np.ndarray:
    return pd.unique(values.to_numpy())


def _warn_unknown_ids(table: str, column: str, n_rows: int, ids: np.ndarray) -> None:
    warn_data(lambda lang: say(
        "dw_unknown_ids", lang, table=table, column=column, rows=count(n_rows, "rows", lang),
        ids=count(len(ids), "ids", lang), shown=show_value_list(ids, lang=lang),
    ))


def check_links(tables: Mapping[str, pd.DataFrame], labels: Mapping[str, str]) -> dict[str, int]:
    """Warn about ids that link to no known customer; return the counts of such rows."""
    known_parts = [_unique(tables[t]["customer_id"]) for t in ("customers", "transactions")
                   if t in tables]
    known = pd.Index(np.concatenate(known_parts)) if known_parts else pd.Index([])
    counts: dict[str, int] = {}
    for table in ("contacts", "surveys", "referrals"):
        if table not in tables:
            continue
        for column in TABLES[table].ids:
            values = tables[table][column]
            unknown = ~values.isin(known).to_numpy()
            if not unknown.any():
                continue
            ids = pd.unique(values.to_numpy()[unknown])
            counts[f"{table}.{column}"] = int(unknown.sum())
            _warn_unknown_ids(labels[table], column, int(unknown.sum()), ids)
    if "customers" in tables:
        listed = pd.Index(_unique(tables["customers"]["customer_id"]))
        buyers = pd.Index(_unique(tables["transactions"]["customer_id"]))
        missing = buyers[~buyers.isin(listed)]
        if len(missing):
            counts["transactions.customer_id"] = len(missing)
            warn_data(lambda lang: say(
                f"dw_missing_customers_{'one' if len(missing) == 1 else 'other'}", lang,
                table=labels["transactions"], customers=count(len(missing), "customers", lang),
                shown=show_value_list(missing.to_numpy(), lang=lang),
            ))
    return counts
