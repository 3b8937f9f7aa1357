"""Shared fixtures: the CDNOW reference data (one load per test process), one local Spark
session for the test run (modules marked ``spark``) and one PostgreSQL server (``pgserver``)
for the tests that read or write a real SQL database.

Module files may name a fixture ``cdnow`` for whichever CDNOW form they test; they build it from
the fixtures here, which hand each test module its own copy (loaded once per process).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

if importlib.util.find_spec("pyspark") is None:
    SPARK_SKIP: str | None = "pyspark is not installed; pip install 'clvmodels[spark]'"
elif not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    SPARK_SKIP = "no JVM: Spark needs Java 17+ (install a JDK or set JAVA_HOME)"
else:
    SPARK_SKIP = None


@pytest.fixture(scope="session")
def spark():
    """A ``local[2]`` SparkSession (session time zone UTC), started on first use.

    Built with ``getOrCreate``, so a module's own session with the same settings (e.g. the one
    of ``test_engines_spark.py``) is this one; skipped with the reason when there is no Spark.
    """
    if SPARK_SKIP is not None:
        pytest.skip(SPARK_SKIP)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("clvmodels-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def _cdnow_cache() -> dict[str, pd.DataFrame]:
    from clvmodels.datasets import load_cdnow, load_cdnow_summary

    return {"summary": load_cdnow_summary(), "transactions": load_cdnow()}


@pytest.fixture(scope="module")
def cdnow_summary(_cdnow_cache: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The published CDNOW calibration summary (2,357 customers, weeks; Fader et al. 2005)."""
    return _cdnow_cache["summary"].copy()


@pytest.fixture(scope="module")
def cdnow_transactions(_cdnow_cache: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The bundled CDNOW 1/10 sample transaction log (canonical columns)."""
    return _cdnow_cache["transactions"].copy()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """``postgresql+psycopg://`` URL of a PostgreSQL server started for this session."""
    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR not set (harmless)
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        try:
            import pgserver
        except ImportError:
            pytest.skip("pgserver is not installed (pip install -e '.[dev]'): no PostgreSQL "
                        "server to test against")
        folder = tempfile.mkdtemp(prefix="clvmodels-pg-")
        try:
            server = pgserver.get_server(folder, cleanup_mode="stop")
        except Exception as exc:  # any failure to start means: skip, with the reason
            pytest.skip(f"the PostgreSQL server (pgserver) could not start: {exc}")
    try:
        yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        server.cleanup()
