"""Fitting machinery shared by the models: MLE on log-parameters, restarts, Hessian, summaries.

Every model maximizes a weighted log-likelihood over the logarithms of its (positive) parameters
with scipy's trust-region Newton method when the model supplies an exact Hessian, else L-BFGS-B
with the model's analytic gradient (or central differences for models without one). Identical
customers are merged into one weighted row first. A poor first fit triggers restarts from
randomized starting points (``random_state``); a parameter that runs to the edge of the search
range, a failed optimizer or a singular Hessian raise a :class:`ConvergenceWarning` naming the
likely cause. Parameters are never NaN.
"""

from __future__ import annotations

import copy
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from sklearn.base import BaseEstimator

from .._checks import check_positive, check_share
from .._sampling import check_sample_size, sample_positions
from .._units import check_time_unit
from ..exceptions import (
    ConvergenceWarning,
    DataValidationError,
    NotFittedError,
    ParameterError,
)
from ..labels import say
from ..validation import data_warning
from ._bounds import LOG_BOUND
from ._covariates import _jacobian, covariate_covariance, customer_params, fit_covariates

__all__ = ["BaseModel"]

class BaseModel(BaseEstimator):  # type: ignore[misc]
    """Common estimator machinery (not used directly).

    A scikit-learn estimator: the constructor only stores its (keyword-only) settings under
    their own names, they are checked when ``fit`` runs (:meth:`_check_settings`), and
    ``get_params``, ``set_params``, :func:`sklearn.base.clone` and ``repr`` come from
    :class:`sklearn.base.BaseEstimator`, which reads the constructor's signature.

    Parameters
    ----------
    penalizer : float, default 0.0
        L2 penalty ``penalizer * sum(params**2)`` added to the mean negative log-likelihood per
        customer (the same convention as lifetimes), to shrink runaway parameters.
    n_starts : int, default 5
        Maximum number of starting points tried; restarts happen only when the fit from the first
        one is poor (optimizer failure or a parameter at the edge of the search range).
    max_iter : int, default 500
        Iterations per start.
    tol : float, default 1e-9
        Gradient tolerance on the mean log-likelihood per customer.
    random_state : int, numpy Generator or None
        Seeds the randomized restarts, the parametric bootstrap and the ``fit_sample`` draw
        (None: the restarts use a fixed seed, so that the same data always give the same fit).
    fit_sample : int, optional
        Fit on a random subset of this many customers (drawn with ``random_state``) when the
        summary passed to ``fit`` has more; None (default): all customers. Predictions take any
        summary, so they still cover every customer. Meant for large customer bases: the fit
        evaluates every customer's likelihood hundreds of times, while the estimates barely move
        beyond a few ten thousand customers (their standard errors say by how much).
    """

    _param_names: tuple[str, ...] = ()
    _model_name = "model"
    _bound_hint = "the data do not identify it"

    def __init__(
        self,
        *,
        penalizer: float = 0.0,
        n_starts: int = 5,
        max_iter: int = 500,
        tol: float = 1e-9,
        random_state: int | np.random.Generator | None = None,
        fit_sample: int | None = None,
    ) -> None:
        self.penalizer = penalizer
        self.n_starts = n_starts
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.fit_sample = fit_sample

    # ------------------------------------------------------------------ hooks for subclasses
    def _prepare(self, summary: pd.DataFrame) -> tuple[dict[str, Any], float]:
        """Validate ``summary``; return the (compressed) data and the number of customers."""
        raise NotImplementedError

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        raise NotImplementedError

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int) -> tuple[float, Any, Any]:
        """Total weighted log-likelihood, its gradient (order >= 1) and Hessian (order 2) in the
        natural parameters; gradient/Hessian None when the model has none."""
        raise NotImplementedError

    _has_gradient = True
    _has_hessian = False
    #: Above this many distinct rows ``fit`` first fits a random subsample of at most
    #: ``_warm_sub_rows`` (and ``1 / _warm_sub_fraction`` of the rows), then continues on all rows.
    _warm_min_rows = 60_000
    _warm_sub_rows = 50_000
    _warm_sub_fraction = 3
    #: Names of the optimizer's coordinates (:meth:`_to_internal`), for the edge warning.
    _internal_names: tuple[str, ...] | None = None

    def _to_internal(self, p: np.ndarray) -> np.ndarray:
        """Natural parameters -> the optimizer's coordinates (default: their logarithms)."""
        return np.log(p)

    def _from_internal(self, u: np.ndarray) -> np.ndarray:
        """The optimizer's coordinates -> natural parameters (inverse of :meth:`_to_internal`)."""
        return np.exp(u)

    def _limit_edge(self, names: list[str]) -> bool:
        """True when the coordinates ``names`` at the edge of the search range are a limit of the
        model that is itself a valid fit (e.g. Pareto/NBD's homogeneous dropout as s -> inf)."""
        return False

    def _limit_message(self) -> str:
        return f"{self._model_name}: the fit is a limit of the model."

    def _at_edge(self, u: np.ndarray, margin: float) -> list[str]:
        names = self._internal_names or self._param_names
        return [n for n, v in zip(names, u, strict=True) if abs(v) >= LOG_BOUND - margin]

    def _check_data(self, data: dict[str, Any], n_customers: float) -> None:
        """Raise or warn for data that cannot identify the model (hook)."""

    # ------------------------------------------------------------------ settings
    def set_params(self, **params: Any) -> BaseModel:
        """Set constructor settings (scikit-learn convention); checked by the next ``fit``.

        Raises
        ------
        ParameterError
            For a name that is not a constructor setting (the message lists the settings).
        """
        valid = self.get_params(deep=False)
        unknown = [key for key in params if key not in valid]
        if unknown:
            raise ParameterError(
                f"{type(self).__name__} has no setting {unknown[0]!r}; its settings are "
                f"{', '.join(sorted(valid))}."
            )
        return super().set_params(**params)

    def _check_settings(self) -> None:
        check_positive("penalizer", self.penalizer, allow_zero=True)
        check_positive("n_starts", self.n_starts, integer=True)
        check_positive("max_iter", self.max_iter, integer=True)
        check_positive("tol", self.tol)
        check_sample_size("fit_sample", self.fit_sample)

    def _fit_rows(self, summary: pd.DataFrame) -> pd.DataFrame:
        """The customers ``fit`` uses: all of ``summary``, or a random ``fit_sample`` of them.

        Sets ``n_customers_total_`` (customers in ``summary``, the sum of ``weights`` when given)
        and ``fit_sampled_``. With a ``weights`` column (identical customers merged into one row)
        the customers are drawn without replacement from the weights, which must then be whole
        numbers.
        """
        if not isinstance(summary, pd.DataFrame):
            return summary  # _prepare raises the one-line error
        weights = None
        if "weights" in summary.columns:
            weights = pd.to_numeric(summary["weights"], errors="coerce").to_numpy(dtype=float)
            total = float(np.nansum(weights))
        else:
            total = float(len(summary))
        self.n_customers_total_ = int(round(total))
        self.fit_sampled_ = False
        if self.fit_sample is None or total <= int(self.fit_sample):
            return summary
        k = int(self.fit_sample)
        if weights is None:
            out = summary.iloc[sample_positions(len(summary), k, self.random_state)]
        else:
            if not (np.all(np.isfinite(weights)) and np.all(weights >= 0)
                    and np.all(weights == np.round(weights))):
                raise ParameterError(
                    f"{self._model_name}: fit_sample={k} draws customers from the 'weights' "
                    f"column, which must hold whole numbers of customers >= 0; pass "
                    f"fit_sample=None or a summary with one row per customer."
                )
            rng = np.random.default_rng(self.random_state)
            counts = rng.multivariate_hypergeometric(weights.astype(np.int64), k)
            keep = counts > 0
            out = summary.loc[keep].copy()
            out["weights"] = counts[keep].astype(float)
        out.attrs = dict(summary.attrs)
        self.fit_sampled_ = True
        return out

    # ------------------------------------------------------------------ fitting
    def _objective(self, logp: np.ndarray, data: dict[str, Any], total: float, order: int):
        logp = np.clip(logp, -LOG_BOUND - 5, LOG_BOUND + 5)
        p = np.exp(logp)
        ll, g, h = self._loglik(p, data, order)
        pen = float(self.penalizer)
        f = -ll / total + pen * float(np.sum(p * p))
        if order == 0:
            return f, None, None
        grad = (-np.asarray(g) / total + 2.0 * pen * p) * p
        if order == 1:
            return f, grad, None
        hn = -np.asarray(h) / total + 2.0 * pen * np.eye(len(p))
        gn = -np.asarray(g) / total + 2.0 * pen * p
        hl = hn * np.outer(p, p) + np.diag(gn * p)
        return f, grad, hl

    def _numeric_grad(self, logp: np.ndarray, data: dict[str, Any], total: float) -> tuple[float, np.ndarray]:
        f0 = self._objective(logp, data, total, 0)[0]
        grad = np.empty_like(logp)
        for i in range(len(logp)):
            h = 1e-5 * max(1.0, abs(logp[i]))
            up, dn = logp.copy(), logp.copy()
            up[i] += h
            dn[i] -= h
            grad[i] = (self._objective(up, data, total, 0)[0] - self._objective(dn, data, total, 0)[0]) / (2 * h)
        return f0, grad

    def _minimize(self, x0: np.ndarray, data: dict[str, Any], total: float, *,
                  tol: float | None = None) -> optimize.OptimizeResult:
        """Minimize the objective from ``x0`` (gradient tolerance ``tol``, default the setting)."""
        gtol = self.tol if tol is None else tol
        bounds = [(-LOG_BOUND, LOG_BOUND)] * len(x0)
        if self._has_hessian:
            cache: dict[str, Any] = {}

            def evaluate(u: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
                key = u.tobytes()
                if cache.get("key") != key:
                    cache["key"], cache["val"] = key, self._objective(u, data, total, 2)
                return cache["val"]

            with np.errstate(all="ignore"):
                res = optimize.minimize(
                    lambda u: evaluate(u)[0], x0, jac=lambda u: evaluate(u)[1],
                    hess=lambda u: evaluate(u)[2], method="trust-exact",
                    options={"gtol": gtol, "maxiter": int(self.max_iter)},
                )
            self._mark_converged(res, data, total)
            if res.success and np.all(np.abs(res.x) < LOG_BOUND) and np.all(np.isfinite(res.x)):
                return res
            x0 = np.clip(res.x, -LOG_BOUND + 1, LOG_BOUND - 1) if np.all(np.isfinite(res.x)) else x0
        if self._has_gradient:
            def fun(u: np.ndarray) -> tuple[float, np.ndarray]:
                f, g, _ = self._objective(u, data, total, 1)
                return f, g
        else:
            def fun(u: np.ndarray) -> tuple[float, np.ndarray]:
                return self._numeric_grad(u, data, total)
        with np.errstate(all="ignore"):
            res = optimize.minimize(
                fun, np.clip(x0, -LOG_BOUND, LOG_BOUND), jac=True, method="L-BFGS-B", bounds=bounds,
                options={"maxiter": int(self.max_iter), "ftol": 1e-15, "gtol": gtol, "maxcor": 20},
            )
        self._mark_converged(res, data, total)
        return res

    def _mark_converged(self, res: optimize.OptimizeResult, data: dict[str, Any], total: float) -> None:
        """Count a stop at a stationary point as converged (line searches report failure when
        the optimum is already reached to machine precision)."""
        if res.success or not np.all(np.isfinite(res.x)):
            return
        interior = np.abs(res.x) < LOG_BOUND - 1e-3
        with np.errstate(all="ignore"):
            if self._has_gradient:
                grad = self._objective(res.x, data, total, 1)[1]
            else:
                grad = self._numeric_grad(res.x, data, total)[1]
        if np.all(np.isfinite(grad)) and np.max(np.abs(grad[interior]), initial=0.0) < 1e-6:
            res.success = True
            res.message = f"stationary point (max |gradient| {np.max(np.abs(grad)):.1e}); {res.message}"

    def _log_hessian(self, u: np.ndarray, data: dict[str, Any], total: float, *, forward: bool = False) -> np.ndarray:
        """Hessian of the mean objective in the optimizer's coordinates: central differences of
        the gradient, or forward differences (half the evaluations, for a starting estimate)."""
        k = len(u)
        h = np.empty((k, k))
        g0 = self._objective(u, data, total, 1)[1] if forward else None
        for i in range(k):
            up, dn = u.copy(), u.copy()
            up[i] += 1e-4
            dn[i] -= 1e-4
            lower = g0 if forward else self._objective(dn, data, total, 1)[1]
            h[i] = (self._objective(up, data, total, 1)[1] - lower) / (1e-4 if forward else 2e-4)
        return 0.5 * (h + h.T)

    def _polish(self, u: np.ndarray, data: dict[str, Any], total: float, h: np.ndarray) -> optimize.OptimizeResult | None:
        """Quasi-Newton steps on all rows from ``u``, starting from ``h`` (a subsample's Hessian):
        each step solves with the current estimate, backtracks until the objective falls, and
        updates the estimate with the observed change of the gradient (BFGS), so that a handful
        of full-data passes reach the full-data optimum.

        Stops when the gradient is below ``tol`` or when the next step is predicted to raise the
        total log-likelihood by less than 1e-6 (``0.5 g' H^-1 g`` times the customers): further
        full-data passes would not change the estimates beyond their last digits. A coordinate at
        the edge of the search range (a limit of the model) stays there. None on failure."""
        free = np.abs(u) < LOG_BOUND - 1e-3
        try:
            hf = h[np.ix_(free, free)]
            np.linalg.cholesky(hf)
            h_inv = np.linalg.inv(0.5 * (hf + hf.T))
        except np.linalg.LinAlgError:
            return None
        f, g, _ = self._objective(u, data, total, 1)
        for it in range(50):
            gf = g[free]
            step_f = -h_inv @ gf
            gain = -0.5 * float(gf @ step_f) * total
            if np.max(np.abs(gf)) < max(self.tol, 1e-12) or 0.0 <= gain < 1e-6:
                return optimize.OptimizeResult(x=u, fun=f, jac=g, success=True, nit=it,
                                               message="quasi-Newton polish converged")
            if gain < 0:  # not a descent direction: the estimate went wrong
                return None
            step = np.zeros_like(u)
            step[free] = step_f
            t = 1.0
            while t > 1e-6:
                un = np.clip(u + t * step, -LOG_BOUND, LOG_BOUND)  # within the search range
                fn, gn, _ = self._objective(un, data, total, 1)
                if np.isfinite(fn) and (fn <= f + 1e-4 * float(g @ (un - u)) or (
                        abs(fn - f) <= 1e-13 * max(abs(f), 1.0) and np.max(np.abs(gn[free])) < np.max(np.abs(gf)))):
                    break
                t /= 2.0
            else:
                return None
            sk, yk = (un - u)[free], gn[free] - gf
            sy = float(sk @ yk)
            if sy > 1e-300:  # BFGS update of the inverse Hessian (kept positive definite)
                rho = 1.0 / sy
                eye = np.eye(len(sk))
                h_inv = (eye - rho * np.outer(sk, yk)) @ h_inv @ (eye - rho * np.outer(yk, sk)) + rho * np.outer(sk, sk)
            u, f, g = un, fn, gn
        return None

    def _poor(self, res: optimize.OptimizeResult) -> bool:
        if (not np.all(np.isfinite(res.x))) or (not np.isfinite(res.fun)) or (not res.success):
            return True
        edge = self._at_edge(res.x, 1e-3)
        return bool(edge) and not self._limit_edge(edge)

    #: Covariate targets: process -> [(internal coordinate, sign)]; empty: no covariates.
    _cov_targets: dict[str, list[tuple[int, int]]] = {}

    def fit(self, summary: pd.DataFrame, covariates: Any = None, *, purchase_covariates: Any = None,
            dropout_covariates: Any = None, spend_covariates: Any = None, constrain: Any = (),
            covariate_penalizer: float = 0.0) -> BaseModel:
        """Fit the model by maximum likelihood, optionally with static customer covariates.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer (the output of :func:`clvmodels.features.rfm_summary`), optional
            ``weights`` column (number of identical customers in the row). With ``fit_sample``
            set, a random subset of its customers (``n_customers_`` of ``n_customers_total_``);
            only those are checked and fitted. Transaction models leave customers of age 0
            (``T == 0``) out of the likelihood (see ``TransactionModel``).
        covariates : list of str or pandas.DataFrame, optional
            Static customer attributes (客户属性): column names of ``summary``, or a DataFrame
            indexed by customer id (the summary's index) with one row per customer. Numeric
            columns enter as they are; text, category and boolean columns one-hot against their
            first level (``"channel[online]"``). Not with ``weights`` rows; with ``fit_sample``
            the covariate model is fitted on the sample too.
        purchase_covariates, dropout_covariates, spend_covariates : list of str, optional
            The covariates of each process the model has (default: all of ``covariates``).
        constrain : list of str, optional
            Covariates with one coefficient shared by the purchase and dropout processes
            (CLVTools' ``names.cov.constr``).
        covariate_penalizer : float, default 0
            L2 penalty ``covariate_penalizer * sum(coefficients^2)`` added to the mean negative
            log-likelihood per customer (CLVTools' ``reg.lambdas``).

        Returns
        -------
        self
            With covariates also ``coefficients_`` (and their rows in ``summary_``),
            ``covariates_`` (the design), ``without_covariates_`` (the same model fitted
            without them, for :func:`lr_test`), ``log_likelihood_no_covariates_`` and
            ``n_parameters_``; predictions then use each customer's own covariates, and
            ``params_`` are those of a customer whose covariates are all 0.
        """
        self.covariates_ = None
        self.coefficients_ = pd.Series(dtype=float, name="estimate")
        if covariates is None:
            return self._fit_plain(summary)
        if not self._cov_targets:
            raise ParameterError(f"{self._model_name} does not take covariates (fit it without them).")
        return fit_covariates(self, summary, covariates, purchase_covariates=purchase_covariates,
                              dropout_covariates=dropout_covariates, spend_covariates=spend_covariates,
                              constrain=constrain, covariate_penalizer=covariate_penalizer)

    def _customer_params(self, summary: pd.DataFrame) -> Any:
        """The parameters behind each customer's predictions: ``params_`` (the same for all), or
        with covariates each customer's own (a tuple of scalars and per-customer arrays)."""
        if getattr(self, "covariates_", None) is None:
            return self.params_.to_numpy()
        return customer_params(self, self.theta_, self.covariates_.matrix(summary, self._model_name))

    @property
    def n_parameters_(self) -> int:
        """Number of estimated parameters, coefficients of covariates included."""
        self._check_fitted()
        return len(self.params_) + len(getattr(self, "coefficients_", ()))

    def _fit_plain(self, summary: pd.DataFrame) -> BaseModel:
        """:meth:`fit` without covariates."""
        self._check_settings()
        data, n_customers = self._prepare(self._fit_rows(summary))
        self._check_data(data, n_customers)
        total = float(np.sum(data["w"]))
        # the restarts and the warm-start subsample are seeded even without random_state, so
        # that the same data always give the same fit
        rng = np.random.default_rng(0 if self.random_state is None else self.random_state)
        start = self._to_internal(self._start(data))
        n_rows = len(data["w"])
        skip_full: optimize.OptimizeResult | None = None
        n_sub = min(self._warm_sub_rows, n_rows // self._warm_sub_fraction)
        if n_rows > self._warm_min_rows and hasattr(self, "_subsample"):
            # warm start: fit a random subsample (up to 50,000 rows), then polish on all rows
            # (quasi-Newton from the subsample's Hessian converges in a few full-data passes);
            # the result is the full-data MLE
            sub = self._subsample(data, np.sort(rng.choice(n_rows, n_sub, replace=False)))
            sub_total = float(np.sum(sub["w"]))
            # (to 1e-5: the subsample's optimum is only a starting point for all rows)
            warm = self._minimize(start, sub, sub_total, tol=max(self.tol, 1e-5))
            if not self._poor(warm):
                start = warm.x
                if not self._has_hessian and self._has_gradient:
                    polished = self._polish(warm.x, data, total, self._log_hessian(warm.x, sub, sub_total, forward=True))
                    if polished is not None:
                        start = polished.x
                        skip_full = polished
        best: optimize.OptimizeResult | None = skip_full
        n_tried = 0 if skip_full is None else 1
        for k in range(int(self.n_starts) if skip_full is None else 0):
            x0 = start if k == 0 else start + rng.normal(0.0, 1.0, size=len(start))
            res = self._minimize(x0, data, total)
            n_tried += 1
            if np.all(np.isfinite(res.x)) and np.isfinite(res.fun) and (best is None or res.fun < best.fun):
                best = res
            if best is not None and not self._poor(best):
                break
        if best is None:
            raise ParameterError(
                f"{self._model_name}: the log-likelihood could not be evaluated at any starting "
                f"point; check the data for extreme values."
            )
        params = self._from_internal(best.x)
        self.params_ = pd.Series(params, index=list(self._param_names), name="estimate", dtype=float)
        if float(self.penalizer) == 0.0 and np.isfinite(best.fun):  # the objective is -LL / total there
            self.log_likelihood_ = -float(best.fun) * total
        else:
            self.log_likelihood_ = float(self._loglik(params, data, 0)[0])
        self.converged_ = bool(best.success)
        self.n_iter_ = int(getattr(best, "nit", 0))
        self.n_starts_tried_ = n_tried
        self.n_customers_ = int(round(n_customers))
        self._fit_data = data
        self._covariance: np.ndarray | None = None
        # within a factor e^2 of the edge: a flat likelihood can stop the optimizer just short of it
        at_bound = self._at_edge(best.x, 2.0)
        self.at_limit_ = bool(at_bound) and self._limit_edge(at_bound)
        if self.at_limit_:
            warnings.warn(self._limit_message(), ConvergenceWarning, stacklevel=2)
        elif at_bound:
            self.converged_ = False
            warnings.warn(
                f"{self._model_name}: parameter(s) {at_bound} ran to the edge of the search range "
                f"({', '.join(f'{n}={np.exp(best.x[(self._internal_names or self._param_names).index(n)]):.3g}' for n in at_bound)}); likely cause: "
                f"{self._bound_hint}. Try penalizer > 0 or more customers/purchases.",
                ConvergenceWarning, stacklevel=2,
            )
        elif not best.success:
            warnings.warn(
                f"{self._model_name}: the optimizer stopped without converging after {n_tried} "
                f"start(s) ({best.message}); likely cause: a flat likelihood (too few repeat "
                f"purchases for {len(params)} parameters). Try penalizer > 0 or max_iter higher.",
                ConvergenceWarning, stacklevel=2,
            )
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet; call 'fit' with a "
                f"customer summary before using this method."
            )

    # ------------------------------------------------------------------ uncertainty
    def _hessian_natural(self) -> np.ndarray:
        """Hessian of the total penalized negative log-likelihood in the natural parameters."""
        p = self.params_.to_numpy()
        data = self._fit_data
        total = float(np.sum(data["w"]))
        if self._has_hessian:
            h = -np.asarray(self._loglik(p, data, 2)[2])
        else:
            k = len(p)
            h = np.empty((k, k))
            if self._has_gradient:
                for i in range(k):
                    step = 1e-5 * p[i]
                    up, dn = p.copy(), p.copy()
                    up[i] += step
                    dn[i] -= step
                    h[i] = -(np.asarray(self._loglik(up, data, 1)[1]) - np.asarray(self._loglik(dn, data, 1)[1])) / (2 * step)
                h = 0.5 * (h + h.T)
            else:
                steps = 1e-4 * p

                def f(q: np.ndarray) -> float:
                    return -self._loglik(q, data, 0)[0]

                f0 = f(p)
                for i in range(k):
                    for j in range(i, k):
                        if i == j:
                            up, dn = p.copy(), p.copy()
                            up[i] += steps[i]
                            dn[i] -= steps[i]
                            h[i, i] = (f(up) - 2 * f0 + f(dn)) / steps[i] ** 2
                        else:
                            vals = []
                            for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                                q = p.copy()
                                q[i] += si * steps[i]
                                q[j] += sj * steps[j]
                                vals.append(f(q))
                            h[i, j] = h[j, i] = (vals[0] - vals[1] - vals[2] + vals[3]) / (4 * steps[i] * steps[j])
        return h + 2.0 * float(self.penalizer) * total * np.eye(len(p))

    @property
    def covariance_(self) -> pd.DataFrame:
        """Asymptotic covariance of the estimates (inverse observed information; computed on first
        access and cached). NaN with a ConvergenceWarning when the Hessian is singular."""
        self._check_fitted()
        if self._covariance is None and getattr(self, "covariates_", None) is not None:
            # delta method from the covariance of (internal coordinates, coefficients)
            self._theta_covariance = covariate_covariance(self)
            k = len(self._param_names)
            if not np.all(np.isfinite(self._theta_covariance)):
                warnings.warn(
                    f"{self._model_name}: the Hessian of the log-likelihood is not positive "
                    f"definite, so standard errors are undefined (NaN); likely cause: a parameter "
                    f"or coefficient the data do not identify.", ConvergenceWarning, stacklevel=2,
                )
            jac = _jacobian(self, self.theta_[:k])
            self._covariance = jac @ self._theta_covariance[:k, :k] @ jac.T
        if self._covariance is None and getattr(self, "at_limit_", False):
            self._covariance = self._limit_covariance()
        if self._covariance is None:
            h = self._hessian_natural()
            k = len(h)
            try:
                cov = np.linalg.inv(h)
                ok = np.all(np.isfinite(cov)) and np.all(np.linalg.eigvalsh(0.5 * (h + h.T)) > 0)
            except np.linalg.LinAlgError:
                ok = False
            if not ok:
                warnings.warn(
                    f"{self._model_name}: the Hessian of the log-likelihood is not positive "
                    f"definite, so standard errors are undefined (NaN); likely cause: a parameter "
                    f"the data do not identify.", ConvergenceWarning, stacklevel=2,
                )
                cov = np.full((k, k), np.nan)
            self._covariance = cov
        names = list(self._param_names)
        return pd.DataFrame(self._covariance, index=names, columns=names)

    def _limit_covariance(self) -> np.ndarray:
        """Covariance at a limit of the model (a shape run to infinity): from the Hessian in the
        optimizer's coordinates with the limit coordinates held at their bound (the limit model's
        own parameters), mapped to the natural parameters; the parameters that ran to infinity
        get NaN (undefined), the others finite standard errors. ``_internal_covariance`` keeps
        the covariance in the optimizer's coordinates for :meth:`sample_params`."""
        data = self._fit_data
        total = float(np.sum(data["w"]))
        u = self._to_internal(self.params_.to_numpy(dtype=float))
        names = self._internal_names or self._param_names
        limit = np.array([n in self._at_edge(u, 2.0) for n in names])
        free = ~limit
        k = len(u)
        cov_u = np.zeros((k, k))
        h = self._log_hessian(u, data, total)[np.ix_(free, free)] * total
        try:
            inv = np.linalg.inv(h)
            if not (np.all(np.isfinite(inv)) and np.all(np.linalg.eigvalsh(0.5 * (h + h.T)) > 0)):
                raise np.linalg.LinAlgError
        except np.linalg.LinAlgError:
            self._internal_covariance = np.full((k, k), np.nan)
            return np.full((k, k), np.nan)
        cov_u[np.ix_(free, free)] = 0.5 * (inv + inv.T)
        self._internal_covariance = cov_u
        jac = _jacobian(self, u)
        cov = jac @ cov_u @ jac.T
        # the shapes that ran to infinity (the limit coordinates are named after them) are undefined
        undefined = np.isin(list(self._param_names), [n for n, lim in zip(names, limit, strict=True) if lim])
        cov[undefined, :] = np.nan
        cov[:, undefined] = np.nan
        return cov

    @property
    def standard_errors_(self) -> pd.Series:
        """Standard errors of ``params_`` from the inverse Hessian (same units as the parameters)."""
        cov = self.covariance_.to_numpy()
        return pd.Series(np.sqrt(np.diag(cov)), index=list(self._param_names), name="std_error")

    @property
    def name(self) -> str:
        """The model's name in the literature ("BG/NBD", "Pareto/NBD", "Gamma-Gamma", ...)."""
        return self._model_name

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Wald confidence intervals of the parameters on the log scale (so they stay positive).

        Parameters
        ----------
        level : float, default 0.95
            Coverage in (0, 1).

        Returns
        -------
        DataFrame
            Index: parameter names; columns ``lower_<pct>`` and ``upper_<pct>`` with
            ``theta * exp(-+z * se / theta)``, ``z`` the normal quantile of ``0.5 + level / 2``.
        """
        self._check_fitted()
        level = check_share("level", level, where=self._model_name, example="0.9")
        z = stats.norm.ppf(0.5 + level / 2)
        p = self.params_.to_numpy()
        se_log = self.standard_errors_.to_numpy() / p
        pct = f"{100 * level:g}"
        with np.errstate(over="ignore"):  # a parameter at a limit of the model has an infinite bound
            bounds = {f"lower_{pct}": p * np.exp(-z * se_log), f"upper_{pct}": p * np.exp(z * se_log)}
        return pd.DataFrame(
            bounds,
            index=list(self._param_names),
        )

    @property
    def confidence_intervals_(self) -> pd.DataFrame:
        """95% confidence intervals, Wald intervals on the log scale (so they stay positive):
        ``theta * exp(+-1.96 * se / theta)``."""
        return self.conf_int(0.95)

    @property
    def summary_(self) -> pd.DataFrame:
        """Table of estimates, standard errors and 95% confidence intervals."""
        self._check_fitted()
        table = pd.concat([self.params_.rename("estimate"), self.standard_errors_, self.confidence_intervals_], axis=1)
        if getattr(self, "covariates_", None) is not None:
            k = len(self._param_names)
            se = np.sqrt(np.diag(self._theta_covariance))[k:]
            est = self.coefficients_.to_numpy()
            z = stats.norm.ppf(0.975)
            coef = pd.DataFrame({"estimate": est, "std_error": se, "lower_95": est - z * se,
                                 "upper_95": est + z * se, "z": est / se,
                                 "p_value": 2 * stats.norm.sf(np.abs(est / se))}, index=self.coefficients_.index)
            table = pd.concat([table, coef])
        table.attrs.update({"model": self._model_name, "log_likelihood": self.log_likelihood_,
                            "n_customers": self.n_customers_, "time_unit": getattr(self, "time_unit_", None),
                            "n_customers_total": getattr(self, "n_customers_total_", self.n_customers_)})
        return table

    def sample_params(self, n_draws: int, *, random_state: Any = None) -> pd.DataFrame:
        """Draws from the asymptotic sampling distribution of the parameters.

        Normal on the log scale with the delta-method covariance ``cov / (theta theta^T)``; the
        basis of the parametric-bootstrap prediction intervals.
        """
        self._check_fitted()
        n = int(check_positive("n_draws", n_draws, integer=True))
        cov = self.covariance_.to_numpy()
        if getattr(self, "at_limit_", False) and np.all(np.isfinite(self._internal_covariance)):
            # at a limit: draws of the limit model's parameters, the limit coordinates held
            u = self._to_internal(self.params_.to_numpy(dtype=float))
            rng = np.random.default_rng(random_state)
            draws_u = rng.multivariate_normal(u, self._internal_covariance, size=n, method="eigh")
            return pd.DataFrame([self._from_internal(d) for d in draws_u], columns=list(self._param_names))
        if not np.all(np.isfinite(cov)):
            raise ParameterError(
                f"{self._model_name}: prediction intervals need standard errors, which are "
                f"undefined for this fit (singular Hessian)."
            )
        p = self.params_.to_numpy()
        cov_log = cov / np.outer(p, p)
        rng = np.random.default_rng(random_state)
        draws = np.exp(rng.multivariate_normal(np.log(p), cov_log, size=n, method="eigh"))
        return pd.DataFrame(draws, columns=list(self._param_names))

    def with_params(self, params: Any) -> BaseModel:
        """A copy of this fitted model with other parameter values (same settings and units).

        Parameters
        ----------
        params : array-like or Series
            One value per parameter, in the order of ``params_`` (a Series is aligned by name).

        Returns
        -------
        BaseModel
            A shallow copy whose ``params_`` are ``params``; used for parameter draws
            (prediction intervals) and to evaluate a model at another library's estimates.
        """
        if isinstance(params, pd.Series):
            params = params.reindex(list(self._param_names)).to_numpy(dtype=float)
        params = np.asarray(params, dtype=float)
        if params.shape != (len(self._param_names),):
            raise ParameterError(
                f"{self._model_name}: with_params needs {len(self._param_names)} values "
                f"({', '.join(self._param_names)}), got shape {params.shape}."
            )
        clone = copy.copy(self)
        clone.params_ = pd.Series(np.asarray(params, dtype=float), index=list(self._param_names), name="estimate")
        return clone


def vdot(a: Any, b: Any) -> float:
    """Dot product of two vectors without BLAS (a threaded BLAS call on a busy machine can be
    100x slower than this single pass)."""
    return float(np.einsum("i,i->", np.asarray(a, dtype=float), np.asarray(b, dtype=float)))


def warn_few_customers(model: str, n_customers: float, n_params: int) -> None:
    """DataValidationError below 2 customers per parameter, DataWarning below 10."""
    if n_customers < 2 * n_params:
        raise DataValidationError(
            f"{model}: {n_customers:g} customer(s) cannot identify {n_params} parameters; fix: fit "
            f"on at least {2 * n_params} customers (the whole customer base, ideally thousands)."
        )
    if n_customers < 10 * n_params:
        warnings.warn(
            data_warning(lambda lang: say(
                "dw_few_customers", lang, model=model, n=f"{n_customers:g}", p=n_params)),
            stacklevel=3,
        )


def summary_time_unit(summary: pd.DataFrame) -> str | None:
    """``summary.attrs["time_unit"]`` normalized, or None."""
    unit = summary.attrs.get("time_unit") if isinstance(summary, pd.DataFrame) else None
    return None if unit is None else check_time_unit(unit)
