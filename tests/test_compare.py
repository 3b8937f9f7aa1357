"""Segment comparison: summaries, cross-tabs, agreement, value capture, migration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.compare import (
    NOT_PRESENT,
    agreement,
    agreement_table,
    clustering_conclusion,
    comparison_conclusion,
    crosstab,
    frameworks_conclusion,
    holdout_value,
    migration_conclusion,
    migration_matrix,
    segment_conclusion,
    segment_migration,
    segment_summary,
    segment_table,
    top_segments,
    value_capture,
)
from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.segmentation import CustomerPyramid

IDX = pd.Index([5, 3, 1, 2, 4, 6], name="customer_id")
A = pd.Series(["x", "x", "y", "y", "z", "unclassified"], index=IDX)
B = pd.Series(["p", "p", "q", "q", "r", "r"], index=IDX)
VALUE = pd.Series([10.0, 20.0, 5.0, 5.0, 60.0, 0.0], index=IDX)


def test_segment_summary_sizes_and_value_shares():
    s = segment_summary(A, VALUE)
    assert list(s.index) == ["x", "y", "z", "unclassified"]
    assert s["n_customers"].sum() == len(A)
    assert s.loc["x", "share_customers"] == pytest.approx(2 / 6)
    assert s.loc["z", "share_value"] == pytest.approx(0.6)
    assert s["share_value"].sum() == pytest.approx(1.0)
    with pytest.raises(DataValidationError, match="no entry for customer"):
        segment_summary(A, VALUE.iloc[:3])


def test_agreement_identical_and_relabelled_partitions():
    ab = pd.DataFrame({"a": A, "b": B, "c": A.map({"x": "1", "y": "2", "z": "3",
                                                   "unclassified": "unclassified"})})
    mat = agreement(ab)
    assert mat.loc["a", "c"] == pytest.approx(1.0)  # same partition, other names
    assert mat.loc["a", "b"] == pytest.approx(1.0)  # customer 6 excluded (unclassified in a)
    inc = agreement(ab, exclude_unclassified=False)
    assert inc.loc["a", "b"] < 1.0
    tab = agreement_table(ab)
    assert set(tab.columns) == {"a", "b", "n_customers", "ari", "nmi"}
    assert tab.loc[(tab.a == "a") & (tab.b == "b"), "n_customers"].item() == 5
    rng = np.random.default_rng(0)
    rand = pd.DataFrame({"u": rng.integers(0, 4, 2000), "v": rng.integers(0, 4, 2000)})
    assert abs(agreement(rand).loc["u", "v"]) < 0.02
    with pytest.raises(ParameterError):
        agreement(ab, metric="foo")


def test_agreement_scores_equal_scikit_learn_on_random_labelings():
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    rng = np.random.default_rng(4)
    for trial in range(60):
        n = int(rng.integers(2, 80))
        a = pd.Series(rng.choice(["p", "q", "r", "unclassified", None][: int(rng.integers(1, 6))], n))
        b = a.copy() if trial % 7 == 0 else pd.Series(rng.choice(["s", "t", "u"][: int(rng.integers(1, 4))], n))
        for exclude in (True, False):
            tab = agreement_table(pd.DataFrame({"a": a, "b": b}), exclude_unclassified=exclude)
            keep = a.notna() & b.notna()
            if exclude:
                keep &= (a != "unclassified") & (b != "unclassified")
            row = tab.iloc[0]
            assert row["n_customers"] == int(keep.sum())
            if keep.sum() < 2:
                assert np.isnan(row["ari"]) and np.isnan(row["nmi"])
                continue
            xs, ys = a[keep].astype(str), b[keep].astype(str)
            assert row["ari"] == pytest.approx(adjusted_rand_score(xs, ys), abs=1e-12)
            assert row["nmi"] == pytest.approx(normalized_mutual_info_score(xs, ys), abs=1e-12)


def test_crosstab_counts():
    t = crosstab(A, B)
    assert t.to_numpy().sum() == 6
    assert t.loc["x", "p"] == 2


def test_value_capture_lift_hand_computed():
    segs = pd.DataFrame({"a": A, "b": B})
    hold = pd.Series([0.0, 30.0, 10.0, 0.0, 60.0, 0.0], index=IDX)  # total 100
    cap = value_capture(segs, hold, top={"a": "x", "b": "r"})
    # a: 'x' = customers 5, 3: 2/6 of customers, 30/100 of value -> lift 0.9
    assert cap.loc["a", "share_customers"] == pytest.approx(1 / 3)
    assert cap.loc["a", "share_holdout_value"] == pytest.approx(0.3)
    assert cap.loc["a", "lift"] == pytest.approx(0.9)
    assert cap.loc["b", "lift"] == pytest.approx(0.6 / (2 / 6))
    assert list(cap.index) == ["b", "a"]  # sorted by lift
    assert top_segments(segs, VALUE) == {"a": "z", "b": "r"}
    text = comparison_conclusion(cap, agreement(segs))
    assert "b" in text and "1.8" in text
    assert "lift of 2 or more (none)" in text and "below 1.5 (a)" in text
    assert "提升度" in comparison_conclusion(cap, lang="zh")


def test_migration_matrix_counts_and_new_customers():
    before = pd.Series(["hi", "lo", "lo"], index=[1, 2, 3])
    after = pd.Series(["hi", "hi", "lo"], index=[1, 2, 4])
    m = migration_matrix(before, after)
    assert m.loc["hi", "hi"] == 1 and m.loc["lo", "hi"] == 1
    assert m.loc["lo", NOT_PRESENT] == 1  # customer 3 gone
    assert m.loc[NOT_PRESENT, "lo"] == 1  # customer 4 new
    assert m.to_numpy().sum() == 4
    share = migration_matrix(before, after, normalize=True)
    assert share.loc["lo"].sum() == pytest.approx(1.0)


def test_segment_migration_reuses_the_earlier_cutoffs():
    X1 = pd.DataFrame({"total_spend": np.arange(1.0, 21.0)}, index=range(20))
    X2 = X1 * 2  # everyone doubles their spend
    m = segment_migration(CustomerPyramid(), X1, X2)
    # with the earlier cut-offs (20, 17, 11) nobody moves down, many move up
    assert m.loc["pyramid_important", "pyramid_important"] == 1
    assert m.loc["pyramid_small"].drop("pyramid_small").sum() > 0
    assert m.to_numpy().sum() == 20


def test_segment_conclusion_text():
    s = segment_summary(A, VALUE)
    en = segment_conclusion(s, framework="pyramid")
    assert "60%" in en and "17%" in en
    assert "客户金字塔" in segment_conclusion(s, framework="pyramid", lang="zh")


def test_holdout_value_window_and_profit():
    tx = pd.DataFrame({
        "customer_id": [1, 1, 2, 3, 3],
        "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-15", "2024-01-31",
                                "2024-04-01"]),
        "amount": [10.0, 20.0, 5.0, 7.0, 100.0],
        "cost": [5.0, 15.0, 1.0, 1.0, 60.0],
    })
    h = holdout_value(tx, start="2024-01-31", end="2024-03-31", index=pd.Index([3, 2, 1, 9]))
    assert h.to_dict() == {3: 0.0, 2: 5.0, 1: 20.0, 9: 0.0}
    hp = holdout_value(tx, start="2024-01-31", index=pd.Index([3, 2, 1]), profit=True)
    assert hp.to_dict() == {3: 40.0, 2: 4.0, 1: 5.0}
    with pytest.raises(DataValidationError, match="cost"):
        holdout_value(tx.drop(columns="cost"), start="2024-01-31", profit=True)


def test_segment_table_and_framework_order():
    segs = pd.DataFrame({"pyramid": ["pyramid_small", "pyramid_important", "pyramid_small"],
                         "other": ["b", "a", "a"]}, index=[1, 2, 3])
    t = segment_table(segs, pd.Series([1.0, 8.0, 1.0], index=[1, 2, 3]))
    assert list(t.loc["pyramid"].index) == ["pyramid_important", "pyramid_small"]
    assert t.loc[("pyramid", "pyramid_important"), "share_value"] == pytest.approx(0.8)
    assert t.loc["other", "n_customers"].sum() == 3


def test_migration_conclusion_numbers():
    before = pd.Series(["a", "a", "a", "b"], index=[1, 2, 3, 4])
    after = pd.Series(["a", "b", "b", "b", "a"], index=[1, 2, 3, 4, 5])
    text = migration_conclusion(migration_matrix(before, after), framework="pyramid")
    # 2 of 4 kept (1: a->a, 4: b->b); largest move a->b with 2 customers; customer 5 new
    assert "50%" in text and "(2 customers)" in text and "1 customers are new" in text


def test_frameworks_and_clustering_conclusions():
    from clvmodels.segmentation import run_frameworks

    X = pd.DataFrame({"total_spend": np.arange(1.0, 41.0),
                      "n_purchase_days": np.r_[np.ones(20), np.full(20, 3.0)]},
                     index=range(40))
    res = run_frameworks(X, frameworks=["pyramid", "volume_profit"])
    v = X["total_spend"].copy()
    v.attrs["value_basis"] = "revenue"
    text = frameworks_conclusion(res, v)
    assert "Customer pyramid" in text and "not run" in text and "revenue, not profit" in text
    prof = pd.DataFrame({"label": ["A", "B"], "n_customers": [10, 30],
                         "share_customers": [0.25, 0.75], "share_value": [0.7, 0.3]},
                        index=["k1", "k2"])
    c = clustering_conclusion(prof, method="kmeans", k=2)
    assert "'A'" in c and "25%" in c and "70%" in c and "'B'" in c


def test_segment_summary_lives_in_segmentation_and_is_reexported():
    from clvmodels import compare, segmentation

    assert compare.segment_summary is segmentation.segment_summary
    assert compare.known_order is segmentation.known_order
    assert segmentation.known_order("pyramid")[0] == "pyramid_important"
    assert segmentation.known_order("other") is None
    # a Series named after a framework is shown in the framework's order
    s = pd.Series(["pyramid_small", "pyramid_important", "unclassified"], name="pyramid")
    assert list(segmentation.segment_summary(s).index) == [
        "pyramid_important", "pyramid_small", "unclassified"]
    X = pd.DataFrame({"total_spend": np.arange(1.0, 21.0)}, index=range(20))
    est = CustomerPyramid().fit(X)
    out = est.predict(X)
    pd.testing.assert_frame_equal(est.tier_shares(X),
                                  segment_summary(out, out["value"].fillna(0.0)))


def test_conclusions_word_for_word_in_both_languages():
    s = segment_summary(A, VALUE)
    assert segment_conclusion(s, framework="pyramid", lang="zh") == (
        "客户金字塔: “z”占客户的17%,贡献了60%的价值 (是其客户占比的3.6倍)。 17%的客户无法分类。")
    segs = pd.DataFrame({"pyramid": A, "rfm": B})
    hold = pd.Series([0.0, 30.0, 10.0, 0.0, 60.0, 0.0], index=IDX)
    cap = value_capture(segs, hold, top={"pyramid": "x", "rfm": "r"})
    assert comparison_conclusion(cap.iloc[:1]) == (
        "In the holdout period, the top segment of RFM segments ('r') holds 33% of customers and "
        "brought 60% of the actual value: a lift of 1.8.")
    zh = comparison_conclusion(cap, agreement(segs, exclude_unclassified=False), lang="zh")
    assert zh.startswith("在预测期 (holdout) 中,RFM 细分的最高价值群体“r”占客户的33%,")
    assert "最高群体提升度不低于2倍的细分 (无)" in zh and zh.endswith("(该联系谁、该挽回谁)。")
    before = pd.Series(["a", "a", "a", "b"], index=[1, 2, 3, 4])
    after = pd.Series(["a", "b", "b", "b", "a"], index=[1, 2, 3, 4, 5])
    assert migration_conclusion(migration_matrix(before, after), framework="pyramid",
                                lang="zh") == (
        "客户金字塔: 两期都在的客户中有50%留在原群体;最大的迁移是从“a”到“b”(2位客户)。另有1位新客户。")
    prof = pd.DataFrame({"label": ["A", "B"], "n_customers": [10, 30],
                         "share_customers": [0.25, 0.75], "share_value": [0.7, 0.3]},
                        index=["k1", "k2"])
    assert clustering_conclusion(prof, method="gmm", k=2) == (
        "Gaussian mixture chose k=2 clusters by BIC. The most valuable cluster, 'A', holds 25% of "
        "customers and 70% of value; the largest is 'B' (75% of customers).")


def test_tables_for_reading_name_segments_and_frameworks_and_format_numbers():
    from clvmodels.segmentation import (
        LifecycleStage,
        format_agreement,
        format_segments,
        threshold_table,
    )

    pyramid = pd.Series(["pyramid_important", "pyramid_small", "pyramid_small", "unclassified",
                         "pyramid_small", "pyramid_small"], index=IDX, name="pyramid")
    zh = format_segments(segment_summary(pyramid, VALUE, lang="zh"), "zh", currency="CNY")
    assert list(zh.index) == ["重要客户 (前5%)", "小客户 (后50%)", "无法分类"]
    assert zh.index.name == "细分群体"
    assert list(zh.columns) == ["客户数", "客户占比", "价值", "价值占比", "客户平均价值"]
    assert zh.loc["重要客户 (前5%)"].tolist() == ["1", "16.7%", "10.00 CNY", "10.0%", "10.00 CNY"]
    segs = pd.DataFrame({"pyramid": pyramid, "rfm": B})
    long = format_segments(segment_table(segs, VALUE, lang="en"), "en", currency="USD")
    assert long.index.names == ["Framework", "Segment"]
    assert long.index[0] == ("Customer pyramid", "Important (top 5%)")
    hold = pd.Series([0.0, 30.0, 10.0, 0.0, 60.0, 0.0], index=IDX)
    cap = format_segments(value_capture(segs, hold, value=VALUE, lang="zh"), "zh", currency="CNY")
    assert "最高价值群体" in cap.columns and "RFM 细分" in cap.index
    assert set(cap["提升度 (价值占比/客户占比)"]) == {"1.50", "1.80"}
    pairs = format_segments(agreement_table(segs), "zh")
    assert pairs.iloc[0, :2].tolist() == ["客户金字塔", "RFM 细分"]
    mat = format_agreement(agreement(segs), "zh")
    assert list(mat.index) == ["客户金字塔", "RFM 细分"] and mat.iloc[0, 0] == "1.00"
    X = pd.DataFrame({"n_purchase_days": [1.0, 3, 5, 2, 0, 4], "tenure_days": [10.0, 200, 400, 90, 0, 300],
                      "days_since_last_purchase": [10.0, 30, 5, 60, 0, 200]}, index=IDX)
    cuts = threshold_table(LifecycleStage().fit(X), "zh")
    assert cuts.index.name == "分界值" and list(cuts.columns) == ["取值", "单位"]
    assert cuts.loc["休眠: 存活概率低于", "取值"] == "–"  # P(alive) not used
    assert set(cuts["单位"]) == {"天", "购买天数", "概率"}
