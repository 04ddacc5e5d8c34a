"""The error workbook sent back to a village: the rows left out of an import, with the file's own columns as
typed and one more column, "问题", saying in plain words what is wrong with each (row, column, value, what
is expected). Fixed and uploaded again, it imports like any list (the extra column is ignored).
It holds ID numbers: pages offer it only through components/private_download.py."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter

from services.core.errors import Message, message_parts
from services.core.i18n import N_, translate
from services.imports.types import CheckReport, Problem

SHEET = "名单"  # like the template's: uploaded again, it is read as a list
PROBLEMS_HEADER = {"zh_CN": "问题", "en": "Problems"}
TEXT_FIELDS = ("id_number", "phone", "household_code")
ROW_LINE = N_("Row {row}:")
PROBLEM_LINE = N_("{column} “{value}”: {message}")
BLANK_VALUE = N_("(empty)")
EXPECTED = N_("Expected: {expected}")
WARNING = N_("(warning, the row can still be imported)")


def _text(language: str, message: Message) -> str:
    message_id, values = message_parts(message)
    if not message_id:
        return ""
    shown = {k: translate(language, v) if isinstance(v, str) else v for k, v in values.items()}
    try:
        return translate(language, message_id, **shown)
    except (KeyError, IndexError, ValueError):  # a value the message does not name: show the message alone
        return translate(language, message_id)


def problem_text(problem: Problem, language: str = "zh_CN") -> str:
    """One problem in plain words: column, value as typed, what is wrong, what is expected."""
    value = problem.value if problem.value.strip() else translate(language, BLANK_VALUE)
    line = translate(language, PROBLEM_LINE, column=problem.column, value=value,
                     message=_text(language, problem.message))
    expected = _text(language, problem.expected)
    if expected:
        line += " " + translate(language, EXPECTED, expected=expected)
    if not problem.blocking:
        line += " " + translate(language, WARNING)
    return line


def row_problems_text(row: int, problems: Iterable[Problem], language: str = "zh_CN") -> str:
    """Every problem of one row, blocking ones first, one per line after the row number."""
    ordered = sorted(problems, key=lambda p: not p.blocking)
    return "\n".join([translate(language, ROW_LINE, row=row), *(problem_text(p, language) for p in ordered)])


def error_workbook(report: CheckReport, *, left_out_rows: Iterable[int] | None = None,
                   language: str = "zh_CN") -> bytes:
    """The left-out rows (default: every row that is not valid) with the original headers and a problems
    column; ID numbers, phones and household codes are written and formatted as text; cells with a blocking
    problem are shaded."""
    table = report.table
    checked = {r.row: r for r in report.rows}
    wanted = set(left_out_rows) if left_out_rows is not None else {r.row for r in report.rows if not r.valid}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(SHEET)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "num_format": "@"})  # text, as the cells
    text = book.add_format({"num_format": "@"})
    marked = book.add_format({"num_format": "@", "bg_color": "#FFE699"})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#C00000"})
    text_columns = {i for i, name in report.mapping.columns.items() if name in TEXT_FIELDS}
    index_of = {h: i for i, h in enumerate(table.headers)}
    for col, header in enumerate(table.headers):
        sheet.write_string(0, col, header, head)
        sheet.set_column(col, col, 22 if col in text_columns else 12, text)
    problems_col = len(table.headers)
    sheet.write_string(0, problems_col, PROBLEMS_HEADER.get(language, "问题"), head)
    sheet.set_column(problems_col, problems_col, 60, wrap)
    sheet.freeze_panes(1, 0)
    out = 1
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        if number not in wanted:
            continue
        row = checked.get(number)
        problems = row.problems if row else []
        bad = {index_of[p.column] for p in problems if p.blocking and p.column in index_of}
        for col, value in enumerate(cells):
            style = marked if col in bad else text
            if value:
                sheet.write_string(out, col, value, style)
            elif col in bad:
                sheet.write_blank(out, col, None, style)
        sheet.write_string(out, problems_col, row_problems_text(number, problems, language), wrap)
        out += 1
    book.close()
    return buffer.getvalue()
