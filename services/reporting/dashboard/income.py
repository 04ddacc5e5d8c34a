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
they agree. One statement: the facts of each hire (`hire_facts`, a materialized CTE: each hire's
visits looked up once, by index `ix_follow_up_hire_visited`), then one GROUP BY township.
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
from sqlalchemy.sql.selectable import CTE

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


def _latest(column: ColumnElement, *conds: ColumnElement[bool]) -> ColumnElement:
    """`column` of the hire's latest done visit meeting `conds` (by visit date, then id), correlated to `hire`."""
    return (select(column).where(_f.hire_id == _h.id, _f.status == VisitStatus.DONE, *conds)
            .order_by(_f.visited_on.desc(), _f.id.desc()).limit(1).correlate(hire_table).scalar_subquery())


def hire_facts(today: date, *where: ColumnElement[bool]) -> CTE:
    """Per hire in `where` (over hire JOIN seeker) that has started: its township, start date, whether it is
    in work (`in_work_sql`), the date of its latest visit saying in work, and its wage (the latest a visit
    recorded, else the hire's). Materialized: each hire's visits are looked up once (ix_follow_up_hire_visited),
    not once per use of a fact."""
    s = seeker_table.c
    stmt = (select(_h.id, s.township, _h.start_date, in_work_sql(today).label("in_work"),
                   _latest(_f.visited_on, _f.outcome.in_(IN_WORK_OUTCOMES)).label("last_in_work"),
                   func.coalesce(_latest(_f.monthly_wage, _f.monthly_wage.is_not(None)), _h.monthly_wage).label("wage"))
            .select_from(hires_with_seekers()).where(*where, _h.start_date <= today))
    return stmt.cte("hire_facts").prefix_with("MATERIALIZED")


def months_employed(facts: CTE, today: date) -> ColumnElement[int]:
    """Whole months from the start to today while in work, else to the latest visit saying in work."""
    c = facts.c
    return completed_months_sql(c.start_date, case((c.in_work, literal(today, Date)), else_=c.last_in_work))


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
    facts = hire_facts(ctx.today, *hire_scope(ctx))
    c, months = facts.c, months_employed(facts, ctx.today)
    rows = conn.execute(select(c.township, func.count(), func.count().filter(c.in_work), func.sum(months),
                               func.sum(c.wage * months)).group_by(c.township)).all()
    by = [TownshipIncome(t, n, int(w or 0), int(m or 0), int(i or 0)) for t, n, w, m, i in rows]
    by.sort(key=lambda r: (-r.income, r.township))
    return {"income": Income(total=sum(r.income for r in by), hires=sum(r.hires for r in by),
                             months=sum(r.months for r in by), by_township=by)}
