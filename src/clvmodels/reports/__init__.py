"""Scheduled, parameterized reports (papermill + nbconvert) and headline numbers.

``run_report`` runs the notebooks of ``notebooks/`` into ``reports/<run-id>/`` (one HTML page per
notebook and an ``index.html`` with headline numbers); ``clvmodels report`` is its command line.
Notebooks report their headline numbers with :func:`headline` and their per-customer labels and
scores with :func:`record_scores`; a run merges those into ``customer_scores.parquet`` (every
customer of the run's database exactly once) and can write them back into the user's database.
"""

from __future__ import annotations

from .headlines import headline, read_headlines
from .notebooks import COMMON_PARAMETERS, NotebookSpec, list_specs, parse_parameters, read_spec
from .params import ReportConfig, load_params_file, validate_parameters
from .runner import NotebookResult, ReportResult, run_report
from .scores import merge_scores, record_scores
from .writeback import WriteBack, write_back_target, write_table

__all__ = [
    "COMMON_PARAMETERS",
    "NotebookResult",
    "NotebookSpec",
    "ReportConfig",
    "ReportResult",
    "WriteBack",
    "headline",
    "list_specs",
    "load_params_file",
    "merge_scores",
    "parse_parameters",
    "read_headlines",
    "read_spec",
    "record_scores",
    "run_report",
    "validate_parameters",
    "write_back_target",
    "write_table",
]
