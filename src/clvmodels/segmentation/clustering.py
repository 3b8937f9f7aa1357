"""Clustering customers (聚类细分) on standardized log-RFM, optionally with demographics."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from .._checks import check_frame
from .._sampling import check_sample_size, sample_note, sample_positions
from ..exceptions import DataValidationError, NotFittedError, ParameterError
from ..labels import check_lang
from ._base import UNCLASSIFIED, numeric_column, resolve_value, segment_label
from .narrative import cluster_sample_text
from .summary import segment_summary

__all__ = ["RFMClustering", "cluster_customers", "cluster_profile"]

_RFM = ("recency", "frequency", "monetary")


class RFMClustering(BaseEstimator):  # type: ignore[misc]
    """K-means or Gaussian-mixture clusters of customers on standardized log-RFM.

    Features: ``log1p`` of days since the last purchase (R), purchase days (F) and average
    order value (M, negative values clipped at 0), standardized to mean 0 and standard
    deviation 1; optionally one-hot demographics (0/1 columns). The number of clusters ``k``
    is chosen over ``k_range`` by the highest silhouette score (K-means) or the lowest BIC
    (Gaussian mixture) unless ``n_clusters`` is given. Clusters are numbered by decreasing
    mean total spend and named from their R/F/M profile: recent / lapsed (R below / above the
    average), frequent / occasional, high / low spenders.

    Parameters
    ----------
    method : {"kmeans", "gmm"}, default "kmeans"
    n_clusters : int, optional
        Fixed k; None: chosen over ``k_range``.
    k_range : tuple of 2 ints, default (2, 8)
        Smallest and largest k tried (inclusive).
    recency, frequency, monetary : str
        Columns (default ``days_since_last_purchase``, ``n_purchase_days``,
        ``mean_order_value``).
    demographics : list of str, optional
        Categorical columns to add one-hot encoded.
    silhouette_sample : int, default 2000
        Customers sampled (with ``random_state``) for the silhouette score.
    fit_sample : int, optional
        Choose k and fit the clusters on a random subset of this many customers (drawn with
        ``random_state``) when more have complete R/F/M values; None (default): all of them.
        The standardization uses every customer and :meth:`predict` assigns every customer.
    n_init : int, default 4
    random_state : int, optional
    lang : {"en", "zh"}, default "en"

    Attributes
    ----------
    n_clusters_ : int
    scores_ : Series
        Silhouette (K-means) or BIC (GMM) per k tried.
    thresholds_ : dict
        Feature means and standard deviations, the one-hot categories, and the cluster centres
        in standardized units (what ``predict`` needs to place new customers).
    cluster_names_ : dict
        Cluster number -> segment key.
    model_ : KMeans or GaussianMixture
    n_customers_ : int
        Customers with complete R/F/M values.
    n_fit_ : int
        Customers the clusters were fitted on (``n_customers_`` unless ``fit_sample`` is smaller).
    """

    name = "clustering"

    def __init__(
        self,
        *,
        method: str = "kmeans",
        n_clusters: int | None = None,
        k_range: tuple[int, int] = (2, 8),
        recency: str = "days_since_last_purchase",
        frequency: str = "n_purchase_days",
        monetary: str = "mean_order_value",
        demographics: list[str] | None = None,
        silhouette_sample: int = 2000,
        n_init: int = 4,
        random_state: int | None = None,
        lang: str = "en",
        fit_sample: int | None = None,
    ) -> None:
        self.method = method
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
        self.demographics = demographics
        self.silhouette_sample = silhouette_sample
        self.n_init = n_init
        self.random_state = random_state
        self.lang = lang
        self.fit_sample = fit_sample

    # -- features ------------------------------------------------------------------------
    def _raw(self, X: pd.DataFrame) -> pd.DataFrame:
        w = "RFMClustering"
        r = numeric_column(X, self.recency, where=w, param="recency")
        f = numeric_column(X, self.frequency, where=w, param="frequency")
        m = numeric_column(X, self.monetary, where=w, param="monetary")
        neg = (r < 0) | (f < 0)
        if neg.any():
            cid = X.index[neg.to_numpy()][0]
            raise DataValidationError(
                f"RFMClustering: recency and frequency must be >= 0; customer {cid!r} has a "
                f"negative value ({int(neg.sum())} such rows); check the input table."
            )
        return pd.DataFrame(
            {"recency": np.log1p(r), "frequency": np.log1p(f), "monetary": np.log1p(m.clip(0))},
            index=X.index,
        )

    def _design(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        t = self.thresholds_
        raw = self._raw(X)
        z = (raw - t["mean"]) / t["std"]
        parts = [z.to_numpy()]
        for col, cats in t["categories"].items():
            if col not in X.columns:
                raise DataValidationError(
                    f"RFMClustering: demographic column {col!r} is missing; add it or drop it "
                    "from demographics."
                )
            vals = X[col].astype(object).where(X[col].notna(), "missing").astype(str)
            parts.append(np.column_stack([(vals == c).to_numpy(float) for c in cats]))
        design = np.column_stack(parts)
        ok = ~np.isnan(z.to_numpy()).any(axis=1)
        return design, ok

    # -- estimator API -------------------------------------------------------------------
    def fit(self, X: pd.DataFrame, y: Any = None) -> RFMClustering:
        """Standardize the features, choose k and fit the clustering; returns self.

        Runs single-threaded (a ``threadpoolctl`` limit for this call only): on customer tables
        thread start-up costs more than it saves, and it keeps results reproducible.
        """
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return self._fit(X)

    def _fit(self, X: pd.DataFrame) -> RFMClustering:
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score
        from sklearn.mixture import GaussianMixture

        check_lang(self.lang)
        if self.method not in ("kmeans", "gmm"):
            raise ParameterError(f"method={self.method!r} must be 'kmeans' or 'gmm'.")
        ks = self._ks()
        X = check_frame(X, where="RFMClustering")
        raw = self._raw(X)
        ok_raw = raw.notna().all(axis=1)
        if ok_raw.sum() < max(ks) + 1:
            raise DataValidationError(
                f"RFMClustering: only {int(ok_raw.sum())} customers have complete R/F/M values; "
                f"need more than {max(ks)} to form {max(ks)} clusters."
            )
        std = raw[ok_raw].std(ddof=0).replace(0, 1.0)
        cats = {}
        for col in self.demographics or []:
            if col not in X.columns:
                raise DataValidationError(
                    f"RFMClustering: demographic column {col!r} is missing (have "
                    f"{list(X.columns)}); add it or drop it from demographics."
                )
            vals = X[col].astype(object).where(X[col].notna(), "missing").astype(str)
            cats[col] = sorted(vals.unique())
        self.thresholds_ = {"mean": raw[ok_raw].mean(), "std": std, "categories": cats}
        design, ok = self._design(X)
        D = design[ok]
        rng = np.random.RandomState(self.random_state)
        seeds = rng.randint(0, 2**31 - 1, size=len(ks))
        size = check_sample_size("fit_sample", self.fit_sample)
        if size is not None and size < max(ks) + 1:
            raise ParameterError(
                f"fit_sample={size} is too small to form {max(ks)} clusters; use at least "
                f"{max(ks) + 1} (thousands, for stable clusters) or None."
            )
        rows = sample_positions(len(D), size, self.random_state)
        D_fit = D if rows is None else D[rows]
        self.n_customers_, self.n_fit_ = len(D), len(D_fit)

        def make(k: int, seed: int) -> Any:
            if self.method == "kmeans":
                return KMeans(n_clusters=k, n_init=self.n_init, random_state=seed)
            return GaussianMixture(n_components=k, n_init=1, random_state=seed,
                                   covariance_type="full", reg_covar=1e-4)

        scores = {}
        models = {}
        for k, seed in zip(ks, seeds, strict=True):
            model = make(k, int(seed)).fit(D_fit)
            models[k] = model
            if len(ks) > 1:
                if self.method == "kmeans":
                    n = min(self.silhouette_sample, len(D_fit))
                    scores[k] = float(silhouette_score(D_fit, model.labels_, sample_size=n,
                                                       random_state=int(seed)))
                else:
                    scores[k] = float(model.bic(D_fit))
        self.scores_ = pd.Series(scores, name="silhouette" if self.method == "kmeans" else "bic",
                                 dtype="float64")
        self.scores_.index.name = "k"
        if len(ks) == 1:
            best = ks[0]
        elif self.method == "kmeans":
            best = int(self.scores_.idxmax())
        else:
            best = int(self.scores_.idxmin())
        self.model_ = models[best]
        self.n_clusters_ = best
        raw_labels = self.model_.predict(D)
        # renumber by decreasing mean spend (total_spend if present, else monetary * frequency)
        if "total_spend" in X.columns:
            spend = numeric_column(X, "total_spend", where="RFMClustering", param="total_spend")
        else:
            spend = raw["monetary"] + raw["frequency"]
        mean_spend = pd.Series(spend.to_numpy()[ok]).groupby(raw_labels).mean()
        order = list(mean_spend.reindex(range(best)).fillna(-np.inf).sort_values(
            ascending=False).index)
        self.relabel_ = {int(old): new for new, old in enumerate(order)}
        centres = self.model_.cluster_centers_ if self.method == "kmeans" else self.model_.means_
        rfm_c = pd.DataFrame(centres[:, :3], columns=list(_RFM))
        rfm_c.index = [self.relabel_[i] for i in range(best)]
        self.centres_ = rfm_c.sort_index()
        self.thresholds_["centres"] = self.centres_
        names: dict[int, str] = {}
        seen: dict[str, int] = {}
        for c, row in self.centres_.iterrows():
            base = (f"cluster_{'recent' if row['recency'] <= 0 else 'lapsed'}_"
                    f"{'frequent' if row['frequency'] > 0 else 'occasional'}_"
                    f"{'high' if row['monetary'] > 0 else 'low'}")
            seen[base] = seen.get(base, 0) + 1
            names[int(c)] = base if seen[base] == 1 else f"{base}#{seen[base]}"
        self.cluster_names_ = names
        return self

    def sample_note(self, *, parameter: str = "fit_sample", lang: str | None = None) -> str:
        """One sentence saying the clusters were fitted on a random sample ("" when on all).

        Parameters
        ----------
        parameter : str
            The notebook parameter that sets the sample size.
        lang : {"en", "zh"}, optional
            Default: the estimator's ``lang``.

        Returns
        -------
        str
        """
        if not hasattr(self, "n_fit_"):
            raise NotFittedError("This RFMClustering instance is not fitted yet; call 'fit' first.")
        words = cluster_sample_text()
        return sample_note(self.n_fit_, self.n_customers_, parameter=parameter,
                           lang=lang or self.lang, what=words["what"], covers=words["covers"])

    def _ks(self) -> list[int]:
        if self.n_clusters is not None:
            if isinstance(self.n_clusters, bool) or not isinstance(self.n_clusters, int) or \
                    self.n_clusters < 1:
                raise ParameterError(f"n_clusters={self.n_clusters!r} must be a positive int.")
            return [self.n_clusters]
        try:
            lo, hi = (int(v) for v in self.k_range)
        except (TypeError, ValueError):
            raise ParameterError(f"k_range={self.k_range!r} must be two ints.") from None
        if not 2 <= lo <= hi:
            raise ParameterError(f"k_range={self.k_range!r} must satisfy 2 <= low <= high.")
        return list(range(lo, hi + 1))

    def predict(self, X: pd.DataFrame) -> pd.DataFrame:
        """Cluster of every customer of ``X``.

        Returns
        -------
        DataFrame
            Same index and order as ``X``: ``cluster`` (0 = highest mean spend; -1 when
            unclassified), ``segment`` (profile key), ``label`` (in ``lang``), ``reason``.
        """
        if not hasattr(self, "model_"):
            raise NotFittedError(
                "This RFMClustering instance is not fitted yet. Call 'fit' with appropriate "
                "arguments before using this estimator."
            )
        X = check_frame(X, where="RFMClustering")
        from threadpoolctl import threadpool_limits

        design, ok = self._design(X)
        cluster = np.full(len(X), -1, dtype=np.int64)
        if ok.any():
            with threadpool_limits(limits=1):
                pred = self.model_.predict(design[ok])
            cluster[ok] = [self.relabel_[int(p)] for p in pred]
        seg = np.array([self.cluster_names_.get(int(c), UNCLASSIFIED) for c in cluster],
                       dtype=object)
        out = pd.DataFrame({"cluster": cluster}, index=X.index)
        out["segment"] = seg
        out["label"] = [segment_label(s, self.lang) for s in seg]
        out["reason"] = np.where(ok, None, segment_label("reason_missing_value", self.lang))
        out.attrs["framework"] = "clustering"
        out.attrs["segments"] = [self.cluster_names_[c] for c in sorted(self.cluster_names_)]
        return out

    def fit_predict(self, X: pd.DataFrame, y: Any = None) -> pd.DataFrame:
        """``fit(X)`` then ``predict(X)``."""
        return self.fit(X).predict(X)


def cluster_profile(
    X: pd.DataFrame,
    segments: Any,
    *,
    value: str | None = None,
    recency: str = "days_since_last_purchase",
    frequency: str = "n_purchase_days",
    monetary: str = "mean_order_value",
    lang: str = "en",
) -> pd.DataFrame:
    """Profile of each cluster (or any segment): size, value share and mean features.

    Parameters
    ----------
    X : DataFrame
        Framework inputs (``p_alive`` and ``clv`` are profiled when present).
    segments : Series or result of ``predict``
    value : str, optional
        Value column for the value share (None: profit when known, else revenue).
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Indexed by segment key: ``label``, ``n_customers``, ``share_customers``,
        ``share_value`` (0..1), ``mean_recency`` (days), ``mean_frequency`` (purchase days),
        ``mean_monetary`` (currency), and ``mean_p_alive`` / ``mean_clv`` (currency) when given.
    """
    col, _ = resolve_value(X, value)
    summ = segment_summary(segments, X[col].astype("float64").fillna(0.0), lang=lang)
    seg = segments["segment"] if isinstance(segments, pd.DataFrame) else segments
    seg = seg.reindex(X.index)
    out = summ[["label", "n_customers", "share_customers", "share_value"]].copy()
    for name, c in (("mean_recency", recency), ("mean_frequency", frequency),
                    ("mean_monetary", monetary), ("mean_p_alive", "p_alive"),
                    ("mean_clv", "clv")):
        if c in X.columns:
            out[name] = pd.to_numeric(X[c], errors="coerce").groupby(seg).mean().reindex(
                out.index)
    return out


def cluster_customers(X: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """One call: ``RFMClustering(**kwargs).fit_predict(X)`` (聚类细分)."""
    return RFMClustering(**kwargs).fit_predict(X)
