"""The one definition of due and overdue: month ends, window edges, the county's midnight, and Python against
SQL on both backends."""

from __future__ import annotations

import calendar
import itertools
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import case, select

from models import FollowUp, VisitStatus
from services.core import clock
from services.core.db import unit_of_work
from services.followups.due import (
    DueState,
    Schedule,
    add_months,
    due_sql,
    open_sql,
    overdue_sql,
    planned_visits,
    state,
    upcoming_sql,
    visit_dates,
)
from services.followups.visits import local_day
from tests.followups.support import build, hire

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=400, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=120))
def test_add_months_lands_in_the_right_month(start: date, months: int) -> None:
    due = add_months(start, months)
    index = start.year * 12 + start.month - 1 + months
    assert (due.year, due.month) == (index // 12, index % 12 + 1)
    assert due.day == min(start.day, calendar.monthrange(due.year, due.month)[1])
    assert due >= start and (months == 0) == (due == start)


@pytest.mark.parametrize(("start", "months", "due"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 31), 1, date(2026, 9, 30)), (date(2026, 12, 31), 1, date(2027, 1, 31)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)), (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 3, 20), 6, date(2026, 9, 20)), (date(2026, 2, 28), 1, date(2026, 3, 28)),
])
def test_add_months_at_month_ends(start: date, months: int, due: date) -> None:
    assert add_months(start, months) == due


@settings(max_examples=200, deadline=None)
@given(DAYS, st.lists(st.integers(min_value=1, max_value=36), min_size=1, max_size=5, unique=True),
       st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=90))
def test_planned_visits_never_before_the_start(start: date, months: list[int], opens: int, closes: int) -> None:
    schedule = Schedule(tuple(sorted(months)), opens, closes)
    planned = planned_visits(start, schedule)
    assert [v.month for v in planned] == sorted(months)
    for v in planned:
        assert v.due_date > start and v.window_opens == v.due_date - timedelta(days=opens)
        assert v.window_closes == v.due_date + timedelta(days=closes)
    assert [v.due_date for v in planned] == sorted(v.due_date for v in planned)


def test_window_edges() -> None:
    v = visit_dates(date(2026, 3, 20), 1, Schedule((1,), 7, 14))
    assert (v.window_opens, v.due_date, v.window_closes) == (date(2026, 4, 13), date(2026, 4, 20), date(2026, 5, 4))
    on = {d: state("scheduled", v.window_opens, v.window_closes, d) for d in (
        date(2026, 4, 12), date(2026, 4, 13), date(2026, 5, 4), date(2026, 5, 5))}
    assert list(on.values()) == [DueState.UPCOMING, DueState.DUE, DueState.DUE, DueState.OVERDUE]
    assert state("done", v.window_opens, v.window_closes, date(2030, 1, 1)) == DueState.DONE
    assert state("cancelled", v.window_opens, v.window_closes, date(2000, 1, 1)) == DueState.CANCELLED


class _Frozen(datetime):
    instant = datetime(2026, 5, 4, 15, 59, 59, tzinfo=UTC)

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls.instant.astimezone(tz) if tz else cls.instant.replace(tzinfo=None)


def test_the_county_midnight_decides_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """16:00 UTC is midnight in Asia/Shanghai: the last day of a window ends then, not at UTC midnight."""
    monkeypatch.setattr(clock, "datetime", _Frozen)
    v = visit_dates(date(2026, 3, 20), 1, Schedule((1,), 7, 14))  # closes 4 May
    before, after = datetime(2026, 5, 4, 15, 59, 59, tzinfo=UTC), datetime(2026, 5, 4, 16, 0, tzinfo=UTC)
    for instant, day, expected in ((before, date(2026, 5, 4), DueState.DUE),
                                   (after, date(2026, 5, 5), DueState.OVERDUE)):
        monkeypatch.setattr(_Frozen, "instant", instant)
        assert clock.local_today() == day == local_day(instant)
        assert state("scheduled", v.window_opens, v.window_closes, clock.local_today()) == expected
    # and at the window's opening: 12 April 23:59 local is still upcoming, 13 April 00:00 local is due
    monkeypatch.setattr(_Frozen, "instant", datetime(2026, 4, 12, 15, 59, tzinfo=UTC))
    assert state("scheduled", v.window_opens, v.window_closes, clock.local_today()) == DueState.UPCOMING
    monkeypatch.setattr(_Frozen, "instant", datetime(2026, 4, 12, 16, 0, tzinfo=UTC))
    assert state("scheduled", v.window_opens, v.window_closes, clock.local_today()) == DueState.DUE


def test_python_and_sql_agree(engine, vault) -> None:
    """Every window placed around `today` (edges included) and random ones, in every status."""
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    today = date(2026, 6, 15)
    rng = random.Random(13)
    spans = [(today + timedelta(days=a), today + timedelta(days=b))
             for a, b in itertools.product(range(-3, 4), repeat=2) if a <= b]
    spans += [(today + timedelta(days=a), today + timedelta(days=a + rng.randrange(0, 40)))
              for a in (rng.randrange(-120, 120) for _ in range(150))]
    rows = [dict(hire_id=hire_id, seeker_id=w.seekers["a"], employer_id=w.employers["dg"], month=None,
                 due_date=opens, window_opens=opens, window_closes=closes, status=status, new_employer="", note="",
                 cancel_reason="", created_at=datetime(2026, 1, 1, tzinfo=UTC))
            for opens, closes in spans for status in VisitStatus]
    with unit_of_work(engine) as session:
        session.connection().execute(FollowUp.__table__.insert(), rows)
    f = FollowUp.__table__.c
    for day in (today - timedelta(days=1), today, today + timedelta(days=1), today + timedelta(days=30)):
        sql_state = case((due_sql(day), "due"), (overdue_sql(day), "overdue"), (upcoming_sql(day), "upcoming"),
                         (open_sql(), "open?"), else_=f.status)
        with unit_of_work(engine, write=False) as session:
            found = session.connection().execute(
                select(f.status, f.window_opens, f.window_closes, sql_state).where(f.month.is_(None))).all()
        assert len(found) == len(rows)
        for status, opens, closes, in_sql in found:
            assert state(status, opens, closes, day).value == in_sql, (status, opens, closes, day)
