"""The CRM database (客户数据库): read, check and write a company's customer tables.

:func:`load_crm` reads transactions plus customers, contacts, surveys and referrals from a folder
of CSV/Parquet files, a DuckDB file or any SQL database (SQLAlchemy URL) into a
:class:`CRMDatabase`; ``CRMDatabase.to_folder`` / ``to_duckdb`` / ``to_sql`` write it back.
"""

from __future__ import annotations

from .database import TABLES, CRMDatabase, TableSpec

__all__ = ["TABLES", "CRMDatabase", "TableSpec"]
