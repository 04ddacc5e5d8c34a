"""The one definition of when a follow-up visit is due, and when it is overdue.

A hire starting on `start` has its k-month visit due on `start + k months` (the same day of the
month, or the month's last day when it has fewer days: 31 Jan + 1 month = 28/29 Feb). The visit's
window runs from `opens_days` before the due date to `closes_days` after it, both days included
(settings: `followup_opens_days`, `followup_closes_days`; months: `followup_months`).

On a local day `today` (the county's: `core.clock.local_today()`), a visit still scheduled is
- upcoming: today < window_opens;
- due: window_opens <= today <= window_closes;
- overdue: today > window_closes.
A visit done or cancelled is none of these. `state` decides in Python, `due_sql` / `overdue_sql` /
`open_sql` in SQL, and tests check that they agree.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from models import FollowUp, VisitStatus
from services.core.settings import get_settings


@dataclass(frozen=True)
class Schedule:
    months: tuple[int, ...] = (1, 3, 6)
    opens_days: int = 7
    closes_days: int = 14

    @classmethod
    def from_settings(cls) -> Schedule:
        s = get_settings()
        return cls(tuple(s.followup_months), s.followup_opens_days, s.followup_closes_days)


def add_months(start: date, months: int) -> date:
    """`start` plus whole months; the month's last day when the day does not exist there."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class VisitDates:
    month: int
    due_date: date
    window_opens: date
    window_closes: date


def visit_dates(start: date, month: int, schedule: Schedule | None = None) -> VisitDates:
    schedule = schedule or Schedule.from_settings()
    due = add_months(start, month)
    return VisitDates(month, due, due - timedelta(days=schedule.opens_days), due + timedelta(days=schedule.closes_days))


def planned_visits(start: date, schedule: Schedule | None = None) -> list[VisitDates]:
    """The visits a hire starting on `start` gets, in order."""
    schedule = schedule or Schedule.from_settings()
    return [visit_dates(start, k, schedule) for k in schedule.months]


class DueState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    CANCELLED = "cancelled"


def state(status: str, window_opens: date, window_closes: date, today: date) -> DueState:
    if status == VisitStatus.DONE:
        return DueState.DONE
    if status == VisitStatus.CANCELLED:
        return DueState.CANCELLED
    if today < window_opens:
        return DueState.UPCOMING
    if today <= window_closes:
        return DueState.DUE
    return DueState.OVERDUE


_f = FollowUp.__table__.c


def open_sql() -> ColumnElement[bool]:
    """A visit still to make (scheduled: neither done nor cancelled)."""
    return _f.status == VisitStatus.SCHEDULED


def due_sql(today: date) -> ColumnElement[bool]:
    return and_(open_sql(), _f.window_opens <= today, _f.window_closes >= today)


def overdue_sql(today: date) -> ColumnElement[bool]:
    return and_(open_sql(), _f.window_closes < today)


def upcoming_sql(today: date) -> ColumnElement[bool]:
    return and_(open_sql(), _f.window_opens > today)
