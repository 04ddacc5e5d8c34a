"""The list template a village fills in: an .xlsx with the Chinese headers the matching expects (in any page
language), ID number, mobile and household code columns formatted as text (Excel would turn an ID number
into 5.30627E+17), drop-down lists whose choices come from a hidden sheet (no 255-character limit), and an
instruction sheet in the page's language with an example. The example sits on the instruction sheet, never
on the data sheet (it would be imported)."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from models.household import HEAD
from services.core import reference
from services.core.i18n import N_, normalize_language, translate
from services.imports.choices import TRAINING_WISH
from services.imports.households import RELATIONS
from services.imports.types import FIELDS
from services.places.county import County

DATA_SHEET = "名单"
LISTS_SHEET = "选项"  # hidden: the drop-down lists' choices
TEXT_FIELDS = ("id_number", "phone", "household_code")  # formatted as text: digits kept as typed
HEAD_RELATION = HEAD
TRADE_SEPARATOR = "、"
ROWS = 20_000  # drop-down lists and text formats reach this far down
WIDTHS = {"name": 10, "id_number": 22, "phone": 15, "township": 12, "village": 14, "household_code": 10,
          "relation": 12, "household_size": 11, "household_income": 14, "education": 16, "trades": 22, "intention": 24,
          "expected_wage": 10, "leave_constraint": 26, "poor_household": 11, "age": 6, "gender": 6,
          "willing_to_train": 11}

INSTRUCTIONS_SHEET = {"zh_CN": "说明", "en": "Instructions"}
TITLE = N_("How to fill in the list")
GENERAL = (
    N_("Fill in the sheet “名单”: one row per person. Do not change the first row (the column names) and "
       "do not leave empty rows between people."),
    N_("The columns with an orange name must be filled in: name, ID number, mobile number, township and village. "
       "The other columns may stay empty."),
    N_("Where a cell has a drop-down list, choose from it. For several skills, write them one after the other, "
       "separated by “、”."),
    N_("ID number: 18 characters: 17 digits, then a digit or the letter X. Mobile number: 11 digits. "
       "These columns are text: type them as they are, do not turn them into numbers."),
    N_("Household: give every member of one household the same household code. Write “户主” as the relation "
       "of the head of household. Household members: how many people live in the household, the same number "
       "on every member's row."),
    N_("Upload the saved file (.xlsx) on the import page. Every problem is shown with its row and column before "
       "anything is saved."),
)
COLUMN_HEAD = (N_("Column"), N_("Must be filled in"), N_("How to write it"))
REQUIRED = N_("Required")
OPTIONAL = N_("Optional")
HOW = {
    "name": N_("The name as on the ID card."),
    "id_number": N_("18 characters: 17 digits, then a digit or X."),
    "phone": N_("11 digits, starting with 1."),
    "township": N_("Choose from the list."),
    "village": N_("Choose from the list (the villages of every township)."),
    "household_code": N_("The same code for everyone in one household, e.g. the village's household number."),
    "relation": N_("“户主” for the head of household; otherwise e.g. 配偶, 子, 女."),
    "household_size": N_("How many people live in the household (a number)."),
    "household_income": N_("Yuan a year, a number, e.g. 36000: the wage income of the whole household this "
                           "year, the same number on every member's row. May stay empty."),
    "education": N_("Choose from the list."),
    "trades": N_("Choose from the list; several separated by “、”."),
    "intention": N_("Choose from the list."),
    "expected_wage": N_("Yuan per month, a number, e.g. 4000."),
    "leave_constraint": N_("Choose from the list."),
    "poor_household": N_("Choose from the list: 是, 否 or 不清楚."),
    "age": N_("May stay empty: the age comes from the ID number."),
    "gender": N_("May stay empty: the gender comes from the ID number."),
    "willing_to_train": N_("Choose from the list: 愿意 (wants skills training) or 不愿意."),
}
EXAMPLE = N_("Example (do not copy it into the list):")
EXAMPLE_ROWS = (
    ("张伟", "530627199001011235", "13812345678", None, None, "0012", HEAD_RELATION, "3",
     "junior", "welding", "go_out", "4500", "none", "yes", "", "", "36000", "yes"),
    ("李芳", "530627199203041528", "13987654321", None, None, "0012", "配偶", "3",
     "primary", "housekeeping", "nearby", "3000", "care", "yes", "", "", "36000", "no"),
)


def choice_lists(county: County) -> dict[str, list[str]]:
    """The drop-down lists' words, in Chinese (the data is written in Chinese whatever the page language)."""

    def zh(labels: dict[str, str]) -> list[str]:
        return [translate("zh_CN", label) for label in labels.values()]

    return {
        "township": [t.name for t in county.townships],
        "village": list(dict.fromkeys(v.name for t in county.townships for v in t.villages)),
        "relation": list(RELATIONS),
        "education": zh(reference.EDUCATION_LEVELS),
        "trades": zh(reference.TRADES),
        "intention": zh(reference.INTENTIONS),
        "leave_constraint": zh(reference.LEAVE_CONSTRAINTS),
        "poor_household": zh(reference.POOR_HOUSEHOLD),
        "gender": zh(reference.GENDERS),
        "willing_to_train": zh(TRAINING_WISH),
    }


