"""rfm_summary (pandas engine) vs lifetimes' summary_data_from_transaction_data, in one process.

Simulated logs of 1M and 10M transactions (in memory, the generator of ``bench_engines``); both
functions get the same canonical DataFrame. Wall time is the median of ``--repeat`` runs (3)
measured without tracing; peak memory is measured in one more, traced run (``tracemalloc`` sees
numpy's and pandas' buffers), so the tracing overhead does not enter the time. The results are checked to agree (frequency exactly,
recency/T/monetary_value to 1e-9) before the table is printed.

Run from the repository root::

    .venv/bin/python benchmarks/bench_summary.py              # 1M and 10M
    .venv/bin/python benchmarks/bench_summary.py --sizes 1M --profile
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engines import parse_size, simulate_chunk


def make_log(n_rows: int, seed: int = 0) -> pd.DataFrame:
    """``n_rows`` canonical transactions, ``n_rows // 10`` customers."""
    rng = np.random.default_rng(seed)
    cols = simulate_chunk(rng, n_rows, max(n_rows // 10, 1))
    return pd.DataFrame(cols)


def run_lifetimes(df: pd.DataFrame) -> pd.DataFrame:
    from lifetimes.utils import summary_data_from_transaction_data

    return summary_data_from_transaction_data(
        df, "customer_id", "date", monetary_value_col="amount", freq="D"
    )


def run_clvmodels(df: pd.DataFrame) -> pd.DataFrame:
    from clvmodels.features import rfm_summary

    return rfm_summary(df, time_unit="D")


def measure(func, df: pd.DataFrame, repeat: int = 3) -> tuple[float, float, pd.DataFrame]:
    """(median wall seconds of ``repeat`` untraced runs, peak traced MiB, result)."""
    walls = []
    for _ in range(max(repeat, 1)):
        gc.collect()
        t0 = time.perf_counter()
        out = func(df)
        walls.append(time.perf_counter() - t0)
        del out
    wall = float(np.median(walls))
    gc.collect()
    tracemalloc.start()
    out = func(df)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return wall, peak / 2**20, out


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1M,10M")
    ap.add_argument("--profile", action="store_true", help="cProfile rfm_summary at each size")
    ap.add_argument("--repeat", type=int, default=3,
                    help="timed runs of each function per size; the median is shown")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    warm = make_log(1000, seed=1)  # imports and first-call costs stay out of the timings
    run_clvmodels(warm)
    run_lifetimes(warm)
    rows = []
    for n in (parse_size(s) for s in args.sizes.split(",")):
        df = make_log(n)
        log_mib = df.memory_usage(deep=True).sum() / 2**20
        t_ours, m_ours, ours = measure(run_clvmodels, df, args.repeat)
        t_lt, m_lt, theirs = measure(run_lifetimes, df, args.repeat)
        theirs = theirs.sort_index()
        assert ours.index.equals(theirs.index.astype(ours.index.dtype))
        np.testing.assert_array_equal(ours["frequency"], theirs["frequency"])
        for col in ("recency", "T", "monetary_value"):
            np.testing.assert_allclose(ours[col], theirs[col], rtol=1e-9, atol=1e-9)
        rows.append((n, len(ours), log_mib, t_ours, m_ours, t_lt, m_lt))
        print(f"# {n:,} rows done", flush=True)
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(run_clvmodels, df)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
        del df, ours, theirs
        gc.collect()
    print()
    print(f"{'rows':>11} {'customers':>10} {'log MiB':>8} {'clvmodels s':>12} {'peak MiB':>9} "
          f"{'lifetimes s':>12} {'peak MiB':>9} {'speed-up':>9} {'memory':>7}")
    for n, nc, log_mib, t_o, m_o, t_l, m_l in rows:
        print(f"{n:>11,} {nc:>10,} {log_mib:8.0f} {t_o:12.2f} {m_o:9.0f} {t_l:12.2f} {m_l:9.0f} "
              f"{t_l / t_o:8.1f}x {m_l / m_o:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
