"""Demo targets for this year: people employed and transferred out, for the county and each township,
so the dashboard's drill-down shows count / target / percent. A target already set is kept.

Each township's target is about 1.4 times its people hired so far (rounded up to tens, at least 10):
the demo county is about 70% of the way there; the county's is the sum of its townships'.
"""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models import ACTIVE_HIRE, Hire, Seeker, TargetMetric
from services.places.county import County
from services.reporting.dashboard.targets import TRANSFER_SCOPES
from services.reporting.targets import COUNTY, get_targets, save_targets

SHARE_DONE = 0.7


def _target(people: int) -> int:
    return max(10, math.ceil(people / SHARE_DONE / 10) * 10)


def ensure_targets(engine: Engine, county: County, today: date) -> int:
    """Set the missing targets of today's year; returns how many were set."""
    h, s = Hire.__table__.c, Seeker.__table__.c
    hired = func.count(h.seeker_id.distinct())
    moved = func.count(h.seeker_id.distinct()).filter(h.scope.in_(TRANSFER_SCOPES))
    with engine.connect() as conn:
        rows = {t: (n, m) for t, n, m in conn.execute(
            select(s.township, hired, moved).select_from(Hire.__table__.join(Seeker.__table__, s.id == h.seeker_id))
            .where(ACTIVE_HIRE).group_by(s.township))}
    existing = get_targets(engine, today.year)
    cells: dict[tuple[str, str], object] = {}
    totals = {TargetMetric.EMPLOYED: 0, TargetMetric.TRANSFERRED_OUT: 0}
    for township in county.townships:
        employed, moved_out = rows.get(township.name, (0, 0))
        for metric, people in ((TargetMetric.EMPLOYED, employed), (TargetMetric.TRANSFERRED_OUT, moved_out)):
            value = existing.get((township.name, metric), _target(people))
            totals[metric] += value
            if (township.name, metric) not in existing:
                cells[(township.name, metric)] = value
    for metric, total in totals.items():
        if (COUNTY, metric) not in existing:
            cells[(COUNTY, metric)] = total
    return save_targets(engine, today.year, cells, county=county, actor="demo") if cells else 0
