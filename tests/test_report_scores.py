"""Per-customer scores recorded by notebooks and merged into the run's customer_scores table."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.reports.scores import SCORES_ENV_VAR, merge_scores, record_scores, write_scores


def test_interactive_call_writes_nothing_and_returns_the_frame(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(SCORES_ENV_VAR, raising=False)
    frame = pd.DataFrame({"p_alive": [0.5]}, index=pd.Index([1], name="customer_id"))
    assert record_scores(frame, source="03") is frame
    assert list(tmp_path.iterdir()) == []


def test_every_customer_exactly_once_with_units_and_sources(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(SCORES_ENV_VAR, str(tmp_path))
    customers = pd.Index([5, 1, 3, 9], name="customer_id")
    record_scores(pd.DataFrame({"segment": pd.Categorical(["a", "b"]), "clv": [10.0, 2.5]},
                               index=pd.Index([3, 1])),
                  source="04_value", units={"clv": "USD, 52 weeks, 10%/year"})
    record_scores(pd.Series([0.9, 0.1, 0.4], index=[1, 5, 77], name="p_alive"), source="05_churn")
    record_scores(pd.DataFrame({"clv": [1.0]}, index=[9]), source="07_compare")
    scores = merge_scores(tmp_path, customers)
    assert scores.index.equals(customers)
    assert scores.loc[3, "segment"] == "a" and pd.isna(scores.loc[9, "segment"])
    assert scores.loc[1, "clv"] == 2.5 and scores.loc[9, "clv@07_compare"] == 1.0
    np.testing.assert_allclose(scores["p_alive"].to_numpy(), [0.1, 0.9, np.nan, np.nan])
    assert scores.attrs["columns"]["clv"] == {"source": "04_value", "unit": "USD, 52 weeks, 10%/year"}
    assert scores.attrs["unknown_ids"] == {"05_churn": 1}  # id 77 is not a customer of the data
    files = write_scores(scores, tmp_path)
    back = pd.read_parquet(files[0])
    assert back.index.tolist() == [5, 1, 3, 9] and len(pd.read_csv(files[1])) == 4
    assert json.loads(files[2].read_text())["customers"] == 4


def test_text_ids_match_integer_customers(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(SCORES_ENV_VAR, str(tmp_path))
    record_scores(pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index(["1", "2"])), source="s")
    scores = merge_scores(tmp_path, pd.Index([2, 1, 3]))
    assert scores["x"].tolist()[:2] == [2.0, 1.0] and pd.isna(scores.loc[3, "x"])


def test_duplicated_customer_and_bad_source_are_one_line_errors(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(SCORES_ENV_VAR, str(tmp_path))
    with pytest.raises(DataValidationError, match="customer 1 appears 2 times"):
        record_scores(pd.DataFrame({"x": [1, 2]}, index=[1, 1]), source="s")
    with pytest.raises(ParameterError, match="short name"):
        record_scores(pd.DataFrame({"x": [1]}, index=[1]), source="a/b")


def test_folders_in_order_repeated_names_and_types_kept(tmp_path, monkeypatch) -> None:
    first, second = tmp_path / "01_a", tmp_path / "02_b"
    first.mkdir()
    second.mkdir()
    customers = pd.Index([1, 2, 3, 4], name="customer_id")
    monkeypatch.setenv(SCORES_ENV_VAR, str(first))
    record_scores(pd.DataFrame({"n": [7, 8], "ok": [True, False], "t": ["x", "y"]}, index=[2, 4]),
                  source="01_a")
    record_scores(pd.Series([0.5], index=[1], name="n"), source="01_a")  # same source again
    monkeypatch.setenv(SCORES_ENV_VAR, str(second))
    record_scores(pd.Series([3, 4], index=[3, 1], name="n"), source="02_b")
    scores = merge_scores([first, second, tmp_path / "missing"], customers)
    assert list(scores.columns) == ["n", "ok", "t", "n@01_a", "n@02_b"]
    assert str(scores["n"].dtype) == "Int64" and str(scores["ok"].dtype) == "boolean"
    assert str(scores["t"].dtype) == "string"
    assert scores["n"].tolist()[1::2] == [7, 8] and scores["n"].isna().sum() == 2
    assert scores.loc[1, "n@02_b"] == 4 and scores.loc[3, "n@02_b"] == 3
    assert pd.isna(scores.loc[2, "n@02_b"]) and scores.loc[1, "n@01_a"] == 0.5
    # every column: every customer once, values only for the recorded ones
    assert scores.notna().sum().tolist() == [2, 2, 2, 1, 2]
    assert merge_scores([], customers).shape == (4, 0)
