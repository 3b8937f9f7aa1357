"""The per-customer table every framework reads, which frameworks the data allows, and one call
that runs them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_date, check_frame, check_share
from ..exceptions import DataValidationError, ParameterError
from ..labels import check_lang, label
from ._base import UNCLASSIFIED, Framework, resolve_value
from .axes import axis_unit
from .grid import ValueGrid
from .indicators import ValueIndicatorScore
from .lifecycle import LifecycleStage
from .matrices import (
    CurrentPotentialMatrix,
    DirectIndirectMatrix,
    LoyaltyMatrix,
    ValueLoyaltyMatrix,
    ValueResponseMatrix,
    VolumeProfitMatrix,
)
from .narrative import baseline_missing_note, skipped_error_note, skipped_note, value_note
from .pyramid import CustomerPyramid, ParetoSegments

__all__ = [
    "FRAMEWORKS",
    "FrameworkResults",
    "available_frameworks",
    "customer_value",
    "framework_inputs",
    "model_predictions",
    "run_frameworks",
]


#: Framework key -> class, in the order of CONCEPTS.md section 4.
FRAMEWORKS: dict[str, type[Framework]] = {
    "pyramid": CustomerPyramid,
    "pareto": ParetoSegments,
    "value_grid": ValueGrid,
    "value_loyalty": ValueLoyaltyMatrix,
    "value_response": ValueResponseMatrix,
    "current_potential": CurrentPotentialMatrix,
    "volume_profit": VolumeProfitMatrix,
    "direct_indirect": DirectIndirectMatrix,
    "loyalty_matrix": LoyaltyMatrix,
    "lifecycle": LifecycleStage,
    "value_indicator": ValueIndicatorScore,
}

#: Columns a framework cannot run without (with default settings); what their absence means
#: is the label ``"seg_why_" + key`` (see :func:`clvmodels.segmentation.narrative.skipped_note`).
_REQUIRES: dict[str, tuple[str, ...]] = {
    "value_grid": ("avg_cycle_days", "mean_order_value"),
    "value_response": ("response_rate",),
    "current_potential": ("clv",),
    "volume_profit": ("total_profit",),
    "direct_indirect": ("referrals",),
    "loyalty_matrix": ("satisfaction",),
    "lifecycle": ("n_purchase_days", "tenure_days", "days_since_last_purchase"),
}


def _get(data: Any, name: str) -> Any:
    return getattr(data, name, None)


def _filter_until(frame: pd.DataFrame | None, end: pd.Timestamp | None) -> pd.DataFrame | None:
    if frame is None or end is None or "date" not in frame.columns:
        return frame
    return frame[pd.to_datetime(frame["date"]) <= end]


def framework_inputs(
    data: Any,
    *,
    customers: pd.DataFrame | None = None,
    campaigns: pd.DataFrame | None = None,
    surveys: pd.DataFrame | None = None,
    predictions: pd.DataFrame | None = None,
    p_alive: pd.Series | None = None,
    clv: pd.Series | None = None,
    expected_purchases: pd.Series | None = None,
    observation_end: Any = None,
    include_non_buyers: bool = False,
) -> pd.DataFrame:
    """Build the per-customer table the value frameworks read (客户价值分析基础表).

    Parameters
    ----------
    data : DataFrame or CRMData
        Canonical transactions, or an object with ``transactions`` (and optionally
        ``customers``, ``campaigns``, ``surveys``) attributes such as the result of
        :func:`clvmodels.datasets.load_data`.
    customers, campaigns, surveys : DataFrame, optional
        Override the attributes of ``data``. ``customers`` columns (referrals, complaints,
        demographics, ...) are joined by ``customer_id``; ``campaigns`` needs ``customer_id``
        and ``responded``; ``surveys`` needs ``customer_id`` and ``satisfaction``.
    predictions : DataFrame, optional
        The output of :func:`model_predictions` (``p_alive``, ``expected_purchases``, ``clv``);
        its ``attrs`` (model, horizon, discounting, CLV basis) are kept in
        ``attrs["predictions"]``, which the frameworks read to state their axes' units.
    p_alive, clv, expected_purchases : Series, optional
        Model outputs indexed by ``customer_id`` (override the columns of ``predictions``);
        customers without a value get NaN. Columns taken from a :func:`model_predictions`
        frame carry its ``attrs`` along, which are kept as with ``predictions``.
    observation_end : date-like, optional
        End of the period described; later transactions, campaigns and surveys are left out.
    include_non_buyers : bool, default False
        Add customers of ``customers`` who never bought (0 purchases, lifecycle "potential").

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted): the columns of
        :func:`clvmodels.features.customer_features` (days, currency) plus ``spend_growth``
        (spend in the second half of the period minus the first half, over total spend, -1..1),
        ``n_contacts`` and ``response_rate`` (share of campaign contacts answered, NaN if never
        contacted), ``satisfaction`` (mean survey score, NaN without answer), the customer table
        columns, and ``p_alive``, ``clv``, ``expected_purchases`` when given. ``attrs`` record
        ``period_start`` (first purchase day of the data), ``observation_end``, ``currency``,
        ``sources`` (which inputs were available) and ``predictions`` (the attrs of the model
        outputs, when they carry them). A ``margin`` column of the transactions (profit of a
        line, currency) stands for ``cost = amount - margin`` when there is no ``cost``.

    Examples
    --------
    >>> from clvmodels.datasets import make_crm_data
    >>> data = make_crm_data(300, random_state=0)
    >>> X = framework_inputs(data, observation_end=data.calibration_end)
    >>> X.index.is_unique, "response_rate" in X, "satisfaction" in X
    (True, True, True)
    """
    from ..features import customer_features

    transactions = data if isinstance(data, pd.DataFrame) else _get(data, "transactions")
    if not isinstance(transactions, pd.DataFrame):
        raise DataValidationError(
            "framework_inputs: expected canonical transactions or an object with a "
            "'transactions' DataFrame (clvmodels.datasets.load_data)."
        )
    if not isinstance(data, pd.DataFrame):
        customers = customers if customers is not None else _get(data, "customers")
        campaigns = campaigns if campaigns is not None else _get(data, "contacts")
        surveys = surveys if surveys is not None else _get(data, "surveys")
    if "cost" not in transactions.columns and "margin" in transactions.columns:
        transactions = transactions.assign(cost=transactions["amount"] - transactions["margin"])
    if observation_end is not None:  # the period is chosen on purpose: no warning for later rows
        observation_end = check_date("observation_end", observation_end, where="framework_inputs")
        transactions = transactions[  # the whole last day counts, whatever the time of day
            pd.to_datetime(transactions["date"]).dt.normalize() <= observation_end
        ]
    feats = customer_features(transactions, observation_end=observation_end)
    end = pd.Timestamp(feats.attrs["observation_end"])
    out = feats.copy()
    # spend growth: second half of the period minus first half
    dates = pd.to_datetime(transactions["date"])
    keep = dates <= end
    start = dates[keep].min()
    mid = start + (end - start) / 2
    tx = transactions.loc[keep, ["customer_id", "amount"]].assign(late=(dates[keep] > mid).values)
    halves = tx.groupby(["customer_id", "late"])["amount"].sum().unstack(fill_value=0.0)
    late = halves.get(True, pd.Series(0.0, index=halves.index)).reindex(out.index, fill_value=0)
    early = halves.get(False, pd.Series(0.0, index=halves.index)).reindex(out.index, fill_value=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["spend_growth"] = ((late - early) / out["total_spend"].where(out["total_spend"] != 0))
    sources = {"cost": "total_profit" in out.columns}
    if customers is not None:
        cust = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
        if not cust.index.is_unique:
            dup = cust.index[cust.index.duplicated()][0]
            raise DataValidationError(
                f"framework_inputs: customers table has customer_id {dup!r} more than once; "
                "pass one row per customer."
            )
        if include_non_buyers:
            extra = cust.index.difference(out.index)
            if len(extra):
                add = pd.DataFrame(index=extra)
                add["n_orders"] = 0
                add["n_purchase_days"] = 0
                add["total_spend"] = 0.0
                out = pd.concat([out, add]).sort_index()
                out.index.name = "customer_id"
        cols = [c for c in cust.columns if c not in out.columns]
        out = out.join(cust[cols], how="left")
    sources["customers"] = customers is not None
    campaigns = _filter_until(campaigns, end)
    if campaigns is not None and len(campaigns) and "responded" in campaigns.columns:
        g = campaigns.groupby("customer_id")["responded"]
        out["n_contacts"] = g.size().reindex(out.index).fillna(0).astype("int64")
        out["response_rate"] = g.mean().astype("float64").reindex(out.index)
        sources["campaigns"] = True
    else:
        sources["campaigns"] = False
    surveys = _filter_until(surveys, end)
    if surveys is not None and len(surveys) and "satisfaction" in surveys.columns:
        out["satisfaction"] = (
            surveys.groupby("customer_id")["satisfaction"].mean().astype("float64")
            .reindex(out.index)
        )
        sources["surveys"] = True
    else:
        sources["surveys"] = False
    recorded: dict[str, Any] = {}
    given = {"p_alive": p_alive, "clv": clv, "expected_purchases": expected_purchases}
    if predictions is not None:
        predictions = check_frame(predictions, where="framework_inputs (predictions)",
                                  how_to_build="clvmodels.segmentation.model_predictions")
        recorded = dict(predictions.attrs)
        for name in predictions.columns:
            if given.get(name) is None:
                given[name] = predictions[name]
    for name, series in given.items():
        if series is not None:
            if not recorded and "transaction_model" in getattr(series, "attrs", {}):
                recorded = dict(series.attrs)
            out[name] = pd.Series(series, dtype="float64").reindex(out.index)
    out.attrs.update(feats.attrs)
    out.attrs["period_start"] = start.normalize() if pd.notna(start) else None
    out.attrs["sources"] = sources
    if recorded:
        out.attrs["predictions"] = recorded
    return out


def _fitted_transaction_model(
    transaction_model: Any, *, fit_sample: int | None, random_state: Any
) -> Any:
    """A new model from a name of ``TRANSACTION_MODELS`` or a clone of a model instance."""
    from sklearn.base import clone

    from ..models import TransactionModel
    from ..models import transaction_model as by_name

    if isinstance(transaction_model, TransactionModel):
        if fit_sample is not None or random_state is not None:
            raise ParameterError(
                "model_predictions: pass fit_sample and random_state to the model you give "
                "(e.g. ModifiedBetaGeoModel(fit_sample=50_000, random_state=0)), not both."
            )
        return clone(transaction_model)
    return by_name(transaction_model, fit_sample=fit_sample, random_state=random_state)


def _has_cost(transactions: pd.DataFrame) -> bool:
    return any(c in transactions.columns and transactions[c].notna().any()
               for c in ("cost", "margin"))


def _margins(
    tx: pd.DataFrame, margin: Any, index: pd.Index
) -> tuple[float | pd.Series, str, dict[str, Any]]:
    """(margin for customer_lifetime_value, CLV basis, attrs on the margin)."""
    from ..economics.clv import customer_margin

    if isinstance(margin, pd.Series):
        values = margin.reindex(index)
        if values.isna().any():
            missing = values.index[values.isna()].tolist()
            raise ParameterError(
                f"model_predictions: margin has no value for customer {missing[0]!r} "
                f"({len(missing)} such customers); give every customer of the period a margin."
            )
        return values.astype("float64"), "profit", {"margin": "per customer"}
    if margin is None or (isinstance(margin, str) and margin == "cost"):
        if not _has_cost(tx):
            if margin is None:  # cost unknown: the CLV is revenue
                return 1.0, "revenue", {"margin": 1.0}
            raise DataValidationError(
                "model_predictions: margin='cost' needs a 'cost' column in the transactions; "
                "add the cost of each line or pass one margin share (e.g. margin=0.3)."
            )
        rates = customer_margin(tx)  # tx holds the period up to observation_end already
        return rates.reindex(index), "profit", {
            "margin": "per customer", "margin_overall": rates.attrs["overall_margin"],
            "n_margin_overall": rates.attrs["n_overall"]}
    if isinstance(margin, str):
        raise ParameterError(
            f"model_predictions: margin={margin!r} is not known; pass None (from cost when the "
            f"data has it, else revenue), 'cost', a share such as 0.3, or a Series per customer."
        )
    value = check_share("margin", margin, high_closed=True, where="model_predictions",
                        example="0.3 (a share of spend)")
    return value, ("revenue" if value == 1.0 else "profit_assumed"), {"margin": value}


def model_predictions(
    transactions: pd.DataFrame,
    *,
    observation_end: Any,
    time_unit: str = "W",
    transaction_model: Any = "MBG/NBD",
    horizon_years: float = 1.0,
    horizon: int | None = None,
    annual_discount_rate: float = 0.10,
    margin: Any = None,
    fit_sample: int | None = None,
    random_state: Any = None,
) -> pd.DataFrame:
    """P(alive), expected purchases and CLV per customer from a transaction model + Gamma-Gamma.

    The inputs the value x loyalty, current x potential and lifecycle frameworks read, fitted on
    the transactions up to ``observation_end``. The CLV is exactly what
    :func:`clvmodels.economics.customer_lifetime_value` gives for the same fitted models,
    horizon, per-period rate and margin (notebook 03's path; ``tests/test_discounting.py``).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (with ``cost`` for a profit CLV).
    observation_end : date-like
        End of the period the models are fitted on (later transactions are left out).
    time_unit : {"D", "W", "M"}, default "W"
    transaction_model : str or TransactionModel, default "MBG/NBD"
        The model of P(alive) and expected purchases: a name of
        :data:`clvmodels.models.TRANSACTION_MODELS` ("MBG/NBD", "Pareto/NBD", "BG/NBD"; e.g.
        the one notebook 03 picks on the holdout) or a model instance (cloned, then fitted
        here). The default, MBG/NBD, lets a one-time buyer drop out; in BG/NBD every one-time
        buyer has P(alive) = 1, which makes them look loyal (said in the note).
    horizon_years : float, default 1.0
        CLV and expected-purchase horizon in years (converted to whole ``time_unit`` periods).
    horizon : int, optional
        The horizon in ``time_unit`` periods instead (e.g. notebook 03's ``horizon = 52``).
    annual_discount_rate : float, default 0.10
        Converted to the rate per period with
        :func:`clvmodels.economics.per_period_discount_rate` (a year is 365.25 days), as
        everywhere else, so the CLV equals notebook 03's for the same customers and rate.
    margin : None, "cost", float or Series, default None
        Share of spend kept as profit. None: each customer's historical margin rate from the
        ``cost`` column (:func:`clvmodels.economics.clv.customer_margin`: total profit / total
        spend, the overall rate where a customer's is undefined) when the data has cost, else
        1.0 (a revenue CLV). "cost": the same, an error without cost. A float: one margin for
        every customer (1.0 values revenue; below 1 an *assumed* margin). A Series: a margin
        per ``customer_id``.
    fit_sample : int, optional
        Fit both models on a random subset of this many customers (predictions still cover
        every customer); None: all.
    random_state : int, optional
        Seeds the models' fits (and the ``fit_sample`` draw).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), every customer of the period once: ``p_alive``
        (probability, 0..1), ``expected_purchases`` (purchases within the horizon, undiscounted)
        and ``clv`` (currency, present value over the horizon); customers first seen on
        ``observation_end`` (age 0) are left out of the fit and predicted as new customers
        (P(alive) = 1), the models' T = 0 rule. ``attrs``: ``transaction_model`` (name),
        ``spend_model``, ``horizon`` (periods), ``time_unit``, ``discount_rate`` (per period),
        ``annual_discount_rate``, ``currency``, ``clv_basis`` ("profit": margins from cost or
        given per customer; "profit_assumed": one assumed margin; "revenue"), ``margin`` (the
        share, or "per customer"), ``margin_overall`` and ``n_margin_overall`` (margins from
        cost), ``observation_end``, ``n_customers_unaged``, ``fit_sampled``, ``note``.

    Examples
    --------
    >>> from clvmodels.datasets import make_crm_data
    >>> data = make_crm_data(400, random_state=5)
    >>> mp = model_predictions(data.transactions, observation_end=data.calibration_end)
    >>> mp.attrs["transaction_model"], mp.attrs["clv_basis"], mp.attrs["margin"]
    ('MBG/NBD', 'profit', 'per customer')
    """
    from .._checks import check_positive
    from .._units import check_time_unit, periods_per_year
    from ..economics import customer_lifetime_value, per_period_discount_rate
    from ..features import rfm_summary
    from ..models import GammaGammaModel
    from .narrative import model_predictions_note

    where = "model_predictions"
    time_unit = check_time_unit(time_unit)
    end = check_date("observation_end", observation_end, where=where)
    if horizon is None:
        years = check_positive("horizon_years", horizon_years, where=where)
        horizon = max(1, round(years * periods_per_year(time_unit)))
    else:
        horizon = check_positive("horizon", horizon, integer=True, where=where)
    rate = per_period_discount_rate(annual_discount_rate, time_unit=time_unit)
    tx = transactions[pd.to_datetime(transactions["date"]).dt.normalize() <= end]
    summary = rfm_summary(tx, observation_end=end, time_unit=time_unit)
    margins, basis, margin_attrs = _margins(tx, margin, summary.index)
    # customers first seen on the last day (T = 0) are left out of the fit by the models
    # themselves and predicted as new customers (the models' T = 0 rule)
    model = _fitted_transaction_model(transaction_model, fit_sample=fit_sample,
                                      random_state=random_state).fit(summary)
    gg = GammaGammaModel(ignore_one_time_buyers=True, fit_sample=fit_sample,
                         random_state=random_state).fit(summary)
    clv = customer_lifetime_value(model, gg, summary, horizon=horizon, discount_rate=rate,
                                  margin=margins, time_unit=time_unit)
    out = pd.DataFrame(
        {
            "p_alive": model.probability_alive(summary),
            "expected_purchases": clv["expected_purchases"],
            "clv": clv["clv"],
        },
        index=summary.index,
    )
    name = getattr(model, "name", type(model).__name__)
    note_basis = "revenue_no_cost" if basis == "revenue" and not _has_cost(tx) else basis
    out.attrs.update(
        transaction_model=name,
        spend_model="Gamma-Gamma",
        horizon=horizon,
        time_unit=time_unit,
        discount_rate=rate,
        annual_discount_rate=float(annual_discount_rate),
        currency=clv.attrs.get("currency", summary.attrs.get("currency")),
        clv_basis=basis,
        **margin_attrs,
        observation_end=end,
        n_customers_unaged=int(model.n_customers_unaged_),
        fit_sampled=bool(getattr(model, "fit_sampled_", False) or getattr(gg, "fit_sampled_",
                                                                           False)),
        note=model_predictions_note(
            end=end, horizon=horizon, time_unit=time_unit, model=name,
            annual_discount_rate=annual_discount_rate, basis=note_basis,
            margin=margin_attrs["margin"], margin_overall=margin_attrs.get("margin_overall"),
            n_margin_overall=margin_attrs.get("n_margin_overall", 0),
            n_new=model.n_customers_unaged_),
    )
    return out


def customer_value(X: pd.DataFrame, value: str | None = None, *, lang: str = "en") -> pd.Series:
    """Value per customer as the frameworks use it: profit when cost is known, else revenue.

    Parameters
    ----------
    X : DataFrame
        Table of :func:`framework_inputs`.
    value : str, optional
        Column to use instead.
    lang : {"en", "zh"}, default "en"
        Language of ``attrs["note"]``.

    Returns
    -------
    Series
        Currency per customer, NaN as 0; ``attrs["value_basis"]`` says "profit", "revenue" or
        the column used, ``attrs["note"]`` says when revenue stands in for profit.
    """
    col, basis = resolve_value(check_frame(X, where="customer_value"), value)
    out = pd.to_numeric(X[col], errors="coerce").astype("float64").fillna(0.0).rename(basis)
    out.attrs.update(value_basis=basis, note=value_note(basis, check_lang(lang)))
    return out


def available_frameworks(X: Any, *, lang: str = "en") -> pd.DataFrame:
    """Which frameworks can run on this data, and if not why (one line each).

    Parameters
    ----------
    X : DataFrame or CRMData
        The table of :func:`framework_inputs` (or data it can be built from).
    lang : {"en", "zh"}, default "en"
        Language of the framework names and of the notes.

    Returns
    -------
    DataFrame
        One row per framework key: ``name``, ``available`` (bool), ``value_basis`` (what value
        means: "profit", "revenue", "CLV"; revenue when cost is unknown) and ``note`` (why not
        available, or what was substituted).
    """
    check_lang(lang)
    if not isinstance(X, pd.DataFrame) or "customer_id" in getattr(X, "columns", []):
        X = framework_inputs(X)
    X = check_frame(X, where="available_frameworks")
    rows = []
    for key, cls in FRAMEWORKS.items():
        cols = _REQUIRES.get(key, ())
        missing = [c for c in cols if c not in X.columns or not X[c].notna().any()]
        row = {"framework": key, "name": label("fw_" + key, lang), "available": not missing,
               "value_basis": None, "note": ""}
        if missing:
            row["note"] = skipped_note(key, missing[0], lang)
        else:
            try:
                est = cls(lang=lang).fit(X)
                row["value_basis"] = est.value_basis_
                row["note"] = est.note_
            except DataValidationError as err:
                row["available"] = False
                row["note"] = skipped_error_note(err, lang)
        rows.append(row)
    return pd.DataFrame(rows).set_index("framework")


@dataclass
class FrameworkResults:
    """Output of :func:`run_frameworks`.

    Attributes
    ----------
    segments : DataFrame
        One column of segment keys per framework that ran, indexed like the input.
    results : dict
        Framework key -> the full ``predict`` output.
    estimators : dict
        Framework key -> the fitted estimator (reuse its ``thresholds_`` on a later period).
    skipped : dict
        Framework key -> one-line reason it did not run.
    notes : dict
        Framework key -> note on substitutions (e.g. revenue used for profit).
    """

    segments: pd.DataFrame
    results: dict[str, pd.DataFrame] = field(default_factory=dict)
    estimators: dict[str, Framework] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def overview(self, *, lang: str = "en") -> pd.DataFrame:
        """One row per framework: name, ran, segments used, unclassified customers, note."""
        rows = []
        for key in FRAMEWORKS:
            if key in self.results:
                seg = self.results[key]["segment"]
                rows.append({
                    "framework": label("fw_" + key, lang),
                    "ran": True,
                    "n_segments": int(seg[seg != UNCLASSIFIED].nunique()),
                    "n_unclassified": int((seg == UNCLASSIFIED).sum()),
                    "note": self.notes.get(key, ""),
                })
            elif key in self.skipped:
                rows.append({"framework": label("fw_" + key, lang), "ran": False,
                             "n_segments": 0, "n_unclassified": 0, "note": self.skipped[key]})
        return pd.DataFrame(rows).set_index("framework")


def _record_units(result: pd.DataFrame, est: Framework, X: pd.DataFrame) -> None:
    """``attrs["axes"]`` on results whose framework does not state its axes itself: the
    layout's x and y (value grid), or the value ranked (pyramid, 80/20)."""
    if "axes" in result.attrs:
        return
    layout = result.attrs.get("layout") or {}
    if "x" in layout and "y" in layout:
        result.attrs["axes"] = {a: axis_unit(X, layout[a]) for a in ("x", "y")}
    elif isinstance(getattr(est, "column_", None), str):
        result.attrs["axes"] = {"value": axis_unit(X, est.column_)}


def run_frameworks(
    X: pd.DataFrame,
    *,
    frameworks: list[str] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    baseline: FrameworkResults | None = None,
    lang: str = "en",
) -> FrameworkResults:
    """Run every framework the data allows on the same customers.

    Parameters
    ----------
    X : DataFrame
        Table of :func:`framework_inputs`.
    frameworks : list of str, optional
        Keys of :data:`FRAMEWORKS` to run (default: all).
    params : dict, optional
        Framework key -> constructor settings, e.g. ``{"pyramid": {"value": "clv"}}``.
    baseline : FrameworkResults, optional
        Reuse the fitted estimators (``thresholds_``) of an earlier run instead of fitting.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    FrameworkResults
        Segments per framework (every customer of ``X`` once per framework), full results,
        fitted estimators, skipped frameworks with their one-line reason, notes. Every result
        whose framework has axes or ranks a value states their units in ``attrs["axes"]``
        (:func:`clvmodels.segmentation.axes.axis_unit`); the lifecycle stages state the units
        of their cut-offs in ``attrs["units"]``.

    Examples
    --------
    >>> from clvmodels.datasets import make_crm_data
    >>> data = make_crm_data(300, random_state=0)
    >>> X = framework_inputs(data, observation_end=data.calibration_end)
    >>> res = run_frameworks(X)
    >>> sorted(res.skipped)  # no CLV column was given
    ['current_potential']
    >>> res.segments.index.equals(X.index)
    True
    """
    check_lang(lang)
    X = check_frame(X, where="run_frameworks")
    keys = list(FRAMEWORKS) if frameworks is None else list(frameworks)
    unknown = [k for k in keys if k not in FRAMEWORKS]
    if unknown:
        raise ParameterError(f"unknown framework {unknown[0]!r}; choose from {list(FRAMEWORKS)}.")
    params = params or {}
    avail = available_frameworks(X, lang=lang) if baseline is None else None
    out = FrameworkResults(segments=pd.DataFrame(index=X.index))
    for key in keys:
        if baseline is not None:
            if key not in baseline.estimators:
                out.skipped[key] = baseline.skipped.get(key, baseline_missing_note(lang))
                continue
            est = baseline.estimators[key]
            res = est.predict(X)
        else:
            if not avail.loc[key, "available"]:
                out.skipped[key] = avail.loc[key, "note"]
                continue
            settings = {"lang": lang, **params.get(key, {})}
            if key == "lifecycle" and "p_alive" not in settings and "p_alive" in X.columns \
                    and X["p_alive"].notna().any():
                settings["p_alive"] = "p_alive"  # use the model's P(alive) when given
            est = FRAMEWORKS[key](**settings)
            res = est.fit_predict(X)
        _record_units(res, est, X)
        out.results[key] = res
        out.estimators[key] = est
        out.notes[key] = est.note_
        out.segments[key] = res["segment"]
    return out
