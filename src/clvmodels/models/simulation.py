"""Simulate customer summaries from known model parameters (for tests, teaching and benchmarks)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import ParameterError

__all__ = ["simulate_bgnbd_summary", "simulate_paretonbd_summary"]


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
