"""HTML output of a report: one page per executed notebook (nbconvert) and the index page."""

from __future__ import annotations

import html
import json
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..crm.narrative import table_name
from ..labels import label
from .language import cell_lang, cells_for, is_solution

if TYPE_CHECKING:  # pragma: no cover
    from .results import NotebookResult, ReportResult

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


def notebook_title(nb: Any, default: str, lang: str | None = None) -> str:
    """Text of the first Markdown heading of a notebook (of a cell in ``lang`` or in no
    language), or ``default``."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell_lang(cell) not in (None, lang or cell_lang(cell)):
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
        try:
            shutil.copytree(static, tmp)
        except OSError:  # disk full, read-only: leave nothing half-copied behind
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        try:
            tmp.rename(target)
        except OSError:  # another run installed it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
    return LOCAL_MATHJAX_URL


#: Folder beside the runs holding the report's CJK web font (see :func:`install_font`).
FONTS_DIR = "_fonts"

#: CSS family name of the CJK web font in the report pages (the font is Noto Sans SC).
CJK_WEB_FAMILY = "Noto Sans SC"

#: Code points the web font is used for: CJK radicals, punctuation, kana, bopomofo, enclosed
#: and compatibility forms, the unified ideographs (with extensions), full-width forms. Latin
#: text keeps the system fonts, and a page without Chinese never loads the font.
CJK_UNICODE_RANGE = (
    "U+2E80-33FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FE10-FE1F, U+FE30-FE4F, "
    "U+FF00-FFEF, U+20000-2FFFF"
)

#: System fonts of the text (after the web font): Latin UI fonts, then Chinese system fonts.
SYSTEM_FONTS = (
    'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans CJK SC",'
    '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif'
)

#: System fonts of code and tracebacks (after the web font).
MONOSPACE_FONTS = 'ui-monospace,Menlo,Consolas,"DejaVu Sans Mono","Noto Sans Mono CJK SC",monospace'

_WEB_FONT_FORMATS = {".otf": "opentype", ".ttf": "truetype", ".woff": "woff", ".woff2": "woff2"}


def cjk_web_font_file() -> Path | None:
    """The CJK font file the report pages use, or None when none is installed.

    The first file a browser can load (``.otf``, ``.ttf``, ``.woff``, ``.woff2``; not ``.ttc``)
    among the fonts the plots use (:func:`clvmodels.plotting.cjk_font_files`: fonts shipped in
    ``plotting/fonts/``, then Noto Sans SC from the ``pylopdf-fonts-zh-cn`` dependency, SIL OFL
    1.1).
    """
    from ..plotting import cjk_font_files

    for name in cjk_font_files():
        path = Path(name)
        if path.suffix.lower() in _WEB_FONT_FORMATS and path.is_file():
            return path
    return None


def _font_license(font: Path) -> str | None:
    """The license text shipped with ``font``: a ``LICENSE``/``OFL`` file beside it or in the
    metadata of the distribution that installed it."""
    for pattern in ("OFL*", "LICENSE*"):
        for candidate in sorted(font.parent.glob(pattern)):
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8", errors="replace")
    try:
        from importlib import metadata

        for dist_name in metadata.packages_distributions().get(font.parent.name, []):
            for file in metadata.distribution(dist_name).files or []:
                if file.name.upper().startswith(("LICENSE", "OFL")):
                    return file.read_text(encoding="utf-8")
    except Exception:  # unreadable metadata: the font still ships, without its license copy
        return None
    return None


def install_font(output_dir: str | Path) -> str | None:
    """Copy the CJK font (:func:`cjk_web_font_file`) to ``output_dir/_fonts``, once.

    One shared copy per output folder (Noto Sans SC: about 8 MB, used whole: a subset would
    miss characters of customer or product names), with its license beside it
    (``<font>.LICENSE.txt``), so Chinese text renders on a machine without a Chinese system font.
    The file is copied under a temporary name and renamed, so a page never sees half a font;
    a copy of the same size is kept.

    Parameters
    ----------
    output_dir : path
        The folder of the runs (``reports/``); must exist.

    Returns
    -------
    str or None
        The font's URL relative to a run folder (``"../_fonts/NotoSansSC-Regular.otf"``, valid
        from ``reports/<run-id>/`` and ``reports/latest/``), or None when no font is installed
        (pages then name the system fonts only).
    """
    import shutil

    source = cjk_web_font_file()
    if source is None:
        return None
    folder = Path(output_dir) / FONTS_DIR
    target = folder / source.name
    if not (target.is_file() and target.stat().st_size == source.stat().st_size):
        folder.mkdir(exist_ok=True)
        tmp = folder / f".{source.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        license_text = _font_license(source)
        if license_text:
            license_file = folder / f"{source.stem}.LICENSE.txt"
            tmp = folder / f".{license_file.name}.{os.getpid()}.{threading.get_ident()}.tmp"
            tmp.write_text(license_text, encoding="utf-8")
            os.replace(tmp, license_file)
    return f"../{FONTS_DIR}/{quote(source.name)}"


@dataclass(frozen=True)
class ReportAssets:
    """What the pages of a run load from beside the runs (:func:`install_assets`).

    Attributes
    ----------
    mathjax_url : str or None
        For :func:`export_notebook_html` (``mathjax_url=``); None: nbconvert's CDN.
    font_url : str or None
        For :func:`export_notebook_html`, :func:`error_page` and :func:`render_index`
        (``font_url=``); None: system fonts only.
    """

    mathjax_url: str | None
    font_url: str | None


def install_assets(output_dir: str | Path) -> ReportAssets:
    """Install MathJax (:func:`install_mathjax`) and the CJK font (:func:`install_font`) beside
    the runs in ``output_dir``, once per output folder.

    Parameters
    ----------
    output_dir : path
        The folder of the runs (``reports/``); must exist.

    Returns
    -------
    ReportAssets
        The URLs, relative to a run folder, to pass to the page functions.
    """
    return ReportAssets(mathjax_url=install_mathjax(output_dir), font_url=install_font(output_dir))


def font_face_css(font_url: str | None) -> str:
    """The ``@font-face`` rule of the CJK web font (family :data:`CJK_WEB_FAMILY`, for
    :data:`CJK_UNICODE_RANGE` only), or ``""`` when ``font_url`` is None.

    Parameters
    ----------
    font_url : str or None
        As returned by :func:`install_font` (relative to the page).

    Returns
    -------
    str
        CSS text.
    """
    if font_url is None:
        return ""
    suffix = Path(font_url.split("?")[0]).suffix.lower()
    fmt = _WEB_FONT_FORMATS.get(suffix)
    source = f'url("{font_url}")' + (f' format("{fmt}")' if fmt else "")
    return (
        f'@font-face{{font-family:"{CJK_WEB_FAMILY}";src:{source};font-style:normal;'
        f"font-weight:100 900;font-display:swap;unicode-range:{CJK_UNICODE_RANGE}}}\n"
    )


def _text_fonts(font_url: str | None) -> str:
    return f'"{CJK_WEB_FAMILY}",{SYSTEM_FONTS}' if font_url else SYSTEM_FONTS


def _mono_fonts(font_url: str | None) -> str:
    return f'"{CJK_WEB_FAMILY}",{MONOSPACE_FONTS}' if font_url else MONOSPACE_FONTS


def _notebook_page_css(font_url: str | None) -> str:
    """Extra CSS of a notebook page: the web font first in JupyterLab's font variables."""
    if font_url is None:
        return ""
    return font_face_css(font_url) + (
        f":root{{--jp-ui-font-family:{_text_fonts(font_url)};"
        f"--jp-content-font-family:{_text_fonts(font_url)};"
        f"--jp-code-font-family-default:{_mono_fonts(font_url)}}}\n"
    )


