"""The people panel's counters per latest visit day (`summary_latest_profile`): each person with a check-in is
counted once, on the local day of their latest check-in (`summary_latest_visit`), in the cells `summary_profile` has
for everyone (docs/ROLLUPS.md "People panel for a range of days", migration 0035). The people with a check-in on
day d or later are those whose latest is on or after d, so the dashboard's date filter up to the latest day (the
last 7 days, today, since a date) sums a few days' counters instead of finding the distinct people among every
check-in of the range; a range that ends before the latest day still reads the check-ins.

* `seen` — new "day" markers (services/summaries/record.py, in the check-in's transaction): the person's counted
  values are read (`FOR UPDATE` on PostgreSQL, place_profiles.counted_keys), and a later day than their stored one
  moves them there (an earlier one, a back-dated import, changes nothing); someone not counted yet only gets the
  day, and `moved` adds them when profiles.py counts them;
* `moved` — people whose counted values profiles.py has just changed: their day's cells move from the old values
  to the new (after the counted row's store, so a concurrent `seen` waits for it or is seen, as in
  place_profiles.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Date, Integer, MetaData, Table, and_, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from models import CheckIn, SummaryLatestProfile, SummaryLatestVisit
from services.core.clock import local_zone
from services.summaries.compare import both_ways, counters_both_ways
from services.summaries.days import day_table, local_day
from services.summaries.place_profiles import counted_keys, grouped_cells
from services.summaries.profiles import CHUNK, Key, bump, shift

DayCell = tuple[date, str, str, date]  # latest day, dim, value, birth
_NAMES = ("day", "dim", "value", "birth")
_cells, _latest, _checkin = SummaryLatestProfile.__table__, SummaryLatestVisit.__table__, CheckIn.__table__
TABLE, LATEST = _cells.name, _latest.name


def seen(conn: Connection, visits: Iterable[tuple[int, date]], known: Mapping[int, Key] | None = None) -> None:
    """New "day" markers, (seeker id, local day): move each person to their latest day. `known`: counted values
    this transaction has read (and locked) already (place_profiles.add_marked)."""
    latest: dict[int, date] = {}
    for sid, day in visits:
        latest[sid] = max(day, latest.get(sid, day))
    if not latest:
        return
    known = {sid: key for sid, key in (known or {}).items() if sid in latest}
    keys = {**known, **counted_keys(conn, [sid for sid in latest if sid not in known])}  # locks them first
    sql = _statements(conn.dialect.name)
    ids = sorted(latest)
    stored: dict[int, date] = {}
    for start in range(0, len(ids), CHUNK):
        stored.update((sid, day) for sid, day in conn.execute(sql.read_days, {"ids": ids[start:start + CHUNK]}))
    deltas: Counter[DayCell] = Counter()
    rows = []
    for sid in ids:
        day, old = latest[sid], stored.get(sid)
        if old is not None and old >= day:
            continue
        rows.append({"seeker_id": sid, "day": day})
        if sid in keys:  # (not counted yet: `moved` adds them on their day when they are)
            shift(deltas, (day,), None, keys[sid])
            if old is not None:
                shift(deltas, (old,), keys[sid], None)
    for start in range(0, len(rows), CHUNK):
        conn.execute(sql.store_days, rows[start:start + CHUNK])
    bump(conn, sql.bump, _NAMES, deltas)


def moved(conn: Connection, changes: Mapping[int, tuple[Key | None, Key]]) -> None:
    """Move these people (seeker id -> (old counted values or None, new)) in the cells of their latest day."""
    sql = _statements(conn.dialect.name)
    ids = sorted(changes)
    deltas: Counter[DayCell] = Counter()
    for start in range(0, len(ids), CHUNK):
        for sid, day in conn.execute(sql.read_days, {"ids": ids[start:start + CHUNK]}):
            shift(deltas, (day,), *changes[sid])
    bump(conn, sql.bump, _NAMES, deltas)


class _Statements:
    def __init__(self, dialect: str):
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        ids: Any = bindparam("ids", expanding=True)
        self.read_days = select(_latest.c.seeker_id, _latest.c.day).where(_latest.c.seeker_id.in_(ids))
        store = insert(_latest)
        self.store_days = store.on_conflict_do_update(index_elements=["seeker_id"], set_={"day": store.excluded.day})
        up = insert(_cells)
        self.bump = up.on_conflict_do_update(index_elements=["dim", "day", "value", "birth"],
                                             set_={"n": _cells.c.n + up.excluded.n})


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    return _Statements(dialect)


# --- the recount (rebuild-summaries, migration 0035, --verify) ------------------------------------------------


def _temp_latest(conn: Connection, zone: ZoneInfo) -> Table:
    """A temporary table of each person's latest local day with a check-in (`seeker_id`, `day`), from the check-ins:
    their latest instant joined to a table of the local days' UTC bounds."""
    c = _checkin.c
    found = Table("rb_latest", MetaData(), Column("seeker_id", Integer), Column("day", Date), prefixes=["TEMPORARY"])
    found.drop(conn, checkfirst=True)
    found.create(conn)
    lo, hi = conn.execute(select(func.min(c.created_at), func.max(c.created_at))).one()
    if lo is None:
        return found
    days = day_table(conn, "rb_latest_day", local_day(lo, zone), local_day(hi, zone), zone)
    last = select(c.seeker_id, func.max(c.created_at).label("at")).group_by(c.seeker_id).subquery()
    conn.execute(found.insert().from_select(["seeker_id", "day"], select(last.c.seeker_id, days.c.day).select_from(
        last.join(days, and_(last.c.at >= days.c.lo, last.c.at < days.c.hi)))))
    days.drop(conn)
    return found


def rebuild(conn: Connection, zone: ZoneInfo | None = None) -> int:
    """Replace the latest days and their counters by a recount (in the caller's transaction): how many counters."""
    for table in (_cells, _latest):
        conn.execute(delete(table))
    found = _temp_latest(conn, zone or local_zone())
    conn.execute(_latest.insert().from_select(["seeker_id", "day"], select(found.c.seeker_id, found.c.day)))
    rows = [{"day": day, "dim": d, "value": v, "birth": b, "n": n}
            for (day, d, v, b), n in sorted(grouped_cells(conn, found, [found.c.day]).items())]
    found.drop(conn)
    for start in range(0, len(rows), CHUNK * 4):
        conn.execute(_cells.insert(), rows[start:start + CHUNK * 4])
    return len(rows)


def differences(conn: Connection, zone: ZoneInfo | None = None) -> dict[str, tuple[tuple[int, int], list[tuple],
                                                                                   list[tuple]]]:
    """The latest days and the counters against a recount from the check-ins, both ways (per table)."""
    found_days = _temp_latest(conn, zone or local_zone())
    found = {LATEST: both_ways(conn, select(found_days.c.seeker_id, found_days.c.day),
                               select(_latest.c.seeker_id, _latest.c.day))}
    recounted = grouped_cells(conn, found_days, [found_days.c.day])
    found_days.drop(conn)
    c = _cells.c
    kept = {(day, d, v, b): n for day, d, v, b, n in conn.execute(
        select(c.day, c.dim, c.value, c.birth, c.n).where(c.n != 0))}
    missing, unexpected = counters_both_ways(recounted, kept)
    found[TABLE] = ((len(missing), len(unexpected)), missing[:20], unexpected[:20])
    return found
