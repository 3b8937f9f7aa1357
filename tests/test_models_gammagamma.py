"""Gamma-Gamma spend model: one-time buyers, the independence warning, outputs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, DataWarning
from clvmodels.models import GammaGammaModel, SpendCorrelationWarning


def test_refuses_one_time_buyers_unless_told(cdnow_summary):
    with pytest.raises(DataValidationError, match="ignore_one_time_buyers=True"):
        GammaGammaModel().fit(cdnow_summary)
    model = GammaGammaModel(ignore_one_time_buyers=True).fit(cdnow_summary)
    assert model.n_customers_ == int((cdnow_summary["frequency"] > 0).sum())


def test_expected_spend_shrinks_towards_population_mean(cdnow_summary):
    model = GammaGammaModel(ignore_one_time_buyers=True).fit(cdnow_summary)
    sub = cdnow_summary.sample(200, random_state=1)
    spend = model.expected_spend(sub)
    assert spend.index.equals(sub.index) and spend.attrs["currency"] == "USD"
    mean = model.population_mean_spend()
    rep = sub["frequency"] > 0
    z = sub.loc[rep, "monetary_value"]
    # a weighted average of the customer's mean and the population mean
    lo, hi = np.minimum(z, mean), np.maximum(z, mean)
    assert np.all((spend[rep] >= lo - 1e-9) & (spend[rep] <= hi + 1e-9))
    assert np.allclose(spend[~rep], mean)


def test_warns_when_frequency_and_spend_correlate():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 20, 500).astype(float)
    spend = 5 * x + rng.gamma(2.0, 2.0, 500)
    data = pd.DataFrame({"frequency": x, "monetary_value": spend})
    with pytest.warns(SpendCorrelationWarning, match="correlated"):
        model = GammaGammaModel().fit(data)
    assert model.frequency_spend_correlation_ > 0.3


def test_no_warning_on_cdnow(cdnow_summary):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpendCorrelationWarning)
        GammaGammaModel(ignore_one_time_buyers=True).fit(cdnow_summary)


@pytest.mark.parametrize(
    "data",
    [pd.DataFrame({"frequency": [1.0, 2.0, 3.0] * 12, "monetary_value": [10.0] * 36}),
     pd.DataFrame({"frequency": [0.0] * 10, "monetary_value": [0.0] * 10})],
)
def test_degenerate_spend_is_a_clear_error(data):
    with pytest.raises(DataValidationError, match="fix"):
        GammaGammaModel(ignore_one_time_buyers=True).fit(data)


def test_zero_spend_repeat_buyers_are_refused_or_left_out_with_a_count():
    rng = np.random.default_rng(0)
    data = pd.DataFrame({"frequency": rng.integers(1, 6, 200).astype(float),
                         "monetary_value": rng.gamma(4.0, 5.0, 200)},
                        index=pd.Index(range(1, 201), name="customer_id"))
    data.iloc[[3, 50], 1] = 0.0  # repeat purchases of zero value (as in the CDNOW master)
    with pytest.raises(DataValidationError, match=r"customer 4 \(row 4\) = 0 \(and 1 more"):
        GammaGammaModel().fit(data)
    with pytest.warns(DataWarning, match="2 repeat buyer"):
        model = GammaGammaModel(ignore_one_time_buyers=True).fit(data)
    assert model.n_customers_ == 198
    spend = model.expected_spend(data)
    assert spend.index.equals(data.index) and np.isfinite(spend).all()
