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
    # the data set descriptions (clvmodels.datasets.dataset_description): the English text is
    # what load_data writes into db.description; the Chinese one is read back from it by field
    "data_desc_cdnow": {
        "en": "CDNOW online music retailer, customers acquired in Q1 1997, purchases to June 1998 "
        "({kind}).",
        "zh": "CDNOW 在线音乐零售商：1997 年第一季度获得的一批客户，购买记录截至 1998 年 6 月（{kind}）。",
    },
    "data_desc_cdnow_sample": {"en": "1/10 sample", "zh": "1/10 抽样"},
    "data_desc_cdnow_master": {"en": "full cohort", "zh": "完整客户群组"},
    "data_desc_file": {"en": "Transaction log {name}.", "zh": "交易记录文件 {name}。"},
    "data_desc_subset": {
        "en": "{description} Random subset of {n} customers.",
        "zh": "{description}本次运行随机抽取其中 {n} 位客户。",
    },
    "data_desc_synthetic": {
        "en": "Synthetic CRM database: {n} customers ({buyers} buyers), {rows} transactions from "
        "{start} to {end} drawn from a BG/NBD purchase-and-dropout process with Gamma-Gamma spend "
        "({population}); {timing}planted category affinities {pairs} ({share} of a customer's "
        "later orders outside their first category go to its partner); calibration ends "
        "{calibration_end}; currency {currency}.",
        "zh": "合成客户数据库：{n} 位客户（其中 {buyers} 位有购买），{start} 至 {end} 共 {rows} 笔交易，"
        "由 BG/NBD 购买与流失过程生成，每笔消费金额来自 Gamma-Gamma 模型（{population}）；{timing}"
        "预设的品类关联为 {pairs}（客户在首个品类之外的后续订单中有 {share} 流向其关联品类）；"
        "校准期截至 {calibration_end}；货币单位 {currency}。",
    },
    "data_desc_planted": {"en": "planted groups and attribute effects",
                          "zh": "含预设的客户群体和属性效应"},
    "data_desc_homogeneous": {"en": "one homogeneous population", "zh": "单一同质总体"},
    "data_desc_regular": {
        "en": "regular buyers: Erlang-{k} inter-purchase times Gamma({k}, {k} lambda) with mean "
        "1/lambda weeks (in (M)BG/CNBD-k terms k = {k} and stage rate {k} lambda ~ "
        "Gamma(r, alpha/{k})); ",
        "zh": "规律购买者：购买间隔服从 Erlang-{k} 分布 Gamma({k}, {k} lambda)，均值 1/lambda 周"
        "（按 (M)BG/CNBD-k 的记法，k = {k}，阶段速率 {k} lambda ~ Gamma(r, alpha/{k})）；",
    },
    "data_desc_own": {"en": "{text}", "zh": "数据说明（原文）：{text}"},
}
