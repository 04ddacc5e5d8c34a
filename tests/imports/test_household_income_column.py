"""The list's "annual wage income of the household" (家庭年工资性收入): read loosely, checked (a whole number of
yuan; "36,000元" repaired, "三万" refused beside its cell), saved on the household with the day it was declared
(the head's line first), and counted by the household income for that year. Both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from models import Household
from services.households.income import income_list
from services.imports.checking import check_table
from services.imports.headers import match_headers
from services.imports.saving import import_rows
from services.imports.types import HouseholdLine, ProblemKind
from services.places.sources import Source
from tests.imports.checking_rows import MAPPING, TODAY, cells, table
from tests.imports.saving_support import report, row


def test_the_header_and_its_synonyms_are_found() -> None:
    for header in ("家庭年工资性收入", "家庭年收入", "年工资性收入（元）"):
        assert match_headers(["姓名", header]).columns == {0: "name", 1: "household_income"}


def test_the_income_is_checked(engine, vault, county) -> None:
    rows = [cells(1, household_code="H1", relation="户主", household_income="36,000元"),
            cells(2, household_code="H1", relation="配偶", household_income="36000"),
            cells(3, household_code="H2", relation="户主", household_income="三万"),
            cells(4, household_income="5000")]  # no household: nothing to declare it for
    checked = check_table(engine, vault, table(rows), MAPPING, county=county, today=TODAY)
    assert [(r.household.income if r.household else None) for r in checked.rows] == [36000, 36000, None, None]
    problems = [(p.row, p.field, p.kind) for r in checked.rows for p in r.problems]
    assert problems == [(4, "household_income", ProblemKind.HOUSEHOLD_INCOME)]


def test_the_income_is_saved_for_the_year_it_was_declared(engine, vault, county) -> None:
    now = datetime(2026, 3, 4, 17, 0, tzinfo=UTC)  # 5 March in China
    import_rows(engine, vault, report([row(county, 0, household=HouseholdLine("001", "户主", 2, income=7000)),
                                       row(county, 1, household=HouseholdLine("001", "配偶", 2, income=6000))]),
                staff_id=None, source=Source.direct(), now=now)
    with Session(engine) as s:
        [household] = s.exec(select(Household)).all()
    assert (household.annual_wage_income, household.income_declared_on) == (7000, date(2026, 3, 5))
    [found], _total = income_list(engine, year=2026, today=date(2026, 3, 10))
    assert (found.income.declared, found.income.per_member, found.income.lifted) == (7000, 3500, True)
    [found], _total = income_list(engine, year=2025, today=date(2026, 3, 10))
    assert found.income.declared is None and not found.income.lifted
