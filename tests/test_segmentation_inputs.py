"""framework_inputs and honest degradation (available_frameworks) on data without cost etc."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.segmentation import (
    available_frameworks,
    customer_value,
    framework_inputs,
    model_predictions,
    run_frameworks,
)


def transactions(with_cost: bool = True) -> pd.DataFrame:
    rows = [
        (3, "2024-01-01", 10.0), (3, "2024-01-01", 5.0), (3, "2024-03-01", 20.0),
        (1, "2024-02-01", 100.0), (1, "2024-05-01", 50.0), (1, "2024-06-20", 50.0),
        (2, "2024-06-01", 7.0), (4, "2024-01-15", 30.0), (4, "2024-06-25", 60.0),
        (5, "2024-07-01", 1.0),  # after observation_end in the period test
    ]
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    tx["date"] = pd.to_datetime(tx["date"])
    if with_cost:
        tx["cost"] = tx["amount"] * 0.6
    return tx


def test_framework_inputs_columns_and_period():
    tx = transactions()
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5, 6], "referrals": [2, 0, 1, 0, 0, 3]})
    campaigns = pd.DataFrame({"customer_id": [1, 1, 2, 3], "responded": [True, False, True, False],
                              "date": pd.to_datetime(["2024-02-01"] * 3 + ["2024-12-01"])})
    surveys = pd.DataFrame({"customer_id": [1, 4], "satisfaction": [5, 2],
                            "date": pd.to_datetime(["2024-03-01", "2024-03-01"])})
    X = framework_inputs(tx, customers=customers, campaigns=campaigns, surveys=surveys,
                         p_alive=pd.Series({1: 0.9, 2: 0.5}), observation_end="2024-06-30")
    assert list(X.index) == [1, 2, 3, 4]  # customer 5 bought after the end; 6 never bought
    assert X.loc[1, "response_rate"] == 0.5
    assert X.loc[2, "response_rate"] == 1.0
    assert np.isnan(X.loc[3, "response_rate"])  # its only contact is after the end
    assert X.loc[4, "satisfaction"] == 2 and np.isnan(X.loc[3, "satisfaction"])
    assert X.loc[1, "referrals"] == 2
    assert np.isnan(X.loc[3, "p_alive"])
    # customer 1: 100 in the first half (Jan 1 - Mar 31), 100 in the second: growth 0
    assert X.loc[1, "spend_growth"] == pytest.approx(0.0)
    assert X.loc[3, "spend_growth"] == pytest.approx(-1.0)
    assert X.attrs["sources"] == {"cost": True, "customers": True, "campaigns": True,
                                  "surveys": True}
    with_potential = framework_inputs(tx, customers=customers, include_non_buyers=True,
                                      observation_end="2024-06-30")
    assert 6 in with_potential.index and with_potential.loc[6, "n_purchase_days"] == 0


def test_cdnow_like_data_degrades_honestly():
    X = framework_inputs(transactions(with_cost=False))
    av = available_frameworks(X)
    assert not av.loc["volume_profit", "available"]
    assert "cost" in av.loc["volume_profit", "note"]
    assert not av.loc["value_response", "available"]
    assert "campaign" in av.loc["value_response", "note"]
    assert not av.loc["loyalty_matrix", "available"]
    assert "survey" in av.loc["loyalty_matrix", "note"]
    for key in ("pyramid", "pareto", "value_grid", "value_loyalty", "lifecycle",
                "value_indicator"):
        assert av.loc[key, "available"], key
    assert av.loc["pyramid", "value_basis"] == "revenue"
    assert "revenue" in av.loc["pyramid", "note"]
    assert all("\n" not in n for n in av["note"])
    res = run_frameworks(X)
    assert "volume_profit" in res.skipped and "volume_profit" not in res.segments
    assert res.segments.index.equals(X.index)
    assert "revenue" in res.notes["pyramid"]


def test_customer_value_says_what_it_is():
    X = framework_inputs(transactions(with_cost=False))
    v = customer_value(X)
    assert v.attrs["value_basis"] == "revenue" and "revenue" in v.attrs["note"]
    assert v.index.equals(X.index)
    Xc = framework_inputs(transactions())
    vc = customer_value(Xc)
    assert vc.attrs["value_basis"] == "profit"
    np.testing.assert_allclose(vc, Xc["total_spend"] * 0.4)


def test_model_predictions_columns_and_units():
    pytest.importorskip("clvmodels.models")
    datasets = pytest.importorskip("clvmodels.datasets")
    data = datasets.make_crm_data(400, random_state=5)
    mp = model_predictions(data.transactions, observation_end=data.calibration_end, time_unit="W")
    assert list(mp.columns) == ["p_alive", "expected_purchases", "clv"]
    assert mp["p_alive"].between(0, 1).all() and (mp["clv"] >= 0).all()
    assert mp.attrs["horizon"] == 52 and mp.attrs["time_unit"] == "W"
    assert mp.attrs["discount_rate"] == pytest.approx(1.1 ** (7 / 365.25) - 1)  # a year of 365.25 days
    X = framework_inputs(data, observation_end=data.calibration_end, p_alive=mp["p_alive"])
    assert X["p_alive"].notna().all()


def test_notes_are_the_english_sentences_of_the_label_table():
    X = framework_inputs(transactions(with_cost=False))
    av = available_frameworks(X, lang="zh")  # notes stay in English
    assert av.loc["volume_profit", "note"] == (
        "Skipped: no cost data, so profit is unknown (column 'total_profit' missing or empty).")
    res = run_frameworks(X, frameworks=["pareto"])
    assert res.notes["pareto"] == (
        "Value is revenue (total_spend): cost is unknown, so profit could not be used. Value "
        "destroyed by the least profitable 30% needs cost data: not shown.")
    again = run_frameworks(X, frameworks=["pyramid"], baseline=res)
    assert again.skipped["pyramid"] == "not in the baseline run"
