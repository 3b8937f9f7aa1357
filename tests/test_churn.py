"""Churn warning: signals, time split without leakage, evaluation, win-back list."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.churn import (
    ChurnWarningResult,
    SupervisedChurnModel,
    calibration_table,
    churn_conclusion,
    churn_features,
    churn_warning,
    evaluate_churn_scores,
    no_purchase_label,
    overdue_signal,
    palive_signal,
    roc_table,
    winback_list,
)
from clvmodels.datasets import make_crm_data
from clvmodels.exceptions import NotFittedError, ParameterError
from clvmodels.features import rfm_summary


class LifetimesBGAdapter:
    """Any fitted model with probability_alive(summary): here lifetimes' BG/NBD."""

    time_unit_ = "W"

    def __init__(self, summary: pd.DataFrame) -> None:
        from lifetimes import BetaGeoFitter

        self.fitter = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])

    def probability_alive(self, summary: pd.DataFrame) -> pd.Series:
        p = self.fitter.conditional_probability_alive(
            summary["frequency"], summary["recency"], summary["T"])
        return pd.Series(np.asarray(p, dtype=float), index=summary.index)


def _tx(rows: list[tuple[int, str, float]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"])
    df["customer_id"] = df["customer_id"].astype("int64")
    df.attrs = {"source": "DataFrame", "currency": "USD"}
    return df


@pytest.fixture(scope="module")
def data():
    return make_crm_data(1500, random_state=3)


@pytest.fixture(scope="module")
def run(data):
    tx = data.transactions
    cal = data.calibration_end
    summary = rfm_summary(tx[tx["date"] <= cal], observation_end=cal, time_unit="W")
    model = LifetimesBGAdapter(summary)
    return churn_warning(
        tx, calibration_end=cal, observation_end=data.observation_end, transaction_model=model,
        summary=summary, customers=data.customers, truth=data.truth, random_state=0,
    )


# ---- hand-checked pieces ---------------------------------------------------------------------
def test_no_purchase_label_window_is_start_exclusive_end_inclusive():
    tx = _tx([(1, "2024-01-10", 5.0), (2, "2024-01-31", 5.0), (3, "2024-01-01", 5.0),
              (3, "2024-02-05", 5.0)])
    y = no_purchase_label(tx, pd.Index([3, 1, 2, 4]), start="2024-01-10", end="2024-01-31")
    assert list(y.index) == [3, 1, 2, 4]
    assert y.tolist() == [True, True, False, True]


def test_overdue_signal_by_hand():
    tx = _tx([
        (1, "2024-01-01", 10.0), (1, "2024-01-11", 10.0), (1, "2024-01-21", 10.0),  # cycle 10
        (2, "2024-01-01", 10.0), (2, "2024-01-31", 10.0),                             # cycle 30
        (3, "2024-02-01", 10.0),                                                       # one-timer
    ])
    feats = churn_features(tx, as_of="2024-02-15", trend_window_days=14)
    sig = overdue_signal(feats, k=2.0)
    assert list(sig.index) == [1, 2, 3]
    # customer 1: 25 days since last purchase / 10 = 2.5 > 2 -> flagged
    assert sig.loc[1, "overdue_ratio"] == pytest.approx(2.5)
    assert bool(sig.loc[1, "flag"]) and sig.loc[1, "cycle_source"] == "own"
    # customer 2: 15 / 30 = 0.5
    assert sig.loc[2, "overdue_ratio"] == pytest.approx(0.5)
    assert not sig.loc[2, "flag"]
    # one-time buyer: population (median of 10 and 30 = 20), 14 / 20 = 0.7
    assert sig.loc[3, "cycle_source"] == "population"
    assert sig.loc[3, "cycle_days"] == pytest.approx(20.0)
    assert sig.loc[3, "overdue_ratio"] == pytest.approx(0.7)


def test_churn_features_trend_by_hand():
    tx = _tx([(1, "2024-01-01", 10.0), (1, "2024-01-05", 20.0), (1, "2024-01-05", 5.0),
              (1, "2024-01-20", 40.0)])
    f = churn_features(tx, as_of="2024-01-20", trend_window_days=10)
    row = f.loc[1]
    # recent window (Jan 10, Jan 20]: Jan 20; previous (Dec 31, Jan 10]: Jan 1 and Jan 5
    assert row["purchases_recent"] == 1 and row["purchases_previous"] == 2
    assert row["spend_recent"] == pytest.approx(40.0)
    assert row["spend_previous"] == pytest.approx(35.0)
    assert row["frequency_trend"] == -1
    assert row["spend_trend"] == pytest.approx(np.log(41) - np.log(36))
    assert row["avg_cycle_days"] == pytest.approx(19 / 2)
    assert row["repeat_rate_per_year"] == pytest.approx(2 / 19 * 365)


def test_evaluate_churn_scores_by_hand():
    y = pd.Series([True, False, True, False], index=[10, 11, 12, 13])
    scores = pd.DataFrame({"a": [0.9, 0.8, 0.7, 0.1], "b": [0.1, 0.2, 0.3, 0.4]}, index=y.index)
    flags = pd.DataFrame({"a": [True, True, False, False]}, index=y.index)
    ev = evaluate_churn_scores(scores, y, flags=flags, top_pct=0.5, probabilistic=("a",))
    # a: positive-negative pairs ordered right 3 of 4; AP = (1/1 + 2/3) / 2
    assert ev.loc["a", "roc_auc"] == pytest.approx(0.75)
    assert ev.loc["a", "average_precision"] == pytest.approx((1 + 2 / 3) / 2)
    assert ev.loc["a", "precision_at_top"] == pytest.approx(0.5)
    assert ev.loc["a", "lift_at_top"] == pytest.approx(1.0)
    assert ev.loc["a", "flag_precision"] == pytest.approx(0.5)
    assert ev.loc["a", "flag_recall"] == pytest.approx(0.5)
    assert ev.loc["a", "brier_score"] == pytest.approx(np.mean([0.01, 0.64, 0.09, 0.01]))
    # b ranks the two positives 3rd and 2nd: worse than random; not a probability -> no Brier
    assert ev.loc["b", "roc_auc"] == pytest.approx(0.25)
    assert ev.loc["b", "precision_at_top"] == pytest.approx(0.5)
    assert np.isnan(ev.loc["b", "brier_score"])


def test_calibration_and_roc_tables_cover_everyone():
    rng = np.random.default_rng(0)
    p = rng.random(200)
    y = pd.Series(rng.random(200) < p)
    scores = pd.DataFrame({"logistic": p, "overdue": 5 * p})
    cal = calibration_table(scores, y, n_bins=5)
    assert set(cal["signal"]) == {"logistic"}  # the overdue ratio is not a probability
    assert cal["count"].sum() == 200
    assert (np.diff(cal["mean_predicted"]) > 0).all()
    roc = roc_table(scores, y)
    assert set(roc["signal"]) == {"logistic", "overdue"}


# ---- contract: customers conserved, same index and order -------------------------------------
def test_palive_and_overdue_keep_input_index_and_order(data):
    tx = data.transactions
    cal = data.calibration_end
    summary = rfm_summary(tx[tx["date"] <= cal], observation_end=cal, time_unit="W")
    shuffled = summary.sample(frac=1.0, random_state=1)
    sig = palive_signal(LifetimesBGAdapter(summary), shuffled, threshold=0.3)
    assert sig.index.equals(shuffled.index)
    assert ((sig["p_alive"] < 0.3) == sig["flag"]).all()
    np.testing.assert_allclose(sig["churn_score"], 1 - sig["p_alive"])
    feats = churn_features(tx, as_of=cal).sample(frac=1.0, random_state=2)
    assert overdue_signal(feats).index.equals(feats.index)


def test_churn_warning_conserves_customers(data, run):
    tx = data.transactions
    active = np.sort(tx.loc[tx["date"] <= data.calibration_end, "customer_id"].unique())
    assert isinstance(run, ChurnWarningResult)
    assert list(run.signals.index) == list(active)
    assert run.features.index.equals(run.signals.index)
    assert run.signals.index.is_unique
    for target in ("next_window", "truth_dropout"):
        assert (run.evaluation.xs(target, level="target")["n"] == len(active)).all()


def test_supervised_model_predictions_keep_index(data):
    tx = data.transactions
    t0, t1 = pd.Timestamp("2024-01-02"), data.calibration_end
    X = churn_features(tx, as_of=t0, trend_window_days=182)
    y = no_purchase_label(tx, X.index, start=t0, end=t1)
    model = SupervisedChurnModel(estimator="logistic", random_state=0).fit(X, y)
    Xs = X.iloc[::-1]
    p = model.predict_proba(Xs)
    assert p.index.equals(Xs.index)
    assert ((p >= 0) & (p <= 1)).all()


# ---- no leakage -----------------------------------------------------------------------------
def test_features_do_not_see_the_future(data):
    tx = data.transactions
    as_of = pd.Timestamp("2024-01-02")
    full = churn_features(tx, as_of=as_of, customers=data.customers)
    cut = churn_features(tx[tx["date"] <= as_of], as_of=as_of, customers=data.customers)
    pd.testing.assert_frame_equal(full, cut)
    # a big purchase the day after as_of changes nothing
    extra = _tx([(int(full.index[0]), "2024-01-03", 1e6)])
    more = pd.concat([tx[["customer_id", "date", "amount"]], extra], ignore_index=True)
    pd.testing.assert_frame_equal(
        churn_features(more, as_of=as_of),
        churn_features(tx[["customer_id", "date", "amount"]], as_of=as_of),
    )


def test_supervised_scores_use_nothing_after_scoring_date(data):
    tx = data.transactions
    t1, t2 = data.calibration_end, data.observation_end
    kwargs = dict(calibration_end=t1, observation_end=t2, estimators=("logistic",),
                  random_state=0, customers=data.customers)
    full = churn_warning(tx, **kwargs)
    cut = churn_warning(tx[tx["date"] <= t1], **kwargs)
    cols = ["p_no_purchase_logistic", "overdue_ratio", "flag_overdue"]
    pd.testing.assert_frame_equal(full.signals[cols], cut.signals[cols])
    # ... while the outcome does depend on the later window
    assert full.signals["no_purchase_next_window"].mean() < 1.0
    assert cut.signals["no_purchase_next_window"].all()


# ---- the signals beat a random ranking --------------------------------------------------------
def test_supervised_beats_random_on_the_later_window(run):
    nxt = run.evaluation.xs("next_window", level="target")
    for est in ("logistic", "gradient_boosting"):
        assert nxt.loc[est, "roc_auc"] > 0.7
        assert nxt.loc[est, "lift_at_top"] > 1.3
    assert nxt.loc["overdue", "roc_auc"] > 0.6


def test_palive_beats_random_on_the_truth(run):
    truth = run.evaluation.xs("truth_dropout", level="target")
    assert truth.loc["p_alive", "roc_auc"] > 0.75
    assert truth.loc["p_alive", "average_precision"] > truth.loc["p_alive", "base_rate"] + 0.2


def test_supervised_probabilities_are_calibrated(run):
    # mean predicted churn is close to the observed share on the later window
    s = run.signals
    for est in ("logistic", "gradient_boosting"):
        assert abs(s[f"p_no_purchase_{est}"].mean() - s["no_purchase_next_window"].mean()) < 0.12
    cal = run.calibration
    assert set(cal["signal"]) == {"p_alive", "logistic", "gradient_boosting"}


# ---- win-back list ----------------------------------------------------------------------------
def test_winback_list_ranks_flagged_customers_with_reasons(run):
    wb = winback_list(run, min_signals=2)
    assert wb.index.is_unique and wb.index.isin(run.signals.index).all()
    assert (wb["n_signals"] >= 2).all()
    assert wb["value_if_won_back"].is_monotonic_decreasing
    assert (wb["reason"].str.len() > 0).all()
    # everyone with >= 2 flags is on it
    assert len(wb) == int((run.flags().sum(axis=1) >= 2).sum())
    # value by hand for the first customer: H * (x + rate * b) / (T + b) * spend
    f = run.features
    x = (f["n_purchase_days"] - 1).clip(lower=0)
    t = f["tenure_days"].clip(lower=1)
    pop = x.sum() / t.sum()
    cid = wb.index[0]
    expected = 182 * (x[cid] + pop * 365) / (t[cid] + 365) * f.loc[cid, "total_spend"] / f.loc[cid, "n_purchase_days"]
    assert wb.loc[cid, "value_if_won_back"] == pytest.approx(expected)
    zh = winback_list(run, min_signals=2, top=5, lang="zh")
    assert len(zh) == 5 and zh["reason"].str.contains("天|概率").all()


def test_winback_reasons_and_signal_names_match_the_row_by_row_text(run):
    """The vectorized win-back columns say exactly what the per-customer formatting says."""
    from clvmodels.churn.narrative import _reason

    flags = run.flags()
    for lang in ("en", "zh"):
        wb = winback_list(run, lang=lang)
        for cid in wb.index[:: max(1, len(wb) // 50)]:
            assert wb.loc[cid, "reason"] == _reason(run.signals.loc[cid], run.settings, lang)
            assert wb.loc[cid, "signals"] == "|".join(c for c in flags.columns if flags.loc[cid, c])


def test_one_time_buyers_are_said_to_be_judged_on_the_population_cycle(run):
    s = run.signals
    one = run.features["one_time_buyer"] == 1
    assert (s.loc[one, "cycle_source"] == "population").all()
    wb = winback_list(run)
    one_flagged = wb.index[one.reindex(wb.index).to_numpy() & wb["signals"].str.contains("overdue")]
    assert len(one_flagged) > 0
    assert wb.loc[one_flagged, "reason"].str.contains("one-time buyer").all()


def test_conclusion_is_computed_from_the_run(run):
    text = churn_conclusion(run, winback=winback_list(run, min_signals=2))
    auc = run.evaluation.xs("next_window", level="target")["roc_auc"].max()
    assert f"{auc:.3f}" in text
    assert "win-back list" in text
    assert "结论" not in text and "AUC" in churn_conclusion(run, lang="zh")


# ---- errors ---------------------------------------------------------------------------------
def test_bad_settings_give_one_line_errors(data):
    tx = data.transactions
    with pytest.raises(ParameterError, match="threshold=1.5"):
        churn_warning(tx, calibration_end=data.calibration_end, threshold=1.5)
    with pytest.raises(ParameterError, match="not after calibration_end"):
        churn_warning(tx, calibration_end="2024-12-31", observation_end="2024-06-01")
    with pytest.raises(ParameterError, match="no training window"):
        churn_warning(tx, calibration_end="2023-06-01", observation_end="2024-06-01")
    with pytest.raises(ParameterError, match="k=0"):
        overdue_signal(churn_features(tx, as_of=data.calibration_end), k=0)
    with pytest.raises(ParameterError, match="no probability_alive"):
        palive_signal(object(), pd.DataFrame())
    with pytest.raises(NotFittedError, match="not fitted yet"):
        SupervisedChurnModel().predict_proba(pd.DataFrame({"a": [1.0]}))
    with pytest.raises(ParameterError, match="estimator='forest'"):
        SupervisedChurnModel(estimator="forest").fit(pd.DataFrame({"a": [1.0, 2.0]}), [True, False])
    with pytest.raises(ParameterError, match="as_of="):
        churn_features(tx, as_of="not a date")


# ---- helpers used by the notebook -------------------------------------------------------------
def test_window_days_sets_the_evaluation_window(data):
    tx = data.transactions
    r = churn_warning(tx, calibration_end=data.calibration_end, observation_end=data.observation_end,
                      window_days=91, estimators=())
    assert r.t2 == data.calibration_end + pd.Timedelta(days=91)
    assert r.t0 == data.calibration_end - pd.Timedelta(days=91)
    expected = no_purchase_label(tx, r.signals.index, start=r.t1, end=r.t2)
    assert (r.signals["no_purchase_next_window"] == expected).all()
    with pytest.raises(ParameterError, match="runs past observation_end"):
        churn_warning(tx, calibration_end=data.calibration_end, observation_end=data.observation_end,
                      window_days=400)


def test_churn_warning_for_data_and_display_helpers(data):
    from clvmodels.churn import churn_warning_for_data, format_evaluation, timeline_text

    r = churn_warning_for_data(data, transaction_model="bgnbd", estimators=("logistic",),
                               random_state=0)
    assert r.settings["transaction_model"] == "bgnbd"
    assert {"p_alive", "dropped_out", "p_no_purchase_logistic"} <= set(r.signals.columns)
    t = format_evaluation(r.evaluation, lang="zh")
    assert "ROC 曲线下面积" in t.columns and t.shape == r.evaluation.shape
    text = timeline_text(r)
    assert str(r.t0.date()) in text and str(r.t2.date()) in text
    with pytest.raises(ParameterError, match="transaction_model='xgb'"):
        churn_warning_for_data(data, transaction_model="xgb")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_churn_plots_return_axes(run, lang):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from clvmodels.plotting import plot_churn_calibration, plot_churn_comparison, plot_churn_roc

    nxt = run.evaluation.xs("next_window", level="target")
    ax = plot_churn_roc(run.roc, evaluation=nxt, lang=lang)
    assert len(ax.get_lines()) == len(nxt) + 1
    ax = plot_churn_calibration(run.calibration, lang=lang)
    assert len(ax.get_lines()) == 3 + 1
    _, ax3 = plt.subplots()
    assert plot_churn_comparison(nxt, ax=ax3, lang=lang) is ax3
    assert len(ax3.patches) == 3 * len(nxt)
    plt.close("all")


def test_conclusion_with_a_single_outcome_says_so(data):
    tx = data.transactions
    t1 = data.calibration_end
    r = churn_warning(tx[tx["date"] <= t1], calibration_end=t1, observation_end=data.observation_end,
                      estimators=())
    assert "one outcome" in churn_conclusion(r)


def test_format_winback_keeps_rows_and_labels_columns(run):
    from clvmodels.churn import format_winback

    wb = winback_list(run, min_signals=2, top=5)
    t = format_winback(wb, lang="zh")
    assert list(t.index) == list(wb.index)
    assert any(c.startswith("挽回后价值 (CNY") for c in t.columns)
    assert "预警原因" in t.columns


# ---- package layout and shared building blocks -------------------------------------------------
def test_every_public_name_is_importable_from_the_package():
    import clvmodels.churn as churn

    for name in churn.__all__:
        assert getattr(churn, name).__module__.startswith("clvmodels.churn."), name
    assert churn.PROBABILISTIC_SIGNALS == ("p_alive", "logistic", "gradient_boosting")


def test_transaction_model_names_come_from_the_one_registry(data):
    """Literature names work as well as the short ones; the settings keep the name as passed."""
    from clvmodels.churn import churn_warning_for_data

    short = churn_warning_for_data(data, transaction_model="bgnbd", estimators=(), random_state=0)
    long = churn_warning_for_data(data, transaction_model="BG/NBD", estimators=(), random_state=0)
    assert long.settings["transaction_model"] == "BG/NBD"
    assert short.settings["transaction_model"] == "bgnbd"
    pd.testing.assert_series_equal(long.signals["p_alive"], short.signals["p_alive"])


def test_sentence_templates_have_the_same_fields_in_both_languages():
    from string import Formatter

    from clvmodels.labels import TABLE

    prefixes = ("churn_reason_", "churn_conclusion_", "churn_timeline_")
    keys = [k for k in TABLE if k.startswith(prefixes)]
    assert len(keys) >= 10
    for key in keys:
        fields = {lang: {f for _, f, _, _ in Formatter().parse(TABLE[key][lang]) if f}
                  for lang in ("en", "zh")}
        assert fields["en"] == fields["zh"] and fields["en"], key


def test_churn_argument_checks_name_the_function(data):
    tx = data.transactions
    with pytest.raises(ParameterError, match="churn_warning: top_pct=0"):
        churn_warning(tx, calibration_end=data.calibration_end, top_pct=0)
    with pytest.raises(ParameterError, match="no_purchase_label: start='x' is not a date"):
        no_purchase_label(tx, [1], start="x", end="2024-01-01")
    with pytest.raises(Exception, match="churn_features: transactions is a list"):
        churn_features([1, 2], as_of="2024-01-01")


# ---- the steps one at a time (the teaching notebook) give the one-call result ------------------
def _unrolled(db, *, name="MBG/NBD", time_unit="W", window_days=182, threshold=0.5, k=2.0,
              supervised_threshold=0.5, top_pct=0.10, random_state=42):
    """The steps as notebooks/05_churn_warning.ipynb runs them (keep the two in step)."""
    from clvmodels.churn import (
        churn_dates,
        churn_summary,
        churn_warning_result,
        regular_overdue_signal,
    )
    from clvmodels.models import transaction_model as new_transaction_model

    tx = db.transactions
    dates = churn_dates(tx, calibration_end=db.calibration_end, observation_end=db.observation_end,
                        window_days=window_days)
    t0, t1, t2 = dates
    features = churn_features(tx, as_of=t1, trend_window_days=dates.window_days,
                              customers=db.customers)
    outcome = no_purchase_label(tx, features.index, start=t1, end=t2)
    summary = churn_summary(tx, as_of=t1, time_unit=time_unit)
    model = new_transaction_model(name).fit(summary)
    palive = palive_signal(model, summary, threshold=threshold)
    regular = (regular_overdue_signal(model, summary) if hasattr(model, "overdue_probability")
               else None)
    overdue = overdue_signal(features, k=k)
    features_t0 = churn_features(tx, as_of=t0, trend_window_days=dates.window_days,
                                 customers=db.customers)
    label_t0 = no_purchase_label(tx, features_t0.index, start=t0, end=t1)
    supervised = {est: SupervisedChurnModel(estimator=est, random_state=random_state)
                  .fit(features_t0, label_t0) for est in ("logistic", "gradient_boosting")}
    result = churn_warning_result(
        features, dates=dates, overdue=overdue, outcome=outcome, p_alive=palive,
        regular_overdue=regular, models=supervised, truth=db.truth,
        supervised_threshold=supervised_threshold, top_pct=top_pct, transaction_model=name)
    return result, outcome


@pytest.mark.parametrize("settings", [{}, {"threshold": 0.3, "k": 3.0, "top_pct": 0.2,
                                           "supervised_threshold": 0.6, "name": "BG/NBD"},
                                      {"name": "MBG/CNBD-k"}], ids=["default", "settings", "regular"])
def test_unrolled_steps_equal_churn_warning_for_data(settings):
    """The notebook's steps and the analysts' one call cannot drift apart."""
    from clvmodels.churn import churn_warning_for_data

    data = make_crm_data(500, random_state=5)
    result, outcome = _unrolled(data, **settings)
    one_call = churn_warning_for_data(
        data, transaction_model=settings.get("name", "MBG/NBD"), time_unit="W", window_days=182,
        threshold=settings.get("threshold", 0.5), k=settings.get("k", 2.0),
        supervised_threshold=settings.get("supervised_threshold", 0.5),
        top_pct=settings.get("top_pct", 0.10), random_state=42)
    assert (result.t0, result.t1, result.t2) == (one_call.t0, one_call.t1, one_call.t2)
    pd.testing.assert_frame_equal(result.signals, one_call.signals)
    pd.testing.assert_frame_equal(result.features, one_call.features)
    pd.testing.assert_frame_equal(result.evaluation, one_call.evaluation)
    pd.testing.assert_frame_equal(result.calibration, one_call.calibration)
    pd.testing.assert_frame_equal(result.roc, one_call.roc)
    assert result.settings == one_call.settings
    # the evaluation the notebook shows step by step is the result's
    step = evaluate_churn_scores(result.scores(), outcome, flags=result.flags(),
                                 top_pct=result.settings["top_pct"])
    pd.testing.assert_frame_equal(step, result.evaluation.xs("next_window", level="target"),
                                  check_names=False)
    pd.testing.assert_frame_equal(winback_list(result, min_signals=2),
                                  winback_list(one_call, min_signals=2))


def test_churn_dates_are_the_time_line_of_churn_warning(data):
    from clvmodels.churn import ChurnDates, churn_dates

    tx = data.transactions
    d = churn_dates(tx, calibration_end=data.calibration_end, observation_end=data.observation_end,
                    window_days=91)
    assert isinstance(d, ChurnDates) and d.t0 < d.t1 < d.t2
    assert d.t1 == pd.Timestamp(data.calibration_end) and d.window_days == 91.0
    assert d.t1 - d.t0 == d.t2 - d.t1 == pd.Timedelta(days=91)
    full = churn_dates(tx, calibration_end=data.calibration_end, observation_end=data.observation_end)
    assert full.t2 == pd.Timestamp(data.observation_end)
    with pytest.raises(ParameterError, match="runs past observation_end"):
        churn_dates(tx, calibration_end=data.calibration_end, observation_end=data.observation_end,
                    window_days=10_000)
    with pytest.raises(ParameterError, match="leaves no training window"):
        churn_dates(tx, calibration_end=tx["date"].min() + pd.Timedelta(days=5),
                    observation_end=data.observation_end, window_days=30)
    with pytest.raises(ParameterError, match="churn_dates: calibration_end='x' is not a date"):
        churn_dates(tx, calibration_end="x")


def test_churn_summary_sees_nothing_after_the_scoring_day(data):
    from clvmodels.churn import churn_summary

    tx = data.transactions
    t1 = data.calibration_end
    cut = churn_summary(tx, as_of=t1, time_unit="W")
    pd.testing.assert_frame_equal(cut, rfm_summary(tx[tx["date"] <= t1], observation_end=t1,
                                                   time_unit="W"))
    feats = churn_features(tx, as_of=t1)
    assert cut.index.equals(feats.index)


def test_signals_record_their_settings():
    tx = _tx([(1, "2024-01-01", 10), (1, "2024-01-11", 10), (2, "2024-01-05", 5)])
    feats = churn_features(tx, as_of="2024-02-01")
    assert overdue_signal(feats, k=3).attrs == {"k": 3.0}

    class Half:
        def probability_alive(self, summary):
            return np.full(len(summary), 0.4)

    summary = rfm_summary(tx, observation_end="2024-02-01")
    assert palive_signal(Half(), summary, threshold=0.3).attrs == {"threshold": 0.3}


def test_churn_warning_result_checks_its_steps(data):
    from clvmodels.churn import churn_dates, churn_warning_result
    from clvmodels.exceptions import DataValidationError

    tx = data.transactions
    dates = churn_dates(tx, calibration_end=data.calibration_end,
                        observation_end=data.observation_end, window_days=91)
    feats = churn_features(tx, as_of=dates.t1)
    od = overdue_signal(feats)
    y = no_purchase_label(tx, feats.index, start=dates.t1, end=dates.t2)
    r = churn_warning_result(feats, dates=dates, overdue=od, outcome=y)
    assert list(r.scores().columns) == ["overdue"] and r.settings["k"] == 2.0
    assert r.settings["threshold"] is None and r.models == {}
    with pytest.raises(ParameterError, match="overdue must be the DataFrame returned by overdue_signal"):
        churn_warning_result(feats, dates=dates, overdue=od["flag"], outcome=y)
    bare = od.copy()
    bare.attrs = {}
    with pytest.raises(ParameterError, match=r"has no attrs\['k'\]"):
        churn_warning_result(feats, dates=dates, overdue=bare, outcome=y)
    with pytest.raises(DataValidationError, match="outcome has no label for"):
        churn_warning_result(feats, dates=dates, overdue=od, outcome=y.iloc[:-3])
    with pytest.raises(ParameterError, match="dates must be the ChurnDates"):
        churn_warning_result(feats, dates=tuple(dates), overdue=od, outcome=y)


def test_display_tables_are_labelled_and_formatted(run):
    from clvmodels.churn import format_evaluation, format_features, format_models, format_overdue
    from clvmodels.reports.language import english_phrases

    feats = format_features(run.features, lang="zh")
    assert len(feats) == sum(not c.startswith("attr_") for c in run.features.columns)
    assert "累计消费金额 (CNY)" in feats.index and feats.columns[0] == "数量"
    od = overdue_signal(run.features)
    table = format_overdue(od, lang="zh")
    assert table.iloc[-1, 0] == f"{len(od):,}" and table.iloc[-1, 1] == f"{int(od['flag'].sum()):,}"
    assert table.iloc[:2, 0].map(lambda v: int(v.replace(",", ""))).sum() == len(od)
    models = format_models(run.models, lang="zh")
    assert list(models.index) == ["逻辑回归", "梯度提升"] and models.iloc[0, 1].endswith("%")
    ev = format_evaluation(run.evaluation, lang="zh")
    assert ev.loc[("下一窗口未购买", "超出购买周期"), "Brier 分数"] == "–"
    assert ev.iloc[0]["基准流失率"].endswith("%")
    for t in (feats, table, models, ev):
        text = " ".join(map(str, [*t.columns, *t.index, *t.to_numpy().ravel()]))
        assert not english_phrases(text), english_phrases(text)
