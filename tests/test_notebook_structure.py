"""Every report notebook is a thin template: one ``parameters`` cell, no outputs, no functions.

CONTRIBUTING.md ("Notebooks"): ``notebooks/NN_name.ipynb``, stored without outputs or execution
counts, exactly one cell tagged ``parameters`` holding the common parameters as literals, and no
``def``/``class`` (reusable code belongs in the package).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from clvmodels.reports.notebooks import (
    COMMON_PARAMETERS,
    NOTEBOOK_PATTERN,
    parameters_cells,
    read_spec,
)

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if NOTEBOOKS_DIR.is_dir() else []

#: Defaults fixed by CONTRIBUTING.md for the common parameters: every notebook of a run reads the
#: same data (CDNOW by default; no notebook defaults to another data set) with the same model.
COMMON_DEFAULTS = {
    "dataset": "cdnow",
    "data": None,
    "transaction_model": "MBG/NBD",
    "input_path": None,
    "column_map": None,
    "calibration_end": None,
    "observation_end": None,
    "max_customers": None,
    "lang": "en",
}

#: The CLV settings notebooks 03, 04, 05 and 07 share (same names, defaults and comments), so
#: every page values customers with the same model, horizon, discount rate, margin and fit sample.
MODEL_PARAMETERS = {"horizon_years": 1.0, "annual_discount_rate": 0.10, "margin": None,
                    "fit_sample": 50_000}
MODEL_NOTEBOOKS = ("03_clv_models", "04_value_frameworks", "05_churn_warning",
                   "07_segment_comparison")
#: Notebooks that record per-customer scores for the run's customer_scores table.
SCORING_NOTEBOOKS = ("02_rfm_segments", "03_clv_models", "04_value_frameworks",
                     "05_churn_warning", "06_clustering")

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason=f"no notebooks in {NOTEBOOKS_DIR} yet")


def _code(cell: nbformat.NotebookNode) -> str:
    """Cell source with IPython magics and shell escapes blanked, so ast can parse it."""
    lines = []
    for line in str(cell.source).splitlines():
        stripped = line.lstrip()
        lines.append("" if stripped.startswith(("%", "!")) else line)
    return "\n".join(lines)


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_file_name_is_numbered(notebook: Path) -> None:
    assert NOTEBOOK_PATTERN.match(notebook.name), f"{notebook.name}: rename to NN_name.ipynb"


def test_numbers_are_unique() -> None:
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {numbers}"


def test_exactly_one_parameters_cell_with_the_common_parameters(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    assert len(parameters_cells(nb)) == 1, f"{notebook.name}: needs exactly one 'parameters' cell"
    spec = read_spec(notebook)  # literal assignments only, or ParameterError
    missing = [name for name in COMMON_PARAMETERS if name not in spec.parameters]
    assert not missing, f"{notebook.name}: parameters cell lacks {missing}"
    for name, default in COMMON_DEFAULTS.items():
        assert spec.parameters[name].default == default, f"{notebook.name}: default of {name}"
    assert isinstance(spec.parameters["random_state"].default, int)
    assert spec.parameters["dataset"].default in ("cdnow", "cdnow-master", "synthetic")
    assert spec.parameters["time_unit"].default in ("D", "W", "M")
    for name in ("dataset", "time_unit", "lang"):  # the comment lists the allowed values
        assert spec.parameters[name].choices, f"{notebook.name}: comment of {name} lists no choices"


def test_stored_without_outputs_or_execution_counts(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.get("outputs") == [], f"{notebook.name}: cell {i} has stored outputs"
            assert cell.get("execution_count") is None, f"{notebook.name}: cell {i} execution count"


def test_no_function_or_class_definitions(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(_code(cell), filename=f"{notebook.name} cell {i}")
        defined = [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert not defined, f"{notebook.name}: cell {i} defines {defined}; move it into the package"


def test_imports_only_public_names(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(_code(cell), filename=f"{notebook.name} cell {i}")):
            modules = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                       else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            names = [a.name for a in node.names] if isinstance(node, ast.ImportFrom) else []
            private = [m for m in modules if any(p.startswith("_") for p in m.split("."))]
            private += [n for n in names if n.startswith("_")]
            assert not private, f"{notebook.name}: cell {i} imports private {private}"


def test_opens_with_a_markdown_title(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and str(first.source).lstrip().startswith("#"), (
        f"{notebook.name}: the first cell should be a Markdown heading saying what it answers"
    )


CJK = re.compile(r"[\u4e00-\u9fff]")
#: Notebooks that teach (end with exercises); 00_concepts is the map of all of them.
TEACHING = [p for p in NOTEBOOKS if not p.name.startswith("00_")]


def test_prose_in_english_and_chinese(notebook: Path) -> None:
    """Every Markdown cell is tagged lang-en or lang-zh, and comes in a pair: the English cell
    right before its Chinese one (JupyterLab shows both; a report keeps one)."""
    from clvmodels.reports.language import cell_lang

    nb = nbformat.read(notebook, as_version=4)
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        lang = cell_lang(cell)
        where = f"{notebook.name}, cell {i} ({str(cell.source)[:40]!r})"
        assert lang in ("en", "zh"), f"{where}: tag the Markdown cell lang-en or lang-zh"
        if lang == "en":
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            assert nxt is not None and nxt.cell_type == "markdown" and cell_lang(nxt) == "zh", (
                f"{where}: follow the English cell with its Chinese one (tag lang-zh)")
            assert CJK.search(str(nxt.source)), f"{where}: its lang-zh cell has no Chinese"
            tags = {t for t in cell.metadata.get("tags", []) if not t.startswith("lang-")}
            other = {t for t in nxt.metadata.get("tags", []) if not t.startswith("lang-")}
            assert tags == other, f"{where}: the pair's other tags differ ({tags} vs {other})"
        else:
            prev = cells[i - 1] if i else None
            assert prev is not None and prev.cell_type == "markdown" and cell_lang(prev) == "en", (
                f"{where}: a lang-zh cell follows its English one (tag lang-en)")


@pytest.mark.parametrize("notebook", TEACHING, ids=lambda p: p.stem)
def test_teaching_notebook_ends_with_exercises_and_solutions(notebook: Path) -> None:
    """Two or three exercises (Markdown pairs tagged ``exercise``), each followed by its
    solution (code cells tagged ``solution``, run by the notebook tests, and optionally a
    Markdown pair tagged ``solution`` explaining it; shown in reports only with
    ``--solutions``)."""
    from clvmodels.reports.language import EXERCISE_TAG, SOLUTION_TAG, cell_lang

    nb = nbformat.read(notebook, as_version=4)
    tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
    exercises = [i for i, t in enumerate(tags) if EXERCISE_TAG in t and cell_lang(nb.cells[i]) == "en"]
    assert 2 <= len(exercises) <= 3, f"{notebook.name}: {len(exercises)} exercises, want 2 or 3"
    ends = [*exercises[1:], len(nb.cells)]
    for start, end in zip(exercises, ends, strict=True):
        solutions = [i for i in range(start, end) if SOLUTION_TAG in tags[i]]
        assert any(nb.cells[i].cell_type == "code" for i in solutions), (
            f"{notebook.name}: the exercise in cell {start} has no solution code cell")
    first = exercises[0]
    assert all(SOLUTION_TAG not in t for t in tags[:first]), (
        f"{notebook.name}: a solution cell before the exercises")


def _parameter_lines(path: Path) -> dict[str, str]:
    """``name -> the whole assignment line`` (default and comment) of the parameters cell."""
    nb = nbformat.read(path, as_version=4)
    cell = nb.cells[parameters_cells(nb)[0]]
    lines = {}
    for line in str(cell.source).splitlines():
        name = line.split("=", 1)[0].strip()
        if name.isidentifier():
            lines[name] = " ".join(line.split())  # alignment spaces do not matter
    return lines


def test_common_parameters_identical_in_every_notebook() -> None:
    by_notebook = {p.stem: _parameter_lines(p) for p in NOTEBOOKS}
    first = next(iter(by_notebook))
    for stem, lines in by_notebook.items():
        for name in COMMON_PARAMETERS:
            assert lines.get(name) == by_notebook[first].get(name), (
                f"{stem}: the line of {name!r} differs from {first}'s: {lines.get(name)!r}"
            )


def test_clv_settings_identical_where_customers_are_valued() -> None:
    stems = {p.stem: p for p in NOTEBOOKS}
    lines = {s: _parameter_lines(stems[s]) for s in MODEL_NOTEBOOKS if s in stems}
    for stem in lines:
        spec = read_spec(stems[stem])
        for name, default in MODEL_PARAMETERS.items():
            assert name in spec.parameters, f"{stem}: parameters cell lacks {name}"
            assert spec.parameters[name].default == default, f"{stem}: default of {name}"
            assert lines[stem][name] == lines[MODEL_NOTEBOOKS[0]][name], f"{stem}: line of {name}"
        assert "clv_model" not in spec.parameters and "palive_model" not in spec.parameters, (
            f"{stem}: the transaction model is the common parameter transaction_model"
        )


def _calls(path: Path, name: str) -> list[ast.Call]:
    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(_code(cell))):
            if isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Name) and node.func.id == name)
                or any(isinstance(a, ast.Name) and a.id == name for a in node.args[:1])
            ):
                found.append(node)
    return found


def test_data_loaded_with_the_runs_database(notebook: Path) -> None:
    """``load_data(dataset, data=data, ...)``: one database per run, whatever the notebook."""
    calls = [c for c in _calls(notebook, "load_data")
             if any(k.arg == "data" and isinstance(k.value, ast.Name) and k.value.id == "data"
                    for k in c.keywords)]
    assert calls, f"{notebook.name}: load the data with load_data(dataset, data=data, ...)"


def test_scores_recorded_under_the_notebook_stem(notebook: Path) -> None:
    calls = _calls(notebook, "record_scores")
    if notebook.stem not in SCORING_NOTEBOOKS:
        return
    assert len(calls) == 1, f"{notebook.name}: record the scores once (one file per notebook)"
    sources = [k.value for k in calls[0].keywords if k.arg == "source"]
    assert sources and isinstance(sources[0], ast.Constant), f"{notebook.name}: source='...'"
    assert sources[0].value == notebook.stem
    assert any(k.arg == "units" for k in calls[0].keywords), f"{notebook.name}: give units"
