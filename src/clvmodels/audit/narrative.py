"""Text for reporting the data audit (notebook 01), from the bilingual label table."""

from __future__ import annotations

import pandas as pd

from ..labels import check_lang, label

__all__ = ["audit_text"]


def audit_text(audit: pd.DataFrame, messages: list[str], *, lang: str = "en") -> str:
    """A plain-language conclusion of the audit, built from its numbers (Markdown).

    Parameters
    ----------
    audit : DataFrame
        Output of :func:`clvmodels.audit.audit_transactions` (its ``attrs["currency"]`` names
        the currency).
    messages : list of str
        The warnings raised while reading (see :func:`clvmodels.audit.capture_warnings`).
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    str
        What was read (rows, customers, dates, revenue), the repeat-purchase rate and why it
        calls for a probabilistic model, and how many reading messages were reported.
    """
    check_lang(lang)
    v = dict(zip(audit["key"], audit["value"], strict=True))
    summary = label("audit_text_summary", lang).format(
        rows=v["rows"],
        customers=v["customers"],
        first_date=v["first_date"],
        last_date=v["last_date"],
        revenue=v["revenue"],
        currency=audit.attrs.get("currency", "USD"),
        repeat_rate=v["repeat_rate"],
    )
    if messages:
        reading = label("audit_text_messages", lang).format(n=len(messages))
    else:
        reading = label("audit_text_no_messages", lang)
    return f"{summary} {reading}"
