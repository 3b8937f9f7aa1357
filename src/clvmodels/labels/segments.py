"""Labels: value frameworks, their segments, clustering and segment comparison.

Chinese names follow the source texts (sources 000, 001, 003 in ``shared/sources``).
"""

LABELS: dict[str, dict[str, str]] = {
    # framework names
    "fw_pyramid": {"en": "Customer pyramid", "zh": "客户金字塔"},
    "fw_pareto": {"en": "80/20 rule (whale curve)", "zh": "二八定律 (鲸鱼曲线)"},
    "fw_value_grid": {"en": "Value-verification grid", "zh": "客户价值核定模型"},
    "fw_value_loyalty": {"en": "Value x loyalty matrix", "zh": "价值-忠诚矩阵"},
    "fw_value_response": {"en": "Value x response matrix", "zh": "价值-响应矩阵"},
    "fw_current_potential": {"en": "Current x potential value", "zh": "当前价值-潜在价值矩阵"},
    "fw_volume_profit": {"en": "Volume x profit matrix", "zh": "销量-利润矩阵"},
    "fw_direct_indirect": {"en": "Direct x indirect function", "zh": "直接功能-间接功能矩阵"},
    "fw_loyalty_matrix": {"en": "Loyalty matrix", "zh": "忠诚分类矩阵"},
    "fw_lifecycle": {"en": "Lifecycle stage", "zh": "客户生命周期阶段"},
    "fw_value_indicator": {"en": "Value indicator score", "zh": "价值评价指标体系"},
    "fw_clustering": {"en": "Clustering", "zh": "聚类细分"},
    "fw_rfm": {"en": "RFM segments", "zh": "RFM 细分"},
    # pyramid
    "pyramid_important": {"en": "Important (top 5%)", "zh": "重要客户 (前5%)"},
    "pyramid_secondary": {"en": "Secondary (next 15%)", "zh": "次要客户 (其后15%)"},
    "pyramid_ordinary": {"en": "Ordinary (next 30%)", "zh": "普通客户 (其后30%)"},
    "pyramid_small": {"en": "Small (bottom 50%)", "zh": "小客户 (后50%)"},
    "pyramid_key": {"en": "Key customers", "zh": "关键客户"},
    # pareto
    "pareto_top": {"en": "Top 20%", "zh": "前20%客户"},
    "pareto_middle": {"en": "Middle 50%", "zh": "中间50%客户"},
    "pareto_bottom": {"en": "Least valuable 30%", "zh": "价值最低的30%客户"},
    "pareto_share_customers": {"en": "Share of customers (ranked by value)",
                               "zh": "客户占比 (按价值排序)"},
    "pareto_share_value": {"en": "Cumulative share of value", "zh": "累计价值占比"},
    "pareto_marker_8020": {"en": "80/20 rule", "zh": "二八定律"},
    "pareto_marker_bottom": {"en": "Least valuable 30%", "zh": "价值最低的30%"},
    "pareto_peak": {"en": "Peak (profit of profitable customers)", "zh": "峰值 (盈利客户的利润)"},
    # value grid
    "grid_platinum": {"en": "Platinum", "zh": "铂金客户"},
    "grid_gold": {"en": "Gold", "zh": "黄金客户"},
    "grid_silver": {"en": "Silver", "zh": "白银客户"},
    "grid_development": {"en": "Development", "zh": "发展客户"},
    "grid_optimize": {"en": "Optimize", "zh": "优化客户"},
    "grid_cycle": {"en": "Average purchase cycle", "zh": "平均消费周期"},
    "grid_amount": {"en": "Average amount per purchase", "zh": "平均每次消费金额"},
    "level_short": {"en": "short", "zh": "短"},
    "level_medium": {"en": "medium", "zh": "中"},
    "level_long": {"en": "long", "zh": "长"},
    "level_small": {"en": "small", "zh": "小"},
    "level_large": {"en": "large", "zh": "大"},
    "level_high": {"en": "high", "zh": "高"},
    "level_low": {"en": "low", "zh": "低"},
    # value x loyalty
    "vl_golden": {"en": "Golden", "zh": "金牌客户"},
    "vl_at_risk": {"en": "At Risk", "zh": "风险客户"},
    "vl_marginal": {"en": "Marginal", "zh": "边际客户"},
    "vl_dont_overserve": {"en": "Don't over-serve", "zh": "无需过多服务的客户"},
    # value x response
    "vr_best": {"en": "Best", "zh": "最佳客户"},
    "vr_strangers": {"en": "Strangers", "zh": "奇异客户"},
    "vr_fatal_attraction": {"en": "Fatal Attraction", "zh": "致命诱惑客户"},
    "vr_ghosts": {"en": "Ghosts", "zh": "幽灵客户"},
    # current x potential
    "cp_high_value": {"en": "High value", "zh": "高价值客户"},
    "cp_secondary_value": {"en": "Secondary value", "zh": "次价值客户"},
    "cp_potential_value": {"en": "Potential value", "zh": "潜在价值客户"},
    "cp_low_value": {"en": "Low value", "zh": "低价值客户"},
    # volume x profit
    "vp_high_high": {"en": "High volume, high profit", "zh": "销量高利润高"},
    "vp_high_low": {"en": "High volume, low profit", "zh": "销量高利润低"},
    "vp_low_high": {"en": "Low volume, high profit", "zh": "销量低利润高"},
    "vp_low_low": {"en": "Low volume, low profit", "zh": "销量低利润低"},
    # direct x indirect
    "di_high_performing": {"en": "High-performing", "zh": "高绩效关系"},
    "di_selling": {"en": "Selling", "zh": "买卖关系"},
    "di_networking": {"en": "Networking", "zh": "网络关系"},
    "di_low_performing": {"en": "Low-performing", "zh": "低绩效关系"},
    # loyalty matrix
    "lm_loyal": {"en": "Loyal", "zh": "忠诚客户"},
    "lm_latent": {"en": "Latent loyal", "zh": "潜在忠诚客户"},
    "lm_spurious": {"en": "Spurious loyal", "zh": "虚假忠诚客户"},
    "lm_disloyal": {"en": "Disloyal", "zh": "不忠诚客户"},
    # lifecycle
    "stage_potential": {"en": "Potential", "zh": "潜在客户"},
    "stage_new": {"en": "New", "zh": "新客户"},
    "stage_regular": {"en": "Regular", "zh": "常客户"},
    "stage_old": {"en": "Old", "zh": "老客户"},
    "stage_loyal": {"en": "Loyal", "zh": "忠诚客户"},
    "stage_dormant": {"en": "Dormant", "zh": "休眠客户"},
    "stage_lost": {"en": "Lost", "zh": "流失客户"},
    # value indicator score
    "vis_high": {"en": "High score (top 20%)", "zh": "高分客户 (前20%)"},
    "vis_medium": {"en": "Medium score", "zh": "中等分客户"},
    "vis_low": {"en": "Low score (bottom 50%)", "zh": "低分客户 (后50%)"},
    "vis_score": {"en": "Value indicator score (0-100)", "zh": "价值评价得分 (0-100)"},
    "vis_contribution": {"en": "Contribution indicators", "zh": "贡献指标"},
    "vis_characteristic": {"en": "Characteristic indicators", "zh": "特征指标"},
    "vis_relationship": {"en": "Relationship indicators", "zh": "关系指标"},
    # reasons for unclassified customers
    "reason_one_time_buyer": {"en": "one-time buyer: no purchase cycle",
                              "zh": "仅购买一次: 无消费周期"},
    "reason_no_cost": {"en": "no cost data: profit unknown", "zh": "无成本数据: 利润未知"},
    "reason_no_campaign": {"en": "never contacted by a campaign", "zh": "未接触过营销活动"},
    "reason_no_survey": {"en": "no survey answer", "zh": "无调查问卷回答"},
    "reason_no_clv": {"en": "no predicted CLV", "zh": "无预测终身价值"},
    "reason_no_p_alive": {"en": "no P(alive) estimate", "zh": "无存活概率估计"},
    "reason_no_referrals": {"en": "no referral data", "zh": "无推荐数据"},
    "reason_missing_value": {"en": "value missing", "zh": "数据缺失"},
    # clustering: recency x frequency x monetary profile names
    "cluster_recent_frequent_high": {"en": "Recent frequent high spenders",
                                     "zh": "近期活跃·高频·高消费"},
    "cluster_recent_frequent_low": {"en": "Recent frequent low spenders",
                                    "zh": "近期活跃·高频·低消费"},
    "cluster_recent_occasional_high": {"en": "Recent occasional high spenders",
                                       "zh": "近期活跃·低频·高消费"},
    "cluster_recent_occasional_low": {"en": "Recent occasional low spenders",
                                      "zh": "近期活跃·低频·低消费"},
    "cluster_lapsed_frequent_high": {"en": "Lapsed frequent high spenders",
                                     "zh": "久未购买·高频·高消费"},
    "cluster_lapsed_frequent_low": {"en": "Lapsed frequent low spenders",
                                    "zh": "久未购买·高频·低消费"},
    "cluster_lapsed_occasional_high": {"en": "Lapsed occasional high spenders",
                                       "zh": "久未购买·低频·高消费"},
    "cluster_lapsed_occasional_low": {"en": "Lapsed occasional low spenders",
                                      "zh": "久未购买·低频·低消费"},
    "cluster_kmeans": {"en": "K-means", "zh": "K 均值聚类"},
    "cluster_gmm": {"en": "Gaussian mixture", "zh": "高斯混合模型"},
    "cluster_silhouette": {"en": "Silhouette score", "zh": "轮廓系数"},
    "cluster_bic": {"en": "BIC", "zh": "贝叶斯信息准则 (BIC)"},
    "cluster_k": {"en": "Number of clusters k", "zh": "聚类数 k"},
    "cluster_size": {"en": "Customers", "zh": "客户数"},
    "cluster_mean_recency": {"en": "Mean days since last purchase", "zh": "平均距上次购买天数"},
    "cluster_mean_frequency": {"en": "Mean purchase days", "zh": "平均购买天数"},
    "cluster_mean_monetary": {"en": "Mean order value", "zh": "平均订单金额"},
    "cluster_mean_p_alive": {"en": "Mean P(alive)", "zh": "平均存活概率"},
    "cluster_mean_clv": {"en": "Mean CLV", "zh": "平均终身价值"},
    "cluster_profile_z": {"en": "Profile (standardized mean)", "zh": "特征 (标准化均值)"},
    # matrix axes (columns that are not in the common table)
    "axis_p_alive": {"en": "P(alive)", "zh": "存活概率 P(alive)"},
    "axis_expected_purchases": {"en": "Expected purchases", "zh": "预期购买次数"},
    "axis_response_rate": {"en": "Campaign response rate", "zh": "营销活动响应率"},
    "axis_satisfaction": {"en": "Satisfaction (survey)", "zh": "满意度 (调查)"},
    "axis_referrals": {"en": "Referrals (indirect value)", "zh": "推荐人数 (间接价值)"},
    "axis_clv": {"en": "Predicted CLV (potential value)", "zh": "预测终身价值 (潜在价值)"},
    "axis_n_purchase_days": {"en": "Repeat purchases (purchase days)",
                             "zh": "重复购买 (购买天数)"},
    "axis_total_profit": {"en": "Profit", "zh": "利润"},
    "axis_total_spend": {"en": "Revenue (sales volume)", "zh": "销售额 (销量)"},
    "axis_avg_cycle_days": {"en": "Average purchase cycle (days)", "zh": "平均消费周期 (天)"},
    "axis_mean_order_value": {"en": "Average amount per purchase", "zh": "平均每次消费金额"},
    # comparison
    "cmp_share_customers": {"en": "Share of customers", "zh": "客户占比"},
    "cmp_share_value": {"en": "Share of value", "zh": "价值占比"},
    "cmp_share_holdout": {"en": "Share of holdout value", "zh": "预测期价值占比"},
    "cmp_lift": {"en": "Lift (value share / customer share)", "zh": "提升度 (价值占比/客户占比)"},
    "cmp_ari": {"en": "Adjusted Rand index", "zh": "调整兰德指数"},
    "cmp_nmi": {"en": "Normalized mutual information", "zh": "标准化互信息"},
    "cmp_agreement": {"en": "Agreement between segmentations", "zh": "细分结果一致性"},
    "cmp_top_segment": {"en": "Top segment", "zh": "最高价值群体"},
    "cmp_migration": {"en": "Segment migration", "zh": "客户群体迁移"},
    "cmp_before": {"en": "Earlier period", "zh": "前一期"},
    "cmp_after": {"en": "Later period", "zh": "后一期"},
    "cmp_not_present": {"en": "Not present", "zh": "未出现"},
    "cmp_value_capture": {"en": "Holdout value captured by the top segment",
                          "zh": "最高价值群体获取的预测期价值"},
    "cmp_customers_n": {"en": "customers", "zh": "位客户"},
    # comparison: sentences of clvmodels.compare.narrative ({placeholders} filled in there)
    "cmp_txt_segment": {
        "en": "{name}: '{label}' are {share_customers} of customers and bring {share_value} of "
        "value ({ratio:.1f} times their share).",
        "zh": "{name}: “{label}”占客户的{share_customers},贡献了{share_value}的价值 "
        "(是其客户占比的{ratio:.1f}倍)。",
    },
    "cmp_txt_unclassified": {"en": "{share} of customers could not be classified.",
                             "zh": "{share}的客户无法分类。"},
    "cmp_txt_capture": {
        "en": "In the holdout period, the top segment of {name} ('{label}') holds "
        "{share_customers} of customers and brought {share_value} of the actual value: a lift "
        "of {lift:.1f}{best}. {more}",
        "zh": "在预测期 (holdout) 中,{name}的最高价值群体“{label}”占客户的{share_customers},"
        "带来了{share_value}的实际价值,提升度为{lift:.1f}倍{best}。{more}",
    },
    "cmp_txt_best_of_all": {"en": ", the highest of all segmentations compared",
                            "zh": ",是所有细分方法中最高的"},
    "cmp_txt_agreement": {
        "en": "The most similar segmentations are {hi_a} and {hi_b} (ARI {hi:.2f}); the least "
        "similar are {lo_a} and {lo_b} (ARI {lo:.2f}). An ARI near 0 means two segmentations "
        "are unrelated: they answer different questions.",
        "zh": "最一致的是{hi_a}与{hi_b} (ARI={hi:.2f}),最不一致的是{lo_a}与{lo_b} "
        "(ARI={lo:.2f})。ARI 接近 0 表示两种细分几乎互不相关:它们回答的是不同的问题。",
    },
    "cmp_txt_manager": {
        "en": "For a manager: segmentations whose top segment has a lift of 2 or more ({strong}) "
        "are the ones to allocate a retention budget with; those below 1.5 ({weak}) do not "
        "predict value and answer other questions (whom to contact, whom to win back).",
        "zh": "对管理者而言:最高群体提升度不低于2倍的细分 ({strong}) 适合用来分配维系预算;"
        "提升度低于1.5倍的 ({weak}) 不宜用来预测价值,它们回答的是别的问题 (该联系谁、该挽回谁)。",
    },
    "cmp_txt_none": {"en": "none", "zh": "无"},
    "cmp_txt_not_run": {"en": "{name}: not run — {why}", "zh": "{name}: 未运行 — {why}"},
    "cmp_txt_revenue_basis": {"en": "Cost is unknown: 'value' above is revenue, not profit.",
                              "zh": "成本未知:以上“价值”均为销售收入而非利润。"},
    "cmp_txt_clustering": {
        "en": "{name} chose k={k} clusters by {criterion}. The most valuable cluster, '{best}', "
        "holds {best_customers} of customers and {best_value} of value; the largest is '{big}' "
        "({big_customers} of customers).",
        "zh": "{name}按{criterion}选出 k={k} 个群体。最有价值的群体“{best}”占客户的"
        "{best_customers},贡献{best_value}的价值;最大的群体是“{big}”({big_customers}的客户)。",
    },
    "cmp_txt_migration": {
        "en": "{name}: {stay} of the customers present in both periods kept their segment; the "
        "largest move is from '{source}' to '{target}' ({n_move} customers). {new} customers "
        "are new.",
        "zh": "{name}: 两期都在的客户中有{stay}留在原群体;最大的迁移是从“{source}”到“{target}”"
        "({n_move}位客户)。另有{new}位新客户。",
    },
    # frameworks: notes of clvmodels.segmentation.narrative (note_, attrs["note"])
    "seg_note_revenue": {
        "en": "Value is revenue (total_spend): cost is unknown, so profit could not be used.",
        "zh": "价值为销售收入 (累计消费金额):成本未知,因此无法使用利润。",
    },
    "seg_note_no_destroyed_value": {
        "en": "Value destroyed by the least profitable 30% needs cost data: not shown.",
        "zh": "利润最低的30%客户所损耗的价值需要成本数据:未显示。",
    },
    "seg_note_loyalty_purchase_days": {
        "en": "Loyalty is the number of purchase days: P(alive) was not given.",
        "zh": "忠诚度以购买天数衡量:未提供存活概率 P(alive)。",
    },
    "seg_note_lifecycle_no_p_alive": {
        "en": "Stages use recency, tenure and purchase days only (P(alive) not used).",
        "zh": "阶段仅依据距上次购买天数、客户关系时长和购买天数划分 (未使用存活概率 P(alive))。",
    },
    "seg_note_indicators_left_out": {
        "en": "Indicators not available and left out: {columns}.",
        "zh": "以下指标不可用,已略去:{columns}。",
    },
    "seg_note_skipped_missing": {
        "en": "Skipped: {why} (column {column!r} missing or empty).",
        "zh": "未运行:{why} (列 `{column}` 缺失或为空)。",
    },
    "seg_note_skipped_error": {"en": "Skipped: {error}", "zh": "未运行:{error}"},
    "seg_note_not_in_baseline": {"en": "not in the baseline run", "zh": "基准运行中没有此细分"},
    "seg_note_model_predictions": {
        "en": "{model} + Gamma-Gamma fitted on data up to {end}: P(alive) and expected purchases "
        "from {model}; CLV is {basis} over the next {horizon} {unit} at {rate:.0%}/year.",
        "zh": "{model} + 伽马-伽马模型基于截至 {end} 的数据拟合:存活概率与预期购买次数来自 {model};"
        "终身价值为{basis},按未来 {horizon} {unit}计算,年贴现率 {rate:.0%}。",
    },
    "seg_note_margin_overall": {
        "en": "{n} customers without a margin of their own (no known cost, or spend <= 0) get "
        "the overall {overall:.0%}.",
        "zh": "{n} 位客户没有自己的毛利率 (成本未知或消费额 <= 0),使用总体毛利率 {overall:.0%}。",
    },
    "seg_note_bgnbd_one_time": {
        "en": "Caution: BG/NBD gives every one-time buyer P(alive) = 1, so one-time buyers look "
        "loyal; MBG/NBD or Pareto/NBD let them drop out.",
        "zh": "注意:BG/NBD 模型令每位只购买一次的客户存活概率为 1,使他们看似忠诚;"
        "MBG/NBD 或 Pareto/NBD 模型允许他们流失。",
    },
    "seg_note_axes": {
        "en": "Axes: {x_name} = {x}; {y_name} = {y}.",
        "zh": "坐标轴:{x_name} = {x};{y_name} = {y}。",
    },
    "seg_note_loyalty_expected": {
        "en": "Loyalty is the expected number of purchases in the next period (P(alive) x "
        "purchase rate), from a model in which one-time buyers can drop out.",
        "zh": "忠诚度为下一期的预期购买次数 (存活概率 x 购买率),"
        "来自允许只购买一次的客户流失的模型。",
    },
    "seg_note_cp_revenue": {
        "en": "The CLV is revenue (its margin does not come from cost), so current value is "
        "revenue too.",
        "zh": "终身价值为销售收入 (其毛利率并非来自成本),因此当前价值也用销售收入。",
    },
    "seg_note_cp_assumed_margin": {
        "en": "The CLV at an assumed {margin:.0%} margin is divided by that margin, so that both "
        "axes are revenue (an assumed margin is not cost data).",
        "zh": "按假定毛利率 {margin:.0%} 计算的终身价值已除以该毛利率,使两轴均为销售收入 "
        "(假定毛利率不是成本数据)。",
    },
    "seg_note_cp_mixed": {
        "en": "Current value is revenue (the data has no cost) but the CLV is profit from the "
        "margins given: the two axes differ in basis.",
        "zh": "当前价值为销售收入 (数据无成本),而终身价值为按给定毛利率计算的利润:两轴口径不同。",
    },
    "seg_note_clv_basis_unknown": {
        "en": "Whether the CLV is profit or revenue is not recorded; build it with "
        "segmentation.model_predictions to state it.",
        "zh": "未记录终身价值是利润还是销售收入;请用 `segmentation.model_predictions` 计算以注明口径。",
    },
    "seg_note_lifecycle_p_alive": {
        "en": "Dormant and lost also use P(alive): {unit}.",
        "zh": "休眠与流失阶段同时参考存活概率:{unit}。",
    },
    # units of the frameworks' axes (segmentation.axes, narrative.axis_text)
    "seg_axis_value": {"en": "value", "zh": "价值"},
    "seg_axis_loyalty": {"en": "loyalty", "zh": "忠诚度"},
    "seg_axis_response": {"en": "response", "zh": "响应"},
    "seg_axis_current": {"en": "current value", "zh": "当前价值"},
    "seg_axis_potential": {"en": "potential value", "zh": "潜在价值"},
    "seg_axis_volume": {"en": "sales volume", "zh": "销量"},
    "seg_axis_profit": {"en": "profit", "zh": "利润"},
    "seg_axis_direct": {"en": "direct value", "zh": "直接价值"},
    "seg_axis_indirect": {"en": "indirect value", "zh": "间接价值"},
    "seg_axis_attitude": {"en": "attitude", "zh": "态度"},
    "seg_axis_behaviour": {"en": "repeat purchasing", "zh": "重复购买行为"},
    "seg_period": {"en": "{start} to {end}", "zh": "{start} 至 {end}"},
    "seg_period_unknown": {"en": "period not recorded", "zh": "未记录期间"},
    "seg_currency_unknown": {"en": "currency not recorded", "zh": "未记录币种"},
    "seg_model_unknown": {"en": "model not recorded", "zh": "未记录模型"},
    "seg_unit_profit": {"en": "profit ({currency}, {period})", "zh": "利润 ({currency},{period})"},
    "seg_unit_revenue": {"en": "revenue ({currency}, {period})",
                         "zh": "销售收入 ({currency},{period})"},
    "seg_unit_cost": {"en": "cost ({currency}, {period})", "zh": "成本 ({currency},{period})"},
    "seg_unit_money_per_order": {"en": "revenue per order ({currency}, {period})",
                                 "zh": "每单销售额 ({currency},{period})"},
    "seg_unit_clv": {
        "en": "{basis} CLV ({currency}, present value of the next {horizon} {unit} at "
        "{rate:.0%}/year; {model} + Gamma-Gamma)",
        "zh": "{basis}终身价值 ({currency},未来 {horizon} {unit}的现值,年贴现率 {rate:.0%};"
        "{model} + 伽马-伽马)",
    },
    "seg_unit_clv_unknown": {"en": "predicted CLV ({currency}; basis, horizon and model not "
                                   "recorded)",
                             "zh": "预测终身价值 ({currency};未记录口径、期限与模型)"},
    "seg_clv_basis_profit": {"en": "profit", "zh": "利润"},
    "seg_clv_basis_revenue": {"en": "revenue", "zh": "销售收入"},
    "seg_clv_basis_profit_assumed": {"en": "profit at an assumed {margin:.0%} margin",
                                     "zh": "按假定毛利率 {margin:.0%} 计算的利润"},
    "seg_clv_basis_profit_cost": {
        "en": "profit (each customer's margin from cost; {overall:.0%} overall)",
        "zh": "利润 (每位客户的毛利率来自成本;总体 {overall:.0%})",
    },
    "seg_clv_basis_revenue_no_cost": {"en": "revenue (no cost data)",
                                      "zh": "销售收入 (无成本数据)"},
    "seg_unit_expected_purchases": {"en": "expected purchases in the next {horizon} {unit} "
                                          "({model})",
                                    "zh": "未来 {horizon} {unit}的预期购买次数 ({model})"},
    "seg_unit_p_alive": {"en": "probability of still being active, 0 to 1 ({model})",
                         "zh": "仍然活跃的概率,0 至 1 ({model})"},
    "seg_unit_purchase_days": {"en": "purchase days ({period})", "zh": "购买天数 ({period})"},
    "seg_unit_orders": {"en": "orders ({period})", "zh": "订单数 ({period})"},
    "seg_unit_days": {"en": "days", "zh": "天"},
    "seg_unit_response_rate": {"en": "share of campaign contacts answered, 0 to 1",
                               "zh": "营销接触的响应比例,0 至 1"},
    "seg_unit_satisfaction": {"en": "mean survey score", "zh": "调查平均得分"},
    "seg_unit_referrals": {"en": "customers referred", "zh": "推荐的客户数"},
    "seg_unit_other": {"en": "column {column!r}, unit not recorded",
                       "zh": "列 `{column}`,未记录单位"},
    "seg_note_age_zero": {
        "en": "{n} customers first seen on {end} (age 0) are left out of the fit and predicted "
        "as new customers (P(alive) = 1).",
        "zh": "{n} 位客户在 {end} 首次出现 (客户年龄为 0):不参与拟合,按新客户预测 (P(活跃) = 1)。",
    },
    "seg_why_value_grid": {"en": "no repeat buyer: no purchase cycle",
                           "zh": "没有重复购买的客户:无消费周期"},
    "seg_why_value_response": {"en": "no campaign data (contacts and responses)",
                               "zh": "无营销活动数据 (接触与响应)"},
    "seg_why_current_potential": {
        "en": "no predicted CLV (run segmentation.model_predictions: a transaction model + "
        "Gamma-Gamma)",
        "zh": "无预测终身价值 (请先运行 `segmentation.model_predictions`:交易模型 + 伽马-伽马模型)",
    },
    "seg_why_volume_profit": {"en": "no cost data, so profit is unknown",
                              "zh": "无成本数据,利润未知"},
    "seg_why_direct_indirect": {"en": "no referral data (indirect value)",
                                "zh": "无推荐数据 (间接价值)"},
    "seg_why_loyalty_matrix": {"en": "no survey data (attitude)", "zh": "无调查数据 (态度)"},
    "seg_why_lifecycle": {"en": "no purchase history", "zh": "无购买记录"},
    "cluster_sample_what": {"en": "Clusters fitted (k chosen, centres estimated)",
                            "zh": "聚类（选择 k、估计中心）"},
    "cluster_sample_covers": {"en": "every customer is assigned a cluster",
                              "zh": "每位客户都分配了聚类"},
    # notebooks: one model, one discounting, units and missing tables (issue 13)
    "seg_clv_unit": {"en": "{currency}, {basis}, next {horizon} {unit}, {rate:.0%}/year discount",
                     "zh": "{currency}，{basis}，未来 {horizon} {unit}，年贴现率 {rate:.0%}"},
    "seg_model_choice": {
        "en": "P(alive), expected purchases, loyalty and CLV on every page of this report come "
        "from **{model}** (parameter `transaction_model`).",
        "zh": "本报告各页面的存活概率、预期购买次数、忠诚度和客户终身价值都来自 **{model}**"
        "（参数 `transaction_model`）。",
    },
    "seg_model_choice_why_dropout": {
        "en": "In {model} a one-time buyer can drop out, so buying once does not make a customer "
        "look loyal.",
        "zh": "在 {model} 中只购买一次的客户也可能流失，因此只买过一次不会让客户看似忠诚。",
    },
    "seg_model_choice_best_same": {
        "en": "It also forecast the holdout best here (lowest mean absolute error).",
        "zh": "它在本数据的验证期预测中也最准确（平均绝对误差最小）。",
    },
    "seg_model_choice_best_other": {
        "en": "On this holdout {best} forecast best (lowest mean absolute error); set "
        "`transaction_model = \"{best}\"` to use it on every page.",
        "zh": "在本数据的验证期中 {best} 预测最准确（平均绝对误差最小）；设置 "
        "`transaction_model = \"{best}\"` 即可在所有页面使用它。",
    },
    "seg_missing_cost_what": {"en": "The volume x profit matrix", "zh": "销量 × 利润矩阵"},
    "seg_axes_xy": {"en": "Axes: across, {x}; up, {y}.",
                    "zh": "坐标轴：横轴为{x}；纵轴为{y}。"},
    # issue 16: names, table columns and sentences of notebooks 04, 06, 07
    "fw_kmeans": {"en": "K-means clusters", "zh": "K 均值聚类"},
    "fw_gmm": {"en": "Gaussian-mixture clusters", "zh": "高斯混合聚类"},
    "fw_kmeans_demographics": {"en": "K-means with demographics",
                               "zh": "加入人口统计特征的 K 均值聚类"},
    "seg_col_framework": {"en": "Framework", "zh": "细分框架"},
    "seg_col_value": {"en": "Value", "zh": "价值"},
    "seg_col_rank": {"en": "Rank", "zh": "排名"},
    "seg_col_available": {"en": "Can run", "zh": "可运行"},
    "seg_col_value_basis": {"en": "Value measured as", "zh": "价值口径"},
    "seg_col_note": {"en": "Note", "zh": "说明"},
    "seg_col_ran": {"en": "Ran", "zh": "已运行"},
    "seg_col_n_segments": {"en": "Segments", "zh": "群体数"},
    "seg_col_n_unclassified": {"en": "Unclassified customers", "zh": "无法分类的客户数"},
    "seg_col_holdout_value": {"en": "Holdout value", "zh": "预测期价值"},
    "seg_col_spend_growth": {"en": "Spend growth", "zh": "消费增长"},
    "seg_col_satisfaction": {"en": "Satisfaction", "zh": "满意度"},
    "seg_col_share_of_wallet": {"en": "Share of wallet", "zh": "钱包份额"},
    "seg_col_complaints": {"en": "Complaints", "zh": "投诉次数"},
    "seg_col_threshold": {"en": "Value", "zh": "取值"},
    "seg_col_unit": {"en": "Unit", "zh": "单位"},
    "seg_col_cutoff": {"en": "Cut-off", "zh": "分界值"},
    "seg_lc_new_days": {"en": "New: tenure up to (c)", "zh": "新客户: 关系时长不超过 (c)"},
    "seg_lc_dormant_days": {"en": "Dormant: days since last purchase above (2c)",
                            "zh": "休眠: 距上次购买天数超过 (2c)"},
    "seg_lc_lost_days": {"en": "Lost: days since last purchase above (4c)",
                         "zh": "流失: 距上次购买天数超过 (4c)"},
    "seg_lc_old_tenure_days": {"en": "Old: tenure at least (median tenure)",
                               "zh": "老客户: 关系时长至少 (关系时长中位数)"},
    "seg_lc_loyal_min_purchases": {"en": "Loyal: purchase days at least",
                                   "zh": "忠诚客户: 购买天数至少"},
    "seg_lc_regular_min_purchases": {"en": "Regular: purchase days at least",
                                     "zh": "常客户: 购买天数至少"},
    "seg_lc_dormant_p_alive": {"en": "Dormant: P(alive) below", "zh": "休眠: 存活概率低于"},
    "seg_lc_lost_p_alive": {"en": "Lost: P(alive) below", "zh": "流失: 存活概率低于"},
    "seg_unit_n_purchase_days": {"en": "purchase days", "zh": "购买天数"},
    "seg_unit_probability": {"en": "probability", "zh": "概率"},
    "seg_basis_profit": {"en": "profit", "zh": "利润"},
    "seg_basis_revenue": {"en": "revenue", "zh": "销售收入"},
    "seg_basis_clv": {"en": "predicted CLV", "zh": "预测终身价值"},
    "seg_nb_data": {
        "en": "**{name}**: {n:,} customers, amounts in {currency}, data up to {end}.",
        "zh": "**{name}**:{n:,} 位客户,金额单位 {currency},数据截至 {end}。",
    },
    "seg_nb_clv_unit": {"en": "CLV: {unit}.", "zh": "客户终身价值:{unit}。"},
    "seg_hl_customers": {"en": "customers", "zh": "位客户"},
    "seg_hl_share_of": {"en": "share of {basis}", "zh": "占{basis}的比例"},
    "seg_hl_money": {"en": "{currency} ({basis})", "zh": "{basis}金额 ({currency})"},
    "seg_nb_second_dataset": {"en": "Second data set: {name}", "zh": "第二个数据集:{name}"},
    "cluster_nb_data": {
        "en": "**{name}**: {n:,} customers up to {end}; value = {basis} ({currency}). {note} "
        "Demographics available: {demographics}.",
        "zh": "**{name}**:截至 {end} 共 {n:,} 位客户;价值 = {basis} ({currency})。{note}"
        "可用的人口统计特征:{demographics}。",
    },
    "cluster_nb_none": {"en": "none", "zh": "无"},
    "cluster_hl_clusters": {"en": "clusters", "zh": "个聚类"},
    "cmp_nb_data": {
        "en": "**{name}**: {n:,} customers · calibration to {cal} · holdout to {obs} · value = "
        "{basis} ({currency}).",
        "zh": "**{name}**:{n:,} 位客户 · 校准期截至 {cal} · 预测期截至 {obs} · 价值 = "
        "{basis} ({currency})。",
    },
    "cmp_hl_lift_unit": {"en": "holdout value share / customer share",
                         "zh": "预测期价值占比 / 客户占比"},
    # issue 16: exercises of notebooks 04, 06, 07
    "seg_col_reason": {"en": "Reason", "zh": "原因"},
    "cmp_col_a": {"en": "Segmentation A", "zh": "细分方法 A"},
    "cmp_col_b": {"en": "Segmentation B", "zh": "细分方法 B"},
    "fw_pareto_clv": {"en": "Top 20% by predicted CLV", "zh": "预测终身价值最高的20%"},
    "seg_ex_pyramid_answer": {
        "en": "With the top tier at {new_top:.0%} of customers instead of {old_top:.0%}, the "
        "important customers bring {after:.1%} of the {basis} instead of {before:.1%}, that is "
        "{per_after:.1f} times their share of customers instead of {per_before:.1f} times. A "
        "larger top tier holds more value, but its average customer is worth less.",
        "zh": "把顶层从 {old_top:.0%} 的客户扩大到 {new_top:.0%} 后,重要客户贡献的{basis}占比从 "
        "{before:.1%} 变为 {after:.1%},即其客户占比的 {per_after:.1f} 倍 (原为 "
        "{per_before:.1f} 倍)。顶层越大,占有的价值越多,但其中客户的平均价值越低。",
    },
    "seg_ex_grid_answer": {
        "en": "The value-verification grid leaves {n:,} of {total:,} customers ({share:.1%}) "
        "unclassified. {n_short:,} customers have fewer than two purchase days: without a "
        "second purchase there is no average purchase cycle, so they fit no column of the grid.",
        "zh": "客户价值核定模型有 {n:,} 位客户无法分类 (共 {total:,} 位,占 {share:.1%})。"
        "其中购买天数少于两天的客户有 {n_short:,} 位:没有第二次购买就没有平均消费周期,"
        "因此无法放入模型的任何一列。",
    },
    "seg_ex_grid_skipped": {"en": "The value-verification grid did not run on this data: {why}",
                            "zh": "客户价值核定模型未能在本数据上运行:{why}"},
    "cluster_ex_silhouette": {
        "en": "Silhouette score: {s3:.3f} for k = 3 and {s6:.3f} for k = 6, so k = {better} "
        "separates the customers better. This page chose k = {chosen} among k = {lo} to {hi}.",
        "zh": "轮廓系数:k = 3 时为 {s3:.3f},k = 6 时为 {s6:.3f},因此 k = {better} "
        "的聚类分得更清楚。本页在 k = {lo} 至 {hi} 中选择了 k = {chosen}。",
    },
    "cluster_ex_agreement": {
        "en": "Adjusted Rand index of K-means and the Gaussian mixture: {ari:.2f}. {same:.1%} of "
        "customers get a cluster with the same profile name from both methods.",
        "zh": "K 均值聚类与高斯混合模型的调整兰德指数为 {ari:.2f}。有 {same:.1%} "
        "的客户在两种方法中被分到特征名称相同的群体。",
    },
    "cmp_ex_agreement": {
        "en": "The two segmentations that agree most are {a} and {b}: ARI {ari:.2f} and NMI "
        "{nmi:.2f} on the {n:,} customers both classify. {meaning}",
        "zh": "最一致的两种细分是{a}与{b}:在两者都能分类的 {n:,} 位客户上,ARI = {ari:.2f},"
        "NMI = {nmi:.2f}。{meaning}",
    },
    "cmp_ex_agree_high": {
        "en": "They sort customers largely the same way: one of them can stand in for the other.",
        "zh": "它们对客户的划分大体相同:可以用其中一种代替另一种。",
    },
    "cmp_ex_agree_mid": {
        "en": "They overlap only in part: each still adds information the other lacks.",
        "zh": "它们只有部分重合:各自仍包含对方没有的信息。",
    },
    "cmp_ex_agree_low": {
        "en": "Even the closest pair agrees little: the frameworks answer different questions.",
        "zh": "即使最接近的一对也一致性很低:这些框架回答的是不同的问题。",
    },
    "cmp_ex_clv_capture": {
        "en": "The top 20% by predicted CLV are {share_c:.1%} of customers and brought "
        "{share_v:.1%} of the holdout value: a lift of {lift:.1f}. The best top segment above, "
        "{name}, has a lift of {best:.1f}.",
        "zh": "预测终身价值最高的20%客户占客户的 {share_c:.1%},带来了预测期价值的 {share_v:.1%}:"
        "提升度 {lift:.1f}。上文最好的最高价值群体 ({name}) 的提升度为 {best:.1f}。",
    },
    # issue 16: units of the per-customer scores notebooks 04 and 06 record (report index)
    "seg_score_unit_segment": {
        "en": "segment key, as of {end} (value = {basis}, {currency})",
        "zh": "细分群体代码，截至 {end} (价值 = {basis}，{currency})",
    },
    "seg_score_unit_indicator": {"en": "score 0 to 100 (higher = more valuable)",
                                 "zh": "得分 0 至 100 (越高越有价值)"},
    "seg_score_unit_potential": {"en": "segment key; potential = CLV ({unit})",
                                 "zh": "细分群体代码；潜在价值 = 客户终身价值 ({unit})"},
    "cluster_score_unit_kmeans": {"en": "K-means cluster (k = {k}) on log-RFM, as of {end}",
                                  "zh": "基于对数 RFM 的 K 均值聚类 (k = {k})，截至 {end}"},
    "cluster_score_unit_gmm": {"en": "Gaussian-mixture cluster (k = {k}) on log-RFM, as of {end}",
                               "zh": "基于对数 RFM 的高斯混合聚类 (k = {k})，截至 {end}"},
    "cluster_score_unit_demographics": {
        "en": "K-means cluster on log-RFM and {columns}, as of {end}",
        "zh": "基于对数 RFM 与 {columns} 的 K 均值聚类，截至 {end}",
    },
}

