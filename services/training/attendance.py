"""Attendance: one person at one session (the tap list on a tablet, or the ticket's QR code scanned). Recording
it twice is a no-op; a mistaken one is cancelled (who, when, why), never deleted, and can be recorded again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import Seeker
from models.base import utcnow
from models.training import Attendance, AttendanceMethod, CourseSession, CourseStatus, Enrolment, EnrolmentStatus
from services.core.db import transactional
from services.core.errors import FieldErrors, NotFound, PortalError, StateChanged
from services.core.i18n import N_
from services.registration.tickets import mask_name, normalize_ticket_code
from services.training.staff import check_place, course_of, staff_member

NOT_ON_COURSE = N_("{name} is not enrolled on this course: enrol them first.")
NO_TICKET = N_("No one registered has the ticket code {code}.")
NO_SESSION = N_("This session does not exist.")


@dataclass(frozen=True)
class Recorded:
    seeker_id: int
    name: str  # masked
    new: bool  # False: already recorded (nothing changed)


def _person(session: Session, seeker_id: int | None, ticket_code: str | None) -> Seeker:
    if seeker_id is not None:
        seeker = session.get(Seeker, seeker_id)
        if seeker is None:
            raise NotFound(N_("No registered person has this number."))
        return seeker
    code = normalize_ticket_code(ticket_code or "")
    if not code:
        raise FieldErrors.one("code", N_("Scan the ticket or type its code."))
    found = session.scalars(select(Seeker).where(Seeker.ticket_code == code)).first()  # type: ignore[arg-type]
    if found is None:
        raise NotFound(NO_TICKET, code=code)
    return found


def _session_row(session: Session, session_id: int) -> CourseSession:
    row = session.get(CourseSession, session_id)
    if row is None:
        raise NotFound(NO_SESSION)
    return row


@transactional
def record_attendance(session: Session, *, session_id: int, by: int, method: str = AttendanceMethod.TAP,
                      seeker_id: int | None = None, ticket_code: str | None = None) -> Recorded:
    """This person (by id, or by ticket code) came to this session. PortalError when they are not enrolled."""
    method = AttendanceMethod(method)
    user = staff_member(session, by)
    lesson = _session_row(session, session_id)
    course = course_of(session, lesson.course_id)
    check_place(user, course.township)
    if course.status == CourseStatus.CANCELLED:
        raise StateChanged(N_("This course was cancelled."))
    seeker = _person(session, seeker_id, ticket_code)
    assert seeker.id is not None
    name = mask_name(seeker.name)
    enrolment = session.scalars(select(Enrolment).where(
        Enrolment.course_id == course.id, Enrolment.seeker_id == seeker.id,  # type: ignore[arg-type]
        Enrolment.status != EnrolmentStatus.WITHDRAWN)).first()  # type: ignore[arg-type]
    if enrolment is None:
        raise PortalError(NOT_ON_COURSE, name=name)
    assert enrolment.id is not None
    existing = session.scalars(select(Attendance).where(
        Attendance.session_id == session_id, Attendance.seeker_id == seeker.id)  # type: ignore[arg-type]
        .with_for_update()).first()
    if existing is not None:
        if existing.cancelled_at is None:
            return Recorded(seeker.id, name, new=False)
        existing.cancelled_at = existing.cancelled_by = None
        existing.cancel_reason = ""
        existing.method, existing.recorded_at, existing.recorded_by = method, utcnow(), by
        return Recorded(seeker.id, name, new=True)
    try:
        with session.begin_nested():
            session.add(Attendance(session_id=session_id, enrolment_id=enrolment.id, seeker_id=seeker.id,
                                   method=method, recorded_by=by))
            session.flush()
    except IntegrityError:  # recorded at this moment from another tablet: one row
        return Recorded(seeker.id, name, new=False)
    return Recorded(seeker.id, name, new=True)


@transactional
def cancel_attendance(session: Session, *, session_id: int, seeker_id: int, by: int, reason: str) -> None:
    """A mistaken tap: the attendance is cancelled (kept, with who, when, why)."""
    user = staff_member(session, by)
    lesson = _session_row(session, session_id)
    check_place(user, course_of(session, lesson.course_id).township)
    row = session.scalars(select(Attendance).where(
        Attendance.session_id == session_id, Attendance.seeker_id == seeker_id)  # type: ignore[arg-type]
        .with_for_update()).first()
    if row is None or row.cancelled_at is not None:
        raise StateChanged(N_("No attendance is recorded for this person at this session."))
    row.cancelled_at, row.cancelled_by = utcnow(), by
    row.cancel_reason = (" ".join((reason or "").split()) or "mistaken tap")[:500]
