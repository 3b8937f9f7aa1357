"""Where CRM tables come from: a folder of files, a DuckDB file, a SQL database, or memory.

Each source finds a table by its default name (:meth:`locate`), reads a named table or file or
runs a query (:meth:`read`) into a :class:`~clvmodels.crm._raw.RawTable`, and returns the
metadata a writer stored with the tables (:meth:`meta`). Errors are one line naming the source
(URLs without their password).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataValidationError, ParameterError
from ..validation import format_problem
from ._files import file_kind, find_table_file, read_file
from ._raw import RawTable
from .spec import TABLES
from .urls import connect_error, engine_for, safe_url, scrub

__all__ = ["META_TABLE", "DuckDBSource", "FolderSource", "MemorySource", "SQLSource"]

#: Name of the key/value table in which ``to_duckdb`` / ``to_sql`` store name, currency, ends
#: and column types, read back by :func:`clvmodels.load_crm`.
META_TABLE = "crm_meta"


def _split(name: str, schema: str | None) -> tuple[str | None, str]:
    if "." in name:
        first, rest = name.split(".", 1)
        return first, rest
    return schema, name


def _first_line(exc: BaseException) -> str:
    """The first line of the database's own message (pandas and SQLAlchemy wrappers removed)."""
    while getattr(exc, "orig", None) is not None or exc.__cause__ is not None:
        exc = getattr(exc, "orig", None) or exc.__cause__  # type: ignore[assignment]
    return next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)


