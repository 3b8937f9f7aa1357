"""Holdout evaluation and the tables behind the model plots."""

from __future__ import annotations

import numpy as np
import pytest

from clvmodels.datasets import load_data
from clvmodels.exceptions import DataValidationError
from clvmodels.features import calibration_holdout_split
from clvmodels.models import (
    BetaGeoModel,
    compare_evaluations,
    evaluate,
    frequency_recency_matrix,
    probability_alive_history,
)


@pytest.fixture(scope="module")
def cdnow():
    data = load_data("cdnow")
    split = calibration_holdout_split(data.transactions, calibration_end=data.calibration_end,
                                      observation_end=data.observation_end, time_unit="W")
    return data, split


@pytest.fixture(scope="module")
def result(cdnow):
    data, split = cdnow
    model = BetaGeoModel().fit(split)
    return model, evaluate(model, split, transactions=data.transactions)


def test_per_customer_and_metrics(cdnow, result):
    _, split = cdnow
    model, ev = result
    pc = ev.per_customer
    assert pc.index.equals(split.index)
    np.testing.assert_allclose(pc["actual"], split["frequency_holdout"])
    assert ev.mae == pytest.approx(np.mean(np.abs(pc["predicted"] - pc["actual"])))
    assert ev.rmse == pytest.approx(np.sqrt(np.mean((pc["predicted"] - pc["actual"]) ** 2)))
    assert ev.total_actual == split["frequency_holdout"].sum()
    # Fader, Hardie & Lee (2005a), Section 4: the BG/NBD under-forecasts the holdout by about 12%
    assert -15 < ev.total_error_pct < -9
    assert 0.5 < ev.correlation < 0.8


