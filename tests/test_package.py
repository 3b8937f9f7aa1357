"""Package-wide contracts: importing changes no global state; every label is bilingual."""

from __future__ import annotations

import subprocess
import sys

from clvmodels.labels import LANGS, TABLE


def test_importing_every_module_changes_no_global_state():
    code = """
import warnings
import numpy as np, pandas as pd
import matplotlib as mpl
# third-party libraries register their own filters on import: load them first
import scipy.special, scipy.optimize, scipy.stats, sklearn.cluster, sklearn.ensemble
import sklearn.linear_model, sklearn.mixture, seaborn, pyarrow, duckdb
before = (list(map(repr, warnings.filters)), pd.get_option('display.max_columns'),
          dict(mpl.rcParams), np.geterr(),
          np.random.get_state()[1][:5].tolist())
import clvmodels, clvmodels.features, clvmodels.models, clvmodels.segmentation, clvmodels.churn
import clvmodels.economics, clvmodels.compare, clvmodels.plotting, clvmodels.reports
import clvmodels.datasets, clvmodels.audit, clvmodels.cli, clvmodels.labels
after = (list(map(repr, warnings.filters)), pd.get_option('display.max_columns'),
         dict(mpl.rcParams), np.geterr(),
         np.random.get_state()[1][:5].tolist())
for name, b, a in zip(['warnings', 'max_columns', 'rcParams', 'geterr', 'rng'], before, after):
    assert b == a, name
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"


def test_every_label_has_english_and_chinese_text():
    assert len(TABLE) > 100
    for key, entry in TABLE.items():
        assert set(entry) == set(LANGS), key
        assert entry["en"].strip() and entry["zh"].strip(), key
