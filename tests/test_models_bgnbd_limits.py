"""BG/NBD and MBG/NBD predictions when the dropout probability is known almost exactly.

A fit on data where nobody seems to drop out (a company's own export, a short history) can end
with a and b of a million or more: p ~ Beta(a, b) is then a narrow bump at a / (a + b), and the
hypergeometric closed forms of the predictions overflow. The predictions must stay finite and
equal the limit model with p fixed at a / (a + b).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.models import BetaGeoModel, ModifiedBetaGeoModel


@pytest.fixture(scope="module")
def fitted() -> dict[type, BetaGeoModel]:
    from clvmodels.datasets import load_cdnow_summary

    summary = load_cdnow_summary()
    return {cls: cls().fit(summary) for cls in (BetaGeoModel, ModifiedBetaGeoModel)}


SUMMARY = pd.DataFrame({"frequency": [0.0, 1, 4, 12], "recency": [0.0, 10, 30, 38],
                        "T": [39.0, 39, 39, 39]}, index=pd.Index(["a", "b", "c", "d"], name="customer_id"))


@pytest.mark.parametrize("cls", [BetaGeoModel, ModifiedBetaGeoModel])
@pytest.mark.parametrize(("a", "b"), [(906_505.0, 2_300_000.0), (3e7, 1e8)])
def test_predictions_with_huge_a_and_b_equal_the_fixed_p_limit(
    fitted: dict[type, BetaGeoModel], cls: type, a: float, b: float
) -> None:
    r, alpha, t = 0.91, 4.42, 52.0
    m = fitted[cls].with_params([r, alpha, a, b])
    p0 = a / (a + b)
    x, T = SUMMARY["frequency"].to_numpy(), SUMMARY["T"].to_numpy()
    alive = m.probability_alive(SUMMARY).to_numpy()
    expected = m.expected_purchases(SUMMARY, t=t).to_numpy()
    assert np.all(np.isfinite(alive)) and np.all(np.isfinite(expected))
    # alive: lambda ~ Gamma(r + x, alpha + T); E[X(t)] = (1 - (a'/(a' + p0 t))^r') / p0
    rp, ap = r + x, alpha + T
    limit = alive * -np.expm1(-rp * np.log1p(p0 * t / ap)) / p0
    np.testing.assert_allclose(expected, limit, rtol=1e-4)
    # and the same model with moderate a, b of the same mean is close but not equal
    near = fitted[cls].with_params([r, alpha, a / 100, b / 100]).expected_purchases(SUMMARY, t=t).to_numpy()
    np.testing.assert_allclose(near, limit, rtol=0.01)


def test_closed_form_and_quadrature_agree_where_both_work() -> None:
    """The quadrature used past the overflow equals the closed form on moderate shapes."""
    from clvmodels.models._quadrature import beta_expectation

    m = BetaGeoModel()
    r, alpha, a, b = 2.0, 5.0, 30.0, 50.0
    t = np.array([1.0, 10.0, 52.0, 200.0])
    closed = m._alive_expected((r, alpha, a, b), t)
    quad = beta_expectation(lambda p: -np.expm1(-r * np.log1p(p * t / alpha)) / p,
                            np.full(4, a), np.full(4, b))
    np.testing.assert_allclose(closed, quad, rtol=1e-10)
    surv = m._alive_survival((r, alpha, a, b), t)
    quad = beta_expectation(lambda p: np.exp(-r * np.log1p(p * t / alpha)), np.full(4, a), np.full(4, b))
    np.testing.assert_allclose(surv, quad, rtol=1e-10)
