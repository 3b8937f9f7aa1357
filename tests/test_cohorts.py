"""Cohort tables, observed retention, the cohort heat map and per-cohort fits."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.features import cohort_table, customer_cohorts, observed_retention
from clvmodels.labels import label
from clvmodels.models import BetaGeoModel, fit_by_cohort
from clvmodels.plotting import plot_cohort_heatmap


def _log() -> pd.DataFrame:
    """Four customers, Jan-Apr 2020; customer 4 buys only after the observation end below."""
    rows = [
        (1, "2020-01-05", 10.0), (1, "2020-01-20", 1.0), (1, "2020-02-10", 20.0),
        (1, "2020-03-01", 30.0),
        (2, "2020-01-20", 5.0), (2, "2020-03-15", 15.0),
        (3, "2020-02-02", 7.0),
        (4, "2020-03-31", 9.0),
    ]
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    tx["date"] = pd.to_datetime(tx["date"])
    tx.attrs["currency"] = "EUR"
    return tx


def _cells(table: pd.DataFrame, measure: str) -> list[list[float]]:
    return table[measure].to_numpy().tolist()


def test_monthly_table_by_hand() -> None:
    t = cohort_table(_log(), period="M", observation_end="2020-03-20")
    assert [str(c) for c in t.index] == ["2020-01", "2020-02"]
    assert list(t["customers"].columns) == [0, 1, 2]
    nan = np.nan
    np.testing.assert_array_equal(_cells(t, "customers"), [[2, 1, 2], [1, 0, nan]])
    np.testing.assert_array_equal(_cells(t, "customers_share"), [[1, 0.5, 1], [1, 0, nan]])
    # customer 1 in Jan, Feb, Mar; customer 2 in Jan and Mar: only customer 1 is retained
    np.testing.assert_array_equal(_cells(t, "retained"), [[nan, 1, 1], [nan, 0, nan]])
    np.testing.assert_allclose(_cells(t, "revenue"), [[16, 20, 45], [7, 0, nan]])
    np.testing.assert_allclose(_cells(t, "revenue_share"), [[1, 20 / 16, 45 / 16], [1, 0, nan]])
    assert t.attrs["cohort_size"] == {"2020-01": 2, "2020-02": 1}
    assert t.attrs["n_customers"] == 3  # customer 4 first buys after the end
    assert t.attrs["n_rows_after_end"] == 1
    assert t.attrs["partial_last_period"] is True and t.attrs["last_period"] == "2020-03"
    assert t.attrs["currency"] == "EUR" and t.attrs["period"] == "M"
    assert t.attrs["observation_end"] == pd.Timestamp("2020-03-20")


def test_unobserved_cells_are_nan_not_zero_and_full_period_not_partial() -> None:
    t = cohort_table(_log(), observation_end="2020-03-31")
    assert t.attrs["partial_last_period"] is False
    assert [str(c) for c in t.index] == ["2020-01", "2020-02", "2020-03"]
    assert t.loc[pd.Period("2020-03", "M"), ("customers", 0)] == 1
    assert np.isnan(t.loc[pd.Period("2020-03", "M"), ("customers", 1)])
    assert t.loc[pd.Period("2020-02", "M"), ("customers", 1)] == 0  # observed, nobody bought


def test_default_end_is_last_transaction_and_every_customer_once() -> None:
    tx = _log()
    t = cohort_table(tx, period="M")
    assert t.attrs["observation_end"] == pd.Timestamp("2020-03-31")
    assert sum(t.attrs["cohort_size"].values()) == tx["customer_id"].nunique()
    assert (t[("customers", 0)].to_numpy() == list(t.attrs["cohort_size"].values())).all()
    cohorts = customer_cohorts(tx)
    assert cohorts.index.is_unique and len(cohorts) == tx["customer_id"].nunique()
    assert cohorts.value_counts().sort_index().tolist() == list(t.attrs["cohort_size"].values())


def test_weekly_and_quarterly_periods() -> None:
    tx = _log()
    w = cohort_table(tx, period="W", observation_end="2020-03-20", value="customers")
    # ISO weeks: Sun 2020-01-05 is in the week of Mon 2019-12-30; Sun 2020-02-02 in 01-27's
    assert [str(c) for c in w.index] == ["2019-12-30/2020-01-05", "2020-01-20/2020-01-26",
                                         "2020-01-27/2020-02-02"]
    assert set(w.columns.get_level_values(0)) == {"customers", "customers_share", "retained"}
    assert w.loc[w.index[0], ("customers", 3)] == 1  # customer 1 on 2020-01-20, 3 weeks later
    assert w.attrs["partial_last_period"] is True  # 2020-03-20 is a Friday
    assert w[("customers", 0)].sum() == 3
    q = cohort_table(tx, period="Q", value="revenue")
    assert [str(c) for c in q.index] == ["2020Q1"]
    assert q.loc[q.index[0], ("revenue", 0)] == pytest.approx(97.0)
    assert set(q.columns.get_level_values(0)) == {"revenue", "revenue_share"}
    y = cohort_table(tx, period="Y")
    assert y.attrs["partial_last_period"] is True and y[("customers", 0)].tolist() == [4]


def test_observed_retention() -> None:
    t = cohort_table(_log(), observation_end="2020-03-20")
    r = observed_retention(t)
    assert list(r.columns) == [1, 2]
    np.testing.assert_array_equal(r.to_numpy(), [[0.5, 1.0], [0.0, np.nan]])
    assert r.attrs["partial_last_period"] is True
    with pytest.raises(DataValidationError, match="cohort table with customer counts"):
        observed_retention(cohort_table(_log(), value="revenue"))


def test_signup_cohorts_from_customers_table() -> None:
    customers = pd.DataFrame({
        "customer_id": [1, 2, 3, 4, 5],
        "signup_date": pd.to_datetime(["2019-12-15", "2020-01-02", "2020-02-01", "2020-03-30",
                                       "2020-01-10"]),
    })
    t = cohort_table(_log(), by="signup", customers=customers, observation_end="2020-03-20")
    assert t.attrs["by"] == "signup"
    assert [str(c) for c in t.index] == ["2019-12", "2020-01", "2020-02"]
    # customer 5 never bought: in the January cohort's size, in no period; 4 signed up late
    assert t.attrs["cohort_size"] == {"2019-12": 1, "2020-01": 2, "2020-02": 1}
    assert t.attrs["n_signed_up_after_end"] == 1
    nan = np.nan
    np.testing.assert_array_equal(_cells(t, "customers"),
                                  [[0, 1, 1, 1], [1, 0, 1, nan], [1, 0, nan, nan]])
    np.testing.assert_array_equal(_cells(t, "customers_share")[1], [0.5, 0, 0.5, nan])
    # index form, acquisition_date column
    t2 = cohort_table(_log(), by="signup", observation_end="2020-03-20",
                      customers=customers.set_index("customer_id").rename(
                          columns={"signup_date": "acquisition_date"}))
    pd.testing.assert_frame_equal(t, t2)


def test_signup_errors_are_one_line() -> None:
    customers = pd.DataFrame({"customer_id": [1, 2, 3],
                              "signup_date": pd.to_datetime(["2020-01-01"] * 3)})
    with pytest.raises(DataValidationError, match=r"not in the customers table.*\[4\]") as err:
        cohort_table(_log(), by="signup", customers=customers)
    assert "\n" not in str(err.value)
    late = customers.assign(signup_date=pd.to_datetime(["2020-02-15", "2020-01-01", "2020-01-01"]))
    with pytest.raises(DataValidationError, match="before the customer's signup period"):
        cohort_table(_log(), by="signup", customers=late, observation_end="2020-03-20")
    with pytest.raises(ParameterError, match="needs customers="):
        cohort_table(_log(), by="signup")
    with pytest.raises(DataValidationError, match="no signup_date or acquisition_date"):
        cohort_table(_log(), by="signup", customers=customers.rename(columns={"signup_date": "x"}))
    with pytest.raises(DataValidationError, match="not a date for 1 customer"):
        cohort_table(_log(), by="signup",
                     customers=customers.assign(signup_date=[pd.NaT, *customers.signup_date[1:]]))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"period": "D"}, r"period='D' is not supported; use one of 'W', 'M', 'Q', 'Y'"),
        ({"by": "first"}, r"by='first' is not supported"),
        ({"value": "all"}, r"value='all' is not supported"),
        ({"observation_end": "soon"}, r"observation_end='soon' is not a date"),
        ({"customers": pd.DataFrame()}, r"customers= is used only with by='signup'"),
    ],
)
def test_bad_arguments_are_one_line(kwargs: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match) as err:
        cohort_table(_log(), **kwargs)
    assert "\n" not in str(err.value)


def test_bad_transactions() -> None:
    with pytest.raises(DataValidationError, match="lack column"):
        cohort_table(pd.DataFrame({"customer_id": [1]}))
    with pytest.raises(DataValidationError, match="after observation_end 2019-01-01"):
        cohort_table(_log(), observation_end="2019-01-01")


def test_string_ids_and_larger_log_agree_with_a_groupby() -> None:
    rng = np.random.default_rng(0)
    n = 5000
    tx = pd.DataFrame({
        "customer_id": rng.integers(0, 700, n),
        "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 400, n), unit="D"),
        "amount": rng.gamma(2.0, 10.0, n),
    })
    t = cohort_table(tx, period="M")
    month = tx["date"].dt.to_period("M")
    first = month.groupby(tx["customer_id"]).transform("min")
    k = (month - first).apply(lambda d: d.n)
    expected = tx.assign(cohort=first, k=k).groupby(["cohort", "k"])["customer_id"].nunique()
    got = t["customers"].stack().dropna().astype(int)
    got = got[got > 0]
    got.index.names = ["cohort", "k"]
    pd.testing.assert_series_equal(got, expected, check_names=False, check_dtype=False)
    rev = tx.assign(cohort=first, k=k).groupby(["cohort", "k"])["amount"].sum()
    np.testing.assert_allclose(t["revenue"].stack().loc[rev.index].to_numpy(), rev.to_numpy())
    s = cohort_table(tx.assign(customer_id="c" + tx["customer_id"].astype(str)), period="M")
    np.testing.assert_array_equal(s.to_numpy(), t.to_numpy())


@pytest.mark.parametrize("value", ["share", "customers", "revenue", "revenue_share"])
def test_heatmap_draws(value: str) -> None:
    import matplotlib.pyplot as plt

    t = cohort_table(_log(), observation_end="2020-03-20")
    ax = plot_cohort_heatmap(t, value=value)
    assert ax.get_xlabel() == "months since acquisition"
    assert "2020-01 (n=2)" in [tick.get_text() for tick in ax.get_yticklabels()]
    assert "observed in part" in ax.get_title()
    plt.close(ax.figure)
    ax = plot_cohort_heatmap(t, value=value, lang="zh")
    assert ax.get_xlabel() == label("cohort_periods_since", "zh").format(unit="月")
    plt.close(ax.figure)


def test_heatmap_errors() -> None:
    with pytest.raises(ParameterError, match="value='rate' is not supported"):
        plot_cohort_heatmap(cohort_table(_log()), value="rate")
    with pytest.raises(DataValidationError, match="no 'revenue' measure"):
        plot_cohort_heatmap(cohort_table(_log(), value="customers"), value="revenue")


def test_fit_by_cohort_on_cdnow(cdnow_transactions: pd.DataFrame,
                                cdnow_summary: pd.DataFrame) -> None:
    cohorts = customer_cohorts(cdnow_transactions, period="M")
    model = BetaGeoModel()
    result = fit_by_cohort(model, cdnow_summary, cohorts, min_customers=750)
    assert not hasattr(model, "params_")  # the model passed in stays unfitted
    assert [str(c) for c in result.params.index] == ["1997-01", "1997-02"]
    assert [str(c) for c in result.skipped.index] == ["1997-03"]
    assert result.skipped.loc[pd.Period("1997-03", "M"), "reason"] == "cohort_skip_too_few"
    assert result.skipped.loc[pd.Period("1997-03", "M"), "n_customers"] == 719
    assert list(result.params.columns) == ["r", "alpha", "a", "b", "n_customers", "n_fitted",
                                           "log_likelihood", "converged"]
    assert result.params["n_customers"].tolist() == [781, 857]
    assert result.params["converged"].all()
    # each cohort's row is the fit on that cohort's customers alone
    part = cdnow_summary[(cohorts.reindex(cdnow_summary.index) == pd.Period("1997-02", "M"))]
    alone = BetaGeoModel().fit(part)
    row = result.params.loc[pd.Period("1997-02", "M")]
    assert row["log_likelihood"] == pytest.approx(alone.log_likelihood_)
    np.testing.assert_allclose(row[["r", "alpha", "a", "b"]].astype(float), alone.params_,
                               rtol=1e-6)
    every = fit_by_cohort(BetaGeoModel(), cdnow_summary, cohorts, min_customers=1)
    assert every.skipped.empty and len(every.params) == 3
    assert every.params["n_customers"].sum() == len(cdnow_summary)
    # separate parameters per cohort nest the pooled model: the likelihood cannot be lower
    pooled = BetaGeoModel().fit(cdnow_summary)
    assert every.params["log_likelihood"].sum() >= pooled.log_likelihood_ - 1e-6
    text = label("cohort_skip_too_few", "en").format(n=719, min=750)
    assert text == "719 customers, fewer than min_customers=750"


def test_fit_by_cohort_errors(cdnow_summary: pd.DataFrame) -> None:
    labels = pd.Series("A", index=cdnow_summary.index)
    with pytest.raises(DataValidationError, match=r"2 customer\(s\) of the summary have no cohort"):
        fit_by_cohort(BetaGeoModel(), cdnow_summary, labels.iloc[2:])
    with pytest.raises(ParameterError, match="cohorts must be a pandas Series"):
        fit_by_cohort(BetaGeoModel(), cdnow_summary, ["A"] * len(cdnow_summary))
    with pytest.raises(ParameterError, match="min_customers=0 must be a positive"):
        fit_by_cohort(BetaGeoModel(), cdnow_summary, labels, min_customers=0)
    with pytest.raises(ParameterError, match="model must be an unfitted estimator"):
        fit_by_cohort("BG/NBD", cdnow_summary, labels)
    # a fit that fails is recorded, not raised and not silent
    bad = cdnow_summary.copy()
    bad.loc[bad.index[:150], "frequency"] = -1.0
    split = pd.Series(np.where(np.arange(len(bad)) < 150, "bad", "good"), index=bad.index)
    result = fit_by_cohort(BetaGeoModel(), bad, split, min_customers=100)
    assert list(result.params.index) == ["good"]
    assert result.skipped.loc["bad", "reason"] == "cohort_skip_fit_failed"
    assert "frequency" in result.skipped.loc["bad", "detail"]


def test_signup_cohorts_with_no_purchase_before_the_end() -> None:
    tx = _log()
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 9],
                              "signup_date": pd.to_datetime(["2019-11-02"] * 4 + ["2019-12-01"])})
    t = cohort_table(tx, by="signup", customers=customers, observation_end="2019-12-31")
    assert t.attrs["cohort_size"] == {"2019-11": 4, "2019-12": 1}
    np.testing.assert_array_equal(_cells(t, "customers"), [[0, 0], [0, np.nan]])
    assert t.attrs["n_rows_after_end"] == len(tx)
