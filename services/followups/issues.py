"""Wage and safety issues found at visits: opened by the visit, flagging the employer until resolved.

A visit whose report says the last wage was not paid in full and on time opens an UNPAID issue (amount
owed and since when, when known); "not safe" an UNSAFE one; the outcome "dispute" a DISPUTE one with its
description. An issue is open while `resolved_at` is NULL; `resolve_issue` closes it with who, when and
how (audited), never deleting it. The employer's flag for organizers (and the employers page) is one
GROUP BY over the open issues: how many, the amount owed, since when. The issues of a cancelled hire are
kept but counted nowhere (`ACTIVE_HIRE`, as the dashboard's panel: the figures that should agree do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import AuditEvent, Employer, FollowUp, Hire, IssueKind, Outcome, Seeker, StaffUser, WageIssue
from models.application import ACTIVE_HIRE
from models.base import utcnow
from services.core.clock import local_zone
from services.core.db import read_only, select_wide, transactional
from services.core.errors import FieldErrors, NotFound, StateChanged
from services.core.i18n import N_
from services.followups.report import NOTE_MAX, VisitReport
from services.registration.tickets import mask_name

_w, _e = WageIssue.__table__.c, Employer.__table__.c
_s, _h = Seeker.__table__.c, Hire.__table__.c


class IssueResolved(StateChanged):
    message = N_("Someone has already resolved this issue.")


def open_for_visit(session: Session, visit: FollowUp, report: VisitReport, *, user_id: int | None,
                   now: datetime) -> list[WageIssue]:
    """The issues a recorded visit brings to light (none when the report shows none)."""
    assert visit.id is not None
    base: dict[str, Any] = dict(follow_up_id=visit.id, hire_id=visit.hire_id, seeker_id=visit.seeker_id,
                                employer_id=visit.employer_id, reported_by=user_id, reported_at=now)
    found: list[WageIssue] = []
    if report.wage_paid is False:
        found.append(WageIssue(kind=IssueKind.UNPAID, amount=report.unpaid_amount, since=report.unpaid_since,
                               description=report.note if report.outcome != Outcome.DISPUTE else "", **base))
    if report.safe is False:
        found.append(WageIssue(kind=IssueKind.UNSAFE, description=report.note, **base))
    if report.outcome == Outcome.DISPUTE:
        found.append(WageIssue(kind=IssueKind.DISPUTE, description=report.note, **base))
    session.add_all(found)
    session.flush()
    return found


@transactional
def resolve_issue(session: Session, *, issue_id: int, user_id: int, resolution: str,
                  now: datetime | None = None) -> WageIssue:
    """Close an open issue with how it was resolved (needed). StateChanged when already resolved."""
    resolution = " ".join((resolution or "").split())[:NOTE_MAX]
    issue = session.scalars(select(WageIssue).where(_w.id == issue_id).with_for_update()
                            .execution_options(populate_existing=True)).first()
    if issue is None:
        raise NotFound(N_("This issue no longer exists."))
    if issue.resolved_at is not None:
        raise IssueResolved()
    if not resolution:
        raise FieldErrors.one("resolution", N_("Say how the issue was resolved."))
    now = now or utcnow()
    issue.resolved_at, issue.resolved_by, issue.resolution = now, user_id, resolution
    session.add(issue)
    user = session.get(StaffUser, user_id)
    session.add(AuditEvent(at=now, actor=user.username if user else "", action="wage_issue_resolved",
                           detail={"issue": issue_id, "kind": issue.kind, "employer": issue.employer_id}))
    session.flush()
    return issue


@dataclass(frozen=True)
class EmployerIssues:
    """An employer's open issues: how many, the wages owed (yuan, where known), since when (local date)."""

    employer_id: int
    name: str
    count: int
    amount: int
    since: date | None
    unpaid: int = 0  # of `count`, per kind
    disputes: int = 0
    unsafe: int = 0


