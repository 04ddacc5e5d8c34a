"""The people panel's counters per township (`summary_town_profile`): the people with a check-in at any fair or
registration point of the township, in the cells `summary_profile` has for everyone (docs/ROLLUPS.md "People panel
per place", migration 0033). The dashboard's township view reads them instead of every matching check-in.

A township's people are not a sum of its places' (place_profiles.py): someone at two of its places would count
twice. So each person has a marker per township (`summary_town_marker`), inserted ON CONFLICT DO NOTHING by each
check-in (`mark`, from record.py); a new marker adds the person's counted values (`summary_profile_seeker`, read
`FOR UPDATE` on PostgreSQL) to the township's cells, and `moved` (from profiles.py, as place_profiles.moved) moves
them when those values change.

A place is in the township its row names now. When an organizer moves a fair or a registration point to another
township (`places.fairs.update_fair`, `places.sites.update_site`), its own people move in that transaction
(`move_place`): the rows of the place and of every other place of both townships are locked first (`FOR UPDATE`),
and a check-in's foreign key takes a share lock on its place's row, so the check-ins in flight at any of them
finish before the move reads, and later ones wait and then read the new township. `retown` recounts townships from
the check-ins (`rebuild-summaries`, migration 0033).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    exists,
    literal,
    not_,
    or_,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from models import CheckIn, Fair, Seeker, Site, SummaryTownMarker, SummaryTownProfile
from services.summaries.compare import both_ways, counters_both_ways
from services.summaries.place_profiles import counted_keys, grouped_cells
from services.summaries.profiles import CHUNK, Key, bump, shift

TownCell = tuple[str, str, str, date]  # township, dim, value, birth
_NAMES = ("township", "dim", "value", "birth")
_cells, _marker = SummaryTownProfile.__table__, SummaryTownMarker.__table__
_checkin, _seeker, _fair, _site = CheckIn.__table__, Seeker.__table__, Fair.__table__, Site.__table__
TABLE, MARKERS = _cells.name, _marker.name


def mark(conn: Connection, visits: Iterable[tuple[int, int | None, int | None]],
         known: Mapping[int, Key] | None = None) -> None:
    """Check-ins just recorded, (seeker id, fair id, site id): mark each person in their places' townships; a new
    marker adds the person to the township's cells. `known`: counted values this transaction has read (and
    locked) already (place_profiles.add_marked), not read again."""
    visits = list(visits)
    fairs = sorted({f for _sid, f, _s in visits if f is not None})
    sites = sorted({s for _sid, _f, s in visits if s is not None})
    if not fairs and not sites:
        return
    sql = _statements(conn.dialect.name)
    town_of_fair = {i: t for i, t in conn.execute(sql.fair_towns, {"ids": fairs})} if fairs else {}
    town_of_site = {i: t for i, t in conn.execute(sql.site_towns, {"ids": sites})} if sites else {}
    rows = [{"township": t, "seeker_id": sid} for t, sid in sorted(
        {(t, sid) for sid, f, s in visits for t in (town_of_fair.get(f), town_of_site.get(s)) if t})]
    new: list[tuple[str, int]] = []
    for start in range(0, len(rows), CHUNK):
        new += [(t, sid) for t, sid in conn.execute(sql.mark, rows[start:start + CHUNK])]
    if not new:
        return
    known = known or {}  # (someone not counted yet: `moved` adds them when they are)
    keys = {**known, **counted_keys(conn, {sid for _t, sid in new if sid not in known})}
    deltas: Counter[TownCell] = Counter()
    for town, sid in new:
        if sid in keys:
            shift(deltas, (town,), None, keys[sid])
    bump(conn, sql.bump, _NAMES, deltas)


def moved(conn: Connection, changes: Mapping[int, tuple[Key | None, Key]]) -> None:
    """Move these people (seeker id -> (old counted values or None, new)) in the cells of their townships."""
    sql = _statements(conn.dialect.name)
    ids = sorted(changes)
    deltas: Counter[TownCell] = Counter()
    for start in range(0, len(ids), CHUNK):
        for town, sid in conn.execute(sql.read_markers, {"ids": ids[start:start + CHUNK]}):
            shift(deltas, (town,), *changes[sid])
    bump(conn, sql.bump, _NAMES, deltas)


class _Statements:
    def __init__(self, dialect: str):
        m = _marker.c
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        ids: Any = bindparam("ids", expanding=True)
        self.fair_towns = select(_fair.c.id, _fair.c.township).where(_fair.c.id.in_(ids), _fair.c.township != "")
        self.site_towns = select(_site.c.id, _site.c.township).where(_site.c.id.in_(ids), _site.c.township != "")
        self.mark = insert(_marker).on_conflict_do_nothing(index_elements=["township", "seeker_id"]).returning(
            m.township, m.seeker_id)
        self.read_markers = select(m.township, m.seeker_id).where(m.seeker_id.in_(ids))  # ix_town_marker_seeker
        up = insert(_cells)
        self.bump = up.on_conflict_do_update(index_elements=["township", "dim", "value", "birth"],
                                             set_={"n": _cells.c.n + up.excluded.n})


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    return _Statements(dialect)


# --- a place moved to another township, the recount (rebuild-summaries, migration 0033, --verify) ---------------


def _placed(towns: Sequence[str] | None) -> Any:
    """The distinct (township, person) of the check-ins at the places of `towns` (None: every township)."""
    c, f, s = _checkin.c, _fair.c, _site.c
    at_fair = select(f.township, c.seeker_id).select_from(_checkin.join(_fair, f.id == c.fair_id)).where(
        f.township != "")
    at_site = select(s.township, c.seeker_id).select_from(_checkin.join(_site, s.id == c.site_id)).where(
        s.township != "")
    if towns is not None:
        at_fair, at_site = at_fair.where(f.township.in_(towns)), at_site.where(s.township.in_(towns))
    return union(at_fair, at_site)


def _recount_from(conn: Connection, people: Table | Any) -> dict[TownCell, int]:
    """The counters of the (township, seeker_id) rows of `people`, the values from the seeker table."""
    return grouped_cells(conn, people, [people.c.township])


def _temp_people(conn: Connection) -> Table:
    """An empty temporary table of (township, seeker_id)."""
    people = Table("rb_town", MetaData(), Column("township", String(40)), Column("seeker_id", Integer),
                   prefixes=["TEMPORARY"])
    people.drop(conn, checkfirst=True)
    people.create(conn)
    return people


def _temp_placed(conn: Connection, towns: Sequence[str] | None = None) -> Table:
    """A temporary table of (township, seeker_id), filled with the people placed in `towns` (None: all)."""
    placed = _temp_people(conn)
    conn.execute(placed.insert().from_select(["township", "seeker_id"], _placed(towns)))
    return placed


def _lock_places(conn: Connection, towns: Sequence[str]) -> None:
    """On PostgreSQL, lock the rows of every fair and registration point of these townships (in id order): a
    check-in's foreign key takes a share lock on its place's row, so check-ins in flight there finish first and
    later ones wait, then read the place's township as it is now."""
    if conn.dialect.name == "postgresql":
        for place in (_fair, _site):
            conn.execute(select(place.c.id).where(place.c.township.in_(towns)).order_by(place.c.id).with_for_update())


