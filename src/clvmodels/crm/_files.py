"""Reading CRM tables from files: a folder of CSV/Parquet files, one per table.

A table's file is the one named in ``tables`` / ``crm.yaml``, else ``<table>.parquet``,
``<table>.csv`` (or ``.pq``, ``.parq``, ``.tsv``, ``.txt``, optionally ``.gz``/``.bz2``/``.xz``)
or one of the table's other usual names (``campaigns.csv`` for ``contacts``). Text files are read
with their header on line 1; messages give line numbers as in a text editor.
"""

from __future__ import annotations

import bz2
import difflib
import gzip
import lzma
import re
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..labels import say
from ..validation import count, format_problem, row_at, warn_data
from ._convert import NULL_TOKENS
from ._raw import RawTable
from .spec import TableSpec

__all__ = ["file_kind", "find_table_file", "missing_file_error", "read_file"]

_PARQUET = (".parquet", ".pq", ".parq")
_TEXT = (".csv", ".tsv", ".txt")
_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_SEPARATORS = (",", "\t", ";", "|")


def file_kind(path: Path) -> str | None:
    """"parquet", "text" or None (not a table file), from the file name."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _OPENERS:
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    if suffixes[-1] in _PARQUET:
        return "parquet"
    if suffixes[-1] in _TEXT:
        return "text"
    return None


def _stem(path: Path) -> str:
    name = path.name.lower()
    for suffix in _OPENERS:
        name = name.removesuffix(suffix)
    return name.rsplit(".", 1)[0]


def find_table_file(folder: Path, spec: TableSpec) -> Path | None:
    """The file of ``spec``'s table in ``folder`` by its default names, or None.

    Raises
    ------
    DataValidationError
        Two files could be the table (``transactions.csv`` and ``transactions.parquet``).
    """
    for name in (spec.name, *spec.aliases):
        found = sorted(p for p in folder.iterdir()
                       if p.is_file() and file_kind(p) and _stem(p) == name)
        if len(found) > 1:
            names = ", ".join(repr(p.name) for p in found)
            raise DataValidationError(format_problem(
                str(folder), None, f"{len(found)} files could be the {spec.name!r} table "
                f"({names})",
                fix=f"remove one, or name the file in crm.yaml (tables: {{{spec.name}: "
                f"{found[0].name}}}) or with load_crm(tables={{{spec.name!r}: "
                f"{found[0].name!r}}})",
            ))
        if found:
            return found[0]
    return None


def missing_file_error(path: Path, table: str, *, named_by: str) -> DataValidationError:
    """One line: the table's file is not there, with the closest file name of its folder."""
    folder = path.parent
    near = ""
    if folder.is_dir():
        files = [p.name for p in folder.iterdir() if p.is_file()]
        close = difflib.get_close_matches(path.name, files, n=1, cutoff=0.6)
        if close:
            near = f"did you mean {close[0]!r}? "
        shown = ", ".join(repr(f) for f in sorted(files)[:8]) or "no files"
        has = f"; the folder has {shown}"
    else:
        has = f"; the folder {str(folder)!r} does not exist either"
    return DataValidationError(format_problem(
        str(path.name), None,
        f"file not found: {str(path.absolute())!r} (the {table!r} table, named by {named_by})"
        f"{has}", fix=f"{near}correct the file name or the path",
    ))


def _check_file(path: Path, table: str, named_by: str) -> None:
    if path.is_dir():
        raise DataValidationError(format_problem(
            path.name, None, f"{str(path)!r} is a folder, not the file of the {table!r} table",
            fix="name the table's file itself",
        ))
    if not path.exists():
        raise missing_file_error(path, table, named_by=named_by)
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise DataValidationError(format_problem(
            path.name, None, f"the file cannot be read ({(exc.strerror or type(exc).__name__)})",
            fix="make the file readable by this user (chmod a+r) or copy it elsewhere",
        )) from None
    if path.stat().st_size == 0:
        raise DataValidationError(format_problem(
            path.name, None, f"the file of the {table!r} table is empty (0 bytes)",
            fix="export the table again, with a header line and one line per row",
        ))


def read_file(
    path: Path,
    table: str,
    *,
    named_by: str,
    text_columns: Collection[str] = (),
    encoding: str = "utf-8",
    sep: str | None = None,
    decimal: str = ".",
) -> RawTable:
    """Read one table file (CSV/TSV/text or Parquet) with its row labels.

    ``text_columns`` (source names) are read as text as written (``"007"`` stays ``"007"``,
    only blank cells are missing); in the other columns of a text file the cells of
    :data:`~clvmodels.crm._convert.NULL_TOKENS` (``NULL``, ``NA``, ...) are missing.
    """
    _check_file(path, table, named_by)
    kind = file_kind(path)
    if kind == "parquet":
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError, TypeError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataValidationError(format_problem(
                path.name, None, f"not a readable Parquet file ({first})",
                fix="check that the file is complete and really Parquet; text files need a "
                ".csv, .tsv or .txt extension",
            )) from None
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        return RawTable(frame, path.name, "row")
    frame = _read_text(path, text_columns, encoding, sep, decimal)
    return RawTable(_drop_blank_rows(frame, f"{path.name} ({table})"), path.name, "line")


