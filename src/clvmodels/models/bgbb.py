"""BG/BB (Beta-Geometric/Beta-Bernoulli) model for discrete purchase opportunities."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from .._checks import check_positive
from ..exceptions import DataValidationError
from ._base import summary_time_unit, vdot
from ._transaction import TransactionModel
from ._validation import compress_rows, describe_rows, validate_summary

__all__ = ["BetaGeoBetaBinomModel"]


def _lb(a: Any, b: Any) -> Any:
    return special.betaln(a, b)


class BetaGeoBetaBinomModel(TransactionModel):
    """BG/BB model (贝塔几何/贝塔二项模型) for discrete transaction opportunities.

    At each opportunity (a yearly donation drive, a weekly issue, ...) an alive customer buys
    with probability ``p ~ Beta(alpha, beta)``; before each opportunity they drop out with
    probability ``theta ~ Beta(gamma, delta)``.

    The summary has one row per customer with ``frequency`` (repeat transactions ``x``),
    ``recency`` (the opportunity of the last transaction ``t_x``, 0 if none) and ``n_periods``
    (number of opportunities ``n`` after the first transaction), plus optional ``weights``.
    Horizons ``t`` are numbers of future opportunities. A customer with ``n_periods == 0``
    (acquired at the last opportunity) is of age 0: the likelihood of their history is 1
    (``x = t_x = 0``), so ``fit`` leaves them out (``n_customers_unaged_``), and predictions
    give them P(alive) = 1 and the prior's forecasts, as the formulas do at ``n = 0`` (see
    :class:`~clvmodels.models._transaction.TransactionModel`).

    Parameters
    ----------
    penalizer, n_starts, max_iter, tol, random_state, fit_sample
        As for :class:`~clvmodels.models.BetaGeoModel`.

    Attributes
    ----------
    params_ : pandas.Series
        ``alpha``, ``beta``, ``gamma``, ``delta``.
    log_likelihood_, standard_errors_, confidence_intervals_, covariance_, summary_,
    converged_, n_customers_, n_customers_unaged_, n_customers_total_, fit_sampled_, time_unit_
        As for :class:`~clvmodels.models.BetaGeoModel` (age 0 is ``n_periods == 0``).

    Notes
    -----
    Likelihood (Fader, Hardie & Shang 2010, Marketing Science 29(6), eq. 5)::

        L = B(alpha+x, beta+n-x)/B(alpha, beta) * B(gamma, delta+n)/B(gamma, delta)
            + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha, beta)
                                  * B(gamma+1, delta+t_x+i)/B(gamma, delta)

    summed in log space (log-sum-exp) with an analytic gradient. P(alive) (eq. 11), conditional
    expectation (eq. 13) and DERT (eq. 14) follow from the posterior of an alive customer,
    ``p ~ Beta(alpha+x, beta+n-x)`` and ``theta ~ Beta(gamma, delta+n)``.
    """

    _param_names = ("alpha", "beta", "gamma", "delta")
    _model_name = "BG/BB"
    _columns = ("frequency", "recency", "n_periods")
    _bound_hint = ("gamma and delta running to infinity mean no heterogeneity in dropout; "
                   "alpha and beta running to infinity mean no heterogeneity in purchase "
                   "probabilities")

    def _validate(self, summary: pd.DataFrame) -> dict[str, np.ndarray]:
        cols, index = validate_summary(summary, model=self._model_name, required=self._columns,
                                       integer=self._columns, age_column="n_periods")
        bad = cols["frequency"] > cols["recency"]
        if bad.any():
            raise DataValidationError(
                f"BG/BB: column 'frequency' exceeds 'recency' (x purchases need at least x "
                f"opportunities up to the last one): {describe_rows(index, cols['frequency'], bad)}; "
                f"fix: recency is the number of the last opportunity with a purchase."
            )
        return cols

    def _prepare(self, summary: pd.DataFrame) -> tuple[dict[str, Any], float]:
        cols = self._validate(summary)
        self.time_unit_ = summary_time_unit(summary)
        (x, tx, n), w = self._leave_out_unaged(
            [cols["frequency"], cols["recency"], cols["n_periods"]], cols["n_periods"], cols["weights"])
        n_customers = float(np.sum(w))
        (x, tx, n), w = compress_rows([x, tx, n], w)
        k = int(np.max(n - tx, initial=0))
        i = np.arange(k)
        mask = i[None, :] < (n - tx)[:, None]
        return {"x": x, "tx": tx, "n": n, "w": w, "i": i, "mask": mask}, n_customers

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        return np.array([1.0, 1.0, 1.0, 1.0])

    def _log_terms(self, params: np.ndarray, data: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        a, b, g, d = (float(v) for v in params)
        x, tx, n = data["x"][:, None], data["tx"][:, None], data["n"][:, None]
        i = data["i"][None, :]
        t0 = _lb(a + x, b + n - x) - _lb(a, b) + _lb(g, d + n) - _lb(g, d)
        ti = _lb(a + x, b + tx - x + i) - _lb(a, b) + _lb(g + 1, d + tx + i) - _lb(g, d)
        ti = np.where(data["mask"], ti, -np.inf)
        return t0[:, 0], ti

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        a, b, g, d = (float(v) for v in params)
        t0, ti = self._log_terms(params, data)
        allt = np.column_stack([t0, ti])
        ll_rows = special.logsumexp(allt, axis=1)
        ll = float(vdot(data["w"], ll_rows))
        if order == 0:
            return ll, None, None
        om = np.exp(allt - ll_rows[:, None])
        ps = special.psi
        x, tx, n = data["x"][:, None], data["tx"][:, None], data["n"][:, None]
        i = data["i"][None, :]
        base = np.array([ps(a) - ps(a + b), ps(b) - ps(a + b), ps(g) - ps(g + d), ps(d) - ps(g + d)])
        d0 = np.column_stack([
            ps(a + x) - ps(a + b + n), ps(b + n - x) - ps(a + b + n),
            ps(g) - ps(g + d + n), ps(d + n) - ps(g + d + n)])
        di = [ps(a + x) - ps(a + b + tx + i), ps(b + tx - x + i) - ps(a + b + tx + i),
              ps(g + 1) - ps(g + 1 + d + tx + i), ps(d + tx + i) - ps(g + 1 + d + tx + i)]
        w = data["w"]
        om0, omi = om[:, 0], np.where(data["mask"], om[:, 1:], 0.0)
        grad = np.array([vdot(w, (om0 * d0[:, j] + np.sum(omi * di[j], axis=1))) for j in range(4)]) - w.sum() * base
        return ll, grad, None

    # ----------------------------------------------------------------- predictions
    def _posterior(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, n: np.ndarray):
        a, b, g, d = p
        data = {"x": x, "tx": tx, "n": n}
        k = max(int(np.max(n - tx)), 1)
        data["i"] = np.arange(k)
        data["mask"] = data["i"][None, :] < (n - tx)[:, None]
        t0, ti = self._log_terms(p, data)
        ll = special.logsumexp(np.column_stack([t0, ti]), axis=1)
        return np.exp(t0 - ll), (a + x, b + n - x, g, d + n)

    def _prior(self, p: np.ndarray):
        return 1.0, tuple(p)

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        a, b, g, d = post
        return np.exp(_lb(g, d + np.asarray(t, dtype=float)) - _lb(g, d))

    def _alive_expected(self, post: tuple, t: Any) -> np.ndarray:
        a, b, g, d = post
        t = np.asarray(t, dtype=float)
        # E[p] * sum_{k=1..t} B(g, d+k)/B(g, d)  (Fader, Hardie & Shang 2010, eq. 9 and 13)
        ratio = np.exp(special.gammaln(g + d) - special.gammaln(1 + d)
                       + special.gammaln(1 + d + t) - special.gammaln(g + d + t))
        if abs(g - 1.0) < 1e-9:
            total = d * (special.psi(d + 1 + t) - special.psi(d + 1))
        else:
            total = d / (g - 1.0) * (1.0 - ratio)
        return a / (a + b) * total

    def _alive_pmf(self, post: tuple, n: int, t: Any) -> np.ndarray:
        a, b, g, d = post
        horizon = np.asarray(t, dtype=float)
        if np.any(horizon != np.round(horizon)):
            raise DataValidationError("BG/BB: t must be a whole number of future opportunities.")
        a, b, d, horizon = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float),
                                               np.asarray(d, float), horizon)
        total = np.zeros(a.shape)
        for j in range(n, int(np.max(horizon)) + 1):
            # alive for exactly j of the next `horizon` opportunities, then Beta-binomial purchases
            p_j = np.where(j < horizon, np.exp(_lb(g + 1, d + j) - _lb(g, d)),
                           np.exp(_lb(g, d + j) - _lb(g, d)))
            bb = np.exp(special.gammaln(j + 1) - special.gammaln(n + 1) - special.gammaln(j - n + 1)
                        + _lb(a + n, b + j - n) - _lb(a, b))
            total += np.where(j <= horizon, p_j * bb, 0.0)
        return total

    def discounted_expected_purchases(self, summary: pd.DataFrame, *, discount_rate: float) -> pd.Series:
        """Discounted expected residual transactions (DERT) over all future opportunities.

        Parameters
        ----------
        summary : pandas.DataFrame
            ``frequency``, ``recency``, ``n_periods``.
        discount_rate : float
            Discount rate ``d`` per opportunity; opportunity ``n + k`` is discounted by
            ``(1 + d)^-k``.

        Returns
        -------
        pandas.Series
            DERT per customer (discounted transactions), same index and order.

        Notes
        -----
        Fader, Hardie & Shang (2010), eq. 14::

            DERT = B(alpha+x+1, beta+n-x)/B(alpha, beta) * B(gamma, delta+n+1)/(B(gamma, delta)(1+d))
                   * 2F1(1, delta+n+1; gamma+delta+n+1; 1/(1+d)) / L
        """
        x, tx, n, index = self._arrays(summary)
        d = check_positive("discount_rate", discount_rate)
        p = self.params_.to_numpy()
        pi, (a1, b1, g1, d1) = self._current(p, x, tx, n)
        # pi * E[p] * sum_k B(g, d1+k)/B(g, d1) (1+d)^-k, the sum as a 2F1 (eq. 14)
        surv1 = np.exp(_lb(g1, d1 + 1) - _lb(g1, d1))
        series = special.hyp2f1(1.0, d1 + 1, g1 + d1 + 1, 1.0 / (1.0 + d))
        values = pi * a1 / (a1 + b1) * surv1 / (1.0 + d) * series
        return self._series(self._finite(values, "DERT"), index, "dert", discount_rate=d)

    def _arrays(self, summary: pd.DataFrame):
        self._check_fitted()
        cols = self._validate(summary)
        unit = summary_time_unit(summary)
        if unit is not None and self.time_unit_ is not None and unit != self.time_unit_:
            from ..exceptions import ParameterError

            raise ParameterError(
                f"BG/BB: the summary is in time unit {unit!r} but the model was fitted in "
                f"{self.time_unit_!r}."
            )
        return cols["frequency"], cols["recency"], cols["n_periods"], summary.index

    def _check_data(self, data: dict[str, Any], n_customers: float) -> None:
        self._check_aged(n_customers)
        if not np.any(data["x"] > 0):
            raise DataValidationError(
                f"BG/BB: no customer has a repeat transaction (frequency 0 for all "
                f"{n_customers:g}), so the model cannot be estimated; fix: more opportunities."
            )
        from ._base import warn_few_customers

        warn_few_customers(self._model_name, n_customers, 4)
