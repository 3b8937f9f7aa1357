"""Pareto/NBD evaluated stably everywhere: checked against high-precision (mpmath) evaluation on a
randomized grid of parameters and customers, gradients against finite differences, the
exponential-dropout limit, and predictions that stay finite at extreme parameters."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import ConvergenceWarning
from clvmodels.models import ParetoNBDModel, simulate_bgnbd_summary, simulate_paretonbd_summary
from clvmodels.models.paretonbd import _mean_inverse_gamma_shift, _pnbd_parts

mp = pytest.importorskip("mpmath", reason="mpmath (a dev dependency) gives the high-precision references")


def _grid(n: int, seed: int) -> tuple[np.ndarray, ...]:
    """Parameters and customers far beyond real data: r in [0.05, 50], alpha in [0.01, 1e4],
    s in [0.05, 1e8], m = s/beta in [1e-5, 10], x up to 2000, T up to 700, t_x anywhere in [0, T]."""
    rng = np.random.default_rng(seed)
    r = np.exp(rng.uniform(np.log(0.05), np.log(50), n))
    alpha = np.exp(rng.uniform(np.log(0.01), np.log(1e4), n))
    s = np.exp(rng.uniform(np.log(0.05), np.log(1e8), n))
    m = np.exp(rng.uniform(np.log(1e-5), np.log(10), n))
    T = np.exp(rng.uniform(np.log(0.1), np.log(700), n))
    tx = T * rng.uniform(0, 1, n) * (rng.random(n) < 0.8)
    x = np.where(rng.random(n) < 0.3, 0, np.floor(np.exp(rng.uniform(0, np.log(2000), n))))
    x = np.where(tx == 0, 0, x)
    return r, alpha, s, m, x, tx, T


def _mp_loglik(r, alpha, s, m, x, tx, T) -> float:
    """log L at 20 digits: the integral by mpmath's adaptive quadrature in u = log(alpha + tau),
    split at multiples of the integrand's decay scale at t_x."""
    with mp.workdps(20):
        a = mp.mpf(r) + x
        al, s, m, tx, T = (mp.mpf(v) for v in (alpha, s, m, tx, T))
        log_c = mp.loggamma(a) - mp.loggamma(r) + r * mp.log(al)
        log_e1 = -a * mp.log(al + T) - s * mp.log1p(m * T / s)
        if tx >= T:
            return float(log_c + log_e1)

        def h(u):
            return mp.exp((1 - a) * u + mp.log(m) - (s + 1) * mp.log1p(m * (mp.exp(u) - al) / s) - log_e1)

        u0, u1 = mp.log(al + tx), mp.log(al + T)
        rate = abs(a - 1) + (s + 1) * m * (al + tx) / (s + m * tx) + 1
        pts = [u0] + [u0 + k / rate for k in (0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256) if u0 + k / rate < u1] + [u1]
        j = mp.quad(h, pts, maxdegree=6)
        return float(log_c + log_e1 + mp.log1p(j))


def test_loglik_matches_mpmath_on_a_randomized_grid():
    """Every customer's log-likelihood to 1e-8 of 20-digit evaluation, over a grid that covers
    s and beta both huge (the exponential limit), alpha far below and far above beta, and
    frequencies and ages far beyond real data; never NaN."""
    r, alpha, s, m, x, tx, T = _grid(40, seed=11)
    worst = 0.0
    for i in range(len(r)):
        got = _pnbd_parts(r[i], alpha[i], s[i], m[i], x[i:i + 1], tx[i:i + 1], T[i:i + 1], grad=True)
        assert np.isfinite(got["ll"]).all() and np.isfinite(got["dll"]).all()
        ref = _mp_loglik(r[i], alpha[i], s[i], m[i], x[i], tx[i], T[i])
        worst = max(worst, abs(got["ll"][0] - ref) / max(1.0, abs(ref)))
    assert worst < 1e-8


def test_gradient_matches_finite_differences_in_every_region():
    """Analytic derivatives in (log r, log alpha, log s, log m), per customer, with per-customer
    alpha and m (as covariates give), against central differences of the log-likelihood."""
    r, alpha, s, m, x, tx, T = _grid(400, seed=3)
    for i in range(0, 400, 40):
        rows = slice(i, i + 40)
        xs, txs, Ts = x[rows], tx[rows], T[rows]
        al = alpha[rows]
        mm = m[rows]
        base = _pnbd_parts(r[i], al, s[i], mm, xs, txs, Ts, grad=True)
        h = 1e-4  # the quadrature's own error (~1e-10) would swamp differences over a smaller step
        for j, (dr, da, ds, dm) in enumerate(np.eye(4) * h):
            up = _pnbd_parts(r[i] * np.exp(dr), al * np.exp(da), s[i] * np.exp(ds), mm * np.exp(dm), xs, txs, Ts)["ll"]
            dn = _pnbd_parts(r[i] * np.exp(-dr), al * np.exp(-da), s[i] * np.exp(-ds), mm * np.exp(-dm), xs, txs, Ts)["ll"]
            fd = (up - dn) / (2 * h)
            assert np.all(np.abs(base["dll"][j] - fd) <= 1e-5 * (np.abs(fd) + 1.0))


