"""Per-customer features: the BTYD summary, calibration/holdout split, RFM scores and segments;
cohort tables."""

from __future__ import annotations

from .cohorts import COHORT_PERIODS, cohort_table, customer_cohorts, observed_retention
from .scores import SEGMENT_RULES, SEGMENTS, rfm_scores, rfm_segments, segment_of
from .summary import ENGINES, calibration_holdout_split, customer_features, rfm_summary

__all__ = [
    "COHORT_PERIODS",
    "ENGINES",
    "SEGMENTS",
    "SEGMENT_RULES",
    "calibration_holdout_split",
    "cohort_table",
    "customer_cohorts",
    "customer_features",
    "observed_retention",
    "rfm_scores",
    "rfm_segments",
    "rfm_summary",
    "segment_of",
]
