"""The report runner: every notebook through papermill into ``reports/<run-id>/``.

A run, in order:

1. checks every parameter against the notebooks' ``parameters`` cells, then reads and validates
   the input data once in this process (:mod:`.inputs`): bad input stops here, nothing written;
2. takes the lock of its run id (:mod:`.runs`): a second run with the same id stops with one
   line, exit code 2;
3. builds in a private folder ``reports/.<run-id>.<random>.tmp/``, removing build folders of
   runs that were killed (no live process holds their lock), and writes the run's database
   there once (``_input/crm``): every notebook reads it;
4. runs the notebooks, each in its own kernel; SIGTERM or SIGINT stops the kernels, keeps the
   pages that finished and marks the others as stopped;
5. merges the per-customer scores the notebooks recorded into ``customer_scores.parquet``,
   ``.csv`` and ``.json`` (every customer of the database exactly once) and, when asked and
   every notebook ran, writes them back into the user's database (:mod:`.writeback`);
6. renames the build folder to ``reports/<run-id>/`` and, when the run completed with at least
   one page, switches ``reports/latest`` to it atomically (a new symlink renamed over the old
   one); ``--keep N`` then removes all but the newest N complete runs.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..exceptions import ParameterError
from ..labels import check_lang, label
from .headlines import ENV_VAR, read_headlines
from .inputs import (
    DATA_PARAMETERS,
    INPUT_FOLDER,
    DataSource,
    RunData,
    data_source,
    notebook_parameters,
    read_run_data,
    write_run_data,
)
from .notebooks import NotebookSpec, find_notebooks_dir, list_specs, select_specs
from .params import normalize_value, parameters_for, validate_parameters
from .results import NotebookResult, ReportResult
from .runs import (
    acquire_run_lock,
    make_build_dir,
    output_error,
    prune_runs,
    remove_stale_builds,
    repair_latest,
    switch_latest,
)
from .scores import SCORES_ENV_VAR, merge_scores, write_scores
from .writeback import WriteBack, write_back_target, write_table

#: Passed to each kernel: no TCP-encryption warning on stderr, no history database writes.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False")

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

#: Run in each kernel of a Chinese report before the notebook: CJK font as fallback for all text.
ZH_KERNEL_SETUP = "from clvmodels.plotting import install_cjk_fallback; install_cjk_fallback()"


def kernel_arguments(
    lang: str = "en",
    headlines_file: str | Path | None = None,
    cwd: str | Path | None = None,
    scores_dir: str | Path | None = None,
) -> list[str]:
    """Command-line arguments for one report kernel.

    Parameters
    ----------
    lang : {"en", "zh"}
        For "zh" the kernel installs the CJK font fallback at start-up (:data:`ZH_KERNEL_SETUP`).
    headlines_file : path, optional
        Set as ``CLVMODELS_HEADLINES_FILE`` in the kernel's environment at start-up, so
        :func:`clvmodels.reports.headline` records there.
    cwd : path, optional
        Working directory of the notebook (files it writes land there).
    scores_dir : path, optional
        Set as ``CLVMODELS_SCORES_DIR``, so :func:`clvmodels.reports.record_scores` writes the
        notebook's per-customer scores there.

    Notes
    -----
    Environment and working directory are set inside the kernel at start-up, not in this
    process (``os.environ``, papermill's ``cwd``, which calls ``os.chdir``), because notebooks
    run in parallel threads of one process.
    """
    args = list(KERNEL_ARGUMENTS)
    # Figures inline in the outputs even when this process runs with MPLBACKEND=Agg (CI, cron).
    setup = [f"__import__('os').environ['MPLBACKEND'] = {INLINE_BACKEND!r}"]
    if cwd is not None:
        setup.append(f"__import__('os').chdir({str(cwd)!r})")
    if headlines_file is not None:
        setup.append(f"__import__('os').environ[{ENV_VAR!r}] = {str(headlines_file)!r}")
    if scores_dir is not None:
        setup.append(f"__import__('os').environ[{SCORES_ENV_VAR!r}] = {str(scores_dir)!r}")
    if lang == "zh":
        setup.append(ZH_KERNEL_SETUP)
    args.append("--IPKernelApp.exec_lines=" + "; ".join(setup))
    return args


#: Folder of the per-notebook scores inside a build folder (merged, then removed).
SCORES_FOLDER = "_scores"

_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def default_jobs() -> int:
    """Notebooks run at once by default: 2 when the machine has 2 or more cores, else 1."""
    return max(1, min(2, os.cpu_count() or 1))


def make_run_id(params: Mapping[str, Any], notebooks: Sequence[str], *, now: _dt.datetime | None = None) -> str:
    """Default run id: local date-time and a short hash of the parameters.

    Parameters
    ----------
    params : mapping
        The run's parameters (JSON-serializable after :func:`~.params.normalize_value`).
    notebooks : sequence of str
        Names of the selected notebooks (part of the hash).
    now : datetime, optional
        Time stamp to use (default: now).

    Returns
    -------
    str
        ``YYYYMMDD-HHMMSS-<6 hex digits of SHA-1>``, e.g. ``"20240506-070809-1beacf"``.
    """
    now = now or _dt.datetime.now()
    payload = json.dumps({"params": params, "notebooks": list(notebooks)}, sort_keys=True, default=str)
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:6]
    return f"{now:%Y%m%d-%H%M%S}-{digest}"


def check_run_id(run_id: str) -> str:
    """Return ``run_id`` if it is a safe folder name, else raise ParameterError."""
    if not _RUN_ID.match(run_id) or run_id == "latest" or ".." in run_id:
        raise ParameterError(
            f"run id {run_id!r} is not a valid folder name; use letters, digits, '.', '_' and '-' "
            "(not 'latest'), starting with a letter or digit."
        )
    return run_id


def _short_error(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    if evalue is None:
        evalue = str(exc)
    first = next((ln.strip() for ln in str(evalue).splitlines() if ln.strip()), "")
    if len(first) > 200:
        first = first[:197] + "..."
    return f"{ename}: {first}" if first else str(ename)


@contextlib.contextmanager
def _quiet_papermill_inspection() -> Any:
    """Silence papermill's own parameter-cell parser (``Unable to parse line ...`` for comments
    holding ``=``) while a run lasts: parameters were already checked by
    :func:`~clvmodels.reports.params.validate_parameters`."""
    log = logging.getLogger("papermill.translators")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


class _Progress:
    """Overall progress: a tqdm bar on a terminal, one line per notebook otherwise."""

    def __init__(self, total: int, mode: bool | None) -> None:
        self.bars = sys.stderr.isatty() if mode is None else bool(mode)
        self.lines = mode is None and not self.bars
        self.total = total
        self.done = 0
        self.bar = None
        if self.bars:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc="report", unit="notebook", file=sys.stderr, position=0)

    def start(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(name)

    def finish(self, result: NotebookResult) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.lines:
            print(
                f"[{self.done}/{self.total}] {result.name}: {result.status} ({result.seconds:.1f} s)",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _StopOnSignal:
    """While a run lasts, SIGTERM and SIGINT stop it: the kernels are ended, no notebook starts,
    and the runner writes what finished. Installed only in the main thread (signal handlers
    cannot be set elsewhere); a second signal while stopping is ignored."""

    SIGNALS = ("SIGTERM", "SIGINT")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.name: str | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for name in self.SIGNALS:
                signum = getattr(signal, name)
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        # The loggers quieted by a stop stay quiet: the process is ending, and the stopped
        # kernels' sockets can still report their death (with tracebacks) after the run returned.

    #: Loggers that report the kernels' deaths (with tracebacks) once they are stopped on
    #: purpose; the run's own one-line summary says what happened instead.
    QUIET_ON_STOP = ("asyncio", "tornado", "traitlets", "papermill", "nbclient", "jupyter_client")

    def _handle(self, signum: int, frame: Any) -> None:
        if self.event.is_set():
            return
        self.name = signal.Signals(signum).name
        self.event.set()
        for name in self.QUIET_ON_STOP:
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        stop_kernels()


def stop_kernels(grace: float = 3.0) -> int:
    """End every child process of this one (the report kernels and what they started).

    SIGTERM first, SIGKILL for those still alive after ``grace`` seconds. Returns how many
    processes were signalled.
    """
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return 0
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    return len(children)


def _run_all(
    execute: Any,
    selected: list[NotebookSpec],
    jobs: int,
    by_name: dict[str, NotebookResult],
    bar: _Progress,
    stop: _StopOnSignal,
) -> None:
    """Run ``execute(spec)`` for every spec in ``jobs`` threads (each notebook has its own kernel
    process, so the threads only wait and export HTML). The main thread waits in short steps, so
    a signal is handled at once; after one, nothing new starts."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="clvmodels-report")
    try:
        futures = {pool.submit(execute, spec): spec for spec in selected}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                if future.cancelled():
                    continue
                result = future.result()
                by_name[result.name] = result
                bar.finish(result)
            if stop.event.is_set():
                for future in pending:
                    future.cancel()
                if any(f.running() for f in pending):
                    stop_kernels(grace=1.0)  # a kernel started as the signal came
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_one(
    spec: NotebookSpec,
    params: dict[str, Any],
    run_dir: Path,
    *,
    lang: str,
    show_code: bool,
    solutions: bool = False,
    progress_bar: bool | dict[str, Any],
    kernel_name: str | None,
    timeout: float | None,
    mathjax_url: str | None = None,
    font_url: str | None = None,
    shown: dict[str, Any] | None = None,
) -> NotebookResult:
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .html import error_page, export_notebook_html, notebook_title

    out_nb = run_dir / f"{spec.name}.ipynb"
    out_html = run_dir / f"{spec.name}.html"
    headlines_file = run_dir / f".{spec.name}.headlines.jsonl"
    scores_dir = run_dir / SCORES_FOLDER / spec.name
    scores_dir.mkdir(parents=True, exist_ok=True)
    shown = params if shown is None else shown  # what the index shows (the user's values)
    error: str | None = None
    detail = ""
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(
            str(spec.path),
            str(out_nb),
            parameters=params,
            progress_bar=progress_bar,
            kernel_name=kernel_name,
            execution_timeout=timeout,
            request_save_on_cell_execute=False,
            log_output=False,
            extra_arguments=kernel_arguments(lang, headlines_file, run_dir, scores_dir),
        )
    except PapermillExecutionError as exc:
        error = _short_error(exc)
    except Exception as exc:  # kernel died, timeout, unreadable notebook: recorded, run goes on
        error = _short_error(exc)
        detail = "".join(traceback.format_exception(exc))
    title = spec.name
    ipynb = ""
    if out_nb.exists():
        ipynb = out_nb.name
        try:
            nb = nbformat.read(out_nb, as_version=4)
            title = notebook_title(nb, spec.name, lang)
            export_notebook_html(nb, out_html, title=title, show_code=show_code, lang=lang,
                                 solutions=solutions, mathjax_url=mathjax_url, font_url=font_url)
        except Exception as exc:  # unreadable output or export failed: keep the run, show it
            error = error or f"HTML export failed: {_short_error(exc)}"
            error_page(out_html, title=title, error=error,
                       detail="".join(traceback.format_exception(exc)), lang=lang, font_url=font_url)
    else:
        error_page(out_html, title=title, error=error or "no output notebook", detail=detail,
                   lang=lang, font_url=font_url)
    headlines = read_headlines(headlines_file)
    headlines_file.unlink(missing_ok=True)
    return NotebookResult(
        name=spec.name,
        number=spec.number,
        title=title,
        status="failed" if error else "ok",
        seconds=time.perf_counter() - t0,
        error=error,
        html=out_html.name,
        ipynb=ipynb,
        headlines=headlines,
        parameters=shown,
        effective_parameters=_effective(spec, shown),
    )


