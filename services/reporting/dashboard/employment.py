"""People employed and transferred out against the year's targets, with a drill-down
county → township → site → household.

* **People employed**: distinct people with a hire in work today (`followups.employment.in_work_sql`:
  the hire counts, has started, and its latest visit, if any, says working or changed job; read over the
  hires' stored facts, `in_work_fact_sql`, docs/ROLLUPS.md "Hire facts").
* **People transferred out**: those of them with such a hire outside the county's city (scope
  `province` or `out`, `targets.TRANSFER_SCOPES`: the same meaning as the targets' "transferred
  out").
* Where: the person's home township (`seeker.township`); site: the relocation site or point where
  they first registered (`seeker.first_site_id`; none: people who did not first register at a site);
  household: `seeker.household_id` (none: not in a household). Each person is in exactly one row of
  each level, so a level's rows add up to the level above.
* Targets: the organizers' targets for the year of today (township "" = the county; targets.py).
  Sites and households have no targets.

The dashboard's fair and dates do not narrow these: the count is people in work today, against a
place's targets for the year. A chosen township opens the drill-down at that township.
The panel gives the county and its townships; `by_site` and `by_household` (read when a
township or site is chosen) the deeper levels. One GROUP BY per level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models import Household, Site, Target, TargetMetric
from services.core.db import read_only
from services.followups.employment import in_work_fact_sql
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import seeker_table
from services.reporting.dashboard.scope import fact_table
from services.reporting.dashboard.targets import TRANSFER_SCOPES

MAX_HOUSEHOLDS = 500  # rows the household level lists (most people in work first)
OTHERS = "others"  # the key of the row of the households not listed

_h = fact_table.c
_s = seeker_table.c


@dataclass(frozen=True)
class Level:
    """One row of a level: a place's people in work and transferred out, with its targets."""

    key: Any  # township name, site id, household id (None: none)
    name: str  # the site's name; the household's code; "" for a township (the page labels it)
    employed: int
    transferred: int
    employed_target: int | None = None
    transferred_target: int | None = None
    detail: str = ""  # a household's village

    @staticmethod
    def percent(count: int, target: int | None) -> float | None:
        return 100.0 * count / target if target else None

    @property
    def employed_percent(self) -> float | None:
        return self.percent(self.employed, self.employed_target)

    @property
    def transferred_percent(self) -> float | None:
        return self.percent(self.transferred, self.transferred_target)


@dataclass
class Employment:
    year: int = 0
    county: Level = field(default_factory=lambda: Level(None, "", 0, 0))
    townships: list[Level] = field(default_factory=list)  # most employed first


def _grouped(conn: Connection, today: date, key: Any, *where: Any) -> list[tuple[Any, int, int]]:
    """People in work (and transferred out) per `key`: a column of the facts, or of the seeker (then joined)."""
    people = func.count(_h.seeker_id.distinct())
    moved = func.count(case((_h.scope.in_(TRANSFER_SCOPES), _h.seeker_id)).distinct())
    source = fact_table if key.table is fact_table else fact_table.join(seeker_table, _s.id == _h.seeker_id)
    stmt = (select(key, people, moved).select_from(source).where(in_work_fact_sql(today), *where)
            .group_by(key))
    return [(k, int(n), int(m)) for k, n, m in conn.execute(stmt)]


def _targets(conn: Connection, year: int) -> dict[tuple[str, str], int]:
    t = Target.__table__.c
    return {(w, m): v for w, m, v in conn.execute(select(t.township, t.metric, t.value).where(t.year == year))}


def employment(conn: Connection, ctx: Context) -> dict[str, object]:
    year = ctx.today.year
    targets = _targets(conn, year)
    rows = _grouped(conn, ctx.today, _h.township)
    found = {t for t, _n, _m in rows}
    rows += [(t, 0, 0) for t, _m in targets if t and t not in found]  # a township with targets, nobody in work

    def level(key: str, name: str, n: int, m: int) -> Level:
        return Level(key, name, n, m, targets.get((key, TargetMetric.EMPLOYED)),
                     targets.get((key, TargetMetric.TRANSFERRED_OUT)))

    townships = sorted((level(t, "", n, m) for t, n, m in rows), key=lambda r: (-r.employed, r.key))
    county = level("", "", sum(r.employed for r in townships), sum(r.transferred for r in townships))
    return {"employment": Employment(year=year, county=county, townships=townships)}


@read_only
def by_site(session: Session, *, township: str, today: date) -> list[Level]:
    """The township's people in work per site where they first registered (None: no site)."""
    conn = session.connection()
    rows = _grouped(conn, today, _s.first_site_id, _h.township == township)
    st = Site.__table__.c
    ids = [k for k, _n, _m in rows if k is not None]
    names = dict(conn.execute(select(st.id, st.name).where(st.id.in_(ids))).all()) if ids else {}
    return sorted((Level(k, names.get(k, ""), n, m) for k, n, m in rows),
                  key=lambda r: (r.key is None, -r.employed, r.name))


@read_only
def by_household(session: Session, *, township: str, site_id: int | None, today: date) -> tuple[list[Level], int]:
    """The households of the township's people in work who first registered at `site_id` (None: at no site),
    with their members in work, most first; at most MAX_HOUSEHOLDS of them, then one row (key OTHERS, detail:
    how many) for the rest; the last row (key None) is the people in no household. Returns (rows, how many
    households have members in work)."""
    conn = session.connection()
    site = _s.first_site_id.is_(None) if site_id is None else _s.first_site_id == site_id
    rows = _grouped(conn, today, _s.household_id, _h.township == township, site)
    alone = [r for r in rows if r[0] is None]
    homes = sorted((r for r in rows if r[0] is not None), key=lambda r: (-r[1], r[0]))
    hh = Household.__table__.c
    ids = [k for k, _n, _m in homes[:MAX_HOUSEHOLDS]]
    info = {i: (code, village) for i, code, village in conn.execute(
        select(hh.id, hh.code, hh.village).where(hh.id.in_(ids)))} if ids else {}
    listed = [Level(k, info.get(k, ("", ""))[0], n, m, detail=info.get(k, ("", ""))[1])
              for k, n, m in homes[:MAX_HOUSEHOLDS]]
    rest = homes[MAX_HOUSEHOLDS:]
    if rest:
        listed.append(Level(OTHERS, "", sum(r[1] for r in rest), sum(r[2] for r in rest), detail=str(len(rest))))
    return listed + [Level(None, "", n, m) for _k, n, m in alone], len(homes)
