"""The concept map: every concept of CONCEPTS.md has code that computes it and a report section.

``clvmodels.concepts.CONCEPTS`` is the one registry; these tests hold it to CONCEPTS.md (every
concept-bearing line is some concept's), to the code (every function it names resolves) and to
the report notebooks (every concept's section carries its anchor in both languages).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from clvmodels.concepts import (
    CONCEPTS,
    SECTIONS,
    Concept,
    concept,
    concept_markdown,
    concept_table,
    resolve,
)
from clvmodels.exceptions import ParameterError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
CONCEPTS_MD = ROOT.parent / "shared" / "CONCEPTS.md"
INDEX_SOURCE = ROOT / "src" / "clvmodels" / "reports" / "html.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: A link of the map: a report page and a section of it.
LINK = re.compile(r"^(?:\d{2}_[A-Za-z0-9_]+\.html#concept-[a-z0-9_]+|index\.html#[a-z0-9-]+)$")


def _norm(text: str) -> str:
    return " ".join(text.split())


# (a) code ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("c", CONCEPTS, ids=lambda c: c.key)
def test_every_function_resolves(c: Concept) -> None:
    assert c.functions, f"{c.key}: names no function"
    for dotted in c.functions:
        assert dotted.startswith("clvmodels."), dotted
        assert not any(p.startswith("_") for p in dotted.split(".")), f"{dotted}: not public"
        obj = resolve(dotted)
        assert callable(obj), f"{c.key}: {dotted} is not callable"


def test_resolve_imports_on_demand_and_says_what_is_missing() -> None:
    from clvmodels.segmentation import customer_pyramid

    assert resolve("clvmodels.segmentation.customer_pyramid") is customer_pyramid
    assert callable(resolve("clvmodels.models.BetaGeoModel.probability_alive"))
    with pytest.raises(ImportError, match="no_such_function"):
        resolve("clvmodels.economics.no_such_function")
    with pytest.raises(ImportError):
        resolve("no_such_package.f")


def test_importing_the_map_imports_no_analysis_module() -> None:
    import subprocess
    import sys

    code = ("import sys, clvmodels.concepts; "
            "print(sorted(m for m in sys.modules if m.split('.')[1:2] and m.startswith("
            "('clvmodels.reports', 'clvmodels.segmentation', 'clvmodels.models', "
            "'clvmodels.churn', 'clvmodels.compare', 'clvmodels.economics'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


# (b) report sections ----------------------------------------------------------------------------

def _markdown_ids(path: Path) -> dict[str, set[str]]:
    """``lang -> ids`` of ``id="..."`` in the notebook's lang-en / lang-zh Markdown cells."""
    from clvmodels.reports.language import cell_lang

    found: dict[str, set[str]] = {"en": set(), "zh": set()}
    for cell in nbformat.read(path, as_version=4).cells:
        lang = cell_lang(cell)
        if cell.cell_type == "markdown" and lang in found:
            found[lang] |= set(re.findall(r"""\bid=["']([^"']+)["']""", str(cell.source)))
    return found


@pytest.mark.parametrize("c", CONCEPTS, ids=lambda c: c.key)
def test_every_concept_has_a_section_with_its_anchor(c: Concept) -> None:
    if c.notebook is None:  # a section of the report index
        assert c.page == "index.html"
        assert f'id="{c.anchor}"' in INDEX_SOURCE.read_text(encoding="utf-8"), (
            f"{c.key}: the report index has no id={c.anchor!r}")
        return
    path = NOTEBOOKS_DIR / f"{c.notebook}.ipynb"
    assert path.is_file(), f"{c.key}: no notebook {path.name}"
    assert c.anchor == f"concept-{c.key}"
    ids = _markdown_ids(path)
    missing = [lang for lang in ("en", "zh") if c.anchor not in ids[lang]]
    assert not missing, (
        f'{c.key}: add <a id="{c.anchor}"></a> to the section of {path.name} '
        f"(its lang-{' and lang-'.join(missing)} Markdown cell)")


# (c) coverage of CONCEPTS.md --------------------------------------------------------------------

def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (\d+)\. .*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _bullets(body: str) -> list[str]:
    items: list[str] = []
    for line in body.splitlines():
        if line.startswith("- "):
            items.append(line[2:])
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return items


