"""Labels: the data warnings (数据提示) raised while reading, checking and fitting data.

Each warning is built in both languages from these templates (see
:func:`clvmodels.validation.data_warning`). Counted nouns have a ``_one`` and an ``_other`` key
(Chinese needs no plural: both read the same). In the Chinese text option, column, file and
source names and shown values are wrapped in backticks: they stay as written.
"""

LABELS: dict[str, dict[str, str]] = {
    # counts and rows
    "dw_rows_one": {"en": "{n} row", "zh": "{n} 行"},
    "dw_rows_other": {"en": "{n} rows", "zh": "{n} 行"},
    "dw_more_rows_one": {"en": " and {n} more row", "zh": "及另外 {n} 行"},
    "dw_more_rows_other": {"en": " and {n} more rows", "zh": "及另外 {n} 行"},
    "dw_and_more": {"en": " and {n} more", "zh": "及另外 {n} 行"},
    "dw_and_more_ids": {"en": " and {n} more", "zh": "及另外 {n} 个"},
    "dw_at_line": {"en": "line {n}", "zh": "第 {n} 行"},
    "dw_at_row": {"en": "row {n}", "zh": "第 {n} 行"},
    "dw_at_index": {"en": "index {n}", "zh": "索引 {n}"},
    "dw_row_value": {"en": "{row} ({value})", "zh": "{row}（{value}）"},
    "dw_empty_value": {"en": "empty", "zh": "空值"},
    "dw_list_separator": {"en": ", ", "zh": "、"},
    "dw_empty_rows_one": {"en": "{n} empty row", "zh": "{n} 个空行"},
    "dw_empty_rows_other": {"en": "{n} empty rows", "zh": "{n} 个空行"},
    "dw_return_rows_one": {"en": "{n} return row", "zh": "{n} 条退货记录"},
    "dw_return_rows_other": {"en": "{n} return rows", "zh": "{n} 条退货记录"},
    "dw_purchase_days_one": {"en": "{n} purchase day", "zh": "{n} 个购买日"},
    "dw_purchase_days_other": {"en": "{n} purchase days", "zh": "{n} 个购买日"},
    "dw_ids_one": {"en": "{n} id", "zh": "{n} 个客户编号"},
    "dw_ids_other": {"en": "{n} ids", "zh": "{n} 个客户编号"},
    "dw_customers_one": {"en": "{n} customer", "zh": "{n} 位客户"},
    "dw_customers_other": {"en": "{n} customers", "zh": "{n} 位客户"},
    # rows excluded or kept on purpose (validation)
    "dw_after_observation_end": {
        "en": "{source}: {rows} dated after observation_end {end} excluded: {where}; the latest "
        "is {latest}.",
        "zh": "`{source}`：{rows}的日期晚于 `observation_end`（{end}），已排除：{where}；"
        "其中最晚的日期是 {latest}。",
    },
    "dw_duplicates_one": {
        "en": "{source}: {rows} exactly repeats an earlier row (customer_id, date, amount "
        "shown): {where}; {action}.",
        "zh": "`{source}`：{rows}与前面某行完全相同（显示 `customer_id`、日期、金额）：{where}；"
        "{action}。",
    },
    "dw_duplicates_other": {
        "en": "{source}: {rows} exactly repeat an earlier row (customer_id, date, amount "
        "shown): {where}; {action}.",
        "zh": "`{source}`：{rows}与前面某行完全相同（显示 `customer_id`、日期、金额）：{where}；"
        "{action}。",
    },
    "dw_duplicates_dropped": {
        "en": "dropped (drop_duplicates=True)", "zh": "已删除（`drop_duplicates=True`）",
    },
    "dw_duplicates_kept": {
        "en": "kept, since two identical orders on one day are plausible; pass "
        "drop_duplicates=True (command line: --drop-duplicates) to drop them",
        "zh": "已保留，因为同一天两笔相同订单是可能的；如需删除，请传入 `drop_duplicates=True`"
        "（命令行：`--drop-duplicates`）",
    },
    "dw_zero_amounts": {
        "en": "{source}: column 'amount': {rows} with amount 0: {where}; {action}.",
        "zh": "`{source}`：`amount` 列：{rows}金额为 0：{where}；{action}。",
    },
    "dw_zero_amounts_excluded": {
        "en": "excluded (drop_zero_amounts=True)", "zh": "已排除（`drop_zero_amounts=True`）",
    },
    "dw_zero_amounts_kept": {
        "en": "kept as purchases; pass drop_zero_amounts=True (command line: "
        "--drop-zero-amounts) to exclude them",
        "zh": "已作为购买保留；如需排除，请传入 `drop_zero_amounts=True`"
        "（命令行：`--drop-zero-amounts`）",
    },
    # returns netted against purchases (allow_returns=True)
    "dw_returns_netted": {
        "en": "{source}: allow_returns=True: {returns} (negative amounts) netted against the "
        "customer's most recent purchase day on or before the return: {where}; {days} collapsed "
        "to one row holding the net amount.",
        "zh": "`{source}`：`allow_returns=True`：{returns}（金额为负）已与该客户在退货当天或之前"
        "最近一个购买日的金额相抵：{where}；{days}各自合并为一行，金额为相抵后的净额。",
    },
    "dw_returns_days_removed": {
        "en": "{source}: allow_returns=True: {days} removed because returns brought its net "
        "amount to 0 or less: {where}.",
        "zh": "`{source}`：`allow_returns=True`：{days}因退货使净额降至 0 或以下而被删除：{where}。",
    },
    "dw_returns_unmatched": {
        "en": "{source}: allow_returns=True: {returns} removed because the customer has no "
        "purchase on or before the return date: {where}.",
        "zh": "`{source}`：`allow_returns=True`：{returns}因该客户在退货日期当天或之前没有购买而"
        "被删除：{where}。",
    },
    # blank lines of files
    "dw_blank_rows": {
        "en": "{source}: {rows} ({shown}{more}) skipped, as they hold no values.",
        "zh": "`{source}`：已跳过 {rows}（{shown}{more}），这些行没有任何值。",
    },
    "dw_crm_blank_rows_one": {
        "en": "{source}: {rows} ({shown}{more}) skipped: it holds no values.",
        "zh": "`{source}`：已跳过 {rows}（{shown}{more}）：该行没有任何值。",
    },
    "dw_crm_blank_rows_other": {
        "en": "{source}: {rows} ({shown}{more}) skipped: they hold no values.",
        "zh": "`{source}`：已跳过 {rows}（{shown}{more}）：这些行没有任何值。",
    },
    # CRM database: links between tables, files not read
    "dw_unknown_ids": {
        "en": "{table}: column '{column}': {rows} with {ids} found in neither customers nor "
        "transactions ({shown}); the rows are kept. Fix: add these customers to the customers "
        "table, or check that ids are written the same way in every table.",
        "zh": "`{table}`：`{column}` 列：{rows}中的 {ids}既不在客户表中，也不在交易记录中"
        "（{shown}）；这些行已保留。修正方法：把这些客户加入客户表（`customers`），"
        "或检查各表中客户编号的写法是否一致。",
    },
    "dw_missing_customers_one": {
        "en": "{table}: {customers} with transactions is missing from the customers table "
        "({shown}); it is kept, with no attributes. Fix: add them to the customers table.",
        "zh": "`{table}`：{customers}有交易记录，但不在客户表（`customers`）中（{shown}）；"
        "已保留，但没有客户属性。修正方法：把该客户加入客户表。",
    },
    "dw_missing_customers_other": {
        "en": "{table}: {customers} with transactions are missing from the customers table "
        "({shown}); they are kept, with no attributes. Fix: add them to the customers table.",
        "zh": "`{table}`：{customers}有交易记录，但不在客户表（`customers`）中（{shown}）；"
        "已保留，但没有客户属性。修正方法：把这些客户加入客户表。",
    },
    "dw_files_not_read": {
        "en": "{source}: {n} file(s) not read ({files}{dots}): they match no table name. Fix: "
        "name their tables in crm.yaml (tables: {{TABLE: {first}}}) or with "
        "load_crm(tables=...), or move them out of the folder.",
        "zh": "`{source}`：{n} 个文件未读取（{files}{dots}）：文件名与任何表名都不匹配。"
        "修正方法：在 `crm.yaml` 中指定它们对应的表（`tables: {{TABLE: {first}}}`），"
        "或使用 `load_crm(tables=...)`，或把这些文件移出该文件夹。",
    },
    # summaries (features)
    "dw_summary_after_end": {
        "en": "{source}: {n} transaction(s) dated after observation_end {end} were excluded "
        "from the summary.",
        "zh": "`{source}`：{n} 笔交易的日期晚于 `observation_end`（{end}），已从汇总中排除。",
    },
    "dw_new_in_holdout": {
        "en": "{source}: {n} customer(s) made their first purchase in the holdout period (after "
        "{cal_end}) and are not in the calibration summary; their ids are in "
        "attrs['new_in_holdout'].",
        "zh": "`{source}`：{n} 位客户在验证期（{cal_end} 之后）才首次购买，不在校准期汇总中；"
        "他们的客户编号见 `attrs['new_in_holdout']`。",
    },
    # models
    "dw_few_customers": {
        "en": "{model}: only {n} customer(s) for {p} parameters; the estimates will be "
        "unreliable. Fit on the whole customer base.",
        "zh": "`{model}`：只有 {n} 位客户来估计 {p} 个参数，估计结果不可靠。请用全部客户拟合。",
    },
    "dw_intervals_without_uncertainty": {
        "en": "{model}: prediction intervals without parameter uncertainty ({reason}); they "
        "cover only the customers' own randomness and are too narrow.",
        "zh": "`{model}`：预测区间未包含参数的不确定性（{reason}）；区间只反映客户自身的随机性，"
        "因而偏窄。",
    },
    "dw_gg_zero_spend": {
        "en": "Gamma-Gamma: {n} repeat buyer(s) with a mean repeat spend of 0 or less "
        "(zero-value purchases) were left out of the fit, e.g. {where}; their expected spend is "
        "still predicted.",
        "zh": "Gamma-Gamma：{n} 位重复购买客户的平均重复消费额为 0 或以下（零金额购买），"
        "未参与拟合，例如{where}；仍会预测他们的期望消费额。",
    },
    "dw_customer_row": {
        "en": "customer {customer} (row {row}) = {value}{more}",
        "zh": "客户 `{customer}`（第 {row} 行）= {value}{more}",
    },
    "dw_customer_row_more": {"en": " (and {n} more rows)", "zh": "（及另外 {n} 行）"},
    "dw_gg_correlation": {
        "en": "Gamma-Gamma: frequency and monetary_value are correlated (Pearson {r}); the "
        "model assumes they are independent, so expected spend may be biased.",
        "zh": "Gamma-Gamma：`frequency` 与 `monetary_value` 相关（Pearson 相关系数 {r}）；"
        "模型假设二者相互独立，因此期望消费额可能有偏差。",
    },
}
