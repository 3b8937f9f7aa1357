"""(M)BG/CNBD-k: k = 1 is BG/NBD and MBG/NBD, the likelihood against direct integration, predictions
against simulation, the choice of k, and the grocery data of BTYDplus' vignette."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats

from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.models import (
    BetaGeoCNBDModel,
    BetaGeoModel,
    ModifiedBetaGeoCNBDModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    simulate_cnbd_summary,
    transaction_model,
)

GROCERY = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "grocery_transactions.csv"
PAIRS = [(BetaGeoModel, BetaGeoCNBDModel), (ModifiedBetaGeoModel, ModifiedBetaGeoCNBDModel)]
TRUE = {"r": 0.85, "alpha": 1.45, "a": 0.79, "b": 2.42}  # BTYDplus' own test population


# --------------------------------------------------------------------------- k = 1 is (M)BG/NBD
@pytest.mark.parametrize(("plain", "cnbd"), PAIRS)
def test_k1_equals_bgnbd_and_mbgnbd_on_cdnow(cdnow_summary: pd.DataFrame, plain, cnbd) -> None:
    m0 = plain().fit(cdnow_summary)
    m1 = cnbd(k=1).fit(cdnow_summary)
    assert m1.k_ == 1
    assert m1.log_likelihood_ == pytest.approx(m0.log_likelihood_, abs=1e-6)
    np.testing.assert_allclose(m1.params_, m0.params_, rtol=1e-4)
    same = m1.with_params(m0.params_)
    s = cdnow_summary
    np.testing.assert_allclose(same.probability_alive(s), m0.probability_alive(s), atol=1e-12)
    for t in (1.0, 39.0, 78.0):
        np.testing.assert_allclose(same.expected_purchases(s, t=t), m0.expected_purchases(s, t=t), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(same.probability_alive(s, t=t), m0.probability_alive(s, t=t), atol=1e-12)
        for n in (0, 1, 4):
            np.testing.assert_allclose(same.probability_of_purchases(s, n=n, t=t),
                                       m0.probability_of_purchases(s, n=n, t=t), atol=1e-12)
    assert same.expected_purchases_new_customer(t=39) == pytest.approx(m0.expected_purchases_new_customer(t=39), rel=1e-10)
    np.testing.assert_allclose(same.discounted_expected_purchases(s, discount_rate=0.01),
                               m0.discounted_expected_purchases(s, discount_rate=0.01), rtol=1e-5)


# --------------------------------------------------------------------------- the likelihood
def _direct_likelihood(k: int, shift: int, params: dict, x: int, tx: float, T: float, gaps_log_sum: float) -> float:
    """The individual likelihood integrated numerically over lambda (quad) and exactly over p
    (Beta moments): an independent derivation of the closed form."""
    r, alpha, a, b = params["r"], params["alpha"], params["a"], params["b"]
    delta = T - tx
    lb = special.betaln(a, b)
    stay = np.exp(special.betaln(a, b + x + shift) - lb)  # E[(1-p)^(x+s)]
    drop = np.exp(special.betaln(a + 1, b + x - 1 + shift) - lb) if (x > 0 or shift) else 0.0

    def integrand(lam: float) -> float:
        timing = lam ** (k * x) * np.exp(-lam * tx) * np.exp((k - 1) * gaps_log_sum) / special.factorial(k - 1) ** x
        survive = sum(np.exp(-lam * delta) * (lam * delta) ** j / special.factorial(j) for j in range(k))
        return stats.gamma.pdf(lam, r, scale=1 / alpha) * timing * (stay * survive + drop)

    value, _ = integrate.quad(integrand, 0, np.inf, limit=400, epsabs=0, epsrel=1e-11)
    return float(value)


@pytest.mark.parametrize("k", [1, 2, 4])
@pytest.mark.parametrize("cls", [BetaGeoCNBDModel, ModifiedBetaGeoCNBDModel])
def test_likelihood_matches_direct_integration(k: int, cls) -> None:
    model = cls(k=k).fit(simulate_cnbd_summary(300, k=k, **TRUE, random_state=3))
    params = {"r": 0.9, "alpha": 2.5, "a": 0.7, "b": 2.0}
    model = model.with_params(pd.Series(params))
    cases = [(0, 0.0, 30.0, 0.0), (1, 4.0, 30.0, np.log(4.0)), (5, 20.0, 40.0, 5 * np.log(4.0)),
             (3, 29.5, 30.0, np.log(2.0) + np.log(7.5) + np.log(20.0))]
    x, tx, T, litt = (np.array(c, dtype=float) for c in zip(*cases, strict=True))
    ours = model.loglik_customers(x, tx, T, litt)
    for i, case in enumerate(cases):
        assert ours[i] == pytest.approx(np.log(_direct_likelihood(k, cls._shift, params, *case)), abs=1e-8)


# --------------------------------------------------------------------------- k chosen, recovery, predictions
@pytest.mark.parametrize(("cls", "shift"), [(BetaGeoCNBDModel, 0), (ModifiedBetaGeoCNBDModel, 1)])
def test_recovers_planted_k_and_predicts_the_holdout(cls, shift: int) -> None:
    sim = simulate_cnbd_summary(20_000, k=3, **TRUE, T=(12.0, 96.0), holdout=32.0,
                                dropout_at_zero=bool(shift), random_state=11)
    model = cls().fit(sim)
    assert model.k_ == 3
    assert list(model.k_log_likelihoods_.index[:4]) == [1, 2, 3, 4]
    assert model.k_log_likelihoods_.idxmax() == 3
    np.testing.assert_allclose(model.params_, list(TRUE.values()), rtol=0.12)
    assert np.all(model.standard_errors_ > 0)
    truth = model.with_params(pd.Series(TRUE))
    # at the true parameters the predictions are unbiased for the simulated holdout
    expected = truth.expected_purchases(sim, t=32.0)
    assert expected.sum() == pytest.approx(sim["frequency_holdout"].sum(), rel=0.03)
    assert truth.probability_alive(sim).sum() == pytest.approx(sim["alive"].sum(), rel=0.03)
    # and they tell the active from the inactive better than the Poisson model fitted on the same data
    plain = (ModifiedBetaGeoModel if shift else BetaGeoModel)().fit(sim)
    err_cnbd = np.abs(model.expected_purchases(sim, t=32.0) - sim["frequency_holdout"]).mean()
    err_plain = np.abs(plain.expected_purchases(sim, t=32.0) - sim["frequency_holdout"]).mean()
    assert err_cnbd < err_plain


def test_pmf_sums_to_one_and_its_mean_is_the_expectation() -> None:
    sim = simulate_cnbd_summary(500, k=3, **TRUE, random_state=2)
    model = ModifiedBetaGeoCNBDModel(k=3).fit(sim).with_params(pd.Series(TRUE))
    head = sim.iloc[:50]
    probs = model.probability_of_purchases(head, n=list(range(0, 120)), t=20.0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-8)
    mean = (probs * np.arange(120)).sum(axis=1)
    np.testing.assert_allclose(mean, model.expected_purchases(head, t=20.0), rtol=1e-7, atol=1e-10)
    # survival: alive later is never more likely than alive now, and falls with the horizon
    now, later, much_later = (model.probability_alive(head, t=t) for t in (0.0, 10.0, 50.0))
    assert np.all(later <= now + 1e-12) and np.all(much_later <= later + 1e-12)


def test_dert_quadrature_agrees_with_the_series() -> None:
    sim = simulate_cnbd_summary(300, k=2, **TRUE, random_state=4)
    model = BetaGeoCNBDModel(k=2).fit(sim).with_params(pd.Series(TRUE))
    head = sim.iloc[:30]
    ours = model.discounted_expected_purchases(head, discount_rate=0.05)
    # the generic definition: integral of exp(-delta t) dE[X(t)] by Gauss-Laguerre on the series
    generic = super(BetaGeoCNBDModel, model).discounted_expected_purchases(head, discount_rate=0.05)
    np.testing.assert_allclose(ours, generic, rtol=1e-5)


def test_overdue_probability_separates_silent_regular_buyers() -> None:
    sim = simulate_cnbd_summary(5000, k=4, **TRUE, T=(40.0, 60.0), holdout=10.0, random_state=5)
    model = BetaGeoCNBDModel(k=4).fit(sim)
    p = model.overdue_probability(sim)
    assert p.between(0, 1).all() and p.attrs["k"] == 4
    repeaters = sim["frequency"] > 2
    assert p[repeaters & ~sim["alive"]].mean() > p[repeaters & sim["alive"]].mean() + 0.3
    # a customer who just bought is not overdue; one silent for 20 typical cycles is
    two = pd.DataFrame({"frequency": [5.0, 5.0], "recency": [50.0, 10.0], "T": [50.0, 50.0]})
    q = model.overdue_probability(two)
    assert q.iloc[0] == 0.0 and q.iloc[1] > 0.99


# --------------------------------------------------------------------------- the contract
def test_registry_and_errors(cdnow_summary: pd.DataFrame) -> None:
    assert isinstance(transaction_model("mbg/cnbd-k", k=2), ModifiedBetaGeoCNBDModel)
    with pytest.raises(DataValidationError, match="needs the column 'litt'.*pass k="):
        BetaGeoCNBDModel().fit(cdnow_summary)
    for bad in (0, 2.5, "two"):
        with pytest.raises(ParameterError, match="k"):
            BetaGeoCNBDModel(k=bad).fit(cdnow_summary)
    broken = cdnow_summary.assign(litt=0.0)
    broken.iloc[3, broken.columns.get_loc("litt")] = np.nan
    with pytest.raises(DataValidationError, match=r"column 'litt'.*row 4"):
        BetaGeoCNBDModel().fit(broken)


# --------------------------------------------------------------------------- BTYDplus' grocery data
@pytest.fixture(scope="module")
def grocery_summary() -> pd.DataFrame:
    if not GROCERY.exists():
        pytest.skip(f"BTYDplus grocery data not found at {GROCERY} (../shared/data is absent)")
    from clvmodels.features import calibration_holdout_split

    log = pd.read_csv(GROCERY).rename(columns={"cust": "customer_id"})
    log["date"] = pd.to_datetime(log["date"])
    log["amount"] = 1.0
    return calibration_holdout_split(log, calibration_end="2006-12-31", observation_end="2007-12-30",
                                     time_unit="W")


def test_grocery_reproduces_the_btydplus_vignette(grocery_summary: pd.DataFrame) -> None:
    """BTYDplus' vignette ("Customer Base Analysis with BTYDplus", section (M)BG/CNBD-k) on the
    grocery cohort, weeks, calibration to 2006-12-31: the regularity estimate is k = 2; the
    MBG/CNBD-k fits better than Pareto/NBD, BG/NBD, MBG/NBD and BG/CNBD-k; it stays "overly
    optimistic" on the holdout total; and it beats Pareto/NBD on the customer-level mean
    absolute error."""
    s = grocery_summary
    assert len(s) == 1525 and "litt" in s.columns
    fits = {name: cls().fit(s) for name, cls in [("BG/NBD", BetaGeoModel), ("MBG/NBD", ModifiedBetaGeoModel),
                                                  ("Pareto/NBD", ParetoNBDModel),
                                                  ("BG/CNBD-k", BetaGeoCNBDModel),
                                                  ("MBG/CNBD-k", ModifiedBetaGeoCNBDModel)]}
    assert fits["MBG/CNBD-k"].k_ == 2 and fits["BG/CNBD-k"].k_ == 2
    # the CNBD-k log-likelihoods include the litt term, so all five are densities of the same
    # data (for k = 1 the term is 0 and BG/CNBD-k is BG/NBD)
    ll = {n: m.log_likelihood_ for n, m in fits.items()}
    assert ll["MBG/CNBD-k"] == max(ll.values())
    assert ll["BG/CNBD-k"] > max(ll["BG/NBD"], ll["MBG/NBD"], ll["Pareto/NBD"])
    assert fits["MBG/CNBD-k"].k_log_likelihoods_[1] == pytest.approx(ll["MBG/NBD"], abs=1e-4)
    actual = s["frequency_holdout"]
    pred = {n: m.expected_purchases(s, t=52.0) for n, m in fits.items()}
    assert pred["MBG/CNBD-k"].sum() > actual.sum()  # "remains overly optimistic"
    mae = {n: float(np.abs(actual - p).sum() / actual.sum()) for n, p in pred.items()}
    assert mae["MBG/CNBD-k"] < mae["Pareto/NBD"]


# --------------------------------------------------------------------------- regularity check (notebook 03)
def test_regularity_check_tables_and_words() -> None:
    from clvmodels.models import regularity_check, regularity_note, regularity_table

    sim = simulate_cnbd_summary(3000, k=3, **TRUE, T=(12.0, 96.0), dropout_at_zero=True, random_state=1)
    check = regularity_check(sim, random_state=0)
    table = check.table
    assert table.attrs["k"] == 3 and table.loc[3, "chosen"] and table["chosen"].sum() == 1
    assert table.loc[1, "gain_vs_poisson"] == 0.0 and table.loc[3, "gain_vs_poisson"] > 100
    np.testing.assert_allclose(table["cv"], 1 / np.sqrt(table.index.to_numpy()))
    silence = check.silence
    assert list(silence.columns) == ["MBG/NBD", "MBG/CNBD-3"]
    # a regular buyer's long silence is stronger evidence of churn than a Poisson buyer's
    late = silence.index > 0.6 * silence.attrs["age"]
    assert (silence.loc[late, "MBG/CNBD-3"] < silence.loc[late, "MBG/NBD"]).all()
    assert silence.iloc[:, 1].is_monotonic_decreasing
    text = regularity_note(table, name="sim", silence=silence)
    assert "k = 3 fits best" in text and "58%" in text
    assert "k = 3 拟合最好" in regularity_note(table, name="sim", silence=silence, lang="zh")
    with pytest.raises(ParameterError, match="k_log_likelihoods_"):
        regularity_table(check.poisson)
    poisson_data = simulate_cnbd_summary(3000, k=1, **TRUE, dropout_at_zero=True, random_state=2)
    assert "k = 1 fits best" in regularity_note(regularity_check(poisson_data).table, name="p")
