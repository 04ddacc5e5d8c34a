"""Household income read from the household status rows (docs/ROLLUPS.md "Household income"), for the county's year
and the year before; `services/households/income.py` chooses them over the reference (`income_rule.income_rows`)
once `status.income_ready`.

- **The county's year**: the counters for the figures per township (`from_status`), the rows carried to today
  for the lists (`status_rows`, and `poorest_rows` for a page of the households not lifted yet); the households
  whose row may be wrong today (`status.income_stale_ids`) are computed by `income_rows` itself.
- **The year before** (`prev=True`, `prev_rows`): the rows' `prev_*` columns, computed with the same pass. That
  year has ended, so they do not change with the days; a row is wrong for it only when computed in another year
  than today's, or on a later day (`status.prev_stale_ids`), and those households are computed by `income_rows`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, case, func, literal, select, union_all
from sqlalchemy.sql import CompoundSelect, Select, Subquery

from models import HouseholdCount, HouseholdStatus
from services.core.settings import get_settings
from services.followups.months_worked import days_between, yuan_sql
from services.households import status
from services.households.income_rule import chosen, income_of, income_rows, lifted_sql

_st = HouseholdStatus.__table__
_cnt = HouseholdCount.__table__
_ANY = 1e300  # above any income per member
SHAPE = ("id", "township", "village", "code", "poor", "computed", "declared", "members", "income")


def _stale(today: date, prev: bool = False) -> Select[Any]:
    """The ids of the rows that may be wrong today for that year, read once per statement."""
    ids: CompoundSelect = status.prev_stale_ids(today) if prev else status.income_stale_ids(today)
    stale_cte = ids.cte("prev_stale" if prev else "income_stale").prefix_with("MATERIALIZED")
    return select(stale_cte.c.household_id)


def _computed(today: date, stale: Select[Any], prev: bool = False) -> Select[Any]:
    """Those households from the base tables, in SHAPE."""
    b = income_rows(today.year - 1 if prev else today.year, today, stale)
    return select(*(b.c[c] for c in SHAPE))


def _fresh_where(stale: Select[Any], township: str | None, poor_only: bool, *more: Any) -> list[Any]:
    """Over the status rows: not stale, in the township and registered-poor filters, and `more`."""
    st = _st.c
    return ([st.household_id.not_in(stale), *more] + ([st.township == township] if township else [])
            + ([st.poor == 1] if poor_only else []))


def _prev_lifted(lifted: bool | None) -> list[Any]:
    return [] if lifted is None else [_st.c.prev_lifted == int(lifted)]


def from_status(today: date, township: str | None, poor_only: bool, prev: bool = False) -> Select[Any]:
    """Per township: the counters (every status row, household_count), less the stored share of the rows that
    may be wrong today, plus those households computed from the base tables."""
    c, st = _cnt.c, _st.c
    line = get_settings().poverty_line
    stale = _stale(today, prev)
    lifted, lifted_poor, stored_lifted = ((c.prev_lifted, c.prev_lifted_poor, st.prev_lifted) if prev
                                          else (c.lifted, c.lifted_poor, st.lifted))
    counted = (select(c.township, func.sum(c.poor if poor_only else c.households).label("n"),
                      func.sum(lifted_poor if poor_only else lifted).label("k")).group_by(c.township))
    stored = (select(st.township, (-func.count()).label("n"), (-func.sum(stored_lifted)).label("k"))
              .where(st.household_id.in_(stale)).group_by(st.township))
    rows = income_rows(today.year - 1 if prev else today.year, today, stale)
    computed = (select(rows.c.township, func.count().label("n"),
                       func.sum(case((lifted_sql(rows, line), 1), else_=0)).label("k")).group_by(rows.c.township)
                .where(*chosen(rows, None, poor_only)))
    if township:
        counted, stored = counted.where(c.township == township), stored.where(st.township == township)
        computed = computed.where(rows.c.township == township)
    if poor_only:
        stored = stored.where(st.poor == 1)
    u = union_all(counted, stored, computed).subquery("parts")
    return (select(u.c.township, func.sum(u.c.n), func.sum(u.c.k)).group_by(u.c.township)
            .having(func.sum(u.c.n) > 0).order_by(u.c.township))


def _carried(today: date) -> list[Any]:
    """A fresh status row in SHAPE, carried to `today`: each day since its `as_of` adds `rate` to `wage_days`."""
    st = _st.c
    wage_days = st.wage_days + st.rate * days_between(literal(today, Date), st.as_of)
    computed = yuan_sql(wage_days)
    return [st.household_id.label("id"), st.township, st.village, st.code, (st.poor == 1).label("poor"),
            computed.label("computed"), st.declared, st.members, income_of(computed, st.declared).label("income")]


def status_rows(today: date) -> Subquery:
    """`income_rows`' shape (SHAPE) for the county's year from the status rows: the fresh ones carried to
    `today`, the stale ones computed from the base tables."""
    stale = _stale(today)
    return union_all(select(*_carried(today)).where(_st.c.household_id.not_in(stale)),
                     _computed(today, stale)).subquery("household_income")


def poorest_rows(today: date, township: str | None, poor_only: bool, first: int) -> Subquery:
    """Enough rows for the first `first` households not lifted yet, lowest income per member first: of the fresh
    rows of households without anyone in work (`rate` 0: their income stays put), the `first` lowest by the
    stored `per_member` (one range of `ix_household_status_poorest`); of the fresh rows of households in work and
    not lifted yet, those whose stored `per_member` (their income on `as_of`: a lower bound of today's, which only
    grows) is at most the last of those (`ix_household_status_working`; all of them when there are fewer than
    `first`); the stale households computed."""
    st = _st.c
    stale = _stale(today)
    where = _fresh_where(stale, township, poor_only, st.lifted == 0)
    idle = (select(*_carried(today), st.per_member).where(st.rate == 0, *where)
            .order_by(st.per_member, st.household_id).limit(first).subquery("idle"))
    bound = select(case((func.count() < first, _ANY), else_=func.max(idle.c.per_member))).scalar_subquery()
    working = select(*_carried(today)).where(st.rate > 0, *where, st.per_member <= bound)  # an index range
    shown = [c for c in idle.c if c.name != "per_member"]
    return union_all(select(*shown), working, _computed(today, stale)).subquery("household_income")


def prev_rows(today: date, township: str | None, poor_only: bool, lifted: bool | None, first: int) -> Subquery:
    """Enough rows (SHAPE) for the first `first` households of the year before, lowest income per member first:
    of the fresh rows (their income for that year stays put), the `first` lowest by the stored `prev_per_member`
    (one range of `ix_household_status_prev` when `lifted` is chosen); the stale households computed."""
    st = _st.c
    stale = _stale(today, prev=True)
    computed = yuan_sql(st.prev_wage_days)
    where = _fresh_where(stale, township, poor_only, *_prev_lifted(lifted))
    fresh = (select(st.household_id.label("id"), st.township, st.village, st.code, (st.poor == 1).label("poor"),
                    computed.label("computed"), st.prev_declared.label("declared"), st.members,
                    income_of(computed, st.prev_declared).label("income"))
             .where(*where).order_by(st.prev_per_member, st.household_id).limit(first).subquery("fresh"))
    return union_all(select(fresh), _computed(today, stale, prev=True)).subquery("household_income")


def prev_count(today: date, township: str | None, poor_only: bool, lifted: bool | None) -> Select[Any]:
    """How many households of the year before: the fresh rows counted on their index, the stale ones computed."""
    line = get_settings().poverty_line
    stale = _stale(today, prev=True)
    where = _fresh_where(stale, township, poor_only, *_prev_lifted(lifted))
    base = income_rows(today.year - 1, today, stale)
    mine = chosen(base, township, poor_only)
    if lifted is not None:
        mine.append(lifted_sql(base, line) if lifted else ~lifted_sql(base, line))
    u = union_all(select(func.count().label("n")).where(*where).select_from(_st),
                  select(func.count().label("n")).select_from(base).where(*mine)).subquery("parts")
    return select(func.sum(u.c.n))
