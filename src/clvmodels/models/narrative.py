"""Tables and text for reporting the CLV models (notebook 03): comparison and conclusion."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._units import unit_name
from ..labels import check_lang, format_table, label, say
from .evaluation import ModelEvaluation, holdout_revenue

__all__ = [
    "best_models_note",
    "covariate_note",
    "covariate_table",
    "interval_note",
    "interval_table",
    "clv_models_conclusion",
    "fit_sample_note",
    "format_model_comparison",
    "model_comparison_table",
    "parameter_table",
    "regularity_note",
]

_ROWS = ["log_likelihood", "n_params", "aic", "bic", "mae", "rmse", "correlation", "total_predicted", "total_actual",
         "total_error_pct", "chi_square", "chi_square_dof", "chi_square_pvalue"]
#: Rows added when the evaluations checked value on the holdout (``evaluate(..., spend_model=)``)
_VALUE_ROWS = ["value_mae", "value_rmse", "value_correlation", "value_total_predicted",
               "value_total_actual", "value_total_error_pct", "value_top_share", "value_top_share_best",
               "value_gini", "spend_mae", "spend_correlation"]


def model_comparison_table(evaluations: dict[str, ModelEvaluation], models: dict[str, Any] | None = None,
                           *, lang: str = "en") -> pd.DataFrame:
    """Holdout metrics of several models side by side, rows labelled in ``lang``.

    Parameters
    ----------
    evaluations : dict
        Model name -> :class:`ModelEvaluation`.
    models : dict, optional
        Model name -> fitted model, to add the calibration log-likelihood.
    lang : {"en", "zh"}

    Returns
    -------
    pandas.DataFrame
        One column per model; ``attrs["keys"]`` keeps the unlabelled row keys. With ``models``:
        log-likelihood, number of parameters (covariate coefficients included; the regularity k
        of a CNBD-k model chosen by likelihood counts as one), AIC = 2 p - 2 LL and BIC = p ln(n) - 2 LL (n: customers in
        the fit). With value checks (``evaluate(..., spend_model=...)``) the value and spend
        rows follow (currency per customer for the errors, currency for the totals, shares for
        the top share). ``attrs["best"]``: the best model by ``bic``, ``aic``, ``mae`` (holdout
        purchases), ``value_mae`` and ``value_gini`` where available.
    """
    check_lang(lang)
    rows = list(_ROWS)
    if any(ev.value_metrics is not None for ev in evaluations.values()):
        rows += _VALUE_ROWS
    cols = {}
    for name, ev in evaluations.items():
        m = ev.metrics.to_dict()
        fitted = (models or {}).get(name)
        ll = float(getattr(fitted, "log_likelihood_", np.nan))
        n_params = fitted.n_parameters_ + (1 if getattr(fitted, "k", 1) is None else 0) if fitted is not None else np.nan
        n = float(getattr(fitted, "n_customers_", np.nan))
        m.update({"log_likelihood": ll, "n_params": n_params, "aic": 2 * n_params - 2 * ll,
                  "bic": n_params * np.log(n) - 2 * ll})
        cols[name] = [m.get(k, np.nan) for k in rows]
    out = pd.DataFrame(cols, index=[label(f"clvm_col_{k}", lang) for k in rows])
    out.attrs["keys"] = rows
    keyed = pd.DataFrame(cols, index=rows)
    best = {}
    for key, lower in (("bic", True), ("aic", True), ("mae", True), ("value_mae", True), ("value_gini", False)):
        if key in keyed.index and keyed.loc[key].notna().any():
            values = keyed.loc[key].astype(float)
            best[key] = str(values.idxmin() if lower else values.idxmax())
    out.attrs["best"] = best
    return out


#: How each row of :func:`model_comparison_table` reads: decimals, or a kind of number.
_ROW_FORMATS = {
    "log_likelihood": ",.1f", "aic": ",.1f", "bic": ",.1f", "n_params": "int", "chi_square_dof": "int",
    "mae": ".3f", "rmse": ".3f", "correlation": ".3f", "total_predicted": ",.0f", "total_actual": ",.0f",
    "total_error_pct": "pct_points", "chi_square": ",.2f", "chi_square_pvalue": "pvalue",
    "value_mae": "money", "value_rmse": "money", "value_correlation": ".3f",
    "value_total_predicted": "money0", "value_total_actual": "money0", "value_total_error_pct": "pct_points",
    "value_top_share": "share", "value_top_share_best": "share", "value_gini": ".3f",
    "spend_mae": "money", "spend_correlation": ".3f",
}


def _fmt(value: Any, how: str, currency: str) -> str:
    if value is None or not np.isfinite(float(value)):
        return "–"
    v = float(value)
    if how == "int":
        return f"{round(v):,}"
    if how == "pct_points":  # already in percent
        return f"{v:+.1f}%"
    if how == "share":
        return f"{v:.1%}"
    if how == "pvalue":
        return "< 0.001" if v < 0.001 else f"{v:.3f}"
    if how in ("money", "money0"):
        return f"{v:,.{2 if how == 'money' else 0}f} {currency}".strip()
    return format(v, how)


def format_model_comparison(comparison: pd.DataFrame, *, currency: str = "") -> pd.DataFrame:
    """:func:`model_comparison_table` for reading: each row in its own format.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`model_comparison_table` (its labelled rows and ``attrs["keys"]``).
    currency : str
        Currency code shown after the value errors and revenue totals, e.g. "USD".

    Returns
    -------
    DataFrame
        Same rows and columns, every cell a string: log-likelihood, AIC and BIC with one decimal,
        counts as whole numbers, total errors as signed percentages, revenue shares as
        percentages, money with ``currency``, p-values below 0.001 as "< 0.001".
    """
    keys = comparison.attrs.get("keys", list(comparison.index))
    out = pd.DataFrame(
        [[_fmt(v, _ROW_FORMATS.get(key, ".3f"), currency) for v in comparison.iloc[i]]
         for i, key in enumerate(keys)],
        index=comparison.index, columns=comparison.columns)
    out.attrs.update(comparison.attrs)
    return out


#: Columns of a model's ``summary_`` and their labels.
_PARAMETER_COLUMNS = {"estimate": "clvm_par_estimate", "std_error": "clvm_par_std_error",
                      "lower_95": "clvm_par_lower_95", "upper_95": "clvm_par_upper_95", "z": "clvm_par_z",
                      "p_value": "clvm_par_p_value"}


def parameter_table(model: Any, *, lang: str = "en", digits: int = 3) -> pd.DataFrame:
    """A fitted model's ``summary_`` for reading: estimates, standard errors, 95% intervals.

    Parameters
    ----------
    model : fitted model (transaction or Gamma-Gamma, with or without covariates)
    lang : {"en", "zh"}
        Language of the column labels and of the process of a covariate coefficient.
    digits : int, default 3
        Decimals (thousands separated).

    Returns
    -------
    DataFrame
        One row per parameter, its symbol as it is (``r``, ``alpha``, ...); a covariate
        coefficient ``process:attribute[level]`` reads "<process label>: attribute[level]".
        Every cell a string; a standard error the fit could not give shows "–".
    """
    check_lang(lang)
    table = model.summary_.copy()
    index = []
    for name in table.index:
        process, sep, encoded = str(name).partition(":")
        index.append(f"{label(f'clvm_cov_process_{process}', lang)}: {encoded}" if sep else str(name))
    table.index = pd.Index(index, name=label("clvm_par_parameter", lang))
    names = {c: label(k, lang) for c, k in _PARAMETER_COLUMNS.items()}
    return format_table(table, lang, digits=digits, names=names)


def clv_models_conclusion(
    evaluations: dict[str, ModelEvaluation], clv: pd.DataFrame, *, clv_model: str,
    probability_alive: pd.Series | None = None, lang: str = "en",
) -> str:
    """Markdown conclusion computed from a run of the CLV models notebook.

    Parameters
    ----------
    evaluations : dict
        Model name -> holdout evaluation.
    clv : pandas.DataFrame
        Output of :func:`clvmodels.economics.customer_lifetime_value` (attrs state currency,
        horizon, discount rate, time unit).
    clv_model : str
        Name of the model used for ``clv``.
    probability_alive : pandas.Series, optional
        P(alive) per customer from the same model.
    lang : {"en", "zh"}

    Returns
    -------
    str
        A few Markdown bullet points: which model forecast the holdout best (MAE) and by how much
        the cohort total was missed, whether the calibration histograms pass the chi-square test,
        and what the CLV distribution says (total, mean, share held by the top 10%).
    """
    check_lang(lang)
    zh = lang == "zh"
    best = min(evaluations, key=lambda k: evaluations[k].mae)
    ev = evaluations[best]
    passed = [k for k, e in evaluations.items() if e.chi_square_pvalue > 0.05]
    a = clv.attrs
    cur = a.get("currency") or ""
    unit = a.get("time_unit")
    horizon = a.get("horizon")
    uname = unit_name(unit, lang) if unit else ("期" if zh else "periods")
    htxt = ("无限期" if zh else "an infinite horizon") if horizon is None or np.isinf(horizon) else (
        f"{horizon:g} {uname}")
    d = 100 * float(a.get("discount_rate", 0.0))
    values = np.sort(clv["clv"].to_numpy(dtype=float))[::-1]
    total = float(values.sum())
    top = float(values[: max(1, int(np.ceil(0.1 * len(values))))].sum()) / total * 100 if total > 0 else float("nan")
    lines = []
    if zh:
        lines.append(f"- 在验证期预测中，**{best}** 的平均绝对误差最小（每位客户 {ev.mae:.3f} 次），"
                     f"整个客户群的预测总购买次数为 {ev.total_predicted:,.0f}，实际为 {ev.total_actual:,.0f}"
                     f"（误差 {ev.total_error_pct:+.1f}%）。")
        lines.append("- 校准期购买次数分布的卡方检验（p > 0.05）通过的模型：" + ("、".join(passed) if passed else "无") + "。")
        lines.append(f"- 用 {clv_model} + 伽马-伽马模型估算，{len(values):,} 位客户在 {htxt}（每{uname}贴现率 {d:.3g}%）内的"
                     f"客户终身价值合计 {total:,.0f} {cur}，人均 {total / len(values):,.2f} {cur}；"
                     f"价值最高的 10% 客户贡献了 {top:.0f}%。")
        if probability_alive is not None:
            share = float((probability_alive < 0.5).mean() * 100)
            lines.append(f"- {share:.0f}% 的客户存活概率低于 50%，是挽留或唤醒活动的候选对象。")
    else:
        lines.append(f"- On the holdout period **{best}** has the lowest mean absolute error ({ev.mae:.3f} purchases "
                     f"per customer); it forecast {ev.total_predicted:,.0f} repeat purchases for the cohort against "
                     f"{ev.total_actual:,.0f} actual ({ev.total_error_pct:+.1f}%).")
        lines.append("- Models whose calibration histogram passes the chi-square test (p > 0.05): "
                     + (", ".join(passed) if passed else "none") + ".")
        lines.append(f"- With {clv_model} + Gamma-Gamma, the {len(values):,} customers are worth {total:,.0f} {cur} over "
                     f"{htxt} (discount rate {d:.3g}% per {uname[:-1] if uname.endswith('s') else uname}), "
                     f"{total / len(values):,.2f} {cur} on average; the top 10% of customers hold {top:.0f}% of it.")
        if probability_alive is not None:
            share = float((probability_alive < 0.5).mean() * 100)
            lines.append(f"- {share:.0f}% of customers have P(alive) below 50%: candidates for win-back campaigns.")
    return "\n".join(lines)


def fit_sample_note(models: dict[str, Any], *, parameter: str = "fit_sample", lang: str = "en") -> str:
    """Say which models were fitted on a random sample of the customers (``fit_sample``).

    Parameters
    ----------
    models : dict
        Name -> fitted model (its ``n_customers_total_`` and ``fit_sampled_``; a Gamma-Gamma
        model counts the customers it drew from, one-time buyers included).
    parameter : str
        The notebook parameter that sets the sample size.
    lang : {"en", "zh"}

    Returns
    -------
    str
        One sentence per sample size (the models of one summary share it), e.g. "Models fitted
        on a random sample of 50,000 of 1,000,000 customers (parameter fit_sample): BG/NBD,
        Pareto/NBD; predictions cover all customers."; "" when every model used every customer.
    """
    from .._sampling import sample_note

    check_lang(lang)
    groups: dict[tuple[int, int], list[str]] = {}
    for name, model in models.items():
        if getattr(model, "fit_sampled_", False):
            size = int(model.fit_sample)
            groups.setdefault((size, int(model.n_customers_total_)), []).append(name)
    sep = "、" if lang == "zh" else ", "
    notes = []
    for (size, total), names in groups.items():
        what = (f"Models fitted ({sep.join(names)})", f"模型（{sep.join(names)}）拟合")
        notes.append(sample_note(size, total, what=what, parameter=parameter, lang=lang,
                                 covers=("predictions cover all customers", "预测覆盖全部客户")))
    return " ".join(notes)


def regularity_note(table: pd.DataFrame, *, name: str, silence: pd.DataFrame | None = None,
                    at: float | None = None, lang: str = "en") -> str:
    """One or two sentences on the regularity k chosen for a data set, in ``lang``.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`clvmodels.models.regularity_table`.
    name : str
        The data set's name in the sentence.
    silence : DataFrame, optional
        Output of :func:`clvmodels.models.probability_alive_by_silence` with two columns (a
        Poisson model first, a regular-buyer model second): adds their P(alive) after ``at``
        when k > 1 (for k = 1 the two models are the same).
    at : float, optional
        The silence to quote (model time unit); default: the middle of ``silence``'s range.
    lang : {"en", "zh"}

    Returns
    -------
    str
    """
    check_lang(lang)
    a = table.attrs
    k = int(a["k"])
    row = table.loc[k]
    if k == 1:
        text = say("clvm_regularity_note_poisson", lang, name=name, n=a["n_customers"])
    else:
        text = say("clvm_regularity_note_regular", lang, name=name, k=k, n=a["n_customers"],
                   gain=float(row["gain_vs_poisson"]), cv=float(row["cv"]))
    if k > 1 and silence is not None and silence.shape[1] >= 2:
        idx = silence.index.to_numpy(dtype=float)
        when = float(at) if at is not None else float(idx[len(idx) // 2])
        pos = int(np.argmin(np.abs(idx - when)))
        poisson, regular = silence.columns[:2]
        text += " " + say("clvm_regularity_note_alive", lang, silence=idx[pos],
                          unit=unit_name(silence.attrs.get("time_unit"), lang),
                          poisson=poisson, regular=regular,
                          p_poisson=float(silence.iloc[pos, 0]), p_regular=float(silence.iloc[pos, 1]))
    return text


def best_models_note(comparison: pd.DataFrame, *, lang: str = "en") -> str:
    """Which model is best by each criterion of :func:`model_comparison_table`, one sentence.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`model_comparison_table` (uses ``attrs["best"]``).
    lang : {"en", "zh"}

    Returns
    -------
    str
        Empty when the table names no best model.
    """
    check_lang(lang)
    best = comparison.attrs.get("best", {})
    parts = [say(f"clvm_best_{key}", lang, model=name) for key, name in best.items()]
    return say("clvm_best_models", lang, parts="; ".join(parts) if lang == "en" else "；".join(parts)) if parts else ""


def interval_note(calibration: pd.Series, *, lang: str = "en") -> str:
    """One sentence on how well the prediction intervals covered the holdout.

    Parameters
    ----------
    calibration : Series
        Output of :func:`clvmodels.models.interval_calibration`.
    lang : {"en", "zh"}
    """
    check_lang(lang)
    c = calibration
    text = say("clvm_interval_note", lang, model=c.name, n=int(c["n_customers"]), level=c["level"],
               cov=c["coverage_purchases"], incl=c["coverage_purchases_inclusive"])
    if "coverage_revenue" in c.index:
        text += " " + say("clvm_interval_note_revenue", lang, cov=c["coverage_revenue"])
    return text


def interval_table(calibration: pd.Series, calibration_holdout: pd.DataFrame, *, top: int = 10,
                   lang: str = "en", formatted: bool = False) -> pd.DataFrame:
    """The intervals of the ``top`` customers by expected holdout revenue (or purchases), beside
    what they did, with labelled columns.

    Parameters
    ----------
    calibration : Series
        Output of :func:`clvmodels.models.interval_calibration` (its ``attrs["intervals"]``).
    calibration_holdout : DataFrame
        The split the intervals were computed on (for the realized holdout values).
    top : int, default 10
    lang : {"en", "zh"}
    formatted : bool, default False
        Return strings for reading: purchase bounds and actual purchases as whole numbers,
        revenue with thousands separators (default: numbers rounded to two decimals).
    """
    check_lang(lang)
    iv = calibration.attrs["intervals"]
    cal = calibration_holdout.loc[iv.index]
    out = pd.DataFrame({
        ("purchases", "mean"): iv["purchases_mean"], ("purchases", "lower"): iv["purchases_lower"],
        ("purchases", "upper"): iv["purchases_upper"], ("purchases", "actual"): cal["frequency_holdout"],
    })
    order = "purchases_mean"
    if "spend_mean" in iv.columns:
        out[("revenue", "mean")] = iv["spend_mean"]
        out[("revenue", "lower")] = iv["spend_lower"]
        out[("revenue", "upper")] = iv["spend_upper"]
        out[("revenue", "actual")] = holdout_revenue(cal)
        order = "spend_mean"
    out = out.loc[iv[order].nlargest(int(top)).index]
    currency = iv.attrs.get("currency") or ""
    names = {"purchases": label("clvm_interval_purchases", lang),
             "revenue": f"{label('clvm_interval_revenue', lang)} ({currency})" if currency else label("clvm_interval_revenue", lang)}
    names |= {b: label(f"clvm_interval_{b}", lang) for b in ("mean", "lower", "upper", "actual")}
    if formatted:
        whole = [("purchases", b) for b in ("lower", "upper", "actual")]
        return format_table(out, lang, integer=whole, names=names)
    out.columns = pd.MultiIndex.from_tuples([(names[a], names[b]) for a, b in out.columns])
    return out.round(2)


def _who(design: Any, encoded: str, lang: str) -> str:
    """The customers a coefficient compares: a level against the first, or one unit more."""
    for col in design.columns:
        if encoded.startswith(f"{col}["):
            level = encoded[len(col) + 1:-1]
            return say("clvm_cov_who_level", lang, col=col, level=level, base=design.levels[col][0])
    return say("clvm_cov_who_unit", lang, col=encoded)


def covariate_table(model: Any, *, lang: str = "en") -> pd.DataFrame:
    """The covariate coefficients of a fitted model with their multiplicative effects.

    Parameters
    ----------
    model : fitted model with covariates (``fit(summary, covariates=...)``)
    lang : {"en", "zh"}

    Returns
    -------
    pandas.DataFrame
        One row per coefficient: process, attribute, coefficient, standard error, the multiplier
        ``exp(coefficient)`` with its 95% interval, p-value. For the purchase process the
        multiplier scales the mean purchase rate, for Pareto/NBD's dropout the mean dropout rate,
        for BG/NBD's and MBG/NBD's dropout both Beta parameters (the concentration of dropout
        probabilities, their mean unchanged: CLVTools' convention), for Gamma-Gamma the expected
        spend per purchase.
    """
    check_lang(lang)
    table = model.summary_.loc[model.coefficients_.index]
    rows = []
    for name, row in table.iterrows():
        process, encoded = str(name).split(":", 1)
        rows.append({
            label("clvm_cov_col_process", lang): label(f"clvm_cov_process_{process}", lang),
            label("clvm_cov_col_attribute", lang): encoded,
            label("clvm_cov_col_coefficient", lang): row["estimate"],
            label("clvm_cov_col_std_error", lang): row["std_error"],
            label("clvm_cov_col_factor", lang): float(np.exp(row["estimate"])),
            label("clvm_cov_col_lower", lang): float(np.exp(row["lower_95"])),
            label("clvm_cov_col_upper", lang): float(np.exp(row["upper_95"])),
            label("clvm_cov_col_p_value", lang): row["p_value"],
        })
    out = pd.DataFrame(rows)
    out.attrs["model"] = model.name
    return out


def covariate_note(model: Any, test: pd.Series, *, lang: str = "en", spend_model: Any = None) -> str:
    """What the customer attributes change, in words: the likelihood-ratio test against the model
    without them, then every coefficient significant at 5% as a multiplier with its 95% interval.

    Parameters
    ----------
    model : fitted transaction model with covariates
    test : Series
        :func:`clvmodels.models.lr_test` of the model without covariates against ``model``.
    lang : {"en", "zh"}
    spend_model : fitted Gamma-Gamma model with covariates, optional
        Adds its significant spend effects.
    """
    check_lang(lang)
    parts = []
    for m in (model, spend_model):
        if m is None:
            continue
        table = m.summary_.loc[m.coefficients_.index]
        for name, row in table.iterrows():
            if not row["p_value"] < 0.05:
                continue
            process, encoded = str(name).split(":", 1)
            key = {"purchase": "clvm_cov_purchase", "spend": "clvm_cov_spend", "purchase+dropout": "clvm_cov_both",
                   "dropout": "clvm_cov_dropout" if m.name == "Pareto/NBD" else "clvm_cov_dropout_spread"}[process]
            parts.append(say(key, lang, who=_who(m.covariates_, encoded, lang), f=float(np.exp(row["estimate"])),
                             lo=float(np.exp(row["lower_95"])), hi=float(np.exp(row["upper_95"]))))
    sep = "; " if lang == "en" else "；"
    effects = say("clvm_cov_effects", lang, parts=sep.join(parts)) if parts else label("clvm_cov_no_effect", lang)
    return say("clvm_cov_note", lang, model=model.name, names=", ".join(model.covariates_.columns),
               stat=float(test["statistic"]), df=int(test["df"]), p=float(test["p_value"]), effects=effects)
