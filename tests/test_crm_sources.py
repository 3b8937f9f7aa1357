"""load_crm on a user's own data: CSV exports with their own column names and crm.yaml, a single
file, a crm.yaml elsewhere, SQL and DuckDB with a query per table, folders queried by DuckDB."""

from __future__ import annotations

import sqlite3
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

from clvmodels import DataWarning, load_crm
from clvmodels.datasets import make_crm_data


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding=encoding)
    return path


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A shop's CSV exports: German column names, dates day-first, a customer without orders."""
    folder = tmp_path / "exports"
    folder.mkdir()
    _write(folder / "bestellungen.csv", """
        Kunde;Datum;Umsatz;Wareneinsatz;Warengruppe
        K001;05.01.2024;10,50;4,00;Bücher
        K001;05.02.2024;7,00;3,50;Musik
        K002;07.01.2024;3,25;1,00;Musik
        K003;01.03.2024;12,00;6,00;Bücher
        """)
    _write(folder / "kunden.csv", """
        KundenNr;Anmeldung;Region;Bonität
        K001;01.12.2023;Nord;A
        K002;02.12.2023;Süd;B
        K003;03.12.2023;Nord;A
        K004;04.12.2023;Ost;C
        """)
    _write(folder / "aktionen.csv", """
        Kunde;Aktion;Datum;Reaktion;Kosten
        K001;Frühjahr;01.01.2024;ja;0,20
        K002;Frühjahr;01.01.2024;nein;0,20
        K004;Frühjahr;01.01.2024;是;0,20
        """)
    _write(folder / "umfragen.csv", """
        Kunde;Datum;Zufriedenheit;Weiterempfehlung
        K001;10.01.2024;4;9
        K003;11.03.2024;2;3
        """)
    _write(folder / "crm.yaml", """
        name: Buchladen Nord
        currency: EUR
        date_format: "%d.%m.%Y"
        sep: ";"
        decimal: ","
        observation_end: 2024-03-31
        tables:
          transactions: bestellungen.csv
          customers: kunden.csv
          contacts: aktionen.csv
          surveys: umfragen.csv
        columns:
          transactions: {Kunde: customer_id, Datum: date, Umsatz: amount, Wareneinsatz: cost,
                         Warengruppe: category}
          customers: {KundenNr: customer_id, Anmeldung: signup_date, Bonität: credit_rating}
          contacts: {Kunde: customer_id, Aktion: campaign_id, Datum: date, Reaktion: responded,
                     Kosten: cost}
          surveys: {Kunde: customer_id, Datum: date, Zufriedenheit: satisfaction,
                    Weiterempfehlung: recommend}
        types:
          customers: {credit_rating: [C, B, A]}
        """)
    return folder


