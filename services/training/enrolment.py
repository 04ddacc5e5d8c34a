"""Enrolment: one person once per course, within its capacity (docs/TRAINING.md).

A seat is taken by one guarded statement, `UPDATE course SET enrolled = enrolled + 1 WHERE id = :id AND
enrolled < capacity AND status = 'open'`, refused when it updates no row: exact under concurrent enrolments
(PostgreSQL locks the course row and re-checks the condition; SQLite serializes writes with BEGIN IMMEDIATE).
The seat and the enrolment row are written in one savepoint: when the same person is enrolled at the same
moment by someone else, the unique constraint refuses the second row and the savepoint gives its seat back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import AuditEvent, Seeker
from models.base import utcnow
from models.training import Course, CourseStatus, EnrolChannel, Enrolment, EnrolmentStatus
from services.core.clock import local_today
from services.core.db import transactional
from services.core.errors import FieldErrors, NotFound, PortalError, StateChanged
from services.core.i18n import N_
from services.registration.tickets import mask_name
from services.training.staff import ENROLLING_ROLES, check_place, course_of, staff_member

COURSE_FULL = N_("This course is full.")
COURSE_CLOSED = N_("This course was cancelled or is over: no one can enrol.")
ALREADY = N_("{name} is already enrolled on this course.")
NO_SEEKER = N_("No registered person has this number.")
NOT_ENROLLED = N_("{name} is not enrolled on this course.")
CANCELLED_BY_PERSON = "cancelled by the person"  # the reason recorded when a person withdraws themself
SELF_CHANNELS = frozenset({EnrolChannel.TICKET, EnrolChannel.KIOSK})

_c = Course.__table__.c


class CourseFull(PortalError):
    message = COURSE_FULL


class CourseClosed(PortalError):
    message = COURSE_CLOSED


class AlreadyEnrolled(PortalError):
    """The person is on the course already: nothing was written."""

    message = ALREADY


@dataclass(frozen=True)
class Enrolled:
    enrolment_id: int
    reactivated: bool  # a withdrawn enrolment taken up again (the same row)


def is_closed(course: Course, today: date) -> bool:
    return course.status != CourseStatus.OPEN or course.ends_on < today


def _take_seat(session: Session, course_id: int) -> bool:
    result = session.execute(update(Course).where(and_(
        _c.id == course_id, _c.enrolled < _c.capacity, _c.status == CourseStatus.OPEN,
    )).values(enrolled=_c.enrolled + 1).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _give_seat(session: Session, course_id: int) -> None:
    session.execute(update(Course).where(and_(_c.id == course_id, _c.enrolled > 0))
                    .values(enrolled=_c.enrolled - 1).execution_options(synchronize_session=False))


def _refusal(session: Session, course_id: int) -> PortalError:
    status = session.execute(select(_c.status).where(_c.id == course_id)).scalar_one()
    return CourseClosed() if status != CourseStatus.OPEN else CourseFull()


def _seeker(session: Session, seeker_id: int) -> Seeker:
    seeker = session.get(Seeker, seeker_id)
    if seeker is None:
        raise NotFound(NO_SEEKER)
    return seeker


def _existing(session: Session, course_id: int, seeker_id: int, *, lock: bool = False) -> Enrolment | None:
    query = select(Enrolment).where(Enrolment.course_id == course_id,  # type: ignore[arg-type]
                                    Enrolment.seeker_id == seeker_id)  # type: ignore[arg-type]
    return session.scalars(query.with_for_update() if lock else query).first()


@transactional
def enrol(session: Session, *, course_id: int, seeker_id: int, channel: str, by: int | None,
          today: date | None = None) -> Enrolled:
    """Enrol a person. Refused (PortalError): `CourseFull`, `CourseClosed` (cancelled or over),
    `AlreadyEnrolled` (a no-op: never a second row). A withdrawn person's row is taken up again."""
    channel = EnrolChannel(channel)
    course = course_of(session, course_id)
    if by is None:
        if channel not in SELF_CHANNELS:
            raise PortalError(N_("Staff enrol people with their own account."))
    else:
        user = staff_member(session, by, ENROLLING_ROLES)
        check_place(user, course.township)
    seeker = _seeker(session, seeker_id)
    if is_closed(course, today or local_today()):
        raise CourseClosed()
    existing = _existing(session, course_id, seeker_id, lock=True)
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        raise AlreadyEnrolled(name=mask_name(seeker.name))
    if existing is not None:  # withdrawn: the same row again
        if not _take_seat(session, course_id):
            raise _refusal(session, course_id)
        existing.status, existing.channel = EnrolmentStatus.ENROLLED, channel
        existing.enrolled_at, existing.enrolled_by = utcnow(), by
        existing.withdrawn_at = existing.withdrawn_by = None
        existing.withdraw_reason = ""
        session.flush()
        assert existing.id is not None
        return Enrolled(existing.id, reactivated=True)
    try:
        with session.begin_nested():
            if not _take_seat(session, course_id):
                raise _refusal(session, course_id)
            row = Enrolment(course_id=course_id, seeker_id=seeker_id, channel=channel, enrolled_by=by)
            session.add(row)
            session.flush()
    except IntegrityError:  # the same person enrolled at this moment by someone else: their row stands
        raise AlreadyEnrolled(name=mask_name(seeker.name)) from None
    assert row.id is not None
    return Enrolled(row.id, reactivated=False)


@transactional
def withdraw(session: Session, *, course_id: int, seeker_id: int, by: int | None, reason: str) -> None:
    """Take a person off a course (who, when, why): the seat is free again; the row stays."""
    why = " ".join((reason or "").split())
    if not why:
        raise FieldErrors.one("reason", N_("Say why the person leaves the course."))
    course = course_of(session, course_id)
    if by is not None:
        check_place(staff_member(session, by, ENROLLING_ROLES), course.township)
    seeker = _seeker(session, seeker_id)
    row = _existing(session, course_id, seeker_id, lock=True)
    if row is None or row.status == EnrolmentStatus.WITHDRAWN:
        raise StateChanged(NOT_ENROLLED, name=mask_name(seeker.name))
    if row.status == EnrolmentStatus.COMPLETED:
        raise StateChanged(N_("{name} has completed the course: the enrolment stays."), name=mask_name(seeker.name))
    row.status = EnrolmentStatus.WITHDRAWN
    row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = utcnow(), by, why[:500]
    _give_seat(session, course_id)


@dataclass
class ManyResult:
    """What `enrol_many` did, each person by their masked name."""

    enrolled: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    full: list[str] = field(default_factory=list)  # refused: no seat left


@transactional
def enrol_many(session: Session, *, course_id: int, seeker_ids: list[int], by: int,
               channel: str = EnrolChannel.LIST, today: date | None = None) -> ManyResult:
    """Enrol several people in one transaction, in the order given, until the seats run out."""
    result = ManyResult()
    user = staff_member(session, by, ENROLLING_ROLES)
    course = course_of(session, course_id)
    check_place(user, course.township)
    for seeker_id in dict.fromkeys(seeker_ids):
        name = mask_name(_seeker(session, seeker_id).name)
        try:
            enrol(session, course_id=course_id, seeker_id=seeker_id, channel=channel, by=by, today=today)
        except AlreadyEnrolled:
            result.already.append(name)
        except CourseFull:
            result.full.append(name)
        else:
            result.enrolled.append(name)
    if result.enrolled:
        session.add(AuditEvent(actor=user.username, action="training_enrolled_from_list",
                               detail={"course_id": course_id, "enrolled": len(result.enrolled)}))
    return result
