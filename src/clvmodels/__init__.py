"""clvmodels: customer value analytics for CRM (客户关系管理).

Transaction logs in; RFM, probabilistic CLV and churn models, and the classic CRM value
frameworks out, as per-customer tables, plots and bilingual (en/zh) reports.

Importing clvmodels changes no global state (no pandas options, warning filters or styles).
"""

from __future__ import annotations

from .crm import CRMDatabase, load_crm
from .exceptions import (
    ConvergenceWarning,
    DataValidationError,
    DataWarning,
    NotFittedError,
    ParameterError,
)
from .io import read_transactions

__version__ = "0.1.0"

__all__ = [
    "CRMDatabase",
    "ConvergenceWarning",
    "DataValidationError",
    "DataWarning",
    "NotFittedError",
    "ParameterError",
    "__version__",
    "load_crm",
    "read_transactions",
]
