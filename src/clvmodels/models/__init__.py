"""Probabilistic transaction and spend models (概率型客户终身价值模型)."""

from __future__ import annotations

from .bgnbd import BetaGeoModel, ModifiedBetaGeoModel
from .paretonbd import ParetoNBDModel

__all__ = ["BetaGeoModel", "ModifiedBetaGeoModel", "ParetoNBDModel"]
