"""One database per report run: read and check the data once, before any notebook starts.

The runner builds the run's :class:`~clvmodels.crm.CRMDatabase` here, in its own process, from
exactly one of: a CRM database (``data``: folder, DuckDB file, SQL URL or ``crm.yaml``, read by
:func:`clvmodels.load_crm`), a transaction log (``input_path`` + ``column_map``, a database of
transactions only) or a bundled data set (``dataset``, default ``"cdnow"``), and applies
``max_customers`` once. Bad data stops the run with one
:class:`~clvmodels.exceptions.DataValidationError` line before anything is written.

The database is then written once into the run's build folder (``_input/crm``, Parquet, with
:meth:`CRMDatabase.to_folder`) and every notebook that declares ``data`` gets that folder, so
every page of a run shows the same customers and no notebook can fall back to another data
set. Notebooks that declare only ``input_path`` (older or throwaway notebooks) get the same
transactions as ``_input/transactions.parquet`` (:func:`clvmodels.io.write_transactions`, read
back without checking again).
"""

from __future__ import annotations

import inspect
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..crm.urls import looks_like_url
from ..exceptions import DataWarning, ParameterError
from ..labels import LANGS
from .notebooks import NotebookSpec

__all__ = [
    "CRM_FOLDER",
    "DATA_PARAMETERS",
    "INPUT_FOLDER",
    "TRANSACTIONS_FILE",
    "DataSource",
    "RunData",
    "data_source",
    "describe_database",
    "notebook_parameters",
    "read_run_data",
    "safe_source",
    "write_run_data",
]

#: Folder of the run's data inside a build folder (removed when the run ends).
INPUT_FOLDER = "_input"
#: The run's CRM database, relative to the run folder (the notebooks' working directory).
CRM_FOLDER = f"{INPUT_FOLDER}/crm"
#: The run's transactions for notebooks that declare ``input_path`` but not ``data``.
TRANSACTIONS_FILE = f"{INPUT_FOLDER}/transactions.parquet"

#: Parameters that choose or cut the run's data: one value for the whole run.
DATA_PARAMETERS = ("data", "dataset", "input_path", "column_map", "max_customers")

#: Default bundled data set of a run that names no data.
DEFAULT_DATASET = "cdnow"


def _load_crm_options() -> tuple[str, ...]:
    from ..crm import load_crm

    return tuple(name for name, p in inspect.signature(load_crm).parameters.items()
                 if p.kind is inspect.Parameter.KEYWORD_ONLY)


@dataclass(frozen=True)
class DataSource:
    """A CRM database named by a run: where it is and how :func:`clvmodels.load_crm` reads it.

    Attributes
    ----------
    source : str
        Folder, file (DuckDB, SQLite, CSV/Parquet, ``crm.yaml``) or SQLAlchemy URL.
    options : dict
        Keyword arguments of :func:`clvmodels.load_crm` (``tables``, ``columns``, ``queries``,
        ``currency``, ``name``, ``date_format``, ``schema``, ...).
    """

    source: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        """The source with any password hidden (safe to print and to record)."""
        return safe_source(self.source)


def safe_source(source: str) -> str:
    """``source`` as text, with the password of a database URL replaced by ``***``."""
    from ..crm.urls import safe_url

    text = str(source)
    if not looks_like_url(text):
        return text
    try:
        return safe_url(text)
    except ParameterError:  # not a URL SQLAlchemy can read: show only what follows the user
        return text.split("@")[-1] if "@" in text else text


