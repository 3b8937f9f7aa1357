"""BG/CNBD-k and MBG/CNBD-k: BG/NBD and MBG/NBD for regular buyers (Erlang-k purchase timing).

BG/NBD and MBG/NBD assume that an active customer buys as a Poisson process: the time to the
next purchase is exponential, memoryless, so a customer's elapsed time since their last
purchase says nothing about when they are "due". Many customers buy on a rhythm (groceries
every week, refills every month). The (M)BG/CNBD-k models (Platzer & Reutterer 2016; Reutterer,
Platzer & Schröder 2021) keep the rest of the story and make the inter-purchase times Erlang-k
(the sum of ``k`` exponential stages at rate ``lambda``): ``k = 1`` gives back BG/NBD and
MBG/NBD, larger ``k`` means more regular buying (coefficient of variation ``1/sqrt(k)``), and a
long silence from a regular buyer becomes strong evidence of churn (流失).

Only one more statistic per customer is needed: ``litt``, the sum of the log inter-purchase
times (built by :func:`clvmodels.features.rfm_summary`). It enters the likelihood as a constant
for a given ``k``, so it matters only to compare fits with different ``k``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from .._checks import check_positive
from ..exceptions import DataValidationError
from ._base import vdot
from ._quadrature import gamma_rule
from ._transaction import TransactionModel
from ._validation import describe_rows

__all__ = ["BetaGeoCNBDModel", "ModifiedBetaGeoCNBDModel"]

#: Nodes of the generalized Gauss-Laguerre rule for expectations over a gamma-distributed rate
_N_NODES = 64


def _gamma_nodes(shapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights (rows summing to 1) of E[f(s)] for s ~ Gamma(shape, 1), per shape:
    the generalized Gauss-Laguerre rule with weight ``s^(shape-1) exp(-s)``."""
    nodes = np.empty((len(shapes), _N_NODES))
    weights = np.empty((len(shapes), _N_NODES))
    for i, shape in enumerate(shapes):
        nodes[i], weights[i] = gamma_rule(float(shape), _N_NODES)
    return nodes, weights


