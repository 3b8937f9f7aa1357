"""Static customer covariates (客户属性协变量) in the purchase, dropout and spend processes.

A fitted model's parameters are those of a customer whose covariates are all 0; customer ``i``
with covariates ``x_i`` has, for each process the covariate enters, a scale parameter multiplied
by ``exp(+-gamma . x_i)`` (the sign conventions of CLVTools, stated in each model's
``_cov_targets``). The coefficients are estimated jointly with the model's parameters by
maximum likelihood, from the no-covariate fit as the starting point, with an optional L2
penalty ``covariate_penalizer * sum(gamma^2)`` on the mean log-likelihood per customer (as
CLVTools' ``reg.lambdas``). Columns that are not numeric (text, categories, booleans) are
one-hot encoded against their first level, so that a categorical attribute such as an
acquisition channel enters as one coefficient per other level.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ..exceptions import ConvergenceWarning, DataValidationError, ParameterError
from ._bounds import LOG_BOUND

__all__ = ["CovariateDesign", "covariate_frame", "customer_params", "fit_covariates", "lr_test", "sample_theta"]

#: Bound of the coefficients' search range (exp(30) is far beyond any real effect).
_COEF_BOUND = 30.0


@dataclass
class CovariateDesign:
    """How customer covariates are read and encoded, and which coefficients act where."""

    source: str  # "summary" (column names of the summary) or "table" (a customer-indexed frame)
    columns: list[str]  # the covariate columns as given
    encoded: list[str]  # the design matrix's columns (one-hot levels as "column[level]")
    levels: dict[str, list[Any]]  # categories of the one-hot encoded columns
    table: pd.DataFrame | None = None
    # one entry per coefficient: (name, process(es), design column index)
    coefficients: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)

    def frame(self, summary: pd.DataFrame, model: str) -> pd.DataFrame:
        """The covariate columns of the customers of ``summary`` (from the summary itself or
        from the table); a one-line error naming what is missing."""
        if self.source == "summary":
            missing = [c for c in self.columns if c not in summary.columns]
            if missing:
                raise DataValidationError(
                    f"{model}: covariate column(s) {missing} are not in the summary (columns: "
                    f"{list(summary.columns)}); fix: join the customer attributes to the summary or "
                    f"pass covariates=<customer-indexed DataFrame>."
                )
            return summary[self.columns]
        assert self.table is not None
        absent = ~summary.index.isin(self.table.index)
        if absent.any():
            raise DataValidationError(
                f"{model}: {int(absent.sum())} customer(s) of the summary have no row in the covariate "
                f"table, e.g. customer_id {summary.index[absent][:3].tolist()}; fix: give every "
                f"customer a row (the table's index must be the summary's customer ids)."
            )
        return self.table.loc[summary.index, self.columns]

    def matrix(self, summary: pd.DataFrame, model: str) -> np.ndarray:
        """The design matrix (customers x encoded columns) of the customers of ``summary``."""
        return _encode(self.frame(summary, model), self.columns, self.levels, model, "the covariates")[0]


def _encode(frame: pd.DataFrame, columns: list[str], levels: dict[str, list[Any]] | None, model: str,
            where: str) -> tuple[np.ndarray, list[str], dict[str, list[Any]]]:
    """Numeric design matrix of ``frame[columns]``: numeric columns as they are, others one-hot
    against their first level (``levels`` fixes the levels at prediction time)."""
    fixed = levels is not None
    levels = dict(levels or {})
    parts: list[np.ndarray] = []
    names: list[str] = []
    for col in columns:
        s = frame[col]
        if s.isna().any():
            bad = s.index[s.isna()][:3].tolist()
            raise DataValidationError(
                f"{model}: covariate column {col!r} of {where} is missing for {int(s.isna().sum())} "
                f"customer(s), e.g. customer_id {bad}; fix: fill it (e.g. an 'unknown' level) or "
                f"leave those customers out."
            )
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) and col not in levels:
            values = s.to_numpy(dtype=float)
            if not np.all(np.isfinite(values)):
                bad = s.index[~np.isfinite(values)][:3].tolist()
                raise DataValidationError(
                    f"{model}: covariate column {col!r} of {where} is not finite for customer_id "
                    f"{bad}; fix: replace infinite values."
                )
            parts.append(values[:, None])
            names.append(col)
            continue
        cats = levels.get(col) if fixed else sorted(pd.unique(s.astype(object)), key=str)
        if cats is None:
            raise DataValidationError(f"{model}: covariate column {col!r} was numeric when the model was fitted.")
        unknown = ~s.astype(object).isin(cats)
        if unknown.any():
            raise DataValidationError(
                f"{model}: covariate column {col!r} has level(s) {sorted(set(s[unknown].astype(str)))[:3]} "
                f"the model was not fitted with (fitted levels {list(map(str, cats))}); fix: refit with them."
            )
        levels[col] = list(cats)
        for level in cats[1:]:
            parts.append((s.astype(object) == level).to_numpy(dtype=float)[:, None])
            names.append(f"{col}[{level}]")
    matrix = np.hstack(parts) if parts else np.empty((len(frame), 0))
    return matrix, names, levels


def _design(model: Any, summary: pd.DataFrame, covariates: Any, processes: dict[str, Any],
            constrain: Any) -> CovariateDesign:
    name = model._model_name
    if isinstance(covariates, pd.DataFrame):
        dup = covariates.index.duplicated()
        if dup.any():
            raise DataValidationError(
                f"{name}: the covariate table has {int(dup.sum())} duplicated customer_id(s), e.g. "
                f"{covariates.index[dup][:3].tolist()}; fix: one row per customer."
            )
        source, table, columns = "table", covariates, [str(c) for c in covariates.columns]
    else:
        columns = [covariates] if isinstance(covariates, str) else [str(c) for c in covariates]
        source, table = "summary", None
    frame = CovariateDesign(source=source, columns=columns, encoded=[], levels={}, table=table).frame(summary, name)
    if not columns:
        raise ParameterError(f"{name}: covariates is empty; pass None to fit without covariates.")
    matrix, encoded, levels = _encode(frame, columns, None, name, "the covariates")
    design = CovariateDesign(source=source, columns=columns, encoded=encoded, levels=levels, table=table)
    source_of = {enc: next(c for c in columns if enc == c or enc.startswith(f"{c}[")) for enc in encoded}
    targets = model._cov_targets
    chosen: dict[str, list[str]] = {}
    for process, spec in processes.items():
        if process not in targets:
            continue
        cols = columns if spec is None else ([spec] if isinstance(spec, str) else list(spec))
        unknown = [c for c in cols if c not in columns]
        if unknown:
            raise ParameterError(f"{name}: {process}_covariates {unknown} are not among the covariates {columns}.")
        chosen[process] = [e for e in encoded if source_of[e] in cols]
    constrained = [constrain] if isinstance(constrain, str) else list(constrain or ())
    for c in constrained:
        if c not in columns:
            raise ParameterError(f"{name}: constrain {c!r} is not among the covariates {columns}.")
        if not all(any(source_of[e] == c for e in chosen.get(p, [])) for p in targets):
            raise ParameterError(
                f"{name}: constrain {c!r} needs the covariate in every process ({', '.join(targets)})."
            )
    done: set[str] = set()
    for process in targets:
        for enc in chosen.get(process, []):
            j = encoded.index(enc)
            if source_of[enc] in constrained:
                if enc not in done:
                    design.coefficients.append((f"{'+'.join(targets)}:{enc}", tuple(targets), j))
                    done.add(enc)
            else:
                design.coefficients.append((f"{process}:{enc}", (process,), j))
    if not design.coefficients:
        raise ParameterError(f"{name}: no covariate enters any process; check purchase/dropout_covariates.")
    if np.linalg.matrix_rank(np.column_stack([np.ones(len(matrix)), matrix])) < matrix.shape[1] + 1:
        raise DataValidationError(
            f"{name}: the covariates {encoded} are collinear (or constant) among these customers, so "
            f"their effects cannot be told apart; fix: drop one of them."
        )
    return design


def _offsets(model: Any, design: CovariateDesign, gammas: np.ndarray, X: np.ndarray, k: int) -> np.ndarray:
    """Per-customer shifts of the internal coordinates, shape (k, customers)."""
    out = np.zeros((k, len(X)))
    targets = model._cov_targets
    for g, (_, processes, j) in zip(gammas, design.coefficients, strict=True):
        for process in processes:
            for coord, sign in targets[process]:
                out[coord] += sign * g * X[:, j]
    return out


def customer_params(model: Any, theta: np.ndarray, X: np.ndarray) -> tuple:
    """Each customer's natural parameters at ``theta`` (internal coordinates, then coefficients)."""
    k = len(model._param_names)
    U = theta[:k, None] + _offsets(model, model.covariates_, theta[k:], X, k)
    return model._cov_natural(U)


