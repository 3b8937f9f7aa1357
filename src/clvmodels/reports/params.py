"""Report parameters: the YAML file of scheduled runs, and validation against the notebooks.

Every value is checked against the ``parameters`` cells of the notebooks before any notebook
runs; an unknown name or a wrong type is one :class:`~clvmodels.exceptions.ParameterError` line
that names the parameter and the notebooks that declare it.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import ParameterError
from .inputs import data_source
from .notebooks import NotebookSpec

#: Keys of the ``report:`` section of a parameters file (runner options, not notebook parameters).
REPORT_OPTIONS = (
    "only", "skip", "output_dir", "notebooks_dir", "show_code", "solutions", "timeout", "kernel",
    "jobs", "keep",
)


@dataclass
class ReportConfig:
    """The contents of a ``--params`` YAML file.

    Attributes
    ----------
    params : dict
        Notebook parameters passed to every notebook that declares them (top-level keys).
    notebook_params : dict of str to dict
        Per-notebook parameters (``notebooks:`` section), keyed by notebook name.
    options : dict
        Runner options (``report:`` section): ``only``, ``skip``, ``output_dir``,
        ``notebooks_dir``, ``show_code``, ``solutions``, ``timeout``, ``kernel``, ``jobs``, ``keep``.
    data : DataSource or None
        The run's CRM database (``data:``: a source, or a mapping with ``source`` and options
        of :func:`clvmodels.load_crm`), relative paths resolved against the file's folder.
    write_back : str, dict or None
        ``write_back:`` (a table name, or ``{table: ..., mode: replace | append}``).
    """

    params: dict[str, Any] = field(default_factory=dict)
    notebook_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    data: Any = None
    write_back: Any = None


def normalize_value(value: Any) -> Any:
    """YAML/Python value as a notebook literal: dates to ISO strings, tuples and paths to lists/str."""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple | list):
        return [normalize_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): normalize_value(v) for k, v in value.items()}
    return value


def _resolve(path: Any, base: Path) -> Any:
    if isinstance(path, str) and path and not Path(path).expanduser().is_absolute():
        return str((base / Path(path).expanduser()).resolve())
    return str(Path(path).expanduser()) if isinstance(path, str) and path else path


def load_params_file(path: str | Path) -> ReportConfig:
    """Read a report parameters YAML file.

    Top-level keys are notebook parameters; ``notebooks:`` maps a notebook name to parameters for
    that notebook only; ``report:`` holds runner options (see :data:`REPORT_OPTIONS`); ``data:``
    names the run's CRM database (a folder, DuckDB file, ``crm.yaml`` or database URL, or a
    mapping with ``source:`` and options of :func:`clvmodels.load_crm`); ``write_back:`` a
    table of that database to write the scores into (``{table: ..., mode: replace | append}``).
    Relative paths (``data``, ``input_path``, ``output_dir``, ``notebooks_dir``, and the file of
    a ``sqlite:///`` or ``duckdb:///`` URL) are taken relative to the file's folder, so a cron
    job can run from any directory.

    Raises
    ------
    FileNotFoundError
        When the file does not exist.
    ParameterError
        When it is not valid YAML or not a mapping of the shape above.
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"parameters file {path} not found; check the --params path.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParameterError(f"{path}:{where}: not valid YAML ({problem}).") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: must be a mapping of parameter: value, not a {type(data).__name__}.")
    base = path.resolve().parent
    data = dict(data)
    options = data.pop("report", None) or {}
    per_nb = data.pop("notebooks", None) or {}
    source = data.pop("data", None)
    write_back = data.pop("write_back", None)
    if not isinstance(options, dict):
        raise ParameterError(f"{path}: 'report:' must be a mapping of runner options.")
    unknown = sorted(set(options) - set(REPORT_OPTIONS))
    if unknown:
        raise ParameterError(
            f"{path}: unknown report option {unknown[0]!r}; use one of {', '.join(REPORT_OPTIONS)}."
        )
    if not isinstance(per_nb, dict) or not all(isinstance(v, dict) for v in per_nb.values()):
        raise ParameterError(f"{path}: 'notebooks:' must map notebook names to parameter mappings.")
    for key in ("output_dir", "notebooks_dir"):
        if key in options and options[key] is not None:
            options[key] = _resolve(str(options[key]), base)
    params = {str(k): normalize_value(v) for k, v in data.items()}
    per_nb = {
        str(nb).removesuffix(".ipynb"): {str(k): normalize_value(v) for k, v in values.items()}
        for nb, values in per_nb.items()
    }
    for values in (params, *per_nb.values()):
        if values.get("input_path"):
            values["input_path"] = _resolve(values["input_path"], base)
    database = None if source is None else data_source(normalize_value(source),
                                                      where=str(path), base=base)
    if write_back is not None and not isinstance(write_back, str | dict):
        raise ParameterError(
            f"{path}: 'write_back:' must be a table name or a mapping {{table: ..., mode: "
            f"replace | append}}."
        )
    return ReportConfig(params=params, notebook_params=per_nb, options=options, data=database,
                        write_back=write_back)


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def validate_parameters(
    params: Mapping[str, Any],
    specs: list[NotebookSpec],
    *,
    source: str = "parameters",
    notebook: str | None = None,
) -> None:
    """Check names and types of ``params`` against the notebooks' ``parameters`` cells.

    Parameters
    ----------
    params : mapping
        Parameter values (after :func:`normalize_value`).
    specs : list of NotebookSpec
        All report notebooks (not only the selected ones, so one YAML file serves every
        ``--only`` selection).
    source : str
        Where the values came from, for the message (e.g. ``"report.yaml"``).
    notebook : str, optional
        Check against this notebook only (the ``notebooks:`` section of a YAML file).

    Raises
    ------
    ParameterError
        On the first unknown name or value of the wrong type, in one line.
    """
    if notebook is not None:
        matching = [s for s in specs if notebook in (s.name, s.short_name, s.number)]
        if not matching:
            names = ", ".join(s.name for s in specs)
            raise ParameterError(f"{source}: no notebook named {notebook!r}; use one of {names}.")
        specs = matching
    for name, value in params.items():
        declaring = [s for s in specs if name in s.parameters]
        if not declaring:
            known = sorted({p for s in specs for p in s.parameters})
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known parameters: {', '.join(known)}."
            who = f"notebook {notebook} does not declare it" if notebook else "no notebook declares it"
            raise ParameterError(f"unknown parameter {name!r} in {source}: {who}; {hint}")
        rejecting = [s for s in declaring if not s.parameters[name].accepts(value)]
        if rejecting:
            expected = rejecting[0].parameters[name].describe_type()
            names = ", ".join(s.name for s in declaring)
            raise ParameterError(
                f"parameter {name!r} in {source} is {_describe(value)} but must be {expected}, "
                f"as declared by {names}."
            )


def parameters_for(
    spec: NotebookSpec,
    params: Mapping[str, Any],
    notebook_params: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The parameters to pass to one notebook.

    Parameters
    ----------
    spec : NotebookSpec
        The notebook.
    params : mapping
        Run-wide parameters; only those ``spec`` declares are kept.
    notebook_params : mapping of str to mapping, optional
        Per-notebook parameters keyed by name, short name or number; they win.

    Returns
    -------
    dict
        Name to value, as passed to papermill.
    """
    chosen = {k: v for k, v in params.items() if k in spec.parameters}
    for key, values in (notebook_params or {}).items():
        if key in (spec.name, spec.short_name, spec.number):
            chosen.update({k: v for k, v in values.items() if k in spec.parameters})
    return chosen
