"""Tests of the BTYD summary, the calibration/holdout split and the customer features.

References: the published CDNOW calibration summary (Fader, Hardie & Lee 2005, shipped with
lifetimes as cdnow_customers_summary_with_transactions.csv) and lifetimes 0.11.3's
summary_data_from_transaction_data / calibration_and_holdout_data.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import load_cdnow_summary
from clvmodels.exceptions import DataValidationError, DataWarning, ParameterError
from clvmodels.features import calibration_holdout_split, customer_features, rfm_summary


def _tx(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"])
    df["amount"] = df["amount"].astype(float)
    return df


def test_cdnow_summary_reproduces_published_calibration_summary(cdnow_transactions):
    with pytest.warns(DataWarning, match="1959 transaction"):
        ours = rfm_summary(cdnow_transactions, observation_end="1997-09-30", time_unit="W")
    published = load_cdnow_summary()
    assert ours.index.equals(published.index)
    np.testing.assert_array_equal(ours["frequency"], published["frequency"])
    # the published file rounds to 2 decimals
    for col in ("recency", "T", "monetary_value"):
        assert np.abs(ours[col] - published[col]).max() <= 0.005 + 1e-9, col
    assert ours.attrs["time_unit"] == "W"
    assert ours.attrs["observation_end"] == pd.Timestamp("1997-09-30")


@pytest.mark.parametrize("observation_end", [None, "1997-09-30"])
def test_daily_summary_equals_lifetimes(cdnow_transactions, observation_end):
    from lifetimes.utils import summary_data_from_transaction_data

    ref = summary_data_from_transaction_data(
        cdnow_transactions, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=observation_end or cdnow_transactions["date"].max(), freq="D",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        ours = rfm_summary(cdnow_transactions, observation_end=observation_end, time_unit="D")
    assert list(ours.index) == list(ref.index)
    for col in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_allclose(ours[col].to_numpy(), ref[col].to_numpy(), rtol=1e-12, err_msg=col)


def test_calibration_holdout_split_matches_lifetimes(cdnow_transactions):
    from lifetimes.utils import calibration_and_holdout_data

    ref = calibration_and_holdout_data(
        cdnow_transactions, "customer_id", "date", calibration_period_end="1997-09-30",
        observation_period_end="1998-06-30", freq="D", monetary_value_col="amount",
    )
    ours = calibration_holdout_split(
        cdnow_transactions, calibration_end="1997-09-30", observation_end="1998-06-30", time_unit="D"
    )
    assert list(ours.index) == list(ref.index)
    pairs = {
        "frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal",
        "monetary_value": "monetary_value_cal", "frequency_holdout": "frequency_holdout",
        "duration_holdout": "duration_holdout",
    }
    for ours_col, ref_col in pairs.items():
        np.testing.assert_allclose(ours[ours_col], ref[ref_col], rtol=1e-12, err_msg=ours_col)
    # lifetimes averages holdout spend per row; we average per purchase day. They agree for
    # customers with one row per holdout purchase day.
    per_day = cdnow_transactions[cdnow_transactions["date"] > "1997-09-30"].groupby(["customer_id", "date"]).size()
    single = per_day.groupby(level=0).max().pipe(lambda s: s[s == 1]).index
    np.testing.assert_allclose(
        ours.loc[single, "monetary_value_holdout"], ref.loc[single, "monetary_value_holdout"]
    )
    assert ours.attrs["n_new_in_holdout"] == 0


def test_weekly_split_holdout_is_39_weeks(cdnow_transactions):
    out = calibration_holdout_split(
        cdnow_transactions, calibration_end="1997-09-30", observation_end="1998-06-30", time_unit="W"
    )
    assert out["duration_holdout"].iloc[0] == pytest.approx(273 / 7)
    assert out.columns.tolist() == [
        "frequency", "recency", "T", "litt", "monetary_value",
        "frequency_holdout", "monetary_value_holdout", "duration_holdout",
    ]
    assert out["frequency_holdout"].sum() > 0


def test_same_day_purchases_are_one_purchase_and_units():
    tx = _tx([
        ("a", "2024-01-01", 10), ("a", "2024-01-01", 5), ("a", "2024-01-08", 20),
        ("a", "2024-01-15", 40), ("b", "2024-01-10", 7),
    ])
    d = rfm_summary(tx, observation_end="2024-01-29", time_unit="D")
    # litt: log of the 7-day gaps between the purchase days 1, 8 and 15 January
    assert d.loc["a"].tolist() == pytest.approx([2.0, 14.0, 28.0, 2 * np.log(7.0), 30.0])
    assert d.loc["b"].tolist() == [0.0, 0.0, 19.0, 0.0, 0.0]
    w = rfm_summary(tx, observation_end="2024-01-29", time_unit="W")
    assert w.loc["a", "T"] == pytest.approx(4.0)
    m = rfm_summary(tx, observation_end="2024-01-29", time_unit="M")
    assert m.loc["a", "T"] == pytest.approx(28 / (365.25 / 12))


def test_every_customer_exactly_once_sorted():
    rng = np.random.default_rng(0)
    n = 5000
    ids = rng.integers(0, 700, n)
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    tx = pd.DataFrame({"customer_id": ids, "date": dates, "amount": rng.gamma(2, 10, n)})
    out = rfm_summary(tx)
    assert out.index.is_unique and out.index.is_monotonic_increasing
    assert set(out.index) == set(ids)
    feats = customer_features(tx)
    assert feats.index.equals(out.index)
    assert (feats["n_purchase_days"] - 1 == out["frequency"]).all()


def test_transactions_after_observation_end_are_counted():
    tx = _tx([("a", "2024-01-01", 1), ("a", "2024-03-01", 1), ("b", "2024-02-01", 1)])
    with pytest.warns(DataWarning, match="1 transaction"):
        out = rfm_summary(tx, observation_end="2024-02-15")
    assert out.loc["a", "frequency"] == 0


def test_customers_new_in_holdout_are_reported():
    tx = _tx([("a", "2024-01-01", 1), ("a", "2024-03-01", 2), ("b", "2024-03-05", 3)])
    with pytest.warns(DataWarning, match="1 customer"):
        out = calibration_holdout_split(tx, calibration_end="2024-02-01")
    assert out.index.tolist() == ["a"]
    assert out.attrs["new_in_holdout"] == ["b"]
    assert out.loc["a", "frequency_holdout"] == 1
    assert out.loc["a", "monetary_value_holdout"] == 2


def test_calibration_end_after_observation_end_is_an_error():
    tx = _tx([("a", "2024-01-01", 1), ("a", "2024-03-01", 2)])
    with pytest.raises(ParameterError, match="calibration_end"):
        calibration_holdout_split(tx, calibration_end="2024-06-01")


def test_bad_inputs_give_one_line_errors():
    with pytest.raises(ParameterError, match="time_unit"):
        rfm_summary(_tx([("a", "2024-01-01", 1)]), time_unit="Y")
    bad = pd.DataFrame({"customer_id": [1], "amount": [1.0]})
    with pytest.raises(DataValidationError, match="'date' is missing"):
        rfm_summary(bad)
    with pytest.raises(ParameterError, match="engine"):
        rfm_summary(_tx([("a", "2024-01-01", 1)]), engine="polars")
    tx = _tx([("a", "2024-01-01", 1), (None, "2024-01-02", 1)])
    with pytest.raises(DataValidationError, match="customer_id.*row"):
        rfm_summary(tx)


def test_customer_features_hand_example():
    tx = _tx([
        ("a", "2024-01-01", 10), ("a", "2024-01-01", 5), ("a", "2024-01-11", 20),
        ("a", "2024-01-31", 40), ("b", "2024-01-10", 7),
    ])
    tx["order_id"] = [1, 1, 2, 3, 4]
    tx["cost"] = [5.0, 1.0, 10.0, 30.0, 9.0]
    f = customer_features(tx, observation_end="2024-02-10")
    a = f.loc["a"]
    assert a["days_since_last_purchase"] == 10
    assert a["tenure_days"] == 40
    assert a["n_orders"] == 3
    assert a["n_purchase_days"] == 3
    assert a["total_spend"] == 75
    assert a["mean_order_value"] == 25
    assert a["avg_cycle_days"] == 15
    assert a["total_profit"] == 75 - 46
    assert np.isnan(f.loc["b", "avg_cycle_days"])
    assert f.loc["b", "total_profit"] == -2


def assert_same_values(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    """frequency, recency, T exactly; monetary_value to 1e-12 (text and sparse ids take the
    general reduction, dense integer ids the packed-key one: spend is added in another order)."""
    exact = ["frequency", "recency", "T"]
    np.testing.assert_array_equal(actual[exact].to_numpy(), expected[exact].to_numpy())
    np.testing.assert_allclose(actual["monetary_value"].to_numpy(),
                               expected["monetary_value"].to_numpy(), rtol=1e-12, atol=1e-12)


def test_string_ids_give_the_same_summary_sorted_by_id(cdnow_transactions):
    numeric = rfm_summary(cdnow_transactions)
    tx = cdnow_transactions.copy()
    tx["customer_id"] = tx["customer_id"].astype(str).str.zfill(5)
    text = rfm_summary(tx)
    assert text.index.is_monotonic_increasing
    assert text.index[0] == "00001"
    assert_same_values(text, numeric)
    tx["customer_id"] = tx["customer_id"].astype(object)
    assert_same_values(rfm_summary(tx), numeric)


def test_huge_sparse_integer_ids_give_the_same_summary(cdnow_transactions):
    tx = cdnow_transactions.copy()
    tx["customer_id"] = tx["customer_id"] * 10**13  # id x day key would overflow int64
    big = rfm_summary(tx)
    small = rfm_summary(cdnow_transactions)
    assert (big.index // 10**13).tolist() == small.index.tolist()
    assert_same_values(big, small)


def test_sort_order_packed_and_argsort_paths_agree():
    from clvmodels.features._pandas import _sort_order

    rng = np.random.default_rng(1)
    small = rng.integers(0, 1000, 500)
    order, sorted_keys = _sort_order(small)
    np.testing.assert_array_equal(sorted_keys, np.sort(small))
    np.testing.assert_array_equal(small[order], sorted_keys)
    huge = rng.integers(0, 2**61, 500)  # 61 + 9 bits do not fit: argsort path
    order, sorted_keys = _sort_order(huge)
    np.testing.assert_array_equal(sorted_keys, np.sort(huge))
    np.testing.assert_array_equal(huge[order], sorted_keys)


@pytest.mark.filterwarnings("ignore::clvmodels.exceptions.DataWarning")
def test_packed_and_general_reductions_agree_with_same_day_repeats_and_split():
    # integer ids take the packed-key reduction, the same ids as zero-padded text the general
    # one; many same-day repeats, customers first seen in the holdout, rows after the end
    rng = np.random.default_rng(5)
    n = 30_000
    cid = rng.integers(1, 3_000, n)
    day = rng.integers(0, 500, n)
    dup = rng.random(n) < 0.3
    cid, day = np.r_[cid, cid[dup]], np.r_[day, day[dup]]
    seconds = rng.integers(0, 86_400, len(day))
    dates = pd.Timestamp("2021-01-01") + pd.to_timedelta(day, "D") + pd.to_timedelta(seconds, "s")
    tx = pd.DataFrame({"customer_id": cid, "date": dates,
                       "amount": np.round(rng.gamma(2.0, 20.0, len(day)), 2)})
    text = tx.assign(customer_id=tx["customer_id"].astype(str).str.zfill(5))
    for kw in ({}, {"observation_end": "2022-01-31"}):
        a, b = rfm_summary(tx, time_unit="W", **kw), rfm_summary(text, time_unit="W", **kw)
        assert a.index.astype(str).str.zfill(5).tolist() == b.index.tolist()
        assert_same_values(a, b)
        assert (a["frequency"] > 0).mean() > 0.9
    kw = {"calibration_end": "2021-02-15", "observation_end": "2022-03-31", "time_unit": "W"}
    a, b = calibration_holdout_split(tx, **kw), calibration_holdout_split(text, **kw)
    assert a.attrs["n_new_in_holdout"] == b.attrs["n_new_in_holdout"] > 0
    assert [f"{c:05d}" for c in a.attrs["new_in_holdout"]] == list(b.attrs["new_in_holdout"])
    assert a.index.astype(str).str.zfill(5).tolist() == b.index.tolist()
    assert_same_values(a, b)
    hold = ["frequency_holdout", "duration_holdout"]
    np.testing.assert_array_equal(a[hold].to_numpy(), b[hold].to_numpy())
    np.testing.assert_allclose(a["monetary_value_holdout"], b["monetary_value_holdout"],
                               rtol=1e-12)


def test_summaries_default_to_the_observation_end_recorded_by_read_transactions(
    tmp_path: Path,
) -> None:
    """A log read with observation_end keeps it: T runs to that date, not to the last purchase."""
    from clvmodels import read_transactions

    path = tmp_path / "log.csv"
    path.write_text("customer_id,date,amount\n1,2024-01-01,5\n1,2024-01-15,7\n2,2024-01-08,3\n")
    tx = read_transactions(path, observation_end="2024-01-29")
    summary = rfm_summary(tx, time_unit="W")
    assert summary.attrs["observation_end"] == pd.Timestamp("2024-01-29")
    assert summary.loc[1, "T"] == 4.0 and summary.loc[2, "T"] == 3.0
    split = calibration_holdout_split(tx, calibration_end="2024-01-10", time_unit="D")
    assert split["duration_holdout"].iloc[0] == 19.0  # Jan 11 to Jan 29
    assert customer_features(tx).loc[1, "days_since_last_purchase"] == 14.0
    # an explicit end still wins
    assert rfm_summary(tx, observation_end="2024-01-15", time_unit="D").loc[1, "T"] == 14.0


def test_one_public_entry_point_per_function_and_one_engine_list():
    import inspect

    import clvmodels.features as features
    from clvmodels.features import engines, summary

    assert features.rfm_summary is summary.rfm_summary
    assert features.calibration_holdout_split is summary.calibration_holdout_split
    assert not hasattr(engines, "rfm_summary")
    assert not hasattr(engines, "calibration_holdout_split")
    for func in (rfm_summary, calibration_holdout_split):
        assert inspect.signature(func).parameters["engine"].default == "pandas"
    assert features.ENGINES is summary.ENGINES is engines.ENGINES
    assert features.ENGINES == ("pandas", "duckdb", "spark")
    assert set(engines.ENGINE_OPTIONS) == set(features.ENGINES)


def test_arguments_are_checked_once_with_one_line_messages():
    tx = _tx([("a", "2024-01-01", 1), ("a", "2024-02-01", 2)])
    for func, kw in ((rfm_summary, {}), (customer_features, {}),
                     (calibration_holdout_split, {"calibration_end": "2024-01-15"})):
        with pytest.raises(ParameterError, match="observation_end='someday' is not a date"):
            func(tx, observation_end="someday", **kw)
    with pytest.raises(ParameterError, match="calibration_end='later' is not a date"):
        calibration_holdout_split(tx, calibration_end="later")
    with pytest.raises(ParameterError, match="calibration_end is required"):
        calibration_holdout_split(tx, calibration_end=None)
    with pytest.raises(ParameterError, match=r"engine='polars' is not supported; use one of "
                                             r"'pandas', 'duckdb', 'spark'"):
        calibration_holdout_split(tx, calibration_end="2024-01-15", engine="polars")
    with pytest.raises(ParameterError,
                       match=r"rfm_summary got unexpected argument\(s\) \['columns'\] for "
                             r"engine='pandas'"):
        rfm_summary(tx, columns={"amount": "sales"})
    with pytest.raises(ParameterError, match="time_unit='Y' is not supported"):
        calibration_holdout_split(tx, calibration_end="2024-01-15", time_unit="Y")


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
@pytest.mark.parametrize("ids", ["int", "str"])
def test_data_warnings_point_at_the_callers_line(engine, ids):
    """Excluded rows and customers new in the holdout are reported at the user's call."""
    if engine == "duckdb":
        pytest.importorskip("duckdb")
    tx = _tx([(1, "2024-01-01", 1), (1, "2024-02-01", 2), (2, "2024-02-15", 1),
              (1, "2024-03-01", 1)])
    if ids == "str":
        tx["customer_id"] = tx["customer_id"].astype(str)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm_summary(tx, observation_end="2024-02-20", engine=engine)
        calibration_holdout_split(tx, calibration_end="2024-01-15", observation_end="2024-02-20",
                                  engine=engine)
        if engine == "pandas":
            customer_features(tx, observation_end="2024-02-20")
    ours = [w for w in caught if issubclass(w.category, DataWarning)]
    messages = [str(w.message) for w in ours]
    assert sum("1 transaction(s) dated after observation_end 2024-02-20" in m
               for m in messages) == (3 if engine == "pandas" else 2)
    assert sum("1 customer(s) made their first purchase in the holdout" in m
               for m in messages) == 1
    assert [w.filename for w in ours] == [__file__] * len(ours)
