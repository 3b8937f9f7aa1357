"""Fit-time benchmark of the regular-buyer models: (M)BG/CNBD-k with k chosen among 1..5.

Run from the repository root::

    .venv/bin/python benchmarks/bench_cnbd.py                    # 1M customers
    .venv/bin/python benchmarks/bench_cnbd.py --sizes 100000     # quicker

Customers are simulated from an MBG/CNBD-k population with a planted k (default 3), continuous
times, ages uniform on 12..96 weeks. For each size it prints:

* the time of ``ModifiedBetaGeoCNBDModel(max_k=5).fit`` (k chosen by likelihood; the search stops
  once the log-likelihood has fallen twice in a row) and the k found;
* the time to fit every k in 1..5 one after the other (the full grid, no early stop);
* the peer measured in the same run: lifetimes' ``ModifiedBetaGeoFitter`` (MBG/NBD, which is
  the k = 1 model only; no Python library has (M)BG/CNBD-k) on the same summary, and the ratio
  of its single fit to our whole search.

Target (issue 15): k chosen among 1..5 on 1M customers in under 30 s.
"""

from __future__ import annotations

import argparse
import time
import warnings

from clvmodels.models import ModifiedBetaGeoCNBDModel, simulate_cnbd_summary

TRUE = {"r": 0.85, "alpha": 1.45, "a": 0.79, "b": 2.42}


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--k", type=int, default=3, help="planted regularity")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-lifetimes", action="store_true")
    args = parser.parse_args()

    print(f"simulated MBG/CNBD-k customers, k={args.k}, {TRUE}, T ~ U(12, 96) weeks")
    for n in args.sizes:
        summary = simulate_cnbd_summary(n, k=args.k, **TRUE, T=(12.0, 96.0), dropout_at_zero=True,
                                        random_state=args.seed)
        model, t_search = _timed(lambda s=summary: ModifiedBetaGeoCNBDModel(max_k=5).fit(s))
        tried = list(model.k_log_likelihoods_.index)
        print(f"n={n:>9,}  search k in 1..5: {t_search:7.2f} s  k found {model.k_} (tried {tried})"
              f"  params {model.params_.round(3).to_dict()}", flush=True)
        t_grid = 0.0
        for k in range(1, 6):
            _, t = _timed(lambda k=k, s=summary: ModifiedBetaGeoCNBDModel(k=k).fit(s))
            t_grid += t
        print(f"n={n:>9,}  full grid k = 1..5 fitted one by one: {t_grid:7.2f} s", flush=True)
        if not args.no_lifetimes:
            import lifetimes

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _, t_peer = _timed(lambda s=summary: lifetimes.ModifiedBetaGeoFitter().fit(
                    s["frequency"], s["recency"], s["T"]))
            print(f"n={n:>9,}  lifetimes ModifiedBetaGeoFitter (k = 1 only): {t_peer:7.2f} s"
                  f"  | its one fit / our whole search x{t_peer / t_search:5.1f}"
                  f"  | its one fit / our full grid x{t_peer / t_grid:5.1f}", flush=True)
        print(f"target: search under 30 s at 1M -> {'met' if t_search < 30 or n < 1_000_000 else 'MISSED'}")


if __name__ == "__main__":
    main()
