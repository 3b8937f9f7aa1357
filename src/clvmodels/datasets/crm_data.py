"""The container every data set is returned in: transactions plus the CRM tables it has."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["CRMData"]


@dataclass(eq=False)  # DataFrames have no single truth value: compare tables explicitly
class CRMData:
    """A CRM data set: transactions plus, where available, customers, campaigns, surveys, truth.

    Returned by :func:`make_crm_data` and by the dataset loaders (``load_cdnow``, ``load_data``);
    tables a data set does not have are ``None``.

    Attributes
    ----------
    name : str
        Data set name ("synthetic", "cdnow", ...).
    transactions : pandas.DataFrame
        Canonical transactions (交易记录), see CONTRIBUTING.md: ``customer_id``, ``date``,
        ``amount`` and optional ``order_id``, ``cost``, ``quantity``, ``category``, ``channel``.
    customers : pandas.DataFrame or None
        Customer master data (客户基本资料), one row per customer.
    campaigns : pandas.DataFrame or None
        Campaign contacts and responses (营销活动响应), one row per contact.
    surveys : pandas.DataFrame or None
        Satisfaction survey answers (满意度调查).
    truth : pandas.DataFrame or None
        Latent ground truth per customer (only for simulated data).
    calibration_end : pandas.Timestamp
        Default last day of the calibration (estimation) period (校准期).
    observation_end : pandas.Timestamp
        Last day of observation; the holdout period (验证期) is ``(calibration_end,
        observation_end]``.
    currency : str
        Currency of all money columns (e.g. "CNY", "USD").
    description : str
        One-paragraph description of the data set and its provenance.
    """

    name: str
    transactions: pd.DataFrame
    customers: pd.DataFrame | None
    campaigns: pd.DataFrame | None
    surveys: pd.DataFrame | None
    truth: pd.DataFrame | None
    calibration_end: pd.Timestamp
    observation_end: pd.Timestamp
    currency: str
    description: str = ""

    def __repr__(self) -> str:
        def shape(df: pd.DataFrame | None) -> str:
            return "None" if df is None else f"{df.shape[0]:,} x {df.shape[1]}"

        return (
            f"CRMData(name={self.name!r}, transactions={shape(self.transactions)}, "
            f"customers={shape(self.customers)}, campaigns={shape(self.campaigns)}, "
            f"surveys={shape(self.surveys)}, truth={shape(self.truth)}, "
            f"calibration_end={self.calibration_end.date()}, "
            f"observation_end={self.observation_end.date()}, currency={self.currency!r})"
        )