#: MathJax 2 settings set before MathJax.js loads when pages use the local copy: the
#: ``jupyter-server-mathjax`` package ships the STIX-Web fonts only (not TeX, nor image fonts);
#: the blank font MathJax measures against is a missing local font instead of
#: ``url('about:blank')``, which browsers refuse (a console error) in a page opened from a file.
LOCAL_MATHJAX_CONFIG = {
    "HTML-CSS": {
        "availableFonts": [],
        "preferredFont": None,
        "webFont": "STIX-Web",
        "imageFont": None,
        "styles": {"@font-face": {"font-family": "MathJax_Blank", "src": "local('MathJax_Blank')"}},
    },
    "SVG": {"font": "STIX-Web"},
}

#: The nbconvert page template: JupyterLab's, without require.js (loaded from a CDN, needed by
#: widgets only) unless the notebook has widgets, with :data:`LOCAL_MATHJAX_CONFIG` and the
#: report's CSS last in ``<head>``.
_PAGE_TEMPLATE_NAME = "clvmodels-report-page.html.j2"
_PAGE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
{%- if "widgets" in nb.metadata -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.clvmodels_mathjax_config %}
<script>window.MathJax = {{ resources.clvmodels_mathjax_config }};</script>
{%- endif %}
{{ super() }}
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
{{ super() }}
{%- if resources.clvmodels_css %}
<style type="text/css">
{{ resources.clvmodels_css }}
</style>
{%- endif -%}
{%- endblock html_head_css -%}
"""


def export_notebook_html(
    nb: Any,
    dest: str | Path,
    *,
    title: str,
    show_code: bool = False,
    lang: str = "en",
    solutions: bool = False,
    mathjax_url: str | None = None,
    font_url: str | None = None,
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
        Language of the page: the prose cells tagged for the other language are left out
        (:func:`clvmodels.reports.language.cells_for`), and so is the link back to the index.
    solutions : bool
        Show the cells tagged ``solution`` (exercise solutions), with their code; default: left
        out.
    mathjax_url : str, optional
        Where the page loads MathJax from (:func:`install_mathjax`); default nbconvert's CDN.
        When given, MathJax is set up for the fonts of the local copy
        (:data:`LOCAL_MATHJAX_CONFIG`).
    font_url : str, optional
        The CJK web font (:func:`install_font`), named first in the page's font lists for
        Chinese characters; default: system fonts only.

    Notes
    -----
    The page loads nothing from the network (require.js, only needed by widgets, is left out
    unless the notebook has widgets), except MathJax when ``mathjax_url`` is None. Its
    ``<html lang>`` is ``zh`` for ``lang="zh"`` (browsers pick Chinese fonts and hyphenation).
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = cells_for(nb, lang, solutions=solutions)  # a copy
    back = nbformat.v4.new_markdown_cell(f"[← {label('report_back_to_index', lang)}](index.html)")
    nb.cells.insert(0, back)
    failing = _failing_cells(nb)
    config = Config()
    config.HTMLExporter.language_code = "zh" if lang == "zh" else "en"  # nbconvert: ISO 639-1
    if mathjax_url is not None:
        config.HTMLExporter.mathjax_url = mathjax_url
    options: dict[str, Any] = {
        "extra_loaders": [DictLoader({_PAGE_TEMPLATE_NAME: _PAGE_TEMPLATE})],
        "template_file": _PAGE_TEMPLATE_NAME,
    }
    solution_cells = {i for i, cell in enumerate(nb.cells) if is_solution(cell)}
    if not show_code and (failing or solution_cells):
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and i not in failing and i not in solution_cells:
                tags = list(cell.metadata.get("tags", []))
                cell.metadata["tags"] = [*tags, HIDE_TAG]
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_input_tags = {HIDE_TAG}
    elif not show_code:
        options |= {"exclude_input": True, "exclude_input_prompt": True, "exclude_output_prompt": True}
    exporter = HTMLExporter(config=config, **options)
    resources = {
        "metadata": {"name": title},
        "clvmodels_css": _notebook_page_css(font_url),
        "clvmodels_mathjax_config": (
            json.dumps(LOCAL_MATHJAX_CONFIG) if mathjax_url is not None else ""
        ),
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    Path(dest).write_text(body, encoding="utf-8")


def _html_lang(lang: str) -> str:
    return "zh-CN" if lang == "zh" else "en"


def error_page(
    dest: str | Path,
    *,
    title: str,
    error: str,
    detail: str = "",
    lang: str = "en",
    font_url: str | None = None,
) -> None:
    """Write a minimal HTML page for a notebook that produced no executed copy.

    Parameters
    ----------
    dest : path
        The ``.html`` file to write.
    title : str
        The page's title and heading.
    error : str
        One line: what failed (the kernel did not start, the notebook could not be read).
    detail : str
        The runner's traceback.
    lang : {"en", "zh"}
        Language of the page's own text.
    font_url : str, optional
        The CJK web font (:func:`install_font`); default: no style sheet (browser fonts).
    """
    style = ""
    if font_url is not None:
        style = (
            f"<style>{font_face_css(font_url)}body{{font-family:{_text_fonts(font_url)}}}"
            f"pre{{font-family:{_mono_fonts(font_url)};white-space:pre-wrap}}</style>"
        )
    text = f"""<!DOCTYPE html>
