"""rfm_summary with each engine on 10M and 100M synthetic transactions stored in Parquet.

Each measurement runs in its own subprocess, so its peak memory (the RSS of the process and its
children, the Spark JVM included, sampled every 20 ms) is its own. Prints a table of wall time and
peak memory per engine and size, and the ratio of lifetimes' ``summary_data_from_transaction_data``
(freq="D", pandas DataFrame in memory) to DuckDB (from the Parquet path) at 10M rows.

Run from the repository root::

    .venv/bin/python benchmarks/bench_engines.py                 # 10M and 100M, all engines
    .venv/bin/python benchmarks/bench_engines.py --sizes 10M --engines duckdb,lifetimes

Data are generated once (numpy, vectorized, written with pyarrow in row groups) under
``benchmarks/_data/`` (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "_data"
CHUNK = 5_000_000
ROW_GROUP = 1_000_000


def parse_size(text: str) -> int:
    """'10M' -> 10_000_000."""
    text = text.strip().upper()
    factor = {"K": 1_000, "M": 1_000_000, "G": 1_000_000_000}.get(text[-1], 1)
    return int(float(text[:-1] if text[-1] in "KMG" else text) * factor)


def simulate_chunk(rng: np.random.Generator, n_rows: int, n_customers: int) -> dict:
    """One chunk of a synthetic log: skewed customer activity, times of day, same-day repeats.

    Customer ids are int64 in 1..n_customers (activity ~ u**1.5, so a few heavy buyers), dates
    are uniform over 2022-2023 with seconds of the day (datetime64[us]), amounts gamma(2, 20)
    rounded to cents.
    """
    cid = (n_customers * rng.random(n_rows) ** 1.5).astype(np.int64) + 1
    seconds = rng.integers(0, 730 * 86_400, n_rows)
    dates = np.datetime64("2022-01-01T00:00:00", "us") + seconds.astype("timedelta64[s]")
    amount = np.round(rng.gamma(2.0, 20.0, n_rows), 2)
    return {"customer_id": cid, "date": dates, "amount": amount}


def write_parquet(n_rows: int, seed: int = 0) -> Path:
    """Write (once) ``n_rows`` synthetic transactions to ``_data/tx_<n>.parquet``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"tx_{n_rows}.parquet"
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    n_customers = max(n_rows // 10, 1)
    schema = pa.schema([("customer_id", pa.int64()), ("date", pa.timestamp("us")),
                        ("amount", pa.float64())])
    tmp = path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema, compression="snappy") as writer:
        done = 0
        while done < n_rows:
            size = min(CHUNK, n_rows - done)
            table = pa.table(simulate_chunk(rng, size, n_customers), schema=schema)
            writer.write_table(table, row_group_size=ROW_GROUP)
            done += size
    tmp.rename(path)
    return path


class PeakRSS:
    """Sample the RSS of this process and its children every ``interval`` seconds."""

    def __init__(self, interval: float = 0.02) -> None:
        import psutil

        self._proc = psutil.Process()
        self.interval = interval
        self.baseline = self.rss()
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        total = self._proc.memory_info().rss
        for child in self._proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except Exception:  # the child ended
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def _spark_session(cores: int):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("clvmodels-bench")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "6g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_one(engine: str, path: str, memory_limit: str, threads: int) -> dict:
    """Measure one engine on one file (called in the subprocess)."""
    import warnings

    warnings.simplefilter("ignore")
    import pandas as pd

    from clvmodels.features import rfm_summary

    result: dict = {"engine": engine}
    if engine == "bgnbd-fit":  # BG/NBD fit on the DuckDB summary (identical customers compressed)
        from clvmodels.models import BetaGeoModel

        summary = rfm_summary(path, engine="duckdb", memory_limit=memory_limit, threads=threads,
                              temp_directory=str(DATA_DIR / "duckdb_tmp"), time_unit="W")
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            model = BetaGeoModel().fit(summary)
            result["wall_s"] = time.perf_counter() - t0
        result.update(peak_rss_gib=mem.peak / 2**30, peak_delta_gib=(mem.peak - mem.baseline) / 2**30,
                      n_customers=len(summary), sum_frequency=float(summary["frequency"].sum()),
                      params=[round(float(v), 4) for v in model.params_])
        return result
    if engine in ("duckdb", "duckdb-sql"):
        import duckdb  # noqa: F401  (imported before timing, as lifetimes is)

        from clvmodels.features import _duckdb

        if engine == "duckdb-sql":  # force the out-of-core SQL reduction
            _duckdb._FORCE_REDUCTION = "sql"
        def traced(name: str):  # record which reduction ran
            func = getattr(_duckdb, name)

            def call(*a, **k):
                result["reduction"] = name.removeprefix("_reduce_")
                return func(*a, **k)
            return call

        for name in ("_reduce_sorted", "_reduce_sql"):
            setattr(_duckdb, name, traced(name))
    spark = _spark_session(threads) if engine == "spark" else None
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        if engine == "pandas":
            df = pd.read_parquet(path)
            result["read_s"] = time.perf_counter() - t0
            out = rfm_summary(df)
        elif engine in ("duckdb", "duckdb-sql"):
            out = rfm_summary(path, engine="duckdb", memory_limit=memory_limit, threads=threads,
                              temp_directory=str(DATA_DIR / "duckdb_tmp"))
        elif engine == "spark":
            out = rfm_summary(path, engine="spark", spark=spark)
        elif engine == "lifetimes":
            from lifetimes.utils import summary_data_from_transaction_data

            df = pd.read_parquet(path)
            t0 = time.perf_counter()  # lifetimes timed on the in-memory DataFrame
            out = summary_data_from_transaction_data(
                df, "customer_id", "date", monetary_value_col="amount", freq="D"
            )
        else:
            raise ValueError(engine)
        result["wall_s"] = time.perf_counter() - t0
    result["peak_rss_gib"] = mem.peak / 2**30
    result["peak_delta_gib"] = (mem.peak - mem.baseline) / 2**30
    result["n_customers"] = len(out)
    result["sum_frequency"] = float(out["frequency"].sum())
    if spark is not None:
        spark.stop()
    return result


