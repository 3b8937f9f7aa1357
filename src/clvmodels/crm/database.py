"""The CRM database (客户数据库): transactions plus the customer tables a company keeps.

One :class:`CRMDatabase` is what every notebook of a run reads: the bundled CDNOW log (transactions
only), the synthetic database (every table) or a company's own tables read by
:func:`clvmodels.load_crm` from a folder of CSV/Parquet files, a DuckDB file or a SQL database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .spec import TABLES, TableSpec
from .writers import write_duckdb, write_folder, write_sql

__all__ = ["CRMDatabase", "TABLES", "TableSpec"]


def _shape(df: pd.DataFrame | None) -> str:
    return "None" if df is None else f"{df.shape[0]:,} x {df.shape[1]}"


@dataclass(eq=False)  # DataFrames have no single truth value: compare tables explicitly
class CRMDatabase:
    """A CRM database: transactions plus, where the company has them, its customer tables.

    Tables are pandas DataFrames with a default index and the columns of :data:`TABLES` (plus any
    other columns the company keeps); a table the data does not have is ``None``. A database
    returned by :func:`clvmodels.load_crm` is in canonical typing (:mod:`clvmodels.crm.spec`);
    ``load_crm(db)`` puts an in-memory one (e.g. ``make_crm_data``'s, with categoricals) in it.
    ``to_folder``, ``to_duckdb`` and ``to_sql`` write the tables so that ``load_crm`` reads them
    back identical.

    Attributes
    ----------
    name : str
        Data set name ("cdnow", "synthetic", the folder or database name).
    transactions : pandas.DataFrame
        Canonical transactions (交易记录): ``customer_id``, ``date``, ``amount`` and optional
        ``order_id``, ``quantity``, ``cost`` or ``margin``, ``category``, ``channel``.
    customers : pandas.DataFrame or None
        Customer master data (客户基本资料), one row per ``customer_id``: acquisition date,
        channel and cost, region, age band, gender, income band, industry, credit rating, ...
        Customers without a transaction are kept (lifecycle stage "potential").
    contacts : pandas.DataFrame or None
        Campaign contacts (营销接触与响应), one row per contact: ``customer_id``,
        ``campaign_id``, ``date``, ``responded`` and optional ``cost``, ``contact_channel``.
    surveys : pandas.DataFrame or None
        Survey answers (满意度调查): ``customer_id``, ``date`` and scores such as
        ``satisfaction`` and ``recommend`` (likelihood to recommend).
    referrals : pandas.DataFrame or None
        Referrals (客户推荐): ``referrer_id``, ``referred_id``, ``date``.
    truth : pandas.DataFrame or None
        Latent ground truth per customer (simulated data only; indexed by ``customer_id``).
    calibration_end : pandas.Timestamp or None
        Default last day of the calibration (estimation) period (校准期).
    observation_end : pandas.Timestamp or None
        Last day of observation; the holdout period (验证期) is ``(calibration_end,
        observation_end]``.
    currency : str
        Currency of all money columns ("CNY", "USD", ...).
    description : str
        One paragraph on the data and where it comes from.
    source : str
        Where the tables were read from (path or URL without password), "" when built in memory.
    extra : dict
        Anything else; :func:`~clvmodels.load_crm` stores the warnings it raised under
        ``"warnings"`` (one line each), for the report.
    """

    name: str
    transactions: pd.DataFrame
    customers: pd.DataFrame | None = None
    contacts: pd.DataFrame | None = None
    surveys: pd.DataFrame | None = None
    referrals: pd.DataFrame | None = None
    truth: pd.DataFrame | None = None
    calibration_end: pd.Timestamp | None = None
    observation_end: pd.Timestamp | None = None
    currency: str = "USD"
    description: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def campaigns(self) -> pd.DataFrame | None:
        """The ``contacts`` table under its earlier name (营销活动响应)."""
        return self.contacts

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables the database has, by name, in the order of :data:`TABLES`."""
        return {name: getattr(self, name) for name in TABLES if getattr(self, name) is not None}

    def has(self, table: str, *columns: str) -> bool:
        """Whether the database has ``table`` with every one of ``columns``."""
        df = getattr(self, table, None)
        return df is not None and all(c in df.columns for c in columns)

    def to_folder(
        self, path: str | os.PathLike[str], *, format: str = "parquet", if_exists: str = "fail"
    ) -> Path:
        """Write the tables to a folder, one file per table, plus ``crm.yaml``.

        Parameters
        ----------
        path : path
            The folder (created if needed).
        format : {"parquet", "csv"}
            ``<table>.parquet`` or ``<table>.csv`` (UTF-8, comma-separated, header line).
        if_exists : {"fail", "replace"}
            When a file to write (or ``crm.yaml``) is already there: stop with an
            :class:`~clvmodels.exceptions.OutputError`, or overwrite it (other files are left).

        Returns
        -------
        Path
            The folder; :func:`clvmodels.load_crm` reads it back with identical tables.

        Notes
        -----
        ``crm.yaml`` records ``name``, ``currency``, ``description``, ``observation_end``,
        ``calibration_end``, the file of each table and the type of every column whose type
        the format cannot hold (text, ordered levels). ``truth`` is not written.
        """
        return write_folder(self, path, format=format, if_exists=if_exists)

    def to_duckdb(self, path: str | os.PathLike[str], *, if_exists: str = "fail") -> Path:
        """Write the tables into a new DuckDB database file (one table each, plus ``crm_meta``).

        Parameters
        ----------
        path : path
            The ``.duckdb`` file, written to a temporary file first and then moved in place.
        if_exists : {"fail", "replace"}
            When the file exists: stop with an OutputError, or replace the whole file.

        Returns
        -------
        Path
            The file; :func:`clvmodels.load_crm` reads it back with identical tables.
        """
        return write_duckdb(self, path, if_exists=if_exists)

    def to_sql(self, url: str, *, if_exists: str = "fail", schema: str | None = None) -> str:
        """Write the tables into a SQL database (one table each, plus ``crm_meta``).

        Parameters
        ----------
        url : str
            SQLAlchemy URL, e.g. ``sqlite:///crm.db`` or
            ``postgresql+psycopg://user@host:5432/shop`` (password preferably from the
            environment, e.g. ``PGPASSWORD``).
        if_exists : {"fail", "replace"}
            When one of the tables exists: stop with an OutputError before writing anything,
            or drop and recreate the tables. Everything is written in one transaction.
        schema : str, optional
            Database schema to write into (default the connection's).

        Returns
        -------
        str
            The URL with the password hidden.
        """
        return write_sql(self, url, if_exists=if_exists, schema=schema)

    def __repr__(self) -> str:
        ends = ", ".join(
            f"{k}={v.date()}" for k, v in
            (("calibration_end", self.calibration_end), ("observation_end", self.observation_end))
            if v is not None
        )
        tables = ", ".join(f"{name}={_shape(getattr(self, name))}" for name in TABLES)
        return (f"CRMDatabase(name={self.name!r}, {tables}, truth={_shape(self.truth)}, {ends}, "
                f"currency={self.currency!r})")
