"""Finding the report notebooks and reading their ``parameters`` cells.

A report notebook is ``notebooks/NN_name.ipynb`` with exactly one code cell tagged ``parameters``
that holds ``name = literal  # comment`` lines (see CONTRIBUTING.md). The cell is read with
:mod:`ast`, never executed: each name's default value gives the type a run may pass, a comment
that starts with quoted alternatives (``# "D" | "W" | "M"``) restricts the value to those, and a
comment that gives None a meaning (``# ...; None: all``) accepts None too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import ParameterError

#: Parameters every report notebook declares (CONTRIBUTING.md, "Notebooks").
COMMON_PARAMETERS = (
    "dataset",
    "data",
    "input_path",
    "column_map",
    "calibration_end",
    "observation_end",
    "time_unit",
    "max_customers",
    "lang",
    "random_state",
    "transaction_model",
)

#: Types accepted for common parameters whose default (None) says nothing about their type.
COMMON_PARAMETER_TYPES: dict[str, tuple[type, ...]] = {
    "data": (str, type(None)),
    "input_path": (str, type(None)),
    "column_map": (dict, type(None)),
    "calibration_end": (str, type(None)),
    "observation_end": (str, type(None)),
    "max_customers": (int, type(None)),
    "random_state": (int, type(None)),
}

NOTEBOOK_PATTERN = re.compile(r"^(\d{2})_([A-Za-z0-9_]+)\.ipynb$")
_CHOICES = re.compile(r'^\s*("[^"\n]*"(?:\s*\|\s*"[^"\n]*")+)')
#: A comment that gives None a meaning ("None: all", "(None: skip)") lets None through too.
_NONE_ALLOWED = re.compile(r"\bNone\s*:")


@dataclass(frozen=True)
class Parameter:
    """One assignment of a notebook's ``parameters`` cell.

    Attributes
    ----------
    name : str
        Variable name.
    default : object
        The literal default value.
    types : tuple of type
        Python types a value passed by a run may have.
    choices : tuple of str, optional
        Allowed values when the line's comment lists quoted alternatives.
    """

    name: str
    default: Any
    types: tuple[type, ...]
    choices: tuple[str, ...] | None = None

    def describe_type(self) -> str:
        """Human-readable accepted type, e.g. ``"int or None"``."""
        if self.choices:
            text = " | ".join(repr(c) for c in self.choices)
            return f"{text} or None" if type(None) in self.types else text
        names = []
        for t in self.types:
            names.append("None" if t is type(None) else t.__name__)
        return " or ".join(dict.fromkeys(names))

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` has an accepted type (and is one of the choices, if any)."""
        if value is None:
            return type(None) in self.types or object in self.types
        if object in self.types:
            return isinstance(value, str | int | float | bool | list | dict)
        if isinstance(value, bool):
            ok = bool in self.types
        elif isinstance(value, int):
            ok = int in self.types or float in self.types
        else:
            ok = any(isinstance(value, t) and t is not type(None) for t in self.types)
            if not ok and isinstance(value, list) and tuple in self.types:
                ok = True
        if ok and self.choices is not None:
            ok = value in self.choices
        return ok


@dataclass(frozen=True)
class NotebookSpec:
    """A report notebook and the parameters it declares.

    Attributes
    ----------
    path : Path
        The source notebook (never modified).
    number : str
        Two-digit order prefix, e.g. ``"03"``.
    name : str
        File stem, e.g. ``"03_clv_models"``.
    parameters : dict of str to Parameter
        The declared parameters, in cell order.
    """

    path: Path
    number: str
    name: str
    parameters: dict[str, Parameter] = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        """The name without its number, e.g. ``"clv_models"``."""
        return self.name.split("_", 1)[1]


def _value_types(name: str, default: Any) -> tuple[type, ...]:
    if name in COMMON_PARAMETER_TYPES:
        return COMMON_PARAMETER_TYPES[name]
    if default is None:
        return (object,)  # a None default says nothing: any YAML value is accepted
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, int):
        return (int,)
    if isinstance(default, float):
        return (float,)
    if isinstance(default, tuple):
        return (list, tuple)
    return (type(default),)


def parse_parameters(source: str, *, where: str = "parameters cell") -> dict[str, Parameter]:
    """Read ``name = literal  # comment`` assignments from a ``parameters`` cell.

    Parameters
    ----------
    source : str
        The cell's source code.
    where : str
        Names the cell in error messages (e.g. the notebook's file name).

    Returns
    -------
    dict of str to Parameter
        One entry per assigned name, in order.

    Raises
    ------
    ParameterError
        When the cell holds anything but assignments of literals to plain names.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{where}: line {exc.lineno}: invalid Python ({exc.msg}).") from None
    lines = source.splitlines()
    params: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            targets, value = list(node.targets), node.value
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring-like comment string
        else:
            raise ParameterError(
                f"{where}: line {node.lineno}: only 'name = literal' lines belong in the "
                "parameters cell; move computations to a later cell."
            )
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ParameterError(
                f"{where}: line {node.lineno}: the value of "
                f"{', '.join(t.id for t in targets)} is not a literal; use a literal default "
                "(number, string, list, dict, True/False/None)."
            ) from None
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1] if "#" in line else ""
        match = _CHOICES.match(comment)
        choices = None
        if match:
            choices = tuple(re.findall(r'"([^"\n]*)"', match.group(1)))
        for target in targets:
            types = _value_types(target.id, default)
            if choices and default is None:
                types = (str, type(None))
            elif default is not None and _NONE_ALLOWED.search(comment):
                types = (*types, type(None))  # e.g. "# ...; None: all customers"
            params[target.id] = Parameter(target.id, default, types, choices)
    return params


def _cell_source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def parameters_cells(nb: Any) -> list[int]:
    """Indices of the code cells tagged ``parameters`` in a notebook (nbformat node or dict)."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and "parameters" in tags:
            found.append(i)
    return found


