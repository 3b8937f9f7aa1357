"""The tables of the synthetic CRM database, one function per table (see ``make_crm_data``).

Every function draws from the one random generator it is given, so the order of the calls in
:func:`clvmodels.datasets.synthetic.make_crm_data` is part of the data set: attributes, latent
behaviour, transactions, customers, contacts (campaigns), surveys, contact costs, referrals (the
truth draws nothing). Steps added later draw after the earlier ones, so the earlier tables keep
their values. Everything is vectorized with numpy (no per-customer Python loops).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CATEGORIES",
    "CATEGORY_PAIRS",
    "CROSS_BUY_SHARE",
    "PARAM_KEYS",
    "Attributes",
    "Latent",
    "Outcomes",
    "Purchases",
    "Settings",
    "customer_outcomes",
    "draw_attributes",
    "erlang_expected_purchases",
    "draw_latent",
    "add_contact_costs",
    "make_campaigns",
    "make_customers",
    "make_referrals",
    "make_surveys",
    "make_transactions",
    "make_truth",
]

#: Population parameters of BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma), in order.
PARAM_KEYS = ("r", "alpha", "a", "b", "p", "q", "gamma")

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
#: Product categories of the synthetic transactions, in code order.
CATEGORIES = tuple(_CATEGORIES)
#: Planted category affinities (交叉购买): a customer whose first purchase is in the first
#: category of a pair sends ``CROSS_BUY_SHARE`` of their later exploratory orders to the second.
CATEGORY_PAIRS = (("electronics", "office"), ("apparel", "beauty"), ("grocery", "home"))
#: Share of a customer's later orders outside their preferred category that go to the planted
#: partner of that category (the rest are spread uniformly over all categories).
CROSS_BUY_SHARE = 0.6
_PREFERRED_SHARE = 0.7  # share of later orders in the customer's preferred category
_PARTNER = np.full(len(_CATEGORIES), -1)
for _a, _b in CATEGORY_PAIRS:
    _PARTNER[_CATEGORIES.index(_a)] = _CATEGORIES.index(_b)
_CATEGORY_P_CONSUMER = [0.15, 0.22, 0.18, 0.25, 0.15, 0.05]
_CATEGORY_P_BUSINESS = [0.30, 0.05, 0.10, 0.10, 0.05, 0.40]
_CATEGORY_MARGIN = np.array([0.18, 0.45, 0.35, 0.22, 0.55, 0.30])  # gross margin on the amount
_CATEGORY_UNIT_PRICE = np.array([400.0, 120.0, 80.0, 15.0, 90.0, 25.0])
_CAMPAIGN_CHANNELS = ["email", "sms", "app_push", "phone"]
# Cost of one contact by contact channel (currency units), before the campaign's own factor.
_CONTACT_COST = np.array([0.10, 0.20, 0.05, 6.00])
_REFERRAL_ROUNDS = 200  # at most this many rounds of the referral matching (make_referrals)

# Attribute effects (planted structure only): multipliers of the purchase rate and mean spend.
_BUSINESS_RATE_MULT = 1.5
_BUSINESS_SPEND_MULT = 2.0
_INCOME_SPEND_MULT = np.array([0.8, 0.95, 1.1, 1.3])
# Cost to serve one order, by the customer's channel (currency units), before service intensity.
_SERVE_COST = np.array([4.0, 3.0, 6.0, 25.0, 12.0])
_ACQUISITION_COST = np.array([40.0, 30.0, 60.0, 1500.0, 400.0])


# ---------------------------------------------------------------------------------------------
# What the steps pass on
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Checked arguments of ``make_crm_data`` and the population parameters they select."""

    n: int
    start: pd.Timestamp
    end: pd.Timestamp
    calibration_end: pd.Timestamp
    signup_end: pd.Timestamp
    currency: str
    planted_structure: bool
    business_share: float
    potential_share: float
    survey_rate: float
    n_campaigns: int
    contact_rate: float
    rho: float
    base_params: dict[str, float]
    group_params: dict[str, dict[str, float]]
    group_shares: dict[str, float]
    group_names: list[str]
    #: Erlang-k regularity of the inter-purchase times (1 = Poisson purchasing, BG/NBD).
    regularity: int = 1

    @property
    def n_days(self) -> int:
        """Days in the history; time runs on ``[0, n_days)`` days since ``start``."""
        return (self.end - self.start).days + 1

    @property
    def cal_day(self) -> int:
        """Last calibration day (days since ``start``)."""
        return (self.calibration_end - self.start).days

    def to_dates(self, days: np.ndarray) -> np.ndarray:
        """datetime64[ns] dates of whole days since ``start``."""
        day0 = self.start.to_datetime64().astype("datetime64[D]")
        return (day0 + days.astype("timedelta64[D]")).astype("datetime64[ns]")