def test_exponential_limit_is_the_homogeneous_dropout_model():
    """At s -> infinity with s/beta = m fixed the likelihood is that of exponential lifetimes with
    rate m for everyone: integral of (alpha+tau)^-(r+x) m e^(-m tau) by scipy's adaptive quad."""
    from scipy import integrate, special

    r, alpha, m = 1.3, 6.4, 0.02
    x = np.array([0.0, 2.0, 7.0, 30.0])
    tx = np.array([0.0, 10.0, 40.0, 60.0])
    T = np.array([52.0, 52.0, 78.0, 78.0])
    got = _pnbd_parts(r, alpha, 1e12, m, x, tx, T)["ll"]
    for i in range(4):
        a = r + x[i]
        integral = integrate.quad(lambda t, a=a: (alpha + t) ** -a * m * np.exp(-m * t), tx[i], T[i],
                                  epsabs=0.0, epsrel=1e-12)[0]
        value = (special.gammaln(a) - special.gammaln(r) + r * np.log(alpha)
                 + np.log((alpha + T[i]) ** -a * np.exp(-m * T[i]) + integral))
        assert got[i] == pytest.approx(value, rel=1e-9)


def test_fit_reaches_the_limit_with_one_clear_warning_and_finite_predictions():
    """BG/NBD-like data without dropout heterogeneity push s and beta to infinity together (peers
    overflow there or crawl along the ridge): the fit stops at the limit, says so in one line
    with the dropout rate per time unit, and every prediction is finite."""
    sim = simulate_bgnbd_summary(3000, r=1.5, alpha=12.0, a=1.2, b=10.0, T=52.0, random_state=1)
    sim.attrs["time_unit"] = "W"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = ParetoNBDModel(random_state=0).fit(sim)
    limit = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert len(limit) == 1 and "\n" not in str(limit[0].message)
    assert "s/beta" in str(limit[0].message) and "per W" in str(limit[0].message)
    assert model.at_limit_ and model.converged_
    assert model.params_["s"] > 1e6 and np.isfinite(model.params_).all()
    for values in (model.probability_alive(sim), model.expected_purchases(sim, t=52),
                   model.probability_of_purchases(sim, n=[0, 1, 5], t=26),
                   model.discounted_expected_purchases(sim, discount_rate=0.002)):
        assert np.isfinite(np.asarray(values, dtype=float)).all()


@pytest.mark.parametrize("params", [
    (0.55, 10.6, 0.6, 11.7),  # CDNOW
    (1.3, 6.8, 6.6e7, 4.8e9),  # the exponential limit
    (2.0, 300.0, 50.0, 1.0),  # alpha far above beta
    (0.2, 0.05, 5.0, 1e5),  # alpha far below beta
    (30.0, 1.0, 1e-3, 1e-4),  # tiny s and beta
])
def test_predictions_never_nan_at_extreme_parameters(params):
    model = ParetoNBDModel().with_params(np.array(params))
    model.time_unit_ = None
    summary = pd.DataFrame({"frequency": [0.0, 1.0, 40.0, 5000.0, 3.0],
                            "recency": [0.0, 5.0, 70.0, 699.0, 0.5],
                            "T": [0.0, 78.0, 78.0, 700.0, 600.0]})
    for values in (model.probability_alive(summary), model.expected_purchases(summary, t=104),
                   model.probability_of_purchases(summary, n=[0, 2], t=52),
                   model.discounted_expected_purchases(summary, discount_rate=0.01)):
        arr = np.asarray(values, dtype=float)
        assert np.isfinite(arr).all() and (arr >= 0).all()


@pytest.mark.parametrize("s", [0.05, 0.7, 3.0, 4.5, 6.0, 12.5, 29.0, 31.0, 300.0, 1e5, 1e8])
def test_discounting_integral_matches_mpmath(s):
    """E[1 / (y + G)], G ~ Gamma(s, 1), behind Pareto/NBD's DERT: scipy's Tricomi U overflows from
    s of about 6, where the recurrence and the Gauss-Laguerre rule take over."""
    y = np.array([1e-6, 1e-3, 0.1, 0.9, 5.0, 300.0])
    got = _mean_inverse_gamma_shift(s, y)
    with mp.workdps(30):
        ref = [float(mp.mpf(v) ** (s - 1) * mp.hyperu(s, s, v)) for v in y]
    np.testing.assert_allclose(got, ref, rtol=1e-7)


def test_dert_agrees_with_the_integral_of_the_expected_purchases(cdnow_summary):
    """The closed form against the base class's Laguerre integral of E[X(t)] over time."""
    from clvmodels.models._transaction import TransactionModel

    model = ParetoNBDModel().with_params(np.array([0.553, 10.58, 0.606, 11.67]))
    model.time_unit_ = "W"
    ours = model.discounted_expected_purchases(cdnow_summary, discount_rate=0.0001)
    generic = TransactionModel.discounted_expected_purchases(model, cdnow_summary, discount_rate=0.0001)
    np.testing.assert_allclose(ours.to_numpy(), generic.to_numpy(), rtol=2e-3)


def test_one_time_buyers_cumulative_integral_matches_the_direct_quadrature():
    """Customers without a repeat purchase share one integrand: the cumulative integral over
    their sorted ages gives each one's value and gradient as the per-customer quadrature does."""
    from clvmodels.models.paretonbd import _log_integral

    summary = simulate_paretonbd_summary(6000, r=0.55, alpha=10.6, s=0.6, beta=11.7, T=(0.5, 60), random_state=4)
    model = ParetoNBDModel()
    data, _ = model._prepare(summary)
    assert "onetime" in data
    for r, alpha, s, m in [(0.55, 10.6, 0.6, 0.05), (1.3, 6.4, 6.6e7, 0.014), (0.2, 0.05, 5.0, 2.0)]:
        a = r + data["x"]
        fast = _log_integral(r, alpha, s, m, a, data["tx"], data["T"], onetime=data["onetime"])
        slow = _log_integral(r, np.full(len(a), alpha), s, np.full(len(a), m), a, data["tx"], data["T"])
        np.testing.assert_allclose(fast[0], slow[0], rtol=0, atol=1e-9 * (1 + np.abs(slow[0]).max()))
        np.testing.assert_allclose(fast[1], slow[1], rtol=1e-7, atol=1e-9)
