"""The search range of the models' parameters (shared by the fitting machinery and covariates)."""

from __future__ import annotations

__all__ = ["LOG_BOUND"]

#: Search range of the log-parameters: parameters stay within [exp(-LOG_BOUND), exp(LOG_BOUND)].
LOG_BOUND = 18.0
