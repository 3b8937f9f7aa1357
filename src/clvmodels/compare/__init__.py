"""Putting segmentations side by side (细分结果比较): sizes, value shares, agreement, holdout value
capture and migration between periods.

A *labeling* is a Series of segment keys indexed by ``customer_id``; several labelings of the
same customers form a DataFrame with one column per framework (``FrameworkResults.segments``).

Modules: :mod:`~clvmodels.compare.tables` (cross-tabulations and segment tables),
:mod:`~clvmodels.compare.similarity` (agreement between labelings),
:mod:`~clvmodels.compare.capture` (holdout value captured by the top segments),
:mod:`~clvmodels.compare.migration` (customers moving between segments) and
:mod:`~clvmodels.compare.narrative` (the plain-language conclusions).
:func:`segment_summary` and :func:`known_order` belong to :mod:`clvmodels.segmentation` and are
re-exported here.
"""

from __future__ import annotations

from ..segmentation import known_order, segment_summary
from .capture import holdout_value, top_segments, value_capture
from .migration import NOT_PRESENT, migration_matrix, segment_migration
from .narrative import (
    clustering_conclusion,
    comparison_conclusion,
    frameworks_conclusion,
    migration_conclusion,
    segment_conclusion,
)
from .similarity import agreement, agreement_table
from .tables import crosstab, segment_table

__all__ = [
    "NOT_PRESENT",
    "agreement",
    "agreement_table",
    "clustering_conclusion",
    "comparison_conclusion",
    "frameworks_conclusion",
    "holdout_value",
    "known_order",
    "migration_conclusion",
    "segment_table",
    "crosstab",
    "migration_matrix",
    "segment_conclusion",
    "segment_migration",
    "segment_summary",
    "top_segments",
    "value_capture",
]
