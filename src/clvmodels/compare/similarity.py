"""Agreement between labelings of the same customers (细分结果一致性): adjusted Rand index and
normalized mutual information of every pair."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError
from ..segmentation import UNCLASSIFIED

__all__ = ["agreement", "agreement_table"]


def _codes(labels: pd.Series, exclude: bool) -> np.ndarray:
    """Integer code per customer (-1: missing, or unclassified when ``exclude``); hashing, no
    sort, so a million customers take milliseconds."""
    codes, uniques = pd.factorize(labels.astype(object), use_na_sentinel=True)
    codes = codes.astype(np.int64)
    if exclude:
        hit = np.flatnonzero(np.asarray([u == UNCLASSIFIED for u in uniques], dtype=bool))
        if len(hit):
            codes[np.isin(codes, hit)] = -1
    return codes


def _pair_scores(x: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    """Customers compared, adjusted Rand index and normalized mutual information (arithmetic
    mean of the entropies) of two code arrays of :func:`_codes`.

    Computed from the contingency table with the formulas of scikit-learn's
    ``adjusted_rand_score`` and ``normalized_mutual_info_score`` (same results, including their
    special cases), without sorting the labels.
    """
    mask = (x >= 0) & (y >= 0)
    n = int(mask.sum())
    if n < 2:
        return n, float("nan"), float("nan")
    xs, ys = x[mask], y[mask]
    ky = int(ys.max()) + 1
    rows_all, cols_all = np.bincount(xs), np.bincount(ys)
    pair = xs * ky + ys  # contingency cell of each customer
    if (int(xs.max()) + 1) * ky <= 1 << 22:
        cells = np.bincount(pair)
        keys = np.flatnonzero(cells)
        table = cells[keys]
    else:  # many labels: sort the occupied cells instead of allocating every cell
        keys, table = np.unique(pair, return_counts=True)
    rows, cols = rows_all[rows_all > 0], cols_all[cols_all > 0]
    # adjusted Rand index from the pair confusion matrix (sklearn.metrics.pair_confusion_matrix);
    # Python ints: the products exceed int64 for a million customers
    sum_squares = int((table * table).sum())
    tp = sum_squares - n
    fp = int((cols * cols).sum()) - sum_squares  # sum_ij n_ij * (column total j)
    fn = int((rows * rows).sum()) - sum_squares
    tn = n * n - fp - fn - sum_squares
    if fn == 0 and fp == 0:
        ari = 1.0
    else:
        ari = 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
    # normalized mutual information, arithmetic mean of the two entropies
    if len(rows) == len(cols) == 1:
        return n, float(ari), 1.0
    if len(rows) == 1 or len(cols) == 1:
        mi = 0.0
    else:
        p = table / n
        outer = rows_all[keys // ky].astype(np.float64) * cols_all[keys % ky]
        terms = p * (np.log(table) - np.log(n)) + p * (2.0 * np.log(n) - np.log(outer))
        mi = float(np.clip(np.where(np.abs(terms) < np.finfo(float).eps, 0.0, terms).sum(), 0.0, None))
    if mi == 0.0:
        return n, float(ari), 0.0

    def entropy(counts: np.ndarray) -> float:
        q = counts[counts > 0] / n
        return float(-(q * np.log(q)).sum())

    return n, float(ari), float(mi / max((entropy(rows) + entropy(cols)) / 2.0, np.finfo(float).eps))


def agreement_table(segments: pd.DataFrame, *, exclude_unclassified: bool = True) -> pd.DataFrame:
    """Agreement of every pair of labelings: adjusted Rand index and normalized mutual
    information (调整兰德指数, 标准化互信息).

    Parameters
    ----------
    segments : DataFrame
        One column of segment keys per labeling, indexed by ``customer_id``.
    exclude_unclassified : bool, default True
        Compare only customers classified by both labelings.

    Returns
    -------
    DataFrame
        One row per pair: ``a``, ``b``, ``n_customers`` compared, ``ari`` (-0.5..1, 0 = chance
        agreement, 1 = identical partitions) and ``nmi`` (0..1).
    """
    if not isinstance(segments, pd.DataFrame) or segments.shape[1] < 2:
        raise DataValidationError(
            "agreement_table: pass a DataFrame with at least two labelings (columns)."
        )
    codes = {col: _codes(segments[col], exclude_unclassified) for col in segments.columns}
    rows = []
    for a, b in itertools.combinations(segments.columns, 2):
        n, ari, nmi = _pair_scores(codes[a], codes[b])
        rows.append({"a": a, "b": b, "n_customers": n, "ari": ari, "nmi": nmi})
    return pd.DataFrame(rows)


def agreement(
    segments: pd.DataFrame, *, metric: str = "ari", exclude_unclassified: bool = True
) -> pd.DataFrame:
    """Square matrix of agreement between labelings (diagonal 1).

    Parameters
    ----------
    segments : DataFrame
        One column per labeling.
    metric : {"ari", "nmi"}, default "ari"
    exclude_unclassified : bool, default True

    Returns
    -------
    DataFrame
        Labelings x labelings, values of ``metric`` (unitless).
    """
    if metric not in ("ari", "nmi"):
        raise ParameterError(f"metric={metric!r} must be 'ari' or 'nmi'.")
    tab = agreement_table(segments, exclude_unclassified=exclude_unclassified)
    cols = list(segments.columns)
    mat = pd.DataFrame(np.eye(len(cols)), index=cols, columns=cols)
    for row in tab.itertuples():
        mat.loc[row.a, row.b] = mat.loc[row.b, row.a] = getattr(row, metric)
    return mat

