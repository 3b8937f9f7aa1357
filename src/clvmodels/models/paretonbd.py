"""Pareto/NBD model of repeat buying with exponential lifetimes."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from .._checks import check_positive
from ._base import LOG_BOUND, vdot
from ._quadrature import gamma_rule
from ._transaction import TransactionModel, nbd_pmf

__all__ = ["ParetoNBDModel"]

_LEGENDRE = np.polynomial.legendre.leggauss(64)


def _tanh_sinh(n: int, h: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tanh-sinh (double exponential) rule on (0, 1): nodes q, 1 - q (accurate near 1), log weights."""
    k = np.arange(-n, n + 1) * h
    z = np.pi / 2.0 * np.sinh(k)
    q = 0.5 * (1.0 + np.tanh(z))
    one_minus_q = np.exp(-z) / (2.0 * np.cosh(z))
    log_w = np.log(h * np.pi / 4.0 * np.cosh(k)) - 2.0 * np.log(np.cosh(z))
    return q, one_minus_q, log_w


#: 41 nodes; with the substitution of :func:`_log_integral` the log of the integral agrees with
#: 30-digit mpmath to 1.1e-9 (absolute) or better on a random grid of r in [0.05, 50], alpha in
#: [0.01, 1e4], s in [0.05, 1e8], s/beta in [1e-5, 10], x up to 2000 and T up to 700
#: (tests/test_models_paretonbd.py keeps a smaller grid of that check).
_TANH_SINH = tuple(v[None, :] for v in _tanh_sinh(20, 0.15))


def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gauss-Legendre rule on (0, 1): nodes q, 1 - q, log weights (rows of shape (1, n))."""
    x, w = np.polynomial.legendre.leggauss(n)
    return (0.5 * (1.0 + x))[None, :], (0.5 * (1.0 - x))[None, :], np.log(0.5 * w)[None, :]


#: 12 nodes for the easy pieces: where the log integrand changes by at most 2 over the piece and
#: its slope hardly bends (at most 1), the substituted integrand is nearly constant and this
#: rule agrees with the 41-node one to 3e-10 (the randomized grid of the tests); in real data
#: most customers are such (84% of simulated CDNOW-like customers).
_EASY_RULE = _gauss_legendre(12)

#: Coefficients of h(z) = z/(1+z) - log1p(z) = sum_k (-1)^(k+1) (1 - 1/k) z^k, k >= 2 (to z^9).
_H_COEF = np.array([(-1.0) ** (k + 1) * (1.0 - 1.0 / k) for k in range(2, 10)])


def _h_series(z: np.ndarray) -> np.ndarray:
    """``z/(1+z) - log1p(z)`` by its series, for ``0 <= z < 0.01`` (relative error < 1e-15)."""
    zs = np.minimum(z, 0.01)
    out = np.zeros_like(zs)
    for coef in _H_COEF[::-1]:
        out = (out + coef) * zs
    return out * zs


def _h(z: np.ndarray, log1p_z: np.ndarray | None = None) -> np.ndarray:
    """``z/(1+z) - log1p(z)`` without cancellation for small ``z >= 0`` (the derivative of
    ``-s log1p(m t / s)`` with respect to ``log s`` at fixed ``m``, divided by ``s``);
    ``log1p_z`` when already computed."""
    z = np.asarray(z, dtype=float)
    with np.errstate(all="ignore"):
        out = z / (1.0 + z) - (np.log1p(z) if log1p_z is None else log1p_z)
    small = z < 0.01
    if small.any():
        out[small] = _h_series(z[small])
    return out


def _integral_block(r: float, s: float, ai: np.ndarray, al: np.ndarray, mi: np.ndarray, t0: np.ndarray,
                    t1: np.ndarray, grad: bool, on_beta: bool = False,
                    easy: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`_log_integral` on one block of pieces (columns of shape (pieces, 1)), substituted in
    ``w = log(kappa + tau)`` with ``kappa = alpha`` (the purchase factor is linear in w), or with
    ``on_beta`` ``kappa = beta = s / m`` (the dropout factor is linear in w; for a large beta w
    is nearly tau itself, where dropout is an exponential); with ``easy`` the 12-node Gauss-Legendre rule instead of the 41-node one."""
    q, omq, log_w = _EASY_RULE if easy else _TANH_SINH
    be = s / mi
    kap = be if on_beta else al
    base = kap + t0
    span = t1 - t0
    width = np.maximum(np.log1p(span / base), 1e-300)
    # change of the log integrand times dtau/dw = kappa + tau over [w0, w1]
    l1_0 = np.log1p(t0 / be)  # log(1 + m t_x / s)
    c = width - ai * np.log1p(span / (al + t0)) - (s + 1.0) * np.log1p(span / (be + t0))
    c = np.where(np.abs(c) < 1e-30, -1e-30, c)
    slope = c / width
    rise = c > 0
    d = -np.expm1(-np.abs(c))  # 1 - e^-|c|
    # nodes mapped by w - w0 = log(1 - q + q e^c) / slope (c < 0); for c > 0 the mirror image
    # from w1 with the nodes relabelled q <-> 1 - q (the rule is symmetric), so that one
    # formula serves both and neither 1 - q nor e^c loses digits
    du = np.log(omq + q * (1.0 - d))
    near = np.abs(c[:, 0]) < 0.5
    if near.any():
        du[near] = np.log1p(-q * d[near])
    du /= slope
    du += np.where(rise, width, 0.0)
    # log integrand = log w_q + log |dw/dq| + w (= log dtau/dw) - a log(alpha + tau) + log m
    # - (s + 1) log(1 + m tau / s)
    g = (1.0 - slope) * du
    g += log_w + (np.where(rise, c, 0.0) + np.log(d) - np.log(np.abs(slope)) + np.log(base) + np.log(mi))
    if on_beta:
        v = np.expm1(du)
        v *= base
        v += al + t0  # alpha + tau
        lv = np.log(v)
        l1 = du + l1_0
    else:
        lv = du + np.log(base)
        v = np.exp(du)
        v *= base  # alpha + tau (its absolute error, eps (alpha + tau), is harmless)
        l1 = np.log1p((v - al) / be)
    g -= ai * lv
    g -= (s + 1.0) * l1
    top = g.max(axis=1, keepdims=True)
    g -= top
    wgt = np.exp(g, out=g)
    total = wgt.sum(axis=1)
    log_j = top[:, 0] + np.log(total)
    if not grad:
        return log_j, None
    wgt /= total[:, None]
    np.reciprocal(v, out=v)
    return log_j, _node_derivatives(r, s, (ai * al)[:, 0], wgt, lv, v, l1, -np.expm1(-l1))


