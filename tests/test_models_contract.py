"""Estimator contract, per-customer outputs, input checks and degenerate data for every model."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import load_cdnow_summary, load_donations
from clvmodels.exceptions import (
    ClvModelsWarning,
    ConvergenceWarning,
    DataValidationError,
    DataWarning,
    NotFittedError,
    ParameterError,
)
from clvmodels.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    simulate_bgnbd_summary,
)

CONTINUOUS = [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel]


@pytest.fixture(scope="module")
def shuffled(cdnow_summary) -> pd.DataFrame:
    """A subset with string ids in a scrambled order (tests that output order follows input)."""
    sub = cdnow_summary.sample(400, random_state=3)
    sub.index = pd.Index([f"c{i}" for i in sub.index], name="customer_id")
    sub.attrs = dict(cdnow_summary.attrs)
    return sub


@pytest.fixture(scope="module")
def fitted(cdnow_summary):
    return {cls: cls().fit(cdnow_summary) for cls in CONTINUOUS}


@pytest.mark.parametrize("cls", [*CONTINUOUS, BetaGeoBetaBinomModel, GammaGammaModel])
def test_constructor_stores_settings_only(cls):
    model = cls(penalizer=0.1, random_state=3)
    assert not [k for k in vars(model) if k.endswith("_")]
    assert model.get_params()["penalizer"] == 0.1
    with pytest.raises(NotFittedError):
        model.summary_  # noqa: B018
    with pytest.raises(TypeError):
        cls(0.1)  # options are keyword-only


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_not_fitted_error_names_fit(cls, cdnow_summary):
    with pytest.raises(NotFittedError, match="fit"):
        cls().expected_purchases(cdnow_summary, t=1)


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_fitted_attributes(cls, fitted, cdnow_summary):
    model = fitted[cls]
    assert model.converged_
    assert model.n_customers_ == len(cdnow_summary)
    assert model.time_unit_ == "W"
    assert np.all(np.isfinite(model.params_)) and np.all(model.params_ > 0)
    se = model.standard_errors_
    assert np.all(np.isfinite(se)) and np.all(se > 0)
    ci = model.confidence_intervals_
    assert np.all(ci.iloc[:, 0] < model.params_) and np.all(model.params_ < ci.iloc[:, 1])
    table = model.summary_
    assert list(table.columns) == ["estimate", "std_error", "lower_95", "upper_95"]
    assert table.attrs["log_likelihood"] == model.log_likelihood_


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_per_customer_outputs_keep_index_and_order(cls, fitted, shuffled):
    model = fitted[cls]
    outputs = [
        model.expected_purchases(shuffled, t=10),
        model.probability_alive(shuffled),
        model.probability_alive(shuffled, t=5),
        model.probability_of_purchases(shuffled, n=2, t=10),
        model.probability_of_purchases(shuffled, n=[0, 1], t=10),
        model.discounted_expected_purchases(shuffled, discount_rate=0.002),
    ]
    for out in outputs:
        assert out.index.equals(shuffled.index)
        assert out.attrs["time_unit"] == "W"
        assert np.all(np.isfinite(out.to_numpy()))


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_probabilities_are_consistent(cls, fitted, shuffled):
    model = fitted[cls]
    head = shuffled.iloc[:25]
    pmf = model.probability_of_purchases(head, n=list(range(120)), t=20)
    np.testing.assert_allclose(pmf.sum(axis=1), 1.0, atol=1e-8)
    np.testing.assert_allclose((pmf * np.arange(120)).sum(axis=1), model.expected_purchases(head, t=20), rtol=1e-6)
    now, later = model.probability_alive(head), model.probability_alive(head, t=20)
    assert np.all(later <= now + 1e-12) and np.all((now >= 0) & (now <= 1))
    new = sum(k * model.probability_of_purchases_new_customer(n=k, t=30) for k in range(150))
    assert new == pytest.approx(model.expected_purchases_new_customer(t=30), rel=1e-6)


@pytest.mark.parametrize("cls", [BetaGeoModel, ModifiedBetaGeoModel])
def test_analytic_gradient_and_hessian_match_finite_differences(cls, cdnow_summary):
    model = cls()
    data, _ = model._prepare(cdnow_summary)
    p = np.array([0.3, 5.0, 0.9, 2.0])
    _, g, h = model._loglik(p, data, 2)
    for i in range(4):
        e = np.zeros(4)
        e[i] = 1e-6 * p[i]
        fd = (model._loglik(p + e, data, 1)[1] - model._loglik(p - e, data, 1)[1]) / (2 * e[i])
        np.testing.assert_allclose(h[i], fd, rtol=1e-5, atol=1e-3)
        fdf = (model._loglik(p + e, data, 0)[0] - model._loglik(p - e, data, 0)[0]) / (2 * e[i])
        assert g[i] == pytest.approx(fdf, rel=1e-5, abs=1e-3)


def test_pareto_fit_is_quick_where_alpha_and_beta_are_far_apart():
    """BG/NBD-like data push Pareto/NBD towards s, beta -> infinity; every likelihood evaluation
    then takes the quadrature (it took minutes per fit with finite-difference gradients)."""
    import time

    sim = simulate_bgnbd_summary(800, r=1.5, alpha=12.0, a=1.2, b=10.0, T=52.0, random_state=1)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = ParetoNBDModel(random_state=0).fit(sim)
    assert time.perf_counter() - t0 < 60.0
    assert model.params_["beta"] / model.params_["alpha"] > 100.0
    assert np.isfinite(model.probability_alive(sim)).all()


def test_gammagamma_and_bgbb_gradients(cdnow_summary):
    gg = GammaGammaModel()
    data, _ = gg._prepare(cdnow_summary[cdnow_summary["frequency"] > 0])
    bb = BetaGeoBetaBinomModel()
    bdata, _ = bb._prepare(load_donations())
    for model, d, p in ((gg, data, np.array([5.0, 3.0, 12.0])), (bb, bdata, np.array([1.1, 0.8, 0.7, 2.5]))):
        _, g, _ = model._loglik(p, d, 1)
        for i in range(len(p)):
            e = np.zeros(len(p))
            e[i] = 1e-6 * p[i]
            fd = (model._loglik(p + e, d, 0)[0] - model._loglik(p - e, d, 0)[0]) / (2 * e[i])
            assert g[i] == pytest.approx(fd, rel=1e-5, abs=1e-3)


def test_weights_equal_repeated_rows(cdnow_summary):
    head = cdnow_summary.iloc[:300]
    counts = np.arange(300) % 3 + 1
    expanded = head.loc[head.index.repeat(counts)].reset_index(drop=True)
    weighted = head.assign(weights=counts)
    a, b = BetaGeoModel().fit(expanded), BetaGeoModel().fit(weighted)
    np.testing.assert_allclose(a.params_, b.params_, rtol=1e-6)
    assert a.log_likelihood_ == pytest.approx(b.log_likelihood_, rel=1e-10)
    assert b.n_customers_ == counts.sum()


def test_penalizer_shrinks_parameters(cdnow_summary):
    plain = BetaGeoModel().fit(cdnow_summary)
    shrunk = BetaGeoModel(penalizer=0.1).fit(cdnow_summary)
    assert np.sum(shrunk.params_**2) < np.sum(plain.params_**2)
    assert shrunk.log_likelihood_ < plain.log_likelihood_


def test_parameter_recovery_from_simulation():
    summary = simulate_bgnbd_summary(30000, r=0.25, alpha=4.0, a=0.8, b=2.5, random_state=1)
    model = BetaGeoModel().fit(summary)
    truth = pd.Series({"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5})
    z = (model.params_ - truth) / model.standard_errors_
    assert np.all(np.abs(z) < 3), z


def test_prediction_interval_brackets_point_and_is_reproducible(fitted, shuffled):
    model = fitted[BetaGeoModel]
    a = model.expected_purchases_interval(shuffled.iloc[:40], t=20, n_draws=60, random_state=1)
    b = model.expected_purchases_interval(shuffled.iloc[:40], t=20, n_draws=60, random_state=1)
    pd.testing.assert_frame_equal(a, b)
    assert a.index.equals(shuffled.index[:40])
    assert np.all(a["lower"] <= a["expected_purchases"] + 1e-12) and np.all(a["expected_purchases"] <= a["upper"] + 1e-12)
    assert np.all(a["upper"] > a["lower"])


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda d: d.drop(columns="T"), "T"),
        (lambda d: d.assign(frequency=d["frequency"].where(d.index != d.index[3], -1.0)), "frequency"),
        (lambda d: d.assign(recency=d["recency"].where(d.index != d.index[0], np.nan)), "recency"),
        (lambda d: d.assign(recency=d["T"] + 1.0), "recency"),
        (lambda d: d.assign(frequency=d["frequency"] + 0.5), "frequency"),
        (lambda d: d.assign(recency=d["recency"].where(d["frequency"] > 0, 1.0)), "recency"),
        (lambda d: d.assign(weights=0.0), "weights"),
        (lambda d: d.assign(frequency=d["frequency"].astype(str)), "frequency"),
    ],
)
def test_bad_input_gives_one_line_error_naming_the_column(cdnow_summary, change, column):
    with pytest.raises(DataValidationError) as info:
        BetaGeoModel().fit(change(cdnow_summary.iloc[:200].copy()))
    message = str(info.value)
    assert "\n" not in message and column in message and "fix" in message


def test_bad_input_types():
    with pytest.raises(DataValidationError, match="DataFrame"):
        BetaGeoModel().fit([[1, 2, 3]])
    with pytest.raises(DataValidationError, match="no rows"):
        BetaGeoModel().fit(pd.DataFrame({"frequency": [], "recency": [], "T": []}))
    with pytest.raises(ParameterError):
        BetaGeoModel(penalizer=-1).fit(load_cdnow_summary())


def test_time_unit_mismatch_is_an_error(fitted, cdnow_summary):
    daily = cdnow_summary.iloc[:10].copy()
    daily.attrs["time_unit"] = "D"
    with pytest.raises(ParameterError, match="time unit"):
        fitted[BetaGeoModel].expected_purchases(daily, t=7)


# ------------------------------------------------------------------ degenerate data
@pytest.mark.parametrize("cls", CONTINUOUS)
def test_all_one_time_buyers_is_a_clear_error(cls):
    data = pd.DataFrame({"frequency": [0.0] * 50, "recency": [0.0] * 50, "T": np.linspace(10, 40, 50)})
    with pytest.raises(DataValidationError, match="no customer has a repeat purchase"):
        cls().fit(data)


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_single_customer_is_a_clear_error_and_few_customers_warn(cls, cdnow_summary):
    one = pd.DataFrame({"frequency": [3.0], "recency": [20.0], "T": [30.0]})
    with pytest.raises(DataValidationError, match="at least 8 customers"):
        cls().fit(one)
    few = cdnow_summary.iloc[:25]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = cls().fit(few)
    assert any(issubclass(w.category, DataWarning) for w in caught)
    assert np.all(np.isfinite(model.params_))


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_huge_frequencies_T_equal_recency_and_zero_recency(cls, cdnow_summary):
    model = cls().fit(cdnow_summary)
    odd = pd.DataFrame({
        "frequency": [5000.0, 200.0, 3.0, 4.0, 1.0],
        "recency": [38.0, 38.86, 38.86, 0.0, 0.0],
        "T": [38.86, 38.86, 38.86, 38.86, 10.0],
    })
    for out in (model.expected_purchases(odd, t=39), model.probability_alive(odd),
                model.probability_of_purchases(odd, n=1, t=10), model.discounted_expected_purchases(odd, discount_rate=0.01)):
        assert np.all(np.isfinite(out.to_numpy())), out
    p_alive = model.probability_alive(odd)
    assert p_alive.iloc[3] < 0.05  # four purchases at time 0 then 39 weeks of silence
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        refit = cls().fit(pd.concat([cdnow_summary, odd.iloc[1:]], ignore_index=True))
    assert np.all(np.isfinite(refit.params_))


def test_no_dropout_signal_warns_about_the_cause():
    # every customer buys regularly until the end: the dropout parameters run away
    rng = np.random.default_rng(0)
    T = rng.uniform(30, 40, 300)
    data = pd.DataFrame({"frequency": rng.poisson(5, 300).astype(float) + 1, "recency": T, "T": T})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = BetaGeoModel().fit(data)
    messages = [str(w.message) for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert messages and "likely cause" in messages[0]
    assert np.all(np.isfinite(model.params_))
    assert not model.converged_


def test_warning_categories_are_ours():
    assert issubclass(ConvergenceWarning, ClvModelsWarning) and issubclass(DataWarning, ClvModelsWarning)
