"""Issue 13's "done when": a user's folder of CSV exports, with the company's own column names and
a customer table, runs every page of the report on that data alone."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clvmodels.datasets import make_crm_data
from clvmodels.reports import run_report

REPO = Path(__file__).resolve().parents[1]

#: The company's export names -> ours, per table (what the user writes in crm.yaml).
THEIRS = {
    "transactions": {"order_id": "OrderNo", "customer_id": "CustNo", "date": "OrderDate",
                     "amount": "NetSales", "cost": "COGS", "quantity": "Qty",
                     "category": "ProductGroup", "channel": "SalesChannel"},
    "customers": {"customer_id": "CustNo", "signup_date": "CreatedOn", "region": "Area"},
    "contacts": {"customer_id": "CustNo", "campaign_id": "CampaignCode", "date": "SentOn",
                 "responded": "Answered"},
}


def _export(tmp_path: Path) -> Path:
    """The synthetic database as a company would export it: CSV, own names, day-first dates."""
    db = make_crm_data(400, random_state=7)
    folder = tmp_path / "export"
    folder.mkdir()
    names = {"transactions": "orders.csv", "customers": "clients.csv", "contacts": "mailings.csv"}
    for table, file in names.items():
        frame = getattr(db, table).rename(columns=THEIRS[table])
        for col in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.strftime("%d/%m/%Y")
        frame.to_csv(folder / file, index=False)
    lines = ["name: Example shop", "currency: CNY", "date_format: '%d/%m/%Y'", "tables:"]
    lines += [f"  {table}: {file}" for table, file in names.items()]
    lines.append("columns:")
    for table, mapping in THEIRS.items():
        pairs = ", ".join(f"{theirs}: {ours}" for ours, theirs in mapping.items())
        lines.append(f"  {table}: {{{pairs}}}")
    (folder / "crm.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_users_csv_exports_with_own_names_run_every_page(tmp_path: Path) -> None:
    folder = _export(tmp_path)
    result = run_report({"max_customers": 150}, data=str(folder), progress=False,
                        notebooks_dir=REPO / "notebooks", output_dir=tmp_path / "reports",
                        run_id="shop")
    assert result.exit_code == 0, result.failure_message()
    assert len(result.notebooks) == len(list((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    assert result.data["name"] == "Example shop"
    for nb in result.notebooks:  # every page read the run's database, none a bundled data set
        assert nb.effective_parameters["data"], nb.name
    index = (result.path / "index.html").read_text(encoding="utf-8")
    assert "Example shop" in index and "CNY" in index
    scores = pd.read_parquet(result.path / "customer_scores.parquet")
    assert len(scores) == result.data["customers"] and scores.index.is_unique
    assert {"rfm_segment", "clv", "pyramid", "cluster"} <= set(scores.columns)
    # the tables the export has were used: no page asks for them; the ones it lacks are named
    pages = "".join((result.path / nb.html).read_text(encoding="utf-8") for nb in result.notebooks)
    asked = set(re.findall(r"Add a &#x27;(\w+)&#x27; table|Add a '(\w+)' table", pages))
    asked = {a or b for a, b in asked}
    assert asked and asked <= {"surveys", "referrals"}, asked
