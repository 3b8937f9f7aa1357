"""Reading transaction logs: CSV/TSV/whitespace text, Parquet or a DataFrame in, canonical out.

:func:`read_transactions` is the one door through which raw transaction data enters clvmodels.
It reads the source, maps its columns to the canonical names (``customer_id``, ``date``,
``amount`` and the optional ``order_id``, ``cost``, ``quantity``, ``category``, ``channel``),
and passes the table to :func:`clvmodels.validation.validate_transactions`, which checks the
whole input and raises one clear :class:`~clvmodels.exceptions.DataValidationError` naming the
file, the column, the first offending lines and their values, the count of further rows and the
fix. Lines are numbered as in a text editor: the header is line 1.
"""

from __future__ import annotations

import bz2
import codecs
import difflib
import gzip
import json
import lzma
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import DataValidationError, DataWarning, ParameterError
from .labels import say
from .validation import (
    CANONICAL_COLUMNS,
    OPTIONAL_COLUMNS,
    count,
    format_problem,
    plural,
    row_at,
    validate_transactions,
    warn_data,
)

__all__ = ["CANONICAL_COLUMNS", "OPTIONAL_COLUMNS", "read_transactions", "write_transactions"]

_COMPRESSION = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_PARQUET = {".parquet", ".pq", ".parq"}
_SEPARATORS = (",", "\t", ";", "|")
#: Parquet schema metadata key of a file written by :func:`write_transactions`.
_VALIDATED_KEY = b"clvmodels.transactions"


