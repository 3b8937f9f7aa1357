"""Tests of clvmodels.validation: checks on DataFrames, message format, column mapping."""

from __future__ import annotations

import datetime as dt
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, DataWarning, ParameterError
from clvmodels.validation import (
    Problem,
    format_problem,
    raise_problems,
    resolve_columns,
    validate_transactions,
)


def _frame(**overrides):
    data = {
        "customer_id": [1, 1, 2, 3],
        "date": ["2024-01-01", "2024-01-09", "2024-01-03", "2024-01-04"],
        "amount": [10.0, 20.0, 5.0, 7.5],
    }
    data.update(overrides)
    return pd.DataFrame(data, index=[100, 101, 102, 103])


def _validate(df, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = validate_transactions(df, **kwargs)
    return out, [w for w in caught if issubclass(w.category, DataWarning)]


# ------------------------------------------------------------------------------------------
# format_problem / Problem
# ------------------------------------------------------------------------------------------


def test_format_problem_names_source_column_rows_values_count_and_fix():
    msg = format_problem(
        "orders.csv",
        "amount",
        "non-numeric values",
        rows=[3, 9, 12, 20],
        values=["12,50", "abc", "x", "y"],
        n_rows=14,
        fix="pass decimal=','",
        source_column="sales",
    )
    assert msg == (
        "orders.csv: column 'amount' (source column 'sales'): non-numeric values in 14 rows: "
        "line 3 ('12,50'), line 9 ('abc'), line 12 ('x') and 11 more rows; fix: pass decimal=','"
    )


def test_format_problem_is_one_line_even_with_newlines_in_values():
    msg = format_problem("DataFrame", "date", "unparseable dates", rows=[5], values=["a\nb"],
                         row_label="index", fix="fix\nit")
    assert "\n" not in msg
    assert "index 5 ('a\\nb')" in msg


def test_format_problem_without_rows_and_with_other_problems():
    msg = format_problem("x.csv", None, "the file is empty", fix="export it again",
                         others=["column 'date': missing dates in 2 rows"])
    assert msg == (
        "x.csv: the file is empty; fix: export it again "
        "(also 1 other problem: column 'date': missing dates in 2 rows)"
    )


def test_raise_problems_raises_first_and_counts_the_rest():
    problems = [
        Problem("date", "missing dates", "fill them", rows=(4,), values=(None,), n_rows=1),
        Problem("amount", "non-numeric values", "fix", rows=(7,), values=("x",), n_rows=3),
    ]
    with pytest.raises(DataValidationError) as info:
        raise_problems(problems, "f.csv")
    assert str(info.value).startswith("f.csv: column 'date': missing dates in 1 row: line 4")
    assert "also 1 other problem: column 'amount': non-numeric values in 3 rows" in str(info.value)
    assert info.value.problems == problems
    raise_problems([], "f.csv")  # nothing to raise


# ------------------------------------------------------------------------------------------
# column mapping
# ------------------------------------------------------------------------------------------


def test_resolve_columns_detects_synonyms_case_insensitively():
    mapping = resolve_columns(["Cust ID", "Order-Date", "REVENUE", "Qty", "note"])
    assert mapping == {
        "customer_id": "Cust ID",
        "date": "Order-Date",
        "amount": "REVENUE",
        "quantity": "Qty",
    }


def test_resolve_columns_prefers_canonical_name_over_synonym():
    mapping = resolve_columns(["id", "customer_id", "date", "value", "amount"])
    assert mapping["customer_id"] == "customer_id"
    assert mapping["amount"] == "amount"


def test_resolve_columns_explicit_mapping_wins_and_rest_is_detected():
    mapping = resolve_columns(["buyer", "when", "sales"], {"customer_id": "buyer", "date": "when"})
    assert mapping == {"customer_id": "buyer", "date": "when", "amount": "sales"}


def test_misspelled_mapped_column_suggests_closest():
    with pytest.raises(DataValidationError) as info:
        resolve_columns(["cust", "order_date", "sales"], {"amount": "sale"}, source="o.csv")
    msg = str(info.value)
    assert msg.startswith("o.csv: column 'amount': mapped to 'sale'")
    assert "did you mean 'sales'?" in msg


def test_missing_required_columns_all_reported():
    with pytest.raises(DataValidationError) as info:
        resolve_columns(["custmer_id", "dat", "x"], source="o.csv", row_label="line")
    msg = str(info.value)
    assert "column 'customer_id': not found in the header (line 1)" in msg
    assert "did you mean 'custmer_id'?" in msg
    assert "--customer-col custmer_id" in msg
    assert "also 2 other problems" in msg
    assert "column 'amount': not found" in msg


def test_unknown_mapping_key_is_a_parameter_error():
    with pytest.raises(ParameterError, match="did you mean 'customer_id'"):
        resolve_columns(["a", "b", "c"], {"customerid": "a"})
    with pytest.raises(ParameterError, match="maps canonical names to the source's names"):
        resolve_columns(["cust", "d", "s"], {"cust": "customer_id"})
    with pytest.raises(ParameterError, match="same source column 'a'"):
        resolve_columns(["a", "b"], {"customer_id": "a", "order_id": "a"})


# ------------------------------------------------------------------------------------------
# conversions
# ------------------------------------------------------------------------------------------


def test_canonical_dtypes_and_attrs():
    out, caught = _validate(_frame(), currency="EUR")
    assert list(out.columns) == ["customer_id", "date", "amount"]
    assert out["customer_id"].dtype == np.int64
    assert out["date"].dtype == "datetime64[ns]"
    assert out["amount"].dtype == np.float64
    assert out.attrs["source"] == "DataFrame"
    assert out.attrs["currency"] == "EUR"
    assert out.attrs["n_rows_read"] == 4
    assert list(out.index) == [0, 1, 2, 3]
    assert caught == []


def test_string_ids_stay_strings_integer_strings_become_int64():
    out, _ = _validate(_frame(customer_id=["a1", "a1", "b2", " c3 "]))
    assert isinstance(out["customer_id"].dtype, pd.StringDtype)
    assert out["customer_id"].tolist() == ["a1", "a1", "b2", "c3"]
    out, _ = _validate(_frame(customer_id=["0001", "0001", "0002", "17"]))
    assert out["customer_id"].dtype == np.int64
    assert out["customer_id"].tolist() == [1, 1, 2, 17]
    out, _ = _validate(_frame(customer_id=[1.0, 1.0, 2.0, 3.0]))
    assert out["customer_id"].dtype == np.int64


def test_yyyymmdd_integers_and_strings():
    out, _ = _validate(_frame(date=[19970101, 19970118, 19970802, 19971212]))
    assert out["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "1997-01-01", "1997-01-18", "1997-08-02", "1997-12-12"
    ]
    out, _ = _validate(_frame(date=["19970101", "19970118", "19970802", "19971212"]))
    assert out["date"].iloc[3] == pd.Timestamp("1997-12-12")


def test_date_format_and_datetime_columns():
    out, _ = _validate(
        _frame(date=["31/01/2024", "01/02/2024", "2/3/2024", "15/12/2024"]), date_format="%d/%m/%Y"
    )
    assert out["date"].tolist() == [pd.Timestamp(x) for x in
                                    ["2024-01-31", "2024-02-01", "2024-03-02", "2024-12-15"]]
    dates = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"])
    out, _ = _validate(_frame(date=dates))
    assert out["date"].tolist() == list(dates)


def test_single_time_zone_converted_to_utc_naive():
    dates = pd.to_datetime(["2024-01-01 23:30", "2024-06-01 01:00", "2024-06-02 00:00", "2024-06-03 00:00"])
    out, _ = _validate(_frame(date=dates.tz_localize("Europe/Berlin")))
    assert out["date"].dt.tz is None
    assert out["date"].iloc[0] == pd.Timestamp("2024-01-01 22:30")
    assert out["date"].iloc[1] == pd.Timestamp("2024-05-31 23:00")
    out, _ = _validate(_frame(date=["2024-01-01T10:00+01:00"] * 4))
    assert out["date"].iloc[0] == pd.Timestamp("2024-01-01 09:00")


def test_optional_columns_kept_extra_columns_dropped():
    df = _frame(
        order_id=["o1", "o2", "o3", "o4"], cost=["1.5", "2", None, "3"], quantity=[1, 2, 3, 4],
        category=["a", "b", "a", None], channel=["web"] * 4, note=["x"] * 4,
    )
    out, _ = _validate(df)
    assert list(out.columns) == [
        "customer_id", "date", "amount", "order_id", "cost", "quantity", "category", "channel"
    ]
    assert out["cost"].dtype == np.float64 and np.isnan(out["cost"].iloc[2])
    assert out["quantity"].dtype == np.float64
    assert out["category"].isna().iloc[3]


# ------------------------------------------------------------------------------------------
# the validation cases: every message names the column and the row
# ------------------------------------------------------------------------------------------


def test_missing_customer_ids_named_with_index_labels():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(customer_id=[1, None, 2, "  "]))
    msg = str(info.value)
    assert msg.startswith("DataFrame: column 'customer_id': missing customer ids in 2 rows")
    assert "index 101 (empty)" in msg and "index 103" in msg


