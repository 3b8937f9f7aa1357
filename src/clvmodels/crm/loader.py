"""``load_crm``: a company's CRM database from files, DuckDB or SQL, checked table by table."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataValidationError, DataWarning, ParameterError
from ..labels import say
from ..validation import format_problem, warn_data
from ._config import CONFIG_NAMES, merge_options, normalize_options, read_config
from ._files import file_kind
from ._links import check_links, unify_ids
from ._sources import META_TABLE, DuckDBSource, FolderSource, MemorySource, SQLSource
from ._tables import check_table, check_transactions, text_columns
from .database import CRMDatabase
from .spec import TABLES
from .urls import looks_like_url, parse_url

__all__ = ["database_file_kind", "load_crm"]

_DUCKDB_SUFFIXES = (".duckdb", ".ddb")
_CONFIG_SUFFIXES = (".yaml", ".yml")


def load_crm(
    source: str | os.PathLike[str] | CRMDatabase | Mapping[str, pd.DataFrame],
    *,
    tables: Sequence[str] | Mapping[str, str | None] | None = None,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    queries: Mapping[str, str] | None = None,
    types: Mapping[str, Mapping[str, Any]] | None = None,
    currency: str | None = None,
    name: str | None = None,
    observation_end: Any = None,
    calibration_end: Any = None,
    date_format: str | Mapping[str, str] | None = None,
    schema: str | None = None,
    encoding: str | None = None,
    sep: str | None = None,
    decimal: str | None = None,
    allow_returns: bool | None = None,
    drop_duplicates: bool | None = None,
    drop_zero_amounts: bool | None = None,
    utc: bool | None = None,
) -> CRMDatabase:
    """Read and check a CRM database (客户数据库): transactions plus the customer tables.

    Every table is checked as a whole before anything is raised; a problem is one line naming
    the source, the table, the column, the first rows with their values and the fix.
    Transactions pass :func:`clvmodels.validation.validate_transactions` (the same checks,
    messages and warnings as :func:`clvmodels.read_transactions`); the other tables are checked
    column by column (ids, dates, numbers, yes/no flags, required columns) and across tables.
    Columns are typed canonically (:mod:`clvmodels.crm.spec`), so a database reads back the
    same from a folder, DuckDB or SQL.

    Parameters
    ----------
    source : path, URL, CRMDatabase or dict of DataFrames
        Where the tables are:

        - a **folder** of CSV/Parquet files, one per table: ``transactions.csv`` (required),
          ``customers.parquet``, ``contacts.csv``, ``surveys.csv``, ``referrals.csv`` by default
          (``.parquet``/``.pq``, ``.csv``/``.tsv``/``.txt``, optionally ``.gz``); an optional
          ``crm.yaml`` in it holds the options below (the arguments given here win);
        - a **crm.yaml** file (options, with ``source:`` naming the folder, DuckDB file or URL;
          default its own folder);
        - a single **CSV/Parquet file**: a database of transactions only;
        - a **DuckDB** file (``.duckdb``, ``.ddb``, or any file DuckDB wrote; a SQLite file is
          recognized too) or a ``duckdb:///path`` URL;
        - a **SQLAlchemy URL** of any SQL database, e.g. ``sqlite:///crm.db``,
          ``postgresql+psycopg://user@host:5432/shop``, ``mysql+pymysql://user@host/shop``,
          ``snowflake://user@account/db/schema`` (snowflake-sqlalchemy),
          ``bigquery://project/dataset`` (sqlalchemy-bigquery). Give the password by the
          driver's environment (``PGPASSWORD``, ...) rather than in the URL; it is never shown;
        - a :class:`CRMDatabase` or ``{"transactions": df, ...}`` in memory (checked and typed
          the same way).
    tables : list of table names, or mapping, optional
        A list reads only these tables (``["transactions", "customers"]``; transactions are
        always read). A mapping names where a table is: ``{"transactions": "orders_2024.csv"}``
        (a file of the folder, or a table of the database, ``"schema.table"`` allowed);
        ``None`` skips a table. Tables not named are found by their default names.
    columns : mapping, optional
        Column names per table, **your column -> ours**, as in ``DataFrame.rename``:
        ``{"transactions": {"KundenNr": "customer_id", "Datum": "date", "Umsatz": "amount"},
        "contacts": {"Antwort": "responded"}}``. Columns not mapped are found by their
        canonical name or a usual other name, case-insensitively; other columns keep their
        names (transactions keep only their canonical columns).
    queries : mapping, optional
        A SQL query per table instead of a table name (DuckDB, SQL, and folders: DuckDB SQL
        over the folder's files, e.g. ``"SELECT * FROM 'orders.csv' WHERE amount > 0"``).
    types : mapping, optional
        Kinds of columns the spec does not fix, per table: ``{"customers": {"zip": "text",
        "rating": ["B", "BB", "A"]}}``; kinds ``"id"``, ``"date"``, ``"number"``, ``"flag"``,
        ``"text"`` or a list of ordered levels. Written by the writers; rarely needed by hand.
    currency : str, optional
        Currency of every money column ("CNY", "EUR"); default the stored one, else "USD".
    name : str, optional
        Name of the data (default the stored one, else the folder, file or database name).
    observation_end, calibration_end : date-like, optional
        Last day of observation (transactions after it are excluded with a warning) and of the
        calibration period. Defaults: the stored ones, else the last transaction date and the
        day two thirds of the way from the first transaction to ``observation_end``.
    date_format : str or mapping, optional
        strftime format of text dates (``"%d.%m.%Y"``), for all tables or per table. Default:
        datetime columns as they are, ISO 8601 text (``2024-01-31``) and ``YYYYMMDD`` numbers.
    schema : str, optional
        Database schema of the tables (SQL sources; default the connection's).
    encoding, sep, decimal : str, optional
        Of CSV files: text encoding (default "utf-8"; "gb18030" for Chinese Excel exports),
        field separator (default guessed from the header) and decimal mark (default ".").
    allow_returns, drop_duplicates, drop_zero_amounts, utc : bool, optional
        Transaction policies, as in :func:`clvmodels.read_transactions` (default False).

    Returns
    -------
    CRMDatabase
        ``transactions`` (canonical), and ``customers``, ``contacts``, ``surveys``,
        ``referrals`` where the source has them (else None), typed canonically; ``name``,
        ``currency``, ``observation_end``, ``calibration_end``, ``source`` (path, or URL with
        the password hidden). Each table's ``attrs`` hold ``source``, ``columns`` (our name ->
        source column) and ``n_rows_read``; ``extra["warnings"]`` the warnings raised.

    Raises
    ------
    DataValidationError
        A file, table or database cannot be read, or a table's data is unusable (one line).
    ParameterError
        An argument or a key of ``crm.yaml`` is invalid, or a URL is not a database URL.

    Warns
    -----
    DataWarning
        Rows excluded or kept but suspicious (as :func:`~clvmodels.read_transactions`); ids in
        contacts, surveys or referrals found in neither customers nor transactions; customers
        with transactions missing from ``customers``; files of the folder that were not read.

    Examples
    --------
    >>> from clvmodels.datasets import make_crm_data
    >>> db = make_crm_data(500, random_state=0)
    >>> folder = db.to_folder(tmp_path / "shop", format="csv")  # doctest: +SKIP
    >>> load_crm(folder).customers.shape == db.customers.shape  # doctest: +SKIP
    True
    """
    given = normalize_options({
        "tables": tables, "columns": columns, "queries": queries, "types": types,
        "currency": currency, "name": name, "observation_end": observation_end,
        "calibration_end": calibration_end, "date_format": date_format, "schema": schema,
        "encoding": encoding, "sep": sep, "decimal": decimal, "allow_returns": allow_returns,
        "drop_duplicates": drop_duplicates, "drop_zero_amounts": drop_zero_amounts, "utc": utc,
    })
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        db = _load(source, given)
    messages = []
    for w in caught:
        if issubclass(w.category, DataWarning):
            messages.append(str(w.message))
            warn_data(w.message)  # the DataWarning itself: it keeps its texts
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    db.extra["warnings"] = messages
    return db


def _load(source: Any, given: dict[str, Any]) -> CRMDatabase:
    base: CRMDatabase | None = None
    if isinstance(source, CRMDatabase):
        base = source
        src: Any = MemorySource(source.tables(), source.name or "DataFrame")
        config: dict[str, Any] = {}
        default_name, shown = source.name, source.source
    elif isinstance(source, Mapping):
        src = MemorySource(source, "DataFrame")
        config, default_name, shown = {}, "DataFrame", ""
    elif isinstance(source, str | os.PathLike):
        src, config, default_name, shown = _open(source, given)
    else:
        raise ParameterError(
            f"load_crm expects a folder, a file, a database URL, a CRMDatabase or a dict of "
            f"DataFrames, got {type(source).__name__}."
        )
    try:
        meta = src.meta()
        stored = normalize_options(meta, f"{META_TABLE}: ") if meta else {}
        options = merge_options(stored, config, given)
        if base is not None:
            options.setdefault("currency", base.currency)
            if base.observation_end is not None:
                options.setdefault("observation_end", base.observation_end)
            if base.calibration_end is not None:
                options.setdefault("calibration_end", base.calibration_end)
        options.setdefault("currency", "USD")
        tables = _read_tables(src, options)
    finally:
        src.close()
    if isinstance(src, FolderSource):
        unread = src.unread_files()
        if unread:
            warn_data(lambda lang: say(
                "dw_files_not_read", lang, source=src.where, n=len(unread),
                files=say("dw_list_separator", lang).join(
                    f if lang == "en" else f"`{f}`" for f in unread[:5]),
                dots=" ..." if len(unread) > 5 else "", first=unread[0],
            ))
    tx = tables["transactions"]
    end = options.get("observation_end")
    if end is None:
        end = tx["date"].max().normalize()
    cal = options.get("calibration_end")
    if cal is None:
        start = tx["date"].min()
        cal = (start + (end - start) * 2 / 3).normalize()
    if cal > end:
        raise ParameterError(
            f"calibration_end {cal.date()} is after observation_end {end.date()}; pass a "
            f"calibration_end on or before the end of observation."
        )
    values = {
        "name": options.get("name") or default_name,
        "currency": options["currency"],
        "calibration_end": cal,
        "observation_end": end,
        "description": options.get("description")
        or (base.description if base is not None else ""),
        "source": shown,
        **{t: tables.get(t) for t in TABLES},
    }
    if base is not None:
        return replace(base, **values, extra=dict(base.extra))
    return CRMDatabase(**values)


def _open(source: str | os.PathLike[str], given: dict[str, Any]) -> tuple[Any, dict, str, str]:
    """The source object, the crm.yaml options, the default name and the shown location."""
    text = os.fspath(source)
    if looks_like_url(text):
        url = parse_url(text)
        if url.get_backend_name() == "duckdb":
            return _open(url.database or "", given)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
                and not str(url.database).startswith("file:") \
                and not Path(url.database).is_file():
            raise _not_found(Path(url.database))  # SQLite would create an empty database
        schema = given.get("schema")
        src = SQLSource(url, schema=schema)
        default = (Path(url.database).stem if url.get_backend_name() == "sqlite" and url.database
                   else url.database or url.host or url.get_backend_name())
        return src, {}, default, src.where
    path = Path(text).expanduser()
    if not path.exists():
        raise _not_found(path)
    if path.is_dir():
        config: dict[str, Any] = {}
        for cfg in CONFIG_NAMES:
            if (path / cfg).is_file():
                config = read_config(path / cfg)
                break
        if "source" in config:
            raise ParameterError(
                f"{path / cfg}: 'source' belongs in a crm.yaml given as the source itself; a "
                f"crm.yaml inside the data folder describes that folder."
            )
        csv = _csv_options(merge_options(config, given))
        return FolderSource(path, **csv), config, path.resolve().name, str(path)
    if path.suffix.lower() in _CONFIG_SUFFIXES:
        config = read_config(path)
        inner = config.pop("source", None)
        target = path.parent if inner is None else (
            inner if looks_like_url(inner) else str(path.parent / Path(inner).expanduser()))
        src, inner_config, default_name, shown = _open(target, merge_options(config, given))
        if inner_config:
            raise ParameterError(
                f"{path.name}: its source folder {target!r} has a crm.yaml of its own; keep "
                f"the options in one of the two files."
            )
        return src, config, default_name, shown
    kind = database_file_kind(path)
    if kind == "duckdb":
        return DuckDBSource(path), {}, path.stem, str(path)
    if kind == "sqlite":
        url = f"sqlite:///{path.resolve()}"
        return SQLSource(url), {}, path.stem, str(path)
    if file_kind(path) is not None:
        csv = _csv_options(given)
        return FolderSource(path.parent, single=path, **csv), {}, path.name.split(".")[0], \
            str(path)
    raise DataValidationError(format_problem(
        path.name, None, "is not a folder, a CSV/Parquet file, a DuckDB or SQLite database or a "
        "crm.yaml file", fix="pass the folder of the tables, a .csv/.parquet file, a .duckdb "
        "file, a crm.yaml, or a database URL such as sqlite:///crm.db",
    ))


def _csv_options(options: Mapping[str, Any]) -> dict[str, Any]:
    return {"encoding": options.get("encoding", "utf-8"), "sep": options.get("sep"),
            "decimal": options.get("decimal", ".")}


def database_file_kind(path: Path) -> str | None:
    """``"sqlite"`` or ``"duckdb"`` when ``path`` is such a database file (by its header or a
    ``.duckdb``/``.ddb`` suffix), else None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head[8:12] == b"DUCK" or path.suffix.lower() in _DUCKDB_SUFFIXES:
        return "duckdb"
    return None


def _not_found(path: Path) -> DataValidationError:
    import difflib

    folder = path.parent
    near = ""
    if folder.is_dir():
        names = [p.name for p in folder.iterdir()]
        close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
        if close:
            near = f"did you mean {str(folder / close[0])!r}? "
    where = "" if folder.is_dir() else f" (the folder {str(folder)!r} does not exist either)"
    return DataValidationError(format_problem(
        path.name, None, f"not found: {str(path.absolute())!r}{where}",
        fix=f"{near}pass a folder of CSV/Parquet files, a file, or a database URL "
        f"(the current directory is {os.getcwd()!r})",
    ))


def _read_tables(src: Any, options: dict[str, Any]) -> dict[str, pd.DataFrame]:
    spec_tables = options.get("tables", {"locations": {}, "only": None})
    locations, only = spec_tables["locations"], spec_tables["only"]
    queries = options.get("queries", {})
    columns = options.get("columns", {})
    types = options.get("types", {})
    out: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}
    skip = getattr(src, "skip", lambda location: None)
    for table in TABLES:
        if only is not None and table not in only:
            skip(locations.get(table) or src.locate(table))
            continue
        query = queries.get(table)
        if table in locations:
            location, named_by = locations[table], "tables"
            if location is None:
                skip(src.locate(table))
                continue
        else:
            location, named_by = (None, "queries") if query else (src.locate(table), "default")
        if query is not None:  # the query replaces the table's file (and probably reads it)
            skip(location or src.locate(table))
        if query is None and location is None:
            if table == "transactions" or (only is not None and table in only):
                raise src.missing(table)
            continue
        rename = columns.get(table, {})
        table_types = types.get(table, {})
        raw = src.read(table, location, query, named_by=named_by,
                       text_columns=text_columns(table, rename, table_types))
        labels[table] = raw.label(table)
        if table == "transactions":
            out[table] = check_transactions(
                raw, rename=rename, date_format=options.get("date_format"),
                observation_end=options.get("observation_end"),
                currency=options.get("currency", "USD"),
                **{k: options.get(k, False) for k in ("allow_returns", "drop_duplicates",
                                                      "drop_zero_amounts", "utc")},
            )
        else:
            out[table] = check_table(raw, table, rename=rename, types=table_types,
                                     date_format=options.get("date_format"))
    unify_ids(out)
    check_links(out, labels)
    return out
