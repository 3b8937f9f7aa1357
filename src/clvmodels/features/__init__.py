"""Per-customer features: the BTYD summary, calibration/holdout split, RFM scores and segments."""

from __future__ import annotations

from .scores import SEGMENT_RULES, SEGMENTS, rfm_scores, rfm_segments, segment_of
from .summary import ENGINES, calibration_holdout_split, customer_features, rfm_summary

__all__ = [
    "ENGINES",
    "SEGMENTS",
    "SEGMENT_RULES",
    "calibration_holdout_split",
    "customer_features",
    "rfm_scores",
    "rfm_segments",
    "rfm_summary",
    "segment_of",
]
