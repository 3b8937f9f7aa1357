"""Data audit (数据审核): what was read, what was rejected, and the shape of the customer base.

The numbers live in :mod:`clvmodels.audit.facts` (:func:`audit_transactions`,
:func:`capture_warnings`); the sentences that report them, in :mod:`clvmodels.audit.narrative`
(:func:`audit_text`), built on the bilingual label table (:mod:`clvmodels.labels`).
"""

from __future__ import annotations

from .facts import audit_transactions, capture_warnings, format_audit, tables_read
from .narrative import audit_text

__all__ = ["audit_transactions", "audit_text", "capture_warnings", "format_audit", "tables_read"]
