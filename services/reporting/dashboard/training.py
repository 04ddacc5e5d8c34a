"""The training panel: people trained this year against the `trained` target, with the registered-poor
share and the split by course kind — "4,866 trained, 2,602 of them registered poor, 20% of the target of
24,260".

The year of today's local date; the county, or with a township chosen that township's people (where they
live, as the targets count: meaning.py HOME). A fair or a registration point chosen: the county's figure
(targets are set per township). What "trained" counts: services/training/figures.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from models import Target, TargetMetric
from services.reporting.dashboard.context import Context
from services.training.figures import Trained, trained


@dataclass(frozen=True)
class TrainingProgress:
    year: int
    township: str | None  # None: the county
    trained: Trained
    target: int | None  # None: no target set

    @property
    def percent(self) -> float | None:
        return 100.0 * self.trained.people / self.target if self.target else None


def training(conn: Connection, ctx: Context) -> dict[str, object]:
    year, township = ctx.today.year, ctx.flt.township
    t = Target.__table__.c
    target = conn.execute(select(t.value).where(t.year == year, t.township == (township or ""),
                                                t.metric == TargetMetric.TRAINED)).scalar_one_or_none()
    return {"training": TrainingProgress(year, township, trained(conn, year, township), target)}
