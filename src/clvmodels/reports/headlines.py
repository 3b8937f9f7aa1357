"""Headline numbers that a notebook reports to the report index.

A notebook calls :func:`headline` for the few numbers a manager should see first (customers,
revenue, predicted CLV, top-segment share, churn alerts). When the report runner executes the
notebook it sets the environment variable ``CLVMODELS_HEADLINES_FILE``; each call appends one JSON
line there. Run interactively, the call only returns the value.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

ENV_VAR = "CLVMODELS_HEADLINES_FILE"


def headline(key: str, value: Any, *, unit: str = "", label: str | None = None) -> Any:
    """Record a headline number for the report index and return it unchanged.

    Parameters
    ----------
    key : str
        Stable identifier, e.g. ``"customers"`` or ``"clv_total"``.
    value : number or str
        The value; numpy scalars are converted to Python numbers.
    unit : str
        Unit shown next to the value, e.g. ``"USD, 52 weeks, 10%/year discount"``.
    label : str, optional
        Text shown in the index (defaults to ``key``).

    Returns
    -------
    The ``value`` passed in.
    """
    path = os.environ.get(ENV_VAR)
    if path:
        plain: Any = value.item() if hasattr(value, "item") else value
        if isinstance(plain, float) and not math.isfinite(plain):
            plain = None
        record = {"key": key, "value": plain, "unit": unit, "label": label or key}
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return value


def read_headlines(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read the headline records written by :func:`headline` (missing file: empty list)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        return []
