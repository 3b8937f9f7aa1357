"""A real PostgreSQL server, started by the tests (``pgserver``): round trip, queries, errors.

The server runs once per test session in a temporary folder and stops at the end; the tests are
skipped, with the reason, only when it cannot start (``pgserver`` not installed, or the server
fails to start on this machine).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from test_crm_roundtrip import assert_same_database

from clvmodels import CRMDatabase, load_crm
from clvmodels.datasets import make_crm_data
from clvmodels.exceptions import DataValidationError, OutputError


@pytest.fixture(scope="module")
def synthetic() -> CRMDatabase:
    return make_crm_data(300, random_state=11)


def _with_schema(url: str, schema: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    return schema


def test_postgres_round_trip(postgres_url: str, synthetic: CRMDatabase) -> None:
    schema = _with_schema(postgres_url, "roundtrip")
    synthetic.to_sql(postgres_url, schema=schema)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = load_crm(postgres_url, schema=schema)
    assert_same_database(load_crm(synthetic), got)
    assert got.source.startswith("postgresql+psycopg://")
    with pytest.raises(OutputError, match="already has the table"):
        synthetic.to_sql(postgres_url, schema=schema)


def test_postgres_queries_per_table(postgres_url: str, synthetic: CRMDatabase) -> None:
    schema = _with_schema(postgres_url, "queries")
    synthetic.to_sql(postgres_url, schema=schema)
    got = load_crm(postgres_url, schema=schema, queries={
        "transactions": f"SELECT customer_id AS cust, date AS day, amount AS revenue "
                        f"FROM {schema}.transactions WHERE amount >= 20",
        "customers": f"SELECT customer_id, region FROM {schema}.customers",
    }, columns={"transactions": {"cust": "customer_id", "day": "date", "revenue": "amount"}},
        tables=["transactions", "customers"])
    tx = synthetic.transactions
    assert len(got.transactions) == int((tx["amount"] >= 20).sum())
    assert list(got.customers.columns) == ["customer_id", "region"]
    assert got.contacts is None and got.surveys is None
    assert got.transactions.attrs["columns"]["amount"] == "revenue"


def test_postgres_errors_are_one_line_without_the_password(postgres_url: str) -> None:
    import sqlalchemy as sa

    url = sa.engine.make_url(postgres_url)
    with pytest.raises(DataValidationError, match=r"no table 'no_such_table' \(the "
                       r"'transactions' table, named by tables\)") as info:
        load_crm(postgres_url, schema="public", tables={"transactions": "no_such_table"})
    assert "\n" not in str(info.value)
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE ROLE tester LOGIN PASSWORD 's3cret-pw'"))
    engine.dispose()
    wrong = url.set(username="tester", password="wrong-pw-123")
    with pytest.raises(DataValidationError) as info:
        load_crm(wrong.render_as_string(hide_password=False), schema="public")
    text = str(info.value)
    assert "wrong-pw-123" not in text and "\n" not in text
    assert "cannot connect" in text or "no 'transactions' table" in text
    bad_query = {"transactions": "SELEC nothing"}
    with pytest.raises(DataValidationError, match=r"query for|reading the 'transactions' table "
                       r"failed \(.*syntax error") as info:
        load_crm(postgres_url, queries=bad_query)
    assert "\n" not in str(info.value)


def test_postgres_cdnow_like_log_with_text_dates(postgres_url: str, tmp_path: Path) -> None:
    """Dates stored as text and money as NUMERIC are typed like everywhere else."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA IF NOT EXISTS texty"))
        conn.execute(sa.text("CREATE TABLE texty.transactions (customer_id text, date text, "
                             "amount numeric(10, 2))"))
        conn.execute(sa.text("INSERT INTO texty.transactions VALUES ('0007', '20240105', 9.50),"
                             " ('0007', '20240201', 3.00), ('0012', '20240110', 12.25)"))
    engine.dispose()
    db = load_crm(postgres_url, schema="texty")
    assert db.transactions["customer_id"].tolist() == [7, 7, 12]
    assert db.transactions["amount"].tolist() == [9.5, 3.0, 12.25]
    assert db.transactions["date"].iloc[1] == pd.Timestamp("2024-02-01")
