"""The dry run on a generated messy list: every kind of problem and repair, each a known number of times
(on SQLite and on PostgreSQL: the check reads the database for people already registered)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from services.core.errors import FieldErrors
from services.imports.checking import apply_edits, check_table, repair_counts, summarize
from services.imports.types import HeaderMapping, ProblemKind, RepairKind
from tests.imports.checking_rows import (
    MAPPING,
    TODAY,
    bad_birth_id,
    cells,
    id_of,
    table,
    wrong_check,
)

K = ProblemKind
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def messy_rows() -> list[dict[str, str]]:
    """Valid rows, rows repaired without doubt, and rows with problems: see EXPECTED_* below."""
    rows = [cells(n) for n in range(10)]  # 10 clean rows (rows 2-11)
    rows += [
        # repairs, the rows stay valid (rows 12-18)
        cells(10, name=" 李明 "),  # SPACES
        cells(11, id_number=id_of(11).translate(FULL_WIDTH_DIGITS)),  # FULL_WIDTH
        cells(15, id_number=id_of(15).lower()),  # …030x: LOWER_X
        cells(12, phone="+86 139-0000-0012"),  # PHONE_FORMAT
        cells(13, phone="１３９００００００１３"),  # FULL_WIDTH
        cells(14, township="大河", village="岩脚"),  # PLACE_NAME ×2
        cells(16, phone="139 0000 0016"),  # PHONE_FORMAT
        # problems of the row itself (rows 19-36)
        cells(20, name=""),  # BLANK
        cells(21, phone="   "),  # BLANK
        cells(22, name="王2兰"),  # NAME
        cells(23, id_number=id_of(23)[:17]),  # ID_LENGTH
        cells(24, id_number=bad_birth_id(24)),  # ID_BIRTH_DATE
        cells(25, id_number=wrong_check(id_of(25))),  # ID_CHECK
        cells(26, id_number=id_of(26, born=date(2015, 6, 1))),  # UNDER_16
        cells(27, id_number=id_of(27, born=date(1985, 3, 12)), age="30"),  # AGE_MISMATCH (41 years old)
        cells(28, id_number=id_of(28, gender="F"), gender="男"),  # GENDER_MISMATCH
        cells(29, phone="1390000002"),  # PHONE: a digit missing
        cells(30, phone="139000000300"),  # PHONE: a digit too many
        cells(31, township="大湖乡"),  # UNKNOWN_TOWNSHIP (大河乡?)
        cells(32, village="岩角村"),  # UNKNOWN_VILLAGE (岩脚村?)
        cells(33, township="城关镇", village="岩脚村"),  # UNKNOWN_VILLAGE: it is in 大河乡
        cells(34, education="幼儿园"),  # CHOICE
        cells(35, trades="电焊、修车"),  # CHOICE
        cells(36, intention="随缘"),  # CHOICE
        cells(37, expected_wage="4"),  # WAGE (4,000?)
        # ages and genders that agree (rows 37-38): the age now, or this year minus the birth year
        cells(38, id_number=id_of(38, born=date(1985, 12, 30)), age="40", gender="女" if 38 % 2 else "男"),
        cells(39, id_number=id_of(39, born=date(1985, 12, 30)), age="41岁"),
        # one answer of a pair: a warning, the row is saved without both (row 39)
        cells(40, leave_constraint=""),  # BLANK, not blocking
        # households (rows 40-46): H1 sizes disagree, H2 has no head, H3 is fine
        cells(41, household_code="H1", relation="户主", household_size="4"),
        cells(42, household_code="H1", relation="配偶", household_size="4"),
        cells(43, household_code="H1", relation="子女", household_size="5"),
        cells(44, household_code="H2", relation="配偶", household_size="3"),
        cells(45, household_code="H2", relation="子女", household_size="3"),
        cells(46, household_code="H3", relation="本人", household_size="2"),
        cells(47, household_code="H3", relation="子女", household_size="2"),
        # the same ID number twice (rows 47-48); names that sound alike, same village and birth (rows 49-50)
        cells(48, id_number=id_of(48)),
        cells(49, id_number=id_of(48), phone="13900000999"),
        cells(50, name="张伟", id_number=id_of(50, born=date(1990, 1, 1))),
        cells(51, name="张玮", id_number=id_of(51, born=date(1990, 1, 1))),
        # a row with nothing in it: skipped (row 51)
        {},
    ]
    return rows


EXPECTED_PROBLEMS = Counter({
    K.BLANK: 3, K.NAME: 1, K.ID_LENGTH: 1, K.ID_BIRTH_DATE: 1, K.ID_CHECK: 1, K.UNDER_16: 1,
    K.AGE_MISMATCH: 1, K.GENDER_MISMATCH: 1, K.PHONE: 2, K.UNKNOWN_TOWNSHIP: 1, K.UNKNOWN_VILLAGE: 2,
    K.CHOICE: 3, K.WAGE: 1, K.HOUSEHOLD_SIZE: 3, K.HOUSEHOLD_NO_HEAD: 2, K.DUPLICATE_IN_FILE: 2,
    K.LIKELY_DUPLICATE: 2,
})
EXPECTED_REPAIRS = {RepairKind.SPACES: 1, RepairKind.FULL_WIDTH: 2, RepairKind.LOWER_X: 1,
                    RepairKind.PHONE_FORMAT: 2, RepairKind.PLACE_NAME: 2}
BLOCKED_ROWS = 18 + 3 + 2 + 2  # the row problems, the households H1 and H2, the duplicated ID number


@pytest.fixture
def report(engine, vault, county):
    return check_table(engine, vault, table(messy_rows()), MAPPING, county=county, today=TODAY)


def test_every_kind_counted_exactly(report) -> None:
    assert Counter(p.kind for p in report.problems) == EXPECTED_PROBLEMS
    assert repair_counts(report) == EXPECTED_REPAIRS
    assert len(report.rows) == len(messy_rows()) - 1  # the empty row is skipped
    assert len(report.rows) - len(report.valid_rows) == BLOCKED_ROWS
    warnings = [p for p in report.problems if not p.blocking]
    assert Counter(p.kind for p in warnings) == {K.LIKELY_DUPLICATE: 2, K.BLANK: 1}


def _row(report, number):
    return next(r for r in report.rows if r.row == number)


def _problem(report, number):
    (problem,) = _row(report, number).problems
    return problem


def test_problems_say_row_column_value_and_what_is_expected(report) -> None:
    township = _problem(report, 30)
    assert (township.column, township.field, township.value) == ("乡镇", "township", "大湖乡")
    assert township.message == ("The county has no township of this name. Did you mean {suggestion}?",
                                {"suggestion": "大河乡"})
    assert township.expected
    village = _problem(report, 31)
    assert village.message[1] == {"township": "大河乡", "suggestion": "岩脚村"}
    elsewhere = _problem(report, 32)
    assert elsewhere.message[1] == {"township": "城关镇", "village": "岩脚村", "other": "大河乡"}
    age = _problem(report, 26)
    assert age.message[1] == {"birth": "1985-03-12", "age": 41, "typed": 30}
    assert _problem(report, 22).kind == K.ID_LENGTH and _problem(report, 22).value == id_of(23)[:17]
    wage = _problem(report, 36)
    assert wage.message[1]["suggestion"] == "4,000"
    trades = _problem(report, 34)
    assert trades.message == ("Not a trade on the list: {unknown}.", {"unknown": "修车"})


def test_repairs_are_before_and_after_and_the_rows_stay_valid(report) -> None:
    rows = [_row(report, n) for n in range(12, 19)]
    assert all(r.valid for r in rows)
    pairs = [(x.field, x.before, x.after, x.kind) for r in rows for x in r.repairs]
    assert ("name", " 李明 ", "李明", RepairKind.SPACES) in pairs
    assert ("id_number", id_of(15).lower(), id_of(15), RepairKind.LOWER_X) in pairs
    assert ("phone", "+86 139-0000-0012", "13900000012", RepairKind.PHONE_FORMAT) in pairs
    assert ("village", "岩脚", "岩脚村", RepairKind.PLACE_NAME) in pairs
    assert _row(report, 17).draft.township == "大河乡"
    assert _row(report, 15).draft.phone == "13900000012"


def test_households_duplicates_and_partial_answers(report) -> None:
    assert [r.household.relation for r in report.rows if r.row in (45, 46)] == ["户主", "子女"]  # 本人 is the head
    assert all(r.valid for r in report.rows if r.row in (45, 46))
    size = _problem(report, 41)
    assert size.message[1] == {"code": "H1", "sizes": "4、5", "rows": "40, 41, 42"}
    head = _problem(report, 44)
    assert head.kind == K.HOUSEHOLD_NO_HEAD and head.column == "与户主关系"
    assert _problem(report, 47).message[1] == {"rows": "48"}
    assert _problem(report, 48).message[1] == {"rows": "47"}
    alike = _problem(report, 49)
    assert (alike.kind, alike.blocking, alike.message[1]["rows"]) == (K.LIKELY_DUPLICATE, False, "50")
    partial = _row(report, 39)
    assert partial.valid and "place" not in partial.draft.answered and partial.draft.intention is None
    clean = _row(report, 2)
    assert clean.draft.answered == {"trades", "education", "wage", "poor_household", "place"}
    assert (clean.draft.education, clean.draft.trades, clean.draft.intention) == ("junior", ("welding",
                                                                                         "housekeeping"), "go_out")


def test_summary_groups_by_column_and_kind(report) -> None:
    lines = summarize(report, examples=2)
    assert sum(line.count for line in lines) == len(report.problems)
    assert lines[0].count == 3 and all(a.count >= b.count for a, b in zip(lines, lines[1:], strict=False))
    choice = [line for line in lines if line.kind == K.CHOICE]
    assert {line.column for line in choice} == {"文化程度", "技能", "就业意向"}
    assert all(len(line.examples) <= 2 for line in lines)


def test_edits_fix_rows_for_the_second_check(engine, vault, county, report) -> None:
    edits = {28: {"phone": "13900000029"}, 30: {"township": "大河乡"}, 33: {"education": "小学"}}
    fixed = apply_edits(report.table, edits, mapping=MAPPING)
    assert fixed.rows[0] == report.table.rows[0] and fixed.rows[26] != report.table.rows[26]
    again = check_table(engine, vault, fixed, MAPPING, county=county, today=TODAY)
    assert all(_row(again, n).valid for n in (28, 30, 33))
    assert len(again.problems) == len(report.problems) - 3


def test_missing_required_column_is_refused(engine, vault, county) -> None:
    mapping = HeaderMapping(columns={0: "name"}, missing=("id_number", "phone"))
    with pytest.raises(FieldErrors) as refused:
        check_table(engine, vault, table([cells(1)]), mapping, county=county, today=TODAY)
    assert refused.value.errors["columns"][1] == {"columns": "身份证号、手机号"}


def test_progress_is_reported(engine, vault, county) -> None:
    seen: list[tuple[int, int]] = []
    check_table(engine, vault, table([cells(n) for n in range(1100)]), MAPPING, county=county, today=TODAY,
                progress=lambda done, total: seen.append((done, total)))
    assert seen == [(500, 1100), (1000, 1100), (1100, 1100)]


def test_the_real_run_saves_exactly_the_valid_rows_and_keeps_the_rest(engine, vault, county, report) -> None:
    """The same messy list saved for real: every valid row becomes a person, every blocked row is left out
    (kept for the repair queue, its cells encrypted), and saving the same file again changes nothing."""
    from sqlalchemy import func
    from sqlmodel import Session, select

    from models import CheckIn, LeftOutRow, Seeker
    from services.imports.saving import import_rows
    from services.places.sources import Source

    valid = len(report.valid_rows)
    summary = import_rows(engine, vault, report, staff_id=None, source=Source.direct())
    assert (summary.rows, summary.new, summary.updated, summary.unchanged) == (len(report.rows), valid, 0, 0)
    assert summary.left_out + summary.needing_review == BLOCKED_ROWS
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Seeker)).one() == valid
        assert session.exec(select(func.count()).select_from(CheckIn).where(CheckIn.channel == "import")).one() == valid
        kept = session.exec(select(LeftOutRow)).all()
        assert len(kept) == summary.left_out
        stored = " ".join(row.cells_enc for row in kept)
        assert not any(id_of(n) in stored for n in range(40))  # no ID number in clear
    again = import_rows(engine, vault, check_table(engine, vault, table(messy_rows()), MAPPING, county=county,
                                                    today=TODAY), staff_id=None, source=Source.direct())
    assert (again.new, again.updated, again.unchanged) == (0, 0, valid)
