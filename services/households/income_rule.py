"""THE rule for a household's wage income per member per year, against the poverty line (settings.poverty_line).

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
All in SQL (GROUP BY, `income_rows`: the reference every faster reading is tested against); `household_income` is
the Python form of the last three steps for one household. The readers: services/households/income.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, and_, case, cast, extract, func, literal, not_, select
from sqlalchemy.sql import Subquery
from sqlalchemy.sql.elements import ColumnElement

from models import ACTIVE_HIRE, Hire, Household, Seeker
from services.followups.months_worked import (
    DAYS_PER_YEAR,
    MONTHS_PER_YEAR,
    add_days,
    wage_days_sql,
    wage_rate_sql,
    yuan,
    yuan_sql,
)

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


def greatest(a: Any, b: Any) -> Any:
    return case((a >= b, a), else_=b)


def income_of(computed: Any, declared: Any) -> Any:
    """The income: the larger of the computed and the declared (none declared: 0)."""
    return greatest(computed, func.coalesce(declared, 0))


def declared_in(year: int) -> ColumnElement[Any]:
    """Over `household`: the list's income when it was declared in `year`, else NULL."""
    return case((cast(extract("year", _hh.income_declared_on), Integer) == year, _hh.annual_wage_income), else_=None)


def income_rows(year: int, today: date, ids: Any = None, *, with_prev: bool = False) -> Subquery:
    """One row per household (`ids`: only those): id, township, village, code, head, poor, computed, declared,
    members, income, and the wage × days so far (`wage_days`) with what each further day adds (`rate`).
    `with_prev`: also the year before's `prev_wage_days`, `prev_computed`, `prev_declared` and `prev_income`, from
    the same pass over the hires (the status rows keep both years)."""
    def only(column: Any) -> list[Any]:
        return [] if ids is None else [column.in_(ids)]

    start, end = date(year, 1, 1), date(year, 12, 31)
    sums = [func.sum(wage_days_sql(start, end, today)).label("wage_days"), func.sum(wage_rate_sql(today)).label("rate")]
    if with_prev:  # a hire that started after the year before ended worked 0 days in it
        sums.append(func.sum(wage_days_sql(date(year - 1, 1, 1), date(year - 1, 12, 31), today)).label("prev"))
    hires = (select(_s.household_id.label("hid"), *sums)
             .select_from(Hire.__table__.join(Seeker.__table__, _s.id == _h.seeker_id))
             .where(_s.household_id.is_not(None), ACTIVE_HIRE, _h.start_date <= end, *only(_s.household_id))
             .group_by(_s.household_id).subquery())
    members = (select(_s.household_id.label("hid"), func.count().label("n"))
               .where(_s.household_id.is_not(None), *only(_s.household_id)).group_by(_s.household_id).subquery())
    wage_days = func.coalesce(hires.c.wage_days, 0)
    computed, declared = yuan_sql(wage_days), declared_in(year)
    size = greatest(greatest(func.coalesce(_hh.size, 0), func.coalesce(members.c.n, 0)), literal(1))
    prev: list[Any] = []
    if with_prev:
        prev_days = func.coalesce(hires.c.prev, 0)
        prev_computed, prev_declared = yuan_sql(prev_days), declared_in(year - 1)
        prev = [prev_days.label("prev_wage_days"), prev_computed.label("prev_computed"),
                prev_declared.label("prev_declared"), income_of(prev_computed, prev_declared).label("prev_income")]
    return (select(_hh.id, _hh.township, _hh.village, _hh.code, _hh.head_seeker_id, _hh.poor,
                   computed.label("computed"), declared.label("declared"), size.label("members"),
                   income_of(computed, declared).label("income"), wage_days.label("wage_days"),
                   func.coalesce(hires.c.rate, 0).label("rate"), *prev)
            .select_from(Household.__table__.outerjoin(hires, hires.c.hid == _hh.id)
                         .outerjoin(members, members.c.hid == _hh.id))
            .where(*only(_hh.id))
            .subquery("household_income"))


def lifted_sql(rows: Subquery, line: int, income: str = "income") -> ColumnElement[bool]:
    """Over `income_rows` (or rows of its shape): the income per member reaches the line (`income`: the column)."""
    return rows.c[income] >= line * rows.c.members


def lifted_next_sql(rows: Subquery, year: int, today: date, line: int) -> ColumnElement[date | None]:
    """Over `income_rows` of the county's year on `today`: the first later day of that year on which the
    household's computed income reaches the line at the wages known today (each day adds `rate` to
    `wage_days`), or NULL (lifted already, nothing in work, or not before the year ends). `yuan(w) >= k`
    exactly when `w >= ceil(365 k / 12)`."""
    target = (DAYS_PER_YEAR * line * rows.c.members + MONTHS_PER_YEAR - 1) // MONTHS_PER_YEAR
    rate = func.nullif(rows.c.rate, 0)
    days = (target - rows.c.wage_days + rate - 1) // rate
    left = (date(year, 12, 31) - today).days
    soon = and_(not_(lifted_sql(rows, line)), rows.c.rate > 0, days <= left)
    return case((soon, add_days(literal(today, Date), days)), else_=None)


def chosen(rows: Subquery, township: str | None, poor_only: bool) -> list[Any]:
    """Over rows of `income_rows`' shape: the township and registered-poor filters."""
    return ([rows.c.township == township] if township else []) + ([rows.c.poor.is_(True)] if poor_only else [])
