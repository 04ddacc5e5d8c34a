"""Enrolment within the capacity, once per person, withdrawal (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from models.training import Course, Enrolment
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, PortalError, StateChanged
from services.training.enrolment import AlreadyEnrolled, CourseClosed, CourseFull, enrol, enrol_many, withdraw
from tests.training.support import course, people, staff


def _counts(engine, course_id: int) -> tuple[int, int]:
    with unit_of_work(engine, write=False) as s:
        enrolled = s.get(Course, course_id).enrolled
        rows = s.exec(select(func.count()).select_from(Enrolment).where(
            Enrolment.course_id == course_id, Enrolment.status == "enrolled")).one()
    return enrolled, rows


def test_capacity_holds_under_concurrent_enrolments(engine, vault) -> None:
    """Capacity 5, twelve people enrolled at the same moment from twelve threads: exactly five."""
    org = staff(engine)
    course_id = course(engine, org, capacity="5")
    seekers = people(engine, vault, 12)
    start = threading.Barrier(len(seekers))
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def one(seeker_id: int) -> None:
        try:
            start.wait(timeout=120)
            enrol(engine, course_id=course_id, seeker_id=seeker_id, channel="desk", by=org)
            outcomes.append("enrolled")
        except CourseFull:
            outcomes.append("full")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(s,)) for s in seekers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert sorted(outcomes) == ["enrolled"] * 5 + ["full"] * 7
    assert _counts(engine, course_id) == (5, 5)


def test_the_same_person_at_once_is_one_row(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, capacity="5")
    (seeker,) = people(engine, vault, 1)
    start = threading.Barrier(6)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            start.wait(timeout=120)
            enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org)
            outcomes.append("enrolled")
        except AlreadyEnrolled:
            outcomes.append("already")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert sorted(outcomes) == ["already"] * 5 + ["enrolled"]
    assert _counts(engine, course_id) == (1, 1)


def test_a_person_enrols_once(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org)
    (seeker,) = people(engine, vault, 1)
    enrol(engine, course_id=course_id, seeker_id=seeker, channel="ticket", by=None)
    with pytest.raises(AlreadyEnrolled) as caught:
        enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org)
    assert caught.value.values == {"name": "王*兰"}
    assert _counts(engine, course_id) == (1, 1)


def test_withdraw_frees_the_seat_and_reenrolling_takes_the_same_row(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, capacity="1")
    first, second = people(engine, vault, 2)
    done = enrol(engine, course_id=course_id, seeker_id=first, channel="desk", by=org)
    with pytest.raises(CourseFull):
        enrol(engine, course_id=course_id, seeker_id=second, channel="desk", by=org)
    with pytest.raises(FieldErrors):
        withdraw(engine, course_id=course_id, seeker_id=first, by=org, reason="")
    withdraw(engine, course_id=course_id, seeker_id=first, by=org, reason="外出务工")
    with pytest.raises(StateChanged):
        withdraw(engine, course_id=course_id, seeker_id=first, by=org, reason="again")
    assert _counts(engine, course_id) == (0, 0)
    enrol(engine, course_id=course_id, seeker_id=second, channel="desk", by=org)
    withdraw(engine, course_id=course_id, seeker_id=second, by=org, reason="生病")
    again = enrol(engine, course_id=course_id, seeker_id=first, channel="kiosk", by=None)
    assert again.reactivated and again.enrolment_id == done.enrolment_id
    with unit_of_work(engine, write=False) as s:
        row = s.get(Enrolment, done.enrolment_id)
        assert (row.status, row.channel, row.withdrawn_at, row.withdraw_reason) == ("enrolled", "kiosk", None, "")
        assert len(s.exec(select(Enrolment)).all()) == 2
    assert _counts(engine, course_id) == (1, 1)


def test_over_or_cancelled_courses_refuse(engine, vault) -> None:
    org = staff(engine)
    today = local_today()
    over = course(engine, org, starts_on=today - timedelta(days=5), ends_on=today - timedelta(days=1))
    (seeker,) = people(engine, vault, 1)
    with pytest.raises(CourseClosed):
        enrol(engine, course_id=over, seeker_id=seeker, channel="desk", by=org)


def test_staff_enrol_with_their_account_and_recruiters_cannot(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org)
    (seeker,) = people(engine, vault, 1)
    with pytest.raises(PortalError):
        enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=None)
    desk = staff(engine, "desk1", "desk")
    enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=desk)


def test_enrol_many_in_one_transaction(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, capacity="3")
    seekers = people(engine, vault, 5)
    enrol(engine, course_id=course_id, seeker_id=seekers[0], channel="desk", by=org)
    result = enrol_many(engine, course_id=course_id, seeker_ids=seekers, by=org)
    assert result.already == ["王*兰"]
    assert result.enrolled == ["李*国", "张*英"]
    assert result.full == ["刘*华", "陈*玲"]
    assert _counts(engine, course_id) == (3, 3)
