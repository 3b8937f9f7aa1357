"""Per-customer scores a report run computed: recorded by the notebooks, merged by the runner.

A notebook calls :func:`record_scores` with the labels and scores it computed for each customer
(RFM segment, framework labels, cluster, P(alive), CLV, churn signals, ...). When the report runner
executes the notebook it sets ``CLVMODELS_SCORES_DIR``; each call writes one Parquet file there.
Run interactively, the call only returns the frame. After the run, :func:`merge_scores` joins the
files into one table with one row per customer of the run's data, exactly once, which the runner
writes as ``customer_scores.parquet`` and ``.csv`` (the purchase-behaviour reference, 购买行为参考).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataValidationError, ParameterError

__all__ = ["SCORES_ENV_VAR", "merge_scores", "record_scores", "write_scores"]

SCORES_ENV_VAR = "CLVMODELS_SCORES_DIR"
_META_KEY = b"clvmodels.scores"
_SOURCE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


def record_scores(
    frame: pd.DataFrame | pd.Series,
    *,
    source: str,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame | pd.Series:
    """Record per-customer scores for the run's ``customer_scores`` table; return ``frame``.

    Parameters
    ----------
    frame : DataFrame or Series
        Indexed by ``customer_id``, one row per customer (customers the step could not judge may
        be absent or NaN; the merged table still has every customer). A Series is recorded under
        its name.
    source : str
        Short name of the step, e.g. ``"04_value_frameworks"``; a column recorded by two steps
        keeps the first and is named ``<column>@<source>`` for the second.
    units : mapping, optional
        Unit of a column, e.g. ``{"clv": "USD, 52 weeks, 10%/year"}``, shown in the column list.

    Returns
    -------
    The ``frame`` passed in.

    Raises
    ------
    DataValidationError
        When a customer appears more than once in the index.
    ParameterError
        When ``source`` is not a short name.
    """
    if not isinstance(source, str) or not _SOURCE.match(source):
        raise ParameterError(
            f"record_scores: source={source!r} must be a short name (letters, digits, _ . -), "
            f"e.g. '04_value_frameworks'."
        )
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(
            f"record_scores: expected a DataFrame or Series indexed by customer_id, got "
            f"{type(frame).__name__}."
        )
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()][0]
        dup = dup.item() if hasattr(dup, "item") else dup
        raise DataValidationError(
            f"record_scores ({source}): customer {dup!r} appears "
            f"{int((table.index == dup).sum())} times; pass one row per customer."
        )
    folder = os.environ.get(SCORES_ENV_VAR)
    if folder:
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = table.copy()
        out.index = out.index.rename("customer_id")
        for col in out.columns:  # categories and objects as text: one schema across notebooks
            if isinstance(out[col].dtype, pd.CategoricalDtype) or out[col].dtype == object:
                out[col] = out[col].astype("string")
        arrow = pa.Table.from_pandas(out, preserve_index=True)
        meta = {"source": source, "units": {str(k): str(v) for k, v in (units or {}).items()}}
        arrow = arrow.replace_schema_metadata(
            {**(arrow.schema.metadata or {}), _META_KEY: json.dumps(meta).encode()}
        )
        target = Path(folder)
        n = len(list(target.glob("*.parquet"))) + 1  # file names keep the order of the calls
        pq.write_table(arrow, target / f"{n:03d}-{source}.parquet")
    return frame


def merge_scores(
    folder: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], customers: pd.Index
) -> pd.DataFrame:
    """Join the recorded scores into one table with every customer of the run exactly once.

    Parameters
    ----------
    folder : path or sequence of paths
        The scores folder(s) (files written by :func:`record_scores`); folders in the order
        given (the runner passes one per notebook that finished, in notebook order), the files
        of a folder in the order they were recorded. A missing folder adds nothing.
    customers : Index
        Every customer of the run's data (transactions and customer table), in output order.

    Returns
    -------
    DataFrame
        Index ``customer_id`` = ``customers``; one column per recorded score; customers a step
        did not score are missing (NaN, ``<NA>``); integer, yes/no and text columns keep their
        type as nullable dtypes. ``attrs["columns"]``: per column, the ``source`` step and its
        ``unit``. Scores for ids that are not customers of the data are left out and counted in
        ``attrs["unknown_ids"]``.
    """
    import pyarrow.parquet as pq

    customers = pd.Index(customers, name="customer_id")
    if not customers.is_unique:
        raise DataValidationError("merge_scores: the customer list has duplicates; pass unique ids.")
    folders = [folder] if isinstance(folder, str | os.PathLike) else list(folder)
    data: dict[str, pd.Series] = {}
    columns: dict[str, dict[str, str]] = {}
    unknown: dict[str, int] = {}
    paths = [p for f in folders if Path(f).is_dir() for p in sorted(Path(f).glob("*.parquet"))]
    for path in paths:
        arrow = pq.read_table(path)
        meta = json.loads((arrow.schema.metadata or {}).get(_META_KEY, b"{}"))
        source = str(meta.get("source", path.stem))
        units = meta.get("units", {})
        table = arrow.to_pandas()
        if "customer_id" in table.columns:
            table = table.set_index("customer_id")
        same = table.index.dtype == customers.dtype  # else match as text (ids read as text)
        key = customers if same else customers.astype(str)
        pos = key.get_indexer(table.index if same else table.index.astype(str))
        if (pos < 0).any():
            unknown[source] = unknown.get(source, 0) + int((pos < 0).sum())
        table = table[pos >= 0]
        table.index = customers[pos[pos >= 0]]
        for col in table.columns:
            name = _unique_name(str(col), source, data)
            data[name] = _nullable(table[col]).reindex(customers)
            columns[name] = {"source": source, "unit": str(units.get(col, ""))}
    out = pd.DataFrame(data, index=customers) if data else pd.DataFrame(index=customers)
    out.attrs["columns"] = columns
    out.attrs["unknown_ids"] = unknown
    return out


def _unique_name(col: str, source: str, taken: Mapping[str, Any]) -> str:
    """``col``; ``col@source`` when another step recorded it first; then ``col@source.2``, ..."""
    if col not in taken:
        return col
    name, n = f"{col}@{source}", 2
    while name in taken:
        name, n = f"{col}@{source}.{n}", n + 1
    return name


def _nullable(column: pd.Series) -> pd.Series:
    """``column`` in a nullable dtype of its kind, so that customers left out of a step become
    missing without turning integers into floats or yes/no into objects."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return column.astype("boolean")
    if pd.api.types.is_integer_dtype(dtype):
        return column.astype("Int64")
    if pd.api.types.is_object_dtype(dtype) or (pd.api.types.is_string_dtype(dtype)
                           and not isinstance(dtype, pd.CategoricalDtype)):
        return column.astype("string")
    return column


def write_scores(scores: pd.DataFrame, run_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``customer_scores.parquet``, ``.csv`` and the column list ``customer_scores.json``.

    Returns
    -------
    list of Path
        The files written.
    """
    run_dir = Path(run_dir)
    parquet = run_dir / "customer_scores.parquet"
    csv = run_dir / "customer_scores.csv"
    about = run_dir / "customer_scores.json"
    plain = scores.copy()
    plain.attrs = {}
    plain.to_parquet(parquet)
    plain.to_csv(csv)
    about.write_text(
        json.dumps(
            {
                "customers": int(len(scores)),
                "columns": scores.attrs.get("columns", {}),
                "unknown_ids": scores.attrs.get("unknown_ids", {}),
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return [parquet, csv, about]
