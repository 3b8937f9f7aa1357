"""Putting segmentations side by side (细分结果比较): sizes, value shares, agreement, holdout value
capture and migration between periods.

A *labeling* is a Series of segment keys indexed by ``customer_id``; several labelings of the
same customers form a DataFrame with one column per framework (``FrameworkResults.segments``).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import DataValidationError, ParameterError
from .labels import check_lang, label
from .segmentation._base import UNCLASSIFIED, segment_label

__all__ = [
    "NOT_PRESENT",
    "agreement",
    "agreement_table",
    "clustering_conclusion",
    "comparison_conclusion",
    "frameworks_conclusion",
    "holdout_value",
    "known_order",
    "migration_conclusion",
    "segment_table",
    "crosstab",
    "migration_matrix",
    "segment_conclusion",
    "segment_migration",
    "segment_summary",
    "top_segments",
    "value_capture",
]

#: Row/column key of customers present in only one period of a migration matrix.
NOT_PRESENT = "cmp_not_present"


def _as_segments(segments: Any, where: str) -> pd.Series:
    if isinstance(segments, pd.DataFrame):
        if "segment" not in segments.columns:
            raise DataValidationError(
                f"{where}: expected a Series of segment keys or a framework result with a "
                f"'segment' column (have {list(segments.columns)})."
            )
        segments = segments["segment"]
    if not isinstance(segments, pd.Series):
        raise DataValidationError(f"{where}: expected a pandas Series indexed by customer_id.")
    if not segments.index.is_unique:
        raise DataValidationError(
            f"{where}: customer_id {segments.index[segments.index.duplicated()][0]!r} appears "
            "more than once; pass one label per customer."
        )
    return segments.astype(object)


def _aligned_value(value: Any, index: pd.Index, where: str) -> pd.Series:
    if not isinstance(value, pd.Series):
        raise DataValidationError(f"{where}: value must be a Series indexed by customer_id.")
    missing = index.difference(value.index)
    if len(missing):
        raise DataValidationError(
            f"{where}: value has no entry for customer {missing[0]!r} ({len(missing)} "
            "customers); pass a value for every labelled customer (0 if none)."
        )
    return value.reindex(index).astype("float64")


def _order(keys: pd.Index, order: list[str] | None) -> list[Any]:
    present = list(keys)
    if order:
        first = [k for k in order if k in present]
        rest = [k for k in present if k not in first and k != UNCLASSIFIED]
    else:
        first, rest = [], sorted((k for k in present if k != UNCLASSIFIED), key=str)
    tail = [UNCLASSIFIED] if UNCLASSIFIED in present else []
    return first + rest + tail


def known_order(name: Any) -> list[str] | None:
    """Display order of the segments of a labeling named after a framework ("pyramid", "rfm",
    ...), best first; None for other names."""
    from .segmentation import FRAMEWORKS

    if name in FRAMEWORKS:
        return list(FRAMEWORKS[name].segments)
    if name == "rfm":
        from .features import SEGMENTS

        return list(SEGMENTS)
    return None


def segment_summary(
    segments: Any,
    value: pd.Series | None = None,
    *,
    order: list[str] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Size and value share of each segment (细分群体规模与价值占比).

    Parameters
    ----------
    segments : Series or framework result
        Segment key per customer.
    value : Series, optional
        Value per customer (currency) for ``value`` and ``share_value``.
    order : list of str, optional
        Segment keys in display order (default: the framework's order if ``segments`` is a
        framework result, else alphabetical); ``"unclassified"`` last.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Indexed by segment key: ``label``, ``n_customers``, ``share_customers`` (0..1) and, with
        ``value``, ``value`` (currency), ``share_value`` (0..1 of the total) and ``mean_value``.
    """
    check_lang(lang)
    if order is None and isinstance(segments, pd.DataFrame):
        order = segments.attrs.get("segments")
    if order is None and isinstance(segments, pd.Series):
        order = known_order(segments.name)
    seg = _as_segments(segments, "segment_summary")
    counts = seg.value_counts()
    keys = _order(counts.index, order)
    out = pd.DataFrame(index=pd.Index(keys, name="segment"))
    out["label"] = [segment_label(k, lang) for k in keys]
    out["n_customers"] = counts.reindex(keys).astype("int64")
    out["share_customers"] = out["n_customers"] / len(seg)
    if value is not None:
        v = _aligned_value(value, seg.index, "segment_summary")
        sums = v.groupby(seg).sum()
        total = float(v.sum())
        out["value"] = sums.reindex(keys).astype("float64")
        out["share_value"] = out["value"] / total if total != 0 else np.nan
        out["mean_value"] = out["value"] / out["n_customers"]
    return out


