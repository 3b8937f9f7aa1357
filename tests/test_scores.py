"""Tests of RFM scores and the 11 named RFM segments."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets import load_cdnow
from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.features import (
    SEGMENT_RULES,
    SEGMENTS,
    customer_features,
    rfm_scores,
    rfm_segments,
    rfm_summary,
    segment_of,
)
from clvmodels.labels import TABLE


def test_scores_are_quantiles_with_recency_reversed():
    feats = pd.DataFrame(
        {
            "days_since_last_purchase": np.arange(100, 0, -1),
            "n_purchase_days": np.arange(1, 101),
            "total_spend": np.arange(1, 101) * 10.0,
        },
        index=pd.Index(range(100), name="customer_id"),
    )
    s = rfm_scores(feats)
    assert s.index.equals(feats.index)
    # 20 customers per score level
    for col in "RFM":
        assert s[col].value_counts().sort_index().tolist() == [20] * 5
    # the most recent (smallest days since last purchase) score 5
    assert s.loc[99, "R"] == 5 and s.loc[0, "R"] == 1
    assert s.loc[99, "rfm_cell"] == "555"


def test_equal_values_share_a_score_whatever_the_order():
    values = pd.DataFrame(
        {"days_since_last_purchase": [5, 5, 5, 1, 9, 9], "n_purchase_days": [1, 1, 1, 1, 2, 3],
         "total_spend": [10.0, 10.0, 10.0, 3.0, 50.0, 80.0]},
        index=pd.Index(list("abcdef"), name="customer_id"),
    )
    s1 = rfm_scores(values)
    shuffled = values.sample(frac=1.0, random_state=3)
    s2 = rfm_scores(shuffled).loc[values.index]
    pd.testing.assert_frame_equal(s1, s2)
    assert s1.loc[["a", "b", "c"], "R"].nunique() == 1
    assert s1.loc[["a", "b", "c", "d"], "F"].nunique() == 1


def test_scores_from_a_btyd_summary_use_time_since_last_purchase():
    summary = pd.DataFrame(
        {"frequency": [0.0, 3.0], "recency": [0.0, 9.0], "T": [10.0, 10.0],
         "monetary_value": [0.0, 20.0]},
        index=pd.Index([1, 2], name="customer_id"),
    )
    s = rfm_scores(summary, n_bins=2)
    assert s.loc[2, "R"] > s.loc[1, "R"]
    assert s.loc[2, "F"] > s.loc[1, "F"]


def test_every_one_of_the_125_cells_maps_to_exactly_one_segment():
    seen = set()
    for r, f, m in itertools.product(range(1, 6), repeat=3):
        seg = segment_of(r, f, m)
        assert seg in SEGMENTS
        first = [rule.segment for rule in SEGMENT_RULES if rule.matches(
            np.array([r]), np.array([f]), np.array([m]))[0]]
        assert first and first[0] == seg
        seen.add(seg)
    assert seen == set(SEGMENTS)
    assert segment_of(5, 5, 5) == "champions"
    assert segment_of(1, 1, 1) == "lost"
    assert segment_of(1, 1, 5) == "hibernating"
    assert segment_of(1, 5, 1) == "cant_lose_them"


def test_segments_on_cdnow_keep_every_customer_and_have_zh_labels():
    tx = load_cdnow()
    feats = customer_features(tx)
    seg = rfm_segments(rfm_scores(feats), lang="zh")
    assert seg.index.equals(feats.index)
    assert seg["segment"].notna().all()
    assert all(s in TABLE for s in SEGMENTS)
    assert set(seg["segment_label"]) <= {TABLE[s]["zh"] for s in SEGMENTS}
    summary = rfm_summary(tx)
    assert rfm_scores(summary).index.equals(summary.index)


def test_bad_score_inputs():
    with pytest.raises(ParameterError, match="n_bins"):
        rfm_scores(pd.DataFrame({"x": [1]}), n_bins=1)
    with pytest.raises(DataValidationError, match="recency"):
        rfm_scores(pd.DataFrame({"x": [1]}))
    scores = rfm_scores(
        pd.DataFrame({"days_since_last_purchase": [1, 2], "n_purchase_days": [1, 2],
                      "total_spend": [1.0, 2.0]}),
        n_bins=3,
    )
    with pytest.raises(ParameterError, match="1..5"):
        rfm_segments(scores)
    with pytest.raises(DataValidationError, match="total_spend"):
        rfm_scores(pd.DataFrame({"days_since_last_purchase": [1, 2], "n_purchase_days": [1, 2],
                                 "total_spend": [1.0, np.nan]}))
