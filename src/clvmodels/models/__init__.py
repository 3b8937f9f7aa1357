"""Probabilistic transaction and spend models (概率型客户终身价值模型).

BG/NBD, Pareto/NBD, MBG/NBD, BG/BB and (for regular buyers) BG/CNBD-k and MBG/CNBD-k forecast how many purchases each customer will make and
whether they are still active; the shifted-beta-geometric model (sBG) forecasts contract
renewals; Gamma-Gamma forecasts how much they spend per purchase;
:func:`evaluate` checks a model against a holdout period. Pareto/NBD, BG/NBD, MBG/NBD and
Gamma-Gamma take static customer covariates (``fit(summary, covariates=...)``), compared with
:func:`lr_test`.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import ParameterError
from ._base import BaseModel
from ._covariates import covariate_frame, lr_test
from ._transaction import TransactionModel, randomized_pit
from .bgbb import BetaGeoBetaBinomModel
from .bgnbd import BetaGeoModel, ModifiedBetaGeoModel
from .cnbd import BetaGeoCNBDModel, ModifiedBetaGeoCNBDModel
from .cohorts import fit_by_cohort
from .evaluation import (
    ModelEvaluation,
    compare_evaluations,
    evaluate,
    frequency_recency_matrix,
    interval_calibration,
    probability_alive_history,
)
from .gammagamma import GammaGammaModel, SpendCorrelationWarning
from .narrative import (
    best_models_note,
    clv_models_conclusion,
    covariate_note,
    covariate_table,
    fit_sample_note,
    format_model_comparison,
    interval_note,
    interval_table,
    model_comparison_table,
    parameter_table,
    regularity_note,
)
from .paretonbd import ParetoNBDModel
from .reference import PUBLISHED, reference_comparison, reference_note
from .regularity import (
    RegularityCheck,
    probability_alive_by_silence,
    regularity_check,
    regularity_table,
)
from .sbg import ShiftedBetaGeoModel
from .simulation import (
    simulate_bgnbd_summary,
    simulate_cnbd_summary,
    simulate_paretonbd_summary,
    simulate_sbg_survivors,
)

#: The transaction models by their literature names (as used in notebook parameters): the one
#: registry every layer looks models up in (through :func:`transaction_model`).
TRANSACTION_MODELS = {
    "BG/NBD": BetaGeoModel,
    "Pareto/NBD": ParetoNBDModel,
    "MBG/NBD": ModifiedBetaGeoModel,
    "BG/CNBD-k": BetaGeoCNBDModel,
    "MBG/CNBD-k": ModifiedBetaGeoCNBDModel,
}


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def transaction_model(name: str, **settings: Any) -> Any:
    """A new, unfitted transaction model looked up by name in :data:`TRANSACTION_MODELS`.

    Parameters
    ----------
    name : str
        The literature name ("BG/NBD", "Pareto/NBD", "MBG/NBD", "BG/CNBD-k", "MBG/CNBD-k"); case, ``/`` and ``-`` are
        ignored, so ``"bgnbd"`` and ``"pareto-nbd"`` work too.
    **settings
        Passed to the model's constructor (e.g. ``random_state``, ``fit_sample``).

    Returns
    -------
    TransactionModel
        An unfitted instance.

    Raises
    ------
    ParameterError
        When no model has that name; the message lists the names.
    """
    by_key = {_key(k): cls for k, cls in TRANSACTION_MODELS.items()}
    if not isinstance(name, str) or _key(name) not in by_key:
        raise ParameterError(
            f"transaction_model={name!r} is not known; use one of {list(TRANSACTION_MODELS)} "
            f"(case and '/' are ignored, e.g. 'bgnbd') or pass a model instance."
        )
    return by_key[_key(name)](**settings)


__all__ = [
    "BaseModel",
    "best_models_note",
    "BetaGeoBetaBinomModel",
    "BetaGeoCNBDModel",
    "BetaGeoModel",
    "GammaGammaModel",
    "ModelEvaluation",
    "ModifiedBetaGeoCNBDModel",
    "ModifiedBetaGeoModel",
    "ParetoNBDModel",
    "ShiftedBetaGeoModel",
    "SpendCorrelationWarning",
    "TRANSACTION_MODELS",
    "TransactionModel",
    "clv_models_conclusion",
    "compare_evaluations",
    "evaluate",
    "fit_by_cohort",
    "fit_sample_note",
    "format_model_comparison",
    "frequency_recency_matrix",
    "interval_calibration",
    "interval_note",
    "interval_table",
    "covariate_frame",
    "covariate_note",
    "covariate_table",
    "lr_test",
    "model_comparison_table",
    "parameter_table",
    "PUBLISHED",
    "reference_comparison",
    "reference_note",
    "probability_alive_by_silence",
    "randomized_pit",
    "RegularityCheck",
    "regularity_check",
    "probability_alive_history",
    "regularity_note",
    "regularity_table",
    "simulate_bgnbd_summary",
    "simulate_cnbd_summary",
    "simulate_paretonbd_summary",
    "simulate_sbg_survivors",
    "transaction_model",
]
