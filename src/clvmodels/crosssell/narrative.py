"""Cross-selling in words (交叉销售的文字): the conclusion, the skipped note, display tables.

Every sentence is a template of the bilingual label table (``clvmodels/labels/crosssell.py``)
filled with numbers computed by :mod:`~clvmodels.crosssell.affinity` and
:mod:`~clvmodels.crosssell.suggest`; nothing here computes a result.
"""

from __future__ import annotations

import pandas as pd

from ..labels import check_lang, format_table, label, say

__all__ = ["crosssell_conclusion", "crosssell_skipped", "format_affinity", "format_suggestions"]


def crosssell_skipped(*, lang: str = "en") -> str:
    """The one line a page shows instead of the cross-selling section when the transactions
    have no ``category`` column (which table and column would enable it).

    Parameters
    ----------
    lang : {"en", "zh"}, keyword-only

    Returns
    -------
    str
    """
    check_lang(lang)
    return label("crosssell_skipped", lang)


def _value_name(suggestions: pd.DataFrame, lang: str) -> str:
    name = str(suggestions.attrs.get("value", "spend"))
    return label("crosssell_value_spend", lang) if name == "spend" else name


def crosssell_conclusion(
    per_customer: pd.DataFrame,
    affinity: pd.DataFrame,
    suggestions: pd.DataFrame | None = None,
    *,
    lang: str = "en",
) -> str:
    """A short conclusion (结论) of a cross-selling run, in Markdown.

    Parameters
    ----------
    per_customer : DataFrame
        Output of :func:`clvmodels.crosssell.categories_per_customer`.
    affinity : DataFrame
        Output of :func:`clvmodels.crosssell.category_affinity`.
    suggestions : DataFrame, optional
        Output of :func:`clvmodels.crosssell.next_category`.
    lang : {"en", "zh"}, keyword-only

    Returns
    -------
    str
        How many categories customers buy, the number of pairs above the minimum support, the
        strongest affinity (lift, confidence, share who bought B after A, support) and, with
        ``suggestions``, how many customers get a suggestion, the most frequent one and the
        value of those customers.
    """
    check_lang(lang)
    buyers = per_customer[per_customer["n_categories"] > 0]
    lines = [
        say("crosssell_conclusion_breadth", lang, n=len(buyers),
             k=len(per_customer.attrs.get("categories", [])),
             mean=float(buyers["n_categories"].mean()) if len(buyers) else 0.0,
             single=100.0 * float((buyers["n_categories"] == 1).mean()) if len(buyers) else 0.0)
    ]
    min_support = 100.0 * float(affinity.attrs.get("min_support", 0.0))
    if len(affinity) == 0:
        lines.append(say("crosssell_conclusion_no_pairs", lang, min_support=min_support))
    else:
        lines.append(say("crosssell_conclusion_pairs", lang, n=len(affinity),
                          min_support=min_support, n_lift=int((affinity["lift"] > 1).sum())))
        best = affinity.sort_values(["lift", "confidence"], ascending=False,
                                    kind="stable").iloc[0]
        lines.append(say("crosssell_conclusion_best", lang, a=best["antecedent"],
                          b=best["consequent"], lift=best["lift"],
                          conf=100.0 * best["confidence"],
                          later=100.0 * best["confidence_later"],
                          support=100.0 * best["support"]))
    if suggestions is not None:
        value = _value_name(suggestions, lang)
        made = suggestions[suggestions["status"] == "suggested"]
        if len(made) == 0:
            lines.append(say("crosssell_conclusion_no_suggestions", lang, n=len(suggestions),
                              value=value))
        else:
            counts = made["next_category"].value_counts(sort=True)
            category = counts.index[0]
            rule = made.loc[made["next_category"] == category, "rule"].value_counts().index[0]
            lines.append(say("crosssell_conclusion_suggestions", lang, n=len(suggestions),
                              value=value, n_suggested=len(made), category=category,
                              n_category=int(counts.iloc[0]), rule=rule))
        currency = str(suggestions.attrs.get("value_currency", ""))
        if currency:
            lines.append(say("crosssell_conclusion_value", lang, value=value,
                              total=float(suggestions["value"].sum()), currency=currency))
    return "\n".join(lines)


#: Columns that are shares (0..1), shown as percentages.
_SHARES = ("support", "confidence", "confidence_later")
_AFFINITY_COLUMNS = ("antecedent", "consequent", "n_antecedent", "n_consequent", "n_both",
                     "n_later", "support", "confidence", "lift", "confidence_later")


def format_affinity(
    affinity: pd.DataFrame, *, lang: str = "en", top: int | None = None, digits: int = 2
) -> pd.DataFrame:
    """The affinity table with column names in ``lang``, for display.

    Parameters
    ----------
    affinity : DataFrame
        Output of :func:`clvmodels.crosssell.category_affinity`.
    lang : {"en", "zh"}
    top : int, optional
        Show only the first ``top`` rows (the table is sorted by lift).
    digits : int
        Decimals of the lift (shares are percentages with one decimal).

    Returns
    -------
    DataFrame
        Same rows in the same order (the first ``top``), labelled columns; shares as
        percentages, counts with thousands separators, every cell a string.
    """
    check_lang(lang)
    out = affinity.loc[:, [c for c in _AFFINITY_COLUMNS if c in affinity.columns]]
    if top is not None:
        out = out.head(top)
    cols = list(out.columns)
    return format_table(
        out, lang, percent=[c for c in _SHARES if c in cols],
        integer=[c for c in cols if c.startswith("n_")], digits=digits,
        names={c: label(f"crosssell_col_{c}", lang) for c in cols})


def format_suggestions(
    suggestions: pd.DataFrame, *, lang: str = "en", digits: int = 2
) -> pd.DataFrame:
    """The next-category table with column names and statuses in ``lang``, value with its unit.

    Parameters
    ----------
    suggestions : DataFrame
        Output of :func:`clvmodels.crosssell.next_category`.
    lang : {"en", "zh"}
    digits : int
        Decimals of the lift and the value (shares are percentages with one decimal).

    Returns
    -------
    DataFrame
        Same rows in the same order, labelled columns; shares as percentages, the value with
        thousands separators (its currency in the column name), every cell a string.
    """
    check_lang(lang)
    out = suggestions.copy()
    out["status"] = out["status"].cat.rename_categories(
        {s: label(f"crosssell_status_{s}", lang) for s in out["status"].cat.categories})
    currency = str(suggestions.attrs.get("value_currency", ""))
    value = _value_name(suggestions, lang)
    names = {c: label(f"crosssell_col_{c}", lang) for c in out.columns if c != "value"}
    names["value"] = f"{value} ({currency})" if currency else value
    if out.index.name is not None:
        names[out.index.name] = label(str(out.index.name), lang)
    cols = list(out.columns)
    return format_table(
        out, lang, percent=[c for c in _SHARES if c in cols],
        integer=[c for c in cols if c.startswith("n_")], money=["value"], digits=digits,
        names=names)
