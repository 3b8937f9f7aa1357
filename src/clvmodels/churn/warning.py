"""The churn warning system (流失预警系统): three signals for the same customers, judged later.

:func:`churn_warning` computes the signals at the scoring day ``t1`` (P(alive), overdue, the
supervised models trained on ``(t0, t1]``) and evaluates them on ``(t1, t2]``;
:func:`churn_warning_for_data` does the same for a data set of ``clvmodels.datasets``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._checks import check_date, check_positive, check_share, check_transactions_frame
from ..exceptions import DataValidationError, ParameterError
from .evaluation import calibration_table, evaluate_churn_scores, roc_table
from .features import _upto, churn_features, no_purchase_label
from .signals import overdue_signal, palive_signal, regular_overdue_signal
from .supervised import ESTIMATORS, SupervisedChurnModel

__all__ = ["ChurnWarningResult", "churn_warning", "churn_warning_for_data"]

#: The signals in display order (the columns of :meth:`ChurnWarningResult.scores`).
SIGNAL_ORDER = ("p_alive", "regular_overdue", "overdue", "logistic", "gradient_boosting")


@dataclass
class ChurnWarningResult:
    """Output of :func:`churn_warning` (all per-customer tables indexed by ``customer_id``).

    Attributes
    ----------
    signals : DataFrame
        One row per customer active by ``t1``: scores, flags, observed outcome, truth if known.
    features : DataFrame
        The features at ``t1`` (:func:`churn_features`).
    evaluation : DataFrame
        :func:`evaluate_churn_scores` on the next window, and on the truth when known; index
        ``(target, signal)``.
    calibration : DataFrame
        :func:`calibration_table` on the next window.
    roc : DataFrame
        :func:`roc_table` on the next window.
    models : dict
        The fitted :class:`SupervisedChurnModel` per estimator.
    t0, t1, t2 : Timestamp
        Training features end, scoring date, end of the evaluation window.
    settings : dict
        ``threshold``, ``k``, ``top_pct``, ``supervised_threshold``, ``window_days``, counts.
    """

    signals: pd.DataFrame
    features: pd.DataFrame
    evaluation: pd.DataFrame
    calibration: pd.DataFrame
    roc: pd.DataFrame
    models: dict[str, SupervisedChurnModel]
    t0: pd.Timestamp
    t1: pd.Timestamp
    t2: pd.Timestamp
    settings: dict[str, Any] = field(default_factory=dict)

    def scores(self) -> pd.DataFrame:
        """Churn scores per signal (higher = more likely to churn), columns in signal order."""
        return self._by_signal("score")

    def flags(self) -> pd.DataFrame:
        """Yes/no flags per signal."""
        return self._by_signal("flag")

    def _by_signal(self, prefix: str) -> pd.DataFrame:
        cols = {s: f"{prefix}_{s}" for s in SIGNAL_ORDER}
        return pd.DataFrame({k: self.signals[v] for k, v in cols.items() if v in self.signals})


def _truth_labels(truth: pd.DataFrame, index: pd.Index, t1: pd.Timestamp) -> pd.Series | None:
    t = truth.reindex(index)
    if "dropout_date" in t.columns:
        d = pd.to_datetime(t["dropout_date"])
        dropped = d.notna() & (d <= t1)
    elif "alive_at_calibration_end" in t.columns and truth.attrs.get("calibration_end") is not None \
            and check_date("calibration_end", truth.attrs["calibration_end"],
                           where="truth.attrs") == t1:
        dropped = ~t["alive_at_calibration_end"].astype(bool)
    else:
        return None
    return pd.Series(dropped.to_numpy(), index=index, name="dropped_out")


def _summary_at(transactions: pd.DataFrame, t1: pd.Timestamp, model: Any,
                summary: pd.DataFrame | None) -> pd.DataFrame:
    """``summary`` when given, else the ``rfm_summary`` up to ``t1`` in the model's time unit."""
    if summary is not None:
        return summary
    from ..features import rfm_summary

    return rfm_summary(_upto(transactions, t1), observation_end=t1,
                       time_unit=getattr(model, "time_unit_", "D"))


