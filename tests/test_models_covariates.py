"""Static customer covariates: CLVTools' published apparel fit reproduced, planted effects
recovered, predictions at each customer's own covariates, one-line errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.features import rfm_summary
from clvmodels.models import (
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    lr_test,
    simulate_paretonbd_summary,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def apparel():
    """CLVTools' apparel data: weekly summary over the 104-week estimation period (to
    2006-12-31; the first purchases are on 2005-01-02), and the static covariates."""
    if not (SHARED / "apparel_transactions.csv").exists():
        pytest.skip(f"reference data {SHARED / 'apparel_transactions.csv'} absent (see ../shared/data/README.md)")
    tr = pd.read_csv(SHARED / "apparel_transactions.csv", parse_dates=["Date"])
    cov = pd.read_csv(SHARED / "apparel_customers.csv").set_index("Id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # transactions after the estimation period
        summary = rfm_summary(tr.rename(columns={"Id": "customer_id", "Date": "date", "Price": "amount"}),
                              observation_end="2006-12-31", time_unit="W")
    return summary, cov


# Meierer, Bachmann, Naef, Schilter & Algesheimer, "Estimating individual customer lifetime values
# with R: the CLVTools package" (arXiv 2602.09845), section 6.4.1 (= the CLVTools vignette
# "Advanced and very advanced modelling techniques", section 4): Pareto/NBD with Gender and
# Channel in both processes, apparel data, 104-week estimation period. life = dropout, trans =
# purchase; as printed (4 decimals).
CLVTOOLS_STATIC = {
    "params": {"r": 1.8378, "alpha": 92.9123, "s": 0.5920, "beta": 49.6227},
    "se": {"r": 0.3455, "alpha": 16.9670, "s": 0.2609, "beta": 36.2509},
    "coef": {"dropout:Gender": -0.6430, "dropout:Channel": 0.7907, "purchase:Gender": 0.2859,
             "purchase:Channel": 0.6241},
    "coef_se": {"dropout:Gender": 0.2955, "dropout:Channel": 0.3059, "purchase:Gender": 0.1041,
                "purchase:Channel": 0.1050},
    "log_likelihood": -5821.0627,
}
# Same paper, section 6.2.1: the fit without covariates on the same split.
CLVTOOLS_PLAIN = {"r": 1.4490, "alpha": 48.6361, "s": 0.5613, "beta": 46.8844}


def test_pareto_static_covariates_reproduce_clvtools_on_apparel(apparel):
    summary, cov = apparel
    model = ParetoNBDModel().fit(summary, covariates=cov[["Gender", "Channel"]])
    ref = CLVTOOLS_STATIC
    # the log-likelihood to the printed precision; ours is the maximum (not below theirs)
    assert model.log_likelihood_ == pytest.approx(ref["log_likelihood"], abs=5e-5)
    # our likelihood function at their printed estimates gives their log-likelihood (the
    # estimates are rounded to 4 decimals, which moves it by < 1e-3)
    theta = np.concatenate([model._to_internal(np.array(list(ref["params"].values()))),
                            [ref["coef"][name] for name in model.coefficients_.index]])
    at_theirs = -model._cov_objective(theta)[0] * model._cov_total
    assert at_theirs == pytest.approx(ref["log_likelihood"], abs=1e-3)
    assert model.log_likelihood_ >= at_theirs
    # estimates: the likelihood is flat, so within 1% of a standard error of theirs
    table = model.summary_
    for name, value in {**ref["params"], **ref["coef"]}.items():
        se = {**ref["se"], **ref["coef_se"]}[name]
        assert abs(table.loc[name, "estimate"] - value) < 0.01 * se, name
        assert table.loc[name, "std_error"] == pytest.approx(se, rel=0.01), name
    assert {"z", "p_value", "lower_95", "upper_95"} <= set(table.columns)
    assert model.n_parameters_ == 8
    # for reading (notebook 03): the process of a coefficient in words, the symbols as they are
    from clvmodels.models import parameter_table

    shown = parameter_table(model, lang="zh")
    assert shown.index.tolist()[:4] == ["r", "alpha", "s", "beta"]
    assert "购买率: Gender" in shown.index and "流失: Channel" in shown.index
    assert shown.columns.tolist() == ["估计值", "标准误", "95% 置信下限", "95% 置信上限", "z 值", "p 值"]


def test_pareto_without_covariates_and_likelihood_ratio_tests_on_apparel(apparel):
    summary, cov = apparel
    plain = ParetoNBDModel().fit(summary)
    for name, value in CLVTOOLS_PLAIN.items():
        assert plain.params_[name] == pytest.approx(value, rel=1e-3), name
    full = ParetoNBDModel().fit(summary, covariates=cov[["Gender", "Channel"]])
    assert full.log_likelihood_no_covariates_ == pytest.approx(plain.log_likelihood_, abs=1e-6)
    test = lr_test(plain, full)
    assert test["df"] == 4 and test["statistic"] == pytest.approx(2 * (full.log_likelihood_ - plain.log_likelihood_))
    assert test["p_value"] < 1e-8
    # Gender with one coefficient in both processes (CLVTools names.cov.constr = "Gender"); the
    # CLVTools 0.12.1 run of this model gives LL -5826.5342 and the LR statistic 10.94297
    constrained = ParetoNBDModel().fit(summary, covariates=cov[["Gender", "Channel"]], constrain=["Gender"])
    assert list(constrained.coefficients_.index) == ["purchase+dropout:Gender", "purchase:Channel", "dropout:Channel"]
    assert constrained.log_likelihood_ == pytest.approx(-5826.5342, abs=1e-3)
    test = lr_test(constrained, full)
    assert test["df"] == 1 and test["statistic"] == pytest.approx(10.943, abs=2e-3)


def test_bgnbd_static_covariates_on_apparel(apparel):
    """BG/NBD with CLVTools' convention (one dropout coefficient shared by a and b): the CLVTools
    0.12.1 run of this model reaches LL -5839.8624 with trans.Gender 0.46121 and trans.Channel
    0.56783 (a and b run off together, so only the likelihood and the purchase side are pinned)."""
    summary, cov = apparel
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = BetaGeoModel().fit(summary, covariates=cov[["Gender", "Channel"]])
    assert model.log_likelihood_ == pytest.approx(-5839.8624, abs=1e-3)
    assert model.coefficients_["purchase:Gender"] == pytest.approx(0.46121, abs=2e-3)
    assert model.coefficients_["purchase:Channel"] == pytest.approx(0.56783, abs=2e-3)


def _planted(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Pareto/NBD customers in four groups of two binary attributes with planted effects:
    online customers buy 1.6x as often (purchase coefficient log 1.6), members drop out at half
    the rate (dropout coefficient log 0.5), in CLVTools' parameterization."""
    truth = {"r": 0.9, "alpha": 8.0, "s": 1.2, "beta": 20.0,
             "purchase:online": np.log(1.6), "dropout:member": np.log(0.5)}
    parts = []
    rng = np.random.default_rng(seed)
    for online in (0, 1):
        for member in (0, 1):
            alpha = truth["alpha"] * np.exp(-truth["purchase:online"] * online)
            beta = truth["beta"] * np.exp(-truth["dropout:member"] * member)
            part = simulate_paretonbd_summary(n // 4, r=truth["r"], alpha=alpha, s=truth["s"], beta=beta,
                                              T=(20, 80), random_state=rng)
            part["online"], part["member"] = online, member
            parts.append(part)
    summary = pd.concat(parts, ignore_index=True)
    summary.attrs["time_unit"] = "W"
    return summary, summary[["online", "member"]], truth


