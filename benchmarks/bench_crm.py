"""Speed of ``load_crm`` (read + validate every table) at 1M customers, from Parquet and DuckDB.

The synthetic CRM database (``make_crm_data``: transactions, customers, contacts, surveys and
whatever other tables it has) is built once per size and seed and cached, written as a folder
of Parquet files and as a DuckDB file, under ``--cache`` (default
``$TMPDIR/clvmodels-bench-crm``). Each source is then loaded ``--repeat`` times in this process
and the best wall time is reported, with the rows of every table and the peak resident memory.
Target: under 60 s for each source at 1M customers on 2 cores.

Run from the repository root::

    .venv/bin/python benchmarks/bench_crm.py                       # 1M customers
    .venv/bin/python benchmarks/bench_crm.py --customers 100000    # a quick run
    .venv/bin/python benchmarks/bench_crm.py --profile             # cProfile of each load
    .venv/bin/python -m pytest -m benchmark benchmarks/bench_crm.py
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pytest

from clvmodels import load_crm
from clvmodels.datasets import make_crm_data

TARGET_SECONDS = 60.0


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 if sys.platform != "darwin" else rss / 1024.0**2


def build(n_customers: int, random_state: int, cache: Path) -> dict[str, Path]:
    """The cached Parquet folder and DuckDB file of the database (built when missing)."""
    base = cache / f"crm_{n_customers}_rs{random_state}"
    folder, duck, done = base / "parquet", base / "crm.duckdb", base / "complete"
    if not done.exists():
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        t0 = time.perf_counter()
        db = make_crm_data(n_customers, random_state=random_state)
        t1 = time.perf_counter()
        db.to_folder(folder, format="parquet")
        t2 = time.perf_counter()
        db.to_duckdb(duck)
        t3 = time.perf_counter()
        print(f"built {n_customers:,} customers in {t1 - t0:.1f} s; wrote Parquet in "
              f"{t2 - t1:.1f} s and DuckDB in {t3 - t2:.1f} s (cached in {base})", flush=True)
        done.touch()
    return {"parquet": folder, "duckdb": duck}


def time_load(source: Path, *, repeat: int, profile: bool) -> tuple[float, object]:
    """Best wall time of ``repeat`` loads of ``source``, and the last database."""
    best, db = float("inf"), None
    for _ in range(max(repeat, 1)):
        db = None
        profiler = cProfile.Profile() if profile else None
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if profiler is not None:
                profiler.enable()
            db = load_crm(source)
            if profiler is not None:
                profiler.disable()
        best = min(best, time.perf_counter() - t0)
        if profiler is not None:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return best, db


def run(n_customers: int = 1_000_000, *, random_state: int = 0, repeat: int = 1,
        cache: Path | None = None, profile: bool = False) -> dict[str, dict[str, float]]:
    """Load the database from Parquet and from DuckDB; seconds and table sizes per source."""
    cache = cache or Path(tempfile.gettempdir()) / "clvmodels-bench-crm"
    sources = build(n_customers, random_state, cache)
    results: dict[str, dict[str, float]] = {}
    for kind, path in sources.items():
        seconds, db = time_load(path, repeat=repeat, profile=profile)
        rows = {name: len(df) for name, df in db.tables().items()}  # type: ignore[union-attr]
        results[kind] = {"seconds": seconds, **rows, "peak_rss_mb": _peak_rss_mb()}
        db = None
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    results = run(args.customers, random_state=args.random_state, repeat=args.repeat,
                  cache=args.cache, profile=args.profile)
    tables = [k for k in next(iter(results.values())) if k not in ("seconds", "peak_rss_mb")]
    print(f"load_crm, {args.customers:,} customers (load + validate, all tables; best of "
          f"{args.repeat}; target < {TARGET_SECONDS:.0f} s)")
    print(f"{'source':>8} {'seconds':>8} " + " ".join(f"{t:>13}" for t in tables)
          + f" {'peak MB':>8}")
    for kind, r in results.items():
        print(f"{kind:>8} {r['seconds']:>8.1f} " + " ".join(f"{int(r[t]):>13,}" for t in tables)
              + f" {r['peak_rss_mb']:>8,.0f}")
    return 0 if all(r["seconds"] < TARGET_SECONDS for r in results.values()) else 1


@pytest.mark.benchmark
def test_load_one_million_customers_under_a_minute() -> None:
    results = run(1_000_000)
    print(results)
    assert all(r["seconds"] < TARGET_SECONDS for r in results.values())


if __name__ == "__main__":
    raise SystemExit(main())
