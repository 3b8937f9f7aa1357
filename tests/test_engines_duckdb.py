"""The DuckDB engine returns what the pandas engine returns, and validates in SQL."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clvmodels.exceptions import DataValidationError, DataWarning, ParameterError
from clvmodels.features import _duckdb, _packed, calibration_holdout_split, rfm_summary
from clvmodels.features import _sources as sources_mod

pytest.importorskip("duckdb")


def random_transactions(
    n_rows: int = 20_000, n_customers: int = 2_000, seed: int = 0, string_ids: bool = False
) -> pd.DataFrame:
    """Random log with many same-day duplicates and times of day, in random row order."""
    rng = np.random.default_rng(seed)
    cid = rng.integers(1, n_customers + 1, n_rows) * 7  # sparse ids
    day = rng.integers(0, 400, n_rows)
    # copy a third of the rows to the same customer and day at another time: same-day purchases
    dup = rng.random(n_rows) < 0.3
    cid = np.r_[cid, cid[dup]]
    day = np.r_[day, day[dup]]
    seconds = rng.integers(0, 86_400, len(day))
    dates = (
        np.datetime64("2022-01-01", "s") + day.astype("timedelta64[D]")
        + seconds.astype("timedelta64[s]")
    ).astype("datetime64[ns]")
    amount = np.round(rng.gamma(2.0, 20.0, len(day)), 2)
    amount[rng.random(len(day)) < 0.02] = 0.0
    df = pd.DataFrame({"customer_id": cid.astype(np.int64), "date": dates, "amount": amount})
    if string_ids:
        df["customer_id"] = pd.array([f"C{c:06d}" for c in cid], dtype="str")
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    df.attrs.update(source="random", currency="EUR")
    return df


def run(func, *args, **kwargs):
    """Call and return (result, [warning messages])."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(*args, **kwargs)
    return out, [(w.category, str(w.message)) for w in caught if w.category is DataWarning]


