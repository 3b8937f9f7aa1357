"""The Spark engine (local[2]) returns what the pandas engine returns.

Needs pyspark and a JVM; skipped with the reason otherwise. One SparkSession is shared by the
file (~10 s to start); the whole file runs in well under a minute.
"""

from __future__ import annotations

import os
import shutil
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clvmodels.exceptions import DataValidationError, DataWarning, ParameterError
from clvmodels.features import calibration_holdout_split, rfm_summary

try:
    import pyspark  # noqa: F401

    _SKIP = None
except ImportError as exc:  # pragma: no cover - depends on the machine
    _SKIP = f"pyspark is not installed ({exc}); pip install 'clvmodels[spark]'"
if _SKIP is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    _SKIP = "no JVM: Spark needs Java 17+ (install a JDK or set JAVA_HOME)"

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(_SKIP is not None, reason=_SKIP or ""),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),  # pyspark on pandas 3
]


def random_transactions(n_rows: int = 5_000, n_customers: int = 600, seed: int = 0,
                        string_ids: bool = False) -> pd.DataFrame:
    """Random log with same-day duplicates and times of day, in random row order."""
    rng = np.random.default_rng(seed)
    cid = rng.integers(1, n_customers + 1, n_rows) * 3
    day = rng.integers(0, 300, n_rows)
    dup = rng.random(n_rows) < 0.3
    cid, day = np.r_[cid, cid[dup]], np.r_[day, day[dup]]
    dates = (np.datetime64("2021-06-01", "s") + day.astype("timedelta64[D]")
             + rng.integers(0, 86_400, len(day)).astype("timedelta64[s]")).astype("datetime64[us]")
    amount = np.round(rng.gamma(2.0, 15.0, len(day)), 2)
    df = pd.DataFrame({"customer_id": cid.astype(np.int64), "date": dates, "amount": amount})
    if string_ids:
        df["customer_id"] = pd.array([f"K{c:05d}" for c in cid], dtype="str")
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    df.attrs.update(source="random", currency="EUR")
    return df