def _node_derivatives(r: float, s: float, a_alpha: Any, wgt: np.ndarray, lv: np.ndarray, inv_v: np.ndarray,
                      l1: np.ndarray, zz: np.ndarray) -> np.ndarray:
    """d log J / d(log r, log alpha, log s, log m) from the normalized node weights ``wgt`` and,
    per node, ``lv = log(alpha + tau)``, ``inv_v = 1 / (alpha + tau)``, ``l1 = log1p(z)`` and
    ``zz = z / (1 + z)``, ``z = m tau / s``; ``a_alpha = (r + x) alpha`` per row."""
    mean_zz = np.einsum("ij,ij->i", wgt, zz)
    dlog = np.empty((4, len(wgt)))
    dlog[0] = -r * np.einsum("ij,ij->i", wgt, lv)
    dlog[1] = -a_alpha * np.einsum("ij,ij->i", wgt, inv_v)
    # d/d log s of -(s+1) log1p(z): (s+1) z/(1+z) - s log1p(z); the two sums cancel to about
    # eps s z, far below the value s z^2 / 2
    dlog[2] = (s + 1.0) * mean_zz - s * np.einsum("ij,ij->i", wgt, l1)
    dlog[3] = 1.0 - (s + 1.0) * mean_zz
    return dlog


#: Largest change of the slope of the log integrand (in u = log(alpha + tau)) times the width of
#: a piece that one 41-node substitution takes (chosen on the mpmath grid of the tests), and
#: the most pieces a customer's integral is cut into.
_BEND_PER_PIECE = 8.0
_MAX_PIECES = 64

_POOL: list[ThreadPoolExecutor] = []


def _pool() -> ThreadPoolExecutor:
    """Threads for the blocks of :func:`_log_integral` (numpy releases the GIL in its loops)."""
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)))
    return _POOL[0]


