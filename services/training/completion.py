"""Completion and certificates.

The rule: a person completes a course when they attended at least `ATTENDANCE_SHARE` (80 %) of its sessions,
rounded up (4 of 5, 8 of 10, every one of 1–4 sessions... see `needed`). Staff may complete someone anyway
with a reason (an excused absence, a make-up class): the reason is kept in the audit log. A certificate is
issued once per completed enrolment; its number, `<county area code>-<year>-<sequence>` (530627-2026-00017), is
made in the same transaction and unique (a clash with a number issued at the same moment takes the next one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import AuditEvent, Seeker
from models.training import (
    Attendance,
    Certificate,
    CertificateLevel,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
)
from services.core.clock import local_today
from services.core.db import transactional
from services.core.errors import FieldErrors, NotFound, PortalError, StateChanged
from services.core.i18n import N_
from services.core.settings import get_settings
from services.places.county import load_county
from services.registration.tickets import mask_name
from services.training.staff import check_place, course_of, staff_member

ATTENDANCE_SHARE = 0.8
LEVEL_LABELS: dict[str, str] = {
    CertificateLevel.NONE: N_("Certificate of completion"),
    CertificateLevel.BASIC: N_("Basic (level 5)"),
    CertificateLevel.INTERMEDIATE: N_("Intermediate (level 4)"),
    CertificateLevel.ADVANCED: N_("Advanced (level 3)"),
}
SHORT = N_("{name} attended {attended} of {sessions} sessions; {needed} are needed. "
           "Give a reason to complete anyway.")


def needed(sessions: int) -> int:
    """Sessions to attend to complete: 80 % of them, rounded up (at least one when there are any)."""
    return math.ceil(round(sessions * ATTENDANCE_SHARE, 6))


def meets_rule(attended: int, sessions: int) -> bool:
    return sessions > 0 and attended >= needed(sessions)


def attended_count(session: Session, enrolment_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(Attendance).where(
        Attendance.enrolment_id == enrolment_id, Attendance.cancelled_at.is_(None))) or 0)  # type: ignore


def session_count(session: Session, course_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(CourseSession).where(
        CourseSession.course_id == course_id)) or 0)  # type: ignore[arg-type]


def _enrolment(session: Session, enrolment_id: int) -> Enrolment:
    row = session.get(Enrolment, enrolment_id, with_for_update=True)
    if row is None:
        raise NotFound(N_("This enrolment does not exist."))
    return row


@dataclass(frozen=True)
class Completed:
    attended: int
    sessions: int
    anyway: bool  # completed by staff below the rule, with a reason


@transactional
def complete(session: Session, *, enrolment_id: int, by: int, reason: str = "",
             today: date | None = None) -> Completed:
    """Complete an enrolment: by the attendance rule, or anyway with a reason (FieldErrors on `reason`)."""
    user = staff_member(session, by)
    row = _enrolment(session, enrolment_id)
    course = course_of(session, row.course_id)
    check_place(user, course.township)
    name = mask_name(session.get(Seeker, row.seeker_id).name)  # type: ignore[union-attr]
    if course.status == CourseStatus.CANCELLED:
        raise StateChanged(N_("This course was cancelled."))
    if row.status == EnrolmentStatus.COMPLETED:
        raise StateChanged(N_("{name} has completed this course already."), name=name)
    if row.status != EnrolmentStatus.ENROLLED:
        raise StateChanged(N_("{name} is not enrolled on this course."), name=name)
    assert row.id is not None
    attended, sessions = attended_count(session, row.id), session_count(session, course.id)  # type: ignore[arg-type]
    why = " ".join((reason or "").split())[:500]
    anyway = not meets_rule(attended, sessions)
    if anyway and not why:
        raise FieldErrors.one("reason", SHORT, name=name, attended=attended, sessions=sessions,
                              needed=needed(sessions))
    row.status, row.completed_on, row.completed_by = EnrolmentStatus.COMPLETED, today or local_today(), by
    detail: dict[str, object] = {"course_id": course.id, "enrolment_id": row.id, "attended": attended,
                                 "sessions": sessions}
    if anyway:
        detail["reason"] = why
    session.add(AuditEvent(actor=user.username, action="training_completed", detail=detail))
    return Completed(attended, sessions, anyway)


def _next_number(session: Session, prefix: str) -> str:
    number = Certificate.__table__.c.number
    last = session.scalar(select(func.max(number)).where(number.like(f"{prefix}%")))
    seq = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


@transactional
def issue_certificate(session: Session, *, enrolment_id: int, by: int, level: str = CertificateLevel.NONE,
                      today: date | None = None) -> str:
    """The certificate number of a completed enrolment: issued now, or the one it has (issued once)."""
    level = CertificateLevel(level)
    user = staff_member(session, by)
    row = _enrolment(session, enrolment_id)
    course = course_of(session, row.course_id)
    check_place(user, course.township)
    if row.status != EnrolmentStatus.COMPLETED:
        raise PortalError(N_("A certificate is issued once the course is completed."))
    day = today or local_today()
    prefix = f"{load_county(get_settings().county_file).area_code}-{day.year}-"
    for _attempt in range(20):
        cert = Certificate.__table__.c
        have = session.scalars(select(cert.number).where(cert.enrolment_id == enrolment_id)).first()
        if have is not None:
            return have
        number = _next_number(session, prefix)
        try:
            with session.begin_nested():
                session.add(Certificate(enrolment_id=enrolment_id, number=number, issued_on=day,
                                        trade=course.trade, level=level, issued_by=by))
                session.flush()
        except IntegrityError:  # this number (or this enrolment's certificate) was issued at this moment
            continue
        session.add(AuditEvent(actor=user.username, action="training_certificate_issued",
                               detail={"course_id": course.id, "enrolment_id": enrolment_id, "number": number}))
        return number
    raise StateChanged(N_("Many certificates are being issued at this moment: try again."))
