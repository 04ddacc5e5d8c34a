"""Open disputes and wage issues, shown beside retention.

An issue (`wage_issue`: unpaid wages, a dispute, a worker not safe) is open until resolved
(`resolved_at` IS NULL). Counted for the hires in the dashboard's scope (scope.py): how many
are open, of each kind, the amount owed (the sum of the amounts recorded; an issue without an
amount adds nothing), how many employers and since when (`followups.issues.first_day`, as the employer
flags say it: the earliest "unpaid since" recorded or first report's local day). Per employer: the 10 with
most open issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from models import Employer, IssueKind, WageIssue
from services.followups.issues import first_day
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.scope import fact_table, hire_scope

TOP_ISSUE_EMPLOYERS = 10

_w = WageIssue.__table__.c


@dataclass(frozen=True)
class EmployerIssueRow:
    employer_id: int
    name: str
    count: int
    amount: int
    since: date | None


@dataclass
class OpenIssues:
    count: int = 0
    unpaid: int = 0
    disputes: int = 0
    unsafe: int = 0
    amount: int = 0  # yuan owed, where recorded
    employers: int = 0
    since: date | None = None  # the earliest "unpaid since" or report day (followups.issues.first_day)
    by_employer: list[EmployerIssueRow] = field(default_factory=list)  # most issues first, the top 10


def open_issues(conn: Connection, ctx: Context) -> dict[str, object]:
    joined = WageIssue.__table__.join(fact_table, fact_table.c.hire_id == _w.hire_id)
    where = [_w.resolved_at.is_(None), *hire_scope(ctx)]
    n = func.count
    count, unpaid, disputes, unsafe, amount, employers, since, reported = conn.execute(
        select(n(), n().filter(_w.kind == IssueKind.UNPAID), n().filter(_w.kind == IssueKind.DISPUTE),
               n().filter(_w.kind == IssueKind.UNSAFE), func.coalesce(func.sum(_w.amount), 0),
               n(_w.employer_id.distinct()), func.min(_w.since), func.min(_w.reported_at))
        .select_from(joined).where(*where)).one()
    out = OpenIssues(count, unpaid, disputes, unsafe, int(amount), employers, first_day(since, reported, ctx.zone))
    if count:
        e = Employer.__table__.c
        per = (select(_w.employer_id, n().label("n"), func.coalesce(func.sum(_w.amount), 0).label("amount"),
                      func.min(_w.since).label("since"), func.min(_w.reported_at).label("reported"))
               .select_from(joined).where(*where).group_by(_w.employer_id).subquery("per_employer"))
        rows = conn.execute(select(per.c.employer_id, e.name, per.c.n, per.c.amount, per.c.since, per.c.reported)
                            .join_from(per, Employer.__table__, e.id == per.c.employer_id)
                            .order_by(per.c.n.desc(), per.c.amount.desc(), e.name).limit(TOP_ISSUE_EMPLOYERS))
        out.by_employer = [EmployerIssueRow(i, name, c, int(a), first_day(s, r, ctx.zone))
                           for i, name, c, a, s, r in rows]
    return {"open_issues": out}
