"""``clvmodels report``: run the notebooks into a browsable HTML report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..exceptions import ParameterError
from ..features import ENGINES

EPILOG = """\
parameters:
  Values come from the notebooks' defaults, then --params FILE.yaml, then the flags above (the
  flags win). Every value is checked against the notebooks' 'parameters' cells before anything
  runs. See examples/report.yaml for a scheduled (cron) run.

data:
  One database per run: --data (a folder of CSV/Parquet files with an optional crm.yaml, a
  DuckDB file, a crm.yaml, or a database URL such as postgresql+psycopg://user@host/shop;
  YAML 'data:' also takes load_crm options), else --input (one transaction log), else
  --dataset (bundled; default cdnow). It is read and checked once, before any notebook starts,
  and every notebook reads that same database.

output:
  <output-dir>/<run-id>/index.html     index: the data, every page, its headline numbers, the
                                       parameters
  <output-dir>/<run-id>/NN_name.html   one page per notebook (code hidden unless --show-code)
  <output-dir>/<run-id>/NN_name.ipynb  the executed notebook
  <output-dir>/<run-id>/customer_scores.parquet, .csv, .json
                                       every customer once, with every label and score of the
                                       run (the .json lists each column's notebook and unit)
  <output-dir>/latest                  the newest complete run in which a notebook ran

  --write-back TABLE writes customer_scores into TABLE of the --data database (DuckDB file or
  SQL URL) after a run in which every notebook ran: --write-back-mode replace (default)
  replaces the table, append adds rows with run_id and scored_at.

  A run is built in its own
  hidden folder and renamed when done; 'latest' only ever moves from one complete run to
  another. A second run with the same --run-id stops at once (exit 2) while the first holds
  its lock. --keep N removes all but the newest N complete runs.

exit codes:
  0    every notebook ran (and the scores were written back, when asked)
  1    a notebook failed (its page shows the failing cell; the other notebooks still ran), or
       customer_scores or the write-back could not be written
  2    bad input, parameters or output folder (nothing was run)
  130  stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM (e.g. a cron timeout): finished
       pages are kept in <output-dir>/<run-id>/, the rest marked stopped; 'latest' unchanged

examples:
  clvmodels report                                   # bundled CDNOW sample, English
  clvmodels report --lang zh                         # the same report in Chinese
  clvmodels report --input orders.csv --customer-col cust --date-col day --amount-col total
  clvmodels report --data exports/                   # your CRM tables (CSV/Parquet + crm.yaml)
  clvmodels report --data shop.duckdb --write-back customer_scores
  clvmodels report --dataset synthetic               # the full synthetic CRM database
  clvmodels report --params examples/report.yaml --only 1,2,3
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``clvmodels report`` on the subcommand parsers of the ``clvmodels`` command."""
    p = sub.add_parser(
        "report",
        help="run the notebooks into an HTML report",
        description="Run every notebook of notebooks/ with papermill and build an HTML report "
        "with an index of headline numbers, in English or Chinese.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    data = p.add_argument_group("data")
    data.add_argument("--data", metavar="PATH_OR_URL",
                      help="your CRM database: a folder of CSV/Parquet files (optional crm.yaml), "
                      "a DuckDB file, a crm.yaml or a database URL")
    data.add_argument("--dataset", choices=("cdnow", "cdnow-master", "synthetic"),
                      help="bundled data set (default cdnow)")
    data.add_argument("--input", metavar="PATH", help="a CSV/Parquet transaction log instead of --dataset")
    data.add_argument("--customer-col", metavar="COL", help="customer id column of --input")
    data.add_argument("--date-col", metavar="COL", help="date column of --input")
    data.add_argument("--amount-col", metavar="COL", help="amount column of --input")
    data.add_argument("--max-customers", type=int, metavar="N",
                      help="random subset of N customers, for quick runs")
    data.add_argument("--engine", choices=ENGINES,
                      help="computation engine, for the notebooks that declare 'engine'")
    data.add_argument("--write-back", metavar="TABLE",
                      help="after the run, write customer_scores into this table of the --data "
                      "database (DuckDB file or SQL URL)")
    data.add_argument("--write-back-mode", choices=("replace", "append"),
                      help="replace the table (default) or append rows with run_id and scored_at")
    run = p.add_argument_group("run")
    run.add_argument("--params", metavar="FILE.yaml", help="notebook parameters and report options")
    run.add_argument("--lang", choices=("en", "zh"), help="report language (default en)")
    run.add_argument("--only", action="append", metavar="NB",
                     help="run only these notebooks: numbers or names, comma-separated or repeated")
    run.add_argument("--skip", action="append", metavar="NB", help="leave these notebooks out")
    run.add_argument("--run-id", help="folder name of the run (default: date-time and a parameter hash)")
    run.add_argument("--output-dir", metavar="DIR", help="where runs are written (default: ./reports)")
    run.add_argument("--notebooks-dir", metavar="DIR",
                     help="folder of NN_name.ipynb notebooks (default: ./notebooks or the project's)")
    run.add_argument("--show-code", action="store_true", default=None, help="show code in the pages")
    run.add_argument("--solutions", action="store_true", default=None,
                     help="show the solutions of the notebooks' exercises (cells tagged 'solution')")
    run.add_argument("--jobs", "-j", type=int, metavar="N",
                     help="notebooks run at the same time (default: 2 on 2+ cores)")
    run.add_argument("--timeout", type=float, metavar="SECONDS", help="time limit of one cell")
    run.add_argument("--kernel", metavar="NAME", help="Jupyter kernel (default: the notebooks' own)")
    run.add_argument("--keep", type=int, metavar="N",
                     help="after the run, keep only the newest N complete runs (default: all)")
    run.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(run=run_command)


def _cli_params(args: argparse.Namespace) -> dict[str, Any]:
    chosen = [flag for flag, value in (("--data", args.data), ("--input", args.input),
                                       ("--dataset", args.dataset)) if value is not None]
    if len(chosen) > 1:
        raise ParameterError(
            f"{' and '.join(chosen)} each choose the run's data (one database per run); pass one."
        )
    params: dict[str, Any] = {}
    if args.dataset is not None:
        params["dataset"] = args.dataset
    if args.input is not None:
        params["input_path"] = args.input
    column_map = {
        key: value
        for key, value in (
            ("customer_id", args.customer_col),
            ("date", args.date_col),
            ("amount", args.amount_col),
        )
        if value is not None
    }
    if column_map:
        if args.input is None:
            raise ParameterError(
                "--customer-col/--date-col/--amount-col map the columns of --input; pass --input PATH."
            )
        params["column_map"] = column_map
    if args.max_customers is not None:
        if args.max_customers < 1:
            raise ParameterError(f"--max-customers {args.max_customers} must be at least 1.")
        params["max_customers"] = args.max_customers
    if args.lang is not None:
        params["lang"] = args.lang
    if args.engine is not None:
        params["engine"] = args.engine
    return params


def run_command(args: argparse.Namespace) -> int:
    """Run ``clvmodels report`` with parsed arguments; returns the exit code (0, 1 or 2).

    Bad parameters raise :class:`~clvmodels.exceptions.ParameterError` or FileNotFoundError,
    which ``clvmodels.cli.main`` prints as one line with exit code 2.
    """
    from .inputs import data_source
    from .notebooks import find_notebooks_dir, list_specs
    from .params import ReportConfig, load_params_file
    from .runner import run_report

    config = load_params_file(args.params) if args.params else ReportConfig()
    options = config.options
    params = dict(config.params)
    data = config.data
    cli = _cli_params(args)
    if args.data is not None or "input_path" in cli or "dataset" in cli:
        # the command line's choice of data replaces the file's
        data = None if args.data is None else data_source(args.data, where="--data")
        for name in ("dataset", "input_path", "column_map"):
            params.pop(name, None)
    params.update(cli)
    write_back = args.write_back if args.write_back is not None else config.write_back
    if args.write_back_mode is not None and write_back is None:
        raise ParameterError("--write-back-mode needs --write-back TABLE (or write_back: in the "
                             "parameters file).")
    notebooks_dir = args.notebooks_dir or options.get("notebooks_dir")
    if "engine" in cli:
        specs = list_specs(find_notebooks_dir(notebooks_dir))
        if not any("engine" in s.parameters for s in specs):
            params.pop("engine")
            print("clvmodels report: note: no notebook declares 'engine'; --engine is ignored.",
                  file=sys.stderr)

    def pick(name: str, default: Any = None) -> Any:
        value = getattr(args, name)
        value = value if value is not None else options.get(name, default)
        if name in ("only", "skip") and value is not None and not isinstance(value, list):
            value = [value]
        return value

    result = run_report(
        params,
        notebook_params=config.notebook_params,
        notebooks_dir=notebooks_dir,
        output_dir=pick("output_dir", "reports"),
        only=pick("only"),
        skip=pick("skip"),
        run_id=args.run_id,
        show_code=bool(pick("show_code", False)),
        solutions=bool(pick("solutions", False)),
        progress=False if args.quiet else None,
        kernel_name=pick("kernel"),
        timeout=pick("timeout"),
        jobs=pick("jobs"),
        source=args.params or "command line",
        keep=pick("keep"),
        data=data,
        write_back=write_back,
        write_back_mode=args.write_back_mode,
    )
    if result.exit_code != 0:
        print(f"clvmodels report: {result.failure_message()}", file=sys.stderr)
        return result.exit_code
    if not args.quiet:
        print(f"clvmodels report: {len(result.notebooks)} notebooks in {result.seconds:.1f} s; "
              f"open {result.path / 'index.html'}", file=sys.stderr)
        if result.write_back and result.write_back.get("status") == "ok":
            wb = result.write_back
            print(f"clvmodels report: {wb['rows']:,} customers written to {wb['database']} "
                  f"({wb['mode']})", file=sys.stderr)
    return 0


#: ``clvmodels.cli`` calls ``args.run(args)``.
run = run_command
