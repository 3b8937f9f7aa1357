"""DuckDB engine: read, validate and reduce a transaction log out of core.

The log is scanned by DuckDB itself (Parquet/CSV files, folders and globs, or a registered pandas
DataFrame), so a log larger than memory is streamed. First a validation query (for Parquet and
DataFrames answered from statistics: NULLs, amount range, date and id ranges; otherwise row by
row: unparseable dates, non-numeric/negative/infinite amounts, rows after observation_end). Then
one of two reductions to per-customer aggregates:

- in memory (integer ids, while the log takes at most half of ``memory_limit``): DuckDB streams
  one packed customer x day key and the amount per row as Arrow batches and numpy reduces them
  with one sort (:mod:`clvmodels.features._packed`, shared with the pandas engine);
- in SQL (text ids, sparse ids, or larger logs): a customer x day hash aggregation, a window
  (``lag``) for the days since each customer's previous purchase day (``litt``), then a customer
  aggregation, which DuckDB spills to ``temp_directory`` beyond ``memory_limit``.

Both give the same aggregates (tested on the same data); only the per-customer table (a few
numbers per customer) is materialized in pandas.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError, ParameterError
from ..validation import MAX_EXAMPLES
from ._btyd import CustomerAggregates, check_split, nothing_to_summarize
from ._packed import Packing, packing, reduce_packed
from ._sources import (
    PROBLEMS,
    customer_index,
    missing_column_error,
    number_or_text,
    problem_message,
    resolve_columns,
    source_paths,
)

__all__ = ["aggregate"]

_INT_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
              "UINTEGER", "UBIGINT", "UHUGEINT")
_FLOAT_TYPES = ("FLOAT", "DOUBLE", "REAL")
_EPOCH = "DATE '1970-01-01'"


def _q(name: str) -> str:
    """Quote an identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def _lit(value: str) -> str:
    """Quote a string literal."""
    return "'" + str(value).replace("'", "''") + "'"


@dataclass
class _Source:
    kind: str  # "dataframe", "parquet" or "csv"
    name: str  # file name / glob / "DataFrame" for messages
    from_sql: str  # FROM clause of the raw rows
    from_sql_rows: str  # same, with row-locating columns (filename, file_row_number)
    frame: pd.DataFrame | None = None
    currency: str = "USD"


def _file_format(paths: list[str], file_format: str | None) -> str:
    if file_format is not None:
        fmt = file_format.lower()
        if fmt not in ("parquet", "csv"):
            raise ParameterError(f"file_format={file_format!r}; use 'parquet' or 'csv'.")
        return fmt
    name = paths[0].lower()
    for suffix in (".gz", ".zst", ".bz2"):
        name = name.removesuffix(suffix)
    if name.endswith((".parquet", ".pq", ".parq")) or name.endswith("*"):
        return "parquet"
    if name.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    raise ParameterError(
        f"cannot tell the format of {paths[0]!r} from its name; pass file_format='parquet' or "
        f"file_format='csv'."
    )


def _options_sql(options: dict[str, Any]) -> str:
    parts = []
    for key, value in options.items():
        if isinstance(value, bool):
            parts.append(f"{key}={'true' if value else 'false'}")
        elif isinstance(value, (int, float)):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={_lit(str(value))}")
    return "".join(", " + p for p in parts)


