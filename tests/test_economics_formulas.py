"""Customer economics formulas against hand-computed values (source 001 and textbook finance)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from clvmodels.economics import (
    acquisition_cost_from_retention_cost,
    annual_sales,
    customer_delivered_value,
    customer_profitability,
    expected_lifetime,
    irr,
    margin_clv,
    npv,
    payback_period,
    retention_sensitivity,
    word_of_mouth,
)
from clvmodels.exceptions import ParameterError


def test_annual_sales_by_hand():
    # 1000 customers x 0.8 x 2 per month x 12 x 50 = 960,000
    assert annual_sales(1000, 0.8, 2, 50.0) == pytest.approx(960_000.0)
    assert annual_sales(0, 0.8, 2, 50.0) == 0.0


def test_annual_sales_vectorised_keeps_series_index():
    n = pd.Series([100.0, 200.0], index=pd.Index([7, 3], name="customer_id"))
    out = annual_sales(n, 0.5, 1.0, 10.0)
    assert list(out.index) == [7, 3]
    np.testing.assert_allclose(out.to_numpy(), [6000.0, 12000.0])


def test_expected_lifetime_matches_source_001():
    # Source 001: retention 90% -> 10 years; 95% -> 20 years ("doubles the lifetime").
    assert expected_lifetime(0.90) == pytest.approx(10.0)
    assert expected_lifetime(0.95) == pytest.approx(20.0)
    assert expected_lifetime(0.0) == pytest.approx(1.0)
    np.testing.assert_allclose(expected_lifetime([0.5, 0.75]), [2.0, 4.0])


def test_margin_clv_closed_forms_by_hand():
    # first margin now: m(1+d)/(1+d-r) = 100*1.1/0.2 = 550
    assert margin_clv(100.0, 0.9, 0.1) == pytest.approx(550.0)
    # first margin after one period: m r/(1+d-r) = 90/0.2 = 450
    assert margin_clv(100.0, 0.9, 0.1, first_margin_at=1) == pytest.approx(450.0)
    # no discounting, no retention beyond the first period
    assert margin_clv(100.0, 0.0, 0.0) == pytest.approx(100.0)
    assert margin_clv(100.0, 0.0, 0.0, first_margin_at=1) == pytest.approx(0.0)


def test_margin_clv_finite_sum_by_hand():
    # 3 margins at t=0,1,2: 100 + 90/1.1 + 81/1.21 = 100 + 81.8181... + 66.9421...
    expected = 100 + 90 / 1.1 + 81 / 1.21
    assert margin_clv(100.0, 0.9, 0.1, periods=3) == pytest.approx(expected)
    # at t=1,2,3
    expected1 = 90 / 1.1 + 81 / 1.21 + 72.9 / 1.331
    assert margin_clv(100.0, 0.9, 0.1, periods=3, first_margin_at=1) == pytest.approx(expected1)


@pytest.mark.parametrize("first", [0, 1])
@pytest.mark.parametrize(("r", "d"), [(0.9, 0.1), (0.6, 0.05), (0.95, 0.0), (0.3, 0.2)])
def test_margin_clv_sum_converges_to_closed_form(first, r, d):
    closed = margin_clv(42.0, r, d, first_margin_at=first)
    summed = margin_clv(42.0, r, d, periods=2000, first_margin_at=first)
    assert summed == pytest.approx(closed, rel=1e-9)
    # the difference between start and end timing is one factor (1+d)/r
    if first == 0 and r > 0:
        assert closed == pytest.approx(margin_clv(42.0, r, d, first_margin_at=1) * (1 + d) / r)


def test_margin_clv_grid_broadcasts():
    r = np.array([0.5, 0.9])
    out = margin_clv(10.0, r, 0.1)
    np.testing.assert_allclose(out, 10 * 1.1 / (1.1 - r))
    out_n = margin_clv(10.0, r, 0.1, periods=2)
    np.testing.assert_allclose(out_n, 10 + 10 * r / 1.1)


def test_retention_sensitivity_bain_order_of_magnitude():
    s = retention_sensitivity(100.0, 0.80, 0.10, acquisition_cost=200.0)
    assert s["retention_after"] == pytest.approx(0.85)
    assert s["lifetime_before"] == pytest.approx(5.0)
    assert s["lifetime_after"] == pytest.approx(1 / 0.15)
    assert s["clv_before"] == pytest.approx(110 / 0.3)
    assert s["clv_after"] == pytest.approx(110 / 0.25)
    assert s["clv_change_pct"] == pytest.approx(20.0)
    assert s["profit_change_pct"] == pytest.approx(100 * (240.0 / (110 / 0.3 - 200) - 1))
    # the sources quote +25% .. +85% profit for +5 points of retention
    assert 25.0 <= s["profit_change_pct"] <= 85.0
    no_cac = retention_sensitivity(100.0, 0.80, 0.10)
    assert no_cac["profit_change_pct"] == pytest.approx(no_cac["clv_change_pct"])


def test_npv_by_hand():
    # -100 + 60/1.1 + 60/1.21 = -100 + 54.545454 + 49.586777 = 4.132231
    assert npv([-100, 60, 60], 0.10) == pytest.approx(4.132231, abs=1e-6)
    assert npv([-100, 60, 60], 0.0) == pytest.approx(20.0)
    # first flow is at t=0, undiscounted
    assert npv([50, 0], 0.5) == pytest.approx(50.0)


def test_irr_by_hand_quadratic():
    # -100 + 60 y + 60 y^2 = 0 with y = 1/(1+irr):  y = (-60 + sqrt(60^2 + 4*60*100)) / 120
    y = (-60 + math.sqrt(3600 + 24000)) / 120
    expected = 1 / y - 1  # 0.130662...
    assert irr([-100, 60, 60]) == pytest.approx(expected, abs=1e-9)
    assert expected == pytest.approx(0.130662, abs=1e-6)
    assert npv([-100, 60, 60], irr([-100, 60, 60])) == pytest.approx(0.0, abs=1e-8)
    # one period: -100 + 110/(1+x) = 0 -> 10%
    assert irr([-100, 110]) == pytest.approx(0.10)


def test_payback_by_hand():
    # cumulative -100, -70, -30, +20: 2 full periods + 30/50
    assert payback_period([-100, 30, 40, 50]) == pytest.approx(2.6)
    assert payback_period([-100, 50, 50]) == pytest.approx(2.0)
    assert payback_period([10, 5]) == 0.0
    assert payback_period([-100, 10, 10]) == math.inf
    # discounted at 10%: -100, 60/1.1=54.5454, 60/1.21=49.5868 -> 1 + 45.4545/49.5868
    assert payback_period([-100, 60, 60], rate=0.10) == pytest.approx(1 + (100 - 60 / 1.1) / (60 / 1.21))


def test_customer_delivered_value_by_hand():
    assert customer_delivered_value(110.0, 80.0) == pytest.approx(30.0)
    vc = customer_delivered_value({"product": 80, "service": 20, "personnel": 5, "image": 5},
                                  {"money": 70, "time": 5, "energy": 3, "psychic": 2})
    assert vc == pytest.approx(30.0)
    s = customer_delivered_value(pd.Series([10.0, 5.0], index=["a", "b"]), 6.0)
    assert list(s.index) == ["a", "b"]
    np.testing.assert_allclose(s.to_numpy(), [4.0, -1.0])


def test_customer_profitability_big_client_by_hand():
    p = customer_profitability(1_000_000, cost_of_goods=700_000, cost_to_serve=200_000,
                               payment_delay_days=180, cost_of_capital=0.10)
    financing = 1_000_000 * 0.10 * 180 / 365  # 49,315.07
    assert p["financing_cost"] == pytest.approx(financing)
    assert p["gross_margin"] == pytest.approx(300_000)
    assert p["profit"] == pytest.approx(100_000 - financing)
    assert p["profit_margin"] == pytest.approx((100_000 - financing) / 1_000_000)


def test_customer_profitability_per_customer_keeps_index_and_order():
    idx = pd.Index([30, 10, 20], name="customer_id")
    rev = pd.Series([100.0, 0.0, 50.0], index=idx)
    out = customer_profitability(rev, cost_to_serve=pd.Series([10.0, 5.0, 60.0], index=idx),
                                 payment_delay_days=36.5, cost_of_capital=0.2)
    assert out.index.equals(idx)
    np.testing.assert_allclose(out["profit"], [100 - 10 - 2.0, -5.0, 50 - 60 - 1.0])
    assert np.isnan(out.loc[10, "profit_margin"])


def test_rules_of_thumb_are_parameters():
    assert acquisition_cost_from_retention_cost(10.0) == pytest.approx(60.0)
    assert acquisition_cost_from_retention_cost(10.0, ratio=5) == pytest.approx(50.0)
    w = word_of_mouth(10, 2)
    assert w["potential_deals"] == pytest.approx(80.0)
    assert w["expected_closed_deals"] == pytest.approx(10.0)
    assert w["people_influenced_negatively"] == pytest.approx(50.0)
    w2 = word_of_mouth(10, 2, deals_per_satisfied=4, closing_rate=0.5, influenced_per_dissatisfied=10)
    assert list(w2) == [40.0, 20.0, 20.0]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: expected_lifetime(1.0), r"retention_rate=1\.0 is out of range.*\[0, 1\)"),
        (lambda: expected_lifetime(-0.1), "retention_rate=-0.1"),
        (lambda: expected_lifetime([0.5, 1.2, 1.5]), r"1\.2 \(1 more"),
        (lambda: margin_clv(1.0, 0.9, -1.0), "discount_rate=-1.0 is out of range"),
        (lambda: margin_clv(1.0, 0.9, -0.5), "diverge"),
        (lambda: margin_clv(1.0, 0.9, 0.1, periods=0), "periods=0"),
        (lambda: margin_clv(1.0, 0.9, 0.1, periods=2.5), "periods=2.5"),
        (lambda: margin_clv(1.0, 0.9, 0.1, first_margin_at=2), "first_margin_at=2"),
        (lambda: annual_sales(-5, 0.9, 1, 1), "customers=-5.0 is negative"),
        (lambda: annual_sales("many", 0.9, 1, 1), "customers='many' is not a number"),
        (lambda: npv([-100, 50], -1.5), "rate=-1.5"),
        (lambda: npv([-100], 0.1), "at least two cash flows"),
        (lambda: irr([100, 50]), "no sign change"),
        (lambda: payback_period([-100, np.nan]), "finite"),
        (lambda: retention_sensitivity(1.0, 0.97, 0.1), "not below 1"),
        (lambda: customer_profitability(10.0, payment_delay_days=-3), "payment_delay_days=-3.0"),
    ],
)
def test_bad_input_gives_one_line_parameter_error(call, match):
    with pytest.raises(ParameterError, match=match) as info:
        call()
    assert "\n" not in str(info.value)


def test_clv_retention_grid_by_hand():
    from clvmodels.economics import clv_retention_grid

    g = clv_retention_grid(100.0, [0.5, 0.9], [0.05, 0.10])
    assert list(g.index) == [0.5, 0.9] and list(g.columns) == [0.05, 0.10]
    assert g.loc[0.5, 0.05] == pytest.approx(100 * 1.05 / 0.55)
    assert g.loc[0.9, 0.10] == pytest.approx(550.0)
    g2 = clv_retention_grid(100.0, [0.5], [0.1], periods=2)
    assert g2.iloc[0, 0] == pytest.approx(100 + 50 / 1.1)


def test_cumulative_cash_flows_by_hand():
    from clvmodels.economics import cumulative_cash_flows

    t = cumulative_cash_flows([-100, 60, 60], rate=0.10)
    assert list(t.index) == [0, 1, 2]
    np.testing.assert_allclose(t["present_value"], [-100, 60 / 1.1, 60 / 1.21])
    np.testing.assert_allclose(t["cumulative"], [-100, -40, 20])
    assert t["cumulative_present_value"].iloc[-1] == pytest.approx(npv([-100, 60, 60], 0.10))


def test_teaching_sheet_by_hand():
    from clvmodels.economics import teaching_conclusion, teaching_sheet

    s = teaching_sheet(customers=1000, retention_rate=0.8, monthly_transactions=2,
                       average_transaction_value=50, margin_rate=0.3, discount_rate=0.1,
                       acquisition_cost=300)
    assert s["annual_sales"] == pytest.approx(960_000)
    assert s["margin_per_customer"] == pytest.approx(2 * 12 * 50 * 0.3)  # 360 a year
    assert s["expected_lifetime"] == pytest.approx(5.0)
    assert s["clv"] == pytest.approx(360 * 1.1 / 0.3)  # 1320
    assert s["clv_after_acquisition"] == pytest.approx(1020)
    assert s["cash_flow_years"] == 5  # the expected lifetime, 1 / (1 - 0.8)
    flows = [-300] + [360 * 0.8 ** (t - 1) for t in range(1, 6)]
    assert s["npv"] == pytest.approx(npv(flows, 0.1))
    assert s["irr"] == pytest.approx(irr(flows))
    assert s["payback_years"] == pytest.approx(300 / (360 / 1.1))  # paid back within year 1
    assert s["profit_change_pct"] == pytest.approx(100 * ((360 * 1.1 / 0.25 - 300) / 1020 - 1))
    text = teaching_conclusion(s, retention_rate=0.8, discount_rate=0.1, currency="CNY")
    assert "1,320 CNY" in text and "5.0 years" in text and "960,000 CNY" in text
    assert "1,320 CNY" in teaching_conclusion(s, retention_rate=0.8, discount_rate=0.1,
                                               currency="CNY", lang="zh")


def test_observed_economics_reproduces_retained_sales():
    from clvmodels.economics import observed_economics

    rows = [  # 730 days: previous period (2022-12-31, 2023-12-31], current (2023-12-31, 2024-12-30]
        (1, "2023-03-01", 10.0), (1, "2024-02-01", 20.0), (1, "2024-03-01", 40.0),
        (2, "2023-01-01", 10.0),
        (3, "2024-06-01", 100.0), (3, "2024-12-30", 5.0),
    ]
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    tx["date"] = pd.to_datetime(tx["date"])
    o = observed_economics(tx, end="2024-12-30", period_days=365)
    assert o["customers"] == 2 and o["retained"] == 1 and o["new_customers"] == 1
    assert o["retention_rate"] == pytest.approx(0.5)
    assert o["monthly_transactions"] == pytest.approx(2 / (365 / (365.25 / 12)))
    assert o["average_transaction_value"] == pytest.approx(30.0)
    assert o["sales_formula"] == pytest.approx(60.0)
    assert o["sales_retained"] == pytest.approx(60.0)
    assert o["sales_total"] == pytest.approx(165.0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_economics_plots_return_axes(lang):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from clvmodels.economics import clv_retention_grid, cumulative_cash_flows
    from clvmodels.plotting import plot_clv_vs_retention, plot_cumulative_cash_flows

    grid = clv_retention_grid(100.0, np.linspace(0, 0.9, 10), [0.05, 0.1, 0.2])
    ax = plot_clv_vs_retention(grid, highlight=0.8, lang=lang)
    assert len(ax.get_lines()) == 3 + 1
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), grid[0.1].to_numpy())
    _, ax2 = plt.subplots()
    out = plot_cumulative_cash_flows(cumulative_cash_flows([-100, 60, 60], rate=0.1), payback=1.9,
                                     ax=ax2, lang=lang)
    assert out is ax2 and len(ax2.patches) == 3
    plt.close("all")


_SHEET_BASE = dict(customers=1000, retention_rate=0.8, monthly_transactions=2,
                   average_transaction_value=50, margin_rate=0.3, discount_rate=0.1,
                   acquisition_cost=300)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", [
            "- At a retention rate of 80%/year the average customer stays 5.0 years; annual sales "
            "are 960,000 CNY.",
            "- A customer's margin is 360 CNY/year; discounted at 10%/year their lifetime value "
            "(CLV) is 1,320 CNY, or 1,020 CNY after the acquisition cost.",
            "- Acquiring one customer: NPV 656 CNY, IRR 98.7%/year, payback 0.9 years.",
            "- 5 more points of retention raise CLV by 20% and profit after acquisition cost by 26% "
            "(the sources quote Bain: 25%-85%).",
        ]),
        ("zh", [
            "- 客户保持率 80%/年 时，平均客户生命周期为 5.0 年，年销售额 960,000 CNY。",
            "- 每位客户每年边际利润 360 CNY，按 10%/年 贴现，客户终身价值 (CLV) 为 1,320 CNY；"
            "扣除获客成本后为 1,020 CNY。",
            "- 获取一位新客户：净现值 656 CNY，内部收益率 98.7%/年，投资回收期 0.9 年。",
            "- 保持率提高 5 个百分点：CLV 增加 20%，扣除获客成本后的利润增加 26%"
            "（来源引用 Bain：25%–85%）。",
        ]),
    ],
)
def test_teaching_conclusion_text_in_both_languages(lang, expected):
    from clvmodels.economics import teaching_conclusion, teaching_sheet

    s = teaching_sheet(**_SHEET_BASE)
    text = teaching_conclusion(s, retention_rate=0.8, discount_rate=0.1, currency="CNY", lang=lang)
    assert text.split("\n") == expected


@pytest.mark.parametrize(("lang", "never"), [("en", "payback never."), ("zh", "投资回收期 无法回收。")])
def test_teaching_conclusion_says_when_a_customer_never_pays_back(lang, never):
    from clvmodels.economics import teaching_conclusion, teaching_sheet

    s = teaching_sheet(customers=10, retention_rate=0.5, monthly_transactions=1,
                       average_transaction_value=10, margin_rate=0.1, discount_rate=0.1,
                       acquisition_cost=10_000)
    assert s["payback_years"] == math.inf
    text = teaching_conclusion(s, retention_rate=0.5, discount_rate=0.1, lang=lang)
    assert text.split("\n")[2].endswith(never)
    with pytest.raises(ParameterError, match="lang='fr'"):
        teaching_conclusion(s, retention_rate=0.5, discount_rate=0.1, lang="fr")


def test_every_name_keeps_its_import_paths():
    import clvmodels.economics as economics
    from clvmodels.economics import clv, discounting, formulas

    for name in formulas.__all__:
        assert getattr(economics, name) is getattr(formulas, name)
    assert economics.per_period_discount_rate is clv.per_period_discount_rate
    assert clv.per_period_discount_rate is discounting.per_period_discount_rate
    from clvmodels.economics import contracts, narrative, tables, worked

    assert set(economics.__all__) == (set(formulas.__all__) | set(clv.__all__) | set(narrative.__all__)
                                      | set(contracts.__all__) | set(tables.__all__)
                                      | set(worked.__all__))
    for name in economics.__all__:
        assert hasattr(economics, name), name


def test_months_and_years_follow_the_one_unit_convention():
    from clvmodels._units import DAYS_PER_YEAR, days_per_unit, periods_per_year
    from clvmodels.economics import per_period_discount_rate
    from clvmodels.economics.sales import MONTHS_PER_YEAR

    assert MONTHS_PER_YEAR == periods_per_year("M") == 12.0
    assert days_per_unit("M") * MONTHS_PER_YEAR == DAYS_PER_YEAR
    week = per_period_discount_rate(0.10, time_unit="W")
    assert week == pytest.approx(1.10 ** (7 / DAYS_PER_YEAR) - 1, rel=1e-12)


def test_whole_number_periods_may_be_given_as_floats():
    # the shared check (clvmodels._checks.check_positive, integer=True) accepts 3.0 as 3 periods
    assert margin_clv(100.0, 0.9, 0.1, periods=3.0) == margin_clv(100.0, 0.9, 0.1, periods=3)
    with pytest.raises(ParameterError, match=r"periods=2\.5 .*whole number"):
        margin_clv(1.0, 0.9, 0.1, periods=2.5)
    with pytest.raises(ParameterError, match="periods=True"):
        margin_clv(1.0, 0.9, 0.1, periods=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_retention_choice_note_states_both_rates_or_why_there_is_none(lang: str) -> None:
    from clvmodels.economics import expected_lifetime, retention_choice_note

    observed = retention_choice_note(
        assumed=0.8, observed=0.6, lifetime_assumed=float(expected_lifetime(0.8)),
        lifetime_observed=float(expected_lifetime(0.6)), clv_assumed=1320.0, clv_observed=799.0,
        n_active=812, source="shop", currency="CNY", lang=lang)
    assert "80" in observed and "60" in observed and "2.5" in observed and "CNY" in observed
    assert "\n" not in observed.strip()
    missing = retention_choice_note(
        assumed=0.8, observed=float("nan"), lifetime_assumed=5.0, lifetime_observed=float("nan"),
        clv_assumed=1320.0, clv_observed=float("nan"), source="shop", lang=lang)
    assert "80" in missing and "shop" in missing and "nan" not in missing.lower()
