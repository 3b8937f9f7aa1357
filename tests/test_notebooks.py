"""Execute every report notebook with papermill on small data, in a temporary directory.

Each notebook runs once in English on ``max_customers=250`` customers of its default data set
(CDNOW: transactions only) and once in Chinese (on the synthetic database, which has every
table, except notebook 04, whose Chinese run names CDNOW's missing tables, and notebook 03, whose
Chinese run is its customer-attributes test); notebook 04 also runs in English on the synthetic
database and reads a CRM database from a folder (``data=``). A Chinese run fails when its page
shows English phrases or internal column names (:func:`clvmodels.reports.language.english_phrases`
on what a reader sees, exercise solutions included); every run fails on any cell error and on matplotlib's "Glyph ... missing from font" warning
(boxes instead of characters). The per-customer scores a notebook records must name each
customer of its data at most once. One test per run, so ``pytest -n 2`` (pytest-xdist) spreads
them over both cores.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest

from clvmodels.crosssell import crosssell_skipped
from clvmodels.reports import read_headlines
from clvmodels.reports.notebooks import NOTEBOOK_PATTERN, read_spec
from clvmodels.reports.runner import kernel_arguments
from clvmodels.reports.scores import SCORES_ENV_VAR

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = (
    sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if NOTEBOOKS_DIR.is_dir()
    else []
)
MAX_CUSTOMERS = 250
#: Notebooks whose sections need tables CDNOW lacks: run on the synthetic database too.
DATABASE_NOTEBOOKS = ("04_value_frameworks", "06_clustering", "07_segment_comparison")
#: The data set of each notebook's Chinese run (03's is test_models_notebook_puts_customer_...).
ZH_RUNS = {p.stem: "synthetic" for p in NOTEBOOKS if p.stem != "03_clv_models"} | {
    "04_value_frameworks": "cdnow"}
#: Database notebooks whose synthetic-database run is in English (the others' is the Chinese run).
EN_DATABASE_RUNS = tuple(n for n in DATABASE_NOTEBOOKS if ZH_RUNS.get(n) != "synthetic")
#: The notebook run on a CRM database written to a folder (``data=<folder>``).
FOLDER_NOTEBOOK = "04_value_frameworks"
#: Per-customer columns each notebook records (``record_scores``); no column in two notebooks.
SCORES = {
    "02_rfm_segments": {"rfm_r", "rfm_f", "rfm_m", "rfm_cell", "rfm_segment"},
    "03_clv_models": {"p_alive", "expected_purchases", "clv"},
    "04_value_frameworks": {"pyramid", "value_grid", "value_loyalty", "lifecycle",
                            "value_indicator_score"},
    "05_churn_warning": {"churn_flag", "churn_n_signals", "winback_priority", "winback_value"},
    "06_clustering": {"cluster", "cluster_gmm"},
}
#: The one line a section needing a missing table shows (clvmodels.crm.narrative).
MISSING_TABLE = {"en": "to the data to enable", "zh": "即可启用"}
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason=f"no NN_name.ipynb notebooks in {NOTEBOOKS_DIR}")


def _by_stem(stems: Any) -> list[Path]:
    by_stem = {p.stem: p for p in NOTEBOOKS}
    return [by_stem[s] for s in stems if s in by_stem]


def _execute(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **params: Any) -> tuple[
    nbformat.NotebookNode, list[dict[str, Any]]
]:
    import papermill as pm

    spec = read_spec(path)
    passed = {k: v for k, v in params.items() if k in spec.parameters}
    headlines = tmp_path / "headlines.jsonl"
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as on CI: the kernel still draws inline figures
    scores = tmp_path / "scores"
    scores.mkdir(exist_ok=True)
    monkeypatch.setenv(SCORES_ENV_VAR, str(scores))  # record_scores writes here, as in a run
    out = tmp_path / path.name
    pm.execute_notebook(
        str(path),
        str(out),
        parameters=passed,
        progress_bar=False,
        request_save_on_cell_execute=False,
        # as `clvmodels report` does: headlines file, working directory, CJK font for zh
        extra_arguments=kernel_arguments(params.get("lang", "en"), headlines, tmp_path),
    )
    return nbformat.read(out, as_version=4), read_headlines(headlines)


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            data = out.get("data", {})
            for mime in ("text/plain", "text/markdown", "text/html"):
                if mime in data:
                    parts.append(str(data[mime]))
    return "\n".join(parts)


def _check_run(nb: nbformat.NotebookNode, headlines: list[dict[str, Any]], name: str) -> str:
    text = _outputs_text(nb)
    assert "missing from font" not in text, (
        f"{name}: a plot shows boxes for missing glyphs; draw Chinese text with plot_context"
    )
    for record in headlines:
        assert set(record) == {"key", "value", "unit", "label"}, f"{name}: bad headline {record}"
    return text


def _recorded_scores(tmp_path: Path, name: str, customers: Any) -> set[str]:
    """Columns recorded by the run; each customer once, every one a customer of the data."""
    import pandas as pd

    columns: set[str] = set()
    for file in sorted((tmp_path / "scores").glob("*.parquet")):
        table = pd.read_parquet(file)
        if "customer_id" in table.columns:
            table = table.set_index("customer_id")
        assert table.index.is_unique, f"{name}: {file.name} names a customer twice"
        unknown = set(table.index) - set(customers)
        assert not unknown, f"{name}: {file.name} scores {len(unknown)} ids not in the data"
        columns |= set(table.columns)
    expected = SCORES.get(name, set())
    assert expected <= columns, f"{name}: scores lack {sorted(expected - columns)}"
    others = set().union(*(v for k, v in SCORES.items() if k != name))
    assert not columns & others, f"{name}: records {sorted(columns & others)} of another page"
    return columns


def _customers(**params: Any) -> Any:
    from clvmodels.datasets import load_data

    db = load_data(params.get("dataset", "cdnow"), data=params.get("data"),
                   max_customers=MAX_CUSTOMERS, random_state=42)
    ids = [db.transactions["customer_id"]]
    if db.customers is not None:
        ids.append(db.customers["customer_id"])
    return set().union(*(set(i) for i in ids))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_english(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Default data (CDNOW, transactions only): every page runs, missing tables said in one line."""
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="en")
    text = _check_run(nb, headlines, path.stem)
    source_nb = nbformat.read(path, as_version=4)
    assert all(c.get("outputs", []) == [] for c in source_nb.cells if c.cell_type == "code")
    _recorded_scores(tmp_path, path.stem, _customers())
    if path.stem in DATABASE_NOTEBOOKS:
        assert MISSING_TABLE["en"] in text, f"{path.stem}: no line naming the missing tables"
    if path.stem == "02_rfm_segments":  # CDNOW has no category: the section says so
        assert crosssell_skipped(lang="en") in text