@dataclass(frozen=True)
class Attributes:
    """Customer attributes drawn at signup (integer codes, -1 = not applicable)."""

    is_business: np.ndarray
    signup_day: np.ndarray
    is_buyer: np.ndarray
    region: np.ndarray
    age: np.ndarray
    gender: np.ndarray
    income: np.ndarray
    industry: np.ndarray
    size: np.ndarray
    channel: np.ndarray
    acquisition_cost: np.ndarray


@dataclass(frozen=True)
class Latent:
    """Latent per-customer behaviour: group, BG/NBD and Gamma-Gamma draws, CRM traits."""

    group: np.ndarray
    lam: np.ndarray
    p_drop: np.ndarray
    pshape: np.ndarray
    nu: np.ndarray
    mean_spend: np.ndarray
    loyalty: np.ndarray
    attitude: np.ndarray
    response_rate: np.ndarray
    influence: np.ndarray
    service_intensity: np.ndarray
    serve_cost: np.ndarray
    credit_score: np.ndarray


@dataclass(frozen=True)
class Purchases:
    """The BG/NBD purchase process of the buyers (continuous time, days since ``start``).

    ``stages_at_cal`` (per buyer): Erlang stage events completed since the last purchase at the
    end of the calibration period (0 for ``regularity`` 1 and for buyers not alive then).
    """

    buyers: np.ndarray
    origin: np.ndarray
    dropped: np.ndarray
    dropout_time: np.ndarray
    row_cust: np.ndarray
    row_day: np.ndarray
    amount: np.ndarray
    stages_at_cal: np.ndarray | None = None


@dataclass(frozen=True)
class Outcomes:
    """Per-customer results of the purchase process, in customer order."""

    purchases_cal: np.ndarray
    purchases_hold: np.ndarray
    value_cal: np.ndarray
    value_hold: np.ndarray
    n_orders: np.ndarray
    alive_cal: np.ndarray
    alive_end: np.ndarray
    expected_hold: np.ndarray
    active_until: np.ndarray
    first_purchase_date: np.ndarray
    dropout_date: np.ndarray


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


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


