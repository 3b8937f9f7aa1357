"""One bilingual label table (en/zh) for every segment, column and axis.

The table is assembled from one module per area (``labels/rfm.py``, ``labels/models.py``, ...),
each defining ``LABELS = {key: {"en": ..., "zh": ...}}``. A key defined twice is an error at
import time, so the table stays one table.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._units import unit_name
from ..exceptions import ParameterError
from . import (
    audit,
    churn,
    common,
    concepts,
    crm,
    crosssell,
    economics,
    models,
    reports,
    rfm,
    segments,
    teaching,
    validation,
)

LANGS = ("en", "zh")


def _build() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for module in (common, rfm, models, segments, churn, economics, reports, audit, crosssell,
                   crm, concepts, teaching, validation):
        for key, entry in module.LABELS.items():
            if key in table:
                raise RuntimeError(f"label key {key!r} is defined twice (in {module.__name__})")
            if set(entry) != set(LANGS):
                raise RuntimeError(f"label {key!r} in {module.__name__} needs exactly 'en' and 'zh'")
            table[key] = dict(entry)
    return table


TABLE: dict[str, dict[str, str]] = _build()


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is "en" or "zh", else raise ParameterError."""
    if lang not in LANGS:
        raise ParameterError(f"lang={lang!r} is not supported; use 'en' or 'zh'.")
    return lang


def label(key: str, lang: str = "en") -> str:
    """Label of ``key`` in ``lang``; an unknown key is returned unchanged.

    Parameters
    ----------
    key : str
        Label key, e.g. ``"champions"`` or ``"frequency"``.
    lang : {"en", "zh"}
        Language.
    """
    check_lang(lang)
    entry = TABLE.get(key)
    return entry[lang] if entry else key


def say(key: str, lang: str = "en", **values: object) -> str:
    """The sentence template ``key`` in ``lang`` with its ``{placeholders}`` filled from ``values``
    (what every narrative module builds its sentences with)."""
    return label(key, lang).format(**values)


def labels(keys: Iterable[str], lang: str = "en") -> list[str]:
    """Labels of several keys, in order."""
    return [label(k, lang) for k in keys]


def bilingual(key: str) -> str:
    """``"English (中文)"`` form used in teaching text, e.g. ``"Recency (最近一次消费)"``."""
    entry = TABLE.get(key)
    return f"{entry['en']} ({entry['zh']})" if entry else key


from .tables import format_table  # noqa: E402  (uses label and check_lang above)

__all__ = [
    "LANGS", "TABLE", "bilingual", "check_lang", "format_table", "label", "labels", "say",
    "unit_name",
]
