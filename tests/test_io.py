"""Tests of clvmodels.read_transactions: files in, canonical transactions or one clear error out.

Line numbers in messages count the header as line 1, as a text editor does.
"""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clvmodels
from clvmodels import DataValidationError, DataWarning, read_transactions
from clvmodels.exceptions import ParameterError

DATA = Path(__file__).resolve().parents[1] / "data" / "raw"
CDNOW_NAMES = ["original_id", "customer_id", "date", "quantity", "amount"]


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _read(path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = read_transactions(path, **kwargs)
    return out, [w for w in caught if issubclass(w.category, DataWarning)]


GOOD = "cust,order_date,sales\n1,2024-01-01,10\n1,2024-01-09,20.5\n2,2024-01-03,5\n"


# ------------------------------------------------------------------------------------------
# formats
# ------------------------------------------------------------------------------------------


def test_csv_with_synonym_columns(tmp_path):
    tx, caught = _read(_write(tmp_path, "orders.csv", GOOD))
    assert list(tx.columns) == ["customer_id", "date", "amount"]
    assert tx["customer_id"].tolist() == [1, 1, 2]
    assert tx["date"].dtype == "datetime64[ns]"
    assert tx["amount"].tolist() == [10.0, 20.5, 5.0]
    assert tx.attrs["source"] == "orders.csv"
    assert tx.attrs["currency"] == "USD"
    assert caught == []


def test_tsv_semicolon_and_gzip_detected(tmp_path):
    expected, _ = _read(_write(tmp_path, "a.csv", GOOD))
    tsv, _ = _read(_write(tmp_path, "a.tsv", GOOD.replace(",", "\t")))
    semi, _ = _read(_write(tmp_path, "b.csv", GOOD.replace(",", ";")))
    gz = tmp_path / "c.csv.gz"
    with gzip.open(gz, "wt") as fh:
        fh.write(GOOD)
    gzipped, _ = _read(gz)
    for other in (tsv, semi, gzipped):
        pd.testing.assert_frame_equal(other, expected)


def test_parquet_round_trip(tmp_path):
    raw = pd.DataFrame({"customer": ["a", "b"], "date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                        "revenue": [1.5, 2.0]})
    path = tmp_path / "tx.parquet"
    raw.to_parquet(path)
    tx, _ = _read(path, currency="CNY")
    assert tx["customer_id"].tolist() == ["a", "b"]
    assert tx.attrs == {
        "source": "tx.parquet",
        "currency": "CNY",
        "columns": {"customer_id": "customer", "date": "date", "amount": "revenue"},
        "n_rows_read": 2,
        "excluded": {},
    }


def test_parquet_rows_are_numbered_from_one(tmp_path):
    raw = pd.DataFrame({"customer_id": [1, 2, 3], "date": ["2024-01-01", "oops", "2024-01-02"],
                        "amount": [1.0, 2.0, 3.0]})
    path = tmp_path / "tx.parquet"
    raw.to_parquet(path)
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    assert "tx.parquet: column 'date': unparseable dates in 1 row: row 2 ('oops')" in str(info.value)


def test_column_mapping(tmp_path):
    path = _write(tmp_path, "m.csv", "who,when,paid,cogs,ord\n7,20240101,3.5,1,A\n8,20240102,4,2,B\n")
    tx, _ = _read(path, columns={"customer_id": "who", "date": "when", "amount": "paid",
                                 "cost": "cogs", "order_id": "ord"})
    assert list(tx.columns) == ["customer_id", "date", "amount", "order_id", "cost"]
    assert tx["date"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-02")]
    assert tx["order_id"].tolist() == ["A", "B"]


def test_decimal_comma_with_semicolons_and_date_format(tmp_path):
    path = _write(tmp_path, "eu.csv", "kunde;datum;amount\n1;31.01.2024;12,50\n2;01.02.2024;3\n")
    tx, _ = _read(path, columns={"customer_id": "kunde", "date": "datum"}, decimal=",",
                  date_format="%d.%m.%Y")
    assert tx["amount"].tolist() == [12.5, 3.0]
    assert tx["date"].iloc[0] == pd.Timestamp("2024-01-31")


def test_cdnow_sample_whitespace_without_header():
    tx, caught = _read(DATA / "CDNOW_sample.txt", names=CDNOW_NAMES)
    assert tx.shape == (6919, 4)
    assert tx["customer_id"].nunique() == 2357
    assert tx["customer_id"].dtype == np.int64
    assert tx["date"].min() == pd.Timestamp("1997-01-01")
    assert tx["date"].max() == pd.Timestamp("1998-06-30")
    assert tx["amount"].sum() == pytest.approx(
        pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None)[4].sum()
    )
    # the sample has 21 exact duplicate lines and 8 zero amounts: kept, and counted
    messages = [str(w.message) for w in caught]
    assert any("21 rows exactly repeat" in m for m in messages)
    assert any("8 rows with amount 0" in m for m in messages)


def test_dataframe_input_uses_index_labels(tmp_path):
    df = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "x"], "amount": [1, 2]},
                      index=["r1", "r2"])
    with pytest.raises(DataValidationError) as info:
        read_transactions(df)
    assert str(info.value).startswith("DataFrame: column 'date': unparseable dates in 1 row: index r2 ('x')")