def _read_text(
    path: Path, text_columns: Collection[str], encoding: str, sep: str | None, decimal: str
) -> pd.DataFrame:
    opener = _OPENERS.get(path.suffix.lower(), open)
    try:
        with opener(path, "rt", encoding=encoding, newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError:
        raise DataValidationError(_encoding_message(path, encoding, opener)) from None
    except LookupError:
        raise DataValidationError(format_problem(
            path.name, None, f"encoding={encoding!r} is not a known text encoding",
            fix="use e.g. 'utf-8', 'gb18030', 'cp1252' or 'latin-1'",
        )) from None
    except (OSError, EOFError) as exc:
        raise DataValidationError(format_problem(
            path.name, None, f"cannot be read ({exc})",
            fix="check that the file is complete (a compressed file may be truncated)",
        )) from None
    if not first.strip():
        raise DataValidationError(format_problem(
            path.name, None, "line 1 is blank; the header must be on line 1",
            fix="export the table again with its column names on line 1",
        ))
    if sep is None:
        counts = {s: first.count(s) for s in _SEPARATORS}
        sep = max(counts, key=lambda s: counts[s]) if max(counts.values()) else ","
    options = {"sep": sep, "encoding": encoding, "decimal": decimal, "low_memory": False}
    try:
        header = list(pd.read_csv(path, nrows=0, **options).columns)
        text = set(text_columns)
        frame = pd.read_csv(
            path, keep_default_na=False,
            na_values={c: list(NULL_TOKENS) for c in header if c not in text},
            dtype={c: "str" for c in header if c in text},
            skip_blank_lines=False, **options,
        )
    except UnicodeDecodeError:
        raise DataValidationError(_encoding_message(path, encoding, opener)) from None
    except pd.errors.EmptyDataError:
        raise DataValidationError(format_problem(
            path.name, None, "the file has no columns",
            fix="export the table again with a header line",
        )) from None
    except pd.errors.ParserError as exc:
        raise DataValidationError(_parser_message(path.name, str(exc), sep)) from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def _parser_message(name: str, message: str, sep: str) -> str:
    shown = {"\t": "tab"}.get(sep, repr(sep))
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, saw = (int(g) for g in match.groups())
        what = f"line {line} has {saw} fields but the header has {expected} (separator {shown})"
    else:
        first = message.strip().splitlines()[0] if message.strip() else "unreadable"
        what = f"cannot be parsed as delimited text ({first})"
    return format_problem(
        name, None, what,
        fix="quote values that contain the separator, or pass the right sep= (crm.yaml: sep)",
    )


def _encoding_message(path: Path, encoding: str, opener: object) -> str:
    with opener(path, "rb") as handle:  # type: ignore[operator]
        sample = handle.read(1 << 20)
    line = offset = None
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start
        line = sample.count(b"\n", 0, exc.start) + 1
    except LookupError:
        pass
    suggestion = "latin-1"
    for candidate in ("gb18030", "cp1252"):
        try:
            text = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        if candidate == "cp1252" or re.search(r"[\u4e00-\u9fff]", text):
            suggestion = candidate
            break
    where = f" (byte offset {offset}, line {line})" if line is not None else ""
    return format_problem(
        path.name, None, f"the file is not valid {encoding} text{where}",
        fix=f"pass encoding={suggestion!r} (crm.yaml: encoding: {suggestion}) or the file's "
        f"real encoding, or save the file as UTF-8",
    )


def _drop_blank_rows(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Drop rows with no value (blank lines), counting them in a warning."""
    if frame.shape[1] == 0 or len(frame) == 0:
        return frame
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        s = frame[column]
        empty = s.isna().to_numpy()
        if pd.api.types.is_string_dtype(s.dtype) or pd.api.types.is_object_dtype(s.dtype):
            empty = empty | (s == "").to_numpy(dtype=bool, na_value=False)
        blank &= empty
        if not blank.any():
            return frame
    kept = np.flatnonzero(~blank)
    interior = blank.copy()
    interior[(kept[-1] + 1) if len(kept) else 0:] = False  # blank lines at the end: not rows
    if interior.any():
        lines = frame.index.to_numpy()[interior]
        warn_data(lambda lang: say(
            f"dw_crm_blank_rows_{'one' if len(lines) == 1 else 'other'}", lang, source=name,
            rows=count(len(lines), "empty_rows", lang),
            shown=say("dw_list_separator", lang).join(row_at("line", n, lang) for n in lines[:3]),
            more=say("dw_and_more", lang, n=len(lines) - 3) if len(lines) > 3 else "",
        ))
    return frame[~blank]

