"""BG/NBD (Beta-Geometric/NBD) and MBG/NBD (modified BG/NBD) models of repeat buying."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from ._base import vdot
from ._quadrature import beta_expectation
from ._rowlik import betageo_rows
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
        # rows that carry the second likelihood term (x > 0 for BG/NBD, all for MBG/NBD) go
        # first, so that per-evaluation work on them uses views instead of gathers
        sel = x > 0 if self._shift == 0 else np.ones(len(x), dtype=bool)
        order = np.argsort(~sel, kind="stable")
        x, tx, T, w = x[order], tx[order], T[order], w[order]
        n_sel = int(sel.sum())
        ux, inv = np.unique(x, return_inverse=True)
        unit = bool(np.all(w == 1.0))
        return {
            "x": x, "tx": tx, "T": T, "w": w, "ux": ux, "n_sel": n_sel, "unit": unit,
            "Wx": np.bincount(inv, weights=w, minlength=len(ux)), "W": float(w.sum()),
            "wx": w * x, "xi_sel": inv[:n_sel], "x_sel": x[:n_sel], "tx_sel": tx[:n_sel],
            "w_sel": w[:n_sel],
        }

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        r, alpha, a, b = (float(v) for v in params)
        k = self._shift
        ux, Wx, w, W = data["ux"], data["Wx"], data["w"], data["W"]
        ns = data["n_sel"]
        gl = special.gammaln
        c = gl(r + ux) - gl(r) + r * np.log(alpha) + gl(a + b) + gl(b + ux + k) - gl(b) - gl(a + b + ux + k)
        aT = alpha + data["T"]
        LT = np.log(aT)
        wx = data["wx"]
        sum_w_LT = float(LT.sum()) if data["unit"] else float(vdot(w, LT))
        xs, ws = data["x_sel"], data["w_sel"]
        rxs = r + xs
        dLs = LT[:ns] - np.log(alpha + data["tx_sel"])
        log_bx = np.log(np.maximum(b + ux + k - 1, 1e-300))  # rows with x = 0 unused (BG/NBD)
        D = (np.log(a) - log_bx)[data["xi_sel"]] + rxs * dLs
        E = np.exp(np.minimum(D, 700.0))
        softplus = np.log1p(E)
        ll = float(vdot(Wx, c) - r * sum_w_LT - vdot(wx, LT) + (softplus.sum() if data["unit"] else vdot(ws, softplus)))
        if order == 0:
            return ll, None, None
        e = E / (1.0 + E)
        we = e if data["unit"] else ws * e
        ps = special.psi
        iT = 1.0 / aT
        itx = 1.0 / (alpha + data["tx_sel"])
        diT = iT[:ns] - itx
        dD_alpha = rxs * diT
        inv_bx = (1.0 / (b + ux + k - 1))[data["xi_sel"]]
        sum_w_iT = float(iT.sum()) if data["unit"] else float(vdot(w, iT))
        sum_we = float(we.sum())
        g = np.array([
            vdot(Wx, (ps(r + ux) - ps(r))) + W * np.log(alpha) - sum_w_LT + vdot(we, dLs),
            W * r / alpha - (r * sum_w_iT + vdot(wx, iT)) + vdot(we, dD_alpha),
            vdot(Wx, (ps(a + b) - ps(a + b + ux + k))) + sum_we / a,
            vdot(Wx, (ps(a + b) + ps(b + ux + k) - ps(b) - ps(a + b + ux + k))) - vdot(we, inv_bx),
        ])
        if order == 1:
            return ll, g, None
        pg = lambda z: special.polygamma(1, z)  # noqa: E731
        iT2 = iT * iT
        h = np.zeros((4, 4))
        h[0, 0] = vdot(Wx, (pg(r + ux) - pg(r)))
        h[0, 1] = W / alpha - sum_w_iT + vdot(we, diT)
        h[1, 1] = (-W * r / alpha**2 + r * (float(iT2.sum()) if data["unit"] else float(vdot(w, iT2)))
                   + vdot(wx, iT2) - vdot(we, (rxs * (iT2[:ns] - itx * itx))))
        h[2, 2] = vdot(Wx, (pg(a + b) - pg(a + b + ux + k))) - sum_we / a**2
        h[2, 3] = vdot(Wx, (pg(a + b) - pg(a + b + ux + k)))
        h[3, 3] = vdot(Wx, (pg(a + b) + pg(b + ux + k) - pg(b) - pg(a + b + ux + k))) + vdot(we, (inv_bx * inv_bx))
        v = we * (1.0 - e)
        grads = np.empty((ns, 4))
        grads[:, 0], grads[:, 1], grads[:, 2], grads[:, 3] = dLs, dD_alpha, 1.0 / a, -inv_bx
        h += np.triu(grads.T @ (grads * v[:, None]))
        h = np.triu(h) + np.triu(h, 1).T
        return ll, g, h

    # covariates (CLVTools' parameterization): alpha_i = alpha exp(-gamma_purchase . x_i); a and b
    # share one dropout coefficient, a_i = a exp(gamma_dropout . x_i), b_i = b exp(gamma_dropout . x_i)
    _cov_targets = {"purchase": [(1, -1)], "dropout": [(2, +1), (3, +1)]}

    def _cov_rows(self, U: np.ndarray, cols: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        p = np.exp(U)
        ll, grad = betageo_rows(p[0], p[1], p[2], p[3], cols["x"], cols["tx"], cols["T"], shift=self._shift)
        return ll, grad * p

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
        # (alpha/(alpha+t))^r 2F1(r, b; c; t/(alpha+t)) = 2F1(a-1, r; c; -t/alpha) (Pfaff
        # transformation): fast and accurate for long horizons, small first parameter
        f = special.hyp2f1(a - 1, r, c, -t / alpha)
        bad = ~np.isfinite(f)
        if np.any(bad):
            # huge r (frequency): the Euler form, whose numerator parameters c - r = a+b-1-r
            # and a - 1 stay small because b and r grow together with x
            a_, r_, c_, al_, t_ = (np.broadcast_to(v, f.shape)[bad] for v in (a, r, c, alpha, t))
            f = np.array(f, dtype=float, copy=True)
            with np.errstate(all="ignore"):
                f[bad] = np.exp((a_ - 1) * (np.log(al_) - np.log(al_ + t_))) * special.hyp2f1(
                    c_ - r_, a_ - 1, c_, t_ / (al_ + t_))
        out = np.asarray(c / (a - 1) * (1.0 - f), dtype=float)
        bad = ~np.isfinite(out)
        if np.any(bad):
            # a and b of a million or more (p known almost exactly) overflow both forms:
            # E_p[(1 - (alpha / (alpha + p t))^r) / p] by quadrature over the Beta's narrow bump
            r_, al_, a_, b_, t_ = (np.broadcast_to(v, out.shape)[bad] for v in (r, alpha, a, b, t))
            out = np.array(out, copy=True)
            out[bad] = beta_expectation(
                lambda p: -np.expm1(-r_ * np.log1p(p * t_ / al_)) / p, a_, b_)
        return out

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        r, alpha, a, b = post
        # E_p[(1 + p t / alpha)^(-r)], p ~ Beta(a, b): Euler's integral of 2F1; written with
        # the Pfaff transformation so the parameters stay small when r and b grow with x
        t = np.asarray(t, dtype=float)
        z = t / (alpha + t)
        with np.errstate(all="ignore"):
            out = np.asarray(np.exp(-a * np.log1p(t / alpha)) * special.hyp2f1(a, a + b - r, a + b, z),
                             dtype=float)
        bad = ~np.isfinite(out)
        if np.any(bad):  # a and b of a million or more: quadrature over p (see _alive_expected)
            r_, al_, a_, b_, t_ = (np.broadcast_to(v, out.shape)[bad] for v in (r, alpha, a, b, t))
            out = np.array(out, copy=True)
            out[bad] = beta_expectation(lambda p: np.exp(-r_ * np.log1p(p * t_ / al_)), a_, b_)
        return out

    def _simulate_alive(self, post: tuple, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # an alive customer: lambda ~ Gamma(r + x, alpha + T), p ~ Beta(a, b + x (+1)); purchases
        # in t until the one after which they drop out
        r, alpha, a, b = (np.broadcast_to(np.asarray(v, float), t.shape) for v in post)
        lam = rng.gamma(r) / alpha
        p = rng.beta(a, b)
        return np.minimum(rng.poisson(lam * t), rng.geometric(np.clip(p, 1e-12, 1.0)))

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
        Seeds restarts, bootstrap draws and the ``fit_sample`` draw.
    fit_sample : int, optional
        Fit on a random subset of this many customers when the summary has more (None: all);
        predictions still take every customer.

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
        Customers the fit used (in the likelihood: those of age ``T > 0``).
    n_customers_unaged_ : int
        Customers of age ``T == 0`` (first seen on the last day of observation) among those
        drawn for the fit, left out of the likelihood; predictions give them P(alive) = 1 (see
        :class:`~clvmodels.models._transaction.TransactionModel`).
    n_customers_total_ : int
        Customers in the summary passed to ``fit`` (more than ``n_customers_`` when
        ``fit_sample`` drew a subset, as ``fit_sampled_`` says, or some have ``T == 0``).
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
    >>> from clvmodels.datasets import load_cdnow_summary
    >>> from clvmodels.models import BetaGeoModel
    >>> summary = load_cdnow_summary()  # CDNOW 1/10 sample, weeks
    >>> model = BetaGeoModel().fit(summary)
    >>> model.params_.round(3).tolist()
    [0.243, 4.414, 0.793, 2.426]
    >>> round(float(model.expected_purchases(summary.iloc[:1], t=39).iloc[0]), 3)
    1.226
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