def data_source(value: Any, *, where: str = "parameters", base: Path | None = None) -> DataSource:
    """Read the ``data`` value of a run: a source string, or a mapping ``{source: ..., <options>}``.

    Parameters
    ----------
    value : str, path or mapping
        ``"shop/"``, ``"crm.duckdb"``, ``"postgresql+psycopg://user@host/shop"``, or
        ``{"source": "exports/", "columns": {"transactions": {"KundenNr": "customer_id"}},
        "currency": "EUR"}``; the keys besides ``source`` are options of
        :func:`clvmodels.load_crm`.
    where : str
        Names the origin in messages (the YAML file, "command line").
    base : Path, optional
        Folder that a relative path is relative to (the YAML file's); default the current one.

    Raises
    ------
    ParameterError
        A value of the wrong shape or an unknown option, in one line.
    """
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        source, options = value, {}
    elif isinstance(value, Mapping):
        options = {str(k): v for k, v in value.items()}
        source = options.pop("source", None)
        if isinstance(source, os.PathLike):
            source = os.fspath(source)
        if not isinstance(source, str) or not source.strip():
            raise ParameterError(
                f"{where}: 'data' needs 'source:' (a folder, a DuckDB file, a crm.yaml or a "
                f"database URL), e.g. data: {{source: exports/, currency: EUR}}."
            )
        known = _load_crm_options()
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise ParameterError(
                f"{where}: unknown option {unknown[0]!r} under 'data'; use 'source' and the "
                f"options of clvmodels.load_crm: {', '.join(known)}."
            )
    else:
        raise ParameterError(
            f"{where}: 'data' is {type(value).__name__}; give a folder, file or database URL, or "
            f"a mapping with 'source:' and options of clvmodels.load_crm."
        )
    source = source.strip()
    if not source:
        raise ParameterError(f"{where}: 'data' is empty; give a folder, file or database URL.")
    return DataSource(_resolve_source(source, base), options)


def _resolve_source(source: str, base: Path | None) -> str:
    """Relative paths (also in ``sqlite:///`` and ``duckdb:///`` URLs) made absolute."""
    base = base or Path.cwd()
    if looks_like_url(source):
        scheme, rest = source.split("://", 1)
        backend = scheme.split("+")[0].lower()
        if backend in ("sqlite", "duckdb") and rest.startswith("/") and not rest.startswith("//") \
                and rest[1:] and not rest[1:].startswith((":memory:", "file:")):
            path = Path(rest[1:]).expanduser()
            if not path.is_absolute():
                return f"{scheme}:///{(base / path).resolve()}"
        return source
    path = Path(source).expanduser()
    return str(path if path.is_absolute() else (base / path).resolve())


@dataclass
class RunData:
    """The run's database, described, and what is written for the notebooks.

    Attributes
    ----------
    db : CRMDatabase or None
        The database (dropped once written: the runner keeps only ``customers``).
    kind : {"data", "input_path", "dataset"}
        What chose it.
    source : DataSource or None
        The CRM database source (``kind == "data"``).
    description : dict
        Name, source, tables with row counts, customers, transactions, date range, currency,
        ends of calibration and observation, the sentence of
        :func:`clvmodels.crm.narrative.data_summary` and the reading warnings (``run.json``:
        ``warnings`` in English, ``warnings_by_lang`` in every language).
    customers : pandas.Index
        Every customer of the database (ids of the transactions and of the customer table),
        each once, sorted: the rows of ``customer_scores``.
    messages : list of str
        Warnings raised while reading (English).
    notes : list of DataWarning
        The same warnings, each with its text in every language (``texts``).
    needs_transactions_file : bool
        A notebook declares ``input_path`` but not ``data`` and the run reads a log or a CRM
        database: it gets the transactions as one Parquet file.
    transactions_attrs : dict
        ``attrs`` of the transactions as first read (source, column mapping, exclusions).
    folder, transactions_file : str
        Written files, relative to the run folder ("" until written / when not needed).
    """

    db: Any
    kind: str
    source: DataSource | None
    description: dict[str, Any]
    customers: pd.Index
    messages: list[str] = field(default_factory=list)
    notes: list[DataWarning] = field(default_factory=list)
    needs_transactions_file: bool = False
    transactions_attrs: dict[str, Any] = field(default_factory=dict)
    folder: str = ""
    transactions_file: str = ""


def _declares(specs: Sequence[NotebookSpec], name: str) -> list[NotebookSpec]:
    return [s for s in specs if name in s.parameters]


def _random_state(params: Mapping[str, Any], specs: Sequence[NotebookSpec]) -> Any:
    if "random_state" in params:
        return params["random_state"]
    for spec in _declares(specs, "random_state"):
        return spec.parameters["random_state"].default
    return 0