def _open_source(
    con: Any,
    transactions: Any,
    *,
    file_format: str | None,
    read_options: dict[str, Any] | None,
    currency: str | None,
) -> _Source:
    if isinstance(transactions, pd.DataFrame):
        return _Source(
            kind="dataframe",
            name=str(transactions.attrs.get("source", "DataFrame")),
            from_sql="_clv_tx",
            from_sql_rows="_clv_tx",
            frame=transactions,
            currency=currency or str(transactions.attrs.get("currency", "USD")),
        )
    paths = source_paths(transactions)
    if paths is None:
        raise ParameterError(
            f"engine='duckdb' reads a pandas DataFrame or a Parquet/CSV path, folder, glob or "
            f"list of paths; got {type(transactions).__name__}."
        )
    expanded = []
    for p in paths:
        if os.path.isdir(p):
            expanded.append(str(Path(p) / "**" / "*.parquet") if file_format != "csv" else
                            str(Path(p) / "**" / "*.csv"))
        else:
            expanded.append(p)
    fmt = _file_format(expanded, file_format)
    files = "[" + ", ".join(_lit(p) for p in expanded) + "]"
    opts = dict(read_options or {})
    name = paths[0] if len(paths) == 1 else f"{paths[0]} (+{len(paths) - 1} more)"
    if fmt == "parquet":
        base = f"read_parquet({files}{_options_sql(opts)})"
        rows = f"read_parquet({files}, filename=true, file_row_number=true{_options_sql(opts)})"
    else:
        opts.setdefault("header", True)
        opts["all_varchar"] = True
        base = f"read_csv({files}{_options_sql(opts)})"
        rows = f"read_csv({files}, filename=true{_options_sql(opts)})"
    return _Source(fmt, name, base, rows, None, currency or "USD")


def _describe(con: Any, from_sql: str) -> dict[str, str]:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {from_sql}").fetchall()
    except Exception as exc:  # duckdb.IOException, InvalidInputException, ...
        raise DataValidationError(
            f"{from_sql}: DuckDB cannot read it ({str(exc).splitlines()[0]}); check the path and "
            f"the file format (file_format='parquet'|'csv', read_options=...)."
        ) from exc
    return {str(r[0]): str(r[1]).upper() for r in rows}


def _first_row(result: Any) -> Any:
    """The first row of a query result, or None; the result is read to its end (DuckDB refuses
    new queries on a connection with an unfinished result)."""
    rows = result.fetchall()
    return rows[0] if rows else None


def _is_int(t: str) -> bool:
    return t in _INT_TYPES


def _is_numeric(t: str) -> bool:
    return t in _INT_TYPES or t in _FLOAT_TYPES or t.startswith("DECIMAL")


def _is_date(t: str) -> bool:
    return t == "DATE" or t.startswith("TIMESTAMP")


def _date_sql(expr: str, t: str) -> str:
    """SQL of the calendar day of ``expr``, a value of DuckDB type ``t`` (:func:`_is_date`).

    A timestamp with time zone gives its UTC day (as the pandas engine, whatever the session's
    TimeZone); a nanosecond timestamp is floored to microseconds first (a plain cast rounds
    23:59:59.9999995 to the next day).
    """
    if t == "DATE":
        return expr
    if t.startswith("TIMESTAMPTZ") or "TIME ZONE" in t:
        expr = f"timezone('UTC', {expr})"
    if t.endswith("_NS"):
        expr = f"make_timestamp(epoch_us({expr}))"
    return f"CAST({expr} AS DATE)"


def _expressions(
    con: Any, src: _Source, names: dict[str, str], types: dict[str, str], date_format: str | None
) -> dict[str, str]:
    """SQL expressions of the typed canonical columns: cid, d (DATE), amt (DOUBLE)."""
    cid, date, amount = (_q(names[c]) for c in ("customer_id", "date", "amount"))
    t_date, t_amount = types[names["date"]], types[names["amount"]]
    if _is_date(t_date):
        d = _date_sql(date, t_date)
    elif t_date == "VARCHAR":
        d = (f"CAST(try_strptime({date}, {_lit(date_format)}) AS DATE)" if date_format
             else f"CAST(TRY_CAST({date} AS TIMESTAMP) AS DATE)")
    elif _is_int(t_date):
        if not date_format:
            example = _first_row(con.execute(
                f"SELECT {date} FROM {src.from_sql} WHERE {date} IS NOT NULL LIMIT 1"
            ))
            raise DataValidationError(
                f"{src.name}: column 'date' holds integers (e.g. {example[0] if example else ''})"
                f", not dates; pass date_format='%Y%m%d' (or the format they are written in)."
            )
        d = f"CAST(try_strptime(CAST({date} AS VARCHAR), {_lit(date_format)}) AS DATE)"
    else:
        raise DataValidationError(
            f"{src.name}: column 'date' has type {t_date}, not a date; store dates as "
            f"DATE/TIMESTAMP or text and pass date_format=."
        )
    t_amt = types[names["amount"]]
    if _is_numeric(t_amt):
        amt = f"CAST({amount} AS DOUBLE)"
    elif t_amt == "VARCHAR":
        amt = f"TRY_CAST({amount} AS DOUBLE)"
    else:
        raise DataValidationError(
            f"{src.name}: column 'amount' has type {t_amount}, not a number; store amounts as "
            f"numbers such as 12.5."
        )
    return {"cid": cid, "d": d, "amt": amt, "raw_date": date, "raw_amount": amount}


