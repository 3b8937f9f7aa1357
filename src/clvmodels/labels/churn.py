"""Labels: churn warning (流失预警) signals, metrics, columns and notebook headings."""

LABELS: dict[str, dict[str, str]] = {
    # signals
    "churn_signal_p_alive": {"en": "P(alive) model", "zh": "存活概率模型"},
    "churn_signal_overdue": {"en": "Overdue vs purchase cycle", "zh": "超出购买周期"},
    "churn_signal_regular_overdue": {"en": "Overdue regular buyer (CNBD-k model)",
                                     "zh": "规律购买者逾期（CNBD-k 模型）"},
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
    "churn_col_purchases_per_year": {"en": "Purchases per year", "zh": "年购买次数"},
    "churn_col_spend_per_purchase": {"en": "Spend per purchase", "zh": "每次购买金额"},
    "churn_col_days_since_last_purchase": {"en": "Days since last purchase", "zh": "距上次购买天数"},
    "churn_col_n_signals": {"en": "Signals flagging", "zh": "预警信号数"},
    "churn_col_signals": {"en": "Signals", "zh": "预警信号"},
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
    # sentence templates (str.format fields in braces): why a customer is on the win-back list
    "churn_reason_regular_overdue": {
        "en": "regular buyer overdue: P(would have bought by now) {p:.2f}",
        "zh": "规律购买者逾期：本应已再次购买的概率 {p:.2f}"},
    "churn_reason_p_alive": {"en": "P(alive) {p_alive:.2f} < {threshold:.2f}",
                             "zh": "存活概率 {p_alive:.2f} < {threshold:.2f}"},
    "churn_reason_overdue_population": {
        "en": "one-time buyer: {days:.0f} days since purchase = {ratio:.1f}x the population "
              "cycle ({cycle:.0f} days)",
        "zh": "仅购买一次: 距上次购买 {days:.0f} 天 = 总体购买周期 ({cycle:.0f} 天) 的 {ratio:.1f} 倍",
    },
    "churn_reason_overdue_own": {
        "en": "{days:.0f} days since last purchase = {ratio:.1f}x own cycle ({cycle:.0f} days)",
        "zh": "距上次购买 {days:.0f} 天 = 自身购买周期 ({cycle:.0f} 天) 的 {ratio:.1f} 倍",
    },
    "churn_reason_supervised": {"en": "{signal}: P(no purchase next window) {p:.2f}",
                                "zh": "{signal}: 下一窗口不购买概率 {p:.2f}"},
    # sentence templates: the conclusion of a run
    "churn_conclusion_one_outcome": {
        "en": "- {share:.1f}% of customers made no purchase in the next {days} days: with one "
              "outcome only, the signals cannot be compared.",
        "zh": "- 随后 {days} 天内 {share:.1f}% 的客户未购买：只有一种结果，无法比较信号。",
    },
    "churn_conclusion_base_rate": {
        "en": "- Of the {n:,} customers scored on {date}, {share:.1f}% made no purchase in the "
              "next {days} days.",
        "zh": "- 在 {date} 评分的 {n:,} 位客户中，{share:.1f}% 在随后 {days} 天内没有购买。",
    },
    "churn_conclusion_best": {
        "en": "- By ROC AUC the best signal is **{best}** ({auc:.3f}; random = 0.5); in the top "
              "{pct:.0f}% of scores the highest lift is **{best_lift}** ({lift:.2f}x).",
        "zh": "- 按 ROC AUC，最好的信号是 **{best}**（{auc:.3f}；随机为 0.5）；在得分最高的 {pct:.0f}% "
              "客户中，提升度最高的是 **{best_lift}**（{lift:.2f} 倍）。",
    },
    "churn_conclusion_signal": {
        "en": "- {signal}: AUC {auc:.3f}, average precision {ap:.3f}, flags {flagged:.1f}% of "
              "customers, {precision:.1f}% of whom indeed did not buy again.",
        "zh": "- {signal}: AUC {auc:.3f}, 平均精度 {ap:.3f}, 标记 {flagged:.1f}% 的客户，其中 "
              "{precision:.1f}% 确实未再购买。",
    },
    "churn_conclusion_truth": {
        "en": "- Against the truth ({share:.1f}% had really dropped out by {date}), **{best}** has "
              "the highest AUC ({auc:.3f}).",
        "zh": "- 对照真实流失（截至 {date} 已流失 {share:.1f}%），**{best}** 的 AUC 最高（{auc:.3f}）。",
    },
    "churn_conclusion_winback": {
        "en": "- The win-back list holds {n:,} dormant customers worth about {total:,.0f} "
              "{currency} over {days} days (undiscounted) if all were won back.",
        "zh": "- 挽回名单共 {n:,} 位休眠客户；若全部挽回，{days} 天内价值约 {total:,.0f} {currency}（未贴现）。",
    },
    # sentence templates: the time line of a run
    "churn_timeline_training": {
        "en": "- **Training**: features up to {t0}, label = no purchase in ({t0}, {t1}] "
              "({n_train:,} customers).",
        "zh": "- **训练**：特征截至 {t0}，标签 = ({t0}, {t1}] 内是否未购买（{n_train:,} 位客户）。",
    },
    "churn_timeline_scoring": {
        "en": "- **Scoring**: features up to {t1} ({n_scored:,} customers); the P(alive) model "
              "{model} is fitted on data up to {t1} only.",
        "zh": "- **评分**：特征截至 {t1}（{n_scored:,} 位客户）；存活概率模型 {model} 也只用 {t1} "
              "之前的数据拟合。",
    },
    "churn_timeline_evaluation": {
        "en": "- **Evaluation**: no purchase in ({t1}, {t2}], {days} days that no signal has seen.",
        "zh": "- **评估**：({t1}, {t2}] 共 {days} 天内是否未购买；评分时从未使用这一窗口的数据。",
    },
}