def churn_warning(
    transactions: pd.DataFrame,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    window_days: float | None = None,
    transaction_model: Any = None,
    summary: pd.DataFrame | None = None,
    p_alive: pd.Series | None = None,
    p_overdue: pd.Series | None = None,
    customers: pd.DataFrame | None = None,
    attribute_columns: Sequence[str] | None = None,
    truth: pd.DataFrame | None = None,
    threshold: float = 0.5,
    overdue_threshold: float = 0.9,
    k: float = 2.0,
    supervised_threshold: float = 0.5,
    top_pct: float = 0.10,
    estimators: Sequence[str] = ("logistic", "gradient_boosting"),
    calibration: str = "auto",
    random_state: int | None = None,
) -> ChurnWarningResult:
    """Run the churn warning system (流失预警系统) and compare its three signals on a later window.

    Time line: ``t1 = calibration_end`` is the scoring date, ``t2 = t1 + window_days`` (default
    ``observation_end``) ends the evaluation window ``(t1, t2]`` and ``t0 = t1 - (t2 - t1)``. The supervised models learn from
    features up to ``t0`` and the label of ``(t0, t1]``, then score features up to ``t1``. The
    model-based and rule-based signals use data up to ``t1`` only. Nothing after ``t1`` is used
    except to evaluate.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    calibration_end : date-like
        Scoring date ``t1``.
    observation_end : date-like, optional
        Last day of the data (default: the last transaction date).
    window_days : float, optional
        Length of the evaluation window and of the training label window, in days (default:
        ``observation_end - calibration_end``). Use a shorter window when the history before
        ``calibration_end`` is shorter than the holdout.
    transaction_model : fitted model, optional
        Any fitted model with ``probability_alive(summary)`` (fitted on data up to ``t1``).
    summary : DataFrame, optional
        The ``rfm_summary`` at ``t1`` the model applies to; built with the model's
        ``time_unit_`` (default "D") when not given.
    p_alive : Series, optional
        Precomputed P(alive) at ``t1`` by customer, instead of ``transaction_model``.
    p_overdue : Series, optional
        Precomputed overdue probability of a regular-buyer model at ``t1`` by customer (see
        :func:`regular_overdue_signal`); computed from ``transaction_model`` when it is a
        fitted (M)BG/CNBD-k model. Adds the signal ``regular_overdue``.
    customers : DataFrame, optional
        Customer table; its attributes feed the supervised models.
    attribute_columns : sequence of str, optional
        See :func:`churn_features`.
    truth : DataFrame, optional
        Synthetic truth with ``dropout_date`` (or ``alive_at_calibration_end``): adds the
        evaluation against who really dropped out by ``t1``.
    threshold : float
        P(alive) below which the model-based signal flags (default 0.5).
    overdue_threshold : float
        Overdue probability at or above which the regular-buyer signal flags (default 0.9).
    k : float
        Overdue multiple of the purchase cycle (default 2).
    supervised_threshold : float
        P(no purchase) at or above which the supervised signals flag (default 0.5).
    top_pct : float
        Share contacted for precision/lift at the top (default 0.10).
    estimators : sequence of {"logistic", "gradient_boosting"}
        Supervised models to fit.
    calibration : {"auto", "isotonic", "sigmoid"}
        Passed to :class:`SupervisedChurnModel`.
    random_state : int, optional
        Seed of the supervised models.

    Returns
    -------
    ChurnWarningResult
    """
    where = "churn_warning"
    check_transactions_frame(transactions, where=where)
    t1 = check_date("calibration_end", calibration_end, where=where)
    last = observation_end if observation_end is not None else transactions["date"].max()
    t2 = check_date("observation_end", last, where=where)
    if t2 <= t1:
        raise ParameterError(
            f"observation_end={t2.date()} is not after calibration_end={t1.date()}; the signals "
            f"need a later window to be judged on."
        )
    if window_days is not None:
        wd = check_positive("window_days", window_days, where=where)
        if t1 + pd.Timedelta(days=wd) > t2:
            raise ParameterError(
                f"window_days={window_days!r} runs past observation_end={t2.date()}; use at most "
                f"{(t2 - t1).days} days."
            )
        t2 = t1 + pd.Timedelta(days=int(round(wd)))
    window = t2 - t1
    t0 = t1 - window
    threshold = check_share("threshold", threshold, where=where)
    k = check_positive("k", k, where=where)
    supervised_threshold = check_share("supervised_threshold", supervised_threshold, where=where)
    top_pct = check_share("top_pct", top_pct, high_closed=True, where=where)
    for est in estimators:
        if est not in ESTIMATORS:
            raise ParameterError(f"estimators contains {est!r}; use 'logistic' and/or 'gradient_boosting'.")
    w_days = float(window.days)
    first = transactions["date"].min().normalize()
    if t0 <= first:
        raise ParameterError(
            f"calibration_end={t1.date()} leaves no training window: the first transaction is on "
            f"{first.date()} and the window is {int(w_days)} days; use a later calibration_end or a "
            f"shorter window_days."
        )

    feats_t1 = churn_features(transactions, as_of=t1, trend_window_days=w_days,
                              customers=customers, attribute_columns=attribute_columns)
    index = feats_t1.index
    signals = pd.DataFrame(index=index)

    # (a) model-based
    if transaction_model is not None or p_alive is not None:
        if p_alive is None:
            summary = _summary_at(transactions, t1, transaction_model, summary)
            pa = palive_signal(transaction_model, summary, threshold=threshold)["p_alive"]
        else:
            pa = pd.Series(p_alive, dtype=float)
        pa = pa.reindex(index)
        if pa.isna().any():
            missing = index[pa.isna().to_numpy()]
            raise DataValidationError(
                f"P(alive) is missing for {len(missing)} customer(s) active by {t1.date()} (first: "
                f"{missing[0]!r}); build the summary from the same transactions up to calibration_end."
            )
        signals["p_alive"] = pa.to_numpy()
        signals["score_p_alive"] = 1.0 - pa.to_numpy()
        signals["flag_p_alive"] = (pa < threshold).to_numpy()

    # (a') model-based overdue, for a regular-buyer model ((M)BG/CNBD-k)
    if p_overdue is None and hasattr(transaction_model, "overdue_probability"):
        summary = _summary_at(transactions, t1, transaction_model, summary)
        p_overdue = regular_overdue_signal(transaction_model, summary)["p_overdue"]
    if p_overdue is not None:
        po = pd.Series(p_overdue, dtype=float).reindex(index)
        if po.isna().any():
            raise DataValidationError(
                f"the overdue probability is missing for {int(po.isna().sum())} customer(s) active "
                f"by {t1.date()}; build the summary from the same transactions up to calibration_end."
            )
        signals["p_overdue"] = po.to_numpy()
        signals["score_regular_overdue"] = po.to_numpy()
        signals["flag_regular_overdue"] = (po >= overdue_threshold).to_numpy()

    # (b) rule-based
    od = overdue_signal(feats_t1, k=k)
    signals["days_since_last_purchase"] = od["days_since_last_purchase"]
    signals["cycle_days"] = od["cycle_days"]
    signals["cycle_source"] = od["cycle_source"]
    signals["overdue_ratio"] = od["overdue_ratio"]
    signals["score_overdue"] = od["overdue_ratio"]
    signals["flag_overdue"] = od["flag"]

    # (c) supervised, split by time
    models: dict[str, SupervisedChurnModel] = {}
    n_train = 0
    if estimators:
        feats_t0 = churn_features(transactions, as_of=t0, trend_window_days=w_days,
                                  customers=customers, attribute_columns=attribute_columns)
        y_train = no_purchase_label(transactions, feats_t0.index, start=t0, end=t1)
        n_train = len(feats_t0)
        for est in estimators:
            model = SupervisedChurnModel(estimator=est, calibration=calibration,
                                         random_state=random_state).fit(feats_t0, y_train)
            models[est] = model
            prob = model.predict_proba(feats_t1)
            signals[f"p_no_purchase_{est}"] = prob.to_numpy()
            signals[f"score_{est}"] = prob.to_numpy()
            signals[f"flag_{est}"] = (prob >= supervised_threshold).to_numpy()

    # outcomes
    y_next = no_purchase_label(transactions, index, start=t1, end=t2)
    signals["no_purchase_next_window"] = y_next.to_numpy()
    y_truth = _truth_labels(truth, index, t1) if truth is not None else None
    if y_truth is not None:
        signals["dropped_out"] = y_truth.to_numpy()

    result = ChurnWarningResult(
        signals=signals, features=feats_t1, evaluation=pd.DataFrame(), calibration=pd.DataFrame(),
        roc=pd.DataFrame(), models=models, t0=t0, t1=t1, t2=t2,
    )
    sc, fl = result.scores(), result.flags()
    evals = {"next_window": evaluate_churn_scores(sc, y_next, flags=fl, top_pct=top_pct)}
    if y_truth is not None:
        evals["truth_dropout"] = evaluate_churn_scores(sc, y_truth, flags=fl, top_pct=top_pct)
    result.evaluation = pd.concat(evals, names=["target", "signal"])
    result.calibration = calibration_table(sc, y_next)
    result.roc = roc_table(sc, y_next)
    result.settings = {
        "threshold": threshold, "overdue_threshold": overdue_threshold, "k": k, "supervised_threshold": supervised_threshold,
        "top_pct": top_pct, "window_days": w_days, "n_train": n_train, "n_scored": len(index),
        "currency": transactions.attrs.get("currency", "USD"),
    }
    return result



