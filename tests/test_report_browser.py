"""The report as a reader sees it: ``index.html`` and the notebook pages in headless Chromium.

One small real run per language (``run_report`` on a few hundred customers, module fixtures):
the English run opens the index and every notebook page from the run folder, the Chinese run
(two notebooks) from ``reports/latest/`` in a ``zh-CN`` browser. On every page: no console
error, no failed request and nothing fetched from the network (the report works offline), every
local link resolves, every image has loaded, formulas are typeset by MathJax (no raw ``$$``,
``\\(`` or TeX commands left in the visible text); and headings holding Chinese are drawn with
the report's CJK web font (the font Chromium actually used, from the DevTools protocol's
``CSS.getPlatformFontsForNode``, not the CSS declaration).

Needs Playwright for Python (``dev`` extra) and a Chromium binary: ``CLVMODELS_CHROMIUM``, else
``chromium``, ``chromium-browser`` or ``google-chrome`` on PATH (``.ci/run`` installs Debian's
``chromium`` as root); skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from clvmodels.reports.notebooks import NOTEBOOK_PATTERN

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = (
    sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if NOTEBOOKS_DIR.is_dir()
    else []
)
MAX_CUSTOMERS = 150
#: Smaller settings of the slowest notebooks: the pages keep every section, the run takes less.
FAST_NOTEBOOK_PARAMS = {
    "03_clv_models": {"interval_draws": 20},
    "05_churn_warning": {"truth_check_customers": 300},
    "06_clustering": {"k_range": [2, 4]},
    "07_segment_comparison": {"k_range": [2, 4]},
}
#: The Chinese run: headings and segment names (02), formulas (08).
ZH_NOTEBOOKS = ("02_rfm_segments", "08_customer_economics")

CHROMIUM_ENV = "CLVMODELS_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Chinese characters (CJK unified ideographs, extension A, compatibility ideographs).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: TeX left as text: display delimiters, \( \) \[ \], or a TeX command such as \frac.
RAW_TEX = re.compile(r"\$\$|\\[()\[\]]|\\[A-Za-z]{2,}")
#: Markdown that MathJax should typeset: $...$, $$...$$, \(...\), \[...\], \begin{...}.
MATH_SOURCE = re.compile(r"\$\$.+?\$\$|\$[^$\s][^$\n]*\$|\\\(|\\\[|\\begin\{", re.DOTALL)
#: MathJax 2 output elements (HTML-CSS, CommonHTML, SVG, native MathML).
MATHJAX_OUTPUT = ".MathJax, .MathJax_Display, .MathJax_CHTML, .MathJax_SVG, .MathJax_MathML"

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason=f"no NN_name.ipynb notebooks in {NOTEBOOKS_DIR}")


def find_chromium() -> str | None:
    """The Chromium to drive: ``$CLVMODELS_CHROMIUM``, else the first of
    :data:`CHROMIUM_NAMES` on PATH, else None."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return shutil.which(configured) or (configured if Path(configured).is_file() else None)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright (skips when either is missing)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed: pip install -e '.[dev]'",
    )
    executable = find_chromium()
    if executable is None and os.environ.get(CHROMIUM_ENV):
        pytest.skip(f"{CHROMIUM_ENV}={os.environ[CHROMIUM_ENV]!r} is not an executable file")
    if executable is None:
        pytest.skip(
            f"no Chromium found (set {CHROMIUM_ENV}, or put one of {', '.join(CHROMIUM_NAMES)} "
            "on PATH; on Debian: apt-get install chromium, which .ci/run does as root)"
        )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _run(output: Path, params: dict[str, Any], **kwargs: Any) -> Any:
    from clvmodels.reports import run_report

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "Agg")  # as on CI or cron: figures must still be inline
        result = run_report(
            params, notebooks_dir=NOTEBOOKS_DIR, output_dir=output, progress=False, **kwargs
        )
    assert result.exit_code == 0, result.failure_message()
    return result


