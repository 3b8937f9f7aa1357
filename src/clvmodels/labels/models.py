"""Labels: probabilistic CLV models (概率型客户终身价值模型), their plots and notebook 03."""

LABELS: dict[str, dict[str, str]] = {
    # models and concepts
    "clvm_bgnbd": {"en": "BG/NBD", "zh": "BG/NBD 模型"},
    "clvm_paretonbd": {"en": "Pareto/NBD", "zh": "Pareto/NBD 模型"},
    "clvm_mbgnbd": {"en": "MBG/NBD", "zh": "MBG/NBD 模型"},
    "clvm_bgbb": {"en": "BG/BB", "zh": "BG/BB 模型"},
    "clvm_gammagamma": {"en": "Gamma-Gamma spend model", "zh": "伽马-伽马消费金额模型"},
    "clvm_p_alive": {"en": "P(alive)", "zh": "存活概率 P(alive)"},
    "clvm_expected_purchases": {"en": "Expected purchases", "zh": "预期购买次数"},
    "clvm_expected_spend": {"en": "Expected spend per purchase", "zh": "预期单次消费金额"},
    "clvm_clv": {"en": "Customer lifetime value (CLV)", "zh": "客户终身价值 (CLV)"},
    "clvm_clv_total": {"en": "Total CLV of all customers", "zh": "全部客户终身价值合计"},
    "clvm_clv_mean": {"en": "Mean CLV per customer", "zh": "客户平均终身价值"},
    "clvm_dert": {"en": "Discounted expected residual transactions (DERT)", "zh": "贴现后预期剩余交易次数 (DERT)"},
    "clvm_dropout": {"en": "Dropout (churn)", "zh": "流失"},
    "clvm_holdout": {"en": "Holdout period", "zh": "验证期"},
    "clvm_calibration": {"en": "Calibration period", "zh": "校准期"},
    # axes and legends
    "clvm_axis_frequency": {"en": "Frequency (repeat purchases)", "zh": "重复购买次数 (频率)"},
    "clvm_axis_recency": {"en": "Recency (age at last purchase)", "zh": "最后一次购买时的客户年龄 (近度)"},
    "clvm_axis_customers": {"en": "Number of customers", "zh": "客户数"},
    "clvm_axis_repeat_purchases": {"en": "Repeat purchases", "zh": "重复购买次数"},
    "clvm_axis_cum_repeat": {"en": "Cumulative repeat purchases", "zh": "累计重复购买次数"},
    "clvm_axis_weekly_repeat": {"en": "Repeat purchases per week", "zh": "每周重复购买次数"},
    "clvm_axis_holdout_purchases": {"en": "Mean holdout purchases", "zh": "验证期平均购买次数"},
    "clvm_axis_calibration_frequency": {"en": "Calibration-period repeat purchases", "zh": "校准期重复购买次数"},
    "clvm_axis_date": {"en": "Date", "zh": "日期"},
    "clvm_actual": {"en": "Actual", "zh": "实际"},
    "clvm_model": {"en": "Model", "zh": "模型"},
    "clvm_purchase": {"en": "Purchase", "zh": "购买"},
    "clvm_end_of_calibration": {"en": "End of calibration", "zh": "校准期结束"},
    # plot titles
    "clvm_title_fr_expected": {"en": "Expected purchases next period by frequency and recency",
                               "zh": "按频率与近度划分的下一期预期购买次数"},
    "clvm_title_fr_alive": {"en": "Probability alive by frequency and recency", "zh": "按频率与近度划分的存活概率"},
    "clvm_title_histogram": {"en": "Calibration period: repeat purchases per customer",
                             "zh": "校准期：每位客户的重复购买次数分布"},
    "clvm_title_conditional": {"en": "Holdout purchases by calibration frequency",
                               "zh": "按校准期频率划分的验证期购买次数"},
    "clvm_title_tracking_cum": {"en": "Tracking cumulative repeat purchases", "zh": "累计重复购买次数跟踪"},
    "clvm_title_tracking_inc": {"en": "Tracking weekly repeat purchases", "zh": "每周重复购买次数跟踪"},
    "clvm_title_alive_history": {"en": "P(alive) history of customer {customer}", "zh": "客户 {customer} 的存活概率变化"},
    "clvm_title_clv_distribution": {"en": "Distribution of customer lifetime value", "zh": "客户终身价值分布"},
    # notebook headings
    "clvm_h_question": {"en": "Which customers will buy again, and what are they worth?",
                        "zh": "哪些客户还会再来购买？他们值多少钱？"},
    "clvm_h_data": {"en": "Data: calibration and holdout periods", "zh": "数据：校准期与验证期"},
    "clvm_h_models": {"en": "The models and their stories", "zh": "模型及其背后的故事"},
    "clvm_h_fit": {"en": "Fitting the models", "zh": "模型拟合"},
    "clvm_h_validation": {"en": "Holdout validation side by side", "zh": "验证期对比"},
    "clvm_h_regularity": {"en": "Regular or Poisson buyers? (CNBD-k)", "zh": "规律购买还是随机购买？（CNBD-k 模型）"},
    "clvm_regularity_data": {"en": "This data", "zh": "本数据"},
    "clvm_regularity_example": {"en": "Synthetic regular buyers (planted k = {k})", "zh": "模拟规律购买者（设定 k = {k}）"},
    "clvm_regularity_k": {"en": "Regularity k (Erlang order)", "zh": "规律性 k（Erlang 阶数）"},
    "clvm_regularity_gain": {"en": "Log-likelihood gain over k = 1", "zh": "相对 k = 1 的对数似然增益"},
    "clvm_regularity_silence": {"en": "Time since the last purchase", "zh": "距上次购买的时间"},
    "clvm_regularity_title_k": {"en": "{name}: which k fits best?", "zh": "{name}：哪个 k 拟合最好？"},
    "clvm_regularity_title_alive": {"en": "P(alive) of a customer with {x} repeat purchases over {age:.0f} {unit}",
                                    "zh": "{age:.0f} {unit}内重复购买 {x} 次的客户的存活概率"},
    "clvm_regularity_note_poisson": {
        "en": "{name}: k = 1 fits best ({n:,} customers), so purchases look memoryless (Poisson) and "
              "the (M)BG/NBD models' story holds; a long silence is only mild evidence of churn.",
        "zh": "{name}：k = 1 拟合最好（{n:,} 位客户），购买间隔近似无记忆（泊松过程），"
              "(M)BG/NBD 模型的假设成立；长时间未购买只是较弱的流失证据。"},
    "clvm_regularity_note_regular": {
        "en": "{name}: k = {k} fits best ({n:,} customers; log-likelihood {gain:+,.1f} over k = 1), so "
              "customers buy on a rhythm: the spread of an active customer's inter-purchase times is "
              "{cv:.0%} of their mean (100% for Poisson buying). A silence of a few cycles is then "
              "strong evidence of churn, which only the (M)BG/CNBD-k models use (compare their holdout errors).",
        "zh": "{name}：k = {k} 拟合最好（{n:,} 位客户；对数似然比 k = 1 高 {gain:+,.1f}），"
              "客户按节奏购买：活跃客户购买间隔的标准差是均值的 {cv:.0%}（泊松购买为 100%）。"
              "因此沉默几个周期就是很强的流失证据，只有 (M)BG/CNBD-k 模型利用了这一点（请比较它们的验证期误差）。"},
    "clvm_regularity_note_alive": {
        "en": "After a silence of {silence:.0f} {unit}, P(alive) is {p_poisson:.0%} under {poisson} but "
              "{p_regular:.0%} under {regular}.",
        "zh": "沉默 {silence:.0f} {unit}后，{poisson} 给出的存活概率为 {p_poisson:.0%}，{regular} 为 {p_regular:.0%}。"},
    "clvm_h_customers": {"en": "What the model says about individual customers", "zh": "模型对单个客户的判断"},
    "clvm_h_clv": {"en": "Customer lifetime value", "zh": "客户终身价值"},
    "clvm_h_conclusion": {"en": "Conclusion", "zh": "结论"},
    # comparison table columns
    "clvm_col_mae": {"en": "MAE (purchases per customer)", "zh": "平均绝对误差 (每客户购买次数)"},
    "clvm_col_rmse": {"en": "RMSE", "zh": "均方根误差"},
    "clvm_col_correlation": {"en": "Correlation", "zh": "相关系数"},
    "clvm_col_total_predicted": {"en": "Total predicted", "zh": "预测总数"},
    "clvm_col_total_actual": {"en": "Total actual", "zh": "实际总数"},
    "clvm_col_total_error_pct": {"en": "Total error (%)", "zh": "总量误差 (%)"},
    "clvm_col_chi_square": {"en": "Chi-square (calibration histogram)", "zh": "卡方统计量 (校准期分布)"},
    "clvm_col_chi_square_pvalue": {"en": "Chi-square p-value", "zh": "卡方检验 p 值"},
    "clvm_col_value_mae": {"en": "Value MAE (per customer)", "zh": "价值平均绝对误差（每位客户）"},
    "clvm_col_value_rmse": {"en": "Value RMSE (per customer)", "zh": "价值均方根误差（每位客户）"},
    "clvm_col_value_correlation": {"en": "Value correlation", "zh": "价值相关系数"},
    "clvm_col_value_total_predicted": {"en": "Holdout revenue predicted", "zh": "验证期预测收入"},
    "clvm_col_value_total_actual": {"en": "Holdout revenue realized", "zh": "验证期实际收入"},
    "clvm_col_value_total_error_pct": {"en": "Revenue total error (%)", "zh": "收入总量误差 (%)"},
    "clvm_col_value_top_share": {"en": "Revenue share of the top 10% by predicted value",
                                 "zh": "预测价值前 10% 客户的实际收入占比"},
    "clvm_col_value_top_share_best": {"en": "Revenue share of the top 10% by realized revenue (best possible)",
                                      "zh": "实际收入前 10% 客户的收入占比 (最优)"},
    "clvm_col_value_gini": {"en": "Normalized Gini of the value ranking (1 = perfect)",
                            "zh": "价值排序的标准化基尼系数 (1 = 完美)"},
    "clvm_col_spend_mae": {"en": "Spend per purchase MAE (repeat buyers)",
                           "zh": "单次消费金额平均绝对误差（重复购买者）"},
    "clvm_col_spend_correlation": {"en": "Spend per purchase correlation", "zh": "单次消费金额相关系数"},
    "clvm_col_n_params": {"en": "Parameters", "zh": "参数个数"},
    "clvm_col_aic": {"en": "AIC (lower is better)", "zh": "AIC（越小越好）"},
    "clvm_col_bic": {"en": "BIC (lower is better)", "zh": "BIC（越小越好）"},
    "clvm_headline_best_bic": {"en": "Best model by BIC", "zh": "按 BIC 的最佳模型"},
    "clvm_headline_best_value": {"en": "Best model on holdout revenue", "zh": "验证期收入预测最佳模型"},
    "clvm_headline_best_value_unit": {"en": "lowest revenue error per customer", "zh": "每客户收入误差最小"},
    "clvm_h_intervals": {"en": "Prediction intervals per customer", "zh": "每位客户的预测区间"},
    "clvm_interval_note": {
        "en": "{model}'s {level:.0%} prediction intervals for holdout purchases, checked on {n:,} "
              "customers: {cov:.1%} of the outcomes fall in the central {level:.0%} of their "
              "predictive distribution (randomized PIT; {level:.0%} when calibrated), and {incl:.1%} "
              "inside [lower, upper] (whole-number ends cover more).",
        "zh": "{model} 的验证期购买次数 {level:.0%} 预测区间，在 {n:,} 位客户上检验：{cov:.1%} 的实际结果落在"
              "其预测分布的中间 {level:.0%}（随机化 PIT；校准良好时为 {level:.0%}），{incl:.1%} 落在 "
              "[下限, 上限] 之内（整数端点覆盖更多）。"},
    "clvm_interval_note_revenue": {
        "en": "For holdout revenue: {cov:.1%}.", "zh": "验证期收入：{cov:.1%}。"},
    "clvm_interval_purchases": {"en": "Holdout purchases", "zh": "验证期购买次数"},
    "clvm_interval_revenue": {"en": "Holdout revenue", "zh": "验证期收入"},
    "clvm_interval_mean": {"en": "expected", "zh": "期望"},
    "clvm_interval_lower": {"en": "lower", "zh": "下限"},
    "clvm_interval_upper": {"en": "upper", "zh": "上限"},
    "clvm_interval_actual": {"en": "actual", "zh": "实际"},
    "clvm_best_models": {"en": "Best model: {parts}.", "zh": "最佳模型：{parts}。"},
    "clvm_best_bic": {"en": "{model} by BIC (fit for its number of parameters)", "zh": "按 BIC（兼顾参数个数的拟合）为 {model}"},
    "clvm_best_aic": {"en": "{model} by AIC", "zh": "按 AIC 为 {model}"},
    "clvm_best_mae": {"en": "{model} by holdout purchase error (MAE)", "zh": "按验证期购买次数误差 (MAE) 为 {model}"},
    "clvm_best_value_mae": {"en": "{model} by holdout revenue error", "zh": "按验证期收入误差为 {model}"},
    "clvm_best_value_gini": {"en": "{model} by how well predicted value ranks customers (Gini)",
                             "zh": "按预测价值对客户排序的准确度（基尼系数）为 {model}"},
    "clvm_col_log_likelihood": {"en": "Log-likelihood", "zh": "对数似然"},
    "clvm_col_chi_square_dof": {"en": "Degrees of freedom", "zh": "自由度"},
    "clvm_interval_undefined": {
        "en": "No intervals: {model} has no standard errors on these data (singular Hessian; "
        "more customers usually fix it).",
        "zh": "无区间：{model} 在此数据上没有标准误（Hessian 奇异；增加客户数通常可以解决）。",
    },
    "clvm_h_covariates": {"en": "Customer attributes in the models", "zh": "模型中的客户属性（协变量）"},
    "clvm_cov_unavailable": {
        "en": "No customer attributes to model: the data have no customer table with the attributes "
              "`covariates = {cols}` asks for (customer type and acquisition channel for \"auto\"). Give a "
              "CRM database with a customers table, or name its columns in `covariates`.",
        "zh": "没有可建模的客户属性：数据中没有包含 `covariates = {cols}` 所要求属性的客户表（取 \"auto\" 时为"
              "客户类型和获客渠道）。请提供带客户表的 CRM 数据库，或在 `covariates` 中指定其列。"},
    "clvm_cov_note": {
        "en": "{model} with the attributes {names}: against the same model without them the "
              "likelihood-ratio test gives chi-square {stat:.1f} on {df} degrees of freedom "
              "(p = {p:.2g}). {effects}",
        "zh": "{model} 加入客户属性 {names}：与不含属性的同一模型相比，似然比检验的卡方值为 {stat:.1f}，"
              "自由度 {df}（p = {p:.2g}）。{effects}"},
    "clvm_cov_effects": {"en": "At the 5% level: {parts}.", "zh": "在 5% 显著性水平下：{parts}。"},
    "clvm_cov_no_effect": {"en": "No attribute effect is significant at the 5% level.",
                           "zh": "在 5% 显著性水平下，没有显著的属性效应。"},
    "clvm_cov_purchase": {"en": "{who} buy {f:.2f}x as often (95% CI {lo:.2f}-{hi:.2f})",
                          "zh": "{who}的购买频率是基准的 {f:.2f} 倍（95% 置信区间 {lo:.2f}-{hi:.2f}）"},
    "clvm_cov_dropout": {"en": "{who} drop out {f:.2f}x as fast ({lo:.2f}-{hi:.2f})",
                         "zh": "{who}的流失速度是基准的 {f:.2f} 倍（{lo:.2f}-{hi:.2f}）"},
    "clvm_cov_dropout_spread": {
        "en": "{who} have dropout probabilities {f:.2f}x as concentrated around the same mean ({lo:.2f}-{hi:.2f})",
        "zh": "{who}的流失概率在相同均值附近的集中程度是基准的 {f:.2f} 倍（{lo:.2f}-{hi:.2f}）"},
    "clvm_cov_both": {"en": "{who} buy {f:.2f}x as often and drop out {f:.2f}x as fast ({lo:.2f}-{hi:.2f})",
                      "zh": "{who}的购买频率与流失速度均为基准的 {f:.2f} 倍（{lo:.2f}-{hi:.2f}）"},
    "clvm_cov_spend": {"en": "{who} spend {f:.2f}x as much per purchase ({lo:.2f}-{hi:.2f})",
                       "zh": "{who}的单次消费金额是基准的 {f:.2f} 倍（{lo:.2f}-{hi:.2f}）"},
    "clvm_cov_who_level": {"en": "customers with {col} = {level} (against {base})",
                           "zh": "{col} 为 {level} 的客户（相对于 {base}）"},
    "clvm_cov_who_unit": {"en": "customers one unit higher in {col}", "zh": "{col} 每高一个单位的客户"},
    "clvm_cov_col_process": {"en": "Process", "zh": "过程"},
    "clvm_cov_col_attribute": {"en": "Attribute", "zh": "属性"},
    "clvm_cov_col_coefficient": {"en": "Coefficient", "zh": "系数"},
    "clvm_cov_col_std_error": {"en": "Std. error", "zh": "标准误"},
    "clvm_cov_col_factor": {"en": "Multiplier exp(coefficient)", "zh": "乘数 exp(系数)"},
    "clvm_cov_col_lower": {"en": "95% CI lower (multiplier)", "zh": "95% 置信下限（乘数）"},
    "clvm_cov_col_upper": {"en": "95% CI upper (multiplier)", "zh": "95% 置信上限（乘数）"},
    "clvm_cov_col_p_value": {"en": "p-value", "zh": "p 值"},
    "clvm_cov_process_purchase": {"en": "purchase rate", "zh": "购买率"},
    "clvm_cov_process_dropout": {"en": "dropout", "zh": "流失"},
    "clvm_cov_process_purchase+dropout": {"en": "purchase and dropout (one coefficient)", "zh": "购买与流失（共用系数）"},
    "clvm_cov_process_spend": {"en": "spend per purchase", "zh": "单次消费金额"},
    "clvm_h_reference": {"en": "Checked against the reference library", "zh": "与参考库 lifetimes 对照"},
    "clvm_ref_loglik": {"en": "log-likelihood", "zh": "对数似然"},
    "clvm_ref_seconds": {"en": "fit time (s)", "zh": "拟合耗时（秒）"},
    "clvm_ref_published": {"en": "published", "zh": "文献值"},
    "clvm_ref_missing": {
        "en": "lifetimes is not installed, so the reference check is skipped (pip install lifetimes==0.11.3).",
        "zh": "未安装 lifetimes，跳过参考库对照（pip install lifetimes==0.11.3）。"},
    "clvm_ref_note": {
        "en": "The same calibration data fitted by clvmodels and by lifetimes: the parameters agree to "
              "{digits} significant digits, and the log-likelihoods (lifetimes' estimates evaluated "
              "with clvmodels' likelihood) differ by at most {gap:.1e}; the two fits took {ours:.2f} s "
              "and {theirs:.2f} s.",
        "zh": "同一校准数据分别由 clvmodels 和 lifetimes 拟合：参数在 {digits} 位有效数字上一致，对数似然"
              "（lifetimes 的估计值用 clvmodels 的似然函数计算）最多相差 {gap:.1e}；两者拟合分别耗时 "
              "{ours:.2f} 秒和 {theirs:.2f} 秒。"},
    "clvm_ref_published_note": {"en": "Published values: {source}.", "zh": "文献值出处：{source}。"},
    "clvm_ref_failed": {"en": "lifetimes could not fit {model} on these data ({error}); only clvmodels' fit is shown.",
                        "zh": "lifetimes 无法在此数据上拟合 {model}（{error}）；仅显示 clvmodels 的结果。"},

    # notebook 03: lines, tables and headlines in the chosen language
    "clvm_data_line": {
        "en": "{name}: {n:,} customers; calibration to {cal}, holdout to {obs} ({holdout})",
        "zh": "{name}：{n:,} 位客户；校准期截至 {cal}，验证期截至 {obs}（{holdout}）"},
    "clvm_col_frequency_holdout": {"en": "Holdout purchases", "zh": "验证期购买次数"},
    "clvm_unit_customers": {"en": "customers", "zh": "位客户"},
    "clvm_fit_line": {"en": "**{model}** — log-likelihood {ll:,.1f}, {n:,} customers",
                      "zh": "**{model}** — 对数似然 {ll:,.1f}，{n:,} 位客户"},
    "clvm_par_parameter": {"en": "Parameter", "zh": "参数"},
    "clvm_par_estimate": {"en": "Estimate", "zh": "估计值"},
    "clvm_par_std_error": {"en": "Std. error", "zh": "标准误"},
    "clvm_par_lower_95": {"en": "95% CI lower", "zh": "95% 置信下限"},
    "clvm_par_upper_95": {"en": "95% CI upper", "zh": "95% 置信上限"},
    "clvm_par_z": {"en": "z", "zh": "z 值"},
    "clvm_par_p_value": {"en": "p-value", "zh": "p 值"},
    "clvm_with_attributes": {"en": "attributes", "zh": "客户属性"},
    "clvm_headline_error_unit": {"en": "% ({model}, holdout total)", "zh": "%（{model}，验证期总量）"},
    "clvm_headline_per_customer": {"en": "{unit} per customer", "zh": "{unit}，每位客户"},
    "clvm_clv_unit_line": {"en": "CLV: {unit}", "zh": "客户终身价值 (CLV) 的单位：{unit}"},
    "clvm_top_caption": {"en": "The {n} most valuable customers, with {level:.0%} intervals of their CLV:",
                         "zh": "价值最高的 {n} 位客户及其客户终身价值的 {level:.0%} 区间："},
    "clvm_col_expected_purchases_h": {"en": "Expected purchases (next {h} {unit})",
                                      "zh": "预期购买次数（未来 {h} {unit}）"},
    "clvm_col_discounted_purchases": {"en": "Discounted expected purchases", "zh": "贴现后预期购买次数"},
    "clvm_col_clv_lower": {"en": "CLV, {level:.0%} interval lower", "zh": "终身价值 {level:.0%} 区间下限"},
    "clvm_col_clv_upper": {"en": "CLV, {level:.0%} interval upper", "zh": "终身价值 {level:.0%} 区间上限"},
    # exercises of notebook 03
    "clvm_ex_calibration_end": {"en": "End of calibration", "zh": "校准期结束日"},
    "clvm_ex_holdout": {"en": "Holdout length ({unit})", "zh": "验证期长度（{unit}）"},
    "clvm_ex_mae_per_period": {"en": "MAE per holdout period", "zh": "每个验证期单位的平均绝对误差"},
    "clvm_ex_recal_answer": {
        "en": "BG/NBD calibrated to {end} forecasts a holdout of {h:.0f} {unit}: MAE {mae:.3f} purchases per "
              "customer (against {mae0:.3f} over {h0:.0f} {unit} on this page), total error {err:+.1f}% "
              "(against {err0:+.1f}%). A longer holdout has more purchases to miss, so compare the MAE per "
              "holdout period: {rate:.3f} against {rate0:.3f}.",
        "zh": "校准期截至 {end} 的 BG/NBD 模型预测 {h:.0f} {unit}的验证期：平均绝对误差为每位客户 {mae:.3f} 次"
              "（本页 {h0:.0f} {unit}验证期为 {mae0:.3f} 次），总量误差 {err:+.1f}%（本页为 {err0:+.1f}%）。"
              "验证期越长，要预测的购买越多，误差自然越大，因此应比较每个验证期单位的平均绝对误差："
              "{rate:.3f} 对 {rate0:.3f}。"},
    "clvm_ex_alive_below": {"en": "Share with P(alive) < 50%", "zh": "存活概率低于 50% 的客户占比"},
    "clvm_ex_alive_one_time": {"en": "of one-time buyers", "zh": "其中只购买一次的客户"},
    "clvm_ex_alive_repeat": {"en": "of repeat buyers", "zh": "其中重复购买的客户"},
    "clvm_ex_alive_mean": {"en": "Mean P(alive)", "zh": "平均存活概率"},
    "clvm_ex_alive_answer": {
        "en": "P(alive) below 50% at the end of calibration: {a:.1%} of the customers under {m1}, "
              "{b:.1%} under {m2}.",
        "zh": "校准期结束时存活概率低于 50% 的客户：{m1} 下占 {a:.1%}，{m2} 下占 {b:.1%}。"},
    "clvm_ex_by_hand": {
        "en": "Customer {customer} ($x$ = {x:.0f}, $t_x$ = {tx:.1f}, $T$ = {T:.1f}): P(alive) = {alive:.3f}; "
              "expected purchases in the next {t} {unit} by hand {hand:.4f}, by the model {model:.4f} "
              "(difference {diff:.1e}).",
        "zh": "客户 {customer}（$x$ = {x:.0f}，$t_x$ = {tx:.1f}，$T$ = {T:.1f}）：存活概率 {alive:.3f}；"
              "未来 {t} {unit}的预期购买次数手工计算为 {hand:.4f}，模型给出 {model:.4f}（相差 {diff:.1e}）。"},
    "clvm_ex1_why": {
        "en": 'A later holdout start and a longer holdout mean fewer calibration data and more purchases to forecast per customer, so the MAE grows with the holdout length; dividing by the number of holdout periods (or comparing the total error, which is relative) puts the two fits on one scale.',
        "zh": '验证期开始得更早、持续得更长，意味着校准数据更少、每位客户要预测的购买次数更多，所以平均绝对误差会随验证期长度增加；除以验证期的期数（或比较本身就是相对值的总量误差）才能把两次拟合放在同一尺度上比较。'},
    "clvm_ex2_why": {
        "en": "Under BG/NBD a customer can drop out only right after a repeat purchase, so a one-time buyer "
              "is always alive; MBG/NBD also lets a customer drop out right after the first purchase, so a "
              "one-time buyer who has been silent for long is probably gone. Under Pareto/NBD dropout can "
              "happen at any moment, and a one-time buyer's P(alive) falls with their age $T$ too. Which of "
              "the two flags more customers depends on the fitted dropout parameters: the table below gives "
              "the answer for these data.",
        "zh": "在 BG/NBD 下，客户只会在某次重复购买之后立即流失，所以只买过一次的客户总是存活的；MBG/NBD 还允许客户"
              "在首次购买之后立即流失，所以长期沉默的一次性购买者很可能已经流失。在 Pareto/NBD 下，流失可以发生在任何"
              "时刻，一次性购买者的存活概率同样随其年龄 $T$ 下降。两个模型中哪个标记的客户更多，取决于拟合出的流失参数："
              "下表给出了本数据的答案。"},
    "clvm_score_unit_p_alive": {"en": "probability 0..1 as of {date} ({model})", "zh": "概率 0..1，截至 {date}（{model}）"},
    "clvm_score_unit_expected": {"en": "purchases in the next {h} {unit} ({model})",
                                 "zh": "未来 {h} {unit}内的购买次数（{model}）"},
}
