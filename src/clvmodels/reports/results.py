"""What a report run produced: one :class:`NotebookResult` per page and the :class:`ReportResult`.

Plain records shared by the runner (which fills them) and the HTML pages (which show them).
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["NotebookResult", "ReportResult"]


@dataclass
class NotebookResult:
    """The outcome of one notebook of a report run.

    Attributes
    ----------
    name, number, title : str
        File stem (``"03_clv_models"``), order prefix and first heading.
    status : {"ok", "failed", "stopped"}
        "stopped": the run was stopped (SIGTERM, SIGINT) before the notebook finished.
    seconds : float
        Wall time of execution and export.
    error : str or None
        ``"ErrorName: message"`` (first line) when failed.
    html, ipynb : str
        File names of the HTML page and the executed notebook in the run folder (``ipynb`` is
        empty when the kernel never produced one).
    headlines : list of dict
        Records written by :func:`clvmodels.reports.headline`.
    parameters : dict
        Parameters passed to the notebook.
    effective_parameters : dict
        Every declared parameter with the value it ran with (passed or default).
    """

    name: str
    number: str
    title: str
    status: str
    seconds: float
    error: str | None
    html: str
    ipynb: str
    headlines: list[dict[str, Any]] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    effective_parameters: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReportResult:
    """The outcome of :func:`run_report`.

    Attributes
    ----------
    run_id : str
    path : Path
        The run folder ``<output_dir>/<run_id>``.
    lang : str
    parameters : dict
        Parameters set by the run (not notebook defaults).
    notebooks : list of NotebookResult
    started : str
        Local start time, ISO format.
    seconds : float
        Wall time of the whole run.
    version : str
        clvmodels version.
    latest : Path or None
        ``<output_dir>/latest`` when it was updated.
    stopped_by : str or None
        ``"SIGTERM"`` or ``"SIGINT"`` when a signal stopped the run.
    removed : list of Path
        Old runs removed by ``keep``.
    data : dict or None
        The run's database: name, source, tables with row counts, customers, transactions,
        date range, currency, the sentence naming it and the reading warnings (None when no
        notebook reads data).
    scores : dict or None
        ``customer_scores``: ``files``, ``customers``, ``columns`` (source and unit of each),
        ``unknown_ids``; or ``error`` when the table could not be written.
    write_back : dict or None
        The write-back: ``table``, ``schema``, ``mode``, ``database`` (password hidden),
        ``status`` ("ok", "skipped", "failed"), ``rows``, ``reason`` or ``error``.
    """

    run_id: str
    path: Path
    lang: str
    parameters: dict[str, Any]
    notebooks: list[NotebookResult]
    started: str
    seconds: float
    version: str
    latest: Path | None = None
    stopped_by: str | None = None
    removed: list[Path] = field(default_factory=list)
    data: dict[str, Any] | None = None
    scores: dict[str, Any] | None = None
    write_back: dict[str, Any] | None = None

    @property
    def failed(self) -> list[NotebookResult]:
        """The notebooks that failed."""
        return [nb for nb in self.notebooks if nb.status != "ok"]

    @property
    def output_problems(self) -> list[str]:
        """What went wrong after the notebooks: customer_scores not written, write-back failed."""
        problems = []
        if self.scores and "error" in self.scores:
            problems.append(f"customer_scores could not be written ({self.scores['error']})")
        if self.write_back and self.write_back.get("status") == "failed":
            problems.append(str(self.write_back.get("error") or "write-back failed"))
        return problems

    @property
    def exit_code(self) -> int:
        """0 when every notebook ran (and the scores were written, and written back when asked),
        1 when one failed or an output after the notebooks failed, 128 + signal number when
        stopped."""
        if self.stopped_by is not None:
            return 128 + int(getattr(signal, self.stopped_by, signal.SIGTERM))
        return 1 if self.failed or self.output_problems else 0

    def failure_message(self) -> str:
        """One line naming the failed notebook(s) or output(s) and the error(s); empty when
        nothing failed."""
        failed = self.failed
        if not failed:
            return "; ".join(self.output_problems)
        if self.stopped_by is not None:
            done = sum(nb.status == "ok" for nb in self.notebooks)
            return (
                f"stopped by {self.stopped_by}: {done} of {len(self.notebooks)} notebooks finished; "
                f"their pages are in {self.path / 'index.html'}; 'latest' is unchanged"
            )
        if len(failed) == 1:
            nb = failed[0]
            return f"notebook {nb.name} failed: {(nb.error or '').rstrip('.')}; see {self.path / nb.html}"
        parts = "; ".join(f"{nb.name} ({(nb.error or '').rstrip('.')})" for nb in failed)
        return f"{len(failed)} notebooks failed: {parts}; see {self.path / 'index.html'}"
