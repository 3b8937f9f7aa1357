"""HTML output of a report: one page per executed notebook (nbconvert) and the index page."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..labels import label

if TYPE_CHECKING:  # pragma: no cover
    from .runner import NotebookResult, ReportResult

HIDE_TAG = "clvmodels-hide-input"


def _failing_cells(nb: Any) -> set[int]:
    failing = set()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("metadata", {}).get("papermill", {}).get("exception"):
            failing.add(i)
        elif any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            failing.add(i)
    return failing


def notebook_title(nb: Any, default: str) -> str:
    """Text of the first Markdown heading of a notebook, or ``default``."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in str(cell.source).splitlines():
            if line.startswith("#"):
                text = line.lstrip("#").strip()
                if text:
                    return text
    return default


#: Where pages look for MathJax, relative to a run folder (see :func:`install_mathjax`).
LOCAL_MATHJAX_URL = "../_mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


def install_mathjax(output_dir: str | Path) -> str | None:
    """Copy MathJax 2.7 (from the ``jupyter-server-mathjax`` package) to ``output_dir/_mathjax``.

    One shared copy per output folder (about 12 MB, made once), so formulas render in reports
    opened offline. Returns the URL pages use (relative, so ``latest/`` works too), or None
    when the package is missing (pages then load MathJax from nbconvert's CDN default).
    """
    import shutil
    from importlib import resources
    from importlib.util import find_spec

    if find_spec("jupyter_server_mathjax") is None:
        return None
    target = Path(output_dir) / "_mathjax"
    if not (target / "MathJax.js").is_file():
        static = Path(str(resources.files("jupyter_server_mathjax") / "static"))
        tmp = Path(output_dir) / f"._mathjax.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(static, tmp)
        try:
            tmp.rename(target)
        except OSError:  # another run installed it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
    return LOCAL_MATHJAX_URL


