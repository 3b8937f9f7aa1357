"""Tests of clvmodels.datasets.synthetic.make_crm_data: the synthetic CRM database and its truth."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels.datasets.synthetic import (
    CROSS_BUY_SHARE,
    DEFAULT_GROUP_SHARES,
    DEFAULT_PARAMS,
    GROUP_PARAMS,
    PLANTED_CATEGORY_PAIRS,
    SYNTHETIC_CATEGORIES,
    CRMData,
    make_crm_data,
)
from clvmodels.exceptions import ParameterError

TRANSACTION_COLUMNS = [
    "order_id", "customer_id", "date", "amount", "cost", "quantity", "category", "channel",
]  # fmt: skip
CUSTOMER_COLUMNS = [
    "customer_id", "signup_date", "segment_type", "region", "age_band", "gender", "income_band",
    "industry", "company_size", "channel", "acquisition_cost", "referrals", "complaints",
    "payment_delay_days", "credit_rating",
]  # fmt: skip
CAMPAIGN_COLUMNS = ["campaign_id", "customer_id", "date", "contact_channel", "responded", "cost"]
SURVEY_COLUMNS = ["customer_id", "date", "satisfaction", "score"]
TRUTH_COLUMNS = [
    "planted_group", "lambda", "p", "nu", "mean_spend", "first_purchase_date", "dropout_date",
    "alive_at_calibration_end", "alive_at_end", "purchases_calibration", "purchases_holdout",
    "expected_purchases_holdout",
    "value_calibration", "value_holdout", "response_rate", "attitude", "loyalty", "serve_cost",
]  # fmt: skip


@pytest.fixture(scope="module")
def data() -> CRMData:
    return make_crm_data(4000, random_state=7)


def _purchase_days(tx: pd.DataFrame) -> pd.DataFrame:
    return tx[["customer_id", "date"]].drop_duplicates()


def _btyd_summary(tx: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """BTYD summary in weeks, computed directly (independent oracle for the recovery tests)."""
    days = _purchase_days(tx[tx["date"] <= end])
    g = days.groupby("customer_id")["date"]
    first, last = g.min(), g.max()
    out = pd.DataFrame(
        {
            "frequency": g.count() - 1,
            "recency": (last - first).dt.days / 7.0,
            "T": (end - first).dt.days / 7.0,
        }
    )
    repeat = tx[tx["date"] <= end].merge(first.rename("first"), on="customer_id")
    repeat = repeat[repeat["date"] > repeat["first"]]
    per_day = repeat.groupby(["customer_id", "date"])["amount"].sum()
    out["monetary_value"] = per_day.groupby("customer_id").mean().reindex(out.index).fillna(0.0)
    return out


# --- structure, dtypes, identity ----------------------------------------------------------------


def test_columns_and_dtypes(data: CRMData) -> None:
    tx, cu, ca, su, tr = data.transactions, data.customers, data.campaigns, data.surveys, data.truth
    assert list(tx.columns) == TRANSACTION_COLUMNS
    assert list(cu.columns) == CUSTOMER_COLUMNS
    assert list(ca.columns) == CAMPAIGN_COLUMNS
    assert list(su.columns) == SURVEY_COLUMNS
    assert list(tr.columns) == TRUTH_COLUMNS
    for df in (tx, cu, ca, su):
        assert df["customer_id"].dtype == np.int64
    for df, col in ((tx, "date"), (cu, "signup_date"), (ca, "date"), (su, "date")):
        assert df[col].dtype == "datetime64[ns]"
        assert (df[col] == df[col].dt.normalize()).all()  # day resolution
    for col in ("amount", "cost", "quantity"):
        assert tx[col].dtype == np.float64
    assert tx["order_id"].dtype == np.int64 and tx["order_id"].is_unique
    assert ca["responded"].dtype == bool
    assert tr.index.name == "customer_id" and tr.index.dtype == np.int64
    assert tr["purchases_holdout"].dtype == np.int64
    assert tr["dropout_date"].dtype == "datetime64[ns]"
    assert tx.attrs["currency"] == "CNY" == data.currency
    assert data.name == "synthetic"
    assert data.observation_end == pd.Timestamp("2024-12-31")
    assert data.calibration_end == pd.Timestamp("2024-12-31") - pd.Timedelta(weeks=26)
    assert "4,000 customers" in repr(data) or "4,000 x 15" in repr(data)


def test_every_customer_exactly_once(data: CRMData) -> None:
    ids = np.arange(1, 4001)
    np.testing.assert_array_equal(data.customers["customer_id"].to_numpy(), ids)
    np.testing.assert_array_equal(data.truth.index.to_numpy(), ids)
    assert set(data.transactions["customer_id"]) <= set(ids)
    assert set(data.campaigns["customer_id"]) <= set(ids)
    assert data.surveys["customer_id"].is_unique


def test_determinism_and_seed_dependence() -> None:
    a = make_crm_data(800, random_state=3)
    b = make_crm_data(800, random_state=np.random.default_rng(3))
    c = make_crm_data(800, random_state=4)
    for name in ("transactions", "customers", "campaigns", "surveys", "referrals", "truth"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert not a.transactions["amount"].equals(c.transactions["amount"])
    assert not a.truth["lambda"].equals(c.truth["lambda"])


def test_does_not_touch_global_random_state() -> None:
    before = np.random.get_state()[1].copy()  # noqa: NPY002 (the legacy global state)
    make_crm_data(200, random_state=1)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


# --- transactions against the truth --------------------------------------------------------------


def test_transactions_in_window_sorted_and_only_for_buyers(data: CRMData) -> None:
    tx, tr, cu = data.transactions, data.truth, data.customers
    assert tx["date"].between(pd.Timestamp("2023-01-01"), pd.Timestamp("2024-12-31")).all()
    assert (tx["amount"] > 0).all() and (tx["quantity"] >= 1).all()
    keys = tx[["date", "customer_id"]].to_numpy(dtype=np.int64)
    assert (np.diff(keys[:, 0]) >= 0).all()
    same_day = np.diff(keys[:, 0]) == 0
    assert (np.diff(keys[:, 1])[same_day] >= 0).all()
    np.testing.assert_array_equal(tx["order_id"].to_numpy(), np.arange(1, len(tx) + 1))
    buyers = tr.index[tr["first_purchase_date"].notna()]
    assert set(tx["customer_id"]) == set(buyers)
    potential = tr["planted_group"] == "potential"
    assert 0.05 < potential.mean() < 0.15  # default potential_share 0.1
    assert set(tr.index[potential]).isdisjoint(tx["customer_id"])
    first = tx.groupby("customer_id")["date"].min()
    pd.testing.assert_series_equal(
        first, tr.loc[first.index, "first_purchase_date"], check_names=False
    )
    signup = cu.set_index("customer_id")["signup_date"]
    pd.testing.assert_series_equal(first, signup.loc[first.index], check_names=False)


def test_holdout_and_calibration_counts_match_transactions(data: CRMData) -> None:
    tx, tr, cal = data.transactions, data.truth, data.calibration_end
    days = _purchase_days(tx)
    hold = days[days["date"] > cal].groupby("customer_id").size()
    calib = days[days["date"] <= cal].groupby("customer_id").size()
    np.testing.assert_array_equal(
        tr["purchases_holdout"].to_numpy(), hold.reindex(tr.index, fill_value=0).to_numpy()
    )
    np.testing.assert_array_equal(
        tr["purchases_calibration"].to_numpy(), calib.reindex(tr.index, fill_value=0).to_numpy()
    )
    value_hold = tx[tx["date"] > cal].groupby("customer_id")["amount"].sum()
    np.testing.assert_allclose(tr["value_holdout"], value_hold.reindex(tr.index, fill_value=0.0))
    assert tr["purchases_holdout"].sum() > 0


def test_no_purchase_after_dropout_and_alive_flags(data: CRMData) -> None:
    tx, tr, cal = data.transactions, data.truth, data.calibration_end
    last = tx.groupby("customer_id")["date"].max().reindex(tr.index)
    dropped = tr["dropout_date"].notna()
    assert dropped.any() and (~dropped & tr["first_purchase_date"].notna()).any()
    # dropout happens right after the last purchase (BG/NBD): nothing after it
    assert (last[dropped] <= tr.loc[dropped, "dropout_date"]).all()
    pd.testing.assert_series_equal(
        last[dropped], tr.loc[dropped, "dropout_date"], check_names=False
    )
    buyer = tr["first_purchase_date"].notna()
    np.testing.assert_array_equal(tr["alive_at_end"], buyer & ~dropped)
    expect_cal = (tr["first_purchase_date"] <= cal) & (
        tr["dropout_date"].isna() | (tr["dropout_date"] > cal)
    )
    np.testing.assert_array_equal(tr["alive_at_calibration_end"], expect_cal)
    # dead at calibration end => no holdout purchases; lost customers really are gone
    dead = buyer & (tr["first_purchase_date"] <= cal) & ~tr["alive_at_calibration_end"]
    assert dead.sum() > 50
    assert (tr.loc[dead, "purchases_holdout"] == 0).all()


def test_truth_values_in_range(data: CRMData) -> None:
    tr = data.truth
    assert (tr["lambda"] > 0).all() and tr["p"].between(0, 1).all()
    shape = tr["planted_group"].map({g: v["p"] for g, v in GROUP_PARAMS.items()}).astype(float)
    buyers = tr["planted_group"] != "potential"
    np.testing.assert_allclose(tr.loc[buyers, "mean_spend"], shape[buyers] / tr.loc[buyers, "nu"])
    assert tr["response_rate"].between(0, 1).all()
    assert set(tr["planted_group"].cat.categories) == {"potential", *DEFAULT_GROUP_SHARES}
    params = tr.attrs["params"]
    assert set(params) == {"r", "alpha", "a", "b", "p", "q", "gamma"}
    assert tr.attrs["time_unit"] == "W"


def test_expected_holdout_purchases_is_an_unbiased_oracle(data: CRMData) -> None:
    tr = data.truth
    started = tr["first_purchase_date"] <= data.calibration_end
    np.testing.assert_array_equal(tr["expected_purchases_holdout"].notna(), started)
    assert (
        tr.loc[started & ~tr["alive_at_calibration_end"], "expected_purchases_holdout"] == 0
    ).all()
    s = tr[started]
    # counts are purchase days (same-day purchases merge), so the sum is a little lower
    ratio = s["purchases_holdout"].sum() / s["expected_purchases_holdout"].sum()
    assert 0.9 < ratio < 1.05
    corr = s[["purchases_holdout", "expected_purchases_holdout"]].corr().iloc[0, 1]
    assert corr > 0.7


# --- model parameter recovery -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        None,  # DEFAULT_PARAMS
        {"r": 0.6, "alpha": 3.0, "a": 0.8, "b": 2.5, "p": 3.0, "q": 6.0, "gamma": 150.0},
    ],
)
def test_bgnbd_and_gamma_gamma_recover_planted_parameters(params: dict | None) -> None:
    lifetimes = pytest.importorskip("lifetimes")
    data = make_crm_data(6000, random_state=11, planted_structure=False, params=params)
    true = data.truth.attrs["params"]
    assert true == {**DEFAULT_PARAMS, **(params or {})}
    summary = _btyd_summary(data.transactions, data.calibration_end)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bg = lifetimes.BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
        rep = summary[summary["frequency"] > 0]
        gg = lifetimes.GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    est = bg.params_
    assert est["r"] == pytest.approx(true["r"], rel=0.2)
    assert est["alpha"] == pytest.approx(true["alpha"], rel=0.2)
    # mean rate: merging same-day purchases (BTYD convention) loses up to ~5%
    assert est["r"] / est["alpha"] == pytest.approx(true["r"] / true["alpha"], rel=0.1)
    mean_p = true["a"] / (true["a"] + true["b"])
    assert est["a"] / (est["a"] + est["b"]) == pytest.approx(mean_p, rel=0.15)
    # a and b alone are weakly identified at this size (their ratio is what the data pins down)
    gg_est = gg.params_
    assert gg_est["p"] == pytest.approx(true["p"], rel=0.3)
    assert gg_est["q"] == pytest.approx(true["q"], rel=0.3)
    assert gg_est["v"] == pytest.approx(true["gamma"], rel=0.35)
    mean_spend = true["p"] * true["gamma"] / (true["q"] - 1)
    assert gg_est["p"] * gg_est["v"] / (gg_est["q"] - 1) == pytest.approx(mean_spend, rel=0.1)


def test_empirical_rate_matches_truth_per_customer() -> None:
    # expected repeat purchase days per week of life for customers alive all along ~ lambda
    data = make_crm_data(3000, random_state=5, planted_structure=False, params={"a": 0.01})
    tr = data.truth
    alive = tr["alive_at_end"] & (tr["first_purchase_date"] < pd.Timestamp("2023-07-01"))
    weeks = (data.observation_end - tr.loc[alive, "first_purchase_date"]).dt.days / 7.0
    n_rep = tr.loc[alive, "purchases_calibration"] + tr.loc[alive, "purchases_holdout"] - 1
    ratio = n_rep.sum() / (tr.loc[alive, "lambda"] * weeks).sum()
    assert ratio == pytest.approx(1.0, abs=0.08)  # same-day merges lose a few percent at most


# --- planted structure --------------------------------------------------------------------------


def test_planted_groups_have_their_shares_and_order(data: CRMData) -> None:
    tr = data.truth
    buyers = tr[tr["planted_group"] != "potential"]
    shares = buyers["planted_group"].value_counts(normalize=True)
    for group, share in DEFAULT_GROUP_SHARES.items():
        assert shares[group] == pytest.approx(share, abs=0.03)
    by = buyers.groupby("planted_group", observed=True)
    value = by["value_calibration"].mean() + by["value_holdout"].mean()
    assert value["vip_loyal"] > 3 * value["regular"] > 3 * value["occasional"]
    assert value["vip_at_risk"] > value["regular"]
    churned = by["alive_at_end"].mean()
    assert churned["vip_at_risk"] < churned["vip_loyal"] - 0.2
    assert by["p"].median()["vip_at_risk"] > 2 * by["p"].median()["vip_loyal"]
    assert by["mean_spend"].median()["frequent_low_value"] < by["mean_spend"].median()["regular"]


def test_attributes_carry_signal_only_with_planted_structure() -> None:
    def effects(planted: bool) -> tuple[float, float]:
        d = make_crm_data(6000, random_state=2, planted_structure=planted)
        tr = d.truth.join(d.customers.set_index("customer_id"))
        tr = tr[tr["planted_group"] != "potential"]
        biz = tr["segment_type"] == "business"
        rate_ratio = tr.loc[biz, "lambda"].mean() / tr.loc[~biz, "lambda"].mean()
        inc = tr.groupby("income_band", observed=True)["mean_spend"].mean()
        return rate_ratio, inc["high"] / inc["low"]

    planted_rate, planted_inc = effects(True)
    flat_rate, flat_inc = effects(False)
    assert planted_rate > 1.3 and planted_inc > 1.3
    assert flat_rate == pytest.approx(1.0, abs=0.12) and flat_inc == pytest.approx(1.0, abs=0.15)


def test_customer_attributes(data: CRMData) -> None:
    cu = data.customers
    biz = cu["segment_type"] == "business"
    assert 0.15 < biz.mean() < 0.25
    assert cu.loc[biz, "industry"].notna().all() and cu.loc[~biz, "industry"].isna().all()
    assert cu.loc[biz, "company_size"].notna().all()
    assert cu.loc[~biz, ["age_band", "gender", "income_band"]].notna().all().all()
    assert cu.loc[biz, ["age_band", "gender", "income_band"]].isna().all().all()
    assert cu["signup_date"].between(pd.Timestamp("2023-01-01"), pd.Timestamp("2024-12-31")).all()
    assert (cu["acquisition_cost"] > 0).all()
    assert (cu["referrals"] >= 0).all() and cu["referrals"].sum() > 0
    assert (cu["complaints"] >= 0).all() and cu["complaints"].sum() > 0
    no_orders = ~cu["customer_id"].isin(data.transactions["customer_id"])
    assert cu.loc[no_orders, "payment_delay_days"].isna().all()
    assert (cu.loc[~no_orders, "payment_delay_days"] >= 0).all()
    delay = cu.groupby("segment_type", observed=True)["payment_delay_days"].mean()
    assert delay["business"] > 3 * delay["consumer"]
    # better credit rating, shorter payment delay
    by_rating = cu.groupby("credit_rating", observed=True)["payment_delay_days"].median()
    assert by_rating.iloc[0] > by_rating.iloc[-1]


def test_profit_can_be_negative(data: CRMData) -> None:
    tx = data.transactions
    profit = (tx["amount"] - tx["cost"]).groupby(tx["customer_id"]).sum()
    assert (profit < 0).mean() > 0.02
    assert (profit > 0).mean() > 0.5
    assert profit.sum() > 0


def test_surveys_correlate_with_loyalty_but_not_perfectly(data: CRMData) -> None:
    su = data.surveys.join(data.truth, on="customer_id")
    assert su["satisfaction"].between(1, 5).all() and su["score"].between(0, 10).all()
    assert 0.1 < len(su) / (data.truth["planted_group"] != "potential").sum() < 0.3
    corr = su[["satisfaction", "loyalty"]].corr(method="spearman").iloc[0, 1]
    assert 0.3 < corr < 0.8
    # both off-diagonal cells of the loyalty matrix exist: spurious and latent loyalty
    high_att = su["satisfaction"] >= 4
    high_loy = su["loyalty"] > su["loyalty"].median()
    assert (high_att & ~high_loy).sum() > 20 and (~high_att & high_loy).sum() > 20
    cu = data.customers.set_index("customer_id")
    assert (su["date"] >= cu.loc[su["customer_id"], "signup_date"].to_numpy()).all()


def test_campaign_responses_follow_latent_propensity(data: CRMData) -> None:
    ca = data.campaigns.join(data.truth[["response_rate"]], on="customer_id")
    cu = data.customers.set_index("customer_id")
    assert (ca["date"] >= cu.loc[ca["customer_id"], "signup_date"].to_numpy()).all()
    assert ca.groupby("campaign_id")["customer_id"].apply(lambda s: s.is_unique).all()
    assert ca["campaign_id"].nunique() == 8
    rate = ca["responded"].mean()
    assert 0.03 < rate < 0.3
    top = ca["response_rate"] > ca["response_rate"].quantile(0.75)
    bottom = ca["response_rate"] < ca["response_rate"].quantile(0.25)
    assert ca.loc[top, "responded"].mean() > 3 * ca.loc[bottom, "responded"].mean()


# --- options and errors -------------------------------------------------------------------------


def test_options_change_the_data() -> None:
    d = make_crm_data(
        1500,
        random_state=1,
        start="2022-03-01",
        end="2022-12-31",
        calibration_end="2022-09-30",
        currency="USD",
        business_share=0.0,
        potential_share=0.0,
        survey_rate=1.0,
        n_campaigns=3,
        contact_rate=1.0,
    )
    assert d.calibration_end == pd.Timestamp("2022-09-30") and d.currency == "USD"
    assert d.transactions["date"].between("2022-03-01", "2022-12-31").all()
    assert (d.customers["segment_type"] == "consumer").all()
    assert d.transactions["customer_id"].nunique() == 1500
    assert d.surveys["customer_id"].nunique() == 1500
    assert d.campaigns["campaign_id"].nunique() == 3
    assert d.transactions.attrs["currency"] == "USD"


def test_edge_cases_small_and_no_buyers() -> None:
    d = make_crm_data(1, random_state=0, potential_share=1.0)
    assert len(d.transactions) == 0 and list(d.transactions.columns) == TRANSACTION_COLUMNS
    assert len(d.truth) == 1 and not d.truth["alive_at_end"].iloc[0]
    assert d.truth["planted_group"].iloc[0] == "potential"
    d = make_crm_data(3, random_state=0, n_campaigns=0, group_shares={"regular": 1.0})
    assert len(d.campaigns) == 0 and len(d.customers) == 3


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_customers": 0}, "n_customers"),
        ({"n_customers": 2.5}, "n_customers"),
        ({"start": "2024-01-01", "end": "2023-01-01"}, "end="),
        ({"calibration_end": "2030-01-01"}, "calibration_end"),
        ({"start": "not a date"}, "start"),
        ({"business_share": 1.5}, "business_share"),
        ({"params": {"r": -1.0}}, "r="),
        ({"params": {"rr": 1.0}}, "unknown"),
        ({"params": {"q": 0.5}}, "q="),
        ({"group_shares": {"vip_loyal": 0.5}}, "sum to 1"),
        ({"group_shares": {"whales": 1.0}}, "unknown group"),
        ({"n_campaigns": -1}, "n_campaigns"),
        ({"attitude_loyalty_corr": 2.0}, "attitude_loyalty_corr"),
    ],
)
def test_bad_parameters_raise(kwargs: dict, match: str) -> None:
    kwargs = {"n_customers": 10, **kwargs}
    with pytest.raises(ParameterError, match=match):
        make_crm_data(**kwargs)


def test_calibration_holdout_split_agrees_with_truth(data: CRMData) -> None:
    features = pytest.importorskip("clvmodels.features")
    from clvmodels.exceptions import DataWarning

    with pytest.warns(DataWarning, match="first purchase in the holdout"):
        split = features.calibration_holdout_split(
            data.transactions,
            calibration_end=data.calibration_end,
            observation_end=data.observation_end,
            time_unit="W",
        )
    tr = data.truth.loc[split.index]
    np.testing.assert_array_equal(split["frequency"], tr["purchases_calibration"] - 1)
    np.testing.assert_array_equal(split["frequency_holdout"], tr["purchases_holdout"])
    new = data.truth["first_purchase_date"] > data.calibration_end
    assert split.attrs["n_new_in_holdout"] == new.sum() > 0
    oracle = _btyd_summary(data.transactions, data.calibration_end)
    np.testing.assert_allclose(split[["recency", "T"]], oracle.loc[split.index, ["recency", "T"]])


def test_top_customers_by_value_are_the_planted_vips() -> None:
    d = make_crm_data(6000, random_state=21)
    value = d.transactions.groupby("customer_id")["amount"].sum()
    group = d.truth.loc[value.index, "planted_group"].astype(str)
    top = value >= value.quantile(0.9)
    vip = group.isin(["vip_loyal", "vip_at_risk"])
    assert vip[top].mean() > 0.7 > 3 * vip.mean()
    # the loyal VIPs are still alive at the end far more often than the at-risk VIPs
    alive = d.truth.loc[value.index, "alive_at_end"]
    assert alive[top & (group == "vip_loyal")].mean() > alive[top & (group == "vip_at_risk")].mean()


def test_planted_params_attrs_and_overrides() -> None:
    d = make_crm_data(50, random_state=0, params={"r": 7.0})
    assert d.truth.attrs["params"] == {**GROUP_PARAMS["regular"], "r": 7.0}
    assert d.truth.attrs["group_params"]["regular"]["r"] == 7.0
    assert d.truth.attrs["group_params"]["vip_loyal"] == GROUP_PARAMS["vip_loyal"]
    assert GROUP_PARAMS["regular"]["r"] != 7.0  # module defaults untouched
    h = make_crm_data(50, random_state=0, planted_structure=False)
    assert h.truth.attrs["params"] == DEFAULT_PARAMS
    assert set(h.truth["planted_group"].astype(str)) <= {"none", "potential"}


def test_signup_end_gives_long_histories() -> None:
    d = make_crm_data(500, random_state=0, signup_end="2023-03-31")
    assert d.customers["signup_date"].max() <= pd.Timestamp("2023-03-31")
    assert d.customers["signup_date"].min() >= pd.Timestamp("2023-01-01")
    with pytest.raises(ParameterError, match="signup_end"):
        make_crm_data(10, signup_end="2025-06-01")


# --- referrals, contact costs, planted category affinities ---------------------------------------


def test_referrals_table_matches_the_count_column(data: CRMData) -> None:
    ref, cu = data.referrals, data.customers.set_index("customer_id")
    assert list(ref.columns) == ["referrer_id", "referred_id", "date"]
    assert ref["referrer_id"].dtype == np.int64 and ref["referred_id"].dtype == np.int64
    assert ref["date"].dtype == "datetime64[ns]" and len(ref) > 100
    per_referrer = ref.groupby("referrer_id").size().reindex(cu.index, fill_value=0)
    np.testing.assert_array_equal(per_referrer.to_numpy(), cu["referrals"].to_numpy())
    assert data.truth.attrs["referrals_unmatched"] == 0
    # each referred customer is another customer, referred once, who signed up on or after the
    # referral date, which is on or after the referrer's signup
    assert ref["referred_id"].is_unique and (ref["referred_id"] != ref["referrer_id"]).all()
    assert set(ref["referrer_id"]) | set(ref["referred_id"]) <= set(cu.index)
    referred_signup = cu.loc[ref["referred_id"], "signup_date"].to_numpy()
    referrer_signup = cu.loc[ref["referrer_id"], "signup_date"].to_numpy()
    assert (referred_signup >= ref["date"].to_numpy()).all()
    assert (ref["date"].to_numpy() >= referrer_signup).all()
    assert ref["date"].is_monotonic_increasing
    # referrals still follow the latent influence (the indirect value is planted)
    tr = data.truth.join(cu["referrals"])
    assert tr["referrals"].corr(tr["attitude"], method="spearman") > 0.05


def test_referrals_drop_only_what_cannot_be_matched() -> None:
    # everyone signs up in the first three days and stays two years: the last customers to sign
    # up draw referrals but find no later customer left to refer
    d = make_crm_data(300, random_state=0, signup_end="2023-01-03")
    unmatched = d.truth.attrs["referrals_unmatched"]
    assert 0 < unmatched < 0.1 * len(d.referrals)
    per_referrer = d.referrals.groupby("referrer_id").size()
    counts = d.customers.set_index("customer_id")["referrals"]
    np.testing.assert_array_equal(per_referrer.reindex(counts.index, fill_value=0), counts)
    assert d.referrals["referred_id"].is_unique

    # a small case worked out by hand: signup days 0, 0, 1, 2, 3 and drawn counts 1, 0, 0, 3, 2.
    # Customer 4 can refer only customer 5 and customer 5 nobody; customer 1 any of 2..5.
    from types import SimpleNamespace

    from clvmodels.datasets._synthetic_tables import make_referrals
    from clvmodels.datasets.synthetic import _settings

    s = _settings(5, start="2024-01-01", end="2024-12-31", calibration_end=None, signup_end=None,
                  currency="CNY", planted_structure=True, params=None, group_shares=None,
                  business_share=0.2, potential_share=0.1, survey_rate=0.2, n_campaigns=0,
                  contact_rate=0.3, attitude_loyalty_corr=0.6)
    customers = pd.DataFrame({"customer_id": np.arange(1, 6), "referrals": [1, 0, 0, 3, 2]})
    attrs = SimpleNamespace(signup_day=np.array([0, 0, 1, 2, 3]))
    for seed in range(20):
        ref, out, n_unmatched = make_referrals(np.random.default_rng(seed), s, attrs, customers)
        assert out["referrals"].tolist() == [1, 0, 0, 1, 0] and n_unmatched == 4
        assert ref.loc[ref["referrer_id"] == 4, "referred_id"].tolist() == [5]
        assert ref.loc[ref["referrer_id"] == 1, "referred_id"].isin([2, 3, 4]).all()
    one = make_crm_data(1, random_state=0)
    assert len(one.referrals) == 0 and one.customers["referrals"].iloc[0] == 0


def test_contacts_have_a_cost_per_contact(data: CRMData) -> None:
    ca = data.contacts
    assert ca is data.campaigns and ca["cost"].dtype == np.float64
    assert (ca["cost"] > 0).all() and ca.attrs["currency"] == data.currency
    by_channel = ca.groupby("contact_channel", observed=True)["cost"].mean()
    assert by_channel["phone"] > 10 * by_channel["email"] > 0
    # one price per channel within a campaign
    assert (ca.groupby(["campaign_id", "contact_channel"], observed=True)["cost"]
            .nunique() == 1).all()


def test_planted_category_affinities(data: CRMData) -> None:
    tx = data.transactions
    assert list(tx["category"].cat.categories) == list(SYNTHETIC_CATEGORIES)
    assert data.truth.attrs["category_pairs"] == list(PLANTED_CATEGORY_PAIRS)
    assert data.truth.attrs["cross_buy_share"] == CROSS_BUY_SHARE
    for a, b in PLANTED_CATEGORY_PAIRS:
        assert f"{a} -> {b}" in data.description
    # customers whose first purchase is in A send many more of their later orders to B
    ordered = tx.sort_values(["customer_id", "date", "order_id"])
    first = ordered.groupby("customer_id")["category"].first().astype(str)
    later = ordered[ordered.duplicated("customer_id")]
    later_first = later["customer_id"].map(first)
    for a, b in PLANTED_CATEGORY_PAIRS:
        in_b = later["category"].astype(str) == b
        from_a = in_b[later_first == a].mean()
        from_others = in_b[(later_first != a) & (later_first != b)].mean()
        assert from_a > 0.15 and from_a > 3 * from_others
    # every category is still bought (no category disappears)
    shares = tx["category"].value_counts(normalize=True)
    assert (shares > 0.08).all()


def test_subsample_keeps_the_referrals_of_kept_referrers() -> None:
    from clvmodels.datasets import load_data

    full = load_data("synthetic", n_customers=2000, random_state=5)
    small = load_data("synthetic", n_customers=2000, random_state=5, max_customers=300)
    kept = set(small.customers["customer_id"])
    assert set(small.referrals["referrer_id"]) <= kept
    expected = full.referrals[full.referrals["referrer_id"].isin(kept)].reset_index(drop=True)
    pd.testing.assert_frame_equal(small.referrals, expected)
    counts = small.customers.set_index("customer_id")["referrals"]
    per = small.referrals.groupby("referrer_id").size().reindex(counts.index, fill_value=0)
    np.testing.assert_array_equal(per, counts)
    assert set(small.contacts["customer_id"]) <= kept and "cost" in small.contacts.columns