def crosstab(
    a: Any, b: Any, *, normalize: bool | str = False, lang: str = "en"
) -> pd.DataFrame:
    """Cross-tabulation of two labelings of the same customers (rows ``a``, columns ``b``).

    Parameters
    ----------
    a, b : Series or framework result
    normalize : bool or {"index", "columns", "all"}, default False
        As :func:`pandas.crosstab`.
    lang : {"en", "zh"}
        Language of the row and column labels.

    Returns
    -------
    DataFrame
        Counts (or shares) with translated row and column labels.
    """
    check_lang(lang)
    sa, sb = _as_segments(a, "crosstab"), _as_segments(b, "crosstab")
    if not sa.index.equals(sb.index) and set(sa.index) != set(sb.index):
        raise DataValidationError(
            "crosstab: the two labelings are of different customers; label the same customers."
        )
    sb = sb.reindex(sa.index)
    tab = pd.crosstab(sa.rename("a"), sb.rename("b"), normalize=normalize)
    tab = tab.reindex(index=_order(tab.index, known_order(sa.name)),
                      columns=_order(tab.columns, known_order(sb.name)))
    tab.index = [segment_label(k, lang) for k in tab.index]
    tab.columns = [segment_label(k, lang) for k in tab.columns]
    return tab


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


def top_segments(
    segments: pd.DataFrame, value: pd.Series, *, min_share: float = 0.01
) -> dict[str, Any]:
    """The top segment of each labeling: the one with the highest mean ``value``.

    Parameters
    ----------
    segments : DataFrame
        One column per labeling.
    value : Series
        Value per customer in the period the labels describe (not the holdout).
    min_share : float, default 0.01
        Segments smaller than this share of customers are not considered.

    Returns
    -------
    dict
        Labeling -> segment key.
    """
    v = _aligned_value(value, segments.index, "top_segments")
    out = {}
    for col in segments.columns:
        s = segments[col]
        ok = s != UNCLASSIFIED
        means = v[ok].groupby(s[ok]).mean()
        sizes = s[ok].value_counts() / len(s)
        means = means[sizes.reindex(means.index) >= min_share]
        if len(means):
            out[col] = means.idxmax()
    return out


