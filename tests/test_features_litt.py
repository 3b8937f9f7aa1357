"""The ``litt`` summary column (sum of log inter-purchase times) in every engine.

``litt = sum_{i=1..x} log((d_i - d_{i-1}) / unit_days)`` over a customer's distinct purchase days
``d_0 < ... < d_x`` of the (calibration) period: BTYDplus's ``litt``, which the BG/CNBD-k and
MBG/CNBD-k models need to choose the regularity k. pandas is checked by hand and against a
per-customer loop; DuckDB (both reductions) and Spark against pandas.
"""

from __future__ import annotations

import os
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels._units import days_per_unit
from clvmodels.exceptions import DataWarning
from clvmodels.features import calibration_holdout_split, rfm_summary

try:
    import pyspark  # noqa: F401

    _SPARK_SKIP = None
except ImportError as exc:  # pragma: no cover - depends on the machine
    _SPARK_SKIP = f"pyspark is not installed ({exc}); pip install 'clvmodels[spark]'"
if _SPARK_SKIP is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    _SPARK_SKIP = "no JVM: Spark needs Java 17+ (install a JDK or set JAVA_HOME)"

SUMMARY_COLUMNS = ["frequency", "recency", "T", "litt", "monetary_value"]
SPLIT_COLUMNS = [*SUMMARY_COLUMNS, "frequency_holdout", "monetary_value_holdout",
                 "duration_holdout"]


def hand_log() -> pd.DataFrame:
    """Customer 1 buys on days 0, 7 (twice: merged) and 21; customer 2 once; customer 3 on
    days 2 and 3; customer 4 on days 1, 9 (calibration) and 19, 20 (holdout)."""
    rows = [
        (1, "2024-01-01 09:00", 10.0), (1, "2024-01-08 10:00", 5.0),
        (1, "2024-01-08 18:30", 7.0), (1, "2024-01-22 12:00", 3.0),
        (2, "2024-01-05 08:00", 4.0),
        (3, "2024-01-03 08:00", 1.0), (3, "2024-01-04 23:59", 2.0),
        (4, "2024-01-02 00:00", 1.0), (4, "2024-01-10 00:00", 1.0),
        (4, "2024-01-20 00:00", 1.0), (4, "2024-01-21 00:00", 1.0),
    ]
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"])
    return df.sample(frac=1.0, random_state=0).reset_index(drop=True)  # any row order


def reference_litt(tx: pd.DataFrame, end: str, time_unit: str) -> pd.Series:
    """litt by a loop over customers: log gaps of the distinct purchase days up to ``end``."""
    unit = days_per_unit(time_unit)
    days = tx.loc[tx["date"] < pd.Timestamp(end) + pd.Timedelta(days=1)]
    days = days.assign(day=days["date"].dt.floor("D"))
    out = {}
    for cid, group in days.groupby("customer_id"):
        d = np.unique(group["day"].to_numpy().astype("datetime64[D]").astype(np.int64))
        out[cid] = float(np.sum(np.log(np.diff(d) / unit)))
    return pd.Series(out, name="litt").rename_axis("customer_id")


def test_litt_by_hand_pandas():
    tx = hand_log()
    for ids in ("int", "str"):  # the packed reduction (integer ids) and the generic one
        log = tx if ids == "int" else tx.assign(customer_id=tx["customer_id"].map("c{}".format))
        s = rfm_summary(log, observation_end="2024-01-31", time_unit="W")
        assert list(s.columns) == SUMMARY_COLUMNS
        first = s.index[0]
        # days 0, 7, 7, 21: gaps 7 and 14 days = 1 and 2 weeks
        assert s.loc[first, "frequency"] == 2.0
        assert s.loc[first, "litt"] == pytest.approx(np.log(1.0) + np.log(2.0), abs=1e-12)
        assert s.iloc[1]["frequency"] == 0.0 and s.iloc[1]["litt"] == 0.0  # one purchase
        assert s.iloc[2]["litt"] == pytest.approx(np.log(1 / 7), abs=1e-12)  # next day
        assert s.iloc[3]["litt"] == pytest.approx(np.log(8 / 7) + np.log(10 / 7) + np.log(1 / 7),
                                                  abs=1e-12)
        days = rfm_summary(log, observation_end="2024-01-31", time_unit="D")
        np.testing.assert_allclose(days["litt"], [np.log(7 * 14), 0.0, 0.0,
                                                  np.log(8 * 10 * 1)], atol=1e-12)
        # the split: litt of the calibration days only (customer 4: days 1 and 9)
        split = calibration_holdout_split(log, calibration_end="2024-01-15",
                                          observation_end="2024-01-31", time_unit="W")
        assert list(split.columns) == SPLIT_COLUMNS
        np.testing.assert_allclose(split["litt"], [np.log(1.0), 0.0, np.log(1 / 7),
                                                   np.log(8 / 7)], atol=1e-12)
        assert split["frequency_holdout"].tolist() == [1.0, 0.0, 0.0, 2.0]


@pytest.fixture(scope="module")
def crm():
    datasets = pytest.importorskip("clvmodels.datasets")
    if not hasattr(datasets, "make_crm_data"):
        pytest.skip("make_crm_data not available")
    return datasets.make_crm_data(2000, random_state=1)


