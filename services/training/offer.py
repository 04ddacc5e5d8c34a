"""Courses offered to a person, and enrolment from the seeker's side (ticket page, kiosk) and the desk.

The rules are `offer_rules.py` (Python and SQL); the write is `enrolment.enrol` / `withdraw`.

**Speed.** One query per list: the course table filtered by the rules (the order-based rule an EXISTS over
`course_vacancy` and the vacancy's matching columns), ordered soonest start first and limited, walking
`ix_course_dates (status, starts_on)`; the site's and fair's names by outer join on their keys. No seeker
other than the person is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import Course, EnrolChannel, Enrolment, EnrolmentStatus, Fair, Seeker, Site
from services.core.db import read_only, transactional
from services.core.errors import NotFound, PortalError
from services.core.i18n import N_
from services.recruiting.matching import load_profile
from services.registration.desk import worker_of
from services.registration.tickets import normalize_ticket_code
from services.training import enrolment
from services.training.offer_rules import Person, available_sql, course, eligible_sql, offered_sql

TICKET_SHOWN = 3
DESK_ALL = 200  # the desk's "all open courses": more than a county runs at once

site, fair, seeker_table = Site.__table__, Fair.__table__, Seeker.__table__
enrolment_table = Enrolment.__table__.c
ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


class TicketNotFound(NotFound):
    message = N_("No ticket with this code. Check the code on your ticket.")


class NotEligible(PortalError):
    message = N_("This course is not open to this person.")


@dataclass(frozen=True)
class OfferedCourse:
    course_id: int
    title: str
    kind: str
    trade: str | None
    provider: str
    township: str
    place_name: str  # the site's or fair's name ("" none)
    address: str
    starts_on: date
    ends_on: date
    capacity: int
    enrolled: int
    status: str | None = None  # the person's enrolment: enrolled / completed (None: not enrolled)

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.enrolled)


@dataclass(frozen=True)
class TicketOffer:
    enrolled: list[OfferedCourse]  # the courses this person is on (not over), first
    offered: list[OfferedCourse]  # then the matching ones, soonest first
    willing: bool | None


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _person(session: Session, seeker_id: int) -> Person | None:
    profile = load_profile(session, seeker_id)
    if profile is None:
        return None
    s = seeker_table.c
    row = session.execute(select(s.ticket_code, s.township, s.first_site_id, s.poor_household, s.willing_to_train)
                          .where(s.id == seeker_id)).one()
    return Person(profile=profile, ticket_code=row.ticket_code, township=row.township,
                  first_site_id=row.first_site_id, poor_household=row.poor_household,
                  willing_to_train=row.willing_to_train)


def _person_of_ticket(session: Session, ticket_code: str) -> Person:
    seeker_id = session.execute(select(seeker_table.c.id).where(
        seeker_table.c.ticket_code == normalize_ticket_code(ticket_code or ""))).scalar_one_or_none()
    person = _person(session, seeker_id) if seeker_id is not None else None
    if person is None:
        raise TicketNotFound()
    return person


def _courses(session: Session, conditions: list[ColumnElement[bool]], limit: int,
             status: dict[int, str] | None = None) -> list[OfferedCourse]:
    stmt = (select(course.id, course.title, course.kind, course.trade, course.provider, course.township,
                   course.address, course.starts_on, course.ends_on, course.capacity, course.enrolled,
                   site.c.name.label("site_name"), fair.c.name.label("fair_name"))
            .select_from(Course.__table__.outerjoin(site, site.c.id == course.site_id)
                         .outerjoin(fair, fair.c.id == course.fair_id))
            .where(*conditions).order_by(course.starts_on, course.id).limit(limit))
    return [OfferedCourse(course_id=r.id, title=r.title, kind=r.kind, trade=r.trade, provider=r.provider,
                          township=r.township, place_name=r.site_name or r.fair_name or "", address=r.address,
                          starts_on=r.starts_on, ends_on=r.ends_on, capacity=r.capacity, enrolled=r.enrolled,
                          status=(status or {}).get(r.id))
            for r in session.execute(stmt)]


def _not_enrolled(seeker_id: int) -> ColumnElement[bool]:
    mine = select(enrolment_table.course_id).where(enrolment_table.seeker_id == seeker_id,
                                                  enrolment_table.status.in_(ACTIVE))
    return course.id.not_in(mine)


def _offered(session: Session, person: Person, today: date, limit: int) -> list[OfferedCourse]:
    if person.willing_to_train is False:
        return []
    conditions = [*offered_sql(person, today, sqlite=_is_sqlite(session)), _not_enrolled(person.seeker_id)]
    return _courses(session, conditions, limit)


def _enrolled(session: Session, person: Person, today: date) -> list[OfferedCourse]:
    status = {r.course_id: r.status for r in session.execute(
        select(enrolment_table.course_id, enrolment_table.status).where(
            enrolment_table.seeker_id == person.seeker_id, enrolment_table.status.in_(ACTIVE)))}
    if not status:
        return []
    return _courses(session, [course.id.in_(list(status)), course.ends_on >= today], len(status), status)


@read_only
def courses_for_seeker(session: Session, *, seeker_id: int, today: date, limit: int = TICKET_SHOWN
                       ) -> list[OfferedCourse]:
    """The courses offered to a person (offer_rules), soonest start first, not those they are on."""
    person = _person(session, seeker_id)
    return [] if person is None else _offered(session, person, today, limit)


@read_only
def offer_for_ticket(session: Session, *, ticket_code: str, today: date, limit: int = TICKET_SHOWN) -> TicketOffer:
    """The ticket page's courses: the ones the person is on (not over) first, then up to `limit` offered."""
    person = _person_of_ticket(session, ticket_code)
    return TicketOffer(enrolled=_enrolled(session, person, today), offered=_offered(session, person, today, limit),
                       willing=person.willing_to_train)