def assert_same(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    """Same index (values, dtype, order), exact frequency, others to 1e-9 relative; same attrs."""
    pd.testing.assert_index_equal(actual.index, expected.index, exact=True)
    assert list(actual.columns) == list(expected.columns)
    for col in expected.columns:
        assert actual[col].dtype == np.float64, col
        if col.startswith("frequency"):
            np.testing.assert_array_equal(actual[col].to_numpy(), expected[col].to_numpy())
        else:
            np.testing.assert_allclose(
                actual[col].to_numpy(), expected[col].to_numpy(), rtol=1e-9, atol=1e-9,
                err_msg=col,
            )
    assert actual.attrs.keys() == expected.attrs.keys()
    for key, value in expected.attrs.items():
        assert actual.attrs[key] == value, key


@pytest.fixture(autouse=True, params=["sort", "sql"])
def reduction(request, monkeypatch) -> str:
    """Every test runs with both reductions: in-memory sort and SQL hash aggregation."""
    monkeypatch.setattr(_duckdb, "_FORCE_REDUCTION", request.param)
    return request.param


@pytest.mark.parametrize("observation_end", ["1997-09-30", None])
@pytest.mark.parametrize("time_unit", ["D", "W", "M"])
def test_duckdb_matches_pandas_on_cdnow(cdnow_transactions, observation_end, time_unit):
    expected, w_pd = run(rfm_summary, cdnow_transactions, observation_end=observation_end, time_unit=time_unit)
    actual, w_db = run(
        rfm_summary, cdnow_transactions, observation_end=observation_end, time_unit=time_unit, engine="duckdb"
    )
    assert_same(expected, actual)
    assert w_db == w_pd
    assert bool(w_db) == (observation_end is not None)  # CDNOW runs to 1998-06-30


@pytest.mark.filterwarnings("ignore::clvmodels.exceptions.DataWarning")
def test_duckdb_matches_fader_hardie_cdnow_customer_1(cdnow_transactions):
    # Fader, Hardie & Lee (2005) CDNOW sample, customer 1: x=2, t_x=30.43, T=38.86 weeks
    s = rfm_summary(cdnow_transactions, observation_end="1997-09-30", time_unit="W", engine="duckdb")
    assert s.loc[1, ["frequency", "recency", "T"]].round(2).tolist() == [2.0, 30.43, 38.86]
    assert len(s) == 2357


@pytest.mark.parametrize("string_ids", [False, True])
def test_duckdb_matches_pandas_on_random_same_day_duplicates(string_ids):
    tx = random_transactions(seed=3, string_ids=string_ids)
    assert tx.assign(d=tx["date"].dt.floor("D")).duplicated(["customer_id", "d"]).sum() > 1000
    for end in (None, "2022-10-15"):
        expected, w_pd = run(rfm_summary, tx, observation_end=end, time_unit="W")
        actual, w_db = run(rfm_summary, tx, observation_end=end, time_unit="W", engine="duckdb")
        assert_same(expected, actual)
        assert w_db == w_pd
    assert actual.attrs["currency"] == "EUR"
    assert (actual["frequency"] > 0).mean() > 0.5


def test_duckdb_matches_pandas_on_make_crm_data():
    datasets = pytest.importorskip("clvmodels.datasets")
    if not hasattr(datasets, "make_crm_data"):
        pytest.skip("make_crm_data not available")
    data = datasets.make_crm_data(3000, random_state=7)
    tx = data.transactions
    for unit in ("D", "M"):
        assert_same(
            rfm_summary(tx, observation_end=data.observation_end, time_unit=unit),
            rfm_summary(tx, observation_end=data.observation_end, time_unit=unit, engine="duckdb"),
        )
    expected, w_pd = run(
        calibration_holdout_split, tx, calibration_end=data.calibration_end,
        observation_end=data.observation_end, time_unit="W",
    )
    actual, w_db = run(
        calibration_holdout_split, tx, calibration_end=data.calibration_end,
        observation_end=data.observation_end, time_unit="W", engine="duckdb",
    )
    assert_same(expected, actual)
    assert w_db == w_pd


def test_duckdb_parquet_file_glob_and_folder_match_pandas(tmp_path):
    tx = random_transactions(seed=5)
    half = len(tx) // 2
    folder = tmp_path / "log"
    folder.mkdir()
    table = pa.Table.from_pandas(tx, preserve_index=False)
    pq.write_table(table.slice(0, half), folder / "part-0.parquet", row_group_size=5000)
    pq.write_table(table.slice(half), folder / "part-1.parquet", row_group_size=5000)
    single = tmp_path / "all.parquet"
    pq.write_table(table, single, row_group_size=4096)

    expected = rfm_summary(tx, time_unit="D")
    expected.attrs["currency"] = "USD"  # files carry no currency: the default
    for source in (single, str(folder / "*.parquet"), str(folder),
                   [folder / "part-0.parquet", folder / "part-1.parquet"]):
        actual = rfm_summary(source, time_unit="D", engine="duckdb", threads=2,
                             memory_limit="1GB")
        assert_same(expected, actual)
    assert rfm_summary(single, engine="duckdb", currency="EUR").attrs["currency"] == "EUR"


@pytest.mark.filterwarnings("ignore::clvmodels.exceptions.DataWarning")
def test_duckdb_split_matches_pandas_with_customers_new_in_holdout(tmp_path):
    tx = random_transactions(seed=11)
    expected, w_pd = run(calibration_holdout_split, tx, calibration_end="2022-03-01",
                         time_unit="W")
    assert expected.attrs["n_new_in_holdout"] > 0
    actual, w_db = run(calibration_holdout_split, tx, calibration_end="2022-03-01",
                       time_unit="W", engine="duckdb")
    assert_same(expected, actual)
    assert w_db == w_pd
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path)
    from_file = calibration_holdout_split(
        str(path), calibration_end="2022-03-01", observation_end="2022-12-31", time_unit="M",
        engine="duckdb", currency="EUR",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        expected = calibration_holdout_split(
            tx, calibration_end="2022-03-01", observation_end="2022-12-31", time_unit="M"
        )
    assert_same(expected, from_file)


def test_duckdb_split_matches_pandas_on_cdnow(cdnow_transactions):
    for unit in ("D", "W"):
        assert_same(
            calibration_holdout_split(cdnow_transactions, calibration_end="1997-09-30", time_unit=unit),
            calibration_holdout_split(cdnow_transactions, calibration_end="1997-09-30", time_unit=unit,
                                      engine="duckdb"),
        )


def test_duckdb_csv_with_column_map_integer_dates_and_string_ids(tmp_path):
    tx = random_transactions(n_rows=3000, seed=2, string_ids=True)
    tx["date"] = tx["date"].dt.floor("D")
    raw = pd.DataFrame({
        "Kunde": tx["customer_id"],
        "Datum": tx["date"].dt.strftime("%Y%m%d").astype(np.int64),
        "Umsatz": tx["amount"],
    })
    path = tmp_path / "log.csv"
    raw.to_csv(path, index=False)
    cols = {"customer_id": "Kunde", "date": "Datum", "amount": "Umsatz"}
    actual = rfm_summary(path, engine="duckdb", columns=cols, date_format="%Y%m%d")
    expected = rfm_summary(tx)
    expected.attrs["currency"] = "USD"
    assert_same(expected, actual)
    assert actual.index.dtype == "str"
    with pytest.raises(DataValidationError,
                       match=r"line 2 \('20\d{6}'\).*look like YYYYMMDD.*'%Y%m%d'"):
        rfm_summary(path, engine="duckdb", columns=cols)
    pq.write_table(pa.Table.from_pandas(raw), tmp_path / "log.parquet")
    with pytest.raises(DataValidationError, match=r"holds integers .*date_format='%Y%m%d'"):
        rfm_summary(tmp_path / "log.parquet", engine="duckdb", columns=cols)


def test_duckdb_csv_integer_ids_and_text_dates(tmp_path):
    tx = random_transactions(n_rows=2000, seed=4)
    path = tmp_path / "log.csv"
    tx.assign(date=tx["date"].dt.strftime("%d/%m/%Y %H:%M")).to_csv(path, index=False)
    actual = rfm_summary(path, engine="duckdb", date_format="%d/%m/%Y %H:%M", time_unit="W")
    expected = rfm_summary(tx, time_unit="W")
    expected.attrs["currency"] = "USD"
    assert_same(expected, actual)
    assert actual.index.dtype == np.int64


def test_duckdb_timezone_aware_parquet_is_converted_to_utc(tmp_path):
    tx = random_transactions(n_rows=2000, seed=8)
    aware = tx.assign(date=tx["date"].dt.tz_localize("Asia/Shanghai"))
    path = tmp_path / "tz.parquet"
    aware.to_parquet(path)
    expected = rfm_summary(aware.assign(date=aware["date"].dt.tz_convert("UTC").dt.tz_localize(None)))
    expected.attrs["currency"] = "USD"
    assert_same(expected, rfm_summary(path, engine="duckdb"))


# --- validation, computed in SQL ------------------------------------------------------------


def test_missing_column_names_closest(tmp_path):
    path = tmp_path / "x.parquet"
    pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2020-01-01"]),
                  "Amount": [1.0]}).to_parquet(path)
    with pytest.raises(DataValidationError) as err:
        rfm_summary(path, engine="duckdb")
    msg = str(err.value)
    assert "\n" not in msg
    assert str(path) in msg and "'amount' is missing" in msg
    assert "did you mean 'Amount'" in msg and "columns={'amount': 'Amount'}" in msg
    df = pd.DataFrame({"cust": [1], "date": pd.to_datetime(["2020-01-01"]), "amount": [1.0]})
    with pytest.raises(DataValidationError, match=r"DataFrame: column 'customer_id' .*'cust'"):
        rfm_summary(df, engine="duckdb", columns={"customer_id": "custid"})


