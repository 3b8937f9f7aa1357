"""Cohort retention table at 1M customers / 7M rows: clvmodels against the pandas recipe an analyst
would write (first-purchase period per customer, then distinct customers per cohort and period).

Run: .venv/bin/python benchmarks/bench_cohorts.py [--customers N] [--rows N]
Prints each time and the ratio peer / clvmodels, and checks that both give the same counts.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from clvmodels.features import cohort_table


def pandas_recipe(tx: pd.DataFrame) -> pd.DataFrame:
    """Customers active per monthly acquisition cohort and months since acquisition."""
    month = tx["date"].dt.year * 12 + tx["date"].dt.month - 1  # vectorized month number
    first = month.groupby(tx["customer_id"]).transform("min")
    frame = pd.DataFrame({"cohort": first, "age": month - first, "customer_id": tx["customer_id"]})
    return frame.groupby(["cohort", "age"])["customer_id"].nunique().unstack("age")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=7_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    tx = pd.DataFrame({
        "customer_id": rng.integers(1, args.customers + 1, args.rows).astype(np.int64),
        "date": pd.Timestamp("2018-01-01")
        + pd.to_timedelta(rng.integers(0, 1800, args.rows), unit="D"),
        "amount": rng.gamma(2.0, 20.0, args.rows),
    })
    t0 = time.perf_counter()
    ours = cohort_table(tx, period="M", value="customers")
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = pandas_recipe(tx)
    t_peer = time.perf_counter() - t0
    counts = ours["customers"].to_numpy(dtype=float)
    theirs = peer.to_numpy(dtype=float)
    same = counts.shape == theirs.shape and np.allclose(
        np.nan_to_num(counts), np.nan_to_num(theirs)
    )
    print(f"{args.rows:,} rows, {args.customers:,} customers, monthly cohorts "
          f"({ours.shape[0]} x {ours['customers'].shape[1]})")
    print(f"clvmodels cohort_table: {t_ours:6.2f} s")
    print(f"pandas recipe:          {t_peer:6.2f} s")
    print(f"ratio (pandas / clvmodels): {t_peer / t_ours:.1f}x; same counts: {same}")


if __name__ == "__main__":
    main()
