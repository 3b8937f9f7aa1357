"""Fault tests of the scheduled report: bad data, overlapping and killed runs, signals, full or
read-only disks, ``--keep``.

Each test runs ``clvmodels report`` on small throwaway notebooks (a kernel each, a few seconds)
as a separate process, as cron would, and ends by checking what a reader of the report folder
sees: ``latest`` points to a complete run whose ``index.html`` opens and whose every link
resolves, and no build folder is left behind by a run that ended.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from clvmodels.exceptions import OutputError
from clvmodels.reports import run_report
from clvmodels.reports.runs import output_error, prune_runs, repair_latest

PARAMS = """\
dataset = "cdnow"          # "cdnow" | "cdnow-master" | "synthetic"
input_path = None          # a CSV/Parquet transaction log; overrides dataset
column_map = None          # {"customer_id": "...", "date": "...", "amount": "..."} for input_path
max_customers = None       # int: random subset for quick runs
lang = "en"                # "en" | "zh"
go_file = None             # wait until this file exists
fail = False
"""

BODY = """\
import os, time
from pathlib import Path
Path(f"pid-{NAME}.txt").write_text(str(os.getpid()))  # the kernel's pid, for the tests
if input_path is not None:
    from clvmodels.datasets import load_data
    data = load_data(input_path=input_path, column_map=column_map)
    print("customers:", data.transactions["customer_id"].nunique(), "from", data.name,
          "via", input_path)
while go_file is not None and not Path(go_file).exists():
    time.sleep(0.05)
if fail:
    raise RuntimeError("boom requested by the test")
print("done", NAME)
"""


def _notebook(path: Path, name: str) -> None:
    nb = new_notebook()
    params = new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        new_markdown_cell(f"# {name} page\n\nThe formula $$x^2$$ and text."),
        params,
        new_code_cell(BODY.replace("NAME", repr(name))),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture()
def nb_dir(tmp_path: Path) -> Path:
    d = tmp_path / "notebooks"
    d.mkdir()
    _notebook(d / "01_first.ipynb", "first")
    _notebook(d / "02_second.ipynb", "second")
    return d


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v for k, v in attrs if k in ("href", "src") and v]


def assert_latest_complete(out: Path, expected: str | None = None) -> Path:
    """``latest`` resolves to a complete run: index opens, every local link resolves."""
    latest = out / "latest"
    assert latest.is_symlink() and latest.exists(), "latest is missing or dangling"
    run = latest.resolve()
    if expected is not None:
        assert run.name == expected
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert meta["status"] in ("ok", "failed") and any(nb["status"] == "ok" for nb in meta["notebooks"])
    for page in [run / "index.html", *(run / nb["html"] for nb in meta["notebooks"])]:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith(("http://", "https://", "#", "data:", "mailto:")):
                continue
            assert (page.parent / link.split("?")[0].split("#")[0]).exists(), (page.name, link)
    return run


def builds(out: Path) -> list[Path]:
    return sorted(out.glob(".*.tmp"))


def _cli(nb_dir: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "clvmodels.cli", "report", "--quiet", "--notebooks-dir",
            str(nb_dir), "--output-dir", str(out), *args]


def run_cli(nb_dir: Path, out: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_cli(nb_dir, out, *args), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def run_in_process(
    nb_dir: Path, out: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> subprocess.CompletedProcess[str]:
    """The command line in this process, for errors raised before any notebook starts."""
    from clvmodels.cli import main

    code = main(_cli(nb_dir, out, *args)[3:])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


@contextlib.contextmanager
def started(nb_dir: Path, out: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(_cli(nb_dir, out, *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=60)


def wait_for(predicate: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Errno" not in stderr
    return lines[0]


def _kernel_pids(run_or_build: Path) -> list[int]:
    return [int(p.read_text()) for p in run_or_build.glob("pid-*.txt")]


# --- validate once -------------------------------------------------------------------------------


def _log(tmp_path: Path, bad_date: bool = False) -> Path:
    rows = [(1, "2024-01-05", 10.0), (1, "2024-02-05", 12.5), (2, "2024-01-20", 3.0),
            (3, "2024-03-01", 7.0), (3, "2024-03-01", 7.0)]
    df = pd.DataFrame(rows, columns=["cust", "day", "total"])
    if bad_date:
        df.loc[2, "day"] = "notadate"
    path = tmp_path / ("bad.csv" if bad_date else "orders.csv")
    df.to_csv(path, index=False)
    return path


def test_bad_data_stops_before_any_notebook_one_line_exit_2(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    bad = _log(tmp_path, bad_date=True)
    proc = run_in_process(nb_dir, out, capsys, "--input", str(bad), "--customer-col", "cust", "--date-col", "day",
                   "--amount-col", "total")
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert "bad.csv" in line and "'date'" in line and "line 4 ('notadate')" in line and "fix:" in line
    assert not out.exists()  # nothing written, no kernel started


@pytest.mark.parametrize("case", ["directory", "empty", "missing", "not parquet"])
def test_unusable_files_are_one_line_exit_2(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = {"directory": tmp_path, "empty": tmp_path / "empty.csv",
            "missing": tmp_path / "nope.csv", "not parquet": tmp_path / "x.parquet"}[case]
    if case == "empty":
        path.write_text("")
    if case == "not parquet":
        path.write_text("cust,day\n1,2\n")
    out = tmp_path / "reports"
    proc = run_in_process(nb_dir, out, capsys, "--input", str(path))
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert path.name in line and "fix:" in line
    assert not out.exists()


def test_unreadable_file_is_one_line_exit_2(nb_dir: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        log = _log(tmp_path)
        log.chmod(0)
        proc = subprocess.run(_cli(nb_dir, tmp_path / "reports", "--input", str(log)),
                              capture_output=True, text=True, timeout=120)
    else:  # root reads anything: ask as an ordinary user, in a folder that user can enter
        import pwd
        import shutil
        import tempfile

        try:
            pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("running as root and there is no 'nobody' user to read as")
        needed = [Path(sys.executable), Path(sys.executable).resolve(), Path(__file__).resolve()]
        blocked = [p for path in needed for p in [path, *path.parents]
                   if p.stat().st_mode & 0o005 != 0o005]
        if blocked:
            pytest.skip(f"running as root and {blocked[0]} is closed to other users, so no "
                        "ordinary user can run this Python (the in-process test below covers it)")
        base = Path(tempfile.mkdtemp(prefix="clvmodels-perm-"))
        try:
            base.chmod(0o755)
            shutil.copytree(nb_dir, base / "notebooks")
            log = _log(base)
            log.chmod(0)
            proc = subprocess.run(
                _cli(base / "notebooks", base / "reports", "--input", str(log)),
                capture_output=True, text=True, timeout=120, user="nobody", cwd=base,
                env=os.environ | {"HOME": str(base), "JUPYTER_RUNTIME_DIR": str(base / "rt")},
            )
        finally:
            shutil.rmtree(base, ignore_errors=True)
    assert proc.returncode == 2, proc.stderr
    line = one_line(proc.stderr)
    assert "orders.csv" in line and "permission denied" in line and "fix:" in line


def test_permission_denied_while_reading_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same message in process, where the test cannot run as a user without the right."""
    import builtins

    from clvmodels import read_transactions
    from clvmodels.exceptions import DataValidationError

    log = _log(tmp_path)
    real_open = builtins.open

    def denying_open(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)) == log:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", denying_open)
    with pytest.raises(DataValidationError) as info:
        read_transactions(log)
    message = str(info.value)
    assert message.startswith("orders.csv: permission denied") and "chmod a+r" in message
    assert "\n" not in message and "Errno" not in message


