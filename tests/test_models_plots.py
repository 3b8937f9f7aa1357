"""Model plots draw on the Axes they are given and return it, in English and Chinese."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clvmodels.datasets import load_data
from clvmodels.economics import customer_lifetime_value
from clvmodels.features import calibration_holdout_split
from clvmodels.models import (
    BetaGeoModel,
    GammaGammaModel,
    evaluate,
    frequency_recency_matrix,
    probability_alive_history,
)
from clvmodels.plotting import (
    plot_calibration_histogram,
    plot_clv_distribution,
    plot_conditional_expectations,
    plot_frequency_recency_matrix,
    plot_probability_alive_history,
    plot_tracking,
)


@pytest.fixture(scope="module")
def tables():
    data = load_data("cdnow", max_customers=600, random_state=0)
    split = calibration_holdout_split(data.transactions, calibration_end=data.calibration_end,
                                      observation_end=data.observation_end, time_unit="W")
    model = BetaGeoModel().fit(split)
    ev = evaluate(model, split, transactions=data.transactions)
    gg = GammaGammaModel(ignore_one_time_buyers=True).fit(split)
    clv = customer_lifetime_value(model, gg, split, horizon=52, discount_rate=0.002)
    return {
        "fr": frequency_recency_matrix(model, T=39, kind="probability_alive"),
        "ev": ev,
        "hist": probability_alive_history(model, data.transactions, data.transactions["customer_id"].iloc[0]),
        "clv": clv,
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_plot_draws_on_given_axes(tables, lang):
    calls = [
        lambda ax: plot_frequency_recency_matrix(tables["fr"], ax=ax, lang=lang),
        lambda ax: plot_calibration_histogram(tables["ev"].calibration_histogram, ax=ax, lang=lang),
        lambda ax: plot_conditional_expectations({"BG/NBD": tables["ev"].by_frequency}, ax=ax, lang=lang),
        lambda ax: plot_tracking(tables["ev"].tracking, ax=ax, lang=lang),
        lambda ax: plot_tracking(tables["ev"].tracking, cumulative=False, ax=ax, lang=lang),
        lambda ax: plot_probability_alive_history(tables["hist"], ax=ax, lang=lang),
        lambda ax: plot_clv_distribution(tables["clv"], ax=ax, lang=lang),
    ]
    for call in calls:
        fig, ax = plt.subplots()
        out = call(ax)
        assert out is ax
        assert ax.get_title() and ax.get_xlabel()
        assert ax.has_data() or ax.images
        plt.close(fig)


def test_titles_follow_language(tables):
    en = plot_calibration_histogram(tables["ev"].calibration_histogram, lang="en")
    zh = plot_calibration_histogram(tables["ev"].calibration_histogram, lang="zh")
    assert en.get_title() != zh.get_title() and any("\u4e00" <= ch <= "\u9fff" for ch in zh.get_title())
    assert np.isclose(sum(p.get_height() for p in en.patches), 2 * 600)
    plt.close("all")
