"""Sentences about a CRM database for report pages, from the bilingual label table.

:func:`data_summary` names the data once (index page); :func:`missing_table_note` and
:func:`missing_columns_note` say in one line which table or columns would enable a framework
or section that the data cannot run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..exceptions import ParameterError
from ..labels import check_lang, label
from .spec import TABLES

__all__ = ["data_summary", "missing_columns_note", "missing_table_note", "table_name"]


def _check_table(table: str) -> str:
    if table not in TABLES:
        raise ParameterError(f"table={table!r} is not a CRM table; use one of {', '.join(TABLES)}.")
    return table


def table_name(table: str, lang: str = "en") -> str:
    """The table's name for readers: ``"campaign contacts"`` / ``"营销接触与响应"``."""
    return label(f"crm_table_{_check_table(table)}", check_lang(lang))


def missing_table_note(table: str, lang: str = "en") -> str:
    """One line: which table, with which columns, would enable what.

    Examples
    --------
    >>> missing_table_note("contacts")
    "Add a 'contacts' table (campaign contacts: customer_id, campaign_id, date, responded) to the data to enable the value x response matrix."
    """
    _check_table(table)
    return label("crm_missing_table", check_lang(lang)).format(
        table=table, name=table_name(table, lang), columns=", ".join(TABLES[table].required),
        enables=label(f"crm_enables_{table}", lang),
    )


def missing_columns_note(table: str, columns: Sequence[str], what: str, lang: str = "en") -> str:
    """One line: ``what`` needs ``columns`` of ``table``, which the data lacks."""
    _check_table(table)
    return label("crm_missing_columns", check_lang(lang)).format(
        what=what, columns=", ".join(f"'{c}'" for c in columns), table=table,
        name=table_name(table, lang),
    )


def data_summary(db: Any, lang: str = "en") -> str:
    """One sentence naming the data: name, tables, customers, transactions, dates, currency.

    Customers are those of the ``customers`` table and of the transactions (a customer who
    never bought counts once too).
    """
    check_lang(lang)
    tx = db.transactions
    ids = [tx["customer_id"]]
    if db.customers is not None:
        ids.append(db.customers["customer_id"])
    n_customers = pd.concat(ids, ignore_index=True).nunique()
    sep = label("crm_list_separator", lang)
    return label("crm_data_summary", lang).format(
        name=db.name, tables=sep.join(table_name(t, lang) for t in db.tables()),
        n_customers=f"{n_customers:,}", n_transactions=f"{len(tx):,}",
        start=tx["date"].min().date(), end=tx["date"].max().date(), currency=db.currency,
    )
