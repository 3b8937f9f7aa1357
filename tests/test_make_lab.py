"""``make lab``: JupyterLab on the notebooks with the project's kernel, as root and as a user."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".venv/.installed-stamp"

pytestmark = pytest.mark.skipif(
    shutil.which("make") is None or not (ROOT / "Makefile").is_file(), reason="needs make"
)


def _dry_run(tmp_path: Path, uid: int) -> str:
    """``make -n lab`` with ``id -u`` answering ``uid``."""
    fake = tmp_path / "bin"
    fake.mkdir(parents=True)
    (fake / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (fake / "id").chmod(0o755)
    env = os.environ | {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(["make", "-n", "-o", STAMP, "lab"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    return next(line for line in proc.stdout.splitlines() if " lab " in line)


def test_lab_passes_allow_root_only_as_root(tmp_path: Path) -> None:
    as_root = _dry_run(tmp_path / "root", 0)
    as_user = _dry_run(tmp_path / "user", 1000)
    assert "--allow-root" in as_root and as_root.rstrip().endswith("notebooks/")
    assert "--allow-root" not in as_user and "jupyter lab" in as_user


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(not (ROOT / STAMP).is_file(), reason="the project's .venv is not installed")
def test_make_lab_starts_jupyterlab_with_the_project_kernel(tmp_path: Path) -> None:
    """The real command, as whoever runs the tests (root on CI): the server answers and the
    'clvmodels' kernel is installed in the project's environment."""
    port = _free_port()
    args = (f'LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token=clv '
            f'--ServerApp.open_browser=False --ServerApp.root_dir={ROOT}')
    env = os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                        "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.Popen(["make", "-o", STAMP, "lab", args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/kernelspecs?token=clv"
                with urllib.request.urlopen(url, timeout=5) as response:
                    status = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.5)
        if status is None:
            out = proc.stdout.read() if proc.poll() is not None and proc.stdout else ""
            pytest.fail(f"JupyterLab did not answer on port {port}: {out[-2000:]}")
        assert "clvmodels" in status["kernelspecs"]
        spec = status["kernelspecs"]["clvmodels"]["spec"]
        assert Path(spec["argv"][0]).resolve() == Path(sys.executable).resolve()
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=30)
