"""Regular or Poisson buyers? The regularity k chosen by likelihood, and what it does to P(alive).

Tables for the "regular buyers" section of notebook 03: the log-likelihood of the (M)BG/CNBD-k
model for each k (k = 1 is the Poisson purchasing of BG/NBD and MBG/NBD), and P(alive) of one
customer as the silence since their last purchase grows, under several fitted models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive
from ..exceptions import ParameterError
from .bgnbd import ModifiedBetaGeoModel
from .cnbd import ModifiedBetaGeoCNBDModel

__all__ = ["RegularityCheck", "probability_alive_by_silence", "regularity_check", "regularity_table"]


def regularity_table(model: Any) -> pd.DataFrame:
    """The log-likelihood by regularity k of a fitted (M)BG/CNBD-k model.

    Parameters
    ----------
    model : BetaGeoCNBDModel or ModifiedBetaGeoCNBDModel
        Fitted with ``k=None`` (k chosen by likelihood), so that ``k_log_likelihoods_`` holds
        every k tried.

    Returns
    -------
    pandas.DataFrame
        Index ``k``; columns ``log_likelihood``, ``gain_vs_poisson`` (log-likelihood minus that of
        k = 1, the Poisson model), ``cv`` (coefficient of variation of an active customer's
        inter-purchase times, ``1/sqrt(k)``: 1 for Poisson buying, smaller for regular buying) and
        ``chosen`` (the k kept). ``attrs``: ``k``, ``model`` (the model's name), ``n_customers``,
        ``mean_interpurchase_time`` (population mean ``k alpha / (r - 1)``, in ``time_unit``;
        ``inf`` when r <= 1), ``time_unit``.
    """
    lls = getattr(model, "k_log_likelihoods_", None)
    if lls is None:
        raise ParameterError(
            f"{type(model).__name__} has no k_log_likelihoods_: pass a fitted BetaGeoCNBDModel or "
            f"ModifiedBetaGeoCNBDModel (fitted with k=None to compare several k)."
        )
    k = np.asarray(lls.index, dtype=int)
    base = float(lls.loc[1]) if 1 in lls.index else float("nan")
    out = pd.DataFrame({
        "log_likelihood": lls.to_numpy(dtype=float),
        "gain_vs_poisson": lls.to_numpy(dtype=float) - base,
        "cv": 1.0 / np.sqrt(k),
        "chosen": k == int(model.k_),
    }, index=pd.Index(k, name="k"))
    out.attrs.update({"k": int(model.k_), "model": model._model_name, "n_customers": int(model.n_customers_),
                      "mean_interpurchase_time": float(model.expected_interpurchase_time()),
                      "time_unit": model.time_unit_})
    return out


def probability_alive_by_silence(
    models: dict[str, Any], *, frequency: int, age: float, points: int = 60,
) -> pd.DataFrame:
    """P(alive) of one customer as the time since their last purchase grows, under each model.

    Parameters
    ----------
    models : dict
        Name -> fitted transaction model (same time unit).
    frequency : int
        The customer's repeat purchases (at least 1: a one-time buyer's silence is their age).
    age : float
        Time since their first purchase (``T``), in the models' time unit.
    points : int, default 60
        Silences evaluated, evenly spaced from 0 to ``age``.

    Returns
    -------
    pandas.DataFrame
        Index ``silence`` (``T - recency``, model time unit), one column of P(alive) per model;
        ``attrs``: ``frequency``, ``age``, ``time_unit``.
    """
    check_positive("frequency", frequency, integer=True)
    check_positive("age", age)
    silence = np.linspace(0.0, float(age), int(check_positive("points", points, integer=True)))
    recency = age - silence
    units = {getattr(m, "time_unit_", None) for m in models.values()}
    unit = next(iter(units)) if len(units) == 1 else None
    summary = pd.DataFrame({"frequency": float(frequency), "recency": recency, "T": float(age)})
    summary.attrs["time_unit"] = unit
    out = pd.DataFrame({name: m.probability_alive(summary).to_numpy() for name, m in models.items()},
                       index=pd.Index(silence, name="silence"))
    out.attrs.update({"frequency": int(frequency), "age": float(age), "time_unit": unit})
    return out


@dataclass
class RegularityCheck:
    """Output of :func:`regularity_check`.

    Attributes
    ----------
    table : DataFrame
        :func:`regularity_table` of the regular-buyer model.
    silence : DataFrame
        :func:`probability_alive_by_silence` of the median repeat buyer under the Poisson model
        (first column) and the regular-buyer model (second).
    regular, poisson : fitted models
        The MBG/CNBD-k model (k chosen by likelihood) and the MBG/NBD model.
    """

    table: pd.DataFrame
    silence: pd.DataFrame
    regular: Any
    poisson: Any


def regularity_check(
    summary: pd.DataFrame, *, regular: Any = None, poisson: Any = None, max_k: int = 5,
    random_state: Any = None, fit_sample: int | None = None,
) -> RegularityCheck:
    """Are the customers of ``summary`` regular buyers? MBG/CNBD-k with k chosen, beside MBG/NBD.

    Parameters
    ----------
    summary : DataFrame
        Per-customer summary with ``frequency``, ``recency``, ``T`` and ``litt``
        (:func:`clvmodels.features.rfm_summary`).
    regular, poisson : fitted models, optional
        Already fitted MBG/CNBD-k (with ``k=None``) and MBG/NBD models to reuse; fitted here
        when not given.
    max_k : int, default 5
        Largest k tried.
    random_state, fit_sample
        Passed to the models fitted here.

    Returns
    -------
    RegularityCheck
        The log-likelihood by k and P(alive) against the silence since the last purchase for the
        median repeat buyer (median frequency and age of the customers with a repeat purchase).
    """
    if regular is None:
        regular = ModifiedBetaGeoCNBDModel(max_k=max_k, random_state=random_state,
                                           fit_sample=fit_sample).fit(summary)
    if poisson is None:
        poisson = ModifiedBetaGeoModel(random_state=random_state, fit_sample=fit_sample).fit(summary)
    table = regularity_table(regular)
    repeaters = summary.loc[summary["frequency"] > 0]
    if len(repeaters) == 0:
        raise ParameterError("regularity_check: no customer has a repeat purchase; use a longer history.")
    x = max(1, int(round(float(repeaters["frequency"].median()))))
    age = float(repeaters["T"].median())
    silence = probability_alive_by_silence(
        {poisson._model_name: poisson, f"{regular._model_name[:-1]}{table.attrs['k']}": regular},
        frequency=x, age=age)
    return RegularityCheck(table=table, silence=silence, regular=regular, poisson=poisson)
