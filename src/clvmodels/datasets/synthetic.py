"""Synthetic CRM database with ground truth (合成客户数据库).

:func:`make_crm_data` draws a complete customer database — customer master data, a transaction
log with product categories, campaign contacts with responses and costs, satisfaction surveys,
referrals — from the probabilistic models the package estimates (BG/NBD purchase and dropout,
Gamma-Gamma spend), and returns the latent truth next to it: each customer's purchase rate,
dropout probability, dropout date, whether they are alive, their purchases in the holdout window
and the planted segment they were drawn from — and planted category affinities. Tests use it to
check that models recover known parameters, that segmentation frameworks find planted groups,
that churn warnings beat random on the true dropouts and that cross-selling rules find the
planted category pairs.

Everything is vectorized with numpy (no per-customer Python loops): one million customers take
seconds, see ``benchmarks/bench_synthetic.py``. This module checks the arguments and holds the
population parameters; each table is drawn by its own function in ``_synthetic_tables``, called
in a fixed order from one random generator, into a :class:`clvmodels.crm.CRMDatabase` (earlier
name ``CRMData``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_date, check_positive, check_share
from ..crm import CRMDatabase
from ..exceptions import ParameterError
from ..labels import label
from ._synthetic_tables import (
    CATEGORIES,
    CATEGORY_PAIRS,
    CROSS_BUY_SHARE,
    PARAM_KEYS,
    Settings,
    add_contact_costs,
    customer_outcomes,
    draw_attributes,
    draw_latent,
    make_campaigns,
    make_customers,
    make_referrals,
    make_surveys,
    make_transactions,
    make_truth,
)
from .crm_data import CRMData
from .describe import describe_template, pairs_text

__all__ = [
    "CROSS_BUY_SHARE",
    "DEFAULT_GROUP_SHARES",
    "DEFAULT_PARAMS",
    "GROUP_PARAMS",
    "PLANTED_CATEGORY_PAIRS",
    "SYNTHETIC_CATEGORIES",
    "CRMData",
    "make_crm_data",
]

# ---------------------------------------------------------------------------------------------
# Population parameters
# ---------------------------------------------------------------------------------------------

#: BG/NBD and Gamma-Gamma population parameters of the reference ("regular") group, time unit
#: weeks: purchase rate lambda ~ Gamma(shape r, rate alpha) per week; dropout probability after
#: each repeat purchase p ~ Beta(a, b); spend per transaction ~ Gamma(shape p, rate nu) with
#: nu ~ Gamma(shape q, rate gamma), so the mean spend is p * gamma / (q - 1).
DEFAULT_PARAMS: dict[str, float] = {
    "r": 1.5,
    "alpha": 12.0,
    "a": 1.2,
    "b": 10.0,
    "p": 6.0,
    "q": 4.0,
    "gamma": 30.0,
}

#: Parameters of the planted groups (same meaning and units as :data:`DEFAULT_PARAMS`). Within
#: a group the heterogeneity is moderate (coefficient of variation of lambda 1/sqrt(r) = 0.33 to
#: 0.5, of the mean spend about 1/sqrt(q - 2) = 0.33), so the groups stay distinct. Mean purchase
#: rate r/alpha per week, mean dropout probability a/(a+b), mean spend p*gamma/(q-1) in currency
#: units (before attribute effects):
#:
#: ===================  =============  ===============  ==========  ==========================
#: group                rate / week    dropout / purch  mean spend  meaning
#: ===================  =============  ===============  ==========  ==========================
#: vip_loyal            0.50           0.03             200         high value, high loyalty
#: vip_at_risk          0.50           0.10             200         high value, high dropout
#: frequent_low_value   0.40           0.03             20          loyal, small baskets
#: regular              0.125          0.107            60          the reference group
#: occasional           0.05           0.40             40          low value, churn quickly
#: ===================  =============  ===============  ==========  ==========================
GROUP_PARAMS: dict[str, dict[str, float]] = {
    "vip_loyal": {"r": 9.0, "alpha": 18.0, "a": 2.0, "b": 64.0, "p": 5.0, "q": 11.0, "gamma": 400.0},
    "vip_at_risk": {"r": 9.0, "alpha": 18.0, "a": 4.0, "b": 36.0, "p": 5.0, "q": 11.0, "gamma": 400.0},
    "frequent_low_value": {
        "r": 9.0, "alpha": 22.5, "a": 2.0, "b": 64.0, "p": 5.0, "q": 11.0, "gamma": 40.0,
    },
    "regular": {"r": 6.0, "alpha": 48.0, "a": 3.0, "b": 25.0, "p": 5.0, "q": 11.0, "gamma": 120.0},
    "occasional": {"r": 4.0, "alpha": 80.0, "a": 4.0, "b": 6.0, "p": 5.0, "q": 11.0, "gamma": 80.0},
}  # fmt: skip

#: Share of each planted group among buyers (customers who make a first purchase).
DEFAULT_GROUP_SHARES: dict[str, float] = {
    "vip_loyal": 0.08,
    "vip_at_risk": 0.08,
    "frequent_low_value": 0.14,
    "regular": 0.40,
    "occasional": 0.30,
}


#: Product categories of the synthetic transactions (``transactions["category"]``).
SYNTHETIC_CATEGORIES: tuple[str, ...] = CATEGORIES

#: Planted category affinities (交叉购买), ``(A, B)``: customers whose first purchase is in A buy
#: B later far more often than other customers (see :func:`make_crm_data`, "Categories").
PLANTED_CATEGORY_PAIRS: tuple[tuple[str, str], ...] = CATEGORY_PAIRS

# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def make_crm_data(
    n_customers: int = 5000,
    *,
    random_state: int | np.random.Generator | None = None,
    start: str | pd.Timestamp = "2023-01-01",
    end: str | pd.Timestamp = "2024-12-31",
    calibration_end: str | pd.Timestamp | None = None,
    signup_end: str | pd.Timestamp | None = None,
    currency: str = "CNY",
    planted_structure: bool = True,
    params: Mapping[str, float] | None = None,
    group_shares: Mapping[str, float] | None = None,
    business_share: float = 0.2,
    potential_share: float = 0.1,
    survey_rate: float = 0.2,
    n_campaigns: int = 8,
    contact_rate: float = 0.3,
    attitude_loyalty_corr: float = 0.6,
    regularity: int = 1,
) -> CRMDatabase:
    """Simulate a CRM database (客户数据库) with known ground truth.

    Customers sign up on a uniformly drawn day in ``[start, signup_end]``; a share
    ``potential_share`` never buy (潜在客户, potential customers). The others make their first purchase on the signup
    day and then follow the BG/NBD process (Fader, Hardie & Lee 2005): while alive they buy as a
    Poisson process with rate ``lambda ~ Gamma(r, alpha)`` per week, and after each repeat
    purchase they drop out (流失) with probability ``p ~ Beta(a, b)``. Each purchase amount is
    ``Gamma(p, nu)`` with ``nu ~ Gamma(q, gamma)`` (Gamma-Gamma spend, Fader, Hardie & Lee 2005b).

    With ``regularity=k > 1`` alive customers buy regularly (规律购买): the times between their
    purchases are Erlang-k, ``Gamma(shape k, rate k * lambda)``, with the same mean ``1/lambda``
    (so ``lambda`` and the planted groups keep their purchase rates) and coefficient of
    variation ``1/sqrt(k)``; dropout is unchanged. This is the (M)BG/CNBD-k process (Platzer &
    Reutterer 2016), see "regularity" below.

    With ``planted_structure=True`` buyers belong to planted groups with their own population
    parameters (:data:`GROUP_PARAMS`, shares :data:`DEFAULT_GROUP_SHARES`: high value & loyal,
    high value & at risk, frequent low spenders, regular, occasional), and attributes shift the
    parameters: business customers buy 1.5x as often and spend 2x as much; the consumer income
    band scales spend by 0.8 / 0.95 / 1.1 / 1.3 (low .. high). With ``planted_structure=False``
    every buyer is drawn from the single population ``params`` (default :data:`DEFAULT_PARAMS`)
    and attributes carry no signal, so a fitted BG/NBD / Gamma-Gamma model should recover
    ``truth.attrs["params"]``.

    **Categories** (品类) carry planted cross-buying affinities (交叉购买). Each customer has a
    preferred category (drawn from a consumer or a business mix) and makes the first purchase in
    it. A later order stays in the preferred category with probability 0.7; otherwise, when the
    preferred category A has a planted partner B (:data:`PLANTED_CATEGORY_PAIRS`: electronics ->
    office, apparel -> beauty, grocery -> home), it goes to B with probability
    :data:`CROSS_BUY_SHARE` (0.6), and else to one of the six categories at random. So customers
    who bought A are much more likely to buy B later: with customers as baskets, the planted
    pairs have the highest lift, and B is the consequent with the highest confidence given A.
    The pairs are also in ``truth.attrs["category_pairs"]`` and in ``description``.

    Parameters
    ----------
    n_customers : int, default 5000
        Number of customers (客户数), including potential customers who never buy.
    random_state : int, numpy.random.Generator or None
        Seed or generator; the same seed gives the same data set.
    start, end : str or pandas.Timestamp
        First and last day of the simulated history (inclusive).
    calibration_end : str or pandas.Timestamp, optional
        Last day of the calibration period (校准期); default ``end`` minus 26 weeks.
    signup_end : str or pandas.Timestamp, optional
        Last possible signup day; default ``end``. An earlier date gives every customer a long
        history, which makes the planted structure easier to see in the transactions.
    currency : str, default "CNY"
        Currency of the money columns, stored in ``attrs["currency"]``.
    planted_structure : bool, default True
        Draw buyers from planted groups with attribute effects (True) or from one homogeneous
        BG/NBD + Gamma-Gamma population (False).
    params : mapping, optional
        Overrides of the population parameters (keys ``r, alpha, a, b, p, q, gamma``, time unit
        weeks). They update :data:`DEFAULT_PARAMS` for the homogeneous population when
        ``planted_structure=False``, and ``GROUP_PARAMS["regular"]`` otherwise.
    group_shares : mapping, optional
        Share of each planted group among buyers (keys of :data:`GROUP_PARAMS`, summing to 1).
    business_share : float, default 0.2
        Share of business customers (企业客户); the rest are consumers (个人客户).
    potential_share : float, default 0.1
        Share of customers who sign up but never buy (潜在客户).
    survey_rate : float, default 0.2
        Share of buyers who answer one satisfaction survey (满意度调查).
    n_campaigns : int, default 8
        Number of marketing campaigns, evenly spaced over the history.
    contact_rate : float, default 0.3
        Share of the customers signed up by a campaign's date who are contacted by it.
    attitude_loyalty_corr : float, default 0.6
        Correlation between the latent attitude behind the survey answers and the latent
        behavioural loyalty ``-logit(p)`` (standardized); below 1, so latent-loyal (潜在忠诚)
        and spurious-loyal (虚假忠诚) customers exist.
    regularity : int, default 1
        Regularity ``k`` (an integer >= 1) of the inter-purchase times of alive customers:
        each gap is Erlang-k, ``Gamma(shape k, rate k * lambda)`` with mean ``1/lambda`` weeks
        and coefficient of variation ``1/sqrt(k)``; equivalently, stage events form a Poisson
        process with rate ``k * lambda`` and every k-th stage event is a purchase. ``1`` is the
        Poisson purchasing of BG/NBD (the same data as before the option existed). In
        (M)BG/CNBD-k terms (BTYDplus, :class:`clvmodels.models.BetaGeoCNBDModel`: gap ``~
        Gamma(k, lambda_stage)``) the planted ``k`` is this value and the stage rate
        ``lambda_stage = k * lambda ~ Gamma(r, alpha / k)``, so a fitted BG/CNBD-k should find
        ``k`` and ``truth.attrs["cnbd_params"]`` (``k, r, alpha / k, a, b``), while
        ``truth.attrs["params"]`` keeps the BG/NBD scale of ``lambda``.

    Returns
    -------
    CRMDatabase
        ``name="synthetic"``, ``calibration_end``, ``observation_end=end``, ``currency`` and the
        tables below (all ``customer_id`` int64 in ``1..n_customers``; money in ``currency``).

        ``transactions`` (交易记录), sorted by ``date``, ``customer_id``: ``order_id`` int64
        (1.. in that order), ``customer_id``, ``date`` datetime64[ns] (day resolution),
        ``amount`` float64 > 0, ``cost`` float64 (cost of goods plus cost to serve; can exceed the
        amount), ``quantity`` float64 (>= 1), ``category`` and ``channel`` (categorical).

        ``customers`` (客户资料), one row per customer in id order: ``customer_id``,
        ``signup_date`` datetime64[ns], ``segment_type`` ("consumer"/"business"), ``region``,
        ``age_band``, ``gender``, ``income_band`` (consumers; missing for business),
        ``industry``, ``company_size`` (business; missing for consumers), ``channel``
        (acquisition channel), ``acquisition_cost`` float64 (获客成本, currency units),
        ``referrals`` int64 (推荐人数, people referred by the end: indirect value),
        ``complaints`` int64 (投诉次数), ``payment_delay_days`` float64 (mean days of payment
        delay, 平均付款延迟; NaN for customers without purchases), ``credit_rating`` (信用等级,
        ordered B < BB < BBB < A < AA < AAA). String columns are categorical.

        ``contacts`` (营销接触与响应; also under its earlier name ``campaigns``), one row per
        contact, sorted by ``date``, ``customer_id``: ``campaign_id`` int64, ``customer_id``,
        ``date``, ``contact_channel`` (categorical), ``responded`` bool, ``cost`` float64 (cost
        of the contact in ``currency``: a rate card by channel — email 0.10, SMS 0.20, app push
        0.05, phone 6.00 — times a factor per campaign, lognormal with sigma 0.25). Response
        probability is ``truth.response_rate`` while alive, half of it before the first purchase
        and a fifth of it after dropout.

        ``surveys`` (满意度调查), one row per surveyed buyer, sorted by ``date``,
        ``customer_id``: ``customer_id``, ``date``, ``satisfaction`` int64 (1..5),
        ``score`` int64 (0..10, likelihood to recommend).

        ``referrals`` (客户推荐), one row per referral, sorted by ``date``, ``referrer_id``:
        ``referrer_id``, ``referred_id`` (int64 customer ids), ``date`` datetime64[ns]. The rows
        per ``referrer_id`` equal ``customers.referrals``; each referred customer appears at most
        once, is another customer of the database and signed up on or after the referral date,
        which is on or after the referrer's signup (a referrer comes before the customers they
        refer in the order of signup day and id, so there are no cycles). A drawn referral that
        finds no later customer left to refer (only among the last customers to sign up) is
        dropped and the count lowered; ``truth.attrs["referrals_unmatched"]`` counts them.

        ``truth`` indexed by ``customer_id`` (every customer once, in id order):
        ``planted_group`` (categorical; "potential" for customers who never buy, "none" when
        ``planted_structure=False``), ``lambda`` (purchases per week while alive), ``p``
        (dropout probability after each repeat purchase), ``nu`` (Gamma-Gamma rate of the spend
        per purchase), ``mean_spend`` (expected amount per purchase ``p / nu``, currency units;
        ``lambda`` to ``mean_spend`` are also drawn for potential customers: what they would do
        after a first purchase), ``first_purchase_date`` (NaT for potential customers),
        ``dropout_date`` (day of the last purchase, after which the customer is inactive; NaT if
        alive at ``end`` or never bought), ``alive_at_calibration_end``, ``alive_at_end`` (bool:
        has bought by then and not dropped out), ``purchases_calibration`` (purchase days in
        ``[start, calibration_end]``, first purchase included; the BTYD ``frequency`` is this
        minus one), ``purchases_holdout`` (purchase days in ``(calibration_end, end]``),
        ``expected_purchases_holdout`` (expected number of purchases in the holdout given the
        customer's own ``lambda``, ``p`` and state at ``calibration_end``: ``(1 -
        exp(-lambda p t)) / p`` if alive, 0 if dropped out, NaN if the first purchase comes
        later; the oracle any model prediction is compared with; with ``regularity=k > 1``
        the state also holds the number ``j`` of Erlang stages completed since the last
        purchase, and the value is ``sum_m (1-p)^(m-1) P(S >= mk - j)`` with ``S ~
        Poisson(k lambda t)``, computed in closed form),
        ``value_calibration``, ``value_holdout`` (sum of amounts in each period),
        ``response_rate`` (campaign response probability while alive), ``attitude`` (latent
        standardized attitude behind the survey answers), ``loyalty`` (standardized
        ``-logit(p)``), ``serve_cost`` (mean cost to serve one order, currency units).
        ``truth.attrs``: ``params`` (population parameters ``r, alpha, a, b, p, q, gamma``, time
        unit weeks; of the homogeneous population, or of the "regular" group under planted
        structure), ``regularity`` (the planted ``k``), ``cnbd_params`` (the same population
        in (M)BG/CNBD-k terms: ``k``, ``r``, ``alpha / k`` (stage rate ``k * lambda ~
        Gamma(r, alpha / k)``), ``a``, ``b``; a planted group's stage rate is likewise
        ``Gamma(r, alpha / k)`` with its own ``r`` and ``alpha``), ``group_params``, ``group_shares``, ``time_unit`` ("W" for ``lambda``),
        ``planted_structure``, ``calibration_end``, ``observation_end``, ``currency``,
        ``category_pairs`` (the planted ``(A, B)`` pairs), ``cross_buy_share``,
        ``referrals_unmatched``.

    Notes
    -----
    Repeat purchase times are drawn exactly and without loops: the number of purchase
    opportunities in a customer's window ``T`` is ``N ~ Poisson(lambda T)``, the number of repeat
    purchases before dropout is ``J ~ Geometric(p)``, the customer makes ``min(J, N)`` repeat
    purchases at the first order statistics of ``N`` uniforms on ``(0, T)`` (generated by a
    ragged cumulative sum of ``log(V_j) / (N - j + 1)``), and drops out at the ``J``-th one if
    ``J <= N`` (BG/NBD, Fader, Hardie & Lee 2005, eq. 1-3). With ``regularity=k > 1``, ``N ~
    Poisson(k lambda T)`` counts stage events, there are ``floor(N / k)`` purchase
    opportunities and the m-th repeat purchase is the ``mk``-th order statistic, drawn from the
    previous one with ``(1 - U_(mk)) / (1 - U_((m-1)k)) ~ Beta(N - mk + 1, k)``. The stages
    completed at ``calibration_end`` since the last purchase are drawn given the purchase times
    (the stage events between two purchases are uniform on that interval). Time is continuous; dates are the
    day of each purchase, so a summary at day resolution merges the few purchases that fall on
    one day (BTYD convention): a BG/NBD fitted to 200,000 homogeneous customers recovers the mean
    purchase rate ``r / alpha`` about 2% low and the mean dropout ``a / (a + b)`` within 1%.

    Group values of the planted structure (pyramid tiers, value x loyalty, 20/80/30 with costs)
    are visible in the data: with the defaults about 88% of the top 10% of customers by revenue
    are planted VIPs (16% of buyers), and about 14% of buyers are unprofitable after the cost to
    serve (mostly frequent low spenders).

    Examples
    --------
    >>> from clvmodels.datasets.synthetic import make_crm_data
    >>> data = make_crm_data(1000, random_state=0)
    >>> data.customers.shape[0], data.truth.index.is_unique
    (1000, True)
    >>> (data.referrals.groupby("referrer_id").size().sum() == data.customers["referrals"].sum())
    np.True_
    """
    s = _settings(
        n_customers,
        start=start,
        end=end,
        calibration_end=calibration_end,
        signup_end=signup_end,
        currency=currency,
        planted_structure=planted_structure,
        params=params,
        group_shares=group_shares,
        business_share=business_share,
        potential_share=potential_share,
        survey_rate=survey_rate,
        n_campaigns=n_campaigns,
        contact_rate=contact_rate,
        attitude_loyalty_corr=attitude_loyalty_corr,
        regularity=regularity,
    )
    # One generator, drawn from in this order (the order is part of the data set).
    rng = np.random.default_rng(random_state)
    attrs = draw_attributes(rng, s)
    latent = draw_latent(rng, s, attrs)
    transactions, purchases = make_transactions(rng, s, attrs, latent)
    outcomes = customer_outcomes(s, attrs, latent, purchases)
    customers = make_customers(rng, s, attrs, latent, outcomes)
    contacts = make_campaigns(rng, s, attrs, latent, purchases)
    surveys = make_surveys(rng, s, attrs, latent, purchases)
    contacts = add_contact_costs(rng, s, contacts)
    referrals, customers, n_unmatched = make_referrals(rng, s, attrs, customers)
    truth = make_truth(s, latent, outcomes)
    truth.attrs.update(
        category_pairs=list(CATEGORY_PAIRS),
        cross_buy_share=CROSS_BUY_SHARE,
        referrals_unmatched=n_unmatched,
    )
    return CRMDatabase(
        name="synthetic",
        transactions=transactions,
        customers=customers,
        contacts=contacts,
        surveys=surveys,
        referrals=referrals,
        truth=truth,
        calibration_end=s.calibration_end,
        observation_end=s.end,
        currency=s.currency,
        description=_description(s, n_buyers=int(attrs.is_buyer.sum()), n_rows=len(transactions)),
    )


def _settings(
    n_customers: Any,
    *,
    start: Any,
    end: Any,
    calibration_end: Any,
    signup_end: Any,
    currency: str,
    planted_structure: bool,
    params: Mapping[str, float] | None,
    group_shares: Mapping[str, float] | None,
    business_share: Any,
    potential_share: Any,
    survey_rate: Any,
    n_campaigns: Any,
    contact_rate: Any,
    attitude_loyalty_corr: Any,
    regularity: Any = 1,
) -> Settings:
    """Check the arguments of :func:`make_crm_data` and select the population parameters."""
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise ParameterError(f"n_customers={n_customers!r} must be a positive integer.")
    n = int(n_customers)
    if n < 1:
        raise ParameterError(f"n_customers={n} must be at least 1.")
    start_ts = check_date("start", start)
    end_ts = check_date("end", end)
    if end_ts <= start_ts:
        raise ParameterError(f"end={end_ts.date()} must be after start={start_ts.date()}.")
    cal_ts = (
        end_ts - pd.Timedelta(weeks=26)
        if calibration_end is None
        else check_date("calibration_end", calibration_end)
    )
    if not start_ts <= cal_ts < end_ts:
        raise ParameterError(
            f"calibration_end={cal_ts.date()} must lie in [start={start_ts.date()}, "
            f"end={end_ts.date()}); pass an earlier date or a longer history."
        )
    signup_ts = end_ts if signup_end is None else check_date("signup_end", signup_end)
    if not start_ts <= signup_ts <= end_ts:
        raise ParameterError(
            f"signup_end={signup_ts.date()} must lie in [start={start_ts.date()}, "
            f"end={end_ts.date()}]."
        )
    shares_of = {
        name: check_share(name, value, low_closed=True, high_closed=True)
        for name, value in (
            ("business_share", business_share),
            ("potential_share", potential_share),
            ("survey_rate", survey_rate),
            ("contact_rate", contact_rate),
        )
    }
    rho = float(attitude_loyalty_corr)
    if not -1.0 <= rho <= 1.0:
        raise ParameterError(f"attitude_loyalty_corr={rho!r} must lie in [-1, 1].")
    if (
        isinstance(n_campaigns, bool)
        or not isinstance(n_campaigns, (int, np.integer))
        or n_campaigns < 0
    ):
        raise ParameterError(f"n_campaigns={n_campaigns!r} must be a non-negative integer.")
    k = check_positive("regularity", regularity, integer=True)

    overrides = {} if params is None else _check_params(params, "params")
    if planted_structure:
        base = {**GROUP_PARAMS["regular"], **overrides}
        gparams = {g: dict(v) for g, v in GROUP_PARAMS.items()}
        gparams["regular"] = dict(base)
        shares = dict(DEFAULT_GROUP_SHARES)
        if group_shares is not None:
            unknown = set(group_shares) - set(gparams)
            if unknown:
                raise ParameterError(
                    f"group_shares: unknown group(s) {sorted(unknown)}; use {list(gparams)}."
                )
            shares = {g: float(group_shares.get(g, 0.0)) for g in gparams}
            if any(v < 0 for v in shares.values()) or not np.isclose(sum(shares.values()), 1.0):
                raise ParameterError(
                    f"group_shares={dict(group_shares)!r} must be non-negative and sum to 1."
                )
        group_names = list(gparams)
    else:
        base = {**DEFAULT_PARAMS, **overrides}
        gparams = {"none": dict(base)}
        shares = {"none": 1.0}
        group_names = ["none"]
    return Settings(
        n=n,
        start=start_ts,
        end=end_ts,
        calibration_end=cal_ts,
        signup_end=signup_ts,
        currency=currency,
        planted_structure=planted_structure,
        rho=rho,
        n_campaigns=n_campaigns,
        base_params=base,
        group_params=gparams,
        group_shares=shares,
        group_names=group_names,
        regularity=k,
        **shares_of,
    )


def _check_params(params: Mapping[str, float], where: str) -> dict[str, float]:
    unknown = set(params) - set(PARAM_KEYS)
    if unknown:
        raise ParameterError(
            f"{where}: unknown parameter(s) {sorted(unknown)}; use some of {list(PARAM_KEYS)}."
        )
    out = {k: float(v) for k, v in params.items()}
    for k, v in out.items():
        if not np.isfinite(v) or v <= 0:
            raise ParameterError(f"{where}: {k}={v!r} must be a positive finite number.")
    if "q" in out and out["q"] <= 1:
        raise ParameterError(f"{where}: q={out['q']} must be > 1 for the mean spend to exist.")
    return out


def _description(s: Settings, *, n_buyers: int, n_rows: int) -> str:
    """The one-paragraph description of a synthetic data set (English; in another language:
    :func:`clvmodels.datasets.dataset_description`)."""
    k = s.regularity
    return describe_template(
        "data_desc_synthetic", n=f"{s.n:,}", buyers=f"{n_buyers:,}", rows=f"{n_rows:,}",
        start=s.start.date(), end=s.end.date(),
        population=label("data_desc_planted" if s.planted_structure else "data_desc_homogeneous",
                         "en"),
        timing="" if k == 1 else describe_template("data_desc_regular", k=k),
        pairs=pairs_text(CATEGORY_PAIRS), share=f"{CROSS_BUY_SHARE:.0%}",
        calibration_end=s.calibration_end.date(), currency=s.currency,
    )
