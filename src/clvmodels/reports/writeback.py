"""Writing a run's ``customer_scores`` back into the user's database (``--write-back TABLE``).

A CRM system picks the scores up from a table of its own database: the DuckDB file or SQL
database (SQLAlchemy URL) the run read with ``--data``. ``mode="replace"`` replaces the table
with this run's scores (one row per customer); ``mode="append"`` adds them to the rows of
earlier runs, with the columns ``run_id`` and ``scored_at``. The target is checked before any
notebook runs (:func:`write_back_target`); the table is written in one transaction after the
run (:func:`write_table`), so a failed write leaves the table as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._checks import check_choice
from ..crm import database_file_kind, looks_like_url
from ..exceptions import OutputError, ParameterError
from .inputs import DataSource, safe_source

__all__ = ["WRITE_BACK_MODES", "WriteBack", "write_back_target", "write_table"]

#: ``replace``: the table holds this run's scores; ``append``: rows added with run_id, scored_at.
WRITE_BACK_MODES = ("replace", "append")

#: Tables of a CRM database (and its metadata table) that write-back never overwrites.
_PROTECTED = ("transactions", "customers", "contacts", "surveys", "referrals", "crm_meta")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")


@dataclass(frozen=True)
class WriteBack:
    """Where a run's scores are written.

    Attributes
    ----------
    kind : {"duckdb", "sql"}
        A DuckDB file or a database reached by SQLAlchemy.
    target : str
        The DuckDB file (absolute path) or the SQLAlchemy URL.
    table : str
        Table name.
    schema : str or None
        Database schema (from ``schema.table`` or the data's ``schema`` option).
    mode : {"replace", "append"}
    """

    kind: str
    target: str
    table: str
    schema: str | None
    mode: str

    @property
    def shown(self) -> str:
        """``<table> in <database>`` with any password hidden."""
        name = f"{self.schema}.{self.table}" if self.schema else self.table
        return f"table {name} of {safe_source(self.target)}"


def _database_of(source: str, depth: int = 0) -> tuple[str, str] | None:
    """``(kind, target)`` of a data source that is a database, else None (folder, file)."""
    head = source.split("://", 1)[0]
    if looks_like_url(source):
        if head.split("+")[0].lower() == "duckdb":
            return "duckdb", source.split("://", 1)[1].removeprefix("/")
        return "sql", source
    path = Path(source).expanduser()
    if path.suffix.lower() in (".yaml", ".yml") and path.is_file() and depth == 0:
        import yaml

        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None  # reading the data reports the problem
        inner = config.get("source") if isinstance(config, Mapping) else None
        if not isinstance(inner, str) or not inner:
            return None  # the folder of the crm.yaml
        inner_path = Path(inner).expanduser()
        if "://" not in inner and not inner_path.is_absolute():
            inner = str((path.parent / inner_path).resolve())
        return _database_of(inner, depth + 1)
    if path.is_file():
        kind = database_file_kind(path)
        if kind == "duckdb":
            return "duckdb", str(path.resolve())
        if kind == "sqlite":
            return "sql", f"sqlite:///{path.resolve()}"
    return None


def write_back_target(
    value: str | Mapping[str, Any] | None,
    data: DataSource | None,
    *,
    mode: str | None = None,
    where: str = "parameters",
) -> WriteBack | None:
    """Check a write-back request before the run: the table name, the mode and the database.

    Parameters
    ----------
    value : str or mapping or None
        The table (``"customer_scores"``, ``"crm.customer_scores"``), or
        ``{"table": ..., "mode": ...}`` (YAML ``write_back:``); None: no write-back.
    data : DataSource or None
        The run's CRM database source (``--data``); write-back needs a DuckDB file or a SQL
        database there.
    mode : {"replace", "append"}, optional
        Overrides the mapping's mode; default "replace".
    where : str
        Names the origin in messages.

    Returns
    -------
    WriteBack or None

    Raises
    ------
    ParameterError
        One line: no database to write into (a folder, a file or bundled data), a bad table
        name, a CRM table of the run, or an unknown mode.
    """
    if value is None:
        return None
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - {"table", "mode"})
        if unknown:
            raise ParameterError(
                f"{where}: unknown key {unknown[0]!r} under 'write_back'; use 'table' and 'mode'."
            )
        table = value.get("table")
        mode = mode if mode is not None else value.get("mode")
    else:
        table = value
    if not isinstance(table, str) or not table.strip():
        raise ParameterError(
            f"{where}: write-back needs a table name, e.g. --write-back customer_scores "
            f"(YAML: write_back: {{table: customer_scores, mode: replace}})."
        )
    mode = check_choice("write_back mode", "replace" if mode is None else mode, WRITE_BACK_MODES,
                        where=where)
    parts = table.strip().split(".")
    if len(parts) > 2 or not all(_NAME.match(p) for p in parts):
        raise ParameterError(
            f"{where}: write-back table {table!r} is not a plain table name; use letters, digits "
            f"and '_' (optionally schema.table), e.g. customer_scores."
        )
    schema, name = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
    taken = set(_PROTECTED)
    if data is not None:
        tables = data.options.get("tables")
        if isinstance(tables, Mapping):
            taken |= {str(v).split(".")[-1].lower() for v in tables.values() if v}
    if name.lower() in taken:
        raise ParameterError(
            f"{where}: write-back table {name!r} is a table of the CRM database the run reads; "
            f"choose another name, e.g. customer_scores."
        )
    database = _database_of(data.source) if data is not None else None
    if database is None:
        what = (f"--data {data.shown!r} is a folder or a file" if data is not None
                else "the run reads bundled data or a transaction log")
        raise ParameterError(
            f"{where}: --write-back {table} needs a DuckDB file or a SQL database URL as --data "
            f"(the scores are written into that database), but {what}; pass --data "
            f"shop.duckdb or a URL such as postgresql+psycopg://user@host/shop, or drop "
            f"--write-back (customer_scores.parquet/.csv are in the run folder)."
        )
    kind, target = database
    if schema is None and kind == "sql" and data is not None:
        schema = data.options.get("schema")
    return WriteBack(kind=kind, target=target, table=name, schema=schema, mode=mode)


def _frame(scores: pd.DataFrame, mode: str, run_id: str, scored_at: Any) -> pd.DataFrame:
    frame = scores.reset_index()
    frame.attrs = {}
    if mode == "append":
        frame.insert(0, "scored_at", pd.Timestamp(scored_at))
        frame.insert(0, "run_id", run_id)
    return frame


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_table(
    scores: pd.DataFrame,
    target: WriteBack,
    *,
    run_id: str,
    scored_at: Any,
) -> int:
    """Write a run's scores table into the user's database, in one transaction.

    Parameters
    ----------
    scores : DataFrame
        ``customer_scores`` (index ``customer_id``), as written to the run folder.
    target : WriteBack
        From :func:`write_back_target`.
    run_id : str
        The run's id (column ``run_id`` in append mode).
    scored_at : datetime-like
        When the run started (column ``scored_at`` in append mode, local time).

    Returns
    -------
    int
        Rows written.

    Raises
    ------
    OutputError
        One line naming the table and the database (password hidden) and the fix: the database
        cannot be reached or written, or an appended table lacks columns of this run.
    """
    frame = _frame(scores, target.mode, run_id, scored_at)
    if target.kind == "duckdb":
        _write_duckdb(frame, target)
    else:
        _write_sql(frame, target)
    return int(len(frame))


def _missing_columns_error(target: WriteBack, missing: list[str]) -> OutputError:
    return OutputError(
        f"write-back: {target.shown} has no column(s) {', '.join(missing[:5])}"
        f"{' ...' if len(missing) > 5 else ''} that this run computed; fix: write with "
        f"--write-back-mode replace, or to a new table."
    )


def _write_duckdb(frame: pd.DataFrame, target: WriteBack) -> None:
    import duckdb

    path = Path(target.target)
    if not path.is_file():
        raise OutputError(
            f"write-back: the DuckDB file {str(path)!r} no longer exists; fix: check the --data "
            f"path."
        )
    name = (f"{_quote(target.schema)}." if target.schema else "") + _quote(target.table)
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise OutputError(
            f"write-back: cannot open {str(path)!r} for writing ({first}); fix: close other "
            f"programs that hold the file open, and check this user's rights to it."
        ) from None
    try:
        con.register("_clvmodels_scores", frame)
        con.execute("BEGIN TRANSACTION")
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND "
            "table_schema = coalesce(?, current_schema())",
            [target.table, target.schema],
        ).fetchone()[0]
        if target.mode == "append" and exists:
            have = {str(r[0]) for r in con.execute(f"DESCRIBE {name}").fetchall()}
            missing = [c for c in frame.columns if str(c) not in have]
            if missing:
                con.execute("ROLLBACK")
                raise _missing_columns_error(target, missing)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _clvmodels_scores")
        else:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _clvmodels_scores")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise OutputError(
            f"write-back: writing {target.shown} failed ({first}); fix: check the schema and "
            f"this user's rights to the file."
        ) from None
    finally:
        con.close()


def _write_sql(frame: pd.DataFrame, target: WriteBack) -> None:
    import sqlalchemy as sa

    from ..crm.urls import scrub as scrub_password

    url = target.target
    shown = safe_source(url)
    parsed = sa.engine.make_url(url)

    def scrub(text: str) -> str:
        return scrub_password(text, parsed)

    try:
        engine = sa.create_engine(parsed)
    except (sa.exc.SQLAlchemyError, ImportError, ValueError) as exc:
        raise OutputError(
            f"write-back: cannot use {shown} ({scrub(str(exc).splitlines()[0])}); fix: check "
            f"the URL and its driver."
        ) from None
    try:
        with engine.begin() as conn:
            if target.mode == "append":
                inspector = sa.inspect(conn)
                if inspector.has_table(target.table, schema=target.schema):
                    have = {str(c["name"]) for c in
                            inspector.get_columns(target.table, schema=target.schema)}
                    missing = [str(c) for c in frame.columns if str(c) not in have]
                    if missing:
                        raise _missing_columns_error(target, missing)
            frame.to_sql(target.table, conn, schema=target.schema, index=False,
                         if_exists="append" if target.mode == "append" else "replace",
                         chunksize=50_000)
    except OutputError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        first = next((ln for ln in str(orig).splitlines() if ln.strip()), type(orig).__name__)
        raise OutputError(
            f"write-back: writing {target.shown} failed ({scrub(first)}); fix: check that the "
            f"server is reachable and that the user may create and write tables in the schema."
        ) from None
    finally:
        engine.dispose()
