"""Notes the value frameworks attach to their results, in words from the label table.

The frameworks compute; the sentences they leave in ``note_`` (and ``attrs["note"]``), in
:func:`~clvmodels.segmentation.available_frameworks` and in ``FrameworkResults.skipped`` are
written here from the bilingual label table (:mod:`clvmodels.labels`, keys ``seg_note_*`` and
``seg_why_*``). The frameworks record their notes in English (``lang="en"``), whatever their
``lang``; the same notes exist in Chinese for text shown to readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..labels import label

__all__ = [
    "baseline_missing_note",
    "cluster_sample_text",
    "indicators_note",
    "join_notes",
    "lifecycle_note",
    "loyalty_note",
    "model_predictions_note",
    "pareto_note",
    "skipped_error_note",
    "skipped_note",
    "value_note",
]


def _say(key: str, lang: str, **values: Any) -> str:
    """The label ``key`` in ``lang`` with its ``{placeholders}`` filled in."""
    return label(key, lang).format(**values)


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
        return _say("seg_note_revenue", lang)
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
    caveat = _say("seg_note_no_destroyed_value", lang) if basis == "revenue" else ""
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
    return _say("seg_note_loyalty_purchase_days", lang)


def lifecycle_note(lang: str = "en") -> str:
    """Note of the lifecycle stages when no P(alive) column is used.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return _say("seg_note_lifecycle_no_p_alive", lang)


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
    return _say("seg_note_indicators_left_out", lang, columns=", ".join(columns))


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
    return _say("seg_note_skipped_missing", lang, why=why, column=column)


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
    return _say("seg_note_skipped_error", lang, error=error)


def baseline_missing_note(lang: str = "en") -> str:
    """Why a framework was skipped when reusing a baseline run that did not fit it.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    return _say("seg_note_not_in_baseline", lang)


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


def model_predictions_note(
    *,
    end: Any,
    horizon: int,
    time_unit: str,
    annual_discount_rate: float,
    margin: float,
    n_new: int = 0,
    lang: str = "en",
) -> str:
    """Note of :func:`clvmodels.segmentation.model_predictions`: what was fitted, on which
    period, and the customers too new to enter the fit.

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
    margin : float
        Profit margin applied to spend.
    n_new : int, default 0
        Customers first seen on ``end`` (age 0): left out of the fit, predicted as new customers.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str
    """
    day = pd.Timestamp(end).date()
    text = _say("seg_note_model_predictions", lang, end=day, horizon=horizon,
                time_unit=time_unit, rate=annual_discount_rate, margin=margin)
    if n_new:
        text = join_notes(text, _say("seg_note_age_zero", lang, n=n_new, end=day))
    return text
