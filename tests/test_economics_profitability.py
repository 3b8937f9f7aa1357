"""ROI, per-customer profitability with activity-based cost to serve, the worked-example text
and the economics tables (notebook 08), checked against numbers computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clvmodels.economics import (
    acquisition_cost_formula,
    annual_sales_formula,
    big_customer_note,
    big_unprofitable_customer,
    cash_flow_roi,
    delivered_value_formula,
    expected_lifetime_formula,
    format_economics,
    has_cost_to_serve,
    missing_cost_data,
    missing_cost_data_note,
    number_tex,
    profitability_by_customer,
    profitability_formula,
    profitability_note,
    profitability_summary,
    replacement_cost,
    retention_sensitivity,
    roi,
    roi_formula,
    rules_of_thumb_note,
)
from clvmodels.exceptions import ParameterError
from clvmodels.reports.language import english_phrases


def test_roi_by_hand():
    # a campaign costs 10,000 and brings 15,000 of margin: (15,000 - 10,000) / 10,000 = 50%
    assert roi(15_000, 10_000) == pytest.approx(0.5)
    assert roi(8_000, 10_000) == pytest.approx(-0.2)
    s = roi(pd.Series([200.0, 50.0], index=["a", "b"]), 100.0)
    assert list(s.index) == ["a", "b"] and s.tolist() == pytest.approx([1.0, -0.5])
    with pytest.raises(ParameterError, match="investment"):
        roi(100, 0)


def test_cash_flow_roi_by_hand():
    # pay 100, receive 60 at the end of years 1 and 2 at 10%: 60/1.1 + 60/1.21 = 104.1322
    assert cash_flow_roi([-100, 60, 60], rate=0.10) == pytest.approx(0.041322, abs=1e-6)
    assert cash_flow_roi([-100, 60, 60]) == pytest.approx(0.2)  # undiscounted: 120 / 100 - 1
    assert math.isnan(cash_flow_roi([0, 60]))


def test_replacement_cost_by_hand():
    r = replacement_cost(200, 300)  # 3 x 200 = 600 new customers at 300 each
    assert r["new_customers_needed"] == 600 and r["replacement_cost"] == 180_000
    assert replacement_cost(10, 50, new_per_lost=2)["replacement_cost"] == 1_000


def _database():
    tx = pd.DataFrame({
        "customer_id": [1, 1, 2, 3],
        "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15", "2025-03-01"]),
        "amount": [1000.0, 1000.0, 100.0, 500.0],
        "cost": [900.0, 900.0, 40.0, 100.0],
    })
    contacts = pd.DataFrame({"customer_id": [1, 2, 2], "date": pd.to_datetime(["2024-01-01"] * 3),
                             "campaign_id": [1, 1, 2], "responded": [True, False, False],
                             "cost": [6.0, 0.5, 0.5]})
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4], "complaints": [3, 0, 0, 1],
                              "payment_delay_days": [73.0, 0.0, 10.0, float("nan")]})
    return tx, contacts, customers


def test_profitability_by_customer_by_hand():
    tx, contacts, customers = _database()
    p = profitability_by_customer(tx, contacts=contacts, customers=customers, end="2024-12-31",
                                  cost_per_order=2.0, cost_per_complaint=30.0, cost_of_capital=0.10)
    # customer 1: 2,000 revenue - 1,800 goods - (2 x 2 orders + 6 contact + 3 x 30 complaints)
    #             - 2,000 x 0.10 x 73/365 = 200 - 100 - 40 = 60
    one = p.loc[1]
    assert one["cost_to_serve"] == pytest.approx(100.0)
    assert one["financing_cost"] == pytest.approx(40.0)
    assert one["profit"] == pytest.approx(60.0)
    assert one["profit_margin"] == pytest.approx(0.03)
    # customer 2: 100 - 40 - (2 + 1) = 57; customer 3 bought after `end`; 4 never bought
    assert p.loc[2, "profit"] == pytest.approx(57.0)
    assert p.loc[3, "revenue"] == 0 and p.loc[4, "revenue"] == 0
    assert p.loc[4, "complaint_cost"] == pytest.approx(30.0)  # a complaint costs without revenue
    assert list(p.index[:2]) == [1, 2]  # largest revenue first
    assert p.attrs["cost_basis"] == "cost"
    assert set(p.attrs["sources"]) == {("transactions", "cost"), ("contacts", "cost"),
                                       ("customers", "complaints"),
                                       ("customers", "payment_delay_days")}


def test_profitability_without_cost_column_uses_the_margin_rate():
    tx, _, customers = _database()
    p = profitability_by_customer(tx.drop(columns="cost"), customers=customers, margin_rate=0.3,
                                  cost_of_capital=0.0)
    assert p.attrs["cost_basis"] == "margin_rate"
    assert p.loc[2, "profit"] == pytest.approx(30.0)  # 100 x 0.3, no complaint, no delay cost


def test_profitability_summary_and_the_big_unprofitable_customer():
    table = pd.DataFrame({
        "revenue": [1000.0, 800.0, 100.0, 50.0, 0.0],
        "cost_to_serve": [10.0, 300.0, 0.0, 20.0, 5.0],
        "financing_cost": [0.0, 20.0, 0.0, 0.0, 0.0],
        "profit": [300.0, -40.0, 30.0, -10.0, -5.0],
    }, index=pd.Index([11, 12, 13, 14, 15], name="customer_id"))
    s = profitability_summary(table)
    assert s["n_customers"] == 4 and s["n_unprofitable"] == 2  # no revenue: left out
    assert s["share_unprofitable"] == pytest.approx(0.5)
    assert s["revenue_share_unprofitable"] == pytest.approx(850 / 1950)
    assert s["total_profit"] == pytest.approx(280.0)
    assert s["value_destroyed"] == pytest.approx(50.0)
    assert s["peak_share"] == pytest.approx(330 / 280)
    assert s["cost_to_serve_share"] == pytest.approx(350 / 1950)
    big = big_unprofitable_customer(table)
    assert big["customer_id"] == 12 and big["revenue_rank"] == 2
    assert big["revenue_top_share"] == pytest.approx(0.5)
    assert big_unprofitable_customer(table[table["profit"] > 0]) is None


def test_missing_cost_data_names_what_a_transaction_log_lacks():
    tx, contacts, customers = _database()
    log = tx.drop(columns="cost")
    assert missing_cost_data(log) == [("transactions", "cost"), ("contacts", "cost"),
                                      ("customers", "payment_delay_days"),
                                      ("customers", "complaints")]
    assert not has_cost_to_serve(log)
    assert has_cost_to_serve(log, contacts=contacts)
    assert missing_cost_data(tx, contacts=contacts, customers=customers) == []
    en = missing_cost_data_note(missing_cost_data(log), source="cdnow")
    assert "to the data to enable" in en and "'payment_delay_days'" in en
    zh = missing_cost_data_note(missing_cost_data(log), source="cdnow", lang="zh")
    assert "即可启用" in zh


def test_number_tex():
    assert number_tex(1000) == "1{,}000"
    assert number_tex(0.80) == "0.8"
    assert number_tex(50.0) == "50"
    assert number_tex(12.345) == "12.35"
    assert number_tex(float("inf")) == r"\infty"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_worked_examples_are_computed_from_the_numbers(lang):
    text = annual_sales_formula(1000, 0.8, 2, 50, currency="CNY", lang=lang)
    assert r"1{,}000 \times 0.8 \times 2 \times 12 \times 50 = 960{,}000$" in text
    text = delivered_value_formula({"product": 80, "service": 20, "personnel": 10, "image": 5},
                                   {"money": 70, "time": 15, "energy": 5, "psychic": 5},
                                   currency="CNY", lang=lang)
    assert "= (80 + 20 + 10 + 5) - (70 + 15 + 5 + 5) = 115 - 95 = 20$" in text
    assert ("product value 80" if lang == "en" else "产品价值 80") in text
    text = delivered_value_formula(100, 70, lang=lang)  # plain totals: no component sums
    assert "V_c = F_c - C_c = 100 - 70 = 30$" in text
    text = profitability_formula(1_000_000, cost_of_goods=700_000, cost_to_serve=200_000,
                                 payment_delay_days=180, cost_of_capital=0.10, lang=lang)
    assert "= 50{,}684.93$" in text and "5.1%" in text
    assert roi_formula(15_000, 10_000, lang=lang).endswith(r"= 50\%$")
    assert "= 5$" in expected_lifetime_formula(0.8, lang=lang)
    assert acquisition_cost_formula(50, ratio=6, currency="CNY") == r"$A = 6 \times 50 = 300$ CNY"
    note = rules_of_thumb_note(retention_cost=50, satisfied=100, dissatisfied=10, customers=1000,
                               retention_rate=0.8, acquisition_cost=300, currency="CNY", lang=lang)
    for expected in (r"$A = 6 \times 50 = 300$", r"$A = 10 \times 50 = 500$",
                     r"100 \times 8 = 800$", r"800 \times 0.125 = 100$", r"10 \times 25 = 250$",
                     r"3 \times 200 = 600$", r"600 \times 300 = 180{,}000$"):
        assert expected in note
    assert len(note.splitlines()) == 4
    if lang == "zh":  # no English left outside the formulas
        assert english_phrases(note) == []


def test_format_economics_labels_and_units():
    s = retention_sensitivity(100, 0.80, 0.10, acquisition_cost=200)
    en = format_economics(s, "en", currency="CNY", title="x")
    assert en.loc["CLV before", "x"] == "366.67 CNY"
    assert en.loc["Retention rate after", "x"] == "85.0%"
    assert en.loc["Change of CLV", "x"] == "20.0%"
    assert en.loc["Expected lifetime before", "x"] == "5.00 years"
    zh = format_economics(s, "zh", currency="CNY")
    assert english_phrases(" ".join(zh.index)) == []
    frame = pd.DataFrame({"revenue": [1234.5], "orders": [3.0], "profit_margin": [0.05]},
                         index=pd.Index([7], name="customer_id"))
    out = format_economics(frame, "zh", currency="USD")
    assert out.iloc[0].tolist() == ["1,234.50 USD", "3", "5.0%"]
    assert list(out.columns) == ["收入", "订单数", "利润率（占收入）"]
    assert out.index.name == "客户编号"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_profitability_note_in_both_languages(lang):
    tx, contacts, customers = _database()
    p = profitability_by_customer(tx, contacts=contacts, customers=customers,
                                  cost_per_complaint=30.0)
    note = profitability_note(p, profitability_summary(p), currency="CNY", cost_per_complaint=30.0,
                              period="2024", lang=lang)
    assert len(note.splitlines()) == 3
    losing = big_customer_note(big_unprofitable_customer(p), n_customers=3, lang=lang)
    if lang == "zh":
        assert english_phrases(note + losing) == []