def _meta_from_rows(rows: list[tuple[Any, Any]]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, value in rows:
        try:
            meta[str(key)] = json.loads(value)
        except (TypeError, ValueError):
            meta[str(key)] = value
    return meta


class FolderSource:
    """A folder of CSV/Parquet files, one per table (or a single transactions file)."""

    def __init__(self, folder: Path, *, single: Path | None = None, encoding: str = "utf-8",
                 sep: str | None = None, decimal: str = ".") -> None:
        self.folder = folder
        self.single = single
        self.where = str(single if single is not None else folder)
        self.csv = {"encoding": encoding, "sep": sep, "decimal": decimal}
        self.used: list[Path] = []

    def locate(self, table: str) -> str | None:
        if self.single is not None:
            return self.single.name if table == "transactions" else None
        found = find_table_file(self.folder, TABLES[table])
        return found.name if found is not None else None

    def missing(self, table: str) -> DataValidationError:
        files = sorted(p.name for p in self.folder.iterdir() if p.is_file() and file_kind(p))
        close = difflib.get_close_matches(table, [Path(f).stem for f in files], n=1, cutoff=0.5)
        near = next((f for f in files if close and Path(f).stem == close[0]), None)
        shown = ", ".join(repr(f) for f in files[:8]) or "no CSV or Parquet files"
        fix = (f"name the file {table}.csv or {table}.parquet, or name yours in crm.yaml "
               f"(tables: {{{table}: {near or 'FILE'}}}) or load_crm(tables={{{table!r}: "
               f"{near or 'FILE'!r}}})")
        return DataValidationError(format_problem(
            self.where, None, f"no {table!r} table: no file {table}.csv, {table}.parquet or "
            f"similar in the folder (it has {shown})", fix=fix,
        ))

    def read(self, table: str, location: str | None, query: str | None, *,
             named_by: str, text_columns: Collection[str] = ()) -> RawTable:
        if query is not None:
            return _duckdb_query(query, table, where=self.where, folder=self.folder)
        assert location is not None
        path = Path(location)
        if not path.is_absolute():
            path = self.folder / path
        if file_kind(path) is None and path.exists() and path.is_file():
            raise DataValidationError(format_problem(
                path.name, None, f"the {table!r} table must be a CSV/TSV/text or Parquet file",
                fix="export it as .csv or .parquet (text files may be .gz compressed)",
            ))
        self.used.append(path)
        return read_file(path, table, named_by=named_by, text_columns=text_columns, **self.csv)

    def skip(self, location: str | None) -> None:
        """A table not read on purpose: its file is not reported as unread."""
        if location is not None:
            path = Path(location)
            self.used.append(path if path.is_absolute() else self.folder / path)

    def unread_files(self) -> list[str]:
        if self.single is not None:
            return []
        used = {p.resolve() for p in self.used}
        return sorted(p.name for p in self.folder.iterdir()
                      if p.is_file() and file_kind(p) and p.resolve() not in used)

    def meta(self) -> dict[str, Any]:
        return {}

    def close(self) -> None:
        pass


def _arrow_frame(relation: Any) -> pd.DataFrame:
    table = relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()
    return table.to_pandas()


def _duckdb_query(query: str, table: str, *, where: str, folder: Path | None = None,
                  con: Any = None) -> RawTable:
    """Run ``query`` in DuckDB (file names relative to ``folder`` when given)."""
    import duckdb

    own = con is None
    if own:
        con = duckdb.connect()
        if folder is not None:
            con.execute("SET file_search_path = '" + str(folder).replace("'", "''") + "'")
    try:
        relation = con.sql(query)
        if relation is None:
            raise DataValidationError(format_problem(
                where, None, f"the query for the {table!r} table returns no rows and columns",
                fix="give a SELECT query",
            ))
        frame = _arrow_frame(relation)
    except duckdb.Error as exc:
        raise DataValidationError(format_problem(
            where, None, f"the query for the {table!r} table failed ({_first_line(exc)})",
            fix="correct the query (run it in the duckdb shell to see the whole error)",
        )) from None
    finally:
        if own:
            con.close()
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return RawTable(frame, f"{where}, query", "row")


class DuckDBSource:
    """A DuckDB database file (opened read-only)."""

    def __init__(self, path: Path) -> None:
        import duckdb

        self.path = path
        self.where = path.name
        try:
            self.con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            text = _first_line(exc)
            fix = ("close the program that has it open for writing, or copy the file"
                   if "lock" in text.lower() else
                   "check that it is a DuckDB database file written by a DuckDB version this "
                   "one can read")
            raise DataValidationError(format_problem(
                self.where, None, f"cannot open the DuckDB database ({text})", fix=fix,
            )) from None
        rows = self.con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database()"
        ).fetchall()
        self.names = {(s, t) for s, t in rows}

    def _find(self, name: str) -> tuple[str, str] | None:
        schema, table = _split(name, None)
        for s, t in sorted(self.names, key=lambda st: st[0] != "main"):
            if t.lower() == table.lower() and (schema is None or s.lower() == schema.lower()):
                return s, t
        return None

    def locate(self, table: str) -> str | None:
        for name in (table, *TABLES[table].aliases):
            found = self._find(name)
            if found is not None:
                return found[1] if found[0] == "main" else f"{found[0]}.{found[1]}"
        return None

    def missing(self, table: str) -> DataValidationError:
        return _missing_table(self.where, table, sorted(t for _, t in self.names))

    def read(self, table: str, location: str | None, query: str | None, *,
             named_by: str, text_columns: Collection[str] = ()) -> RawTable:
        if query is not None:
            return _duckdb_query(query, table, where=self.where, con=self.con)
        assert location is not None
        found = self._find(location)
        if found is None:
            raise _missing_table(self.where, table, sorted(t for _, t in self.names),
                                 named=location, named_by=named_by)
        ident = ".".join('"' + p.replace('"', '""') + '"' for p in found)
        raw = _duckdb_query(f"SELECT * FROM {ident}", table, where=self.where, con=self.con)
        raw.where = f"{self.where}, table {location!r}"
        return raw

    def meta(self) -> dict[str, Any]:
        import duckdb

        if self._find(META_TABLE) is None:
            return {}
        try:
            rows = self.con.execute(f'SELECT "key", "value" FROM "{META_TABLE}"').fetchall()
        except duckdb.Error:  # a user's own table of that name: no metadata
            return {}
        return _meta_from_rows(rows)

    def close(self) -> None:
        self.con.close()


def _missing_table(where: str, table: str, names: list[str], *, named: str | None = None,
                   named_by: str = "") -> DataValidationError:
    target = named or table
    close = difflib.get_close_matches(target.split(".")[-1].lower(),
                                      [n.lower() for n in names], n=1, cutoff=0.5)
    near = next((n for n in names if close and n.lower() == close[0]), None)
    shown = ", ".join(repr(n) for n in names[:10]) or "no tables"
    if named is not None:
        what = f"no table {named!r} (the {table!r} table, named by {named_by})"
        fix = f"did you mean {near!r}? correct the name" if near else "correct the table name"
    else:
        what = f"no {table!r} table"
        fix = (f"name the table in tables={{{table!r}: {near or 'NAME'!r}}} (crm.yaml: tables: "
               f"{{{table}: {near or 'NAME'}}}) or give a query for it")
    return DataValidationError(format_problem(
        where, None, f"{what}; the database has {shown}", fix=fix,
    ))


