"""customer_lifetime_value: finite and infinite horizons, units, intervals, index contract."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import load_donations
from clvmodels.economics import customer_lifetime_value
from clvmodels.exceptions import ParameterError
from clvmodels.models import BetaGeoBetaBinomModel, BetaGeoModel, GammaGammaModel, ParetoNBDModel


@pytest.fixture(scope="module")
def models(cdnow_summary):
    return (BetaGeoModel().fit(cdnow_summary), ParetoNBDModel().fit(cdnow_summary),
            GammaGammaModel(ignore_one_time_buyers=True).fit(cdnow_summary))


@pytest.fixture(scope="module")
def sample(cdnow_summary):
    sub = cdnow_summary.sample(300, random_state=5)
    sub.attrs = dict(cdnow_summary.attrs)
    return sub


def test_finite_horizon_is_the_discounted_sum_of_increments(models, sample):
    bg, _, gg = models
    out = customer_lifetime_value(bg, gg, sample, horizon=12, discount_rate=0.01, margin=0.3)
    assert out.index.equals(sample.index)
    cum = np.column_stack([bg.expected_purchases(sample, t=k).to_numpy() for k in range(0, 13)])
    by_hand = (np.diff(cum, axis=1) / 1.01 ** np.arange(1, 13)).sum(axis=1)
    np.testing.assert_allclose(out["discounted_purchases"], by_hand, rtol=1e-12)
    np.testing.assert_allclose(out["clv"], 0.3 * gg.expected_spend(sample) * by_hand, rtol=1e-12)
    assert out.attrs["horizon"] == 12 and out.attrs["discount_rate"] == 0.01
    assert out.attrs["currency"] == "USD" and out.attrs["time_unit"] == "W"


def test_agrees_with_lifetimes_customer_lifetime_value(models, cdnow_summary):
    lifetimes = pytest.importorskip("lifetimes")
    bg, _, gg = models
    bgf = lifetimes.BetaGeoFitter().fit(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"])
    rep = cdnow_summary[cdnow_summary["frequency"] > 0]
    ggf = lifetimes.GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    # lifetimes with freq="M" uses steps of one period of the data, i.e. weeks here
    theirs = ggf.customer_lifetime_value(bgf, cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"],
                                         cdnow_summary["monetary_value"], time=26, discount_rate=0.002, freq="M")
    ours = customer_lifetime_value(bg, gg, cdnow_summary, horizon=26, discount_rate=0.002)
    np.testing.assert_allclose(ours["clv"].to_numpy(), theirs.to_numpy(), rtol=1e-4)


def test_infinite_horizon_pareto_dert_matches_quadrature_and_long_finite_sum(models, sample):
    bg, pn, gg = models
    from clvmodels.models._transaction import TransactionModel

    closed = pn.discounted_expected_purchases(sample, discount_rate=0.01)
    numeric = TransactionModel.discounted_expected_purchases(pn, sample, discount_rate=0.01)
    np.testing.assert_allclose(closed, numeric, rtol=1e-6)
    inf = customer_lifetime_value(bg, gg, sample.iloc[:30], horizon=np.inf, discount_rate=0.02)
    long = customer_lifetime_value(bg, gg, sample.iloc[:30], horizon=1500, discount_rate=0.02)
    # discrete end-of-period vs continuous discounting differ by about half a period of interest
    np.testing.assert_allclose(inf["clv"], long["clv"], rtol=0.02)
    assert np.all(np.isinf(inf["expected_purchases"]))


def test_bgbb_dert_equals_long_finite_sum():
    donations = load_donations()
    model = BetaGeoBetaBinomModel().fit(donations)
    dert = model.discounted_expected_purchases(donations, discount_rate=0.1)
    long = customer_lifetime_value(model, 1.0, donations, horizon=400, discount_rate=0.1)
    np.testing.assert_allclose(dert, long["clv"], rtol=1e-8)


def test_one_time_buyers_get_population_mean_spend(models, sample):
    bg, _, gg = models
    out = customer_lifetime_value(bg, gg, sample, horizon=4, discount_rate=0.0)
    one_time = sample["frequency"] == 0
    np.testing.assert_allclose(out.loc[one_time, "expected_spend"], gg.population_mean_spend())


def test_unit_mismatch_is_an_error_never_a_conversion(models, sample):
    bg, _, gg = models
    with pytest.raises(ParameterError, match="time units disagree"):
        customer_lifetime_value(bg, gg, sample, horizon=12, discount_rate=0.01, time_unit="M")
    daily = sample.copy()
    daily.attrs["time_unit"] = "D"
    with pytest.raises(ParameterError):
        customer_lifetime_value(bg, gg, daily, horizon=12, discount_rate=0.01)


@pytest.mark.parametrize(
    "kwargs",
    [{"horizon": -1, "discount_rate": 0.1}, {"horizon": 2.5, "discount_rate": 0.1},
     {"horizon": 10, "discount_rate": -0.1}, {"horizon": np.inf, "discount_rate": 0.0},
     {"horizon": 10, "discount_rate": 0.1, "margin": 1.5}],
)
def test_bad_settings(models, sample, kwargs):
    bg, _, gg = models
    with pytest.raises(ParameterError):
        customer_lifetime_value(bg, gg, sample, **kwargs)


def test_interval_brackets_point_estimate(models, sample):
    bg, _, gg = models
    head = sample.iloc[:20]
    out = customer_lifetime_value(bg, gg, head, horizon=8, discount_rate=0.01, interval=0.9,
                                  n_draws=40, random_state=2)
    again = customer_lifetime_value(bg, gg, head, horizon=8, discount_rate=0.01, interval=0.9,
                                    n_draws=40, random_state=2)
    pd.testing.assert_frame_equal(out, again)
    assert np.all(out["clv_lower"] <= out["clv"] * 1.0001) and np.all(out["clv"] <= out["clv_upper"] * 1.0001)
    assert np.all(out["clv_upper"] > out["clv_lower"])


def test_interval_is_nan_and_named_when_a_model_has_no_standard_errors(models, sample):
    """A singular Hessian (small samples) leaves no distribution to draw from: NaN bounds and the
    model named, the point estimates unchanged."""
    import copy

    bg, _, gg = models
    singular = copy.copy(gg)
    singular._covariance = np.full((3, 3), np.nan)
    head = sample.iloc[:5]
    out = customer_lifetime_value(bg, singular, head, horizon=8, discount_rate=0.01, interval=0.9,
                                  n_draws=10, random_state=2)
    assert out[["clv_lower", "clv_upper"]].isna().all().all()
    assert out.attrs["interval_undefined_by"] == "Gamma-Gamma"
    plain = customer_lifetime_value(bg, gg, head, horizon=8, discount_rate=0.01)
    np.testing.assert_allclose(out["clv"], plain["clv"])
