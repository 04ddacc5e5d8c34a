"""The dry run: every row of a village list checked before anything is written.

`check_table` reads each row as a registration with the registration's own rules (row_rules.py), then
looks across rows and at the database: households (households_check.py), the same person twice and the
people already registered (duplicates.py: one query per thousand ID numbers, one for the likely
duplicates; never one per row). `summarize` groups the problems by column and kind for a page (a
20,000-row file gives tens of lines); `apply_edits` takes the fix-in-place editor's changes for a
second check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from importlib import import_module

from sqlmodel import Session

from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import read_only
from services.core.errors import FieldErrors
from services.imports import duplicates
from services.imports import messages as m
from services.imports.cells import is_blank
from services.imports.households_check import check_households
from services.imports.row_rules import RowChecker, RowFacts
from services.imports.types import (
    FIELD_BY_NAME,
    CheckedRow,
    CheckReport,
    ColumnProblems,
    HeaderMapping,
    Problem,
    ProblemKind,
    Progress,
    RawTable,
    RepairKind,
)
from services.places.county import County

__all__ = ["apply_edits", "check_table", "problem_counts", "repair_counts", "summarize"]

PROGRESS_EVERY = 500  # rows between two progress reports


@read_only
def check_table(session: Session, vault: Vault, table: RawTable, mapping: HeaderMapping, *, county: County,
                today: date | None = None, progress: Progress | None = None,
                township: str | None = None) -> CheckReport:
    """Check every row (a row whose mapped cells are all empty is skipped: Excel's trailing rows).

    `township`: the list is imported for this township only (a township staff member's scope,
    `accounts.township`): a row of another township is refused, saying whose it is.

    Raises FieldErrors({"columns": …}) when a required column is missing (the mapping is not `ok`)."""
    if not mapping.ok:
        labels = "、".join(FIELD_BY_NAME[f].header if f in FIELD_BY_NAME else f for f in mapping.missing)
        raise FieldErrors({"columns": (m.MISSING_COLUMNS, {"columns": labels})})
    today = today or local_today()
    checker = RowChecker(table, mapping, county, today)
    total = len(table.rows)
    rows: list[CheckedRow] = []
    facts: list[RowFacts] = []
    for done, (number, values) in enumerate(zip(table.row_numbers, table.rows, strict=True), start=1):
        raw = checker.cells(values)
        if not all(is_blank(v) for v in raw.values()):
            row, fact = checker.check(number, raw)
            rows.append(row)
            facts.append(fact)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    if progress is not None and total == 0:
        progress(0, 0)
    if township is not None:
        _other_townships(rows, facts, checker.header, township)
    check_households(rows, facts, checker.header)
    duplicates.in_file(rows, facts, checker.header)
    digests = duplicates.registered(session, vault, rows, facts, checker.header)
    duplicates.likely(session, rows, facts, digests, checker.header)
    return CheckReport(table=table, mapping=mapping, rows=rows)


def _other_townships(rows: list[CheckedRow], facts: list[RowFacts], header: dict[str, str], township: str) -> None:
    for row, fact in zip(rows, facts, strict=True):
        if fact.township is not None and fact.township != township:
            row.problems.append(Problem(row.row, header["township"], "township", row.raw.get("township", ""),
                                        ProblemKind.OTHER_TOWNSHIP,
                                        (m.OTHER_TOWNSHIP, {"township": fact.township, "yours": township}),
                                        (m.EXPECTED_YOUR_TOWNSHIP, {"township": township})))


def summarize(report: CheckReport, *, examples: int = 5) -> list[ColumnProblems]:
    """The problems grouped by (column, kind): a count and the first `examples` of each, the largest
    group first (equal counts: the group met first in the file)."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in report.problems:
        groups.setdefault((problem.column, problem.field, problem.kind), []).append(problem)
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))  # stable: first met first among equals
    return [ColumnProblems(column=column, field=field, kind=problems[0].kind, count=len(problems),
                           examples=tuple(sorted(problems, key=lambda p: p.row)[:examples]))
            for (column, field, _kind), problems in ordered]


def repair_counts(report: CheckReport) -> dict[RepairKind, int]:
    """How many cells each kind of repair changed, the most first."""
    return dict(Counter(r.kind for r in report.repairs).most_common())


def apply_edits(table: RawTable, edits: dict[int, dict[str, str]], *,
                mapping: HeaderMapping | None = None) -> RawTable:
    """A new table with the edited cells (row number -> field -> new text), for checking again.

    The field's column is found by `mapping` (default: the headers matched again); a field with no
    column gets one at the end, under the template's header (match the headers again to check it)."""
    if mapping is None:
        headers_module = import_module("services.imports.headers")  # the reading step's loose matching
        mapping = headers_module.match_headers(table.headers)
    column = {f: i for i, f in sorted(mapping.columns.items(), reverse=True)}  # the first column of a field
    headers = list(table.headers)
    for f in sorted({f for changes in edits.values() for f in changes} - set(column)):
        if f not in FIELD_BY_NAME:
            raise ValueError(f"not an import field: {f!r}")
        column[f] = len(headers)
        headers.append(FIELD_BY_NAME[f].header)
    position = {number: k for k, number in enumerate(table.row_numbers)}
    unknown = set(edits) - set(position)
    if unknown:
        raise ValueError(f"no such rows in the table: {sorted(unknown)}")
    width = len(headers)
    rows = list(table.rows) if width == len(table.headers) else [r + ("",) * (width - len(r)) for r in table.rows]
    for number, changes in edits.items():
        cells = list(rows[position[number]]) + [""] * (width - len(rows[position[number]]))
        for f, text in changes.items():
            cells[column[f]] = text
        rows[position[number]] = tuple(cells)
    return replace(table, headers=tuple(headers), rows=rows, row_numbers=list(table.row_numbers))


def problem_counts(problems: Iterable[Problem]) -> dict[str, int]:
    """How many problems of each kind (the CLI's "problems": {kind: count})."""
    return dict(Counter(str(p.kind) for p in problems).most_common())
