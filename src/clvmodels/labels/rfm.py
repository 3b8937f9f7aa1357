"""Labels: RFM scores and the 11 named RFM segments (segment keys are the keys of rfm_segments)."""

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
}
