"""The targets panel: the year's figures against the organizers' targets.

The year of today's local date, for the county or the chosen township. The registrations
figure is people whose first registration falls in that year (new registrations; someone
registered last year and returning counted last year), of the township's people (home
township) when a township is chosen. "People employed" are distinct people with a hire
whose `hired_at` falls in that year; "people transferred out" those of them hired into
work outside the county's city (scope "province" or "out"); both of the township's people
(home township) when a township is chosen. A person hired twice in the year counts once.
"People trained" are distinct people who completed a course (not cancelled) in that year
(services/training/figures.py), of the township's people when a township is chosen.
0 is a real figure (nobody hired yet). With the summaries read (`Context.summaries`), the county's
registrations are the year's "created" counters (summarized.py), a township's its own (`summary_profile`, dim
"created": moved with the person's home township), not a count of the seeker table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from models import Target, TargetMetric
from models.hire_fact import HireFact
from models.vacancy import Scope
from services.reporting.dashboard.buckets import in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import count_seekers, seeker_table
from services.reporting.dashboard.hires import hires_from
from services.reporting.dashboard.summarized import created_between, township_created_between
from services.reporting.targets import METRICS
from services.training.figures import trained_people

TRANSFER_SCOPES = (Scope.PROVINCE, Scope.OUT)  # work outside the county's city

_hire = HireFact.__table__
_seeker = seeker_table


@dataclass(frozen=True)
class TargetProgress:
    metric: str
    count: int
    target: int | None  # None: no target set

    @property
    def percent(self) -> float | None:
        if not self.target:  # no target, or a target of 0: no percentage
            return None
        return 100.0 * (self.count or 0) / self.target


def targets(conn: Connection, ctx: Context) -> dict[str, object]:
    township, year_span = ctx.flt.township, ctx.year_span
    created = _seeker.c.created_at
    if township is None and ctx.summaries:  # the county: the year's "created" counters (365 rows)
        registered = created_between(conn, date(ctx.today.year, 1, 1), date(ctx.today.year, 12, 31))
    elif township is None:  # all seekers minus those outside the year (the smaller ranges)
        registered = count_seekers(conn, None) - count_seekers(conn, None, created < year_span[0]) \
            - count_seekers(conn, None, created >= year_span[1])
    elif ctx.summaries:  # the township's own people: its "created" counters of the year (summaries/profiles.py)
        registered = township_created_between(conn, township, date(ctx.today.year, 1, 1),
                                              date(ctx.today.year, 12, 31))
    else:  # the township's own people
        registered = count_seekers(conn, township, *in_span(created, year_span))
    return {"targets": _targets(conn, ctx.today.year, township, registered, year_span)}


def _targets(conn: Connection, year: int, township: str | None, registered: int,
             year_span: tuple[datetime, datetime]) -> list[TargetProgress]:
    t = Target.__table__.c
    rows = dict(conn.execute(select(t.metric, t.value).where(t.year == year, t.township == (township or ""))).all())
    h = _hire.c
    hired = func.count(h.seeker_id.distinct())
    moved = func.count(case((h.scope.in_(TRANSFER_SCOPES), h.seeker_id)).distinct())
    stmt = hires_from(select(hired, moved)).where(*in_span(h.hired_at, year_span))
    if township is not None:
        stmt = stmt.where(h.township == township)
    employed, transferred = conn.execute(stmt).one()
    counts: dict[str, int] = {TargetMetric.REGISTRATIONS: registered, TargetMetric.EMPLOYED: employed,
              TargetMetric.TRANSFERRED_OUT: transferred, TargetMetric.TRAINED: trained_people(conn, year, township)}
    return [TargetProgress(m, counts[m], rows.get(m)) for m in METRICS]
