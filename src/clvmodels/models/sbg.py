"""Shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, 2010)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import integrate, special

from .._checks import check_positive
from ..exceptions import DataValidationError, ParameterError
from ._base import BaseModel, summary_time_unit, vdot, warn_few_customers
from ._sbg_data import SBGData, parse_sbg_data

__all__ = ["ShiftedBetaGeoModel", "fit_cohorts"]

_lb = special.betaln


def _periods(t: Any, name: str, *, low: int) -> tuple[np.ndarray, bool]:
    """Whole numbers of periods >= ``low`` (scalar or list) and whether a scalar was given."""
    scalar = np.ndim(t) == 0
    try:
        arr = np.atleast_1d(np.asarray(t, dtype=float))
    except (TypeError, ValueError):
        arr = np.array([np.nan])
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < low) or np.any(arr != np.round(arr)):
        raise ParameterError(f"sBG: {name}={t!r} must be a whole number of periods >= {low} "
                             f"(or a list of them).")
    return arr, scalar


def _hyp1(b: np.ndarray, c: np.ndarray, z: float) -> np.ndarray:
    """``2F1(1, b; c; z) = sum_k (b)_k / (c)_k z^k`` for ``0 < b < c``, ``0 < z < 1``.

    scipy's ``hyp2f1`` where it is finite; the series summed term by term elsewhere (very large
    ``b`` and ``c``, a nearly homogeneous base), its terms falling at least as fast as ``z^k``.
    """
    b, c = np.broadcast_arrays(np.asarray(b, dtype=float), np.asarray(c, dtype=float))
    out = np.asarray(special.hyp2f1(1.0, b, c, z), dtype=float).copy()
    for i in np.flatnonzero(~np.isfinite(out) | (c > 1e4)):
        total, term, k = 1.0, 1.0, 0
        while True:
            ks = k + np.arange(1000)
            terms = term * np.cumprod((b[i] + ks) / (c[i] + ks) * z)
            total += float(np.sum(terms))
            term, k = float(terms[-1]), k + 1000
            if term * z / (1.0 - z) < 1e-17 * total:
                break
        out[i] = total
    return out


class ShiftedBetaGeoModel(BaseModel):
    """Shifted-beta-geometric model (移位贝塔几何模型) of renewals in a contractual setting.

    Each customer renews their contract at the end of every period with their own constant
    probability ``1 - theta``; ``theta`` varies across customers as ``Beta(gamma, delta)``. The
    observed retention rate of a cohort rises with tenure because the customers likely to churn
    leave first (sorting), not because anyone becomes more loyal.

    Data (:meth:`fit`): a survivor table, one row per period t = 0, 1, ..., n and one column per
    cohort holding the number of customers of the cohort still active after t renewals (row 0:
    the cohort's size; trailing NaN: periods not yet observed; several columns share one pair
    of parameters, :func:`fit_cohorts` fits one pair per cohort), or per-customer rows with
    ``renewals`` (renewals made) and ``active`` (True: still a customer; False: did not renew at
    the end of period ``renewals + 1``), optional ``weights``. Counts are numbers of customers:
    percentages give the same estimates but standard errors as if the cohort had 100 customers.
    A period is the contract length (``attrs["time_unit"]`` is kept when given).

    Parameters
    ----------
    penalizer, n_starts, max_iter, tol, random_state, fit_sample
        As for :class:`~clvmodels.models.BetaGeoModel`; ``fit_sample`` applies to per-customer
        rows only (a survivor table is a handful of numbers).

    Attributes
    ----------
    params_ : pandas.Series
        ``gamma``, ``delta`` (no units: the shape parameters of the churn probability).
    log_likelihood_, standard_errors_, confidence_intervals_, covariance_, summary_,
    converged_, n_customers_, n_customers_total_, fit_sampled_, time_unit_
        As for :class:`~clvmodels.models.BetaGeoModel`; ``n_customers_`` is the sum of the cohort
        sizes (or of the per-customer rows).

    Notes
    -----
    Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1),
    eq. 3-5, and Fader & Hardie (2010), "Customer-base valuation in a contractual setting",
    Marketing Science 29(1), eq. 6::

        P(T = t) = B(gamma + 1, delta + t - 1) / B(gamma, delta),   t = 1, 2, ...
        S(t)     = B(gamma, delta + t) / B(gamma, delta)            (active after t renewals)
        r_t      = S(t) / S(t - 1) = (delta + t - 1) / (gamma + delta + t - 1)

    Churned customers contribute ``P(T = t)``, active ones ``S(t)``; the log-likelihood has an
    exact gradient and Hessian (digamma and trigamma functions), so the fit is a few Newton
    steps.
    """

    _param_names = ("gamma", "delta")
    _model_name = "sBG"
    _bound_hint = ("gamma and delta running to infinity mean no heterogeneity in churn "
                   "probabilities (a constant retention rate); gamma running to 0 means most "
                   "customers never churn")
    _has_hessian = True

    # ------------------------------------------------------------------ fitting hooks
    def _fit_rows(self, summary: Any) -> Any:
        if isinstance(summary, pd.DataFrame) and {"renewals", "active"} <= set(summary.columns):
            return super()._fit_rows(summary)
        self.fit_sampled_ = False  # a survivor table is fitted whole
        self.n_customers_total_ = None
        return summary

    def _prepare(self, summary: Any) -> tuple[dict[str, Any], float]:
        parsed = parse_sbg_data(summary, model=self._model_name)
        self.time_unit_ = summary_time_unit(summary) if isinstance(summary, pd.DataFrame) else None
        self._fit_table = parsed
        k, active, w = parsed.k, parsed.active, parsed.w
        if parsed.kind == "customers" and len(k) > 1:
            frame = pd.DataFrame({"k": k, "a": active, "w": w}).groupby(["k", "a"], sort=True)["w"].sum()
            k = frame.index.get_level_values(0).to_numpy(dtype=float)
            active = frame.index.get_level_values(1).to_numpy(dtype=float)
            w = frame.to_numpy(dtype=float)
        n_customers = float(np.sum(w))
        if getattr(self, "n_customers_total_", None) is None:
            self.n_customers_total_ = int(round(n_customers))
        return {"k": k, "active": active, "w": w}, n_customers

    def _check_data(self, data: dict[str, Any], n_customers: float) -> None:
        churned = data["active"] == 0
        if not np.any(churned):
            raise DataValidationError(
                "sBG: no customer churned, so the churn probabilities cannot be estimated; fix: "
                "observe the cohort over more renewal periods."
            )
        # renewal decisions observed: churn at the end of period k + 1, survival up to k
        reach = np.max(np.where(churned, data["k"] + 1, data["k"]))
        if reach < 2:
            raise DataValidationError(
                "sBG: the data cover only the first renewal decision, which identifies the mean "
                "churn probability but not its spread (gamma, delta); fix: pass at least two "
                "periods of renewals (survivors at t = 0, 1, 2)."
            )
        warn_few_customers(self._model_name, n_customers, 2)

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        # method of moments on the first two pooled retention rates: r1 = d/(g+d), r2 = (d+1)/(g+d+1)
        k, a, w = data["k"], data["active"], data["w"]
        at_risk = [float(np.sum(w[k >= j])) - float(np.sum(w[(k == j) & (a == 1)])) for j in (0, 1)]
        lost = [float(np.sum(w[(k == j) & (a == 0)])) for j in (0, 1)]
        if min(at_risk) > 0:
            r1, r2 = 1 - lost[0] / at_risk[0], 1 - lost[1] / at_risk[1]
            if 0 < r1 < r2 < 1:
                s = (1 - r2) / (r2 - r1)
                return np.clip(np.array([(1 - r1) * s, r1 * s]), 1e-3, 1e3)
        return np.array([1.0, 1.0])

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        g, d = (float(v) for v in params)
        k, act, w = data["k"], data["active"], data["w"]
        # churned: B(g+1, d+k)/B(g, d); active: B(g, d+k)/B(g, d)
        a1 = g + 1.0 - act
        b1 = d + k
        ll = vdot(w, _lb(a1, b1)) - float(np.sum(w)) * _lb(g, d)
        if order == 0:
            return ll, None, None
        total, n = float(np.sum(w)), len(k)
        ps_rows = special.psi(np.concatenate([a1, b1, a1 + b1]))
        p_a, p_b, common = ps_rows[:n], ps_rows[n:2 * n], ps_rows[2 * n:]
        p_g, p_d, p_gd = special.psi(np.array([g, d, g + d]))
        grad = np.array([vdot(w, p_a - common) - total * (p_g - p_gd),
                         vdot(w, p_b - common) - total * (p_d - p_gd)])
        if order == 1:
            return ll, grad, None
        # trigamma(x) = zeta(2, x), one ufunc call per argument array
        tg_rows = special.zeta(2.0, np.concatenate([a1, b1, a1 + b1]))
        t_a, t_b, t_ab = tg_rows[:n], tg_rows[n:2 * n], tg_rows[2 * n:]
        t_g, t_d, t0 = special.zeta(2.0, np.array([g, d, g + d]))
        hess = np.array([
            [vdot(w, t_a - t_ab) - total * (t_g - t0), -vdot(w, t_ab) + total * t0],
            [0.0, vdot(w, t_b - t_ab) - total * (t_d - t0)],
        ])
        hess[1, 0] = hess[0, 1]
        return ll, grad, hess

    def fit(self, summary: Any) -> ShiftedBetaGeoModel:
        """Fit ``gamma`` and ``delta`` by maximum likelihood.

        Parameters
        ----------
        summary : DataFrame or Series
            A survivor table (one row per period t = 0..n, one column per cohort: customers
            still active after t renewals) or per-customer rows (``renewals``, ``active``,
            optional ``weights``); see the class docstring.

        Returns
        -------
        self
        """
        return super().fit(summary)  # type: ignore[return-value]

    # ------------------------------------------------------------------ predictions
    def _gd(self) -> tuple[float, float]:
        self._check_fitted()
        g, d = (float(v) for v in self.params_.to_numpy())
        return g, d

    def _series(self, values: np.ndarray, index: Any, name: str, **attrs: Any) -> pd.Series:
        out = pd.Series(values, index=index, name=name)
        out.attrs.update({"time_unit": getattr(self, "time_unit_", None), **attrs})
        return out

    def survival(self, t: Any) -> pd.Series | float:
        """Share of a new cohort still active after ``t`` renewals, ``S(t)``.

        Parameters
        ----------
        t : int or list of int
            Renewals (periods) since acquisition, >= 0; ``S(0) = 1``.

        Returns
        -------
        float or pandas.Series
            ``S(t)`` (share of the cohort, 0..1), indexed by ``t`` for a list.
        """
        g, d = self._gd()
        arr, scalar = _periods(t, "t", low=0)
        values = np.exp(_lb(g, d + arr) - _lb(g, d))
        return float(values[0]) if scalar else self._series(values, pd.Index(arr.astype(int), name="t"), "survival")

    def churn_probability(self, t: Any) -> pd.Series | float:
        """Probability that a new customer churns at the end of period ``t``, ``P(T = t)``.

        Parameters
        ----------
        t : int or list of int
            Period, >= 1.

        Returns
        -------
        float or pandas.Series
            ``P(T = t)`` (share of the cohort lost in period ``t``), indexed by ``t`` for a list.
        """
        g, d = self._gd()
        arr, scalar = _periods(t, "t", low=1)
        values = np.exp(_lb(g + 1, d + arr - 1) - _lb(g, d))
        return float(values[0]) if scalar else self._series(values, pd.Index(arr.astype(int), name="t"), "churn")

    def retention_rate(self, t: Any) -> pd.Series | float:
        """Share of the customers active after ``t - 1`` renewals who renew a ``t``-th time.

        Parameters
        ----------
        t : int or list of int
            Renewal number, >= 1.

        Returns
        -------
        float or pandas.Series
            ``r_t = (delta + t - 1) / (gamma + delta + t - 1)`` (a share, rising with ``t``).
        """
        g, d = self._gd()
        arr, scalar = _periods(t, "t", low=1)
        values = (d + arr - 1) / (g + d + arr - 1)
        return float(values[0]) if scalar else self._series(values, pd.Index(arr.astype(int), name="t"), "retention_rate")

    def expected_lifetime(self, horizon: int | None = None) -> float:
        """Expected number of periods a new customer stays (paid periods, the first included).

        Parameters
        ----------
        horizon : int, optional
            Count only the first ``horizon`` periods (``sum_{t=0}^{horizon-1} S(t)``); None: the
            whole lifetime ``E[T] = (gamma + delta - 1) / (gamma - 1)``, infinite when
            ``gamma <= 1`` (enough customers almost never churn that the mean diverges).

        Returns
        -------
        float
            Periods (``inf`` for the untruncated mean when ``gamma <= 1``).
        """
        g, d = self._gd()
        if horizon is None:
            return float((g + d - 1) / (g - 1)) if g > 1 else float("inf")
        h = check_positive("horizon", horizon, integer=True, where="sBG")
        return float(np.sum(np.exp(_lb(g, d + np.arange(h)) - _lb(g, d))))

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """Discounted expected lifetime of a new customer (Fader & Hardie 2010, eq. 5).

        Parameters
        ----------
        discount_rate : float
            Discount rate ``d`` per period (0.1 = 10 % per period).

        Returns
        -------
        float
            ``DEL = sum_{t>=1} S(t-1) / (1+d)^(t-1) = 2F1(1, delta; gamma+delta; 1/(1+d))``, in
            discounted periods (times the margin per period: the value of a new customer paying
            at the start of each period).
        """
        g, d = self._gd()
        z = 1.0 / (1.0 + check_positive("discount_rate", discount_rate, where="sBG"))
        return float(_hyp1(d, g + d, z))

    def derl(self, discount_rate: float, renewals: Any = 0) -> pd.Series | float:
        """Discounted expected residual lifetime of a customer who has made ``renewals`` renewals.

        Parameters
        ----------
        discount_rate : float
            Discount rate ``d`` per period (0.1 = 10 % per period).
        renewals : int or list of int, default 0
            Renewals made so far (``n - 1`` in Fader & Hardie 2010): the customer is at the end
            of period ``renewals + 1``, about to decide on the next renewal.

        Returns
        -------
        float or pandas.Series
            Discounted periods still to be paid, the next one (paid on renewal, now)
            undiscounted::

                DERL = sum_{t>=n} S(t)/S(n-1) (1+d)^-(t-n)
                     = (delta+n-1)/(gamma+delta+n-1) * 2F1(1, delta+n; gamma+delta+n; 1/(1+d))

            with ``n = renewals + 1`` (Fader & Hardie 2010, eq. 6); indexed by ``renewals`` for
            a list. Times the margin per period it is the customer's expected residual value.
        """
        g, d = self._gd()
        z = 1.0 / (1.0 + check_positive("discount_rate", discount_rate, where="sBG"))
        arr, scalar = _periods(renewals, "renewals", low=0)
        values = (d + arr) / (g + d + arr) * _hyp1(d + arr + 1, g + d + arr + 1, z)
        if scalar:
            return float(values[0])
        return self._series(values, pd.Index(arr.astype(int), name="renewals"), "derl",
                            discount_rate=float(discount_rate))

    def retention_elasticity(self, discount_rate: float, renewals: int = 0, *,
                             increase: float = 0.01) -> float:
        """Retention elasticity of a customer's residual value (Fader & Hardie 2010, section 4).

        Parameters
        ----------
        discount_rate : float
            Discount rate ``d`` per period.
        renewals : int, default 0
            Renewals the customer has made (as in :meth:`derl`).
        increase : float, default 0.01
            Relative rise of every customer's own renewal probability ``1 - theta`` (0.01: by
            1 %; capped at 1).

        Returns
        -------
        float
            Percent change of DERL per percent rise in retention: ``(DERL' / DERL - 1) /
            increase``, ``DERL'`` the residual lifetime with each customer's renewal probability
            ``min((1 + increase)(1 - theta), 1)``, averaged over ``theta ~ Beta(gamma, delta +
            renewals)`` (the customers still active after ``renewals`` renewals).

        Notes
        -----
        For a customer with churn probability ``theta`` (renewal ``p = 1 - theta``), DERL is
        ``p / (1 - p / (1 + d))``; the averages over the posterior are one-dimensional integrals
        (adaptive quadrature over the quantiles of theta). With ``increase = 0`` the integral equals :meth:`derl`.
        """
        g, d = self._gd()
        rate = check_positive("discount_rate", discount_rate, where="sBG")
        inc = check_positive("increase", increase, where="sBG")
        n_ren, _ = _periods(renewals, "renewals", low=0)
        if n_ren.size != 1:
            raise ParameterError("sBG: retention_elasticity takes one number of renewals.")
        base = self._derl_integral(g, d + float(n_ren[0]), rate, 0.0)
        raised = self._derl_integral(g, d + float(n_ren[0]), rate, inc)
        return float((raised / base - 1.0) / inc)

    @staticmethod
    def _derl_integral(g: float, d: float, rate: float, inc: float) -> float:
        z = 1.0 / (1.0 + rate)

        # E[f(theta)] = integral over u in (0, 1) of f(F^-1(u)): smooth even when Beta(g, d) is
        # concentrated on a narrow range (little heterogeneity)
        def integrand(u: float) -> float:
            theta = float(special.betaincinv(g, d, u))
            p = min((1.0 + inc) * (1.0 - theta), 1.0)
            return p / (1.0 - p * z)

        kink = 1.0 - 1.0 / (1.0 + inc) if inc > 0 else 0.0
        u_kink = float(special.betainc(g, d, kink)) if kink > 0 else 0.0
        points = [u_kink] if 0.0 < u_kink < 1.0 else None
        value, _ = integrate.quad(integrand, 0.0, 1.0, points=points, limit=200,
                                  epsabs=0.0, epsrel=1e-10)
        return float(value)

    def clv(self, margin: float, discount_rate: float, data: Any = None) -> pd.Series:
        """Expected residual value of the current customer base (customers still active).

        Parameters
        ----------
        margin : float
            Margin per customer and period (currency per period), paid at each renewal.
        discount_rate : float
            Discount rate ``d`` per period.
        data : DataFrame or Series, optional
            A survivor table or per-customer rows as for :meth:`fit`; None: the table the model
            was fitted on.

        Returns
        -------
        pandas.Series
            Currency. For a survivor table: one value per cohort (survivors after their last
            observed renewal times ``margin * derl(d, renewals)``), named ``clv``. For
            per-customer rows: one value per customer, same index and order (0 for churned
            customers).
        """
        self._check_fitted()
        m = check_positive("margin", margin, allow_zero=True, where="sBG")
        rate = check_positive("discount_rate", discount_rate, where="sBG")
        parsed: SBGData = self._fit_table if data is None else parse_sbg_data(data, model=self._model_name)
        if parsed.kind == "cohorts":
            labels = list(parsed.current)
            renewals = np.array([parsed.current[c][0] for c in labels], dtype=float)
            active = np.array([parsed.current[c][1] for c in labels], dtype=float)
            values = active * m * np.asarray(self.derl(rate, list(renewals)))
            return self._series(values, pd.Index(labels, name="cohort"), "clv",
                                discount_rate=rate, margin=m)
        values = np.zeros(len(parsed.k))
        alive = parsed.active == 1
        if alive.any():
            values[alive] = m * np.asarray(self.derl(rate, list(parsed.k[alive])))
        return self._series(values, parsed.index, "clv", discount_rate=rate, margin=m)


def fit_cohorts(data: pd.DataFrame, **settings: Any) -> dict[Any, ShiftedBetaGeoModel]:
    """One sBG fit per cohort (separate parameters) instead of one pooled fit.

    Parameters
    ----------
    data : DataFrame
        A survivor table (one column per cohort) or per-customer rows with a ``cohort`` column.
    **settings
        Passed to :class:`ShiftedBetaGeoModel`.

    Returns
    -------
    dict
        Cohort label -> fitted model, in the table's order.
    """
    if isinstance(data, pd.DataFrame) and {"renewals", "active"} <= set(data.columns):
        if "cohort" not in data.columns:
            raise DataValidationError(
                "sBG: fit_cohorts needs a 'cohort' column in per-customer data; fix: add it or "
                "fit one ShiftedBetaGeoModel on all customers (pooled parameters)."
            )
        return {label: ShiftedBetaGeoModel(**settings).fit(rows)
                for label, rows in data.groupby("cohort", sort=False)}
    if not isinstance(data, pd.DataFrame):
        return {getattr(data, "name", 0): ShiftedBetaGeoModel(**settings).fit(data)}
    return {col: ShiftedBetaGeoModel(**settings).fit(data[[col]]) for col in data.columns}
