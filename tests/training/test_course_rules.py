"""The course form's rules, without a database (hypothesis for the validators)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import FieldError
from services.places.county import load_county
from services.training import course_rules
from services.training.completion import meets_rule, needed
from services.training.course_rules import CourseForm, check_course, course_state

COUNTY = load_county(Path(__file__).resolve().parents[2] / "config" / "county.toml")


def _form(**overrides: object) -> CourseForm:
    values: dict[str, object] = dict(title="缝纫工技能培训", kind="skills", trade="garment_sewing",
                                     provider="县职业技术学校", township="城关镇", starts_on=date(2026, 12, 1),
                                     ends_on=date(2026, 12, 10), capacity="30")
    values.update(overrides)
    return CourseForm(**values)  # type: ignore[arg-type]


def test_a_good_form_passes() -> None:
    v, course = check_course(_form(capacity="３０"), COUNTY)
    assert not v.errors and course is not None and course.capacity == 30


def test_every_problem_at_once_beside_its_field() -> None:
    v, course = check_course(_form(title=" ", kind="skills", trade=None, provider="", township="火星镇",
                                   starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 1), capacity="0",
                                   site_id=1, fair_id=2, order_based=True), COUNTY)
    assert course is None
    assert set(v.errors) == {"title", "trade", "provider", "township", "ends_on", "capacity", "fair_id",
                             "employer_id"}


def test_order_based_needs_vacancies() -> None:
    v, _c = check_course(_form(order_based=True, employer_id=3), COUNTY)
    assert set(v.errors) == {"vacancy_ids"}
    v, course = check_course(_form(order_based=True, employer_id=3, vacancy_ids=[5, 4, 5]), COUNTY)
    assert course is not None and course.vacancy_ids == (4, 5)


def test_a_guiding_course_needs_no_trade() -> None:
    v, course = check_course(_form(kind="guiding", trade=None), COUNTY)
    assert course is not None and course.trade is None


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_capacity_accepts_exactly_1_to_500(n: int) -> None:
    if 1 <= n <= course_rules.MAX_CAPACITY:
        assert course_rules.capacity(str(n)) == n
    else:
        with pytest.raises(FieldError):
            course_rules.capacity(str(n))


@given(st.text(max_size=12))
def test_capacity_never_crashes_on_typed_text(raw: str) -> None:
    try:
        value = course_rules.capacity(raw)
    except FieldError:
        return
    assert 1 <= value <= course_rules.MAX_CAPACITY


@given(st.text(max_size=300))
def test_titles_are_trimmed_and_bounded(raw: str) -> None:
    try:
        value = course_rules.text(raw, limit=100, required="x")
    except FieldError:
        return
    assert value and len(value) <= 100 and value == value.strip()


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 40), st.integers(-5, 60))
def test_state_follows_the_dates(start: date, length: int, offset: int) -> None:
    end, today = start + timedelta(days=length), start + timedelta(days=offset)
    state = course_state(start, end, "open", today)
    assert state == ("upcoming" if today < start else "running" if today <= end else "over")
    assert course_state(start, end, "cancelled", today) == "cancelled"


@given(st.text(max_size=8))
def test_hours_are_half_hours_in_range(raw: str) -> None:
    try:
        value = course_rules.hours(raw)
    except FieldError:
        return
    assert 0.5 <= value <= course_rules.MAX_HOURS and value * 2 == int(value * 2)


def test_the_completion_rule_is_80_percent_rounded_up() -> None:
    assert [needed(n) for n in (1, 2, 3, 4, 5, 10)] == [1, 2, 3, 4, 4, 8]
    assert meets_rule(4, 5) and not meets_rule(3, 5) and not meets_rule(0, 0)