# kind (_sources.PROBLEMS), SQL condition on the typed row, show the values
_CHECKS: list[tuple[str, str, bool]] = [
    ("null_id", "cid IS NULL", False),
    ("null_date", "raw_date IS NULL", False),
    ("bad_date", "raw_date IS NOT NULL AND d IS NULL", True),
    ("null_amount", "raw_amount IS NULL OR isnan(amt)", False),
    ("bad_amount", "raw_amount IS NOT NULL AND amt IS NULL", True),
    ("inf_amount", "isinf(amt)", True),
    ("negative", "amt < 0", True),
]


def _raise_problem(
    con: Any,
    src: _Source,
    typed_sql: str,
    typed_rows_sql: str,
    check: tuple[str, str, bool],
    n_bad: int,
    names: dict[str, str],
    date_format: str | None,
) -> None:
    """Locate the first offending rows (single-threaded, input order) and raise."""
    kind, cond, show = check
    column = PROBLEMS[kind][0]
    raw = {"customer_id": "cid", "date": "raw_date", "amount": "raw_amount"}[column]
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    if src.kind == "parquet":
        inner = f"SELECT file_row_number AS _row, filename AS _file, * FROM ({typed_rows_sql})"
    elif src.kind == "csv":
        # single-threaded scans keep file order: row within file = global row - file's first row
        inner = (
            "SELECT _g - min(_g) OVER (PARTITION BY _file) AS _row, * FROM ("
            f"SELECT row_number() OVER () - 1 AS _g, filename AS _file, * FROM ({typed_rows_sql}))"
        )
    else:
        inner = f"SELECT row_number() OVER () - 1 AS _row, NULL AS _file, * FROM ({typed_sql})"
    sql = (
        f"SELECT _row, _file, CAST({raw} AS VARCHAR) FROM ({inner}) "
        f"WHERE {cond} ORDER BY _file, _row LIMIT {MAX_EXAMPLES}"
    )
    found = con.execute(sql).fetchall()
    if src.kind == "dataframe" and src.frame is not None:
        rows: list[Any] = [src.frame.index[int(r[0])] for r in found]
        label = "index"
    elif src.kind == "csv":  # 1-based line numbers, the header is line 1
        rows, label = [int(r[0]) + 2 for r in found], "line"
    else:  # 1-based row numbers of the Parquet file
        rows, label = [int(r[0]) + 1 for r in found], "row"
    name = str(found[0][1]) if found and found[0][1] is not None else src.name
    values = None
    if show:
        values = [number_or_text(r[2]) if column == "amount" else r[2] for r in found]
    raise DataValidationError(
        problem_message(
            name, kind, rows, n_bad, values=values, row_label=label,
            file_column=names[column], date_format=date_format,
        )
    )


#: Peak memory of the in-memory reduction, measured (benchmarks/bench_engines.py): bytes per
#: transaction row by key width (Arrow batches, keys, amounts, ids, the sorted copy, masks),
#: per id in the id range (per-id arrays), and a fixed part (DuckDB's scan).
_SORT_BYTES_PER_ROW = {4: 48, 8: 56}
_SORT_BYTES_PER_ID = 48
_SORT_BYTES_FIXED = 256 * 2**20
#: Share of DuckDB's memory_limit the in-memory reduction may take.
_SORT_MEMORY_SHARE = 0.5
#: "auto" picks the reduction; "sort" or "sql" force one (tests run both on the same data).
_FORCE_REDUCTION = "auto"

