"""Gamma-Gamma model of the average spend per transaction."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..exceptions import DataValidationError, DataWarning, ParameterError
from ..labels import say
from ..validation import data_warning
from ._base import BaseModel, summary_time_unit, vdot, warn_few_customers
from ._rowlik import gammagamma_rows
from ._validation import compress_rows, describe_rows, validate_summary

__all__ = ["GammaGammaModel", "SpendCorrelationWarning"]


class SpendCorrelationWarning(DataWarning):
    """Frequency and spend are correlated, against the Gamma-Gamma independence assumption."""


class GammaGammaModel(BaseModel):
    """Gamma-Gamma model (伽马-伽马消费金额模型) of a customer's mean spend per transaction.

    A customer's transaction values are Gamma(p, nu) with mean ``p / nu``; across customers
    ``nu ~ Gamma(q, gamma)``. The model assumes spend is independent of purchase frequency; a
    :class:`SpendCorrelationWarning` is issued when the data contradict that.

    Parameters
    ----------
    ignore_one_time_buyers : bool, default False
        Customers with ``frequency == 0`` have no repeat purchase and no observed average spend.
        By default ``fit`` refuses them with a DataValidationError; with True they are left out
        of the fit. :meth:`expected_spend` gives them the population mean ``p gamma / (q - 1)``
        (so they get it in :func:`clvmodels.economics.customer_lifetime_value` too).
    correlation_threshold : float, default 0.3
        Absolute Pearson correlation between ``frequency`` and ``monetary_value`` above which
        the independence warning is issued.
    penalizer, n_starts, max_iter, tol, random_state, fit_sample
        As for :class:`~clvmodels.models.BetaGeoModel`.

    Attributes
    ----------
    params_ : pandas.Series
        ``p``, ``q``, ``gamma`` (``gamma`` in currency units).
    log_likelihood_, standard_errors_, confidence_intervals_, covariance_, summary_, converged_
    n_customers_ : int
        Customers used in the fit (repeat buyers).
    n_customers_total_, fit_sampled_
        As for :class:`~clvmodels.models.BetaGeoModel` (all customers of the summary, one-time
        buyers included, from which ``fit_sample`` draws).
    frequency_spend_correlation_ : float
        Pearson correlation of frequency and monetary value among the repeat buyers.
    currency_ : str or None
        ``summary.attrs["currency"]``.

    Notes
    -----
    Density of the observed mean spend ``zbar`` over ``x`` transactions (Fader, Hardie & Lee
    2005b, "RFM and CLV", eq. 4; Fader & Hardie 2013, "The Gamma-Gamma model of monetary
    value", eq. 3)::

        f(zbar | p, q, gamma, x) = G(px+q) / (G(px) G(q)) gamma^q zbar^(px-1) x^(px)
                                   / (gamma + x zbar)^(px+q)

    and the conditional expected spend (eq. 5 of the note)::

        E[Z | zbar, x] = (q-1)/(px+q-1) * p gamma/(q-1) + px/(px+q-1) * zbar
    """

    _param_names = ("p", "q", "gamma")
    _model_name = "Gamma-Gamma"
    _has_hessian = True
    _bound_hint = ("p and gamma running to infinity mean every customer's transactions have "
                   "the same value (no within-customer variation)")

    def __init__(
        self,
        *,
        ignore_one_time_buyers: bool = False,
        correlation_threshold: float = 0.3,
        penalizer: float = 0.0,
        n_starts: int = 5,
        max_iter: int = 500,
        tol: float = 1e-9,
        random_state: int | np.random.Generator | None = None,
        fit_sample: int | None = None,
    ) -> None:
        super().__init__(penalizer=penalizer, n_starts=n_starts, max_iter=max_iter, tol=tol,
                         random_state=random_state, fit_sample=fit_sample)
        self.ignore_one_time_buyers = ignore_one_time_buyers
        self.correlation_threshold = correlation_threshold

    def _prepare(self, summary: pd.DataFrame) -> tuple[dict[str, Any], float]:
        cols, index = validate_summary(summary, model=self._model_name,
                                       required=("frequency", "monetary_value"), age_column=None)
        self.time_unit_ = summary_time_unit(summary)
        self.currency_ = summary.attrs.get("currency")
        x, z, w = cols["frequency"], cols["monetary_value"], cols["weights"]
        zero = x == 0
        if zero.any() and not self.ignore_one_time_buyers:
            raise DataValidationError(
                f"Gamma-Gamma: {int(zero.sum())} customer(s) have frequency 0 (no repeat purchase, "
                f"so no average spend to model), e.g. {describe_rows(index, x, zero)}; fix: pass "
                f"summary[summary['frequency'] > 0] or GammaGammaModel(ignore_one_time_buyers=True)"
                f" (they get the population mean spend in predictions)."
            )
        keep = ~zero
        bad = keep & (z <= 0)
        if bad.any() and not self.ignore_one_time_buyers:
            raise DataValidationError(
                f"Gamma-Gamma: column 'monetary_value' must be > 0 for repeat buyers: "
                f"{describe_rows(index, z, bad)}; fix: drop returns/zero-value purchases or those "
                f"customers, or pass GammaGammaModel(ignore_one_time_buyers=True) to leave them "
                f"out of the fit."
            )
        if bad.any():
            warnings.warn(
                data_warning(lambda lang: say(
                    "dw_gg_zero_spend", lang, n=int(bad.sum()),
                    where=describe_rows(index, z, bad, lang))),
                stacklevel=3,
            )
            keep &= ~bad
        x, z, w = x[keep], z[keep], w[keep]
        if len(x) == 0:
            raise DataValidationError(
                "Gamma-Gamma: no customer has a repeat purchase (frequency > 0), so there is no "
                "spend to model; fix: use a longer calibration period."
            )
        self.frequency_spend_correlation_ = float(np.corrcoef(x, z)[0, 1]) if len(x) > 2 and np.ptp(x) > 0 and np.ptp(z) > 0 else 0.0
        if abs(self.frequency_spend_correlation_) > float(self.correlation_threshold):
            r = f"{self.frequency_spend_correlation_:.2f}"
            warnings.warn(
                data_warning(lambda lang: say("dw_gg_correlation", lang, r=r),
                             SpendCorrelationWarning),
                stacklevel=3,
            )
        n_customers = float(w.sum())
        (x, z), w = compress_rows([x, z], w)
        return {"x": x, "z": z, "w": w, "logz": np.log(z), "logx": np.log(x)}, n_customers

    def _check_data(self, data: dict[str, Any], n_customers: float) -> None:
        warn_few_customers(self._model_name, n_customers, 3)
        if np.ptp(data["z"]) == 0:
            raise DataValidationError(
                "Gamma-Gamma: every repeat buyer has the same monetary_value, so the spread of "
                "spend cannot be estimated; fix: check the amounts (constant prices?)."
            )

    def _start(self, data: dict[str, Any]) -> np.ndarray:
        return np.array([1.0, 2.0, float(np.average(data["z"], weights=data["w"]))])

    def _loglik(self, params: np.ndarray, data: dict[str, Any], order: int):
        p, q, g = (float(v) for v in params)
        x, w, lz, lx = data["x"], data["w"], data["logz"], data["logx"]
        px = p * x
        gxz = g + x * data["z"]
        lg = np.log(gxz)
        gl = special.gammaln
        ll = float(vdot(w, (gl(px + q) - gl(px) - gl(q) + q * np.log(g) + (px - 1) * lz + px * lx - (px + q) * lg)))
        if order == 0:
            return ll, None, None
        ps = special.psi
        a = ps(px + q)
        igxz = 1.0 / gxz
        grad = np.array([
            vdot(w, x * (a - ps(px) + lz + lx - lg)),
            vdot(w, (a - ps(q) + np.log(g) - lg)),
            vdot(w, (q / g - (px + q) * igxz)),
        ])
        if order == 1:
            return ll, grad, None
        t1 = special.polygamma(1, px + q)
        h = np.empty((3, 3))
        h[0, 0] = vdot(w, x**2 * (t1 - special.polygamma(1, px)))
        h[0, 1] = h[1, 0] = vdot(w, (x * t1))
        h[0, 2] = h[2, 0] = -(vdot(w, (x * igxz)))
        h[1, 1] = vdot(w, (t1 - special.polygamma(1, q)))
        h[1, 2] = h[2, 1] = vdot(w, (1.0 / g - igxz))
        h[2, 2] = vdot(w, (-q / g**2 + (px + q) * igxz**2))
        return ll, grad, h

    # covariates: gamma_i = gamma exp(delta . x_i), so a customer's expected spend per transaction
    # is exp(delta . x_i) times that of a customer with covariates 0
    _cov_targets = {"spend": [(2, +1)]}

    def _cov_columns(self, summary: pd.DataFrame) -> tuple[dict[str, np.ndarray], pd.Index, np.ndarray]:
        self._prepare(summary)  # validation and the one-time-buyer rule, with their messages
        cols, index = validate_summary(summary, model=self._model_name,
                                       required=("frequency", "monetary_value"), age_column=None)
        if "weights" in summary.columns:
            raise DataValidationError(
                "Gamma-Gamma: a summary with a 'weights' column merges customers, whose covariates "
                "may differ; fix: pass one row per customer with covariates."
            )
        keep = (cols["frequency"] > 0) & (cols["monetary_value"] > 0)
        return ({"x": cols["frequency"][keep], "z": cols["monetary_value"][keep]}, index[keep],
                np.ones(int(keep.sum())))

    def _cov_rows(self, U: np.ndarray, cols: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        p = np.exp(U)
        ll, grad = gammagamma_rows(p[0], p[1], p[2], cols["x"], cols["z"])
        return ll, grad * p

    def _cov_natural(self, U: np.ndarray) -> tuple:
        return float(np.exp(U[0, 0])), float(np.exp(U[1, 0])), np.exp(U[2])

    def population_mean_spend(self) -> float:
        """Mean spend per transaction in the population, ``p gamma / (q - 1)`` (currency units)."""
        self._check_fitted()
        p, q, g = self.params_.to_numpy()
        if q <= 1:
            raise ParameterError(
                f"Gamma-Gamma: q = {q:.3g} <= 1, so the population mean spend is infinite; likely "
                f"cause: a few extreme spenders. Remove outliers or set penalizer > 0."
            )
        return float(p * g / (q - 1))

    def expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected average spend per transaction (预期平均消费金额) for each customer.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers with ``frequency`` and ``monetary_value``.

        Returns
        -------
        pandas.Series
            E[Z | zbar, x] in currency units per transaction, same index and order as
            ``summary``; customers with frequency 0 get the population mean ``p gamma/(q-1)``.
            ``attrs["currency"]``.

        Notes
        -----
        Fader & Hardie (2013), eq. 5: a weighted average of the population mean and the
        customer's observed mean, the weight on the latter growing with ``x``.
        """
        self._check_fitted()
        cols, index = validate_summary(summary, model=self._model_name,
                                       required=("frequency", "monetary_value"), age_column=None)
        x, z = cols["frequency"], cols["monetary_value"]
        p, q, g = self._customer_params(summary)
        mean = self.population_mean_spend() * g / float(self.params_["gamma"])  # at each one's covariates
        values = np.where(x > 0, p * (g + x * z) / (p * x + q - 1), mean)
        out = pd.Series(values, index=index, name="expected_spend")
        out.attrs.update({"currency": summary.attrs.get("currency", self.currency_), "model": self._model_name})
        return out
