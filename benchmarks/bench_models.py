"""Fit-time benchmark: clvmodels vs lifetimes, BG/NBD and Pareto/NBD.

Run from the repository root::

    .venv/bin/python benchmarks/bench_models.py                      # everything (long: lifetimes' Pareto/NBD at 1M)
    .venv/bin/python benchmarks/bench_models.py --sizes 100000 --pareto-sizes 100000   # quicker
    .venv/bin/python benchmarks/bench_models.py --only pareto-small  # the <= 10k worst case only

Three parts:

* **BG/NBD** on simulated BG/NBD customers (CDNOW's estimates, continuous times).
* **Pareto/NBD** on simulated Pareto/NBD customers (CDNOW's Pareto/NBD estimates), where
  lifetimes' fitter converges, at ``--pareto-sizes`` (default 1M; lifetimes needs tens of
  minutes there, on Nelder-Mead over its 2F1 likelihood).
* **Pareto/NBD worst case at <= 10k customers**: one fit on each of several data sets chosen to
  hit every region of the likelihood (the exponential-dropout limit, alpha far below or above
  beta, heavy buyers, very short and very long histories, a synthetic CRM database); it prints
  each time and the worst.

Both libraries fit the same summary in one process. For each fit it prints the wall time, the
ratio lifetimes / clvmodels, and the log-likelihoods: clvmodels' maximum, and clvmodels' own
log-likelihood function evaluated at lifetimes' estimates (so both are on the same scale). The
relative difference shows whether the two optimizers found the same maximum.
"""

from __future__ import annotations

import argparse
import time
import warnings

from clvmodels.models import (
    BetaGeoModel,
    ParetoNBDModel,
    simulate_bgnbd_summary,
    simulate_paretonbd_summary,
)

TRUE = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW BG/NBD estimates, weeks
TRUE_PNBD = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}  # CDNOW Pareto/NBD estimates


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _compare(name, ours_cls, theirs_cls, summary, run_theirs):
    n = len(summary)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, t_ours = _timed(lambda: ours_cls().fit(summary))
    line = f"{name:<11} n={n:>9,}  clvmodels {t_ours:8.2f} s  LL {model.log_likelihood_:.6f}"
    if not run_theirs:
        print(line + "  (lifetimes skipped at this size)", flush=True)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter, t_theirs = _timed(lambda: theirs_cls().fit(summary["frequency"], summary["recency"], summary["T"]))
    params = fitter.params_[list(model.params_.index)].to_numpy()
    ll_theirs = model._loglik(params, model._fit_data, 0)[0]
    rel = abs(ll_theirs - model.log_likelihood_) / abs(model.log_likelihood_)
    print(line + f"  | lifetimes {t_theirs:8.2f} s  LL {ll_theirs:.6f}  | speed-up x{t_theirs / t_ours:6.1f}"
          f"  LL rel. diff {rel:.1e} ({'clvmodels higher' if model.log_likelihood_ >= ll_theirs else 'lifetimes higher'})",
          flush=True)


def _small_cases(seed: int) -> dict:
    """Data sets of 10,000 customers (weeks) that reach every region of the likelihood."""
    from clvmodels.datasets import make_crm_data
    from clvmodels.features import rfm_summary

    n = 10_000
    cases = {
        "CDNOW-like Pareto/NBD": simulate_paretonbd_summary(n, **TRUE_PNBD, T=(26, 52), random_state=seed),
        "BG/NBD data (s, beta -> inf)": simulate_bgnbd_summary(n, r=1.5, alpha=12.0, a=1.2, b=10.0, T=52.0,
                                                               random_state=seed),
        "alpha << beta (s, beta large)": simulate_paretonbd_summary(n, r=1.3, alpha=6.4, s=150.0, beta=10_000.0,
                                                                    T=(10, 104), random_state=seed),
        "alpha >> beta": simulate_paretonbd_summary(n, r=20.0, alpha=200.0, s=2.0, beta=20.0, T=(26, 104),
                                                    random_state=seed),
        "almost no repeat buyers (degenerate)": simulate_paretonbd_summary(n, r=2.0, alpha=300.0, s=5.0, beta=1.0,
                                                                           T=(26, 52), random_state=seed),
        "heavy buyers (x in the hundreds)": simulate_paretonbd_summary(n, r=5.0, alpha=0.5, s=0.8, beta=40.0,
                                                                       T=(52, 104), random_state=seed),
        "short histories (T < 4 weeks)": simulate_paretonbd_summary(n, r=0.8, alpha=2.0, s=0.5, beta=5.0,
                                                                    T=(0.5, 4.0), random_state=seed),
        "long histories (T up to 10 years)": simulate_paretonbd_summary(n, r=0.4, alpha=8.0, s=1.5, beta=30.0,
                                                                        T=(52, 520), random_state=seed),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = make_crm_data(15_000, random_state=42)
        cases["synthetic CRM database"] = rfm_summary(db.transactions, observation_end=db.calibration_end,
                                                      time_unit="W")
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="BG/NBD sizes")
    parser.add_argument("--pareto-sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--lifetimes-pareto-max", type=int, default=1_000_000,
                        help="largest size at which lifetimes' ParetoNBDFitter is run (it is slow)")
    parser.add_argument("--only", choices=["bgnbd", "pareto", "pareto-small"], default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    import lifetimes

    if args.only in (None, "pareto-small"):
        print("Pareto/NBD, worst case at <= 10,000 customers (weeks; every fit should take < 1 s):")
        worst = 0.0
        for name, summary in _small_cases(args.seed).items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                model, seconds = _timed(lambda summary=summary: ParetoNBDModel().fit(summary))
            note = "; ".join(sorted({str(w.message).split(":")[1].split(";")[0].strip()[:60] for w in caught}))
            params = ", ".join(f"{k}={v:.3g}" for k, v in model.params_.items())
            print(f"  {name:<38} n={len(summary):>6,}  {seconds:6.3f} s  LL {model.log_likelihood_:.4f}  "
                  f"({params}){'  [' + note + ']' if note else ''}", flush=True)
            worst = max(worst, seconds)
        print(f"  worst case: {worst:.3f} s", flush=True)
    if args.only in (None, "bgnbd"):
        print(f"simulated BG/NBD customers, true params {TRUE}, T ~ U(26, 52) weeks, continuous times")
        for n in args.sizes:
            summary = simulate_bgnbd_summary(n, **TRUE, T=(26.0, 52.0), random_state=args.seed)
            _compare("BG/NBD", BetaGeoModel, lifetimes.BetaGeoFitter, summary, True)
    if args.only in (None, "pareto"):
        print(f"simulated Pareto/NBD customers, true params {TRUE_PNBD}, T ~ U(26, 52) weeks")
        for n in args.pareto_sizes:
            summary = simulate_paretonbd_summary(n, **TRUE_PNBD, T=(26.0, 52.0), random_state=args.seed)
            _compare("Pareto/NBD", ParetoNBDModel, lifetimes.ParetoNBDFitter, summary,
                     n <= args.lifetimes_pareto_max)


if __name__ == "__main__":
    main()
