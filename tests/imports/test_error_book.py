"""The error workbook for a village: original headers plus "问题", one row per left-out row, every problem in
plain Chinese, ID numbers and phones as text; uploaded again it reads as a list. No database."""

from __future__ import annotations

import io

import openpyxl

from services.core.i18n import translate
from services.imports import error_book
from services.imports.error_book import error_workbook, problem_text
from services.imports.headers import match_headers
from services.imports.reading import read_table
from services.imports.types import CheckedRow, CheckReport, Problem, ProblemKind, RawTable
from tests.imports.support import chinese

HEADERS = ("序号", "姓名", "身份证号码", "联系电话", "乡镇", "村")
ID_LENGTH = "An ID number has 18 characters. Please check for missing or extra digits."
PHONE = "A mobile number is 11 digits starting with 1."
ID_EXPECTED = "18 characters: 17 digits, then a digit or X."
DRAFT = object()  # stands for a RegistrationDraft: the row is valid


def _report() -> CheckReport:
    rows = [("1", "张伟", "530627199001011235", "13812345678", "城关镇", "东村"),
            ("2", "李芳", "53062719920304152", "1398765432", "城关镇", "东村"),
            ("3", "王五", "010203199001011234", "13900001111", "城关镇", "西村"),
            ("4", "赵六", "530627200102030012", "", "城关镇", "东村")]
    table = RawTable(headers=HEADERS, rows=rows, row_numbers=[3, 4, 6, 7], file_name="东村.xlsx", sha256="0" * 64,
                     kind="xlsx")
    checked = [
        CheckedRow(row=3, raw={}, draft=DRAFT),  # type: ignore[arg-type]
        CheckedRow(row=4, raw={}, draft=None, problems=[
            Problem(4, "身份证号码", "id_number", "53062719920304152", ProblemKind.ID_LENGTH, ID_LENGTH, ID_EXPECTED),
            Problem(4, "联系电话", "phone", "1398765432", ProblemKind.PHONE, PHONE)]),
        CheckedRow(row=6, raw={}, draft=DRAFT, problems=[  # type: ignore[arg-type]
            Problem(6, "姓名", "name", "王五", ProblemKind.LIKELY_DUPLICATE,
                    ("Maybe the same person as {who}, registered {when}.", {"who": "王*", "when": "2026-10-01"}),
                    blocking=False)]),
        CheckedRow(row=7, raw={}, draft=None, problems=[
            Problem(7, "联系电话", "phone", "", ProblemKind.BLANK, "Please enter your mobile number.")]),
    ]
    return CheckReport(table=table, mapping=match_headers(HEADERS), rows=checked)


def _open(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_left_out_rows_with_their_problems():
    sheet = _open(error_workbook(_report()))
    assert [c.value for c in sheet[1]] == [*HEADERS, "问题"]
    assert sheet.max_row == 3  # the two rows that are not valid
    assert [c.value for c in sheet[2]][:6] == ["2", "李芳", "53062719920304152", "1398765432", "城关镇", "东村"]
    assert sheet["A3"].value == "4" and sheet["D3"].value is None  # an empty cell stays empty
    problems = sheet["G2"].value
    assert problems.splitlines()[0] == translate("zh_CN", error_book.ROW_LINE, row=4)
    assert "身份证号码" in problems and "“53062719920304152”" in problems and "1398765432" in problems
    assert translate("zh_CN", ID_LENGTH) in problems and translate("zh_CN", ID_EXPECTED) in problems
    assert translate("zh_CN", error_book.BLANK_VALUE) in sheet["G3"].value
    assert sheet.freeze_panes == "A2"


def test_ids_and_phones_stay_text():
    sheet = _open(error_workbook(_report()))
    for cell in ("C2", "D2"):
        assert sheet[cell].data_type == "s" and sheet[cell].number_format == "@"
    assert sheet["C2"].fill.fgColor.rgb.endswith("FFE699")  # a cell with a problem is shaded
    assert not sheet["B2"].fill.fgColor.rgb.endswith("FFE699")


def test_chosen_rows_include_warnings():
    sheet = _open(error_workbook(_report(), left_out_rows=[6, 7]))
    assert [sheet["B2"].value, sheet["B3"].value] == ["王五", "赵六"]
    warning = sheet["G2"].value
    assert "王*" in warning and "2026-10-01" in warning
    assert translate("zh_CN", error_book.WARNING) in warning


def test_problem_text_in_plain_chinese():
    problem = _report().rows[1].problems[0]
    text = problem_text(problem)
    assert text.startswith("身份证号码")
    assert translate("zh_CN", ID_LENGTH) != ID_LENGTH  # the validator's message has its Chinese
    assert translate("zh_CN", ID_LENGTH) in text
    english = problem_text(problem, "en")
    assert english == f"身份证号码 “53062719920304152”: {ID_LENGTH} Expected: {ID_EXPECTED}"


def test_read_back_as_a_list():
    table = read_table(error_workbook(_report()), "back.xlsx")
    assert table.headers == (*HEADERS, "问题")
    assert table.rows[0][:6] == _report().table.rows[1]
    mapping = match_headers(table.headers)
    assert mapping.ok and "问题" in mapping.unknown


def test_messages_translated():
    for message in (error_book.ROW_LINE, error_book.PROBLEM_LINE, error_book.BLANK_VALUE, error_book.EXPECTED,
                    error_book.WARNING):
        assert chinese(message), message
