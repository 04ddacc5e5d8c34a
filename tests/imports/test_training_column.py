"""The list's training wish (培训意愿: 愿意 / 不愿意): the header and its synonyms, the template's drop-down, a
filled-in template read back and checked (an unknown word refused beside its cell with the options), saved as
`seeker.willing_to_train`, and a later list's other answer recorded as a changed field. Both backends."""

from __future__ import annotations

import io

import openpyxl
from sqlmodel import Session, select

from models import Seeker, SeekerChange
from services.imports import template
from services.imports.checking import check_table
from services.imports.headers import match_headers
from services.imports.reading import read_table
from services.imports.saving import import_rows
from services.imports.types import FIELDS, ProblemKind
from services.places.sources import Source
from tests.imports.checking_rows import TODAY, cells


def test_the_header_and_its_synonyms_are_found() -> None:
    for header in ("培训意愿", "是否愿意参加培训", "培训需求"):
        assert match_headers(["姓名", header]).columns == {0: "name", 1: "willing_to_train"}


def test_the_template_offers_the_two_answers(county) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(county, "zh_CN")))
    column = openpyxl.utils.get_column_letter([f.name for f in FIELDS].index("willing_to_train") + 1)
    assert book["名单"][f"{column}1"].value == "培训意愿"
    assert template.choice_lists(county)["willing_to_train"] == ["愿意", "不愿意"]
    formulas = {str(v.sqref): v.formula1 for v in book["名单"].data_validations.dataValidation if v.type == "list"}
    assert any(ref.startswith(f"{column}2") for ref in formulas)


def _filled(county, wishes: list[str]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(county, "zh_CN")))
    sheet = book["名单"]
    for n, wish in enumerate(wishes, start=1):
        values = cells(n, willing_to_train=wish)
        sheet.append([values.get(f.name, "") for f in FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check(engine, vault, county, wishes: list[str]):
    table = read_table(_filled(county, wishes), "岩脚村.xlsx")
    mapping = match_headers(table.headers)
    assert mapping.columns == {i: f.name for i, f in enumerate(FIELDS)}
    return check_table(engine, vault, table, mapping, county=county, today=TODAY)


def test_the_template_round_trip_saves_the_wish(engine, vault, county) -> None:
    report = _check(engine, vault, county, ["愿意", "不愿意", "", "可能吧"])
    assert [r.draft.willing_to_train if r.draft else "refused" for r in report.rows] == [True, False, None, "refused"]
    assert ["training" in r.draft.answered if r.draft else None for r in report.rows] == [True, True, False, None]
    [problem] = [p for r in report.rows for p in r.problems]
    assert (problem.row, problem.field, problem.kind, problem.column) == (5, "willing_to_train", ProblemKind.CHOICE,
                                                                         "培训意愿")
    import_rows(engine, vault, report, staff_id=None, source=Source.direct())
    with Session(engine) as s:
        saved = {r.phone_masked[-4:]: (r.willing_to_train, "training" in r.profile_answered.split(","))
                 for r in s.exec(select(Seeker)).all()}
    assert sorted(saved.values(), key=str) == sorted([(True, True), (False, True), (None, False)], key=str)

    # the next list says the other thing: recorded as a changed field, old → new
    again = _check(engine, vault, county, ["不愿意", "愿意", "", ""])
    import_rows(engine, vault, again, staff_id=None, source=Source.direct())
    with Session(engine) as s:
        changes = sorted((c.field, c.old, c.new, c.reason) for c in s.exec(select(SeekerChange)).all()
                         if c.field == "willing_to_train")
    assert changes == [("willing_to_train", "no", "yes", "import"), ("willing_to_train", "yes", "no", "import")]