def test_planted_effects_are_recovered_with_calibrated_standard_errors():
    summary, cov, truth = _planted(8000, seed=5)
    model = ParetoNBDModel().fit(summary, covariates=["online", "member"],
                                 purchase_covariates=["online"], dropout_covariates=["member"])
    table = model.summary_
    for name in ("purchase:online", "dropout:member"):
        z = (table.loc[name, "estimate"] - truth[name]) / table.loc[name, "std_error"]
        assert abs(z) < 3.0, (name, table.loc[name].to_dict())
    for name in ("r", "alpha", "s", "beta"):
        lo, hi = table.loc[name, "lower_95"], table.loc[name, "upper_95"]
        assert lo / 1.5 < truth[name] < hi * 1.5, name
    # a covariate table indexed by customer gives the same fit as column names of the summary
    other = ParetoNBDModel().fit(summary, covariates=cov, purchase_covariates=["online"],
                                 dropout_covariates=["member"])
    np.testing.assert_allclose(other.coefficients_, model.coefficients_, rtol=1e-6)


def test_synthetic_database_recovers_the_business_purchase_effect():
    """make_crm_data plants business customers buying 1.5x as often as consumers (and spending
    2x as much): BG/NBD's purchase coefficient of consumers is about -log 1.5 and Gamma-Gamma's
    spend coefficient about -log 2 (consumers' income bands average a factor of about 1.04)."""
    from clvmodels.datasets import make_crm_data

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = make_crm_data(8000, random_state=3)
        summary = rfm_summary(db.transactions, observation_end=db.calibration_end, time_unit="W")
    cov = db.customers.set_index("customer_id")[["segment_type"]]
    bg = BetaGeoModel().fit(summary, covariates=cov, dropout_covariates=[])
    name = [c for c in bg.coefficients_.index if c.startswith("purchase:")][0]
    assert name == "purchase:segment_type[consumer]"
    est, se = bg.summary_.loc[name, ["estimate", "std_error"]]
    assert abs(est - (-np.log(1.5))) < 3 * se + 0.05
    gg = GammaGammaModel(ignore_one_time_buyers=True).fit(summary, covariates=cov)
    est, se = gg.summary_.loc["spend:segment_type[consumer]", ["estimate", "std_error"]]
    assert abs(est - np.log(1.04 / 2.0)) < 3 * se + 0.05


