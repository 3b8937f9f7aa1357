"""Labels: the data audit (数据审核, notebook 01): its facts and its plain-language conclusion."""

LABELS: dict[str, dict[str, str]] = {
    # facts of audit_transactions (the others reuse common keys: customers, orders, revenue, ...)
    "audit_rows": {"en": "Transaction rows", "zh": "交易行数"},
    "audit_first_date": {"en": "First transaction", "zh": "首笔交易日期"},
    "audit_last_date": {"en": "Last transaction", "zh": "末笔交易日期"},
    "audit_span_days": {"en": "Span", "zh": "时间跨度"},
    "audit_mean_spend": {"en": "Mean spend per customer", "zh": "客户平均消费"},
    "audit_median_spend": {"en": "Median spend per customer", "zh": "客户消费中位数"},
    "audit_mean_purchase_days": {"en": "Mean purchase days per customer", "zh": "客户平均购买天数"},
    "audit_zero_amount_rows": {"en": "Zero-amount rows", "zh": "零金额交易行"},
    "audit_unit_share_of_customers": {"en": "share of customers", "zh": "占客户比例"},
    # sentence templates of audit_text (str.format fields in braces)
    "audit_text_summary": {
        "en": "{rows:,} transaction rows from {customers:,} customers were read, {first_date} to "
        "{last_date}, {revenue:,.2f} {currency} of revenue. {repeat_rate:.1%} of customers bought "
        "on more than one day; the rest bought once, which is why a probabilistic model (BG/NBD) "
        "is needed to tell a quiet customer from a lost one.",
        "zh": "共读取 {rows:,} 行交易，涉及 {customers:,} 位客户，时间从 {first_date} 到 {last_date}，"
        "销售收入合计 {revenue:,.2f} {currency}。重复购买率为 {repeat_rate:.1%}：其余客户只购买过一次，"
        "这正是概率模型 (BG/NBD) 需要区分 \"沉睡\" 与 \"流失\" 的原因。",
    },
    "audit_text_messages": {
        "en": "Reading excluded or altered data in {n} reported case(s), listed above.",
        "zh": "读取时排除或修改了数据的提示 {n} 条。",
    },
    "audit_text_no_messages": {"en": "Reading excluded no rows.", "zh": "读取时没有排除任何数据。"},
    # tables and headlines of notebook 01
    "audit_col_metric": {"en": "Fact", "zh": "指标"},
    "audit_col_value": {"en": "Value", "zh": "数值"},
    "audit_col_unit": {"en": "Unit", "zh": "单位"},
    "audit_col_table": {"en": "Table", "zh": "数据表"},
    "audit_col_rows": {"en": "Rows", "zh": "行数"},
    "audit_col_columns": {"en": "Columns", "zh": "列数"},
    "audit_col_customers": {"en": "Customers", "zh": "客户数"},
    "audit_col_enables": {"en": "What it enables", "zh": "可支持的分析"},
    "audit_unit_customers": {"en": "customers", "zh": "位客户"},
    "audit_read_messages": {"en": "Reading reported {n} message(s):",
                            "zh": "读取时报告了 {n} 条提示："},
    "audit_summary_units": {"en": "{what}, in {unit}", "zh": "{what}（单位：{unit}）"},
    # exercises of notebook 01
    "audit_ex_once": {
        "en": "{n:,} customers ({share_customers:.1%} of all) bought on one day only; together "
        "they bring {revenue:,.2f} {currency}, {share_revenue:.1%} of the revenue.",
        "zh": "{n:,} 位客户（占全部客户的 {share_customers:.1%}）只在一天内购买过；他们合计贡献 "
        "{revenue:,.2f} {currency}，占销售收入的 {share_revenue:.1%}。",
    },
    "audit_ex_month": {
        "en": "The month with the most orders is {month}: {n:,} orders, {share:.1%} of the "
        "{total:,} orders of the {months} months in the data.",
        "zh": "订单最多的月份是 {month}：{n:,} 笔订单，占数据中 {months} 个月全部 {total:,} 笔订单的 "
        "{share:.1%}。",
    },
    "audit_col_month": {"en": "Month", "zh": "月份"},
    "audit_col_share_orders": {"en": "Share of orders", "zh": "订单占比"},
}