def read_spec(path: str | Path) -> NotebookSpec:
    """Read one notebook's name and declared parameters.

    Raises
    ------
    ParameterError
        When the file name is not ``NN_name.ipynb``, the notebook cannot be read, or it does not
        have exactly one ``parameters`` cell of literal assignments.
    """
    import nbformat

    path = Path(path)
    match = NOTEBOOK_PATTERN.match(path.name)
    if match is None:
        raise ParameterError(f"{path}: report notebooks are named NN_name.ipynb; rename it.")
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise ParameterError(f"{path}: cannot be read as a notebook ({exc}).") from None
    cells = parameters_cells(nb)
    if len(cells) != 1:
        raise ParameterError(
            f"{path.name}: has {len(cells)} cells tagged 'parameters'; it needs exactly one."
        )
    params = parse_parameters(_cell_source(nb["cells"][cells[0]]), where=path.name)
    return NotebookSpec(path=path, number=match.group(1), name=path.stem, parameters=params)


def _has_notebooks(directory: Path) -> bool:
    return directory.is_dir() and any(NOTEBOOK_PATTERN.match(p.name) for p in directory.iterdir())


def find_notebooks_dir(notebooks_dir: str | Path | None = None) -> Path:
    """The directory holding the report notebooks.

    Parameters
    ----------
    notebooks_dir : path, optional
        Used as given when set. Otherwise ``notebooks/`` in the current directory or one of its
        parents, then ``notebooks/`` of the repository clvmodels is installed from (editable
        installs).

    Raises
    ------
    FileNotFoundError
        When no directory with ``NN_*.ipynb`` notebooks is found.
    """
    if notebooks_dir is not None:
        directory = Path(notebooks_dir).expanduser().resolve()
        if not _has_notebooks(directory):
            raise FileNotFoundError(
                f"notebooks directory {directory} has no NN_name.ipynb notebooks; "
                "pass --notebooks-dir with the folder that has them."
            )
        return directory
    cwd = Path.cwd()
    candidates = [d / "notebooks" for d in (cwd, *cwd.parents)]
    candidates.append(Path(__file__).resolve().parents[3] / "notebooks")
    for candidate in candidates:
        if _has_notebooks(candidate):
            return candidate.resolve()
    raise FileNotFoundError(
        f"no notebooks/ folder with NN_name.ipynb notebooks found from {cwd}; "
        "run from the project folder or pass --notebooks-dir."
    )


def list_specs(notebooks_dir: str | Path) -> list[NotebookSpec]:
    """Specs of every ``NN_name.ipynb`` notebook in ``notebooks_dir``, in file-name order."""
    directory = Path(notebooks_dir).resolve()
    paths = sorted(p for p in directory.iterdir() if NOTEBOOK_PATTERN.match(p.name))
    return [read_spec(p) for p in paths]


def _matches(spec: NotebookSpec, selector: str) -> bool:
    sel = selector.strip().removesuffix(".ipynb")
    if sel.isdigit():
        return int(sel) == int(spec.number)
    return sel in (spec.name, spec.short_name)


def select_specs(
    specs: list[NotebookSpec],
    *,
    only: list[str] | None = None,
    skip: list[str] | None = None,
) -> list[NotebookSpec]:
    """Keep the notebooks named in ``only`` (all if None) minus those named in ``skip``.

    Selectors are numbers (``"3"``, ``"03"``), names (``"03_clv_models"``) or short names
    (``"clv_models"``); a comma-separated string holds several.

    Raises
    ------
    ParameterError
        When a selector matches no notebook, or nothing is left to run.
    """

    def split(values: list[str] | None) -> list[str]:
        return [s for v in values or [] for s in str(v).split(",") if s.strip()]

    only_sel, skip_sel = split(only), split(skip)
    available = ", ".join(s.name for s in specs)
    for flag, selectors in (("--only", only_sel), ("--skip", skip_sel)):
        for sel in selectors:
            if not any(_matches(s, sel) for s in specs):
                raise ParameterError(
                    f"{flag} {sel!r} matches no notebook; use a number or a name of: {available}."
                )
    chosen = [s for s in specs if not only_sel or any(_matches(s, x) for x in only_sel)]
    chosen = [s for s in chosen if not any(_matches(s, x) for x in skip_sel)]
    if not chosen:
        raise ParameterError("--only/--skip leave no notebook to run; keep at least one.")
    return chosen