# ------------------------------------------------------------------------------------------
# file-level problems
# ------------------------------------------------------------------------------------------


def test_missing_file_names_path_and_suggests_neighbour(tmp_path):
    _write(tmp_path, "orders.csv", GOOD)
    with pytest.raises(DataValidationError) as info:
        read_transactions(tmp_path / "order.csv")
    msg = str(info.value)
    assert msg.startswith("order.csv: file not found: ")
    assert str(tmp_path / "order.csv") in msg
    assert f"did you mean {str(tmp_path / 'orders.csv')!r}" in msg


def test_missing_folder(tmp_path):
    with pytest.raises(DataValidationError, match="does not exist either"):
        read_transactions(tmp_path / "nowhere" / "x.csv")


def test_empty_file(tmp_path):
    path = _write(tmp_path, "empty.csv", "")
    with pytest.raises(DataValidationError, match=r"^empty.csv: the file is empty \(0 bytes\)"):
        read_transactions(path)


def test_header_only_file(tmp_path):
    path = _write(tmp_path, "header.csv", "customer_id,date,amount\n")
    with pytest.raises(DataValidationError, match="^header.csv: no transaction rows"):
        read_transactions(path)


def test_blank_first_line(tmp_path):
    path = _write(tmp_path, "blank.csv", "\n\ncustomer_id,date,amount\n1,2024-01-01,1\n")
    with pytest.raises(DataValidationError, match="line 1 is blank"):
        read_transactions(path)


def test_ragged_line_named(tmp_path):
    path = _write(tmp_path, "ragged.csv", "customer_id,date,amount\n1,2024-01-01,1\n2,2024-01-02,12,50\n")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    assert "ragged.csv: line 3 has 4 fields but the header has 3 (separator ',')" in str(info.value)


def test_not_parquet(tmp_path):
    path = _write(tmp_path, "fake.parquet", "customer_id,date,amount\n")
    with pytest.raises(DataValidationError, match="^fake.parquet: not a readable Parquet file"):
        read_transactions(path)


def test_misspelled_column_suggests_closest(tmp_path):
    path = _write(tmp_path, "typo.csv", "custmer_id,date,amount\n1,2024-01-01,1\n")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    msg = str(info.value)
    assert msg.startswith("typo.csv: column 'customer_id': not found in the header (line 1)")
    assert "did you mean 'custmer_id'? pass columns={'customer_id': 'custmer_id'}" in msg


def test_mapped_column_missing(tmp_path):
    path = _write(tmp_path, "m.csv", GOOD)
    with pytest.raises(DataValidationError) as info:
        read_transactions(path, columns={"amount": "sale"})
    assert "m.csv: column 'amount': mapped to 'sale', which is not a column" in str(info.value)
    assert "did you mean 'sales'?" in str(info.value)


