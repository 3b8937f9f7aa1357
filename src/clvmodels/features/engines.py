"""The engines of the BTYD summary: pandas in memory, DuckDB out of core, Spark on a cluster.

:func:`clvmodels.features.rfm_summary` and :func:`clvmodels.features.calibration_holdout_split`
take ``engine=``, one of :data:`ENGINES`. The pandas engine (:mod:`clvmodels.features._pandas`)
summarizes a DataFrame in memory. The DuckDB and Spark engines (:func:`aggregate`) read and
validate the transaction log where it lives (a Parquet/CSV file or glob, a pandas DataFrame, a
Spark DataFrame) and reduce it to a handful of numbers per customer (purchase days, first and last
purchase day, spend); only that per-customer table comes back to pandas. Every engine then computes
the BTYD columns with the same arithmetic (:mod:`clvmodels.features._btyd`), so the three engines
return the same DataFrame: ``frequency`` exactly, ``recency``, ``T`` and ``monetary_value`` up to
the order in which floating-point sums are added.

Engine keyword arguments (``**engine_kwargs`` of ``rfm_summary``; :data:`ENGINE_OPTIONS`):

``columns``
    ``{"customer_id": ..., "date": ..., "amount": ...}``: the source's names of the canonical
    columns (only the differing ones are needed).
``date_format``
    strptime-style format (``"%Y%m%d"``, ``"%d/%m/%Y"``) for dates stored as text or integers.
``file_format``
    ``"parquet"`` or ``"csv"`` when the file name's suffix does not tell.
``currency``
    Currency of the amounts of a file or Spark DataFrame (DataFrames carry it in ``attrs``);
    default ``"USD"``.
``read_options``
    Extra options of DuckDB's ``read_csv``/``read_parquet`` or Spark's reader (e.g.
    ``{"delim": ";"}`` / ``{"sep": ";"}``).

DuckDB only: ``memory_limit`` (``"4GB"``), ``threads``, ``temp_directory`` (spill folder) or an
existing ``connection`` (e.g. one with S3 credentials). Spark only: ``spark`` (the session; default
the active one). The pandas engine takes none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import check_choice
from ..exceptions import ParameterError
from ._btyd import CustomerAggregates

__all__ = ["ENGINES", "ENGINE_OPTIONS", "aggregate", "check_engine_options"]

#: The engines, in the order the CLI and the docs list them; the pandas one first (the default).
ENGINES = ("pandas", "duckdb", "spark")

_COMMON_OPTIONS = ("columns", "date_format", "file_format", "currency", "read_options")
#: Keyword arguments each engine accepts.
ENGINE_OPTIONS: dict[str, tuple[str, ...]] = {
    "pandas": (),
    "duckdb": (*_COMMON_OPTIONS, "memory_limit", "threads", "temp_directory", "connection"),
    "spark": (*_COMMON_OPTIONS, "spark"),
}


def check_engine_options(func: str, engine: str, options: Mapping[str, Any]) -> None:
    """Check that ``engine`` (one of :data:`ENGINES`) takes the keyword arguments ``options``.

    Parameters
    ----------
    func : str
        The public function called, named in the message.
    engine : str
        An engine of :data:`ENGINES` (already checked).
    options : mapping
        The ``**engine_kwargs`` passed.

    Raises
    ------
    ParameterError
        Naming the unexpected arguments and the engine's options.
    """
    allowed = ENGINE_OPTIONS[engine]
    unknown = sorted(set(options) - set(allowed))
    if not unknown:
        return
    if not allowed:
        raise ParameterError(
            f"{func} got unexpected argument(s) {unknown} for engine={engine!r}, which takes "
            f"no engine options."
        )
    raise ParameterError(
        f"engine={engine!r} got unexpected argument(s) {unknown}; its options are "
        f"{', '.join(allowed)}."
    )


def aggregate(
    engine: str,
    transactions: Any,
    *,
    end_day: int | None,
    cal_end_day: int | None,
    options: Mapping[str, Any],
) -> CustomerAggregates:
    """Per-customer aggregates of ``transactions`` computed by DuckDB or Spark.

    Parameters
    ----------
    engine : {"duckdb", "spark"}
        Where the log is scanned and reduced.
    transactions : DataFrame, str, path, list of paths or pyspark DataFrame
        Canonical transactions, or a Parquet/CSV file, folder or glob (``"logs/*.parquet"``);
        with ``engine="spark"`` also a ``pyspark.sql.DataFrame``.
    end_day, cal_end_day : int or None
        observation_end (None: the last transaction date) and calibration_end (None: no split),
        in days since 1970-01-01.
    options : mapping
        The engine's keyword arguments (:data:`ENGINE_OPTIONS`; see the module docstring).

    Returns
    -------
    CustomerAggregates
    """
    check_choice("engine", engine, [e for e in ENGINES if e != "pandas"])
    check_engine_options("aggregate", engine, options)
    if engine == "duckdb":
        from . import _duckdb as backend
    else:
        from . import _spark as backend
    return backend.aggregate(transactions, end_day=end_day, cal_end_day=cal_end_day, **options)