def test_missing_dates():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(date=["2024-01-01", None, "", "2024-01-02"]))
    msg = str(info.value)
    assert "column 'date': missing dates in 2 rows: index 101 (empty), index 102 ('')" in msg


def test_missing_amounts():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(amount=[1.0, np.nan, 3.0, 4.0]))
    assert "column 'amount': missing amounts in 1 row: index 101 (empty)" in str(info.value)


def test_unparseable_dates_name_rows_values_and_suggest_format():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(date=["2024-01-01", "05/01/2024", "2024-13-01", "soon"]))
    msg = str(info.value)
    assert "column 'date': unparseable dates in 3 rows" in msg
    assert "index 101 ('05/01/2024'), index 102 ('2024-13-01'), index 103 ('soon')" in msg
    assert "date_format='%d/%m/%Y'" in msg


def test_integer_dates_that_are_not_yyyymmdd():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(date=[20240101, 20240230, 1704067200, 20240105]))
    msg = str(info.value)
    assert "column 'date': numbers that are not YYYYMMDD dates in 2 rows" in msg
    assert "index 101 (20240230), index 102 (1704067200)" in msg
    assert "unit='s'" in msg


def test_non_numeric_amounts_decimal_comma_hint():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(amount=["10", "12,50", "abc", "3.5"]))
    msg = str(info.value)
    assert "column 'amount': non-numeric values in 2 rows: index 101 ('12,50'), index 102 ('abc')" in msg
    assert "decimal=','" in msg


