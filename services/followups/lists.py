"""What is due and overdue, for whom: the follow-up lists and their figures, scoped to who is asking.

A `VisitScope` narrows every list and figure: township staff see the visits of people whose township
(the seeker's, where they registered) is theirs; a workstation the hires whose destination city is its
city; a recruiter their employer's hires; organizers everything (and may narrow it the same way).
Due / overdue / upcoming come only from `due.py`'s SQL. Names and phones are masked as other staff lists
mask them (`mask_name`, the stored `phone_masked`). Paged in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import Employer, FollowUp, Hire, Role, Seeker, StaffUser, VisitStatus
from services.core.db import read_only
from services.core.errors import NotFound
from services.core.i18n import N_
from services.followups.due import DueState, due_sql, open_sql, overdue_sql, upcoming_sql
from services.followups.due import state as due_state
from services.registration.tickets import mask_name

_f, _h, _s, _e = FollowUp.__table__.c, Hire.__table__.c, Seeker.__table__.c, Employer.__table__.c


class NoFollowUpAccess(NotFound):
    message = N_("Your account does not follow up on hires.")


@dataclass(frozen=True)
class VisitScope:
    """Which visits: None means any (organizers). Several given: all must hold."""

    township: str | None = None  # the seeker's township
    city: str | None = None  # the hire's destination city (a workstation)
    employer_id: int | None = None  # the hire's employer (a recruiter)

    def where(self) -> list[ColumnElement[bool]]:
        """Conditions over `follow_up` joined with `seeker` and `hire` (see `_joined`)."""
        found: list[ColumnElement[bool]] = []
        if self.township is not None:
            found.append(_s.township == self.township)
        if self.city is not None:
            found.append(_h.city == self.city)
        if self.employer_id is not None:
            found.append(_f.employer_id == self.employer_id)
        return found

    def holds(self, *, township: str, city: str, employer_id: int) -> bool:
        """The Python form of `where`, for one visit."""
        return ((self.township is None or township == self.township) and (self.city is None or city == self.city)
                and (self.employer_id is None or employer_id == self.employer_id))


def scope_for(user: StaffUser) -> VisitScope:
    """The visits a staff member may see and record; NoFollowUpAccess for roles without follow-ups."""
    if user.role == Role.ORGANIZER:
        return VisitScope()
    if user.role == Role.TOWNSHIP and user.township:
        return VisitScope(township=user.township)
    if user.role == Role.WORKSTATION and user.city:
        return VisitScope(city=user.city)
    if user.role == Role.RECRUITER and user.employer_id is not None:
        return VisitScope(employer_id=user.employer_id)
    raise NoFollowUpAccess()


def _joined(*, hire: bool = True, seeker: bool = True) -> Any:
    """`follow_up` with its hire and seeker (each only when a condition or a column needs it)."""
    joined: Any = FollowUp.__table__
    if hire:
        joined = joined.join(Hire.__table__, _h.id == _f.hire_id)
    if seeker:
        joined = joined.join(Seeker.__table__, _s.id == _f.seeker_id)
    return joined


def _needed(scope: VisitScope) -> dict[str, bool]:
    return {"hire": scope.city is not None, "seeker": scope.township is not None}


# --- figures ----------------------------------------------------------------------------------------

By = Literal["township", "employer", "city"]


@dataclass(frozen=True)
class VisitCount:
    key: str | int  # township name, employer id or city
    label: str  # township name, employer name or city
    due: int
    overdue: int
    upcoming: int


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@read_only
def visit_counts(session: Session, scope: VisitScope, today: date, by: By = "township") -> list[VisitCount]:
    """Visits still to make per township / employer / destination city (one GROUP BY): due, overdue and
    upcoming on `today` (the county's date), the most overdue first."""
    need = _needed(scope)
    if by == "township":
        key, label, joined = _s.township, _s.township, _joined(**{**need, "seeker": True})
    elif by == "employer":
        key, label = _f.employer_id, _e.name
        joined = _joined(**need).join(Employer.__table__, _e.id == _f.employer_id)
    elif by == "city":
        key, label, joined = _h.city, _h.city, _joined(**{**need, "hire": True})
    else:
        raise ValueError(f"unknown grouping {by!r}")
    stmt = (select(key, label, _count(due_sql(today)), _count(overdue_sql(today)), _count(upcoming_sql(today)))
            .select_from(joined).where(open_sql(), *scope.where()).group_by(key, label))
    rows = [VisitCount(k if k is not None else "", lb or "", int(d), int(o), int(u))
            for k, lb, d, o, u in session.connection().execute(stmt)]
    return sorted(rows, key=lambda c: (-c.overdue, -c.due, -c.upcoming, c.label))


# --- the list -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRow:
    follow_up_id: int
    hire_id: int
    seeker_id: int
    name: str  # masked (registration.tickets.mask_name)
    township: str
    village: str
    employer_id: int
    employer: str  # the hire's employer's name
    city: str  # the hire's destination
    month: int | None  # k of a k-month visit; None: an extra visit
    start_date: date  # the hire's start
    due_date: date
    window_opens: date
    window_closes: date
    state: DueState
    phone_masked: str
    outcome: str | None = None  # once recorded
    visited_on: date | None = None

    @property
    def window(self) -> tuple[date, date]:
        return self.window_opens, self.window_closes


@dataclass(frozen=True)
class VisitPage:
    rows: list[VisitRow]
    total: int


def _state_sql(wanted: DueState | None, today: date) -> ColumnElement[bool]:
    if wanted is None:
        return open_sql()
    return {DueState.DUE: due_sql(today), DueState.OVERDUE: overdue_sql(today), DueState.UPCOMING: upcoming_sql(today),
            DueState.DONE: _f.status == VisitStatus.DONE,
            DueState.CANCELLED: _f.status == VisitStatus.CANCELLED}[wanted]


@read_only
def visit_list(session: Session, scope: VisitScope, today: date, *, state: DueState | None = None, page: int = 0,
               per_page: int = 50) -> VisitPage:
    """One page of visits in the scope: still to make (`state` None: due, overdue and upcoming), or only
    those in one state. Open visits the most overdue first (window closing earliest); done ones latest first."""
    conn = session.connection()
    where = [_state_sql(state, today), *scope.where()]
    total = conn.execute(select(func.count()).select_from(_joined(**_needed(scope))).where(*where)).scalar_one()
    order = [_f.visited_on.desc(), _f.id.desc()] if state == DueState.DONE else \
        [_f.window_closes, _f.due_date, _f.id]
    rows = conn.execute(
        select(_f.id, _f.hire_id, _f.seeker_id, _s.name, _s.township, _s.village, _f.employer_id, _e.name, _h.city,
               _f.month, _h.start_date, _f.due_date, _f.window_opens, _f.window_closes, _f.status, _s.phone_masked,
               _f.outcome, _f.visited_on)
        .select_from(_joined().join(Employer.__table__, _e.id == _f.employer_id))
        .where(*where).order_by(*order).offset(max(page, 0) * per_page).limit(per_page))
    return VisitPage([_row(r, today) for r in rows], int(total))


def _row(r: Any, today: date) -> VisitRow:
    (fid, hire_id, seeker_id, name, township, village, employer_id, employer, city, month, start, due, opens, closes,
     status, phone, outcome, visited_on) = r
    return VisitRow(fid, hire_id, seeker_id, mask_name(name), township, village, employer_id, employer, city, month,
                    start, due, opens, closes, due_state(status, opens, closes, today), phone, outcome, visited_on)
