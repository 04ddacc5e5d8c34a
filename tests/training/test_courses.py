"""Creating, editing and cancelling courses and their sessions (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import select

from models import AuditEvent, Site
from models.training import Course, CourseSession, CourseVacancy, Enrolment
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, PortalError, StateChanged
from services.training.courses import cancel_course, create_course, remove_session, save_session, update_course
from services.training.enrolment import CourseClosed, enrol
from services.training.queries import course_list, course_view
from tests.factories import make_employer, make_vacancy
from tests.training.support import course, course_form, people, staff


def test_create_edit_and_audit(engine) -> None:
    org = staff(engine)
    course_id = course(engine, org)
    update_course(engine, course_id=course_id, form=course_form(title="缝纫工（中级）", capacity="40"), by=org)
    view = course_view(engine, course_id=course_id, by=org)
    assert (view.row.title, view.row.capacity, view.row.state) == ("缝纫工（中级）", 40, "running")
    with unit_of_work(engine, write=False) as s:
        actions = [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["training_course_created", "training_course_changed"]


def test_database_checks_join_the_form_errors(engine) -> None:
    org = staff(engine)
    pending = make_employer(engine, status="pending", serial=2)
    with pytest.raises(FieldErrors) as caught:
        create_course(engine, form=course_form(title="", site_id=999, order_based=True, employer_id=pending,
                                               vacancy_ids=[1]), by=org)
    assert set(caught.value.errors) == {"title"}  # the form's own errors first, all at once
    with pytest.raises(FieldErrors) as caught:
        create_course(engine, form=course_form(site_id=999, order_based=True, employer_id=pending,
                                               vacancy_ids=[1]), by=org)
    assert set(caught.value.errors) == {"site_id", "employer_id"}


def test_order_based_course_for_its_employers_open_vacancies(engine) -> None:
    org = staff(engine)
    emp, other = make_employer(engine, serial=3), make_employer(engine, name="宁波某厂", serial=4)
    mine, theirs = make_vacancy(engine, emp), make_vacancy(engine, other)
    closed = make_vacancy(engine, emp, status="closed")
    for wrong in ([theirs], [closed]):
        with pytest.raises(FieldErrors) as caught:
            create_course(engine, form=course_form(order_based=True, employer_id=emp, vacancy_ids=wrong), by=org)
        assert set(caught.value.errors) == {"vacancy_ids"}
    course_id = create_course(engine, form=course_form(order_based=True, employer_id=emp, vacancy_ids=[mine]),
                              by=org)
    with unit_of_work(engine, write=False) as s:
        assert [v.vacancy_id for v in s.exec(select(CourseVacancy))] == [mine]
        assert s.get(Course, course_id).employer_id == emp


def test_capacity_not_below_those_enrolled(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, capacity="5")
    for seeker in people(engine, vault, 3):
        enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org)
    with pytest.raises(FieldErrors) as caught:
        update_course(engine, course_id=course_id, form=course_form(capacity="2"), by=org)
    assert set(caught.value.errors) == {"capacity"}
    update_course(engine, course_id=course_id, form=course_form(capacity="3"), by=org)


def test_the_place_township_comes_from_the_site(engine) -> None:
    org = staff(engine)
    with unit_of_work(engine) as s:
        site = Site(code="S1", name="幸福家园安置点", township="城关镇", kind="relocation")
        s.add(site)
        s.flush()
        site_id = site.id
    course_id = course(engine, org, township="", site_id=site_id)
    assert course_view(engine, course_id=course_id, by=org).row.township == "城关镇"
    assert course_view(engine, course_id=course_id, by=org).row.place == "幸福家园安置点"


def test_sessions_in_the_countys_zone(engine) -> None:
    org = staff(engine)
    course_id = course(engine, org)
    day = local_today()
    save_session(engine, course_id=course_id, number=1, day=day, at=time(9, 0), hours="2.5", topic="量体", by=org)
    with unit_of_work(engine, write=False) as s:
        row = s.exec(select(CourseSession)).one()
    assert row.starts_at == datetime.combine(day, time(1, 0), tzinfo=UTC)  # 09:00 in China
    assert row.hours == 2.5
    with pytest.raises(FieldErrors) as caught:
        save_session(engine, course_id=course_id, number=2, day=day + timedelta(days=30), at=None, hours="x",
                     topic="", by=org)
    assert set(caught.value.errors) == {"day", "at", "hours"}
    save_session(engine, course_id=course_id, number=1, day=day, at=time(14, 0), hours="3", topic="裁剪", by=org)
    with unit_of_work(engine, write=False) as s:
        assert [(r.number, r.topic) for r in s.exec(select(CourseSession))] == [(1, "裁剪")]
    remove_session(engine, session_id=row.id, by=org)


def test_cancel_keeps_enrolments_and_closes_the_course(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org)
    (first, second) = people(engine, vault, 2)
    enrol(engine, course_id=course_id, seeker_id=first, channel="desk", by=org)
    with pytest.raises(FieldErrors):
        cancel_course(engine, course_id=course_id, by=org, reason=" ")
    cancel_course(engine, course_id=course_id, by=org, reason="老师生病")
    with pytest.raises(StateChanged):
        cancel_course(engine, course_id=course_id, by=org, reason="again")
    with pytest.raises(CourseClosed):
        enrol(engine, course_id=course_id, seeker_id=second, channel="desk", by=org)
    with unit_of_work(engine, write=False) as s:
        c = s.get(Course, course_id)
        assert (c.status, c.cancelled_by, c.cancel_reason) == ("cancelled", org, "老师生病")
        assert c.cancelled_at is not None
        assert len(s.exec(select(Enrolment)).all()) == 1
    assert [r.state for r in course_list(engine, by=org, state="cancelled")[0]] == ["cancelled"]
    assert course_list(engine, by=org, state="running")[0] == []


def test_township_staff_work_on_their_own_township(engine) -> None:
    org, town = staff(engine), staff(engine, "town1", "township")
    other = course(engine, org, township="大河乡")
    own = course(engine, town)
    assert [r.id for r in course_list(engine, by=town)[0]] == [own]
    with pytest.raises(PortalError):
        course_view(engine, course_id=other, by=town)
    with pytest.raises(PortalError):
        create_course(engine, form=course_form(township="大河乡"), by=town)
    assert {r.id for r in course_list(engine, by=org)[0]} == {own, other}


def test_filters_kind_township_state(engine) -> None:
    org = staff(engine)
    today = local_today()
    up = course(engine, org, kind="guiding", trade=None, starts_on=today + timedelta(days=3),
                ends_on=today + timedelta(days=5))
    over = course(engine, org, township="大河乡", starts_on=today - timedelta(days=9),
                  ends_on=today - timedelta(days=1))
    assert [r.id for r in course_list(engine, by=org, state="upcoming")[0]] == [up]
    assert [r.id for r in course_list(engine, by=org, state="over")[0]] == [over]
    assert [r.id for r in course_list(engine, by=org, kind="guiding")[0]] == [up]
    assert [r.id for r in course_list(engine, by=org, township="大河乡")[0]] == [over]
    assert course_list(engine, by=org, state="over")[0][0].seats_left == 0


def test_the_course_list_is_paged_newest_first_with_its_total(engine) -> None:
    from datetime import date, timedelta

    from services.training.queries import course_list
    from tests.training.support import course, staff

    org = staff(engine)
    made = [course(engine, org, title=f"班{n}", starts_on=date(2027, 1, 1) + timedelta(days=n),
                   ends_on=date(2027, 1, 1) + timedelta(days=n)) for n in range(5)]
    first, total = course_list(engine, by=org, per_page=2)
    assert total == 5 and [r.id for r in first] == [made[4], made[3]]
    assert [r.id for r in course_list(engine, by=org, per_page=2, page=2)[0]] == [made[0]]
    assert course_list(engine, by=org, per_page=2, page=9) == ([], 5)
