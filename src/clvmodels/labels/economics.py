"""Labels: customer economics (客户经济学) quantities, axes and notebook headings."""

LABELS: dict[str, dict[str, str]] = {
    # quantities
    "econ_annual_sales": {"en": "Annual sales", "zh": "年销售额"},
    "econ_customers": {"en": "Customers", "zh": "客户数"},
    "econ_retention_rate": {"en": "Retention rate", "zh": "客户保持率"},
    "econ_monthly_transactions": {"en": "Monthly transactions", "zh": "平均每月交易次数"},
    "econ_average_transaction_value": {"en": "Average transaction value", "zh": "平均每次交易额"},
    "econ_margin_rate": {"en": "Margin rate", "zh": "利润率"},
    "econ_margin": {"en": "Margin per customer", "zh": "每位客户边际利润"},
    "econ_discount_rate": {"en": "Discount rate", "zh": "贴现率"},
    "econ_expected_lifetime": {"en": "Expected lifetime", "zh": "平均客户生命周期"},
    "econ_clv": {"en": "Customer lifetime value (CLV)", "zh": "客户终身价值"},
    "econ_delivered_value": {"en": "Customer delivered value", "zh": "客户让渡价值"},
    "econ_retention_sensitivity": {"en": "Retention sensitivity", "zh": "客户保持率敏感性"},
    "econ_npv": {"en": "Net present value (NPV)", "zh": "净现值"},
    "econ_irr": {"en": "Internal rate of return (IRR)", "zh": "内部收益率"},
    "econ_payback": {"en": "Payback period", "zh": "投资回收期"},
    "econ_profitability": {"en": "Customer profitability", "zh": "客户盈利能力"},
    "econ_acquisition_cost": {"en": "Acquisition cost", "zh": "获客成本"},
    "econ_cost_to_serve": {"en": "Cost to serve", "zh": "服务成本"},
    "econ_financing_cost": {"en": "Cost of payment delay", "zh": "付款拖延的资金成本"},
    "econ_profit": {"en": "Profit", "zh": "利润"},
    "econ_revenue": {"en": "Revenue", "zh": "收入"},
    "econ_cost_of_goods": {"en": "Cost of goods", "zh": "产品成本"},
    "econ_gross_margin": {"en": "Gross margin", "zh": "毛利"},
    "econ_word_of_mouth": {"en": "Word of mouth", "zh": "口碑效应"},
    # axes and legends
    "econ_axis_period": {"en": "Period", "zh": "期"},
    "econ_axis_year": {"en": "Year", "zh": "年"},
    "econ_axis_cumulative": {"en": "Cumulative cash flow", "zh": "累计现金流"},
    "econ_axis_cumulative_pv": {"en": "Cumulative present value", "zh": "累计现值"},
    "econ_axis_cash_flow": {"en": "Cash flow", "zh": "现金流"},
    "econ_per_year": {"en": "per year", "zh": "每年"},
    "econ_years": {"en": "years", "zh": "年"},
    # headings
    "econ_title": {"en": "Customer economics", "zh": "客户经济学"},
    "econ_title_clv_vs_retention": {"en": "CLV against retention and discount rate",
                                    "zh": "客户终身价值与保持率、贴现率的关系"},
    "econ_title_cash_flows": {"en": "Acquiring a customer: cumulative cash flow",
                              "zh": "获取一位客户：累计现金流"},
    "econ_h_question": {"en": "The question", "zh": "问题"},
    "econ_h_parameters": {"en": "Your parameters", "zh": "参数"},
    "econ_h_sales": {"en": "Annual sales", "zh": "年销售额"},
    "econ_h_lifetime": {"en": "Retention and lifetime", "zh": "保持率与客户生命周期"},
    "econ_h_clv": {"en": "Margin CLV", "zh": "边际利润 CLV"},
    "econ_h_sensitivity": {"en": "Retention sensitivity", "zh": "保持率敏感性"},
    "econ_h_acquisition": {"en": "Acquiring a key customer: NPV, IRR, payback",
                           "zh": "获取关键客户：净现值、内部收益率、回收期"},
    "econ_h_value": {"en": "Delivered value and profitability", "zh": "让渡价值与客户盈利能力"},
    "econ_h_data": {"en": "The same formulas on the data", "zh": "在数据上应用同样的公式"},
    "econ_h_conclusion": {"en": "Conclusion", "zh": "结论"},
    "econ_h_contracts": {"en": "One retention rate or a mix of customers? (contract cohort, sBG)",
                         "zh": "一个保持率还是客户组合？（合同型客户群组，sBG 模型）"},
    "econ_sbg_note_rate": {
        "en": "First-period retention r = {r:.1%} gives the texts' lifetime 1/(1 - r) = {lifetime:.2f} "
              "periods. The sBG model fitted on periods 1-{n} says each customer has their own "
              "churn probability, Beta(gamma = {gamma:.3f}, delta = {delta:.3f}) across customers.",
        "zh": "第 1 期保持率 r = {r:.1%}，按教材公式 1/(1 - r) 得平均生命周期 {lifetime:.2f} 期。"
              "用第 1-{n} 期拟合的 sBG 模型认为每位客户有自己的流失概率，"
              "在客户间服从 Beta(gamma = {gamma:.3f}, delta = {delta:.3f}) 分布。"},
    "econ_sbg_note_lifetime": {
        "en": "Within {h} periods a new customer stays {one:.2f} periods by the one rate but "
              "{sbg:.2f} by the sBG model (sBG mean lifetime {mean:.2f} periods); discounted at "
              "{d:.0%} per period: {del_one:.2f} against {del_sbg:.2f} discounted periods.",
        "zh": "在 {h} 期内，按单一保持率新客户平均停留 {one:.2f} 期，按 sBG 模型为 {sbg:.2f} 期"
              "（sBG 平均生命周期 {mean:.2f} 期）；按每期 {d:.0%} 折现：{del_one:.2f} 对 {del_sbg:.2f} 个折现期。"},
    "econ_sbg_note_lifetime_inf": {
        "en": "Within {h} periods a new customer stays {one:.2f} periods by the one rate but "
              "{sbg:.2f} by the sBG model, whose mean lifetime is infinite (gamma <= 1: some "
              "customers almost never leave); discounted at {d:.0%} per period: {del_one:.2f} "
              "against {del_sbg:.2f} discounted periods.",
        "zh": "在 {h} 期内，按单一保持率新客户平均停留 {one:.2f} 期，按 sBG 模型为 {sbg:.2f} 期，"
              "其平均生命周期为无穷大（gamma <= 1：部分客户几乎从不离开）；按每期 {d:.0%} 折现："
              "{del_one:.2f} 对 {del_sbg:.2f} 个折现期。"},
    "econ_sbg_note_sorting": {
        "en": "Observed retention rises with tenure, from {first:.1%} in period 1 to {last:.1%} in "
              "period {t_last}: the customers likely to leave go first (sorting), so one rate from "
              "the first period underestimates how long the survivors stay.",
        "zh": "实测保持率随客户在网时长上升，从第 1 期的 {first:.1%} 升到第 {t_last} 期的 {last:.1%}："
              "容易流失的客户先离开（筛选效应），所以用第一期的保持率会低估留下来的客户的生命周期。"},
    "econ_sbg_note_holdout": {
        "en": "On the {n} holdout periods the mean absolute error of the survival share is "
              "{one:.1%} for the one rate and {sbg:.1%} for the sBG projection.",
        "zh": "在 {n} 个检验期上，存活比例的平均绝对误差：单一保持率 {one:.1%}，sBG 预测 {sbg:.1%}。"},
    "econ_title_contract_survival": {"en": "Share of the cohort still a customer",
                                     "zh": "仍为客户的群组比例"},
    "econ_title_contract_retention": {"en": "Retention rate by tenure", "zh": "按在网时长的保持率"},
    "econ_contract_period": {"en": "Contract period", "zh": "合同期"},
    "econ_contract_observed": {"en": "Observed", "zh": "实测"},
    "econ_contract_one_rate": {"en": "One rate r (period 1)", "zh": "单一保持率 r（第 1 期）"},
    "econ_contract_sbg": {"en": "sBG model", "zh": "sBG 模型"},
    "econ_contract_simulated": {"en": "Simulated cohort (gamma = 0.9, delta = 2.0)",
                                "zh": "模拟客户群组（gamma = 0.9，delta = 2.0）"},
    "econ_contract_calibration_end": {"en": "end of calibration", "zh": "校准期结束"},
    "econ_h_cohorts": {"en": "Retention measured by acquisition cohort",
                       "zh": "按获客群组实测的客户保持率"},
    # cohort section of notebook 08 (observed retention beside the assumed r)
    "econ_observed_retention_by_period": {"en": "Observed retention", "zh": "实测客户保持率"},
    "econ_unit_retention_pct_of_active": {"en": "% of last period's active customers",
                                          "zh": "占上一期活跃客户的百分比"},
    "econ_cohort_customers_weight": {"en": "Customers in the cohorts (weights)",
                                     "zh": "参与计算的群组客户数（权重）"},
    "econ_observed_retention_month1": {"en": "Observed retention one month after acquisition",
                                       "zh": "获客后第 1 个月的实测客户保持率"},
    "econ_observed_annual_retention": {"en": "Annual retention observed in the cohorts",
                                       "zh": "群组实测的年客户保持率"},
    "econ_r_assumed": {"en": "Assumed r (parameter retention_rate)",
                       "zh": "假设的 r（参数 retention_rate）"},
    "econ_r_observed": {"en": "Observed r (cohorts)", "zh": "实测的 r（群组）"},
    # economics.narrative.retention_choice_note: str.format templates
    "econ_retention_choice_observed": {
        "en": "The sheet above uses the assumed r = {assumed_pct:.1f}%/year (parameter "
              "retention_rate), so the formulas can be explored; the cohorts of {source} imply "
              "r = {observed_pct:.1f}%/year ({n_active:,} customer-years), a lifetime of "
              "{lifetime_observed:.1f} instead of {lifetime_assumed:.1f} years and a CLV of "
              "{clv_observed:,.0f} instead of {clv_assumed:,.0f} {currency}: set retention_rate = {observed:.2f} to price these "
              "customers.",
        "zh": "上文的测算使用假设的 r = {assumed_pct:.1f}%/年（参数 retention_rate），便于探索公式；"
              "{source} 的获客群组实测 r = {observed_pct:.1f}%/年（{n_active:,} 个客户年），"
              "对应客户生命周期 {lifetime_observed:.1f} 年（假设值下为 {lifetime_assumed:.1f} 年），"
              "CLV 为 {clv_observed:,.0f} {currency}（假设值下为 {clv_assumed:,.0f} {currency}）：若要为这些客户定价，请设 retention_rate = "
              "{observed:.2f}。",
    },
    "econ_retention_choice_missing": {
        "en": "The sheet above uses the assumed r = {assumed_pct:.1f}%/year (parameter "
              "retention_rate): {source} holds no two complete consecutive calendar years, so its "
              "cohorts imply no annual r.",
        "zh": "上文的测算使用假设的 r = {assumed_pct:.1f}%/年（参数 retention_rate）：{source} "
              "没有两个完整的连续日历年，群组数据无法给出年客户保持率。",
    },
    # teaching conclusion (economics.narrative.teaching_conclusion): str.format templates
    "econ_payback_never": {"en": "never", "zh": "无法回收"},
    "econ_payback_in_years": {"en": "{years:.1f} years", "zh": "{years:.1f} 年"},
    "econ_conclusion_lifetime": {
        "en": "- At a retention rate of {retention_pct:.0f}%/year the average customer stays "
              "{lifetime:.1f} years; annual sales are {annual_sales:,.0f} {currency}.",
        "zh": "- 客户保持率 {retention_pct:.0f}%/年 时，平均客户生命周期为 {lifetime:.1f} 年，"
              "年销售额 {annual_sales:,.0f} {currency}。",
    },
    "econ_conclusion_clv": {
        "en": "- A customer's margin is {margin:,.0f} {currency}/year; discounted at "
              "{discount_pct:.0f}%/year their lifetime value (CLV) is {clv:,.0f} {currency}, or "
              "{clv_after_acquisition:,.0f} {currency} after the acquisition cost.",
        "zh": "- 每位客户每年边际利润 {margin:,.0f} {currency}，按 {discount_pct:.0f}%/年 贴现，"
              "客户终身价值 (CLV) 为 {clv:,.0f} {currency}；扣除获客成本后为 "
              "{clv_after_acquisition:,.0f} {currency}。",
    },
    "econ_conclusion_acquisition": {
        "en": "- Acquiring one customer: NPV {npv:,.0f} {currency}, IRR {irr_pct:.1f}%/year, "
              "payback {payback}.",
        "zh": "- 获取一位新客户：净现值 {npv:,.0f} {currency}，内部收益率 {irr_pct:.1f}%/年，"
              "投资回收期 {payback}。",
    },
    "econ_conclusion_sensitivity": {
        "en": "- {delta_pts:.0f} more points of retention raise CLV by {clv_change_pct:.0f}% and "
              "profit after acquisition cost by {profit_change_pct:.0f}% (the sources quote Bain: "
              "25%-85%).",
        "zh": "- 保持率提高 {delta_pts:.0f} 个百分点：CLV 增加 {clv_change_pct:.0f}%，"
              "扣除获客成本后的利润增加 {profit_change_pct:.0f}%（来源引用 Bain：25%–85%）。",
    },
}