# how strictly a list holds: "stop" refuses other words; "warning" asks; "information" only tells
STRICTNESS = {"trades": "information", "relation": "information", "village": "warning"}


def template_xlsx(county: County, language: str) -> bytes:
    """The template: data sheet, instruction sheet (in `language`), hidden sheet of choices."""
    language = normalize_language(language)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
    head_required = book.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1, "text_wrap": True,
                                     "valign": "vcenter"})
    text = book.add_format({"num_format": "@"})
    data = book.add_worksheet(DATA_SHEET)
    notes = book.add_worksheet(INSTRUCTIONS_SHEET[language])
    lists_sheet = book.add_worksheet(LISTS_SHEET)
    lists = choice_lists(county)
    data.freeze_panes(1, 0)
    data.set_row(0, 30)
    for col, spec in enumerate(FIELDS):
        data.write_string(0, col, spec.header, head_required if spec.required else head)
        data.set_column(col, col, WIDTHS.get(spec.name, 12), text if spec.name in TEXT_FIELDS else None)
        hint = {"input_title": spec.header[:32], "input_message": translate(language, HOW[spec.name])[:255]}
        if spec.name in lists:
            source = list_source(list(lists).index(spec.name), len(lists[spec.name]))
            data.data_validation(1, col, ROWS, col, {
                "validate": "list", "source": source, "error_type": STRICTNESS.get(spec.name, "stop"), **hint})
        else:
            data.data_validation(1, col, ROWS, col, {"validate": "any", **hint})
    for list_col, values in enumerate(lists.values()):
        lists_sheet.write_column(0, list_col, values or [""])
    lists_sheet.hide()
    _instructions(book, notes, language, lists)
    data.activate()
    book.close()
    return buffer.getvalue()


def list_source(list_col: int, length: int) -> str:
    """The formula naming a list on the hidden sheet: a list inline in the validation would be limited to
    255 characters (a county's villages are far more)."""
    letter = xlsxwriter.utility.xl_col_to_name(list_col)
    return f"='{LISTS_SHEET}'!${letter}$1:${letter}${max(1, length)}"


def _instructions(book: Any, ws: Any, language: str, lists: dict[str, list[str]]) -> None:
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    plain = book.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 70)
    ws.write_string(0, 0, translate(language, TITLE), title)
    row = 2
    for n, line in enumerate(GENERAL, start=1):
        ws.merge_range(row, 0, row, 2, f"{n}. {translate(language, line)}", plain)
        ws.set_row(row, 36)
        row += 1
    row += 1
    for col, label in enumerate(COLUMN_HEAD):
        ws.write_string(row, col, translate(language, label), bold)
    for spec in FIELDS:
        row += 1
        ws.write_string(row, 0, spec.header, wrap)
        ws.write_string(row, 1, translate(language, REQUIRED if spec.required else OPTIONAL), wrap)
        ws.write_string(row, 2, translate(language, HOW[spec.name]), wrap)
    row += 2
    ws.write_string(row, 0, translate(language, EXAMPLE), book.add_format({"bold": True}))
    row += 1
    for col, spec in enumerate(FIELDS):
        ws.write_string(row, col, spec.header, bold)
    for example in example_rows(lists):
        row += 1
        for col, value in enumerate(example):
            ws.write_string(row, col, value)


def example_rows(lists: dict[str, list[str]]) -> list[list[str]]:
    """The instruction sheet's example people, with the county's first township and village."""
    township = lists["township"][0] if lists["township"] else ""
    village = lists["village"][0] if lists["village"] else ""
    out = []
    for example in EXAMPLE_ROWS:
        values = dict(zip([f.name for f in FIELDS], example, strict=True))
        values["township"], values["village"] = township, village
        for name, labels in (("education", reference.EDUCATION_LEVELS), ("trades", reference.TRADES),
                             ("intention", reference.INTENTIONS), ("leave_constraint", reference.LEAVE_CONSTRAINTS),
                             ("poor_household", reference.POOR_HOUSEHOLD), ("willing_to_train", TRAINING_WISH)):
            values[name] = translate("zh_CN", labels[str(values[name])])
        out.append([values[f.name] or "" for f in FIELDS])
    return out

