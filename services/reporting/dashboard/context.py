"""One dashboard request resolved once: the filter's dates as UTC spans, the check-in conditions
of its place, the fair of "at this fair" and the days the charts cover. Every panel reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.sql.elements import ColumnElement

from services.reporting.dashboard.buckets import Span, day_span
from services.reporting.dashboard.filters import (
    DashboardFilter,
    FairInfo,
    FilterOptions,
    place_conditions,
    running_fair,
)

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Context:
    flt: DashboardFilter  # dates in order
    options: FilterOptions
    zone: ZoneInfo
    now: datetime  # UTC
    today: date  # local
    span: Span | None  # the filter's dates (None: no date filter)
    today_span: Span
    year_span: Span  # the local calendar year of today
    where: list[ColumnElement]  # check-ins at the chosen place
    fair: FairInfo | None  # the fair of "at this fair"
    first: date  # the days of the per-day chart (and, without dates, of by_place)
    last: date  # also the day of the per-hour chart
    summaries: bool = False  # the registration panels read the summary tables (summarized.py)

    @property
    def place_days(self) -> tuple[date | None, date]:
        """The days by_place counts (None: from the beginning)."""
        flt = self.flt
        return (flt.start, flt.end or self.today) if flt.dated else (self.first, self.last)


def chosen_fair(flt: DashboardFilter, options: FilterOptions, today: date) -> FairInfo | None:
    if flt.fair_id is not None:
        return next((f for f in options.fairs if f.id == flt.fair_id), None)
    if flt.site_id is None:  # the fair held today, among the chosen township's fairs
        return running_fair((f for f in options.fairs if flt.township in (None, f.township)), today)
    return None  # a registration point is not a fair: no check-in is at both


def resolve(flt: DashboardFilter, options: FilterOptions, *, now: datetime, zone: ZoneInfo,
            summaries: bool = False) -> Context:
    today = now.astimezone(zone).date()
    flt = flt.ordered()
    span = day_span(flt.start or date(1900, 1, 1), flt.end or today, zone) if flt.dated else None
    fair = chosen_fair(flt, options, today)
    last, first = flt.end or today, flt.start
    if flt.fair_id is not None and not flt.dated and fair is not None and fair.starts_on \
            and fair.starts_on <= today:  # a fair chosen: its days (so far)
        last, first = min(fair.ends_on or fair.starts_on, today), fair.starts_on
    first = max(first or last - timedelta(days=DEFAULT_DAYS - 1), last - timedelta(days=MAX_DAYS - 1))
    return Context(
        flt=flt, options=options, zone=zone, now=now, today=today, span=span,
        today_span=day_span(today, today, zone),
        year_span=day_span(date(today.year, 1, 1), date(today.year, 12, 31), zone),
        where=place_conditions(flt, options), fair=fair, first=first, last=last, summaries=summaries,
    )
