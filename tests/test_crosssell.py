"""Tests of clvmodels.crosssell: categories per customer, category affinity, next category."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from clvmodels.crosssell import (
    SUGGESTION_STATUS,
    categories_per_customer,
    category_affinity,
    category_matrix,
    crosssell_conclusion,
    crosssell_skipped,
    format_affinity,
    format_suggestions,
    has_categories,
    next_category,
)
from clvmodels.datasets import make_crm_data
from clvmodels.datasets.synthetic import PLANTED_CATEGORY_PAIRS, SYNTHETIC_CATEGORIES
from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.labels import label


def _hand_log() -> pd.DataFrame:
    """Six customers, three categories; the expected numbers below are worked out by hand.

    c1: A (day 1, 10), B (day 5, 30)            -> B after A
    c2: A, B (day 1, 10 each), C (day 3, 20)    -> A and B the same day
    c3: B (day 2, 12), A (day 4, 4)             -> A after B
    c4: C (day 1, 8), uncategorized (day 2, 2)
    c5: A (day 1, 0.0)                          -> zero spend
    c6: uncategorized only (day 1, 5)
    """
    rows = [
        (1, 1, "A", 10.0), (1, 5, "B", 30.0),
        (2, 1, "A", 10.0), (2, 1, "B", 10.0), (2, 3, "C", 20.0),
        (3, 2, "B", 12.0), (3, 4, "A", 4.0),
        (4, 1, "C", 8.0), (4, 2, None, 2.0),
        (5, 1, "A", 0.0),
        (6, 1, None, 5.0),
    ]  # fmt: skip
    tx = pd.DataFrame(rows, columns=["customer_id", "day", "category", "amount"])
    tx["date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(tx.pop("day") - 1, unit="D")
    tx.attrs = {"source": "hand.csv", "currency": "EUR"}
    return tx[["customer_id", "date", "amount", "category"]]


@pytest.fixture(scope="module")
def synthetic():
    return make_crm_data(6000, random_state=11)


# --- hand-computed values ------------------------------------------------------------------------


def test_affinity_matches_hand_computed_values() -> None:
    rules = category_affinity(_hand_log())
    assert rules.attrs["n_customers"] == 5  # c6 has no categorized line: not a basket
    got = {(str(a), str(b)): row for a, b, row in zip(
        rules["antecedent"], rules["consequent"], rules.to_dict("records"), strict=True)}
    # n_A = 4 (c1, c2, c3, c5), n_B = 3 (c1, c2, c3), n_C = 2 (c2, c4); N = 5
    expected = {  # (n_both, support, confidence, lift, confidence_later)
        ("A", "B"): (3, 0.6, 3 / 4, (3 / 4) / (3 / 5), 1 / 4),  # later: c1 only
        ("B", "A"): (3, 0.6, 1.0, 1.0 / (4 / 5), 1 / 3),  # later: c3 only
        ("A", "C"): (1, 0.2, 1 / 4, (1 / 4) / (2 / 5), 1 / 4),
        ("C", "A"): (1, 0.2, 1 / 2, (1 / 2) / (4 / 5), 0.0),
        ("B", "C"): (1, 0.2, 1 / 3, (1 / 3) / (2 / 5), 1 / 3),
        ("C", "B"): (1, 0.2, 1 / 2, (1 / 2) / (3 / 5), 0.0),
    }
    assert set(got) == set(expected)
    for pair, (n_both, support, confidence, lift, later) in expected.items():
        row = got[pair]
        assert row["n_both"] == n_both
        assert row["support"] == pytest.approx(support)
        assert row["confidence"] == pytest.approx(confidence)
        assert row["lift"] == pytest.approx(lift)
        assert row["confidence_later"] == pytest.approx(later)
    assert got[("A", "B")]["n_antecedent"] == 4 and got[("A", "B")]["n_consequent"] == 3
    # sorted by lift, then confidence: B -> A (1.25, 1.0) first, A -> C last
    order = [(str(a), str(b)) for a, b in zip(rules["antecedent"], rules["consequent"],
                                                strict=True)]
    assert order == [("B", "A"), ("A", "B"), ("C", "B"), ("B", "C"), ("C", "A"), ("A", "C")]


def test_affinity_thresholds_and_bad_arguments() -> None:
    tx = _hand_log()
    strong = category_affinity(tx, min_support=0.3)
    assert {(str(a), str(b)) for a, b in zip(strong["antecedent"], strong["consequent"],
                                             strict=True)} == {("A", "B"), ("B", "A")}
    confident = category_affinity(tx, min_confidence=0.6)
    assert sorted(confident["confidence"].round(2)) == [0.75, 1.0]
    assert len(category_affinity(tx, min_support=1.0)) == 0
    for bad in (1.5, -0.1, "x"):
        with pytest.raises(ParameterError, match="min_support"):
            category_affinity(tx, min_support=bad)


def test_categories_per_customer_hand_values() -> None:
    per = categories_per_customer(_hand_log())
    assert list(per.index) == [1, 2, 3, 4, 5, 6] and per.index.name == "customer_id"
    assert per["n_categories"].tolist() == [2, 3, 2, 1, 1, 0]
    assert per["categories"].astype(str).tolist() == ["A, B", "A, B, C", "A, B", "C", "A", ""]
    assert per["top_category"].astype(object).tolist()[:5] == ["B", "C", "B", "C", "A"]
    assert pd.isna(per.loc[6, "top_category"])
    np.testing.assert_allclose(per["spend"], [40.0, 40.0, 16.0, 10.0, 0.0, 5.0])
    np.testing.assert_allclose(per.loc[1, ["share_A", "share_B", "share_C"]], [0.25, 0.75, 0.0])
    np.testing.assert_allclose(per.loc[2, ["share_A", "share_B", "share_C"]], [0.25, 0.25, 0.5])
    assert per.loc[4, "share_C"] == pytest.approx(0.8)  # 2 of 10 have no category
    assert per.loc[4, "top_category_share"] == pytest.approx(0.8)
    assert per.loc[5, ["share_A", "top_category_share"]].isna().all()  # no spend: no shares
    assert per.loc[6, ["share_A", "share_B", "share_C"]].tolist() == [0.0, 0.0, 0.0]
    assert per.attrs["currency"] == "EUR" and per.attrs["n_uncategorized_lines"] == 2
    chosen = categories_per_customer(_hand_log(), [6, 42, 1])
    assert list(chosen.index) == [6, 42, 1] and chosen.index.name == "customer_id"
    assert chosen.loc[42, "n_categories"] == 0 and chosen.loc[42, "spend"] == 0.0
    assert chosen.loc[42, "categories"] == "" and pd.isna(chosen.loc[42, "top_category"])
    assert chosen.loc[42, ["share_A", "top_category_share"]].isna().all()
    pd.testing.assert_series_equal(chosen.loc[1], per.loc[1])
    with pytest.raises(DataValidationError, match="customers is a str"):
        categories_per_customer(_hand_log(), "1")
    narrow = categories_per_customer(_hand_log(), shares=False, sep="|")
    assert not any(c.startswith("share_") for c in narrow.columns)
    assert narrow.loc[2, "categories"] == "A|B|C"


def test_categorical_and_string_categories_agree() -> None:
    tx = _hand_log()
    cat = tx.assign(category=pd.Categorical(tx["category"], categories=["Z", "A", "B", "C"]))
    m = category_matrix(cat)
    assert list(m.categories) == ["A", "B", "C"]  # unused categories are left out
    pd.testing.assert_frame_equal(categories_per_customer(cat), categories_per_customer(tx),
                                  check_categorical=False)
    a, b = category_affinity(cat), category_affinity(tx)
    pd.testing.assert_frame_equal(a, b, check_categorical=False)


def test_next_category_hand_values() -> None:
    tx = _hand_log()
    s = next_category(tx)
    assert list(s.index) == [1, 2, 3, 4, 5, 6]
    assert s["status"].astype(str).tolist() == [
        "no_rule", "all_bought", "no_rule", "no_rule", "suggested", "no_purchases"]
    assert s.loc[5, "next_category"] == "B" and s.loc[5, "rule"] == "A -> B"
    assert s.loc[5, "antecedent"] == "A"
    assert s.loc[5, "confidence"] == pytest.approx(0.75) and s.loc[5, "lift"] == pytest.approx(1.25)
    assert s.loc[5, "support"] == pytest.approx(0.6)
    assert s["n_categories"].tolist() == [2, 3, 2, 1, 1, 0]
    assert s.attrs["n_rules"] == 2 and s.attrs["value"] == "spend"
    # every rule (min_lift 0): c4 (C) ties on confidence 0.5 -> the higher lift, C -> B (0.83)
    every = next_category(tx, min_lift=0.0)
    assert every.loc[4, "rule"] == "C -> B"
    assert every.loc[1, "rule"] == "B -> C"  # A -> C (0.25) loses to B -> C (1/3)
    assert every.loc[1, "confidence"] == pytest.approx(1 / 3)
    assert set(every["status"].astype(str)) <= set(SUGGESTION_STATUS)


def test_next_category_customers_top_and_value() -> None:
    tx = _hand_log()
    s = next_category(tx, [5, 99, 1])
    assert list(s.index) == [5, 99, 1]
    assert s.loc[99, "status"] == "no_purchases" and s.loc[99, "n_categories"] == 0
    assert s.loc[99, "value"] == 0.0
    top = next_category(tx, top=2)
    assert list(top.index) == [1, 2]  # spend 40 and 40 (ties in customer order)
    clv = pd.Series({1: 1.0, 2: 5.0, 3: 2.0, 4: np.nan, 5: 9.0, 6: 0.5}, name="clv")
    clv.attrs["currency"] = "EUR"
    ranked = next_category(tx, top=3, value=clv)
    assert list(ranked.index) == [5, 2, 3] and ranked.attrs["value"] == "clv"
    assert ranked.attrs["value_currency"] == "EUR"
    frame = pd.DataFrame({"customer_id": [3, 4, 5], "clv": [1.0, 3.0, 2.0]})
    by_col = next_category(tx, frame, top=2, value="clv")
    assert list(by_col.index) == [4, 5]
    with pytest.raises(DataValidationError, match="more than once"):
        next_category(tx, [1, 1])
    with pytest.raises(DataValidationError, match="not a column"):
        next_category(tx, frame, value="margin")
    with pytest.raises(ParameterError, match="top"):
        next_category(tx, top=0)


# --- no category column -------------------------------------------------------------------------


@pytest.mark.parametrize("func", [categories_per_customer, category_affinity, next_category])
def test_no_category_column_is_a_one_line_error(func) -> None:
    tx = _hand_log().drop(columns="category")
    with pytest.raises(DataValidationError) as info:
        func(tx)
    message = str(info.value)
    assert "\n" not in message and "hand.csv" in message
    assert "add a 'category' column to transactions to enable cross-selling" in message
    empty = _hand_log().assign(category=None)
    with pytest.raises(DataValidationError, match="empty in all 11 rows"):
        func(empty)


def test_has_categories_and_skipped_note() -> None:
    assert has_categories(_hand_log())
    assert not has_categories(_hand_log().drop(columns="category"))
    assert not has_categories(_hand_log().assign(category=np.nan))
    assert not has_categories(None)
    for lang in ("en", "zh"):
        note = crosssell_skipped(lang=lang)
        assert note == label("crosssell_skipped", lang) and "\n" not in note and "category" in note


# --- planted affinities of the synthetic database -------------------------------------------------


def test_planted_affinities_are_recovered(synthetic) -> None:
    assert synthetic.truth.attrs["category_pairs"] == list(PLANTED_CATEGORY_PAIRS)
    rules = category_affinity(synthetic.transactions)
    planted = {frozenset(p) for p in PLANTED_CATEGORY_PAIRS}
    top = rules.head(2 * len(PLANTED_CATEGORY_PAIRS))  # both directions of each planted pair
    assert {frozenset((str(a), str(b))) for a, b in zip(top["antecedent"], top["consequent"],
                                                        strict=True)} == planted
    others = rules.iloc[len(top):]
    assert top["lift"].min() > 1.25 > others["lift"].max()
    table = rules.assign(antecedent=rules["antecedent"].astype(str),
                         consequent=rules["consequent"].astype(str)).set_index(
        ["antecedent", "consequent"])
    for a, b in PLANTED_CATEGORY_PAIRS:
        # given A, the planted partner is the most likely other category ...
        assert table.loc[a]["confidence"].idxmax() == b
        # ... and it is bought after A: the direction of the pair is recovered
        assert table.loc[(a, b), "confidence_later"] > 1.8 * table.loc[(b, a), "confidence_later"]


def test_planted_partner_is_suggested(synthetic) -> None:
    tx = synthetic.transactions
    per = categories_per_customer(tx)
    s = next_category(tx)
    for a, b in PLANTED_CATEGORY_PAIRS:
        only_a = per.index[(per["n_categories"] == 1) & (per["top_category"] == a)]
        assert len(only_a) > 20
        assert (s.loc[only_a, "next_category"] == b).all()
        assert (s.loc[only_a, "rule"] == f"{a} -> {b}").all()


# --- every customer exactly once, against brute-force oracles ------------------------------------


def test_every_customer_exactly_once(synthetic) -> None:
    tx = synthetic.transactions
    ids = np.sort(tx["customer_id"].unique())
    per = categories_per_customer(tx)
    np.testing.assert_array_equal(per.index.to_numpy(), ids)
    shares = per[[f"share_{c}" for c in SYNTHETIC_CATEGORIES]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)  # every synthetic line has a category
    np.testing.assert_allclose(per["spend"], tx.groupby("customer_id")["amount"].sum())
    all_ids = synthetic.customers["customer_id"]
    every = categories_per_customer(tx, synthetic.customers)
    np.testing.assert_array_equal(every.index.to_numpy(), all_ids.to_numpy())
    pd.testing.assert_frame_equal(every.loc[per.index], per, check_categorical=False)
    assert (every.drop(index=per.index)["n_categories"] == 0).all()
    s = next_category(tx, synthetic.customers)
    np.testing.assert_array_equal(s.index.to_numpy(), all_ids.to_numpy())
    no_tx = ~all_ids.isin(tx["customer_id"]).to_numpy()
    assert no_tx.sum() > 0 and (s["status"].to_numpy()[no_tx] == "no_purchases").all()
    top = next_category(tx, synthetic.customers, top=100)
    assert len(top) == 100 and top.index.is_unique
    assert top["value"].is_monotonic_decreasing
    assert top["value"].iloc[-1] >= per["spend"].nlargest(100).iloc[-1] - 1e-9


def test_pair_counts_match_a_dense_oracle(synthetic) -> None:
    tx = synthetic.transactions
    rules = category_affinity(tx, min_support=0.0)
    bought = pd.crosstab(tx["customer_id"], tx["category"].astype(str)) > 0
    n = len(bought)
    first = tx.assign(category=tx["category"].astype(str)).groupby(
        ["customer_id", "category"])["date"].min().unstack()
    for a, b in itertools.permutations(SYNTHETIC_CATEGORIES, 2):
        row = rules[(rules["antecedent"] == a) & (rules["consequent"] == b)].iloc[0]
        both = int((bought[a] & bought[b]).sum())
        assert row["n_both"] == both
        assert row["lift"] == pytest.approx(both * n / (bought[a].sum() * bought[b].sum()))
        assert row["n_later"] == int((first[b] > first[a]).sum())


def test_next_category_matches_a_brute_force_oracle() -> None:
    data = make_crm_data(400, random_state=4)
    tx = data.transactions
    rules = category_affinity(tx, min_support=0.0)
    s = next_category(tx, rules=rules, min_lift=0.0)
    ranked = rules.sort_values(["confidence", "lift"], ascending=False, kind="stable")
    have = tx.groupby("customer_id")["category"].apply(lambda c: set(c.astype(str)))
    for cid, cats in have.items():
        best = None
        for a, b, conf, lift in zip(ranked["antecedent"], ranked["consequent"],
                                    ranked["confidence"], ranked["lift"], strict=True):
            if str(a) in cats and str(b) not in cats and lift > 0:
                best = (str(b), conf, lift)
                break
        if best is None:
            assert pd.isna(s.loc[cid, "next_category"])
        else:
            assert s.loc[cid, "confidence"] == pytest.approx(best[1])
            assert s.loc[cid, "lift"] == pytest.approx(best[2])


def test_chunked_counts_equal_one_pass(monkeypatch, synthetic) -> None:
    from clvmodels.crosssell import affinity, suggest

    tx = synthetic.transactions
    rules, per = category_affinity(tx, min_support=0.0), next_category(tx, min_lift=0.0)
    monkeypatch.setattr(affinity, "_PAIRS_PER_CHUNK", 50)
    monkeypatch.setattr(suggest, "_CANDIDATES_PER_CHUNK", 7)
    pd.testing.assert_frame_equal(category_affinity(tx, min_support=0.0), rules)
    pd.testing.assert_frame_equal(next_category(tx, min_lift=0.0), per)


def test_speed_sanity_on_many_customers() -> None:
    # 60,000 customers and ~400,000 lines: vectorized, so this takes well under a few seconds
    data = make_crm_data(60_000, random_state=1)
    tx = data.transactions
    m = category_matrix(tx)
    per = categories_per_customer(tx, matrix=m)
    rules = category_affinity(tx, matrix=m)
    s = next_category(tx, data.customers, matrix=m, rules=rules)
    assert len(per) == tx["customer_id"].nunique() and len(s) == 60_000
    assert per["categories"].cat.categories.size <= 2 ** len(SYNTHETIC_CATEGORIES)


# --- narrative -----------------------------------------------------------------------------------


def test_conclusion_and_display_tables(synthetic) -> None:
    tx = synthetic.transactions
    per, rules = categories_per_customer(tx), category_affinity(tx)
    s = next_category(tx, top=200)
    for lang in ("en", "zh"):
        text = crosssell_conclusion(per, rules, s, lang=lang)
        assert f"{(per['n_categories'] > 0).sum():,}" in text
        best = rules.iloc[0]
        assert f"{best['lift']:.2f}" in text and str(best["antecedent"]) in text
        assert "CNY" in text
        table = format_affinity(rules, lang=lang, top=3)
        assert len(table) == 3 and label("crosssell_col_lift", lang) in table.columns
        shown = format_suggestions(s, lang=lang)
        assert list(shown.index) == list(s.index)
        assert any("CNY" in c for c in shown.columns)
    none = crosssell_conclusion(per, rules.iloc[:0], lang="en")
    assert "No category pair" in none


def test_lift_heat_map_draws() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from clvmodels.plotting import plot_category_lift

    rules = category_affinity(_hand_log())
    ax = plot_category_lift(rules, lang="zh")
    assert ax.get_title() == label("crosssell_title_lift", "zh")
    assert len(ax.texts) == len(rules)
    import matplotlib.pyplot as plt

    plt.close("all")