def read_run_data(
    params: Mapping[str, Any],
    specs: Sequence[NotebookSpec],
    *,
    source: DataSource | None = None,
    lang: str = "en",
) -> RunData | None:
    """Build and check the run's database once (nothing is written).

    Parameters
    ----------
    params : mapping
        The run-wide parameters (``dataset``, ``input_path``, ``column_map``,
        ``calibration_end``, ``observation_end``, ``max_customers``, ``random_state``).
    specs : sequence of NotebookSpec
        The notebooks of the run.
    source : DataSource, optional
        The CRM database named by ``--data`` / ``data:``; wins over ``dataset``.
    lang : {"en", "zh"}
        Language of the description sentence.

    Returns
    -------
    RunData or None
        None when no notebook reads data (declares none of ``data``, ``dataset``,
        ``input_path``) and the run names none.

    Raises
    ------
    DataValidationError
        The data is unusable: one line naming source, table, column, rows and the fix.
    ParameterError
        ``data`` and ``input_path`` both given, or a notebook cannot be given the database.
    """
    from ..crm import load_crm
    from ..datasets import load_data

    specs = list(specs)
    input_path = params.get("input_path")
    if source is not None and input_path:
        raise ParameterError(
            "both 'data' and 'input_path' choose the run's data; keep one (data: a CRM database "
            "folder, DuckDB file or URL; input_path: one transaction log)."
        )
    readers = [s for s in specs if any(p in s.parameters for p in ("data", "dataset", "input_path"))]
    if source is None and not input_path and not readers:
        return None
    if source is not None or input_path:
        blind = [s.name for s in specs
                 if "data" not in s.parameters and "input_path" not in s.parameters
                 and "dataset" in s.parameters]
        if blind:
            raise ParameterError(
                f"notebook {blind[0]} declares neither 'data' nor 'input_path', so it cannot "
                f"read the run's data; add 'data = None' to its parameters cell, or leave it "
                f"out with --skip {blind[0]}."
            )
    random_state = _random_state(params, specs)
    common = {
        "calibration_end": params.get("calibration_end"),
        "observation_end": params.get("observation_end"),
        "max_customers": params.get("max_customers"),
        "random_state": random_state,
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        if source is not None:
            kind = "data"
            db = load_data(data=load_crm(source.source, **source.options), **common)
        elif input_path:
            kind = "input_path"
            db = load_data(input_path=str(input_path), column_map=params.get("column_map"),
                           **common)
        else:
            kind = "dataset"
            db = load_data(str(params.get("dataset") or DEFAULT_DATASET), **common)
    notes = [_as_data_warning(w.message) for w in caught if issubclass(w.category, DataWarning)]
    tx_attrs = {k: v for k, v in db.transactions.attrs.items() if k != "observation_end"}
    if kind != "data" or common["observation_end"] is not None \
            or common["max_customers"] is not None:
        # as every notebook will read it: canonical types, rows after the end excluded. A log
        # or a database was checked by its first reading (whose warnings this would repeat in
        # other words); bundled data is checked here for the first time
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            db = load_crm(db)
        if kind == "dataset" or common["observation_end"] is not None:
            notes += [_as_data_warning(w.message) for w in caught
                      if issubclass(w.category, DataWarning)]
    unique: dict[str, DataWarning] = {}
    for note in notes:
        unique.setdefault(str(note), note)  # each once, in the order first raised
    notes = list(unique.values())
    messages = [str(n) for n in notes]
    customers = customer_ids(db)
    description = describe_database(db, lang=lang, customers=customers)
    description["source"] = (source.shown if source is not None else
                             str(input_path) if input_path else "bundled data set")
    description["warnings"] = messages
    description["warnings_by_lang"] = {lang: [n.text(lang) for n in notes] for lang in LANGS}
    needs_file = any("data" not in s.parameters and "input_path" in s.parameters for s in specs) \
        and kind != "dataset"
    return RunData(db=db, kind=kind, source=source, description=description,
                   customers=customers, messages=messages, notes=notes,
                   needs_transactions_file=needs_file,
                   transactions_attrs=tx_attrs)


def _as_data_warning(message: Warning | str) -> DataWarning:
    """A caught warning's message as a DataWarning (with only English when it has no texts)."""
    return message if isinstance(message, DataWarning) else DataWarning(str(message))


def customer_ids(db: Any) -> pd.Index:
    """Every customer of ``db``: ids of the transactions and of the customer table, once each."""
    ids = [db.transactions["customer_id"]]
    if db.customers is not None:
        ids.append(db.customers["customer_id"])
    values = pd.concat(ids, ignore_index=True).drop_duplicates()
    try:
        values = values.sort_values(kind="stable")
    except TypeError:  # mixed types cannot be ordered: keep first appearance
        pass
    return pd.Index(values.to_numpy(), name="customer_id", dtype=values.dtype)


def describe_database(db: Any, *, lang: str = "en", customers: pd.Index | None = None) -> dict[str, Any]:
    """What the index page and ``run.json`` say about a run's database.

    Returns
    -------
    dict
        ``name``, ``tables`` (name -> rows), ``customers``, ``transactions``, ``start``,
        ``end`` (first and last transaction day), ``calibration_end``, ``observation_end``,
        ``currency`` and ``summary`` (the sentence of
        :func:`clvmodels.crm.narrative.data_summary` in ``lang``).
    """
    from ..crm.narrative import data_summary

    tx = db.transactions
    customers = customer_ids(db) if customers is None else customers

    def day(value: Any) -> str | None:
        return None if value is None or pd.isna(value) else str(pd.Timestamp(value).date())

    return {
        "name": str(db.name),
        "tables": {name: int(len(df)) for name, df in db.tables().items()},
        "customers": int(len(customers)),
        "transactions": int(len(tx)),
        "start": day(tx["date"].min()) if len(tx) else None,
        "end": day(tx["date"].max()) if len(tx) else None,
        "calibration_end": day(db.calibration_end),
        "observation_end": day(db.observation_end),
        "currency": str(db.currency),
        "summary": data_summary(db, lang=lang),
    }


def write_run_data(run_data: RunData | None, run_dir: Path) -> None:
    """Write the database to ``run_dir/_input/crm`` (and the transactions file if a notebook
    needs it), then release the database's memory."""
    from ..io import write_transactions

    if run_data is None or run_data.db is None:
        return
    db = run_data.db
    (run_dir / INPUT_FOLDER).mkdir(exist_ok=True)
    db.to_folder(run_dir / CRM_FOLDER, format="parquet", if_exists="replace")
    run_data.folder = CRM_FOLDER
    if run_data.needs_transactions_file:
        tx = db.transactions.copy(deep=False)
        tx.attrs = dict(run_data.transactions_attrs)  # the reading's: source, column mapping
        write_transactions(tx, run_dir / TRANSACTIONS_FILE,
                           messages=run_data.notes or run_data.messages)
        run_data.transactions_file = TRANSACTIONS_FILE
    run_data.db = None


def notebook_parameters(
    spec: NotebookSpec, params: Mapping[str, Any], run_data: RunData | None
) -> dict[str, Any]:
    """The parameters papermill passes to one notebook: the run's database instead of the
    user's data parameters.

    A notebook that declares ``data`` gets ``data="_input/crm"`` (relative to the run folder,
    its working directory) and ``input_path``, ``column_map`` and ``max_customers`` as None
    (the database already is the run's subset). One that declares ``input_path`` but not
    ``data`` gets the run's transactions file when the run reads a log or a CRM database.
    """
    out = dict(params)
    out.pop("data", None)
    if run_data is None or not run_data.folder:
        return out
    if "data" in spec.parameters:
        out["data"] = run_data.folder
        for name in ("input_path", "column_map", "max_customers"):
            if name in spec.parameters:
                out[name] = None
    elif "input_path" in spec.parameters and run_data.transactions_file:
        out["input_path"] = run_data.transactions_file
        if "column_map" in spec.parameters:
            out["column_map"] = None
    return out
