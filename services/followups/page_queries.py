"""Small selectors the follow-up pages need beside the lists (`lists.py`) and issues (`issues.py`).

- `visit_detail`: one visit as recorded (who, when, what): shown when someone else recorded it first.
- `due_visits_for_hires`: which of these hires has a visit due or overdue today (the recruiter's
  "Still employed? Confirm" on the pipeline), by the one rule of `due.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from models import FollowUp, StaffUser
from services.core.db import read_only, select_wide
from services.core.errors import NotFound
from services.core.i18n import N_
from services.followups.due import DueState, due_sql, overdue_sql

_f = FollowUp.__table__.c
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


@read_only
def visit_scope(session: Session, user_id: int) -> Any:
    """The visits this staff member follows (`lists.scope_for` of their account)."""
    import importlib

    scope_for = importlib.import_module("services.followups.lists").scope_for  # fu-core's module (issue 13)
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NotFound(N_("This account does not exist."))
    return scope_for(user)
