"""Value frameworks: conservation, cut-offs, reuse of thresholds_, unclassified reasons, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, NotFittedError, ParameterError
from clvmodels.labels import TABLE, label
from clvmodels.segmentation import (
    FRAMEWORKS,
    GRID_CELLS,
    CurrentPotentialMatrix,
    CustomerPyramid,
    DirectIndirectMatrix,
    LifecycleStage,
    LoyaltyMatrix,
    ParetoSegments,
    ValueGrid,
    ValueIndicatorScore,
    ValueLoyaltyMatrix,
    ValueResponseMatrix,
    VolumeProfitMatrix,
    customer_pyramid,
    lifecycle_stage,
    run_frameworks,
    value_grid,
    value_loyalty_matrix,
)


def make_table(n: int = 60, seed: int = 0) -> pd.DataFrame:
    """Hand-made per-customer table with every column the frameworks read, shuffled ids."""
    rng = np.random.default_rng(seed)
    n_days = rng.integers(1, 12, n)
    tenure = rng.integers(30, 700, n).astype(float)
    recency = np.minimum(rng.integers(0, 400, n), tenure).astype(float)
    spend = rng.gamma(2.0, 100.0, n)
    cycle = np.where(n_days > 1, (tenure - recency) / np.maximum(n_days - 1, 1), np.nan)
    ids = [f"c{i:03d}" for i in rng.permutation(n)]
    return pd.DataFrame(
        {
            "n_purchase_days": n_days,
            "n_orders": n_days,
            "tenure_days": tenure,
            "days_since_last_purchase": recency,
            "total_spend": spend,
            "total_profit": spend * rng.uniform(-0.3, 0.5, n),
            "mean_order_value": spend / n_days,
            "avg_cycle_days": cycle,
            "response_rate": np.where(rng.random(n) < 0.2, np.nan, rng.random(n)),
            "satisfaction": np.where(rng.random(n) < 0.3, np.nan, rng.integers(1, 6, n)),
            "referrals": rng.poisson(1.0, n),
            "complaints": rng.poisson(0.5, n),
            "spend_growth": rng.uniform(-1, 1, n),
            "clv": rng.gamma(2.0, 50.0, n),
            "p_alive": rng.random(n),
        },
        index=pd.Index(ids, name="customer_id"),
    )


ALL = [
    CustomerPyramid(),
    ParetoSegments(),
    ValueGrid(),
    ValueLoyaltyMatrix(),
    ValueResponseMatrix(),
    CurrentPotentialMatrix(),
    VolumeProfitMatrix(),
    DirectIndirectMatrix(),
    LoyaltyMatrix(),
    LifecycleStage(),
    LifecycleStage(p_alive="p_alive"),
    ValueIndicatorScore(),
]


@pytest.mark.parametrize("est", ALL, ids=lambda e: type(e).__name__)
def test_every_customer_exactly_once_same_order(est):
    X = make_table()
    out = est.fit_predict(X)
    assert out.index.equals(X.index)
    assert out["segment"].notna().all()
    allowed = set(type(est).segments) | {"unclassified"}
    assert set(out["segment"]) <= allowed
    # reason exactly for the unclassified
    assert (out["reason"].notna() == (out["segment"] == "unclassified")).all()
    # predict on a reordered subset returns that subset in its order
    sub = X.iloc[::-3]
    assert est.predict(sub).index.equals(sub.index)


def test_registry_covers_all_frameworks():
    assert set(FRAMEWORKS) == {
        "pyramid", "pareto", "value_grid", "value_loyalty", "value_response",
        "current_potential", "volume_profit", "direct_indirect", "loyalty_matrix", "lifecycle",
        "value_indicator",
    }


def test_every_label_key_has_zh():
    keys = set()
    for cls in FRAMEWORKS.values():
        keys.update(cls.segments)
        keys.add("fw_" + cls.name)
    keys.update(["unclassified", "fw_clustering", "fw_rfm"])
    for key in keys:
        assert key in TABLE, key
        assert TABLE[key]["zh"] and TABLE[key]["zh"] != TABLE[key]["en"], key
    from clvmodels.labels.segments import LABELS

    for key, entry in LABELS.items():
        assert entry["zh"].strip() and any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh"]), key


def test_pyramid_tiers_by_rank():
    X = pd.DataFrame({"total_spend": np.arange(1.0, 21.0)}, index=pd.RangeIndex(20, 0, -1))
    out = customer_pyramid(X)
    seg = out["segment"].groupby(X["total_spend"]).first()
    assert seg[20.0] == "pyramid_important"
    assert set(seg[[17.0, 18.0, 19.0]]) == {"pyramid_secondary"}
    assert set(seg[np.arange(11.0, 17.0)]) == {"pyramid_ordinary"}
    assert set(seg[np.arange(1.0, 11.0)]) == {"pyramid_small"}
    est = CustomerPyramid().fit(X)
    assert est.thresholds_ == {"important": 20.0, "secondary": 17.0, "ordinary": 11.0}
    shares = est.tier_shares(X)
    assert list(shares.index) == list(CustomerPyramid.segments)
    assert shares.loc["pyramid_important", "share_value"] == pytest.approx(20 / 210)
    assert shares.loc["pyramid_small", "share_value"] == pytest.approx(55 / 210)
    assert shares["n_customers"].tolist() == [1, 3, 6, 10]
    assert est.value_basis_ == "revenue" and "revenue" in est.note_


def test_pyramid_uses_profit_when_cost_known_and_says_so():
    X = make_table()
    est = CustomerPyramid().fit(X)
    assert est.value_basis_ == "profit" and est.note_ == ""
    est2 = CustomerPyramid(value="clv").fit(X)
    assert est2.value_basis_ == "CLV"


def test_value_grid_cells_follow_the_source():
    cyc, amt = np.meshgrid([10.0, 20.0, 30.0], [10.0, 20.0, 30.0])
    X = pd.DataFrame({"avg_cycle_days": np.r_[cyc.ravel(), np.nan],
                      "mean_order_value": np.r_[amt.ravel(), 25.0]},
                     index=[f"k{i}" for i in range(10)])
    out = value_grid(X)
    got = {(a, c): s for a, c, s in zip(out["amount_level"], out["cycle_level"], out["segment"],
                                        strict=True)}
    assert got[("large", "short")] == "grid_platinum"
    assert got[("large", "medium")] == got[("medium", "short")] == "grid_gold"
    assert got[("large", "long")] == got[("medium", "medium")] == got[("small", "short")] \
        == "grid_silver"
    assert got[("medium", "long")] == got[("small", "medium")] == "grid_development"
    assert got[("small", "long")] == "grid_optimize"
    assert len(GRID_CELLS) == 9
    assert out.loc["k9", "segment"] == "unclassified"
    assert out.loc["k9", "reason"] == label("reason_one_time_buyer")


@pytest.mark.parametrize(
    ("cls", "col", "reason"),
    [
        (ValueResponseMatrix, "response_rate", "reason_no_campaign"),
        (LoyaltyMatrix, "satisfaction", "reason_no_survey"),
        (VolumeProfitMatrix, "total_profit", "reason_no_cost"),
        (CurrentPotentialMatrix, "clv", "reason_no_clv"),
    ],
)
def test_missing_axis_gives_unclassified_with_reason(cls, col, reason):
    X = make_table()
    X.iloc[:5, X.columns.get_loc(col)] = np.nan
    out = cls(lang="zh").fit_predict(X)
    assert (out["segment"].iloc[:5] == "unclassified").all()
    assert (out["reason"].iloc[:5] == label(reason, "zh")).all()
    assert (out["label"].iloc[:5] == label("unclassified", "zh")).all()


def test_quadrant_labels_match_kelly_julie():
    X = pd.DataFrame({"total_spend": [10.0, 10.0, 1.0, 1.0], "p_alive": [0.9, 0.1, 0.9, 0.1]},
                     index=[4, 3, 2, 1])
    out = value_loyalty_matrix(X)
    assert list(out["segment"]) == ["vl_golden", "vl_at_risk", "vl_marginal",
                                    "vl_dont_overserve"]
    assert list(value_loyalty_matrix(X, lang="zh")["label"]) == [
        "金牌客户", "风险客户", "边际客户", "无需过多服务的客户"]


def test_thresholds_reused_on_a_later_period():
    X = make_table(seed=1)
    est = ValueLoyaltyMatrix().fit(X)
    th = dict(est.thresholds_)
    later = X.copy()
    later["total_profit"] *= 3.0
    later["p_alive"] = later["p_alive"] ** 2
    out = est.predict(later)
    assert est.thresholds_ == th  # predict never refits
    hi_v = later["total_profit"] > th["total_profit"]
    hi_l = later["p_alive"] > th["p_alive"]
    assert ((out["segment"] == "vl_golden") == (hi_v & hi_l)).all()
    # a refit on the later period gives different cut-offs
    assert ValueLoyaltyMatrix().fit(later).thresholds_ != th


@pytest.mark.parametrize("est", ALL, ids=lambda e: type(e).__name__)
def test_predict_before_fit_raises(est):
    from sklearn.base import clone

    with pytest.raises(NotFittedError, match="not fitted"):
        clone(est).predict(make_table())


def test_constructor_stores_settings_only_and_params_validated_in_fit():
    est = ValueGrid(cycle_quantiles=(0.7, 0.2))
    assert est.get_params()["cycle_quantiles"] == (0.7, 0.2)
    with pytest.raises(ParameterError, match="cycle_quantiles"):
        est.fit(make_table())
    with pytest.raises(ParameterError, match="value_quantile"):
        ValueLoyaltyMatrix(value_quantile=1.5).fit(make_table())
    with pytest.raises(ParameterError, match="shares"):
        CustomerPyramid(shares=(0.5, 0.4, 0.3)).fit(make_table())
    with pytest.raises(TypeError):
        ValueGrid("avg_cycle_days")  # keyword-only


def test_bad_input_one_line_error():
    X = make_table()
    with pytest.raises(DataValidationError, match="'satisfaction' is missing") as err:
        LoyaltyMatrix().fit(X.drop(columns="satisfaction"))
    assert "\n" not in str(err.value)
    bad = X.copy()
    bad["total_spend"] = bad["total_spend"].astype(object)
    bad.iloc[3, bad.columns.get_loc("total_spend")] = "abc"
    with pytest.raises(DataValidationError, match=r"c\d+.*'abc'"):
        CustomerPyramid(value="total_spend").fit(bad)
    dup = pd.concat([X.iloc[:3], X.iloc[:1]])
    with pytest.raises(DataValidationError, match="more than once"):
        ValueGrid().fit(dup)
    with pytest.raises(DataValidationError, match="no known value"):
        LoyaltyMatrix().fit(X.assign(satisfaction=np.nan))


def test_lifecycle_rules():
    X = pd.DataFrame(
        {
            "n_purchase_days": [0, 1, 3, 3, 12, 5, 5, 4],
            "tenure_days": [np.nan, 10, 100, 500, 600, 300, 300, 200],
            "days_since_last_purchase": [np.nan, 10, 5, 20, 3, 100, 400, 10],
        },
        index=list("abcdefgh"),
    )
    est = LifecycleStage(new_days=30, dormant_days=60, lost_days=180, old_tenure_days=365,
                         loyal_min_purchases=10)
    out = est.fit_predict(X)
    assert list(out["segment"]) == ["stage_potential", "stage_new", "stage_regular", "stage_old",
                                    "stage_loyal", "stage_dormant", "stage_lost",
                                    "stage_regular"]
    withp = X.assign(p_alive=[np.nan, 0.9, 0.05, 0.3, 0.9, 0.9, 0.9, 0.9])
    out2 = lifecycle_stage(withp, new_days=30, dormant_days=60, lost_days=180,
                           old_tenure_days=365, loyal_min_purchases=10, p_alive="p_alive")
    assert out2.loc["c", "segment"] == "stage_lost" and out2.loc["d", "segment"] == "stage_dormant"


def test_value_indicator_score_range_rank_and_weights():
    X = make_table(seed=2)
    out = ValueIndicatorScore().fit_predict(X)
    assert out["score"].between(0, 100).all()
    assert out["rank"].min() == 1
    best = out["score"].idxmax()
    assert out.loc[best, "rank"] == 1 and out.loc[best, "segment"] == "vis_high"
    only_contrib = ValueIndicatorScore(weights={"contribution": 1.0}).fit_predict(X)
    # contribution only: score = 100 * mean of the percentiles of profit and revenue
    pct = (X["total_profit"].rank(method="max") + X["total_spend"].rank(method="max")) / len(X)
    np.testing.assert_allclose(only_contrib["score"], 100 * pct / 2)
    assert not np.allclose(only_contrib["score"], out["score"])
    with pytest.raises(ParameterError, match="weights"):
        ValueIndicatorScore(weights={"contribution": -1}).fit(X)


def test_pareto_segments_labels():
    X = pd.DataFrame({"total_profit": [100, 50, 30, 20, 10, 5, 0, -5, -10, -20.0]},
                     index=range(10, 0, -1))
    est = ParetoSegments().fit(X)
    out = est.predict(X)
    assert list(out["segment"]) == ["pareto_top"] * 2 + ["pareto_middle"] * 5 + \
        ["pareto_bottom"] * 3
    assert est.thresholds_ == {"top": 50.0, "bottom": -5.0}


def test_run_frameworks_and_baseline_reuse():
    X = make_table(seed=3)
    res = run_frameworks(X)
    assert set(res.segments.columns) == set(FRAMEWORKS)
    assert res.segments.index.equals(X.index)
    later = make_table(seed=4)
    again = run_frameworks(later, baseline=res)
    for key, est in res.estimators.items():
        assert again.estimators[key] is est
    pd.testing.assert_frame_equal(again.results["pyramid"],
                                  res.estimators["pyramid"].predict(later))
    ov = res.overview(lang="zh")
    assert "客户金字塔" in ov.index


def test_median_split_with_ties_at_the_maximum_still_splits():
    # 6 of 10 customers have P(alive) = 1: the median is 1, yet they should be "high"
    X = pd.DataFrame({"total_spend": np.arange(10.0), "p_alive": [1.0] * 6 + [0.2, 0.3, 0.4, 0.5]})
    est = ValueLoyaltyMatrix().fit(X)
    out = est.predict(X)
    assert (out["y_level"] == "high").sum() == 6
    assert 0.5 < est.thresholds_["p_alive"] < 1.0


def test_lifecycle_and_quantile_checks_name_the_argument():
    from clvmodels.segmentation import LifecycleStage

    with pytest.raises(ParameterError, match="new_days"):
        LifecycleStage(new_days=-1).fit(make_table())
    with pytest.raises(ParameterError, match="lost_cycles"):
        LifecycleStage(lost_cycles=True).fit(make_table())
    with pytest.raises(ParameterError, match="loyal_quantile"):
        LifecycleStage(loyal_quantile=1.0).fit(make_table())
    est = LifecycleStage(new_days=30, regular_min_purchases=2).fit(make_table())
    assert est.thresholds_["new_days"] == 30.0 and est.thresholds_["regular_min_purchases"] == 2.0
    assert est.note_ == "Stages use recency, tenure and purchase days only (P(alive) not used)."


QUADRANTS = [ValueLoyaltyMatrix, ValueResponseMatrix, CurrentPotentialMatrix,
             VolumeProfitMatrix, DirectIndirectMatrix, LoyaltyMatrix]


def with_predictions(X: pd.DataFrame, **predictions) -> pd.DataFrame:
    """``X`` with the attrs framework_inputs and model_predictions record."""
    X = X.copy()
    X.attrs.update(currency="USD", period_start=pd.Timestamp("2024-01-01"),
                   observation_end=pd.Timestamp("2024-12-31"))
    X.attrs["predictions"] = {
        "transaction_model": "MBG/NBD", "horizon": 52, "time_unit": "W",
        "annual_discount_rate": 0.1, "clv_basis": "profit", "margin": "per customer",
        "currency": "USD", **predictions,
    }
    return X


def test_value_loyalty_uses_expected_purchases_and_states_both_units():
    base = make_table(seed=5)
    X = with_predictions(base.assign(expected_purchases=base["n_purchase_days"] / 3.0))
    est = ValueLoyaltyMatrix().fit(X)
    assert est.columns_ == ("total_profit", "expected_purchases")
    out = est.predict(X)
    x, y = out.attrs["axes"]["x"], out.attrs["axes"]["y"]
    assert (x["measure"], x["currency"], x["start"], x["end"]) == (
        "profit", "USD", "2024-01-01", "2024-12-31")
    assert (y["measure"], y["model"], y["horizon"], y["time_unit"]) == (
        "expected_purchases", "MBG/NBD", 52, "W")
    assert ("Axes: value = profit (USD, 2024-01-01 to 2024-12-31); loyalty = expected "
            "purchases in the next 52 weeks (MBG/NBD).") in est.note_
    assert "one-time buyers can drop out" in est.note_
    # only P(alive), and from BG/NBD: used as asked, with the caution
    bg = ValueLoyaltyMatrix().fit(with_predictions(base, transaction_model="BG/NBD"))
    assert bg.columns_[1] == "p_alive"
    assert "BG/NBD gives every one-time buyer P(alive) = 1" in bg.note_
    assert "BG/NBD gives" not in ValueLoyaltyMatrix().fit(with_predictions(base)).note_


@pytest.mark.parametrize("cls", QUADRANTS, ids=lambda c: c.__name__)
def test_every_matrix_states_the_unit_of_both_axes(cls):
    from clvmodels.segmentation.narrative import axis_text

    X = with_predictions(make_table(seed=6))
    est = cls().fit(X)
    out = est.predict(X)
    assert set(out.attrs["axes"]) == {"x", "y"}
    for axis in ("x", "y"):
        unit = out.attrs["axes"][axis]
        assert unit == est.axes_[axis]
        assert unit["measure"] != "other" and unit["text"] in est.note_
        zh = axis_text(unit, "zh")
        assert zh and zh != unit["text"]
        if unit["measure"] in ("profit", "revenue", "clv"):
            assert unit["currency"] == "USD"
    assert est.note_.count("Axes:") == 1 and "\n" not in est.note_


def test_current_potential_puts_both_axes_on_one_basis():
    base = make_table(seed=7)
    # cost known and a profit CLV (margins from cost): profit on both axes
    est = CurrentPotentialMatrix().fit(with_predictions(base))
    assert est.columns_ == ("total_profit", "clv") and est.value_basis_ == "profit"
    assert "potential value = profit CLV (USD, present value of the next 52 weeks at " \
        "10%/year; MBG/NBD + Gamma-Gamma)" in est.note_
    # cost known but a revenue CLV: current value is revenue too
    est = CurrentPotentialMatrix().fit(with_predictions(base, clv_basis="revenue", margin=1.0))
    assert est.columns_ == ("total_spend", "clv") and est.value_basis_ == "revenue"
    assert "current value is revenue too" in est.note_
    assert est.axes_["x"]["measure"] == "revenue" and est.axes_["y"]["clv_basis"] == "revenue"
    # cost unknown and a CLV at an assumed 30% margin: divided by it, revenue on both axes
    nocost = base.drop(columns=["total_profit"])
    Xa = with_predictions(nocost, clv_basis="profit_assumed", margin=0.3)
    est = CurrentPotentialMatrix().fit(Xa)
    out = est.predict(Xa)
    np.testing.assert_allclose(out["y"], Xa["clv"] / 0.3)
    assert est.thresholds_["clv"] == pytest.approx(float(np.median(Xa["clv"] / 0.3)))
    assert out.attrs["axes"]["y"]["clv_basis"] == "revenue" and "revenue CLV" in est.note_
    assert "divided by that margin" in est.note_
    plain = CurrentPotentialMatrix().fit(nocost)  # a constant margin does not move the split
    assert (plain.predict(nocost)["segment"] == out["segment"]).all()
    assert "Whether the CLV is profit or revenue is not recorded" in plain.note_
    # margins given per customer without cost: the axes differ, and the note says so
    mixed = CurrentPotentialMatrix().fit(with_predictions(nocost))
    assert "the two axes differ in basis" in mixed.note_
    # columns the caller names are kept
    named = CurrentPotentialMatrix(current="total_profit").fit(
        with_predictions(base, clv_basis="revenue"))
    assert named.columns_ == ("total_profit", "clv")


def test_lifecycle_names_the_p_alive_model_and_the_units():
    X = with_predictions(make_table(seed=8))
    est = LifecycleStage(p_alive="p_alive").fit(X)
    out = est.predict(X)
    assert est.note_ == ("Dormant and lost also use P(alive): probability of still being "
                         "active, 0 to 1 (MBG/NBD).")
    assert out.attrs["units"]["dormant_days"] == "days"
    assert out.attrs["units"]["loyal_min_purchases"] == "purchase days"
    assert out.attrs["units"]["p_alive"]["model"] == "MBG/NBD"
    bg = LifecycleStage(p_alive="p_alive").fit(with_predictions(make_table(seed=8),
                                                                transaction_model="BG/NBD"))
    assert "BG/NBD gives every one-time buyer P(alive) = 1" in bg.note_
    assert LifecycleStage().fit(X).predict(X).attrs["units"]["p_alive"] is None