def _segment_sum(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Inclusive cumulative sum of ``values`` restarted at each group (ragged cumsum)."""
    c = np.cumsum(values)
    before = np.concatenate(([0.0], c))[starts]
    return c - np.repeat(before, counts)


# ---------------------------------------------------------------------------------------------
# Customers at signup and their latent behaviour
# ---------------------------------------------------------------------------------------------


def draw_attributes(rng: np.random.Generator, s: Settings) -> Attributes:
    """Customer attributes: consumer/business, signup day, buyer or not, demographics, channel."""
    n = s.n
    is_business = rng.random(n) < s.business_share
    signup_day = rng.integers(0, (s.signup_end - s.start).days + 1, size=n)
    is_buyer = rng.random(n) >= s.potential_share
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
    return Attributes(
        is_business=is_business,
        signup_day=signup_day,
        is_buyer=is_buyer,
        region=region,
        age=age,
        gender=gender,
        income=income,
        industry=industry,
        size=size,
        channel=channel,
        acquisition_cost=acquisition_cost,
    )


def draw_latent(rng: np.random.Generator, s: Settings, attrs: Attributes) -> Latent:
    """Planted group, purchase rate, dropout probability, spend rate and the CRM traits."""
    n = s.n
    group = np.full(n, -1)  # -1: potential customer (never buys)
    group_code = _choice(rng, [s.group_shares[g] for g in s.group_names], n)
    group[attrs.is_buyer] = group_code[attrs.is_buyer]
    pick = np.where(group >= 0, group, group_code)  # latent draws for potential customers too
    table = np.array([[s.group_params[g][k] for k in PARAM_KEYS] for g in s.group_names])
    r_i, alpha_i, a_i, b_i, pshape_i, q_i, gamma_i = (table[pick, j] for j in range(7))
    rate_mult = np.ones(n)
    spend_mult = np.ones(n)
    if s.planted_structure:
        is_business = attrs.is_business
        rate_mult[is_business] = _BUSINESS_RATE_MULT
        spend_mult[is_business] = _BUSINESS_SPEND_MULT
        spend_mult[~is_business] = _INCOME_SPEND_MULT[attrs.income[~is_business]]
    lam = rng.gamma(r_i, 1.0 / alpha_i) * rate_mult  # purchases per week
    p_drop = np.clip(rng.beta(a_i, b_i), 1e-9, 1.0 - 1e-9)
    nu = rng.gamma(q_i, 1.0 / gamma_i) / spend_mult  # Gamma-Gamma rate
    mean_spend = pshape_i / nu

    rho = s.rho
    loyalty = -np.log(p_drop / (1.0 - p_drop))
    loyalty = (loyalty - loyalty.mean()) / (loyalty.std() if n > 1 and loyalty.std() > 0 else 1.0)
    attitude = rho * loyalty + np.sqrt(1.0 - rho * rho) * rng.standard_normal(n)
    response_trait = rng.standard_normal(n)
    response_rate = 1.0 / (1.0 + np.exp(-(-2.2 + 1.2 * response_trait)))
    influence = rng.standard_normal(n)
    service_intensity = rng.lognormal(0.0, 0.5, n)
    serve_cost = _SERVE_COST[attrs.channel] * service_intensity
    credit_score = rng.standard_normal(n)
    return Latent(
        group=group,
        lam=lam,
        p_drop=p_drop,
        pshape=pshape_i,
        nu=nu,
        mean_spend=mean_spend,
        loyalty=loyalty,
        attitude=attitude,
        response_rate=response_rate,
        influence=influence,
        service_intensity=service_intensity,
        serve_cost=serve_cost,
        credit_score=credit_score,
    )


# ---------------------------------------------------------------------------------------------
# Transactions
# ---------------------------------------------------------------------------------------------


def make_transactions(
    rng: np.random.Generator, s: Settings, attrs: Attributes, latent: Latent
) -> tuple[pd.DataFrame, Purchases]:
    """The transaction log (BG/NBD purchase times, order details), sorted by day and customer.

    Returns the table and the purchase process behind it (per buyer, and the sorted rows'
    customer, day and amount) for the per-customer outcomes and the other tables.

    With ``s.regularity`` k > 1 the inter-purchase times are Erlang-k with mean ``1/lambda``:
    stage events form a Poisson process with rate ``k lambda`` and every k-th stage event is a
    purchase opportunity. The ``N ~ Poisson(k lambda T)`` stage events of the window are the
    order statistics of ``N`` uniforms and the m-th repeat purchase is the ``mk``-th of them:
    ``(1 - U_(mk)) / (1 - U_((m-1)k)) ~ Beta(N - mk + 1, k)``, drawn as ``G_a / (G_a + G_k)``
    from two gamma variates (k = 1 draws the same order statistics as ``V^(1/(N-m+1))``).
    """
    n_days, k = s.n_days, s.regularity
    # ---- purchases: BG/NBD (Poisson purchasing, k = 1) or Erlang-k inter-purchase times ----
    buyers = np.flatnonzero(attrs.is_buyer)
    nb = buyers.size
    origin = attrs.signup_day[buyers] + rng.random(nb)  # first purchase time, days since start
    window = n_days - origin  # days from the first purchase to the end of observation
    if k == 1:
        n_stage = rng.poisson(latent.lam[buyers] * window / 7.0)  # Poisson purchase opportunities
    else:
        n_stage = rng.poisson(k * latent.lam[buyers] * window / 7.0)  # Erlang stage events
    n_opp = n_stage // k  # purchase opportunities: every k-th stage event
    j_drop = rng.geometric(latent.p_drop[buyers])  # repeat purchase after which it drops
    k_rep = np.minimum(j_drop, n_opp)
    dropped = j_drop <= n_opp
    # One ragged block per buyer (buyers in id order): the first purchase, then the repeat
    # purchases in time order. Per-customer values are spread to rows with np.repeat.
    counts = k_rep + 1
    n_rows = int(counts.sum())
    starts = np.cumsum(counts) - counts
    pos = np.arange(n_rows) - np.repeat(starts, counts)  # 0 = first purchase, j = j-th repeat
    if k == 1:
        # log(1 - U_(j)) = sum_{i<=j} log(V_i) / (N - i + 1): order statistics of N uniforms
        log_gap = np.log1p(-rng.random(n_rows))
        log_gap /= np.repeat(n_opp + 1, counts) - pos
    else:
        # log(1 - U_(mk)) = sum_{i<=m} log(B_i), B_i ~ Beta(N - ik + 1, k) = G_a / (G_a + G_k)
        repeat = pos > 0
        shape_a = (np.repeat(n_stage + 1, counts) - k * pos)[repeat]  # N - mk + 1 >= 1
        ratio = rng.standard_gamma(float(k), shape_a.size)
        ratio /= rng.standard_gamma(shape_a.astype(float))
        del shape_a
        log_gap = np.zeros(n_rows)
        log_gap[repeat] = -np.log1p(ratio)
        del ratio, repeat
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
    stages_at_cal = np.zeros(nb, dtype=np.int64)
    if k > 1:
        stages_at_cal = _stages_since_purchase(
            rng, k, s.cal_day + 1.0, float(n_days), row_time, starts, counts, n_stage, dropout_time
        )
    row_day = np.minimum(row_time.astype(np.int64), n_days - 1)  # times are >= 0: floor
    del row_time

    # ---- order details (in customer order; sorted by date below) ----
    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values[buyers], counts)

    row_cust = np.repeat(buyers, counts)
    shape_b = latent.pshape[buyers]
    if nb == 0 or np.all(shape_b == shape_b[0]):
        amount = rng.standard_gamma(float(shape_b[0]) if nb else 1.0, n_rows)
    else:
        amount = rng.standard_gamma(np.repeat(shape_b, counts))
    amount /= per_row(latent.nu)
    amount = np.maximum(np.round(amount, 2), 0.01)
    pref_cat = np.where(
        attrs.is_business,
        _choice(rng, _CATEGORY_P_BUSINESS, s.n),
        _choice(rng, _CATEGORY_P_CONSUMER, s.n),
    )
    category = _row_categories(rng.random(n_rows), per_row(pref_cat), starts)
    # 85% of orders through the customer's own channel, the rest like a consumer's channel mix
    u_ch = rng.random(n_rows)
    row_channel = per_row(attrs.channel)
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
    cost *= per_row(latent.serve_cost)
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
            "date": s.to_dates(row_day),
            "amount": amount,
            "cost": cost,
            "quantity": quantity,
            "category": _categorical(category, _CATEGORIES),
            "channel": _categorical(row_channel, _CHANNELS),
        }
    )
    transactions.attrs = {"source": "make_crm_data", "currency": s.currency}
    purchases = Purchases(
        buyers=buyers,
        origin=origin,
        dropped=dropped,
        dropout_time=dropout_time,
        row_cust=row_cust,
        row_day=row_day,
        amount=amount,
        stages_at_cal=stages_at_cal,
    )
    return transactions, purchases


def _row_categories(u: np.ndarray, preferred: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Category code of each order from one uniform draw per order (rows in customer blocks).

    The first purchase (the first row of each block, ``starts``) is in the customer's preferred
    category. A later order is in the preferred category with probability 0.7; otherwise, when
    the preferred category has a planted partner (:data:`CATEGORY_PAIRS`), it goes to the partner
    with probability :data:`CROSS_BUY_SHARE`, and else to a category drawn uniformly from all. One
    uniform decides all three: given ``u >= 0.7``, ``v = (u - 0.7) / 0.3`` is uniform again, and so
    is ``(v - share) / (1 - share)`` given ``v >= share``.
    """
    n_cat = len(_CATEGORIES)
    category = preferred.copy()
    explore = u >= _PREFERRED_SHARE
    explore[starts] = False
    off = np.flatnonzero(explore)
    v = (u[off] - _PREFERRED_SHARE) / (1.0 - _PREFERRED_SHARE)
    partner = _PARTNER[preferred[off]]
    cross = (partner >= 0) & (v < CROSS_BUY_SHARE)
    v = np.where(partner >= 0, (v - CROSS_BUY_SHARE) / (1.0 - CROSS_BUY_SHARE), v)
    uniform = np.minimum((v * n_cat).astype(np.int64), n_cat - 1)
    category[off] = np.where(cross, partner, uniform)
    return category


def _stages_since_purchase(
    rng: np.random.Generator,
    k: int,
    bound: float,
    end: float,
    row_time: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
    n_stage: np.ndarray,
    dropout_time: np.ndarray,
) -> np.ndarray:
    """Erlang stage events completed since the last purchase at time ``bound``, per buyer.

    Only for buyers alive at ``bound`` (0 for the others). Given the purchase times (the
    ``mk``-th order statistics of the ``N`` stage events), the ``k - 1`` stage events between
    the last purchase before ``bound`` and the next one are uniform on that interval; without a
    next purchase in the window (the customer is alive at the end and had ``N - Kk < k`` stage
    events left after the ``K``-th repeat purchase) the remaining ones are uniform on the rest
    of the window. The count before ``bound`` is binomial.
    """
    nb = starts.size
    before = row_time < bound
    n_before = np.bincount(np.repeat(np.arange(nb), counts)[before], minlength=nb)
    alive = (n_before > 0) & (dropout_time >= bound)
    idx = np.flatnonzero(alive)
    last = starts[idx] + n_before[idx] - 1  # row of the last purchase before bound
    has_next = n_before[idx] < counts[idx]
    t_last = row_time[last]
    t_next = np.where(has_next, row_time[np.where(has_next, last + 1, last)], end)
    trials = np.where(has_next, k - 1, n_stage[idx] - k * (counts[idx] - 1))
    share = np.clip((bound - t_last) / (t_next - t_last), 0.0, 1.0)
    stages = np.zeros(nb, dtype=np.int64)
    stages[idx] = rng.binomial(trials, share)
    return stages


def erlang_expected_purchases(
    lam: np.ndarray, p: np.ndarray, stages: np.ndarray, k: int, weeks: float
) -> np.ndarray:
    """Expected purchases in the next ``weeks`` of an alive Erlang-k buyer (closed form).

    The buyer buys at every k-th event of a Poisson process of stage events with rate
    ``k * lam`` per week, has completed ``stages`` = j (0..k-1) stage events since the last
    purchase and drops out after each purchase with probability ``p``. With ``S ~ Poisson(k lam
    t)`` the stage events to come, the m-th future purchase falls in the window if ``S >= mk -
    j`` and the customer is still there to make it with probability ``(1-p)^(m-1)``, so

    ``E = sum_m (1-p)^(m-1) P(S >= mk - j) = (1 - G) / p``, ``G = E[(1-p)^floor((S+j)/k)]``.

    Filtering the residues of ``S + j`` modulo k with the k-th roots of unity ``omega^l`` gives,
    with ``z = (1-p)^(1/k)`` and ``w_l = z omega^l``,
    ``G = (p / k) sum_l z^(j+1-k) omega^(l(j+1)) exp(k lam t (w_l - 1)) / (1 - w_l)``. The
    ``l = 0`` term is ``c exp(-k lam t (1 - z))`` with ``c = (1/k) sum_{i<k} z^(j+1-k+i)``
    (using ``p / (1 - z) = sum_{i<k} z^i``), and ``1 - c exp(-x) = (1 - c) - c expm1(-x)`` is
    evaluated with ``expm1`` so that small ``p`` loses no precision. k = 1 gives the Poisson
    result ``(1 - exp(-lam p t)) / p``.
    """
    lam = np.asarray(lam, dtype=float)
    p = np.asarray(p, dtype=float)
    done = np.asarray(stages)
    mu_t = k * lam * weeks  # expected stage events in the window
    log_z = np.log1p(-p) / k
    power = done + 1 - k  # exponent of z in the l-th term, <= 0
    one_minus_c = np.zeros(np.broadcast(lam, p, done).shape)
    c = np.zeros_like(one_minus_c)
    for i in range(k):
        one_minus_c -= np.expm1((power + i) * log_z)
        c += np.exp((power + i) * log_z)
    one_minus_c /= k
    c /= k
    expected = (one_minus_c - c * np.expm1(mu_t * np.expm1(log_z))) / p  # 1 - G_0, over p
    head = np.exp(power * log_z) / k  # z^(j+1-k) / k, finite for p < 1
    z = np.exp(log_z)
    for ell in range(1, k):  # the other roots of unity, each vectorized over the customers
        omega = np.exp(2j * np.pi * ell / k)
        w = z * omega
        expected -= (head * omega ** (done + 1) * np.exp(mu_t * (w - 1.0)) / (1.0 - w)).real
    return expected


def customer_outcomes(
    s: Settings, attrs: Attributes, latent: Latent, purchases: Purchases
) -> Outcomes:
    """Purchases and value per period, alive states and the oracle holdout expectation."""
    n, n_days, cal_day = s.n, s.n_days, s.cal_day
    row_cust, row_day, amount = purchases.row_cust, purchases.row_day, purchases.amount
    buyers, origin = purchases.buyers, purchases.origin
    dropped, dropout_time = purchases.dropped, purchases.dropout_time
    # purchase days: unique (customer, day) pairs
    new_day = np.ones(len(row_cust), dtype=bool)  # rows are sorted by (day, customer)
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
    first_day[buyers] = attrs.signup_day[buyers]
    drop_day = np.full(n, -1)
    drop_day[buyers[dropped]] = np.floor(dropout_time[dropped]).astype(np.int64)
    cal_bound = cal_day + 1.0  # time at the end of the last calibration day
    alive_cal = np.zeros(n, dtype=bool)
    alive_cal[buyers] = (origin < cal_bound) & (dropout_time >= cal_bound)
    alive_end = np.zeros(n, dtype=bool)
    alive_end[buyers] = ~dropped
    # E[repeat purchases in the holdout | lambda, p, state at calibration end] (FHL 2005, eq. 7
    # conditional on the individual parameters): (1 - exp(-lambda p t)) / p if alive, else 0.
    # With Erlang-k gaps (k > 1) it also depends on the stage events completed since the last
    # purchase (see erlang_expected_purchases).
    holdout_weeks = (n_days - cal_bound) / 7.0
    started = np.zeros(n, dtype=bool)
    started[buyers] = origin < cal_bound
    lam, p_drop = latent.lam, latent.p_drop
    if s.regularity == 1:
        expected_hold = np.where(alive_cal, -np.expm1(-lam * p_drop * holdout_weeks) / p_drop, 0.0)
    else:
        stages = np.zeros(n, dtype=np.int64)
        if purchases.stages_at_cal is not None:
            stages[buyers] = purchases.stages_at_cal
        expected_hold = np.zeros(n)
        expected_hold[alive_cal] = erlang_expected_purchases(
            lam[alive_cal], p_drop[alive_cal], stages[alive_cal], s.regularity, holdout_weeks
        )
    expected_hold = np.where(started, expected_hold, np.nan)
    active_until = np.zeros(n)
    active_until[buyers] = np.minimum(dropout_time, n_days) - origin  # days active

    nat = np.datetime64("NaT", "ns")
    first_purchase_date = np.where(first_day >= 0, s.to_dates(np.maximum(first_day, 0)), nat)
    dropout_date = np.where(drop_day >= 0, s.to_dates(np.maximum(drop_day, 0)), nat)
    return Outcomes(
        purchases_cal=purchases_cal,
        purchases_hold=purchases_hold,
        value_cal=value_cal,
        value_hold=value_hold,
        n_orders=n_orders,
        alive_cal=alive_cal,
        alive_end=alive_end,
        expected_hold=expected_hold,
        active_until=active_until,
        first_purchase_date=first_purchase_date,
        dropout_date=dropout_date,
    )


# ---------------------------------------------------------------------------------------------
# Customers, campaigns, surveys, truth
# ---------------------------------------------------------------------------------------------


def make_customers(
    rng: np.random.Generator, s: Settings, attrs: Attributes, latent: Latent, outcomes: Outcomes
) -> pd.DataFrame:
    """Customer master data, with the CRM attributes that depend on behaviour drawn here."""
    n, n_days = s.n, s.n_days
    is_business, signup_day, attitude = attrs.is_business, attrs.signup_day, latent.attitude
    n_orders = outcomes.n_orders
    years_known = (n_days - signup_day) / 365.25
    referral_rate = 0.3 * np.exp(0.8 * latent.influence + 0.4 * attitude - 0.4)  # per year
    exposure = np.where(
        attrs.is_buyer, outcomes.active_until / 365.25 + 0.1 * years_known, 0.1 * years_known
    )
    referrals = rng.poisson(referral_rate * exposure)
    complaints = rng.poisson(
        0.04 * n_orders * np.exp(-0.7 * attitude) * np.sqrt(latent.service_intensity)
    )
    delay_scale = np.where(is_business, 18.0, 1.5) * np.exp(-0.5 * latent.credit_score)
    payment_delay = np.round(delay_scale * rng.lognormal(-0.1, 0.45, n), 1)
    payment_delay = np.where(n_orders > 0, payment_delay, np.nan)
    rating_latent = latent.credit_score + 0.5 * rng.standard_normal(n)
    credit = np.searchsorted(np.array([-1.6, -0.9, -0.2, 0.5, 1.3]), rating_latent)

    customers = _frame(
        {
            "customer_id": np.arange(1, n + 1, dtype=np.int64),
            "signup_date": s.to_dates(signup_day),
            "segment_type": _categorical(is_business.astype(np.int64), ["consumer", "business"]),
            "region": _categorical(attrs.region, _REGIONS),
            "age_band": _categorical(attrs.age, _AGE_BANDS, ordered=True),
            "gender": _categorical(attrs.gender, _GENDERS),
            "income_band": _categorical(attrs.income, _INCOME_BANDS, ordered=True),
            "industry": _categorical(attrs.industry, _INDUSTRIES),
            "company_size": _categorical(attrs.size, _COMPANY_SIZES, ordered=True),
            "channel": _categorical(attrs.channel, _CHANNELS),
            "acquisition_cost": attrs.acquisition_cost,
            "referrals": referrals.astype(np.int64),
            "complaints": complaints.astype(np.int64),
            "payment_delay_days": payment_delay,
            "credit_rating": _categorical(credit, _CREDIT_RATINGS, ordered=True),
        }
    )
    customers.attrs = {"source": "make_crm_data", "currency": s.currency}
    return customers


def make_campaigns(
    rng: np.random.Generator,
    s: Settings,
    attrs: Attributes,
    latent: Latent,
    purchases: Purchases,
) -> pd.DataFrame:
    """Campaign contacts and responses: evenly spaced campaigns, response by customer state."""
    n, n_days, n_campaigns = s.n, s.n_days, s.n_campaigns
    signup_day = attrs.signup_day
    camp_days = (
        np.linspace(30, n_days - 15, n_campaigns).round().astype(np.int64)
        if n_campaigns > 0
        else np.zeros(0, dtype=np.int64)
    )
    camp_days = np.clip(camp_days, 0, n_days - 1)
    c_ids, c_cust = [], []
    for c, cday in enumerate(camp_days):  # loop over campaigns, vectorized over customers
        contacted = np.flatnonzero((signup_day <= cday) & (rng.random(n) < s.contact_rate))
        c_ids.append(np.full(contacted.size, c + 1, dtype=np.int64))
        c_cust.append(contacted)
    c_id = np.concatenate(c_ids) if c_ids else np.zeros(0, dtype=np.int64)
    c_cust_arr = np.concatenate(c_cust) if c_cust else np.zeros(0, dtype=np.int64)
    c_day = camp_days[c_id - 1] if c_id.size else np.zeros(0, dtype=np.int64)
    c_time = c_day + 0.5
    t_first = np.full(n, np.inf)
    t_first[purchases.buyers] = purchases.origin
    t_drop = np.full(n, np.inf)
    t_drop[purchases.buyers] = purchases.dropout_time
    state_mult = np.where(
        c_time < t_first[c_cust_arr], 0.5, np.where(c_time > t_drop[c_cust_arr], 0.2, 1.0)
    )
    responded = rng.random(c_id.size) < latent.response_rate[c_cust_arr] * state_mult
    c_channel = np.where(
        attrs.is_business[c_cust_arr], 3, _choice(rng, [0.5, 0.25, 0.25], c_id.size)
    )
    c_order = np.lexsort((c_cust_arr, c_day))
    campaigns = _frame(
        {
            "campaign_id": c_id[c_order],
            "customer_id": (c_cust_arr[c_order] + 1).astype(np.int64),
            "date": s.to_dates(c_day[c_order]),
            "contact_channel": _categorical(c_channel[c_order], _CAMPAIGN_CHANNELS),
            "responded": responded[c_order],
        }
    )
    campaigns.attrs = {"source": "make_crm_data"}
    return campaigns


def make_surveys(
    rng: np.random.Generator,
    s: Settings,
    attrs: Attributes,
    latent: Latent,
    purchases: Purchases,
) -> pd.DataFrame:
    """Satisfaction surveys: a share of the buyers answer once, driven by the latent attitude."""
    n_days, signup_day, attitude = s.n_days, attrs.signup_day, latent.attitude
    buyers = purchases.buyers
    surveyed = buyers[rng.random(buyers.size) < s.survey_rate]
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
            "date": s.to_dates(s_day[s_order]),
            "satisfaction": satisfaction[s_order].astype(np.int64),
            "score": score[s_order].astype(np.int64),
        }
    )
    surveys.attrs = {"source": "make_crm_data"}
    return surveys


