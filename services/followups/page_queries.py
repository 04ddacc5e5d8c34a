"""Small selectors the follow-up pages need beside fu-core's lists (`lists.py`) and issues (`issues.py`).

- `visit_detail`: one visit as recorded (who, when, what): shown when someone else recorded it first.
- `due_visits_for_hires`: which of these hires has a visit due or overdue today (the recruiter's
  "Still employed? Confirm" on the pipeline), by the one rule of `due.py`.
- `open_issue_list`: the open wage issues one by one (the employers page resolves them; the
  follow-ups page lists them), narrowed like the visit lists (township, city, employer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import Employer, FollowUp, Hire, Seeker, StaffUser, WageIssue
from services.core.db import read_only, select_wide
from services.core.errors import NotFound
from services.core.i18n import N_
from services.followups.due import DueState, due_sql, overdue_sql
from services.registration.tickets import mask_name

_f = FollowUp.__table__.c
_i = WageIssue.__table__.c
_s = Seeker.__table__.c
_e = Employer.__table__.c
_h = Hire.__table__.c
_u = StaffUser.__table__.c


@dataclass(frozen=True)
class VisitDetail:
    follow_up_id: int
    hire_id: int
    status: str
    month: int | None
    due_date: date
    outcome: str | None
    visited_on: date | None
    monthly_wage: int | None
    new_employer: str
    wage_paid: bool | None
    safe: bool | None
    note: str
    recorded_by: str  # the staff member's name ("" when unknown)
    recorded_at: datetime | None


@read_only
def visit_detail(session: Session, follow_up_id: int) -> VisitDetail | None:
    row = session.execute(
        select_wide(FollowUp, _u.display_name)
        .outerjoin(StaffUser, _u.id == _f.recorded_by)
        .where(_f.id == follow_up_id)).first()
    if row is None:
        return None
    v, who = row
    assert v.id is not None
    return VisitDetail(v.id, v.hire_id, v.status, v.month, v.due_date, v.outcome, v.visited_on, v.monthly_wage,
                       v.new_employer, v.wage_paid, v.safe, v.note, who or "", v.recorded_at)


@dataclass(frozen=True)
class DueVisit:
    follow_up_id: int
    month: int | None
    due_date: date
    state: DueState  # DUE or OVERDUE


@read_only
def due_visits_for_hires(session: Session, hire_ids: Iterable[int], today: date) -> dict[int, DueVisit]:
    """hire id -> its earliest visit due or overdue on `today` (hires with none are left out)."""
    ids = sorted(set(hire_ids))
    if not ids:
        return {}
    overdue = overdue_sql(today)
    rows = session.execute(
        select(_f.id, _f.hire_id, _f.month, _f.due_date, overdue.label("overdue"))
        .where(_f.hire_id.in_(ids), or_(due_sql(today), overdue))
        .order_by(_f.hire_id, _f.due_date, _f.id)).all()
    found: dict[int, DueVisit] = {}
    for fid, hire_id, month, due, late in rows:
        found.setdefault(hire_id, DueVisit(fid, month, due, DueState.OVERDUE if late else DueState.DUE))
    return found


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
def open_issue_list(session: Session, *, employer_id: int | None = None, township: str | None = None,
                    city: str | None = None, limit: int = 100) -> list[OpenIssue]:
    """Open wage issues (not resolved), the oldest first, narrowed by employer, township or city."""
    where: list[ColumnElement[bool]] = [_i.resolved_at.is_(None)]
    if employer_id is not None:
        where.append(_i.employer_id == employer_id)
    if township is not None:
        where.append(_s.township == township)
    if city is not None:
        where.append(_h.city == city)
    rows = session.execute(
        select_wide(WageIssue, _e.name, _s.name, _s.township, _h.city)
        .join(Employer, _e.id == _i.employer_id)
        .join(Seeker, _s.id == _i.seeker_id)
        .join(Hire, _h.id == _i.hire_id)
        .where(and_(*where))
        .order_by(_i.reported_at, _i.id).limit(limit)).all()
    out = []
    for issue, employer, name, township_name, hire_city in rows:
        assert issue.id is not None
        out.append(OpenIssue(issue.id, issue.employer_id, employer, issue.kind, issue.amount, issue.since,
                             issue.description, mask_name(name), township_name or "", hire_city,
                             issue.reported_at))
    return out


@read_only
def visit_scope(session: Session, user_id: int) -> Any:
    """The visits this staff member follows (`lists.scope_for` of their account)."""
    import importlib

    scope_for = importlib.import_module("services.followups.lists").scope_for  # fu-core's module (issue 13)
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NotFound(N_("This account does not exist."))
    return scope_for(user)
