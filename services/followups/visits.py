"""Recording what a follow-up visit found: a scheduled visit, an extra one, or the recruiter's "still employed".

- `record_visit` fills one scheduled visit. Its row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's
  BEGIN IMMEDIATE already serialises writers) and must still be scheduled: of two people recording the
  same visit, the second gets `VisitAlreadyRecorded` (StateChanged), never overwriting the first.
- `record_extra_visit` is a visit outside the schedule. When the hire has a scheduled visit whose window
  holds the visit's day, that visit is filled instead; else, when a scheduled visit was overdue on that
  day (its window closed before), the latest such is filled (a late visit); only otherwise a row of its own
  (`month` NULL). A late visit never adds a second k-month visit.
- `confirm_still_employed`: the recruiter says the worker still works there (today, with the wage when
  known): fills the visit due or overdue today the same way, else an extra visit. Another employer's hire
  is refused as if it did not exist.

Each one opens the wage issues the report shows (`issues.open_for_visit`), sends an unreachable person to
the repair queue (`services.repairs.unreachable`), and is audited (`audit_event`, ids and outcome only).
Who may record: organizers, township staff for their township, workstation staff for their city
(`lists.scope_for`); recruiters only confirm.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from models import AuditEvent, FollowUp, Hire, Outcome, Role, Seeker, StaffUser, VisitStatus
from models.base import utcnow
from services.core.clock import local_zone
from services.core.db import transactional
from services.core.errors import NotFound, StateChanged
from services.core.i18n import N_
from services.followups import due
from services.followups.issues import open_for_visit
from services.followups.lists import NoFollowUpAccess, scope_for
from services.followups.report import VisitReport, validate_report
from services.repairs.unreachable import open_unreachable

__all__ = ["VisitReport", "confirm_still_employed", "record_extra_visit", "record_visit", "validate_report"]

_f = FollowUp.__table__.c


class VisitNotFound(NotFound):
    message = N_("This visit does not exist, or is not one you follow up on.")


class HireNotFound(NotFound):
    message = N_("This hire does not exist, or is not one you follow up on.")


class VisitAlreadyRecorded(StateChanged):
    message = N_("Someone has already recorded this visit; the list now shows what they recorded.")


class VisitCancelled(StateChanged):
    message = N_("This visit was cancelled: the hire was cancelled.")


class HireCancelledAlready(StateChanged):
    message = N_("This hire was cancelled; its visits are no longer made.")


class NotStartedYet(StateChanged):
    message = N_("This job has not started yet.")


def local_day(now: datetime) -> date:
    """The county's date at the instant `now`."""
    return now.astimezone(local_zone()).date()


def _visitor(session: Session, user_id: int | None, hire: Hire) -> StaffUser | None:
    """The staff member recording (None: the system); refused unless the hire is in their scope."""
    if user_id is None:
        return None
    user = session.get(StaffUser, user_id)
    if user is None or not user.active or user.role == Role.RECRUITER:
        raise NoFollowUpAccess()
    township = session.scalar(select(Seeker.__table__.c.township).where(Seeker.__table__.c.id == hire.seeker_id))
    if not scope_for(user).holds(township=township or "", city=hire.city, employer_id=hire.employer_id):
        raise HireNotFound()
    return user


def _locked_hire(session: Session, hire_id: int) -> Hire:
    hire = session.scalars(select(Hire).where(Hire.__table__.c.id == hire_id).with_for_update()
                           .execution_options(populate_existing=True)).first()
    if hire is None:
        raise HireNotFound()
    return hire


def _fill(session: Session, visit: FollowUp, report: VisitReport, user: StaffUser | None, now: datetime,
          action: str) -> FollowUp:
    """Write the (validated) report on the visit, open its issues, the repair item, the audit entry."""
    visit.status, visit.outcome, visit.visited_on = VisitStatus.DONE, report.outcome, report.visited_on
    visit.monthly_wage, visit.new_employer, visit.note = report.monthly_wage, report.new_employer, report.note
    visit.wage_paid, visit.safe = report.wage_paid, report.safe
    visit.recorded_by, visit.recorded_at = (user.id if user else None), now
    session.add(visit)
    session.flush()
    assert visit.id is not None
    issues = open_for_visit(session, visit, report, user_id=user.id if user else None, now=now)
    detail: dict[str, object] = {"follow_up": visit.id, "hire": visit.hire_id, "month": visit.month,
                                 "outcome": report.outcome, "issues": [i.id for i in issues]}
    if report.outcome == Outcome.UNREACHABLE:
        detail["repair_item"] = open_unreachable(session, seeker_id=visit.seeker_id, follow_up_id=visit.id, now=now)
    session.add(AuditEvent(at=now, actor=user.username if user else "", action=action, detail=detail))
    session.flush()
    from services.summaries import hire_facts  # the hire's facts (docs/ROLLUPS.md "Hire facts")
    from services.summaries.households import refresh_for_hires  # the household's status (docs/ROLLUPS.md)

    refresh_for_hires(session.connection(), [visit.hire_id])
    hire_facts.refresh(session.connection(), [visit.hire_id])
    return visit


