"""The households' status rows filled from scratch, refreshed where the days made them stale, and verified
(docs/ROLLUPS.md "Household status"): used by migration 0029, `rebuild-summaries [--verify]` and the daily
`refresh-households`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from time import perf_counter
from typing import Any

from sqlalchemy import Column, MetaData, Table, delete, func, insert, or_, select
from sqlalchemy.engine import Connection

from models import HouseholdCount, HouseholdStatus, HouseholdStatusReady
from services.core.clock import local_today
from services.core.db import columns_present
from services.core.errors import Message
from services.core.i18n import N_
from services.core.settings import get_settings
from services.households.status import fresh_sql, income_stale_ids
from services.summaries.compare import both_ways
from services.summaries.households import COLUMNS, counted, refresh_households, status_select

TABLE = "household_status"
FLAGS = ("household_id", "township", "village", "code", "site_id", "working_age", "in_work", "confirmed",
         "relocated", "zero", "needs_plan", "plan_id", "plan_due", "poor", "members", "declared",
         "lifted", "prev_declared", "prev_wage_days", "prev_lifted")  # what a reader takes from a fresh row

_st = HouseholdStatus.__table__
_ready = HouseholdStatusReady.__table__


def rebuild_status(conn: Connection, *, today: date | None = None,
                   progress: Callable[[Message], None] = lambda _line: None) -> None:
    """Every household's row, as of the county's date; then the readers use them (household_status_ready)."""
    t0 = perf_counter()
    today = today or local_today()
    refresh_households(conn, None, today)
    conn.execute(delete(_ready))
    line = ({"poverty_line": get_settings().poverty_line} if columns_present(conn, _ready.name, ("poverty_line",))
            else {})
    conn.execute(insert(_ready).values(filled_on=today, **line))
    n = conn.execute(select(func.count()).select_from(_st)).scalar_one()
    progress((N_("{table}: {n} households ({seconds} s)"), {"table": TABLE, "n": f"{n:,}",
                                                           "seconds": f"{perf_counter() - t0:.1f}"}))


def refresh_stale(conn: Connection, *, today: date | None = None) -> int:
    """Recompute the rows the passing of days made stale (run daily: keeps the readers' base-table part small)."""
    today = today or local_today()
    ids = [hid for (hid,) in conn.execute(income_stale_ids(today))]
    refresh_households(conn, ids, today)
    return len(ids)


def verify_status(conn: Connection, *, today: date | None = None) -> tuple[tuple[int, int], list[tuple], list[tuple]]:
    """Recount as of today and compare with the stored rows a reader would trust (fresh ones); a household
    without a row counts as missing. Returns ((missing, unexpected), sample missing, sample unexpected)."""
    today = today or local_today()
    recount = Table("rb_household_status", MetaData(), *(Column(c, _st.c[c].type) for c in COLUMNS),
                    prefixes=["TEMPORARY"])
    recount.drop(conn, checkfirst=True)
    recount.create(conn)
    conn.execute(insert(recount).from_select(list(COLUMNS), status_select(today)))
    stale = income_stale_ids(today)
    mine = select(*(recount.c[c] for c in FLAGS)).where(recount.c.household_id.not_in(stale))
    theirs: Any = select(*(_st.c[c] for c in FLAGS)).where(fresh_sql(today), _st.c.household_id.not_in(stale))
    counts, *found = both_ways(conn, mine, theirs)
    recount.drop(conn)
    # the counters against the stored rows (a counter at 0 is the same as none)
    cnt = HouseholdCount.__table__
    mine_c = counted(1).order_by(None)
    theirs_c: Any = select(*cnt.c).where(or_(cnt.c.households != 0, cnt.c.zero != 0, cnt.c.needs_plan != 0))
    (more, fewer), missing, unexpected = both_ways(conn, mine_c, theirs_c)
    return (counts[0] + more, counts[1] + fewer), found[0] + missing, found[1] + unexpected
