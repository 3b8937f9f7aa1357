"""The models as scikit-learn estimators (get_params, set_params, clone, repr), the age-0 rule
(customers with T = 0 are left out of the fit and predicted alive), and name, with_params and
conf_int."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, clone

from clvmodels.datasets import load_cdnow_summary, load_donations
from clvmodels.exceptions import DataValidationError, NotFittedError, ParameterError
from clvmodels.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
)

CONTINUOUS = [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel]
ALL = [*CONTINUOUS, BetaGeoBetaBinomModel, GammaGammaModel]
COMMON = {"penalizer", "n_starts", "max_iter", "tol", "random_state", "fit_sample"}
NAMES = {BetaGeoModel: "BG/NBD", ModifiedBetaGeoModel: "MBG/NBD", ParetoNBDModel: "Pareto/NBD",
         BetaGeoBetaBinomModel: "BG/BB", GammaGammaModel: "Gamma-Gamma"}


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return load_cdnow_summary()


def _data(cls, cdnow: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """The fitting data of each model (the first ``n`` rows when given)."""
    if cls is BetaGeoBetaBinomModel:
        return load_donations()
    data = cdnow[cdnow["frequency"] > 0] if cls is GammaGammaModel else cdnow
    return data if n is None else data.iloc[:n]


@pytest.fixture(scope="module")
def fitted(cdnow):
    return {cls: cls(random_state=0).fit(_data(cls, cdnow)) for cls in ALL}


# ------------------------------------------------------------------ estimator conventions
@pytest.mark.parametrize("cls", ALL)
def test_models_are_scikit_learn_estimators(cls):
    assert issubclass(cls, BaseEstimator)


@pytest.mark.parametrize("cls", ALL)
def test_get_params_lists_exactly_the_constructor_arguments(cls):
    model = cls()
    assert set(model.get_params()) == set(inspect.signature(cls).parameters)
    extra = {"ignore_one_time_buyers", "correlation_threshold"} if cls is GammaGammaModel else set()
    assert set(model.get_params()) == COMMON | extra
    assert model.get_params() == model.get_params(deep=False)
    # the defaults of today's constructors
    assert {k: model.get_params()[k] for k in COMMON} == {
        "penalizer": 0.0, "n_starts": 5, "max_iter": 500, "tol": 1e-9, "random_state": None,
        "fit_sample": None}
    if cls is GammaGammaModel:
        assert model.ignore_one_time_buyers is False and model.correlation_threshold == 0.3


@pytest.mark.parametrize("cls", ALL)
def test_clone_gives_an_unfitted_copy_with_equal_settings(cls, fitted):
    model = fitted[cls]
    copy = clone(model)
    assert type(copy) is cls and copy is not model
    assert copy.get_params() == model.get_params() and copy.random_state == 0
    assert not hasattr(copy, "params_")
    assert not [k for k in vars(copy) if k.endswith("_")]
    with pytest.raises(NotFittedError):
        copy.summary_  # noqa: B018
    assert hasattr(model, "params_")  # the original stays fitted
    settings = {"penalizer": 0.01, "n_starts": 3, "max_iter": 50, "tol": 1e-7, "fit_sample": 100}
    unfitted = cls(**settings)
    assert clone(unfitted).get_params() == unfitted.get_params() == {**cls().get_params(), **settings}


@pytest.mark.parametrize("cls", ALL)
def test_repr_shows_the_changed_settings(cls):
    assert repr(cls()) == f"{cls.__name__}()"
    assert repr(cls(penalizer=0.1)) == f"{cls.__name__}(penalizer=0.1)"
    assert repr(cls(random_state=3, fit_sample=500)) == f"{cls.__name__}(fit_sample=500, random_state=3)"


@pytest.mark.parametrize("cls", ALL)
def test_set_params_then_fit_uses_the_new_setting(cls, cdnow, fitted):
    data = _data(cls, cdnow, 600)
    model = cls()
    assert model.set_params(penalizer=0.05) is model
    assert model.penalizer == 0.05
    model.fit(data)
    direct = cls(penalizer=0.05).fit(data)
    np.testing.assert_allclose(model.params_, direct.params_, rtol=1e-10)
    plain = cls().fit(data)
    assert np.sum(model.params_**2) < np.sum(plain.params_**2)


def test_set_params_of_gamma_gamma_settings(cdnow):
    model = GammaGammaModel()
    with pytest.raises(DataValidationError, match="ignore_one_time_buyers=True"):
        model.fit(cdnow)
    model.set_params(ignore_one_time_buyers=True).fit(cdnow)
    assert model.n_customers_ == int((cdnow["frequency"] > 0).sum())


@pytest.mark.parametrize("cls", ALL)
def test_set_params_refuses_unknown_settings(cls):
    with pytest.raises(ParameterError, match="no setting 'penalty'.*penalizer"):
        cls().set_params(penalty=0.1)


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize(("setting", "value"), [
    ("penalizer", -1.0), ("n_starts", 0), ("n_starts", 2.5), ("max_iter", -3), ("tol", 0.0),
    ("fit_sample", 0), ("penalizer", "0.1"),
])
def test_bad_settings_raise_at_fit_naming_the_setting(cls, cdnow, setting, value):
    model = cls(**{setting: value})  # the constructor only stores
    assert getattr(model, setting) == value
    with pytest.raises(ParameterError, match=setting):
        model.fit(_data(cls, cdnow, 200))
    with pytest.raises(ParameterError, match=setting):
        cls().set_params(**{setting: value}).fit(_data(cls, cdnow, 200))


# ------------------------------------------------------------------ customers of age 0
def _with_unaged(summary: pd.DataFrame, n: int) -> pd.DataFrame:
    """``summary`` plus ``n`` customers first seen on the last day (T = 0), in between."""
    new = pd.DataFrame({"frequency": 0.0, "recency": 0.0, "T": 0.0},
                       index=pd.Index([f"new{i}" for i in range(n)], name=summary.index.name))
    head = summary.iloc[: len(summary) // 2].set_axis(summary.index[: len(summary) // 2].astype(str))
    tail = summary.iloc[len(summary) // 2:].set_axis(summary.index[len(summary) // 2:].astype(str))
    out = pd.concat([head, new, tail])
    out.attrs = dict(summary.attrs)
    return out


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_customers_of_age_zero_do_not_change_the_fit(cls, cdnow, fitted):
    model = cls(random_state=0).fit(_with_unaged(cdnow, 7))
    base = fitted[cls]
    np.testing.assert_array_equal(model.params_, base.params_)
    assert model.log_likelihood_ == base.log_likelihood_
    assert model.n_customers_ == base.n_customers_ == len(cdnow)
    assert model.n_customers_unaged_ == 7 and base.n_customers_unaged_ == 0
    assert model.n_customers_total_ == len(cdnow) + 7
    pd.testing.assert_frame_equal(model.summary_, base.summary_)


def test_weighted_customers_of_age_zero_are_counted(cdnow):
    merged = cdnow.groupby(["frequency", "recency", "T"]).size().rename("weights").reset_index()
    extra = pd.DataFrame({"frequency": [0.0], "recency": [0.0], "T": [0.0], "weights": [5]})
    data = pd.concat([merged, extra], ignore_index=True)
    data.attrs = dict(cdnow.attrs)
    model = BetaGeoModel().fit(data)
    assert model.n_customers_ == len(cdnow) and model.n_customers_unaged_ == 5
    np.testing.assert_allclose(model.params_, BetaGeoModel().fit(merged).params_, rtol=1e-12)


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_customers_of_age_zero_are_predicted_alive(cls, fitted, cdnow):
    model = fitted[cls]
    data = _with_unaged(cdnow.iloc[:30], 3)
    new = data.index.str.startswith("new")
    p_alive = model.probability_alive(data)
    assert p_alive.index.equals(data.index)
    np.testing.assert_array_equal(p_alive[new], 1.0)
    np.testing.assert_allclose(p_alive[~new], model.probability_alive(cdnow.iloc[:30]).to_numpy())
    later = model.probability_alive(data, t=10)[new]
    assert np.all((later > 0) & (later < 1))
    expected = model.expected_purchases(data, t=10)
    assert np.all(np.isfinite(expected)) and np.all(expected[new] > 0)
    # an alive customer of age 0: the new-customer forecast, given survival of the first purchase
    # (MBG/NBD's own formula gives P(alive) = b / (a + b) at T = 0: dropout at the first purchase)
    a, b = model.params_.iloc[2:]
    alive_at_zero = b / (a + b) if cls is ModifiedBetaGeoModel else 1.0
    np.testing.assert_allclose(expected[new], model.expected_purchases_new_customer(t=10) / alive_at_zero,
                               rtol=1e-10)
    pmf = model.probability_of_purchases(data, n=list(range(150)), t=10)
    np.testing.assert_allclose(pmf[new].sum(axis=1), 1.0, atol=1e-8)
    np.testing.assert_allclose((pmf[new] * np.arange(150)).sum(axis=1), expected[new], rtol=1e-6)
    for out in (model.discounted_expected_purchases(data, discount_rate=0.01),
                model.expected_purchases_path(data, horizons=[0.0, 5.0, 52.0])):
        values = out.to_numpy()
        assert np.all(np.isfinite(values)) and np.all(values[new] >= 0)


def test_bgbb_customers_without_an_opportunity_are_age_zero():
    donations = load_donations()
    base = BetaGeoBetaBinomModel().fit(donations)
    extra = pd.DataFrame({"frequency": [0], "recency": [0], "n_periods": [0], "weights": [40]})
    model = BetaGeoBetaBinomModel().fit(pd.concat([donations, extra], ignore_index=True))
    np.testing.assert_array_equal(model.params_, base.params_)
    assert model.n_customers_ == base.n_customers_ == 11104 and model.n_customers_unaged_ == 40
    assert model.n_customers_total_ == 11144
    zero = extra.drop(columns="weights")
    assert model.probability_alive(zero).iloc[0] == 1.0
    assert model.expected_purchases(zero, t=5).iloc[0] == pytest.approx(
        model.expected_purchases_new_customer(t=5), rel=1e-12)
    assert np.isfinite(model.discounted_expected_purchases(zero, discount_rate=0.1).iloc[0])


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_only_customers_of_age_zero_is_a_clear_error(cls):
    data = pd.DataFrame({"frequency": [0.0] * 20, "recency": [0.0] * 20, "T": [0.0] * 20})
    with pytest.raises(DataValidationError, match="T = 0"):
        cls().fit(data)


# ------------------------------------------------------------------ name, conf_int, with_params
@pytest.mark.parametrize("cls", ALL)
def test_name_is_the_literature_name(cls, fitted):
    assert cls().name == NAMES[cls] == fitted[cls].name


@pytest.mark.parametrize("cls", ALL)
def test_conf_int_narrows_with_the_level(cls, fitted):
    model = fitted[cls]
    ci90, ci95 = model.conf_int(0.9), model.conf_int(0.95)
    assert list(ci90.columns) == ["lower_90", "upper_90"]
    assert list(ci95.columns) == ["lower_95", "upper_95"]
    assert ci90.index.equals(model.params_.index)
    assert np.all(ci95["lower_95"] < ci90["lower_90"]) and np.all(ci90["upper_90"] < ci95["upper_95"])
    assert np.all(ci90["lower_90"] < model.params_) and np.all(model.params_ < ci90["upper_90"])
    pd.testing.assert_frame_equal(model.confidence_intervals_, model.conf_int(0.95))
    pd.testing.assert_frame_equal(model.confidence_intervals_, model.conf_int())


def test_conf_int_checks_its_level_and_needs_a_fit(fitted):
    for level in (0.0, 1.0, 1.5, "0.9"):
        with pytest.raises(ParameterError, match="level"):
            fitted[BetaGeoModel].conf_int(level)
    with pytest.raises(NotFittedError):
        BetaGeoModel().conf_int(0.9)


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_with_params_aligns_a_series_by_name(cls, fitted, cdnow):
    model = fitted[cls]
    shuffled = model.params_.iloc[::-1] * 1.1
    other = model.with_params(shuffled)
    pd.testing.assert_series_equal(other.params_, model.params_ * 1.1)
    assert other is not model and other.get_params() == model.get_params()
    assert other.time_unit_ == model.time_unit_
    np.testing.assert_array_equal(model.params_, fitted[cls].params_)  # the original is unchanged
    head = cdnow.iloc[:20]
    by_array = model.with_params((model.params_ * 1.1).to_numpy())
    pd.testing.assert_series_equal(other.expected_purchases(head, t=10), by_array.expected_purchases(head, t=10))
    assert not np.allclose(other.expected_purchases(head, t=10), model.expected_purchases(head, t=10))


@pytest.mark.parametrize("cls", ALL)
def test_with_params_of_the_wrong_length_is_an_error(cls, fitted):
    model = fitted[cls]
    k = len(model.params_)
    for bad in (np.ones(k - 1), np.ones(k + 1), np.ones((k, 1))):
        with pytest.raises(ParameterError, match=f"needs {k} values"):
            model.with_params(bad)


# ------------------------------------------------------------------ shared argument checks
def test_horizons_and_rates_are_checked_as_before(fitted, cdnow):
    model = fitted[BetaGeoModel]
    head = cdnow.iloc[:5]
    pd.testing.assert_series_equal(model.expected_purchases(head, t=np.array(10.0)),
                                   model.expected_purchases(head, t=10))
    pd.testing.assert_series_equal(model.expected_purchases(head, t=np.int64(10)),
                                   model.expected_purchases(head, t=10.0))
    for bad in (-1.0, np.nan, np.inf):
        with pytest.raises(ParameterError, match="t="):
            model.expected_purchases(head, t=bad)
    with pytest.raises(ParameterError, match="discount_rate"):
        model.discounted_expected_purchases(head, discount_rate=0.0)
    with pytest.raises(ParameterError, match="n_draws"):
        model.sample_params(0)
