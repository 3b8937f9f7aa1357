"""Labels: cross-selling (交叉销售) columns, headings and sentence templates."""

LABELS: dict[str, dict[str, str]] = {
    # headings
    "crosssell_title": {"en": "Cross-selling", "zh": "交叉销售"},
    "crosssell_h_per_customer": {"en": "Categories bought per customer",
                                 "zh": "每位客户购买的品类"},
    "crosssell_h_affinity": {"en": "Category affinity (which categories go together)",
                             "zh": "品类关联（哪些品类一起购买）"},
    "crosssell_h_suggestions": {"en": "Next category for the most valuable customers",
                                "zh": "高价值客户的下一个推荐品类"},
    "crosssell_title_lift": {"en": "Lift of category pairs (customers as baskets)",
                             "zh": "品类对的提升度（以客户为购物篮）"},
    # columns
    "crosssell_col_antecedent": {"en": "Bought (A)", "zh": "已购品类 (A)"},
    "crosssell_col_consequent": {"en": "Also bought (B)", "zh": "关联品类 (B)"},
    "crosssell_col_n_antecedent": {"en": "Customers with A", "zh": "购买 A 的客户数"},
    "crosssell_col_n_consequent": {"en": "Customers with B", "zh": "购买 B 的客户数"},
    "crosssell_col_n_both": {"en": "Customers with A and B", "zh": "同时购买 A 和 B 的客户数"},
    "crosssell_col_n_later": {"en": "Customers with B after A", "zh": "先买 A 后买 B 的客户数"},
    "crosssell_col_support": {"en": "Support (share of customers)", "zh": "支持度（客户占比）"},
    "crosssell_col_confidence": {"en": "Confidence P(B | A)", "zh": "置信度 P(B | A)"},
    "crosssell_col_lift": {"en": "Lift (x)", "zh": "提升度（倍）"},
    "crosssell_col_confidence_later": {"en": "Share buying B after A",
                                       "zh": "买 A 之后再买 B 的比例"},
    "crosssell_col_n_categories": {"en": "Categories bought", "zh": "已购品类数"},
    "crosssell_col_categories": {"en": "Categories", "zh": "品类"},
    "crosssell_col_top_category": {"en": "Main category", "zh": "主要品类"},
    "crosssell_col_top_category_share": {"en": "Main category's share of spend",
                                         "zh": "主要品类消费占比"},
    "crosssell_col_spend": {"en": "Spend", "zh": "消费金额"},
    "crosssell_col_next_category": {"en": "Suggested next category", "zh": "推荐的下一个品类"},
    "crosssell_col_rule": {"en": "Rule", "zh": "关联规则"},
    "crosssell_col_value": {"en": "Value", "zh": "价值"},
    "crosssell_col_status": {"en": "Status", "zh": "状态"},
    "crosssell_status_suggested": {"en": "suggested", "zh": "已推荐"},
    "crosssell_status_no_purchases": {"en": "no purchase with a category",
                                      "zh": "无带品类的购买"},
    "crosssell_status_all_bought": {"en": "bought every category", "zh": "已购买全部品类"},
    "crosssell_status_no_rule": {"en": "no rule applies", "zh": "无适用规则"},
    "crosssell_value_spend": {"en": "total spend", "zh": "累计消费"},
    # sentence templates (str.format fields in braces)
    "crosssell_skipped": {
        "en": "Cross-selling skipped: the transactions have no 'category' column; add a "
              "'category' column (the product category of each line) to the transactions table "
              "to enable this section.",
        "zh": "未运行交叉销售分析：交易记录没有 'category'（品类）列；在交易记录表中加入 "
              "'category' 列（每行商品的品类）即可启用本节。",
    },
    "crosssell_conclusion_breadth": {
        "en": "- {n:,} customers bought from {k} categories: {mean:.2f} categories per customer "
              "on average; {single:.1f}% bought from one category only.",
        "zh": "- {n:,} 位客户购买了 {k} 个品类中的商品：平均每位客户 {mean:.2f} 个品类；"
              "{single:.1f}% 只购买过一个品类。",
    },
    "crosssell_conclusion_best": {
        "en": "- Strongest affinity: customers who bought **{a}** are {lift:.2f}x as likely as "
              "the average customer to buy **{b}** ({conf:.1f}% of them did, {later:.1f}% after "
              "their first {a} purchase; support {support:.1f}% of customers).",
        "zh": "- 关联最强：购买过 **{a}** 的客户购买 **{b}** 的可能性是平均客户的 {lift:.2f} 倍"
              "（其中 {conf:.1f}% 购买了 {b}，{later:.1f}% 是在首次购买 {a} 之后；支持度为客户的 "
              "{support:.1f}%）。",
    },
    "crosssell_conclusion_pairs": {
        "en": "- {n} ordered category pairs reach the minimum support of {min_support:.1f}% of "
              "customers; {n_lift} of them have a lift above 1.",
        "zh": "- 共有 {n} 个有序品类对达到最低支持度（客户的 {min_support:.1f}%），其中 {n_lift} "
              "个提升度大于 1。",
    },
    "crosssell_conclusion_no_pairs": {
        "en": "- No category pair reaches the minimum support of {min_support:.1f}% of "
              "customers: there is no rule to suggest from.",
        "zh": "- 没有品类对达到最低支持度（客户的 {min_support:.1f}%）：没有可用于推荐的规则。",
    },
    "crosssell_conclusion_suggestions": {
        "en": "- For the {n:,} customers ranked by {value}, {n_suggested:,} get a suggestion; "
              "the most frequent is **{category}** ({n_category:,} customers, mostly by the rule "
              "{rule}).",
        "zh": "- 按{value}排序的 {n:,} 位客户中，{n_suggested:,} 位获得推荐；最常见的推荐品类是 "
              "**{category}**（{n_category:,} 位客户，主要来自规则 {rule}）。",
    },
    "crosssell_conclusion_value": {
        "en": "- These customers' {value} adds up to {total:,.0f} {currency}.",
        "zh": "- 这些客户的{value}合计 {total:,.0f} {currency}。",
    },
    "crosssell_conclusion_no_suggestions": {
        "en": "- None of the {n:,} customers ranked by {value} gets a suggestion: no rule "
              "applies to the categories they bought.",
        "zh": "- 按{value}排序的 {n:,} 位客户都没有获得推荐：没有适用于其已购品类的规则。",
    },
    # units of notebook 02's headline and recorded scores
    "crosssell_unit_top_lift": {"en": "lift of {a} -> {b} (1 = independent)",
                                "zh": "{a} → {b} 的提升度（1 = 相互独立）"},
    "crosssell_unit_categories": {"en": "categories bought up to {date}",
                                  "zh": "截至 {date} 已购买的品类"},
    "crosssell_unit_next": {"en": "suggested next category (most confident rule with lift > 1)",
                            "zh": "推荐的下一个品类（提升度大于 1 的规则中置信度最高者）"},
}