@functools.cache
def _data_names() -> frozenset[str]:
    """The synthetic database's own names a page may show as they are: customer attributes
    (columns of the customers table) and the string values of every table (categories,
    channels, regions)."""
    from clvmodels.datasets import load_data

    db = load_data("synthetic", max_customers=MAX_CUSTOMERS, random_state=42)
    names = set(db.customers.columns) - {"customer_id"}
    for table in db.tables():
        frame = getattr(db, table)
        for col in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[col]) and col != "customer_id":
                names |= {str(v) for v in frame[col].dropna().unique()[:50]}
    return frozenset(names)


def _score_units(folder: Path) -> dict[str, str]:
    """The units of the per-customer scores a run recorded (shown on the report index)."""
    import json

    import pyarrow.parquet as pq

    units: dict[str, str] = {}
    for file in sorted(folder.glob("*.parquet")):
        meta = pq.read_schema(file).metadata or {}
        for key, value in meta.items():
            if key.startswith(b"clvmodels"):
                units |= json.loads(value).get("units", {})
    return units


def _no_english(nb: nbformat.NotebookNode, name: str, headlines: list[dict[str, Any]],
                scores: Path | None = None) -> None:
    """The Chinese page (solutions shown), its headline numbers and the units of its scores on
    the index have no English phrase outside code, formulas, proper names and the data's own
    names."""
    from clvmodels.reports.language import PROPER_NAMES, english_phrases, visible_text

    allowed = (*PROPER_NAMES, *_data_names())
    shown = visible_text(nb, "zh", solutions=True)
    shown += [f"{h['label']}: {h['unit']}" for h in headlines]
    shown += list(_score_units(scores).values()) if scores is not None else []
    found = list(dict.fromkeys(english_phrases(shown, allowed=allowed)))
    assert not found, f"{name}: English on the Chinese page ({len(found)}): {found[:25]}"


