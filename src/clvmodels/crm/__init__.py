"""The CRM database (客户数据库): read, check and write a company's customer tables.

:func:`load_crm` reads transactions plus customers, contacts, surveys and referrals from a folder
of CSV/Parquet files, a DuckDB file or any SQL database (SQLAlchemy URL) into a
:class:`CRMDatabase`; ``CRMDatabase.to_folder`` / ``to_duckdb`` / ``to_sql`` write it back.
Every table is typed canonically (:mod:`clvmodels.crm.spec`), so a database written by one
writer reads back with identical tables from any reader.
"""

from __future__ import annotations

from ._sources import META_TABLE
from .database import CRMDatabase
from .loader import database_file_kind, load_crm
from .spec import KINDS, TABLES, TableSpec
from .urls import engine_for, looks_like_url, safe_url

__all__ = [
    "KINDS",
    "META_TABLE",
    "TABLES",
    "CRMDatabase",
    "TableSpec",
    "database_file_kind",
    "engine_for",
    "load_crm",
    "looks_like_url",
    "safe_url",
]
