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

The county's year reads the household status rows (docs/ROLLUPS.md "Household income"): their counters for the
figures per township (`from_status`), the rows carried to today for the lists (`status_rows`, and
`poorest_rows` for a page of the households not lifted yet); the households whose row may be wrong today are
computed by `income_rows` itself. Another year, or another poverty line than the rows', reads the base tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, and_, case, cast, extract, func, literal, not_, select, union_all
from sqlalchemy.sql import Select, Subquery
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import ACTIVE_HIRE, Hire, Household, HouseholdCount, HouseholdStatus, Seeker
from services.core.db import read_only
from services.core.settings import get_settings
from services.followups.months_worked import (
    DAYS_PER_YEAR,
    MONTHS_PER_YEAR,
    add_days,
    days_between,
    wage_days_sql,
    wage_rate_sql,
    yuan,
    yuan_sql,
)
from services.households import status

PAGE = 50

_s = Seeker.__table__.c
_h = Hire.__table__.c
_hh = Household.__table__.c
_st = HouseholdStatus.__table__
_cnt = HouseholdCount.__table__
_ANY = 1e300  # above any income per member


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


def _income_of(computed: Any, declared: Any) -> Any:
    """The income: the larger of the computed and the declared (none declared: 0)."""
    return _greatest(computed, func.coalesce(declared, 0))


def income_rows(year: int, today: date, ids: Any = None) -> Subquery:
    """One row per household (`ids`: only those): id, township, village, code, head, poor, computed, declared,
    members, income, and the wage × days so far (`wage_days`) with what each further day adds (`rate`)."""
    def only(column: Any) -> list[Any]:
        return [] if ids is None else [column.in_(ids)]

    start, end = date(year, 1, 1), date(year, 12, 31)
    hires = (select(_s.household_id.label("hid"), func.sum(wage_days_sql(start, end, today)).label("wage_days"),
                    func.sum(wage_rate_sql(today)).label("rate"))
             .select_from(Hire.__table__.join(Seeker.__table__, _s.id == _h.seeker_id))
             .where(_s.household_id.is_not(None), ACTIVE_HIRE, _h.start_date <= end, *only(_s.household_id))
             .group_by(_s.household_id).subquery())
    members = (select(_s.household_id.label("hid"), func.count().label("n"))
               .where(_s.household_id.is_not(None), *only(_s.household_id)).group_by(_s.household_id).subquery())
    wage_days = func.coalesce(hires.c.wage_days, 0)
    computed = yuan_sql(wage_days)
    declared = case((cast(extract("year", _hh.income_declared_on), Integer) == year, _hh.annual_wage_income),
                    else_=None)
    size = _greatest(_greatest(func.coalesce(_hh.size, 0), func.coalesce(members.c.n, 0)), literal(1))
    return (select(_hh.id, _hh.township, _hh.village, _hh.code, _hh.head_seeker_id, _hh.poor,
                   computed.label("computed"), declared.label("declared"), size.label("members"),
                   _income_of(computed, declared).label("income"), wage_days.label("wage_days"),
                   func.coalesce(hires.c.rate, 0).label("rate"))
            .select_from(Household.__table__.outerjoin(hires, hires.c.hid == _hh.id)
                         .outerjoin(members, members.c.hid == _hh.id))
            .where(*only(_hh.id))
            .subquery("household_income"))


def lifted_sql(rows: Subquery, line: int) -> ColumnElement[bool]:
    """Over `income_rows`: the income per member reaches the line."""
    return rows.c.income >= line * rows.c.members


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
    """Households lifted / not yet per township (one GROUP BY). The county's year reads the status rows' counters
    once they are in use (`from_status`); another year, the base tables."""
    conn = session.connection()
    if year == today.year and status.income_ready(conn):
        stmt = from_status(today, township, poor_only)
    else:
        rows = income_rows(year, today)
        lifted = func.sum(case((lifted_sql(rows, get_settings().poverty_line), 1), else_=0))
        stmt = select(rows.c.township, func.count(), lifted).group_by(rows.c.township).order_by(rows.c.township)
        stmt = stmt.where(*_where(rows, township, poor_only))
    return [TownshipIncome(t, int(n), int(k or 0)) for t, n, k in conn.execute(stmt)]


