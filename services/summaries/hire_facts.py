"""The hires' facts (`hire_fact`, models/hire_fact.py): kept in the write's transaction, rebuilt, verified.

`fact_select(ids)` is the reference: each hire's row computed from `hire`, `seeker` and `follow_up` (the
latest done visit by visit date then id, as `followups.employment.latest_outcome_sql`). `refresh(conn, ids)`
stores it for those hires: the hires' rows are locked first (PostgreSQL: a second writer of the same hire
waits, then its upsert's statement reads what the first committed), then one INSERT … SELECT … ON CONFLICT
DO UPDATE of the hire's and its visits' columns. Both writers then move retention's counters by what changed
for those hires (summaries/retention_counts.py). The person's columns (township, registered-poor answer) of an
existing row are written only by `refresh_for_seekers`, one UPDATE from the seeker rows its caller has locked:
so neither writer overwrites the other's newer value with an older read, and neither waits for a lock the other
holds (a visit takes the hire, then the seeker's key; a profile change the seeker, then the facts' rows).
Callers, each in its own transaction after its write:

* a hire recorded, its terms changed or cancelled — the follow-up schedule's handlers
  (followups/schedule.py), after they have written the hire's visits;
* a visit's report — followups/visits.py;
* a person's home township or registered-poor answer changed — summaries/profiles.py `move`, for the hires
  of the people it moves (the one helper every such write calls).

`rebuild` recomputes every row (`rebuild-summaries`, the demo, migration 0030), then retention's counters;
`verify` compares.
"""

from __future__ import annotations

from collections.abc import Iterable
from time import perf_counter
from typing import Any

from sqlalchemy import Column, MetaData, Table, delete, func, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select

from models import FollowUp, Hire, HireFact, Seeker, VisitStatus
from services.core.db import columns_present
from services.core.i18n import N_
from services.followups.employment import IN_WORK_OUTCOMES
from services.summaries import retention_counts
from services.summaries.compare import both_ways

TABLE = "hire_fact"
CHUNK = 500
_h, _s, _f, _fact = Hire.__table__, Seeker.__table__, FollowUp.__table__, HireFact.__table__
COLUMNS = tuple(c.name for c in _fact.c)
PERSON_COLUMNS = ("township", "poor_household", "gender", "birth_date")  # the seeker's, kept by refresh_for_seekers
HIRE_COLUMNS = tuple(c for c in COLUMNS[1:] if c not in PERSON_COLUMNS)  # the hire's and its visits'


def _latest(column: ColumnElement, *conds: ColumnElement[bool]) -> ColumnElement:
    """`column` of the hire's latest done visit meeting `conds` (by visit date, then id)."""
    f = _f.c
    return (select(column).where(f.hire_id == _h.c.id, f.status == VisitStatus.DONE, *conds)
            .order_by(f.visited_on.desc(), f.id.desc()).limit(1).correlate(_h).scalar_subquery())


def fact_select(ids: list[int] | None = None, columns: tuple[str, ...] = COLUMNS) -> Select[Any]:
    """Each hire's row (`ids`: those hires only), in the order of `columns`."""
    h, s, f = _h.c, _s.c, _f.c
    values = {
        "hire_id": h.id, "seeker_id": h.seeker_id, "township": s.township, "poor_household": s.poor_household,
        "gender": s.gender, "birth_date": s.birth_date, "contract_months": h.contract_months,
        "active": h.cancelled_at.is_(None), "fair_id": h.fair_id, "employer_id": h.employer_id,
        "province": h.province, "city": h.city, "scope": h.scope, "trade": h.trade, "hired_at": h.hired_at,
        "start_date": h.start_date, "latest_outcome": _latest(f.outcome),
        "last_in_work": _latest(f.visited_on, f.outcome.in_(IN_WORK_OUTCOMES)),
        "wage": func.coalesce(_latest(f.monthly_wage, f.monthly_wage.is_not(None)), h.monthly_wage),
    }
    stmt = select(*(values[c].label(c) for c in columns)).select_from(_h.join(_s, s.id == h.seeker_id))
    return stmt if ids is None else stmt.where(h.id.in_(ids))


