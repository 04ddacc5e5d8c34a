"""The people panel and "profiles incomplete" over every seeker, read from the summaries (models/summary.py
`SummaryProfile`, kept by services/summaries/profiles.py; docs/ROLLUPS.md "People panel").

The same figures as people.py's base-table SQL (the reference, compared by the tests and by
`rebuild-summaries --verify`): each breakdown is its own counters; the age bands, which move every day, are
sums of birth ranges: whole months from the "age_month" counters, and the four months that hold a band's
boundary today from the "age_day" counters (their days, a few hundred rows in all). Codes outside the known lists are
counted under their own code, as the GROUP BY reading does (`unclassified` stays 0).
The people with a check-in at one fair or one registration point, or at any place of one township, on any day
(`place_scope`), are read the same way from that place's or township's counters (`SummaryPlaceProfile`,
`SummaryTownProfile`: services/summaries/place_profiles.py, town_profiles.py); a date filter alone whose range
reaches the latest day with a check-in sums the days of its range of the latest-visit-day counters
(`SummaryLatestProfile`, services/summaries/latest_profiles.py); other filtered scopes (an earlier range, a place
with dates or a township) read the people with a matching check-in (people.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from models import SummaryLatestProfile, SummaryPlaceProfile, SummaryProfile, SummaryTownProfile
from models.summary import NONE
from services.reporting.dashboard.buckets import age_band_cutoffs
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.filters import DashboardFilter
from services.reporting.dashboard.people import Profile

_everyone, _placed, _town = SummaryProfile.__table__, SummaryPlaceProfile.__table__, SummaryTownProfile.__table__
_latest = SummaryLatestProfile.__table__
Place = tuple[int, int]  # (fair_id, site_id), one of them 0


@dataclass(frozen=True)
class Since:
    """The people with a check-in on `day` or later (None: on any day): the latest-visit-day counters."""

    day: date | None


Scope = Place | str | Since | None
_DIMS = {"township": "by_township", "education": "education", "intention": "intention", "poor": "poor"}


def _month_end(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _band(birth: date, cuts: list[date]) -> int:
    return next((i for i, cut in enumerate(cuts) if birth > cut), len(cuts))


def place_scope(flt: DashboardFilter) -> Place | str | None:
    """The counters that are the filter's scope: one fair's or one registration point's (fair id, site id), or one
    township's (its name); None when no counters are (dates; a place with a township; a fair with a site)."""
    if flt.dated:
        return None
    if flt.fair_id is None and flt.site_id is None:
        return flt.township
    if flt.township is not None or (flt.fair_id is None) == (flt.site_id is None):
        return None
    return (flt.fair_id, NONE) if flt.fair_id is not None else (NONE, flt.site_id or NONE)


def counters_scope(conn: Connection, ctx: Context) -> Scope:
    """`place_scope`, and for a date filter alone whose range reaches the latest day anyone checked in (the last 7
    days, today, since a date): `Since` its first day; None when no counters are the scope (an earlier range)."""
    flt = ctx.flt.ordered()
    if not flt.dated or flt.placed:
        return place_scope(flt)
    c = _latest.c
    last = conn.execute(select(func.max(c.day)).where(c.dim == "total", c.n != 0)).scalar()
    if last is not None and (flt.end or ctx.today) < last:
        return None
    return Since(flt.start)


def _cells(place: Scope) -> tuple[FromClause, list[ColumnElement[bool]]]:
    if place is None:
        return _everyone, []
    if isinstance(place, Since):  # the days of the range summed (a few days' counters)
        c = _latest.c  # (the sum cast back: PostgreSQL's sum of a bigint is a numeric)
        days = select(c.dim, c.value, c.birth, cast(func.sum(c.n), BigInteger).label("n")).group_by(
            c.dim, c.value, c.birth)
        return (days if place.day is None else days.where(c.day >= place.day)).subquery(), []
    if isinstance(place, str):
        return _town, [_town.c.township == place]
    return _placed, [_placed.c.fair_id == place[0], _placed.c.site_id == place[1]]


def profile(conn: Connection, today: date, place: Scope = None) -> Profile:
    """Everyone (`place` None), or the people with a check-in at the place (or the township's places), or since a
    day."""
    table, at = _cells(place)
    c = table.c
    cuts = age_band_cutoffs(today)
    split = sorted({cut.replace(day=1) for cut in cuts})  # months a boundary falls in: counted by day
    found = Profile()
    genders: set[str] = set()
    for dim, value, birth, n in conn.execute(select(c.dim, c.value, c.birth, c.n).where(  # index ranges
            *at, c.dim.in_(["total", "age_month", *_DIMS]), c.n != 0)):
        if dim == "total":
            found.total = n
        elif dim == "age_month":
            genders.add(value)
            if birth not in split:
                found.age_gender[(_band(birth, cuts), value)] += n
        else:
            getattr(found, _DIMS[dim])[value] += n
    if genders:  # the days of those months, per gender: index look-ups, a few hundred rows
        dates = [m + timedelta(days=i) for m in split for i in range((_month_end(m) - m).days)]
        for gender, birth, n in conn.execute(select(c.value, c.birth, c.n).where(
                *at, c.dim == "age_day", c.value.in_(sorted(genders)), c.birth.in_(dates), c.n != 0)):
            found.age_gender[(_band(birth, cuts), gender)] += n
    return found


def incomplete(conn: Connection, place: Scope = None) -> int:
    table, at = _cells(place)
    c = table.c
    return conn.execute(select(cast(func.coalesce(func.sum(c.n), 0), BigInteger)).where(
        *at, c.dim == "incomplete")).scalar_one()
