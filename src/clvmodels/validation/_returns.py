"""Returns (negative amounts) netted against the customer's most recent purchase day."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..labels import say
from ._messages import count, rows_text, warn_data

__all__ = ["net_returns"]


def net_returns(
    tx: pd.DataFrame, labels: np.ndarray, source: str, row_label: str
) -> tuple[pd.DataFrame, np.ndarray, dict[str, int]]:
    """Net return rows against each customer's most recent purchase day (see the package doc)."""
    amount = tx["amount"].to_numpy()
    is_return = amount < 0
    pos = np.arange(len(tx))
    day = tx["date"].dt.normalize()
    purchases = pd.DataFrame(
        {"customer_id": tx["customer_id"].to_numpy()[~is_return], "day": day.to_numpy()[~is_return]}
    ).drop_duplicates()
    purchases["match_day"] = purchases["day"]
    returns = pd.DataFrame(
        {
            "customer_id": tx["customer_id"].to_numpy()[is_return],
            "day": day.to_numpy()[is_return],
            "pos": pos[is_return],
        }
    )
    matched = pd.merge_asof(
        returns.sort_values("day", kind="stable"),
        purchases.sort_values("day", kind="stable"),
        on="day",
        by="customer_id",
        direction="backward",
    ).sort_values("pos", kind="stable")
    unmatched_pos = matched["pos"].to_numpy()[matched["match_day"].isna().to_numpy()]
    counts: dict[str, int] = {}
    n_returns = int(is_return.sum())

    # rows of the purchase days that received a return, and the returns themselves
    hit = matched[matched["match_day"].notna()]
    keys = pd.MultiIndex.from_arrays([hit["customer_id"], hit["match_day"]]).unique()
    row_keys = pd.MultiIndex.from_arrays([tx["customer_id"].to_numpy(), day.to_numpy()])
    in_hit_day = row_keys.isin(keys) & ~is_return
    group_day = day.to_numpy().copy()
    group_day[hit["pos"].to_numpy()] = hit["match_day"].to_numpy()
    involved = in_hit_day.copy()
    involved[hit["pos"].to_numpy()] = True

    part = tx[involved].copy()
    part["_day"] = group_day[involved]
    part["_first"] = np.flatnonzero(involved)
    part["_is_return"] = is_return[involved]
    agg: dict[str, Any] = {"amount": "sum", "_first": "min"}
    for column in ("cost", "quantity"):
        if column in part:
            agg[column] = "sum"
    netted = part.groupby(["customer_id", "_day"], sort=False).agg(agg)
    # other columns (date, order_id, category, channel) from the day's first purchase row
    first_purchase = part[~part["_is_return"]].groupby(["customer_id", "_day"], sort=False)[
        "_first"
    ].min()
    netted["_first"] = first_purchase.reindex(netted.index).to_numpy()
    base = tx.iloc[netted["_first"].to_numpy()].copy()
    base["amount"] = netted["amount"].to_numpy()
    for column in ("cost", "quantity"):
        if column in netted:
            base[column] = netted[column].to_numpy()
    non_positive = base["amount"].to_numpy() <= 0
    base_labels = labels[netted["_first"].to_numpy()]

    warn_data(lambda lang: say(
        "dw_returns_netted", lang, source=source, returns=count(n_returns, "return_rows", lang),
        where=rows_text(labels, is_return, tx["amount"], row_label, lang),
        days=count(len(base), "purchase_days", lang),
    ))
    if non_positive.any():
        n = int(non_positive.sum())
        counts["purchase_days_netted_to_zero_or_less"] = n
        warn_data(lambda lang: say(
            "dw_returns_days_removed", lang, source=source, days=count(n, "purchase_days", lang),
            where=rows_text(base_labels, non_positive, base["amount"], row_label, lang),
        ))
    if len(unmatched_pos):
        n = len(unmatched_pos)
        counts["returns_without_earlier_purchase"] = n
        mask = np.zeros(len(tx), dtype=bool)
        mask[unmatched_pos] = True
        warn_data(lambda lang: say(
            "dw_returns_unmatched", lang, source=source, returns=count(n, "return_rows", lang),
            where=rows_text(labels, mask, tx["amount"], row_label, lang),
        ))
    counts["rows_merged_by_netting"] = int(involved.sum()) - len(base)
    rest = ~involved & ~is_return
    kept_base = ~non_positive
    combined = pd.concat([tx[rest], base[kept_base]])
    combined_labels = np.concatenate([labels[rest], base_labels[kept_base]])
    original_pos = np.concatenate([np.flatnonzero(rest), netted["_first"].to_numpy()[kept_base]])
    order = np.argsort(original_pos, kind="stable")
    return combined.iloc[order], combined_labels[order], counts