def read_transactions(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, Any] | None = None,
    date_format: str | None = None,
    observation_end: Any = None,
    allow_returns: bool = False,
    drop_duplicates: bool = False,
    drop_zero_amounts: bool = False,
    utc: bool = False,
    currency: str = "USD",
    encoding: str = "utf-8",
    sep: str | None = None,
    names: Sequence[str] | None = None,
    decimal: str = ".",
    thousands: str | None = None,
) -> pd.DataFrame:
    """Read and validate a transaction log (交易记录) into canonical transactions.

    Parameters
    ----------
    source : path or DataFrame
        A CSV/TSV/text file (optionally ``.gz``, ``.bz2`` or ``.xz`` compressed), a Parquet file
        (``.parquet``, ``.pq``), or a DataFrame.
    columns : mapping, optional
        ``{canonical name: source column}``, e.g. ``{"customer_id": "cust", "date":
        "order_date", "amount": "sales"}``. Columns not mapped are recognized by their canonical
        name or a usual synonym, case-insensitively (``customer``, ``cust_id``, ``id``;
        ``order_date``, ``transaction_date``; ``sales``, ``revenue``, ``value``, ...; see
        :data:`clvmodels.validation.SYNONYMS`).
    date_format : str, optional
        strftime format of the dates, e.g. ``"%d/%m/%Y"``. Default: datetime columns as they
        are, ``YYYYMMDD`` integers or strings, ISO 8601 strings (``2024-01-31``, with an optional
        time and offset). Day-first/month-first layouts are never guessed.
    observation_end : date-like, optional
        Transactions after this date (after its whole day) are excluded with a
        :class:`~clvmodels.exceptions.DataWarning` that counts them.
    allow_returns : bool, default False
        Negative amounts are rejected unless True; then each return is netted against the same
        customer's most recent purchase day on or before it, and purchase days netted to 0 or
        less are removed (counted in a warning). See :mod:`clvmodels.validation`.
    drop_duplicates : bool, default False
        Exact duplicate rows are kept (with a warning counting them) unless True.
    drop_zero_amounts : bool, default False
        Zero amounts are kept as purchases (with a warning counting them) unless True.
    utc : bool, default False
        Accept dates in several time zones by converting each to UTC (otherwise an error).
    currency : str, default "USD"
        Currency of the amounts, recorded in ``attrs["currency"]``.
    encoding : str, default "utf-8"
        Text encoding of the file. A file in another encoding is reported with the line and byte
        offset of the first undecodable byte and a suggested encoding.
    sep : str, optional
        Field separator of a text file. Default: ``,``, tab, ``;`` or ``|``, whichever occurs
        most in the first line, else whitespace (as in the CDNOW files).
    names : sequence of str, optional
        Column names of a text file without a header line (its first line is then line 1).
    decimal, thousands : str, optional
        Decimal and thousands separators of numbers in a text file (``decimal=","`` for
        ``12,50``).

    Returns
    -------
    DataFrame
        One row per transaction line, with a RangeIndex: ``customer_id`` (int64 when every id
        is an integer, else string dtype), ``date`` (datetime64[ns], naive), ``amount`` (float64,
        in ``currency``), plus ``order_id``, ``cost``, ``quantity`` (float64), ``category``,
        ``channel`` when present; other source columns are left out. ``attrs``: ``source``
        (file name or "DataFrame"), ``currency``, ``columns`` (canonical name -> source column),
        ``n_rows_read``, ``excluded`` (count of excluded or merged rows by reason) and
        ``observation_end`` when given.

    Raises
    ------
    DataValidationError
        The file is missing, empty, undecodable or malformed, a column is missing, or values are
        unusable; one line names the file, column, first rows with values, the count of further
        rows and the fix.
    ParameterError
        An argument is invalid (unknown key in ``columns``, ``observation_end`` not a date).

    Warns
    -----
    DataWarning
        Rows excluded (after ``observation_end``, netted returns, dropped duplicates or zero
        amounts) or kept but suspicious (duplicates, zero amounts), with counts.

    Examples
    --------
    The CDNOW sample has no header and separates fields by spaces:

    >>> tx = read_transactions(
    ...     "data/raw/CDNOW_sample.txt",
    ...     names=["original_id", "customer_id", "date", "quantity", "amount"],
    ... )  # doctest: +SKIP
    >>> tx.shape, str(tx["date"].dtype)  # doctest: +SKIP
    ((6919, 4), 'datetime64[ns]')

    A DataFrame with its own column names:

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"cust": [7, 7], "order_date": ["2024-01-05", "2024-02-01"],
    ...                     "sales": ["9.50", "3"]})
    >>> read_transactions(raw)
       customer_id       date  amount
    0            7 2024-01-05     9.5
    1            7 2024-02-01     3.0
    """
    options = {
        "columns": columns,
        "date_format": date_format,
        "observation_end": observation_end,
        "allow_returns": allow_returns,
        "drop_duplicates": drop_duplicates,
        "drop_zero_amounts": drop_zero_amounts,
        "utc": utc,
        "currency": currency,
    }
    if isinstance(source, pd.DataFrame):
        return validate_transactions(source, source="DataFrame", row_label="index", **options)
    if not isinstance(source, str | os.PathLike):
        raise ParameterError(
            f"read_transactions expects a file path or a pandas DataFrame, got "
            f"{type(source).__name__}."
        )
    path = Path(source)
    name = path.name
    _check_path(path)
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] in _COMPRESSION
    kind = suffixes[-2] if compressed and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    if kind in _PARQUET:
        defaults = (date_format, observation_end, allow_returns, drop_duplicates,
                    drop_zero_amounts, utc) == (None, None, False, False, False, False)
        if columns is None and defaults:
            validated = _read_validated(path)
            if validated is not None:
                if currency != "USD":  # said by the caller: wins over the file's record
                    validated.attrs["currency"] = currency
                return validated
        raw = _read_parquet(path)
        row_label, first_line = "row", 1
    else:
        raw, first_line = _read_text(
            path,
            encoding=encoding,
            sep=sep,
            names=names,
            decimal=decimal,
            thousands=thousands,
            opener=_COMPRESSION[suffixes[-1]] if compressed else open,
        )
        row_label = "line"
    raw.index = pd.RangeIndex(first_line, first_line + len(raw))
    raw = _drop_blank_rows(raw, name, row_label)
    hint = ""
    if names is None and row_label == "line" and _looks_like_data(raw.columns):
        hint = (
            "the first line looks like data, not a header: pass names=[...] with the column "
            "names (command line: --names a,b,c)"
        )
    tx = validate_transactions(
        raw, source=name, row_label=row_label, column_hint=hint, **options
    )
    return tx


# --------------------------------------------------------------------------------------------
# file-level checks
# --------------------------------------------------------------------------------------------


def _check_path(path: Path) -> None:
    name = path.name
    if path.is_dir():
        raise DataValidationError(
            format_problem(
                name, None, f"{str(path)!r} is a directory, not a file",
                fix="pass the path of the transaction file itself",
            )
        )
    if not path.exists():
        folder = path.parent if str(path.parent) else Path(".")
        near = ""
        if folder.is_dir():
            siblings = [p.name for p in folder.iterdir() if p.is_file()]
            close = difflib.get_close_matches(name, siblings, n=1, cutoff=0.8)
            if close:
                near = f"did you mean {str(folder / close[0])!r}? "
        where = "" if folder.is_dir() else f" (the folder {str(folder)!r} does not exist either)"
        raise DataValidationError(
            format_problem(
                name,
                None,
                f"file not found: {str(path.absolute())!r}{where}",
                fix=f"{near}check the path (the current directory is {os.getcwd()!r})",
            )
        )
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except PermissionError:
        raise DataValidationError(
            format_problem(
                name, None, f"permission denied: this user cannot read {str(path.absolute())!r}",
                fix="make the file readable (chmod a+r) or copy it where this user can read it",
            )
        ) from None
    except OSError as exc:
        raise DataValidationError(
            format_problem(
                name, None,
                f"the file cannot be read ({(exc.strerror or type(exc).__name__).lower()})",
                fix="check the file and the disk it is on, or copy it elsewhere",
            )
        ) from None
    if path.stat().st_size == 0:
        raise DataValidationError(
            format_problem(
                name,
                None,
                "the file is empty (0 bytes)",
                fix="export the transaction log again; a log needs a header line and one line "
                "per transaction",
            )
        )


