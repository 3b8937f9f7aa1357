"""Plots: customer economics (客户经济学): CLV against retention, acquisition cash flows.

The tables are computed by :mod:`clvmodels.economics` (``clv_retention_grid``,
``cumulative_cash_flows``, ``retention_projection``); the functions only draw.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..labels import label
from ._base import get_ax, plot_context

__all__ = ["plot_clv_vs_retention", "plot_cumulative_cash_flows", "plot_retention_projection"]


def plot_clv_vs_retention(
    grid: pd.DataFrame,
    *,
    currency: str = "USD",
    highlight: float | None = None,
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """CLV against the retention rate, one line per discount rate (客户终身价值 vs 保持率).

    Parameters
    ----------
    grid : DataFrame
        Index ``retention_rate``, one column per discount rate, values CLV
        (``clvmodels.economics.clv_retention_grid``).
    currency : str
        Currency shown on the axis.
    highlight : float, optional
        A retention rate to mark with a vertical line (the student's current choice).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(7, 4.5))
        for d in grid.columns:
            ax.plot(100 * grid.index.to_numpy(dtype=float), grid[d].to_numpy(dtype=float),
                    label=f"{label('econ_discount_rate', lang)} {100 * float(d):.0f}%")
        if highlight is not None:
            ax.axvline(100 * highlight, ls="--", color="grey", lw=1)
        per_year = label("econ_per_year", lang)
        ax.set_xlabel(f"{label('econ_retention_rate', lang)} (%, {per_year})")
        ax.set_ylabel(f"{label('econ_clv', lang)} ({currency})")
        ax.set_title(label("econ_title_clv_vs_retention", lang))
        ax.legend(fontsize="small")
    return ax


def plot_cumulative_cash_flows(
    table: pd.DataFrame,
    *,
    payback: float | None = None,
    currency: str = "USD",
    ax: Any = None,
    lang: str = "en",
) -> Any:
    """Cash flows of acquiring a customer with the cumulative (discounted) total (累计现金流).

    Parameters
    ----------
    table : DataFrame
        ``clvmodels.economics.cumulative_cash_flows`` output (index ``period``).
    payback : float, optional
        Payback period to mark (``clvmodels.economics.payback_period``).
    currency : str
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}

    Returns
    -------
    matplotlib Axes
    """
    with plot_context(lang):
        ax = get_ax(ax, figsize=(7, 4))
        t = table.index.to_numpy()
        ax.bar(t, table["cash_flow"], color="#9ecae1", label=label("econ_axis_cash_flow", lang))
        ax.plot(t, table["cumulative"], marker="o", color="#ff7f0e",
                label=label("econ_axis_cumulative", lang))
        ax.plot(t, table["cumulative_present_value"], marker="s", color="#1f77b4",
                label=label("econ_axis_cumulative_pv", lang))
        ax.axhline(0, color="black", lw=0.8)
        if payback is not None and math.isfinite(payback):
            ax.axvline(payback, ls="--", color="grey", lw=1,
                       label=f"{label('econ_payback', lang)} {payback:.1f}")
        ax.set_xlabel(label("econ_axis_period", lang))
        ax.set_ylabel(currency)
        ax.set_title(label("econ_title_cash_flows", lang))
        ax.legend(fontsize="small")
    return ax


def plot_retention_projection(projection: pd.DataFrame, *, axes: Any = None, title: str | None = None,
                              lang: str = "en") -> Any:
    """Survival and retention by tenure: observed, one rate r, and the sBG model (two panels).

    Parameters
    ----------
    projection : DataFrame
        Output of :func:`clvmodels.economics.retention_projection`.
    axes : pair of matplotlib Axes, optional
    title : str, optional
        Prefix of the panel titles (e.g. the segment's name).
    lang : {"en", "zh"}

    Returns
    -------
    numpy array of two matplotlib Axes
    """
    import matplotlib.pyplot as plt

    with plot_context(lang):
        if axes is None:
            _, axes = plt.subplots(1, 2, figsize=(12, 4.2))
        t = projection.index.to_numpy()
        cal = projection.attrs.get("calibration_periods")
        styles = {"observed": dict(marker="o", ls="none", color="black"),
                  "one_rate": dict(ls="--", color="#ff7f0e"), "sbg": dict(ls="-", color="#1f77b4")}
        names = {"observed": label("econ_contract_observed", lang),
                 "one_rate": label("econ_contract_one_rate", lang), "sbg": label("econ_contract_sbg", lang)}
        for col, style in styles.items():
            axes[0].plot(t, 100 * projection[col].to_numpy(dtype=float), label=names[col], **style)
            axes[1].plot(t[1:], 100 * projection[f"{col}_retention"].to_numpy(dtype=float)[1:],
                         label=names[col], **style)
        for ax, key, unit in ((axes[0], "econ_title_contract_survival", "%"),
                              (axes[1], "econ_title_contract_retention", "%")):
            if cal is not None:
                ax.axvline(cal + 0.5, color="grey", lw=1, ls=":", label=label("econ_contract_calibration_end", lang))
            ax.set_xlabel(label("econ_contract_period", lang))
            ax.set_ylabel(unit)
            ax.set_title(label(key, lang) if title is None else f"{title}: {label(key, lang)}")
            ax.legend(fontsize="small")
    return axes
