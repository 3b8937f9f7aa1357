"""Options of :func:`clvmodels.load_crm` and the ``crm.yaml`` file that holds them.

``crm.yaml`` takes the keyword arguments of ``load_crm`` as keys (plus ``source`` and
``description``); the arguments given in the call win, table by table for the per-table ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._checks import check_date
from ..exceptions import DataValidationError, ParameterError
from .spec import KINDS, TABLES

__all__ = ["CONFIG_NAMES", "OPTION_KEYS", "merge_options", "normalize_options", "read_config"]

#: File names of the configuration looked for in a folder, in this order.
CONFIG_NAMES = ("crm.yaml", "crm.yml")

#: Keys of ``crm.yaml`` (the keyword arguments of load_crm plus source and description).
OPTION_KEYS = (
    "source", "name", "currency", "description", "observation_end", "calibration_end",
    "date_format", "tables", "columns", "queries", "types", "schema", "encoding", "sep",
    "decimal", "allow_returns", "drop_duplicates", "drop_zero_amounts", "utc",
)
_PER_TABLE = ("columns", "queries", "types")
_ALIASES = {"campaigns": "contacts"}


def _table_name(name: Any, where: str, key: str) -> str:
    name = _ALIASES.get(str(name), str(name))
    if name not in TABLES:
        close = difflib.get_close_matches(name, list(TABLES), n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ParameterError(
            f"{where}{key} names the table {name!r}, which is not a CRM table; {hint}the tables "
            f"are {', '.join(TABLES)}."
        )
    return name


def _mapping(value: Any, where: str, key: str, example: str = "") -> dict[Any, Any]:
    if not isinstance(value, Mapping):
        example = example or f"{key}: {{customers: ...}}"
        raise ParameterError(
            f"{where}{key} must be a mapping, e.g. {example}; got {type(value).__name__} "
            f"{value!r}."
        )
    return dict(value)


def normalize_options(raw: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """Check the options' shapes and return them in one form (tables by canonical name).

    ``where`` prefixes messages ("crm.yaml: "). ``tables`` becomes ``{"locations": {table:
    file/table or None}, "only": set or None}``.
    """
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in OPTION_KEYS:
            close = difflib.get_close_matches(str(key), OPTION_KEYS, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close else ""
            if key in TABLES:  # a table's column mapping written at the top level
                hint = (f"a table's column mapping goes under 'columns', e.g. columns: {{{key}: "
                        f"{{your_column: our_column}}}}; ")
            raise ParameterError(
                f"{where}unknown key {key!r}; {hint}the keys are {', '.join(OPTION_KEYS)}."
            )
        if value is None:
            continue
        if key == "tables":
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list | tuple | set):
                only = {_table_name(t, where, key) for t in value}
                out[key] = {"locations": {}, "only": only | {"transactions"}}
            else:
                locations = {}
                for t, loc in _mapping(value, where, key).items():
                    if loc is not None and not isinstance(loc, str | Path):
                        raise ParameterError(
                            f"{where}tables[{t!r}] must be a file or table name, got {loc!r}."
                        )
                    locations[_table_name(t, where, key)] = None if loc is None else str(loc)
                if locations.get("transactions", "") is None:
                    raise ParameterError(f"{where}tables: the 'transactions' table is required.")
                out[key] = {"locations": locations, "only": None}
        elif key in _PER_TABLE:
            tables = {}
            for t, v in _mapping(value, where, key).items():
                name = _table_name(t, where, key)
                if key == "queries":
                    if not isinstance(v, str) or not v.strip():
                        raise ParameterError(f"{where}queries[{t!r}] must be a SQL query.")
                    tables[name] = v
                    continue
                example = ("{KundenNr: customer_id} (your column: ours)" if key == "columns"
                           else "{zip: text, rating: [B, A, AA]}")
                tables[name] = _mapping(v, where, f"{key}[{t!r}]", example)
                if key == "types":
                    _check_types(name, tables[name], where)
            out[key] = tables
        elif key == "date_format":
            if isinstance(value, Mapping):
                out[key] = {_table_name(t, where, key): str(v) for t, v in value.items()}
            elif isinstance(value, str):
                out[key] = value
            else:
                raise ParameterError(f"{where}date_format must be a strftime format like "
                                     f"'%d/%m/%Y' (or one per table), got {value!r}.")
        elif key in ("observation_end", "calibration_end"):
            out[key] = check_date(key, value, where=where.rstrip(": ") or None)
        elif key in ("allow_returns", "drop_duplicates", "drop_zero_amounts", "utc"):
            if not isinstance(value, bool):
                raise ParameterError(f"{where}{key} must be true or false, got {value!r}.")
            out[key] = value
        else:  # text options
            if not isinstance(value, str | Path) or not str(value):
                raise ParameterError(f"{where}{key} must be a non-empty text, got {value!r}.")
            out[key] = str(value)
    return out


def _check_types(table: str, types: dict[Any, Any], where: str) -> None:
    spec = TABLES[table]
    if table == "transactions":
        raise ParameterError(
            f"{where}types['transactions']: transaction columns have fixed types (see "
            f"clvmodels.read_transactions); map your columns with columns= instead."
        )
    for column, kind in types.items():
        if spec.kind(str(column)) is not None:
            raise ParameterError(
                f"{where}types[{table!r}] gives {column!r} a type, but it is always a "
                f"{spec.kind(str(column))}; remove it from types."
            )
        if isinstance(kind, list | tuple):
            if not kind:
                raise ParameterError(f"{where}types[{table!r}][{column!r}]: give the levels.")
            continue
        if kind not in KINDS:
            raise ParameterError(
                f"{where}types[{table!r}][{column!r}] is {kind!r}; use one of "
                f"{', '.join(KINDS)} or a list of ordered levels."
            )


def merge_options(*layers: Mapping[str, Any]) -> dict[str, Any]:
    """Normalized option layers merged, later layers winning (table by table where per table)."""
    out: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if key in _PER_TABLE and key in out:
                out[key] = {**out[key], **value}
            elif key == "date_format" and isinstance(value, dict) and isinstance(
                    out.get(key), dict):
                out[key] = {**out[key], **value}
            elif key == "tables" and key in out:
                out[key] = {
                    "locations": {**out[key]["locations"], **value["locations"]},
                    "only": value["only"] if value["only"] is not None else out[key]["only"],
                }
            else:
                out[key] = value
    return out


def read_config(path: Path) -> dict[str, Any]:
    """The options of a ``crm.yaml`` file (paths in it relative to its folder)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataValidationError(
            f"{path.name}: file not found: {str(path.absolute())!r}; fix: check the path."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataValidationError(
            f"{path.name}: cannot be read ({exc}); fix: save it as UTF-8 text readable by this "
            f"user."
        ) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataValidationError(
            f"{path.name}: not valid YAML{where} ({problem}); fix: correct the file (keys such "
            f"as 'currency: EUR', one per line, nested keys indented by spaces)."
        ) from None
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise DataValidationError(
            f"{path.name}: must hold keys such as 'currency: EUR' and 'tables:', not a "
            f"{type(raw).__name__}; fix: see docs/crm.md for an example."
        )
    return normalize_options(raw, f"{path.name}: ")
