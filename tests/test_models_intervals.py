"""Per-customer prediction intervals without MCMC: parameter draws plus simulated customers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import make_crm_data
from clvmodels.exceptions import ParameterError
from clvmodels.features import calibration_holdout_split
from clvmodels.models import (
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoCNBDModel,
    ParetoNBDModel,
    randomized_pit,
    simulate_cnbd_summary,
)

TRUE = {"r": 0.85, "alpha": 1.45, "a": 0.79, "b": 2.42}


def _coverage(u: np.ndarray, level: float = 0.9) -> float:
    return float(np.mean((u > (1 - level) / 2) & (u < (1 + level) / 2)))


@pytest.mark.parametrize(("cls", "k", "shift"), [(BetaGeoModel, 1, 0), (ParetoNBDModel, 1, 0),
                                                 (ModifiedBetaGeoCNBDModel, 3, 1)])
def test_purchase_intervals_are_calibrated_on_simulated_customers(cls, k: int, shift: int) -> None:
    sim = simulate_cnbd_summary(8000, k=k, **TRUE, T=(12.0, 96.0), holdout=32.0,
                                dropout_at_zero=bool(shift), random_state=4)
    model = cls().fit(sim)
    iv, draws = model.prediction_interval(sim, t=32.0, level=0.9, n_draws=200, random_state=0,
                                          return_draws=True)
    y = sim["frequency_holdout"].to_numpy()
    assert 0.85 <= _coverage(randomized_pit(draws["purchases"], y, random_state=1)) <= 0.95
    inclusive = np.mean((y >= iv["purchases_lower"]) & (y <= iv["purchases_upper"]))
    assert inclusive >= 0.9  # whole-number endpoints: at least the nominal level
    # the simulated mean is the model's expectation
    assert iv["purchases_mean"].sum() == pytest.approx(model.expected_purchases(sim, t=32.0).sum(), rel=0.02)
    # (the mean of a skewed count can lie above its 95% quantile: a 3% chance of a purchase)
    assert (iv["purchases_lower"] <= iv["purchases_upper"]).all() and (iv["purchases_lower"] >= 0).all()


def test_spend_intervals_on_the_synthetic_database() -> None:
    db = make_crm_data(6000, planted_structure=False, random_state=3, signup_end="2023-12-31")
    split = calibration_holdout_split(db.transactions, calibration_end=db.calibration_end,
                                      observation_end=db.observation_end, time_unit="W")
    model = BetaGeoModel().fit(split)
    spend = GammaGammaModel(ignore_one_time_buyers=True).fit(split)
    t = split["duration_holdout"].to_numpy()
    iv, draws = model.prediction_interval(split, t=t, spend_model=spend, n_draws=200, random_state=0,
                                          return_draws=True)
    revenue = (split["frequency_holdout"] * split["monetary_value_holdout"]).to_numpy()
    assert 0.85 <= _coverage(randomized_pit(draws["purchases"], split["frequency_holdout"], random_state=1)) <= 0.95
    assert 0.85 <= _coverage(randomized_pit(draws["spend"], revenue, random_state=2)) <= 0.95
    assert iv.attrs["currency"] == db.transactions.attrs.get("currency")
    assert iv.index.equals(split.index) and len(iv) == len(split)
    assert ((iv["spend_lower"] >= 0) & (iv["spend_lower"] <= iv["spend_upper"])).all()


def test_bad_settings_say_so(cdnow_summary: pd.DataFrame) -> None:
    model = BetaGeoModel().fit(cdnow_summary)
    with pytest.raises(ParameterError, match="level"):
        model.prediction_interval(cdnow_summary, t=10, level=1.5)
    with pytest.raises(ParameterError, match="n_draws"):
        model.prediction_interval(cdnow_summary, t=10, n_draws=0)
    with pytest.raises(ParameterError, match="shape"):
        randomized_pit(np.zeros((5, 3)), np.zeros(4))


def test_interval_calibration_on_cdnow_and_its_words(cdnow_transactions: pd.DataFrame) -> None:
    from clvmodels.datasets import load_data
    from clvmodels.models import interval_calibration, interval_note, interval_table

    db = load_data("cdnow")
    split = calibration_holdout_split(db.transactions, calibration_end=db.calibration_end,
                                      observation_end=db.observation_end, time_unit="W")
    model = BetaGeoModel().fit(split)
    spend = GammaGammaModel(ignore_one_time_buyers=True).fit(split)
    check = interval_calibration(model, split, spend_model=spend, random_state=0)
    assert check["n_customers"] == len(split)
    # real data, not simulated: BG/NBD's 90% intervals are close to calibrated on CDNOW
    assert 0.85 <= check["coverage_purchases"] <= 0.95 and check["coverage_purchases_inclusive"] >= 0.9
    assert 0.8 <= check["coverage_revenue"] <= 0.95
    assert "2,357 customers" in interval_note(check) and "90%" in interval_note(check, lang="zh")
    table = interval_table(check, split, top=5)
    assert len(table) == 5 and table.columns.nlevels == 2
    assert table.iloc[:, 4].is_monotonic_decreasing  # sorted by expected revenue
    shown = interval_table(check, split, top=5, lang="zh", formatted=True)
    assert shown.index.tolist() == table.index.tolist() and shown.index.name == "客户编号"
    assert shown.columns[0] == ("验证期购买次数", "期望") and shown.columns[4] == ("验证期收入 (USD)", "期望")
    assert shown.iloc[:, 1:4].map(str.isdigit).all().all()  # whole purchase counts
    sub = interval_calibration(model, split, max_customers=500, random_state=1)
    assert sub["n_customers"] == 500 and "coverage_revenue" not in sub.index


def test_a_fit_without_standard_errors_still_gives_intervals(cdnow_summary: pd.DataFrame) -> None:
    from clvmodels.exceptions import DataWarning

    model = BetaGeoModel().fit(cdnow_summary)
    model._covariance = np.full((4, 4), np.nan)  # as after a singular Hessian
    with pytest.warns(DataWarning, match="without parameter uncertainty"):
        iv = model.prediction_interval(cdnow_summary.iloc[:200], t=10.0, n_draws=50, random_state=0)
    assert iv.attrs["fixed_parameters"] == ["BG/NBD"] and iv["purchases_upper"].notna().all()
