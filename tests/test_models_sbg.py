"""Shifted-beta-geometric model: Fader & Hardie (2007) reproduction, recovery, identities, DERL,
input checks and the estimator contract."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats
from sklearn.base import clone

from clvmodels.exceptions import DataValidationError, NotFittedError, ParameterError
from clvmodels.models import ShiftedBetaGeoModel
from clvmodels.models.sbg import fit_cohorts

FH2007 = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sbg_retention_fh2007.csv"


@pytest.fixture(scope="module")
def fh2007() -> pd.DataFrame:
    if not FH2007.exists():
        pytest.skip(f"Fader & Hardie (2007) data not found at {FH2007} (../shared/data is absent)")
    return pd.read_csv(FH2007).set_index("year")


def _simulate(gamma: float, delta: float, n: int, horizon: int, seed: int) -> pd.DataFrame:
    """Per-customer rows: churn period T ~ Geometric(theta), theta ~ Beta(gamma, delta),
    observed for ``horizon`` renewal decisions."""
    rng = np.random.default_rng(seed)
    theta = rng.beta(gamma, delta, n)
    T = rng.geometric(theta)  # 1, 2, ...: the period at whose end the customer leaves
    churned = T <= horizon
    return pd.DataFrame({"renewals": np.where(churned, T - 1, horizon), "active": ~churned},
                        index=pd.Index([f"c{i}" for i in range(n)], name="customer_id"))


def _survivors(rows: pd.DataFrame, horizon: int) -> pd.Series:
    """The survivor table of per-customer rows: customers active after t renewals."""
    k = rows["renewals"].to_numpy()
    return pd.Series([int(np.sum(k >= t)) for t in range(horizon + 1)], name="cohort")


@pytest.fixture(scope="module")
def regular(fh2007) -> ShiftedBetaGeoModel:
    return ShiftedBetaGeoModel().fit(fh2007.loc[:7, ["regular_pct_surviving"]] * 10)


# ------------------------------------------------------------------ Fader & Hardie (2007)
@pytest.mark.parametrize(("column", "gamma", "delta"), [
    ("regular_pct_surviving", 0.704, 1.182), ("high_end_pct_surviving", 0.668, 3.806)])
def test_fader_hardie_2007_calibration_and_projection(fh2007, column, gamma, delta):
    counts = fh2007.loc[:7, [column]] * 10  # percent of an initial 1,000 customers
    model = ShiftedBetaGeoModel().fit(counts)
    assert model.converged_
    assert model.params_["gamma"] == pytest.approx(gamma, abs=5e-4)
    assert model.params_["delta"] == pytest.approx(delta, abs=5e-4)
    assert model.n_customers_ == 1000
    # log-likelihood recomputed by hand from the counts
    s = counts[column].to_numpy()
    lost = -np.diff(s)
    g, d = model.params_
    t = np.arange(1, 8)
    ll = np.sum(lost * (special.betaln(g + 1, d + t - 1) - special.betaln(g, d)))
    ll += s[-1] * (special.betaln(g, d + 7) - special.betaln(g, d))
    assert model.log_likelihood_ == pytest.approx(ll, rel=1e-12)
    # projection of years 8-12 within 2 percentage points of the observed survival
    projected = 100 * model.survival(list(range(8, 13))).to_numpy()
    observed = fh2007.loc[8:12, column].to_numpy()
    assert np.max(np.abs(projected - observed)) < 2.0
    # and far better than a constant year-1 retention rate r^t
    naive = 100 * (s[1] / s[0]) ** np.arange(8, 13)
    assert np.max(np.abs(projected - observed)) < 0.2 * np.max(np.abs(naive - observed))


def test_pooled_cohorts_of_different_lengths(fh2007):
    table = fh2007.loc[:7] * 10
    table.loc[5:, "high_end_pct_surviving"] = np.nan  # a younger cohort, 4 renewals observed
    pooled = ShiftedBetaGeoModel().fit(table)
    rows = []
    for col in table:
        s = table[col].dropna().to_numpy()
        lost = -np.diff(s)
        rows += [{"renewals": k, "active": False, "weights": w} for k, w in enumerate(lost)]
        rows.append({"renewals": len(s) - 1, "active": True, "weights": s[-1]})
    per_customer = ShiftedBetaGeoModel().fit(pd.DataFrame(rows))
    np.testing.assert_allclose(pooled.params_, per_customer.params_, rtol=1e-7)
    assert pooled.log_likelihood_ == pytest.approx(per_customer.log_likelihood_, rel=1e-10)
    separate = fit_cohorts(table)
    assert list(separate) == list(table.columns)
    regular = ShiftedBetaGeoModel().fit(table[["regular_pct_surviving"]])
    np.testing.assert_allclose(separate["regular_pct_surviving"].params_, regular.params_, rtol=1e-10)
    value = pooled.clv(margin=100.0, discount_rate=0.1)
    assert list(value.index) == list(table.columns)
    expected = table["high_end_pct_surviving"].iloc[4] * 100.0 * pooled.derl(0.1, 4)
    assert value["high_end_pct_surviving"] == pytest.approx(expected, rel=1e-12)


# ------------------------------------------------------------------ simulation recovery
def test_simulated_parameters_are_recovered():
    rows = _simulate(0.8, 2.5, 20_000, horizon=10, seed=1)
    model = ShiftedBetaGeoModel().fit(rows)
    assert model.converged_ and model.n_customers_ == 20_000
    ci = model.conf_int(0.99)
    for name, true in (("gamma", 0.8), ("delta", 2.5)):
        assert ci.loc[name, "lower_99"] < true < ci.loc[name, "upper_99"]
        assert model.params_[name] == pytest.approx(true, rel=0.15)
    # the survivor table of the same customers gives the same fit
    counts = ShiftedBetaGeoModel().fit(_survivors(rows, 10))
    np.testing.assert_allclose(counts.params_, model.params_, rtol=1e-7)
    np.testing.assert_allclose(counts.standard_errors_, model.standard_errors_, rtol=1e-5)


def test_gradient_and_hessian_match_finite_differences():
    model = ShiftedBetaGeoModel()
    data, _ = model._prepare(_simulate(0.6, 3.0, 3000, horizon=6, seed=2))
    p = np.array([0.7, 2.0])
    _, g, h = model._loglik(p, data, 2)
    for i in range(2):
        e = np.zeros(2)
        e[i] = 1e-6 * p[i]
        fd_g = (model._loglik(p + e, data, 0)[0] - model._loglik(p - e, data, 0)[0]) / (2 * e[i])
        fd_h = (model._loglik(p + e, data, 1)[1] - model._loglik(p - e, data, 1)[1]) / (2 * e[i])
        assert g[i] == pytest.approx(fd_g, rel=1e-6)
        np.testing.assert_allclose(h[i], fd_h, rtol=1e-5)


# ------------------------------------------------------------------ identities
def test_survival_retention_and_churn_identities():
    model = ShiftedBetaGeoModel().fit(_simulate(0.9, 1.7, 4000, horizon=8, seed=3))
    g, d = model.params_
    t = np.arange(1, 40)
    surv = model.survival(list(range(40))).to_numpy()
    assert surv[0] == 1.0
    np.testing.assert_allclose(surv[1:], np.cumprod(model.retention_rate(list(t)).to_numpy()), rtol=1e-12)
    np.testing.assert_allclose(surv[:-1] - surv[1:], model.churn_probability(list(t)).to_numpy(), rtol=1e-10)
    assert np.all(np.diff(model.retention_rate(list(t)).to_numpy()) > 0)  # sorting: r_t rises
    # S(t) is E[(1 - theta)^t] over theta ~ Beta(gamma, delta)
    theta = stats.beta(g, d)
    assert model.survival(5) == pytest.approx(theta.expect(lambda x: (1 - x) ** 5), rel=1e-8)
    assert model.retention_rate(1) == pytest.approx(d / (g + d))
    # the truncated expected lifetime is the sum of survival
    assert model.expected_lifetime(horizon=40) == pytest.approx(surv.sum(), rel=1e-12)


def test_expected_lifetime_is_finite_only_for_gamma_above_one():
    model = ShiftedBetaGeoModel().fit(_simulate(3.0, 6.0, 5000, horizon=8, seed=4))
    g, d = model.params_
    assert g > 1
    assert model.expected_lifetime() == pytest.approx((g + d - 1) / (g - 1), rel=1e-12)
    assert model.expected_lifetime() == pytest.approx(model.expected_lifetime(horizon=20_000), rel=1e-3)
    assert model.with_params([0.7, 1.2]).expected_lifetime() == np.inf


# ------------------------------------------------------------------ DERL, elasticity, CLV
@pytest.mark.parametrize("params", [(0.704, 1.182), (0.668, 3.806), (4.0, 20.0)])
@pytest.mark.parametrize("rate", [0.1, 0.25])
def test_derl_equals_the_direct_sum_of_discounted_survival(params, rate):
    """DERL(d | n-1 renewals) = sum_{t>=n} S(t)/S(n-1) (1+d)^-(t-n), summed term by term
    (the published Table 3 of Fader & Hardie 2010 could not be checked here)."""
    model = _at(params)
    t = np.arange(0, 3000)
    surv = model.survival(list(t)).to_numpy()
    for renewals in (0, 1, 4, 10):
        n = renewals + 1
        direct = np.sum(surv[n:] / surv[n - 1] * (1 + rate) ** -(t[n:] - n))
        assert model.derl(rate, renewals) == pytest.approx(direct, rel=1e-9)
    assert model.derl(rate, [0, 4]).index.tolist() == [0, 4]
    direct_del = np.sum(surv * (1 + rate) ** -t)
    assert model.discounted_expected_lifetime(rate) == pytest.approx(direct_del, rel=1e-9)


def _at(params: tuple[float, float]) -> ShiftedBetaGeoModel:
    """A model at given parameters (fitted first so that it has units and data)."""
    base = ShiftedBetaGeoModel().fit(_simulate(0.7, 1.2, 500, horizon=5, seed=5))
    return base.with_params(list(params))


def test_derl_rises_with_tenure_and_matches_the_homogeneous_formula():
    model = _at((0.704, 1.182))
    derl = model.derl(0.1, list(range(10))).to_numpy()
    assert np.all(np.diff(derl) > 0)
    # no heterogeneity (gamma, delta large, theta = 0.2): r (1 + d) / (1 + d - r)
    flat = _at((2e5, 8e5))
    r, d = 0.8, 0.1
    assert flat.derl(d, 3) == pytest.approx(r * (1 + d) / (1 + d - r), rel=1e-4)


def test_retention_elasticity():
    model = _at((0.704, 1.182))
    # the quadrature of the individual DERL reproduces the closed form at no increase
    assert model._derl_integral(0.704, 1.182 + 3, 0.1, 0.0) == pytest.approx(model.derl(0.1, 3), rel=1e-8)
    # homogeneous base: d log DERL / d log r = (1 + d) / (1 + d - r)
    flat = _at((2e5, 8e5))
    r, d = 0.8, 0.1
    assert flat.retention_elasticity(d, 0, increase=1e-4) == pytest.approx((1 + d) / (1 + d - r), rel=1e-3)
    assert model.retention_elasticity(0.1, 0) > 1.0


def test_clv_per_customer_keeps_every_customer_in_order():
    rows = _simulate(0.8, 2.0, 3000, horizon=6, seed=6).sample(frac=1.0, random_state=1)
    model = ShiftedBetaGeoModel().fit(rows)
    value = model.clv(margin=20.0, discount_rate=0.1, data=rows)
    assert value.index.equals(rows.index)
    assert np.all(value[~rows["active"]] == 0.0)
    active = rows.index[rows["active"]][0]
    assert value[active] == pytest.approx(20.0 * model.derl(0.1, int(rows.loc[active, "renewals"])))
    assert value.attrs["margin"] == 20.0 and value.attrs["discount_rate"] == 0.1


# ------------------------------------------------------------------ input checks
@pytest.mark.parametrize(("table", "match"), [
    (pd.DataFrame({"c": [1000, 600, -5, 0]}), r"column 'c' has a negative count at period t = 2"),
    (pd.DataFrame({"c": [1000, 600, 650, 400]}), r"survivors rise from 600 at t = 1 to 650 at t = 2"),
    (pd.DataFrame({"c": [1000, np.nan, 500, 400]}), r"missing or infinite count at period t = 1"),
    (pd.DataFrame({"c": [0, 0, 0]}), r"starts with 0 customers"),
    (pd.DataFrame({"c": [1000]}), r"1 row"),
    (pd.DataFrame({"c": ["1000", "600", "400"]}), r"column 'c'.*not numeric"),
    (pd.DataFrame({"c": [1000, 600, 400]}, index=[1, 2, 3]), r"index must be the periods 0, 1, \.\.\., 2"),
    (pd.DataFrame({"c": [1000, 600]}), r"only the first renewal decision"),
    (pd.DataFrame({"c": [1000, 1000, 1000]}), r"no customer churned"),
    (pd.DataFrame({"renewals": [1, 2, -1], "active": [True, False, True]}), r"'renewals' must hold whole numbers >= 0"),
    (pd.DataFrame({"renewals": [1, 2, 3], "active": [1, 0, 2]}), r"'active' must be True/False"),
    (pd.DataFrame({"renewals": [1, 2, 3]}), r"missing \['active'\]"),
    ([1000, 600, 400], r"got list"),
])
def test_bad_input_raises_one_line(table, match):
    with pytest.raises(DataValidationError, match=match) as info:
        ShiftedBetaGeoModel().fit(table)
    assert "\n" not in str(info.value) and str(info.value).startswith("sBG: ")


def test_bad_prediction_arguments(regular):
    with pytest.raises(ParameterError, match="discount_rate"):
        regular.derl(-0.1, 1)
    with pytest.raises(ParameterError, match="renewals"):
        regular.derl(0.1, 1.5)
    with pytest.raises(ParameterError, match="t=0"):
        regular.retention_rate(0)
    with pytest.raises(NotFittedError, match="fit"):
        ShiftedBetaGeoModel().survival(3)


# ------------------------------------------------------------------ estimator contract
def test_estimator_contract(regular, fh2007):
    model = ShiftedBetaGeoModel(penalizer=0.1, random_state=3)
    assert not [k for k in vars(model) if k.endswith("_")]
    assert repr(ShiftedBetaGeoModel(penalizer=0.1)) == "ShiftedBetaGeoModel(penalizer=0.1)"
    with pytest.raises(TypeError):
        ShiftedBetaGeoModel(0.1)
    copy = clone(regular)
    assert not hasattr(copy, "params_") and copy.get_params() == regular.get_params()
    assert regular.name == "sBG"
    table = regular.summary_
    assert list(table.columns) == ["estimate", "std_error", "lower_95", "upper_95"]
    assert np.all(table["std_error"] > 0)
    assert table.attrs["model"] == "sBG" and table.attrs["n_customers"] == 1000
    ci = regular.conf_int(0.9)
    assert np.all(ci["lower_90"] < regular.params_) and np.all(regular.params_ < ci["upper_90"])
    with pytest.raises(ParameterError, match="n_starts"):
        ShiftedBetaGeoModel(n_starts=0).fit(fh2007.loc[:7] * 10)
    with pytest.raises(ParameterError, match="no setting 'pooled'"):
        ShiftedBetaGeoModel().set_params(pooled=True)
    draws = regular.sample_params(200, random_state=0)
    assert list(draws.columns) == ["gamma", "delta"] and np.all(draws.to_numpy() > 0)
