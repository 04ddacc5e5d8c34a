"""The courses offered to a person (each rule fits / does not fit, SQL against Python), enrolment with the
ticket, at the desk and at a site's kiosk: capacity, twice, withdrawal, eligibility. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models import Course, Enrolment
from services.accounts import passwords
from services.accounts.staff import create_user
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.registration.desk import DeskRefused
from services.training.enrolment import AlreadyEnrolled, CourseClosed, CourseFull
from services.training.offer import (
    NotEligible,
    TicketNotFound,
    courses_for_seeker,
    courses_near_site,
    desk_course_choices,
    enrol_at_desk,
    enrol_with_ticket,
    offer_for_ticket,
    withdraw_with_ticket,
)
from services.training.offer_rules import CourseFacts, offered
from tests.auth_support import PASSWORD
from tests.factories import make_employer, make_vacancy, register
from tests.training.offer_support import make_course, make_site


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def _courses(engine) -> dict[str, int]:
    """One course per rule, each fitting or not the default person (城关镇, sewing and cleaning, poor,
    willing, wants work nearby, born 1980)."""
    employer = make_employer(engine)
    local_job = make_vacancy(engine, employer, scope="local", title="本地制衣厂", trade="garment_sewing",
                             age_max=50)
    far_job = make_vacancy(engine, employer, age_max=50)  # out of the province
    over = local_today() - timedelta(days=1)
    return {
        "county_wide": make_course(engine, start_in=9),
        "township": make_course(engine, township="城关镇", kind="skills", trade="garment_sewing", start_in=3),
        "other_township": make_course(engine, township="大河乡"),
        "other_trade": make_course(engine, kind="skills", trade="welding"),
        "targeted": make_course(engine, kind="targeted", start_in=5),
        "full": make_course(engine, capacity=2, enrolled=2),
        "cancelled": make_course(engine, status="cancelled"),
        "over": make_course(engine, starts_on=over - timedelta(days=3), ends_on=over),
        "order_fits": make_course(engine, employer_id=employer, vacancies=(local_job,), start_in=1),
        "order_far": make_course(engine, employer_id=employer, vacancies=(far_job,), start_in=2),
        "running": make_course(engine, starts_on=local_today() - timedelta(days=2), ends_on=local_today(),
                               township="城关镇"),
    }


FITS = ("running", "order_fits", "township", "targeted", "county_wide")  # soonest start first


def _names(courses: dict[str, int], found) -> list[str]:
    by_id = {v: k for k, v in courses.items()}
    return [by_id[c.course_id] for c in found]


def test_offered_courses_each_rule_soonest_first(engine, vault):
    courses = _courses(engine)
    person = register(engine, vault)
    found = courses_for_seeker(engine, seeker_id=person.seeker_id, today=local_today(), limit=20)
    assert _names(courses, found) == list(FITS)
    assert _names(courses, courses_for_seeker(engine, seeker_id=person.seeker_id, today=local_today())) == \
        list(FITS[:3])  # the ticket page shows 3


def test_sql_agrees_with_python(engine, vault):
    courses = _courses(engine)
    for n, overrides in enumerate(({}, {"poor_household": "no"}, {"trades": ["welding"]}, {"township": "大河乡",
                                                                                             "village": "大河村"})):
        person = register(engine, vault, n, **overrides)
        from services.training.offer import _person
        with unit_of_work(engine) as session:
            facts = _person(session, person.seeker_id)
            rows = session.exec(select(Course)).all()
        assert facts is not None
        expected = {r.id for r in rows if r.employer_id is None and offered(
            CourseFacts(kind=r.kind, trade=r.trade, township=r.township, site_id=r.site_id, status=r.status,
                        ends_on=r.ends_on, capacity=r.capacity, enrolled=r.enrolled), facts, local_today(),
            order_fits=False)}
        found = {c.course_id for c in courses_for_seeker(engine, seeker_id=person.seeker_id, today=local_today(),
                                                          limit=50)} - {courses["order_fits"], courses["order_far"]}
        assert found == expected, overrides


def test_not_poor_no_targeted_and_not_willing_nothing(engine, vault):
    courses = _courses(engine)
    not_poor = register(engine, vault, 1, poor_household="no")
    assert "targeted" not in _names(courses, courses_for_seeker(engine, seeker_id=not_poor.seeker_id,
                                                                today=local_today(), limit=20))
    unwilling = register(engine, vault, 2, willing_to_train="no")
    assert courses_for_seeker(engine, seeker_id=unwilling.seeker_id, today=local_today(), limit=20) == []


def test_order_based_follows_the_vacancy_hard_rules(engine, vault):
    courses = _courses(engine)
    old = register(engine, vault, 3, birth=local_today().replace(year=local_today().year - 55))
    # the local vacancy is for ages 18-50: a 55-year-old is not offered the order-based course
    assert "order_fits" not in _names(courses, courses_for_seeker(engine, seeker_id=old.seeker_id,
                                                                  today=local_today(), limit=20))
    goes_out = register(engine, vault, 4, intention="go_out", leave_constraint="none")
    names = _names(courses, courses_for_seeker(engine, seeker_id=goes_out.seeker_id, today=local_today(), limit=20))
    assert "order_far" in names and "order_fits" not in names


def test_enrol_with_ticket_shows_first_and_withdraw_gives_the_seat_back(engine, vault):
    courses = _courses(engine)
    person = register(engine, vault)
    course_id = courses["targeted"]
    row = enrol_with_ticket(engine, ticket_code=person.ticket_code.lower(), course_id=course_id, today=local_today())
    assert (row.channel, row.enrolled_by, row.status) == ("ticket", None, "enrolled")
    offer = offer_for_ticket(engine, ticket_code=person.ticket_code, today=local_today())
    assert [c.course_id for c in offer.enrolled] == [course_id] and offer.enrolled[0].status == "enrolled"
    assert course_id not in {c.course_id for c in offer.offered}
    assert offer.enrolled[0].enrolled == 1
    with pytest.raises(AlreadyEnrolled):
        enrol_with_ticket(engine, ticket_code=person.ticket_code, course_id=course_id, today=local_today())
    withdrawn = withdraw_with_ticket(engine, ticket_code=person.ticket_code, course_id=course_id)
    assert (withdrawn.status, withdrawn.withdraw_reason) == ("withdrawn", "cancelled by the person")
    with unit_of_work(engine) as session:
        assert session.get(Course, course_id).enrolled == 0
    offer = offer_for_ticket(engine, ticket_code=person.ticket_code, today=local_today(), limit=10)
    assert offer.enrolled == [] and course_id in {c.course_id for c in offer.offered}
    again = enrol_with_ticket(engine, ticket_code=person.ticket_code, course_id=course_id, today=local_today(),
                              channel="kiosk")  # the same row, active again
    assert (again.id, again.channel, again.status) == (row.id, "kiosk", "enrolled")
    with unit_of_work(engine) as session:
        assert len(session.exec(select(Enrolment)).all()) == 1


def test_capacity_closed_not_eligible_unknown_ticket(engine, vault):
    courses = _courses(engine)
    one_seat = make_course(engine, capacity=1)
    a, b = register(engine, vault, 1), register(engine, vault, 2, poor_household="no")
    enrol_with_ticket(engine, ticket_code=a.ticket_code, course_id=one_seat, today=local_today())
    with pytest.raises(CourseFull):
        enrol_with_ticket(engine, ticket_code=b.ticket_code, course_id=one_seat, today=local_today())
    for closed in ("cancelled", "over"):
        with pytest.raises(CourseClosed):
            enrol_with_ticket(engine, ticket_code=a.ticket_code, course_id=courses[closed], today=local_today())
    with pytest.raises(NotEligible):  # targeted, and b is not from a registered poor household
        enrol_with_ticket(engine, ticket_code=b.ticket_code, course_id=courses["targeted"], today=local_today())
    with pytest.raises(TicketNotFound):
        enrol_with_ticket(engine, ticket_code="ZZZZ9999", course_id=courses["targeted"], today=local_today())


def test_desk_enrols_with_the_worker_recorded(engine, vault):
    courses = _courses(engine)
    person = register(engine, vault)
    desk = create_user(engine, username="desk1", display_name="安置点 李老师", role="desk", password=PASSWORD)
    mine, matching, others = desk_course_choices(engine, staff_id=desk.id, seeker_id=person.seeker_id,
                                                 today=local_today())
    assert mine == [] and _names(courses, matching) == list(FITS)
    assert set(_names(courses, others)) == {"other_township", "other_trade", "order_far"}  # open, seats left
    row = enrol_at_desk(engine, staff_id=desk.id, seeker_id=person.seeker_id, course_id=courses["other_trade"],
                        today=local_today())
    assert (row.channel, row.enrolled_by) == ("desk", desk.id)
    mine, _matching, others = desk_course_choices(engine, staff_id=desk.id, seeker_id=person.seeker_id,
                                                  today=local_today())
    assert _names(courses, mine) == ["other_trade"] and "other_trade" not in _names(courses, others)
    employer = make_employer(engine, serial=9, name="某某公司")
    recruiter = create_user(engine, username="rec1", display_name="招聘 王", role="recruiter", password=PASSWORD,
                            employer_id=employer)
    with pytest.raises(DeskRefused):
        enrol_at_desk(engine, staff_id=recruiter.id, seeker_id=person.seeker_id, course_id=courses["county_wide"],
                      today=local_today())


def test_kiosk_courses_near_the_site(engine):
    site = make_site(engine)
    other = make_site(engine, code="AZD2", name="大河安置点", township="大河乡")
    at_site = make_course(engine, site_id=site, township="城关镇", start_in=2)
    in_township = make_course(engine, township="城关镇", start_in=4)
    county = make_course(engine, start_in=6)
    make_course(engine, site_id=other, township="大河乡")
    make_course(engine, township="大河乡")
    assert [c.course_id for c in courses_near_site(engine, site_id=site, today=local_today())] == \
        [at_site, in_township, county]
    shown = courses_near_site(engine, site_id=site, today=local_today())[0]
    assert (shown.place_name, shown.seats_left) == ("城南安置点", 30)


def test_registered_at_a_site_is_offered_its_courses(engine, vault):
    site = make_site(engine, township="大河乡")
    course_id = make_course(engine, site_id=site, township="大河乡")
    person = register(engine, vault)  # lives in 城关镇
    assert courses_for_seeker(engine, seeker_id=person.seeker_id, today=local_today()) == []
    with unit_of_work(engine) as session:
        from models import Seeker
        row = session.get(Seeker, person.seeker_id)
        row.first_site_id = site
        session.add(row)
    assert [c.course_id for c in courses_for_seeker(engine, seeker_id=person.seeker_id, today=local_today())] == \
        [course_id]


def test_concurrent_enrolments_never_overfill(engine, vault):
    """Eight people press 报名 at once on a course with 3 seats: 3 enrolled, 5 told it is full."""
    from concurrent.futures import ThreadPoolExecutor

    course_id = make_course(engine, capacity=3)
    people = [register(engine, vault, n) for n in range(8)]

    def enrol(code: str) -> str:
        try:
            enrol_with_ticket(engine, ticket_code=code, course_id=course_id, today=local_today())
            return "enrolled"
        except CourseFull:
            return "full"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(enrol, [p.ticket_code for p in people]))
    assert sorted(results) == ["enrolled"] * 3 + ["full"] * 5
    with unit_of_work(engine) as session:
        assert session.get(Course, course_id).enrolled == 3
        assert len(session.exec(select(Enrolment)).all()) == 3