def test_headerless_file_gets_a_hint():
    with pytest.raises(DataValidationError) as info:
        read_transactions(DATA / "CDNOW_sample.txt")
    msg = str(info.value)
    assert "CDNOW_sample.txt: column 'customer_id': not found in the header (line 1)" in msg
    assert "the first line looks like data" in msg and "names=" in msg


def test_non_utf8_names_line_offset_and_encoding(tmp_path):
    text = "customer_id,date,amount,city\n1,2024-01-01,10,Paris\n2,2024-01-02,5,Café\n"
    path = _write(tmp_path, "latin.csv", text, encoding="cp1252")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    msg = str(info.value)
    offset = text.encode("cp1252").index(b"\xe9")
    assert msg.startswith("latin.csv: the file is not valid utf-8 text: byte b'\\xe9' at byte "
                          f"offset {offset} on line 3")
    assert "encoding='cp1252'" in msg
    tx, _ = _read(path, encoding="cp1252")
    assert len(tx) == 2


def test_gb18030_suggested_for_chinese_text(tmp_path):
    path = _write(tmp_path, "cn.csv", "customer_id,date,amount,城市\n1,2024-01-01,10,北京\n",
                  encoding="gb18030")
    with pytest.raises(DataValidationError, match=r"line 1 cannot be decoded.*encoding='gb18030'"):
        read_transactions(path)


def test_unknown_encoding_is_a_parameter_error(tmp_path):
    with pytest.raises(ParameterError, match="encoding='utf-9' is not a known"):
        read_transactions(_write(tmp_path, "a.csv", GOOD), encoding="utf-9")


def test_wrong_source_type():
    with pytest.raises(ParameterError, match="got list"):
        read_transactions([1, 2, 3])


# ------------------------------------------------------------------------------------------
# row-level problems in files: the message names the column and the file line
# ------------------------------------------------------------------------------------------

BAD = (
    "cust,order_date,sales\n"   # line 1
    "1,2024-01-01,10\n"         # line 2
    '2,2024-01-02,"12,50"\n'    # line 3: decimal comma
    "3,bad,abc\n"               # line 4: bad date, bad amount
    ",2024-01-05,\n"            # line 5: missing id and amount
    "4,2024-13-01,-5\n"         # line 6: impossible date, negative amount
)


def test_bad_file_reports_first_problem_with_lines_and_counts_the_rest(tmp_path):
    with pytest.raises(DataValidationError) as info:
        read_transactions(_write(tmp_path, "bad.csv", BAD))
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(
        "bad.csv: column 'customer_id' (source column 'cust'): missing customer ids in 1 row: "
        "line 5 (empty)"
    )
    assert "also 3 other problems" in msg
    problems = {(p.column, p.what): p for p in info.value.problems}
    assert problems["date", "unparseable dates"].rows == (4, 6)
    assert problems["amount", "non-numeric values"].rows == (3, 4)
    assert problems["amount", "non-numeric values"].values == ("12,50", "abc")
    assert problems["amount", "missing amounts"].rows == (5,)


def test_unparseable_dates_in_file(tmp_path):
    path = _write(tmp_path, "d.csv", "customer_id,date,amount\n1,2024-01-01,1\n2,01/02/2024,2\n")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    msg = str(info.value)
    assert "d.csv: column 'date': unparseable dates in 1 row: line 3 ('01/02/2024')" in msg
    assert "date_format=" in msg


def test_non_numeric_amounts_in_file(tmp_path):
    path = _write(tmp_path, "n.csv", 'customer_id,date,amount\n1,2024-01-01,"12,50"\n2,2024-01-02,abc\n')
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    msg = str(info.value)
    assert "n.csv: column 'amount': non-numeric values in 2 rows: line 2 ('12,50'), line 3 ('abc')" in msg
    assert "decimal=','" in msg


def test_missing_dates_and_amounts_in_file(tmp_path):
    path = _write(tmp_path, "m.csv", "customer_id,date,amount\n1,,1\n2,2024-01-02,\n")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    msg = str(info.value)
    assert msg.startswith("m.csv: column 'date': missing dates in 1 row: line 2 (empty)")
    assert "column 'amount': missing amounts in 1 row" in msg


