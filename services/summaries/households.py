"""The households' status rows (models/household_status.py), kept in the transaction of every write that
changes a household's facts (docs/ROLLUPS.md "Household status").

Writers call one of three functions with their connection, after their rows are written:
`refresh_households(conn, ids)` (household ids), `refresh_for_seekers(conn, seeker_ids)` (the households
those people are in — call it before and after moving someone to another household), `refresh_for_hires`.
Each recomputes those households' rows from the base tables with the rules' own SQL
(`households.rules.household_flags`), as of the county's date, and replaces them with an upsert
(INSERT … SELECT … ON CONFLICT DO UPDATE), in id order, so concurrent writers lock rows in one order.
`refresh_households(conn, None)` recomputes all
(migration 0029, `rebuild-summaries`, the daily `refresh-households` of stale rows).

Callers: imports/households.py (households created, members linked or moved), households/plans.py (a step
opened or closed), followups/visits.py (a visit recorded), and the hire events (recorded, terms changed,
cancelled) subscribed here. Pages never call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Date, Float, case, cast, delete, func, insert, literal, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select
from sqlmodel import Session

from models import ACTIVE_HIRE, Hire, HouseholdCount, HouseholdStatus, Seeker
from models.household_status import NO_DUE
from services.core.clock import local_today
from services.core.db import columns_present
from services.core.events import subscribe
from services.core.settings import get_settings
from services.households import rules
from services.households.income_rule import income_rows, lifted_next_sql, lifted_sql

CHUNK = 500
COLUMNS = ("household_id", "township", "village", "code", "site_id", "working_age", "in_work", "confirmed",
           "relocated", "zero", "needs_plan", "plan_id", "plan_due", "due_sort", "as_of", "young_next", "old_next",
           "start_next", "poor", "members", "declared", "wage_days", "rate", "lifted", "lifted_next", "per_member",
           "prev_declared", "prev_wage_days", "prev_lifted", "prev_per_member")

_s = Seeker.__table__.c
_h = Hire.__table__.c
_st = HouseholdStatus.__table__
_cnt = HouseholdCount.__table__
COUNTERS = ("township", "site_id", "due", "households", "zero", "needs_plan", "poor", "lifted", "lifted_poor",
            "prev_lifted", "prev_lifted_poor")


def status_select(today: date, ids: Any = None, columns: tuple[str, ...] = COLUMNS) -> Select[Any]:
    """The status rows of households `ids` (None: all) as of `today`, in `columns`' order (a migration before the
    last fills fewer)."""
    def only(column: Any) -> list[Any]:
        return [] if ids is None else [column.in_(ids)]

    f = rules.household_flags(today, ids)
    after, latest = rules.working_age_births(today)
    births = (select(_s.household_id.label("hid"),
                     func.min(case((_s.birth_date > latest, _s.birth_date))).label("young_next"),
                     func.min(case((_s.birth_date > after, _s.birth_date))).label("old_next"))
              .where(_s.household_id.is_not(None), *only(_s.household_id)).group_by(_s.household_id)
              .subquery("births"))
    starts = (select(_s.household_id.label("hid"), func.min(_h.start_date).label("start_next"))
              .select_from(Hire.__table__.join(Seeker.__table__, _s.id == _h.seeker_id))
              .where(_s.household_id.is_not(None), ACTIVE_HIRE, _h.start_date > today, *only(_s.household_id))
              .group_by(_s.household_id).subquery("starts"))
    line = get_settings().poverty_line
    inc = income_rows(today.year, today, ids, with_prev=True)
    exprs: dict[str, Any] = {
        "household_id": f.c.id, "township": f.c.township, "village": f.c.village, "code": f.c.code,
        "site_id": f.c.site_id, "working_age": f.c.working_age, "in_work": f.c.in_work, "confirmed": f.c.confirmed,
        "relocated": f.c.relocated, "zero": case((rules.zero_employment_of(f), 1), else_=0),
        "needs_plan": case((rules.needs_plan_of(f), 1), else_=0), "plan_id": f.c.plan_id, "plan_due": f.c.plan_due,
        "due_sort": func.coalesce(f.c.plan_due, literal(NO_DUE, Date)), "as_of": literal(today, Date),
        "young_next": births.c.young_next, "old_next": births.c.old_next, "start_next": starts.c.start_next,
        "poor": case((inc.c.poor, 1), else_=0), "members": inc.c.members, "declared": inc.c.declared,
        "wage_days": inc.c.wage_days, "rate": inc.c.rate, "lifted": case((lifted_sql(inc, line), 1), else_=0),
        "lifted_next": lifted_next_sql(inc, today.year, today, line),
        "per_member": cast(inc.c.income, Float) / inc.c.members,
        "prev_declared": inc.c.prev_declared, "prev_wage_days": inc.c.prev_wage_days,
        "prev_lifted": case((lifted_sql(inc, line, "prev_income"), 1), else_=0),
        "prev_per_member": cast(inc.c.prev_income, Float) / inc.c.members}
    return (select(*(exprs[c] for c in columns))
            .select_from(f.outerjoin(births, births.c.hid == f.c.id).outerjoin(starts, starts.c.hid == f.c.id)
                         .join(inc, inc.c.id == f.c.id)))


def counted(sign: int, *where: Any, counters: tuple[str, ...] = COUNTERS) -> Select[Any]:
    """The counters' share of these status rows (`sign` −1: taking them away), in the counters' key order, in
    `counters`' order (a migration before the last has fewer)."""
    st = _st.c
    keys = (st.township, func.coalesce(st.site_id, 0), st.due_sort)
    sums = {"households": func.count(), "zero": func.sum(st.zero), "needs_plan": func.sum(st.needs_plan),
            "poor": func.sum(st.poor), "lifted": func.sum(st.lifted), "lifted_poor": func.sum(st.lifted * st.poor),
            "prev_lifted": func.sum(st.prev_lifted), "prev_lifted_poor": func.sum(st.prev_lifted * st.poor)}
    return (select(*keys, *(literal(sign) * sums[c] for c in counters[3:]))
            .where(true(), *where).group_by(*keys).order_by(*keys))


