"""The one rule for "how long a hired worker worked in a period, at what wage": the wage income a hire brings.

Used by the household income against the poverty line (services/households/income_rule.py) and by the
dashboard's transfer income estimate (retention), so the two never disagree.

For one hire and a period `period_start` .. `period_end` (local dates, both included), on the local
day `today`:
- the hire counts (ACTIVE_HIRE); a cancelled hire worked nothing;
- it worked from its `start_date` until
  - `today`, while it is in work by `employment.in_work` (its latest visit done says working or
    changed job, or nobody has visited yet);
  - else the day of its latest visit (returned, unreachable, dispute): the count stops there;
- the days worked in the period are that span cut to the period (both ends included; none when the
  span ends before it starts);
- months worked = days × 12 / 365 (a whole 365-day year is 12 months);
- the monthly wage is the latest wage a done visit recorded (`follow_up.monthly_wage`, the latest by
  `visited_on`, then id), else the hire's own `monthly_wage`;
- wage income = monthly wage × months worked, in whole yuan rounded down
  (`wage_days` × 12 // 365, so SQL and Python agree to the yuan).

`wage_rate_sql` is what each later day adds to `wage_days_sql` (the household status rows carry their income
forward with it). `days_worked_sql`, `current_wage_sql`, `months_worked_sql`, `wage_days_sql` and `wage_income_sql` are
expressions over `hire` rows (correlated sub-selects on `follow_up`); `days_worked`, `current_wage`,
`months_worked`, `wage_income` are the Python twins for one hire and its visits (tests check they agree).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from models import ACTIVE_HIRE, FollowUp, Hire, VisitStatus
from services.followups.employment import IN_WORK_OUTCOMES, in_work_sql, latest_outcome_sql

DAYS_PER_YEAR = 365
MONTHS_PER_YEAR = 12

_h = Hire.__table__.c
_f = FollowUp.__table__.c


class days_between(FunctionElement[int]):
    """`later - earlier` in whole days, for two DATE expressions (dialect-specific below)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_generic(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


class add_days(FunctionElement[date]):
    """A DATE expression plus a whole number of days (dialect-specific below)."""

    type = Date()
    inherit_cache = True


@compiles(add_days)
def _add_generic(element: add_days, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} + CAST({compiler.process(days, **kw)} AS INTEGER))"


@compiles(add_days, "sqlite")
def _add_sqlite(element: add_days, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, ({compiler.process(days, **kw)}) || ' days')"


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)})"
            " AS INTEGER)")


def _latest_done(column: Any, *where: ColumnElement[bool]) -> Any:
    return (select(column).where(_f.hire_id == _h.id, _f.status == VisitStatus.DONE, *where)
            .order_by(_f.visited_on.desc(), _f.id.desc()).limit(1)
            .correlate(Hire.__table__).scalar_subquery())


def current_wage_sql() -> ColumnElement[int]:
    """The latest wage a done visit recorded, else the hire's."""
    return func.coalesce(_latest_done(_f.monthly_wage, _f.monthly_wage.is_not(None)), _h.monthly_wage)


def _worked_until_sql(today: date) -> ColumnElement[date]:
    latest = latest_outcome_sql()
    return case((or_(latest.is_(None), latest.in_(IN_WORK_OUTCOMES)), literal(today, Date)),
                else_=_latest_done(_f.visited_on))


def days_worked_sql(period_start: date, period_end: date, today: date) -> ColumnElement[int]:
    start = case((_h.start_date > literal(period_start, Date), _h.start_date), else_=literal(period_start, Date))
    until = _worked_until_sql(today)
    end = case((until < literal(period_end, Date), until), else_=literal(period_end, Date))
    days = days_between(end, start) + 1
    return case((ACTIVE_HIRE & (days > 0), days), else_=0)


def months_worked_sql(period_start: date, period_end: date, today: date) -> ColumnElement[Any]:
    """Months worked in the period (a fraction: days × 12 / 365)."""
    days = days_worked_sql(period_start, period_end, today)
    return days * MONTHS_PER_YEAR / float(DAYS_PER_YEAR)


def wage_days_sql(period_start: date, period_end: date, today: date) -> ColumnElement[int]:
    """Monthly wage × days worked (integers: sum them, then `× 12 // 365` once)."""
    return current_wage_sql() * days_worked_sql(period_start, period_end, today)


def wage_rate_sql(today: date) -> ColumnElement[int]:
    """What each further day adds to `wage_days_sql` after `today` (until the period's end): the current wage of
    a hire in work that has started (`employment.in_work_sql`), else 0 — a hire that stopped adds nothing."""
    return case((in_work_sql(today), current_wage_sql()), else_=0)


def wage_income_sql(period_start: date, period_end: date, today: date) -> ColumnElement[int]:
    """The hire's wage income in the period, whole yuan rounded down."""
    return yuan_sql(wage_days_sql(period_start, period_end, today))


def yuan(wage_days: int) -> int:
    """Whole yuan from a sum of wage × days."""
    return wage_days * MONTHS_PER_YEAR // DAYS_PER_YEAR


def yuan_sql(wage_days: Any) -> ColumnElement[Any]:
    """`yuan` over a SQL expression of wage × days."""
    result: ColumnElement[Any] = wage_days * MONTHS_PER_YEAR // DAYS_PER_YEAR
    return result


# --- the Python twins -----------------------------------------------------------------------------


def _done(visits: Iterable[FollowUp]) -> list[FollowUp]:
    found = [v for v in visits if v.status == VisitStatus.DONE and v.visited_on is not None]
    return sorted(found, key=lambda v: (v.visited_on, v.id or 0), reverse=True)


def current_wage(hire: Hire, visits: Iterable[FollowUp]) -> int:
    wages = [v.monthly_wage for v in _done(visits) if v.monthly_wage is not None]
    return wages[0] if wages else hire.monthly_wage


def days_worked(hire: Hire, visits: Iterable[FollowUp], period_start: date, period_end: date, today: date) -> int:
    if hire.cancelled_at is not None:
        return 0
    visits = list(visits)
    done = _done(visits)
    if not done or done[0].outcome in IN_WORK_OUTCOMES:
        until = today
    else:
        assert done[0].visited_on is not None
        until = done[0].visited_on
    start, end = max(hire.start_date, period_start), min(until, period_end)
    return max(0, (end - start).days + 1)


def months_worked(hire: Hire, visits: Iterable[FollowUp], period_start: date, period_end: date,
                  today: date) -> float:
    return days_worked(hire, visits, period_start, period_end, today) * MONTHS_PER_YEAR / DAYS_PER_YEAR


def wage_income(hire: Hire, visits: Iterable[FollowUp], period_start: date, period_end: date, today: date) -> int:
    visits = list(visits)
    return yuan(current_wage(hire, visits) * days_worked(hire, visits, period_start, period_end, today))

