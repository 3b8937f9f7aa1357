"""The CDNOW data sets (Fader & Hardie), bundled in ``data/raw`` of the repository.

CDNOW was an online music retailer; the data hold every purchase of a cohort of 23,570 customers
who made their first purchase in the first quarter of 1997, up to the end of June 1998. The 1/10
sample (2,357 customers, 6,919 rows) is the one the BG/NBD and Pareto/NBD papers use; their
calibration period ends on 1997-09-30 (39 weeks) and the holdout covers the next 39 weeks.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError

__all__ = [
    "CDNOW_CALIBRATION_END",
    "CDNOW_OBSERVATION_END",
    "data_path",
    "load_cdnow",
    "load_cdnow_summary",
    "load_donations",
]

CDNOW_CALIBRATION_END = pd.Timestamp("1997-09-30")
CDNOW_OBSERVATION_END = pd.Timestamp("1998-06-30")

_FILES = {"sample": "CDNOW_sample.txt", "master": "CDNOW_master.txt"}


def data_path(filename: str) -> Path:
    """Path of a bundled raw data file.

    Looked up in the package's ``datasets/data`` folder (wheel installs) and then in the
    repository's ``data/raw`` (editable installs); ``CLVMODELS_DATA_DIR`` overrides both.
    """
    candidates = []
    env = os.environ.get("CLVMODELS_DATA_DIR")
    if env:
        candidates.append(Path(env) / filename)
    packaged = resources.files("clvmodels.datasets") / "data" / filename
    candidates.append(Path(str(packaged)))
    candidates.append(Path(__file__).resolve().parents[3] / "data" / "raw" / filename)
    for path in candidates:
        if path.is_file():
            return path
    raise DataValidationError(
        f"bundled data file {filename!r} not found (looked in {[str(p) for p in candidates]}); "
        f"reinstall clvmodels from the repository or set CLVMODELS_DATA_DIR to the data/raw folder."
    )


def load_cdnow(kind: str = "sample") -> pd.DataFrame:
    """CDNOW transactions as canonical transactions (CDNOW 交易数据).

    Parameters
    ----------
    kind : {"sample", "master"}
        ``"sample"``: the 1/10 sample used in the papers (2,357 customers, 6,919 rows, customer
        ids 1..2357 as in the published summaries); ``"master"``: the full cohort (23,570
        customers, 69,659 rows).

    Returns
    -------
    DataFrame
        Columns ``customer_id`` (int64), ``date`` (datetime64[ns]), ``amount`` (USD, float64)
        and ``quantity`` (number of CDs, float64), sorted by customer and date; ``attrs``
        ``source`` and ``currency="USD"``. Eight rows of the sample (80 of the master) have a
        zero amount; they are purchases of zero value and are kept, as in the papers.

    Examples
    --------
    >>> from clvmodels.datasets import load_cdnow
    >>> tx = load_cdnow()
    >>> len(tx), tx["customer_id"].nunique()
    (6919, 2357)
    """
    if kind not in _FILES:
        raise ParameterError(f"kind={kind!r} is not a CDNOW file; use 'sample' or 'master'.")
    path = data_path(_FILES[kind])
    if kind == "sample":
        raw = pd.read_csv(
            path, sep=r"\s+", header=None,
            names=["original_id", "customer_id", "date", "quantity", "amount"],
            dtype={"original_id": np.int64, "customer_id": np.int64, "date": str},
        )
    else:
        raw = pd.read_csv(
            path, sep=r"\s+", header=0,
            names=["customer_id", "date", "quantity", "amount"],
            dtype={"customer_id": np.int64, "date": str},
        )
    tx = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype(np.int64),
            "date": pd.to_datetime(raw["date"], format="%Y%m%d").astype("datetime64[ns]"),
            "amount": raw["amount"].astype(np.float64),
            "quantity": raw["quantity"].astype(np.float64),
        }
    )
    tx = tx.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)
    tx.attrs.update(source=path.name, currency="USD")
    return tx


def load_cdnow_summary() -> pd.DataFrame:
    """The published CDNOW calibration summary (Fader, Hardie & Lee 2005), in weeks.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` 1..2357: ``frequency`` (x), ``recency`` (t_x, weeks),
        ``T`` (weeks), ``monetary_value`` (zbar, USD: mean of the repeat transactions in the
        calibration period, 0 for customers without one). ``attrs["time_unit"] = "W"``.
    """
    raw = pd.read_csv(data_path("cdnow_customers_summary_with_transactions.csv"))
    out = pd.DataFrame(
        {
            "frequency": raw["x"].astype(np.float64).to_numpy(),
            "recency": raw["t_x"].astype(np.float64).to_numpy(),
            "T": raw["T"].astype(np.float64).to_numpy(),
            "monetary_value": raw["zbar"].astype(np.float64).to_numpy(),
        },
        index=pd.Index(raw["ID"].astype(np.int64), name="customer_id"),
    )
    out.attrs.update(time_unit="W", observation_end=CDNOW_CALIBRATION_END, currency="USD")
    return out


def load_donations() -> pd.DataFrame:
    """The donations data of Fader, Hardie & Shang (2010), as shipped with lifetimes.

    Returns
    -------
    DataFrame
        One row per (frequency, recency, n_periods) pattern with its ``weights`` (number of
        donors): 11,104 donors, 6 annual opportunities after the first donation.
    """
    raw = pd.read_csv(data_path("donations.csv"))
    return raw.rename(columns={"periods": "n_periods"}).astype(
        {"frequency": np.int64, "recency": np.int64, "n_periods": np.int64, "weights": np.int64}
    )
