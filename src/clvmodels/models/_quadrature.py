"""Quadrature rules shared by the models."""

from __future__ import annotations

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
