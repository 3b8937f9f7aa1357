"""Clustering on standardized log-RFM: reproducibility, k choice, naming, profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, NotFittedError, ParameterError
from clvmodels.labels import TABLE
from clvmodels.segmentation import RFMClustering, cluster_customers, cluster_profile


def three_groups(seed: int = 0) -> pd.DataFrame:
    """Planted: 60 recent frequent high spenders, 80 lapsed occasional low, 60 recent low."""
    rng = np.random.default_rng(seed)

    def grp(n, rec, freq, mon, tag):
        return pd.DataFrame({
            "days_since_last_purchase": rng.lognormal(np.log(rec), 0.2, n),
            "n_purchase_days": np.maximum(1, rng.poisson(freq, n)),
            "mean_order_value": rng.lognormal(np.log(mon), 0.2, n),
            "region": rng.choice(["N", "S"], n),
            "tag": tag,
        })

    df = pd.concat([grp(60, 5, 20, 300, "vip"), grp(80, 300, 1, 20, "gone"),
                    grp(60, 10, 8, 20, "small")], ignore_index=True)
    df["total_spend"] = df["n_purchase_days"] * df["mean_order_value"]
    df.index = pd.Index(rng.permutation(len(df)) + 100, name="customer_id")
    return df


def test_kmeans_recovers_planted_groups_and_names_them():
    X = three_groups()
    est = RFMClustering(k_range=(2, 6), random_state=0).fit(X)
    assert est.n_clusters_ == 3
    assert est.scores_.idxmax() == 3
    out = est.predict(X)
    assert out.index.equals(X.index)
    ct = pd.crosstab(X["tag"], out["segment"])
    assert (ct.max(axis=1) / ct.sum(axis=1) > 0.95).all()  # each planted group in one cluster
    assert ct.loc["vip"].idxmax() == "cluster_recent_frequent_high"
    assert ct.loc["gone"].idxmax() == "cluster_lapsed_occasional_low"
    assert out.loc[X["tag"] == "vip", "cluster"].mode()[0] == 0  # highest mean spend first
    for name in est.cluster_names_.values():
        assert name.split("#")[0] in TABLE


def test_gmm_by_bic_and_reproducible():
    X = three_groups(1)
    a = cluster_customers(X, method="gmm", k_range=(2, 5), random_state=3)
    b = cluster_customers(X, method="gmm", k_range=(2, 5), random_state=3)
    pd.testing.assert_frame_equal(a, b)
    est = RFMClustering(method="gmm", k_range=(2, 5), random_state=3).fit(X)
    assert est.scores_.name == "bic" and est.n_clusters_ == est.scores_.idxmin()


def test_demographics_and_profile():
    X = three_groups(2)
    X["p_alive"] = np.linspace(0, 1, len(X))
    out = RFMClustering(n_clusters=3, demographics=["region"], random_state=0).fit_predict(X)
    prof = cluster_profile(X, out, value="total_spend")
    assert prof["n_customers"].sum() == len(X)
    assert prof["share_value"].sum() == pytest.approx(1.0)
    assert {"mean_recency", "mean_frequency", "mean_monetary", "mean_p_alive"} <= set(prof)
    with pytest.raises(DataValidationError, match="'income'"):
        RFMClustering(n_clusters=2, demographics=["income"]).fit(X)


def test_errors_and_unclassified():
    X = three_groups()
    with pytest.raises(NotFittedError):
        RFMClustering().predict(X)
    with pytest.raises(ParameterError, match="method"):
        RFMClustering(method="dbscan").fit(X)
    with pytest.raises(ParameterError, match="k_range"):
        RFMClustering(k_range=(1, 3)).fit(X)
    X.iloc[0, X.columns.get_loc("mean_order_value")] = np.nan
    out = RFMClustering(n_clusters=3, random_state=0).fit_predict(X)
    assert out["segment"].iloc[0] == "unclassified" and out["cluster"].iloc[0] == -1
    assert out["reason"].iloc[0] is not None
