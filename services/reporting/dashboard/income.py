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
they agree. Over the hires' stored facts (`hire_fact`: the latest outcome, the latest day in work and the
current wage kept per hire, summaries/hire_facts.py), no join: the hires are first summed per township,
start date and end (`_grouped`), and the months are computed per group, then summed per township.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Integer, and_, case, extract, func, literal, null, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from services.followups.due import add_months
from services.followups.employment import in_work_fact_sql
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.scope import fact_table, hire_scope


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


def _grouped(ctx: Context) -> Any:
    """The hires started, summed per (township, start date, in work today, end when not in work): a hire in
    work ends today, so its months depend on its start date alone, and the month arithmetic runs once per
    group (a township's start dates), not once per hire."""
    f, today = fact_table.c, ctx.today
    working = case((in_work_fact_sql(today), 1), else_=0).label("working")
    end = case((in_work_fact_sql(today), null()), else_=f.last_in_work).label("end")
    return (select(f.township, f.start_date, working, end, func.count().label("n"), func.sum(f.wage).label("wages"))
            .where(*hire_scope(ctx), f.start_date <= today)
            .group_by(f.township, f.start_date, working, end).subquery("grouped"))


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
    g = _grouped(ctx).c
    months = completed_months_sql(g.start_date, case((g.working == 1, literal(ctx.today, Date)), else_=g.end))
    rows = conn.execute(select(g.township, func.sum(g.n), func.sum(g.n * g.working), func.sum(g.n * months),
                               func.sum(g.wages * months)).group_by(g.township)).all()
    by = [TownshipIncome(t, int(n), int(w or 0), int(m or 0), int(i or 0)) for t, n, w, m, i in rows]
    by.sort(key=lambda r: (-r.income, r.township))
    return {"income": Income(total=sum(r.income for r in by), hires=sum(r.hires for r in by),
                             months=sum(r.months for r in by), by_township=by)}