def test_non_numeric_amount_hints_for_thousands_and_currency_symbols():
    with pytest.raises(DataValidationError, match="thousands=','"):
        _validate(_frame(amount=["1,234.50", "1", "2", "3"]))
    with pytest.raises(DataValidationError, match="remove the currency symbols"):
        _validate(_frame(amount=["$12.50", "1", "2", "3"]))


def test_infinite_amounts_rejected():
    with pytest.raises(DataValidationError, match=r"column 'amount': infinite values in 1 row: index 102"):
        _validate(_frame(amount=[1.0, 2.0, np.inf, 4.0]))


def test_non_numeric_cost_rejected():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(cost=["1", "2", "n/a?", "4"]))
    assert "column 'cost': non-numeric values in 1 row: index 102 ('n/a?')" in str(info.value)


def test_negative_amounts_rejected_by_default():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(amount=[10.0, -20.0, 5.0, 7.5]))
    msg = str(info.value)
    assert "column 'amount': negative amounts (returns or refunds) in 1 row: index 101 (-20.0)" in msg
    assert "allow_returns=True" in msg


def test_all_problems_checked_before_raising():
    df = _frame(customer_id=[1, None, 2, 3], date=["2024-01-01", "x", "2024-01-02", None],
                amount=["1", "2", "abc", "-1"])
    with pytest.raises(DataValidationError) as info:
        _validate(df)
    msg = str(info.value)
    assert msg.startswith("DataFrame: column 'customer_id': missing customer ids in 1 row: index 101")
    assert "also 3 other problems" in msg
    assert "column 'date': missing dates in 1 row" in msg
    assert "column 'date': unparseable dates in 1 row" in msg
    assert "column 'amount': non-numeric values in 1 row" in msg
    assert len(info.value.problems) == 4


def test_count_of_further_rows():
    n = 50
    df = pd.DataFrame({"customer_id": range(n), "date": ["bad"] * n, "amount": [1.0] * n})
    with pytest.raises(DataValidationError) as info:
        _validate(df)
    msg = str(info.value)
    assert "unparseable dates in 50 rows: index 0 ('bad'), index 1 ('bad'), index 2 ('bad') " \
           "and 47 more rows" in msg


