"""Holdout evaluation of the transaction models and the tables the plots draw.

:func:`evaluate` compares a fitted model's forecasts with what customers actually did in a holdout
period, the way Fader, Hardie & Lee (2005a, Section 4, Figures 2-4) validate the BG/NBD model:
the calibration-period histogram of repeat purchases (model vs actual, with a chi-square test),
conditional expectations by calibration frequency, per-customer errors and the weekly tracking
of the whole cohort's repeat purchases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._checks import check_date, check_share
from .._sampling import sample_positions
from .._units import days_per_unit
from ..exceptions import DataValidationError, ParameterError
from ._covariates import customer_params
from ._transaction import randomized_pit

__all__ = [
    "ModelEvaluation",
    "compare_evaluations",
    "evaluate",
    "holdout_revenue",
    "interval_calibration",
    "frequency_recency_matrix",
    "probability_alive_history",
]

_HOLDOUT = ("frequency_holdout", "duration_holdout")


@dataclass
class ModelEvaluation:
    """Result of :func:`evaluate` (模型验证结果).

    Attributes
    ----------
    model_name : str
    per_customer : pandas.DataFrame
        One row per customer (same index and order as the input): calibration ``frequency``,
        ``predicted`` and ``actual`` holdout purchases, ``error`` = predicted - actual.
    mae, rmse, correlation : float
        Mean absolute error, root mean squared error (purchases per customer) and Pearson
        correlation of predicted vs actual holdout purchases.
    total_predicted, total_actual : float
        Holdout purchases of the whole cohort; ``total_error_pct`` = 100 (pred - actual) / actual.
    by_frequency : pandas.DataFrame
        Mean predicted and actual holdout purchases by calibration frequency 0..6, 7+.
    calibration_histogram : pandas.DataFrame
        Number of customers with 0..6, 7+ calibration repeat purchases, actual vs expected.
    chi_square, chi_square_dof, chi_square_pvalue : float
        Pearson chi-square of that histogram (degrees of freedom: bins - 1 - parameters).
    tracking : pandas.DataFrame or None
        Per period since the cohort's first purchase: ``actual_incremental``,
        ``predicted_incremental``, ``actual_cumulative``, ``predicted_cumulative`` repeat
        purchases and ``period_end`` dates; ``attrs["calibration_end"]``. None without
        transactions.
    time_unit : str or None
    value : pandas.DataFrame or None
        With a spend model (:func:`evaluate`'s ``spend_model``): one row per customer,
        ``predicted_spend`` (expected spend per purchase), ``predicted_value`` (expected holdout
        purchases x expected spend), ``actual_value`` (realized holdout revenue) and
        ``actual_spend`` (realized mean spend per holdout purchase, NaN without one); currency
        units in ``attrs["currency"]``. None without a spend model.
    value_metrics : pandas.Series or None
        Predicted value against realized holdout revenue: ``value_mae``, ``value_rmse``
        (currency per customer), ``value_correlation``, ``value_total_predicted``,
        ``value_total_actual`` (currency), ``value_total_error_pct``, ``value_top_share``
        (share of holdout revenue from the top ``top_share`` of customers by predicted value),
        ``value_top_share_best`` (the same with the customers ranked by their realized revenue:
        the most any ranking can capture), ``value_gini`` (normalized Gini: the area between
        the cumulative revenue curve ranked by prediction and the diagonal, over the same area
        ranked by realized revenue; 1 = perfect ranking, 0 = random); and for the customers
        with repeat purchases in both periods, the spend model's predicted mean spend against
        their realized holdout mean spend: ``spend_n``, ``spend_mae``, ``spend_correlation``,
        ``spend_mean_predicted``, ``spend_mean_actual``.
    """

    model_name: str
    per_customer: pd.DataFrame
    mae: float
    rmse: float
    correlation: float
    total_predicted: float
    total_actual: float
    total_error_pct: float
    by_frequency: pd.DataFrame
    calibration_histogram: pd.DataFrame
    chi_square: float
    chi_square_dof: int
    chi_square_pvalue: float
    tracking: pd.DataFrame | None = None
    time_unit: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    value: pd.DataFrame | None = None
    value_metrics: pd.Series | None = None

    @property
    def metrics(self) -> pd.Series:
        """The scalar results as one Series (with the value metrics when a spend model was given)."""
        out = pd.Series({
            "mae": self.mae, "rmse": self.rmse, "correlation": self.correlation,
            "total_predicted": self.total_predicted, "total_actual": self.total_actual,
            "total_error_pct": self.total_error_pct, "chi_square": self.chi_square,
            "chi_square_dof": self.chi_square_dof, "chi_square_pvalue": self.chi_square_pvalue,
        }, name=self.model_name)
        if self.value_metrics is not None:
            out = pd.concat([out, self.value_metrics.rename(self.model_name)])
        return out


def _bin_labels(max_frequency: int) -> list[str]:
    return [str(k) for k in range(max_frequency + 1)] + [f"{max_frequency + 1}+"]


def _bins(freq: np.ndarray, max_frequency: int) -> pd.Categorical:
    labels = _bin_labels(max_frequency)
    codes = np.minimum(freq.astype(int), max_frequency + 1)
    return pd.Categorical.from_codes(codes, categories=labels, ordered=True)


def _populations(model: Any, summary: pd.DataFrame) -> list[tuple[np.ndarray, Any]]:
    """The customers of ``summary`` grouped by their population: one group for a model without
    covariates; with covariates one per distinct covariate row, each with a copy of the model at
    that row's parameters (so that new-customer forecasts use each customer's own covariates)."""
    if getattr(model, "covariates_", None) is None:
        return [(np.ones(len(summary), dtype=bool), model)]
    X = model.covariates_.matrix(summary, model._model_name)
    rows, inverse = np.unique(X, axis=0, return_inverse=True)
    groups = []
    for g in range(len(rows)):
        params = customer_params(model, model.theta_, rows[g:g + 1])
        plain = model.with_params(np.array([float(np.ravel(v)[0]) for v in params]))
        plain.covariates_ = None
        groups.append((inverse.ravel() == g, plain))
    return groups


def _calibration_histogram(model: Any, summary: pd.DataFrame, max_frequency: int) -> pd.DataFrame:
    age_col = model._columns[2]
    freq = summary["frequency"].to_numpy(dtype=float)
    weights = summary["weights"].to_numpy(dtype=float) if "weights" in summary.columns else np.ones(len(freq))
    expected = np.zeros(max_frequency + 1)
    for members, population in _populations(model, summary):
        ages, inv = np.unique(summary[age_col].to_numpy(dtype=float)[members], return_inverse=True)
        counts = np.bincount(inv.ravel(), weights=weights[members])
        for k in range(max_frequency + 1):
            expected[k] += float(np.einsum("i,i->", counts, np.asarray(
                population.probability_of_purchases_new_customer(n=k, t=ages), dtype=float)))
    expected = list(expected)
    total = float(weights.sum())
    expected.append(max(total - sum(expected), 0.0))
    actual = np.bincount(np.minimum(freq.astype(int), max_frequency + 1), weights=weights,
                         minlength=max_frequency + 2)
    return pd.DataFrame({"actual": actual, "expected": expected}, index=pd.Index(_bin_labels(max_frequency), name="frequency"))


def _tracking(model: Any, cohort: pd.Index, transactions: pd.DataFrame, calibration_holdout: pd.DataFrame,
              period_days: float) -> pd.DataFrame:
    if model.time_unit_ is None:
        raise ParameterError(
            "evaluate: tracking needs the model's time unit; fit on a summary whose "
            "attrs['time_unit'] is set (rfm_summary / calibration_holdout_split do this)."
        )
    missing = [c for c in ("customer_id", "date") if c not in transactions.columns]
    if missing:
        raise DataValidationError(f"evaluate: transactions lack column(s) {missing}; fix: pass the canonical transactions.")
    tx = transactions.loc[transactions["customer_id"].isin(cohort), ["customer_id", "date"]].copy()
    tx["day"] = tx["date"].dt.normalize()
    days = tx.drop_duplicates(["customer_id", "day"]).sort_values(["customer_id", "day"])
    first = days.groupby("customer_id", sort=False)["day"].transform("min")
    repeat = days.loc[days["day"] > first, "day"]
    trials = days.groupby("customer_id")["day"].min()
    if len(trials) < len(cohort):
        raise DataValidationError(
            f"evaluate: {len(cohort) - len(trials)} customer(s) of the calibration/holdout frame "
            f"have no transaction in `transactions`; fix: pass the transactions the split was built from."
        )
    start = trials.min()
    end = pd.Timestamp(calibration_holdout.attrs.get("observation_end", tx["date"].max()))
    n_periods = int(np.ceil(((end - start).days + 1) / period_days))
    edges = start + pd.to_timedelta(np.arange(1, n_periods + 1) * period_days, unit="D")
    # actual repeat purchases per period (day d falls in period k when start + (k-1)P <= d < start + kP)
    k = np.floor((repeat - start).dt.days.to_numpy() / period_days).astype(int)
    k = k[(k >= 0) & (k < n_periods)]
    actual = np.bincount(k, minlength=n_periods).astype(float)
    unit = days_per_unit(model.time_unit_)
    ends = np.arange(1, n_periods + 1) * period_days
    cumulative = np.zeros(n_periods)
    offsets = (trials - start).dt.days
    for members, population in _populations(model, calibration_holdout):
        ids = calibration_holdout.index[members]
        trial_days, n_trial = np.unique(offsets.reindex(ids).dropna().to_numpy(), return_counts=True)
        ages = np.clip(ends[:, None] - trial_days[None, :], 0.0, None) / unit
        cumulative += np.einsum("ij,j->i", np.asarray(population.expected_purchases_new_customer(
            t=ages.ravel())).reshape(ages.shape), n_trial.astype(float))
    out = pd.DataFrame({
        "period_end": edges,
        "actual_incremental": actual,
        "predicted_incremental": np.diff(cumulative, prepend=0.0),
        "actual_cumulative": np.cumsum(actual),
        "predicted_cumulative": cumulative,
    }, index=pd.RangeIndex(1, n_periods + 1, name="period"))
    out.attrs.update({"calibration_end": calibration_holdout.attrs.get("calibration_end"),
                      "period_days": period_days, "start": start})
    return out


def evaluate(
    model: Any,
    calibration_holdout: pd.DataFrame,
    *,
    transactions: pd.DataFrame | None = None,
    max_frequency: int = 6,
    period_days: float = 7.0,
    spend_model: Any = None,
    top_share: float = 0.1,
) -> ModelEvaluation:
    """Compare a fitted transaction model's holdout forecasts with what happened (模型验证).

    Parameters
    ----------
    model : fitted BetaGeoModel, ParetoNBDModel, ModifiedBetaGeoModel or BetaGeoBetaBinomModel
    calibration_holdout : pandas.DataFrame
        Output of :func:`clvmodels.features.calibration_holdout_split`: calibration columns
        ``frequency``, ``recency``, ``T`` plus ``frequency_holdout`` and ``duration_holdout``
        (in the model's time unit).
    transactions : pandas.DataFrame, optional
        The canonical transactions the split was built from; enables the cohort tracking.
    max_frequency : int, default 6
        Calibration frequencies above it are pooled ("7+").
    period_days : float, default 7
        Length of a tracking period in days (weekly tracking).
    spend_model : fitted GammaGammaModel, optional
        Adds the value check: predicted holdout value (expected purchases x expected spend per
        purchase) against realized holdout revenue (``frequency_holdout x
        monetary_value_holdout``), and predicted against realized mean spend. Needs the
        ``monetary_value`` and ``monetary_value_holdout`` columns.
    top_share : float, default 0.1
        Share of customers (by predicted value) whose realized revenue share is reported.

    Returns
    -------
    ModelEvaluation

    Notes
    -----
    The per-customer forecast is E[X(T, T + duration_holdout) | x, t_x, T]; the expected
    calibration histogram is sum_i P(X(T_i) = k) for a new customer observed for T_i
    (Fader, Hardie & Lee 2005a, Figure 2); the cohort's expected cumulative repeat purchases at
    calendar time tau is sum_i E[X(tau - trial_i)] (Figure 1), with E[X(t)] the new-customer
    expectation.
    """
    if not hasattr(model, "params_"):
        raise ParameterError("evaluate needs a fitted model (call fit first).")
    if not isinstance(calibration_holdout, pd.DataFrame):
        raise DataValidationError("evaluate: expected the DataFrame of calibration_holdout_split.")
    _check_holdout(calibration_holdout, "evaluate")
    mf = int(max_frequency)
    cal = calibration_holdout
    predicted = model.expected_purchases(cal, t=cal["duration_holdout"].to_numpy(dtype=float)).to_numpy()
    actual = cal["frequency_holdout"].to_numpy(dtype=float)
    freq = cal["frequency"].to_numpy(dtype=float)
    per_customer = pd.DataFrame({"frequency": freq, "predicted": predicted, "actual": actual,
                                 "error": predicted - actual}, index=cal.index)
    per_customer.attrs["time_unit"] = model.time_unit_
    err = predicted - actual
    corr = float(np.corrcoef(predicted, actual)[0, 1]) if np.ptp(predicted) > 0 and np.ptp(actual) > 0 else float("nan")
    bins = _bins(freq, mf)
    by_freq = per_customer.groupby(bins, observed=False).agg(
        n_customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean"))
    by_freq.index.name = "frequency"
    hist = _calibration_histogram(model, cal, mf)
    k = len(model.params_)
    mask = hist["expected"] > 0
    chi = float((((hist["actual"] - hist["expected"]) ** 2)[mask] / hist["expected"][mask]).sum())
    dof = max(int(mask.sum()) - 1 - k, 1)
    tracking = None
    if transactions is not None:
        if not hasattr(model, "_alive_expected") or model._columns[2] != "T":
            raise ParameterError("evaluate: cohort tracking needs a continuous-time model (not BG/BB).")
        tracking = _tracking(model, cal.index, transactions, cal, float(period_days))
    value = value_metrics = None
    if spend_model is not None:
        value, value_metrics = _value_check(predicted, cal, spend_model, check_share("top_share", top_share))
    total_p, total_a = float(predicted.sum()), float(actual.sum())
    return ModelEvaluation(
        model_name=model.name, per_customer=per_customer,
        mae=float(np.mean(np.abs(err))), rmse=float(np.sqrt(np.mean(err**2))), correlation=corr,
        total_predicted=total_p, total_actual=total_a,
        total_error_pct=100.0 * (total_p - total_a) / total_a if total_a > 0 else float("nan"),
        by_frequency=by_freq, calibration_histogram=hist, chi_square=chi, chi_square_dof=dof,
        chi_square_pvalue=float(stats.chi2.sf(chi, dof)), tracking=tracking, time_unit=model.time_unit_,
        value=value, value_metrics=value_metrics,
    )


def _check_holdout(cal: pd.DataFrame, func: str) -> None:
    """DataValidationError when the frame lacks the holdout columns of calibration_holdout_split."""
    missing = [c for c in _HOLDOUT if c not in cal.columns]
    if missing:
        raise DataValidationError(
            f"{func}: missing holdout column(s) {missing}; fix: build the frame with "
            f"clvmodels.features.calibration_holdout_split."
        )


def holdout_revenue(calibration_holdout: pd.DataFrame) -> pd.Series:
    """Realized holdout revenue per customer: purchase days in the holdout times their mean value
    (``frequency_holdout x monetary_value_holdout``, currency of the data)."""
    cal = calibration_holdout
    return (cal["frequency_holdout"] * cal["monetary_value_holdout"]).rename("holdout_revenue")


def _gini(actual: np.ndarray, score: np.ndarray) -> float:
    """Area between the cumulative share of ``actual`` (customers ranked by ``score``, highest
    first) and the diagonal (the expected curve of a random ranking, ``(n + 1) / (2n)``)."""
    order = np.argsort(-score, kind="stable")
    total = actual.sum()
    if total <= 0:
        return float("nan")
    cum = np.cumsum(actual[order]) / total
    n = len(actual)
    return float(cum.mean() - (n + 1) / (2 * n))


def _value_check(predicted: np.ndarray, cal: pd.DataFrame, spend_model: Any,
                 top_share: float) -> tuple[pd.DataFrame, pd.Series]:
    """Per-customer predicted value and realized revenue over the holdout, and their metrics."""
    missing = [c for c in ("monetary_value", "monetary_value_holdout") if c not in cal.columns]
    if missing:
        raise DataValidationError(
            f"evaluate: the value check needs column(s) {missing}; fix: build the frame with "
            f"clvmodels.features.calibration_holdout_split from transactions with an amount."
        )
    spend = spend_model.expected_spend(cal).to_numpy(dtype=float)
    pred_value = predicted * spend
    n_hold = cal["frequency_holdout"].to_numpy(dtype=float)
    mean_hold = cal["monetary_value_holdout"].to_numpy(dtype=float)
    actual_value = holdout_revenue(cal).to_numpy(dtype=float)
    actual_spend = np.where(n_hold > 0, mean_hold, np.nan)
    value = pd.DataFrame({"predicted_spend": spend, "predicted_value": pred_value,
                          "actual_value": actual_value, "actual_spend": actual_spend}, index=cal.index)
    currency = cal.attrs.get("currency", getattr(spend_model, "currency_", None))
    value.attrs["currency"] = currency
    err = pred_value - actual_value
    total_p, total_a = float(pred_value.sum()), float(actual_value.sum())
    n_top = max(1, int(round(top_share * len(cal))))
    top_pred = np.argsort(-pred_value, kind="stable")[:n_top]
    top_best = np.argsort(-actual_value, kind="stable")[:n_top]
    best_gini = _gini(actual_value, actual_value)
    both = (cal["frequency"].to_numpy(dtype=float) > 0) & (n_hold > 0)
    sp, sa = spend[both], actual_spend[both]
    metrics = pd.Series({
        "value_mae": float(np.mean(np.abs(err))),
        "value_rmse": float(np.sqrt(np.mean(err**2))),
        "value_correlation": float(np.corrcoef(pred_value, actual_value)[0, 1])
        if np.ptp(pred_value) > 0 and np.ptp(actual_value) > 0 else float("nan"),
        "value_total_predicted": total_p,
        "value_total_actual": total_a,
        "value_total_error_pct": 100.0 * (total_p - total_a) / total_a if total_a > 0 else float("nan"),
        "value_top_share": float(actual_value[top_pred].sum() / total_a) if total_a > 0 else float("nan"),
        "value_top_share_best": float(actual_value[top_best].sum() / total_a) if total_a > 0 else float("nan"),
        "value_gini": _gini(actual_value, pred_value) / best_gini if best_gini and best_gini > 0 else float("nan"),
        "spend_n": int(both.sum()),
        "spend_mae": float(np.mean(np.abs(sp - sa))) if both.any() else float("nan"),
        "spend_correlation": float(np.corrcoef(sp, sa)[0, 1])
        if both.sum() > 2 and np.ptp(sp) > 0 and np.ptp(sa) > 0 else float("nan"),
        "spend_mean_predicted": float(sp.mean()) if both.any() else float("nan"),
        "spend_mean_actual": float(sa.mean()) if both.any() else float("nan"),
    })
    metrics.attrs["currency"] = currency
    return value, metrics


def compare_evaluations(evaluations: dict[str, ModelEvaluation] | list[ModelEvaluation]) -> pd.DataFrame:
    """Side-by-side table of the holdout metrics of several models (one column per model)."""
    items = evaluations.values() if isinstance(evaluations, dict) else evaluations
    return pd.concat([e.metrics for e in items], axis=1)


def frequency_recency_matrix(
    model: Any, *, T: float, t: float = 1.0, kind: str = "expected_purchases",
    max_frequency: int | None = None, n_recency: int = 40,
) -> pd.DataFrame:
    """Model forecast over a grid of frequency (rows) and recency (columns) for customers of age T.

    Parameters
    ----------
    model : fitted continuous-time transaction model
    T : float
        Customer age (model time unit).
    t : float, default 1
        Horizon for ``kind="expected_purchases"``.
    kind : {"expected_purchases", "probability_alive"}
    max_frequency : int, optional
        Largest frequency shown (default: the 99th percentile of the fitting data, at least 10).
    n_recency : int, default 40
        Number of recency grid points in [0, T].

    Returns
    -------
    pandas.DataFrame
        Index ``frequency``, columns recency values; ``attrs`` record kind, T, t and time unit.
    """
    if kind not in ("expected_purchases", "probability_alive"):
        raise ParameterError(f"kind={kind!r} must be 'expected_purchases' or 'probability_alive'.")
    if max_frequency is None:
        data = getattr(model, "_fit_data", {"x": np.array([10.0])})
        max_frequency = max(10, int(np.quantile(data["x"], 0.99)))
    freqs = np.arange(0, int(max_frequency) + 1, dtype=float)
    recs = np.linspace(0.0, float(T), int(n_recency))
    ff, rr = np.meshgrid(freqs, recs, indexing="ij")
    valid = ~((ff == 0) & (rr > 0))
    grid = pd.DataFrame({"frequency": ff.ravel(), "recency": np.where(ff.ravel() == 0, 0.0, rr.ravel()),
                         "T": float(T)})
    if kind == "expected_purchases":
        values = model.expected_purchases(grid, t=t).to_numpy()
    else:
        values = model.probability_alive(grid).to_numpy()
    values = np.where(valid.ravel(), values, np.nan).reshape(ff.shape)
    out = pd.DataFrame(values, index=pd.Index(freqs.astype(int), name="frequency"),
                       columns=pd.Index(np.round(recs, 3), name="recency"))
    out.attrs.update({"kind": kind, "T": float(T), "t": t, "time_unit": model.time_unit_})
    return out


def probability_alive_history(
    model: Any, transactions: pd.DataFrame, customer_id: Any, *, end: Any = None, period_days: float = 7.0,
) -> pd.DataFrame:
    """P(alive) of one customer over time, each point using only the history up to then.

    Parameters
    ----------
    model : fitted continuous-time transaction model (with ``time_unit_``)
    transactions : pandas.DataFrame
        Canonical transactions (``customer_id``, ``date``).
    customer_id : scalar
    end : date-like, optional
        Last date shown (default: the last transaction date in the data).
    period_days : float, default 7
        Spacing of the evaluation dates in days.

    Returns
    -------
    pandas.DataFrame
        Index ``date``; columns ``probability_alive`` and ``purchase`` (True on purchase days).
    """
    if model.time_unit_ is None:
        raise ParameterError("probability_alive_history needs a model fitted on a summary with a time unit.")
    days = transactions.loc[transactions["customer_id"] == customer_id, "date"].dt.normalize().drop_duplicates().sort_values()
    if days.empty:
        raise DataValidationError(f"probability_alive_history: customer {customer_id!r} has no transaction; fix: pick an id from transactions.")
    first = days.iloc[0]
    end = (check_date("end", end, where="probability_alive_history") if end is not None
           else transactions["date"].max().normalize())
    grid = pd.date_range(first, end, freq=pd.Timedelta(days=period_days))
    grid = grid.union(pd.DatetimeIndex(days)).sort_values()
    unit = days_per_unit(model.time_unit_)
    rep = ((days.iloc[1:] - first).dt.days.to_numpy(dtype=float)) / unit
    ages = (grid - first).days.to_numpy(dtype=float) / unit
    x = np.searchsorted(rep, ages, side="right").astype(float)
    tx = np.where(x > 0, rep[np.maximum(x.astype(int) - 1, 0)] if len(rep) else 0.0, 0.0)
    frame = pd.DataFrame({"frequency": x, "recency": tx, "T": ages})
    p = model.probability_alive(frame).to_numpy()  # 1 on the first day (age 0: the models' rule)
    out = pd.DataFrame({"probability_alive": p, "purchase": grid.isin(pd.DatetimeIndex(days))},
                       index=pd.DatetimeIndex(grid, name="date"))
    out.attrs.update({"customer_id": customer_id, "time_unit": model.time_unit_})
    return out


def interval_calibration(
    model: Any, calibration_holdout: pd.DataFrame, *, spend_model: Any = None, level: float = 0.9,
    n_draws: int = 200, max_customers: int | None = 20_000, random_state: Any = None,
) -> pd.Series:
    """How well a model's per-customer prediction intervals cover what happened in the holdout.

    Parameters
    ----------
    model : fitted transaction model
        With :meth:`~clvmodels.models.TransactionModel.prediction_interval`.
    calibration_holdout : pandas.DataFrame
        Output of :func:`clvmodels.features.calibration_holdout_split`.
    spend_model : fitted GammaGammaModel, optional
        Adds the coverage of holdout revenue.
    level : float, default 0.9
    n_draws : int, default 200
    max_customers : int or None, default 20,000
        Check a random subset of this many customers (None: all); the coverage of a few
        thousand customers is precise to about a percentage point.
    random_state : int or Generator

    Returns
    -------
    pandas.Series
        ``n_customers``, ``level``, ``coverage_purchases`` (share of customers whose randomized
        PIT falls in the central ``level`` range: equal to ``level`` for calibrated intervals),
        ``coverage_purchases_inclusive`` (share inside ``[lower, upper]`` with the whole-number
        endpoints, at least ``level`` by construction), and with ``spend_model``
        ``coverage_revenue``.
    """
    cal = calibration_holdout
    _check_holdout(cal, "interval_calibration")
    rng = np.random.default_rng(random_state)
    if max_customers is not None and len(cal) > int(max_customers):
        cal = cal.iloc[np.sort(sample_positions(len(cal), int(max_customers), rng))]
    iv, draws = model.prediction_interval(cal, t=cal["duration_holdout"].to_numpy(dtype=float),
                                          spend_model=spend_model, level=level, n_draws=n_draws,
                                          random_state=rng, return_draws=True)
    y = cal["frequency_holdout"].to_numpy(dtype=float)
    lo, hi = (1 - level) / 2, (1 + level) / 2
    u = randomized_pit(draws["purchases"], y, random_state=rng)
    out = {"n_customers": len(cal), "level": float(level),
           "coverage_purchases": float(np.mean((u > lo) & (u < hi))),
           "coverage_purchases_inclusive": float(np.mean((y >= iv["purchases_lower"]) & (y <= iv["purchases_upper"])))}
    if spend_model is not None:
        revenue = holdout_revenue(cal).to_numpy(dtype=float)
        v = randomized_pit(draws["spend"], revenue, random_state=rng)
        out["coverage_revenue"] = float(np.mean((v > lo) & (v < hi)))
    result = pd.Series(out, name=model.name)
    result.attrs["intervals"] = iv
    return result
