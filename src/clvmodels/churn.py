"""Churn warning (流失预警): three signals for the same customers, judged on a later window.

Sources 002/003 describe a churn warning system (顾客流失警示系统) built on the customer database.
This module makes three versions of it computable and compares them honestly, on a window of
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
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import DataValidationError, NotFittedError, ParameterError
from .labels import check_lang, label

__all__ = [
    "ChurnWarningResult",
    "SupervisedChurnModel",
    "calibration_table",
    "churn_conclusion",
    "churn_features",
    "churn_warning",
    "churn_warning_for_data",
    "evaluate_churn_scores",
    "format_evaluation",
    "format_winback",
    "no_purchase_label",
    "overdue_signal",
    "palive_signal",
    "roc_table",
    "timeline_text",
    "winback_list",
]

#: Signals whose score is a probability of churn (a calibration curve and Brier score apply).
PROBABILISTIC_SIGNALS = ("p_alive", "logistic", "gradient_boosting")
_SIGNAL_ORDER = ("p_alive", "overdue", "logistic", "gradient_boosting")


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------
def _check_transactions(transactions: Any, func: str) -> pd.DataFrame:
    if not isinstance(transactions, pd.DataFrame):
        raise DataValidationError(
            f"{func}: transactions is a {type(transactions).__name__}, not a DataFrame; read it "
            f"with clvmodels.read_transactions."
        )
    missing = [c for c in ("customer_id", "date", "amount") if c not in transactions.columns]
    if missing:
        raise DataValidationError(
            f"{func}: transactions lack column(s) {missing}; pass canonical transactions "
            f"(customer_id, date, amount), e.g. from clvmodels.read_transactions."
        )
    if not pd.api.types.is_datetime64_any_dtype(transactions["date"]):
        raise DataValidationError(
            f"{func}: column 'date' has dtype {transactions['date'].dtype}, not datetime; read "
            f"the log with clvmodels.read_transactions, which parses dates."
        )
    return transactions


def _day(value: Any, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={value!r} is not a date; pass e.g. '1997-09-30'.") from None
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(f"{name}={value!r} is not a date; pass e.g. '1997-09-30'.")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


def _check_positive(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number) or not value > 0:
        raise ParameterError(f"{name}={value!r} must be a number > 0.")
    return float(value)


def _check_share(name: str, value: Any, *, closed: bool = False) -> float:
    ok = isinstance(value, int | float | np.number) and not isinstance(value, bool)
    ok = ok and (0 < value <= 1 if closed else 0 < value < 1)
    if not ok:
        rng = "(0, 1]" if closed else "(0, 1)"
        raise ParameterError(f"{name}={value!r} is out of range; use a value in {rng}, e.g. 0.1.")
    return float(value)


def _upto(transactions: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    dates = transactions["date"]
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return transactions.loc[dates.to_numpy() < (end + pd.Timedelta(days=1)).to_datetime64()]


# --------------------------------------------------------------------------------------------
# features and labels
# --------------------------------------------------------------------------------------------
def _customer_table(customers: pd.DataFrame | None) -> pd.DataFrame | None:
    if customers is None:
        return None
    if not isinstance(customers, pd.DataFrame):
        raise ParameterError(
            f"customers is a {type(customers).__name__}; pass a DataFrame with a customer_id "
            f"column or index, or None."
        )
    table = customers
    if "customer_id" in table.columns:
        table = table.set_index("customer_id")
    elif table.index.name != "customer_id":
        raise ParameterError(
            "customers has no customer_id column or index; pass the customer table of the data "
            "set (e.g. load_data(...).customers)."
        )
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()][0]
        raise DataValidationError(
            f"customers: customer_id {dup!r} appears more than once; keep one row per customer."
        )
    return table


def _default_attributes(table: pd.DataFrame, max_categories: int = 50) -> list[str]:
    cols = []
    for col in table.columns:
        s = table[col]
        if pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_numeric_dtype(s):
            continue
        if s.nunique(dropna=True) <= max_categories:
            cols.append(col)
    return cols


def churn_features(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    trend_window_days: float = 91.0,
    customers: pd.DataFrame | None = None,
    attribute_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Churn features (流失预警特征) of every customer who bought on or before ``as_of``.

    Only transactions dated on or before ``as_of`` are used, so features built from a log cut at
    ``as_of`` equal features built from the full log (no leakage from the future).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``customer_id``, ``date``, ``amount``).
    as_of : date-like
        The day the features describe (end of the calibration window, inclusive).
    trend_window_days : float, keyword-only
        Length of the two windows compared for trends: ``(as_of - w, as_of]`` ("recent") and
        ``(as_of - 2w, as_of - w]`` ("previous"), in days (default 91, a quarter).
    customers : DataFrame, optional
        Customer table (客户资料) with a ``customer_id`` column or index; its attributes are added.
    attribute_columns : sequence of str, optional
        Columns of ``customers`` to add. Default: the categorical columns with at most 50 levels.
        Numeric columns are added only when listed, because counts such as complaints or
        referrals are often measured up to the end of the data and would leak the future.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), one row per customer with a purchase by ``as_of``:
        ``days_since_last_purchase``, ``tenure_days`` (days), ``n_orders``, ``n_purchase_days``
        (counts), ``total_spend``, ``mean_order_value`` (currency), ``avg_cycle_days`` (days; NaN
        for one-time buyers), ``one_time_buyer`` (0/1), ``repeat_rate_per_year`` (repeat purchase
        days per 365 days of tenure), ``population_cycle_days`` (days, same for all),
        ``overdue_ratio`` (days since last purchase / own cycle, or / population cycle for
        one-time buyers), ``purchases_recent``, ``purchases_previous`` (purchase days),
        ``spend_recent``, ``spend_previous`` (currency), ``frequency_trend`` (recent - previous
        purchase days), ``spend_trend`` (log(1 + recent) - log(1 + previous) spend), then the
        customer attributes prefixed ``attr_``. ``attrs``: ``as_of``, ``trend_window_days``,
        ``currency``.

    Notes
    -----
    .. math:: \\text{overdue ratio} = \\frac{\\text{days since last purchase}}{\\bar c},
              \\qquad \\bar c = \\frac{\\text{last} - \\text{first purchase day}}{n_{days} - 1}
    """
    from .features import customer_features

    _check_transactions(transactions, "churn_features")
    end = _day(as_of, "as_of")
    w = _check_positive("trend_window_days", trend_window_days)
    tx = _upto(transactions, end)
    if tx.empty:
        raise ParameterError(
            f"as_of={end.date()} is before the first transaction; pass a later date."
        )
    base = customer_features(tx, observation_end=end)
    out = base[["days_since_last_purchase", "tenure_days", "n_orders", "n_purchase_days",
                "total_spend", "mean_order_value", "avg_cycle_days"]].astype(float)
    one_time = out["n_purchase_days"] <= 1
    out["one_time_buyer"] = one_time.astype(float)
    out["repeat_rate_per_year"] = (out["n_purchase_days"] - 1) / np.maximum(out["tenure_days"], 1.0) * 365.0
    repeat_cycles = out.loc[~one_time, "avg_cycle_days"]
    pop_cycle = float(repeat_cycles.median()) if len(repeat_cycles) else float(w)
    pop_cycle = max(pop_cycle, 1.0)
    out["population_cycle_days"] = pop_cycle
    cycle = out["avg_cycle_days"].where(~one_time, pop_cycle).clip(lower=1.0)
    out["overdue_ratio"] = out["days_since_last_purchase"] / cycle

    # trends: purchase days and spend in the recent vs the previous window
    day = tx["date"].dt.normalize()
    daily = (
        pd.DataFrame({"customer_id": tx["customer_id"].to_numpy(), "day": day.to_numpy(),
                      "amount": tx["amount"].to_numpy(dtype=float)})
        .groupby(["customer_id", "day"], sort=False)["amount"].sum().reset_index()
    )
    age = (end - daily["day"]).dt.days.to_numpy()
    recent = age < w
    previous = (age >= w) & (age < 2 * w)
    for name, mask in (("recent", recent), ("previous", previous)):
        part = daily.loc[mask]
        g = part.groupby("customer_id")["amount"]
        out[f"purchases_{name}"] = g.size().reindex(out.index, fill_value=0).astype(float)
        out[f"spend_{name}"] = g.sum().reindex(out.index, fill_value=0.0).astype(float)
    out["frequency_trend"] = out["purchases_recent"] - out["purchases_previous"]
    out["spend_trend"] = np.log1p(out["spend_recent"]) - np.log1p(out["spend_previous"])

    table = _customer_table(customers)
    if table is not None:
        cols = list(attribute_columns) if attribute_columns is not None else _default_attributes(table)
        unknown = [c for c in cols if c not in table.columns]
        if unknown:
            raise ParameterError(
                f"attribute_columns {unknown} are not in customers; use some of {list(table.columns)}."
            )
        attrs = table.reindex(out.index)[cols]
        for col in cols:
            out[f"attr_{col}"] = attrs[col].to_numpy() if not isinstance(
                attrs[col].dtype, pd.CategoricalDtype) else attrs[col].astype(object).to_numpy()
    elif attribute_columns:
        raise ParameterError("attribute_columns given without customers; pass customers=... too.")
    out.index.name = "customer_id"
    out.attrs = {"as_of": end, "trend_window_days": w,
                 "currency": transactions.attrs.get("currency", "USD")}
    return out