<html lang="{_html_lang(lang)}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>{style}</head>
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


#: Font list of the index page without the web font (as before :func:`install_font`).
_INDEX_FONTS = 'system-ui,-apple-system,"Segoe UI","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif'

_CSS = """
body{margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}.meta{color:#555;margin-top:0}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f6f8}.ok{color:#1a7f37;font-weight:600}.failed{color:#c62828;font-weight:600}
tr.failed-row{background:#fff4f4}.muted{color:#888}
ul.headlines{margin:0;padding-left:1rem}.hl-value{font-weight:600}.unit{color:#666;font-size:.9em}
td.status{white-space:nowrap}.error{color:#c62828;white-space:pre-wrap}
details summary{cursor:pointer;color:#555}code{font-size:.9em}
.banner{padding:.6rem 1rem;border-radius:4px;background:#eef7ee}
.banner.failed{background:#fdecec}
"""


def _index_css(font_url: str | None) -> str:
    if font_url is None:
        return f"body{{font-family:{_INDEX_FONTS}}}.error{{font-family:monospace}}" + _CSS
    return (
        font_face_css(font_url)
        + f"body{{font-family:{_text_fonts(font_url)}}}"
        + f"code,.error{{font-family:{_mono_fonts(font_url)}}}"
        + _CSS
    )