_SIZE = re.compile(r"^\s*([0-9.]+)\s*([KMGTP]?i?B|bytes)?\s*$", re.IGNORECASE)


def _memory_limit_bytes(con: Any) -> float:
    """DuckDB's current memory_limit in bytes (it reports e.g. '18.8 GiB')."""
    text = str(_first_row(con.execute("SELECT current_setting('memory_limit')"))[0])
    match = _SIZE.match(text)
    if not match:
        return 0.0
    unit = (match.group(2) or "B").upper()
    power = 0 if unit == "BYTES" else "BKMGTP".index(unit[0])
    base = 1024 if "IB" in unit else 1000
    return float(match.group(1)) * base**power


def _use_sort(con: Any, pack: Packing | None, n_rows: int) -> bool:
    """Reduce in memory by sorting keys (fast) rather than by SQL hash aggregation (spills)?

    Needs the packed key, ids dense enough for per-id arrays (an id range at most twice the
    rows plus a million) and, by estimate, at most half of DuckDB's ``memory_limit``: beyond
    it the SQL aggregation runs out of core.
    """
    if _FORCE_REDUCTION != "auto":
        return _FORCE_REDUCTION == "sort" and pack is not None
    if pack is None or pack.n_ids > 2 * n_rows + 2**20:
        return False
    need = (n_rows * _SORT_BYTES_PER_ROW[pack.key_dtype.itemsize] + pack.n_ids * _SORT_BYTES_PER_ID
            + _SORT_BYTES_FIXED)
    return need <= _SORT_MEMORY_SHARE * _memory_limit_bytes(con)


def _reduce_sorted(
    con: Any, typed_sql: str, end_day: int, cal_end_day: int | None, pack: Packing
) -> dict[str, np.ndarray]:
    """Per-customer aggregates (sorted by id): DuckDB scans, types and filters the rows and
    streams each row's packed key and amount as Arrow batches; numpy reduces them
    (:func:`clvmodels.features._packed.reduce_packed`). This replaces the customer x day hash
    aggregation, the costly step of the SQL reduction, while the log fits the memory budget
    (:func:`_use_sort`).
    """
    ktype = "INTEGER" if pack.key_dtype == np.int32 else "BIGINT"
    key_sql = (f"CAST((CAST(cid AS BIGINT) - {pack.lo_id}) * {pack.span} "
               f"+ (d - {_EPOCH} - {pack.lo_day}) AS {ktype})")
    # Arrow record batches: about twice as fast as fetchnumpy, which copies the result twice
    reader = con.sql(
        f"SELECT {key_sql} AS k, amt FROM ({typed_sql}) WHERE d <= {_EPOCH} + {int(end_day)}"
    ).to_arrow_reader(1 << 20)
    keys, amts = [], []
    for batch in reader:
        keys.append(batch.column(0).to_numpy(zero_copy_only=False))
        amts.append(batch.column(1).to_numpy(zero_copy_only=False))
    kdt = pack.key_dtype
    key = np.concatenate(keys).astype(kdt, copy=False) if keys else np.empty(0, dtype=kdt)
    amt = np.concatenate(amts).astype(np.float64, copy=False) if amts else np.empty(0)
    del keys, amts, reader
    return reduce_packed(key, amt, pack, cal_end_day)