def churn_warning_for_data(
    data: Any,
    *,
    transaction_model: Any = "mbgnbd",
    time_unit: str = "W",
    window_days: float | None = None,
    use_customers: bool = True,
    **kwargs: Any,
) -> ChurnWarningResult:
    """Run :func:`churn_warning` on a data set from ``clvmodels.datasets.load_data``.

    Fits the transaction model on the ``rfm_summary`` of the data up to
    ``data.calibration_end`` (customers first seen on that day, T = 0, are left out of the fit
    and get P(alive) = 1: they have just bought) and passes the customer table and the truth
    when the data set has them.

    Parameters
    ----------
    data : CRMData
        With ``transactions``, ``calibration_end``, ``observation_end`` and optionally
        ``customers`` and ``truth``.
    transaction_model : {"bgnbd", "mbgnbd", "paretonbd"} or model
        Name of a clvmodels transaction model, looked up with
        :func:`clvmodels.models.transaction_model` (the literature names "BG/NBD", "MBG/NBD",
        "Pareto/NBD" work too), or an unfitted model with ``fit(summary)`` and
        ``probability_alive(summary)``. Default "mbgnbd": unlike BG/NBD, whose P(alive) is 1
        for every one-time buyer, MBG/NBD lets one-time buyers drop out.
    time_unit : {"D", "W", "M"}
        Time unit of the summary the model is fitted on.
    window_days : float, optional
        See :func:`churn_warning`.
    use_customers : bool
        Feed the customer table's attributes to the supervised models (default True).
    **kwargs
        Passed to :func:`churn_warning` (``threshold``, ``k``, ``top_pct``, ``random_state``...).

    Returns
    -------
    ChurnWarningResult
        With ``settings["transaction_model"]`` naming the model (the name as passed, or the
        class name of a model instance).

    Raises
    ------
    ParameterError
        When ``transaction_model`` is a name no clvmodels model has.
    """
    from .. import models
    from ..features import rfm_summary

    tx = data.transactions
    cal = check_date("calibration_end", data.calibration_end, where="churn_warning_for_data")
    if isinstance(transaction_model, str):
        name = transaction_model
        model = models.transaction_model(transaction_model)
    else:
        name = type(transaction_model).__name__
        model = transaction_model
    summary = rfm_summary(_upto(tx, cal), observation_end=cal, time_unit=time_unit)
    if isinstance(model, models.TransactionModel):
        # the models' T = 0 rule: customers first seen on the scoring day are left out of the
        # fit and predicted alive (they have just bought)
        model.fit(summary)
        p_alive = palive_signal(model, summary)["p_alive"]
        if hasattr(model, "overdue_probability"):
            kwargs.setdefault("p_overdue", regular_overdue_signal(model, summary)["p_overdue"])
    else:  # another library's model: apply the same rule here
        seen = summary.loc[summary["T"] > 0]
        model.fit(seen)
        p_alive = palive_signal(model, seen)["p_alive"].reindex(summary.index).fillna(1.0)
    result = churn_warning(
        tx, calibration_end=cal, observation_end=data.observation_end, window_days=window_days,
        p_alive=p_alive, customers=data.customers if use_customers else None, truth=data.truth,
        **kwargs,
    )
    result.settings["transaction_model"] = name
    return result
