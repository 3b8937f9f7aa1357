"""A table as read from its source, before any check: :class:`RawTable`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["RawTable"]


@dataclass
class RawTable:
    """One table as read, with what the messages need to point at its rows.

    Attributes
    ----------
    frame : DataFrame
        The table; its index holds the row labels shown in messages (text-file line numbers
        with the header as line 1, 1-based rows of a Parquet file or query result, or the
        DataFrame's own index labels).
    where : str
        The file, database table or query it came from (``"orders.csv"``,
        ``"shop.duckdb, table 'orders'"``); recorded in ``attrs["source"]``.
    row_label : str
        How rows are named in messages: "line", "row" or "index".
    """

    frame: pd.DataFrame
    where: str
    row_label: str

    def label(self, table: str) -> str:
        """The start of every message about this table: ``"orders.csv (transactions)"``."""
        return f"{self.where} ({table})"
