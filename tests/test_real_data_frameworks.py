"""The value frameworks on real transaction data: CDNOW (1/10 sample, transactions only; 60% of
the customers of the calibration period bought on one day only).

Value x loyalty used to take loyalty from BG/NBD P(alive), which is exactly 1 for every one-time
buyer, so "high loyalty" meant "bought once" and the quadrants were inverted. Loyalty now comes
from a model in which one-time buyers can drop out (MBG/NBD by default) as the purchases expected
in the next year; the same check run on the old definition fails (shown below).
"""

from __future__ import annotations

import pandas as pd
import pytest

from clvmodels.datasets import load_data
from clvmodels.segmentation import (
    CurrentPotentialMatrix,
    ValueLoyaltyMatrix,
    framework_inputs,
    model_predictions,
)

HIGH_LOYALTY = ["vl_golden", "vl_marginal"]


@pytest.fixture(scope="module")
def cdnow():
    data = load_data("cdnow")
    end = data.calibration_end
    tx = data.transactions
    later = tx[tx["date"] > end]
    holdout = later.groupby("customer_id")["date"].nunique()  # purchase days after the end
    return data, end, holdout


def inputs(data, end, **settings) -> pd.DataFrame:
    """Framework table with the model outputs, as notebooks 04 and 07 build it."""
    mp = model_predictions(data.transactions, observation_end=end, **settings)
    return framework_inputs(data, observation_end=end, predictions=mp)


def check_not_inverted(X: pd.DataFrame, out: pd.DataFrame, holdout: pd.Series) -> None:
    """The value x loyalty quadrants are the right way round on CDNOW."""
    assert out.index.equals(X.index)  # every customer exactly once
    one_time = X["n_purchase_days"] == 1
    assert 0.55 < one_time.mean() < 0.65  # the data: most customers bought once
    high = out["segment"].isin(HIGH_LOYALTY)
    # one-time buyers are not the majority of the high-loyalty cells ...
    assert one_time[high].mean() < 0.5, f"{one_time[high].mean():.0%} one-time buyers"
    assert one_time[out["segment"] == "vl_golden"].mean() < 0.5
    # ... and the customers called loyal do buy more afterwards (holdout purchase days)
    later = holdout.reindex(X.index, fill_value=0)
    assert later[high].mean() > 2 * later[~high].mean()


def test_value_loyalty_quadrants_are_not_inverted_on_cdnow(cdnow):
    data, end, holdout = cdnow
    X = inputs(data, end)
    est = ValueLoyaltyMatrix().fit(X)
    out = est.predict(X)
    check_not_inverted(X, out, holdout)
    assert len(X) == data.transactions.loc[data.transactions["date"] <= end,
                                           "customer_id"].nunique()
    assert (out["segment"] != "unclassified").all()
    assert est.columns_ == ("total_spend", "expected_purchases")
    assert "loyalty = expected purchases in the next 52 weeks (MBG/NBD)" in est.note_
    assert "value = revenue (USD, 1997-01-01 to 1997-09-30)" in est.note_
    one_time = X["n_purchase_days"] == 1
    assert one_time[out["segment"].isin(HIGH_LOYALTY)].mean() < 0.35  # about 25%


@pytest.mark.parametrize("model", ["Pareto/NBD", "BG/NBD"])
def test_loyalty_as_expected_purchases_holds_for_a_named_model(cdnow, model):
    """Notebook 03's holdout pick can be passed in; expected purchases are the right way round
    whichever model gives them."""
    data, end, holdout = cdnow
    X = inputs(data, end, transaction_model=model)
    est = ValueLoyaltyMatrix().fit(X)
    check_not_inverted(X, est.predict(X), holdout)
    assert f"({model})" in est.note_


def test_the_old_definition_bgnbd_p_alive_fails_the_same_check(cdnow):
    """Before: loyalty = BG/NBD P(alive) (the old default of notebooks 04 and 07)."""
    data, end, holdout = cdnow
    X = inputs(data, end, transaction_model="BG/NBD")
    est = ValueLoyaltyMatrix(loyalty="p_alive").fit(X)
    out = est.predict(X)
    high = out["segment"].isin(HIGH_LOYALTY)
    one_time = X["n_purchase_days"] == 1
    assert one_time[high].mean() > 0.95  # "high loyalty" means "bought once"
    with pytest.raises(AssertionError, match="one-time buyers"):
        check_not_inverted(X, out, holdout)
    assert "BG/NBD gives every one-time buyer P(alive) = 1" in est.note_


def test_current_potential_is_revenue_on_both_axes_without_cost(cdnow):
    data, end, _ = cdnow
    X = inputs(data, end)
    est = CurrentPotentialMatrix().fit(X)
    out = est.predict(X)
    assert est.value_basis_ == "revenue"
    assert out.attrs["axes"]["x"]["measure"] == "revenue"
    assert out.attrs["axes"]["y"]["clv_basis"] == "revenue"
    # notebook 03's assumed 30% margin: divided out, so the same customers in the same cells
    assumed = inputs(data, end, margin=0.3)
    est30 = CurrentPotentialMatrix().fit(assumed)
    assert (est30.predict(assumed)["segment"] == out["segment"]).all()
    assert est30.axes_["y"]["clv_basis"] == "revenue" and "divided by that margin" in est30.note_
