"""A fair's status follows its dates in the county's time zone; staff closing it still wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

import services.core.clock as clock
from models import Fair, FairStatus
from services.core.db import unit_of_work
from services.places.fair_status import ended_sql, fair_status, has_ended, is_running, running_sql
from services.places.sources import create_fair, resolve_source
from services.reporting.dashboard import filter_options

OPEN, PLANNED, CLOSED = FairStatus.OPEN, FairStatus.PLANNED, FairStatus.CLOSED
TODAY = date(2026, 11, 23)


@dataclass
class F:
    status: str
    starts_on: date | None
    ends_on: date | None


@pytest.mark.parametrize(("fair", "expected"), [
    (F(OPEN, date(2026, 11, 20), date(2026, 11, 22)), CLOSED),  # ended yesterday: not ongoing
    (F(OPEN, date(2026, 11, 22), None), CLOSED),  # a one-day fair yesterday
    (F(OPEN, date(2026, 11, 22), date(2026, 11, 23)), OPEN),  # its last day is today
    (F(OPEN, date(2026, 11, 23), None), OPEN),
    (F(PLANNED, date(2026, 11, 23), date(2026, 11, 24)), OPEN),  # started: ongoing
    (F(OPEN, date(2026, 11, 24), date(2026, 11, 25)), PLANNED),  # not started: upcoming
    (F(PLANNED, date(2026, 12, 1), None), PLANNED),
    (F(CLOSED, date(2026, 11, 22), date(2026, 11, 25)), CLOSED),  # closed (cancelled) by staff wins
    (F(CLOSED, date(2026, 12, 1), None), CLOSED),
    (F(OPEN, None, None), OPEN),  # no dates: the status staff set
    (F(PLANNED, None, None), PLANNED),
    (F(OPEN, None, date(2026, 11, 22)), CLOSED),
    (F(OPEN, None, date(2026, 11, 23)), OPEN),
])
def test_status_from_dates(fair: F, expected: FairStatus) -> None:
    assert fair_status(fair, TODAY) == expected
    assert has_ended(fair, TODAY) == (expected == CLOSED)
    assert is_running(fair, TODAY) == (expected == OPEN and fair.starts_on is not None)


def _at(monkeypatch: pytest.MonkeyPatch, instant: datetime) -> None:
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz)

    monkeypatch.setattr(clock, "datetime", Clock)


# 16:00 UTC is midnight in China: 15:59:59 UTC on the 22nd is still the 22nd there.
BEFORE_MIDNIGHT = datetime(2026, 11, 22, 15, 59, 59, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 11, 22, 16, 0, 0, tzinfo=UTC)


def test_the_county_midnight_decides_not_the_servers(monkeypatch) -> None:
    fair = F(OPEN, date(2026, 11, 21), date(2026, 11, 22))
    _at(monkeypatch, BEFORE_MIDNIGHT)
    assert clock.local_today() == date(2026, 11, 22) and fair_status(fair) == OPEN
    _at(monkeypatch, AFTER_MIDNIGHT)  # still the 22nd in UTC, already the 23rd in the county
    assert clock.local_today() == date(2026, 11, 23) and fair_status(fair) == CLOSED
    assert fair_status(F(OPEN, date(2026, 11, 23), None)) == OPEN


def test_registration_link_and_dashboard_at_the_county_midnight(engine, monkeypatch) -> None:
    ended = create_fair(engine, name="昨天结束", code="ENDS22", starts_on=date(2026, 11, 21),
                        ends_on=date(2026, 11, 22))
    starts = create_fair(engine, name="明天开始", code="START23", starts_on=date(2026, 11, 23),
                         ends_on=date(2026, 11, 24))
    _at(monkeypatch, BEFORE_MIDNIGHT)
    assert resolve_source(engine, fair_code="ENDS22").problem is None
    assert resolve_source(engine, fair_code="START23").problem is None  # an upcoming fair's link works
    assert filter_options(engine).running_fair_id == ended.id
    _at(monkeypatch, AFTER_MIDNIGHT)
    assert resolve_source(engine, fair_code="ENDS22").problem == "This job fair has ended."
    assert resolve_source(engine, fair_code="START23").source.fair_id == starts.id
    assert filter_options(engine).running_fair_id == starts.id


def test_the_sql_form_agrees_with_the_python_form(engine) -> None:
    cases = [F(OPEN, s, e) for s in (None, date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 24))
             for e in (None, date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 25)) if not (s and e and e < s)]
    cases += [F(PLANNED, date(2026, 11, 23), None), F(CLOSED, date(2026, 11, 23), None), F(CLOSED, None, None)]
    for i, case in enumerate(cases):
        create_fair(engine, name=f"fair {i}", code=f"CASE{i}", status=case.status, starts_on=case.starts_on,
                    ends_on=case.ends_on)
    with unit_of_work(engine, write=False) as session:
        ended = set(session.exec(select(Fair.code).where(ended_sql(TODAY))))
        running = set(session.exec(select(Fair.code).where(running_sql(TODAY))))
    assert ended == {f"CASE{i}" for i, c in enumerate(cases) if has_ended(c, TODAY)}
    assert running == {f"CASE{i}" for i, c in enumerate(cases) if is_running(c, TODAY)}
