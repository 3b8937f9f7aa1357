"""One database per report run (``--data``), the index naming it, ``customer_scores`` and
``--write-back``.

Runs use small throwaway notebooks (a kernel each, a few seconds) that read the run's data the
way the report notebooks do (``load_data(dataset, data=data, ...)``) and record scores for a
subset of customers with :func:`clvmodels.reports.record_scores`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from clvmodels import CRMDatabase, load_crm
from clvmodels.crm.narrative import data_summary
from clvmodels.datasets import make_crm_data
from clvmodels.exceptions import ParameterError
from clvmodels.reports import load_params_file, run_report

PARAMS = """\
data = None                # a CRM database: folder, DuckDB file, SQL URL or crm.yaml
dataset = "cdnow"          # "cdnow" | "cdnow-master" | "synthetic"
input_path = None          # a CSV/Parquet transaction log; overrides dataset
column_map = None          # {"customer_id": "...", "date": "...", "amount": "..."} for input_path
max_customers = None       # int: random subset for quick runs
lang = "en"                # "en" | "zh"
random_state = 42
fail = False
"""

#: Reads the run's data, records scores for every other customer (and one id that is not a
#: customer), prints what it read.
BODY = """\
import pandas as pd
from clvmodels.datasets import load_data
from clvmodels.reports import headline, record_scores
db = load_data(dataset, data=data, input_path=input_path, column_map=column_map,
               max_customers=max_customers, random_state=random_state)
ids = [db.transactions["customer_id"]]
if db.customers is not None:
    ids.append(db.customers["customer_id"])
ids = pd.Index(pd.concat(ids).unique()).sort_values()
headline("customers", len(ids))
print("READ", data, db.name, len(ids), "customers")
part = ids[::STEP]
scores = pd.DataFrame({"score": range(len(part)), "flag": [i % 3 == 0 for i in range(len(part))],
                       "label": ["a" if i % 2 else "b" for i in range(len(part))],
                       "value": [0.5 * i for i in range(len(part))]}, index=part)
record_scores(scores.add_prefix(PREFIX), source=NAME, units={PREFIX + "value": "CNY"})
if fail:
    raise RuntimeError("boom requested by the test")
"""


def _notebook(path: Path, name: str, step: int, prefix: str) -> None:
    nb = new_notebook()
    params = new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    body = BODY.replace("NAME", repr(name)).replace("STEP", str(step)).replace("PREFIX", repr(prefix))
    nb.cells = [new_markdown_cell(f"# {name} page"), params, new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture()
def nb_dir(tmp_path: Path) -> Path:
    d = tmp_path / "notebooks"
    d.mkdir()
    _notebook(d / "01_first.ipynb", "01_first", 2, "")
    _notebook(d / "02_second.ipynb", "02_second", 3, "b_")
    return d


@pytest.fixture(scope="module")
def shop() -> CRMDatabase:
    return make_crm_data(150, random_state=5)


def _cli(nb_dir: Path, out: Path, *args: str) -> list[str]:
    return ["report", "--quiet", "--notebooks-dir", str(nb_dir), "--output-dir", str(out), *args]


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from clvmodels.cli import main

    code = main(args)
    return code, capsys.readouterr().err


def _printed(run: Path, name: str) -> str:
    nb = nbformat.read(run / f"{name}.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def _all_ids(db: CRMDatabase) -> list:
    ids = set(db.transactions["customer_id"])
    if db.customers is not None:
        ids |= set(db.customers["customer_id"])
    return sorted(ids)


def _assert_scores(run: Path, db: CRMDatabase, notebooks: dict[str, tuple[int, str]]) -> pd.DataFrame:
    """Every customer exactly once; each notebook's columns hold exactly its recorded customers."""
    ids = _all_ids(db)
    scores = pd.read_parquet(run / "customer_scores.parquet")
    assert scores.index.name == "customer_id"
    assert scores.index.is_unique and scores.index.tolist() == ids
    csv = pd.read_csv(run / "customer_scores.csv")
    assert len(csv) == len(ids) and csv["customer_id"].is_unique
    about = json.loads((run / "customer_scores.json").read_text(encoding="utf-8"))
    assert about["customers"] == len(ids)
    expected = []
    for name, (step, prefix) in notebooks.items():
        scored = ids[::step]
        for col in ("score", "flag", "label", "value"):
            column = prefix + col
            expected.append(column)
            # the count is conserved through every column: the recorded customers, no others
            assert scores[column].notna().sum() == len(scored), column
            assert scores.loc[scored, column].notna().all(), column
            assert about["columns"][column]["source"] == name
        assert about["columns"][prefix + "value"]["unit"] == "CNY"
        assert scores.loc[scored, prefix + "score"].tolist() == list(range(len(scored)))
    assert list(scores.columns) == expected
    assert str(scores["score"].dtype) == "Int64" and str(scores["flag"].dtype) == "boolean"
    return scores


