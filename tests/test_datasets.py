"""Tests of the bundled CDNOW data and the notebook data loader."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.audit import audit_text, audit_transactions, capture_warnings
from clvmodels.datasets import (
    load_cdnow,
    load_cdnow_summary,
    load_data,
    load_donations,
)
from clvmodels.exceptions import ParameterError


@pytest.mark.parametrize(("kind", "rows", "customers"), [("sample", 6919, 2357),
                                                          ("master", 69659, 23570)])
def test_cdnow_sizes_and_dtypes(kind, rows, customers):
    tx = load_cdnow(kind)
    assert len(tx) == rows
    assert tx["customer_id"].nunique() == customers
    assert tx["customer_id"].dtype == np.int64
    assert tx["date"].dtype == "datetime64[ns]"
    assert tx["amount"].dtype == np.float64
    assert tx["date"].min() == pd.Timestamp("1997-01-01")
    assert tx["date"].max() == pd.Timestamp("1998-06-30")
    assert tx.attrs["currency"] == "USD"


def test_published_summary_and_donations():
    s = load_cdnow_summary()
    assert len(s) == 2357 and s.attrs["time_unit"] == "W"
    assert s.loc[1].tolist() == [2.0, 30.43, 38.86, 22.35]
    d = load_donations()
    assert d["weights"].sum() == 11104
    assert (d["n_periods"] == 6).all()


def test_unknown_kind_and_dataset_are_one_line_errors():
    with pytest.raises(ParameterError, match="'sample' or 'master'"):
        load_cdnow("full")
    with pytest.raises(ParameterError, match="cdnow, cdnow-master, synthetic"):
        load_data("cdnow2")


def test_load_data_subsample_keeps_whole_customers():
    full = load_data("cdnow")
    assert full.calibration_end == pd.Timestamp("1997-09-30")
    assert full.observation_end == pd.Timestamp("1998-06-30")
    small = load_data("cdnow", max_customers=100, random_state=1)
    ids = small.transactions["customer_id"].unique()
    assert len(ids) == 100
    expected = full.transactions[full.transactions["customer_id"].isin(ids)]
    assert len(small.transactions) == len(expected)
    again = load_data("cdnow", max_customers=100, random_state=1)
    assert np.array_equal(again.transactions["customer_id"].unique(), ids)
    with pytest.raises(ParameterError, match="max_customers"):
        load_data("cdnow", max_customers=0)


def test_load_data_from_a_file(tmp_path):
    tx = load_cdnow().rename(columns={"customer_id": "cust", "amount": "sales"})
    path = tmp_path / "log.csv"
    tx[["cust", "date", "sales"]].to_csv(path, index=False)
    data = load_data(input_path=str(path), column_map={"customer_id": "cust", "amount": "sales"})
    assert data.transactions["customer_id"].nunique() == 2357
    assert data.observation_end == pd.Timestamp("1998-06-30")
    assert data.calibration_end < data.observation_end


def test_load_data_synthetic_has_every_table():
    data = load_data("synthetic", n_customers=300, random_state=3)
    for table in ("transactions", "customers", "truth"):
        assert getattr(data, table) is not None
    small = load_data("synthetic", n_customers=300, random_state=3, max_customers=50)
    assert len(small.customers) == 50
    assert set(small.transactions["customer_id"]) <= set(small.customers["customer_id"])


def test_audit_counts_and_text():
    tx = load_cdnow()
    audit = audit_transactions(tx, lang="en")
    facts = dict(zip(audit["key"], audit["value"], strict=True))
    assert facts["rows"] == 6919 and facts["customers"] == 2357
    assert facts["zero_amount_rows"] == 8
    assert facts["revenue"] == pytest.approx(tx["amount"].sum(), abs=0.01)
    text = audit_text(audit, ["DataWarning: 3 rows excluded"], lang="en")
    assert "2,357 customers" in text and "1 reported case" in text
    zh = audit_text(audit_transactions(tx, lang="zh"), [], lang="zh")
    assert "客户" in zh


def test_audit_labels_and_sentences_come_from_the_label_table():
    from clvmodels.labels import label

    tx = load_cdnow()
    for lang in ("en", "zh"):
        audit = audit_transactions(tx, lang=lang)
        metric = dict(zip(audit["key"], audit["metric"], strict=True))
        assert metric["rows"] == label("audit_rows", lang)
        assert metric["customers"] == label("customers", lang)
        unit = dict(zip(audit["key"], audit["unit"], strict=True))
        assert unit["repeat_rate"] == label("audit_unit_share_of_customers", lang)
        assert audit_text(audit, [], lang=lang).endswith(label("audit_text_no_messages", lang))
        with_messages = audit_text(audit, ["a", "b"], lang=lang)
        assert with_messages.endswith(label("audit_text_messages", lang).format(n=2))
    assert "2,357 位客户" in audit_text(audit, [], lang="zh")


def test_capture_warnings_returns_the_messages():
    import warnings

    def noisy() -> int:
        warnings.warn("7 rows dropped", UserWarning, stacklevel=2)
        return 5

    result, messages = capture_warnings(noisy)
    assert result == 5 and messages == ["UserWarning: 7 rows dropped"]


def test_dataset_description_in_chinese_for_every_bundled_data_set(tmp_path):
    """The description every page shows: English as load_data wrote it, Chinese read back from
    it (also after the database went through a folder, as in a report run)."""
    from clvmodels.datasets import dataset_description, make_crm_data
    from clvmodels.reports.language import english_phrases

    cdnow = load_data("cdnow", max_customers=250, random_state=42)
    assert dataset_description(cdnow, "en") == cdnow.description
    assert cdnow.description.endswith("Random subset of 250 customers.")
    zh = dataset_description(cdnow, "zh")
    assert zh.startswith("CDNOW 在线音乐零售商") and "1/10 抽样" in zh and "250 位客户" in zh
    assert "完整客户群组" in dataset_description(load_data("cdnow-master"), "zh")
    regular = make_crm_data(300, regularity=3, planted_structure=False, random_state=1)
    assert "Erlang-3" in regular.description
    zh = dataset_description(regular, "zh")
    assert "Erlang-3" in zh and "单一同质总体" in zh and "electronics → office" in zh
    synthetic = load_data("synthetic", n_customers=300, random_state=3, max_customers=50)
    folder = synthetic.to_folder(tmp_path / "crm")
    with pytest.warns(Warning):  # the referrals of customers outside the subset
        back = load_data(data=str(folder))
    for db in (synthetic, back):
        zh = dataset_description(db, "zh")
        assert zh.startswith("合成客户数据库") and "含预设的客户群体和属性效应" in zh
        assert not english_phrases(zh, allowed=("BG/NBD", "Gamma-Gamma", "CNY", "electronics",
                                                "office", "apparel", "beauty", "grocery", "home"))


def test_dataset_description_of_a_file_and_of_a_companys_own_text(tmp_path):
    from dataclasses import replace

    from clvmodels.datasets import dataset_description

    tx = load_cdnow()
    path = tmp_path / "log.csv"
    tx[["customer_id", "date", "amount"]].to_csv(path, index=False)
    data = load_data(input_path=str(path))
    assert dataset_description(data, "zh").startswith("交易记录文件 ")
    own = replace(data, description="Our web shop since 2019.")
    assert dataset_description(own, "en") == "Our web shop since 2019."
    zh = dataset_description(own, "zh")
    assert zh.startswith("数据：") and zh.endswith("数据说明（原文）：Our web shop since 2019.")
    assert dataset_description(replace(data, description=""), "en").startswith("Data: ")
    with pytest.raises(ParameterError):
        dataset_description(data, "fr")


def test_format_audit_and_tables_read():
    from clvmodels.audit import format_audit, tables_read
    from clvmodels.labels import format_table, label

    tx = load_cdnow()
    for lang in ("en", "zh"):
        shown = format_audit(audit_transactions(tx, lang=lang), lang)
        assert list(shown.columns) == [label("audit_col_value", lang), label("audit_col_unit", lang)]
        assert shown.loc[label("repeat_rate", lang)].iloc[0].endswith("%")
        assert shown.loc[label("audit_rows", lang)].iloc[0] == "6,919"
    t = tables_read(load_data("cdnow"), "zh")
    assert t.loc["crm_table_transactions", "audit_col_rows"] == 6919
    assert t.loc["crm_table_transactions", "audit_col_customers"] == 2357
    assert np.isnan(t.loc["crm_table_customers", "audit_col_rows"])
    assert t.loc["crm_table_contacts", "audit_col_enables"] == label("crm_enables_contacts", "zh")
    shown = format_table(t, "zh", integer=["audit_col_rows"])
    assert list(shown.index) == [label(k, "zh") for k in t.index]
    assert shown.loc[label("crm_table_surveys", "zh"), label("audit_col_rows", "zh")] == "–"
    full = tables_read(load_data("synthetic", n_customers=300, random_state=3))
    assert full["audit_col_rows"].notna().all()
