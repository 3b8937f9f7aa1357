"""The ``clvmodels`` command line: ``clvmodels summarize`` and ``clvmodels report``.

Each subcommand lives in its own module, which defines ``add_parser(subparsers)`` and
``run(args) -> int``. Exit codes: 0 success, 1 a report notebook failed, 2 bad input or
parameters (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .exceptions import DataValidationError, ParameterError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

_SUBCOMMANDS = ("clvmodels._cli_summarize", "clvmodels.reports.cli")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="clvmodels",
        description="Customer value analytics: RFM summaries, CLV models and CRM reports.",
    )
    parser.add_argument("--version", action="version", version=f"clvmodels {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _SUBCOMMANDS:
        module = importlib.import_module(name)
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (DataValidationError, ParameterError, FileNotFoundError) as exc:
        print(f"clvmodels {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"clvmodels {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
