"""What the training pages read: the course list with seats left, one course with its sessions, the roster with
attendance per session, the completion list, and registered people to enrol. Names are masked (王*兰) with the
stored phone mask, as in the follow-up lists; township staff see their own township's courses only."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from models import Fair, Seeker, Site
from models.training import Attendance, Certificate, Course, CourseSession, CourseVacancy, Enrolment, EnrolmentStatus
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import read_only
from services.core.validation import normalize_mobile
from services.registration.tickets import mask_name, normalize_ticket_code
from services.training.course_rules import CourseForm, course_state
from services.training.staff import check_place, course_of, scope_township, staff_member

_c = Course.__table__.c
STATES = ("upcoming", "running", "over", "cancelled")
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class CourseRow:
    id: int
    title: str
    kind: str
    trade: str | None
    provider: str
    township: str
    place: str  # the site's or fair's name, or the address
    starts_on: date
    ends_on: date
    capacity: int
    enrolled: int
    state: str  # upcoming / running / over / cancelled

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.enrolled) if self.state in ("upcoming", "running") else 0


PER_PAGE = 30


def _course_filters(session: Session, *, by: int, kind: str | None, township: str | None, state: str | None,
                    today: date) -> list[Any]:
    """The list's filters: kind, township (township staff: their own), state (upcoming / running / over /
    cancelled)."""
    township = scope_township(staff_member(session, by)) or township
    where: list[Any] = []
    if kind:
        where.append(_c.kind == kind)
    if township:
        where.append(_c.township == township)
    if state == "cancelled":
        where.append(_c.status == "cancelled")
    elif state:
        where.append(_c.status != "cancelled")
        where.append({"upcoming": _c.starts_on > today, "over": _c.ends_on < today,
                      "running": and_(_c.starts_on <= today, _c.ends_on >= today)}[state])
    return where


@read_only
def course_list(session: Session, *, by: int, kind: str | None = None, township: str | None = None,
                state: str | None = None, today: date | None = None, page: int = 0,
                per_page: int = PER_PAGE) -> tuple[list[CourseRow], int]:
    """One page of the courses, newest first, filtered by kind, township and state; and how many there are."""
    today = today or local_today()
    where = _course_filters(session, by=by, kind=kind, township=township, state=state, today=today)
    total = session.execute(select(func.count()).select_from(Course.__table__).where(*where)).scalar_one()
    site, fair = Site.__table__.c, Fair.__table__.c
    rows = session.execute(
        select(_c.id, _c.title, _c.kind, _c.trade, _c.provider, _c.township, site.name, fair.name, _c.address,
               _c.starts_on, _c.ends_on, _c.capacity, _c.enrolled, _c.status)
        .outerjoin(Site.__table__, site.id == _c.site_id).outerjoin(Fair.__table__, fair.id == _c.fair_id)
        .where(*where).order_by(_c.starts_on.desc(), _c.id.desc()).offset(max(0, page) * per_page)
        .limit(per_page)).all()
    return [CourseRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or r[7] or r[8], r[9], r[10], r[11], r[12],
                      course_state(r[9], r[10], r[13], today)) for r in rows], int(total)


@dataclass(frozen=True)
class SessionRow:
    id: int
    number: int
    starts_at: datetime
    hours: float
    topic: str


@dataclass(frozen=True)
class CourseView:
    row: CourseRow
    form: CourseForm  # what the edit form starts from
    description: str
    status: str
    cancel_reason: str
    sessions: list[SessionRow]


def _sessions(session: Session, course_id: int) -> list[SessionRow]:
    rows = session.scalars(select(CourseSession).where(CourseSession.course_id == course_id)  # type: ignore
                           .order_by(CourseSession.number)).all()  # type: ignore[arg-type]
    return [SessionRow(r.id, r.number, r.starts_at, r.hours, r.topic) for r in rows]  # type: ignore[arg-type]


@read_only
def course_view(session: Session, *, course_id: int, by: int, today: date | None = None) -> CourseView:
    user = staff_member(session, by)
    c = course_of(session, course_id)
    check_place(user, c.township)
    place = (session.get(Site, c.site_id) if c.site_id else session.get(Fair, c.fair_id) if c.fair_id else None)
    cv = CourseVacancy.__table__.c
    vacancies = list(session.scalars(select(cv.vacancy_id).where(cv.course_id == course_id)))
    assert c.id is not None
    row = CourseRow(c.id, c.title, c.kind, c.trade, c.provider, c.township, place.name if place else c.address,
                    c.starts_on, c.ends_on, c.capacity, c.enrolled,
                    course_state(c.starts_on, c.ends_on, c.status, today or local_today()))
    form = CourseForm(title=c.title, kind=c.kind, trade=c.trade, provider=c.provider, township=c.township,
                      site_id=c.site_id, fair_id=c.fair_id, address=c.address, starts_on=c.starts_on,
                      ends_on=c.ends_on, capacity=str(c.capacity), order_based=c.employer_id is not None,
                      employer_id=c.employer_id, vacancy_ids=vacancies, description=c.description)
    return CourseView(row, form, c.description, c.status, c.cancel_reason, _sessions(session, course_id))


@dataclass(frozen=True)
class RosterRow:
    enrolment_id: int
    seeker_id: int
    name: str  # masked
    phone: str  # masked
    village: str
    status: str  # enrolled / completed / withdrawn
    attended: frozenset[int] = field(default_factory=frozenset)  # session ids
    certificate: str | None = None


@read_only
def roster(session: Session, *, course_id: int, by: int, include_withdrawn: bool = False) -> list[RosterRow]:
    """Who is on the course, with the sessions each attended and the certificate number."""
    user = staff_member(session, by)
    check_place(user, course_of(session, course_id).township)
    e, s, cert = Enrolment.__table__.c, Seeker.__table__.c, Certificate.__table__.c
    where = [e.course_id == course_id]
    if not include_withdrawn:
        where.append(e.status != EnrolmentStatus.WITHDRAWN)
    rows = session.execute(
        select(e.id, e.seeker_id, s.name, s.phone_masked, s.village, e.status, cert.number)
        .join(Seeker.__table__, s.id == e.seeker_id).outerjoin(Certificate.__table__, cert.enrolment_id == e.id)
        .where(*where).order_by(s.village, s.name, e.id)).all()
    a = Attendance.__table__.c
    attended: dict[int, set[int]] = {}
    for enrolment_id, session_id in session.execute(
            select(a.enrolment_id, a.session_id).join(Enrolment.__table__, e.id == a.enrolment_id)
            .where(e.course_id == course_id, a.cancelled_at.is_(None))):
        attended.setdefault(enrolment_id, set()).add(session_id)
    return [RosterRow(r[0], r[1], mask_name(r[2]), r[3], r[4], r[5], frozenset(attended.get(r[0], ())), r[6])
            for r in rows]


@dataclass(frozen=True)
class Person:
    seeker_id: int
    name: str  # masked
    phone: str  # masked
    township: str
    village: str
    ticket_code: str


@read_only
def find_people(session: Session, vault: Vault, *, by: int, query: str, township: str | None = None) -> list[Person]:
    """Registered people to enrol: by ticket code, mobile number (its keyed digest) or name (exact, or a
    beginning of two characters or more); township staff find their own township's people only."""
    user = staff_member(session, by, frozenset({"organizer", "township", "desk"}))
    township = scope_township(user) or township
    raw = "".join((query or "").split())
    if not raw:
        return []
    s = Seeker.__table__.c
    conditions = [s.ticket_code == normalize_ticket_code(raw)]
    digits = raw.replace("-", "")
    if digits.isdigit() and len(digits) >= 11:
        with contextlib.suppress(ValueError):  # not a mobile number: the other conditions
            conditions.append(s.phone_hmac == vault.digest("phone", normalize_mobile(digits)))
    if not raw.isascii():
        conditions.append(s.name == raw)
        if len(raw) >= 2:
            conditions.append(s.name.like(raw.replace("%", "").replace("_", "") + "%"))
    where = [or_(*conditions)]
    if township:
        where.append(s.township == township)
    rows = session.execute(select(s.id, s.name, s.phone_masked, s.township, s.village, s.ticket_code)
                           .where(*where).order_by(s.name, s.id).limit(SEARCH_LIMIT)).all()
    return [Person(r[0], mask_name(r[1]), r[2], r[3], r[4], r[5]) for r in rows]


@dataclass(frozen=True)
class CompletionRow:
    name: str  # masked
    village: str
    completed_on: date
    attended: int
    certificate: str | None


@read_only
def completion_list(session: Session, *, course_id: int, by: int) -> tuple[CourseView, list[CompletionRow]]:
    view = course_view(session, course_id=course_id, by=by)
    rows = [r for r in roster(session, course_id=course_id, by=by) if r.status == EnrolmentStatus.COMPLETED]
    e = Enrolment.__table__.c
    days = dict(session.execute(select(e.id, e.completed_on).where(e.course_id == course_id,
                                                                     e.status == EnrolmentStatus.COMPLETED)).all())
    return view, [CompletionRow(r.name, r.village, days[r.enrolment_id], len(r.attended), r.certificate)
                  for r in rows]