def main(argv: list[str] | None = None) -> int:
    """Generate the data, run every engine x size in a subprocess, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10M,100M")
    ap.add_argument("--engines", default="lifetimes,pandas,duckdb,duckdb-sql,spark",
                    help="duckdb: the reduction it picks (in-memory sort while the log fits half "
                         "its memory_limit, else SQL); duckdb-sql: the SQL reduction forced")
    ap.add_argument("--memory-limit", default="4GB", help="DuckDB memory_limit")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-pandas-rows", default="10M",
                    help="skip pandas/lifetimes above this size (they hold the log in memory)")
    ap.add_argument("--max-spark-rows", default="100M")
    ap.add_argument("--fit", action="store_true",
                    help="also time BetaGeoModel.fit on the DuckDB summary (weeks) of the largest size")
    ap.add_argument("--fit-timeout", type=float, default=900, help="seconds allowed for the fit")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per engine and size (each a fresh process); the median is shown")
    ap.add_argument("--repeat-max-rows", default="10M",
                    help="sizes above this run once")
    ap.add_argument("--one", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], args.memory_limit, args.threads)))
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",")]
    engines = [e.strip() for e in args.engines.split(",")]
    rows = []
    for n in sizes:
        t0 = time.perf_counter()
        path = write_parquet(n)
        print(f"# data: {path} ({path.stat().st_size / 2**20:.0f} MiB, ready in "
              f"{time.perf_counter() - t0:.1f} s)", flush=True)
        run_engines = engines + (["bgnbd-fit"] if args.fit and n == max(sizes) else [])
        for engine in run_engines:
            if engine in ("pandas", "lifetimes") and n > parse_size(args.max_pandas_rows):
                continue
            if engine == "spark" and n > parse_size(args.max_spark_rows):
                continue
            cmd = [sys.executable, __file__, "--one", engine, str(path),
                   "--memory-limit", args.memory_limit, "--threads", str(args.threads)]
            repeat = max(args.repeat, 1) if n <= parse_size(args.repeat_max_rows) else 1
            runs = []
            for _ in range(repeat):
                try:
                    proc = subprocess.run(
                        cmd, capture_output=True, text=True, env=dict(os.environ),
                        timeout=args.fit_timeout if engine == "bgnbd-fit" else None,
                    )
                except subprocess.TimeoutExpired:
                    print(f"# {engine} at {n:,} rows did not finish within "
                          f"{args.fit_timeout:.0f} s", flush=True)
                    break
                if proc.returncode != 0:
                    print(f"# {engine} at {n:,} rows failed: {proc.stderr.strip()[-800:]}",
                          flush=True)
                    break
                run = json.loads(proc.stdout.strip().splitlines()[-1])
                runs.append(run)
                print(f"# {engine:9s} {n:>12,} rows: {run['wall_s']:8.2f} s, peak RSS "
                      f"{run['peak_rss_gib']:.2f} GiB", flush=True)
            if not runs:
                continue
            res = sorted(runs, key=lambda r: r["wall_s"])[(len(runs) - 1) // 2]  # the median
            res.update(rows=n, runs=[round(r["wall_s"], 2) for r in runs],
                       peak_rss_gib=max(r["peak_rss_gib"] for r in runs),
                       peak_delta_gib=max(r["peak_delta_gib"] for r in runs))
            rows.append(res)

    print()
    print("wall s: median of the runs (each a fresh process); peak RSS: the largest run's")
    print(f"{'rows':>12} {'engine':18} {'wall s':>8} {'peak RSS GiB':>13} {'delta GiB':>10} "
          f"{'customers':>10} {'vs lifetimes':>13}  runs (s)")
    base = {r["rows"]: r["wall_s"] for r in rows if r["engine"] == "lifetimes"}
    fits = [r for r in rows if r["engine"] == "bgnbd-fit"]
    rows = [r for r in rows if r["engine"] != "bgnbd-fit"]
    for r in rows:
        ratio = f"{base[r['rows']] / r['wall_s']:.1f}x" if r["rows"] in base else "-"
        label = r["engine"] + (f" ({r['reduction']})" if r["engine"] == "duckdb" else "")
        print(f"{r['rows']:>12,} {label:18} {r['wall_s']:8.2f} {r['peak_rss_gib']:13.2f} "
              f"{r['peak_delta_gib']:10.2f} {r['n_customers']:>10,} {ratio:>13}  "
              f"{' '.join(f'{t:.2f}' for t in r['runs'])}")
    for r in rows:
        if r["engine"] == "duckdb" and r["rows"] == 10_000_000 and r["rows"] in base:
            ratio = base[r["rows"]] / r["wall_s"]
            print(f"# target: DuckDB >= 20x lifetimes at 10M rows: {ratio:.1f}x, "
                  f"{'met' if ratio >= 20 else 'NOT met'}")
    for r in fits:
        print(f"# BetaGeoModel().fit on the {r['n_customers']:,}-customer summary (weeks): "
              f"{r['wall_s']:.1f} s, peak RSS {r['peak_rss_gib']:.2f} GiB, params {r['params']}")
    sums = {(r["rows"], r["engine"]): r["sum_frequency"] for r in rows}
    for n in sizes:
        vals = {e: v for (m, e), v in sums.items() if m == n}
        if len(set(vals.values())) > 1:
            print(f"# WARNING: engines disagree on sum(frequency) at {n:,} rows: {vals}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
