"""One entry point for the notebooks and the report runner: a data set by name or a file."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_date
from ..exceptions import ParameterError
from ..labels import label
from .cdnow import CDNOW_CALIBRATION_END, CDNOW_OBSERVATION_END, load_cdnow
from .describe import describe_template

__all__ = ["DATASETS", "load_data", "subsample_customers"]

#: Names accepted by :func:`load_data`.
DATASETS = ("cdnow", "cdnow-master", "synthetic")


def subsample_customers(data: Any, max_customers: int, *, random_state: Any = 0) -> Any:
    """Keep a random subset of ``max_customers`` customers (all their rows) in every table.

    Customers are drawn from the ``customers`` table when there is one (so customers without a
    transaction can be drawn), else from the transactions. ``transactions``, ``customers``,
    ``contacts``, ``surveys`` and ``truth`` keep the rows of the kept customers. ``referrals``
    keeps the rows whose ``referrer_id`` is kept: a referral belongs to its referrer, so a kept
    customer's referrals stay whole and still equal the ``referrals`` count column of
    ``customers`` (the indirect value of the direct x indirect matrix is unchanged); the
    ``referred_id`` of such a row may be a customer outside the subset.

    Parameters
    ----------
    data : CRMDatabase
        The database to cut down.
    max_customers : int
        Number of customers to keep; the database is returned unchanged when it has no more.
    random_state : int or numpy Generator, default 0
        Seed of the draw.

    Returns
    -------
    CRMDatabase
        A copy with the filtered tables (attrs kept) and a note in ``description`` (shown in
        the reader's language by :func:`dataset_description`).
    """

    if not isinstance(max_customers, int | np.integer) or max_customers < 1:
        raise ParameterError(f"max_customers={max_customers!r} must be a positive integer.")
    if data.customers is not None:
        ids = pd.Index(data.customers["customer_id"].unique())
    else:
        ids = pd.Index(data.transactions["customer_id"].unique())
    if len(ids) <= max_customers:
        return data
    rng = np.random.default_rng(random_state)
    keep = pd.Index(np.sort(rng.choice(ids.to_numpy(), size=max_customers, replace=False)))

    def _filter(
        df: pd.DataFrame | None, column: str = "customer_id", table: str = ""
    ) -> pd.DataFrame | None:
        if df is None:
            return None
        if column in df.columns:
            out = df[df[column].isin(keep)].reset_index(drop=True)
        elif column == "customer_id":  # a per-customer table indexed by customer_id (truth)
            out = df[df.index.isin(keep)]
        else:
            raise ParameterError(
                f"subsample_customers: table {table!r} has no {column!r} column (it has "
                f"{list(df.columns)[:8]}); rename its referrer column to {column!r}."
            )
        out.attrs.update(df.attrs)
        return out

    return replace(
        data,
        transactions=_filter(data.transactions),
        customers=_filter(data.customers),
        contacts=_filter(data.contacts),
        surveys=_filter(data.surveys),
        referrals=_filter(getattr(data, "referrals", None), "referrer_id", "referrals"),
        truth=_filter(data.truth),
        description=describe_template("data_desc_subset", description=data.description,
                                      n=f"{max_customers:,}"),
    )


def load_data(
    dataset: str = "cdnow",
    *,
    data: Any = None,
    input_path: str | None = None,
    column_map: dict[str, str] | None = None,
    calibration_end: Any = None,
    observation_end: Any = None,
    max_customers: int | None = None,
    random_state: Any = 0,
    n_customers: int = 5000,
    **read_kwargs: Any,
) -> Any:
    """Load a CRM database, a bundled data set or a transaction file into a :class:`CRMDatabase`.

    Parameters
    ----------
    dataset : {"cdnow", "cdnow-master", "synthetic"}
        Bundled data: the CDNOW 1/10 sample, the full CDNOW cohort, or the synthetic CRM
        database of :func:`make_crm_data` (with customers, contacts, surveys, referrals and the
        truth).
    data : path, URL or CRMDatabase, optional
        A company's CRM database: a folder of CSV/Parquet files (with an optional ``crm.yaml``),
        a DuckDB file, a SQLAlchemy URL or a ``crm.yaml`` file, read by
        :func:`clvmodels.load_crm`; overrides ``dataset`` and ``input_path``.
    input_path : str, optional
        A CSV or Parquet transaction log; overrides ``dataset``. Read with
        :func:`clvmodels.read_transactions` and ``column_map``.
    column_map : dict, optional
        Canonical name -> the file's column name, e.g. ``{"customer_id": "cust"}``.
    calibration_end, observation_end : date-like, optional
        Override the data set's defaults. For a file they default to the last transaction
        date (observation end) and the date two thirds of the way through the log (calibration).
    max_customers : int, optional
        Keep a random subset of this many customers (for quick runs and tests).
    random_state : int, optional
        Seed for the subset and for the synthetic data.
    n_customers : int, default 5000
        Size of the synthetic data set.
    **read_kwargs
        Passed to :func:`clvmodels.read_transactions` for ``input_path``.

    Returns
    -------
    CRMDatabase
        ``transactions`` always; ``customers``, ``campaigns``, ``surveys`` and ``truth`` where the
        data set has them (None otherwise); ``calibration_end``, ``observation_end``, ``currency``.
    """
    from ..crm import CRMDatabase, load_crm
    from ..io import read_transactions
    from .synthetic import make_crm_data

    if data is not None:
        db = data if isinstance(data, CRMDatabase) else load_crm(data)
        tx = db.transactions
        end = (check_date("observation_end", observation_end, where="load_data")
               if observation_end is not None else db.observation_end)
        if end is None:
            end = tx["date"].max().normalize()
        if calibration_end is not None:
            cal = check_date("calibration_end", calibration_end, where="load_data")
        elif db.calibration_end is not None:
            cal = db.calibration_end
        else:
            start = tx["date"].min()
            cal = (start + (end - start) * 2 / 3).normalize()
        data = replace(db, calibration_end=cal, observation_end=end)
    elif input_path is not None:
        tx = read_transactions(input_path, columns=column_map, **read_kwargs)
        end = (check_date("observation_end", observation_end, where="load_data")
               if observation_end is not None else tx["date"].max())
        if calibration_end is not None:
            cal = check_date("calibration_end", calibration_end, where="load_data")
        else:
            start = tx["date"].min()
            cal = (start + (end - start) * 2 / 3).normalize()
        name = str(tx.attrs.get("source", input_path))
        data = CRMDatabase(
            name=name,
            transactions=tx,
            calibration_end=cal,
            observation_end=end,
            currency=str(tx.attrs.get("currency", "USD")),
            description=describe_template("data_desc_file", name=name),
        )
    elif dataset in ("cdnow", "cdnow-master"):
        kind = "sample" if dataset == "cdnow" else "master"
        tx = load_cdnow(kind)
        data = CRMDatabase(
            name=dataset,
            transactions=tx,
            calibration_end=check_date("calibration_end", calibration_end or CDNOW_CALIBRATION_END,
                                       where="load_data"),
            observation_end=check_date("observation_end", observation_end or CDNOW_OBSERVATION_END,
                                       where="load_data"),
            currency="USD",
            description=describe_template(
                "data_desc_cdnow", kind=label(f"data_desc_cdnow_{kind}", "en")),
        )
    elif dataset == "synthetic":
        kwargs: dict[str, Any] = {"random_state": random_state}
        if calibration_end is not None:
            kwargs["calibration_end"] = calibration_end
        if observation_end is not None:
            kwargs["end"] = observation_end
        data = make_crm_data(n_customers, **kwargs)
    else:
        raise ParameterError(
            f"dataset={dataset!r} is not known; use one of {', '.join(DATASETS)} or input_path=."
        )
    if max_customers is not None:
        data = subsample_customers(data, max_customers, random_state=random_state)
    return data
