"""The hires of each registration point's people (`summary_hire_site`, models/summary.py, migration 0032): the
dashboard's site filter on the after-the-hire panels reads the site's hires as one key range, instead of every
person who ever checked in there (reporting/dashboard/hires.py `_hire_conditions`).

A (site, hire) pair exists when the hire's person has a check-in at the site (a "site" marker). Two writes make one:
* a hire recorded (`HireRecorded`, hire_facts.py `_on_hire`): `link_hires` adds the person's sites;
* a person's first check-in at a site (record.py, after place_profiles.add_marked): `link_people` adds their hires.

Both run after locking the person's `summary_profile_seeker` row (`FOR UPDATE`, PostgreSQL; `add_marked` takes it
for the check-in), so a hire and a first visit recorded at once see each other: the second to take the lock reads
what the first committed. Pairs are never removed (a cancelled hire's fact is inactive; a check-in stays).
"""

from __future__ import annotations

from collections.abc import Iterable
from time import perf_counter
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from models import CheckIn, Hire, SummaryHireSite, SummaryMarker, SummaryProfileSeeker
from services.core.i18n import N_
from services.summaries.compare import both_ways

TABLE = "summary_hire_site"
CHUNK = 500
_link, _marker, _hire = SummaryHireSite.__table__, SummaryMarker.__table__, Hire.__table__
_counted, _checkin = SummaryProfileSeeker.__table__, CheckIn.__table__


def _insert(conn: Connection, pairs: Iterable[tuple[int, int]]) -> None:
    rows = [{"site_id": s, "hire_id": h} for s, h in sorted(set(pairs))]
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(_link).on_conflict_do_nothing(), rows[start:start + CHUNK])


def link_hires(conn: Connection, hire_ids: Iterable[int]) -> None:
    """New hires: pair each with the registration points its person has been to."""
    ids = sorted(set(hire_ids))
    if not ids:
        return
    h, m, k = _hire.c, _marker.c, _counted.c
    people = select(h.seeker_id).where(h.id.in_(ids))
    if conn.dialect.name == "postgresql":  # the first visit's transaction holds it while it reads the hires
        conn.execute(select(k.seeker_id).where(k.seeker_id.in_(people)).order_by(k.seeker_id).with_for_update())
    _insert(conn, conn.execute(select(m.site_id, h.id).select_from(_hire.join(_marker, m.seeker_id == h.seeker_id))
                               .where(h.id.in_(ids), m.figure == "site")))


def link_people(conn: Connection, marked: Iterable[tuple[int, int]]) -> None:
    """New "site" markers (seeker id, site id), the people's counted rows locked by the caller: pair the site
    with each of the person's hires."""
    marked = sorted(set(marked))
    if not marked:
        return
    h = _hire.c
    hires: dict[int, list[int]] = {}
    ids = sorted({sid for sid, _site in marked})
    for start in range(0, len(ids), CHUNK):
        for sid, hire_id in conn.execute(select(h.seeker_id, h.id).where(h.seeker_id.in_(ids[start:start + CHUNK]))):
            hires.setdefault(sid, []).append(hire_id)
    _insert(conn, ((site, hire_id) for sid, site in marked for hire_id in hires.get(sid, ())))


def _recount() -> Any:
    """Every pair from the base tables: the hires of people with a check-in at each site."""
    c, h = _checkin.c, _hire.c
    return select(c.site_id, h.id).distinct().select_from(_checkin.join(_hire, h.seeker_id == c.seeker_id)).where(
        c.site_id.is_not(None))


def rebuild(conn: Connection, *, progress: Any = lambda _line: None) -> int:
    t0 = perf_counter()
    conn.execute(delete(_link))
    conn.execute(_link.insert().from_select(["site_id", "hire_id"], _recount()))
    n = conn.execute(select(func.count()).select_from(_link)).scalar_one()
    progress((N_("{table}: {n} hires ({seconds} s)"), {"table": TABLE, "n": f"{n:,}",
                                                       "seconds": f"{perf_counter() - t0:.1f}"}))
    return int(n)


def verify(conn: Connection) -> tuple[tuple[int, int], list[tuple], list[tuple]]:
    recount = Table("rb_hire_site", MetaData(), Column("site_id", Integer), Column("hire_id", Integer),
                    prefixes=["TEMPORARY"])
    recount.drop(conn, checkfirst=True)
    recount.create(conn)
    conn.execute(recount.insert().from_select(["site_id", "hire_id"], _recount()))
    found = both_ways(conn, select(*recount.c), select(_link.c.site_id, _link.c.hire_id))
    recount.drop(conn)
    return found
