"""Recompute every summary from the base tables (`rebuild`), or compare them with a recount (`verify`).

The county's local days become UTC boundaries in Python (a table of the days, and of their hours, from the
first registration to the last), and the database counts each bucket's index range of `checkin.created_at`
and `seeker.created_at`, so no SQL time-zone function is needed and the figures are those of
`reporting/dashboard` counted from the base tables. These statements are the reference implementation:
`verify` runs them into temporary tables and compares row by row (EXCEPT both ways).
Used by `python -m services.cli rebuild-summaries [--verify]` and by migration 0025. The people panel's
summaries (services/summaries/profiles.py: `rebuild_profiles`, `recount`) are rebuilt and verified with them
(and alone by migration 0027).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, Table, and_, delete, func, inspect, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.selectable import Select

from models import CheckIn, Seeker, SummaryCount, SummaryMarker
from models.base import UTCDateTime
from models.summary import ALL_DAYS, ANY, NONE
from services.core.clock import day_start, local_zone
from services.core.errors import Message
from services.core.i18n import N_
from services.summaries import profiles
from services.summaries.compare import counters_both_ways
from services.summaries.state import set_summaries_zone

Progress = Callable[[Message], None]  # a message id with its values: the command line translates it
_checkin, _seeker = CheckIn.__table__, Seeker.__table__
_count, _marker = SummaryCount.__table__, SummaryMarker.__table__
_ROWCOUNT = {"preserve_rowcount": True}  # an INSERT's row count (psycopg's otherwise reads -1 through SQLAlchemy)
SAMPLE = 20  # differences printed at most, per table and direction


def _temp(name: str, *columns: Column) -> Table:
    return Table(name, MetaData(), *columns, prefixes=["TEMPORARY"])


def _buckets(conn: Connection, zone: ZoneInfo) -> tuple[Table, Table] | None:
    """Temporary tables of the local days and hours from the first registration to the last."""
    lo = conn.execute(select(func.min(_checkin.c.created_at))).scalar()
    lo2 = conn.execute(select(func.min(_seeker.c.created_at))).scalar()
    hi = conn.execute(select(func.max(_checkin.c.created_at))).scalar()
    hi2 = conn.execute(select(func.max(_seeker.c.created_at))).scalar()
    firsts, lasts = [t for t in (lo, lo2) if t is not None], [t for t in (hi, hi2) if t is not None]
    if not firsts:
        return None
    first, last = min(firsts).astimezone(zone).date(), max(lasts).astimezone(zone).date()
    days = _temp("rb_day", Column("day", Date), Column("lo", UTCDateTime()), Column("hi", UTCDateTime()))
    hours = _temp("rb_hour", Column("day", Date), Column("hour", Integer), Column("lo", UTCDateTime()),
                  Column("hi", UTCDateTime()))
    for table in (days, hours):
        table.drop(conn, checkfirst=True)
        table.create(conn)
    day_rows, hour_rows = [], []
    d = first
    while d <= last:
        start, end = day_start(d, zone), day_start(d + timedelta(days=1), zone)
        day_rows.append({"day": d, "lo": start, "hi": end})
        t, i = start, 0
        while t < end:
            nxt = min(t + timedelta(hours=1), end)
            hour_rows.append({"day": d, "hour": i, "lo": t, "hi": nxt})
            t, i = nxt, i + 1
        d += timedelta(days=1)
    conn.execute(days.insert(), day_rows)
    conn.execute(hours.insert(), hour_rows)
    return days, hours


def _marker_selects(days: Table, markers: Table) -> list[tuple[str, Select]]:
    c, s = _checkin.c, _seeker.c
    fair, site = func.coalesce(c.fair_id, NONE), func.coalesce(c.site_id, NONE)
    new = and_(s.created_at >= days.c.lo, s.created_at < days.c.hi)
    visit = select(literal("visit"), days.c.day, fair, site, c.seeker_id, new).distinct().select_from(
        days.join(_checkin, and_(c.created_at >= days.c.lo, c.created_at < days.c.hi))
        .join(_seeker, s.id == c.seeker_id))
    m = markers.c
    day = select(literal("day"), m.day, literal(ANY), literal(ANY), m.seeker_id, m.new).distinct().where(
        m.figure == "visit")
    at_fair = select(literal("fair"), literal(ALL_DAYS, Date), c.fair_id, literal(NONE), c.seeker_id,
                     literal(False, Boolean)).distinct().where(c.fair_id.is_not(None))
    at_site = select(literal("site"), literal(ALL_DAYS, Date), literal(NONE), c.site_id, c.seeker_id,
                     literal(False, Boolean)).distinct().where(c.site_id.is_not(None))
    registered = select(literal("seeker"), literal(ALL_DAYS, Date), literal(NONE), literal(NONE), s.id,
                        literal(False, Boolean))
    return [(N_("people at a place per day"), visit), (N_("people per day"), day), (N_("people per fair"), at_fair),
            (N_("people per registration point"), at_site), (N_("people registered"), registered)]


def _count_selects(days: Table, hours: Table, markers: Table) -> list[tuple[str, Select]]:
    c, s, m = _checkin.c, _seeker.c, markers.c
    fair, site = func.coalesce(c.fair_id, NONE), func.coalesce(c.site_id, NONE)
    checkins = select(literal("checkins"), hours.c.day, hours.c.hour, fair, site, func.count()).select_from(
        hours.join(_checkin, and_(c.created_at >= hours.c.lo, c.created_at < hours.c.hi))
    ).group_by(hours.c.day, hours.c.hour, fair, site)
    created = select(literal("created"), days.c.day, literal(-1), literal(ANY), literal(ANY), func.count()).select_from(
        days.join(_seeker, and_(s.created_at >= days.c.lo, s.created_at < days.c.hi))).group_by(days.c.day)
    people = select(literal("people"), m.day, literal(-1), literal(ANY), literal(ANY), func.count()).where(
        m.figure == "day").group_by(m.day)
    at_fair = select(literal("fair_people"), literal(ALL_DAYS, Date), literal(-1), m.fair_id, literal(NONE),
                     func.count()).where(m.figure == "fair").group_by(m.fair_id)
    place_people = select(literal("place_people"), m.day, literal(-1), m.fair_id, m.site_id, func.count()).where(
        m.figure == "visit").group_by(m.day, m.fair_id, m.site_id)
    place_new = select(literal("place_new"), m.day, literal(-1), m.fair_id, m.site_id, func.count()).where(
        m.figure == "visit", m.new).group_by(m.day, m.fair_id, m.site_id)
    return [(N_("check-ins per hour and place"), checkins), (N_("people registered per day"), created),
            (N_("people per place and day"), place_people), (N_("new people per place and day"), place_new),
            (N_("people per day"), people), (N_("people per fair"), at_fair)]


def _said(name: str, n: int, t0: float) -> dict[str, object]:
    """A progress line's values: `name` (a message id: the command line translates it too), how many,
    seconds since t0."""
    return {"name": name, "n": f"{n:,}", "seconds": f"{perf_counter() - t0:.1f}"}


def _fill(conn: Connection, zone: ZoneInfo, counts: Table, markers: Table, progress: Progress) -> None:
    t0 = perf_counter()
    buckets = _buckets(conn, zone)
    if buckets is None:
        return
    days, hours = buckets
    marker_cols = ["figure", "day", "fair_id", "site_id", "seeker_id", "new"]
    count_cols = ["figure", "day", "hour", "fair_id", "site_id", "n"]
    for name, stmt in _marker_selects(days, markers):
        n = conn.execute(markers.insert().from_select(marker_cols, stmt), execution_options=_ROWCOUNT).rowcount
        progress((N_("{name}: {n} markers ({seconds} s)"), _said(name, n, t0)))
    for name, stmt in _count_selects(days, hours, markers):
        n = conn.execute(counts.insert().from_select(count_cols, stmt), execution_options=_ROWCOUNT).rowcount
        progress((N_("{name}: {n} counters ({seconds} s)"), _said(name, n, t0)))
    for t in (days, hours):
        t.drop(conn)


def rebuild(conn: Connection, *, zone: ZoneInfo | None = None, progress: Progress = lambda _line: None) -> None:
    """Replace every summary by a recount from the base tables (in the caller's transaction)."""
    zone = zone or local_zone()
    conn.execute(delete(_marker))
    conn.execute(delete(_count))
    _fill(conn, zone, _count, _marker, progress)
    if inspect(conn).has_table(profiles.TABLE):  # (not yet when migration 0025 runs this: 0027 fills them)
        t0 = perf_counter()
        people, counters = profiles.rebuild_profiles(conn, zone)
        progress((N_("people panel: {people} people, {n} counters ({seconds} s)"),
                  {**_said("", counters, t0), "people": f"{people:,}"}))
    from services.summaries import place_profiles

    if inspect(conn).has_table(place_profiles.TABLE):  # not yet before migration 0031
        t0 = perf_counter()
        n = place_profiles.rebuild_place_profiles(conn)
        progress((N_("people panel per fair and registration point: {n} counters ({seconds} s)"), _said("", n, t0)))
    from services.summaries import town_profiles

    if inspect(conn).has_table(town_profiles.TABLE):  # not yet before migration 0033
        t0 = perf_counter()
        n = town_profiles.retown(conn)
        progress((N_("people panel per township: {n} counters ({seconds} s)"), _said("", n, t0)))
    from services.summaries import latest_profiles

    if inspect(conn).has_table(latest_profiles.TABLE):  # not yet before migration 0035
        t0 = perf_counter()
        n = latest_profiles.rebuild(conn, zone)
        progress((N_("people panel per latest visit day: {n} counters ({seconds} s)"), _said("", n, t0)))
    set_summaries_zone(conn, zone.key)
    from services.summaries.household_rebuild import TABLE, rebuild_status  # the households' rows (issue 15)

    if inspect(conn).has_table(TABLE):  # not yet while migration 0025 runs this
        rebuild_status(conn, progress=progress)
    from services.summaries import hire_facts

    if inspect(conn).has_table(hire_facts.TABLE):  # not yet before migration 0030
        hire_facts.rebuild(conn, progress=progress)
    from services.summaries import hire_sites

    if inspect(conn).has_table(hire_sites.TABLE):  # not yet before migration 0032
        hire_sites.rebuild(conn, progress=progress)


@dataclass
class Differences:
    missing: dict[str, list[tuple]] = field(default_factory=dict)  # in the recount, not stored (or other n)
    unexpected: dict[str, list[tuple]] = field(default_factory=dict)  # stored, not in the recount
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (missing, unexpected) rows
    zone: tuple[str | None, str] | None = None  # (stored zone, expected zone) when they differ

    @property
    def any(self) -> bool:
        return self.zone is not None or any(a or b for a, b in self.counts.values())


def verify(conn: Connection, *, zone: ZoneInfo | None = None, progress: Progress = lambda _line: None) -> Differences:
    """Recount into temporary tables and compare with the stored summaries (nothing stored changes)."""
    from services.summaries.state import summaries_zone

    zone = zone or local_zone()
    found = Differences()
    stored_zone = summaries_zone(conn)
    if stored_zone != zone.key:
        found.zone = (stored_zone, zone.key)
    counts = _temp("rb_count", *(Column(c.name, c.type) for c in _count.c))
    markers = _temp("rb_marker", *(Column(c.name, c.type) for c in _marker.c))
    for t in (counts, markers):
        t.drop(conn, checkfirst=True)
        t.create(conn)
    _fill(conn, zone, counts, markers, progress)
    for name, stored, recount in (("summary_count", _count, counts), ("summary_marker", _marker, markers)):
        mine, theirs = select(*recount.c), select(*(stored.c[c.name] for c in recount.c))
        if name == "summary_count":  # a counter at 0 is the same as no counter
            theirs = theirs.where(stored.c.n != 0)
        a, b = mine.except_(theirs).subquery(), theirs.except_(mine).subquery()
        found.counts[name] = (conn.execute(select(func.count()).select_from(a)).scalar_one(),
                              conn.execute(select(func.count()).select_from(b)).scalar_one())
        found.missing[name] = [tuple(r) for r in conn.execute(select(a).limit(SAMPLE))]
        found.unexpected[name] = [tuple(r) for r in conn.execute(select(b).limit(SAMPLE))]
    for t in (counts, markers):
        t.drop(conn)
    _verify_profiles(conn, found, zone)
    from services.summaries.household_rebuild import TABLE, verify_status

    found.counts[TABLE], found.missing[TABLE], found.unexpected[TABLE] = verify_status(conn)
    from services.summaries import hire_facts

    found.counts[hire_facts.TABLE], found.missing[hire_facts.TABLE], found.unexpected[hire_facts.TABLE] = \
        hire_facts.verify(conn)
    from services.summaries import retention_counts

    for table, (differ, sample_a, sample_b) in retention_counts.verify(conn).items():
        found.counts[table], found.missing[table], found.unexpected[table] = differ, sample_a, sample_b
    from services.summaries import hire_sites

    found.counts[hire_sites.TABLE], found.missing[hire_sites.TABLE], found.unexpected[hire_sites.TABLE] = \
        hire_sites.verify(conn)
    return found


def _verify_profiles(conn: Connection, found: Differences, zone: ZoneInfo) -> None:
    """The people panel's counters against a recount of the seeker table, and the values each person is
    counted with against their row."""
    missing, unexpected = counters_both_ways(profiles.recount(conn, zone), profiles.stored(conn))
    found.counts["summary_profile"] = (len(missing), len(unexpected))
    found.missing["summary_profile"], found.unexpected["summary_profile"] = missing[:SAMPLE], unexpected[:SAMPLE]
    from services.summaries import place_profiles

    missing, unexpected = place_profiles.differences(conn)
    found.counts[place_profiles.TABLE] = (len(missing), len(unexpected))
    found.missing[place_profiles.TABLE], found.unexpected[place_profiles.TABLE] = missing[:SAMPLE], unexpected[:SAMPLE]
    from services.summaries import latest_profiles, town_profiles

    for table, (counts, sample_a, sample_b) in [*town_profiles.differences(conn).items(),
                                                *latest_profiles.differences(conn, zone).items()]:
        found.counts[table], found.missing[table], found.unexpected[table] = counts, sample_a, sample_b
    a, b, sample_a, sample_b = profiles.counted_differences(conn, SAMPLE)
    found.counts["summary_profile_seeker"] = (a, b)
    found.missing["summary_profile_seeker"], found.unexpected["summary_profile_seeker"] = sample_a, sample_b