def _upsert(conn: Connection, source: Select[Any]) -> None:
    """Insert the rows; an existing row takes the hire's and its visits' columns only (the person's are
    `refresh_for_seekers`'s: a concurrent change of the person is never overwritten by an older read)."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(_fact).from_select(list(COLUMNS), source)
    conn.execute(stmt.on_conflict_do_update(index_elements=["hire_id"],
                                            set_={c: stmt.excluded[c] for c in HIRE_COLUMNS}))


def refresh(conn: Connection, hire_ids: Iterable[int]) -> None:
    """Store these hires' rows as the base tables say now (in the caller's transaction, after its write)."""
    ids = sorted(set(hire_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        conn.execute(select(_h.c.id).where(_h.c.id.in_(chunk)).order_by(_h.c.id).with_for_update())
        _upsert(conn, fact_select(chunk))
        retention_counts.refresh(conn, chunk)


def refresh_for_seekers(conn: Connection, seeker_ids: Iterable[int]) -> None:
    """The person's columns of these people's hires (their township or registered-poor answer changed), from
    their seeker rows as this transaction sees them (the caller holds those rows: summaries/profiles.py).
    No hire is locked: a visit being recorded meanwhile writes only the hire's columns."""
    ids = sorted(set(seeker_ids))
    s = _s.c
    person = {c: select(s[c]).where(s.id == _fact.c.seeker_id).scalar_subquery() for c in PERSON_COLUMNS}
    for start in range(0, len(ids), CHUNK):
        mine = _fact.c.seeker_id.in_(ids[start:start + CHUNK])
        conn.execute(update(_fact).where(mine).values(**person))
        retention_counts.refresh(conn, [hid for (hid,) in conn.execute(select(_fact.c.hire_id).where(mine))])


def rebuild(conn: Connection, *, progress: Any = lambda _line: None) -> int:
    t0 = perf_counter()
    conn.execute(delete(_fact))
    columns = columns_present(conn, TABLE, COLUMNS)  # (a migration before 0038 fills fewer)
    conn.execute(_fact.insert().from_select(list(columns), fact_select(columns=columns)))
    n = conn.execute(select(func.count()).select_from(_fact)).scalar_one()
    progress((N_("{table}: {n} hires ({seconds} s)"), {"table": TABLE, "n": f"{n:,}",
                                                       "seconds": f"{perf_counter() - t0:.1f}"}))
    if inspect(conn).has_table(retention_counts.TABLE):  # built on the facts (not yet before migration 0037)
        retention_counts.rebuild(conn, progress=progress)
    return int(n)


def verify(conn: Connection) -> tuple[tuple[int, int], list[tuple], list[tuple]]:
    """Recount every row and compare with the stored ones, both ways. Returns ((missing, unexpected), samples)."""
    recount = Table("rb_hire_fact", MetaData(), *(Column(c.name, c.type) for c in _fact.c), prefixes=["TEMPORARY"])
    recount.drop(conn, checkfirst=True)
    recount.create(conn)
    conn.execute(recount.insert().from_select(list(COLUMNS), fact_select()))
    found = both_ways(conn, select(*recount.c), select(*_fact.c))
    recount.drop(conn)
    return found


def _on_hire(session: Any, event: Any) -> None:
    session.flush()
    refresh(session.connection(), [event.hire_id])
    from services.recruiting.hires import HireRecorded

    if isinstance(event, HireRecorded):  # a new hire: the registration points of its person (hire_sites.py)
        from services.summaries.hire_sites import link_hires

        link_hires(session.connection(), [event.hire_id])


def subscribe_handlers() -> None:
    """A hire recorded, its terms changed, cancelled: its row (services.core.events.HANDLER_PACKAGES)."""
    from services.core.events import subscribe
    from services.recruiting.hires import HireCancelled, HireRecorded, HireTermsChanged

    for kind in (HireRecorded, HireCancelled, HireTermsChanged):
        subscribe(kind, _on_hire)


subscribe_handlers()
