"""The churn warning system (流失预警系统): three signals for the same customers, judged later.

:func:`churn_warning` computes the signals at the scoring day ``t1`` (P(alive), overdue, the
supervised models trained on ``(t0, t1]``) and evaluates them on ``(t1, t2]``;
:func:`churn_warning_for_data` does the same for a data set of ``clvmodels.datasets``.

Both are made of public steps, so a teaching notebook can run them one at a time and get the
same result: :func:`churn_dates` (the time line ``t0 < t1 < t2``), the features and labels of
:mod:`~clvmodels.churn.features`, the signals of :mod:`~clvmodels.churn.signals` and
:class:`~clvmodels.churn.SupervisedChurnModel`, and :func:`churn_warning_result`, which puts the
signals side by side and evaluates them on the later window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from .._checks import check_date, check_positive, check_share, check_transactions_frame
from ..exceptions import DataValidationError, ParameterError
from .evaluation import calibration_table, evaluate_churn_scores, roc_table
from .features import churn_features, churn_summary, no_purchase_label
from .signals import overdue_signal, palive_signal, regular_overdue_signal
from .supervised import ESTIMATORS, SupervisedChurnModel

__all__ = [
    "ChurnDates", "ChurnWarningResult", "churn_dates", "churn_warning", "churn_warning_for_data",
    "churn_warning_result",
]

#: The signals in display order (the columns of :meth:`ChurnWarningResult.scores`).
SIGNAL_ORDER = ("p_alive", "regular_overdue", "overdue", "logistic", "gradient_boosting")


class ChurnDates(NamedTuple):
    """The time line of a churn warning run (:func:`churn_dates`): ``t0 < t1 < t2``.

    Attributes
    ----------
    t0 : Timestamp
        Cut-off of the training features; the training label is "no purchase in ``(t0, t1]``".
    t1 : Timestamp
        Scoring day: every signal is computed from transactions up to ``t1``.
    t2 : Timestamp
        End of the evaluation window ``(t1, t2]``, which no signal sees.
    """

    t0: pd.Timestamp
    t1: pd.Timestamp
    t2: pd.Timestamp

    @property
    def window_days(self) -> float:
        """Length of each window, ``t2 - t1 = t1 - t0``, in days."""
        return float((self.t2 - self.t1).days)


def _dates(transactions: pd.DataFrame, calibration_end: Any, observation_end: Any,
           window_days: float | None, where: str) -> ChurnDates:
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
    t0 = t1 - (t2 - t1)
    first = transactions["date"].min().normalize()
    if t0 <= first:
        raise ParameterError(
            f"calibration_end={t1.date()} leaves no training window: the first transaction is on "
            f"{first.date()} and the window is {(t2 - t1).days} days; use a later calibration_end "
            f"or a shorter window_days."
        )
    return ChurnDates(t0, t1, t2)


def churn_dates(
    transactions: pd.DataFrame,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    window_days: float | None = None,
) -> ChurnDates:
    """The three dates of a churn warning run (时间线): training cut-off, scoring day, window end.

    ``t1 = calibration_end`` is the scoring day, ``t2 = t1 + window_days`` (default
    ``observation_end``) ends the evaluation window ``(t1, t2]`` and ``t0 = t1 - (t2 - t1)`` is
    the cut-off of the training features, whose label is "no purchase in ``(t0, t1]``". The same
    dates :func:`churn_warning` uses.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (the first date must be before ``t0``).
    calibration_end : date-like, keyword-only
        Scoring day ``t1`` (e.g. ``data.calibration_end`` of a data set).
    observation_end : date-like, optional
        Last day of the data (default: the last transaction date).
    window_days : float, optional
        Length of the evaluation window and of the training label window, in days (default:
        ``observation_end - calibration_end``).

    Returns
    -------
    ChurnDates
        ``(t0, t1, t2)``, with ``window_days`` (days).

    Raises
    ------
    ParameterError
        When the window runs past ``observation_end`` or leaves no history before ``t0``.
    """
    check_transactions_frame(transactions, where="churn_dates")
    return _dates(transactions, calibration_end, observation_end, window_days, "churn_dates")


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
        ``threshold``, ``overdue_threshold``, ``k``, ``top_pct``, ``supervised_threshold``,
        ``window_days``, counts, ``currency`` (and ``transaction_model`` when named).
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


def _signal_frame(frame: Any, name: str, columns: Sequence[str], index: pd.Index,
                  t1: pd.Timestamp, made_by: str) -> pd.DataFrame:
    """``frame`` (the output of a signal function) on ``index``, or a one-line error."""
    if not isinstance(frame, pd.DataFrame) or any(c not in frame.columns for c in columns):
        raise ParameterError(
            f"churn_warning_result: {name} must be the DataFrame returned by {made_by} "
            f"(columns {list(columns)})."
        )
    out = frame.reindex(index)
    missing = out[columns[0]].isna()
    if missing.any():
        raise DataValidationError(
            f"churn_warning_result: {name} is missing for {int(missing.sum())} customer(s) active "
            f"by {t1.date()} (first: {index[missing.to_numpy()][0]!r}); build it from the same "
            f"transactions up to the scoring day."
        )
    return out


def _attr(frame: pd.DataFrame, key: str, name: str, made_by: str) -> float:
    if key not in frame.attrs:
        raise ParameterError(
            f"churn_warning_result: {name} has no attrs[{key!r}]; pass the DataFrame returned by "
            f"{made_by} as it is."
        )
    return float(frame.attrs[key])


def churn_warning_result(
    features: pd.DataFrame,
    *,
    dates: ChurnDates,
    overdue: pd.DataFrame,
    outcome: pd.Series,
    p_alive: pd.DataFrame | None = None,
    regular_overdue: pd.DataFrame | None = None,
    models: Mapping[str, SupervisedChurnModel] | None = None,
    truth: pd.DataFrame | None = None,
    supervised_threshold: float = 0.5,
    top_pct: float = 0.10,
    transaction_model: str | None = None,
) -> ChurnWarningResult:
    """Put the signals of one scoring day side by side and judge them on the later window.

    The last step of :func:`churn_warning`, for when the steps are run one at a time (as in
    the teaching notebook): the signals computed for the customers of ``features`` become one
    table of scores and flags, and every score is evaluated on ``outcome`` (and on the truth
    when known) with :func:`evaluate_churn_scores`, :func:`calibration_table` and
    :func:`roc_table`. The result works with :func:`winback_list`,
    :func:`format_evaluation`, :func:`churn_conclusion` and :func:`timeline_text`.

    Parameters
    ----------
    features : DataFrame
        :func:`churn_features` at the scoring day ``dates.t1`` (its customers are scored).
    dates : ChurnDates, keyword-only
        :func:`churn_dates`.
    overdue : DataFrame, keyword-only
        :func:`overdue_signal` of ``features`` (its ``attrs["k"]`` is recorded).
    outcome : Series, keyword-only
        :func:`no_purchase_label` of the customers of ``features`` on ``(t1, t2]``.
    p_alive : DataFrame, optional, keyword-only
        :func:`palive_signal` at ``t1`` (its flag and ``attrs["threshold"]`` are kept).
    regular_overdue : DataFrame, optional, keyword-only
        :func:`regular_overdue_signal` at ``t1`` (a regular-buyer model only).
    models : mapping of str to SupervisedChurnModel, optional, keyword-only
        Supervised models fitted on the features at ``t0`` and the label of ``(t0, t1]``, by
        estimator name ("logistic", "gradient_boosting"); each scores ``features``.
    truth : DataFrame, optional, keyword-only
        Synthetic truth with ``dropout_date`` (or ``alive_at_calibration_end``): adds the
        evaluation against who really dropped out by ``t1``.
    supervised_threshold : float, keyword-only
        P(no purchase) at or above which the supervised signals flag (default 0.5).
    top_pct : float, keyword-only
        Share contacted for precision/lift at the top (default 0.10).
    transaction_model : str, optional, keyword-only
        Name of the model behind P(alive), recorded in ``settings`` for the time line text.

    Returns
    -------
    ChurnWarningResult
        Equal to what :func:`churn_warning` returns for the same steps.
    """
    where = "churn_warning_result"
    if not isinstance(dates, ChurnDates):
        raise ParameterError(f"{where}: dates must be the ChurnDates returned by churn_dates.")
    supervised_threshold = check_share("supervised_threshold", supervised_threshold, where=where)
    top_pct = check_share("top_pct", top_pct, high_closed=True, where=where)
    t0, t1, t2 = dates
    index = features.index
    signals = pd.DataFrame(index=index)
    threshold = overdue_threshold = None

    # (a) model-based
    if p_alive is not None:
        pa = _signal_frame(p_alive, "p_alive", ["p_alive", "flag"], index, t1, "palive_signal")
        threshold = _attr(p_alive, "threshold", "p_alive", "palive_signal")
        signals["p_alive"] = pa["p_alive"].to_numpy(dtype=float)
        signals["score_p_alive"] = 1.0 - pa["p_alive"].to_numpy(dtype=float)
        signals["flag_p_alive"] = pa["flag"].to_numpy(dtype=bool)

    # (a') model-based overdue, for a regular-buyer model ((M)BG/CNBD-k)
    if regular_overdue is not None:
        po = _signal_frame(regular_overdue, "regular_overdue", ["p_overdue", "flag"], index, t1,
                           "regular_overdue_signal")
        overdue_threshold = _attr(regular_overdue, "threshold", "regular_overdue",
                                  "regular_overdue_signal")
        signals["p_overdue"] = po["p_overdue"].to_numpy(dtype=float)
        signals["score_regular_overdue"] = po["p_overdue"].to_numpy(dtype=float)
        signals["flag_regular_overdue"] = po["flag"].to_numpy(dtype=bool)

    # (b) rule-based
    od = _signal_frame(overdue, "overdue", ["overdue_ratio", "days_since_last_purchase",
                                            "cycle_days", "cycle_source", "flag"],
                       index, t1, "overdue_signal")
    k = _attr(overdue, "k", "overdue", "overdue_signal")
    for col in ("days_since_last_purchase", "cycle_days", "cycle_source", "overdue_ratio"):
        signals[col] = od[col].to_numpy()
    signals["score_overdue"] = od["overdue_ratio"].to_numpy()
    signals["flag_overdue"] = od["flag"].to_numpy(dtype=bool)

    # (c) supervised, trained on (t0, t1]
    models = dict(models or {})
    for est, model in models.items():
        if est not in ESTIMATORS:
            raise ParameterError(
                f"{where}: models has the key {est!r}; name the models 'logistic' and/or "
                f"'gradient_boosting'."
            )
        prob = model.predict_proba(features)
        signals[f"p_no_purchase_{est}"] = prob.to_numpy()
        signals[f"score_{est}"] = prob.to_numpy()
        signals[f"flag_{est}"] = (prob >= supervised_threshold).to_numpy()
    n_train = next(iter(models.values())).n_train_ if models else 0

    # outcomes
    if not isinstance(outcome, pd.Series):
        raise ParameterError(f"{where}: outcome must be the Series returned by no_purchase_label.")
    y_next = outcome.reindex(index)
    if y_next.isna().any():
        raise DataValidationError(
            f"{where}: outcome has no label for {int(y_next.isna().sum())} customer(s) of "
            f"features; label the customers of features: no_purchase_label(transactions, "
            f"features.index, start=t1, end=t2)."
        )
    y_next = y_next.astype(bool)
    signals["no_purchase_next_window"] = y_next.to_numpy()
    y_truth = _truth_labels(truth, index, t1) if truth is not None else None
    if y_truth is not None:
        signals["dropped_out"] = y_truth.to_numpy()

    result = ChurnWarningResult(
        signals=signals, features=features, evaluation=pd.DataFrame(), calibration=pd.DataFrame(),
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
        "threshold": threshold, "overdue_threshold": overdue_threshold, "k": k,
        "supervised_threshold": supervised_threshold, "top_pct": top_pct,
        "window_days": dates.window_days, "n_train": n_train, "n_scored": len(index),
        "currency": features.attrs.get("currency", "USD"),
    }
    if transaction_model is not None:
        result.settings["transaction_model"] = transaction_model
    return result


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

    Time line (:func:`churn_dates`): ``t1 = calibration_end`` is the scoring date,
    ``t2 = t1 + window_days`` (default ``observation_end``) ends the evaluation window
    ``(t1, t2]`` and ``t0 = t1 - (t2 - t1)``. The supervised models learn from features up to
    ``t0`` and the label of ``(t0, t1]``, then score features up to ``t1``. The model-based and
    rule-based signals use data up to ``t1`` only. Nothing after ``t1`` is used except to
    evaluate. The steps: :func:`churn_features`, :func:`no_purchase_label`,
    :func:`palive_signal`, :func:`regular_overdue_signal`, :func:`overdue_signal`,
    :class:`SupervisedChurnModel`, then :func:`churn_warning_result`.

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
        ``time_unit_`` (default "D") when not given (:func:`churn_summary`).
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
    dates = _dates(transactions, calibration_end, observation_end, window_days, where)
    t0, t1, t2 = dates
    threshold = check_share("threshold", threshold, where=where)
    overdue_threshold = check_share("overdue_threshold", overdue_threshold, where=where)
    k = check_positive("k", k, where=where)
    supervised_threshold = check_share("supervised_threshold", supervised_threshold, where=where)
    top_pct = check_share("top_pct", top_pct, high_closed=True, where=where)
    for est in estimators:
        if est not in ESTIMATORS:
            raise ParameterError(f"estimators contains {est!r}; use 'logistic' and/or 'gradient_boosting'.")

    feats_t1 = churn_features(transactions, as_of=t1, trend_window_days=dates.window_days,
                              customers=customers, attribute_columns=attribute_columns)
    index = feats_t1.index

    def summary_at_t1() -> pd.DataFrame:
        return summary if summary is not None else churn_summary(
            transactions, as_of=t1, time_unit=getattr(transaction_model, "time_unit_", "D"))

    # (a) model-based
    pa = None
    if p_alive is not None:
        pa = _palive_frame(pd.Series(p_alive, dtype=float), threshold)
    elif transaction_model is not None:
        pa = palive_signal(transaction_model, summary_at_t1(), threshold=threshold)
    if pa is not None and pa["p_alive"].reindex(index).isna().any():
        missing = index[pa["p_alive"].reindex(index).isna().to_numpy()]
        raise DataValidationError(
            f"P(alive) is missing for {len(missing)} customer(s) active by {t1.date()} (first: "
            f"{missing[0]!r}); build the summary from the same transactions up to calibration_end."
        )
    # (a') model-based overdue, for a regular-buyer model ((M)BG/CNBD-k)
    regular = None
    if p_overdue is not None:
        po = pd.Series(p_overdue, dtype=float)
        regular = pd.DataFrame({"p_overdue": po, "flag": po >= overdue_threshold})
        regular.attrs = {"threshold": overdue_threshold}
    elif hasattr(transaction_model, "overdue_probability"):
        regular = regular_overdue_signal(transaction_model, summary_at_t1(),
                                         threshold=overdue_threshold)
    if regular is not None and regular["p_overdue"].reindex(index).isna().any():
        raise DataValidationError(
            f"the overdue probability is missing for "
            f"{int(regular['p_overdue'].reindex(index).isna().sum())} customer(s) active by "
            f"{t1.date()}; build the summary from the same transactions up to calibration_end."
        )

    # (b) rule-based
    od = overdue_signal(feats_t1, k=k)

    # (c) supervised: features at t0, label of (t0, t1]
    models: dict[str, SupervisedChurnModel] = {}
    if estimators:
        feats_t0 = churn_features(transactions, as_of=t0, trend_window_days=dates.window_days,
                                  customers=customers, attribute_columns=attribute_columns)
        y_train = no_purchase_label(transactions, feats_t0.index, start=t0, end=t1)
        for est in estimators:
            models[est] = SupervisedChurnModel(estimator=est, calibration=calibration,
                                               random_state=random_state).fit(feats_t0, y_train)

    # outcome on the later window, evaluation
    y_next = no_purchase_label(transactions, index, start=t1, end=t2)
    result = churn_warning_result(
        feats_t1, dates=dates, overdue=od, outcome=y_next, p_alive=pa, regular_overdue=regular,
        models=models, truth=truth, supervised_threshold=supervised_threshold, top_pct=top_pct,
    )
    return result


def _palive_frame(p_alive: pd.Series, threshold: float) -> pd.DataFrame:
    """A precomputed P(alive) in the form of :func:`palive_signal`'s output."""
    out = pd.DataFrame({"p_alive": p_alive, "churn_score": 1.0 - p_alive,
                        "flag": p_alive < threshold})
    out.attrs = {"threshold": threshold}
    return out


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

    tx = data.transactions
    cal = check_date("calibration_end", data.calibration_end, where="churn_warning_for_data")
    if isinstance(transaction_model, str):
        name = transaction_model
        model = models.transaction_model(transaction_model)
    else:
        name = type(transaction_model).__name__
        model = transaction_model
    summary = churn_summary(tx, as_of=cal, time_unit=time_unit)
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
