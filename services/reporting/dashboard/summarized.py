"""The registration panels' figures read from the summary tables (models/summary.py, docs/ROLLUPS.md).

Same figures as the base-table SQL in registrations.py (kept as the reference: the tests and
`rebuild-summaries --verify` compare), each a few rows of `summary_count` or one day's `summary_marker`:

* people today: the county's counter of the day; at one fair or site, its counters of the day; in a
  township (several places: a person at two counts once), the day's markers of each of its places, one
  index range each (distinct people, "new" = first registered that day; a check-in is at a fair or a site);
* at this fair: the fair's counter (a place filter that cannot hold for the fair: the base tables);
* per hour and per day, by registration point: the check-in counters of the days, summed by hour, day, place.

Days are the county's local dates the rows were written with; the dashboard reads the summaries only in
that zone (`Context.summaries`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select, union_all
from sqlalchemy.engine import Connection

from models import SummaryCount, SummaryMarker, SummaryProfile
from models.summary import ALL_DAYS, ANY, NONE
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.filters import place_conditions

_count, _marker = SummaryCount.__table__, SummaryMarker.__table__


def _counter(conn: Connection, figure: str, day: date, fair_id: int = ANY) -> int:
    c = _count.c
    return conn.execute(select(func.coalesce(func.sum(c.n), 0)).where(
        c.figure == figure, c.day == day, c.hour == -1, c.fair_id == fair_id)).scalar_one()


def people_today(conn: Connection, ctx: Context) -> tuple[int, int]:
    """(people, new among them) with a check-in today at the chosen place."""
    flt = ctx.flt
    if not flt.placed:
        return _counter(conn, "people", ctx.today), _counter(conn, "created", ctx.today)
    if (flt.fair_id is None) != (flt.site_id is None):  # one place (a check-in is at a fair or a site, never both)
        c = _count.c
        n, fresh = (conn.execute(select(func.coalesce(func.sum(c.n), 0)).where(
            c.figure == figure, c.day == ctx.today, c.hour == -1, *place_conditions(flt, ctx.options, _count)))
            .scalar_one() for figure in ("place_people", "place_new"))
        return n, fresh
    m = _marker.c
    # a township: one index range per place of it (UNION ALL), not a filter over all of today's markers
    places = [(f.id, NONE) for f in ctx.options.fairs if f.township == flt.township]
    places += [(NONE, s.id) for s in ctx.options.sites if s.township == flt.township]
    if not places:
        return 0, 0
    ranges = union_all(*(select(m.seeker_id, m.new).where(
        m.figure == "visit", m.day == ctx.today, m.fair_id == f, m.site_id == s) for f, s in places)).subquery()
    r = ranges.c
    n, fresh = conn.execute(select(func.count(r.seeker_id.distinct()),
                                   func.count(case((r.new, r.seeker_id)).distinct()))).one()
    return n, fresh


def people_at_fair(conn: Connection, ctx: Context) -> int | None:
    """People with a check-in at the fair of "at this fair"; None when the place filter cannot be read
    from the fair's counter (a township the fair is not held in: the base tables)."""
    fair, flt = ctx.fair, ctx.flt
    if fair is None or flt.site_id is not None or flt.township not in (None, fair.township) \
            or flt.fair_id not in (None, fair.id):
        return None
    return _counter(conn, "fair_people", ALL_DAYS, fair.id)


def checkins_per_hour(conn: Connection, ctx: Context, day: date) -> dict[int, int]:
    """Check-ins at the chosen place per hour since the local day's start."""
    c = _count.c
    return dict(conn.execute(select(c.hour, func.sum(c.n)).where(
        c.figure == "checkins", c.day == day, *place_conditions(ctx.flt, ctx.options, _count)).group_by(c.hour)).all())


def checkins_per_day(conn: Connection, ctx: Context, first: date, last: date) -> dict[date, int]:
    c = _count.c
    return dict(conn.execute(select(c.day, func.sum(c.n)).where(
        c.figure == "checkins", c.day >= first, c.day <= last, *place_conditions(ctx.flt, ctx.options, _count))
        .group_by(c.day)).all())


def created_between(conn: Connection, first: date, last: date) -> int:
    """Seekers first registered on the local days first..last (the "created" counters of the days)."""
    c = _count.c
    return int(conn.execute(select(func.coalesce(func.sum(c.n), 0)).where(
        c.figure == "created", c.day >= first, c.day <= last, c.hour == -1, c.fair_id == ANY)).scalar_one())


def township_created_between(conn: Connection, township: str, first: date, last: date) -> int:
    """The township's people (home township) first registered on the local days first..last: `summary_profile`'s
    "created" counters (services/summaries/profiles.py), at most one a day."""
    c = SummaryProfile.__table__.c
    return int(conn.execute(select(func.coalesce(func.sum(c.n), 0)).where(
        c.dim == "created", c.value == township, c.birth >= first, c.birth <= last)).scalar_one())


def checkins_by_place(conn: Connection, first: date | None, last: date) -> dict[tuple[int, int], int]:
    """Check-ins per (fair id, site id) in the days (0: none), whatever the place filter."""
    c = _count.c
    since = [] if first is None else [c.day >= first]
    return {(f, s): int(n) for f, s, n in conn.execute(select(c.fair_id, c.site_id, func.sum(c.n)).where(
        c.figure == "checkins", c.day <= last, *since).group_by(c.fair_id, c.site_id))}


__all__ = ["ANY", "NONE", "checkins_by_place", "checkins_per_day", "checkins_per_hour", "created_between",
           "people_at_fair", "people_today", "township_created_between"]
