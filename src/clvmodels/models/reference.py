"""Our fits beside the reference library's (lifetimes) and the papers' published values.

For students and reviewers: the same calibration summary fitted by clvmodels and by lifetimes
0.11.3 (BG/NBD and Gamma-Gamma), parameters, log-likelihood and fit time side by side, with the
values Fader, Hardie & Lee published for CDNOW where the data are that sample.
"""

from __future__ import annotations

import importlib
import re
import time
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..labels import check_lang, label, say
from .bgnbd import BetaGeoModel
from .gammagamma import GammaGammaModel

__all__ = ["PUBLISHED", "reference_comparison", "reference_note"]

#: Published estimates on the CDNOW 1/10 sample (2,357 customers, 39-week calibration, weeks).
PUBLISHED: dict[str, dict[str, Any]] = {
    "cdnow": {
        "BG/NBD": {"params": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, "log_likelihood": -9582.4,
                   "source": "Fader, Hardie & Lee (2005a), Marketing Science 24(2), p. 279"},
        "Gamma-Gamma": {"params": {"p": 6.25, "q": 3.74, "gamma": 15.44}, "log_likelihood": None,
                        "source": "Fader, Hardie & Lee (2005b), 'RFM and CLV', JMR 42(4); Fader & Hardie (2013)"},
    },
}


#: lifetimes' names of our parameters where they differ (its Gamma-Gamma scale is "v").
_THEIR_NAMES = {"gamma": "v"}


def _lifetimes() -> Any:
    """The lifetimes package, or None when it is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module("lifetimes")
    except ImportError:
        return None


def _timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def reference_comparison(summary: pd.DataFrame, *, published: str | None = None,
                         lang: str = "en") -> pd.DataFrame | None:
    """BG/NBD and Gamma-Gamma fitted by clvmodels and by lifetimes on the same summary.

    Parameters
    ----------
    summary : pandas.DataFrame
        A calibration summary (``frequency``, ``recency``, ``T``, ``monetary_value``), e.g. of
        :func:`clvmodels.features.calibration_holdout_split`.
    published : str, optional
        Key of :data:`PUBLISHED` ("cdnow") when ``summary`` is exactly that sample: adds the
        papers' values.
    lang : {"en", "zh"}

    Returns
    -------
    pandas.DataFrame or None
        Rows: each parameter of both models, the log-likelihoods (lifetimes' estimates evaluated
        with clvmodels' likelihood, so both are on one scale) and the fit times in seconds;
        columns clvmodels, lifetimes (and published). None when lifetimes is not installed.
        ``attrs``: ``max_rel_diff`` (largest relative difference of the parameters),
        ``ll_gap`` (largest difference of the log-likelihoods), ``times``, ``source`` and
        ``failed`` (model -> lifetimes' error, when its fit failed: its column is NaN there).
    """
    check_lang(lang)
    lt = _lifetimes()
    if lt is None:
        return None
    x, tx, T = (summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    failed: dict[str, str] = {}

    def theirs_fit(name: str, fn: Any) -> tuple[Any, float]:
        try:
            return _timed(fn)
        except Exception as exc:  # the reference library's own failure: reported, not raised
            failed[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
            return None, np.nan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours_bg, t_ours_bg = _timed(lambda: BetaGeoModel().fit(summary))
        theirs_bg, t_theirs_bg = theirs_fit("BG/NBD", lambda: lt.BetaGeoFitter().fit(x, tx, T))
        repeat = summary[summary["frequency"] > 0]
        ours_gg, t_ours_gg = _timed(lambda: GammaGammaModel().fit(repeat))
        theirs_gg, t_theirs_gg = theirs_fit("Gamma-Gamma", lambda: lt.GammaGammaFitter().fit(
            repeat["frequency"].to_numpy(dtype=float), repeat["monetary_value"].to_numpy(dtype=float)))
    rows: dict[str, list[float]] = {}
    rel = []
    ll_gap = 0.0
    for name, ours, theirs in (("BG/NBD", ours_bg, theirs_bg), ("Gamma-Gamma", ours_gg, theirs_gg)):
        names = list(ours.params_.index)
        if theirs is None:
            their_params = np.full(len(names), np.nan)
        else:
            their_params = theirs.params_[[_THEIR_NAMES.get(n, n) for n in names]].to_numpy(dtype=float)
        for key, value, other in zip(names, ours.params_.to_numpy(), their_params, strict=True):
            rows[f"{name}: {key}"] = [float(value), float(other)]
            if theirs is not None:
                rel.append(abs(value - other) / abs(value))
        at_theirs = np.nan if theirs is None else float(ours._loglik(their_params, ours._fit_data, 0)[0])
        rows[f"{name}: {label('clvm_ref_loglik', lang)}"] = [ours.log_likelihood_, at_theirs]
        if theirs is not None:
            ll_gap = max(ll_gap, abs(ours.log_likelihood_ - at_theirs))
    rows[f"BG/NBD: {label('clvm_ref_seconds', lang)}"] = [t_ours_bg, t_theirs_bg]
    rows[f"Gamma-Gamma: {label('clvm_ref_seconds', lang)}"] = [t_ours_gg, t_theirs_gg]
    out = pd.DataFrame(rows, index=["clvmodels", f"lifetimes {getattr(lt, '__version__', '')}".strip()]).T
    if published is not None:
        ref = PUBLISHED[published]
        col = []
        for row in out.index:
            model, key = row.split(": ", 1)
            entry = ref.get(model, {})
            if key == label("clvm_ref_loglik", lang):
                col.append(entry.get("log_likelihood") if entry.get("log_likelihood") is not None else np.nan)
            else:
                col.append(entry.get("params", {}).get(key, np.nan))
        out[label("clvm_ref_published", lang)] = col
        out.attrs["source"] = "; ".join(v["source"] for v in ref.values())
    out.attrs.update({"max_rel_diff": float(max(rel)) if rel else np.nan, "ll_gap": ll_gap, "lang": lang,
                      "failed": failed,
                      "times": {"clvmodels": t_ours_bg + t_ours_gg, "lifetimes": t_theirs_bg + t_theirs_gg}})
    return out


def reference_note(table: pd.DataFrame | None, *, lang: str = "en") -> str:
    """One sentence on the comparison (or why there is none)."""
    check_lang(lang)
    if table is None:
        return label("clvm_ref_missing", lang)
    failed = table.attrs.get("failed", {})
    # lifetimes' own message is English: a Chinese page names only the kind of error
    parts = [say("clvm_ref_failed", lang, model=model, error=error if lang == "en" else error.split(":", 1)[0])
             for model, error in failed.items()]
    if len(failed) < 2:
        digits = int(np.floor(-np.log10(max(table.attrs["max_rel_diff"], 1e-15))))
        times = table.attrs["times"]
        parts.insert(0, say("clvm_ref_note", lang, digits=digits, gap=table.attrs["ll_gap"], ours=times["clvmodels"],
                            theirs=times["lifetimes"]))
    text = " ".join(parts)
    if "source" in table.attrs:
        source = table.attrs["source"]
        if lang != "en":  # the authors and years; the English titles and journals stay on the English page
            source = "；".join(re.findall(r"[A-Z][A-Za-z ,&]*?\(\d{4}[a-z]?\)", source))
        text += " " + say("clvm_ref_published_note", lang, source=source)
    return text
