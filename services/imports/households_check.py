"""Households in a village list: the rows that share a household code (in one township and village) must
agree on the household's size, and one of them must be its head (户主, or 本人)."""

from __future__ import annotations

from services.imports import messages as m
from services.imports.row_rules import RowFacts
from services.imports.types import CheckedRow, Message, Problem, ProblemKind

HEAD = "户主"


def check_households(rows: list[CheckedRow], facts: list[RowFacts], header: dict[str, str]) -> None:
    """Add the household problems to the rows (blocking: a household is saved with its members)."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, row in enumerate(rows):
        if row.household is not None:
            place = (facts[i].township or row.raw.get("township", ""), facts[i].village or row.raw.get("village", ""))
            groups.setdefault((*place, row.household.code), []).append(i)
    size_field = "household_size" if "household_size" in header else "household_code"
    relation_field = "relation" if "relation" in header else "household_code"
    for (_township, _village, code), members in groups.items():
        lines = [(rows[i], rows[i].household) for i in members]
        numbers = [row.row for row, _line in lines]
        sizes = sorted({line.size for _row, line in lines if line is not None and line.size is not None})
        values: dict[str, object]
        if len(sizes) > 1:
            values = {"code": code, "sizes": "、".join(map(str, sizes)), "rows": m.rows_text(numbers)}
            _add(rows, members, header, size_field, ProblemKind.HOUSEHOLD_SIZE, (m.SIZE_DISAGREES, values),
                 m.EXPECTED["household_size"])
        elif sizes and len(lines) > sizes[0]:
            values = {"code": code, "count": len(lines), "size": sizes[0]}
            _add(rows, members, header, size_field, ProblemKind.HOUSEHOLD_SIZE, (m.SIZE_TOO_SMALL, values),
                 m.EXPECTED["household_size"])
        heads = [i for i in members if (line := rows[i].household) is not None and line.relation == HEAD]
        if not heads:
            _add(rows, members, header, relation_field, ProblemKind.HOUSEHOLD_NO_HEAD,
                 (m.NO_HEAD, {"code": code, "rows": m.rows_text(numbers)}), m.EXPECTED_HEAD)
        elif len(heads) > 1:
            values = {"code": code, "count": len(heads), "rows": m.rows_text([rows[i].row for i in heads])}
            _add(rows, heads, header, relation_field, ProblemKind.HOUSEHOLD_NO_HEAD, (m.TWO_HEADS, values),
                 m.EXPECTED_HEAD)


def _add(rows: list[CheckedRow], members: list[int], header: dict[str, str], field: str, kind: ProblemKind,
         message: Message, expected: Message) -> None:
    for i in members:
        row = rows[i]
        row.problems.append(Problem(row.row, header[field], field, row.raw.get(field, ""), kind, message, expected))
