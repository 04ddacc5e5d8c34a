"""The one helper that keeps the summaries exact: called by every write that adds a check-in or a
seeker, in that write's transaction (never by pages).

Two statements whatever the batch: the markers (a person once per place and day, once per day, once
per fair, once per registration point) inserted with ON CONFLICT DO NOTHING ... RETURNING the ones that were
new, then one upsert of every counter they and the check-ins bump (`n = n + excluded.n`). A new fair or
registration-point marker also adds the person to that place's people panel (place_profiles.py) and pairs a
registration point with the person's hires (hire_sites.py); a check-in at a place marks the person in the place's
township (town_profiles.py); a new day marker may move the person to a later latest day (latest_profiles.py). The
visitors' counted rows are read (and locked on PostgreSQL) once, for all three. Rows are sorted, so two
transactions lock them in the same order; a second registration of the same person waits for the first's marker
and then finds it (PostgreSQL), or runs after it (SQLite: BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert, ReturningInsert

from models import SummaryCount, SummaryMarker
from models.summary import ALL_DAYS, ANY, NONE
from services.core.clock import local_zone
from services.summaries.days import day_and_hour, local_day

CHUNK = 1000  # rows per statement (6 values a row: under SQLite's 32,766 bound values)
_count, _marker = SummaryCount.__table__, SummaryMarker.__table__
COUNT_KEY = ("figure", "day", "hour", "fair_id", "site_id")
MARKER_KEY = ("figure", "day", "fair_id", "site_id", "seeker_id")


@dataclass(frozen=True)
class Visit:
    """A check-in that was inserted: who, where, when, and when the person first registered."""

    seeker_id: int
    fair_id: int | None
    site_id: int | None
    at: datetime
    registered_at: datetime


def record(conn: Connection, *, visits: Sequence[Visit] = (), created: Sequence[tuple[int, datetime]] = (),
           zone: ZoneInfo | None = None) -> None:
    """Count `visits` (check-ins just inserted) and `created` ((id, created_at) of seekers that may have been
    inserted just now: each seeker's marker counts them once, however often they are passed)."""
    if not visits and not created:
        return
    zone = zone or local_zone()
    counts: Counter[tuple[str, date, int, int, int]] = Counter()
    markers: dict[tuple[str, date, int, int, int], bool] = {}
    registered: dict[int, date] = {}
    for seeker_id, at in created:
        registered[seeker_id] = local_day(at, zone)
        markers[("seeker", ALL_DAYS, NONE, NONE, seeker_id)] = False
    for v in visits:
        day, hour = day_and_hour(v.at, zone)
        fair, site = v.fair_id or NONE, v.site_id or NONE
        counts[("checkins", day, hour, fair, site)] += 1
        new = local_day(v.registered_at, zone) == day
        markers[("visit", day, fair, site, v.seeker_id)] = new
        markers[("day", day, ANY, ANY, v.seeker_id)] = new
        if v.fair_id is not None:
            markers[("fair", ALL_DAYS, v.fair_id, NONE, v.seeker_id)] = False
        if v.site_id is not None:
            markers[("site", ALL_DAYS, NONE, v.site_id, v.seeker_id)] = False
    sql = _statements(conn.dialect.name)
    rows = [dict(zip(MARKER_KEY, k, strict=True), new=new) for k, new in sorted(markers.items())]
    days: list[tuple[int, date]] = []  # new "day" markers: the person's latest day may move (latest_profiles.py)
    placed: list[tuple[int, tuple[int, int]]] = []  # new "fair" / "site" markers: the person joins the place's cells
    keys: dict = {}  # the counted values of the people with a check-in here (place_profiles.counted_keys)
    for start in range(0, len(rows), CHUNK):
        for figure, day, fair, site, seeker_id, new in conn.execute(sql.markers, rows[start:start + CHUNK]):
            if figure == "seeker":  # the markers that were new bump their counters
                counts[("created", registered[seeker_id], -1, ANY, ANY)] += 1
            elif figure == "day":
                counts[("people", day, -1, ANY, ANY)] += 1
                days.append((seeker_id, day))
            elif figure == "visit":
                counts[("place_people", day, -1, fair, site)] += 1
                if new:
                    counts[("place_new", day, -1, fair, site)] += 1
            elif figure == "fair":
                counts[("fair_people", ALL_DAYS, -1, fair, NONE)] += 1
                placed.append((seeker_id, (fair, NONE)))
            elif figure == "site":
                placed.append((seeker_id, (NONE, site)))
    at_places = any(v.fair_id is not None or v.site_id is not None for v in visits)
    if placed or days:  # something new to count: the visitors' counted values, their rows locked once in one order
        from services.summaries.place_profiles import counted_keys

        keys = counted_keys(conn, {v.seeker_id for v in visits})
    if placed:  # (link_people relies on the lock above)
        from services.summaries.hire_sites import link_people
        from services.summaries.place_profiles import add_marked

        add_marked(conn, placed, keys)
        link_people(conn, [(sid, place[1]) for sid, place in placed if place[1] != NONE])
    if at_places:  # the places' townships' people
        from services.summaries.town_profiles import mark

        mark(conn, [(v.seeker_id, v.fair_id, v.site_id) for v in visits], keys)
    if days:
        from services.summaries.latest_profiles import seen

        seen(conn, days, keys)
    bumps = [dict(zip(COUNT_KEY, k, strict=True), n=n) for k, n in sorted(counts.items())]
    for start in range(0, len(bumps), CHUNK):
        conn.execute(sql.counts, bumps[start:start + CHUNK])


@dataclass(frozen=True)
class _Statements:
    markers: ReturningInsert[str, date, int, int, int, bool]
    counts: Insert


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    """Built once per dialect (building them anew would cost more than running them), run as executemany."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    m = _marker.c
    markers = insert(_marker).on_conflict_do_nothing(index_elements=list(MARKER_KEY)).returning(
        m.figure, m.day, m.fair_id, m.site_id, m.seeker_id, m.new)
    up = insert(_count)
    counts = up.on_conflict_do_update(index_elements=list(COUNT_KEY), set_={"n": _count.c.n + up.excluded.n})
    return _Statements(markers=markers, counts=counts)
