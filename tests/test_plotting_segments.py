"""Segment plots draw in en and zh, return the Axes and never change global style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clvmodels import compare
from clvmodels.plotting import (
    plot_agreement,
    plot_cluster_profiles,
    plot_migration,
    plot_pyramid,
    plot_segment_bars,
    plot_segment_matrix,
    plot_value_capture,
    plot_whale_curve,
)
from clvmodels.segmentation import (
    RFMClustering,
    cluster_profile,
    customer_pyramid,
    value_grid,
    value_loyalty_matrix,
)


@pytest.fixture
def table():
    rng = np.random.default_rng(0)
    n = 120
    nd = rng.integers(1, 10, n)
    spend = rng.gamma(2, 100, n)
    return pd.DataFrame({
        "total_spend": spend,
        "total_profit": spend * rng.uniform(-0.4, 0.5, n),
        "mean_order_value": spend / nd,
        "n_purchase_days": nd,
        "avg_cycle_days": np.where(nd > 1, rng.uniform(5, 90, n), np.nan),
        "days_since_last_purchase": rng.uniform(0, 300, n),
        "p_alive": rng.random(n),
    }, index=pd.Index(range(1000, 1000 + n), name="customer_id"))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_all_plots_draw(table, lang):
    rc = dict(matplotlib.rcParams)
    ax = plot_whale_curve(table["total_profit"], lang=lang)
    assert ax.get_xlabel() and len(ax.lines) >= 2
    pyr = customer_pyramid(table)
    ax = plot_pyramid(compare.segment_summary(pyr, table["total_profit"]), lang=lang)
    assert any("5%" in t.get_text() or "重要" in t.get_text() for t in ax.texts)
    vl = value_loyalty_matrix(table, lang=lang)
    ax = plot_segment_matrix(vl, table["total_profit"], lang=lang)
    assert len(ax.texts) == 4
    vg = value_grid(table)
    ax = plot_segment_matrix(vg, table["total_spend"], lang=lang)
    assert len(ax.texts) == 9 and ("无法分类" in ax.get_title()) == (lang == "zh")
    plot_segment_bars(compare.segment_summary(vl, table["total_spend"]), lang=lang)
    cl = RFMClustering(n_clusters=3, random_state=0).fit_predict(table)
    plot_cluster_profiles(cluster_profile(table, cl), lang=lang)
    segs = pd.DataFrame({"pyramid": pyr["segment"], "value_loyalty": vl["segment"],
                         "clustering": cl["segment"]})
    ax = plot_agreement(compare.agreement(segs), lang=lang)
    assert ax.get_xticklabels()[0].get_text() == ("Customer pyramid" if lang == "en"
                                                  else "客户金字塔")
    plot_migration(compare.migration_matrix(pyr, vl), lang=lang)
    cap = compare.value_capture(segs, table["total_spend"], value=table["total_spend"], lang=lang)
    plot_value_capture(cap, lang=lang)
    # plot_context may add the CJK font as a fallback family (by design); nothing else changes
    now = dict(matplotlib.rcParams)
    now.pop("font.family")
    rc.pop("font.family")
    assert now == rc


def test_plot_uses_given_axes(table):
    fig, ax = plt.subplots()
    assert plot_whale_curve(table["total_spend"], ax=ax) is ax


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cluster_selection_marks_the_chosen_k(lang):
    from clvmodels.plotting import plot_cluster_selection

    sil = pd.Series([0.3, 0.5, 0.4], index=[2, 3, 4], name="silhouette")
    ax = plot_cluster_selection(sil, lang=lang)
    assert list(ax.lines[1].get_xdata()) == [3]
    bic = pd.Series([30.0, 10.0, 20.0], index=[2, 3, 4], name="bic")
    ax = plot_cluster_selection(bic, lang=lang)
    assert list(ax.lines[1].get_xdata()) == [3]
    assert ("BIC" in ax.get_ylabel())


def test_zh_text_gets_a_cjk_font_on_axes_created_outside(table):
    from clvmodels.plotting import cjk_font_family

    family = cjk_font_family()
    if family is None:
        pytest.skip("no CJK font installed")
    fig, ax = plt.subplots()
    plot_whale_curve(table["total_spend"], ax=ax, lang="zh")
    assert family in ax.title.get_fontfamily()
    assert family in ax.xaxis.label.get_fontfamily()