def test_null_ids_in_parquet_named_with_rows_and_count(tmp_path):
    ids = pd.array(np.arange(20, dtype=np.int64), dtype="Int64")
    ids[[3, 7, 12, 15]] = pd.NA
    df = pd.DataFrame({"customer_id": ids,
                       "date": pd.date_range("2020-01-01", periods=20, freq="D"),
                       "amount": np.ones(20)})
    path = tmp_path / "ids.parquet"
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, row_group_size=5)
    with pytest.raises(DataValidationError) as err:
        rfm_summary(str(path), engine="duckdb")
    msg = str(err.value)
    assert msg.startswith(f"{path}: column 'customer_id': missing customer ids in 4 rows: "
                          f"row 4, row 8, row 13 and 1 more row; fix: fill in the customer ids")


def test_nat_dates_in_dataframe_name_index_labels():
    df = random_transactions(n_rows=200, seed=1).iloc[:100]
    df.index = df.index + 1000
    df.loc[[1010, 1050], "date"] = pd.NaT
    with pytest.raises(DataValidationError,
                       match=r"^random: column 'date': missing dates in 2 rows: index 1010, "
                             r"index 1050; fix: fill in the dates"):
        rfm_summary(df, engine="duckdb")


def test_unparseable_dates_and_non_numeric_amounts_in_csv(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "customer_id,date,amount\n1,2020-01-01,10\n2,2020-13-45,5\n3,2020-01-03,abc\n"
        "4,yesterday,1\n5,2020-01-05,7.5\n"
    )
    with pytest.raises(DataValidationError) as err:
        rfm_summary(path, engine="duckdb")
    msg = str(err.value)
    assert msg.startswith(f"{path}: column 'date': unparseable dates in 2 rows: line 3 "
                          f"('2020-13-45'), line 5 ('yesterday'); fix: ")
    assert "date_format" in msg
    path.write_text("customer_id,date,amount\n1,2020-01-01,10\n3,2020-01-03,abc\n")
    with pytest.raises(DataValidationError,
                       match=r"column 'amount': non-numeric values in 1 row: line 3 \('abc'\); "
                             r"fix: correct or remove"):
        rfm_summary(path, engine="duckdb")