def add_contact_costs(
    rng: np.random.Generator, s: Settings, contacts: pd.DataFrame
) -> pd.DataFrame:
    """The contacts with their ``cost`` (currency units per contact, rounded to cents).

    A rate card by contact channel (email 0.10, SMS 0.20, app push 0.05, phone 6.00) times one
    factor per campaign, ``lognormal(0, 0.25)`` (some campaigns pay more per contact).
    """
    factor = rng.lognormal(0.0, 0.25, s.n_campaigns)
    channel = contacts["contact_channel"].cat.codes.to_numpy()
    campaign = contacts["campaign_id"].to_numpy() - 1
    cost = np.round(_CONTACT_COST[channel] * factor[campaign], 2)
    out = contacts.assign(cost=np.maximum(cost, 0.01))
    out.attrs = {**contacts.attrs, "currency": s.currency}
    return out


def make_referrals(
    rng: np.random.Generator, s: Settings, attrs: Attributes, customers: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The referrals table (客户推荐) behind the ``referrals`` count column of ``customers``.

    Each of a customer's drawn referrals is matched to a distinct customer (a customer is referred
    at most once) who comes later in the order of (signup day, customer id), so every referred
    customer signed up on or after the referrer and the referral graph has no cycles. The
    referral date is a uniformly drawn day between the two signup days (inclusive): the referrer
    was already a customer and the referred customer signed up on or after it. Matching is
    vectorized: in each round every unmatched referral picks a uniformly random eligible customer
    not referred yet; of the claims on one customer, the referral with the fewest options wins.
    A referral whose eligible customers are all taken (it belongs to one of the last customers
    to sign up) is dropped and the count lowered, so the count column always equals the number
    of rows per ``referrer_id``.

    Returns
    -------
    referrals : DataFrame
        ``referrer_id``, ``referred_id`` (int64), ``date`` (datetime64[ns]), sorted by ``date``,
        ``referrer_id``.
    customers : DataFrame
        ``customers`` with ``referrals`` set to the matched counts.
    n_unmatched : int
        Drawn referrals that could not be matched (dropped).
    """
    n = s.n
    counts = customers["referrals"].to_numpy()
    signup = attrs.signup_day
    order = np.lexsort((np.arange(n), signup))  # sorted position -> customer
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    slot_ref = np.repeat(np.arange(n), counts)  # referrer of each drawn referral
    first = rank[slot_ref] + 1  # first eligible sorted position
    n_eligible = n - first
    taken = np.zeros(n, dtype=bool)  # by sorted position
    pick = np.full(slot_ref.size, -1, dtype=np.int64)
    pending = np.flatnonzero(n_eligible > 0)
    for _ in range(_REFERRAL_ROUNDS):  # rounds, vectorized over the referrals
        free_pos = np.flatnonzero(~taken)
        lo = np.searchsorted(free_pos, first[pending])  # first free eligible customer
        n_free = free_pos.size - lo
        pending, lo, n_free = pending[n_free > 0], lo[n_free > 0], n_free[n_free > 0]
        if pending.size == 0:
            break
        cand = free_pos[lo + (rng.random(pending.size) * n_free).astype(np.int64)]
        # of the claims on one customer, the referral with the fewest options left wins
        by_need = np.argsort(n_free, kind="stable")
        claimed, where = np.unique(cand[by_need], return_index=True)
        pick[pending[by_need[where]]] = claimed
        taken[claimed] = True
        pending = pending[pick[pending] < 0]
    matched = np.flatnonzero(pick >= 0)
    referrer = slot_ref[matched]
    referred = order[pick[matched]]
    lo, hi = signup[referrer], signup[referred]
    day = lo + (rng.random(matched.size) * (hi - lo + 1)).astype(np.int64)
    day = np.minimum(day, hi)
    sort = np.lexsort((referred, referrer, day))
    referrals = _frame(
        {
            "referrer_id": (referrer[sort] + 1).astype(np.int64),
            "referred_id": (referred[sort] + 1).astype(np.int64),
            "date": s.to_dates(day[sort]),
        }
    )
    referrals.attrs = {"source": "make_crm_data"}
    matched_counts = np.bincount(referrer, minlength=n).astype(np.int64)
    out = customers.assign(referrals=matched_counts)
    out.attrs = dict(customers.attrs)
    return referrals, out, int(slot_ref.size - matched.size)


def make_truth(s: Settings, latent: Latent, outcomes: Outcomes) -> pd.DataFrame:
    """Latent ground truth per customer, indexed by ``customer_id`` (draws nothing)."""
    n = s.n
    truth = _frame(
        {
            "planted_group": _categorical(latent.group + 1, ["potential", *s.group_names]),
            "lambda": latent.lam,
            "p": latent.p_drop,
            "nu": latent.nu,
            "mean_spend": latent.mean_spend,
            "first_purchase_date": outcomes.first_purchase_date,
            "dropout_date": outcomes.dropout_date,
            "alive_at_calibration_end": outcomes.alive_cal,
            "alive_at_end": outcomes.alive_end,
            "purchases_calibration": outcomes.purchases_cal.astype(np.int64),
            "purchases_holdout": outcomes.purchases_hold.astype(np.int64),
            "expected_purchases_holdout": outcomes.expected_hold,
            "value_calibration": outcomes.value_cal,
            "value_holdout": outcomes.value_hold,
            "response_rate": latent.response_rate,
            "attitude": latent.attitude,
            "loyalty": latent.loyalty,
            "serve_cost": latent.serve_cost,
        },
        index=pd.Index(np.arange(1, n + 1, dtype=np.int64), name="customer_id"),
    )
    k, base = s.regularity, s.base_params
    truth.attrs = {
        "params": dict(base),
        "regularity": k,
        # the same population in (M)BG/CNBD-k terms (BTYDplus): Erlang-k gaps with stage rate
        # k * lambda ~ Gamma(r, alpha / k) per week
        "cnbd_params": {
            "k": k,
            "r": base["r"],
            "alpha": base["alpha"] / k,
            "a": base["a"],
            "b": base["b"],
        },
        "group_params": s.group_params,
        "group_shares": s.group_shares,
        "time_unit": "W",
        "planted_structure": bool(s.planted_structure),
        "calibration_end": s.calibration_end,
        "observation_end": s.end,
        "currency": s.currency,
    }
    return truth
