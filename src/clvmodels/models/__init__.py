"""Probabilistic transaction and spend models (概率型客户终身价值模型).

BG/NBD, Pareto/NBD, MBG/NBD and BG/BB forecast how many purchases each customer will make and
whether they are still active; Gamma-Gamma forecasts how much they spend per purchase;
:func:`evaluate` checks a model against a holdout period.
"""

from __future__ import annotations

from .bgbb import BetaGeoBetaBinomModel
from .bgnbd import BetaGeoModel, ModifiedBetaGeoModel
from .evaluation import (
    ModelEvaluation,
    compare_evaluations,
    evaluate,
    frequency_recency_matrix,
    probability_alive_history,
)
from .gammagamma import GammaGammaModel, SpendCorrelationWarning
from .narrative import clv_models_conclusion, fit_sample_note, model_comparison_table
from .paretonbd import ParetoNBDModel
from .simulation import simulate_bgnbd_summary, simulate_paretonbd_summary

#: The transaction models by their literature names (as used in notebook parameters).
TRANSACTION_MODELS = {
    "BG/NBD": BetaGeoModel,
    "Pareto/NBD": ParetoNBDModel,
    "MBG/NBD": ModifiedBetaGeoModel,
}

__all__ = [
    "BetaGeoBetaBinomModel",
    "BetaGeoModel",
    "GammaGammaModel",
    "ModelEvaluation",
    "ModifiedBetaGeoModel",
    "ParetoNBDModel",
    "SpendCorrelationWarning",
    "TRANSACTION_MODELS",
    "clv_models_conclusion",
    "compare_evaluations",
    "evaluate",
    "fit_sample_note",
    "frequency_recency_matrix",
    "model_comparison_table",
    "probability_alive_history",
    "simulate_bgnbd_summary",
    "simulate_paretonbd_summary",
]
