"""BG/NBD (Beta-Geometric/NBD) and MBG/NBD (modified BG/NBD) models of repeat buying."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from ._transaction import TransactionModel, nbd_pmf

__all__ = ["BetaGeoModel", "ModifiedBetaGeoModel"]


class _BetaGeoFamily(TransactionModel):
    """Shared likelihood of BG/NBD (``_shift = 0``) and MBG/NBD (``_shift = 1``)."""

    _param_names = ("r", "alpha", "a", "b")
    _has_hessian = True
    _shift = 0
    _bound_hint = ("a or b running to infinity means the data show no customer dropout (or no "
                   "heterogeneity in it); r and alpha running to infinity together mean no "
                   "heterogeneity in purchase rates")

    def _precompute(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> dict[str, Any]:
        ux, inv = np.unique(x, return_inverse=True)
        sel = x > 0 if self._shift == 0 else np.ones(len(x), dtype=bool)
        return {
            "x": x, "tx": tx, "T": T, "w": w, "ux": ux,
            "Wx": np.bincount(inv, weights=w, minlength=len(ux)),
            "wx": w * x,
            "sel_x": x[sel], "sel_tx": tx[sel], "sel_w": w[sel], "sel": sel,
        }

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        r, alpha, a, b = (float(v) for v in params)
        k = self._shift
        ux, Wx, w = data["ux"], data["Wx"], data["w"]
        gl = special.gammaln
        c = (gl(r + ux) - gl(r) + r * np.log(alpha) + gl(a + b) + gl(b + ux + k) - gl(b) - gl(a + b + ux + k))
        LT = np.log(alpha + data["T"])
        xs, txs, ws = data["sel_x"], data["sel_tx"], data["sel_w"]
        LTs = LT[data["sel"]]
        Ltx = np.log(alpha + txs)
        rxs = r + xs
        dLs = LTs - Ltx
        D = np.log(a) - np.log(b + xs + k - 1) + rxs * dLs
        softplus = np.logaddexp(0.0, D)
        ll = float(Wx @ c - (r * (w @ LT) + data["wx"] @ LT) + ws @ softplus)
        if order == 0:
            return ll, None, None
        e = special.expit(D)
        we = ws * e
        ps = special.psi
        iT = 1.0 / (alpha + data["T"])
        iTs = iT[data["sel"]]
        itx = 1.0 / (alpha + txs)
        dD_alpha = rxs * (iTs - itx)
        inv_bx = 1.0 / (b + xs + k - 1)
        W = Wx.sum()
        g = np.array([
            Wx @ (ps(r + ux) - ps(r)) + W * np.log(alpha) - w @ LT + we @ dLs,
            W * r / alpha - (r * (w @ iT) + data["wx"] @ iT) + we @ dD_alpha,
            Wx @ (ps(a + b) - ps(a + b + ux + k)) + we.sum() / a,
            Wx @ (ps(a + b) + ps(b + ux + k) - ps(b) - ps(a + b + ux + k)) - we @ inv_bx,
        ])
        if order == 1:
            return ll, g, None
        pg = lambda z: special.polygamma(1, z)  # noqa: E731
        h = np.zeros((4, 4))
        h[0, 0] = Wx @ (pg(r + ux) - pg(r))
        h[0, 1] = W / alpha - w @ iT + we @ (iTs - itx)
        h[1, 1] = -W * r / alpha**2 + (r * (w @ iT**2) + data["wx"] @ iT**2) - we @ (rxs * (iTs**2 - itx**2))
        h[2, 2] = Wx @ (pg(a + b) - pg(a + b + ux + k)) - we.sum() / a**2
        h[2, 3] = Wx @ (pg(a + b) - pg(a + b + ux + k))
        h[3, 3] = Wx @ (pg(a + b) + pg(b + ux + k) - pg(b) - pg(a + b + ux + k)) + we @ inv_bx**2
        grads = np.column_stack([dLs, dD_alpha, np.full(len(xs), 1.0 / a), -inv_bx])
        v = ws * e * (1.0 - e)
        h += np.triu((grads * v[:, None]).T @ grads)
        h = np.triu(h) + np.triu(h, 1).T
        return ll, g, h

    def loglik_customers(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
        """Log-likelihood of each customer's history at the fitted parameters."""
        self._check_fitted()
        r, alpha, a, b = self.params_.to_numpy()
        k = self._shift
        gl = special.gammaln
        c = gl(r + x) - gl(r) + r * np.log(alpha) + gl(a + b) + gl(b + x + k) - gl(b) - gl(a + b + x + k)
        A3 = -(r + x) * np.log(alpha + T)
        with np.errstate(all="ignore"):
            D = np.log(a) - np.log(b + x + k - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        if k == 0:
            D = np.where(x > 0, D, -np.inf)
        return c + A3 + np.logaddexp(0.0, D)

    # predictions: posterior of an alive customer is lambda ~ Gamma(r + x, alpha + T),
    # p ~ Beta(a, b + x + shift)
    def _posterior(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray):
        r, alpha, a, b = p
        k = self._shift
        with np.errstate(all="ignore"):
            D = np.log(a) - np.log(b + x + k - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        if k == 0:
            D = np.where(x > 0, D, -np.inf)
        pi = special.expit(-D)
        return pi, (r + x, alpha + T, a, b + x + k)

    def _prior(self, p: np.ndarray):
        r, alpha, a, b = p
        if self._shift == 0:
            return 1.0, (r, alpha, a, b)
        return b / (a + b), (r, alpha, a, b + 1)

    def _alive_expected(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, a, b = post
        t = np.asarray(t, dtype=float)
        c = a + b - 1
        z = t / (alpha + t)
        # Euler transform of 2F1(r, b; c; z) keeps the parameters small for large frequencies
        f = np.exp((a - 1) * (np.log(alpha) - np.log(alpha + t))) * special.hyp2f1(c - r, a - 1, c, z)
        return c / (a - 1) * (1.0 - f)

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, a, b = post
        # E_p[(1 + p t / alpha)^(-r)], p ~ Beta(a, b): Euler's integral of 2F1
        return special.hyp2f1(r, a, a + b, -np.asarray(t, dtype=float) / alpha)

    def _alive_pmf(self, post: tuple, n: int, t: Any) -> np.ndarray:
        r, alpha, a, b = post
        t = np.asarray(t, dtype=float)
        lb0 = special.betaln(a, b)
        stay = np.exp(special.betaln(a, b + n) - lb0) * nbd_pmf(n, r, alpha, t)
        if n == 0:
            return stay
        # P(at least n purchases in t) for the NBD, via the regularized incomplete beta function
        at_least = special.betainc(n, r, t / (alpha + t))
        return stay + np.exp(special.betaln(a + 1, b + n - 1) - lb0) * at_least


class BetaGeoModel(_BetaGeoFamily):
    """BG/NBD model (贝塔几何/负二项分布模型) of repeat purchasing and dropout.

    While alive, a customer buys as a Poisson process with rate ``lambda ~ Gamma(r, alpha)``;
    after each repeat purchase they drop out (流失) with probability ``p ~ Beta(a, b)``.

    Parameters
    ----------
    penalizer : float, default 0.0
        L2 penalty on the parameters (mean log-likelihood scale).
    n_starts : int, default 5
        Maximum number of starting points (restarts only when the first fit is poor).
    max_iter : int, default 500
        Iterations per start.
    tol : float, default 1e-9
        Gradient tolerance.
    random_state : int, Generator or None
        Seeds restarts and bootstrap draws.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha`` (time units), ``a``, ``b``.
    log_likelihood_ : float
        Maximized log-likelihood (natural log, summed over customers).
    standard_errors_, confidence_intervals_, covariance_, summary_
        From the exact Hessian at the optimum.
    converged_ : bool
    n_customers_ : int
    time_unit_ : str or None
        ``summary.attrs["time_unit"]`` of the fitting data.

    Notes
    -----
    Likelihood of one customer (Fader, Hardie & Lee 2005a, eq. 6)::

        L = B(a, b+x)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+T)^(r+x))
            + [x > 0] B(a+1, b+x-1)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+t_x)^(r+x))

    evaluated as ``A1 + A2 + A3 + log(1 + exp(A4 - A3))`` (log-sum-exp). Conditional expectation
    (eq. 10)::

        E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x)
            2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))

    P(alive) (Fader, Hardie & Lee 2005a, eq. 12) is the reciprocal of the denominator.

    Examples
    --------
    >>> import pandas as pd
    >>> from clvmodels.models import BetaGeoModel
    >>> cdnow = pd.read_csv("data/raw/cdnow_customers_summary_with_transactions.csv")
    >>> summary = cdnow.rename(columns={"x": "frequency", "t_x": "recency"})
    >>> model = BetaGeoModel().fit(summary)
    >>> model.params_.round(3).tolist()
    [0.243, 4.414, 0.793, 2.426]
    """

    _model_name = "BG/NBD"
    _shift = 0


class ModifiedBetaGeoModel(_BetaGeoFamily):
    """MBG/NBD model (修正贝塔几何/负二项分布模型): BG/NBD with dropout possible at time 0.

    A customer may drop out right after the first purchase too, so customers with no repeat
    purchase can be inactive (in BG/NBD they are always alive). Same settings and attributes as
    :class:`BetaGeoModel`.

    Notes
    -----
    Likelihood (Batislam, Denizel & Filiztekin 2007, eq. 4)::

        L = G(r+x) alpha^r / G(r) * [B(a, b+x+1)/B(a, b) (alpha+T)^-(r+x)
                                     + B(a+1, b+x)/B(a, b) (alpha+t_x)^-(r+x)]

    P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)), and the conditional expectation
    is the BG/NBD one with ``b + x`` in place of ``b + x - 1``.
    """

    _model_name = "MBG/NBD"
    _shift = 1