def run_report(
    params: Mapping[str, Any] | None = None,
    *,
    notebook_params: Mapping[str, Mapping[str, Any]] | None = None,
    notebooks_dir: str | Path | None = None,
    output_dir: str | Path = "reports",
    only: Sequence[str] | None = None,
    skip: Sequence[str] | None = None,
    run_id: str | None = None,
    show_code: bool = False,
    solutions: bool = False,
    progress: bool | None = None,
    kernel_name: str | None = None,
    timeout: float | None = None,
    jobs: int | None = None,
    update_latest: bool = True,
    source: str = "parameters",
    keep: int | None = None,
    data: Any = None,
    write_back: str | Mapping[str, Any] | None = None,
    write_back_mode: str | None = None,
) -> ReportResult:
    """Run the report notebooks with papermill and build the HTML report.

    报告运行器: 用 papermill 依次运行 ``notebooks/`` 中的分析笔记本, 生成 HTML 报告.

    Parameters
    ----------
    params : mapping, optional
        Notebook parameters (``dataset``, ``lang``, ``max_customers``, ...); each notebook gets
        only those its ``parameters`` cell declares. Checked against all notebooks before any
        runs. The data parameters (``data``, ``dataset``, ``input_path``, ``column_map``,
        ``max_customers``) choose the run's one database, which the runner reads and checks
        once and passes to every notebook as ``data``.
    notebook_params : mapping of str to mapping, optional
        Parameters for one notebook only, keyed by its name, short name or number (not the
        data parameters: one database per run).
    notebooks_dir : path, optional
        Folder of ``NN_name.ipynb`` notebooks (default: ``notebooks/`` found from the current
        directory, else the repository's). Never modified.
    output_dir : path
        Where ``<run-id>/`` and ``latest`` are written (default ``reports``).
    only, skip : sequence of str, optional
        Notebooks to run / leave out, by number or name.
    run_id : str, optional
        Folder name of the run (default ``YYYYMMDD-HHMMSS-<parameter hash>``).
    show_code : bool
        Show code cells in the HTML pages (hidden by default).
    solutions : bool
        Show the exercises' solutions (cells tagged ``solution``, with their code) in the pages;
        hidden by default. They run either way.
    progress : bool, optional
        Progress bars on stderr (True), nothing (False), or bars on a terminal and one line per
        notebook otherwise (None).
    kernel_name : str, optional
        Jupyter kernel (default: the notebooks' own).
    timeout : float, optional
        Seconds one cell may run.
    jobs : int, optional
        Notebooks run at the same time, each in its own kernel (default
        :func:`default_jobs`: 2 on a machine with 2 or more cores). Results and the index keep
        the notebooks' order.
    update_latest : bool
        Point ``<output_dir>/latest`` at this run when it completed (not stopped) and at least
        one notebook succeeded.
    source : str
        Names the origin of ``params`` in error messages (e.g. the YAML file).
    keep : int, optional
        After the run, remove all but the newest ``keep`` complete runs (never the one
        ``latest`` points to); default: keep every run.
    data : str, path or mapping, optional
        The run's CRM database: a folder of CSV/Parquet files, a DuckDB file, a ``crm.yaml``
        or a SQLAlchemy URL, or ``{"source": ..., <options of clvmodels.load_crm>}``
        (:func:`~.inputs.data_source`); overrides ``dataset``. Same as ``params["data"]``.
    write_back : str or mapping, optional
        After a run in which every notebook ran, write ``customer_scores`` into this table of
        the ``data`` database (a DuckDB file or a SQL URL): ``"customer_scores"`` or
        ``{"table": ..., "mode": "replace" | "append"}``.
    write_back_mode : {"replace", "append"}, optional
        ``replace`` (default) replaces the table; ``append`` adds this run's rows with the
        columns ``run_id`` and ``scored_at``.

    Returns
    -------
    ReportResult
        ``exit_code`` is 0 when every notebook ran, 1 when one failed and 128 + the signal's
        number when SIGTERM or SIGINT stopped the run (the finished pages are kept in the run
        folder, ``latest`` is unchanged).

    Raises
    ------
    ParameterError
        Unknown or mistyped parameter, bad selection or run id, the run folder exists, another
        run with the same id is in progress, or write-back without a database to write into.
    DataValidationError
        The input data is unusable (checked before anything is written).
    OutputError
        The run cannot be written (permission denied, disk full, read-only folder).
    FileNotFoundError
        No notebooks.
    """

    t0 = time.perf_counter()
    started = _dt.datetime.now()
    nb_dir = find_notebooks_dir(notebooks_dir)
    specs = list_specs(nb_dir)
    params = {str(k): normalize_value(v) for k, v in (params or {}).items()}
    notebook_params = {
        str(k): {str(p): normalize_value(v) for p, v in values.items()}
        for k, values in (notebook_params or {}).items()
    }
    if "data" in params:
        if data is not None:
            raise ParameterError(f"{source}: 'data' is given twice; pass it once.")
        data = params.pop("data")
    database = None if data is None else (
        data if isinstance(data, DataSource) else data_source(data, where=source))
    for name, values in notebook_params.items():
        fixed = [p for p in DATA_PARAMETERS if p in values]
        if fixed:
            raise ParameterError(
                f"{source} (notebooks: {name}): {fixed[0]!r} chooses the run's data, which is "
                f"one database for every notebook; set it at the top level, not per notebook."
            )
    validate_parameters(params, specs, source=source)
    for name, values in notebook_params.items():
        validate_parameters(values, specs, source=f"{source} (notebooks: {name})", notebook=name)
    selected = select_specs(specs, only=list(only or []), skip=list(skip or []))
    lang = check_lang(str(params.get("lang", "en")))
    jobs = default_jobs() if jobs is None else int(jobs)
    if jobs < 1:
        raise ParameterError(f"jobs={jobs} must be at least 1.")
    jobs = min(jobs, len(selected))
    if keep is not None and (isinstance(keep, bool) or not isinstance(keep, int) or keep < 1):
        raise ParameterError(f"keep={keep!r} must be a whole number of runs, at least 1.")
    if run_id is not None:
        check_run_id(run_id)
    if params.get("input_path"):
        params["input_path"] = str(Path(params["input_path"]).expanduser().resolve())
    target = write_back_target(write_back, database, mode=write_back_mode, where=source)
    per_notebook = {spec.name: parameters_for(spec, params, notebook_params) for spec in selected}
    if database is not None:
        for spec in selected:
            if "data" in spec.parameters:
                per_notebook[spec.name]["data"] = database.shown
    # bad data stops here: nothing written yet
    run_data = read_run_data(params, selected, source=database, lang=lang)
    shown_params = params if database is None else params | {"data": database.shown}

    output = Path(output_dir).resolve()  # absolute: the kernels run in the run folder
    try:
        output.mkdir(parents=True, exist_ok=True)
        run_id, lock = _claim_run_id(output, run_id, shown_params, notebook_params, selected,
                                     started)
    except OSError as exc:
        raise output_error(exc, output) from None
    try:
        return _build_run(
            output, run_id, selected, per_notebook, run_data, nb_dir,
            params=shown_params, lang=lang, show_code=show_code, solutions=solutions,
            progress=progress,
            kernel_name=kernel_name, timeout=timeout, jobs=jobs, update_latest=update_latest,
            keep=keep, started=started, t0=t0, write_back=target,
        )
    finally:
        lock.release()


