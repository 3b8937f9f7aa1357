"""Labels: the CRM database (客户数据库), its tables and what each table makes possible."""

LABELS: dict[str, dict[str, str]] = {
    "crm_database": {"en": "CRM database", "zh": "客户数据库"},
    "crm_list_separator": {"en": ", ", "zh": "、"},
    "crm_table_transactions": {"en": "transactions", "zh": "交易记录"},
    "crm_table_customers": {"en": "customers", "zh": "客户基本资料"},
    "crm_table_contacts": {"en": "campaign contacts", "zh": "营销接触与响应"},
    "crm_table_surveys": {"en": "surveys", "zh": "满意度调查"},
    "crm_table_referrals": {"en": "referrals", "zh": "客户推荐"},
    "crm_enables_transactions": {"en": "every page", "zh": "所有页面"},
    "crm_enables_customers": {
        "en": "the lifecycle stage 'potential', clustering profiled by demographics and "
        "supervised churn with customer attributes",
        "zh": "生命周期中的“潜在客户”阶段、按人口统计特征描述的聚类，以及使用客户属性的有监督流失预测",
    },
    "crm_enables_contacts": {"en": "the value x response matrix", "zh": "价值 × 响应矩阵"},
    "crm_enables_surveys": {
        "en": "the loyalty matrix (attitude x behaviour) and the value indicator score",
        "zh": "忠诚度矩阵（态度 × 行为）和客户价值指标评分",
    },
    "crm_enables_referrals": {
        "en": "the direct x indirect value matrix", "zh": "直接价值 × 间接价值矩阵",
    },
    "crm_missing_table": {
        "en": "Add a '{table}' table ({name}: {columns}) to the data to enable {enables}.",
        "zh": "在数据中加入“{table}”表（{name}：{columns}）即可启用{enables}。",
    },
    "crm_missing_columns": {
        "en": "{what} needs the column(s) {columns} in the '{table}' table ({name}); the data "
        "does not have them.",
        "zh": "{what}需要“{table}”表（{name}）中的列 {columns}；当前数据中没有这些列。",
    },
    "crm_data_summary": {
        "en": "Data: {name} ({tables}); {n_customers} customers, {n_transactions} transactions "
        "from {start} to {end}; money in {currency}.",
        "zh": "数据：{name}（{tables}）；{n_customers} 位客户，{n_transactions} 笔交易，"
        "{start} 至 {end}；金额单位：{currency}。",
    },
}