def _reduce_sql(
    con: Any,
    typed_sql: str,
    integer: bool,
    end_day: int,
    cal_end_day: int | None,
    pack: Packing | None,
) -> dict[str, np.ndarray]:
    """Per-customer aggregates (unsorted) of the validated rows dated up to ``end_day``.

    Two hash aggregations, which DuckDB runs out of core: customer x day (the day's spend),
    then customer. With a packing the key is one BIGINT, which aggregates about twice as fast
    as two key columns; the first purchase day of a customer is then its smallest key. Between
    them a window, ``lag`` over each customer's purchase days in day order, gives the days since
    the previous purchase day, whose ``ln`` the customer aggregation sums (``litt_days``).

    (A one-pass variant with per-customer day bitmaps and ``min_by(..., n)`` for the first
    day's spend was measured slower here: ``min_by`` with n keeps a heap per customer.)
    """
    where = f"d <= {_EPOCH} + {int(end_day)}"
    if pack is not None:
        span, lo_day, lo_id = pack.span, pack.lo_day, pack.lo_id
        days = (
            f"SELECT (CAST(cid AS BIGINT) - {lo_id}) * {span} + (d - {_EPOCH} - {lo_day}) AS k, "
            f"sum(amt) AS amt FROM ({typed_sql}) WHERE {where} GROUP BY k"
        )
        cid, day, first = f"k // {span} + {lo_id}", f"(k % {span} + {lo_day})", "k"
        group = f"k // {span}"
        gap = f"k - lag(k) OVER (PARTITION BY k // {span} ORDER BY k)"
    else:
        cid_expr = "CAST(cid AS BIGINT)" if integer else "cid"
        days = (
            f"SELECT {cid_expr} AS cid, d - {_EPOCH} AS day, sum(amt) AS amt FROM ({typed_sql}) "
            f"WHERE {where} GROUP BY ALL"
        )
        cid, day, first, group = "cid", "day", "day", "cid"
        gap = "day - lag(day) OVER (PARTITION BY cid ORDER BY day)"
    # days since the customer's previous purchase day (NULL on its first: ln ignores it)
    days = f"SELECT *, {gap} AS gap FROM ({days})"
    if cal_end_day is None:
        sql = (
            f"SELECT any_value({cid}) AS cid, count(*) AS n_days, min({day}) AS first_day, "
            f"max({day}) AS last_day, sum(amt) AS total, arg_min(amt, {first}) AS first_amt, "
            f"coalesce(sum(ln(gap)), 0) AS litt_days "
            f"FROM ({days}) GROUP BY {group}"
        )
    else:
        cal = f"{day} <= {int(cal_end_day)}"
        sql = (
            f"SELECT any_value({cid}) AS cid, count(*) FILTER (WHERE {cal}) AS n_days, "
            f"coalesce(min({day}) FILTER (WHERE {cal}), 0) AS first_day, "
            f"coalesce(max({day}) FILTER (WHERE {cal}), 0) AS last_day, "
            f"coalesce(sum(amt) FILTER (WHERE {cal}), 0) AS total, "
            f"coalesce(arg_min(amt, {first}) FILTER (WHERE {cal}), 0) AS first_amt, "
            f"coalesce(sum(ln(gap)) FILTER (WHERE {cal}), 0) AS litt_days, "
            f"count(*) FILTER (WHERE NOT ({cal})) AS hold_days, "
            f"coalesce(sum(amt) FILTER (WHERE NOT ({cal})), 0) AS hold_total "
            f"FROM ({days}) GROUP BY {group}"
        )
    return con.execute(sql).fetchnumpy()


def _connect(
    connection: Any, memory_limit: str | None, threads: int | None, temp_directory: str | None
) -> tuple[Any, bool]:
    import duckdb

    if connection is not None:
        con, own = connection.cursor(), True
    else:
        con, own = duckdb.connect(":memory:"), True
    if memory_limit is not None:
        con.execute(f"SET memory_limit = {_lit(memory_limit)}")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if temp_directory is not None:
        con.execute(f"SET temp_directory = {_lit(temp_directory)}")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = false")  # less memory; rows are aggregated
    return con, own


