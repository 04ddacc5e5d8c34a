"""Attendance (tap and scan), completion by the 80 % rule or with a reason, certificates (both backends)."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from models import AuditEvent, Seeker
from models.training import Attendance, Certificate, CourseSession, Enrolment
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, PortalError, StateChanged
from services.training.attendance import cancel_attendance, record_attendance
from services.training.completion import complete, issue_certificate
from services.training.enrolment import enrol
from services.training.queries import completion_list, roster
from tests.training.support import course, people, staff


def _sessions(engine, course_id: int) -> list[int]:
    with unit_of_work(engine, write=False) as s:
        return [r.id for r in s.exec(select(CourseSession).where(CourseSession.course_id == course_id)
                                     .order_by(CourseSession.number))]


def _enrolment(engine, course_id: int, seeker_id: int) -> int:
    with unit_of_work(engine, write=False) as s:
        return s.exec(select(Enrolment.id).where(Enrolment.course_id == course_id,
                                                 Enrolment.seeker_id == seeker_id)).one()


def test_attendance_twice_is_one_row_and_a_mistake_is_cancelled(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, sessions=2)
    first, stranger = people(engine, vault, 2)
    enrol(engine, course_id=course_id, seeker_id=first, channel="desk", by=org)
    s1, s2 = _sessions(engine, course_id)
    assert record_attendance(engine, session_id=s1, seeker_id=first, method="tap", by=org).new
    assert not record_attendance(engine, session_id=s1, seeker_id=first, method="tap", by=org).new
    with unit_of_work(engine, write=False) as s:
        code = s.get(Seeker, first).ticket_code
        stranger_code = s.get(Seeker, stranger).ticket_code
    assert not record_attendance(engine, session_id=s1, ticket_code=code.lower(), method="scan", by=org).new
    assert record_attendance(engine, session_id=s2, ticket_code=code, method="scan", by=org).new
    with pytest.raises(PortalError) as caught:
        record_attendance(engine, session_id=s1, ticket_code=stranger_code, method="scan", by=org)
    assert "not enrolled" in caught.value.message
    with unit_of_work(engine, write=False) as s:
        assert len(s.exec(select(Attendance)).all()) == 2
    cancel_attendance(engine, session_id=s2, seeker_id=first, by=org, reason="点错了")
    with pytest.raises(StateChanged):
        cancel_attendance(engine, session_id=s2, seeker_id=first, by=org, reason="again")
    (row,) = roster(engine, course_id=course_id, by=org)
    assert row.attended == frozenset({s1})
    assert record_attendance(engine, session_id=s2, seeker_id=first, method="tap", by=org).new
    with unit_of_work(engine, write=False) as s:
        assert len(s.exec(select(Attendance)).all()) == 2


def test_completion_by_the_rule_or_anyway_with_a_reason(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, sessions=5)
    good, short = people(engine, vault, 2)
    for seeker in (good, short):
        enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org)
    sessions = _sessions(engine, course_id)
    for sid in sessions[:4]:
        record_attendance(engine, session_id=sid, seeker_id=good, by=org)
    for sid in sessions[:3]:
        record_attendance(engine, session_id=sid, seeker_id=short, by=org)
    done = complete(engine, enrolment_id=_enrolment(engine, course_id, good), by=org)
    assert (done.attended, done.sessions, done.anyway) == (4, 5, False)
    with pytest.raises(FieldErrors) as caught:
        complete(engine, enrolment_id=_enrolment(engine, course_id, short), by=org)
    assert caught.value.values["needed"] == 4
    assert complete(engine, enrolment_id=_enrolment(engine, course_id, short), by=org, reason="补课两次").anyway
    with pytest.raises(StateChanged):
        complete(engine, enrolment_id=_enrolment(engine, course_id, short), by=org, reason="again")
    with unit_of_work(engine, write=False) as s:
        details = [e.detail for e in s.exec(select(AuditEvent).where(AuditEvent.action == "training_completed"))]
    assert [d.get("reason") for d in details] == [None, "补课两次"]


def test_certificate_numbers_are_unique_and_issued_once(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, sessions=1, capacity="10")
    seekers = people(engine, vault, 8)
    (sid,) = _sessions(engine, course_id)
    enrolments = []
    for seeker in seekers:
        enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org)
        record_attendance(engine, session_id=sid, seeker_id=seeker, by=org)
        enrolments.append(_enrolment(engine, course_id, seeker))
    with pytest.raises(PortalError):
        issue_certificate(engine, enrolment_id=enrolments[0], by=org)  # not completed yet
    for e in enrolments:
        complete(engine, enrolment_id=e, by=org)
    start = threading.Barrier(len(enrolments))
    numbers: list[str] = []
    errors: list[BaseException] = []

    def one(enrolment_id: int) -> None:
        try:
            start.wait(timeout=120)
            numbers.append(issue_certificate(engine, enrolment_id=enrolment_id, by=org, level="basic"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(e,)) for e in enrolments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert len(set(numbers)) == len(enrolments)
    assert all(n.startswith("530627-") and len(n.rsplit("-", 1)[1]) == 5 for n in numbers)
    assert issue_certificate(engine, enrolment_id=enrolments[0], by=org) in numbers  # once per enrolment
    with unit_of_work(engine, write=False) as s:
        certs = s.exec(select(Certificate)).all()
    assert len(certs) == len(enrolments) and {c.trade for c in certs} == {"garment_sewing"}
    _view, rows = completion_list(engine, course_id=course_id, by=org)
    assert sorted(r.certificate for r in rows) == sorted(numbers)
    assert all("*" in r.name for r in rows)