def _cut_points(s: float, a: np.ndarray, alpha: np.ndarray, beta: np.ndarray, tx: np.ndarray, T: np.ndarray,
                on_beta: np.ndarray, pieces: np.ndarray, peak: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pieces of :func:`_log_integral`: row index, lower and upper limit of each, in order
    within each row.

    In either substitution the slope of the log integrand is affine in the ratio ``rho =
    (alpha + tau) / (beta + tau)`` (``kappa = alpha``) or in ``1 / rho`` (``kappa = beta``), so
    cuts at evenly spaced slopes are cuts at evenly spaced ratios, ``tau = (rho beta - alpha) /
    (1 - rho)``; the peak (slope 0, ``kappa = alpha`` only) is at ``rho = (1 - a) / (s + 1)``.
    """
    n = len(alpha)
    count = pieces + peak
    owner = np.repeat(np.arange(n), count)
    starts = np.concatenate([[0], np.cumsum(count)[:-1]])
    k = np.arange(len(owner)) - starts[owner]  # position of the cut within its row
    po = pieces[owner]
    ob = on_beta[owner]
    al, be, t0, t1 = alpha[owner], beta[owner], tx[owner], T[owner]
    with np.errstate(all="ignore"):
        r0, r1 = (al + t0) / (be + t0), (al + t1) / (be + t1)
        r0, r1 = np.where(ob, 1.0 / r0, r0), np.where(ob, 1.0 / r1, r1)
        level = r0 + (r1 - r0) * np.where(k < po, k / po, 0.0)
        level = np.where(k == po, (1.0 - a[owner]) / (s + 1.0), level)
        rho = np.where(ob, 1.0 / level, level)
        cut = (rho * be - al) / (1.0 - rho)
    cut = np.where(k == 0, t0, np.clip(np.nan_to_num(cut, nan=0.0), t0, t1))
    order = np.lexsort((cut, owner))
    lo = cut[order]
    hi = np.append(lo[1:], 0.0)
    last = np.append(owner[1:] != owner[:-1], True)
    hi[last] = t1[last]
    keep = hi > lo  # every row keeps at least one piece, since t_x < T
    return owner[keep], lo[keep], hi[keep]


#: Four-node Gauss-Legendre rule for the short steps between consecutive ages.
_STEP_RULE = _gauss_legendre(4)


def _step_block(r: float, alpha: float, s: float, m: float, t0: np.ndarray, width: np.ndarray,
                grad: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """log of the integral of one customer without repeat purchase over short steps [t0, t0 +
    width] (columns (steps, 1)), four Gauss-Legendre nodes each, and its derivatives."""
    q, _, log_w = _STEP_RULE
    tau = t0 + width * q
    v = alpha + tau
    lv = np.log(v)
    z = tau * (m / s)
    l1 = np.log1p(z)
    g = log_w + np.log(width) - r * lv + np.log(m) - (s + 1.0) * l1
    top = g.max(axis=1, keepdims=True)
    wgt = np.exp(g - top)
    total = wgt.sum(axis=1)
    log_step = top[:, 0] + np.log(total)
    if not grad:
        return log_step, None
    wgt /= total[:, None]
    return log_step, _node_derivatives(r, s, r * alpha, wgt, lv, 1.0 / v, l1, z / (1.0 + z))


def _cumulative_from_zero(r: float, alpha: float, s: float, m: float, ages: np.ndarray, inverse: np.ndarray,
                          grad: bool, chunk: int = 16384) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`_log_integral` for customers without a repeat purchase (``t_x = 0``, ``a = r``),
    whose integrals from 0 to their ages are one cumulative integral: from 0 to the smallest
    age by the full quadrature, then step by step between consecutive distinct ages (``ages``
    sorted, ``inverse`` mapping customers to them), each step by four Gauss-Legendre nodes
    where the integrand changes by at most 5% across it (exact to rounding there) and by the
    full quadrature otherwise. Sums of positive terms, so no digits are lost; the gradient
    accumulates the same way."""
    lo = np.concatenate([[0.0], ages[:-1]])
    span = ages - lo
    # the log-slope of the integrand at the start of a step bounds its change across the step
    rate = r / (alpha + lo) + (1.0 + 1.0 / s) * m / (1.0 + m * lo / s)
    short = (span * rate <= 0.05) & (np.arange(len(ages)) > 0)
    log_step = np.empty(len(ages))
    d_step = np.empty((4, len(ages))) if grad else None
    idx = np.flatnonzero(short)
    parts = [idx[i0:i0 + chunk] for i0 in range(0, len(idx), chunk)]
    results = list(_pool().map(lambda ix: _step_block(r, alpha, s, m, lo[ix][:, None], span[ix][:, None], grad),
                               parts))
    for ix, (ls, ds) in zip(parts, results, strict=True):
        log_step[ix] = ls
        if grad:
            d_step[:, ix] = ds
    long_ = ~short
    if long_.any():
        k = int(long_.sum())
        ls, ds = _log_integral(r, np.full(k, alpha), s, np.full(k, m), np.full(k, r), lo[long_], ages[long_], grad=grad)
        log_step[long_] = ls
        if grad:
            d_step[:, long_] = ds
    # cumulative sums, scaled by the largest step
    top = float(log_step.max())
    steps = np.exp(log_step - top)
    cum = np.cumsum(steps)
    log_j = np.log(cum) + top
    dlog = np.cumsum(d_step * steps, axis=1) / cum if grad else None
    if len(ages) < len(inverse) or np.any(inverse != np.arange(len(inverse))):  # else: one customer per age, in order
        log_j = log_j[inverse]
        dlog = dlog[:, inverse] if grad else None
    return log_j, dlog


def _log_integral(r: float, alpha: Any, s: float, m: Any, a: np.ndarray, tx: np.ndarray, T: np.ndarray,
                  *, grad: bool = True, chunk: int = 2048,
                  onetime: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """log J and d log J / d(log r, log alpha, log s, log m), rows with ``tx < T``, where::

        J = int_{t_x}^T (alpha + tau)^-(r+x) m (1 + m tau / s)^-(s+1) dtau

    the probability density of dropping out at ``tau`` (exponential lifetime with rate
    ``mu ~ Gamma(s, beta)``, ``m = s / beta`` its mean) times the chance of no purchase after
    ``t_x``, up to the constant of the likelihood. ``a = r + x``; ``alpha`` and ``m`` scalars or
    one value per row (customer covariates).

    Written in ``m`` rather than ``beta`` the integrand has a finite limit as ``s -> infinity``
    (``m exp(-m tau)``, homogeneous exponential dropout) and no hypergeometric function is
    involved, so it is evaluated stably for any parameters. In ``u = log(alpha + tau)`` the
    substitution ``q = expm1(c (u - u0) / (u1 - u0)) / expm1(c)``, with ``c`` the change of the
    log integrand over the interval, is exact for a log-linear integrand; the 41-node tanh-sinh
    rule takes the remaining smooth factor and the end points. The gradient is the same rule
    applied to the derivatives of the integrand (the limits do not depend on the parameters).
    Blocks of rows run on a few threads.
    """
    n = len(a)
    if onetime is not None and np.ndim(alpha) == 0 and np.ndim(m) == 0:
        # customers without a repeat purchase (t_x = 0, a = r) share one integrand: their
        # integrals are one cumulative integral, read off at their ages (``onetime``: their
        # rows, distinct sorted ages and the map to them, from the data)
        rows, ages, inverse = onetime
        rest = np.ones(n, dtype=bool)
        rest[rows] = False
        log_j = np.empty(n)
        dlog = np.empty((4, n)) if grad else None
        log_j[rows], d1 = _cumulative_from_zero(r, float(alpha), s, float(m), ages, inverse, grad)
        if grad:
            dlog[:, rows] = d1
        if rest.any():
            log_j[rest], d2 = _log_integral(r, alpha, s, m, np.asarray(a)[rest], np.asarray(tx)[rest],
                                            np.asarray(T)[rest], grad=grad, chunk=chunk)
            if grad:
                dlog[:, rest] = d2
        return log_j, dlog
    a, alpha, m, tx, T = (np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in (a, alpha, m, tx, T))
    # The dropout factor alone falls at a rate of at least (1 + 1/s) m / (1 + m T / s) over
    # [t_x, T], so beyond t_x + 60 / rate the integrand is below e^-60 of its value at t_x:
    # the interval is cut there.
    T = np.minimum(T, tx + 60.0 / ((1.0 + 1.0 / s) * m / (1.0 + m * T / s)))
    # In w = log(kappa + tau) the log of the integrand times dtau/dw has the slope
    # 1 - a - (s + 1) (alpha + tau) / (beta + tau) for kappa = alpha, and -s - a (beta + tau) /
    # (alpha + tau) for kappa = beta (beta = s / m). Each row takes the variable in which that
    # slope changes less over the interval (times its width: the "bend"); where it still bends
    # much (a double-exponential fall, or a peak when r + x < 1) one substitution cannot fit,
    # and the row is cut into pieces on which the log integrand is close to linear.
    beta = s / m
    span = T - tx
    with np.errstate(all="ignore"):
        width_a = np.log1p(span / (alpha + tx))  # width of [t_x, T] in log(alpha + tau)
        width_b = np.log1p(span / (beta + tx))  # and in log(beta + tau)
        # (s + 1) |beta - alpha| span / ((beta + T)(beta + tx)), written so that a huge beta
        # (s / m) cannot overflow; and a |beta - alpha| span / ((alpha + T)(alpha + tx))
        bend_a = ((1.0 + 1.0 / s) * m * np.abs(1.0 - alpha / beta) * span
                  / ((1.0 + T / beta) * (1.0 + tx / beta)) * width_a)
        bend_b = a * np.abs(beta - alpha) * span / ((alpha + T) * (alpha + tx)) * width_b
    bend_a = np.nan_to_num(bend_a, nan=np.inf)
    bend_b = np.nan_to_num(bend_b, nan=np.inf)
    on_beta = bend_b < bend_a
    bend = np.where(on_beta, bend_b, bend_a)
    pieces = np.maximum(np.minimum(np.ceil(bend / _BEND_PER_PIECE), _MAX_PIECES), 1).astype(np.int64)
    slope0, slope1 = (1.0 - a - (s + 1.0) * (alpha + t) / (beta + t) for t in (tx, T))
    peak = ~on_beta & (np.sign(slope0) * np.sign(slope1) < 0)
    if pieces.max() == 1 and not peak.any():
        src, lo, hi = np.arange(n), tx, T
    else:
        src, lo, hi = _cut_points(s, a, alpha, beta, tx, T, on_beta, pieces, peak.astype(np.int64))
    # easy rows (one piece, a small change and hardly any bend) take the 12-node rule
    change = np.where(on_beta, width_b, width_a) - a * width_a - (s + 1.0) * width_b
    easy = (pieces == 1) & ~peak & (bend <= 1.0) & (np.abs(change) <= 2.0)
    mode = on_beta[src] + 2 * easy[src]
    cols = [v[src][:, None] for v in (a, alpha, m)] + [lo[:, None], hi[:, None]]
    # blocks of pieces with the same substitution, run on a few threads
    # (blocks of about ``chunk`` x 41 values: more rows per block with the 12-node rule)
    blocks = [(flag, idx[i0:i0 + size]) for flag in range(4)
              for idx, size in [(np.flatnonzero(mode == flag), chunk * (3 if flag & 2 else 1))]
              for i0 in range(0, len(idx), size)]

    def run(block: tuple[int, np.ndarray]) -> tuple[np.ndarray, np.ndarray | None]:
        flag, idx = block
        return _integral_block(r, s, *(c[idx] for c in cols), grad, bool(flag & 1), bool(flag & 2))

    results = list(_pool().map(run, blocks)) if len(blocks) > 1 else [run(b) for b in blocks]
    log_p = np.empty(len(src))
    dp = np.empty((4, len(src))) if grad else None
    for (_, idx), res in zip(blocks, results, strict=True):
        log_p[idx] = res[0]
        if grad:
            dp[:, idx] = res[1]
    if len(src) == n:  # one piece per row
        return log_p, dp
    first = np.flatnonzero(np.append(True, src[1:] != src[:-1]))  # each row's first piece
    group = np.repeat(np.arange(len(first)), np.diff(np.append(first, len(src))))
    top = np.maximum.reduceat(log_p, first)
    log_j = top + np.log(np.add.reduceat(np.exp(log_p - top[group]), first))
    dlog = None
    if grad:
        dlog = np.add.reduceat(dp * np.exp(log_p - log_j[group]), first, axis=1)
    return log_j, dlog


def _pnbd_parts(r: float, alpha: Any, s: float, m: Any, x: np.ndarray, tx: np.ndarray, T: np.ndarray,
                *, grad: bool = False, unique_x: tuple[np.ndarray, np.ndarray] | None = None,
                onetime: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> dict[str, Any]:
    """Per-customer pieces of the Pareto/NBD likelihood ``L = C (e1 + J)``.

    ``log_c = log G(r+x) - log G(r) + r log alpha``; ``log_e1 = -(r+x) log(alpha+T) - s
    log1p(m T / s)`` (alive at T, no purchase after t_x); ``log_j`` (dropout between t_x and T,
    -inf where t_x = T); ``ll`` the log-likelihood per row; with ``grad`` its derivatives
    ``dll`` (4, n) with respect to ``(log r, log alpha, log s, log m)`` at each row's own
    ``alpha`` and ``m``.
    """
    x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
    n = len(x)
    shared = np.ndim(alpha) == 0 and np.ndim(m) == 0  # the same alpha and m for every row
    alpha0, m0 = alpha, m
    alpha = np.broadcast_to(np.asarray(alpha, dtype=float), (n,))
    m = np.broadcast_to(np.asarray(m, dtype=float), (n,))
    a = r + x
    ux, inv = np.unique(x, return_inverse=True) if unique_x is None else unique_x
    log_c = (special.gammaln(r + ux) - special.gammaln(r))[inv] + r * np.log(alpha)
    laT = np.log(alpha + T)
    zT = m * T / s
    l1T = np.log1p(zT)
    log_e1 = -a * laT - s * l1T
    part = tx < T
    log_j = np.full(n, -np.inf)
    dj = None
    if part.any():
        sub: Any = slice(None) if part.all() else np.flatnonzero(part)
        if shared and onetime is None and int(part.sum()) > 5000:  # e.g. predictions: found here
            onetime = _onetime_rows(x[sub], tx[sub], T[sub])
        lj, dj = _log_integral(r, alpha0 if shared else alpha[sub], s, m0 if shared else m[sub], a[sub], tx[sub],
                               T[sub], grad=grad, onetime=onetime if shared else None)
        log_j[sub] = lj
    log_l = np.logaddexp(log_e1, log_j)
    out = {"log_c": log_c, "log_e1": log_e1, "log_j": log_j, "ll": log_c + log_l}
    if grad:
        pe = np.exp(log_e1 - log_l)  # share of the "alive at T" term
        d_c = (r * ((special.psi(r + ux) - special.psi(r))[inv] + np.log(alpha)), r)
        d_e1 = (-r * laT, -a * alpha / (alpha + T), s * _h(zT, l1T), -m * T / (1.0 + zT))
        dll = np.empty((4, n))
        for j in range(4):
            dll[j] = pe * d_e1[j] + (d_c[j] if j < 2 else 0.0)
        if dj is not None:
            pj = 1.0 - pe[sub]
            for j in range(4):
                dll[j, sub] += pj * dj[j]
        out["dll"] = dll
    return out


def _onetime_rows(x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The rows (of those with t_x < T) of customers without repeat purchase, their distinct
    sorted ages and the map to them, for the cumulative integral of :func:`_log_integral`;
    None when there are too few to pay."""
    rows = np.flatnonzero((x == 0) & (tx == 0))
    if len(rows) <= 1000:
        return None
    ages, inverse = np.unique(T[rows], return_inverse=True)
    return rows, ages, inverse.ravel()


def _internal(p: np.ndarray) -> np.ndarray:
    """(r, alpha, s, beta) -> (log r, log(r / alpha), log s, log(s / beta)): shapes and mean rates."""
    r, alpha, s, beta = (float(v) for v in p)
    return np.array([np.log(r), np.log(r) - np.log(alpha), np.log(s), np.log(s) - np.log(beta)])


def _natural(u: np.ndarray) -> np.ndarray:
    """(log r, log(r / alpha), log s, log(s / beta)) -> (r, alpha, s, beta)."""
    return np.array([np.exp(u[0]), np.exp(u[0] - u[1]), np.exp(u[2]), np.exp(u[2] - u[3])])


def _to_internal_grad(d: np.ndarray) -> np.ndarray:
    """Derivatives in (log r, log alpha, log s, log m) -> in the internal coordinates."""
    return np.array([d[0] + d[1], -d[1], d[2], d[3]])


def _mean_inverse_gamma_shift(s: float, y: np.ndarray) -> np.ndarray:
    """E[1 / (y + G)], G ~ Gamma(s, 1), per ``y > 0``: ``y^(s-1) U(s, s, y)`` (Tricomi U) for
    s <= 3, the recurrence ``(s-1) E_s = 1 - y E_(s-1)`` (stable for y < 1) up from
    ``s - ceil(s - 3)`` for 3 < s <= 30, and an 80-node generalized Gauss-Laguerre rule
    otherwise, where the Gamma mass lies far from the pole at -y (scipy's U overflows there)."""
    y = np.asarray(y, dtype=float)
    if s <= 3.0:
        return np.exp((s - 1.0) * np.log(y)) * special.hyperu(s, s, y)
    out = np.empty_like(y)
    low = y < 1.0 if s <= 30.0 else np.zeros(y.shape, dtype=bool)
    if low.any():
        steps = int(np.ceil(s - 3.0))
        s0 = s - steps
        yl = y[low]
        e = np.exp((s0 - 1.0) * np.log(yl)) * special.hyperu(s0, s0, yl)
        for j in range(1, steps + 1):
            e = (1.0 - yl * e) / (s0 + j - 1.0)
        out[low] = e
    if (~low).any():
        nodes, weights = gamma_rule(s, 80)
        out[~low] = (weights[None, :] / (y[~low][:, None] + nodes[None, :])).sum(axis=1)
    return out


class ParetoNBDModel(TransactionModel):
    """Pareto/NBD model (帕累托/负二项分布模型) of repeat purchasing and dropout.

    While alive, a customer buys as a Poisson process with rate ``lambda ~ Gamma(r, alpha)``; the
    unobserved lifetime is exponential with dropout rate ``mu ~ Gamma(s, beta)``.

    Parameters
    ----------
    penalizer, n_starts, max_iter, tol, random_state, fit_sample
        As for :class:`~clvmodels.models.BetaGeoModel`.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha`` (time units), ``s``, ``beta`` (time units).
    at_limit_ : bool
        True when ``s`` ran to infinity (no heterogeneity in dropout rates: exponential lifetimes
        with the same rate ``s / beta`` for every customer) or ``r`` did (no heterogeneity in
        purchase rates: Poisson purchases at one rate ``r / alpha``); the fit is then that limit
        of the model, a ConvergenceWarning says so in one line, and every prediction is the
        limit's.
    log_likelihood_, standard_errors_, confidence_intervals_, covariance_, summary_,
    converged_, n_customers_, n_customers_unaged_, n_customers_total_, fit_sampled_, time_unit_
        As for :class:`~clvmodels.models.BetaGeoModel` (the Hessian is numerical here).

    Notes
    -----
    Likelihood of one customer (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model",
    eq. 22, before the integral is written with the Gauss hypergeometric function)::

        L = G(r+x) alpha^r / G(r) * [ (alpha+T)^-(r+x) S(T) + int_{t_x}^T (alpha+tau)^-(r+x) f(tau) dtau ]

    with ``S(tau) = (beta / (beta + tau))^s`` the survival and ``f`` the density of the Pareto
    (II) lifetime. Peers evaluate the integral with 2F1, whose argument ``|alpha - beta| /
    (max(alpha, beta) + t_x)`` tends to 1 exactly where real data push the fit (s and beta
    both large: nearly homogeneous dropout), so that its series need thousands of terms or
    overflow. Here the integral is a quadrature written in the mean dropout rate ``m = s / beta``
    (:func:`_log_integral`): finite for every parameter value, with the exponential limit at
    ``s = infinity``, and the optimizer works in the shapes and the mean rates, where the
    long ridges along which ``s`` and ``beta`` (or ``r`` and ``alpha``) grow together are single
    coordinates, ``(log r, log(r / alpha), log s, log(s / beta))``.
    P(alive) is the first term over the sum; the conditional expectation is (Schmittlein,
    Morrison & Colombo 1987; Fader, Hardie & Lee 2005b, eq. 1)::

        E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)

    (evaluated with ``log1p``, so that it has its limit as ``s, beta -> infinity``).
    """

    _param_names = ("r", "alpha", "s", "beta")
    _internal_names = ("r", "r/alpha", "s", "s/beta")
    _model_name = "Pareto/NBD"
    # each likelihood evaluation costs a quadrature per customer: warm start on a subsample
    _warm_min_rows = 3_000
    _warm_sub_fraction = 6
    _bound_hint = ("r and alpha running to infinity together mean no heterogeneity in purchase "
                   "rates; s/beta running to 0 means almost no dropout in the data")

    # parameterization: the optimizer works in (log r, log(r/alpha), log s, log(s/beta))
    def _to_internal(self, p: np.ndarray) -> np.ndarray:
        return _internal(p)

    def _from_internal(self, u: np.ndarray) -> np.ndarray:
        return _natural(u)

    def _objective(self, u: np.ndarray, data: dict[str, Any], total: float, order: int):
        u = np.clip(u, -LOG_BOUND - 5, LOG_BOUND + 5)
        p = _natural(u)
        parts = _pnbd_parts(p[0], p[1], p[2], np.exp(u[3]), data["x"], data["tx"], data["T"], grad=order >= 1,
                            unique_x=data.get("unique_x"), onetime=data.get("onetime"))
        w = data["w"]
        pen = float(self.penalizer)
        f = -vdot(w, parts["ll"]) / total + pen * float(np.sum(p * p))
        if order == 0:
            return f, None, None
        g = _to_internal_grad(np.array([-vdot(w, d) / total for d in parts["dll"]]))
        # penalty pen * sum(p^2) in the internal coordinates (alpha = r / exp(u1), beta = s / exp(u3))
        g += 2.0 * pen * np.array([p[0] ** 2 + p[1] ** 2, -p[1] ** 2, p[2] ** 2 + p[3] ** 2, -p[3] ** 2])
        return f, g, None

    def _precompute(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> dict[str, Any]:
        # rows by age (so that the customers without repeat purchase come in the order of the
        # cumulative integral), the distinct frequencies once (their gamma functions are
        # computed once per evaluation)
        order = np.argsort(T, kind="stable")
        x, tx, T, w = x[order], tx[order], T[order], w[order]
        data = {"x": x, "tx": tx, "T": T, "w": w, "unique_x": np.unique(x, return_inverse=True)}
        part = tx < T
        onetime = _onetime_rows(x[part], tx[part], T[part])
        if onetime is not None:
            data["onetime"] = onetime
        return data

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        r, alpha, s, beta = (float(v) for v in params)
        parts = _pnbd_parts(r, alpha, s, s / beta, data["x"], data["tx"], data["T"], grad=order >= 1,
                            unique_x=data.get("unique_x"), onetime=data.get("onetime"))
        ll = float(vdot(data["w"], parts["ll"]))
        if order == 0:
            return ll, None, None
        d = [vdot(data["w"], v) for v in parts["dll"]]  # in (log r, log alpha, log s, log m)
        grad = np.array([d[0] / r, d[1] / alpha, (d[2] + d[3]) / s, -d[3] / beta])
        return ll, grad, None

    # covariates (CLVTools' parameterization): alpha_i = alpha exp(-gamma_purchase . x_i),
    # beta_i = beta exp(-gamma_dropout . x_i), i.e. + gamma . x_i on log(r / alpha), log(s / beta)
    _cov_targets = {"purchase": [(1, +1)], "dropout": [(3, +1)]}

    def _cov_rows(self, U: np.ndarray, cols: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        r, s = float(np.exp(U[0, 0])), float(np.exp(U[2, 0]))
        parts = _pnbd_parts(r, np.exp(U[0] - U[1]), s, np.exp(U[3]), cols["x"], cols["tx"], cols["T"], grad=True)
        d = parts["dll"]
        return parts["ll"], np.array([d[0] + d[1], -d[1], d[2], d[3]])

    def _cov_natural(self, U: np.ndarray) -> tuple:
        r, s = float(np.exp(U[0, 0])), float(np.exp(U[2, 0]))
        return r, np.exp(U[0] - U[1]), s, np.exp(U[2] - U[3])

    def _limit_edge(self, names: list[str]) -> bool:
        return bool(names) and set(names) <= {"r", "s"}

    def _at_edge(self, u: np.ndarray, margin: float) -> list[str]:
        # beyond a million, the shape r or s leaves a coefficient of variation of the rates below
        # 0.1%: the limit of the model, whether or not the optimizer went on to the edge
        edge = super()._at_edge(u, margin)
        for i, name in ((0, "r"), (2, "s")):
            if u[i] >= np.log(1e6) and name not in edge:
                edge.append(name)
        return edge

    def _limit_message(self) -> str:
        r, alpha, s, beta = (float(v) for v in self.params_)
        unit = self.time_unit_ or "time unit"
        parts = []
        if s >= 1e6:
            parts.append(f"s ran to infinity (s={s:.3g}, beta={beta:.3g}): no heterogeneity in dropout "
                         f"rates, exponential lifetimes with one rate s/beta = {s / beta:.4g} per {unit} "
                         f"(mean lifetime {beta / s:.3g} {unit})")
        if r >= 1e6:
            parts.append(f"r ran to infinity (r={r:.3g}, alpha={alpha:.3g}): no heterogeneity in purchase "
                         f"rates, Poisson purchases at one rate r/alpha = {r / alpha:.4g} per {unit}")
        return (f"Pareto/NBD: {'; '.join(parts)}, for every customer; the fit is this limit of the "
                f"model and its predictions are the limit's.")

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        r, alpha, _, _ = super()._start(data)
        mean_T = float(np.average(data["T"], weights=data["w"]))
        return np.array([r, alpha, 1.0, mean_T])

    def _posterior(self, p: Any, x: np.ndarray, tx: np.ndarray, T: np.ndarray):
        r, alpha, s, beta = p
        parts = _pnbd_parts(float(r), alpha, float(s), s / np.asarray(beta, dtype=float), x, tx, T)
        pi = special.expit(parts["log_e1"] - parts["log_j"])
        return pi, (r + x, alpha + T, s, beta + T)

    def _prior(self, p: np.ndarray):
        return 1.0, tuple(p)

    def _alive_expected(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, s, beta = post
        t = np.asarray(t, dtype=float)
        lg = np.log1p(t / beta)
        if abs(s - 1.0) < 1e-10:
            return r / alpha * beta * lg
        return r * beta / (alpha * (s - 1.0)) * -np.expm1(-(s - 1.0) * lg)

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, s, beta = post
        return np.exp(-s * np.log1p(np.asarray(t, dtype=float) / beta))

    def _simulate_alive(self, post: tuple, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # an alive customer: lambda ~ Gamma(r + x, alpha + T), mu ~ Gamma(s, beta + T); Poisson
        # purchases until the exponential residual lifetime ends
        r, alpha, s, beta = (np.broadcast_to(np.asarray(v, float), t.shape) for v in post)
        lam = rng.gamma(r) / alpha
        mu = rng.gamma(s) / beta
        return rng.poisson(lam * np.minimum(rng.exponential(1.0 / np.maximum(mu, 1e-300)), t))

    def _alive_pmf(self, post: tuple, n: int, t: Any) -> np.ndarray:
        r, alpha, s, beta = post
        t = np.asarray(t, dtype=float)
        r, alpha, beta, t = np.broadcast_arrays(
            np.asarray(r, float), np.asarray(alpha, float), np.asarray(beta, float), t)
        alive_all = np.exp(-s * np.log1p(t / beta)) * nbd_pmf(n, r, alpha, t)
        # dropout at tau in (0, t): int_0^t (s/beta) (1 + tau/beta)^-(s+1) NBD(n; tau) dtau
        nodes, weights = _LEGENDRE
        half = t[..., None] / 2.0
        tau = half * (nodes + 1.0)
        rr, aa, bb = r[..., None], alpha[..., None], beta[..., None]
        dens = s / bb * np.exp(-(s + 1.0) * np.log1p(tau / bb))
        integral = np.sum(weights * dens * nbd_pmf(n, rr, aa, tau), axis=-1) * half[..., 0]
        return alive_all + integral

    def discounted_expected_purchases(self, summary: pd.DataFrame, *, discount_rate: float) -> pd.Series:
        """Discounted expected residual transactions (DERT), per customer.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.
        discount_rate : float
            Discount rate per model time unit ``d``; continuous rate ``delta = ln(1 + d)``.

        Returns
        -------
        pandas.Series
            DERT per customer (discounted purchases), same index and order as ``summary``.

        Notes
        -----
        For an alive customer the purchase rate ``lambda ~ Gamma(r+x, alpha+T)`` and the dropout
        rate ``mu ~ Gamma(s, beta+T)`` are independent a posteriori, so ``DERT = P(alive)
        E[lambda] E[1 / (delta + mu)]``, the closed form of Fader, Hardie & Lee (2005b, eq. 2)
        with ``E[1/(delta+mu)] = (beta+T) y^(s-1) U(s, s, y)``, ``y = delta (beta+T)``. scipy's
        ``U`` overflows from s of about 6 on, so :func:`_mean_inverse_gamma_shift` switches to a
        recurrence or a generalized Gauss-Laguerre rule there (agreeing with mpmath to 1e-7 or
        better, 1e-12 typically).
        """
        x, tx, T, index = self._arrays(summary)
        d = check_positive("discount_rate", discount_rate)
        delta = np.log1p(d)
        pi, post = self._current(self._customer_params(summary), x, tx, T)
        r, alpha, s, beta = post
        B = np.broadcast_to(np.asarray(beta, dtype=float), x.shape)
        with np.errstate(all="ignore"):
            dert = pi * r / alpha * B * _mean_inverse_gamma_shift(float(s), delta * B)
        return self._series(self._finite(dert, "DERT"), index, "dert", discount_rate=d)