def aggregate(
    transactions: Any,
    *,
    end_day: int | None,
    cal_end_day: int | None,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
    file_format: str | None = None,
    currency: str | None = None,
    read_options: dict[str, Any] | None = None,
    memory_limit: str | None = None,
    threads: int | None = None,
    temp_directory: str | None = None,
    connection: Any = None,
) -> CustomerAggregates:
    """Validate ``transactions`` and reduce them to per-customer aggregates with DuckDB.

    Parameters
    ----------
    transactions : DataFrame, str, path or list of paths
        Canonical transactions, or Parquet/CSV file(s), folder(s) or glob(s).
    end_day : int or None
        observation_end in days since 1970-01-01; None: the last transaction date.
    cal_end_day : int or None
        calibration_end in days since 1970-01-01 for a calibration/holdout split.
    columns, date_format, file_format, currency, read_options
        See :mod:`clvmodels.features.engines`.
    memory_limit : str, optional
        DuckDB's memory limit, e.g. ``"4GB"``; above it DuckDB spills to ``temp_directory``.
    threads : int, optional
        DuckDB worker threads (default: all cores).
    temp_directory : str, optional
        Where DuckDB spills.
    connection : duckdb.DuckDBPyConnection, optional
        Run on (a cursor of) this connection, e.g. one configured for S3.

    Returns
    -------
    CustomerAggregates
    """
    names = resolve_columns(columns)
    con, own = _connect(connection, memory_limit, threads, temp_directory)
    try:
        src = _open_source(
            con, transactions, file_format=file_format, read_options=read_options,
            currency=currency,
        )
        if src.frame is not None:
            available = [str(c) for c in src.frame.columns]
        else:
            available = list(_describe(con, src.from_sql))
        for canon in ("customer_id", "date", "amount"):
            if names[canon] not in available:
                raise DataValidationError(
                    missing_column_error(src.name, canon, names[canon], available)
                )
        if src.frame is not None:
            used = list(dict.fromkeys(names.values()))
            con.register("_clv_tx", src.frame[used])
        types = _describe(con, src.from_sql)
        exprs = _expressions(con, src, names, types, date_format)
        cid_raw = exprs["cid"]
        typed = (
            f"SELECT {cid_raw} AS cid, {exprs['d']} AS d, {exprs['amt']} AS amt, "
            f"{exprs['raw_date']} AS raw_date, {exprs['raw_amount']} AS raw_amount"
        )
        typed_sql = f"{typed} FROM {src.from_sql}"
        extra = {"parquet": ", filename, file_row_number", "csv": ", filename"}.get(src.kind, "")
        typed_rows_sql = f"{typed}{extra} FROM {src.from_sql_rows}"

        t_id, t_date, t_amt = (types[names[c]] for c in ("customer_id", "date", "amount"))
        native = (
            src.kind != "csv"
            and _is_date(t_date)
            and _is_numeric(t_amt)
        )
        integer = _is_int(t_id)
        if src.frame is not None and not integer:
            integer = pd.api.types.is_integer_dtype(src.frame[names["customer_id"]].dtype)

        def full_check() -> tuple[int, Any, Any, int, int, Any, Any]:
            """Scan every row; raise on the first problem; rows, day range, id range."""
            counts = ", ".join(f"count(*) FILTER (WHERE {c[1]})" for c in _CHECKS)
            after = (f"count(*) FILTER (WHERE d > {_EPOCH} + {int(end_day)})"
                     if end_day is not None else "0")
            int_id = "TRY_CAST(cid AS BIGINT)" if src.kind == "csv" else (
                "CAST(cid AS BIGINT)" if integer else "NULL")
            non_int = (f"count(*) FILTER (WHERE cid IS NOT NULL AND {int_id} IS NULL)"
                       if src.kind == "csv" else "0")
            row = _first_row(con.execute(
                f"SELECT count(*), {counts}, min(d) - {_EPOCH}, max(d) - {_EPOCH}, {after}, "
                f"{non_int}, min({int_id}), max({int_id}) FROM ({typed_sql})"
            ))
            assert row is not None
            for check, n_bad in zip(_CHECKS, row[1:8], strict=True):
                if n_bad:
                    _raise_problem(con, src, typed_sql, typed_rows_sql, check, int(n_bad), names,
                                   date_format)
            return row[0], row[8], row[9], int(row[10]), int(row[11]), row[12], row[13]

        # Fast path for typed sources (Parquet, DataFrames): NULL counts, amount range, date and
        # id ranges come from one aggregate that DuckDB answers from Parquet statistics. Any
        # sign of trouble (and NaN amounts, which statistics do not see, surface as non-finite
        # sums below) runs the full row-by-row check, which names the rows.
        if native:
            qc, qd, qa = (_q(names[c]) for c in ("customer_id", "date", "amount"))
            ids = f"min({qc}), max({qc})" if _is_int(t_id) else "NULL, NULL"
            row = _first_row(con.execute(
                f"SELECT count(*), count({qc}), count({qd}), count({qa}), min({qa}), max({qa}), "
                f"{_date_sql(f'min({qd})', t_date)} - {_EPOCH}, "
                f"{_date_sql(f'max({qd})', t_date)} - {_EPOCH}, {ids} "
                f"FROM {src.from_sql}"
            ))
            assert row is not None
            n_rows, min_day, max_day, cmin, cmax = row[0], row[6], row[7], row[8], row[9]
            n_non_int, n_after = 0, 0
            clean = row[1] == row[2] == row[3] == n_rows and (
                n_rows == 0 or (row[4] >= 0 and np.isfinite(row[4]) and np.isfinite(row[5]))
            )
            if not clean:
                n_rows, min_day, max_day, n_after, n_non_int, cmin, cmax = full_check()
            elif end_day is not None and max_day is not None and max_day > end_day:
                after = _first_row(con.execute(
                    f"SELECT count(*), count(*) FILTER (WHERE isnan(amt)) FROM ({typed_sql}) "
                    f"WHERE d > {_EPOCH} + {int(end_day)}"
                ))
                assert after is not None
                n_after = int(after[0])
                if after[1]:
                    full_check()
        else:
            n_rows, min_day, max_day, n_after, n_non_int, cmin, cmax = full_check()
            if src.kind == "csv":
                integer = n_non_int == 0 and n_rows > 0
        if end_day is None:
            if n_rows == 0 or max_day is None:
                raise nothing_to_summarize(src.name, 0, 0)
            end_day = int(max_day)
        if cal_end_day is not None:
            check_split(cal_end_day, end_day)

        pack = packing(integer, min_day, max_day, end_day, cmin, cmax)
        if _use_sort(con, pack, int(n_rows)):
            assert pack is not None
            res = _reduce_sorted(con, typed_sql, end_day, cal_end_day, pack)
        else:
            res = _reduce_sql(con, typed_sql, integer, end_day, cal_end_day, pack)
        finite = [np.isfinite(res["total"]).all(), np.isfinite(res["first_amt"]).all()]
        if cal_end_day is not None:
            finite.append(np.isfinite(res["hold_total"]).all())
        if not all(finite):  # NaN/inf amounts that statistics could not show: name the rows
            full_check()
        index = customer_index(res["cid"], integer)
        order = index.argsort(kind="stable") if not index.is_monotonic_increasing else None

        def col(name: str, dtype: Any) -> np.ndarray:
            values = np.asarray(res[name], dtype=dtype)
            return values if order is None else values[order]

        hold = cal_end_day is not None
        return CustomerAggregates(
            customer_id=index if order is None else index[order],
            n_days=col("n_days", np.int64),
            first_day=col("first_day", np.int64),
            last_day=col("last_day", np.int64),
            total=col("total", np.float64),
            first_amount=col("first_amt", np.float64),
            litt_days=col("litt_days", np.float64),
            end_day=int(end_day),
            n_after=int(n_after),
            source=src.name,
            currency=src.currency,
            cal_end_day=cal_end_day,
            hold_days=col("hold_days", np.int64) if hold else None,
            hold_total=col("hold_total", np.float64) if hold else None,
        )
    finally:
        if own:
            con.close()
