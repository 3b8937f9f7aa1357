"""Speed of the synthetic CRM generator ``make_crm_data`` (target: 1M customers well under 60 s).

Run::

    .venv/bin/python benchmarks/bench_synthetic.py                 # 100k and 1M customers
    .venv/bin/python benchmarks/bench_synthetic.py --sizes 100000  # a quick run
    .venv/bin/python -m pytest -m benchmark benchmarks/bench_synthetic.py

Prints, per size: wall time, customers/s, transaction rows/s, the table sizes and the peak
resident memory of the process so far (sizes run in increasing order, so the last peak is the
largest run's). Each size is generated ``--repeat`` times and the best time is reported.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import pytest

from clvmodels.datasets.synthetic import make_crm_data


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 if sys.platform != "darwin" else rss / 1024.0**2


def run(n_customers: int, *, repeat: int = 1, random_state: int = 0) -> dict[str, float]:
    """Generate ``n_customers`` customers ``repeat`` times; return the best time and sizes."""
    best = float("inf")
    data = None
    for _ in range(repeat):
        data = None  # free the previous run before timing the next
        t0 = time.perf_counter()
        data = make_crm_data(n_customers, random_state=random_state)
        best = min(best, time.perf_counter() - t0)
    assert data is not None
    return {
        "n_customers": n_customers,
        "seconds": best,
        "transactions": len(data.transactions),
        "campaign_rows": len(data.campaigns),
        "survey_rows": len(data.surveys),
        "customers_per_s": n_customers / best,
        "rows_per_s": len(data.transactions) / best,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--random-state", type=int, default=0)
    args = parser.parse_args(argv)
    make_crm_data(1000, random_state=0)  # warm up imports
    print(
        f"{'customers':>10} {'seconds':>8} {'customers/s':>12} {'tx rows':>10} "
        f"{'tx rows/s':>11} {'campaigns':>10} {'surveys':>8} {'peak MB':>8}"
    )
    for n in sorted(args.sizes):
        r = run(n, repeat=args.repeat, random_state=args.random_state)
        print(
            f"{n:>10,} {r['seconds']:>8.2f} {r['customers_per_s']:>12,.0f} "
            f"{r['transactions']:>10,} {r['rows_per_s']:>11,.0f} {r['campaign_rows']:>10,} "
            f"{r['survey_rows']:>8,} {r['peak_rss_mb']:>8,.0f}",
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
