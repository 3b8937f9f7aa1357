"""The CRM database (客户数据库): transactions plus the customer tables a company keeps.

One :class:`CRMDatabase` is what every notebook of a run reads: the bundled CDNOW log (transactions
only), the synthetic database (every table) or a company's own tables read by
:func:`clvmodels.load_crm` from a folder of CSV/Parquet files, a DuckDB file or a SQL database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["CRMDatabase", "TABLES", "TableSpec"]


@dataclass(frozen=True)
class TableSpec:
    """What a table of the CRM database holds.

    Attributes
    ----------
    name : str
        Table name ("customers").
    zh : str
        Chinese name (客户基本资料).
    required : tuple of str
        Columns it must have.
    ids : tuple of str
        Columns holding customer ids (checked against the other tables).
    dates : tuple of str
        Date columns (parsed; one line per unparseable value).
    numbers : tuple of str
        Numeric columns when present (amounts, costs, scores).
    flags : tuple of str
        Yes/no columns when present (``responded``): true/false, yes/no, 1/0, 是/否.
    key : tuple of str
        Columns that identify a row; duplicates are an error (empty: duplicates allowed).
    enables : str
        What the table makes possible, for the one-line "add this table to ..." notes.
    """

    name: str
    zh: str
    required: tuple[str, ...]
    ids: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    enables: str = ""


#: The tables of a CRM database, in the order they are read, written and shown.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "transactions", "交易记录", ("customer_id", "date", "amount"), ids=("customer_id",),
            dates=("date",), numbers=("amount", "cost", "margin", "quantity"),
            enables="every page",
        ),
        TableSpec(
            "customers", "客户基本资料", ("customer_id",), ids=("customer_id",),
            dates=("signup_date", "acquisition_date"),
            numbers=("acquisition_cost", "payment_delay_days", "referrals", "complaints"),
            key=("customer_id",),
            enables="the lifecycle stage 'potential', clustering profiled by demographics and "
            "supervised churn with customer attributes",
        ),
        TableSpec(
            "contacts", "营销接触与响应", ("customer_id", "campaign_id", "date", "responded"),
            ids=("customer_id",), dates=("date",), numbers=("cost",), flags=("responded",),
            enables="the value x response matrix",
        ),
        TableSpec(
            "surveys", "满意度调查", ("customer_id", "date"), ids=("customer_id",), dates=("date",),
            numbers=("satisfaction", "score", "recommend"),
            enables="the loyalty matrix (attitude x behaviour) and the value indicator score",
        ),
        TableSpec(
            "referrals", "客户推荐", ("referrer_id", "referred_id", "date"),
            ids=("referrer_id", "referred_id"), dates=("date",),
            enables="the direct x indirect value matrix",
        ),
    )
}


def _shape(df: pd.DataFrame | None) -> str:
    return "None" if df is None else f"{df.shape[0]:,} x {df.shape[1]}"


@dataclass(eq=False)  # DataFrames have no single truth value: compare tables explicitly
class CRMDatabase:
    """A CRM database: transactions plus, where the company has them, its customer tables.

    Tables are pandas DataFrames with a default index and the columns of :data:`TABLES` (plus any
    other columns the company keeps); a table the data does not have is ``None``.

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

    def __repr__(self) -> str:
        ends = ", ".join(
            f"{k}={v.date()}" for k, v in
            (("calibration_end", self.calibration_end), ("observation_end", self.observation_end))
            if v is not None
        )
        tables = ", ".join(f"{name}={_shape(getattr(self, name))}" for name in TABLES)
        return (f"CRMDatabase(name={self.name!r}, {tables}, truth={_shape(self.truth)}, {ends}, "
                f"currency={self.currency!r})")
