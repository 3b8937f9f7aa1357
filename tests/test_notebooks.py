"""Execute every report notebook with papermill on small data, in a temporary directory.

Each notebook runs once in English on ``max_customers=250`` customers of its default data set,
and one notebook runs in Chinese; a run fails on any cell error and on matplotlib's "Glyph ...
missing from font" warning (boxes instead of characters). One test per notebook, so
``pytest -n 2`` (pytest-xdist) spreads them over both cores.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from clvmodels.reports import read_headlines
from clvmodels.reports.notebooks import NOTEBOOK_PATTERN, read_spec
from clvmodels.reports.runner import kernel_arguments

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = (
    sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if NOTEBOOKS_DIR.is_dir()
    else []
)
MAX_CUSTOMERS = 250
#: The notebook also run in Chinese (the first one present of these, else the first notebook).
ZH_PREFERENCE = ("02_rfm_segments", "04_value_frameworks", "01_data_audit")
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason=f"no NN_name.ipynb notebooks in {NOTEBOOKS_DIR}")


def _zh_notebook() -> list[Path]:
    if not NOTEBOOKS:
        return []
    by_stem = {p.stem: p for p in NOTEBOOKS}
    return [next((by_stem[s] for s in ZH_PREFERENCE if s in by_stem), NOTEBOOKS[0])]


def _execute(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **params: Any) -> tuple[
    nbformat.NotebookNode, list[dict[str, Any]]
]:
    import papermill as pm

    spec = read_spec(path)
    passed = {k: v for k, v in params.items() if k in spec.parameters}
    headlines = tmp_path / "headlines.jsonl"
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as on CI: the kernel still draws inline figures
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_english(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="en")
    _check_run(nb, headlines, path.stem)
    source_nb = nbformat.read(path, as_version=4)
    assert all(c.get("outputs", []) == [] for c in source_nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", _zh_notebook(), ids=lambda p: p.stem)
def test_notebook_runs_in_chinese(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb, headlines = _execute(path, tmp_path, monkeypatch, max_customers=MAX_CUSTOMERS, lang="zh")
    text = _check_run(nb, headlines, path.stem)
    assert len(CJK.findall(text)) > 20, f"{path.stem}: lang='zh' output has hardly any Chinese"


@pytest.mark.slow
def test_full_report_on_small_data_links_resolve(tmp_path: Path) -> None:
    """The whole report through the runner (every notebook again: ``pytest -m slow``)."""
    from html.parser import HTMLParser

    from clvmodels.reports import run_report

    result = run_report({"max_customers": MAX_CUSTOMERS}, notebooks_dir=NOTEBOOKS_DIR,
                        output_dir=tmp_path, progress=False)
    assert result.exit_code == 0, result.failure_message()
    assert (tmp_path / "latest" / "index.html").is_file()

    class Links(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found += [v for k, v in attrs if k == "href" and v and "://" not in v and v[0] != "#"]

    parser = Links()
    parser.feed((result.path / "index.html").read_text(encoding="utf-8"))
    assert len(parser.found) >= 2 * len(NOTEBOOKS)
    for link in parser.found:
        assert (result.path / link).is_file(), link
