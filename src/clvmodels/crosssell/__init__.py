"""Cross-selling (交叉销售, source 002; 交叉购买, source 001) from the category of each line.

Which categories each customer buys, which categories go together and which category to offer
each customer next, computed from the ``category`` column of the transactions:

- :func:`categories_per_customer`: categories bought, their number and the share of spend in
  each, one row per customer;
- :func:`category_affinity`: association rules A -> B between categories with customers as
  baskets: support (支持度), confidence (置信度), lift (提升度) and the share who bought B after A;
- :func:`next_category`: for every customer (or the ``top`` most valuable), the category not yet
  bought with the most confident rule, and that rule.

Everything runs on a sparse customer x category matrix (:func:`category_matrix`), vectorized, so
a million customers take seconds. Without a ``category`` column the functions raise one line
saying to add one; :func:`has_categories` lets a page skip the section, and
:func:`crosssell_skipped` says so. Sentences and display tables are in
:mod:`~clvmodels.crosssell.narrative`, from the bilingual label table (``labels/crosssell.py``).
"""

from __future__ import annotations

from .affinity import MAX_CATEGORIES, categories_per_customer, category_affinity, pair_counts
from .matrix import CategoryMatrix, category_matrix, has_categories, require_categories
from .narrative import (
    crosssell_conclusion,
    crosssell_skipped,
    format_affinity,
    format_suggestions,
)
from .suggest import SUGGESTION_STATUS, next_category

__all__ = [
    "MAX_CATEGORIES",
    "SUGGESTION_STATUS",
    "CategoryMatrix",
    "categories_per_customer",
    "category_affinity",
    "category_matrix",
    "crosssell_conclusion",
    "crosssell_skipped",
    "format_affinity",
    "format_suggestions",
    "has_categories",
    "next_category",
    "pair_counts",
    "require_categories",
]