def write_transactions(
    tx: pd.DataFrame, path: str | os.PathLike[str], *,
    messages: Sequence[str | DataWarning] = (),
) -> Path:
    """Write canonical transactions to Parquet, to be read back without checking them again.

    The file keeps ``tx.attrs`` (source, currency, column mapping, excluded counts) and the
    warnings raised while reading the original (``messages``) in its schema metadata;
    :func:`read_transactions` restores the attrs, repeats the warnings and skips validation
    when the columns still have their canonical types. The report runner uses it to read and
    validate a user's log once and hand it to every notebook.

    Parameters
    ----------
    tx : DataFrame
        Canonical transactions, as returned by :func:`read_transactions`.
    path : path
        The Parquet file to write (replaced atomically).
    messages : sequence of str or DataWarning
        Warnings raised while reading ``tx`` (repeated, as DataWarning, on every read; a
        DataWarning keeps its texts in every language).

    Returns
    -------
    Path
        ``path``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    table = pa.Table.from_pandas(tx, preserve_index=False)
    attrs = {k: v for k, v in tx.attrs.items() if k != "observation_end"}
    meta = {
        "attrs": attrs,
        "messages": [str(m) for m in messages],
        "texts": [m.texts if isinstance(m, DataWarning) else {"en": str(m)} for m in messages],
    }
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[_VALIDATED_KEY] = json.dumps(meta, default=str).encode("utf-8")
    table = table.replace_schema_metadata(schema_meta)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _read_validated(path: Path) -> pd.DataFrame | None:
    """Transactions written by :func:`write_transactions`, or None for any other Parquet file."""
    import pyarrow.parquet as pq

    try:
        raw_meta = (pq.read_schema(path).metadata or {}).get(_VALIDATED_KEY)
    except (OSError, ValueError, TypeError):
        return None  # _read_parquet reports it
    if raw_meta is None:
        return None
    meta = json.loads(raw_meta)
    tx = _read_parquet(path)
    types_ok = (
        list(tx.columns[:3]) == list(CANONICAL_COLUMNS)
        and (tx["customer_id"].dtype == "int64" or pd.api.types.is_string_dtype(tx["customer_id"]))
        and tx["date"].dtype == "datetime64[ns]"
        and tx["amount"].dtype == "float64"
    )
    if not types_ok:
        return None
    tx.attrs.update(meta.get("attrs", {}))
    messages = meta.get("messages", [])
    texts = meta.get("texts") or [None] * len(messages)
    for message, text in zip(messages, texts, strict=False):
        warnings.warn(DataWarning(message, texts=text), stacklevel=3)
    return tx


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError, TypeError) as exc:  # pyarrow errors derive from these
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataValidationError(
            format_problem(
                path.name,
                None,
                f"not a readable Parquet file ({first})",
                fix="check that the file is complete and really Parquet; text files need a "
                ".csv, .tsv or .txt extension",
            )
        ) from None


def _read_text(
    path: Path,
    *,
    encoding: str,
    sep: str | None,
    names: Sequence[str] | None,
    decimal: str,
    thousands: str | None,
    opener: Any,
) -> tuple[pd.DataFrame, int]:
    """The raw table of a text file and the line number of its first data row."""
    name = path.name
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ParameterError(
            f"encoding={encoding!r} is not a known text encoding; use e.g. 'utf-8', "
            f"'latin-1', 'cp1252' or 'gb18030'."
        ) from None
    try:
        with opener(path, "rt", encoding=encoding, newline="") as handle:
            first_line = handle.readline()
    except UnicodeDecodeError:
        raise DataValidationError(_encoding_message(path, encoding, opener)) from None
    except (OSError, EOFError) as exc:
        raise DataValidationError(
            format_problem(
                name, None, f"cannot be read ({exc})",
                fix="check that the file is complete (a compressed file may be truncated)",
            )
        ) from None
    if not first_line.strip():
        raise DataValidationError(
            format_problem(
                name,
                None,
                "the file is empty (no header line)" if not first_line else
                "line 1 is blank; the header must be on line 1",
                fix="export the transaction log again with a header line first, or remove the "
                "blank lines at the top",
            )
        )
    if sep is None:
        sep = _guess_sep(first_line)
    header_lines = 0 if names is not None else 1
    try:
        raw = pd.read_csv(
            path,
            sep=sep,
            header=None if names is not None else "infer",
            names=list(names) if names is not None else None,
            encoding=encoding,
            skip_blank_lines=False,
            decimal=decimal,
            thousands=thousands,
            low_memory=False,
        )
    except UnicodeDecodeError:
        raise DataValidationError(_encoding_message(path, encoding, opener)) from None
    except pd.errors.EmptyDataError:
        raise DataValidationError(
            format_problem(
                name, None, "the file has no columns",
                fix="export the transaction log again with a header line",
            )
        ) from None
    except pd.errors.ParserError as exc:
        raise DataValidationError(_parser_message(name, str(exc), sep, header_lines)) from None
    if names is None:
        unnamed = [c for c in raw.columns if str(c).startswith("Unnamed: ")]
        if unnamed and len(unnamed) == len(raw.columns):
            raise DataValidationError(
                format_problem(
                    name, None, "the header line (line 1) has no column names",
                    fix="write the column names on line 1, or pass names=[...]",
                )
            )
    return raw, header_lines + 1


def _guess_sep(first_line: str) -> str:
    counts = {s: first_line.count(s) for s in _SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    if counts[best] > 0:
        return best
    return r"\s+" if len(first_line.split()) > 1 else ","


def _parser_message(name: str, message: str, sep: str, header_lines: int) -> str:
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    shown_sep = {"\t": "tab", r"\s+": "whitespace"}.get(sep, repr(sep))
    if match:
        expected, line, saw = (int(g) for g in match.groups())
        return format_problem(
            name,
            None,
            f"line {line} has {saw} fields but the header has {expected} "
            f"(separator {shown_sep})",
            fix="quote values that contain the separator, or pass the right sep=",
        )
    first = message.strip().splitlines()[0] if message.strip() else "unreadable"
    return format_problem(
        name, None, f"cannot be parsed as delimited text ({first})",
        fix=f"check the quoting and the separator ({shown_sep}); pass sep= if it is different",
    )


def _encoding_message(path: Path, encoding: str, opener: Any) -> str:
    """Locate every undecodable line (error path only) and suggest an encoding."""
    decoder_name = codecs.lookup(encoding).name
    bad_lines: list[int] = []
    first_offset = first_byte = None
    bad_text: list[bytes] = []
    offset = 0
    with opener(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as exc:
                bad_lines.append(number)
                if first_offset is None:
                    first_offset = offset + exc.start
                    first_byte = line[exc.start : exc.start + 1]
                if len(bad_text) < 200:
                    bad_text.append(line)
            offset += len(line)
    if not bad_lines:  # the decoder failed across a line boundary: report the whole file
        return format_problem(
            path.name, None, f"is not valid {decoder_name} text",
            fix="pass encoding='latin-1' or the file's real encoding",
        )
    suggestion = _suggest_encoding(b"".join(bad_text))
    shown = ", ".join(f"line {n}" for n in bad_lines[:3])
    more = f" and {plural(len(bad_lines) - 3, 'more line')}" if len(bad_lines) > 3 else ""
    return (
        f"{path.name}: the file is not valid {decoder_name} text: byte {first_byte!r} at byte "
        f"offset {first_offset} on line {bad_lines[0]} cannot be decoded; undecodable bytes on "
        f"{shown}{more}; fix: pass encoding={suggestion!r} (command line: --encoding "
        f"{suggestion}) or the file's real encoding, or save the file as UTF-8"
    )


def _suggest_encoding(sample: bytes) -> str:
    try:
        text = sample.decode("gb18030")
        if re.search(r"[\u4e00-\u9fff]", text):
            return "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _drop_blank_rows(raw: pd.DataFrame, name: str, row_label: str) -> pd.DataFrame:
    """Drop rows that are entirely empty (blank lines), counting them in a warning."""
    if raw.shape[1] == 0 or len(raw) == 0:
        return raw
    blank = raw.isna().all(axis=1).to_numpy()
    if not blank.any():
        return raw
    # blank lines at the very end of a file are not rows of the table: ignore them quietly
    trailing = np.flatnonzero(~blank)
    last = trailing[-1] + 1 if len(trailing) else 0
    interior = blank.copy()
    interior[last:] = False
    if interior.any():
        lines = raw.index.to_numpy()[interior]
        warn_data(lambda lang: say(
            "dw_blank_rows", lang, source=name, rows=count(len(lines), "empty_rows", lang),
            shown=say("dw_list_separator", lang).join(
                row_at(row_label, n, lang) for n in lines[:3]),
            more=say("dw_and_more", lang, n=len(lines) - 3) if len(lines) > 3 else "",
        ))
    return raw[~blank]


def _looks_like_data(columns: pd.Index) -> bool:
    """True when every header name is a number or a date, i.e. the file has no header line."""
    pattern = re.compile(r"\s*[+-]?(\d+([.,]\d*)?|\d{4}-\d{2}-\d{2}.*)\s*")
    return len(columns) > 0 and all(pattern.fullmatch(str(c)) for c in columns)
