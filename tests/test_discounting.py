"""One discount convention: the same customers get the same CLV through every path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels._units import periods_per_year
from clvmodels.economics import customer_lifetime_value, per_period_discount_rate
from clvmodels.economics.clv import customer_margin
from clvmodels.features import rfm_summary
from clvmodels.models import GammaGammaModel, transaction_model
from clvmodels.segmentation import model_predictions


def test_periods_per_year_use_one_year_of_365_25_days() -> None:
    assert periods_per_year("D") == 365.25
    assert periods_per_year("W") == pytest.approx(365.25 / 7)
    assert periods_per_year("M") == 12.0
    for unit in ("D", "W", "M"):  # compounding the period rate over a year gives the annual rate
        rate = per_period_discount_rate(0.10, time_unit=unit)
        assert (1 + rate) ** periods_per_year(unit) == pytest.approx(1.10, rel=1e-12)


@pytest.mark.parametrize(
    ("time_unit", "name"),
    [("W", None), ("M", None), ("W", "Pareto/NBD"), ("W", "BG/NBD")],
    ids=["W-default", "M-default", "W-Pareto/NBD", "W-BG/NBD"],
)
def test_notebook_03_and_the_framework_inputs_give_the_same_clv(
    time_unit: str, name, cdnow_transactions: pd.DataFrame
) -> None:
    """Notebook 03 (customer_lifetime_value with per_period_discount_rate) and notebooks 04 and
    07 (segmentation.model_predictions) on the same CDNOW customers, model, rate and horizon:
    the default model (MBG/NBD) and models named as notebook 03's holdout pick would be."""
    tx = cdnow_transactions
    end = pd.Timestamp("1997-09-30")
    summary = rfm_summary(tx[tx["date"] <= end], observation_end=end, time_unit=time_unit)
    assert (summary["T"] > 0).all()  # so both paths fit the same customers
    horizon = round(periods_per_year(time_unit))
    rate = per_period_discount_rate(0.10, time_unit=time_unit)
    model = transaction_model(name or "MBG/NBD").fit(summary)
    gg = GammaGammaModel(ignore_one_time_buyers=True).fit(summary)
    direct = customer_lifetime_value(model, gg, summary, horizon=horizon, discount_rate=rate,
                                     margin=1.0, time_unit=time_unit)
    kwargs = {} if name is None else {"transaction_model": name}
    frameworks = model_predictions(tx, observation_end=end, time_unit=time_unit,
                                   horizon_years=1.0, annual_discount_rate=0.10, **kwargs)
    assert frameworks.attrs["transaction_model"] == (name or "MBG/NBD")
    assert frameworks.attrs["horizon"] == horizon
    assert frameworks.attrs["discount_rate"] == rate
    assert frameworks.attrs["clv_basis"] == "revenue"  # CDNOW has no cost
    np.testing.assert_allclose(frameworks["clv"].to_numpy(), direct["clv"].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(frameworks["p_alive"].to_numpy(),
                               model.probability_alive(summary).to_numpy(), rtol=1e-12)
    # notebook 03 states its horizon in periods: the same CLV
    by_periods = model_predictions(tx, observation_end=end, time_unit=time_unit,
                                   horizon=horizon, **kwargs)
    np.testing.assert_allclose(by_periods["clv"].to_numpy(), direct["clv"].to_numpy(),
                               rtol=1e-9)


def test_profit_clv_from_cost_is_notebook_03s_clv_with_the_customer_margins() -> None:
    """With cost, model_predictions values profit: each customer's historical margin rate
    (customer_margin) times the revenue CLV, exactly customer_lifetime_value(margin=rates)."""
    from clvmodels.datasets import make_crm_data

    data = make_crm_data(600, random_state=3)
    end = data.calibration_end
    tx = data.transactions[data.transactions["date"] <= end]
    summary = rfm_summary(tx, observation_end=end, time_unit="W")
    rates = customer_margin(tx, observation_end=end)
    assert rates.index.equals(summary.index)
    model = transaction_model("MBG/NBD").fit(summary)
    gg = GammaGammaModel(ignore_one_time_buyers=True).fit(summary)
    rate = per_period_discount_rate(0.10, time_unit="W")
    direct = customer_lifetime_value(model, gg, summary, horizon=52, discount_rate=rate,
                                     margin=rates, time_unit="W")
    assert direct.attrs["margin"] == "per customer"
    frameworks = model_predictions(data.transactions, observation_end=end, time_unit="W")
    assert frameworks.attrs["clv_basis"] == "profit"
    assert frameworks.attrs["margin"] == "per customer"
    np.testing.assert_allclose(frameworks["clv"].to_numpy(), direct["clv"].to_numpy(), rtol=1e-9)
    revenue = model_predictions(data.transactions, observation_end=end, time_unit="W", margin=1.0)
    np.testing.assert_allclose(frameworks["clv"].to_numpy(),
                               (revenue["clv"] * rates).to_numpy(), rtol=1e-9)
    assert "each customer's margin from cost" in frameworks.attrs["note"]


@pytest.mark.parametrize("name", ["MBG/NBD", "BG/NBD"])
def test_customers_first_seen_on_the_last_day_get_the_same_clv_through_every_path(
    name, cdnow_transactions: pd.DataFrame
) -> None:
    """The models' T = 0 rule is the only one: both paths fit without the new customers and
    predict them as new customers, so every customer has the same CLV both ways."""
    tx = cdnow_transactions
    end = pd.Timestamp("1997-09-30")
    tx = tx[tx["date"] <= end]
    new = pd.DataFrame({"customer_id": [900_001, 900_002], "date": [end, end], "amount": [30.0, 12.5]})
    both = pd.concat([tx, new], ignore_index=True)
    summary = rfm_summary(both, observation_end=end, time_unit="W")
    assert (summary.loc[[900_001, 900_002], "T"] == 0).all()
    rate = per_period_discount_rate(0.10, time_unit="W")
    horizon = round(periods_per_year("W"))
    model = transaction_model(name).fit(summary)
    gg = GammaGammaModel(ignore_one_time_buyers=True).fit(summary)
    old = transaction_model(name).fit(summary[summary["T"] > 0])
    np.testing.assert_allclose(model.params_.to_numpy(), old.params_.to_numpy(), rtol=1e-10)
    direct = customer_lifetime_value(model, gg, summary, horizon=horizon, discount_rate=rate,
                                     margin=1.0, time_unit="W")
    frameworks = model_predictions(both, observation_end=end, time_unit="W",
                                   transaction_model=name, horizon_years=1.0,
                                   annual_discount_rate=0.10)
    assert frameworks.index.equals(summary.index)
    assert frameworks["clv"].notna().all()
    np.testing.assert_allclose(frameworks["clv"].to_numpy(), direct["clv"].to_numpy(), rtol=1e-9)
    assert (frameworks.loc[[900_001, 900_002], "p_alive"] == 1.0).all()
    assert "2 customers first seen on 1997-09-30" in frameworks.attrs["note"]