def test_histogram_and_frequency_table(cdnow, result):
    _, split = cdnow
    _, ev = result
    hist = ev.calibration_histogram
    assert list(hist.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert hist["actual"].sum() == len(split)
    assert hist["expected"].sum() == pytest.approx(len(split))
    assert ev.chi_square_dof == 3 and 0 <= ev.chi_square_pvalue <= 1
    # the BG/NBD fits the CDNOW histogram well (FHL 2005a, Figure 2)
    assert ev.chi_square_pvalue > 0.05
    assert ev.by_frequency["n_customers"].sum() == len(split)


def test_tracking_reproduces_cumulative_totals(cdnow, result):
    data, split = cdnow
    _, ev = result
    tr = ev.tracking
    assert len(tr) == 78  # weeks from 1997-01-01 to 1998-06-30
    np.testing.assert_allclose(tr["actual_cumulative"].iloc[-1], split["frequency"].sum() + split["frequency_holdout"].sum())
    assert np.all(np.diff(tr["predicted_cumulative"]) >= 0)
    # calibration period: the model tracks the cohort within 5% at its end (39 weeks)
    week39 = tr.iloc[38]
    assert week39["predicted_cumulative"] == pytest.approx(week39["actual_cumulative"], rel=0.05)


def test_compare_and_plot_tables(cdnow, result):
    data, split = cdnow
    model, ev = result
    table = compare_evaluations({"BG/NBD": ev})
    assert "mae" in table.index
    m = frequency_recency_matrix(model, T=39, kind="probability_alive", max_frequency=10)
    assert m.shape == (11, 40) and np.nanmax(m.to_numpy()) <= 1
    assert np.isnan(m.iloc[0, 5]) and np.isfinite(m.iloc[3, 5])
    hist = probability_alive_history(model, data.transactions, 1)
    assert hist["probability_alive"].between(0, 1).all() and hist["purchase"].sum() >= 1


def test_missing_holdout_columns(cdnow, result):
    _, split = cdnow
    model, _ = result
    with pytest.raises(DataValidationError, match="frequency_holdout"):
        evaluate(model, split.drop(columns="frequency_holdout"))


# --------------------------------------------------------------------------- value on the holdout
def test_value_check_against_realized_revenue(cdnow, result):
    from clvmodels.models import GammaGammaModel, model_comparison_table

    (_, split), (model, _) = cdnow, result
    spend = GammaGammaModel(ignore_one_time_buyers=True).fit(split)
    ev = evaluate(model, split, spend_model=spend)
    v, m = ev.value, ev.value_metrics
    assert v.index.equals(split.index) and len(v) == len(split)
    # independent of the code under test: realized revenue from the raw columns
    actual = split["frequency_holdout"] * split["monetary_value_holdout"]
    np.testing.assert_allclose(v["actual_value"], actual)
    np.testing.assert_allclose(v["predicted_value"],
                               model.expected_purchases(split, t=split["duration_holdout"].to_numpy())
                               * spend.expected_spend(split))
    assert m["value_total_actual"] == pytest.approx(actual.sum())
    assert m["value_mae"] == pytest.approx(np.mean(np.abs(v["predicted_value"] - actual)))
    # the top 10% by predicted value bring a real share of the revenue, short of the best ranking
    n_top = round(0.1 * len(split))
    assert m["value_top_share"] == pytest.approx(
        actual.to_numpy()[np.argsort(-v["predicted_value"].to_numpy(), kind="stable")[:n_top]].sum() / actual.sum())
    assert 0.1 < m["value_top_share"] < m["value_top_share_best"] <= 1.0
    assert 0.3 < m["value_gini"] < 1.0
    both = (split["frequency"] > 0) & (split["frequency_holdout"] > 0)
    assert m["spend_n"] == both.sum()
    assert m["spend_mean_actual"] == pytest.approx(split.loc[both, "monetary_value_holdout"].mean())
    # the comparison table gains the value rows, in both languages
    table = model_comparison_table({"BG/NBD": ev}, {"BG/NBD": model})
    assert "value_gini" in table.attrs["keys"] and table.shape[0] == len(table.attrs["keys"])
    assert "收入" in " ".join(model_comparison_table({"BG/NBD": ev}, lang="zh").index)


def test_value_gini_is_one_for_a_perfect_ranking_and_near_zero_for_noise():
    from clvmodels.models.evaluation import _gini

    rng = np.random.default_rng(0)
    revenue = rng.gamma(0.5, 100.0, size=20_000)
    best = _gini(revenue, revenue)
    assert _gini(revenue, revenue * 2 + 1) / best == pytest.approx(1.0)
    assert abs(_gini(revenue, rng.random(20_000)) / best) < 0.05


def test_value_check_needs_spend_columns(cdnow, result):
    from clvmodels.models import GammaGammaModel

    (_, split), (model, _) = cdnow, result
    spend = GammaGammaModel(ignore_one_time_buyers=True).fit(split)
    with pytest.raises(DataValidationError, match="monetary_value_holdout"):
        evaluate(model, split.drop(columns="monetary_value_holdout"), spend_model=spend)


def test_comparison_table_information_criteria(cdnow, result):
    from clvmodels.models import (
        GammaGammaModel,
        ModifiedBetaGeoCNBDModel,
        ParetoNBDModel,
        format_model_comparison,
        model_comparison_table,
    )

    (_, split), (bg, _) = cdnow, result
    spend = GammaGammaModel(ignore_one_time_buyers=True).fit(split)
    models = {"BG/NBD": bg, "Pareto/NBD": ParetoNBDModel().fit(split),
              "MBG/CNBD-k": ModifiedBetaGeoCNBDModel().fit(split)}
    evals = {n: evaluate(m, split, spend_model=spend) for n, m in models.items()}
    table = model_comparison_table(evals, models)
    keyed = table.set_axis(table.attrs["keys"])
    n = len(split)
    assert keyed.loc["n_params"].tolist() == [4, 4, 5]  # the chosen k counts
    for name, m in models.items():
        p = keyed.loc["n_params", name]
        assert keyed.loc["aic", name] == pytest.approx(2 * p - 2 * m.log_likelihood_)
        assert keyed.loc["bic", name] == pytest.approx(p * np.log(m.n_customers_) - 2 * m.log_likelihood_)
    assert models["BG/NBD"].n_customers_ <= n
    best = table.attrs["best"]
    assert best["bic"] == keyed.loc["bic"].astype(float).idxmin()
    assert set(best) == {"bic", "aic", "mae", "value_mae", "value_gini"}
    # for reading: each row in its own format, money with the currency, labels in the language
    shown = format_model_comparison(model_comparison_table(evals, models, lang="zh"), currency="USD")
    rows = dict(zip(table.attrs["keys"], range(len(table)), strict=True))
    assert shown.shape == table.shape and shown.columns.tolist() == table.columns.tolist()
    assert shown.iloc[rows["n_params"]].tolist() == ["4", "4", "5"]
    assert shown.iloc[rows["total_error_pct"], 0] == f"{keyed.loc['total_error_pct', 'BG/NBD']:+.1f}%"
    assert shown.iloc[rows["value_mae"], 0] == f"{keyed.loc['value_mae', 'BG/NBD']:,.2f} USD"
    assert shown.iloc[rows["value_top_share"], 0] == f"{keyed.loc['value_top_share', 'BG/NBD']:.1%}"
    assert shown.index[rows["log_likelihood"]] == "对数似然"


def test_parameter_table_labels_the_columns_and_keeps_the_symbols(result):
    from clvmodels.models import parameter_table

    model, _ = result
    en, zh = parameter_table(model), parameter_table(model, lang="zh")
    assert en.index.tolist() == zh.index.tolist() == ["r", "alpha", "a", "b"]
    assert en.columns.tolist() == ["Estimate", "Std. error", "95% CI lower", "95% CI upper"]
    assert zh.columns.tolist() == ["估计值", "标准误", "95% 置信下限", "95% 置信上限"]
    assert zh.loc["r", "估计值"] == f"{model.params_['r']:,.3f}"
