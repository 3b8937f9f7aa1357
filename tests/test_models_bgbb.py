"""BG/BB for discrete opportunities: input checks, probabilities, new customers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import load_donations
from clvmodels.exceptions import DataValidationError
from clvmodels.models import BetaGeoBetaBinomModel


@pytest.fixture(scope="module")
def donations():
    return load_donations()


@pytest.fixture(scope="module")
def model(donations):
    return BetaGeoBetaBinomModel().fit(donations)


def test_outputs_keep_order_and_probabilities_are_consistent(model, donations):
    rows = donations.iloc[::-1]
    ep = model.expected_purchases(rows, t=5)
    assert ep.index.equals(rows.index)
    pmf = model.probability_of_purchases(rows, n=list(range(6)), t=5)
    np.testing.assert_allclose(pmf.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose((pmf * np.arange(6)).sum(axis=1), ep, rtol=1e-10)
    assert np.all(model.probability_alive(rows, t=3) <= model.probability_alive(rows) + 1e-15)
    new = sum(k * model.probability_of_purchases_new_customer(n=k, t=6) for k in range(7))
    assert new == pytest.approx(model.expected_purchases_new_customer(t=6), rel=1e-10)


def test_fitted_histogram_matches_donor_counts(model, donations):
    # expected number of donors with x repeat donations in 6 opportunities vs the data
    expected = np.array([model.probability_of_purchases_new_customer(n=k, t=6) for k in range(7)]) * 11104
    actual = donations.groupby("frequency")["weights"].sum().reindex(range(7), fill_value=0).to_numpy()
    assert np.abs(expected - actual).max() / actual.sum() < 0.01


@pytest.mark.parametrize(
    "frame",
    [pd.DataFrame({"frequency": [3], "recency": [2], "n_periods": [6]}),
     pd.DataFrame({"frequency": [1], "recency": [7], "n_periods": [6]}),
     pd.DataFrame({"frequency": [1], "recency": [1], "n_periods": [0]}),
     pd.DataFrame({"frequency": [1], "recency": [1.5], "n_periods": [6]})],
)
def test_bad_discrete_summaries(frame):
    data = pd.concat([load_donations().iloc[:5], frame], ignore_index=True)
    with pytest.raises(DataValidationError, match="fix"):
        BetaGeoBetaBinomModel().fit(data)


def test_all_zero_donations_is_a_clear_error():
    data = pd.DataFrame({"frequency": [0, 0], "recency": [0, 0], "n_periods": [6, 6], "weights": [50, 60]})
    with pytest.raises(DataValidationError, match="no customer has a repeat"):
        BetaGeoBetaBinomModel().fit(data)
