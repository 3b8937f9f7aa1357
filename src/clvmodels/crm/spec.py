"""What each table of the CRM database holds: :class:`TableSpec` and :data:`TABLES`.

A table's columns fall into kinds, each with one canonical dtype (the "canonical typing" that
:func:`clvmodels.load_crm` applies to every table, whatever it was read from):

========  ==================================================================================
kind      canonical dtype
========  ==================================================================================
id        int64 when every customer id of the database is an integer (also ``"00042"``),
          else pandas string dtype, the same in every table
date      ``datetime64[ns]``, timezone-naive (zoned values converted to UTC)
number    int64 when the column holds integers with no missing value, else float64
flag      bool (true/false, yes/no, y/n, t/f, 1/0, 是/否); nullable ``boolean`` when an optional
          flag has missing values
text      pandas string dtype (missing stays missing; blank strings are missing)
levels    an ordered ``Categorical`` with the given levels (e.g. credit rating B < ... < AAA)
========  ==================================================================================

The kinds of the columns named here are fixed; other columns take the kind given in ``types``
(``crm.yaml`` or :func:`~clvmodels.load_crm`), else the kind their values have (integers,
floats, booleans, datetimes, an ordered categorical; anything else is text). Transactions are
typed by :func:`clvmodels.validation.validate_transactions` (``amount``, ``cost``, ``quantity``
float64; ``order_id`` as read; ``category``, ``channel`` text).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..validation import SYNONYMS

__all__ = ["KINDS", "TABLES", "TableSpec"]

#: Column kinds that ``types`` may name (a list of levels is the ordered kind "levels").
KINDS = ("id", "date", "number", "flag", "text")


@dataclass(frozen=True)
class TableSpec:
    """What a table of the CRM database holds.

    Attributes
    ----------
    name : str
        Table name ("customers").
    zh : str
        Chinese name (客户基本资料).
    required : tuple of str
        Columns it must have.
    ids : tuple of str
        Columns holding customer ids (checked against the other tables).
    dates : tuple of str
        Date columns (parsed; one line per unparseable value).
    numbers : tuple of str
        Numeric columns when present (amounts, costs, scores).
    flags : tuple of str
        Yes/no columns when present (``responded``): true/false, yes/no, 1/0, 是/否.
    key : tuple of str
        Columns that identify a row; duplicates are an error (empty: duplicates allowed).
    enables : str
        What the table makes possible, for the one-line "add this table to ..." notes.
    synonyms : tuple of (str, tuple of str)
        Other usual names of a column, recognized case-insensitively when the source has no
        column of the canonical name (``("responded", ("response", "converted"))``).
    aliases : tuple of str
        Other file or table names under which the table is found by default (``campaigns``).
    """

    name: str
    zh: str
    required: tuple[str, ...]
    ids: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    enables: str = ""
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column named by the spec: required first, then the optional ones."""
        out = list(self.required)
        for group in (self.ids, self.dates, self.numbers, self.flags, self.optional):
            out += [c for c in group if c not in out]
        return tuple(out)

    @property
    def optional(self) -> tuple[str, ...]:
        """Optional columns with a fixed meaning but no kind (transactions' text columns)."""
        return tuple(c for c, _ in self.synonyms if c not in self.required and not self.kind(c))

    def kind(self, column: str) -> str | None:
        """The fixed kind of ``column`` ("id", "date", "number", "flag"), or None."""
        for kind, group in (("id", self.ids), ("date", self.dates), ("number", self.numbers),
                            ("flag", self.flags)):
            if column in group:
                return kind
        return None

    def names_for(self, column: str) -> tuple[str, ...]:
        """``column`` followed by its usual other names, earlier names first."""
        other = dict(self.synonyms).get(column, ())
        return (column,) + tuple(n for n in other if n != column)


_CUSTOMER_ID = SYNONYMS["customer_id"]
_DATE = SYNONYMS["date"]

#: The tables of a CRM database, in the order they are read, written and shown.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "transactions", "交易记录", ("customer_id", "date", "amount"), ids=("customer_id",),
            dates=("date",), numbers=("amount", "cost", "margin", "quantity"),
            enables="every page",
            synonyms=tuple(SYNONYMS.items()) + (
                ("margin", ("margin", "gross_margin", "profit", "gross_profit")),
            ),
            aliases=("orders", "sales"),
        ),
        TableSpec(
            "customers", "客户基本资料", ("customer_id",), ids=("customer_id",),
            dates=("signup_date", "acquisition_date"),
            numbers=("acquisition_cost", "payment_delay_days", "referrals", "complaints"),
            key=("customer_id",),
            enables="the lifecycle stage 'potential', clustering profiled by demographics and "
            "supervised churn with customer attributes",
            synonyms=(
                ("customer_id", _CUSTOMER_ID),
                ("signup_date", ("signup_date", "sign_up_date", "registration_date",
                                 "registered_at", "register_date", "join_date", "joined_at")),
                ("acquisition_date", ("acquisition_date", "acquired_at", "first_contact_date")),
                ("acquisition_cost", ("acquisition_cost", "cac", "cost_of_acquisition")),
            ),
            aliases=("customer", "clients"),
        ),
        TableSpec(
            "contacts", "营销接触与响应", ("customer_id", "campaign_id", "date", "responded"),
            ids=("customer_id",), dates=("date",), numbers=("cost",), flags=("responded",),
            enables="the value x response matrix",
            synonyms=(
                ("customer_id", _CUSTOMER_ID),
                ("campaign_id", ("campaign_id", "campaignid", "campaign", "campaign_code",
                                 "campaign_no", "campaign_number", "campaign_name")),
                ("date", ("date", "contact_date", "sent_date", "send_date", "sent_at",
                          "contacted_at", "contact_time") + _DATE),
                ("responded", ("responded", "response", "is_response", "has_responded",
                               "converted", "reacted")),
                ("cost", ("cost", "contact_cost", "cost_per_contact")),
            ),
            aliases=("campaigns", "campaign_contacts"),
        ),
        TableSpec(
            "surveys", "满意度调查", ("customer_id", "date"), ids=("customer_id",), dates=("date",),
            numbers=("satisfaction", "score", "recommend"),
            enables="the loyalty matrix (attitude x behaviour) and the value indicator score",
            synonyms=(
                ("customer_id", _CUSTOMER_ID),
                ("date", ("date", "survey_date", "response_date", "answered_at", "submitted_at")
                 + _DATE),
                ("satisfaction", ("satisfaction", "csat", "satisfaction_score")),
                ("recommend", ("recommend", "likelihood_to_recommend", "would_recommend",
                               "nps_score", "nps")),
            ),
            aliases=("survey",),
        ),
        TableSpec(
            "referrals", "客户推荐", ("referrer_id", "referred_id", "date"),
            ids=("referrer_id", "referred_id"), dates=("date",),
            enables="the direct x indirect value matrix",
            synonyms=(
                ("referrer_id", ("referrer_id", "referrer", "referring_customer_id",
                                 "referrer_customer_id", "sponsor_id", "inviter_id")),
                ("referred_id", ("referred_id", "referred", "referee_id", "referred_customer_id",
                                 "new_customer_id", "invitee_id")),
                ("date", ("date", "referral_date", "referred_at", "referred_on") + _DATE),
            ),
            aliases=("referral",),
        ),
    )
}

