"""The CLV models reproduce published estimates (tests/reference/clv_models.json) and lifetimes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import load_donations
from clvmodels.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
)

REF = json.loads((Path(__file__).parent / "reference" / "clv_models.json").read_text())


@pytest.fixture(scope="module")
def bgnbd(cdnow_summary):
    return BetaGeoModel().fit(cdnow_summary)


@pytest.fixture(scope="module")
def pareto(cdnow_summary):
    return ParetoNBDModel().fit(cdnow_summary)


@pytest.fixture(scope="module")
def donations():
    return load_donations()


def _check_params(model, ref):
    tol = ref["params_tol"]
    for name, value in ref["params"].items():
        t = tol[name] if isinstance(tol, dict) else tol
        assert model.params_[name] == pytest.approx(value, abs=t), name


def test_bgnbd_matches_fader_hardie_lee_2005(bgnbd):
    ref = REF["bgnbd_cdnow"]
    _check_params(bgnbd, ref)
    assert bgnbd.log_likelihood_ == pytest.approx(ref["log_likelihood"], abs=ref["log_likelihood_tol"])
    assert bgnbd.converged_
    assert list(bgnbd.params_.index) == ["r", "alpha", "a", "b"]


def test_bgnbd_conditional_expectation_matches_fader_hardie_excel_note(bgnbd):
    ref = REF["bgnbd_cdnow_conditional_expectation"]
    one = pd.DataFrame({"frequency": [ref["x"]], "recency": [ref["t_x"]], "T": [ref["T"]]})
    value = bgnbd.expected_purchases(one, t=ref["t"]).iloc[0]
    assert value == pytest.approx(ref["value"], abs=ref["value_tol"])


def test_paretonbd_matches_fader_hardie_lee_2005(pareto):
    ref = REF["paretonbd_cdnow"]
    _check_params(pareto, ref)
    assert pareto.log_likelihood_ == pytest.approx(ref["log_likelihood"], abs=ref["log_likelihood_tol"])


def test_gammagamma_matches_fader_hardie_lee_2005b(cdnow_summary):
    ref = REF["gammagamma_cdnow"]
    repeat = cdnow_summary[cdnow_summary["frequency"] > 0]
    assert len(repeat) == 946
    _check_params(GammaGammaModel().fit(repeat), ref)


def test_bgbb_matches_fader_hardie_shang_2010(donations):
    ref = REF["bgbb_donations"]
    model = BetaGeoBetaBinomModel().fit(donations)
    _check_params(model, ref)
    assert model.log_likelihood_ == pytest.approx(ref["log_likelihood"], abs=ref["log_likelihood_tol"])
    assert model.n_customers_ == 11104


# ------------------------------------------------------------------ agreement with lifetimes
lifetimes = pytest.importorskip("lifetimes")


def _cols(df):
    return df["frequency"], df["recency"], df["T"]


def test_bgnbd_agrees_with_lifetimes(cdnow_summary, bgnbd):
    fitter = lifetimes.BetaGeoFitter().fit(*_cols(cdnow_summary))
    np.testing.assert_allclose(bgnbd.params_.to_numpy(), fitter.params_[["r", "alpha", "a", "b"]].to_numpy(), rtol=1e-4)
    ours = bgnbd.expected_purchases(cdnow_summary, t=10).to_numpy()
    theirs = fitter.conditional_expected_number_of_purchases_up_to_time(10, *_cols(cdnow_summary)).to_numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)
    np.testing.assert_allclose(bgnbd.probability_alive(cdnow_summary).to_numpy(),
                               fitter.conditional_probability_alive(*_cols(cdnow_summary)), rtol=1e-4)
    assert bgnbd.expected_purchases_new_customer(t=39) == pytest.approx(
        fitter.expected_number_of_purchases_up_to_time(39), rel=1e-4)


def test_mbgnbd_agrees_with_lifetimes(cdnow_summary):
    model = ModifiedBetaGeoModel().fit(cdnow_summary)
    fitter = lifetimes.ModifiedBetaGeoFitter().fit(*_cols(cdnow_summary))
    np.testing.assert_allclose(model.params_.to_numpy(), fitter.params_[["r", "alpha", "a", "b"]].to_numpy(), rtol=1e-3)
    np.testing.assert_allclose(model.expected_purchases(cdnow_summary, t=39).to_numpy(),
                               fitter.conditional_expected_number_of_purchases_up_to_time(39, *_cols(cdnow_summary)).to_numpy(),
                               rtol=1e-4)
    np.testing.assert_allclose(model.probability_alive(cdnow_summary).to_numpy(),
                               fitter.conditional_probability_alive(*_cols(cdnow_summary)), rtol=1e-4)
    assert model.expected_purchases_new_customer(t=39) == pytest.approx(
        fitter.expected_number_of_purchases_up_to_time(39), rel=1e-4)


def test_paretonbd_agrees_with_lifetimes(cdnow_summary, pareto):
    fitter = lifetimes.ParetoNBDFitter().fit(*_cols(cdnow_summary))
    # lifetimes stops Nelder-Mead earlier; our log-likelihood is at least as high
    np.testing.assert_allclose(pareto.params_.to_numpy(), fitter.params_[["r", "alpha", "s", "beta"]].to_numpy(), rtol=5e-4)
    # compare predictions at the same parameters
    at_theirs = pareto.with_params(fitter.params_[["r", "alpha", "s", "beta"]].to_numpy())
    np.testing.assert_allclose(at_theirs.expected_purchases(cdnow_summary, t=39).to_numpy(),
                               fitter.conditional_expected_number_of_purchases_up_to_time(39, *_cols(cdnow_summary)).to_numpy(),
                               rtol=1e-6)
    np.testing.assert_allclose(at_theirs.probability_alive(cdnow_summary).to_numpy(),
                               fitter.conditional_probability_alive(*_cols(cdnow_summary)), rtol=1e-6)
    head = cdnow_summary.iloc[:20]
    for n in (0, 1, 4):
        np.testing.assert_allclose(
            at_theirs.probability_of_purchases(head, n=n, t=39).to_numpy(),
            fitter.conditional_probability_of_n_purchases_up_to_time(n, 39, *_cols(head)).to_numpy(),
            rtol=1e-6, atol=1e-10)


def test_gammagamma_agrees_with_lifetimes(cdnow_summary):
    repeat = cdnow_summary[cdnow_summary["frequency"] > 0]
    model = GammaGammaModel().fit(repeat)
    fitter = lifetimes.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    np.testing.assert_allclose(model.params_.to_numpy(), fitter.params_[["p", "q", "v"]].to_numpy(), rtol=1e-4)
    np.testing.assert_allclose(
        model.expected_spend(cdnow_summary).to_numpy(),
        fitter.conditional_expected_average_profit(cdnow_summary["frequency"], cdnow_summary["monetary_value"]).to_numpy(),
        rtol=1e-4)


def test_bgbb_agrees_with_lifetimes(donations):
    model = BetaGeoBetaBinomModel().fit(donations)
    fitter = lifetimes.BetaGeoBetaBinomFitter().fit(
        donations["frequency"], donations["recency"], donations["n_periods"], weights=donations["weights"])
    np.testing.assert_allclose(model.params_.to_numpy(), fitter.params_[["alpha", "beta", "gamma", "delta"]].to_numpy(), rtol=1e-4)
    cols = donations["frequency"], donations["recency"], donations["n_periods"]
    np.testing.assert_allclose(model.expected_purchases(donations, t=5).to_numpy(),
                               fitter.conditional_expected_number_of_purchases_up_to_time(5, *cols).to_numpy(), rtol=1e-5)
    np.testing.assert_allclose(model.probability_alive(donations, t=1).to_numpy(),
                               fitter.conditional_probability_alive(1, *cols).to_numpy(), rtol=1e-5)


def test_reference_comparison_puts_lifetimes_and_the_papers_beside_our_fit(cdnow_summary, monkeypatch):
    """What notebook 03 shows students: the same fit by lifetimes and by clvmodels, with the
    published CDNOW values; a one-line note instead when lifetimes is missing."""
    from clvmodels.models import reference, reference_comparison, reference_note

    table = reference_comparison(cdnow_summary, published="cdnow", lang="en")
    ours, theirs = table.iloc[:, 0], table.iloc[:, 1]
    params = [i for i in table.index if "log-likelihood" not in i and "time" not in i]
    np.testing.assert_allclose(ours[params], theirs[params], rtol=1e-4)
    assert table.attrs["ll_gap"] < 1e-3
    for name, value in REF["bgnbd_cdnow"]["params"].items():
        assert table.loc[f"BG/NBD: {name}", "published"] == value
        assert abs(ours[f"BG/NBD: {name}"] - value) <= REF["bgnbd_cdnow"]["params_tol"]
    assert "agree to" in reference_note(table, lang="en")
    zh = reference_note(table, lang="zh")  # the sources by author and year, no English titles
    assert "Fader, Hardie & Lee (2005a)" in zh and "Marketing Science" not in zh
    monkeypatch.setattr(reference, "_lifetimes", lambda: None)
    assert reference_comparison(cdnow_summary) is None
    assert "not installed" in reference_note(None, lang="en")


def test_reference_comparison_reports_a_failed_lifetimes_fit_in_one_line(cdnow_summary, monkeypatch):
    """lifetimes raises ConvergenceError on some small data sets: the page says so and shows ours."""
    from clvmodels.models import reference, reference_comparison, reference_note

    real = reference._lifetimes()

    class Failing:
        __version__ = real.__version__
        GammaGammaFitter = real.GammaGammaFitter

        class BetaGeoFitter:
            def fit(self, *args):
                raise real.utils.ConvergenceError("The model did not converge. Try a penalizer.")

    monkeypatch.setattr(reference, "_lifetimes", lambda: Failing)
    table = reference_comparison(cdnow_summary, lang="en")
    assert np.isnan(table.loc["BG/NBD: r"].iloc[1]) and table.loc["BG/NBD: r"].iloc[0] > 0
    note = reference_note(table, lang="en")
    assert "lifetimes could not fit BG/NBD" in note and "ConvergenceError" in note and "\n" not in note
    # on a Chinese page only the kind of error (lifetimes' message is English)
    zh = reference_note(table, lang="zh")
    assert "无法在此数据上拟合 BG/NBD（ConvergenceError）" in zh and "did not converge" not in zh