def value_capture(
    segments: pd.DataFrame,
    holdout_value: pd.Series,
    *,
    top: dict[str, Any] | None = None,
    value: pd.Series | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """How much holdout value each labeling's top segment captures (lift).

    Parameters
    ----------
    segments : DataFrame
        One column of segment keys per labeling, from the calibration period.
    holdout_value : Series
        Actual value per customer in the holdout window (currency; 0 for no purchase).
    top : dict, optional
        Labeling -> top segment key. None: :func:`top_segments` with ``value``.
    value : Series, optional
        Calibration value per customer, to choose the top segments when ``top`` is None.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        One row per labeling, sorted by lift: ``top_segment`` (key), ``label``,
        ``n_customers``, ``share_customers`` (0..1), ``holdout_value`` (currency),
        ``share_holdout_value`` (0..1) and ``lift`` (value share / customer share; 1 = no
        better than a random group of the same size).
    """
    check_lang(lang)
    h = _aligned_value(holdout_value, segments.index, "value_capture")
    if top is None:
        if value is None:
            raise ParameterError("value_capture needs top={...} or a calibration value Series.")
        top = top_segments(segments, value)
    total, n = float(h.sum()), len(h)
    rows = []
    for col, key in top.items():
        if col not in segments.columns:
            raise ParameterError(f"top names labeling {col!r}, which is not a column.")
        mask = segments[col] == key
        share_c = float(mask.sum()) / n
        share_v = float(h[mask].sum()) / total if total else float("nan")
        rows.append({
            "framework": col,
            "top_segment": key,
            "label": segment_label(key, lang),
            "n_customers": int(mask.sum()),
            "share_customers": share_c,
            "holdout_value": float(h[mask].sum()),
            "share_holdout_value": share_v,
            "lift": share_v / share_c if share_c else float("nan"),
        })
    out = pd.DataFrame(rows).set_index("framework")
    return out.sort_values("lift", ascending=False)


def migration_matrix(
    before: Any, after: Any, *, normalize: bool = False, lang: str | None = None
) -> pd.DataFrame:
    """Customers moving between segments from one cut-off date to the next (客户群体迁移).

    Parameters
    ----------
    before, after : Series or framework result
        Segment keys at the earlier and the later cut-off. Customers present in only one of
        them are counted in the ``"cmp_not_present"`` row or column.
    normalize : bool, default False
        True: each row divided by its total (share of the earlier segment moving to each later
        segment).
    lang : {"en", "zh"}, optional
        Translate row and column keys (None: keep keys).

    Returns
    -------
    DataFrame
        Rows: earlier segment, columns: later segment; counts (or row shares).
    """
    b = _as_segments(before, "migration_matrix")
    a = _as_segments(after, "migration_matrix")
    idx = b.index.union(a.index, sort=False)
    b2 = b.reindex(idx).fillna(NOT_PRESENT)
    a2 = a.reindex(idx).fillna(NOT_PRESENT)
    tab = pd.crosstab(b2.rename("before"), a2.rename("after"))
    order_b = [*_order(tab.index.drop(NOT_PRESENT, errors="ignore"), getattr(before, "attrs",
                                                                                {}).get("segments"))]
    order_a = [*_order(tab.columns.drop(NOT_PRESENT, errors="ignore"), getattr(after, "attrs",
                                                                                 {}).get("segments"))]
    if NOT_PRESENT in tab.index:
        order_b.append(NOT_PRESENT)
    if NOT_PRESENT in tab.columns:
        order_a.append(NOT_PRESENT)
    tab = tab.reindex(index=order_b, columns=order_a, fill_value=0)
    if normalize:
        tab = tab.div(tab.sum(axis=1).replace(0, np.nan), axis=0)
    if lang is not None:
        check_lang(lang)
        tab.index = [segment_label(k, lang) for k in tab.index]
        tab.columns = [segment_label(k, lang) for k in tab.columns]
    return tab


def segment_migration(
    estimator: Any,
    X_before: pd.DataFrame,
    X_after: pd.DataFrame,
    *,
    normalize: bool = False,
    lang: str | None = None,
) -> pd.DataFrame:
    """Fit a framework at the earlier cut-off and label the later period with the same
    ``thresholds_``; return the migration matrix.

    Parameters
    ----------
    estimator : framework estimator
        Unfitted or fitted; it is (re)fitted on ``X_before``.
    X_before, X_after : DataFrame
        Framework inputs at the two cut-off dates.
    normalize, lang
        As :func:`migration_matrix`.
    """
    before = estimator.fit_predict(X_before)
    after = estimator.predict(X_after)
    return migration_matrix(before, after, normalize=normalize, lang=lang)


def _pct(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{100 * x:.0f}%"


def segment_conclusion(
    summary: pd.DataFrame, *, framework: str, min_share: float = 0.02, lang: str = "en"
) -> str:
    """One plain-language sentence on the top segment of a :func:`segment_summary`.

    Parameters
    ----------
    summary : DataFrame
        Output of :func:`segment_summary` with ``value``.
    framework : str
        Framework key (``"pyramid"``, ``"rfm"`` ...), for its name.
    min_share : float, default 0.02
        Segments smaller than this share of customers are not singled out.
    lang : {"en", "zh"}
    """
    check_lang(lang)
    s = summary.drop(index=UNCLASSIFIED, errors="ignore")
    big = s[s["share_customers"] >= min_share]
    s = big if len(big) else s
    if "share_value" not in s.columns or s.empty:
        raise ParameterError("segment_conclusion needs a segment_summary computed with value.")
    ratio = (s["share_value"] / s["share_customers"]).replace([np.inf, -np.inf], np.nan)
    top = ratio.idxmax()
    row = s.loc[top]
    name = label("fw_" + framework, lang)
    unc = summary.loc[UNCLASSIFIED, "share_customers"] if UNCLASSIFIED in summary.index else 0.0
    if lang == "zh":
        text = (f"{name}: “{row['label']}”占客户的{_pct(row['share_customers'])},"
                f"贡献了{_pct(row['share_value'])}的价值 (是其客户占比的{ratio[top]:.1f}倍)。")
        if unc:
            text += f" {_pct(unc)}的客户无法分类。"
        return text
    text = (f"{name}: '{row['label']}' are {_pct(row['share_customers'])} of customers and "
            f"bring {_pct(row['share_value'])} of value ({ratio[top]:.1f} times their share).")
    if unc:
        text += f" {_pct(unc)} of customers could not be classified."
    return text


def comparison_conclusion(
    capture: pd.DataFrame, agreement_matrix: pd.DataFrame | None = None, *, lang: str = "en"
) -> str:
    """Plain-language conclusion of a comparison, for a manager and a student.

    Parameters
    ----------
    capture : DataFrame
        Output of :func:`value_capture`.
    agreement_matrix : DataFrame, optional
        Output of :func:`agreement` (ARI).
    lang : {"en", "zh"}
    """
    check_lang(lang)
    if capture.empty:
        raise ParameterError("comparison_conclusion needs at least one labeling in capture.")
    best = capture["lift"].idxmax()
    b = capture.loc[best]
    name = label("fw_" + str(best), lang) if ("fw_" + str(best)) in _known() else str(best)
    pair_text = ""
    if agreement_matrix is not None and agreement_matrix.shape[0] > 1:
        m = agreement_matrix.where(~np.eye(len(agreement_matrix), dtype=bool))
        stacked = m.stack()
        if len(stacked):
            hi, lo = stacked.idxmax(), stacked.idxmin()

            def nm(k: str) -> str:
                return label("fw_" + k, lang) if ("fw_" + k) in _known() else k

            if lang == "zh":
                pair_text = (f"最一致的是{nm(hi[0])}与{nm(hi[1])} (ARI={stacked[hi]:.2f}),"
                             f"最不一致的是{nm(lo[0])}与{nm(lo[1])} (ARI={stacked[lo]:.2f})。"
                             "ARI 接近 0 表示两种细分几乎互不相关:它们回答的是不同的问题。")
            else:
                pair_text = (f"The most similar segmentations are {nm(hi[0])} and {nm(hi[1])} "
                             f"(ARI {stacked[hi]:.2f}); the least similar are {nm(lo[0])} and "
                             f"{nm(lo[1])} (ARI {stacked[lo]:.2f}). An ARI near 0 means two "
                             "segmentations are unrelated: they answer different questions.")
    several = len(capture) > 1

    def names(keys: Any) -> str:
        return ", ".join(
            label("fw_" + str(k), lang) if ("fw_" + str(k)) in _known() else str(k) for k in keys
        )

    strong = capture.index[capture["lift"] >= 2]
    weak = capture.index[capture["lift"] < 1.5]
    if several and lang == "zh":
        pair_text += (f" 对管理者而言:最高群体提升度不低于2倍的细分 ({names(strong) or '无'}) 适合用来分配"
                      f"维系预算;提升度低于1.5倍的 ({names(weak) or '无'}) 不宜用来预测价值,"
                      "它们回答的是别的问题 (该联系谁、该挽回谁)。")
    elif several:
        pair_text += (f" For a manager: segmentations whose top segment has a lift of 2 or more "
                      f"({names(strong) or 'none'}) are the ones to allocate a retention budget "
                      f"with; those below 1.5 ({names(weak) or 'none'}) do not predict value and "
                      "answer other questions (whom to contact, whom to win back).")
    if lang == "zh":
        best_txt = ",是所有细分方法中最高的" if several else ""
        return (f"在预测期 (holdout) 中,{name}的最高价值群体“{b['label']}”占客户的"
                f"{_pct(b['share_customers'])},带来了{_pct(b['share_holdout_value'])}的实际价值,"
                f"提升度为{b['lift']:.1f}倍{best_txt}。{pair_text}")
    best_txt = ", the highest of all segmentations compared" if several else ""
    return (f"In the holdout period, the top segment of {name} ('{b['label']}') holds "
            f"{_pct(b['share_customers'])} of customers and brought "
            f"{_pct(b['share_holdout_value'])} of the actual value: a lift of {b['lift']:.1f}"
            f"{best_txt}. {pair_text}").strip()


def _known() -> dict[str, Any]:
    from .labels import TABLE

    return TABLE


def holdout_value(
    transactions: pd.DataFrame,
    *,
    start: Any,
    end: Any = None,
    index: pd.Index | None = None,
    profit: bool = False,
) -> pd.Series:
    """Actual value per customer in the holdout window ``(start, end]`` (预测期实际价值).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.
    start : date-like
        Calibration end; the window starts the day after.
    end : date-like, optional
        Window end (default: the last transaction).
    index : Index, optional
        Customers to report, in this order (0 for those without a holdout purchase).
    profit : bool, default False
        Sum ``amount - cost`` (needs ``cost``) instead of ``amount``.

    Returns
    -------
    Series
        Currency per customer.
    """
    dates = pd.to_datetime(transactions["date"])
    mask = dates > pd.Timestamp(start)
    if end is not None:
        mask &= dates <= pd.Timestamp(end)
    tx = transactions[mask]
    if profit:
        if "cost" not in tx.columns:
            raise DataValidationError(
                "holdout_value: profit=True needs a 'cost' column; pass profit=False."
            )
        amount = tx["amount"] - tx["cost"]
    else:
        amount = tx["amount"]
    out = amount.groupby(tx["customer_id"]).sum().astype("float64")
    if index is not None:
        out = out.reindex(index, fill_value=0.0)
    out.index.name = "customer_id"
    return out.rename("holdout_value")


def frameworks_conclusion(results: Any, value: pd.Series, *, lang: str = "en") -> str:
    """Plain-language conclusion of :func:`clvmodels.segmentation.run_frameworks`: the top
    segment of each framework that ran, and the frameworks skipped with their reason.

    Parameters
    ----------
    results : FrameworkResults
    value : Series
        Value per customer (see :func:`clvmodels.segmentation.customer_value`).
    lang : {"en", "zh"}

    Returns
    -------
    str
        Markdown bullet list.
    """
    check_lang(lang)
    lines = []
    for key, res in results.results.items():
        summ = segment_summary(res, value, lang=lang)
        lines.append("- " + segment_conclusion(summ, framework=key, lang=lang))
    for key, why in results.skipped.items():
        head = "未运行" if lang == "zh" else "not run"
        lines.append(f"- {label('fw_' + key, lang)}: {head} — {why}")
    basis = value.attrs.get("value_basis", "")
    if basis == "revenue":
        lines.append("- " + ("成本未知:以上“价值”均为销售收入而非利润。" if lang == "zh" else
                             "Cost is unknown: 'value' above is revenue, not profit."))
    return "\n".join(lines)


def clustering_conclusion(profile: pd.DataFrame, *, method: str, k: int, lang: str = "en") -> str:
    """Plain-language description of a clustering from :func:`cluster_profile`.

    Parameters
    ----------
    profile : DataFrame
        :func:`clvmodels.segmentation.cluster_profile` output.
    method : {"kmeans", "gmm"}
    k : int
        Number of clusters chosen.
    lang : {"en", "zh"}
    """
    check_lang(lang)
    p = profile.drop(index=UNCLASSIFIED, errors="ignore")
    ratio = p["share_value"] / p["share_customers"]
    best, big = ratio.idxmax(), p["n_customers"].idxmax()
    crit = "cluster_silhouette" if method == "kmeans" else "cluster_bic"
    name = label("cluster_" + method, lang)
    if lang == "zh":
        return (f"{name}按{label(crit, lang)}选出 k={k} 个群体。最有价值的群体“{p.loc[best, 'label']}”"
                f"占客户的{_pct(p.loc[best, 'share_customers'])},贡献"
                f"{_pct(p.loc[best, 'share_value'])}的价值;最大的群体是“{p.loc[big, 'label']}”"
                f"({_pct(p.loc[big, 'share_customers'])}的客户)。")
    return (f"{name} chose k={k} clusters by {label(crit, lang)}. The most valuable cluster, "
            f"'{p.loc[best, 'label']}', holds {_pct(p.loc[best, 'share_customers'])} of customers "
            f"and {_pct(p.loc[best, 'share_value'])} of value; the largest is "
            f"'{p.loc[big, 'label']}' ({_pct(p.loc[big, 'share_customers'])} of customers).")


def segment_table(
    segments: pd.DataFrame, value: pd.Series | None = None, *, lang: str = "en"
) -> pd.DataFrame:
    """Sizes and value shares of every segment of every labeling, in one long table.

    Parameters
    ----------
    segments : DataFrame
        One column of segment keys per labeling.
    value : Series, optional
        Value per customer (currency).
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Indexed by (framework, segment): the columns of :func:`segment_summary`.
    """
    parts = {col: segment_summary(segments[col], value, lang=lang) for col in segments.columns}
    out = pd.concat(parts, names=["framework", "segment"])
    return out


def migration_conclusion(matrix: pd.DataFrame, *, framework: str, lang: str = "en") -> str:
    """One sentence on a migration matrix (counts, keys): how many customers kept their segment
    and the largest move.

    Parameters
    ----------
    matrix : DataFrame
        :func:`migration_matrix` with counts and untranslated keys.
    framework : str
        Framework key, for its name.
    lang : {"en", "zh"}
    """
    check_lang(lang)
    m = matrix.drop(index=NOT_PRESENT, columns=NOT_PRESENT, errors="ignore")
    total = float(m.to_numpy().sum())
    if total == 0:
        raise ParameterError("migration_conclusion: no customer is present in both periods.")
    common = [k for k in m.index if k in m.columns]
    stay = float(sum(m.loc[k, k] for k in common)) / total
    off = m.copy().astype(float)
    for k in common:
        off.loc[k, k] = np.nan
    frm, to = off.stack().idxmax()
    n_move = int(off.loc[frm, to])
    name = label("fw_" + framework, lang)
    new = int(matrix.loc[NOT_PRESENT].sum()) if NOT_PRESENT in matrix.index else 0
    if lang == "zh":
        return (f"{name}: 两期都在的客户中有{_pct(stay)}留在原群体;最大的迁移是从“"
                f"{segment_label(frm, lang)}”到“{segment_label(to, lang)}”({n_move}位客户)。"
                f"另有{new}位新客户。")
    return (f"{name}: {_pct(stay)} of the customers present in both periods kept their segment; "
            f"the largest move is from '{segment_label(frm, lang)}' to "
            f"'{segment_label(to, lang)}' ({n_move} customers). {new} customers are new.")
