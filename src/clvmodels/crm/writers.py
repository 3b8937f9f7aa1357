"""Writing a CRM database: a folder of Parquet/CSV files, a DuckDB file, or any SQL database.

Each writer stores, next to the tables, what :func:`clvmodels.load_crm` needs to read them back
exactly: name, currency, description, observation and calibration ends, and the type of every
column whose type a file or database cannot hold (text, ordered levels, dates in SQLite, ...):
in ``crm.yaml`` for a folder, in the key/value table ``crm_meta`` for a database. ``truth``
(simulated data only) is not written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import OutputError, ParameterError
from ._convert import as_text
from ._sources import META_TABLE
from .spec import TABLES
from .urls import connect_error, engine_for, safe_url, scrub

__all__ = ["column_types", "database_meta", "write_duckdb", "write_folder", "write_sql"]

_IF_EXISTS = ("fail", "replace")
_FORMATS = {"parquet": ".parquet", "csv": ".csv"}


def column_types(table: str, df: pd.DataFrame) -> dict[str, Any]:
    """The kind of each column the table spec does not fix ("text", "number", levels, ...)."""
    if table == "transactions":
        return {}
    spec = TABLES[table]
    out: dict[str, Any] = {}
    for column in df.columns:
        if spec.kind(str(column)) is not None:
            continue
        dtype = df[column].dtype
        if isinstance(dtype, pd.CategoricalDtype) and dtype.ordered:
            out[str(column)] = [str(v) for v in dtype.categories]
        elif pd.api.types.is_bool_dtype(dtype):
            out[str(column)] = "flag"
        elif pd.api.types.is_numeric_dtype(dtype):
            out[str(column)] = "number"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            out[str(column)] = "date"
        else:
            out[str(column)] = "text"
    return out


def _day(value: Any) -> str | None:
    return None if value is None else str(pd.Timestamp(value).date()) if pd.Timestamp(
        value) == pd.Timestamp(value).normalize() else pd.Timestamp(value).isoformat()


def database_meta(db: Any) -> dict[str, Any]:
    """What is stored with the tables: name, currency, description, ends and column types."""
    types = {t: column_types(t, df) for t, df in db.tables().items()}
    return {
        "name": db.name,
        "currency": db.currency,
        "description": db.description or None,
        "observation_end": _day(db.observation_end),
        "calibration_end": _day(db.calibration_end),
        "types": {t: v for t, v in types.items() if v} or None,
    }


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """The table to write: categoricals as text (levels are kept in the metadata), no attrs."""
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    out = df.assign(**{str(c): as_text(df[c]) for c in cats}) if cats else df.copy(deep=False)
    out.attrs = {}  # reading records its own; pandas would try to store them as JSON
    return out


def _check_if_exists(if_exists: str, where: str) -> None:
    if if_exists not in _IF_EXISTS:
        raise ParameterError(
            f"{where}: if_exists={if_exists!r}; use 'fail' (keep what is there) or 'replace'."
        )


def _output_error(target: Any, exc: OSError) -> OutputError:
    reason = (exc.strerror or str(exc) or type(exc).__name__).lower()
    return OutputError(
        f"cannot write {str(target)!r} ({reason}); fix: choose a folder this user can write to, "
        f"with free space."
    )


def write_folder(db: Any, path: str | os.PathLike[str], *, format: str = "parquet",
                 if_exists: str = "fail") -> Path:
    """Write every table as ``<table>.parquet`` or ``<table>.csv`` plus ``crm.yaml``."""
    import yaml

    if format not in _FORMATS:
        raise ParameterError(f"to_folder: format={format!r}; use 'parquet' or 'csv'.")
    _check_if_exists(if_exists, "to_folder")
    folder = Path(path)
    tables = db.tables()
    files = {t: f"{t}{_FORMATS[format]}" for t in tables}
    targets = [folder / "crm.yaml", *(folder / f for f in files.values())]
    if if_exists == "fail":
        there = [p.name for p in targets if p.exists()]
        if there:
            raise OutputError(
                f"to_folder: {str(folder)!r} already holds {', '.join(there)}; fix: pass "
                f"if_exists='replace' to overwrite them, or write to another folder."
            )
    meta = {k: v for k, v in database_meta(db).items() if v is not None}
    meta = {**{k: v for k, v in meta.items() if k != "types"}, "tables": files,
            **({"types": meta["types"]} if "types" in meta else {})}
    header = ("# CRM database written by clvmodels (CRMDatabase.to_folder); read it with "
              "clvmodels.load_crm(folder). Keys: see docs/crm.md.\n")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for table, df in tables.items():
            target = folder / files[table]
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                out = _plain(df)
                if format == "parquet":
                    out.to_parquet(tmp, index=False)
                else:
                    out.to_csv(tmp, index=False)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
        types = {"types": meta.pop("types")} if "types" in meta else {}
        text = header + "".join(
            yaml.safe_dump(part, allow_unicode=True, sort_keys=False, width=100,
                           default_flow_style=flow)
            for part, flow in ((meta, False), (types, None)) if part
        )
        (folder / "crm.yaml").write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _output_error(folder, exc) from None
    return folder


def _meta_rows(db: Any, names: Mapping[str, str]) -> pd.DataFrame:
    meta = database_meta(db)
    meta["tables"] = dict(names)
    return pd.DataFrame({"key": list(meta), "value": [json.dumps(v) for v in meta.values()]})


def write_duckdb(db: Any, path: str | os.PathLike[str], *, if_exists: str = "fail") -> Path:
    """Write every table, and ``crm_meta``, into a new DuckDB file (replaced atomically)."""
    import duckdb

    _check_if_exists(if_exists, "to_duckdb")
    target = Path(path)
    if target.exists() and if_exists == "fail":
        raise OutputError(
            f"to_duckdb: {str(target)!r} already exists; fix: pass if_exists='replace' to "
            f"overwrite it, or choose another file."
        )
    tables = db.tables()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        try:
            for name, df in [*tables.items(), (META_TABLE, _meta_rows(db, {t: t for t in tables}))]:
                con.register("_clvmodels_table", _plain(df))
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _clvmodels_table')
                con.unregister("_clvmodels_table")
        finally:
            con.close()
        os.replace(tmp, target)
    except OSError as exc:
        raise _output_error(target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return target


def write_sql(db: Any, url: Any, *, if_exists: str = "fail", schema: str | None = None) -> str:
    """Write every table, and ``crm_meta``, into the database at ``url`` in one transaction."""
    import sqlalchemy as sa

    _check_if_exists(if_exists, "to_sql")
    shown = safe_url(url)
    engine = engine_for(url)
    tables = db.tables()
    names = [*tables, META_TABLE]
    try:
        with engine.begin() as conn:
            inspector = sa.inspect(conn)
            there = [n for n in names if inspector.has_table(n, schema=schema)]
            if there and if_exists == "fail":
                raise OutputError(
                    f"to_sql: {shown} already has the table(s) {', '.join(there)}; fix: pass "
                    f"if_exists='replace' to replace them, or write to another schema "
                    f"(schema=...)."
                )
            for name, df in [*tables.items(), (META_TABLE, _meta_rows(db, {t: t for t in tables}))]:
                _plain(df).to_sql(name, conn, schema=schema, if_exists="replace", index=False,
                                  chunksize=50_000)
    except OutputError:
        raise
    except sa.exc.OperationalError as exc:
        if getattr(exc, "connection_invalidated", False) or "connect" in str(exc).lower():
            raise connect_error(url, exc) from None
        raise OutputError(f"to_sql: writing to {shown} failed ({scrub(str(exc.orig), url)}); "
                          f"fix: check the user's rights to create tables.") from None
    except sa.exc.SQLAlchemyError as exc:
        first = scrub(str(getattr(exc, "orig", None) or exc).splitlines()[0], url)
        raise OutputError(f"to_sql: writing to {shown} failed ({first}); fix: check the user's "
                          f"rights to create tables, and the schema.") from None
    finally:
        engine.dispose()
    return shown
