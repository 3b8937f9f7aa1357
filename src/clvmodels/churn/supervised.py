"""The supervised churn signal (监督学习流失预警): calibrated P(no purchase in the next window).

A scikit-learn pipeline (a logistic baseline or gradient boosting) trained *by time*: features up
to ``t0``, label from ``(t0, t1]`` (see :func:`clvmodels.churn.churn_warning`).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_choice
from ..exceptions import NotFittedError, ParameterError

__all__ = ["ESTIMATORS", "SupervisedChurnModel"]

#: The classifiers :class:`SupervisedChurnModel` can fit.
ESTIMATORS = ("gradient_boosting", "logistic")
_CALIBRATIONS = ("auto", "isotonic", "sigmoid")


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
        check_choice("estimator", self.estimator, ESTIMATORS, where="SupervisedChurnModel")
        check_choice("calibration", self.calibration, _CALIBRATIONS, where="SupervisedChurnModel")
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
