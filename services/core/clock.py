"""The county's local date and time. Servers run in UTC; fairs, ages and "today" are China's."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.core.settings import get_settings


def local_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def local_now() -> datetime:
    return datetime.now(local_zone())


def local_today() -> date:
    return local_now().date()
