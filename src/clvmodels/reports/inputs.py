"""Read and validate a report's input data once, before any notebook starts.

Every notebook of a run that reads a user's file (``input_path``) gets the same log. The runner
reads and validates it here, in its own process: bad data stops the run with one
:class:`~clvmodels.exceptions.DataValidationError` line before anything is written. The
validated transactions are then written once into the run folder (``_input/*.parquet``, with
:func:`clvmodels.io.write_transactions`) and the notebooks read that file, which is not checked
again, instead of re-reading and re-validating the original eight times.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataWarning
from .notebooks import NotebookSpec

__all__ = ["INPUT_FOLDER", "ValidatedInput", "read_inputs", "use_inputs", "write_inputs"]

#: Folder of the validated inputs inside a run folder (removed when the run ends).
INPUT_FOLDER = "_input"


@dataclass
class ValidatedInput:
    """One transaction log of a run, read and validated.

    Attributes
    ----------
    path : str
        The user's file (absolute).
    column_map : dict or None
        Its column mapping.
    transactions : DataFrame or None
        Canonical transactions (dropped once written).
    messages : list of str
        Warnings raised while reading (rows excluded or kept but suspicious), repeated by every
        notebook that reads the validated file.
    file : str
        Path of the validated Parquet file relative to the run folder (set by
        :func:`write_inputs`).
    """

    path: str
    column_map: dict[str, Any] | None
    transactions: pd.DataFrame | None
    messages: list[str] = field(default_factory=list)
    file: str = ""


def _column_map(spec: NotebookSpec, params: Mapping[str, Any]) -> Any:
    """The column mapping a notebook reads its log with: passed, or the notebook's default."""
    default = spec.parameters["column_map"].default if "column_map" in spec.parameters else None
    return params.get("column_map", default)


def _key(spec: NotebookSpec, params: Mapping[str, Any]) -> str:
    """Identity of the log a notebook reads: its path and its column mapping."""
    return json.dumps([str(params["input_path"]), _column_map(spec, params)], sort_keys=True,
                      default=str)


def read_inputs(
    specs: list[NotebookSpec], per_notebook: Mapping[str, Mapping[str, Any]]
) -> dict[str, ValidatedInput]:
    """Read and validate every distinct ``(input_path, column_map)`` the notebooks will use.

    Parameters
    ----------
    specs : list of NotebookSpec
        The notebooks of the run.
    per_notebook : mapping
        Notebook name -> the parameters it is passed.

    Returns
    -------
    dict
        Key (see :func:`use_inputs`) -> :class:`ValidatedInput`.

    Raises
    ------
    DataValidationError
        The first bad file: one line naming file, column, rows and the fix.
    """
    from ..io import read_transactions

    inputs: dict[str, ValidatedInput] = {}
    for spec in specs:
        params = per_notebook[spec.name]
        path = params.get("input_path")
        if not path:
            continue
        key = _key(spec, params)
        if key in inputs:
            continue
        column_map = _column_map(spec, params)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            tx = read_transactions(path, columns=column_map)
        messages = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
        inputs[key] = ValidatedInput(str(path), column_map, tx, messages)
    return inputs


def write_inputs(inputs: Mapping[str, ValidatedInput], run_dir: Path) -> None:
    """Write each validated log to ``run_dir/_input/`` and release its memory."""
    from ..io import write_transactions

    if not inputs:
        return
    folder = run_dir / INPUT_FOLDER
    folder.mkdir(exist_ok=True)
    for n, item in enumerate(inputs.values(), start=1):
        assert item.transactions is not None
        name = f"transactions-{n}.parquet"
        write_transactions(item.transactions, folder / name, messages=item.messages)
        item.file = f"{INPUT_FOLDER}/{name}"
        item.transactions = None


def use_inputs(
    spec: NotebookSpec, params: Mapping[str, Any], inputs: Mapping[str, ValidatedInput]
) -> dict[str, Any]:
    """The parameters to pass to a notebook: its ``input_path`` replaced by the validated file.

    The path is relative to the run folder, which is the notebook's working directory, so it
    holds whether the run is still being built or already renamed.
    """
    out = dict(params)
    if not out.get("input_path"):
        return out
    out["input_path"] = inputs[_key(spec, params)].file
    if "column_map" in spec.parameters:
        out["column_map"] = None
    return out
