"""The list template opened back with openpyxl: sheets, drop-down lists (the villages from the hidden sheet),
text formats, the instruction sheet in the page language; filled in and read back, every column maps."""

from __future__ import annotations

import io

import openpyxl
import pytest

from services.core import reference
from services.core.i18n import translate
from services.imports import template
from services.imports.headers import match_headers
from services.imports.reading import read_table
from services.imports.types import FIELD_BY_NAME, FIELDS
from tests.imports.support import chinese

COLUMN = {f.name: openpyxl.utils.get_column_letter(i + 1) for i, f in enumerate(FIELDS)}


@pytest.fixture(scope="module")
def book(county):
    return openpyxl.load_workbook(io.BytesIO(template.template_xlsx(county, "zh_CN")))


def _list_values(book, formula: str) -> list[str]:
    sheet_name, cells = formula.lstrip("=").split("!")
    sheet = book[sheet_name.strip("'")]
    return [c.value for row in sheet[cells.replace("$", "")] for c in row]


def test_sheets(book):
    assert book.sheetnames == ["名单", "说明", "选项"]
    assert [s.sheet_state for s in book.worksheets] == ["visible", "visible", "hidden"]
    assert book.active.title == "名单"


def test_data_sheet_headers_frozen_text_columns(book):
    sheet = book["名单"]
    assert [c.value for c in sheet[1]] == [f.header for f in FIELDS]
    assert sheet.max_row == 1  # no example row on the data sheet: it would be imported
    assert sheet.freeze_panes == "A2"
    for name in ("id_number", "phone", "household_code"):
        assert sheet.column_dimensions[COLUMN[name]].number_format == "@", name
    assert sheet.column_dimensions[COLUMN["id_number"]].width >= 20
    required = {c.value for c in sheet[1] if c.fill.fgColor.rgb == sheet["A1"].fill.fgColor.rgb}
    assert required == {f.header for f in FIELDS if f.required}


def test_drop_down_lists_come_from_the_hidden_sheet(book, county):
    sheet = book["名单"]
    lists = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert set(lists) == {f"{COLUMN[n]}2" for n in ("township", "village", "relation", "education", "trades",
                                                     "intention", "leave_constraint", "poor_household", "gender",
                                                     "willing_to_train")}
    villages = [v.name for t in county.townships for v in t.villages]
    village_list = lists[f"{COLUMN['village']}2"]
    assert village_list.formula1.startswith("'选项'!")
    assert _list_values(book, village_list.formula1) == list(dict.fromkeys(villages))
    assert str(village_list.sqref) == f"{COLUMN['village']}2:{COLUMN['village']}20001"
    assert _list_values(book, lists[f"{COLUMN['township']}2"].formula1) == [t.name for t in county.townships]
    assert _list_values(book, lists[f"{COLUMN['education']}2"].formula1) == [
        translate("zh_CN", label) for label in reference.EDUCATION_LEVELS.values()]
    assert "建筑施工" in _list_values(book, lists[f"{COLUMN['trades']}2"].formula1)  # NC_("trade", …) in context
    assert _list_values(book, lists[f"{COLUMN['poor_household']}2"].formula1) == ["是", "否", "不清楚"]
    assert _list_values(book, lists[f"{COLUMN['willing_to_train']}2"].formula1) == ["愿意", "不愿意"]
    assert lists[f"{COLUMN['trades']}2"].errorStyle == "information"  # several skills may be typed
    assert lists[f"{COLUMN['education']}2"].errorStyle in (None, "stop")
    prompts = {str(v.sqref).split(":")[0]: v.prompt for v in sheet.data_validations.dataValidation}
    assert "18" in prompts[f"{COLUMN['id_number']}2"]


@pytest.mark.parametrize(("language", "sheet_name"), [("zh_CN", "说明"), ("en", "Instructions")])
def test_instruction_sheet_in_the_page_language(county, language, sheet_name):
    book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(county, language)))
    sheet = book[sheet_name]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert translate(language, template.TITLE) in text
    for line in template.GENERAL:
        assert translate(language, line) in text
    if language == "en":
        assert "head of household" in text
    for spec in FIELDS:
        assert spec.header in text  # every column explained by its Chinese name
    assert "530627199001011235" in text  # the example sits here, not on the data sheet


def test_every_column_explained_and_every_message_translated():
    assert set(template.HOW) == set(FIELD_BY_NAME)
    for message in (template.TITLE, *template.GENERAL, *template.COLUMN_HEAD, template.REQUIRED, template.OPTIONAL,
                    *template.HOW.values(), template.EXAMPLE):
        assert chinese(message), message


def test_template_filled_in_reads_back(county):
    book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(county, "zh_CN")))
    sheet = book["名单"]
    lists = template.choice_lists(county)
    people = template.example_rows(lists)
    people.append(["王五", "53062719800101123X", "13900001111", lists["township"][-1], lists["village"][-1], "",
                   "", "", "", "", "", "", "", "", "46", "男", "", ""])
    for person in people:
        sheet.append(person)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "filled.xlsx")
    mapping = match_headers(table.headers)
    assert mapping.columns == {i: f.name for i, f in enumerate(FIELDS)}
    assert mapping.ok and mapping.unknown == ()
    assert table.row_numbers == [2, 3, 4]
    assert [list(r) for r in table.rows] == people  # ID numbers as typed, "0012" keeps its zeros
