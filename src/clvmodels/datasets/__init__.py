"""Bundled real data (CDNOW) and a synthetic CRM database with ground truth."""

from __future__ import annotations

from .cdnow import (
    CDNOW_CALIBRATION_END,
    CDNOW_OBSERVATION_END,
    data_path,
    load_cdnow,
    load_cdnow_summary,
    load_donations,
)
from .crm_data import CRMData
from .describe import dataset_description
from .loader import DATASETS, load_data, subsample_customers
from .synthetic import make_crm_data

__all__ = [
    "CDNOW_CALIBRATION_END",
    "CDNOW_OBSERVATION_END",
    "DATASETS",
    "CRMData",
    "data_path",
    "dataset_description",
    "load_cdnow",
    "load_cdnow_summary",
    "load_data",
    "load_donations",
    "make_crm_data",
    "subsample_customers",
]
