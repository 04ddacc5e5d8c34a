"""The zone the summaries' days were decided in (`summary_state`, key "zone").

The rebuild writes it; the dashboard reads the summaries only when its own zone is this one (a county
that changes PORTAL_TIMEZONE runs `rebuild-summaries`; until then the dashboard counts the base tables).
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from models import SummaryState

ZONE_KEY = "zone"
_state = SummaryState.__table__


def summaries_zone(conn: Connection) -> str | None:
    """The zone of the summaries (None: not recorded, e.g. tables emptied: the writers' zone, the county's)."""
    return conn.execute(select(_state.c.value).where(_state.c.key == ZONE_KEY)).scalar()


def set_summaries_zone(conn: Connection, zone: str) -> None:
    conn.execute(delete(_state).where(_state.c.key == ZONE_KEY))
    conn.execute(insert(_state).values(key=ZONE_KEY, value=zone))
