"""Churn warning (流失预警): three signals for the same customers, judged on a later window.

Sources 002/003 describe a churn warning system (顾客流失警示系统) built on the customer database.
This package makes three versions of it computable and compares them honestly, on a window of
time the signals never saw:

1. **Model-based** (模型预警): the probability that the customer is still alive (存活概率)
   from any fitted transaction model with a ``probability_alive(summary)`` method (BG/NBD,
   Pareto/NBD, MBG/NBD ...); flagged when below ``threshold``.
2. **Abnormal purchase behaviour** (购买行为异常): days since the last purchase greater than ``k``
   times the customer's own average purchase cycle (平均购买周期); one-time buyers have no cycle
   of their own and are judged against the population's median cycle, which the output says.
3. **Supervised** (监督学习): features from a calibration window (RFM, cycle, trends of spend and
   frequency, tenure, customer attributes) predict "no purchase in the next window" with a
   scikit-learn pipeline (a logistic baseline and gradient boosting) with calibrated
   probabilities. It is trained *by time*: features up to ``t0``, label from ``(t0, t1]``; then
   applied to features up to ``t1`` to predict ``(t1, t2]``. Rows are never split at random.

All three are evaluated on ``(t1, t2]`` (ROC AUC, average precision, precision and lift at the
top k%, calibration) and, on synthetic data, against the truth (who really dropped out by t1).
:func:`winback_list` ranks dormant customers by the value they would bring if won back
("one missed purchase is not forever").

The package, one module per step: :mod:`~clvmodels.churn.features` (features and labels at a
cutoff day), :mod:`~clvmodels.churn.signals` (P(alive), overdue), :mod:`~clvmodels.churn.supervised`
(logistic, gradient boosting), :mod:`~clvmodels.churn.evaluation` (metrics and curves),
:mod:`~clvmodels.churn.warning` (the time line :func:`churn_dates`, the whole system
:func:`churn_warning`, and :func:`churn_warning_result`, which assembles a result from the steps
run one at a time), :mod:`~clvmodels.churn.winback`
(the win-back list) and :mod:`~clvmodels.churn.narrative` (every sentence and display table, from
the bilingual label table).
"""

from __future__ import annotations

from .evaluation import PROBABILISTIC_SIGNALS as PROBABILISTIC_SIGNALS  # not in __all__, as before
from .evaluation import calibration_table, evaluate_churn_scores, roc_table
from .features import churn_features, churn_summary, no_purchase_label
from .narrative import (
    churn_conclusion,
    format_evaluation,
    format_features,
    format_models,
    format_overdue,
    format_winback,
    timeline_text,
)
from .signals import overdue_signal, palive_signal, regular_overdue_signal
from .supervised import SupervisedChurnModel
from .warning import (
    ChurnDates,
    ChurnWarningResult,
    churn_dates,
    churn_warning,
    churn_warning_for_data,
    churn_warning_result,
)
from .winback import winback_list

__all__ = [
    "ChurnDates",
    "ChurnWarningResult",
    "SupervisedChurnModel",
    "calibration_table",
    "churn_conclusion",
    "churn_dates",
    "churn_features",
    "churn_summary",
    "churn_warning",
    "churn_warning_for_data",
    "churn_warning_result",
    "evaluate_churn_scores",
    "format_evaluation",
    "format_features",
    "format_models",
    "format_overdue",
    "format_winback",
    "no_purchase_label",
    "overdue_signal",
    "palive_signal",
    "regular_overdue_signal",
    "roc_table",
    "timeline_text",
    "winback_list",
]