def test_predictions_use_each_customers_own_covariates():
    summary, cov, truth = _planted(4000, seed=9)
    model = ParetoNBDModel().fit(summary, covariates=["online", "member"])
    base = ParetoNBDModel().with_params(model.params_.to_numpy())
    base.time_unit_ = "W"
    zero = (summary["online"] == 0) & (summary["member"] == 0)
    # customers whose covariates are 0 get the baseline model's predictions
    for method, kw in (("expected_purchases", {"t": 26}), ("probability_alive", {}),
                       ("discounted_expected_purchases", {"discount_rate": 0.002})):
        ours = getattr(model, method)(summary, **kw)
        theirs = getattr(base, method)(summary[zero], **kw)
        np.testing.assert_allclose(ours[zero], theirs, rtol=1e-10)
    # the same history with online = 1 has alpha exp(-gamma): higher expected purchases
    one = summary.iloc[[0]].copy()
    one[["frequency", "recency", "T", "online", "member"]] = [2.0, 20.0, 40.0, 0, 0]
    two = one.copy()
    two["online"] = 1
    assert model.expected_purchases(two, t=26).iloc[0] > model.expected_purchases(one, t=26).iloc[0]
    # prediction intervals draw the coefficients too
    pi = model.prediction_interval(summary.iloc[:200], t=26, n_draws=40, random_state=0)
    assert pi["purchases_upper"].ge(pi["purchases_lower"]).all()


def test_gamma_gamma_spend_covariate_scales_the_expected_spend():
    rng = np.random.default_rng(2)
    n = 3000
    online = rng.integers(0, 2, n)
    nu = rng.gamma(4.0, 1.0 / (30.0 * np.exp(0.5 * online)))
    x = rng.integers(1, 8, n).astype(float)
    zbar = np.array([rng.gamma(3.0 * k, 1.0 / v) / k for k, v in zip(x, nu, strict=True)])
    summary = pd.DataFrame({"frequency": x, "monetary_value": zbar, "online": online})
    model = GammaGammaModel().fit(summary, covariates=["online"])
    est, se = model.summary_.loc["spend:online", ["estimate", "std_error"]]
    assert abs(est - 0.5) < 3 * se
    new = pd.DataFrame({"frequency": [0.0, 0.0], "monetary_value": [0.0, 0.0], "online": [0, 1]})
    spend = model.expected_spend(new)
    assert spend.iloc[1] / spend.iloc[0] == pytest.approx(np.exp(est), rel=1e-10)


