"""Speed of the synthetic CRM generator ``make_crm_data`` (target: 1M customers well under 60 s).

Run::

    .venv/bin/python benchmarks/bench_synthetic.py                 # 100k and 1M customers
    .venv/bin/python benchmarks/bench_synthetic.py --sizes 100000  # a quick run
    .venv/bin/python benchmarks/bench_synthetic.py --crosssell     # + cross-selling tables
    .venv/bin/python -m pytest -m benchmark benchmarks/bench_synthetic.py

Prints, per size: wall time, customers/s, transaction rows/s, the table sizes (transactions,
contacts, surveys, referrals) and the peak resident memory of the process so far (sizes run in
increasing order, so the last peak is the largest run's). Each size is generated ``--repeat``
times and the best time is reported. With ``--crosssell`` it also times the cross-selling tables
of :mod:`clvmodels.crosssell` on the generated transactions: the customer x category matrix,
``categories_per_customer``, ``category_affinity`` and ``next_category`` for every customer.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import pytest

from clvmodels.crosssell import (
    categories_per_customer,
    category_affinity,
    category_matrix,
    next_category,
)
from clvmodels.datasets.synthetic import make_crm_data


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 if sys.platform != "darwin" else rss / 1024.0**2


def crosssell_times(transactions) -> dict[str, float]:
    """Seconds for each cross-selling table on ``transactions`` (one run each)."""
    times = {}
    t0 = time.perf_counter()
    m = category_matrix(transactions)
    times["matrix_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    categories_per_customer(transactions, matrix=m)
    times["per_customer_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rules = category_affinity(transactions, matrix=m)
    times["affinity_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    next_category(transactions, matrix=m, rules=rules)
    times["next_category_s"] = time.perf_counter() - t0
    return times


def run(n_customers: int, *, repeat: int = 1, random_state: int = 0,
        crosssell: bool = False) -> dict[str, float]:
    """Generate ``n_customers`` customers ``repeat`` times; return the best time and sizes."""
    best = float("inf")
    data = None
    for _ in range(repeat):
        data = None  # free the previous run before timing the next
        t0 = time.perf_counter()
        data = make_crm_data(n_customers, random_state=random_state)
        best = min(best, time.perf_counter() - t0)
    assert data is not None
    extra = crosssell_times(data.transactions) if crosssell else {}
    return {
        **extra,
        "n_customers": n_customers,
        "seconds": best,
        "transactions": len(data.transactions),
        "campaign_rows": len(data.campaigns),
        "survey_rows": len(data.surveys),
        "referral_rows": len(data.referrals),
        "customers_per_s": n_customers / best,
        "rows_per_s": len(data.transactions) / best,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--crosssell", action="store_true",
                        help="also time the cross-selling tables on the generated data")
    args = parser.parse_args(argv)
    make_crm_data(1000, random_state=0)  # warm up imports
    print(
        f"{'customers':>10} {'seconds':>8} {'customers/s':>12} {'tx rows':>10} "
        f"{'tx rows/s':>11} {'contacts':>10} {'surveys':>8} {'referrals':>9} {'peak MB':>8}"
    )
    for n in sorted(args.sizes):
        r = run(n, repeat=args.repeat, random_state=args.random_state, crosssell=args.crosssell)
        print(
            f"{n:>10,} {r['seconds']:>8.2f} {r['customers_per_s']:>12,.0f} "
            f"{r['transactions']:>10,} {r['rows_per_s']:>11,.0f} {r['campaign_rows']:>10,} "
            f"{r['survey_rows']:>8,} {r['referral_rows']:>9,} {r['peak_rss_mb']:>8,.0f}",
            flush=True,
        )
        if args.crosssell:
            print(
                f"{'':>10} cross-selling: matrix {r['matrix_s']:.2f} s, categories per customer "
                f"{r['per_customer_s']:.2f} s, affinity {r['affinity_s']:.2f} s, next category "
                f"(every customer) {r['next_category_s']:.2f} s",
                flush=True,
            )
    return 0


@pytest.mark.benchmark
def test_one_million_customers_under_a_minute() -> None:
    r = run(1_000_000)
    print(r)
    assert r["seconds"] < 60.0


if __name__ == "__main__":
    raise SystemExit(main())
