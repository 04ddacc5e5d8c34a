"""The households the bureau must clear: figures per township and per site, and paged lists (all in SQL).

The rules are `rules.py`'s; a township staff member passes their township (`township=`), an organizer
None for every township. The county's local date `today` is passed in (`core.clock.local_today()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, not_, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Subquery
from sqlmodel import Session

from models import Household, HouseholdCount, HouseholdPlan, HouseholdStatus, PlanStatus, Seeker, Site
from models.household_status import NO_DUE
from services.core.db import read_only
from services.households import rules, status
from services.households.plans import is_overdue

PAGE = 50

_s = Seeker.__table__.c
_hh = Household.__table__.c
_p = HouseholdPlan.__table__.c
_site = Site.__table__.c
_st = HouseholdStatus.__table__.c
_cnt = HouseholdCount.__table__


class ListKind(StrEnum):
    NEEDS_PLAN = "needs_plan"  # every household on the list to clear
    WITHOUT_PLAN = "without_plan"  # on it, and no open plan step
    OVERDUE = "overdue"  # on it, and its open step's by-when has passed
    ZERO = "zero"  # zero-employment households


def facts(today: date) -> Subquery:
    """One row per household: the rules' flags (rules.household_flags) and its open plan step (if any)."""
    return rules.household_flags(today)


def _kind(f: Subquery, kind: ListKind, today: date) -> Any:
    needs = rules.needs_plan_of(f)
    return {ListKind.NEEDS_PLAN: needs,
            ListKind.WITHOUT_PLAN: and_(needs, f.c.plan_id.is_(None)),
            ListKind.OVERDUE: and_(needs, f.c.plan_due < today),
            ListKind.ZERO: rules.zero_employment_of(f)}[kind]


@dataclass(frozen=True)
class Figures:
    key: str  # the township, or the site's id as text ("" = no site)
    label: str
    households: int = 0
    zero: int = 0  # zero-employment
    needs_plan: int = 0
    without_plan: int = 0
    overdue: int = 0


_KINDS = (ListKind.ZERO, ListKind.NEEDS_PLAN, ListKind.WITHOUT_PLAN, ListKind.OVERDUE)
_SUMS = ("households", "zero", "needs_plan", "without_plan", "overdue")


def _fresh_kind(kind: ListKind, today: date) -> Any:
    """`_kind` over fresh `household_status` rows (their stored rule results, on the status indexes)."""
    needs = _st.needs_plan == 1
    return {ListKind.NEEDS_PLAN: needs,
            ListKind.WITHOUT_PLAN: and_(needs, _st.plan_id.is_(None)),
            ListKind.OVERDUE: and_(needs, _st.due_sort < today),  # NO_DUE: never before today
            ListKind.ZERO: _st.zero == 1}[kind]


def _sums(f: Subquery, today: date) -> list[Any]:
    return [func.count(), *(func.sum(case((_kind(f, k, today), 1), else_=0)) for k in _KINDS)]


def _fresh_sums(today: date) -> list[Any]:
    return [func.count().label(_SUMS[0]),
            *(func.sum(case((_fresh_kind(k, today), 1), else_=0)).label(n)
              for k, n in zip(_KINDS, _SUMS[1:], strict=True))]


def _grouped(conn: Connection, today: date, key: str, township: str | None) -> Subquery:
    """Per `key` (township or site_id) the five sums: the counters (household_count: every status row), less
    the stale rows' stored share, plus the stale households computed from the base tables."""
    c = _cnt.c
    needs = c.needs_plan
    counted = select(c[key].label("key"), func.sum(c.households).label(_SUMS[0]), func.sum(c.zero).label(_SUMS[1]),
                     func.sum(needs).label(_SUMS[2]),
                     func.sum(case((c.due == NO_DUE, needs), else_=0)).label(_SUMS[3]),
                     func.sum(case((c.due < today, needs), else_=0)).label(_SUMS[4])).group_by(c[key])
    stale = status.stale_ids(today)
    stored = (select(_st[key].label("key"), *(-x for x in _fresh_sums(today)))
              .where(_st.household_id.in_(stale)).group_by(_st[key]))
    f = rules.household_flags(today, stale)
    computed = (select(f.c[key].label("key"), *(x.label(n) for x, n in zip(_sums(f, today), _SUMS, strict=True)))
                .group_by(f.c[key]))
    if township:
        counted, stored = counted.where(c.township == township), stored.where(_st.township == township)
        computed = computed.where(f.c.township == township)
    u = union_all(counted, stored, computed).subquery("parts")
    return (select(u.c.key, *(func.sum(u.c[n]).label(n) for n in _SUMS)).group_by(u.c.key)
            .having(func.sum(u.c[_SUMS[0]]) > 0).subquery("grouped"))


@read_only
def township_figures(session: Session, *, today: date, township: str | None = None) -> list[Figures]:
    """Per township (one GROUP BY): households, zero-employment, needing a plan, without one, plans overdue."""
    conn = session.connection()
    if status.status_ready(conn):
        g = _grouped(conn, today, "township", township)
        stmt = select(g).order_by(g.c.key)
    else:
        f = facts(today)
        stmt = select(f.c.township, *_sums(f, today)).group_by(f.c.township).order_by(f.c.township)
        if township:
            stmt = stmt.where(f.c.township == township)
    return [Figures(t, t, *(int(v or 0) for v in rest)) for t, *rest in conn.execute(stmt)]


