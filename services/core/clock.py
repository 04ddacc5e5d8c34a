"""The county's local date and time. Servers run in UTC; fairs, ages and "today" are China's."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from services.core.settings import get_settings


def local_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def local_now() -> datetime:
    return datetime.now(local_zone())


def local_today() -> date:
    return local_now().date()


def day_start(day: date | datetime, zone: ZoneInfo | None = None) -> datetime:
    """The UTC instant the county's local day begins: of `day` (a local date), or of the local
    day an instant falls in (an aware datetime). `zone` defaults to the county's."""
    zone = zone or local_zone()
    if isinstance(day, dt.datetime):
        if day.tzinfo is None:
            raise ValueError("an instant must be timezone-aware")
        day = day.astimezone(zone).date()
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
