"""The whole dashboard, assembled from its panels.

A panel is a function `panel(conn, ctx) -> {field: value}` (ctx: the request resolved once,
see context.py) in a module of its own; PANELS lists them. The values fill the fields of
`Dashboard` of the same name; a panel's field the class does not declare lands in
`Dashboard.extra` (so a new panel is one module and one line here, and its page reads
`dashboard.extra["its_field"]` until the class names it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection, Engine

from models.base import utcnow
from services.core.clock import local_zone
from services.reporting.dashboard import hires, people, registrations, targets
from services.reporting.dashboard.context import Context, resolve
from services.reporting.dashboard.employment import employment
from services.reporting.dashboard.filters import DashboardFilter, FairInfo, FilterOptions, filter_options
from services.reporting.dashboard.hires import Hires, Openings
from services.reporting.dashboard.income import income
from services.reporting.dashboard.issues import open_issues
from services.reporting.dashboard.people import Profile
from services.reporting.dashboard.registrations import Place
from services.reporting.dashboard.retention import retention
from services.reporting.dashboard.targets import TargetProgress
from services.reporting.dashboard.training import training
from services.reporting.dashboard.tuning import run_all
from services.summaries.state import summaries_zone


class PanelFn(Protocol):
    """A panel: `panel(conn, ctx) -> {field: value}` (called with `ctx` by keyword)."""

    def __call__(self, conn: Connection, ctx: Context) -> dict[str, object]: ...


# Slowest first: they start first when the threads are few. The names are the timings' keys.
PANELS: dict[str, PanelFn] = {
    "people_today": registrations.people_today,
    "people": people.people_panel,  # the people panel and "profiles incomplete"
    "by_place": registrations.by_place,
    "per_hour_and_day": registrations.per_hour_and_day,
    "hires": hires.hires,
    "people_at_fair": registrations.people_at_fair,
    "targets": targets.targets,
    "openings": hires.openings,
    "retention": retention,
    "income": income,
    "employment": employment,
    "open_issues": open_issues,
    "training": training,
}


@dataclass
class Dashboard:
    filter: DashboardFilter
    as_of: datetime  # UTC
    today: date  # local
    people_today: int
    new_today: int
    fair: FairInfo | None  # the fair of "at this fair"
    people_at_fair: int | None
    people_total: int
    hour_day: date
    per_hour: list[tuple[int, int]]  # (local hour, registrations made)
    per_day: list[tuple[date, int]]
    by_place: list[tuple[Place, int]]
    place_days: tuple[date | None, date]  # the days by_place counts (None: from the beginning)
    profile: Profile
    year: int
    targets: list[TargetProgress]
    hires: Hires = field(default_factory=Hires)
    openings: Openings = field(default_factory=Openings)
    incomplete_profiles: int = 0  # people in the scope whose profile misses a group (completeness.py)
    extra: dict[str, object] = field(default_factory=dict)  # fields of panels this class does not name

    @property
    def returning_today(self) -> int:
        return self.people_today - self.new_today

    @property
    def incomplete_share(self) -> float | None:
        """Percent of the people in the scope with an incomplete profile (None: nobody in the scope)."""
        return 100.0 * self.incomplete_profiles / self.people_total if self.people_total else None

    @property
    def empty(self) -> bool:
        return self.people_total == 0 and self.people_today == 0


_FIELDS = {f.name for f in dataclasses.fields(Dashboard)}


def build_dashboard(engine: Engine, flt: DashboardFilter, *, now: datetime | None = None,
                    zone: ZoneInfo | None = None, options: FilterOptions | None = None,
                    parallel: bool = True, timings: dict[str, float] | None = None,
                    summaries: bool | None = None) -> Dashboard:
    """Every figure of the dashboard.

    With `parallel` the panels run at once on their own connections (see tuning.py); without
    it they share one transaction (one snapshot). `timings`, if given, receives each panel's
    seconds. `summaries`: the registration panels read the summary tables (None: when they were
    built in this zone; False: the base tables, the reference).
    """
    zone = zone or local_zone()
    now = now or utcnow()
    today = now.astimezone(zone).date()
    if summaries is None:
        with engine.connect() as conn:
            summaries = (summaries_zone(conn) or local_zone().key) == zone.key
    ctx = resolve(flt, options or filter_options(engine, today=today), now=now, zone=zone, summaries=summaries)
    jobs = [(name, partial(panel, ctx=ctx)) for name, panel in PANELS.items()]
    got: dict[str, object] = {}
    for values in run_all(engine, jobs, parallel=parallel, timings=timings).values():
        got.update(values)
    known = {k: v for k, v in got.items() if k in _FIELDS}
    return Dashboard(
        filter=ctx.flt, as_of=now, today=today, fair=ctx.fair, hour_day=ctx.last, place_days=ctx.place_days,
        year=today.year, **known, extra={k: v for k, v in got.items() if k not in _FIELDS},  # type: ignore[arg-type]
    )
