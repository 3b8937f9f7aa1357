"""The customer x category incidence matrix (客户 x 品类) behind every cross-selling table.

One pass over the transactions (a hash group-by on integer customer x category keys) gives a
sparse CSR matrix with one stored cell per category a customer bought, holding the spend, the
number of lines and the first purchase day. Customers are the baskets (购物篮) of the affinity
rules; 1M customers and 10M lines take seconds and the memory of a few arrays of the number of
customer x category cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from .._checks import check_transactions_frame
from ..exceptions import DataValidationError

__all__ = [
    "CategoryMatrix",
    "category_matrix",
    "customer_ids",
    "has_categories",
    "require_categories",
]

#: Column of the transactions that holds each line's product category.
CATEGORY_COLUMN = "category"


def has_categories(transactions: Any) -> bool:
    """Whether ``transactions`` has a ``category`` column with at least one value.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions.

    Returns
    -------
    bool
        True when cross-selling can run on the data.
    """
    return (
        isinstance(transactions, pd.DataFrame)
        and CATEGORY_COLUMN in transactions.columns
        and bool(transactions[CATEGORY_COLUMN].notna().any())
    )


def require_categories(transactions: Any, *, where: str) -> pd.DataFrame:
    """Check canonical transactions with a usable ``category`` column; return them.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions (``customer_id``, ``date``, ``amount``) with ``category``.
    where : str, keyword-only
        Name of the calling function, prefixed to the message.

    Returns
    -------
    DataFrame
        ``transactions`` unchanged.

    Raises
    ------
    DataValidationError
        One line naming the source and saying how to enable cross-selling.
    """
    tx = check_transactions_frame(transactions, where=where)
    source = tx.attrs.get("source", "transactions")
    if CATEGORY_COLUMN not in tx.columns:
        listed = ", ".join(map(str, list(tx.columns)[:10]))
        raise DataValidationError(
            f"{where}: {source}: the transactions have no 'category' column (columns: {listed}); "
            f"add a 'category' column to transactions to enable cross-selling."
        )
    if len(tx) and not tx[CATEGORY_COLUMN].notna().any():
        raise DataValidationError(
            f"{where}: {source}: column 'category' of the transactions is empty in all "
            f"{len(tx):,} rows; fill it with each line's product category to enable "
            f"cross-selling."
        )
    return tx


def customer_ids(customers: Any, *, where: str) -> pd.Index:
    """The customer ids of ``customers``, in its order, checked to be unique.

    Parameters
    ----------
    customers : DataFrame, Series or sequence of ids
        A per-customer DataFrame (``customer_id`` column, else its index), a Series indexed by
        ``customer_id`` (else its values are the ids) or the ids themselves.
    where : str, keyword-only
        Name of the calling function, for error messages.

    Returns
    -------
    pandas.Index
        Named ``customer_id``.

    Raises
    ------
    DataValidationError
        When ``customers`` is of another kind or names a customer twice.
    """
    if isinstance(customers, pd.DataFrame):
        ids = (pd.Index(customers["customer_id"]) if "customer_id" in customers.columns
               else customers.index)
    elif isinstance(customers, pd.Series):
        ids = customers.index if customers.index.name == "customer_id" else pd.Index(customers)
    elif isinstance(customers, pd.Index | np.ndarray):
        ids = pd.Index(customers)
    elif isinstance(customers, Iterable) and not isinstance(customers, str | bytes):
        ids = pd.Index(list(customers))
    else:
        raise DataValidationError(
            f"{where}: customers is a {type(customers).__name__}; pass a per-customer DataFrame "
            f"(customer_id column or index), a Series indexed by customer_id or a list of ids."
        )
    if not ids.is_unique:
        dup = ids[ids.duplicated()]
        raise DataValidationError(
            f"{where}: customer_id {dup[0]!r} appears more than once in customers "
            f"({len(dup)} duplicated rows); pass each customer once."
        )
    return pd.Index(ids, name="customer_id")


@dataclass(frozen=True)
class CategoryMatrix:
    """Customers x categories, one stored cell per category a customer bought.

    Attributes
    ----------
    customers : pandas.Index
        ``customer_id`` of every customer in the transactions, sorted (rows).
    categories : pandas.Index
        Categories bought at least once (columns): in the order of a categorical column's
        categories, else sorted.
    indptr, indices : numpy.ndarray
        CSR structure: the categories of customer ``i`` are
        ``indices[indptr[i]:indptr[i + 1]]``, ascending.
    spend : numpy.ndarray
        Sum of ``amount`` per stored cell (currency of the transactions).
    n_lines : numpy.ndarray
        Transaction lines per stored cell.
    first_day : numpy.ndarray
        First purchase day per stored cell (days since 1970-01-01).
    total_spend : numpy.ndarray
        Sum of ``amount`` of every line per customer, with or without a category.
    n_uncategorized : int
        Lines without a category (left out of the cells, counted in ``total_spend``).
    currency : str
        Currency of the money columns.
    """

    customers: pd.Index
    categories: pd.Index
    indptr: np.ndarray
    indices: np.ndarray
    spend: np.ndarray
    n_lines: np.ndarray
    first_day: np.ndarray
    total_spend: np.ndarray
    n_uncategorized: int
    currency: str

    @property
    def shape(self) -> tuple[int, int]:
        """``(customers, categories)``."""
        return len(self.customers), len(self.categories)

    @property
    def n_bought(self) -> np.ndarray:
        """Categories bought per customer (row lengths)."""
        return np.diff(self.indptr)

    @property
    def rows(self) -> np.ndarray:
        """Row (customer position) of every stored cell."""
        return np.repeat(np.arange(self.shape[0]), self.n_bought)

    def csr(self, values: str = "spend") -> sparse.csr_matrix:
        """The matrix as ``scipy.sparse.csr_matrix`` of ``values`` ("spend", "n_lines",
        "first_day" or "bought", a 0/1 incidence)."""
        data = (np.ones(self.indices.size, dtype=np.int8) if values == "bought"
                else getattr(self, values))
        return sparse.csr_matrix((data, self.indices, self.indptr), shape=self.shape)


def _category_codes(category: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer code per line (-1 for a missing category) and the categories bought, in order."""
    if isinstance(category.dtype, pd.CategoricalDtype):
        codes = category.cat.codes.to_numpy().astype(np.int64)
        used = np.zeros(len(category.cat.categories), dtype=bool)
        used[codes[codes >= 0]] = True
        remap = np.full(used.size + 1, -1, dtype=np.int64)  # index -1 -> the last cell, -1
        remap[np.flatnonzero(used)] = np.arange(int(used.sum()))
        return remap[codes], pd.Index(category.cat.categories[used])
    codes, uniques = pd.factorize(category, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def category_matrix(transactions: Any, *, where: str = "category_matrix") -> CategoryMatrix:
    """Build the customer x category matrix of ``transactions``.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions with a ``category`` column (``customer_id``, ``date``,
        ``amount``, ``category``); lines without a category count in ``total_spend`` only.
    where : str
        Name of the calling function, for error messages.

    Returns
    -------
    CategoryMatrix
        Every customer of the transactions once (sorted by ``customer_id``).

    Raises
    ------
    DataValidationError
        When there is no ``category`` column, or it is empty.
    """
    tx = require_categories(transactions, where=where)
    cust_codes, customers = pd.factorize(tx["customer_id"], sort=True)
    cust_codes = cust_codes.astype(np.int64)
    n = len(customers)
    amount = tx["amount"].to_numpy(dtype=np.float64)
    total_spend = np.bincount(cust_codes, weights=amount, minlength=n)
    cat_codes, categories = _category_codes(tx[CATEGORY_COLUMN])
    k = len(categories)
    known = cat_codes >= 0
    key = cust_codes[known] * max(k, 1) + cat_codes[known]
    day = tx["date"].to_numpy().astype("datetime64[D]").astype(np.int64)[known]
    cells = (
        pd.DataFrame({"key": key, "spend": amount[known], "day": day}, copy=False)
        .groupby("key", sort=True)
        .agg(spend=("spend", "sum"), n_lines=("spend", "size"), first_day=("day", "min"))
    )
    keys = cells.index.to_numpy(dtype=np.int64)
    rows = keys // max(k, 1)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return CategoryMatrix(
        customers=pd.Index(customers, name="customer_id"),
        categories=pd.Index(categories, name="category"),
        indptr=indptr,
        indices=keys % max(k, 1),
        spend=cells["spend"].to_numpy(dtype=np.float64),
        n_lines=cells["n_lines"].to_numpy(dtype=np.int64),
        first_day=cells["first_day"].to_numpy(dtype=np.int64),
        total_spend=total_spend,
        n_uncategorized=int((~known).sum()),
        currency=str(tx.attrs.get("currency", "")),
    )
