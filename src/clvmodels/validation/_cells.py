"""Cell-level helpers shared by the column checks: missing cells and the source's column name."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["missing_mask", "source_name"]


def missing_mask(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Missing cells (NaN/None/empty or blank strings) and the series with strings stripped.

    Object columns holding only strings become string dtype; other object columns (datetimes,
    mixed values) are returned unchanged.
    """
    if pd.api.types.is_object_dtype(s.dtype):
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            s = s.astype("str")
        else:
            text = s.astype("str").str.strip()
            blank = (text == "").to_numpy(dtype=bool, na_value=False)
            return s.isna().to_numpy() | blank, s
    if isinstance(s.dtype, pd.StringDtype):
        s = s.str.strip()
        blank = (s == "").to_numpy(dtype=bool, na_value=False)
        return s.isna().to_numpy() | blank, s
    return s.isna().to_numpy(), s


def source_name(source_column: Any, canon: str) -> str | None:
    """The source's name for ``canon`` when it differs (shown in messages), else None."""
    return None if source_column is None or str(source_column) == canon else str(source_column)
