"""``CRMData``: the earlier name of :class:`clvmodels.crm.CRMDatabase`, kept for existing code."""

from __future__ import annotations

from ..crm import CRMDatabase

__all__ = ["CRMData"]

#: The earlier name of :class:`clvmodels.crm.CRMDatabase` (every data set is one now).
CRMData = CRMDatabase