def _claim_run_id(
    output: Path,
    run_id: str | None,
    params: dict[str, Any],
    notebook_params: dict[str, Any],
    selected: list[NotebookSpec],
    started: _dt.datetime,
) -> tuple[str, Any]:
    """The run id and its held lock; a given id that is in progress or exists is an error."""
    if run_id is not None:
        lock = acquire_run_lock(output, run_id)
        if lock is None:
            raise ParameterError(
                f"run {run_id!r} is already in progress in {output} (another clvmodels report "
                "holds its lock); wait for it to finish or choose another --run-id."
            )
        if (output / run_id).exists():
            lock.release()
            raise ParameterError(
                f"run folder {output / run_id} already exists; choose another --run-id or "
                "remove the folder."
            )
        return run_id, lock
    base = make_run_id(params | {"_nb": notebook_params}, [s.name for s in selected], now=started)
    candidate, n = base, 2
    while True:
        if not (output / candidate).exists():
            lock = acquire_run_lock(output, candidate)
            if lock is not None:
                if not (output / candidate).exists():
                    return candidate, lock
                lock.release()
        candidate, n = f"{base}-{n}", n + 1


def _build_run(
    output: Path,
    run_id: str,
    selected: list[NotebookSpec],
    per_notebook: dict[str, dict[str, Any]],
    run_data: RunData | None,
    nb_dir: Path,
    *,
    params: dict[str, Any],
    lang: str,
    show_code: bool,
    solutions: bool,
    progress: bool | None,
    kernel_name: str | None,
    timeout: float | None,
    jobs: int,
    update_latest: bool,
    keep: int | None,
    started: _dt.datetime,
    t0: float,
    write_back: WriteBack | None = None,
) -> ReportResult:
    """Build the run in a private folder, rename it, switch ``latest`` (the lock is held)."""
    from .. import __version__
    from .html import error_page, install_assets

    final = output / run_id
    tmp: Path | None = None
    try:
        remove_stale_builds(output)
        repair_latest(output)
        tmp = make_build_dir(output, run_id)
        write_run_data(run_data, tmp)
        assets = install_assets(output)
        mathjax_url, font_url = assets.mathjax_url, assets.font_url
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise output_error(exc, folder=output) from None

    bar = _Progress(len(selected), progress)

    import queue

    slots: queue.Queue[int] = queue.Queue()
    for slot in range(1, jobs + 1):  # terminal lines of the per-notebook bars, below the overall
        slots.put(slot)

    stop = _StopOnSignal()

    def execute(spec: NotebookSpec) -> NotebookResult:
        slot = slots.get()
        try:
            if stop.event.is_set():
                return _stopped_result(spec, per_notebook[spec.name], stop.name)
            cell_bar: bool | dict[str, Any] = False
            if bar.bars:
                cell_bar = {"desc": spec.name, "position": slot, "leave": False, "file": sys.stderr}
            result = _run_one(
                spec,
                notebook_parameters(spec, per_notebook[spec.name], run_data),
                tmp,
                lang=lang,
                show_code=show_code,
                solutions=solutions,
                progress_bar=cell_bar,
                kernel_name=kernel_name,
                timeout=timeout,
                mathjax_url=mathjax_url,
                font_url=font_url,
                shown=per_notebook[spec.name],
            )
            if stop.event.is_set() and result.status != "ok":
                result.status = "stopped"
                result.error = f"stopped by {stop.name} before the notebook finished"
            return result
        finally:
            slots.put(slot)

    by_name: dict[str, NotebookResult] = {}
    try:
        with _quiet_papermill_inspection(), stop:
            _run_all(execute, selected, jobs, by_name, bar, stop)
    finally:
        bar.close()
    results = []
    for spec in selected:
        result = by_name.get(spec.name) or _stopped_result(spec, per_notebook[spec.name], stop.name)
        if result.status == "stopped" and not (tmp / result.html).exists():
            with contextlib.suppress(OSError):
                error_page(tmp / result.html, title=result.title, error=result.error or "",
                           lang=lang, font_url=font_url)
        results.append(result)

    report = ReportResult(
        run_id=run_id,
        path=final,
        lang=lang,
        parameters=params,
        notebooks=results,
        started=started.isoformat(sep=" ", timespec="seconds"),
        seconds=time.perf_counter() - t0,
        version=__version__,
        stopped_by=stop.name,
        data=None if run_data is None else run_data.description,
    )
    if run_data is not None:
        report.scores = _customer_scores(report, run_data, tmp)
        if write_back is not None:
            report.write_back = _write_back(report, write_back, tmp, started)
    try:
        shutil.rmtree(tmp / INPUT_FOLDER, ignore_errors=True)
        shutil.rmtree(tmp / SCORES_FOLDER, ignore_errors=True)
        _write_run_files(report, tmp, nb_dir, font_url=font_url)
        os.rename(tmp, final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise output_error(exc, folder=output) from None
    try:
        if update_latest and report.stopped_by is None and any(nb.status == "ok" for nb in results):
            report.latest = switch_latest(output, run_id)
        if keep is not None:
            report.removed = prune_runs(output, keep)
    except OSError as exc:
        raise output_error(exc, output / "latest") from None
    return report


def _customer_scores(report: ReportResult, run_data: RunData, run_dir: Path) -> dict[str, Any]:
    """Merge the scores of the notebooks that ran into ``customer_scores.*`` (never raises)."""
    ok = [run_dir / SCORES_FOLDER / nb.name for nb in report.notebooks if nb.status == "ok"]
    try:
        scores = merge_scores(ok, run_data.customers)
        files = write_scores(scores, run_dir)
    except Exception as exc:  # a bad recorded file or a full disk: the pages are still there
        for name in ("customer_scores.parquet", "customer_scores.csv", "customer_scores.json"):
            with contextlib.suppress(OSError):
                (run_dir / name).unlink(missing_ok=True)
        return {"error": _short_error(exc)}
    return {
        "files": [f.name for f in files],
        "customers": int(len(scores)),
        "columns": scores.attrs.get("columns", {}),
        "unknown_ids": scores.attrs.get("unknown_ids", {}),
    }


def _write_back(
    report: ReportResult, target: WriteBack, run_dir: Path, started: _dt.datetime
) -> dict[str, Any]:
    """Write the scores into the user's database when the run is complete (never raises)."""
    import pandas as pd

    out: dict[str, Any] = {"table": target.table, "schema": target.schema, "mode": target.mode,
                           "database": target.shown}
    if report.stopped_by is not None or report.failed or not report.scores \
            or "error" in report.scores:
        out["status"] = "skipped"
        out["reason_code"] = ("stopped" if report.stopped_by else
                              "failed" if report.failed else "no_scores")
        out["reason"] = label(f"report_write_back_reason_{out['reason_code']}", "en")
        return out
    try:
        scores = pd.read_parquet(run_dir / "customer_scores.parquet")
        out["rows"] = write_table(scores, target, run_id=report.run_id, scored_at=started)
        out["status"] = "ok"
    except Exception as exc:  # database down, rights, columns: the run folder is still kept
        out["status"] = "failed"
        out["error"] = str(exc) if isinstance(exc, ParameterError) else _short_error(exc)
    return out


def _stopped_result(spec: NotebookSpec, shown: dict[str, Any], by: str | None) -> NotebookResult:
    """The result of a notebook that never started because the run was stopped."""
    return NotebookResult(
        name=spec.name,
        number=spec.number,
        title=spec.name,
        status="stopped",
        seconds=0.0,
        error=f"not run: the run was stopped by {by or 'a signal'}",
        html=f"{spec.name}.html",
        ipynb="",
        parameters=shown,
        effective_parameters=_effective(spec, shown),
    )


def _effective(spec: NotebookSpec, shown: dict[str, Any]) -> dict[str, Any]:
    """Every parameter the notebook declares, with the value it runs with (passed or default)."""
    return {name: p.default for name, p in spec.parameters.items()} | shown


def _write_run_files(
    report: ReportResult, run_dir: Path, nb_dir: Path, *, font_url: str | None = None
) -> None:
    from .html import render_index

    meta = {
        "run_id": report.run_id,
        "started": report.started,
        "seconds": round(report.seconds, 2),
        "lang": report.lang,
        "clvmodels_version": report.version,
        "notebooks_dir": str(nb_dir.resolve()),
        "parameters": report.parameters,
        "notebooks": [asdict(nb) for nb in report.notebooks],
        "status": "stopped" if report.stopped_by else ("failed" if report.failed else "ok"),
        "stopped_by": report.stopped_by,
        "data": report.data,
        "customer_scores": report.scores,
        "write_back": report.write_back,
    }
    (run_dir / "run.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    (run_dir / "index.html").write_text(render_index(report, font_url=font_url), encoding="utf-8")
