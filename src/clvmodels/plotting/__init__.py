"""Plots: ``plot_<thing>(..., ax=None, lang="en") -> Axes``; they draw and never compute models.

matplotlib is imported only when a plot function is called.
"""

from __future__ import annotations

from ._base import cjk_font_family, cjk_font_files, get_ax, install_cjk_fallback, plot_context
from .churn import *  # noqa: F403
from .churn import __all__ as _churn_all
from .cohorts import *  # noqa: F403
from .cohorts import __all__ as _cohorts_all
from .crosssell import *  # noqa: F403
from .crosssell import __all__ as _crosssell_all
from .economics import *  # noqa: F403
from .economics import __all__ as _economics_all
from .models import *  # noqa: F403
from .models import __all__ as _models_all
from .rfm import *  # noqa: F403
from .rfm import __all__ as _rfm_all
from .segments import *  # noqa: F403
from .segments import __all__ as _segments_all

__all__ = [
    "cjk_font_family",
    "cjk_font_files",
    "get_ax",
    "install_cjk_fallback",
    "plot_context",
    *_rfm_all,
    *_models_all,
    *_segments_all,
    *_churn_all,
    *_economics_all,
    *_crosssell_all,
    *_cohorts_all,
]
