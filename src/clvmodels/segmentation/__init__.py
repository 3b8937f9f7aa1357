"""CRM value frameworks (客户价值细分) and clustering.

One estimator per framework of the source texts, each with ``fit`` (learns the cut-offs,
``thresholds_``), ``predict`` (one label per input customer, same index and order) and a
one-call function; :func:`framework_inputs` builds the per-customer table they read (with the
model outputs of :func:`model_predictions`: P(alive), expected purchases and CLV from MBG/NBD by
default, a profit CLV where cost is known), :func:`axis_unit` says what each axis measures,
:func:`available_frameworks` says which ones the data allows and :func:`run_frameworks` runs
them all. :func:`segment_summary` tabulates the size and value share of the segments of any
labeling (a Series of segment keys per customer); :mod:`clvmodels.compare` puts labelings side
by side.
"""

from __future__ import annotations

from ._base import UNCLASSIFIED, Framework, framework_name, segment_label
from ._summary import align_value, display_order, segment_series
from .axes import MEASURES, axis_unit
from .clustering import RFMClustering, cluster_customers, cluster_profile
from .display import column_name, format_agreement, format_segments, threshold_table
from .grid import GRID_CELLS, ValueGrid, value_grid
from .indicators import (
    DEFAULT_INDICATORS,
    DEFAULT_WEIGHTS,
    ValueIndicatorScore,
    value_indicator_score,
)
from .inputs import (
    FRAMEWORKS,
    FrameworkResults,
    available_frameworks,
    customer_value,
    framework_inputs,
    model_predictions,
    run_frameworks,
)
from .lifecycle import LifecycleStage, lifecycle_stage
from .matrices import (
    CurrentPotentialMatrix,
    DirectIndirectMatrix,
    LoyaltyMatrix,
    ValueLoyaltyMatrix,
    ValueResponseMatrix,
    VolumeProfitMatrix,
    current_potential_matrix,
    direct_indirect_matrix,
    loyalty_matrix,
    value_loyalty_matrix,
    value_response_matrix,
    volume_profit_matrix,
)
from .pyramid import (
    CustomerPyramid,
    ParetoSegments,
    customer_pyramid,
    pareto_segments,
    pareto_summary,
    whale_curve,
)
from .summary import known_order, segment_summary

__all__ = [
    "DEFAULT_INDICATORS",
    "DEFAULT_WEIGHTS",
    "FRAMEWORKS",
    "GRID_CELLS",
    "MEASURES",
    "UNCLASSIFIED",
    "CurrentPotentialMatrix",
    "CustomerPyramid",
    "DirectIndirectMatrix",
    "Framework",
    "FrameworkResults",
    "LifecycleStage",
    "LoyaltyMatrix",
    "ParetoSegments",
    "RFMClustering",
    "ValueGrid",
    "ValueIndicatorScore",
    "ValueLoyaltyMatrix",
    "ValueResponseMatrix",
    "VolumeProfitMatrix",
    "align_value",
    "available_frameworks",
    "axis_unit",
    "cluster_customers",
    "cluster_profile",
    "column_name",
    "current_potential_matrix",
    "customer_value",
    "customer_pyramid",
    "direct_indirect_matrix",
    "display_order",
    "format_agreement",
    "format_segments",
    "framework_inputs",
    "framework_name",
    "known_order",
    "lifecycle_stage",
    "model_predictions",
    "loyalty_matrix",
    "pareto_segments",
    "pareto_summary",
    "run_frameworks",
    "segment_label",
    "segment_series",
    "segment_summary",
    "threshold_table",
    "value_grid",
    "value_indicator_score",
    "value_loyalty_matrix",
    "value_response_matrix",
    "volume_profit_matrix",
    "whale_curve",
]