@read_only
def site_figures(session: Session, *, today: date, township: str | None = None) -> list[Figures]:
    """The same per site (a household's site: its members' first site), households at a site only."""
    conn = session.connection()
    if status.status_ready(conn):
        g = _grouped(conn, today, "site_id", township)
        stmt = (select(g.c.key, _site.name, *(g.c[n] for n in _SUMS))
                .select_from(g.join(Site.__table__, _site.id == g.c.key)).order_by(_site.name, _site.id))
    else:
        f = facts(today)
        stmt = (select(f.c.site_id, _site.name, *_sums(f, today))
                .select_from(f.join(Site.__table__, _site.id == f.c.site_id))
                .group_by(f.c.site_id, _site.name).order_by(_site.name, f.c.site_id))
        if township:
            stmt = stmt.where(f.c.township == township)
    return [Figures(str(sid), name, *(int(v or 0) for v in rest)) for sid, name, *rest in conn.execute(stmt)]


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    cadre_name: str
    next_step: str
    by_whom: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class HouseholdRow:
    household_id: int
    township: str
    village: str
    code: str
    head_name: str
    members: int  # registered members
    working_age: int  # of them, of working age
    poor: bool
    zero: bool  # zero-employment
    in_work: bool  # a member's hire is in work (waiting for a visit to confirm it)
    relocated: bool
    site_name: str
    plan: PlanSummary | None


def _listed(today: date, kind: ListKind, township: str | None, site_id: int | None,
            first: int) -> Subquery:
    """The list's candidates shaped as `household_flags` rows: the first `first` fresh rows in the list's order
    (by-when, nulls last — overdue steps come first since their by-when is earliest —, place, code: one range of
    ix_household_status_list) and every stale household on the list."""
    where = [status.fresh_sql(today), _fresh_kind(kind, today)]
    if township:
        where.append(_st.township == township)
    if site_id is not None:
        where.append(_st.site_id == site_id)
    fresh = (status.fresh_flags().where(*where)
             .order_by(_st.due_sort, _st.township, _st.village, _st.code, _st.household_id).limit(first)
             .subquery("fresh"))
    # materialized: the kind's conditions pushed into the flags' parts would pick other indexes (e.g. every
    # overdue open plan by (status, due_on) instead of the stale households' plans by household_id)
    sf: Any = select(rules.household_flags(today, status.stale_ids(today))).cte("stale").prefix_with("MATERIALIZED")
    stale_where = [_kind(sf, kind, today)]
    if township:
        stale_where.append(sf.c.township == township)
    if site_id is not None:
        stale_where.append(sf.c.site_id == site_id)
    return union_all(select(fresh), select(sf).where(*stale_where)).subquery("household_flags")


@read_only
def household_list(session: Session, *, today: date, kind: ListKind = ListKind.NEEDS_PLAN,
                   township: str | None = None, site_id: int | None = None, page: int = 0,
                   per_page: int = PAGE, total: int | None = None) -> tuple[list[HouseholdRow], int]:
    """One page of households (overdue plans first by by-when, then by place and code) and how many there are
    (`total`, when the caller knows it from the figures, saves the count)."""
    conn = session.connection()
    if status.status_ready(conn):
        f = _listed(today, kind, township, site_id, (page + 1) * per_page)
        where: list[Any] = []
        if total is None:  # from the figures' counters
            g = _grouped(conn, today, "township" if site_id is None else "site_id", township)
            column = {ListKind.NEEDS_PLAN: "needs_plan", ListKind.WITHOUT_PLAN: "without_plan",
                      ListKind.OVERDUE: "overdue", ListKind.ZERO: "zero"}[kind]
            picked = select(func.coalesce(func.sum(g.c[column]), 0))
            total = int(conn.execute(picked if site_id is None else picked.where(g.c.key == site_id)).scalar_one())
    else:
        f = facts(today)
        where = [_kind(f, kind, today)]
        if township:
            where.append(f.c.township == township)
        if site_id is not None:
            where.append(f.c.site_id == site_id)
        if total is None:
            total = int(conn.execute(select(func.count()).select_from(f).where(*where)).scalar_one())
    head = Seeker.__table__.alias("head")
    overdue_first = not_(and_(f.c.plan_due.is_not(None), f.c.plan_due < today))
    stmt = (select(f, head.c.name.label("head_name"), _site.name.label("site_name"),
                   _p.cadre_name, _p.next_step, _p.by_whom)
            .select_from(f.outerjoin(head, head.c.id == f.c.head_seeker_id)
                         .outerjoin(Site.__table__, _site.id == f.c.site_id)
                         .outerjoin(HouseholdPlan.__table__, _p.id == f.c.plan_id))
            .where(*where)
            .order_by(overdue_first, f.c.plan_due.is_(None), f.c.plan_due, f.c.township, f.c.village, f.c.code, f.c.id)
            .offset(page * per_page).limit(per_page))
    found = [r._mapping for r in conn.execute(stmt)]
    counts = {hid: (n, adults) for hid, n, adults in conn.execute(
        select(_s.household_id, func.count(), func.sum(case((rules.working_age_sql(today), 1), else_=0)))
        .where(_s.household_id.in_([m["id"] for m in found])).group_by(_s.household_id))} if found else {}
    out = []
    for m in found:
        plan = None if m["plan_id"] is None else PlanSummary(
            m["plan_id"], m["cadre_name"], m["next_step"], m["by_whom"], m["plan_due"],
            is_overdue(PlanStatus.OPEN, m["plan_due"], today))
        n, adults = counts.get(m["id"], (0, 0))
        out.append(HouseholdRow(m["id"], m["township"], m["village"], m["code"], m["head_name"] or "",
                                int(n or 0), int(adults or 0), bool(m["poor"]),
                                bool(m["working_age"]) and not m["in_work"], bool(m["in_work"]),
                                bool(m["relocated"]), m["site_name"] or "", plan))
    return out, total
