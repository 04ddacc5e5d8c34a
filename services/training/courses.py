"""Creating, editing and cancelling a course, and its sessions. A course is never deleted: cancelled with who,
when and why; its enrolments stay (figures skip cancelled courses). Create, change and cancel are audited."""

from __future__ import annotations

from datetime import UTC, date, time

from sqlalchemy import delete, func, select
from sqlmodel import Session

from models import AuditEvent, Employer, EmployerStatus, Fair, Site, Vacancy
from models.base import utcnow
from models.training import Attendance, Course, CourseSession, CourseStatus, CourseVacancy
from services.core.clock import local_today, local_zone
from services.core.db import transactional
from services.core.errors import Checker, FieldErrors, NotFound, StateChanged
from services.core.i18n import N_
from services.core.settings import get_settings
from services.places.county import County, load_county
from services.recruiting.rules import is_open
from services.training import course_rules
from services.training.course_rules import CheckedCourse, CourseForm
from services.training.staff import check_place, course_of, staff_member

CANCELLED = N_("This course was cancelled.")


def _county() -> County:
    return load_county(get_settings().county_file)


def _check_in_database(session: Session, v: Checker, course: CheckedCourse, *, enrolled: int, today: date) -> None:
    if course.site_id is not None and session.get(Site, course.site_id) is None:
        v.add("site_id", N_("This site does not exist."))
    if course.fair_id is not None and session.get(Fair, course.fair_id) is None:
        v.add("fair_id", N_("This fair does not exist."))
    if course.capacity < enrolled:
        v.add("capacity", (N_("{enrolled} people are enrolled: seats cannot be fewer."), {"enrolled": enrolled}))
    if course.employer_id is not None:
        employer = session.get(Employer, course.employer_id)
        if employer is None or employer.status != EmployerStatus.APPROVED:
            v.add("employer_id", N_("Order-based training is for an approved employer."))
        else:
            for vacancy_id in course.vacancy_ids:
                vacancy = session.get(Vacancy, vacancy_id)
                if (vacancy is None or vacancy.employer_id != course.employer_id
                        or not is_open(vacancy.status, vacancy.closing_date, today)):
                    v.add("vacancy_ids", N_("Choose open vacancies of this employer."))
                    break


def _checked(session: Session, form: CourseForm, *, enrolled: int, county: County | None) -> CheckedCourse:
    v, course = course_rules.check_course(form, county or _county())
    if course is not None:
        _check_in_database(session, v, course, enrolled=enrolled, today=local_today())
    v.raise_if_any()
    assert course is not None
    return course


def _place_township(session: Session, course: CheckedCourse) -> str:
    """The township of the place: the site's or fair's when one is chosen and no township was."""
    if course.township:
        return course.township
    place = (session.get(Site, course.site_id) if course.site_id is not None
             else session.get(Fair, course.fair_id) if course.fair_id is not None else None)
    return place.township if place is not None else ""


def _apply(session: Session, row: Course, course: CheckedCourse) -> None:
    for name in ("title", "kind", "trade", "provider", "site_id", "fair_id", "address", "starts_on",
                 "ends_on", "capacity", "employer_id", "description"):
        setattr(row, name, getattr(course, name))
    row.township = _place_township(session, course)
    session.flush()
    assert row.id is not None
    session.execute(delete(CourseVacancy).where(CourseVacancy.course_id == row.id))  # type: ignore[arg-type]
    for vacancy_id in course.vacancy_ids:
        session.add(CourseVacancy(course_id=row.id, vacancy_id=vacancy_id))


@transactional
def create_course(session: Session, *, form: CourseForm, by: int, county: County | None = None) -> int:
    user = staff_member(session, by)
    course = _checked(session, form, enrolled=0, county=county)
    row = Course(title="", kind=course.kind, provider="", starts_on=course.starts_on, ends_on=course.ends_on,
                 capacity=course.capacity, created_by=by)
    session.add(row)
    _apply(session, row, course)
    check_place(user, row.township)
    session.flush()
    assert row.id is not None
    session.add(AuditEvent(actor=user.username, action="training_course_created",
                           detail={"course_id": row.id, "title": row.title, "township": row.township}))
    return row.id


