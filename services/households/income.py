"""The households page's income against the poverty line: figures per township and a page of households
(the rule: services/households/income_rule.py).

The county's year and the year before read the household status rows once they are in use
(`status.income_ready`; services/households/income_status.py, docs/ROLLUPS.md "Household income"); another
year, or another poverty line than the rows', reads the base tables (`income_rows`, the reference).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, not_, select
from sqlalchemy.sql import Subquery
from sqlmodel import Session

from models import Household, Seeker
from services.core.db import read_only
from services.core.settings import get_settings
from services.households import income_status, status
from services.households.income_rule import Income, chosen, income_rows, lifted_sql

PAGE = 50

_s = Seeker.__table__.c
_hh = Household.__table__.c


@dataclass(frozen=True)
class TownshipIncome:
    township: str
    households: int
    lifted: int

    @property
    def not_yet(self) -> int:
        return self.households - self.lifted


def _from_rows(conn: Any, year: int, today: date) -> bool | None:
    """Read the status rows for `year`: True (the county's year), False (the year before), None (the base tables)."""
    if year not in (today.year, today.year - 1) or not status.income_ready(conn):
        return None
    return year == today.year


@read_only
def income_figures(session: Session, *, year: int, today: date, township: str | None = None,
                   poor_only: bool = False) -> list[TownshipIncome]:
    """Households lifted / not yet per township (one GROUP BY): the status rows' counters for the county's year
    and the year before (`income_status.from_status`), the base tables for another."""
    conn = session.connection()
    this_year = _from_rows(conn, year, today)
    if this_year is not None:
        stmt = income_status.from_status(today, township, poor_only, prev=not this_year)
    else:
        rows = income_rows(year, today)
        lifted = func.sum(case((lifted_sql(rows, get_settings().poverty_line), 1), else_=0))
        stmt = select(rows.c.township, func.count(), lifted).group_by(rows.c.township).order_by(rows.c.township)
        stmt = stmt.where(*chosen(rows, township, poor_only))
    return [TownshipIncome(t, int(n), int(k or 0)) for t, n, k in conn.execute(stmt)]


@dataclass(frozen=True)
class HouseholdIncome:
    household_id: int
    township: str
    village: str
    code: str
    head_name: str
    poor: bool
    income: Income


@read_only
def income_list(session: Session, *, year: int, today: date, township: str | None = None, lifted: bool | None = None,
                poor_only: bool = False, page: int = 0, per_page: int = PAGE,
                total: int | None = None) -> tuple[list[HouseholdIncome], int]:
    """One page of households with their income (lowest income per member first) and how many there are
    (`total`: the caller knows it from `income_figures`). The county's year and the year before read the
    status rows once they are in use; another year, the base tables."""
    conn = session.connection()
    this_year = _from_rows(conn, year, today)
    line = get_settings().poverty_line
    first = (page + 1) * per_page

    def where(rows: Subquery) -> list[Any]:
        reached = lifted_sql(rows, line)
        return chosen(rows, township, poor_only) + ([] if lifted is None else [reached if lifted else not_(reached)])

    if this_year is False:
        if total is None:
            total = conn.execute(income_status.prev_count(today, township, poor_only, lifted)).scalar_one() or 0
        rows = income_status.prev_rows(today, township, poor_only, lifted, first)
    else:
        if total is None:
            rows = income_status.status_rows(today) if this_year else income_rows(year, today)
            total = conn.execute(select(func.count()).select_from(rows).where(*where(rows))).scalar_one()
        if this_year:
            rows = (income_status.poorest_rows(today, township, poor_only, first) if lifted is False
                    else income_status.status_rows(today))
        else:
            rows = income_rows(year, today)
    shown = (select(rows).where(*where(rows)).order_by(rows.c.income * 1.0 / rows.c.members, rows.c.id)
             .offset(page * per_page).limit(per_page).subquery("shown"))
    stmt = (select(shown, _s.name)  # the heads' names for this page only
            .select_from(shown.join(Household.__table__, _hh.id == shown.c.id)
                         .outerjoin(Seeker.__table__, _s.id == _hh.head_seeker_id))
            .order_by(shown.c.income * 1.0 / shown.c.members, shown.c.id))
    out = []
    for r in conn.execute(stmt):
        m = r._mapping
        out.append(HouseholdIncome(m["id"], m["township"], m["village"], m["code"], m["name"] or "", bool(m["poor"]),
                                   Income(int(m["computed"]), m["declared"], int(m["members"]), int(m["income"]),
                                          line)))
    return out, total
