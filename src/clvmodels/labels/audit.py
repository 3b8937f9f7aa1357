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
}
