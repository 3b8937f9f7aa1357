"""Simulate customer summaries from known model parameters (for tests, teaching and benchmarks)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import ParameterError

__all__ = [
    "simulate_bgnbd_summary",
    "simulate_cnbd_summary",
    "simulate_paretonbd_summary",
    "simulate_sbg_survivors",
]


def _ages(n: int, T: Any, rng: np.random.Generator) -> np.ndarray:
    if np.ndim(T) == 0:
        return np.full(n, check_positive("T", T))
    lo, hi = (float(v) for v in T)
    if not 0 < lo <= hi:
        raise ParameterError(f"T={T!r} must be a positive number or a (low, high) range.")
    return rng.uniform(lo, hi, size=n)


def _summary(x: np.ndarray, N: np.ndarray, T: np.ndarray, rng: np.random.Generator, time_unit: str) -> pd.DataFrame:
    # the x-th of N uniform purchase times on [0, T] is T * Beta(x, N - x + 1)
    tx = np.zeros(len(x))
    pos = x > 0
    tx[pos] = T[pos] * rng.beta(x[pos], N[pos] - x[pos] + 1)
    out = pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T},
                       index=pd.RangeIndex(len(x), name="customer_id"))
    out.attrs["time_unit"] = time_unit
    return out


def simulate_bgnbd_summary(
    n_customers: int, *, r: float, alpha: float, a: float, b: float, T: Any = (26.0, 52.0),
    time_unit: str = "W", random_state: Any = None,
) -> pd.DataFrame:
    """Draw a ``frequency/recency/T`` summary from a BG/NBD population (continuous times).

    Parameters
    ----------
    n_customers : int
    r, alpha, a, b : float
        BG/NBD parameters (``alpha`` in ``time_unit``).
    T : float or (low, high)
        Customer ages: one value, or uniform on the range.
    time_unit : str, default "W"
        Recorded in ``attrs["time_unit"]``.
    random_state : int or Generator

    Returns
    -------
    pandas.DataFrame
        ``frequency``, ``recency``, ``T`` indexed 0..n-1.

    Notes
    -----
    Each customer has ``lambda ~ Gamma(r, alpha)`` and ``p ~ Beta(a, b)``; the purchase after
    which they drop out is ``K ~ Geometric(p)``; ``N ~ Poisson(lambda T)`` purchases would occur
    in [0, T] if they never dropped out, so ``x = min(N, K)`` and the x-th purchase time is the
    x-th order statistic of N uniform times (Fader, Hardie & Lee 2005a, Section 2).
    """
    n = int(check_positive("n_customers", n_customers, integer=True))
    rng = np.random.default_rng(random_state)
    ages = _ages(n, T, rng)
    lam = rng.gamma(check_positive("r", r), 1.0 / check_positive("alpha", alpha), size=n)
    p = rng.beta(check_positive("a", a), check_positive("b", b), size=n)
    N = rng.poisson(lam * ages)
    K = rng.geometric(np.clip(p, 1e-12, 1.0))
    return _summary(np.minimum(N, K), N, ages, rng, time_unit)


def simulate_paretonbd_summary(
    n_customers: int, *, r: float, alpha: float, s: float, beta: float, T: Any = (26.0, 52.0),
    time_unit: str = "W", random_state: Any = None,
) -> pd.DataFrame:
    """Draw a ``frequency/recency/T`` summary from a Pareto/NBD population.

    Each customer has ``lambda ~ Gamma(r, alpha)``, lifetime ``tau ~ Exp(mu)`` with
    ``mu ~ Gamma(s, beta)``; purchases are Poisson(lambda) on ``[0, min(tau, T)]``.
    """
    n = int(check_positive("n_customers", n_customers, integer=True))
    rng = np.random.default_rng(random_state)
    ages = _ages(n, T, rng)
    lam = rng.gamma(check_positive("r", r), 1.0 / check_positive("alpha", alpha), size=n)
    mu = rng.gamma(check_positive("s", s), 1.0 / check_positive("beta", beta), size=n)
    active = np.minimum(rng.exponential(1.0 / mu), ages)
    x = rng.poisson(lam * active)
    out = _summary(x, x, active, rng, time_unit)
    out["T"] = ages
    return out


def simulate_cnbd_summary(
    n_customers: int, *, k: int, r: float, alpha: float, a: float, b: float,
    T: Any = (26.0, 52.0), holdout: float | None = None, dropout_at_zero: bool = False,
    time_unit: str = "W", random_state: Any = None,
) -> pd.DataFrame:
    """Draw a summary (with ``litt``) from a BG/CNBD-k or MBG/CNBD-k population.

    Parameters
    ----------
    n_customers : int
    k : int
        Regularity: inter-purchase times are Erlang-k (``k`` exponential stages at rate lambda).
    r, alpha, a, b : float
        ``lambda ~ Gamma(r, alpha)`` (stage rate, ``alpha`` in ``time_unit``), dropout
        probability after each purchase ``p ~ Beta(a, b)``.
    T : float or (low, high)
        Customer ages at the end of calibration: one value, or uniform on the range.
    holdout : float, optional
        Length of a holdout period after ``T``: adds ``frequency_holdout`` (purchases in it),
        ``duration_holdout`` and ``alive`` (still active at ``T``), the truth to check
        predictions against.
    dropout_at_zero : bool, default False
        MBG/CNBD-k: the customer may also drop out right after the first purchase.
    time_unit : str, default "W"
    random_state : int or Generator

    Returns
    -------
    pandas.DataFrame
        ``frequency``, ``recency``, ``T``, ``litt`` (sum of log inter-purchase times), and the
        holdout columns when ``holdout`` is given; indexed 0..n-1.
    """
    n = int(check_positive("n_customers", n_customers, integer=True))
    kk = int(check_positive("k", k, integer=True))
    rng = np.random.default_rng(random_state)
    ages = _ages(n, T, rng)
    horizon = ages + (0.0 if holdout is None else check_positive("holdout", holdout))
    lam = rng.gamma(check_positive("r", r), 1.0 / check_positive("alpha", alpha), size=n)
    p = rng.beta(check_positive("a", a), check_positive("b", b), size=n)
    x = np.zeros(n)
    tx = np.zeros(n)
    litt = np.zeros(n)
    x_hold = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    if dropout_at_zero:
        alive &= rng.random(n) >= p
    now = np.zeros(n)
    active = np.flatnonzero(alive)
    died_before_T = ~alive
    while active.size:
        gap = rng.gamma(kk, 1.0, size=active.size) / lam[active]
        when = now[active] + gap
        inside = when <= horizon[active]
        active, gap, when = active[inside], gap[inside], when[inside]
        cal = when <= ages[active]
        c = active[cal]
        x[c] += 1
        tx[c] = when[cal]
        litt[c] += np.log(gap[cal])
        x_hold[active[~cal]] += 1
        now[active] = when
        drop = rng.random(active.size) < p[active]
        died_before_T[active[drop & cal]] = True
        active = active[~drop]
    out = pd.DataFrame({"frequency": x, "recency": tx, "T": ages, "litt": litt},
                       index=pd.RangeIndex(n, name="customer_id"))
    if holdout is not None:
        out["frequency_holdout"] = x_hold
        out["duration_holdout"] = float(holdout)
        out["alive"] = ~died_before_T
    out.attrs["time_unit"] = time_unit
    out.attrs["params"] = {"k": kk, "r": r, "alpha": alpha, "a": a, "b": b}
    return out


def simulate_sbg_survivors(
    n_customers: int, *, gamma: float, delta: float, periods: int, random_state: Any = None,
) -> pd.Series:
    """Survivors of one contract cohort drawn from a shifted-beta-geometric population.

    Parameters
    ----------
    n_customers : int
        Cohort size at period 0.
    gamma, delta : float
        Each customer's churn probability per period is ``theta ~ Beta(gamma, delta)``; they renew
        at the end of every period with probability ``1 - theta``.
    periods : int
        Periods observed after the start.
    random_state : int or Generator

    Returns
    -------
    pandas.Series
        Customers still active after t renewals, t = 0..``periods`` (index ``period``), the
        survivor table :class:`~clvmodels.models.ShiftedBetaGeoModel` fits;
        ``attrs["params"]`` holds the planted gamma and delta.
    """
    n = int(check_positive("n_customers", n_customers, integer=True))
    m = int(check_positive("periods", periods, integer=True))
    rng = np.random.default_rng(random_state)
    theta = rng.beta(check_positive("gamma", gamma), check_positive("delta", delta), size=n)
    lifetime = rng.geometric(np.clip(theta, 1e-12, 1.0))  # periods paid for, the first included
    t = np.arange(m + 1)
    out = pd.Series((lifetime[None, :] > t[:, None]).sum(axis=1).astype(float),
                    index=pd.Index(t, name="period"), name="survivors")
    out.attrs["params"] = {"gamma": float(gamma), "delta": float(delta)}
    return out
