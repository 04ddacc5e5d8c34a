"""What the dashboard is filtered by: the filter object, the fairs and sites it offers, and the
check-in conditions a place filter means.

The filters choose check-ins: where (a fair; a registration point; or a township, meaning
the fairs held and the sites located there) and when (a range of local dates). Without
any filter the scope is every registered seeker; with one it is the people with at least
one matching check-in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, false, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement

from models import CheckIn, Fair, Site
from services.core.clock import local_today
from services.places.fair_status import is_running

_checkin = CheckIn.__table__


@dataclass(frozen=True)
class DashboardFilter:
    fair_id: int | None = None
    site_id: int | None = None
    township: str | None = None  # check-ins at the fairs and sites of this township
    start: date | None = None  # local dates, both included
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def placed(self) -> bool:
        return self.fair_id is not None or self.site_id is not None or self.township is not None

    @property
    def by_checkin(self) -> bool:
        """True when the scope is "people with a matching check-in" rather than every seeker."""
        return self.placed or self.dated

    def ordered(self) -> DashboardFilter:
        """The same filter with its dates in order (a reversed range means the same days)."""
        if self.start is not None and self.end is not None and self.start > self.end:
            return DashboardFilter(self.fair_id, self.site_id, self.township, self.end, self.start)
        return self


@dataclass(frozen=True)
class FairInfo:
    id: int
    code: str
    name: str
    starts_on: date | None
    ends_on: date | None
    status: str
    township: str


@dataclass(frozen=True)
class SiteInfo:
    id: int
    code: str
    name: str
    township: str
    active: bool


@dataclass(frozen=True)
class FilterOptions:
    fairs: list[FairInfo]
    sites: list[SiteInfo]
    running_fair_id: int | None


def running_fair(fairs: Iterable[FairInfo], today: date) -> FairInfo | None:
    """The fair held today (not closed, today within its dates); the latest to start if several."""
    now_on = [f for f in fairs if is_running(f, today)]
    return max(now_on, key=lambda f: (f.starts_on, f.id), default=None)


def filter_options(engine: Engine, *, today: date | None = None) -> FilterOptions:
    """The fairs and sites the filters offer (newest fair first), and the fair running today."""
    today = today or local_today()
    f, st = Fair.__table__.c, Site.__table__.c
    with engine.connect() as conn:
        fairs = [FairInfo(*r) for r in conn.execute(
            select(f.id, f.code, f.name, f.starts_on, f.ends_on, f.status, f.township)
            .order_by(f.starts_on.desc(), f.id.desc()))]
        sites = [SiteInfo(*r) for r in conn.execute(
            select(st.id, st.code, st.name, st.township, st.active).order_by(st.township, st.id))]
    running = running_fair(fairs, today)
    return FilterOptions(fairs=fairs, sites=sites, running_fair_id=running.id if running else None)


def place_conditions(flt: DashboardFilter, options: FilterOptions, table: Table | None = None,
                     ) -> list[ColumnElement[bool]]:
    """Check-ins at the chosen fair, site, and township (its fairs and sites); all must hold.
    `table`: another table with `fair_id` and `site_id` columns (the summaries: 0 for none)."""
    c = (_checkin if table is None else table).c
    conds: list[ColumnElement[bool]] = []
    if flt.fair_id is not None:
        conds.append(c.fair_id == flt.fair_id)
    if flt.site_id is not None:
        conds.append(c.site_id == flt.site_id)
    if flt.township is not None:
        fairs = [f.id for f in options.fairs if f.township == flt.township]
        sites = [s.id for s in options.sites if s.township == flt.township]
        conds.append(or_(c.fair_id.in_(fairs), c.site_id.in_(sites)) if fairs or sites else false())
    return conds
