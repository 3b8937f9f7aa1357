"""Plots of the probabilistic CLV models (概率型客户终身价值模型).

The tables come from :mod:`clvmodels.models` (``frequency_recency_matrix``, ``evaluate``,
``probability_alive_history``, ``regularity_table``, ``probability_alive_by_silence``) and :func:`clvmodels.economics.customer_lifetime_value`; these
functions only draw.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._units import unit_name
from ..labels import label
from ._base import get_ax, plot_context

__all__ = [
    "plot_calibration_histogram",
    "plot_clv_distribution",
    "plot_conditional_expectations",
    "plot_frequency_recency_matrix",
    "plot_alive_by_silence",
    "plot_probability_alive_history",
    "plot_regularity",
    "plot_tracking",
]


def plot_frequency_recency_matrix(matrix: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Heat map of a model forecast over frequency (rows) and recency (columns).

    Parameters
    ----------
    matrix : DataFrame
        Output of :func:`clvmodels.models.frequency_recency_matrix` (``attrs["kind"]`` is
        ``"expected_purchases"`` or ``"probability_alive"``).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    kind = matrix.attrs.get("kind", "expected_purchases")
    with plot_context(lang):
        ax = get_ax(ax, figsize=(7, 5))
        values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
        rec = matrix.columns.to_numpy(dtype=float)
        freq = matrix.index.to_numpy(dtype=float)
        mesh = ax.imshow(values, origin="lower", aspect="auto", cmap="viridis",
                         extent=(rec.min(), rec.max(), freq.min() - 0.5, freq.max() + 0.5),
                         vmin=0.0, vmax=1.0 if kind == "probability_alive" else None)
        cbar = ax.figure.colorbar(mesh, ax=ax)
        key = "clvm_p_alive" if kind == "probability_alive" else "clvm_expected_purchases"
        cbar.set_label(label(key, lang))
        ax.set_xlabel(label("clvm_axis_recency", lang))
        ax.set_ylabel(label("clvm_axis_frequency", lang))
        title = "clvm_title_fr_alive" if kind == "probability_alive" else "clvm_title_fr_expected"
        ax.set_title(label(title, lang))
    return ax


def plot_calibration_histogram(histogram: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """Customers by number of calibration-period repeat purchases, actual vs model.

    Parameters
    ----------
    histogram : DataFrame
        ``ModelEvaluation.calibration_histogram`` (columns ``actual``, ``expected``), or a
        DataFrame with ``actual`` plus one column per model.
    """
    with plot_context(lang):
        ax = get_ax(ax)
        cols = list(histogram.columns)
        x = np.arange(len(histogram))
        width = 0.8 / len(cols)
        for i, col in enumerate(cols):
            name = label("clvm_actual", lang) if col == "actual" else (
                label("clvm_model", lang) if col == "expected" else str(col))
            ax.bar(x + (i - (len(cols) - 1) / 2) * width, histogram[col].to_numpy(dtype=float), width, label=name)
        ax.set_xticks(x, [str(v) for v in histogram.index])
        ax.set_xlabel(label("clvm_axis_calibration_frequency", lang))
        ax.set_ylabel(label("clvm_axis_customers", lang))
        ax.set_title(label("clvm_title_histogram", lang))
        ax.legend()
    return ax


def plot_conditional_expectations(by_frequency: pd.DataFrame | dict[str, pd.DataFrame], *, ax: Any = None,
                                  lang: str = "en") -> Any:
    """Mean holdout purchases by calibration frequency, actual vs one or more models.

    Parameters
    ----------
    by_frequency : DataFrame or dict of DataFrames
        ``ModelEvaluation.by_frequency`` (columns ``actual``, ``predicted``), or a mapping model
        name -> such a table to compare several models.
    """
    tables = by_frequency if isinstance(by_frequency, dict) else {label("clvm_model", lang): by_frequency}
    with plot_context(lang):
        ax = get_ax(ax)
        first = next(iter(tables.values()))
        x = np.arange(len(first))
        ax.plot(x, first["actual"].to_numpy(dtype=float), "k-o", label=label("clvm_actual", lang))
        for name, table in tables.items():
            ax.plot(x, table["predicted"].to_numpy(dtype=float), "--s", label=str(name))
        ax.set_xticks(x, [str(v) for v in first.index])
        ax.set_xlabel(label("clvm_axis_calibration_frequency", lang))
        ax.set_ylabel(label("clvm_axis_holdout_purchases", lang))
        ax.set_title(label("clvm_title_conditional", lang))
        ax.legend()
    return ax


def plot_tracking(tracking: pd.DataFrame | dict[str, pd.DataFrame], *, cumulative: bool = True, ax: Any = None,
                  lang: str = "en") -> Any:
    """Weekly tracking of the cohort's repeat purchases, actual vs model(s).

    Parameters
    ----------
    tracking : DataFrame or dict of DataFrames
        ``ModelEvaluation.tracking`` (or model name -> tracking table).
    cumulative : bool, default True
        Cumulative (True) or incremental weekly purchases.
    """
    tables = tracking if isinstance(tracking, dict) else {label("clvm_model", lang): tracking}
    kind = "cumulative" if cumulative else "incremental"
    with plot_context(lang):
        ax = get_ax(ax, figsize=(8, 4.5))
        first = next(iter(tables.values()))
        dates = pd.DatetimeIndex(first["period_end"])
        ax.plot(dates, first[f"actual_{kind}"].to_numpy(dtype=float), "k-", label=label("clvm_actual", lang))
        for name, table in tables.items():
            ax.plot(dates, table[f"predicted_{kind}"].to_numpy(dtype=float), "--", label=str(name))
        cal_end = first.attrs.get("calibration_end")
        if cal_end is not None:
            ax.axvline(pd.Timestamp(cal_end), color="grey", ls=":", lw=1)
            ax.text(pd.Timestamp(cal_end), ax.get_ylim()[1] * 0.95, " " + label("clvm_end_of_calibration", lang),
                    fontsize="small", va="top")
        ax.set_xlabel(label("clvm_axis_date", lang))
        ax.set_ylabel(label("clvm_axis_cum_repeat" if cumulative else "clvm_axis_weekly_repeat", lang))
        ax.set_title(label("clvm_title_tracking_cum" if cumulative else "clvm_title_tracking_inc", lang))
        ax.legend()
        ax.figure.autofmt_xdate()
    return ax


def plot_probability_alive_history(history: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """P(alive) of one customer over time with their purchases marked.

    Parameters
    ----------
    history : DataFrame
        Output of :func:`clvmodels.models.probability_alive_history`.
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(8, 3.5))
        ax.plot(history.index, history["probability_alive"].to_numpy(dtype=float), "-", color="C0",
                label=label("clvm_p_alive", lang))
        buys = history.index[history["purchase"].to_numpy(dtype=bool)]
        ax.vlines(buys, 0, 1, colors="C3", lw=0.8, label=label("clvm_purchase", lang))
        ax.set_ylim(0, 1.05)
        ax.set_ylabel(label("clvm_p_alive", lang))
        ax.set_xlabel(label("clvm_axis_date", lang))
        ax.set_title(label("clvm_title_alive_history", lang).format(customer=history.attrs.get("customer_id", "")))
        ax.legend(loc="lower left", fontsize="small")
        ax.figure.autofmt_xdate()
    return ax


