"""Fit-time benchmark: clvmodels vs lifetimes on simulated BG/NBD customers (continuous times).

Run from the repository root::

    .venv/bin/python benchmarks/bench_models.py                      # 100k and 1M customers
    .venv/bin/python benchmarks/bench_models.py --sizes 100000       # quicker
    .venv/bin/python benchmarks/bench_models.py --lifetimes-pareto-max 0   # skip lifetimes' Pareto/NBD

Both libraries fit the same summary in one process. For each fit it prints the wall time, the
ratio lifetimes / clvmodels, and the log-likelihoods: clvmodels' maximum, and clvmodels' own
log-likelihood function evaluated at lifetimes' estimates (so both are on the same scale). The
relative difference shows whether the two optimizers found the same maximum.

lifetimes' Pareto/NBD uses Nelder-Mead on a hypergeometric likelihood and needs many minutes at
1M customers, so by default it is only run up to ``--lifetimes-pareto-max`` customers (100k).
"""

from __future__ import annotations

import argparse
import time
import warnings

from clvmodels.models import BetaGeoModel, ParetoNBDModel, simulate_bgnbd_summary

TRUE = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW estimates, weeks


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _compare(name, ours_cls, theirs_cls, cols, summary, run_theirs):
    n = len(summary)
    model, t_ours = _timed(lambda: ours_cls().fit(summary))
    line = f"{name:<11} n={n:>9,}  clvmodels {t_ours:8.2f} s  LL {model.log_likelihood_:.6f}"
    if not run_theirs:
        print(line + "  (lifetimes skipped at this size)", flush=True)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter, t_theirs = _timed(lambda: theirs_cls().fit(summary["frequency"], summary["recency"], summary["T"]))
    params = fitter.params_[list(model.params_.index if name != "Pareto/NBD" else ["r", "alpha", "s", "beta"])].to_numpy()
    ll_theirs = model._loglik(params, model._fit_data, 0)[0]
    rel = abs(ll_theirs - model.log_likelihood_) / abs(model.log_likelihood_)
    print(line + f"  | lifetimes {t_theirs:8.2f} s  LL {ll_theirs:.6f}  | speed-up x{t_theirs / t_ours:6.1f}"
          f"  LL rel. diff {rel:.1e} ({'clvmodels higher' if model.log_likelihood_ >= ll_theirs else 'lifetimes higher'})",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--lifetimes-pareto-max", type=int, default=100_000,
                        help="largest size at which lifetimes' ParetoNBDFitter is run (it is slow)")
    parser.add_argument("--no-pareto", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    import lifetimes

    print(f"simulated BG/NBD customers, true params {TRUE}, T ~ U(26, 52) weeks, continuous times")
    for n in args.sizes:
        summary = simulate_bgnbd_summary(n, **TRUE, T=(26.0, 52.0), random_state=args.seed)
        _compare("BG/NBD", BetaGeoModel, lifetimes.BetaGeoFitter, None, summary, True)
        if not args.no_pareto:
            _compare("Pareto/NBD", ParetoNBDModel, lifetimes.ParetoNBDFitter, None, summary,
                     n <= args.lifetimes_pareto_max)


if __name__ == "__main__":
    main()