def render_index(result: ReportResult, *, font_url: str | None = None) -> str:
    """The HTML of a run's ``index.html``.

    Parameters
    ----------
    result : ReportResult
        The finished run; ``result.lang`` chooses the language of the page's own text
        (``labels/reports.py``).
    font_url : str, optional
        The CJK web font (:func:`install_font`), named first in the page's font lists for
        Chinese characters; default: system fonts only.

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
    if result.stopped_by is not None:
        done = n - len(failed)
        summary = label("report_summary_stopped", lang).format(signal=result.stopped_by,
                                                               done=done, n=n)
    elif failed:
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
<html lang="{_html_lang(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {html.escape(result.run_id)}</title><style>{_index_css(font_url)}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">{html.escape(label("report_run", lang))}: <code>{html.escape(result.run_id)}</code> ·
{html.escape(label("report_started", lang))}: {html.escape(result.started)} ·
{html.escape(label("report_duration", lang))}: {result.seconds:.1f} {html.escape(sec)}</p>
<p class="{banner_class}">{html.escape(summary)}</p>
{_data_section(result.data, lang)}
<table class="notebooks">{head}{"".join(rows)}</table>
{_scores_section(result, lang)}
<h2>{html.escape(label("report_parameters", lang))}</h2>
<table class="parameters">{params_head}{_parameter_rows(result, lang)}</table>
<p class="muted"><a href="run.json">{html.escape(label("report_run_details", lang))}</a> ·
{html.escape(label("report_generated_by", lang))} {html.escape(result.version)}</p>
</body></html>
"""


def _table_cell(name: str, lang: str) -> str:
    shown = table_name(name, lang)
    code = f" <code>{html.escape(name)}</code>" if shown != name else ""
    return html.escape(shown) + code


def _with_code(text: str) -> str:
    """``text`` escaped for HTML, its backticked spans (names, options, values) as <code>."""
    return _BACKTICKED.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text))


_BACKTICKED = re.compile(r"`([^`]+)`")


