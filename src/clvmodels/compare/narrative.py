"""Plain-language conclusions of a comparison (比较结论), for a manager and a student.

Each function picks the figures worth saying from a table of :mod:`clvmodels.compare` or
:mod:`clvmodels.segmentation` and writes them into a sentence of the bilingual label table
(:mod:`clvmodels.labels`, keys ``cmp_txt_*``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..labels import check_lang, label, say
from ..segmentation import UNCLASSIFIED, framework_name, segment_label, segment_summary
from .migration import NOT_PRESENT

__all__ = [
    "clustering_conclusion",
    "comparison_conclusion",
    "frameworks_conclusion",
    "migration_conclusion",
    "segment_conclusion",
]


def _pct(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{100 * x:.0f}%"


def _names(keys: Iterable[Any], lang: str) -> str:
    """Framework names of ``keys``, comma separated ("none" when there is none)."""
    return ", ".join(framework_name(k, lang) for k in keys) or label("cmp_txt_none", lang)


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

    Returns
    -------
    str
        The segment bringing the most value for its size: its share of customers and of value,
        and the share of customers that could not be classified.
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
    unc = summary.loc[UNCLASSIFIED, "share_customers"] if UNCLASSIFIED in summary.index else 0.0
    text = say("cmp_txt_segment", lang, name=label("fw_" + framework, lang), label=row["label"],
                share_customers=_pct(row["share_customers"]),
                share_value=_pct(row["share_value"]), ratio=ratio[top])
    if unc:
        text += " " + say("cmp_txt_unclassified", lang, share=_pct(unc))
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

    Returns
    -------
    str
        The labeling whose top segment captured the most holdout value for its size, the most
        and least similar pair of labelings, and which labelings to allocate a budget with.
    """
    check_lang(lang)
    if capture.empty:
        raise ParameterError("comparison_conclusion needs at least one labeling in capture.")
    best = capture["lift"].idxmax()
    b = capture.loc[best]
    more = ""
    if agreement_matrix is not None and agreement_matrix.shape[0] > 1:
        m = agreement_matrix.where(~np.eye(len(agreement_matrix), dtype=bool))
        stacked = m.stack()
        if len(stacked):
            hi, lo = stacked.idxmax(), stacked.idxmin()
            more = say("cmp_txt_agreement", lang,
                        hi_a=framework_name(hi[0], lang), hi_b=framework_name(hi[1], lang),
                        hi=stacked[hi],
                        lo_a=framework_name(lo[0], lang), lo_b=framework_name(lo[1], lang),
                        lo=stacked[lo])
    several = len(capture) > 1
    if several:
        strong = capture.index[capture["lift"] >= 2]
        weak = capture.index[capture["lift"] < 1.5]
        more += " " + say("cmp_txt_manager", lang, strong=_names(strong, lang),
                           weak=_names(weak, lang))
    best_of_all = label("cmp_txt_best_of_all", lang) if several else ""
    return say("cmp_txt_capture", lang, name=framework_name(best, lang), label=b["label"],
                share_customers=_pct(b["share_customers"]),
                share_value=_pct(b["share_holdout_value"]), lift=b["lift"], best=best_of_all,
                more=more).strip()


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
    skipped = say("seg_note_skipped_error", lang, error="")  # "Skipped: ", said once here
    for key, why in results.skipped.items():
        why = why[len(skipped):] if why.startswith(skipped) else why
        lines.append("- " + say("cmp_txt_not_run", lang, name=label("fw_" + key, lang), why=why))
    if value.attrs.get("value_basis", "") == "revenue":
        lines.append("- " + label("cmp_txt_revenue_basis", lang))
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

    Returns
    -------
    str
        How k was chosen, the most valuable cluster for its size and the largest cluster.
    """
    check_lang(lang)
    p = profile.drop(index=UNCLASSIFIED, errors="ignore")
    ratio = p["share_value"] / p["share_customers"]
    best, big = ratio.idxmax(), p["n_customers"].idxmax()
    crit = "cluster_silhouette" if method == "kmeans" else "cluster_bic"
    return say("cmp_txt_clustering", lang, name=label("cluster_" + method, lang), k=k,
                criterion=label(crit, lang), best=p.loc[best, "label"],
                best_customers=_pct(p.loc[best, "share_customers"]),
                best_value=_pct(p.loc[best, "share_value"]), big=p.loc[big, "label"],
                big_customers=_pct(p.loc[big, "share_customers"]))


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

    Returns
    -------
    str
        Share of the customers present in both periods who kept their segment, the largest move
        between two segments and the number of new customers.
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
    source, target = off.stack().idxmax()
    new = int(matrix.loc[NOT_PRESENT].sum()) if NOT_PRESENT in matrix.index else 0
    return say("cmp_txt_migration", lang, name=label("fw_" + framework, lang), stay=_pct(stay),
                source=segment_label(source, lang), target=segment_label(target, lang),
                n_move=int(off.loc[source, target]), new=new)