def test_mixed_time_zones_in_strings():
    dates = ["2024-01-01T10:00:00+01:00", "2024-01-02T10:00:00+01:00", "2024-01-02T23:00-05:00",
             "2024-01-03"]
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(date=dates))
    msg = str(info.value)
    assert "column 'date': mixed time zones ('+01:00' in 2 rows, '-05:00' in 1 row, 'none' in 1 row)" in msg
    assert "index 100 ('2024-01-01T10:00:00+01:00'), index 102 ('2024-01-02T23:00-05:00')" in msg
    assert "utc=True" in msg
    out, _ = _validate(_frame(date=dates), utc=True)
    assert out["date"].tolist() == [pd.Timestamp(x) for x in
                                    ["2024-01-01 09:00", "2024-01-02 09:00", "2024-01-03 04:00",
                                     "2024-01-03"]]


def test_mixed_time_zones_in_datetime_objects():
    zones = [dt.UTC, dt.UTC, dt.timezone(dt.timedelta(hours=2)), dt.UTC]
    dates = pd.Series([dt.datetime(2024, 1, i + 1, tzinfo=z) for i, z in enumerate(zones)],
                      dtype=object)
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(date=dates.to_numpy()))
    msg = str(info.value)
    assert "column 'date': mixed time zones ('UTC' in 3 rows, 'UTC+02:00' in 1 row)" in msg
    assert "index 102 ('2024-01-03 00:00:00+02:00')" in msg


# ------------------------------------------------------------------------------------------
# exclusions and warnings
# ------------------------------------------------------------------------------------------


def test_dates_after_observation_end_excluded_and_counted():
    df = _frame(date=["2024-01-01", "2024-01-09", "2024-01-03 18:00", "2024-01-04"])
    out, caught = _validate(df, observation_end="2024-01-03")
    assert out["date"].max() == pd.Timestamp("2024-01-03 18:00")  # the whole end day is kept
    assert len(out) == 2
    assert out.attrs["excluded"] == {"after_observation_end": 2}
    assert out.attrs["observation_end"] == pd.Timestamp("2024-01-03")
    assert len(caught) == 1
    msg = str(caught[0].message)
    assert "2 rows dated after observation_end 2024-01-03 excluded" in msg
    assert "index 101 ('2024-01-09'), index 103 ('2024-01-04')" in msg


def test_bad_observation_end_is_a_parameter_error():
    with pytest.raises(ParameterError, match="observation_end='someday' is not a date"):
        _validate(_frame(), observation_end="someday")


def test_exact_duplicates_kept_with_warning_or_dropped():
    df = _frame(customer_id=[1, 1, 1, 2], date=["2024-01-01"] * 3 + ["2024-01-02"],
                amount=[5.0, 5.0, 5.0, 6.0])
    out, caught = _validate(df)
    assert len(out) == 4
    assert len(caught) == 1
    msg = str(caught[0].message)
    assert "2 rows exactly repeat an earlier row" in msg
    assert "index 101 ((1, '2024-01-01', 5.0)), index 102" in msg
    out, caught = _validate(df, drop_duplicates=True)
    assert len(out) == 2 and out.attrs["excluded"] == {"duplicates": 2}
    assert "dropped" in str(caught[0].message)


def test_rows_differing_in_an_optional_column_are_not_duplicates():
    df = _frame(customer_id=[1, 1, 2, 3], date=["2024-01-01"] * 4, amount=[5.0] * 4,
                order_id=["a", "b", "c", "d"])
    _, caught = _validate(df)
    assert caught == []


def test_zero_amounts_kept_with_warning_or_dropped():
    df = _frame(amount=[10.0, 0.0, 5.0, 0.0])
    out, caught = _validate(df)
    assert len(out) == 4
    msg = str(caught[0].message)
    assert "column 'amount': 2 rows with amount 0: index 101 (0.0), index 103 (0.0)" in msg
    assert "kept as purchases" in msg
    out, caught = _validate(df, drop_zero_amounts=True)
    assert out["amount"].tolist() == [10.0, 5.0]
    assert out.attrs["excluded"] == {"zero_amount": 2}


