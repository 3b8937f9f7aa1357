"""Column resolution: canonical names, their synonyms and a caller's ``columns`` mapping."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..exceptions import ParameterError
from ._messages import Problem, raise_problems

__all__ = [
    "ALL_COLUMNS",
    "CANONICAL_COLUMNS",
    "NUMERIC_COLUMNS",
    "OPTIONAL_COLUMNS",
    "SYNONYMS",
    "resolve_columns",
]

#: Required columns of canonical transactions.
CANONICAL_COLUMNS: tuple[str, ...] = ("customer_id", "date", "amount")
#: Optional columns of canonical transactions, kept when the source has them.
OPTIONAL_COLUMNS: tuple[str, ...] = ("order_id", "cost", "quantity", "category", "channel")
#: Columns converted to float64 (``amount`` required, the others optional).
NUMERIC_COLUMNS: tuple[str, ...] = ("amount", "cost", "quantity")
#: Every canonical column, required first, in output order.
ALL_COLUMNS: tuple[str, ...] = CANONICAL_COLUMNS + OPTIONAL_COLUMNS

#: Source column names recognized for each canonical column when no mapping is given, compared
#: after lower-casing and turning spaces, dashes and dots into underscores. Earlier names win.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer_id", "customerid", "customer", "cust_id", "custid", "cust", "client_id",
        "clientid", "client", "user_id", "userid", "member_id", "buyer_id", "account_id",
        "customer_number", "customer_no", "id",
    ),
    "date": (
        "date", "order_date", "transaction_date", "purchase_date", "invoice_date", "txn_date",
        "trans_date", "sale_date", "orderdate", "invoicedate", "datetime", "timestamp",
        "order_datetime", "created_at", "day",
    ),
    "amount": (
        "amount", "sales", "revenue", "value", "dollar_value", "total", "order_value", "spend",
        "total_amount", "net_amount", "sales_amount", "order_amount", "monetary_value",
    ),
    "order_id": (
        "order_id", "orderid", "order", "order_number", "order_no", "invoice", "invoice_id",
        "invoice_no", "invoiceno", "transaction_id", "txn_id",
    ),
    "cost": ("cost", "total_cost", "cogs", "cost_of_goods"),
    "quantity": ("quantity", "qty", "units", "n_items", "items", "number_of_items"),
    "category": ("category", "product_category", "product_type", "department"),
    "channel": ("channel", "sales_channel"),
}

#: Command-line flag for each canonical column (used in fixes).
_CLI_FLAGS = {
    "customer_id": "--customer-col",
    "date": "--date-col",
    "amount": "--amount-col",
    "order_id": "--order-col",
    "cost": "--cost-col",
    "quantity": "--quantity-col",
    "category": "--category-col",
    "channel": "--channel-col",
}


def _norm(name: Any) -> str:
    return re.sub(r"[\s\-\.]+", "_", str(name).strip().lower())


def resolve_columns(
    available: Iterable[Any],
    columns: Mapping[str, Any] | None = None,
    *,
    source: str = "DataFrame",
    hint: str = "",
    row_label: str = "index",
) -> dict[str, Any]:
    """Map canonical column names to the source's column names.

    Parameters
    ----------
    available : iterable
        The source's column names.
    columns : mapping, optional
        ``{canonical name: source name}`` for the columns that do not follow the canonical or a
        recognized name (:data:`SYNONYMS`); the others are detected case-insensitively.
    source : str
        File name or "DataFrame", for messages.
    hint : str
        Extra advice appended to the fix when a required column is missing.
    row_label : str
        "line" for a text file with a header (missing columns are then placed on line 1).

    Returns
    -------
    dict
        ``{canonical name: source name}`` for every required column and every optional column
        found.

    Raises
    ------
    ParameterError
        ``columns`` has a key that is not a canonical name, or maps two names to one column.
    DataValidationError
        A mapped column is not in the source, or a required column cannot be found; the message
        suggests the closest name (difflib) and the fix.
    """
    available = list(available)
    by_norm: dict[str, Any] = {}
    for name in available:
        by_norm.setdefault(_norm(name), name)
    given = dict(columns or {})
    _check_mapping_keys(given, available)

    problems: list[Problem] = []
    mapping: dict[str, Any] = {}
    for canon, src in given.items():
        if src is None:
            continue
        if src in available:
            mapping[canon] = src
            continue
        found = by_norm.get(_norm(src))
        if found is not None:  # same name up to case/spacing
            mapping[canon] = found
            continue
        close = _closest(str(src), available)
        did_you_mean = f"did you mean {close!r}? " if close is not None else ""
        problems.append(
            Problem(
                column=canon,
                what=f"mapped to {str(src)!r}, which is not a column of the source "
                f"(it has {_list_names(available)})",
                fix=f"{did_you_mean}pass columns={{{canon!r}: "
                f"{(close if close is not None else 'the right name')!r}}}",
                brief=f"mapped to {str(src)!r}, which is not in the source",
            )
        )
    used = {mapping[c] for c in mapping}
    for canon in ALL_COLUMNS:
        if canon in mapping or canon in given:
            continue
        for synonym in SYNONYMS[canon]:
            name = by_norm.get(synonym)
            if name is not None and name not in used:
                mapping[canon] = name
                used.add(name)
                break
    where = "in the header (line 1)" if row_label == "line" else "among the columns"
    for canon in CANONICAL_COLUMNS:
        if canon in mapping or canon in given:
            continue
        unused = [a for a in available if a not in used]
        close = _closest_synonym(canon, unused)
        flag = _CLI_FLAGS[canon]
        if close is not None:
            fix = (
                f"did you mean {close!r}? pass columns={{{canon!r}: {close!r}}} "
                f"(command line: {flag} {close})"
            )
        else:
            fix = (
                f"pass columns={{{canon!r}: 'your column'}} (command line: {flag} NAME)"
            )
        if hint:
            fix += f"; {hint}"
        problems.append(
            Problem(
                column=canon,
                what=f"not found {where}; looked for "
                f"{', '.join(repr(s) for s in SYNONYMS[canon][:4])} and other usual names; "
                f"the source has {_list_names(available)}",
                fix=fix,
                brief="not found" + (f" (closest: {close!r})" if close is not None else ""),
            )
        )
    raise_problems(problems, source)
    return mapping


def _check_mapping_keys(given: dict[str, Any], available: list[Any]) -> None:
    bad = [k for k in given if k not in ALL_COLUMNS]
    if bad:
        key = bad[0]
        if all(v in ALL_COLUMNS for v in given.values()):
            fix = (
                "columns maps canonical names to the source's names, e.g. "
                "columns={'customer_id': 'cust', 'date': 'order_date', 'amount': 'sales'}"
            )
        else:
            close = difflib.get_close_matches(str(key), ALL_COLUMNS, n=1, cutoff=0.5)
            fix = f"did you mean {close[0]!r}?" if close else ""
            fix += f" the keys must be among {', '.join(ALL_COLUMNS)}"
        raise ParameterError(f"columns has the key {key!r}, which is not a canonical name; {fix}.")
    targets = [v for v in given.values() if v is not None]
    dup = next((v for v in targets if targets.count(v) > 1), None)
    if dup is not None:
        names = [k for k, v in given.items() if v == dup]
        raise ParameterError(
            f"columns maps {', '.join(map(repr, names))} to the same source column {dup!r}; "
            f"map each canonical name to its own column."
        )


def _list_names(names: Sequence[Any], limit: int = 8) -> str:
    shown = ", ".join(repr(str(n)) for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown or "no columns"


def _closest(name: str, candidates: Sequence[Any]) -> Any | None:
    norm = {_norm(c): c for c in candidates}
    match = difflib.get_close_matches(_norm(name), list(norm), n=1, cutoff=0.6)
    return norm[match[0]] if match else None


def _closest_synonym(canon: str, candidates: Sequence[Any]) -> Any | None:
    """The candidate closest to any synonym of ``canon`` (difflib ratio >= 0.6)."""
    best, best_score = None, 0.0
    for cand in candidates:
        n = _norm(cand)
        for synonym in SYNONYMS[canon]:
            score = difflib.SequenceMatcher(None, n, synonym).ratio()
            if score > best_score:
                best, best_score = cand, score
    return best if best_score >= 0.6 else None
