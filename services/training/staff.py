"""Who acts on training: an active staff member; township staff only on their own township's courses."""

from __future__ import annotations

from sqlmodel import Session

from models import Role, StaffUser
from models.training import Course
from services.core.errors import NotFound, PortalError
from services.core.i18n import N_

NOT_STAFF = N_("This account may not work on training courses.")
OTHER_TOWNSHIP = N_("This course belongs to another township: you work on {township} only.")
NO_COURSE = N_("This course does not exist.")

# who may run courses (create, edit, cancel, attendance, completion)
ORGANIZING_ROLES = frozenset({Role.ORGANIZER, Role.TOWNSHIP})
# who may enrol a person (the desk too: offered courses at the registration desk)
ENROLLING_ROLES = ORGANIZING_ROLES | {Role.DESK}


def staff_member(session: Session, by: int, roles: frozenset[str] = ORGANIZING_ROLES) -> StaffUser:
    user = session.get(StaffUser, by)
    if user is None or not user.active or user.role not in roles:
        raise PortalError(NOT_STAFF)
    if user.role == Role.TOWNSHIP and not user.township:
        raise PortalError(NOT_STAFF)
    return user


def check_place(user: StaffUser, township: str) -> None:
    """Township staff act on their own township's courses only."""
    if user.role == Role.TOWNSHIP and township != user.township:
        raise PortalError(OTHER_TOWNSHIP, township=user.township)


def scope_township(user: StaffUser) -> str | None:
    """The township a staff member's lists are narrowed to (None: every township)."""
    return user.township if user.role == Role.TOWNSHIP else None


def course_of(session: Session, course_id: int, *, lock: bool = False) -> Course:
    course = session.get(Course, course_id, with_for_update=lock)
    if course is None:
        raise NotFound(NO_COURSE)
    return course
