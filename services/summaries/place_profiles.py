"""The people panel's counters per place (`summary_place_profile`): the people with a check-in at one fair, or at
one registration point, on any day, in the cells `summary_profile` has for everyone (docs/ROLLUPS.md "People
panel per place", migration 0031). They make the dashboard's fair and site views read a few hundred counters
instead of every matching check-in.

A person is in a place's cells from their first check-in there (the "fair" / "site" marker, services/summaries/
record.py) with the values `summary_profile_seeker` counts them as, and moves with those values:
* `add_marked` — new markers (record.py, in the check-in's transaction): the person's counted values are read
  (`FOR UPDATE` on PostgreSQL) and added to each new place; someone not counted yet is added by `moved` when
  profiles.py counts them (a registration counts the person before its check-in is recorded; a batch after);
* `moved` — people whose counted values profiles.py has just changed (or first stored): their places' markers
  are read after that store, and each place's cells move from the old values to the new.

Concurrency (PostgreSQL): `moved` runs after its transaction has upserted the person's counted row, and
`add_marked` reads that row `FOR UPDATE`, so one waits for the other: either the marker is committed before the
move reads the markers (the move moves it), or the marker's transaction reads the values the move stored.
(A check-in's insert also waits for the move: its foreign key takes a share lock on the seeker row, which the move
holds `FOR UPDATE`; the counted row's lock covers the writes that take no such lock.) SQLite serializes writers
(BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, bindparam, delete, func, literal, select, union
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from models import CheckIn, Seeker, SummaryMarker, SummaryPlaceProfile, SummaryProfileSeeker
from models.summary import ALL_DAYS, NONE
from services.summaries.compare import counters_both_ways
from services.summaries.profiles import ANSWERS, ATTRS, CHUNK, COMPLETE, NOT_ANSWERED, Key, bump, shift

PLACE_FIGURES = ("fair", "site")  # the markers of a person at a place on any day
Place = tuple[int, int]  # (fair_id, site_id): one of them 0
PlaceCell = tuple[int, int, str, str, date]  # fair_id, site_id, dim, value, birth
_NAMES = ("fair_id", "site_id", "dim", "value", "birth")
_cells, _counted, _marker = SummaryPlaceProfile.__table__, SummaryProfileSeeker.__table__, SummaryMarker.__table__
_checkin, _seeker = CheckIn.__table__, Seeker.__table__
TABLE = _cells.name


def place_of(figure: str, fair_id: int, site_id: int) -> Place:
    return (fair_id, NONE) if figure == "fair" else (NONE, site_id)


def add_marked(conn: Connection, marked: Iterable[tuple[int, Place]], keys: Mapping[int, Key] | None = None) -> None:
    """Add each (seeker id, place) of a new marker to the place's cells, with the values the person is counted as
    (`keys`, read and locked by the caller: record.py; read here when None)."""
    marked = sorted(set(marked))
    if not marked:
        return
    sql = _statements(conn.dialect.name)
    if keys is None:
        keys = counted_keys(conn, {sid for sid, _place in marked})
    deltas: Counter[PlaceCell] = Counter()
    for sid, place in marked:
        if sid in keys:  # (not counted yet: `moved` adds them when they are)
            shift(deltas, place, None, keys[sid])
    bump(conn, sql.bump, _NAMES, deltas)


def counted_keys(conn: Connection, seeker_ids: Iterable[int]) -> dict[int, Key]:
    """The values these people are counted as (`summary_profile_seeker`), their rows locked on PostgreSQL."""
    sql = _statements(conn.dialect.name)
    ids = sorted(set(seeker_ids))
    keys: dict[int, Key] = {}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(sql.read_counted, {"ids": ids[start:start + CHUNK]}):
            keys[row[0]] = (*row[1:7], bool(row[7]))
    return keys


def moved(conn: Connection, changes: Mapping[int, tuple[Key | None, Key]]) -> None:
    """Move these people (seeker id -> (old counted values or None, new)) in the cells of every place they have a
    marker at. Called by profiles.py after it has stored the new values, in the same transaction."""
    if not changes:
        return
    sql = _statements(conn.dialect.name)
    ids = sorted(changes)
    deltas: Counter[PlaceCell] = Counter()
    for start in range(0, len(ids), CHUNK):
        for sid, figure, fair_id, site_id in conn.execute(sql.read_markers, {"ids": ids[start:start + CHUNK]}):
            place = place_of(figure, fair_id, site_id)
            shift(deltas, place, *changes[sid])
    bump(conn, sql.bump, _NAMES, deltas)


class _Statements:
    def __init__(self, dialect: str):
        k, m = _counted.c, _marker.c
        read = select(k.seeker_id, *(k[a] for a in ATTRS), k.complete).where(
            k.seeker_id.in_(bindparam("ids", expanding=True))).order_by(k.seeker_id)
        self.read_counted = read.with_for_update() if dialect == "postgresql" else read
        self.read_markers = select(m.seeker_id, m.figure, m.fair_id, m.site_id).where(  # ix_marker_place_seeker
            m.seeker_id.in_(bindparam("ids", expanding=True)), m.figure.in_(PLACE_FIGURES))
        up = (pg_insert if dialect == "postgresql" else sqlite_insert)(_cells)
        self.bump = up.on_conflict_do_update(index_elements=["fair_id", "site_id", "dim", "value", "birth"],
                                             set_={"n": _cells.c.n + up.excluded.n})


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    return _Statements(dialect)


# --- the recount (rebuild-summaries, migration 0031, --verify) ------------------------------------------


def recount(conn: Connection) -> dict[PlaceCell, int]:
    """Every place's counters from the base tables: the distinct people with a check-in at each fair and each
    registration point (into a temporary table), their values from the seeker table (a few GROUP BYs; days
    summed to months in Python)."""
    c = _checkin.c
    placed = Table("rb_placed", MetaData(), Column("fair_id", Integer), Column("site_id", Integer),
                   Column("seeker_id", Integer), prefixes=["TEMPORARY"])  # found once, grouped five times
    placed.drop(conn, checkfirst=True)
    placed.create(conn)
    conn.execute(placed.insert().from_select(["fair_id", "site_id", "seeker_id"], union(
        select(c.fair_id, literal(NONE), c.seeker_id).where(c.fair_id.is_not(None)),
        select(literal(NONE), c.site_id, c.seeker_id).where(c.site_id.is_not(None)))))
    found = grouped_cells(conn, placed, [placed.c.fair_id, placed.c.site_id])
    placed.drop(conn)
    return found


def grouped_cells(conn: Connection, people: Any, keys: list[Any]) -> dict[tuple, int]:
    """The counters of `people` (rows with a `seeker_id` and the `keys` columns: a place, a township), the values
    from the seeker table: (*key, dim, value, birth) -> n, by five GROUP BYs (days summed to months in Python)."""
    s = _seeker.c
    joined = people.join(_seeker, s.id == people.c.seeker_id)
    found: Counter[tuple] = Counter()
    width = len(keys)
    for *key, n, incomplete in conn.execute(select(*keys, func.count(), func.count().filter(
            s.profile_answered != COMPLETE)).select_from(joined).group_by(*keys)):
        found[(*key, "total", "", ALL_DAYS)] += n
        found[(*key, "incomplete", "", ALL_DAYS)] += incomplete
    for dim, column in (("township", s.township), *zip(ANSWERS, (s.education, s.intention, s.poor_household),
                                                          strict=True)):
        for row in conn.execute(select(*keys, column, func.count()).select_from(joined).group_by(*keys, column)):
            value, n = row[width:]
            found[(*row[:width], dim, NOT_ANSWERED if value is None else value, ALL_DAYS)] += n
    for row in conn.execute(select(*keys, s.gender, s.birth_date, func.count()).select_from(joined)
                            .group_by(*keys, s.gender, s.birth_date)):
        gender, birth, n = row[width:]
        found[(*row[:width], "age_day", gender, birth)] += n
        found[(*row[:width], "age_month", gender, birth.replace(day=1))] += n
    return {cell: n for cell, n in found.items() if n}


def stored(conn: Connection) -> dict[PlaceCell, int]:
    c = _cells.c
    return {(f, st, d, v, b): n for f, st, d, v, b, n in conn.execute(
        select(c.fair_id, c.site_id, c.dim, c.value, c.birth, c.n).where(c.n != 0))}


def rebuild_place_profiles(conn: Connection) -> int:
    """Replace every place's counters by the recount (in the caller's transaction): how many counters."""
    conn.execute(delete(_cells))
    rows = [{"fair_id": f, "site_id": st, "dim": d, "value": v, "birth": b, "n": n}
            for (f, st, d, v, b), n in sorted(recount(conn).items())]
    for start in range(0, len(rows), CHUNK * 4):
        conn.execute(_cells.insert(), rows[start:start + CHUNK * 4])
    return len(rows)


def differences(conn: Connection) -> tuple[list[tuple], list[tuple]]:
    """The counters that differ from the recount, both ways: (recounted, stored) rows with their n."""
    return counters_both_ways(recount(conn), stored(conn))
