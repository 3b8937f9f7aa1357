"""Which source column becomes which column of a CRM table.

The user's mapping (``columns={"customers": {"KundenNr": "customer_id"}}``: *their* column ->
*ours*, as in ``DataFrame.rename``) is applied first; then each column the table spec names is
found by its own name or a usual other name, case-insensitively; every other column keeps its
name. A required column that cannot be found is one problem with the closest column suggested.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..validation import Problem, raise_problems
from .spec import TableSpec

__all__ = ["mapping_fix", "resolve_columns"]


def _norm(name: Any) -> str:
    return re.sub(r"[\s\-\.]+", "_", str(name).strip().lower())


def _names(names: Sequence[Any], limit: int = 8) -> str:
    shown = ", ".join(repr(str(n)) for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown or "no columns"


def mapping_fix(table: str, theirs: Any, ours: str) -> str:
    """How to map a column, in both spellings: keyword argument and ``crm.yaml``."""
    return (f"columns={{{table!r}: {{{str(theirs)!r}: {ours!r}}}}} (crm.yaml: columns: "
            f"{table}: {{{theirs}: {ours}}})")


def _closest(names: Iterable[str], candidates: Sequence[Any], cutoff: float = 0.6) -> Any | None:
    best, best_score = None, 0.0
    for cand in candidates:
        n = _norm(cand)
        for name in names:
            score = difflib.SequenceMatcher(None, n, _norm(name)).ratio()
            if score > best_score:
                best, best_score = cand, score
    return best if best_score >= cutoff else None


def resolve_columns(
    available: Iterable[Any],
    spec: TableSpec,
    rename: Mapping[Any, Any] | None,
    *,
    source: str,
) -> dict[str, Any]:
    """``{our name: source column}`` for every column of the source, in the source's order.

    Raises
    ------
    DataValidationError
        A mapped column is not in the source, two columns get one name, or a required column is
        not found (the message suggests the closest column and the mapping that fixes it).
    """
    available = list(available)
    by_norm: dict[str, Any] = {}
    for name in available:
        by_norm.setdefault(_norm(name), name)
    problems: list[Problem] = []
    ours_of: dict[Any, str] = {}  # source column -> our name
    for theirs, ours in dict(rename or {}).items():
        col = theirs if theirs in available else by_norm.get(_norm(theirs))
        if col is None:
            problems.append(_unknown_mapping(spec, theirs, ours, available, by_norm))
            continue
        if not isinstance(ours, str) or not ours:
            problems.append(Problem(
                column=None, what=f"the mapping {str(theirs)!r}: {ours!r} does not give a "
                f"column name", fix=f"map it to a name, e.g. {mapping_fix(spec.name, col, 'x')}",
            ))
            continue
        taken = next((c for c, o in ours_of.items() if o == ours), None)
        if taken is not None:
            problems.append(Problem(
                column=ours, what=f"both {str(taken)!r} and {str(col)!r} are mapped to it",
                fix="map only one source column to each name",
            ))
            continue
        ours_of[col] = ours
    # spec columns not mapped: their own name first (every column), then usual other names
    named = set(ours_of.values())
    for pass_synonyms in (False, True):
        for column in spec.columns:
            if column in named:
                continue
            candidates = spec.names_for(column) if pass_synonyms else (column,)
            for name in candidates:
                col = by_norm.get(_norm(name))
                if col is not None and col not in ours_of:
                    ours_of[col] = column
                    named.add(column)
                    break
    mapped_wrong = {p.column for p in problems}
    for column in spec.required:
        if column not in named and column not in mapped_wrong:
            problems.append(_missing_required(spec, column, available, ours_of))
    raise_problems(problems, source)
    out: dict[str, Any] = {}
    for col in available:
        ours = ours_of.get(col, str(col))
        if ours in out:
            raise_problems([Problem(
                column=ours,
                what=f"two source columns would both be called {ours!r}: {str(out[ours])!r} "
                f"and {str(col)!r}",
                fix=f"rename or drop one of them, or map the other to its own name, e.g. "
                f"{mapping_fix(spec.name, col, ours + '_2')}",
            )], source)
        out[ours] = col
    return out


def _unknown_mapping(
    spec: TableSpec, theirs: Any, ours: Any, available: list[Any], by_norm: dict[str, Any]
) -> Problem:
    """A mapping whose source column is not there (maybe written the other way round)."""
    reversed_col = by_norm.get(_norm(ours)) if isinstance(ours, str) else None
    if reversed_col is not None and str(theirs) in spec.columns:
        return Problem(
            column=str(theirs),
            what=f"the mapping {str(theirs)!r}: {ours!r} is written the other way round (the "
            f"source has {str(reversed_col)!r}, and {str(theirs)!r} is our name)",
            fix=f"write your column first: {mapping_fix(spec.name, reversed_col, str(theirs))}",
            brief="mapping written the other way round",
        )
    close = _closest([str(theirs)], available)
    fix = (f"did you mean {str(close)!r}? {mapping_fix(spec.name, close, str(ours))}"
           if close is not None else "map a column the source has")
    return Problem(
        column=str(ours) if isinstance(ours, str) else None,
        what=f"mapped from {str(theirs)!r}, which is not a column of the source (it has "
        f"{_names(available)})",
        fix=fix,
        brief=f"mapped from {str(theirs)!r}, not in the source",
    )


def _missing_required(
    spec: TableSpec, column: str, available: list[Any], ours_of: dict[Any, str]
) -> Problem:
    unused = [c for c in available if c not in ours_of]
    close = _closest(spec.names_for(column), unused)
    looked = ", ".join(repr(n) for n in spec.names_for(column)[:4])
    if close is not None:
        fix = (f"did you mean {str(close)!r}? rename it to {column!r} or map it: "
               f"{mapping_fix(spec.name, close, column)}")
    else:
        fix = f"add the column, or map yours: {mapping_fix(spec.name, 'your column', column)}"
    return Problem(
        column=column,
        what=f"required column not found; looked for {looked} and other usual names; the "
        f"source has {_names(available)}",
        fix=fix,
        brief="not found" + (f" (closest: {str(close)!r})" if close is not None else ""),
    )
