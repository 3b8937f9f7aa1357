"""80/20 and 20/80/30 figures against a hand-computed example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.segmentation import pareto_summary, whale_curve

# Ten customers' profits. Sorted: 100, 50, 30, 20, 10, 5, 0, -5, -10, -20; total 180.
PROFITS = pd.Series([5.0, -10, 100, 0, 30, -20, 50, 10, -5, 20])


def test_pareto_summary_hand_computed():
    s = pareto_summary(PROFITS)
    assert s["n_customers"] == 10
    assert s["total_value"] == pytest.approx(180.0)
    # top 20% = 2 customers: 100 + 50 = 150 of 180
    assert s["top_value_share"] == pytest.approx(150 / 180)
    # 80% of 180 = 144 is reached by 2 customers: 20% of customers
    assert s["customers_for_target"] == pytest.approx(0.2)
    # bottom 30% = 3 customers: -5 - 10 - 20 = -35
    assert s["bottom_value"] == pytest.approx(-35.0)
    assert s["bottom_value_share"] == pytest.approx(-35 / 180)
    assert s["value_destroyed"] == pytest.approx(35.0)
    # the whale curve peaks after the 7 customers with profit >= 0: 215 of 180
    assert s["peak_share"] == pytest.approx(215 / 180)


def test_pareto_summary_revenue_has_nothing_destroyed():
    s = pareto_summary(np.array([80.0, 10, 5, 3, 2]), top_share=0.2)
    assert s["top_value_share"] == pytest.approx(0.8)
    assert s["value_destroyed"] == 0.0
    assert s["peak_share"] == pytest.approx(1.0)


def test_whale_curve_points():
    c = whale_curve(PROFITS)
    assert len(c) == 11
    assert c.iloc[0].tolist() == [0.0, 0.0, 0.0]
    assert c["customer_share"].iloc[2] == pytest.approx(0.2)
    assert c["cumulative_share"].iloc[2] == pytest.approx(150 / 180)
    assert c["cumulative_share"].max() == pytest.approx(215 / 180)
    assert c["cumulative_share"].iloc[-1] == pytest.approx(1.0)


def test_pareto_errors():
    with pytest.raises(ParameterError, match="top_share"):
        pareto_summary(PROFITS, top_share=0)
    with pytest.raises(DataValidationError, match="no known value"):
        pareto_summary(pd.Series([np.nan, np.nan]))
