"""Transfer income estimate: the wages hired workers have earned so far, by home township.

The definition, per hire in the dashboard's scope (scope.py; a cancelled hire never counts) that
has started (`start_date` <= today, the county's date):

* **end**: today while the hire is in work (`followups.employment.in_work_sql`: no visit yet, or
  its latest visit says WORKING or CHANGED_JOB); otherwise (its latest visit says RETURNED,
  UNREACHABLE or DISPUTE) the date of its latest visit saying in work — that visit stops the
  count; no such visit: nothing is counted (0 months);
* **months employed**: whole months completed from `start_date` to end — month m is complete
  on `start + m months` (`due.add_months`: the same day, or the month's last day when shorter;
  31 Jan → 28 Feb is one month), 0 when end is before the start;
* **monthly wage**: the wage the latest visit recorded (`follow_up.monthly_wage` of the latest
  done visit with a wage, by visit date then id: the current wage, or the new job's), else the
  hire's `monthly_wage`;
* **income** = monthly wage × months employed, in yuan; summed per home township
  (`seeker.township`). Wages are gross, as recorded: an estimate, not what was sent home.

`completed_months(start, end)` is the Python form, `completed_months_sql` the SQL one; tests check
they agree. Everything is one GROUP BY over hire JOIN seeker with three correlated look-ups of
the hire's visits (`ix_follow_up_hire_visited`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Integer, and_, case, extract, func, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from models import FollowUp, VisitStatus
from services.followups.due import add_months
from services.followups.employment import IN_WORK_OUTCOMES, in_work_sql
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import seeker_table
from services.reporting.dashboard.scope import hire_scope, hire_table, hires_with_seekers

_f = FollowUp.__table__.c
_h = hire_table.c


class _month_end(FunctionElement[bool]):
    """`x` is the last day of its month (the next day is a 1st)."""

    type = Boolean()
    inherit_cache = True
    name = "month_end"


@compiles(_month_end)
def _month_end_default(element: _month_end, compiler: Any, **kw: Any) -> str:  # PostgreSQL: date + integer
    (x,) = element.clauses
    return compiler.process(extract("day", x + literal(1, Integer)) == 1, **kw)


@compiles(_month_end, "sqlite")
def _month_end_sqlite(element: _month_end, compiler: Any, **kw: Any) -> str:
    (x,) = element.clauses
    return compiler.process(func.strftime("%d", x, "+1 day") == "01", **kw)


def completed_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`: the largest m with add_months(start, m) <= end (0 if none)."""
    if end < start:
        return 0
    m = (end.year - start.year) * 12 + end.month - start.month
    return m if add_months(start, m) <= end else m - 1


def completed_months_sql(start: ColumnElement[date], end: ColumnElement[date]) -> ColumnElement[int]:
    """`completed_months` in SQL (NULL end: 0)."""
    naive = (extract("year", end) - extract("year", start)) * 12 + extract("month", end) - extract("month", start)
    short = and_(extract("day", end) < extract("day", start), ~_month_end(end))
    return case((end.is_(None), 0), (end < start, 0), (short, naive - 1), else_=naive)


def _visits(*conds: ColumnElement[bool]) -> Any:
    return (select(_f.visited_on).where(_f.hire_id == _h.id, _f.status == VisitStatus.DONE, *conds)
            .order_by(_f.visited_on.desc(), _f.id.desc()).limit(1).correlate(hire_table))


def end_sql(today: date) -> ColumnElement[date]:
    """Today while in work, else the date of the latest visit saying in work (NULL: none)."""
    last_in_work = _visits(_f.outcome.in_(IN_WORK_OUTCOMES)).scalar_subquery()
    return case((in_work_sql(today), literal(today, Date)), else_=last_in_work)


def wage_sql() -> ColumnElement[int]:
    """The wage the hire's latest visit recorded, else the hire's."""
    recorded = (select(_f.monthly_wage).where(_f.hire_id == _h.id, _f.status == VisitStatus.DONE,
                                              _f.monthly_wage.is_not(None))
                .order_by(_f.visited_on.desc(), _f.id.desc()).limit(1).correlate(hire_table).scalar_subquery())
    return func.coalesce(recorded, _h.monthly_wage)


def months_employed_sql(today: date) -> ColumnElement[int]:
    return completed_months_sql(_h.start_date, end_sql(today))


@dataclass(frozen=True)
class TownshipIncome:
    township: str
    hires: int  # hires started (in the scope)
    in_work: int  # of them in work today
    months: int  # months employed, summed
    income: int  # yuan


@dataclass
class Income:
    total: int = 0
    hires: int = 0
    months: int = 0
    by_township: list[TownshipIncome] = field(default_factory=list)  # most income first


def income(conn: Connection, ctx: Context) -> dict[str, object]:
    today, s = ctx.today, seeker_table.c
    months = months_employed_sql(today)
    per_hire = (select(s.township.label("township"), months.label("months"),
                       (wage_sql() * months).label("income"),
                       case((in_work_sql(today), 1), else_=0).label("in_work"))
                .select_from(hires_with_seekers()).where(*hire_scope(ctx), _h.start_date <= today)
                .subquery("per_hire"))
    p = per_hire.c
    rows = conn.execute(select(p.township, func.count(), func.sum(p.in_work), func.sum(p.months), func.sum(p.income))
                        .group_by(p.township)).all()
    by = [TownshipIncome(t, n, int(w or 0), int(m or 0), int(i or 0)) for t, n, w, m, i in rows]
    by.sort(key=lambda r: (-r.income, r.township))
    return {"income": Income(total=sum(r.income for r in by), hires=sum(r.hires for r in by),
                             months=sum(r.months for r in by), by_township=by)}
