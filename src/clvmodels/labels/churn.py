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
    # ---- notebook 05 step by step (churn_step_*), its tables and exercises -------------------
    # features at a date (format_features); money features get the currency appended
    "churn_feat_days_since_last_purchase": {"en": "Days since last purchase", "zh": "距上次购买天数"},
    "churn_feat_tenure_days": {"en": "Tenure (days since first purchase)", "zh": "客户关系时长（距首次购买天数）"},
    "churn_feat_n_orders": {"en": "Orders", "zh": "订单数"},
    "churn_feat_n_purchase_days": {"en": "Purchase days", "zh": "购买天数"},
    "churn_feat_total_spend": {"en": "Total spend", "zh": "累计消费金额"},
    "churn_feat_mean_order_value": {"en": "Average order value", "zh": "平均订单金额"},
    "churn_feat_avg_cycle_days": {"en": "Own purchase cycle (days; repeat buyers)",
                                  "zh": "自身购买周期（天；仅重复购买者）"},
    "churn_feat_one_time_buyer": {"en": "One-time buyer (1 = yes; mean = share)",
                                  "zh": "仅购买一次（1 = 是；均值即比例）"},
    "churn_feat_repeat_rate_per_year": {"en": "Repeat purchase days per year",
                                        "zh": "每年重复购买天数"},
    "churn_feat_population_cycle_days": {"en": "Population purchase cycle (days)",
                                         "zh": "总体购买周期（天）"},
    "churn_feat_overdue_ratio": {"en": "Overdue ratio (days since last purchase / cycle)",
                                 "zh": "超期倍数（距上次购买天数 / 购买周期）"},
    "churn_feat_purchases_recent": {"en": "Purchase days, last window", "zh": "最近一个窗口的购买天数"},
    "churn_feat_purchases_previous": {"en": "Purchase days, window before",
                                      "zh": "前一个窗口的购买天数"},
    "churn_feat_spend_recent": {"en": "Spend, last window", "zh": "最近一个窗口的消费金额"},
    "churn_feat_spend_previous": {"en": "Spend, window before", "zh": "前一个窗口的消费金额"},
    "churn_feat_frequency_trend": {"en": "Frequency trend (last minus previous purchase days)",
                                   "zh": "频率趋势（最近窗口减前一窗口的购买天数）"},
    "churn_feat_spend_trend": {"en": "Spend trend (log(1 + last) minus log(1 + previous))",
                               "zh": "消费趋势（log(1 + 最近) 减 log(1 + 前一窗口)）"},
    # the overdue table (format_overdue)
    "churn_cycle_own": {"en": "Own cycle (repeat buyers)", "zh": "自身购买周期（重复购买者）"},
    "churn_cycle_population": {"en": "Population cycle (one-time buyers)",
                               "zh": "总体购买周期（仅购买一次者）"},
    "churn_cycle_all": {"en": "All customers", "zh": "全部客户"},
    "churn_col_cycle_source": {"en": "Purchase cycle used", "zh": "所用购买周期"},
    "churn_col_n_flagged": {"en": "Flagged", "zh": "被预警客户数"},
    "churn_col_share_flagged": {"en": "Share flagged", "zh": "预警比例"},
    "churn_col_median_cycle": {"en": "Median purchase cycle (days)", "zh": "购买周期中位数（天）"},
    "churn_col_median_overdue_ratio": {"en": "Median overdue ratio", "zh": "超期倍数中位数"},
    # the supervised models table (format_models)
    "churn_col_model": {"en": "Model", "zh": "模型"},
    "churn_col_n_train": {"en": "Training customers", "zh": "训练客户数"},
    "churn_col_base_rate_train": {"en": "No purchase in the training window",
                                  "zh": "训练窗口内未购买比例"},
    "churn_col_calibration": {"en": "Calibration", "zh": "校准方法"},
    "churn_col_n_features": {"en": "Features", "zh": "特征数"},
    "churn_calibration_isotonic": {"en": "Isotonic regression", "zh": "保序回归"},
    "churn_calibration_sigmoid": {"en": "Platt scaling (sigmoid)", "zh": "Platt 缩放（S 型函数）"},
    "churn_col_probability": {"en": "Probability", "zh": "概率"},
    "churn_col_p_no_purchase": {"en": "P(no purchase in the next window)",
                                "zh": "下一窗口不购买的概率"},
    "churn_col_p_overdue": {"en": "P(would have bought by now)", "zh": "本应已再次购买的概率"},
    "churn_col_clv": {"en": "CLV ({unit})", "zh": "客户终身价值（{unit}）"},
    # sentences of the steps
    "churn_step_data": {"en": "**Data set {name}**: {description}",
                        "zh": "**数据集 {name}**：{description}"},
    "churn_step_dates": {
        "en": "- **t0 = {t0}**: cut-off of the training features; the training label is "
              "\"no purchase in (t0, t1]\".\n"
              "- **t1 = {t1}**: scoring day; every signal uses transactions up to this day only.\n"
              "- **t2 = {t2}**: end of the evaluation window (t1, t2] of {days} days, which no "
              "signal sees.",
        "zh": "- **t0 = {t0}**：训练特征的截止日；训练标签为“(t0, t1] 内未购买”。\n"
              "- **t1 = {t1}**：评分日；所有信号只使用截至这一天的交易。\n"
              "- **t2 = {t2}**：评估窗口 (t1, t2] 的结束日，共 {days} 天，任何信号都看不到这段数据。",
    },
    "churn_step_features": {
        "en": "Features on the scoring day t1 = {t1} for the {n:,} customers who bought on or "
              "before it:",
        "zh": "评分日 t1 = {t1} 的特征，覆盖在此之前购买过的 {n:,} 位客户：",
    },
    "churn_step_outcome": {
        "en": "Of the {n:,} customers scored on {t1}, **{share:.1%}** ({n_churn:,}) made no "
              "purchase in ({t1}, {t2}]: this is the outcome every signal is judged on.",
        "zh": "在 {t1} 评分的 {n:,} 位客户中，有 **{share:.1%}**（{n_churn:,} 位）在 ({t1}, {t2}] "
              "内没有购买：这就是评判每个信号的结果。",
    },
    "churn_step_palive_flagged": {
        "en": "P(alive) < {threshold} ({model}): **{n:,}** customers flagged ({share:.1%}).",
        "zh": "存活概率 < {threshold}（{model}）：预警 **{n:,}** 位客户（{share:.1%}）。",
    },
    "churn_step_regular_flagged": {
        "en": "Regular-buyer model {model}: P(would have bought by now) ≥ {threshold} flags "
              "**{n:,}** customers ({share:.1%}).",
        "zh": "规律购买者模型 {model}：本应已再次购买的概率 ≥ {threshold}，预警 **{n:,}** 位客户"
              "（{share:.1%}）。",
    },
    "churn_step_regular_none": {
        "en": "{model} is not a regular-buyer model: no overdue probability on this run "
              "(choose MBG/CNBD-k or BG/CNBD-k to add it).",
        "zh": "{model} 不是规律购买者模型：本次没有逾期概率（选择 MBG/CNBD-k 或 BG/CNBD-k 即可加入）。",
    },
    "churn_step_overdue_flagged": {
        "en": "Days since the last purchase > {k} × purchase cycle: **{n:,}** customers flagged "
              "({share:.1%}).",
        "zh": "距上次购买天数 > {k} × 购买周期：预警 **{n:,}** 位客户（{share:.1%}）。",
    },
    "churn_step_training": {
        "en": "Training set: the {n:,} customers who bought on or before t0 = {t0}, with their "
              "features on t0; {share:.1%} of them made no purchase in ({t0}, {t1}].",
        "zh": "训练集：在 t0 = {t0} 之前购买过的 {n:,} 位客户及其在 t0 的特征；其中 {share:.1%} "
              "在 ({t0}, {t1}] 内没有购买。",
    },
    "churn_step_supervised_flagged": {
        "en": "{signal}: P(no purchase in the next window) ≥ {threshold} flags **{n:,}** "
              "customers ({share:.1%}).",
        "zh": "{signal}：下一窗口不购买的概率 ≥ {threshold}，预警 **{n:,}** 位客户（{share:.1%}）。",
    },
    # headline units and labels
    "churn_unit_base_rate": {"en": "share of customers without purchase in {weeks} weeks",
                             "zh": "{weeks} 周内未购买的客户比例"},
    "churn_unit_best_auc": {"en": "ROC AUC of {signal} on the later {weeks}-week window "
                                  "(random = 0.5)",
                            "zh": "{signal}在后续 {weeks} 周窗口上的 ROC AUC（随机 = 0.5）"},
    "churn_unit_best_lift": {"en": "lift at the top {pct:.0%} (random = 1)",
                             "zh": "得分最高的 {pct:.0%} 客户中的提升度（随机 = 1）"},
    "churn_unit_palive_truth": {"en": "ROC AUC of P(alive) against true dropout (synthetic "
                                      "data; random = 0.5)",
                                "zh": "存活概率对照真实流失的 ROC AUC（模拟数据；随机 = 0.5）"},
    "churn_unit_winback_customers": {"en": "customers flagged by at least {n} signals",
                                     "zh": "被至少 {n} 个信号预警的客户"},
    "churn_unit_money_window": {"en": "{currency} over {days} days, undiscounted",
                                "zh": "{currency}，{days} 天，未贴现"},
    "churn_label_winback_clv": {"en": "Win-back list · CLV", "zh": "挽回名单 · 客户终身价值"},
    # units of the recorded per-customer scores
    "churn_unit_n_signals": {"en": "signals (of {n}) flagging the customer on {date}",
                             "zh": "{date} 预警该客户的信号数（共 {n} 个）"},
    "churn_unit_flag": {"en": "flagged by at least {n} signals on {date}",
                        "zh": "{date} 被至少 {n} 个信号预警"},
    "churn_unit_overdue_ratio": {"en": "days since last purchase / purchase cycle",
                                 "zh": "距上次购买天数 / 购买周期"},
    "churn_unit_p_no_purchase": {"en": "probability of no purchase in the {weeks} weeks after "
                                       "{date} ({signal})",
                                 "zh": "{date} 之后 {weeks} 周内不购买的概率（{signal}）"},
    "churn_unit_winback_priority": {"en": "rank in the win-back list (1 = most value if won back)",
                                    "zh": "在挽回名单中的排名（1 = 挽回后价值最高）"},
    # exercises
    "churn_ex_k": {
        "en": "With k = {k}: **{n:,}** customers flagged overdue, {fewer:,} fewer than with "
              "k = {k0} ({n0:,}). Precision of the flag: {p:.1%} (was {p0:.1%}); lift at the top "
              "{pct:.0%}: {lift:.2f} (was {lift0:.2f}).",
        "zh": "k = {k} 时：预警 **{n:,}** 位超期客户，比 k = {k0} 时（{n0:,} 位）少 {fewer:,} 位。"
              "预警精确率：{p:.1%}（原为 {p0:.1%}）；得分最高的 {pct:.0%} 客户中的提升度：{lift:.2f}"
              "（原为 {lift0:.2f}）。",
    },
    "churn_ex_k_why": {
        "en": "A larger k flags fewer customers, and those it keeps are longer overdue: the flag "
              "is usually more precise but finds fewer churners (lower recall). The lift at the "
              "top does not move: it ranks customers by the overdue ratio, which does not depend "
              "on k; k only sets where the yes/no line is drawn.",
        "zh": "k 越大，被预警的客户越少，留下的都是超期更久的客户：预警通常更精确，但找到的流失客户"
              "更少（召回率更低）。得分最高部分的提升度不变：它按超期倍数给客户排序，而超期倍数与 k "
              "无关；k 只决定“是否预警”的分界线画在哪里。",
    },
    "churn_ex_threshold": {
        "en": "{signal} flags **{n:,}** customers; P(alive) < {threshold:.3f} flags {n_pa:,}. "
              "Share of them without purchase in the later window: {p_sup:.1%} ({signal}) vs "
              "{p_pa:.1%} (P(alive)).",
        "zh": "{signal}预警 **{n:,}** 位客户；存活概率 < {threshold:.3f} 预警 {n_pa:,} 位。"
              "其中在后续窗口未购买的比例：{p_sup:.1%}（{signal}）对 {p_pa:.1%}（存活概率）。",
    },
    "churn_ex_top10": {
        "en": "The top {top} of the {n:,} customers on the win-back list are worth **{value:,.0f} "
              "{currency}** over {days} days if won back: {share:.1%} of the list's "
              "{total:,.0f} {currency}.",
        "zh": "挽回名单 {n:,} 位客户中排名前 {top} 的客户，若被挽回，{days} 天内价值 **{value:,.0f} "
              "{currency}**：占名单总价值 {total:,.0f} {currency} 的 {share:.1%}。",
    },
}