def test_negative_and_missing_amounts(cdnow_transactions):
    bad = cdnow_transactions.copy()
    bad.loc[[4, 40, 400, 4000], "amount"] = -5.0
    with pytest.raises(DataValidationError) as err:
        rfm_summary(bad, engine="duckdb")
    msg = str(err.value)
    assert msg.startswith("CDNOW_sample.txt: column 'amount': negative amounts (returns or "
                          "refunds) in 4 rows: index 4 (-5.0), index 40 (-5.0), index 400 (-5.0) "
                          "and 1 more row; fix: ")
    assert "allow_returns=True" in msg
    bad.loc[[7], "amount"] = np.nan
    with pytest.raises(DataValidationError, match=r"'amount': missing amounts in 1 row: index 7;"):
        rfm_summary(bad, engine="duckdb")


def test_parameter_errors(cdnow_transactions):
    with pytest.raises(ParameterError, match="calibration_end 1998-07-01 must be before"):
        calibration_holdout_split(cdnow_transactions, calibration_end="1998-07-01", engine="duckdb")
    with pytest.raises(DataValidationError, match="no transaction on or before calibration_end"):
        calibration_holdout_split(cdnow_transactions, calibration_end="1990-01-01", engine="duckdb")
    with pytest.raises(ParameterError, match=r"unexpected argument\(s\) \['spark'\]"):
        rfm_summary(cdnow_transactions, engine="duckdb", spark=None)
    with pytest.raises(ParameterError, match="engine='polars'"):
        rfm_summary(cdnow_transactions, engine="polars")
    with pytest.raises(ParameterError, match="cannot tell the format"):
        rfm_summary("log.xlsx", engine="duckdb")
    with pytest.raises(DataValidationError, match="DuckDB cannot read it"):
        rfm_summary("/nonexistent/log.parquet", engine="duckdb")
    empty = cdnow_transactions.iloc[:0]
    with pytest.raises(DataValidationError, match="no transactions"):
        rfm_summary(empty, engine="duckdb")


