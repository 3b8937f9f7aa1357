"""Synthetic CRM database with ground truth (合成客户数据库).

:func:`make_crm_data` draws a complete customer database — customer master data, a transaction
log, campaign contacts and responses, satisfaction surveys — from the probabilistic models the
package estimates (BG/NBD purchase and dropout, Gamma-Gamma spend), and returns the latent truth
next to it: each customer's purchase rate, dropout probability, dropout date, whether they are
alive, their purchases in the holdout window and the planted segment they were drawn from. Tests
use it to check that models recover known parameters, that segmentation frameworks find planted
groups and that churn warnings beat random on the true dropouts.

Everything is vectorized with numpy (no per-customer Python loops): one million customers take
seconds, see ``benchmarks/bench_synthetic.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ParameterError

__all__ = [
    "DEFAULT_GROUP_SHARES",
    "DEFAULT_PARAMS",
    "GROUP_PARAMS",
    "CRMData",
    "make_crm_data",
]

# ---------------------------------------------------------------------------------------------
# The data container
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)  # DataFrames have no single truth value: compare tables explicitly
class CRMData:
    """A CRM data set: transactions plus, where available, customers, campaigns, surveys, truth.

    Returned by :func:`make_crm_data` and by the dataset loaders (``load_cdnow``, ``load_data``);
    tables a data set does not have are ``None``.

    Attributes
    ----------
    name : str
        Data set name ("synthetic", "cdnow", ...).
    transactions : pandas.DataFrame
        Canonical transactions (交易记录), see CONTRIBUTING.md: ``customer_id``, ``date``,
        ``amount`` and optional ``order_id``, ``cost``, ``quantity``, ``category``, ``channel``.
    customers : pandas.DataFrame or None
        Customer master data (客户基本资料), one row per customer.
    campaigns : pandas.DataFrame or None
        Campaign contacts and responses (营销活动响应), one row per contact.
    surveys : pandas.DataFrame or None
        Satisfaction survey answers (满意度调查).
    truth : pandas.DataFrame or None
        Latent ground truth per customer (only for simulated data).
    calibration_end : pandas.Timestamp
        Default last day of the calibration (estimation) period (校准期).
    observation_end : pandas.Timestamp
        Last day of observation; the holdout period (验证期) is ``(calibration_end,
        observation_end]``.
    currency : str
        Currency of all money columns (e.g. "CNY", "USD").
    description : str
        One-paragraph description of the data set and its provenance.
    """

    name: str
    transactions: pd.DataFrame
    customers: pd.DataFrame | None
    campaigns: pd.DataFrame | None
    surveys: pd.DataFrame | None
    truth: pd.DataFrame | None
    calibration_end: pd.Timestamp
    observation_end: pd.Timestamp
    currency: str
    description: str = ""

    def __repr__(self) -> str:
        def shape(df: pd.DataFrame | None) -> str:
            return "None" if df is None else f"{df.shape[0]:,} x {df.shape[1]}"

        return (
            f"CRMData(name={self.name!r}, transactions={shape(self.transactions)}, "
            f"customers={shape(self.customers)}, campaigns={shape(self.campaigns)}, "
            f"surveys={shape(self.surveys)}, truth={shape(self.truth)}, "
            f"calibration_end={self.calibration_end.date()}, "
            f"observation_end={self.observation_end.date()}, currency={self.currency!r})"
        )


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

_PARAM_KEYS = ("r", "alpha", "a", "b", "p", "q", "gamma")

# Customer attributes: categories and probabilities (consumers / business customers).
_REGIONS = ["East", "North", "South", "Central", "Southwest", "Northeast", "Northwest"]
_REGION_P = [0.30, 0.18, 0.20, 0.12, 0.10, 0.06, 0.04]
_AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
_AGE_P = [0.14, 0.28, 0.24, 0.16, 0.11, 0.07]
_GENDERS = ["female", "male"]
_INCOME_BANDS = ["low", "lower_middle", "upper_middle", "high"]
_INCOME_P = [0.25, 0.35, 0.28, 0.12]
_INDUSTRIES = [
    "manufacturing", "retail", "technology", "healthcare", "education", "hospitality", "logistics",
]  # fmt: skip
_INDUSTRY_P = [0.24, 0.20, 0.16, 0.10, 0.10, 0.10, 0.10]
_COMPANY_SIZES = ["micro", "small", "medium", "large"]
_COMPANY_SIZE_P = [0.40, 0.32, 0.20, 0.08]
_CHANNELS = ["online", "app", "store", "sales_rep", "partner"]
_CHANNEL_P_CONSUMER = [0.40, 0.30, 0.25, 0.00, 0.05]
_CHANNEL_P_BUSINESS = [0.15, 0.00, 0.05, 0.55, 0.25]
_CREDIT_RATINGS = ["B", "BB", "BBB", "A", "AA", "AAA"]  # ascending quality
_CATEGORIES = ["electronics", "apparel", "home", "grocery", "beauty", "office"]
_CATEGORY_P_CONSUMER = [0.15, 0.22, 0.18, 0.25, 0.15, 0.05]
_CATEGORY_P_BUSINESS = [0.30, 0.05, 0.10, 0.10, 0.05, 0.40]
_CATEGORY_MARGIN = np.array([0.18, 0.45, 0.35, 0.22, 0.55, 0.30])  # gross margin on the amount
_CATEGORY_UNIT_PRICE = np.array([400.0, 120.0, 80.0, 15.0, 90.0, 25.0])
_CAMPAIGN_CHANNELS = ["email", "sms", "app_push", "phone"]

# Attribute effects (planted structure only): multipliers of the purchase rate and mean spend.
_BUSINESS_RATE_MULT = 1.5
_BUSINESS_SPEND_MULT = 2.0
_INCOME_SPEND_MULT = np.array([0.8, 0.95, 1.1, 1.3])
# Cost to serve one order, by the customer's channel (currency units), before service intensity.
_SERVE_COST = np.array([4.0, 3.0, 6.0, 25.0, 12.0])
_ACQUISITION_COST = np.array([40.0, 30.0, 60.0, 1500.0, 400.0])


def _categorical(
    codes: np.ndarray, categories: list[str], *, ordered: bool = False
) -> pd.Categorical:
    """Categorical from integer codes (-1 = missing) without building Python strings per row."""
    return pd.Categorical.from_codes(codes.astype(np.int8), categories=categories, ordered=ordered)


def _frame(columns: dict[str, Any], index: pd.Index | None = None) -> pd.DataFrame:
    """DataFrame that takes ownership of freshly made arrays (no copy, no consolidation)."""
    return pd.DataFrame(columns, index=index, copy=False)


def _choice(rng: np.random.Generator, probs: list[float] | np.ndarray, size: int) -> np.ndarray:
    """Integer codes drawn with the given probabilities (vectorized inverse CDF)."""
    cdf = np.cumsum(np.asarray(probs, dtype=float))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _as_day(value: Any, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ParameterError(
            f"{name}={value!r} is not a date; pass 'YYYY-MM-DD' or a pandas.Timestamp."
        ) from exc
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(f"{name} is missing; pass 'YYYY-MM-DD' or a pandas.Timestamp.")
    if ts.tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


def _check_params(params: Mapping[str, float], where: str) -> dict[str, float]:
    unknown = set(params) - set(_PARAM_KEYS)
    if unknown:
        raise ParameterError(
            f"{where}: unknown parameter(s) {sorted(unknown)}; use some of {list(_PARAM_KEYS)}."
        )
    out = {k: float(v) for k, v in params.items()}
    for k, v in out.items():
        if not np.isfinite(v) or v <= 0:
            raise ParameterError(f"{where}: {k}={v!r} must be a positive finite number.")
    if "q" in out and out["q"] <= 1:
        raise ParameterError(f"{where}: q={out['q']} must be > 1 for the mean spend to exist.")
    return out


def _share(value: float, name: str) -> float:
    v = float(value)
    if not 0.0 <= v <= 1.0:
        raise ParameterError(f"{name}={value!r} must be a share between 0 and 1.")
    return v


def _segment_sum(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Inclusive cumulative sum of ``values`` restarted at each group (ragged cumsum)."""
    c = np.cumsum(values)
    before = np.concatenate(([0.0], c))[starts]
    return c - np.repeat(before, counts)


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
) -> CRMData:
    """Simulate a CRM database (客户数据库) with known ground truth.

    Customers sign up on a uniformly drawn day in ``[start, signup_end]``; a share
    ``potential_share`` never buy (潜在客户, potential customers). The others make their first purchase on the signup
    day and then follow the BG/NBD process (Fader, Hardie & Lee 2005): while alive they buy as a
    Poisson process with rate ``lambda ~ Gamma(r, alpha)`` per week, and after each repeat
    purchase they drop out (流失) with probability ``p ~ Beta(a, b)``. Each purchase amount is
    ``Gamma(p, nu)`` with ``nu ~ Gamma(q, gamma)`` (Gamma-Gamma spend, Fader, Hardie & Lee 2005b).

    With ``planted_structure=True`` buyers belong to planted groups with their own population
    parameters (:data:`GROUP_PARAMS`, shares :data:`DEFAULT_GROUP_SHARES`: high value & loyal,
    high value & at risk, frequent low spenders, regular, occasional), and attributes shift the
    parameters: business customers buy 1.5x as often and spend 2x as much; the consumer income
    band scales spend by 0.8 / 0.95 / 1.1 / 1.3 (low .. high). With ``planted_structure=False``
    every buyer is drawn from the single population ``params`` (default :data:`DEFAULT_PARAMS`)
    and attributes carry no signal, so a fitted BG/NBD / Gamma-Gamma model should recover
    ``truth.attrs["params"]``.

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

    Returns
    -------
    CRMData
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

        ``campaigns`` (营销活动), one row per contact, sorted by ``date``, ``customer_id``:
        ``campaign_id`` int64, ``customer_id``, ``date``, ``contact_channel`` (categorical),
        ``responded`` bool. Response probability is ``truth.response_rate`` while alive, half of
        it before the first purchase and a fifth of it after dropout.

        ``surveys`` (满意度调查), one row per surveyed buyer, sorted by ``date``,
        ``customer_id``: ``customer_id``, ``date``, ``satisfaction`` int64 (1..5),
        ``score`` int64 (0..10, likelihood to recommend).

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
        later; the oracle any model prediction is compared with),
        ``value_calibration``, ``value_holdout`` (sum of amounts in each period),
        ``response_rate`` (campaign response probability while alive), ``attitude`` (latent
        standardized attitude behind the survey answers), ``loyalty`` (standardized
        ``-logit(p)``), ``serve_cost`` (mean cost to serve one order, currency units).
        ``truth.attrs``: ``params`` (population parameters ``r, alpha, a, b, p, q, gamma``, time
        unit weeks; of the homogeneous population, or of the "regular" group under planted
        structure), ``group_params``, ``group_shares``, ``time_unit`` ("W" for ``lambda``),
        ``planted_structure``, ``calibration_end``, ``observation_end``, ``currency``.

    Notes
    -----
    Repeat purchase times are drawn exactly and without loops: the number of purchase
    opportunities in a customer's window ``T`` is ``N ~ Poisson(lambda T)``, the number of repeat
    purchases before dropout is ``J ~ Geometric(p)``, the customer makes ``min(J, N)`` repeat
    purchases at the first order statistics of ``N`` uniforms on ``(0, T)`` (generated by a
    ragged cumulative sum of ``log(V_j) / (N - j + 1)``), and drops out at the ``J``-th one if
    ``J <= N`` (BG/NBD, Fader, Hardie & Lee 2005, eq. 1-3). Time is continuous; dates are the
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
    """
    # ---- settings ---------------------------------------------------------------------------
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise ParameterError(f"n_customers={n_customers!r} must be a positive integer.")
    n = int(n_customers)
    if n < 1:
        raise ParameterError(f"n_customers={n} must be at least 1.")
    start_ts = _as_day(start, "start")
    end_ts = _as_day(end, "end")
    if end_ts <= start_ts:
        raise ParameterError(f"end={end_ts.date()} must be after start={start_ts.date()}.")
    cal_ts = (
        end_ts - pd.Timedelta(weeks=26)
        if calibration_end is None
        else _as_day(calibration_end, "calibration_end")
    )
    if not start_ts <= cal_ts < end_ts:
        raise ParameterError(
            f"calibration_end={cal_ts.date()} must lie in [start={start_ts.date()}, "
            f"end={end_ts.date()}); pass an earlier date or a longer history."
        )
    signup_ts = end_ts if signup_end is None else _as_day(signup_end, "signup_end")
    if not start_ts <= signup_ts <= end_ts:
        raise ParameterError(
            f"signup_end={signup_ts.date()} must lie in [start={start_ts.date()}, "
            f"end={end_ts.date()}]."
        )
    business_share = _share(business_share, "business_share")
    potential_share = _share(potential_share, "potential_share")
    survey_rate = _share(survey_rate, "survey_rate")
    contact_rate = _share(contact_rate, "contact_rate")
    rho = float(attitude_loyalty_corr)
    if not -1.0 <= rho <= 1.0:
        raise ParameterError(f"attitude_loyalty_corr={rho!r} must lie in [-1, 1].")
    if (
        isinstance(n_campaigns, bool)
        or not isinstance(n_campaigns, (int, np.integer))
        or n_campaigns < 0
    ):
        raise ParameterError(f"n_campaigns={n_campaigns!r} must be a non-negative integer.")

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

    rng = np.random.default_rng(random_state)
    n_days = (end_ts - start_ts).days + 1  # days in the history; time runs on [0, n_days)
    cal_day = (cal_ts - start_ts).days  # last calibration day (days since start)
    day0 = start_ts.to_datetime64().astype("datetime64[D]")

    def to_dates(days: np.ndarray) -> np.ndarray:
        return (day0 + days.astype("timedelta64[D]")).astype("datetime64[ns]")

    # ---- customer attributes -----------------------------------------------------------------
    is_business = rng.random(n) < business_share
    signup_day = rng.integers(0, (signup_ts - start_ts).days + 1, size=n)
    is_buyer = rng.random(n) >= potential_share
    region = _choice(rng, _REGION_P, n)
    age = np.where(is_business, -1, _choice(rng, _AGE_P, n))
    gender = np.where(is_business, -1, (rng.random(n) < 0.5).astype(np.int64))
    income = np.where(is_business, -1, _choice(rng, _INCOME_P, n))
    industry = np.where(is_business, _choice(rng, _INDUSTRY_P, n), -1)
    size = np.where(is_business, _choice(rng, _COMPANY_SIZE_P, n), -1)
    channel = np.where(
        is_business, _choice(rng, _CHANNEL_P_BUSINESS, n), _choice(rng, _CHANNEL_P_CONSUMER, n)
    )
    acquisition_cost = np.round(_ACQUISITION_COST[channel] * rng.lognormal(0.0, 0.4, n), 2)

    # ---- latent behaviour ----------------------------------------------------------------------
    group = np.full(n, -1)  # -1: potential customer (never buys)
    group_code = _choice(rng, [shares[g] for g in group_names], n)
    group[is_buyer] = group_code[is_buyer]
    pick = np.where(group >= 0, group, group_code)  # latent draws for potential customers too
    table = np.array([[gparams[g][k] for k in _PARAM_KEYS] for g in group_names])
    r_i, alpha_i, a_i, b_i, pshape_i, q_i, gamma_i = (table[pick, j] for j in range(7))
    rate_mult = np.ones(n)
    spend_mult = np.ones(n)
    if planted_structure:
        rate_mult[is_business] = _BUSINESS_RATE_MULT
        spend_mult[is_business] = _BUSINESS_SPEND_MULT
        spend_mult[~is_business] = _INCOME_SPEND_MULT[income[~is_business]]
    lam = rng.gamma(r_i, 1.0 / alpha_i) * rate_mult  # purchases per week
    p_drop = np.clip(rng.beta(a_i, b_i), 1e-9, 1.0 - 1e-9)
    nu = rng.gamma(q_i, 1.0 / gamma_i) / spend_mult  # Gamma-Gamma rate
    mean_spend = pshape_i / nu

    loyalty = -np.log(p_drop / (1.0 - p_drop))
    loyalty = (loyalty - loyalty.mean()) / (loyalty.std() if n > 1 and loyalty.std() > 0 else 1.0)
    attitude = rho * loyalty + np.sqrt(1.0 - rho * rho) * rng.standard_normal(n)
    response_trait = rng.standard_normal(n)
    response_rate = 1.0 / (1.0 + np.exp(-(-2.2 + 1.2 * response_trait)))
    influence = rng.standard_normal(n)
    service_intensity = rng.lognormal(0.0, 0.5, n)
    serve_cost = _SERVE_COST[channel] * service_intensity
    credit_score = rng.standard_normal(n)

    # ---- purchases: BG/NBD --------------------------------------------------------------------
    buyers = np.flatnonzero(is_buyer)
    nb = buyers.size
    origin = signup_day[buyers] + rng.random(nb)  # first purchase time, days since start
    window = n_days - origin  # days from the first purchase to the end of observation
    n_opp = rng.poisson(lam[buyers] * window / 7.0)  # Poisson purchase opportunities
    j_drop = rng.geometric(p_drop[buyers])  # repeat purchase after which the customer drops
    k_rep = np.minimum(j_drop, n_opp)
    dropped = j_drop <= n_opp
    # One ragged block per buyer (buyers in id order): the first purchase, then the repeat
    # purchases in time order. Per-customer values are spread to rows with np.repeat.
    counts = k_rep + 1
    n_rows = int(counts.sum())
    starts = np.cumsum(counts) - counts
    pos = np.arange(n_rows) - np.repeat(starts, counts)  # 0 = first purchase, j = j-th repeat
    # log(1 - U_(j)) = sum_{i<=j} log(V_i) / (N - i + 1): order statistics of N uniforms
    log_gap = np.log1p(-rng.random(n_rows))
    log_gap /= np.repeat(n_opp + 1, counts) - pos
    del pos
    log_gap[starts] = 0.0
    row_time = _segment_sum(log_gap, starts, counts)
    del log_gap
    np.exp(row_time, out=row_time)
    row_time *= -np.repeat(window, counts)
    row_time += n_days  # origin + U * window = end - (1 - U) * window
    row_time[starts] = origin  # exact first purchase times
    dropout_time = np.full(nb, np.inf)
    last = starts + counts - 1
    dropout_time[dropped] = row_time[last[dropped]]
    row_day = np.minimum(row_time.astype(np.int64), n_days - 1)  # times are >= 0: floor
    del row_time

    # ---- order details (in customer order; sorted by date below) ------------------------------
    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values[buyers], counts)

    row_cust = np.repeat(buyers, counts)
    shape_b = pshape_i[buyers]
    if nb == 0 or np.all(shape_b == shape_b[0]):
        amount = rng.standard_gamma(float(shape_b[0]) if nb else 1.0, n_rows)
    else:
        amount = rng.standard_gamma(np.repeat(shape_b, counts))
    amount /= per_row(nu)
    amount = np.maximum(np.round(amount, 2), 0.01)
    pref_cat = np.where(
        is_business,
        _choice(rng, _CATEGORY_P_BUSINESS, n),
        _choice(rng, _CATEGORY_P_CONSUMER, n),
    )
    # 70% of orders in the customer's preferred category, the rest uniform over all categories
    # (one uniform draw decides both: given u >= 0.7, (u - 0.7) / 0.3 is uniform again)
    n_cat = len(_CATEGORIES)
    u_cat = rng.random(n_rows)
    category = per_row(pref_cat)
    off = np.flatnonzero(u_cat >= 0.7)
    category[off] = np.minimum(((u_cat[off] - 0.7) / 0.3 * n_cat).astype(np.int64), n_cat - 1)
    del u_cat
    # 85% of orders through the customer's own channel, the rest like a consumer's channel mix
    u_ch = rng.random(n_rows)
    row_channel = per_row(channel)
    off = np.flatnonzero(u_ch >= 0.85)
    ch_cdf = np.cumsum(_CHANNEL_P_CONSUMER)
    row_channel[off] = np.minimum(
        np.searchsorted(ch_cdf / ch_cdf[-1], (u_ch[off] - 0.85) / 0.15, side="right"),
        len(_CHANNELS) - 1,
    )
    del u_ch, off
    margin = _CATEGORY_MARGIN[category] * rng.lognormal(0.0, 0.15, n_rows)
    np.minimum(margin, 0.9, out=margin)
    cost = rng.lognormal(-0.08, 0.4, n_rows)
    cost *= per_row(serve_cost)
    cost += amount * (1.0 - margin)
    del margin
    cost = np.round(cost, 2)
    quantity = np.maximum(1.0, np.round(amount / _CATEGORY_UNIT_PRICE[category]))

    # sort by day, then customer: a stable sort by day keeps the customer and time order
    day_dtype = np.int16 if n_days < np.iinfo(np.int16).max else np.int64
    order = np.argsort(row_day.astype(day_dtype), kind="stable")
    row_cust, row_day = row_cust[order], row_day[order]
    amount, cost, quantity = amount[order], cost[order], quantity[order]
    category, row_channel = category[order], row_channel[order]
    del order

    transactions = _frame(
        {
            "order_id": np.arange(1, n_rows + 1, dtype=np.int64),
            "customer_id": (row_cust + 1).astype(np.int64),
            "date": to_dates(row_day),
            "amount": amount,
            "cost": cost,
            "quantity": quantity,
            "category": _categorical(category, _CATEGORIES),
            "channel": _categorical(row_channel, _CHANNELS),
        }
    )
    transactions.attrs = {"source": "make_crm_data", "currency": currency}

    # ---- per-customer outcomes ---------------------------------------------------------------
    # purchase days: unique (customer, day) pairs
    new_day = np.ones(n_rows, dtype=bool)  # rows are sorted by (day, customer)
    new_day[1:] = (row_day[1:] != row_day[:-1]) | (row_cust[1:] != row_cust[:-1])
    u_cust, u_day = row_cust[new_day], row_day[new_day]
    in_cal = u_day <= cal_day
    purchases_cal = np.bincount(u_cust[in_cal], minlength=n)
    purchases_hold = np.bincount(u_cust[~in_cal], minlength=n)
    row_cal = row_day <= cal_day
    value_cal = np.bincount(row_cust[row_cal], weights=amount[row_cal], minlength=n)
    value_hold = np.bincount(row_cust[~row_cal], weights=amount[~row_cal], minlength=n)
    n_orders = np.bincount(row_cust, minlength=n)

    first_day = np.full(n, -1)
    first_day[buyers] = signup_day[buyers]
    drop_day = np.full(n, -1)
    drop_day[buyers[dropped]] = np.floor(dropout_time[dropped]).astype(np.int64)
    cal_bound = cal_day + 1.0  # time at the end of the last calibration day
    alive_cal = np.zeros(n, dtype=bool)
    alive_cal[buyers] = (origin < cal_bound) & (dropout_time >= cal_bound)
    alive_end = np.zeros(n, dtype=bool)
    alive_end[buyers] = ~dropped
    # E[repeat purchases in the holdout | lambda, p, state at calibration end] (FHL 2005, eq. 7
    # conditional on the individual parameters): (1 - exp(-lambda p t)) / p if alive, else 0.
    holdout_weeks = (n_days - cal_bound) / 7.0
    started = np.zeros(n, dtype=bool)
    started[buyers] = origin < cal_bound
    expected_hold = np.where(alive_cal, -np.expm1(-lam * p_drop * holdout_weeks) / p_drop, 0.0)
    expected_hold = np.where(started, expected_hold, np.nan)
    active_until = np.zeros(n)
    active_until[buyers] = np.minimum(dropout_time, n_days) - origin  # days active

    nat = np.datetime64("NaT", "ns")
    first_purchase_date = np.where(first_day >= 0, to_dates(np.maximum(first_day, 0)), nat)
    dropout_date = np.where(drop_day >= 0, to_dates(np.maximum(drop_day, 0)), nat)

    # ---- CRM attributes that depend on behaviour ---------------------------------------------
    years_known = (n_days - signup_day) / 365.25
    referral_rate = 0.3 * np.exp(0.8 * influence + 0.4 * attitude - 0.4)  # per year active
    exposure = np.where(is_buyer, active_until / 365.25 + 0.1 * years_known, 0.1 * years_known)
    referrals = rng.poisson(referral_rate * exposure)
    complaints = rng.poisson(0.04 * n_orders * np.exp(-0.7 * attitude) * np.sqrt(service_intensity))
    delay_scale = np.where(is_business, 18.0, 1.5) * np.exp(-0.5 * credit_score)
    payment_delay = np.round(delay_scale * rng.lognormal(-0.1, 0.45, n), 1)
    payment_delay = np.where(n_orders > 0, payment_delay, np.nan)
    rating_latent = credit_score + 0.5 * rng.standard_normal(n)
    credit = np.searchsorted(np.array([-1.6, -0.9, -0.2, 0.5, 1.3]), rating_latent)

    customers = _frame(
        {
            "customer_id": np.arange(1, n + 1, dtype=np.int64),
            "signup_date": to_dates(signup_day),
            "segment_type": _categorical(is_business.astype(np.int64), ["consumer", "business"]),
            "region": _categorical(region, _REGIONS),
            "age_band": _categorical(age, _AGE_BANDS, ordered=True),
            "gender": _categorical(gender, _GENDERS),
            "income_band": _categorical(income, _INCOME_BANDS, ordered=True),
            "industry": _categorical(industry, _INDUSTRIES),
            "company_size": _categorical(size, _COMPANY_SIZES, ordered=True),
            "channel": _categorical(channel, _CHANNELS),
            "acquisition_cost": acquisition_cost,
            "referrals": referrals.astype(np.int64),
            "complaints": complaints.astype(np.int64),
            "payment_delay_days": payment_delay,
            "credit_rating": _categorical(credit, _CREDIT_RATINGS, ordered=True),
        }
    )
    customers.attrs = {"source": "make_crm_data", "currency": currency}

    # ---- campaigns -----------------------------------------------------------------------------
    camp_days = (
        np.linspace(30, n_days - 15, n_campaigns).round().astype(np.int64)
        if n_campaigns > 0
        else np.zeros(0, dtype=np.int64)
    )
    camp_days = np.clip(camp_days, 0, n_days - 1)
    c_ids, c_cust = [], []
    for c, cday in enumerate(camp_days):  # loop over campaigns, vectorized over customers
        contacted = np.flatnonzero((signup_day <= cday) & (rng.random(n) < contact_rate))
        c_ids.append(np.full(contacted.size, c + 1, dtype=np.int64))
        c_cust.append(contacted)
    c_id = np.concatenate(c_ids) if c_ids else np.zeros(0, dtype=np.int64)
    c_cust_arr = np.concatenate(c_cust) if c_cust else np.zeros(0, dtype=np.int64)
    c_day = camp_days[c_id - 1] if c_id.size else np.zeros(0, dtype=np.int64)
    c_time = c_day + 0.5
    t_first = np.full(n, np.inf)
    t_first[buyers] = origin
    t_drop = np.full(n, np.inf)
    t_drop[buyers] = dropout_time
    state_mult = np.where(
        c_time < t_first[c_cust_arr], 0.5, np.where(c_time > t_drop[c_cust_arr], 0.2, 1.0)
    )
    responded = rng.random(c_id.size) < response_rate[c_cust_arr] * state_mult
    c_channel = np.where(is_business[c_cust_arr], 3, _choice(rng, [0.5, 0.25, 0.25], c_id.size))
    c_order = np.lexsort((c_cust_arr, c_day))
    campaigns = _frame(
        {
            "campaign_id": c_id[c_order],
            "customer_id": (c_cust_arr[c_order] + 1).astype(np.int64),
            "date": to_dates(c_day[c_order]),
            "contact_channel": _categorical(c_channel[c_order], _CAMPAIGN_CHANNELS),
            "responded": responded[c_order],
        }
    )
    campaigns.attrs = {"source": "make_crm_data"}

    # ---- surveys -------------------------------------------------------------------------------
    surveyed = buyers[rng.random(nb) < survey_rate]
    s_day = signup_day[surveyed] + np.floor(
        rng.random(surveyed.size) * (n_days - signup_day[surveyed])
    ).astype(np.int64)
    s_att = attitude[surveyed] + 0.35 * rng.standard_normal(surveyed.size)
    satisfaction = np.searchsorted(np.array([-1.6, -0.9, -0.1, 0.9]), s_att) + 1
    score = np.clip(
        np.round(7.0 + 1.8 * (attitude[surveyed] + 0.5 * rng.standard_normal(surveyed.size))), 0, 10
    )
    s_order = np.lexsort((surveyed, s_day))
    surveys = _frame(
        {
            "customer_id": (surveyed[s_order] + 1).astype(np.int64),
            "date": to_dates(s_day[s_order]),
            "satisfaction": satisfaction[s_order].astype(np.int64),
            "score": score[s_order].astype(np.int64),
        }
    )
    surveys.attrs = {"source": "make_crm_data"}

    # ---- truth ---------------------------------------------------------------------------------
    truth = _frame(
        {
            "planted_group": _categorical(group + 1, ["potential", *group_names]),
            "lambda": lam,
            "p": p_drop,
            "nu": nu,
            "mean_spend": mean_spend,
            "first_purchase_date": first_purchase_date,
            "dropout_date": dropout_date,
            "alive_at_calibration_end": alive_cal,
            "alive_at_end": alive_end,
            "purchases_calibration": purchases_cal.astype(np.int64),
            "purchases_holdout": purchases_hold.astype(np.int64),
            "expected_purchases_holdout": expected_hold,
            "value_calibration": value_cal,
            "value_holdout": value_hold,
            "response_rate": response_rate,
            "attitude": attitude,
            "loyalty": loyalty,
            "serve_cost": serve_cost,
        },
        index=pd.Index(np.arange(1, n + 1, dtype=np.int64), name="customer_id"),
    )
    truth.attrs = {
        "params": dict(base),
        "group_params": gparams,
        "group_shares": shares,
        "time_unit": "W",
        "planted_structure": bool(planted_structure),
        "calibration_end": cal_ts,
        "observation_end": end_ts,
        "currency": currency,
    }

    description = (
        f"Synthetic CRM database: {n:,} customers ({is_buyer.sum():,} buyers), "
        f"{n_rows:,} transactions from {start_ts.date()} to {end_ts.date()} drawn from a "
        f"BG/NBD purchase-and-dropout process with Gamma-Gamma spend "
        f"({'planted groups and attribute effects' if planted_structure else 'one homogeneous population'}); "
        f"calibration ends {cal_ts.date()}; currency {currency}."
    )
    return CRMData(
        name="synthetic",
        transactions=transactions,
        customers=customers,
        campaigns=campaigns,
        surveys=surveys,
        truth=truth,
        calibration_end=cal_ts,
        observation_end=end_ts,
        currency=currency,
        description=description,
    )
