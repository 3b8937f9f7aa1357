"""Database URLs: parsing, connecting, and one-line errors that never show a password."""

from __future__ import annotations

from typing import Any

from ..exceptions import DataValidationError, ParameterError

__all__ = ["connect_error", "engine_for", "looks_like_url", "parse_url", "safe_url", "scrub"]

#: pip package that provides each SQLAlchemy dialect or driver that is not installed by default.
_PACKAGES = {
    "psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary", "pymysql": "pymysql",
    "mysqldb": "mysqlclient", "mysqlconnector": "mysql-connector-python", "pyodbc": "pyodbc",
    "oracledb": "oracledb", "snowflake": "snowflake-sqlalchemy", "bigquery": "sqlalchemy-bigquery",
    "pymssql": "pymssql", "asyncpg": "asyncpg",
}
#: Seconds to wait for a database server to answer (drivers that take ``connect_timeout``).
CONNECT_TIMEOUT = 15
_TIMEOUT_DRIVERS = ("psycopg", "psycopg2", "pymysql", "mysqldb", "postgresql", "mysql")
_EXAMPLES = ("postgresql+psycopg://user@host:5432/db, mysql+pymysql://user@host/db, "
             "sqlite:///path/to/file.db, snowflake://user@account/db/schema, bigquery://project/"
             "dataset")


def looks_like_url(text: str) -> bool:
    """Whether ``text`` is meant as a database URL (``dialect[+driver]://...``)."""
    head = text.split("://", 1)[0]
    return "://" in text and bool(head) and all(c.isalnum() or c in "+_-" for c in head)


def parse_url(url: Any) -> Any:
    """``url`` as a SQLAlchemy URL object; ParameterError (one line) when it is not one."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError):
        shown = str(url).split("@")[-1] if "@" in str(url) else str(url)
        raise ParameterError(
            f"{shown!r} is not a database URL; write dialect+driver://user:password@host:port/"
            f"database, e.g. {_EXAMPLES}."
        ) from None


def safe_url(url: Any) -> str:
    """The URL as text with the password hidden (``***``): safe to show and to record."""
    return parse_url(url).render_as_string(hide_password=True)


def scrub(text: str, url: Any) -> str:
    """``text`` with the URL's password (if any) replaced by ``***``, on one line."""
    password = parse_url(url).password
    if password:
        text = text.replace(str(password), "***")
    return " ".join(text.split())


def _driver_error(url: Any, exc: BaseException) -> ParameterError:
    name = getattr(exc, "name", None) or str(exc).rsplit(":", 1)[-1].strip().strip("'")
    dialect = parse_url(url).drivername
    package = _PACKAGES.get(str(name).split(".")[-1].lower(), str(name).split(".")[0])
    return ParameterError(
        f"{safe_url(url)}: the database driver for {dialect!r} is not installed (no module "
        f"{name!r}); install it with pip install {package}, or use another driver in the URL "
        f"(e.g. postgresql+psycopg://)."
    )


def engine_for(url: Any) -> Any:
    """A SQLAlchemy engine for ``url``; one-line errors for unknown dialects and drivers."""
    import sqlalchemy as sa

    parsed = parse_url(url)
    options: dict[str, Any] = {}
    driver = parsed.drivername.split("+")[-1]  # "postgresql+psycopg" -> "psycopg"
    if driver in _TIMEOUT_DRIVERS and "connect_timeout" not in parsed.query:
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
    try:
        return sa.create_engine(parsed, **options)
    except sa.exc.NoSuchModuleError:
        dialect = parsed.drivername
        package = _PACKAGES.get(parsed.get_backend_name(), "its SQLAlchemy dialect")
        hint = ("write postgresql+psycopg:// (SQLAlchemy has no 'postgres' dialect)"
                if parsed.get_backend_name() == "postgres" else
                f"install the dialect package ({package}) or correct the URL, e.g. {_EXAMPLES}")
        raise ParameterError(
            f"{safe_url(parsed)}: unknown database type {dialect!r}; {hint}."
        ) from None
    except ModuleNotFoundError as exc:
        raise _driver_error(parsed, exc) from None
    except (sa.exc.ArgumentError, TypeError, ValueError) as exc:
        raise ParameterError(
            f"{safe_url(parsed)}: the URL cannot be used ({scrub(str(exc), parsed)}); check its "
            f"options."
        ) from None


def connect_error(url: Any, exc: BaseException) -> DataValidationError:
    """One line for a database that cannot be reached or refuses the connection."""
    orig = getattr(exc, "orig", None) or exc
    first = next((line for line in str(orig).splitlines() if line.strip()), type(orig).__name__)
    return DataValidationError(
        f"{safe_url(url)}: cannot connect to the database ({scrub(first, url)}); fix: check the "
        f"host, port and database name, that the server is running and reachable from here, "
        f"and the user name and password (better given by the environment, e.g. PGPASSWORD, "
        f"than written in the URL)."
    )