def test_problem_message_uses_the_shared_one_line_format():
    msg = sources_mod.problem_message(
        "x.csv", "bad_amount", [3, 9, 12], 12, values=["12,50", "abc", "x"],
        row_label="line", file_column="Sales",
    )
    assert msg == ("x.csv: column 'amount' (source column 'Sales'): non-numeric values in 12 rows: "
                   "line 3 ('12,50'), line 9 ('abc'), line 12 ('x') and 9 more rows; fix: the file "
                   "uses a decimal comma: pass decimal=',' (with sep=';' if the fields are "
                   "separated by semicolons), or write '12.50'")


def test_strptime_to_java():
    assert sources_mod.strptime_to_java("%Y%m%d") == "yyyyMMdd"
    assert sources_mod.strptime_to_java("%d/%m/%Y %H:%M") == "dd/MM/yyyy HH:mm"
    assert sources_mod.strptime_to_java("%Y-%m-%dT%H:%M:%S") == "yyyy-MM-dd'T'HH:mm:ss"
    with pytest.raises(ParameterError, match="%Q"):
        sources_mod.strptime_to_java("%Q")


@pytest.mark.parametrize(
    ("value", "message"),
    [(np.nan, "missing amounts"), (-3.0, "negative amounts"), (np.inf, "infinite values")],
)
def test_bad_amounts_in_parquet_found_past_the_statistics_fast_path(tmp_path, value, message):
    # Parquet statistics answer NULL counts and ranges without a scan; NaN is not in them and
    # must still be found (through the non-finite sums) with its rows.
    tx = random_transactions(n_rows=3000, seed=6)
    tx.loc[[17, 2500], "amount"] = value
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.Table.from_pandas(tx, preserve_index=False), path, row_group_size=1000)
    with pytest.raises(DataValidationError) as err:
        rfm_summary(path, engine="duckdb")
    msg = str(err.value)
    assert msg.startswith(f"{path}: column 'amount': {message}")
    assert " in 2 rows: row 18" in msg and "row 2501" in msg  # 1-based rows of the file
    with pytest.raises(DataValidationError, match=r"in 2 rows: row 18.*row 2501"):
        rfm_summary(path, engine="duckdb", observation_end="2022-06-30")


@pytest.mark.parametrize("string_ids", [False, True])
def test_duckdb_matches_pandas_on_dense_customers(string_ids):
    # 15 customers buying on most of 400 days (> 127 purchase days each, no small-integer
    # overflow), several rows per day; packed-key (integer ids) and two-column paths.
    tx = random_transactions(n_rows=12_000, n_customers=15, seed=12, string_ids=string_ids)
    for kw in ({"observation_end": "2022-11-30"},
               {"calibration_end": "2022-07-31", "observation_end": "2022-12-31"}):
        func = calibration_holdout_split if "calibration_end" in kw else rfm_summary
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            expected = func(tx, time_unit="W", **kw)
            actual = func(tx, time_unit="W", engine="duckdb", **kw)
        assert expected["frequency"].min() > 127
        assert_same(expected, actual)


