"""A report in one language: prose cells, exercise solutions, papermill's banner, English left.

:mod:`clvmodels.reports.language` on notebooks built here, and ``clvmodels report`` on one of
them in both languages, with and without ``--solutions``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from clvmodels.cli import main
from clvmodels.exceptions import ParameterError
from clvmodels.reports.html import export_notebook_html, notebook_title
from clvmodels.reports.language import cells_for, english_phrases, lang_tag, visible_text

COMMON_CELL = """\
dataset = "cdnow"          # "cdnow" | "cdnow-master" | "synthetic"
data = None                # a CRM database
input_path = None          # a CSV/Parquet transaction log
column_map = None          # {"customer_id": "...", "date": "...", "amount": "..."}
calibration_end = None     # "YYYY-MM-DD"; None: the dataset's default
observation_end = None     # "YYYY-MM-DD"; None: the dataset's default
time_unit = "W"            # "D" | "W" | "M"
max_customers = None       # int: random subset
lang = "en"                # "en" | "zh"
random_state = 42
transaction_model = "MBG/NBD"  # "MBG/NBD" | "Pareto/NBD" | "BG/NBD"
"""


def _md(text: str, *tags: str) -> nbformat.NotebookNode:
    cell = new_markdown_cell(text)
    cell.metadata["tags"] = list(tags)
    return cell


def _code(text: str, *tags: str) -> nbformat.NotebookNode:
    cell = new_code_cell(text)
    cell.metadata["tags"] = list(tags)
    return cell


def _teaching_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [
        _md("# 01 · Pyramid", "lang-en"),
        _md("# 01 · 客户金字塔", "lang-zh"),
        _code(COMMON_CELL, "parameters"),
        _md("The top tier holds the key customers.", "lang-en"),
        _md("顶层是关键客户。", "lang-zh"),
        _code("from clvmodels.labels import say\n"
              "print(say('report_summary_ok', lang, n=3))"),
        _md("**Exercise 1.** Count the customers.", "exercise", "lang-en"),
        _md("**练习 1.** 数一数客户。", "exercise", "lang-zh"),
        _code("answer = 6 * 7\nprint('SOLUTION', answer)", "solution"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_cells_for_keeps_the_language_and_hides_solutions() -> None:
    nb = _teaching_notebook()
    zh = cells_for(nb, "zh")
    sources = [str(c.source) for c in zh.cells]
    assert "# 01 · 客户金字塔" in sources and "# 01 · Pyramid" not in sources
    assert not any("SOLUTION" in s for s in sources)
    assert any("SOLUTION" in s for s in (str(c.source) for c in cells_for(nb, "zh", solutions=True).cells))
    assert len(nb.cells) == 9  # the notebook itself is not changed
    assert notebook_title(nb, "x", "zh") == "01 · 客户金字塔"
    assert notebook_title(nb, "x", "en") == notebook_title(nb, "x") == "01 · Pyramid"
    assert lang_tag("zh") == "lang-zh"
    with pytest.raises(ParameterError, match="lang='fr'"):
        cells_for(nb, "fr")


def test_papermill_banner_is_reworded_in_the_reports_language() -> None:
    nb = _teaching_notebook()
    banner = _md('<span style="color:red">An Exception was encountered at <a href="#x">In [2]</a>.</span>',
                 "papermill-error-cell-tag")
    nb.cells.insert(3, banner)
    zh = cells_for(nb, "zh")
    texts = [str(c.source) for c in zh.cells]
    assert any("本笔记本因错误而中止" in t for t in texts)
    assert not any("An Exception was encountered" in t for t in texts)


def test_english_phrases_ignore_formulas_code_and_proper_names() -> None:
    assert english_phrases("BG/NBD 模型的 P(alive) 为 0.5；ROC AUC 为 0.71。") == []
    assert english_phrases("客户 no purchase in the next window 占比") == ["no purchase in the next window"]
    assert english_phrases("列 share_value 未翻译") == ["share_value"]
    assert english_phrases("Fader 与 Hardie 的模型") == []
    nb = new_notebook()
    nb.cells = [
        _md("<a id='concept-p_alive'></a>公式 $P(\\text{alive} \\mid x, t_x)$ 与代码 `churn_features(transactions)` 不算英文",
            "lang-zh"),
        _md("An English cell is not on the Chinese page.", "lang-en"),
        _code("print('hidden code input')"),
    ]
    nb.cells[2].outputs = [new_output("stream", name="stdout", text="输出 mean order value\n"),
                           new_output("display_data", data={"text/html": "<table><th>share_value</th></table>",
                                                            "text/plain": "x"})]
    found = english_phrases(visible_text(nb, "zh"))
    assert found == ["mean order value", "share_value"]


def _text(page: Path) -> str:
    """A page's text without tags (code is split into highlighted spans)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _notebooks_dir(tmp_path: Path) -> Path:
    d = tmp_path / "notebooks"
    d.mkdir()
    nbformat.write(_teaching_notebook(), d / "01_pyramid.ipynb")
    return d


def test_report_in_chinese_hides_english_and_solutions_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _notebooks_dir(tmp_path)
    out = tmp_path / "reports"
    assert main(["report", "--quiet", "--notebooks-dir", str(d), "--output-dir", str(out),
                 "--lang", "zh", "--run-id", "zh"]) == 0
    page = _text(out / "zh" / "01_pyramid.html")
    assert "顶层是关键客户" in page and "全部 3 个分析笔记本运行成功" in page
    assert "The top tier" not in page and "All 3 notebooks" not in page
    assert "练习 1" in page and "SOLUTION" not in page and "Count the customers" not in page
    assert "01 · 客户金字塔" in page

    assert main(["report", "--quiet", "--notebooks-dir", str(d), "--output-dir", str(out),
                 "--solutions", "--run-id", "en"]) == 0
    page = _text(out / "en" / "01_pyramid.html")
    assert "The top tier holds the key customers" in page and "顶层" not in page
    assert "SOLUTION 42" in page and "answer = 6" in page  # solution output and its code
    assert "print(say(" not in page  # other code stays hidden
    capsys.readouterr()


def test_export_shows_solution_code_only_with_solutions(tmp_path: Path) -> None:
    nb = _teaching_notebook()
    nb.cells[-1].outputs = [new_output("stream", name="stdout", text="SOLUTION 42\n")]
    export_notebook_html(nb, tmp_path / "a.html", title="t", lang="en")
    export_notebook_html(nb, tmp_path / "b.html", title="t", lang="en", solutions=True)
    hidden, shown = _text(tmp_path / "a.html"), _text(tmp_path / "b.html")
    assert "SOLUTION 42" not in hidden and "SOLUTION 42" in shown
    assert "answer = 6" in shown and "COMMON" not in shown and "random_state = 42" not in shown
