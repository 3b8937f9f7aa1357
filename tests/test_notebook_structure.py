"""Every report notebook is a thin template: one ``parameters`` cell, no outputs, no functions.

CONTRIBUTING.md ("Notebooks"): ``notebooks/NN_name.ipynb``, stored without outputs or execution
counts, exactly one cell tagged ``parameters`` holding the common parameters as literals, and no
``def``/``class`` (reusable code belongs in the package).
"""

from __future__ import annotations

import ast
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

#: Defaults fixed by CONTRIBUTING.md for the common parameters (``dataset`` and ``time_unit``
#: may default to another allowed value where the notebook needs it, e.g. the synthetic data).
COMMON_DEFAULTS = {
    "input_path": None,
    "column_map": None,
    "calibration_end": None,
    "observation_end": None,
    "max_customers": None,
    "lang": "en",
}

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
