"""The description of a data set in the reader's language (数据说明).

:func:`load_data` and :func:`make_crm_data` write ``db.description`` in English from the label
templates ``data_desc_*`` of :mod:`clvmodels.labels.crm`; :func:`dataset_description` reads the
fields back from that text and writes it in ``lang``. Reading the text (rather than keeping the
fields on the database) makes it work on a database written to a folder and read back (as a
report run does): ``crm.yaml`` keeps the description.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..labels import check_lang, label

__all__ = ["dataset_description", "describe_template", "pairs_text"]


def describe_template(key: str, **fields: Any) -> str:
    """The English text of the description template ``key`` (what ``db.description`` holds)."""
    return label(key, "en").format(**fields)


#: The arrow of a category pair ("electronics -> office") in each language.
_ARROW = {"en": " -> ", "zh": " → "}


def pairs_text(pairs: Any, lang: str = "en") -> str:
    """Category pairs as text: ``"electronics -> office, apparel -> beauty"``."""
    return label("crm_list_separator", check_lang(lang)).join(
        f"{a}{_ARROW[lang]}{b}" for a, b in pairs)


@cache
def _pattern(key: str) -> re.Pattern[str]:
    """A regular expression matching the English template ``key``, one group per field."""
    parts = re.split(r"\{(\w+)\}", label(key, "en"))
    regex, seen = "", set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(part)
        elif part in seen:
            regex += f"(?P={part})"
        else:
            seen.add(part)
            regex += f"(?P<{part}>.*?)"
    return re.compile(regex, re.S)


def _match(key: str, text: str) -> dict[str, str] | None:
    m = _pattern(key).fullmatch(text)
    return None if m is None else m.groupdict()


def _choice(text: str, keys: tuple[str, ...], lang: str) -> str | None:
    for key in keys:
        if text == label(key, "en"):
            return label(key, lang)
    return None


def _synthetic(f: dict[str, str], lang: str) -> str | None:
    population = _choice(f["population"], ("data_desc_planted", "data_desc_homogeneous"), lang)
    if population is None:
        return None
    timing = ""
    if f["timing"]:
        regular = _match("data_desc_regular", f["timing"])
        if regular is None:
            return None
        timing = label("data_desc_regular", lang).format(**regular)
    pairs = []
    for pair in f["pairs"].split(label("crm_list_separator", "en")):
        if _ARROW["en"] not in pair:
            return None
        a, b = pair.split(_ARROW["en"], 1)
        pairs.append((a, b))
    return label("data_desc_synthetic", lang).format(
        **(f | {"population": population, "timing": timing, "pairs": pairs_text(pairs, lang)}))


def _translate(text: str, lang: str) -> str | None:
    """``text`` (an English description of ours) in ``lang``; None when it is not one of ours."""
    if (f := _match("data_desc_subset", text)) is not None:
        inner = _translate(f["description"], lang)
        if inner is None:
            inner = label("data_desc_own", lang).format(text=f["description"])
        return label("data_desc_subset", lang).format(description=inner, n=f["n"])
    if (f := _match("data_desc_cdnow", text)) is not None:
        kind = _choice(f["kind"], ("data_desc_cdnow_sample", "data_desc_cdnow_master"), lang)
        return None if kind is None else label("data_desc_cdnow", lang).format(kind=kind)
    if (f := _match("data_desc_file", text)) is not None:
        return label("data_desc_file", lang).format(**f)
    if (f := _match("data_desc_synthetic", text)) is not None:
        return _synthetic(f, lang)
    return None


def dataset_description(db: Any, lang: str = "en") -> str:
    """The description of ``db`` (its ``description``) in ``lang``: what every page shows.

    Parameters
    ----------
    db : CRMDatabase
        A database from :func:`clvmodels.datasets.load_data` (or :func:`clvmodels.load_crm`).
    lang : {"en", "zh"}
        Language.

    Returns
    -------
    str
        In English, ``db.description`` as it is. In Chinese, the descriptions the package writes
        (CDNOW, the synthetic database, a transaction file, the note on a random subset of
        customers) in Chinese; a description of the company's own (``crm.yaml``) is kept as
        written, after :func:`clvmodels.crm.narrative.data_summary`. An empty description gives
        the data summary.

    Examples
    --------
    >>> from clvmodels.datasets import load_data
    >>> db = load_data("cdnow", max_customers=250, random_state=42)
    >>> dataset_description(db, "zh")
    'CDNOW 在线音乐零售商：1997 年第一季度获得的一批客户，购买记录截至 1998 年 6 月（1/10 抽样）。本次运行随机抽取其中 250 位客户。'
    """
    from ..crm.narrative import data_summary

    check_lang(lang)
    text = str(db.description or "").strip()
    if not text:
        return data_summary(db, lang)
    if lang == "en":
        return text
    translated = _translate(text, lang)
    if translated is not None:
        return translated
    return f"{data_summary(db, lang)} {label('data_desc_own', lang).format(text=text)}"