@transactional
def update_course(session: Session, *, course_id: int, form: CourseForm, by: int,
                  county: County | None = None) -> None:
    user = staff_member(session, by)
    row = course_of(session, course_id, lock=True)
    check_place(user, row.township)
    if row.status == CourseStatus.CANCELLED:
        raise StateChanged(CANCELLED)
    course = _checked(session, form, enrolled=row.enrolled, county=county)
    before = {"title": row.title, "capacity": row.capacity, "starts_on": row.starts_on.isoformat(),
              "ends_on": row.ends_on.isoformat()}
    _apply(session, row, course)
    check_place(user, row.township)
    after = {"title": row.title, "capacity": row.capacity, "starts_on": row.starts_on.isoformat(),
             "ends_on": row.ends_on.isoformat()}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    session.add(AuditEvent(actor=user.username, action="training_course_changed",
                           detail={"course_id": row.id, "title": row.title, "changes": changes}))


@transactional
def cancel_course(session: Session, *, course_id: int, by: int, reason: str) -> None:
    """Cancel a course (who, when, why). Its enrolments stay; no one can enrol any more."""
    user = staff_member(session, by)
    row = course_of(session, course_id, lock=True)
    check_place(user, row.township)
    why = " ".join((reason or "").split())
    if not why:
        raise FieldErrors.one("reason", N_("Say why the course is cancelled."))
    if row.status == CourseStatus.CANCELLED:
        raise StateChanged(CANCELLED)
    row.status = CourseStatus.CANCELLED
    row.cancelled_at = utcnow()
    row.cancelled_by = by
    row.cancel_reason = why[:500]
    session.add(AuditEvent(actor=user.username, action="training_course_cancelled",
                           detail={"course_id": row.id, "title": row.title, "reason": row.cancel_reason}))


@transactional
def save_session(session: Session, *, course_id: int, number: int, day: date | None, at: time | None,
                 hours: str | float, topic: str, by: int) -> int:
    """Add a course's session `number`, or change it: its start in the county's zone, hours, topic."""
    user = staff_member(session, by)
    course = course_of(session, course_id, lock=True)
    check_place(user, course.township)
    if course.status == CourseStatus.CANCELLED:
        raise StateChanged(CANCELLED)
    v = Checker()
    if number < 1:
        v.add("number", N_("Sessions are numbered from 1."))
    if day is None:
        v.add("day", N_("Choose the day."))
    elif not course.starts_on <= day <= course.ends_on:
        v.add("day", (N_("The day must be within the course: {start} to {end}."),
                      {"start": course.starts_on.isoformat(), "end": course.ends_on.isoformat()}))
    if at is None:
        v.add("at", N_("Choose the time."))
    length = v.check("hours", course_rules.hours, hours)
    what = v.check("topic", course_rules.text, topic, limit=200)
    v.raise_if_any()
    assert day is not None and at is not None and length is not None
    starts_at = course_rules.session_start(day, at, local_zone()).astimezone(UTC)
    row = session.scalars(select(CourseSession).where(
        CourseSession.course_id == course_id, CourseSession.number == number)).first()  # type: ignore[arg-type]
    if row is None:
        row = CourseSession(course_id=course_id, number=number, starts_at=starts_at)
        session.add(row)
    row.starts_at, row.hours, row.topic = starts_at, length, what or ""
    session.flush()
    assert row.id is not None
    return row.id


@transactional
def remove_session(session: Session, *, session_id: int, by: int) -> None:
    """Remove a session added by mistake; refused once anyone's attendance is recorded for it."""
    user = staff_member(session, by)
    row = session.get(CourseSession, session_id)
    if row is None:
        raise NotFound(N_("This session does not exist."))
    check_place(user, course_of(session, row.course_id).township)
    taken = session.scalar(select(func.count()).select_from(Attendance).where(
        Attendance.session_id == session_id))  # type: ignore[arg-type]
    if taken:
        raise StateChanged(N_("Attendance is recorded for this session: it cannot be removed."))
    session.delete(row)
