"""Fitting on a random sample of customers (``fit_sample``): predictions still cover every
customer exactly once, and the sample size is recorded and said on the page."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels._sampling import sample_note, sample_positions
from clvmodels.exceptions import ParameterError
from clvmodels.models import (
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    fit_sample_note,
)
from clvmodels.reports.notebooks import parse_parameters
from clvmodels.segmentation import RFMClustering


@pytest.mark.parametrize("cls", [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel])
def test_fit_on_a_sample_predicts_every_customer(cdnow_summary, cls):
    model = cls(fit_sample=800, random_state=1).fit(cdnow_summary)
    assert model.fit_sampled_ and model.n_customers_ == 800
    assert model.n_customers_total_ == len(cdnow_summary)
    assert model.summary_.attrs["n_customers"] == 800
    assert model.summary_.attrs["n_customers_total"] == len(cdnow_summary)
    for pred in (model.probability_alive(cdnow_summary), model.expected_purchases(cdnow_summary, t=10)):
        assert pred.index.equals(cdnow_summary.index) and pred.notna().all()
    # same seed, same sample, same estimates; another seed, another sample
    again = cls(fit_sample=800, random_state=1).fit(cdnow_summary)
    assert np.allclose(again.params_, model.params_)
    other = cls(fit_sample=800, random_state=2).fit(cdnow_summary)
    assert not np.allclose(other.params_, model.params_)


def test_fit_sample_at_least_the_customers_is_the_full_fit(cdnow_summary):
    full = BetaGeoModel().fit(cdnow_summary)
    same = BetaGeoModel(fit_sample=len(cdnow_summary)).fit(cdnow_summary)
    assert not same.fit_sampled_ and same.n_customers_ == same.n_customers_total_ == len(cdnow_summary)
    assert np.allclose(full.params_, same.params_)
    assert fit_sample_note({"BG/NBD": same}) == ""


def test_fit_sample_draws_customers_from_weights(cdnow_summary):
    merged = cdnow_summary.groupby(["frequency", "recency", "T"]).size().rename("weights").reset_index()
    merged.attrs = dict(cdnow_summary.attrs)
    model = BetaGeoModel(fit_sample=1000, random_state=0).fit(merged)
    assert model.n_customers_ == 1000 and model.n_customers_total_ == len(cdnow_summary)
    bad = merged.assign(weights=merged["weights"] * 0.5)
    with pytest.raises(ParameterError, match="whole numbers"):
        BetaGeoModel(fit_sample=100).fit(bad)


@pytest.mark.parametrize("value", [0, -5, 2.5, "1000", True])
def test_fit_sample_must_be_a_positive_int(cdnow_summary, value):
    with pytest.raises(ParameterError, match="fit_sample"):
        BetaGeoModel(fit_sample=value).fit(cdnow_summary)


def test_gamma_gamma_on_a_sample_still_predicts_one_time_buyers(cdnow_summary):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gg = GammaGammaModel(ignore_one_time_buyers=True, fit_sample=1200, random_state=0).fit(cdnow_summary)
    assert gg.fit_sampled_ and gg.n_customers_total_ == len(cdnow_summary)
    assert gg.n_customers_ < 1200  # the repeat buyers among the 1,200 drawn
    spend = gg.expected_spend(cdnow_summary)
    assert spend.index.equals(cdnow_summary.index) and spend.notna().all()


def test_fit_sample_note_names_the_models_and_the_sizes(cdnow_summary):
    models = {"BG/NBD": BetaGeoModel(fit_sample=500).fit(cdnow_summary),
              "MBG/NBD": ModifiedBetaGeoModel(fit_sample=500).fit(cdnow_summary),
              "Pareto/NBD": ParetoNBDModel().fit(cdnow_summary)}
    en = fit_sample_note(models)
    assert en == ("Models fitted (BG/NBD, MBG/NBD) on a random sample of 500 of 2,357 customers "
                  "(parameter fit_sample); predictions cover all customers.")
    zh = fit_sample_note(models, lang="zh")
    assert "2,357" in zh and "500" in zh and "fit_sample" in zh and "BG/NBD、MBG/NBD" in zh


def test_sample_helpers():
    assert sample_positions(10, None) is None and sample_positions(10, 10) is None
    pos = sample_positions(1000, 100, random_state=3)
    assert len(pos) == 100 and len(np.unique(pos)) == 100 and (np.diff(pos) > 0).all()
    assert sample_note(10, 10, what=("x", "x"), covers=("y", "y"), parameter="p") == ""


def _clusters(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "days_since_last_purchase": rng.lognormal(3.0, 1.0, n),
        "n_purchase_days": 1 + rng.poisson(3.0, n),
        "mean_order_value": rng.lognormal(4.0, 0.5, n),
    }, index=pd.Index(rng.permutation(n) + 10, name="customer_id"))
    df.loc[df.index[:5], "mean_order_value"] = np.nan  # unclassified customers stay so
    return df


@pytest.mark.parametrize("method", ["kmeans", "gmm"])
def test_clustering_on_a_sample_assigns_every_customer(method):
    X = _clusters(3000)
    est = RFMClustering(method=method, k_range=(2, 4), fit_sample=500, random_state=0).fit(X)
    assert est.n_fit_ == 500 and est.n_customers_ == len(X) - 5
    out = est.predict(X)
    assert out.index.equals(X.index)
    assert (out["cluster"] >= 0).sum() == len(X) - 5 and (out["cluster"] == -1).sum() == 5
    assert est.sample_note() == (
        "Clusters fitted (k chosen, centres estimated) on a random sample of 500 of 2,995 "
        "customers (parameter fit_sample); every customer is assigned a cluster.")
    assert "2,995" in est.sample_note(lang="zh")
    full = RFMClustering(method=method, k_range=(2, 4), fit_sample=10_000, random_state=0).fit(X)
    assert full.n_fit_ == full.n_customers_ and full.sample_note() == ""
    with pytest.raises(ParameterError, match="fit_sample"):
        RFMClustering(k_range=(2, 4), fit_sample=3).fit(X)


def test_a_comment_giving_none_a_meaning_lets_none_through():
    params = parse_parameters(
        "fit_sample = 50_000  # customers used to fit; None: all\n"
        "n_bins = 5  # RFM score levels\n"
        'second = "cdnow"  # another data set (None: skip)\n'
    )
    assert params["fit_sample"].default == 50_000
    assert params["fit_sample"].accepts(None) and params["fit_sample"].accepts(20_000)
    assert not params["fit_sample"].accepts("all")
    assert not params["n_bins"].accepts(None)
    assert params["second"].accepts(None)
