"""Labels: RFM scores, the 11 named RFM segments (keys of rfm_segments) and cohort tables."""

LABELS: dict[str, dict[str, str]] = {
    "rfm": {"en": "RFM", "zh": "RFM 模型"},
    "rfm_recency": {"en": "Recency", "zh": "最近一次消费"},
    "rfm_frequency": {"en": "Frequency", "zh": "消费频率"},
    "rfm_monetary": {"en": "Monetary value", "zh": "消费金额"},
    "rfm_r_score": {"en": "R score", "zh": "R 评分"},
    "rfm_f_score": {"en": "F score", "zh": "F 评分"},
    "rfm_m_score": {"en": "M score", "zh": "M 评分"},
    "rfm_segment": {"en": "RFM segment", "zh": "RFM 客户细分"},
    "champions": {"en": "Champions", "zh": "冠军客户"},
    "loyal_customers": {"en": "Loyal Customers", "zh": "忠诚客户"},
    "potential_loyalist": {"en": "Potential Loyalist", "zh": "潜在忠诚客户"},
    "new_customers": {"en": "New Customers", "zh": "新客户"},
    "promising": {"en": "Promising", "zh": "有潜力客户"},
    "need_attention": {"en": "Need Attention", "zh": "需要关注"},
    "about_to_sleep": {"en": "About To Sleep", "zh": "即将沉睡"},
    "at_risk": {"en": "At Risk", "zh": "有流失风险"},
    "cant_lose_them": {"en": "Can't Lose Them", "zh": "不能失去的客户"},
    "hibernating": {"en": "Hibernating", "zh": "休眠客户"},
    "lost": {"en": "Lost", "zh": "已流失客户"},
    # cohort tables (features.cohort_table, plotting.plot_cohort_heatmap, models.fit_by_cohort)
    "cohort": {"en": "Cohort", "zh": "客户群组"},
    "cohort_acquisition": {"en": "Acquisition cohort", "zh": "获客群组"},
    "cohort_signup": {"en": "Signup cohort", "zh": "注册群组"},
    "cohort_unit_W": {"en": "weeks", "zh": "周"},
    "cohort_unit_M": {"en": "months", "zh": "月"},
    "cohort_unit_Q": {"en": "quarters", "zh": "季度"},
    "cohort_unit_Y": {"en": "years", "zh": "年"},
    "cohort_periods_since": {"en": "{unit} since acquisition", "zh": "获客后经过的{unit}数"},
    "cohort_title_share": {"en": "Share of each cohort's customers active (%)",
                           "zh": "各群组仍活跃的客户占比 (%)"},
    "cohort_title_customers": {"en": "Active customers per cohort (customers)",
                               "zh": "各群组活跃客户数 (人)"},
    "cohort_title_revenue": {"en": "Revenue per cohort ({currency})",
                             "zh": "各群组销售收入 ({currency})"},
    "cohort_title_revenue_share": {"en": "Revenue as % of the cohort's first period",
                                   "zh": "销售收入占群组首期收入的百分比 (%)"},
    "cohort_partial_note": {"en": "last period {last} observed in part (to {end})",
                            "zh": "最后一期 {last} 只观察到 {end}"},
    "cohort_skip_too_few": {"en": "{n} customers, fewer than min_customers={min}",
                            "zh": "仅 {n} 位客户,少于 min_customers={min}"},
    "cohort_skip_fit_failed": {"en": "fit failed: {error}", "zh": "拟合失败:{error}"},
    "rfm_litt": {"en": "Sum of log inter-purchase times (litt)",
                 "zh": "购买间隔时间对数之和 (litt)"},
    # notebook 02 (RFM segments): sentences, units and exercises
    "rfm_nb_data": {
        "en": "**{name}**: {n:,} customers, calibration period to {cal_end}, holdout to "
        "{obs_end}; value = revenue ({currency}).",
        "zh": "**{name}**：{n:,} 位客户，校准期截至 {cal_end}，验证期截至 {obs_end}；"
        "价值 = 销售收入（{currency}）。",
    },
    "rfm_unit_top_lift": {"en": "holdout revenue share / customer share",
                          "zh": "验证期收入占比 / 客户占比"},
    "rfm_unit_r": {"en": "score 1..{n} (higher = more recent), as of {date}",
                   "zh": "评分 1..{n}（越高表示最近一次消费越近），截至 {date}"},
    "rfm_unit_f": {"en": "score 1..{n} (higher = more purchase days), as of {date}",
                   "zh": "评分 1..{n}（越高表示购买天数越多），截至 {date}"},
    "rfm_unit_m": {"en": "score 1..{n} (higher = more spend), as of {date}",
                   "zh": "评分 1..{n}（越高表示消费金额越多），截至 {date}"},
    "rfm_unit_cell": {"en": "R, F and M scores as one number (RFM)",
                      "zh": "R、F、M 三个评分合成的一个数 (RFM)"},
    "rfm_unit_segment": {"en": "RFM segment key, as of {date}",
                         "zh": "RFM 细分群体代码，截至 {date}"},
    "rfm_ex_levels": {"en": "Score levels", "zh": "评分等级数"},
    "rfm_ex_cells": {"en": "RFM cells used", "zh": "实际出现的 RFM 组合数"},
    "rfm_ex_top_customers": {"en": "Customers with the top score on R, F and M",
                             "zh": "R、F、M 均为最高分的客户数"},
    "rfm_ex_top_share_customers": {"en": "Their share of customers", "zh": "其客户占比"},
    "rfm_ex_top_share_value": {"en": "Their share of revenue", "zh": "其销售收入占比"},
    "rfm_ex_champions": {
        "en": "Champions: {n:,} customers ({share_customers:.1%} of all) brought {share_value:.1%} "
        "of the calibration-period revenue and {share_holdout:.1%} of the holdout revenue.",
        "zh": "冠军客户：{n:,} 位（占全部客户的 {share_customers:.1%}），贡献了校准期销售收入的 "
        "{share_value:.1%}、验证期销售收入的 {share_holdout:.1%}。",
    },
    "rfm_ex_migration": {
        "en": "On {early} (3 months before the calibration end) {n:,} customers were Champions; on "
        "{late}, {stayed:,} of them still are and {moved:,} moved to another segment.",
        "zh": "在 {early}（校准期结束前 3 个月）有 {n:,} 位冠军客户；到 {late}，其中 {stayed:,} 位"
        "仍是冠军客户，{moved:,} 位转入了其他细分群体。",
    },
    "rfm_ex_migration_note": {
        "en": "Scores are quantiles, so a customer can change segment without changing behaviour: "
        "being overtaken by others is enough. Champions who did not buy again lose their top "
        "recency score first.",
        "zh": "评分是分位数，所以客户即使行为没有变化也可能换到别的细分群体：只要被别的客户超过就够了。"
        "没有再次购买的冠军客户首先失去的是最高的最近一次消费评分。",
    },
    "rfm_ex_segment_then": {"en": "Segment on {date}", "zh": "{date} 的细分群体"},
}