def crm_log(crm, ids: str) -> pd.DataFrame:
    tx = crm.transactions[["customer_id", "date", "amount"]].copy()
    tx.attrs.update(crm.transactions.attrs)
    if ids == "str":
        tx["customer_id"] = pd.array([f"C{c:06d}" for c in tx["customer_id"]], dtype="str")
    return tx


@pytest.mark.filterwarnings("ignore::clvmodels.exceptions.DataWarning")  # new in holdout
@pytest.mark.parametrize("time_unit", ["D", "W", "M"])
def test_litt_pandas_matches_loop_on_make_crm_data(crm, time_unit):
    tx = crm_log(crm, "int")
    s = rfm_summary(tx, observation_end=crm.observation_end, time_unit=time_unit)
    ref = reference_litt(tx, crm.observation_end, time_unit)
    assert (s["frequency"] > 1).sum() > 100
    pd.testing.assert_series_equal(s["litt"], ref.loc[s.index], rtol=1e-12, atol=1e-12,
                                   check_index_type=False)
    cal = calibration_holdout_split(tx, calibration_end=crm.calibration_end,
                                    observation_end=crm.observation_end, time_unit=time_unit)
    ref = reference_litt(tx, crm.calibration_end, time_unit)
    pd.testing.assert_series_equal(cal["litt"], ref.loc[cal.index], rtol=1e-12, atol=1e-12,
                                   check_index_type=False)
    # string ids take the other pandas reduction: the same numbers
    s_str = rfm_summary(crm_log(crm, "str"), observation_end=crm.observation_end,
                        time_unit=time_unit)
    np.testing.assert_allclose(s_str["litt"].to_numpy(), s["litt"].to_numpy(), rtol=1e-12,
                               atol=1e-12)


def run(func, *args, **kwargs):
    """Call and return (result, [DataWarning messages])."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(*args, **kwargs)
    return out, [str(w.message) for w in caught if w.category is DataWarning]


def assert_same(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    """Same index and columns, exact frequency, the others (litt included) to 1e-9."""
    pd.testing.assert_index_equal(actual.index, expected.index, exact=True)
    assert list(actual.columns) == list(expected.columns)
    assert "litt" in actual.columns
    for col in expected.columns:
        if col.startswith("frequency"):
            np.testing.assert_array_equal(actual[col].to_numpy(), expected[col].to_numpy())
        else:
            np.testing.assert_allclose(actual[col].to_numpy(), expected[col].to_numpy(),
                                       rtol=1e-9, atol=1e-9, err_msg=col)
    assert actual.attrs == expected.attrs


@pytest.fixture(params=["sort", "sql"])
def duckdb_reduction(request, monkeypatch) -> str:
    """DuckDB's in-memory sort reduction and its SQL (window) reduction, as in
    test_engines_duckdb.py."""
    pytest.importorskip("duckdb")
    from clvmodels.features import _duckdb

    monkeypatch.setattr(_duckdb, "_FORCE_REDUCTION", request.param)
    return request.param


@pytest.mark.parametrize("ids", ["int", "str"])
@pytest.mark.parametrize("time_unit", ["D", "W"])
def test_litt_duckdb_matches_pandas(crm, duckdb_reduction, time_unit, ids):
    tx = crm_log(crm, ids)
    end, cal_end = crm.observation_end, crm.calibration_end
    expected, w_pd = run(rfm_summary, tx, observation_end=end, time_unit=time_unit)
    actual, w_db = run(rfm_summary, tx, observation_end=end, time_unit=time_unit,
                       engine="duckdb")
    assert_same(expected, actual)
    assert w_db == w_pd
    expected, w_pd = run(calibration_holdout_split, tx, calibration_end=cal_end,
                         observation_end=end, time_unit=time_unit)
    actual, w_db = run(calibration_holdout_split, tx, calibration_end=cal_end,
                       observation_end=end, time_unit=time_unit, engine="duckdb")
    assert_same(expected, actual)
    assert w_db == w_pd
    assert list(actual.columns) == SPLIT_COLUMNS


def test_litt_duckdb_by_hand(duckdb_reduction):
    tx = hand_log()
    for ids in ("int", "str"):
        log = tx if ids == "int" else tx.assign(customer_id=tx["customer_id"].map("c{}".format))
        for func, kw in ((rfm_summary, {}), (calibration_holdout_split,
                                             {"calibration_end": "2024-01-15"})):
            expected = func(log, observation_end="2024-01-31", time_unit="W", **kw)
            actual = func(log, observation_end="2024-01-31", time_unit="W", engine="duckdb",
                          **kw)
            assert_same(expected, actual)


@pytest.mark.spark
@pytest.mark.skipif(_SPARK_SKIP is not None, reason=_SPARK_SKIP or "")
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
@pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")  # pyspark on pandas 3
def test_litt_spark_matches_pandas(spark, crm):
    tx = crm_log(crm, "int")
    end, cal_end = crm.observation_end, crm.calibration_end
    for func, kw in ((rfm_summary, {}), (calibration_holdout_split,
                                         {"calibration_end": cal_end})):
        expected, w_pd = run(func, tx, observation_end=end, time_unit="W", **kw)
        actual, w_sp = run(func, tx, observation_end=end, time_unit="W", engine="spark",
                           spark=spark, **kw)
        assert_same(expected, actual)
        assert w_sp == w_pd
