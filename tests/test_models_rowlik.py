"""Row-wise log-likelihoods (models/_rowlik.py): equal to the models' likelihoods, exact
gradients, scalar/array broadcasting, finite and accurate at extreme values."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from clvmodels.models import (
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    simulate_bgnbd_summary,
)
from clvmodels.models._rowlik import betageo_rows, gammagamma_rows

BG_POINTS = [
    (0.243, 4.414, 0.793, 2.426),  # CDNOW fit
    (2.0, 0.3, 5.0, 0.5),
    (0.05, 100.0, 0.1, 30.0),
]
GG_POINTS = [(6.25, 3.74, 15.44), (1.0, 2.0, 30.0), (20.0, 0.5, 0.2)]
MODELS = [(BetaGeoModel, 0), (ModifiedBetaGeoModel, 1)]


@pytest.fixture(scope="module")
def bg_data():
    s = simulate_bgnbd_summary(300, r=0.5, alpha=5.0, a=0.8, b=2.5, random_state=7)
    x, tx, T = (s[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    w = np.random.default_rng(7).integers(1, 4, len(x)).astype(float)
    return x, tx, T, w


@pytest.fixture(scope="module")
def gg_summary():
    rng = np.random.default_rng(11)
    n = 300
    x = rng.poisson(2.0, n).astype(float)
    nu = rng.gamma(3.0, 1.0 / 15.0, n)  # nu ~ Gamma(q, gamma)
    # mean of x Gamma(p, nu) values is Gamma(p x, nu x); one-time buyers get spend 0
    m = np.where(x > 0, rng.gamma(6.0 * np.maximum(x, 1.0)) / (nu * np.maximum(x, 1.0)), 0.0)
    return pd.DataFrame({"frequency": x, "monetary_value": m, "weights": rng.integers(1, 4, n)})


def _central(f, theta, i, h=1e-5):
    """Central differences of the row log-likelihoods in log(theta[i]), all rows at once."""
    up, dn = list(theta), list(theta)
    up[i], dn[i] = theta[i] * np.exp(h), theta[i] * np.exp(-h)
    return (f(*up) - f(*dn)) / (2.0 * h)


# equality with the models' likelihoods -------------------------------------------------------
@pytest.mark.parametrize(("model", "shift"), MODELS)
@pytest.mark.parametrize("params", BG_POINTS)
def test_betageo_rows_sum_to_model_loglik(bg_data, model, shift, params):
    x, tx, T, w = bg_data
    data = model()._precompute(x, tx, T, w)
    ref_ll, ref_g, _ = model()._loglik(np.array(params), data, 1)
    ll, grad = betageo_rows(*params, x, tx, T, shift=shift)
    assert ll.shape == x.shape and grad.shape == (4, len(x))
    np.testing.assert_allclose(np.sum(w * ll), ref_ll, rtol=1e-10)
    np.testing.assert_allclose(grad @ w, ref_g, rtol=1e-9)


@pytest.mark.parametrize(("model", "shift"), MODELS)
def test_betageo_rows_match_loglik_customers(bg_data, model, shift):
    x, tx, T, _ = bg_data
    m = model()
    m.params_ = pd.Series(BG_POINTS[0], index=list(m._param_names))
    m._check_fitted = lambda: None  # evaluate at given parameters without fitting
    ll, _ = betageo_rows(*BG_POINTS[0], x, tx, T, shift=shift)
    np.testing.assert_allclose(ll, m.loglik_customers(x, tx, T), rtol=1e-10)


@pytest.mark.parametrize("params", GG_POINTS)
def test_gammagamma_rows_sum_to_model_loglik(gg_summary, params):
    model = GammaGammaModel(ignore_one_time_buyers=True)
    data, _ = model._prepare(gg_summary)
    ref_ll, ref_g, _ = model._loglik(np.array(params), data, 1)
    x = gg_summary["frequency"].to_numpy(dtype=float)
    m = gg_summary["monetary_value"].to_numpy(dtype=float)
    w = gg_summary["weights"].to_numpy(dtype=float)
    ll, grad = gammagamma_rows(*params, x, m)
    assert ll.shape == x.shape and grad.shape == (3, len(x))
    # one-time buyers (left out of the model's fit) contribute nothing
    assert np.all(ll[x == 0] == 0.0) and np.all(grad[:, x == 0] == 0.0)
    np.testing.assert_allclose(np.sum(w * ll), ref_ll, rtol=1e-10)
    np.testing.assert_allclose(grad @ w, ref_g, rtol=1e-9)


# gradients -------------------------------------------------------------------------------------
@pytest.mark.parametrize("shift", [0, 1])
def test_betageo_gradient_matches_finite_differences(bg_data, shift):
    x, tx, T, _ = bg_data
    rng = np.random.default_rng(3)
    n = len(x)
    theta = [rng.uniform(0.1, 3.0, n), np.exp(rng.uniform(-2, 4, n)),
             rng.uniform(0.2, 5.0, n), rng.uniform(0.2, 8.0, n)]
    _, grad = betageo_rows(*theta, x, tx, T, shift=shift)

    def f(*th):
        return betageo_rows(*th, x, tx, T, shift=shift)[0]

    for i in range(4):
        np.testing.assert_allclose(theta[i] * grad[i], _central(f, theta, i), rtol=1e-6, atol=1e-8)


def test_gammagamma_gradient_matches_finite_differences(gg_summary):
    x = gg_summary["frequency"].to_numpy(dtype=float)
    m = gg_summary["monetary_value"].to_numpy(dtype=float)
    rng = np.random.default_rng(4)
    n = len(x)
    theta = [rng.uniform(0.5, 20.0, n), rng.uniform(0.5, 10.0, n), np.exp(rng.uniform(-1, 4, n))]
    _, grad = gammagamma_rows(*theta, x, m)

    def f(*th):
        return gammagamma_rows(*th, x, m)[0]

    for i in range(3):
        np.testing.assert_allclose(theta[i] * grad[i], _central(f, theta, i), rtol=1e-6, atol=1e-8)


# broadcasting ----------------------------------------------------------------------------------
@pytest.mark.parametrize("shift", [0, 1])
def test_betageo_scalar_and_array_parameters_agree(bg_data, shift):
    x, tx, T, _ = bg_data
    params = BG_POINTS[0]
    ll_s, g_s = betageo_rows(*params, x, tx, T, shift=shift)
    ll_a, g_a = betageo_rows(*(np.full(len(x), v) for v in params), x, tx, T, shift=shift)
    np.testing.assert_array_equal(ll_s, ll_a)
    np.testing.assert_array_equal(g_s, g_a)
    # a mix of scalars and arrays, and row i equal to a one-row call at row i's parameters
    r = np.linspace(0.1, 2.0, len(x))
    ll_m, g_m = betageo_rows(r, 4.0, 0.8, 2.4, x, tx, T, shift=shift)
    ll_1, g_1 = betageo_rows(r[5], 4.0, 0.8, 2.4, x[5:6], tx[5:6], T[5:6], shift=shift)
    np.testing.assert_allclose(ll_m[5:6], ll_1, rtol=1e-14)
    np.testing.assert_allclose(g_m[:, 5:6], g_1, rtol=1e-14)


def test_gammagamma_scalar_and_array_parameters_agree(gg_summary):
    x = gg_summary["frequency"].to_numpy(dtype=float)
    m = gg_summary["monetary_value"].to_numpy(dtype=float)
    ll_s, g_s = gammagamma_rows(*GG_POINTS[0], x, m)
    ll_a, g_a = gammagamma_rows(*(np.full(len(x), v) for v in GG_POINTS[0]), x, m)
    np.testing.assert_array_equal(ll_s, ll_a)
    np.testing.assert_array_equal(g_s, g_a)


def test_betageo_rejects_bad_shift():
    with pytest.raises(ValueError, match="shift"):
        betageo_rows(1.0, 1.0, 1.0, 1.0, [1.0], [1.0], [2.0], shift=2)


# extreme values --------------------------------------------------------------------------------
EXTREME = [1e-6, 1.0, 1e8]


@pytest.mark.parametrize("shift", [0, 1])
def test_betageo_extreme_values_stay_finite(shift):
    x = np.array([0.0, 1.0, 3.0, 1000.0, 1e4])
    tx = np.array([0.0, 0.5, 20.0, 51.9, 51.99])
    T = np.full(5, 52.0)
    for r, alpha, a, b in itertools.product([1e-6, 0.5, 1e4], EXTREME, EXTREME, EXTREME):
        ll, grad = betageo_rows(r, alpha, a, b, x, tx, T, shift=shift)
        assert np.all(np.isfinite(ll)) and np.all(np.isfinite(grad)), (r, alpha, a, b)


def test_gammagamma_extreme_values_stay_finite():
    x = np.array([1.0, 5.0, 1000.0, 1e4])
    m = np.array([1e-3, 20.0, 35.0, 1e5])
    for p, q, g in itertools.product(EXTREME, EXTREME, EXTREME):
        ll, grad = gammagamma_rows(p, q, g, x, m)
        assert np.all(np.isfinite(ll)) and np.all(np.isfinite(grad)), (p, q, g)


def test_extreme_values_are_accurate():
    """Against 50-digit mpmath evaluations of the models' formulas (value and gradient in the
    log-parameters, the scale the fits use) at far-out parameters."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 50

    def bg_ref(r, alpha, a, b, x, tx, T, k):
        r, alpha, a, b, x, tx, T = (mp.mpf(v) for v in (r, alpha, a, b, x, tx, T))
        lg = mp.loggamma
        c = (lg(r + x) - lg(r) + r * mp.log(alpha) + lg(a + b) + lg(b + x + k) - lg(b)
             - lg(a + b + x + k))
        a3 = -(r + x) * mp.log(alpha + T)
        if k == 0 and x == 0:
            return c + a3
        d = mp.log(a) - mp.log(b + x + k - 1) + (r + x) * (mp.log(alpha + T) - mp.log(alpha + tx))
        return c + a3 + mp.log1p(mp.exp(d))

    def dlog(f, theta, j):
        """d f / d log(theta[j]) by mpmath's high-precision numerical differentiation."""
        th = [mp.mpf(v) for v in theta]
        return float(th[j] * mp.diff(lambda v: f(*th[:j], v, *th[j + 1:]), th[j]))

    x, tx, T = [0.0, 1.0, 1000.0], [0.0, 2.0, 51.9], [52.0] * 3
    for k in (0, 1):
        for theta in [(0.3, 1e-6, 1e8, 1e-6), (5.0, 1e8, 1e-6, 1e8), (1e3, 1e8, 1e8, 1e8)]:
            ll, grad = betageo_rows(*theta, np.array(x), np.array(tx), np.array(T), shift=k)
            for i, row in enumerate(zip(x, tx, T, strict=True)):
                ref = float(bg_ref(*theta, *row, k))
                np.testing.assert_allclose(ll[i], ref, rtol=1e-10, atol=1e-10)
                ref_g = [dlog(lambda *th, row=row, k=k: bg_ref(*th, *row, k), theta, j) for j in range(4)]
                np.testing.assert_allclose(np.array(theta) * grad[:, i], ref_g, rtol=1e-8, atol=1e-10)

    def gg_ref(p, q, g, x, m):
        p, q, g, x, m = (mp.mpf(v) for v in (p, q, g, x, m))
        lg = mp.loggamma
        return (lg(p * x + q) - lg(p * x) - lg(q) + q * mp.log(g) + (p * x - 1) * mp.log(m)
                + p * x * mp.log(x) - (p * x + q) * mp.log(g + x * m))

    xs, ms = np.array([1.0, 1000.0]), np.array([20.0, 35.0])
    for theta in [(1e-6, 1e8, 1e8), (1e8, 1e-6, 1e-6), (1e8, 1e8, 1.0), (1.0, 1e-6, 1e8)]:
        ll, grad = gammagamma_rows(*theta, xs, ms)
        for i, (xi, mi) in enumerate(zip(xs, ms, strict=True)):
            np.testing.assert_allclose(ll[i], float(gg_ref(*theta, xi, mi)), rtol=1e-10, atol=1e-10)
            ref_g = [dlog(lambda *th, xi=xi, mi=mi: gg_ref(*th, xi, mi), theta, j) for j in range(3)]
            np.testing.assert_allclose(np.array(theta) * grad[:, i], ref_g, rtol=1e-8, atol=1e-10)
