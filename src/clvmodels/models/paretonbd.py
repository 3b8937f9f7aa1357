"""Pareto/NBD model of repeat buying with exponential lifetimes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from .._checks import check_positive
from ._base import vdot
from ._transaction import TransactionModel, nbd_pmf

__all__ = ["ParetoNBDModel"]

_LEGENDRE = np.polynomial.legendre.leggauss(64)

#: Above this value of the 2F1 argument at t_x, |alpha - beta| / (max(alpha, beta) + t_x), the
#: series converge too slowly (hundreds to tens of thousands of terms per customer) and the
#: tail integral is computed by quadrature instead (:func:`_log_integral`).
_SERIES_MAX_ARGUMENT = 0.9


def _tanh_sinh(n: int, h: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tanh-sinh (double exponential) rule on (0, 1): nodes q, 1 - q (accurate near 1), log weights."""
    k = np.arange(-n, n + 1) * h
    z = np.pi / 2.0 * np.sinh(k)
    q = 0.5 * (1.0 + np.tanh(z))
    one_minus_q = np.exp(-z) / (2.0 * np.cosh(z))
    log_w = np.log(h * np.pi / 4.0 * np.cosh(k)) - 2.0 * np.log(np.cosh(z))
    return q, one_minus_q, log_w


#: 65 nodes; with the substitution of :func:`_log_integral` the log of the integral is exact to
#: about 1e-10 or better over r, s, x in [0.1, 3000], alpha, beta in [0.01, 1e5] and T up to 700
#: time units (checked against adaptive quadrature).
_TANH_SINH = _tanh_sinh(32, 0.1)


def _log_integral(p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray, *, grad: bool = True,
                  chunk: int = 1024) -> tuple[np.ndarray, list[np.ndarray] | None]:
    """log I, I = int_{t_x}^T (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau, and d log I / d(r, alpha,
    s, beta), by quadrature (rows with t_x < T).

    In ``u = log(min(alpha, beta) + tau)`` the log of the integrand (times dtau/du) is concave;
    the substitution ``q = expm1(c (u - u0) / (u1 - u0)) / expm1(c)``, with ``c`` its change
    over the interval, makes it exact for a log-linear integrand, and the tanh-sinh rule takes the
    remaining smooth factor and the end points. Used where the hypergeometric series converge
    slowly (alpha and beta far apart, e.g. s and beta both large); the gradient is the same rule
    applied to the derivatives of the integrand (the limits do not depend on the parameters).
    """
    r, alpha, s, beta = (float(v) for v in p)
    lower, d = min(alpha, beta), abs(alpha - beta)
    below = alpha <= beta  # u = log(alpha + tau) (else log(beta + tau))
    p2 = s + 1.0
    q, omq, log_w = (v[None, :] for v in _TANH_SINH)
    n = len(x)
    log_i = np.empty(n)
    dlog = [np.empty(n) for _ in range(4)] if grad else None

    def log_f(u: np.ndarray, p1: np.ndarray) -> np.ndarray:  # log integrand times dtau/du
        other = np.log(np.exp(u) + d)
        return (1.0 - p1 - (0.0 if below else p2)) * u - (p2 if below else p1) * other

    for i0 in range(0, n, chunk):
        sl = slice(i0, i0 + chunk)
        p1 = (r + x[sl])[:, None]
        u0 = np.log(lower + tx[sl])[:, None]
        width = np.log(lower + T[sl])[:, None] - u0
        c = log_f(u0 + width, p1) - log_f(u0, p1)
        flat = np.abs(c) < 1e-9
        c = np.where(flat, 1.0, c)
        slope = c / width
        rise = c > 0
        # u - u0 at the nodes: u0 + log(1 - q + q e^c) / slope for c < 0, and the mirror image
        # from u1 for c > 0, so that neither 1 - q nor e^c loses digits
        e = np.exp(-np.abs(c))
        arg = np.where(rise, q, omq) + np.where(rise, omq, q) * e
        du = np.log(arg)
        du /= slope
        du += np.where(rise, width, 0.0)
        du = np.where(flat, q * width, du)
        # log |du/dq| = log |expm1(c) / slope| - slope (u - u0)
        jac0 = np.where(rise, c, 0.0) + np.log1p(-e) - np.log(np.abs(slope))
        u = u0 + du
        a = np.exp(u)
        a += d
        lo = np.log(a)  # log(max(alpha, beta) + tau)
        g = np.where(flat, np.log(width), jac0 - slope * du) + log_w + u
        if below:
            g -= p1 * u + p2 * lo
        else:
            g -= p2 * u + p1 * lo
        top = g.max(axis=1, keepdims=True)
        g -= top
        wgt = np.exp(g, out=g)
        total = wgt.sum(axis=1)
        log_i[sl] = top[:, 0] + np.log(total)
        if grad:
            la, lb = (u, lo) if below else (lo, u)
            inv_hi = 1.0 / a
            inv_lo = np.exp(-u)
            inv_a, inv_b = (inv_lo, inv_hi) if below else (inv_hi, inv_lo)
            dlog[0][sl] = -np.einsum("ij,ij->i", wgt, la) / total
            dlog[1][sl] = -np.einsum("ij,ij->i", wgt, inv_a) * p1[:, 0] / total
            dlog[2][sl] = -np.einsum("ij,ij->i", wgt, lb) / total
            dlog[3][sl] = -np.einsum("ij,ij->i", wgt, inv_b) * p2 / total
    return log_i, dlog


