"""Predictions shared by the continuous-time transaction models (BG/NBD, MBG/NBD, Pareto/NBD).

Every prediction is written as "probability the customer is alive now" (P(alive), 存活概率)
times a forecast for an alive customer whose parameters follow their posterior distribution
given the purchase history. A new customer is the same with the prior distribution.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from .._checks import check_positive, check_share
from .._units import check_time_unit
from ..exceptions import DataValidationError, ParameterError
from ..labels import say
from ..validation import data_warning
from ._base import BaseModel, summary_time_unit, warn_few_customers
from ._covariates import customer_params, sample_theta
from ._validation import compress_rows, validate_summary

__all__ = ["TransactionModel", "randomized_pit"]

_LAGUERRE = np.polynomial.laguerre.laggauss(60)


def _as_horizon(t: Any, n: int, name: str = "t") -> np.ndarray | float:
    """A non-negative horizon, scalar or one value per customer."""
    if np.ndim(t) == 0:
        return check_positive(name, t.item() if isinstance(t, np.ndarray) else t, allow_zero=True)
    arr = np.asarray(t, dtype=float)
    if arr.shape != (n,):
        raise ParameterError(f"{name} must be a number or have one value per customer ({n}), got shape {arr.shape}.")
    if not np.all(np.isfinite(arr) & (arr >= 0)):
        raise ParameterError(f"{name} must be finite and >= 0 for every customer.")
    return arr


def _as_counts(n: Any) -> tuple[np.ndarray, bool]:
    scalar = np.ndim(n) == 0
    arr = np.atleast_1d(np.asarray(n))
    if arr.size == 0 or not np.all(np.isfinite(arr.astype(float))) or np.any(arr.astype(float) < 0) \
            or np.any(arr.astype(float) != np.round(arr.astype(float))):
        raise ParameterError(f"n={n!r} must be a whole number of purchases >= 0 (or a list of them).")
    return arr.astype(int), scalar


class TransactionModel(BaseModel):
    """Base of the transaction models: summary columns ``frequency``, ``recency``, ``T``.

    Notes
    -----
    Customers of age 0. A customer first seen on the last day of observation (``T == 0``, so
    ``recency == 0``, and ``frequency == 0`` in a summary from ``rfm_summary``; for BG/BB
    ``n_periods == 0``: no opportunity after the first transaction) has made one purchase and
    nothing else. The likelihood of that history is exactly 1 under every model (no time has
    passed in which to buy or drop out), so it carries no information about the parameters:
    ``fit`` leaves these customers out and counts them in ``n_customers_unaged_``
    (``n_customers_`` counts the customers in the likelihood, ``n_customers_total_`` everyone in
    the summary passed to ``fit``). Every prediction treats them as alive, since they have just
    bought: P(alive) = 1, and expected purchases, purchase probabilities and DERT are those of
    an alive customer of age 0, whose posterior is the prior. For BG/NBD, Pareto/NBD and BG/BB
    this is what the formulas give at age 0 (and their limit as ``T -> 0``). MBG/NBD lets a
    customer drop out at a purchase, so its formula gives P(alive) = b / (a + b) at ``T = 0``
    (expected purchases equal to ``expected_purchases_new_customer``); the rule conditions on
    the customer being alive instead (dropout probability ``Beta(a, b + 1)``, as after any
    purchase the customer survived), which multiplies those forecasts by (a + b) / b.
    """

    _columns: tuple[str, ...] = ("frequency", "recency", "T")

    # hooks ------------------------------------------------------------------------------
    def _precompute(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> dict[str, Any]:
        return {"x": x, "tx": tx, "T": T, "w": w}

    def _posterior(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, tuple]:
        """P(alive) and the posterior parameters of an alive customer, by the model's formulas."""
        raise NotImplementedError

    def _current(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, tuple]:
        """:meth:`_posterior` with the age-0 rule: customers with ``T == 0`` are alive."""
        pi, post = self._posterior(p, x, tx, T)
        return np.where(np.asarray(T) == 0, 1.0, pi), post

    def _leave_out_unaged(self, columns: list[np.ndarray], age: np.ndarray, w: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """The rows with ``age > 0`` (the likelihood's); sets ``n_customers_unaged_``."""
        unaged = age == 0
        self.n_customers_unaged_ = int(round(float(np.sum(w[unaged]))))
        if not unaged.any():
            return list(columns), w
        keep = ~unaged
        return [c[keep] for c in columns], w[keep]

    def _check_aged(self, n_customers: float) -> None:
        """DataValidationError when every customer is of age 0 (nothing to fit)."""
        if n_customers == 0:
            age = self._columns[2]
            raise DataValidationError(
                f"{self._model_name}: every customer has {age} = 0 ({self.n_customers_unaged_} "
                f"first seen at the end of observation), so there is no purchase history to fit; "
                f"fix: use a longer calibration period."
            )

    def _subsample(self, data: dict[str, Any], idx: np.ndarray) -> dict[str, Any]:
        return self._precompute(data["x"][idx], data["tx"][idx], data["T"][idx], data["w"][idx])

    def _prior(self, p: np.ndarray) -> tuple[float, tuple]:
        raise NotImplementedError

    def _alive_expected(self, post: tuple, t: Any) -> np.ndarray:
        raise NotImplementedError

    def _alive_pmf(self, post: tuple, n: int, t: Any) -> np.ndarray:
        raise NotImplementedError

    def _alive_survival(self, post: tuple, t: Any) -> np.ndarray:
        raise NotImplementedError

    # data ---------------------------------------------------------------------------------
    def _prepare(self, summary: pd.DataFrame) -> tuple[dict[str, Any], float]:
        cols, _ = validate_summary(summary, model=self._model_name, required=self._columns)
        self.time_unit_ = summary_time_unit(summary)
        (x, tx, T), w = self._leave_out_unaged(
            [cols["frequency"], cols["recency"], cols["T"]], cols["T"], cols["weights"])
        n_customers = float(np.sum(w))
        (x, tx, T), w = compress_rows([x, tx, T], w)
        return self._precompute(x, tx, T, w), n_customers

    def _check_data(self, data: dict[str, Any], n_customers: float) -> None:
        self._check_aged(n_customers)
        if not np.any(data["x"] > 0):
            raise DataValidationError(
                f"{self._model_name}: no customer has a repeat purchase (column 'frequency' is 0 "
                f"for all {n_customers:g} customers), so purchase rates and dropout cannot be "
                f"estimated; fix: use a longer calibration period or more customers."
            )
        warn_few_customers(self._model_name, n_customers, len(self._param_names))

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        w = data["w"]
        mean_x = float(np.average(data["x"], weights=w))
        mean_T = float(np.average(data["T"], weights=w))
        return np.array([1.0, max(mean_T / max(mean_x, 0.05), 1e-3), 1.0, 1.0])

    def _arrays(self, summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index]:
        self._check_fitted()
        cols, index = validate_summary(summary, model=self._model_name, required=self._columns)
        unit = summary_time_unit(summary)
        if unit is not None and self.time_unit_ is not None and unit != self.time_unit_:
            raise ParameterError(
                f"{self._model_name}: the summary is in time unit {unit!r} but the model was fitted "
                f"in {self.time_unit_!r}; rebuild the summary with time_unit={self.time_unit_!r}."
            )
        return cols["frequency"], cols["recency"], cols["T"], index

    def _series(self, values: np.ndarray, index: pd.Index, name: str, **attrs: Any) -> pd.Series:
        out = pd.Series(np.asarray(values, dtype=float), index=index, name=name)
        out.attrs.update({"time_unit": self.time_unit_, "model": self._model_name, **attrs})
        return out

    def _cov_columns(self, summary: pd.DataFrame) -> tuple[dict[str, np.ndarray], pd.Index, np.ndarray]:
        """The likelihood's customers for a covariate fit: columns, customer ids, weights (one row
        per customer, customers of age 0 left out as in every fit)."""
        cols, index = validate_summary(summary, model=self._model_name, required=self._columns)
        if "weights" in summary.columns:
            raise DataValidationError(
                f"{self._model_name}: a summary with a 'weights' column merges customers, whose "
                f"covariates may differ; fix: pass one row per customer with covariates."
            )
        keep = cols["T"] > 0
        return ({"x": cols["frequency"][keep], "tx": cols["recency"][keep], "T": cols["T"][keep]},
                index[keep], np.ones(int(keep.sum())))

    def _cov_natural(self, U: np.ndarray) -> tuple:
        """Per-customer natural parameters from per-customer internal coordinates (k, n)."""
        return tuple(np.exp(U))

    # predictions --------------------------------------------------------------------------
    def expected_purchases(self, summary: pd.DataFrame, *, t: Any) -> pd.Series:
        """Expected number of purchases in the next ``t`` periods (条件期望购买次数).

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.
        t : float or array-like
            Horizon in the model's time unit; a number or one value per customer.

        Returns
        -------
        pandas.Series
            E[X(T, T+t) | x, t_x, T], purchases per customer, same index and order as
            ``summary``; ``attrs["time_unit"]``, ``attrs["t"]``.
        """
        x, tx, T, index = self._arrays(summary)
        t = _as_horizon(t, len(x))
        p = self._customer_params(summary)
        pi, post = self._current(p, x, tx, T)
        with np.errstate(all="ignore"):
            values = pi * self._alive_expected(post, t)
        values = np.where(np.asarray(t) == 0, 0.0, values)
        return self._series(self._finite(values, "expected purchases"), index, "expected_purchases",
                            t=t if np.ndim(t) == 0 else "per customer")

    def probability_alive(self, summary: pd.DataFrame, *, t: Any = 0.0) -> pd.Series:
        """Probability that each customer is still active (存活概率, P(alive)).

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.
        t : float, default 0
            Time after the end of calibration (model time unit): 0 gives P(alive at T); t > 0 the
            probability of still being alive at T + t, allowing for dropout in between.

        Returns
        -------
        pandas.Series
            Probabilities in [0, 1], same index and order as ``summary``.
        """
        x, tx, T, index = self._arrays(summary)
        t = _as_horizon(t, len(x))
        p = self._customer_params(summary)
        pi, post = self._current(p, x, tx, T)
        with np.errstate(all="ignore"):
            values = pi if np.all(np.asarray(t) == 0) else pi * self._alive_survival(post, t)
        values = np.clip(self._finite(values, "P(alive)"), 0.0, 1.0)
        return self._series(values, index, "probability_alive", t=t if np.ndim(t) == 0 else "per customer")

    def probability_of_purchases(self, summary: pd.DataFrame, *, n: Any, t: Any) -> pd.Series | pd.DataFrame:
        """Probability of exactly ``n`` purchases in the next ``t`` periods, P(X(T, T+t) = n).

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.
        n : int or list of int
            Number(s) of purchases.
        t : float
            Horizon in the model's time unit.

        Returns
        -------
        pandas.Series or pandas.DataFrame
            Probabilities per customer (one column per ``n`` when a list is given), same index
            and order as ``summary``.
        """
        x, tx, T, index = self._arrays(summary)
        ns, scalar = _as_counts(n)
        t = _as_horizon(t, len(x))
        p = self._customer_params(summary)
        pi, post = self._current(p, x, tx, T)
        cols = {}
        with np.errstate(all="ignore"):
            for k in ns:
                v = pi * self._alive_pmf(post, int(k), t) + (1.0 - pi) * (k == 0)
                cols[int(k)] = np.clip(self._finite(v, "P(X = n)"), 0.0, 1.0)
        if scalar:
            return self._series(cols[int(ns[0])], index, "probability_of_purchases", n=int(ns[0]), t=t)
        out = pd.DataFrame(cols, index=index)
        out.attrs.update({"time_unit": self.time_unit_, "t": t, "model": self._model_name})
        return out

    def expected_purchases_path(self, summary: pd.DataFrame, *, horizons: Any) -> pd.DataFrame:
        """Cumulative expected purchases at several horizons at once (one row per customer).

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with the model's summary columns.
        horizons : array-like of float
            Horizons in the model's time unit.

        Returns
        -------
        pandas.DataFrame
            E[X(T, T+t) | history] with one column per horizon ``t``, same index and order as
            ``summary``.
        """
        x, tx, T, index = self._arrays(summary)
        hs = np.atleast_1d(np.asarray(horizons, dtype=float))
        if not np.all(np.isfinite(hs) & (hs >= 0)):
            raise ParameterError("horizons must be finite and >= 0.")
        pi, post = self._current(self._customer_params(summary), x, tx, T)
        with np.errstate(all="ignore"):
            values = np.asarray(pi)[:, None] * self._alive_expected_distinct(post, hs)
        values = np.where(hs[None, :] == 0, 0.0, values)
        out = pd.DataFrame(self._finite(values, "expected purchases"), index=index, columns=hs)
        out.attrs.update({"time_unit": self.time_unit_, "model": self._model_name})
        return out

    def _alive_expected_distinct(self, post: tuple, horizons: np.ndarray) -> np.ndarray:
        """:meth:`_alive_expected` for every customer (rows) at every horizon (columns), computed
        once per distinct posterior: customers with the same frequency and age share it, so a
        million customers need a few ten thousand evaluations per horizon."""
        arrays = [i for i, v in enumerate(post) if np.ndim(v)]
        inverse = None
        if arrays and np.size(post[arrays[0]]) > 1000:
            keys = pd.DataFrame({i: np.asarray(post[i], dtype=float) for i in arrays})
            # hashing, not sorting: groups numbered in order of first appearance, as the rows
            # drop_duplicates keeps
            inverse = keys.groupby(arrays, sort=False, dropna=False).ngroup().to_numpy()
            distinct = keys.drop_duplicates().to_numpy()
            if len(distinct) > len(keys) // 2:
                inverse = None  # hardly any repeats: not worth the gather
            else:
                post = tuple(distinct[:, arrays.index(i)] if i in arrays else v for i, v in enumerate(post))
        post2 = tuple(np.asarray(v)[:, None] if np.ndim(v) else v for v in post)
        values = self._alive_expected(post2, horizons[None, :])
        return values if inverse is None else values[inverse]

    def expected_purchases_new_customer(self, *, t: Any) -> float | np.ndarray:
        """Expected purchases of a new customer in their first ``t`` periods, E[X(t)].

        Repeat purchases after the first (trial) purchase at time 0, in the model's time unit.
        """
        self._check_fitted()
        tt = np.asarray(t, dtype=float)
        if not np.all(np.isfinite(tt) & (tt >= 0)):
            raise ParameterError(f"t={t!r} must be finite and >= 0.")
        pi, post = self._prior(self.params_.to_numpy())
        with np.errstate(all="ignore"):
            values = np.where(tt == 0, 0.0, pi * self._alive_expected(post, tt))
        values = self._finite(values, "E[X(t)]")
        return float(values) if np.ndim(t) == 0 else values

    def probability_of_purchases_new_customer(self, *, n: int, t: Any) -> float | np.ndarray:
        """P(X(t) = n) for a new customer in their first ``t`` periods."""
        self._check_fitted()
        ns, _ = _as_counts(n)
        tt = np.asarray(t, dtype=float)
        pi, post = self._prior(self.params_.to_numpy())
        with np.errstate(all="ignore"):
            values = pi * self._alive_pmf(post, int(ns[0]), tt) + (1 - pi) * (int(ns[0]) == 0)
        values = np.clip(self._finite(values, "P(X(t) = n)"), 0.0, 1.0)
        return float(values) if np.ndim(t) == 0 else values

    def discounted_expected_purchases(self, summary: pd.DataFrame, *, discount_rate: float) -> pd.Series:
        """Discounted expected residual transactions (DERT), continuous discounting to infinity.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T``.
        discount_rate : float
            Discount rate per model time unit ``d``; the continuous rate is ``delta = ln(1 + d)``.

        Returns
        -------
        pandas.Series
            DERT per customer (discounted purchases), same index and order.

        Notes
        -----
        ``DERT = int_0^inf exp(-delta t) dE[X(t)] = int_0^inf exp(-u) E[X(u / delta)] du``
        (integration by parts), evaluated by 60-point Gauss-Laguerre quadrature; Pareto/NBD
        overrides this with the closed form of Fader, Hardie & Lee (2005b), eq. 2.
        """
        x, tx, T, index = self._arrays(summary)
        d = check_positive("discount_rate", discount_rate)
        delta = np.log1p(d)
        p = self._customer_params(summary)
        pi, post = self._current(p, x, tx, T)
        nodes, weights = _LAGUERRE
        total = np.zeros(len(x))
        with np.errstate(all="ignore"):
            for u, wt in zip(nodes, weights, strict=True):
                total += wt * self._alive_expected(post, u / delta)
        return self._series(self._finite(pi * total, "DERT"), index, "dert", discount_rate=d)

    def expected_purchases_interval(
        self, summary: pd.DataFrame, *, t: Any, level: float = 0.9, n_draws: int = 200,
        random_state: Any = None,
    ) -> pd.DataFrame:
        """Expected purchases with a parametric-bootstrap interval per customer.

        The parameters are drawn from their asymptotic sampling distribution
        (:meth:`sample_params`) and the prediction recomputed for each draw.

        Returns
        -------
        pandas.DataFrame
            ``expected_purchases``, ``lower``, ``upper`` (purchases in the next ``t`` periods),
            same index and order as ``summary``; ``attrs["level"]``.
        """
        if not 0 < float(level) < 1:
            raise ParameterError(f"level={level!r} must be between 0 and 1, e.g. 0.9.")
        point = self.expected_purchases(summary, t=t)
        draws = self.sample_params(n_draws, random_state=random_state).to_numpy()
        sims = np.vstack([self.with_params(d).expected_purchases(summary, t=t).to_numpy() for d in draws])
        lo, hi = np.quantile(sims, [(1 - level) / 2, (1 + level) / 2], axis=0)
        out = pd.DataFrame({"expected_purchases": point.to_numpy(), "lower": lo, "upper": hi}, index=point.index)
        out.attrs.update({"time_unit": self.time_unit_, "t": t, "level": level, "n_draws": n_draws})
        return out

    def _simulate_alive(self, post: tuple, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Purchases in ``t`` of alive customers whose parameters are drawn from ``post``."""
        raise NotImplementedError

    def prediction_interval(
        self, summary: pd.DataFrame, *, t: Any, spend_model: Any = None, level: float = 0.9,
        n_draws: int = 200, random_state: Any = None, return_draws: bool = False,
    ) -> pd.DataFrame | tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """Per-customer prediction intervals for purchases (and spend) in the next ``t`` periods.

        Without MCMC: each of ``n_draws`` draws takes the model's parameters (and the spend
        model's) from their asymptotic normal distribution (:meth:`sample_params`, the inverse
        Hessian), then simulates every customer: alive or not by their P(alive), their own
        purchase rate and dropout from the posterior given their history, the purchases in
        ``t``, and with ``spend_model`` the value of those purchases (Gamma-Gamma: the
        customer's ``nu`` from its posterior, each purchase ``Gamma(p, nu)``). The interval is
        the central ``level`` range of the simulated outcomes, so it covers both the
        uncertainty of the parameters and the randomness of the customer's behaviour.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency``, ``recency``, ``T`` (and ``monetary_value`` for spend).
        t : float or array-like
            Horizon in the model's time unit; a number or one value per customer.
        spend_model : fitted GammaGammaModel, optional
            Adds ``spend_mean``, ``spend_lower``, ``spend_upper`` (currency of the data).
        level : float, default 0.9
        n_draws : int, default 200
        random_state : int or Generator
        return_draws : bool, default False
            Also return the simulated outcomes (``{"purchases": ..., "spend": ...}``, arrays of
            shape ``(n_draws, customers)``), e.g. to check calibration with a randomized PIT.

        Returns
        -------
        pandas.DataFrame
            Same index and order as ``summary``: ``purchases_mean``, ``purchases_lower``,
            ``purchases_upper`` (purchases in ``t``), and the spend columns; ``attrs``
            ``level``, ``t``, ``n_draws``, ``time_unit``, ``currency`` and ``fixed_parameters``
            (the models whose fit has no standard errors, so their parameters were held at the
            estimates, with a DataWarning). With ``return_draws``,
            a pair (frame, draws).

        Notes
        -----
        Counts are whole numbers, so the central interval of a discrete outcome, endpoints
        included, holds at least ``level`` of the predictive probability (more when most of the
        mass sits on one value, e.g. 0 purchases). Calibration is judged with the randomized
        probability integral transform (Czado, Gneiting & Held 2009), which is uniform when the
        predictive distributions are right: :func:`clvmodels.models.randomized_pit`.
        """
        check_share("level", level, where="prediction_interval")
        n = int(check_positive("n_draws", n_draws, integer=True, where="prediction_interval"))
        x, tx, T, index = self._arrays(summary)
        horizon = np.broadcast_to(np.asarray(_as_horizon(t, len(x)), dtype=float), x.shape)
        rng = np.random.default_rng(random_state)
        draws, fixed = _parameter_draws(self, n, rng, summary)
        purchases = np.empty((n, len(x)), dtype=np.float32)
        spend = None
        if spend_model is not None:
            cols, _ = validate_summary(summary, model=spend_model._model_name,
                                required=("frequency", "monetary_value"), age_column=None)
            z = cols["monetary_value"]
            spend_draws, spend_fixed = _parameter_draws(spend_model, n, rng, summary)
            fixed += spend_fixed
            spend = np.empty((n, len(x)), dtype=np.float32)
        for d in range(n):
            pi, post = self._current(draws[d], x, tx, T)
            alive = rng.random(len(x)) < np.asarray(pi)
            with np.errstate(all="ignore"):
                buys = np.where(alive, self._simulate_alive(post, horizon, rng), 0)
            purchases[d] = buys
            if spend is not None:
                p_, q_, g_ = spend_draws[d]
                nu = rng.gamma(p_ * x + q_) / (g_ + x * z)
                spend[d] = np.where(buys > 0, rng.gamma(np.maximum(buys * p_, 1e-300)) / nu, 0.0)
        lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
        out = pd.DataFrame({"purchases_mean": purchases.mean(axis=0, dtype=float),
                            "purchases_lower": np.quantile(purchases, lo_q, axis=0, method="lower"),
                            "purchases_upper": np.quantile(purchases, hi_q, axis=0, method="higher")},
                           index=index)
        if spend is not None:
            out["spend_mean"] = spend.mean(axis=0, dtype=float)
            out["spend_lower"] = np.quantile(spend, lo_q, axis=0)
            out["spend_upper"] = np.quantile(spend, hi_q, axis=0)
        out.attrs.update({"fixed_parameters": fixed,
                          "level": level, "t": t if np.ndim(t) == 0 else "per customer", "n_draws": n,
                          "time_unit": self.time_unit_, "model": self._model_name,
                          "currency": summary.attrs.get("currency", getattr(spend_model, "currency_", None))})
        if return_draws:
            return out, {"purchases": purchases, **({"spend": spend} if spend is not None else {})}
        return out

    def _finite(self, values: Any, what: str) -> np.ndarray:
        arr = np.asarray(values, dtype=float)
        if not np.all(np.isfinite(arr)):
            raise ParameterError(
                f"{self._model_name}: {what} could not be evaluated for {int(np.sum(~np.isfinite(arr)))} "
                f"customer(s) (numerical overflow at params {dict(self.params_.round(4))}); "
                f"likely cause: extreme frequencies or horizons far outside the data."
            )
        return arr

    def _time_unit_check(self, time_unit: str | None) -> str | None:
        return None if time_unit is None else check_time_unit(time_unit)


def _parameter_draws(model: Any, n: int, rng: np.random.Generator, summary: pd.DataFrame) -> tuple[list, list[str]]:
    """``n`` parameter draws of a fitted model, each the parameters of every customer of
    ``summary`` (per-customer arrays with covariates); its point estimates repeated, with a
    DataWarning, when the fit has no standard errors (singular Hessian, e.g. few customers)."""
    try:
        if getattr(model, "covariates_", None) is not None:
            X = model.covariates_.matrix(summary, model._model_name)
            return [customer_params(model, theta, X) for theta in sample_theta(model, n, rng)], []
        return list(model.sample_params(n, random_state=rng).to_numpy()), []
    except ParameterError as exc:
        reason = str(exc)
        warnings.warn(
            data_warning(lambda lang: say(
                "dw_intervals_without_uncertainty", lang, model=model._model_name,
                reason=reason)),
            stacklevel=3,
        )
        if getattr(model, "covariates_", None) is not None:
            X = model.covariates_.matrix(summary, model._model_name)
            return [customer_params(model, model.theta_, X)] * n, [model._model_name]
        return list(np.tile(model.params_.to_numpy(dtype=float), (n, 1))), [model._model_name]


def randomized_pit(draws: np.ndarray, observed: Any, *, random_state: Any = None) -> np.ndarray:
    """Randomized probability integral transform of counts under simulated predictive draws.

    Parameters
    ----------
    draws : numpy.ndarray
        Simulated outcomes, shape ``(n_draws, customers)`` (e.g. ``prediction_interval(...,
        return_draws=True)``).
    observed : array-like
        The realized counts, one per customer.
    random_state : int or Generator

    Returns
    -------
    numpy.ndarray
        ``u = F(y - 1) + V (F(y) - F(y - 1))`` per customer, ``V ~ U(0, 1)``, with ``F`` the
        empirical predictive distribution; uniform on (0, 1) when the predictions are
        calibrated, so the share of ``u`` within ``[(1 - level)/2, (1 + level)/2]`` is the
        coverage of a ``level`` interval without the discreteness of counts (Czado, Gneiting &
        Held 2009).
    """
    d = np.asarray(draws, dtype=float)
    y = np.asarray(observed, dtype=float)
    if d.ndim != 2 or d.shape[1] != y.shape[0]:
        raise ParameterError(f"draws must have shape (n_draws, {y.shape[0]}), got {d.shape}.")
    below = (d <= y[None, :] - 1).mean(axis=0)
    upto = (d <= y[None, :]).mean(axis=0)
    v = np.random.default_rng(random_state).random(y.shape[0])
    return below + v * (upto - below)


def nbd_pmf(n: int, r: Any, alpha: Any, t: Any) -> np.ndarray:
    """Negative binomial pmf of purchases in ``t`` for Gamma(r, alpha) Poisson rates."""
    t = np.asarray(t, dtype=float)
    return np.exp(special.gammaln(r + n) - special.gammaln(r) - special.gammaln(n + 1)
                  + r * (np.log(alpha) - np.log(alpha + t)) + special.xlogy(n, t) - n * np.log(alpha + t))