def from_status(today: date, township: str | None, poor_only: bool) -> Select[Any]:
    """Per township: the counters (every status row, household_count), less the stored share of the rows that
    may be wrong today (`status.income_stale_ids`), plus those households computed from the base tables."""
    c, st = _cnt.c, _st.c
    line = get_settings().poverty_line
    stale = _stale(today)
    counted = (select(c.township, func.sum(c.poor if poor_only else c.households).label("n"),
                      func.sum(c.lifted_poor if poor_only else c.lifted).label("k")).group_by(c.township))
    stored = (select(st.township, (-func.count()).label("n"), (-func.sum(st.lifted)).label("k"))
              .where(st.household_id.in_(stale)).group_by(st.township))
    rows = income_rows(today.year, today, stale)
    computed = (select(rows.c.township, func.count().label("n"),
                       func.sum(case((lifted_sql(rows, line), 1), else_=0)).label("k")).group_by(rows.c.township)
                .where(*_where(rows, None, poor_only)))
    if township:
        counted, stored = counted.where(c.township == township), stored.where(st.township == township)
        computed = computed.where(rows.c.township == township)
    if poor_only:
        stored = stored.where(st.poor == 1)
    u = union_all(counted, stored, computed).subquery("parts")
    return (select(u.c.township, func.sum(u.c.n), func.sum(u.c.k)).group_by(u.c.township)
            .having(func.sum(u.c.n) > 0).order_by(u.c.township))


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
                poor_only: bool = False, page: int = 0, per_page: int = PAGE,
                total: int | None = None) -> tuple[list[HouseholdIncome], int]:
    """One page of households with their income (lowest income per member first) and how many there are
    (`total`: the caller knows it from `income_figures`). The county's year reads the status rows once they are
    in use (`status_rows`); another year, the base tables."""
    conn = session.connection()
    from_rows = year == today.year and status.income_ready(conn)
    line = get_settings().poverty_line

    def chosen(rows: Subquery) -> list[Any]:
        reached = lifted_sql(rows, line)
        return _where(rows, township, poor_only) + ([] if lifted is None else [reached if lifted else not_(reached)])

    if total is None:
        rows = status_rows(today) if from_rows else income_rows(year, today)
        total = conn.execute(select(func.count()).select_from(rows).where(*chosen(rows))).scalar_one()
    if from_rows:
        rows = (poorest_rows(today, township, poor_only, (page + 1) * per_page) if lifted is False
                else status_rows(today))
    else:
        rows = income_rows(year, today)
    where = chosen(rows)
    shown = (select(rows).where(*where).order_by(rows.c.income * 1.0 / rows.c.members, rows.c.id)
             .offset(page * per_page).limit(per_page).subquery("shown"))
    stmt = (select(shown, _s.name)  # the heads' names for this page only
            .select_from(shown.join(Household.__table__, _hh.id == shown.c.id)
                         .outerjoin(Seeker.__table__, _s.id == _hh.head_seeker_id))
            .order_by(shown.c.income * 1.0 / shown.c.members, shown.c.id))
    out = []
    for r in conn.execute(stmt):
        m = r._mapping
        out.append(HouseholdIncome(m["id"], m["township"], m["village"], m["code"], m["name"] or "", bool(m["poor"]),
                                   Income(int(m["computed"]), m["declared"], int(m["members"]), int(m["income"]),
                                          line)))
    return out, total


def _carried(today: date) -> list[Any]:
    """A fresh status row in `income_rows`' shape (without the head), carried to `today`: each day since its
    `as_of` adds `rate` to `wage_days`."""
    st = _st.c
    wage_days = st.wage_days + st.rate * days_between(literal(today, Date), st.as_of)
    computed = yuan_sql(wage_days)
    return [st.household_id.label("id"), st.township, st.village, st.code, (st.poor == 1).label("poor"),
            computed.label("computed"), st.declared, st.members,
            _income_of(computed, st.declared).label("income")]


def _stale(today: date) -> Select[Any]:
    """The ids of the rows that may be wrong today (`status.income_stale_ids`), read once per statement."""
    stale_cte = status.income_stale_ids(today).cte("income_stale").prefix_with("MATERIALIZED")
    return select(stale_cte.c.household_id)


def _stale_and_computed(today: date) -> tuple[Select[Any], Select[Any]]:
    """The ids of the rows that may be wrong today, and those households from the base tables."""
    stale = _stale(today)
    b = income_rows(today.year, today, stale)
    return stale, select(b.c.id, b.c.township, b.c.village, b.c.code, b.c.poor, b.c.computed, b.c.declared,
                         b.c.members, b.c.income)


def status_rows(today: date) -> Subquery:
    """`income_rows`' shape (without the head) for the county's year from the status rows: the fresh ones
    carried to `today`, the stale ones (`status.income_stale_ids`) computed from the base tables."""
    stale, base = _stale_and_computed(today)
    return union_all(select(*_carried(today)).where(_st.c.household_id.not_in(stale)), base).subquery(
        "household_income")


def poorest_rows(today: date, township: str | None, poor_only: bool, first: int) -> Subquery:
    """Enough rows for the first `first` households not lifted yet, lowest income per member first: of the fresh
    rows of households without anyone in work (`rate` 0: their income stays put), the `first` lowest by the
    stored `per_member` (one range of `ix_household_status_poorest`); of the fresh rows of households in work and
    not lifted yet, those whose stored `per_member` (their income on `as_of`: a lower bound of today's, which only
    grows) is at most the last of those (`ix_household_status_working`; all of them when there are fewer than
    `first`); the stale households computed."""
    st = _st.c
    stale, base = _stale_and_computed(today)
    where = [st.household_id.not_in(stale), st.lifted == 0]
    where += ([st.township == township] if township else []) + ([st.poor == 1] if poor_only else [])
    idle = (select(*_carried(today), st.per_member).where(st.rate == 0, *where)
            .order_by(st.per_member, st.household_id).limit(first).subquery("idle"))
    bound = select(case((func.count() < first, _ANY), else_=func.max(idle.c.per_member))).scalar_subquery()
    working = select(*_carried(today)).where(st.rate > 0, *where, st.per_member <= bound)  # an index range
    shown = [c for c in idle.c if c.name != "per_member"]
    return union_all(select(*shown), working, base).subquery("household_income")