def _hard_rows(p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows with an integral term (t_x < T): those the series of :func:`_series_block` sum within
    its 600 terms, and the rest (left to the quadrature of :func:`_log_integral`).

    The series' terms ``(q)_k / k! y^k`` peak near ``k = q y / (1 - y)`` and then fall by a factor
    of about ``y`` per term; ``q`` is ``s + 1`` (alpha >= beta) or ``r + x``.
    """
    r, alpha, s, beta = (float(v) for v in p)
    part = tx < T
    y = abs(alpha - beta) / (max(alpha, beta) + tx)
    q = s + 1.0 if alpha >= beta else r + x
    with np.errstate(divide="ignore"):
        terms = (q * y + 40.0) / (1.0 - y)
    hard = part & ((y > _SERIES_MAX_ARGUMENT) | (terms > 500.0))
    return part & ~hard, hard


def _log_2f1_one(b: np.ndarray, c: np.ndarray, z: np.ndarray, max_terms: int = 5000) -> np.ndarray:
    """log 2F1(1, b; c; z) for 0 <= z < 1 and 0 < b < c, by its series of positive terms.

    Term ratio ``z (b+k)/(c+k) < 1``, so the sum converges for every such z; NaN where it has not
    converged within ``max_terms`` terms (b close to c and z close to 1).
    """
    b, c, z = np.broadcast_arrays(np.asarray(b, float), np.asarray(c, float), np.asarray(z, float))
    term = np.ones(b.shape)
    total = np.ones(b.shape)
    done = False
    for k in range(max_terms):
        term *= z * (b + k) / (c + k)
        total += term
        if k % 16 == 15 and np.all(term <= 1e-17 * total):
            done = True
            break
    out = np.log(total)
    if not done:
        out[term > 1e-12 * total] = np.nan
    return out


def _log_tail(m: np.ndarray, rx: np.ndarray, s: float, alpha: float, beta: float, u: np.ndarray) -> np.ndarray:
    """log G(u), G(u) = int_u^inf (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau.

    Fader & Hardie (2005) expression with the Gauss hypergeometric function, branch chosen so
    that its argument ``|alpha - beta| / (max(alpha, beta) + u)`` lies in [0, 1). Where scipy's
    2F1 overflows (argument near 1 with large parameters, e.g. s and beta both large), Euler's
    transformation 2F1(a, b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z) is summed directly.
    """
    m, rx, u = np.broadcast_arrays(np.asarray(m, float), np.asarray(rx, float), np.asarray(u, float))
    if alpha >= beta:
        z = (alpha - beta) / (alpha + u)
        base = -m * np.log(alpha + u) - np.log(m)
        b_orig = np.full(m.shape, s + 1.0)
        log_f = np.log(special.hyp2f1(m, s + 1.0, m + 1.0, z))
    else:
        z = (beta - alpha) / (beta + u)
        base = -m * np.log(beta + u) - np.log(m)
        b_orig = rx
        log_f = np.log(special.hyp2f1(m, rx, m + 1.0, z))
    bad = ~np.isfinite(log_f)
    if bad.any():
        zb, mb, bb = z[bad], m[bad], b_orig[bad]
        log_f[bad] = (1.0 - bb) * np.log1p(-zb) + _log_2f1_one(mb + 1.0 - bb, mb + 1.0, zb)
    return base + log_f


def _pareto_terms(p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(log C, log e1, log(s I)) per customer, with L = C (e1 + s I)."""
    r, alpha, s, beta = (float(v) for v in p)
    rx = r + x
    m = rx + s
    log_c = special.gammaln(rx) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    log_e1 = -rx * np.log(alpha + T) - s * np.log(beta + T)
    easy, hard = _hard_rows(p, x, tx, T)
    log_i = np.full(len(x), -np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        if easy.any():
            g_tx = _log_tail(m[easy], rx[easy], s, alpha, beta, tx[easy])
            g_T = _log_tail(m[easy], rx[easy], s, alpha, beta, T[easy])
            diff = g_T - g_tx
            log_i[easy] = np.where(diff < 0, g_tx + np.log(-np.expm1(np.minimum(diff, -1e-300))), -np.inf)
        if hard.any():
            log_i[hard] = _log_integral(p, x[hard], tx[hard], T[hard], grad=False)[0]
    return log_c, log_e1, np.log(s) + log_i


def _series_rows(y: np.ndarray, m: np.ndarray, q: Any, u: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """:func:`_series` with the rows at ``u == 0`` (one-time buyers' t_x) computed once per x."""
    zero = u == 0
    if zero.sum() < 2:
        return _series(y, m, q)
    out = [np.empty(len(y)) for _ in range(4)]
    ux, first, inv = np.unique(x[zero], return_index=True, return_inverse=True)
    zi = np.flatnonzero(zero)[first]
    qz = q if np.ndim(q) == 0 else q[zi]
    for j, v in enumerate(_series(y[zi], m[zi], qz)):
        out[j][zero] = v[inv]
    rest = ~zero
    if rest.any():
        for j, v in enumerate(_series(y[rest], m[rest], q if np.ndim(q) == 0 else q[rest])):
            out[j][rest] = v
    return tuple(out)


def _series(y: np.ndarray, m: np.ndarray, q: Any, chunk: int = 16384) -> tuple[np.ndarray, ...]:
    """:func:`_series_block` over cache-sized blocks of rows (several times faster at 1M rows)."""
    if len(y) <= chunk:
        return _series_block(y, m, q)
    parts = [_series_block(y[i:i + chunk], m[i:i + chunk], q if np.ndim(q) == 0 else q[i:i + chunk])
             for i in range(0, len(y), chunk)]
    return tuple(np.concatenate([part[j] for part in parts]) for j in range(4))


def _series_block(y: np.ndarray, m: np.ndarray, q: Any, max_terms: int = 600) -> tuple[np.ndarray, ...]:
    """Sums over k >= 0 of c_k y^k times 1/(m+k), 1/(m+k)^2, d_k/(m+k) and k y^-1/(m+k).

    ``c_k = (q)_k / k!`` and ``d_k = psi(q+k) - psi(q)``; all terms are positive, so the sums
    are accurate; used for the Pareto/NBD tail integral and its exact parameter derivatives.
    """
    inv = 1.0 / m
    s0, s1 = inv.copy(), inv * inv
    s2 = np.zeros_like(inv)
    sk = np.zeros_like(inv)  # sum of k c_k y^k / (m+k); s3 = sk / y
    t = np.ones_like(inv)  # c_k y^k
    scalar_q = np.ndim(q) == 0
    d: Any = 0.0
    ti = np.empty_like(inv)
    tmp = np.empty_like(inv)
    for k in range(1, max_terms + 1):
        if scalar_q:
            t *= y
            t *= (q + (k - 1)) / k
            d += 1.0 / (q + (k - 1))
        else:
            t *= y * ((q + (k - 1)) / k)
            d = d + 1.0 / (q + (k - 1))
        np.add(m, k, out=inv)
        np.reciprocal(inv, out=inv)
        np.multiply(t, inv, out=ti)
        s0 += ti
        np.multiply(ti, inv, out=tmp)
        s1 += tmp
        np.multiply(ti, d, out=tmp)
        s2 += tmp
        np.multiply(ti, k, out=tmp)
        sk += tmp
        if k % 8 == 0 and np.max(tmp / np.maximum(sk, 1e-300)) < 1e-17 and np.max(ti / s0) < 1e-17:
            break
    with np.errstate(divide="ignore", invalid="ignore"):
        s3 = np.where(y > 0, sk / y, q / (m + 1.0))
    return s0, s1, s2, s3


def _pareto_loglik_grad(p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray]:
    """Weighted log-likelihood and its exact gradient: by series where the hypergeometric
    argument at t_x is at most ``_SERIES_MAX_ARGUMENT``, by quadrature (:func:`_log_integral`)
    where it is nearer 1 and the series would converge slowly."""
    r, alpha, s, beta = (float(v) for v in p)
    rx = r + x
    m = rx + s
    hi = max(alpha, beta)
    part, hard = _hard_rows(p, x, tx, T)  # series rows, quadrature rows
    ux, xinv = np.unique(x, return_inverse=True)  # gamma functions once per distinct x
    log_c = (special.gammaln(r + ux) - special.gammaln(r))[xinv] + r * np.log(alpha) + s * np.log(beta)
    laT, lbT = np.log(alpha + T), np.log(beta + T)
    log_e1 = -rx * laT - s * lbT
    ls = np.log(s)
    log_l = log_e1.copy()
    extra = np.zeros((4, len(x)))  # d(s I)/d theta / L on the rows with an integral term
    if part.any():
        rel = []  # (log G, rho_r, rho_alpha, rho_s, rho_beta) at u = t_x and u = T
        for u in (tx[part], T[part]):
            xu = x[part]
            B = hi + u
            lB = np.log(B)
            y = abs(alpha - beta) / B
            mu = m[part]
            if alpha >= beta:
                s0, s1, s2, s3 = _series_rows(y, mu, s + 1.0, u, xu)
                s4 = np.exp(-(s + 1.0) * np.log1p(-y))
                rho_m = -lB - s1 / s0
                rel.append((-mu * lB + np.log(s0), rho_m, (s3 - s4) / (B * s0), rho_m + s2 / s0, -s3 / (B * s0)))
            else:
                s0, s1, s2, s3 = _series_rows(y, mu, r + xu, u, xu)
                s4 = np.exp(-(r + xu) * np.log1p(-y))
                rho_m = -lB - s1 / s0
                rel.append((-mu * lB + np.log(s0), rho_m + s2 / s0, -s3 / (B * s0), rho_m, (s3 - s4) / (B * s0)))
        (lg1, *r1), (lg2, *r2) = rel
        diff = lg2 - lg1
        log_i = lg1 + np.log(-np.expm1(np.minimum(diff, -1e-300)))
        log_l[part] = np.logaddexp(log_e1[part], ls + log_i)
        om1 = np.exp(ls + lg1 - log_l[part])
        om2 = np.exp(ls + lg2 - log_l[part])
        for j in range(4):
            extra[j, part] = om1 * r1[j] - om2 * r2[j] + ((om1 - om2) / s if j == 2 else 0.0)
    if hard.any():
        log_ih, dlog_ih = _log_integral(p, x[hard], tx[hard], T[hard])
        log_l[hard] = np.logaddexp(log_e1[hard], ls + log_ih)
        om_h = np.exp(ls + log_ih - log_l[hard])
        for j in range(4):
            extra[j, hard] = om_h * (dlog_ih[j] + (1.0 / s if j == 2 else 0.0))
    ll = float(vdot(w, (log_c + log_l)))
    om_e = np.exp(log_e1 - log_l)
    d_e1 = (-laT, -rx / (alpha + T), -lbT, -s / (beta + T))
    d_c = ((special.psi(r + ux) - special.psi(r))[xinv] + np.log(alpha), r / alpha, np.log(beta), s / beta)
    grad = np.empty(4)
    for j in range(4):
        grad[j] = vdot(w, d_c[j] + om_e * d_e1[j] + extra[j])
    return ll, grad


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
    log_likelihood_, standard_errors_, confidence_intervals_, covariance_, summary_,
    converged_, n_customers_, n_customers_unaged_, n_customers_total_, fit_sampled_, time_unit_
        As for :class:`~clvmodels.models.BetaGeoModel` (the Hessian is numerical here).

    Notes
    -----
    Likelihood of one customer (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model",
    eq. 22)::

        L = G(r+x) alpha^r beta^s / G(r) * [ 1 / ((alpha+T)^(r+x) (beta+T)^s) + s/(r+s+x) A0 ]

    where, for alpha >= beta, ``A0 = 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+t_x)) /
    (alpha+t_x)^(r+s+x) - (same at T)`` and symmetrically with ``beta`` and ``r+x`` for
    alpha < beta, so that the argument of 2F1 stays in [0, 1). The log-likelihood is summed in
    log space; its exact gradient comes from the series expansion of 2F1 (positive terms).
    Where the argument of 2F1 is near 1 (alpha and beta far apart, as when s and beta run to
    infinity together on data without dropout heterogeneity) the series would need thousands of
    terms, and ``A0`` (the integral from t_x to T) and its gradient come from a tanh-sinh
    quadrature instead (``_log_integral``). P(alive) is the first term over the sum;
    the conditional expectation is (Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee
    2005b, eq. 1)::

        E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)
    """

    _param_names = ("r", "alpha", "s", "beta")
    _model_name = "Pareto/NBD"
    _bound_hint = ("s and beta running to infinity together mean no heterogeneity in dropout "
                   "rates; beta alone running to infinity means almost no dropout in the data")

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        if order >= 1:
            with np.errstate(all="ignore"):
                out = _pareto_loglik_grad(params, data["x"], data["tx"], data["T"], data["w"])
            if np.isfinite(out[0]) and np.all(np.isfinite(out[1])):
                return out[0], out[1], None
            return self._loglik(params, data, 0)[0], self._fd_grad(params, data), None
        log_c, log_e1, log_si = _pareto_terms(params, data["x"], data["tx"], data["T"])
        ll = log_c + np.logaddexp(log_e1, log_si)
        return float(vdot(data["w"], ll)), None, None

    def _fd_grad(self, params: np.ndarray, data: dict[str, Any]) -> np.ndarray:
        """Central differences of the hypergeometric log-likelihood (fallback far from the
        optimum, where the series would converge slowly)."""
        grad = np.empty(4)
        for i in range(4):
            h = 1e-6 * params[i]
            up, dn = params.copy(), params.copy()
            up[i] += h
            dn[i] -= h
            grad[i] = (self._loglik(up, data, 0)[0] - self._loglik(dn, data, 0)[0]) / (2 * h)
        return grad

    def _precompute(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> dict[str, Any]:
        # rows sorted by age, so that blocks of the series need similar numbers of terms
        order = np.argsort(T, kind="stable")
        return {"x": x[order], "tx": tx[order], "T": T[order], "w": w[order]}

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        r, alpha, _, _ = super()._start(data)
        mean_T = float(np.average(data["T"], weights=data["w"]))
        return np.array([r, alpha, 1.0, mean_T])

    def _posterior(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray):
        r, alpha, s, beta = p
        _, log_e1, log_si = _pareto_terms(p, x, tx, T)
        pi = special.expit(log_e1 - log_si)
        return pi, (r + x, alpha + T, s, beta + T)

    def _prior(self, p: np.ndarray):
        return 1.0, tuple(p)

    def _alive_expected(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, s, beta = post
        t = np.asarray(t, dtype=float)
        if abs(s - 1.0) < 1e-10:
            return r / alpha * beta * np.log1p(t / beta)
        return r * beta / (alpha * (s - 1.0)) * -np.expm1((s - 1.0) * (np.log(beta) - np.log(beta + t)))

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, s, beta = post
        return np.exp(s * (np.log(beta) - np.log(beta + np.asarray(t, dtype=float))))

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
        alive_all = np.exp(s * (np.log(beta) - np.log(beta + t))) * nbd_pmf(n, r, alpha, t)
        # dropout at tau in (0, t): int_0^t s beta^s (beta+tau)^-(s+1) NBD(n; tau) dtau
        nodes, weights = _LEGENDRE
        half = t[..., None] / 2.0
        tau = half * (nodes + 1.0)
        rr, aa, bb = r[..., None], alpha[..., None], beta[..., None]
        dens = s * np.exp(s * np.log(bb) - (s + 1.0) * np.log(bb + tau))
        integral = np.sum(weights * dens * nbd_pmf(n, rr, aa, tau), axis=-1) * half[..., 0]
        return alive_all + integral

    def discounted_expected_purchases(self, summary: pd.DataFrame, *, discount_rate: float) -> pd.Series:
        """Discounted expected residual transactions (DERT), closed form.

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
        Fader, Hardie & Lee (2005b, "RFM and CLV", eq. 2)::

            DERT = alpha^r beta^s delta^(s-1) G(r+x+1) Psi(s, s; delta (beta+T))
                   / (G(r) (alpha+T)^(r+x+1) L(r, alpha, s, beta | x, t_x, T))

        with Psi the confluent hypergeometric function of the second kind.
        """
        x, tx, T, index = self._arrays(summary)
        d = check_positive("discount_rate", discount_rate)
        delta = np.log1p(d)
        r, alpha, s, beta = self.params_.to_numpy()
        log_c, log_e1, log_si = _pareto_terms(self.params_.to_numpy(), x, tx, T)
        log_l = log_c + np.logaddexp(log_e1, log_si)
        log_dert = (r * np.log(alpha) + s * np.log(beta) + (s - 1.0) * np.log(delta)
                    + special.gammaln(r + x + 1.0) + np.log(special.hyperu(s, s, delta * (beta + T)))
                    - special.gammaln(r) - (r + x + 1.0) * np.log(alpha + T) - log_l)
        return self._series(self._finite(np.exp(log_dert), "DERT"), index, "dert", discount_rate=d)
