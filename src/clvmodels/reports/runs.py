"""Run folders of the report: locks, private build folders, ``latest`` and pruning.

Layout of an output folder (default ``reports/``)::

    reports/<run-id>/            a finished (or stopped) run
    reports/.<run-id>.<rand>.tmp a run being built (unique per process)
    reports/latest               symlink to the newest complete run
    reports/.locks/<run-id>.lock held by the process building <run-id>
    reports/.locks/latest.lock   held while ``latest`` is switched or old runs are pruned

The locks are :class:`filelock.FileLock` (``flock`` on POSIX): the operating system releases them
when their process dies, however it dies, so a build folder whose run lock can be taken belongs
to no live process and is removed by the next run.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..exceptions import OutputError, ParameterError

__all__ = [
    "LATEST",
    "acquire_run_lock",
    "complete_runs",
    "is_complete_run",
    "make_build_dir",
    "output_error",
    "prune_runs",
    "remove_stale_builds",
    "repair_latest",
    "switch_latest",
]

LATEST = "latest"
LOCKS = ".locks"
#: Seconds a run waits for another run to finish switching ``latest`` or pruning.
LATEST_LOCK_TIMEOUT = 300.0

#: A build folder: ``.<run-id>.<8 random characters>.tmp`` (``.<run-id>.tmp`` before 0.2). Run
#: ids start with a letter or digit, so ``._mathjax.<pid>.tmp`` and the like never match.
_BUILD = re.compile(r"^\.(?P<run_id>[A-Za-z0-9].*?)(?:\.[A-Za-z0-9_]{8})?\.tmp$")


def output_error(
    exc: OSError, path: str | os.PathLike[str] | None = None, *, folder: Path | None = None
) -> OutputError:
    """A one-line :class:`OutputError` for an OSError met while writing a run.

    Parameters
    ----------
    exc : OSError
        The error (disk full, permission denied, read-only file system, ...).
    path : path, optional
        The file or folder being written (default: the error's own filename).
    folder : Path, optional
        Named when neither ``path`` nor the error names a file.

    Returns
    -------
    OutputError
        ``cannot write <path>: <reason>; <fix>``, without errno numbers.
    """
    code, filename = exc.errno, exc.filename
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        # copytree collects (source, destination, reason) triples; the reason holds the errno
        _, filename, why = exc.args[0][0]
        found = re.search(r"\[Errno (\d+)\]", str(why))
        code = int(found.group(1)) if found else None
    where = path if path is not None else (filename or folder or "the report folder")
    if code == errno.ENOSPC or code == errno.EDQUOT:
        reason = "the disk is full" if code == errno.ENOSPC else "the disk quota is used up"
        fix = "free some space (e.g. keep fewer runs with --keep N) or choose another --output-dir"
    elif code in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
        fix = "make the folder writable for this user or choose another --output-dir"
    elif code == errno.EROFS:
        reason = "the file system is read-only"
        fix = "choose another --output-dir"
    elif code == errno.ENOTDIR:
        reason = "a file stands where a folder is needed"
        fix = "remove that file or choose another --output-dir"
    else:
        reason = (exc.strerror or type(exc).__name__).rstrip(".").lower()
        fix = "check the folder or choose another --output-dir"
    return OutputError(f"cannot write {where}: {reason}; {fix}.")


def _lock(output: Path, name: str, timeout: float) -> FileLock:
    folder = output / LOCKS
    folder.mkdir(exist_ok=True)
    return FileLock(str(folder / f"{name}.lock"), timeout=timeout)


def acquire_run_lock(output: Path, run_id: str) -> FileLock | None:
    """Take the lock of ``run_id`` without waiting.

    Parameters
    ----------
    output : Path
        The output folder.
    run_id : str
        The run's folder name.

    Returns
    -------
    FileLock or None
        The held lock (release it with ``.release()``), or None when another live process
        holds it.
    """
    lock = _lock(output, run_id, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return None
    return lock


def make_build_dir(output: Path, run_id: str) -> Path:
    """Create this process's private build folder ``.<run_id>.<random>.tmp`` in ``output``."""
    path = Path(tempfile.mkdtemp(prefix=f".{run_id}.", suffix=".tmp", dir=output))
    path.chmod(0o755)  # mkdtemp makes it private; a run folder is read like any other
    return path


def remove_stale_builds(output: Path, *, keep: Path | None = None) -> list[Path]:
    """Remove build folders left by runs that were killed.

    A build folder ``.<run-id>[.<random>].tmp`` is stale when the lock of its run id can be
    taken: no live process is building that run.

    Parameters
    ----------
    output : Path
        The output folder.
    keep : Path, optional
        A build folder never to remove (the caller's own).

    Returns
    -------
    list of Path
        The folders removed.
    """
    removed = []
    for path in sorted(output.glob(".*.tmp")):
        match = _BUILD.match(path.name)
        if match is None or path.is_symlink() or not path.is_dir() or path == keep:
            continue
        if _remove_unless_locked(output, match["run_id"], path):  # else a live run builds it
            removed.append(path)
    return removed


def _remove_unless_locked(output: Path, run_id: str, path: Path) -> bool:
    """Remove ``path`` while holding the lock of ``run_id``; False when a live run holds it."""
    lock = acquire_run_lock(output, run_id)
    if lock is None:
        return False
    try:
        shutil.rmtree(path, ignore_errors=True)
    finally:
        lock.release()
    return True


def _run_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def is_complete_run(path: Path) -> bool:
    """True when ``path`` is a run folder that finished (not stopped) with a page that ran.

    Only such runs are ever the target of ``latest``.
    """
    meta = _run_meta(path)
    if meta is None or meta.get("status") == "stopped" or not (path / "index.html").is_file():
        return False
    return any(nb.get("status") == "ok" for nb in meta.get("notebooks", []))


def complete_runs(output: Path) -> list[Path]:
    """The complete run folders of ``output``, newest first (by start time, then name)."""
    runs = []
    for path in output.iterdir():
        if path.name.startswith((".", "_")) or path.name == LATEST or path.is_symlink():
            continue
        if path.is_dir() and is_complete_run(path):
            runs.append(path)
    return sorted(runs, key=lambda p: (str((_run_meta(p) or {}).get("started", "")), p.name),
                  reverse=True)


def _point_latest(output: Path, run_id: str) -> Path:
    """Point ``latest`` at ``run_id``: a new symlink renamed over the old one (atomic), or a copy
    where symlinks are not available."""
    latest = output / LATEST
    tmp_link = output / f".latest.{os.getpid()}.link"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    try:
        os.symlink(run_id, tmp_link, target_is_directory=True)
    except (OSError, NotImplementedError):
        tmp_copy = output / f".latest.{os.getpid()}.copy"
        shutil.copytree(output / run_id, tmp_copy)
        old = output / f".latest.{os.getpid()}.old"
        if latest.is_symlink() or latest.is_file():
            latest.unlink()
        elif latest.is_dir():
            latest.rename(old)
        tmp_copy.rename(latest)
        shutil.rmtree(old, ignore_errors=True)
        return latest
    if latest.is_dir() and not latest.is_symlink():
        shutil.rmtree(latest)  # an earlier copy fallback
    os.replace(tmp_link, latest)
    return latest


def _latest_target(output: Path) -> Path | None:
    latest = output / LATEST
    if latest.is_symlink():
        return output / os.readlink(latest)
    return None


def switch_latest(output: Path, run_id: str) -> Path:
    """Point ``output/latest`` at the complete run ``run_id``, atomically.

    Parameters
    ----------
    output : Path
        The output folder.
    run_id : str
        A complete run (see :func:`is_complete_run`).

    Returns
    -------
    Path
        ``output/latest``.

    Raises
    ------
    ParameterError
        ``run_id`` is not a complete run.
    """
    with _lock(output, "latest", LATEST_LOCK_TIMEOUT):
        if not is_complete_run(output / run_id):
            raise ParameterError(f"{output / run_id} is not a complete run; 'latest' is unchanged.")
        return _point_latest(output, run_id)


def repair_latest(output: Path) -> Path | None:
    """Point a dangling ``latest`` (its run removed by hand) at the newest complete run.

    Also removes temporary links left by killed switches. Returns the run ``latest`` points to
    afterwards, or None.
    """
    with _lock(output, "latest", LATEST_LOCK_TIMEOUT):
        for link in output.glob(".latest.*.link"):
            link.unlink(missing_ok=True)
        latest = output / LATEST
        target = _latest_target(output)
        if target is None or target.is_dir():
            return target if target is not None else (latest if latest.is_dir() else None)
        runs = complete_runs(output)
        if runs:
            _point_latest(output, runs[0].name)
            return runs[0]
        latest.unlink()
        return None


def prune_runs(output: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` complete runs (never the one ``latest`` points to).

    Runs that were stopped or whose every notebook failed are removed too once they are older
    than the newest ``keep`` complete runs. Folders without a ``run.json`` are never touched.

    Parameters
    ----------
    output : Path
        The output folder.
    keep : int
        Runs to keep, at least 1.

    Returns
    -------
    list of Path
        The run folders removed.
    """
    if keep < 1:
        raise ParameterError(f"keep={keep} must be at least 1 (runs to keep).")
    removed = []
    with _lock(output, "latest", LATEST_LOCK_TIMEOUT):
        complete = complete_runs(output)
        if len(complete) <= keep:
            return []
        kept = {p.name for p in complete[:keep]}
        target = _latest_target(output)
        if target is not None:
            kept.add(target.name)
        oldest_kept = str((_run_meta(complete[keep - 1]) or {}).get("started", ""))
        for path in sorted(output.iterdir()):
            if path.name in kept or path.name.startswith((".", "_")) or path.is_symlink():
                continue
            meta = _run_meta(path) if path.is_dir() else None
            if meta is None:
                continue
            if not is_complete_run(path) and str(meta.get("started", "")) >= oldest_kept:
                continue  # a stopped or failed run newer than the kept ones
            if _remove_unless_locked(output, path.name, path):
                removed.append(path)
    return removed
