"""Notes the value frameworks attach to their results, in words from the label table.

The frameworks compute; the sentences they leave in ``note_`` (and ``attrs["note"]``), in
:func:`~clvmodels.segmentation.available_frameworks` and in ``FrameworkResults.skipped`` are
written here from the bilingual label table (:mod:`clvmodels.labels`, keys ``seg_note_*`` and
``seg_why_*``). The frameworks record their notes in their ``lang`` (English by default), so
a Chinese report shows Chinese notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..labels import TABLE, check_lang, label, say
from .display import column_name

__all__ = [
    "axes_note",
    "axis_text",
    "baseline_missing_note",
    "bgnbd_note",
    "clv_basis_text",
    "clv_unit",
    "cluster_sample_text",
    "current_potential_note",
    "framework_missing_note",
    "indicators_note",
    "join_notes",
    "lifecycle_note",
    "lifecycle_p_alive_note",
    "matrix_axes_note",
    "loyalty_expected_note",
    "loyalty_note",
    "model_choice_note",
    "model_predictions_note",
    "pareto_note",
    "predictions_note",
    "skipped_error_note",
    "skipped_note",
    "value_basis_text",
    "value_note",
]


def join_notes(*notes: str) -> str:
    """The non-empty notes, in order, separated by one space.

    Parameters
    ----------
    *notes : str

    Returns
    -------
    str
    """
    return " ".join(n for n in notes if n)


def value_basis_text(basis: str, lang: str = "en") -> str:
    """What the value column measures, in words: "profit", "revenue" or "predicted CLV" in
    ``lang`` (another column's name as it is).

    Parameters
    ----------
    basis : str
        ``attrs["value_basis"]`` of :func:`clvmodels.segmentation.customer_value`.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    check_lang(lang)
    key = "seg_basis_" + str(basis).lower()
    return label(key, lang) if key in TABLE else column_name(basis, lang)


def value_note(basis: str, lang: str = "en") -> str:
    """One-line note on the value measure used (empty when it is profit or CLV by choice).

    Parameters
    ----------
    basis : str
        What the value column measures ("profit", "revenue", "CLV" or a column name).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    if basis == "revenue":
        return say("seg_note_revenue", lang)
    return ""


def pareto_note(basis: str, lang: str = "en") -> str:
    """Note of the 80/20 segments: the value note and, without cost, that the value destroyed by
    the least profitable customers cannot be shown.

    Parameters
    ----------
    basis : str
        What the value column measures.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    caveat = say("seg_note_no_destroyed_value", lang) if basis == "revenue" else ""
    return join_notes(value_note(basis, lang), caveat)


def loyalty_note(lang: str = "en") -> str:
    """Note of the value x loyalty matrix when loyalty falls back to the purchase days.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_loyalty_purchase_days", lang)


def lifecycle_note(lang: str = "en") -> str:
    """Note of the lifecycle stages when no P(alive) column is used.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_lifecycle_no_p_alive", lang)


def indicators_note(columns: Iterable[str], lang: str = "en") -> str:
    """Note listing the indicator columns the value indicator score had to leave out.

    Parameters
    ----------
    columns : iterable of str
        The columns left out (empty: no note).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    columns = list(columns)
    if not columns:
        return ""
    names = columns if lang == "en" else [column_name(c, lang) for c in columns]
    return say("seg_note_indicators_left_out", lang,
               columns=label("crm_list_separator", lang).join(names))


def skipped_note(framework: str, column: str, lang: str = "en") -> str:
    """Why a framework cannot run: the data it needs (``seg_why_<framework>``) and the column
    that is missing or empty.

    Parameters
    ----------
    framework : str
        Framework key, e.g. ``"volume_profit"``.
    column : str
        The first required column missing or without a known value.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    why = label("seg_why_" + framework, lang)
    return say("seg_note_skipped_missing", lang, why=why, column=column)


def skipped_error_note(error: Exception | str, lang: str = "en") -> str:
    """Why a framework cannot run when fitting it failed on this data.

    Parameters
    ----------
    error : Exception or str
        The error raised by ``fit`` (its one-line message is quoted).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_skipped_error", lang, error=error)


def baseline_missing_note(lang: str = "en") -> str:
    """Why a framework was skipped when reusing a baseline run that did not fit it.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_not_in_baseline", lang)


def cluster_sample_text() -> dict[str, tuple[str, str]]:
    """English and Chinese words of the clustering's fitted-on-a-sample note.

    Returns
    -------
    dict
        ``what`` (what was fitted on the sample) and ``covers`` (what still covers every
        customer), each as ``(English, Chinese)`` for :func:`clvmodels._sampling.sample_note`.
    """
    return {
        "what": (label("cluster_sample_what", "en"), label("cluster_sample_what", "zh")),
        "covers": (label("cluster_sample_covers", "en"), label("cluster_sample_covers", "zh")),
    }


def clv_basis_text(
    basis: str | None,
    *,
    margin: Any = None,
    overall: float | None = None,
    lang: str = "en",
) -> str:
    """What a CLV measures, in words: profit (margins from cost), profit at an assumed margin, or
    revenue.

    Parameters
    ----------
    basis : {"profit", "profit_assumed", "revenue", "revenue_no_cost"} or None
        ``attrs["clv_basis"]`` of :func:`clvmodels.segmentation.model_predictions`.
    margin : float, optional
        The assumed margin (``"profit_assumed"``).
    overall : float, optional
        The overall margin rate from cost (``"profit"``); None: not said.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    if basis == "profit" and overall is not None:
        return say("seg_clv_basis_profit_cost", lang, overall=overall)
    if basis == "profit_assumed":
        return say("seg_clv_basis_profit_assumed", lang, margin=float(margin))
    if basis in ("profit", "revenue", "revenue_no_cost"):
        return say("seg_clv_basis_" + basis, lang)
    return ""


def model_predictions_note(
    *,
    end: Any,
    horizon: int,
    time_unit: str,
    annual_discount_rate: float,
    model: str = "BG/NBD",
    basis: str = "revenue",
    margin: Any = 1.0,
    margin_overall: float | None = None,
    n_margin_overall: int = 0,
    n_new: int = 0,
    lang: str = "en",
) -> str:
    """Note of :func:`clvmodels.segmentation.model_predictions`: which models were fitted on
    which period, what the CLV measures, and the customers too new to enter the fit.

    Parameters
    ----------
    end : date-like
        Last day of the data the models were fitted on (shown as its date).
    horizon : int
        CLV horizon in ``time_unit`` periods.
    time_unit : str
        "D", "W" or "M".
    annual_discount_rate : float
        Annual discount rate (0.10 = 10%).
    model : str, default "BG/NBD"
        Name of the transaction model (P(alive), expected purchases).
    basis : str, default "revenue"
        What the CLV measures (:func:`clv_basis_text`).
    margin : float or str, default 1.0
        The assumed margin when ``basis`` is "profit_assumed".
    margin_overall : float, optional
        Overall margin rate from cost (``basis`` "profit").
    n_margin_overall : int, default 0
        Customers given the overall rate (no margin of their own).
    n_new : int, default 0
        Customers first seen on ``end`` (age 0): left out of the fit, predicted as new customers.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    day = pd.Timestamp(end).date()
    text = say("seg_note_model_predictions", lang, model=model, end=day, horizon=horizon,
                unit=label("unit_" + time_unit, lang), rate=annual_discount_rate,
                basis=clv_basis_text(basis, margin=margin, overall=margin_overall, lang=lang))
    if basis == "profit" and n_margin_overall and margin_overall is not None:
        text = join_notes(text, say("seg_note_margin_overall", lang, n=n_margin_overall,
                                     overall=margin_overall))
    if n_new:
        text = join_notes(text, say("seg_note_age_zero", lang, n=n_new, end=day))
    if model == "BG/NBD":
        text = join_notes(text, bgnbd_note(lang))
    return text


def bgnbd_note(lang: str = "en") -> str:
    """Caution attached wherever P(alive) or loyalty comes from BG/NBD (one-time buyers have
    P(alive) = 1 in that model).

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_bgnbd_one_time", lang)


def _day(value: Any) -> str | None:
    return None if value is None else str(pd.Timestamp(value).date())


def axis_text(unit: dict[str, Any], lang: str = "en") -> str:
    """The unit of one axis in words, from its description (:func:`clvmodels.segmentation.axes.axis_unit`).

    Parameters
    ----------
    unit : dict
        ``measure`` and what it needs: ``currency``, ``start``/``end`` (the observed period),
        ``horizon``/``time_unit``/``annual_discount_rate``/``model``/``clv_basis``/``margin``
        (model outputs), ``column``.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        E.g. "revenue (USD, 1997-01-01 to 1997-09-30)" or "expected purchases in the next 52
        weeks (MBG/NBD)".
    """
    measure = unit.get("measure")
    currency = unit.get("currency") or label("seg_currency_unknown", lang)
    start, end = _day(unit.get("start")), _day(unit.get("end"))
    period = (say("seg_period", lang, start=start, end=end) if start and end
              else label("seg_period_unknown", lang))
    model = unit.get("model") or label("seg_model_unknown", lang)
    time_unit = unit.get("time_unit")
    horizon = unit.get("horizon")
    if measure in ("profit", "revenue", "cost", "money_per_order"):
        return say("seg_unit_" + measure, lang, currency=currency, period=period)
    if measure in ("purchase_days", "orders"):
        return say("seg_unit_" + measure, lang, period=period)
    if measure == "clv":
        basis = clv_basis_text(unit.get("clv_basis"), margin=unit.get("margin"), lang=lang)
        if not basis or horizon is None or time_unit is None:
            return say("seg_unit_clv_unknown", lang, currency=currency)
        return say("seg_unit_clv", lang, basis=basis, currency=currency, horizon=horizon,
                    unit=label("unit_" + time_unit, lang),
                    rate=float(unit.get("annual_discount_rate") or 0.0), model=model)
    if measure == "expected_purchases" and horizon is not None and time_unit is not None:
        return say("seg_unit_expected_purchases", lang, horizon=horizon,
                    unit=label("unit_" + time_unit, lang), model=model)
    if measure == "p_alive":
        return say("seg_unit_p_alive", lang, model=model)
    if measure in ("days", "response_rate", "satisfaction", "referrals"):
        return label("seg_unit_" + measure, lang)
    return say("seg_unit_other", lang, column=unit.get("column"))


def axes_note(
    x_name: str, y_name: str, x_unit: dict[str, Any], y_unit: dict[str, Any], lang: str = "en"
) -> str:
    """"Axes: value = ...; loyalty = ...": both axes of a 2x2 matrix with their units.

    Parameters
    ----------
    x_name, y_name : str
        Axis names (the matrix's parameter names: "value", "loyalty", "current", ...).
    x_unit, y_unit : dict
        Axis descriptions (:func:`axis_text`).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_axes", lang, x_name=label("seg_axis_" + x_name, lang),
                y_name=label("seg_axis_" + y_name, lang), x=axis_text(x_unit, lang),
                y=axis_text(y_unit, lang))


def loyalty_expected_note(lang: str = "en") -> str:
    """Why the value x loyalty matrix measures loyalty by expected purchases.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return say("seg_note_loyalty_expected", lang)


def current_potential_note(case: str, *, margin: Any = None, lang: str = "en") -> str:
    """Note of the current x potential matrix when the axes had to be put on one basis.

    Parameters
    ----------
    case : {"revenue", "assumed_margin", "mixed", "unknown"}
        "revenue": the CLV is revenue, so current value is revenue too; "assumed_margin": the
        CLV at an assumed margin was divided by it; "mixed": a profit CLV beside revenue (cost
        unknown); "unknown": the CLV's basis is not recorded.
    margin : float, optional
        The assumed margin ("assumed_margin").
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    if case == "revenue":
        return say("seg_note_cp_revenue", lang)
    if case == "assumed_margin":
        return say("seg_note_cp_assumed_margin", lang, margin=float(margin))
    if case == "mixed":
        return say("seg_note_cp_mixed", lang)
    return say("seg_note_clv_basis_unknown", lang)


def lifecycle_p_alive_note(unit: dict[str, Any], lang: str = "en") -> str:
    """Note of the lifecycle stages when P(alive) is used: which model it comes from.

    Parameters
    ----------
    unit : dict
        Description of the P(alive) column (:func:`axis_text`).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    text = say("seg_note_lifecycle_p_alive", lang, unit=axis_text(unit, lang))
    return join_notes(text, bgnbd_note(lang)) if unit.get("model") == "BG/NBD" else text


#: The CRM table a framework cannot run without (notebook pages name it when it is missing).
FRAMEWORK_TABLES: dict[str, str] = {
    "value_response": "contacts",
    "direct_indirect": "referrals",
    "loyalty_matrix": "surveys",
}


def _has(data: Any, table: str, *columns: str) -> bool:
    has = getattr(data, "has", None)
    if callable(has):
        return bool(has(table, *columns))
    frame = getattr(data, table, None)
    return isinstance(frame, pd.DataFrame) and set(columns) <= set(frame.columns)


def framework_missing_note(framework: str, data: Any, *, lang: str = "en") -> str:
    """One line naming the table (or columns) whose absence keeps ``framework`` from running.

    Parameters
    ----------
    framework : str
        A framework key, e.g. ``"value_response"``.
    data : CRMDatabase
        The run's data (anything with ``has(table, *columns)`` or the table attributes).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        :func:`clvmodels.crm.narrative.missing_table_note` for the framework's table (campaign
        contacts, surveys, referrals), :func:`~clvmodels.crm.narrative.missing_columns_note`
        for the ``cost`` column of the volume x profit matrix, or ``""`` when the data has them
        (the framework's own skipped reason then applies).

    Examples
    --------
    >>> from clvmodels.datasets import load_data
    >>> framework_missing_note("value_response", load_data("cdnow", max_customers=50))[:26]
    "Add a 'contacts' table (ca"
    """
    from ..crm.narrative import missing_columns_note, missing_table_note

    check_lang(lang)
    if framework == "volume_profit":
        if _has(data, "transactions", "cost"):
            return ""
        return missing_columns_note("transactions", ["cost"], label("seg_missing_cost_what", lang),
                                    lang=lang)
    table = FRAMEWORK_TABLES.get(framework)
    if table is None or _has(data, table):
        return ""
    return missing_table_note(table, lang=lang)


def clv_unit(predictions: pd.DataFrame, *, lang: str = "en") -> str:
    """The unit of a CLV column: currency, what it measures, horizon and discount rate.

    Parameters
    ----------
    predictions : DataFrame
        Output of :func:`clvmodels.segmentation.model_predictions` (its ``attrs``).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        E.g. ``"USD, revenue, next 52 weeks, 10%/year discount"``.
    """
    check_lang(lang)
    a = predictions.attrs
    return say("seg_clv_unit", lang, currency=a.get("currency") or "",
                basis=clv_basis_text(str(a.get("clv_basis", "revenue")), margin=a.get("margin"),
                                     overall=a.get("margin_overall"), lang=lang),
                horizon=a.get("horizon"), unit=label("unit_" + str(a.get("time_unit", "W")), lang),
                rate=float(a.get("annual_discount_rate", 0.0)))


def predictions_note(predictions: pd.DataFrame, *, has_cost: bool = False,
                     lang: str = "en") -> str:
    """The note of :func:`clvmodels.segmentation.model_predictions` in ``lang``, from its attrs.

    Parameters
    ----------
    predictions : DataFrame
        Output of :func:`clvmodels.segmentation.model_predictions`.
    has_cost : bool, default False
        Whether the transactions have cost (a revenue CLV then says the margin was set to 1).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    check_lang(lang)
    a = predictions.attrs
    basis = str(a.get("clv_basis", "revenue"))
    if basis == "revenue" and not has_cost:
        basis = "revenue_no_cost"
    return model_predictions_note(
        end=a["observation_end"], horizon=int(a["horizon"]), time_unit=str(a["time_unit"]),
        annual_discount_rate=float(a["annual_discount_rate"]),
        model=str(a.get("transaction_model", "")), basis=basis, margin=a.get("margin", 1.0),
        margin_overall=a.get("margin_overall"), n_margin_overall=int(a.get("n_margin_overall", 0)),
        n_new=int(a.get("n_customers_unaged", 0)), lang=lang)


def model_choice_note(model: str, best: str | None = None, *, lang: str = "en") -> str:
    """Which transaction model the report's P(alive), loyalty and CLV use, and why.

    Parameters
    ----------
    model : str
        The ``transaction_model`` of the run, e.g. ``"MBG/NBD"``.
    best : str, optional
        The model with the lowest holdout error (notebook 03); compared with ``model``.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        Two or three sentences.
    """
    check_lang(lang)
    why = bgnbd_note(lang) if model == "BG/NBD" else say("seg_model_choice_why_dropout", lang,
                                                            model=model)
    text = join_notes(say("seg_model_choice", lang, model=model), why)
    if best is not None:
        text = join_notes(text, say("seg_model_choice_best_same", lang) if best == model
                          else say("seg_model_choice_best_other", lang, best=best))
    return text


def matrix_axes_note(result: pd.DataFrame, *, lang: str = "en") -> str:
    """Both axes of a matrix framework's result with their units, from ``attrs["axes"]``.

    Parameters
    ----------
    result : DataFrame
        A framework result whose ``attrs["axes"]`` describes ``x`` and ``y``
        (:func:`clvmodels.segmentation.axis_unit`).
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
        ``"Axes: across, revenue (USD, ...); up, expected purchases in the next 52 weeks
        (MBG/NBD)."``; ``""`` when the result records no axes.
    """
    check_lang(lang)
    axes = result.attrs.get("axes") or {}
    if "x" not in axes or "y" not in axes:
        return ""
    return say("seg_axes_xy", lang, x=axis_text(axes["x"], lang), y=axis_text(axes["y"], lang))
