"""Tests of ``clvmodels summarize``: through cli.main and once as the installed command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from clvmodels import read_transactions
from clvmodels.cli import main
from clvmodels.features import calibration_holdout_split, rfm_summary

DATA = Path(__file__).resolve().parents[1] / "data" / "raw"
CDNOW = DATA / "CDNOW_sample.txt"
CDNOW_NAMES = "original_id,customer_id,date,quantity,amount"

LOG = (
    "cust,order_date,sales\n"
    "1,2024-01-01,10\n"
    "1,2024-01-15,20\n"
    "1,2024-02-01,30\n"
    "2,2024-01-10,5\n"
    "3,2024-01-20,8\n"
    "3,2024-03-05,4\n"
)


def _log(tmp_path: Path, text: str = LOG, name: str = "orders.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_summarize_csv_matches_rfm_summary(tmp_path, capsys):
    out = tmp_path / "summary.csv"
    code = main(["summarize", str(_log(tmp_path)), "-o", str(out), "--time-unit", "W",
                 "--observation-end", "2024-03-31"])
    assert code == 0
    written = pd.read_csv(out)
    assert list(written.columns) == [
        "customer_id", "frequency", "recency", "T", "litt", "monetary_value"
    ]
    expected = rfm_summary(
        read_transactions(_log(tmp_path)), observation_end="2024-03-31", time_unit="W"
    )
    pd.testing.assert_frame_equal(written.set_index("customer_id"), expected, check_like=False,
                                  check_dtype=False)
    assert written["frequency"].tolist() == [2.0, 0.0, 1.0]
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"clvmodels summarize: RFM summary of 3 customers from 6 transactions (orders.csv), "
        f"time unit W, observation end 2024-03-31 -> {out}"
    ]


def test_summarize_column_flags_and_parquet(tmp_path):
    log = _log(tmp_path, LOG.replace("cust,order_date,sales", "who,when,paid"))
    out = tmp_path / "nested" / "summary.parquet"
    code = main(["summarize", str(log), "-o", str(out), "--customer-col", "who",
                 "--date-col", "when", "--amount-col", "paid"])
    assert code == 0
    written = pd.read_parquet(out)
    assert written["customer_id"].tolist() == [1, 2, 3]
    assert written.attrs["time_unit"] == "D"


def test_summarize_calibration_holdout(tmp_path):
    out = tmp_path / "split.csv"
    code = main(["summarize", str(_log(tmp_path)), "-o", str(out),
                 "--calibration-end", "2024-01-31", "--observation-end", "2024-03-31"])
    assert code == 0
    written = pd.read_csv(out).set_index("customer_id")
    expected = calibration_holdout_split(
        read_transactions(_log(tmp_path)), calibration_end="2024-01-31",
        observation_end="2024-03-31",
    )
    pd.testing.assert_frame_equal(written, expected, check_dtype=False)
    assert written.loc[1, "frequency_holdout"] == 1
    assert written.loc[3, "frequency_holdout"] == 1


def test_summarize_cdnow_sample_weekly(tmp_path, capsys):
    out = tmp_path / "cdnow.csv"
    code = main(["summarize", str(CDNOW), "-o", str(out), "--names", CDNOW_NAMES,
                 "--time-unit", "W", "--observation-end", "1998-06-30"])
    assert code == 0
    written = pd.read_csv(out)
    assert len(written) == 2357
    assert written["T"].max() == pytest.approx((pd.Timestamp("1998-06-30")
                                                - pd.Timestamp("1997-01-01")).days / 7)
    err = capsys.readouterr().err
    assert "clvmodels summarize: warning: CDNOW_sample.txt: 21 rows exactly repeat" in err
    assert "2357 customers from 6919 transactions" in err


@pytest.mark.parametrize(
    ("text", "extra", "expected"),
    [
        (LOG + "4,2024-99-01,3\n", [], "orders.csv: column 'date' (source column 'order_date'): "
         "unparseable dates in 1 row: line 8 ('2024-99-01')"),
        (LOG + "4,2024-01-01,-3\n", [], "column 'amount' (source column 'sales'): negative "
         "amounts (returns or refunds) in 1 row: line 8 (-3.0)"),
        (LOG.replace("cust,", "custmer,"), [], "column 'customer_id': not found in the header "
         "(line 1)"),
        (LOG, ["--amount-col", "sale"], "column 'amount': mapped to 'sale'"),
        (LOG, ["--observation-end", "soon"], "observation_end='soon' is not a date"),
    ],
)
def test_bad_input_one_line_on_stderr_exit_2(tmp_path, capsys, text, extra, expected):
    out = tmp_path / "s.csv"
    code = main(["summarize", str(_log(tmp_path, text)), "-o", str(out), *extra])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("clvmodels summarize: error: ")
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_missing_input_and_bad_output_extension(tmp_path, capsys):
    assert main(["summarize", str(tmp_path / "none.csv"), "-o", str(tmp_path / "s.csv")]) == 2
    assert "none.csv: file not found" in capsys.readouterr().err
    assert main(["summarize", str(_log(tmp_path)), "-o", str(tmp_path / "s.xlsx")]) == 2
    assert "'s.xlsx' has no known extension" in capsys.readouterr().err


def test_allow_returns_flag(tmp_path, capsys):
    log = _log(tmp_path, LOG + "1,2024-02-03,-30\n")
    out = tmp_path / "s.csv"
    assert main(["summarize", str(log), "-o", str(out), "--allow-returns"]) == 0
    written = pd.read_csv(out).set_index("customer_id")
    assert written.loc[1, "frequency"] == 1  # the 02-01 purchase was fully returned
    assert "1 purchase day removed" in capsys.readouterr().err


def test_installed_command_subprocess(tmp_path):
    exe = Path(sys.executable).with_name("clvmodels")
    if not exe.exists():
        pytest.skip("the clvmodels console script is not installed next to this Python")
    out = tmp_path / "s.csv"
    ok = subprocess.run([str(exe), "summarize", str(_log(tmp_path)), "-o", str(out)],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert pd.read_csv(out)["customer_id"].tolist() == [1, 2, 3]
    bad = subprocess.run([str(exe), "summarize", str(_log(tmp_path, LOG + "x,2024-01-01,abc\n")),
                          "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.startswith("clvmodels summarize: error: orders.csv: column 'amount'")
    assert "line 8 ('abc')" in bad.stderr
    assert "Traceback" not in bad.stderr
