"""Parquet files written by pandas (``DataFrame.to_parquet``, default options) give every engine
the same summary, whatever the unit or time zone of their timestamps.

pandas reads the file with ``read_transactions`` (one time zone: converted to UTC, made naive);
DuckDB (both reductions) and Spark read the path. Spark runs with a session time zone far from
UTC, and the times sit near midnight, so a timestamp read in the wrong zone changes the day.
"""

from __future__ import annotations

import pandas as pd
import pytest

from clvmodels import read_transactions
from clvmodels.exceptions import DataValidationError
from clvmodels.features import _duckdb, calibration_holdout_split, rfm_summary

pytestmark = [
    pytest.mark.filterwarnings("ignore::clvmodels.exceptions.DataWarning"),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),  # pyspark on pandas 3
]

#: (customer, local time, amount): pairs around midnight (one UTC day in Berlin and New York, two
#: local days), a nanosecond before midnight on the calibration end, times across the DST switch
#: (2024-03-31 in Berlin), a customer first seen in the holdout, and a last row whose UTC day in
#: Berlin is the day before its local one (it sets observation_end).
ROWS = [
    (1, "2024-03-01 23:30:00", 10.0), (1, "2024-03-02 00:30:00", 5.0),
    (1, "2024-03-20 12:00:00", 8.0),
    (2, "2024-03-03 00:15:00", 3.0), (2, "2024-03-10 23:59:59.999999999", 4.5),
    (3, "2024-03-05 00:00:00", 7.0),
    (4, "2024-03-31 01:30:00", 2.0), (4, "2024-03-31 03:30:00", 6.0),
    (4, "2024-03-08 22:00:00", 1.0),
    (5, "2024-03-25 00:45:00", 9.0),
    (6, "2024-04-01 00:20:00", 4.0), (6, "2024-03-02 12:00:00", 4.0),
]
CALIBRATION_END = "2024-03-10"


def transactions(kind: str) -> pd.DataFrame:
    """The log of ``ROWS`` with its ``date`` column stored as ``kind``."""
    cid, times, amount = zip(*ROWS, strict=True)
    date = pd.Series(pd.to_datetime(list(times), format="ISO8601")).astype("datetime64[ns]")
    df = pd.DataFrame({"customer_id": list(cid), "date": date, "amount": list(amount)})
    if kind == "us":
        df["date"] = date.astype("datetime64[us]")
    elif kind == "ms":
        df["date"] = date.astype("datetime64[ms]")
    elif kind == "date32":
        df["date"] = [t.date() for t in date]
    elif kind == "tz_ns":
        df["date"] = date.dt.tz_localize("Europe/Berlin")
    elif kind == "tz_us":
        df["date"] = date.dt.tz_localize("America/New_York").astype(
            "datetime64[us, America/New_York]")
    elif kind == "ns_other":  # a microsecond date next to a nanosecond column
        df["date"] = date.astype("datetime64[us]")
        df["created_at"] = date
    else:
        assert kind == "ns"
    return df


KINDS = ["ns", "us", "ms", "date32", "tz_ns", "tz_us", "ns_other"]
#: DuckDB with each reduction; Spark (skipped by the ``spark`` fixture when there is no JVM)
ENGINES = ["duckdb-sort", "duckdb-sql", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch) -> dict:
    """``engine=`` and its options: DuckDB with either reduction, Spark in Asia/Tokyo time."""
    name, _, reduction = request.param.partition("-")
    if name == "duckdb":
        monkeypatch.setattr(_duckdb, "_FORCE_REDUCTION", reduction)
        return {"engine": "duckdb"}
    spark = request.getfixturevalue("spark")
    key = "spark.sql.session.timeZone"
    old = spark.conf.get(key)
    spark.conf.set(key, "Asia/Tokyo")
    request.addfinalizer(lambda: spark.conf.set(key, old))
    return {"engine": "spark", "spark": spark}


@pytest.fixture(scope="module", params=KINDS)
def parquet(request, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp(request.param) / "tx.parquet"
    transactions(request.param).to_parquet(path)
    return str(path)


def test_rfm_summary_same_for_every_engine(parquet, engine):
    expected = rfm_summary(read_transactions(parquet), time_unit="W")
    actual = rfm_summary(parquet, time_unit="W", **engine)
    pd.testing.assert_frame_equal(actual, expected)
    assert actual.attrs == expected.attrs


def test_calibration_holdout_split_same_for_every_engine(parquet, engine):
    expected = calibration_holdout_split(read_transactions(parquet),
                                         calibration_end=CALIBRATION_END)
    actual = calibration_holdout_split(parquet, calibration_end=CALIBRATION_END, **engine)
    pd.testing.assert_frame_equal(actual, expected)
    assert actual.attrs == expected.attrs


def test_zoned_times_count_in_utc(tmp_path):
    """The reference itself: Berlin 23:30 and 00:30 are one UTC day; the last UTC day is 03-31."""
    path = tmp_path / "tx.parquet"
    transactions("tz_ns").to_parquet(path)
    summary = rfm_summary(read_transactions(path))
    assert summary.loc[1, "frequency"] == 1  # 03-01 (twice in UTC) and 03-20
    assert summary.attrs["observation_end"] == pd.Timestamp("2024-03-31")


@pytest.mark.parametrize("kind", ["ns", "tz_ns", "tz_us"])
def test_duckdb_days_do_not_depend_on_the_session_time_zone(tmp_path, kind):
    """The engine's connection runs in UTC; its date SQL does not rely on that."""
    import duckdb

    path = tmp_path / "tx.parquet"
    transactions(kind).to_parquet(path)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Tokyo'")
    source = f"read_parquet('{path}')"
    t_date = con.execute(f"DESCRIBE SELECT date FROM {source}").fetchall()[0][1]
    days = [r[0] for r in con.execute(f"SELECT {_duckdb._date_sql('date', t_date)} FROM {source}")
            .fetchall()]
    assert days == [t.date() for t in read_transactions(path)["date"]]


def test_date_of_another_type_is_one_line_error(tmp_path, engine):
    path = tmp_path / "tx.parquet"
    pd.DataFrame({"customer_id": [1, 2], "date": [1.5, 2.5], "amount": [1.0, 2.0]}).to_parquet(
        path)
    with pytest.raises(DataValidationError) as err:
        rfm_summary(str(path), **engine)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: column 'date' has type ")
    assert "not a date; store dates as DATE/TIMESTAMP" in message
