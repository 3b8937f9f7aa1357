"""Labels: churn warning (流失预警) signals, metrics, columns and notebook headings."""

LABELS: dict[str, dict[str, str]] = {
    # signals
    "churn_signal_p_alive": {"en": "P(alive) model", "zh": "存活概率模型"},
    "churn_signal_overdue": {"en": "Overdue vs purchase cycle", "zh": "超出购买周期"},
    "churn_signal_logistic": {"en": "Logistic regression", "zh": "逻辑回归"},
    "churn_signal_gradient_boosting": {"en": "Gradient boosting", "zh": "梯度提升"},
    "churn_signal_random": {"en": "Random ranking", "zh": "随机排序"},
    # targets
    "churn_target_next_window": {"en": "No purchase in the next window", "zh": "下一窗口未购买"},
    "churn_target_truth_dropout": {"en": "Really dropped out (truth)", "zh": "真实流失"},
    # metrics
    "churn_metric_n": {"en": "Customers", "zh": "客户数"},
    "churn_metric_base_rate": {"en": "Base rate", "zh": "基准流失率"},
    "churn_metric_roc_auc": {"en": "ROC AUC", "zh": "ROC 曲线下面积"},
    "churn_metric_average_precision": {"en": "Average precision", "zh": "平均精度"},
    "churn_metric_precision_at_top": {"en": "Precision at top k%", "zh": "前 k% 精确率"},
    "churn_metric_lift_at_top": {"en": "Lift at top k%", "zh": "前 k% 提升度"},
    "churn_metric_flagged_share": {"en": "Share flagged", "zh": "预警比例"},
    "churn_metric_flag_precision": {"en": "Precision of flag", "zh": "预警精确率"},
    "churn_metric_flag_recall": {"en": "Recall of flag", "zh": "预警召回率"},
    "churn_metric_brier_score": {"en": "Brier score", "zh": "Brier 分数"},
    # axes
    "churn_axis_fpr": {"en": "False positive rate", "zh": "假阳性率"},
    "churn_axis_tpr": {"en": "True positive rate", "zh": "真阳性率"},
    "churn_axis_predicted": {"en": "Predicted probability of churn", "zh": "预测流失概率"},
    "churn_axis_observed": {"en": "Observed share without purchase", "zh": "实际未购买比例"},
    "churn_axis_perfect": {"en": "Perfectly calibrated", "zh": "完美校准"},
    "churn_axis_share_contacted": {"en": "Share of customers contacted", "zh": "联系客户比例"},
    "churn_axis_share_churners": {"en": "Share of churners found", "zh": "找到的流失客户比例"},
    # columns
    "churn_col_p_alive": {"en": "P(alive)", "zh": "存活概率"},
    "churn_col_overdue_ratio": {"en": "Overdue ratio", "zh": "超期倍数"},
    "churn_col_cycle_days": {"en": "Purchase cycle (days)", "zh": "购买周期(天)"},
    "churn_col_value_if_won_back": {"en": "Value if won back", "zh": "挽回后价值"},
    "churn_col_reason": {"en": "Reason flagged", "zh": "预警原因"},
    # headings
    "churn_title": {"en": "Churn warning", "zh": "流失预警"},
    "churn_title_roc": {"en": "ROC curves on the later window", "zh": "后续窗口上的 ROC 曲线"},
    "churn_title_calibration": {"en": "Calibration on the later window", "zh": "后续窗口上的校准曲线"},
    "churn_title_gains": {"en": "Cumulative gains on the later window", "zh": "后续窗口上的累积增益"},
    "churn_h_question": {"en": "The question", "zh": "问题"},
    "churn_h_data": {"en": "Data and time line", "zh": "数据与时间线"},
    "churn_h_palive": {"en": "Signal 1: P(alive) from a transaction model",
                       "zh": "信号一：交易模型的存活概率"},
    "churn_h_overdue": {"en": "Signal 2: overdue against the purchase cycle",
                        "zh": "信号二：超出购买周期"},
    "churn_h_supervised": {"en": "Signal 3: supervised model split by time",
                           "zh": "信号三：按时间划分的监督学习模型"},
    "churn_h_comparison": {"en": "Comparison on the later window", "zh": "在后续窗口上的比较"},
    "churn_h_winback": {"en": "Win-back list", "zh": "流失客户挽回名单"},
    "churn_h_conclusion": {"en": "Conclusion", "zh": "结论"},
}
