"""Tests of make_crm_data(regularity=k): Erlang-k (regular) buyers with a planted k."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from scipy import special

from clvmodels.datasets._synthetic_tables import erlang_expected_purchases
from clvmodels.datasets.synthetic import DEFAULT_PARAMS, make_crm_data
from clvmodels.exceptions import ParameterError

TABLES = ("transactions", "customers", "contacts", "surveys", "referrals", "truth")

#: Digests of every table, computed with the generator as it was before ``regularity`` existed
#: (pandas.util.hash_pandas_object of each table, index included, chained through sha256).
DIGESTS_BEFORE_REGULARITY = [
    (
        {"n_customers": 3000, "random_state": 11},
        "31ecdd405457449e3dc215a08b1403f86c93953902d9c6348e759e757e2fdc6b",
    ),
    (
        {
            "n_customers": 3000,
            "random_state": 5,
            "planted_structure": False,
            "signup_end": "2023-06-30",
        },
        "19435d2ec36d669832e2687a91c98268ee729dfaab1323c740d7b58934765944",
    ),
]

# long histories (signups in the first quarter of two years), one homogeneous population
LONG = {"planted_structure": False, "signup_end": "2023-03-31", "params": {"alpha": 5.0}}


def _digest(db) -> str:
    h = hashlib.sha256()
    for name in TABLES:
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(getattr(db, name), index=True).to_numpy().tobytes())
    return h.hexdigest()


def _gaps(tx: pd.DataFrame) -> pd.DataFrame:
    """Inter-purchase times in days (purchase days, so same-day purchases merge) per customer."""
    d = tx[["customer_id", "date"]].drop_duplicates().sort_values(["customer_id", "date"])
    days = d["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    cust = d["customer_id"].to_numpy()
    same = cust[1:] == cust[:-1]
    return pd.DataFrame({"customer_id": cust[1:][same], "gap": np.diff(days)[same]})


@pytest.fixture(scope="module")
def long_histories() -> dict[int, pd.DataFrame]:
    """Transactions of 20,000 customers with long histories, for k = 1 and k = 3."""
    return {k: make_crm_data(20000, random_state=1, regularity=k, **LONG) for k in (1, 3)}


# --- k = 1 is today's data set -------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "digest"), DIGESTS_BEFORE_REGULARITY)
def test_regularity_one_is_bit_for_bit_the_poisson_data_set(kwargs: dict, digest: str) -> None:
    assert _digest(make_crm_data(**kwargs)) == digest
    assert _digest(make_crm_data(**kwargs, regularity=1)) == digest


def test_attrs_and_description_record_the_planted_k() -> None:
    one = make_crm_data(300, random_state=0, planted_structure=False)
    assert one.truth.attrs["regularity"] == 1
    assert one.truth.attrs["params"] == DEFAULT_PARAMS
    assert "Erlang" not in one.description
    three = make_crm_data(300, random_state=0, planted_structure=False, regularity=3)
    attrs = three.truth.attrs
    assert attrs["regularity"] == 3
    assert attrs["params"] == DEFAULT_PARAMS  # lambda keeps its BG/NBD scale
    d = DEFAULT_PARAMS
    assert attrs["cnbd_params"] == pytest.approx(
        {"k": 3, "r": d["r"], "alpha": d["alpha"] / 3, "a": d["a"], "b": d["b"]}
    )
    assert "Erlang-3" in three.description and "Gamma(r, alpha/3)" in three.description
    # an integral float or numpy integer is accepted
    assert make_crm_data(20, random_state=0, regularity=2.0).truth.attrs["regularity"] == 2
    assert make_crm_data(20, random_state=0, regularity=np.int64(2)).truth.attrs["regularity"] == 2


@pytest.mark.parametrize("bad", [0, 2.5, "x", -1, True, None])
def test_bad_regularity_is_a_one_line_parameter_error(bad: object) -> None:
    with pytest.raises(ParameterError, match="regularity") as info:
        make_crm_data(10, regularity=bad)
    assert "\n" not in str(info.value)


# --- the purchase process ------------------------------------------------------------------------


def test_gaps_are_erlang_k_regular(long_histories: dict[int, pd.DataFrame]) -> None:
    cv = {}
    for k, db in long_histories.items():
        g = _gaps(db.transactions)
        g = g[g.groupby("customer_id")["gap"].transform("size") >= 4]  # >= 5 purchases
        rel = g["gap"] / g.groupby("customer_id")["gap"].transform("mean")
        cv[k] = rel.std()
    # Poisson purchasing gives ~1 (a little less: each customer's own mean is used, and the
    # histories are finite); Erlang-3 gives ~1/sqrt(3) = 0.577 on the same footing
    assert cv[1] == pytest.approx(1.0, abs=0.15)
    assert cv[3] == pytest.approx(1 / np.sqrt(3), abs=0.07)
    assert cv[3] / cv[1] == pytest.approx(1 / np.sqrt(3), abs=0.06)


def test_purchase_rate_per_alive_week_is_unchanged() -> None:
    ratio = {}
    for k in (1, 3):
        data = make_crm_data(
            20000, random_state=5, regularity=k, planted_structure=False, params={"a": 0.01},
            signup_end="2023-03-31",
        )  # fmt: skip
        tr = data.truth
        alive = tr["alive_at_end"]
        weeks = (data.observation_end - tr.loc[alive, "first_purchase_date"]).dt.days / 7.0
        rows = data.transactions.groupby("customer_id").size().reindex(tr.index, fill_value=0)
        # renewal process started at a purchase: E[N(T)] = lambda T - (1 - 1/k) / 2 (+ terms
        # that vanish exponentially); k = 1 has no offset
        n_rep = rows[alive] - 1 + (1 - 1 / k) / 2
        ratio[k] = n_rep.sum() / (tr.loc[alive, "lambda"] * weeks).sum()
    assert ratio[1] == pytest.approx(1.0, abs=0.03)
    assert ratio[3] == pytest.approx(1.0, abs=0.03)
    assert ratio[3] == pytest.approx(ratio[1], abs=0.03)


def _wheat_morrison_k(tx: pd.DataFrame) -> float:
    """Wheat & Morrison (1990): M = ITT1 / (ITT1 + ITT2) of the last two inter-purchase times;
    for Erlang-k gaps M ~ Beta(k, k), so k = (1 - 4 Var M) / (8 Var M)."""
    g = _gaps(tx)
    g = g[g["gap"] > 0]
    last2 = g.groupby("customer_id").tail(2)
    last2 = last2[last2.groupby("customer_id")["gap"].transform("size") == 2]
    pair = last2["gap"].to_numpy(dtype=float).reshape(-1, 2)
    var = (pair[:, 0] / pair.sum(axis=1)).var()
    return (1 - 4 * var) / (8 * var)


def test_wheat_morrison_estimator_finds_the_planted_k(
    long_histories: dict[int, pd.DataFrame],
) -> None:
    assert _wheat_morrison_k(long_histories[1].transactions) == pytest.approx(1.0, abs=0.35)
    assert _wheat_morrison_k(long_histories[3].transactions) == pytest.approx(3.0, abs=0.6)


def test_tables_stay_consistent_with_regular_buyers() -> None:
    data = make_crm_data(3000, random_state=2, regularity=4)
    tx, tr, cal = data.transactions, data.truth, data.calibration_end
    days = tx[["customer_id", "date"]].drop_duplicates()
    hold = days[days["date"] > cal].groupby("customer_id").size()
    np.testing.assert_array_equal(
        tr["purchases_holdout"], hold.reindex(tr.index, fill_value=0).to_numpy()
    )
    last = tx.groupby("customer_id")["date"].max().reindex(tr.index)
    dropped = tr["dropout_date"].notna()
    assert dropped.any()
    pd.testing.assert_series_equal(
        last[dropped], tr.loc[dropped, "dropout_date"], check_names=False
    )
    buyer = tr["first_purchase_date"].notna()
    np.testing.assert_array_equal(tr["alive_at_end"], buyer & ~dropped)
    dead = buyer & (tr["first_purchase_date"] <= cal) & ~tr["alive_at_calibration_end"]
    assert (tr.loc[dead, "purchases_holdout"] == 0).all()
    assert (tr.loc[dead, "expected_purchases_holdout"] == 0).all()
    started = tr["first_purchase_date"] <= cal
    np.testing.assert_array_equal(tr["expected_purchases_holdout"].notna(), started)
    for name in ("customers", "contacts", "surveys", "referrals"):
        assert len(getattr(data, name)) > 0
    assert (tx["amount"] > 0).all() and tx["category"].notna().all()
    # edge cases: no buyers, one customer, calibration at the start
    assert make_crm_data(20, random_state=0, regularity=3, potential_share=1.0).transactions.empty
    make_crm_data(1, random_state=0, regularity=3)
    make_crm_data(50, random_state=0, regularity=3, calibration_end="2023-01-01")


# --- the expected holdout purchases --------------------------------------------------------------


def _monte_carlo(lam: float, p: float, done: int, k: int, weeks: float, reps: int) -> float:
    """Purchases in ``weeks`` of an alive Erlang-k buyer with ``done`` stages behind them."""
    rng = np.random.default_rng(0)
    t = rng.gamma(k - done, 1.0 / (k * lam), reps)  # residual time to the next purchase
    alive = np.ones(reps, dtype=bool)
    total = 0
    while True:
        buys = alive & (t <= weeks)
        if not buys.any():
            return total / reps
        total += int(buys.sum())
        alive = buys & (rng.random(reps) >= p)  # dropout after each purchase
        t = t + rng.gamma(k, 1.0 / (k * lam), reps)


@pytest.mark.parametrize(
    ("lam", "p", "done", "k", "weeks"),
    [
        (0.3, 0.1, 0, 3, 26.0),
        (0.3, 0.1, 2, 3, 26.0),
        (0.05, 0.4, 1, 3, 26.0),
        (1.0, 0.02, 3, 5, 52.0),
        (0.2, 0.3, 0, 2, 8.0),
        (0.5, 0.05, 0, 1, 26.0),
    ],
)
def test_expected_purchases_agree_with_monte_carlo(lam, p, done, k, weeks) -> None:
    closed = float(erlang_expected_purchases(np.array([lam]), np.array([p]), np.array([done]), k,
                                             weeks)[0])  # fmt: skip
    assert closed == pytest.approx(_monte_carlo(lam, p, done, k, weeks, 200_000), rel=0.02)
    # the series sum_m (1-p)^(m-1) P(Poisson(k lam t) >= mk - j), summed far enough
    m = np.arange(1, 2000)
    series = np.sum((1 - p) ** (m - 1) * special.gammainc(m * k - done, k * lam * weeks))
    assert closed == pytest.approx(series, rel=1e-9)
    if k == 1:
        assert closed == pytest.approx(-np.expm1(-lam * p * weeks) / p, rel=1e-12)


def test_expected_purchases_closed_form_is_stable() -> None:
    rng = np.random.default_rng(3)
    n = 400
    lam = rng.gamma(2.0, 0.3, n)
    p = np.concatenate([[1e-9, 1e-6, 0.5, 1 - 1e-9], rng.uniform(0.001, 0.99, n - 4)])
    weeks = 60.0
    for k in (2, 3, 6):
        done = rng.integers(0, k, n)
        closed = erlang_expected_purchases(lam, p, done, k, weeks)
        m = np.arange(1, 3000)[:, None]
        series = ((1 - p) ** (m - 1) * special.gammainc(m * k - done, k * lam * weeks)).sum(0)
        np.testing.assert_allclose(closed, series, rtol=1e-7, atol=1e-10)
        # more stages done means the next purchase is closer
        more = erlang_expected_purchases(lam, p, np.minimum(done + 1, k - 1), k, weeks)
        assert (more >= closed - 1e-12).all()


def test_expected_holdout_truth_is_calibrated_for_regular_buyers() -> None:
    data = make_crm_data(20000, random_state=1, regularity=3, planted_structure=False)
    tr, tx = data.truth, data.transactions
    alive = tr["alive_at_calibration_end"]
    # rows, not purchase days: the expectation counts purchases (same-day ones too)
    actual = (
        tx[tx["date"] > data.calibration_end].groupby("customer_id").size()
        .reindex(tr.index, fill_value=0)[alive]
    )  # fmt: skip
    expected = tr.loc[alive, "expected_purchases_holdout"]
    assert actual.sum() / expected.sum() == pytest.approx(1.0, abs=0.03)
    bins = pd.qcut(expected, 5, labels=False)
    by_bin = actual.groupby(bins).sum() / expected.groupby(bins).sum()
    np.testing.assert_allclose(by_bin, 1.0, atol=0.07)
    # the Poisson formula ignores where each customer is in their purchase cycle: it
    # over-predicts those who bought just before the calibration end
    weeks = (data.observation_end - data.calibration_end).days / 7.0
    lam, p = tr.loc[alive, "lambda"], tr.loc[alive, "p"]
    poisson = -np.expm1(-lam * p * weeks) / p
    assert actual[bins == 0].sum() / poisson[bins == 0].sum() < 0.85