def test_notebooks_get_the_validated_log_once(nb_dir: Path, tmp_path: Path) -> None:
    log = _log(tmp_path)
    out = tmp_path / "reports"
    result = run_report(
        {"input_path": str(log), "column_map": {"customer_id": "cust", "date": "day",
                                                  "amount": "total"}},
        notebooks_dir=nb_dir, output_dir=out, run_id="v", progress=False,
    )
    assert result.exit_code == 0, result.failure_message()
    for name in ("01_first", "02_second"):
        executed = nbformat.read(out / "v" / f"{name}.ipynb", as_version=4)
        text = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
        # the validated copy in the run folder, read under the original file's name, with the
        # original reading's warnings repeated (the exact duplicate row)
        assert "customers: 3 from orders.csv via _input/transactions.parquet" in text
        assert "orders.csv: 1 row exactly repeat" in text
    # the index shows what the user passed; the copy is gone once the run ends
    meta = json.loads((out / "v" / "run.json").read_text())
    assert meta["notebooks"][0]["parameters"]["input_path"] == str(log)
    assert not (out / "v" / "_input").exists()
    assert_latest_complete(out, "v")


# --- overlapping, killed and stopped runs ------------------------------------------------------------


def test_second_run_with_the_same_id_stops_at_once_and_the_first_completes(
    nb_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    go = tmp_path / "go"
    with started(nb_dir, out, "--run-id", "same", "--only", "1", "--params",
                 str(_yaml(tmp_path, f"go_file: {go}"))) as first:
        wait_for(lambda: builds(out) and _kernel_pids(builds(out)[0]), timeout=120)
        second = run_cli(nb_dir, out, "--run-id", "same", "--only", "1")
        assert second.returncode == 2
        assert "already in progress" in one_line(second.stderr)
        go.write_text("go")
        assert first.wait(timeout=120) == 0
    assert_latest_complete(out, "same")
    assert not builds(out)


def test_two_runs_with_different_ids_at_once_both_complete(nb_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    with started(nb_dir, out, "--run-id", "a", "--only", "1") as a, \
            started(nb_dir, out, "--run-id", "b", "--only", "1") as b:
        assert a.wait(timeout=120) == 0 and b.wait(timeout=120) == 0
    assert (out / "a" / "index.html").is_file() and (out / "b" / "index.html").is_file()
    assert assert_latest_complete(out).name in ("a", "b")
    assert not builds(out)


def test_sigkill_leaves_latest_and_the_next_run_removes_the_stale_build(
    nb_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    assert run_cli(nb_dir, out, "--run-id", "good", "--only", "1").returncode == 0
    with started(nb_dir, out, "--run-id", "killed", "--params",
                 str(_yaml(tmp_path, f"go_file: {tmp_path / 'never'}"))) as victim:
        wait_for(lambda: builds(out) and _kernel_pids(builds(out)[0]), timeout=120)
        stale = builds(out)[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    assert stale.is_dir()  # a killed process cleans nothing
    assert_latest_complete(out, "good")
    proc = run_cli(nb_dir, out, "--run-id", "next", "--only", "2")
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and not builds(out)
    assert_latest_complete(out, "next")
    # the same id can be run again, its lock died with the process
    assert run_cli(nb_dir, out, "--run-id", "killed", "--only", "1").returncode == 0


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_signal_stops_kernels_keeps_finished_pages_and_latest(
    nb_dir: Path, tmp_path: Path, signame: str
) -> None:
    out = tmp_path / "reports"
    assert run_cli(nb_dir, out, "--run-id", "before", "--only", "1").returncode == 0
    params = _yaml(tmp_path, f"notebooks:\n  02_second:\n    go_file: {tmp_path / 'never'}\n")
    with started(nb_dir, out, "--run-id", "stopped", "--jobs", "1", "--params", str(params)) as proc:
        # 01 finishes, 02 waits for a file that never comes: stop it once its kernel runs
        wait_for(lambda: builds(out) and len(_kernel_pids(builds(out)[0])) == 2, timeout=120)
        kernels = _kernel_pids(builds(out)[0])
        t0 = time.monotonic()
        proc.send_signal(getattr(signal, signame))
        code = proc.wait(timeout=60)
        stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 128 + getattr(signal, signame)
    assert time.monotonic() - t0 < 60  # the kernels were stopped, not waited for
    assert f"stopped by {signame}" in stderr and "Traceback" not in stderr
    wait_for(lambda: not any(psutil.pid_exists(pid) for pid in kernels), timeout=15)
    run = out / "stopped"
    meta = json.loads((run / "run.json").read_text())
    assert meta["status"] == "stopped" and meta["stopped_by"] == signame
    assert [nb["status"] for nb in meta["notebooks"]] == ["ok", "stopped"]
    index = (run / "index.html").read_text(encoding="utf-8")
    assert f"stopped by {signame}" in index and "stopped" in index
    assert "done first" in (run / "01_first.html").read_text(encoding="utf-8")
    assert (run / "02_second.html").is_file()
    assert_latest_complete(out, "before")
    assert not builds(out)


def test_failing_notebook_run_is_complete_and_becomes_latest(nb_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    params = _yaml(tmp_path, "notebooks:\n  02_second:\n    fail: true\n")
    proc = run_cli(nb_dir, out, "--run-id", "f", "--params", str(params))
    assert proc.returncode == 1
    assert "boom requested by the test" in one_line(proc.stderr)
    assert_latest_complete(out, "f")
    assert not builds(out)


# --- full and read-only disks ------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small real file system (root only), unmounted afterwards."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_read_only_reports_folder_is_one_line_and_keeps_latest(nb_dir: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        ctx = tmpfs(tmp_path / "ro", "64m")
    else:
        ctx = contextlib.nullcontext(tmp_path / "ro")
        (tmp_path / "ro").mkdir()
    with ctx as out:
        assert run_cli(nb_dir, out, "--run-id", "r1", "--only", "1").returncode == 0
        if os.geteuid() == 0:
            subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        else:
            out.chmod(0o555)
        try:
            proc = run_cli(nb_dir, out, "--run-id", "r2", "--only", "1")
            assert proc.returncode == 2
            line = one_line(proc.stderr)
            assert "cannot write" in line and ("read-only" in line or "permission denied" in line)
            assert_latest_complete(out, "r1")
        finally:
            if os.geteuid() != 0:
                out.chmod(0o755)


def test_full_disk_is_one_line_and_leaves_no_build_folder(nb_dir: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    with tmpfs(tmp_path / "full", "256k") as out:
        proc = run_cli(nb_dir, out, "--run-id", "r", "--only", "1")
        assert proc.returncode == 2
        line = one_line(proc.stderr)
        assert "cannot write" in line and "the disk is full" in line and "--keep" in line
        assert not builds(out) and not (out / "r").exists() and not (out / "latest").exists()


def test_output_error_messages_name_the_path_and_the_fix() -> None:
    import errno

    err = output_error(OSError(errno.ENOSPC, "No space left on device", "/r/x"))
    assert isinstance(err, OutputError)
    assert str(err) == ("cannot write /r/x: the disk is full; free some space (e.g. keep fewer "
                        "runs with --keep N) or choose another --output-dir.")
    assert "permission denied" in str(output_error(PermissionError(errno.EACCES, "x", "/r")))
    assert "Errno" not in str(output_error(OSError(errno.EIO, "Input/output error", "/r")))


# --- keeping N runs, repairing latest ----------------------------------------------------------------


def _fake_run(out: Path, name: str, started: str, status: str = "ok") -> None:
    run = out / name
    run.mkdir(parents=True)
    (run / "index.html").write_text("<html></html>")
    notebooks = [{"name": "01", "status": "ok" if status != "allfailed" else "failed", "html": "x"}]
    (run / "run.json").write_text(json.dumps(
        {"started": started, "status": "failed" if status == "allfailed" else status,
         "notebooks": notebooks}))


def test_prune_keeps_the_newest_complete_runs_and_latest(tmp_path: Path) -> None:
    out = tmp_path
    for i in range(1, 6):
        _fake_run(out, f"r{i}", f"2024-01-0{i} 06:00:00")
    _fake_run(out, "s0", "2023-12-31 06:00:00", status="stopped")
    _fake_run(out, "s9", "2024-01-09 06:00:00", status="stopped")  # newer than kept: stays
    (out / "notes").mkdir()  # not a run: never touched
    os.symlink("r1", out / "latest")
    removed = prune_runs(out, 2)
    assert sorted(p.name for p in removed) == ["r2", "r3", "s0"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "latest", "notes", "r1", "r4", "r5", "s9"]
    with pytest.raises(ValueError, match="at least 1"):
        prune_runs(out, 0)


def test_keep_option_prunes_after_a_run(nb_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    _fake_run(out, "old1", "2000-01-01 00:00:00")
    _fake_run(out, "old2", "2000-01-02 00:00:00")
    proc = run_cli(nb_dir, out, "--run-id", "new", "--only", "1", "--keep", "2")
    assert proc.returncode == 0, proc.stderr
    assert not (out / "old1").exists() and (out / "old2").exists()
    assert_latest_complete(out, "new")


def test_dangling_latest_is_pointed_at_the_newest_complete_run(tmp_path: Path) -> None:
    _fake_run(tmp_path, "a", "2024-01-01 06:00:00")
    _fake_run(tmp_path, "b", "2024-01-02 06:00:00")
    _fake_run(tmp_path, "c", "2024-01-03 06:00:00", status="stopped")
    os.symlink("gone", tmp_path / "latest")
    assert repair_latest(tmp_path) == tmp_path / "b"
    assert os.readlink(tmp_path / "latest") == "b"


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"params-{abs(hash(text))}.yaml"
    path.write_text(text + "\n")
    return path


def test_validated_file_round_trip_keeps_types_attrs_and_warnings(tmp_path: Path) -> None:
    import warnings

    from clvmodels import read_transactions
    from clvmodels.exceptions import DataWarning
    from clvmodels.io import write_transactions

    log = _log(tmp_path)
    with warnings.catch_warnings(record=True) as first:
        warnings.simplefilter("always", DataWarning)
        tx = read_transactions(log, columns={"customer_id": "cust", "date": "day", "amount": "total"})
    path = write_transactions(tx, tmp_path / "v.parquet", messages=[str(w.message) for w in first])
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always", DataWarning)
        back = read_transactions(path)
    pd.testing.assert_frame_equal(back, tx)
    assert back.attrs["source"] == "orders.csv" and back.attrs["currency"] == "USD"
    assert back.attrs["excluded"] == tx.attrs["excluded"]
    assert [str(w.message) for w in again] == [str(w.message) for w in first] and again
    with pytest.warns(DataWarning, match="orders.csv: 1 row exactly repeats"):
        assert read_transactions(path, currency="EUR").attrs["currency"] == "EUR"
    # a plain Parquet file of the same table is validated as usual (source = its own name)
    tx.to_parquet(tmp_path / "plain.parquet")
    with pytest.warns(DataWarning, match="plain.parquet: 1 row exactly repeats"):
        assert read_transactions(tmp_path / "plain.parquet").attrs["source"] == "plain.parquet"