def test_returns_netted_against_most_recent_purchase_day():
    df = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "b", "b", "c", "d", "d"],
            "date": ["2024-01-01", "2024-01-05", "2024-01-05", "2024-01-07",  # a
                     "2024-01-02", "2024-01-02",  # b: returned the same day
                     "2024-01-03",  # c: a return with no purchase
                     "2024-01-01", "2024-01-10"],  # d: return larger than the purchase
            "amount": [10.0, 8.0, 4.0, -5.0, 5.0, -5.0, -1.0, 3.0, -9.0],
            "quantity": [1, 2, 1, -1, 1, -1, -1, 1, -3],
        },
        index=list("pqrstuvwx"),
    )
    out, caught = _validate(df, allow_returns=True)
    # a: the return of 01-07 nets against the purchase day 01-05 (8 + 4 - 5 = 7, one row)
    assert out["customer_id"].tolist() == ["a", "a"]
    assert out["date"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-05")]
    assert out["amount"].tolist() == [10.0, 7.0]
    assert out["quantity"].tolist() == [1.0, 2.0]
    assert out.attrs["excluded"] == {
        "purchase_days_netted_to_zero_or_less": 2,
        "returns_without_earlier_purchase": 1,
        "rows_merged_by_netting": 4,
    }
    messages = [str(w.message) for w in caught]
    assert len(messages) == 3
    assert "4 return rows (negative amounts) netted" in messages[0]
    assert "index s (-5.0), index u (-5.0), index v (-1.0) and 1 more row" in messages[0]
    assert "3 purchase days collapsed" in messages[0]
    assert "2 purchase days removed" in messages[1]
    assert "index t (0.0), index w (-6.0)" in messages[1]
    # every input row is accounted for: kept, merged into another, or removed
    assert len(out) + sum(out.attrs["excluded"].values()) == len(df)
    assert "1 return row removed" in messages[2] and "index v (-1.0)" in messages[2]


def test_warnings_point_at_the_caller():
    with pytest.warns(DataWarning) as record:
        validate_transactions(_frame(amount=[1.0, 0.0, 2.0, 3.0]))
    assert record[0].filename == __file__


def test_nothing_left_after_exclusions_is_an_error():
    with pytest.raises(DataValidationError, match="no transactions left"), \
            pytest.warns(DataWarning):
        validate_transactions(_frame(), observation_end="2023-12-31")


def test_input_frame_not_modified():
    df = _frame(customer_id=["1", "1", "2", "3"])
    before = df.copy()
    _validate(df)
    pd.testing.assert_frame_equal(df, before)


# ------------------------------------------------------------------------------------------
# performance: vectorized checks
# ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_ten_million_rows_validate_in_seconds():
    n = 10_000_000
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "customer_id": rng.integers(0, 1_000_000, n),
            "date": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 1000 * 86_400, n), unit="s"),
            "amount": np.round(rng.gamma(2.0, 20.0, n), 2) + 0.01,
        }
    )
    start = time.perf_counter()
    out = validate_transactions(df)
    seconds = time.perf_counter() - start
    assert len(out) == n
    assert seconds < 15, f"validation of 10M rows took {seconds:.1f} s"


def test_unit_price_is_not_taken_for_the_amount():
    with pytest.raises(DataValidationError, match="column 'amount': not found among the columns"):
        resolve_columns(["customer_id", "date", "price", "quantity"])


def test_detected_mapping_recorded_in_attrs():
    df = pd.DataFrame({"Client": ["a"], "Invoice Date": ["2024-01-01"], "Revenue": [3.0]})
    out, _ = _validate(df)
    assert out.attrs["columns"] == {
        "customer_id": "Client", "date": "Invoice Date", "amount": "Revenue"
    }


def test_dates_outside_the_timestamp_range():
    with pytest.raises(DataValidationError) as info:
        _validate(_frame(date=["2024-01-01", "2999-01-01", "2024-01-02", "2024-01-03"]))
    msg = str(info.value)
    assert "column 'date': unparseable dates in 1 row: index 101 ('2999-01-01')" in msg
    assert "between 1678-01-01 and 2261-12-31" in msg


