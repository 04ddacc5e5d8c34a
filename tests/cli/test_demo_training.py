"""The demo loads with training: courses of every kind in several townships (order-based ones with their
vacancies, a cancelled one), sessions, enrolments, attendance, completions with certificates, people hired
after their course, the "trained" targets; the figures show something. Idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from models import Attendance, Certificate, Course, CourseSession, CourseVacancy, Enrolment, Target, TargetMetric
from services.cli.demo import generate_demo
from services.cli.demo.training import add_training_demo
from services.training.figures import trained
from services.training.outcomes import training_outcomes

NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_the_demo_has_courses_with_enrolments_and_completions(engine, vault, county) -> None:
    report = generate_demo(engine, vault, county, seekers=600, seed=3, fairs=2, batch=300, today=TODAY, now=NOW,
                           out=None)
    tr = report.training
    assert tr is not None and tr.courses >= 8
    with Session(engine) as s:
        courses = s.execute(select(Course)).scalars().all()
        enrolments = s.execute(select(Enrolment)).scalars().all()
    assert {c.kind for c in courses} == {"guiding", "skills", "targeted", "entrepreneurship"}
    assert len({c.township for c in courses}) >= 3
    assert any(c.employer_id for c in courses) and _count(engine, CourseVacancy) > 0
    assert sum(c.status == "cancelled" for c in courses) == 1
    assert _count(engine, CourseSession) > 0 and _count(engine, Attendance) == tr.attendances > 0
    assert len(enrolments) == tr.enrolments and tr.completions > 0
    assert _count(engine, Certificate) == tr.certificates == tr.completions
    for c in courses:  # the seats a course keeps count of
        assert c.enrolled == sum(e.course_id == c.id and e.status != "withdrawn" for e in enrolments) <= c.capacity
    assert tr.hired_after > 0
    with engine.connect() as conn:
        assert trained(conn, TODAY.year).people > 0
    outcomes = training_outcomes(engine, date(2025, 1, 1), TODAY, today=TODAY).total
    assert outcomes.hired6 > 0 or outcomes.hired3 > 0
    with Session(engine) as s:
        targets = s.execute(select(Target).where(Target.metric == TargetMetric.TRAINED)).scalars().all()
    assert any(t.township == "" for t in targets) and len(targets) == len(county.townships) + 1
    again = add_training_demo(engine, county, today=TODAY, seed=3, now=NOW)
    assert (again.courses, again.enrolments) == (0, 0)