@pytest.mark.parametrize("path", _by_stem(EN_DATABASE_RUNS), ids=lambda p: p.stem)
def test_notebook_runs_on_the_synthetic_database(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every table, every framework and section runs: no missing-table line."""
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="en",
                             dataset="synthetic")
    text = _check_run(nb, headlines, path.stem)
    assert MISSING_TABLE["en"] not in text, f"{path.stem}: a table is reported missing"
    _recorded_scores(tmp_path, path.stem, _customers(dataset="synthetic"))


@pytest.mark.parametrize("path", _by_stem([FOLDER_NOTEBOOK]), ids=lambda p: p.stem)
def test_notebook_reads_a_crm_database_folder(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``data=<folder>`` overrides ``dataset``: the page shows the folder's customers only."""
    from clvmodels.datasets import make_crm_data

    folder = make_crm_data(400, random_state=7).to_folder(tmp_path / "crm")
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="en",
                             data=str(folder))
    text = _check_run(nb, headlines, path.stem)
    assert "cdnow" not in text.lower(), f"{path.stem}: data= was ignored (CDNOW shown)"
    assert MISSING_TABLE["en"] not in text, f"{path.stem}: a table of the folder was not read"
    _recorded_scores(tmp_path, path.stem, _customers(data=str(folder)))


@pytest.mark.parametrize("path", _by_stem(ZH_RUNS), ids=lambda p: p.stem)
def test_notebook_runs_in_chinese(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="zh",
                             dataset=ZH_RUNS[path.stem])
    text = _check_run(nb, headlines, path.stem)
    assert len(CJK.findall(text)) > 20, f"{path.stem}: lang='zh' output has hardly any Chinese"
    _no_english(nb, path.stem, headlines, tmp_path / "scores")
    if path.stem == "02_rfm_segments":  # the synthetic database has categories
        assert crosssell_skipped(lang="zh") not in text and "crosssell_top_lift" in {
            h["key"] for h in headlines}
    if ZH_RUNS[path.stem] == "cdnow" and path.stem in DATABASE_NOTEBOOKS:
        assert MISSING_TABLE["zh"] in text, f"{path.stem}: no Chinese line naming missing tables"
    if ZH_RUNS[path.stem] == "synthetic" and path.stem in DATABASE_NOTEBOOKS:
        assert MISSING_TABLE["zh"] not in text, f"{path.stem}: a table is reported missing"
    if ZH_RUNS[path.stem] == "synthetic" and path.stem in SCORES:
        _recorded_scores(tmp_path, path.stem, _customers(dataset="synthetic"))