class SQLSource:
    """Any database SQLAlchemy can reach, by URL."""

    def __init__(self, url: Any, *, schema: str | None = None) -> None:
        import sqlalchemy as sa

        self.url = url
        self.schema = schema
        self.where = safe_url(url)
        self.engine = engine_for(url)
        try:
            self.conn = self.engine.connect()
            inspector = sa.inspect(self.conn)
            schemas = {schema} if schema is not None else {None}
            self.names: set[tuple[str | None, str]] = set()
            for s in schemas:
                for t in inspector.get_table_names(schema=s) + inspector.get_view_names(schema=s):
                    self.names.add((s, t))
        except sa.exc.SQLAlchemyError as exc:
            self.engine.dispose()
            raise connect_error(url, exc) from None

    def _find(self, name: str) -> tuple[str | None, str] | None:
        schema, table = _split(name, self.schema)
        if schema != self.schema:  # another schema: trust the name, the query says if it is not
            return schema, table
        for s, t in self.names:
            if t.lower() == table.lower():
                return s, t
        return None

    def locate(self, table: str) -> str | None:
        for name in (table, *TABLES[table].aliases):
            found = self._find(name)
            if found is not None:
                return found[1]
        return None

    def missing(self, table: str) -> DataValidationError:
        return _missing_table(self.where, table, sorted(t for _, t in self.names))

    def read(self, table: str, location: str | None, query: str | None, *,
             named_by: str, text_columns: Collection[str] = ()) -> RawTable:
        import sqlalchemy as sa

        if query is not None:
            statement: Any = sa.text(query)
            where = f"{self.where}, query"
        else:
            assert location is not None
            found = self._find(location)
            if found is None:
                raise _missing_table(self.where, table, sorted(t for _, t in self.names),
                                     named=location, named_by=named_by)
            statement = sa.select(sa.text("*")).select_from(sa.table(found[1], schema=found[0]))
            where = f"{self.where}, table {location!r}"
        try:
            frame = pd.read_sql_query(statement, self.conn)
        except (sa.exc.SQLAlchemyError, pd.errors.DatabaseError) as exc:
            self.conn.rollback()
            what = f"the query for the {table!r} table" if query is not None else \
                f"reading the {table!r} table"
            raise DataValidationError(format_problem(
                where, None, f"{what} failed ({scrub(_first_line(exc), self.url)})",
                fix="correct the table name or the query (run it in your SQL client to see the "
                "whole error)",
            )) from None
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        return RawTable(frame, where, "row")

    def meta(self) -> dict[str, Any]:
        import sqlalchemy as sa

        if self._find(META_TABLE) is None:
            return {}
        try:
            rows = self.conn.execute(
                sa.select(sa.column("key"), sa.column("value"))
                .select_from(sa.table(META_TABLE, schema=self.schema))
            ).fetchall()
        except sa.exc.SQLAlchemyError:
            self.conn.rollback()
            return {}
        return _meta_from_rows([tuple(r) for r in rows])

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()


class MemorySource:
    """Tables already in memory (a :class:`CRMDatabase` or a dict of DataFrames)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame | None], name: str) -> None:
        self.tables = {k: v for k, v in tables.items() if v is not None}
        self.where = name

    def locate(self, table: str) -> str | None:
        return table if table in self.tables else None

    def missing(self, table: str) -> DataValidationError:
        return DataValidationError(format_problem(
            self.where, None, f"no {table!r} table (it has {', '.join(self.tables) or 'none'})",
            fix=f"pass a DataFrame for {table!r}",
        ))

    def read(self, table: str, location: str | None, query: str | None, *,
             named_by: str, text_columns: Collection[str] = ()) -> RawTable:
        if query is not None:
            raise ParameterError("queries need a database or a folder source, not DataFrames.")
        frame = self.tables[location or table]
        if not isinstance(frame, pd.DataFrame):
            raise ParameterError(
                f"the {table!r} table must be a pandas DataFrame, got {type(frame).__name__}."
            )
        named = [n for n in frame.index.names if n is not None and n not in frame.columns]
        if named and set(named) & set(TABLES[table].columns):  # e.g. indexed by customer_id
            frame = frame.reset_index()
        return RawTable(frame, self.where, "index")

    def meta(self) -> dict[str, Any]:
        return {}

    def close(self) -> None:
        pass
