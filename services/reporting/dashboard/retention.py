"""Retention at k months: how many hired workers were still working at their k-month visit.

The definition (the README says the same):

For each k of `settings.followup_months` (1, 3, 6), the hires counted — the **denominator**,
"reached k months" — are the hires in the dashboard's scope (scope.py: a cancelled hire never
counts) whose scheduled k-month visit (`follow_up.month = k`, not cancelled) has its due date
(`follow_up.due_date`, see followups/due.py) on or before today, the county's date. Each of them
is in exactly one of these columns, so they always add up to the denominator:

* **working** — that visit is done with outcome WORKING: the **numerator**;
  retention at k months = working ÷ reached;
* **changed job** — done, CHANGED_JOB (in work, with another employer: not retained);
* **returned** — done, RETURNED;
* **dispute** — done, DISPUTE;
* **lost to follow-up** — done, UNREACHABLE; or still scheduled with its window closed
  (overdue: `due.overdue_sql`): nobody found out;
* **pending** — still scheduled, its window still open (`due.due_sql`): the date has passed,
  the visit can still be made.

Lost and pending are shown beside the rate, never silently counted as working or as not. Each k
stands alone: a hire lost at 1 month and found working at 3 is lost at 1 and working at 3. Extra
visits (`month` NULL) never count here; nor does a hire without a scheduled k-month visit.

Breakdowns, one GROUP BY (month, key) each, over follow_up JOIN hire JOIN seeker: by employer
(the hire's), destination (the hire's province and city), trade (the hire's), township (the
seeker's home township) and fair (the hire's; none: hired outside a fair).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from models import Employer, Fair, FollowUp, Outcome, VisitStatus
from services.followups.due import Schedule, due_sql, overdue_sql
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import seeker_table
from services.reporting.dashboard.scope import hire_scope, hire_table, hires_with_seekers

BREAKDOWNS: tuple[str, ...] = ("employer", "destination", "trade", "township", "fair")

_f = FollowUp.__table__.c
_h = hire_table.c


@dataclass(frozen=True)
class RetentionCounts:
    reached: int = 0  # the denominator: the k-month date has passed
    working: int = 0  # the numerator
    changed_job: int = 0
    returned: int = 0
    dispute: int = 0
    lost: int = 0  # unreachable, or the window closed without a visit
    pending: int = 0  # the date passed, the window still open

    @property
    def percent(self) -> float | None:
        return 100.0 * self.working / self.reached if self.reached else None


@dataclass(frozen=True)
class RetentionRow:
    month: int
    key: Any  # employer id, (province, city), trade code, township, fair id (None: no fair)
    name: str  # the employer's or fair's name; "" where the page labels the key itself
    counts: RetentionCounts


@dataclass
class Retention:
    months: tuple[int, ...] = ()
    overall: dict[int, RetentionCounts] = field(default_factory=dict)  # k -> counts (every k present)
    by: dict[str, list[RetentionRow]] = field(default_factory=dict)  # breakdown -> rows, k then most reached

    @property
    def reached(self) -> int:
        return sum(c.reached for c in self.overall.values())


def _done(outcome: str) -> ColumnElement[bool]:
    return and_(_f.status == VisitStatus.DONE, _f.outcome == outcome)


def _counts(today: date) -> list[ColumnElement[int]]:
    """reached, working, changed job, returned, dispute, lost, pending: COUNT(*) FILTER (...)."""
    n = func.count
    return [n(), n().filter(_done(Outcome.WORKING)), n().filter(_done(Outcome.CHANGED_JOB)),
            n().filter(_done(Outcome.RETURNED)), n().filter(_done(Outcome.DISPUTE)),
            n().filter(_done(Outcome.UNREACHABLE) | overdue_sql(today)), n().filter(due_sql(today))]


def _where(ctx: Context, months: tuple[int, ...]) -> list[ColumnElement[bool]]:
    return [_f.month.in_(months), _f.due_date <= ctx.today, _f.status != VisitStatus.CANCELLED, *hire_scope(ctx)]


def _from() -> Any:
    return FollowUp.__table__.join(hires_with_seekers(), hire_table.c.id == _f.hire_id)


def _grouped(conn: Connection, ctx: Context, months: tuple[int, ...], *keys: ColumnElement) -> list[tuple]:
    stmt = (select(_f.month, *keys, *_counts(ctx.today)).select_from(_from()).where(*_where(ctx, months))
            .group_by(_f.month, *keys))
    return [tuple(r) for r in conn.execute(stmt)]


def _names(conn: Connection, table: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    c = table.c
    return dict(conn.execute(select(c.id, c.name).where(c.id.in_(sorted(ids)))).all())


def retention(conn: Connection, ctx: Context) -> dict[str, object]:
    months = tuple(sorted(Schedule.from_settings().months))
    out = Retention(months=months, overall={k: RetentionCounts() for k in months})
    for k, *counts in _grouped(conn, ctx, months):
        out.overall[k] = RetentionCounts(*counts)
    if not out.reached:
        out.by = {b: [] for b in BREAKDOWNS}
        return {"retention": out}
    s = seeker_table.c
    rows = {
        "employer": [(k, key, c) for k, key, *c in _grouped(conn, ctx, months, _h.employer_id)],
        "destination": [(k, (p, city), c) for k, p, city, *c in _grouped(conn, ctx, months, _h.province, _h.city)],
        "trade": [(k, key, c) for k, key, *c in _grouped(conn, ctx, months, _h.trade)],
        "township": [(k, key, c) for k, key, *c in _grouped(conn, ctx, months, s.township)],
        "fair": [(k, key, c) for k, key, *c in _grouped(conn, ctx, months, _h.fair_id)],
    }
    employers = _names(conn, Employer.__table__, {key for _k, key, _c in rows["employer"]})
    fairs = _names(conn, Fair.__table__, {key for _k, key, _c in rows["fair"] if key is not None})
    names = {"employer": employers, "fair": fairs}
    for breakdown, found in rows.items():
        named = names.get(breakdown, {})
        out.by[breakdown] = sorted(
            (RetentionRow(k, key, named.get(key, ""), RetentionCounts(*c)) for k, key, c in found),
            key=lambda r: (r.month, -r.counts.reached, str(r.key)))
    return {"retention": out}
