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
they agree. One GROUP BY township over the hires' stored facts (`hire_fact`: the latest outcome, the
latest day in work and the current wage kept per hire, summaries/hire_facts.py), no join.
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


def months_employed(today: date) -> ColumnElement[int]:
    """Whole months from the start to today while in work, else to the latest visit saying in work
    (over `hire_fact`)."""
    f = fact_table.c
    return completed_months_sql(f.start_date, case((in_work_fact_sql(today), literal(today, Date)),
                                                   else_=f.last_in_work))


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
    f, months = fact_table.c, months_employed(ctx.today)
    rows = conn.execute(select(f.township, func.count(), func.count().filter(in_work_fact_sql(ctx.today)),
                               func.sum(months), func.sum(f.wage * months))
                        .where(*hire_scope(ctx), f.start_date <= ctx.today).group_by(f.township)).all()
    by = [TownshipIncome(t, n, int(w or 0), int(m or 0), int(i or 0)) for t, n, w, m, i in rows]
    by.sort(key=lambda r: (-r.income, r.township))
    return {"income": Income(total=sum(r.income for r in by), hires=sum(r.hires for r in by),
                             months=sum(r.months for r in by), by_township=by)}
