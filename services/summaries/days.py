"""The local day and hour of an instant, decided once, when a row is written, with the county's zone.

A summary row's day is a local date stored as a date: it does not depend on the server's TZ, and
the dashboard compares dates, not instants. `hour` is the hours since the local day's start, the
index of `reporting.dashboard.buckets.hour_buckets(day)` (right on days with a DST change too).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.core.clock import day_start


def day_and_hour(at: datetime, zone: ZoneInfo) -> tuple[date, int]:
    day = at.astimezone(zone).date()
    return day, int((at - day_start(day, zone)).total_seconds() // 3600)


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()
