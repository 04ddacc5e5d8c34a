"""Scheduling follow-up visits from the hires: the recruiting domain's events, handled in the hire's transaction.

- `HireRecorded`: the hire gets one visit per configured month (`due.planned_visits` of its start date).
  Inserted with ON CONFLICT DO NOTHING on the partial unique index `ux_follow_up_hire_month`, so a
  second scheduling of the same hire (an event handled twice, two processes, the demo re-run) never
  adds a second k-month visit, on SQLite and PostgreSQL alike.
- `HireTermsChanged` (hired again with new terms): the visits still scheduled move with the new start
  date; visits done stay as they were (a month missing from the schedule is added).
- `HireCancelled`: the hire's visits still scheduled are cancelled with the hire's who, when and why;
  visits done stay as they were.

The handlers are subscribed when `services.followups` is imported; `services.core.events` imports
that package before it handles the first event, so every process that records hires has them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models import FollowUp, Hire, VisitStatus
from models.base import utcnow
from services.core.events import subscribe
from services.followups.due import Schedule, planned_visits, visit_dates
from services.recruiting.hires import HireCancelled, HireRecorded, HireTermsChanged

_f = FollowUp.__table__.c


def visit_rows(hire_id: int, seeker_id: int, employer_id: int, start: date,
               schedule: Schedule | None = None) -> list[dict[str, Any]]:
    """The `follow_up` rows a hire starting on `start` gets (one per scheduled month)."""
    now = utcnow()
    return [dict(hire_id=hire_id, seeker_id=seeker_id, employer_id=employer_id, month=v.month, due_date=v.due_date,
                 window_opens=v.window_opens, window_closes=v.window_closes, status=VisitStatus.SCHEDULED,
                 new_employer="", note="", cancel_reason="", created_at=now)
            for v in planned_visits(start, schedule)]


def insert_visits(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert scheduled visits; a (hire, month) already there is left as it is (race-safe)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(FollowUp.__table__).on_conflict_do_nothing(
        index_elements=["hire_id", "month"], index_where=text("month IS NOT NULL"))
    conn.execute(stmt, rows)


def schedule_visits(session: Session, hire: Hire) -> list[FollowUp]:
    """Schedule the hire's visits (idempotent); its scheduled k-month visits, in order. None for a cancelled hire."""
    if hire.cancelled_at is not None:
        return []
    assert hire.id is not None
    schedule = Schedule.from_settings()
    insert_visits(session.connection(), visit_rows(hire.id, hire.seeker_id, hire.employer_id, hire.start_date,
                                                   schedule))
    return list(session.scalars(select(FollowUp).where(_f.hire_id == hire.id, _f.month.in_(schedule.months))
                                .order_by(_f.month)))


def schedule_hires(conn: Connection, hires: Iterable[tuple[int, int, int, date]]) -> int:
    """Schedule many hires at once — (hire id, seeker id, employer id, start date) — (the demo, bulk loads);
    the same rows as `schedule_visits`. Returns the number of rows offered."""
    schedule = Schedule.from_settings()
    rows = [r for h in hires for r in visit_rows(*h, schedule=schedule)]
    for i in range(0, len(rows), 2000):
        insert_visits(conn, rows[i:i + 2000])
    return len(rows)


def reschedule_visits(session: Session, hire: Hire) -> None:
    """Move the hire's visits still scheduled to its (new) start date; add any month missing."""
    assert hire.id is not None
    schedule = Schedule.from_settings()
    open_visits = session.scalars(select(FollowUp).where(
        _f.hire_id == hire.id, _f.status == VisitStatus.SCHEDULED, _f.month.is_not(None)).with_for_update())
    for visit in open_visits:
        assert visit.month is not None
        new = visit_dates(hire.start_date, visit.month, schedule)
        visit.due_date, visit.window_opens, visit.window_closes = new.due_date, new.window_opens, new.window_closes
        session.add(visit)
    session.flush()
    schedule_visits(session, hire)


def cancel_visits(session: Session, hire: Hire) -> int:
    """Cancel the hire's visits still scheduled, with the hire's who, when and why; returns how many."""
    visits = list(session.scalars(select(FollowUp).where(
        _f.hire_id == hire.id, _f.status == VisitStatus.SCHEDULED).with_for_update()))
    for visit in visits:
        visit.status, visit.cancelled_at = VisitStatus.CANCELLED, hire.cancelled_at or utcnow()
        visit.cancelled_by, visit.cancel_reason = hire.cancelled_by, hire.cancel_reason[:500]
        session.add(visit)
    session.flush()
    return len(visits)


# --- the event handlers -------------------------------------------------------------------------------


def on_hire_recorded(session: Session, event: HireRecorded) -> None:
    hire = session.get(Hire, event.hire_id)
    if hire is not None:
        schedule_visits(session, hire)


def on_hire_terms_changed(session: Session, event: HireTermsChanged) -> None:
    hire = session.get(Hire, event.hire_id)
    if hire is not None and hire.cancelled_at is None and event.old_start != event.new_start:
        reschedule_visits(session, hire)


def on_hire_cancelled(session: Session, event: HireCancelled) -> None:
    hire = session.get(Hire, event.hire_id)
    if hire is not None:
        cancel_visits(session, hire)


def subscribe_handlers() -> None:
    subscribe(HireRecorded, on_hire_recorded)
    subscribe(HireTermsChanged, on_hire_terms_changed)
    subscribe(HireCancelled, on_hire_cancelled)