def first_day(since: date | None, first_report: datetime | None, zone: ZoneInfo) -> date | None:
    """"Since when" of open issues, the one rule (employer flags, the dashboard): the earliest of the "unpaid
    since" recorded and the local day the first of them was reported (a dispute has no "since")."""
    reported = first_report.astimezone(zone).date() if first_report is not None else None
    return min((d for d in (since, reported) if d is not None), default=None)


def _n(kind: str) -> Any:
    return func.coalesce(func.sum(case((_w.kind == kind, 1), else_=0)), 0)


def _by_employer(conn: Connection, employer_id: int | None) -> list[EmployerIssues]:
    where = [_w.resolved_at.is_(None), ACTIVE_HIRE] + \
        ([_w.employer_id == employer_id] if employer_id is not None else [])
    rows = conn.execute(
        select(_w.employer_id, _e.name, func.count(), func.coalesce(func.sum(_w.amount), 0), func.min(_w.since),
               func.min(_w.reported_at), _n(IssueKind.UNPAID), _n(IssueKind.DISPUTE), _n(IssueKind.UNSAFE))
        .select_from(WageIssue.__table__.join(Employer.__table__, _e.id == _w.employer_id)
                     .join(Hire.__table__, _h.id == _w.hire_id))
        .where(*where).group_by(_w.employer_id, _e.name))
    zone = local_zone()
    found = []
    for employer, name, count, amount, since, first_report, unpaid, disputes, unsafe in rows:
        found.append(EmployerIssues(employer, name, int(count), int(amount), first_day(since, first_report, zone),
                                    int(unpaid), int(disputes), int(unsafe)))
    return sorted(found, key=lambda i: (-i.count, -i.amount, i.name))


@read_only
def _read(session: Session, employer_id: int | None) -> list[EmployerIssues]:
    return _by_employer(session.connection(), employer_id)


def open_issues_by_employer(source: Engine | Session | Connection) -> list[EmployerIssues]:
    """Every employer with open issues, the most first (one GROUP BY). `source`: an engine, a session, or a
    dashboard panel's connection."""
    return _by_employer(source, None) if isinstance(source, Connection) else _read(source, None)


def employer_issue_flag(source: Engine | Session | Connection, employer_id: int) -> EmployerIssues | None:
    """The employer's open issues, or None when it has none."""
    found = _by_employer(source, employer_id) if isinstance(source, Connection) else _read(source, employer_id)
    return found[0] if found else None


@dataclass(frozen=True)
class OpenIssue:
    issue_id: int
    employer_id: int
    employer_name: str
    kind: str  # IssueKind
    amount: int | None
    since: date | None
    description: str
    seeker_name: str  # masked (王*梅)
    township: str
    city: str  # the hire's destination
    reported_at: datetime


@read_only
def open_issues(session: Session, *, employer_id: int | None = None, township: str | None = None,
                    city: str | None = None, limit: int = 100) -> list[OpenIssue]:
    """Open wage issues (not resolved), the oldest first, narrowed by employer, township or city: the
    employers page resolves them, the follow-ups page lists them."""
    where: list[ColumnElement[bool]] = [_w.resolved_at.is_(None), ACTIVE_HIRE]
    if employer_id is not None:
        where.append(_w.employer_id == employer_id)
    if township is not None:
        where.append(_s.township == township)
    if city is not None:
        where.append(_h.city == city)
    rows = session.execute(
        select_wide(WageIssue, _e.name, _s.name, _s.township, _h.city)
        .join(Employer, _e.id == _w.employer_id)
        .join(Seeker, _s.id == _w.seeker_id)
        .join(Hire, _h.id == _w.hire_id)
        .where(and_(*where))
        .order_by(_w.reported_at, _w.id).limit(limit)).all()
    out = []
    for issue, employer, name, township_name, hire_city in rows:
        assert issue.id is not None
        out.append(OpenIssue(issue.id, issue.employer_id, employer, issue.kind, issue.amount, issue.since,
                             issue.description, mask_name(name), township_name or "", hire_city,
                             issue.reported_at))
    return out
