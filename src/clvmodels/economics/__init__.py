"""Customer economics (客户经济学): CLV, retention, profitability, NPV/IRR.

``formulas`` holds the closed-form teaching formulas of the source texts; ``clv`` holds CLV from
fitted transaction and spend models.
"""

from __future__ import annotations

from .clv import *  # noqa: F403
from .clv import __all__ as _clv_all
from .formulas import *  # noqa: F403
from .formulas import __all__ as _formulas_all

__all__ = [*_formulas_all, *_clv_all]
