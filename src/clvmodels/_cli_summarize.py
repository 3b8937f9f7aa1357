"""``clvmodels summarize``: a transaction log in, the per-customer RFM (BTYD) summary out.

::

    clvmodels summarize orders.csv -o summary.csv --time-unit W --observation-end 1998-06-30
    clvmodels summarize orders.parquet -o split.parquet --calibration-end 1997-09-30

The log is read with :func:`clvmodels.read_transactions` (all its checks apply) and summarized
with :func:`clvmodels.features.rfm_summary`, or :func:`clvmodels.features.calibration_holdout_split`
when ``--calibration-end`` is given. The output format follows OUTPUT's extension (``.csv``,
``.csv.gz``, ``.tsv``, ``.parquet``, ``.pq``); ``customer_id`` is written as the first column.
A one-line summary and any data warnings go to stderr. Bad input: one line on stderr, exit
code 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from ._checks import check_time_unit
from .exceptions import ClvModelsWarning, ParameterError

_OUTPUT_KINDS = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet"}

_COLUMN_FLAGS = (
    ("customer_id", "--customer-col", "customer id column (default: detected by name)"),
    ("date", "--date-col", "date column (default: detected by name)"),
    ("amount", "--amount-col", "amount column (default: detected by name)"),
    ("order_id", "--order-col", "order id column (optional)"),
    ("cost", "--cost-col", "cost column (optional)"),
    ("quantity", "--quantity-col", "quantity column (optional)"),
    ("category", "--category-col", "product category column (optional)"),
    ("channel", "--channel-col", "sales channel column (optional)"),
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``summarize`` on the ``clvmodels`` command's subparsers.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The object returned by ``ArgumentParser.add_subparsers``.
    """
    p = sub.add_parser(
        "summarize",
        help="per-customer RFM summary (frequency, recency, T, monetary_value) of a log",
        description="Read and validate a transaction log and write the per-customer BTYD "
        "summary (frequency, recency, T, monetary_value), or the calibration/holdout split.",
    )
    p.add_argument("input", metavar="INPUT", help="transaction log: CSV/TSV/TXT (.gz) or Parquet")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT",
        help="output file; format by extension: .csv, .csv.gz, .tsv, .parquet, .pq",
    )
    for canon, flag, text in _COLUMN_FLAGS:
        p.add_argument(flag, dest=f"col_{canon}", metavar="NAME", help=text)
    p.add_argument(
        "--time-unit", default="D", type=str.upper, choices=("D", "W", "M"),
        help="unit of recency and T: D days, W weeks, M months of 365.25/12 days (default D)",
    )
    p.add_argument(
        "--observation-end", metavar="YYYY-MM-DD",
        help="end of observation (inclusive); later transactions are excluded with a warning "
        "(default: the last transaction date)",
    )
    p.add_argument(
        "--calibration-end", metavar="YYYY-MM-DD",
        help="write the calibration/holdout split with this calibration end instead",
    )
    p.add_argument(
        "--allow-returns", action="store_true",
        help="net negative amounts against the customer's most recent purchase day",
    )
    p.add_argument(
        "--drop-duplicates", action="store_true", help="drop exact duplicate rows (default: keep)"
    )
    p.add_argument(
        "--drop-zero-amounts", action="store_true",
        help="exclude zero-amount rows (default: keep them as purchases)",
    )
    p.add_argument(
        "--utc", action="store_true",
        help="accept dates in several time zones by converting each to UTC",
    )
    p.add_argument(
        "--date-format", metavar="FMT", help="strftime format of the dates, e.g. %%d/%%m/%%Y"
    )
    p.add_argument("--currency", default="USD", help="currency of the amounts (default USD)")
    p.add_argument("--encoding", default="utf-8", help="text encoding of INPUT (default utf-8)")
    p.add_argument("--sep", help="field separator of a text INPUT (default: detected)")
    p.add_argument(
        "--names", metavar="A,B,C",
        help="comma-separated column names of a text INPUT without a header line",
    )
    p.set_defaults(run=run)


def _output_kind(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    kind = _OUTPUT_KINDS.get(suffixes[-1] if suffixes else "")
    if kind is None:
        raise ParameterError(
            f"output {path.name!r} has no known extension; use .csv, .csv.gz, .tsv, .parquet "
            f"or .pq."
        )
    return kind


def _write(table: pd.DataFrame, path: Path, kind: str) -> None:
    out = table.reset_index()
    # attrs travel into Parquet metadata as JSON: keep them, as text
    out.attrs = {k: v if isinstance(v, str | int | float) else str(v) for k, v in out.attrs.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        out.to_parquet(path, index=False)
    else:
        out.to_csv(path, index=False, sep="\t" if kind == "tsv" else ",")


def run(args: argparse.Namespace) -> int:
    """Run ``clvmodels summarize``; returns the exit code (0 on success).

    Raises
    ------
    DataValidationError, ParameterError
        Bad input or settings; :func:`clvmodels.cli.main` prints the one-line message and
        exits with code 2.
    """
    from .features import calibration_holdout_split, rfm_summary
    from .io import read_transactions

    output = Path(args.output)
    kind = _output_kind(output)
    time_unit = check_time_unit(args.time_unit)
    columns = {
        canon: getattr(args, f"col_{canon}")
        for canon, _, _ in _COLUMN_FLAGS
        if getattr(args, f"col_{canon}", None)
    }
    names = [n.strip() for n in args.names.split(",")] if args.names else None
    if Path(args.input).resolve() == output.resolve():
        raise ParameterError(
            f"output {args.output!r} is the input file; choose another output path."
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ClvModelsWarning)
        tx = read_transactions(
            args.input,
            columns=columns or None,
            date_format=args.date_format,
            observation_end=args.observation_end,
            allow_returns=args.allow_returns,
            drop_duplicates=args.drop_duplicates,
            drop_zero_amounts=args.drop_zero_amounts,
            utc=args.utc,
            currency=args.currency,
            encoding=args.encoding,
            sep=args.sep,
            names=names,
        )
        summary_kwargs: dict[str, Any] = {
            "observation_end": args.observation_end,
            "time_unit": time_unit,
        }
        if args.calibration_end:
            table = calibration_holdout_split(
                tx, calibration_end=args.calibration_end, **summary_kwargs
            )
        else:
            table = rfm_summary(tx, **summary_kwargs)
        _write(table, output, kind)
    for w in caught:
        if issubclass(w.category, ClvModelsWarning):
            print(f"clvmodels summarize: warning: {w.message}", file=sys.stderr)
        else:  # not ours: hand it back to the normal machinery
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    what = "calibration/holdout split" if args.calibration_end else "RFM summary"
    end = table.attrs.get("observation_end", args.observation_end)
    end_text = f", observation end {pd.Timestamp(end).date()}" if end is not None else ""
    print(
        f"clvmodels summarize: {what} of {len(table)} customers from {len(tx)} transactions "
        f"({Path(args.input).name}), time unit {time_unit}{end_text} -> {output}",
        file=sys.stderr,
    )
    return 0
