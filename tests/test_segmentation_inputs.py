"""framework_inputs and honest degradation (available_frameworks) on data without cost etc."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.economics.clv import customer_margin
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
    datasets = pytest.importorskip("clvmodels.datasets")
    data = datasets.make_crm_data(400, random_state=5)
    mp = model_predictions(data.transactions, observation_end=data.calibration_end, time_unit="W")
    assert list(mp.columns) == ["p_alive", "expected_purchases", "clv"]
    assert mp["p_alive"].between(0, 1).all()
    assert mp.attrs["horizon"] == 52 and mp.attrs["time_unit"] == "W"
    assert mp.attrs["discount_rate"] == pytest.approx(1.1 ** (7 / 365.25) - 1)  # a year of 365.25 days
    assert mp.attrs["transaction_model"] == "MBG/NBD"  # one-time buyers can drop out
    # the synthetic data has cost: a profit CLV, negative only for customers sold at a loss
    assert mp.attrs["clv_basis"] == "profit" and mp.attrs["margin"] == "per customer"
    rates = customer_margin(data.transactions, observation_end=data.calibration_end)
    assert ((mp["clv"] < 0) == (rates.reindex(mp.index) < 0)).all()
    X = framework_inputs(data, observation_end=data.calibration_end, p_alive=mp["p_alive"])
    assert X["p_alive"].notna().all()
    assert X.attrs["predictions"]["transaction_model"] == "MBG/NBD"  # carried by the column


def test_one_time_buyers_can_drop_out_under_the_default_model(cdnow_transactions):
    end = "1997-09-30"
    tx = cdnow_transactions
    mp = model_predictions(tx, observation_end=end)
    bg = model_predictions(tx, observation_end=end, transaction_model="BG/NBD")
    one = framework_inputs(tx, observation_end=end)["n_purchase_days"] == 1
    assert (bg.loc[one[one].index, "p_alive"] == 1.0).all()  # the BG/NBD artefact
    assert mp.loc[one[one].index, "p_alive"].max() < 0.9
    assert "BG/NBD gives every one-time buyer P(alive) = 1" in bg.attrs["note"]
    assert "BG/NBD gives" not in mp.attrs["note"]
    assert mp.attrs["clv_basis"] == "revenue" and "revenue (no cost data)" in mp.attrs["note"]


def test_model_predictions_margin_and_model_choices(cdnow_transactions):
    from clvmodels.exceptions import DataValidationError, ParameterError
    from clvmodels.models import ParetoNBDModel

    tx = cdnow_transactions[cdnow_transactions["customer_id"] <= 600]
    end = "1997-09-30"
    revenue = model_predictions(tx, observation_end=end)
    assumed = model_predictions(tx, observation_end=end, margin=0.3)
    assert assumed.attrs["clv_basis"] == "profit_assumed" and assumed.attrs["margin"] == 0.3
    np.testing.assert_allclose(assumed["clv"], 0.3 * revenue["clv"], rtol=1e-12)
    assert "assumed 30% margin" in assumed.attrs["note"]
    per = pd.Series(0.5, index=revenue.index[::-1])  # any order: aligned by customer_id
    given = model_predictions(tx, observation_end=end, margin=per)
    assert given.attrs["clv_basis"] == "profit"
    np.testing.assert_allclose(given["clv"], 0.5 * revenue["clv"], rtol=1e-12)
    with pytest.raises(ParameterError, match="no value for customer"):
        model_predictions(tx, observation_end=end, margin=per.iloc[1:])
    with pytest.raises(DataValidationError, match="margin='cost' needs a 'cost' column"):
        model_predictions(tx, observation_end=end, margin="cost")
    with pytest.raises(ParameterError, match="margin='profit' is not known"):
        model_predictions(tx, observation_end=end, margin="profit")
    with pytest.raises(ParameterError, match="margin=1.5"):
        model_predictions(tx, observation_end=end, margin=1.5)
    with pytest.raises(ParameterError, match="transaction_model='CLV/NBD' is not known"):
        model_predictions(tx, observation_end=end, transaction_model="CLV/NBD")
    instance = model_predictions(tx, observation_end=end,
                                 transaction_model=ParetoNBDModel(random_state=1))
    assert instance.attrs["transaction_model"] == "Pareto/NBD"
    with pytest.raises(ParameterError, match="not both"):
        model_predictions(tx, observation_end=end, transaction_model=ParetoNBDModel(),
                          random_state=0)
    with pytest.raises(ParameterError, match="horizon"):
        model_predictions(tx, observation_end=end, horizon=0)


def test_customer_margin_per_customer_with_the_overall_rate_where_undefined():
    from clvmodels.exceptions import DataValidationError

    tx = pd.DataFrame({
        "customer_id": [1, 1, 2, 3, 3, 4, 5],
        "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-05", "2024-01-07",
                                "2024-01-08", "2024-01-09", "2024-03-01"]),
        "amount": [100.0, 100.0, 50.0, 40.0, 10.0, 0.0, 80.0],
        "cost": [50.0, 70.0, 60.0, np.nan, np.nan, 5.0, 40.0],
    })
    m = customer_margin(tx, observation_end="2024-02-28")
    assert list(m.index) == [1, 2, 3, 4]  # customer 5 bought after the end
    overall = 1 - (50 + 70 + 60 + 5) / (100 + 100 + 50 + 0)
    assert m.attrs["overall_margin"] == pytest.approx(overall)
    assert m[1] == pytest.approx(0.4) and m[2] == pytest.approx(-0.2)  # sold at a loss
    assert m[3] == pytest.approx(overall) and m[4] == pytest.approx(overall)  # undefined
    assert m.attrs["n_overall"] == 2 and m.attrs["source"] == "cost"
    by_margin = customer_margin(tx.drop(columns="cost").assign(margin=tx["amount"] - tx["cost"]))
    np.testing.assert_allclose(by_margin, customer_margin(tx), rtol=1e-12)
    assert by_margin.attrs["source"] == "margin"
    with pytest.raises(DataValidationError, match="no 'cost'"):
        customer_margin(tx.drop(columns="cost"))
    with pytest.raises(DataValidationError, match=r"negative in rows \[2\]"):
        customer_margin(tx.assign(cost=[1.0, 1.0, -3.0, 1.0, 1.0, 1.0, 1.0]))


def test_customer_lifetime_value_takes_a_margin_per_customer(cdnow_summary):
    from clvmodels.economics import customer_lifetime_value
    from clvmodels.exceptions import ParameterError
    from clvmodels.models import GammaGammaModel, ModifiedBetaGeoModel

    s = cdnow_summary.iloc[:300]
    model = ModifiedBetaGeoModel().fit(s)
    gg = GammaGammaModel(ignore_one_time_buyers=True).fit(s)
    one = customer_lifetime_value(model, gg, s, horizon=10, discount_rate=0.01)
    m = pd.Series(np.linspace(-0.5, 1.0, len(s)), index=s.index)
    per = customer_lifetime_value(model, gg, s, horizon=10, discount_rate=0.01, margin=m)
    np.testing.assert_allclose(per["clv"], one["clv"] * m, rtol=1e-12)
    assert per.attrs["margin"] == "per customer" and one.attrs["margin"] == 1.0
    with pytest.raises(ParameterError, match="summary's index"):
        customer_lifetime_value(model, gg, s, horizon=10, discount_rate=0.01, margin=m[::-1])
    with pytest.raises(ParameterError, match=r"has margin 1\.5"):
        customer_lifetime_value(model, gg, s, horizon=10, discount_rate=0.01,
                                margin=m.where(m.index != s.index[3], 1.5))


def test_framework_inputs_keeps_what_the_predictions_measure():
    tx = transactions()
    mp = pd.DataFrame({"p_alive": [0.9, 0.2], "clv": [10.0, 1.0]}, index=[1, 4])
    mp.attrs.update(transaction_model="MBG/NBD", clv_basis="profit", horizon=52, time_unit="W")
    X = framework_inputs(tx, predictions=mp, observation_end="2024-06-30")
    assert X.attrs["predictions"]["transaction_model"] == "MBG/NBD"
    assert X.loc[1, "clv"] == 10.0 and np.isnan(X.loc[2, "clv"])
    assert X.attrs["period_start"] == pd.Timestamp("2024-01-01")
    override = framework_inputs(tx, predictions=mp, clv=pd.Series({1: 5.0}),
                                observation_end="2024-06-30")
    assert override.loc[1, "clv"] == 5.0 and override.loc[1, "p_alive"] == 0.9
    # a 'margin' column (profit of the line) stands for the cost
    by_margin = framework_inputs(tx.drop(columns="cost").assign(margin=tx["amount"] * 0.4))
    np.testing.assert_allclose(by_margin["total_profit"], framework_inputs(tx)["total_profit"])


def test_notes_are_the_sentences_of_the_label_table_in_the_chosen_language():
    X = framework_inputs(transactions(with_cost=False))
    av = available_frameworks(X)
    assert av.loc["volume_profit", "note"] == (
        "Skipped: no cost data, so profit is unknown (column 'total_profit' missing or empty).")
    zh = available_frameworks(X, lang="zh")  # a Chinese page shows Chinese notes
    assert zh.loc["volume_profit", "note"] == "未运行:无成本数据,利润未知 (列 `total_profit` 缺失或为空)。"
    assert run_frameworks(X, frameworks=["pareto"], lang="zh").notes["pareto"].startswith(
        "价值为销售收入 (累计消费金额)")
    assert customer_value(X, lang="zh").attrs["note"].startswith("价值为销售收入")
    res = run_frameworks(X, frameworks=["pareto"])
    assert res.notes["pareto"] == (
        "Value is revenue (total_spend): cost is unknown, so profit could not be used. Value "
        "destroyed by the least profitable 30% needs cost data: not shown.")
    again = run_frameworks(X, frameworks=["pyramid"], baseline=res)
    assert again.skipped["pyramid"] == "not in the baseline run"


def test_run_frameworks_states_the_units_of_every_axis():
    datasets = pytest.importorskip("clvmodels.datasets")
    data = datasets.make_crm_data(400, random_state=5)
    end = data.calibration_end
    mp = model_predictions(data.transactions, observation_end=end)
    X = framework_inputs(data, observation_end=end, predictions=mp)
    res = run_frameworks(X)
    assert not res.skipped
    for key, out in res.results.items():
        assert out.index.equals(X.index), key
        if key == "lifecycle":
            assert out.attrs["units"]["p_alive"]["model"] == "MBG/NBD"
        elif key != "value_indicator":  # a score 0-100, no axis
            units = out.attrs["axes"].values()
            assert all(u["measure"] != "other" and u["text"] for u in units), key
    assert res.results["pyramid"].attrs["axes"]["value"]["measure"] == "profit"
    grid = res.results["value_grid"].attrs["axes"]
    assert {grid["x"]["measure"], grid["y"]["measure"]} == {"days", "money_per_order"}
    cp = res.results["current_potential"].attrs["axes"]
    assert (cp["x"]["measure"], cp["y"]["clv_basis"]) == ("profit", "profit")