@pytest.mark.slow
def test_full_report_on_small_data_links_resolve(tmp_path: Path) -> None:
    """The whole report through the runner, in Chinese with solutions (every notebook again:
    ``pytest -m slow``): every link of the index resolves, every link of the concept map lands
    on an anchor of its page, the index has no English outside code."""
    import html
    import re
    from html.parser import HTMLParser

    from clvmodels.reports import run_report
    from clvmodels.reports.language import english_phrases

    result = run_report({"max_customers": MAX_CUSTOMERS, "lang": "zh"}, notebooks_dir=NOTEBOOKS_DIR,
                        output_dir=tmp_path, progress=False, solutions=True)
    assert result.exit_code == 0, result.failure_message()
    assert (tmp_path / "latest" / "index.html").is_file()

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []
            self.ids: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found += [v for k, v in attrs if k == "href" and v and "://" not in v and v[0] != "#"]
            self.ids |= {v for k, v in attrs if k == "id" and v}

    def parse(page: Path) -> Links:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        return parser

    index = parse(result.path / "index.html")
    assert len(index.found) >= 2 * len(NOTEBOOKS)
    for link in index.found:
        assert (result.path / link).is_file(), link
    # the concept map's links land on the section that shows the concept
    concept_links = [link for link in parse(result.path / "00_concepts.html").found if "#concept-" in link
                     or "#customer-scores" in link]
    assert len(concept_links) >= 40
    for link in concept_links:
        page, anchor = link.split("#")
        assert anchor in parse(result.path / page).ids, link
    # the Chinese index page: English only in code (parameter and column names) and proper names
    text = (result.path / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<(style|script|code)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<a [^>]*>[^<]*\.(?:html|ipynb|json|csv|parquet)</a>", " ", text)
    found = english_phrases(html.unescape(re.sub(r"<[^>]+>", " ", text)))
    assert not found, f"English on the Chinese index: {sorted(set(found))[:25]}"


FH2007 = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sbg_retention_fh2007.csv"


def test_economics_notebook_projects_the_fader_hardie_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebook 08 on a real contract table (Fader & Hardie 2007): one sBG fit per segment."""
    if not FH2007.exists():
        pytest.skip(f"Fader & Hardie (2007) data not found at {FH2007} (../shared/data is absent)")
    (path,) = _by_stem(["08_customer_economics"])
    nb, _ = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="en",
                     survival_table=str(FH2007))
    text = _outputs_text(nb)
    for fitted in ("gamma = 0.704, delta = 1.182", "gamma = 0.668, delta = 3.806"):
        assert fitted in text


GROCERY = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "grocery_transactions.csv"


def test_models_notebook_finds_regular_buyers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebook 03's regularity section: the synthetic buyers' planted k = 3 is found, and
    BTYDplus' grocery log (when present) comes out regular (k = 2, as in its vignette)."""
    (path,) = _by_stem(["03_clv_models"])
    params: dict[str, Any] = {"max_customers": MAX_CUSTOMERS, "lang": "en", "regularity_example_k": 3}
    if GROCERY.exists():
        log = pd.read_csv(GROCERY).rename(columns={"cust": "customer_id"}).assign(amount=1.0)
        log.to_csv(tmp_path / "grocery.csv", index=False)
        params["regularity_log"] = str(tmp_path / "grocery.csv")
    nb, headlines = _execute(path, tmp_path, monkeypatch, **params)
    text = _outputs_text(nb)
    assert "Synthetic regular buyers (planted k = 3): k = 3 fits best" in text
    # the comparison table names the best models for the report index
    best = {h["key"]: h["value"] for h in headlines if h["key"].startswith("clv_best_model")}
    assert set(best) == {"clv_best_model_bic", "clv_best_model_value"}
    assert set(best.values()) <= {"BG/NBD", "Pareto/NBD", "MBG/NBD", "MBG/CNBD-k"}
    assert "Best model:" in text
    if GROCERY.exists():
        assert "grocery.csv: k = 2 fits best" in text


def test_models_notebook_puts_customer_attributes_in_the_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebook 03 on the synthetic database (which has a customer table) fits the page's model
    with customer type and acquisition channel, tests them against the model without, and puts
    the model with attributes in the comparison table; in Chinese."""
    (path,) = _by_stem(["03_clv_models"])
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=600, lang="zh", dataset="synthetic",
                             models_to_fit=["BG/NBD", "MBG/NBD"], regularity_example_k=None)
    text = _check_run(nb, headlines, path.stem)
    assert "加入客户属性 segment_type, channel" in text and "似然比检验" in text
    assert "Pareto/NBD + 客户属性" in text  # a column of the comparison table
    assert "segment_type[consumer]" in text
    assert "与参考库 lifetimes 对照" in text and "位有效数字上一致" in text  # lifetimes beside our fit
    _no_english(nb, path.stem, headlines, tmp_path / "scores")
