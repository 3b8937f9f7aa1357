"""Predictions shared by the continuous-time transaction models (BG/NBD, MBG/NBD, Pareto/NBD).

Every prediction is written as "probability the customer is alive now" (P(alive), 存活概率)
times a forecast for an alive customer whose parameters follow their posterior distribution
given the purchase history. A new customer is the same with the prior distribution.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from .._checks import check_positive
from .._units import check_time_unit
from ..exceptions import DataValidationError, ParameterError
from ._base import BaseModel, summary_time_unit, warn_few_customers
from ._validation import compress_rows, validate_summary

__all__ = ["TransactionModel"]

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
        p = self.params_.to_numpy()
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
        p = self.params_.to_numpy()
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
        p = self.params_.to_numpy()
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
        pi, post = self._current(self.params_.to_numpy(), x, tx, T)
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
        p = self.params_.to_numpy()
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


def nbd_pmf(n: int, r: Any, alpha: Any, t: Any) -> np.ndarray:
    """Negative binomial pmf of purchases in ``t`` for Gamma(r, alpha) Poisson rates."""
    t = np.asarray(t, dtype=float)
    return np.exp(special.gammaln(r + n) - special.gammaln(r) - special.gammaln(n + 1)
                  + r * (np.log(alpha) - np.log(alpha + t)) + special.xlogy(n, t) - n * np.log(alpha + t))