# --- --data: one database for every notebook ---------------------------------------------------


def test_data_folder_run_every_notebook_reads_it_and_index_names_it(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = shop.to_folder(tmp_path / "shop", format="csv")
    out = tmp_path / "reports"
    code, err = _main(_cli(nb_dir, out, "--data", str(folder), "--run-id", "r",
                           "--dataset", "cdnow"), capsys)
    assert code == 2 and "--data and --dataset" in err and "\n" not in err.strip()
    code, err = _main(_cli(nb_dir, out, "--data", str(folder), "--run-id", "r"), capsys)
    assert code == 0, err
    run = out / "r"
    db = load_crm(folder)
    for name in ("01_first", "02_second"):
        assert f"READ _input/crm synthetic {len(_all_ids(db))} customers" in _printed(run, name)
    assert not (run / "_input").exists() and not (run / "_scores").exists()
    index = (run / "index.html").read_text(encoding="utf-8")
    assert index.count(data_summary(db, "en")) == 1  # the data named once
    for table, df in db.tables().items():
        assert f"{len(df):,}</td>" in index, table
    assert 'href="customer_scores.parquet"' in index and 'href="customer_scores.csv"' in index
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert meta["data"]["name"] == "synthetic" and meta["data"]["currency"] == db.currency
    assert meta["data"]["tables"] == {t: len(df) for t, df in db.tables().items()}
    assert meta["data"]["customers"] == len(_all_ids(db))
    assert meta["data"]["source"] == str(folder.resolve())
    assert meta["parameters"]["data"] == str(folder.resolve())
    _assert_scores(run, db, {"01_first": (2, ""), "02_second": (3, "b_")})


def test_chinese_index_names_the_data_in_chinese(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase
) -> None:
    folder = shop.to_folder(tmp_path / "shop")
    result = run_report({"lang": "zh"}, data=str(folder), notebooks_dir=nb_dir,
                        output_dir=tmp_path / "reports", run_id="zh", progress=False, only=["1"])
    assert result.exit_code == 0, result.failure_message()
    index = (result.path / "index.html").read_text(encoding="utf-8")
    assert data_summary(load_crm(folder), "zh") in index and "客户评分" in index


def test_bad_data_in_a_folder_stops_before_anything_one_line_exit_2(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = shop.to_folder(tmp_path / "shop", format="csv")
    tx = pd.read_csv(folder / "transactions.csv")
    tx.loc[3, "date"] = "notadate"
    tx.to_csv(folder / "transactions.csv", index=False)
    out = tmp_path / "reports"
    code, err = _main(_cli(nb_dir, out, "--data", str(folder)), capsys)
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "transactions.csv" in lines[0] and "'date'" in lines[0] and "notadate" in lines[0]
    assert not out.exists()  # nothing written, no kernel started


def test_failed_notebook_scores_are_absent_and_the_others_kept(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase
) -> None:
    folder = shop.to_folder(tmp_path / "shop")
    result = run_report({}, notebook_params={"02_second": {"fail": True}}, data=str(folder),
                        notebooks_dir=nb_dir, output_dir=tmp_path / "reports", run_id="f",
                        progress=False)
    assert result.exit_code == 1 and "02_second" in result.failure_message()
    _assert_scores(result.path, load_crm(folder), {"01_first": (2, "")})


def test_params_file_data_mapping_with_own_column_names(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    """A user's CSV exports with their own column names, described in the YAML file."""
    exports = tmp_path / "exports"
    exports.mkdir()
    shop.transactions.rename(columns={"customer_id": "KundenNr", "date": "Datum",
                                      "amount": "Umsatz"}).to_csv(exports / "orders.csv",
                                                                   index=False)
    shop.customers.rename(columns={"customer_id": "KundenNr"}).to_csv(
        exports / "kunden.csv", index=False)
    params = tmp_path / "config" / "report.yaml"
    params.parent.mkdir()
    params.write_text(
        "dataset: cdnow\n"  # the data section wins over a bundled data set
        "data:\n  source: ../exports\n  name: Laden\n  currency: EUR\n"
        "  tables: {transactions: orders.csv, customers: kunden.csv}\n"
        "  columns:\n    transactions: {KundenNr: customer_id, Datum: date, Umsatz: amount}\n"
        "    customers: {KundenNr: customer_id}\n"
        "report:\n  output_dir: ../reports\n"
    )
    config = load_params_file(params)
    assert config.data.source == str(exports.resolve()) and config.data.options["currency"] == "EUR"
    code, err = _main(["report", "--quiet", "--notebooks-dir", str(nb_dir), "--params",
                       str(params), "--run-id", "y", "--only", "1"], capsys)
    assert code == 0, err
    run = tmp_path / "reports" / "y"
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert meta["data"]["name"] == "Laden" and meta["data"]["currency"] == "EUR"
    assert set(meta["data"]["tables"]) == {"transactions", "customers"}
    assert f"READ _input/crm Laden {len(_all_ids(shop))} customers" in _printed(run, "01_first")
    assert pd.read_parquet(run / "customer_scores.parquet").index.tolist() == _all_ids(shop)


@pytest.mark.parametrize("bad, fragment", [
    ({"source": "x", "colums": {}}, "unknown option 'colums'"),
    ({"columns": {}}, "needs 'source:'"),
    (3, "'data' is int"),
])
def test_bad_data_section_is_one_line(tmp_path: Path, bad: object, fragment: str) -> None:
    import yaml

    params = tmp_path / "report.yaml"
    params.write_text(yaml.safe_dump({"data": bad}))
    with pytest.raises(ParameterError, match=fragment) as info:
        load_params_file(params)
    assert "\n" not in str(info.value)


def test_data_parameters_are_one_value_per_run(nb_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="'dataset' chooses the run's data"):
        run_report({}, notebook_params={"01_first": {"dataset": "synthetic"}},
                   notebooks_dir=nb_dir, output_dir=tmp_path / "reports")
    with pytest.raises(ParameterError, match="both 'data' and 'input_path'"):
        run_report({"input_path": str(tmp_path / "x.csv")}, data=str(tmp_path),
                   notebooks_dir=nb_dir, output_dir=tmp_path / "reports")
    assert not (tmp_path / "reports").exists()


def test_bundled_data_with_max_customers_is_cut_once(nb_dir: Path, tmp_path: Path) -> None:
    result = run_report({"dataset": "synthetic", "max_customers": 60}, notebooks_dir=nb_dir,
                        output_dir=tmp_path / "reports", run_id="s", progress=False,
                        only=["1"])
    assert result.exit_code == 0, result.failure_message()
    assert result.data["customers"] == 60 and result.data["name"] == "synthetic"
    assert "READ _input/crm synthetic 60 customers" in _printed(result.path, "01_first")
    executed = nbformat.read(result.path / "01_first.ipynb", as_version=4)
    injected = next(c.source for c in executed.cells if "injected-parameters" in c.metadata.get(
        "tags", []))
    assert "max_customers = None" in injected and 'data = "_input/crm"' in injected
    assert len(pd.read_parquet(result.path / "customer_scores.parquet")) == 60


# --- --write-back ----------------------------------------------------------------------------


def _read_table(target: str, table: str, schema: str | None = None) -> pd.DataFrame:
    if target.endswith(".duckdb"):
        import duckdb

        con = duckdb.connect(target, read_only=True)
        try:
            return con.execute(f"SELECT * FROM {table}").df()
        finally:
            con.close()
    import sqlalchemy as sa

    engine = sa.create_engine(target)
    try:
        name = f"{schema}.{table}" if schema else table
        return pd.read_sql(f"SELECT * FROM {name}", engine)
    finally:
        engine.dispose()


def _write_back_runs(nb_dir: Path, tmp_path: Path, db: CRMDatabase, target: str,
                     capsys: pytest.CaptureFixture[str], *, schema: str | None = None) -> None:
    """replace twice into one table, append twice into another; the CRM tables untouched.

    With ``schema``, the data is read from that schema (``data: {source, schema}`` in a YAML
    file) and the scores go there too: once by default, once named ``schema.table``.
    """
    out = tmp_path / "reports"
    source = ["--data", target]
    if schema is not None:
        params = tmp_path / "report.yaml"
        params.write_text(f"data:\n  source: '{target}'\n  schema: {schema}\n")
        source = ["--params", str(params)]
    ids = _all_ids(db)
    runs = (("replace", "scores"), ("append", "history"), ("append", "history"),
            ("replace", "scores"))
    for n, (mode, table) in enumerate(runs):
        name = f"{schema}.{table}" if schema and mode == "append" else table
        code, err = _main(_cli(nb_dir, out, *source, "--only", "1", "--run-id",
                               f"w{n}", "--write-back", name, "--write-back-mode", mode), capsys)
        assert code == 0, err
        meta = json.loads((out / f"w{n}" / "run.json").read_text(encoding="utf-8"))
        assert meta["write_back"]["status"] == "ok" and meta["write_back"]["rows"] == len(ids)
        assert "Written back" in (out / f"w{n}" / "index.html").read_text(encoding="utf-8")
        got = _read_table(target, table, schema)
        if mode == "replace":
            assert sorted(got["customer_id"].tolist()) == ids and "run_id" not in got.columns
            assert got["score"].notna().sum() == len(ids[::2]) and len(got) == len(ids)
        else:
            appended = [f"w{i}" for i in range(1, n + 1)]
            assert sorted(got["run_id"].unique()) == appended
            assert len(got) == len(appended) * len(ids) and got["scored_at"].notna().all()
            assert (got.groupby("run_id")["customer_id"].nunique() == len(ids)).all()
            assert got["score"].notna().sum() == len(appended) * len(ids[::2])
    back = load_crm(target, schema=schema) if schema else load_crm(target)
    assert len(back.transactions) == len(db.transactions)


def test_write_back_to_duckdb_replace_and_append(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shop.to_duckdb(tmp_path / "shop.duckdb")
    _write_back_runs(nb_dir, tmp_path, shop, str(path), capsys)


def test_write_back_to_sqlite_replace_and_append(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    shop.to_sql(url)
    _write_back_runs(nb_dir, tmp_path, shop, url, capsys)


def test_write_back_to_postgres_replace_and_append(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str],
    postgres_url: str,
) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE SCHEMA IF NOT EXISTS "writeback"'))
    engine.dispose()
    shop.to_sql(postgres_url, schema="writeback")
    _write_back_runs(nb_dir, tmp_path, shop, postgres_url, capsys, schema="writeback")


def test_append_with_new_columns_is_a_one_line_failure_and_keeps_the_run(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase
) -> None:
    import duckdb

    path = shop.to_duckdb(tmp_path / "shop.duckdb")
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE scores (run_id VARCHAR, scored_at TIMESTAMP, customer_id BIGINT)")
    con.close()
    result = run_report({}, data=str(path), write_back="scores", write_back_mode="append",
                        notebooks_dir=nb_dir, output_dir=tmp_path / "reports", run_id="a",
                        progress=False, only=["1"])
    assert result.exit_code == 1
    message = result.failure_message()
    assert "has no column(s) score, flag" in message and "fix:" in message
    assert "\n" not in message
    assert (result.path / "customer_scores.parquet").is_file()
    assert _read_table(str(path), "scores").empty  # the table as it was


@pytest.mark.parametrize("case", ["folder", "bundled", "input", "crm table"])
def test_write_back_refused_before_anything_runs(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase, capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    out = tmp_path / "reports"
    if case == "folder":
        args = ["--data", str(shop.to_folder(tmp_path / "shop")), "--write-back", "scores"]
    elif case == "bundled":
        args = ["--dataset", "cdnow", "--write-back", "scores"]
    elif case == "input":
        shop.transactions.to_csv(tmp_path / "orders.csv", index=False)
        args = ["--input", str(tmp_path / "orders.csv"), "--write-back", "scores"]
    else:
        args = ["--data", str(shop.to_duckdb(tmp_path / "shop.duckdb")), "--write-back",
                "customers"]
    code, err = _main(_cli(nb_dir, out, *args), capsys)
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    if case == "crm table":
        assert "is a table of the CRM database" in lines[0]
    else:
        assert "needs a DuckDB file or a SQL database URL" in lines[0]
    assert not out.exists()


def test_write_back_mode_without_table_and_bad_mode_are_one_line(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _main(_cli(nb_dir, tmp_path / "r", "--write-back-mode", "append"), capsys)
    assert code == 2 and "--write-back-mode needs --write-back" in err
    with pytest.raises(ParameterError, match="mode='sideways'"):
        run_report({}, data=str(tmp_path / "x.duckdb"), write_back={"table": "s", "mode": "sideways"},
                   notebooks_dir=nb_dir, output_dir=tmp_path / "r")


def test_url_password_is_never_shown(tmp_path: Path) -> None:
    from clvmodels.reports.inputs import data_source, safe_source

    url = "postgresql+psycopg://ann:s3cret@db.example.com:5432/shop"
    assert "s3cret" not in safe_source(url) and "***" in safe_source(url)
    assert data_source(url).shown == safe_source(url)
    rel = data_source("sqlite:///data/shop.db", base=tmp_path).source
    assert rel == f"sqlite:///{(tmp_path / 'data' / 'shop.db').resolve()}"


def test_cli_runs_as_a_separate_process_with_write_back(
    nb_dir: Path, tmp_path: Path, shop: CRMDatabase
) -> None:
    """As cron runs it: one process, exit 0, the summary line names the written table."""
    path = shop.to_duckdb(tmp_path / "shop.duckdb")
    proc = subprocess.run(
        [sys.executable, "-m", "clvmodels.cli", "report", "--notebooks-dir", str(nb_dir),
         "--output-dir", str(tmp_path / "reports"), "--data", str(path), "--only", "2",
         "--write-back", "customer_scores"],
        capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{len(_all_ids(shop)):,} customers written to table customer_scores" in proc.stderr


# --- the "done when": the same report from every kind of source ----------------------

REPO = Path(__file__).resolve().parents[1]


def _report_numbers(result) -> dict[str, list[tuple]]:
    return {nb.name: [(h["key"], h["value"], h["unit"]) for h in nb.headlines]
            for nb in result.notebooks}


def test_synthetic_database_from_every_source_gives_the_same_report(
    tmp_path: Path, postgres_url: str
) -> None:
    """The synthetic database in memory (``--dataset synthetic``), written to a folder, a DuckDB
    file, SQLite and PostgreSQL: the same headline numbers and the same customer_scores."""
    import sqlalchemy as sa

    from clvmodels.datasets import load_data

    only = ["02", "03", "04", "05"]  # RFM and cross-selling, CLV, frameworks, churn
    params = {"max_customers": 300, "random_state": 42}
    common = {"only": only, "progress": False, "notebooks_dir": REPO / "notebooks",
              "output_dir": tmp_path / "reports"}
    memory = run_report({"dataset": "synthetic", **params}, run_id="memory", **common)
    assert memory.exit_code == 0, memory.failure_message()
    expected = pd.read_parquet(memory.path / "customer_scores.parquet")
    assert len(expected.columns) > 5 and expected.index.is_unique
    assert len(expected) == memory.data["customers"] == 300

    db = load_data("synthetic", max_customers=300, random_state=42)
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE SCHEMA IF NOT EXISTS "donewhen"'))
    engine.dispose()
    db.to_sql(postgres_url, schema="donewhen")
    sources = {
        "folder": str(db.to_folder(tmp_path / "shop", format="csv")),
        "duckdb": str(db.to_duckdb(tmp_path / "shop.duckdb")),
        "sqlite": db.to_sql(f"sqlite:///{tmp_path / 'shop.db'}"),
        "postgres": {"source": postgres_url, "schema": "donewhen"},
    }
    for kind, source in sources.items():
        got = run_report(params, data=source, run_id=kind, **common)
        assert got.exit_code == 0, (kind, got.failure_message())
        assert _report_numbers(got) == _report_numbers(memory), kind
        named = ("source", "summary", "warnings", "warnings_by_lang")  # these name the source
        assert {k: v for k, v in got.data.items() if k not in named} == \
            {k: v for k, v in memory.data.items() if k not in named}, kind
        assert len(got.data["warnings"]) == len(memory.data["warnings"]), kind
        scores = pd.read_parquet(got.path / "customer_scores.parquet")
        pd.testing.assert_frame_equal(scores, expected, obj=f"customer_scores from {kind}")
