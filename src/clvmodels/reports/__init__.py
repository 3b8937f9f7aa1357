"""Scheduled, parameterized reports (papermill + nbconvert) and headline numbers.

``run_report`` runs the notebooks of ``notebooks/`` into ``reports/<run-id>/`` (one HTML page per
notebook and an ``index.html`` with headline numbers); ``clvmodels report`` is its command line.
Notebooks report their headline numbers with :func:`headline`.
"""

from __future__ import annotations

from .headlines import headline, read_headlines
from .notebooks import COMMON_PARAMETERS, NotebookSpec, list_specs, parse_parameters, read_spec
from .params import ReportConfig, load_params_file, validate_parameters
from .runner import NotebookResult, ReportResult, run_report

__all__ = [
    "COMMON_PARAMETERS",
    "NotebookResult",
    "NotebookSpec",
    "ReportConfig",
    "ReportResult",
    "headline",
    "list_specs",
    "load_params_file",
    "parse_parameters",
    "read_headlines",
    "read_spec",
    "run_report",
    "validate_parameters",
]
