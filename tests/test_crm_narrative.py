"""Sentences about a CRM database (index page, missing tables), in English and Chinese."""

from __future__ import annotations

import pandas as pd
import pytest

from clvmodels import ParameterError, load_crm
from clvmodels.crm import TABLES
from clvmodels.crm.narrative import (
    data_summary,
    missing_columns_note,
    missing_table_note,
    table_name,
)
from clvmodels.labels import TABLE


def test_every_table_has_a_name_and_a_note_in_both_languages() -> None:
    for table, spec in TABLES.items():
        assert table_name(table, "zh") == spec.zh
        en, zh = missing_table_note(table, "en"), missing_table_note(table, "zh")
        assert f"'{table}'" in en and ", ".join(spec.required) in en
        assert f"“{table}”" in zh and spec.zh in zh
        assert TABLE[f"crm_enables_{table}"]["en"] == spec.enables
    assert missing_table_note("contacts") == (
        "Add a 'contacts' table (campaign contacts: customer_id, campaign_id, date, responded) "
        "to the data to enable the value x response matrix."
    )
    assert missing_columns_note("transactions", ["category"], "Cross-selling") == (
        "Cross-selling needs the column(s) 'category' in the 'transactions' table "
        "(transactions); the data does not have them."
    )
    with pytest.raises(ParameterError, match="not a CRM table"):
        missing_table_note("orders")


def test_data_summary_counts_customers_of_every_table() -> None:
    tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [5.0, 6.0, 7.5],
                       "date": pd.to_datetime(["2024-01-02", "2024-02-01", "2024-03-05"])})
    customers = pd.DataFrame({"customer_id": [1, 2, 3]})  # 3 never bought: still a customer
    db = load_crm({"transactions": tx, "customers": customers}, name="shop", currency="EUR")
    assert data_summary(db) == (
        "Data: shop (transactions, customers); 3 customers, 3 transactions from 2024-01-02 to "
        "2024-03-05; money in EUR."
    )
    assert data_summary(db, "zh") == (
        "数据：shop（交易记录、客户基本资料）；3 位客户，3 笔交易，2024-01-02 至 2024-03-05；"
        "金额单位：EUR。"
    )