def run(func, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(*args, **kwargs)
    return out, [str(w.message) for w in caught if w.category is DataWarning]


def assert_same(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    pd.testing.assert_index_equal(actual.index, expected.index, exact=True)
    assert list(actual.columns) == list(expected.columns)
    for col in expected.columns:
        if col.startswith("frequency"):
            np.testing.assert_array_equal(actual[col].to_numpy(), expected[col].to_numpy())
        else:
            np.testing.assert_allclose(actual[col].to_numpy(), expected[col].to_numpy(),
                                       rtol=1e-9, atol=1e-9, err_msg=col)
    assert actual.attrs == expected.attrs


@pytest.mark.parametrize(("observation_end", "time_unit"),
                         [("1997-09-30", "W"), (None, "D")])
def test_spark_dataframe_matches_pandas_on_cdnow(spark, cdnow_transactions, observation_end, time_unit):
    expected, w_pd = run(rfm_summary, cdnow_transactions, observation_end=observation_end,
                         time_unit=time_unit)
    sdf = spark.createDataFrame(cdnow_transactions[["customer_id", "date", "amount"]])
    actual, w_sp = run(rfm_summary, sdf, observation_end=observation_end, time_unit=time_unit,
                       engine="spark", spark=spark)
    assert_same(expected, actual)
    assert [m.split(": ", 1)[1] for m in w_sp] == [m.split(": ", 1)[1] for m in w_pd]
    if observation_end:
        assert actual.loc[1, "frequency"] == 2.0


def test_spark_pandas_input_and_split_match_pandas(spark, cdnow_transactions):
    for func, kw in ((rfm_summary, {}), (calibration_holdout_split,
                                         {"calibration_end": "1997-09-30"})):
        expected, w_pd = run(func, cdnow_transactions, time_unit="W", **kw)
        actual, w_sp = run(func, cdnow_transactions, time_unit="W", engine="spark", spark=spark, **kw)
        assert_same(expected, actual)
        assert w_sp == w_pd


def test_spark_parquet_path_with_duplicates_and_new_in_holdout(spark, tmp_path):
    tx = random_transactions(seed=4)
    assert tx.assign(d=tx["date"].dt.floor("D")).duplicated(["customer_id", "d"]).sum() > 500
    path = tmp_path / "tx.parquet"
    pq.write_table(pa.Table.from_pandas(tx, preserve_index=False), path, row_group_size=2000)
    expected, w_pd = run(calibration_holdout_split, tx, calibration_end="2021-08-01",
                         time_unit="M")
    assert expected.attrs["n_new_in_holdout"] > 0
    actual, w_sp = run(calibration_holdout_split, str(path), calibration_end="2021-08-01",
                       time_unit="M", engine="spark", spark=spark, currency="EUR")
    expected.attrs["source"] = None
    actual.attrs["source"] = None
    assert_same(expected, actual)
    assert [m.split(": ", 1)[1] for m in w_sp] == [m.split(": ", 1)[1] for m in w_pd]


def test_spark_duckdb_pandas_agree_on_csv_with_string_ids(spark, tmp_path):
    tx = random_transactions(n_rows=3000, seed=9, string_ids=True)
    raw = pd.DataFrame({"kunde": tx["customer_id"], "datum": tx["date"].dt.strftime("%Y%m%d"),
                        "umsatz": tx["amount"]})
    path = tmp_path / "tx.csv"
    raw.to_csv(path, index=False)
    cols = {"customer_id": "kunde", "date": "datum", "amount": "umsatz"}
    expected = rfm_summary(tx.assign(date=tx["date"].dt.floor("D")), time_unit="W")
    expected.attrs["currency"] = "USD"
    spark_out = rfm_summary(str(path), engine="spark", spark=spark, columns=cols,
                            date_format="%Y%m%d", time_unit="W")
    duck_out = rfm_summary(path, engine="duckdb", columns=cols, date_format="%Y%m%d",
                           time_unit="W")
    assert_same(expected, spark_out)
    assert_same(expected, duck_out)
    assert spark_out.index.dtype == "str"


def test_spark_validation_errors(spark, cdnow_transactions, tmp_path):
    bad = cdnow_transactions.copy()
    bad.loc[[4, 40, 400], "amount"] = -1.0
    with pytest.raises(DataValidationError) as err:
        rfm_summary(bad, engine="spark", spark=spark)
    assert str(err.value).startswith(
        "CDNOW_sample.txt: column 'amount': negative amounts (returns or refunds) in 3 rows: "
        "index 4 (-1.0), index 40 (-1.0), index 400 (-1.0); fix: ")
    (tmp_path / "ok.csv").write_text("customer_id,date,amount\n1,2020-01-01,10\n"
                                     "2,2020-01-02,5\n3,2020-01-03,1\n")
    path = tmp_path / "bad.csv"
    path.write_text("customer_id,date,amount\n1,2020-01-01,10\n2,2020-01-02,x\n"
                    "3,2020-01-03,1\n")
    with pytest.raises(DataValidationError,
                       match=r"bad.csv: column 'amount': non-numeric values in 1 row: line 3 "
                             r"\('x'\); fix: "):
        rfm_summary(str(path), engine="spark", spark=spark)
    sdf = spark.createDataFrame(cdnow_transactions[["customer_id", "date", "amount"]]).withColumnRenamed(
        "amount", "Amount")
    with pytest.raises(DataValidationError, match=r"'amount' is missing .*did you mean 'Amount'"):
        rfm_summary(sdf, engine="spark", spark=spark)
    with pytest.raises(ParameterError, match="memory_limit"):
        rfm_summary(sdf, engine="spark", spark=spark, memory_limit="1GB")
    with pytest.raises(DataValidationError,
                       match=r"all 3 transaction\(s\) are dated after observation_end 2019-12-31"):
        rfm_summary(str(path.with_name("ok.csv")), engine="spark", spark=spark,
                    observation_end="2019-12-31")
