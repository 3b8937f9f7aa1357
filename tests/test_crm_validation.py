"""Every table is checked whole, then one line names source, table, column, first rows and fix.

Also the checks across tables (duplicated customers, ids linked to no customer), the file and
database errors, and the rule that nothing is dropped silently.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from clvmodels import DataValidationError, DataWarning, ParameterError, load_crm

TX = "customer_id,date,amount\n1,2024-01-05,10.5\n2,2024-01-07,3\n3,2024-03-01,12\n"
CUSTOMERS = "customer_id,signup_date,age\n1,2023-12-01,33\n2,2023-12-02,40\n3,2023-12-02,41\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "crm"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def _error(source: object, **kwargs: object) -> str:
    with pytest.raises((DataValidationError, ParameterError)) as info:
        load_crm(source, **kwargs)  # type: ignore[arg-type]
    text = str(info.value)
    assert "\n" not in text and "Traceback" not in text
    return text


# --------------------------------------------------------------------------------------------
# one table
# --------------------------------------------------------------------------------------------


def test_bad_date_in_a_customer_table(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, customers__csv=CUSTOMERS.replace(
        "2023-12-02,40", "01/12/2023,40"))
    assert _error(folder) == (
        "customers.csv (customers): column 'signup_date': unparseable dates in 1 row: line 3 "
        "('01/12/2023'); fix: write dates as YYYY-MM-DD (ISO 8601) or YYYYMMDD, or pass "
        "date_format='%d/%m/%Y' (day first) or '%m/%d/%Y' (month first) (crm.yaml: date_format)"
    )
    folder = _folder(tmp_path, customers__csv="customer_id,signup_date\n1,01/12/2023\n"
                                               "2,02/12/2023\n3,\n")
    db = load_crm(folder, date_format={"customers": "%d/%m/%Y"})
    assert db.customers["signup_date"].tolist()[:2] == [pd.Timestamp("2023-12-01"),
                                                        pd.Timestamp("2023-12-02")]
    assert db.customers["signup_date"].isna().tolist() == [False, False, True]  # optional date


def test_bad_date_and_non_numeric_amount_in_transactions(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX.replace("2024-01-07,3", "2024-13-07,abc"))
    text = _error(folder)
    assert text.startswith(
        "transactions.csv (transactions): column 'date': unparseable dates in 1 row: line 3 "
        "('2024-13-07'); fix: write dates as YYYY-MM-DD")
    assert text.endswith("(also 1 other problem: column 'amount': non-numeric values in 1 row)")
    folder = _folder(tmp_path, transactions__csv=TX.replace("10.5", "€10.50"))
    assert _error(folder) == (
        "transactions.csv (transactions): column 'amount': non-numeric values in 1 row: line 2 "
        "('€10.50'); fix: remove the currency symbols from 'amount' (state the currency with "
        "currency='EUR' instead)"
    )


def test_non_numeric_score_and_bad_flag_in_other_tables(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, transactions__csv=TX,
        surveys__csv="customer_id,date,satisfaction\n1,2024-01-01,gut\n2,2024-01-01,3\n",
        contacts__csv="customer_id,campaign_id,date,responded\n1,c1,2024-01-01,yes\n"
                      "2,c1,2024-01-01,maybe\n3,c1,2024-01-01,\n",
    )
    assert _error(folder) == (
        "contacts.csv (contacts): column 'responded': missing values in 1 row: line 4 (empty); "
        "fix: fill in 'responded' (yes/no) or drop these rows (also 1 other problem: column "
        "'responded': values that are not yes/no in 1 row)"
    )
    folder = _folder(tmp_path, contacts__csv="customer_id,campaign_id,date,responded\n"
                                              "1,c1,2024-01-01,是\n2,c1,2024-01-01,0\n")
    assert _error(folder) == (
        "surveys.csv (surveys): column 'satisfaction': non-numeric values in 1 row: line 2 "
        "('gut'); fix: correct or remove these rows so that 'satisfaction' holds plain numbers "
        "like 12.50"
    )


def test_missing_ids_and_whole_table_checked_first(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, customers__csv=(
        "customer_id,signup_date,acquisition_cost\n,2023-12-01,x\n2,someday,5\n3,2023-12-02,y\n"))
    assert _error(folder) == (
        "customers.csv (customers): column 'customer_id': missing customer ids in 1 row: line 2 "
        "(empty); fix: fill in the ids or drop these rows (a row without a customer cannot be "
        "linked) (also 2 other problems: column 'signup_date': unparseable dates in 1 row; "
        "column 'acquisition_cost': non-numeric values in 2 rows)"
    )


def test_duplicated_customer_is_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, customers__csv=(
        "KundenNr,signup_date\n1,2023-12-01\n2,2023-12-02\n1,2023-12-05\n3,2023-12-02\n"))
    assert _error(folder, columns={"customers": {"KundenNr": "customer_id"}}) == (
        "customers.csv (customers): column 'customer_id' (source column 'KundenNr'): duplicated "
        "customer_id: 1 id appears on more than one row (2 rows), e.g. 1; rows of that id: "
        "line 2 (1), line 4 (1); fix: keep one row per customer (its current record) and merge "
        "or remove the others"
    )


def test_missing_required_column_suggests_the_closest(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, contacts__csv=(
        "customer_id,campaign_id,date,respnded\n1,c1,2024-01-01,yes\n"))
    assert _error(folder) == (
        "contacts.csv (contacts): column 'responded': required column not found; looked for "
        "'responded', 'response', 'is_response', 'has_responded' and other usual names; the "
        "source has 'customer_id', 'campaign_id', 'date', 'respnded'; fix: did you mean "
        "'respnded'? rename it to 'responded' or map it: columns={'contacts': {'respnded': "
        "'responded'}} (crm.yaml: columns: contacts: {respnded: responded})"
    )
    assert _error(folder, columns={"contacts": {"responded": "respnded"}}).startswith(
        "contacts.csv (contacts): column 'responded': the mapping 'responded': 'respnded' is "
        "written the other way round")
    # transactions: the same resolution, with the synonyms of read_transactions
    (folder / "contacts.csv").unlink()
    folder = _folder(tmp_path, transactions__csv=TX.replace("amount", "amout"))
    assert "did you mean 'amout'? rename it to 'amount' or map it: columns={'transactions': " \
           "{'amout': 'amount'}}" in _error(folder)
    assert len(load_crm(folder, columns={"transactions": {"amout": "amount"}}).transactions) == 3


def test_levels_and_types_are_checked(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, customers__csv=(
        "customer_id,rating\n1,A\n2,AA\n3,Z\n"))
    assert _error(folder, types={"customers": {"rating": ["B", "A", "AA"]}}) == (
        "customers.csv (customers): column 'rating': values that are not among the levels ('B', "
        "'A', 'AA') in 1 row: line 4 ('Z'); fix: correct these values or add them to the levels "
        "of 'rating' in types (crm.yaml: types)"
    )
    assert "is always a date" in _error(folder, types={"customers": {"signup_date": "text"}})
    assert "use one of id, date, number, flag, text" in _error(
        folder, types={"customers": {"rating": "category"}})


# --------------------------------------------------------------------------------------------
# across tables
# --------------------------------------------------------------------------------------------


def test_unknown_ids_are_counted_and_kept(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, transactions__csv=TX + "4,2024-03-02,1\n", customers__csv=CUSTOMERS + "5,,50\n",
        surveys__csv="customer_id,date,satisfaction\n1,2024-01-01,4\n8,2024-01-01,3\n"
                     "7,2024-01-02,\n8,2024-02-01,5\n",
        referrals__csv="referrer_id,referred_id,date\n1,2,2024-01-01\n99,3,2024-01-02\n",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        db = load_crm(folder)
    messages = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert messages == [
        "surveys.csv (surveys): column 'customer_id': 3 rows with 2 ids found in neither "
        "customers nor transactions (8, 7); the rows are kept. Fix: add these customers to the "
        "customers table, or check that ids are written the same way in every table.",
        "referrals.csv (referrals): column 'referrer_id': 1 row with 1 id found in neither "
        "customers nor transactions (99); the rows are kept. Fix: add these customers to the "
        "customers table, or check that ids are written the same way in every table.",
        "transactions.csv (transactions): 1 customer with transactions is missing from the "
        "customers table (4); it is kept, with no attributes. Fix: add them to the customers "
        "table.",
    ]
    assert db.extra["warnings"] == messages
    # nothing dropped: every row of every table is there, customers without purchases too
    assert (len(db.transactions), len(db.customers), len(db.surveys), len(db.referrals)) == (
        4, 4, 4, 2)
    assert 5 in set(db.customers["customer_id"]) and 5 not in set(db.transactions["customer_id"])
    assert db.surveys["satisfaction"].isna().sum() == 1


def test_ids_get_one_type_across_tables(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX,
                     customers__csv="customer_id\n1\n2\n3\nX9\n")
    db = load_crm(folder)
    assert db.transactions["customer_id"].dtype == "str"
    assert db.customers["customer_id"].tolist() == ["1", "2", "3", "X9"]


def test_empty_rows_are_counted(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX.replace("\n2,", "\n\n2,") + "\n\n")
    with pytest.warns(DataWarning, match=r"transactions.csv \(transactions\): 1 empty row "
                      r"\(line 3\) skipped: it holds no values"):
        db = load_crm(folder)
    assert len(db.transactions) == 3


# --------------------------------------------------------------------------------------------
# files, configuration, databases
# --------------------------------------------------------------------------------------------


def test_missing_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, kunden__csv=CUSTOMERS)
    text = _error(folder, tables={"customers": "kundne.csv"})
    assert text.startswith(f"kundne.csv: file not found: '{folder / 'kundne.csv'}' (the "
                           f"'customers' table, named by tables); the folder has")
    assert text.endswith("fix: did you mean 'kunden.csv'? correct the file name or the path")
    (folder / "transactions.csv").rename(folder / "transaktionen.csv")
    assert _error(folder) == (
        f"{folder}: no 'transactions' table: no file transactions.csv, transactions.parquet or "
        f"similar in the folder (it has 'kunden.csv', 'transaktionen.csv'); fix: name the file "
        f"transactions.csv or transactions.parquet, or name yours in crm.yaml (tables: "
        f"{{transactions: transaktionen.csv}}) or load_crm(tables={{'transactions': "
        f"'transaktionen.csv'}})"
    )
    assert _error(tmp_path / "nope").startswith(f"nope: not found: '{tmp_path / 'nope'}'; fix:")
    assert _error(f"sqlite:///{tmp_path / 'typo.db'}").startswith("typo.db: not found")
    assert not (tmp_path / "typo.db").exists()  # SQLite did not create an empty database
    _folder(tmp_path, transactions__parquet="", transactions__csv=TX)
    assert "2 files could be the 'transactions' table ('transactions.csv', " \
           "'transactions.parquet')" in _error(folder)


def test_bad_crm_yaml(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX, crm__yaml="currency: EUR\ncolums: {}\n")
    assert _error(folder) == (
        "crm.yaml: unknown key 'colums'; did you mean 'columns'? the keys are source, name, "
        "currency, description, observation_end, calibration_end, date_format, tables, columns, "
        "queries, types, schema, encoding, sep, decimal, allow_returns, drop_duplicates, "
        "drop_zero_amounts, utc."
    )
    (folder / "crm.yaml").write_text("currency: EUR\n  tables: [x\n", encoding="utf-8")
    assert _error(folder).startswith("crm.yaml: not valid YAML at line")
    (folder / "crm.yaml").write_text("tables: {custmers: kunden.csv}\n", encoding="utf-8")
    assert "did you mean 'customers'?" in _error(folder)


def test_encoding_error_suggests_an_encoding(tmp_path: Path) -> None:
    folder = tmp_path / "gb"
    folder.mkdir()
    (folder / "transactions.csv").write_bytes("客户,date,amount\n甲,2024-01-02,5\n"
                                              .encode("gb18030"))
    assert _error(folder) == (
        "transactions.csv: the file is not valid utf-8 text (byte offset 0, line 1); fix: pass "
        "encoding='gb18030' (crm.yaml: encoding: gb18030) or the file's real encoding, or save "
        "the file as UTF-8"
    )


def test_bad_urls_and_unreachable_databases_are_one_line() -> None:
    assert _error("postgres://ann:pw123456@host/db") == (
        "postgres://ann:***@host/db: unknown database type 'postgres'; write "
        "postgresql+psycopg:// (SQLAlchemy has no 'postgres' dialect)."
    )
    text = _error("mysql+pymysql://ann@host.invalid/db")
    assert "install it with pip install pymysql" in text or "cannot connect" in text
    text = _error("postgresql+psycopg://ann:pw123456@127.0.0.1:1/shop")
    assert text.startswith("postgresql+psycopg://ann:***@127.0.0.1:1/shop: cannot connect to the "
                           "database (connection failed:")
    assert "pw123456" not in text
    assert "is not a database URL" in _error("postgresql+psycopg://ann@host:notaport/db")


def test_bad_arguments(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX)
    assert "names the table 'customer', which is not a CRM table; did you mean 'customers'?" in \
        _error(folder, columns={"customer": {"a": "b"}})
    assert "names the table 'customer_id', which is not a CRM table" in _error(
        folder, columns={"customer_id": "cust"})
    assert "columns['customers'] must be a mapping, e.g. {KundenNr: customer_id} (your column: " \
           "ours); got str 'cust'." in _error(folder, columns={"customers": "cust"})
    assert "calibration_end 2024-03-01 is after observation_end 2024-02-01" in _error(
        folder, calibration_end="2024-03-01", observation_end="2024-02-01")
    assert "load_crm expects a folder" in _error(42)


def test_an_empty_table_keeps_its_columns_and_the_id_type(tmp_path: Path) -> None:
    folder = _folder(tmp_path, transactions__csv=TX,
                     contacts__csv="customer_id,campaign_id,date,responded\n")
    db = load_crm(folder)
    assert len(db.contacts) == 0 and list(db.contacts.columns) == [
        "customer_id", "campaign_id", "date", "responded"]
    assert db.transactions["customer_id"].dtype == "int64"
    assert db.contacts["customer_id"].dtype == "int64"
