"""Quadrature rules shared by the models."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import linalg

__all__ = ["gamma_rule"]


def gamma_rule(shape: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights (summing to 1) of E[f(G)], G ~ Gamma(shape, 1): the generalized
    Gauss-Laguerre rule with weight ``G^(shape-1) exp(-G)``, by the Golub-Welsch eigenvalue
    method, whose normalized weights are the squared first components of the eigenvectors (no
    overflow for any shape, where scipy's ``roots_genlaguerre`` weights overflow from a shape of
    a few hundred)."""
    k = np.arange(n, dtype=float)
    diag = 2.0 * k + shape
    off = np.sqrt(k[1:] * (k[1:] + shape - 1.0))
    nodes, vecs = linalg.eigh_tridiagonal(diag, off)
    return nodes, vecs[0] ** 2


def beta_expectation(fun: Any, a: np.ndarray, b: np.ndarray, n: int = 96) -> np.ndarray:
    """``E[fun(p)]`` for ``p ~ Beta(a, b)`` (elementwise over ``a``, ``b``), by Gauss-Legendre
    quadrature between the Beta's 1e-13 and 1 - 1e-13 quantiles.

    For the shapes where the closed forms overflow: ``a`` and ``b`` of a million or more (a
    dropout probability known almost exactly), where the density is a narrow bump that the
    quantile range brackets. ``fun`` takes an array of ``p`` (shape ``(n, m)``) and returns
    one of the same shape.
    """
    from scipy import special

    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    lo = special.betaincinv(a, b, 1e-13)
    hi = special.betaincinv(a, b, 1.0 - 1e-13)
    x, w = np.polynomial.legendre.leggauss(n)
    half = (hi - lo) / 2.0
    p = (lo + hi)[None, :] / 2.0 + half[None, :] * x[:, None]
    p = np.clip(p, np.finfo(float).tiny, 1.0 - np.finfo(float).eps)
    log_density = (a - 1) * np.log(p) + (b - 1) * np.log1p(-p) - special.betaln(a, b)
    weights = w[:, None] * half[None, :] * np.exp(log_density)
    total = weights.sum(axis=0)  # the density's mass inside the range (1 up to rounding)
    return (weights * fun(p)).sum(axis=0) / total