def _top_level_split(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [re.sub(r"^and ", "", s.strip()).rstrip(".") for s in out if s.strip()]


def concept_items(text: str) -> list[tuple[str, str]]:
    """``(section, item)`` for every concept-bearing line of CONCEPTS.md: the sentences of the
    paragraph of section 1, the bullets of sections 2, 3, 5 and 6, the framework rows of
    section 4's table and the things compared in section 7."""
    sections = _sections(text)
    items: list[tuple[str, str]] = []
    paragraph = _norm(sections["1"])
    items += [("1", s) for s in re.split(r"(?<=\.)\s+(?=[A-Z])", paragraph)]
    for n in ("2", "3", "5", "6"):
        items += [(n, _norm(b)) for b in _bullets(sections[n])]
    rows = [line for line in sections["4"].splitlines() if line.startswith("|")]
    items += [("4", _norm(r)) for r in rows[2:]]  # after the header and the --- line
    seven = _norm(sections["7"])
    items += [("7", s) for s in _top_level_split(seven.split(":", 1)[1])]
    return items


@pytest.fixture(scope="module")
def concepts_md() -> str:
    if not CONCEPTS_MD.is_file():
        pytest.skip(f"CONCEPTS.md not found at {CONCEPTS_MD} (../shared is absent)")
    return CONCEPTS_MD.read_text(encoding="utf-8")


def test_the_items_of_concepts_md_are_found(concepts_md: str) -> None:
    items = concept_items(concepts_md)
    counts = {n: sum(1 for s, _ in items if s == n) for n in SECTIONS}
    assert counts == {"1": 3, "2": 3, "3": 5, "4": 12, "5": 4, "6": 6, "7": 5}, counts


def test_every_concept_bearing_line_is_on_the_map(concepts_md: str) -> None:
    excerpts = [_norm(e) for c in CONCEPTS for e in c.excerpts]
    uncovered = [f"§{n}: {item[:90]}" for n, item in concept_items(concepts_md)
                 if not any(e in item or item in e for e in excerpts)]
    assert not uncovered, "lines of CONCEPTS.md no concept covers:\n" + "\n".join(uncovered)


def test_every_excerpt_is_verbatim_in_its_section(concepts_md: str) -> None:
    sections = {n: _norm(body) for n, body in _sections(concepts_md).items()}
    text = _norm(concepts_md)
    for c in CONCEPTS:
        assert c.section in SECTIONS, f"{c.key}: section {c.section!r}"
        for excerpt in c.excerpts:
            assert _norm(excerpt) in text, f"{c.key}: {excerpt!r} is not in CONCEPTS.md"
        assert _norm(c.excerpt) in sections[c.section], (
            f"{c.key}: its excerpt is not in section {c.section}")


# (d) the registry -------------------------------------------------------------------------------

def test_keys_unique_and_names_in_both_languages() -> None:
    keys = [c.key for c in CONCEPTS]
    assert len(keys) == len(set(keys)), "a concept key twice"
    for c in CONCEPTS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", c.key), c.key
        assert c.name_en.strip() and c.name_zh.strip(), f"{c.key}: an empty name"
        assert not CJK.search(c.name_en), f"{c.key}: Chinese in the English name"
        assert CJK.search(c.name_zh), f"{c.key}: the Chinese name {c.name_zh!r} has no Chinese"
        assert CJK.search(c.rule("zh")) and not CJK.search(c.rule("en")), f"{c.key}: rule"
        assert c.formula == "" or (c.formula.startswith("$") and c.formula.endswith("$"))
        assert concept(c.key) is c
    with pytest.raises(ParameterError):
        concept("no_such_concept")


def test_every_notebook_key_of_the_anchor_list_is_a_concept() -> None:
    notebooks = {c.notebook for c in CONCEPTS if c.notebook}
    assert all((NOTEBOOKS_DIR / f"{n}.ipynb").is_file() for n in notebooks), notebooks
    assert len(CONCEPTS) == 41


# (e) the table ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_concept_table_has_one_row_per_concept_with_its_link(lang: str) -> None:
    from clvmodels.labels import label

    plain = concept_table(lang, link=False)
    assert list(plain.index) == [c.key for c in CONCEPTS]
    section = label("concepts_col_section", lang)
    assert all(LINK.match(v) for v in plain[section]), plain[section].tolist()
    assert plain.loc["customer_pyramid", section] == "04_value_frameworks.html#concept-customer_pyramid"
    assert plain.loc["purchase_behaviour_reference", section] == "index.html#customer-scores"

    linked = concept_table(lang)
    assert len(linked) == len(CONCEPTS)
    for c, cell in zip(CONCEPTS, linked[section], strict=True):
        assert cell.endswith(f"]({c.link})"), cell
    names = linked[label("concepts_col_concept", lang)]
    assert names["customer_pyramid"].startswith("客户金字塔" if lang == "zh" else "Customer pyramid")


def test_concept_table_by_section_and_on_data() -> None:
    from clvmodels.datasets import make_crm_data

    assert sum(len(concept_table(section=s)) for s in SECTIONS) == len(CONCEPTS)
    with pytest.raises(ParameterError):
        concept_table(section="9")
    db = make_crm_data(60, random_state=1)
    full = concept_table("en", data=db)
    assert (full["On this data"] == "✓").all()
    db.surveys = None
    partial = concept_table("zh", data=db, link=False)
    assert partial.loc["loyalty_matrix", "本数据可否计算"] == "需要满意度调查"


def test_markdown_table_reads_as_chinese_on_the_chinese_page() -> None:
    from clvmodels.reports.language import english_phrases

    text = concept_markdown("zh")
    assert text.count("\n") == len(CONCEPTS) + 1
    # what a reader sees once code, formulas and link targets are set aside
    prose = re.sub(r"`[^`]*`|\$[^$]*\$|\]\([^)]*\)|<br>", " ", text)
    assert english_phrases(prose) == []