def _scheduled_for(session: Session, hire_id: int, day: date) -> FollowUp | None:
    """The hire's scheduled visit a visit on `day` fills: the one whose window holds it, else the latest one
    overdue on that day; None when the day is before every open window."""
    visits = list(session.scalars(select(FollowUp).where(
        _f.hire_id == hire_id, _f.status == VisitStatus.SCHEDULED, _f.month.is_not(None))
        .order_by(_f.window_opens, _f.id).with_for_update().execution_options(populate_existing=True)))
    states = [(v, due.state(v.status, v.window_opens, v.window_closes, day)) for v in visits]  # the one rule
    for visit, state in states:
        if state == due.DueState.DUE:
            return visit
    overdue = [v for v, state in states if state == due.DueState.OVERDUE]
    return overdue[-1] if overdue else None


def _extra(hire: Hire, day: date) -> FollowUp:
    assert hire.id is not None
    return FollowUp(hire_id=hire.id, seeker_id=hire.seeker_id, employer_id=hire.employer_id, month=None,
                    due_date=day, window_opens=day, window_closes=day)


@transactional
def record_visit(session: Session, *, follow_up_id: int, report: VisitReport, user_id: int | None,
                 now: datetime | None = None) -> FollowUp:
    """Record what the scheduled visit found. StateChanged when it is no longer scheduled."""
    now = now or utcnow()
    visit = session.scalars(select(FollowUp).where(_f.id == follow_up_id).with_for_update()
                            .execution_options(populate_existing=True)).first()
    if visit is None:
        raise VisitNotFound()
    hire = session.get(Hire, visit.hire_id)
    assert hire is not None  # a visit's hire is never deleted
    user = _visitor(session, user_id, hire)
    if visit.status == VisitStatus.CANCELLED:
        raise VisitCancelled()
    if visit.status != VisitStatus.SCHEDULED:
        raise VisitAlreadyRecorded()
    clean = validate_report(report, today=local_day(now), start_date=hire.start_date,
                            window_opens=visit.window_opens if visit.month is not None else None)
    return _fill(session, visit, clean, user, now, "follow_up_recorded")


@transactional
def record_extra_visit(session: Session, *, hire_id: int, report: VisitReport, user_id: int | None,
                       now: datetime | None = None) -> FollowUp:
    """A visit outside the schedule (fills the scheduled visit it counts for, if any: see the module)."""
    now = now or utcnow()
    hire = _locked_hire(session, hire_id)
    user = _visitor(session, user_id, hire)
    if hire.cancelled_at is not None:
        raise HireCancelledAlready()
    clean = validate_report(report, today=local_day(now), start_date=hire.start_date)
    visit = _scheduled_for(session, hire_id, clean.visited_on) or _extra(hire, clean.visited_on)
    return _fill(session, visit, clean, user, now, "follow_up_recorded")


@transactional
def confirm_still_employed(session: Session, *, hire_id: int, employer_id: int, user_id: int,
                           monthly_wage: int | None, now: datetime | None = None) -> FollowUp:
    """The recruiter's "still working here" (today; the wage when known): `user_id` must be an active recruiter
    of `employer_id`, the hire's employer (otherwise: not found, nothing recorded)."""
    now = now or utcnow()
    hire = _locked_hire(session, hire_id)
    user = session.get(StaffUser, user_id)
    if hire.employer_id != employer_id or user is None or not user.active or user.role != Role.RECRUITER \
            or user.employer_id != employer_id:
        raise HireNotFound()
    if hire.cancelled_at is not None:
        raise HireCancelledAlready()
    today = local_day(now)
    if hire.start_date > today:
        raise NotStartedYet()
    clean = validate_report(VisitReport(Outcome.WORKING, today, monthly_wage), today=today,
                            start_date=hire.start_date)
    visit = _scheduled_for(session, hire_id, today) or _extra(hire, today)
    return _fill(session, visit, clean, user, now, "follow_up_confirmed")
