"""Courses for the offer's tests, inserted directly (the courses' own service is services/training/)."""

from __future__ import annotations

from datetime import timedelta

from models import Course, CourseVacancy, Site
from services.core.clock import local_today
from services.core.db import unit_of_work


def make_course(engine, *, vacancies: tuple[int, ...] = (), start_in: int = 7, **overrides: object) -> int:
    """An open county-wide guiding course for 30 people, starting in `start_in` days; returns its id."""
    today = local_today()
    values: dict[str, object] = dict(
        title="外出务工常识", kind="guiding", provider="县职业技术学校", starts_on=today + timedelta(days=start_in),
        ends_on=today + timedelta(days=start_in + 5), capacity=30)
    values.update(overrides)
    with unit_of_work(engine) as session:
        row = Course(**values)
        session.add(row)
        session.flush()
        for vacancy_id in vacancies:
            session.add(CourseVacancy(course_id=row.id, vacancy_id=vacancy_id))
        assert row.id is not None
        return row.id


def make_site(engine, *, code: str = "AZD1", name: str = "城南安置点", township: str = "城关镇") -> int:
    with unit_of_work(engine) as session:
        row = Site(code=code, name=name, township=township)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id
