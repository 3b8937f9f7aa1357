"""One notebook, two languages: which cells a report shows, and what a reader of it sees.

Every prose cell of a report notebook exists twice, as a Markdown cell tagged ``lang-en`` and one
tagged ``lang-zh`` (JupyterLab shows both, one after the other); a report keeps the cells of its
language (:func:`cells_for`). Exercise solutions are cells tagged ``solution``: they run every
time (the tests check them) and are shown only in reports made with ``--solutions``.

:func:`visible_text` collects what a reader of a page sees outside code and formulas, and
:func:`english_phrases` finds English left in it: the test of the Chinese report
(``tests/test_notebooks.py``) fails on any, so a Chinese page has no English sentences, notes or
internal column names.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable
from typing import Any

from ..labels import check_lang, label

#: Tag of a Markdown cell written in ``lang`` ("lang-en", "lang-zh").
LANG_TAG = "lang-{lang}"
#: Tag of a cell that solves an exercise (shown only with ``clvmodels report --solutions``).
SOLUTION_TAG = "solution"
#: Tag of the Markdown cell that states an exercise (with its language tag).
EXERCISE_TAG = "exercise"
#: Tag papermill gives the cell it inserts above a failing cell.
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"

#: Names, model names and abbreviations that stay as they are in a Chinese text.
PROPER_NAMES = (
    "BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB", "sBG", "CNBD-k", "MBG/CNBD-k", "BG/CNBD-k",
    "Gamma-Gamma", "NBD", "CLV", "RFM", "ROC AUC", "AUC", "ROI", "NPV", "IRR", "P(alive)", "DERT",
    "CDNOW", "CLVTools", "lifetimes", "scikit-learn", "papermill", "JupyterLab", "Jupyter",
    "Fader", "Hardie", "Lee", "Batislam", "Schmittlein", "Morrison", "Colombo", "Jiang",
    "Kelly", "Julie", "Robert", "Paul", "Achim", "Tomas", "Hans", "Rust", "Bain", "Reichheld",
    "Platzer", "Reutterer", "Chapman", "Hall", "Ehrenberg", "et al", "Markov", "Gauss",
    "Laguerre", "Legendre", "Kaplan", "Meier", "Pareto", "Gini", "Lorenz", "Silhouette",
    "k-means", "KMeans", "BIC", "GMM", "PCA", "ARI", "NMI", "LR", "SE", "CI", "PIT", "MAE",
    "RMSE", "CSV", "Parquet", "DuckDB", "PostgreSQL", "SQLite", "Spark", "YAML", "HTML", "JSON",
    "SQL", "URL", "ID", "id", "Python", "pandas", "numpy", "scipy", "statsmodels",
)

_MATH_BLOCK = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]", re.S)
_MATH_INLINE = re.compile(r"(?<!\\)\$[^$\n]+\$")
_CODE_BLOCK = re.compile(r"```.*?```", re.S)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"\b(?:https?|file)://\S+")
_HTML_TAG = re.compile(r"<(style|script)\b.*?</\1>|<[^>]+>", re.S | re.I)
_FILE = re.compile(r"\b[\w./-]+\.(?:ipynb|csv|parquet|py|yaml|yml|json|html|duckdb|md)\b")
#: Two or more English words in a row (each at least two letters), or one snake_case name.
_ENGLISH = re.compile(r"\b[A-Za-z][a-z]+(?:[ \-]+[A-Za-z][a-z]+)+\b|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def lang_tag(lang: str) -> str:
    """The cell tag of ``lang``: ``"lang-en"`` or ``"lang-zh"``."""
    return LANG_TAG.format(lang=check_lang(lang))


def cell_lang(cell: Any) -> str | None:
    """The language a cell is tagged with, or None for a cell meant for every reader."""
    for tag in cell.get("metadata", {}).get("tags", []):
        if tag.startswith("lang-"):
            return tag[len("lang-"):]
    return None


def is_solution(cell: Any) -> bool:
    """Whether the cell is tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def cells_for(nb: Any, lang: str, *, solutions: bool = False) -> Any:
    """A copy of ``nb`` with the cells a ``lang`` report shows.

    Parameters
    ----------
    nb : NotebookNode
        An (executed) notebook.
    lang : {"en", "zh"}
        The report's language: cells tagged for the other language are left out.
    solutions : bool
        Keep the cells tagged ``solution`` (default: left out, with their outputs).

    Returns
    -------
    NotebookNode
        The copy; papermill's banner above a failing cell is reworded in ``lang``.
    """
    check_lang(lang)
    out = copy.deepcopy(nb)
    kept = []
    for cell in out.cells:
        other = cell_lang(cell)
        if other is not None and other != lang:
            continue
        if is_solution(cell) and not solutions:
            continue
        if PAPERMILL_ERROR_TAG in cell.get("metadata", {}).get("tags", []) and cell.cell_type == "markdown":
            cell.source = (
                '<span style="color:#b00020;font-size:1.6em;">'
                f'{html.escape(label("report_error_banner", lang))} '
                '<a href="#papermill-error-cell">↓</a></span>'
            )
        kept.append(cell)
    out.cells = kept
    return out


def _prose(text: str) -> str:
    for pattern in (_CODE_BLOCK, _MATH_BLOCK, _MATH_INLINE, _CODE_SPAN, _LINK_TARGET, _URL, _FILE):
        text = pattern.sub(" ", text)
    return text


def _output_text(output: Any) -> str:
    if output.get("output_type") == "stream":
        return "" if output.get("name") == "stderr" else str(output.get("text", ""))
    if output.get("output_type") == "error":
        return ""
    data = output.get("data", {})
    if "text/markdown" in data:
        return str(data["text/markdown"])
    if "text/html" in data:
        return html.unescape(_HTML_TAG.sub(" ", str(data["text/html"])))
    if "image/png" in data or "image/svg+xml" in data:
        return ""  # a figure: its text is drawn from the label tables by clvmodels.plotting
    return str(data.get("text/plain", ""))


def visible_text(nb: Any, lang: str, *, solutions: bool = False) -> list[str]:
    """What a reader of the ``lang`` page of ``nb`` reads, piece by piece.

    Markdown cells of the language and every output (printed text, Markdown, tables), without
    HTML tags (section anchors such as ``<a id="concept-roi"></a>``), code, formulas (``$...$``), inline code, link targets, file names and URLs. Code inputs are
    not part of a report page.
    """
    pieces = []
    for cell in cells_for(nb, lang, solutions=solutions).cells:
        if cell.cell_type == "markdown":
            if PAPERMILL_ERROR_TAG in cell.get("metadata", {}).get("tags", []):
                continue
            pieces.append(_prose(html.unescape(_HTML_TAG.sub(" ", str(cell.source)))))
        elif cell.cell_type == "code":
            pieces.extend(_prose(_output_text(o)) for o in cell.get("outputs", []))
    return [p for p in pieces if p.strip()]


def english_phrases(text: str | Iterable[str], *, allowed: Iterable[str] = PROPER_NAMES) -> list[str]:
    """English phrases (two or more words in a row) and snake_case names left in Chinese text.

    ``allowed`` names (model names, authors, abbreviations; default :data:`PROPER_NAMES`) are
    removed first. An empty list means the text reads as Chinese with proper names.
    """
    if not isinstance(text, str):
        text = "\n".join(text)
    for name in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    return [m.group(0) for m in _ENGLISH.finditer(text)]


__all__ = [
    "EXERCISE_TAG", "LANG_TAG", "PROPER_NAMES", "SOLUTION_TAG", "cell_lang", "cells_for",
    "english_phrases", "is_solution", "lang_tag", "visible_text",
]
