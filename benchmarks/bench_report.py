"""The full report on a large database: wall time and peak memory of every notebook.

Usage::

    .venv/bin/python benchmarks/bench_report.py                        # 1M customers + CDNOW master
    .venv/bin/python benchmarks/bench_report.py --customers 100000     # a quicker run
    .venv/bin/python benchmarks/bench_report.py --customers 100000 --only 3,6 --skip-cdnow-master
    .venv/bin/python benchmarks/bench_report.py --customers 0          # the CDNOW master only

The synthetic CRM database (:func:`clvmodels.datasets.make_crm_data`) is built once per size and
seed into ``benchmarks/_data/crm_<n>_rs<seed>.parquet`` (git-ignored; reused by later runs) and
the report runs on it through the public API, as ``clvmodels report --input FILE.parquet
--calibration-end ... --observation-end ...`` would (the dates are the synthetic database's own,
so the holdout window is the one its truth describes). Then the same on ``--dataset
cdnow-master`` (23,570 customers).

Each notebook runs alone (``run_report(only=[name], jobs=1)``) while a thread polls, every 0.2 s,
the resident memory (RSS) of this process's child processes and their children (the notebook's
kernel tree), so the peak belongs to that notebook. Then, unless ``--no-whole-run``, the whole
report runs once with ``--jobs`` notebooks at a time (default 2, as ``clvmodels report`` on 2
cores) and its wall time and peak (both kernels together) are measured; with ``--no-whole-run``
the whole-report time is the sum of the per-notebook times, an upper bound (said as such).

A kernel that runs longer than ``--timeout`` seconds is stopped (its notebook is reported as
``timeout``) instead of running for an hour. The script prints whether the targets are
met: every notebook ok, peak memory under 24 GiB, whole report under 15 minutes. Exit code 1 when
a target is missed. Outputs go to a temporary folder unless ``--output-dir`` keeps them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "_data"
TARGET_REPORT_SECONDS = 15 * 60.0
MEMORY_LIMIT_BYTES = 24 * 2**30
GIB = 2**30


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


def build_crm_parquet(
    n_customers: int, *, random_state: int = 0, data_dir: Path = DATA_DIR
) -> tuple[Path, dict[str, Any]]:
    """Write the transactions of ``make_crm_data(n_customers)`` to Parquet, once.

    Parameters
    ----------
    n_customers : int
        Customers of the synthetic CRM database.
    random_state : int
        Seed of :func:`clvmodels.datasets.make_crm_data`.
    data_dir : Path
        Folder of the generated files (``benchmarks/_data``, git-ignored).

    Returns
    -------
    path : Path
        ``<data_dir>/crm_<n>_rs<seed>.parquet``, reused when it exists.
    meta : dict
        ``n_customers``, ``n_rows``, ``calibration_end``, ``observation_end`` (the database's own
        dates, ``YYYY-MM-DD``), ``seconds`` (generation and writing), from the ``.json`` beside it.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"crm_{n_customers}_rs{random_state}.parquet"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        return path, json.loads(meta_path.read_text(encoding="utf-8"))
    from clvmodels.datasets import make_crm_data

    t0 = time.perf_counter()
    data = make_crm_data(n_customers, random_state=random_state)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data.transactions.to_parquet(tmp, index=False)
    meta = {
        "n_customers": n_customers,
        "n_rows": len(data.transactions),
        "calibration_end": f"{data.calibration_end:%Y-%m-%d}",
        "observation_end": f"{data.observation_end:%Y-%m-%d}",
        "random_state": random_state,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    del data
    os.replace(tmp, path)
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return path, meta


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


class KernelWatch:
    """Poll the RSS of this process's children (the kernels and their children) in a thread.

    Keeps the peak of the sum over the whole tree, and stops (kills) a direct child that has run
    longer than ``timeout`` seconds, recording its pid in ``timed_out``. Use as a context manager.

    Parameters
    ----------
    interval : float
        Seconds between polls.
    timeout : float, optional
        Seconds a kernel may run.
    """

    def __init__(self, interval: float = 0.2, timeout: float | None = None) -> None:
        import psutil

        self._psutil = psutil
        self._me = psutil.Process()
        self.interval = interval
        self.timeout = timeout
        self.peak_bytes = 0
        self.peak_runner_bytes = 0
        self.timed_out: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kernel-watch", daemon=True)

    def _poll(self) -> None:
        psutil = self._psutil
        total = 0
        now = time.time()
        try:
            children = self._me.children(recursive=True)
            direct = self._me.children(recursive=False)
        except psutil.Error:
            return
        for proc in children:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        self.peak_bytes = max(self.peak_bytes, total)
        try:
            self.peak_runner_bytes = max(self.peak_runner_bytes, self._me.memory_info().rss)
        except psutil.Error:
            pass
        if self.timeout is None:
            return
        for proc in direct:
            try:
                if proc.pid in self.timed_out or now - proc.create_time() <= self.timeout:
                    continue
                tree = [*proc.children(recursive=True), proc]
            except psutil.Error:
                continue
            self.timed_out.append(proc.pid)
            for p in tree:  # processes this benchmark started (a kernel and its workers)
                try:
                    p.kill()
                except psutil.Error:
                    pass

    def _run(self) -> None:
        while not self._stop.is_set():
            self._poll()
            self._stop.wait(self.interval)

    def __enter__(self) -> KernelWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Row:
    """One line of the table: a notebook (or the whole report) on one data set."""

    name: str
    seconds: float
    peak_bytes: int
    status: str
    error: str = ""
    runner_peak_bytes: int = 0


def _status(nb: Any, timed_out: bool) -> str:
    if nb.status == "ok":
        return "ok"
    return "timeout" if timed_out else "failed"


def run_measured(
    params: Mapping[str, Any],
    *,
    only: Sequence[str] | None,
    jobs: int,
    timeout: float | None,
    output_dir: Path,
    interval: float = 0.2,
) -> tuple[float, KernelWatch, Any]:
    """Run the report (or some notebooks) once under a :class:`KernelWatch`.

    Returns
    -------
    seconds : float
        Wall time of :func:`clvmodels.reports.run_report`.
    watch : KernelWatch
        Peak memory and the kernels stopped for the timeout.
    result : ReportResult
    """
    from clvmodels.reports import run_report

    with KernelWatch(interval=interval, timeout=timeout) as watch:
        t0 = time.perf_counter()
        result = run_report(dict(params), output_dir=output_dir, only=list(only) if only else None,
                            jobs=jobs, progress=False, update_latest=False, timeout=timeout)
        seconds = time.perf_counter() - t0
    return seconds, watch, result


def measure_dataset(
    params: Mapping[str, Any],
    notebooks: Sequence[str],
    *,
    jobs: int,
    whole_run: bool,
    timeout: float | None,
    output_dir: Path,
) -> tuple[list[Row], Row]:
    """Per-notebook rows (each notebook alone, ``jobs=1``) and the whole-report row."""
    rows: list[Row] = []
    for name in notebooks:
        seconds, watch, result = run_measured(params, only=[name], jobs=1, timeout=timeout,
                                              output_dir=output_dir)
        nb = result.notebooks[0]
        rows.append(Row(name, seconds, watch.peak_bytes, _status(nb, bool(watch.timed_out)),
                        nb.error or "", watch.peak_runner_bytes))
        print(f"    {_format_row(rows[-1])}", flush=True)
    if whole_run:
        seconds, watch, result = run_measured(params, only=notebooks, jobs=jobs, timeout=timeout,
                                              output_dir=output_dir)
        failed = [nb.name for nb in result.notebooks if nb.status != "ok"]
        status = "ok" if not failed else ("timeout" if watch.timed_out else "failed")
        whole = Row(f"whole report (jobs={jobs}, one run)", seconds, watch.peak_bytes, status,
                    ", ".join(failed), watch.peak_runner_bytes)
    else:
        status = "ok" if all(r.status == "ok" for r in rows) else "failed"
        whole = Row("whole report (sum of the above: upper bound)", sum(r.seconds for r in rows),
                    max((r.peak_bytes for r in rows), default=0), status,
                    runner_peak_bytes=max((r.runner_peak_bytes for r in rows), default=0))
    return rows, whole


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def _format_row(row: Row) -> str:
    error = f"  {row.error[:110]}" if row.error else ""
    return (f"{row.name:<46} {row.seconds:>8.1f} {row.peak_bytes / GIB:>8.2f} "
            f"{row.runner_peak_bytes / GIB:>8.2f}  {row.status:<7}{error}")


def print_table(title: str, rows: list[Row], whole: Row) -> None:
    """The table of one data set: notebook, wall s, peak kernel RSS, runner RSS, status."""
    print(f"\n{title}")
    print(f"{'notebook':<46} {'wall s':>8} {'peak GiB':>8} {'runner':>8}  status")
    for row in rows:
        print(_format_row(row))
    print(_format_row(whole))


def targets_met(rows: list[Row], whole: Row, *, whole_measured: bool) -> list[tuple[str, bool]]:
    """The targets for one data set, as (description, met) pairs."""
    peak = max([r.peak_bytes + r.runner_peak_bytes for r in rows]
               + [whole.peak_bytes + whole.runner_peak_bytes])
    how = "one run" if whole_measured else "sum of the notebooks, an upper bound"
    return [
        (f"every notebook ok ({sum(r.status == 'ok' for r in rows)}/{len(rows)})",
         all(r.status == "ok" for r in rows) and whole.status == "ok"),
        (f"peak memory (kernels + runner) {peak / GIB:.2f} GiB < {MEMORY_LIMIT_BYTES / GIB:.0f} GiB",
         peak < MEMORY_LIMIT_BYTES),
        (f"whole report {whole.seconds / 60:.1f} min ({how}) < {TARGET_REPORT_SECONDS / 60:.0f} min",
         whole.seconds < TARGET_REPORT_SECONDS),
    ]


def main(argv: list[str] | None = None) -> int:
    """Build the data, run the notebooks one by one and the whole report; print the tables."""
    from clvmodels.reports.notebooks import find_notebooks_dir, list_specs, select_specs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000,
                        help="synthetic customers (default 1000000; 0: no synthetic run)")
    parser.add_argument("--random-state", type=int, default=0, help="seed of make_crm_data")
    parser.add_argument("--only", action="append", metavar="NB",
                        help="notebooks to run, numbers or names, comma-separated or repeated")
    parser.add_argument("--skip-cdnow-master", action="store_true", help="no CDNOW master run")
    parser.add_argument("--no-whole-run", action="store_true",
                        help="do not run the whole report at once; report the sum of the notebooks")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at once in the whole run")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds a notebook's kernel may run before it is stopped (default 1800)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--output-dir", type=Path, default=None,
                        help="keep the reports here (default: a temporary folder, removed)")
    args = parser.parse_args(argv)

    specs = select_specs(list_specs(find_notebooks_dir(None)),
                         only=[s for v in args.only or [] for s in v.split(",") if s], skip=[])
    notebooks = [s.name for s in specs]
    datasets: list[tuple[str, dict[str, Any]]] = []
    if args.customers > 0:
        path, meta = build_crm_parquet(args.customers, random_state=args.random_state)
        print(f"data: {path} ({meta['n_customers']:,} customers, {meta['n_rows']:,} rows; built in "
              f"{meta['seconds']} s when first made)")
        datasets.append((
            f"synthetic CRM database, {meta['n_customers']:,} customers, {meta['n_rows']:,} "
            f"transactions (--input {path.name})",
            {"input_path": str(path), "calibration_end": meta["calibration_end"],
             "observation_end": meta["observation_end"], "lang": args.lang},
        ))
    if not args.skip_cdnow_master:
        datasets.append(("CDNOW master, 23,570 customers (--dataset cdnow-master)",
                         {"dataset": "cdnow-master", "lang": args.lang}))
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}, notebooks: "
          f"{', '.join(notebooks)}; timeout per kernel {args.timeout:.0f} s; peak = RSS of the "
          "kernel process tree (polled every 0.2 s); runner = this process (HTML export)", flush=True)

    failed_targets = False
    with tempfile.TemporaryDirectory(prefix="clvmodels-bench-") as tmp:
        out = args.output_dir or Path(tmp)
        for title, params in datasets:
            print(f"\n== {title}: {params}", flush=True)
            rows, whole = measure_dataset(params, notebooks, jobs=args.jobs,
                                          whole_run=not args.no_whole_run, timeout=args.timeout,
                                          output_dir=out)
            print_table(title, rows, whole)
            for text, met in targets_met(rows, whole, whole_measured=not args.no_whole_run):
                print(f"  [{'met' if met else 'MISSED'}] {text}")
                failed_targets |= not met
            sys.stdout.flush()
    return 1 if failed_targets else 0


if __name__ == "__main__":
    sys.exit(main())
