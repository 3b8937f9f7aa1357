"""Time the full report (every notebook of notebooks/) on the bundled CDNOW sample.

Usage::

    .venv/bin/python benchmarks/bench_report.py               # default jobs, English
    .venv/bin/python benchmarks/bench_report.py --jobs 1 --lang zh --max-customers 300

Writes into a temporary folder (``reports/`` is not touched) and prints the wall time of each
notebook and of the whole run, and its ratio to the 60-second target of issue 6. Exit code 1 when
a notebook failed (the timing is then not representative).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

TARGET_SECONDS = 60.0


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the kernels)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Run the report once per ``--repeat`` and print the timings."""
    from clvmodels.reports import run_report
    from clvmodels.reports.runner import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help=f"default {default_jobs()}")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--dataset", default=None, help="default: each notebook's own (CDNOW sample)")
    parser.add_argument("--max-customers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--notebooks-dir", default=None)
    args = parser.parse_args(argv)

    params: dict[str, object] = {"lang": args.lang}
    if args.dataset is not None:
        params["dataset"] = args.dataset
    if args.max_customers is not None:
        params["max_customers"] = args.max_customers
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}, "
          f"jobs: {args.jobs or default_jobs()}, params: {params}")
    status = 0
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="clvmodels-bench-") as out:
            t0 = time.perf_counter()
            cpu0 = _cpu_seconds()
            result = run_report(params, notebooks_dir=args.notebooks_dir, output_dir=out,
                                jobs=args.jobs, progress=False, update_latest=False)
            total = time.perf_counter() - t0
            cpu = _cpu_seconds() - cpu0
        print(f"\nrun {i + 1}/{args.repeat}: {len(result.notebooks)} notebooks")
        for nb in result.notebooks:
            print(f"  {nb.name:<28} {nb.status:<7} {nb.seconds:6.1f} s")
        print(f"  {'total (wall)':<28} {'':<7} {total:6.1f} s  = {total / TARGET_SECONDS:.2f} x target "
              f"({TARGET_SECONDS:.0f} s)")
        print(f"  {'CPU (runner + kernels)':<28} {'':<7} {cpu:6.1f} s  (independent of other load; "
              f"wall on an idle machine is about CPU / {min(args.jobs or default_jobs(), os.cpu_count() or 1)})")
        if result.failed:
            print(f"  {result.failure_message()}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