def export_notebook_html(
    nb: Any,
    dest: str | Path,
    *,
    title: str,
    show_code: bool = False,
    lang: str = "en",
    mathjax_url: str | None = None,
) -> None:
    """Write an executed notebook as a stand-alone HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified: a copy is exported).
    dest : path
        The ``.html`` file to write.
    title : str
        The page's ``<title>``.
    show_code : bool
        Show code cells. When False, code is hidden (``exclude_input``) except the cell that
        failed, so an error page shows what failed and why.
    lang : {"en", "zh"}
        Language of the link back to the index.
    mathjax_url : str, optional
        Where the page loads MathJax from (:func:`install_mathjax`); default nbconvert's CDN.
    """
    import copy

    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = copy.deepcopy(nb)
    back = nbformat.v4.new_markdown_cell(f"[← {label('report_back_to_index', lang)}](index.html)")
    nb.cells.insert(0, back)
    failing = _failing_cells(nb)
    config = Config()
    if mathjax_url is not None:
        config.HTMLExporter.mathjax_url = mathjax_url
    if show_code:
        exporter = HTMLExporter(config=config)
    elif failing:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and i not in failing:
                tags = list(cell.metadata.get("tags", []))
                cell.metadata["tags"] = [*tags, HIDE_TAG]
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_input_tags = {HIDE_TAG}
        exporter = HTMLExporter(config=config)
    else:
        exporter = HTMLExporter(
            config=config, exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    Path(dest).write_text(body, encoding="utf-8")


def error_page(
    dest: str | Path, *, title: str, error: str, detail: str = "", lang: str = "en"
) -> None:
    """Write a minimal HTML page for a notebook that produced no executed copy (the kernel did
    not start, the notebook could not be read); ``detail`` is the runner's traceback."""
    text = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body><p><a href="index.html">← {html.escape(label("report_back_to_index", lang))}</a></p>
<h1>{html.escape(title)}</h1>
<p><strong>{html.escape(label("report_error", lang))}:</strong></p>
<pre>{html.escape(error)}</pre>
<pre class="detail">{html.escape(detail)}</pre></body></html>
"""
    Path(dest).write_text(text, encoding="utf-8")


def format_value(value: Any) -> str:
    """A headline value for display.

    Parameters
    ----------
    value : number, str or None
        As recorded by :func:`clvmodels.reports.headline`.

    Returns
    -------
    str
        Integers with thousands separators (``"1,234"``), floats with 0, 2 or 3 significant
        decimals by size, ``"–"`` for None (a NaN or infinite value).
    """
    if isinstance(value, bool) or value is None:
        return "–" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:,.2f}"
        return f"{value:.3g}"
    return str(value)


def _headline_items(records: Sequence[Mapping[str, Any]], lang: str) -> str:
    if not records:
        return f'<span class="muted">{html.escape(label("report_no_headlines", lang))}</span>'
    items = []
    for rec in records:
        key = str(rec.get("key", ""))
        text = str(rec.get("label") or key)
        if text == key:
            text = label(key, lang)
        unit = str(rec.get("unit") or "")
        value = html.escape(format_value(rec.get("value")))
        unit_html = f' <span class="unit">{html.escape(unit)}</span>' if unit else ""
        items.append(
            f'<li><span class="hl-label">{html.escape(text)}</span> '
            f'<span class="hl-value">{value}</span>{unit_html}</li>'
        )
    return '<ul class="headlines">' + "".join(items) + "</ul>"


def _param_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _parameter_rows(result: ReportResult, lang: str) -> str:
    names: list[str] = []
    for nb in result.notebooks:
        for name in nb.effective_parameters:
            if name not in names:
                names.append(name)
    from .notebooks import COMMON_PARAMETERS

    rows = []
    for name in names:
        groups: dict[str, list[str]] = {}
        for nb in result.notebooks:
            if name in nb.effective_parameters:
                groups.setdefault(_param_value(nb.effective_parameters[name]), []).append(nb.number)
        passed = name in result.parameters or any(name in nb.parameters for nb in result.notebooks)
        source = label("report_source_run" if passed else "report_source_default", lang)
        if len(groups) == 1 and name in COMMON_PARAMETERS:
            shown = html.escape(next(iter(groups)))
        else:  # say which notebooks use which value
            shown = "<br>".join(
                f"{html.escape(value)} <span class=\"muted\">({', '.join(numbers)})</span>"
                for value, numbers in groups.items()
            )
        rows.append(
            f"<tr><td><code>{html.escape(name)}</code></td><td><code>{shown}</code>"
            f"</td><td>{html.escape(source)}</td></tr>"
        )
    return "".join(rows)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}.meta{color:#555;margin-top:0}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f6f8}.ok{color:#1a7f37;font-weight:600}.failed{color:#c62828;font-weight:600}
tr.failed-row{background:#fff4f4}.muted{color:#888}
ul.headlines{margin:0;padding-left:1rem}.hl-value{font-weight:600}.unit{color:#666;font-size:.9em}
td.status{white-space:nowrap}.error{font-family:monospace;color:#c62828;white-space:pre-wrap}
details summary{cursor:pointer;color:#555}code{font-size:.9em}
.banner{padding:.6rem 1rem;border-radius:4px;background:#eef7ee}
.banner.failed{background:#fdecec}
"""


def render_index(result: ReportResult) -> str:
    """The HTML of a run's ``index.html``.

    Parameters
    ----------
    result : ReportResult
        The finished run; ``result.lang`` chooses the language of the page's own text
        (``labels/reports.py``).

    Returns
    -------
    str
        A self-contained page: every notebook with its status, run time, headline numbers and
        links to its HTML page and executed notebook, then the parameters used (value, which
        notebooks, set by this run or a notebook default).
    """
    lang = result.lang
    title = label("report_title", lang)
    n = len(result.notebooks)
    failed = [nb for nb in result.notebooks if nb.status != "ok"]
    if failed:
        summary = label("report_summary_failed", lang).format(failed=len(failed), n=n)
    else:
        summary = label("report_summary_ok", lang).format(n=n)
    rows = []
    for nb in result.notebooks:
        rows.append(_notebook_row(nb, lang))
    sec = label("report_seconds", lang)
    head = (
        f"<tr><th>#</th><th>{html.escape(label('report_notebook', lang))}</th>"
        f"<th>{html.escape(label('report_status', lang))}</th>"
        f"<th>{html.escape(label('report_headlines', lang))}</th>"
        f"<th>{html.escape(label('report_links', lang))}</th></tr>"
    )
    params_head = (
        f"<tr><th>{html.escape(label('report_parameter', lang))}</th>"
        f"<th>{html.escape(label('report_value', lang))}</th>"
        f"<th>{html.escape(label('report_source', lang))}</th></tr>"
    )
    banner_class = "banner failed" if failed else "banner"
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {html.escape(result.run_id)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">{html.escape(label("report_run", lang))}: <code>{html.escape(result.run_id)}</code> ·
{html.escape(label("report_started", lang))}: {html.escape(result.started)} ·
{html.escape(label("report_duration", lang))}: {result.seconds:.1f} {html.escape(sec)}</p>
<p class="{banner_class}">{html.escape(summary)}</p>
<table class="notebooks">{head}{"".join(rows)}</table>
<h2>{html.escape(label("report_parameters", lang))}</h2>
<table class="parameters">{params_head}{_parameter_rows(result, lang)}</table>
<p class="muted"><a href="run.json">{html.escape(label("report_run_details", lang))}</a> ·
{html.escape(label("report_generated_by", lang))} {html.escape(result.version)}</p>
</body></html>
"""


def _notebook_row(nb: NotebookResult, lang: str) -> str:
    status_key = "report_status_ok" if nb.status == "ok" else "report_status_failed"
    status = f'<span class="{nb.status}">{html.escape(label(status_key, lang))}</span>'
    status += f' <span class="muted">{nb.seconds:.1f} {html.escape(label("report_seconds", lang))}</span>'
    cell = _headline_items(nb.headlines, lang)
    if nb.error:
        cell = (
            f'<div class="error">{html.escape(label("report_error", lang))}: '
            f"{html.escape(nb.error)}</div>" + cell
        )
    params = "".join(
        f"<li><code>{html.escape(k)} = {html.escape(_param_value(v))}</code></li>"
        for k, v in nb.parameters.items()
    )
    details = (
        f"<details><summary>{html.escape(label('report_notebook_parameters', lang))}</summary>"
        f"<ul>{params}</ul></details>"
        if params
        else ""
    )
    links = [f'<a href="{html.escape(nb.html)}">{html.escape(label("report_page", lang))}</a>']
    if nb.ipynb:
        links.append(
            f'<a href="{html.escape(nb.ipynb)}">{html.escape(label("report_notebook_file", lang))}</a>'
        )
    row_class = ' class="failed-row"' if nb.status != "ok" else ""
    return (
        f"<tr{row_class}><td>{html.escape(nb.number)}</td>"
        f'<td><a href="{html.escape(nb.html)}">{html.escape(nb.title)}</a><br>'
        f'<span class="muted"><code>{html.escape(nb.name)}</code></span>{details}</td>'
        f'<td class="status">{status}</td><td>{cell}</td>'
        f"<td>{' · '.join(links)}</td></tr>"
    )
