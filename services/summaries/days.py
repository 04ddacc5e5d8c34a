"""The local day and hour of an instant, decided once, when a row is written, with the county's zone.

A summary row's day is a local date stored as a date: it does not depend on the server's TZ, and
the dashboard compares dates, not instants. `hour` is the hours since the local day's start, the
index of `reporting.dashboard.buckets.hour_buckets(day)` (right on days with a DST change too).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Date, MetaData, Table
from sqlalchemy.engine import Connection

from models.base import UTCDateTime
from services.core.clock import day_start


def day_and_hour(at: datetime, zone: ZoneInfo) -> tuple[date, int]:
    day = at.astimezone(zone).date()
    return day, int((at - day_start(day, zone)).total_seconds() // 3600)


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def day_table(conn: Connection, name: str, first: date, last: date, zone: ZoneInfo) -> Table:
    """A temporary table of the local days first..last with their UTC bounds (`day`, `lo`, `hi`): a recount joins
    an index range of instants to it, so no SQL time-zone function is needed."""
    days = Table(name, MetaData(), Column("day", Date), Column("lo", UTCDateTime()), Column("hi", UTCDateTime()),
                 prefixes=["TEMPORARY"])
    days.drop(conn, checkfirst=True)
    days.create(conn)
    rows, d = [], first
    while d <= last:
        rows.append({"day": d, "lo": day_start(d, zone), "hi": day_start(d + timedelta(days=1), zone)})
        d += timedelta(days=1)
    conn.execute(days.insert(), rows)
    return days
