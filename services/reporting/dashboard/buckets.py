"""Local time for the dashboard: the county's days and hours as UTC boundaries, and age bands.

Timestamps are stored in UTC. Local dates and hours become UTC boundaries here, in Python
(zone from settings; right for any zone, DST included), and the database only compares
timestamps with them: every time filter and bucket is an index range, and no SQL
dialect's time-zone functions are needed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.sql.elements import ColumnElement

from services.core.clock import day_start

# (lowest age, highest age or None); the first band takes everyone under 25
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((16, 24), (25, 34), (35, 44), (45, 54), (55, None))

Span = tuple[datetime, datetime]


def day_span(start: date, end: date, zone: ZoneInfo) -> Span:
    """[start 00:00, the day after end 00:00) local, as UTC instants."""
    return day_start(start, zone), day_start(end + timedelta(days=1), zone)


def hour_buckets(day: date, zone: ZoneInfo) -> list[tuple[int, datetime, datetime]]:
    """(local hour, UTC start, UTC end) for each hour of a local day."""
    lo, hi = day_span(day, day, zone)
    out = []
    t = lo
    while t < hi:
        nxt = min(t + timedelta(hours=1), hi)
        out.append((t.astimezone(zone).hour, t, nxt))
        t = nxt
    return out


def day_buckets(start: date, end: date, zone: ZoneInfo) -> list[tuple[date, datetime, datetime]]:
    days = (end - start).days + 1
    return [(d, *day_span(d, d, zone)) for d in (start + timedelta(days=i) for i in range(days))]


def in_span(column: ColumnElement[datetime], span: Span | None) -> list[ColumnElement[bool]]:
    """`column` within [lo, hi) (no condition without a span)."""
    return [] if span is None else [column >= span[0], column < span[1]]


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February in a common year).

    Someone born on or before this date is at least `years` old on `day`
    (as services.core.validation.age_on counts).
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def age_band_cutoffs(today: date) -> list[date]:
    """Birth-date boundaries between the bands: born after cutoffs[0] is in band 0, and so on."""
    return [years_before(today, low) for low, _high in AGE_BANDS[1:]]