def _bump(conn: Connection, sign: int, *where: Any) -> None:
    upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = upsert(_cnt).from_select(list(COUNTERS), counted(sign, *where))
    conn.execute(stmt.on_conflict_do_update(index_elements=list(COUNTERS[:3]), set_={
        c: _cnt.c[c] + stmt.excluded[c] for c in COUNTERS[3:]}))


def refresh_households(conn: Connection, ids: Iterable[int | None] | None, today: date | None = None) -> None:
    """Recompute the status rows of these households (None: every household), and move the counters."""
    today = today or local_today()
    if ids is None:
        conn.execute(delete(_st))
        conn.execute(delete(_cnt))
        columns, counters = columns_present(conn, _st.name, COLUMNS), columns_present(conn, _cnt.name, COUNTERS)
        # include_defaults=False: the models' defaults name columns an earlier revision may not have
        rows, counts = status_select(today, None, columns), counted(1, counters=counters)
        conn.execute(insert(_st).from_select(list(columns), rows, include_defaults=False))
        conn.execute(insert(_cnt).from_select(list(counters), counts, include_defaults=False))
        return
    wanted = sorted({i for i in ids if i is not None})
    upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        # PostgreSQL: a second writer of these households waits here, then reads the first one's rows (each
        # statement sees what committed before it), so its −old share is the row the first one wrote
        conn.execute(select(_st.c.household_id).where(_st.c.household_id.in_(chunk))
                     .order_by(_st.c.household_id).with_for_update())
        _bump(conn, -1, _st.c.household_id.in_(chunk))
        stmt = upsert(_st).from_select(list(COLUMNS), status_select(today, chunk).where(true()))
        conn.execute(stmt.on_conflict_do_update(index_elements=["household_id"],
                                                set_={c: stmt.excluded[c] for c in COLUMNS[1:]}))
        _bump(conn, 1, _st.c.household_id.in_(chunk))


def households_of_seekers(conn: Connection, seeker_ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(seeker_ids))
    found: set[int] = set()
    for start in range(0, len(wanted), CHUNK):
        found.update(hid for (hid,) in conn.execute(
            select(_s.household_id).where(_s.id.in_(wanted[start:start + CHUNK]), _s.household_id.is_not(None))))
    return found


def refresh_for_seekers(conn: Connection, seeker_ids: Iterable[int]) -> None:
    refresh_households(conn, households_of_seekers(conn, seeker_ids))


def refresh_for_hires(conn: Connection, hire_ids: Iterable[int]) -> None:
    wanted = sorted(set(hire_ids))
    seekers = [sid for (sid,) in conn.execute(select(_h.seeker_id).where(_h.id.in_(wanted)))] if wanted else []
    refresh_for_seekers(conn, seekers)


def _on_hire(session: Session, event: Any) -> None:
    session.flush()
    refresh_for_hires(session.connection(), [event.hire_id])


def subscribe_handlers() -> None:
    from services.recruiting.hires import HireCancelled, HireRecorded, HireTermsChanged

    for kind in (HireRecorded, HireCancelled, HireTermsChanged):
        subscribe(kind, _on_hire)


subscribe_handlers()