@pytest.mark.parametrize("reduction", ["auto"])
def test_reduction_is_picked_by_memory_limit_and_id_density(monkeypatch, reduction):
    import duckdb

    monkeypatch.setattr(_duckdb, "_FORCE_REDUCTION", "auto")
    con = duckdb.connect()
    con.execute("SET memory_limit = '4GB'")
    assert _duckdb._memory_limit_bytes(con) == pytest.approx(3.7 * 2**30, rel=0.01)
    con.execute("SET memory_limit = '500MB'")
    assert _duckdb._memory_limit_bytes(con) == pytest.approx(476.8 * 2**20, rel=0.01)
    pack = _packed.packing(True, 19000, 19729, 19729, 1, 1_000_000)
    assert (pack.span, pack.n_ids, pack.key_dtype) == (730, 1_000_000, np.int32)
    assert not _duckdb._use_sort(con, pack, 10_000_000)  # ~0.7 GB > half of 500 MB
    con.execute("SET memory_limit = '4GB'")
    assert _duckdb._use_sort(con, pack, 10_000_000)
    assert not _duckdb._use_sort(con, None, 10_000_000)  # text ids: no packed key
    sparse = _packed.packing(True, 19000, 19729, 19729, 1, 10**12)
    assert sparse is not None and sparse.key_dtype == np.int64
    assert not _duckdb._use_sort(con, sparse, 10_000_000)  # id range far wider than the rows
    assert _packed.packing(True, 19000, 19729, 19729, 0, 2**61) is None  # key overflows
    assert _packed.packing(False, 19000, 19729, 19729, None, None) is None


@pytest.mark.parametrize("reduction", ["auto"])
def test_auto_reduction_matches_pandas_and_sql(monkeypatch, reduction, tmp_path):
    # the same Parquet file reduced by the automatic choice (in-memory sort here) and by a
    # memory_limit too small for it (SQL): same summary and split
    tx = random_transactions(seed=21)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path)
    used = []
    for name in ("_reduce_sorted", "_reduce_sql"):
        func = getattr(_duckdb, name)
        monkeypatch.setattr(_duckdb, name,
                            lambda *a, _f=func, _n=name, **k: used.append(_n) or _f(*a, **k))
    expected = rfm_summary(tx, time_unit="W")
    expected.attrs["currency"] = "USD"
    assert_same(expected, rfm_summary(path, time_unit="W", engine="duckdb"))
    monkeypatch.setattr(_duckdb, "_SORT_BYTES_FIXED", 2**40)  # as if the log were huge
    assert_same(expected, rfm_summary(path, time_unit="W", engine="duckdb"))
    assert used == ["_reduce_sorted", "_reduce_sql"]


def test_nothing_on_or_before_observation_end_is_one_line_error(tmp_path):
    tx = random_transactions(n_rows=500, seed=8)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path)
    n = len(tx)
    for source, func, kw in ((tx, rfm_summary, {}), (path, rfm_summary, {}),
                             (path, calibration_holdout_split, {"calibration_end": "2021-03-01"})):
        for engine in ("pandas", "duckdb"):
            if engine == "pandas" and source is path:
                continue
            with pytest.raises(DataValidationError) as err:
                func(source, observation_end="2021-06-01", engine=engine, **kw)
            msg = str(err.value)
            assert "\n" not in msg
            assert f"all {n} transaction(s) are dated after observation_end 2021-06-01" in msg
            assert "choose a later observation_end" in msg


@pytest.mark.filterwarnings("ignore::clvmodels.exceptions.DataWarning")
def test_existing_connection_is_used_and_left_open(tmp_path):
    import duckdb

    tx = random_transactions(n_rows=3000, seed=9)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path)
    con = duckdb.connect()
    con.execute("CREATE TABLE keep AS SELECT 42 AS x")
    expected = rfm_summary(tx, time_unit="W")
    expected.attrs["currency"] = "USD"
    assert_same(expected, rfm_summary(path, time_unit="W", engine="duckdb", connection=con))
    split = calibration_holdout_split(path, calibration_end="2022-06-30", time_unit="W",
                                      engine="duckdb", connection=con)
    assert split["frequency_holdout"].sum() > 0
    assert con.execute("SELECT x FROM keep").fetchall() == [(42,)]  # still open, untouched
