"""The synthetic CRM database round-trips through every writer and reader with identical tables.

In memory -> folder (Parquet, CSV) -> DuckDB -> SQLite (PostgreSQL: ``test_crm_postgres.py``).
The reference is ``load_crm(db)``: the in-memory database in canonical typing (categories as
text, ordered scales as ordered categoricals), which every reader must reproduce exactly.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from clvmodels import CRMDatabase, load_crm
from clvmodels.crm import TABLES
from clvmodels.datasets import make_crm_data
from clvmodels.exceptions import OutputError, ParameterError


@pytest.fixture(scope="module")
def synthetic() -> CRMDatabase:
    return make_crm_data(400, random_state=7)


@pytest.fixture(scope="module")
def canonical(synthetic: CRMDatabase) -> CRMDatabase:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the synthetic database reads without any warning
        return load_crm(synthetic)


def assert_same_database(expected: CRMDatabase, got: CRMDatabase) -> None:
    """Same tables (columns, dtypes, values, order), name, currency and ends."""
    assert list(got.tables()) == list(expected.tables())
    for name, table in expected.tables().items():
        pd.testing.assert_frame_equal(got.tables()[name], table, check_exact=True,
                                      obj=f"table {name!r}")
    assert (got.name, got.currency) == (expected.name, expected.currency)
    assert (got.observation_end, got.calibration_end) == (
        expected.observation_end, expected.calibration_end)


def test_canonical_typing_of_the_synthetic_database(
    synthetic: CRMDatabase, canonical: CRMDatabase
) -> None:
    assert set(canonical.tables()) == set(synthetic.tables())
    assert canonical.truth is synthetic.truth  # kept in memory, never written
    tx = canonical.transactions
    assert list(tx.columns[:3]) == ["customer_id", "date", "amount"]
    assert tx["customer_id"].dtype == "int64" and tx["date"].dtype == "datetime64[ns]"
    assert pd.api.types.is_string_dtype(tx["category"].dtype)
    customers = canonical.customers
    assert customers["region"].dtype == "str"  # categorical -> text
    rating = customers["credit_rating"].dtype
    assert isinstance(rating, pd.CategoricalDtype) and rating.ordered  # ordered scale kept
    assert list(rating.categories) == list(synthetic.customers["credit_rating"].cat.categories)
    assert customers["referrals"].dtype == "int64"  # integers stay integers
    assert customers["payment_delay_days"].dtype == "float64"
    assert canonical.contacts["responded"].dtype == "bool"
    # same values as the generator's tables
    for name, table in synthetic.tables().items():
        got = canonical.tables()[name]
        assert len(got) == len(table)
        for column in table.columns:
            a = table[column].astype("object") if table[column].dtype == "category" \
                else table[column]
            pd.testing.assert_series_equal(got[column].astype(a.dtype), a, check_names=False,
                                           obj=f"{name}.{column}")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_folder_round_trip(canonical: CRMDatabase, synthetic: CRMDatabase, tmp_path: Path,
                           fmt: str) -> None:
    folder = synthetic.to_folder(tmp_path / "shop", format=fmt)
    assert (folder / "crm.yaml").is_file()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["crm.yaml", *(f"{t}.{fmt}" for t in synthetic.tables())])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = load_crm(folder)
    assert_same_database(canonical, got)
    assert got.source == str(folder)
    assert got.transactions.attrs["source"] == f"transactions.{fmt}"


def test_duckdb_round_trip(canonical: CRMDatabase, synthetic: CRMDatabase,
                           tmp_path: Path) -> None:
    path = synthetic.to_duckdb(tmp_path / "crm.duckdb")
    got = load_crm(path)
    assert_same_database(canonical, got)
    assert_same_database(canonical, load_crm(f"duckdb:///{path}"))


def test_sqlite_round_trip(canonical: CRMDatabase, synthetic: CRMDatabase,
                           tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    assert synthetic.to_sql(url) == url
    assert_same_database(canonical, load_crm(url))
    assert_same_database(canonical, load_crm(tmp_path / "crm.db"))  # recognized as SQLite


def test_round_trip_of_a_round_trip(canonical: CRMDatabase, tmp_path: Path) -> None:
    """A database read from one place and written elsewhere reads back the same."""
    assert "observation_end" in canonical.transactions.attrs  # a Timestamp: not written
    canonical.to_folder(tmp_path / "parquet", format="parquet")
    assert_same_database(canonical, load_crm(tmp_path / "parquet"))
    canonical.to_folder(tmp_path / "csv", format="csv")
    again = load_crm(tmp_path / "csv")
    again.to_duckdb(tmp_path / "x.duckdb")
    again.to_sql(f"sqlite:///{tmp_path / 'x.db'}")
    assert_same_database(canonical, load_crm(tmp_path / "x.duckdb"))
    assert_same_database(canonical, load_crm(f"sqlite:///{tmp_path / 'x.db'}"))


def test_transactions_only_database_round_trips(tmp_path: Path) -> None:
    tx = pd.DataFrame({"customer_id": ["a", "b", "a"],
                       "date": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-01"]),
                       "amount": [1.5, 2.0, 3.25]})
    db = load_crm({"transactions": tx}, currency="EUR", name="tiny")
    assert db.customers is None and db.currency == "EUR"
    assert db.transactions["customer_id"].dtype == "str"
    db.to_folder(tmp_path / "f", format="csv")
    assert_same_database(db, load_crm(tmp_path / "f"))
    db.to_sql(f"sqlite:///{tmp_path / 'x.db'}")
    assert_same_database(db, load_crm(f"sqlite:///{tmp_path / 'x.db'}"))


def test_text_values_that_look_like_numbers_or_missing_survive_csv(tmp_path: Path) -> None:
    tx = pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-02"] * 2),
                       "amount": [1.0, 2.0]})
    customers = pd.DataFrame({
        "customer_id": [1, 2],
        "zip": ["00501", "10001"],  # leading zero
        "region": ["NA", "EU"],  # North America, not a missing value
        "vip": [True, False],
        "last_visit": pd.to_datetime(["2024-03-01", None]),
    })
    db = load_crm({"transactions": tx, "customers": customers})
    assert db.customers["zip"].tolist() == ["00501", "10001"]
    for fmt in ("csv", "parquet"):
        db.to_folder(tmp_path / fmt, format=fmt)
        assert_same_database(db, load_crm(tmp_path / fmt))
    db.to_sql(f"sqlite:///{tmp_path / 'x.db'}")  # SQLite has no bool or date types
    assert_same_database(db, load_crm(f"sqlite:///{tmp_path / 'x.db'}"))


def test_writers_refuse_to_overwrite_unless_asked(synthetic: CRMDatabase, tmp_path: Path) -> None:
    synthetic.to_folder(tmp_path / "f")
    with pytest.raises(OutputError, match=r"already holds crm.yaml, transactions.parquet.*"
                       r"if_exists='replace'"):
        synthetic.to_folder(tmp_path / "f")
    synthetic.to_folder(tmp_path / "f", if_exists="replace")
    synthetic.to_duckdb(tmp_path / "x.duckdb")
    with pytest.raises(OutputError, match="already exists"):
        synthetic.to_duckdb(tmp_path / "x.duckdb")
    synthetic.to_duckdb(tmp_path / "x.duckdb", if_exists="replace")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    synthetic.to_sql(url)
    with pytest.raises(OutputError, match=r"already has the table\(s\) transactions, customers"):
        synthetic.to_sql(url)
    synthetic.to_sql(url, if_exists="replace")
    assert len(load_crm(url).transactions) == len(synthetic.transactions)
    with pytest.raises(ParameterError, match="if_exists='append'"):
        synthetic.to_sql(url, if_exists="append")
    with pytest.raises(ParameterError, match="format='xlsx'"):
        synthetic.to_folder(tmp_path / "g", format="xlsx")


def test_every_table_of_the_spec_is_written(synthetic: CRMDatabase, tmp_path: Path) -> None:
    """No table of the synthetic database is left behind by a writer."""
    path = synthetic.to_duckdb(tmp_path / "crm.duckdb")
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                 .fetchall()}
    assert set(synthetic.tables()) <= names <= set(TABLES) | {"crm_meta"}