def test_the_package_keeps_its_public_names():
    import clvmodels.validation as validation

    for name in (
        "CANONICAL_COLUMNS", "MAX_EXAMPLES", "NUMERIC_COLUMNS", "OPTIONAL_COLUMNS", "SYNONYMS",
        "Problem", "amount_fix", "date_fix", "format_problem", "plural", "raise_problems",
        "resolve_columns", "validate_transactions", "warn_data",
    ):  # fmt: skip
        assert callable(getattr(validation, name)) or name.isupper(), name
    assert validation.plural(1, "row") == "1 row" and validation.plural(2, "row") == "2 rows"
    assert "date_format='%d/%m/%Y'" in validation.date_fix(["05/01/2024"], None)
    assert "decimal=','" in validation.amount_fix(["12,50"], "amount")


def test_warn_data_points_at_the_caller():
    from clvmodels.validation import warn_data

    with pytest.warns(DataWarning, match="^a b$") as record:
        warn_data("a\n  b")
    assert record[0].filename == __file__


# ------------------------------------------------------------------------------------------
# every data warning in English and Chinese
# ------------------------------------------------------------------------------------------


def _chinese_only(text: str) -> list[str]:
    """English phrases of a Chinese text once the backticked names and values are removed."""
    import re

    from clvmodels.reports.language import english_phrases

    assert re.search(r"[\u4e00-\u9fff]", text), text
    return english_phrases(re.sub(r"`[^`]*`", " ", text))


def test_data_warnings_carry_english_and_chinese_texts():
    df = _frame(customer_id=[1, 1, 1, 2], date=["2024-01-01"] * 3 + ["2024-01-02"],
                amount=[0.0, 0.0, 0.0, 6.0])
    _, caught = _validate(df, observation_end="2024-01-01")
    assert len(caught) == 3  # after observation_end, duplicates, zero amounts
    after, dup, zero = (w.message for w in caught)
    # the message is the English text, as before
    assert str(dup) == dup.texts["en"] == dup.text("en")
    assert str(dup).startswith("DataFrame: 2 rows exactly repeat an earlier row (customer_id, "
                               "date, amount shown): index 101 ((1, '2024-01-01', 0.0)), ")
    assert str(zero).startswith("DataFrame: column 'amount': 3 rows with amount 0: index 100 "
                                "(0.0), index 101 (0.0), index 102 (0.0); kept as purchases")
    assert "1 row dated after observation_end 2024-01-01 excluded" in str(after)
    # the Chinese text: no English prose outside backticked names and values
    for w in (after, dup, zero):
        assert not _chinese_only(w.texts["zh"]), w.texts["zh"]
    assert dup.text("zh") == (
        "`DataFrame`：2 行与前面某行完全相同（显示 `customer_id`、日期、金额）：索引 101"
        "（`(1, '2024-01-01', 0.0)`）、索引 102（`(1, '2024-01-01', 0.0)`）；已保留，因为同一天两笔"
        "相同订单是可能的；如需删除，请传入 `drop_duplicates=True`（命令行：`--drop-duplicates`）。"
    )
    assert "`drop_zero_amounts=True`（命令行：`--drop-zero-amounts`）" in zero.text("zh")
    assert "3 行金额为 0" in zero.text("zh")


def test_returns_and_crm_link_warnings_in_chinese():
    from clvmodels.crm import load_crm

    df = pd.DataFrame({"customer_id": ["a", "a", "b"],
                       "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
                       "amount": [10.0, -2.0, -1.0]})
    _, caught = _validate(df, allow_returns=True)
    assert len(caught) == 2
    for w in caught:
        assert "allow_returns=True" in str(w.message)
        assert not _chinese_only(w.message.text("zh")), w.message.text("zh")
    tx = pd.DataFrame({"customer_id": [1, 2, 3], "date": ["2024-01-01"] * 3,
                       "amount": [1.0, 2.0, 3.0]})
    customers = pd.DataFrame({"customer_id": [1]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_crm({"transactions": tx, "customers": customers})
    texts = [w.message.texts for w in caught if issubclass(w.category, DataWarning)]
    assert [t["en"] for t in texts if "missing from the customers table" in t["en"]]
    for t in texts:
        assert not _chinese_only(t["zh"]), t["zh"]


def test_a_plain_data_warning_still_works():
    warning = DataWarning("plain text")
    assert str(warning) == "plain text" and warning.text("zh") == "plain text"
    with pytest.warns(DataWarning, match="plain text"):
        warnings.warn(warning, stacklevel=1)