def test_user_folder_of_csv_exports_with_their_own_column_names(exports: Path) -> None:
    # "ja"/"nein" are not among the yes/no words (next test); the export writes yes/否 instead
    text = (exports / "aktionen.csv").read_text(encoding="utf-8").replace(";ja;", ";yes;")
    (exports / "aktionen.csv").write_text(text.replace(";nein;", ";否;"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every id links up; nothing to warn about
        db = load_crm(exports)
    assert (db.name, db.currency) == ("Buchladen Nord", "EUR")
    assert db.observation_end == pd.Timestamp("2024-03-31")
    tx = db.transactions
    assert tx["customer_id"].tolist() == ["K001", "K001", "K002", "K003"]
    assert tx["amount"].tolist() == [10.5, 7.0, 3.25, 12.0]
    assert tx["cost"].tolist() == [4.0, 3.5, 1.0, 6.0]
    assert tx["date"].tolist() == list(pd.to_datetime(["2024-01-05", "2024-02-05", "2024-01-07",
                                                       "2024-03-01"]))
    assert tx.attrs["columns"]["amount"] == "Umsatz"
    customers = db.customers
    assert list(customers.columns) == ["customer_id", "signup_date", "Region", "credit_rating"]
    assert customers["customer_id"].tolist() == ["K001", "K002", "K003", "K004"]  # K004: no buys
    assert list(customers["credit_rating"].cat.categories) == ["C", "B", "A"]
    assert customers["credit_rating"].cat.ordered
    assert db.contacts["responded"].tolist() == [True, False, True]
    assert db.contacts["cost"].dtype == "float64"
    assert db.surveys["recommend"].tolist() == [9, 3]
    assert db.referrals is None
    # what was read is written back and read again unchanged
    db.to_folder(exports.parent / "copy", format="csv")
    again = load_crm(exports.parent / "copy")
    for name, table in db.tables().items():
        pd.testing.assert_frame_equal(again.tables()[name], table, check_exact=True)


def test_unrecognized_yes_no_word_names_file_table_column_and_row(exports: Path) -> None:
    from clvmodels import DataValidationError

    with pytest.raises(DataValidationError) as info:
        load_crm(exports)
    assert str(info.value) == (
        "aktionen.csv (contacts): column 'responded' (source column 'Reaktion'): values that "
        "are not yes/no in 2 rows: line 2 ('ja'), line 3 ('nein'); fix: write 'responded' as "
        "true/false, yes/no, 1/0 or 是/否"
    )


def test_arguments_win_over_crm_yaml(exports: Path) -> None:
    (exports / "aktionen.csv").unlink()
    with pytest.warns(DataWarning, match=r"bestellungen.csv \(transactions\): 1 row dated "
                      r"after observation_end 2024-02-29 excluded: line 5 \('2024-03-01'\)"):
        got = load_crm(exports, tables={"contacts": None}, currency="CHF", name="other",
                       observation_end="2024-02-29")
    assert (got.currency, got.name, got.contacts) == ("CHF", "other", None)
    assert got.transactions["date"].max() == pd.Timestamp("2024-02-05")  # 01.03 excluded
    assert got.transactions.attrs["excluded"] == {"after_observation_end": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the files of the tables left out are not "unread"
        only = load_crm(exports, tables=["transactions", "surveys"])
    assert only.customers is None and only.surveys is not None


def test_default_file_names_and_unread_files(tmp_path: Path) -> None:
    _write(tmp_path / "transactions.csv", "customer_id,date,amount\n1,2024-01-02,5\n2,2024-01-03,6\n")
    _write(tmp_path / "campaigns.csv",  # the earlier name of the contacts table
           "customer_id,campaign_id,date,responded\n1,7,2024-01-01,true\n")
    _write(tmp_path / "kunden.csv", "id,region\n1,N\n")
    with pytest.warns(DataWarning, match=r"1 file\(s\) not read \(kunden.csv\).*tables: "
                      r"\{TABLE: kunden.csv\}"):
        db = load_crm(tmp_path)
    assert db.contacts is not None and db.customers is None
    assert db.currency == "USD" and db.name == tmp_path.name


def test_single_transaction_file_and_crm_yaml_elsewhere(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(data / "orders.csv", "cust,order_date,sales\n1,2024-01-02,5\n1,2024-02-03,6\n")
    db = load_crm(data / "orders.csv")
    assert db.tables().keys() == {"transactions"}
    assert db.transactions["amount"].sum() == 11.0 and db.name == "orders"
    config = _write(tmp_path / "shop.yaml", """
        source: data
        name: my shop
        currency: JPY
        tables: {transactions: orders.csv}
        """)
    db = load_crm(config)
    assert (db.name, db.currency, len(db.transactions)) == ("my shop", "JPY", 2)


def test_margin_becomes_cost(tmp_path: Path) -> None:
    _write(tmp_path / "transactions.csv",
           "customer_id,date,amount,margin,note\n1,2024-01-02,10,4,x\n2,2024-01-03,6,1.5,y\n")
    tx = load_crm(tmp_path).transactions
    assert tx["cost"].tolist() == [6.0, 4.5]
    assert tx.attrs["cost_from"] == "amount - margin"
    assert tx.attrs["ignored_columns"] == ["note"]


def test_sqlite_with_a_query_per_table(tmp_path: Path) -> None:
    path = tmp_path / "erp.db"
    with sqlite3.connect(path) as con:
        con.executescript("""
            CREATE TABLE orders (order_no INTEGER, client TEXT, order_day TEXT, total REAL,
                                 status TEXT);
            INSERT INTO orders VALUES (1, 'c1', '2024-01-02', 10.0, 'paid'),
                                      (2, 'c1', '2024-01-09', 99.0, 'cancelled'),
                                      (3, 'c2', '2024-01-05', 4.5, 'paid');
            CREATE TABLE crm_clients (client TEXT, joined TEXT, vip INTEGER);
            INSERT INTO crm_clients VALUES ('c1', '2023-05-01', 1), ('c2', '2023-06-01', 0),
                                           ('c3', '2023-07-01', 0);
            CREATE TABLE mailings (client TEXT, campaign TEXT, sent TEXT, opened TEXT);
            INSERT INTO mailings VALUES ('c1', 'spring', '2024-01-01', 'Y'),
                                        ('c3', 'spring', '2024-01-01', 'N');
            """)
    url = f"sqlite:///{path}"
    db = load_crm(url, queries={
        "transactions": "SELECT order_no, client, order_day, total FROM orders "
                        "WHERE status = 'paid'",
        "customers": "SELECT client AS customer_id, joined AS signup_date, vip FROM crm_clients",
        "contacts": "SELECT * FROM mailings",
    }, columns={
        "transactions": {"order_no": "order_id", "client": "customer_id", "order_day": "date",
                         "total": "amount"},
        "contacts": {"client": "customer_id", "campaign": "campaign_id", "sent": "date",
                     "opened": "responded"},
    }, types={"customers": {"vip": "flag"}}, currency="GBP")
    assert db.transactions["amount"].tolist() == [10.0, 4.5]
    assert db.customers["customer_id"].tolist() == ["c1", "c2", "c3"]
    assert db.customers["vip"].tolist() == [True, False, False]
    assert db.customers["signup_date"].dtype == "datetime64[ns]"
    assert db.contacts["responded"].tolist() == [True, False]
    assert db.name == "erp"
    # a table named in tables= instead of a query
    named = load_crm(url, tables={"transactions": "orders", "customers": "crm_clients"},
                     columns={"transactions": {"client": "customer_id", "order_day": "date",
                                               "total": "amount", "order_no": "order_id"},
                              "customers": {"client": "customer_id"}})
    assert len(named.transactions) == 3 and named.contacts is None


def test_duckdb_file_and_folder_queries(tmp_path: Path) -> None:
    db = make_crm_data(150, random_state=2)
    path = db.to_duckdb(tmp_path / "crm.duckdb")
    got = load_crm(path, queries={
        "transactions": "SELECT * FROM transactions WHERE channel = 'online'",
    }, tables=["transactions", "customers"])
    assert set(got.transactions["channel"]) == {"online"}
    assert got.contacts is None and len(got.customers) == 150
    folder = db.to_folder(tmp_path / "files", format="parquet")
    via_sql = load_crm(folder, queries={
        "surveys": "SELECT * FROM 'surveys.parquet' WHERE satisfaction >= 4",
    })
    assert len(via_sql.surveys) == int((db.surveys["satisfaction"] >= 4).sum())


def test_gb18030_export_with_chinese_flags(tmp_path: Path) -> None:
    _write(tmp_path / "transactions.csv", "客户,日期,金额\n甲,2024-01-02,5\n乙,2024-01-03,6\n",
           encoding="gb18030")
    _write(tmp_path / "contacts.csv", "客户,活动,日期,是否响应\n甲,春节,2024-01-01,是\n乙,春节,"
           "2024-01-01,否\n", encoding="gb18030")
    (tmp_path / "crm.yaml").write_text(textwrap.dedent("""
        encoding: gb18030
        currency: CNY
        columns:
          transactions: {客户: customer_id, 日期: date, 金额: amount}
          contacts: {客户: customer_id, 活动: campaign_id, 日期: date, 是否响应: responded}
        """), encoding="utf-8")
    db = load_crm(tmp_path)
    assert db.contacts["responded"].tolist() == [True, False]
    assert db.transactions["customer_id"].tolist() == ["甲", "乙"]


def test_duckdb_file_with_another_suffix_is_recognized(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "shop.db"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE orders AS SELECT * FROM (VALUES (1, DATE '2024-01-01', 2.5),"
                    " (2, DATE '2024-01-03', 4.0)) t(customer_id, date, amount)")
    db = load_crm(path)
    assert db.name == "shop" and db.transactions["amount"].tolist() == [2.5, 4.0]
    assert db.transactions["date"].dtype == "datetime64[ns]"


def test_dataframes_indexed_by_customer_id(tmp_path: Path) -> None:
    tx = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-02", "2024-01-05"],
                       "amount": ["3.5", "4"]})
    customers = pd.DataFrame({"region": ["N", "S"]},
                             index=pd.Index([1, 2], name="customer_id"))
    db = load_crm({"transactions": tx, "customers": customers})
    assert db.customers.columns.tolist() == ["customer_id", "region"]
    assert db.transactions["amount"].tolist() == [3.5, 4.0]