def _data_section(data: Mapping[str, Any] | None, lang: str) -> str:
    """The run's database, named once: the sentence, its tables with row counts, the source."""
    if not data:
        return ""
    rows = "".join(
        f"<tr><td>{_table_cell(name, lang)}</td>"
        f"<td>{n:,}</td></tr>"
        for name, n in data.get("tables", {}).items()
    )
    table = (
        f'<table class="data-tables"><tr><th>{html.escape(label("report_data_table", lang))}'
        f'</th><th>{html.escape(label("report_data_rows", lang))}</th></tr>{rows}</table>'
    )
    periods = ""
    if data.get("calibration_end") and data.get("observation_end"):
        periods = " " + html.escape(label("report_data_periods", lang).format(
            calibration_end=data["calibration_end"], observation_end=data["observation_end"]))
    source = (
        f'<p class="muted">{html.escape(label("report_data_source", lang))}: '
        f'<code>{html.escape(str(data.get("source", "")))}</code></p>'
    )
    # the notes in the page's language (run.json of older runs: English only)
    notes = (data.get("warnings_by_lang") or {}).get(lang) or data.get("warnings") or []
    warned = (
        f"<details><summary>{html.escape(label('report_data_warnings', lang).format(n=len(notes)))}"
        f"</summary><ul>{''.join(f'<li>{_with_code(str(w))}</li>' for w in notes)}</ul></details>"
        if notes else ""
    )
    return (
        f'<h2>{html.escape(label("report_data", lang))}</h2>\n'
        f'<p class="data-summary">{html.escape(str(data.get("summary", "")))}{periods}</p>\n'
        f"{table}{source}{warned}"
    )


def _scores_section(result: ReportResult, lang: str) -> str:
    """The customer_scores files, their columns, and the write-back."""
    scores = result.scores
    if not scores:
        return ""
    parts = [f'<h2 id="customer-scores">{html.escape(label("report_scores", lang))}</h2>']
    if "error" in scores:
        parts.append(f'<p class="error">{html.escape(label("report_scores_error", lang).format(error=scores["error"]))}</p>')
    else:
        columns = scores.get("columns", {})
        text = label("report_scores_text", lang).format(
            n_customers=f"{scores.get('customers', 0):,}", n_columns=len(columns))
        links = " · ".join(
            f'<a href="{html.escape(name)}">{html.escape(name)}</a>'
            for name in scores.get("files", [])
        )
        parts.append(f"<p>{html.escape(text)} {links}</p>")
        if not columns:
            parts.append(f'<p class="muted">{html.escape(label("report_scores_none", lang))}</p>')
        else:
            head = "".join(f"<th>{html.escape(label(k, lang))}</th>" for k in (
                "report_scores_column", "report_scores_by", "report_scores_unit"))
            body = "".join(
                f"<tr><td><code>{html.escape(name)}</code></td>"
                f"<td>{html.escape(str(info.get('source', '')))}</td>"
                f"<td>{html.escape(str(info.get('unit', '')))}</td></tr>"
                for name, info in columns.items()
            )
            parts.append(
                f"<details><summary>{html.escape(label('report_scores_list', lang))} "
                f"({len(columns)} {html.escape(label('report_scores_columns', lang))})</summary>"
                f'<table class="scores-columns"><tr>{head}</tr>{body}</table></details>'
            )
        unknown = scores.get("unknown_ids") or {}
        if unknown:
            sources = ", ".join(f"{k}: {v:,}" for k, v in unknown.items())
            parts.append(f'<p class="muted">{html.escape(label("report_scores_unknown", lang).format(n=f"{sum(unknown.values()):,}", sources=sources))}</p>')
    wb = result.write_back
    if wb:
        status = wb.get("status")
        if status == "ok":
            text = label("report_write_back_ok", lang).format(
                rows=f"{wb.get('rows', 0):,}", database=wb.get("database", ""), mode=wb.get("mode", ""))
            parts.append(f'<p class="ok">{html.escape(text)}</p>')
        elif status == "skipped":
            reason = label(f"report_write_back_reason_{wb.get('reason_code', 'failed')}", lang)
            text = label("report_write_back_skipped", lang).format(
                database=wb.get("database", ""), reason=reason)
            parts.append(f'<p class="failed">{html.escape(text)}</p>')
        else:
            text = label("report_write_back_failed", lang).format(
                database=wb.get("database", ""), error=wb.get("error", ""))
            parts.append(f'<p class="error">{html.escape(text)}</p>')
    return "\n".join(parts)


def _notebook_row(nb: NotebookResult, lang: str) -> str:
    status_key = f"report_status_{nb.status}"
    css = "ok" if nb.status == "ok" else "failed"
    status = f'<span class="{css}">{html.escape(label(status_key, lang))}</span>'
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