def sample_theta(model: Any, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draws of (internal coordinates, coefficients) from their asymptotic normal distribution."""
    model.covariance_  # noqa: B018 (computes the covariance of theta)
    cov = model._theta_covariance
    if not np.all(np.isfinite(cov)):
        raise ParameterError(
            f"{model._model_name}: prediction intervals need standard errors, which are undefined "
            f"for this fit (singular Hessian)."
        )
    return rng.multivariate_normal(model.theta_, cov, size=n, method="eigh")


def fit_covariates(model: Any, summary: pd.DataFrame, covariates: Any, *, purchase_covariates: Any = None,
                   dropout_covariates: Any = None, spend_covariates: Any = None, constrain: Any = (),
                   covariate_penalizer: float = 0.0) -> Any:
    """Fit ``model`` with customer covariates (the body of ``fit(summary, covariates=...)``)."""
    if not isinstance(summary, pd.DataFrame):
        raise DataValidationError(f"{model._model_name}: summary must be a DataFrame.")
    pen_c = float(covariate_penalizer)
    if not np.isfinite(pen_c) or pen_c < 0:
        raise ParameterError(f"covariate_penalizer={covariate_penalizer!r} must be >= 0, e.g. 0.1.")
    if "weights" in summary.columns:
        raise DataValidationError(
            f"{model._model_name}: a summary with a 'weights' column merges customers, whose "
            f"covariates may differ; fix: pass one row per customer with covariates."
        )
    summary = model._fit_rows(summary)  # all customers, or a random fit_sample of them
    n_total, sampled = model.n_customers_total_, model.fit_sampled_
    model._fit_plain(summary)  # the model without covariates: the starting point (and the restricted fit)
    model.n_customers_total_, model.fit_sampled_ = n_total, sampled  # of the summary given, not the sample
    plain = copy.copy(model)
    ll0, n_params0 = model.log_likelihood_, len(model.params_)
    design = _design(model, summary, covariates,
                     {"purchase": purchase_covariates, "dropout": dropout_covariates, "spend": spend_covariates},
                     constrain)
    cols, index, w = model._cov_columns(summary)
    rows = summary.loc[index] if design.source == "summary" else pd.DataFrame(index=index)
    X = design.matrix(rows, model._model_name)
    model.covariates_ = design
    k = len(model._param_names)
    total = float(np.sum(w))
    pen = float(model.penalizer)
    u0 = model._to_internal(model.params_.to_numpy(dtype=float))
    theta0 = np.concatenate([u0, np.zeros(len(design.coefficients))])

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        u = np.clip(theta[:k], -LOG_BOUND - 5, LOG_BOUND + 5)
        gam = theta[k:]
        U = u[:, None] + _offsets(model, design, gam, X, k)
        with np.errstate(all="ignore"):
            ll, G = model._cov_rows(U, cols)
        f = -float(np.dot(w, ll)) / total
        gu = -(G @ w) / total
        gg = np.zeros(len(gam))
        targets = model._cov_targets
        for i, (_, processes, j) in enumerate(design.coefficients):
            for process in processes:
                for coord, sign in targets[process]:
                    gg[i] -= sign * float(np.dot(w * X[:, j], G[coord])) / total
        if pen > 0:
            p = model._from_internal(u)
            f += pen * float(np.sum(p * p))
            jac = _jacobian(model, u)
            gu += 2.0 * pen * (jac.T @ p)
        f += pen_c * float(np.sum(gam * gam))
        gg += 2.0 * pen_c * gam
        return f, np.concatenate([gu, gg])

    bounds = [(-LOG_BOUND, LOG_BOUND)] * k + [(-_COEF_BOUND, _COEF_BOUND)] * len(design.coefficients)
    with np.errstate(all="ignore"):
        res = optimize.minimize(objective, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                                options={"maxiter": int(model.max_iter) * 4, "ftol": 1e-15, "gtol": 1e-9, "maxcor": 30})
    theta = res.x
    f_best, g_best = objective(theta)
    model._cov_objective = objective
    model._cov_total = total
    model.theta_ = theta
    model.params_ = pd.Series(model._from_internal(theta[:k]), index=list(model._param_names), name="estimate", dtype=float)
    model.coefficients_ = pd.Series(theta[k:], index=[c[0] for c in design.coefficients], name="estimate", dtype=float)
    with np.errstate(all="ignore"):
        U = theta[:k, None] + _offsets(model, design, theta[k:], X, k)
        ll_rows, _ = model._cov_rows(U, cols)
    model.log_likelihood_ = float(np.dot(w, ll_rows))
    model.log_likelihood_no_covariates_ = ll0
    model.without_covariates_ = plain
    model.n_params_no_covariates_ = n_params0
    model.n_customers_ = len(index)
    at_edge = np.abs(theta[k:]) >= _COEF_BOUND - 1e-3
    model.converged_ = bool(res.success or np.max(np.abs(g_best)) < 1e-6) and not at_edge.any()
    model._covariance = None
    if at_edge.any():
        warnings.warn(
            f"{model._model_name}: coefficient(s) {[design.coefficients[i][0] for i in np.flatnonzero(at_edge)]} "
            f"ran to the edge of the search range: the covariate separates the customers completely "
            f"(e.g. one level never buys again); fix: covariate_penalizer > 0 or merge levels.",
            ConvergenceWarning, stacklevel=3,
        )
    return model


def _jacobian(model: Any, u: np.ndarray) -> np.ndarray:
    """d natural / d internal (central differences; the maps are smooth and cheap)."""
    k = len(u)
    jac = np.empty((k, k))
    for i in range(k):
        h = 1e-6
        up, dn = u.copy(), u.copy()
        up[i] += h
        dn[i] -= h
        jac[:, i] = (model._from_internal(up) - model._from_internal(dn)) / (2 * h)
    return jac


def covariate_covariance(model: Any) -> np.ndarray:
    """Covariance of (internal coordinates, coefficients): inverse of the Hessian of the total
    penalized negative log-likelihood, by central differences of its analytic gradient."""
    theta = model.theta_
    n = len(theta)
    total = model._cov_total
    h = np.empty((n, n))
    for i in range(n):
        step = 1e-5 * max(1.0, abs(theta[i]))
        up, dn = theta.copy(), theta.copy()
        up[i] += step
        dn[i] -= step
        h[i] = (model._cov_objective(up)[1] - model._cov_objective(dn)[1]) / (2 * step)
    h = 0.5 * (h + h.T) * total
    try:
        cov = np.linalg.inv(h)
        if not (np.all(np.isfinite(cov)) and np.all(np.linalg.eigvalsh(h) > 0)):
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        cov = np.full((n, n), np.nan)
    return cov


def covariate_frame(customers: pd.DataFrame | None, columns: Any = "auto", *,
                    auto: tuple[str, ...] = ("segment_type", "channel")) -> pd.DataFrame | None:
    """Static attributes of a customer table as a covariate frame indexed by customer id.

    Parameters
    ----------
    customers : DataFrame or None
        A customer table with a ``customer_id`` column (or index), e.g. ``CRMDatabase.customers``.
    columns : "auto", list of str or None
        "auto": those of ``auto`` (customer type and acquisition channel) the table has; a list:
        exactly those (missing ones raise); None: no covariates.

    Returns
    -------
    DataFrame or None
        One row per customer, or None when there is no table, no column or ``columns`` is None.
    """
    if customers is None or columns is None:
        return None
    table = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
    if isinstance(columns, str) and columns == "auto":
        cols = [c for c in auto if c in table.columns]
    else:
        cols = [columns] if isinstance(columns, str) else list(columns)
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise DataValidationError(
                f"covariates: column(s) {missing} are not in the customer table (columns: "
                f"{list(table.columns)}); fix: name customer-table columns or pass None."
            )
    return table[cols] if cols else None


def lr_test(restricted: Any, full: Any) -> pd.Series:
    """Likelihood-ratio test of two nested fits of the same model on the same customers.

    Parameters
    ----------
    restricted, full : fitted models
        ``restricted`` nested in ``full`` (fewer covariates, a constraint, or no covariates).

    Returns
    -------
    pandas.Series
        ``statistic`` = 2 (LL_full - LL_restricted), ``df`` (difference in the number of
        parameters), ``p_value`` (chi-square), ``log_likelihood_restricted``,
        ``log_likelihood_full``.
    """
    for m in (restricted, full):
        if not hasattr(m, "log_likelihood_"):
            raise ParameterError("lr_test: both models must be fitted.")
    if restricted._model_name != full._model_name:
        raise ParameterError(
            f"lr_test: the models differ ({restricted._model_name} vs {full._model_name}); a "
            f"likelihood-ratio test compares nested fits of one model."
        )
    if restricted.n_customers_ != full.n_customers_:
        raise ParameterError(
            f"lr_test: the fits use different customers ({restricted.n_customers_} vs "
            f"{full.n_customers_}); fit both on the same summary."
        )
    df = full.n_parameters_ - restricted.n_parameters_
    if df <= 0:
        raise ParameterError(
            f"lr_test: the full model must have more parameters than the restricted one "
            f"({full.n_parameters_} vs {restricted.n_parameters_}); swap the arguments?"
        )
    stat = 2.0 * (full.log_likelihood_ - restricted.log_likelihood_)
    return pd.Series({"statistic": stat, "df": float(df), "p_value": float(stats.chi2.sf(max(stat, 0.0), df)),
                      "log_likelihood_restricted": restricted.log_likelihood_,
                      "log_likelihood_full": full.log_likelihood_}, name="lr_test")
