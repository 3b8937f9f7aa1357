"""Every label exists in both languages, with the same placeholders, Chinese in the zh text."""

from __future__ import annotations

import re
import string

import pytest

from clvmodels.labels import LANGS, TABLE, format_table, label, say

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Labels whose Chinese text is punctuation or a symbol, not words.
SYMBOLS = {"crm_list_separator", "dw_list_separator", "dw_row_value"}


def _placeholders(text: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text)
            if field}


@pytest.mark.parametrize("key", sorted(TABLE))
def test_label_in_both_languages(key: str) -> None:
    entry = TABLE[key]
    assert set(entry) == set(LANGS)
    assert entry["en"].strip() and entry["zh"].strip(), f"{key}: an empty text"
    assert _placeholders(entry["en"]) == _placeholders(entry["zh"]), (
        f"{key}: the en and zh texts fill different placeholders")
    assert not CJK.search(entry["en"]), f"{key}: Chinese in the English text"
    if key not in SYMBOLS:
        assert CJK.search(entry["zh"]), f"{key}: the Chinese text {entry['zh']!r} has no Chinese"


def test_say_fills_the_template_in_either_language() -> None:
    values = {"what": "CLV", "n_used": 1000, "n_total": 25000, "parameter": "fit_sample",
              "covers": "x"}
    assert "1,000 of 25,000" in say("sample_note", "en", **values)
    assert "25,000 位客户中随机抽取的 1,000 位" in say("sample_note", "zh", **values)
    assert label("no such key", "zh") == "no such key"


def test_format_table_labels_and_formats() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"n_customers": [12345, 6], "share_value": [0.049927, 0.950073],
         "mean_order_value": [12.3456, 1234.5], "flag": [True, False]},
        index=pd.Index(["champions", "lost"], name="segment"),
    )
    zh = format_table(frame, "zh", percent=["share_value"], integer=["n_customers"],
                      money=["mean_order_value"], currency="CNY")
    assert list(zh.columns) == ["客户数", "价值占比", "平均订单金额", "flag"]
    assert zh.index.name == "细分群体" and list(zh.index) == ["冠军客户", "已流失客户"]
    assert zh.iloc[0].tolist() == ["12,345", "5.0%", "12.35 CNY", "✓"]
    assert zh.iloc[1].tolist() == ["6", "95.0%", "1,234.50 CNY", "–"]
    en = format_table(frame.describe(), "en")
    assert list(en.index)[:3] == ["Count", "Mean", "Std. dev."] and "Median" in list(en.index)
    names = format_table(pd.DataFrame({"segment": pd.Series(["champions"], dtype="string")}), "zh",
                         values=True)
    assert names.iloc[0, 0] == "冠军客户"  # label keys in cells, with pandas' string dtype too
    series = format_table(pd.Series([0.5], index=["a"], name="share_customers"), "zh",
                          percent=["share_customers"])
    assert series.iloc[0, 0] == "50.0%" and series.columns[0] == "客户占比"
