"""The model-based overdue signal of regular buyers in the churn warning system."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clvmodels.churn import churn_warning, regular_overdue_signal
from clvmodels.exceptions import ParameterError
from clvmodels.models import BetaGeoModel, ModifiedBetaGeoCNBDModel, simulate_cnbd_summary


def test_regular_overdue_signal_flags_long_silences() -> None:
    sim = simulate_cnbd_summary(4000, k=3, r=0.85, alpha=1.45, a=0.79, b=2.42, T=(30.0, 60.0),
                                holdout=10.0, dropout_at_zero=True, random_state=3)
    model = ModifiedBetaGeoCNBDModel(k=3).fit(sim)
    out = regular_overdue_signal(model, sim, threshold=0.9)
    assert list(out.columns) == ["p_overdue", "flag"] and out.index.equals(sim.index)
    np.testing.assert_allclose(out["p_overdue"], model.overdue_probability(sim))
    flagged = out["flag"] & (sim["frequency"] > 0)
    # the flagged repeat buyers are mostly gone, the others mostly alive
    assert (~sim.loc[flagged, "alive"]).mean() > 0.8 > (~sim.loc[~out["flag"] & (sim["frequency"] > 0), "alive"]).mean()
    with pytest.raises(ParameterError, match="overdue_probability"):
        regular_overdue_signal(BetaGeoModel().fit(sim), sim)


def test_churn_warning_adds_the_signal(cdnow_transactions: pd.DataFrame) -> None:
    from clvmodels.features import rfm_summary

    tx = cdnow_transactions
    t1 = pd.Timestamp("1997-09-30")
    summary = rfm_summary(tx[tx["date"] <= t1], observation_end=t1, time_unit="W")
    model = ModifiedBetaGeoCNBDModel(random_state=0).fit(summary)
    res = churn_warning(tx, calibration_end=t1, window_days=120, transaction_model=model,
                        summary=summary, estimators=(), random_state=0)
    assert "regular_overdue" in res.scores().columns
    assert res.signals["p_overdue"].between(0, 1).all()
    assert "regular_overdue" in res.evaluation.index.get_level_values("signal")
    assert res.settings["overdue_threshold"] == 0.9
