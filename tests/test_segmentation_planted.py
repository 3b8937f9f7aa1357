"""On synthetic CRM data with planted groups, the frameworks recover the planted structure."""

from __future__ import annotations

import pandas as pd
import pytest

from clvmodels.compare import value_capture
from clvmodels.segmentation import framework_inputs, run_frameworks

datasets = pytest.importorskip("clvmodels.datasets")


@pytest.fixture(scope="module")
def planted():
    data = datasets.make_crm_data(1500, random_state=7)
    X = framework_inputs(data, observation_end=data.calibration_end)
    res = run_frameworks(X)
    truth = data.truth.reindex(X.index)
    return data, X, res, truth


def share_in(truth, segs, group, segment):
    g = truth["planted_group"] == group
    return float((segs[g] == segment).mean())


def test_high_value_high_loyalty_customers_are_golden(planted):
    _, _, res, truth = planted
    vl = res.segments["value_loyalty"]
    assert share_in(truth, vl, "vip_loyal", "vl_golden") > 0.6
    assert share_in(truth, vl, "occasional", "vl_golden") < 0.15
    # frequent small baskets: loyal but low value -> Marginal
    assert share_in(truth, vl, "frequent_low_value", "vl_marginal") > 0.35


def test_pyramid_top_tiers_are_the_planted_vips(planted):
    _, _, res, truth = planted
    key = res.segments["pyramid"].isin(["pyramid_important", "pyramid_secondary"])
    vip = truth["planted_group"].isin(["vip_loyal", "vip_at_risk"])
    assert vip[key].mean() > 0.5  # VIPs are ~16% of buyers
    assert share_in(truth, res.segments["pyramid"], "occasional", "pyramid_small") > 0.7


def test_attitude_and_response_axes_follow_the_latent_truth(planted):
    _, _, res, truth = planted
    lm = res.segments["loyalty_matrix"]
    high_att = lm.isin(["lm_loyal", "lm_latent"])
    low_att = lm.isin(["lm_spurious", "lm_disloyal"])
    assert truth["attitude"][high_att].mean() > truth["attitude"][low_att].mean() + 0.5
    vr = res.segments["value_response"]
    resp = vr.isin(["vr_best", "vr_fatal_attraction"])
    noresp = vr.isin(["vr_strangers", "vr_ghosts"])
    assert truth["response_rate"][resp].mean() > truth["response_rate"][noresp].mean()


def test_lifecycle_lost_customers_are_mostly_inactive(planted):
    _, _, res, truth = planted
    st = res.segments["lifecycle"]
    alive = truth["alive_at_calibration_end"].astype(bool)
    active = st.isin(["stage_regular", "stage_loyal", "stage_old"])
    assert alive[st == "stage_lost"].mean() < alive[active].mean() - 0.2


def test_top_segments_capture_holdout_value(planted):
    data, X, res, truth = planted
    holdout = truth["value_holdout"].fillna(0.0)
    cap = value_capture(res.segments, holdout, value=X["total_profit"])
    assert cap.loc["pyramid", "top_segment"] == "pyramid_important"
    assert cap.loc["pyramid", "lift"] > 3
    for key in ("pareto", "value_grid", "value_loyalty", "value_indicator"):
        assert cap.loc[key, "lift"] > 1.5, key
    assert pd.Index(cap.index).is_unique


def test_model_p_alive_separates_vips_at_risk_from_loyal_vips(planted):
    from clvmodels.segmentation import ValueLoyaltyMatrix, model_predictions

    data, X, _, truth = planted
    mp = model_predictions(data.transactions, observation_end=data.calibration_end)
    Xm = X.assign(p_alive=mp["p_alive"].reindex(X.index))
    out = ValueLoyaltyMatrix().fit_predict(Xm)
    assert out.index.equals(X.index)
    seg = out["segment"]
    assert share_in(truth, seg, "vip_at_risk", "vl_at_risk") > \
        share_in(truth, seg, "vip_loyal", "vl_at_risk") + 0.1
    assert share_in(truth, seg, "vip_loyal", "vl_golden") > \
        share_in(truth, seg, "vip_at_risk", "vl_golden") + 0.1
