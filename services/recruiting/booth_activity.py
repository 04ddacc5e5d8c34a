"""Live booth activity for organizers: scans and hires per booth (employer) now and today.

Counted in SQL, one GROUP BY over booth scans and one over hires, each with conditional
counts (last hour, today) over the index on their timestamp. "The last hour" is the
60 minutes before `now` (a scan exactly one hour old no longer counts); "today" is the
county's local day (PORTAL_TIMEZONE), from its midnight.

One rule says what a scan is: looking the same person up again at the same booth within
`RESCAN_WINDOW` (5 minutes) of the scan that was counted is not another scan (`counts_as_scan`,
asked by services.recruiting.booth.open_seeker_card before it records a `BoothScan`). So every
count here, and every other reader of booth scans, sees one scan per person and visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select, true
from sqlmodel import Session

from models import ACTIVE_HIRE, BoothScan, Employer, Hire
from services.core.clock import day_start
from services.core.db import read_only

HOUR = timedelta(hours=1)
RESCAN_WINDOW = timedelta(minutes=5)  # the same person looked up again within this time is not another scan


def counts_as_scan(session: Session, *, employer_id: int, seeker_id: int, now: datetime) -> bool:
    """False when this booth (employer) counted a scan of this seeker less than RESCAN_WINDOW before `now`:
    a second look at the same person (the card opened again, the ticket held up twice) is not a new scan."""
    b = BoothScan.__table__.c
    recent = exists().where(b.employer_id == employer_id, b.seeker_id == seeker_id, b.at > now - RESCAN_WINDOW,
                            b.at <= now)
    return not session.connection().execute(select(recent)).scalar()


@dataclass(frozen=True)
class BoothRow:
    employer_id: int
    employer_name: str
    scans_last_hour: int
    hires_last_hour: int
    scans_today: int
    hires_today: int


@dataclass(frozen=True)
class BoothActivity:
    rows: list[BoothRow]
    as_of: datetime

    @property
    def totals(self) -> BoothRow:
        return BoothRow(0, "", *(sum(getattr(r, f) for r in self.rows) for f in
                                 ("scans_last_hour", "hires_last_hour", "scans_today", "hires_today")))


@read_only
def booth_activity(session: Session, *, now: datetime, fair_id: int | None = None) -> BoothActivity:
    """Per employer with a scan or a hire today or in the last hour: the four counts, busiest booth first
    (scans in the last hour, then scans today). With `fair_id`, only scans and hires recorded at that fair.
    Cancelled hires do not count."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    hour_ago, midnight = now - HOUR, day_start(now)
    since = min(hour_ago, midnight)  # just after midnight the last hour reaches into yesterday
    counts: dict[int, list[int]] = {}
    conn = session.connection()
    for slot, (table, at, counted) in enumerate(((BoothScan.__table__, BoothScan.__table__.c.at, true()),
                                                  (Hire.__table__, Hire.__table__.c.hired_at, ACTIVE_HIRE))):
        stmt = select(table.c.employer_id, func.count().filter(at > hour_ago),
                      func.count().filter(at >= midnight)).where(at >= since, at <= now, counted)
        if fair_id is not None:
            stmt = stmt.where(table.c.fair_id == fair_id)
        for employer_id, hour, today in conn.execute(stmt.group_by(table.c.employer_id)):
            row = counts.setdefault(employer_id, [0, 0, 0, 0])
            row[slot], row[slot + 2] = hour, today
    e = Employer.__table__.c
    names = {i: n for i, n in conn.execute(select(e.id, e.name).where(e.id.in_(list(counts))))} if counts else {}
    rows = [BoothRow(employer_id, names.get(employer_id, ""), scans_hour, hires_hour, scans_today, hires_today)
            for employer_id, (scans_hour, hires_hour, scans_today, hires_today) in counts.items()]
    rows.sort(key=lambda r: (-r.scans_last_hour, -r.scans_today, -r.hires_today, r.employer_name, r.employer_id))
    return BoothActivity(rows=rows, as_of=now)