def move_place(conn: Connection, *, was: str, now_in: str, fair_id: int | None = None,
               site_id: int | None = None) -> None:
    """A fair or a registration point (its row already names `now_in`) moved from township `was`, in the caller's
    transaction: only its own people move. Each of them not yet marked in `now_in` gains a marker there and adds
    their cells; in `was`, those with no check-in at another place still there lose their marker and their cells
    (set-based: GROUP BYs over the moved people, as the recount's). The places of both townships are locked first
    on PostgreSQL, so check-ins in flight at any of them finish before, and later ones read the new township."""
    names = sorted({t for t in (was, now_in) if t})
    _lock_places(conn, names)
    c, m = _checkin.c, _marker.c
    people = select(c.seeker_id).where(c.fair_id == fair_id if fair_id is not None else c.site_id == site_id)
    moving = _temp_people(conn)
    deltas: Counter[TownCell] = Counter()
    if was:
        seen = [exists(select(1).select_from(_checkin.join(place, place.c.id == key)).where(
            c.seeker_id == m.seeker_id, place.c.township == was)) for place, key in ((_fair, c.fair_id),
                                                                                     (_site, c.site_id))]
        conn.execute(moving.insert().from_select(["township", "seeker_id"], select(m.township, m.seeker_id).where(
            m.township == was, m.seeker_id.in_(people), not_(or_(*seen)))))  # nowhere else in `was`
        conn.execute(delete(_marker).where(m.township == was, m.seeker_id.in_(select(moving.c.seeker_id))))
        deltas.subtract(_recount_from(conn, moving))
        conn.execute(delete(moving))
    if now_in:
        theirs = people.distinct().subquery()
        marked = exists(select(1).where(m.township == now_in, m.seeker_id == theirs.c.seeker_id))
        conn.execute(moving.insert().from_select(["township", "seeker_id"],
                                                 select(literal(now_in), theirs.c.seeker_id).where(not_(marked))))
        conn.execute(_marker.insert().from_select(["township", "seeker_id"], select(moving.c.township,
                                                                                      moving.c.seeker_id)))
        deltas.update(_recount_from(conn, moving))
    moving.drop(conn)
    bump(conn, _statements(conn.dialect.name).bump, _NAMES, deltas)


def retown(conn: Connection, towns: Iterable[str] | None = None) -> int:
    """Recount the markers and counters of these townships (None: all) from the check-ins, in the caller's
    transaction: after a place moved to another township, and by `rebuild-summaries`. Returns the counters."""
    names = None if towns is None else sorted({t for t in towns if t})
    if names == []:
        return 0
    if names is not None:
        _lock_places(conn, names)
    for table in (_marker, _cells):
        conn.execute(delete(table) if names is None else delete(table).where(table.c.township.in_(names)))
    conn.execute(_marker.insert().from_select(["township", "seeker_id"], _placed(names)))
    people = _marker if names is None else select(_marker).where(_marker.c.township.in_(names)).subquery()
    rows = [{"township": t, "dim": d, "value": v, "birth": b, "n": n}
            for (t, d, v, b), n in sorted(_recount_from(conn, people).items())]
    for start in range(0, len(rows), CHUNK * 4):
        conn.execute(_cells.insert(), rows[start:start + CHUNK * 4])
    return len(rows)


def differences(conn: Connection) -> dict[str, tuple[tuple[int, int], list[tuple], list[tuple]]]:
    """The markers and the counters against a recount from the check-ins, both ways (per table)."""
    placed = _temp_placed(conn)
    found = {MARKERS: both_ways(conn, select(placed.c.township, placed.c.seeker_id),
                                select(_marker.c.township, _marker.c.seeker_id))}
    recounted = _recount_from(conn, placed)
    placed.drop(conn)
    c = _cells.c
    kept = {(t, d, v, b): n for t, d, v, b, n in conn.execute(
        select(c.township, c.dim, c.value, c.birth, c.n).where(c.n != 0))}
    missing, unexpected = counters_both_ways(recounted, kept)
    found[TABLE] = ((len(missing), len(unexpected)), missing[:20], unexpected[:20])
    return found
