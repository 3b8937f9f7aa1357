"""One retention rate against the sBG model on a contract cohort (economics.contracts)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from clvmodels.economics import read_survival_table, retention_projection, retention_projection_note
from clvmodels.exceptions import DataValidationError, ParameterError
from clvmodels.models import simulate_sbg_survivors

FH2007 = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sbg_retention_fh2007.csv"


def test_projection_numbers_follow_their_definitions() -> None:
    survivors = simulate_sbg_survivors(20_000, gamma=0.9, delta=2.0, periods=12, random_state=7)
    p = retention_projection(survivors, calibration_periods=7, discount_rate=0.1)
    a = p.attrs
    share = survivors.to_numpy() / survivors.iloc[0]
    r = share[1]
    assert a["r"] == pytest.approx(r)
    assert a["lifetime_one_rate"] == pytest.approx(1 / (1 - r))
    np.testing.assert_allclose(p["one_rate"], r ** np.arange(13))
    # the planted population is recovered from 7 periods of 20,000 customers
    assert a["gamma"] == pytest.approx(0.9, rel=0.1) and a["delta"] == pytest.approx(2.0, rel=0.1)
    # sBG survival is B(g, d + t) / B(g, d), independently of the model's code
    g, d = a["gamma"], a["delta"]
    t = np.arange(13)
    np.testing.assert_allclose(p["sbg"], np.exp(special.betaln(g, d + t) - special.betaln(g, d)), rtol=1e-10)
    np.testing.assert_allclose(p["sbg_retention"].iloc[1:], (d + t[1:] - 1) / (g + d + t[1:] - 1), rtol=1e-10)
    assert a["lifetime_sbg_horizon"] == pytest.approx(p["sbg"].iloc[:12].sum())
    assert a["del_sbg"] == pytest.approx(sum(p.attrs["model"].survival(k) / 1.1 ** k for k in range(3000)), rel=1e-6)
    assert a["del_one_rate"] == pytest.approx(sum((r / 1.1) ** k for k in range(3000)))
    hold = p["holdout"]
    assert list(p.index[hold]) == [8, 9, 10, 11, 12]
    assert a["holdout_error_sbg"] == pytest.approx(np.mean(np.abs(p["sbg"][hold] - share[8:])))
    # with a heterogeneous base the one rate underestimates survival, the sBG does not
    assert a["holdout_error_one_rate"] > 5 * a["holdout_error_sbg"]
    assert (p["observed_retention"].iloc[1:].diff().dropna() > -0.02).all()  # rising with tenure
    note = retention_projection_note(p)
    assert "1/(1 - r)" in note and "holdout" in note and note.count("\n- ") == 3
    assert "1/(1 - r)" in retention_projection_note(p, lang="zh")


def test_fader_hardie_2007_segments() -> None:
    if not FH2007.exists():
        pytest.skip(f"Fader & Hardie (2007) data not found at {FH2007} (../shared/data is absent)")
    table = read_survival_table(FH2007)
    assert list(table.columns) == ["regular_pct_surviving", "high_end_pct_surviving"]
    regular = retention_projection(table["regular_pct_surviving"], calibration_periods=7)
    high_end = retention_projection(table["high_end_pct_surviving"], calibration_periods=7)
    # Fader & Hardie (2007): gamma, delta = 0.704, 1.182 (regular) and 0.668, 3.806 (high end)
    assert (round(regular.attrs["gamma"], 3), round(regular.attrs["delta"], 3)) == (0.704, 1.182)
    assert (round(high_end.attrs["gamma"], 3), round(high_end.attrs["delta"], 3)) == (0.668, 3.806)
    for p in (regular, high_end):  # the paper's point: one rate misprojects years 8-12, sBG does not
        assert p.attrs["holdout_error_one_rate"] > 0.1 > 0.02 > p.attrs["holdout_error_sbg"]


def test_bad_input_says_what_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="does not exist"):
        read_survival_table(tmp_path / "none.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("period,a\n0,100\n1,80\n2,seventy\n")
    with pytest.raises(DataValidationError, match=r"column 'a' row 4 \(period 2\).*'seventy'"):
        read_survival_table(bad)
    unordered = tmp_path / "unordered.csv"
    unordered.write_text("period,a\n1,100\n0,80\n")
    with pytest.raises(DataValidationError, match="periods 0, 1, ..., n"):
        read_survival_table(unordered)
    with pytest.raises(DataValidationError, match="calibration_periods \\+ 1 = 8"):
        retention_projection(pd.Series([100.0, 80.0, 70.0]), calibration_periods=7)