def test_mbgnbd_takes_covariates_in_both_processes():
    summary, _, _ = _planted(3000, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ModifiedBetaGeoModel().fit(summary, covariates=["online", "member"])
        plain = ModifiedBetaGeoModel().fit(summary)
    assert set(model.coefficients_.index) == {"purchase:online", "purchase:member", "dropout:online", "dropout:member"}
    assert model.log_likelihood_ >= plain.log_likelihood_ - 1e-6
    assert model.coefficients_["purchase:online"] > 0.2  # online customers buy more often


def test_covariate_errors_are_one_line_and_name_the_customer():
    summary, cov, _ = _planted(400, seed=1)
    with pytest.raises(DataValidationError, match=r"no row in the covariate table.*customer_id \[0") as err:
        ParetoNBDModel().fit(summary, covariates=cov.iloc[1:])
    assert "\n" not in str(err.value)
    bad = cov.astype(float)
    bad.iloc[3, 0] = np.nan
    with pytest.raises(DataValidationError, match=r"'online'.*missing.*customer_id \[3\]"):
        ParetoNBDModel().fit(summary, covariates=bad)
    with pytest.raises(DataValidationError, match=r"\['channel'\] are not in the summary"):
        ParetoNBDModel().fit(summary, covariates=["channel"])
    with pytest.raises(DataValidationError, match="collinear"):
        ParetoNBDModel().fit(summary.assign(copy=summary["online"]), covariates=["online", "copy"])
    with pytest.raises(ParameterError, match="constrain 'member' needs the covariate in every process"):
        ParetoNBDModel().fit(summary, covariates=["online", "member"], dropout_covariates=["online"],
                             constrain=["member"])
    model = ParetoNBDModel().fit(summary, covariates=["online"])
    with pytest.raises(DataValidationError, match=r"covariate column\(s\) \['online'\]"):
        model.expected_purchases(summary.drop(columns="online"), t=10)
    with pytest.raises(ParameterError, match="models differ"):
        lr_test(BetaGeoModel().fit(summary), model)


def test_categorical_covariates_are_one_hot_against_their_first_level():
    summary, _, _ = _planted(2000, seed=6)
    summary["channel"] = np.where(summary["online"] == 1, "web", "store")
    model = ParetoNBDModel().fit(summary, covariates=["channel"], dropout_covariates=[])
    assert list(model.coefficients_.index) == ["purchase:channel[web]"]
    assert model.coefficients_.iloc[0] == pytest.approx(
        ParetoNBDModel().fit(summary, covariates=["online"], dropout_covariates=[]).coefficients_.iloc[0], rel=1e-6)
    unseen = summary.iloc[:3].assign(channel="phone")
    with pytest.raises(DataValidationError, match="level"):
        model.expected_purchases(unseen, t=10)


def test_covariate_penalizer_shrinks_the_coefficients_towards_zero():
    summary, _, _ = _planted(3000, seed=8)
    free = ParetoNBDModel().fit(summary, covariates=["online", "member"])
    shrunk = ParetoNBDModel().fit(summary, covariates=["online", "member"], covariate_penalizer=0.05)
    assert np.abs(shrunk.coefficients_).sum() < 0.8 * np.abs(free.coefficients_).sum()
    assert shrunk.log_likelihood_ < free.log_likelihood_
    with pytest.raises(ParameterError, match="covariate_penalizer"):
        ParetoNBDModel().fit(summary, covariates=["online"], covariate_penalizer=-1)


def test_fit_sample_applies_to_covariate_fits_and_counts_every_customer():
    summary, _, _ = _planted(3000, seed=12)
    model = ParetoNBDModel(fit_sample=1000, random_state=1).fit(summary, covariates=["online"])
    assert model.fit_sampled_ and model.n_customers_total_ == 3000 and model.n_customers_ <= 1000
    assert len(model.expected_purchases(summary, t=10)) == 3000  # predictions still cover everyone
