"""Next-category suggestions (交叉销售建议): for each customer, a category not yet bought.

The candidates of a customer are the rules A -> B of :func:`category_affinity` whose antecedent A
the customer bought and whose consequent B they have not; the suggestion is the candidate with the
highest confidence (then lift, then category order), so it comes with the rule it came from. Only
rules with lift above ``min_lift`` (default 1: buying A makes B more likely than average) count.
Candidates are expanded per stored customer x category cell in chunks, vectorized.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_positive, check_probability
from ..exceptions import DataValidationError
from .affinity import category_affinity
from .matrix import CategoryMatrix, category_matrix, customer_ids

__all__ = ["SUGGESTION_STATUS", "next_category"]

#: Values of the ``status`` column of :func:`next_category`: a suggestion was made; the customer
#: has no categorized purchase in the transactions; they bought every category already; no rule
#: applies to their categories.
SUGGESTION_STATUS = ("suggested", "no_purchases", "all_bought", "no_rule")
_CANDIDATES_PER_CHUNK = 5_000_000
_RULE_COLUMNS = ("antecedent", "consequent", "support", "confidence", "lift")


def _values(
    value: Any, customers: Any, ids: pd.Index, m: CategoryMatrix, where: str
) -> tuple[np.ndarray, str, str]:
    """The value that ranks customers (float per id, NaN when unknown), its name and its currency
    ("" when unknown)."""
    if value is None:
        pos = m.customers.get_indexer(ids)
        spend = np.where(pos >= 0, m.total_spend[np.maximum(pos, 0)], 0.0)
        return spend, "spend", m.currency
    if isinstance(value, str):
        if not isinstance(customers, pd.DataFrame) or value not in customers.columns:
            have = list(customers.columns)[:10] if isinstance(customers, pd.DataFrame) else []
            raise DataValidationError(
                f"{where}: value={value!r} is not a column of customers (columns: {have}); pass "
                f"a per-customer DataFrame with that column, or a Series indexed by customer_id."
            )
        series = customers[value]
        if "customer_id" in customers.columns:
            series = pd.Series(series.to_numpy(), index=pd.Index(customers["customer_id"]))
        name = value
        currency = str(customers[value].attrs.get("currency", customers.attrs.get("currency", "")))
    elif isinstance(value, pd.Series):
        series, name = value, str(value.name or "value")
        currency = str(value.attrs.get("currency", ""))
    else:
        raise DataValidationError(
            f"{where}: value is a {type(value).__name__}; pass None (total spend), a column name "
            f"of customers or a Series indexed by customer_id."
        )
    if not series.index.is_unique:
        dup = series.index[series.index.duplicated()]
        raise DataValidationError(
            f"{where}: value: customer_id {dup[0]!r} appears more than once; pass one value per "
            f"customer."
        )
    out = pd.to_numeric(series, errors="coerce").reindex(ids).to_numpy(dtype=np.float64)
    return out, name, currency


def _rule_arrays(
    rules: pd.DataFrame, m: CategoryMatrix, min_lift: float, where: str
) -> dict[str, np.ndarray]:
    """Rules as arrays of category codes, ranked best first, grouped by antecedent."""
    missing = [c for c in _RULE_COLUMNS if c not in rules.columns]
    if missing:
        raise DataValidationError(
            f"{where}: rules lack column(s) {missing}; pass the output of category_affinity."
        )
    a = m.categories.get_indexer(pd.Index(rules["antecedent"].astype(object)))
    b = m.categories.get_indexer(pd.Index(rules["consequent"].astype(object)))
    conf = rules["confidence"].to_numpy(dtype=np.float64)
    lift = rules["lift"].to_numpy(dtype=np.float64)
    support = rules["support"].to_numpy(dtype=np.float64)
    later = (rules["confidence_later"].to_numpy(dtype=np.float64)
             if "confidence_later" in rules.columns else np.full(len(rules), np.nan))
    keep = (a >= 0) & (b >= 0) & (a != b) & (lift > min_lift)
    a, b, conf, lift, support, later = (x[keep] for x in (a, b, conf, lift, support, later))
    rank = np.lexsort((b, a, -lift, -conf))  # best first
    a, b, conf, lift, support, later = (x[rank] for x in (a, b, conf, lift, support, later))
    by_ant = np.argsort(a, kind="stable")  # rules grouped by antecedent, best first in a group
    k = m.shape[1]
    count = np.bincount(a, minlength=k)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    return {"a": a, "b": b, "confidence": conf, "lift": lift, "support": support,
            "confidence_later": later, "by_ant": by_ant, "count": count, "start": start}


def _best_rules(m: CategoryMatrix, rows: np.ndarray, r: dict[str, np.ndarray]) -> np.ndarray:
    """Index of the best applicable rule (ranked arrays of ``r``) for each of ``rows`` (matrix
    rows with at least one category), -1 when none applies."""
    k = m.shape[1]
    none = np.iinfo(np.int64).max
    best = np.full(rows.size, none, dtype=np.int64)
    if r["a"].size and rows.size:
        cell_keys = m.rows * k + m.indices  # ascending: rows ascending, categories within a row
        lens = m.n_bought[rows]
        within = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        cell = np.repeat(m.indptr[rows], lens) + within  # the target rows' cells, row by row
        target = np.repeat(np.arange(rows.size), lens)  # position in ``rows`` of each cell
        ant = m.indices[cell]
        n_cand = r["count"][ant]  # rules whose antecedent is the cell's category
        cum = np.cumsum(n_cand)
        pos = 0
        while pos < cell.size:  # chunks of cells with about _CANDIDATES_PER_CHUNK candidates
            base = cum[pos - 1] if pos else 0
            stop = max(int(np.searchsorted(cum, base + _CANDIDATES_PER_CHUNK, side="right")),
                       pos + 1)
            nc = n_cand[pos:stop]
            tgt = np.repeat(target[pos:stop], nc)
            off = np.arange(tgt.size) - np.repeat(np.cumsum(nc) - nc, nc)
            rule = r["by_ant"][np.repeat(r["start"][ant[pos:stop]], nc) + off]
            pos = stop
            key = rows[tgt] * k + r["b"][rule]
            at = np.minimum(np.searchsorted(cell_keys, key), cell_keys.size - 1)
            new = cell_keys[at] != key  # the consequent is not bought yet
            np.minimum.at(best, tgt[new], rule[new])
    best[best == none] = -1
    return best


def next_category(
    transactions: Any,
    customers: Any = None,
    *,
    top: int | None = None,
    value: Any = None,
    rules: pd.DataFrame | None = None,
    min_support: float = 0.01,
    min_lift: float = 1.0,
    matrix: CategoryMatrix | None = None,
) -> pd.DataFrame:
    """Suggest each customer's next category (交叉销售建议): one not yet bought, with its rule.

    For a customer, the candidate rules are those A -> B of :func:`category_affinity` with A
    bought and B not yet bought; the suggestion is the candidate with the highest confidence
    (then the highest lift, then category order). Only rules with lift above ``min_lift`` count.

    Parameters
    ----------
    transactions : DataFrame
        Canonical transactions with a ``category`` column.
    customers : DataFrame, Series or sequence of ids, optional
        Customers to suggest for, in this order: a per-customer DataFrame (``customer_id``
        column, else its index), a Series indexed by ``customer_id``, or ids. Default: every
        customer of the transactions, sorted by ``customer_id``. Customers without a categorized
        purchase are kept, with status "no_purchases".
    top : int, optional
        Keep only the ``top`` most valuable customers (by ``value``, highest first; missing
        values last); the rows are then ranked by value. None: every customer.
    value : None, str or Series, optional
        What "valuable" means: None, total spend in the transactions (currency of the data); a
        column of ``customers`` (e.g. CLV); or a Series indexed by ``customer_id``.
    rules : DataFrame, optional
        Output of :func:`category_affinity` to use; default computed with ``min_support``.
    min_support : float, default 0.01
        Minimum support of the rules computed here, in [0, 1].
    min_lift : float, default 1.0
        Use only rules with a lift above this (1: buying A makes B more likely than average).
    matrix : CategoryMatrix, optional
        The customer x category matrix of ``transactions`` when already built.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, every requested customer exactly once: ``n_categories``
        (categories bought), ``next_category`` (categorical; NaN without a suggestion),
        ``antecedent`` (the bought category of the rule), ``rule`` ("A -> B"), ``confidence``,
        ``lift``, ``support``, ``confidence_later`` (of the rule), ``value`` (the ranking value)
        and ``status`` ("suggested", "no_purchases", "all_bought", "no_rule"). ``attrs``:
        ``currency``, ``value`` (name of the value: "spend" for total spend), ``value_currency``
        (its currency, "" when unknown: from a Series' or column's ``attrs["currency"]``),
        ``top``, ``n_rules`` (rules used), ``min_lift``, ``min_support``, ``n_customers``.

    Raises
    ------
    DataValidationError
        When the transactions have no ``category`` column (one line: add one to enable
        cross-selling), or ``customers`` / ``value`` are unusable.
    ParameterError
        For an out-of-range ``top``, ``min_support`` or ``min_lift``.
    """
    where = "next_category"
    top = check_positive("top", top, integer=True, allow_none=True, where=where,
                         none_means="every customer")
    min_lift = check_positive("min_lift", min_lift, allow_zero=True, where=where)
    min_support = check_probability("min_support", min_support, where=where)
    m = matrix if matrix is not None else category_matrix(transactions, where=where)
    if rules is None:
        rules = category_affinity(transactions, min_support=min_support, matrix=m)
    ids = m.customers if customers is None else customer_ids(customers, where=where)
    vals, value_name, value_currency = _values(value, customers, ids, m, where)
    if top is not None:
        rank = np.lexsort((np.arange(len(ids)), -np.nan_to_num(vals, nan=-np.inf)))[:top]
        ids, vals = ids[rank], vals[rank]
    r = _rule_arrays(rules, m, min_lift, where)
    pos = m.customers.get_indexer(ids)
    n_bought = np.where(pos >= 0, m.n_bought[np.maximum(pos, 0)], 0)
    has = n_bought > 0
    best = np.full(len(ids), -1, dtype=np.int64)
    best[has] = _best_rules(m, pos[has], r)
    ok = best >= 0
    used, codes = np.unique(best[ok], return_inverse=True)
    cats = [str(c) for c in m.categories]
    rule_code = np.full(len(ids), -1, dtype=np.int64)
    rule_code[ok] = codes.reshape(-1)
    rule_names = [f"{cats[a]} -> {cats[b]}" for a, b in zip(r["a"][used], r["b"][used],
                                                             strict=True)]

    def of_rule(name: str, fill: Any = np.nan) -> np.ndarray:
        """The rule column ``name`` for each customer's suggestion, ``fill`` without one."""
        if r[name].size == 0:
            return np.full(len(ids), fill)
        return np.where(ok, r[name][np.maximum(best, 0)], fill)

    status = np.select([ok, ~has, n_bought >= m.shape[1]], [0, 1, 2], default=3)
    out = pd.DataFrame(
        {
            "n_categories": n_bought.astype(np.int64),
            "next_category": pd.Categorical.from_codes(of_rule("b", -1),
                                                       categories=list(m.categories)),
            "antecedent": pd.Categorical.from_codes(of_rule("a", -1),
                                                    categories=list(m.categories)),
            "rule": pd.Categorical.from_codes(rule_code, categories=rule_names),
            "confidence": of_rule("confidence"),
            "lift": of_rule("lift"),
            "support": of_rule("support"),
            "confidence_later": of_rule("confidence_later"),
            "value": vals,
            "status": pd.Categorical.from_codes(status, categories=list(SUGGESTION_STATUS)),
        },
        index=pd.Index(ids, name="customer_id"),
    )
    out.attrs = {
        "currency": m.currency,
        "value": value_name,
        "value_currency": value_currency,
        "top": top,
        "n_rules": int(r["a"].size),
        "min_lift": min_lift,
        "min_support": float(rules.attrs.get("min_support", min_support)),
        "n_customers": len(ids),
    }
    return out
