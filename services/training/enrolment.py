"""Enrolling a person on a course and withdrawing them: docs/TRAINING.md's capacity rule.

A seat is taken by `UPDATE course SET enrolled = enrolled + 1 WHERE id = :id AND enrolled < capacity AND
status = 'open'`: no row updated means the course is full (or cancelled), exact under concurrent enrolments
on both backends (a row lock on PostgreSQL; SQLite's writes are serialized by BEGIN IMMEDIATE). One person is
enrolled once per course (`ux_enrolment_course_seeker`): a withdrawn enrolment enrolled again is the same row,
active again. A withdrawal gives the seat back; nothing is deleted.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import Course, CourseStatus, Enrolment, EnrolmentStatus
from models.base import utcnow
from services.core.clock import local_today
from services.core.db import transactional
from services.core.errors import NotFound, PortalError, StateChanged
from services.core.i18n import N_

CANCELLED_BY_PERSON = "cancelled by the person"


class CourseFull(PortalError):
    message = N_("This course is full.")


class CourseClosed(PortalError):
    message = N_("This course is cancelled or over.")


class AlreadyEnrolled(PortalError):
    message = N_("Already enrolled on this course.")


class CourseNotFound(NotFound):
    message = N_("This course no longer exists.")


def _enrolment(session: Session, course_id: int, seeker_id: int) -> Enrolment | None:
    return session.exec(select(Enrolment).where(Enrolment.course_id == course_id,
                                                Enrolment.seeker_id == seeker_id)).first()


@transactional
def enrol(session: Session, *, course_id: int, seeker_id: int, channel: str, by: int | None = None) -> Enrolment:
    """Take a seat for the person. `by`: the staff member (None: the person themself).

    Refused: CourseClosed (cancelled, or ended before the county's today), CourseFull, AlreadyEnrolled."""
    course = session.get(Course, course_id)
    if course is None:
        raise CourseNotFound()
    if course.status != CourseStatus.OPEN or course.ends_on < local_today():
        raise CourseClosed()
    existing = _enrolment(session, course_id, seeker_id)
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        raise AlreadyEnrolled()
    c = Course.__table__.c
    taken = session.execute(update(Course.__table__)
                            .where(c.id == course_id, c.enrolled < c.capacity, c.status == CourseStatus.OPEN)
                            .values(enrolled=c.enrolled + 1))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise CourseFull()
    session.expire(course)
    if existing is not None:  # enrolled again after a withdrawal: the same row, active again
        existing.status, existing.channel, existing.enrolled_at, existing.enrolled_by = (
            EnrolmentStatus.ENROLLED, channel, utcnow(), by)
        existing.withdrawn_at, existing.withdrawn_by, existing.withdraw_reason = None, None, ""
        session.add(existing)
        session.flush()
        return existing
    row = Enrolment(course_id=course_id, seeker_id=seeker_id, channel=channel, enrolled_by=by)
    try:
        with session.begin_nested():  # the same person enrolling twice at once: the second is refused
            session.add(row)
            session.flush()
    except IntegrityError:
        raise AlreadyEnrolled() from None
    return row


@transactional
def withdraw(session: Session, *, course_id: int, seeker_id: int, by: int | None = None,
             reason: str = CANCELLED_BY_PERSON) -> Enrolment:
    """The person leaves the course (or is taken off it): the seat is given back; the row is kept."""
    row = session.exec(select(Enrolment).where(Enrolment.course_id == course_id, Enrolment.seeker_id == seeker_id)
                       .with_for_update()).first()
    if row is None:
        raise NotFound(N_("Not enrolled on this course."))
    if row.status != EnrolmentStatus.ENROLLED:  # withdrawn already, or completed
        raise StateChanged(N_("This enrolment was changed in the meantime."))
    row.status, row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = (
        EnrolmentStatus.WITHDRAWN, utcnow(), by, reason[:500])
    session.add(row)
    c = Course.__table__.c
    session.execute(update(Course.__table__).where(c.id == course_id, c.enrolled > 0)
                    .values(enrolled=c.enrolled - 1))
    session.flush()
    return row