def test_negative_amounts_in_file_rejected_unless_allowed(tmp_path):
    path = _write(tmp_path, "r.csv",
                  "customer_id,date,amount\n1,2024-01-01,10\n1,2024-01-04,-4\n2,2024-01-02,5\n")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    assert "r.csv: column 'amount': negative amounts (returns or refunds) in 1 row: line 3 (-4.0)" \
        in str(info.value)
    tx, caught = _read(path, allow_returns=True)
    assert tx["amount"].tolist() == [6.0, 5.0]
    assert "line 3 (-4.0)" in str(caught[0].message)


def test_zero_amounts_in_file_counted(tmp_path):
    path = _write(tmp_path, "z.csv", "customer_id,date,amount\n1,2024-01-01,0\n2,2024-01-02,5\n")
    tx, caught = _read(path)
    assert len(tx) == 2
    assert "z.csv: column 'amount': 1 row with amount 0: line 2 (0.0)" in str(caught[0].message)


def test_dates_after_observation_end_in_file(tmp_path):
    path = _write(tmp_path, "o.csv", GOOD)
    tx, caught = _read(path, observation_end="2024-01-05")
    assert len(tx) == 2
    msg = str(caught[0].message)
    assert "o.csv: 1 row dated after observation_end 2024-01-05 excluded: line 3 ('2024-01-09')" in msg


def test_duplicates_in_file_counted(tmp_path):
    path = _write(tmp_path, "dup.csv", GOOD + "1,2024-01-01,10\n")
    tx, caught = _read(path)
    assert len(tx) == 4
    assert "dup.csv: 1 row exactly repeats an earlier row" in str(caught[0].message)
    assert "line 5 ((1, '2024-01-01', 10.0))" in str(caught[0].message)
    tx, _ = _read(path, drop_duplicates=True)
    assert len(tx) == 3


def test_mixed_time_zones_in_file(tmp_path):
    path = _write(tmp_path, "tz.csv", "customer_id,date,amount\n1,2024-01-01T10:00:00+01:00,1\n"
                  "2,2024-01-02T10:00:00+01:00,1\n3,2024-01-02T10:00:00-05:00,1\n")
    with pytest.raises(DataValidationError) as info:
        read_transactions(path)
    msg = str(info.value)
    assert msg.startswith("tz.csv: column 'date': mixed time zones ('+01:00' in 2 rows, "
                          "'-05:00' in 1 row)")
    assert "line 2 ('2024-01-01T10:00:00+01:00'), line 4 ('2024-01-02T10:00:00-05:00')" in msg


def test_empty_lines_inside_the_file_are_counted(tmp_path):
    path = _write(tmp_path, "gaps.csv", "customer_id,date,amount\n1,20240101,1\n\n2,20240102,2\n\n")
    tx, caught = _read(path)
    assert len(tx) == 2 and tx["date"].iloc[1] == pd.Timestamp("2024-01-02")
    assert len(caught) == 1
    assert "gaps.csv: 1 empty row (line 3) skipped" in str(caught[0].message)


def test_line_numbers_survive_empty_lines(tmp_path):
    path = _write(tmp_path, "gaps.csv", "customer_id,date,amount\n1,20240101,1\n\n2,20241301,2\n")
    with pytest.raises(DataValidationError) as info:
        _read(path)
    assert "line 4 (20241301)" in str(info.value)


def test_public_names():
    assert clvmodels.read_transactions is read_transactions
    assert clvmodels.io.CANONICAL_COLUMNS == ("customer_id", "date", "amount")


def test_warnings_point_at_the_caller_of_read_transactions(tmp_path):
    path = _write(tmp_path, "z.csv", "customer_id,date,amount\n1,2024-01-01,0\n")
    with pytest.warns(DataWarning, match="1 row with amount 0") as record:
        read_transactions(path)
    assert record[0].filename == __file__
