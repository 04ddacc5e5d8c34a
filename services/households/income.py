"""Each household's wage income per member per year, against the poverty line (settings.poverty_line).

For a year Y and the county's date `today`:
- **computed**: the wage income of its members' hires in Y (`services.followups.months_worked`: monthly
  wage × months worked, from the visits, up to today), summed as wage × days and turned into whole yuan
  once (rounded down);
- **declared**: the village list's "annual wage income of the household" (家庭年工资性收入), when it was
  declared in Y (`household.income_declared_on`); a figure declared in another year does not count for Y;
- **income** = the larger of the two. Each is a lower bound of the truth (the list does not know a job
  found through the portal after it was written; the portal knows only its own hires), and adding them
  would count a job twice;
- **members**: the household's size as the list says it, or the members registered when more (at least 1);
- **lifted** when income ≥ line × members, i.e. income per member reaches the line: exactly at the line
  reaches it (integers, no rounding at the boundary).
All in SQL (GROUP BY); `household_income` is the Python form of the last three steps for one household.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, case, cast, extract, func, literal, not_, select
from sqlalchemy.sql import Subquery
from sqlmodel import Session

from models import ACTIVE_HIRE, Hire, Household, Seeker
from services.core.db import read_only
from services.core.settings import get_settings
from services.followups.months_worked import DAYS_PER_YEAR, MONTHS_PER_YEAR, wage_days_sql, yuan

PAGE = 50

_s = Seeker.__table__.c
_h = Hire.__table__.c
_hh = Household.__table__.c


@dataclass(frozen=True)
class Income:
    computed: int  # yuan, from the hires
    declared: int | None  # yuan, the list's figure for this year
    members: int
    income: int  # the larger
    line: int

    @property
    def per_member(self) -> int:
        return self.income // self.members

    @property
    def lifted(self) -> bool:
        return self.income >= self.line * self.members


def household_income(wage_days: int, declared: int | None, size: int | None, registered: int, line: int) -> Income:
    members = max(size or 0, registered, 1)
    computed = yuan(wage_days)
    return Income(computed, declared, members, max(computed, declared or 0), line)


def _greatest(a: Any, b: Any) -> Any:
    return case((a >= b, a), else_=b)


def income_rows(year: int, today: date) -> Subquery:
    """One row per household: id, township, village, code, head, poor, computed, declared, members, income."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    hires = (select(_s.household_id.label("hid"), func.sum(wage_days_sql(start, end, today)).label("wage_days"))
             .select_from(Hire.__table__.join(Seeker.__table__, _s.id == _h.seeker_id))
             .where(_s.household_id.is_not(None), ACTIVE_HIRE, _h.start_date <= end)
             .group_by(_s.household_id).subquery())
    members = (select(_s.household_id.label("hid"), func.count().label("n")).where(_s.household_id.is_not(None))
               .group_by(_s.household_id).subquery())
    computed = func.coalesce(hires.c.wage_days, 0) * MONTHS_PER_YEAR // DAYS_PER_YEAR
    declared = case((cast(extract("year", _hh.income_declared_on), Integer) == year, _hh.annual_wage_income),
                    else_=None)
    size = _greatest(_greatest(func.coalesce(_hh.size, 0), func.coalesce(members.c.n, 0)), literal(1))
    return (select(_hh.id, _hh.township, _hh.village, _hh.code, _hh.head_seeker_id, _hh.poor,
                   computed.label("computed"), declared.label("declared"), size.label("members"),
                   _greatest(computed, func.coalesce(declared, 0)).label("income"))
            .select_from(Household.__table__.outerjoin(hires, hires.c.hid == _hh.id)
                         .outerjoin(members, members.c.hid == _hh.id))
            .subquery("household_income"))


@dataclass(frozen=True)
class TownshipIncome:
    township: str
    households: int
    lifted: int

    @property
    def not_yet(self) -> int:
        return self.households - self.lifted


@read_only
def income_figures(session: Session, *, year: int, today: date, township: str | None = None,
                   poor_only: bool = False) -> list[TownshipIncome]:
    """Households lifted / not yet per township (one GROUP BY)."""
    rows = income_rows(year, today)
    line = get_settings().poverty_line
    lifted = func.sum(case((rows.c.income >= line * rows.c.members, 1), else_=0))
    stmt = select(rows.c.township, func.count(), lifted).group_by(rows.c.township).order_by(rows.c.township)
    stmt = stmt.where(*_where(rows, township, poor_only))
    return [TownshipIncome(t, n, int(k or 0)) for t, n, k in session.connection().execute(stmt)]


def _where(rows: Subquery, township: str | None, poor_only: bool) -> list[Any]:
    return ([rows.c.township == township] if township else []) + ([rows.c.poor.is_(True)] if poor_only else [])


@dataclass(frozen=True)
class HouseholdIncome:
    household_id: int
    township: str
    village: str
    code: str
    head_name: str
    poor: bool
    income: Income


@read_only
def income_list(session: Session, *, year: int, today: date, township: str | None = None, lifted: bool | None = None,
                poor_only: bool = False, page: int = 0, per_page: int = PAGE) -> tuple[list[HouseholdIncome], int]:
    """One page of households with their income (lowest income per member first) and how many there are."""
    rows = income_rows(year, today)
    line = get_settings().poverty_line
    where = _where(rows, township, poor_only)
    reached = rows.c.income >= line * rows.c.members
    if lifted is not None:
        where.append(reached if lifted else not_(reached))
    conn = session.connection()
    total = conn.execute(select(func.count()).select_from(rows).where(*where)).scalar_one()
    stmt = (select(rows, _s.name).select_from(rows.outerjoin(Seeker.__table__, _s.id == rows.c.head_seeker_id))
            .where(*where).order_by(rows.c.income * 1.0 / rows.c.members, rows.c.id)
            .offset(page * per_page).limit(per_page))
    out = []
    for r in conn.execute(stmt):
        m = r._mapping
        out.append(HouseholdIncome(m["id"], m["township"], m["village"], m["code"], m["name"] or "", bool(m["poor"]),
                                   Income(int(m["computed"]), m["declared"], int(m["members"]), int(m["income"]),
                                          line)))
    return out, total