@read_only
def courses_near_site(session: Session, *, site_id: int, today: date, limit: int = 6) -> list[OfferedCourse]:
    """The kiosk's courses: open, not over, seats left, at this site, in its township or county-wide."""
    township = session.execute(select(site.c.township).where(site.c.id == site_id)).scalar_one_or_none() or ""
    near = [course.site_id == site_id, and_(course.township == "", course.site_id.is_(None))]
    if township:
        near.append(course.township == township)
    return _courses(session, [*available_sql(today), or_(*near)], limit)


@read_only
def desk_course_choices(session: Session, *, staff_id: int, seeker_id: int, today: date
                        ) -> tuple[list[OfferedCourse], list[OfferedCourse], list[OfferedCourse]]:
    """(the courses the person is on, the ones offered to them, every other open course with seats)."""
    worker_of(session, staff_id)
    person = _person(session, seeker_id)
    if person is None:
        raise NotFound(N_("This person is no longer registered."))
    mine = _enrolled(session, person, today)
    matching = _offered(session, person, today, DESK_ALL)
    taken = {c.course_id for c in (*mine, *matching)}
    others = [c for c in _courses(session, available_sql(today), DESK_ALL) if c.course_id not in taken]
    return mine, matching, others


def _check_eligible(session: Session, person: Person, course_id: int, today: date) -> None:
    found = session.execute(select(course.id).where(
        course.id == course_id, *eligible_sql(person, today, sqlite=_is_sqlite(session)))).first()
    if found is None and session.execute(select(course.id).where(course.id == course_id)).first() is not None:
        raise NotEligible()


@transactional
def enrol_with_ticket(session: Session, *, ticket_code: str, course_id: int, today: date,
                      channel: str = EnrolChannel.TICKET) -> Enrolment:
    """The person holding the ticket enrols themself (the ticket page, or the kiosk with the code typed)."""
    person = _person_of_ticket(session, ticket_code)
    _check_eligible(session, person, course_id, today)
    done = enrolment.enrol(session, course_id=course_id, seeker_id=person.seeker_id, channel=channel, by=None,
                           today=today)
    return _row(session, done.enrolment_id)


@transactional
def withdraw_with_ticket(session: Session, *, ticket_code: str, course_id: int) -> Enrolment:
    """The person cancels their own enrolment (reason "cancelled by the person")."""
    person = _person_of_ticket(session, ticket_code)
    enrolment.withdraw(session, course_id=course_id, seeker_id=person.seeker_id, by=None,
                       reason=enrolment.CANCELLED_BY_PERSON)
    found = session.scalars(select(Enrolment).where(enrolment_table.course_id == course_id,
                                                    enrolment_table.seeker_id == person.seeker_id)).one()
    return found


@transactional
def enrol_at_desk(session: Session, *, staff_id: int, seeker_id: int, course_id: int,
                  today: date) -> Enrolment:
    """Desk staff (or an organizer) enrol the person found at the desk."""
    worker_of(session, staff_id)
    person = _person(session, seeker_id)
    if person is None:
        raise NotFound(N_("This person is no longer registered."))
    _check_eligible(session, person, course_id, today)
    done = enrolment.enrol(session, course_id=course_id, seeker_id=seeker_id, channel=EnrolChannel.DESK,
                           by=staff_id, today=today)
    return _row(session, done.enrolment_id)


def _row(session: Session, enrolment_id: int) -> Enrolment:
    row = session.get(Enrolment, enrolment_id)
    assert row is not None
    return row
