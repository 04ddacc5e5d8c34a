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

Breakdowns, one GROUP BY (month, key) each: by employer (the hire's), destination (the hire's
province and city), trade (the hire's), township (the seeker's home township) and fair (the hire's;
none: hired outside a fair). They and the overall figures are one statement: the visits counted
(follow_up JOIN hire_fact — the hire's keys and the person's township, docs/ROLLUPS.md "Hire facts" —
summed once per combination of the keys, a materialized CTE) and a UNION ALL of the GROUP BYs over it.

With the summaries read and no fair, registration point or dates chosen (the whole county, or a township),
the same figures come from retention's counters (`summary_retention`, summaries/retention_counts.py): one
GROUP BY of the rows up to today, a few per key, whatever the number of visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, case, cast, func, literal, null, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

from models import Employer, Fair, FollowUp, Outcome, RetentionCount, VisitStatus
from services.core.clock import local_today
from services.followups.due import Schedule, due_sql, overdue_sql
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.scope import fact_table, hire_scope
from services.summaries.retention_counts import COUNTS, FOLD_LAG

BREAKDOWNS: tuple[str, ...] = ("employer", "destination", "trade", "township", "fair")

_f = FollowUp.__table__.c
_h = fact_table.c


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


def _columns(today: date) -> dict[str, ColumnElement[bool]]:
    """Each column but "reached" as a condition on the k-month visit (every visit counted is in one)."""
    return {"working": _done(Outcome.WORKING), "changed_job": _done(Outcome.CHANGED_JOB),
            "returned": _done(Outcome.RETURNED), "dispute": _done(Outcome.DISPUTE),
            "lost": _done(Outcome.UNREACHABLE) | overdue_sql(today), "pending": due_sql(today)}


def _visits(ctx: Context, months: tuple[int, ...]) -> CTE:
    """The k-month visits counted (date passed, not cancelled, the hire in the scope), already summed per
    (month, employer, destination, trade, township, fair) — the finest grain the breakdowns need, a fifth of
    the visits in the demo — with "reached" and one sum per outcome column: follow_up JOIN hire_fact, read
    once."""
    keys = [_f.month, cast(_h.employer_id, String).label("employer"), _h.province, _h.city, _h.trade,
            _h.township, cast(_h.fair_id, String).label("fair")]
    sums = [func.sum(case((cond, 1), else_=0)).label(name) for name, cond in _columns(ctx.today).items()]
    stmt = (select(*keys, func.count().label("reached"), *sums)
            .select_from(FollowUp.__table__.join(fact_table, _h.hire_id == _f.hire_id))
            .where(_f.month.in_(months), _f.due_date <= ctx.today, _f.status != VisitStatus.CANCELLED,
                   *hire_scope(ctx))
            .group_by(*keys))
    return stmt.cte("counted").prefix_with("MATERIALIZED")


def _statement(v: CTE, today: date) -> Any:
    """One GROUP BY (month, key) per breakdown, and the overall one, as one UNION ALL over the summed
    visits: (breakdown, month, key 1, key 2, reached, working, …, pending)."""
    c = v.c
    sums = [func.sum(c.reached), *(func.sum(c[name]) for name in _columns(today))]
    none = null().cast(String)
    keys = {"": (none, none), "employer": (c.employer, none), "destination": (c.province, c.city),
            "trade": (c.trade, none), "township": (c.township, none), "fair": (c.fair, none)}
    parts = [select(literal(b, String).label("breakdown"), c.month, k1.label("k1"), k2.label("k2"), *sums)
             .group_by(c.month, *(k for k in (k1, k2) if k is not none)) for b, (k1, k2) in keys.items()]
    return union_all(*parts)


def _counted(ctx: Context, months: tuple[int, ...]) -> Any:
    """The same rows as `_statement`, from the counters (the changes by day summed up to today)."""
    t = RetentionCount.__table__.c
    keys = [t.breakdown, t.month, t.k1, t.k2]
    where = [t.day <= ctx.today, t.month.in_(months)]
    if ctx.flt.township is not None:
        where.append(t.township == ctx.flt.township)
    return (select(*keys, *(func.sum(t[name]) for name in COUNTS))  # (RetentionCounts' order)
            .where(*where).group_by(*keys).having(func.sum(t.reached) > 0))


def uses_counters(ctx: Context) -> bool:
    """The counters hold the whole county's figures by township: no fair, registration point or dates, and a
    day from yesterday on (the daily fold has merged the days before: retention_counts.FOLD_LAG)."""
    flt = ctx.flt
    return (ctx.summaries and flt.fair_id is None and flt.site_id is None and not flt.dated
            and ctx.today >= local_today() - FOLD_LAG + timedelta(days=1))


def _names(conn: Connection, table: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    c = table.c
    return dict(conn.execute(select(c.id, c.name).where(c.id.in_(sorted(ids)))).all())


def _key(breakdown: str, k1: str | None, k2: str | None) -> Any:
    if breakdown in ("employer", "fair"):
        return int(k1) if k1 else None  # (the counters keep "" for no fair)
    return (k1, k2) if breakdown == "destination" else k1


def retention(conn: Connection, ctx: Context) -> dict[str, object]:
    months = tuple(sorted(Schedule.from_settings().months))
    out = Retention(months=months, overall={k: RetentionCounts() for k in months}, by={b: [] for b in BREAKDOWNS})
    found: dict[str, list[tuple[int, Any, RetentionCounts]]] = {b: [] for b in BREAKDOWNS}
    stmt = _counted(ctx, months) if uses_counters(ctx) else _statement(_visits(ctx, months), ctx.today)
    for breakdown, k, k1, k2, *counts in conn.execute(stmt):
        c = RetentionCounts(*(int(n or 0) for n in counts))
        if breakdown:
            found[breakdown].append((k, _key(breakdown, k1, k2), c))
        else:
            out.overall[k] = c
    names = {"employer": _names(conn, Employer.__table__, {key for _k, key, _c in found["employer"]}),
             "fair": _names(conn, Fair.__table__, {key for _k, key, _c in found["fair"] if key is not None})}
    for breakdown, rows in found.items():
        named = names.get(breakdown, {})
        out.by[breakdown] = sorted((RetentionRow(k, key, named.get(key, ""), c) for k, key, c in rows),
                                   key=lambda r: (r.month, -r.counts.reached, str(r.key)))
    return {"retention": out}
