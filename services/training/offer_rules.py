"""Which courses are offered to a person: the rules once, in Python and in SQL side by side.

A course is **offered** to a person when it is open, not over (ends on or after the county's today), has
seats left, and fits them:

* **willing**: the person did not say "no" to training (`seeker.willing_to_train` is not False);
* **trade**: a skills course's trade is one of the person's trades (a skills course without a trade: any);
* **place**: the course is in the person's township, at the site they registered at, or county-wide
  (no township and no site);
* **targeted** (精准扶贫培训): only for registered poor households (`poor_household == "yes"`);
* **order-based** (订单式培训, an employer named): one of its vacancies is on the board and meets matching's
  hard rules for the person (`recruiting.match_rules.vacancy_conditions`, not retyped).

The person may **enrol** (ticket, kiosk, desk) on any open course with seats that they are *eligible* for:
the targeted and order-based rules. Trade and place only choose what is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from models import Course, CourseKind, CourseStatus, CourseVacancy, PoorHousehold, Vacancy
from services.recruiting.match_rules import SeekerProfile, vacancy_conditions

course = Course.__table__.c
course_vacancy = CourseVacancy.__table__.c
vacancy = Vacancy.__table__


@dataclass(frozen=True)
class Person:
    """What the offer reads of a person: matching's profile and the few facts training needs."""

    profile: SeekerProfile
    ticket_code: str
    township: str
    first_site_id: int | None
    poor_household: str | None
    willing_to_train: bool | None

    @property
    def seeker_id(self) -> int:
        return self.profile.seeker_id

    @property
    def poor(self) -> bool:
        return self.poor_household == PoorHousehold.YES


@dataclass(frozen=True)
class CourseFacts:
    """What the Python rules read of a course."""

    kind: str
    trade: str | None
    township: str
    site_id: int | None
    status: str
    ends_on: date
    capacity: int
    enrolled: int
    order_based: bool = False


# --- Python ---------------------------------------------------------------------------------------


def is_available(c: CourseFacts, today: date) -> bool:
    return c.status == CourseStatus.OPEN and c.ends_on >= today and c.enrolled < c.capacity


def place_fits(c: CourseFacts, person: Person) -> bool:
    return (c.township == person.township
            or (c.site_id is not None and c.site_id == person.first_site_id)
            or (c.township == "" and c.site_id is None))


def trade_fits(c: CourseFacts, person: Person) -> bool:
    return c.kind != CourseKind.SKILLS or c.trade is None or c.trade in person.profile.trades


def targeted_ok(c: CourseFacts, person: Person) -> bool:
    return c.kind != CourseKind.TARGETED or person.poor


def offered(c: CourseFacts, person: Person, today: date, *, order_fits: bool) -> bool:
    """`order_fits`: for an order-based course, one of its vacancies meets the hard rules (SQL only)."""
    return (person.willing_to_train is not False and is_available(c, today) and place_fits(c, person)
            and trade_fits(c, person) and targeted_ok(c, person) and (not c.order_based or order_fits))


# --- SQL ------------------------------------------------------------------------------------------


def available_sql(today: date) -> list[ColumnElement[bool]]:
    """Open, not over, seats left: `ix_course_dates (status, starts_on)` walks them soonest first."""
    return [course.status == CourseStatus.OPEN, course.ends_on >= today, course.enrolled < course.capacity]


def place_sql(person: Person) -> ColumnElement[bool]:
    here = [course.township == person.township, and_(course.township == "", course.site_id.is_(None))]
    if person.first_site_id is not None:
        here.append(course.site_id == person.first_site_id)
    return or_(*here)


def trade_sql(person: Person) -> ColumnElement[bool]:
    trades = sorted(person.profile.trades)
    return or_(course.kind != CourseKind.SKILLS, course.trade.is_(None),
               course.trade.in_(trades) if trades else false())


def targeted_sql(person: Person) -> ColumnElement[bool]:
    return true() if person.poor else course.kind != CourseKind.TARGETED


def order_sql(person: Person, today: date, *, sqlite: bool = False) -> ColumnElement[bool]:
    """Not order-based, or one of its vacancies meets matching's hard rules for the person."""
    fits = exists(select(course_vacancy.course_id)
                  .select_from(CourseVacancy.__table__.join(vacancy, vacancy.c.id == course_vacancy.vacancy_id))
                  .where(course_vacancy.course_id == course.id,
                         *vacancy_conditions(person.profile, today, sqlite=sqlite)))
    return or_(course.employer_id.is_(None), fits)


def eligible_sql(person: Person, today: date, *, sqlite: bool = False) -> list[ColumnElement[bool]]:
    """Who may enrol at all: the targeted and order-based rules."""
    return [targeted_sql(person), order_sql(person, today, sqlite=sqlite)]


def offered_sql(person: Person, today: date, *, sqlite: bool = False) -> list[ColumnElement[bool]]:
    """`offered` as criteria on the course table (willingness is checked before: no query when "no")."""
    return [*available_sql(today), place_sql(person), trade_sql(person),
            *eligible_sql(person, today, sqlite=sqlite)]