@pytest.fixture(scope="module")
def report_en(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Every notebook, in English."""
    notebook_params = {k: v for k, v in FAST_NOTEBOOK_PARAMS.items() if k in NOTEBOOKS}
    return _run(
        tmp_path_factory.mktemp("report-en"),
        {"max_customers": MAX_CUSTOMERS},
        notebook_params=notebook_params,
        run_id="en",
    )


@pytest.fixture(scope="module")
def report_zh(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Two notebooks, in Chinese."""
    only = [name for name in ZH_NOTEBOOKS if name in NOTEBOOKS] or NOTEBOOKS[:1]
    return _run(
        tmp_path_factory.mktemp("report-zh"),
        {"max_customers": MAX_CUSTOMERS, "lang": "zh"},
        only=only,
        run_id="zh",
    )


@dataclass
class PageView:
    """What one page showed (``problems`` lists everything wrong with it)."""

    path: Path
    title: str
    lang: str
    links: list[str]
    problems: list[str]
    formulas: int
    heading_han: int
    cjk_font_glyphs: int


def _has_math(ipynb: Path) -> bool:
    """Whether the executed notebook has Markdown (cells or outputs) with TeX in it."""
    nb = nbformat.read(ipynb, as_version=4)
    texts = [str(c.source) for c in nb.cells if c.cell_type == "markdown"]
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts += [str(data[m]) for m in ("text/markdown", "text/latex") if m in data]
    return any(MATH_SOURCE.search(text) for text in texts)


def _local_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


_PAGE_FACTS = """() => {
  const visible = (el) => el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
  const anchors = [...document.querySelectorAll("a[href]")].map((a) => ({
    raw: a.getAttribute("href"), url: a.href}));
  const images = [...document.images].map((img) => ({
    src: img.currentSrc.slice(0, 80), ok: img.complete && img.naturalWidth > 0}));
  const ids = new Set([...document.querySelectorAll("[id]")].map((el) => el.id));
  const names = new Set([...document.querySelectorAll("a[name]")].map((el) => el.name));
  const scripts = [...document.querySelectorAll('script[type^="math/tex"]')];
  const untypeset = scripts.filter((s) => {
    const frame = document.getElementById(s.id + "-Frame");
    return !frame || frame.getBoundingClientRect().width <= 0;
  }).map((s) => s.textContent.slice(0, 60));
  const headings = [...document.querySelectorAll("h1, h2, h3")].filter(visible);
  return {
    title: document.title,
    lang: document.documentElement.lang,
    text: document.body.innerText,
    anchors, images, ids: [...ids], names: [...names],
    formulas: scripts.length,
    outputs: document.querySelectorAll(__OUTPUT__).length,
    untypeset,
    errors: document.querySelectorAll(".MathJax_Error, .merror, .noError").length,
    headingText: headings.map((h) => h.innerText).join("\\n"),
  };
}""".replace("__OUTPUT__", repr(MATHJAX_OUTPUT))


def _heading_fonts(cdp: Any) -> dict[tuple[str, bool], int]:
    """Glyphs drawn per (font family, is a web font) in the h1-h3 headings and their children,
    as Chromium rendered them."""
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = cdp.send(
        "DOM.querySelectorAll", {"nodeId": root, "selector": "h1, h1 *, h2, h2 *, h3, h3 *"}
    )["nodeIds"]
    glyphs: dict[tuple[str, bool], int] = {}
    for node in nodes:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            key = (font["familyName"], bool(font["isCustomFont"]))
            glyphs[key] = glyphs.get(key, 0) + int(font["glyphCount"])
    return glyphs


def _wait_for_mathjax(page: Any, problems: list[str]) -> None:
    """Wait until MathJax has started and typeset the page (a problem after 30 s)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.MathJax && MathJax.isReady === true", timeout=30_000)
        page.evaluate("() => new Promise((done) => MathJax.Hub.Queue(() => done(true)))")
    except PlaywrightTimeout:
        problems.append("MathJax did not start within 30 s")


def view_page(context: Any, path: Path, *, cjk_family: str | None) -> PageView:
    """Open ``path`` in a new tab, wait for MathJax and fonts, and check it as a reader would."""
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))

    def on_request(request: Any) -> None:
        if urlsplit(request.url).scheme not in ("file", "data", "blob"):
            problems.append(f"network request (the report must work offline): {request.url}")

    page.on("request", on_request)
    try:
        page.goto(path.as_uri(), wait_until="load")
        if page.evaluate("() => !!document.querySelector('script[src*=\"MathJax.js\"]')"):
            if any("MathJax.js" in p for p in problems):  # its request failed: nothing to wait for
                problems.append("MathJax did not load")
            else:
                _wait_for_mathjax(page, problems)
        page.evaluate(
            "() => document.fonts.ready.then(() => new Promise((done) =>"
            " requestAnimationFrame(() => requestAnimationFrame(() => done(true)))))"
        )
        facts = page.evaluate(_PAGE_FACTS)
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        fonts = _heading_fonts(cdp)
        cdp.detach()
    finally:
        page.close()

    links = []
    for anchor in facts["anchors"]:
        raw, url = anchor["raw"], anchor["url"]
        if raw.startswith("#"):  # an id as written (nbconvert's are percent-encoded) or decoded
            targets = {raw[1:], unquote(raw[1:])}
            if raw != "#" and not targets & (set(facts["ids"]) | set(facts["names"])):
                problems.append(f"link {raw!r}: no element with that id")
        elif urlsplit(url).scheme == "file":
            links.append(url)
            target_path = _local_path(url)
            if not target_path.is_file() or target_path.stat().st_size == 0:
                problems.append(f"link {raw!r}: {target_path} is missing or empty")
    for image in facts["images"]:
        if not image["ok"]:
            problems.append(f"image did not load: {image['src']}")
    for formula in facts["untypeset"]:
        problems.append(f"formula not typeset: {formula!r}")
    if facts["errors"]:
        problems.append(f"{facts['errors']} MathJax error(s)")
    raw_tex = sorted(set(RAW_TEX.findall(facts["text"])))
    if raw_tex:
        problems.append(f"raw TeX in the visible text: {raw_tex[:5]}")
    if facts["formulas"] and not facts["outputs"]:
        problems.append("formulas found but no MathJax output elements")
    heading_han = len(HAN.findall(facts["headingText"]))
    cjk_glyphs = sum(n for (family, web), n in fonts.items() if web and family == cjk_family)
    if heading_han and cjk_glyphs < heading_han:
        problems.append(
            f"headings hold {heading_han} Chinese characters but the CJK web font "
            f"{cjk_family!r} drew {cjk_glyphs} glyphs; fonts used: {fonts}"
        )
    return PageView(
        path=path,
        title=facts["title"],
        lang=facts["lang"],
        links=links,
        problems=problems,
        formulas=facts["formulas"],
        heading_han=heading_han,
        cjk_font_glyphs=cjk_glyphs,
    )


def _cjk_family() -> str | None:
    """Family name (from its name table) of the font the pages should draw Chinese with."""
    from fontTools.ttLib import TTFont

    from clvmodels.reports.html import cjk_web_font_file

    path = cjk_web_font_file()
    if path is None:
        return None
    return str(TTFont(path, lazy=True)["name"].getBestFamilyName())


def _read_report(browser: Any, index: Path, *, locale: str) -> dict[str, PageView]:
    """Open ``index`` and every notebook page it links to; views by file name."""
    family = _cjk_family()
    assert family is not None, "no CJK font installed: pylopdf-fonts-zh-cn is a dependency"
    context = browser.new_context(locale=locale)
    try:
        views = {"index.html": view_page(context, index, cjk_family=family)}
        for url in views["index.html"].links:
            target = _local_path(url)
            if target.suffix == ".html" and target.name not in views:
                views[target.name] = view_page(context, index.parent / target.name, cjk_family=family)
    finally:
        context.close()
    return views


def _problems(views: dict[str, PageView]) -> str:
    return "\n".join(f"{name}: {p}" for name, view in views.items() for p in view.problems)


def test_english_report_reads_well_in_chromium(browser: Any, report_en: Any) -> None:
    views = _read_report(browser, report_en.path / "index.html", locale="en-US")
    assert set(views) == {"index.html"} | {f"{name}.html" for name in NOTEBOOKS}
    assert _problems(views) == ""
    for name in NOTEBOOKS:
        view = views[f"{name}.html"]
        assert view.lang == "en", name
        if _has_math(report_en.path / f"{name}.ipynb"):
            assert view.formulas > 0, f"{name}: its Markdown has formulas, the page none"
        # every page links back to the index, and the index to the page and its notebook
        assert any(_local_path(u).name == "index.html" for u in view.links), name
    index_links = {_local_path(u).name for u in views["index.html"].links}
    assert {f"{n}.ipynb" for n in NOTEBOOKS} | {"run.json"} <= index_links
    assert sum(v.formulas for v in views.values()) > 0  # the report has formulas at all


def test_chinese_report_uses_the_cjk_web_font_from_latest(browser: Any, report_zh: Any) -> None:
    latest = report_zh.path.parent / "latest"
    assert latest.resolve() == report_zh.path.resolve()
    views = _read_report(browser, latest / "index.html", locale="zh-CN")  # a Chinese reader
    names = {f"{nb.name}.html" for nb in report_zh.notebooks}
    assert set(views) == {"index.html"} | names
    assert _problems(views) == ""
    for name, view in views.items():
        assert view.lang.startswith("zh"), f"{name}: <html lang={view.lang!r}>"
        assert HAN.search(view.title), f"{name}: title {view.title!r} has no Chinese"
        assert view.heading_han > 0, f"{name}: headings hold no Chinese"
        assert view.cjk_font_glyphs >= view.heading_han, name  # checked in view_page too
    formulas = {
        name: views[f"{name}.html"].formulas
        for name in (nb.name for nb in report_zh.notebooks)
        if _has_math(report_zh.path / f"{name}.ipynb")
    }
    assert all(formulas.values()), f"pages without typeset formulas: {formulas}"


# --- without a browser: the font beside the runs and the URLs the pages use -------------------


def _font_urls(page: Path) -> list[str]:
    """The ``url(...)`` of every ``@font-face`` rule in a page's own CSS."""
    text = page.read_text(encoding="utf-8")
    return re.findall(r'@font-face\{[^}]*?src:url\("([^"]+)"\)', text)


def _resolves(page: Path, url: str) -> bool:
    """Whether ``url``, relative to ``page``, names an existing file both as a browser reads it
    (textually: ``latest/../_fonts`` is ``<output>/_fonts``) and through the file system."""
    assert "://" not in url and not url.startswith("/"), f"{url} is not relative"
    textual = Path(os.path.normpath(page.parent / unquote(url)))
    return textual.is_file() and (page.parent / unquote(url)).resolve().is_file()


def _small_notebook(path: Path) -> None:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook()
    params = new_code_cell('lang = "zh"\n')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        new_markdown_cell("# 客户价值 · Customer value\n\nThe formula $E[X] = r/\\alpha$.\n\n$$x^2$$"),
        params,
        new_code_cell('print("打印的中文")'),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_install_assets_copies_the_font_once_and_pages_name_it_first(tmp_path: Path) -> None:
    from clvmodels.reports.html import (
        CJK_WEB_FAMILY,
        cjk_web_font_file,
        error_page,
        export_notebook_html,
        install_assets,
        render_index,
    )
    from clvmodels.reports.runner import NotebookResult, ReportResult

    source = cjk_web_font_file()
    assert source is not None, "no CJK font: pylopdf-fonts-zh-cn is a dependency of clvmodels"
    out = tmp_path / "reports"
    run = out / "r1"
    run.mkdir(parents=True)
    os.symlink("r1", out / "latest")
    assets = install_assets(out)
    assert assets.mathjax_url is not None and assets.font_url is not None
    font = out / "_fonts" / source.name
    assert font.read_bytes() == source.read_bytes()
    assert "SIL Open Font License" in (out / "_fonts" / f"{source.stem}.LICENSE.txt").read_text()
    stamp = font.stat().st_mtime_ns
    assert install_assets(out) == assets and font.stat().st_mtime_ns == stamp  # copied once
    assert sorted(p.name for p in (out / "_fonts").iterdir()) == sorted(
        [source.name, f"{source.stem}.LICENSE.txt"]
    )  # no temporary file left

    nb_path = tmp_path / "01_small.ipynb"
    _small_notebook(nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    export_notebook_html(nb, run / "01_small.html", title="客户价值", lang="zh",
                         mathjax_url=assets.mathjax_url, font_url=assets.font_url)
    error_page(run / "02_failed.html", title="失败", error="NoSuchKernel", lang="zh",
               font_url=assets.font_url)
    result = ReportResult(
        run_id="r1", path=run, lang="zh", parameters={}, started="2024-01-01 00:00:00",
        seconds=1.0, version="test",
        notebooks=[NotebookResult(name="01_small", number="01", title="客户价值", status="ok",
                                  seconds=1.0, error=None, html="01_small.html", ipynb="")],
    )
    (run / "index.html").write_text(render_index(result, font_url=assets.font_url), encoding="utf-8")
    for name in ("index.html", "01_small.html", "02_failed.html"):
        text = (run / name).read_text(encoding="utf-8")
        assert _font_urls(run / name) == [assets.font_url], name
        for folder in (run, out / "latest"):
            assert _resolves(folder / name, assets.font_url), (folder, name)
        assert f'font-family:"{CJK_WEB_FAMILY}",' in text, name  # named first
        assert "unicode-range:" in text, name  # for Chinese characters only
        assert '<html lang="zh' in text, name
    page = (run / "01_small.html").read_text(encoding="utf-8")
    assert f'--jp-content-font-family:"{CJK_WEB_FAMILY}",' in page
    assert "require.min.js" not in page  # nothing from a CDN: the page works offline
    assert "window.MathJax = " in page and '"webFont": "STIX-Web"' in page  # fonts of the copy
    assert (run / assets.mathjax_url.split("?")[0]).resolve().is_file()


def test_pages_keep_system_fonts_without_a_font_url(tmp_path: Path) -> None:
    from clvmodels.reports.html import error_page, export_notebook_html

    nb_path = tmp_path / "01_small.ipynb"
    _small_notebook(nb_path)
    export_notebook_html(nbformat.read(nb_path, as_version=4), tmp_path / "a.html", title="a")
    error_page(tmp_path / "b.html", title="b", error="x")
    for name in ("a.html", "b.html"):
        assert "@font-face{" not in (tmp_path / name).read_text(encoding="utf-8")


def test_report_run_installs_the_font_beside_the_runs(tmp_path: Path) -> None:
    """What ``run_report`` writes: ``<output>/_fonts/<font>`` and pages that load it from the
    run folder and from ``latest/``."""
    from clvmodels.reports import run_report
    from clvmodels.reports.html import cjk_web_font_file

    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    _small_notebook(nb_dir / "01_small.ipynb")
    out = tmp_path / "reports"
    result = run_report({"lang": "zh"}, notebooks_dir=nb_dir, output_dir=out, run_id="r1",
                        progress=False)
    assert result.exit_code == 0, result.failure_message()
    source = cjk_web_font_file()
    assert source is not None
    assert (out / "_fonts" / source.name).stat().st_size == source.stat().st_size
    for name in ("index.html", "01_small.html"):
        urls = _font_urls(result.path / name)
        assert len(urls) == 1, f"{name} does not load the CJK font: {urls}"
        assert _resolves(result.path / name, urls[0]) and _resolves(out / "latest" / name, urls[0])