class _CNBDFamily(TransactionModel):
    """Shared likelihood and predictions; ``_shift`` 0 (BG/CNBD-k) or 1 (MBG/CNBD-k)."""

    _param_names = ("r", "alpha", "a", "b")
    _shift = 0
    _bound_hint = ("a or b running to infinity means the data show no customer dropout (or no "
                   "heterogeneity in it); r and alpha running to infinity together mean no "
                   "heterogeneity in purchase rates")

    def __init__(
        self,
        *,
        k: int | None = None,
        max_k: int = 5,
        penalizer: float = 0.0,
        n_starts: int = 5,
        max_iter: int = 500,
        tol: float = 1e-9,
        random_state: int | np.random.Generator | None = None,
        fit_sample: int | None = None,
    ) -> None:
        super().__init__(penalizer=penalizer, n_starts=n_starts, max_iter=max_iter, tol=tol,
                         random_state=random_state, fit_sample=fit_sample)
        self.k = k
        self.max_k = max_k

    # ------------------------------------------------------------------ settings and data
    def _check_settings(self) -> None:
        super()._check_settings()
        if self.k is not None:
            check_positive("k", self.k, integer=True)
        check_positive("max_k", self.max_k, integer=True)

    @property
    def _kk(self) -> int:
        """The k of the current fit (during ``fit``) or of the fitted model."""
        return int(getattr(self, "_k_fit", None) or getattr(self, "k_", None) or self.k or 1)

    def _prepare(self, summary: pd.DataFrame) -> tuple[dict[str, Any], float]:
        data, n_customers = super()._prepare(summary)
        litt = _litt_column(summary, self._model_name)
        if litt is None:
            data["sum_w_litt"], data["has_litt"] = 0.0, False
        else:
            w = pd.to_numeric(summary["weights"], errors="coerce").to_numpy(float) \
                if "weights" in summary.columns else np.ones(len(summary))
            data["sum_w_litt"], data["has_litt"] = float(vdot(w, litt)), True
        return data, n_customers

    def _precompute(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> dict[str, Any]:
        ux, inv = np.unique(x, return_inverse=True)
        gap = T - tx
        with np.errstate(divide="ignore"):
            log_gap = np.log(gap)
        return {"x": x, "tx": tx, "T": T, "w": w, "ux": ux, "inv": inv, "log_gap": log_gap,
                "W": float(w.sum()), "sum_wx": float(vdot(w, x)), "sum_w_litt": 0.0,
                "has_litt": False,
                "s1_on": (x > 0) if self._shift == 0 else np.ones(len(x), dtype=bool)}

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        start = super()._start(data)
        start[1] /= self._kk  # alpha is the scale of the stage rate: k stages per purchase
        return start

    # ------------------------------------------------------------------ likelihood
    def _terms(self, params: np.ndarray, data: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """Per-row constant part and the (n, k + 1) log terms summed inside the likelihood:
        column 0 the "dropped out after the last purchase" term, columns 1..k the "alive, j
        stages of the next inter-purchase time completed" terms (j = 0..k-1)."""
        r, alpha, a, b = (float(v) for v in params)
        k, s = self._kk, self._shift
        x, inv, T, tx = data["x"], data["inv"], data["T"], data["tx"]
        ux = data["ux"]
        gl = special.gammaln
        rk_u = r + k * ux
        const_u = gl(rk_u) - gl(r) + r * np.log(alpha) + special.betaln(a, b + ux + s) - special.betaln(a, b)
        log_aT = np.log(alpha + T)
        const = const_u[inv] - (r + k * x) * log_aT
        terms = np.empty((len(x), k + 1))
        with np.errstate(divide="ignore", invalid="ignore"):
            s1 = np.log(a) - np.log(np.maximum(b + x - 1 + s, 1e-300)) + (r + k * x) * (log_aT - np.log(alpha + tx))
        terms[:, 0] = np.where(data["s1_on"], s1, -np.inf)
        terms[:, 1] = 0.0
        if k > 1:
            lg = data["log_gap"] - log_aT
            for j in range(1, k):
                cj_u = gl(rk_u + j) - gl(rk_u) - gl(j + 1.0)
                with np.errstate(invalid="ignore"):
                    terms[:, j + 1] = cj_u[inv] + np.where(np.isfinite(lg), j * lg, -np.inf)
        return const, terms

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        r, alpha, a, b = (float(v) for v in params)
        k, s = self._kk, self._shift
        const, terms = self._terms(params, data)
        top = terms.max(axis=1)
        e = np.exp(terms - top[:, None])
        tot = e.sum(axis=1)
        w = data["w"]
        ll_rows = const + top + np.log(tot)
        litt_const = (k - 1) * data["sum_w_litt"] - data["sum_wx"] * float(special.gammaln(k))
        ll = float(vdot(w, ll_rows)) + litt_const
        if order == 0:
            return ll, None, None
        pw = e / tot[:, None]  # softmax weights of the terms
        x, inv, T, tx, ux = data["x"], data["inv"], data["T"], data["tx"], data["ux"]
        ps = special.psi
        rk_u = r + k * ux
        rk = r + k * x
        iT, itx = 1.0 / (alpha + T), 1.0 / (alpha + tx)
        # constant part
        g_r = (ps(rk_u) - ps(r))[inv] + np.log(alpha) - np.log(alpha + T)
        g_al = r / alpha - rk * iT
        g_a = (ps(a + b) - ps(a + b + ux + s))[inv]
        g_b = (ps(b + ux + s) - ps(a + b + ux + s) - ps(b) + ps(a + b))[inv]
        # dropout term (column 0)
        p0 = pw[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            g_r = g_r + p0 * np.where(data["s1_on"], np.log(alpha + T) - np.log(alpha + tx), 0.0)
            g_al = g_al + p0 * np.where(data["s1_on"], rk * (iT - itx), 0.0)
            g_a = g_a + p0 / a
            g_b = g_b - p0 * np.where(data["s1_on"], 1.0 / np.maximum(b + x - 1 + s, 1e-300), 0.0)
        # alive terms j >= 1
        for j in range(1, k):
            pj = pw[:, j + 1]
            g_r = g_r + pj * (ps(rk_u + j) - ps(rk_u))[inv]
            g_al = g_al - pj * j * iT
        g = np.array([vdot(w, g_r), vdot(w, g_al), vdot(w, g_a), vdot(w, g_b)])
        return ll, g, None

    def loglik_customers(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray,
                         litt: np.ndarray | None = None) -> np.ndarray:
        """Log-likelihood of each customer's history at the fitted parameters (with the litt
        term when ``litt`` is given)."""
        self._check_fitted()
        x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
        data = self._precompute(x, tx, T, np.ones(len(x)))
        const, terms = self._terms(self.params_.to_numpy(), data)
        out = const + special.logsumexp(terms, axis=1)
        k = self._kk
        if litt is not None:
            out = out + (k - 1) * np.asarray(litt, dtype=float) - x * float(special.gammaln(k))
        return out

    # ------------------------------------------------------------------ fitting over k
    def fit(self, summary: pd.DataFrame) -> _CNBDFamily:
        """Fit by maximum likelihood for the given ``k``, or for each k in 1..``max_k`` keeping the
        best log-likelihood when ``k`` is None (the summary then needs the ``litt`` column).

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer with ``frequency``, ``recency``, ``T`` and (to choose ``k``, or
            for a log-likelihood comparable with other k) ``litt``, as built by
            :func:`clvmodels.features.rfm_summary`; optional ``weights``.

        Returns
        -------
        self
        """
        self._check_settings()
        if self.k is not None:
            candidates = [int(self.k)]
        else:
            if _litt_column(summary, self._model_name) is None:
                raise DataValidationError(
                    f"{self._model_name}: choosing the regularity k needs the column 'litt' (sum of "
                    f"log inter-purchase times); fix: build the summary with "
                    f"clvmodels.features.rfm_summary, or pass k=1..{self.max_k} explicitly."
                )
            candidates = list(range(1, int(self.max_k) + 1))
        fits: dict[int, dict[str, Any]] = {}
        for kk in candidates:
            self._k_fit = kk
            try:
                super().fit(summary)
            finally:
                self._k_fit = None
            fits[kk] = {name: value for name, value in vars(self).items() if name.endswith("_") and not name.startswith("_")}
            fits[kk]["_fit_data"] = self._fit_data
            # stop once the log-likelihood has fallen twice in a row (it is unimodal in k in practice)
            lls = [fits[c]["log_likelihood_"] for c in sorted(fits)]
            if len(lls) >= 3 and lls[-1] < lls[-2] < lls[-3]:
                break
        best = max(fits, key=lambda c: fits[c]["log_likelihood_"])
        for name, value in fits[best].items():
            setattr(self, name, value)
        self.k_ = best
        self.k_log_likelihoods_ = pd.Series({c: fits[c]["log_likelihood_"] for c in sorted(fits)},
                                            name="log_likelihood", dtype=float)
        self.k_log_likelihoods_.index.name = "k"
        self.litt_used_ = bool(fits[best]["_fit_data"].get("has_litt", False))
        return self

    # ------------------------------------------------------------------ predictions
    def _posterior(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray):
        r, alpha, a, b = p
        k, s = self._kk, self._shift
        data = self._precompute(np.asarray(x, float), np.asarray(tx, float), np.asarray(T, float),
                                np.ones(np.size(x)))
        _, terms = self._terms(p, data)
        alive = terms[:, 1:]
        log_alive = special.logsumexp(alive, axis=1)
        pi = np.exp(log_alive - special.logsumexp(terms, axis=1))
        phase = np.exp(alive - log_alive[:, None])
        post = (r + k * np.asarray(x, float), alpha + np.asarray(T, float), a, b + np.asarray(x, float) + s,
                *(phase[:, j] for j in range(k)))
        return pi, post

    def _prior(self, p: np.ndarray):
        r, alpha, a, b = p
        k = self._kk
        phases = (1.0,) + (0.0,) * (k - 1)
        if self._shift == 0:
            return 1.0, (r, alpha, a, b, *phases)
        return b / (a + b), (r, alpha, a, b + 1, *phases)

    def _reached(self, post: tuple, t: Any):
        """A function m -> P(the m-th future purchase of an alive customer falls within t),
        ignoring dropout, and the arrays' common shape."""
        k = self._kk
        rk, beta = post[0], post[1]
        phases = post[4:]
        t = np.asarray(t, dtype=float)
        q = t / (beta + t)
        shape = np.broadcast_shapes(np.shape(rk), np.shape(beta), np.shape(t), *(np.shape(w) for w in phases))

        def reached(m: int) -> np.ndarray:
            total = np.zeros(shape)
            for j, wj in enumerate(phases):
                if np.all(np.asarray(wj) == 0):
                    continue
                total = total + wj * special.betainc(m * k - j, rk + j, q)
            return total

        return reached, shape

    def _sum_series(self, post: tuple, t: Any, term: Any) -> np.ndarray:
        """Sum over m >= 1 of ``term(m, coef_m, F_m, a, b')``, where coef_m = E[(1 - p)^(m - 1)]
        and F_m = P(m-th future purchase within t), for every customer (and horizon).

        ``F_m = sum_j w_j I_q(mk - j, r + kx + j)``: the negative binomial tail of the stage count,
        computed once with the incomplete beta function at m = 1 and then stepped down by the
        negative binomial probabilities (in logs, so heavy buyers' tiny early terms do not
        underflow). Each customer's series stops once F_m (decreasing in m, faster than
        geometrically past the expected number of purchases) is below 1e-15, so the cost is
        about customers x their expected purchases x k."""
        k = self._kk
        t = np.asarray(t, dtype=float)
        arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (*post[:4], t, *post[4:])))
        shape = arrays[0].shape
        rk, beta, a, bb, tt, *phases = (np.ravel(v) for v in arrays)
        total = np.zeros(rk.size)
        idx = np.flatnonzero(tt > 0)
        if idx.size == 0:
            return total.reshape(shape)
        rk, beta, a, bb, tt = rk[idx], beta[idx], a[idx], bb[idx], tt[idx]
        phases = [w[idx] for w in phases]
        live = [j for j, w in enumerate(phases) if np.any(w != 0)]
        log_q = np.log(tt) - np.log(beta + tt)
        log_1q = np.log(beta) - np.log(beta + tt)
        # per phase j: the tail F_j = I_q(n, r_j) at n = mk - j, and log P(NB = n)
        tail, log_pmf, shape_j = {}, {}, {}
        for j in live:
            r_j = rk + j
            n = k - j
            shape_j[j] = r_j
            tail[j] = special.betainc(n, r_j, np.exp(log_q))
            log_pmf[j] = (special.gammaln(n + r_j) - special.gammaln(r_j) - special.gammaln(n + 1.0)
                          + r_j * log_1q + n * log_q)
        coef = np.ones(rk.size)
        rows = np.arange(rk.size)
        m = 1
        while rows.size:
            f = np.zeros(rows.size)
            for j in live:
                f += phases[j] * np.maximum(tail[j], 0.0)
            total[idx[rows]] += term(m, coef, f, a, bb)
            coef = coef * (bb + m - 1) / (a + bb + m - 1)
            # stop where the tail is negligible; the subtraction leaves a rounding residue of
            # about 1e-16 per step, so a row also stops once every phase is past the mean of its
            # stage count and its probabilities are below 1e-20 (the tail left is below that)
            done = f <= 1e-13
            past = np.ones(rows.size, dtype=bool)
            for j in live:
                past &= (m * k - j > np.exp(np.log(shape_j[j]) + log_q - np.log1p(-np.exp(log_q)))) \
                    & (log_pmf[j] < -46.0)
            keep = ~(done | past)
            if not keep.all():
                rows, coef, f = rows[keep], coef[keep], f[keep]
                a, bb, log_q = a[keep], bb[keep], log_q[keep]
                phases = [w[keep] if i in live else w for i, w in enumerate(phases)]
                for j in live:
                    tail[j], log_pmf[j], shape_j[j] = tail[j][keep], log_pmf[j][keep], shape_j[j][keep]
            for j in live:  # step n -> n + k: subtract P(NB = n), ..., P(NB = n + k - 1)
                n0 = m * k - j
                for step in range(k):
                    n = n0 + step
                    tail[j] = tail[j] - np.exp(log_pmf[j])
                    log_pmf[j] = log_pmf[j] + np.log((n + shape_j[j]) / (n + 1.0)) + log_q
            m += 1
        return total.reshape(shape)

    def _alive_expected(self, post: tuple, t: Any) -> np.ndarray:
        return self._sum_series(post, t, lambda m, coef, f, a, bb: coef * f)

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        # P(alive at t | alive now) = E[(1 - p)^N(t)] = 1 - sum_m F_m (coef_m - coef_{m+1})
        return 1.0 - self._sum_series(post, t, lambda m, coef, f, a, bb: f * coef * (a / (a + bb + m - 1)))

    def _simulate_alive(self, post: tuple, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # an alive customer: the phase j (stages of the current gap done) from its posterior
        # weights, lambda ~ Gamma(r + kx + j, alpha + T), p ~ Beta(a, b'); stage events in t are
        # Poisson(lambda t) and a purchase completes every k-th, the first after k - j
        k = self._kk
        rk, beta, a, bb = (np.broadcast_to(np.asarray(v, float), t.shape) for v in post[:4])
        weights = np.stack([np.broadcast_to(np.asarray(w, float), t.shape) for w in post[4:]], axis=-1)
        u = rng.random(t.shape)[..., None]
        j = np.minimum((np.cumsum(weights, axis=-1) < u).sum(axis=-1), k - 1)
        lam = rng.gamma(rk + j) / beta
        stages = rng.poisson(lam * t)
        possible = (stages + j) // k
        return np.minimum(possible, rng.geometric(np.clip(rng.beta(a, bb), 1e-12, 1.0)))

    def _alive_pmf(self, post: tuple, n: int, t: Any) -> np.ndarray:
        reached, _ = self._reached(post, t)
        a, bb = post[2], post[3]
        if n == 0:
            return 1.0 - reached(1)
        lb = special.betaln(a, bb)
        coef_n = np.exp(special.betaln(a, bb + n - 1) - lb)
        coef_n1 = np.exp(special.betaln(a, bb + n) - lb)
        return coef_n * reached(n) - coef_n1 * reached(n + 1)

    def discounted_expected_purchases(self, summary: pd.DataFrame, *, discount_rate: float) -> pd.Series:
        """Discounted expected residual transactions (DERT), continuous discounting to infinity.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.
        discount_rate : float
            Discount rate per model time unit ``d``; the continuous rate is ``delta = ln(1 + d)``.

        Returns
        -------
        pandas.Series
            DERT per customer (discounted purchases), same index and order as ``summary``.

        Notes
        -----
        For an alive customer whose next purchase needs ``k - j`` more stages, the m-th future
        purchase comes after ``mk - j`` stages, so ``E[exp(-delta tau_m) | lambda] = z^(mk-j)``
        with ``z = lambda / (lambda + delta)``; summing over m with the dropout chances,
        ``DERT = P(alive) sum_j w_j E_lambda[z^(k-j) 2F1(1, b'; a+b'; z^k)]`` (``b' = b + x``, or
        ``b + x + 1`` for MBG/CNBD-k, ``w_j`` the posterior phase weights), the expectation over
        the customer's posterior ``lambda ~ Gamma(r + kx + j, alpha + T)`` taken by 64-point
        generalized Gauss-Laguerre quadrature (one rule per distinct shape).
        """
        x, tx, T, index = self._arrays(summary)
        d = check_positive("discount_rate", discount_rate)
        delta = np.log1p(d)
        k = self._kk
        pi, post = self._current(self.params_.to_numpy(), x, tx, T)
        rk, beta, a, bb = (np.broadcast_to(np.asarray(v, float), x.shape) for v in post[:4])
        total = np.zeros(len(x))
        with np.errstate(all="ignore"):
            for j, wj in enumerate(post[4:]):
                wj = np.broadcast_to(np.asarray(wj, float), x.shape)
                shape_j = rk + j
                uniq, inv = np.unique(shape_j, return_inverse=True)
                nodes, weights = _gamma_nodes(uniq)  # Gamma(shape, 1) quadrature, one row per shape
                lam = nodes[inv] / beta[:, None]
                z = lam / (lam + delta)
                vals = z ** (k - j) * special.hyp2f1(1.0, bb[:, None], (a + bb)[:, None], z ** k)
                total += wj * np.einsum("ij,ij->i", vals, weights[inv])
        return self._series(self._finite(pi * total, "DERT"), index, "dert", discount_rate=d)

    def overdue_probability(self, summary: pd.DataFrame) -> pd.Series:
        """Probability that the customer, had they stayed active, would have bought again by now.

        For a regular buyer this is the model's "overdue" (逾期) signal: the chance that their
        next purchase would already have come in the time since the last one, given their own
        purchase rhythm (the posterior of their purchase rate from the purchases up to the
        last one, ``lambda ~ Gamma(r + kx, alpha + t_x)``). Near 1: the silence is unusually
        long for this customer; near 0: they are not due yet.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.

        Returns
        -------
        pandas.Series
            ``P(next purchase within T - t_x | alive)`` per customer, same index and order;
            ``attrs["k"]``.

        Notes
        -----
        The next purchase needs ``k`` stages at rate ``lambda``, so the probability is
        ``P(Poisson(lambda (T - t_x)) >= k)`` averaged over the gamma posterior, a negative
        binomial tail: ``I_q(k, r + kx)`` with ``q = (T - t_x) / (alpha + T)`` (regularized
        incomplete beta function).
        """
        x, tx, T, index = self._arrays(summary)
        r, alpha, _, _ = self.params_.to_numpy()
        k = self._kk
        gap = T - tx
        q = gap / (alpha + T)
        values = np.where(gap > 0, special.betainc(k, r + k * x, np.clip(q, 0.0, 1.0)), 0.0)
        return self._series(self._finite(values, "overdue probability"), index, "overdue_probability", k=k)

    def expected_interpurchase_time(self, summary: pd.DataFrame | None = None) -> float | pd.Series:
        """Mean time between purchases of an active customer, in the model's time unit.

        Without ``summary``: the population mean ``E[k / lambda] = k alpha / (r - 1)`` (infinite
        when r <= 1: then a few customers with tiny rates dominate the mean). With ``summary``:
        each customer's posterior mean ``k (alpha + T) / (r + kx - 1)``.
        """
        self._check_fitted()
        r, alpha, _, _ = self.params_.to_numpy()
        k = self._kk
        if summary is None:
            return float(k * alpha / (r - 1)) if r > 1 else float("inf")
        x, _, T, index = self._arrays(summary)
        shape = r + k * x
        values = np.where(shape > 1, k * (alpha + T) / np.maximum(shape - 1, 1e-300), np.inf)
        return self._series(values, index, "expected_interpurchase_time")


def _litt_column(summary: Any, model: str) -> np.ndarray | None:
    """The summary's ``litt`` column checked (finite numbers), or None when absent."""
    if not isinstance(summary, pd.DataFrame) or "litt" not in summary.columns:
        return None
    values = pd.to_numeric(summary["litt"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        raise DataValidationError(
            f"{model}: column 'litt' has a missing or non-numeric value: "
            f"{describe_rows(summary.index, values, bad)}; fix: rebuild the summary with "
            f"clvmodels.features.rfm_summary (litt is 0 for customers without repeat purchases)."
        )
    return values


class BetaGeoCNBDModel(_CNBDFamily):
    """BG/CNBD-k model (贝塔几何/Erlang-k 负二项模型): BG/NBD for customers who buy on a rhythm.

    While alive, a customer's inter-purchase times are Erlang-k: ``k`` exponential stages at
    rate ``lambda ~ Gamma(r, alpha)`` (mean time between purchases ``k / lambda``); after each
    repeat purchase they drop out (流失) with probability ``p ~ Beta(a, b)``. ``k = 1`` is BG/NBD.

    Parameters
    ----------
    k : int, optional
        Regularity (Erlang order). None (default): fit k = 1..``max_k`` and keep the best
        log-likelihood (needs the summary's ``litt`` column).
    max_k : int, default 5
        Largest k tried when ``k`` is None (the search also stops once the log-likelihood has
        fallen twice in a row).
    penalizer, n_starts, max_iter, tol, random_state, fit_sample
        As for :class:`~clvmodels.models.BetaGeoModel`.

    Attributes
    ----------
    k_ : int
        The regularity used (given, or chosen by likelihood).
    k_log_likelihoods_ : pandas.Series
        Maximized log-likelihood for each k tried (index ``k``).
    params_ : pandas.Series
        ``r``, ``alpha`` (time units per stage), ``a``, ``b``.
    log_likelihood_ : float
        Maximized log-likelihood, including the ``litt`` term when the summary has ``litt``
        (``litt_used_``), so it is comparable across k and, for k = 1, equal to BG/NBD's.
    standard_errors_, confidence_intervals_, covariance_, summary_, converged_, n_customers_,
    n_customers_unaged_, n_customers_total_, time_unit_
        As for :class:`~clvmodels.models.BetaGeoModel`.

    Notes
    -----
    Likelihood of one customer with ``x`` repeat purchases, the last at ``t_x``, observed to ``T``,
    ``Delta = T - t_x`` (Reutterer, Platzer & Schröder 2021, the BTYDplus form)::

        L = exp((k-1) litt) / ((k-1)!)^x * B(a, b+x)/B(a, b) * G(r+kx) alpha^r / (G(r) (alpha+T)^(r+kx))
            * [ sum_{j=0}^{k-1} G(r+kx+j) / (G(r+kx) j!) (Delta/(alpha+T))^j
                + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+kx) ]

    The sum is the probability that the current inter-purchase time has not ended (j stages of
    it done), the second term that the customer dropped out at the last purchase. P(alive) is
    the share of the sum in the bracket; the posterior weight of "j stages done" is its term.

    Predictions are exact (BTYDplus approximates the conditional expectation by BG/NBD's with a
    rescaled alpha and a cohort-level bias correction): an alive customer's m-th future
    purchase comes after ``mk - j`` stages, so with ``F_m = sum_j w_j I_q(mk - j, r+kx+j)``
    (``q = t/(alpha+T+t)``), ``E[X(t)] = P(alive) sum_m E[(1-p)^(m-1)] F_m`` (series summed until
    its terms vanish). :meth:`overdue_probability` gives the probability that an active
    customer would have bought again by now (the model-based overdue signal).

    Examples
    --------
    >>> from clvmodels.datasets import make_crm_data
    >>> from clvmodels.features import rfm_summary
    >>> from clvmodels.models import BetaGeoCNBDModel
    >>> db = make_crm_data(3000, random_state=1, regularity=3, planted_structure=False)
    >>> summary = rfm_summary(db.transactions, time_unit="W")
    >>> model = BetaGeoCNBDModel().fit(summary)  # doctest: +SKIP
    >>> model.k_  # doctest: +SKIP
    3
    """

    _model_name = "BG/CNBD-k"
    _shift = 0


class ModifiedBetaGeoCNBDModel(_CNBDFamily):
    """MBG/CNBD-k model (修正贝塔几何/Erlang-k 负二项模型): MBG/NBD for regular buyers.

    As :class:`BetaGeoCNBDModel`, but a customer may also drop out right after the first
    purchase (as in MBG/NBD), so customers without repeat purchases can be inactive. ``k = 1``
    is MBG/NBD. Same settings and attributes as :class:`BetaGeoCNBDModel`.

    Notes
    -----
    The likelihood is BG/CNBD-k's with ``b + x + 1`` in place of ``b + x`` in the first beta
    function, ``a/(b+x)`` in place of ``a/(b+x-1)`` and the dropout term present for every
    customer (Reutterer, Platzer & Schröder 2021).
    """

    _model_name = "MBG/CNBD-k"
    _shift = 1