def no_purchase_label(
    transactions: pd.DataFrame, customers: pd.Index | Sequence[Any], *, start: Any, end: Any
) -> pd.Series:
    """Label "no purchase in the window" (下一窗口未购买) for the given customers.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    customers : Index or sequence
        Customer ids to label (the index of a feature table).
    start, end : date-like
        The window ``(start, end]`` (start exclusive, end inclusive).

    Returns
    -------
    Series
        Boolean ``no_purchase``, indexed like ``customers`` (same order): True when the customer
        has no transaction in the window.
    """
    _check_transactions(transactions, "no_purchase_label")
    t_start, t_end = _day(start, "start"), _day(end, "end")
    if t_end <= t_start:
        raise ParameterError(f"end={t_end.date()} is not after start={t_start.date()}; pass a later end.")
    dates = transactions["date"].dt.normalize()
    in_window = (dates > t_start) & (dates <= t_end)
    buyers = pd.Index(pd.unique(transactions.loc[in_window, "customer_id"]))
    index = pd.Index(customers, name="customer_id")
    return pd.Series(~index.isin(buyers), index=index, name="no_purchase")


# --------------------------------------------------------------------------------------------
# signals (a) and (b)
# --------------------------------------------------------------------------------------------
def palive_signal(model: Any, summary: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Model-based churn signal (模型预警): P(alive) below ``threshold``.

    Parameters
    ----------
    model : fitted transaction model
        Any object with ``probability_alive(summary)`` returning one probability per row
        (clvmodels' BG/NBD, Pareto/NBD, MBG/NBD, or an adapter around lifetimes' fitters).
    summary : DataFrame
        The ``rfm_summary`` at the scoring date, indexed by ``customer_id``.
    threshold : float, keyword-only
        Flag customers whose P(alive) is below this (default 0.5).

    Returns
    -------
    DataFrame
        Same index and order as ``summary``: ``p_alive`` (probability), ``churn_score``
        (1 - P(alive)), ``flag`` (bool).

    Notes
    -----
    .. math:: \\text{flag}_i = [P(\\text{alive}_i \\mid x_i, t_{x,i}, T_i) < \\theta]
    """
    _check_share("threshold", threshold)
    if not hasattr(model, "probability_alive"):
        raise ParameterError(
            f"model {type(model).__name__} has no probability_alive method; pass a fitted "
            f"transaction model such as clvmodels.models.BetaGeoModel."
        )
    p = model.probability_alive(summary)
    p = pd.Series(np.asarray(p, dtype=float).ravel(), index=summary.index) if not isinstance(
        p, pd.Series) else p.reindex(summary.index)
    if len(p) != len(summary) or p.isna().any() or ((p < 0) | (p > 1)).any():
        raise DataValidationError(
            "model.probability_alive(summary) did not return one probability in [0, 1] per "
            "customer of summary; check that the model is fitted on the same kind of summary."
        )
    return pd.DataFrame({"p_alive": p.to_numpy(), "churn_score": 1.0 - p.to_numpy(),
                         "flag": (p < threshold).to_numpy()}, index=summary.index)


def overdue_signal(features: pd.DataFrame, *, k: float = 2.0) -> pd.DataFrame:
    """Abnormal purchase behaviour (购买行为异常): overdue by more than ``k`` purchase cycles.

    Parameters
    ----------
    features : DataFrame
        Per-customer features with ``days_since_last_purchase``, ``avg_cycle_days`` (NaN for
        one-time buyers) and ``n_purchase_days`` (e.g. :func:`churn_features` or
        ``clvmodels.features.customer_features``).
    k : float, keyword-only
        Multiple of the purchase cycle after which a customer is overdue (default 2).

    Returns
    -------
    DataFrame
        Same index and order as ``features``: ``days_since_last_purchase`` (days),
        ``cycle_days`` (the cycle used, days), ``cycle_source`` ("own" or "population": one-time
        buyers have no cycle of their own and are judged against the population's median cycle),
        ``overdue_ratio`` (days since last purchase / cycle; the score), ``flag`` (bool).

    Notes
    -----
    .. math:: \\text{flag}_i = [\\,d_i > k \\cdot \\bar c_i\\,], \\quad \\bar c_i =
              \\text{own mean cycle, or the median over repeat buyers for one-time buyers}
    """
    k = _check_positive("k", k)
    needed = ["days_since_last_purchase", "avg_cycle_days", "n_purchase_days"]
    missing = [c for c in needed if c not in features.columns]
    if missing:
        raise ParameterError(
            f"features lack column(s) {missing}; build them with churn_features or "
            f"clvmodels.features.customer_features."
        )
    one_time = features["n_purchase_days"].to_numpy() <= 1
    own = features["avg_cycle_days"].astype(float)
    repeaters = own[~one_time].dropna()
    pop = float(repeaters.median()) if len(repeaters) else math.nan
    if "population_cycle_days" in features.columns and len(features):
        pop = float(features["population_cycle_days"].iloc[0])
    if not np.isfinite(pop):
        raise DataValidationError(
            "overdue_signal: no customer has two purchase days, so no purchase cycle can be "
            "measured; use a longer history."
        )
    cycle = own.where(~one_time, pop).clip(lower=1.0)
    days = features["days_since_last_purchase"].astype(float)
    ratio = days / cycle
    return pd.DataFrame(
        {
            "days_since_last_purchase": days.to_numpy(),
            "cycle_days": cycle.to_numpy(),
            "cycle_source": np.where(one_time, "population", "own"),
            "overdue_ratio": ratio.to_numpy(),
            "flag": (ratio > k).to_numpy(),
        },
        index=features.index,
    )


# --------------------------------------------------------------------------------------------
# signal (c): supervised
# --------------------------------------------------------------------------------------------
def _symlog(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


class SupervisedChurnModel:
    """Supervised churn model (监督学习流失预警): P(no purchase in the next window).

    A scikit-learn pipeline (imputation, one-hot encoding of customer attributes, then a
    logistic regression or histogram gradient boosting) wrapped in ``CalibratedClassifierCV`` so
    that the output is a calibrated probability. Fit it on features up to ``t0`` with the label
    of ``(t0, t1]``; apply it to features up to ``t1`` (see :func:`churn_warning`).

    Parameters
    ----------
    estimator : {"gradient_boosting", "logistic"}, keyword-only
        The classifier (default gradient boosting; "logistic" is the baseline).
    calibration : {"auto", "isotonic", "sigmoid"}, keyword-only
        Calibration method; "auto" uses isotonic with >= 1000 training rows and >= 100 of each
        class, else sigmoid (Platt).
    cv : int, keyword-only
        Folds of the calibration cross-fit within the training window (default 3).
    random_state : int, optional, keyword-only
        Seed of the gradient boosting and of the calibration folds.
    max_threads : int or None, keyword-only
        Threads of the native thread pools (OpenMP, BLAS) while fitting and predicting, limited
        only inside those calls (default 1: per-customer tables are small and thread start-up
        dominates on shared machines); None leaves the libraries' defaults.

    Attributes
    ----------
    calibrated_ : CalibratedClassifierCV
    feature_names_ : list of str
    categorical_features_ : list of str
    n_train_ : int
    base_rate_ : float
        Share of training customers without a purchase in the label window.
    calibration_method_ : str
    """

    def __init__(
        self,
        *,
        estimator: str = "gradient_boosting",
        calibration: str = "auto",
        cv: int = 3,
        random_state: int | None = None,
        max_threads: int | None = 1,
    ) -> None:
        self.estimator = estimator
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state
        self.max_threads = max_threads

    def _check_params(self) -> None:
        if self.estimator not in ("gradient_boosting", "logistic"):
            raise ParameterError(
                f"estimator={self.estimator!r} is not supported; use 'gradient_boosting' or 'logistic'."
            )
        if self.calibration not in ("auto", "isotonic", "sigmoid"):
            raise ParameterError(
                f"calibration={self.calibration!r} is not supported; use 'auto', 'isotonic' or 'sigmoid'."
            )
        if isinstance(self.cv, bool) or not isinstance(self.cv, int) or self.cv < 2:
            raise ParameterError(f"cv={self.cv!r} must be an integer >= 2, e.g. 3.")
        if self.max_threads is not None and (
            isinstance(self.max_threads, bool) or not isinstance(self.max_threads, int)
            or self.max_threads < 1
        ):
            raise ParameterError(f"max_threads={self.max_threads!r} must be an integer >= 1 or None.")

    def _threads(self) -> Any:
        import contextlib

        if self.max_threads is None:
            return contextlib.nullcontext()
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=self.max_threads)

    def _prepare(self, X: pd.DataFrame) -> pd.DataFrame:
        X = X.copy()
        for col in self.categorical_features_:
            X[col] = X[col].astype(object).where(X[col].notna(), "missing").astype(str).astype(object)
        for col in self.numeric_features_:
            X[col] = X[col].astype(float)
        return X[self.feature_names_]

    def _pipeline(self) -> Any:
        from sklearn.compose import ColumnTransformer
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

        onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False, min_frequency=5)
        if self.estimator == "logistic":
            num = Pipeline([
                ("impute", SimpleImputer(strategy="median", add_indicator=True)),
                ("symlog", FunctionTransformer(_symlog)),
                ("scale", StandardScaler()),
            ])
            clf: Any = LogisticRegression(max_iter=2000, C=1.0)
        else:
            num = "passthrough"
            clf = HistGradientBoostingClassifier(
                max_iter=150, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=20,
                l2_regularization=1.0, early_stopping=False, random_state=self.random_state,
            )
        transformers: list[tuple[str, Any, list[str]]] = [("num", num, self.numeric_features_)]
        if self.categorical_features_:
            transformers.append(("cat", onehot, self.categorical_features_))
        pre = ColumnTransformer(transformers, remainder="drop")
        return Pipeline([("features", pre), ("classifier", clf)])

    def fit(self, X: pd.DataFrame, y: pd.Series | np.ndarray) -> SupervisedChurnModel:
        """Fit on features ``X`` (one row per customer) and labels ``y`` (True = no purchase).

        Returns
        -------
        self
        """
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold

        self._check_params()
        if not isinstance(X, pd.DataFrame):
            raise ParameterError(f"X is a {type(X).__name__}; pass the DataFrame of churn_features.")
        y_arr = np.asarray(y).astype(bool)
        if y_arr.shape != (len(X),):
            raise ParameterError(f"y has {y_arr.size} values for {len(X)} rows of X; pass one label per row.")
        n_pos, n_neg = int(y_arr.sum()), int((~y_arr).sum())
        if min(n_pos, n_neg) < self.cv:
            raise ParameterError(
                f"the training window has {n_pos} customers without and {n_neg} with a purchase; "
                f"each class needs >= cv={self.cv}; use a longer history or a shorter window."
            )
        self.categorical_features_ = [
            c for c in X.columns
            if not (pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c]))
        ]
        self.numeric_features_ = [c for c in X.columns if c not in self.categorical_features_]
        self.feature_names_ = list(X.columns)
        method = self.calibration
        if method == "auto":
            method = "isotonic" if len(X) >= 1000 and min(n_pos, n_neg) >= 100 else "sigmoid"
        folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        self.calibrated_ = CalibratedClassifierCV(self._pipeline(), method=method, cv=folds)
        with warnings.catch_warnings(), self._threads():
            warnings.filterwarnings("ignore", message=".*unknown categor", category=UserWarning)
            self.calibrated_.fit(self._prepare(X), y_arr)
        self.calibration_method_ = method
        self.n_train_ = len(X)
        self.base_rate_ = n_pos / len(X)
        return self

    def predict_proba(self, X: pd.DataFrame) -> pd.Series:
        """Calibrated P(no purchase in the next window) per row of ``X``.

        Returns
        -------
        Series
            Probabilities in [0, 1], same index and order as ``X``, named ``p_no_purchase``.
        """
        if not hasattr(self, "calibrated_"):
            raise NotFittedError(
                "This SupervisedChurnModel instance is not fitted yet. Call 'fit' with appropriate "
                "arguments before using this estimator."
            )
        missing = [c for c in self.feature_names_ if c not in X.columns]
        if missing:
            raise ParameterError(f"X lacks feature column(s) {missing} seen in fit; build X the same way.")
        with warnings.catch_warnings(), self._threads():
            warnings.filterwarnings("ignore", message=".*unknown categor", category=UserWarning)
            proba = self.calibrated_.predict_proba(self._prepare(X))
        pos = list(self.calibrated_.classes_).index(True)
        return pd.Series(proba[:, pos], index=X.index, name="p_no_purchase")


# --------------------------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------------------------
def _aligned(scores: pd.DataFrame, y: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    if not scores.index.equals(y.index):
        raise ParameterError("scores and y must have the same customers in the same order.")
    return scores, np.asarray(y).astype(bool)


def evaluate_churn_scores(
    scores: pd.DataFrame,
    y: pd.Series,
    *,
    flags: pd.DataFrame | None = None,
    top_pct: float = 0.10,
    probabilistic: Sequence[str] = PROBABILISTIC_SIGNALS,
) -> pd.DataFrame:
    """Compare churn scores on one outcome (评估): AUC, average precision, precision/lift at top k%.

    Parameters
    ----------
    scores : DataFrame
        One column per signal, higher = more likely to churn; same index as ``y``.
    y : Series
        Outcome, True = churned (no purchase in the window, or dropped out).
    flags : DataFrame, optional
        The signals' yes/no flags (same columns); adds the flag's share, precision and recall.
    top_pct : float, keyword-only
        Share of customers, ranked by score, that a campaign would contact (default 10%).
    probabilistic : sequence of str
        Signals whose score is a probability; they get a Brier score.

    Returns
    -------
    DataFrame
        One row per signal: ``n`` (customers), ``base_rate`` (share churned), ``roc_auc``,
        ``average_precision``, ``precision_at_top``, ``lift_at_top`` (precision at top / base
        rate), ``flagged_share``, ``flag_precision``, ``flag_recall``, ``brier_score``.

    Notes
    -----
    .. math:: \\text{lift@k} = \\frac{P(\\text{churn} \\mid \\text{top } k\\%)}{P(\\text{churn})}
    """
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    top_pct = _check_share("top_pct", top_pct, closed=True)
    scores, y_arr = _aligned(scores, y)
    n = len(y_arr)
    base = float(y_arr.mean()) if n else math.nan
    both = 0 < y_arr.sum() < n
    n_top = max(1, math.ceil(top_pct * n))
    rows = {}
    for col in scores.columns:
        s = scores[col].to_numpy(dtype=float)
        order = np.argsort(-s, kind="stable")
        prec_top = float(y_arr[order[:n_top]].mean()) if n else math.nan
        row: dict[str, float] = {
            "n": float(n),
            "base_rate": base,
            "roc_auc": float(roc_auc_score(y_arr, s)) if both else math.nan,
            "average_precision": float(average_precision_score(y_arr, s)) if both else math.nan,
            "precision_at_top": prec_top,
            "lift_at_top": prec_top / base if base > 0 else math.nan,
            "flagged_share": math.nan,
            "flag_precision": math.nan,
            "flag_recall": math.nan,
            "brier_score": float(brier_score_loss(y_arr, np.clip(s, 0, 1)))
            if col in probabilistic and both else math.nan,
        }
        if flags is not None and col in flags.columns:
            f = flags[col].to_numpy().astype(bool)
            row["flagged_share"] = float(f.mean()) if n else math.nan
            row["flag_precision"] = float(y_arr[f].mean()) if f.any() else math.nan
            row["flag_recall"] = float(f[y_arr].mean()) if y_arr.any() else math.nan
        rows[col] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "signal"
    out["n"] = out["n"].astype(int)
    out.attrs["top_pct"] = top_pct
    return out


def calibration_table(
    scores: pd.DataFrame, y: pd.Series, *, n_bins: int = 10,
    probabilistic: Sequence[str] = PROBABILISTIC_SIGNALS,
) -> pd.DataFrame:
    """Calibration curve (校准曲线) of each probabilistic signal, on quantile bins.

    Returns
    -------
    DataFrame
        Long format: ``signal``, ``bin``, ``mean_predicted`` (probability), ``observed_rate``
        (share churned), ``count`` (customers).
    """
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or n_bins < 2:
        raise ParameterError(f"n_bins={n_bins!r} must be an integer >= 2, e.g. 10.")
    scores, y_arr = _aligned(scores, y)
    parts = []
    for col in scores.columns:
        if col not in probabilistic:
            continue
        s = scores[col].to_numpy(dtype=float)
        ranks = pd.Series(s).rank(method="first").to_numpy()
        b = np.minimum((ranks - 1) * n_bins // max(len(s), 1), n_bins - 1).astype(int)
        df = pd.DataFrame({"bin": b, "p": s, "y": y_arr.astype(float)})
        g = df.groupby("bin").agg(mean_predicted=("p", "mean"), observed_rate=("y", "mean"),
                                  count=("y", "size")).reset_index()
        g.insert(0, "signal", col)
        parts.append(g)
    if not parts:
        return pd.DataFrame(columns=["signal", "bin", "mean_predicted", "observed_rate", "count"])
    return pd.concat(parts, ignore_index=True)


def roc_table(scores: pd.DataFrame, y: pd.Series) -> pd.DataFrame:
    """ROC curve points (ROC 曲线) of each signal: ``signal``, ``fpr``, ``tpr`` (long format)."""
    from sklearn.metrics import roc_curve

    scores, y_arr = _aligned(scores, y)
    if not 0 < y_arr.sum() < len(y_arr):
        return pd.DataFrame(columns=["signal", "fpr", "tpr"])
    parts = []
    for col in scores.columns:
        fpr, tpr, _ = roc_curve(y_arr, scores[col].to_numpy(dtype=float))
        parts.append(pd.DataFrame({"signal": col, "fpr": fpr, "tpr": tpr}))
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------------
# the whole system
# --------------------------------------------------------------------------------------------
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
        cols = {"p_alive": "score_p_alive", "overdue": "score_overdue",
                "logistic": "score_logistic", "gradient_boosting": "score_gradient_boosting"}
        return pd.DataFrame({k: self.signals[v] for k, v in cols.items() if v in self.signals})

    def flags(self) -> pd.DataFrame:
        """Yes/no flags per signal."""
        cols = {"p_alive": "flag_p_alive", "overdue": "flag_overdue",
                "logistic": "flag_logistic", "gradient_boosting": "flag_gradient_boosting"}
        return pd.DataFrame({k: self.signals[v] for k, v in cols.items() if v in self.signals})


def _truth_labels(truth: pd.DataFrame, index: pd.Index, t1: pd.Timestamp) -> pd.Series | None:
    t = truth.reindex(index)
    if "dropout_date" in t.columns:
        d = pd.to_datetime(t["dropout_date"])
        dropped = d.notna() & (d <= t1)
    elif "alive_at_calibration_end" in t.columns and truth.attrs.get("calibration_end") is not None \
            and _day(truth.attrs["calibration_end"], "calibration_end") == t1:
        dropped = ~t["alive_at_calibration_end"].astype(bool)
    else:
        return None
    return pd.Series(dropped.to_numpy(), index=index, name="dropped_out")


def churn_warning(
    transactions: pd.DataFrame,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    window_days: float | None = None,
    transaction_model: Any = None,
    summary: pd.DataFrame | None = None,
    p_alive: pd.Series | None = None,
    customers: pd.DataFrame | None = None,
    attribute_columns: Sequence[str] | None = None,
    truth: pd.DataFrame | None = None,
    threshold: float = 0.5,
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
    customers : DataFrame, optional
        Customer table; its attributes feed the supervised models.
    attribute_columns : sequence of str, optional
        See :func:`churn_features`.
    truth : DataFrame, optional
        Synthetic truth with ``dropout_date`` (or ``alive_at_calibration_end``): adds the
        evaluation against who really dropped out by ``t1``.
    threshold : float
        P(alive) below which the model-based signal flags (default 0.5).
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
    _check_transactions(transactions, "churn_warning")
    t1 = _day(calibration_end, "calibration_end")
    t2 = _day(observation_end, "observation_end") if observation_end is not None else \
        _day(transactions["date"].max(), "observation_end")
    if t2 <= t1:
        raise ParameterError(
            f"observation_end={t2.date()} is not after calibration_end={t1.date()}; the signals "
            f"need a later window to be judged on."
        )
    if window_days is not None:
        wd = _check_positive("window_days", window_days)
        if t1 + pd.Timedelta(days=wd) > t2:
            raise ParameterError(
                f"window_days={window_days!r} runs past observation_end={t2.date()}; use at most "
                f"{(t2 - t1).days} days."
            )
        t2 = t1 + pd.Timedelta(days=int(round(wd)))
    window = t2 - t1
    t0 = t1 - window
    threshold = _check_share("threshold", threshold)
    k = _check_positive("k", k)
    supervised_threshold = _check_share("supervised_threshold", supervised_threshold)
    top_pct = _check_share("top_pct", top_pct, closed=True)
    for est in estimators:
        if est not in ("logistic", "gradient_boosting"):
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
            if summary is None:
                from .features import rfm_summary

                unit = getattr(transaction_model, "time_unit_", "D")
                summary = rfm_summary(_upto(transactions, t1), observation_end=t1, time_unit=unit)
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
        "threshold": threshold, "k": k, "supervised_threshold": supervised_threshold,
        "top_pct": top_pct, "window_days": w_days, "n_train": n_train, "n_scored": len(index),
        "currency": transactions.attrs.get("currency", "USD"),
    }
    return result


# --------------------------------------------------------------------------------------------
# win-back list and conclusion
# --------------------------------------------------------------------------------------------
def _reason(row: Any, settings: dict[str, Any], lang: str) -> str:
    """Why one customer is on the win-back list; ``row`` maps column names to values (a Series
    or a dict)."""
    zh = lang == "zh"
    parts = []
    if row.get("flag_p_alive", False):
        parts.append(
            f"存活概率 {row['p_alive']:.2f} < {settings['threshold']:.2f}" if zh
            else f"P(alive) {row['p_alive']:.2f} < {settings['threshold']:.2f}"
        )
    if row.get("flag_overdue", False):
        ratio, days, cyc = row["overdue_ratio"], row["days_since_last_purchase"], row["cycle_days"]
        if row["cycle_source"] == "population":
            parts.append(
                f"仅购买一次: 距上次购买 {days:.0f} 天 = 总体购买周期 ({cyc:.0f} 天) 的 {ratio:.1f} 倍" if zh
                else f"one-time buyer: {days:.0f} days since purchase = {ratio:.1f}x the population "
                     f"cycle ({cyc:.0f} days)"
            )
        else:
            parts.append(
                f"距上次购买 {days:.0f} 天 = 自身购买周期 ({cyc:.0f} 天) 的 {ratio:.1f} 倍" if zh
                else f"{days:.0f} days since last purchase = {ratio:.1f}x own cycle ({cyc:.0f} days)"
            )
    for est in ("gradient_boosting", "logistic"):
        if row.get(f"flag_{est}", False):
            name = label(f"churn_signal_{est}", lang)
            parts.append(
                f"{name}: 下一窗口不购买概率 {row[f'p_no_purchase_{est}']:.2f}" if zh
                else f"{name}: P(no purchase next window) {row[f'p_no_purchase_{est}']:.2f}"
            )
            break
    return "; ".join(parts)


def _reasons(signals: pd.DataFrame, settings: dict[str, Any], lang: str) -> list[str]:
    """:func:`_reason` for every row of ``signals``, reading plain column values (no per-row
    pandas indexing: a million rows take seconds, not minutes)."""
    columns = list(signals.columns)
    values = [signals[c].tolist() for c in columns]
    return [_reason(dict(zip(columns, row, strict=True)), settings, lang) for row in zip(*values, strict=True)]


def _signal_names(flags: pd.DataFrame) -> pd.Series:
    """Names of the flagging signals per customer, "|"-separated (one string per combination)."""
    if not len(flags):
        return pd.Series(dtype=str)
    bits = np.zeros(len(flags), dtype=np.int64)
    for j, col in enumerate(flags.columns):
        bits |= flags[col].to_numpy(dtype=bool).astype(np.int64) << j
    combos = {int(b): "|".join(c for j, c in enumerate(flags.columns) if (int(b) >> j) & 1)
              for b in np.unique(bits)}
    return pd.Series([combos[b] for b in bits.tolist()], index=flags.index)


def winback_list(
    result: ChurnWarningResult,
    *,
    horizon_days: float | None = None,
    spend: pd.Series | None = None,
    prior_days: float = 365.0,
    min_signals: int = 1,
    top: int | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Win-back list (流失客户挽回名单): dormant customers ranked by their value if won back.

    "One missed purchase is not forever": a flagged customer who is won back returns to their
    past buying pace. Their value if won back is what they would spend over ``horizon_days`` at
    that pace. The pace is the customer's repeat purchase rate shrunk towards the population's,
    so that a customer with two purchases a day apart is not credited with one purchase a day.

    Parameters
    ----------
    result : ChurnWarningResult
        Output of :func:`churn_warning`.
    horizon_days : float, optional
        Horizon of the value, in days (default: the evaluation window of ``result``).
    spend : Series, optional
        Expected spend per purchase by customer (e.g. ``GammaGammaModel.expected_spend``);
        default: the customer's own average spend per purchase day.
    prior_days : float, keyword-only
        Weight of the population rate, in days of observation (default 365): a customer
        observed for ``prior_days`` counts as much as the population.
    min_signals : int
        A customer is dormant when at least this many signals flag them (default 1).
    top : int, optional
        Keep only the first ``top`` rows.
    lang : {"en", "zh"}
        Language of the ``reason`` text.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, highest value first: ``value_if_won_back`` (currency over
        ``horizon_days``), ``purchases_per_year`` (purchase days per 365 days, shrunk),
        ``spend_per_purchase`` (currency), ``days_since_last_purchase`` (days), ``n_signals``
        (count), ``signals`` (names of the flagging signals, "|"-separated), ``reason`` (text).
        ``attrs``: ``horizon_days``, ``currency``.

    Notes
    -----
    .. math:: \\lambda_i = \\frac{x_i + \\bar\\lambda\\, b}{T_i + b}, \\qquad
              V_i = H \\cdot \\lambda_i \\cdot \\bar s_i

    with :math:`x_i` repeat purchase days over the tenure :math:`T_i` (days),
    :math:`\\bar\\lambda = \\sum x / \\sum T` the population rate, :math:`b` = ``prior_days``
    (the gamma-Poisson posterior mean, as in the BG/NBD's purchase part), :math:`H` the horizon
    in days and :math:`\\bar s_i` the spend per purchase. Undiscounted.
    """
    check_lang(lang)
    if not isinstance(result, ChurnWarningResult):
        raise ParameterError("result must be the ChurnWarningResult returned by churn_warning.")
    h = _check_positive("horizon_days", horizon_days) if horizon_days is not None else \
        result.settings["window_days"]
    b = _check_positive("prior_days", prior_days)
    if isinstance(min_signals, bool) or not isinstance(min_signals, int) or min_signals < 1:
        raise ParameterError(f"min_signals={min_signals!r} must be an integer >= 1.")
    sig = result.signals
    flags = result.flags()
    feats = result.features
    x = (feats["n_purchase_days"] - 1).clip(lower=0)
    tenure = feats["tenure_days"].clip(lower=1)
    pop_rate = float(x.sum() / tenure.sum()) if len(x) else 0.0
    rate = (x + pop_rate * b) / (tenure + b)
    if spend is None:
        per_purchase = feats["total_spend"] / feats["n_purchase_days"].clip(lower=1)
    else:
        per_purchase = pd.Series(spend, dtype=float).reindex(sig.index)
        if per_purchase.isna().any():
            raise DataValidationError(
                f"spend is missing for {int(per_purchase.isna().sum())} customer(s); pass one "
                f"expected spend per customer of the churn result."
            )
    names = _signal_names(flags)
    out = pd.DataFrame({
        "value_if_won_back": h * rate * per_purchase,
        "purchases_per_year": rate * 365.0,
        "spend_per_purchase": per_purchase,
        "days_since_last_purchase": sig["days_since_last_purchase"],
        "n_signals": flags.sum(axis=1).astype(int),
        "signals": names,
    }, index=sig.index)
    out = out.loc[out["n_signals"] >= min_signals]
    out = out.sort_values("value_if_won_back", ascending=False, kind="stable")
    if top is not None:
        out = out.head(int(top))
    out["reason"] = _reasons(sig.loc[out.index], result.settings, lang)
    out.attrs = {"horizon_days": h, "currency": result.settings.get("currency", "USD")}
    return out


def churn_conclusion(result: ChurnWarningResult, *, lang: str = "en", winback: pd.DataFrame | None = None) -> str:
    """A short conclusion (结论) computed from a churn warning run, in Markdown.

    Returns
    -------
    str
        Which signal ranks churners best on the later window (AUC, lift at top k%), how each
        compares on the truth when known, and the size and value of the win-back list.
    """
    check_lang(lang)
    ev = result.evaluation
    nxt = ev.xs("next_window", level="target")
    pct = 100 * result.settings["top_pct"]
    w = int(result.settings["window_days"])
    zh = lang == "zh"
    if nxt["roc_auc"].isna().all():
        share = 100 * float(nxt["base_rate"].iloc[0]) if len(nxt) else math.nan
        return (f"- 随后 {w} 天内 {share:.1f}% 的客户未购买：只有一种结果，无法比较信号。" if zh else
                f"- {share:.1f}% of customers made no purchase in the next {w} days: with one "
                f"outcome only, the signals cannot be compared.")
    best = nxt["roc_auc"].idxmax()
    best_lift = nxt["lift_at_top"].idxmax()
    name = {s: label(f"churn_signal_{s}", lang) for s in nxt.index}
    if zh:
        lines = [
            f"- 在 {result.t1.date()} 评分的 {len(result.signals):,} 位客户中，"
            f"{100 * nxt['base_rate'].iloc[0]:.1f}% 在随后 {w} 天内没有购买。",
            f"- 按 ROC AUC，最好的信号是 **{name[best]}**（{nxt.loc[best, 'roc_auc']:.3f}；随机为 0.5）；"
            f"在得分最高的 {pct:.0f}% 客户中，提升度最高的是 **{name[best_lift]}**"
            f"（{nxt.loc[best_lift, 'lift_at_top']:.2f} 倍）。",
        ]
    else:
        lines = [
            f"- Of the {len(result.signals):,} customers scored on {result.t1.date()}, "
            f"{100 * nxt['base_rate'].iloc[0]:.1f}% made no purchase in the next {w} days.",
            f"- By ROC AUC the best signal is **{name[best]}** ({nxt.loc[best, 'roc_auc']:.3f}; "
            f"random = 0.5); in the top {pct:.0f}% of scores the highest lift is "
            f"**{name[best_lift]}** ({nxt.loc[best_lift, 'lift_at_top']:.2f}x).",
        ]
    for s in nxt.index:
        r = nxt.loc[s]
        lines.append(
            f"- {name[s]}: AUC {r['roc_auc']:.3f}, " + (f"平均精度 {r['average_precision']:.3f}, "
            f"标记 {100 * r['flagged_share']:.1f}% 的客户，其中 {100 * r['flag_precision']:.1f}% 确实未再购买。"
            if zh else f"average precision {r['average_precision']:.3f}, flags "
            f"{100 * r['flagged_share']:.1f}% of customers, {100 * r['flag_precision']:.1f}% of whom "
            f"indeed did not buy again.")
        )
    if "truth_dropout" in ev.index.get_level_values("target"):
        tr = ev.xs("truth_dropout", level="target")
        bt = tr["roc_auc"].idxmax()
        lines.append(
            f"- 对照真实流失（截至 {result.t1.date()} 已流失 {100 * tr['base_rate'].iloc[0]:.1f}%），"
            f"**{name[bt]}** 的 AUC 最高（{tr.loc[bt, 'roc_auc']:.3f}）。" if zh else
            f"- Against the truth ({100 * tr['base_rate'].iloc[0]:.1f}% had really dropped out by "
            f"{result.t1.date()}), **{name[bt]}** has the highest AUC ({tr.loc[bt, 'roc_auc']:.3f})."
        )
    if winback is not None:
        cur = winback.attrs.get("currency", result.settings.get("currency", ""))
        h = int(winback.attrs.get("horizon_days", w))
        total = float(winback["value_if_won_back"].sum())
        lines.append(
            f"- 挽回名单共 {len(winback):,} 位休眠客户；若全部挽回，{h} 天内价值约 {total:,.0f} {cur}（未贴现）。"
            if zh else
            f"- The win-back list holds {len(winback):,} dormant customers worth about {total:,.0f} "
            f"{cur} over {h} days (undiscounted) if all were won back."
        )
    return "\n".join(lines)


_MODEL_NAMES = {"bgnbd": "BetaGeoModel", "mbgnbd": "ModifiedBetaGeoModel",
                "paretonbd": "ParetoNBDModel"}


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
        Name of a clvmodels transaction model, or an unfitted model with ``fit(summary)`` and
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
        With ``settings["transaction_model"]`` naming the model.
    """
    from . import models
    from .features import rfm_summary

    tx = data.transactions
    cal = _day(data.calibration_end, "calibration_end")
    if isinstance(transaction_model, str):
        if transaction_model not in _MODEL_NAMES:
            raise ParameterError(
                f"transaction_model={transaction_model!r} is not known; use one of "
                f"{sorted(_MODEL_NAMES)} or pass a model instance."
            )
        name = transaction_model
        model = getattr(models, _MODEL_NAMES[transaction_model])()
    else:
        name = type(transaction_model).__name__
        model = transaction_model
    summary = rfm_summary(_upto(tx, cal), observation_end=cal, time_unit=time_unit)
    # customers first seen on the scoring day (T = 0) cannot enter the likelihood; they have
    # just bought, so they are alive: P(alive) = 1.
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


def format_evaluation(evaluation: pd.DataFrame, *, lang: str = "en", digits: int = 3) -> pd.DataFrame:
    """The evaluation table with signal, target and metric names in ``lang``, for display.

    Parameters
    ----------
    evaluation : DataFrame
        ``ChurnWarningResult.evaluation`` (index ``(target, signal)``) or a one-target table
        (index ``signal``).
    lang : {"en", "zh"}
    digits : int
        Rounding of the metrics.

    Returns
    -------
    DataFrame
        Same rows and values (rounded), labelled.
    """
    check_lang(lang)
    out = evaluation.round(digits).copy()
    out.columns = [label(f"churn_metric_{c}", lang) for c in out.columns]
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples(
            [(label(f"churn_target_{t}", lang), label(f"churn_signal_{s}", lang)) for t, s in out.index],
            names=["", ""],
        )
    else:
        out.index = [label(f"churn_signal_{s}", lang) for s in out.index]
    return out


def timeline_text(result: ChurnWarningResult, *, lang: str = "en") -> str:
    """The time line of a churn warning run (训练/评分/评估窗口), in Markdown, from its dates."""
    check_lang(lang)
    st = result.settings
    t0, t1, t2 = (t.date() for t in (result.t0, result.t1, result.t2))
    w = int(st["window_days"])
    model = st.get("transaction_model", "")
    if lang == "zh":
        return "\n".join([
            f"- **训练**：特征截至 {t0}，标签 = ({t0}, {t1}] 内是否未购买（{st['n_train']:,} 位客户）。",
            f"- **评分**：特征截至 {t1}（{st['n_scored']:,} 位客户）；存活概率模型 {model} 也只用 {t1} 之前的数据拟合。",
            f"- **评估**：({t1}, {t2}] 共 {w} 天内是否未购买；评分时从未使用这一窗口的数据。",
        ])
    return "\n".join([
        f"- **Training**: features up to {t0}, label = no purchase in ({t0}, {t1}] "
        f"({st['n_train']:,} customers).",
        f"- **Scoring**: features up to {t1} ({st['n_scored']:,} customers); the P(alive) model "
        f"{model} is fitted on data up to {t1} only.",
        f"- **Evaluation**: no purchase in ({t1}, {t2}], {w} days that no signal has seen.",
    ])


def format_winback(winback: pd.DataFrame, *, lang: str = "en", digits: int = 2) -> pd.DataFrame:
    """The win-back list with column and signal names in ``lang`` and money with its currency.

    Parameters
    ----------
    winback : DataFrame
        Output of :func:`winback_list`.
    lang : {"en", "zh"}
    digits : int
        Rounding of the numbers.

    Returns
    -------
    DataFrame
        Same rows in the same order, labelled columns.
    """
    check_lang(lang)
    cur = winback.attrs.get("currency", "")
    h = int(winback.attrs.get("horizon_days", 0))
    out = winback.copy()
    out["signals"] = [", ".join(label(f"churn_signal_{s}", lang) for s in str(v).split("|") if s)
                      for v in out["signals"]]
    days = "天" if lang == "zh" else "days"
    names = {
        "value_if_won_back": f"{label('churn_col_value_if_won_back', lang)} ({cur}, {h} {days})",
        "purchases_per_year": label("churn_col_purchases_per_year", lang),
        "spend_per_purchase": f"{label('churn_col_spend_per_purchase', lang)} ({cur})",
        "days_since_last_purchase": label("churn_col_days_since_last_purchase", lang),
        "n_signals": label("churn_col_n_signals", lang),
        "signals": label("churn_col_signals", lang),
        "reason": label("churn_col_reason", lang),
    }
    return out.round(digits).rename(columns=names)
