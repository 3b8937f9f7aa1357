"""Categories per customer and category-pair affinity (交叉购买, 品类关联规则).

Customers are the baskets: a customer "bought A" when any of their transaction lines is in
category A, over the whole log. For an ordered pair of categories A -> B (antecedent 前项,
consequent 后项) and the ``N`` customers with at least one categorized line:

- support (支持度) = customers who bought both / N;
- confidence (置信度) = customers who bought both / customers who bought A = P(B | A);
- lift (提升度) = confidence / (customers who bought B / N) = P(B | A) / P(B); above 1, buying A
  makes B more likely than for the average customer (lift is the same for A -> B and B -> A;
  confidence is not);
- confidence_later = customers who bought B on a later day than their first purchase of A /
  customers who bought A: the sequence behind "customers who buy A buy B later".

Everything runs on the sparse customer x category matrix (:mod:`.matrix`): the pairs of each
customer's categories are expanded in chunks of customers and counted with ``np.bincount``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_probability
from ..exceptions import ParameterError
from .matrix import CategoryMatrix, category_matrix, customer_ids

__all__ = ["MAX_CATEGORIES", "categories_per_customer", "category_affinity", "pair_counts"]

#: Most categories :func:`category_affinity` counts pairs of (a dense k x k count table).
MAX_CATEGORIES = 2000
_PAIRS_PER_CHUNK = 8_000_000  # expanded customer x pair cells per chunk (memory bound)


def _chunks(n_bought: np.ndarray) -> Iterator[tuple[int, int]]:
    """Row ranges whose expanded pairs (sum of n_bought**2) stay near ``_PAIRS_PER_CHUNK``."""
    cost = np.cumsum(n_bought.astype(np.int64) ** 2)
    start = 0
    n = n_bought.size
    while start < n:
        base = cost[start - 1] if start else 0
        stop = int(np.searchsorted(cost, base + _PAIRS_PER_CHUNK, side="right"))
        stop = max(stop, start + 1)
        yield start, min(stop, n)
        start = stop


def pair_counts(m: CategoryMatrix) -> tuple[np.ndarray, np.ndarray]:
    """Customers who bought both categories, and who bought the second one later, per pair.

    Parameters
    ----------
    m : CategoryMatrix
        Output of :func:`clvmodels.crosssell.category_matrix`.

    Returns
    -------
    both, later : numpy.ndarray
        k x k int64 arrays: ``both[a, b]`` customers who bought a and b (``both[a, a]``:
        customers who bought a); ``later[a, b]`` customers whose first purchase of b is on a
        later day than their first purchase of a.
    """
    k = m.shape[1]
    if k > MAX_CATEGORIES:
        raise ParameterError(
            f"category_affinity: {k:,} categories are too many for pair counts (at most "
            f"{MAX_CATEGORIES:,}); map the category column to a coarser level of the product "
            f"hierarchy."
        )
    both = np.zeros(k * k, dtype=np.int64)
    later = np.zeros(k * k, dtype=np.int64)
    n_bought = m.n_bought
    for r0, r1 in _chunks(n_bought):
        lens = n_bought[r0:r1]
        p0, p1 = m.indptr[r0], m.indptr[r1]
        if p1 == p0:
            continue
        row_len = np.repeat(lens, lens)  # per stored cell: its row's length
        row_start = np.repeat(m.indptr[r0:r1], lens)
        ant = np.repeat(np.arange(p0, p1), row_len)  # antecedent cell, once per partner
        offset = np.arange(ant.size) - np.repeat(np.cumsum(row_len) - row_len, row_len)
        con = np.repeat(row_start, row_len) + offset  # consequent cell: every cell of the row
        del offset
        key = m.indices[ant] * k + m.indices[con]
        both += np.bincount(key, minlength=k * k)
        is_later = m.first_day[con] > m.first_day[ant]
        later += np.bincount(key[is_later], minlength=k * k)
    return both.reshape(k, k), later.reshape(k, k)


def category_affinity(
    transactions: Any,
    *,
    min_support: float = 0.01,
    min_confidence: float = 0.0,
    matrix: CategoryMatrix | None = None,
) -> pd.DataFrame:
    """Association rules between categories, customers as baskets (品类关联: 支持度, 置信度, 提升度).

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions with a ``category`` column.
    min_support : float, default 0.01
        Keep pairs bought together by at least this share of the customers, in [0, 1].
    min_confidence : float, default 0.0
        Keep rules with at least this confidence, in [0, 1].
    matrix : CategoryMatrix, optional
        The customer x category matrix of ``transactions`` when already built (skips one pass).

    Returns
    -------
    DataFrame
        One row per ordered pair A -> B (A != B) that passes both thresholds, sorted by lift,
        then confidence, then ``confidence_later`` (highest first; the two directions of a pair
        have the same lift): ``antecedent``, ``consequent`` (categorical),
        ``n_antecedent``, ``n_consequent``, ``n_both``, ``n_later`` (customers), ``support``,
        ``confidence``, ``lift``, ``confidence_later`` (shares, lift a ratio). ``attrs``:
        ``n_customers`` (baskets: customers with a categorized line), ``n_categories``,
        ``categories``, ``min_support``, ``min_confidence``, ``basket`` ("customer").

    Raises
    ------
    DataValidationError
        When the transactions have no ``category`` column (one line: add one to enable
        cross-selling).

    Examples
    --------
    >>> import pandas as pd
    >>> days = ["2024-01-01", "2024-02-01", "2024-01-01", "2024-02-01", "2024-01-05"]
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3], "amount": 10.0,
    ...                    "date": pd.to_datetime(days), "category": ["a", "b", "a", "b", "a"]})
    >>> rules = category_affinity(tx)
    >>> rules.loc[rules["antecedent"] == "a", ["confidence", "lift"]].round(3).values.tolist()
    [[0.667, 1.0]]
    """
    min_support = check_probability("min_support", min_support, where="category_affinity")
    min_confidence = check_probability("min_confidence", min_confidence,
                                       where="category_affinity")
    m = matrix if matrix is not None else category_matrix(transactions, where="category_affinity")
    k = m.shape[1]
    n_baskets = int((m.n_bought > 0).sum())
    both, later = pair_counts(m)
    n_cat = np.diag(both).copy()
    a, b = np.nonzero(both)
    off = a != b
    a, b = a[off], b[off]
    n_both = both[a, b]
    support = n_both / n_baskets
    confidence = n_both / n_cat[a]
    # one expression for A -> B and B -> A, so the two directions tie exactly on lift
    lift = (n_both * float(n_baskets)) / (n_cat[a].astype(np.float64) * n_cat[b])
    keep = (support >= min_support) & (confidence >= min_confidence)
    a, b, n_both = a[keep], b[keep], n_both[keep]
    support, confidence, lift = support[keep], confidence[keep], lift[keep]
    later_share = later[a, b] / n_cat[a]
    order = np.lexsort((b, a, -later_share, -confidence, -lift))
    a, b = a[order], b[order]
    cats = list(m.categories)
    out = pd.DataFrame(
        {
            "antecedent": pd.Categorical.from_codes(a, categories=cats),
            "consequent": pd.Categorical.from_codes(b, categories=cats),
            "n_antecedent": n_cat[a],
            "n_consequent": n_cat[b],
            "n_both": n_both[order],
            "n_later": later[a, b],
            "support": support[order],
            "confidence": confidence[order],
            "lift": lift[order],
            "confidence_later": later_share[order],
        }
    )
    out.attrs = {
        "n_customers": n_baskets,
        "n_categories": k,
        "categories": cats,
        "min_support": min_support,
        "min_confidence": min_confidence,
        "basket": "customer",
        "source": str(getattr(transactions, "attrs", {}).get("source", "")),
    }
    return out


def _combination_labels(m: CategoryMatrix, sep: str) -> pd.Categorical:
    """The categories each customer bought, joined by ``sep`` in category order (one string per
    distinct combination, so a million customers build a few thousand strings at most)."""
    n, k = m.shape
    n_words = max(1, -(-k // 64))
    masks = np.zeros((n, n_words), dtype=np.uint64)
    cols = m.indices
    has = m.n_bought > 0
    bits = np.left_shift(np.uint64(1), (cols % 64).astype(np.uint64))
    for w in range(n_words):
        if cols.size:
            # the bits of one row are distinct, so their sum over the row is their bitwise OR
            word = np.where(cols // 64 == w, bits, np.uint64(0))
            masks[has, w] = np.add.reduceat(word, m.indptr[:-1][has])
    _, first, inverse = np.unique(masks, axis=0, return_index=True, return_inverse=True)
    names = np.asarray(m.categories.astype(str), dtype=object)
    labels = [sep.join(names[m.indices[m.indptr[i]:m.indptr[i + 1]]]) for i in first]
    return pd.Categorical.from_codes(inverse.reshape(-1), categories=labels)


def categories_per_customer(
    transactions: Any,
    customers: Any = None,
    *,
    shares: bool = True,
    sep: str = ", ",
    matrix: CategoryMatrix | None = None,
) -> pd.DataFrame:
    """Categories bought per customer (客户购买品类) and the share of spend in each.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions with a ``category`` column.
    customers : DataFrame, Series or sequence of ids, optional
        The customers to describe, in this order (a per-customer DataFrame with a
        ``customer_id`` column or index, a Series indexed by ``customer_id``, or ids), e.g. the
        ``customers`` table, so customers without a transaction appear too (no category,
        ``spend`` 0). Default: every customer of the transactions, sorted by ``customer_id``.
    shares : bool, default True
        Add one ``share_<category>`` column per category (a dense customers x categories block;
        pass False for very many categories).
    sep : str, default ", "
        Separator of the category names in ``categories``.
    matrix : CategoryMatrix, optional
        The customer x category matrix of ``transactions`` when already built.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, every customer exactly once (of ``customers`` in its order,
        else of the transactions, sorted):
        ``n_categories`` (categories bought), ``categories`` (their names in category order;
        empty when no line has a category), ``top_category`` (largest spend; ties: first in
        category order), ``top_category_share`` (its share of ``spend``), ``spend`` (sum of
        ``amount`` over all lines, in the currency of the data) and, with ``shares``,
        ``share_<category>`` (spend in the category / ``spend``; NaN when ``spend`` <= 0). Shares
        sum to 1 unless some lines have no category. ``attrs``: ``currency``, ``categories``,
        ``n_uncategorized_lines``.

    Raises
    ------
    DataValidationError
        When the transactions have no ``category`` column.
    """
    m = matrix if matrix is not None else category_matrix(transactions,
                                                         where="categories_per_customer")
    n, k = m.shape
    n_bought = m.n_bought
    rows = m.rows
    # top category: per row, the stored cell with the largest spend (ties: lowest category code)
    order = np.lexsort((m.indices, -m.spend, rows))
    has = n_bought > 0
    top_code = np.full(n, -1, dtype=np.int64)
    top_spend = np.full(n, np.nan)
    first_cell = order[m.indptr[:-1][has]]
    top_code[has] = m.indices[first_cell]
    top_spend[has] = m.spend[first_cell]
    total = m.total_spend
    with np.errstate(divide="ignore", invalid="ignore"):
        positive = total > 0
        top_share = np.where(positive, top_spend / np.where(positive, total, 1.0), np.nan)
    cats = list(m.categories)
    columns: dict[str, Any] = {
        "n_categories": n_bought.astype(np.int64),
        "categories": _combination_labels(m, sep),
        "top_category": pd.Categorical.from_codes(top_code, categories=cats),
        "top_category_share": top_share,
        "spend": total,
    }
    if shares:
        block = np.zeros((n, k))
        block[rows, m.indices] = m.spend
        block /= np.where(positive, total, np.nan)[:, None]
        for j, c in enumerate(cats):
            columns[f"share_{c}"] = block[:, j]
    out = pd.DataFrame(columns, index=m.customers)
    if customers is not None:
        ids = customer_ids(customers, where="categories_per_customer")
        pos = m.customers.get_indexer(ids)
        out = out.take(np.maximum(pos, 0)).set_axis(ids, axis=0)
        absent = pos < 0
        if absent.any():
            out["categories"] = out["categories"].cat.add_categories(
                [""] if "" not in out["categories"].cat.categories else [])
            out.loc[absent, ["n_categories", "spend"]] = 0
            out.loc[absent, "categories"] = ""
            out.loc[absent, "top_category"] = np.nan
            rest = [c for c in out.columns if c.startswith("share_") or c == "top_category_share"]
            out.loc[absent, rest] = np.nan
    out.attrs = {
        "currency": m.currency,
        "categories": cats,
        "n_uncategorized_lines": m.n_uncategorized,
    }
    return out
