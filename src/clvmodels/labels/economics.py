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
                       "zh": "假设的 r（参数设定值）"},
    "econ_r_observed": {"en": "Observed r (cohorts)", "zh": "实测的 r（群组）"},
    # economics.narrative.retention_choice_note: str.format templates
    "econ_retention_choice_observed": {
        "en": "The sheet above uses the assumed r = {assumed_pct:.1f}%/year (parameter "
              "`retention_rate`), so the formulas can be explored; the cohorts of {source} imply "
              "r = {observed_pct:.1f}%/year ({n_active:,} customer-years), a lifetime of "
              "{lifetime_observed:.1f} instead of {lifetime_assumed:.1f} years and a CLV of "
              "{clv_observed:,.0f} instead of {clv_assumed:,.0f} {currency}: set `retention_rate` = {observed:.2f} to price these "
              "customers.",
        "zh": "上文的测算使用假设的 r = {assumed_pct:.1f}%/年（参数 `retention_rate`），便于探索公式；"
              "{source} 的获客群组实测 r = {observed_pct:.1f}%/年（{n_active:,} 个客户年），"
              "对应客户生命周期 {lifetime_observed:.1f} 年（假设值下为 {lifetime_assumed:.1f} 年），"
              "CLV 为 {clv_observed:,.0f} {currency}（假设值下为 {clv_assumed:,.0f} {currency}）：若要为这些客户定价，请设 `retention_rate` = "
              "{observed:.2f}。",
    },
    "econ_retention_choice_missing": {
        "en": "The sheet above uses the assumed r = {assumed_pct:.1f}%/year (parameter "
              "`retention_rate`): {source} holds no two complete consecutive calendar years, so its "
              "cohorts imply no annual r.",
        "zh": "上文的测算使用假设的 r = {assumed_pct:.1f}%/年（参数 `retention_rate`）：{source} "
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

# notebook 08, issue 16: worked examples, ROI, profitability on the data, units, table columns
LABELS.update({
    "econ_roi": {"en": "Return on investment (ROI)", "zh": "投资回报率 (ROI)"},
    "econ_delivered_value_parts": {
        "en": "total customer value $F_c$: {value_parts}; total customer cost $C_c$: "
              "{cost_parts} (in {currency}).",
        "zh": "客户总价值 $F_c$：{value_parts}；客户总成本 $C_c$：{cost_parts}（单位：{currency}）。"},
    "econ_component_product": {"en": "product value", "zh": "产品价值"},
    "econ_component_service": {"en": "service value", "zh": "服务价值"},
    "econ_component_personnel": {"en": "personnel value", "zh": "人员价值"},
    "econ_component_image": {"en": "image value", "zh": "形象价值"},
    "econ_component_money": {"en": "money cost", "zh": "货币成本"},
    "econ_component_time": {"en": "time cost", "zh": "时间成本"},
    "econ_component_energy": {"en": "energy cost", "zh": "精力成本"},
    "econ_component_psychic": {"en": "psychic cost", "zh": "精神成本"},
    "econ_component_value": {"en": "total value", "zh": "总价值"},
    "econ_component_cost": {"en": "total cost", "zh": "总成本"},
    "econ_profit_margin_note": {"en": " ({share:.1%} of revenue)", "zh": "（占收入的 {share:.1%}）"},
    "econ_rule_acquisition": {
        "en": "Winning a new customer costs {ratio:g} times keeping one (source 000): {math}; "
              "at source 001's {ratio_001:g} times: {math_001}.",
        "zh": "争取一位新客户的成本是保住一位老客户的 {ratio:g} 倍（来源 000）：{math}；"
              "按来源 001 的 {ratio_001:g} 倍：{math_001}。"},
    "econ_rule_satisfied": {
        "en": "Satisfied customers bring {math} potential deals ({deals:g} each, source 000), of "
              "which {math_closed} close.",
        "zh": "满意的客户带来 {math} 笔潜在生意（来源 000：每位 {deals:g} 笔），其中成交 {math_closed} 笔。"},
    "econ_rule_dissatisfied": {
        "en": "{n} dissatisfied customers influence the intention to buy of {math} people "
              "({each:g} each, source 000).",
        "zh": "{n} 位不满意的客户会影响 {math} 人的购买意愿（来源 000：每位 {each:g} 人）。"},
    "econ_rule_replacement": {
        "en": "A year's lost customers, {lost}, take {new} new ones to replace (rule of thumb: "
              "{k:g} new for 1 lost), costing {cost} {currency} at the acquisition cost.",
        "zh": "每年流失的客户 {lost}，按经验法则（流失 1 位需 {k:g} 位新客户弥补）需要 {new} "
              "位新客户，按获客成本计需 {cost} {currency}。"},
    # headings and units of notebook 08
    "econ_h_rules": {"en": "Rules of thumb", "zh": "经验法则"},
    "econ_h_roi": {"en": "Return on investment (ROI)", "zh": "投资回报率 (ROI)"},
    "econ_h_profitability": {"en": "Customer profitability on the data",
                             "zh": "数据上的客户盈利能力"},
    "econ_unit_per_year": {"en": "{currency} per year", "zh": "{currency}/年"},
    "econ_unit_clv": {
        "en": "{currency}, {horizon}, {discount:.0%}/year discount, margin per customer "
              "{margin:,.0f} {currency}/year",
        "zh": "{currency}，{horizon}，贴现率 {discount:.0%}/年，每位客户边际利润 {margin:,.0f} "
              "{currency}/年"},
    "econ_horizon_infinite": {"en": "infinite horizon", "zh": "无限期"},
    "econ_horizon_years": {"en": "{n:g} years", "zh": "{n:g} 年"},
    "econ_unit_profit_change": {
        "en": "% change of CLV minus acquisition cost for +{delta:.0%} retention",
        "zh": "保持率提高 {delta:.0%} 时 CLV 减获客成本的变化百分比"},
    "econ_unit_npv": {"en": "{currency}, {years} years, {discount:.0%}/year discount",
                      "zh": "{currency}，{years} 年，贴现率 {discount:.0%}/年"},
    "econ_unit_payback": {"en": "years (discounted)", "zh": "年（贴现后）"},
    "econ_unit_roi": {
        "en": "% return on the acquisition cost ({years} years, {discount:.0%}/year discount)",
        "zh": "获客成本的回报百分比（{years} 年，贴现率 {discount:.0%}/年）"},
    "econ_unit_observed_retention": {
        "en": "share of customers retained per {days:.0f} days ({source})",
        "zh": "每 {days:.0f} 天保留的客户比例（{source}）"},
    "econ_unit_observed_annual": {
        "en": "% of a calendar year's active customers active the next year ({source})",
        "zh": "某日历年的活跃客户中次年仍活跃的百分比（{source}）"},
    "econ_unit_unprofitable": {"en": "% of customers with revenue ({source})",
                               "zh": "占有收入客户的百分比（{source}）"},
    "econ_unprofitable_share": {"en": "Customers unprofitable after cost to serve",
                                "zh": "扣除服务成本后亏损的客户"},
    "econ_observed_caption": {"en": "**{source}** ({currency}), {days:.0f}-day periods ending {end}",
                              "zh": "**{source}**（{currency}），截至 {end} 的 {days:.0f} 天周期"},
    "econ_acquisition_line": {
        "en": "NPV = {npv:,.0f} {currency}; IRR = {irr} per year; payback period = {payback}",
        "zh": "净现值 NPV = {npv:,.0f} {currency}；内部收益率 IRR = 每年 {irr}；投资回收期 = {payback}"},
    "econ_col_horizon": {"en": "Horizon n (years)", "zh": "期限 n（年）"},
    "econ_closed_form": {"en": "∞ (closed form)", "zh": "∞（闭式解）"},
    "econ_roi_note": {
        "en": "Gain: the present value of the expected margins over {years} years at "
              "{discount:.0%}/year, {gain:,.0f} {currency}; investment: the acquisition cost, "
              "{investment:,.0f} {currency}. Undiscounted, the ROI would be {plain:.1%}.",
        "zh": "收益：按每年 {discount:.0%} 贴现的 {years} 年预期边际利润现值，{gain:,.0f} {currency}；"
              "投资：获客成本 {investment:,.0f} {currency}。若不贴现，投资回报率为 {plain:.1%}。"},
    # profitability on the data (economics.narrative.profitability_note)
    "econ_period_range": {"en": "{start} to {end}", "zh": "{start} 至 {end}"},
    "econ_profit_basis": {
        "en": "Activity costs counted (activity-based costing): {items}; cost of goods: {goods}.",
        "zh": "计入的作业成本（作业成本法）：{items}；产品成本：{goods}。"},
    "econ_basis_contacts": {"en": "campaign contacts at their recorded cost",
                            "zh": "营销接触（按记录的成本）"},
    "econ_basis_complaints": {"en": "complaints at {cost:,.2f} {currency} each",
                              "zh": "投诉处理（每次 {cost:,.2f} {currency}）"},
    "econ_basis_orders": {"en": "order handling at {cost:,.2f} {currency} per order",
                          "zh": "订单处理（每单 {cost:,.2f} {currency}）"},
    "econ_basis_delay": {"en": "payment delay priced at a {k:.0%}/year cost of capital",
                         "zh": "付款拖延（按每年 {k:.0%} 的资金成本计价）"},
    "econ_basis_nothing": {"en": "none", "zh": "无"},
    "econ_goods_cost": {"en": "the transactions' recorded cost (with the per-order costs it books)",
                        "zh": "交易记录中的成本（含其中按订单记录的成本）"},
    "econ_goods_margin": {"en": "amount minus the transactions' margin",
                          "zh": "交易金额减去交易记录中的毛利"},
    "econ_goods_margin_rate": {"en": "revenue times (1 - margin rate)",
                               "zh": "收入 ×（1 - 利润率）"},
    "econ_goods_none": {"en": "not known (counted as 0)", "zh": "未知（按 0 计）"},
    "econ_profit_summary": {
        "en": "{n_unprofitable:,} of {n_customers:,} customers ({share:.1%}) lose money once the "
              "cost to serve and the cost of paying late are counted; they bring {revenue_share:.1%} "
              "of the revenue. The profitable customers earn {gained:,.0f} {currency}, the "
              "unprofitable ones destroy {destroyed:,.0f} {currency}, leaving {total:,.0f} "
              "{currency} ({period}).",
        "zh": "计入服务成本和付款拖延的资金成本后，{n_customers:,} 位客户中有 {n_unprofitable:,} 位"
              "（{share:.1%}）亏损，他们贡献了 {revenue_share:.1%} 的收入。盈利客户赚取 {gained:,.0f} "
              "{currency}，亏损客户吞噬 {destroyed:,.0f} {currency}，合计利润 {total:,.0f} {currency}"
              "（{period}）。"},
    "econ_profit_whale": {
        "en": "The whale curve rises to {peak:.0%} of total profit before the unprofitable "
              "customers bring it back down to 100%.",
        "zh": "鲸鱼曲线先升到总利润的 {peak:.0%}，再被亏损客户拉回到 100%。"},
    "econ_profit_whale_negative": {
        "en": "Total profit is not positive: the unprofitable customers destroy as much as the "
              "profitable ones earn, or more.",
        "zh": "总利润不为正：亏损客户吞噬的利润不少于盈利客户赚取的利润。"},
    "econ_big_customer": {
        "en": "The source's big client, on the data: customer {customer_id} ranks {rank:,.0f} of "
              "{n:,} by revenue (top {top:.1%}) with {revenue:,.0f} {currency}, but after the cost "
              "of goods ({goods:,.0f} {currency}), the cost to serve ({serve:,.0f} {currency}) and "
              "paying {delay:.0f} days late on average ({financing:,.0f} {currency}) it loses "
              "{loss:,.0f} {currency}.",
        "zh": "来源中的大客户例子在数据上的体现：客户 {customer_id} 的收入为 {revenue:,.0f} {currency}，"
              "在 {n:,} 位客户中排第 {rank:,.0f} 位（前 {top:.1%}），但扣除产品成本"
              "（{goods:,.0f} {currency}）、服务成本（{serve:,.0f} {currency}）和平均拖延 {delay:.0f} "
              "天付款的资金成本（{financing:,.0f} {currency}）后，亏损 {loss:,.0f} {currency}。"},
    "econ_big_customer_none": {"en": "On these data every customer makes money after cost to serve.",
                               "zh": "在这份数据上，扣除服务成本后每位客户都盈利。"},
    "econ_missing_item": {"en": "the column '{column}' of the '{table}' table ({name})",
                          "zh": "“{table}”表（{name}）的“{column}”列"},
    "econ_profit_missing": {
        "en": "Per-customer profitability after cost to serve needs cost data that {source} "
              "lacks: add {items} to the data to enable it.",
        "zh": "{source} 缺少计算单个客户扣除服务成本后盈利能力所需的成本数据：在数据中加入{items}"
              "即可启用。"},
    "econ_profit_top_title": {"en": "The 10 customers with the most revenue",
                              "zh": "收入最高的 10 位客户"},
    # exercises of notebook 08 (solutions)
    "econ_ex_retention_answer": {
        "en": "Raising retention from {r0:.0%} to {r1:.0%} raises CLV from {clv0:,.0f} to "
              "{clv1:,.0f} {currency} per customer ({change:+.1f}%).",
        "zh": "保持率从 {r0:.0%} 提高到 {r1:.0%}，每位客户的 CLV 从 {clv0:,.0f} 增至 {clv1:,.0f} "
              "{currency}（{change:+.1f}%）。"},
    "econ_ex_breakeven_answer": {
        "en": "The NPV of a new key customer ({years} years at {discount:.0%}/year) turns negative "
              "above an acquisition cost of {a:,.0f} {currency} (the present value of their "
              "margins); at {a_now:,.0f} {currency} it is {npv:,.0f} {currency}.",
        "zh": "新关键客户的净现值（{years} 年，贴现率 {discount:.0%}/年）在获客成本超过 {a:,.0f} "
              "{currency}（即其边际利润的现值）时变为负数；在 {a_now:,.0f} {currency} 时净现值为 "
              "{npv:,.0f} {currency}。"},
    "econ_ex_campaign_answer": {
        "en": "The campaign costs {cost:,.0f} {currency} and keeps {extra:,.0f} more customers "
              "worth {gain:,.0f} {currency} (their CLV, discounted one year): ROI = {roi:.1%}.",
        "zh": "该活动花费 {cost:,.0f} {currency}，多保住 {extra:,.0f} 位客户，价值 {gain:,.0f} "
              "{currency}（其 CLV，贴现一年）：投资回报率 ROI = {roi:.1%}。"},
})

# labels of the columns and rows economics tables show (economics.tables.format_economics)
LABELS.update({f"econ_col_{k}": v for k, v in {
    "revenue": {"en": "Revenue", "zh": "收入"},
    "orders": {"en": "Orders", "zh": "订单数"},
    "cost_of_goods": {"en": "Cost of goods", "zh": "产品成本"},
    "order_cost": {"en": "Order handling cost", "zh": "订单处理成本"},
    "contact_cost": {"en": "Contact cost", "zh": "营销接触成本"},
    "complaint_cost": {"en": "Complaint handling cost", "zh": "投诉处理成本"},
    "cost_to_serve": {"en": "Cost to serve", "zh": "服务成本"},
    "payment_delay_days": {"en": "Payment delay", "zh": "付款拖延"},
    "financing_cost": {"en": "Cost of payment delay", "zh": "付款拖延的资金成本"},
    "gross_margin": {"en": "Gross margin", "zh": "毛利"},
    "profit": {"en": "Profit", "zh": "利润"},
    "profit_margin": {"en": "Profit margin (share of revenue)", "zh": "利润率（占收入）"},
    "period": {"en": "Year", "zh": "年份"},
    "cash_flow": {"en": "Cash flow", "zh": "现金流"},
    "present_value": {"en": "Present value", "zh": "现值"},
    "cumulative": {"en": "Cumulative cash flow", "zh": "累计现金流"},
    "cumulative_present_value": {"en": "Cumulative present value (NPV)", "zh": "累计现值（净现值）"},
    "retention_before": {"en": "Retention rate before", "zh": "原保持率"},
    "retention_after": {"en": "Retention rate after", "zh": "提高后的保持率"},
    "lifetime_before": {"en": "Expected lifetime before", "zh": "原平均客户生命周期"},
    "lifetime_after": {"en": "Expected lifetime after", "zh": "提高后的平均客户生命周期"},
    "clv_before": {"en": "CLV before", "zh": "原 CLV"},
    "clv_after": {"en": "CLV after", "zh": "提高后的 CLV"},
    "profit_before": {"en": "CLV minus acquisition cost, before", "zh": "原 CLV 减获客成本"},
    "profit_after": {"en": "CLV minus acquisition cost, after", "zh": "提高后的 CLV 减获客成本"},
    "lifetime_change_pct": {"en": "Change of lifetime", "zh": "生命周期变化"},
    "clv_change_pct": {"en": "Change of CLV", "zh": "CLV 变化"},
    "profit_change_pct": {"en": "Change of CLV minus acquisition cost",
                          "zh": "CLV 减获客成本的变化"},
    "period_days": {"en": "Period length", "zh": "周期长度"},
    "customers": {"en": "Customers in the base (N)", "zh": "基期客户数 (N)"},
    "retained": {"en": "Customers retained", "zh": "保留的客户数"},
    "retention_rate": {"en": "Retention rate (r)", "zh": "客户保持率 (r)"},
    "new_customers": {"en": "Customers outside the base (new)", "zh": "基期以外的客户（新客户）"},
    "monthly_transactions": {"en": "Transactions per month (f)", "zh": "平均每月交易次数 (f)"},
    "average_transaction_value": {"en": "Average transaction value", "zh": "平均每次交易额"},
    "sales_formula": {"en": "Sales by the formula", "zh": "按公式计算的销售额"},
    "sales_retained": {"en": "Sales of the retained customers", "zh": "保留客户的销售额"},
    "sales_total": {"en": "Sales of the period", "zh": "本期总销售额"},
    "margin_rate": {"en": "Margin rate", "zh": "利润率"},
    "potential_deals": {"en": "Potential deals", "zh": "潜在生意"},
    "expected_closed_deals": {"en": "Deals expected to close", "zh": "预计成交"},
    "people_influenced_negatively": {"en": "People influenced negatively", "zh": "受负面影响的人数"},
    "expected_lifetime": {"en": "Expected lifetime", "zh": "平均客户生命周期"},
    "n_customers": {"en": "Customers with revenue", "zh": "有收入的客户数"},
    "n_unprofitable": {"en": "Unprofitable customers", "zh": "亏损客户数"},
    "share_unprofitable": {"en": "Share of customers unprofitable", "zh": "亏损客户占比"},
    "revenue_share_unprofitable": {"en": "Their share of revenue", "zh": "亏损客户的收入占比"},
    "total_profit": {"en": "Total profit", "zh": "总利润"},
    "profit_of_profitable": {"en": "Profit of the profitable customers", "zh": "盈利客户的利润"},
    "value_destroyed": {"en": "Profit destroyed by the unprofitable", "zh": "亏损客户吞噬的利润"},
    "peak_share": {"en": "Peak of the whale curve (share of total profit)",
                   "zh": "鲸鱼曲线峰值（占总利润）"},
    "cost_to_serve_share": {"en": "Cost to serve and payment delay (share of revenue)",
                            "zh": "服务成本与付款拖延成本（占收入）"},
    "roi": {"en": "ROI", "zh": "投资回报率 (ROI)"},
}.items()})
