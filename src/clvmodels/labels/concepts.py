"""Labels: the concept map (``clvmodels.concepts``): rules in words, table columns, page names.

The concept names themselves are fields of :class:`clvmodels.concepts.Concept` (``name_en``,
``name_zh``); here are the one-line rules (``concepts_rule_<key>``), the column names of
:func:`clvmodels.concepts.concept_table` and the names of the report pages it links to.
"""

LABELS: dict[str, dict[str, str]] = {
    # columns of concept_table
    "concepts_col_concept": {"en": "Concept", "zh": "概念"},
    "concepts_col_formula": {"en": "Formula or rule", "zh": "公式或规则"},
    "concepts_col_functions": {"en": "Functions", "zh": "函数"},
    "concepts_col_source": {"en": "Source text", "zh": "来源文献"},
    "concepts_col_section": {"en": "Report section", "zh": "报告章节"},
    "concepts_col_on_data": {"en": "On this data", "zh": "本数据可否计算"},
    # what a concept needs beyond the transaction log
    "concepts_needs": {"en": "needs {what}", "zh": "需要{what}"},
    "concepts_need_cost": {"en": "cost or margin per transaction", "zh": "每笔交易的成本或毛利"},
    # the page
    "concepts_headline": {"en": "Concepts on the map", "zh": "概念地图中的概念"},
    "concepts_unit": {"en": "concepts, each linked to its report section",
                      "zh": "个概念，均链接到所在的报告章节"},
    "concepts_data_line": {
        "en": "This run's data, **{name}**, has these tables: {tables}. The column \"On this "
              "data\" says which concepts need a table it lacks ({n_missing} of {n} concepts).",
        "zh": "本次运行的数据 **{name}** 包含以下数据表：{tables}。“本数据可否计算”一栏标出"
              "需要缺失数据表的概念（{n} 个概念中有 {n_missing} 个）。",
    },
    # report pages the map links to (the titles of the notebooks)
    "concepts_page_01_data_audit": {"en": "01 · Data audit", "zh": "01 · 数据审核"},
    "concepts_page_02_rfm_segments": {"en": "02 · RFM segments", "zh": "02 · RFM 客户细分"},
    "concepts_page_03_clv_models": {"en": "03 · Probabilistic CLV models",
                                    "zh": "03 · 概率型客户终身价值模型"},
    "concepts_page_04_value_frameworks": {"en": "04 · Customer value frameworks",
                                          "zh": "04 · 客户价值细分框架"},
    "concepts_page_05_churn_warning": {"en": "05 · Churn warning", "zh": "05 · 流失预警"},
    "concepts_page_06_clustering": {"en": "06 · Clustering customers", "zh": "06 · 聚类细分"},
    "concepts_page_07_segment_comparison": {"en": "07 · Segmentations side by side",
                                            "zh": "07 · 细分结果比较"},
    "concepts_page_08_customer_economics": {"en": "08 · Customer economics",
                                            "zh": "08 · 客户经济学"},
    "concepts_page_index": {"en": "Report index · customer scores",
                            "zh": "报告目录 · 客户评分表"},
    # one-line rules, one per concept (formulas stay in Concept.formula)
    "concepts_rule_crm_database": {
        "en": "per customer: basic/demographic, financial, behavioural and attitude data; "
              "tables read: transactions, customers, campaign contacts, surveys, referrals",
        "zh": "每位客户的基本资料、财务数据、行为数据与态度数据；读取的表：交易记录、客户基本资料、"
              "营销接触与响应、满意度调查、客户推荐",
    },
    "concepts_rule_transaction_log": {
        "en": "the minimal input, one row per purchase: `customer_id`, `date`, `amount` "
              "(optional: `order_id`, `cost` or `margin`, `category`, `channel`)",
        "zh": "最少的输入，每次购买一行：`customer_id`、`date`、`amount`"
              "（可选：`order_id`、`cost` 或 `margin`、`category`、`channel`）",
    },
    "concepts_rule_purchase_behaviour_reference": {
        "en": "one table of every customer's scores from every page, written back to the "
              "database on request",
        "zh": "汇总各页面对每位客户的评分为一张表，可按需写回数据库",
    },
    "concepts_rule_rfm_summary": {
        "en": "one row per customer, all kept: repeat purchase periods $x$, age at last "
              "purchase $t_x$, age at the end $T$, mean repeat spend $\\bar m$",
        "zh": "每位客户一行，全部保留：重复购买期数 $x$、最后一次购买时的客户年龄 $t_x$、"
              "观察期末的客户年龄 $T$、平均重复购买金额 $\\bar m$",
    },
    "concepts_rule_rfm_scores": {
        "en": "R, F and M scores 1 to 5 by quantile; recency reversed (most recent = 5)",
        "zh": "按分位数给出 R、F、M 评分 1 至 5；近度反向计分（最近购买 = 5）",
    },
    "concepts_rule_rfm_segments": {
        "en": "the 11 named segments (Champions … Lost) from the R and F scores",
        "zh": "由 R、F 评分划分的 11 个命名客户群（从冠军客户到流失客户）",
    },
    "concepts_rule_calibration_holdout": {
        "en": "fit on the calibration period, compare predicted with actual holdout purchases",
        "zh": "在校准期拟合模型，再将预测与验证期的实际购买次数对比",
    },
    "concepts_rule_transaction_models": {
        "en": "expected number of future transactions of each customer",
        "zh": "每位客户未来的预期交易次数",
    },
    "concepts_rule_p_alive": {
        "en": "probability the customer has not dropped out (is still alive)",
        "zh": "客户尚未流失（仍然存活）的概率",
    },
    "concepts_rule_gamma_gamma": {
        "en": "expected spend per transaction, shrunk towards the population mean",
        "zh": "预期单次消费金额，向总体均值收缩",
    },
    "concepts_rule_probabilistic_clv": {
        "en": "discounted expected transactions x expected margin per transaction",
        "zh": "贴现后的预期交易次数 × 每次交易的预期利润",
    },
    "concepts_rule_customer_pyramid": {
        "en": "rank by value: key = important (top 5%) + secondary (next 15%); ordinary "
              "(next 30%); small (bottom 50%); share of value per tier",
        "zh": "按价值排序：关键客户 = 重要客户（前 5%）+ 次要客户（其后 15%）；普通客户（其后 30%）；"
              "小客户（后 50%）；报告各层的价值占比",
    },
    "concepts_rule_pareto_rule": {
        "en": "share of value from the top 20%; value lost by the least profitable 30% "
              "(whale curve)",
        "zh": "前 20% 客户贡献的价值占比；最不盈利的 30% 客户造成的价值损失（鲸鱼曲线）",
    },
    "concepts_rule_value_grid": {
        "en": "average purchase cycle x average amount per purchase: platinum, gold, silver, "
              "development, optimize",
        "zh": "平均消费周期 × 平均每次消费金额：铂金、黄金、白银、发展、优化客户",
    },
    "concepts_rule_value_loyalty": {
        "en": "current value x loyalty (P(alive)): Golden, At Risk, Marginal, Don't over-serve",
        "zh": "当前价值 × 忠诚度（存活概率）：金牌、风险、边际、无需过多服务",
    },
    "concepts_rule_value_response": {
        "en": "value x response rate to campaigns: Best, Strangers, Fatal Attraction, Ghosts",
        "zh": "价值 × 营销活动响应率：最佳、奇异、致命诱惑、幽灵",
    },
    "concepts_rule_current_potential": {
        "en": "historical value x predicted future value (CLV): high, secondary, potential, "
              "low value",
        "zh": "历史价值 × 预测未来价值（CLV）：高价值、次价值、潜在价值、低价值",
    },
    "concepts_rule_volume_profit": {
        "en": "sales volume x profit: four quadrants, high or low on each axis",
        "zh": "销量 × 利润：四个象限，每个轴分高低",
    },
    "concepts_rule_direct_indirect": {
        "en": "direct value (revenue, profit) x indirect value (referrals): high-performing, "
              "selling, networking, low-performing",
        "zh": "直接价值（收入、利润）× 间接价值（推荐）：高绩效、买卖、网络、低绩效关系",
    },
    "concepts_rule_loyalty_matrix": {
        "en": "attitude (satisfaction) x repeat purchasing: loyal, latent loyal, spurious "
              "loyal, disloyal",
        "zh": "态度（满意度）× 重复购买行为：忠诚、潜在忠诚、虚假忠诚、不忠诚",
    },
    "concepts_rule_lifecycle_stage": {
        "en": "tenure, purchases, recency and P(alive): potential, new, regular, old, loyal, "
              "dormant, lost",
        "zh": "客户关系时长、购买次数、近度与存活概率：潜在、新、常、老、忠诚、休眠、流失客户",
    },
    "concepts_rule_value_indicator": {
        "en": "weighted score 0 to 100 of contribution, characteristic and relationship "
              "indicators, and rank; weights are parameters",
        "zh": "贡献、特征与关系指标的加权得分（0 至 100）及排名；权重为参数",
    },
    "concepts_rule_clustering": {
        "en": "k-means or Gaussian mixture on standardized log-RFM (and demographics); "
              "k chosen by silhouette or BIC",
        "zh": "对标准化的对数 RFM（及人口统计特征）做 K 均值或高斯混合聚类；"
              "按轮廓系数或 BIC 选择 k",
    },
    "concepts_rule_churn_palive": {
        "en": "model-based signal: P(alive) from the transaction model below a threshold",
        "zh": "模型预警：交易模型给出的存活概率低于阈值",
    },
    "concepts_rule_churn_overdue": {
        "en": "abnormal purchase behaviour: time since the last purchase exceeds k times the "
              "customer's own average purchase cycle",
        "zh": "购买行为异常：距上次购买的时间超过该客户自身平均购买周期的 k 倍",
    },
    "concepts_rule_churn_supervised": {
        "en": "features of a calibration window predict no purchase in the next window",
        "zh": "用校准窗口的特征预测下一窗口是否不再购买",
    },
    "concepts_rule_churn_evaluation": {
        "en": "every signal scored on a later window: AUC, precision and lift in the top k%",
        "zh": "在后续窗口上评估每个信号：AUC、前 k% 的精确率与提升度",
    },
    "concepts_rule_winback": {
        "en": "one missed purchase is not forever: dormant customers ranked by their value "
              "if won back",
        "zh": "一次未购买并不意味着永远流失：按挽回后价值对休眠客户排序",
    },
    "concepts_rule_segment_sizes": {
        "en": "customers and share of value in each segment of each segmentation",
        "zh": "每种细分方法中各群体的客户数与价值占比",
    },
    "concepts_rule_segment_agreement": {
        "en": "how far two segmentations of the same customers agree: ARI, NMI, "
              "cross-tabulation",
        "zh": "同一批客户的两种细分结果的一致程度：ARI、NMI、交叉表",
    },
    "concepts_rule_value_capture": {
        "en": "share of holdout value captured by each segmentation's top segment",
        "zh": "各细分方法的最高价值群体在验证期获取的价值占比",
    },
    "concepts_rule_segment_migration": {
        "en": "how customers move between segments from one period to the next",
        "zh": "客户从一期到下一期在各群体之间的迁移",
    },
    "concepts_rule_annual_sales": {
        "en": "customers x retention rate x monthly transactions x 12 x average transaction "
              "value",
        "zh": "客户数 × 客户保持率 × 平均每月交易次数 × 12 × 平均每次交易额",
    },
    "concepts_rule_delivered_value": {
        "en": "total customer value minus total customer cost",
        "zh": "顾客总价值减去顾客总成本",
    },
    "concepts_rule_expected_lifetime": {
        "en": "annual retention 0.90 gives 10 years, 0.95 gives 20 years",
        "zh": "年保持率 0.90 对应 10 年，0.95 对应 20 年",
    },
    "concepts_rule_margin_clv": {
        "en": "present value of the future margins of a retained customer (Rust)",
        "zh": "留存客户未来边际利润的现值（Rust）",
    },
    "concepts_rule_retention_sensitivity": {
        "en": "effect on lifetime, CLV and profit of 5 more points of retention (Bain)",
        "zh": "客户保持率提高 5 个百分点对客户生命周期、CLV 和利润的影响（Bain）",
    },
    "concepts_rule_acquisition_npv": {
        "en": "cash flows of acquiring a new key customer: NPV, payback period and IRR",
        "zh": "获取一位新关键客户的现金流：净现值、投资回收期与内部收益率",
    },
    "concepts_rule_rules_of_thumb": {
        "en": "as parameters: acquisition costs 6x retention; a satisfied customer brings 8 "
              "potential deals, a dissatisfied one influences 25 people",
        "zh": "作为参数：获客成本是保留成本的 6 倍；一位满意的顾客带来 8 笔潜在生意，"
              "一位不满意的顾客影响 25 个人",
    },
    "concepts_rule_roi": {
        "en": "return on the money spent on a customer or campaign, as a share of it",
        "zh": "投入客户或营销活动的资金所获得的回报，以投入的比例表示",
    },
    "concepts_rule_customer_profitability": {
        "en": "revenue minus cost of goods, activity-based cost to serve and the cost of "
              "late payment",
        "zh": "收入减去产品成本、按作业成本法计算的服务成本以及付款拖延的资金成本",
    },
}