def plot_clv_distribution(clv: pd.DataFrame | pd.Series, *, bins: int = 50, ax: Any = None, lang: str = "en") -> Any:
    """Histogram of CLV across customers (log-scaled counts), with the mean marked.

    Parameters
    ----------
    clv : DataFrame or Series
        Output of :func:`clvmodels.economics.customer_lifetime_value` (its ``clv`` column is
        used; ``attrs`` give currency, horizon and discount rate for the axis label).
    """
    values = clv["clv"] if isinstance(clv, pd.DataFrame) else clv
    attrs = clv.attrs
    with plot_context(lang):
        ax = get_ax(ax)
        v = values.to_numpy(dtype=float)
        ax.hist(v, bins=bins, color="C2", alpha=0.8)
        ax.axvline(float(np.mean(v)), color="k", ls="--", lw=1)
        ax.set_yscale("log")
        horizon = attrs.get("horizon")
        unit = attrs.get("time_unit") or ""
        horizon_text = "∞" if horizon is not None and np.isinf(horizon) else f"{horizon:g}{unit}" if horizon else ""
        ax.set_xlabel(f"{label('clvm_clv', lang)} ({attrs.get('currency') or ''}, {horizon_text}, "
                      f"d={100 * float(attrs.get('discount_rate', 0.0)):.2g}%)")
        ax.set_ylabel(label("clvm_axis_customers", lang))
        ax.set_title(label("clvm_title_clv_distribution", lang))
    return ax


def plot_regularity(table: pd.DataFrame, *, name: str, ax: Any = None, lang: str = "en") -> Any:
    """Log-likelihood gain of each regularity k over k = 1 (Poisson), the chosen k highlighted.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`clvmodels.models.regularity_table`.
    name : str
        The data set's name, in the title.
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(6, 3.8))
        k = table.index.to_numpy()
        colors = np.where(table["chosen"].to_numpy(dtype=bool), "C3", "C0")
        ax.bar(k, table["gain_vs_poisson"].to_numpy(dtype=float), color=colors)
        ax.axhline(0.0, color="grey", lw=0.8)
        ax.set_xticks(k)
        ax.set_xlabel(label("clvm_regularity_k", lang))
        ax.set_ylabel(label("clvm_regularity_gain", lang))
        ax.set_title(label("clvm_regularity_title_k", lang).format(name=name))
    return ax


def plot_alive_by_silence(frame: pd.DataFrame, *, ax: Any = None, lang: str = "en") -> Any:
    """P(alive) against the time since the last purchase, one line per model.

    Parameters
    ----------
    frame : DataFrame
        Output of :func:`clvmodels.models.probability_alive_by_silence`.
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(6, 3.8))
        for col in frame.columns:
            ax.plot(frame.index.to_numpy(dtype=float), frame[col].to_numpy(dtype=float), label=str(col))
        unit = frame.attrs.get("time_unit")
        unit_text = unit_name(unit, lang) if unit else ""
        ax.set_ylim(0, 1.05)
        ax.set_xlabel(f"{label('clvm_regularity_silence', lang)} ({unit_text})" if unit_text
                      else label("clvm_regularity_silence", lang))
        ax.set_ylabel(label("clvm_p_alive", lang))
        ax.set_title(label("clvm_regularity_title_alive", lang).format(
            x=frame.attrs.get("frequency"), age=frame.attrs.get("age", 0.0), unit=unit_text))
        ax.legend(fontsize="small")
    return ax
