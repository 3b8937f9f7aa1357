"""Per-cohort fits (分群组拟合): one copy of a model fitted on each acquisition cohort."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone

from .._checks import check_frame, check_positive
from ..exceptions import DataValidationError, ParameterError

__all__ = ["CohortFits", "fit_by_cohort"]

_WHERE = "fit_by_cohort"


@dataclass
class CohortFits:
    """Result of :func:`fit_by_cohort`.

    Attributes
    ----------
    models : dict
        Fitted model per cohort label (cohorts that were fitted only).
    params : DataFrame
        One row per fitted cohort (index ``cohort``): the parameter estimates, ``n_customers``
        (customers of the cohort in the summary), ``n_fitted`` (customers in the likelihood, the
        model's ``n_customers_``), ``log_likelihood`` and ``converged``.
    skipped : DataFrame
        One row per cohort not fitted (index ``cohort``): ``n_customers``, ``reason`` (a label
        key: ``"cohort_skip_too_few"`` or ``"cohort_skip_fit_failed"``, worded by
        :func:`clvmodels.labels.label` with ``n``, ``min`` and ``error``) and ``detail`` (the
        error message of a failed fit, else "").
    model_name : str
        Name of the model (e.g. "BG/NBD").
    min_customers : int
        The threshold used.
    order : list
        Every cohort label of the summary, fitted or skipped, oldest first.
    """

    models: dict[Any, Any]
    params: pd.DataFrame
    skipped: pd.DataFrame
    model_name: str
    min_customers: int
    order: list[Any] = field(default_factory=list)


def _cohort_labels(summary: pd.DataFrame, cohorts: Any) -> pd.Series:
    if not isinstance(cohorts, pd.Series):
        raise ParameterError(
            f"{_WHERE}: cohorts must be a pandas Series of cohort labels indexed by customer_id, "
            f"got {type(cohorts).__name__}; build one with "
            f"clvmodels.features.customer_cohorts(transactions)."
        )
    if not cohorts.index.is_unique:
        dup = cohorts.index[cohorts.index.duplicated()]
        raise DataValidationError(
            f"{_WHERE}: customer_id {dup[0]!r} appears more than once in cohorts "
            f"({len(dup)} duplicated rows); pass one label per customer."
        )
    labels = cohorts.reindex(summary.index)
    missing = labels.isna().to_numpy()
    if missing.any():
        ids = summary.index[missing][:5].tolist()
        raise DataValidationError(
            f"{_WHERE}: {int(missing.sum())} customer(s) of the summary have no cohort label, "
            f"e.g. customer_id {ids}; give every customer of the summary a cohort (e.g. "
            f"clvmodels.features.customer_cohorts on the same transactions)."
        )
    return labels


def fit_by_cohort(
    model: Any, summary: pd.DataFrame, cohorts: pd.Series, *, min_customers: int = 100
) -> CohortFits:
    """Fit a copy of ``model`` on the customers of each cohort.

    Parameters
    ----------
    model : estimator
        An unfitted model (e.g. ``BetaGeoModel()``); each cohort gets
        ``sklearn.base.clone(model)``, so ``model`` itself is left unchanged.
    summary : DataFrame
        The per-customer table the model fits on (e.g. :func:`clvmodels.features.rfm_summary`).
    cohorts : Series
        Cohort label per customer, indexed by ``customer_id``; every customer of ``summary`` needs
        one (extra labels are ignored). E.g. :func:`clvmodels.features.customer_cohorts`.
    min_customers : int, default 100
        Cohorts with fewer customers in ``summary`` are not fitted; they are listed in
        ``skipped`` with the reason.

    Returns
    -------
    CohortFits
        ``params`` (one row per fitted cohort, oldest first), ``skipped`` and the fitted
        ``models``. A cohort whose fit raises a data or parameter error is listed in ``skipped``
        with the error; convergence warnings are raised as usual and ``converged`` records them.

    Raises
    ------
    ParameterError
        When ``model`` cannot be cloned, ``cohorts`` is not a Series or ``min_customers`` is not a
        positive whole number.
    DataValidationError
        When ``summary`` is not a per-customer table or a customer has no cohort label.
    """
    min_customers = check_positive("min_customers", min_customers, integer=True, where=_WHERE)
    check_frame(summary, where=_WHERE, how_to_build="clvmodels.features.rfm_summary")
    if not hasattr(model, "get_params") or not hasattr(model, "fit"):
        raise ParameterError(
            f"{_WHERE}: model must be an unfitted estimator such as BetaGeoModel(), got "
            f"{type(model).__name__}."
        )
    labels = _cohort_labels(summary, cohorts)
    codes, uniques = pd.factorize(labels, sort=True)
    counts = np.bincount(codes, minlength=len(uniques))
    models: dict[Any, Any] = {}
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    name = str(getattr(model, "name", type(model).__name__))
    for i, cohort in enumerate(uniques):
        n = int(counts[i])
        if n < min_customers:
            skipped.append({"cohort": cohort, "n_customers": n, "reason": "cohort_skip_too_few",
                            "detail": ""})
            continue
        part = summary.iloc[np.flatnonzero(codes == i)]
        part.attrs = dict(summary.attrs)
        fitted = clone(model)
        try:
            fitted.fit(part)
        except (DataValidationError, ParameterError) as error:
            skipped.append({"cohort": cohort, "n_customers": n, "reason": "cohort_skip_fit_failed",
                            "detail": str(error)})
            continue
        models[cohort] = fitted
        row: dict[str, Any] = {"cohort": cohort}
        row.update({str(k): float(v) for k, v in fitted.params_.items()})
        row.update({
            "n_customers": n,
            "n_fitted": int(getattr(fitted, "n_customers_", n)),
            "log_likelihood": float(getattr(fitted, "log_likelihood_", np.nan)),
            "converged": bool(getattr(fitted, "converged_", True)),
        })
        rows.append(row)
    params = pd.DataFrame(rows).set_index("cohort") if rows else pd.DataFrame(
        columns=["n_customers", "n_fitted", "log_likelihood", "converged"],
        index=pd.Index([], name="cohort"))
    skipped_frame = pd.DataFrame(skipped, columns=["cohort", "n_customers", "reason", "detail"])
    skipped_frame = skipped_frame.set_index("cohort")
    params.attrs = {"model": name, "time_unit": summary.attrs.get("time_unit")}
    return CohortFits(models=models, params=params, skipped=skipped_frame, model_name=name,
                      min_customers=min_customers, order=list(uniques))
