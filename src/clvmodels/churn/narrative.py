"""Churn warning in words (流失预警的文字): reasons, conclusion, time line and display tables.

Every sentence is a template of the bilingual label table (``clvmodels/labels/churn.py``) filled
with numbers computed elsewhere; nothing here computes a result.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..labels import check_lang, format_table, label, say
from .supervised import SupervisedChurnModel
from .warning import ChurnWarningResult

__all__ = [
    "churn_conclusion", "format_evaluation", "format_features", "format_models", "format_overdue",
    "format_winback", "timeline_text",
]

#: How each metric of :func:`evaluate_churn_scores` is shown (percent, count or a number).
_PERCENT_METRICS = ("base_rate", "precision_at_top", "flagged_share", "flag_precision",
                    "flag_recall")
#: Features of :func:`churn_features` measured in the data's currency.
_MONEY_FEATURES = ("total_spend", "mean_order_value", "spend_recent", "spend_previous")


def _reason(row: Any, settings: dict[str, Any], lang: str) -> str:
    """Why one customer is on the win-back list; ``row`` maps column names to values (a Series
    or a dict)."""
    parts = []
    if row.get("flag_p_alive", False):
        parts.append(say("churn_reason_p_alive", lang, p_alive=row["p_alive"],
                          threshold=settings["threshold"]))
    if row.get("flag_regular_overdue", False):
        parts.append(say("churn_reason_regular_overdue", lang, p=row["p_overdue"]))
    if row.get("flag_overdue", False):
        key = ("churn_reason_overdue_population" if row["cycle_source"] == "population"
               else "churn_reason_overdue_own")
        parts.append(say(key, lang, days=row["days_since_last_purchase"],
                          ratio=row["overdue_ratio"], cycle=row["cycle_days"]))
    for est in ("gradient_boosting", "logistic"):
        if row.get(f"flag_{est}", False):
            parts.append(say("churn_reason_supervised", lang,
                              signal=label(f"churn_signal_{est}", lang),
                              p=row[f"p_no_purchase_{est}"]))
            break
    return "; ".join(parts)


def _reasons(signals: pd.DataFrame, settings: dict[str, Any], lang: str) -> list[str]:
    """:func:`_reason` for every row of ``signals``, reading plain column values (no per-row
    pandas indexing: a million rows take seconds, not minutes)."""
    columns = list(signals.columns)
    values = [signals[c].tolist() for c in columns]
    return [_reason(dict(zip(columns, row, strict=True)), settings, lang) for row in zip(*values, strict=True)]


def churn_conclusion(result: ChurnWarningResult, *, lang: str = "en", winback: pd.DataFrame | None = None) -> str:
    """A short conclusion (结论) computed from a churn warning run, in Markdown.

    Parameters
    ----------
    result : ChurnWarningResult
        Output of :func:`clvmodels.churn.churn_warning`.
    lang : {"en", "zh"}, keyword-only
        Language of the text.
    winback : DataFrame, optional, keyword-only
        Output of :func:`clvmodels.churn.winback_list`; adds its size and value.

    Returns
    -------
    str
        Which signal ranks churners best on the later window (AUC, lift at top k%), how each
        compares on the truth when known, and the size and value of the win-back list.
    """
    check_lang(lang)
    ev = result.evaluation
    nxt = ev.xs("next_window", level="target")
    pct = 100 * result.settings["top_pct"]
    w = int(result.settings["window_days"])
    if nxt["roc_auc"].isna().all():
        share = 100 * float(nxt["base_rate"].iloc[0]) if len(nxt) else math.nan
        return say("churn_conclusion_one_outcome", lang, share=share, days=w)
    best = nxt["roc_auc"].idxmax()
    best_lift = nxt["lift_at_top"].idxmax()
    name = {s: label(f"churn_signal_{s}", lang) for s in nxt.index}
    lines = [
        say("churn_conclusion_base_rate", lang, n=len(result.signals), date=result.t1.date(),
             share=100 * nxt["base_rate"].iloc[0], days=w),
        say("churn_conclusion_best", lang, best=name[best], auc=nxt.loc[best, "roc_auc"],
             pct=pct, best_lift=name[best_lift], lift=nxt.loc[best_lift, "lift_at_top"]),
    ]
    for s in nxt.index:
        r = nxt.loc[s]
        lines.append(say("churn_conclusion_signal", lang, signal=name[s], auc=r["roc_auc"],
                          ap=r["average_precision"], flagged=100 * r["flagged_share"],
                          precision=100 * r["flag_precision"]))
    if "truth_dropout" in ev.index.get_level_values("target"):
        tr = ev.xs("truth_dropout", level="target")
        bt = tr["roc_auc"].idxmax()
        lines.append(say("churn_conclusion_truth", lang, share=100 * tr["base_rate"].iloc[0],
                          date=result.t1.date(), best=name[bt], auc=tr.loc[bt, "roc_auc"]))
    if winback is not None:
        cur = winback.attrs.get("currency", result.settings.get("currency", ""))
        h = int(winback.attrs.get("horizon_days", w))
        total = float(winback["value_if_won_back"].sum())
        lines.append(say("churn_conclusion_winback", lang, n=len(winback), total=total,
                          currency=cur, days=h))
    return "\n".join(lines)


def timeline_text(result: ChurnWarningResult, *, lang: str = "en") -> str:
    """The time line of a churn warning run (训练/评分/评估窗口), in Markdown, from its dates.

    Parameters
    ----------
    result : ChurnWarningResult
        Output of :func:`clvmodels.churn.churn_warning`.
    lang : {"en", "zh"}, keyword-only
        Language of the text.

    Returns
    -------
    str
        Three bullet points: training, scoring and evaluation windows with their dates and sizes.
    """
    check_lang(lang)
    st = result.settings
    t0, t1, t2 = (t.date() for t in (result.t0, result.t1, result.t2))
    w = int(st["window_days"])
    model = st.get("transaction_model", "")
    return "\n".join([
        say("churn_timeline_training", lang, t0=t0, t1=t1, n_train=st["n_train"]),
        say("churn_timeline_scoring", lang, t1=t1, n_scored=st["n_scored"], model=model),
        say("churn_timeline_evaluation", lang, t1=t1, t2=t2, days=w),
    ])


def format_evaluation(evaluation: pd.DataFrame, *, lang: str = "en", digits: int = 3) -> pd.DataFrame:
    """The evaluation table with signal, target and metric names in ``lang``, for display.

    Parameters
    ----------
    evaluation : DataFrame
        ``ChurnWarningResult.evaluation`` (index ``(target, signal)``) or a one-target table
        (index ``signal``, e.g. :func:`evaluate_churn_scores`).
    lang : {"en", "zh"}
    digits : int
        Decimals of AUC, average precision and Brier score (lift: 2; shares as percentages
        with one decimal; the number of customers with thousands separators).

    Returns
    -------
    DataFrame
        Same rows and columns, labelled; every cell a string ("–" where a metric does not
        apply).
    """
    check_lang(lang)
    out = pd.DataFrame(index=evaluation.index)
    for col in evaluation.columns:
        values = evaluation[col]
        if col == "n":
            text = [f"{int(v):,}" for v in values]
        elif col in _PERCENT_METRICS:
            text = ["–" if pd.isna(v) else f"{float(v):.1%}" for v in values]
        else:
            d = 2 if col == "lift_at_top" else digits
            text = ["–" if pd.isna(v) else f"{float(v):.{d}f}" for v in values]
        out[col] = text
    out.columns = [label(f"churn_metric_{c}", lang) for c in out.columns]
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples(
            [(label(f"churn_target_{t}", lang), label(f"churn_signal_{s}", lang)) for t, s in out.index],
            names=["", ""],
        )
    else:
        out.index = [label(f"churn_signal_{s}", lang) for s in out.index]
    return out


def format_features(features: pd.DataFrame, *, lang: str = "en", digits: int = 2) -> pd.DataFrame:
    """Summary statistics (``describe()``) of the churn features, labelled in ``lang``.

    Parameters
    ----------
    features : DataFrame
        :func:`clvmodels.churn.churn_features` (the customer attributes ``attr_*`` are left
        out: they are categories, see the customer table).
    lang : {"en", "zh"}
    digits : int
        Decimals of the statistics.

    Returns
    -------
    DataFrame
        One row per feature (its label, money features with the currency), columns count,
        mean, standard deviation, minimum, quartiles and maximum; every cell a string.
    """
    check_lang(lang)
    cur = features.attrs.get("currency", "")
    numeric = [c for c in features.columns
               if not c.startswith("attr_") and pd.api.types.is_numeric_dtype(features[c])]
    desc = features[numeric].describe().T
    names = {c: label(f"churn_feat_{c}", lang) + (f" ({cur})" if c in _MONEY_FEATURES and cur else "")
             for c in numeric}
    return format_table(desc, lang, integer=["count"], digits=digits, names=names)


def format_overdue(overdue: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """The overdue signal by the purchase cycle it used (own or population), labelled.

    Parameters
    ----------
    overdue : DataFrame
        :func:`clvmodels.churn.overdue_signal`.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Rows: customers judged on their own cycle, on the population's (one-time buyers), and
        all; columns: customers, flagged, share flagged, median purchase cycle (days), median
        overdue ratio. Every cell a string.
    """
    check_lang(lang)
    groups = [(label(f"churn_cycle_{s}", lang), overdue.loc[overdue["cycle_source"] == s])
              for s in ("own", "population")]
    groups.append((label("churn_cycle_all", lang), overdue))
    rows = {
        name: {
            "customers": len(g), "flagged": int(g["flag"].sum()),
            "share": g["flag"].mean() if len(g) else float("nan"),
            "cycle": g["cycle_days"].median(), "ratio": g["overdue_ratio"].median(),
        }
        for name, g in groups
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = label("churn_col_cycle_source", lang)
    names = {"customers": label("churn_metric_n", lang), "flagged": label("churn_col_n_flagged", lang),
             "share": label("churn_col_share_flagged", lang),
             "cycle": label("churn_col_median_cycle", lang),
             "ratio": label("churn_col_median_overdue_ratio", lang)}
    out = format_table(table, lang, integer=["customers", "flagged"], percent=["share"], names=names)
    out.iloc[:, 3] = ["–" if pd.isna(v) else f"{v:,.1f}" for v in table["cycle"]]
    return out


def format_models(models: dict[str, SupervisedChurnModel], *, lang: str = "en") -> pd.DataFrame:
    """The fitted supervised models (training size, base rate, calibration), labelled.

    Parameters
    ----------
    models : dict
        Fitted :class:`~clvmodels.churn.SupervisedChurnModel` by estimator name
        (``ChurnWarningResult.models``).
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        One row per model; every cell a string.
    """
    check_lang(lang)
    rows = {
        label(f"churn_signal_{name}", lang): {
            "n_train": m.n_train_, "base_rate_train": m.base_rate_,
            "calibration": label(f"churn_calibration_{m.calibration_method_}", lang),
            "n_features": len(m.feature_names_),
        }
        for name, m in models.items()
    }
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["n_train", "base_rate_train", "calibration", "n_features"])
    table.index.name = label("churn_col_model", lang)
    names = {c: label(f"churn_col_{c}", lang) for c in table.columns}
    return format_table(table, lang, integer=["n_train", "n_features"], percent=["base_rate_train"],
                        names=names)


def format_winback(winback: pd.DataFrame, *, lang: str = "en", digits: int = 2) -> pd.DataFrame:
    """The win-back list with column and signal names in ``lang`` and money with its currency.

    Parameters
    ----------
    winback : DataFrame
        Output of :func:`clvmodels.churn.winback_list`.
    lang : {"en", "zh"}
    digits : int
        Decimals of money and purchase rates (days and counts: whole numbers); thousands
        separated.

    Returns
    -------
    DataFrame
        Same rows in the same order, labelled columns, numbers as text.
    """
    check_lang(lang)
    cur = winback.attrs.get("currency", "")
    h = int(winback.attrs.get("horizon_days", 0))
    out = winback.copy()
    out["signals"] = [", ".join(label(f"churn_signal_{s}", lang) for s in str(v).split("|") if s)
                      for v in out["signals"]]
    for col in ("value_if_won_back", "purchases_per_year", "spend_per_purchase"):
        out[col] = [f"{v:,.{digits}f}" for v in out[col]]
    for col in ("days_since_last_purchase", "n_signals"):
        out[col] = [f"{round(v):,}" for v in out[col]]
    days = label("unit_D", lang)
    names = {
        "value_if_won_back": f"{label('churn_col_value_if_won_back', lang)} ({cur}, {h} {days})",
        "purchases_per_year": label("churn_col_purchases_per_year", lang),
        "spend_per_purchase": f"{label('churn_col_spend_per_purchase', lang)} ({cur})",
        "days_since_last_purchase": label("churn_col_days_since_last_purchase", lang),
        "n_signals": label("churn_col_n_signals", lang),
        "signals": label("churn_col_signals", lang),
        "reason": label("churn_col_reason", lang),
    }
    out = out.rename(columns=names)
    out.index.name = label("customer_id", lang)
    return out
